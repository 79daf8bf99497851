#pragma once
// Finds many terms in a canonical key in one pass (Aho-Corasick), and the same terms spelt
// in pinyin. Built once per rule; `find` is const and allocation-free once the caller's
// output vector has grown.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/canonical.hpp"
#include "text/segmenter.hpp"

namespace tplguard::rules {

// Where a term may match.
enum class TermPosition {
  anywhere,
  clause_end,  // only at the end of a clause: before the suffix, a symbol, or the end
};

// Where a term may match with respect to word boundaries (text/segmenter.hpp).
enum class TermBoundary {
  anywhere,  // any run of characters that spells it (synonym rewriting, allowed words)
  word,      // only as whole words: not 中奖 in 集中|奖励, not 亲 in 亲属
  inside,    // also inside a longer word (红包 in 抢红包), but never across two words (大红|包装)
};

// How a match was found, besides its own characters.
enum class MatchVia : uint8_t {
  text,      // the term's characters (after folding)
  pinyin,    // pinyin typed in Latin letters, possibly mixed with Han (hongbao, hong包)
  sound,     // other Han characters with the term's syllables (鸿包 for 红包)
  initials,  // the term's initials as a word of Latin letters (hb for 红包)
  inserted,  // the term's characters with letters or digits pushed between them (红1包)
  quantity,  // the term's characters with quantities between them (满100减20 for 满减)
  miswritten,  // one character written as a look-alike that sounds different (代金卷 for 代金券)
};

struct TermMatch {
  uint32_t term;            // index given to add_term
  uint32_t key_begin, key_end;  // range in the key
  bool via_pinyin = false;  // not the term's own characters (any `via` but text)
  MatchVia via = MatchVia::text;
};

// Which syllables count as the same sound when terms are matched by sound: a class id per
// syllable id (text::syllable_of). Identity by default; fuzzy pairs (zh/z, ang/an) merge classes.
struct SoundClasses {
  std::vector<uint16_t> class_of;  // indexed by syllable id; 0 = no sound
  static SoundClasses exact();
  // Merges initials and finals given as pairs of spellings (e.g. {"zh", "z"}, {"ang", "an"}).
  static SoundClasses fuzzy(const std::vector<std::pair<std::string, std::string>>& initials,
                            const std::vector<std::pair<std::string, std::string>>& finals);
};

class TermMatcher {
 public:
  // Adds a term (already a key: see Canonicalizer::key_of); returns false for an empty key.
  // `pinyin` (may be empty) is the term's pinyin spelling, matched where the text is
  // written (at least partly) in Latin letters.
  bool add_term(uint32_t id, std::u32string key, std::string pinyin, TermPosition position,
                TermBoundary boundary = TermBoundary::anywhere);
  // Matches the term by sound too: other Han characters whose syllables are the term's (in
  // `sounds`' classes), where they are not themselves a dictionary word (a real word that
  // happens to sound like a term is that word). Call after add_term, before build.
  void add_sound(uint32_t id, const std::u32string& key, const SoundClasses& sounds);
  // Matches the term's initials where a whole run of Latin letters is exactly them (hb).
  void add_initials(uint32_t id, const std::u32string& key);
  // Matches the term with one of its characters written as a known miswriting
  // (`miswritings`: character -> the look-alikes written for it), where that spelling is not
  // itself a dictionary word. Call after add_term, before build.
  void add_miswritten(uint32_t id, const std::u32string& key,
                      const std::vector<std::pair<char32_t, std::vector<char32_t>>>& miswritings);
  // Sound matches must keep one of the term's own characters in its place (鸿包 for 红包):
  // a run where every character differs is more often a name or a word the dictionary lacks
  // (富力, 范县) than a term written to be read.
  void set_sound_keeps_one(bool on) { sound_keeps_one_ = on; }
  // A homophone or a miswriting that is a dictionary word is that word, when the word is
  // at least this frequent in the dictionary (jieba's rarest entries are mostly noise:
  // 红暴 and 红宝 have frequency 2).
  void set_real_word_min_frequency(double frequency);
  // Matches the term with a quantity after any of its characters: a number in digits or Han
  // numerals, with one unit after it (满100减20, 满三百元减五十 for 满减). For terms that
  // are a pattern around amounts, not a word. `first`: the term's first character. Call
  // after add_term; what a number is made of comes from set_quantity_characters.
  void add_quantities(uint32_t id, char32_t first);
  void set_quantity_characters(std::u32string_view numerals, std::u32string_view units) {
    quantity_numerals_.assign(numerals);
    quantity_units_.assign(units);
  }
  // Also finds terms whose characters have up to two letters or digits pushed between them.
  void set_skip_inserted(bool on) { skip_inserted_ = on; }
  // An allowed word: a term occurrence inside an allowed word is not a match (证券 vs 券).
  void add_allowed(std::u32string key);
  // Suffix words (通知, 提醒) that end a clause for TermPosition::clause_end.
  void set_clause_suffixes(std::vector<std::u32string> suffixes) { clause_suffixes_ = std::move(suffixes); }
  // How much dearer (thousandths of a nat) than the best split a split that makes a term a
  // whole word may be: near ties in the dictionary's frequencies should not decide.
  void set_boundary_tolerance(uint32_t tolerance) { boundary_tolerance_ = tolerance; }
  void build();

  // Leftmost-longest, non-overlapping matches of terms in `c.key`; `py` may be null (no
  // pinyin search). Appends to `out`.
  void find(const text::Canonical& c, const text::PinyinKey* py, std::vector<TermMatch>& out) const;
  bool has_sound_terms() const { return !sounds_.empty(); }
  bool has_pinyin_terms() const { return !pinyin_.empty(); }
  bool empty() const { return terms_.empty(); }

 private:
  struct Pattern {
    uint32_t length;
    int32_t term;  // -1 for an allowed word
  };
  struct Term {
    uint32_t id;
    TermPosition position;
    TermBoundary boundary;
    bool quantities = false;  // see add_quantities
  };
  // One Aho-Corasick automaton. Built as a trie of per-node vectors, then flattened: nodes
  // of 16 bytes with their edges in two shared arrays (labels and targets), so a step
  // touches one node and one short run of labels instead of chasing a vector per node. The
  // root's transitions are a table (the root has the most children and nearly every step
  // starts there), and a bitmap says which characters any pattern holds: any other
  // character leads back to the root from every state.
  class Automaton {
   public:
    template <typename Char>
    void insert(std::basic_string_view<Char> s, int32_t term, std::vector<Pattern>& patterns);
    void build();
    bool empty() const { return labels_.empty() && (trie_.empty() || trie_[0].next.empty()); }
    // Whether `c` occurs in any pattern (below the alphabet limit; above it, assumed so).
    bool in_alphabet(char32_t c) const {
      return c >= kAlphabetLimit || (alphabet_[c / 64] >> (c % 64) & 1);
    }
    uint32_t step(uint32_t state, char32_t c) const;
    // The target of `state`'s own edge labelled `c`, or 0 (no edge).
    uint32_t step_edge(uint32_t state, char32_t c) const;
    // Calls f(pattern index) for every pattern that ends in `state`, longest first.
    template <typename F>
    void outputs(uint32_t state, F&& f) const {
      if (!(reports_[state / 64] >> (state % 64) & 1)) return;  // most states report nothing
      const Node& s = nodes_[state];
      for (int32_t n = s.out >= 0 ? static_cast<int32_t>(state) : s.link; n >= 0; n = nodes_[static_cast<size_t>(n)].link)
        f(static_cast<size_t>(nodes_[static_cast<size_t>(n)].out));
    }
    // Every label of every edge (for alphabets over sound classes).
    const std::vector<char32_t>& labels() const { return labels_; }

   private:
    struct TrieNode {
      std::vector<std::pair<char32_t, uint32_t>> next;
      int32_t out = -1;
    };
    struct Node {
      uint32_t edges;      // first edge; the node's edges end where the next node's begin
      uint32_t fail;
      int32_t out;   // pattern ending here (the longest), or -1
      int32_t link;  // nearest node on the fail chain with an output, or -1
    };
    static constexpr char32_t kAlphabetLimit = 0x10000;
    std::vector<TrieNode> trie_{1};  // emptied by build
    std::vector<Node> nodes_;
    std::vector<char32_t> labels_;
    std::vector<uint32_t> targets_;
    std::vector<uint32_t> root_blocks_ = std::vector<uint32_t>(256, 0);  // block number + 1, 0 = none
    std::vector<uint32_t> root_table_;  // 256 targets per block
    std::vector<uint64_t> alphabet_;
    std::vector<uint64_t> reports_;  // one bit per node: some pattern ends there or on its fail chain
  };
  bool at_clause_end(const text::Canonical& c, uint32_t key_end) const;
  // The index of the term added last with this id, or -1.
  int32_t last_term(uint32_t id) const;
  std::vector<Term> terms_;
  Automaton keys_;
  std::vector<Pattern> patterns_;
  Automaton pinyin_;
  std::vector<Pattern> py_patterns_;
  std::vector<std::u32string> clause_suffixes_;
  uint32_t boundary_tolerance_ = 0;
  // Sound matching: an automaton over sound classes, and each term's own key to tell a
  // homophone from the term itself.
  Automaton sounds_;
  std::vector<Pattern> sound_patterns_;
  std::vector<uint16_t> sound_class_;  // syllable id -> class (the last SoundClasses given)
  // Per BMP character: kInKeys, kInMiswritten and the sound class (see build); characters
  // above the BMP may be in any automaton and have no sound.
  static constexpr char32_t kCharInfoEnd = 0x10000;
  static constexpr uint16_t kInKeys = 0x8000, kInMiswritten = 0x4000, kSoundClass = 0x3FFF;
  std::vector<uint16_t> char_info_;
  uint16_t char_info(char32_t c) const {
    if (c < kCharInfoEnd) return char_info_[c];
    return kInKeys | (miswritten_.in_alphabet(c) ? kInMiswritten : 0);
  }
  std::vector<std::u32string> term_keys_;
  // Miswritten spellings of terms: an automaton of their own, so the main pass stays as fast.
  Automaton miswritten_;
  std::vector<Pattern> mis_patterns_;
  std::vector<std::pair<std::string, int32_t>> initials_;  // sorted by spelling
  bool skip_inserted_ = false;
  bool any_quantities_ = false;
  // Per BMP character, for the quantity pass: a number's character, an offer's unit, the first
  // character of a term that takes quantities. Built by build() when some term takes them.
  static constexpr uint8_t kQuantityNumeral = 1, kQuantityUnit = 2, kQuantityFirst = 4;
  std::vector<uint8_t> quantity_chars_;
  std::u32string quantity_numerals_, quantity_units_, quantity_firsts_;
  bool quantity(char32_t c, uint8_t what) const { return c < quantity_chars_.size() && (quantity_chars_[c] & what); }
  bool sound_keeps_one_ = false;
  uint32_t real_word_max_cost_ = UINT32_MAX - 1;  // every dictionary word counts
  bool is_real_word(std::u32string_view span) const;
  bool needs_words_ = false;  // some term has a boundary condition
};

}  // namespace tplguard::rules
