// Runs the examples of every payload rule (rules/payload/*.yaml): a pass example raises
// nothing from its rule; a fail example raises it on the field, characters and level it
// names. Each body is validated both parsed and as text: the two paths must agree.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "payload/checks.hpp"
#include "payload_support.hpp"
#include "text/canonical.hpp"

using namespace tplguard;
using test_support::engine;
using test_support::validator;

namespace {

struct Outcome {
  PayloadResult parsed, text;
};

Outcome run_example(const RuleInfo& rule, const RuleExample& e) {
  PayloadOptions o;
  o.select = {rule.id};
  auto v = e.context.empty() ? PayloadValidator::create(engine())
                             : PayloadValidator::create(engine(), test_support::context_of(nlohmann::json::parse(e.context)));
  return {v->validate(nlohmann::json::parse(e.body), e.api, o), v->validate_text(e.body, e.api, o)};
}

std::string describe(const PayloadResult& r) {
  std::string s = r.error;
  for (const auto& f : r.findings) s += "\n  " + f.rule + " " + to_string(f.level) + " " + f.field + ": " + f.message_en;
  return s;
}

// The characters a finding marks in the string at its field.
std::string marked(const nlohmann::json& body, const Finding& f) {
  const auto ptr = nlohmann::json::json_pointer(f.field);
  if (!body.contains(ptr) || !body.at(ptr).is_string()) return {};
  std::u32string cps;
  std::vector<uint32_t> offsets;
  text::decode_utf8(body.at(ptr).get<std::string>(), cps, offsets);
  return text::to_utf8(std::u32string_view(cps).substr(f.value_begin, f.value_end - f.value_begin));
}

}  // namespace

TEST_CASE("every payload check has one documented rule with examples", "[payload][rules]") {
  size_t payload_rules = 0;
  for (const auto& r : engine().rules()) {
    if (r.target != "payload") continue;
    ++payload_rules;
    INFO(r.id);
    CHECK(payload::parse_check(r.kind).has_value());
    CHECK(r.id == r.kind);
    CHECK(!r.pass.empty());
    CHECK(!r.fail.empty());
    CHECK(!r.doc.empty());
    CHECK(!r.message_zh.empty());
    CHECK(!r.message_en.empty());
    for (const auto& e : r.fail) CHECK(!e.api.empty());
  }
  CHECK(payload_rules == payload::kCheckCount);
}

TEST_CASE("payload rule examples: pass examples raise nothing from their rule", "[payload][rules][examples]") {
  for (const auto& r : engine().rules()) {
    if (r.target != "payload") continue;
    for (const auto& e : r.pass) {
      INFO(r.id << ": " << e.api << " " << e.body);
      const Outcome o = run_example(r, e);
      INFO("parsed:" << describe(o.parsed) << "\ntext:" << describe(o.text));
      CHECK(o.parsed.ok());
      CHECK(o.parsed.findings.empty());
      CHECK(o.text.findings.empty());
    }
  }
}

TEST_CASE("payload rule examples: fail examples raise their rule where they say", "[payload][rules][examples]") {
  for (const auto& r : engine().rules()) {
    if (r.target != "payload") continue;
    for (const auto& e : r.fail) {
      INFO(r.id << ": " << e.api << " " << e.body);
      const Outcome o = run_example(r, e);
      INFO("parsed:" << describe(o.parsed) << "\ntext:" << describe(o.text));
      REQUIRE(o.parsed.ok());
      REQUIRE(!o.parsed.findings.empty());
      const Level want = e.level.value_or(r.level);
      const auto body = nlohmann::json::parse(e.body);
      bool level_ok = false, field_ok = e.field.empty(), at_ok = e.at.empty();
      for (const auto& f : o.parsed.findings) {
        CHECK(f.rule == r.id);
        level_ok |= f.level == want;
        field_ok |= f.field == e.field;
        if (!e.at.empty() && (e.field.empty() || f.field == e.field)) at_ok |= marked(body, f) == e.at;
      }
      CHECK(level_ok);
      CHECK(field_ok);
      CHECK(at_ok);
      // Text input finds the same, and knows where.
      REQUIRE(o.text.findings.size() == o.parsed.findings.size());
      std::multiset<std::string> parsed, text;
      for (const auto& f : o.parsed.findings) parsed.insert(f.field + " " + to_string(f.level) + " " + f.message_en);
      for (const auto& f : o.text.findings) {
        text.insert(f.field + " " + to_string(f.level) + " " + f.message_en);
        CHECK(f.location.begin.line == 1);
        CHECK(f.location.byte_begin >= 0);
      }
      CHECK(parsed == text);
    }
  }
}

namespace {

std::string load_error(const std::string& file, const std::string& text) {
  return test_support::pack_load_error(file, text);
}

}  // namespace

TEST_CASE("a broken API spec or payload rule fails the load, naming file and line", "[payload][rules]") {
  CHECK(load_error("apis/library-list.yaml", "api: library-list\ntitle: {zh: a, en: b}\ndoc: d\nfields:\n"
                                             "  count: {type: integr}\n")
            .find("library-list.yaml:5: unknown type `integr`") != std::string::npos);
  CHECK(load_error("apis/library-list.yaml", "api: library-list\ntitle: {zh: a, en: b}\ndoc: d\nfields:\n"
                                             "  data: {type: data, types: [thingy]}\n")
            .find("unknown value type `thingy`") != std::string::npos);
  CHECK(load_error("payload/value-marketing.yaml",
                   "id: value-marketing\nclause: API\nkind: value-marketing\ntarget: payload\nlevel: warning\n"
                   "message: {zh: a, en: b}\ndoc: d\nexamples: {pass: [a], fail: [b]}\n"
                   "params: {lexicon: lexicons/marketing.yaml, share_lexicons_with: title-marketting}\n")
            .find("value-marketing.yaml:9: `share_lexicons_with` names no rule of the pack") != std::string::npos);
  CHECK(load_error("apis/library-list.yaml", "api: library-list\ntitle: {zh: a, en: b}\ndoc: d\ntemplates_from: list\n")
            .find("library-list.yaml:4: `templates_from` is one of template/list, gettemplate, get_all_private_template") !=
        std::string::npos);
  CHECK(load_error("apis/library-list.yaml", "api: subscribe-send\ntitle: {zh: a, en: b}\ndoc: d\n")
            .find("API `subscribe-send` is defined twice") != std::string::npos);
  CHECK(load_error("apis/value-types.yaml", "types:\n  thing: {pattern: '(', rule: {zh: a, en: b}}\n")
            .find("value-types.yaml:2: bad pattern") != std::string::npos);
  CHECK(load_error("payload/openid-shape.yaml",
                   "id: openid-shape\nclause: API\nkind: openid-shape\ntarget: payload\nlevel: warning\n"
                   "message: {zh: a, en: b}\ndoc: d\nexamples: {pass: [a], fail: [b]}\n")
            .find("missing parameter `shapes`") != std::string::npos);
  CHECK(load_error("payload/field-type.yaml",
                   "id: field-type-2\nclause: API\nkind: field-required\ntarget: payload\nlevel: error\n"
                   "message: {zh: a, en: b}\ndoc: d\nexamples: {pass: [a], fail: [b]}\n")
            .find("both report kind field-required") != std::string::npos);
  // An alias bomb in an example body is refused, quickly.
  std::string bomb = "id: field-type\nclause: API\nkind: field-type\ntarget: payload\nlevel: error\n"
                     "message: {zh: a, en: b}\ndoc: d\nexamples:\n  pass: [{api: x, body: &a0 [1, 1]}]\n"
                     "  fail:\n    - api: x\n      body:\n";
  std::string list = "        l0: &l0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n";
  for (int i = 1; i < 9; ++i) {
    list += "        l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) list += std::string(k ? ", " : "") + "*l" + std::to_string(i - 1);
    list += "]\n";
  }
  CHECK(load_error("payload/field-type.yaml", bomb + list).find("too many nodes") != std::string::npos);
  // Deep nesting without an anchor skips the guarded parse: yaml-cpp's own depth limit
  // refuses it, with the file, the line and a message that says so.
  const std::string flow = "terms: " + std::string(100'000, '[') + std::string(100'000, ']') + "\n";
  std::string error = load_error("lexicons/marketing.yaml", "# deep\n" + flow);
  CHECK(error.find("lexicons/marketing.yaml:2: nesting deeper than") != std::string::npos);
  std::string compact = "terms:\n  ";
  for (int i = 0; i < 5'000; ++i) compact += "- ";
  error = load_error("lexicons/marketing.yaml", compact + "x\n");
  CHECK(error.find("nesting deeper than") != std::string::npos);
}
