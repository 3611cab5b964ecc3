// `authlens record spf|dmarc|dkim` — the record wizard on the command line (docs/records.md).
//   record spf [--domain D] [--include ID|DOMAIN]... [--ip4 R]... [--ip6 R]... [--host H]... [--a] [--mx]
//              [--all fail|softfail] [--ses-mail-from SUB] [--ses-region R] [--ttl N] [--check] [--json]
//   record dmarc --domain D [--p P] [--sp P] [--np P] [--adkim r|s] [--aspf r|s] [--rua URI]... [--ruf URI]...
//              [--fo F] [--t y|n] [--psd y|n|u] [--no-legacy-pct] [--mailing-lists] [--ttl N] [--json]
//   record dkim --domain D --selector S [--type rsa|ed25519] [--bits N] [--key-out FILE] [--date YYYYMM] [--ttl N] [--json]
//   record dkim --provider ses|sendgrid|m365|google --domain D [--token T]... [--account A] [--ttl N] [--json]
// Exit: 0 the record is valid (and, with --check, fits the lookup budget) · 1 it has an error ·
// 2 bad usage · 3 a DNS failure kept --check from finishing.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "json_out.hpp"
#include "args.hpp"
#include "authlens/records.hpp"
#include "authlens/report.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "dns_source.hpp"
#include "i18n/catalog.hpp"

namespace authlens::cli {
namespace {

constexpr const char* spf_usage =
    "record spf [--domain D] [--include ID|DOMAIN]... [--ip4 R]... [--ip6 R]... [--host H]... [--a] [--mx] "
    "[--all fail|softfail] [--ses-mail-from SUB] [--ses-region R] [--ttl N] [--check] [--json]   build one SPF record";
constexpr const char* dmarc_usage =
    "record dmarc --domain D [--p none|quarantine|reject] [--sp P] [--np P] [--adkim r|s] [--aspf r|s] [--rua URI]... "
    "[--ruf URI]... [--fo F] [--t y|n] [--psd y|n|u] [--no-legacy-pct] [--mailing-lists] [--ttl N] [--json]   build a "
    "DMARC record (RFC 9989) and its rollout plan";
constexpr const char* dkim_usage =
    "record dkim --domain D --selector S [--type rsa|ed25519] [--bits N] [--key-out FILE] [--date YYYYMM] [--ttl N] "
    "[--json] | record dkim --provider ses|sendgrid|m365|google --domain D [--token T]... [--account A]   DKIM key "
    "and record, or delegation records";

bool parse_ttl(const args& a, std::uint32_t& ttl) {
  auto v = a.get("--ttl");
  if (!v) return true;
  char* end = nullptr;
  long long n = std::strtoll(v->c_str(), &end, 10);
  if (v->empty() || *end || n < 0 || n > 2147483647) return false;
  ttl = static_cast<std::uint32_t>(n);
  return true;
}

int usage(const char* cmd, const std::string& why, const char* text) {
  std::cerr << "authlens " << cmd << ": " << why << "\nusage: authlens " << text << "\n";
  return exit_usage;
}

// The wizard's sentences are the page's (i18n/domain.<lang>.json, keys "wizard.note.<code>" and
// "wizard.err.<code>"): in English the core's own sentence, which names every value.
nlohmann::json params_of(const std::map<std::string, std::string>& p) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : p) j[k] = v;
  return j;
}

/// A refusal of the builder (records.* error code) in the reader's language.
std::string refusal(const authlens::error& e) { return i18n::coded("wizard.err." + e.code, e.message); }

void print_notes(const std::vector<records::note>& notes, const char* heading_key = "cli.record.checks") {
  if (notes.empty()) return;
  std::cout << i18n::text(heading_key) << ":\n";
  for (const auto& n : notes) {
    const auto params = params_of(n.params);
    std::cout << "  " << i18n::text("cli.severity." + n.severity) << " " << n.code << ": " << i18n::coded("wizard.note." + n.code, n.message, params)
              << "\n";
    if (!n.fix.empty())
      std::cout << "      " << i18n::text("cli.record.fix") << ": "
                << i18n::coded("wizard.note." + n.code + ".fix", n.fix, params) << "\n";
  }
}

void print_publish(const std::vector<records::dns_record>& v) {
  for (const auto& r : v) {
    const std::string purpose =
        r.purpose_code.empty() ? r.purpose : i18n::coded("reason." + r.purpose_code, r.purpose, params_of(r.purpose_params));
    std::cout << "\n" << r.type << " " << r.name << "   (" << purpose << ")\n";
    std::cout << "  " << i18n::text("cli.record.value") << r.one_string << "\n";
    if (r.type == "TXT") {
      std::cout << "  " << i18n::text("cli.record.quoted") << r.quoted << "\n";
      if (r.strings.size() > 1) std::cout << "  " << i18n::text("cli.record.strings", {{"count", r.strings.size()}}) << "\n";
    }
    std::cout << "  " << i18n::text("cli.record.bind") << ":\n    ";
    for (char c : r.bind) {
      std::cout << c;
      if (c == '\n') std::cout << "  ";
    }
    std::cout << "\n";
  }
}

int run_spf(const std::vector<std::string>& argv) {
  args a;
  if (!a.parse(argv,
               with_dns({"--domain", "--include", "--ip4", "--ip6", "--host", "--all", "--ses-mail-from", "--ses-region",
                         "--ttl"}),
               {"--a", "--mx", "--check", "--json"}))
    return usage("record spf", a.error(), spf_usage);
  records::spf_options o;
  if (a.positional().size() > 1) return usage("record spf", "one domain at most", spf_usage);
  o.domain = a.get("--domain").value_or(a.positional().empty() ? "" : a.positional()[0]);
  for (const auto& inc : a.all("--include")) {
    if (records::find_spf_provider(inc)) o.providers.push_back(inc);
    else o.includes.push_back(inc);
  }
  o.ip4 = a.all("--ip4");
  o.ip6 = a.all("--ip6");
  o.hosts = a.all("--host");
  o.a = a.has("--a");
  o.mx = a.has("--mx");
  o.all = a.get("--all").value_or("fail");
  o.ses_mail_from = a.get("--ses-mail-from").value_or("");
  o.ses_region = a.get("--ses-region").value_or("us-east-1");
  if (!parse_ttl(a, o.ttl)) return usage("record spf", "--ttl takes seconds", spf_usage);
  auto built = records::build_spf(o);
  if (!built) return usage("record spf", refusal(built.err()), spf_usage);

  std::optional<records::spf_budget> budget;
  dns::drive_stats st;
  if (a.has("--check")) {
    auto src = make_dns_source(a);
    if (!src) return usage("record spf", src.err().message, spf_usage);
    dns::cache cache;
    records::spf_budget b;
    const std::string domain = built->publish.empty() || o.domain.empty() ? "" : built->publish[0].name;
    st = dns::drive(cache, [&](dns::lookup_context& ctx) { b = records::evaluate_spf_budget(ctx, domain, built->record); },
                    src->resolve);
    if (auto w = src->finish(cache); !w) {
      std::cerr << "authlens record spf: " << w.err().message << "\n";
      return exit_usage;
    }
    budget = std::move(b);
  }
  bool errors = records::has_error(built->notes) || (budget && records::has_error(budget->notes));
  bool dns_failed = false;
  if (budget)
    for (const auto& n : budget->notes) dns_failed = dns_failed || n.code == "spf.lint.dns_error";

  if (a.has("--json")) {
    auto j = report::spf_build_to_json(*built);
    if (budget) {
      j["budget"] = report::spf_budget_to_json(*budget);
      j["budget"]["dns"] = {{"rounds", st.rounds}, {"questions", st.questions}};
      j["ok"] = !errors;
    }
    std::cout << json_text(j, 2) << "\n";
  } else {
    std::cout << (o.domain.empty() ? i18n::text("cli.record.spf")
                                   : i18n::text("cli.record.spfFor", {{"domain", built->publish[0].name}}))
              << ":\n  " << built->record << "\n";
    std::cout << i18n::text("cli.record.lookups", {{"lookups", built->lookups}});
    if (!built->lookup_terms.empty()) {
      std::cout << " (";
      for (std::size_t i = 0; i < built->lookup_terms.size(); ++i) std::cout << (i ? " " : "") << built->lookup_terms[i];
      std::cout << ")";
    }
    std::cout << "\n";
    print_publish(built->publish);
    std::cout << "\n";
    print_notes(built->notes);
    if (budget) {
      std::cout << "\n"
                << i18n::text("cli.record.budget", {{"rounds", st.rounds},
                                                    {"lookups", budget->lookups},
                                                    {"limit", budget->limit},
                                                    {"void", budget->void_lookups}})
                << "\n";
      std::vector<records::note> extra;
      for (const auto& n : budget->notes)
        if (n.code.rfind("records.", 0) == 0 || n.code == "spf.lint.too_many_lookups" ||
            n.code == "spf.lint.include_none" || n.code == "spf.lint.dns_error" || n.code == "spf.lint.flatten" ||
            n.code == "spf.lint.too_many_void_lookups" || n.code == "spf.lint.void_lookup")
          extra.push_back(n);
      print_notes(extra, "cli.record.liveChecks");
    }
  }
  if (dns_failed) return exit_tempfail;
  return errors ? exit_fail : exit_pass;
}

int run_dmarc(const std::vector<std::string>& argv) {
  args a;
  if (!a.parse(argv,
               {"--domain", "--p", "--sp", "--np", "--adkim", "--aspf", "--rua", "--ruf", "--fo", "--t", "--psd", "--ttl"},
               {"--no-legacy-pct", "--mailing-lists", "--json"}))
    return usage("record dmarc", a.error(), dmarc_usage);
  if (a.positional().size() > 1) return usage("record dmarc", "one domain at most", dmarc_usage);
  records::dmarc_options o;
  o.domain = a.get("--domain").value_or(a.positional().empty() ? "" : a.positional()[0]);
  if (o.domain.empty()) return usage("record dmarc", "--domain is required", dmarc_usage);
  o.p = a.get("--p").value_or("none");
  o.sp = a.get("--sp").value_or("");
  o.np = a.get("--np").value_or("");
  o.adkim = a.get("--adkim").value_or("");
  o.aspf = a.get("--aspf").value_or("");
  o.rua = a.all("--rua");
  o.ruf = a.all("--ruf");
  o.fo = a.get("--fo").value_or("");
  if (auto t = a.get("--t")) {
    if (*t == "y") o.testing = true;
    else if (*t != "n") return usage("record dmarc", "--t is y or n", dmarc_usage);
  }
  o.psd = a.get("--psd").value_or("");
  o.legacy_pct = !a.has("--no-legacy-pct");
  o.mailing_lists = a.has("--mailing-lists");
  if (!parse_ttl(a, o.ttl)) return usage("record dmarc", "--ttl takes seconds", dmarc_usage);
  auto built = records::build_dmarc(o);
  if (!built) return usage("record dmarc", refusal(built.err()), dmarc_usage);
  if (a.has("--json")) {
    std::cout << json_text(report::dmarc_build_to_json(*built), 2) << "\n";
  } else {
    std::cout << i18n::text("cli.record.dmarcFor", {{"domain", built->publish[0].name}}) << ":\n  " << built->record
              << "\n";
    print_publish(built->publish);
    std::cout << "\n" << i18n::text("cli.record.rollout") << ":\n";
    int i = 1;
    for (const auto& s : built->rollout) {
      const std::string key = "wizard.note." + s.code;
      std::cout << "  " << i++ << ". " << i18n::coded(key + ".title", s.title)
                << (s.current ? "   <- " + i18n::text("cli.record.thisRecord") : "") << "\n";
      std::cout << "     " << s.record << "\n     " << i18n::text("cli.record.watch") << ": "
                << i18n::coded(key + ".watch", s.watch) << "\n     " << i18n::text("cli.record.for") << ": "
                << i18n::coded(key + ".duration", s.duration) << "\n";
    }
    std::cout << "\n";
    print_notes(built->notes);
  }
  return records::has_error(built->notes) ? exit_fail : exit_pass;
}

int run_dkim(const std::vector<std::string>& argv) {
  args a;
  if (!a.parse(argv,
               {"--domain", "--selector", "--type", "--bits", "--key-out", "--date", "--ttl", "--provider", "--token",
                "--account"},
               {"--json"}))
    return usage("record dkim", a.error(), dkim_usage);
  if (!a.positional().empty()) return usage("record dkim", "unexpected '" + a.positional()[0] + "'", dkim_usage);
  std::uint32_t ttl = 3600;
  if (!parse_ttl(a, ttl)) return usage("record dkim", "--ttl takes seconds", dkim_usage);
  if (auto prov = a.get("--provider")) {
    records::delegation_options o;
    o.provider = *prov;
    o.domain = a.get("--domain").value_or("");
    o.tokens = a.all("--token");
    o.account = a.get("--account").value_or("");
    o.ttl = ttl;
    auto built = records::build_delegation(o);
    if (!built) return usage("record dkim", refusal(built.err()), dkim_usage);
    if (a.has("--json")) {
      std::cout << json_text(report::delegation_to_json(*built), 2) << "\n";
    } else {
      std::cout << i18n::text("cli.record.delegation", {{"provider", *prov}, {"domain", o.domain}}) << ":\n";
      print_publish(built->publish);
      std::cout << "\n";
      print_notes(built->notes);
    }
    return records::has_error(built->notes) ? exit_fail : exit_pass;
  }
  records::dkim_options o;
  o.domain = a.get("--domain").value_or("");
  o.selector = a.get("--selector").value_or("");
  if (o.domain.empty() || o.selector.empty()) return usage("record dkim", "--domain and --selector are required", dkim_usage);
  std::string type = a.get("--type").value_or("rsa");
  if (type == "ed25519") o.type = dkim::key_type::ed25519;
  else if (type != "rsa") return usage("record dkim", "--type is rsa or ed25519", dkim_usage);
  if (auto b = a.get("--bits")) {
    char* end = nullptr;
    long n = std::strtol(b->c_str(), &end, 10);
    if (b->empty() || *end || n <= 0 || n > 65536) return usage("record dkim", "--bits takes a number", dkim_usage);
    o.bits = static_cast<unsigned>(n);
  }
  o.ttl = ttl;
  if (auto d = a.get("--date")) {
    o.date = *d;
  } else {
    std::time_t now = std::time(nullptr);  // the CLI is the edge: it may read the clock
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100);
    o.date = buf;
  }
  auto built = records::build_dkim(o, os_random);
  if (!built) return usage("record dkim", refusal(built.err()), dkim_usage);
  if (auto out = a.get("--key-out")) {
    // Written owner-only; never overwrites an existing file.
    int fd = ::open(out->c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    std::FILE* f = fd < 0 ? nullptr : ::fdopen(fd, "w");
    if (!f) {
      std::cerr << "authlens record dkim: cannot create " << *out << " (it may already exist)\n";
      return exit_usage;
    }
    std::fwrite(built->private_pem.data(), 1, built->private_pem.size(), f);
    std::fclose(f);
  }
  if (a.has("--json")) {
    auto j = report::dkim_build_to_json(*built);
    if (a.has("--key-out")) j.erase("private_pem");
    std::cout << json_text(j, 2) << "\n";
  } else {
    if (!a.has("--key-out")) std::cout << built->private_pem << (built->private_pem.ends_with("\n") ? "" : "\n");
    else std::cout << i18n::text("cli.record.keyWritten", {{"file", *a.get("--key-out")}}) << "\n";
    std::cout << "\n" << i18n::text("cli.record.dkimKey") << ":\n  " << built->record << "\n";
    print_publish(built->publish);
    std::cout << "\n";
    print_notes(built->notes);
    std::cout << i18n::text("cli.record.nextSelector") << ": " << built->next_selector << "\n";
    print_notes(built->rotation, "cli.record.rotation");
  }
  return records::has_error(built->notes) ? exit_fail : exit_pass;
}

const register_command reg_spf{"record spf", &run_spf, spf_usage};
const register_command reg_dmarc{"record dmarc", &run_dmarc, dmarc_usage};
const register_command reg_dkim{"record dkim", &run_dkim, dkim_usage};

}  // namespace
}  // namespace authlens::cli
