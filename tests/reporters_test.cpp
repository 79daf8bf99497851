// The machine formats over a Report made by hand, as check and audit will make theirs:
// escaping, columns in either unit, input errors in every format, unique fingerprints.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/report.hpp"
#include "support.hpp"

using namespace tplguard;

namespace {

report::Report sample() {
  report::Report r;
  // Line 2 holds an emoji before the span: code-point column 14, UTF-16 column 15.
  r.sources["dir/a,b:c.yaml"] = std::make_shared<SourceFile>("dir/a,b:c.yaml", "templates:\n  - title: 🎉领红包提醒\n");
  r.inputs = {"dir/a,b:c.yaml", "clean.yaml"};
  r.files = 2;
  r.templates = 3;
  Finding f;
  f.rule = "title-marketing";
  f.level = Level::error;
  f.message_en = "100% sure: a, b: c\r\nnext line";
  f.message_zh = "营销";
  f.clause = "1.6";
  f.field = "title";
  f.location.file = "dir/a,b:c.yaml";
  f.location.begin = {2, 14, 15};
  f.location.end = {2, 16, 17};
  f.location.byte_begin = 27;
  f.location.byte_end = 33;
  f.fingerprint = "abc";
  r.findings.push_back(f);
  Finding g = f;  // the same fingerprint again, a warning, with XML-hostile text
  g.level = Level::warning;
  g.message_en = "<tag> & \"quotes\" \x01 control";
  r.findings.push_back(g);
  r.input_errors.push_back({"bad.json", 3, 7, "invalid JSON: unexpected ','"});
  return r;
}

std::string render(const std::string& format, const report::Report& r, report::FormatOptions o = {}) {
  std::ostringstream out;
  REQUIRE(report::write_report(out, format, r, o));
  return out.str();
}

}  // namespace

TEST_CASE("github: workflow commands with escaped properties and data, then a summary", "[report]") {
  const std::string out = render("github", sample());
  CHECK(out.find("::error file=dir/a%2Cb%3Ac.yaml,line=2,endLine=2,col=14,endColumn=16,"
                 "title=tplguard title-marketing (1.6)::100%25 sure: a, b: c%0D%0Anext line\n") != std::string::npos);
  CHECK(out.find("::warning file=dir/a%2Cb%3Ac.yaml,") != std::string::npos);
  CHECK(out.find("::error file=bad.json,line=3,col=7,title=tplguard input error::invalid JSON: unexpected ','\n") !=
        std::string::npos);
  CHECK(out.find("tplguard lint: 1 error, 1 warning, 0 info in 3 templates (2 files); 1 input error\n") !=
        std::string::npos);
  report::FormatOptions utf16;
  utf16.columns = report::ColumnUnit::utf16;
  CHECK(render("github", sample(), utf16).find(",col=15,endColumn=17,") != std::string::npos);
}

TEST_CASE("junit and checkstyle: escaped XML, clean files listed, input errors as errors", "[report]") {
  const std::string junit = render("junit", sample());
  CHECK(junit.find("<testsuites name=\"tplguard lint\" tests=\"4\" failures=\"1\" errors=\"1\"") != std::string::npos);
  CHECK(junit.find("<testsuite name=\"clean.yaml\" tests=\"1\" failures=\"0\" errors=\"0\"") != std::string::npos);
  CHECK(junit.find("&lt;tag&gt; &amp; \"quotes\" \xEF\xBF\xBD control") != std::string::npos);  // system-out
  CHECK(junit.find("<error message=\"invalid JSON: unexpected &apos;,&apos;\" type=\"input-error\">") != std::string::npos);
  CHECK(junit.find('\x01') == std::string::npos);
  report::FormatOptions strict;
  strict.fail_level = Level::warning;
  CHECK(render("junit", sample(), strict).find("failures=\"2\"") != std::string::npos);

  const std::string cs = render("checkstyle", sample());
  CHECK(cs.find("<file name=\"clean.yaml\"/>") != std::string::npos);
  CHECK(cs.find("line=\"2\" column=\"14\" severity=\"error\"") != std::string::npos);
  CHECK(cs.find("message=\"&lt;tag&gt; &amp; &quot;quotes&quot; \xEF\xBF\xBD control\"") != std::string::npos);
  CHECK(cs.find("source=\"tplguard.input-error\"") != std::string::npos);
}

TEST_CASE("gitlab: unique fingerprints, severities, input errors", "[report]") {
  const auto j = nlohmann::json::parse(render("gitlab", sample()));
  REQUIRE(j.size() == 3);
  std::set<std::string> prints;
  for (const auto& issue : j) {
    for (const char* key : {"description", "check_name", "fingerprint", "severity", "location"}) CHECK(issue.contains(key));
    prints.insert(issue["fingerprint"].get<std::string>());
  }
  CHECK(prints.size() == 3);
  CHECK(j[0]["check_name"] == "tplguard/input-error");
  CHECK(j[1]["severity"] == "major");
  CHECK(j[2]["severity"] == "minor");
  CHECK(j[1]["location"]["path"] == "dir/a,b:c.yaml");
  CHECK(j[1]["location"]["lines"]["begin"] == 2);
}

TEST_CASE("sarif: rules, regions in the chosen unit, fingerprints, notifications", "[report]") {
  report::FormatOptions o;
  o.rules = &test_support::engine().rules();
  o.tool_version = "9.9.9";
  o.working_dir = "/work/repo";
  const auto j = nlohmann::json::parse(render("sarif", sample(), o));
  const auto& run = j["runs"][0];
  CHECK(j["version"] == "2.1.0");
  CHECK(run["columnKind"] == "unicodeCodePoints");
  CHECK(run["tool"]["driver"]["rules"].size() == test_support::engine().rules().size());
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///work/repo/");
  const auto& r = run["results"][0];
  CHECK(r["ruleId"] == "title-marketing");
  CHECK(run["tool"]["driver"]["rules"][r["ruleIndex"].get<size_t>()]["id"] == "title-marketing");
  CHECK(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir/a%2Cb%3Ac.yaml");
  CHECK(r["locations"][0]["physicalLocation"]["region"]["startColumn"] == 14);
  CHECK(r["locations"][0]["physicalLocation"]["region"]["endColumn"] == 16);
  CHECK(r["partialFingerprints"]["tplguardFinding/v1"] == "abc");
  CHECK(run["results"][1]["level"] == "warning");
  CHECK(run["invocations"][0]["executionSuccessful"] == false);
  CHECK(run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] == "invalid JSON: unexpected ','");
  o.columns = report::ColumnUnit::utf16;
  const auto u = nlohmann::json::parse(render("sarif", sample(), o));
  CHECK(u["runs"][0]["columnKind"] == "utf16CodeUnits");
  CHECK(u["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] == 15);
  CHECK(u["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["endColumn"] == 17);
}

TEST_CASE("write_report knows exactly the listed formats", "[report]") {
  std::ostringstream out;
  for (const auto& f : report::format_names()) CHECK(report::write_report(out, f, sample(), {}));
  CHECK_FALSE(report::write_report(out, "html5", sample(), {}));
}

TEST_CASE("json: findings round-trip, every escape included, as nlohmann would write them", "[report]") {
  report::Report r = sample();
  std::string every_control;
  for (char c = 1; c < 0x20; ++c) every_control += c;
  r.findings[1].message_en = "\"q\" \\ / \x7f " + every_control + " 红包 🎉";
  r.findings[1].related = "other.yaml:3 退款\t通知";
  r.findings[1].fix = Fix{"title", "a\"b"};
  const std::string text = render("json", r);
  const auto j = nlohmann::json::parse(text);
  REQUIRE(j["findings"].size() == 2);
  const auto& g = j["findings"][1];
  CHECK(g["messages"]["en"] == r.findings[1].message_en);
  CHECK(g["message"] == r.findings[1].message_en);
  CHECK(g["related"] == r.findings[1].related);
  CHECK(g["fix"]["replacement"] == "a\"b");
  CHECK(g["region"]["start"]["column_utf16"] == 15);
  CHECK(j["findings"][0]["errcode"].is_null());
  // Each finding is written as nlohmann's dump would write it (key order as listed).
  const size_t begin = text.rfind("\n  {") + 3;  // the finding with every escape
  std::string line = text.substr(begin, text.find('\n', begin) - begin);
  if (line.back() == ',') line.pop_back();
  CHECK(nlohmann::ordered_json::parse(line).dump() == line);
}
