#include "similarity/title_set.hpp"

#include <algorithm>

namespace tplguard::similarity {
namespace {

uint64_t hash_of(std::u32string_view s) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (char32_t c : s) {
    h ^= static_cast<uint64_t>(c);
    h *= 0x100000001B3ull;
  }
  h ^= h >> 31;
  h *= 0x94D049BB133111EBull;
  return h ^ (h >> 29);
}

// Empties `v`, giving its memory back when it was sized for a far larger set than it holds.
template <class V>
void clear_for_reuse(V& v) {
  if (v.capacity() > 4096 && v.size() * 8 < v.capacity())
    V().swap(v);
  else
    v.clear();
}

}  // namespace

void Interner::grow() {
  const size_t cap = slots_.empty() ? 16 : slots_.size() * 2;
  std::vector<uint64_t> hashes(cap, 0);
  std::vector<uint32_t> slots(cap, 0);
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i] == 0) continue;
    for (size_t j = hashes_[i] & (cap - 1);; j = (j + 1) & (cap - 1))
      if (slots[j] == 0) {
        slots[j] = slots_[i];
        hashes[j] = hashes_[i];
        break;
      }
  }
  hashes_.swap(hashes);
  slots_.swap(slots);
}

void Interner::clear() {
  // A table sized for one huge set is given back rather than zeroed on every later call:
  // zeroing costs at most eight slots per string just interned, so reuse stays linear.
  if (slots_.size() > 1024 && size() * 8 < slots_.size()) {
    std::u32string().swap(chars_);
    std::vector<uint64_t>{0}.swap(offsets_);
    std::vector<uint64_t>().swap(hashes_);
    std::vector<uint32_t>().swap(slots_);
    return;
  }
  chars_.clear();
  offsets_.assign(1, 0);
  std::fill(slots_.begin(), slots_.end(), 0);
}

uint32_t Interner::intern(std::u32string_view s, bool& added) {
  if ((size() + 1) * 2 > slots_.size()) grow();
  const uint64_t h = hash_of(s);
  const size_t mask = slots_.size() - 1;
  for (size_t j = h & mask;; j = (j + 1) & mask) {
    if (slots_[j] == 0) {
      const uint32_t id = static_cast<uint32_t>(size());
      chars_.append(s);
      offsets_.push_back(chars_.size());
      slots_[j] = id + 1;
      hashes_[j] = h;
      added = true;
      return id;
    }
    if (hashes_[j] == h && at(slots_[j] - 1) == s) {
      added = false;
      return slots_[j] - 1;
    }
  }
}

void TitleSetBuilder::clear() {
  keys_.clear();
  stem_texts_.clear();
  clear_for_reuse(set_.key);
  clear_for_reuse(set_.key_stem);
  clear_for_reuse(set_.stems);
  clear_for_reuse(set_.part);
  set_.parts = 1;
}

uint32_t TitleSetBuilder::add(std::u32string_view key, const Stem& stem, uint8_t part) {
  bool added = false;
  const uint32_t k = keys_.intern(key, added);
  if (added) {
    bool new_stem = false;
    const uint32_t s = stem_texts_.intern(stem.text, new_stem);
    if (new_stem) set_.stems.push_back(stem);
    set_.key_stem.push_back(s);
  }
  set_.key.push_back(k);
  set_.part.push_back(part);
  set_.parts = std::max<size_t>(set_.parts, size_t{part} + 1);
  return k;
}

}  // namespace tplguard::similarity
