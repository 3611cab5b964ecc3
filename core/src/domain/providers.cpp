// The mailbox providers' rules (authlens/senders.hpp) judged from a domain's DNS alone: what can be
// known without a message. A published DMARC record passes "publish DMARC"; a missing one fails it and
// means DMARC cannot pass; a domain without SPF cannot pass SPF. Everything else (signatures,
// alignment, reverse DNS of the sending IP, format, unsubscribe) needs a message: unknown, said so.
#include <string>

#include "domain/internal.hpp"

namespace authlens::domain {

std::string_view to_string(provider_basis b) {
  switch (b) {
    case provider_basis::dmarc_record_published: return "dmarc.record_published";
    case provider_basis::no_dmarc_record: return "dmarc.no_record";
    case provider_basis::no_spf_record: return "spf.no_record";
    case provider_basis::needs_message: return "needs_message";
    case provider_basis::dns_unknown: return "dns.unknown";
  }
  return "";
}

namespace detail {

namespace {

struct dns_facts {
  bool dmarc_known = false, dmarc_published = false;
  bool spf_known = false, spf_published = false;
};

std::pair<senders::status, provider_basis> judge_from_dns(senders::requirement req, const dns_facts& f) {
  using senders::requirement;
  using senders::status;
  switch (req) {
    case requirement::dmarc_record:
      if (!f.dmarc_known) return {status::unknown, provider_basis::dns_unknown};
      return f.dmarc_published ? std::pair{status::pass, provider_basis::dmarc_record_published}
                               : std::pair{status::fail, provider_basis::no_dmarc_record};
    case requirement::dmarc_aligned_pass:
      if (f.dmarc_known && !f.dmarc_published) return {status::fail, provider_basis::no_dmarc_record};
      break;
    case requirement::dmarc_not_fail:
      if (f.dmarc_known && !f.dmarc_published) return {status::pass, provider_basis::no_dmarc_record};
      break;
    case requirement::spf_pass:
      if (f.spf_known && !f.spf_published) return {status::fail, provider_basis::no_spf_record};
      break;
    default: break;
  }
  return {status::unknown, provider_basis::needs_message};
}

}  // namespace

void grade_providers(report& r, const options& opt) {
  dns_facts f;
  if (const area* d = r.find("dmarc"); d && r.dmarc.done && !r.dmarc.temperror && !d->temp_failure) {
    f.dmarc_known = true;
    f.dmarc_published = !r.dmarc.rfc9989.record_text.empty();
  }
  if (const area* s = r.find("spf"); s && r.spf.done && !s->temp_failure) {
    f.spf_known = true;
    f.spf_published = !r.spf_tree.record.empty();
  }
  r.providers.clear();
  for (const auto& p : senders::providers()) {
    provider_grade g;
    g.judged = senders::judge(p, opt.now, [&](senders::requirement q) { return judge_from_dns(q, f).first; });
    for (const auto& o : g.judged.rules) g.basis.push_back(judge_from_dns(o.r->requirement, f).second);
    r.providers.push_back(std::move(g));
  }
}

}  // namespace detail

}  // namespace authlens::domain
