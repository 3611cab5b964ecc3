// Fuzz target: DKIM key record parsing (RFC 6376 §3.6.1) incl. base64 and DER public keys.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "authlens/base64.hpp"
#include "authlens/crypto.hpp"
#include "authlens/dkim.hpp"

using namespace authlens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto k = dkim::parse_key_record(in);
  if (k.key && !k.key->revoked && k.key->type == dkim::key_type::ed25519 && k.key->public_key.size() != 32)
    __builtin_trap();
  // The raw bytes as DER and as base64, too.
  (void)crypto::parse_rsa_public_key(std::span<const std::uint8_t>(data, size));
  (void)base64::decode(in);
  return 0;
}
