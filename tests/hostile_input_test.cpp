// Hostile input, end to end through the CLI: each case ends in a correct result or a clear
// error (exit 2, file and line), in bounded time and memory, never a crash.
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"

using namespace cli_support;

namespace {

// Runs and also checks that it finished in reasonable time for the machine (a hang would
// instead be caught by ctest's timeout; this names the case).
Run timed(const std::string& args, const TempDir& d, double max_seconds) {
  const auto t0 = std::chrono::steady_clock::now();
  Run r = run(args, d);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  INFO(args << " took " << s << " s");
  CHECK(s < max_seconds);
  return r;
}

nlohmann::json json_of(const Run& r) { return nlohmann::json::parse(r.out); }

}  // namespace

TEST_CASE("hostile: invalid UTF-8 in every field is an input error with its line", "[hostile]") {
  TempDir d;
  const std::string bad = "\xC3\x28";
  d.write("title.jsonl", "{\"title\": \"订单" + bad + "\"}\n{\"title\": \"领红包提醒\"}\n");
  d.write("name.jsonl", "{\"title\": \"订单发货提醒\", \"keywords\": [{\"name\": \"" + bad + "\"}]}\n");
  d.write("example.jsonl", "{\"title\": \"订单发货提醒\", \"keywords\": [{\"name\": \"单号\", \"example\": \"" + bad + "\"}]}\n");
  d.write("kind.yaml", "templates:\n  - title: 订单发货提醒\n    kind: " + bad + "\n");
  Run r = timed("lint . --format json", d, 10);
  CHECK(r.status == 2);
  const auto j = json_of(r);
  std::set<std::string> files;
  for (const auto& e : j["input_errors"]) {
    files.insert(fs::path(e["file"].get<std::string>()).filename().string());
    CHECK(e["line"].is_number());
  }
  CHECK(files == std::set<std::string>{"title.jsonl", "name.jsonl", "example.jsonl", "kind.yaml"});
  // The good record in title.jsonl is still linted.
  CHECK(j["summary"]["templates"] == 1);
}

TEST_CASE("hostile: BOM, CRLF and NUL bytes", "[hostile]") {
  TempDir d;
  d.write("bom.yaml", "\xEF\xBB\xBFtemplates:\r\n  - title: 领红包提醒\r\n");
  Run r = timed("lint bom.yaml --format json", d, 10);
  CHECK(r.status == 1);
  auto j = json_of(r);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["line"] == 2);
  CHECK(j["findings"][0]["column"] == 13);  // the BOM is not a column
  d.write("nul.json", std::string("{\"templates\": [{\"title\": \"订单\\u0000发货提醒\"}]}"));
  r = timed("lint nul.json --format json", d, 10);
  CHECK(r.status == 1);  // a NUL inside a title is a special symbol, not a crash
  CHECK(json_of(r)["findings"][0]["rule"] == "title-symbol");
  d.write("raw-nul.yaml", std::string("templates:\n  - title: 订单\0发货提醒\n", 40));
  r = timed("lint raw-nul.yaml", d, 10);
  CHECK(r.status == 2);
}

TEST_CASE("hostile: 100 MB on one line", "[hostile][slow]") {
  TempDir d;
  {
    // 100 MB of one JSON line: many templates, some with findings.
    std::ofstream out(d.path / "big.json", std::ios::binary);
    out << "{\"templates\": [";
    const std::string a = "{\"title\": \"订单发货提醒\", \"keywords\": [{\"name\": \"快递单号\", \"example\": \"SF1234567890\"}]},";
    const std::string b = "{\"title\": \"领红包提醒\"},";
    size_t written = 15;
    for (size_t i = 0; written < 100u << 20; ++i) {
      const std::string& rec = i % 50 == 0 ? b : a;
      out << rec;
      written += rec.size();
    }
    out << "{\"title\": \"订单签收提醒\"}]}";
  }
  Run r = timed("lint big.json --format json --ignore title-duplicate,title-similar", d, 240);
  CHECK(r.status == 1);
  const auto j = json_of(r);
  CHECK(j["summary"]["templates"].get<size_t>() > 900000);
  CHECK(j["findings"].size() > 15000);
  CHECK(j["input_errors"].empty());
}

TEST_CASE("hostile: deep nesting and alias bombs", "[hostile]") {
  TempDir d;
  d.write("deep.json", std::string(100000, '[') + std::string(100000, ']'));
  d.write("deep.yaml", "templates:\n" + std::string(100000, '[') + "\n");
  std::string dash;
  for (int i = 0; i < 100000; ++i) dash += "- ";
  d.write("dash.yaml", dash + "x\n");
  d.write("bomb.yaml",
          "a: &a [x, x, x, x, x, x, x, x, x]\n"
          "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
          "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
          "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
          "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
          "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
          "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
          "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
          "templates: [{title: 订单发货提醒, keywords: *h}]\n");
  Run r = timed("lint deep.json deep.yaml dash.yaml bomb.yaml --format json", d, 20);
  CHECK(r.status == 2);
  const auto j = json_of(r);
  std::set<std::string> files;
  for (const auto& e : j["input_errors"]) files.insert(fs::path(e["file"].get<std::string>()).filename().string());
  CHECK(files == std::set<std::string>{"deep.json", "deep.yaml", "dash.yaml", "bomb.yaml"});
}

TEST_CASE("hostile: a million keywords and a 10,000-character title", "[hostile][slow]") {
  TempDir d;
  {
    std::ofstream out(d.path / "many.json", std::ios::binary);
    out << "{\"templates\": [{\"title\": \"订单发货提醒\", \"keywords\": [";
    for (int i = 0; i < 1000000; ++i) out << (i ? "," : "") << "{\"name\": \"关键词" << i << "\", \"example\": \"" << i << "\"}";
    out << ", {\"name\": \"关键词7\"}]}]}";
  }
  std::string long_title;
  for (int i = 0; i < 2500; ++i) long_title += "红包积分";
  d.write("long.yaml", "templates:\n  - title: " + long_title + "通知\n");
  Run r = timed("lint many.json long.yaml --format json", d, 120);
  CHECK(r.status == 1);
  const auto j = json_of(r);
  std::set<std::string> rules;
  for (const auto& f : j["findings"]) rules.insert(f["rule"].get<std::string>());
  CHECK(rules.count("keyword-count"));      // more than 10
  CHECK(rules.count("keyword-duplicate"));  // 关键词7 twice
  CHECK(rules.count("title-marketing"));    // the long title
}

TEST_CASE("hostile: empty files, unreadable entries and symlink loops in a directory", "[hostile]") {
  TempDir d;
  d.write("dir/empty.yaml", "");
  d.write("dir/empty.json", "");
  d.write("dir/empty.jsonl", "");
  d.write("dir/ok.yaml", "templates:\n  - title: 订单发货提醒\n    keywords: [单号]\n");
  fs::create_directory_symlink(d.path / "dir", d.path / "dir" / "loop");
  fs::create_symlink(d.path / "dir" / "missing.yaml", d.path / "dir" / "dangling.yaml");
  Run r = timed("lint dir --format json", d, 10);
  const auto j = json_of(r);
  CHECK(j["summary"]["templates"] == 1);
  // The dangling link cannot be read: an input error, exit 2; the loop is not followed.
  CHECK(r.status == 2);
  REQUIRE(j["input_errors"].size() == 1);
  CHECK(j["input_errors"][0]["file"].get<std::string>().find("dangling.yaml") != std::string::npos);
  if (::geteuid() != 0) {
    d.write("locked.yaml", "templates: []\n");
    fs::permissions(d.path / "locked.yaml", fs::perms::none);
    CHECK(run("lint locked.yaml", d).status == 2);
  }
}
