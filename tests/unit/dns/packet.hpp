// A tiny builder for hand-made DNS messages in tests: every byte is placed explicitly, so tests
// can make exactly the malformed packets they mean (bad pointers, short data, wrong counts).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace authlens::dns::testing {

struct packet {
  std::vector<std::uint8_t> b;

  std::size_t pos() const { return b.size(); }
  packet& u8(unsigned v) {
    b.push_back(std::uint8_t(v));
    return *this;
  }
  packet& u16(unsigned v) {
    b.push_back(std::uint8_t(v >> 8));
    b.push_back(std::uint8_t(v));
    return *this;
  }
  packet& u32(std::uint32_t v) {
    u16(v >> 16);
    return u16(v & 0xFFFF);
  }
  packet& bytes(std::string_view s) {
    b.insert(b.end(), s.begin(), s.end());
    return *this;
  }
  /// Labels of a dotted name, then the root label unless `terminate` is false (to end with ptr()).
  packet& name(std::string_view n, bool terminate = true) {
    while (!n.empty()) {
      auto dot = n.find('.');
      auto label = n.substr(0, dot);
      u8(unsigned(label.size()));
      bytes(label);
      if (dot == std::string_view::npos) break;
      n.remove_prefix(dot + 1);
    }
    if (terminate) u8(0);
    return *this;
  }
  packet& ptr(unsigned offset) { return u16(0xC000 | offset); }
  /// Header: flags default to a plain NOERROR reply with QR, RD, RA.
  packet& header(unsigned id, unsigned flags, unsigned qd, unsigned an, unsigned ns = 0, unsigned ar = 0) {
    return u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
  }
  packet& question(std::string_view n, unsigned type) { return name(n).u16(type).u16(1); }
  /// A record's fixed part after its owner: type, class IN, ttl, and the rdata length.
  packet& rr_fixed(unsigned type, std::uint32_t ttl, unsigned rdlen) { return u16(type).u16(1).u32(ttl).u16(rdlen); }
  /// Character-strings of a TXT rdata.
  static std::string txt_rdata(const std::vector<std::string>& strings) {
    std::string r;
    for (const auto& s : strings) {
      r += char(s.size());
      r += s;
    }
    return r;
  }
  /// A complete record with an uncompressed owner and the given rdata.
  packet& rr(std::string_view owner, unsigned type, std::uint32_t ttl, std::string_view rdata) {
    name(owner);
    rr_fixed(type, ttl, unsigned(rdata.size()));
    return bytes(rdata);
  }
  /// Wire form of an uncompressed name, as a string (for rdata).
  static std::string wire_name(std::string_view n) {
    packet p;
    p.name(n);
    return std::string(p.b.begin(), p.b.end());
  }
};

constexpr unsigned k_reply = 0x8180;  // QR RD RA, NOERROR

}  // namespace authlens::dns::testing
