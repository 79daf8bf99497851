// The command as CI runs it: formats, exit control, config files, baselines, suppressions.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"

using test_support::Run;
using test_support::run;
using test_support::TempDir;
using nlohmann::json;

namespace {
const std::string kWarningOnly = "templates:\n  - title: 活动报名成功通知\n";  // title-marketing: warning
const std::string kError = "templates:\n  - title: 领红包提醒\n";
}  // namespace

TEST_CASE("ci: --fail-on and --exit-zero decide the exit status", "[cli][ci]") {
  TempDir d;
  d.write("w.yaml", kWarningOnly);
  d.write("e.yaml", kError);
  CHECK(run("lint w.yaml", d).status == 0);
  CHECK(run("lint w.yaml --fail-on warning", d).status == 1);
  CHECK(run("lint w.yaml --fail-on info", d).status == 1);
  CHECK(run("lint e.yaml", d).status == 1);
  CHECK(run("lint e.yaml --exit-zero", d).status == 0);
  CHECK(run("lint e.yaml --fail-on fatal", d).status == 2);
  // Bad input still fails: --exit-zero is about findings.
  d.write("bad.json", "{\"templates\": [");
  CHECK(run("lint bad.json e.yaml --exit-zero", d).status == 2);
  // The config's fail-on, and the command line over it.
  d.write(".tplguard.yaml", "fail-on: warning\n");
  CHECK(run("lint w.yaml", d).status == 1);
  CHECK(run("lint w.yaml --fail-on error", d).status == 0);
}

TEST_CASE("ci: every format from the command line, input errors included, to a file with -o", "[cli][ci]") {
  TempDir d;
  d.write("t.yaml", kError);
  d.write("bad.yaml", "templates:\n  - title: [unclosed\n");
  for (const char* format : {"sarif", "gitlab", "json"}) {
    Run r = run(std::string("lint t.yaml bad.yaml --format ") + format, d);
    INFO(format);
    CHECK(r.status == 2);
    CHECK_NOTHROW(json::parse(r.out));
    CHECK(r.out.find("bad.yaml") != std::string::npos);
  }
  Run gh = run("lint t.yaml bad.yaml --format github", d);
  CHECK(gh.out.find("::error file=bad.yaml,line=3") != std::string::npos);
  CHECK(gh.out.find("::error file=t.yaml,line=2,endLine=2,col=13,endColumn=15,title=tplguard title-marketing") !=
        std::string::npos);
  Run ju = run("lint t.yaml bad.yaml --format junit", d);
  CHECK(ju.out.find("<testsuite name=\"bad.yaml\"") != std::string::npos);
  CHECK(ju.out.find("type=\"input-error\"") != std::string::npos);
  Run cs = run("lint t.yaml bad.yaml --format checkstyle", d);
  CHECK(cs.out.find("source=\"tplguard.input-error\"") != std::string::npos);

  Run to_file = run("lint t.yaml --format sarif -o report.sarif", d);
  CHECK(to_file.status == 1);
  CHECK(to_file.out.empty());
  const auto sarif = json::parse(d.read("report.sarif"));
  CHECK(sarif["runs"][0]["results"].size() == 1);
  CHECK(run("lint t.yaml --format html", d).status == 2);
}

TEST_CASE("ci: .tplguard.yaml is found upward; --config and --no-config", "[cli][ci]") {
  TempDir d;
  d.write("repo/.tplguard.yaml", "ignore: [title-marketing]\n");
  d.write("repo/templates/t.yaml", kError);
  CHECK(run("lint t.yaml", d, "repo/templates").status == 0);
  CHECK(run("lint t.yaml --no-config", d, "repo/templates").status == 1);
  d.write("other.yaml", "rules: {title-marketing: {level: info}}\n");
  Run r = run("lint repo/templates/t.yaml --config other.yaml --format json", d);
  CHECK(r.status == 0);
  CHECK(json::parse(r.out)["findings"][0]["level"] == "info");
  d.write("broken.yaml", "rules:\n  title-markting: {level: info}\n");
  Run bad = run("lint repo/templates/t.yaml --config broken.yaml", d);
  CHECK(bad.status == 2);
  CHECK(bad.err.find("broken.yaml:2: unknown rule id `title-markting` (did you mean `title-marketing`?)") !=
        std::string::npos);
  CHECK(run("lint repo/templates/t.yaml --config missing.yaml", d).status == 2);
}

TEST_CASE("ci: tplguard config prints the effective configuration", "[cli][ci]") {
  TempDir d;
  d.write(".tplguard.yaml",
          "profile: subscribe\nignore: [keyword-count]\nrules: {title-generic: {level: warning}}\n"
          "overrides:\n  - files: [legacy/**]\n    ignore: [title-similar]\n");
  Run r = run("config", d);
  CHECK(r.status == 0);
  CHECK(r.out.find("profile: subscribe") != std::string::npos);
  CHECK(r.out.find("keyword-count: off") != std::string::npos);
  CHECK(r.out.find("legacy/**") != std::string::npos);
  Run j = run("config legacy/a.yaml --format json", d);
  const auto cfg = json::parse(j.out);
  CHECK(cfg["effective"]["rules"]["title-similar"] == "off");
  CHECK(cfg["effective"]["rules"]["title-generic"]["subscribe"] == "warning");
  CHECK(cfg["effective"]["overrides"].size() == 1);
  Run plain = run("config --no-config --format json", d);
  CHECK(json::parse(plain.out)["config"].is_null());
}

TEST_CASE("ci: a baseline hides exactly the recorded findings and survives edits elsewhere", "[cli][ci]") {
  TempDir d;
  d.write("t.yaml", "templates:\n  - title: 领红包提醒\n  - title: 订单发货\n");
  Run w = run("lint t.yaml --write-baseline baseline.json", d);
  CHECK(w.status == 0);
  CHECK(w.err.find("wrote 2 entries to baseline.json") != std::string::npos);
  const auto b = json::parse(d.read("baseline.json"));
  REQUIRE(b["entries"].size() == 2);
  CHECK(b["entries"][0]["file"] == "t.yaml");
  CHECK(b["entries"][0].contains("fingerprint"));

  // Templates added above and between: the old findings stay hidden, the new one shows.
  d.write("t.yaml", "# edited\ntemplates:\n  - title: 积分变动提醒\n  - title: 领红包提醒\n\n  - title: 订单发货\n");
  Run r = run("lint t.yaml --baseline baseline.json --format json", d);
  CHECK(r.status == 1);
  const auto j = json::parse(r.out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["rule"] == "title-marketing");
  CHECK(j["findings"][0]["line"] == 3);
  CHECK(j["summary"]["baselined"] == 2);

  // Fixing one old template leaves a stale entry, which is reported.
  d.write("t.yaml", "templates:\n  - title: 领红包提醒\n  - title: 订单发货通知\n");
  Run s = run("lint t.yaml --baseline baseline.json", d);
  CHECK(s.status == 0);
  CHECK(s.err.find("1 entry matches no finding any more") != std::string::npos);
  CHECK(s.err.find("title-suffix") != std::string::npos);
  CHECK(s.out.find("1 stale baseline entry") != std::string::npos);

  // From the config, run from another directory: paths are relative to the baseline.
  d.write("sub/.keep", "");
  d.write(".tplguard.yaml", "baseline: baseline.json\n");
  CHECK(run("lint ../t.yaml", d, "sub").status == 0);
  CHECK(run("lint ../t.yaml --no-baseline", d, "sub").status == 1);

  d.write("broken.json", "{\"entries\": [");
  Run bad = run("lint t.yaml --baseline broken.json", d);
  CHECK(bad.status == 2);
  CHECK(bad.err.find("broken.json:1: not a baseline") != std::string::npos);
}

TEST_CASE("ci: inline suppressions from the command line", "[cli][ci]") {
  TempDir d;
  d.write("t.yaml", "templates:\n  - title: 领红包提醒  # tplguard: ignore[title-marketing] approved\n"
                    "  - title: 订单发货提醒  # tplguard: ignore[title-suffix]\n");
  Run r = run("lint t.yaml", d);
  CHECK(r.status == 0);  // the unused suppression is a warning
  CHECK(r.out.find("[unused-suppression]") != std::string::npos);
  CHECK(r.out.find("1 silenced inline") != std::string::npos);
  CHECK(run("lint t.yaml --fail-on warning", d).status == 1);
  CHECK(run("lint t.yaml --no-inline-suppressions", d).status == 1);
}

TEST_CASE("ci: rules and explain list the config's custom rules", "[cli][ci]") {
  TempDir d;
  d.write(".tplguard.yaml", "custom-rules:\n  - {id: no-digits, kind: pattern, target: title, level: warning,"
                            " message: 'digits: {match}', params: {pattern: '[0-9]+'}}\n");
  Run r = run("rules --format json", d);
  CHECK(r.status == 0);
  bool found = false;
  const auto listed = json::parse(r.out);
  for (const auto& rule : listed["rules"]) found |= rule["id"] == "no-digits";
  CHECK(found);
  CHECK(run("explain no-digits", d).status == 0);
  CHECK(run("explain no-digits --no-config", d).status == 2);
  d.write("t.yaml", "templates:\n  - title: 订单12345发货提醒\n");
  Run lint = run("lint t.yaml --select no-digits --format json", d);
  CHECK(lint.status == 0);
  CHECK(json::parse(lint.out)["findings"][0]["message"] == "digits: 12345");
}
