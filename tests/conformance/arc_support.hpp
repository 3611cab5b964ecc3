// Shared by the arc_*.cpp conformance suites: a tiny reader for the ValiMail ARC suite's YAML shape
// (documents separated by `---`, nested maps by indentation, plain scalars, `|` literal and `>-` folded
// block scalars), and offline DNS from a name → TXT map.
#pragma once

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "authlens/arc.hpp"
#include "authlens/dns.hpp"
#include "authlens/strings.hpp"

namespace authlens::conformance::arc_support {

inline std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline std::string lf_to_crlf(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) out += '\r';
    out += s[i];
  }
  return out;
}

// A mapping entry is its own struct, complete only after node: std::pair<std::string, node> inside node
// names a pair of an incomplete type, which libstdc++ refuses under clang (the sanitised tree).
struct member;
struct node {
  std::string scalar;
  std::vector<member> map;
  const node* get(std::string_view key) const;
  std::string str(std::string_view key) const;
};
struct member {
  std::string key;
  node value;
};
inline const node* node::get(std::string_view key) const {
  for (const auto& [k, v] : map)
    if (k == key) return &v;
  return nullptr;
}
inline std::string node::str(std::string_view key) const {
  const node* n = get(key);
  return n ? n->scalar : std::string();
}

class yaml_reader {
 public:
  explicit yaml_reader(std::vector<std::string> lines) : lines_(std::move(lines)) {}
  node parse() {
    std::size_t i = 0;
    return parse_map(i, 0);
  }

 private:
  static std::size_t indent_of(const std::string& l) {
    std::size_t n = 0;
    while (n < l.size() && l[n] == ' ') ++n;
    return n;
  }
  static bool blank(const std::string& l) { return str::trim(l).empty() || str::trim(l).front() == '#'; }

  node parse_map(std::size_t& i, std::size_t indent) {
    node out;
    while (i < lines_.size()) {
      const std::string& l = lines_[i];
      if (blank(l)) {
        ++i;
        continue;
      }
      std::size_t ind = indent_of(l);
      if (ind < indent) break;
      if (ind > indent) {  // stray deeper line: skip
        ++i;
        continue;
      }
      auto colon = l.find(':', ind);
      if (colon == std::string::npos) {
        ++i;
        continue;
      }
      std::string key(str::trim(std::string_view(l).substr(ind, colon - ind)));
      std::string rest(str::trim(std::string_view(l).substr(colon + 1)));
      ++i;
      node child;
      if (rest == "|" || rest == "|-" || rest == ">" || rest == ">-") {
        child.scalar = block(i, indent, rest[0] == '>', rest.size() == 2);
      } else if (rest.empty()) {
        std::size_t j = i;
        while (j < lines_.size() && blank(lines_[j])) ++j;
        if (j < lines_.size() && indent_of(lines_[j]) > indent) child = parse_map(i, indent_of(lines_[j]));
      } else {
        if (rest.size() >= 2 && (rest.front() == '"' || rest.front() == '\'') && rest.back() == rest.front())
          rest = rest.substr(1, rest.size() - 2);
        child.scalar = rest;
      }
      out.map.push_back(member{std::move(key), std::move(child)});
    }
    return out;
  }

  std::string block(std::size_t& i, std::size_t parent, bool folded, bool strip) {
    std::size_t bi = 0;
    std::vector<std::string> got;
    while (i < lines_.size()) {
      const std::string& l = lines_[i];
      if (str::trim(l).empty()) {
        got.emplace_back();
        ++i;
        continue;
      }
      std::size_t ind = indent_of(l);
      if (ind <= parent) break;
      if (!bi) bi = ind;
      if (ind < bi) break;
      got.push_back(l.substr(bi));
      ++i;
    }
    while (!got.empty() && got.back().empty()) got.pop_back();
    std::string out;
    for (std::size_t k = 0; k < got.size(); ++k) {
      if (k) out += folded ? " " : "\n";
      out += got[k];
    }
    if (!strip && !out.empty()) out += "\n";
    return out;
  }

  std::vector<std::string> lines_;
};

/// Every document of a multi-document YAML file.
inline std::vector<node> read_documents(const std::string& text) {
  std::vector<node> docs;
  std::vector<std::string> cur;
  std::istringstream in(text);
  std::string line;
  auto flush = [&] {
    bool any = false;
    for (const auto& l : cur) any = any || !str::trim(l).empty();
    if (any) docs.push_back(yaml_reader(cur).parse());
    cur.clear();
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (str::trim(line) == "---") {
      flush();
      continue;
    }
    cur.push_back(line);
  }
  flush();
  return docs;
}

/// Offline DNS for one scenario's txt-records (absent names: NXDOMAIN).
inline dns::cache cache_from(const node* txt) {
  std::map<std::string, std::string> records;
  if (txt)
    for (const auto& [name, v] : txt->map) {
      std::string r;
      for (char c : v.scalar)
        if (c != '\n' && c != '\r') r += c;
      records[dns::normalize_name(name)] = r;
    }
  dns::cache c;
  auto resolve = [&](std::span<const dns::question> qs) {
    std::vector<dns::answer> out;
    for (const auto& q : qs) {
      dns::answer a;
      a.q = q;
      auto it = records.find(q.name);
      if (it == records.end() || q.type != dns::rr_type::txt) {
        a.st = it == records.end() ? dns::status::nxdomain : dns::status::noerror;
      } else {
        a.ttl = 300;
        std::vector<std::string> strings;
        for (std::size_t k = 0; k < it->second.size(); k += 255) strings.push_back(it->second.substr(k, 255));
        if (strings.empty()) strings.emplace_back();
        a.txt.push_back(std::move(strings));
      }
      out.push_back(std::move(a));
    }
    return out;
  };
  // Pre-answer every name (the suites are small); evaluations then run in one round.
  std::vector<dns::question> qs;
  for (const auto& [name, r] : records) qs.push_back(dns::make_question(name, dns::rr_type::txt));
  for (auto& a : resolve(qs)) c.add(std::move(a));
  return c;
}

/// Validates with a driver that answers misses as NXDOMAIN (everything known is already in `c`).
inline arc::evaluation validate_offline(dns::cache& c, const dkim::message_view& v, std::int64_t now) {
  arc::evaluation e;
  arc::memo m;
  dns::drive(
      c, [&](dns::lookup_context& ctx) { e = arc::validate(ctx, v, now, {}, &m); },
      [](std::span<const dns::question> qs) {
        std::vector<dns::answer> out;
        for (const auto& q : qs) {
          dns::answer a;
          a.q = q;
          a.st = dns::status::nxdomain;
          out.push_back(a);
        }
        return out;
      });
  return e;
}

}  // namespace authlens::conformance::arc_support
