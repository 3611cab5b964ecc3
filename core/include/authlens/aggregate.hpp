// authlens/aggregate.hpp — DMARC aggregate ("rua") reports: read, merge, export.
//
// Implements, for reading:
//   RFC 7489 §7.2 and Appendix C (the aggregate report XML, namespace http://dmarc.org/dmarc-xml/0.1 or none);
//   RFC 9990 (DMARCbis aggregate reporting: namespace urn:ietf:params:xml:ns:dmarc-2.0, `np`, `testing`,
//     `discovery_method`, `generator`; `pct` gone) — both schemas, and the pre-RFC draft reports of 2012;
//   RFC 1952 (gzip members, possibly concatenated) and the PKZIP "APPNOTE" local file headers and central
//     directory (stored and deflate entries only), the two containers reporters use (RFC 7489 §7.2.1.1);
//   a whole report e-mail (RFC 5322 + MIME, through mime::parse) whose attachment holds the report.
//
// Tolerance. Real reporters send non-conforming files: names in upper case, empty elements, a stray `<`
// inside text, a declared charset that is not UTF-8, namespace prefixes. Whatever can still be read is
// returned with `defect`s saying what was wrong; only input that holds no report at all is an `error`.
// Nothing here throws, reads files or reads the clock; every size is bounded by `parse_options`
// (decompression stops at `max_xml_bytes`, so a zip or gzip bomb is refused, not expanded).
//
// Error codes (result<report>::err().code):
//   aggregate.input.empty      aggregate.input.too_large   aggregate.input.unknown_format
//   aggregate.gzip.corrupt     aggregate.gzip.too_large    aggregate.zip.corrupt   aggregate.zip.too_large
//   aggregate.zip.unsupported  aggregate.zip.no_report     aggregate.eml.no_report aggregate.xml.not_a_report
//   aggregate.xml.unreadable   aggregate.nesting
// Defect codes (report::defects):
//   aggregate.xml.repaired (a stray '<' was read as text)  aggregate.xml.malformed (the rest was lost)
//   aggregate.xml.charset (converted from the declared charset)  aggregate.xml.invalid_utf8  aggregate.xml.wrapped
//   aggregate.metadata.missing  aggregate.policy.missing  aggregate.record.no_ip  aggregate.record.bad_ip
//   aggregate.record.bad_count  aggregate.record.no_count  aggregate.value.unknown  aggregate.date.invalid
//   aggregate.records.too_many  aggregate.zip.extra_entries  aggregate.eml.extra_reports
//   aggregate.defects.truncated
//
// PTR names of the sources (`ptr_lookup`, a dns::job): RFC 1035 §3.5 (in-addr.arpa), RFC 3596 §2.5
// (ip6.arpa), forward confirmation as iprev (RFC 8601 §3, authlens/transport.hpp — the same code).
// The providers' sending addresses: RFC 7208 check_host (authlens/spf.hpp) over the SPF records each
// provider asks its customers to include (authlens/inventory.hpp, provider_spf_trees).
//
// Senders (`group_senders`): the sources grouped into who sends — the provider whose SPF tree holds
// the IP, else the registrable domain (public suffix list) of its PTR name, else its /24 (IPv6 /48).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dns_job.hpp"
#include "authlens/result.hpp"

namespace authlens::aggregate {

struct source_ptr;

/// How the report arrived.
enum class container {
  xml,   ///< plain XML
  gzip,  ///< gzip (RFC 1952)
  zip,   ///< zip archive
  eml,   ///< a whole e-mail whose attachment holds the report (itself xml, gzip or zip)
};
/// "xml", "gzip", "zip", "eml".
const char* to_string(container c);

/// Which schema the XML follows, from its namespace and the elements present.
enum class schema {
  rfc7489,  ///< RFC 7489 Appendix C (no namespace, or http://dmarc.org/dmarc-xml/0.1)
  rfc9990,  ///< RFC 9990 (urn:ietf:params:xml:ns:dmarc-2.0, or RFC 9990-only elements present)
};
/// "rfc7489", "rfc9990".
const char* to_string(schema s);

/// Limits. Every one is checked before the work it bounds.
struct parse_options {
  std::size_t max_input_bytes = 64u << 20;   ///< the file as given
  std::size_t max_xml_bytes = 128u << 20;    ///< the report after decompression (bombs stop here)
  std::size_t max_ratio = 500;               ///< decompressed/compressed above this (and > 1 MiB): refused
  std::size_t max_records = 1'000'000;       ///< <record> elements read; the rest dropped with a defect
  std::size_t max_zip_entries = 256;         ///< central-directory entries looked at
  std::size_t max_defects = 100;             ///< then one "aggregate.defects.truncated"
  std::size_t max_repairs = 16;              ///< stray '<' characters turned into text before giving up
};

/// <policy_evaluated><reason>.
struct override_reason {
  std::string type;     ///< lower-cased: forwarded, sampled_out, trusted_forwarder, mailing_list, local_policy, other
  std::string comment;
};

/// One <auth_results><dkim>.
struct dkim_auth {
  std::string domain;        ///< lower-cased d=
  std::string selector;
  std::string result;        ///< lower-cased: none pass fail policy neutral temperror permerror
  std::string human_result;
};

/// One <auth_results><spf>.
struct spf_auth {
  std::string domain;        ///< lower-cased
  std::string scope;         ///< "mfrom", "helo", or empty when absent (RFC 9990 dropped it)
  std::string result;        ///< lower-cased: none neutral pass fail softfail temperror permerror
  std::string human_result;
};

/// One <record>: a group of messages from one source IP with the same outcome.
struct record {
  std::string source_ip;      ///< as written (validated: a defect when not an IP address)
  std::uint64_t count = 0;
  std::string disposition;    ///< lower-cased: none quarantine reject (RFC 9990 also "pass")
  std::string dkim;           ///< policy_evaluated dkim: pass / fail (DMARC-aligned outcome)
  std::string spf;            ///< policy_evaluated spf: pass / fail
  std::vector<override_reason> reasons;
  std::string envelope_to;
  std::string envelope_from;  ///< lower-cased
  std::string header_from;    ///< lower-cased
  std::vector<dkim_auth> dkim_results;
  std::vector<spf_auth> spf_results;

  /// DMARC passed for these messages (policy_evaluated dkim or spf is "pass").
  bool dmarc_pass() const { return dkim == "pass" || spf == "pass"; }
};

/// <report_metadata> and <policy_published>. Absent elements are empty strings.
struct metadata {
  std::string org_name;
  std::string email;
  std::string extra_contact_info;
  std::string report_id;
  std::int64_t begin = 0;   ///< date_range, seconds since the epoch (UTC)
  std::int64_t end = 0;
  std::vector<std::string> errors;
  std::string generator;    ///< RFC 9990
};
struct policy {
  std::string domain;       ///< lower-cased
  std::string adkim;        ///< "r", "s" or empty
  std::string aspf;
  std::string p;            ///< none quarantine reject
  std::string sp;
  std::string np;           ///< RFC 9990
  std::string pct;          ///< RFC 7489 only, as written
  std::string fo;
  std::string testing;      ///< RFC 9990 "y"/"n"
  std::string discovery_method;  ///< RFC 9990 "psl"/"treewalk"
};

/// One aggregate report.
struct report {
  container from = container::xml;
  schema format = schema::rfc7489;
  std::string xml_namespace;     ///< as declared on <feedback>, or empty
  std::string version;           ///< <version> as written, or empty
  metadata meta;
  policy published;
  std::vector<record> records;
  std::vector<defect> defects;   ///< empty when the file was read cleanly
  std::uint64_t messages() const;  ///< sum of the records' counts
};

/// Reads one file's bytes (XML, gzip, zip or an e-mail carrying one of them). An error when no report
/// could be found in it; otherwise the report, with defects for what was wrong.
[[nodiscard]] result<report> parse(std::string_view bytes, const parse_options& options = {});

/// Decompresses gzip (RFC 1952; concatenated members are joined). Errors: aggregate.gzip.*.
[[nodiscard]] result<std::string> gunzip(std::string_view bytes, const parse_options& options = {});

/// One entry read from a zip archive.
struct zip_entry {
  std::string name;
  std::string data;
};
/// Reads the entries of a zip archive (stored and deflate), at most `max_zip_entries`, the total bounded
/// by `max_xml_bytes`. Errors: aggregate.zip.*.
[[nodiscard]] result<std::vector<zip_entry>> unzip(std::string_view bytes, const parse_options& options = {});

// --- merging many reports ----------------------------------------------------------------------

struct count_by {
  std::string key;
  std::uint64_t messages = 0;
  std::uint64_t dmarc_pass = 0;
  std::uint64_t dmarc_fail = 0;
};

/// Who sent the reports.
struct reporter {
  std::string org_name;
  std::string email;
  std::uint64_t reports = 0;
  std::uint64_t messages = 0;
  std::int64_t begin = 0;
  std::int64_t end = 0;
};

/// Volume by source IP.
struct source {
  std::string ip;
  std::uint64_t messages = 0;
  std::uint64_t dmarc_pass = 0;
  std::uint64_t dmarc_fail = 0;
  std::uint64_t spf_aligned_pass = 0;   ///< policy_evaluated spf pass
  std::uint64_t dkim_aligned_pass = 0;  ///< policy_evaluated dkim pass
  std::vector<std::string> header_froms;  ///< distinct, sorted
  std::vector<std::string> reporters;     ///< distinct org names, sorted
};

/// Alignment outcome by sending domain (header_from).
struct domain_alignment {
  std::string header_from;
  std::uint64_t messages = 0;
  std::uint64_t dmarc_pass = 0;
  std::uint64_t dmarc_fail = 0;
  std::uint64_t spf_unaligned = 0;    ///< policy_evaluated spf not pass
  std::uint64_t dkim_unaligned = 0;   ///< policy_evaluated dkim not pass
  std::uint64_t quarantined = 0;
  std::uint64_t rejected = 0;
};

/// Why a sender fails DMARC, from its auth_results. Ordered by how directly it can be fixed.
enum class fix_reason {
  dkim_not_aligned,  ///< DKIM passes but for another domain (a provider signing as itself): sign as your domain
  spf_not_aligned,   ///< SPF passes but for another envelope domain (a provider's bounce domain): custom MAIL FROM
  dkim_broken,       ///< a signature of the sending domain fails (body changed on the way: forwarding, a list)
  unauthenticated,   ///< neither DKIM nor SPF passes for anyone: an unlisted sender of yours, or spoofing
};
/// "dkim_not_aligned", "spf_not_aligned", "dkim_broken", "unauthenticated".
const char* to_string(fix_reason r);

/// A source that fails DMARC for a sending domain, with why.
struct sender_to_fix {
  std::string ip;
  std::string header_from;
  std::uint64_t messages = 0;
  fix_reason why = fix_reason::unauthenticated;
  std::vector<std::string> dkim_domains;  ///< d= values that passed (not aligned) or failed
  std::vector<std::string> spf_domains;   ///< envelope domains that passed SPF (not aligned)
};

/// Messages per UTC day (the day a report's date range begins).
struct day_volume {
  std::int64_t day = 0;  ///< seconds since the epoch at 00:00 UTC
  std::uint64_t messages = 0;
  std::uint64_t dmarc_pass = 0;
  std::uint64_t dmarc_fail = 0;
};

/// Options for `merge`.
struct merge_options {
  std::size_t max_senders_to_fix = 20;
  std::size_t max_sources = 1000;   ///< sources kept (largest first); the rest summed into `other_sources`
};

/// Many reports folded together. Duplicate reports (same org_name and report_id) are counted once.
struct summary {
  std::uint64_t reports = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t records = 0;
  std::uint64_t messages = 0;
  std::int64_t begin = 0;  ///< earliest date_range begin (0 when no report)
  std::int64_t end = 0;    ///< latest date_range end
  std::vector<std::string> domains;    ///< policy_published domains, distinct, sorted
  std::vector<reporter> reporters;     ///< most messages first
  std::vector<source> sources;         ///< most messages first
  std::uint64_t other_sources = 0;     ///< sources beyond max_sources
  count_by dmarc;                      ///< key "dmarc": pass/fail totals
  std::vector<count_by> dkim_evaluated;  ///< policy_evaluated dkim: key pass/fail
  std::vector<count_by> spf_evaluated;   ///< policy_evaluated spf
  std::vector<count_by> dkim_auth;       ///< auth_results dkim result of each record's best signature
  std::vector<count_by> spf_auth;        ///< auth_results spf result (the first, usually mfrom)
  std::vector<count_by> dispositions;    ///< none / quarantine / reject
  std::vector<domain_alignment> by_header_from;  ///< most messages first
  std::vector<sender_to_fix> senders_to_fix;     ///< most messages first
  std::vector<day_volume> days;                  ///< oldest first
};

[[nodiscard]] summary merge(std::span<const report> reports, const merge_options& options = {});

/// One row per record of every report, RFC 4180 CSV with a header line, CRLF line ends.
/// With `ptr` (a ptr_lookup's results), two more columns: "ptr" (the names, space-separated) and
/// "ptr_forward" (source_ptr::forward; empty for sources that were not looked up).
std::string to_csv(std::span<const report> reports, const std::vector<source_ptr>* ptr = nullptr);

/// Relaxed alignment without the public suffix list: equal, or one a subdomain of the other.
/// (Reports carry the receiver's verdict in policy_evaluated; this is only used to explain it.)
bool loosely_aligned(std::string_view a, std::string_view b);

// --- PTR names of the sources ("volume by source IP, with PTR") --------------------------------

struct ptr_options {
  /// Sources looked up: the first max_sources of summary::sources (most messages first). 200 by
  /// default: two DNS rounds of at most 200 PTR questions and (with forward_confirm) at most
  /// 200 × 10 A/AAAA questions; the rest of the sources are left unchecked. Clamped to 1000.
  std::size_t max_sources = 200;
  /// Second round: A/AAAA of every PTR name (at most 10 per IP), to say whether the name is
  /// forward-confirmed (FCrDNS, the iprev check of authlens/transport.hpp).
  bool forward_confirm = true;
  /// Also place every source in a known provider's SPF tree (inventory::provider_spf_trees) with
  /// check_host: the trees are asked once for all sources (they share the cache), in the same
  /// rounds as the PTR questions; SPF's own limits bound each tree.
  bool providers = true;
};

/// What the PTR lookup of one source IP gave.
enum class ptr_status {
  found,        ///< "found": PTR names (source_ptr::names)
  no_ptr,       ///< "no_ptr": NXDOMAIN or no PTR record
  dns_error,    ///< "dns_error": SERVFAIL / TIMEOUT
  bad_address,  ///< "bad_address": not an IP address
  not_checked,  ///< "not_checked": offline, or no answer yet
};
std::string_view to_string(ptr_status s);

/// Whether a PTR name resolves back to the source IP (FCrDNS).
enum class ptr_forward {
  confirmed,      ///< "confirmed": a name's A/AAAA holds the IP
  not_confirmed,  ///< "not_confirmed"
  dns_error,      ///< "dns_error": a forward lookup failed
  not_checked,    ///< "not_checked": forward_confirm off, or not answered
};
std::string_view to_string(ptr_forward f);

/// Whether a source IP is inside a known provider's SPF tree.
enum class provider_check {
  found,        ///< "found": check_host passes for the IP on one provider's tree (source_ptr::provider)
  not_found,    ///< "not_found": every tree was read and none holds the IP
  incomplete,   ///< "incomplete": no tree read holds the IP, but some could not be read (DNS errors)
  not_checked,  ///< "not_checked": providers off, offline, not answered, or not an IP address
};
std::string_view to_string(provider_check c);

/// What the PTR lookup gave for one source IP.
struct source_ptr {
  std::string ip;                  ///< as in summary::sources (as the report wrote it)
  std::uint64_t messages = 0;
  ptr_status status = ptr_status::not_checked;
  std::vector<std::string> names;  ///< PTR names (lower case, no trailing dot), at most 10
  std::optional<ptr_forward> forward;  ///< only when status is found
  std::string confirmed_name;      ///< the name that resolves back to the IP, when confirmed
  provider_check in_provider = provider_check::not_checked;
  std::string provider;            ///< inventory provider id ("google_workspace", …) when found
};

/// PTR names of a merged report's sources as a dns::job: round 1 asks the PTR of every source
/// looked up, round 2 the A (IPv4) or AAAA (IPv6) of every name returned. With ptr_options::providers
/// round 1 also asks the providers' SPF records (their includes follow, one round per level) and each
/// source gets source_ptr::in_provider. In offline mode nothing is asked and every source says "not_checked". results() is the typed result, serialised as
/// `authlens/aggregate-ptr/v1` (docs/aggregate-reports.md) by report::to_json (authlens/report.hpp, "aggregate" section).
class ptr_lookup : public dns::job {
 public:
  ptr_lookup(const summary& s, const ptr_options& opt = {}, const dns::job_options& jopt = {});
  /// One entry per source looked up, in the summary's order (most messages first).
  const std::vector<source_ptr>& results() const { return results_; }
  /// Sources of the summary left out by max_sources (those merge() already dropped, summed in
  /// summary::other_sources, are not looked up either).
  std::uint64_t not_looked_up() const { return not_looked_up_; }
  const ptr_options& options() const { return opt_; }

 protected:
  void run(dns::lookup_context& ctx) override;

 private:
  ptr_options opt_;
  std::vector<std::pair<std::string, std::uint64_t>> sources_;
  std::vector<std::pair<std::string, std::string>> trees_;  ///< (provider id, SPF domain), when providers
  std::uint64_t not_looked_up_ = 0;
  std::vector<source_ptr> results_;
};

// --- senders: the sources grouped into who sends ----------------------------------------------

/// How a sender was named.
enum class sender_kind {
  provider,    ///< "provider": the IPs are inside a known provider's SPF tree (id: inventory provider id)
  ptr_domain,  ///< "ptr_domain": the registrable domain of the IPs' PTR names (id: that domain)
  prefix,      ///< "prefix": no provider and no PTR name known: the IPs' /24 or IPv6 /48 (id: "192.0.2.0/24")
};
std::string_view to_string(sender_kind k);

/// Which of the sources were looked up in DNS (ptr_lookup results given to group_senders).
enum class sender_lookup {
  none,      ///< "none": no lookup given: every sender is a network prefix
  partial,   ///< "partial": some sources were not looked up or not answered (those are prefixes)
  complete,  ///< "complete": every source was looked up (providers and PTR)
};
std::string_view to_string(sender_lookup l);

/// Who a source IP is, from its lookup result (nullptr: not looked up).
struct sender_id {
  sender_kind kind = sender_kind::prefix;
  std::string id;    ///< provider id, registrable domain, or network ("192.0.2.0/24", "2001:db8::/48")
  std::string name;  ///< the provider's name; otherwise the id
};
[[nodiscard]] sender_id identify_sender(std::string_view ip, const source_ptr* looked_up);

/// Which records group_senders counts. Empty strings: no restriction.
struct sender_filter {
  bool failures_only = false;  ///< only records that fail DMARC
  std::string header_from;     ///< only this From domain (lower case)
  std::string reporter;        ///< only reports of this org_name (as written)
};

struct sender_options {
  sender_filter filter;
  std::size_t max_senders = 500;  ///< senders kept (most messages first); the rest summed in other_*
  std::size_t max_ips = 20;       ///< IPs listed per sender (most messages first); ip_count has them all
};

/// What the failing messages of a sender need (the reasons of sender_to_fix).
struct sender_fix {
  fix_reason why = fix_reason::unauthenticated;  ///< the reason most failing messages carry
  std::uint64_t messages = 0;                    ///< failing messages with that reason
  std::vector<std::string> header_froms;         ///< their From domains, sorted
  std::vector<std::string> dkim_domains;         ///< as sender_to_fix, over those messages
  std::vector<std::string> spf_domains;
};

struct sender {
  sender_kind kind = sender_kind::prefix;
  std::string id;
  std::string name;
  std::uint64_t messages = 0;
  std::uint64_t dmarc_pass = 0;
  std::uint64_t dmarc_fail = 0;
  std::uint64_t spf_aligned_pass = 0;   ///< policy_evaluated spf pass
  std::uint64_t dkim_aligned_pass = 0;  ///< policy_evaluated dkim pass
  std::uint64_t quarantined = 0;        ///< disposition quarantine
  std::uint64_t rejected = 0;           ///< disposition reject (the rest were delivered)
  std::vector<std::string> ips;         ///< most messages first, at most sender_options::max_ips
  std::size_t ip_count = 0;
  std::vector<std::string> header_froms;  ///< distinct, sorted
  std::vector<std::string> reporters;     ///< distinct org names, sorted
  std::optional<sender_fix> fix;          ///< when some of its messages fail DMARC
  std::vector<day_volume> days;           ///< the trend: days with messages, oldest first
};

/// The senders of many reports (duplicates counted once, as merge does), after the filter.
struct sender_view {
  sender_filter filter;
  sender_lookup lookup = sender_lookup::none;
  std::uint64_t messages = 0;               ///< messages the filter kept
  std::vector<sender> senders;              ///< most messages first
  std::uint64_t other_senders = 0;          ///< senders beyond max_senders …
  std::uint64_t other_messages = 0;         ///< … and their messages
  std::vector<domain_alignment> by_header_from;  ///< % compliant per From domain (filtered), most messages first
  std::vector<std::string> header_froms;    ///< every From domain of the reports (the filter's choices), sorted
  std::vector<std::string> reporters;       ///< every reporter's org_name, sorted
  std::vector<std::int64_t> days;           ///< every day with a report, oldest first (the trend's axis)
};

/// Groups the records of `reports` into senders. `looked_up`: a ptr_lookup's results (any order);
/// a source without one (or not answered) is placed by its network prefix.
[[nodiscard]] sender_view group_senders(std::span<const report> reports, std::span<const source_ptr> looked_up = {},
                                        const sender_options& options = {});

/// One row per sender, RFC 4180 CSV with a header line, CRLF line ends (see docs/aggregate-reports.md).
std::string to_csv(const sender_view& v);

}  // namespace authlens::aggregate
