// RFC 6376 §3.4 canonicalisation: simple and relaxed, header and body; body hashes (§3.7) with l=.
#include "authlens/dkim.hpp"
#include "authlens/strings.hpp"

#include <cstring>

namespace authlens::dkim {

namespace {
bool wsp(char c) { return c == ' ' || c == '\t'; }
}  // namespace

std::string canonicalize_header(canon c, std::string_view raw) {
  if (c == canon::simple) {
    std::string out(raw);
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
    return out;
  }
  // relaxed (§3.4.2): lower-case name, unfold, collapse WSP, trim value, no WSP around the colon.
  if (raw.size() >= 2 && raw.substr(raw.size() - 2) == "\r\n") raw.remove_suffix(2);
  auto colon = raw.find(':');
  std::string_view name = colon == std::string_view::npos ? raw : raw.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? std::string_view() : raw.substr(colon + 1);
  while (!name.empty() && (wsp(name.back()) || name.back() == '\r' || name.back() == '\n')) name.remove_suffix(1);
  std::string out = str::lower(name);
  out += ':';
  bool pending = false, started = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char ch = value[i];
    if (ch == '\r' && i + 1 < value.size() && value[i + 1] == '\n') {
      ++i;  // unfold: drop the CRLF, the following WSP stays
      continue;
    }
    if (wsp(ch)) {
      pending = true;
      continue;
    }
    if (pending && started) out += ' ';
    pending = false;
    started = true;
    out += ch;
  }
  out += "\r\n";
  return out;
}

void body_canonicalizer::flush_pending(std::string& out) {
  if (pending_crlf_) {
    for (std::uint64_t k = 0; k < pending_crlf_; ++k) out += "\r\n";
    pending_crlf_ = 0;
  }
  if (pending_wsp_) {
    out += ' ';
    pending_wsp_ = false;
  }
  any_content_ = true;
}

void body_canonicalizer::emit_char(char ch, std::string& out) {
  flush_pending(out);
  out += ch;
}

void body_canonicalizer::update(std::string_view chunk, std::string& out) {
  const bool relaxed = c_ == canon::relaxed;
  const char* p = chunk.data();
  const char* end = p + chunk.size();
  while (p < end) {
    if (pending_cr_) {
      pending_cr_ = false;
      if (*p == '\n') {
        // end of line: relaxed drops trailing WSP; the CRLF waits (it may be a trailing empty line)
        pending_wsp_ = false;
        ++pending_crlf_;
        ++p;
        continue;
      }
      emit_char('\r', out);  // a lone CR is content
    }
    if (*p == '\r') {
      pending_cr_ = true;
      ++p;
      continue;
    }
    if (relaxed && wsp(*p)) {
      pending_wsp_ = true;
      ++p;
      continue;
    }
    // A run of bytes that need no decision is copied in one append: per-byte appends cost as much
    // as the SHA-256 pass over the body (tests/bench/dkim_verify).
    const char* run = p + 1;
    if (relaxed) {
      // One space between two non-blank bytes is its own canonical form: keep it in the run, so a
      // line of words is one append rather than one per word.
      for (; run < end; ++run) {
        char ch = *run;
        if (ch == '\r' || ch == '\t') break;
        if (ch == ' ' && (run + 1 == end || run[1] == ' ' || run[1] == '\t' || run[1] == '\r')) break;
      }
    } else {
      const void* cr = std::memchr(run, '\r', std::size_t(end - run));
      run = cr ? static_cast<const char*>(cr) : end;
    }
    flush_pending(out);
    out.append(p, std::size_t(run - p));
    p = run;
  }
}

void body_canonicalizer::finish(std::string& out) {
  if (pending_cr_) {
    pending_cr_ = false;
    emit_char('\r', out);
  }
  pending_wsp_ = false;  // trailing WSP on the last line goes (relaxed)
  if (any_content_ || pending_crlf_ || c_ == canon::simple) {
    // Content ends with exactly one CRLF. An empty simple body is "CRLF"; an empty relaxed body is empty.
    if (any_content_ || c_ == canon::simple) out += "\r\n";
  }
  pending_crlf_ = 0;
}

std::string canonicalize_body(canon c, std::string_view body) {
  body_canonicalizer bc(c);
  std::string out;
  out.reserve(body.size() + 2);
  bc.update(body, out);
  bc.finish(out);
  return out;
}

crypto::bytes body_hash(canon c, crypto::hash_alg alg, std::string_view body, std::optional<std::uint64_t> length,
                        std::uint64_t* canonical_length) {
  crypto::hasher h(alg);
  std::uint64_t total = 0;
  // Hashes the next piece of the canonical body, up to l= bytes in all.
  auto feed = [&](std::string_view piece) {
    std::uint64_t before = total;
    total += piece.size();
    if (length) {
      if (before >= *length) return;
      piece = piece.substr(0, std::size_t(std::min<std::uint64_t>(piece.size(), *length - before)));
    }
    h.update(piece);
  };
  if (c == canon::simple) {
    // Simple (§3.4.3) only rewrites the end: trailing CRLFs become one CRLF (an empty body is one CRLF).
    // So the body's own bytes are hashed in place, in one pass, with no copy.
    std::string_view content = body;
    while (content.size() >= 2 && content.substr(content.size() - 2) == "\r\n") content.remove_suffix(2);
    feed(content);
    feed("\r\n");
  } else {
    // Relaxed rewrites white space everywhere: canonicalise a chunk into a buffer the size of the
    // CPU cache, hash it, reuse the buffer.
    body_canonicalizer bc(c);
    std::string buf;
    constexpr std::size_t chunk = 64 * 1024;
    buf.reserve(chunk + 64);
    for (std::size_t off = 0; off < body.size(); off += chunk) {
      buf.clear();
      bc.update(body.substr(off, chunk), buf);
      feed(buf);
    }
    buf.clear();
    bc.finish(buf);
    feed(buf);
  }
  if (canonical_length) *canonical_length = total;
  return h.finish();
}

std::size_t count_fields(const message_view& msg, std::string_view name) {
  std::size_t c = 0;
  for (const auto& f : msg.fields) c += str::iequals(f.name, name);
  return c;
}

std::vector<std::string> present_field_names(const message_view& msg, std::span<const char* const> candidates) {
  std::vector<std::string> names;
  for (const char* n : candidates)
    for (std::size_t i = 0, c = count_fields(msg, n); i < c; ++i) names.emplace_back(str::lower(n));
  return names;
}

std::string canonical_signed_fields(canon c, const message_view& msg, std::span<const std::string> names,
                                    std::size_t skip) {
  std::string data;
  std::vector<bool> used(msg.fields.size(), false);
  if (skip < used.size()) used[skip] = true;
  for (const auto& name : names)
    for (std::size_t j = msg.fields.size(); j-- > 0;) {
      if (used[j] || !str::iequals(msg.fields[j].name, name)) continue;
      used[j] = true;
      data += canonicalize_header(c, msg.fields[j].raw);
      break;
    }
  return data;
}

}  // namespace authlens::dkim
