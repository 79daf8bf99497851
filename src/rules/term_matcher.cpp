#include "rules/term_matcher.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <stdexcept>
#include <unordered_map>

#include "text/unicode_tables.hpp"

namespace tplguard::rules {

template <typename Char>
void TermMatcher::Automaton::insert(std::basic_string_view<Char> s, int32_t term, std::vector<Pattern>& patterns) {
  uint32_t state = 0;
  for (Char c : s) {
    const char32_t ch = static_cast<char32_t>(static_cast<std::make_unsigned_t<Char>>(c));
    auto& next = trie_[state].next;
    auto it = std::find_if(next.begin(), next.end(), [&](const auto& e) { return e.first == ch; });
    if (it != next.end()) {
      state = it->second;
      continue;
    }
    trie_.emplace_back();
    const auto id = static_cast<uint32_t>(trie_.size() - 1);
    trie_[state].next.emplace_back(ch, id);
    state = id;
  }
  if (trie_[state].out >= 0) {
    // The same text twice: an allowed word wins over a term, the first term over later ones.
    auto& existing = patterns[static_cast<size_t>(trie_[state].out)];
    if (term < 0) existing.term = -1;
    return;
  }
  patterns.push_back({static_cast<uint32_t>(s.size()), term});
  trie_[state].out = static_cast<int32_t>(patterns.size() - 1);
}

uint32_t TermMatcher::Automaton::step(uint32_t state, char32_t c) const {
  for (;;) {
    if (state == 0) {
      if (c < 0x10000) {
        const uint32_t block = root_blocks_[c >> 8];
        return block == 0 ? 0 : root_table_[(block - 1) * 256 + (c & 0xFF)];
      }
    }
    const uint32_t b = nodes_[state].edges, e = nodes_[state + 1].edges;
    if (e - b <= 8) {
      for (uint32_t k = b; k < e; ++k)
        if (labels_[k] == c) return targets_[k];
    } else {
      const auto first = labels_.begin() + b, last = labels_.begin() + e;
      const auto it = std::lower_bound(first, last, c);
      if (it != last && *it == c) return targets_[static_cast<size_t>(it - labels_.begin())];
    }
    if (state == 0) return 0;
    state = nodes_[state].fail;
  }
}

void TermMatcher::Automaton::build() {
  // Breadth-first numbering, so that a node's children, and the nodes a pass visits
  // together, sit near each other.
  std::vector<uint32_t> order{0}, number(trie_.size(), 0);
  for (size_t i = 0; i < order.size(); ++i) {
    auto& next = trie_[order[i]].next;
    std::sort(next.begin(), next.end());
    for (const auto& [ch, child] : next) {
      number[child] = static_cast<uint32_t>(order.size());
      order.push_back(child);
    }
  }
  nodes_.assign(trie_.size() + 1, Node{0, 0, -1, -1});  // one more: the end of the last edges
  labels_.clear();
  targets_.clear();
  for (size_t i = 0; i < order.size(); ++i) {
    const TrieNode& t = trie_[order[i]];
    nodes_[i].edges = static_cast<uint32_t>(labels_.size());
    nodes_[i].out = t.out;
    for (const auto& [ch, child] : t.next) {
      labels_.push_back(ch);
      targets_.push_back(number[child]);
    }
  }
  nodes_.back().edges = static_cast<uint32_t>(labels_.size());
  trie_.clear();
  trie_.shrink_to_fit();

  root_blocks_.assign(256, 0);
  root_table_.clear();
  alphabet_.assign(kAlphabetLimit / 64, 0);
  for (char32_t ch : labels_)
    if (ch < kAlphabetLimit) alphabet_[ch / 64] |= uint64_t{1} << (ch % 64);
  for (uint32_t k = nodes_[0].edges; k < nodes_[1].edges; ++k) {
    const char32_t ch = labels_[k];
    if (ch >= 0x10000) continue;
    uint32_t& block = root_blocks_[ch >> 8];
    if (block == 0) {
      root_table_.resize(root_table_.size() + 256, 0);
      block = static_cast<uint32_t>(root_table_.size() / 256);
    }
    root_table_[(block - 1) * 256 + (ch & 0xFF)] = targets_[k];
  }

  // Fail links, breadth first (node numbers are already in that order).
  const size_t n = nodes_.size() - 1;
  for (uint32_t s = 0; s < n; ++s) {
    for (uint32_t k = nodes_[s].edges; k < nodes_[s + 1].edges; ++k) {
      const uint32_t child = targets_[k];
      uint32_t target = 0;
      if (s != 0) {
        for (uint32_t f = nodes_[s].fail;; f = nodes_[f].fail) {
          const uint32_t to = step_edge(f, labels_[k]);
          if (to != 0) {
            target = to;
            break;
          }
          if (f == 0) break;
        }
      }
      nodes_[child].fail = target;
      nodes_[child].link = nodes_[target].out >= 0 ? static_cast<int32_t>(target) : nodes_[target].link;
    }
  }
  reports_.assign(n / 64 + 1, 0);
  for (size_t s = 0; s < n; ++s)
    if (nodes_[s].out >= 0 || nodes_[s].link >= 0) reports_[s / 64] |= uint64_t{1} << (s % 64);
}

uint32_t TermMatcher::Automaton::step_edge(uint32_t state, char32_t c) const {
  const auto first = labels_.begin() + nodes_[state].edges, last = labels_.begin() + nodes_[state + 1].edges;
  const auto it = std::lower_bound(first, last, c);
  return it != last && *it == c ? targets_[static_cast<size_t>(it - labels_.begin())] : 0;
}

bool TermMatcher::add_term(uint32_t id, std::u32string key, std::string pinyin, TermPosition position,
                           TermBoundary boundary) {
  if (key.empty()) return false;
  const auto term = static_cast<int32_t>(terms_.size());
  terms_.push_back({id, position, boundary});
  needs_words_ = needs_words_ || boundary != TermBoundary::anywhere;
  keys_.insert<char32_t>(key, term, patterns_);
  if (!pinyin.empty()) pinyin_.insert<char>(pinyin, term, py_patterns_);
  return true;
}

void TermMatcher::add_quantities(uint32_t id, char32_t first) {
  if (const int32_t term = last_term(id); term >= 0) {
    terms_[static_cast<size_t>(term)].quantities = true;
    any_quantities_ = true;
    quantity_firsts_.push_back(first);
  }
}

void TermMatcher::set_real_word_min_frequency(double frequency) {
  const double cost = text::Dictionary::builtin().unknown_cost() - 1000.0 * std::log(std::max(frequency, 1.0));
  real_word_max_cost_ = cost < 0 ? 0 : static_cast<uint32_t>(cost);
}

void TermMatcher::add_allowed(std::u32string key) {
  if (!key.empty()) keys_.insert<char32_t>(key, -1, patterns_);
}

void TermMatcher::build() {
  if (any_quantities_) {
    quantity_chars_.assign(0x10000, 0);
    auto mark = [&](std::u32string_view chars, uint8_t what) {
      for (char32_t ch : chars)
        if (ch < quantity_chars_.size()) quantity_chars_[ch] |= what;
    };
    mark(quantity_numerals_, kQuantityNumeral);
    mark(quantity_units_, kQuantityUnit);
    mark(quantity_firsts_, kQuantityFirst);
  }
  keys_.build();
  pinyin_.build();
  sounds_.build();
  miswritten_.build();
  std::sort(initials_.begin(), initials_.end());
  // What each character can do, for the fused pass in find: kInKeys and kInMiswritten when
  // some pattern of those automata holds it, and its sound class when some sound pattern
  // holds that class.
  std::vector<bool> used(sound_class_.size() + 1, false);
  for (char32_t cls : sounds_.labels())
    if (cls < used.size()) used[cls] = true;
  char_info_.assign(kCharInfoEnd, 0);
  for (char32_t ch = 0; ch < kCharInfoEnd; ++ch) {
    uint16_t info = 0;
    if (keys_.in_alphabet(ch)) info |= kInKeys;
    if (miswritten_.in_alphabet(ch)) info |= kInMiswritten;
    const uint16_t syl = text::syllable_of(ch);
    const uint16_t cls = syl < sound_class_.size() ? sound_class_[syl] : 0;
    if (cls != 0 && used[cls]) {
      if (cls > kSoundClass) throw std::logic_error("TermMatcher: too many sound classes");
      info |= cls;
    }
    char_info_[ch] = info;
  }
}

bool TermMatcher::at_clause_end(const text::Canonical& c, uint32_t key_end) const {
  if (key_end >= c.key.size()) return true;
  // Something skipped between the two key characters (a space or a symbol) ends a clause.
  if (c.key_src[key_end] > c.key_src[key_end - 1] + 1) return true;
  // So does a suffix word that runs to the end of the key.
  const std::u32string_view rest(c.key.data() + key_end, c.key.size() - key_end);
  for (const auto& s : clause_suffixes_)
    if (rest == s) return true;
  return false;
}

SoundClasses SoundClasses::exact() {
  SoundClasses s;
  s.class_of.resize(text::syllable_count());
  for (size_t i = 0; i < s.class_of.size(); ++i) s.class_of[i] = static_cast<uint16_t>(i);
  return s;
}

SoundClasses SoundClasses::fuzzy(const std::vector<std::pair<std::string, std::string>>& initials,
                                 const std::vector<std::pair<std::string, std::string>>& finals) {
  // Each syllable is rewritten to a representative spelling (zhang -> zan with zh/z, ang/an);
  // syllables with the same representative share a class.
  SoundClasses s;
  s.class_of.resize(text::syllable_count(), 0);
  std::unordered_map<std::string, uint16_t> class_of_spelling;
  for (size_t i = 1; i < s.class_of.size(); ++i) {
    std::string syl(text::syllable_name(static_cast<uint16_t>(i)));
    for (const auto& [from, to] : initials)
      if (syl.size() > from.size() && syl.compare(0, from.size(), from) == 0) {
        syl = to + syl.substr(from.size());
        break;
      }
    for (const auto& [from, to] : finals)
      if (syl.size() >= from.size() && syl.compare(syl.size() - from.size(), from.size(), from) == 0) {
        syl = syl.substr(0, syl.size() - from.size()) + to;
        break;
      }
    auto [it, fresh] = class_of_spelling.emplace(syl, static_cast<uint16_t>(class_of_spelling.size() + 1));
    s.class_of[i] = it->second;
  }
  return s;
}

int32_t TermMatcher::last_term(uint32_t id) const {
  for (size_t t = terms_.size(); t-- > 0;)
    if (terms_[t].id == id) return static_cast<int32_t>(t);
  return -1;
}

void TermMatcher::add_sound(uint32_t id, const std::u32string& key, const SoundClasses& sounds) {
  const int32_t term = last_term(id);
  if (term < 0 || key.size() < 2) return;
  std::u32string classes;
  for (char32_t c : key) {
    const uint16_t syl = text::syllable_of(c);
    if (syl == 0 || syl >= sounds.class_of.size()) return;  // a character with no reading
    classes.push_back(sounds.class_of[syl]);
  }
  sound_class_ = sounds.class_of;
  if (term_keys_.size() < terms_.size()) term_keys_.resize(terms_.size());
  term_keys_[static_cast<size_t>(term)] = key;
  sounds_.insert<char32_t>(classes, term, sound_patterns_);
}

void TermMatcher::add_miswritten(uint32_t id, const std::u32string& key,
                                 const std::vector<std::pair<char32_t, std::vector<char32_t>>>& miswritings) {
  if (key.size() < 2 || miswritings.empty()) return;  // a one-character spelling is some other word
  const int32_t term = last_term(id);
  if (term < 0) return;
  if (term_keys_.size() < terms_.size()) term_keys_.resize(terms_.size());
  term_keys_[static_cast<size_t>(term)] = key;
  // One character miswritten at a time: two in one short term read as another word.
  for (size_t i = 0; i < key.size(); ++i)
    for (const auto& [written_for, looks] : miswritings) {
      if (written_for != key[i]) continue;
      for (char32_t look : looks) {
        std::u32string variant = key;
        variant[i] = look;
        miswritten_.insert<char32_t>(std::u32string_view(variant), term, mis_patterns_);
      }
    }
}

void TermMatcher::add_initials(uint32_t id, const std::u32string& key) {
  std::string initials;
  for (char32_t c : key) {
    const std::string_view syl = text::syllable_name(text::syllable_of(c));
    if (syl.empty()) return;
    initials.push_back(syl[0]);
  }
  if (initials.size() < 2) return;
  if (const int32_t term = last_term(id); term >= 0) initials_.emplace_back(std::move(initials), term);
}

bool TermMatcher::is_real_word(std::u32string_view span) const {
  const text::Dictionary& dict = text::Dictionary::builtin();
  const uint32_t cost = dict.cost(span);
  if (cost == text::Dictionary::kNoWord) return false;
  return cost <= real_word_max_cost_;
}

void TermMatcher::find(const text::Canonical& c, const text::PinyinKey* py, std::vector<TermMatch>& out) const {
  struct Raw {
    uint32_t begin, end;
    int32_t term;
    MatchVia via;
  };
  thread_local std::vector<Raw> raw;
  raw.clear();

  auto collect = [&](const Automaton& a, const std::vector<Pattern>& patterns, uint32_t state, uint32_t end,
                     auto&& accept) {
    a.outputs(state, [&](size_t p) { accept(end - patterns[p].length, end, patterns[p].term); });
  };

  // One pass over the key for the term's own characters, their sounds and their
  // miswritings: one look-up per character says which of the three automata it can move.
  uint32_t state = 0, sound_state = 0, mis_state = 0;
  bool has_latin_or_digit = false;
  const bool sounds = !sounds_.empty(), miswritings = !miswritten_.empty();
  for (uint32_t i = 0; i < c.key.size(); ++i) {
    const char32_t ch = c.key[i];
    has_latin_or_digit = has_latin_or_digit || ch < 0x80;
    const uint16_t info = char_info(ch);
    // A character no pattern holds leads back to the root from every state, and the root
    // reports nothing: most characters of a title take this shortcut.
    if (info == 0) {
      state = sound_state = mis_state = 0;
      continue;
    }
    if (info & kInKeys) {
      state = keys_.step(state, ch);
      collect(keys_, patterns_, state, i + 1,
              [&](uint32_t b, uint32_t e, int32_t term) { raw.push_back({b, e, term, MatchVia::text}); });
    } else {
      state = 0;
    }
    // Sound: Han characters whose syllables spell a term. A run that is the term itself is
    // found above; one that is a dictionary word is that word (计分 is no 积分).
    if (const uint16_t cls = info & kSoundClass; sounds && cls != 0) {
      sound_state = sounds_.step(sound_state, static_cast<char32_t>(cls));
      collect(sounds_, sound_patterns_, sound_state, i + 1, [&](uint32_t b, uint32_t e, int32_t term) {
        const std::u32string_view span(c.key.data() + b, e - b);
        const std::u32string& own = term_keys_[static_cast<size_t>(term)];
        if (span == own) return;
        if (sound_keeps_one_) {
          bool kept = false;
          for (size_t k = 0; k < span.size() && !kept; ++k) kept = span[k] == own[k];
          if (!kept) return;
        }
        if (is_real_word(span)) return;
        raw.push_back({b, e, term, MatchVia::sound});
      });
    } else {
      sound_state = 0;
    }
    // Miswritten characters: as for sounds, a spelling that is itself a word is that word.
    if (miswritings && (info & kInMiswritten)) {
      mis_state = miswritten_.step(mis_state, ch);
      collect(miswritten_, mis_patterns_, mis_state, i + 1, [&](uint32_t b, uint32_t e, int32_t term) {
        const std::u32string_view span(c.key.data() + b, e - b);
        if (is_real_word(span)) return;
        raw.push_back({b, e, term, MatchVia::miswritten});
      });
    } else {
      mis_state = 0;
    }
  }
  if (py != nullptr && py->has_latin && !pinyin_.empty()) {
    state = 0;
    for (uint32_t i = 0; i < py->text.size(); ++i) {
      state = pinyin_.step(state, static_cast<unsigned char>(py->text[i]));
      collect(pinyin_, py_patterns_, state, i + 1, [&](uint32_t b, uint32_t e, int32_t term) {
        if (!py->boundary[b] || !py->boundary[e]) return;
        bool latin = false;
        for (uint32_t k = b; k < e && !latin; ++k) latin = py->latin[k] != 0;
        if (!latin) return;  // all-Han spellings are the sound pass's business
        raw.push_back({py->src[b], py->src[e - 1] + 1, term, MatchVia::pinyin});
      });
    }
  }
  // Initials: a whole run of Latin letters that spells a term's initials.
  if (!initials_.empty() && has_latin_or_digit) {
    for (uint32_t i = 0; i < c.key.size();) {
      if (!(c.key[i] >= U'a' && c.key[i] <= U'z')) {
        ++i;
        continue;
      }
      uint32_t j = i;
      std::string run;
      while (j < c.key.size() && c.key[j] >= U'a' && c.key[j] <= U'z') run.push_back(static_cast<char>(c.key[j++]));
      auto it = std::lower_bound(initials_.begin(), initials_.end(), run,
                                 [](const auto& e, const std::string& v) { return e.first < v; });
      for (; it != initials_.end() && it->first == run; ++it) raw.push_back({i, j, it->second, MatchVia::initials});
      i = j;
    }
  }
  // Terms whose characters have something left out between them: the key without those runs
  // (`skip(i)` says how many characters to leave out at key position i, 0 for none) goes
  // through the automaton again, and a term found across a left-out run is a match `via`.
  auto match_left_out = [&](auto&& skip, MatchVia via, auto&& accepts) {
    thread_local std::u32string kept;
    thread_local std::vector<uint32_t> kept_src;
    kept.clear();
    kept_src.clear();
    bool left_out = false;
    for (uint32_t i = 0; i < c.key.size();) {
      if (const uint32_t n = i > 0 ? skip(i) : 0; n > 0) {
        left_out = true;
        i += n;
        continue;
      }
      kept.push_back(c.key[i]);
      kept_src.push_back(i++);
    }
    if (!left_out) return;
    uint32_t s = 0;
    for (uint32_t i = 0; i < kept.size(); ++i) {
      if (!keys_.in_alphabet(kept[i])) {
        s = 0;
        continue;
      }
      s = keys_.step(s, kept[i]);
      collect(keys_, patterns_, s, i + 1, [&](uint32_t b, uint32_t e, int32_t term) {
        if (term < 0 || !accepts(static_cast<size_t>(term))) return;
        const uint32_t kb = kept_src[b], ke = kept_src[e - 1] + 1;
        if (ke - kb == e - b) return;  // nothing left out inside it: found above
        raw.push_back({kb, ke, term, via});
      });
    }
  };
  // Up to two letters or digits pushed between Han characters (红1包, 优a惠券).
  if (skip_inserted_ && has_latin_or_digit) {
    match_left_out(
        [&](uint32_t i) -> uint32_t {
          if (c.key[i] >= 0x80 || c.key[i - 1] < 0x80) return 0;
          uint32_t j = i;
          while (j < c.key.size() && c.key[j] < 0x80) ++j;
          return j - i <= 2 && j < c.key.size() ? j - i : 0;
        },
        MatchVia::inserted, [](size_t) { return true; });
  }
  // Quantities between a term's characters (满100减20): numbers (and a unit after each) left
  // out, for the terms that take them, and only where a character that starts such a term
  // comes before a number.
  bool quantity_here = false;
  if (any_quantities_) {
    bool first_seen = false;
    for (const char32_t ch : c.key) {
      if (first_seen && quantity(ch, kQuantityNumeral)) {
        quantity_here = true;
        break;
      }
      first_seen = first_seen || quantity(ch, kQuantityFirst);
    }
  }
  if (quantity_here) {
    match_left_out(
        [&](uint32_t i) -> uint32_t {
          if (!quantity(c.key[i], kQuantityNumeral)) return 0;
          uint32_t j = i;
          while (j < c.key.size() && quantity(c.key[j], kQuantityNumeral)) ++j;
          if (j < c.key.size() && quantity(c.key[j], kQuantityUnit)) ++j;
          return j - i;
        },
        MatchVia::quantity, [&](size_t term) { return terms_[term].quantities; });
  }
  if (raw.empty()) return;

  // Word boundaries, before the leftmost-longest choice, so that a longer term that is not a
  // word there does not hide a shorter one that is. The key is segmented only when a term
  // with a boundary condition was found, which few titles have.
  if (needs_words_ || any_quantities_) {
    const text::Segmentation* words = nullptr;
    auto keep = [&](const Raw& r) {
      if (r.term < 0 || r.via == MatchVia::pinyin || r.via == MatchVia::initials || r.via == MatchVia::inserted)
        return true;  // Latin spellings end at Latin boundaries; insertions are no words
      if (r.via == MatchVia::quantity) {
        // Its first and last characters must be able to stand as words of their own: 买 in
        // 购买3件 and 送 in 2件送货 belong to other words (夏装满 is near enough a tie).
        if (!words) words = &text::segment(text::Dictionary::builtin(), c.key);
        return words->aligned(r.begin, r.begin + 1, boundary_tolerance_) &&
               words->aligned(r.end - 1, r.end, boundary_tolerance_);
      }
      const TermBoundary b = terms_[static_cast<size_t>(r.term)].boundary;
      if (b == TermBoundary::anywhere) return true;
      if (!words) words = &text::segment(text::Dictionary::builtin(), c.key);
      // The tolerance is for words the dictionary lacks and for near ties, not against a
      // compound it knows and prefers: 社会福利 and 员工福利 are welfare, not a perk.
      if (b == TermBoundary::word && words->in_longer_word(r.begin, r.end)) return false;
      if (words->aligned(r.begin, r.end, boundary_tolerance_)) return true;
      // A homophone or a miswriting is a stand-in for the word itself, so it must be a word
      // where it stands.
      return b == TermBoundary::inside && r.via == MatchVia::text && words->inside_word(r.begin, r.end);
    };
    raw.erase(std::remove_if(raw.begin(), raw.end(), [&](const Raw& r) { return !keep(r); }), raw.end());
    if (raw.empty()) return;
  }

  // Leftmost-longest, and a term inside an allowed word does not count.
  std::sort(raw.begin(), raw.end(), [](const Raw& a, const Raw& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    return a.via < b.via;  // the term's own characters first
  });
  // In this order an allowed word that contains a term comes before it (an earlier start, or
  // the same start and longer), so one sweep keeping the furthest allowed end is exact.
  uint32_t taken_end = 0, allowed_end = 0;
  for (const Raw& r : raw) {
    if (r.term < 0) {
      allowed_end = std::max(allowed_end, r.end);
      continue;
    }
    if (r.begin < taken_end || r.end <= allowed_end) continue;
    const Term& t = terms_[static_cast<size_t>(r.term)];
    if (t.position == TermPosition::clause_end && !at_clause_end(c, r.end)) continue;
    out.push_back({t.id, r.begin, r.end, r.via != MatchVia::text, r.via});
    taken_end = r.end;
  }
}

}  // namespace tplguard::rules
