// The tplguard command as a user runs it: exit statuses, output formats, bad input.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"

namespace fs = std::filesystem;

using test_support::Run;
using test_support::TempDir;
using test_support::run;

TEST_CASE("cli: a clean file exits 0, a violation exits 1 with a caret under it", "[cli]") {
  TempDir d;
  d.write("ok.yaml", "templates:\n  - title: 订单发货提醒\n    keywords:\n      - {name: 快递单号, example: SF123456}\n");
  Run ok = run("lint ok.yaml", d);
  CHECK(ok.status == 0);
  CHECK(ok.out.find("0 errors") != std::string::npos);

  d.write("bad.yaml", "templates:\n  - title: 领红包提醒\n");
  Run bad = run("lint bad.yaml", d);
  CHECK(bad.status == 1);
  CHECK(bad.out.find("bad.yaml:2:13: error:") != std::string::npos);
  CHECK(bad.out.find("[title-marketing]") != std::string::npos);
  // 领 is one CJK character (two columns) after "  - title: ": carets start under 红.
  CHECK(bad.out.find("\n   |              ^^^^\n") != std::string::npos);
}

TEST_CASE("cli: json output has the documented fields", "[cli]") {
  TempDir d;
  d.write("t.jsonl", "{\"title\": \"订单发货\"}\n{\"title\": \"积分到账提醒\", \"kind\": \"subscribe\"}\n");
  Run r = run("lint t.jsonl --format json", d);
  CHECK(r.status == 1);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["findings"].size() == 2);
  const auto& f = j["findings"][0];
  for (const char* key : {"rule", "level", "message", "clause", "errcode", "file", "line", "column", "field", "index", "fix"})
    CHECK(f.contains(key));
  CHECK(f["rule"] == "title-suffix");
  CHECK(f["fix"]["replacement"] == "订单发货通知");
  CHECK(f["index"] == 0);
  const auto& g = j["findings"][1];
  CHECK(g["rule"] == "title-marketing");
  CHECK(g["level"] == "warning");  // the record's kind selects the subscribe profile
  CHECK(g["index"] == 1);
  CHECK(g["line"] == 2);
  CHECK(j["summary"]["errors"] == 1);
  CHECK(j["summary"]["warnings"] == 1);
}

TEST_CASE("cli: --profile overrides the record's kind", "[cli]") {
  TempDir d;
  d.write("t.yaml", "templates:\n  - title: 积分到账提醒\n");
  CHECK(run("lint t.yaml", d).status == 1);
  CHECK(run("lint t.yaml --profile subscribe", d).status == 0);
  CHECK(run("lint t.yaml --profile official-account", d).status == 0);
  CHECK(run("lint t.yaml --profile nonsense", d).status == 2);
}

TEST_CASE("cli: --select and --ignore take comma-separated ids; unknown ids are usage errors", "[cli]") {
  TempDir d;
  d.write("t.yaml", "templates:\n  - title: 领红包\n");
  Run both = run("lint t.yaml --format json", d);
  CHECK(nlohmann::json::parse(both.out)["findings"].size() == 2);
  Run sel = run("lint t.yaml --format json --select title-suffix", d);
  CHECK(nlohmann::json::parse(sel.out)["findings"].size() == 1);
  Run ign = run("lint t.yaml --format json --ignore title-suffix,title-marketing", d);
  CHECK(nlohmann::json::parse(ign.out)["findings"].empty());
  CHECK(ign.status == 0);
  Run typo = run("lint t.yaml --select title-sufix", d);
  CHECK(typo.status == 2);
  CHECK(typo.err.find("did you mean 'title-suffix'") != std::string::npos);
}

TEST_CASE("cli: bad input exits 2, names file and line, and the other files are still linted", "[cli]") {
  TempDir d;
  d.write("in/a-good.yaml", "templates:\n  - title: 领红包提醒\n");
  d.write("in/b-malformed.yaml", "templates:\n  - title: [unclosed\n");
  d.write("in/c-utf8.yaml", std::string("templates:\n  - title: \xff\xfe\n"));
  d.write("in/d-notitle.json", "{\"templates\": [{\"keywords\": []}, {\"title\": \"订单发货提醒\", \"keywords\": [\"订单号\"]}]}");
  d.write("in/e-type.jsonl", "{\"title\": 42}\n{\"title\": \"购买红包通知\"}\n");
  d.write("in/f-deep.json", std::string(100000, '[') + std::string(100000, ']'));
  Run r = run("lint in --format json", d);
  CHECK(r.status == 2);
  const auto j = nlohmann::json::parse(r.out);
  std::string errors;
  for (const auto& e : j["input_errors"]) errors += e["file"].get<std::string>() + ":" + e["line"].dump() + " " + e["message"].get<std::string>() + "\n";
  INFO(errors);
  CHECK(j["input_errors"].size() >= 5);
  for (const char* file : {"b-malformed.yaml", "c-utf8.yaml", "d-notitle.json", "e-type.jsonl", "f-deep.json"})
    CHECK(errors.find(file) != std::string::npos);
  CHECK(errors.find("c-utf8.yaml:2") != std::string::npos);
  CHECK(errors.find("e-type.jsonl:1") != std::string::npos);
  // The good file and the good records of bad files were linted.
  std::set<std::string> flagged;
  for (const auto& f : j["findings"]) flagged.insert(fs::path(f["file"].get<std::string>()).filename().string());
  CHECK(flagged.count("a-good.yaml"));
  CHECK(flagged.count("e-type.jsonl"));
  CHECK(j["summary"]["templates"] == 3);
}

TEST_CASE("cli: a missing path is an input error", "[cli]") {
  TempDir d;
  Run r = run("lint nowhere.yaml", d);
  CHECK(r.status == 2);
  CHECK(r.out.find("nowhere.yaml") != std::string::npos);
}

TEST_CASE("cli: --library finds duplicates of existing templates", "[cli]") {
  TempDir d;
  d.write("new.yaml", "templates:\n  - title: 購買成功提醒\n  - title: 订单签收提醒\n");
  d.write("existing.yaml", "templates:\n  - title: 购买成功提醒\n  - title: 订单发货提醒\n");
  Run r = run("lint new.yaml --library existing.yaml --format json", d);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["rule"] == "title-duplicate");
  CHECK(j["summary"]["templates"] == 2);
}

TEST_CASE("cli: rules and explain document every rule", "[cli]") {
  TempDir d;
  Run r = run("rules --format json", d);
  CHECK(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  size_t template_rules = 0, payload_rules = 0;
  for (const auto& rule : j["rules"]) (rule["target"] == "payload" ? payload_rules : template_rules)++;
  CHECK(template_rules == 15);  // the 14 review rules and unused-suppression
  CHECK(payload_rules == 36);
  REQUIRE(j["rules"].size() == test_support::engine().rules().size());
  for (const auto& rule : j["rules"]) {
    for (const char* key : {"id", "clause", "level", "kind", "message", "doc", "examples"}) CHECK(rule.contains(key));
    CHECK(!rule["examples"]["pass"].empty());
    CHECK(!rule["examples"]["fail"].empty());
  }
  Run text = run("rules", d);
  CHECK(text.out.find("title-marketing") != std::string::npos);
  Run e = run("explain title-similar", d);
  CHECK(e.status == 0);
  CHECK(e.out.find("contrast") != std::string::npos);
  CHECK(run("explain no-such-rule", d).status == 2);
}

TEST_CASE("cli: a broken rule pack is reported with its file and line", "[cli]") {
  TempDir d;
  const std::string src = std::string(TPLGUARD_SOURCE_DIR) + "/rules";
  fs::copy(src, d.path / "rules", fs::copy_options::recursive);
  d.write("rules/title-suffix.yaml", "id: title-suffix\nclause: '1.3'\nkind: no-such-kind\nlevel: error\n"
                                     "message: {zh: a, en: b}\ndoc: d\nexamples: {pass: [a], fail: [b]}\n");
  d.write("t.yaml", "templates:\n  - title: 订单发货提醒\n");
  Run r = run("lint t.yaml --rules rules", d);
  CHECK(r.status == 2);
  CHECK(r.err.find("title-suffix.yaml:3") != std::string::npos);
  CHECK(r.err.find("no-such-kind") != std::string::npos);
}
