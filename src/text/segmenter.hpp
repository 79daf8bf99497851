#pragma once
// Word boundaries for canonical keys: jieba's dictionary (compiled at build time by
// src/tools/gendict.cpp and linked into the library) and jieba's route search, the split of
// a key into words whose probabilities multiply to the highest value.
//
// Used to decide whether a lexicon term found in a key is a word there (中奖 in 恭喜中奖) or
// characters of two other words (集中|奖励), and to read the words of a title.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace tplguard::text {

class Dictionary {
 public:
  static constexpr uint32_t kNoWord = 0xFFFFFF;

  // The dictionary built into the library.
  static const Dictionary& builtin();

  // Calls fn(length, cost, tag, node) for each dictionary word that starts at key[i],
  // shortest first; `node` identifies the word (see word_node).
  template <typename Fn>
  void words_at(std::u32string_view key, size_t i, Fn&& fn) const {
    if (i >= key.size() || key[i] >= 0x10000 || node_count_ == 0) return;
    uint32_t node = root_[key[i]];
    for (size_t len = 1; node != 0; ++len) {
      const uint32_t info = nodes_[node].info;
      if ((info >> 8) != kNoWord) fn(len, info >> 8, static_cast<uint8_t>(info & 0xFF), node);
      if (i + len >= key.size()) break;
      node = len == 1 ? second(key[i], key[i + 1]) : child(node, key[i + len]);
    }
  }
  // The node of `word` when it is a dictionary word, else 0: a small number that stands for
  // the word, so callers can keep word sets as bit sets (node_count() bits).
  uint32_t word_node(std::u32string_view word) const;
  // Cost (-ln p, thousandths) of `word` when it is a dictionary word, else kNoWord.
  uint32_t cost(std::u32string_view word) const;
  // Part-of-speech tag of `word` (jieba's: n, v, a, d, nr, ns, ...), or "" when not a word.
  std::string_view tag(std::u32string_view word) const;
  std::string_view tag_name(uint8_t tag) const;
  // The tags named, as a mask of the bits char_tags uses.
  uint64_t tag_mask(const std::vector<std::string_view>& names) const;
  // Bit t is set when some dictionary word holding `c` has tag t; all bits for a character
  // outside the BMP (not known, so any tag is possible).
  uint64_t char_tags(char32_t c) const {
    if (c >= 0x10000) return ~uint64_t{0};
    return node_count_ == 0 ? 0 : char_tags_[c];
  }
  // What a character that is no word costs (as a word seen once).
  uint32_t unknown_cost() const { return unknown_cost_; }
  uint32_t node_count() const { return node_count_; }

 private:
  Dictionary(const unsigned char* data, size_t size);
  struct Node {
    uint32_t first;  // first child; the children end where the next node's begin
    uint32_t info;   // cost << 8 | tag
  };
  uint32_t child(uint32_t node, char32_t c) const {
    if (c >= 0x10000) return 0;
    const uint32_t b = nodes_[node].first, e = nodes_[node + 1].first;
    // Most nodes below the first level have a handful of children: a scan beats a search.
    if (e - b <= 8) {
      for (uint32_t k = b; k < e; ++k)
        if (labels_[k] == c) return k;
      return 0;
    }
    return child_search(b, e, c);
  }
  uint32_t child_search(uint32_t b, uint32_t e, char32_t c) const;
  // The node of the two-character prefix c1 c2 (c1 < 0x10000), or 0.
  uint32_t second(char32_t c1, char32_t c2) const {
    if (c2 >= 0x10000) return 0;
    const uint32_t key = static_cast<uint32_t>(c1) << 16 | static_cast<uint32_t>(c2);
    const uint32_t mask = (uint32_t{1} << bigram_bits_) - 1;
    for (uint32_t slot = (key * 0x9E3779B1u) >> (32 - bigram_bits_);; slot = (slot + 1) & mask) {
      const Bigram& b = bigrams_[slot];
      if (b.key == key) return b.node;
      if (b.key == 0) return 0;
    }
  }
  uint32_t find(std::u32string_view word) const;

  uint32_t node_count_ = 0, unknown_cost_ = 0, tag_count_ = 0;
  const char* tags_ = nullptr;
  const uint32_t* root_ = nullptr;
  const Node* nodes_ = nullptr;
  const uint16_t* labels_ = nullptr;
  struct Bigram {
    uint32_t key, node;
  };
  const Bigram* bigrams_ = nullptr;
  const uint64_t* char_tags_ = nullptr;
  uint32_t bigram_bits_ = 0;
};

// One key split into words. Runs of Latin letters or of digits are one word each; a Han
// character no word covers is a word of its own. Reuse one object: compute() keeps buffers.
class Segmentation {
 public:
  struct Word {
    uint32_t begin, end;
    uint32_t node;  // Dictionary::word_node, 0 for a character or run that is no dictionary word
    uint8_t tag;    // Dictionary tag, 0 likewise
  };

  void compute(const Dictionary& dict, std::u32string_view key);
  // The key last computed.
  std::u32string_view key() const { return key_; }
  // The best split, in order.
  const std::vector<Word>& words() const { return words_; }
  // Whether key range [b, e) can be a run of whole words: some split that has word
  // boundaries at b and e (the range itself split at its best) costs at most `tolerance`
  // (thousandths of a nat) more than the best split.
  bool aligned(uint32_t b, uint32_t e, uint32_t tolerance) const;
  // Whether [b, e) lies inside one word of the best split (红包 in 抢红包), as opposed to
  // crossing a boundary between two words (中奖 in 集中|奖励).
  bool inside_word(uint32_t b, uint32_t e) const;
  // Whether [b, e) lies inside one longer dictionary word of the best split (福利 in
  // 社会福利, 首发 in 首发式): a compound the dictionary knows, with a sense of its own.
  bool in_longer_word(uint32_t b, uint32_t e) const;

 private:
  struct Edge {
    uint32_t end, cost, node;
    uint8_t tag;
  };
  std::u32string key_;  // a copy, so the split can be reused for the same text (see segment)
  std::vector<uint32_t> edge_begin_;  // edges of position i: [edge_begin_[i], edge_begin_[i + 1])
  std::vector<Edge> edges_;
  // Cheapest split of key[0, i) and of key[i, n): 64 bits, as a long key's sum of costs
  // (about 10,000 a character) outgrows 32.
  std::vector<uint64_t> fwd_, bwd_;
  std::vector<Word> words_;
  std::vector<uint32_t> word_of_;     // index in words_ of the word holding key[i]
  mutable std::vector<uint64_t> local_;
};

// The split of `key`, from a per-thread memo of the last key split: the rules that read a
// title's words (title-generic, the lexicon rules' word boundaries) split it once between
// them. The reference is valid until the thread's next call.
const Segmentation& segment(const Dictionary& dict, std::u32string_view key);

// A set of words that the words of a Segmentation are looked up in: dictionary words by
// their node (a bit each, no hashing on the hot path), other words by their characters.
class WordSet {
 public:
  void insert(const Dictionary& dict, std::u32string word);
  // Whether `w`, a word of a segmentation of `key`, is in the set.
  bool contains(const Segmentation::Word& w, std::u32string_view key) const {
    if (w.node != 0) return w.node < bits_.size() && bits_[w.node];
    return !others_.empty() && contains_other(key.substr(w.begin, w.end - w.begin));
  }
  bool contains(const Dictionary& dict, std::u32string_view word) const;
  bool empty() const { return size_ == 0; }

 private:
  bool contains_other(std::u32string_view word) const;
  std::vector<bool> bits_;
  std::unordered_set<std::u32string> others_;
  size_t size_ = 0;
};

}  // namespace tplguard::text
