// Kind `suffix`: the title must end in one of the allowed words (审核说明 1.3).
// The fix trims trailing spaces and symbols, swaps a near-miss ending (提示 -> 提醒) or
// appends the default suffix.
#include <unicode/uchar.h>

#include "rules/kinds/kinds.hpp"
#include "rules/target.hpp"
#include "text/unicode_tables.hpp"

namespace tplguard::rules::kinds {
namespace {

class SuffixRule : public RuleKind {
 public:
  explicit SuffixRule(const CompileContext& ctx) {
    parse_target(ctx, {Target::title});
    for (const auto& s : ctx.string_list(ctx.params(), "suffixes")) suffixes_.push_back(ctx.canon().key_of(s));
    if (yaml::Node near = ctx.params()["replace"]) {
      if (!near.IsMap()) ctx.fail(near, "`replace` maps near-miss endings to suffixes");
      for (const auto& kv : near) near_.emplace_back(ctx.canon().key_of(kv.first.as<std::string>()), kv.second.as<std::string>());
      // Longest first, so 提醒您 is tried before 您.
      std::sort(near_.begin(), near_.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    }
    append_ = ctx.string_param(ctx.params(), "append");
    suffix_list_ = ctx.string_list(ctx.params(), "suffixes");
  }

  void check(const TemplateView& v, Sink& sink) const override {
    const text::Canonical& c = *v.title;
    const std::u32string_view key(c.key);
    for (const auto& s : suffixes_)
      if (key.size() >= s.size() && key.substr(key.size() - s.size()) == s) return;
    // Everything up to the last letter or digit is kept; trailing spaces and symbols go.
    const uint32_t keep = c.key.empty() ? 0 : c.key_src.back() + 1;
    std::string fix;
    uint32_t begin = keep, end = static_cast<uint32_t>(c.original.size());
    bool replaced = false;
    for (const auto& [ending, replacement] : near_) {
      if (key.size() > ending.size() && key.substr(key.size() - ending.size()) == ending) {
        const uint32_t from = c.key_src[key.size() - ending.size()];
        fix = original_text(c, first_kept(c), from) + replacement;
        begin = from;
        replaced = true;
        break;
      }
    }
    // A note in brackets after the suffix (水费缴纳成功通知（居民）): the fix drops the note.
    if (!replaced) {
      const uint32_t first = first_kept(c);
      for (uint32_t i = static_cast<uint32_t>(c.original.size()); i-- > first;) {
        if (u_charType(static_cast<UChar32>(c.original[i])) != U_START_PUNCTUATION) continue;
        size_t n = 0;  // key characters before the bracket
        while (n < c.key_src.size() && c.key_src[n] < i) ++n;
        const std::u32string_view before = key.substr(0, n);
        for (const auto& s : suffixes_)
          if (!replaced && before.size() >= s.size() && before.substr(before.size() - s.size()) == s) {
            fix = original_text(c, first, c.key_src[n - 1] + 1);
            begin = c.key_src[n - 1] + 1;
            replaced = true;
          }
        break;  // only the last opening bracket
      }
    }
    if (!replaced) {
      // A closing bracket right after the last letter stays, so the fix is no half bracket
      // (会员（VIP）通知, not 会员（VIP通知); title-symbol reports the brackets themselves.
      uint32_t kept_end = keep;
      if (kept_end < c.original.size() && u_charType(static_cast<UChar32>(c.original[kept_end])) == U_END_PUNCTUATION)
        ++kept_end;
      fix = original_text(c, first_kept(c), kept_end) + append_;
      if (begin == end) begin = keep == 0 ? 0 : keep - 1;  // point at the last character
    }
    Hit hit;
    hit.field = FieldRef{FieldRef::title, 0};
    hit.begin = begin;
    hit.end = std::max(end, begin + 1);
    if (hit.end > c.original.size()) hit.end = static_cast<uint32_t>(c.original.size());
    std::string allowed_zh, allowed_en;
    for (size_t i = 0; i < suffix_list_.size(); ++i) {
      allowed_zh += (i ? "或“" : "“") + suffix_list_[i] + "”";
      allowed_en += (i ? " or '" : "'") + suffix_list_[i] + "'";
    }
    hit.args = {{"suffixes", allowed_zh, allowed_en}, {"fix", fix, fix}};
    if (!c.key.empty()) hit.fix = fix;
    sink.report(v, std::move(hit));
  }

 private:
  // Leading spaces are not part of the fixed title.
  static uint32_t first_kept(const text::Canonical& c) {
    uint32_t i = 0;
    while (i < c.original.size() && (text::char_class(c.original[i]) & text::CharClass::kSpace)) ++i;
    return i;
  }

  std::vector<std::u32string> suffixes_;
  std::vector<std::string> suffix_list_;
  std::vector<std::pair<std::u32string, std::string>> near_;
  std::string append_;
};

}  // namespace

std::unique_ptr<RuleKind> make_suffix(const CompileContext& ctx) { return std::make_unique<SuffixRule>(ctx); }

}  // namespace tplguard::rules::kinds
