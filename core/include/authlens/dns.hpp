// authlens/dns.hpp — the DNS model, wire codec, cache/snapshot, zone files and the sans-I/O
// evaluation contract.
//
// RFC 1035 (messages, master files), RFC 3596 (AAAA), RFC 6891 (EDNS0), RFC 8484 (DoH bodies are
// the same wire format), RFC 2308 (NXDOMAIN / NODATA). Snapshot format: docs/dns-snapshot.md
// (`authlens/dns-snapshot/v1`, fixed by DESIGN.md).
//
// The core never does I/O: checks read a dns::cache through a lookup_context and report the
// questions they still need; a driver (native resolver, DoH via fetch, zone files, snapshot)
// answers them and the check is evaluated again.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "authlens/result.hpp"

namespace authlens::dns {

/// Resource record types authlens asks for.
enum class rr_type : std::uint16_t {
  a = 1,        ///< IPv4 address
  ns = 2,       ///< name server
  cname = 5,    ///< alias
  soa = 6,      ///< start of authority
  ptr = 12,     ///< reverse name
  mx = 15,      ///< mail exchanger
  txt = 16,     ///< text: SPF, DKIM keys, DMARC, MTA-STS, TLS-RPT, BIMI
  aaaa = 28,    ///< IPv6 address
  spf = 99,     ///< obsolete SPF RR type (RFC 7208 §3.1), only ever linted
};
std::string_view to_string(rr_type t);                     ///< "A", "TXT", …; "TYPE<n>" otherwise
std::optional<rr_type> rr_type_from_string(std::string_view s);  ///< case-insensitive

/// Outcome of one question. NODATA is `noerror` with no records (see answer::nodata()).
enum class status {
  noerror,   ///< the name exists (records may be empty: NODATA)
  nxdomain,  ///< the name does not exist
  servfail,  ///< the server failed (also: refused, formerr, malformed reply)
  timeout,   ///< no answer in time
};
std::string_view to_string(status s);  ///< "NOERROR", "NXDOMAIN", "SERVFAIL", "TIMEOUT"
std::optional<status> status_from_string(std::string_view s);

/// Lower-cases ASCII and strips one trailing dot: the canonical key of every name.
std::string normalize_name(std::string_view name);

struct question {
  std::string name;  ///< normalised (normalize_name)
  rr_type type = rr_type::a;
  friend bool operator==(const question&, const question&) = default;
  // Spelled out: Emscripten's libc++ 13 gives std::string no <=>, so a defaulted one is deleted.
  friend bool operator<(const question& a, const question& b) {
    return a.name != b.name ? a.name < b.name : a.type < b.type;
  }
};
question make_question(std::string_view name, rr_type type);  ///< normalises the name

/// The final answer to a question, after any CNAME chain has been followed.
struct answer {
  question q;
  status st = status::noerror;
  std::uint32_t ttl = 0;  ///< smallest TTL of the records used (0 when none)
  /// TXT (and SPF type) records: each record is its list of character-strings, boundaries kept.
  std::vector<std::vector<std::string>> txt;
  /// Other types in presentation format: "192.0.2.1", "2001:db8::1", "10 mx.example.com.",
  /// "host.example.com." (names absolute, with the trailing dot).
  std::vector<std::string> records;
  /// Names followed to get here (the CNAME targets, in order), for evidence.
  std::vector<std::string> cname_chain;
  bool authenticated = false;  ///< AD bit as the resolver reported it (display only)

  bool nodata() const { return st == status::noerror && txt.empty() && records.empty(); }
};

/// Answers keyed by question (case-insensitive names). Read-only to evaluators; drivers add to it.
/// It is also the snapshot: serialised, it replays an analysis offline and exactly.
class cache {
 public:
  const answer* find(const question& q) const;
  void add(answer a);  ///< replaces an existing answer to the same question
  std::size_t size() const { return answers_.size(); }
  /// Every answer, in the order first added.
  std::vector<const answer*> all() const;

 private:
  std::map<question, std::size_t> index_;
  std::vector<answer> answers_;
};

// --- snapshot (authlens/dns-snapshot/v1) -------------------------------------------------
std::string to_snapshot_json(const cache& c);                 ///< pretty JSON, stable order
[[nodiscard]] result<cache> from_snapshot_json(std::string_view json);      ///< error on bad JSON / schema

// --- wire format (RFC 1035 §4) --------------------------------------------------------------
/// A DNS query for q with the given id, RD set, and an EDNS0 OPT record advertising `udp_size`
/// (at least 512). A name that cannot be encoded (an empty label, a label over 63 octets, over 255
/// octets in all) yields an empty vector: the caller answers such a question itself (SERVFAIL).
/// Presentation escapes in the name ("\.", "\\", "\DDD") are understood.
std::vector<std::uint8_t> build_query(const question& q, std::uint16_t id, std::uint16_t udp_size = 1232);

struct wire_record {
  std::string name;   ///< normalised owner name
  std::uint16_t type = 0;
  std::uint16_t klass = 1;
  std::uint32_t ttl = 0;
  std::vector<std::string> txt;  ///< TXT/SPF character-strings
  std::string data;              ///< presentation form for A, AAAA, MX, PTR, CNAME, NS, SOA; empty otherwise
};

struct wire_response {
  std::uint16_t id = 0;
  bool qr = false, tc = false, rd = false, ra = false, ad = false;
  std::uint8_t rcode = 0;
  std::optional<question> q;  ///< the first question, when it parsed
  std::vector<wire_record> answers;
  /// TC was set and the message stopped before the end of what its header announced; what parsed
  /// is kept (retry over TCP). to_answer() treats a partial reply as SERVFAIL. (Added by dns core.)
  bool partial = false;
};

/// Parses a reply (UDP, TCP without its length prefix, or an RFC 8484 body). Name compression is
/// followed; pointer loops, forward/out-of-range pointers and overruns are errors, never crashes.
[[nodiscard]] result<wire_response> parse_response(std::span<const std::uint8_t> bytes);

/// Turns a parsed reply to q into an answer: rcode → status, CNAME chain within the reply followed
/// (bounded, loops → servfail), records of q.type at the end of the chain collected.
answer to_answer(const wire_response& r, const question& q);

// --- zone files (RFC 1035 §5) -----------------------------------------------------------------
/// An offline DNS source built from master files: $ORIGIN, $TTL, relative and absolute names, `@`,
/// parentheses, comments, quoted multi-string TXT with escapes.
class zone_source {
 public:
  /// Adds one zone file's text. Lines that do not parse become defects; the rest is kept.
  std::vector<defect> add_zone_text(std::string_view text, std::string_view default_origin = "");
  /// Offline semantics (DESIGN.md): absent name → NXDOMAIN; present without the type → NODATA;
  /// a CNAME answers every other type by following it (bounded, loops detected → SERVFAIL).
  /// A name that exists only as an ancestor of other names (empty non-terminal) is NODATA, not
  /// NXDOMAIN (RFC 8020). Details: docs/dns-snapshot.md.
  answer resolve(const question& q) const;

 private:
  std::map<std::string, std::vector<wire_record>> names_;
};

/// A snapshot as an offline DNS source, with the same offline semantics as zone_source (one piece
/// of code, detail::resolve_offline, serves both). A question the snapshot recorded replays exactly
/// as recorded (status, TTL, records, `cname` chain, AD bit: an authlens recording replays
/// unchanged). Any other question is answered from what the recorded answers say about names, as
/// a tool that records one entry per name and type writes them:
///   - the last name of a recorded `cname` chain has the answer recorded at its start, for that type;
///   - a name with a CNAME (a recorded CNAME-type answer, or a link of a recorded `cname` chain)
///     answers every other type by following it (bounded, loops → SERVFAIL), the target answered
///     by these same rules (its recorded answer for the type, a further CNAME, NODATA, NXDOMAIN);
///   - a name known to exist (a NOERROR answer of any type, a link of a chain, or an ancestor of
///     such a name: RFC 8020) without the asked type is NODATA;
///   - any other name is NXDOMAIN: what was not recorded does not exist.
/// Details: docs/dns-snapshot.md "Offline semantics".
class snapshot_source {
 public:
  explicit snapshot_source(cache recorded);
  answer resolve(const question& q) const;
  const cache& recorded() const { return recorded_; }

 private:
  struct name_facts {
    bool exists = false;
    bool has_alias = false;
    std::string alias;           ///< CNAME target (normalised)
    std::uint32_t alias_ttl = 0;
  };
  cache recorded_;
  cache derived_;  ///< the answer at the end of each recorded chain, as the answer of its last name
  std::map<std::string, name_facts> names_;
};

/// Replay of one question from a snapshot (snapshot_source semantics). Builds the name index on
/// every call: to answer many questions, make one snapshot_source.
[[nodiscard]] answer resolve_from_snapshot(const cache& c, const question& q);

// --- the evaluation contract -----------------------------------------------------------------
/// What an evaluator sees during one evaluation: the cache, read-only, and a list of questions it
/// still needs. get() returns nullptr on a miss and remembers the question; an evaluator keeps
/// going down independent branches and may prefetch() what it will probably need, so one round
/// asks for everything it can.
class lookup_context {
 public:
  explicit lookup_context(const cache& c) : cache_(c) {}
  const answer* get(std::string_view name, rr_type type);
  void prefetch(std::string_view name, rr_type type);
  const std::vector<question>& pending() const { return pending_; }
  const cache& data() const { return cache_; }

 private:
  void want(question q);
  const cache& cache_;
  std::vector<question> pending_;
};

/// Answers a batch of questions (concurrently, where the source can). One answer per question,
/// in any order; a question left unanswered is treated as TIMEOUT.
using resolve_fn = std::function<std::vector<answer>(std::span<const question>)>;

// --- the one DNS loop and its stop rule --------------------------------------------------------
// Every DNS loop in authlens is this one: dns::drive below, every dns::job (dns_job.hpp) and so
// every driver of a job (the CLI's resolvers, the page's runJob, snapshot replay). The stop rule:
//   1. Evaluate. An evaluation that asks nothing ends the loop.
//   2. While fewer than `max_rounds` rounds have gone out, its questions are the next round. A
//      question the round leaves unanswered is TIMEOUT (never asked again). Back to 1.
//   3. Out of rounds, nothing more goes out: the loop answers the questions TIMEOUT itself and
//      evaluates again, at most `timeout_passes` times. If the last of these evaluations still
//      asks, its questions are TIMEOUT as well and the loop ends (an evaluator that keeps asking
//      whatever it is told cannot hang it). A sane evaluator stops asking once it sees TIMEOUT.
//   Offline (`offline`): nothing is asked at all; the first evaluation's questions stay
//   unanswered (not TIMEOUT: the checks say they could not tell) and the loop ends there.
// So the loop evaluates at most 1 + max_rounds + timeout_passes times, asks at most max_rounds
// rounds, and when it ends every question any evaluation asked has an answer in the cache
// (offline excepted).

/// The bound on TIMEOUT passes once the rounds are spent (rule 3).
inline constexpr int timeout_passes = 4;

struct round_options {
  /// Rounds of questions before what is still missing is answered TIMEOUT (rule 3). The depth
  /// of any chain authlens follows (SPF includes are bounded by the 10-lookup limit) fits well
  /// within it.
  int max_rounds = 12;
  bool offline = false;  ///< ask nothing: every check that needs DNS says it could not tell
};
using drive_options = round_options;

/// The round bookkeeping of the one loop, over a cache the caller owns. A driver calls
/// evaluate(), answers the questions it returns (adding the answers to the cache), and calls
/// evaluate() again until it returns no question.
class round_loop {
 public:
  explicit round_loop(const round_options& opt = {}) : opt_(opt) {}

  /// Questions of the round in flight that the cache still lacks become TIMEOUT; then `run` is
  /// evaluated against c until its questions are a new round (returned, and counted) or the
  /// loop is over (returns nothing). With `replay` set, each round is answered here from it,
  /// counted as a round as a live source's would be (also offline: a snapshot is data).
  const std::vector<question>& evaluate(cache& c, const std::function<void(lookup_context&)>& run,
                                        const snapshot_source* replay = nullptr);

  /// The questions of the round in flight; empty once the loop is over.
  const std::vector<question>& pending() const { return pending_; }
  int rounds() const { return rounds_; }        ///< rounds that asked at least one question
  int questions() const { return questions_; }  ///< questions asked in all rounds
  bool exhausted() const { return exhausted_; } ///< the rounds ran out (rule 3 applied)
  bool offline() const { return opt_.offline; }
  /// The round a question was first asked in, 0 when it never was (snapshot, zone, offline).
  int round_of(const question& q) const;

 private:
  round_options opt_;
  std::vector<question> pending_;
  std::map<question, int> asked_in_round_;
  int rounds_ = 0;
  int questions_ = 0;
  bool exhausted_ = false;
};

struct drive_stats {
  int rounds = 0;          ///< rounds that asked at least one question
  int questions = 0;       ///< questions sent in all
  bool exhausted = false;  ///< max_rounds reached; missing answers were filled with TIMEOUT
};

/// The generic driver, a round_loop over `c`: evaluate → resolve everything pending → add to the
/// cache → evaluate again, under the stop rule above. `evaluate` is called at least once and once
/// more after each round; it must be repeatable (same cache → same questions and result).
drive_stats drive(cache& c, const std::function<void(lookup_context&)>& evaluate,
                  const resolve_fn& resolve, const drive_options& opt = {});

/// The per-area `evaluate(cache&, …, resolve, …)` conveniences in one: drives `check` (a function
/// of lookup_context& returning a value) to the end and returns the value of its last evaluation.
template <class Check>
[[nodiscard]] auto drive_value(cache& c, Check&& check, const resolve_fn& resolve, drive_stats* stats = nullptr,
                               const drive_options& opt = {}) {
  std::invoke_result_t<Check&, lookup_context&> out{};
  const drive_stats st = drive(c, [&](lookup_context& ctx) { out = check(ctx); }, resolve, opt);
  if (stats) *stats = st;
  return out;
}

}  // namespace authlens::dns
