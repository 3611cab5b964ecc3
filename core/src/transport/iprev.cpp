#include "authlens/iprev.hpp"

#include "authlens/ip.hpp"

namespace authlens::transport {

namespace {
constexpr std::size_t max_ptr_names = 10;  // same cap as SPF's PTR rule (RFC 7208 §4.6.4)

bool is_dns_error(const dns::answer& a) { return a.st == dns::status::servfail || a.st == dns::status::timeout; }
}  // namespace

iprev_result check_iprev(dns::lookup_context& dns, std::string_view ip_text) {
  iprev_result r;
  auto addr = ip::parse(ip_text);
  if (!addr) {
    r.done = true;
    r.result = "permerror";
    r.reason = "iprev.bad_address";
    r.detail = "'" + std::string(ip_text) + "' is not an IP address.";
    return r;
  }
  ip::address a = ip::unmap_v4(*addr);
  r.ip = ip::to_string(a);
  const dns::answer* ptr = dns.get(ip::reverse_name(a), dns::rr_type::ptr);
  if (!ptr) return r;
  if (is_dns_error(*ptr)) {
    r.done = true;
    r.result = "temperror";
    r.reason = "iprev.dns_error";
    r.detail = "The PTR lookup for " + r.ip + " failed (" + std::string(dns::to_string(ptr->st)) + ").";
    return r;
  }
  if (ptr->records.empty()) {
    r.done = true;
    r.result = "permerror";
    r.reason = "iprev.no_ptr";
    r.detail = "No PTR record is published for " + r.ip + ".";
    return r;
  }
  const dns::rr_type forward = a.v6 ? dns::rr_type::aaaa : dns::rr_type::a;
  bool missing = false, dns_error = false;
  for (std::size_t i = 0; i < ptr->records.size() && i < max_ptr_names; ++i) {
    const std::string name = dns::normalize_name(ptr->records[i]);
    r.ptr_names.push_back(name);
    // Ask for every name before judging any, so all forward lookups go out in one round.
    const dns::answer* fwd = dns.get(name, forward);
    if (!fwd) {
      missing = true;
      continue;
    }
    if (is_dns_error(*fwd)) dns_error = true;
    for (const auto& rec : fwd->records) {
      auto back = ip::parse(rec);
      if (back && ip::unmap_v4(*back) == a && r.confirmed_name.empty()) r.confirmed_name = name;
    }
  }
  if (!r.confirmed_name.empty()) {
    r.done = true;
    r.result = "pass";
    r.reason = "iprev.confirmed";
    r.detail = r.ip + " has the PTR name " + r.confirmed_name + ", which resolves back to it.";
    return r;
  }
  if (missing) return r;
  r.done = true;
  if (dns_error) {
    r.result = "temperror";
    r.reason = "iprev.dns_error";
    r.detail = "A forward lookup of the PTR names of " + r.ip + " failed.";
  } else {
    r.result = "fail";
    r.reason = "iprev.not_confirmed";
    r.detail = "The PTR names of " + r.ip + " do not resolve back to it.";
  }
  return r;
}

}  // namespace authlens::transport
