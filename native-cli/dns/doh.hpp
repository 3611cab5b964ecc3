// DNS over HTTPS client (RFC 8484) on libcurl: GET `?dns=<base64url query, no padding>` with
// `accept: application/dns-message`. https:// negotiates HTTP/2 by ALPN (RFC 9113) and falls back to
// HTTP/1.1; TLS 1.2+ with the system CA bundle (or AUTHLENS_CA_FILE / `ca_file` alone), SNI and host
// name verification. http:// (HTTP/1.1, meant for loopback test servers) works too.
//
// Concurrency: one libcurl multi handle per client. Over HTTP/2 every question of a round goes out
// at once as a stream of one connection (multiplexing, as RFC 8484 §5.2 recommends); over HTTP/1.1
// up to `connections` connections work in parallel. Connections (and TLS sessions) are kept
// between rounds. Responses are bounded (headers 16 KiB, body 65535 bytes: an announced larger
// Content-Length is refused before the body is read) and every request has a deadline of
// `timeout_ms`; `tries` attempts per question.
//
// Outcome: HTTP 200 with a matching DNS message → its answer; HTTP error, wrong content type,
// TLS failure, malformed or oversize body → SERVFAIL; nothing in time (or no server) → TIMEOUT.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/result.hpp"

namespace authlens::cli::net {

struct doh_url {
  bool tls = true;
  std::string host;  ///< name or IP literal (no brackets)
  std::string port;  ///< "443" / "80" by default
  std::string path;  ///< path and any query, starting with '/'
};
result<doh_url> parse_doh_url(std::string_view url);


struct doh_options {
  doh_url url;
  int timeout_ms = 2000;
  int tries = 2;
  std::size_t connections = 4;  ///< HTTP/1.1 connections in parallel (HTTP/2 needs one)
  std::size_t max_body = 65535;
  std::size_t max_headers = 16384;
  /// CA bundle for https (PEM). Default: the environment's AUTHLENS_CA_FILE, else Debian's bundle.
  std::string ca_file;
};

class doh_client {
 public:
  static result<std::shared_ptr<doh_client>> create(doh_options opt);
  ~doh_client();
  doh_client(const doh_client&) = delete;
  doh_client& operator=(const doh_client&) = delete;
  /// Answers every question (one answer each, in the order given).
  std::vector<dns::answer> resolve(std::span<const dns::question> questions);

  struct impl;

 private:
  explicit doh_client(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};


/// One GET with the DoH client's libcurl set-up (https:// with the same TLS set-up: system CA bundle
/// or AUTHLENS_CA_FILE, SNI, host name verification; http:// for loopback tests). No
/// redirect is followed; the body is bounded by `max_body`. Used by `authlens domain` to fetch the
/// MTA-STS policy (RFC 8461 §3.3). Errors: "cli.http.url", "cli.http.ca", "cli.http.connect",
/// "cli.http.timeout", "cli.http.protocol".
struct http_get_response {
  int status = 0;
  std::string content_type;  ///< lower-cased
  std::string body;
};
result<http_get_response> http_get(std::string_view url, int timeout_ms = 5000, std::size_t max_body = 65536,
                                   std::string ca_file = "");

}  // namespace authlens::cli::net
