#pragma once
// Word boundaries for canonical keys: jieba's dictionary (compiled at build time by
// src/tools/gendict.cpp and linked into the library) and jieba's route search, the split of
// a key into words whose probabilities multiply to the highest value.
//
// Used to decide whether a lexicon term found in a key is a word there (中奖 in 恭喜中奖) or
// characters of two other words (集中|奖励), and to read the words of a title.
#include <cstdint>
#include <string_view>
#include <vector>

namespace tplguard::text {

class Dictionary {
 public:
  static constexpr uint32_t kNoWord = 0xFFFFFF;

  // The dictionary built into the library.
  static const Dictionary& builtin();

  // Calls fn(length, cost, tag) for each dictionary word that starts at key[i], shortest first.
  template <typename Fn>
  void words_at(std::u32string_view key, size_t i, Fn&& fn) const {
    if (i >= key.size() || key[i] >= 0x10000) return;
    uint32_t node = root_[key[i]];
    for (size_t len = 1; node != 0; ++len) {
      const uint32_t info = info_[node];
      if ((info >> 8) != kNoWord) fn(len, info >> 8, static_cast<uint8_t>(info & 0xFF));
      if (i + len >= key.size()) break;
      node = child(node, key[i + len]);
    }
  }
  // Cost (-ln p, thousandths) of `word` when it is a dictionary word, else kNoWord.
  uint32_t cost(std::u32string_view word) const;
  // Part-of-speech tag of `word` (jieba's: n, v, a, d, nr, ns, ...), or "" when not a word.
  std::string_view tag(std::u32string_view word) const;
  std::string_view tag_name(uint8_t tag) const;
  // What a character that is no word costs (as a word seen once).
  uint32_t unknown_cost() const { return unknown_cost_; }
  uint32_t node_count() const { return node_count_; }

 private:
  Dictionary(const unsigned char* data, size_t size);
  uint32_t child(uint32_t node, char32_t c) const;
  uint32_t find(std::u32string_view word) const;

  uint32_t node_count_ = 0, unknown_cost_ = 0, tag_count_ = 0;
  const char* tags_ = nullptr;
  const uint32_t *root_ = nullptr, *label_ = nullptr, *first_ = nullptr, *count_ = nullptr, *info_ = nullptr;
};

// One key split into words. Runs of Latin letters or of digits are one word each; a Han
// character no word covers is a word of its own. Reuse one object: compute() keeps buffers.
class Segmentation {
 public:
  struct Word {
    uint32_t begin, end;
    uint8_t tag;  // Dictionary tag, 0 for a character or run that is no dictionary word
  };

  void compute(const Dictionary& dict, std::u32string_view key);
  // The best split, in order.
  const std::vector<Word>& words() const { return words_; }
  // Whether key range [b, e) can be a run of whole words: some split that has word
  // boundaries at b and e (the range itself split at its best) costs at most `tolerance`
  // (thousandths of a nat) more than the best split.
  bool aligned(uint32_t b, uint32_t e, uint32_t tolerance) const;
  // Whether [b, e) lies inside one word of the best split (红包 in 抢红包), as opposed to
  // crossing a boundary between two words (中奖 in 集中|奖励).
  bool inside_word(uint32_t b, uint32_t e) const;

 private:
  struct Edge {
    uint32_t end, cost;
    uint8_t tag;
  };
  std::u32string_view key_;
  std::vector<uint32_t> edge_begin_;  // edges of position i: [edge_begin_[i], edge_begin_[i + 1])
  std::vector<Edge> edges_;
  // Cheapest split of key[0, i) and of key[i, n): 64 bits, as a long key's sum of costs
  // (about 10,000 a character) outgrows 32.
  std::vector<uint64_t> fwd_, bwd_;
  std::vector<Word> words_;
  std::vector<uint32_t> word_of_;     // index in words_ of the word holding key[i]
  mutable std::vector<uint64_t> local_;
};

}  // namespace tplguard::text
