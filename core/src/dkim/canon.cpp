// RFC 6376 §3.4 canonicalisation: simple and relaxed, header and body; body hashes (§3.7) with l=.
#include "authlens/dkim.hpp"
#include "authlens/strings.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>

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

char* body_canonicalizer::flush_pending(char* o) {
  for (; pending_crlf_; --pending_crlf_) {
    *o++ = '\r';
    *o++ = '\n';
  }
  if (pending_wsp_) {
    *o++ = ' ';
    pending_wsp_ = false;
  }
  any_content_ = true;
  return o;
}

namespace {

// Word-at-a-time scanning (portable C++: the same code serves the WebAssembly build). For each of the
// 8 bytes of `v`, the high bit of that byte is set in the result exactly when the byte equals `b`.
inline std::uint64_t bytes_equal(std::uint64_t v, unsigned char b) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, low7 = 0x7f7f7f7f7f7f7f7full;
  std::uint64_t x = v ^ (ones * b);
  return ~(((x & low7) + low7) | x | low7);
}

// Copies from `p` (up to `end`) to `o` the bytes relaxed canonicalisation keeps as they are: ordinary
// bytes, and single spaces between two of them. It stops at CR, HTAB, and a space followed by WSP or
// CR (or by the end of the chunk, which it cannot see past), and returns where it stopped in both.
// Eight bytes are judged and copied at once: relaxed bodies are mostly such runs, and a byte-by-byte
// loop over them cost as much as their SHA-256. The copy may write up to 15 bytes past what it keeps;
// they are overwritten or dropped, and stay within update_raw's bound (each input byte yields at
// most one output byte, and 8 input bytes remain whenever 8 are written; 16 for the vector loop).
void relaxed_run(const char*& p, const char* end, char*& o) {
  if constexpr (std::endian::native == std::endian::little) {
    // Byte i of a word is the low byte i: "followed by" is the next byte up, i.e. >> 8. The top byte's
    // follower is in the next word, so a space there always stops the run (the caller then holds it
    // as pending white space and goes on).
    constexpr std::uint64_t top = 0x8000000000000000ull;
#if defined(__SSE2__) || defined(__ARM_NEON) || defined(__wasm_simd128__)
    // Where the target has vector registers, 16 bytes at a time first (GCC/Clang vector extensions,
    // no intrinsics): the byte after each is loaded too, so a space's follower is always seen. The
    // stop mask is read back as two words, whose lowest set byte is the first stop (little-endian).
    using u8x16 = unsigned char __attribute__((vector_size(16)));
    while (end - p >= 17) {
      u8x16 cur, next;
      std::memcpy(&cur, p, 16);
      std::memcpy(&next, p + 1, 16);
      const u8x16 blank_next = (u8x16)(next == (unsigned char)' ') | (u8x16)(next == (unsigned char)'\t') |
                               (u8x16)(next == (unsigned char)'\r');
      const u8x16 stop = (u8x16)(cur == (unsigned char)'\r') | (u8x16)(cur == (unsigned char)'\t') |
                         ((u8x16)(cur == (unsigned char)' ') & blank_next);
      std::memcpy(o, &cur, 16);
      std::uint64_t half[2];
      std::memcpy(half, &stop, 16);
      if (half[0] | half[1]) {
        std::size_t k = half[0] ? std::size_t(std::countr_zero(half[0]) / 8) : 8 + std::size_t(std::countr_zero(half[1]) / 8);
        p += k;
        o += k;
        return;
      }
      p += 16;
      o += 16;
    }
#endif
    while (end - p >= 8) {
      std::uint64_t v;
      std::memcpy(&v, p, 8);
      std::uint64_t sp = bytes_equal(v, ' '), stop = bytes_equal(v, '\t') | bytes_equal(v, '\r');
      std::uint64_t bad = stop | (sp & (((sp | stop) >> 8) | top));
      std::memcpy(o, &v, 8);
      if (bad) {
        std::size_t k = std::size_t(std::countr_zero(bad) / 8);
        p += k;
        o += k;
        return;
      }
      p += 8;
      o += 8;
    }
  }
  for (; p < end; ++p) {
    char ch = *p;
    if (ch == '\r' || ch == '\t') break;
    if (ch == ' ' && (p + 1 == end || p[1] == ' ' || p[1] == '\t' || p[1] == '\r')) break;
    *o++ = ch;
  }
}

}  // namespace

std::size_t body_canonicalizer::update_raw(std::string_view chunk, char* out) {
  const bool relaxed = c_ == canon::relaxed;
  const char* p = chunk.data();
  const char* end = p + chunk.size();
  char* o = out;
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
      o = flush_pending(o);  // a lone CR is content
      *o++ = '\r';
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
    // A run of bytes that need no decision is copied in one go: per-byte appends cost as much as the
    // SHA-256 pass over the body (tests/bench/dkim_verify).
    o = flush_pending(o);
    if (relaxed) {
      // One space between two non-blank bytes is its own canonical form: keep it in the run, so a
      // line of words is one run rather than one per word.
      *o++ = *p++;
      relaxed_run(p, end, o);
    } else {
      const void* cr = std::memchr(p + 1, '\r', std::size_t(end - p - 1));
      std::size_t n = std::size_t((cr ? static_cast<const char*>(cr) : end) - p);
      std::memcpy(o, p, n);
      o += n;
      p += n;
    }
  }
  return std::size_t(o - out);
}

void body_canonicalizer::update(std::string_view chunk, std::string& out) {
  std::size_t base = out.size();
  out.resize(base + max_output(chunk.size()));
  out.resize(base + update_raw(chunk, out.data() + base));
}

void body_canonicalizer::finish(std::string& out) {
  if (pending_cr_) {  // a lone CR at the very end is content: what was held comes before it
    pending_cr_ = false;
    std::size_t base = out.size();
    out.resize(base + max_output(1));
    char* o = flush_pending(out.data() + base);
    *o++ = '\r';
    out.resize(std::size_t(o - out.data()));
  }
  pending_wsp_ = false;  // trailing WSP on the last line goes (relaxed)
  // Content ends with exactly one CRLF. An empty simple body is "CRLF"; an empty relaxed body is empty.
  if (any_content_ || c_ == canon::simple) out += "\r\n";
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
    constexpr std::size_t chunk = 64 * 1024;
    // Not a std::string: resizing one zero-fills it first. Held CRLFs (a run of empty lines) can make
    // the output of one chunk longer than the chunk: max_output says by how much.
    std::unique_ptr<char[]> buf;
    std::size_t cap = 0;
    for (std::size_t off = 0; off < body.size(); off += chunk) {
      std::string_view piece = body.substr(off, chunk);
      if (std::size_t need = bc.max_output(piece.size()); need > cap) {
        cap = std::max(need, chunk + 64);
        buf.reset(new char[cap]);
      }
      feed(std::string_view(buf.get(), bc.update_raw(piece, buf.get())));
    }
    std::string tail;
    bc.finish(tail);
    feed(tail);
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
