#pragma once
// Gathering titles for the join: canonical keys and stems interned to dense ids, compactly
// (one arena of characters, an open-addressing table of ids), so a million titles cost a
// few tens of bytes each.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "similarity/title_join.hpp"

namespace tplguard::similarity {

// Distinct strings of code points, numbered in order of first appearance.
class Interner {
 public:
  // The id of `s`, adding it when new (`added` says which).
  uint32_t intern(std::u32string_view s, bool& added);
  size_t size() const { return offsets_.size() - 1; }
  void clear();  // keeps the memory for reuse, unless it was sized for a far larger set
  std::u32string_view at(uint32_t id) const {
    return std::u32string_view(chars_).substr(offsets_[id], offsets_[id + 1] - offsets_[id]);
  }

 private:
  void grow();
  std::u32string chars_;
  std::vector<uint64_t> offsets_{0};
  std::vector<uint64_t> hashes_;  // per slot
  std::vector<uint32_t> slots_;   // id + 1, 0 = empty
};

// Builds a TitleSet title by title.
class TitleSetBuilder {
 public:
  // Adds a title of `part` (TitleSet::part) by its canonical key; `stem` is its stem (only
  // read when the key is new). Returns the key id.
  uint32_t add(std::u32string_view key, const Stem& stem, uint8_t part = 0);
  void clear();  // keeps the memory: a builder per thread serves every template's keywords
  const TitleSet& set() const { return set_; }
  TitleSet& set() { return set_; }
  std::u32string_view key_text(uint32_t key) const { return keys_.at(key); }

 private:
  Interner keys_, stem_texts_;
  TitleSet set_;
};

}  // namespace tplguard::similarity
