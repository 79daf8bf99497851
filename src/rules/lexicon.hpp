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
  ProfileLevels levels;
};

struct Lexicon {
  std::vector<LexiconCategory> categories;
  std::vector<LexiconTerm> terms;
  std::vector<std::u32string> allowed;
  std::vector<std::string> clause_suffixes;

  // The level for a term in a profile: the term's, else its category's, else nullopt (the rule's).
  std::optional<Level> level_for(const LexiconTerm& t, Profile p) const;
  // A matcher over all terms (ids = term indexes) and allowed words; `pinyin` adds the terms'
  // pinyin spellings.
  TermMatcher matcher(const text::Canonicalizer& canon, bool pinyin) const;
  // Adds another lexicon's terms: a category with a known id gets its terms, others are added.
  void merge(Lexicon&& more);
};

// Loads `file` (relative to the rules directory). Format:
//   categories: [{id, zh, en, level?, levels?, terms: [text | {term, level?, levels?, position?}]}]
//   allowed: [words]
//   clause_suffixes: [words]   (for terms with position: clause-end)
Lexicon load_lexicon(const CompileContext& ctx, const std::string& file);

// A flat list of words from `key` in a data file (e.g. generic words).
std::vector<std::string> load_word_list(const CompileContext& ctx, const std::string& file, const char* key);

}  // namespace tplguard::rules
