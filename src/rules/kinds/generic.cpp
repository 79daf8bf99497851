// Kind `generic`: a title must name a concrete service scene (审核说明 1.5). The stem (title
// without its suffix) is split into words (text/segmenter.hpp); a word names something unless
// it is a generic word of the word list (系统, 消息, 服务, ...), a word of a class that names
// nothing by itself (jieba's tags for adjectives, adverbs, time words, pronouns, numerals,
// distinguishing words: 日常, 一般, 重要, 实时, 每周, ...), or made only of generic words. A
// stem with no word that names something says nothing about what happened: 日常通知,
// 一般提醒, 重要系统消息.
#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <set>
#include <unordered_set>

#include "rules/kinds/kinds.hpp"
#include "rules/lexicon.hpp"
#include "rules/target.hpp"
#include "text/segmenter.hpp"
#include "text/unicode_tables.hpp"

namespace tplguard::rules::kinds {
namespace {

class GenericRule : public RuleKind {
 public:
  explicit GenericRule(const CompileContext& ctx) {
    parse_target(ctx, {Target::title});
    for (const auto& s : ctx.string_list(ctx.params(), "suffixes")) suffixes_.push_back(ctx.canon().key_of(s));
    uint32_t id = 0;
    for (const auto& file : data_files(ctx, "words"))
      for (const auto& w : load_word_list(ctx, file, "generic")) {
        std::u32string key = ctx.canon().key_of(w);
        generic_.add_term(id++, key, {}, TermPosition::anywhere);
        for (char32_t ch : key) unnamed_chars_.insert(ch);
        generic_words_.insert(text::Dictionary::builtin(), std::move(key));
      }
    generic_.build();
    std::unordered_set<std::string> vague_tags;
    for (const auto& t : ctx.string_list(ctx.params(), "vague_tags", false)) vague_tags.insert(t);
    // By tag id, so the check looks up no string.
    const text::Dictionary& dict = text::Dictionary::builtin();
    std::vector<std::string_view> vague_names;
    for (size_t t = 1; t < vague_tag_ids_.size(); ++t) {
      vague_tag_ids_[t] = vague_tags.count(std::string(dict.tag_name(static_cast<uint8_t>(t)))) != 0;
      if (vague_tag_ids_[t]) vague_names.push_back(dict.tag_name(static_cast<uint8_t>(t)));
    }
    vague_mask_ = dict.tag_mask(vague_names);
    if (ctx.params()["scenes"]) {
      // Every string under the file's lists is a word real titles use for an object or an
      // event; such a word names something whatever its tag says (积分 is tagged an adverb).
      // An event that is no object (成功, 取消, 到期) names what happened but not to what: it
      // counts only beside a word that names something else (订单取消通知, not 取消通知).
      // An entity (医院, 账户) names what but not what happened: it counts beside an event or
      // a state (账户变更通知, not 账户通知).
      std::map<std::string, std::vector<std::string>> sections;
      ctx.with_data(ctx.string_param(ctx.params(), "scenes"), [&](const yaml::Node& root) {
        std::function<void(const yaml::Node&, bool, std::vector<std::string>&)> walk =
            [&](const yaml::Node& n, bool in_list, std::vector<std::string>& out) {
              if (n.IsScalar() && in_list) out.push_back(n.Scalar());
              if (n.IsSequence())
                for (const auto& e : n) walk(e, true, out);
              if (n.IsMap())
                for (const auto& kv : n) {
                  const std::string key = kv.first.Scalar();
                  if (key == "terms") walk(kv.second, false, out);
                  else if (key != "zh" && key != "en" && key != "domain" && key != "class" && key != "needs_object")
                    ctx.fail(kv.first, "scenes: unknown key `" + key + "`");
                }
            };
        if (!root.IsMap()) ctx.fail(root, "scenes: a mapping of word lists");
        static const std::set<std::string> kSections{
            "objects",         "keyword_objects",        "unattested",     "entities",     "events",
            "keyword_events",  "unattested_events",      "self_contained", "prefix_events",
            "unattested_bare_events"};
        for (const auto& kv : root) {
          const std::string name = kv.first.Scalar();
          if (!kSections.count(name)) ctx.fail(kv.first, "scenes: unknown section `" + name + "`");
          if (name == "events" && kv.second.IsSequence()) {
            for (const auto& cls : kv.second) {
              const bool bare = cls.IsMap() && cls["needs_object"] && cls["needs_object"].as<bool>();
              walk(cls, false, sections[bare ? "bare_events" : "events"]);
            }
          } else {
            walk(kv.second, false, sections[name]);
          }
        }
        return 0;
      });
      for (const char* name : {"objects", "keyword_objects", "unattested", "self_contained"})
        for (const auto& w : sections[name]) object_words_.insert(dict, ctx.canon().key_of(w));
      for (const auto& [name, words] : sections)
        for (const auto& w : words) {
          std::u32string key = ctx.canon().key_of(w);
          if (name == "entities") {
            for (char32_t ch : key) unnamed_chars_.insert(ch);
            entity_words_.insert(dict, std::move(key));
            continue;
          }
          scene_words_.insert(dict, key);
          if ((name == "bare_events" || name == "unattested_bare_events") && !object_words_.contains(dict, key)) {
            for (char32_t ch : key) unnamed_chars_.insert(ch);
            event_only_.insert(dict, std::move(key));
          }
        }
    }
    min_residue_ = static_cast<size_t>(ctx.number_param(ctx.params(), "min_residue", 1));
  }

  void check(const TemplateView& v, Sink& sink) const override {
    thread_local std::vector<TermMatch> matches;
    thread_local text::Canonical stem;
    thread_local text::Segmentation words;
    thread_local std::vector<uint8_t> covered;
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
    covered.assign(key.size(), 0);
    for (const auto& m : matches)
      for (uint32_t i = m.key_begin; i < m.key_end; ++i) covered[i] = 1;

    const text::Dictionary& dict = text::Dictionary::builtin();
    // Most stems settle without a split: a character that no vague word and no generic word
    // holds lies, whatever the split, in a word that names something.
    size_t certain = 0;
    for (uint32_t i = 0; i < key.size() && certain < min_residue_; ++i)
      if (!covered[i] && (text::char_class(key[i]) & (text::CharClass::kHan | text::CharClass::kLetter)) &&
          !(dict.char_tags(key[i]) & vague_mask_) && !unnamed_chars_.count(key[i]))
        ++certain;
    if (certain >= min_residue_) return;
    // The title's split (shared with the lexicon rules) when it has a word boundary where the
    // suffix begins: its words before that are the stem's best split too.
    const text::Segmentation* split = &text::segment(dict, c.key);
    const auto& all = split->words();
    auto stem_end = std::find_if(all.begin(), all.end(), [&](const auto& w) { return w.end >= key.size(); });
    if (stem_end == all.end() || stem_end->end != key.size()) {
      words.compute(dict, key);
      split = &words;
    }
    // Letters of words that name something; digits alone do not.
    size_t residue = 0, bare_events = 0, weak_objects = 0, states = 0, entities = 0;
    for (const auto& w : split->words()) {
      if (w.begin >= key.size()) break;
      if (generic_words_.contains(w, key)) {
        if (object_words_.contains(w, key))
          ++weak_objects;  // 服务, 会员: objects beside an event
        else if (scene_words_.contains(w, key))
          ++states;  // 变更, 状态: a scene beside an entity
        continue;
      }
      if (event_only_.contains(w, key)) {
        ++bare_events;
        continue;
      }
      if (entity_words_.contains(w, key)) {
        ++entities;
        continue;
      }
      if (vague_tag_ids_[w.tag] && !scene_words_.contains(w, key)) {
        // Unlisted, yet of a vague class: jieba tags some service nouns so (保洁 is an
        // adjective to it), so beside an event it may be the object; alone it names nothing.
        weak_objects += !covered[w.begin];
        continue;
      }
      for (uint32_t i = w.begin; i < w.end; ++i)
        if (!covered[i] && (text::char_class(key[i]) & (text::CharClass::kHan | text::CharClass::kLetter))) ++residue;
    }
    // Something that names what happened to what: a word of its own, an event beside a weak
    // noun or an entity, or a state beside an entity (账户变更, not 服务状态).
    if (residue >= min_residue_ || (bare_events > 0 && (weak_objects > 0 || entities > 0)) ||
        (entities > 0 && states > 0))
      return;
    Hit hit;
    hit.field = FieldRef{FieldRef::title, 0};
    const std::string title = v.tpl->title.value;
    hit.args = {{"title", title, title}};
    sink.report(v, std::move(hit));
  }

 private:
  std::vector<std::u32string> suffixes_;
  TermMatcher generic_;
  text::WordSet generic_words_;
  // Characters of the words that name nothing alone (generic words, events that need an
  // object, entities): a character outside them settles a stem without a split.
  std::unordered_set<char32_t> unnamed_chars_;
  uint64_t vague_mask_ = 0;                     // vague tags as Dictionary::char_tags bits
  std::array<bool, 256> vague_tag_ids_{};  // tag 0 (no dictionary word) is never vague
  text::WordSet scene_words_;
  text::WordSet object_words_;                  // objects and events that hold their object
  text::WordSet entity_words_;                  // institutions and accounts: beside an event or state
  text::WordSet event_only_;                    // events that are no object (see the constructor)
  size_t min_residue_ = 1;
};

}  // namespace

std::unique_ptr<RuleKind> make_generic(const CompileContext& ctx) { return std::make_unique<GenericRule>(ctx); }

}  // namespace tplguard::rules::kinds
