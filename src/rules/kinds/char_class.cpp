// Kind `char-class`: every character of the field must be in an allowed set (an ICU
// UnicodeSet pattern), e.g. no symbols, emoji or brackets in a title (审核说明 1.4, 2.3).
// Runs of disallowed characters are reported once, with a fix that removes them.
#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>

#include "rules/kinds/kinds.hpp"
#include "rules/target.hpp"
#include "text/unicode_tables.hpp"

namespace tplguard::rules::kinds {
namespace {

class CharClassRule : public RuleKind {
 public:
  explicit CharClassRule(const CompileContext& ctx) {
    target_ = parse_target(ctx, {Target::title, Target::keyword_name});
    const std::string pattern = ctx.string_param(ctx.params(), "allowed");
    UErrorCode e = U_ZERO_ERROR;
    allowed_.applyPattern(icu::UnicodeString::fromUTF8(pattern), e);
    if (U_FAILURE(e)) ctx.fail(ctx.params()["allowed"], "invalid UnicodeSet pattern `" + pattern + "`: " + u_errorName(e));
    allowed_.freeze();  // frozen sets are safe to share between threads
    if (ctx.params()["between_digits"]) {
      const std::string between = ctx.string_param(ctx.params(), "between_digits");
      e = U_ZERO_ERROR;
      between_digits_.applyPattern(icu::UnicodeString::fromUTF8(between), e);
      if (U_FAILURE(e))
        ctx.fail(ctx.params()["between_digits"], "invalid UnicodeSet pattern `" + between + "`: " + u_errorName(e));
    }
    between_digits_.freeze();
  }

  void check(const TemplateView& v, Sink& sink) const override {
    for_each_field(v, target_, [&](FieldRef field, const text::Canonical& c) {
      const auto& s = c.original;
      // Surrounding whitespace is trimmed by WeChat and by title-suffix's fix: not a symbol.
      uint32_t first = 0, last = static_cast<uint32_t>(s.size());
      while (first < last && is_space(s[first])) ++first;
      while (last > first && is_space(s[last - 1])) --last;
      // Most fields are clean: look for a disallowed character before building anything.
      // A decimal point between digits is part of a number (PM2.5), not a symbol.
      auto ok = [&](uint32_t i) {
        if (allowed_.contains(static_cast<UChar32>(s[i]))) return true;
        return i > first && i + 1 < last && between_digits_.contains(static_cast<UChar32>(s[i])) &&
               u_isdigit(static_cast<UChar32>(s[i - 1])) && u_isdigit(static_cast<UChar32>(s[i + 1]));
      };
      uint32_t bad = first;
      while (bad < last && ok(bad)) ++bad;
      if (bad == last) return;
      std::string cleaned;
      std::vector<std::pair<uint32_t, uint32_t>> runs;
      for (uint32_t i = first; i < last;) {
        if (ok(i)) {
          text::append_utf8(cleaned, s[i]);
          ++i;
          continue;
        }
        uint32_t j = i;
        while (j < last && !ok(j)) ++j;
        runs.emplace_back(i, j);
        i = j;
      }
      for (const auto& [b, e] : runs) {
        Hit hit;
        hit.field = field;
        hit.begin = b;
        hit.end = e;
        const std::string chars = original_text(c, b, e);
        const auto [zh, en] = describe(s, b, e);
        hit.args = {{"chars", chars, chars}, {"what", zh, en}};
        if (!cleaned.empty()) hit.fix = cleaned;
        sink.report(v, std::move(hit));
      }
    });
  }

 private:
  static bool is_space(char32_t c) { return text::char_class(c) & text::CharClass::kSpace; }

  // What kind of character a run is, for the message.
  static std::pair<const char*, const char*> describe(const std::u32string& s, uint32_t b, uint32_t e) {
    bool emoji = false, bracket = false, space = false;
    for (uint32_t i = b; i < e; ++i) {
      const uint8_t cls = text::char_class(s[i]);
      emoji |= (cls & text::CharClass::kEmoji) != 0;
      space |= (cls & text::CharClass::kSpace) != 0;
      const int8_t gc = u_charType(static_cast<UChar32>(s[i]));
      bracket |= gc == U_START_PUNCTUATION || gc == U_END_PUNCTUATION;
    }
    if (emoji) return {"表情符号", "emoji"};
    if (bracket) return {"括号", "brackets"};
    if (space) return {"空格", "a space"};
    return {"特殊符号", "a special symbol"};
  }

  Target target_;
  icu::UnicodeSet allowed_;
  icu::UnicodeSet between_digits_;  // allowed alone between two digits (a decimal point)
};

}  // namespace

std::unique_ptr<RuleKind> make_char_class(const CompileContext& ctx) { return std::make_unique<CharClassRule>(ctx); }

}  // namespace tplguard::rules::kinds
