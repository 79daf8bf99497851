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
