// The project configuration: every key, per-path overrides, custom pattern rules, extra packs
// and lexicons, and errors that name the file and line.
#include <re2/re2.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "cli_support.hpp"
#include "config/config.hpp"
#include "io/template_reader.hpp"
#include <nlohmann/json.hpp>

#include "tplguard/payload.hpp"

using namespace tplguard;
using test_support::TempDir;
namespace fs = std::filesystem;

namespace {

std::string rules_dir() { return std::string(TPLGUARD_SOURCE_DIR) + "/rules"; }

// The message of the ConfigError or RulePackError that loading `text` as a config raises.
std::string config_error(const TempDir& d, const std::string& text) {
  const std::string path = d.write(".tplguard.yaml", text);
  try {
    config::Config c = config::load_config(path);
    config::build_engine(c, rules_dir());
  } catch (const config::ConfigError& e) {
    return e.what();
  } catch (const RulePackError& e) {
    return e.what();
  }
  return "";
}

std::vector<Finding> lint_with(const config::Config& c, const Engine& engine, const std::string& file,
                               config::CommandLineSettings cli = {}) {
  io::ReadResult r = io::read_templates_file(file);
  REQUIRE(r.errors.empty());
  config::Resolver resolver(c, cli);
  resolver.prepare({file});
  return engine.lint(r.templates, resolver.lint_options(true));
}

bool has(const std::vector<Finding>& fs, const std::string& rule, Level level) {
  for (const auto& f : fs)
    if (f.rule == rule && f.level == level) return true;
  return false;
}

}  // namespace

TEST_CASE("config: globs", "[config]") {
  auto matches = [](const std::string& glob, const std::string& path) {
    return RE2::FullMatch(path, RE2(config::glob_to_regex(glob)));
  };
  CHECK(matches("*.yaml", "a.yaml"));
  CHECK(matches("*.yaml", "deep/dir/a.yaml"));  // no slash: a file name anywhere
  CHECK_FALSE(matches("*.yaml", "a.json"));
  CHECK(matches("legacy/**", "legacy/a.yaml"));
  CHECK(matches("legacy/**", "legacy/x/y/a.yaml"));
  CHECK_FALSE(matches("legacy/**", "new/legacy/a.yaml"));  // with a slash: from the config's directory
  CHECK(matches("legacy/", "legacy/x/a.yaml"));
  CHECK(matches("**/old-*.yaml", "old-1.yaml"));
  CHECK(matches("**/old-*.yaml", "a/b/old-1.yaml"));
  CHECK_FALSE(matches("templates/*.yaml", "templates/sub/a.yaml"));
  CHECK(matches("templates/?.yaml", "templates/a.yaml"));
  CHECK(matches("t/[ab].yaml", "t/b.yaml"));
  CHECK_FALSE(matches("t/[!ab].yaml", "t/b.yaml"));
  CHECK(matches("模板/*.yaml", "模板/订单.yaml"));
  CHECK(matches("a+b.yaml", "a+b.yaml"));  // regex characters are literal
}

TEST_CASE("config: found from the working directory upward", "[config]") {
  TempDir d;
  d.write("repo/.tplguard.yaml", "profile: subscribe\n");
  d.write("repo/templates/deep/x.yaml", "templates: []\n");
  auto found = config::find_config((d.path / "repo/templates/deep").string());
  REQUIRE(found);
  CHECK(fs::path(*found) == d.path / "repo" / ".tplguard.yaml");
  auto above = config::find_config(d.path.string());  // none here (one further up is not ours)
  CHECK((!above || fs::path(*above).parent_path() != d.path));
}

TEST_CASE("config: profile, select, ignore, levels and per-path overrides", "[config]") {
  TempDir d;
  const std::string path = d.write(".tplguard.yaml",
                                   "profile: miniprogram\n"
                                   "ignore: [keyword-count]\n"
                                   "rules:\n"
                                   "  title-marketing: {level: warning}\n"
                                   "  title-suffix: {levels: {subscribe: info}}\n"
                                   "overrides:\n"
                                   "  - files: [legacy/**]\n"
                                   "    profile: subscribe\n"
                                   "    ignore: [title-marketing]\n"
                                   "  - files: ['*.json']\n"
                                   "    select: [title-suffix]\n");
  const std::string tpl = "templates:\n  - title: 领红包\n";
  const std::string now = d.write("templates/a.yaml", tpl);
  const std::string old = d.write("legacy/b.yaml", tpl);
  const std::string json = d.write("templates/c.json", "{\"templates\": [{\"title\": \"领红包\"}]}");
  config::Config c = config::load_config(path);
  auto engine = config::build_engine(c, rules_dir());

  const auto a = lint_with(c, *engine, now);
  CHECK(has(a, "title-marketing", Level::warning));  // re-levelled
  CHECK(has(a, "title-suffix", Level::error));       // miniprogram keeps error

  const auto b = lint_with(c, *engine, old);
  CHECK_FALSE(has(b, "title-marketing", Level::warning));  // ignored under legacy/
  CHECK(has(b, "title-suffix", Level::info));              // subscribe profile: the override's level

  const auto j = lint_with(c, *engine, json);
  REQUIRE(j.size() == 1);
  CHECK(j[0].rule == "title-suffix");

  // The command line wins everywhere.
  config::CommandLineSettings cli;
  cli.select = std::set<std::string>{"title-marketing"};
  const auto forced = lint_with(c, *engine, old, cli);
  REQUIRE(forced.size() == 0);  // legacy/ still ignores title-marketing: ignores add up
  const auto forced_now = lint_with(c, *engine, now, cli);
  REQUIRE(forced_now.size() == 1);
  CHECK(forced_now[0].rule == "title-marketing");

  config::Resolver resolver(c, {});
  const std::string shown = config::describe(c, *engine, resolver, old, false);
  CHECK(shown.find("title-marketing: off") != std::string::npos);
  CHECK(shown.find("legacy/**") != std::string::npos);
  CHECK(shown.find("subscribe") != std::string::npos);
}

TEST_CASE("config: custom pattern rules, extra lexicons and packs", "[config]") {
  TempDir d;
  d.write("words.yaml", "categories:\n  - id: ours\n    zh: 本店禁用词\n    en: our banned words\n    terms: [星球杯]\n");
  d.write("team/no-test.yaml",
          "id: team-no-test\nclause: team\nkind: pattern\ntarget: title\nlevel: warning\n"
          "message: {zh: 标题含测试字样, en: 'a test title: {match}'}\ndoc: test titles must not be submitted\n"
          "params: {pattern: '(?i)test|测试', on: canonical}\n"
          "examples: {pass: [订单发货提醒], fail: [{title: ＴＥＳＴ订单提醒, at: ＴＥＳＴ}]}\n");
  const std::string path = d.write(".tplguard.yaml",
                                   "packs: [team]\n"
                                   "lexicons:\n"
                                   "  title-marketing: words.yaml\n"
                                   "custom-rules:\n"
                                   "  - id: no-order-number-in-title\n"
                                   "    kind: pattern\n"
                                   "    target: title\n"
                                   "    level: error\n"
                                   "    message: 'a number in the title: {match}'\n"
                                   "    params: {pattern: '[0-9]{3,}'}\n"
                                   "  - id: must-name-shop\n"
                                   "    kind: pattern\n"
                                   "    target: title\n"
                                   "    level: info\n"
                                   "    message: {zh: 标题须提到店铺, en: the title should name the shop}\n"
                                   "    params: {pattern: 店铺, require: true}\n");
  const std::string file = d.write("t.yaml", "templates:\n  - title: 星球杯订单12345发货提醒\n  - title: TEST店铺开业通知\n");
  config::Config c = config::load_config(path);
  auto engine = config::build_engine(c, rules_dir());
  REQUIRE(engine->rule("team-no-test"));
  REQUIRE(engine->rule("no-order-number-in-title"));
  CHECK(engine->rule("no-order-number-in-title")->file == path);
  const auto fs = lint_with(c, *engine, file);
  std::map<std::string, std::string> got;
  for (const auto& f : fs) got[f.rule + "@" + std::to_string(f.index)] = f.message_en;
  CHECK(got["title-marketing@0"].find("our banned words") != std::string::npos);
  // Without the config the shipped lexicon does not know the word.
  CHECK_FALSE(has(test_support::engine().lint(io::read_templates_file(file).templates), "title-marketing", Level::error));
  CHECK(got["no-order-number-in-title@0"] == "a number in the title: 12345");
  CHECK(got.count("must-name-shop@0"));
  CHECK_FALSE(got.count("must-name-shop@1"));
  CHECK(got["team-no-test@1"] == "a test title: TEST");
  // Request values are searched with the same lexicons: the added word counts there too.
  const auto validator = PayloadValidator::create(*engine);
  const nlohmann::json body = {{"touser", "oWQ0O5DWIQvjGf9FWIZubVWMDt1w"},
                               {"template_id", "9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q"},
                               {"data", {{"thing1", {{"value", "星球杯已发货"}}}}}};
  bool marketing = false;
  for (const auto& f : validator->validate(body, "subscribe-send").findings)
    marketing |= f.rule == "value-marketing" && f.message_en.find("our banned words") != std::string::npos;
  CHECK(marketing);
  CHECK(PayloadValidator::create(test_support::engine())->validate(body, "subscribe-send").findings.empty());
}

TEST_CASE("config: an extra lexicon's anchors and tags are guarded wherever a token starts", "[config]") {
  TempDir d;
  // Properties right after a flow indicator: `[!custom` was once missed (only " !" was looked
  // for), so yaml-cpp dropped the tag and read the term as if it had none.
  d.write("tag.yaml", "categories:\n  - {id: ours, zh: 本店禁用词, en: ours, terms: [!custom 星球杯]}\n");
  CHECK(config_error(d, "lexicons:\n  title-marketing: tag.yaml\n").find("tag.yaml:2: YAML tag `!custom` is not supported") !=
        std::string::npos);
  d.write("comma.yaml", "categories:\n  - {id: ours, zh: 本店禁用词, en: ours, terms: [星球杯,!custom 月球杯]}\n");
  CHECK(config_error(d, "lexicons:\n  title-marketing: comma.yaml\n").find("comma.yaml:2: YAML tag `!custom`") !=
        std::string::npos);
  // `&` and `!` inside a token are no properties: a regex class with `&` loads as written.
  d.write("plain.yaml", "categories:\n  - {id: ours, zh: 本店禁用词, en: ours, terms: ['星&球!杯']}\n");
  CHECK(config_error(d, "lexicons:\n  title-marketing: plain.yaml\n").empty());
}

TEST_CASE("config: a pack's substitutions come from a list of files, and two files must agree", "[config]") {
  TempDir d;
  d.write("team/no-test.yaml",
          "id: team-no-test\nclause: team\nkind: pattern\ntarget: title\nlevel: warning\n"
          "message: {zh: 标题含测试字样, en: 'a test title: {match}'}\ndoc: test titles must not be submitted\n"
          "params: {pattern: '测试', on: canonical}\n"
          "examples: {pass: [订单发货提醒], fail: [{title: ⓣ订单提醒, at: ⓣ}]}\n");
  d.write("team/lexicons/a.yaml", "substitutions:\n  \"ⓣ\": 测试\n");
  d.write("team/lexicons/b.yaml", "substitutions:\n  \"ⓣ\": 测试\n  \"ⓤ\": 试\n");
  d.write("team/pack.yaml", "substitutions: [lexicons/a.yaml, lexicons/b.yaml]\n");
  CHECK(config_error(d, "packs: [team]\n").empty());
  d.write("team/lexicons/b.yaml", "substitutions:\n  \"ⓣ\": 考试\n");
  const std::string e = config_error(d, "packs: [team]\n");
  CHECK(e.find("b.yaml:2") != std::string::npos);
  CHECK(e.find("substituted differently") != std::string::npos);
}

TEST_CASE("config: every problem names the file and line", "[config]") {
  TempDir d;
  CHECK(config_error(d, "profle: subscribe\n").find(".tplguard.yaml:1: unknown key `profle` in the config (did you mean `profile`?)") !=
        std::string::npos);
  CHECK(config_error(d, "select: [title-marketing]\nignore:\n  - title-sufix\n")
            .find(".tplguard.yaml:3: unknown rule id `title-sufix` (did you mean `title-suffix`?)") != std::string::npos);
  CHECK(config_error(d, "rules:\n  title-generic: {level: fatal}\n").find(".tplguard.yaml:2: unknown level `fatal`") !=
        std::string::npos);
  CHECK(config_error(d, "profile: enterprise\n").find(".tplguard.yaml:1: unknown profile") != std::string::npos);
  CHECK(config_error(d, "custom-rules:\n  - id: bad\n    kind: pattern\n    target: title\n    level: error\n"
                        "    message: m\n    params:\n      pattern: '([a-z'\n")
            .find(".tplguard.yaml:8: rule bad: invalid RE2 pattern `([a-z`") != std::string::npos);
  CHECK(config_error(d, "custom-rules:\n  - id: title-suffix\n    kind: pattern\n    level: error\n    message: m\n"
                        "    params: {pattern: x}\n")
            .find("duplicate rule id `title-suffix`") != std::string::npos);
  CHECK(config_error(d, "custom-rules:\n  - id: no-test\n    kind: pattern\n    target: title\n    level: error\n"
                        "    message: m\n    sumary: s\n    params: {pattern: x, onn: canonical}\n")
            .find(".tplguard.yaml:7: unknown key `sumary` (did you mean `summary`?)") != std::string::npos);
  CHECK(config_error(d, "custom-rules:\n  - id: no-test\n    kind: pattern\n    target: title\n    level: error\n"
                        "    message: m\n    params: {pattern: x, onn: canonical}\n")
            .find(".tplguard.yaml:7: unknown key `onn` (did you mean `on`?)") != std::string::npos);
  CHECK(config_error(d, "packs: [nowhere]\n").find(".tplguard.yaml:1: rule pack `nowhere` is not a directory") !=
        std::string::npos);
  CHECK(config_error(d, "lexicons: {title-suffix: [" + d.write("l.yaml", "categories: []\n") + "]}\n")
            .find("takes no extra lexicons") != std::string::npos);
  CHECK(config_error(d, "overrides:\n  - ignore: [title-suffix]\n").find(".tplguard.yaml:2: an override needs `files`") !=
        std::string::npos);
  CHECK(config_error(d, "[a, b]\n").find("a config file is a mapping") != std::string::npos);
  CHECK(config_error(d, "select: [unclosed\n").find(".tplguard.yaml:") != std::string::npos);
  // Hostile files: deep nesting and invalid UTF-8 are refused with a clear error, not a crash.
  CHECK(config_error(d, "select: " + std::string(5000, '[') + std::string(5000, ']') + "\n").find("nest") !=
        std::string::npos);
  CHECK(config_error(d, "profile: \xff\n").find("invalid UTF-8") != std::string::npos);
  CHECK(config_error(d, "").empty());  // an empty file is the defaults
}
