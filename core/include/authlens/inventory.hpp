// authlens/inventory.hpp — the sender inventory: many analysed messages grouped into sending
// streams (authlens/inventory/v1, docs/inventory.md).
//
// A stream is the messages that share (author domain, MAIL FROM domain, the sorted set of DKIM d=
// domains). For each stream: the provider when it can be recognised, the SPF × DKIM × alignment
// chart as counts, the DMARC results, the mailbox providers' verdicts, and the one change that
// makes the stream pass. The input is the report (authlens/report/v1) of each message, so the CLI,
// the merge of JSONL files (`inventory --from-jsonl`) and the page build it with this one code.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "authlens/result.hpp"

namespace authlens::inventory {

/// Where a message came from: the "source" of its JSONL line.
struct source {
  std::string path;
  std::size_t index = 0;
};

/// What the inventory needs of one report.
struct message_facts {
  std::string from_domain;               ///< author domain ("" when it could not be determined)
  std::string mail_from_domain;          ///< "" for the null reverse-path or when unknown
  std::vector<std::string> dkim_domains; ///< sorted, unique d= of every signature
  bool spf_pass = false, spf_aligned = false;
  bool dkim_pass = false, dkim_aligned = false;
  std::string dmarc;                     ///< pass fail none temperror permerror
  std::string gmail_yahoo, outlook;      ///< bulk-sender status words
  std::vector<std::string> sender_hosts; ///< host names on the sender's side of the hand-off
  std::string fix_code, fix_text;        ///< the report's single DMARC fix ("" when it passes)
  source from;
};

/// Reads one report (a JSONL line of `authlens analyze`). Error "inventory.unreadable" for a line
/// with "error" (an input that could not be read); "inventory.not_a_report" for anything else.
[[nodiscard]] result<message_facts> facts_from_report(std::string_view report_json);

/// The facts as a small JSON object ($defs/facts of schema/inventory.schema.json, about 1 % of a
/// report), and back: the page keeps these of each message of a collection instead of its report.
std::string facts_to_json(const message_facts& m);
/// Error "inventory.not_facts" for anything that is not such an object.
[[nodiscard]] result<message_facts> facts_from_json(std::string_view text);

/// A sending service recognised from DKIM d=, the MAIL FROM domain or the sender's Received hosts.
struct provider {
  std::string_view id;    ///< "google_workspace", "microsoft_365", "amazon_ses", …, "own_servers"
  std::string_view name;  ///< "Google Workspace", …, "own servers"
};
provider recognise_provider(const message_facts& m);

/// A provider and the SPF records it asks its customers to include ("_spf.google.com", …): the
/// trees of those records hold its sending addresses. The same providers, ids and names as
/// recognise_provider; the DMARC report viewer places source IPs with them (aggregate::ptr_lookup).
struct provider_spf {
  provider who;
  std::vector<std::string_view> domains;
};
/// Every provider that publishes such a tree, in the order recognise_provider tries them.
std::vector<provider_spf> provider_spf_trees();
/// The provider with this id ("google_workspace", …, "own_servers"); nullopt for an unknown id.
std::optional<provider> find_provider(std::string_view id);

struct chart_counts {
  std::size_t pass_aligned = 0, pass_not_aligned = 0, not_pass = 0;
};
struct verdict_counts {
  std::size_t pass = 0, fail = 0, unknown = 0;
};
struct dmarc_counts {
  std::size_t pass = 0, fail = 0, none = 0, error = 0;  ///< error: temperror and permerror
};

struct stream {
  std::string from_domain, mail_from_domain;
  std::vector<std::string> dkim_domains;
  provider sender;
  std::size_t messages = 0;
  chart_counts spf, dkim;
  dmarc_counts dmarc;
  verdict_counts gmail_yahoo, outlook;
  std::string fix_code;  ///< "" when every message passes DMARC
  std::string fix_text;
  /// What the fix sentence names, for the faces' catalogs: "author_domain" (with a fix), and
  /// "signer" (the provider's own d=) for a provider's fix.
  std::map<std::string, std::string> fix_params;
  std::vector<source> examples;  ///< up to three
};

struct result_set {
  std::size_t messages = 0;    ///< reports read (unreadable inputs included)
  std::size_t unreadable = 0;
  std::vector<stream> streams;  ///< by messages, descending (then by key, for a stable order)
};

/// Groups messages as they come (order does not matter: the result is the same for any order).
class builder {
 public:
  void add(const message_facts& m);
  void add_unreadable() { ++messages_, ++unreadable_; }
  /// Adds one JSONL line (a report or an error line); false when the line is not either.
  bool add_report_json(std::string_view line);
  [[nodiscard]] result_set finish() const;

 private:
  using key = std::tuple<std::string, std::string, std::vector<std::string>>;
  struct acc {
    stream s;
    std::map<std::string, std::size_t> fixes;  ///< fix code → failing messages that carry it
    std::map<std::string, std::string> fix_texts;
  };
  std::map<key, acc> streams_;
  std::size_t messages_ = 0, unreadable_ = 0;
};

}  // namespace authlens::inventory
