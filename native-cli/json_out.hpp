// JSON text for stdout. Field values come from messages, report files and DNS answers and may be
// invalid UTF-8; nlohmann's dump() would throw (and end the process), so they are replaced (U+FFFD).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace authlens::cli {

inline std::string json_text(const nlohmann::json& j, int indent = 2) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace authlens::cli
