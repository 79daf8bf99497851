// Build-time generator of the canonicalizer's per-code-point tables.
//
// ICU's normalizer and transliterators are the source of truth, but a transliterator call
// per string is slow and transliterators are not thread-safe, so this tool asks ICU once per
// code point and writes plain arrays that the library folds text with.
//
// Output (one C++ file): fold mapping (NFKC + case fold, then traditional -> simplified),
// a class byte per code point (Han, letter, digit, ignorable, emoji, wide, zero-width,
// space) and a toneless pinyin syllable per Han character.
//
// The fold also takes look-alikes and variants to the character they stand for, so that a
// term written with them is still the term:
// - letters of other scripts that UTS #39 (ICU's SpoofChecker) says look like one Latin
//   letter or digit (Cyrillic о, Greek Β), and kana that look like one Han character (ハ);
// - Latin letters with marks folded to the bare letter (tone-marked pinyin: hóngbāo);
// - variant characters from OpenCC's tables (Japanese shinjitai, Hong Kong and Taiwan
//   forms, given as text files on the command line), taken to their traditional form and
//   then simplified, except where the variant is itself an ordinary simplified character
//   (one GB 2312 holds), which keeps its own meaning.
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/uniset.h>
#include <unicode/ucnv.h>
#include <unicode/uspoof.h>

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

// Variant tables as OpenCC's text form: `from<TAB>to [to ...]`, one mapping a line. `reverse`
// reads a table the other way (JPVariants maps traditional to Japanese).
void read_variants(const char* path, bool reverse, std::map<char32_t, char32_t>& out) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "gentables: cannot read " << path << "\n";
    std::exit(1);
  }
  std::string line;
  while (std::getline(in, line)) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const std::u32string from = to_u32(icu::UnicodeString::fromUTF8(line.substr(0, tab)));
    std::string rest = line.substr(tab + 1);
    rest = rest.substr(0, rest.find(' '));
    const std::u32string to = to_u32(icu::UnicodeString::fromUTF8(rest));
    if (from.size() != 1 || to.size() != 1 || from == to) continue;
    if (reverse) out.emplace(to[0], from[0]);
    else out.emplace(from[0], to[0]);
  }
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: tplguard-gentables OUT.cpp [VARIANTS.txt ...] [--reverse VARIANTS.txt ...]\n";
    return 2;
  }
  std::map<char32_t, char32_t> variants;
  for (int i = 2; i < argc; ++i) {
    const bool reverse = std::string(argv[i]) == "--reverse";
    if (reverse && ++i >= argc) break;
    read_variants(argv[i], reverse, variants);
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
  USpoofChecker* spoof = uspoof_open(&e);
  if (U_FAILURE(e)) fail("SpoofChecker", e);
  UConverter* gb2312 = ucnv_open("GB2312", &e);
  if (U_FAILURE(e)) fail("GB2312 converter", e);
  ucnv_setFromUCallBack(gb2312, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &e);
  auto in_gb2312 = [&](UChar32 c) {
    UChar u[2];
    int32_t n = 0;
    U16_APPEND_UNSAFE(u, n, c);
    char out[8];
    UErrorCode ce = U_ZERO_ERROR;
    ucnv_reset(gb2312);
    ucnv_fromUChars(gb2312, out, sizeof out, u, n, &ce);
    return U_SUCCESS(ce);
  };
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(e);
  if (U_FAILURE(e)) fail("NFD", e);
  // The single character UTS #39 takes `c` to, or `c`.
  auto skeleton_of = [&](UChar32 c) -> UChar32 {
    UChar src[2], skel[16];
    int32_t n = 0;
    U16_APPEND_UNSAFE(src, n, c);
    UErrorCode se = U_ZERO_ERROR;
    const int32_t len = uspoof_getSkeleton(spoof, 0, src, n, skel, 16, &se);
    if (U_FAILURE(se) || len < 1 || len > 2) return c;
    UChar32 k;
    int32_t at = 0;
    U16_NEXT(skel, at, len, k);
    return at == len ? k : c;
  };
  // Where UTS #39 takes a Han character to kana (二 -> ニ), the kana stands for the Han one.
  std::map<UChar32, UChar32> han_of_kana;
  for (UChar32 h = 0x4E00; h < 0xA000; ++h) {
    const UChar32 k = skeleton_of(h);
    UErrorCode ke = U_ZERO_ERROR;
    const UScriptCode sc = uscript_getScript(k, &ke);
    if (k != h && (sc == USCRIPT_KATAKANA || sc == USCRIPT_HIRAGANA)) han_of_kana.emplace(k, h);
  }
  // The one character a look-alike stands for, or 0.
  auto look_alike = [&](UChar32 c) -> UChar32 {
    UErrorCode se = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &se);
    if (c < 0x80 || script == USCRIPT_HAN || script == USCRIPT_COMMON || script == USCRIPT_INHERITED) return 0;
    if (!(classify(c) & (CharClass::kLetter | CharClass::kDigit))) return 0;
    if (script == USCRIPT_LATIN) {
      // A Latin letter with marks: the bare letter.
      icu::UnicodeString d = nfd->normalize(icu::UnicodeString(c), se);
      if (U_SUCCESS(se) && d.length() > 1 && d.char32At(0) < 0x80 && u_isalpha(d.char32At(0))) {
        bool marks = true;
        for (int32_t k = U16_LENGTH(d.char32At(0)); k < d.length(); ++k) marks = marks && u_getCombiningClass(d.charAt(k)) > 0;
        if (marks) return u_tolower(d.char32At(0));
      }
    }
    // Other Latin letters are NFKC's business (Ｉ is I): UTS #39 would take I to l.
    if (script == USCRIPT_LATIN) return 0;
    UChar32 k = skeleton_of(c);
    // UTS #39's prototype of both I and l is l; a capital stands for I.
    if (k == U'l' && u_isupper(c)) k = U'i';
    if (script == USCRIPT_KATAKANA || script == USCRIPT_HIRAGANA) {
      auto it = han_of_kana.find(k);
      if (it != han_of_kana.end()) return it->second;
    }
    if (k == c) return 0;
    if (k < 0x80 && (u_isalnum(k))) return u_tolower(k);
    UErrorCode ke = U_ZERO_ERROR;
    if (uscript_getScript(k, &ke) == USCRIPT_HAN && (script == USCRIPT_KATAKANA || script == USCRIPT_HIRAGANA)) return k;
    return 0;
  };

  // fold: code point -> replacement sequence (only code points that change are stored).
  std::map<char32_t, std::u32string> fold;
  for (UChar32 c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    icu::UnicodeString s(c);
    bool changed = false;
    if (auto v = variants.find(static_cast<char32_t>(c)); v != variants.end() && !in_gb2312(c)) {
      s = icu::UnicodeString(static_cast<UChar32>(v->second));
      changed = true;
    } else if (UChar32 k = look_alike(c)) {
      s = icu::UnicodeString(k);
      changed = true;
    }
    icu::UnicodeString n = nfkc_cf->normalize(s, e);
    if (U_FAILURE(e)) fail("normalize", e);
    changed = changed || n != icu::UnicodeString(c);
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
  uspoof_close(spoof);
  ucnv_close(gb2312);

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
