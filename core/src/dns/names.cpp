// Names of record types and answer statuses (RFC 1035 §3.2.2, RFC 3596, RFC 7208 §3.1;
// RFC 3597 §5 for the generic "TYPE<n>" spelling).
#include <array>
#include <string>

#include "authlens/dns.hpp"
#include "authlens/strings.hpp"

namespace authlens::dns {

namespace {

struct type_name {
  rr_type type;
  std::string_view name;
};

constexpr std::array<type_name, 9> k_types{{
    {rr_type::a, "A"},
    {rr_type::ns, "NS"},
    {rr_type::cname, "CNAME"},
    {rr_type::soa, "SOA"},
    {rr_type::ptr, "PTR"},
    {rr_type::mx, "MX"},
    {rr_type::txt, "TXT"},
    {rr_type::aaaa, "AAAA"},
    {rr_type::spf, "SPF"},
}};

struct status_name {
  status st;
  std::string_view name;
};

constexpr std::array<status_name, 4> k_statuses{{
    {status::noerror, "NOERROR"},
    {status::nxdomain, "NXDOMAIN"},
    {status::servfail, "SERVFAIL"},
    {status::timeout, "TIMEOUT"},
}};

}  // namespace

std::string_view to_string(rr_type t) {
  for (const auto& e : k_types)
    if (e.type == t) return e.name;
  // A value outside the enumerators (cast from a wire type): RFC 3597 "TYPE<n>". The spellings
  // are built once, on first need (thread-safe static initialisation), in one buffer of fixed
  // slots, so the returned view never dangles and no lock is needed afterwards.
  constexpr std::size_t slot = 10;  // "TYPE65535" + NUL
  static const std::string table = [] {
    std::string buf(std::size_t{65536} * slot, '\0');
    for (unsigned v = 0; v < 65536; ++v) {
      std::string n = "TYPE" + std::to_string(v);
      buf.replace(v * slot, n.size(), n);
    }
    return buf;
  }();
  const auto v = static_cast<std::size_t>(static_cast<std::uint16_t>(t));
  std::string_view cell(table.data() + v * slot, slot);
  return cell.substr(0, cell.find('\0'));
}

std::optional<rr_type> rr_type_from_string(std::string_view s) {
  for (const auto& e : k_types)
    if (str::iequals(e.name, s)) return e.type;
  // RFC 3597 "TYPE<n>" for the types we know by number.
  if (s.size() > 4 && str::istarts_with(s, "TYPE")) {
    unsigned v = 0;
    for (char c : s.substr(4)) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + unsigned(c - '0');
      if (v > 65535) return std::nullopt;
    }
    for (const auto& e : k_types)
      if (static_cast<unsigned>(e.type) == v) return e.type;
  }
  return std::nullopt;
}

std::string_view to_string(status s) {
  for (const auto& e : k_statuses)
    if (e.st == s) return e.name;
  return "SERVFAIL";
}

std::optional<status> status_from_string(std::string_view s) {
  for (const auto& e : k_statuses)
    if (str::iequals(e.name, s)) return e.st;
  return std::nullopt;
}

}  // namespace authlens::dns
