#include "rules/lexicon.hpp"

namespace tplguard::rules {

std::optional<Level> Lexicon::level_for(const LexiconTerm& t, Profile p) const {
  const int i = static_cast<int>(p);
  if (t.levels[i]) return t.levels[i];
  return categories[t.category].levels[i];
}

TermMatcher Lexicon::matcher(const text::Canonicalizer& canon, bool pinyin) const {
  TermMatcher m;
  for (size_t i = 0; i < terms.size(); ++i) {
    const auto& t = terms[i];
    // One-syllable terms (亲, 哦) are not looked for in pinyin: "o" or "qin" turn up inside
    // ordinary Latin text far too often.
    const bool spell = pinyin && t.key.size() >= 2;
    m.add_term(static_cast<uint32_t>(i), t.key, spell ? canon.pinyin_of_key(t.key) : std::string(), t.position);
  }
  for (const auto& a : allowed) m.add_allowed(a);
  std::vector<std::u32string> suffixes;
  for (const auto& s : clause_suffixes) suffixes.push_back(canon.key_of(s));
  m.set_clause_suffixes(std::move(suffixes));
  m.build();
  return m;
}

Lexicon load_lexicon(const CompileContext& ctx, const std::string& file) {
  return ctx.with_data(file, [&](const YAML::Node& root) {
  Lexicon lex;
  YAML::Node cats = root.IsMap() ? root["categories"] : YAML::Node();
  if (!cats.IsSequence()) ctx.fail(root, "`categories` must be a list");
  for (const auto& c : cats) {
    LexiconCategory cat;
    cat.id = ctx.string_param(c, "id");
    cat.zh = ctx.string_param(c, "zh", cat.id);
    cat.en = ctx.string_param(c, "en", cat.id);
    cat.levels = ctx.levels(c);
    const size_t ci = lex.categories.size();
    lex.categories.push_back(cat);
    YAML::Node terms = ctx.required(c, "terms");
    if (!terms.IsSequence()) ctx.fail(terms, "`terms` must be a list");
    for (const auto& t : terms) {
      LexiconTerm term;
      term.category = ci;
      if (t.IsScalar()) {
        term.text = t.Scalar();
      } else if (t.IsMap()) {
        term.text = ctx.string_param(t, "term");
        term.levels = ctx.levels(t);
        const std::string pos = ctx.string_param(t, "position", std::string("anywhere"));
        if (pos == "clause-end") term.position = TermPosition::clause_end;
        else if (pos != "anywhere") ctx.fail(t, "position is anywhere or clause-end");
      } else {
        ctx.fail(t, "a term is a string or {term, ...}");
      }
      term.key = ctx.canon().key_of(term.text);
      if (term.key.empty()) ctx.fail(t, "term `" + term.text + "` has no letters");
      lex.terms.push_back(std::move(term));
    }
  }
  for (const auto& w : ctx.string_list(root, "allowed", false)) lex.allowed.push_back(ctx.canon().key_of(w));
  lex.clause_suffixes = ctx.string_list(root, "clause_suffixes", false);
  return lex;
  });
}

std::vector<std::string> load_word_list(const CompileContext& ctx, const std::string& file, const char* key) {
  return ctx.with_data(file, [&](const YAML::Node& root) {
    if (!root.IsMap()) ctx.fail(root, std::string("expected a mapping with `") + key + "`");
    return ctx.string_list(root, key, true);
  });
}

}  // namespace tplguard::rules
