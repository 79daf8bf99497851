#include "text/segmenter.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "text/unicode_tables.hpp"

// The dictionary blob, written by tplguard-gendict and embedded by dictionary_blob.S.
extern "C" const unsigned char tplguard_dictionary_blob[];
extern "C" const unsigned char tplguard_dictionary_blob_end[];

namespace tplguard::text {

namespace {
uint32_t read32(const unsigned char* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}
}  // namespace

Dictionary::Dictionary(const unsigned char* data, size_t size) {
  // The blob is built with the library; a bad one is a build defect, so it is checked once
  // and an empty dictionary (no words: every character stands alone) is the fallback.
  if (size < 24 || std::memcmp(data, "TGD2", 4) != 0) return;
  const uint32_t n = read32(data + 4), tags = read32(data + 12), bits = read32(data + 16);
  const size_t header = 24 + size_t{tags} * 8;
  const size_t labels = (size_t{n} * 2 + 7) / 8 * 8;
  if (n == 0 || bits < 1 || bits > 30 ||
      size != header + 65536 * 4 + (size_t{n} + 1) * 8 + labels + (size_t{1} << bits) * 8 + 65536 * 8 ||
      reinterpret_cast<uintptr_t>(data) % 8 != 0)
    return;
  node_count_ = n;
  unknown_cost_ = read32(data + 8);
  tag_count_ = tags;
  tags_ = reinterpret_cast<const char*>(data + 24);
  root_ = reinterpret_cast<const uint32_t*>(data + header);
  nodes_ = reinterpret_cast<const Node*>(root_ + 65536);
  labels_ = reinterpret_cast<const uint16_t*>(nodes_ + n + 1);
  bigrams_ = reinterpret_cast<const Bigram*>(reinterpret_cast<const unsigned char*>(labels_) + labels);
  char_tags_ = reinterpret_cast<const uint64_t*>(bigrams_ + (size_t{1} << bits));
  bigram_bits_ = bits;
}

const Dictionary& Dictionary::builtin() {
  static const Dictionary dict(tplguard_dictionary_blob,
                               static_cast<size_t>(tplguard_dictionary_blob_end - tplguard_dictionary_blob));
  return dict;
}

uint32_t Dictionary::child_search(uint32_t b, uint32_t e, char32_t c) const {
  // Interpolation: the second characters of words under a first one spread fairly evenly
  // over the Han block, so a guess from the ends lands within a few places (two or three
  // probes where a binary search over hundreds of children takes eight, each a cache miss).
  uint32_t lo = b, hi = e - 1;
  while (hi - lo > 8) {
    const uint32_t a = labels_[lo], z = labels_[hi];
    if (c < a || c > z) return 0;
    if (a == z) break;
    const uint32_t guess = lo + static_cast<uint32_t>(uint64_t{c - a} * (hi - lo) / (z - a));
    const uint32_t g = labels_[guess];
    if (g == c) return guess;
    if (g < c)
      lo = guess + 1;
    else
      hi = guess - 1;
    if (lo > hi) return 0;
  }
  for (uint32_t k = lo; k <= hi; ++k)
    if (labels_[k] == c) return k;
  return 0;
}

uint32_t Dictionary::find(std::u32string_view word) const {
  if (node_count_ == 0 || word.empty() || word[0] >= 0x10000) return 0;
  uint32_t node = root_[word[0]];
  for (size_t i = 1; i < word.size() && node != 0; ++i) node = i == 1 ? second(word[0], word[1]) : child(node, word[i]);
  return node;
}

uint32_t Dictionary::cost(std::u32string_view word) const {
  const uint32_t node = find(word);
  return node == 0 ? kNoWord : nodes_[node].info >> 8;
}

uint32_t Dictionary::word_node(std::u32string_view word) const {
  const uint32_t node = find(word);
  return node != 0 && (nodes_[node].info >> 8) != kNoWord ? node : 0;
}

std::string_view Dictionary::tag(std::u32string_view word) const {
  const uint32_t node = word_node(word);
  if (node == 0) return {};
  return tag_name(static_cast<uint8_t>(nodes_[node].info & 0xFF));
}

uint64_t Dictionary::tag_mask(const std::vector<std::string_view>& names) const {
  uint64_t mask = 0;
  for (uint32_t t = 1; t < tag_count_ && t < 64; ++t)
    for (std::string_view n : names)
      if (tag_name(static_cast<uint8_t>(t)) == n) mask |= uint64_t{1} << t;
  return mask;
}

std::string_view Dictionary::tag_name(uint8_t tag) const {
  if (tag >= tag_count_) return {};
  const char* p = tags_ + size_t{tag} * 8;
  return {p, strnlen(p, 8)};
}

namespace {
enum class Run { han, latin, digit, other };
Run run_of(char32_t c) {
  if (c < 0x80) return c >= U'0' && c <= U'9' ? Run::digit : Run::latin;
  const uint8_t cls = char_class(c);
  if (cls & CharClass::kHan) return Run::han;
  if (cls & CharClass::kDigit) return Run::digit;
  return Run::other;
}
constexpr uint64_t kInfinite = std::numeric_limits<uint64_t>::max() / 4;
}  // namespace

void Segmentation::compute(const Dictionary& dict, std::u32string_view key) {
  key_.assign(key);
  const auto n = static_cast<uint32_t>(key.size());
  edges_.clear();
  edge_begin_.resize(n + 1);
  fwd_.assign(n + 1, kInfinite);
  fwd_[0] = 0;
  // Edges and the forward costs in one pass: every edge goes forward, so fwd_[i] is final
  // when position i is reached.
  Run prev = Run::other;
  for (uint32_t i = 0; i < n; ++i) {
    edge_begin_[i] = static_cast<uint32_t>(edges_.size());
    const Run r = run_of(key[i]);
    if (r == Run::latin || r == Run::digit) {
      // Only the whole run is a word: a split inside "hongbao" or "2024" is no boundary.
      if (prev != r) {
        uint32_t j = i + 1;
        while (j < n && run_of(key[j]) == r) ++j;
        edges_.push_back({j, dict.unknown_cost(), 0, 0});
      }
    } else {
      // A character no word starts with is a word of its own; jieba's dictionary holds
      // nearly every Han character, so this edge is rarely needed.
      const size_t first_edge = edges_.size();
      edges_.push_back({i + 1, dict.unknown_cost(), 0, 0});
      dict.words_at(key, i, [&](size_t len, uint32_t cost, uint8_t tag, uint32_t node) {
        if (len == 1)
          edges_[first_edge] = {i + 1, cost, node, tag};
        else
          edges_.push_back({i + static_cast<uint32_t>(len), cost, node, tag});
      });
    }
    prev = r;
    if (fwd_[i] == kInfinite) continue;
    for (size_t k = edge_begin_[i]; k < edges_.size(); ++k) {
      const Edge& e = edges_[k];
      fwd_[e.end] = std::min(fwd_[e.end], fwd_[i] + e.cost);
    }
  }
  edge_begin_[n] = static_cast<uint32_t>(edges_.size());

  bwd_.resize(n + 1);
  bwd_[n] = 0;
  for (uint32_t i = n; i-- > 0;) {
    uint64_t best = kInfinite;
    for (uint32_t k = edge_begin_[i]; k < edge_begin_[i + 1]; ++k)
      best = std::min(best, edges_[k].cost + bwd_[edges_[k].end]);
    bwd_[i] = best;
  }

  // The best split, as jieba reads it: from the start, the edge on a cheapest route (on a tie
  // the longer word, as jieba's max() over (probability, end) prefers).
  words_.clear();
  word_of_.resize(n);
  for (uint32_t i = 0; i < n;) {
    const Edge* best = nullptr;
    uint64_t best_cost = kInfinite;
    for (uint32_t k = edge_begin_[i]; k < edge_begin_[i + 1]; ++k) {
      const Edge& e = edges_[k];
      if (bwd_[e.end] == kInfinite) continue;
      const uint64_t total = e.cost + bwd_[e.end];
      if (!best || total < best_cost || (total == best_cost && e.end > best->end)) {
        best = &e;
        best_cost = total;
      }
    }
    const uint32_t end = best ? best->end : i + 1;
    for (uint32_t k = i; k < end; ++k) word_of_[k] = static_cast<uint32_t>(words_.size());
    words_.push_back({i, end, best ? best->node : 0, best ? best->tag : uint8_t{0}});
    i = end;
  }
}

bool Segmentation::aligned(uint32_t b, uint32_t e, uint32_t tolerance) const {
  const auto n = static_cast<uint32_t>(key_.size());
  if (b >= e || e > n || fwd_[b] == kInfinite || bwd_[e] == kInfinite) return false;
  // Cheapest split of key[b, e) on its own.
  local_.assign(e - b + 1, kInfinite);
  local_[0] = 0;
  for (uint32_t i = b; i < e; ++i) {
    if (local_[i - b] == kInfinite) continue;
    for (uint32_t k = edge_begin_[i]; k < edge_begin_[i + 1]; ++k)
      if (edges_[k].end <= e)
        local_[edges_[k].end - b] = std::min(local_[edges_[k].end - b], local_[i - b] + edges_[k].cost);
  }
  if (local_[e - b] == kInfinite) return false;
  return fwd_[b] + local_[e - b] + bwd_[e] <= bwd_[0] + tolerance;
}

bool Segmentation::inside_word(uint32_t b, uint32_t e) const {
  if (b >= e || e > word_of_.size()) return false;
  return word_of_[b] == word_of_[e - 1];
}

bool Segmentation::in_longer_word(uint32_t b, uint32_t e) const {
  if (!inside_word(b, e)) return false;
  const Word& w = words_[word_of_[b]];
  return w.node != 0 && (w.begin < b || w.end > e);
}

const Segmentation& segment(const Dictionary& dict, std::u32string_view key) {
  thread_local Segmentation memo;
  thread_local const Dictionary* memo_dict = nullptr;
  if (memo_dict != &dict || memo.key() != key) {
    memo.compute(dict, key);
    memo_dict = &dict;
  }
  return memo;
}

void WordSet::insert(const Dictionary& dict, std::u32string word) {
  ++size_;
  if (const uint32_t node = dict.word_node(word); node != 0) {
    if (bits_.size() <= node) bits_.resize(dict.node_count() + 1);
    bits_[node] = true;
    return;
  }
  others_.insert(std::move(word));
}

bool WordSet::contains(const Dictionary& dict, std::u32string_view word) const {
  if (const uint32_t node = dict.word_node(word); node != 0) return node < bits_.size() && bits_[node];
  return contains_other(word);
}

bool WordSet::contains_other(std::u32string_view word) const {
  thread_local std::u32string probe;  // no allocation once grown
  probe.assign(word);
  return others_.count(probe) != 0;
}

}  // namespace tplguard::text
