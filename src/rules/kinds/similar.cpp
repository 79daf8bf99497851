// Kind `similar`: too-similar titles across the linted set and the reference library
// (审核说明 1.2), or too-similar keywords under one title (2.2). See rules/similarity.hpp
// for the measure; identical keys are left to the `duplicate` kind.
#include "rules/kinds/kinds.hpp"
#include "rules/similarity.hpp"
#include "rules/target.hpp"

namespace tplguard::rules::kinds {
namespace {

class SimilarRule : public RuleKind {
 public:
  explicit SimilarRule(const CompileContext& ctx)
      : target_(parse_target(ctx, {Target::title, Target::keyword_name})),
        stems_(ctx, target_ == Target::title) {}

  bool set_level() const override { return target_ == Target::title; }

  // Keywords under one title.
  void check(const TemplateView& v, Sink& sink) const override {
    if (target_ != Target::keyword_name || v.keyword_count < 2) return;
    thread_local std::vector<Stem> stems;
    thread_local std::vector<std::u32string_view> keys;
    stems.resize(v.keyword_count);
    keys.resize(v.keyword_count);
    for (size_t i = 0; i < v.keyword_count; ++i) {
      stems_.stem(v.names[i], stems[i]);
      keys[i] = v.names[i].key;
    }
    const std::vector<int64_t> earliest = earliest_similar(stems, keys, stems_.params());
    std::u32string inserted;
    for (size_t j = 1; j < v.keyword_count; ++j) {
      if (earliest[j] < 0) continue;
      const auto i = static_cast<size_t>(earliest[j]);
      const SimilarReason r = compare_stems(stems[i], stems[j], stems_.params(), &inserted);
      Hit hit;
      hit.field = FieldRef{FieldRef::keyword_name, static_cast<uint32_t>(j)};
      const std::string other = v.keyword(i).name.value;
      hit.args = {{"other", other, other}, reason(r, inserted)};
      sink.report(v, std::move(hit));
    }
  }

  void check_set(const std::vector<TemplateView>& linted, const std::vector<TemplateView>& library,
                 Sink& sink) const override {
    std::vector<Stem> lib(library.size()), own(linted.size());
    for (size_t i = 0; i < library.size(); ++i) stems_.stem(*library[i].title, lib[i]);
    for (size_t i = 0; i < linted.size(); ++i) stems_.stem(*linted[i].title, own[i]);
    std::u32string inserted;
    auto try_pair = [&](const TemplateView& v, const Stem& sv, const TemplateView& o, const Stem& so,
                        const char* zh_from, const char* en_from) {
      if (v.title->key == o.title->key) return false;  // title-duplicate's finding
      const SimilarReason r = compare_stems(sv, so, stems_.params(), &inserted);
      if (r == SimilarReason::none) return false;
      Hit hit;
      hit.field = FieldRef{FieldRef::title, 0};
      const std::string& title = o.tpl->title.value;
      hit.args = {{"other", std::string(zh_from) + "“" + title + "”", std::string(en_from) + "'" + title + "'"},
                  reason(r, inserted)};
      hit.related = describe_location(o) + " " + title;
      sink.report(v, std::move(hit));
      return true;
    };
    for (size_t j = 0; j < linted.size(); ++j) {
      bool found = false;
      for (size_t i = 0; i < j && !found; ++i) found = try_pair(linted[j], own[j], linted[i], own[i], "", "");
      for (size_t i = 0; i < library.size() && !found; ++i)
        found = try_pair(linted[j], own[j], library[i], lib[i], "参考库中的", "library title ");
    }
  }

 private:
  static Arg reason(SimilarReason r, const std::u32string& inserted) {
    if (r == SimilarReason::same_stem)
      return {"reason", "去掉后缀、同义词归一后相同", "the same once the suffix is removed and synonyms are mapped"};
    const std::string extra = text::to_utf8(inserted);
    return {"reason", "只多了“" + extra + "”", "differs only by the added '" + extra + "'"};
  }

  Target target_;
  StemBuilder stems_;
};

}  // namespace

std::unique_ptr<RuleKind> make_similar(const CompileContext& ctx) { return std::make_unique<SimilarRule>(ctx); }

}  // namespace tplguard::rules::kinds
