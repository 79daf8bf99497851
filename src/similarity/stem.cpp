#include "similarity/stem.hpp"

#include <algorithm>

namespace tplguard::similarity {

size_t max_added_characters(size_t n, const SimilarityParams& p) {
  size_t d = 0;
  while (d + 1 <= p.max_inserted && d + 1 <= n) {
    const size_t s = n - (d + 1);
    if (s < p.min_length || static_cast<double>(s) < p.min_ratio * static_cast<double>(n)) break;
    ++d;
  }
  return d;
}

SimilarReason compare_stems(const Stem& a, const Stem& b, const SimilarityParams& p) {
  if (a.text == b.text) return SimilarReason::same_stem;
  // Naming different events of a contrast group (or one naming an event or a qualifier the
  // other does not) keeps two stems apart.
  if (a.contrasts != b.contrasts) return SimilarReason::none;
  const Stem& s = a.length <= b.length ? a : b;
  const Stem& l = a.length <= b.length ? b : a;
  if (s.length == l.length) return SimilarReason::none;  // other words, not more words
  if (s.length < p.min_length || l.length > p.max_length) return SimilarReason::none;
  if (l.length - s.length > p.max_inserted) return SimilarReason::none;
  if (static_cast<double>(s.length) < p.min_ratio * static_cast<double>(l.length)) return SimilarReason::none;
  // Is the shorter text a subsequence of the longer? Greedy matching is exact for this test.
  size_t i = 0;
  for (char32_t ch : l.text)
    if (i < s.text.size() && s.text[i] == ch) ++i;
  return i == s.text.size() ? SimilarReason::inserted : SimilarReason::none;
}

}  // namespace tplguard::similarity
