#pragma once
// Terminal display width of characters: CJK and full-width forms take two columns, marks
// and format characters none. Used to align carets under Chinese text.
#include "text/unicode_tables.hpp"

namespace tplguard::text {

inline int display_width(char32_t c) {
  const uint8_t cls = char_class(c);
  if (cls & CharClass::kZeroWidth) return 0;
  return (cls & CharClass::kWide) ? 2 : 1;
}

}  // namespace tplguard::text
