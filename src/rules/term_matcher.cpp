#include "rules/term_matcher.hpp"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include "text/unicode_tables.hpp"

namespace tplguard::rules {

void TermMatcher::RootTable::build(const Node& root) {
  blocks_.assign(256, 0);
  table_.clear();
  for (const auto& [ch, child] : root.next) {
    if (ch >= 0x10000) continue;
    uint32_t& block = blocks_[ch >> 8];
    if (block == 0) {
      table_.resize(table_.size() + 256, 0);
      block = static_cast<uint32_t>(table_.size() / 256);
    }
    table_[(block - 1) * 256 + (ch & 0xFF)] = child;
  }
}

uint32_t TermMatcher::RootTable::slow_get(const Node& root, char32_t c) {
  auto it = std::lower_bound(root.next.begin(), root.next.end(), c,
                             [](const std::pair<char32_t, uint32_t>& e, char32_t v) { return e.first < v; });
  return it != root.next.end() && it->first == c ? it->second : 0;
}

template <typename Char>
uint32_t TermMatcher::step(const std::vector<Node>& nodes, const RootTable& root, uint32_t state, Char c) {
  const char32_t ch = static_cast<char32_t>(static_cast<std::make_unsigned_t<Char>>(c));
  for (;;) {
    if (state == 0) return root.get(nodes[0], ch);
    const auto& next = nodes[state].next;
    auto it = std::lower_bound(next.begin(), next.end(), ch,
                               [](const std::pair<char32_t, uint32_t>& e, char32_t v) { return e.first < v; });
    if (it != next.end() && it->first == ch) return it->second;
    state = nodes[state].fail;
  }
}

template <typename Char>
void TermMatcher::insert(std::vector<Node>& nodes, std::vector<Pattern>& patterns, std::basic_string_view<Char> s,
                         int32_t term) {
  uint32_t state = 0;
  for (Char c : s) {
    const char32_t ch = static_cast<char32_t>(static_cast<std::make_unsigned_t<Char>>(c));
    auto& next = nodes[state].next;
    auto it = std::find_if(next.begin(), next.end(), [&](const auto& e) { return e.first == ch; });
    if (it != next.end()) {
      state = it->second;
      continue;
    }
    nodes.emplace_back();
    const auto id = static_cast<uint32_t>(nodes.size() - 1);
    nodes[state].next.emplace_back(ch, id);
    state = id;
  }
  if (nodes[state].out >= 0) {
    // The same text twice: an allowed word wins over a term, the first term over later ones.
    auto& existing = patterns[static_cast<size_t>(nodes[state].out)];
    if (term < 0) existing.term = -1;
    return;
  }
  patterns.push_back({static_cast<uint32_t>(s.size()), term});
  nodes[state].out = static_cast<int32_t>(patterns.size() - 1);
}

void TermMatcher::link(std::vector<Node>& nodes, const std::vector<Pattern>&) {
  for (auto& n : nodes) std::sort(n.next.begin(), n.next.end());
  std::deque<uint32_t> queue;
  for (auto& [ch, child] : nodes[0].next) {
    nodes[child].fail = 0;
    queue.push_back(child);
  }
  while (!queue.empty()) {
    const uint32_t s = queue.front();
    queue.pop_front();
    for (auto& [ch, child] : nodes[s].next) {
      uint32_t f = nodes[s].fail;
      uint32_t target = 0;
      for (;;) {
        const auto& next = nodes[f].next;
        auto it = std::lower_bound(next.begin(), next.end(), ch,
                                   [](const std::pair<char32_t, uint32_t>& e, char32_t v) { return e.first < v; });
        if (it != next.end() && it->first == ch && it->second != child) {
          target = it->second;
          break;
        }
        if (f == 0) break;
        f = nodes[f].fail;
      }
      nodes[child].fail = target;
      nodes[child].dict_link = nodes[target].out >= 0 ? static_cast<int32_t>(target) : nodes[target].dict_link;
      queue.push_back(child);
    }
  }
}

bool TermMatcher::add_term(uint32_t id, std::u32string key, std::string pinyin, TermPosition position,
                           TermBoundary boundary) {
  if (key.empty()) return false;
  const auto term = static_cast<int32_t>(terms_.size());
  terms_.push_back({id, position, boundary});
  needs_words_ = needs_words_ || boundary != TermBoundary::anywhere;
  insert<char32_t>(nodes_, patterns_, key, term);
  if (!pinyin.empty()) insert<char>(py_nodes_, py_patterns_, pinyin, term);
  return true;
}

void TermMatcher::add_allowed(std::u32string key) {
  if (!key.empty()) insert<char32_t>(nodes_, patterns_, key, -1);
}

void TermMatcher::build() {
  link(nodes_, patterns_);
  link(py_nodes_, py_patterns_);
  link(sound_nodes_, sound_patterns_);
  root_.build(nodes_[0]);
  py_root_.build(py_nodes_[0]);
  sound_root_.build(sound_nodes_[0]);
  link(mis_nodes_, mis_patterns_);
  mis_root_.build(mis_nodes_[0]);
  sound_alphabet_.assign(sound_class_.size() / 64 + 1, 0);
  for (const Node& n : sound_nodes_)
    for (const auto& [cls, child] : n.next)
      if (cls / 64 < sound_alphabet_.size()) sound_alphabet_[cls / 64] |= uint64_t{1} << (cls % 64);
  std::sort(initials_.begin(), initials_.end());
  key_alphabet_.assign(kAlphabetLimit / 64, 0);
  for (const Node& n : nodes_)
    for (const auto& [ch, child] : n.next)
      if (ch < kAlphabetLimit) key_alphabet_[ch / 64] |= uint64_t{1} << (ch % 64);
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
  insert<char32_t>(sound_nodes_, sound_patterns_, classes, term);
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
        insert<char32_t>(mis_nodes_, mis_patterns_, std::u32string_view(variant), term);
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

void TermMatcher::find(const text::Canonical& c, const text::PinyinKey* py, std::vector<TermMatch>& out) const {
  struct Raw {
    uint32_t begin, end;
    int32_t term;
    MatchVia via;
  };
  thread_local std::vector<Raw> raw;
  raw.clear();

  auto collect = [&](const std::vector<Node>& nodes, const std::vector<Pattern>& patterns, uint32_t state,
                     uint32_t end, auto&& accept) {
    int32_t n = nodes[state].out >= 0 ? static_cast<int32_t>(state) : nodes[state].dict_link;
    while (n >= 0) {
      const Pattern& p = patterns[static_cast<size_t>(nodes[static_cast<size_t>(n)].out)];
      accept(end - p.length, end, p.term);
      n = nodes[static_cast<size_t>(n)].dict_link;
    }
  };

  uint32_t state = 0;
  bool has_latin_or_digit = false;
  for (uint32_t i = 0; i < c.key.size(); ++i) {
    // A character no term contains leads back to the root from every state, and the root
    // reports nothing: most characters of a title take this shortcut.
    const char32_t ch = c.key[i];
    has_latin_or_digit = has_latin_or_digit || ch < 0x80;
    if (ch < kAlphabetLimit && !key_alphabet_.empty() && !(key_alphabet_[ch / 64] >> (ch % 64) & 1)) {
      state = 0;
      continue;
    }
    state = step(nodes_, root_, state, ch);
    collect(nodes_, patterns_, state, i + 1,
            [&](uint32_t b, uint32_t e, int32_t term) { raw.push_back({b, e, term, MatchVia::text}); });
  }
  if (py != nullptr && py->has_latin && py_nodes_.size() > 1) {
    state = 0;
    for (uint32_t i = 0; i < py->text.size(); ++i) {
      state = step(py_nodes_, py_root_, state, py->text[i]);
      collect(py_nodes_, py_patterns_, state, i + 1, [&](uint32_t b, uint32_t e, int32_t term) {
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
  // Sound: Han characters whose syllables spell a term. A run that is the term itself was
  // found above; one that is a dictionary word is that word (计分 is no 积分).
  if (sound_nodes_.size() > 1) {
    state = 0;
    for (uint32_t i = 0; i < c.key.size(); ++i) {
      const uint16_t syl = text::syllable_of(c.key[i]);
      const uint16_t cls = syl < sound_class_.size() ? sound_class_[syl] : 0;
      // As for characters: a sound no term has leads back to the root.
      if (cls == 0 || !(sound_alphabet_[cls / 64] >> (cls % 64) & 1)) {
        state = 0;
        continue;
      }
      state = step(sound_nodes_, sound_root_, state, static_cast<char32_t>(cls));
      collect(sound_nodes_, sound_patterns_, state, i + 1, [&](uint32_t b, uint32_t e, int32_t term) {
        const std::u32string_view span(c.key.data() + b, e - b);
        const std::u32string& own = term_keys_[static_cast<size_t>(term)];
        if (span == own) return;
        if (sound_keeps_one_) {
          bool kept = false;
          for (size_t k = 0; k < span.size() && !kept; ++k) kept = span[k] == own[k];
          if (!kept) return;
        }
        if (text::Dictionary::builtin().cost(span) != text::Dictionary::kNoWord) return;
        raw.push_back({b, e, term, MatchVia::sound});
      });
    }
  }
  // Miswritten characters: as for sounds, a spelling that is itself a word is that word.
  if (mis_nodes_.size() > 1) {
    state = 0;
    for (uint32_t i = 0; i < c.key.size(); ++i) {
      state = step(mis_nodes_, mis_root_, state, c.key[i]);
      collect(mis_nodes_, mis_patterns_, state, i + 1, [&](uint32_t b, uint32_t e, int32_t term) {
        const std::u32string_view span(c.key.data() + b, e - b);
        if (text::Dictionary::builtin().cost(span) != text::Dictionary::kNoWord) return;
        raw.push_back({b, e, term, MatchVia::miswritten});
      });
    }
  }
  // Letters or digits pushed between a term's Han characters (红1包, 优a惠券): the term is
  // looked for once more with runs of one or two such characters between Han ones left out.
  if (skip_inserted_ && has_latin_or_digit) {
    thread_local std::u32string han;
    thread_local std::vector<uint32_t> han_src;
    han.clear();
    han_src.clear();
    bool skipped = false;
    for (uint32_t i = 0; i < c.key.size(); ++i) {
      if (c.key[i] < 0x80 && i > 0 && c.key[i - 1] >= 0x80) {
        uint32_t j = i;
        while (j < c.key.size() && c.key[j] < 0x80) ++j;
        if (j - i <= 2 && j < c.key.size()) {
          skipped = true;
          i = j - 1;
          continue;
        }
      }
      han.push_back(c.key[i]);
      han_src.push_back(i);
    }
    if (skipped) {
      state = 0;
      for (uint32_t i = 0; i < han.size(); ++i) {
        state = step(nodes_, root_, state, han[i]);
        collect(nodes_, patterns_, state, i + 1, [&](uint32_t b, uint32_t e, int32_t term) {
          const uint32_t kb = han_src[b], ke = han_src[e - 1] + 1;
          if (term < 0 || ke - kb == e - b) return;  // nothing left out inside it: found above
          raw.push_back({kb, ke, term, MatchVia::inserted});
        });
      }
    }
  }
  if (raw.empty()) return;

  // Word boundaries, before the leftmost-longest choice, so that a longer term that is not a
  // word there does not hide a shorter one that is. The key is segmented only when a term
  // with a boundary condition was found, which few titles have.
  if (needs_words_) {
    const text::Segmentation* words = nullptr;
    auto keep = [&](const Raw& r) {
      if (r.term < 0 || r.via == MatchVia::pinyin || r.via == MatchVia::initials || r.via == MatchVia::inserted)
        return true;  // Latin spellings end at Latin boundaries; insertions are no words
      const TermBoundary b = terms_[static_cast<size_t>(r.term)].boundary;
      if (b == TermBoundary::anywhere) return true;
      if (!words) words = &text::segment(text::Dictionary::builtin(), c.key);
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
