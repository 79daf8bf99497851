// Every combination of rule selection, profile, set rules and suppressions over inputs with
// valid, stale and malformed suppression comments: lint must return (never crash) and must
// honour the options. A null dereference hid here while every test ran with defaults.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli_support.hpp"
#include "io/template_reader.hpp"
#include "support.hpp"

using namespace tplguard;

namespace {

// Suppression comments of every sort, on templates that are not the last of their file.
const std::vector<std::string> kInputs = {
    // valid: silences a real finding
    "templates:\n  - title: 领红包提醒  # tplguard: ignore[title-marketing] approved\n  - title: 订单收货通知\n",
    // stale: silences nothing
    "templates:\n  - title: 订单发货通知  # tplguard: ignore[title-marketing]\n  - title: 订单收货通知\n",
    // malformed, an unknown id, a misplaced comment, keywords with their own comments
    "templates:\n  - title: 订单发货通知  # tplguard: ignore[title-marketing\n"
    "  # tplguard: ignore[title-suffix]\n"
    "  - title: 订单退款  # tplguard: ignore[title-sufix, title-suffix]\n"
    "    keywords:\n"
    "      - name: 内容  # tplguard: ignore[keyword-broad]\n"
    "        example: 领红包  # tplguard: ignore[keyword-example, title-marketing]\n"
    "      - name: 内容  # tplguard: ignore[keyword-duplicate]\n"
    "  - title: 订单收货通知  # tplguard: ignore[]\n"
    "  - title: 订单收货通知\n",
};

std::vector<std::string> rule_ids() {
  std::vector<std::string> ids;
  for (const auto& r : test_support::engine().rules())
    if (r.target != "payload") ids.push_back(r.id);
  return ids;
}

void check_lint(const std::vector<Template>& templates, const LintOptions& o) {
  const std::vector<Finding> fs = test_support::engine().lint(templates, o);
  for (const Finding& f : fs) {
    INFO(f.rule << " at line " << f.location.begin.line);
    if (!o.select.empty()) CHECK(o.select.count(f.rule) == 1);
    CHECK(o.ignore.count(f.rule) == 0);
    if (!o.keep_suppressed) CHECK(!f.suppressed);
    CHECK(!f.fingerprint.empty());
  }
}

}  // namespace

TEST_CASE("options: every selection of up to three rules, every profile, over every sort of suppression",
          "[options][hostile]") {
  const std::vector<std::string> ids = rule_ids();
  REQUIRE(ids.size() >= 15);
  std::vector<std::set<std::string>> selections;
  for (size_t a = 0; a < ids.size(); ++a) {
    selections.push_back({ids[a]});
    for (size_t b = a + 1; b < ids.size(); ++b) {
      selections.push_back({ids[a], ids[b]});
      for (size_t c = b + 1; c < ids.size(); ++c) selections.push_back({ids[a], ids[b], ids[c]});
    }
  }
  std::vector<std::vector<Template>> inputs;
  for (const std::string& text : kInputs) {
    io::ReadResult r = io::read_templates_text("t.yaml", text, io::Format::yaml);
    REQUIRE(r.errors.empty());
    inputs.push_back(std::move(r.templates));
  }
  size_t runs = 0;
  for (const auto& templates : inputs)
    for (int p = -1; p < kProfileCount; ++p)
      for (const auto& ids_set : selections)
        for (bool as_select : {true, false}) {
          LintOptions o;
          if (p >= 0) o.profile = static_cast<Profile>(p);
          (as_select ? o.select : o.ignore) = ids_set;
          // The set rules off with one of them selected is the case that crashed; the
          // others vary with the selection so that every pairing is reached.
          o.keep_suppressed = runs % 2 == 1;
          check_lint(templates, o);
          o.set_rules = false;
          check_lint(templates, o);
          o.inline_suppressions = false;
          check_lint(templates, o);
          runs += 3;
        }
  CHECK(runs == inputs.size() * (kProfileCount + 1) * selections.size() * 2 * 3);
}

TEST_CASE("options: a stale suppression with the set rules off (the crash), through the CLI", "[options][hostile]") {
  test_support::TempDir dir;
  dir.write("crash.yaml", kInputs[1]);
  dir.write("malformed.yaml", kInputs[2]);
  const std::vector<std::string> commands = {
      "lint --no-config crash.yaml --ignore title-similar,title-duplicate",
      "lint --no-config malformed.yaml --select title-marketing,unused-suppression",
      "lint --no-config malformed.yaml --ignore title-similar,title-duplicate --profile subscribe --format json",
  };
  for (const std::string& args : commands) {
    INFO(args);
    const auto r = test_support::run(args + " --fail-on warning", dir);
    CHECK(r.status == 1);  // the stale or malformed comments are warnings
    CHECK(r.out.find("unused-suppression") != std::string::npos);
  }
  // The same through the configuration file.
  dir.write(".tplguard.yaml", "ignore: [title-similar, title-duplicate]\n");
  const auto r = test_support::run("lint crash.yaml --fail-on warning", dir);
  CHECK(r.status == 1);
  CHECK(r.out.find("crash.yaml:2:") != std::string::npos);
  CHECK(r.out.find("unused-suppression") != std::string::npos);
}
