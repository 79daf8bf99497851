#include "text/canonical.hpp"

#include <algorithm>
#include <unicode/utf8.h>

#include <unordered_set>

#include "text/unicode_tables.hpp"

namespace tplguard::text {

std::optional<size_t> find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  // Large inputs are checked in int32-sized pieces' worth of offsets; callers cap sizes.
  if (s.size() > static_cast<size_t>(INT32_MAX)) return INT32_MAX;
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return static_cast<size_t>(start);
  }
  return std::nullopt;
}

void decode_utf8(std::string_view s, std::u32string& cps, std::vector<uint32_t>& byte_of) {
  // Sized once for the worst case (a code point per byte), written through pointers and
  // trimmed: this runs for every field of every template, and push_back per character
  // showed in profiles. The buffers are reused, so the sizing rarely allocates.
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  if (cps.size() < s.size()) cps.resize(s.size());
  if (byte_of.size() < s.size() + 1) byte_of.resize(s.size() + 1);
  char32_t* out = cps.data();
  uint32_t* at = byte_of.data();
  size_t k = 0;
  int32_t i = 0;
  while (i < n) {
    at[k] = static_cast<uint32_t>(i);
    if (p[i] < 0x80) {  // ASCII: digits, Latin letters, punctuation of examples
      out[k++] = p[i++];
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    out[k++] = c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
  }
  at[k] = static_cast<uint32_t>(n);
  cps.resize(k);
  byte_of.resize(k + 1);
}

void append_utf8(std::string& out, char32_t c) {
  char buf[4];
  int32_t len = 0;
  UBool err = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, static_cast<UChar32>(c), err);
  if (!err) out.append(buf, static_cast<size_t>(len));
}

std::string to_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t c : s) append_utf8(out, c);
  return out;
}

Canonicalizer::Canonicalizer(const std::unordered_map<char32_t, std::string>& substitutions) {
  for (const auto& [cp, text] : substitutions) {
    // Keys of substitution texts are computed without substitutions, so they cannot recurse.
    substitutions_.emplace(cp, key_of(text));
    substitution_min_ = std::min(substitution_min_, cp);
    substitution_max_ = std::max(substitution_max_, cp);
  }
}

void Canonicalizer::canonicalize(std::string_view utf8, Canonical& out) const {
  decode_utf8(utf8, out.original, out.byte_of);
  out.key.clear();
  out.key_src.clear();
  char32_t self;
  for (uint32_t i = 0; i < out.original.size(); ++i) {
    const char32_t c = out.original[i];
    if (c >= substitution_min_ && c <= substitution_max_) {
      if (auto it = substitutions_.find(c); it != substitutions_.end()) {
        for (char32_t k : it->second) {
          out.key.push_back(k);
          out.key_src.push_back(i);
        }
        continue;
      }
    }
    for (char32_t f : fold_char(c, self)) {
      if (char_class(f) & CharClass::kIgnorable) continue;
      out.key.push_back(f);
      out.key_src.push_back(i);
    }
  }
}

std::u32string Canonicalizer::key_of(std::string_view utf8) const {
  Canonical c;
  canonicalize(utf8, c);
  return std::move(c.key);
}

std::string Canonicalizer::fold_text(std::string_view utf8) const {
  std::u32string cps;
  std::vector<uint32_t> offsets;
  decode_utf8(utf8, cps, offsets);
  std::string out;
  fold_text(cps, out);
  return out;
}

void Canonicalizer::fold_text(std::u32string_view cps, std::string& out) const {
  out.clear();
  out.reserve(cps.size() * 3);
  char32_t self;
  for (char32_t c : cps)
    for (char32_t f : fold_char(c, self)) append_utf8(out, f);
}

namespace {

bool is_ascii_lower(char32_t c) { return c >= U'a' && c <= U'z'; }

const std::unordered_set<std::string_view>& syllable_set() {
  static const std::unordered_set<std::string_view> set = [] {
    std::unordered_set<std::string_view> s;
    for (size_t i = 1; i < tables::kSyllableCount; ++i) s.insert(tables::kSyllables[i]);
    return s;
  }();
  return set;
}

// Marks the positions inside a run of Latin letters where a pinyin syllable may begin or end:
// positions reachable from the run's start by whole syllables and from which the run's end is
// reachable too. A run that is not all pinyin (an English word) keeps only its two ends.
void mark_syllable_boundaries(std::string_view run, uint8_t* boundary) {
  constexpr size_t kMaxSyllable = 6;
  const auto& syl = syllable_set();
  const size_t n = run.size();
  std::vector<uint8_t> fwd(n + 1, 0), bwd(n + 1, 0);
  fwd[0] = 1;
  for (size_t i = 0; i < n; ++i) {
    if (!fwd[i]) continue;
    for (size_t len = 1; len <= kMaxSyllable && i + len <= n; ++len)
      if (syl.count(run.substr(i, len))) fwd[i + len] = 1;
  }
  bwd[n] = 1;
  for (size_t i = n; i-- > 0;) {
    for (size_t len = 1; len <= kMaxSyllable && i + len <= n; ++len)
      if (bwd[i + len] && syl.count(run.substr(i, len))) {
        bwd[i] = 1;
        break;
      }
  }
  boundary[0] = boundary[n] = 1;
  if (!fwd[n]) return;
  for (size_t i = 1; i < n; ++i) boundary[i] = fwd[i] && bwd[i];
}

}  // namespace

void Canonicalizer::pinyin(const Canonical& c, PinyinKey& out) const {
  out.text.clear();
  out.src.clear();
  out.latin.clear();
  out.boundary.assign(1, 1);
  out.has_latin = false;
  const auto& key = c.key;
  for (size_t i = 0; i < key.size();) {
    const char32_t ch = key[i];
    if (is_ascii_lower(ch)) {
      size_t j = i;
      const size_t start = out.text.size();
      while (j < key.size() && is_ascii_lower(key[j])) {
        out.text.push_back(static_cast<char>(key[j]));
        out.src.push_back(static_cast<uint32_t>(j));
        out.latin.push_back(1);
        ++j;
      }
      out.boundary.resize(out.text.size() + 1, 0);
      mark_syllable_boundaries(std::string_view(out.text).substr(start), out.boundary.data() + start);
      out.has_latin = true;
      i = j;
      continue;
    }
    std::string_view syl = pinyin_of(ch);
    if (syl.empty() && ch < 0x80) syl = std::string_view();  // digits: kept out of pinyin
    for (char s : syl) {
      out.text.push_back(s);
      out.src.push_back(static_cast<uint32_t>(i));
      out.latin.push_back(0);
      out.boundary.push_back(0);
    }
    out.boundary.back() = 1;
    ++i;
  }
  out.boundary.resize(out.text.size() + 1, 0);
  out.boundary.back() = 1;
}

std::string Canonicalizer::pinyin_of_key(std::u32string_view key) const {
  std::string out;
  for (char32_t ch : key) {
    std::string_view syl = pinyin_of(ch);
    if (syl.empty()) return {};
    out += syl;
  }
  return out;
}

}  // namespace tplguard::text
