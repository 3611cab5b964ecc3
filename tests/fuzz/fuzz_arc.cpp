// Fuzz target for the ARC field parsers (RFC 8617 §4.1) and the chain validator over a message built
// from the input (offline: every key lookup answers NXDOMAIN).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "authlens/arc.hpp"
#include "authlens/message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace authlens;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  (void)arc::parse_message_signature(in);
  (void)arc::parse_seal(in);
  (void)arc::instance_of("ARC-Authentication-Results", in);
  (void)arc::instance_of("ARC-Seal", in);
  mime::message m = mime::parse(in);
  dns::cache c;
  dns::lookup_context ctx(c);
  arc::evaluation e = arc::validate(ctx, m, 1800000000);
  (void)e;
  return 0;
}
