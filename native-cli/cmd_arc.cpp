// `authlens arc verify|seal` (RFC 8617), over the common DNS sources.
//   arc verify FILE [--now UNIXTIME] [--json]
//     validates the ARC chain; --json prints the report's `arc` object (authlens/report.hpp)
//     exit 0 cv=pass · 1 cv=fail or none · 3 a key lookup failed temporarily · 2 bad usage or unreadable input
//   arc seal --key PEM --domain D --selector S --authserv-id ID --results "spf=pass …" [--algorithm A]
//            [--headers a:b:c] [--now UNIXTIME] FILE
//     validates the existing chain (for cv=), then prints the message with the new ARC set prepended
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "json_out.hpp"
#include "args.hpp"
#include "authlens/arc.hpp"
#include "authlens/message.hpp"
#include "authlens/report.hpp"
#include "authlens/strings.hpp"
#include "commands.hpp"
#include "i18n/catalog.hpp"
#include "common.hpp"
#include "dns_source.hpp"

namespace authlens::cli {
namespace {

constexpr const char* verify_usage = "arc verify FILE [--now UNIXTIME] [--json]   validate the ARC chain (RFC 8617)";
constexpr const char* seal_usage =
    "arc seal --key PEM --domain D --selector S --authserv-id ID --results \"spf=pass ...\" [--algorithm A] "
    "[--headers H:H] [--now UNIXTIME] FILE   add an ARC set";

void print_sig(const char* what, const arc::signature_check& c) {
  std::cout << "    " << what << ": " << arc::to_string(c.state) << " d=" << c.domain << " s=" << c.selector
            << " a=" << c.algorithm << " (" << arc::to_string(c.why) << ")\n";
  // The page's sentence for the signature's reason code (web/src/render/arc.ts sigLine).
  if (c.state != arc::sig_state::not_checked)
    std::cout << "      " << i18n::localized("arc", arc::to_string(c.why), c.human) << "\n";
  if (!c.detail.empty()) std::cout << "      " << i18n::text("cli.arc.detail") << c.detail << "\n";
}

int run_verify(const std::vector<std::string>& argv) {
  args a;
  if (!a.parse(argv, with_dns({"--now"}), {"--json"}) || a.positional().size() != 1) {
    if (!a.error().empty()) std::cerr << "authlens arc verify: " << a.error() << "\n";
    std::cerr << "usage: authlens " << verify_usage << "\n";
    return exit_usage;
  }
  std::int64_t now = 0;
  if (!parse_time(a.get("--now"), now)) {
    std::cerr << "authlens arc verify: --now takes seconds since the epoch\n";
    return exit_usage;
  }
  auto src = make_dns_source(a);
  if (!src) {
    std::cerr << "authlens arc verify: " << src.err().message << "\n";
    return exit_usage;
  }
  const std::string& file = a.positional().front();
  auto input = read_input(file);
  if (!input) {
    std::cerr << "authlens arc verify: cannot read " << file << "\n";
    return exit_usage;
  }
  mime::message m = mime::parse(*input);
  dns::cache cache;
  arc::memo memo;
  arc::evaluation e;
  dns::drive(cache, [&](dns::lookup_context& ctx) { e = arc::validate(ctx, m, now, {}, &memo); }, src->resolve);
  if (a.has("--json")) {
    nlohmann::json j = report::arc_to_json(e);
    j["file"] = file;
    std::cout << json_text(j, 2) << "\n";
  } else {
    std::cout << file << ": arc=" << arc::to_string(e.cv) << " (" << arc::to_string(e.why) << ")\n";
    std::cout << "  " << i18n::localized("arc", arc::to_string(e.why), e.human) << "\n";
    if (!e.detail.empty()) std::cout << "  " << i18n::text("cli.arc.detail") << e.detail << "\n";
    if (e.oldest_pass) std::cout << "  " << i18n::text("cli.arc.oldestPassing") << *e.oldest_pass << "\n";
    for (const auto& s : e.sets) {
      std::cout << "  set i=" << s.instance << " authserv-id=" << s.authserv_id << " cv=" << s.cv << "\n";
      print_sig("AMS", s.ams);
      print_sig("AS ", s.seal);
    }
    if (e.first_hop_results) {
      std::cout << "  " << i18n::text("cli.arc.firstSealer", {{"authserv_id", e.first_hop_results->authserv_id}}) << ":\n";
      for (const auto& r : e.first_hop_results->results) std::cout << "    " << authres::format_resinfo(r) << "\n";
    }
  }
  if (auto w = src->finish(cache); !w) {
    std::cerr << "authlens arc verify: " << w.err().message << "\n";
    return exit_usage;
  }
  if (e.cv == arc::chain_status::pass) return exit_pass;
  if (e.temporary) return exit_tempfail;
  return exit_fail;
}

int run_seal(const std::vector<std::string>& argv) {
  args a;
  if (!a.parse(argv,
               with_dns({"--key", "--domain", "--selector", "--authserv-id", "--results", "--algorithm", "--headers",
                         "--now"}),
               {}) ||
      a.positional().size() != 1 || !a.get("--key") || !a.get("--domain") || !a.get("--selector") ||
      !a.get("--authserv-id")) {
    if (!a.error().empty()) std::cerr << "authlens arc seal: " << a.error() << "\n";
    std::cerr << "usage: authlens " << seal_usage << "\n";
    return exit_usage;
  }
  std::int64_t now = 0;
  if (!parse_time(a.get("--now"), now)) {
    std::cerr << "authlens arc seal: --now takes seconds since the epoch\n";
    return exit_usage;
  }
  auto pem = read_input(*a.get("--key"));
  if (!pem) {
    std::cerr << "authlens arc seal: cannot read the key " << *a.get("--key") << "\n";
    return exit_usage;
  }
  auto key = dkim::parse_private_key(*pem);
  if (!key) {
    std::cerr << "authlens arc seal: " << key.err().message << "\n";
    return exit_usage;
  }
  arc::seal_options o;
  o.domain = *a.get("--domain");
  o.selector = *a.get("--selector");
  o.authserv_id = *a.get("--authserv-id");
  o.results = a.get("--results").value_or("");
  o.timestamp = now;
  o.alg = key->type == dkim::key_type::ed25519 ? dkim::algorithm::ed25519_sha256 : dkim::algorithm::rsa_sha256;
  if (auto alg = a.get("--algorithm")) {
    if (*alg == "rsa-sha256") o.alg = dkim::algorithm::rsa_sha256;
    else if (*alg == "ed25519-sha256") o.alg = dkim::algorithm::ed25519_sha256;
    else {
      std::cerr << "authlens arc seal: --algorithm is rsa-sha256 or ed25519-sha256\n";
      return exit_usage;
    }
  }
  if (auto h = a.get("--headers")) {
    const std::string list = *h;
    for (auto n : str::split(list, ':'))
      if (!str::trim(n).empty()) o.headers.emplace_back(str::trim(n));
  }
  auto src = make_dns_source(a);
  if (!src) {
    std::cerr << "authlens arc seal: " << src.err().message << "\n";
    return exit_usage;
  }
  auto input = read_input(a.positional().front());
  if (!input) {
    std::cerr << "authlens arc seal: cannot read " << a.positional().front() << "\n";
    return exit_usage;
  }
  mime::message m = mime::parse(*input);
  dns::cache cache;
  arc::memo memo;
  arc::evaluation e;
  dns::drive(cache, [&](dns::lookup_context& ctx) { e = arc::validate(ctx, m, now, {}, &memo); }, src->resolve);
  if (e.temporary) {
    std::cerr << "authlens arc seal: the existing chain could not be validated (temporary DNS failure)\n";
    return exit_tempfail;
  }
  auto s = arc::seal(m, e, *key, o, os_random);
  if (!s) {
    std::cerr << "authlens arc seal: " << s.err().message << "\n";
    return exit_fail;
  }
  (void)src->finish(cache);
  std::string out = s->prepend();
  // Keep the input's line endings (mime normalised to CRLF).
  std::string whole = out + *input;
  if (m.endings == mime::line_endings::lf) {
    std::string lf;
    for (std::size_t i = 0; i < out.size(); ++i)
      if (!(out[i] == '\r' && i + 1 < out.size() && out[i + 1] == '\n')) lf += out[i];
    whole = lf + *input;
  }
  std::cout << whole;
  return exit_pass;
}

const register_command reg_verify{"arc verify", &run_verify, verify_usage};
const register_command reg_seal{"arc seal", &run_seal, seal_usage};

}  // namespace
}  // namespace authlens::cli
