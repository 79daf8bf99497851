#include "rules/lexicon.hpp"

#include <algorithm>

namespace tplguard::rules {

namespace {
// A yes/no key of a lexicon entry (`inside: true`); anything but true or false is an error.
bool flag(const CompileContext& ctx, const yaml::Node& map, const char* key) {
  const yaml::Node v = map[key];
  if (v.IsScalar() && (v.Scalar() == "true" || v.Scalar() == "false")) return v.Scalar() == "true";
  ctx.fail(v, std::string("`") + key + "` is true or false");
}

// `miswritings: {CHAR: [CHAR, ...]}`: each key and each look-alike one character (after
// folding), a look-alike never the character itself.
std::vector<std::pair<char32_t, std::vector<char32_t>>> load_miswritings(const CompileContext& ctx,
                                                                          const std::string& file) {
  return ctx.with_data(file, [&](const yaml::Node& root) {
    const yaml::Node map = root.IsMap() ? root["miswritings"] : yaml::Node();
    if (!map.IsMap()) ctx.fail(root, "`miswritings` must be a mapping: {character: [look-alikes]}");
    std::vector<std::pair<char32_t, std::vector<char32_t>>> out;
    auto one_char = [&](const yaml::Node& n) {
      const std::u32string k = n.IsScalar() ? ctx.canon().key_of(n.Scalar()) : std::u32string();
      if (k.size() != 1) ctx.fail(n, "a miswriting is one character");
      return k[0];
    };
    for (const auto& kv : map) {
      const char32_t c = one_char(kv.first);
      if (!kv.second.IsSequence()) ctx.fail(kv.second, "the look-alikes are a list: [卷, 劵]");
      std::vector<char32_t> looks;
      for (const auto& l : kv.second) {
        const char32_t look = one_char(l);
        if (look == c) ctx.fail(l, "a look-alike folds to the character itself");
        looks.push_back(look);
      }
      out.emplace_back(c, std::move(looks));
    }
    return out;
  });
}

}  // namespace

std::optional<Level> Lexicon::level_for(const LexiconTerm& t, Profile p) const {
  const int i = static_cast<int>(p);
  if (t.levels[i]) return t.levels[i];
  return categories[t.category].levels[i];
}

TermMatcher Lexicon::matcher(const text::Canonicalizer& canon, bool pinyin) const {
  TermMatcher m;
  const SoundClasses sounds = fuzzy_initials.empty() && fuzzy_finals.empty()
                                  ? SoundClasses::exact()
                                  : SoundClasses::fuzzy(fuzzy_initials, fuzzy_finals);
  for (size_t i = 0; i < terms.size(); ++i) {
    const auto& t = terms[i];
    // One-syllable terms (亲, 哦) are not looked for in pinyin: "o" or "qin" turn up inside
    // ordinary Latin text far too often.
    const bool spell = pinyin && t.key.size() >= 2;
    m.add_term(static_cast<uint32_t>(i), t.key, spell ? canon.pinyin_of_key(t.key) : std::string(), t.position, t.boundary);
    if (homophones && t.by_sound) m.add_sound(static_cast<uint32_t>(i), t.key, sounds);
    if (t.initials) m.add_initials(static_cast<uint32_t>(i), t.key);
    if (t.by_sound) m.add_miswritten(static_cast<uint32_t>(i), t.key, miswritings);
    if (t.quantities) m.add_quantities(static_cast<uint32_t>(i), t.key.front());
  }
  m.set_skip_inserted(inserted);
  m.set_quantity_characters(quantity_numerals, quantity_units);
  m.set_sound_keeps_one(keep_one);
  if (real_word_min_frequency > 0) m.set_real_word_min_frequency(real_word_min_frequency);
  for (const auto& a : allowed) m.add_allowed(a);
  std::vector<std::u32string> suffixes;
  for (const auto& s : clause_suffixes) suffixes.push_back(canon.key_of(s));
  m.set_clause_suffixes(std::move(suffixes));
  m.set_boundary_tolerance(boundary_tolerance);
  m.build();
  return m;
}

Lexicon load_lexicon(const CompileContext& ctx, const std::string& file) {
  return ctx.with_data(file, [&](const yaml::Node& root) {
  Lexicon lex;
  yaml::Node cats = root.IsMap() ? root["categories"] : yaml::Node();
  if (!cats.IsSequence()) ctx.fail(root, "`categories` must be a list");
  for (const auto& c : cats) {
    LexiconCategory cat;
    cat.id = ctx.string_param(c, "id");
    cat.zh = ctx.string_param(c, "zh", cat.id);
    cat.en = ctx.string_param(c, "en", cat.id);
    cat.levels = ctx.levels(c);
    const bool cat_inside = c["inside"] ? flag(ctx, c, "inside") : false;
    const size_t ci = lex.categories.size();
    lex.categories.push_back(cat);
    yaml::Node terms = ctx.required(c, "terms");
    if (!terms.IsSequence()) ctx.fail(terms, "`terms` must be a list");
    for (const auto& t : terms) {
      LexiconTerm term;
      term.category = ci;
      term.boundary = cat_inside ? TermBoundary::inside : TermBoundary::word;
      if (t.IsScalar()) {
        term.text = t.Scalar();
      } else if (t.IsMap()) {
        term.text = ctx.string_param(t, "term");
        term.levels = ctx.levels(t);
        const std::string pos = ctx.string_param(t, "position", std::string("anywhere"));
        if (pos == "clause-end") term.position = TermPosition::clause_end;
        else if (pos != "anywhere") ctx.fail(t, "position is anywhere or clause-end");
        if (t["sound"]) term.by_sound = flag(ctx, t, "sound");
        if (t["initials"]) term.initials = flag(ctx, t, "initials");
        if (t["quantities"]) term.quantities = flag(ctx, t, "quantities");
        if (t["inside"]) term.boundary = flag(ctx, t, "inside") ? TermBoundary::inside : TermBoundary::word;
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
  if (const yaml::Node sounds = root["sounds"]) {
    if (!sounds.IsMap())
      ctx.fail(sounds, "`sounds` is a mapping: {homophones, keep_one, real_word_min_frequency, fuzzy}");
    if (sounds["homophones"]) lex.homophones = flag(ctx, sounds, "homophones");
    if (sounds["keep_one"]) lex.keep_one = flag(ctx, sounds, "keep_one");
    if (sounds["real_word_min_frequency"]) {
      lex.real_word_min_frequency = ctx.number_param(sounds, "real_word_min_frequency");
      if (!(lex.real_word_min_frequency >= 0 && lex.real_word_min_frequency <= 1e9))
        ctx.fail(sounds["real_word_min_frequency"], "`real_word_min_frequency` is a frequency, 0 or more");
    }
    if (const yaml::Node fuzzy = sounds["fuzzy"]) {
      auto pairs = [&](const char* key, auto& out) {
        const yaml::Node list = fuzzy[key];
        if (!list) return;
        if (!list.IsSequence()) ctx.fail(list, std::string("`") + key + "` is a list of [from, to] pairs");
        for (const auto& p : list) {
          if (!p.IsSequence() || p.size() != 2 || !p[0].IsScalar() || !p[1].IsScalar())
            ctx.fail(p, "a fuzzy sound is a pair of spellings: [zh, z]");
          out.emplace_back(p[0].Scalar(), p[1].Scalar());
        }
      };
      pairs("initials", lex.fuzzy_initials);
      pairs("finals", lex.fuzzy_finals);
    }
  }
  if (root["inserted"]) lex.inserted = flag(ctx, root, "inserted");
  if (const yaml::Node q = root["quantities"]) {
    if (!q.IsMap()) ctx.fail(q, "`quantities` is a mapping: {numerals, units}");
    // Each character as the key folds it (full-width digits are digits); symbols fold away.
    auto characters = [&](const std::string& text, std::u32string& out) {
      for (char32_t ch : ctx.canon().key_of(text))
        if (out.find(ch) == std::u32string::npos) out.push_back(ch);
    };
    characters(ctx.string_param(q, "numerals"), lex.quantity_numerals);
    for (const auto& u : ctx.string_list(q, "units", false)) characters(u, lex.quantity_units);
    if (lex.quantity_numerals.empty()) ctx.fail(q["numerals"], "`quantities.numerals` holds no digit or numeral");
  }
  if (const yaml::Node neg = root["negation"]) {
    if (!neg.IsMap()) ctx.fail(neg, "`negation` is a mapping: {before, between, after}");
    for (const auto& kv : neg)
      if (kv.first.Scalar() != "before" && kv.first.Scalar() != "between" && kv.first.Scalar() != "after")
        ctx.fail(kv.first, "`negation` has before, between and after, not `" + kv.first.Scalar() + "`");
    auto words = [&](const char* key, size_t min_size, std::vector<std::u32string>& out) {
      for (const auto& w : ctx.string_list(neg, key, false)) {
        std::u32string k = ctx.canon().key_of(w);
        if (k.size() < min_size)
          ctx.fail(neg[key], std::string("a word of `negation.") + key + "` has " + std::to_string(min_size) +
                                 " characters or more");
        out.push_back(std::move(k));
      }
    };
    words("before", 2, lex.negation_before);  // 拒收, 谨防: one character (不) is too loose
    words("between", 1, lex.negation_between);
    words("after", 2, lex.negation_after);
  }
  if (const yaml::Node mis = root["miswritings"]) {
    if (!mis.IsScalar()) ctx.fail(mis, "`miswritings` names a data file (lexicons/miswritings.yaml)");
    lex.miswritings = load_miswritings(ctx, mis.Scalar());
  }
  if (root["boundary_tolerance"]) {
    const double nats = ctx.number_param(root, "boundary_tolerance");
    if (!(nats >= 0 && nats <= 100)) ctx.fail(root["boundary_tolerance"], "`boundary_tolerance` is 0 to 100 nats");
    lex.boundary_tolerance = static_cast<uint32_t>(nats * 1000 + 0.5);
  }
  return lex;
  });
}

bool Lexicon::negated(std::u32string_view key, uint32_t b, uint32_t e) const {
  auto ends_at = [&](const std::u32string& w, uint32_t at) {
    return w.size() <= at && key.substr(at - w.size(), w.size()) == w;
  };
  for (const auto& n : negation_before)
    if (ends_at(n, b)) return true;
  for (const auto& between : negation_between) {
    if (!ends_at(between, b)) continue;
    for (const auto& n : negation_before)
      if (ends_at(n, b - static_cast<uint32_t>(between.size()))) return true;
  }
  for (const auto& a : negation_after)
    if (key.substr(e, a.size()) == a) return true;
  return false;
}

void Lexicon::merge(Lexicon&& more) {
  std::vector<size_t> category_of(more.categories.size());
  for (size_t i = 0; i < more.categories.size(); ++i) {
    auto same = std::find_if(categories.begin(), categories.end(),
                             [&](const LexiconCategory& c) { return c.id == more.categories[i].id; });
    if (same != categories.end()) {
      category_of[i] = static_cast<size_t>(same - categories.begin());
    } else {
      category_of[i] = categories.size();
      categories.push_back(std::move(more.categories[i]));
    }
  }
  for (auto& t : more.terms) {
    t.category = category_of[t.category];
    terms.push_back(std::move(t));
  }
  for (auto& a : more.allowed) allowed.push_back(std::move(a));
  boundary_tolerance = std::max(boundary_tolerance, more.boundary_tolerance);
  homophones = homophones || more.homophones;
  keep_one = keep_one || more.keep_one;
  real_word_min_frequency = std::max(real_word_min_frequency, more.real_word_min_frequency);
  inserted = inserted || more.inserted;
  for (char32_t ch : more.quantity_numerals)
    if (quantity_numerals.find(ch) == std::u32string::npos) quantity_numerals.push_back(ch);
  for (char32_t ch : more.quantity_units)
    if (quantity_units.find(ch) == std::u32string::npos) quantity_units.push_back(ch);
  for (auto& m : more.miswritings) miswritings.push_back(std::move(m));
  for (auto& n : more.negation_before) negation_before.push_back(std::move(n));
  for (auto& n : more.negation_between) negation_between.push_back(std::move(n));
  for (auto& n : more.negation_after) negation_after.push_back(std::move(n));
  for (auto& f : more.fuzzy_initials) fuzzy_initials.push_back(std::move(f));
  for (auto& f : more.fuzzy_finals) fuzzy_finals.push_back(std::move(f));
  for (auto& s : more.clause_suffixes)
    if (std::find(clause_suffixes.begin(), clause_suffixes.end(), s) == clause_suffixes.end())
      clause_suffixes.push_back(std::move(s));
}

std::vector<std::string> load_word_list(const CompileContext& ctx, const std::string& file, const char* key) {
  return ctx.with_data(file, [&](const yaml::Node& root) {
    if (!root.IsMap() || !(root[key] || root["classes"]))
      ctx.fail(root, std::string("expected a mapping with `") + key + "` or `classes`");
    std::vector<std::string> words;
    if (root[key]) words = ctx.string_list(root, key, true);
    if (const yaml::Node classes = root["classes"]) {
      if (!classes.IsSequence()) ctx.fail(classes, "`classes` must be a list");
      for (const auto& c : classes) {
        // A class's id and names say what it holds to the reader of the file; matching uses
        // the words of every class alike.
        for (const char* label : {"id", "zh", "en"}) ctx.string_param(c, label, std::string());
        for (auto& w : ctx.string_list(c, "words", true)) words.push_back(std::move(w));
      }
    }
    return words;
  });
}

std::vector<std::string> data_files(const CompileContext& ctx, const char* key) {
  const yaml::Node p = ctx.params()[key];
  if (!p || !p.IsSequence()) return {ctx.string_param(ctx.params(), key)};
  if (p.size() == 0) ctx.fail(p, std::string("`") + key + "` names at least one file");
  std::vector<std::string> files;
  for (const auto& f : p) {
    if (!f.IsScalar()) ctx.fail(f, std::string("`") + key + "` is a file or a list of files");
    files.push_back(f.Scalar());
  }
  return files;
}

}  // namespace tplguard::rules
