// Kind `generic`: a title must name a concrete service scene (审核说明 1.5). The stem (title
// without its suffix) is split into words (text/segmenter.hpp); a word names something unless
// it is a generic word of the word list (系统, 消息, 服务, ...), a word of a class that names
// nothing by itself (jieba's tags for adjectives, adverbs, time words, pronouns, numerals,
// distinguishing words: 日常, 一般, 重要, 实时, 每周, ...), or made only of generic words. A
// stem with no word that names something says nothing about what happened: 日常通知,
// 一般提醒, 重要系统消息.
#include <functional>
#include <unordered_set>

#include "rules/kinds/kinds.hpp"
#include "rules/lexicon.hpp"
#include "rules/target.hpp"
#include "text/segmenter.hpp"
#include "text/unicode_tables.hpp"

namespace tplguard::rules::kinds {
namespace {

// The generic words of `words: FILE | [FILE, ...]`: each file a flat `generic:` list or
// `classes: [{id, zh, en, words: [...]}]`.
std::vector<std::string> generic_words(const CompileContext& ctx) {
  std::vector<std::string> files;
  const YAML::Node p = ctx.params()["words"];
  if (p && p.IsSequence()) {
    for (const auto& f : p) {
      if (!f.IsScalar()) ctx.fail(f, "`words` is a file or a list of files");
      files.push_back(f.Scalar());
    }
  } else {
    files.push_back(ctx.string_param(ctx.params(), "words"));
  }
  std::vector<std::string> words;
  for (const auto& file : files)
    ctx.with_data(file, [&](const YAML::Node& root) {
      if (!root.IsMap() || !(root["generic"] || root["classes"])) ctx.fail(root, "expected `generic:` or `classes:`");
      if (root["generic"])
        for (auto& w : ctx.string_list(root, "generic", true)) words.push_back(std::move(w));
      if (const YAML::Node classes = root["classes"]) {
        if (!classes.IsSequence()) ctx.fail(classes, "`classes` must be a list");
        for (const auto& c : classes)
          for (auto& w : ctx.string_list(c, "words", true)) words.push_back(std::move(w));
      }
      return 0;
    });
  return words;
}

class GenericRule : public RuleKind {
 public:
  explicit GenericRule(const CompileContext& ctx) {
    parse_target(ctx, {Target::title});
    for (const auto& s : ctx.string_list(ctx.params(), "suffixes")) suffixes_.push_back(ctx.canon().key_of(s));
    uint32_t id = 0;
    for (const auto& w : generic_words(ctx)) {
      std::u32string key = ctx.canon().key_of(w);
      generic_.add_term(id++, key, {}, TermPosition::anywhere);
      generic_words_.insert(std::move(key));
    }
    generic_.build();
    for (const auto& t : ctx.string_list(ctx.params(), "vague_tags", false)) vague_tags_.insert(t);
    if (ctx.params()["scenes"]) {
      // Every string under the file's lists is a word real titles use for an object or an
      // event; such a word names something whatever its tag says (积分 is tagged an adverb).
      ctx.with_data(ctx.string_param(ctx.params(), "scenes"), [&](const YAML::Node& root) {
        std::function<void(const YAML::Node&, bool)> walk = [&](const YAML::Node& n, bool in_list) {
          if (n.IsScalar() && in_list) scene_words_.insert(ctx.canon().key_of(n.Scalar()));
          if (n.IsSequence())
            for (const auto& e : n) walk(e, true);
          if (n.IsMap())
            for (const auto& kv : n)
              if (kv.first.Scalar() != "zh" && kv.first.Scalar() != "en" && kv.first.Scalar() != "domain")
                walk(kv.second, false);
        };
        walk(root, false);
        return 0;
      });
    }
    min_residue_ = static_cast<size_t>(ctx.number_param(ctx.params(), "min_residue", 1));
  }

  void check(const TemplateView& v, Sink& sink) const override {
    thread_local std::vector<TermMatch> matches;
    thread_local text::Canonical stem;
    thread_local text::Segmentation words;
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
    std::vector<uint8_t> covered(key.size(), 0);
    for (const auto& m : matches)
      for (uint32_t i = m.key_begin; i < m.key_end; ++i) covered[i] = 1;

    const text::Dictionary& dict = text::Dictionary::builtin();
    words.compute(dict, key);
    // Letters of words that name something; digits alone do not.
    size_t residue = 0;
    for (const auto& w : words.words()) {
      const std::u32string_view word = key.substr(w.begin, w.end - w.begin);
      const std::u32string w32(word);
      if (generic_words_.count(w32)) continue;
      if (!scene_words_.count(w32) && w.tag != 0 && vague_tags_.count(std::string(dict.tag_name(w.tag)))) continue;
      for (uint32_t i = w.begin; i < w.end; ++i)
        if (!covered[i] && (text::char_class(key[i]) & (text::CharClass::kHan | text::CharClass::kLetter))) ++residue;
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
  std::unordered_set<std::u32string> generic_words_;
  std::unordered_set<std::string> vague_tags_;
  std::unordered_set<std::u32string> scene_words_;
  size_t min_residue_ = 1;
};

}  // namespace

std::unique_ptr<RuleKind> make_generic(const CompileContext& ctx) { return std::make_unique<GenericRule>(ctx); }

}  // namespace tplguard::rules::kinds
