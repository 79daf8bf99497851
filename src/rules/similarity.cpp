#include "rules/similarity.hpp"

#include <algorithm>
#include <unordered_map>

namespace tplguard::rules {

// ---- The word lexicon: a trie over code points ------------------------------------------

int32_t WordLexicon::child(uint32_t node, char32_t c) const {
  const auto& next = nodes_[node].next;
  auto it = std::lower_bound(next.begin(), next.end(), c, [](const auto& e, char32_t x) { return e.first < x; });
  return it != next.end() && it->first == c ? static_cast<int32_t>(it->second) : -1;
}

void WordLexicon::add(std::u32string_view word, int32_t id) {
  uint32_t node = 0;
  for (char32_t c : word) {
    const int32_t n = child(node, c);
    if (n >= 0) {
      node = static_cast<uint32_t>(n);
      continue;
    }
    const auto fresh = static_cast<uint32_t>(nodes_.size());
    nodes_.emplace_back();
    auto& next = nodes_[node].next;
    next.insert(std::lower_bound(next.begin(), next.end(), c, [](const auto& e, char32_t x) { return e.first < x; }),
                {c, fresh});
    node = fresh;
  }
  nodes_[node].word = id;
}

int32_t WordLexicon::find(std::u32string_view s) const {
  uint32_t node = 0;
  for (char32_t c : s) {
    const int32_t n = child(node, c);
    if (n < 0) return -1;
    node = static_cast<uint32_t>(n);
  }
  return nodes_[node].word;
}

size_t WordLexicon::longest_at(std::u32string_view s, size_t at, size_t limit, int32_t* word) const {
  uint32_t node = 0;
  size_t best = 0;
  for (size_t i = at; i < limit; ++i) {
    const int32_t n = child(node, s[i]);
    if (n < 0) break;
    node = static_cast<uint32_t>(n);
    if (nodes_[node].word >= 0) {
      best = i + 1 - at;
      if (word) *word = nodes_[node].word;
    }
  }
  return best;
}

void WordLexicon::prefixes(std::u32string_view s, size_t at, size_t limit,
                           std::vector<std::pair<uint32_t, int32_t>>& out) const {
  out.clear();
  uint32_t node = 0;
  for (size_t i = at; i < limit; ++i) {
    const int32_t n = child(node, s[i]);
    if (n < 0) break;
    node = static_cast<uint32_t>(n);
    if (nodes_[node].word >= 0) out.emplace_back(static_cast<uint32_t>(i + 1 - at), nodes_[node].word);
  }
}

void segment_stem(std::u32string_view stem, const WordLexicon& lexicon, std::vector<StemSpan>& out) {
  out.clear();
  for (size_t pos = 0; pos < stem.size();) {
    const size_t len = std::max<size_t>(1, lexicon.longest_at(stem, pos, stem.size(), nullptr));
    out.push_back({static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + len)});
    pos += len;
  }
}

// ---- Building stems -----------------------------------------------------------------------

uint32_t StemBuilder::class_for(const std::u32string& key) {
  Class c;
  c.headword = key;
  const auto id = static_cast<uint32_t>(classes_.size());
  c.code = key.size() == 1 ? key[0] : kStemWordBase + (id << 5 | static_cast<uint32_t>(key.size()));
  classes_.push_back(std::move(c));
  return id;
}

uint32_t StemBuilder::intern_word(const std::u32string& key, uint32_t cls, const CompileContext& ctx,
                                  const yaml::Node& at) {
  if (key.empty()) ctx.fail(at, "an empty word");
  if (key.size() > kMaxWordLength) ctx.fail(at, "a word longer than 31 characters: " + text::to_utf8(key));
  if (lexicon_.find(key) >= 0) ctx.fail(at, "`" + text::to_utf8(key) + "` is listed twice (a word is in one class only)");
  const auto id = static_cast<int32_t>(words_.size());
  lexicon_.add(key, id);
  words_.push_back(key);
  word_class_.push_back(cls);
  return static_cast<uint32_t>(id);
}

StemBuilder::StemBuilder(const CompileContext& ctx, bool strip_suffix) : canon_(&ctx.canon()) {
  const yaml::Node& p = ctx.params();
  const auto& canon = ctx.canon();
  if (strip_suffix)
    for (const auto& s : ctx.string_list(p, "suffixes")) suffixes_.push_back(canon.key_of(s));
  if (p["synonyms"]) {
    ctx.with_data(ctx.string_param(p, "synonyms"), [&](const yaml::Node& root) {
      yaml::Node syn = root.IsMap() ? root["synonyms"] : yaml::Node();
      if (!syn.IsMap()) ctx.fail(root, "`synonyms` maps a headword to its variants");
      for (const auto& kv : syn) {
        const std::u32string head = canon.key_of(kv.first.as<std::string>());
        if (!kv.second.IsSequence()) ctx.fail(kv.second, "variants are a list");
        const uint32_t cls = class_for(head);
        intern_word(head, cls, ctx, kv.first);
        for (const auto& variant : kv.second) intern_word(canon.key_of(variant.as<std::string>()), cls, ctx, variant);
      }
    });
  }
  // A member or qualifier: its class (a word of its own when the thesaurus has none).
  auto member_class = [&](const std::string& word, const yaml::Node& at) {
    const std::u32string key = canon.key_of(word);
    const int32_t w = lexicon_.find(key);
    if (w >= 0) return word_class_[static_cast<size_t>(w)];
    const uint32_t cls = class_for(key);
    intern_word(key, cls, ctx, at);
    return cls;
  };
  if (p["contrasts"]) {
    ctx.with_data(ctx.string_param(p, "contrasts"), [&](const yaml::Node& root) {
      yaml::Node groups = root.IsMap() ? root["groups"] : yaml::Node();
      if (!groups.IsSequence()) ctx.fail(root, "the contrasts file holds `groups: [...]`");
      uint32_t g = 0;
      std::vector<uint32_t> named;  // classes that are members of some group
      for (const auto& group : groups) {
        if (!group.IsMap()) ctx.fail(group, "a group is {members, implicit}");
        if (g >= 0xFFFF) ctx.fail(group, "too many contrast groups");
        const auto members = ctx.string_list(group, "members");
        const auto implicit = ctx.string_list(group, "implicit", false);
        std::vector<std::pair<uint32_t, std::string>> seen;  // class, member as written
        for (uint32_t m = 0; m < members.size(); ++m) {
          const uint32_t cls = member_class(members[m], group);
          for (const auto& [other, written] : seen)
            if (other == cls)
              ctx.fail(group, "`" + written + "` and `" + members[m] +
                                  "` are one word (synonyms.yaml puts them in one class): a group cannot set them apart");
          seen.emplace_back(cls, members[m]);
          named.push_back(cls);
          if (std::find(implicit.begin(), implicit.end(), members[m]) == implicit.end())
            classes_[cls].contrasts.push_back(g << 16 | m);
        }
        for (const auto& i : implicit)
          if (std::find(members.begin(), members.end(), i) == members.end())
            ctx.fail(group, "implicit `" + i + "` is not a member of its group");
        ++g;
      }
      if (root["qualifiers"]) {
        for (const auto& q : ctx.string_list(root, "qualifiers")) {
          if (g >= 0xFFFF) ctx.fail(root["qualifiers"], "too many contrast groups");
          const uint32_t cls = member_class(q, root["qualifiers"]);
          if (std::find(named.begin(), named.end(), cls) != named.end() || !classes_[cls].contrasts.empty())
            ctx.fail(root["qualifiers"], "qualifier `" + q + "` is already a contrast member or a qualifier");
          classes_[cls].contrasts.push_back(g++ << 16);
        }
      }
    });
  }
  for (const auto& f : ctx.string_list(p, "fillers", false)) {
    const std::u32string key = canon.key_of(f);
    if (lexicon_.find(key) >= 0) ctx.fail(p["fillers"], "filler `" + f + "` is also a thesaurus or contrast word");
    const uint32_t cls = class_for(key);
    classes_[cls].filler = true;
    intern_word(key, cls, ctx, p["fillers"]);
  }
  params_.min_ratio = ctx.number_param(p, "min_ratio");
  params_.max_inserted = static_cast<size_t>(ctx.number_param(p, "max_inserted"));
  params_.min_length = static_cast<size_t>(ctx.number_param(p, "min_length"));
  params_.max_length = static_cast<size_t>(ctx.number_param(p, "max_length", 64));
}

void StemBuilder::tokens(const text::Canonical& c, std::u32string& stem, std::vector<Token>& out) const {
  thread_local std::vector<StemSpan> spans;
  std::u32string_view key(c.key);
  // Suffixes come off the end, repeatedly (通知提醒).
  for (bool again = true; again;) {
    again = false;
    for (const auto& s : suffixes_)
      if (key.size() > s.size() && key.substr(key.size() - s.size()) == s) {
        key.remove_suffix(s.size());
        again = true;
      }
  }
  stem.assign(key);
  segment_stem(stem, lexicon_, spans);
  resolve(stem, spans, out);
}

void StemBuilder::resolve(std::u32string_view stem, const std::vector<StemSpan>& spans, std::vector<Token>& out) const {
  out.clear();
  auto word = [&](int32_t w, uint32_t b, uint32_t e) {
    const uint32_t id = word_class_[static_cast<size_t>(w)];
    if (!classes_[id].filler) out.push_back({classes_[id].code, true, id, {b, e}});
  };
  thread_local std::vector<std::pair<uint32_t, int32_t>> found;
  for (size_t i = 0; i < spans.size();) {
    // The longest lexicon word that starts at this segment and ends where a segment ends.
    int32_t best_word = -1;
    size_t best_last = 0;
    lexicon_.prefixes(stem, spans[i].begin, stem.size(), found);
    for (size_t j = i, f = 0; f < found.size(); ++f) {
      const size_t end = spans[i].begin + found[f].first;
      while (j < spans.size() && spans[j].end < end) ++j;
      if (j == spans.size()) break;
      if (spans[j].end == end) {
        best_word = found[f].second;
        best_last = j;
      }
    }
    if (best_word >= 0) {
      word(best_word, spans[i].begin, spans[best_last].end);
      i = best_last + 1;
      continue;
    }
    // A segment the lexicon does not know: the longest match inside it.
    for (uint32_t pos = spans[i].begin; pos < spans[i].end;) {
      int32_t w = -1;
      const size_t len = lexicon_.longest_at(stem, pos, spans[i].end, &w);
      if (len > 0) {
        word(w, pos, pos + static_cast<uint32_t>(len));
        pos += static_cast<uint32_t>(len);
      } else {
        out.push_back({stem[pos], false, 0, {pos, pos + 1}});
        ++pos;
      }
    }
    ++i;
  }
}

void StemBuilder::stem(const text::Canonical& c, Stem& out) const {
  thread_local std::u32string stem;
  thread_local std::vector<Token> toks;
  tokens(c, stem, toks);
  assemble(toks, out);
}

void StemBuilder::stem_segmented(std::u32string_view chars, const std::vector<StemSpan>& segments, Stem& out) const {
  std::vector<Token> toks;
  resolve(chars, segments, toks);
  assemble(toks, out);
}

void StemBuilder::assemble(const std::vector<Token>& toks, Stem& out) const {
  out.text.clear();
  out.contrasts.clear();
  out.length = 0;
  for (const auto& t : toks)
    if (t.movable) {
      out.text.push_back(t.code);
      out.length += static_cast<uint32_t>(stem_code_width(t.code));
      for (uint32_t code : classes_[t.cls].contrasts) out.contrasts.push_back(code);
    }
  std::sort(out.text.begin(), out.text.end());
  out.text.push_back(kStemSeparator);
  for (const auto& t : toks)
    if (!t.movable) {
      out.text.push_back(t.code);
      ++out.length;
    }
  std::sort(out.contrasts.begin(), out.contrasts.end());
  out.contrasts.erase(std::unique(out.contrasts.begin(), out.contrasts.end()), out.contrasts.end());
}

std::u32string StemBuilder::added_text(const text::Canonical& shorter, const text::Canonical& longer) const {
  std::u32string s_stem, l_stem, out;
  std::vector<Token> s_toks, l_toks;
  tokens(shorter, s_stem, s_toks);
  tokens(longer, l_stem, l_toks);
  std::vector<char32_t> words, fixed;
  for (const auto& t : s_toks) (t.movable ? words : fixed).push_back(t.code);
  size_t next_fixed = 0;
  for (const auto& t : l_toks) {
    if (t.movable) {
      auto it = std::find(words.begin(), words.end(), t.code);
      if (it != words.end()) {
        words.erase(it);
        continue;
      }
    } else if (next_fixed < fixed.size() && fixed[next_fixed] == t.code) {
      ++next_fixed;
      continue;
    }
    out.append(l_stem, t.span.begin, t.span.end - t.span.begin);
  }
  return out;
}

std::u32string StemBuilder::class_of(std::string_view word) const {
  const std::u32string key = canon_->key_of(word);
  const int32_t w = lexicon_.find(key);
  return w < 0 ? key : classes_[word_class_[static_cast<size_t>(w)]].headword;
}

// ---- Messages ----------------------------------------------------------------------------

Arg similar_reason_arg(SimilarReason r, const std::u32string& inserted) {
  if (r == SimilarReason::same_stem)
    return {"reason", "去掉后缀、同义词归一后词语相同",
            "the same words once the suffix is removed and synonyms are mapped, in any order"};
  const std::string extra = text::to_utf8(inserted);
  return {"reason", "只多了“" + extra + "”", "differs only by the added '" + extra + "'"};
}

}  // namespace tplguard::rules
