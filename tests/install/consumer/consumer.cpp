// A program outside authlens, built against an installed authlens (tests/install/install_consumer.sh
// builds it with find_package(authlens) and with pkg-config). It verifies the DKIM signatures of a
// message with keys from zone files, analyses the message with the same zones, records the DNS
// answers as a snapshot and analyses it again from the snapshot alone. It prints one checkable line
// per step; the test script compares them with what tests/data says the message is.
//   consumer NOW_UNIX MESSAGE ZONE_FILE...
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "authlens/analysis.hpp"
#include "authlens/dkim.hpp"
#include "authlens/dns.hpp"
#include "authlens/message.hpp"
#include "authlens/report.hpp"

namespace {

bool read_file(const char* path, std::string& out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  out.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  return true;
}

std::string word(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string("-");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: consumer NOW_UNIX MESSAGE ZONE_FILE...\n");
    return 2;
  }
  const std::int64_t now = std::stoll(argv[1]);
  std::string message;
  if (!read_file(argv[2], message)) {
    std::fprintf(stderr, "consumer: cannot read %s\n", argv[2]);
    return 2;
  }
  authlens::dns::zone_source zones;
  for (int i = 3; i < argc; ++i) {
    std::string text;
    if (!read_file(argv[i], text)) {
      std::fprintf(stderr, "consumer: cannot read %s\n", argv[i]);
      return 2;
    }
    zones.add_zone_text(text);
  }
  const authlens::dns::resolve_fn resolve = [&](std::span<const authlens::dns::question> qs) {
    std::vector<authlens::dns::answer> out;
    for (const auto& q : qs) out.push_back(zones.resolve(q));
    return out;
  };

  // 1. DKIM alone (RFC 6376), driven by the one DNS loop over the zones.
  authlens::dns::cache cache;
  const authlens::mime::message parsed = authlens::mime::parse(message);  // bare LF read as CRLF
  const authlens::dkim::verify_result dkim = authlens::dns::drive_value(
      cache, [&](authlens::dns::lookup_context& ctx) { return authlens::dkim::verify(ctx, parsed, now); }, resolve);
  for (const auto& s : dkim.signatures)
    std::printf("dkim d=%s s=%s a=%s result=%s reason=%s\n", s.domain.c_str(), s.selector.c_str(),
                s.algorithm.c_str(), std::string(authlens::dkim::to_string(s.result)).c_str(),
                std::string(authlens::dkim::to_string(s.why)).c_str());
  std::printf("dkim overall=%s\n", std::string(authlens::dkim::to_string(dkim.overall())).c_str());

  // 2. The whole analysis (authlens/report/v1) with the same zones.
  auto a = authlens::analysis::create(message, authlens::envelope{}, now);
  if (!a.ok()) {
    std::fprintf(stderr, "consumer: analysis: %s\n", a.err().message.c_str());
    return 1;
  }
  authlens::dns::drive(*a, resolve);
  const auto r = nlohmann::json::parse(authlens::report::to_json(*a));
  std::printf("analysis schema=%s spf=%s dkim=%s dmarc=%s policy=%s rfc7489=%s handoff_ip=%s\n",
              word(r, "schema").c_str(), word(r["spf"], "result").c_str(),
              r["dkim"].empty() ? "-" : word(r["dkim"][0], "result").c_str(), word(r["dmarc"], "result").c_str(),
              word(r["dmarc"], "policy").c_str(), word(r["dmarc"]["rfc7489"], "result").c_str(),
              word(r["route"], "handoff_ip").c_str());

  // 3. The answers it used, as an authlens/dns-snapshot/v1, replayed with no other DNS source.
  const std::string snapshot = a->snapshot_json();
  auto again = authlens::analysis::create(message, authlens::envelope{}, now);
  if (!again.ok() || !again->load_snapshot(snapshot).ok()) {
    std::fprintf(stderr, "consumer: snapshot replay failed\n");
    return 1;
  }
  const auto r2 = nlohmann::json::parse(authlens::report::to_json(*again));
  std::printf("replay answers=%zu spf=%s dmarc=%s same_dmarc=%s\n",
              nlohmann::json::parse(snapshot)["answers"].size(), word(r2["spf"], "result").c_str(),
              word(r2["dmarc"], "result").c_str(), r2["dmarc"] == r["dmarc"] ? "yes" : "no");
  return 0;
}
