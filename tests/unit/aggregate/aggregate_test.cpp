// DMARC aggregate reports: containers, tolerant XML, merge, CSV. Vectors in tests/data/aggregate/.
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <sstream>

#include "authlens/aggregate.hpp"
#include "authlens/base64.hpp"
#include "authlens/report.hpp"
#include "unit/test_data.hpp"

namespace agg = authlens::aggregate;

namespace {

std::string slurp(const std::string& name) { return authlens::test::data_text("aggregate/" + name); }

std::string gzip_of(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, 16 + 15, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

bool has_defect(const agg::report& r, const std::string& code) {
  for (const auto& d : r.defects)
    if (d.code == code) return true;
  return false;
}

}  // namespace

TEST(Aggregate, PlainXml) {
  auto r = agg::parse(slurp("minimal.xml"));
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->from, agg::container::xml);
  EXPECT_EQ(r->format, agg::schema::rfc7489);
  EXPECT_EQ(r->meta.org_name, "Reporter A");
  EXPECT_EQ(r->meta.report_id, "r-1");
  EXPECT_EQ(r->meta.begin, 1700000000);
  EXPECT_EQ(r->published.domain, "example.com");
  ASSERT_EQ(r->records.size(), 3u);
  EXPECT_EQ(r->messages(), 16u);
  EXPECT_EQ(r->records[2].dkim, "fail");           // upper case normalised
  EXPECT_EQ(r->records[2].header_from, "example.com");
  EXPECT_TRUE(r->defects.empty());
}

TEST(Aggregate, GzipAndZipGiveTheSameReport) {
  auto plain = agg::parse(slurp("minimal.xml"));
  auto gz = agg::parse(slurp("minimal.xml.gz"));
  auto zip = agg::parse(slurp("minimal.zip"));
  ASSERT_TRUE(gz.ok()) << gz.err().message;
  ASSERT_TRUE(zip.ok()) << zip.err().message;
  EXPECT_EQ(gz->from, agg::container::gzip);
  EXPECT_EQ(zip->from, agg::container::zip);
  EXPECT_EQ(gz->messages(), plain->messages());
  EXPECT_EQ(zip->records.size(), plain->records.size());
}

TEST(Aggregate, GzipBombIsRefused) {
  std::string big = "<feedback>" + std::string(4u << 20, ' ') + "</feedback>";
  agg::parse_options o;
  o.max_xml_bytes = 1u << 20;
  auto r = agg::parse(gzip_of(big), o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "aggregate.gzip.too_large");
  auto ratio = agg::parse(gzip_of(big));  // within the size limit, but a ~1000:1 ratio (limit 500:1)
  ASSERT_FALSE(ratio.ok());
  EXPECT_EQ(ratio.err().code, "aggregate.gzip.too_large");
}

TEST(Aggregate, CorruptContainers) {
  std::string gz = slurp("minimal.xml.gz");
  auto cut = agg::parse(gz.substr(0, gz.size() / 2));
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.err().code, "aggregate.gzip.corrupt");
  std::string zip = slurp("minimal.zip");
  auto zcut = agg::parse(zip.substr(0, 40));
  EXPECT_FALSE(zcut.ok());
  EXPECT_EQ(agg::parse("").err().code, "aggregate.input.empty");
  EXPECT_EQ(agg::parse("\x01\x02garbage").err().code, "aggregate.input.unknown_format");
  EXPECT_EQ(agg::parse("<html><body/></html>").err().code, "aggregate.xml.not_a_report");
}

TEST(Aggregate, GzipTrailerIsChecked) {
  // zlib's gzip mode checks each member's CRC-32 and ISIZE (RFC 1952 §2.3.1).
  std::string xml = slurp("minimal.xml");
  std::string gz = gzip_of(xml);
  ASSERT_TRUE(agg::gunzip(gz).ok());
  std::string bad_crc = gz;
  bad_crc[bad_crc.size() - 8] = char(bad_crc[bad_crc.size() - 8] ^ 0x01);
  auto crc = agg::gunzip(bad_crc);
  ASSERT_FALSE(crc.ok());
  EXPECT_EQ(crc.err().code, "aggregate.gzip.corrupt");
  EXPECT_NE(crc.err().message.find("CRC-32"), std::string::npos) << crc.err().message;
  EXPECT_EQ(agg::parse(bad_crc).err().code, "aggregate.gzip.corrupt");
  std::string bad_size = gz;
  bad_size[bad_size.size() - 4] = char(bad_size[bad_size.size() - 4] ^ 0x01);
  auto size = agg::gunzip(bad_size);
  ASSERT_FALSE(size.ok());
  EXPECT_EQ(size.err().code, "aggregate.gzip.corrupt");
  EXPECT_NE(size.err().message.find("length"), std::string::npos) << size.err().message;
  // A member cut inside its trailer is incomplete.
  auto cut = agg::gunzip(gz.substr(0, gz.size() - 3));
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.err().code, "aggregate.gzip.corrupt");
}

TEST(Aggregate, GzipMembersJoinAndTrailingBytesAreIgnored) {
  auto two = agg::gunzip(gzip_of("<feed") + gzip_of("back/>") + std::string("\0\0garbage", 9));
  ASSERT_TRUE(two.ok()) << two.err().message;
  EXPECT_EQ(*two, "<feedback/>");
  std::string gz = gzip_of("abc");
  gz[3] = char(gz[3] | 0x02);  // FHCRC announced, but no header CRC follows: the header no longer parses
  EXPECT_FALSE(agg::gunzip(gz).ok());
  std::string not_deflate = gzip_of("abc");
  not_deflate[2] = 7;
  EXPECT_EQ(agg::gunzip(not_deflate).err().message, "gzip compression method is not deflate");
}

TEST(Aggregate, ZipEntryCrcIsChecked) {
  std::string zip = slurp("minimal.zip");
  ASSERT_TRUE(agg::unzip(zip).ok());
  // The central directory's CRC-32 (offset 16 of a "PK\1\2" header) is what a reader trusts.
  auto cd = zip.find("PK\x01\x02");
  ASSERT_NE(cd, std::string::npos);
  std::string bad = zip;
  bad[cd + 16] = char(bad[cd + 16] ^ 0x01);
  auto r = agg::unzip(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "aggregate.zip.corrupt");
  EXPECT_NE(r.err().message.find("CRC-32"), std::string::npos) << r.err().message;
  EXPECT_EQ(agg::parse(bad).err().code, "aggregate.zip.corrupt");
  // Without a central directory the local header's CRC-32 (offset 14) is checked.
  std::string local_only = zip.substr(0, cd);
  ASSERT_TRUE(agg::unzip(local_only).ok()) << agg::unzip(local_only).err().message;
  local_only[14] = char(local_only[14] ^ 0x01);
  auto l = agg::unzip(local_only);
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.err().code, "aggregate.zip.corrupt");
  // A damaged byte inside the data is caught too.
  std::string damaged = zip;
  std::size_t data = 30 + std::size_t(std::uint8_t(zip[26])) + std::size_t(std::uint8_t(zip[28]));
  damaged[data + 5] = char(damaged[data + 5] ^ 0x20);
  EXPECT_FALSE(agg::unzip(damaged).ok());
}

TEST(Aggregate, StrayLessThanIsRepaired) {
  std::string xml = slurp("minimal.xml");
  auto at = xml.find("<email>dmarc@a.example</email>");
  xml.replace(at, 30, "<email><dmarc@a.example></email>");
  auto at2 = xml.find("<header_from>example.com");
  xml.replace(at2, 24, "<header_from>exa<mple.com");
  auto r = agg::parse(xml);
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_TRUE(has_defect(*r, "aggregate.xml.repaired"));
  EXPECT_EQ(r->records.size(), 3u);
  EXPECT_EQ(r->meta.email, "<dmarc@a.example>");
  EXPECT_EQ(r->records[0].header_from, "exa<mple.com");
}

TEST(Aggregate, ReportInAnEmail) {
  std::string gz = slurp("minimal.xml.gz");
  std::string b64;
  const std::string flat = authlens::base64::encode(gz);
  for (std::size_t i = 0; i < flat.size(); i += 76) b64 += flat.substr(i, 76) + "\r\n";
  std::string eml =
      "From: dmarc@a.example\r\nTo: rua@example.com\r\nSubject: Report domain: example.com\r\n"
      "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
      "--b1\r\nContent-Type: text/plain\r\n\r\nThis is a DMARC report.\r\n"
      "--b1\r\nContent-Type: application/gzip; name=\"a.xml.gz\"\r\nContent-Transfer-Encoding: base64\r\n"
      "Content-Disposition: attachment; filename=\"a.xml.gz\"\r\n\r\n" +
      b64 + "\r\n--b1--\r\n";
  auto r = agg::parse(eml);
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->from, agg::container::eml);
  EXPECT_EQ(r->messages(), 16u);
  auto none = agg::parse("From: a@b.example\r\nSubject: hi\r\n\r\nno report here\r\n");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.err().code, "aggregate.eml.no_report");
}

TEST(Aggregate, AnEmailIsReadForItsFirstReadableReport) {
  // Attachments in order: one that is not a report, then two reports. The first report is read, the
  // second is counted as a defect; with only the unreadable one, the error says why it failed.
  const std::string bad = "--b1\r\nContent-Type: application/gzip; name=\"bad.xml.gz\"\r\n\r\nnot gzip at all\r\n";
  const std::string good = "--b1\r\nContent-Type: text/xml; name=\"a.xml\"\r\n\r\n" + slurp("minimal.xml") + "\r\n";
  const std::string head = "From: dmarc@a.example\r\nMIME-Version: 1.0\r\n"
                           "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n";
  auto two = agg::parse(head + bad + good + good + "--b1--\r\n");
  ASSERT_TRUE(two.ok()) << two.err().message;
  EXPECT_EQ(two->from, agg::container::eml);
  EXPECT_EQ(two->messages(), 16u);
  EXPECT_TRUE(has_defect(*two, "aggregate.eml.extra_reports"));
  auto only_bad = agg::parse(head + bad + "--b1--\r\n");
  ASSERT_FALSE(only_bad.ok());
  EXPECT_EQ(only_bad.err().code, "aggregate.eml.no_report");
  EXPECT_NE(only_bad.err().message.find("could not be read"), std::string::npos) << only_bad.err().message;
}

TEST(Aggregate, MergeAndSendersToFix) {
  auto a = agg::parse(slurp("minimal.xml"));
  ASSERT_TRUE(a.ok());
  std::vector<agg::report> reports{*a, *a};  // the same report twice: counted once
  auto s = agg::merge(reports);
  EXPECT_EQ(s.reports, 1u);
  EXPECT_EQ(s.duplicates, 1u);
  EXPECT_EQ(s.messages, 16u);
  EXPECT_EQ(s.dmarc.dmarc_pass, 10u);
  EXPECT_EQ(s.dmarc.dmarc_fail, 6u);
  ASSERT_EQ(s.sources.size(), 3u);
  EXPECT_EQ(s.sources[0].ip, "192.0.2.1");
  ASSERT_EQ(s.by_header_from.size(), 1u);
  EXPECT_EQ(s.by_header_from[0].dkim_unaligned, 6u);
  ASSERT_EQ(s.senders_to_fix.size(), 2u);
  EXPECT_EQ(s.senders_to_fix[0].ip, "198.51.100.7");
  EXPECT_EQ(s.senders_to_fix[0].why, agg::fix_reason::dkim_not_aligned);
  EXPECT_EQ(s.senders_to_fix[0].dkim_domains, std::vector<std::string>{"sendgrid.net"});
  EXPECT_EQ(s.senders_to_fix[1].why, agg::fix_reason::unauthenticated);
  ASSERT_EQ(s.days.size(), 1u);
  EXPECT_EQ(s.days[0].day, 1700000000 - 1700000000 % 86400);
}

TEST(Aggregate, Csv) {
  auto a = agg::parse(slurp("minimal.xml"));
  std::vector<agg::report> reports{*a};
  std::string csv = agg::to_csv(reports);
  EXPECT_EQ(csv.substr(0, 18), "org_name,report_id");
  EXPECT_NE(csv.find("Reporter A,r-1,1700000000,1700086399,example.com,none,198.51.100.7,4,none,fail,fail,fail,"
                     "example.com,,sendgrid.net,pass,bounces.sendgrid.net,pass\r\n"),
            std::string::npos);
}

TEST(Aggregate, Json) {
  std::vector<authlens::report::aggregate_file> files;
  files.push_back({"minimal.xml", agg::parse(slurp("minimal.xml"))});
  files.push_back({"empty", agg::parse("")});
  auto j = authlens::report::aggregate_to_json(files);
  EXPECT_EQ(j["schema"], "authlens/dmarc-aggregate/v1");
  EXPECT_EQ(j["counts"]["parsed"], 1);
  EXPECT_EQ(j["counts"]["error"], 1);
  EXPECT_EQ(j["files"][1]["error"]["code"], "aggregate.input.empty");
  EXPECT_EQ(j["summary"]["messages"], 16);
  EXPECT_EQ(j["summary"]["senders_to_fix"][0]["why"], "dkim_not_aligned");
}

TEST(Aggregate, LooseAlignment) {
  EXPECT_TRUE(agg::loosely_aligned("example.com", "mail.example.com"));
  EXPECT_TRUE(agg::loosely_aligned("EXAMPLE.com", "example.com"));
  EXPECT_FALSE(agg::loosely_aligned("sendgrid.net", "example.com"));
  EXPECT_FALSE(agg::loosely_aligned("xexample.com", "example.com"));
  EXPECT_FALSE(agg::loosely_aligned("example.com", "com"));
}
