// Kind `generic`: a title must name a concrete service scene (审核说明 1.5). The stem (title
// without its suffix) is reduced by the generic words of a word list (系统, 消息, 重要, 新,
// ...); when no subject or event is left, the title says nothing about what happened.
#include "rules/kinds/kinds.hpp"
#include "rules/lexicon.hpp"
#include "rules/target.hpp"
#include "text/unicode_tables.hpp"

namespace tplguard::rules::kinds {
namespace {

class GenericRule : public RuleKind {
 public:
  explicit GenericRule(const CompileContext& ctx) {
    parse_target(ctx, {Target::title});
    for (const auto& s : ctx.string_list(ctx.params(), "suffixes")) suffixes_.push_back(ctx.canon().key_of(s));
    uint32_t id = 0;
    for (const auto& w : load_word_list(ctx, ctx.string_param(ctx.params(), "words"), "generic"))
      generic_.add_term(id++, ctx.canon().key_of(w), {}, TermPosition::anywhere);
    generic_.build();
    min_residue_ = static_cast<size_t>(ctx.number_param(ctx.params(), "min_residue", 1));
  }

  void check(const TemplateView& v, Sink& sink) const override {
    thread_local std::vector<TermMatch> matches;
    thread_local text::Canonical stem;
    const text::Canonical& c = *v.title;
    std::u32string_view key(c.key);
    for (bool again = true; again;) {
      again = false;
      for (const auto& s : suffixes_)
        if (key.size() >= s.size() && key.substr(key.size() - s.size()) == s) {
          key.remove_suffix(s.size());
          again = true;
        }
    }
    stem.key.assign(key);
    stem.key_src.assign(c.key_src.begin(), c.key_src.begin() + static_cast<long>(key.size()));
    matches.clear();
    generic_.find(stem, nullptr, matches);
    // Letters not covered by a generic word name the scene; digits alone do not.
    size_t residue = 0, m = 0;
    for (size_t i = 0; i < key.size(); ++i) {
      while (m < matches.size() && matches[m].key_end <= i) ++m;
      const bool covered = m < matches.size() && matches[m].key_begin <= i && i < matches[m].key_end;
      if (!covered && (text::char_class(key[i]) & (text::CharClass::kHan | text::CharClass::kLetter))) ++residue;
    }
    if (residue >= min_residue_) return;
    Hit hit;
    hit.field = FieldRef{FieldRef::title, 0};
    const std::string title = v.tpl->title.value;
    hit.args = {{"title", title, title}};
    sink.report(v, std::move(hit));
  }

 private:
  std::vector<std::u32string> suffixes_;
  TermMatcher generic_;
  size_t min_residue_ = 1;
};

}  // namespace

std::unique_ptr<RuleKind> make_generic(const CompileContext& ctx) { return std::make_unique<GenericRule>(ctx); }

}  // namespace tplguard::rules::kinds
