// RFC 8617 §4.1: reading the ARC header fields (instance numbers, AMS and AS tag-lists).
#include <cctype>
#include <charconv>

#include "authlens/base64.hpp"
#include "authlens/arc.hpp"
#include "authlens/strings.hpp"
#include "internal.hpp"

namespace authlens::arc {

std::string_view to_string(chain_status s) {
  switch (s) {
    case chain_status::none: return "none";
    case chain_status::pass: return "pass";
    case chain_status::fail: return "fail";
  }
  return "none";
}

std::optional<chain_status> chain_status_from_string(std::string_view s) {
  if (str::iequals(s, "none")) return chain_status::none;
  if (str::iequals(s, "pass")) return chain_status::pass;
  if (str::iequals(s, "fail")) return chain_status::fail;
  return std::nullopt;
}

std::string_view to_string(reason r) {
  switch (r) {
    case reason::ok: return "ok";
    case reason::pending: return "pending";
    case reason::no_arc_sets: return "no_arc_sets";
    case reason::too_many_sets: return "too_many_sets";
    case reason::instance_missing: return "instance_missing";
    case reason::instance_invalid: return "instance_invalid";
    case reason::field_duplicate: return "field_duplicate";
    case reason::field_missing: return "field_missing";
    case reason::instance_gap: return "instance_gap";
    case reason::cv_invalid: return "cv_invalid";
    case reason::cv_first_not_none: return "cv_first_not_none";
    case reason::cv_later_not_pass: return "cv_later_not_pass";
    case reason::sealed_fail: return "sealed_fail";
    case reason::newest_ams_failed: return "newest_ams_failed";
    case reason::seal_failed: return "seal_failed";
    case reason::temporary_failure: return "temporary_failure";
    case reason::sig_h_in_seal: return "sig_h_in_seal";
    case reason::sig_seal_signed: return "sig_seal_signed";
    case reason::sig_timestamp_future: return "sig_timestamp_future";
    case reason::not_checked: return "not_checked";
  }
  return "not_checked";
}

std::string_view to_string(const sig_reason& r) {
  if (const reason* own = std::get_if<reason>(&r)) return to_string(*own);
  const dkim::reason d = std::get<dkim::reason>(r);
  switch (d) {
    // ARC has always written the signature-syntax problems with a "sig_" prefix.
    case dkim::reason::sig_syntax: return "sig_syntax";
    case dkim::reason::sig_duplicate_tag: return "sig_duplicate_tag";
    case dkim::reason::sig_missing_tag: return "sig_missing_tag";
    case dkim::reason::sig_algorithm_unknown: return "sig_algorithm_unknown";
    case dkim::reason::sig_canon_unknown: return "sig_canon_unknown";
    case dkim::reason::sig_bad_base64: return "sig_bad_base64";
    case dkim::reason::sig_bad_domain: return "sig_bad_domain";
    case dkim::reason::sig_bad_number: return "sig_bad_number";
    default: return dkim::to_string(d);  // key_*, body_hash_mismatch, signature_mismatch: DKIM's words
  }
}

std::string_view to_string(sig_state s) {
  switch (s) {
    case sig_state::pass: return "pass";
    case sig_state::fail: return "fail";
    case sig_state::temperror: return "temperror";
    case sig_state::pending: return "pending";
    case sig_state::not_checked: return "not_checked";
  }
  return "not_checked";
}

std::string signature_fields::key_name() const { return selector + "._domainkey." + str::lower(domain); }

namespace detail {

std::string strip_ws(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
  return out;
}

std::optional<std::uint32_t> parse_instance(std::string_view text) {
  std::string t = strip_ws(text);
  if (t.empty() || t.size() > 6) return std::nullopt;
  std::uint32_t v = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + std::uint32_t(c - '0');
  }
  if (v == 0) return std::nullopt;
  return v;
}

bool domain_like(std::string_view d) {
  if (d.empty() || d.size() > 253 || d.front() == '.') return false;
  std::size_t label = 0;
  for (char c : d) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
    if (++label > 63) return false;
  }
  return true;
}

}  // namespace detail

std::optional<std::uint32_t> instance_of(std::string_view field_name, std::string_view value) {
  if (str::iequals(str::trim(field_name), "ARC-Authentication-Results")) {
    // RFC 8617 §4.1.1: the value starts with "i=" instance ";".
    std::string_view v = str::trim(value);
    if (v.empty() || (v[0] != 'i' && v[0] != 'I')) return std::nullopt;
    v.remove_prefix(1);
    v = str::trim(v);
    if (v.empty() || v[0] != '=') return std::nullopt;
    auto semi = v.find(';');
    if (semi == std::string_view::npos) return std::nullopt;
    return detail::parse_instance(v.substr(1, semi - 1));
  }
  auto tl = dkim::parse_tag_list(value);
  if (!tl.ok && tl.why == dkim::reason::sig_duplicate_tag && tl.detail.find("\"i\"") != std::string::npos)
    return std::nullopt;  // i= twice
  const dkim::tag* t = nullptr;
  for (const auto& x : tl.tags)
    if (x.name == "i") {
      if (t) return std::nullopt;  // duplicate i=
      t = &x;
    }
  if (!t) return std::nullopt;
  return detail::parse_instance(t->value);
}

namespace {

signature_parse parse_common(std::string_view value, bool seal) {
  signature_parse out;
  signature_fields& f = out.fields;
  auto tl = dkim::parse_tag_list(value);
  auto fail = [&](sig_reason r, std::string d) {
    out.ok = false;
    out.why = r;
    out.detail = std::move(d);
    return out;
  };
  // Whatever can be read, for the report.
  if (const dkim::tag* t = tl.find("d")) f.domain = str::lower(detail::strip_ws(t->value));
  if (const dkim::tag* t = tl.find("s")) f.selector = detail::strip_ws(t->value);
  if (const dkim::tag* t = tl.find("a")) f.alg_text = detail::strip_ws(t->value);
  if (const dkim::tag* t = tl.find("i")) {
    f.instance_text = detail::strip_ws(t->value);
    if (auto n = detail::parse_instance(t->value)) f.instance = *n;
  }
  if (const dkim::tag* t = tl.find("cv")) {
    f.cv_text = detail::strip_ws(t->value);
    f.cv = chain_status_from_string(f.cv_text);
  }
  // RFC 6376 §3.2: tag-spec *( ";" tag-spec ) [ ";" ]: an empty tag-spec (";;") is a syntax error here
  // (the ValiMail suite: "additional semicolons are invalid").
  for (std::size_t i = 0, last = std::string_view::npos; i < value.size(); ++i) {
    char ch = value[i];
    if (ch == ';') {
      if (last != std::string_view::npos || i == value.find_first_not_of(" \t\r\n"))
        return fail(dkim::reason::sig_syntax, "empty tag-spec at offset " + std::to_string(i));
      last = i;
    } else if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') {
      last = std::string_view::npos;
    }
  }
  if (!tl.ok)
    return fail(tl.why == dkim::reason::sig_duplicate_tag ? dkim::reason::sig_duplicate_tag : dkim::reason::sig_syntax,
                tl.detail);

  if (seal) {
    for (const char* req : {"i", "a", "b", "cv", "d", "s"})
      if (!tl.find(req)) return fail(dkim::reason::sig_missing_tag, std::string("required tag ") + req + "= is missing");
  } else {
    for (const char* req : {"i", "a", "b", "bh", "d", "h", "s"})
      if (!tl.find(req)) return fail(dkim::reason::sig_missing_tag, std::string("required tag ") + req + "= is missing");
  }
  if (f.instance == 0) return fail(reason::instance_invalid, "i= is \"" + f.instance_text + "\", not 1..50");

  std::string a = f.alg_text;  // tag values are case-sensitive (RFC 6376 §3.2)
  if (a == "rsa-sha256")
    f.alg = dkim::algorithm::rsa_sha256;
  else if (a == "ed25519-sha256")
    f.alg = dkim::algorithm::ed25519_sha256;
  else if (a == "rsa-sha1")
    return fail(dkim::reason::sig_algorithm_unknown, "rsa-sha1 is not accepted (RFC 8301)");
  else
    return fail(dkim::reason::sig_algorithm_unknown, "a= is \"" + a + "\"");

  const dkim::tag* b = tl.find("b");
  f.b_text = detail::strip_ws(b->value);
  f.b_value_begin = b->value_begin;
  f.b_value_end = b->value_end;
  if (f.b_text.empty()) return fail(dkim::reason::sig_bad_base64, "b= is empty");
  if (auto d = base64::decode(b->value); d) f.b = std::move(*d);
  else return fail(dkim::reason::sig_bad_base64, "b= is not base64");

  if (!detail::domain_like(f.domain))
    return fail(dkim::reason::sig_bad_domain, "d= \"" + f.domain + "\" is not a domain name");
  if (!detail::domain_like(f.selector))
    return fail(dkim::reason::sig_bad_domain, "s= \"" + f.selector + "\" is not a selector");

  if (const dkim::tag* t = tl.find("t")) {
    std::string v = detail::strip_ws(t->value);
    // At most 12 digits (RFC 8617 §4.1.3 via RFC 6376 §3.5): checked before any is added up, so a
    // longer value cannot overflow the sum.
    bool ok = !v.empty() && v.size() <= 12 && v.find_first_not_of("0123456789") == std::string::npos;
    std::int64_t n = 0;
    if (ok)
      for (char c : v) n = n * 10 + (c - '0');
    if (!ok) return fail(dkim::reason::sig_bad_number, "t= is \"" + v + "\"");
    f.timestamp = n;
  }

  if (seal) {
    f.has_h = tl.find("h") != nullptr;
    if (f.has_h) return fail(reason::sig_h_in_seal, "an ARC-Seal must not carry h= (RFC 8617 §4.1.3)");
    if (!f.cv) return fail(reason::cv_invalid, "cv= is \"" + f.cv_text + "\", not none, pass or fail");
  } else {
    const dkim::tag* bh = tl.find("bh");
    f.bh_text = detail::strip_ws(bh->value);
    if (f.bh_text.empty()) return fail(dkim::reason::sig_bad_base64, "bh= is empty");
    if (auto d = base64::decode(bh->value); d) f.bh = std::move(*d);
    else return fail(dkim::reason::sig_bad_base64, "bh= is not base64");
    if (f.bh.size() != 32) return fail(dkim::reason::body_hash_mismatch, "bh= does not hold a SHA-256 digest");
    if (const dkim::tag* c = tl.find("c")) {
      f.canon_text = detail::strip_ws(c->value);
      std::string_view cv = f.canon_text;
      auto slash = cv.find('/');
      std::string_view h = cv.substr(0, slash);
      std::string_view bd = slash == std::string_view::npos ? std::string_view("simple") : cv.substr(slash + 1);
      auto one = [](std::string_view w, dkim::canon& out_c) {
        if (w == "simple") out_c = dkim::canon::simple;
        else if (w == "relaxed") out_c = dkim::canon::relaxed;
        else return false;
        return true;
      };
      if (!one(h, f.header_canon) || !one(bd, f.body_canon))
        return fail(dkim::reason::sig_canon_unknown, "c= is \"" + f.canon_text + "\"");
    } else {
      // No c=: relaxed/relaxed. RFC 6376's default is simple/simple, but ARC signers write relaxed and the
      // ValiMail suite (ams_fields_c_na) expects an AMS without c= to verify as relaxed/relaxed.
      f.header_canon = dkim::canon::relaxed;
      f.body_canon = dkim::canon::relaxed;
    }
    const std::string h_text = detail::strip_ws(tl.find("h")->value);
    for (auto piece : str::split(h_text, ':')) {
      if (piece.empty()) continue;  // "from::to": an empty name selects nothing (tolerated)
      f.headers.emplace_back(piece);
    }
    // An empty h= signs only the AMS itself (the ValiMail suite expects it to verify).
    for (const auto& h : f.headers)
      if (str::iequals(h, "ARC-Seal")) return fail(reason::sig_seal_signed, "h= lists ARC-Seal (RFC 8617 §4.1.2)");
    f.has_l = tl.find("l") != nullptr;
  }
  static const char* const known_ams[] = {"i", "a", "b", "bh", "c", "d", "h", "s", "t", "x", "l", "q", "z", "v"};
  static const char* const known_as[] = {"i", "a", "b", "cv", "d", "s", "t"};
  for (const auto& t : tl.tags) {
    bool known = false;
    if (seal) {
      for (const char* k : known_as) known = known || t.name == k;
    } else {
      for (const char* k : known_ams) known = known || t.name == k;
    }
    if (!known) f.unknown_tags.push_back(t.name);
  }
  out.ok = true;
  out.why = reason::ok;
  return out;
}

}  // namespace

signature_parse parse_message_signature(std::string_view value) { return parse_common(value, false); }
signature_parse parse_seal(std::string_view value) { return parse_common(value, true); }

}  // namespace authlens::arc
