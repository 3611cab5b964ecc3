// The cache as a snapshot: `authlens/dns-snapshot/v1` (DESIGN.md, docs/dns-snapshot.md), and
// replay from it. nlohmann/json is used without exceptions: parse(…, nullptr, false) and a type
// check before every get<>; dump() replaces invalid UTF-8 instead of throwing.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "authlens/dns.hpp"
#include "authlens/ip.hpp"
#include "authlens/strings.hpp"
#include "detail.hpp"

namespace authlens::dns {

namespace {

constexpr std::string_view k_schema = "authlens/dns-snapshot/v1";
constexpr int k_max_depth = 16;  // the format nests 5 deep; refuse anything much deeper before parsing

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

bool is_txt_type(rr_type t) { return t == rr_type::txt || t == rr_type::spf; }

/// Bracket nesting of a JSON text, strings skipped; stops counting once over `limit`.
bool nesting_within(std::string_view s, int limit) {
  int depth = 0;
  bool in_str = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_str) {
      if (c == '\\') ++i;
      else if (c == '"') in_str = false;
      continue;
    }
    if (c == '"') in_str = true;
    else if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

error bad(std::size_t index, const std::string& what) {
  return error{"dns.snapshot.bad_answer", "answers[" + std::to_string(index) + "]: " + what};
}

/// A host name in presentation form, made absolute and lower-case.
std::string absolute_name(std::string_view s) {
  std::string n = str::lower(s);
  if (n.empty() || n.back() != '.') n += '.';
  return n;
}

/// Normalises a record read from a snapshot so replay matches what a live source would give.
std::optional<std::string> normalise_record(rr_type t, const std::string& s) {
  switch (t) {
    case rr_type::a: {
      auto v = ip::parse_v4(s);
      if (!v) return std::nullopt;
      return ip::to_string(*v);
    }
    case rr_type::aaaa: {
      auto v = ip::parse_v6(s);
      if (!v) return std::nullopt;
      return ip::to_string(*v);
    }
    case rr_type::ptr:
    case rr_type::cname:
    case rr_type::ns: {
      auto n = str::trim(s);
      if (n.empty() || n.find(' ') != std::string_view::npos) return std::nullopt;
      return absolute_name(n);
    }
    case rr_type::mx: {
      auto parts = str::split(str::trim(s), ' ');
      if (parts.size() != 2 || parts[0].empty() || parts[0].size() > 5 || parts[1].empty()) return std::nullopt;
      unsigned pref = 0;
      for (char c : parts[0]) {
        if (c < '0' || c > '9') return std::nullopt;
        pref = pref * 10 + unsigned(c - '0');
      }
      if (pref > 65535) return std::nullopt;
      return std::to_string(pref) + " " + absolute_name(parts[1]);
    }
    default:
      return s;  // SOA and anything else: as recorded
  }
}

}  // namespace

std::string to_snapshot_json(const cache& c) {
  // Stable order: by name, then type number, whatever order the answers arrived in (a concurrent
  // resolver returns them in any order; two runs of one analysis give the same file).
  std::vector<const answer*> all = c.all();
  std::stable_sort(all.begin(), all.end(), [](const answer* x, const answer* y) { return x->q < y->q; });
  ojson answers = ojson::array();
  for (const answer* a : all) {
    ojson o = ojson::object();
    o["name"] = a->q.name;
    o["type"] = std::string(to_string(a->q.type));
    o["status"] = std::string(to_string(a->st));
    if (a->st == status::noerror) {
      o["ttl"] = a->ttl;
      if (is_txt_type(a->q.type)) {
        if (!a->txt.empty()) o["records"] = a->txt;
      } else if (!a->records.empty()) {
        o["records"] = a->records;
      }
    }
    if (!a->cname_chain.empty()) o["cname"] = a->cname_chain;
    if (a->authenticated) o["ad"] = true;
    answers.push_back(std::move(o));
  }
  ojson root = ojson::object();
  root["schema"] = std::string(k_schema);
  root["answers"] = std::move(answers);
  return root.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

result<cache> from_snapshot_json(std::string_view text) {
  if (!nesting_within(text, k_max_depth))
    return error{"dns.snapshot.bad_json", "snapshot nests deeper than the format allows"};
  json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded()) return error{"dns.snapshot.bad_json", "snapshot is not valid JSON"};
  if (!root.is_object()) return error{"dns.snapshot.schema", "snapshot is not a JSON object"};
  auto schema = root.find("schema");
  if (schema == root.end() || !schema->is_string() || schema->get_ref<const std::string&>() != k_schema)
    return error{"dns.snapshot.schema", "schema is not \"authlens/dns-snapshot/v1\""};
  auto answers = root.find("answers");
  if (answers == root.end() || !answers->is_array())
    return error{"dns.snapshot.schema", "\"answers\" is missing or not an array"};

  cache c;
  std::size_t index = 0;
  for (const json& item : *answers) {
    if (!item.is_object()) return bad(index, "not an object");
    answer a;
    auto name = item.find("name");
    if (name == item.end() || !name->is_string()) return bad(index, "\"name\" is missing or not a string");
    auto type = item.find("type");
    if (type == item.end() || !type->is_string()) return bad(index, "\"type\" is missing or not a string");
    auto t = rr_type_from_string(type->get_ref<const std::string&>());
    if (!t) return bad(index, "unknown type \"" + type->get_ref<const std::string&>() + "\"");
    auto st = item.find("status");
    if (st == item.end() || !st->is_string()) return bad(index, "\"status\" is missing or not a string");
    auto s = status_from_string(st->get_ref<const std::string&>());
    if (!s) return bad(index, "unknown status \"" + st->get_ref<const std::string&>() + "\"");
    a.q = make_question(name->get_ref<const std::string&>(), *t);
    a.st = *s;

    if (auto ttl = item.find("ttl"); ttl != item.end()) {
      if (!ttl->is_number_unsigned() || ttl->get<std::uint64_t>() > 0xFFFFFFFFull)
        return bad(index, "\"ttl\" is not a number of seconds");
      a.ttl = static_cast<std::uint32_t>(ttl->get<std::uint64_t>());
    }
    if (auto recs = item.find("records"); recs != item.end()) {
      if (!recs->is_array()) return bad(index, "\"records\" is not an array");
      if (a.st != status::noerror && !recs->empty()) return bad(index, "records given with a status other than NOERROR");
      for (const json& r : *recs) {
        if (is_txt_type(*t)) {
          // A record is its list of character-strings; a lone string is taken as a one-string record.
          std::vector<std::string> strings;
          if (r.is_string()) {
            strings.push_back(r.get<std::string>());
          } else if (r.is_array()) {
            for (const json& piece : r) {
              if (!piece.is_string()) return bad(index, "a TXT record holds something other than strings");
              strings.push_back(piece.get<std::string>());
            }
          } else {
            return bad(index, "a TXT record is neither a list of strings nor a string");
          }
          a.txt.push_back(std::move(strings));
        } else {
          if (!r.is_string()) return bad(index, "a record is not a string");
          auto v = normalise_record(*t, r.get<std::string>());
          if (!v) return bad(index, "record \"" + r.get<std::string>() + "\" is not valid " + std::string(to_string(*t)));
          a.records.push_back(std::move(*v));
        }
      }
    }
    if (auto cn = item.find("cname"); cn != item.end()) {
      if (!cn->is_array()) return bad(index, "\"cname\" is not an array");
      for (const json& n : *cn) {
        if (!n.is_string()) return bad(index, "\"cname\" holds something other than strings");
        a.cname_chain.push_back(normalize_name(n.get<std::string>()));
      }
    }
    if (auto ad = item.find("ad"); ad != item.end()) {
      if (!ad->is_boolean()) return bad(index, "\"ad\" is not a boolean");
      a.authenticated = ad->get<bool>();
    }
    c.add(std::move(a));  // a question listed twice: the later answer wins
    ++index;
  }
  return c;
}

snapshot_source::snapshot_source(cache recorded) : recorded_(std::move(recorded)) {
  // What the recorded answers say about names, whatever question they answered: every link of a
  // chain is a CNAME to the next; the end of a NOERROR chain exists (with data or NODATA); an
  // NXDOMAIN, SERVFAIL or TIMEOUT says nothing about existence. A recorded CNAME-type answer is the
  // alias itself, as tools that record one entry per name and type write it.
  auto exists = [this](const std::string& n) {
    if (names_[n].exists) return;
    names_[n].exists = true;
    detail::for_each_ancestor(n, [this](std::string_view up) { names_[std::string(up)].exists = true; });
  };
  auto link = [&](const std::string& from, const std::string& to, std::uint32_t ttl) {
    exists(from);
    name_facts& f = names_[from];
    if (f.has_alias) return;  // the first link recorded for a name is kept
    f.has_alias = true;
    f.alias = to;
    f.alias_ttl = ttl;
  };
  const std::vector<const answer*> all = recorded_.all();
  for (const answer* a : all) {
    if (a->q.type == rr_type::cname && a->st == status::noerror && a->cname_chain.empty() && !a->records.empty())
      link(a->q.name, normalize_name(a->records.front()), a->ttl);
  }
  for (const answer* a : all) {
    const std::uint32_t ttl = a->st == status::noerror ? a->ttl : 0;
    const std::string* from = &a->q.name;
    for (const std::string& to : a->cname_chain) {
      link(*from, to, ttl);
      from = &to;
    }
    if (a->st == status::noerror) exists(*from);
  }
  // The answer at the end of a recorded chain is also the answer of its last name: asking
  // s1.domainkey.u1.wl.sendgrid.net TXT directly gives what s1._domainkey.example.com TXT gave.
  for (const answer* a : all) {
    if (a->cname_chain.empty() || (a->st != status::noerror && a->st != status::nxdomain)) continue;
    const question end{a->cname_chain.back(), a->q.type};
    if (recorded_.find(end) || derived_.find(end)) continue;
    answer d = *a;
    d.q = end;
    d.cname_chain.clear();
    derived_.add(std::move(d));
  }
}

answer snapshot_source::resolve(const question& q) const {
  return detail::resolve_offline(q, [&](const std::string& name) {
    detail::offline_step step;  // nxdomain: what was not recorded does not exist
    const question here{name, q.type};
    const answer* r = recorded_.find(here);
    if (!r) r = derived_.find(here);
    if (r) {
      step.k = detail::offline_step::kind::recorded;
      step.recorded = r;
      return step;
    }
    auto it = names_.find(name);
    if (it == names_.end()) return step;
    const name_facts& f = it->second;
    if (f.has_alias && q.type == rr_type::cname) {
      step.k = detail::offline_step::kind::data;  // asking for the CNAME itself: not followed
      step.records.push_back(f.alias + ".");
      step.ttl = f.alias_ttl;
    } else if (f.has_alias) {
      step.k = detail::offline_step::kind::alias;
      step.target = f.alias;
      step.ttl = f.alias_ttl;
    } else if (f.exists) {
      step.k = detail::offline_step::kind::nodata;
    }
    return step;
  });
}

answer resolve_from_snapshot(const cache& c, const question& q) { return snapshot_source(c).resolve(q); }

}  // namespace authlens::dns
