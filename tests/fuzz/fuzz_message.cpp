// libFuzzer target: the whole message model (RFC 5322 header block, RFC 2045/2046 tree, RFC 2047/2231
// decoding, address lists, author domain) and its JSON, which must always be dumpable (valid UTF-8).
// Small limits make the fuzzer reach the limit paths quickly. mime::split (the borrowing first step of
// parse) must give the same fields and body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "authlens/message.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void walk(const authlens::mime::part& p, const std::string& body, std::size_t depth) {
  check(depth <= 64);
  check(p.body_offset <= body.size() && p.body_length <= body.size() - p.body_offset);
  for (const auto& f : p.fields) check(f.raw.size() >= 2 && f.raw.compare(f.raw.size() - 2, 2, "\r\n") == 0);
  for (const auto& c : p.parts) walk(c, body, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  authlens::mime::parse_options small;
  small.max_header_fields = 50;
  small.max_field_size = 2048;
  small.max_header_block = 16 * 1024;
  small.max_mime_depth = 8;
  small.max_mime_parts = 64;
  small.max_defects = 20;
  const authlens::mime::parse_options* const choices[] = {&small, nullptr};
  // One storage and one message_parts for both choices, as `dkim verify` reuses them across files.
  std::string storage;
  authlens::mime::message_parts parts;
  for (const auto* opt : choices) {
    authlens::mime::message m = opt ? authlens::mime::parse(in, *opt) : authlens::mime::parse(in);
    // split() borrows what parse() copies: the same fields, body and defects.
    authlens::mime::split(in, storage, parts, opt ? *opt : authlens::mime::parse_options{});
    check(parts.fields.size() == m.fields.size() && parts.body == m.body && parts.defects.size() <= m.defects.size());
    check(parts.headers_only == m.headers_only && parts.endings == m.endings && parts.body_offset == m.body_offset);
    for (std::size_t i = 0; i < m.fields.size(); ++i)
      check(parts.fields[i].raw == m.fields[i].raw && parts.fields[i].name == m.fields[i].name &&
            std::size_t(parts.fields[i].raw.data() - parts.text.data()) == m.fields[i].offset);
    std::size_t limit = opt ? opt->max_defects : authlens::mime::parse_options{}.max_defects;
    check(m.defects.size() <= limit + 1);
    check(m.input_bytes == size);
    for (const auto& f : m.fields) {
      check(f.raw.size() >= 2 && f.raw.compare(f.raw.size() - 2, 2, "\r\n") == 0);
      check(f.raw.find(':') != std::string::npos);
      // Every LF in stored bytes is part of a CRLF (normalisation).
      for (std::size_t i = 0; i < f.raw.size(); ++i)
        if (f.raw[i] == '\n') check(i > 0 && f.raw[i - 1] == '\r');
    }
    for (std::size_t i = 0; i < m.body.size(); ++i)
      if (m.body[i] == '\n') check(i > 0 && m.body[i - 1] == '\r');
    check(m.headers_only == (!m.has_separator || m.body.empty()));
    walk(m.mime, m.body, 0);
    (void)m.subject();
    for (const char* name : {"From", "To", "Cc", "Sender", "Reply-To", "Return-Path"}) (void)authlens::mime::addresses(m, name);
    auto ad = authlens::mime::author_domain(m);
    check(ad.ok() == !ad.domain.empty());
    for (const auto& f : m.fields) {
      std::string d = authlens::mime::to_valid_utf8(authlens::mime::decode_words(f.unfolded));
      check(authlens::mime::to_valid_utf8(d) == d);
    }
  }
  return 0;
}
