// ARC's reasons: its own list has one distinct word per value, and the signature and key problems it
// shares with DKIM (dkim::reason) keep ARC's historic codes.
#include <gtest/gtest.h>

#include <set>

#include "authlens/arc.hpp"
#include "unit/enum_words.hpp"

namespace {

using namespace authlens;

TEST(ArcReason, EveryValueHasItsOwnWord) {
  test::expect_distinct_words(arc::reason::not_checked, [](arc::reason r) { return arc::to_string(r); });
}

TEST(ArcReason, SharedReasonsKeepArcCodes) {
  EXPECT_EQ(arc::to_string(arc::sig_reason(dkim::reason::sig_missing_tag)), "sig_missing_tag");
  EXPECT_EQ(arc::to_string(arc::sig_reason(dkim::reason::sig_algorithm_unknown)), "sig_algorithm_unknown");
  EXPECT_EQ(arc::to_string(arc::sig_reason(dkim::reason::key_not_found)), "key_not_found");
  EXPECT_EQ(arc::to_string(arc::sig_reason(dkim::reason::signature_mismatch)), "signature_mismatch");
  EXPECT_EQ(arc::to_string(arc::sig_reason(arc::reason::sig_h_in_seal)), "sig_h_in_seal");
  // No DKIM reason ARC uses spells the same as one of ARC's own.
  std::set<std::string, std::less<>> own;
  for (int i = 0; i <= static_cast<int>(arc::reason::not_checked); ++i)
    own.emplace(arc::to_string(static_cast<arc::reason>(i)));
  for (auto d : {dkim::reason::sig_syntax, dkim::reason::sig_duplicate_tag, dkim::reason::sig_missing_tag,
                 dkim::reason::sig_algorithm_unknown, dkim::reason::sig_canon_unknown, dkim::reason::sig_bad_base64,
                 dkim::reason::sig_bad_domain, dkim::reason::sig_bad_number, dkim::reason::key_not_found,
                 dkim::reason::key_unavailable, dkim::reason::key_multiple_records, dkim::reason::key_syntax,
                 dkim::reason::key_revoked, dkim::reason::key_type_mismatch, dkim::reason::key_hash_not_allowed,
                 dkim::reason::key_service_not_email, dkim::reason::key_too_small, dkim::reason::body_hash_mismatch,
                 dkim::reason::signature_mismatch})
    EXPECT_FALSE(own.count(arc::to_string(arc::sig_reason(d)))) << arc::to_string(arc::sig_reason(d));
}

}  // namespace
