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
#include "io/template_reader.hpp"

using test_support::Run;
using test_support::TempDir;
namespace fs = std::filesystem;

namespace {

// Runs the CLI under a 4 GB address-space limit, so a reader that does not stop at its limit
// fails here (bad_alloc) instead of taking the machine's memory; and times it.
Run run_capped(const std::string& args, const TempDir& d, double max_seconds = 10, const std::string& subdir = "") {
  const std::string out = (d.path / "stdout").string(), err = (d.path / "stderr").string();
  const std::string cwd = subdir.empty() ? d.path.string() : (d.path / subdir).string();
  const std::string cmd = "ulimit -v 4000000; cd '" + cwd + "' && LANG=C timeout 60 '" + TPLGUARD_CLI + "' " + args +
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
  const std::string problem = tplguard::io::detail::read_file_text("/dev/zero", 1u << 20, text);
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
  const std::string problem = tplguard::io::detail::read_file_text(big, 1000, text);
  CHECK(bytes_read_by_me() - before < 64 * 1024);
  CHECK(problem == "file too large (the limit is 1000 bytes)");
  std::string small;
  CHECK(tplguard::io::detail::read_file_text(d.write("ok.json", "{}"), 2, small).empty());
  CHECK(small == "{}");
  CHECK(has(tplguard::io::detail::read_file_text(d.write("three.json", "{ }"), 2, small), "file too large"));
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
