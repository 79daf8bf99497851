// Kind `count`: a template needs between `min` and `max` keywords (the add API takes at most 10).
#include "rules/kinds/kinds.hpp"

namespace tplguard::rules::kinds {
namespace {

class CountRule : public RuleKind {
 public:
  explicit CountRule(const CompileContext& ctx)
      : min_(static_cast<size_t>(ctx.number_param(ctx.params(), "min"))),
        max_(static_cast<size_t>(ctx.number_param(ctx.params(), "max"))) {}

  void check(const TemplateView& v, Sink& sink) const override {
    if (!v.has_keywords()) return;  // the source names no keywords: nothing to count
    const size_t n = v.keyword_count;
    if (n >= min_ && n <= max_) return;
    Hit hit;
    hit.field = FieldRef{FieldRef::keywords, 0};
    const std::string count = std::to_string(n), max = std::to_string(max_), min = std::to_string(min_);
    if (n < min_) {
      hit.args = {{"problem", n == 0 ? "没有关键词" : "只有 " + count + " 个关键词，至少需要 " + min + " 个",
                   n == 0 ? "has no keyword" : "has " + count + " keywords, fewer than " + min}};
    } else {
      hit.args = {{"problem", "有 " + count + " 个关键词，超过上限 " + max + " 个",
                   "has " + count + " keywords, more than the limit of " + max}};
    }
    sink.report(v, std::move(hit));
  }

 private:
  size_t min_, max_;
};

}  // namespace

std::unique_ptr<RuleKind> make_count(const CompileContext& ctx) { return std::make_unique<CountRule>(ctx); }

}  // namespace tplguard::rules::kinds
