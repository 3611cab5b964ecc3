#include "i18n/catalog.hpp"

#include <cctype>
#include <cstdint>
#include <vector>

#include "i18n/catalog_data.hpp"

namespace authlens::cli::i18n {
namespace {

using nlohmann::json;

language current_language = language::en;

/// The language's text for `key`, or nothing: a bisection of the table made at build time
/// (generate_catalogs.cmake), which already holds the rule of which file answers which key.
std::optional<std::string_view> find(language l, std::string_view key) {
  const catalog_table& t = l == language::ja ? catalog_ja : catalog_en;
  std::size_t lo = 0, hi = t.size;
  while (lo < hi) {
    std::size_t mid = lo + (hi - lo) / 2;
    if (t.key(mid) < key) lo = mid + 1;
    else hi = mid;
  }
  if (lo < t.size && t.key(lo) == key) return t.text(lo);
  return std::nullopt;
}

std::string value_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  if (v.is_array()) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + value_text(x);
    return out;
  }
  return v.is_null() ? "" : v.dump();
}

/// Fills {name} from params; an unknown name stays as written (so the caller can tell).
std::string fill(std::string_view s, const json& params) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '{') {
      std::size_t close = s.find('}', i + 1);
      if (close != std::string_view::npos) {
        std::string name(s.substr(i + 1, close - i - 1));
        bool word = !name.empty();
        for (char c : name) word = word && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
        if (word && params.is_object() && params.contains(name)) {
          out += value_text(params[name]);
          i = close + 1;
          continue;
        }
      }
    }
    out += s[i++];
  }
  return out;
}

/// True when a {name} placeholder is left in s.
bool unfilled(const std::string& s) {
  for (std::size_t open = s.find('{'); open != std::string::npos; open = s.find('{', open + 1)) {
    std::size_t i = open + 1;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
    if (i > open + 1 && i < s.size() && s[i] == '}') return true;
  }
  return false;
}

}  // namespace

std::optional<language> parse_language(std::string_view name) {
  if (name.substr(0, 2) == "ja") return language::ja;
  if (name.substr(0, 2) == "en") return language::en;
  return std::nullopt;
}

language from_locale(const char* lc_all, const char* lc_messages, const char* lang) {
  for (const char* v : {lc_all, lc_messages, lang}) {
    if (v == nullptr || *v == '\0') continue;
    return parse_language(v).value_or(language::en);
  }
  return language::en;
}

void set_language(language l) { current_language = l; }
language current() { return current_language; }

bool has(std::string_view key) { return find(current_language, key) || find(language::en, key); }
bool has_in(language l, std::string_view key) { return find(l, key).has_value(); }

std::string text(std::string_view key, const json& params) {
  auto s = find(current_language, key);
  if (!s) s = find(language::en, key);
  return s ? fill(*s, params) : std::string(key);
}

std::string reason(std::string_view area, std::string_view code, std::string_view fallback, const json& params) {
  if (!code.empty()) {
    for (std::string key : {"reason." + std::string(code), "reason." + std::string(area) + "." + std::string(code)}) {
      if (!has(key)) continue;
      std::string s = text(key, params);
      // A translation that needs a name the core did not give: the core's own sentence is better.
      if (unfilled(s) && !fallback.empty()) return std::string(fallback);
      return s;
    }
  }
  return std::string(fallback.empty() ? code : fallback);
}

std::string localized(std::string_view area, std::string_view code, std::string_view english, const json& params) {
  if (current_language == language::en) return std::string(english);
  return reason(area, code, english, params);
}

std::string defect(std::string_view code, std::string_view detail) {
  const std::string key = "reason.defect." + std::string(code);
  if (current_language == language::en || code.empty() || !has(key)) return std::string(detail);
  std::string out = text(key);
  if (!detail.empty()) out += " (" + std::string(detail) + ")";
  return out;
}

std::string coded(std::string_view key, std::string_view english, const json& params) {
  if (current_language == language::en || key.empty()) return std::string(english);
  std::vector<std::string> keys;
  if (params.is_object() && params.contains("variant")) keys.push_back(std::string(key) + "." + value_text(params["variant"]));
  keys.emplace_back(key);
  for (const auto& k : keys) {
    if (!has(k)) continue;
    std::string s = text(k, params);
    return unfilled(s) ? std::string(english) : s;
  }
  return std::string(english);
}

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + len > s.size()) len = 1;
    std::uint32_t cp = c;
    if (len > 1) {
      cp = c & (0x7F >> len);
      for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
    i += len;
  }
  return width;
}

std::string headline(const json& summary) {
  std::string english = summary.is_object() ? value_text(summary.value("headline", json())) : "";
  std::string code = summary.is_object() ? value_text(summary.value("headline_code", json())) : "";
  if (current_language == language::en || code.empty() || !has("headline." + code)) return english;
  json p = {{"author_domain", "—"}, {"dkim_domain", "—"}, {"spf_domain", "—"}, {"spf_result", "—"},
            {"policy", "—"}, {"disposition", "—"}, {"author_error", "—"}};
  if (summary.contains("params") && summary["params"].is_object())
    for (auto& [k, v] : summary["params"].items()) p[k] = v;
  std::string line = text("headline." + code, p);
  std::string fix_code = value_text(p.value("fix_code", json()));
  std::string fix = !fix_code.empty() && has("reason." + fix_code) ? text("reason." + fix_code, p) : "";
  auto trim_end = [](std::string s) {
    for (std::string_view stop : {".", "。"})
      if (s.size() >= stop.size() && s.compare(s.size() - stop.size(), stop.size(), stop) == 0) s.resize(s.size() - stop.size());
    return s;
  };
  if (!fix.empty()) line = trim_end(line) + text("headline.fixJoin") + trim_end(fix) + text("headline.end");
  return line;
}

}  // namespace authlens::cli::i18n
