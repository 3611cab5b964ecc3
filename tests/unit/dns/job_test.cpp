// The round bookkeeping every sans-I/O tool shares (authlens/dns_job.hpp).
#include <gtest/gtest.h>

#include <string>

#include "authlens/dns_job.hpp"

namespace authlens::dns {
namespace {

/// Follows a chain: asks a.test TXT; each TXT answer names the next name to ask, "end" stops.
class chain_job : public job {
 public:
  using job::job;
  std::string last;
  int runs = 0;
  const std::string& result() const { return last; }

 protected:
  void run(lookup_context& ctx) override {
    ++runs;
    std::string name = "a.test";
    last.clear();
    for (int i = 0; i < 50; ++i) {
      const answer* a = ctx.get(name, rr_type::txt);
      if (a == nullptr) return;  // asked; wait for the next round
      if (a->st != status::noerror || a->txt.empty() || a->txt[0].empty()) {
        last = name + ":" + std::string(to_string(a->st));
        return;
      }
      name = a->txt[0][0];
      if (name == "end") {
        last = "end";
        return;
      }
    }
  }
};

answer txt(const std::string& name, const std::string& value) {
  answer a;
  a.q = make_question(name, rr_type::txt);
  a.st = status::noerror;
  a.txt = {{value}};
  return a;
}

TEST(DnsJob, RoundsFollowTheChainAndRecordWhenEachQuestionWasAsked) {
  chain_job j;
  j.evaluate();
  ASSERT_EQ(j.pending().size(), 1u);
  EXPECT_EQ(j.rounds(), 1);
  answer a1 = txt("a.test", "b.test");
  j.supply({&a1, 1});
  EXPECT_EQ(j.rounds(), 2);
  answer a2 = txt("b.test", "end");
  j.supply({&a2, 1});
  EXPECT_TRUE(j.complete());
  EXPECT_EQ(j.result(), "end");
  EXPECT_EQ(j.round_of(make_question("a.test", rr_type::txt)), 1);
  EXPECT_EQ(j.round_of(make_question("B.TEST", rr_type::txt)), 2);
  EXPECT_EQ(j.round_of(make_question("c.test", rr_type::txt)), 0);
}

TEST(DnsJob, UnansweredQuestionsBecomeTimeouts) {
  chain_job j;
  j.evaluate();
  j.supply({});  // the driver got nothing back
  EXPECT_TRUE(j.complete());
  EXPECT_EQ(j.result(), "a.test:TIMEOUT");
}

TEST(DnsJob, TheRoundBoundEndsAnEndlessChain) {
  chain_job j(job_options{.max_rounds = 3});
  j.evaluate();
  for (int i = 0; i < 10 && !j.complete(); ++i) {
    const std::string name = j.pending()[0].name;
    answer a = txt(name, "x" + std::to_string(i) + ".test");
    j.supply({&a, 1});
  }
  EXPECT_TRUE(j.complete());
  EXPECT_EQ(j.rounds(), 3);
  EXPECT_NE(j.result().find("TIMEOUT"), std::string::npos);
}

TEST(DnsJob, OfflineAsksNothing) {
  chain_job j(job_options{.offline = true});
  j.evaluate();
  EXPECT_TRUE(j.complete());
  EXPECT_EQ(j.rounds(), 0);
  EXPECT_EQ(j.result(), "");
}

TEST(DnsJob, SnapshotReplaysWithoutAsking) {
  chain_job first;
  first.evaluate();
  answer a1 = txt("a.test", "end");
  first.supply({&a1, 1});
  const std::string snap = first.snapshot_json();

  chain_job replay(job_options{.offline = true});
  ASSERT_TRUE(replay.load_snapshot(snap));
  EXPECT_EQ(replay.result(), "end");
  EXPECT_FALSE(replay.load_snapshot("{not json"));
}

}  // namespace
}  // namespace authlens::dns
