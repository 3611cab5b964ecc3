// PTR names of a merged report's sources (authlens/aggregate.hpp, ptr_lookup). The forward
// confirmation is iprev's (transport::check_iprev): one FCrDNS implementation for the whole core.
#include <algorithm>
#include <set>

#include "authlens/aggregate.hpp"
#include "authlens/inventory.hpp"
#include "authlens/ip.hpp"
#include "authlens/spf.hpp"
#include "authlens/transport.hpp"

namespace authlens::aggregate {

namespace {
constexpr std::size_t hard_max_sources = 1000;
constexpr std::size_t max_ptr_names = 10;  // iprev's cap (RFC 7208 §4.6.4)

bool is_dns_error(const dns::answer& a) { return a.st == dns::status::servfail || a.st == dns::status::timeout; }

/// PTR only (forward_confirm off): round 1 and nothing more.
source_ptr ptr_only(dns::lookup_context& ctx, const std::string& ip_text) {
  source_ptr r;
  r.ip = ip_text;
  auto addr = ip::parse(ip_text);
  if (!addr) {
    r.status = ptr_status::bad_address;
    return r;
  }
  const dns::answer* a = ctx.get(ip::reverse_name(ip::unmap_v4(*addr)), dns::rr_type::ptr);
  if (!a) {
    r.status = ptr_status::not_checked;
  } else if (is_dns_error(*a)) {
    r.status = ptr_status::dns_error;
  } else if (a->records.empty()) {
    r.status = ptr_status::no_ptr;
  } else {
    r.status = ptr_status::found;
    r.forward = ptr_forward::not_checked;
    for (std::size_t i = 0; i < a->records.size() && i < max_ptr_names; ++i)
      r.names.push_back(dns::normalize_name(a->records[i]));
  }
  return r;
}

/// PTR and forward confirmation, through iprev.
source_ptr with_iprev(dns::lookup_context& ctx, const std::string& ip_text) {
  source_ptr r;
  r.ip = ip_text;
  transport::iprev_result v = transport::check_iprev(ctx, ip_text);
  r.names = v.ptr_names;
  if (v.reason == transport::iprev_reason::bad_address) {
    r.status = ptr_status::bad_address;
  } else if (v.reason == transport::iprev_reason::no_ptr) {
    r.status = ptr_status::no_ptr;
  } else if (v.ptr_names.empty()) {
    r.status = v.done ? ptr_status::dns_error : ptr_status::not_checked;  // the PTR lookup failed, or is not answered
  } else {
    r.status = ptr_status::found;
    if (!v.done) r.forward = ptr_forward::not_checked;
    else if (v.result == transport::iprev_verdict::pass)
      r.forward = ptr_forward::confirmed, r.confirmed_name = v.confirmed_name;
    else if (v.result == transport::iprev_verdict::fail) r.forward = ptr_forward::not_confirmed;
    else r.forward = ptr_forward::dns_error;
  }
  return r;
}

/// Places the IP in the first provider tree whose check_host passes. check_host is the whole of
/// RFC 7208 (includes, ip4/ip6, its limits), so "inside the tree" means exactly "SPF would pass
/// for a customer who includes it". Unanswered trees keep asking; failed ones make it incomplete.
void place_in_provider(dns::lookup_context& ctx, source_ptr& r,
                       const std::vector<std::pair<std::string, std::string>>& trees) {
  bool unanswered = false, failed = false;
  for (const auto& [id, domain] : trees) {
    spf::request req;
    req.ip = r.ip;
    req.which = spf::identity::mailfrom;
    req.mail_from = "postmaster@" + domain;
    req.domain = domain;
    spf::evaluation ev = spf::check_host(ctx, req);
    if (!ev.done) {
      unanswered = true;
    } else if (ev.result == spf::result_code::pass) {
      r.in_provider = provider_check::found;
      r.provider = id;
      return;
    } else if (ev.result == spf::result_code::temperror || ev.result == spf::result_code::permerror) {
      failed = true;
    }
  }
  r.in_provider = unanswered ? provider_check::not_checked : failed ? provider_check::incomplete : provider_check::not_found;
}

}  // namespace

ptr_lookup::ptr_lookup(const summary& s, const ptr_options& opt, const dns::job_options& jopt)
    : dns::job(jopt), opt_(opt) {
  opt_.max_sources = std::min(opt_.max_sources, hard_max_sources);
  std::set<std::string> seen;
  for (const auto& src : s.sources) {
    if (sources_.size() >= opt_.max_sources) {
      ++not_looked_up_;
      continue;
    }
    if (seen.insert(src.ip).second) sources_.emplace_back(src.ip, src.messages);
  }
  if (opt_.providers)
    for (const auto& p : inventory::provider_spf_trees())
      for (auto d : p.domains) trees_.emplace_back(std::string(p.who.id), std::string(d));
}

void ptr_lookup::run(dns::lookup_context& ctx) {
  results_.clear();
  results_.reserve(sources_.size());
  for (const auto& [ip, messages] : sources_) {
    source_ptr r = opt_.forward_confirm ? with_iprev(ctx, ip) : ptr_only(ctx, ip);
    r.messages = messages;
    if (!trees_.empty() && r.status != ptr_status::bad_address) place_in_provider(ctx, r, trees_);
    results_.push_back(std::move(r));
  }
}

}  // namespace authlens::aggregate
