// Runs every rule's `examples` from rules/*.yaml: each pass example must raise nothing from
// its rule, each fail example must raise it (at the stated level and on the stated text).
#include <catch2/catch.hpp>

#include <filesystem>

#include "io/template_reader.hpp"
#include "support.hpp"
#include "text/canonical.hpp"

using namespace tplguard;
using test_support::engine;

namespace {

std::vector<Template> templates_of(const RuleExample& e) {
  std::vector<Template> out;
  std::optional<std::vector<std::pair<std::string, std::string>>> kws;
  if (e.has_keywords) kws = e.keywords;
  if (e.titles.empty()) {
    out.push_back(test_support::make_template("订单发货提醒", kws));
  }
  for (size_t i = 0; i < e.titles.size(); ++i)
    out.push_back(test_support::make_template(e.titles[i], i == 0 ? kws : std::nullopt, i));
  return out;
}

std::string describe(const RuleExample& e) {
  std::string s;
  if (!e.source.empty()) return e.source;
  for (const auto& t : e.titles) s += t + " ";
  for (const auto& [n, x] : e.keywords) s += "[" + n + "=" + x + "] ";
  return s;
}

// An example given as a whole source file (inline suppressions) is read like user input and
// linted with every rule on, since its rule reacts to the others; only its rule's findings count.
std::vector<Finding> lint_example(const RuleInfo& rule, const RuleExample& e) {
  LintOptions o;
  o.profile = e.profile.value_or(Profile::miniprogram);
  if (!e.source.empty()) {
    io::ReadResult r = io::read_templates_text("example.yaml", e.source, io::Format::yaml);
    REQUIRE(r.errors.empty());
    std::vector<Finding> out;
    for (auto& f : engine().lint(r.templates, o))
      if (f.rule == rule.id) out.push_back(std::move(f));
    return out;
  }
  o.select = {rule.id};
  return engine().lint(templates_of(e), o);
}

// Rule files: rules/*.yaml (but pack.yaml) and rules/payload/*.yaml.
size_t rule_files() {
  size_t n = 0;
  for (const char* sub : {"/rules", "/rules/payload"})
    for (const auto& entry : std::filesystem::directory_iterator(std::string(TPLGUARD_SOURCE_DIR) + sub))
      n += entry.path().extension() == ".yaml" && entry.path().filename() != "pack.yaml";
  return n;
}

}  // namespace

TEST_CASE("every rule has examples, docs and both messages", "[rules]") {
  REQUIRE(engine().rules().size() == rule_files());
  size_t template_rules = 0;
  for (const auto& r : engine().rules()) template_rules += r.target != "payload";
  REQUIRE(template_rules == 15);  // the 14 review rules and unused-suppression
  for (const auto& r : engine().rules()) {
    INFO(r.id);
    CHECK(!r.pass.empty());
    CHECK(!r.fail.empty());
    CHECK(!r.doc.empty());
    CHECK(!r.message_zh.empty());
    CHECK(!r.message_en.empty());
    CHECK(!r.clause.empty());
  }
}

// Payload rules' examples are request bodies: payload_rules_test.cpp runs them.
TEST_CASE("rule examples: pass examples raise nothing", "[rules][examples]") {
  for (const auto& r : engine().rules()) {
    if (r.target == "payload") continue;
    for (const auto& e : r.pass) {
      INFO(r.id << ": " << describe(e));
      const auto fs = lint_example(r, e);
      for (const auto& f : fs) INFO("raised: " << f.message_en);
      CHECK(fs.empty());
    }
  }
}

TEST_CASE("rule examples: fail examples raise their rule", "[rules][examples]") {
  for (const auto& r : engine().rules()) {
    if (r.target == "payload") continue;
    for (const auto& e : r.fail) {
      INFO(r.id << ": " << describe(e));
      const auto fs = lint_example(r, e);
      REQUIRE(!fs.empty());
      const Level want = e.level.value_or(r.levels[static_cast<int>(e.profile.value_or(Profile::miniprogram))]);
      bool level_ok = false, at_ok = e.at.empty();
      const auto templates = e.source.empty() ? templates_of(e) : std::vector<Template>{};
      for (const auto& f : fs) {
        level_ok |= f.level == want;
        if (e.at.empty()) continue;
        if (!e.source.empty()) {  // `at` names the characters of the source the finding covers
          at_ok |= e.source.substr(static_cast<size_t>(f.location.byte_begin),
                                   static_cast<size_t>(f.location.byte_end - f.location.byte_begin)) == e.at;
          continue;
        }
        // The finding must point at exactly the text `at` names, in the field it flags.
        const Template& t = templates[f.index];
        std::string value;
        if (f.field == "title") value = t.title.value;
        for (size_t k = 0; t.keywords && k < t.keywords->size(); ++k) {
          if (f.field == "keywords[" + std::to_string(k) + "].name") value = (*t.keywords)[k].name.value;
          if (f.field == "keywords[" + std::to_string(k) + "].example") value = (*t.keywords)[k].example->value;
        }
        std::u32string cps;
        std::vector<uint32_t> offs;
        text::decode_utf8(value, cps, offs);
        at_ok |= text::to_utf8(std::u32string_view(cps).substr(f.value_begin, f.value_end - f.value_begin)) == e.at;
      }
      CHECK(level_ok);
      CHECK(at_ok);
    }
  }
}

TEST_CASE("title-suffix: the fix drops a note in brackets after the suffix and never leaves half a bracket",
          "[rules][fix]") {
  auto fix_of = [](const std::string& title) -> std::string {
    LintOptions o;
    o.select = {"title-suffix"};
    for (const auto& f : engine().lint({test_support::make_template(title, std::nullopt)}, o))
      if (f.rule == "title-suffix" && f.fix) return f.fix->replacement;
    return "(no fix)";
  };
  CHECK(fix_of("水费缴纳成功通知（居民）") == "水费缴纳成功通知");
  CHECK(fix_of("会员（VIP）") == "会员（VIP）通知");
  CHECK(fix_of("订单发货！") == "订单发货通知");
  CHECK(fix_of("订单发货提示") == "订单发货提醒");
}
