// Internal to the transport area: is an IP text private (parsing is authlens/ip.hpp's).
#pragma once

#include <string_view>

namespace authlens::transport::detail {

bool is_private(std::string_view s);

}  // namespace authlens::transport::detail
