#include <algorithm>
// Reliability of the readers (issue 11, items 6 and 10): every file is read within a limit
// that holds while reading; nothing in an input is silently reinterpreted (duplicate keys,
// YAML merge keys and tags); the configuration in use is named; file names cannot forge
// lines of text output.
#include <catch2/catch.hpp>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_support.hpp"
#include "io/detail.hpp"
#include "util/file_text.hpp"
#include "io/template_reader.hpp"

using test_support::Run;
using test_support::TempDir;
namespace fs = std::filesystem;

namespace {

// Sanitizer runtimes reserve terabytes of address space for their shadow memory, so under
// them the cap would stop the CLI from starting; peak memory is still checked.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr const char* kAddressCap = "";
#else
constexpr const char* kAddressCap = "ulimit -v 4000000; ";
#endif

// Runs the CLI under a 4 GB address-space limit, so a reader that does not stop at its limit
// fails here (bad_alloc) instead of taking the machine's memory; and times it.
Run run_capped(const std::string& args, const TempDir& d, double max_seconds = 10, const std::string& subdir = "") {
  const std::string out = (d.path / "stdout").string(), err = (d.path / "stderr").string();
  const std::string cwd = subdir.empty() ? d.path.string() : (d.path / subdir).string();
  const std::string cmd = std::string(kAddressCap) + "cd '" + cwd + "' && LANG=C timeout 60 '" + TPLGUARD_CLI + "' " + args +
                          " >'" + out + "' 2>'" + err + "'";
  const auto t0 = std::chrono::steady_clock::now();
  const int raw = std::system(cmd.c_str());
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  INFO(args << " took " << s << " s");
  CHECK(s < max_seconds);
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, test_support::read_file(out), test_support::read_file(err)};
}

double peak_child_mib() {
  rusage u{};
  ::getrusage(RUSAGE_CHILDREN, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

const char* kOne = "templates:\n  - title: 领红包提醒\n";  // one finding (title-marketing)

// Bytes this process has read with read(2) and friends so far (/proc/self/io rchar).
uint64_t bytes_read_by_me() {
  std::ifstream in("/proc/self/io");
  std::string key;
  uint64_t value = 0;
  while (in >> key >> value)
    if (key == "rchar:") return value;
  return 0;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Item 6: bounded reads

TEST_CASE("readers: the one file reader stops at limit + 1 bytes of an endless file", "[hostile][bounded-reads]") {
  std::string text;
  const uint64_t before = bytes_read_by_me();
  const std::string problem = tplguard::util::read_file_text("/dev/zero", 1u << 20, text);
  const uint64_t read = bytes_read_by_me() - before;
  CHECK(has(problem, "file too large (the limit is 1048576 bytes)"));
  CHECK(has(problem, "not a regular file (a character device)"));
  CHECK(text.empty());
  // 1 MiB + 1 byte, plus whatever reading /proc/self/io itself costs.
  CHECK(read >= (1u << 20) + 1);
  CHECK(read < (1u << 20) + 64 * 1024);
}

TEST_CASE("readers: a regular file over the limit is refused before it is read", "[hostile][bounded-reads]") {
  TempDir d;
  const std::string big = (d.path / "big.json").string();
  {
    std::ofstream(big) << "";
    fs::resize_file(big, 10ull << 30);  // 10 GB, sparse: no disk used
  }
  std::string text;
  const uint64_t before = bytes_read_by_me();
  const std::string problem = tplguard::util::read_file_text(big, 1000, text);
  CHECK(bytes_read_by_me() - before < 64 * 1024);
  CHECK(problem == "file too large (the limit is 1000 bytes)");
  std::string small;
  CHECK(tplguard::util::read_file_text(d.write("ok.json", "{}"), 2, small).empty());
  CHECK(small == "{}");
  CHECK(has(tplguard::util::read_file_text(d.write("three.json", "{ }"), 2, small), "file too large"));
}

TEST_CASE("readers: --baseline /dev/zero and a 10 GB baseline end in exit 2 at once, in bounded memory",
          "[hostile][bounded-reads]") {
  TempDir d;
  d.write("one.yaml", kOne);
  Run r = run_capped("lint --no-config one.yaml --baseline /dev/zero", d);
  CHECK(r.status == 2);
  INFO(r.err);
  CHECK(has(r.err, "/dev/zero"));
  CHECK(has(r.err, "file too large (the limit is 268435456 bytes)"));
  CHECK(has(r.err, "not a regular file (a character device)"));
  CHECK(peak_child_mib() < 1000);  // the limit (256 MiB) and the engine, not the device's size

  const std::string big = (d.path / "big.json").string();
  std::ofstream(big) << "";
  fs::resize_file(big, 10ull << 30);
  r = run_capped("lint --no-config one.yaml --baseline big.json", d, 5);
  CHECK(r.status == 2);
  CHECK(has(r.err, "big.json"));
  CHECK(has(r.err, "file too large"));
}

TEST_CASE("readers: --config, --app-json and --templates of /dev/zero are refused within their limits",
          "[hostile][bounded-reads]") {
  TempDir d;
  d.write("one.yaml", kOne);
  d.write("p.json", R"({"touser":"o","template_id":"x"})");
  Run r = run_capped("lint --config /dev/zero one.yaml", d);
  CHECK(r.status == 2);
  CHECK(has(r.err, "/dev/zero: file too large (the limit is 16777216 bytes)"));
  r = run_capped("check --no-config p.json --app-json /dev/zero", d);
  CHECK(r.status == 2);
  CHECK(has(r.err, "/dev/zero: file too large (the limit is 67108864 bytes)"));
  r = run_capped("check --no-config p.json --templates /dev/zero", d);
  CHECK(r.status == 2);
  CHECK(has(r.err, "/dev/zero: file too large (the limit is 67108864 bytes)"));
  CHECK(peak_child_mib() < 1000);
}

TEST_CASE("readers: rule packs and lexicons that are /dev/zero are refused within their limit",
          "[hostile][bounded-reads]") {
  TempDir d;
  d.write("one.yaml", kOne);
  fs::create_directories(d.path / "pack");
  fs::create_symlink("/dev/zero", d.path / "pack" / "pack.yaml");
  fs::create_symlink("/dev/zero", d.path / "zero.yaml");
  d.write("huge.yaml", "");
  fs::resize_file(d.path / "huge.yaml", 10ull << 30);  // sparse
  d.write("packs.yaml", "packs: [pack]\n");
  d.write("lexicon.yaml", "lexicons:\n  title-marketing: [huge.yaml]\n");
  d.write("device.yaml", "lexicons:\n  title-marketing: [zero.yaml]\n");
  Run r = run_capped("lint --config packs.yaml one.yaml", d);
  CHECK(r.status == 2);
  CHECK(has(r.err, "pack.yaml: file too large (the limit is 16777216 bytes)"));
  r = run_capped("lint --config lexicon.yaml one.yaml", d);
  CHECK(r.status == 2);
  CHECK(has(r.err, "huge.yaml: file too large (the limit is 16777216 bytes)"));
  r = run_capped("lint --config device.yaml one.yaml", d);  // the config refuses a device outright
  CHECK(r.status == 2);
  CHECK(has(r.err, "lexicon file `zero.yaml` is not a regular file"));
  CHECK(peak_child_mib() < 1000);
}

TEST_CASE("readers: a template input that is /dev/zero is an input error; other files are still linted",
          "[hostile][bounded-reads]") {
  TempDir d;
  d.write("one.yaml", kOne);
  Run r = run_capped("lint --no-config /dev/zero one.yaml", d);
  CHECK(r.status == 2);
  CHECK(has(r.out, "/dev/zero: input error: file too large (the limit is 268435456 bytes) and not a regular file "
                   "(a character device)"));
  CHECK(has(r.out, "one.yaml:2:"));  // the other file's finding
  CHECK(peak_child_mib() < 1000);
}

TEST_CASE("readers: a streamed JSONL input without line breaks ends, in bounded memory", "[hostile][bounded-reads]") {
  TempDir d;
  fs::create_symlink("/dev/zero", d.path / "z.jsonl");  // named explicitly: streamed, not refused
  d.write("one.jsonl", "{\"title\":\"领红包提醒\"}\n");
  Run r = run_capped("audit z.jsonl one.jsonl", d, 20);
  CHECK(r.status == 2);
  INFO(r.out << r.err);
  CHECK(has(r.out, "z.jsonl:1:1: input error: line longer than"));
  CHECK(has(r.out, "z.jsonl:1:1: input error: no line break in 268435456 bytes"));
  CHECK(has(r.out, "audited 2 records in 2 files"));
  CHECK(peak_child_mib() < 1000);
}

// ---------------------------------------------------------------------------------------
// Item 10: duplicate keys

TEST_CASE("readers: a duplicate key in a YAML template is an input error naming both lines",
          "[hostile][duplicate-keys]") {
  TempDir d;
  d.write("d.yaml", "templates:\n  - title: 领红包提醒\n    title: 订单发货通知\n");
  d.write("other.yaml", kOne);
  Run r = run_capped("lint --no-config d.yaml other.yaml", d);
  CHECK(r.status == 2);
  INFO(r.out);
  CHECK(has(r.out, "d.yaml:3:5: input error: duplicate key `title`"));
  CHECK(has(r.out, "(first at line 2, column 5)"));
  CHECK(has(r.out, "other.yaml:2:"));  // the other file is still linted
}

TEST_CASE("readers: a duplicate top-level key in JSON and in a JSONL line is an input error",
          "[hostile][duplicate-keys]") {
  TempDir d;
  d.write("d.json", "{\"templates\":[{\"title\":\"领红包提醒\"}],\n \"templates\":[{\"title\":\"订单发货通知\"}]}\n");
  d.write("d.jsonl", "{\"title\":\"订单发货通知\",\"title\":\"x\"}\n{\"title\":\"领红包提醒\"}\n");
  Run r = run_capped("lint --no-config d.json d.jsonl", d);
  CHECK(r.status == 2);
  INFO(r.out);
  CHECK(has(r.out, "d.json:2:2: input error: duplicate key `templates`"));
  CHECK(has(r.out, "(first at line 1, column 2)"));
  CHECK(has(r.out, "d.jsonl:1:19: input error: duplicate key `title`"));
  CHECK(has(r.out, "d.jsonl:2:"));  // the next line is still linted
}

TEST_CASE("readers: the records of a reader tree never hold a repeated key", "[hostile][duplicate-keys]") {
  // Large mappings take the sorting path: the repeat is still found, with both places.
  std::string yaml = "templates:\n  - title: 订单发货通知\n";
  for (int i = 0; i < 40; ++i) yaml += "    k" + std::to_string(i) + ": v\n";
  yaml += "    k7: again\n";
  auto r = tplguard::io::read_templates_text("big.yaml", yaml, tplguard::io::Format::yaml);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 43);
  CHECK(has(r.errors[0].message, "duplicate key `k7`"));
  CHECK(has(r.errors[0].message, "(first at line 10, column 5)"));
  CHECK(r.templates.empty());
  // Same text in different mappings, and a quoted key equal to a plain one.
  r = tplguard::io::read_templates_text("ok.yaml", "templates:\n  - title: a\n  - title: b\n",
                                        tplguard::io::Format::yaml);
  CHECK(r.errors.empty());
  r = tplguard::io::read_templates_text("q.yaml", "templates:\n  - title: a\n    \"title\": b\n",
                                        tplguard::io::Format::yaml);
  CHECK(r.errors.size() == 1);
}

TEST_CASE("readers: check refuses a request body with a duplicate key, naming both places",
          "[hostile][duplicate-keys]") {
  TempDir d;
  d.write("p.json",
          R"({"touser":"oWQ0O5DWIQvjGf9FWIZubVWMDt1w","template_id":"9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q",)"
          "\n"
          R"("data":5,"data":{"thing1":{"value":"订单已发货"}}})");
  Run r = run_capped("check --no-config --api subscribe-send p.json", d);
  CHECK(r.status == 2);
  INFO(r.out);
  CHECK(has(r.out, "p.json:2:10: input error: duplicate key `data`"));
  CHECK(has(r.out, "(first at line 2, column 1)"));
  // The library's validate_text says the same.
  d.write("t.json", R"({"a":{"k":1,"k":2}})");
  r = run_capped("check --no-config t.json --templates t.json", d);
  CHECK(r.status == 2);
  CHECK(has(r.err + r.out, "duplicate key `k`"));
}

TEST_CASE("readers: a duplicate key in the configuration is refused", "[hostile][duplicate-keys]") {
  TempDir d;
  d.write("one.yaml", kOne);
  d.write(".tplguard.yaml", "ignore: [title-marketing]\nprofile: subscribe\nignore: []\n");
  Run r = run_capped("lint one.yaml", d);
  CHECK(r.status == 2);
  INFO(r.err);
  CHECK(has(r.err, ".tplguard.yaml:3: duplicate key `ignore`"));
  CHECK(has(r.err, "(first at line 1, column 1)"));
}

// ---------------------------------------------------------------------------------------
// Item 10: YAML merge keys and tags

TEST_CASE("readers: YAML merge keys are honoured, explicit keys override merged ones", "[hostile][yaml-merge]") {
  using tplguard::io::Format;
  auto r = tplguard::io::read_templates_text(
      "m.yaml",
      "templates:\n  - &base\n    title: 订单发货通知\n    keywords: [内容]\n  - <<: *base\n    title: 物流发货通知\n"
      "  - <<: *base\n",
      Format::yaml);
  INFO((r.errors.empty() ? std::string() : r.errors[0].message));
  REQUIRE(r.errors.empty());
  REQUIRE(r.templates.size() == 3);
  CHECK(r.templates[1].title.value == "物流发货通知");
  REQUIRE(r.templates[1].keywords);
  REQUIRE(r.templates[1].keywords->size() == 1);
  CHECK((*r.templates[1].keywords)[0].name.value == "内容");
  CHECK(r.templates[2].title.value == "订单发货通知");  // a record made only of `<<: *base`

  // A list of merged mappings: the earlier one wins; a quoted "<<" is an ordinary key.
  r = tplguard::io::read_templates_text(
      "l.yaml",
      "a: &a {title: 甲通知}\nb: &b {title: 乙通知, keywords: [单号]}\ntemplates:\n  - <<: [*a, *b]\n", Format::yaml);
  REQUIRE(r.errors.empty());
  REQUIRE(r.templates.size() == 1);
  CHECK(r.templates[0].title.value == "甲通知");
  CHECK(r.templates[0].keywords);

  r = tplguard::io::read_templates_text("bad.yaml", "templates:\n  - title: x\n    <<: 5\n", Format::yaml);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 3);
  CHECK(has(r.errors[0].message, "merge key"));
}

TEST_CASE("readers: a merge-key record is linted with its inherited keywords", "[hostile][yaml-merge]") {
  TempDir d;
  // The merged record inherits a keyword whose example is not a valid phone number... any
  // keyword finding proves the keywords were read; keyword-count needs keywords at all.
  d.write("m.yaml",
          "templates:\n  - &base\n    title: 订单发货通知\n    keywords: [{name: 订单编号, example: \"123456\"}]\n"
          "  - <<: *base\n    title: 物流发货通知\n");
  Run r = run_capped("lint --no-config m.yaml --format json", d);
  INFO(r.out << r.err);
  CHECK(r.status != 2);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["summary"]["templates"] == 2);
  CHECK(j["input_errors"].empty());
}

TEST_CASE("readers: merge keys in a configuration are refused, not dropped", "[hostile][yaml-merge]") {
  TempDir d;
  d.write("one.yaml", kOne);
  // yaml-cpp kept `<<` as a key named "<<" (0.7 has no merge keys): refused by name, at its line.
  d.write("c.yaml", "overrides:\n  - &o {files: [\"*.yaml\"], ignore: [title-marketing]}\n  - <<: *o\n");
  Run r = run_capped("lint --config c.yaml one.yaml", d);
  CHECK(r.status == 2);
  INFO(r.err);
  CHECK(has(r.err, "c.yaml:3: YAML merge keys (`<<`) are not supported in rule packs and configuration"));
}

TEST_CASE("readers: tags on text fields are input errors with file and line", "[hostile][yaml-tags]") {
  TempDir d;
  d.write("m.yaml",
          "templates:\n  - title: 订单发货通知\n  - title: !!binary 6aKG57qi5YyF5o+Q6YaS\n");
  d.write("i.yaml", "templates:\n  - title: 订单发货通知\n    keywords: [{name: 单号, example: !!int 12}]\n");
  d.write("c.yaml", "templates:\n  - !custom {title: 订单发货通知}\n");
  d.write("s.yaml", "templates:\n  - title: !!str 订单发货通知\n  - title: ! 物流签收通知\n");
  Run r = run_capped("lint --no-config m.yaml i.yaml c.yaml s.yaml", d);
  CHECK(r.status == 2);
  INFO(r.out);
  CHECK(has(r.out, "m.yaml:3:12: input error: YAML tag `!!binary` is not supported here"));
  CHECK(has(r.out, "i.yaml:3:36: input error: YAML tag `!!int` is not supported here"));
  CHECK(has(r.out, "c.yaml:2:5: input error: YAML tag `!custom` is not supported here"));
  CHECK(!has(r.out, "s.yaml"));  // !!str and the non-specific `!` change nothing
}

// ---------------------------------------------------------------------------------------
// Item 10: the configuration in use is named

TEST_CASE("readers: a configuration from a parent directory is named in text, JSON and SARIF",
          "[hostile][config-named]") {
  TempDir d;
  d.write(".tplguard.yaml", "ignore: [title-marketing]\n");
  d.write("a/b/c/one.yaml", kOne);
  const std::string config = (fs::canonical(d.path) / ".tplguard.yaml").string();
  Run r = run_capped("lint one.yaml", d, 10, "a/b/c");
  CHECK(r.status == 0);
  INFO(r.out);
  const std::string last = r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1);
  CHECK(has(last, "; config "));
  CHECK(has(last, ".tplguard.yaml"));

  r = run_capped("lint one.yaml --format json", d, 10, "a/b/c");
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["summary"]["config"].is_string());
  CHECK(fs::canonical(j["summary"]["config"].get<std::string>()).string() == config);

  r = run_capped("lint one.yaml --format sarif", d, 10, "a/b/c");
  j = nlohmann::json::parse(r.out);
  const auto& props = j["runs"][0]["invocations"][0]["properties"];
  REQUIRE(props["configFile"].is_string());
  CHECK(fs::canonical(props["configFile"].get<std::string>()).string() == config);

  r = run_capped("lint --no-config one.yaml --format json", d, 10, "a/b/c");
  CHECK(r.status == 1);
  CHECK(nlohmann::json::parse(r.out)["summary"]["config"].is_null());
}

// ---------------------------------------------------------------------------------------
// Item 10: file names cannot forge output lines

TEST_CASE("readers: control characters in file names are escaped in text output", "[hostile][escaped-paths]") {
  TempDir d;
  d.write("in/a\nb.yaml", kOne);
  d.write("in/c\x1b[2Jd.yaml", "templates:\n  - title: [1]\n");
  Run r = run_capped("lint --no-config in", d);
  CHECK(r.status == 2);
  INFO(r.out);
  CHECK(has(r.out, "in/a\\nb.yaml:2:"));
  CHECK(has(r.out, "in/c\\x1b[2Jd.yaml:2:"));
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    CHECK(line.rfind("b.yaml", 0) != 0);  // no line starts with the forged part
    CHECK(!has(line, "\x1b"));
  }
  // On stderr too: a baseline whose name holds a newline.
  d.write("x\ny.json", "not json");
  r = run_capped("lint --no-config in/a*.yaml --baseline x*y.json", d);
  CHECK(r.status == 2);
  INFO(r.err);
  CHECK(has(r.err, "x\\ny.json"));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

// ---------------------------------------------------------------------------------------
// Item 10, continued: duplicate keys in baselines, rule packs and lexicons; merge keys twice

TEST_CASE("readers: a baseline with a repeated key is refused, naming both lines", "[hostile][baseline-duplicates]") {
  TempDir d;
  d.write("one.yaml", kOne);
  Run w = run_capped("lint --no-config one.yaml --write-baseline b.json", d);
  REQUIRE(w.status == 0);
  const auto real = nlohmann::json::parse(d.read("b.json"));
  REQUIRE(real["entries"].size() == 1);
  const std::string entries = real["entries"].dump();
  // Last-wins would hide the finding: exit 0.
  d.write("e.json", "{\"version\":1,\"tool\":\"tplguard\",\"entries\":[],\n\"entries\":" + entries + "}\n");
  Run r = run_capped("lint --no-config one.yaml --baseline e.json", d);
  CHECK(r.status == 2);
  INFO(r.err);
  CHECK(has(r.err, "e.json:2: not a baseline (invalid JSON: duplicate key `entries` (first at line 1, column 32)"));
  // In an entry: a dummy fingerprint first, the real one second.
  auto entry = real["entries"][0];
  const std::string fp = entry["fingerprint"].get<std::string>();
  d.write("f.json", "{\"version\":1,\"entries\":[{\"file\":" + entry["file"].dump() + ",\"rule\":" + entry["rule"].dump() +
                        ",\n\"fingerprint\":\"0000\",\n\"fingerprint\":\"" + fp + "\"}]}\n");
  r = run_capped("lint --no-config one.yaml --baseline f.json", d);
  CHECK(r.status == 2);
  CHECK(has(r.err, "f.json:3: not a baseline (invalid JSON: duplicate key `fingerprint` (first at line 2, column 1)"));
  // Named as a repeat, not as an unsupported version.
  d.write("v.json", "{\"version\":1,\"version\":2,\"entries\":[]}");
  r = run_capped("lint --no-config one.yaml --baseline v.json", d);
  CHECK(r.status == 2);
  CHECK(has(r.err, "v.json:1: not a baseline (invalid JSON: duplicate key `version`"));
  CHECK(!has(r.err, "not supported"));
  // The real baseline still works, and a wrong version is still named.
  CHECK(run_capped("lint --no-config one.yaml --baseline b.json", d).status == 0);
  d.write("v2.json", "{\"version\":2,\"entries\":[]}");
  r = run_capped("lint --no-config one.yaml --baseline v2.json", d);
  CHECK(r.status == 2);
  CHECK(has(r.err, "baseline version 2 is not supported (expected 1)"));
}

namespace {
// A copy of the project's rule pack to edit.
void copy_rules(const TempDir& d) {
  fs::copy(fs::path(TPLGUARD_SOURCE_DIR) / "rules", d.path / "rules", fs::copy_options::recursive);
}
std::string replace_once(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}
}  // namespace

TEST_CASE("readers: a repeated key in a rule file or a lexicon is refused with file and line",
          "[hostile][rule-pack-duplicates]") {
  TempDir d;
  d.write("one.yaml", kOne);
  copy_rules(d);
  // Untouched, the copy loads (no file of the project's pack repeats a key).
  REQUIRE(run_capped("lint --no-config --rules rules one.yaml", d).status == 1);

  const std::string rule = d.read("rules/title-marketing.yaml");
  d.write("rules/title-marketing.yaml", replace_once(rule, "level: error\n", "level: error\nlevel: info\n"));
  Run r = run_capped("lint --no-config --rules rules one.yaml", d);
  CHECK(r.status == 2);
  INFO(r.err);
  CHECK(has(r.err, "title-marketing.yaml:6: duplicate key `level` (first at line 5, column 1)"));
  d.write("rules/title-marketing.yaml", rule);

  // yaml-cpp's lookup finds the first `categories`: an empty one before the real list
  // switched title-marketing off.
  const std::string lex = d.read("rules/lexicons/marketing.yaml");
  d.write("rules/lexicons/marketing.yaml", replace_once(lex, "\ncategories:\n", "\ncategories: []\ncategories:\n"));
  r = run_capped("lint --no-config --rules rules one.yaml", d);
  CHECK(r.status == 2);
  const auto first_line = 2 + std::count(lex.begin(), lex.begin() + static_cast<long>(lex.find("\ncategories:\n")), '\n');
  CHECK(has(r.err, "marketing.yaml:" + std::to_string(first_line + 1) + ": duplicate key `categories` (first at line " +
                       std::to_string(first_line) + ", column 1)"));
  d.write("rules/lexicons/marketing.yaml", lex);

  // A configuration's extra lexicon.
  d.write("ours.yaml", "categories:\n  - id: discount\n    terms: [大甩卖]\n    terms: []\n");
  d.write("c.yaml", "lexicons:\n  title-marketing: [ours.yaml]\n");
  r = run_capped("lint --config c.yaml one.yaml", d);
  CHECK(r.status == 2);
  CHECK(has(r.err, "ours.yaml:4: duplicate key `terms` (first at line 3, column 5)"));
}

TEST_CASE("readers: a merge key written twice in one mapping is a duplicate key", "[hostile][merge-key-twice]") {
  using tplguard::io::Format;
  auto r = tplguard::io::read_templates_text(
      "m.yaml", "a: &a {title: 甲通知}\nb: &b {title: 领红包提醒}\ntemplates:\n  - <<: *a\n    <<: *b\n", Format::yaml);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 5);
  CHECK(has(r.errors[0].message, "duplicate key `<<` (first at line 4, column 5)"));
  CHECK(r.templates.empty());
  // The legal form merges both.
  r = tplguard::io::read_templates_text(
      "l.yaml", "a: &a {title: 甲通知}\nb: &b {title: 领红包提醒}\ntemplates:\n  - <<: [*a, *b]\n", Format::yaml);
  CHECK(r.errors.empty());
  CHECK(r.templates.size() == 1);
}

TEST_CASE("readers: the github format escapes control characters in messages and properties",
          "[hostile][github-escapes]") {
  TempDir d;
  d.write("t.yaml", "templates:\n  - title: \"订单\\e[2J领红包\\u2028通知\"\n");
  d.write("evil\x1b[31m.yaml", kOne);
  Run r = run_capped("lint --no-config t.yaml evil* --format github", d);
  INFO(r.out);
  CHECK(r.status == 1);
  for (unsigned char c : r.out) CHECK((c >= 0x20 || c == '\n') == true);
  CHECK(!has(r.out, "\xe2\x80\xa8"));
  CHECK(has(r.out, "file=evil\\x1b[31m.yaml,"));
  CHECK(has(r.out, "brackets '\\x1b['"));  // title-symbol quotes the characters it found
  CHECK(has(r.out, "'\\u2028'"));
}

TEST_CASE("readers: junit and checkstyle hold no control character XML forbids", "[hostile][xml-controls]") {
  TempDir d;
  d.write("t.yaml", "templates:\n  - title: \"订单\\e[2J\\x01领红包\\x7f通知\"\n");
  d.write("evil\x1b[31m\x02.yaml", kOne);
  for (const char* format : {"junit", "checkstyle"}) {
    Run r = run_capped(std::string("lint --no-config t.yaml evil* --format ") + format, d);
    INFO(format << "\n" << r.out);
    CHECK(r.status == 1);
    for (unsigned char c : r.out) CHECK((c >= 0x20 || c == '\n' || c == '\t' || c == '\r') == true);
    CHECK(has(r.out, "evil"));
  }
}
