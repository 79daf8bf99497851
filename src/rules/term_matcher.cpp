#include "rules/term_matcher.hpp"

#include <algorithm>
#include <deque>

namespace tplguard::rules {

template <typename Char>
uint32_t TermMatcher::step(const std::vector<Node>& nodes, uint32_t state, Char c) {
  const char32_t ch = static_cast<char32_t>(static_cast<std::make_unsigned_t<Char>>(c));
  for (;;) {
    const auto& next = nodes[state].next;
    auto it = std::lower_bound(next.begin(), next.end(), ch,
                               [](const std::pair<char32_t, uint32_t>& e, char32_t v) { return e.first < v; });
    if (it != next.end() && it->first == ch) return it->second;
    if (state == 0) return 0;
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

bool TermMatcher::add_term(uint32_t id, std::u32string key, std::string pinyin, TermPosition position) {
  if (key.empty()) return false;
  const auto term = static_cast<int32_t>(terms_.size());
  terms_.push_back({id, position});
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

void TermMatcher::find(const text::Canonical& c, const text::PinyinKey* py, std::vector<TermMatch>& out) const {
  struct Raw {
    uint32_t begin, end;
    int32_t term;
    bool via_pinyin;
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
  for (uint32_t i = 0; i < c.key.size(); ++i) {
    // A character no term contains leads back to the root from every state, and the root
    // reports nothing: most characters of a title take this shortcut.
    const char32_t ch = c.key[i];
    if (ch < kAlphabetLimit && !key_alphabet_.empty() && !(key_alphabet_[ch / 64] >> (ch % 64) & 1)) {
      state = 0;
      continue;
    }
    state = step(nodes_, state, ch);
    collect(nodes_, patterns_, state, i + 1,
            [&](uint32_t b, uint32_t e, int32_t term) { raw.push_back({b, e, term, false}); });
  }
  if (py != nullptr && py->has_latin && py_nodes_.size() > 1) {
    state = 0;
    for (uint32_t i = 0; i < py->text.size(); ++i) {
      state = step(py_nodes_, state, py->text[i]);
      collect(py_nodes_, py_patterns_, state, i + 1, [&](uint32_t b, uint32_t e, int32_t term) {
        if (!py->boundary[b] || !py->boundary[e]) return;
        bool latin = false;
        for (uint32_t k = b; k < e && !latin; ++k) latin = py->latin[k] != 0;
        if (!latin) return;  // all-Han homophones are not matched: too many false alarms
        raw.push_back({py->src[b], py->src[e - 1] + 1, term, true});
      });
    }
  }
  if (raw.empty()) return;

  // Leftmost-longest, and a term inside an allowed word does not count.
  std::sort(raw.begin(), raw.end(), [](const Raw& a, const Raw& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.end > b.end;
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
    out.push_back({t.id, r.begin, r.end, r.via_pinyin});
    taken_end = r.end;
  }
}

}  // namespace tplguard::rules
