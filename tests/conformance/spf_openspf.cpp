// The openspf.org RFC 7208 test suite (../shared/conformance/spf-openspf/rfc7208-tests.yml, see its
// SOURCE.md). A tiny reader for exactly this file's YAML shape (documents, `tests:` and `zonedata:`
// maps, plain/quoted scalars and flow lists) feeds each scenario's zonedata to spf::check_host
// through dns::drive.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/spf.hpp"
#include "authlens/strings.hpp"

namespace {

using namespace authlens;

struct zone_entry {
  std::string type;                  ///< TXT SPF A AAAA MX PTR CNAME TIMEOUT
  std::vector<std::string> values;   ///< scalar → one value; flow list → its items
  bool none = false;                 ///< "TXT: NONE"
};

struct os_test {
  std::string name, helo, host, mailfrom, explanation;
  std::vector<std::string> results;
};

struct scenario {
  std::string description;
  std::vector<os_test> tests;
  std::map<std::string, std::vector<zone_entry>> zone;
};

std::string unquote(std::string_view v) {
  v = str::trim(v);
  if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') {
    std::string out;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
      out += v[i];
      if (v[i] == '\'' && v[i + 1] == '\'') ++i;
    }
    return out;
  }
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
    std::string out;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
      char c = v[i];
      if (c != '\\') {
        out += c;
        continue;
      }
      char e = v[++i];
      switch (e) {
        case '0': out += '\0'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'x': {
          out += static_cast<char>(std::stoi(std::string(v.substr(i + 1, 2)), nullptr, 16));
          i += 2;
          break;
        }
        default: out += e; break;
      }
    }
    return out;
  }
  return std::string(v);
}

/// Splits a flow list "[a, "b", 'c']" into unquoted items (quotes respected).
std::vector<std::string> flow_list(std::string_view v) {
  v = str::trim(v);
  v = v.substr(1, v.size() - 2);
  std::vector<std::string> out;
  std::string cur;
  char q = 0;
  bool any = false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (q) {
      cur += c;
      if (c == '\\' && q == '"' && i + 1 < v.size()) cur += v[++i];
      else if (c == q) q = 0;
    } else if (c == '"' || c == '\'') {
      q = c;
      cur += c;
      any = true;
    } else if (c == ',') {
      out.push_back(unquote(cur));
      cur.clear();
    } else {
      cur += c;
      if (c != ' ') any = true;
    }
  }
  if (any || !out.empty()) out.push_back(unquote(cur));
  return out;
}

std::vector<std::string> scalar_or_list(std::string_view v) {
  v = str::trim(v);
  if (!v.empty() && v.front() == '[') return flow_list(v);
  return {unquote(v)};
}

int indent_of(const std::string& line) {
  int n = 0;
  while (n < static_cast<int>(line.size()) && line[static_cast<std::size_t>(n)] == ' ') ++n;
  return n;
}

std::vector<scenario> read_suite(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<scenario> out;
  std::string line, section;
  scenario* cur = nullptr;
  std::string zname;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line == "---") {
      out.emplace_back();
      cur = &out.back();
      section.clear();
      continue;
    }
    if (!cur) continue;
    std::string_view t = str::trim(line);
    if (t.empty() || t[0] == '#') continue;
    int ind = indent_of(line);
    if (ind == 0) {
      auto colon = t.find(':');
      section = std::string(t.substr(0, colon));
      if (section == "description") cur->description = unquote(t.substr(colon + 1));
      continue;
    }
    if (section == "tests") {
      if (ind == 2) {
        auto colon = t.rfind(':');
        cur->tests.emplace_back();
        cur->tests.back().name = std::string(t.substr(0, colon));
      } else if (ind == 4 && !cur->tests.empty()) {
        auto colon = t.find(':');
        std::string key(t.substr(0, colon));
        std::string_view v = t.substr(colon + 1);
        os_test& ts = cur->tests.back();
        if (key == "helo") ts.helo = unquote(v);
        else if (key == "host") ts.host = unquote(v);
        else if (key == "mailfrom") ts.mailfrom = unquote(v);
        else if (key == "explanation") ts.explanation = unquote(v);
        else if (key == "result") ts.results = scalar_or_list(v);
      }
    } else if (section == "zonedata") {
      if (ind == 2) {
        auto colon = t.rfind(':');
        zname = dns::normalize_name(unquote(t.substr(0, colon)));
        cur->zone[zname];
      } else if (t[0] == '-') {
        std::string_view item = str::trim(t.substr(1));
        zone_entry e;
        auto colon = item.find(':');
        if (colon == std::string_view::npos) {
          e.type = std::string(item);
        } else {
          e.type = std::string(item.substr(0, colon));
          std::string_view v = str::trim(item.substr(colon + 1));
          if (v == "NONE") e.none = true;
          else e.values = scalar_or_list(v);
        }
        cur->zone[zname].push_back(std::move(e));
      }
    }
  }
  return out;
}

/// The harness's resolver: zonedata as the test suite's drivers serve it. A name with SPF records
/// and no TXT entry also answers TXT with them (appended after the listed entries); TIMEOUT
/// times out every type with no records listed before it; CNAMEs are followed.
class zone_resolver {
 public:
  explicit zone_resolver(const std::map<std::string, std::vector<zone_entry>>& z) : zone_(z) {}

  dns::answer resolve(const dns::question& q) const {
    dns::answer a;
    a.q = q;
    std::string name = q.name;
    for (int hops = 0; hops < 8; ++hops) {
      auto it = zone_.find(name);
      if (it == zone_.end()) {
        a.st = hops == 0 ? dns::status::nxdomain : dns::status::nxdomain;
        return a;
      }
      std::vector<zone_entry> entries = it->second;
      bool has_txt = false;
      for (const auto& e : entries) has_txt = has_txt || e.type == "TXT";
      if (!has_txt)
        for (const auto& e : it->second)
          if (e.type == "SPF") entries.push_back(zone_entry{"TXT", e.values, e.none});
      std::string want(dns::to_string(q.type));
      bool found = false;
      std::string cname;
      for (const auto& e : entries) {
        if (e.type == "TIMEOUT") {
          if (!found) {
            a.st = dns::status::timeout;
            a.txt.clear();
            a.records.clear();
            return a;
          }
          break;
        }
        if (e.type == "CNAME" && want != "CNAME" && !e.values.empty()) cname = e.values[0];
        if (e.type != want || e.none) continue;
        found = true;
        if (want == "TXT" || want == "SPF") {
          a.txt.push_back(e.values);
        } else if (want == "MX") {
          std::string host = e.values.size() > 1 ? e.values[1] : "";
          if (host.empty() || host.back() != '.') host += '.';
          a.records.push_back(e.values[0] + " " + host);
        } else if (want == "PTR" || want == "CNAME") {
          std::string host = e.values.empty() ? "" : e.values[0];
          if (host.empty() || host.back() != '.') host += '.';
          a.records.push_back(host);
        } else {
          a.records.push_back(e.values.empty() ? "" : e.values[0]);
        }
      }
      if (!found && !cname.empty()) {
        name = dns::normalize_name(cname);
        a.cname_chain.push_back(name);
        continue;
      }
      a.st = dns::status::noerror;
      return a;
    }
    a.st = dns::status::servfail;  // CNAME loop
    return a;
  }

 private:
  const std::map<std::string, std::vector<zone_entry>>& zone_;
};

TEST(SpfOpenspf, Rfc7208Suite) {
  std::string path = std::string(AUTHLENS_CONFORMANCE_DIR) + "/spf-openspf/rfc7208-tests.yml";
  if (!std::ifstream(path)) GTEST_SKIP() << "conformance suite absent: " << path;
  auto suite = read_suite(path);
  int total = 0, passed = 0;
  for (const auto& sc : suite) {
    zone_resolver zr(sc.zone);
    for (const auto& t : sc.tests) {
      ++total;
      spf::request req;
      req.ip = t.host;
      req.mail_from = t.mailfrom;
      req.helo = t.helo;
      req.receiver = "receiver.example.org";
      req.now = 1700000000;
      dns::cache c;
      auto ev = spf::evaluate(c, req, [&](std::span<const dns::question> qs) {
        std::vector<dns::answer> out;
        for (const auto& q : qs) out.push_back(zr.resolve(q));
        return out;
      });
      std::string got(spf::to_string(ev.result));
      bool ok = false;
      for (const auto& r : t.results) ok = ok || r == got;
      if (ok && got == "fail" && !t.explanation.empty() && t.explanation != "DEFAULT" && ev.explanation != t.explanation)
        ok = false;
      if (ok) ++passed;
      EXPECT_TRUE(ok) << sc.description << " / " << t.name << ": got " << got << " (" << spf::to_string(ev.reason) << ": "
                      << ev.message << ") explanation '" << ev.explanation << "'; want "
                      << ::testing::PrintToString(t.results) << (t.explanation.empty() ? "" : " '" + t.explanation + "'");
    }
  }
  std::cout << "openspf rfc7208: " << passed << "/" << total << " passed\n";
  EXPECT_EQ(total, 203);
}

}  // namespace
