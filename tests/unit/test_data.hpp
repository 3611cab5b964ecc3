// Vectors kept as data: tests/data/<area>/<file>.json, read by the unit tests' loops.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace authlens::test {

/// The bytes of the repository file <rel> ("" when it cannot be read).
inline std::string source_text(const std::string& rel) {
  std::ifstream f(std::string(AUTHLENS_SOURCE_DIR) + "/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// The bytes of tests/data/<rel>; empty when it is missing.
inline std::string data_text(const std::string& rel) { return source_text("tests/data/" + rel); }

/// The parsed JSON file tests/data/<rel>; a discarded value when it is missing or not JSON (the
/// callers assert on that, so a lost file fails the test instead of running zero vectors).
inline nlohmann::json data_json(const std::string& rel) { return nlohmann::json::parse(data_text(rel), nullptr, false); }

}  // namespace authlens::test
