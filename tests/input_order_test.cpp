// The files a run reads do not depend on how they were named: each file is read once (by
// device and inode: named twice, inside a directory also named, through a symlink or a hard
// link), and the findings of `lint A B` and `lint B A` are the same (set rules report a
// title against an earlier one, so the files are read in one canonical order: by path).
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "title_generator.hpp"

using test_support::Run;
using test_support::run;
using test_support::TempDir;

namespace {

const char* kClean = "templates:\n  - title: 订单发货通知\n    keywords:\n      - name: 订单编号\n        example: \"123456\"\n";

using Key = std::tuple<std::string, std::string, int, std::string>;  // rule, file, line, fingerprint

std::multiset<Key> finding_set(const std::string& json_text) {
  const auto j = nlohmann::json::parse(json_text);
  std::multiset<Key> out;
  for (const auto& f : j["findings"])
    out.emplace(f["rule"].get<std::string>(), f["file"].get<std::string>(), f["line"].get<int>(),
                f["fingerprint"].get<std::string>());
  return out;
}

// Generated titles (many similar pairs and chains), split into two files.
void write_halves(const TempDir& d, size_t n) {
  tplguard::bench::TitleGenerator gen({1, false, TPLGUARD_SOURCE_DIR});
  std::string a, b;
  for (size_t i = 0; i < n; ++i) (i < n / 2 ? a : b) += nlohmann::json{{"title", gen.next().title}}.dump() + "\n";
  d.write("a.jsonl", a);
  d.write("b.jsonl", b);
}

nlohmann::json audit_report(const std::string& args, const TempDir& d) {
  const Run r = run("audit -q --format json " + args, d);
  REQUIRE(r.status == 1);
  auto j = nlohmann::json::parse(r.out);
  j["summary"].erase("seconds");
  j["summary"].erase("jobs");
  j["summary"].erase("join");
  return j;
}

// Lint's summary after naming `args`: exit status, files, templates, findings.
struct Summary {
  int status;
  size_t files, templates, findings;
};
Summary lint_summary(const std::string& args, const TempDir& d, const std::string& command = "lint --no-config") {
  const Run r = run(command + " " + args + " --format json", d);
  INFO(r.err);
  const auto j = nlohmann::json::parse(r.out);
  return {r.status, j["summary"]["files"].get<size_t>(),
          j["summary"].contains("templates") ? j["summary"]["templates"].get<size_t>() : 0, j["findings"].size()};
}

}  // namespace

TEST_CASE("order: lint A B and lint B A give the same findings", "[hostile][order]") {
  // Repro 13: 4,267 title-similar findings one way, 4,240 the other. A title is reported
  // against the first earlier title it is similar to; in a chain x~y, y~z (x and z apart)
  // the order x, y, z reports y and z, the order x, z, y only y.
  TempDir d;
  write_halves(d, 6000);
  const Run ab = run("lint --no-config a.jsonl b.jsonl --format json", d);
  const Run ba = run("lint --no-config b.jsonl a.jsonl --format json", d);
  REQUIRE(ab.status == 1);
  REQUIRE(ba.status == 1);
  const auto sab = finding_set(ab.out), sba = finding_set(ba.out);
  CHECK(sab.size() > 1000);
  CHECK(sab == sba);
  // A directory holding both is the same run again.
  std::filesystem::create_directories(d.path / "both");
  std::filesystem::copy(d.path / "a.jsonl", d.path / "both" / "a.jsonl");
  std::filesystem::copy(d.path / "b.jsonl", d.path / "both" / "b.jsonl");
  const Run dir = run("lint --no-config both/b.jsonl both --format json", d);
  std::multiset<Key> in_dir;
  for (auto [rule, file, line, print] : finding_set(dir.out)) in_dir.emplace(rule, file.substr(5), line, print);
  CHECK(in_dir == sab);
}

TEST_CASE("order: audit A B and audit B A give the same report", "[hostile][order]") {
  TempDir d;
  write_halves(d, 6000);
  const auto ab = audit_report("a.jsonl b.jsonl", d);
  CHECK(ab["clusters"].size() > 100);
  CHECK(ab == audit_report("b.jsonl a.jsonl", d));
  CHECK(ab == audit_report("b.jsonl a.jsonl --exhaustive", d));  // the index join is still exact
}

TEST_CASE("order: a file reached twice is read once", "[hostile][order]") {
  // Repro 14: a clean template named twice was "the same as itself" (title-duplicate).
  TempDir d;
  d.write("clean.yaml", kClean);
  d.write("dir/clean.yaml", kClean);
  std::filesystem::create_symlink("clean.yaml", d.path / "link.yaml");
  std::filesystem::create_hard_link(d.path / "clean.yaml", d.path / "hard.yaml");
  // A directory whose files are a symlink and a hard link to clean.yaml.
  std::filesystem::create_directories(d.path / "links");
  std::filesystem::create_symlink("../clean.yaml", d.path / "links" / "soft.yaml");
  std::filesystem::create_hard_link(d.path / "clean.yaml", d.path / "links" / "hard.yaml");
  for (const char* args : {"clean.yaml clean.yaml", "dir dir/clean.yaml", "dir/clean.yaml dir", "./dir dir",
                           "clean.yaml link.yaml", "link.yaml clean.yaml", "clean.yaml hard.yaml",
                           "hard.yaml link.yaml clean.yaml", "links clean.yaml"}) {
    INFO(args);
    const Summary s = lint_summary(args, d);
    CHECK(s.status == 0);
    CHECK(s.templates == 1);
    CHECK(s.findings == 0);
  }
  // The two copies in different places are two files: their titles are duplicates.
  const Summary copies = lint_summary("clean.yaml dir/clean.yaml", d);
  CHECK(copies.status == 1);
  CHECK(copies.templates == 2);
  // audit and check expand their paths the same way.
  const Run audit = run("audit -q --format json dir dir/clean.yaml link.yaml clean.yaml", d);
  CHECK(audit.status == 1);  // the copy in dir/ and clean.yaml: one duplicate pair
  const auto aj = nlohmann::json::parse(audit.out);
  CHECK(aj["summary"]["templates"] == 2);
  d.write("body.json", "{\"touser\": \"oWQ0O5DWIQvjGf9FWIZubVWMDt1w\", \"template_id\": "
                       "\"9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q\", \"data\": {\"thing1\": {\"value\": \"订单已发货\"}}}");
  std::filesystem::create_symlink("body.json", d.path / "body-link.json");
  const Run check = run("check --no-config --api subscribe-send --format json body.json body-link.json body.json", d);
  CHECK(check.status == 0);
  CHECK(nlohmann::json::parse(check.out)["payloads"].size() == 1);
}

TEST_CASE("order: a file linted and given as --library is read as input once", "[hostile][order]") {
  TempDir dir;
  dir.write("t.yaml", "templates:\n  - title: 订单发货通知\n");
  std::filesystem::create_directories(dir.path / "lib");
  std::filesystem::create_hard_link(dir.path / "t.yaml", dir.path / "lib/t.yaml");
  for (const char* args : {"lint --no-config t.yaml --library t.yaml", "lint --no-config t.yaml --library lib"}) {
    INFO(args);
    const Run r = test_support::run(args, dir);
    CHECK(r.status == 0);
    CHECK(r.out.find("title-duplicate") == std::string::npos);
  }
  // Another file with the same title still is a duplicate of the library's.
  dir.write("u.yaml", "templates:\n  - title: 订单发货通知\n");
  CHECK(test_support::run("lint --no-config u.yaml --library t.yaml", dir).status == 1);
}
