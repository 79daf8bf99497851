#pragma once
// Character classes the canonicalizer and rules use, one byte per code point.
#include <cstdint>

namespace tplguard::text {

struct CharClass {
  static constexpr uint8_t kHan = 1;        // a Han ideograph
  static constexpr uint8_t kLetter = 2;     // any other letter (Latin, kana, ...)
  static constexpr uint8_t kDigit = 4;      // a number character
  static constexpr uint8_t kIgnorable = 8;  // neither letter nor digit: skipped for matching
  static constexpr uint8_t kEmoji = 16;     // pictographic emoji and emoji components
  static constexpr uint8_t kWide = 32;      // East Asian Wide or Fullwidth: two terminal columns
  static constexpr uint8_t kZeroWidth = 64; // marks, format and default-ignorable characters
  static constexpr uint8_t kSpace = 128;    // White_Space
};

}  // namespace tplguard::text
