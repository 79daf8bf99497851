// Kind `pattern`: an RE2 regular expression over a field, for a team's own conventions (rule
// packs and a config file's `custom-rules`). Every match is reported, on the matched
// characters; with `require: true` it is the other way round: a field that does not match is
// reported. `on: canonical` matches the folded letters and digits only, so 紅-包 reads 红包
// and full-width ＴＥＳＴ reads test.
#include <re2/re2.h>

#include <algorithm>

#include "rules/kinds/kinds.hpp"
#include "rules/target.hpp"

namespace tplguard::rules::kinds {
namespace {

constexpr size_t kMaxMatchesPerField = 64;  // a pattern that matches everywhere says so often enough

class PatternRule : public RuleKind {
 public:
  explicit PatternRule(const CompileContext& ctx) {
    target_ = parse_target(ctx, {Target::title, Target::keyword_name, Target::keyword_example});
    pattern_ = ctx.string_param(ctx.params(), "pattern");
    const std::string on = ctx.string_param(ctx.params(), "on", std::string("original"));
    if (on == "canonical") canonical_ = true;
    else if (on != "original") ctx.fail(ctx.params()["on"], "`on` is original or canonical, not `" + on + "`");
    if (yaml::Node r = ctx.params()["require"]) {
      try {
        require_ = r.as<bool>();
      } catch (const yaml::Exception&) {
        ctx.fail(r, "`require` must be true or false");
      }
    }
    RE2::Options options;
    options.set_log_errors(false);
    options.set_encoding(RE2::Options::EncodingUTF8);
    re_ = std::make_unique<RE2>(pattern_, options);
    if (!re_->ok()) ctx.fail(ctx.params()["pattern"], "invalid RE2 pattern `" + pattern_ + "`: " + re_->error());
  }

  void check(const TemplateView& v, Sink& sink) const override {
    thread_local std::string buffer;
    thread_local std::vector<uint32_t> index_of_byte;
    for_each_field(v, target_, [&](FieldRef field, const text::Canonical& c) {
      // The text matched and, per byte of it, the code point of the original it stands for.
      buffer.clear();
      index_of_byte.clear();
      const std::u32string& cps = canonical_ ? c.key : c.original;
      for (size_t i = 0; i < cps.size(); ++i) {
        const size_t before = buffer.size();
        text::append_utf8(buffer, cps[i]);
        const uint32_t orig = canonical_ ? c.key_src[i] : static_cast<uint32_t>(i);
        index_of_byte.insert(index_of_byte.end(), buffer.size() - before, orig);
      }
      const auto end_index = static_cast<uint32_t>(c.original.size());
      if (require_) {
        if (!RE2::PartialMatch(buffer, *re_)) report(v, sink, field, c, 0, end_index);
        return;
      }
      re2::StringPiece input(buffer), match;
      size_t pos = 0, found = 0;
      while (pos <= buffer.size() && found < kMaxMatchesPerField &&
             re_->Match(input, pos, buffer.size(), RE2::UNANCHORED, &match, 1)) {
        const auto b = static_cast<size_t>(match.data() - buffer.data());
        const size_t e = b + match.size();
        if (e == b) {  // an empty match points at nothing: step over one character
          pos = b + 1;
          while (pos < buffer.size() && (static_cast<unsigned char>(buffer[pos]) & 0xC0) == 0x80) ++pos;
          continue;
        }
        report(v, sink, field, c, index_of_byte[b], index_of_byte[e - 1] + 1);
        ++found;
        pos = e;
      }
    });
  }

 private:
  void report(const TemplateView& v, Sink& sink, FieldRef field, const text::Canonical& c, uint32_t b,
              uint32_t e) const {
    Hit hit;
    hit.field = field;
    hit.begin = b;
    hit.end = e;
    const std::string text = original_text(c, b, e);
    hit.args = {{"match", text, text}, {"pattern", pattern_, pattern_}};
    sink.report(v, std::move(hit));
  }

  Target target_;
  std::string pattern_;
  bool canonical_ = false;
  bool require_ = false;
  std::unique_ptr<RE2> re_;  // RE2 matching is thread-safe
};

}  // namespace

std::unique_ptr<RuleKind> make_pattern(const CompileContext& ctx) { return std::make_unique<PatternRule>(ctx); }

}  // namespace tplguard::rules::kinds
