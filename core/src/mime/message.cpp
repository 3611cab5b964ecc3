// RFC 5322 header/body split, line-ending normalisation, limits, and the RFC 2045/2046 part tree.
#include <cstring>

#include "authlens/base64.hpp"
#include "authlens/message.hpp"
#include "authlens/strings.hpp"
#include "internal.hpp"

namespace authlens::mime {

using detail::defect_sink;
using detail::excerpt;
using detail::is_wsp;

const char* to_string(line_endings e) {
  switch (e) {
    case line_endings::none: return "none";
    case line_endings::crlf: return "CRLF";
    case line_endings::lf: return "LF";
    case line_endings::mixed: return "mixed";
  }
  return "none";
}

bool part::is_multipart() const { return str::istarts_with(content_type, "multipart/"); }

const header_field* message::first(std::string_view name) const {
  for (const auto& f : fields)
    if (str::iequals(f.name, name)) return &f;
  return nullptr;
}

const header_field* message::last(std::string_view name) const {
  for (auto it = fields.rbegin(); it != fields.rend(); ++it)
    if (str::iequals(it->name, name)) return &*it;
  return nullptr;
}

std::vector<const header_field*> message::all(std::string_view name) const {
  std::vector<const header_field*> out;
  for (const auto& f : fields)
    if (str::iequals(f.name, name)) out.push_back(&f);
  return out;
}

std::size_t message::count(std::string_view name) const {
  std::size_t n = 0;
  for (const auto& f : fields)
    if (str::iequals(f.name, name)) ++n;
  return n;
}

std::string message::subject(std::vector<defect>* out_defects) const {
  const header_field* f = first("Subject");
  if (!f) return {};
  return decode_words(f->unfolded, out_defects);
}

namespace detail {

namespace {

/// A field name is printable US-ASCII except ':' (RFC 5322 §2.2); obsolete syntax allows WSP before ':'.
bool valid_name(std::string_view n) {
  if (n.empty()) return false;
  for (char c : n) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126) return false;
  }
  return true;
}

}  // namespace

void scan_header_block(std::string_view text, std::size_t base, const parse_options& opt, defect_sink& sink,
                       header_spans& hb) {
  hb.fields.clear();
  hb.body_start = 0;
  hb.has_separator = hb.truncated = false;
  std::size_t pos = 0;
  std::size_t line_no = 0;
  // The field being read: [field_begin, field_end) in text; field_end excludes the final CRLF.
  bool have_field = false;
  std::size_t field_begin = 0, field_end = 0, colon = 0;
  bool limit_block = false, limit_count = false;


  auto finish_field = [&] {
    if (!have_field) return;
    have_field = false;
    if (limit_block) return;
    std::size_t size = field_end - field_begin;
    std::string_view name_part = text.substr(field_begin, colon - field_begin);
    while (!name_part.empty() && is_wsp(name_part.back())) name_part.remove_suffix(1);
    if (size > opt.max_field_size) {
      hb.truncated = true;
      sink.add("mime.header.too_long", "field \"" + excerpt(name_part) + "\" at byte " + std::to_string(base + field_begin) +
                                           " is " + std::to_string(size) + " bytes (limit " +
                                           std::to_string(opt.max_field_size) + "); dropped");
      return;
    }
    if (hb.fields.size() >= opt.max_header_fields) {
      hb.truncated = true;
      if (!limit_count) {
        limit_count = true;
        sink.add("mime.header.too_many", "more than " + std::to_string(opt.max_header_fields) +
                                             " header fields; the rest were dropped");
      }
      return;
    }
    hb.fields.push_back({field_begin, field_end, colon, name_part.size()});
  };

  while (pos < text.size()) {
    ++line_no;
    const char* nl = static_cast<const char*>(std::memchr(text.data() + pos, '\n', text.size() - pos));
    std::size_t eol, next;
    if (nl) {
      std::size_t lf = std::size_t(nl - text.data());
      eol = (lf > pos && text[lf - 1] == '\r') ? lf - 1 : lf;
      next = lf + 1;
    } else {
      eol = text.size();
      next = text.size();
    }
    if (eol == pos && nl) {  // empty line: end of the header block
      finish_field();
      hb.has_separator = true;
      hb.body_start = next;
      break;
    }
    if (!limit_block && next > opt.max_header_block) {
      finish_field();
      limit_block = true;
      hb.truncated = true;
      sink.add("mime.header.block_too_large", "the header block exceeds " + std::to_string(opt.max_header_block) +
                                                  " bytes; fields after byte " + std::to_string(base + pos) +
                                                  " were dropped");
    }
    std::string_view line = text.substr(pos, eol - pos);
    if (is_wsp(line.front())) {
      if (have_field) {
        field_end = eol;
      } else if (!limit_block) {
        sink.add("mime.header.orphan_continuation",
                 "line " + std::to_string(line_no) + " continues no field: \"" + excerpt(line) + "\"; skipped");
      }
    } else {
      finish_field();
      std::size_t c = line.find(':');
      std::string_view name = c == std::string_view::npos ? std::string_view{} : line.substr(0, c);
      while (!name.empty() && is_wsp(name.back())) name.remove_suffix(1);
      if (c == std::string_view::npos || !valid_name(name)) {
        if (!limit_block)
          sink.add("mime.header.malformed",
                   "line " + std::to_string(line_no) + " is not a header field: \"" + excerpt(line) + "\"; skipped");
      } else {
        have_field = true;
        field_begin = pos;
        field_end = eol;
        colon = pos + c;
      }
    }
    pos = next;
  }
  if (!hb.has_separator) {
    finish_field();
    hb.body_start = text.size();
  }
}

header_field make_field(std::string_view text, const field_span& span, std::size_t base) {
  std::string_view field = text.substr(span.begin, span.end - span.begin);
  header_field f;
  f.offset = base + span.begin;
  f.raw.reserve(field.size() + 2);
  f.raw.assign(field);
  f.raw += "\r\n";
  f.name.assign(field.substr(0, span.name_size));
  f.value.assign(field.substr(span.colon - span.begin + 1));
  f.unfolded.assign(str::trim(str::unfold(f.value)));
  return f;
}

header_block parse_header_block(std::string_view text, std::size_t base, const parse_options& opt,
                                defect_sink& sink) {
  header_spans spans;
  scan_header_block(text, base, opt, sink, spans);
  header_block hb;
  hb.fields.reserve(spans.fields.size());
  for (const field_span& f : spans.fields) hb.fields.push_back(make_field(text, f, base));
  hb.body_start = spans.body_start;
  hb.has_separator = spans.has_separator;
  hb.truncated = spans.truncated;
  return hb;
}



}  // namespace detail

namespace {

struct tree_context {
  const parse_options& opt;
  defect_sink& sink;
  std::string_view body;  // message::body, for offsets
  std::size_t parts = 0;
  bool parts_limit_hit = false;
};

std::string strip_comments_lower(std::string_view v) {
  std::vector<parameter> ignored;
  return parse_parameters(v, ignored);
}

std::size_t decoded_size(std::string_view content, const std::string& cte) {
  if (cte == "base64") return base64::decoded_size_lenient(content);
  if (cte == "quoted-printable") return detail::qp_decoded_size(content);
  return content.size();
}

/// Finds the delimiter lines "--boundary" of a multipart body (RFC 2046 §5.1.1) and returns the content
/// of each body part. The CRLF before a delimiter belongs to the delimiter.
struct split_result {
  std::vector<std::string_view> parts;
  bool closed = false;
  bool found_any = false;
};

split_result split_multipart(std::string_view body, std::string_view boundary) {
  split_result r;
  std::string delim = "--";
  delim += boundary;
  std::size_t search = 0;
  std::size_t content_begin = std::string_view::npos;  // start of the current part's content
  while (search <= body.size()) {
    std::size_t at = body.find(delim, search);
    if (at == std::string_view::npos) break;
    search = at + 1;
    if (at != 0 && !(at >= 2 && body[at - 1] == '\n' && body[at - 2] == '\r')) continue;
    std::size_t after = at + delim.size();
    bool close = after + 2 <= body.size() && body[after] == '-' && body[after + 1] == '-';
    std::size_t k = close ? after + 2 : after;
    if (!close) {
      while (k < body.size() && is_wsp(body[k])) ++k;
      if (k < body.size() && body[k] != '\r') continue;  // "--boundaryX": another boundary, not ours
      if (k < body.size() && !(k + 1 < body.size() && body[k + 1] == '\n')) continue;
    }
    // End of the delimiter line.
    std::size_t eol = body.find("\r\n", k);
    std::size_t line_end = eol == std::string_view::npos ? body.size() : eol + 2;
    if (content_begin != std::string_view::npos) {
      std::size_t end = at >= 2 && at > content_begin ? at - 2 : at;
      if (end < content_begin) end = content_begin;
      r.parts.push_back(body.substr(content_begin, end - content_begin));
    }
    r.found_any = true;
    if (close) {
      r.closed = true;
      return r;
    }
    content_begin = line_end;
    search = line_end;
  }
  if (content_begin != std::string_view::npos) r.parts.push_back(body.substr(content_begin));
  return r;
}

/// RFC 2045 §5.1: type "/" subtype, both tokens (no space, no tspecials, no controls).
bool is_media_type(std::string_view t) {
  auto is_token = [](std::string_view w) {
    if (w.empty()) return false;
    for (char c : w) {
      auto u = static_cast<unsigned char>(c);
      if (u <= 0x20 || u >= 0x7f || std::string_view("()<>@,;:\\\"/[]?=").find(c) != std::string_view::npos)
        return false;
    }
    return true;
  };
  std::size_t slash = t.find('/');
  return slash != std::string_view::npos && is_token(t.substr(0, slash)) && is_token(t.substr(slash + 1));
}

void build_part(part& pt, const std::vector<header_field>& fields, std::string_view content, std::size_t depth,
                bool digest_parent, tree_context& ctx);

void build_children(part& pt, std::string_view content, std::size_t depth, tree_context& ctx) {
  if (pt.is_multipart()) {
    if (pt.boundary.empty()) {
      ctx.sink.add("mime.multipart.no_boundary", pt.content_type + " without a boundary parameter; read as one part");
      return;
    }
    if (pt.boundary.size() > 200) {
      ctx.sink.add("mime.multipart.bad_boundary", "boundary longer than 200 bytes; read as one part");
      return;
    }
    if (depth >= ctx.opt.max_mime_depth) {
      ctx.sink.add_once("mime.depth_exceeded", "MIME nesting deeper than " + std::to_string(ctx.opt.max_mime_depth) +
                                                   " levels; inner parts not read");
      return;
    }
    split_result sr = split_multipart(content, pt.boundary);
    if (!sr.found_any) {
      ctx.sink.add("mime.multipart.no_parts", "no delimiter line \"--" + excerpt(pt.boundary) + "\" in the body");
      return;
    }
    if (!sr.closed) ctx.sink.add("mime.multipart.unterminated", "no closing delimiter \"--" + excerpt(pt.boundary) + "--\"");
    bool digest = pt.content_type == "multipart/digest";
    for (std::string_view sub : sr.parts) {
      if (ctx.parts >= ctx.opt.max_mime_parts) {
        if (!ctx.parts_limit_hit) {
          ctx.parts_limit_hit = true;
          ctx.sink.add("mime.parts.too_many", "more than " + std::to_string(ctx.opt.max_mime_parts) +
                                                  " MIME parts; the rest were not read");
        }
        return;
      }
      ++ctx.parts;
      detail::header_block hb = detail::parse_header_block(sub, 0, ctx.opt, ctx.sink);
      part child;
      child.fields = std::move(hb.fields);
      std::string_view child_body = sub.substr(hb.body_start);
      build_part(child, child.fields, child_body, depth + 1, digest, ctx);
      pt.parts.push_back(std::move(child));
    }
    return;
  }
  if ((pt.content_type == "message/rfc822" || pt.content_type == "message/global") &&
      (pt.transfer_encoding == "7bit" || pt.transfer_encoding == "8bit" || pt.transfer_encoding == "binary")) {
    if (depth >= ctx.opt.max_mime_depth) {
      ctx.sink.add_once("mime.depth_exceeded", "MIME nesting deeper than " + std::to_string(ctx.opt.max_mime_depth) +
                                                   " levels; inner parts not read");
      return;
    }
    if (ctx.parts >= ctx.opt.max_mime_parts) return;
    ++ctx.parts;
    detail::header_block hb = detail::parse_header_block(content, 0, ctx.opt, ctx.sink);
    part child;
    child.fields = std::move(hb.fields);
    build_part(child, child.fields, content.substr(hb.body_start), depth + 1, false, ctx);
    pt.parts.push_back(std::move(child));
  }
}

const header_field* find_field(const std::vector<header_field>& fields, std::string_view name) {
  for (const auto& f : fields)
    if (str::iequals(f.name, name)) return &f;
  return nullptr;
}

void build_part(part& pt, const std::vector<header_field>& fields, std::string_view content, std::size_t depth,
                bool digest_parent, tree_context& ctx) {
  std::vector<defect>* dv = nullptr;
  std::vector<defect> local;
  dv = &local;
  if (const header_field* ct = find_field(fields, "Content-Type")) {
    std::string type = parse_parameters(ct->unfolded, pt.type_params, dv);
    if (!is_media_type(type)) {
      // RFC 2045 §5.2: an invalid Content-Type means text/plain; its parameters are not trusted either
      // (a boundary read from "multipart/mixed boundary=x" would make a multipart of a text part).
      ctx.sink.add("mime.content_type.invalid", "Content-Type \"" + excerpt(ct->unfolded) + "\" is not type/subtype; "
                                                "read as text/plain");
      pt.content_type = "text/plain";
      pt.type_params.clear();
    } else {
      pt.content_type = type;
    }
  } else {
    pt.content_type = digest_parent ? "message/rfc822" : "text/plain";
  }
  if (const parameter* p = find_parameter(pt.type_params, "charset")) pt.charset = str::lower(str::trim(p->value));
  if (const parameter* p = find_parameter(pt.type_params, "boundary")) pt.boundary = p->value;
  if (const header_field* cte = find_field(fields, "Content-Transfer-Encoding")) {
    std::string e = strip_comments_lower(cte->unfolded);
    if (e == "7bit" || e == "8bit" || e == "binary" || e == "base64" || e == "quoted-printable") {
      pt.transfer_encoding = e;
    } else {
      ctx.sink.add("mime.cte.unknown", "unknown Content-Transfer-Encoding \"" + excerpt(cte->unfolded) + "\"");
      pt.transfer_encoding = e.empty() ? "7bit" : e;
    }
  }
  if (const header_field* cd = find_field(fields, "Content-Disposition")) {
    pt.disposition = parse_parameters(cd->unfolded, pt.disposition_params, dv);
  }
  if (const parameter* p = find_parameter(pt.disposition_params, "filename")) {
    pt.filename = p->value;
  } else if (const parameter* q = find_parameter(pt.type_params, "name")) {
    pt.filename = q->value;
  }
  for (auto& d : local) ctx.sink.add(std::move(d.code), std::move(d.detail));
  pt.body_offset = std::size_t(content.data() - ctx.body.data());
  pt.body_length = content.size();
  pt.size = decoded_size(content, pt.transfer_encoding);
  build_children(pt, content, depth, ctx);
}

}  // namespace

namespace {

// Counts the line breaks of `s`: CRLF pairs and bare LFs. It runs over every byte of every message;
// one memchr per line cost 4% of `authlens dkim verify` (lines are short), so where the target has
// vector registers it compares 16 bytes at a time (GCC/Clang vector extensions, no intrinsics), the
// counts kept in byte lanes for at most 255 rounds.
void count_line_breaks(std::string_view s, std::size_t& crlf, std::size_t& lf) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t newlines = 0, after_cr = 0, i = 0;
  if (n != 0 && p[0] == '\n') ++newlines;
  i = 1;  // from here on, p[i - 1] is the byte before
#if defined(__SSE2__) || defined(__ARM_NEON) || defined(__wasm_simd128__)
  using u8x16 = unsigned char __attribute__((vector_size(16)));
  while (n >= 16 && n - i >= 16) {
    u8x16 nl_lanes = {}, crlf_lanes = {};
    for (int round = 0; round < 255 && n - i >= 16; ++round, i += 16) {
      u8x16 cur, before;
      std::memcpy(&cur, p + i, 16);
      std::memcpy(&before, p + i - 1, 16);
      const u8x16 nl = (u8x16)(cur == (unsigned char)'\n');  // 0xff where equal, else 0
      nl_lanes -= nl;
      crlf_lanes -= nl & (u8x16)(before == (unsigned char)'\r');
    }
    for (int k = 0; k < 16; ++k) {
      newlines += nl_lanes[k];
      after_cr += crlf_lanes[k];
    }
  }
  for (; i < n; ++i)
    if (p[i] == '\n') {
      ++newlines;
      after_cr += p[i - 1] == '\r';
    }
#else
  for (const void* nl = n > 1 ? std::memchr(p + 1, '\n', n - 1) : nullptr; nl;) {
    i = std::size_t(static_cast<const unsigned char*>(nl) - p);
    ++newlines;
    after_cr += p[i - 1] == '\r';
    nl = i + 1 < n ? std::memchr(p + i + 1, '\n', n - i - 1) : nullptr;
  }
#endif
  crlf = after_cr;
  lf = newlines - after_cr;
}

}  // namespace

void split(std::string_view input, std::string& storage, message_parts& out, const parse_options& opt) {
  out.fields.clear();
  out.defects.clear();
  out.mbox_from_line = false;
  defect_sink sink(&out.defects, opt.max_defects);

  // Line endings: count, then normalise bare LF to CRLF.
  std::size_t crlf = 0, lf = 0;
  count_line_breaks(input, crlf, lf);
  out.endings = crlf == 0 && lf == 0 ? line_endings::none
                : lf == 0            ? line_endings::crlf
                : crlf == 0          ? line_endings::lf
                                     : line_endings::mixed;
  std::string_view text = input;
  bool in_storage = false;
  if (lf != 0) {
    storage.clear();
    storage.reserve(input.size() + lf);
    for (std::size_t i = 0; i < input.size(); ++i) {
      char c = input[i];
      if (c == '\n' && (i == 0 || input[i - 1] != '\r')) storage.push_back('\r');
      storage.push_back(c);
    }
    text = storage;
    in_storage = true;
  }
  if (out.endings == line_endings::mixed)
    sink.add("mime.input.mixed_line_endings", "the input mixes CRLF and bare LF line endings (" + std::to_string(crlf) +
                                                  " CRLF, " + std::to_string(lf) + " LF); normalised to CRLF");

  std::size_t start = 0;
  // mbox "From " separator line (not a header field: no colon after a field name).
  std::size_t after_from = text.size() > 5 ? text.find_first_not_of(" \t", 5) : std::string_view::npos;
  if (text.compare(0, 5, "From ") == 0 && after_from != std::string_view::npos && text[after_from] != ':') {
    std::size_t e = text.find("\r\n");
    out.mbox_from_line = true;
    start = e == std::string_view::npos ? text.size() : e + 2;
    sink.add("mime.mbox.from_line", "skipped the mbox separator line \"" + excerpt(text.substr(0, e == std::string_view::npos ? text.size() : e)) + "\"");
  }
  // Blank lines before the first field (common when pasting) would otherwise make everything the body.
  std::size_t lead = start;
  while (text.compare(lead, 2, "\r\n") == 0) lead += 2;
  if (lead != start) {
    sink.add("mime.input.leading_blank_lines", "skipped blank lines before the first header field");
    start = lead;
  }

  detail::header_spans hb;
  detail::scan_header_block(text.substr(start), start, opt, sink, hb);
  // Every field's raw form ends in CRLF. Only a header line that ends the input without a line break
  // (headers-only input) has none after it in the text: the text is then kept with one appended.
  if (!hb.fields.empty() && start + hb.fields.back().end == text.size()) {
    if (!in_storage) storage.assign(text);
    storage += "\r\n";
    text = std::string_view(storage).substr(0, storage.size() - 2);
  }
  std::string_view rest = text.substr(start);
  out.text = text;
  out.fields.reserve(hb.fields.size());
  for (const detail::field_span& f : hb.fields)
    out.fields.push_back({rest.substr(f.begin, f.name_size), std::string_view(rest.data() + f.begin, f.end - f.begin + 2)});
  out.truncated = hb.truncated;
  out.has_separator = hb.has_separator;
  out.body_offset = start + hb.body_start;
  out.body = rest.substr(hb.body_start);
  out.headers_only = !out.has_separator || out.body.empty();
  if (!out.has_separator && !rest.empty())
    sink.add("mime.input.headers_only", "no blank line ends the header block: the input holds headers only");
  if (hb.body_start > 0 && std::memchr(rest.data(), '\0', hb.body_start) != nullptr)
    sink.add("mime.header.nul", "the header block contains NUL bytes");
  if (out.fields.empty() && !rest.empty()) sink.add("mime.header.none", "no header field could be read");
}

message parse(std::string_view input, const parse_options& opt) {
  std::string storage;
  message_parts parts;
  split(input, storage, parts, opt);
  message m;
  m.input_bytes = input.size();
  m.endings = parts.endings;
  m.mbox_from_line = parts.mbox_from_line;
  m.truncated = parts.truncated;
  m.has_separator = parts.has_separator;
  m.headers_only = parts.headers_only;
  m.body_offset = parts.body_offset;
  m.body.assign(parts.body);
  m.defects = std::move(parts.defects);
  m.fields.reserve(parts.fields.size());
  for (const field_view& f : parts.fields) {
    std::size_t offset = std::size_t(f.raw.data() - parts.text.data());
    std::size_t colon = f.raw.find(':');
    m.fields.push_back(detail::make_field(parts.text, {offset, offset + f.raw.size() - 2, offset + colon, f.name.size()}, 0));
  }
  if (opt.mime_tree) {
    defect_sink sink(&m.defects, opt.max_defects);
    tree_context ctx{opt, sink, m.body};
    build_part(m.mime, m.fields, m.body, 0, false, ctx);
  }
  return m;
}

}  // namespace authlens::mime
