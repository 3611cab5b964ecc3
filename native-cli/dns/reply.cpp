#include "dns/reply.hpp"

#include <optional>

#include "authlens/strings.hpp"

namespace authlens::cli::net {

namespace {

struct raw_question {
  std::string name;
  std::uint16_t type = 0, klass = 0;
};

// The first question, read without following compression (nothing precedes it to point at).
std::optional<raw_question> read_question(std::span<const std::uint8_t> b) {
  if (b.size() < 12 || ((b[4] << 8) | b[5]) != 1) return std::nullopt;
  std::size_t pos = 12;
  raw_question rq;
  for (int labels = 0;; ++labels) {
    if (pos >= b.size() || labels > 127) return std::nullopt;
    std::size_t n = b[pos];
    if (n == 0) {
      ++pos;
      break;
    }
    if (n > 63 || pos + 1 + n > b.size()) return std::nullopt;
    if (!rq.name.empty()) rq.name += '.';
    rq.name.append(reinterpret_cast<const char*>(b.data() + pos + 1), n);
    pos += 1 + n;
  }
  if (pos + 4 > b.size()) return std::nullopt;
  rq.type = static_cast<std::uint16_t>((b[pos] << 8) | b[pos + 1]);
  rq.klass = static_cast<std::uint16_t>((b[pos + 2] << 8) | b[pos + 3]);
  rq.name = dns::normalize_name(rq.name);
  return rq;
}

}  // namespace

checked_reply check_reply(std::span<const std::uint8_t> bytes, const dns::question& q, std::uint16_t id,
                          std::size_t max_size) {
  checked_reply out;
  if (bytes.size() < 12) return out;  // cannot even be matched
  std::uint16_t rid = static_cast<std::uint16_t>((bytes[0] << 8) | bytes[1]);
  bool qr = bytes[2] & 0x80;
  unsigned opcode = (bytes[2] >> 3) & 0x0F;
  bool tc = bytes[2] & 0x02;
  if (rid != id || !qr || opcode != 0) return out;
  auto malformed = [&out](std::string why) {
    out.kind = reply_kind::malformed;
    out.why = std::move(why);
    return out;
  };
  if (bytes.size() > max_size) return malformed("reply larger than " + std::to_string(max_size) + " bytes");
  auto rq = read_question(bytes);
  if (!rq) return malformed("reply without a readable question");
  if (rq->name != q.name || rq->type != static_cast<std::uint16_t>(q.type) || rq->klass != 1) return out;
  if (tc) {
    out.kind = reply_kind::truncated;
    return out;
  }
  auto parsed = dns::parse_response(bytes);
  if (!parsed) return malformed("malformed reply: " + parsed.err().message);
  out.ans = dns::to_answer(parsed.value(), q);
  out.ans.q = q;
  out.kind = reply_kind::ok;
  return out;
}

}  // namespace authlens::cli::net
