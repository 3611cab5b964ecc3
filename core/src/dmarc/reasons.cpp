// The reason codes of discovery, alignment, verdicts, explanations and disagreements (authlens/dmarc.hpp).
#include "authlens/dmarc.hpp"

namespace authlens::dmarc {

std::string_view to_string(discovery_reason r) {
  switch (r) {
    case discovery_reason::record_found: return "dmarc.record.found";
    case discovery_reason::record_at_org_domain: return "dmarc.record.at_org_domain";
    case discovery_reason::record_at_psd: return "dmarc.record.at_psd";
    case discovery_reason::record_none: return "dmarc.record.none";
    case discovery_reason::record_multiple: return "dmarc.record.multiple";
    case discovery_reason::dns_temperror: return "dmarc.dns.temperror";
    case discovery_reason::domain_invalid: return "dmarc.domain.invalid";
  }
  return "dmarc.unknown";
}

std::string_view to_string(org_reason r) {
  switch (r) {
    case org_reason::psd_n: return "dmarc.org.psd_n";
    case org_reason::psd_y: return "dmarc.org.psd_y";
    case org_reason::fewest_labels: return "dmarc.org.fewest_labels";
    case org_reason::no_record: return "dmarc.org.no_record";
    case org_reason::psl: return "dmarc.org.psl";
    case org_reason::psl_private: return "dmarc.org.psl_private";
    case org_reason::psl_suffix: return "dmarc.org.psl_suffix";
    case org_reason::temperror: return "dmarc.org.temperror";
    case org_reason::domain_invalid: return "dmarc.domain.invalid";
  }
  return "dmarc.unknown";
}

std::string_view to_string(alignment_reason r) {
  switch (r) {
    case alignment_reason::identical: return "dmarc.align.identical";
    case alignment_reason::same_org_domain: return "dmarc.align.same_org_domain";
    case alignment_reason::strict_mismatch: return "dmarc.align.strict_mismatch";
    case alignment_reason::different_org_domain: return "dmarc.align.different_org_domain";
    case alignment_reason::not_passed: return "dmarc.align.not_passed";
    case alignment_reason::no_domain: return "dmarc.align.no_domain";
    case alignment_reason::helo_not_used: return "dmarc.align.helo_not_used";
    case alignment_reason::pending: return "dmarc.align.pending";
    case alignment_reason::temperror: return "dmarc.align.temperror";
  }
  return "dmarc.unknown";
}

std::string_view to_string(outcome_reason r) {
  switch (r) {
    case outcome_reason::pending: return "dmarc.pending";
    case outcome_reason::pass_dkim: return "dmarc.pass.dkim";
    case outcome_reason::pass_spf: return "dmarc.pass.spf";
    case outcome_reason::pass_dkim_and_spf: return "dmarc.pass.dkim_and_spf";
    case outcome_reason::fail_no_aligned_pass: return "dmarc.fail.no_aligned_pass";
    case outcome_reason::none_no_record: return "dmarc.none.no_record";
    case outcome_reason::none_multiple_records: return "dmarc.none.multiple_records";
    case outcome_reason::none_unusable_record: return "dmarc.none.unusable_record";
    case outcome_reason::temperror_dns: return "dmarc.temperror.dns";
    case outcome_reason::temperror_alignment: return "dmarc.temperror.alignment";
    case outcome_reason::permerror_no_from: return "dmarc.permerror.author.no_from";
    case outcome_reason::permerror_multiple_from: return "dmarc.permerror.author.multiple_from";
    case outcome_reason::permerror_multiple_addresses: return "dmarc.permerror.author.multiple_addresses";
    case outcome_reason::permerror_no_domain: return "dmarc.permerror.author.no_domain";
  }
  return "dmarc.unknown";
}

std::string_view to_string(unaligned_reason r) {
  switch (r) {
    case unaligned_reason::spf_not_evaluated: return "spf.not_evaluated";
    case unaligned_reason::spf_helo_not_used: return "spf.helo_not_used";
    case unaligned_reason::spf_not_pass: return "spf.not_pass";
    case unaligned_reason::spf_not_aligned_strict: return "spf.not_aligned.strict";
    case unaligned_reason::spf_not_aligned_org_domain: return "spf.not_aligned.org_domain";
    case unaligned_reason::dkim_no_signature: return "dkim.no_signature";
    case unaligned_reason::dkim_no_pass: return "dkim.no_pass";
    case unaligned_reason::dkim_not_aligned_strict: return "dkim.not_aligned.strict";
    case unaligned_reason::dkim_not_aligned_org_domain: return "dkim.not_aligned.org_domain";
  }
  return "dmarc.unknown";
}

std::string_view to_string(fix f) {
  switch (f) {
    case fix::dmarc_publish_record: return "fix.dmarc.publish_record";
    case fix::dmarc_one_record: return "fix.dmarc.one_record";
    case fix::dmarc_valid_policy: return "fix.dmarc.valid_policy";
    case fix::author_single_from: return "fix.author.single_from";
    case fix::dkim_repair_signature: return "fix.dkim.repair_signature";
    case fix::dkim_sign_with_author_domain: return "fix.dkim.sign_with_author_domain";
    case fix::dkim_sign: return "fix.dkim.sign";
    case fix::alignment_relax_adkim: return "fix.alignment.relax_adkim";
    case fix::alignment_relax_aspf: return "fix.alignment.relax_aspf";
    case fix::spf_authorize_sender: return "fix.spf.authorize_sender";
    case fix::spf_custom_mail_from: return "fix.spf.custom_mail_from";
  }
  return "fix.unknown";
}

std::string_view to_string(disagreement_reason r) {
  switch (r) {
    case disagreement_reason::org_domain: return "dmarc.diff.org_domain";
    case disagreement_reason::psd_record: return "dmarc.diff.psd_record";
    case disagreement_reason::psl_private_suffix: return "dmarc.diff.psl_private_suffix";
    case disagreement_reason::no_record_in_tree: return "dmarc.diff.no_record_in_tree";
    case disagreement_reason::record_placement: return "dmarc.diff.record_placement";
    case disagreement_reason::record_domain: return "dmarc.diff.record_domain";
    case disagreement_reason::multiple_records: return "dmarc.diff.multiple_records";
    case disagreement_reason::psd_policy: return "dmarc.diff.psd_policy";
    case disagreement_reason::record_outside_psl_lookup: return "dmarc.diff.record_outside_psl_lookup";
    case disagreement_reason::record_not_applied: return "dmarc.diff.record_not_applied";
    case disagreement_reason::spf_alignment: return "dmarc.diff.spf_alignment";
    case disagreement_reason::spf_helo: return "dmarc.diff.spf_helo";
    case disagreement_reason::dkim_alignment: return "dmarc.diff.dkim_alignment";
    case disagreement_reason::policy: return "dmarc.diff.policy";
    case disagreement_reason::np: return "dmarc.diff.np";
    case disagreement_reason::disposition: return "dmarc.diff.disposition";
    case disagreement_reason::test_mode_vs_pct: return "dmarc.diff.test_mode_vs_pct";
    case disagreement_reason::result: return "dmarc.diff.result";
  }
  return "dmarc.unknown";
}

}  // namespace authlens::dmarc
