// The DNS source every command uses, built from the common options (DESIGN.md's CLI contract):
//   --zone FILE (repeatable)  offline, from master files (dns::zone_source)
//   --snapshot FILE           offline, replaying a recorded snapshot (dns::snapshot_source)
//   --resolver HOST[:PORT]    UDP with TCP fallback to that server (IPv4/IPv6 literal, port 53)
//   --doh URL                 DNS over HTTPS (RFC 8484); http:// only for local test servers
//   --timeout MS              per attempt, for --resolver and --doh (default 2000)
//   --record FILE             after the command, the snapshot of every answer used
// With none of --zone/--snapshot/--resolver/--doh, the servers of /etc/resolv.conf are asked.
// Offline and online sources do not mix, nor do --resolver and --doh, nor --zone and --snapshot.
#pragma once

#include <optional>
#include <string>

#include "args.hpp"
#include "authlens/dns.hpp"
#include "authlens/dns_job.hpp"
#include "authlens/result.hpp"

namespace authlens::cli {

struct dns_source {
  dns::resolve_fn resolve;          ///< answers a batch of questions
  std::string description;          ///< "zone files", "snapshot x.json", "resolver 127.0.0.1:53", "DoH https://…"
  std::optional<std::string> record_path;

  /// Writes the --record snapshot (the whole cache) when one was asked for. Error when unwritable.
  result<bool> finish(const dns::cache& c) const;
  /// Drives a sans-I/O job to the end: resolve everything pending, add the answers, evaluate
  /// again, until nothing is pending (the job bounds the rounds).
  void run(dns::job& j) const;
};

/// Builds the source from the options; errors are usage errors (bad value, unreadable file).
/// Zone-file defects are reported on standard error and the rest of the file is used.
result<dns_source> make_dns_source(const args& a);

}  // namespace authlens::cli
