#pragma once
// Did-you-mean: the one edit distance and the one nearest-candidate search, for misspelt rule
// ids, keys, API names and field paths everywhere.
#include <algorithm>
#include <string_view>
#include <vector>

namespace tplguard::util {

// Levenshtein distance between two strings, in bytes.
inline size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

// The candidate nearest to `word` if it is closer than `below` edits (the first of equals),
// else empty. `project` maps a candidate to the text compared (identity by default).
template <typename Range, typename Project>
std::string_view closest(std::string_view word, const Range& candidates, size_t below, Project project) {
  std::string_view best;
  for (const auto& c : candidates) {
    const std::string_view text = project(c);
    const size_t d = edit_distance(word, text);
    if (d < below) {
      below = d;
      best = text;
    }
  }
  return best;
}

template <typename Range>
std::string_view closest(std::string_view word, const Range& candidates, size_t below = 4) {
  return closest(word, candidates, below, [](const auto& c) { return std::string_view(c); });
}

}  // namespace tplguard::util
