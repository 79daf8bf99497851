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
  if (size < 16 || std::memcmp(data, "TGD1", 4) != 0) return;
  const uint32_t n = read32(data + 4), tags = read32(data + 12);
  const size_t header = 16 + size_t{tags} * 8;
  if (size != header + (65536 + size_t{n} * 4) * 4 || reinterpret_cast<uintptr_t>(data) % 4 != 0) return;
  node_count_ = n;
  unknown_cost_ = read32(data + 8);
  tag_count_ = tags;
  tags_ = reinterpret_cast<const char*>(data + 16);
  const auto* arrays = reinterpret_cast<const uint32_t*>(data + header);
  root_ = arrays;
  label_ = root_ + 65536;
  first_ = label_ + n;
  count_ = first_ + n;
  info_ = count_ + n;
}

const Dictionary& Dictionary::builtin() {
  static const Dictionary dict(tplguard_dictionary_blob,
                               static_cast<size_t>(tplguard_dictionary_blob_end - tplguard_dictionary_blob));
  return dict;
}

uint32_t Dictionary::child(uint32_t node, char32_t c) const {
  const uint32_t* begin = label_ + first_[node];
  const uint32_t* end = begin + count_[node];
  const uint32_t* it = std::lower_bound(begin, end, static_cast<uint32_t>(c));
  return it != end && *it == c ? static_cast<uint32_t>(it - label_) : 0;
}

uint32_t Dictionary::find(std::u32string_view word) const {
  if (node_count_ == 0 || word.empty() || word[0] >= 0x10000) return 0;
  uint32_t node = root_[word[0]];
  for (size_t i = 1; i < word.size() && node != 0; ++i) node = child(node, word[i]);
  return node;
}

uint32_t Dictionary::cost(std::u32string_view word) const {
  const uint32_t node = find(word);
  return node == 0 ? kNoWord : info_[node] >> 8;
}

std::string_view Dictionary::tag(std::u32string_view word) const {
  const uint32_t node = find(word);
  if (node == 0 || (info_[node] >> 8) == kNoWord) return {};
  return tag_name(static_cast<uint8_t>(info_[node] & 0xFF));
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
  key_ = key;
  const auto n = static_cast<uint32_t>(key.size());
  edges_.clear();
  edge_begin_.assign(n + 1, 0);
  for (uint32_t i = 0; i < n; ++i) {
    edge_begin_[i] = static_cast<uint32_t>(edges_.size());
    const Run r = run_of(key[i]);
    if (r == Run::latin || r == Run::digit) {
      uint32_t j = i + 1;
      while (j < n && run_of(key[j]) == r) ++j;
      // Only the whole run is a word: a split inside "hongbao" or "2024" is no boundary.
      if (i == 0 || run_of(key[i - 1]) != r) edges_.push_back({j, dict.unknown_cost(), 0});
      continue;
    }
    bool single = false;
    dict.words_at(key, i, [&](size_t len, uint32_t cost, uint8_t tag) {
      edges_.push_back({i + static_cast<uint32_t>(len), cost, tag});
      single = single || len == 1;
    });
    if (!single) edges_.insert(edges_.begin() + edge_begin_[i], Edge{i + 1, dict.unknown_cost(), 0});
  }
  edge_begin_[n] = static_cast<uint32_t>(edges_.size());

  fwd_.assign(n + 1, kInfinite);
  fwd_[0] = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (fwd_[i] == kInfinite) continue;
    for (uint32_t k = edge_begin_[i]; k < edge_begin_[i + 1]; ++k)
      fwd_[edges_[k].end] = std::min(fwd_[edges_[k].end], fwd_[i] + edges_[k].cost);
  }
  bwd_.assign(n + 1, kInfinite);
  bwd_[n] = 0;
  for (uint32_t i = n; i-- > 0;)
    for (uint32_t k = edge_begin_[i]; k < edge_begin_[i + 1]; ++k)
      bwd_[i] = std::min(bwd_[i], edges_[k].cost + bwd_[edges_[k].end]);

  // The best split, as jieba reads it: from the start, the edge on a cheapest route (on a tie
  // the longer word, as jieba's max() over (probability, end) prefers).
  words_.clear();
  word_of_.assign(n, 0);
  for (uint32_t i = 0; i < n;) {
    const Edge* best = nullptr;
    for (uint32_t k = edge_begin_[i]; k < edge_begin_[i + 1]; ++k) {
      const Edge& e = edges_[k];
      if (bwd_[e.end] == kInfinite) continue;
      if (!best || e.cost + bwd_[e.end] < best->cost + bwd_[best->end] ||
          (e.cost + bwd_[e.end] == best->cost + bwd_[best->end] && e.end > best->end))
        best = &e;
    }
    const uint32_t end = best ? best->end : i + 1;
    for (uint32_t k = i; k < end; ++k) word_of_[k] = static_cast<uint32_t>(words_.size());
    words_.push_back({i, end, best ? best->tag : uint8_t{0}});
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

}  // namespace tplguard::text
