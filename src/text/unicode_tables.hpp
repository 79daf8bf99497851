#pragma once
// Look-ups into the tables generated from ICU at build time (see src/tools/gentables.cpp).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "text/unicode_class.hpp"

namespace tplguard::text {
namespace tables {
struct FoldEntry {
  char32_t cp;
  uint32_t packed;  // offset into kFoldPool << 8 | length
};
struct ClassRange {
  uint32_t first, last;
  uint8_t flags;
};
extern const char32_t kFoldPool[];
extern const FoldEntry kFoldEntries[];
extern const size_t kFoldEntryCount;
extern const uint32_t kFoldBmpBits[2048];
extern const uint8_t kClassBmp[65536];
extern const ClassRange kClassRanges[];
extern const size_t kClassRangeCount;
extern const char* const kSyllables[];
extern const size_t kSyllableCount;
extern const uint16_t kHanPinyin[0xA000 - 0x3400];
}  // namespace tables

// Class flags of a code point (CharClass bits).
inline uint8_t char_class(char32_t c) {
  if (c < 0x10000) return tables::kClassBmp[c];
  const auto* end = tables::kClassRanges + tables::kClassRangeCount;
  const auto* it = std::upper_bound(tables::kClassRanges, end, static_cast<uint32_t>(c),
                                    [](uint32_t v, const tables::ClassRange& r) { return v < r.first; });
  if (it == tables::kClassRanges) return CharClass::kIgnorable;
  --it;
  return c <= it->last ? it->flags : CharClass::kIgnorable;
}

// The canonical (NFKC, case-folded, simplified) form of one code point: a view into the pool,
// or `self` (a one-element buffer the caller owns) when the code point folds to itself.
inline std::u32string_view fold_char(char32_t c, char32_t& self) {
  if (c < 0x10000 && !(tables::kFoldBmpBits[c >> 5] & (1u << (c & 31)))) {
    self = c;
    return {&self, 1};
  }
  const auto* end = tables::kFoldEntries + tables::kFoldEntryCount;
  const auto* it = std::lower_bound(tables::kFoldEntries, end, c,
                                    [](const tables::FoldEntry& e, char32_t v) { return e.cp < v; });
  if (it != end && it->cp == c)
    return {tables::kFoldPool + (it->packed >> 8), it->packed & 0xFF};
  self = c;
  return {&self, 1};
}

// Toneless pinyin syllable of a Han character as an id in [1, syllable_count()), or 0.
// Only characters in [kHanSyllableBegin, kHanSyllableEnd) have one.
inline constexpr char32_t kHanSyllableBegin = 0x3400, kHanSyllableEnd = 0xA000;
inline uint16_t syllable_of(char32_t c) {
  return c < kHanSyllableBegin || c >= kHanSyllableEnd ? 0 : tables::kHanPinyin[c - kHanSyllableBegin];
}
inline size_t syllable_count() { return tables::kSyllableCount; }
inline std::string_view syllable_name(uint16_t id) {
  return id && id < tables::kSyllableCount ? std::string_view(tables::kSyllables[id]) : std::string_view();
}

// Toneless pinyin of a Han character, or an empty view.
inline std::string_view pinyin_of(char32_t c) {
  if (c < 0x3400 || c >= 0xA000) return {};
  uint16_t id = tables::kHanPinyin[c - 0x3400];
  return id ? std::string_view(tables::kSyllables[id]) : std::string_view();
}

}  // namespace tplguard::text
