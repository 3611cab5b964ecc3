// JSON for the message model; see authlens/report.hpp, "message" section.
#include "authlens/report.hpp"

#include <utility>

namespace authlens::report {

namespace {

using nlohmann::json;

std::string u8(std::string_view s) { return mime::to_valid_utf8(s); }

json nullable(std::string_view s) { return s.empty() ? json(nullptr) : json(u8(s)); }

}  // namespace

json fields_to_json(const mime::message& m) {
  json arr = json::array();
  for (const auto& f : m.fields) {
    json o = json::object();
    o["name"] = u8(f.name);
    o["value"] = u8(f.unfolded);
    if (f.unfolded.find("=?") != std::string::npos) {
      std::string decoded = mime::decode_words(f.unfolded);
      if (decoded != f.unfolded) o["decoded"] = u8(decoded);
    }
    arr.push_back(std::move(o));
  }
  return arr;
}

json mailbox_to_json(const mime::mailbox& mb) {
  json o = json::object();
  o["display_name"] = u8(mb.display_name);
  o["address"] = u8(mb.address);
  o["local"] = u8(mb.local);
  o["domain"] = u8(mb.domain);
  if (!mb.group.empty()) o["group"] = u8(mb.group);
  return o;
}

json addresses_to_json(const mime::message& m, std::vector<defect>* defects) {
  static const std::pair<const char*, const char*> kFields[] = {
      {"from", "From"}, {"sender", "Sender"}, {"reply_to", "Reply-To"},
      {"return_path", "Return-Path"}, {"to", "To"}, {"cc", "Cc"}};
  json o = json::object();
  for (const auto& [key, field] : kFields) {
    mime::address_list list = mime::addresses(m, field);
    json arr = json::array();
    for (const auto& mb : list.mailboxes) arr.push_back(mailbox_to_json(mb));
    o[key] = std::move(arr);
    if (defects)
      for (auto& d : list.defects) defects->push_back({d.code, std::string(field) + ": " + d.detail});
  }
  return o;
}

json part_to_json(const mime::part& p) {
  json o = json::object();
  o["content_type"] = u8(p.content_type);
  o["charset"] = nullable(p.charset);
  o["transfer_encoding"] = u8(p.transfer_encoding);
  o["disposition"] = nullable(p.disposition);
  o["filename"] = nullable(p.filename);
  o["size"] = p.size;
  json parts = json::array();
  for (const auto& c : p.parts) parts.push_back(part_to_json(c));
  o["parts"] = std::move(parts);
  return o;
}

json input_to_json(const mime::message& m) {
  json o = json::object();
  o["bytes"] = m.input_bytes;
  o["headers_only"] = m.headers_only;
  o["line_endings"] = mime::to_string(m.endings);
  return o;
}

json defects_to_json(const std::vector<defect>& defects) {
  json arr = json::array();
  for (const auto& d : defects) arr.push_back({{"code", u8(d.code)}, {"detail", u8(d.detail)}});
  return arr;
}

json message_to_json(const mime::message& m) {
  json o = json::object();
  std::vector<defect> defects = m.defects;
  o["fields"] = fields_to_json(m);
  o["addresses"] = addresses_to_json(m, &defects);
  mime::author_domain_result ad = mime::author_domain(m);
  if (ad.ok()) {
    o["author_domain"] = u8(ad.domain);
  } else {
    o["author_domain"] = nullptr;
    o["author_domain_reason"] = {{"code", mime::to_string(ad.error)}, {"detail", u8(ad.detail)}};
  }
  o["subject"] = m.first("Subject") ? json(u8(m.subject(&defects))) : json(nullptr);
  o["mime"] = part_to_json(m.mime);
  o["input"] = input_to_json(m);
  o["defects"] = defects_to_json(defects);
  return o;
}

}  // namespace authlens::report
