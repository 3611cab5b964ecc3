// authlens/result.hpp — errors as values across the core's API.
//
// The core never throws (Emscripten aborts on a throw, and enabling exceptions costs size):
// API failures come back as result<T>, protocol outcomes as RFC 8601 verdicts with a reason,
// and malformed input as defects attached to what could still be parsed.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace authlens {

/// Why an operation could not produce its value. `code` is a stable machine word
/// ("dns.wire.truncated"); `message` is a sentence for people.
struct error {
  std::string code;
  std::string message;
};

/// Something wrong with the input that did not stop parsing. Parsers collect these
/// instead of failing, so a report can show both what was read and what was wrong.
struct defect {
  std::string code;    ///< stable machine word, e.g. "mime.header.too_long"
  std::string detail;  ///< sentence for people, with the offending position or value
};

/// A value or the error that prevented it (std::expected is not in Emscripten 3.1.6's libc++).
template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : v_(std::move(value)) {}             // NOLINT: implicit by design
  result(error e) : v_(std::move(e)) {}                 // NOLINT: implicit by design
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const error& err() const { return std::get<1>(v_); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }

 private:
  std::variant<T, error> v_;
};

}  // namespace authlens
