// dkim::verify_result → JSON (see authlens/report.hpp, "dkim" section).
#include "authlens/report.hpp"

#include <string>
#include <string_view>

#include "authlens/message.hpp"

namespace authlens::report {

namespace {

/// JSON strings must be UTF-8: the core's one cleaner (mime::to_valid_utf8) replaces each invalid byte by U+FFFD.
std::string utf8(std::string_view s) { return mime::to_valid_utf8(s); }

nlohmann::json strings(const std::vector<std::string>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& s : v) a.push_back(utf8(s));
  return a;
}

template <class T>
nlohmann::json opt(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json dkim_signature_to_json(const dkim::signature_result& s) {
  nlohmann::json j;
  j["result"] = std::string(dkim::to_string(s.result));
  j["reason"] = std::string(dkim::to_string(s.why));
  j["message"] = utf8(s.human);
  j["detail"] = utf8(s.detail);
  j["domain"] = utf8(s.domain);
  j["selector"] = utf8(s.selector);
  j["algorithm"] = utf8(s.algorithm);
  j["identity"] = utf8(s.identity);
  j["canonicalization"] = s.header_canon.empty() ? std::string() : s.header_canon + "/" + s.body_canon;
  j["headers"] = utf8(s.header_list);
  j["timestamp"] = opt(s.timestamp);
  j["expiration"] = opt(s.expiration);
  j["timestamp_in_future"] = s.timestamp_in_future;
  j["author_signature"] = s.author_signature;
  j["from_domain"] = utf8(s.from_domain);
  j["pending"] = s.pending;
  j["key"] = {{"name", utf8(s.key_name)},
              {"record", utf8(s.key_record)},
              {"bits", s.key_bits},
              {"encoding", s.key_encoding},
              {"weak", s.key_weak},
              {"testing", s.key_testing},
              {"ttl", s.key_ttl},
              {"cname_chain", strings(s.cname_chain)}};
  j["body"] = {{"state", std::string(dkim::to_string(s.body))},
               {"expected", utf8(s.body_hash_expected)},
               {"computed", s.body_hash_computed},
               {"other_canonicalization_matches", opt(s.other_canon_matches)},
               {"length_limited", s.length_limited},
               {"signed_bytes", s.signed_body_bytes},
               {"unsigned_bytes", s.unsigned_body_bytes}};
  j["header_signature"] = std::string(dkim::to_string(s.header_signature));
  j["header_fields"] = {{"absent", strings(s.signed_fields_absent)},
                        {"unsigned_duplicates", strings(s.unsigned_duplicates)},
                        {"duplicated", strings(s.signed_fields_duplicated)},
                        {"oversigned", strings(s.oversigned)},
                        {"from_oversigned", s.from_oversigned}};
  j["unknown_tags"] = strings(s.unknown_tags);
  return j;
}

nlohmann::json dkim_to_json(const dkim::verify_result& r) {
  nlohmann::json sigs = nlohmann::json::array();
  for (const auto& s : r.signatures) sigs.push_back(dkim_signature_to_json(s));
  return {{"result", std::string(dkim::to_string(r.overall()))}, {"complete", r.complete}, {"signatures", sigs}};
}

}  // namespace authlens::report
