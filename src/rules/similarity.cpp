#include "rules/similarity.hpp"

#include <algorithm>

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
    YAML::Node syn = ctx.load_data(ctx.string_param(p, "synonyms"))["synonyms"];
    if (!syn.IsMap()) ctx.fail(p["synonyms"], "the synonyms file maps a word to its variants");
    for (const auto& kv : syn) {
      const std::u32string word = canon.key_of(kv.first.as<std::string>());
      for (const auto& variant : kv.second) {
        rewrite_.add_term(id++, canon.key_of(variant.as<std::string>()), {}, TermPosition::anywhere);
        replacement_.push_back(word);
      }
    }
  }
  rewrite_.build();
  if (p["contrasts"]) {
    YAML::Node groups = ctx.load_data(ctx.string_param(p, "contrasts"))["groups"];
    if (!groups.IsSequence()) ctx.fail(p["contrasts"], "the contrasts file holds `groups: [...]`");
    uint32_t g = 0, term = 0;
    for (const auto& group : groups) {
      const auto members = ctx.string_list(group, "members");
      const auto implicit = ctx.string_list(group, "implicit", false);
      for (uint32_t m = 0; m < members.size(); ++m) {
        contrast_.add_term(term++, canon.key_of(members[m]), {}, TermPosition::anywhere);
        contrast_code_.push_back(g << 16 | m);
        contrast_implicit_.push_back(std::find(implicit.begin(), implicit.end(), members[m]) != implicit.end());
      }
      ++g;
    }
  }
  contrast_.build();
  params_.min_ratio = ctx.number_param(p, "min_ratio");
  params_.max_inserted = static_cast<size_t>(ctx.number_param(p, "max_inserted"));
  params_.min_length = static_cast<size_t>(ctx.number_param(p, "min_length"));
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
  if (s.text.size() < p.min_length) return SimilarReason::none;
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

Arg similar_reason_arg(SimilarReason r, const std::u32string& inserted) {
  if (r == SimilarReason::same_stem)
    return {"reason", "去掉后缀、同义词归一后相同", "the same once the suffix is removed and synonyms are mapped"};
  const std::string extra = text::to_utf8(inserted);
  return {"reason", "只多了“" + extra + "”", "differs only by the added '" + extra + "'"};
}

}  // namespace tplguard::rules
