// authlens/report/message_json.hpp — the message model (authlens/message.hpp: RFC 5322, RFC 2045–2047,
// RFC 2183, RFC 2231) turned into the pieces of the `authlens/report/v1` JSON report.
//
// Every string is valid UTF-8 (invalid bytes from the input become U+FFFD), so the result can always be
// dumped by nlohmann::json without an exception.
#pragma once

#include <nlohmann/json.hpp>

#include "authlens/message.hpp"

namespace authlens::report {

/// An object with the keys:
///   "fields":        [{"name", "value" (unfolded), "decoded" (only when RFC 2047 decoding changes it)}]
///   "addresses":     {"from", "sender", "reply_to", "return_path", "to", "cc"}: arrays of
///                    {"display_name", "address", "local", "domain"} (+ "group" when listed in a group)
///   "author_domain": the From domain DMARC uses, or null; then "author_domain_reason": {"code", "detail"}
///   "subject":       decoded Subject, or null when there is none
///   "mime":          {"content_type", "charset", "transfer_encoding", "disposition", "filename", "size",
///                    "parts": [...]} (charset/disposition/filename are null when absent)
///   "input":         {"bytes", "headers_only", "line_endings": "CRLF"|"LF"|"mixed"|"none"}
///   "defects":       [{"code", "detail"}] — parse defects, then address defects
nlohmann::json message_to_json(const mime::message& m);

/// The pieces, for callers that want one of them.
nlohmann::json fields_to_json(const mime::message& m);
nlohmann::json addresses_to_json(const mime::message& m, std::vector<defect>* defects = nullptr);
nlohmann::json mailbox_to_json(const mime::mailbox& mb);
nlohmann::json part_to_json(const mime::part& p);
nlohmann::json input_to_json(const mime::message& m);
nlohmann::json defects_to_json(const std::vector<defect>& defects);

}  // namespace authlens::report
