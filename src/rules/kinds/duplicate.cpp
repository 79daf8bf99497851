// Kind `duplicate`: the same title after canonicalization, across the linted set and the
// reference library (审核说明 1.1), or the same keyword twice under one title (2.1).
#include <unordered_map>

#include "rules/kinds/kinds.hpp"
#include "rules/target.hpp"

namespace tplguard::rules::kinds {
namespace {

class DuplicateRule : public RuleKind {
 public:
  explicit DuplicateRule(const CompileContext& ctx) : target_(parse_target(ctx, {Target::title, Target::keyword_name})) {}

  bool set_level() const override { return target_ == Target::title; }

  void check(const TemplateView& v, Sink& sink) const override {
    if (target_ != Target::keyword_name || v.keyword_count < 2) return;
    // Hashing keeps a template with a huge keyword list linear.
    thread_local std::unordered_map<std::u32string_view, size_t> first;
    first.clear();
    for (size_t j = 0; j < v.keyword_count; ++j) {
      const std::u32string_view key = v.names[j].key;
      if (key.empty()) continue;
      auto [it, fresh] = first.emplace(key, j);
      if (fresh) continue;
      const size_t i = it->second;
      Hit hit;
      hit.field = FieldRef{FieldRef::keyword_name, static_cast<uint32_t>(j)};
      const std::string& other = v.keyword(i).name.value;
      hit.args = {{"other", other, other}, {"position", std::to_string(i + 1), std::to_string(i + 1)}};
      sink.report(v, std::move(hit));
    }
  }

  void check_set(const std::vector<TemplateView>& linted, const std::vector<TemplateView>& library,
                 Sink& sink) const override {
    std::unordered_map<std::u32string, const TemplateView*> seen_library, seen;
    for (const auto& l : library)
      if (!l.title->key.empty()) seen_library.emplace(l.title->key, &l);
    for (const auto& v : linted) {
      const auto& key = v.title->key;
      if (key.empty()) continue;
      const TemplateView* first = nullptr;
      bool from_library = false;
      if (auto it = seen_library.find(key); it != seen_library.end()) {
        first = it->second;
        from_library = true;
      } else if (auto it2 = seen.find(key); it2 != seen.end()) {
        first = it2->second;
      }
      if (first == nullptr) {
        seen.emplace(key, &v);
        continue;
      }
      Hit hit;
      hit.field = FieldRef{FieldRef::title, 0};
      const std::string& title = first->tpl->title.value;
      const std::string where = describe_location(*first);
      hit.args = {{"other", (from_library ? "参考库中的“" : "“") + title + "”（" + where + "）",
                   (from_library ? "library title '" : "'") + title + "' (" + where + ")"}};
      hit.related = where + " " + title;
      sink.report(v, std::move(hit));
    }
  }

 private:
  Target target_;
};

}  // namespace

std::unique_ptr<RuleKind> make_duplicate(const CompileContext& ctx) { return std::make_unique<DuplicateRule>(ctx); }

}  // namespace tplguard::rules::kinds
