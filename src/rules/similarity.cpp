#include "rules/similarity.hpp"

#include <algorithm>
#include <unordered_map>

namespace tplguard::rules {

StemBuilder::StemBuilder(const CompileContext& ctx, bool strip_suffix) {
  const YAML::Node& p = ctx.params();
  const auto& canon = ctx.canon();
  if (strip_suffix)
    for (const auto& s : ctx.string_list(p, "suffixes")) suffixes_.push_back(canon.key_of(s));
  uint32_t id = 0;
  for (const auto& f : ctx.string_list(p, "fillers", false)) {
    rewrite_.add_term(id++, canon.key_of(f), {}, TermPosition::anywhere);
    replacement_.emplace_back();
  }
  if (p["synonyms"]) {
    ctx.with_data(ctx.string_param(p, "synonyms"), [&](const YAML::Node& root) {
      YAML::Node syn = root.IsMap() ? root["synonyms"] : YAML::Node();
      if (!syn.IsMap()) ctx.fail(root, "`synonyms` maps a word to its variants");
      for (const auto& kv : syn) {
        const std::u32string word = canon.key_of(kv.first.as<std::string>());
        if (!kv.second.IsSequence()) ctx.fail(kv.second, "variants are a list");
        for (const auto& variant : kv.second) {
          rewrite_.add_term(id++, canon.key_of(variant.as<std::string>()), {}, TermPosition::anywhere);
          replacement_.push_back(word);
        }
      }
    });
  }
  rewrite_.build();
  if (p["contrasts"]) {
    ctx.with_data(ctx.string_param(p, "contrasts"), [&](const YAML::Node& root) {
    YAML::Node groups = root.IsMap() ? root["groups"] : YAML::Node();
    if (!groups.IsSequence()) ctx.fail(root, "the contrasts file holds `groups: [...]`");
    uint32_t g = 0, term = 0;
    for (const auto& group : groups) {
      if (!group.IsMap()) ctx.fail(group, "a group is {members, implicit}");
      if (g >= 0xFFFF) ctx.fail(group, "too many contrast groups");
      const auto members = ctx.string_list(group, "members");
      const auto implicit = ctx.string_list(group, "implicit", false);
      for (uint32_t m = 0; m < members.size(); ++m) {
        contrast_.add_term(term++, canon.key_of(members[m]), {}, TermPosition::anywhere);
        contrast_code_.push_back(g << 16 | m);
        contrast_implicit_.push_back(std::find(implicit.begin(), implicit.end(), members[m]) != implicit.end());
      }
      ++g;
    }
    });
  }
  contrast_.build();
  params_.min_ratio = ctx.number_param(p, "min_ratio");
  params_.max_inserted = static_cast<size_t>(ctx.number_param(p, "max_inserted"));
  params_.min_length = static_cast<size_t>(ctx.number_param(p, "min_length"));
  params_.max_length = static_cast<size_t>(ctx.number_param(p, "max_length", 64));
}

void StemBuilder::stem(const text::Canonical& c, Stem& out) const {
  thread_local text::Canonical scratch;
  thread_local std::vector<TermMatch> matches;
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
  scratch.key.assign(key);
  scratch.key_src.resize(key.size());
  for (uint32_t i = 0; i < key.size(); ++i) scratch.key_src[i] = i;
  matches.clear();
  rewrite_.find(scratch, nullptr, matches);
  out.text.clear();
  size_t pos = 0;
  for (const auto& m : matches) {
    out.text.append(key.substr(pos, m.key_begin - pos));
    out.text.append(replacement_[m.term]);
    pos = m.key_end;
  }
  out.text.append(key.substr(pos));

  out.contrasts.clear();
  scratch.key = out.text;
  scratch.key_src.resize(out.text.size());
  for (uint32_t i = 0; i < out.text.size(); ++i) scratch.key_src[i] = i;
  matches.clear();
  contrast_.find(scratch, nullptr, matches);
  for (const auto& m : matches)
    if (!contrast_implicit_[m.term]) out.contrasts.push_back(contrast_code_[m.term]);
  std::sort(out.contrasts.begin(), out.contrasts.end());
  out.contrasts.erase(std::unique(out.contrasts.begin(), out.contrasts.end()), out.contrasts.end());
}

SimilarReason compare_stems(const Stem& a, const Stem& b, const SimilarityParams& p, std::u32string* inserted) {
  if (a.text == b.text) return SimilarReason::same_stem;
  // Naming different events of a contrast group (or one naming an event the other does not)
  // keeps two stems apart.
  if (a.contrasts != b.contrasts) return SimilarReason::none;
  const Stem& s = a.text.size() <= b.text.size() ? a : b;
  const Stem& l = a.text.size() <= b.text.size() ? b : a;
  if (s.text.size() < p.min_length || l.text.size() > p.max_length) return SimilarReason::none;
  if (l.text.size() - s.text.size() > p.max_inserted) return SimilarReason::none;
  if (static_cast<double>(s.text.size()) < p.min_ratio * static_cast<double>(l.text.size())) return SimilarReason::none;
  // Is the shorter a subsequence of the longer? Greedy matching is exact for this test.
  size_t i = 0;
  if (inserted) inserted->clear();
  for (char32_t ch : l.text) {
    if (i < s.text.size() && s.text[i] == ch) ++i;
    else if (inserted) inserted->push_back(ch);
  }
  return i == s.text.size() ? SimilarReason::inserted : SimilarReason::none;
}

}  // namespace tplguard::rules

namespace tplguard::rules {

namespace {

// Calls fn(variant) for each subsequence of `s` with between 1 and `max_del` characters
// left out (a variant may come more than once when `s` repeats a character; callers are
// idempotent). Deleted positions are enumerated as increasing index tuples, no allocation
// beyond the one buffer.
template <typename Fn>
void for_each_deletion(const std::u32string& s, size_t max_del, Fn&& fn) {
  thread_local std::u32string variant;
  size_t del[8];
  max_del = std::min<size_t>({max_del, s.size(), 8});
  for (size_t k = 1; k <= max_del; ++k) {
    for (size_t i = 0; i < k; ++i) del[i] = i;
    for (;;) {
      variant.clear();
      for (size_t pos = 0, d = 0; pos < s.size(); ++pos) {
        if (d < k && del[d] == pos) {
          ++d;
          continue;
        }
        variant.push_back(s[pos]);
      }
      fn(std::u32string_view(variant));
      // Next k-combination of positions.
      size_t i = k;
      while (i > 0 && del[i - 1] == s.size() - k + i - 1) --i;
      if (i == 0) break;
      ++del[i - 1];
      for (size_t m = i; m < k; ++m) del[m] = del[m - 1] + 1;
    }
  }
}

}  // namespace

std::vector<int64_t> earliest_similar(const std::vector<Stem>& stems, const std::vector<std::u32string_view>& keys,
                                      const SimilarityParams& p) {
  const size_t n = stems.size();
  std::vector<int64_t> out(n, -1);
  // Distinct stems, each with its items in order.
  std::unordered_map<std::u32string_view, size_t> group_of;
  std::vector<std::vector<size_t>> groups;
  std::vector<size_t> item_group(n);
  for (size_t i = 0; i < n; ++i) {
    auto [it, fresh] = group_of.emplace(stems[i].text, groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(i);
    item_group[i] = it->second;
  }
  // Distinct stems by length: a stem's neighbourhood is only generated when shorter stems
  // it could contain exist.
  std::vector<size_t> by_length(p.max_length + 2, 0);
  for (const auto& g : groups) by_length[std::min(stems[g.front()].text.size(), p.max_length + 1)]++;
  // Across groups: the earliest first item of any similar distinct stem.
  std::vector<int64_t> similar_first(groups.size(), -1);
  auto note = [&](size_t g, size_t other) {
    const auto first = static_cast<int64_t>(groups[other].front());
    if (similar_first[g] < 0 || first < similar_first[g]) similar_first[g] = first;
  };
  for (size_t g = 0; g < groups.size(); ++g) {
    const Stem& longer = stems[groups[g].front()];
    const size_t len = longer.text.size();
    if (len > p.max_length || len <= p.min_length) continue;
    // Deletions the ratio and the minimum length allow.
    size_t max_del = std::min(p.max_inserted, len - p.min_length);
    while (max_del > 0 && static_cast<double>(len - max_del) < p.min_ratio * static_cast<double>(len)) --max_del;
    size_t candidates = 0;
    for (size_t d = 1; d <= max_del; ++d) candidates += by_length[len - d];
    if (max_del == 0 || candidates == 0) continue;
    for_each_deletion(longer.text, max_del, [&](std::u32string_view variant) {
      auto it = group_of.find(variant);
      if (it == group_of.end() || it->second == g) return;
      const Stem& shorter = stems[groups[it->second].front()];
      if (compare_stems(shorter, longer, p, nullptr) == SimilarReason::none) return;
      note(g, it->second);
      note(it->second, g);
    });
  }
  for (size_t g = 0; g < groups.size(); ++g) {
    const auto& items = groups[g];
    // Within a group: the first item, or for items sharing its key the first item whose key
    // differs (identical keys are duplicates, reported elsewhere).
    int64_t first_other_key = -1;
    for (size_t i : items)
      if (keys[i] != keys[items.front()]) {
        first_other_key = static_cast<int64_t>(i);
        break;
      }
    for (size_t i : items) {
      int64_t best = -1;
      const int64_t same = keys[i] != keys[items.front()] ? static_cast<int64_t>(items.front()) : first_other_key;
      if (same >= 0 && same < static_cast<int64_t>(i)) best = same;
      if (similar_first[g] >= 0 && similar_first[g] < static_cast<int64_t>(i) && (best < 0 || similar_first[g] < best))
        best = similar_first[g];
      out[i] = best;
    }
  }
  return out;
}

}  // namespace tplguard::rules
