#include "authlens/strings.hpp"

#include <utility>

namespace authlens::str {

namespace {
constexpr bool is_wsp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
}  // namespace

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_wsp(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_wsp(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string unfold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (c != '\r' && c != '\n') out.push_back(c);
  return out;
}

std::string collapse_space(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool in_space = false;
  for (char c : trim(s)) {
    if (is_wsp(c)) {
      in_space = true;
      continue;
    }
    if (in_space) out.push_back(' ');
    in_space = false;
    out.push_back(c);
  }
  return out;
}

header_folder::header_folder(std::string start) : out_(std::move(start)), line_(out_.size()) {}

void header_folder::add(std::string_view token, std::string_view sep) {
  if (line_ + sep.size() + token.size() > width && line_ > 1) {
    out_ += "\r\n\t";
    line_ = 1;
  } else {
    out_ += sep;
    line_ += sep.size();
  }
  out_ += token;
  line_ += token.size();
}

void header_folder::raw(std::string_view token) {
  out_ += token;
  line_ += token.size();
}

void header_folder::add_wrapped(std::string_view value) {
  std::size_t first = line_ < width ? width - line_ : 1;
  raw(value.substr(0, first));
  for (std::size_t i = first; i < value.size(); i += 72) add(value.substr(i, 72), "");
}

}  // namespace authlens::str
