// Checks that an enum's to_string words form one list: every value from the first enumerator up to
// `last` has a word, and no two values share one (the words are the JSON's stable codes).
#pragma once

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

namespace authlens::test {

/// Every value 0..last of E: to_string(value) is non-empty and distinct. `to_word` is the area's
/// to_string (passed explicitly, since several areas overload the name).
template <class E, class Fn>
void expect_distinct_words(E last, Fn to_word) {
  std::set<std::string, std::less<>> seen;
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    std::string_view w = to_word(static_cast<E>(i));
    EXPECT_FALSE(w.empty()) << "value " << i << " has no word";
    EXPECT_TRUE(seen.emplace(w).second) << "value " << i << " repeats the word '" << w << "'";
  }
}

}  // namespace authlens::test
