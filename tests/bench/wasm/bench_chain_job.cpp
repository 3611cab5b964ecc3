// bench_chain_job.cpp — the dns_rounds evaluator (tests/bench/dns_rounds.cpp) as a dns::job, linked
// with wasm/bindings*.cpp into a benchmark-only module (tests/bench/wasm/build.sh): the page's driver
// (wasm/js/driver.js runJob, in a Web Worker, DoH through fetch) runs it in Chromium
// (tests/browser/bench-dns-rounds.mjs). Never part of the shipped module.
//
// Job "bench.chain": asks r1-0..r1-3.bench.test TXT; each answer "next=NAME" names the next question,
// three deep: 12 lookups, 3 rounds when every round asks everything it can.
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "authlens/dns.hpp"
#include "authlens/dns_job.hpp"
#include "registry.hpp"

namespace {

class chain_job : public authlens::dns::job {
 public:
  using authlens::dns::job::job;
  int lookups_answered() const { return lookups_; }

 protected:
  void run(authlens::dns::lookup_context& ctx) override {
    int done = 0;
    for (int i = 0; i < 4; ++i) {
      std::string name = "r1-" + std::to_string(i) + ".bench.test";
      for (int depth = 0; depth < 8; ++depth) {
        const authlens::dns::answer* a = ctx.get(name, authlens::dns::rr_type::txt);
        if (!a) break;
        ++done;
        if (a->txt.empty() || a->txt[0].empty() || a->txt[0][0].rfind("next=", 0) != 0) break;
        name = a->txt[0][0].substr(5);
      }
    }
    lookups_ = done;
  }

 private:
  int lookups_ = 0;
};

const authlens::wasm::register_job bench_chain{
    "bench.chain", [](std::string_view, const nlohmann::json& req) -> authlens::result<std::unique_ptr<authlens::dns::job>> {
      auto job = std::make_unique<chain_job>(authlens::wasm::job_options_from(req));
      job->evaluate();  // the registry's contract: pending() holds the first round on return
      return std::unique_ptr<authlens::dns::job>(std::move(job));
    },
    [](const authlens::dns::job& j) {
      const auto& c = static_cast<const chain_job&>(j);
      return nlohmann::json{{"schema", "authlens/bench-chain/v1"}, {"lookups_answered", c.lookups_answered()},
                            {"rounds", c.rounds()}}
          .dump();
    }};

}  // namespace
