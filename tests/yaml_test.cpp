// src/yaml, the one reader of the project's own YAML: its guards, conversions, the writer's
// round trip, and the unknown-key checks every loader relies on.
#include <catch2/catch.hpp>

#include <string>

#include "support.hpp"
#include "yaml/yaml.hpp"

namespace yaml = tplguard::yaml;

namespace {

// The message of the Exception parsing `text` throws, with its 1-based line; "" when it parses.
std::string parse_error(const std::string& text, int* line = nullptr, yaml::Limits limits = {}) {
  try {
    yaml::parse(text, limits);
  } catch (const yaml::Exception& e) {
    if (line) *line = e.mark.line + 1;
    return e.msg;
  }
  return "";
}

yaml::Node recording(const std::string& text) {
  yaml::Limits l;
  l.record_reads = true;
  return yaml::parse(text, l);
}

}  // namespace

TEST_CASE("yaml: a tree keeps types, text, marks and order", "[yaml]") {
  const yaml::Node root = yaml::parse("a: 1\nb: [x, 'y', ~]\nc:\n  d: \"two words\"\n");
  REQUIRE(root.IsMap());
  CHECK(root.size() == 3);
  CHECK(root["a"].Scalar() == "1");
  CHECK(root["a"].plain());
  CHECK(root["b"].IsSequence());
  CHECK(root["b"][1].Scalar() == "y");
  CHECK_FALSE(root["b"][1].plain());
  CHECK(root["b"][2].IsNull());
  CHECK_FALSE(root["b"][3].IsDefined());
  CHECK_FALSE(root["missing"].IsDefined());
  CHECK(root["c"]["d"].Scalar() == "two words");
  CHECK(root["c"]["d"].Mark().line == 3);
  CHECK(root["c"]["d"].Mark().column == 5);
  std::string keys;
  for (const auto& kv : root) keys += kv.first.Scalar();
  CHECK(keys == "abc");
  CHECK(yaml::parse("").IsNull());
}

TEST_CASE("yaml: marks count characters, not bytes", "[yaml]") {
  const yaml::Node root = yaml::parse("标题: 订单\n");
  CHECK(root["标题"].Mark().column == 4);
  CHECK(root["标题"].Mark().pos == 4);
}

TEST_CASE("yaml: refuses what would be misread, with the line", "[yaml]") {
  int line = 0;
  CHECK(parse_error("a: 1\nb: 2\na: 3\n", &line).find("duplicate key `a` (first at line 1") == 0);
  CHECK(line == 3);
  CHECK(parse_error("base: &b {x: 1}\nuse:\n  <<: *b\n", &line).find("merge key") != std::string::npos);
  CHECK(parse_error("a: !!str 1\n", &line).find("tag") != std::string::npos);
  CHECK(parse_error("a: 1\n---\nb: 2\n", &line).find("a second YAML document") == 0);
  CHECK(line == 2);
  CHECK(parse_error("a: *nothing\n").find("names no anchor") != std::string::npos);
  CHECK(parse_error("a: [1, 2\n").find("") == 0);
  CHECK_FALSE(parse_error("a: [1, 2\n").empty());
  yaml::Limits shallow;
  shallow.max_depth = 3;
  CHECK(parse_error("a: {b: {c: {d: 1}}}\n", nullptr, shallow).find("nest") != std::string::npos);
  CHECK(parse_error("a: {b: {c: 1}}\n", nullptr, shallow).empty());
  // An alias bomb: each level doubles the one before.
  std::string bomb = "l0: &l0 [x, x]\n";
  for (int i = 1; i < 30; ++i)
    bomb += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [*l" + std::to_string(i - 1) + ", *l" +
            std::to_string(i - 1) + "]\n";
  CHECK_FALSE(parse_error(bomb).empty());
}

TEST_CASE("yaml: as<T> converts or throws at the node", "[yaml]") {
  const yaml::Node r = yaml::parse("i: 42\nneg: -7\nbig: 5000000000\nd: 2.5\nb1: yes\nb2: Off\nb3: TRUE\ns: text\nn: ~\n"
                                   "plus: +3\nlist: [1]\n");
  CHECK(r["i"].as<int>() == 42);
  CHECK(r["neg"].as<int>() == -7);
  CHECK(r["big"].as<int64_t>() == 5000000000LL);
  CHECK_THROWS_AS(r["big"].as<int>(), yaml::Exception);
  CHECK_THROWS_AS(r["neg"].as<uint32_t>(), yaml::Exception);
  CHECK(r["plus"].as<int>() == 3);
  CHECK(r["d"].as<double>() == 2.5);
  CHECK(r["i"].as<double>() == 42.0);
  CHECK(r["b1"].as<bool>());
  CHECK_FALSE(r["b2"].as<bool>());
  CHECK(r["b3"].as<bool>());
  CHECK_THROWS_AS(r["s"].as<bool>(), yaml::Exception);
  CHECK_THROWS_AS(r["s"].as<int>(), yaml::Exception);
  CHECK(r["n"].as<std::string>() == "null");
  CHECK_THROWS_AS(r["list"].as<std::string>(), yaml::Exception);
  CHECK_THROWS_AS(r["missing"].as<std::string>(), yaml::Exception);
  CHECK(r["missing"].as<int>(9) == 9);
  CHECK(r["s"].as<int>(9) == 9);
  try {
    r["s"].as<int>();
  } catch (const yaml::Exception& e) {
    CHECK(e.mark.line == 7);
  }
}

TEST_CASE("yaml: the writer's text reads back as the same tree", "[yaml]") {
  yaml::Writer w;
  w.begin_map();
  w.scalar("title");
  w.scalar("订单: 发货 #1");  // would be a mapping or a comment unquoted
  w.scalar("n");
  w.scalar("3", true);
  w.scalar("s");
  w.scalar("3");  // a string that looks like a number stays a string
  w.scalar("list");
  w.begin_seq(true);
  w.scalar("yes");
  w.scalar("");
  w.end_seq();
  w.end_map();
  const std::string text = w.finish();
  const yaml::Node back = yaml::parse(text);
  CHECK(back["title"].Scalar() == "订单: 发货 #1");
  CHECK(back["n"].plain());
  CHECK(back["n"].as<int>() == 3);
  CHECK_FALSE(back["s"].plain());
  CHECK(back["list"][0].Scalar() == "yes");
  CHECK(back["list"][1].Scalar().empty());
  CHECK(text.find("订单") != std::string::npos);  // UTF-8 written as it is, not escaped
}

TEST_CASE("yaml: unknown_key names the first key outside a list, with the nearest", "[yaml]") {
  const yaml::Node m = yaml::parse("summary: a\nsumary: b\n");
  auto u = yaml::unknown_key(m, {"summary", "message"});
  REQUIRE(u);
  CHECK(u->key.Scalar() == "sumary");
  CHECK(u->key.Mark().line == 1);
  CHECK(yaml::unknown_key_message(*u) == "unknown key `sumary` (did you mean `summary`?)");
  CHECK_FALSE(yaml::unknown_key(m, {"summary", "sumary"}));
  auto far = yaml::unknown_key(yaml::parse("zzzzzz: 1\n"), {"summary"});
  REQUIRE(far);
  CHECK(far->suggestion.empty());
  CHECK(yaml::unknown_key_message(*far) == "unknown key `zzzzzz`");
}

TEST_CASE("yaml: unread_key finds a key no reader asked for", "[yaml]") {
  SECTION("a misspelt key beside the ones read") {
    const yaml::Node r = recording("id: x\nsumary: s\nparams: {min: 1, maxx: 2}\n");
    (void)r["id"];
    (void)r["summary"];
    const yaml::Node p = r["params"];
    (void)p["min"];
    (void)p["max"];
    auto u = yaml::unread_key(r);
    REQUIRE(u);
    CHECK(u->key.Scalar() == "sumary");
    CHECK(u->suggestion == "summary");
    (void)r["sumary"];
    u = yaml::unread_key(r);
    REQUIRE(u);  // then the one inside params, in document order
    CHECK(u->key.Scalar() == "maxx");
    CHECK(u->suggestion == "max");
    CHECK(u->key.Mark().line == 2);
  }
  SECTION("a map walked entry by entry holds no unknown key") {
    const yaml::Node r = recording("terms: {a: 1, b: 2}\n");
    for (const auto& kv : r["terms"]) (void)kv;
    CHECK_FALSE(yaml::unread_key(r));
  }
  SECTION("a map nobody looked into is not judged") {
    const yaml::Node r = recording("a: {x: 1}\n");
    (void)r["a"];
    CHECK_FALSE(yaml::unread_key(r));
  }
  SECTION("an alias is its anchor's node: read through either, it counts") {
    const yaml::Node r = recording("base: &b {lo: 1, hi: 2}\nuse: *b\n");
    (void)r["base"];
    const yaml::Node use = r["use"];
    (void)use["lo"];
    (void)use["hi"];
    CHECK_FALSE(yaml::unread_key(r));
  }
  SECTION("without record_reads nothing is judged") {
    const yaml::Node r = yaml::parse("sumary: s\n");
    (void)r["summary"];
    CHECK_FALSE(yaml::unread_key(r));
  }
}

TEST_CASE("rule pack: a misspelt key in a rule, its params or a data file is refused with file and line",
          "[yaml][rules]") {
  const std::string suffix = test_support::read_file(std::string(TPLGUARD_SOURCE_DIR) + "/rules/title-suffix.yaml");
  std::string typo = suffix;
  typo.replace(typo.find("\nsummary:"), 9, "\nsumary:");
  const std::string e = test_support::pack_load_error("title-suffix.yaml", typo);
  CHECK(e.find("title-suffix.yaml:6: unknown key `sumary` (did you mean `summary`?)") != std::string::npos);

  std::string param = suffix;
  param.replace(param.find("  append:"), 9, "  apend:");
  CHECK(test_support::pack_load_error("title-suffix.yaml", param).find("title-suffix.yaml:19: rule title-suffix: missing parameter `append` (is `apend` meant?)") !=
        std::string::npos);

  std::string example = suffix;
  example.replace(example.find("  fail:"), 7, "  fial:");
  CHECK(test_support::pack_load_error("title-suffix.yaml", example).find("title-suffix.yaml:24: missing examples list `fail` (is `fial` meant?)") !=
        std::string::npos);
  // An optional key written wrong is found once its readers are done.
  std::string optional = suffix;
  optional.replace(optional.find("\nlevel: error"), 13, "\nlevel: error\nerrcod: 1");
  CHECK(test_support::pack_load_error("title-suffix.yaml", optional)
            .find("title-suffix.yaml:6: unknown key `errcod` (did you mean `errcode`?)") != std::string::npos);

  const std::string pack = test_support::read_file(std::string(TPLGUARD_SOURCE_DIR) + "/rules/pack.yaml");
  CHECK(test_support::pack_load_error("pack.yaml", pack + "substitution: [x.yaml]\n")
            .find("pack.yaml:6: unknown key `substitution` (did you mean `substitutions`?)") != std::string::npos);

  const std::string generic =
      test_support::read_file(std::string(TPLGUARD_SOURCE_DIR) + "/rules/lexicons/generic-words.yaml");
  std::string words = generic;
  words.replace(words.find("    en: generic nouns"), 7, "    eng:");
  CHECK(test_support::pack_load_error("lexicons/generic-words.yaml", words)
            .find("generic-words.yaml:22: unknown key `eng` (did you mean `en`?)") != std::string::npos);
  CHECK(test_support::pack_load_error("title-suffix.yaml", suffix).empty());
}
