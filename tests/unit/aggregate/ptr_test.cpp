// PTR names of the sources (aggregate::ptr_lookup): answers from zone text, driven round by round.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "authlens/aggregate.hpp"
#include "authlens/report.hpp"
#include "unit/enum_words.hpp"
#include "unit/test_data.hpp"

namespace agg = authlens::aggregate;
namespace dns = authlens::dns;

namespace {

std::string slurp(const std::string& name) { return authlens::test::data_text("aggregate/" + name); }

// minimal.xml's sources: 192.0.2.1 (10 messages), 198.51.100.7 (4), 203.0.113.9 (2).
agg::summary sample() {
  auto r = agg::parse(slurp("minimal.xml"));
  EXPECT_TRUE(r.ok());
  std::vector<agg::report> v{*r};
  return agg::merge(v);
}

dns::zone_source zones() {
  dns::zone_source z;
  z.add_zone_text(
      "$ORIGIN 2.0.192.in-addr.arpa.\n@ 300 IN SOA ns. h. 1 2 3 4 5\n1 300 IN PTR www.example.test.\n"
      "1 300 IN PTR Other.Example.Test.\n");
  z.add_zone_text("$ORIGIN 100.51.198.in-addr.arpa.\n@ 300 IN SOA ns. h. 1 2 3 4 5\n7 300 IN PTR sender.example.test.\n");
  z.add_zone_text(
      "$ORIGIN example.test.\n@ 300 IN SOA ns. h. 1 2 3 4 5\nwww 300 IN A 192.0.2.1\nother 300 IN A 192.0.2.99\n"
      "sender 300 IN A 198.51.100.8\n");
  return z;
}

/// Drives the job from the zones (evaluating it first unless it already was: a second evaluate()
/// without answers ends the round, its questions TIMEOUT); questions whose name contains `fail` get
/// no answer (TIMEOUT).
int drive(agg::ptr_lookup& job, const dns::zone_source& z, const std::string& fail = "", bool evaluated = false) {
  if (!evaluated) job.evaluate();
  int rounds = 0;
  while (!job.pending().empty() && rounds < 20) {
    std::vector<dns::answer> answers;
    for (const auto& q : job.pending())
      if (fail.empty() || q.name.find(fail) == std::string::npos) answers.push_back(z.resolve(q));
    job.supply(answers);
    ++rounds;
  }
  return rounds;
}

const agg::source_ptr* find(const agg::ptr_lookup& job, const std::string& ip) {
  for (const auto& p : job.results())
    if (p.ip == ip) return &p;
  return nullptr;
}

}  // namespace

TEST(AggregatePtr, NamesAndForwardConfirmationInTwoRounds) {
  auto z = zones();
  agg::ptr_options opt;
  opt.providers = false;  // the providers' SPF trees are senders_test.cpp's
  agg::ptr_lookup job(sample(), opt);
  // Round 1: the three PTR questions, nothing else.
  job.evaluate();
  ASSERT_EQ(job.pending().size(), 3u);
  for (const auto& q : job.pending()) EXPECT_EQ(q.type, dns::rr_type::ptr);
  EXPECT_EQ(drive(job, z, "", true), 2);
  EXPECT_EQ(job.rounds(), 2);
  EXPECT_TRUE(job.complete());
  ASSERT_EQ(job.results().size(), 3u);
  EXPECT_EQ(job.results()[0].ip, "192.0.2.1");  // most messages first
  EXPECT_EQ(job.results()[0].messages, 10u);

  const auto* a = find(job, "192.0.2.1");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, agg::ptr_status::found);
  EXPECT_EQ(a->names, (std::vector<std::string>{"www.example.test", "other.example.test"}));
  EXPECT_EQ(a->forward, agg::ptr_forward::confirmed);
  EXPECT_EQ(a->confirmed_name, "www.example.test");

  const auto* b = find(job, "198.51.100.7");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->status, agg::ptr_status::found);
  EXPECT_EQ(b->forward, agg::ptr_forward::not_confirmed);
  EXPECT_TRUE(b->confirmed_name.empty());

  const auto* c = find(job, "203.0.113.9");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->status, agg::ptr_status::no_ptr);
  EXPECT_TRUE(c->names.empty());
  EXPECT_EQ(c->forward, std::nullopt);
}

TEST(AggregatePtr, DnsFailuresAreTold) {
  auto z = zones();
  agg::ptr_lookup job(sample());
  drive(job, z, "100.51.198");  // the PTR of 198.51.100.7 never answers
  EXPECT_EQ(find(job, "198.51.100.7")->status, agg::ptr_status::dns_error);
  agg::ptr_lookup fwd(sample());
  drive(fwd, z, "sender.example.test");  // its forward lookup never answers
  EXPECT_EQ(find(fwd, "198.51.100.7")->status, agg::ptr_status::found);
  EXPECT_EQ(find(fwd, "198.51.100.7")->forward, agg::ptr_forward::dns_error);
}

TEST(AggregatePtr, LimitAndPtrOnly) {
  auto z = zones();
  agg::ptr_options opt;
  opt.max_sources = 2;
  opt.forward_confirm = false;
  agg::ptr_lookup job(sample(), opt);
  EXPECT_EQ(drive(job, z), 1);  // PTR only: one round
  ASSERT_EQ(job.results().size(), 2u);
  EXPECT_EQ(job.not_looked_up(), 1u);
  EXPECT_EQ(job.results()[0].status, agg::ptr_status::found);
  EXPECT_EQ(job.results()[0].forward, agg::ptr_forward::not_checked);
  EXPECT_EQ(job.results()[1].ip, "198.51.100.7");
  EXPECT_EQ(find(job, "203.0.113.9"), nullptr);

  agg::ptr_options huge;
  huge.max_sources = 1'000'000;
  EXPECT_EQ(agg::ptr_lookup(sample(), huge).options().max_sources, 1000u);
}

TEST(AggregatePtr, OfflineAsksNothing) {
  dns::job_options jo;
  jo.offline = true;
  agg::ptr_lookup job(sample(), {}, jo);
  job.evaluate();
  EXPECT_TRUE(job.pending().empty());
  ASSERT_EQ(job.results().size(), 3u);
  for (const auto& p : job.results()) EXPECT_EQ(p.status, agg::ptr_status::not_checked);
  auto j = nlohmann::json::parse(authlens::report::to_json(job));
  EXPECT_EQ(j["schema"], "authlens/aggregate-ptr/v1");
  EXPECT_EQ(j["offline"], true);
}

TEST(AggregatePtr, JsonAndCsv) {
  auto z = zones();
  auto s = sample();
  agg::ptr_lookup job(s);
  drive(job, z);
  auto j = nlohmann::json::parse(authlens::report::to_json(job));
  EXPECT_EQ(j["rounds"], 2);
  EXPECT_EQ(j["looked_up"], 3);
  EXPECT_EQ(j["sources"][0]["forward_confirmed"], true);
  EXPECT_EQ(j["sources"][1]["forward_confirmed"], false);
  EXPECT_TRUE(j["sources"][2]["forward_confirmed"].is_null());

  std::vector<authlens::report::aggregate_file> files;
  files.push_back({"minimal.xml", agg::parse(slurp("minimal.xml"))});
  auto doc = authlens::report::aggregate_to_json(files);
  authlens::report::add_ptr_to_aggregate_json(doc, job);
  EXPECT_EQ(doc["ptr_lookup"]["rounds"], 2);
  EXPECT_EQ(doc["summary"]["sources"][0]["ptr"]["names"][0], "www.example.test");
  EXPECT_EQ(doc["summary"]["sources"][0]["ptr"]["confirmed_name"], "www.example.test");

  std::vector<agg::report> reps{*files[0].parsed};
  std::string csv = agg::to_csv(reps, &job.results());
  EXPECT_NE(csv.find(",spf_results,ptr,ptr_forward\r\n"), std::string::npos);
  EXPECT_NE(csv.find(",www.example.test other.example.test,confirmed\r\n"), std::string::npos);
  EXPECT_NE(csv.find(",sender.example.test,not_confirmed\r\n"), std::string::npos);
  EXPECT_EQ(agg::to_csv(reps).find("ptr"), std::string::npos);  // unchanged without PTR
}

TEST(AggregatePtrWords, EveryValueHasItsOwnWord) {
  authlens::test::expect_distinct_words(agg::ptr_status::not_checked,
                                        [](agg::ptr_status s) { return agg::to_string(s); });
  authlens::test::expect_distinct_words(agg::ptr_forward::not_checked,
                                        [](agg::ptr_forward f) { return agg::to_string(f); });
  authlens::test::expect_distinct_words(agg::fix_reason::unauthenticated,
                                        [](agg::fix_reason r) { return std::string_view(agg::to_string(r)); });
}
