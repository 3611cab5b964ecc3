// MX (RFC 5321 §5.1, null MX RFC 7505), PTR / FCrDNS of the MX hosts (RFC 8601 §3 iprev), and
// the DNSSEC AD bit as the resolver reported it.
#include <algorithm>
#include <charconv>

#include "authlens/ip.hpp"
#include "authlens/transport.hpp"
#include "authlens/strings.hpp"
#include "domain/internal.hpp"

namespace authlens::domain::detail {

void check_mx(dns::lookup_context& ctx, report& r, const options& opt, area& ar) {
  const dns::answer* a = ctx.get(r.domain, dns::rr_type::mx);
  if (!a || temp_failure(a)) return unknown(ar, a, "MX");
  if (a->st == dns::status::nxdomain) {
    summarize(ar, "mx.nxdomain", r.domain + " does not exist in DNS (NXDOMAIN).", {{"domain", r.domain}});
    add(ar, "domain.nxdomain", "error", ar.summary, "check the spelling of the domain, or register and publish it",
        ar.summary_params);
    return grade_from_findings(ar);
  }
  if (a->records.empty()) {
    summarize(ar, "mx.none", "No MX record: mail is sent to the domain's own address (implicit MX), if it has one.");
    add(ar, "domain.mx.none", "warning", ar.summary,
        "publish MX records for the hosts that receive mail, or a null MX (\"0 .\", RFC 7505) if the domain "
        "receives no mail");
    return grade_from_findings(ar);
  }
  for (const auto& rec : a->records) {
    mx_host h;
    auto sp = rec.find(' ');
    std::string_view pref = std::string_view(rec).substr(0, sp);
    std::from_chars(pref.data(), pref.data() + pref.size(), h.preference);
    h.host = sp == std::string::npos ? "" : dns::normalize_name(str::trim(std::string_view(rec).substr(sp + 1)));
    if (h.host == ".") h.host.clear();
    r.mx.push_back(std::move(h));
  }
  std::stable_sort(r.mx.begin(), r.mx.end(), [](const mx_host& x, const mx_host& y) { return x.preference < y.preference; });
  bool has_null = false;
  for (const auto& h : r.mx) has_null = has_null || h.host.empty();
  if (has_null) {
    r.null_mx = r.mx.size() == 1;
    if (r.null_mx) {
      summarize(ar, "mx.null", "Null MX (RFC 7505): the domain says it receives no mail.");
      add(ar, "domain.mx.null", "info", ar.summary);
    } else {
      add(ar, "domain.mx.null_mixed", "error",
          "a null MX (\"0 .\") is published together with other MX records (RFC 7505 section 3 forbids it)",
          "remove the null MX if the domain receives mail, or every other MX if it does not");
    }
  }
  int usable = 0, looked = 0;
  bool pending = false;
  for (auto& h : r.mx) {
    if (h.host.empty()) continue;
    if (looked++ >= opt.max_mx_hosts) break;
    if (ip::parse(h.host)) {
      h.problem = "domain.mx.is_ip";
      add(ar, "domain.mx.is_ip", "error", "the MX record names an IP address (" + h.host + "), not a host name",
          "publish an A record for a host name and point the MX at that name", {{"host", h.host}});
      continue;
    }
    const dns::answer* a4 = ctx.get(h.host, dns::rr_type::a);
    const dns::answer* a6 = ctx.get(h.host, dns::rr_type::aaaa);
    if (!a4 || !a6) {
      pending = true;
      continue;
    }
    if (temp_failure(a4) || temp_failure(a6)) {
      h.problem = "domain.mx.dns_error";
      ar.temp_failure = true;
      continue;
    }
    for (const auto& x : a4->records) h.addresses.push_back(x);
    for (const auto& x : a6->records) h.addresses.push_back(x);
    if (!a4->cname_chain.empty() || !a6->cname_chain.empty())
      add(ar, "domain.mx.cname", "warning", "the MX host " + h.host + " is an alias (CNAME); RFC 2181 section 10.3 forbids it",
          "point the MX at the canonical name the alias leads to", {{"host", h.host}});
    if (h.addresses.empty()) {
      h.problem = "domain.mx.no_address";
      add(ar, "domain.mx.no_address", "error", "the MX host " + h.host + " has no A or AAAA record: mail to it cannot be delivered",
          "publish an address for " + h.host + " or remove that MX record", {{"host", h.host}});
    } else {
      ++usable;
    }
  }
  if (r.null_mx) return grade_from_findings(ar);
  if (pending) {
    ar.g = grade::unknown;
    summarize(ar, "mx.no_answer", "No DNS answer for some MX host addresses (offline, or out of rounds).");
    return;
  }
  if (ar.temp_failure) {
    ar.g = grade::unknown;
    summarize(ar, "mx.dns_error", "An MX host's address lookup failed temporarily: try again later.");
    add(ar, "domain.dns_error", "error", ar.summary, "check the name servers of the MX hosts, then run the check again");
    return;
  }
  grade_from_findings(ar);
  if (usable == 0 && ar.g != grade::unknown) {
    ar.g = grade::fail;
    summarize(ar, "mx.no_usable", "No MX host has an address: the domain cannot receive mail.");
  } else if (ar.summary.empty()) {
    summarize(ar, "mx.hosts", std::to_string(r.mx.size()) + " MX host(s), " + std::to_string(usable) + " with an address.",
              {{"hosts", std::to_string(r.mx.size())}, {"usable", std::to_string(usable)}});
  }
}


void check_iprev(dns::lookup_context& ctx, report& r, const options& opt, area& ar) {
  if (r.mx.empty() || r.null_mx) {
    ar.g = grade::info;
    summarize(ar, "iprev.no_mx", "No MX host to check.");
    return;
  }
  bool pending = false;
  int pass = 0, bad = 0, looked = 0;
  for (const auto& h : r.mx) {
    if (h.host.empty()) continue;
    if (looked++ >= opt.max_mx_hosts) break;
    int n = 0;
    for (const auto& addr : h.addresses) {
      if (n++ >= opt.max_addresses) break;
      transport::iprev_result ir = transport::check_iprev(ctx, addr);
      if (!ir.done) {
        pending = true;
        continue;
      }
      iprev_entry e{h.host, ir.ip, ir.result, ir.reason, ir.detail,
                    !ir.confirmed_name.empty() ? ir.confirmed_name : ir.ptr_names.empty() ? "" : ir.ptr_names.front()};
      if (ir.result == transport::iprev_verdict::pass) {
        ++pass;
      } else if (ir.result == transport::iprev_verdict::temperror) {
        ar.temp_failure = true;
      } else {
        ++bad;
        // "iprev.no_ptr" → "domain.iprev.no_ptr"
        add(ar, "domain." + std::string(transport::to_string(ir.reason)), "warning",
            h.host + " (" + ir.ip + "): " + ir.detail,
            "ask whoever runs " + h.host + " for a PTR record for " + ir.ip +
                " naming a host whose A/AAAA record points back at it",
            {{"host", h.host}, {"ip", ir.ip}});
      }
      r.iprev.push_back(std::move(e));
    }
  }
  if (pending) {
    ar.g = grade::unknown;
    summarize(ar, "iprev.no_answer", "No DNS answer for some PTR lookups (offline, or out of rounds).");
    return;
  }
  if (ar.temp_failure && pass + bad == 0) {
    ar.g = grade::unknown;
    summarize(ar, "iprev.dns_error", "The PTR lookups failed temporarily: try again later.");
    return;
  }
  if (pass + bad == 0) {
    ar.g = grade::info;
    summarize(ar, "iprev.no_address", "No MX address to check.");
    return;
  }
  grade_from_findings(ar);
  summarize(ar, "iprev.counts", std::to_string(pass) + " of " + std::to_string(pass + bad) +
                                 " MX address(es) have forward-confirmed reverse DNS.",
            {{"pass", std::to_string(pass)}, {"total", std::to_string(pass + bad)}});
}

void check_dnssec(dns::lookup_context& ctx, report& r, area& ar) {
  const dns::cache& c = ctx.data();
  for (const auto& q : {dns::make_question(r.domain, dns::rr_type::mx), dns::make_question(r.domain, dns::rr_type::txt),
                        dns::make_question("_dmarc." + r.domain, dns::rr_type::txt)}) {
    const dns::answer* a = c.find(q);
    if (!a || temp_failure(a)) continue;
    ++r.dnssec.answers;
    if (a->authenticated) ++r.dnssec.authenticated;
  }
  if (r.dnssec.answers == 0) {
    ar.g = grade::unknown;
    summarize(ar, "dnssec.no_answers", "No answers to judge.");
  } else if (r.dnssec.authenticated == r.dnssec.answers) {
    ar.g = grade::pass;
    summarize(ar, "dnssec.validated", "The resolver validated the domain's answers with DNSSEC (AD bit set).");
  } else if (r.dnssec.authenticated == 0) {
    ar.g = grade::info;
    summarize(ar, "dnssec.not_validated",
              "The resolver did not mark the answers as validated (AD bit clear): the zone is unsigned, or the "
              "resolver does not validate.");
    add(ar, "domain.dnssec.not_validated", "info", ar.summary,
        "sign the zone with DNSSEC (and publish the DS record at the registrar) to protect these records");
  } else {
    ar.g = grade::warn;
    summarize(ar, "dnssec.partial", "Only some answers were validated (AD bit set on " + std::to_string(r.dnssec.authenticated) + " of " +
                 std::to_string(r.dnssec.answers) + ").",
              {{"validated", std::to_string(r.dnssec.authenticated)}, {"answers", std::to_string(r.dnssec.answers)}});
    add(ar, "domain.dnssec.partial", "warning", ar.summary, "check that every part of the zone is signed", ar.summary_params);
  }
  if (ar.g == grade::info) advise(ar, "domain.dnssec.sign", "sign the zone with DNSSEC and publish the DS record at the registrar");
}

}  // namespace authlens::domain::detail
