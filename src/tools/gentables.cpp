// Build-time generator of the canonicalizer's per-code-point tables.
//
// ICU's normalizer and transliterators are the source of truth, but a transliterator call
// per string is slow and transliterators are not thread-safe, so this tool asks ICU once per
// code point and writes plain arrays that the library folds text with.
//
// Output (one C++ file): fold mapping (NFKC + case fold, then traditional -> simplified),
// a class byte per code point (Han, letter, digit, ignorable, emoji, wide, zero-width,
// space) and a toneless pinyin syllable per Han character.
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/uniset.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "text/unicode_class.hpp"

namespace {

using tplguard::text::CharClass;

std::u32string to_u32(const icu::UnicodeString& s) {
  std::u32string out;
  for (int32_t i = 0; i < s.length();) {
    UChar32 c = s.char32At(i);
    out.push_back(static_cast<char32_t>(c));
    i += U16_LENGTH(c);
  }
  return out;
}

uint8_t classify(UChar32 c) {
  uint8_t f = 0;
  const int8_t gc = static_cast<int8_t>(u_charType(c));
  const bool han = u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) ||
                   [&] { UErrorCode se = U_ZERO_ERROR; return uscript_getScript(c, &se) == USCRIPT_HAN; }();
  const bool letter = u_isalpha(c) != 0 && gc != U_NON_SPACING_MARK && gc != U_COMBINING_SPACING_MARK;
  const bool digit = gc == U_DECIMAL_DIGIT_NUMBER || gc == U_LETTER_NUMBER || gc == U_OTHER_NUMBER;
  if (han && letter) f |= CharClass::kHan;
  else if (letter) f |= CharClass::kLetter;
  else if (digit) f |= CharClass::kDigit;
  else f |= CharClass::kIgnorable;
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
      u_hasBinaryProperty(c, UCHAR_REGIONAL_INDICATOR) ||
      u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER) ||
      (u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION) && !digit && !letter))
    f |= CharClass::kEmoji;
  const int eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  if (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) f |= CharClass::kWide;
  if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK || gc == U_FORMAT_CHAR ||
      u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
    f |= CharClass::kZeroWidth;
  if (u_hasBinaryProperty(c, UCHAR_WHITE_SPACE)) f |= CharClass::kSpace;
  return f;
}

// Separator before the i-th array element: a newline every `per_line` elements.
const char* sep(size_t i, size_t per_line) {
  if (i == 0) return "\n";
  return i % per_line ? "," : ",\n";
}

void fail(const char* what, UErrorCode e) {
  std::cerr << "gentables: " << what << ": " << u_errorName(e) << "\n";
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: tplguard-gentables OUT.cpp\n";
    return 2;
  }
  UErrorCode e = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(e);
  if (U_FAILURE(e)) fail("NFKC_Casefold", e);
  std::unique_ptr<icu::Transliterator> t2s(
      icu::Transliterator::createInstance("Hant-Hans", UTRANS_FORWARD, e));
  if (U_FAILURE(e)) fail("Hant-Hans", e);
  std::unique_ptr<icu::Transliterator> pinyin(
      icu::Transliterator::createInstance("Han-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, e));
  if (U_FAILURE(e)) fail("Han-Latin", e);

  icu::UnicodeSet t2s_source;
  t2s->getSourceSet(t2s_source);

  // fold: code point -> replacement sequence (only code points that change are stored).
  std::map<char32_t, std::u32string> fold;
  for (UChar32 c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    icu::UnicodeString s(c);
    icu::UnicodeString n = nfkc_cf->normalize(s, e);
    if (U_FAILURE(e)) fail("normalize", e);
    bool changed = n != s;
    if (n.length() > 0 && t2s_source.containsSome(n)) {
      icu::UnicodeString t = n;
      t2s->transliterate(t);
      if (t != n) {
        n = nfkc_cf->normalize(t, e);
        changed = true;
      }
    }
    if (changed) fold[static_cast<char32_t>(c)] = to_u32(n);
  }

  // pinyin syllables for Han characters of the BMP (the extensions hold rare characters).
  std::vector<std::string> syllables{""};
  std::map<std::string, uint16_t> syllable_id;
  std::vector<uint16_t> han_pinyin(0xA000 - 0x3400, 0);
  for (UChar32 c = 0x3400; c < 0xA000; ++c) {
    if (!(classify(c) & CharClass::kHan)) continue;
    icu::UnicodeString s(c);
    pinyin->transliterate(s);
    std::string out;
    s.toUTF8String(out);
    bool ascii = !out.empty();
    for (char ch : out) ascii = ascii && ch >= 'a' && ch <= 'z';
    if (!ascii) continue;
    auto [it, fresh] = syllable_id.emplace(out, static_cast<uint16_t>(syllables.size()));
    if (fresh) syllables.push_back(out);
    han_pinyin[c - 0x3400] = it->second;
  }

  std::ofstream o(argv[1]);
  o << "// Generated by tplguard-gentables from ICU " << U_ICU_VERSION << ". Do not edit.\n";
  o << "#include \"text/unicode_tables.hpp\"\n";
  o << "namespace tplguard::text::tables {\n";

  // Fold pool and index.
  std::u32string pool;
  std::vector<std::pair<char32_t, uint32_t>> entries;  // cp -> (offset << 8 | length)
  for (auto& [cp, rep] : fold) {
    uint32_t off = static_cast<uint32_t>(pool.size());
    pool += rep;
    entries.emplace_back(cp, (off << 8) | static_cast<uint32_t>(rep.size()));
  }
  o << "const char32_t kFoldPool[] = {";
  for (size_t i = 0; i < pool.size(); ++i) o << sep(i, 16) << static_cast<uint32_t>(pool[i]);
  o << ",0};\n";
  o << "const FoldEntry kFoldEntries[] = {";
  for (size_t i = 0; i < entries.size(); ++i)
    o << sep(i, 8) << "{" << static_cast<uint32_t>(entries[i].first) << "u," << entries[i].second << "u}";
  o << "};\n";
  o << "const size_t kFoldEntryCount = " << entries.size() << ";\n";
  // A bit per BMP code point that has an entry: most text folds to itself, so the common
  // case costs one bit test instead of a binary search.
  std::vector<uint32_t> bits(2048, 0);
  for (auto& [cp, packed] : entries)
    if (cp < 0x10000) bits[cp >> 5] |= 1u << (cp & 31);
  o << "const uint32_t kFoldBmpBits[2048] = {";
  for (size_t i = 0; i < bits.size(); ++i) o << sep(i, 16) << bits[i] << "u";
  o << "};\n";

  // Class table: BMP direct, the rest as ranges of equal class.
  o << "const uint8_t kClassBmp[65536] = {";
  for (UChar32 c = 0; c < 0x10000; ++c) o << sep(c, 32) << int(classify(c));
  o << "};\n";
  std::vector<std::tuple<uint32_t, uint32_t, uint8_t>> ranges;
  for (UChar32 c = 0x10000; c <= 0x10FFFF; ++c) {
    uint8_t f = classify(c);
    if (!ranges.empty() && std::get<2>(ranges.back()) == f && std::get<1>(ranges.back()) + 1 == uint32_t(c))
      std::get<1>(ranges.back()) = c;
    else
      ranges.emplace_back(c, c, f);
  }
  o << "const ClassRange kClassRanges[] = {";
  for (size_t i = 0; i < ranges.size(); ++i)
    o << sep(i, 8) << "{" << std::get<0>(ranges[i]) << "u," << std::get<1>(ranges[i]) << "u," << int(std::get<2>(ranges[i])) << "}";
  o << "};\n";
  o << "const size_t kClassRangeCount = " << ranges.size() << ";\n";

  // Pinyin.
  o << "const char* const kSyllables[] = {";
  for (size_t i = 0; i < syllables.size(); ++i) o << sep(i, 16) << "\"" << syllables[i] << "\"";
  o << "};\n";
  o << "const size_t kSyllableCount = " << syllables.size() << ";\n";
  o << "const uint16_t kHanPinyin[" << han_pinyin.size() << "] = {";
  for (size_t i = 0; i < han_pinyin.size(); ++i) o << sep(i, 32) << han_pinyin[i];
  o << "};\n";
  o << "}  // namespace tplguard::text::tables\n";
  if (!o) {
    std::cerr << "gentables: cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
