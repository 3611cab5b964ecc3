// DKIM in the wizard: key generation through dkim::keygen (the random source is injected: the core
// never gathers entropy), the key record checked by dkim::parse_key_record, selector advice, a
// rotation plan (RFC 6376 §3.6.1 revocation by empty p=), and CNAME delegation to providers that
// sign for the domain.
#include <array>
#include <cctype>

#include "authlens/records.hpp"
#include "authlens/strings.hpp"

namespace authlens::records {

namespace {

constexpr std::array<dkim_provider, 4> delegation_table{{
    {"ses", "Amazon SES (Easy DKIM)", "the three tokens SES shows for the domain identity"},
    {"sendgrid", "SendGrid", "the account's link sub-domain, e.g. u1234567.wl123 (from s1.domainkey.u1234567.wl123.sendgrid.net)"},
    {"m365", "Microsoft 365", "the tenant's initial domain prefix (contoso of contoso.onmicrosoft.com)"},
    {"google", "Google Workspace", "the TXT value the Admin console generates (Apps → Gmail → Authenticate email)"},
}};

bool valid_selector(std::string_view s) { return !s.empty() && valid_domain(s, true) && s.find('_') == std::string_view::npos; }

/// "selector1" → "selector2", "s1" → "s2", else name + "2".
std::string bump(std::string_view s) {
  std::size_t i = s.size();
  while (i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1]))) --i;
  if (i == s.size() || s.size() - i > 9) return std::string(s) + "2";
  unsigned long n = std::stoul(std::string(s.substr(i)));
  return std::string(s.substr(0, i)) + std::to_string(n + 1);
}

}  // namespace

std::span<const dkim_provider> dkim_providers() { return delegation_table; }

std::vector<note> selector_advice(std::string_view selector) {
  std::vector<note> v;
  std::string sel = str::lower(selector);
  bool dated = sel.size() >= 7;
  if (dated) {
    std::size_t digits = 0;
    for (char c : sel) digits += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
    dated = digits >= 6;
  }
  if (sel == "default" || sel == "dkim" || sel == "mail" || sel == "selector" || sel == "key")
    v.push_back({"records.dkim.selector_generic", "info",
                 "'" + sel + "' is a generic selector: it works, but a dated one (e.g. s202611) shows at a glance "
                 "which key is current and makes rotation easy.",
                 "", {{"selector", sel}}});
  else if (!dated)
    v.push_back({"records.dkim.selector_dated", "info",
                 "Tip: a selector with the year and month (e.g. s202611) or a sender name plus date "
                 "(e.g. crm202611) tells you which key is which when you rotate.",
                 "", {{"selector", sel}}});
  v.push_back({"records.dkim.selector_public", "info",
               "Selectors are public (they appear in every signature): never put secrets or internal host names in them.",
               "", {}});
  return v;
}

result<dkim_build> build_dkim(const dkim_options& opt, const crypto::random_fn& rng) {
  const std::string domain = dns::normalize_name(str::trim(opt.domain));
  const std::string selector = dns::normalize_name(str::trim(opt.selector));
  if (!valid_domain(domain)) return error{"records.dkim.bad_domain", "'" + opt.domain + "' is not a domain name"};
  if (!valid_selector(selector))
    return error{"records.dkim.bad_selector",
                 "'" + opt.selector + "' is not a selector (letters, digits and hyphens; dots between parts)"};
  unsigned bits = opt.type == dkim::key_type::rsa ? (opt.bits ? opt.bits : 2048) : 256;
  if (opt.type == dkim::key_type::rsa && (bits < 1024 || bits > 4096))
    return error{"records.dkim.bad_bits", "RSA keys for DKIM have 1024 to 4096 bits (2048 recommended)"};
  auto key = dkim::keygen(opt.type, opt.type == dkim::key_type::rsa ? bits : 0, domain, selector, rng);
  if (!key) return key.err();
  dkim_build out;
  out.private_pem = key->private_pem;
  out.record = key->record;
  const std::string name = selector + "._domainkey." + domain;
  out.publish.push_back(with_purpose(make_record(name, "TXT", out.record, opt.ttl,
                                                 "The public key for signatures with d=" + domain + " s=" + selector + "."),
                                     "records.purpose.dkim.key", {{"domain", domain}, {"selector", selector}}));
  // The record goes through the verifier's own key parser before it is shown.
  auto parsed = dkim::parse_key_record(out.record);
  if (!parsed.key || parsed.why != dkim::reason::ok)
    out.notes.push_back({"records.dkim.key_invalid", "error",
                         "the generated key record does not parse: " + std::string(dkim::to_string(parsed.why)) + " " +
                             parsed.detail,
                         "", {}});
  else
    out.notes.push_back({"records.dkim.key_ok", "info",
                         "The key record parses as a " +
                             std::string(opt.type == dkim::key_type::rsa ? std::to_string(parsed.key->bits) + "-bit RSA"
                                                                           : "Ed25519") +
                             " key.",
                         "", {{"bits", std::to_string(parsed.key->bits)}}});
  out.notes.push_back({"records.dkim.private_key", "warning",
                       "The private key was made here and is shown only to you: install it in the signing server or "
                       "service and keep no other copy in e-mail, tickets or chat.",
                       "", {}});
  if (opt.type == dkim::key_type::ed25519)
    out.notes.push_back({"records.dkim.ed25519", "warning",
                         "Ed25519 (RFC 8463) is not verified by every receiver yet: sign with an RSA key as well, under "
                         "another selector.",
                         "publish an RSA 2048 key too and sign each message with both", {}});
  else if (bits < 2048)
    out.notes.push_back({"records.dkim.rsa_small", "warning",
                         std::to_string(bits) + "-bit RSA is the minimum RFC 8301 allows; 2048 is advised.",
                         "generate a 2048-bit key", {{"bits", std::to_string(bits)}}});
  if (out.publish[0].strings.size() > 1)
    out.notes.push_back({"records.txt.split", "info",
                         "The key record is longer than 255 bytes: it is published as " +
                             std::to_string(out.publish[0].strings.size()) +
                             " character-strings in one TXT record. Consoles that take one long string split it "
                             "themselves; never publish the pieces as separate records.",
                         "", {{"count", std::to_string(out.publish[0].strings.size())}}});
  for (auto& n : selector_advice(selector)) out.notes.push_back(std::move(n));
  for (auto& n : ttl_advice(opt.ttl)) out.notes.push_back(std::move(n));

  // Next rotation in six months: s<YYYYMM> from the caller's date, else the selector's number + 1.
  std::string date = std::string(str::trim(opt.date));
  bool date_ok = date.size() == 6;
  for (char c : date) date_ok = date_ok && c >= '0' && c <= '9';
  if (date_ok) {
    int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(4, 2));
    if (m < 1 || m > 12) date_ok = false;
    m += 6;
    if (m > 12) {
      m -= 12;
      ++y;
    }
    out.next_selector = "s" + std::to_string(y) + (m < 10 ? "0" : "") + std::to_string(m);
  }
  if (!date_ok) out.next_selector = bump(selector);
  if (out.next_selector == selector) out.next_selector = bump(selector + "-1");
  const std::string next = out.next_selector;
  out.rotation = {
      {"records.dkim.rotate.publish", "info",
       "1. Generate the next key under a new selector (e.g. " + next + ") and publish its record next to the current one.",
       "", {{"selector", next}}},
      {"records.dkim.rotate.wait", "info",
       "2. Wait until the new record is visible everywhere (at least its TTL; a day is safe) and check it with "
       "authlens dkim verify or the domain check.",
       "", {}},
      {"records.dkim.rotate.switch", "info", "3. Switch the signer to the new selector and key.", "", {}},
      {"records.dkim.rotate.keep", "info",
       "4. Keep the old record for at least a week: messages in transit and in queues are still verified with it.", "",
       {{"selector", selector}}},
      {"records.dkim.rotate.revoke", "info",
       "5. Revoke the old key by publishing its record with an empty p= (\"v=DKIM1; p=\"), later delete it. Rotate "
       "every 6 to 12 months.",
       "", {{"selector", selector}}},
  };
  return out;
}

result<delegation_build> build_delegation(const delegation_options& opt) {
  const std::string domain = dns::normalize_name(str::trim(opt.domain));
  if (!valid_domain(domain)) return error{"records.dkim.bad_domain", "'" + opt.domain + "' is not a domain name"};
  const std::string id = str::lower(str::trim(opt.provider));
  delegation_build out;
  const std::string account = str::lower(str::trim(opt.account));
  if (id == "ses") {
    if (opt.tokens.size() != 3)
      return error{"records.dkim.missing_input", "Amazon SES Easy DKIM needs the three tokens shown for the identity"};
    for (const auto& tk : opt.tokens) {
      std::string t = str::lower(str::trim(tk));
      if (!valid_selector(t)) return error{"records.dkim.missing_input", "'" + tk + "' is not an SES DKIM token"};
      out.publish.push_back(with_purpose(make_record(t + "._domainkey." + domain, "CNAME", t + ".dkim.amazonses.com", opt.ttl,
                                                     "Amazon SES signs with this selector; the key stays at SES."),
                                         "records.purpose.dkim.ses"));
    }
    out.notes.push_back({"records.dkim.delegation.ses", "info",
                         "SES rotates these keys itself; the CNAMEs never change.", "", {}});
  } else if (id == "sendgrid") {
    if (account.empty() || !valid_domain(account + ".sendgrid.net"))
      return error{"records.dkim.missing_input", "SendGrid needs the account's link sub-domain, e.g. u1234567.wl123"};
    for (const char* s : {"s1", "s2"})
      out.publish.push_back(with_purpose(make_record(std::string(s) + "._domainkey." + domain, "CNAME",
                                                     std::string(s) + ".domainkey." + account + ".sendgrid.net", opt.ttl,
                                                     "SendGrid signs with selector " + std::string(s) + " and rotates the key."),
                                         "records.purpose.dkim.sendgrid", {{"selector", s}}));
    out.notes.push_back({"records.dkim.delegation.sendgrid", "info",
                         "SendGrid also shows an emNNNN CNAME (the return path): copy it from the console too.", "", {}});
  } else if (id == "m365") {
    if (account.empty() || !valid_domain(account + ".onmicrosoft.com"))
      return error{"records.dkim.missing_input", "Microsoft 365 needs the tenant's initial domain prefix (contoso)"};
    std::string dashed = domain;
    for (char& c : dashed)
      if (c == '.') c = '-';
    for (const char* s : {"selector1", "selector2"})
      out.publish.push_back(with_purpose(
          make_record(std::string(s) + "._domainkey." + domain, "CNAME",
                      std::string(s) + "-" + dashed + "._domainkey." + account + ".onmicrosoft.com", opt.ttl,
                      "Microsoft 365 signs with " + std::string(s) + " and rotates between the two."),
          "records.purpose.dkim.m365", {{"selector", s}}));
    out.notes.push_back({"records.dkim.delegation.m365", "info",
                         "Then enable DKIM for the domain in the Defender portal. Newer tenants may be shown targets "
                         "ending in dkim.mail.microsoft: when the portal shows different values, use those.",
                         "", {}});
  } else if (id == "google") {
    std::string value = opt.tokens.empty() ? std::string() : std::string(str::trim(opt.tokens[0]));
    if (value.size() >= 2 && value.front() == '"') {
      // Pasted as quoted strings: join them.
      std::string joined;
      bool in = false;
      for (char c : value) {
        if (c == '"') in = !in;
        else if (in) joined += c;
      }
      value = joined;
    }
    if (value.empty())
      return error{"records.dkim.missing_input",
                   "Google Workspace needs the TXT value the Admin console generates (Apps → Gmail → Authenticate email)"};
    auto parsed = dkim::parse_key_record(value);
    if (!parsed.key || parsed.why != dkim::reason::ok)
      return error{"records.dkim.missing_input", "the pasted value is not a DKIM key record"};
    out.publish.push_back(with_purpose(make_record("google._domainkey." + domain, "TXT", value, opt.ttl,
                                                   "Google Workspace signs with selector google; the key was made in the Admin console."),
                                       "records.purpose.dkim.google"));
    out.notes.push_back({"records.dkim.delegation.google", "info",
                         "Google Workspace uses a TXT record, not a CNAME: after publishing it, press \"Start "
                         "authentication\" in the Admin console.",
                         "", {}});
  } else {
    return error{"records.dkim.unknown_provider", "no DKIM provider named '" + opt.provider + "' (ses, sendgrid, m365, google)"};
  }
  for (auto& n : ttl_advice(opt.ttl)) out.notes.push_back(std::move(n));
  return out;
}

}  // namespace authlens::records
