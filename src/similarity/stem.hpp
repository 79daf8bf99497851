#pragma once
// "Too similar" for titles and keywords (审核说明 1.2, 2.2), decided on the words of stems.
//
// A stem is the canonical key with the suffix (通知/提醒) removed, split into words
// (segment_stem: the longest match against the thesaurus, contrast and qualifier words and
// fillers; characters no word covers are words of one character), each known word replaced
// by its thesaurus class (付款 -> 支付, 日期 -> 时间, rules/lexicons/synonyms.yaml) and filler
// words (已, 的) dropped; rules::StemBuilder (rules/similarity.hpp) builds them from a rule's
// params. This module knows only the stems, so the rules and the audit share one join.
// Known words may move (订单发货 / 发货订单 have the same words); characters no word covers
// keep their order (生产 / 产生 differ).
//
// Two stems are similar when they have the same words, or when the shorter's words are the
// longer's with a few characters' worth of words left out (订单支付成功 / 支付成功), within a
// declared ratio, and neither names an event of a contrast group the other does not
// (成功/失败, 开始/结束, 支付/退款) or a qualifier the other has not (部分, 自动, 预计): a
// substitution is never similar, so 订单发货 / 订单签收 stay apart. Lengths count
// characters: a class counts as long as its headword, a left-over character as one.
//
// Stem::text is the stem's canonical sequence: the movable word codes sorted, kStemSeparator,
// then the left-over characters in order. "Same words" is equality of texts, and "the
// shorter's words are among the longer's" is "the shorter's text is a subsequence of the
// longer's" (sorted codes: a sub-multiset; the separator aligns the two parts). So the
// audit's index over deletion neighbourhoods stays exact: it deletes codes, counting each
// code's width (stem_code_width) against max_inserted, never the separator.
#include <cstdint>
#include <string>
#include <vector>

namespace tplguard::similarity {

// Codes in Stem::text: a code point (a left-over character, or a class whose headword is
// one character) is below 0x110000; the separator is kStemSeparator; a class with a longer
// headword is kStemWordBase + (class << 5 | headword length).
inline constexpr char32_t kStemSeparator = 0x110000;
inline constexpr char32_t kStemWordBase = 0x200000;
inline constexpr size_t kMaxWordLength = 31;

// Characters a code stands for in a stem's length; the separator is never deleted (0).
inline size_t stem_code_width(char32_t c) {
  if (c < kStemSeparator) return 1;
  if (c == kStemSeparator) return 0;
  return static_cast<size_t>(c & 31u);
}

struct Stem {
  std::u32string text{kStemSeparator};  // see above
  // Contrast members and qualifiers named (group index << 16 | member index), sorted;
  // implicit members left out.
  std::vector<uint32_t> contrasts;
  uint32_t length = 0;  // characters (sum of the code widths)
};

struct SimilarityParams {
  double min_ratio = 0.6;     // shorter / longer stem length
  size_t max_inserted = 3;    // characters the longer stem may add
  size_t min_length = 2;      // shorter stems are only compared for equality
  size_t max_length = 64;     // longer stems are only compared for equality (bounds the index)
};

enum class SimilarReason { none, same_stem, inserted };

// Whether two stems are similar.
SimilarReason compare_stems(const Stem& a, const Stem& b, const SimilarityParams& p);

// The most characters a stem of `length` characters may have beyond a similar shorter one.
size_t max_added_characters(size_t length, const SimilarityParams& p);

}  // namespace tplguard::similarity
