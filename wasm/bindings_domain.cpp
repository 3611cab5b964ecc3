// The domain check for the page (wasm/registry.hpp): job "domain".
//   input: the domain name (UTF-8 text)
//   request: { "selectors": ["s1", …], "probe": true, "mta_sts_policy": "version: STSv1…" | null,
//              "mta_sts_fetch": "not_fetched" | "fetched" | "blocked: …" | …, "now" (unix seconds: which
//              mailbox-provider rules are in force; the driver sends the page's clock), "offline", "max_rounds" }
//   result: authlens/domain/v1 (docs/domain-check.md)
// The page cannot fetch the MTA-STS policy unless the host allows it (CORS, and the page's CSP
// allows only DNS resolvers): it tries once, then runs the job again from the first run's snapshot
// with the outcome (and the text, when it got it) in the request.
#include <nlohmann/json.hpp>

#include "authlens/domain.hpp"
#include "authlens/report.hpp"
#include "registry.hpp"

namespace {

using nlohmann::json;

const authlens::wasm::register_job domain_job{
    "domain", [](std::string_view input, const json& req) -> authlens::result<std::unique_ptr<authlens::dns::job>> {
      std::string d = authlens::domain::normalize_domain_input(input);
      if (d.empty())
        return authlens::error{"domain.bad_input", "'" + std::string(input.substr(0, 300)) + "' is not a domain name"};
      authlens::domain::options opt;
      if (auto it = req.find("selectors"); it != req.end() && it->is_array())
        for (const auto& s : *it)
          if (s.is_string() && opt.selectors.size() < 32) opt.selectors.push_back(s.get<std::string>());
      if (auto it = req.find("probe"); it != req.end() && it->is_boolean()) opt.probe_selectors = it->get<bool>();
      if (auto it = req.find("mta_sts_policy"); it != req.end() && it->is_string())
        opt.mta_sts_policy = it->get<std::string>().substr(0, 65536);
      if (std::string f = authlens::wasm::str_member(req, "mta_sts_fetch"); !f.empty()) opt.mta_sts_fetch = f.substr(0, 300);
      if (auto it = req.find("now"); it != req.end() && it->is_number_integer()) opt.now = it->get<std::int64_t>();
      // Evaluated once here, as authlens::analysis::create does for the "analysis" job: the bindings
      // (authlens_job_new) do not evaluate, and the driver starts from pending().
      auto job = std::make_unique<authlens::domain::check>(d, std::move(opt), authlens::wasm::job_options_from(req));
      job->evaluate();
      return std::unique_ptr<authlens::dns::job>(std::move(job));
    },
    authlens::wasm::serialise_with<authlens::domain::check>(&authlens::report::to_json)};

}  // namespace
