// authlens/dkim.hpp — DomainKeys Identified Mail: verification with forensics, signing, key records.
//
// RFC 6376 §3.2 (tag lists), §3.4 (canonicalisation: simple/relaxed header and body), §3.5 (the
// DKIM-Signature field, every tag), §3.6.1 (key records), §3.7 (hash computation), §5 (signing),
// §6 (verification), §3.5 l= (body length limits); RFC 8301 (rsa-sha1 refused, RSA keys under 1024 bits
// refused); RFC 8463 (ed25519-sha256, raw 32-byte keys); RFC 8601 §2.7.1 (result words).
//
// Sans-I/O (dns.hpp): verify() asks, through a dns::lookup_context, for the key of every signature in
// one round (`selector._domainkey.domain` TXT); a signature whose key is not yet in the cache is
// reported `pending`. Time is an input (`now`). Expensive work (body hashes per (canonicalisation,
// hash, length), parsed keys, signature checks) can be kept across re-evaluations in a `dkim::memo`.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/crypto.hpp"
#include "authlens/dns.hpp"
#include "authlens/result.hpp"

namespace authlens::mime {
struct message;
struct message_parts;
}

namespace authlens::dkim {

// --- vocabulary ------------------------------------------------------------------------------

/// RFC 8601 §2.7.1 result words for one signature.
enum class verdict {
  pass,       ///< the signature verified and is acceptable
  fail,       ///< the signature or body hash did not verify, or the key is unacceptable
  neutral,    ///< the signature could not be judged (e.g. it was not checked)
  temperror,  ///< the key could not be fetched for a transient reason (timeout, SERVFAIL)
  permerror,  ///< the signature or key is unusable (syntax, missing tags, revoked or absent key)
  policy,     ///< verified, but refused by policy (rsa-sha1 per RFC 8301)
  none,       ///< no signature (used for the message as a whole)
};
std::string_view to_string(verdict v);
/// The verdict word read back ("pass", "fail", …; exact, lower-case), or nullopt for any other text.
std::optional<verdict> verdict_from_string(std::string_view s);

/// Stable machine reasons. Each value names one cause; to_string gives the snake_case code.
enum class reason {
  ok,                     ///< verified
  pending,                ///< the key is not in the DNS cache yet
  no_signature,           ///< the message carries no DKIM-Signature
  sig_syntax,             ///< the DKIM-Signature tag-list does not parse (detail says where)
  sig_duplicate_tag,      ///< a tag appears twice
  sig_missing_tag,        ///< a required tag (v a b bh d h s) is missing
  sig_version,            ///< v= is not 1
  sig_algorithm_unknown,  ///< a= names an algorithm authlens does not know
  sig_canon_unknown,      ///< c= names an unknown canonicalisation
  sig_query_unknown,      ///< q= does not offer dns/txt
  sig_bad_base64,         ///< b= or bh= is not base64
  sig_bad_domain,         ///< d= or s= is not a domain name
  sig_identity_mismatch,  ///< i= is not within d=
  sig_from_not_signed,    ///< h= does not include From
  sig_bad_number,         ///< l=, t= or x= is not a number
  sig_expired,            ///< x= is in the past
  sig_timestamps,         ///< x= is before t=
  sig_length_exceeds_body,///< l= is larger than the canonicalised body
  key_not_found,          ///< NXDOMAIN or no TXT record at the key name
  key_unavailable,        ///< the key lookup failed temporarily (timeout, SERVFAIL)
  key_multiple_records,   ///< several TXT records at the key name
  key_syntax,             ///< the key record does not parse
  key_version,            ///< v= in the key record is not DKIM1
  key_revoked,            ///< empty p=
  key_type_unknown,       ///< k= names an unknown key type
  key_type_mismatch,      ///< k= does not match the signature's algorithm
  key_hash_not_allowed,   ///< the key's h= excludes the signature's hash
  key_service_not_email,  ///< the key's s= excludes email
  key_strict_identity,    ///< the key has t=s but i= is a subdomain of d=
  key_bad_data,           ///< p= is not a usable public key
  key_too_small,          ///< RSA key under 1024 bits (RFC 8301)
  body_hash_mismatch,     ///< the body hash differs from bh=
  signature_mismatch,     ///< the header signature does not verify
  sha1_policy,            ///< rsa-sha1: verified but not acceptable (RFC 8301)
  too_many_signatures,    ///< beyond verify_options::max_signatures: not checked
};
std::string_view to_string(reason r);

enum class algorithm { rsa_sha1, rsa_sha256, ed25519_sha256 };
std::string_view to_string(algorithm a);  ///< "rsa-sha1", "rsa-sha256", "ed25519-sha256"
crypto::hash_alg hash_of(algorithm a);

enum class canon { simple, relaxed };
std::string_view to_string(canon c);

// --- tag lists (RFC 6376 §3.2) ----------------------------------------------------------------

struct tag {
  std::string name;
  std::string value;        ///< trimmed of surrounding FWS; inner white space kept
  std::size_t value_begin = 0;  ///< offset of the value (after leading FWS) in the parsed text
  std::size_t value_end = 0;    ///< offset one past the value (before trailing FWS)
};

struct tag_list_result {
  std::vector<tag> tags;
  bool ok = true;
  reason why = reason::ok;  ///< sig_syntax or sig_duplicate_tag
  std::string detail;
  const tag* find(std::string_view name) const;
};
/// Parses a tag-list. Tag names are case-sensitive; duplicates are an error; empty specs between
/// semicolons are tolerated (key records in the wild have them).
[[nodiscard]] tag_list_result parse_tag_list(std::string_view text);

// --- DKIM-Signature (RFC 6376 §3.5) -----------------------------------------------------------

struct signature {
  algorithm alg = algorithm::rsa_sha256;
  std::string alg_text;           ///< a= as written
  crypto::bytes b;                ///< signature data
  crypto::bytes bh;               ///< body hash
  std::string b_text, bh_text;    ///< as written (white space removed)
  canon header_canon = canon::simple;
  canon body_canon = canon::simple;
  std::string domain;             ///< d=, lower-cased
  std::vector<std::string> headers;  ///< h=, in order, as written (trimmed)
  std::string identity;           ///< i= decoded (dkim-quoted-printable), or "@" + d= when absent
  bool identity_given = false;
  std::optional<std::uint64_t> length;  ///< l=
  std::string query = "dns/txt";  ///< q=
  std::string selector;           ///< s=, as written (lower-cased for the DNS name)
  std::optional<std::int64_t> timestamp;   ///< t=
  std::optional<std::int64_t> expiration;  ///< x=
  std::vector<std::string> copied_headers; ///< z=, decoded, one per field
  std::vector<tag> unknown_tags;  ///< tags authlens does not know (ignored, kept for evidence)
  /// The field value with the b= value removed, for the header hash (offsets in the field value).
  std::size_t b_value_begin = 0, b_value_end = 0;
  std::string key_name() const;   ///< selector._domainkey.domain
};

struct signature_parse {
  std::optional<signature> sig;   ///< set when the field is usable
  reason why = reason::ok;
  std::string detail;
  /// Whatever could be read even on failure (for the report): d=, s=, a=.
  std::string domain, selector, alg_text;
};
/// Parses and validates a DKIM-Signature value (the text after the colon). `now` checks x=;
/// pass std::nullopt to skip time checks.
[[nodiscard]] signature_parse parse_signature(std::string_view value, std::optional<std::int64_t> now);

// --- key records (RFC 6376 §3.6.1) ------------------------------------------------------------

enum class key_type { rsa, ed25519 };
struct key_record {
  key_type type = key_type::rsa;
  std::string type_text = "rsa";
  std::vector<std::string> hashes;    ///< h= (empty: any)
  std::vector<std::string> services;  ///< s= (default "*")
  bool testing = false;               ///< t=y
  bool strict = false;                ///< t=s
  bool revoked = false;               ///< p= empty
  std::string notes;                  ///< n=
  crypto::bytes public_key;           ///< decoded p=
  std::optional<crypto::rsa_public_key> rsa;  ///< parsed, for k=rsa
  std::size_t bits = 0;               ///< RSA modulus size, 256 for ed25519
};
struct key_parse {
  std::optional<key_record> key;
  reason why = reason::ok;
  std::string detail;
};
/// Parses a key record (TXT strings concatenated). Revoked keys (empty p=) come back with
/// why = key_revoked and key set (revoked = true).
[[nodiscard]] key_parse parse_key_record(std::string_view text);

// --- canonicalisation (RFC 6376 §3.4) ----------------------------------------------------------

/// Canonicalises one header field. `raw` is the whole field as it stands (name, colon, value,
/// folding) with or without its final CRLF. The result ends in CRLF.
std::string canonicalize_header(canon c, std::string_view raw);

/// Streaming body canonicaliser: feed the body in pieces; output goes to the sink as produced.
class body_canonicalizer {
 public:
  explicit body_canonicalizer(canon c) : c_(c) {}
  void update(std::string_view chunk, std::string& out);
  void finish(std::string& out);

  /// The most bytes update_raw may write for a chunk of `n` bytes: the chunk, the CRLFs held back so
  /// far (trailing empty lines are dropped only at the end), and a held space and lone CR.
  std::size_t max_output(std::size_t n) const { return n + 2 * std::size_t(pending_crlf_) + 2; }
  /// update() into a caller's buffer of at least max_output(chunk.size()) bytes; returns the bytes
  /// written. What update() does, without growing a string byte run by byte run (issue 16).
  std::size_t update_raw(std::string_view chunk, char* out);

 private:
  char* flush_pending(char* o);  ///< writes held CRLFs and WSP before content
  canon c_;
  std::uint64_t pending_crlf_ = 0;
  bool pending_wsp_ = false;
  bool pending_cr_ = false;
  bool any_content_ = false;
};
/// Whole-body convenience.
std::string canonicalize_body(canon c, std::string_view body);

/// Body hash over the canonical body, truncated at `length` when given. `canonical_length` receives
/// the full canonical length.
crypto::bytes body_hash(canon c, crypto::hash_alg alg, std::string_view body, std::optional<std::uint64_t> length,
                        std::uint64_t* canonical_length = nullptr);

// --- the message as DKIM sees it ---------------------------------------------------------------

/// Header fields in order with their raw bytes (CRLF-normalised, final CRLF included or not), the body,
/// and whether the body was provided at all. Built from a mime::message, or by hand in tests.
struct header_view {
  std::string_view name;
  std::string_view raw;
};
struct message_view {
  std::vector<header_view> fields;
  std::string_view body;
  bool headers_only = false;
};
message_view view_of(const mime::message& m);
/// The same over a message split without copies (mime::split): the view borrows what `parts` does.
message_view view_of(const mime::message_parts& parts);
/// Splits raw CRLF text into a view (for tools and tests that do not parse MIME).
message_view view_of_raw(std::string_view text);

/// How many fields named `name` (case-insensitive) the message has.
std::size_t count_fields(const message_view& msg, std::string_view name);
/// A signer's default h= list: each of `candidates` (lower-cased) once per field of that name the message
/// has, in the candidates' order, so every instance present is signed (RFC 6376 §5.4.2).
std::vector<std::string> present_field_names(const message_view& msg, std::span<const char* const> candidates);
/// The h= part of the header hash input (RFC 6376 §3.7, §5.4.2), shared by DKIM and ARC signing and
/// verifying: for each name, the bottom-most field of that name not taken yet, canonicalised; a name
/// with no field left adds nothing. The field at index `skip` (the signature itself) is never taken.
std::string canonical_signed_fields(canon c, const message_view& msg, std::span<const std::string> names,
                                    std::size_t skip = static_cast<std::size_t>(-1));

// --- verification --------------------------------------------------------------------------------

struct verify_options {
  std::size_t max_signatures = 8;    ///< more are reported too_many_signatures without DNS
  std::size_t min_rsa_bits = 1024;   ///< RFC 8301: smaller keys fail
  std::size_t weak_rsa_bits = 1024;  ///< keys of at most this size are flagged weak
  bool check_alternate_canon = true; ///< on body-hash mismatch, try the other canonicalisation
};

enum class body_hash_state {
  match,         ///< bh= equals the computed hash
  mismatch,      ///< it differs
  not_provided,  ///< headers-only input: the body was not given (never a failure)
  not_checked,   ///< the signature failed before the body was considered
};
std::string_view to_string(body_hash_state s);

enum class header_sig_state {
  valid,        ///< the header signature verifies with the key
  invalid,      ///< it does not
  not_checked,  ///< no usable key or signature
};
std::string_view to_string(header_sig_state s);

struct signature_result {
  verdict result = verdict::neutral;
  reason why = reason::ok;
  std::string human;     ///< one sentence for people
  std::string detail;    ///< extra precision (parser position, DNS status)
  bool pending = false;  ///< the key is not in the cache yet (result is provisional)

  std::size_t field_index = 0;  ///< position of the DKIM-Signature among all header fields
  std::string domain, selector, algorithm, identity;
  std::string header_canon, body_canon;
  std::string header_list;      ///< h= as written
  std::optional<std::int64_t> timestamp, expiration;
  bool timestamp_in_future = false;  ///< t= more than 5 minutes after `now` (noted, not a failure: RFC 6376 §3.5)

  // key evidence
  std::string key_name;
  std::string key_record;                 ///< the TXT record used (strings concatenated)
  std::vector<std::string> cname_chain;   ///< when the selector is CNAME-delegated
  std::uint32_t key_ttl = 0;
  std::size_t key_bits = 0;
  std::string key_encoding;               ///< "spki", "pkcs1", "ed25519"
  bool key_weak = false;                  ///< RSA of at most weak_rsa_bits
  bool key_testing = false;               ///< t=y
  // body evidence
  body_hash_state body = body_hash_state::not_checked;
  std::string body_hash_expected;         ///< bh= (base64)
  std::string body_hash_computed;         ///< base64
  std::optional<bool> other_canon_matches;///< on mismatch: would the other body canonicalisation match?
  bool length_limited = false;            ///< l= used
  std::uint64_t signed_body_bytes = 0;    ///< canonical bytes covered
  std::uint64_t unsigned_body_bytes = 0;  ///< canonical bytes after l= (content that could be appended)
  // header evidence
  header_sig_state header_signature = header_sig_state::not_checked;
  std::vector<std::string> signed_fields_absent;  ///< names in h= of which the message has no field at all
  std::vector<std::string> oversigned;            ///< names listed in h= more often than present (guards against additions)
  std::vector<std::string> unsigned_duplicates;   ///< names signed once but present more often than h= lists
  std::vector<std::string> signed_fields_duplicated;  ///< signed names present more than once (e.g. two From)
  bool from_oversigned = false;                   ///< From listed more often than present
  // alignment
  bool author_signature = false;  ///< d= equals the From domain or is a parent of it
  std::string from_domain;
  std::vector<std::string> unknown_tags;
};

struct verify_result {
  std::vector<signature_result> signatures;
  bool complete = true;  ///< false while some key is pending
  /// pass when one signature passes, else the "best" other word; none when unsigned.
  verdict overall() const;
};

/// Memo kept across re-evaluations of one analysis (body hashes, key parses, checks).
class memo {
 public:
  memo();
  ~memo();
  memo(memo&&) noexcept;
  memo& operator=(memo&&) noexcept;
  struct state;
  state& get() { return *s_; }
  std::size_t body_hash_computations() const;  ///< how many body hashes were computed (for tests)
  /// Forgets what belongs to the message verified so far (body hashes, signature checks) and keeps the
  /// parsed key records, with their prepared RSA keys: a caller verifying many messages with one memo
  /// (`authlens dkim verify FILE...`) parses and prepares each key once. Call it before every message
  /// but the first; without it a memo must serve one message only.
  void next_message();

 private:
  std::unique_ptr<state> s_;
};

[[nodiscard]] verify_result verify(dns::lookup_context& ctx, const message_view& msg, std::int64_t now,
                     const verify_options& opt = {}, memo* m = nullptr);
[[nodiscard]] verify_result verify(dns::lookup_context& ctx, const mime::message& msg, std::int64_t now,
                     const verify_options& opt = {}, memo* m = nullptr);

// --- signing (RFC 6376 §5) -----------------------------------------------------------------------

/// The signer's key: RSA or Ed25519.
struct private_key {
  key_type type = key_type::rsa;
  std::shared_ptr<crypto::rsa_private_key> rsa;
  crypto::ed25519_seed ed25519{};
};
/// Reads a PEM (PKCS#8 RSA or Ed25519, PKCS#1 RSA) or a base64 Ed25519 seed.
[[nodiscard]] result<private_key> parse_private_key(std::string_view text);

struct sign_options {
  std::string domain;                ///< d=
  std::string selector;              ///< s=
  algorithm alg = algorithm::rsa_sha256;
  canon header_canon = canon::relaxed;
  canon body_canon = canon::relaxed;
  /// h=; empty → the default set present in the message (From, To, Subject, Date, Message-ID,
  /// MIME-Version, Content-Type, Content-Transfer-Encoding, List-Unsubscribe, List-Unsubscribe-Post)
  std::vector<std::string> headers;
  bool oversign_from = true;         ///< list From once more than it occurs
  std::optional<std::int64_t> timestamp;   ///< t=
  std::optional<std::int64_t> expiration;  ///< x=
  std::string identity;              ///< i= (empty: omitted)
  std::optional<std::uint64_t> length;     ///< l= (discouraged)
};

/// Signs the message; returns the complete "DKIM-Signature: …\r\n" field to prepend.
/// Errors: "dkim.sign.no_from", "dkim.sign.key_mismatch", "dkim.sign.options", crypto errors.
[[nodiscard]] result<std::string> sign(const message_view& msg, const private_key& key, const sign_options& opt,
                         const crypto::random_fn& rng);
[[nodiscard]] result<std::string> sign(const mime::message& msg, const private_key& key, const sign_options& opt,
                         const crypto::random_fn& rng);

// --- key generation and TXT records ------------------------------------------------------------------

struct generated_key {
  private_key key;
  std::string private_pem;     ///< PKCS#8
  std::string public_b64;      ///< p= value
  std::string record;          ///< "v=DKIM1; k=rsa; p=…" as one long string
  std::vector<std::string> strings;  ///< the record split into ≤255-byte character-strings
  std::string zone_snippet;    ///< BIND: selector._domainkey.domain. IN TXT ( "…" "…" )
};
/// RSA (bits 1024..4096, 2048 default) or Ed25519 key for `selector._domainkey.domain`.
[[nodiscard]] result<generated_key> keygen(key_type type, unsigned bits, std::string_view domain, std::string_view selector,
                             const crypto::random_fn& rng);
/// "v=DKIM1; k=…; p=…".
std::string key_record_text(key_type type, std::string_view public_b64);
/// Splits into character-strings of at most 255 bytes.
std::vector<std::string> split_txt(std::string_view record, std::size_t max = 255);
/// BIND zone lines for the record.
std::string zone_snippet(std::string_view domain, std::string_view selector, const std::vector<std::string>& strings,
                         std::uint32_t ttl = 3600);

}  // namespace authlens::dkim
