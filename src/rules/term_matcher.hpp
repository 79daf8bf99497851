#pragma once
// Finds many terms in a canonical key in one pass (Aho-Corasick), and the same terms spelt
// in pinyin. Built once per rule; `find` is const and allocation-free once the caller's
// output vector has grown.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/canonical.hpp"

namespace tplguard::rules {

// Where a term may match.
enum class TermPosition {
  anywhere,
  clause_end,  // only at the end of a clause: before the suffix, a symbol, or the end
};

struct TermMatch {
  uint32_t term;            // index given to add_term
  uint32_t key_begin, key_end;  // range in the key
  bool via_pinyin = false;
};

class TermMatcher {
 public:
  // Adds a term (already a key: see Canonicalizer::key_of); returns false for an empty key.
  // `pinyin` (may be empty) is the term's pinyin spelling, matched where the text is
  // written (at least partly) in Latin letters.
  bool add_term(uint32_t id, std::u32string key, std::string pinyin, TermPosition position);
  // An allowed word: a term occurrence inside an allowed word is not a match (证券 vs 券).
  void add_allowed(std::u32string key);
  // Suffix words (通知, 提醒) that end a clause for TermPosition::clause_end.
  void set_clause_suffixes(std::vector<std::u32string> suffixes) { clause_suffixes_ = std::move(suffixes); }
  void build();

  // Leftmost-longest, non-overlapping matches of terms in `c.key`; `py` may be null (no
  // pinyin search). Appends to `out`.
  void find(const text::Canonical& c, const text::PinyinKey* py, std::vector<TermMatch>& out) const;
  bool has_pinyin_terms() const { return !py_nodes_.empty() && py_nodes_.size() > 1; }
  bool empty() const { return terms_.empty(); }

 private:
  struct Node {
    std::vector<std::pair<char32_t, uint32_t>> next;  // sorted by character
    uint32_t fail = 0;
    int32_t out = -1;       // pattern ending here (the longest), or -1
    int32_t dict_link = -1; // nearest node on the fail chain with an output
  };
  struct Pattern {
    uint32_t length;
    int32_t term;  // -1 for an allowed word
  };
  struct Term {
    uint32_t id;
    TermPosition position;
  };

  template <typename Char>
  static uint32_t step(const std::vector<Node>& nodes, uint32_t state, Char c);
  template <typename Char>
  static void insert(std::vector<Node>& nodes, std::vector<Pattern>& patterns, std::basic_string_view<Char> s,
                     int32_t term);
  static void link(std::vector<Node>& nodes, const std::vector<Pattern>& patterns);
  bool at_clause_end(const text::Canonical& c, uint32_t key_end) const;

  std::vector<Term> terms_;
  std::vector<Node> nodes_{1};
  std::vector<Pattern> patterns_;
  std::vector<Node> py_nodes_{1};
  std::vector<Pattern> py_patterns_;
  std::vector<std::u32string> clause_suffixes_;
  // Which characters below kAlphabetLimit (the BMP) appear in any key pattern, one bit each.
  static constexpr char32_t kAlphabetLimit = 0x10000;
  std::vector<uint64_t> key_alphabet_;
};

}  // namespace tplguard::rules
