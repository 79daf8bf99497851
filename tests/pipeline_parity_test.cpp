// lint and audit go through one pipeline: on the same files, with the same configuration and
// the same inline suppressions, they give the same per-template and set-level findings, at
// the same levels, with the same fingerprints, and count the same silenced findings.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "cli_support.hpp"

using test_support::run;
using test_support::TempDir;

namespace {

using Key = std::tuple<std::string, std::string, int, std::string, std::string, std::string>;

// rule, file, line, field, level, fingerprint of every finding of a JSON report.
std::multiset<Key> keys_of(const nlohmann::json& report) {
  std::multiset<Key> keys;
  for (const auto& f : report.at("findings"))
    keys.emplace(f.at("rule"), f.at("file"), f.at("line").is_null() ? 0 : f.at("line").get<int>(), f.at("field"),
                 f.at("level"), f.at("fingerprint"));
  return keys;
}

std::string describe(const std::multiset<Key>& keys) {
  std::string s;
  for (const auto& [rule, file, line, field, level, print] : keys)
    s += rule + " " + file + ":" + std::to_string(line) + " " + field + " " + level + " " + print + "\n";
  return s;
}

void write_inputs(const TempDir& d) {
  d.write(".tplguard.yaml",
          "rules:\n"
          "  title-suffix: {level: info}\n"
          "ignore: [keyword-symbol]\n"
          "overrides:\n"
          "  - files: [legacy/**]\n"
          "    ignore: [title-marketing]\n"
          "    rules: {title-similar: {level: info}}\n");
  d.write("a.yaml",
          "templates:\n"
          "  - title: 领红包提醒  # tplguard: ignore[title-marketing] the campaign was approved\n"
          "    keywords:\n"
          "      - name: 金额！！\n"
          "        example: 10元\n"
          "  - title: 订单发货通知\n"
          "  - title: 订单发货通知  # tplguard: ignore[title-duplicate] kept for an old client\n"
          "  - title: 订单发货通知\n"
          "  - title: 订单已发货通知\n"
          "  - title: 抽奖\n"
          "    keywords:\n"
          "      - name: 奖品  # tplguard: ignore[keyword-broad]\n");
  d.write("legacy/b.yaml",
          "templates:\n"
          "  - title: 免费领红包通知\n"
          "  - title: 订单发货提醒\n"
          "  - title: 支付成功通知\n"
          "  - title: 支付成功通知\n");
  d.write("c.jsonl",
          "{\"title\": \"抢购秒杀通知\"}\n"
          "{\"title\": \"支付成功通知\"}\n"
          "{\"title\": \"预约成功\", \"keywords\": [{\"name\": \"时间\", \"example\": \"明天\"}]}\n"
          "{\"title\": \"支付成功通知\"}\n"
          // Approved templates (library and template ids) among proposals, and a library
          // record listed twice (library/list, then library/get): the proposal is reported
          // against the approved title, the repeat is no duplicate of itself.
          "{\"title\": \"退款成功通知\"}\n"
          "{\"library_id\": \"AT0001\", \"title\": \"退款成功通知\"}\n"
          "{\"library_id\": \"AT0001\", \"title\": \"退款成功通知\", \"keywords\": [{\"name\": \"金额\"}]}\n"
          "{\"template_id\": \"tpl-1\", \"title\": \"退款已成功通知\"}\n");
}

}  // namespace

TEST_CASE("pipeline: lint and audit give the same findings and fingerprints under a config and suppressions",
          "[pipeline][cli]") {
  TempDir d;
  write_inputs(d);
  const auto lint = run("lint --format json a.yaml legacy/b.yaml c.jsonl", d);
  const auto audit = run("audit --format json -q a.yaml legacy/b.yaml c.jsonl", d);
  INFO(lint.err << audit.err);
  REQUIRE((lint.status == 0 || lint.status == 1));
  REQUIRE(audit.status == lint.status);
  const auto l = nlohmann::json::parse(lint.out), a = nlohmann::json::parse(audit.out);
  const auto lk = keys_of(l), ak = keys_of(a);
  INFO("lint:\n" << describe(lk) << "audit:\n" << describe(ak));
  CHECK(lk == ak);
  CHECK(a.at("summary").at("suppressed") == l.at("summary").at("suppressed"));

  // The inputs exercise what the comparison is about (else equality proves little).
  std::set<std::string> rules;
  bool info_suffix = false, info_similar_in_legacy = false, ordinal = false;
  for (const auto& [rule, file, line, field, level, print] : ak) {
    rules.insert(rule);
    info_suffix |= rule == "title-suffix" && level == "info";
    info_similar_in_legacy |= rule == "title-similar" && file == "legacy/b.yaml" && level == "info";
    ordinal |= print.find(':') != std::string::npos;
    CHECK_FALSE((rule == "title-marketing" && file == "legacy/b.yaml"));  // the override ignores it there
    CHECK(rule != "keyword-symbol");                                       // the config ignores it
  }
  CHECK(rules.count("title-duplicate"));
  CHECK(rules.count("title-marketing"));
  CHECK(info_suffix);
  CHECK(info_similar_in_legacy);
  CHECK(ordinal);  // c.jsonl repeats a title: its findings are numbered
  CHECK(a.at("summary").at("suppressed").get<int>() == 2);  // a per-template and a set finding
  CHECK(a.at("summary").at("repeats") == 1);
  // The proposal 退款成功通知 (line 5) is the one reported, against the approved title.
  size_t on_proposal = 0;
  for (const auto& f : a.at("findings"))
    on_proposal += f.at("file") == "c.jsonl" && f.at("line") == 5 && f.at("rule") == "title-duplicate";
  CHECK(on_proposal == 1);

  // Without the config and the comments both change, and still agree.
  const auto lint_bare = run("lint --format json --no-config --no-inline-suppressions a.yaml legacy/b.yaml c.jsonl", d);
  const auto audit_bare = run("audit --format json -q --no-config --no-inline-suppressions a.yaml legacy/b.yaml c.jsonl", d);
  const auto lb = keys_of(nlohmann::json::parse(lint_bare.out)), ab = keys_of(nlohmann::json::parse(audit_bare.out));
  INFO("lint:\n" << describe(lb) << "audit:\n" << describe(ab));
  CHECK(lb == ab);
  CHECK(lb != lk);
}

TEST_CASE("pipeline: audit honours --fail-on and --exit-zero as lint does", "[pipeline][cli]") {
  TempDir d;
  d.write("t.yaml", "templates:\n  - title: 订单发货\n");  // only a suffix finding
  const auto lint = run("lint --format json t.yaml", d);
  const auto audit = run("audit --format json -q t.yaml", d);
  CHECK(lint.status == audit.status);
  for (const char* level : {"info", "warning", "error"}) {
    const std::string opt = std::string(" --fail-on ") + level + " t.yaml";
    CHECK(run("lint --format json" + opt, d).status == run("audit --format json -q" + opt, d).status);
  }
  CHECK(run("audit -q --fail-on info --exit-zero t.yaml", d).status == 0);
  CHECK(run("audit -q --fail-on info t.yaml", d).status == 1);
  d.write(".tplguard.yaml", "fail-on: info\n");
  CHECK(run("audit -q t.yaml", d).status == 1);
  CHECK(run("audit -q --no-config t.yaml", d).status == run("lint --no-config t.yaml", d).status);
}

namespace {

// Records that name their templates: ids must reach every format of both commands.
void write_records_with_ids(const TempDir& d) {
  d.write("c.jsonl",
          "{\"title\": \"抢购秒杀通知\", \"template_id\": \"tpl-9\"}\n"
          "{\"library_id\": \"AT0001\", \"title\": \"退款成功通知\"}\n"
          "{\"template_id\": \"tpl-1\", \"title\": \"退款已成功通知\"}\n"
          "{\"title\": \"支付成功通知\"}\n"
          "{\"title\": \"支付成功通知\"}\n");
}

// "rule template_id library_id" of every finding, null ids as "-".
std::multiset<std::string> ids_of(const nlohmann::json& findings) {
  std::multiset<std::string> ids;
  for (const auto& f : findings) {
    const auto id = [&](const char* key) { return f.at(key).is_null() ? std::string("-") : f.at(key).get<std::string>(); };
    ids.insert(f.at("rule").get<std::string>() + " " + id("template_id") + " " + id("library_id"));
  }
  return ids;
}

}  // namespace

TEST_CASE("pipeline: every finding and cluster member names its template's ids in every format", "[pipeline][cli]") {
  TempDir d;
  write_records_with_ids(d);
  const auto lint = run("lint --format json c.jsonl", d);
  const auto audit = run("audit --format json -q c.jsonl", d);
  INFO(lint.err << audit.err);
  const auto l = nlohmann::json::parse(lint.out), a = nlohmann::json::parse(audit.out);
  const auto lids = ids_of(l.at("findings"));
  CHECK(lids == ids_of(a.at("findings")));
  CHECK(lids.count("title-marketing tpl-9 -") == 2);  // 抢购 and 秒杀
  CHECK(lids.count("title-similar tpl-1 -") == 1);
  CHECK(lids.count("title-duplicate - -") == 1);      // no ids in the input: null, not ""

  // The audit's cluster members carry them too: the approved library title and the proposal.
  std::set<std::string> members;
  for (const auto& c : a.at("clusters"))
    for (const auto& m : c.at("members"))
      members.insert(m.at("title").get<std::string>() + " " + (m.at("library_id").is_null() ? "-" : m.at("library_id").get<std::string>()) +
                     " " + (m.at("template_id").is_null() ? "-" : m.at("template_id").get<std::string>()));
  CHECK(members.count("退款成功通知 AT0001 -"));
  CHECK(members.count("退款已成功通知 - tpl-1"));
  CHECK(members.count("支付成功通知 - -"));

  // SARIF: a result property, only where there is an id.
  const auto sarif = nlohmann::json::parse(run("lint --format sarif c.jsonl", d).out);
  std::multiset<std::string> sarif_ids;
  for (const auto& r : sarif.at("runs").at(0).at("results"))
    sarif_ids.insert(r.at("ruleId").get<std::string>() + " " + r.at("properties").value("template_id", std::string("-")));
  CHECK(sarif_ids == std::multiset<std::string>{"title-marketing tpl-9", "title-marketing tpl-9", "title-similar tpl-1", "title-duplicate -"});

  // Text: a note under the finding, and the audit's cluster listing.
  const auto text = run("lint c.jsonl", d).out;
  CHECK(text.find("= template tpl-9") != std::string::npos);
  CHECK(text.find("= template tpl-1") != std::string::npos);
  const auto audit_text = run("audit -q c.jsonl", d).out;
  CHECK(audit_text.find("[library AT0001]") != std::string::npos);
  CHECK(audit_text.find("[template tpl-1]") != std::string::npos);
}

TEST_CASE("pipeline: a baseline written by lint hides the same findings in audit, and the other way round",
          "[pipeline][cli][baseline]") {
  TempDir d;
  write_inputs(d);
  const std::string files = " a.yaml legacy/b.yaml c.jsonl";
  const auto before = nlohmann::json::parse(run("audit --format json -q" + files, d).out);
  const size_t all = before.at("findings").size();
  REQUIRE(all > 5);

  // lint writes, audit reads: nothing new, every finding counted as baselined.
  REQUIRE(run("lint --format json --write-baseline lint-base.json" + files, d).status == 0);
  const auto a = run("audit --format json -q --baseline lint-base.json" + files, d);
  INFO(a.err);
  CHECK(a.status == 0);
  const auto aj = nlohmann::json::parse(a.out);
  CHECK(aj.at("findings").empty());
  CHECK(aj.at("summary").at("baselined") == all);
  CHECK(aj.at("summary").at("stale_baseline") == 0);

  // audit writes the same file lint wrote, entry for entry.
  REQUIRE(run("audit -q --write-baseline audit-base.json" + files, d).status == 0);
  CHECK(d.read("audit-base.json") == d.read("lint-base.json"));

  // A new template shows in both; a fixed one leaves a stale entry in both.
  d.write("c.jsonl", d.read("c.jsonl") + "{\"title\": \"限时抢购通知\"}\n");
  std::string b = d.read("legacy/b.yaml");
  b.replace(b.find("免费领红包通知"), std::string("免费领红包通知").size(), "账户充值成功通知");
  d.write("legacy/b.yaml", b);
  const auto l2 = nlohmann::json::parse(run("lint --format json --baseline audit-base.json" + files, d).out);
  const auto a2 = nlohmann::json::parse(run("audit --format json -q --baseline lint-base.json" + files, d).out);
  INFO("lint:\n" << describe(keys_of(l2)) << "audit:\n" << describe(keys_of(a2)));
  CHECK(keys_of(l2) == keys_of(a2));
  CHECK_FALSE(keys_of(a2).empty());
  for (const auto& f : a2.at("findings")) CHECK(f.at("file") == "c.jsonl");  // only the new title
  CHECK(a2.at("summary").at("stale_baseline").get<int>() > 0);
  CHECK(a2.at("summary").at("stale_baseline") == l2.at("summary").at("stale_baseline"));
  CHECK(a2.at("summary").at("baselined") == l2.at("summary").at("baselined"));

  // --no-baseline shows everything again, in the audit as in lint.
  d.write(".tplguard.yaml", d.read(".tplguard.yaml") + "baseline: lint-base.json\n");
  CHECK(nlohmann::json::parse(run("audit --format json -q" + files, d).out).at("summary").at("baselined").get<int>() > 0);
  const auto bare = nlohmann::json::parse(run("audit --format json -q --no-baseline" + files, d).out);
  CHECK(bare.at("summary").at("baselined") == 0);
  CHECK(keys_of(bare) == keys_of(nlohmann::json::parse(run("lint --format json --no-baseline" + files, d).out)));
}

TEST_CASE("pipeline: check reads the config's ignore and levels as lint does", "[pipeline][cli][payload]") {
  TempDir d;
  d.write("b.json",
          "{\"touser\": \"o1\", \"template_id\": \"abc\", \"data\": {\"thing1\": "
          "{\"value\": \"这是一个非常非常非常长的超过二十个字符的事物名称啊啊啊\"}}}\n");
  const auto rules_of = [&](const std::string& args) {
    const auto r = run("check --api subscribe-send --format json " + args + " b.json", d);
    INFO(r.err);
    std::multiset<std::string> rules;
    const auto report = nlohmann::json::parse(r.out);  // named: a range-for over a temporary's member dangles
    for (const auto& f : report.at("findings"))
      rules.insert(f.at("rule").get<std::string>() + " " + f.at("level").get<std::string>());
    return std::make_pair(r.status, rules);
  };
  const auto [bare_status, bare] = rules_of("");
  CHECK(bare_status == 1);
  REQUIRE(bare.count("value-length error"));
  REQUIRE(bare.count("openid-shape warning"));

  d.write(".tplguard.yaml", "ignore: [openid-shape]\nrules:\n  value-length: {level: warning}\n");
  const auto [status, rules] = rules_of("");
  CHECK(status == 0);  // the only error is now a warning
  CHECK_FALSE(rules.count("openid-shape warning"));
  CHECK(rules.count("value-length warning"));
  CHECK(rules.count("template-id-shape warning"));

  CHECK(rules_of("--no-config").second == bare);
  CHECK(rules_of("--fail-on warning").first == 1);
  d.write("other.yaml", "ignore: [template-id-shape]\n");
  const auto [other_status, other] = rules_of("--config other.yaml");
  CHECK_FALSE(other.count("template-id-shape warning"));
  CHECK(other.count("value-length error"));
}
