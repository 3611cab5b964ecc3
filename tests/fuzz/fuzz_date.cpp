// libFuzzer target: RFC 5322 date-time parsing (§3.3, §4.3) and ISO 8601 formatting.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "authlens/transport.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace tr = authlens::transport;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto d = tr::parse_date(in);
  if (d.ok()) {
    auto iso = tr::to_iso8601_utc(d->unix_seconds);
    if (iso.size() != 20) __builtin_trap();
    // Round trip: the ISO text re-read as an RFC 5322 date gives the same instant.
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int mon = (iso[5] - '0') * 10 + (iso[6] - '0');
    std::string again = iso.substr(8, 2) + " " + months[mon - 1] + " " + iso.substr(0, 4) + " " + iso.substr(11, 8) + " +0000";
    auto d2 = tr::parse_date(again);
    if (!d2.ok() || d2->unix_seconds != d->unix_seconds) __builtin_trap();
  }
  return 0;
}
