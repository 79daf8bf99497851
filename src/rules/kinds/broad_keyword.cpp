// Kind `broad-keyword`: a keyword name must restrict what it holds (审核说明 2.5). The name is
// read as a head word at its end (内容, 信息, 说明: broad; 结果, 状态: vague) and the words
// before it. A head alone is too broad (内容), and so is a head whose modifiers restrict
// nothing (补充信息, 其他内容, 相关说明, 基本信息: vague modifiers, or broad heads themselves as
// in 数据信息); one restricting word makes it a keyword (物流信息, 退款说明). Names WeChat
// approves bare (备注, 温馨提示, 时间, 金额) are exempt, and the lexicon's whole names stay.
#include <unordered_map>
#include <unordered_set>

#include "rules/kinds/kinds.hpp"
#include "rules/lexicon.hpp"
#include "rules/target.hpp"
#include "text/segmenter.hpp"

namespace tplguard::rules::kinds {
namespace {

class BroadKeywordRule : public RuleKind {
 public:
  explicit BroadKeywordRule(const CompileContext& ctx) : lexicon_(load_lexicon(ctx, ctx.string_param(ctx.params(), "lexicon"))) {
    target_ = parse_target(ctx, {Target::keyword_name});
    for (size_t i = 0; i < lexicon_.terms.size(); ++i) whole_.emplace(lexicon_.terms[i].key, i);
    broad_category_ = category(ctx, ctx.string_param(ctx.params(), "broad_category", std::string("broad")));
    vague_category_ = category(ctx, ctx.string_param(ctx.params(), "vague_category", std::string("vague")));
    ctx.with_data(ctx.string_param(ctx.params(), "heads"), [&](const yaml::Node& root) {
      const yaml::Node heads = ctx.required(root, "heads");
      auto keys = [&](const yaml::Node& map, const char* key, bool required) {
        std::vector<std::u32string> out;
        for (const auto& w : ctx.string_list(map, key, required)) out.push_back(ctx.canon().key_of(w));
        return out;
      };
      for (auto& k : keys(heads, "broad", true)) heads_.emplace(std::move(k), broad_category_);
      for (auto& k : keys(heads, "weak", true)) heads_.emplace(std::move(k), vague_category_);
      for (auto& k : keys(heads, "bare_ok", false)) bare_ok_.insert(std::move(k));
      for (auto& k : keys(root, "vague_modifiers", true)) vague_.insert(std::move(k));
      return 0;
    });
    for (const auto& [head, cat] : heads_) max_head_ = std::max(max_head_, head.size());
  }

  void check(const TemplateView& v, Sink& sink) const override {
    thread_local text::Segmentation words;
    thread_local std::u32string probe;  // look-up buffer: no allocation once grown
    for_each_field(v, target_, [&](FieldRef field, const text::Canonical& c) {
      const std::u32string_view key(c.key);
      if (key.empty() || bare_ok_.count(c.key)) return;
      if (auto it = whole_.find(c.key); it != whole_.end()) {
        const LexiconTerm& t = lexicon_.terms[it->second];
        report(v, field, c, t.category, lexicon_.level_for(t, v.profile), sink);
        return;
      }
      // The longest head word the name ends in.
      size_t head_len = 0, category = 0;
      for (size_t len = std::min(max_head_, key.size()); len > 0 && head_len == 0; --len)
        if (auto it = heads_.find(probe.assign(key.substr(key.size() - len))); it != heads_.end()) {
          head_len = len;
          category = it->second;
        }
      if (head_len == 0 || head_len == key.size()) return;  // no head; a bare head is the lexicon's
      // The modifiers, as words; each must restrict nothing for the name to be broad.
      const std::u32string_view modifiers = key.substr(0, key.size() - head_len);
      // A modifier that is a vague word or a head as a whole (更多详情, 信息内容) restricts
      // nothing, however the dictionary splits or joins the name (更|多|详情, 信息内容).
      if (probe.assign(modifiers); vague_.count(probe) || heads_.count(probe)) {
        report(v, field, c, category, std::nullopt, sink);
        return;
      }
      words.compute(text::Dictionary::builtin(), key);
      if (!words.aligned(static_cast<uint32_t>(modifiers.size()), static_cast<uint32_t>(key.size()), 0)) return;
      words.compute(text::Dictionary::builtin(), modifiers);
      for (const auto& w : words.words()) {
        probe.assign(modifiers.substr(w.begin, w.end - w.begin));
        if (!vague_.count(probe) && !heads_.count(probe)) return;
      }
      report(v, field, c, category, std::nullopt, sink);
    });
  }

 private:
  size_t category(const CompileContext& ctx, const std::string& id) const {
    for (size_t i = 0; i < lexicon_.categories.size(); ++i)
      if (lexicon_.categories[i].id == id) return i;
    ctx.fail(ctx.params(), "the lexicon has no category `" + id + "`");
  }

  void report(const TemplateView& v, FieldRef field, const text::Canonical& c, size_t category,
              std::optional<Level> level, Sink& sink) const {
    const LexiconCategory& cat = lexicon_.categories[category];
    Hit hit;
    hit.field = field;
    hit.begin = 0;
    hit.end = static_cast<uint32_t>(c.original.size());
    const std::string name = original_text(c, hit.begin, hit.end);
    hit.args = {{"term", "“" + name + "”", "'" + name + "'"}, {"category", cat.zh, cat.en}};
    hit.level = level ? level : cat.levels[static_cast<int>(v.profile)];
    sink.report(v, std::move(hit));
  }

  Lexicon lexicon_;
  Target target_;
  std::unordered_map<std::u32string, size_t> whole_;
  std::unordered_map<std::u32string, size_t> heads_;  // head word -> lexicon category
  std::unordered_set<std::u32string> bare_ok_, vague_;
  size_t broad_category_ = 0, vague_category_ = 0, max_head_ = 0;
};

}  // namespace

std::unique_ptr<RuleKind> make_broad_keyword(const CompileContext& ctx) {
  return std::make_unique<BroadKeywordRule>(ctx);
}

}  // namespace tplguard::rules::kinds
