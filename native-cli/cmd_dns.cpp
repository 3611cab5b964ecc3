// `authlens dns NAME [TYPE] [--json]`: asks one question through the chosen DNS source and shows
// the answer (status, TTL, records, CNAME chain, AD bit) and the rounds it took.
// Exit: 0 NOERROR with data · 1 NXDOMAIN or NODATA · 3 SERVFAIL or TIMEOUT · 2 bad usage.
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "json_out.hpp"
#include "args.hpp"
#include "commands.hpp"
#include "dns_source.hpp"
#include "i18n/catalog.hpp"

namespace authlens::cli {
namespace {

constexpr const char* usage_line = "dns NAME [TYPE] [--json]   ask one DNS question (TYPE: A AAAA MX TXT PTR CNAME NS SOA SPF)";

// Presentation form of one character-string (RFC 1035 §5.1): quoted, `"` and `\` escaped,
// bytes outside printable ASCII as \DDD.
std::string quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7F) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\%03u", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

bool valid_name(const std::string& n) {
  std::string s = dns::normalize_name(n);
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = s.find('.', start);
    std::size_t len = (dot == std::string::npos ? s.size() : dot) - start;
    if (len == 0 || len > 63) return false;
    if (dot == std::string::npos) return true;
    start = dot + 1;
  }
}

int run(const std::vector<std::string>& argv) {
  args a;
  if (!a.parse(argv, dns_value_options, {"--json"})) {
    std::cerr << "authlens dns: " << a.error() << "\nusage: authlens " << usage_line << "\n";
    return exit_usage;
  }
  const auto& pos = a.positional();
  if (pos.empty() || pos.size() > 2) {
    std::cerr << "usage: authlens " << usage_line << "\n";
    return exit_usage;
  }
  if (!valid_name(pos[0])) {
    std::cerr << "authlens dns: '" << pos[0] << "' is not a valid domain name\n";
    return exit_usage;
  }
  dns::rr_type type = dns::rr_type::a;
  if (pos.size() == 2) {
    auto t = dns::rr_type_from_string(pos[1]);
    if (!t) {
      std::cerr << "authlens dns: unknown record type '" << pos[1] << "'\n";
      return exit_usage;
    }
    type = *t;
  }
  auto src = make_dns_source(a);
  if (!src) {
    std::cerr << "authlens dns: " << src.err().message << "\n";
    return exit_usage;
  }
  const dns::question q = dns::make_question(pos[0], type);
  dns::cache cache;
  auto stats = dns::drive(
      cache, [&q](dns::lookup_context& ctx) { ctx.get(q.name, q.type); }, src->resolve);
  if (auto w = src->finish(cache); !w) {
    std::cerr << "authlens dns: " << w.err().message << "\n";
    return exit_usage;
  }
  const dns::answer* ans = cache.find(q);
  dns::answer missing{q, dns::status::timeout};
  if (!ans) ans = &missing;

  if (a.has("--json")) {
    dns::cache one;
    one.add(*ans);
    auto doc = nlohmann::ordered_json::parse(dns::to_snapshot_json(one), nullptr, false);
    if (doc.is_discarded() || !doc.contains("answers") || doc["answers"].empty()) {
      std::cerr << "authlens dns: internal error serialising the answer\n";
      return exit_tempfail;
    }
    std::cout << json_text(doc["answers"][0], 2) << "\n";
  } else {
    std::cout << q.name << " " << dns::to_string(q.type) << ": " << (ans->nodata() ? "NODATA" : std::string(dns::to_string(ans->st)));
    if (ans->st == dns::status::noerror && !ans->nodata()) std::cout << ", TTL " << ans->ttl;
    std::cout << "\n";
    for (const auto& rec : ans->txt) {
      std::cout << " ";
      for (const auto& s : rec) std::cout << " " << quote(s);
      std::cout << "\n";
    }
    for (const auto& r : ans->records) std::cout << "  " << r << "\n";
    if (!ans->cname_chain.empty()) {
      std::cout << i18n::text("cli.dnsq.cname") << q.name;
      for (const auto& n : ans->cname_chain) std::cout << " -> " << n;
      std::cout << "\n";
    }
    std::cout << "AD: " << i18n::text(ans->authenticated ? "cli.yes" : "cli.no") << "\n";
    std::cout << i18n::text("cli.dnsq.rounds", {{"rounds", stats.rounds}, {"questions", stats.questions}}) << "\n";
  }
  switch (ans->st) {
    case dns::status::noerror: return ans->nodata() ? exit_fail : exit_pass;
    case dns::status::nxdomain: return exit_fail;
    case dns::status::servfail:
    case dns::status::timeout: return exit_tempfail;
  }
  return exit_tempfail;
}

const register_command reg{"dns", &run, usage_line};

}  // namespace
}  // namespace authlens::cli
