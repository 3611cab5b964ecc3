// authlens/arc.hpp — Authenticated Received Chain: validation with forensics, and sealing.
//
// RFC 8617 §4.1 (the three header fields of an ARC set: ARC-Authentication-Results §4.1.1,
// ARC-Message-Signature §4.1.2, ARC-Seal §4.1.3), §4.2 (ARC sets, instance numbers 1..50),
// §4.4 (chain validation status cv=none/pass/fail), §5.1.1 (the ARC-Seal header hash: every set so far,
// in increasing instance order, AAR then AMS then AS, relaxed header canonicalisation, the seal being
// checked with b= emptied), §5.1.2 (the AMS: a DKIM signature per RFC 6376 with i= as instance, no v=,
// l= not used), §5.2 (validator actions: structure, newest AMS, oldest-pass, every AS from newest to
// oldest), §5.1 (sealer actions). RFC 8601 / RFC 8617 §10.2 result words (none, pass, fail).
// Key records, canonicalisation and hashing are DKIM's (dkim.hpp, RFC 6376 §3.4, §3.6.1; RFC 8301,
// RFC 8463 ed25519-sha256).
//
// Sans-I/O (dns.hpp): validate() asks for the keys of every AMS and AS in one round
// (`selector._domainkey.domain` TXT); while a key is missing the evaluation is incomplete
// (`complete == false`) and its verdict provisional. Time is an input (`now`). Expensive work (body
// hashes, parsed keys, signature checks) can be kept across re-evaluations in an `arc::memo`.
// Never throws, no I/O, no clock.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "authlens/authres.hpp"
#include "authlens/crypto.hpp"
#include "authlens/dkim.hpp"
#include "authlens/dns.hpp"
#include "authlens/result.hpp"

namespace authlens::mime {
struct message;
}

namespace authlens::arc {

// --- vocabulary ------------------------------------------------------------------------------

/// Chain validation status (RFC 8617 §4.4; the `cv=` words and the RFC 8601 `arc=` result).
enum class chain_status {
  none,  ///< no ARC sets (or, for cv=, the first set)
  pass,  ///< every set is well-formed, the newest AMS and every AS verify
  fail,  ///< anything else
};
std::string_view to_string(chain_status s);  ///< "none", "pass", "fail"
std::optional<chain_status> chain_status_from_string(std::string_view s);  ///< case-insensitive

/// ARC's own stable machine reasons: the chain's, and the signature problems DKIM does not have.
/// The signature and key problems ARC shares with DKIM are dkim::reason values (see sig_reason).
/// to_string gives the snake_case code.
enum class reason {
  ok,                     ///< verified / the chain passes
  pending,                ///< a key is not in the DNS cache yet (provisional)
  no_arc_sets,            ///< the message carries no ARC header field
  too_many_sets,          ///< more than 50 sets (or options::max_sets)
  instance_missing,       ///< an ARC field has no usable i= tag
  instance_invalid,       ///< i= is not a number in 1..50
  field_duplicate,        ///< two fields of the same kind carry the same instance
  field_missing,          ///< a set lacks its AAR, AMS or AS
  instance_gap,           ///< the instances are not exactly 1..N
  cv_invalid,             ///< cv= is missing or not none/pass/fail
  cv_first_not_none,      ///< the ARC-Seal of instance 1 does not say cv=none
  cv_later_not_pass,      ///< an ARC-Seal of instance > 1 does not say cv=pass (and not fail)
  sealed_fail,            ///< an ARC-Seal says cv=fail: an earlier sealer saw the chain fail
  newest_ams_failed,      ///< the AMS of the newest set does not verify
  seal_failed,            ///< an ARC-Seal does not verify
  temporary_failure,      ///< a key could not be fetched (temporary DNS failure): chain not judged
  // signature-level, ARC only
  sig_h_in_seal,          ///< an ARC-Seal carries h= (RFC 8617 §4.1.3: MUST fail)
  sig_seal_signed,        ///< an AMS lists ARC-Seal in h= (RFC 8617 §4.1.2: not allowed)
  sig_timestamp_future,   ///< t= later than now (+ tolerance): the signature cannot have been made yet
  not_checked,            ///< the signature was not examined (structure failed first, or beyond the newest)
};
std::string_view to_string(reason r);

/// Why one signature (AMS or AS) came out as it did: one of ARC's own reasons, or a signature or key
/// problem in DKIM's list (ARC uses these dkim::reason values: sig_syntax, sig_duplicate_tag,
/// sig_missing_tag (AMS: i a b bh d h s; AS: i a b cv d s), sig_algorithm_unknown (rsa-sha1 included:
/// RFC 8617 §4.1.2 via RFC 8301), sig_canon_unknown, sig_bad_base64, sig_bad_domain, sig_bad_number (t=),
/// key_not_found, key_unavailable, key_multiple_records, key_syntax (also wrong v=, unknown k=, bad p=),
/// key_revoked, key_type_mismatch, key_hash_not_allowed (sha256), key_service_not_email, key_too_small
/// (under options::min_rsa_bits), body_hash_mismatch, signature_mismatch).
using sig_reason = std::variant<reason, dkim::reason>;
/// ARC's code for a signature reason. DKIM's signature-syntax words are spelled the ARC way
/// ("sig_missing_tag" where DKIM says "signature_missing_tag"); the key and hash words are DKIM's.
std::string_view to_string(const sig_reason& r);

/// Outcome of one signature (AMS or AS).
enum class sig_state {
  pass,         ///< verified
  fail,         ///< did not verify, or is unacceptable (bad syntax, bad key, …)
  temperror,    ///< the key could not be fetched for a transient reason
  pending,      ///< the key is not in the cache yet
  not_checked,  ///< not examined
};
std::string_view to_string(sig_state s);

// --- field parsing (RFC 8617 §4.1) ------------------------------------------------------------

/// The fields of one ARC signature (AMS or AS), as parsed. Missing tags leave defaults.
struct signature_fields {
  std::uint32_t instance = 0;          ///< i= (0 when missing or unusable)
  std::string instance_text;           ///< i= as written
  dkim::algorithm alg = dkim::algorithm::rsa_sha256;
  std::string alg_text;                ///< a= as written
  crypto::bytes b, bh;                 ///< b= and (AMS) bh= decoded
  std::string b_text, bh_text;         ///< as written, white space removed
  dkim::canon header_canon = dkim::canon::relaxed;  ///< AMS c= (AS: always relaxed)
  dkim::canon body_canon = dkim::canon::simple;
  std::string canon_text;              ///< c= as written ("" when absent)
  std::string domain;                  ///< d=, lower-cased
  std::string selector;                ///< s=, as written
  std::vector<std::string> headers;    ///< AMS h=, in order, trimmed
  std::optional<std::int64_t> timestamp;  ///< t=
  std::string cv_text;                 ///< AS cv= as written
  std::optional<chain_status> cv;      ///< AS cv= understood
  bool has_h = false;                  ///< AS carries h= (forbidden)
  bool has_l = false;                  ///< AMS carries l= (ignored; flagged)
  std::vector<std::string> unknown_tags;
  std::size_t b_value_begin = 0, b_value_end = 0;  ///< offsets of b='s value in the field value
  std::string key_name() const;        ///< selector._domainkey.domain
};

/// Result of parsing one AMS or AS value (the text after the colon).
struct signature_parse {
  signature_fields fields;
  bool ok = false;       ///< usable for verification
  sig_reason why = reason::ok;
  std::string detail;
};
/// Parses an ARC-Message-Signature value (RFC 8617 §4.1.2).
[[nodiscard]] signature_parse parse_message_signature(std::string_view value);
/// Parses an ARC-Seal value (RFC 8617 §4.1.3).
[[nodiscard]] signature_parse parse_seal(std::string_view value);
/// Reads the `i=N` instance of any ARC field value (AAR: the leading `i=N;`; AMS/AS: the i= tag).
/// std::nullopt when it is missing or not a number in 1..999999.
[[nodiscard]] std::optional<std::uint32_t> instance_of(std::string_view field_name, std::string_view value);

// --- validation (RFC 8617 §5.2) ----------------------------------------------------------------

struct options {
  std::size_t max_sets = 50;          ///< RFC 8617 §4.2.1: more sets fail the chain
  std::size_t min_rsa_bits = 1024;    ///< RFC 8301
  std::size_t weak_rsa_bits = 1024;   ///< keys of at most this size are flagged weak
  bool compute_oldest_pass = true;    ///< verify every older AMS (RFC 8617 §5.2 step 5)
  std::int64_t future_tolerance = 300;///< t= may be this many seconds after `now`
};

/// One signature's outcome with its evidence.
struct signature_check {
  sig_state state = sig_state::not_checked;
  sig_reason why = reason::not_checked;
  std::string human;     ///< one sentence for people
  std::string detail;    ///< extra precision (parser position, DNS status)
  std::string domain, selector, algorithm;
  std::optional<std::int64_t> timestamp;
  std::string key_name;
  std::string key_record;                ///< TXT strings concatenated
  std::vector<std::string> cname_chain;
  std::uint32_t key_ttl = 0;
  std::size_t key_bits = 0;
  bool key_weak = false;
  dkim::header_sig_state header_signature = dkim::header_sig_state::not_checked;
  // AMS only
  std::string canonicalization;          ///< "relaxed/relaxed"
  std::string header_list;               ///< h= as written (colon-joined)
  dkim::body_hash_state body = dkim::body_hash_state::not_checked;
  std::string body_hash_expected, body_hash_computed;
};

/// One ARC set (instance N): its three fields as found, and what authlens made of them.
struct set_result {
  std::uint32_t instance = 0;
  std::size_t aar_count = 0, ams_count = 0, as_count = 0;  ///< fields found with this instance
  std::string aar_raw, ams_raw, as_raw;  ///< the field values (first of each kind)
  std::optional<authres::field> aar;     ///< the AAR parsed (RFC 8601 payload)
  std::string authserv_id;               ///< the AAR's authserv-id
  std::string cv;                        ///< the AS's cv= as written
  signature_check ams;
  signature_check seal;
};

struct evaluation {
  chain_status cv = chain_status::none;  ///< the chain's status (what a new sealer writes as cv=)
  reason why = reason::no_arc_sets;
  std::string human;                     ///< one sentence for people
  std::string detail;
  bool complete = true;                  ///< false while some key is pending
  bool temporary = false;                ///< a key lookup failed temporarily (CLI exit 3)
  std::uint32_t failed_instance = 0;     ///< the instance where the chain failed (0: none / not one set)
  std::vector<set_result> sets;          ///< by instance, ascending (instances that appear; may have gaps)
  std::uint32_t newest = 0;              ///< highest instance found
  /// RFC 8617 §5.2 step 5: the lowest instance N such that every AMS from N to the newest verifies
  /// (1 when all do). Absent when the chain is not checked that far (structure failed, newest AMS failed).
  std::optional<std::uint32_t> oldest_pass;
  /// The authentication results the first sealer (instance 1) recorded: evidence of what the message
  /// looked like before forwarding / a mailing list changed it.
  std::optional<authres::field> first_hop_results;
  std::vector<defect> defects;           ///< stray or malformed ARC fields, noted
};

/// Memo kept across re-evaluations of one analysis (body hashes, key parses, signature checks).
class memo {
 public:
  memo();
  ~memo();
  memo(memo&&) noexcept;
  memo& operator=(memo&&) noexcept;
  struct state;
  state& get() { return *s_; }
  std::size_t body_hash_computations() const;    ///< for tests
  std::size_t signature_verifications() const;   ///< for tests

 private:
  std::unique_ptr<state> s_;
};

[[nodiscard]] evaluation validate(dns::lookup_context& ctx, const dkim::message_view& msg, std::int64_t now,
                    const options& opt = {}, memo* m = nullptr);
[[nodiscard]] evaluation validate(dns::lookup_context& ctx, const mime::message& msg, std::int64_t now,
                    const options& opt = {}, memo* m = nullptr);

// --- sealing (RFC 8617 §5.1) ---------------------------------------------------------------------

struct seal_options {
  std::string domain;                ///< d=
  std::string selector;              ///< s=
  std::string authserv_id;           ///< the AAR's authserv-id
  std::string results;               ///< the AAR's results, RFC 8601 text ("spf=pass smtp.mailfrom=…; dkim=…");
                                     ///< empty → "none"
  dkim::algorithm alg = dkim::algorithm::rsa_sha256;  ///< rsa-sha256 or ed25519-sha256
  dkim::canon header_canon = dkim::canon::relaxed;    ///< AMS c=
  dkim::canon body_canon = dkim::canon::relaxed;
  /// AMS h=; empty → the default set present in the message (From, To, Subject, Date, Message-ID,
  /// MIME-Version, Content-Type, Content-Transfer-Encoding, DKIM-Signature, Authentication-Results,
  /// List-*) — never ARC-Seal.
  std::vector<std::string> headers;
  std::optional<std::int64_t> timestamp;  ///< t= on AMS and AS
};

struct sealed_set {
  std::uint32_t instance = 0;
  chain_status cv = chain_status::none;  ///< the cv= written
  std::string aar, ams, as;              ///< complete fields "Name: value\r\n"
  /// The three fields in the order to prepend them (AS, AMS, AAR: the seal on top).
  std::string prepend() const { return as + ams + aar; }
};

/// Adds set N+1 to a message whose chain was validated as `chain` (pass validate()'s evaluation for
/// this message; an incomplete evaluation is refused). cv= is chain.cv (none for the first set).
/// When the chain fails, RFC 8617 §5.1.2 lets the seal carry cv=fail; it is still produced.
/// Errors: "arc.seal.options", "arc.seal.key_mismatch", "arc.seal.incomplete", "arc.seal.too_many",
/// "arc.seal.sealed_fail" (the newest seal already says cv=fail), crypto errors.
[[nodiscard]] result<sealed_set> seal(const dkim::message_view& msg, const evaluation& chain, const dkim::private_key& key,
                        const seal_options& opt, const crypto::random_fn& rng);
[[nodiscard]] result<sealed_set> seal(const mime::message& msg, const evaluation& chain, const dkim::private_key& key,
                        const seal_options& opt, const crypto::random_fn& rng);

}  // namespace authlens::arc
