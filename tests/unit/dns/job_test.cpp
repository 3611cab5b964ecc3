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
  void run_in(lookup_context& ctx) { run(ctx); }  ///< the same evaluation, for dns::drive

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

/// A source that extends the chain forever: xN.test → x(N+1).test.
std::vector<answer> endless(std::span<const question> qs) {
  std::vector<answer> out;
  for (const auto& q : qs) out.push_back(txt(q.name, "x" + q.name));
  return out;
}

TEST(DnsJob, OneStopRuleWithDnsDrive) {
  // A chain deeper than the bound, driven as a job and through dns::drive over the same
  // evaluation: the same rounds, the same questions, the same cache, the same result.
  chain_job j(job_options{.max_rounds = 5});
  j.evaluate();
  EXPECT_EQ(drive(j, endless), 5);
  EXPECT_TRUE(j.complete());
  EXPECT_TRUE(j.exhausted());
  EXPECT_EQ(j.questions(), 5);
  EXPECT_EQ(j.runs, 1 + 5 + 1);  // one TIMEOUT pass: the chain stops at the TIMEOUT

  chain_job twin;
  cache c;
  auto st = drive(
      c,
      [&](lookup_context& ctx) { twin.run_in(ctx); },
      endless, drive_options{.max_rounds = 5});
  EXPECT_EQ(st.rounds, j.rounds());
  EXPECT_EQ(st.questions, j.questions());
  EXPECT_TRUE(st.exhausted);
  EXPECT_EQ(twin.result(), j.result());
  EXPECT_EQ(twin.runs, j.runs);
  EXPECT_EQ(to_snapshot_json(c), j.snapshot_json());
  EXPECT_EQ(j.result(), "xxxxxa.test:TIMEOUT");
}

/// Asks a new question whatever it is told.
class greedy_job : public job {
 public:
  using job::job;
  int runs = 0;

 protected:
  void run(lookup_context& ctx) override {
    ++runs;
    ctx.prefetch("q" + std::to_string(ctx.data().size()) + ".test", rr_type::a);
  }
};

TEST(DnsJob, StopRuleASourceThatNeverAnswers) {
  greedy_job j(job_options{.max_rounds = 3});
  j.evaluate();
  for (int i = 0; i < 100 && !j.complete(); ++i) j.supply({});
  EXPECT_TRUE(j.complete());
  EXPECT_EQ(j.rounds(), 3);
  EXPECT_TRUE(j.exhausted());
  EXPECT_EQ(j.runs, 1 + 3 + timeout_passes);
  EXPECT_EQ(j.dns_cache().size(), std::size_t(1 + 3 + timeout_passes));
  for (const answer* a : j.dns_cache().all()) EXPECT_EQ(a->st, status::timeout) << a->q.name;
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
