#pragma once
// Building stems (similarity/stem.hpp says what a stem is and when two are similar): the
// suffix off, the words found, each mapped to its thesaurus class, from the rule's params.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_kind.hpp"
#include "similarity/stem.hpp"

namespace tplguard::rules {

using similarity::compare_stems;
using similarity::kMaxWordLength;
using similarity::kStemSeparator;
using similarity::kStemWordBase;
using similarity::max_added_characters;
using similarity::SimilarityParams;
using similarity::SimilarReason;
using similarity::Stem;
using similarity::stem_code_width;

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

// The {reason} message argument for a similar pair (shared by lint and audit).
Arg similar_reason_arg(SimilarReason r, const std::u32string& inserted);

}  // namespace tplguard::rules
