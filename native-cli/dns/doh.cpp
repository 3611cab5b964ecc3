#include "dns/doh.hpp"

// libcurl is loaded with dlopen when a run first needs HTTP (DoH, the MTA-STS fetch), not linked:
// linking it made every process map libcurl and its ~30 dependencies (TLS, HTTP/2, IDN, LDAP,
// Kerberos…), ≈ 10 ms of a 4 KB `analyze --snapshot` that never uses the network (docs/decisions.md).
// Type checks through function pointers: the header's declarations, the calls through `curl()`.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <dlfcn.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <type_traits>

#include "authlens/base64.hpp"
#include "authlens/strings.hpp"
#include "dns/reply.hpp"

namespace authlens::cli::net {

// --- URL -----------------------------------------------------------------------------------------

result<doh_url> parse_doh_url(std::string_view url) {
  auto bad = [&](const char* why) { return error{"cli.doh.url", "bad DoH URL '" + std::string(url) + "': " + why}; };
  doh_url u;
  std::string_view rest;
  if (str::iequals(url.substr(0, 8), "https://")) {
    u.tls = true;
    rest = url.substr(8);
  } else if (str::iequals(url.substr(0, 7), "http://")) {
    u.tls = false;
    rest = url.substr(7);
  } else {
    return bad("the scheme must be https:// (or http:// for a local test server)");
  }
  std::size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{"/"} : rest.substr(slash);
  if (auto hash = path.find('#'); hash != std::string_view::npos) path = path.substr(0, hash);
  if (authority.find('@') != std::string_view::npos) return bad("user info is not supported");
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return bad("missing ']'");
    u.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("junk after ']'");
      port = after.substr(1);
    }
  } else {
    auto colon = authority.find(':');
    u.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (u.host.empty()) return bad("no host");
  for (char c : u.host)
    if (static_cast<unsigned char>(c) <= ' ' || c == '/' || c == '\\') return bad("bad host");
  if (!port.empty()) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
    if (ec != std::errc{} || p != port.data() + port.size() || v == 0 || v > 65535) return bad("bad port");
    u.port = std::to_string(v);
  } else {
    u.port = u.tls ? "443" : "80";
  }
  if (path.empty() || path.front() != '/') path = "/";
  for (char c : path)
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7F) return bad("bad character in path");
  u.path = std::string(path);
  return u;
}

// --- libcurl ---------------------------------------------------------------------------------------

namespace {

/// The libcurl functions the client uses, resolved from the shared library on first use.
struct curl_api {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_multi_init) multi_init = nullptr;
  decltype(&::curl_multi_cleanup) multi_cleanup = nullptr;
  decltype(&::curl_multi_setopt) multi_setopt = nullptr;
  decltype(&::curl_multi_add_handle) multi_add_handle = nullptr;
  decltype(&::curl_multi_remove_handle) multi_remove_handle = nullptr;
  decltype(&::curl_multi_perform) multi_perform = nullptr;
  decltype(&::curl_multi_poll) multi_poll = nullptr;
  decltype(&::curl_multi_info_read) multi_info_read = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
  std::string error;  ///< why libcurl is unusable ("" when loaded)
};

/// Loads libcurl once (thread-safe) and runs curl_global_init; `error` says why when it cannot.
const curl_api& curl() {
  static const curl_api api = [] {
    curl_api a;
    void* lib = dlopen(AUTHLENS_CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* why = dlerror();
      a.error = std::string("cannot load " AUTHLENS_CURL_SONAME " (Debian package libcurl4), needed for DoH and HTTP") +
                (why ? std::string(": ") + why : std::string());
      return a;
    }
    bool ok = true;
    auto bind = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(lib, name));
      if (fn == nullptr && ok) {
        ok = false;
        a.error = std::string(AUTHLENS_CURL_SONAME " lacks ") + name + " (libcurl 7.66 or newer is needed)";
      }
    };
    bind(a.global_init, "curl_global_init");
    bind(a.easy_init, "curl_easy_init");
    bind(a.easy_cleanup, "curl_easy_cleanup");
    bind(a.easy_setopt, "curl_easy_setopt");
    bind(a.easy_getinfo, "curl_easy_getinfo");
    bind(a.easy_perform, "curl_easy_perform");
    bind(a.easy_strerror, "curl_easy_strerror");
    bind(a.multi_init, "curl_multi_init");
    bind(a.multi_cleanup, "curl_multi_cleanup");
    bind(a.multi_setopt, "curl_multi_setopt");
    bind(a.multi_add_handle, "curl_multi_add_handle");
    bind(a.multi_remove_handle, "curl_multi_remove_handle");
    bind(a.multi_perform, "curl_multi_perform");
    bind(a.multi_poll, "curl_multi_poll");
    bind(a.multi_info_read, "curl_multi_info_read");
    bind(a.slist_append, "curl_slist_append");
    bind(a.slist_free_all, "curl_slist_free_all");
    if (ok && a.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      ok = false;
      a.error = "libcurl could not start (curl_global_init)";
    }
    return a;  // the library stays loaded for the life of the process
  }();
  return api;
}

struct easy_deleter {
  void operator()(CURL* e) const { curl().easy_cleanup(e); }
};
using easy_ptr = std::unique_ptr<CURL, easy_deleter>;
struct multi_deleter {
  void operator()(CURLM* m) const { curl().multi_cleanup(m); }
};
using multi_ptr = std::unique_ptr<CURLM, multi_deleter>;

std::string default_ca_file(std::string ca_file) {
  if (!ca_file.empty()) return ca_file;
  const char* env = std::getenv("AUTHLENS_CA_FILE");
  return env && *env ? env : "/etc/ssl/certs/ca-certificates.crt";
}

// libcurl reads the bundle only when it connects; reading it here keeps the early, clear error
// ("cannot read CA certificates from …") a missing or empty bundle always gave.
bool ca_file_usable(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.find("-----BEGIN CERTIFICATE-----") != std::string::npos;
}

std::string url_text(const doh_url& u) {
  std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  return std::string(u.tls ? "https://" : "http://") + host + ":" + u.port + u.path;
}

// One HTTP exchange's collected response, bounded as it arrives: the header block by `max_headers`,
// the body by `max_body` (CURLOPT_MAXFILESIZE refuses an announced Content-Length beyond it first).
struct exchange {
  std::size_t max_headers = 16384, max_body = 65535;
  std::size_t header_bytes = 0;
  std::string body;
  std::string too_large;  ///< why the exchange was cut off, when it was
  char error[CURL_ERROR_SIZE] = {};

  static size_t on_header(char* data, size_t size, size_t n, void* self) {
    auto* x = static_cast<exchange*>(self);
    x->header_bytes += size * n;
    if (x->header_bytes > x->max_headers) {
      x->too_large = "response header larger than " + std::to_string(x->max_headers);
      return 0;
    }
    (void)data;
    return size * n;
  }
  static size_t on_body(char* data, size_t size, size_t n, void* self) {
    auto* x = static_cast<exchange*>(self);
    if (x->body.size() + size * n > x->max_body) {
      x->too_large = "response body larger than " + std::to_string(x->max_body) + " bytes";
      return 0;
    }
    x->body.append(data, size * n);
    return size * n;
  }
  void reset() {
    header_bytes = 0;
    body.clear();
    too_large.clear();
    error[0] = 0;
  }
};

// The options every request shares: bounds, timeouts, TLS (1.2+, the given CA bundle only, host
// name verified), HTTP/2 over TLS where the server offers it (ALPN), HTTP/1.1 otherwise; no
// redirects, no proxy from the environment, http and https only.
void common_options(CURL* e, exchange& x, const std::string& url, int timeout_ms, const std::string& ca_file,
                    curl_slist* headers) {
  curl().easy_setopt(e, CURLOPT_URL, url.c_str());
  curl().easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl().easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl().easy_setopt(e, CURLOPT_NOPROXY, "*");
  curl().easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl().easy_setopt(e, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
  curl().easy_setopt(e, CURLOPT_TIMEOUT_MS, long(timeout_ms));
  curl().easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, long(timeout_ms));
  curl().easy_setopt(e, CURLOPT_HTTPHEADER, headers);
  curl().easy_setopt(e, CURLOPT_USERAGENT, "authlens/0.1");
  curl().easy_setopt(e, CURLOPT_ACCEPT_ENCODING, nullptr);  // identity: the size bound is on what arrives
  curl().easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(x.max_body));
  curl().easy_setopt(e, CURLOPT_HEADERFUNCTION, &exchange::on_header);
  curl().easy_setopt(e, CURLOPT_HEADERDATA, &x);
  curl().easy_setopt(e, CURLOPT_WRITEFUNCTION, &exchange::on_body);
  curl().easy_setopt(e, CURLOPT_WRITEDATA, &x);
  curl().easy_setopt(e, CURLOPT_ERRORBUFFER, x.error);
  if (!ca_file.empty()) {
    curl().easy_setopt(e, CURLOPT_CAINFO, ca_file.c_str());
    curl().easy_setopt(e, CURLOPT_CAPATH, nullptr);
  }
  curl().easy_setopt(e, CURLOPT_SSLVERSION, long(CURL_SSLVERSION_TLSv1_2));
  curl().easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
  curl().easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
}

/// What went wrong in words: our own bound, else libcurl's detailed message, else its code's text.
std::string why_failed(CURLcode rc, const exchange& x) {
  if (!x.too_large.empty()) return x.too_large;
  std::string why = x.error[0] ? std::string(x.error) : curl().easy_strerror(rc);
  while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
  return why;
}

bool is_tls_failure(CURLcode rc) {
  switch (rc) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return true;
    default:
      return false;
  }
}

/// The content type libcurl saw, lower-cased ("" when none).
std::string content_type_of(CURL* e) {
  char* ct = nullptr;
  curl().easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct);
  return ct ? str::lower(ct) : std::string();
}

long status_of(CURL* e) {
  long status = 0;
  curl().easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

struct slist_deleter {
  void operator()(curl_slist* l) const { curl().slist_free_all(l); }
};
using slist_ptr = std::unique_ptr<curl_slist, slist_deleter>;

}  // namespace

// --- the client ----------------------------------------------------------------------------------

struct doh_client::impl {
  doh_options opt;
  std::string base_url;
  multi_ptr multi;  ///< owns the connection cache: connections (and TLS sessions) outlive a round
  slist_ptr headers;

  // One question's transfer within a round.
  struct transfer {
    const dns::question* q = nullptr;
    std::size_t index = 0;
    easy_ptr easy;
    exchange x;
    std::string url;
    int attempts = 0;
    bool bad = false;  ///< some attempt failed in a way that is the server's fault → SERVFAIL, not TIMEOUT
  };

  void start(transfer& t) {
    ++t.attempts;
    t.x.reset();
    curl().multi_add_handle(multi.get(), t.easy.get());
  }

  /// Judges one finished exchange: the answer, or nullopt after noting why it failed.
  std::optional<dns::answer> judge(transfer& t, CURLcode rc) {
    if (rc != CURLE_OK) {
      // Nothing in time, or no server to talk to: TIMEOUT (as a UDP server that never answers).
      // Anything else — TLS refused, a broken or oversize response — is the server failing.
      if (rc != CURLE_OPERATION_TIMEDOUT && rc != CURLE_COULDNT_CONNECT && rc != CURLE_COULDNT_RESOLVE_HOST)
        t.bad = true;
      last_error((is_tls_failure(rc) ? "TLS: " : "") + why_failed(rc, t.x));
      return std::nullopt;
    }
    long status = status_of(t.easy.get());
    std::string type = content_type_of(t.easy.get());
    if (status != 200 || type.rfind("application/dns-message", 0) != 0) {
      t.bad = true;
      last_error(status != 200 ? "HTTP status " + std::to_string(status) : "content type '" + type + "'");
      return std::nullopt;
    }
    auto bytes = std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(t.x.body.data()), t.x.body.size());
    auto checked = check_reply(bytes, *t.q, 0, opt.max_body);
    if (checked.kind == reply_kind::ok) return std::move(checked.ans);
    t.bad = true;
    last_error(checked.kind == reply_kind::truncated ? "truncated DoH response"
               : checked.kind == reply_kind::malformed ? checked.why
                                                       : "response to another question");
    return std::nullopt;
  }

  std::vector<dns::answer> resolve(std::span<const dns::question> questions) {
    std::vector<dns::answer> out(questions.size());
    std::vector<transfer> ts(questions.size());
    std::size_t running = 0;
    for (std::size_t i = 0; i < questions.size(); ++i) {
      transfer& t = ts[i];
      t.q = &questions[i];
      t.index = i;
      t.x.max_body = opt.max_body;
      t.x.max_headers = opt.max_headers;
      auto query = dns::build_query(questions[i], 0);  // RFC 8484 §4.1: id 0, for HTTP caches
      t.url = base_url + (opt.url.path.find('?') == std::string::npos ? "?dns=" : "&dns=") + base64::encode_url(query);
      t.easy.reset(curl().easy_init());
      if (!t.easy) {
        out[i].q = questions[i];
        out[i].st = dns::status::servfail;
        last_error("libcurl could not make a transfer");
        continue;
      }
      common_options(t.easy.get(), t.x, t.url, opt.timeout_ms, opt.ca_file, headers.get());
      curl().easy_setopt(t.easy.get(), CURLOPT_HTTPGET, 1L);
      // Over TLS, wait for the first connection's ALPN answer rather than opening one connection per
      // question: with HTTP/2 the whole round then shares one connection.
      if (opt.url.tls) curl().easy_setopt(t.easy.get(), CURLOPT_PIPEWAIT, 1L);
      curl().easy_setopt(t.easy.get(), CURLOPT_PRIVATE, static_cast<void*>(&t));
      start(t);
      ++running;
    }
    while (running > 0) {
      int still = 0;
      curl().multi_perform(multi.get(), &still);
      int left = 0;
      while (CURLMsg* m = curl().multi_info_read(multi.get(), &left)) {
        if (m->msg != CURLMSG_DONE) continue;
        void* priv = nullptr;
        curl().easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
        transfer& t = *static_cast<transfer*>(priv);
        CURLcode rc = m->data.result;  // read before the handle is removed
        curl().multi_remove_handle(multi.get(), t.easy.get());
        if (auto a = judge(t, rc)) {
          out[t.index] = std::move(*a);
          --running;
        } else if (t.attempts < opt.tries) {
          start(t);
        } else {
          out[t.index].q = *t.q;
          out[t.index].st = t.bad ? dns::status::servfail : dns::status::timeout;
          --running;
        }
      }
      if (running > 0) curl().multi_poll(multi.get(), nullptr, 0, 1000, nullptr);
    }
    return out;
  }

  // Why requests failed, each reason reported once on standard error (the CLI's diagnostics;
  // the answers themselves only carry SERVFAIL / TIMEOUT).
  std::set<std::string> reported;
  void last_error(const std::string& why) {
    if (why.empty()) return;
    if (reported.size() < 16 && reported.insert(why).second)
      std::fprintf(stderr, "authlens: DoH %s: %s\n", opt.url.host.c_str(), why.c_str());
  }
};

doh_client::doh_client(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
doh_client::~doh_client() = default;

result<std::shared_ptr<doh_client>> doh_client::create(doh_options opt) {
  if (!curl().error.empty()) return error{"cli.doh.init", curl().error};
  auto p = std::make_unique<impl>();
  if (opt.connections == 0) opt.connections = 1;
  if (opt.tries < 1) opt.tries = 1;
  if (opt.url.tls) {
    opt.ca_file = default_ca_file(std::move(opt.ca_file));
    if (!ca_file_usable(opt.ca_file)) return error{"cli.doh.ca", "cannot read CA certificates from " + opt.ca_file};
  }
  p->multi.reset(curl().multi_init());
  if (!p->multi) return error{"cli.doh.init", "libcurl could not start"};
  // RFC 8484 §5.2: HTTP/2 lets the questions of a round share one connection as concurrent streams.
  curl().multi_setopt(p->multi.get(), CURLMOPT_PIPELINING, long(CURLPIPE_MULTIPLEX));
  // Without HTTP/2 (plain http://, or a server without h2) up to `connections` HTTP/1.1 connections.
  curl().multi_setopt(p->multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS, long(opt.connections));
  curl_slist* h = curl().slist_append(nullptr, "accept: application/dns-message");
  p->headers.reset(h);
  p->base_url = url_text(opt.url);
  p->opt = std::move(opt);
  return std::shared_ptr<doh_client>(new doh_client(std::move(p)));
}

std::vector<dns::answer> doh_client::resolve(std::span<const dns::question> questions) {
  return impl_->resolve(questions);
}

// --- a single GET (the MTA-STS policy fetch of `authlens domain`) --------------------------------------

result<http_get_response> http_get(std::string_view url, int timeout_ms, std::size_t max_body, std::string ca_file) {
  auto u = parse_doh_url(url);
  if (!u) return error{"cli.http.url", "bad URL '" + std::string(url) + "'"};
  if (!curl().error.empty()) return error{"cli.http.connect", curl().error};
  if (u->tls) {
    ca_file = default_ca_file(std::move(ca_file));
    if (!ca_file_usable(ca_file)) return error{"cli.http.ca", "cannot read CA certificates from " + ca_file};
  }
  easy_ptr e(curl().easy_init());
  if (!e) return error{"cli.http.connect", "libcurl could not start"};
  exchange x;
  x.max_body = max_body;
  slist_ptr headers(curl().slist_append(nullptr, "accept: text/plain"));
  const std::string target = url_text(*u);
  common_options(e.get(), x, target, timeout_ms, ca_file, headers.get());
  curl().easy_setopt(e.get(), CURLOPT_HTTPGET, 1L);
  CURLcode rc = curl().easy_perform(e.get());
  if (rc == CURLE_OPERATION_TIMEDOUT) return error{"cli.http.timeout", "no response in time"};
  if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST || is_tls_failure(rc))
    return error{"cli.http.connect", (is_tls_failure(rc) ? "TLS: " : "") + why_failed(rc, x)};
  if (rc != CURLE_OK) return error{"cli.http.protocol", why_failed(rc, x)};
  return http_get_response{int(status_of(e.get())), content_type_of(e.get()), std::move(x.body)};
}

}  // namespace authlens::cli::net
