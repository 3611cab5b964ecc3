// Cutting mbox files into messages (authlens/mailbox.hpp; RFC 4155, mboxo / mboxrd quoting).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "authlens/mailbox.hpp"

namespace {

using namespace authlens::mailbox;

std::vector<mbox_message> split(std::string_view text, mbox_options opt = {}, std::size_t step = 0) {
  mbox_reader r(opt);
  std::vector<mbox_message> out;
  if (step == 0) step = text.size() + 1;
  for (std::size_t i = 0; i < text.size(); i += step) {
    r.feed(text.substr(i, step));
    while (auto m = r.take()) out.push_back(std::move(*m));
  }
  r.finish();
  while (auto m = r.take()) out.push_back(std::move(*m));
  return out;
}

const std::string kTwo =
    "From alice@example.com Mon Dec  7 03:20:30 2026\n"
    "From: Alice <alice@example.com>\n"
    "Subject: one\n"
    "\n"
    ">From the start, a quoted line.\n"
    ">>From twice quoted.\n"
    "\n"
    "From bounce@example.net Mon Dec  7 03:21:00 2026\n"
    "From: Bob <bob@example.net>\n"
    "\n"
    "Hello\n"
    "From inside a paragraph stays body text.\n"
    "\n";

TEST(Mbox, TwoMessagesWithMboxrdQuoting) {
  auto ms = split(kTwo);
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].index, 0u);
  EXPECT_EQ(ms[0].separator, "alice@example.com Mon Dec  7 03:20:30 2026");
  EXPECT_EQ(ms[0].bytes,
            "From: Alice <alice@example.com>\nSubject: one\n\nFrom the start, a quoted line.\n>From twice quoted.\n");
  EXPECT_EQ(ms[1].index, 1u);
  EXPECT_EQ(ms[1].separator, "bounce@example.net Mon Dec  7 03:21:00 2026");
  EXPECT_FALSE(ms[1].problem);
  EXPECT_EQ(ms[1].bytes, "From: Bob <bob@example.net>\n\nHello\nFrom inside a paragraph stays body text.\n");
}

TEST(Mbox, UnquotedFromLineAfterAnEmptyLineIsASeparator) {
  // The mbox convention: a writer that does not quote such a line has written two messages.
  auto ms = split("From a@example.com x\nSubject: x\n\nFrom now on, no quoting.\n");
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].bytes, "Subject: x\n");
  EXPECT_EQ(ms[1].separator, "now on, no quoting.");
}

TEST(Mbox, MboxoUnquotesOneLevelOnly) {
  auto ms = split(kTwo, {.unquote = quoting::mboxo});
  ASSERT_GE(ms.size(), 1u);
  EXPECT_EQ(ms[0].bytes,
            "From: Alice <alice@example.com>\nSubject: one\n\nFrom the start, a quoted line.\n>>From twice quoted.\n");
}

TEST(Mbox, FromLineInsideAParagraphIsBody) {
  const std::string text =
      "From a@example.com Thu Jan  1 00:00:00 2026\n"
      "Subject: x\n"
      "\n"
      "Hello\n"
      "From me, regards.\n";
  auto ms = split(text);
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].bytes, "Subject: x\n\nHello\nFrom me, regards.\n");
}

TEST(Mbox, CrlfLinesAndOnlyOneTrailingBlankRemoved) {
  const std::string text =
      "From a@example.com Thu Jan  1 00:00:00 2026\r\n"
      "Subject: x\r\n"
      "\r\n"
      "body\r\n"
      "\r\n"
      "\r\n"
      "From b@example.com Thu Jan  1 00:00:01 2026\r\n"
      "Subject: y\r\n"
      "\r\n"
      "second\r\n";
  auto ms = split(text);
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].separator, "a@example.com Thu Jan  1 00:00:00 2026");
  EXPECT_EQ(ms[0].bytes, "Subject: x\r\n\r\nbody\r\n\r\n");
  EXPECT_EQ(ms[1].bytes, "Subject: y\r\n\r\nsecond\r\n");
}

TEST(Mbox, ByteAtATimeEqualsWhole) {
  auto whole = split(kTwo);
  for (std::size_t step : {1u, 2u, 3u, 7u, 64u}) {
    auto parts = split(kTwo, {}, step);
    ASSERT_EQ(parts.size(), whole.size()) << step;
    for (std::size_t i = 0; i < whole.size(); ++i) {
      EXPECT_EQ(parts[i].bytes, whole[i].bytes) << step;
      EXPECT_EQ(parts[i].separator, whole[i].separator) << step;
    }
  }
}

TEST(Mbox, TextBeforeTheFirstSeparatorIsSkippedAndCounted) {
  mbox_reader r;
  r.feed("garbage\nmore\n\nFrom a@example.com x\nSubject: x\n\nbody\n");
  r.finish();
  auto m = r.take();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->bytes, "Subject: x\n\nbody\n");
  EXPECT_EQ(r.skipped_bytes(), std::string("garbage\nmore\n\n").size());
  EXPECT_FALSE(r.take());
}

TEST(Mbox, OversizedMessageIsReportedAndTheNextOneKept) {
  std::string big = "From a@example.com x\nSubject: big\n\n" + std::string(5000, 'x') + "\n" + std::string(3000, 'y') +
                    "\n\nFrom b@example.com y\nSubject: small\n\nok\n";
  for (std::size_t step : {0u, 1u, 100u}) {
    auto ms = split(big, {.max_message_bytes = 4096}, step);
    ASSERT_EQ(ms.size(), 2u) << step;
    ASSERT_TRUE(ms[0].problem) << step;
    EXPECT_EQ(ms[0].problem->code, "mailbox.message_too_large");
    EXPECT_TRUE(ms[0].bytes.empty());
    EXPECT_FALSE(ms[1].problem);
    EXPECT_EQ(ms[1].bytes, "Subject: small\n\nok\n");
  }
}

TEST(Mbox, EmptyAndSeparatorOnly) {
  EXPECT_TRUE(split("").empty());
  auto ms = split("From a@example.com x");
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].bytes, "");
  EXPECT_EQ(ms[0].separator, "a@example.com x");
}

TEST(Mbox, LooksLikeMbox) {
  EXPECT_TRUE(looks_like_mbox("From a@example.com Thu Jan  1 00:00:00 2026\n"));
  EXPECT_FALSE(looks_like_mbox("From: a@example.com\n"));
  EXPECT_FALSE(looks_like_mbox("Received: from x\n"));
  EXPECT_FALSE(looks_like_mbox("From "));
  EXPECT_EQ(to_string(quoting::mboxo), "mboxo");
}

}  // namespace
