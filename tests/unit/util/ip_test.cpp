// The one IP parser and formatter (authlens/ip.hpp): RFC 791 dotted quads, RFC 4291 §2.2 text forms,
// RFC 5952 canonical output, reverse names, CIDR matching.
#include <gtest/gtest.h>

#include "authlens/ip.hpp"

namespace ip = authlens::ip;

namespace {

std::string canon(std::string_view s) {
  auto a = ip::parse(s);
  return a ? ip::to_string(*a) : "<invalid>";
}

}  // namespace

TEST(Ip, DottedQuadIsStrict) {
  EXPECT_TRUE(ip::parse_v4("0.0.0.0"));
  EXPECT_TRUE(ip::parse_v4("255.255.255.255"));
  EXPECT_EQ(ip::to_string(*ip::parse_v4("192.0.2.1")), "192.0.2.1");
  for (const char* bad : {"", "1", "1.2.3", "1.2.3.4.", ".1.2.3.4", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.04",
                          "1..2.3", "1.2.3.4 ", " 1.2.3.4", "1.2.3.a", "0x1.2.3.4", "1234.1.1.1", "1.2.3.0004"})
    EXPECT_FALSE(ip::parse_v4(bad)) << bad;
}

TEST(Ip, Ipv6TextForms) {
  EXPECT_EQ(canon("::"), "::");
  EXPECT_EQ(canon("::1"), "::1");
  EXPECT_EQ(canon("1::"), "1::");
  EXPECT_EQ(canon("2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
  EXPECT_EQ(canon("2001:db8::0:1"), "2001:db8::1");
  EXPECT_EQ(canon("2001:0db8:0000:0000:0001:0000:0000:0001"), "2001:db8::1:0:0:1");  // first run on a tie
  EXPECT_EQ(canon("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");                  // one zero group stays
  EXPECT_EQ(canon("::1.2.3.4"), "::102:304");
  EXPECT_EQ(canon("64:ff9b::192.0.2.33"), "64:ff9b::c000:221");
  EXPECT_EQ(canon("1:2:3:4:5:6:1.2.3.4"), "1:2:3:4:5:6:102:304");
  for (const char* bad : {":", ":::", "1:::2", "1::2::3", ":1::2", "1::2:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
                          "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "12345::", "g::1", "1.2.3.4::", "::1.2.3",
                          "1:2:3:4:5:6:7:1.2.3.4", "::01.2.3.4", "1:2:3:4:5:6:7:8 ", "[::1"})
    EXPECT_FALSE(ip::parse_v6(bad)) << bad;
}

TEST(Ip, MappedAddressesKeepTheirDottedQuad) {
  // RFC 5952 §5.
  EXPECT_EQ(canon("::ffff:192.0.2.1"), "::ffff:192.0.2.1");
  EXPECT_EQ(canon("::FFFF:c000:0201"), "::ffff:192.0.2.1");
  EXPECT_EQ(ip::to_string(ip::unmap_v4(*ip::parse("::ffff:192.0.2.1"))), "192.0.2.1");
  EXPECT_EQ(canon("::fffe:c000:201"), "::fffe:c000:201");
}

TEST(Ip, LiteralsAndEitherFamily) {
  EXPECT_EQ(canon("[192.0.2.1]"), "192.0.2.1");
  EXPECT_EQ(canon("[IPv6:2001:db8::1]"), "2001:db8::1");
  EXPECT_EQ(canon("ipv6:2001:db8::1"), "2001:db8::1");
  EXPECT_EQ(canon("IPv6:1.2.3.4"), "<invalid>");
  EXPECT_EQ(canon("example.com"), "<invalid>");
}

TEST(Ip, FromWireBytes) {
  const std::uint8_t v4[] = {192, 0, 2, 1};
  const std::uint8_t v6[] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  EXPECT_EQ(ip::to_string(*ip::from_bytes(v4)), "192.0.2.1");
  EXPECT_EQ(ip::to_string(*ip::from_bytes(v6)), "2001:db8::1");
  EXPECT_FALSE(ip::from_bytes(std::span<const std::uint8_t>(v6, 5)));
}

TEST(Ip, ReverseNames) {
  EXPECT_EQ(ip::reverse_name(*ip::parse("192.0.2.1")), "1.2.0.192.in-addr.arpa");
  EXPECT_EQ(ip::reverse_name(*ip::parse("2001:db8::1")),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
}

TEST(Ip, Networks) {
  auto a = *ip::parse("192.0.2.77");
  EXPECT_TRUE(ip::in_network(a, *ip::parse("192.0.2.0"), 24));
  EXPECT_TRUE(ip::in_network(a, *ip::parse("192.0.2.64"), 26));
  EXPECT_FALSE(ip::in_network(a, *ip::parse("192.0.2.0"), 26));
  EXPECT_TRUE(ip::in_network(a, *ip::parse("10.0.0.0"), 0));
  EXPECT_FALSE(ip::in_network(a, *ip::parse("192.0.2.77"), 33));
  EXPECT_FALSE(ip::in_network(a, *ip::parse("::"), 0));  // families differ
  EXPECT_TRUE(ip::in_network(*ip::parse("2001:db8::1"), *ip::parse("2001:db8::"), 32));
  EXPECT_TRUE(ip::is_private(*ip::parse("10.1.2.3")));
  EXPECT_TRUE(ip::is_private(*ip::parse("::ffff:192.168.1.1")));
  EXPECT_TRUE(ip::is_private(*ip::parse("fe80::1")));
  EXPECT_FALSE(ip::is_private(*ip::parse("192.0.2.1")));
  EXPECT_FALSE(ip::is_private(*ip::parse("2001:db8::1")));
}
