#pragma once
// Lexicon data files (rules/lexicons/*.yaml): terms grouped in categories, each with optional
// per-profile levels and a position, plus allowed words that contain a term but are not one.
#include <string>
#include <vector>

#include "rules/rule_kind.hpp"
#include "rules/term_matcher.hpp"

namespace tplguard::rules {

struct LexiconCategory {
  std::string id, zh, en;
  ProfileLevels levels;
};

struct LexiconTerm {
  std::string text;  // as written in the data
  std::u32string key;
  size_t category = 0;
  TermPosition position = TermPosition::anywhere;
  TermBoundary boundary = TermBoundary::word;
  bool by_sound = true;   // matched by sound when the lexicon matches homophones
  bool initials = false;  // commonly abbreviated to its pinyin initials (hb for 红包)
  bool quantities = false;  // a pattern around amounts: quantities may stand between its characters (满100减20)
  ProfileLevels levels;
};

struct Lexicon {
  std::vector<LexiconCategory> categories;
  std::vector<LexiconTerm> terms;
  std::vector<std::u32string> allowed;
  std::vector<std::string> clause_suffixes;
  uint32_t boundary_tolerance = 0;  // thousandths of a nat (see TermMatcher)
  bool homophones = false;          // match terms of two or more characters by sound
  bool keep_one = false;            // ... only where one of the term's characters stays (鸿包, not 富力)
  double real_word_min_frequency = 0;  // a sound-alike that is a dictionary word this frequent is that word
  std::vector<std::pair<std::string, std::string>> fuzzy_initials, fuzzy_finals;
  bool inserted = false;            // find terms with letters or digits pushed between them
  // For terms with `quantities: true`: the characters of a number (digits, Han numerals) and
  // the units that may follow one (元, 件), as canonical key characters.
  std::u32string quantity_numerals, quantity_units;
  // Words that say the text refuses or warns against a term's thing rather than offers it:
  // just before the term, or with one of `negation_between` between (严禁收受礼品), or just
  // after it (红包诈骗).
  std::vector<std::u32string> negation_before, negation_between, negation_after;
  // Look-alike characters written for a term's character (券 -> 卷, 劵), from `miswritings`.
  std::vector<std::pair<char32_t, std::vector<char32_t>>> miswritings;

  // The level for a term in a profile: the term's, else its category's, else nullopt (the rule's).
  std::optional<Level> level_for(const LexiconTerm& t, Profile p) const;
  // A matcher over all terms (ids = term indexes) and allowed words; `pinyin` adds the terms'
  // pinyin spellings.
  TermMatcher matcher(const text::Canonicalizer& canon, bool pinyin) const;
  // Whether the term matched at key[b, e) is refused or warned against (see negation_before).
  bool negated(std::u32string_view key, uint32_t b, uint32_t e) const;
  // Adds another lexicon's terms: a category with a known id gets its terms, others are added.
  void merge(Lexicon&& more);
};

// Loads `file` (relative to the rules directory). Format:
//   categories: [{id, zh, en, level?, levels?, inside?,
//                 terms: [text | {term, level?, levels?, position?, inside?}]}]
//   allowed: [words]
//   clause_suffixes: [words]   (for terms with position: clause-end)
//   boundary_tolerance: nats   (how near a tie with a split that breaks the term still counts)
//   sounds: {homophones: bool, keep_one: bool, real_word_min_frequency: number,
//            fuzzy: {initials: [[zh, z], ...], finals: [[ang, an], ...]}}
//   inserted: bool             (红1包 is 红包)
//   quantities: {numerals: text, units: [characters]}
//                              (what a number is made of, for terms with quantities: true)
//   negation: {before: [words], between: [words], after: [words]}
//                              (a term refused or warned against is not offered: 拒收红包,
//                               严禁收受礼品, 谨防红包诈骗)
//   miswritings: FILE          (a data file `miswritings: {券: [卷, 劵], ...}`: characters
//                               written for a term's character that look like it)
// Per term: `sound: false` keeps a term out of the sound match, `initials: true` matches its
// pinyin initials as a word of Latin letters.
// A term matches where it is a whole word of the text (see text/segmenter.hpp); `inside: true`
// lets it match inside a longer word too, for morphemes that are the term wherever they occur.
Lexicon load_lexicon(const CompileContext& ctx, const std::string& file);

// A flat list of words from a data file: the list under `key`, and/or the `words` of every
// entry of `classes: [{id, zh, en, words: [...]}]` (e.g. generic words by class).
std::vector<std::string> load_word_list(const CompileContext& ctx, const std::string& file, const char* key);

// The data files a param names: `key: FILE` or `key: [FILE, ...]`.
std::vector<std::string> data_files(const CompileContext& ctx, const char* key);

}  // namespace tplguard::rules
