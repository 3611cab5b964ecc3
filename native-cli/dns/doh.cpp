#include "dns/doh.hpp"

#include <mbedtls/aes.h>
#include <mbedtls/aesni.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "authlens/base64.hpp"
#include "authlens/strings.hpp"
#include "dns/endpoint.hpp"
#include "dns/reply.hpp"

namespace authlens::cli::net {

// --- URL -----------------------------------------------------------------------------------------

result<doh_url> parse_doh_url(std::string_view url) {
  auto bad = [&](const char* why) { return error{"cli.doh.url", "bad DoH URL '" + std::string(url) + "': " + why}; };
  doh_url u;
  std::string_view rest;
  if (str::iequals(url.substr(0, 8), "https://")) {
    u.tls = true;
    rest = url.substr(8);
  } else if (str::iequals(url.substr(0, 7), "http://")) {
    u.tls = false;
    rest = url.substr(7);
  } else {
    return bad("the scheme must be https:// (or http:// for a local test server)");
  }
  std::size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{"/"} : rest.substr(slash);
  if (auto hash = path.find('#'); hash != std::string_view::npos) path = path.substr(0, hash);
  if (authority.find('@') != std::string_view::npos) return bad("user info is not supported");
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return bad("missing ']'");
    u.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("junk after ']'");
      port = after.substr(1);
    }
  } else {
    auto colon = authority.find(':');
    u.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (u.host.empty()) return bad("no host");
  for (char c : u.host)
    if (static_cast<unsigned char>(c) <= ' ' || c == '/' || c == '\\') return bad("bad host");
  if (!port.empty()) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
    if (ec != std::errc{} || p != port.data() + port.size() || v == 0 || v > 65535) return bad("bad port");
    u.port = std::to_string(v);
  } else {
    u.port = u.tls ? "443" : "80";
  }
  if (path.empty() || path.front() != '/') path = "/";
  for (char c : path)
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7F) return bad("bad character in path");
  u.path = std::string(path);
  return u;
}

// --- connections -----------------------------------------------------------------------------------

namespace {

enum class io { ok, eof, timeout, failed };

struct tls_shared {
  mbedtls_x509_crt ca;
  tls_shared() { mbedtls_x509_crt_init(&ca); }
  ~tls_shared() { mbedtls_x509_crt_free(&ca); }
  tls_shared(const tls_shared&) = delete;
  tls_shared& operator=(const tls_shared&) = delete;
};

int bio_send(void* ctx, const unsigned char* buf, size_t len) {
  int fd = *static_cast<int*>(ctx);
  ssize_t n = ::send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
  if (n >= 0) return static_cast<int>(n);
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return MBEDTLS_ERR_SSL_WANT_WRITE;
  return MBEDTLS_ERR_NET_SEND_FAILED;
}

int bio_recv(void* ctx, unsigned char* buf, size_t len) {
  int fd = *static_cast<int*>(ctx);
  ssize_t n = ::recv(fd, buf, len, MSG_DONTWAIT);
  if (n >= 0) return static_cast<int>(n);
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return MBEDTLS_ERR_SSL_WANT_READ;
  return MBEDTLS_ERR_NET_RECV_FAILED;
}

bool wait_fd(int fd, short events, clock::time_point deadline) {
  for (;;) {
    int ms = ms_until(deadline);
    if (ms == 0) return false;
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, ms);
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

class connection {
 public:
  connection() {
    mbedtls_ssl_init(&ssl_);
    mbedtls_ssl_config_init(&conf_);
    mbedtls_ctr_drbg_init(&drbg_);
    mbedtls_entropy_init(&entropy_);
  }
  ~connection() {
    if (tls_ && handshaken_) mbedtls_ssl_close_notify(&ssl_);
    mbedtls_ssl_free(&ssl_);
    mbedtls_ssl_config_free(&conf_);
    mbedtls_ctr_drbg_free(&drbg_);
    mbedtls_entropy_free(&entropy_);
    if (fd_ >= 0) ::close(fd_);
  }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  /// Connects (and handshakes) before the deadline; an error message on failure.
  std::optional<std::string> open(const doh_url& u, tls_shared* tls, clock::time_point deadline) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
    addrinfo* res = nullptr;
    if (int rc = getaddrinfo(u.host.c_str(), u.port.c_str(), &hints, &res); rc != 0 || !res)
      return "cannot resolve " + u.host + ": " + gai_strerror(rc);
    std::string why = "cannot connect to " + u.host;
    for (addrinfo* ai = res; ai && fd_ < 0; ai = ai->ai_next) {
      int fd = ::socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) continue;
      int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
      if (rc != 0 && errno == EINPROGRESS && wait_fd(fd, POLLOUT, deadline)) {
        int err = 0;
        socklen_t len = sizeof err;
        rc = (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) ? 0 : -1;
        if (err) why = "cannot connect to " + u.host + ": " + std::strerror(err);
      }
      if (rc == 0) {
        fd_ = fd;
      } else {
        ::close(fd);
      }
    }
    freeaddrinfo(res);
    if (fd_ < 0) return why;
    if (!u.tls) return std::nullopt;
    tls_ = true;
    static const char* alpn[] = {"http/1.1", nullptr};
    static const unsigned char pers[] = "authlens-doh";
    if (mbedtls_ctr_drbg_seed(&drbg_, mbedtls_entropy_func, &entropy_, pers, sizeof pers - 1) != 0 ||
        mbedtls_ssl_config_defaults(&conf_, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                    MBEDTLS_SSL_PRESET_DEFAULT) != 0)
      return std::string("TLS set-up failed");
    mbedtls_ssl_conf_authmode(&conf_, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&conf_, &tls->ca, nullptr);
    mbedtls_ssl_conf_rng(&conf_, mbedtls_ctr_drbg_random, &drbg_);
    mbedtls_ssl_conf_min_version(&conf_, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);  // TLS 1.2+
    mbedtls_ssl_conf_alpn_protocols(&conf_, alpn);
    if (mbedtls_ssl_setup(&ssl_, &conf_) != 0 || mbedtls_ssl_set_hostname(&ssl_, u.host.c_str()) != 0)
      return std::string("TLS set-up failed");
    mbedtls_ssl_set_bio(&ssl_, &fd_, bio_send, bio_recv, nullptr);
    for (;;) {
      int rc = mbedtls_ssl_handshake(&ssl_);
      if (rc == 0) break;
      if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) {
        if (!wait_fd(fd_, rc == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN : POLLOUT, deadline))
          return "TLS handshake with " + u.host + " timed out";
        continue;
      }
      std::string msg = "TLS handshake with " + u.host + " failed";
      if (std::uint32_t flags = mbedtls_ssl_get_verify_result(&ssl_); flags != 0 && flags != std::uint32_t(-1)) {
        char info[512];
        if (mbedtls_x509_crt_verify_info(info, sizeof info, "", flags) > 0) msg += ": certificate: " + std::string(info);
      } else {
        char err[200];
        mbedtls_strerror(rc, err, sizeof err);
        msg += std::string(": ") + err;
      }
      while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
      return msg;
    }
    handshaken_ = true;
    return std::nullopt;
  }

  io write_all(std::string_view data, clock::time_point deadline) {
    std::size_t done = 0;
    while (done < data.size()) {
      int n;
      const auto* p = reinterpret_cast<const unsigned char*>(data.data() + done);
      if (tls_) {
        n = mbedtls_ssl_write(&ssl_, p, data.size() - done);
        if (n == MBEDTLS_ERR_SSL_WANT_READ || n == MBEDTLS_ERR_SSL_WANT_WRITE) {
          if (!wait_fd(fd_, n == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN : POLLOUT, deadline)) return io::timeout;
          continue;
        }
      } else {
        n = bio_send(&fd_, p, data.size() - done);
        if (n == MBEDTLS_ERR_SSL_WANT_WRITE) {
          if (!wait_fd(fd_, POLLOUT, deadline)) return io::timeout;
          continue;
        }
      }
      if (n <= 0) return io::failed;
      done += static_cast<std::size_t>(n);
    }
    return io::ok;
  }

  /// Appends what arrives (at least one byte) to `buf`.
  io read_some(std::string& buf, clock::time_point deadline) {
    unsigned char tmp[16384];
    for (;;) {
      int n;
      if (tls_) {
        n = mbedtls_ssl_read(&ssl_, tmp, sizeof tmp);
        if (n == MBEDTLS_ERR_SSL_WANT_READ || n == MBEDTLS_ERR_SSL_WANT_WRITE) {
          if (!wait_fd(fd_, n == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN : POLLOUT, deadline)) return io::timeout;
          continue;
        }
        if (n == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || n == 0) return io::eof;
      } else {
        n = bio_recv(&fd_, tmp, sizeof tmp);
        if (n == MBEDTLS_ERR_SSL_WANT_READ) {
          if (!wait_fd(fd_, POLLIN, deadline)) return io::timeout;
          continue;
        }
        if (n == 0) return io::eof;
      }
      if (n < 0) return io::failed;
      buf.append(reinterpret_cast<const char*>(tmp), static_cast<std::size_t>(n));
      return io::ok;
    }
  }

  std::string pending;  ///< bytes read past the end of the last response
  int requests = 0;

 private:
  int fd_ = -1;
  bool tls_ = false, handshaken_ = false;
  mbedtls_ssl_context ssl_;
  mbedtls_ssl_config conf_;
  mbedtls_ctr_drbg_context drbg_;
  mbedtls_entropy_context entropy_;
};

struct http_response {
  int status = 0;
  std::string content_type;
  std::string body;
  bool keep_alive = true;
};

enum class outcome { ok, timeout, failed, protocol };

struct exchange_result {
  outcome how = outcome::failed;
  http_response resp;
  std::string why;
};

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// Reads one HTTP/1.1 response (RFC 9112): status line, header fields, then a body delimited by
// Content-Length, by chunked coding, or by the connection closing. Everything bounded.
exchange_result read_response(connection& c, const doh_options& opt, clock::time_point deadline) {
  exchange_result r;
  std::string& buf = c.pending;
  auto fill = [&]() -> std::optional<exchange_result> {
    io got = c.read_some(buf, deadline);
    if (got == io::ok) return std::nullopt;
    exchange_result e;
    e.how = got == io::timeout ? outcome::timeout : outcome::failed;
    e.why = got == io::timeout ? "no response in time" : got == io::eof ? "connection closed" : "read failed";
    return e;
  };
  auto protocol = [](std::string why) {
    exchange_result e;
    e.how = outcome::protocol;
    e.why = std::move(why);
    return e;
  };
  std::size_t end;
  while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
    if (buf.size() > opt.max_headers) return protocol("response header larger than " + std::to_string(opt.max_headers));
    if (auto e = fill()) return *e;
  }
  if (end > opt.max_headers) return protocol("response header too large");
  std::string head = buf.substr(0, end);
  buf.erase(0, end + 4);
  std::size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  if (status_line.size() < 12 || status_line.compare(0, 7, "HTTP/1.") != 0 || status_line[8] != ' ')
    return protocol("not an HTTP/1.x response");
  auto [sp, sec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, r.resp.status);
  if (sec != std::errc{} || sp != status_line.data() + 12) return protocol("bad HTTP status line");
  if (status_line[7] == '0') r.resp.keep_alive = false;
  std::optional<std::size_t> length;
  bool chunked = false;
  std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    std::size_t e = head.find("\r\n", pos);
    if (e == std::string::npos) e = head.size();
    std::string_view line(head.data() + pos, e - pos);
    pos = e + 2;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name = str::lower(line.substr(0, colon));
    std::string value = trim(line.substr(colon + 1));
    if (name == "content-length") {
      std::size_t v = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc{} || p != value.data() + value.size() || (length && *length != v))
        return protocol("bad Content-Length");
      length = v;
    } else if (name == "transfer-encoding") {
      if (str::lower(value) != "chunked") return protocol("unsupported Transfer-Encoding " + value);
      chunked = true;
    } else if (name == "content-type") {
      r.resp.content_type = str::lower(value);
    } else if (name == "connection") {
      std::string v = str::lower(value);
      if (v.find("close") != std::string::npos) r.resp.keep_alive = false;
      if (v.find("keep-alive") != std::string::npos) r.resp.keep_alive = true;
    }
  }
  std::string& body = r.resp.body;
  if (chunked) {
    for (;;) {
      std::size_t le;
      while ((le = buf.find("\r\n")) == std::string::npos) {
        if (buf.size() > 1024) return protocol("chunk header too long");
        if (auto e = fill()) return *e;
      }
      std::string size_text = buf.substr(0, le);
      if (auto semi = size_text.find(';'); semi != std::string::npos) size_text.resize(semi);
      size_text = trim(size_text);
      std::size_t size = 0;
      auto [p, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
      if (size_text.empty() || ec != std::errc{} || p != size_text.data() + size_text.size())
        return protocol("bad chunk size");
      buf.erase(0, le + 2);
      if (size == 0) {  // trailer fields, then an empty line
        for (;;) {
          while ((le = buf.find("\r\n")) == std::string::npos) {
            if (buf.size() > opt.max_headers) return protocol("trailer too long");
            if (auto e = fill()) return *e;
          }
          bool empty = le == 0;
          buf.erase(0, le + 2);
          if (empty) break;
        }
        break;
      }
      if (size > opt.max_body || body.size() + size > opt.max_body)
        return protocol("response body larger than " + std::to_string(opt.max_body) + " bytes");
      while (buf.size() < size + 2)
        if (auto e = fill()) return *e;
      if (buf.compare(size, 2, "\r\n") != 0) return protocol("bad chunk framing");
      body.append(buf, 0, size);
      buf.erase(0, size + 2);
    }
  } else if (length) {
    if (*length > opt.max_body) return protocol("response body larger than " + std::to_string(opt.max_body) + " bytes");
    while (buf.size() < *length)
      if (auto e = fill()) return *e;
    body = buf.substr(0, *length);
    buf.erase(0, *length);
  } else {  // delimited by close
    r.resp.keep_alive = false;
    for (;;) {
      if (buf.size() > opt.max_body) return protocol("response body too large");
      io got = c.read_some(buf, deadline);
      if (got == io::eof) break;
      if (got == io::timeout) return exchange_result{outcome::timeout, {}, "no response in time"};
      if (got == io::failed) return exchange_result{outcome::failed, {}, "read failed"};
    }
    body = std::move(buf);
    buf.clear();
  }
  r.how = outcome::ok;
  return r;
}

}  // namespace

// --- the client ----------------------------------------------------------------------------------

struct doh_client::impl {
  doh_options opt;
  std::unique_ptr<tls_shared> tls;
  std::mutex mu;
  std::vector<std::unique_ptr<connection>> idle;

  std::unique_ptr<connection> take() {
    std::lock_guard<std::mutex> lock(mu);
    if (idle.empty()) return nullptr;
    auto c = std::move(idle.back());
    idle.pop_back();
    return c;
  }
  void give_back(std::unique_ptr<connection> c) {
    std::lock_guard<std::mutex> lock(mu);
    if (idle.size() < opt.connections) idle.push_back(std::move(c));
  }

  std::string request_for(const dns::question& q) const {
    auto query = dns::build_query(q, 0);  // RFC 8484 §4.1: id 0, for HTTP caches
    std::string target = opt.url.path;
    target += target.find('?') == std::string::npos ? "?dns=" : "&dns=";
    target += base64::encode_url(query);
    std::string host = opt.url.host.find(':') != std::string::npos ? "[" + opt.url.host + "]" : opt.url.host;
    if (opt.url.port != (opt.url.tls ? "443" : "80")) host += ":" + opt.url.port;
    return "GET " + target + " HTTP/1.1\r\nhost: " + host +
           "\r\naccept: application/dns-message\r\nuser-agent: authlens/0.1\r\n\r\n";
  }

  dns::answer ask(const dns::question& q) {
    bool bad = false;
    const std::string request = request_for(q);
    for (int attempt = 0; attempt < opt.tries; ++attempt) {
      auto deadline = clock::now() + std::chrono::milliseconds(opt.timeout_ms);
      // A kept-alive connection the server has closed meanwhile fails at once: then try a fresh
      // one within the same attempt.
      for (int fresh = 0; fresh < 2; ++fresh) {
        std::unique_ptr<connection> c = fresh == 0 ? take() : nullptr;
        bool reused = c != nullptr;
        if (!c) {
          c = std::make_unique<connection>();
          if (auto why = c->open(opt.url, tls.get(), deadline)) {
            if (why->rfind("TLS", 0) == 0 && why->find("timed out") == std::string::npos) bad = true;
            last_error(*why);
            break;  // next attempt
          }
        }
        io w = c->write_all(request, deadline);
        exchange_result r;
        if (w == io::ok) {
          r = read_response(*c, opt, deadline);
        } else {
          r.how = w == io::timeout ? outcome::timeout : outcome::failed;
        }
        if (r.how == outcome::failed && reused && c->pending.empty()) continue;  // stale keep-alive
        if (r.how != outcome::ok) {
          if (r.how == outcome::protocol || r.how == outcome::failed) bad = true;
          last_error(r.why);
          break;
        }
        ++c->requests;
        const http_response& resp = r.resp;
        bool type_ok = resp.content_type.rfind("application/dns-message", 0) == 0;
        if (resp.keep_alive && c->requests < 100) give_back(std::move(c));
        if (resp.status != 200 || !type_ok) {
          bad = true;
          last_error(resp.status != 200 ? "HTTP status " + std::to_string(resp.status)
                                        : "content type '" + resp.content_type + "'");
          break;
        }
        auto bytes = std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(resp.body.data()),
                                                   resp.body.size());
        auto checked = check_reply(bytes, q, 0, opt.max_body);
        if (checked.kind == reply_kind::ok) return std::move(checked.ans);
        bad = true;
        last_error(checked.kind == reply_kind::truncated ? "truncated DoH response"
                   : checked.kind == reply_kind::malformed ? checked.why
                                                           : "response to another question");
        break;
      }
    }
    dns::answer a;
    a.q = q;
    a.st = bad ? dns::status::servfail : dns::status::timeout;
    return a;
  }

  // Why requests failed, each reason reported once on standard error (the CLI's diagnostics;
  // the answers themselves only carry SERVFAIL / TIMEOUT).
  std::mutex err_mu;
  std::set<std::string> reported;
  void last_error(const std::string& why) {
    if (why.empty()) return;
    std::lock_guard<std::mutex> lock(err_mu);
    if (reported.size() < 16 && reported.insert(why).second)
      std::fprintf(stderr, "authlens: DoH %s: %s\n", opt.url.host.c_str(), why.c_str());
  }
};

doh_client::doh_client(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
doh_client::~doh_client() = default;

result<std::shared_ptr<doh_client>> doh_client::create(doh_options opt) {
  auto p = std::make_unique<impl>();
  if (opt.connections == 0) opt.connections = 1;
  if (opt.tries < 1) opt.tries = 1;
  if (opt.url.tls) {
    if (opt.ca_file.empty()) {
      const char* env = std::getenv("AUTHLENS_CA_FILE");
      opt.ca_file = env && *env ? env : "/etc/ssl/certs/ca-certificates.crt";
    }
    // Mbed TLS fills some tables lazily on first use (cipher suite list, curve list, AES-NI
    // detection); fill them here, before worker threads can race to do it.
    (void)mbedtls_ssl_list_ciphersuites();
    (void)mbedtls_ecp_curve_list();
    {  // AES tables (generated on first key set-up unless built with ROM tables)
      mbedtls_aes_context aes;
      mbedtls_aes_init(&aes);
      const unsigned char key[32] = {};
      (void)mbedtls_aes_setkey_enc(&aes, key, 256);
      mbedtls_aes_free(&aes);
    }
#if defined(MBEDTLS_AESNI_C) && defined(MBEDTLS_HAVE_X86_64)
    (void)mbedtls_aesni_has_support(MBEDTLS_AESNI_AES);
#endif
    p->tls = std::make_unique<tls_shared>();
    if (mbedtls_x509_crt_parse_file(&p->tls->ca, opt.ca_file.c_str()) < 0 || p->tls->ca.version == 0)
      return error{"cli.doh.ca", "cannot read CA certificates from " + opt.ca_file};
  }
  p->opt = std::move(opt);
  return std::shared_ptr<doh_client>(new doh_client(std::move(p)));
}

std::vector<dns::answer> doh_client::resolve(std::span<const dns::question> questions) {
  std::vector<dns::answer> out(questions.size());
  std::atomic<std::size_t> next{0};
  auto work = [&]() {
    for (std::size_t i; (i = next.fetch_add(1)) < questions.size();) out[i] = impl_->ask(questions[i]);
  };
  std::size_t n = std::min(impl_->opt.connections, questions.size());
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < n; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  return out;
}


// --- a single GET (the MTA-STS policy fetch of `authlens domain`), same connection code ---------------

result<http_get_response> http_get(std::string_view url, int timeout_ms, std::size_t max_body, std::string ca_file) {
  auto u = parse_doh_url(url);
  if (!u) return error{"cli.http.url", "bad URL '" + std::string(url) + "'"};
  std::unique_ptr<tls_shared> tls;
  if (u->tls) {
    if (ca_file.empty()) {
      const char* env = std::getenv("AUTHLENS_CA_FILE");
      ca_file = env && *env ? env : "/etc/ssl/certs/ca-certificates.crt";
    }
    tls = std::make_unique<tls_shared>();
    if (mbedtls_x509_crt_parse_file(&tls->ca, ca_file.c_str()) < 0 || tls->ca.version == 0)
      return error{"cli.http.ca", "cannot read CA certificates from " + ca_file};
  }
  doh_options limits;
  limits.url = *u;
  limits.max_body = max_body;
  auto deadline = clock::now() + std::chrono::milliseconds(timeout_ms);
  connection c;
  if (auto why = c.open(*u, tls.get(), deadline)) return error{"cli.http.connect", *why};
  std::string host = u->host.find(':') != std::string::npos ? "[" + u->host + "]" : u->host;
  if (u->port != (u->tls ? "443" : "80")) host += ":" + u->port;
  const std::string request = "GET " + u->path + " HTTP/1.1\r\nhost: " + host +
                              "\r\naccept: text/plain\r\nuser-agent: authlens/0.1\r\nconnection: close\r\n\r\n";
  if (io w = c.write_all(request, deadline); w != io::ok)
    return error{w == io::timeout ? "cli.http.timeout" : "cli.http.connect", "sending the request failed"};
  exchange_result r = read_response(c, limits, deadline);
  if (r.how == outcome::timeout) return error{"cli.http.timeout", "no response in time"};
  if (r.how != outcome::ok) return error{"cli.http.protocol", r.why.empty() ? "bad response" : r.why};
  return http_get_response{r.resp.status, r.resp.content_type, std::move(r.resp.body)};
}

}  // namespace authlens::cli::net
