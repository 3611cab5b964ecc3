// mail-auth's ARC sample messages (../shared/conformance/arc-mail-auth, see its SOURCE.md): "owner record"
// lines, a blank line, then the message (LF → CRLF). Upstream expects cv=pass for both; 002.txt seals
// with ed25519-sha256, which RFC 8617 does not define for ARC: authlens accepts ed25519-sha256 keys
// (RFC 8463) in ARC too, so it is expected to pass here as well (an extension, documented in docs/arc.md).
#include <gtest/gtest.h>

#include <iostream>

#include "arc_support.hpp"
#include "authlens/message.hpp"

namespace {

using namespace authlens;
using namespace authlens::conformance::arc_support;

TEST(ArcMailAuth, Samples) {
  std::string d = std::string(AUTHLENS_CONFORMANCE_DIR) + "/arc-mail-auth/";
  if (slurp(d + "001.txt").empty()) GTEST_SKIP() << "arc-mail-auth not present";
  int passed = 0, total = 0;
  for (const char* f : {"001.txt", "002.txt"}) {
    std::string text = slurp(d + f);
    auto blank = text.find("\n\n");
    ASSERT_NE(blank, std::string::npos);
    node txt;
    for (auto line : str::split(std::string_view(text).substr(0, blank), '\n')) {
      auto sp = line.find(' ');
      if (sp == std::string_view::npos) continue;
      node v;
      v.scalar = std::string(line.substr(sp + 1));
      txt.map.push_back(member{std::string(line.substr(0, sp)), v});
    }
    dns::cache c = cache_from(&txt);
    mime::message m = mime::parse(lf_to_crlf(std::string_view(text).substr(blank + 2)));
    arc::evaluation e = validate_offline(c, dkim::view_of(m), 1700000000);
    ++total;
    if (e.cv == arc::chain_status::pass) ++passed;
    else ADD_FAILURE() << f << ": " << arc::to_string(e.cv) << " " << arc::to_string(e.why) << " " << e.detail;
  }
  std::cout << "[arc-mail-auth] " << passed << "/" << total << " pass\n";
}

}  // namespace
