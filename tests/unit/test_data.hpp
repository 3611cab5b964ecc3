// Vectors kept as data: tests/data/<area>/<file>.json, read by the unit tests' loops.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace authlens::test {

/// The parsed JSON file tests/data/<rel>; a discarded value when it is missing or not JSON (the
/// callers assert on that, so a lost file fails the test instead of running zero vectors).
inline nlohmann::json data_json(const std::string& rel) {
  std::ifstream f(std::string(AUTHLENS_SOURCE_DIR) + "/tests/data/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return nlohmann::json::parse(ss.str(), nullptr, false);
}

}  // namespace authlens::test
