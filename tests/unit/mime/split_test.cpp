// mime::split: the header fields and body borrowed from the input, as parse() copies them.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "authlens/message.hpp"

using namespace authlens;
using namespace authlens::mime;

namespace {

// What parse() reports is what split() borrows: the same fields, body, flags and defects.
void expect_same(const message& m, const message_parts& p, const std::string& what) {
  ASSERT_EQ(m.fields.size(), p.fields.size()) << what;
  for (std::size_t i = 0; i < m.fields.size(); ++i) {
    EXPECT_EQ(m.fields[i].raw, p.fields[i].raw) << what << " field " << i;
    EXPECT_EQ(m.fields[i].name, p.fields[i].name) << what << " field " << i;
    EXPECT_EQ(m.fields[i].offset, std::size_t(p.fields[i].raw.data() - p.text.data())) << what << " field " << i;
  }
  EXPECT_EQ(m.body, p.body) << what;
  EXPECT_EQ(m.body_offset, p.body_offset) << what;
  EXPECT_EQ(m.endings, p.endings) << what;
  EXPECT_EQ(m.headers_only, p.headers_only) << what;
  EXPECT_EQ(m.has_separator, p.has_separator) << what;
  EXPECT_EQ(m.mbox_from_line, p.mbox_from_line) << what;
  EXPECT_EQ(m.truncated, p.truncated) << what;
  ASSERT_EQ(m.defects.size(), p.defects.size()) << what;
  for (std::size_t i = 0; i < m.defects.size(); ++i) {
    EXPECT_EQ(m.defects[i].code, p.defects[i].code) << what;
    EXPECT_EQ(m.defects[i].detail, p.defects[i].detail) << what;
  }
}

const std::vector<std::string>& inputs() {
  static const std::vector<std::string> v = {
      "From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n",
      "From: a@example.com\nSubject: hi\n\nbody\nmore\n",                      // bare LF: normalised
      "From: a@example.com\r\nSubject: hi\n\r\nbody\n",                         // mixed
      "From a@example.com Mon Jan 1 00:00:00 2026\r\nFrom: a@example.com\r\n\r\nx",  // mbox line
      "\r\n\r\nFrom: a@example.com\r\n\r\nbody",                                // leading blank lines
      "From: a@example.com\r\nSubject: no line break at the end",              // headers only, no CRLF
      "From: a@example.com\nSubject: no line break, LF input",                  // the same, normalised
      "From: a@example.com\r\nSubject: x\r",                                    // ends in a lone CR
      "From: a@example.com\r\n\tfolded\r\nnot a field\r\n continuation\r\n\r\n",  // malformed, empty body
      " orphan\r\nFrom: a\r\n\r\nbody\r\n\r\n\r\n",
      std::string("Subject: a\0b\r\n\r\nbody", 20),  // NUL in the header block
      "",
      "no header at all",
      "\r\n",
  };
  return v;
}

}  // namespace

TEST(MimeSplit, SameAsParse) {
  for (const auto& in : inputs()) {
    std::string storage;
    message_parts p;
    split(in, storage, p);
    expect_same(parse(in), p, in);
  }
}

TEST(MimeSplit, LimitsAsParse) {
  parse_options o;
  o.max_header_fields = 2;
  o.max_field_size = 20;
  std::string in = "A: 1\r\nB: a value longer than twenty bytes\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\nbody";
  std::string storage;
  message_parts p;
  split(in, storage, p, o);
  expect_same(parse(in, o), p, in);
  EXPECT_TRUE(p.truncated);
}

// One message_parts and one storage reused across messages give what fresh ones give.
TEST(MimeSplit, ReusedAcrossMessages) {
  std::string storage;
  message_parts p;
  for (int round = 0; round < 2; ++round)
    for (const auto& in : inputs()) {
      split(in, storage, p);
      expect_same(parse(in), p, in);
    }
}

// The line-break counts (vector code over 16-byte blocks) against a byte loop, at lengths around
// the block and flush sizes; the mixed-endings defect carries both counts.
TEST(MimeSplit, LineBreakCounts) {
  std::mt19937 rng(16);
  const char alphabet[] = {'\r', '\n', 'a', ' ', '\t'};
  for (std::size_t len : {0, 1, 2, 15, 16, 17, 31, 32, 33, 255 * 16, 255 * 16 + 1, 255 * 16 + 17, 10000}) {
    for (int trial = 0; trial < 8; ++trial) {
      std::string body;
      for (std::size_t i = 0; i < len; ++i) body += alphabet[rng() % 5];
      std::string in = "A: 1\r\nB: 2\n\r\n" + body;  // one CRLF, one bare LF at least: "mixed"
      std::size_t crlf = 0, lf = 0;
      for (std::size_t i = 0; i < in.size(); ++i)
        if (in[i] == '\n') (i > 0 && in[i - 1] == '\r' ? crlf : lf)++;
      std::string storage;
      message_parts p;
      split(in, storage, p);
      ASSERT_FALSE(p.defects.empty());
      EXPECT_EQ(p.defects[0].detail, "the input mixes CRLF and bare LF line endings (" + std::to_string(crlf) +
                                         " CRLF, " + std::to_string(lf) + " LF); normalised to CRLF")
          << "length " << len;
      expect_same(parse(in), p, "random body");
    }
  }
}
