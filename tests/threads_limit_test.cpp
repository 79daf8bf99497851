// When the system refuses threads (ulimit -u, ulimit -v), tplguard runs on fewer, down to
// the calling thread, or exits 2 with a message; it never aborts (a std::system_error out of
// std::thread's constructor used to unwind a vector of joinable threads: std::terminate).
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "similarity/title_join.hpp"
#include "cli_support.hpp"
#include "title_generator.hpp"
#include "util/workers.hpp"

using test_support::read_file;
using test_support::Run;
using test_support::TempDir;

namespace {

// Runs `shell` (a command line for sh) in `dir`, output to files there.
Run shell(const std::string& command, const TempDir& dir) {
  const std::string out = (dir.path / "stdout").string(), err = (dir.path / "stderr").string();
  const std::string cmd = "cd '" + dir.path.string() + "' && " + command + " >'" + out + "' 2>'" + err + "'";
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(out), read_file(err)};
}

void write_titles(const TempDir& dir, size_t n) {
  tplguard::bench::TitleGenerator gen({1, false, TPLGUARD_SOURCE_DIR});
  std::string text;
  for (size_t i = 0; i < n; ++i) text += nlohmann::json{{"title", gen.next().title}}.dump() + "\n";
  dir.write("t.jsonl", text);
}

// The audit's JSON report without what depends on the run (time, threads).
nlohmann::json comparable(const std::string& out) {
  auto j = nlohmann::json::parse(out);
  j["summary"].erase("seconds");
  j["summary"].erase("jobs");
  j["summary"].erase("join");
  return j;
}

// A restricted run ends with 0/1 and the unrestricted report, or with 2 and a message; an
// exit status above 2 is a signal through the shell (134: SIGABRT).
void check_outcome(const Run& r, const nlohmann::json& reference, const std::string& what) {
  INFO(what << ": exit " << r.status << ", stderr: " << r.err.substr(0, 400));
  REQUIRE(r.status >= 0);
  REQUIRE(r.status <= 2);
  if (r.status == 2) {
    CHECK(r.err.find("tplguard: ") != std::string::npos);
  } else {
    CHECK(r.status == 1);
    CHECK(comparable(r.out) == reference);
  }
}

// Address-space limits cannot be tested under a sanitizer: its runtime reserves terabytes
// of address space for shadow memory, and then nothing starts.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kAddressLimitsWork = false;
#else
constexpr bool kAddressLimitsWork = true;
#endif

}  // namespace

TEST_CASE("threads: run_workers does all the work on the threads it gets", "[hostile][threads]") {
  if (!kAddressLimitsWork) {
    WARN("skipped under a sanitizer (address-space limits)");
    return;
  }
  // In a child whose address space is nearly used up, only a few 8 MiB thread stacks fit:
  // std::thread throws for the rest, and every item is still done exactly once.
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    long pages = 0;
    std::ifstream("/proc/self/statm") >> pages;
    const rlim_t used = static_cast<rlim_t>(pages) * static_cast<rlim_t>(sysconf(_SC_PAGESIZE));
    const rlimit limit{used + (40u << 20), used + (40u << 20)};
    if (setrlimit(RLIMIT_AS, &limit) != 0) _exit(10);
    constexpr size_t kItems = 200000;
    static std::atomic<uint32_t> done[kItems];
    std::atomic<size_t> next{0};
    unsigned ran = 0;
    try {
      ran = tplguard::util::run_workers(63, [&] {
        for (size_t i; (i = next.fetch_add(1)) < kItems;) done[i].fetch_add(1);
      });
    } catch (...) {
      _exit(11);
    }
    for (const auto& d : done)
      if (d.load() != 1) _exit(12);
    _exit(ran >= 1 && ran < 64 ? 0 : 13);  // some threads were refused, and that was survived
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("threads: run_workers runs on the calling thread alone when no thread may start", "[hostile][threads]") {
  // RLIMIT_NPROC 1 for a user that already runs a process: every pthread_create fails with
  // EAGAIN. (Root is not bound by it: the child becomes nobody first.)
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(10);
    const rlimit one{1, 1};
    if (setrlimit(RLIMIT_NPROC, &one) != 0) _exit(10);
    std::atomic<size_t> next{0}, total{0};
    unsigned ran = 0;
    try {
      ran = tplguard::util::run_workers(15, [&] {
        for (size_t i; (i = next.fetch_add(1)) < 100000;) total.fetch_add(i);
      });
    } catch (...) {
      _exit(11);
    }
    if (total.load() != 100000ull * 99999 / 2) _exit(12);
    _exit(ran == 1 ? 0 : 13);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("threads: a worker's exception reaches the caller, after every worker joined", "[hostile][threads]") {
  std::atomic<int> calls{0};
  CHECK_THROWS_WITH(tplguard::util::run_workers(3,
                                                [&] {
                                                  if (calls.fetch_add(1) == 2) throw std::runtime_error("boom");
                                                }),
                    "boom");
  CHECK(calls.load() == 4);
  // parallel_for, on top of it, still covers every index once.
  std::vector<std::atomic<int>> seen(50000);
  tplguard::util::parallel_for(seen.size(), 8, [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) seen[i].fetch_add(1);
  }, 64);
  for (const auto& s : seen) REQUIRE(s.load() == 1);
}

TEST_CASE("threads: audit --jobs 64 under ulimit -v 1 GiB", "[hostile][threads]") {
  // Repro 06: SIGABRT (exit 134) from std::terminate.
  if (!kAddressLimitsWork) {
    WARN("skipped under a sanitizer (address-space limits)");
    return;
  }
  TempDir dir;
  write_titles(dir, 100000);
  const std::string cli = std::string("'") + TPLGUARD_CLI + "'";
  const Run free = shell(cli + " audit -q t.jsonl --jobs 2 --format json", dir);
  REQUIRE(free.status == 1);
  const nlohmann::json reference = comparable(free.out);
  // 1 GiB (the repro), and tighter: 64 stacks and malloc arenas alone would take more.
  for (const char* limit : {"1048576", "786432", "307200"}) {
    const Run r = shell(std::string("bash -c 'ulimit -v ") + limit + " && exec " + cli + " audit -q t.jsonl --jobs 64 --format json'", dir);
    check_outcome(r, reference, std::string("ulimit -v ") + limit);
  }
}

TEST_CASE("threads: audit --jobs 64 as a user with ulimit -u 16", "[hostile][threads]") {
  // RLIMIT_NPROC does not bind root: the run drops to nobody (as root, with setpriv).
  if (geteuid() != 0 || std::system("command -v setpriv >/dev/null 2>&1 && command -v bash >/dev/null 2>&1") != 0) {
    WARN("skipped: needs root and setpriv");
    return;
  }
  TempDir dir;
  write_titles(dir, 100000);
  std::filesystem::permissions(dir.path, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                             std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                             std::filesystem::perms::others_exec);
  const std::string cli = std::string("'") + TPLGUARD_CLI + "'";
  const Run free = shell(cli + " audit -q t.jsonl --jobs 2 --format json", dir);
  REQUIRE(free.status == 1);
  const nlohmann::json reference = comparable(free.out);
  for (const char* limit : {"16", "4"}) {
    const Run r = shell(std::string("setpriv --reuid=nobody --regid=nogroup --clear-groups bash -c 'ulimit -u ") + limit +
                            " && exec " + cli + " audit -q t.jsonl --jobs 64 --format json'",
                        dir);
    check_outcome(r, reference, std::string("nobody, ulimit -u ") + limit);
  }
}
