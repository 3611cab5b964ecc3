// RFC 1035 §4 message codec: queries (with an RFC 6891 EDNS0 OPT record) and replies, as carried
// over UDP, TCP (without the two-byte length prefix) and RFC 8484 DoH bodies. Every read is bounds
// checked; compression pointers must point strictly backwards (RFC 1035 §4.1.4 only allows
// pointers to a prior occurrence), which together with a jump limit rules out loops.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/ip.hpp"
#include "authlens/strings.hpp"
#include "detail.hpp"

namespace authlens::dns {

namespace detail {

void append_label(std::string& out, std::string_view label) {
  for (char ch : label) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '.' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x21 || c > 0x7e) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\%03u", unsigned(c));
      out += buf;
    } else {
      out += str::ascii_lower(char(c));
    }
  }
}

}  // namespace detail

namespace {

constexpr std::size_t k_header = 12;
constexpr int k_max_jumps = 64;          // far more than any real reply needs
constexpr std::size_t k_max_name = 255;  // RFC 1035 §3.1, wire octets including the root label
constexpr std::uint16_t k_type_opt = 41;

error wire_error(std::string code, std::string message) { return error{std::move(code), std::move(message)}; }

/// Encodes a presentation-form name (escapes "\." "\\" "\DDD" understood) into wire labels.
/// Returns false when it cannot be encoded: an empty label inside the name, a label over 63
/// octets, or more than 255 octets in all.
bool encode_name(std::string_view name, std::vector<std::uint8_t>& out) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (name.empty() || name == ".") {
    out.push_back(0);  // the root
    return true;
  }
  std::size_t total = 1;  // the root label
  std::string label;
  bool ended_with_dot = false;
  auto flush = [&]() -> bool {
    if (label.empty() || label.size() > 63) return false;
    total += label.size() + 1;
    if (total > k_max_name) return false;
    out.push_back(std::uint8_t(label.size()));
    out.insert(out.end(), label.begin(), label.end());
    label.clear();
    return true;
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    ended_with_dot = false;
    if (c == '\\') {
      if (i + 3 < name.size() && digit(name[i + 1]) && digit(name[i + 2]) && digit(name[i + 3])) {
        unsigned v = unsigned(name[i + 1] - '0') * 100 + unsigned(name[i + 2] - '0') * 10 + unsigned(name[i + 3] - '0');
        if (v > 255) return false;
        label += char(v);
        i += 3;
      } else if (i + 1 < name.size()) {
        label += name[++i];
      } else {
        return false;  // a lone trailing backslash
      }
    } else if (c == '.') {
      if (!flush()) return false;  // empty label ("a..b", ".a") or too long
      ended_with_dot = true;
    } else {
      label += c;
    }
    if (label.size() > 63) return false;
  }
  if (!ended_with_dot && !flush()) return false;
  out.push_back(0);
  return true;
}

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(std::uint8_t(v >> 8));
  out.push_back(std::uint8_t(v));
}

class reader {
 public:
  explicit reader(std::span<const std::uint8_t> b) : b_(b) {}
  std::size_t size() const { return b_.size(); }
  std::uint16_t u16(std::size_t at) const { return std::uint16_t((b_[at] << 8) | b_[at + 1]); }
  std::uint32_t u32(std::size_t at) const {
    return (std::uint32_t(b_[at]) << 24) | (std::uint32_t(b_[at + 1]) << 16) | (std::uint32_t(b_[at + 2]) << 8) |
           std::uint32_t(b_[at + 3]);
  }
  std::uint8_t u8(std::size_t at) const { return b_[at]; }
  const std::uint8_t* data() const { return b_.data(); }

  /// Reads a (possibly compressed) name starting at `pos`. On success `next` is the offset just
  /// after the name as it stands at `pos` and `out` the presentation form without trailing dot,
  /// lower-cased and escaped; the root name is "".
  std::optional<error> name(std::size_t pos, std::size_t& next, std::string& out) const {
    out.clear();
    std::size_t cur = pos;
    std::size_t segment_start = pos;  // a pointer must point before where the current run began
    bool jumped = false;
    int jumps = 0;
    std::size_t octets = 1;
    for (;;) {
      if (cur >= b_.size()) return wire_error("dns.wire.truncated", "name runs past the end of the message");
      std::uint8_t len = b_[cur];
      if ((len & 0xC0) == 0xC0) {
        if (cur + 1 >= b_.size()) return wire_error("dns.wire.truncated", "compression pointer cut short");
        std::size_t target = (std::size_t(len & 0x3F) << 8) | b_[cur + 1];
        if (!jumped) next = cur + 2;
        if (target >= b_.size()) return wire_error("dns.wire.bad_pointer", "compression pointer past the end");
        if (target >= segment_start)
          return wire_error("dns.wire.bad_pointer", "compression pointer does not point backwards");
        if (++jumps > k_max_jumps) return wire_error("dns.wire.pointer_loop", "too many compression pointers");
        jumped = true;
        cur = target;
        segment_start = target;
        continue;
      }
      if ((len & 0xC0) != 0) return wire_error("dns.wire.bad_label", "unsupported label type");
      if (len == 0) {
        if (!jumped) next = cur + 1;
        return std::nullopt;
      }
      if (cur + 1 + len > b_.size()) return wire_error("dns.wire.truncated", "label runs past the end of the message");
      octets += std::size_t(len) + 1;
      if (octets > k_max_name) return wire_error("dns.wire.name_too_long", "name longer than 255 octets");
      if (!out.empty()) out += '.';
      detail::append_label(out, std::string_view(reinterpret_cast<const char*>(b_.data() + cur + 1), len));
      cur += 1 + std::size_t(len);
    }
  }

 private:
  std::span<const std::uint8_t> b_;
};

std::string absolute(std::string n) {
  n += '.';
  return n;  // the root name "" becomes "."
}

/// Decodes the RDATA of one record into presentation form (see wire_record).
std::optional<error> decode_rdata(const reader& rd, std::size_t start, std::size_t len, wire_record& rec) {
  const std::size_t end = start + len;
  auto bad = [&](const char* what) {
    return wire_error("dns.wire.bad_rdata", std::string(what) + " record with malformed data");
  };
  auto read_name_in = [&](std::size_t at, std::size_t& next, std::string& out) -> std::optional<error> {
    if (at >= end) return bad("name in");
    if (auto e = rd.name(at, next, out)) return e;
    if (next > end) return bad("name in");
    return std::nullopt;
  };
  switch (rec.type) {
    case std::uint16_t(rr_type::a):
      if (len != 4) return bad("A");
      rec.data = ip::to_string(*ip::from_bytes({rd.data() + start, 4}));
      return std::nullopt;
    case std::uint16_t(rr_type::aaaa):
      if (len != 16) return bad("AAAA");
      rec.data = ip::to_string(*ip::from_bytes({rd.data() + start, 16}));
      return std::nullopt;
    case std::uint16_t(rr_type::mx): {
      if (len < 3) return bad("MX");
      std::size_t next = 0;
      std::string host;
      if (auto e = read_name_in(start + 2, next, host)) return e;
      if (next != end) return bad("MX");
      rec.data = std::to_string(rd.u16(start)) + " " + absolute(std::move(host));
      return std::nullopt;
    }
    case std::uint16_t(rr_type::ptr):
    case std::uint16_t(rr_type::cname):
    case std::uint16_t(rr_type::ns): {
      std::size_t next = 0;
      std::string host;
      if (auto e = read_name_in(start, next, host)) return e;
      if (next != end) return bad("name");
      rec.data = absolute(std::move(host));
      return std::nullopt;
    }
    case std::uint16_t(rr_type::soa): {
      std::size_t next = 0;
      std::string mname, rname;
      if (auto e = read_name_in(start, next, mname)) return e;
      if (auto e = read_name_in(next, next, rname)) return e;
      if (end - next != 20) return bad("SOA");
      rec.data = absolute(std::move(mname)) + " " + absolute(std::move(rname));
      for (int i = 0; i < 5; ++i) rec.data += " " + std::to_string(rd.u32(next + 4 * std::size_t(i)));
      return std::nullopt;
    }
    case std::uint16_t(rr_type::txt):
    case std::uint16_t(rr_type::spf): {
      std::size_t at = start;
      while (at < end) {
        std::size_t n = rd.u8(at);
        if (at + 1 + n > end) return bad("TXT");
        rec.txt.emplace_back(reinterpret_cast<const char*>(rd.data() + at + 1), n);
        at += 1 + n;
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;  // kept with empty data: authlens never reads other types
  }
}

}  // namespace

std::vector<std::uint8_t> build_query(const question& q, std::uint16_t id, std::uint16_t udp_size) {
  std::vector<std::uint8_t> out;
  out.reserve(k_header + q.name.size() + 2 + 4 + 11);
  put16(out, id);
  put16(out, 0x0100);  // QR=0, OPCODE=QUERY, RD=1
  put16(out, 1);       // QDCOUNT
  put16(out, 0);       // ANCOUNT
  put16(out, 0);       // NSCOUNT
  put16(out, 1);       // ARCOUNT: the OPT record
  if (!encode_name(q.name, out)) return {};  // not encodable: no query at all (documented in dns.hpp)
  put16(out, static_cast<std::uint16_t>(q.type));
  put16(out, 1);  // IN
  // RFC 6891 §6.1.2: root owner, TYPE=OPT, CLASS=UDP payload size, TTL=ext-rcode/version/flags, no options.
  out.push_back(0);
  put16(out, k_type_opt);
  put16(out, udp_size < 512 ? std::uint16_t(512) : udp_size);
  put16(out, 0);
  put16(out, 0);
  put16(out, 0);  // RDLEN
  return out;
}

result<wire_response> parse_response(std::span<const std::uint8_t> bytes) {
  reader rd(bytes);
  if (bytes.size() < k_header) return wire_error("dns.wire.truncated", "message shorter than its 12-octet header");
  wire_response r;
  r.id = rd.u16(0);
  const std::uint16_t flags = rd.u16(2);
  r.qr = flags & 0x8000;
  r.tc = flags & 0x0200;
  r.rd = flags & 0x0100;
  r.ra = flags & 0x0080;
  r.ad = flags & 0x0020;
  r.rcode = std::uint8_t(flags & 0x000F);
  const std::size_t qd = rd.u16(4), an = rd.u16(6), ns = rd.u16(8), ar = rd.u16(10);

  // A reply with TC set may stop anywhere (RFC 2181 §9): what parsed is kept and `partial` says so.
  // Without TC, a message that does not hold what its header announces is an error.
  auto cut = [&](error e) -> result<wire_response> {
    if (r.tc) {
      r.partial = true;
      return r;
    }
    return e;
  };

  std::size_t pos = k_header;
  for (std::size_t i = 0; i < qd; ++i) {
    std::string name;
    std::size_t next = 0;
    if (auto e = rd.name(pos, next, name)) return cut(*e);
    if (next + 4 > bytes.size()) return cut(wire_error("dns.wire.truncated", "question cut short"));
    const std::uint16_t type = rd.u16(next);
    if (i == 0) r.q = question{std::move(name), static_cast<rr_type>(type)};
    pos = next + 4;
  }

  for (std::size_t section = 0; section < 3; ++section) {
    const std::size_t count = section == 0 ? an : section == 1 ? ns : ar;
    for (std::size_t i = 0; i < count; ++i) {
      wire_record rec;
      std::size_t next = 0;
      if (auto e = rd.name(pos, next, rec.name)) return cut(*e);
      if (next + 10 > bytes.size()) return cut(wire_error("dns.wire.truncated", "record header cut short"));
      rec.type = rd.u16(next);
      rec.klass = rd.u16(next + 2);
      rec.ttl = rd.u32(next + 4);
      if (rec.ttl & 0x80000000u) rec.ttl = 0;  // RFC 2181 §8
      const std::size_t rdlen = rd.u16(next + 8);
      const std::size_t start = next + 10;
      if (start + rdlen > bytes.size()) return cut(wire_error("dns.wire.truncated", "record data cut short"));
      pos = start + rdlen;
      if (section == 2 && rec.type == k_type_opt) {
        // RFC 6891 §6.1.3: the upper 8 bits of the extended RCODE live in the OPT TTL.
        const unsigned ext = (unsigned(rd.u32(next + 4)) >> 24) & 0xFF;
        const unsigned full = (ext << 4) | (flags & 0x000F);
        r.rcode = std::uint8_t(std::min(full, 255u));
        continue;
      }
      if (section != 0) continue;  // authority and additional data are not used
      if (auto e = decode_rdata(rd, start, rdlen, rec)) return *e;
      r.answers.push_back(std::move(rec));
    }
  }
  return r;
}

answer to_answer(const wire_response& r, const question& q) {
  answer a;
  a.q = question{normalize_name(q.name), q.type};
  a.authenticated = r.ad;
  // Not a reply, a reply cut short, or a reply to another question: the server failed us.
  if (!r.qr || r.partial || !r.q || r.q->type != a.q.type || normalize_name(r.q->name) != a.q.name) {
    a.st = status::servfail;
    a.authenticated = false;
    return a;
  }
  if (r.rcode != 0 && r.rcode != 3) {
    a.st = status::servfail;
    return a;
  }

  // The answer section is walked with the same CNAME semantics as zone files and snapshots
  // (detail::resolve_offline): records of the asked type at the current name, else its CNAME.
  const bool is_txt = a.q.type == rr_type::txt || a.q.type == rr_type::spf;
  const auto want = static_cast<std::uint16_t>(a.q.type);
  const bool nxdomain = r.rcode == 3;
  answer out = detail::resolve_offline(a.q, [&](const std::string& cur) {
    detail::offline_step step;
    bool found = false;
    for (const auto& rec : r.answers) {
      if (rec.klass != 1 || rec.type != want || rec.name != cur) continue;
      step.ttl = found ? std::min(step.ttl, rec.ttl) : rec.ttl;
      found = true;
      if (is_txt) step.txt.push_back(rec.txt);
      else step.records.push_back(rec.data);
    }
    // NXDOMAIN names the end of the chain (RFC 6604): it stays NXDOMAIN even after CNAMEs.
    if (nxdomain) {
      bool aliased = false;
      if (!found && a.q.type != rr_type::cname)
        for (const auto& rec : r.answers)
          if (rec.klass == 1 && rec.type == std::uint16_t(rr_type::cname) && rec.name == cur) aliased = true;
      if (found || !aliased) return detail::offline_step{};  // kind::nxdomain
    }
    if (found) {
      step.k = detail::offline_step::kind::data;
      return step;
    }
    step.k = detail::offline_step::kind::nodata;
    if (a.q.type == rr_type::cname) return step;
    for (const auto& rec : r.answers)
      if (rec.klass == 1 && rec.type == std::uint16_t(rr_type::cname) && rec.name == cur) {
        step.k = detail::offline_step::kind::alias;
        step.ttl = rec.ttl;
        step.target = normalize_name(rec.data);
        break;
      }
    return step;
  });
  out.authenticated = a.authenticated;
  return out;
}

}  // namespace authlens::dns
