#pragma once
// The exact join behind title-duplicate, title-similar and keyword-similar (keywords under
// one title are its "titles"), for a handful of strings, a few titles (lint) and millions
// (audit).
//
// Titles arrive as canonical-key ids (equal canonical titles, equal id; ids numbered in order
// of first occurrence) and each key's stem (similarity/stem.hpp). Duplicates are equal key
// ids. Similar pairs are found on distinct stems: a stem s is similar to a longer stem l when
// s's code sequence is l's with codes worth d characters deleted (similarity/stem.hpp: sorted
// word classes, a separator, left-over characters), d within the rule's bounds (max_inserted,
// min_ratio, min_length) and the contrast sets equal. So every stem's deletion neighbourhood
// (all subsequences with codes worth up to k characters left out, never the separator; each
// code is worth at least one) is looked up in a hash table of the stems,
// and each hit is verified with compare_stems: no pair is missed, none is invented, and the
// work grows with the number of stems rather than its square. `exhaustive` instead compares
// every pair of titles with compare_stems: the reference the fast join is tested against, and
// the cheaper mode for a handful of strings (keyword-similar uses it up to 16 keywords).
//
// Clusters (what an audit reports) partition the distinct titles into stars: every member
// is directly similar to its cluster's representative, so a chain a~b~c does not become one
// group. See docs/audit.md for the algorithm.
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "similarity/stem.hpp"

namespace tplguard::similarity {

inline constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

struct TitleSet {
  std::vector<uint32_t> key;          // per title position: key id
  std::vector<uint32_t> key_stem;     // per key id: stem id
  std::vector<Stem> stems;     // distinct stems
  // Per title position: the part it belongs to, < parts (lint: the linted titles, part 0,
  // and the reference library, part 1; the audit: approved titles, part 0, and proposals,
  // part 1, so that a proposal is reported against an approved title first, as review
  // would). A part's titles need not be adjacent.
  std::vector<uint8_t> part;
  size_t parts = 1;
};

struct JoinOptions {
  unsigned jobs = 0;        // 0: all cores
  bool exhaustive = false;  // compare every pair of titles instead of the index join
  // Called with (done, total) units of work while the join runs; calls are serialized.
  std::function<void(uint64_t, uint64_t)> progress;
};

struct TitleJoin {
  // Per key id: the first title position with that key.
  std::vector<uint32_t> key_first;
  // earliest[part][p]: the first title of `part` (by position) that is similar to title p
  // and has another key, or kNone.
  std::vector<std::vector<uint32_t>> earliest;
  // Per key id: the key id of its cluster's representative (itself for a representative);
  // a key similar to no other key is its own representative in a cluster of one.
  std::vector<uint32_t> center;
  uint64_t stem_pairs = 0;  // similar pairs of distinct stems found (fast join only)
};

TitleJoin join_titles(const TitleSet& set, const SimilarityParams& params, const JoinOptions& options);


}  // namespace tplguard::similarity
