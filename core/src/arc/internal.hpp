// Helpers shared by the ARC sources (not public).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace authlens::arc::detail {

std::string strip_ws(std::string_view v);
/// 1..999999 digits-only (white space ignored); nullopt otherwise (0 included).
std::optional<std::uint32_t> parse_instance(std::string_view text);
bool domain_like(std::string_view d);

}  // namespace authlens::arc::detail
