#pragma once
// The canonical form every rule matches on.
//
// A field value is decoded once into code points; its *key* is the value folded (NFKC, case
// fold, traditional -> simplified, width) with ignorable characters (spaces, punctuation,
// symbols, zero-width and format characters) left out, so "紅-包", "红 包" and "ｈｏｎｇ包" all
// reach the same letters. `key_src` maps every key character back to the original character
// it came from, so findings point at what the user wrote.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tplguard::text {

// Byte offset of the first ill-formed UTF-8 sequence, or nullopt when `s` is valid.
std::optional<size_t> find_invalid_utf8(std::string_view s);

// Decodes valid UTF-8 into code points; `byte_of` gets the byte offset of each one plus a
// final entry equal to s.size().
void decode_utf8(std::string_view s, std::u32string& cps, std::vector<uint32_t>& byte_of);

std::string to_utf8(std::u32string_view s);
void append_utf8(std::string& out, char32_t c);

struct Canonical {
  std::u32string original;        // the value's code points
  std::vector<uint32_t> byte_of;  // byte offset of original[i] in the value; size() + 1 entries
  std::u32string key;             // folded letters and digits only
  std::vector<uint32_t> key_src;  // key[i] came from original[key_src[i]]

  // Original code-point range [first, last) covered by key range [kb, ke).
  std::pair<uint32_t, uint32_t> original_range(size_t kb, size_t ke) const {
    if (kb >= ke || ke > key_src.size()) return {0, 0};
    return {key_src[kb], key_src[ke - 1] + 1};
  }
};

// The pinyin spelling of a key, for catching terms written in pinyin ("hongbao", "hong包").
struct PinyinKey {
  std::string text;              // lowercase ASCII
  std::vector<uint32_t> src;     // key index of each byte of text
  std::vector<uint8_t> boundary; // text.size() + 1 flags: a syllable may start/end here
  std::vector<uint8_t> latin;    // per byte: came from a Latin letter the user typed
  bool has_latin = false;
};

class Canonicalizer {
 public:
  // `substitutions` maps single code points (emoji such as U+1F9E7) to the text they stand for;
  // the text is canonicalized too and replaces the code point in keys.
  explicit Canonicalizer(const std::unordered_map<char32_t, std::string>& substitutions = {});

  // `utf8` must be valid UTF-8 (see find_invalid_utf8). Reuses `out`'s buffers.
  void canonicalize(std::string_view utf8, Canonical& out) const;
  // The key of a string, for building lexicons and comparing terms.
  std::u32string key_of(std::string_view utf8) const;
  // `utf8` folded character by character, ignorable characters kept (for shape checks such as
  // "is this example a date", where punctuation matters).
  std::string fold_text(std::string_view utf8) const;
  // The same from code points already decoded (a Canonical's `original`), into `out`.
  void fold_text(std::u32string_view cps, std::string& out) const;
  // Pinyin spelling of `c.key`.
  void pinyin(const Canonical& c, PinyinKey& out) const;
  // Pinyin of a key made only of Han characters (empty when a character has none).
  std::string pinyin_of_key(std::u32string_view key) const;

 private:
  std::unordered_map<char32_t, std::u32string> substitutions_;
  char32_t substitution_min_ = 0x10FFFF, substitution_max_ = 0;  // skips the map for most text
};

}  // namespace tplguard::text
