// Kind `example-type`: a keyword's example must fit the keyword (审核说明 2.4). The expected
// type is inferred from the keyword's name (its longest matching ending, the head word of a
// Chinese compound: 时间 -> a date or time, 金额 -> an amount, 电话 -> a phone number, ...),
// and the example, folded (full-width digits and colons become ASCII), must match the type's
// RE2 pattern and none of the types it `reject`s (a place must not be a date). A refused
// example is named by the first `identify` type it matches ("looks like a date, not a place").
// A type may also `accept` what other types accept (a fee is an amount or 免费), so that a
// large pattern is compiled once.
// Types without `names` are shapes used only by `reject` and `identify`.
#include <re2/re2.h>

#include <map>
#include <mutex>
#include <unordered_map>

#include "rules/kinds/kinds.hpp"
#include "rules/target.hpp"

namespace tplguard::rules::kinds {
namespace {

// A pattern compiled on first use. Compiling the shipped types' patterns (large alternations
// of surnames, regions, state words and every date form) takes several milliseconds, which
// engine load would otherwise pay even when no template has examples. Load still checks the
// syntax: a compile capped at a program too small for anything stops at once, after the parse
// has reported any syntax error.
class LazyPattern {
 public:
  explicit LazyPattern(std::string source) : source_(std::move(source)) {}

  // The syntax error, or empty.
  std::string check() const {
    RE2::Options opts = options();
    opts.set_max_mem(300);  // two thirds of it are below one Prog: no instruction fits
    RE2 probe(source_, opts);
    if (probe.ok() || probe.error_code() == RE2::ErrorPatternTooLarge) return {};
    return probe.error();
  }

  bool full_match(const std::string& text) const {
    std::call_once(once_, [this] { re_ = std::make_unique<RE2>(source_, options()); });
    return re_->ok() && RE2::FullMatch(text, *re_);
  }

 private:
  static RE2::Options options() {
    RE2::Options opts;
    opts.set_log_errors(false);
    return opts;
  }

  std::string source_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<RE2> re_;
};

struct ExampleType {
  std::string id, zh, en;
  std::vector<std::u32string> endings;  // keyword-name endings (keys)
  std::vector<std::u32string> except;   // names ending in these are not of this type
  std::unique_ptr<LazyPattern> pattern;  // null when the type only accepts other types
  bool masks = false;     // runs of x/X/* stand for hidden digits (138****8888, xxxx元)
  bool identify = false;  // names what a refused example looks like
  uint64_t reject = 0;    // bit i: an example that matches types_[i] does not fit
  uint64_t accept = 0;    // bit i: an example that matches types_[i] fits (unless rejected)
  std::vector<std::string> reject_ids, accept_ids;
};

class ExampleTypeRule : public RuleKind {
 public:
  explicit ExampleTypeRule(const CompileContext& ctx) : canon_(ctx.canon()) {
    parse_target(ctx, {Target::keyword_example});
    ctx.with_data(ctx.string_param(ctx.params(), "types"), [&](const yaml::Node& root) { load_types(ctx, root); });
  }

  void load_types(const CompileContext& ctx, const yaml::Node& root) {
    if (!root.IsMap()) ctx.fail(root, "expected `fragments` and `types`");
    std::map<std::string, std::string> fragments;
    if (yaml::Node f = root["fragments"]) {
      if (!f.IsMap()) ctx.fail(f, "`fragments` maps names to pattern pieces");
      for (const auto& kv : f) fragments[kv.first.as<std::string>()] = kv.second.as<std::string>();
    }
    yaml::Node types = root["types"];
    if (!types.IsSequence()) ctx.fail(root, "`types` must be a list");
    for (const auto& t : types) {
      ExampleType type;
      type.id = ctx.string_param(t, "id");
      type.zh = ctx.string_param(t, "zh");
      type.en = ctx.string_param(t, "en");
      for (const auto& e : ctx.string_list(t, "names", false)) type.endings.push_back(canon_.key_of(e));
      for (const auto& e : ctx.string_list(t, "except", false)) type.except.push_back(canon_.key_of(e));
      type.accept_ids = ctx.string_list(t, "accept", false);
      if (t["pattern"] || type.accept_ids.empty()) {
        const std::string pattern = expand(ctx, t["pattern"], ctx.string_param(t, "pattern"), fragments, 0);
        type.pattern = std::make_unique<LazyPattern>(pattern);
        if (std::string error = type.pattern->check(); !error.empty()) ctx.fail(t["pattern"], "type " + type.id + ": " + error);
      }
      type.masks = t["masks"] && t["masks"].as<bool>();
      type.identify = t["identify"] && t["identify"].as<bool>();
      type.reject_ids = ctx.string_list(t, "reject", false);
      types_.push_back(std::move(type));
    }
    // Exclusions and rejections are bit masks over the types.
    if (types_.size() > 64) ctx.fail(types, "at most 64 types");
    auto index_of = [&](size_t i, const std::string& id, const char* key) {
      size_t j = 0;
      while (j < types_.size() && types_[j].id != id) ++j;
      if (j == types_.size()) ctx.fail(types[i][key], "type " + types_[i].id + ": `" + key + "` names unknown type " + id);
      if (j == i) ctx.fail(types[i][key], "type " + id + " names itself in `" + key + "`");
      return j;
    };
    for (size_t i = 0; i < types_.size(); ++i) {
      for (const auto& id : types_[i].reject_ids) {
        const size_t j = index_of(i, id, "reject");
        if (!types_[j].pattern) ctx.fail(types[i]["reject"], "type " + types_[i].id + " rejects " + id + ", which has no pattern");
        types_[i].reject |= uint64_t{1} << j;
      }
      if (types_[i].identify && !types_[i].pattern) ctx.fail(types[i], "type " + types_[i].id + ": `identify` needs a pattern");
      for (const auto& id : types_[i].accept_ids) {
        const size_t j = index_of(i, id, "accept");
        // One level only: what an accepted type accepts is not followed.
        if (!types_[j].pattern) ctx.fail(types[i]["accept"], "type " + types_[i].id + " accepts " + id + ", which has no pattern");
        types_[i].accept |= uint64_t{1} << j;
      }
      if (types_[i].identify) identifiers_.push_back(static_cast<uint32_t>(i));
    }
    for (size_t i = 0; i < types_.size(); ++i) {
      for (const auto& e : types_[i].endings)
        if (!e.empty()) endings_by_last_[e.back()].push_back({e, static_cast<uint32_t>(i)});
      for (const auto& e : types_[i].except)
        if (!e.empty()) except_by_last_[e.back()].push_back({e, static_cast<uint32_t>(i)});
    }
  }

  void check(const TemplateView& v, Sink& sink) const override {
    for (size_t i = 0; i < v.keyword_count; ++i) {
      const Keyword& k = v.keyword(i);
      if (!k.example) continue;
      const ExampleType* type = type_of(v.names[i].key);
      if (type == nullptr && surely_not_blank(k.example->value)) continue;  // no type: say nothing
      thread_local std::string example;
      canon_.fold_text(v.examples[i].original, example);
      trim(example);
      const bool empty = example.empty();
      const ExampleType* seems = nullptr;  // what a refused example looks like
      if (!empty) {
        if (type == nullptr) continue;
        if (fits(*type, example, seems)) continue;
      }
      Hit hit;
      hit.field = FieldRef{FieldRef::keyword_example, static_cast<uint32_t>(i)};
      const std::string& name = k.name.value;
      const std::string& shown = k.example->value;
      if (empty) {
        hit.args = {{"keyword", name, name}, {"example", shown, shown}, {"problem", "示例为空", "is empty"}};
      } else if (seems != nullptr) {
        hit.args = {{"keyword", name, name},
                    {"example", shown, shown},
                    {"problem", "“" + shown + "”像" + seems->zh + "，不像" + type->zh,
                     "'" + shown + "' looks like " + seems->en + ", not " + type->en}};
      } else {
        hit.args = {{"keyword", name, name},
                    {"example", shown, shown},
                    {"problem", "“" + shown + "”不像" + type->zh, "'" + shown + "' does not look like " + type->en}};
      }
      sink.report(v, std::move(hit));
    }
  }

 private:
  // Replaces {{name}} with (?:fragment), recursively (fragments may use fragments).
  static std::string expand(const CompileContext& ctx, const yaml::Node& at, const std::string& pattern,
                            const std::map<std::string, std::string>& fragments, int depth) {
    if (depth > 8) ctx.fail(at, "fragments nest too deeply (a cycle?)");
    std::string out;
    for (size_t i = 0; i < pattern.size();) {
      if (pattern.compare(i, 2, "{{") == 0) {
        const size_t close = pattern.find("}}", i + 2);
        if (close == std::string::npos) ctx.fail(at, "unclosed {{ in pattern");
        const std::string name = pattern.substr(i + 2, close - i - 2);
        auto it = fragments.find(name);
        if (it == fragments.end()) ctx.fail(at, "unknown fragment {{" + name + "}}");
        out += "(?:" + expand(ctx, at, it->second, fragments, depth + 1) + ")";
        i = close + 2;
      } else {
        out.push_back(pattern[i++]);
      }
    }
    return out;
  }

  // Whether `folded` (trimmed, not empty) fits `type`; when it does not, `seems` is the first
  // identifying type (other than `type`) it matches, if any.
  bool fits(const ExampleType& type, const std::string& folded, const ExampleType*& seems) const {
    seems = nullptr;
    // Most examples have no mask characters: the unmasked copy is made only when needed.
    thread_local std::string unmasked;
    const std::string* text = &folded;
    auto as = [&](const ExampleType& t) -> const std::string& {
      if (!t.masks || !has_mask(folded)) return folded;
      if (text == &folded) {
        unmasked.assign(folded);
        unmask(unmasked);
        text = &unmasked;
      }
      return *text;
    };
    bool matched = type.pattern && type.pattern->full_match(as(type));
    for (size_t j = 0; !matched && j < types_.size(); ++j)
      matched = type.accept >> j & 1 && types_[j].pattern->full_match(as(types_[j]));
    if (matched) {
      if (type.reject == 0) return true;
      for (size_t j = 0; j < types_.size(); ++j)
        if (type.reject >> j & 1 && types_[j].pattern && types_[j].pattern->full_match(as(types_[j]))) {
          seems = &types_[j];
          return false;
        }
      return true;
    }
    for (uint32_t j : identifiers_)
      if (&types_[j] != &type && types_[j].pattern && types_[j].pattern->full_match(as(types_[j]))) {
        seems = &types_[j];
        break;
      }
    return false;
  }

  // True when folding cannot leave `s` empty: it holds a visible ASCII character or a CJK
  // ideograph (U+4000..U+9FFF, lead bytes E4..E9). Lets untyped keywords skip the fold.
  static bool surely_not_blank(const std::string& s) {
    for (unsigned char c : s)
      if ((c > 0x20 && c < 0x7F) || (c >= 0xE4 && c <= 0xE9)) return true;
    return false;
  }

  static bool has_mask(const std::string& s) {
    return s.find_first_of("*x") != std::string::npos || s.find("\xC3\x97") != std::string::npos;
  }

  static bool ends_with(const std::u32string& s, const std::u32string& e) {
    return s.size() >= e.size() && std::u32string_view(s).substr(s.size() - e.size()) == e;
  }

  // The type whose longest ending matches the name (the first type on a tie); names ending
  // in one of a type's exceptions are not of that type. Endings are looked up by the name's
  // last character, so a name meets only the few endings that could match.
  const ExampleType* type_of(const std::u32string& name) const {
    if (name.empty()) return nullptr;
    uint64_t excluded = 0;
    if (auto it = except_by_last_.find(name.back()); it != except_by_last_.end())
      for (const Ending& e : it->second)
        if (ends_with(name, e.text)) excluded |= uint64_t{1} << e.type;
    auto it = endings_by_last_.find(name.back());
    if (it == endings_by_last_.end()) return nullptr;
    const Ending* best = nullptr;
    for (const Ending& e : it->second) {
      if (excluded >> e.type & 1 || !ends_with(name, e.text)) continue;
      if (best == nullptr || e.text.size() > best->text.size() ||
          (e.text.size() == best->text.size() && e.type < best->type))
        best = &e;
    }
    return best ? &types_[best->type] : nullptr;
  }

  static void trim(std::string& s) {
    const char* ws = " \t\r\n";
    s.erase(0, s.find_first_not_of(ws));
    s.erase(s.find_last_not_of(ws) + 1);
  }

  // Mask characters (x, *, ×) stand for digits the example hides. In place: the text only
  // shrinks (× is two bytes, its digit one).
  static void unmask(std::string& s) {
    size_t o = 0;
    char before = 0;  // the original character before s[i] (s[i - 1] may be overwritten by now)
    for (size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      const bool x = c == 'x' && ((i + 1 < s.size() && s[i + 1] == 'x') || before == 'x');
      before = c;
      if (c == '*' || x) {
        s[o++] = '0';
      } else if (s.compare(i, 2, "\xC3\x97") == 0) {  // ×
        s[o++] = '0';
        before = 0;
        ++i;
      } else {
        s[o++] = c;
      }
    }
    s.resize(o);
  }


  struct Ending {
    std::u32string text;
    uint32_t type;  // index in types_
  };

  const text::Canonicalizer& canon_;
  std::vector<ExampleType> types_;
  std::vector<uint32_t> identifiers_;  // indexes of the `identify` types, in file order
  std::unordered_map<char32_t, std::vector<Ending>> endings_by_last_, except_by_last_;
};

}  // namespace

std::unique_ptr<RuleKind> make_example_type(const CompileContext& ctx) { return std::make_unique<ExampleTypeRule>(ctx); }

}  // namespace tplguard::rules::kinds
