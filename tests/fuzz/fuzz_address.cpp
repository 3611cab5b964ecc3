// libFuzzer target: RFC 5322 §3.4 address lists (and the RFC 2047 display-name decoding they use).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "authlens/address.hpp"
#include "authlens/message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  authlens::mime::address_list l = authlens::mime::parse_address_list(in, 64);
  if (l.mailboxes.size() > 64) std::abort();
  if (l.defects.size() > 101) std::abort();
  for (const auto& mb : l.mailboxes) {
    if (!mb.domain.empty() && mb.address != mb.local + "@" + mb.domain) std::abort();
    std::string_view dn = mb.display_name;
    (void)dn;
  }
  std::vector<authlens::mime::parameter> ps;
  (void)authlens::mime::parse_parameters(in, ps);
  if (ps.size() > 100) std::abort();
  return 0;
}
