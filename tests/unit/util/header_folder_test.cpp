// The header-field folder the DKIM signer and the ARC sealer share (authlens/strings.hpp).
#include <gtest/gtest.h>

#include <string>

#include "authlens/strings.hpp"

using authlens::str::header_folder;

TEST(HeaderFolder, KeepsShortFieldsOnOneLine) {
  header_folder f("DKIM-Signature:");
  f.add("v=1;", " ");
  f.add("a=rsa-sha256;", " ");
  EXPECT_EQ(f.str(), "DKIM-Signature: v=1; a=rsa-sha256;");
  EXPECT_EQ(f.line(), f.str().size());
}

TEST(HeaderFolder, FoldsBeforeTheTokenThatPassesColumn76) {
  header_folder f(std::string(70, 'x'));
  f.add("12345", " ");  // 70 + 1 + 5 = 76: still fits
  EXPECT_EQ(f.str(), std::string(70, 'x') + " 12345");
  f.add("a", " ");  // 78 > 76: fold, separator dropped
  EXPECT_EQ(f.str(), std::string(70, 'x') + " 12345\r\n\ta");
  EXPECT_EQ(f.line(), 2u);
  f.add("b", "");
  EXPECT_EQ(f.line(), 3u);
}

TEST(HeaderFolder, NeverFoldsAnEmptyContinuationLine) {
  header_folder f("");
  f.add(std::string(100, 'y'), "");  // line 0: nothing to fold before
  EXPECT_EQ(f.str(), std::string(100, 'y'));
  header_folder g("x");
  g.add(std::string(100, 'y'), " ");  // line 1 (a lone tab's width): not folded either
  EXPECT_EQ(g.str(), "x " + std::string(100, 'y'));
}

TEST(HeaderFolder, WrapsALongValueAfterItsTag) {
  std::string value;
  for (int i = 0; i < 200; ++i) value += char('A' + i % 26);
  header_folder f("ARC-Seal: i=1;");
  f.add("b=", " ");  // line 17
  f.add_wrapped(value);
  const std::string& s = f.str();
  // The first piece fills the "b=" line to 76 columns, the rest come in 72-character lines.
  std::string expect = "ARC-Seal: i=1; b=" + value.substr(0, 59) + "\r\n\t" + value.substr(59, 72) + "\r\n\t" +
                       value.substr(131);
  EXPECT_EQ(s, expect);
  // Removing the value leaves "b=" in place (RFC 6376 §3.5 b= tag rules).
  EXPECT_EQ(s.find("b="), std::string("ARC-Seal: i=1; ").size());
}

TEST(HeaderFolder, WrapsAtLeastOneCharacterOnAFullLine) {
  header_folder f(std::string(80, 'z'));
  f.add_wrapped("ABCDEF");
  EXPECT_EQ(f.str(), std::string(80, 'z') + "A\r\n\tBCDEF");
}
