#include "dns/endpoint.hpp"

#include <netdb.h>
#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>

namespace authlens::cli::net {

namespace {

std::optional<std::uint16_t> parse_port(std::string_view s) {
  unsigned v = 0;
  if (s.empty() || s.size() > 5) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v == 0 || v > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(v);
}

}  // namespace

result<endpoint> parse_endpoint(std::string_view s, std::uint16_t default_port) {
  std::string host;
  std::uint16_t port = default_port;
  auto bad = [&](const char* why) {
    return error{"cli.endpoint.invalid", "'" + std::string(s) + "' is not an IP address with an optional port: " + why};
  };
  if (!s.empty() && s.front() == '[') {
    auto close = s.find(']');
    if (close == std::string_view::npos) return bad("missing ']'");
    host = std::string(s.substr(1, close - 1));
    std::string_view rest = s.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad("junk after ']'");
      auto p = parse_port(rest.substr(1));
      if (!p) return bad("bad port");
      port = *p;
    }
  } else if (std::count(s.begin(), s.end(), ':') == 1) {  // IPv4:port
    auto colon = s.find(':');
    host = std::string(s.substr(0, colon));
    auto p = parse_port(s.substr(colon + 1));
    if (!p) return bad("bad port");
    port = *p;
  } else {
    host = std::string(s);  // IPv4 or bare IPv6
  }
  if (host.empty()) return bad("empty address");
  addrinfo hints{};
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* res = nullptr;
  std::string port_text = std::to_string(port);
  if (getaddrinfo(host.c_str(), port_text.c_str(), &hints, &res) != 0 || !res) return bad("not a numeric address");
  endpoint e;
  std::memcpy(&e.addr, res->ai_addr, res->ai_addrlen);
  e.len = static_cast<socklen_t>(res->ai_addrlen);
  freeaddrinfo(res);
  e.text = e.family() == AF_INET6 ? "[" + host + "]:" + port_text : host + ":" + port_text;
  return e;
}

std::vector<endpoint> parse_resolv_conf(std::string_view text) {
  std::vector<endpoint> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (auto c = line.find_first_of("#;"); c != std::string_view::npos) line = line.substr(0, c);
    auto word = [&line]() {
      std::size_t b = line.find_first_not_of(" \t\r");
      if (b == std::string_view::npos) return std::string_view{};
      std::size_t e = line.find_first_of(" \t\r", b);
      if (e == std::string_view::npos) e = line.size();
      std::string_view w = line.substr(b, e - b);
      line = line.substr(e);
      return w;
    };
    if (word() != "nameserver") continue;
    std::string_view addr = word();
    // resolv.conf addresses carry no port; a bracket-less IPv6 literal is taken whole.
    if (addr.empty() || addr.find(':') != std::string_view::npos) {
      if (addr.empty()) continue;
      auto e = parse_endpoint("[" + std::string(addr) + "]", 53);
      if (e) out.push_back(std::move(e.value()));
      continue;
    }
    auto e = parse_endpoint(addr, 53);
    if (e) out.push_back(std::move(e.value()));
  }
  return out;
}

std::vector<endpoint> system_servers() {
  std::ifstream f("/etc/resolv.conf");
  std::string text;
  if (f) text.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  auto servers = parse_resolv_conf(text);
  if (servers.empty()) {
    auto e = parse_endpoint("127.0.0.1", 53);
    if (e) servers.push_back(std::move(e.value()));
  }
  return servers;
}

std::uint16_t random_u16() {
  std::uint16_t v = 0;
  unsigned char* p = reinterpret_cast<unsigned char*>(&v);
  std::size_t got = 0;
  while (got < sizeof v) {
    ssize_t n = getrandom(p + got, sizeof v - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;  // no kernel CSPRNG (cannot happen on Linux >= 3.17); fall back below
    }
    got += static_cast<std::size_t>(n);
  }
  if (got < sizeof v) {
    std::random_device rd;  // NOLINT: fallback only
    v = static_cast<std::uint16_t>(rd());
  }
  return v;
}

int ms_until(clock::time_point deadline) {
  auto now = clock::now();
  if (deadline <= now) return 0;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
  return static_cast<int>(std::min<long long>(ms, 24 * 3600 * 1000LL));
}

}  // namespace authlens::cli::net
