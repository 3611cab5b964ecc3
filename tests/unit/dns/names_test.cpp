// to_string / from_string of rr_type and status, and name normalisation.
#include <gtest/gtest.h>

#include "authlens/dns.hpp"

namespace authlens::dns {
namespace {

TEST(DnsNames, EveryTypeRoundTrips) {
  const rr_type all[] = {rr_type::a,   rr_type::ns,  rr_type::cname, rr_type::soa, rr_type::ptr,
                         rr_type::mx,  rr_type::txt, rr_type::aaaa,  rr_type::spf};
  const char* names[] = {"A", "NS", "CNAME", "SOA", "PTR", "MX", "TXT", "AAAA", "SPF"};
  for (std::size_t i = 0; i < std::size(all); ++i) {
    EXPECT_EQ(to_string(all[i]), names[i]);
    EXPECT_EQ(rr_type_from_string(names[i]), all[i]);
  }
  EXPECT_EQ(rr_type_from_string("txt"), rr_type::txt);
  EXPECT_EQ(rr_type_from_string("Aaaa"), rr_type::aaaa);
  EXPECT_EQ(rr_type_from_string("TYPE16"), rr_type::txt);  // RFC 3597 spelling of a known type
  EXPECT_EQ(rr_type_from_string("type99"), rr_type::spf);
  EXPECT_FALSE(rr_type_from_string("TYPE65"));     // a number we have no enumerator for
  EXPECT_FALSE(rr_type_from_string("TYPE"));
  EXPECT_FALSE(rr_type_from_string("TYPE1x"));
  EXPECT_FALSE(rr_type_from_string("TYPE99999999999"));
  EXPECT_FALSE(rr_type_from_string("CAA"));
  EXPECT_FALSE(rr_type_from_string(""));
  EXPECT_FALSE(rr_type_from_string("A "));
}

TEST(DnsNames, UnknownTypeValuesUseTheGenericSpelling) {
  EXPECT_EQ(to_string(static_cast<rr_type>(65)), "TYPE65");
  EXPECT_EQ(to_string(static_cast<rr_type>(0)), "TYPE0");
  EXPECT_EQ(to_string(static_cast<rr_type>(65535)), "TYPE65535");
  const std::string_view first = to_string(static_cast<rr_type>(257));
  EXPECT_EQ(to_string(static_cast<rr_type>(258)), "TYPE258");
  EXPECT_EQ(first, "TYPE257");  // views stay valid
}

TEST(DnsNames, Statuses) {
  EXPECT_EQ(to_string(status::noerror), "NOERROR");
  EXPECT_EQ(to_string(status::nxdomain), "NXDOMAIN");
  EXPECT_EQ(to_string(status::servfail), "SERVFAIL");
  EXPECT_EQ(to_string(status::timeout), "TIMEOUT");
  for (auto s : {status::noerror, status::nxdomain, status::servfail, status::timeout})
    EXPECT_EQ(status_from_string(to_string(s)), s);
  EXPECT_EQ(status_from_string("nxdomain"), status::nxdomain);
  EXPECT_FALSE(status_from_string("NODATA"));  // NODATA is NOERROR without records
  EXPECT_FALSE(status_from_string("REFUSED"));
}

TEST(DnsNames, Normalize) {
  EXPECT_EQ(normalize_name("Example.COM."), "example.com");
  EXPECT_EQ(normalize_name("example.com"), "example.com");
  EXPECT_EQ(normalize_name("."), "");
  EXPECT_EQ(make_question("_DMARC.Example.org.", rr_type::txt), (question{"_dmarc.example.org", rr_type::txt}));
}

}  // namespace
}  // namespace authlens::dns
