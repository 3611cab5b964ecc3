// Internal to the transport area: IP text parsing.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace authlens::transport::detail {

std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view s);
std::optional<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view s);
bool is_private(std::string_view s);

}  // namespace authlens::transport::detail
