// Matching a reply against the question it should answer (RFC 1035 §7.3, RFC 5452 §9.1):
// id, QR, opcode, question name/type/class. Shared by the UDP/TCP and DoH resolvers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "authlens/dns.hpp"

namespace authlens::cli::net {

enum class reply_kind {
  mismatch,   ///< not a reply to this query (wrong id, no QR, other question, too short): ignore it
  malformed,  ///< a reply to this query that does not parse, or is too large: the server failed
  truncated,  ///< TC set: ask again over TCP
  ok,         ///< `ans` holds the answer
};

struct checked_reply {
  reply_kind kind = reply_kind::mismatch;
  dns::answer ans;
  std::string why;  ///< for malformed replies
};

/// Checks `bytes` (a whole DNS message) as the reply to `q` sent with `id`.
checked_reply check_reply(std::span<const std::uint8_t> bytes, const dns::question& q, std::uint16_t id,
                          std::size_t max_size = 65535);

}  // namespace authlens::cli::net
