// `tplguard check` as a user runs it: exit statuses, output formats, envelopes, contexts,
// bad input.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"

using test_support::run;
using test_support::Run;
using test_support::TempDir;

namespace {

const std::string kClean =
    R"({"touser": "oWQ0O5DWIQvjGf9FWIZubVWMDt1w", "template_id": "9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q", )"
    R"("page": "pages/index/index", "data": {"thing1": {"value": "订单已发货"}}})";

}  // namespace

TEST_CASE("check: a clean body exits 0, a rejected one 1 with a caret under the value", "[cli][payload]") {
  TempDir d;
  d.write("ok.json", kClean);
  Run ok = run("check ok.json --api subscribe-send", d);
  CHECK(ok.status == 0);
  CHECK(ok.out == "0 errors, 0 warnings, 0 info in 1 payload (1 file)\n");

  d.write("bad.json", "{\n  \"touser\": \"oWQ0O5DWIQvjGf9FWIZubVWMDt1w\",\n  \"template_id\": \"AT0002\",\n"
                      "  \"data\": {\"phrase1\": {\"value\": \"已发EMS\"}}\n}\n");
  Run bad = run("check bad.json --api subscribe-send", d);
  CHECK(bad.status == 1);
  CHECK(bad.out.find("bad.json:3:19: error: template_id 'AT0002' is a template library id") != std::string::npos);
  CHECK(bad.out.find("[template-id-library]") != std::string::npos);
  CHECK(bad.out.find("bad.json:4:36: error: data.phrase1.value is invalid: 'EMS' is a letter") != std::string::npos);
  // 已发 are two CJK characters (four columns) before EMS.
  CHECK(bad.out.find("\n   |" + std::string(38, ' ') + "^^^\n") != std::string::npos);
  CHECK(bad.out.find("2 errors, 0 warnings, 0 info in 1 payload (1 file)") != std::string::npos);
}

TEST_CASE("check: json output has lint's finding fields and lists each payload's API", "[cli][payload]") {
  TempDir d;
  d.write("p.jsonl", "{\"api\": \"subscribe/send\", \"body\": " + kClean + ", \"source\": \"x\"}\n\n" +
                         "{\"api\": \"wxopen/template/send\", \"body\": {\"touser\": \"oWQ0O5DWIQvjGf9FWIZubVWMDt1w\", "
                         "\"template_id\": \"9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q\", \"form_id\": \"the formId is a mock one\", "
                         "\"data\": {\"keyword1\": {\"value\": \"15:01～16:00\"}}}}\n" +
                         "{\"id\": \"AT0002\", \"keyword_id_list\": [3, 4, 5]}\n");
  Run r = run("check p.jsonl --format json", d);
  CHECK(r.status == 1);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["findings"].size() == 1);
  const auto& f = j["findings"][0];
  for (const char* key : {"rule", "level", "message", "messages", "clause", "errcode", "file", "line", "column", "field",
                          "index", "fix", "region"})
    CHECK(f.contains(key));
  CHECK(f["rule"] == "form-id-mock");
  CHECK(f["errcode"] == 41028);
  CHECK(f["field"] == "/form_id");
  CHECK(f["index"] == 1);  // blank lines do not count
  CHECK(f["line"] == 3);
  REQUIRE(j["payloads"].size() == 3);
  CHECK(j["payloads"][0]["api"] == "subscribe-send");
  CHECK(j["payloads"][0]["detected"] == false);
  CHECK(j["payloads"][2]["api"] == "template-add");
  CHECK(j["payloads"][2]["detected"] == true);
  CHECK(j["summary"]["payloads"] == 3);
  CHECK(j["summary"]["errors"] == 1);
  // keyword1 of a mini-program template has no type, so the full-width tilde is not checked;
  // the same value under a time key is, with a fix.
  d.write("t.json", "[" + kClean.substr(0, kClean.size() - 1) + ", \"miniprogram_state\": \"formal\"}, "
                    "{\"touser\": \"oWQ0O5DWIQvjGf9FWIZubVWMDt1w\", \"template_id\": \"9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q\", "
                    "\"lang\": \"zh_CN\", \"data\": {\"time1\": {\"value\": \"15:01～16:00\"}}}]");
  const auto t = nlohmann::json::parse(run("check t.json --format json", d).out);
  REQUIRE(t["findings"].size() == 1);
  CHECK(t["findings"][0]["rule"] == "value-fullwidth-tilde");
  CHECK(t["findings"][0]["index"] == 1);
  CHECK(t["findings"][0]["fix"]["replacement"] == "15:01~16:00");
}

TEST_CASE("check: --api auto says when the body does not tell its API; unknown APIs are usage errors", "[cli][payload]") {
  TempDir d;
  d.write("b.json", kClean);
  CHECK(run("check b.json", d).status == 0);  // page: only subscribe-send takes it with these fields
  d.write("a.json", std::string("\n") + R"({"touser": "oWQ0O5DWIQvjGf9FWIZubVWMDt1w", "template_id": "9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q",
                      "data": {"thing1": {"value": "订单已发货"}}})");
  Run r = run("check a.json", d);
  CHECK(r.status == 2);
  CHECK(r.out.find("a.json:2:1: input error: the body fits mp-template-send and subscribe-send; pass --api to say which") !=
        std::string::npos);
  CHECK(run("check a.json --api mp-template-send", d).status == 0);
  Run u = run("check b.json --api subscribe-snd", d);
  CHECK(u.status == 2);
  CHECK(u.err.find("--api: unknown API 'subscribe-snd'") != std::string::npos);
  d.write("e.json", "{\"api\": \"nope\", \"body\": " + kClean + "}");
  Run e = run("check e.json", d);
  CHECK(e.status == 2);
  CHECK(e.out.find("unknown API 'nope'") != std::string::npos);
  // --api wins over an envelope's api.
  CHECK(run("check e.json --api subscribe-send", d).status == 0);
}

TEST_CASE("check: --app-json and --templates make the checks sharper", "[cli][payload]") {
  TempDir d;
  d.write("app.json", R"({"pages": ["pages/home/home"]})");
  d.write("tpl.json", R"({"errcode": 0, "data": [{"priTmplId": "9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q",
                          "title": "发货通知", "content": "物品:{{thing2.DATA}}\n", "example": "", "type": 2}]})");
  d.write("b.json", kClean);
  Run r = run("check b.json --api subscribe-send --app-json app.json --templates tpl.json --format json", d);
  CHECK(r.status == 1);
  const auto j = nlohmann::json::parse(r.out);
  std::set<std::string> rules;
  for (const auto& f : j["findings"]) rules.insert(f["rule"].get<std::string>() + " " + f["field"].get<std::string>());
  CHECK(rules == std::set<std::string>{"page-not-found /page", "data-key-extra /data/thing1", "data-key-missing /data/thing2"});
  d.write("broken.json", "{\"pages\": [\"a\",]}");
  Run b = run("check b.json --api subscribe-send --app-json broken.json", d);
  CHECK(b.status == 2);
  CHECK(b.err.find("broken.json:1:") != std::string::npos);
}

TEST_CASE("check: bad input exits 2, names file and line, and the rest is still checked", "[cli][payload]") {
  TempDir d;
  d.write("in/a.jsonl", "{\"api\": \"template-list\", \"body\": {\"offset\": 0, \"count\": 99}}\n{\"api\": \"template-list\", "
                        "\"body\": {\"offset\": 0,\n{\"api\": \"template-list\", \"body\": {\"offset\": 0, \"count\": 1}}\n");
  d.write("in/b.json", std::string("{\"touser\": \"\xff\"}"));
  d.write("in/c.json", std::string(100000, '[') + std::string(100000, ']'));
  d.write("in/templates.yaml", "templates:\n  - title: 订单发货提醒\n");  // found in a directory: skipped
  Run r = run("check in --format json", d);
  CHECK(r.status == 2);
  const auto j = nlohmann::json::parse(r.out);
  std::string errors;
  for (const auto& e : j["input_errors"])
    errors += e["file"].get<std::string>() + ":" + e["line"].dump() + " " + e["message"].get<std::string>() + "\n";
  INFO(errors);
  CHECK(j["input_errors"].size() == 3);
  CHECK(errors.find("a.jsonl:2 ") != std::string::npos);
  CHECK(errors.find("b.json:1 invalid UTF-8") != std::string::npos);
  CHECK(errors.find("c.json:1 nesting deeper than") != std::string::npos);
  REQUIRE(j["findings"].size() == 1);  // the first line of a.jsonl still checked
  CHECK(j["findings"][0]["rule"] == "field-range");
  CHECK(j["summary"]["files"] == 3);
  // A YAML file named on the command line is an input error.
  Run y = run("check in/templates.yaml", d);
  CHECK(y.status == 2);
  CHECK(y.out.find("request bodies are JSON") != std::string::npos);
  CHECK(run("check missing.json", d).status == 2);
}

TEST_CASE("check: --select, --ignore and --lang work as for lint", "[cli][payload]") {
  TempDir d;
  d.write("b.json", R"({"touser": "OPENID", "template_id": "TEMPLATE_ID", "data": {"thing1": {"value": ""}}})");
  Run all = run("check b.json --api subscribe-send --format json", d);
  CHECK(nlohmann::json::parse(all.out)["findings"].size() == 3);
  Run sel = run("check b.json --api subscribe-send --format json --select value-empty", d);
  CHECK(sel.status == 1);
  CHECK(nlohmann::json::parse(sel.out)["findings"].size() == 1);
  Run ign = run("check b.json --api subscribe-send --ignore value-empty", d);
  CHECK(ign.status == 0);  // only the two shape warnings left
  CHECK(run("check b.json --api subscribe-send --select value-emty", d).err.find("did you mean 'value-empty'") !=
        std::string::npos);
  Run zh = run("check b.json --api subscribe-send --lang zh --select value-empty", d);
  CHECK(zh.out.find("错误: data.thing1.value 为空 [value-empty]") != std::string::npos);
}

TEST_CASE("check: the real payload corpus is read whole", "[cli][payload][corpus]") {
  TempDir d;
  Run r = run("check '" + std::string(TPLGUARD_SOURCE_DIR) + "/corpus/real/payloads.jsonl' --format json", d);
  CHECK(r.status == 1);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["input_errors"].empty());
  CHECK(j["summary"]["payloads"] == 31);
}
