// Internal to the analysis area: the parts of the message analysis that are judged from the other
// checks' results — bulk-sender readiness, spoofing indicators, recomputed-vs-claimed comparison,
// the one-line summary.
//
// Each part takes a small aggregate of plain values (filled by analysis.cpp from the areas' results,
// or by hand in tests/unit/analysis) and returns its typed result (authlens/analysis.hpp); the report
// area serialises them (docs/report-format.md). Pure: no DNS, no clock, no exceptions, no JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/analysis.hpp"
#include "authlens/authres.hpp"
#include "authlens/result.hpp"

namespace authlens::analyzer {

// --- bulk-sender readiness ----------------------------------------------------------------------------

struct bulk_dkim_sig {
  std::string domain;
  std::string result;          ///< RFC 8601 word
  std::size_t key_bits = 0;    ///< 0 when unknown
  std::string key_type;        ///< "rsa", "ed25519" or ""
  bool aligned = false;        ///< d= aligns with the author domain (DMARC rules)
  std::vector<std::string> signed_fields;  ///< h=, lower-cased
};

struct bulk_inputs {
  std::int64_t now = 0;        ///< decides which providers' rules are in force
  std::string author_domain;
  check_state spf_state = check_state::done;
  std::string spf_result;      ///< MAIL FROM result word
  std::string spf_domain;
  check_state dkim_state = check_state::done;
  std::vector<bulk_dkim_sig> dkim;
  check_state dmarc_state = check_state::done;
  std::string dmarc_result;    ///< RFC 9989 result word
  std::string dmarc_record;    ///< "" when none was found
  std::string dmarc_record_domain;
  std::string dmarc_policy;    ///< p/sp/np that applies, "" when none
  bool spf_aligned = false;
  bool dkim_aligned = false;
  check_state iprev_state = check_state::done;
  std::string iprev_result;
  std::string handoff_ip;      ///< "" when unknown
  std::string iprev_name;      ///< the confirmed name
  bool handoff_known = false;
  std::optional<std::string> handoff_tls;  ///< the hop's tls value; nullopt when the field does not say
  // RFC 5322 format
  std::size_t from_fields = 0, date_fields = 0, message_id_fields = 0, sender_fields = 0;
  std::size_t to_fields = 0, subject_fields = 0;
  bool date_parses = true;
  std::string author_error;    ///< "" or the mime.author.* code
  std::vector<std::string> format_defects;  ///< header-level defect codes of the message
  // unsubscribe (RFC 2369, RFC 8058)
  std::vector<std::string> list_unsubscribe;       ///< every List-Unsubscribe value
  std::vector<std::string> list_unsubscribe_post;  ///< every List-Unsubscribe-Post value
};

/// The two checklists and every provider's verdict (report key bulk_sender).
bulk_sender_verdicts bulk_sender(const bulk_inputs& in);

/// One requirement checked on the message (id = the requirement's word, rule empty).
bulk_item check_requirement(senders::requirement r, const bulk_inputs& in);

/// Whether a confirmed PTR name looks generic (the IP's digits in it, or a dynamic-pool word).
bool generic_ptr_name(std::string_view name, std::string_view ip);

// --- spoofing indicators -------------------------------------------------------------------------------

struct spoof_mailbox {
  std::string display_name;
  std::string address;
  std::string domain;
};

struct spoof_inputs {
  std::vector<spoof_mailbox> from;      ///< header From mailboxes
  std::vector<spoof_mailbox> reply_to;
  std::vector<spoof_mailbox> sender;
  std::string author_domain;            ///< "" when it cannot be determined
  std::string envelope_from;            ///< MAIL FROM / Return-Path address used ("" unknown, "<>" null)
  std::string envelope_domain;
  std::vector<std::string> dkim_domains;        ///< d= of every signature
  std::vector<std::string> dkim_pass_domains;   ///< d= of passing signatures
  std::string subject;                          ///< the first Subject, decoded (control characters kept)
};

/// Organisational domain comparison (RFC 7489 PSL rule); used for "same organisation" decisions.
bool same_organisation(std::string_view a, std::string_view b);

/// Identities side by side, indicators and the lookalike check of every domain shown (report key spoofing).
spoofing_report spoofing(const spoof_inputs& in);

/// The lookalike check of one domain (exposed for tests).
lookalike check_lookalike(std::string_view domain);

// --- recomputed vs claimed -------------------------------------------------------------------------------

struct ours_dkim {
  std::string domain, selector, result, reason, b_prefix;  ///< b_prefix: start of b= (for header.b)
  std::optional<std::int64_t> expiration;
  std::string key_record;  ///< "" when no key was found
};

struct compare_inputs {
  std::vector<authres::field> fields;   ///< every parsed AR/AAR field, in header order (top first)
  std::string receiver_host;            ///< by_host of the hand-off hop ("" unknown)
  std::string receiver_org;             ///< its organisational domain ("" unknown)
  std::int64_t now = 0;
  std::optional<std::int64_t> delivered_at;  ///< date of the newest Received field
  check_state spf_state = check_state::done;
  std::string spf_result, spf_ip, spf_mail_from;
  check_state dkim_state = check_state::done;
  std::vector<ours_dkim> dkim;
  check_state dmarc_state = check_state::done;
  std::string dmarc_result, dmarc_policy;
  check_state arc_state = check_state::done;
  std::string arc_result;
  bool headers_only = false;
};

/// The receiver's Authentication-Results chosen and compared with ours (report key comparison).
comparison_report compare(const compare_inputs& in);

// --- summary and decision ---------------------------------------------------------------------------------

struct summary_inputs {
  std::string author_domain;
  std::string author_error;   ///< "" or dmarc author_problem word
  check_state dmarc_state = check_state::done;
  std::string dmarc_result, dmarc_reason, dmarc_policy, dmarc_disposition, fix_code, fix;
  std::string spf_result, spf_domain;
  bool spf_aligned = false;
  std::vector<std::string> dkim_pass_domains;
  std::vector<std::string> dkim_aligned_domains;
  std::vector<std::string> dkim_fail_domains;
  bool headers_only = false;
};

/// The headline (report key summary); the fix is in params only when it applies.
summary_line summary(const summary_inputs& in);

}  // namespace authlens::analyzer
