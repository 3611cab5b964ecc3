// The sans-I/O contract: lookup_context and the generic driver, with fake sources that count.
#include <gtest/gtest.h>

#include "authlens/dns.hpp"

namespace authlens::dns {
namespace {

/// A source that answers every question with one TXT record naming the question, and counts.
struct counting_source {
  int calls = 0;
  int questions = 0;
  std::vector<std::size_t> batch_sizes;
  std::vector<answer> operator()(std::span<const question> qs) {
    ++calls;
    questions += int(qs.size());
    batch_sizes.push_back(qs.size());
    std::vector<answer> out;
    for (const auto& q : qs) {
      answer a;
      a.q = q;
      a.txt = {{q.name}};
      out.push_back(std::move(a));
    }
    return out;
  }
};

TEST(DnsLookupContext, MissesArePendingOnceAndHitsAreNot) {
  cache c;
  answer known;
  known.q = make_question("known.test", rr_type::txt);
  c.add(known);
  lookup_context ctx(c);
  EXPECT_NE(ctx.get("KNOWN.test.", rr_type::txt), nullptr);
  EXPECT_EQ(ctx.get("a.test", rr_type::txt), nullptr);
  EXPECT_EQ(ctx.get("A.test.", rr_type::txt), nullptr);  // same question
  ctx.prefetch("a.test", rr_type::txt);
  ctx.prefetch("a.test", rr_type::mx);  // another type is another question
  ctx.prefetch("known.test", rr_type::txt);
  ASSERT_EQ(ctx.pending().size(), 2u);
  EXPECT_EQ(ctx.pending()[0], make_question("a.test", rr_type::txt));
  EXPECT_EQ(ctx.pending()[1], make_question("a.test", rr_type::mx));
}

TEST(DnsDriver, RoundsAreTheDepthNotTheNumberOfLookups) {
  // 12 lookups in a dependency tree 3 deep: 4 roots, each needing one child, each needing one
  // grandchild. Asking for everything independent at once takes exactly 3 rounds.
  cache c;
  counting_source src;
  int evaluations = 0;
  bool finished = false;
  auto evaluate = [&](lookup_context& ctx) {
    ++evaluations;
    int done = 0;
    for (int i = 0; i < 4; ++i) {
      const std::string root = "r" + std::to_string(i) + ".test";
      if (!ctx.get(root, rr_type::txt)) continue;
      const std::string child = "c." + root;
      if (!ctx.get(child, rr_type::txt)) continue;
      if (!ctx.get("g." + child, rr_type::txt)) continue;
      ++done;
    }
    finished = done == 4;
  };
  auto stats = drive(c, evaluate, std::ref(src));
  EXPECT_TRUE(finished);
  EXPECT_EQ(stats.rounds, 3);
  EXPECT_EQ(stats.questions, 12);
  EXPECT_FALSE(stats.exhausted);
  EXPECT_EQ(src.calls, 3);
  EXPECT_EQ(src.batch_sizes, (std::vector<std::size_t>{4, 4, 4}));
  EXPECT_EQ(evaluations, 4);  // once per round, and once more to finish
  EXPECT_EQ(c.size(), 12u);
}

TEST(DnsDriver, NothingToAskMeansNoRound) {
  cache c;
  counting_source src;
  int evaluations = 0;
  auto stats = drive(c, [&](lookup_context&) { ++evaluations; }, std::ref(src));
  EXPECT_EQ(stats.rounds, 0);
  EXPECT_EQ(src.calls, 0);
  EXPECT_EQ(evaluations, 1);
}

TEST(DnsDriver, MaxRoundsExhaustionAnswersTimeoutAndFinishes) {
  // An evaluator that always wants one more (an endless chain): the driver stops after
  // max_rounds, answers the rest with TIMEOUT, and the evaluator then finishes.
  cache c;
  counting_source src;
  int last_depth = -1;
  status last_status = status::noerror;
  auto evaluate = [&](lookup_context& ctx) {
    for (int depth = 0;; ++depth) {
      const answer* a = ctx.get("n" + std::to_string(depth) + ".test", rr_type::txt);
      if (!a) return;
      if (a->st != status::noerror) {
        last_depth = depth;
        last_status = a->st;
        return;
      }
    }
  };
  auto stats = drive(c, evaluate, std::ref(src));
  EXPECT_EQ(stats.rounds, 12);  // drive_options::max_rounds default
  EXPECT_EQ(src.calls, 12);
  EXPECT_TRUE(stats.exhausted);
  EXPECT_EQ(last_depth, 12);
  EXPECT_EQ(last_status, status::timeout);

  cache c2;
  counting_source src2;
  auto stats2 = drive(c2, evaluate, std::ref(src2), drive_options{.max_rounds = 2});
  EXPECT_EQ(stats2.rounds, 2);
  EXPECT_TRUE(stats2.exhausted);
  EXPECT_EQ(last_depth, 2);
}

TEST(DnsDriver, AnEvaluatorThatNeverStopsAskingCannotHangTheDriver) {
  // Always one new question, whatever the answers say: bounded rounds, then bounded offline
  // TIMEOUT passes, then the driver returns.
  cache c;
  counting_source src;
  int evaluations = 0;
  auto greedy = [&](lookup_context& ctx) {
    ++evaluations;
    ctx.prefetch("q" + std::to_string(ctx.data().size()) + ".test", rr_type::a);
  };
  auto stats = drive(c, greedy, std::ref(src));
  EXPECT_TRUE(stats.exhausted);
  EXPECT_EQ(stats.rounds, 12);
  EXPECT_EQ(src.calls, 12);
  EXPECT_LT(evaluations, 12 + 100);
}

TEST(DnsDriver, StopRuleASourceThatNeverAnswers) {
  // The stop rule (dns.hpp): max_rounds rounds go out, then timeout_passes evaluations with the
  // loop answering TIMEOUT itself, then the loop ends. An evaluator that asks something new
  // whatever it is told, against a source that never answers, uses every step of the bound.
  cache c;
  int calls = 0;
  auto silent = [&](std::span<const question>) {
    ++calls;
    return std::vector<answer>{};
  };
  int evaluations = 0;
  auto greedy = [&](lookup_context& ctx) {
    ++evaluations;
    ctx.prefetch("q" + std::to_string(ctx.data().size()) + ".test", rr_type::a);
  };
  auto stats = drive(c, greedy, silent, drive_options{.max_rounds = 5});
  EXPECT_EQ(calls, 5);
  EXPECT_EQ(stats.rounds, 5);
  EXPECT_EQ(stats.questions, 5);
  EXPECT_TRUE(stats.exhausted);
  EXPECT_EQ(evaluations, 1 + 5 + timeout_passes);
  // Every question any evaluation asked is in the cache, and every one is TIMEOUT.
  EXPECT_EQ(c.size(), std::size_t(1 + 5 + timeout_passes));
  for (const answer* a : c.all()) EXPECT_EQ(a->st, status::timeout) << a->q.name;

  // The default bound: 12 rounds.
  cache c2;
  calls = 0;
  evaluations = 0;
  auto stats2 = drive(c2, greedy, silent);
  EXPECT_EQ(stats2.rounds, 12);
  EXPECT_EQ(calls, 12);
  EXPECT_EQ(evaluations, 1 + 12 + timeout_passes);
  for (const answer* a : c2.all()) EXPECT_EQ(a->st, status::timeout);
}

TEST(DnsDriver, StopRuleAChainDeeperThanTheBound) {
  // A chain 30 deep, every link answered: the bound (4 rounds) ends it; the link the loop could
  // not ask any more is TIMEOUT, the evaluator sees it and stops asking: one TIMEOUT pass.
  cache c;
  counting_source src;
  int evaluations = 0;
  int reached = -1;
  auto chain = [&](lookup_context& ctx) {
    ++evaluations;
    for (int depth = 0; depth < 30; ++depth) {
      const answer* a = ctx.get("n" + std::to_string(depth) + ".test", rr_type::txt);
      if (!a) return;
      if (a->st == status::timeout) {
        reached = depth;
        return;
      }
    }
    reached = 30;
  };
  auto stats = drive(c, chain, std::ref(src), drive_options{.max_rounds = 4});
  EXPECT_EQ(stats.rounds, 4);
  EXPECT_EQ(src.calls, 4);
  EXPECT_TRUE(stats.exhausted);
  EXPECT_EQ(reached, 4);
  EXPECT_EQ(evaluations, 1 + 4 + 1);
  ASSERT_NE(c.find(make_question("n4.test", rr_type::txt)), nullptr);
  EXPECT_EQ(c.find(make_question("n4.test", rr_type::txt))->st, status::timeout);
  EXPECT_EQ(c.find(make_question("n5.test", rr_type::txt)), nullptr);
}

TEST(DnsDriver, OfflineAsksNothingAndAnswersNothing) {
  cache c;
  counting_source src;
  bool evaluated = false;
  const answer* seen = nullptr;
  auto stats = drive(c, [&](lookup_context& ctx) {
    evaluated = true;
    seen = ctx.get("x.test", rr_type::a);
  }, std::ref(src), drive_options{.offline = true});
  EXPECT_TRUE(evaluated);
  EXPECT_EQ(src.calls, 0);
  EXPECT_EQ(stats.rounds, 0);
  EXPECT_FALSE(stats.exhausted);
  EXPECT_EQ(seen, nullptr);  // could not tell; not a TIMEOUT
  EXPECT_EQ(c.size(), 0u);
}

TEST(DnsDriver, DriveValueReturnsTheLastEvaluation) {
  cache c;
  counting_source src;
  drive_stats st;
  std::string v = drive_value(
      c,
      [](lookup_context& ctx) -> std::string {
        const answer* a = ctx.get("v.test", rr_type::txt);
        return a ? a->txt[0][0] : "pending";
      },
      std::ref(src), &st);
  EXPECT_EQ(v, "v.test");
  EXPECT_EQ(st.rounds, 1);
}

TEST(DnsDriver, UnansweredQuestionsBecomeTimeout) {
  cache c;
  int calls = 0;
  auto silent = [&](std::span<const question>) {
    ++calls;
    return std::vector<answer>{};
  };
  const answer* seen = nullptr;
  auto stats = drive(c, [&](lookup_context& ctx) { seen = ctx.get("x.test", rr_type::a); }, silent);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(stats.rounds, 1);
  ASSERT_NE(seen, nullptr);
  EXPECT_EQ(seen->st, status::timeout);
}

TEST(DnsDriver, DrivesAZoneSourceThroughCnames) {
  zone_source z;
  ASSERT_TRUE(z.add_zone_text("$ORIGIN example.test.\n"
                              "@ IN TXT \"v=spf1 include:_spf.example.test -all\"\n"
                              "_spf IN CNAME spf-real\n"
                              "spf-real IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n")
                  .empty());
  cache c;
  auto resolve = [&](std::span<const question> qs) {
    std::vector<answer> out;
    for (const auto& q : qs) out.push_back(z.resolve(q));
    return out;
  };
  std::string found;
  auto stats = drive(c, [&](lookup_context& ctx) {
    const answer* top = ctx.get("example.test", rr_type::txt);
    if (!top) return;
    const answer* inc = ctx.get("_spf.example.test", rr_type::txt);
    if (inc && !inc->txt.empty()) found = inc->txt[0][0];
  }, resolve);
  EXPECT_EQ(stats.rounds, 2);
  EXPECT_EQ(found, "v=spf1 ip4:192.0.2.0/24 -all");
  // The cache now replays the same analysis offline.
  auto snap = from_snapshot_json(to_snapshot_json(c));
  ASSERT_TRUE(snap.ok());
  auto replayed = resolve_from_snapshot(*snap, make_question("_spf.example.test", rr_type::txt));
  EXPECT_EQ(replayed.cname_chain, std::vector<std::string>{"spf-real.example.test"});
}

}  // namespace
}  // namespace authlens::dns
