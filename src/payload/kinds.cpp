// The rule-pack side of payload rules: each rules/payload/*.yaml names a payload check as
// its kind (`kind: openid-shape`) and gives the data the check needs as params: shapes as
// RE2 patterns, literal values, the marketing lexicon. Compiled once when the engine loads.
#include "payload/validator.hpp"

namespace tplguard::payload {
namespace {

std::vector<Shape> load_shapes(const rules::CompileContext& ctx, const char* key, bool required) {
  std::vector<Shape> out;
  yaml::Node list = ctx.params()[key];
  if (!list.IsDefined() || list.IsNull()) {
    if (required) ctx.fail(ctx.params(), yaml::missing_key_message(ctx.params(), key, "parameter"));
    return out;
  }
  if (!list.IsSequence()) ctx.fail(list, std::string("`") + key + "` is a list of {name, zh, en, pattern}");
  for (const auto& s : list) {
    Shape shape;
    shape.name = ctx.string_param(s, "name");
    shape.label = Text{ctx.string_param(s, "zh"), ctx.string_param(s, "en")};
    RE2::Options o;
    o.set_log_errors(false);
    shape.re = std::make_unique<RE2>(ctx.string_param(s, "pattern"), o);
    if (!shape.re->ok()) ctx.fail(s["pattern"], "bad pattern: " + shape.re->error());
    out.push_back(std::move(shape));
  }
  return out;
}

}  // namespace

std::unique_ptr<rules::RuleKind> make_kind(const rules::CompileContext& ctx) {
  const auto check = parse_check(ctx.rule().kind);
  if (!check) ctx.fail(yaml::Node(), "unknown payload kind `" + ctx.rule().kind + "`");
  if (ctx.rule().target != "payload") ctx.fail(yaml::Node(), "payload kinds take `target: payload`");
  auto p = std::make_shared<KindParams>();
  switch (*check) {
    case Check::value_marketing: {
      p->lexicon = std::make_unique<rules::Lexicon>(rules::load_lexicon(ctx, ctx.string_param(ctx.params(), "lexicon")));
      for (const auto& extra : ctx.take_extra_lexicons()) p->lexicon->merge(rules::load_lexicon(ctx, extra));
      p->pinyin = ctx.params()["pinyin"] && ctx.params()["pinyin"].as<bool>();
      p->matcher = std::make_unique<rules::TermMatcher>(p->lexicon->matcher(ctx.canon(), p->pinyin));
      p->types = ctx.string_list(ctx.params(), "types", false);
      break;
    }
    case Check::template_id_shape:
    case Check::template_id_library:
    case Check::openid_shape:
    case Check::color_format:
    case Check::url_format:
    case Check::appid_shape: p->shapes = load_shapes(ctx, "shapes", true); break;
    case Check::form_id_shape:
      p->shapes = load_shapes(ctx, "shapes", true);
      p->wrong = load_shapes(ctx, "wrong", false);
      break;
    case Check::form_id_mock: p->values = ctx.string_list(ctx.params(), "values"); break;
    default: break;
  }
  return std::make_unique<PayloadRuleKind>(*check, std::move(p));
}

}  // namespace tplguard::payload
