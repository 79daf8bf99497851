// Kind `lexicon`: terms from a lexicon file found in a field (审核说明 1.4, 1.6, 2.3, 2.5).
// `match: anywhere` finds terms inside the text, through traditional forms, full-width
// letters, symbols between characters, pinyin spellings and emoji that stand for a term;
// `match: whole` flags a field that is nothing but a term (a keyword named just 内容).
#include <initializer_list>
#include <string_view>
#include <unordered_map>

#include "rules/kinds/kinds.hpp"
#include "rules/lexicon.hpp"
#include "rules/target.hpp"

namespace tplguard::rules::kinds {
namespace {

// `lexicon: FILE` or `lexicon: [FILE, ...]`: the files' terms read as one lexicon.
Lexicon load_lexicons(const CompileContext& ctx) {
  Lexicon lex;
  for (const auto& file : data_files(ctx, "lexicon")) lex.merge(load_lexicon(ctx, file));
  return lex;
}

class LexiconRule : public RuleKind {
 public:
  explicit LexiconRule(const CompileContext& ctx)
      : canon_(ctx.canon()), lexicon_(load_lexicons(ctx)) {
    target_ = parse_target(ctx, {Target::title, Target::keyword_name});
    for (const auto& extra : ctx.take_extra_lexicons()) lexicon_.merge(load_lexicon(ctx, extra));
    if (lexicon_.quantity_numerals.empty())
      for (const auto& t : lexicon_.terms)
        if (t.quantities)
          ctx.fail(ctx.params(), "term `" + t.text + "` takes quantities, but no lexicon of the rule says what a "
                                 "number is made of (`quantities: {numerals: ...}`)");
    const std::string match = ctx.string_param(ctx.params(), "match", std::string("anywhere"));
    if (match == "whole") whole_ = true;
    else if (match != "anywhere") ctx.fail(ctx.params()["match"], "`match` is anywhere or whole");
    pinyin_ = ctx.params()["pinyin"] ? ctx.params()["pinyin"].as<bool>() : !whole_;
    if (whole_) {
      for (size_t i = 0; i < lexicon_.terms.size(); ++i) whole_terms_.emplace(lexicon_.terms[i].key, i);
    } else {
      matcher_ = lexicon_.matcher(canon_, pinyin_);
    }
  }

  void check(const TemplateView& v, Sink& sink) const override {
    thread_local std::vector<TermMatch> matches;
    thread_local text::PinyinKey py;
    for_each_field(v, target_, [&](FieldRef field, const text::Canonical& c) {
      if (whole_) {
        auto it = whole_terms_.find(c.key);
        if (it != whole_terms_.end()) report(v, field, c, it->second, 0, static_cast<uint32_t>(c.key.size()), MatchVia::text, sink);
        return;
      }
      matches.clear();
      const text::PinyinKey* pyp = nullptr;
      if (pinyin_ && has_latin(c)) {
        canon_.pinyin(c, py);
        pyp = &py;
      }
      matcher_.find(c, pyp, matches);
      for (const auto& m : matches)
        if (!lexicon_.negated(c.key, m.key_begin, m.key_end)) report(v, field, c, m.term, m.key_begin, m.key_end, m.via, sink);
    });
  }

 private:
  // The parts one after another, allocated once (this runs once per finding).
  static std::string joined(std::initializer_list<std::string_view> parts) {
    size_t size = 0;
    for (std::string_view p : parts) size += p.size();
    std::string out;
    out.reserve(size);
    for (std::string_view p : parts) out.append(p);
    return out;
  }

  static bool has_latin(const text::Canonical& c) {
    for (char32_t ch : c.key)
      if (ch >= U'a' && ch <= U'z') return true;
    return false;
  }

  void report(const TemplateView& v, FieldRef field, const text::Canonical& c, size_t term_index, uint32_t kb,
              uint32_t ke, MatchVia via, Sink& sink) const {
    const LexiconTerm& term = lexicon_.terms[term_index];
    const LexiconCategory& cat = lexicon_.categories[term.category];
    Hit hit;
    hit.field = field;
    std::tie(hit.begin, hit.end) = c.original_range(kb, ke);
    const std::string found = original_text(c, hit.begin, hit.end);
    const std::string_view t = term.text;
    std::string shown_zh, shown_en;
    if (via == MatchVia::sound) {
      shown_zh = joined({"“", found, "”（音同“", t, "”）"});
      shown_en = joined({"'", found, "' (sounds like ", t, ")"});
    } else if (via == MatchVia::miswritten) {
      shown_zh = joined({"“", found, "”（“", t, "”的错写）"});
      shown_en = joined({"'", found, "' (", t, " miswritten)"});
    } else if (via == MatchVia::initials) {
      shown_zh = joined({"“", found, "”（“", t, "”的拼音首字母）"});
      shown_en = joined({"'", found, "' (the pinyin initials of ", t, ")"});
    } else if (found != t) {
      shown_zh = joined({"“", found, "”（即“", t, "”）"});
      shown_en = joined({"'", found, "' (", t, ")"});
    } else {
      shown_zh = joined({"“", found, "”"});
      shown_en = joined({"'", found, "'"});
    }
    // Moved in, not copied from an initializer list: this runs once per finding.
    hit.args.reserve(2);
    hit.args.push_back({"term", std::move(shown_zh), std::move(shown_en)});
    hit.args.push_back({"category", cat.zh, cat.en});
    hit.level = lexicon_.level_for(term, v.profile);
    sink.report(v, std::move(hit));
  }

  const text::Canonicalizer& canon_;
  Lexicon lexicon_;
  Target target_;
  bool whole_ = false;
  bool pinyin_ = true;
  TermMatcher matcher_;
  std::unordered_map<std::u32string, size_t> whole_terms_;
};

}  // namespace

std::unique_ptr<RuleKind> make_lexicon(const CompileContext& ctx) { return std::make_unique<LexiconRule>(ctx); }

}  // namespace tplguard::rules::kinds
