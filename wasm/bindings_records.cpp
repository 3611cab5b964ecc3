// wasm/bindings_records.cpp — the record wizard for the page (wasm/registry.hpp).
//
// Methods (JSON in → JSON out; shapes in authlens/report.hpp, "records" section; errors as
// {"error": {"code", "message"}}):
//   record.providers   {}                        → { "spf": [..], "dkim": [..] }
//   record.spf         spf options               → spf build (record, publish, notes)
//   record.dmarc       dmarc options             → dmarc build (record, publish, notes, rollout)
//   record.dkim        dkim options + "random"   → dkim build (private_pem included: it stays in the page)
//   record.delegation  delegation options        → the CNAME/TXT records for a provider that signs
// Job:
//   spf.budget         input: the draft SPF record; request: {"domain", "offline", "max_rounds"}
//                      → budget (the live lookup count of the whole include tree)
//
// Randomness for record.dkim: the core never gathers entropy. The page passes "random": base64 of
// at least 32 bytes from crypto.getRandomValues; this file stretches them with SHA-256 in counter
// mode (block i = SHA-256(seed || i), i a 64-bit big-endian counter) into the stream keygen needs.
// The seed and the key live only in this worker's memory for the call.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "authlens/base64.hpp"
#include "authlens/crypto.hpp"
#include "authlens/records.hpp"
#include "authlens/report.hpp"
#include "registry.hpp"

namespace {

using nlohmann::json;
namespace rep = authlens::report;

/// SHA-256 counter-mode stream over a secret seed.
class seeded_stream {
 public:
  explicit seeded_stream(authlens::crypto::bytes seed) : seed_(std::move(seed)) {}
  bool fill(std::span<std::uint8_t> out) {
    std::size_t done = 0;
    while (done < out.size()) {
      if (pos_ == block_.size()) next_block();
      std::size_t n = std::min(out.size() - done, block_.size() - pos_);
      std::memcpy(out.data() + done, block_.data() + pos_, n);
      pos_ += n;
      done += n;
    }
    return true;
  }

 private:
  void next_block() {
    authlens::crypto::hasher h(authlens::crypto::hash_alg::sha256);
    h.update(std::span<const std::uint8_t>(seed_.data(), seed_.size()));
    std::uint8_t ctr[8];
    for (int i = 0; i < 8; ++i) ctr[i] = static_cast<std::uint8_t>(counter_ >> (56 - 8 * i));
    h.update(std::span<const std::uint8_t>(ctr, 8));
    ++counter_;
    block_ = h.finish();
    pos_ = 0;
  }
  authlens::crypto::bytes seed_;
  authlens::crypto::bytes block_;
  std::size_t pos_ = 0;
  std::uint64_t counter_ = 0;
};

json input_object(const json& in) { return in.is_object() ? in : json::object(); }

const authlens::wasm::register_method providers_m{"record.providers",
                                                  [](const json&) -> json { return rep::record_providers_json(); }};

const authlens::wasm::register_method spf_m{"record.spf", [](const json& in) -> json {
  auto b = authlens::records::build_spf(rep::spf_options_from_json(input_object(in)));
  return b ? rep::spf_build_to_json(*b) : rep::error_json(b.err());
}};

const authlens::wasm::register_method dmarc_m{"record.dmarc", [](const json& in) -> json {
  auto b = authlens::records::build_dmarc(rep::dmarc_options_from_json(input_object(in)));
  return b ? rep::dmarc_build_to_json(*b) : rep::error_json(b.err());
}};

const authlens::wasm::register_method dkim_m{"record.dkim", [](const json& in) -> json {
  const json obj = input_object(in);
  auto seed = authlens::base64::decode(authlens::wasm::str_member(obj, "random"));
  if (!seed || seed->size() < 32)
    return rep::error_json({"records.dkim.no_random",
                            "record.dkim needs \"random\": base64 of at least 32 bytes from crypto.getRandomValues"});
  auto stream = std::make_shared<seeded_stream>(std::move(*seed));
  authlens::crypto::random_fn rng = [stream](std::span<std::uint8_t> out) { return stream->fill(out); };
  auto b = authlens::records::build_dkim(rep::dkim_options_from_json(obj), rng);
  return b ? rep::dkim_build_to_json(*b) : rep::error_json(b.err());
}};

const authlens::wasm::register_method delegation_m{"record.delegation", [](const json& in) -> json {
  auto b = authlens::records::build_delegation(rep::delegation_options_from_json(input_object(in)));
  return b ? rep::delegation_to_json(*b) : rep::error_json(b.err());
}};

const authlens::wasm::register_job budget_j{
    "spf.budget",
    [](std::string_view input, const json& request) -> authlens::result<std::unique_ptr<authlens::dns::job>> {
      std::string record(input);
      if (record.empty()) record = authlens::wasm::str_member(request, "record");
      if (!authlens::spf::is_spf_record(record))
        return authlens::error{"records.spf.not_spf", "the input is not a v=spf1 record"};
      std::string domain = authlens::wasm::str_member(request, "domain");
      if (!domain.empty() && !authlens::records::valid_domain(domain))
        return authlens::error{"records.spf.bad_domain", "'" + domain + "' is not a domain name"};
      // Evaluated once here, as authlens::analysis::create does: authlens_job_new does not
      // evaluate, and the driver starts from pending().
      auto job = std::make_unique<authlens::records::spf_budget_job>(domain, record,
                                                                     authlens::wasm::job_options_from(request));
      job->evaluate();
      return std::unique_ptr<authlens::dns::job>(std::move(job));
    },
    authlens::wasm::serialise_with<authlens::records::spf_budget_job>(&rep::to_json)};

}  // namespace
