#pragma once
// Which fields of a template a rule looks at (the rule's `target`).
#include "rules/rule_kind.hpp"

namespace tplguard::rules {

enum class Target { title, keyword_name, keyword_example };

inline Target parse_target(const CompileContext& ctx, std::initializer_list<Target> allowed) {
  const std::string& t = ctx.rule().target;
  Target out;
  if (t == "title") out = Target::title;
  else if (t == "keyword-name") out = Target::keyword_name;
  else if (t == "keyword-example") out = Target::keyword_example;
  else ctx.fail(yaml::Node(), "`target` must be title, keyword-name or keyword-example, not `" + t + "`");
  for (Target a : allowed)
    if (a == out) return out;
  ctx.fail(yaml::Node(), "kind " + ctx.rule().kind + " does not support target `" + t + "`");
}

// Calls fn(FieldRef, const text::Canonical&) for each field of `v` the target names.
template <typename Fn>
void for_each_field(const TemplateView& v, Target target, Fn&& fn) {
  if (target == Target::title) {
    fn(FieldRef{FieldRef::title, 0}, *v.title);
    return;
  }
  for (size_t i = 0; i < v.keyword_count; ++i) {
    if (target == Target::keyword_name) fn(FieldRef{FieldRef::keyword_name, static_cast<uint32_t>(i)}, v.names[i]);
    else if (v.keyword(i).example) fn(FieldRef{FieldRef::keyword_example, static_cast<uint32_t>(i)}, v.examples[i]);
  }
}

// The original text of code points [b, e) of a canonical value.
inline std::string original_text(const text::Canonical& c, uint32_t b, uint32_t e) {
  return text::to_utf8(std::u32string_view(c.original).substr(b, e - b));
}

// "file:line" of a template's title, for messages that name another template.
inline std::string describe_location(const TemplateView& v) {
  std::string where = v.tpl->source ? v.tpl->source->path() : std::string("<input>");
  if (v.tpl->source && v.tpl->title.token_offset >= 0)
    where += ":" + std::to_string(v.tpl->source->line_of(static_cast<size_t>(v.tpl->title.token_offset)));
  return where;
}

}  // namespace tplguard::rules
