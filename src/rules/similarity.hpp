#pragma once
// "Too similar" for titles and keywords (审核说明 1.2, 2.2), decided on the words of stems.
//
// A stem is the canonical key with the suffix (通知/提醒) removed, split into words
// (segment_stem: the longest match against the thesaurus, contrast and qualifier words and
// fillers; characters no word covers are words of one character), each known word replaced
// by its thesaurus class (付款 -> 支付, 日期 -> 时间, rules/lexicons/synonyms.yaml) and filler
// words (已, 的) dropped. Known words may move (订单发货 / 发货订单 have the same words);
// characters no word covers keep their order (生产 / 产生 differ).
//
// Two stems are similar when they have the same words, or when the shorter's words are the
// longer's with a few characters' worth of words left out (订单支付成功 / 支付成功), within a
// declared ratio, and neither names an event of a contrast group the other does not
// (成功/失败, 开始/结束, 支付/退款) or a qualifier the other has not (部分, 自动, 预计): a
// substitution is never similar, so 订单发货 / 订单签收 stay apart. Lengths count
// characters: a class counts as long as its headword, a left-over character as one.
//
// Stem::text is the stem's canonical sequence: the movable word codes sorted, kStemSeparator,
// then the left-over characters in order. "Same words" is equality of texts, and "the
// shorter's words are among the longer's" is "the shorter's text is a subsequence of the
// longer's" (sorted codes: a sub-multiset; the separator aligns the two parts). So the
// audit's index over deletion neighbourhoods stays exact: it deletes codes, counting each
// code's width (stem_code_width) against max_inserted, never the separator.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_kind.hpp"

namespace tplguard::rules {

// Codes in Stem::text: a code point (a left-over character, or a class whose headword is
// one character) is below 0x110000; the separator is kStemSeparator; a class with a longer
// headword is kStemWordBase + (class << 5 | headword length).
inline constexpr char32_t kStemSeparator = 0x110000;
inline constexpr char32_t kStemWordBase = 0x200000;
inline constexpr size_t kMaxWordLength = 31;

// Characters a code stands for in a stem's length; the separator is never deleted (0).
inline size_t stem_code_width(char32_t c) {
  if (c < kStemSeparator) return 1;
  if (c == kStemSeparator) return 0;
  return static_cast<size_t>(c & 31u);
}

struct Stem {
  std::u32string text{kStemSeparator};  // see above
  // Contrast members and qualifiers named (group index << 16 | member index), sorted;
  // implicit members left out.
  std::vector<uint32_t> contrasts;
  uint32_t length = 0;  // characters (sum of the code widths)
};

struct SimilarityParams {
  double min_ratio = 0.6;     // shorter / longer stem length
  size_t max_inserted = 3;    // characters the longer stem may add
  size_t min_length = 2;      // shorter stems are only compared for equality
  size_t max_length = 64;     // longer stems are only compared for equality (bounds the index)
};

// A word of a stem: [begin, end) in the stem's characters.
struct StemSpan {
  uint32_t begin, end;
};

// The words of a stem's characters, as given to StemBuilder (the lexicon lookup).
class WordLexicon {
 public:
  // The word (index given to add) spelt by s[begin, end), or -1.
  int32_t find(std::u32string_view s) const;
  // The longest word that starts at s[at] and ends at or before `limit`; its length (0: none).
  size_t longest_at(std::u32string_view s, size_t at, size_t limit, int32_t* word) const;
  // Every word that starts at s[at] and ends at or before `limit`: (length, word), shortest first.
  void prefixes(std::u32string_view s, size_t at, size_t limit, std::vector<std::pair<uint32_t, int32_t>>& out) const;
  void add(std::u32string_view word, int32_t id);

 private:
  struct Node {
    std::vector<std::pair<char32_t, uint32_t>> next;  // sorted
    int32_t word = -1;
  };
  int32_t child(uint32_t node, char32_t c) const;
  std::vector<Node> nodes_{Node{}};
};

// The one place a stem is split into words. For now: the longest match against `lexicon`
// from left to right, characters no word covers as words of one character. A dictionary
// segmenter may replace it: StemBuilder then keeps the words the lexicon knows, joins
// segments that together spell a lexicon word (未 + 通过), and splits a segment the lexicon
// does not know by the same longest match inside it (订单号 -> 订 单 号), so the measure sees
// the same words whatever the segmenter's granularity.
void segment_stem(std::u32string_view stem, const WordLexicon& lexicon, std::vector<StemSpan>& out);

class StemBuilder {
 public:
  // Reads `suffixes`, `fillers`, `synonyms` (file) and `contrasts` (file) from the params.
  StemBuilder(const CompileContext& ctx, bool strip_suffix);
  void stem(const text::Canonical& c, Stem& out) const;
  // The stem of `chars` (a key with the suffix already off) as another segmenter splits it
  // into `segments` (covering it in order): what stem() gives once segment_stem is replaced.
  void stem_segmented(std::u32string_view chars, const std::vector<StemSpan>& segments, Stem& out) const;
  const SimilarityParams& params() const { return params_; }
  // The characters `longer` has beyond `shorter` (two similar titles or keywords), in the
  // order they come in `longer`: for messages.
  std::u32string added_text(const text::Canonical& shorter, const text::Canonical& longer) const;
  // The class headword of a word (its canonical key), or the key itself when no class has it.
  std::u32string class_of(std::string_view word) const;
  size_t class_count() const { return classes_.size(); }

 private:
  struct Class {
    std::u32string headword;
    char32_t code = 0;
    bool filler = false;
    std::vector<uint32_t> contrasts;  // group << 16 | member, not implicit
  };
  struct Token {
    char32_t code;
    bool movable;
    uint32_t cls;   // movable: its class
    StemSpan span;  // in the stem
  };
  uint32_t intern_word(const std::u32string& key, uint32_t cls, const CompileContext& ctx, const yaml::Node& at);
  uint32_t class_for(const std::u32string& key);
  void tokens(const text::Canonical& c, std::u32string& stem, std::vector<Token>& out) const;
  // Lexicon words and left-over characters from a segmentation of `stem`.
  void resolve(std::u32string_view stem, const std::vector<StemSpan>& spans, std::vector<Token>& out) const;
  void assemble(const std::vector<Token>& toks, Stem& out) const;

  const text::Canonicalizer* canon_ = nullptr;
  std::vector<std::u32string> suffixes_;
  WordLexicon lexicon_;
  std::vector<uint32_t> word_class_;  // per lexicon word
  std::vector<std::u32string> words_;  // per lexicon word: its key
  std::vector<Class> classes_;
  SimilarityParams params_;
};

enum class SimilarReason { none, same_stem, inserted };

// Whether two stems are similar.
SimilarReason compare_stems(const Stem& a, const Stem& b, const SimilarityParams& p);

// The most characters a stem of `length` characters may have beyond a similar shorter one.
size_t max_added_characters(size_t length, const SimilarityParams& p);

// For each item, the earliest earlier item it is similar to (-1 if none), found without
// comparing every pair: items with equal stems are grouped, and each distinct stem's
// deletion neighbourhood (its text with codes worth up to max_added_characters left out) is
// looked up among the distinct stems, then verified by compare_stems.
// Items whose keys are identical are not paired (that is a duplicate, not a similarity).
std::vector<int64_t> earliest_similar(const std::vector<Stem>& stems, const std::vector<std::u32string_view>& keys,
                                      const SimilarityParams& p);

// The {reason} message argument for a similar pair (shared by lint and audit).
Arg similar_reason_arg(SimilarReason r, const std::u32string& inserted);

}  // namespace tplguard::rules
