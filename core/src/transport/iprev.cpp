#include "authlens/transport.hpp"

#include "authlens/ip.hpp"

namespace authlens::transport {

namespace {
constexpr std::size_t max_ptr_names = 10;  // same cap as SPF's PTR rule (RFC 7208 §4.6.4)

bool is_dns_error(const dns::answer& a) { return a.st == dns::status::servfail || a.st == dns::status::timeout; }
}  // namespace

std::string_view to_string(iprev_verdict v) {
  switch (v) {
    case iprev_verdict::none: return "none";
    case iprev_verdict::pass: return "pass";
    case iprev_verdict::fail: return "fail";
    case iprev_verdict::temperror: return "temperror";
    case iprev_verdict::permerror: return "permerror";
  }
  return "none";
}

std::string_view to_string(iprev_reason r) {
  switch (r) {
    case iprev_reason::pending: return "iprev.pending";
    case iprev_reason::confirmed: return "iprev.confirmed";
    case iprev_reason::not_confirmed: return "iprev.not_confirmed";
    case iprev_reason::no_ptr: return "iprev.no_ptr";
    case iprev_reason::dns_error: return "iprev.dns_error";
    case iprev_reason::bad_address: return "iprev.bad_address";
  }
  return "iprev.unknown";
}

iprev_result check_iprev(dns::lookup_context& dns, std::string_view ip_text) {
  iprev_result r;
  auto addr = ip::parse(ip_text);
  if (!addr) {
    r.done = true;
    r.result = iprev_verdict::permerror;
    r.reason = iprev_reason::bad_address;
    r.detail = "'" + std::string(ip_text) + "' is not an IP address.";
    return r;
  }
  ip::address a = ip::unmap_v4(*addr);
  r.ip = ip::to_string(a);
  const dns::answer* ptr = dns.get(ip::reverse_name(a), dns::rr_type::ptr);
  if (!ptr) return r;
  if (is_dns_error(*ptr)) {
    r.done = true;
    r.result = iprev_verdict::temperror;
    r.reason = iprev_reason::dns_error;
    r.detail = "The PTR lookup for " + r.ip + " failed (" + std::string(dns::to_string(ptr->st)) + ").";
    return r;
  }
  if (ptr->records.empty()) {
    r.done = true;
    r.result = iprev_verdict::permerror;
    r.reason = iprev_reason::no_ptr;
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
    r.result = iprev_verdict::pass;
    r.reason = iprev_reason::confirmed;
    r.detail = r.ip + " has the PTR name " + r.confirmed_name + ", which resolves back to it.";
    return r;
  }
  if (missing) return r;
  r.done = true;
  if (dns_error) {
    r.result = iprev_verdict::temperror;
    r.reason = iprev_reason::dns_error;
    r.detail = "A forward lookup of the PTR names of " + r.ip + " failed.";
  } else {
    r.result = iprev_verdict::fail;
    r.reason = iprev_reason::not_confirmed;
    r.detail = "The PTR names of " + r.ip + " do not resolve back to it.";
  }
  return r;
}

}  // namespace authlens::transport
