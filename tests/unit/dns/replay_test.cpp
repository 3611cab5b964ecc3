// Snapshot replay as DNS would answer (dns::snapshot_source): CNAMEs followed for every other type,
// NODATA for a name present without the asked type, loops and long chains → SERVFAIL, and an entry
// authlens recorded itself replaying exactly. Vectors: tests/data/dns/replay.json, and the same data
// as a zone file (tests/data/dns/replay.zone) for the cases both sources must answer alike.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "authlens/dns.hpp"
#include "authlens/dns_job.hpp"

namespace authlens::dns {
namespace {

std::string read_data(const std::string& rel) {
  std::ifstream f(std::string(AUTHLENS_SOURCE_DIR) + "/tests/data/dns/" + rel, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

question ask(const std::string& text) {
  const auto sp = text.find(' ');
  return make_question(text.substr(0, sp), *rr_type_from_string(text.substr(sp + 1)));
}

void expect_answer(const answer& got, const nlohmann::json& e) {
  const std::string st = e["status"].get<std::string>();
  if (st == "NODATA") {
    EXPECT_TRUE(got.nodata()) << to_string(got.st);
  } else {
    EXPECT_EQ(to_string(got.st), st);
    if (st == "NOERROR") {
      EXPECT_FALSE(got.nodata());
    }
  }
  if (e.contains("records")) {
    if (got.q.type == rr_type::txt) {
      EXPECT_EQ(got.txt, e["records"].get<std::vector<std::vector<std::string>>>());
    } else {
      EXPECT_EQ(got.records, e["records"].get<std::vector<std::string>>());
    }
  }
  if (e.contains("cname")) {
    EXPECT_EQ(got.cname_chain, e["cname"].get<std::vector<std::string>>());
  }
  if (e.contains("ttl")) {
    EXPECT_EQ(got.ttl, e["ttl"].get<std::uint32_t>());
  }
  if (e.contains("ad")) {
    EXPECT_EQ(got.authenticated, e["ad"].get<bool>());
  }
}

TEST(DnsReplay, ForeignAndRecordedSnapshotsAnswerAsDnsWould) {
  const auto doc = nlohmann::json::parse(read_data("replay.json"));
  auto snap = from_snapshot_json(doc["snapshot"].dump());
  ASSERT_TRUE(snap.ok()) << snap.err().message;
  const snapshot_source replay(std::move(snap.value()));
  zone_source zone;
  EXPECT_TRUE(zone.add_zone_text(read_data("replay.zone")).empty());
  int n = 0, both = 0;
  for (const auto& c : doc["cases"]) {
    ++n;
    SCOPED_TRACE(c["ask"].get<std::string>());
    const question q = ask(c["ask"].get<std::string>());
    const answer got = replay.resolve(q);
    EXPECT_EQ(got.q, q);
    expect_answer(got, c["expect"]);
    if (c.value("zone", false)) {
      ++both;
      SCOPED_TRACE("zone file");
      expect_answer(zone.resolve(q), c["expect"]);
    }
  }
  EXPECT_GE(n, 25);
  EXPECT_GE(both, 15);
}

TEST(DnsReplay, EveryRecordedQuestionReplaysExactly) {
  const auto doc = nlohmann::json::parse(read_data("replay.json"));
  auto snap = from_snapshot_json(doc["snapshot"].dump());
  ASSERT_TRUE(snap.ok());
  const cache recorded = snap.value();
  const snapshot_source replay(std::move(snap.value()));
  for (const answer* a : recorded.all()) {
    SCOPED_TRACE(a->q.name + " " + std::string(to_string(a->q.type)));
    const answer r = replay.resolve(a->q);
    EXPECT_EQ(r.st, a->st);
    EXPECT_EQ(r.ttl, a->ttl);
    EXPECT_EQ(r.records, a->records);
    EXPECT_EQ(r.txt, a->txt);
    EXPECT_EQ(r.cname_chain, a->cname_chain);
    EXPECT_EQ(r.authenticated, a->authenticated);
  }
}

/// Asks name TXT, then the TXT named by the answer's first string, as a check that depends on an
/// earlier answer does.
class two_step_job : public job {
 public:
  using job::job;
  std::string last;
  const std::string& result() const { return last; }

 protected:
  void run(lookup_context& ctx) override {
    last.clear();
    const answer* first = ctx.get("start.example", rr_type::txt);
    if (!first) return;
    if (first->txt.empty()) {
      last = "start:" + std::string(to_string(first->st));
      return;
    }
    const answer* second = ctx.get(first->txt[0][0], rr_type::txt);
    if (!second) return;
    last = second->txt.empty() ? "second:" + std::string(to_string(second->st)) : second->txt[0][0];
  }
};

TEST(DnsReplay, AJobReplaysASnapshotThroughTheSameCode) {
  // The page's "Replay with a DNS snapshot" (job::load_snapshot) follows the CNAME and needs no driver.
  const std::string snap = R"({"schema": "authlens/dns-snapshot/v1", "answers": [
    {"name": "start.example", "type": "CNAME", "status": "NOERROR", "ttl": 60, "records": ["real.example."]},
    {"name": "real.example", "type": "TXT", "status": "NOERROR", "ttl": 60, "records": [["next.example"]]},
    {"name": "next.example", "type": "CNAME", "status": "NOERROR", "ttl": 60, "records": ["end.example."]},
    {"name": "end.example", "type": "TXT", "status": "NOERROR", "ttl": 60, "records": [["done"]]}]})";
  two_step_job j;
  j.evaluate();
  ASSERT_EQ(j.pending().size(), 1u);
  ASSERT_TRUE(j.load_snapshot(snap));
  EXPECT_TRUE(j.pending().empty());
  EXPECT_EQ(j.result(), "done");
  EXPECT_EQ(j.round_of(make_question("next.example", rr_type::txt)), 2);
  // What was used is what a recording of this replay holds: the questions asked, answered.
  auto used = from_snapshot_json(j.snapshot_json());
  ASSERT_TRUE(used.ok());
  EXPECT_EQ(used->size(), 2u);
  EXPECT_EQ(used->find(make_question("next.example", rr_type::txt))->cname_chain,
            std::vector<std::string>{"end.example"});

  // Offline mode asks nothing, and a snapshot is data: it still replays.
  two_step_job offline(job_options{.offline = true});
  offline.evaluate();
  ASSERT_TRUE(offline.load_snapshot(snap));
  EXPECT_EQ(offline.result(), "done");

  // A CNAME loop ends the replay with SERVFAIL, never a hang.
  two_step_job looping;
  looping.evaluate();
  ASSERT_TRUE(looping.load_snapshot(R"({"schema": "authlens/dns-snapshot/v1", "answers": [
    {"name": "start.example", "type": "CNAME", "status": "NOERROR", "records": ["start.example."]}]})"));
  EXPECT_EQ(looping.result(), "start:SERVFAIL");
}

}  // namespace
}  // namespace authlens::dns
