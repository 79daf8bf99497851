// Kind `similar`: too-similar titles across the linted set and the reference library
// (审核说明 1.2), or too-similar keywords under one title (2.2). See similarity/stem.hpp
// for the measure; identical keys are left to the `duplicate` kind.
#include "similarity/title_set.hpp"
#include "rules/kinds/kinds.hpp"
#include "rules/set_messages.hpp"
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

  // Keywords under one title: each is reported against the first earlier keyword it is
  // similar to, found by the same join as titles (every pair compared: there are few).
  void check(const TemplateView& v, Sink& sink) const override {
    if (target_ != Target::keyword_name || v.keyword_count < 2) return;
    thread_local std::vector<Stem> stems;
    stems.resize(v.keyword_count);
    thread_local similarity::TitleSetBuilder builder;
    builder.clear();
    for (size_t i = 0; i < v.keyword_count; ++i) {
      stems_.stem(v.names[i], stems[i]);
      builder.add(v.names[i].key, stems[i]);
    }
    similarity::JoinOptions options;
    options.jobs = 1;
    options.exhaustive = v.keyword_count <= kPairwise;
    const similarity::TitleJoin join = similarity::join_titles(builder.set(), stems_.params(), options);
    std::u32string inserted;
    for (size_t j = 1; j < v.keyword_count; ++j) {
      const uint32_t i = join.earliest[0][j];
      if (i == similarity::kNone || i >= j) continue;
      const SimilarReason r = compare_stems(stems[i], stems[j], stems_.params());
      inserted = added(r, stems[i], stems[j], v.names[i], v.names[j]);
      Hit hit;
      hit.field = FieldRef{FieldRef::keyword_name, static_cast<uint32_t>(j)};
      const std::string other = v.keyword(i).name.value;
      hit.args = {{"other", other, other}, reason(r, inserted)};
      sink.report(v, std::move(hit));
    }
  }

  // Titles across the linted set and the library, with the audit's exact join (an index
  // over stems, not every pair): a title is reported against the first earlier linted title
  // it is similar to, else the first library title.
  void check_set(const std::vector<TemplateView>& linted, const std::vector<TemplateView>& library,
                 Sink& sink) const override {
    if (linted.empty()) return;
    similarity::TitleSetBuilder builder;
    builder.set().parts = 2;  // the linted titles (0) and the library (1), even when it is empty
    std::vector<Stem> own(linted.size());
    for (size_t i = 0; i < linted.size(); ++i) {
      stems_.stem(*linted[i].title, own[i]);
      builder.add(linted[i].title->key, own[i], 0);
    }
    std::vector<Stem> lib(library.size());
    for (size_t i = 0; i < library.size(); ++i) {
      stems_.stem(*library[i].title, lib[i]);
      builder.add(library[i].title->key, lib[i], 1);
    }
    similarity::JoinOptions options;
    options.jobs = 1;  // the engine is called from many threads; the join stays on this one
    const similarity::TitleJoin join = similarity::join_titles(builder.set(), stems_.params(), options);
    std::u32string inserted;
    for (size_t j = 0; j < linted.size(); ++j) {
      const uint32_t before = join.earliest[0][j];
      const bool in_set = before != similarity::kNone && before < j;
      const uint32_t other = in_set ? before : join.earliest[1][j];
      if (other == similarity::kNone) continue;
      const bool from_library = !in_set;
      const TemplateView& o = from_library ? library[other - linted.size()] : linted[other];
      const Stem& so = from_library ? lib[other - linted.size()] : own[other];
      const SimilarReason r = compare_stems(own[j], so, stems_.params());
      inserted = added(r, own[j], so, *linted[j].title, *o.title);
      Hit hit;
      hit.field = FieldRef{FieldRef::title, 0};
      const std::string& title = o.tpl->title.value;
      hit.args = {similar_other_arg(title, from_library), similar_reason_arg(r, inserted)};
      hit.related = describe_location(o) + " " + title;
      sink.report(linted[j], std::move(hit));
    }
  }

  const StemBuilder* title_stems() const override { return target_ == Target::title ? &stems_ : nullptr; }

 private:
  // Up to this many keywords every pair is compared; more (hostile input) take the index.
  static constexpr size_t kPairwise = 16;
  static Arg reason(SimilarReason r, const std::u32string& inserted) { return similar_reason_arg(r, inserted); }
  // What the longer of two similar stems adds, as its title or keyword spells it.
  std::u32string added(SimilarReason r, const Stem& a, const Stem& b, const text::Canonical& ca,
                       const text::Canonical& cb) const {
    if (r != SimilarReason::inserted) return {};
    return a.length < b.length ? stems_.added_text(ca, cb) : stems_.added_text(cb, ca);
  }

  Target target_;
  StemBuilder stems_;
};

}  // namespace

std::unique_ptr<RuleKind> make_similar(const CompileContext& ctx) { return std::make_unique<SimilarRule>(ctx); }

}  // namespace tplguard::rules::kinds
