// Approved versus proposed (issue 12, item 8): a template WeChat already approved (a library
// id, a template id, or listed by a management API answer) never gets an error; what today's
// review would reject is a warning that says so, and the set rules still report it. A template
// without ids is a proposal, judged at full strength. LintOptions::judge_approved_as_proposals
// (--judge-approved-as-proposals, the config key) turns the cap off.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "cli_support.hpp"
#include "io/template_reader.hpp"
#include "tplguard/audit.hpp"

using namespace tplguard;
using test_support::engine;
using test_support::has_rule;
using test_support::make_template;

namespace {

const std::string kCorpus = std::string(TPLGUARD_SOURCE_DIR) + "/corpus";

std::shared_ptr<const Engine> shared_engine() {
  static const auto e = Engine::load({std::string(TPLGUARD_SOURCE_DIR) + "/rules"});
  return e;
}

io::ReadResult read(const std::string& name, const std::string& text) {
  return io::read_templates_text(name, text, io::format_for_path(name).value_or(io::Format::yaml));
}

// What a finding says, without its message: rule, field, level.
using Key = std::tuple<std::string, std::string, Level>;

std::vector<Key> keys(const std::vector<Finding>& fs) {
  std::vector<Key> out;
  for (const auto& f : fs) out.emplace_back(f.rule, f.field, f.level);
  return out;
}

size_t errors_in(const std::vector<Finding>& fs) {
  size_t n = 0;
  for (const auto& f : fs) n += f.level == Level::error;
  return n;
}

}  // namespace

TEST_CASE("approved: every real template with ids raises no error; the same titles without ids do", "[approved][corpus]") {
  io::ReadResult r = io::read_templates_file(kCorpus + "/real/templates.jsonl");
  REQUIRE(r.errors.empty());
  std::vector<nlohmann::json> rows;
  std::stringstream lines(test_support::read_file(kCorpus + "/real/templates.jsonl"));
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  REQUIRE(rows.size() == r.templates.size());

  LintOptions capped, full;
  capped.set_rules = full.set_rules = false;  // the corpus repeats titles across sources
  full.judge_approved_as_proposals = true;
  size_t approved = 0, high_medium = 0, errors_without_ids = 0, capped_findings = 0;
  for (const auto& t : r.templates) {
    if (!t.approved()) continue;
    ++approved;
    const auto& row = rows[t.index];
    const std::string confidence = row["title_confidence"];
    high_medium += confidence != "low";
    INFO(row["kind"].get<std::string>() << " " << t.title.value << " (" << confidence << ")");
    const auto with_ids = engine().lint({t}, capped);
    Template proposal = t;
    proposal.library_id.clear();
    proposal.template_id.clear();
    REQUIRE(proposal.origin() == Origin::proposal);
    const auto without_ids = engine().lint({proposal}, capped);
    // With ids: no error, whatever the confidence (the ids decide, not the label).
    CHECK(errors_in(with_ids) == 0);
    // Without ids: the same findings as the approved template judged at full strength.
    CHECK(keys(without_ids) == keys(engine().lint({t}, full)));
    REQUIRE(with_ids.size() == without_ids.size());
    for (size_t i = 0; i < with_ids.size(); ++i) {
      const Finding &a = with_ids[i], &p = without_ids[i];
      CHECK(a.rule == p.rule);
      CHECK(a.origin != Origin::proposal);
      CHECK(p.origin == Origin::proposal);
      CHECK(!p.capped_from);
      if (p.level == Level::error) {
        ++errors_without_ids;
        CHECK(a.level == Level::warning);
        CHECK(a.capped_from == Level::error);
        CHECK(a.message_en == "would not pass review today (the template is approved, so a warning): " + p.message_en);
        CHECK(a.message_zh == "按现行审核规则不会通过（模板已获批准，故为警告）：" + p.message_zh);
        ++capped_findings;
      } else {
        CHECK(a.level == p.level);
        CHECK(!a.capped_from);
        CHECK(a.message_en == p.message_en);
      }
    }
  }
  CHECK(approved >= 120);
  CHECK(high_medium >= 80);
  // Before the cap, 14 of these templates (all labelled low: a project's own title for a
  // library id) raised 22 errors; they are the proof that the cap bites.
  CHECK(errors_without_ids >= 20);
  CHECK(capped_findings == errors_without_ids);
}

TEST_CASE("approved: the signal each reader format gives", "[approved][io]") {
  auto origins = [](const io::ReadResult& r) {
    REQUIRE(r.errors.empty());
    std::vector<Origin> out;
    for (const auto& t : r.templates) out.push_back(t.origin());
    return out;
  };
  using O = Origin;
  SECTION("YAML: library_id, tid, id, template_id, priTmplId; blank ids and none are proposals") {
    CHECK(origins(read("t.yaml",
                       "templates:\n"
                       "  - {title: 订单发货提醒, library_id: AT0002}\n"
                       "  - {title: 订单发货提醒, tid: 1470}\n"
                       "  - {title: 订单发货提醒, id: OPENTM200605630}\n"
                       "  - {title: 订单发货提醒, template_id: wDYzYZVxobJivW9oMpSCpuvACOfJXQIoKUm0PY397Tc}\n"
                       "  - {title: 订单发货提醒, priTmplId: abc}\n"
                       "  - {title: 订单发货提醒, library_id: AT0002, template_id: abc}\n"
                       "  - {title: 订单发货提醒, library_id: '  ', template_id: ''}\n"
                       "  - {title: 订单发货提醒, library_id: null}\n"
                       "  - {title: 订单发货提醒}\n")) ==
          std::vector<O>{O::library_id, O::library_id, O::library_id, O::template_id, O::template_id, O::template_id,
                         O::proposal, O::proposal, O::proposal});
  }
  SECTION("JSON documents and JSONL lines: the same keys") {
    CHECK(origins(read("t.json", "{\"templates\": [{\"title\": \"订单发货提醒\", \"tid\": 99}, {\"title\": \"订单发货提醒\"}]}")) ==
          std::vector<O>{O::library_id, O::proposal});
    CHECK(origins(read("t.json", "[{\"title\": \"订单发货提醒\", \"priTmplId\": \"x\"}]")) == std::vector<O>{O::template_id});
    CHECK(origins(read("t.jsonl", "{\"title\": \"订单发货提醒\", \"library_id\": \"TM00001\"}\n{\"title\": \"订单发货提醒\"}\n")) ==
          std::vector<O>{O::library_id, O::proposal});
  }
  SECTION("CSV: template_id / priTmplId and library_id / id / tid columns; an empty cell is no id") {
    CHECK(origins(read("t.csv",
                       "title,keywords,library_id,template_id\n"
                       "订单发货提醒,快递单号,AT0002,\n"
                       "订单发货提醒,快递单号,,abc\n"
                       "订单发货提醒,快递单号,,\n")) == std::vector<O>{O::library_id, O::template_id, O::proposal});
    CHECK(origins(read("t.csv", "标题,tid\n订单发货提醒,1470\n")) == std::vector<O>{O::library_id});
    CHECK(origins(read("t.csv", "订单发货提醒,快递单号\n")) == std::vector<O>{O::proposal});
  }
  SECTION("API answers: what they list is approved, ids or not") {
    // template/list and library/list (`list`), gettemplate and getpubtemplatetitles (`data`),
    // get_all_private_template (`template_list`), a library/get body (`errcode` beside `title`).
    CHECK(origins(read("t.json", "{\"errcode\":0,\"list\":[{\"title\":\"订单发货提醒\",\"content\":\"单号{{keyword1.DATA}}\"}]}")) ==
          std::vector<O>{O::api_answer});
    CHECK(origins(read("t.json", "{\"errcode\":0,\"list\":[{\"id\":\"AT0002\",\"title\":\"购买成功通知\"}]}")) ==
          std::vector<O>{O::api_answer});
    CHECK(origins(read("t.json", "{\"errcode\":0,\"data\":[{\"title\":\"会议开始提醒\",\"content\":\"会议时间:{{date2.DATA}}\"}]}")) ==
          std::vector<O>{O::api_answer});
    CHECK(origins(read("t.json", "{\"errcode\":0,\"count\":1,\"data\":[{\"tid\":99,\"title\":\"付款成功通知\",\"type\":2}]}")) ==
          std::vector<O>{O::api_answer});
    CHECK(origins(read("t.json", "{\"template_list\":[{\"title\":\"订单发货提醒\",\"content\":\"{{first.DATA}}\"}]}")) ==
          std::vector<O>{O::api_answer});
    CHECK(origins(read("t.json", "{\"errcode\":0,\"title\":\"购买成功通知\",\"keyword_list\":[]}")) ==
          std::vector<O>{O::api_answer});
    // getpubtemplatekeywords lists keywords, not templates: one clear error.
    const auto kw = read("t.json", "{\"errcode\":0,\"count\":1,\"data\":[{\"kid\":1,\"name\":\"物品名称\",\"example\":\"咖啡\",\"rule\":\"thing\"}]}");
    CHECK(kw.templates.empty());
    REQUIRE(kw.errors.size() == 1);
    CHECK(kw.errors[0].message.find("getpubtemplatekeywords") != std::string::npos);
    // A template on its own, without ids or an answer around it, is a proposal.
    CHECK(origins(read("t.json", "{\"title\":\"购买成功通知\"}")) == std::vector<O>{O::proposal});
  }
  SECTION("in memory: the ids decide") {
    Template t = make_template("订单发货");
    CHECK(t.origin() == O::proposal);
    t.from_api_answer = true;
    CHECK(t.origin() == O::api_answer);
    CHECK(std::string(to_string(O::api_answer)) == "api-answer");
  }
}

TEST_CASE("approved: errors are capped at warning, other levels and the tool's rules are not", "[approved]") {
  Template proposal = make_template("订单发货", {{{"快递单号", "SF123456"}}});
  Template approved = proposal;
  approved.library_id = "AT0002";
  LintOptions o;
  const auto p = engine().lint({proposal}, o);
  const auto a = engine().lint({approved}, o);
  REQUIRE(has_rule(p, "title-suffix"));
  REQUIRE(errors_in(p) > 0);
  CHECK(errors_in(a) == 0);
  for (const auto& f : a) {
    CHECK(f.origin == Origin::library_id);
    if (f.rule == "title-suffix") {
      CHECK(f.capped_from == Level::error);
      CHECK(f.level == Level::warning);
      CHECK(f.message_en.rfind("would not pass review today", 0) == 0);
      CHECK(f.message_zh.find("按现行审核规则不会通过") == 0);
      CHECK(f.fix);  // the fix is still offered
    }
  }
  // A level raised to error by the configuration is capped too: nothing makes an approved
  // template an error but judge_approved_as_proposals.
  LintOptions raised;
  raised.levels["title-marketing"] = {Level::error, Level::error, Level::error};
  Template coupon = make_template("拼团成功通知");
  coupon.template_id = "abc";
  coupon.profile = Profile::subscribe;
  for (const auto& f : engine().lint({coupon}, raised)) CHECK(f.level != Level::error);
  raised.judge_approved_as_proposals = true;
  CHECK(errors_in(engine().lint({coupon}, raised)) > 0);

  // The flag: the approved template is judged as the proposal is.
  o.judge_approved_as_proposals = true;
  const auto judged = engine().lint({approved}, o);
  CHECK(keys(judged) == keys(p));
  for (const auto& f : judged) {
    CHECK(!f.capped_from);
    CHECK(f.origin == Origin::library_id);  // still marked approved
  }
}

TEST_CASE("approved: a stale suppression comment keeps its level (the tool's rule, not review's)", "[approved]") {
  const auto r = read("t.yaml", "templates:\n  - title: 订单发货提醒  # tplguard: ignore[title-marketing] old\n    library_id: AT0002\n");
  REQUIRE(r.errors.empty());
  LintOptions o;
  o.levels["unused-suppression"] = {Level::error, Level::error, Level::error};
  const auto fs = engine().lint(r.templates, o);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].rule == "unused-suppression");
  CHECK(fs[0].level == Level::error);
  CHECK(!fs[0].capped_from);
}

TEST_CASE("approved: set rules still report approved templates, and a proposal is the one reported", "[approved][set]") {
  auto approved = [](std::string title, size_t index, std::string id) {
    Template t = make_template(title, {}, index);
    t.library_id = std::move(id);
    return t;
  };
  LintOptions o;
  o.select = {"title-duplicate", "title-similar"};
  SECTION("two approved templates: reported, capped at warning") {
    const auto fs = engine().lint({approved("订单发货提醒", 0, "AT1"), approved("订单发货提醒", 1, "AT2")}, o);
    REQUIRE(fs.size() == 1);
    CHECK(fs[0].rule == "title-duplicate");
    CHECK(fs[0].index == 1);
    CHECK(fs[0].level == Level::warning);
    CHECK(fs[0].capped_from == Level::error);
  }
  SECTION("a proposal before an approved template: the proposal gets the error, whatever the order") {
    for (bool proposal_first : {true, false}) {
      std::vector<Template> set;
      if (proposal_first) {
        set = {make_template("订单发货提醒", {}, 0), approved("订单发货提醒", 1, "AT1")};
      } else {
        set = {approved("订单发货提醒", 0, "AT1"), make_template("订单发货提醒", {}, 1)};
      }
      const auto fs = engine().lint(set, o);
      INFO("proposal first: " << proposal_first);
      REQUIRE(fs.size() == 1);
      CHECK(fs[0].rule == "title-duplicate");
      CHECK(fs[0].index == (proposal_first ? 0u : 1u));
      CHECK(fs[0].level == Level::error);
      CHECK(fs[0].origin == Origin::proposal);
    }
    // Judged as proposals, the set keeps its order: the later template is reported.
    LintOptions judged = o;
    judged.judge_approved_as_proposals = true;
    const auto fs = engine().lint({make_template("订单发货提醒", {}, 0), approved("订单发货提醒", 1, "AT1")}, judged);
    REQUIRE(fs.size() == 1);
    CHECK(fs[0].index == 1);
    CHECK(fs[0].level == Level::error);
  }
  SECTION("against --library: a proposal is an error, an approved template a warning") {
    const std::vector<Template> library = {approved("订单发货提醒", 0, "AT1")};
    const auto p = engine().lint({make_template("订单已发货提醒", {}, 0)}, o, library);
    REQUIRE(p.size() == 1);
    CHECK(p[0].rule == "title-similar");
    CHECK(p[0].level == Level::error);
    const auto a = engine().lint({approved("订单已发货提醒", 0, "AT9")}, o, library);
    REQUIRE(a.size() == 1);
    CHECK(a[0].level == Level::warning);
    CHECK(a[0].capped_from == Level::error);
  }
  SECTION("keyword-duplicate and keyword-similar on an approved template: capped at warning") {
    Template t = approved("订单发货提醒", 0, "AT1");
    t.keywords.emplace();
    for (const char* name : {"订单号", "订单编号", "订单号"}) {
      Keyword k;
      k.name.value = name;
      t.keywords->push_back(k);
    }
    LintOptions kw;
    kw.select = {"keyword-duplicate", "keyword-similar"};
    const auto fs = engine().lint({t}, kw);
    CHECK(has_rule(fs, "keyword-duplicate"));
    CHECK(has_rule(fs, "keyword-similar"));
    for (const auto& f : fs) CHECK(f.level == Level::warning);
    t.library_id.clear();
    CHECK(errors_in(engine().lint({t}, kw)) > 0);
  }
}

TEST_CASE("approved: the audit caps as lint does and moves a pair onto its proposal", "[approved][audit]") {
  auto run_audit = [](const std::vector<Template>& batch, bool judge) {
    AuditOptions o;
    o.jobs = 1;
    o.lint.judge_approved_as_proposals = judge;
    Auditor a(shared_engine(), o);
    std::vector<Finding> findings;
    a.add(batch, findings);
    a.finish();
    for (size_t i = 0; i < a.set_finding_count(); ++i) {
      findings.push_back(a.set_finding(i));
      CHECK(a.set_finding_level(i) == findings.back().level);
    }
    return findings;
  };
  Template proposal = make_template("订单发货提醒", {}, 0);
  Template approved = make_template("订单发货提醒", {}, 1);
  approved.template_id = "abc";
  Template approved_bad = make_template("领红包提醒", {}, 2);
  approved_bad.library_id = "AT0001";
  const auto fs = run_audit({proposal, approved, approved_bad}, false);
  size_t duplicates = 0;
  for (const auto& f : fs) {
    INFO(f.rule << " on " << f.index);
    if (f.rule == "title-duplicate") {
      ++duplicates;
      CHECK(f.index == 0);  // the proposal, not the approved template after it
      CHECK(f.level == Level::error);
    }
    if (f.index == 2) {
      CHECK(f.level != Level::error);
      CHECK(f.origin == Origin::library_id);
    }
  }
  CHECK(duplicates == 1);
  CHECK(has_rule(fs, "title-marketing"));
  bool capped = false;
  for (const auto& f : fs) capped |= f.rule == "title-marketing" && f.capped_from == Level::error;
  CHECK(capped);

  const auto judged = run_audit({proposal, approved, approved_bad}, true);
  for (const auto& f : judged) {
    if (f.rule == "title-duplicate") CHECK(f.index == 1);
    if (f.rule == "title-marketing") CHECK(f.level == Level::error);
  }
}

TEST_CASE("approved: the CLI flag, the config key and the markers in JSON and SARIF", "[approved][cli]") {
  using test_support::run;
  test_support::TempDir d;
  d.write("t.yaml",
          "templates:\n"
          "  - title: 订单发货\n"
          "    library_id: AT0002\n");
  const auto plain = run("lint t.yaml", d);
  CHECK(plain.status == 0);
  CHECK(plain.out.find("warning: would not pass review today") != std::string::npos);

  const auto j = nlohmann::json::parse(run("lint t.yaml --format json", d).out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["level"] == "warning");
  CHECK(j["findings"][0]["approved"] == true);
  CHECK(j["findings"][0]["origin"] == "library-id");
  CHECK(j["findings"][0]["capped_from"] == "error");

  const auto sarif = nlohmann::json::parse(run("lint t.yaml --format sarif", d).out);
  const auto& result = sarif["runs"][0]["results"][0];
  CHECK(result["level"] == "warning");
  CHECK(result["properties"]["approved"] == true);
  CHECK(result["properties"]["capped_from"] == "error");

  const auto flagged = run("lint t.yaml --judge-approved-as-proposals --format json", d);
  CHECK(flagged.status == 1);
  const auto jf = nlohmann::json::parse(flagged.out);
  CHECK(jf["findings"][0]["level"] == "error");
  CHECK(jf["findings"][0]["approved"] == true);
  CHECK(!jf["findings"][0].contains("capped_from"));

  d.write(".tplguard.yaml", "judge-approved-as-proposals: true\n");
  CHECK(run("lint t.yaml", d).status == 1);
  CHECK(run("config", d).out.find("judge-approved-as-proposals: true") != std::string::npos);
  d.write(".tplguard.yaml", "judge-approved-as-proposals: maybe\n");
  const auto bad = run("lint t.yaml", d);
  CHECK(bad.status == 2);
  CHECK(bad.err.find("judge-approved-as-proposals") != std::string::npos);
  std::filesystem::remove(d.path / ".tplguard.yaml");

  CHECK(run("audit t.yaml -q", d).status == 0);
  CHECK(run("audit t.yaml -q --judge-approved-as-proposals", d).status == 1);
  const auto audit_json = nlohmann::json::parse(run("audit t.yaml -q --format json", d).out);
  REQUIRE(audit_json["findings"].size() == 1);
  CHECK(audit_json["findings"][0]["capped_from"] == "error");
}
