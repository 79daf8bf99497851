// Writes that fail and writes that could destroy something, end to end through the CLI:
// a report that could not be written entirely is a message naming the target and exit 2;
// an output never overwrites an input; replacing a file keeps the old one until the new
// one is complete; special files are written in place, never replaced.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"

using test_support::Run;
using test_support::TempDir;
namespace fs = std::filesystem;

namespace {

const char* kOne = "templates:\n  - title: 领红包提醒\n";  // one error
const char* kClean = "templates:\n  - title: 订单发货通知\n    keywords:\n      - name: 订单编号\n        example: \"123456\"\n";
const char* kBody = R"({"touser":"oWQ0O5DWIQvjGf9FWIZubVWMDt1w","template_id":"9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q","data":{"thing1":{"value":"订单已发货"}}})";

// Runs a shell command line in `dir` with `$T` set to the CLI; stderr is kept.
Run sh(const std::string& script, const TempDir& dir) {
  const std::string err = (dir.path / "sh-stderr").string();
  const std::string cmd = "cd '" + dir.path.string() + "' && T='" + TPLGUARD_CLI + "' LANG=C timeout 60 bash -c '" + script +
                          "' 2>'" + err + "'";
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw), "", test_support::read_file(err)};
}

// A private device node in the test's folder (never the system's): /dev/full's (1, 7) or
// /dev/null's (1, 3). Needs root; false when it cannot be made.
bool make_device(const TempDir& dir, const std::string& name, unsigned minor) {
  return ::mknod((dir.path / name).c_str(), S_IFCHR | 0666, makedev(1, minor)) == 0;
}

bool is_char_device(const fs::path& p) {
  struct stat st;
  return ::lstat(p.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
}

// The commands that print, each with what it needs.
const std::vector<std::string> kPrinting = {
    "lint --no-config one.yaml",      "lint --no-config clean.yaml", "check --no-config p.json", "audit -q one.yaml",
    "rules",                          "explain title-similar",       "config --no-config",
};

}  // namespace

TEST_CASE("writes: a full device on standard output or -o is exit 2 with the target and reason",
          "[hostile][writes]") {
  TempDir d;
  d.write("one.yaml", kOne);
  d.write("clean.yaml", kClean);
  d.write("p.json", kBody);
  if (!make_device(d, "full", 7)) {
    WARN("cannot make a private device node here (not root): not checked");
    return;
  }
  for (const std::string& args : kPrinting) {
    INFO(args);
    const Run r = sh("$T " + args + " > ./full", d);
    CHECK(r.status == 2);
    CHECK(r.err.find("standard output: cannot write: No space left on device") != std::string::npos);
  }
  for (const char* format : {"text", "json", "sarif", "github", "junit", "checkstyle", "gitlab"}) {
    INFO(format);
    const Run r = sh(std::string("$T lint --no-config clean.yaml --format ") + format + " -o ./full", d);
    CHECK(r.status == 2);
    CHECK(r.err.find("./full: cannot write: No space left on device") != std::string::npos);
    CHECK(is_char_device(d.path / "full"));  // written in place, never replaced
  }
  for (const char* args : {"check --no-config p.json -o ./full", "audit -q one.yaml -o ./full --format json"}) {
    INFO(args);
    const Run r = sh(std::string("$T ") + args, d);
    CHECK(r.status == 2);
    CHECK(r.err.find("./full: cannot write: No space left on device") != std::string::npos);
  }
}

TEST_CASE("writes: a file-size limit (EFBIG) on -o, standard output and the baseline is exit 2", "[hostile][writes]") {
  TempDir d;
  d.write("one.yaml", kOne);
  d.write("p.json", kBody);
  // SIGXFSZ left at its default: the CLI must not be killed by it. The limit is the CLI's
  // alone (a subshell), and its stderr goes through a pipe, or the message could not be
  // written either.
  auto limited = [&](const std::string& args) {
    return sh("set -o pipefail; (ulimit -f 0; exec $T " + args + ") 2>&1 | cat >&2", d);
  };
  for (const char* args : {"lint --no-config one.yaml -o out.txt", "lint --no-config one.yaml > out.txt",
                           "check --no-config p.json --format json -o out.txt", "audit -q one.yaml -o out.txt",
                           "rules > out.txt"}) {
    INFO(args);
    const Run r = limited(args);
    CHECK(r.status == 2);
    CHECK(r.err.find("cannot write: File too large") != std::string::npos);
  }
  // A good baseline survives a rewrite that fails.
  REQUIRE(sh("$T lint --no-config one.yaml --write-baseline b.json", d).status == 0);
  const std::string before = d.read("b.json");
  REQUIRE(before.find("title-marketing") != std::string::npos);
  const Run r = limited("lint --no-config one.yaml --write-baseline b.json");
  CHECK(r.status == 2);
  CHECK(r.err.find("b.json: cannot write: File too large") != std::string::npos);
  CHECK(d.read("b.json") == before);
  CHECK(sh("$T lint --no-config one.yaml --baseline b.json", d).status == 0);
  // No temporary file is left behind.
  for (const auto& e : fs::directory_iterator(d.path))
    CHECK(e.path().filename().string().find(".tplguard-") == std::string::npos);
}

TEST_CASE("writes: a closed pipe is exit 2 when SIGPIPE is ignored, the usual quiet end when not",
          "[hostile][writes]") {
  TempDir d;
  d.write("one.yaml", kOne);
  // The reader is gone before the first write.
  const Run ignored = sh("trap \"\" PIPE; (sleep 0.3; exec $T rules --format json) | true; exit ${PIPESTATUS[0]}", d);
  CHECK(ignored.status == 2);
  CHECK(ignored.err.find("standard output: cannot write: Broken pipe") != std::string::npos);
  const Run by_signal = sh("(sleep 0.3; exec $T rules --format json) | true; exit ${PIPESTATUS[0]}", d);
  CHECK(by_signal.status == 128 + SIGPIPE);
}

TEST_CASE("writes: an output that is also an input is refused before anything is read or written",
          "[hostile][writes]") {
  TempDir d;
  d.write("one.yaml", kOne);
  d.write("p.json", kBody);
  d.write("clean.yaml", kClean);
  std::string lines;
  for (int i = 0; i < 1000; ++i) lines += "{\"title\":\"领红包提醒" + std::to_string(i) + "\"}\n";
  d.write("in.jsonl", lines);
  fs::create_symlink("one.yaml", d.path / "link.yaml");
  fs::create_hard_link(d.path / "one.yaml", d.path / "hard.yaml");
  d.write(".tplguard.yaml", "ignore: [title-suffix]\n");
  const std::vector<std::string> cases = {
      "lint --no-config one.yaml -o one.yaml",
      "lint --no-config one.yaml -o link.yaml",
      "lint --no-config link.yaml -o one.yaml",
      "lint --no-config one.yaml -o hard.yaml",
      "lint --no-config one.yaml --write-baseline hard.yaml",
      "lint --no-config clean.yaml --library one.yaml -o ./link.yaml",
      "lint one.yaml -o .tplguard.yaml",
      "lint --no-config one.yaml --baseline in.jsonl -o in.jsonl",
      "audit -q in.jsonl --format jsonl -o in.jsonl",
      "audit -q . --format json -o ./one.yaml",
      "check --no-config p.json -o p.json",
      "check --no-config p.json --app-json in.jsonl -o in.jsonl",
  };
  for (const std::string& args : cases) {
    INFO(args);
    const Run r = test_support::run(args, d);
    CHECK(r.status == 2);
    CHECK(r.err.find("refusing to overwrite it") != std::string::npos);
    CHECK(d.read("one.yaml") == kOne);
    CHECK(d.read("in.jsonl") == lines);
    CHECK(d.read("p.json") == kBody);
    CHECK(d.read(".tplguard.yaml") == "ignore: [title-suffix]\n");
  }
  // Rewriting the baseline that was read is what --write-baseline is for.
  REQUIRE(test_support::run("lint --no-config one.yaml --write-baseline b.json", d).status == 0);
  CHECK(test_support::run("lint --no-config one.yaml --baseline b.json --write-baseline b.json", d).status == 0);
}

TEST_CASE("writes: a folder walk never reads this run's own files", "[hostile][writes]") {
  TempDir d;
  d.write("repo/t.yaml", kOne);
  // A baseline, a report and the config in the linted folder are not templates.
  REQUIRE(test_support::run("lint . --write-baseline .tplguard-baseline.json", d, "repo").status == 0);
  d.write("repo/.tplguard.yaml", "baseline: .tplguard-baseline.json\n");
  Run r = test_support::run("lint .", d, "repo");
  CHECK(r.status == 0);
  CHECK(r.out.find("1 template (1 file)") != std::string::npos);
  r = test_support::run("lint . --write-baseline .tplguard-baseline.json", d, "repo");
  CHECK(r.status == 0);
  CHECK(r.out.find("1 template (1 file)") != std::string::npos);
  // A report in the linted folder could be anyone's file: -o naming it is refused.
  d.write("repo/report.json", "{}\n");
  r = test_support::run("lint . --no-baseline --format json -o report.json", d, "repo");
  CHECK(r.status == 2);
  CHECK(r.err.find("-o report.json: this file is an input found in a folder (./report.json)") != std::string::npos);
  CHECK(d.read("repo/report.json") == "{}\n");
}

TEST_CASE("writes: replacing keeps links, permissions and special files", "[hostile][writes]") {
  TempDir d;
  d.write("one.yaml", kOne);
  // A symlink is followed: its target is replaced and the link stays.
  fs::create_directories(d.path / "real");
  d.write("real/b.json", "old\n");
  fs::create_symlink("real/b.json", d.path / "link.json");
  REQUIRE(test_support::run("lint --no-config one.yaml --write-baseline link.json", d).status == 0);
  CHECK(fs::is_symlink(d.path / "link.json"));
  CHECK(d.read("real/b.json").find("title-marketing") != std::string::npos);
  REQUIRE(test_support::run("lint --no-config one.yaml --format json -o link.json", d).status == 1);
  CHECK(fs::is_symlink(d.path / "link.json"));
  CHECK(d.read("real/b.json").find("\"findings\"") != std::string::npos);
  // A dangling link is followed too: the file it names is created.
  fs::create_symlink("real/new.txt", d.path / "dangling.txt");
  REQUIRE(test_support::run("lint --no-config one.yaml -o dangling.txt", d).status == 1);
  CHECK(fs::is_symlink(d.path / "dangling.txt"));
  CHECK(d.read("real/new.txt").find("title-marketing") != std::string::npos);
  // The replaced file keeps its permissions.
  d.write("report.txt", "old\n");
  fs::permissions(d.path / "report.txt", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  REQUIRE(test_support::run("lint --no-config one.yaml -o report.txt", d).status == 1);
  CHECK(fs::status(d.path / "report.txt").permissions() ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  // A folder is no output.
  fs::create_directories(d.path / "folder");
  Run r = test_support::run("lint --no-config one.yaml -o folder", d);
  CHECK(r.status == 2);
  CHECK(r.err.find("folder: cannot write: Is a directory") != std::string::npos);
  r = test_support::run("lint --no-config one.yaml -o missing/report.txt", d);
  CHECK(r.status == 2);
  CHECK(r.err.find("missing/report.txt: cannot write: No such file or directory") != std::string::npos);
  // -o naming the file that standard output already is goes through that descriptor:
  // `>> log` appends, and a pipe gets the report.
  d.write("log.txt", "earlier\n");
  r = sh("$T lint --no-config one.yaml -o /dev/stdout >> log.txt", d);
  CHECK(r.status == 1);
  CHECK(d.read("log.txt").rfind("earlier\n", 0) == 0);
  CHECK(d.read("log.txt").find("title-marketing") != std::string::npos);
  r = sh("set -o pipefail; $T lint --no-config one.yaml --format json -o /dev/stdout | grep -c title-marketing > n.txt", d);
  CHECK(r.status == 1);
  CHECK(d.read("n.txt") != "0\n");
  // -o - is standard output, as for most tools.
  r = test_support::run("lint --no-config one.yaml --format json -o -", d);
  CHECK(r.status == 1);
  CHECK(r.out.find("title-marketing") != std::string::npos);
  CHECK(!fs::exists(d.path / "-"));
  r = test_support::run("audit -q one.yaml --format json -o -", d);
  CHECK(r.status == 1);
  CHECK(r.out.find("title-marketing") != std::string::npos);
  CHECK(!fs::exists(d.path / "-"));
  // A FIFO is written in place: its reader gets the report.
  REQUIRE(::mkfifo((d.path / "fifo").c_str(), 0644) == 0);
  r = sh("cat fifo > got.txt & $T lint --no-config one.yaml --write-baseline fifo; s=$?; wait; exit $s", d);
  CHECK(r.status == 0);
  CHECK(d.read("got.txt").find("title-marketing") != std::string::npos);
  struct stat st;
  REQUIRE(::lstat((d.path / "fifo").c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  // A device node stays a device node.
  if (!make_device(d, "null", 3)) {
    WARN("cannot make a private device node here (not root): not checked");
    return;
  }
  CHECK(test_support::run("lint --no-config one.yaml --write-baseline null", d).status == 1 - 1);
  CHECK(is_char_device(d.path / "null"));
  CHECK(test_support::run("lint --no-config one.yaml -o null", d).status == 1);
  CHECK(is_char_device(d.path / "null"));
}

TEST_CASE("writes: a spool that cannot be written is exit 2, never a report short of findings",
          "[hostile][writes]") {
  TempDir d;
  std::string lines;
  for (int i = 0; i < 20000; ++i) lines += "{\"title\":\"领红包提醒" + std::to_string(i) + "\"}\n";
  d.write("t.jsonl", lines);
  // The limit (1 MiB) applies to regular files: the spool, not the device the report goes to.
  for (const char* format : {"json", "html"}) {
    INFO(format);
    const Run r = sh(std::string("ulimit -f 1024; $T audit -q t.jsonl --format ") + format + " > /dev/null", d);
    CHECK(r.status == 2);
    CHECK(r.err.find("spool") != std::string::npos);
    CHECK(r.err.find("File too large") != std::string::npos);
  }
  // Without the limit the same audit lists every finding it counts.
  const Run ok = test_support::run("audit -q t.jsonl --format json -o r.json", d);
  CHECK(ok.status == 1);
  const auto report = nlohmann::json::parse(d.read("r.json"));
  const auto& s = report["summary"];
  CHECK(report["findings"].size() == s["errors"].get<size_t>() + s["warnings"].get<size_t>() + s["infos"].get<size_t>());
}

TEST_CASE("writes: --write-baseline and -o never take a template, the config, a rule pack or a lexicon",
          "[hostile][writes]") {
  TempDir d;
  d.write("one.yaml", kOne);
  d.write("t/orders.yaml", kOne);
  d.write(".tplguard.yaml", "profile: subscribe\n");
  fs::copy(std::string(TPLGUARD_SOURCE_DIR) + "/rules", d.path / "r", fs::copy_options::recursive);
  d.write("mk.yaml", "categories:\n  - id: o\n    zh: 我们\n    en: o\n    terms: [大甩卖]\n");
  d.write("lex/.tplguard.yaml", "lexicons:\n  title-marketing: [../mk.yaml]\n");
  const std::string pack = d.read("r/pack.yaml");
  struct Case {
    std::string args, subdir;
  };
  for (const Case& c : std::vector<Case>{
           {"lint t --write-baseline t/orders.yaml", ""},  // a template found in a folder
           {"lint . --no-config --write-baseline .tplguard.yaml", ""},
           {"lint one.yaml --write-baseline .tplguard.yaml", ""},
           {"lint one.yaml --no-config --rules r -o r/pack.yaml", ""},
           {"lint one.yaml --no-config --rules r --write-baseline r/lexicons/marketing.yaml", ""},
           {"lint ../one.yaml -o ../mk.yaml", "lex"},
           {"lint ../one.yaml --write-baseline ../mk.yaml", "lex"},
       }) {
    INFO(c.args);
    const Run r = test_support::run(c.args, d, c.subdir);
    CHECK(r.status == 2);
    CHECK(r.err.find("refusing to overwrite it") != std::string::npos);
  }
  CHECK(d.read("t/orders.yaml") == kOne);
  CHECK(d.read(".tplguard.yaml") == "profile: subscribe\n");
  CHECK(d.read("r/pack.yaml") == pack);
  CHECK(d.read("mk.yaml").find("大甩卖") != std::string::npos);
  // A baseline that a walk reaches may be rewritten: it is one already.
  REQUIRE(test_support::run("lint t --no-config --write-baseline t/b.json", d).status == 0);
  CHECK(test_support::run("lint t --no-config --write-baseline t/b.json", d).status == 0);
  // The same new file twice, under two spellings.
  const Run r = test_support::run("lint one.yaml --no-config --write-baseline new.json -o ./new.json", d);
  CHECK(r.status == 2);
  CHECK(r.err.find("-o and --write-baseline name the same file") != std::string::npos);
  CHECK(!fs::exists(d.path / "new.json"));
}

TEST_CASE("writes: a replaced file keeps its owner and links; a file in a folder that cannot take a temporary "
          "file is still written, one that may not be written is refused",
          "[hostile][writes]") {
  TempDir d;
  d.write("one.yaml", kOne);
  // Hard links stay one file.
  d.write("a.txt", "old\n");
  fs::create_hard_link(d.path / "a.txt", d.path / "b.txt");
  REQUIRE(test_support::run("lint --no-config one.yaml -o a.txt", d).status == 1);
  CHECK(d.read("b.txt").find("title-marketing") != std::string::npos);
  // A name near the length limit still leaves room for the temporary file.
  const std::string long_name(250, 'r');
  REQUIRE(test_support::run("lint --no-config one.yaml -o " + long_name, d).status == 1);
  CHECK(d.read(long_name).find("title-marketing") != std::string::npos);
  if (::geteuid() != 0) {
    WARN("not root: owners and other users not checked");
    return;
  }
  d.write("own.txt", "old\n");
  REQUIRE(::chown((d.path / "own.txt").c_str(), 65534, 65534) == 0);
  REQUIRE(test_support::run("lint --no-config one.yaml -o own.txt", d).status == 1);
  struct stat st;
  REQUIRE(::stat((d.path / "own.txt").c_str(), &st) == 0);
  CHECK(st.st_uid == 65534);
  CHECK(d.read("own.txt").find("title-marketing") != std::string::npos);
  // As another user (nobody): a writable file in a read-only folder, and in a sticky
  // folder, is written like `>>` would; a read-only file is refused like `>` would.
  fs::permissions(d.path, fs::perms::all);
  fs::create_directories(d.path / "ro");
  d.write("ro/w.txt", "old\n");
  d.write("ro.txt", "old\n");
  fs::create_directories(d.path / "sticky");
  d.write("sticky/f.txt", "old\n");
  fs::permissions(d.path / "ro/w.txt", fs::perms::all);
  fs::permissions(d.path / "ro", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                     fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(d.path / "sticky", fs::perms::all | fs::perms::sticky_bit);
  fs::permissions(d.path / "sticky/f.txt", fs::perms::all);
  REQUIRE(::chown((d.path / "ro.txt").c_str(), 65534, 65534) == 0);
  fs::permissions(d.path / "ro.txt", fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  const std::string as_nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups $T lint --no-config --rules " +
                                std::string(TPLGUARD_SOURCE_DIR) + "/rules one.yaml ";
  if (sh(as_nobody + "> /dev/null", d).status != 1) {
    WARN("cannot run the CLI as nobody here: not checked");
    return;
  }
  Run r = sh(as_nobody + "-o ro/w.txt", d);
  CHECK(r.status == 1);
  CHECK(d.read("ro/w.txt").find("title-marketing") != std::string::npos);
  r = sh(as_nobody + "-o sticky/f.txt", d);
  CHECK(r.status == 1);
  CHECK(d.read("sticky/f.txt").find("title-marketing") != std::string::npos);
  r = sh(as_nobody + "-o ro.txt", d);
  CHECK(r.status == 2);
  CHECK(r.err.find("ro.txt: cannot write: Permission denied") != std::string::npos);
  CHECK(d.read("ro.txt") == "old\n");
}

TEST_CASE("writes: a bind-mounted single file is written into, not replaced", "[hostile][writes]") {
  TempDir d;
  d.write("one.yaml", kOne);
  d.write("host.txt", "host\n");
  d.write("mnt.txt", "mount point\n");
  const Run r = sh("unshare -m sh -c \"mount --make-rprivate / && mount --bind host.txt mnt.txt && "
                   "$T lint --no-config one.yaml -o mnt.txt\"",
                   d);
  if (r.status != 1 && r.err.find("tplguard") == std::string::npos) {
    WARN("cannot make a mount namespace here (unshare): not checked");
    return;
  }
  CHECK(r.status == 1);
  CHECK(d.read("host.txt").find("title-marketing") != std::string::npos);
}

TEST_CASE("writes: an interrupted run leaves no temporary file; a closed standard output is reported",
          "[hostile][writes]") {
  TempDir d;
  std::string lines;
  for (int i = 0; i < 300000; ++i) lines += "{\"title\":\"领红包提醒" + std::to_string(i) + "\"}\n";
  d.write("big.jsonl", lines);
  // (SIGINT is ignored in a shell's background jobs, so it is not sent here; it takes the
  // same handler.)
  for (const char* sig : {"TERM", "HUP"}) {
    INFO(sig);
    const Run r = sh(std::string("$T audit -q big.jsonl --format json -o rep.json & p=$!; sleep 0.5; kill -") + sig +
                         " $p; wait $p",
                     d);
    CHECK(r.status >= 128);
    for (const auto& e : fs::directory_iterator(d.path))
      CHECK(e.path().filename().string().find(".tplguard-") == std::string::npos);
    CHECK(!fs::exists(d.path / "rep.json"));
  }
  // With descriptor 1 closed, the spool would be opened as it and take the report.
  const Run r = sh("$T audit -q --format json big.jsonl >&-", d);
  CHECK(r.status == 2);
  CHECK(r.err.find("standard output: cannot write: Bad file descriptor") != std::string::npos);
  CHECK(r.err.find("internal error") == std::string::npos);
}

TEST_CASE("writes: what the second red team broke", "[hostile][writes]") {
  TempDir d;
  d.write("one.yaml", kOne);
  // -o through a dangling link and --write-baseline naming its end are one file.
  fs::create_symlink("new.json", d.path / "link.json");
  Run r = test_support::run("lint --no-config one.yaml -o link.json --write-baseline new.json", d);
  CHECK(r.status == 2);
  CHECK(r.err.find("name the same file") != std::string::npos);
  CHECK(!fs::exists(d.path / "new.json"));
  // --baseline X --write-baseline X replaces X only if it is a baseline.
  d.write("notes.yaml", "precious: notes\n");
  r = test_support::run("lint --no-config one.yaml --baseline notes.yaml --write-baseline notes.yaml", d);
  CHECK(r.status == 2);
  CHECK(d.read("notes.yaml") == "precious: notes\n");
  // A rule pack whose lexicons folder is a symlink is guarded through it.
  fs::copy(std::string(TPLGUARD_SOURCE_DIR) + "/rules", d.path / "rp", fs::copy_options::recursive);
  fs::rename(d.path / "rp/lexicons", d.path / "shared-lexicons");
  fs::create_directory_symlink("../shared-lexicons", d.path / "rp/lexicons");
  const std::string emoji = d.read("shared-lexicons/emoji.yaml");
  r = test_support::run("lint --no-config one.yaml --rules rp -o rp/lexicons/emoji.yaml", d);
  CHECK(r.status == 2);
  CHECK(d.read("shared-lexicons/emoji.yaml") == emoji);
  // A descriptor held closed on /dev/null is not the output /dev/null names.
  r = sh("$T lint --no-config one.yaml --exit-zero -o /dev/null 2>&-", d);
  CHECK(r.status == 0);
  r = sh("$T lint --no-config one.yaml --exit-zero -o /dev/null >&-", d);
  CHECK(r.status == 0);
  // A malformed comment silences nothing.
  d.write("x.yaml", "templates:\n  - title: 领红包提醒  # tplguard: ignore[title-marketing, title-marketing]\n"
                    "  - title: 领红包提醒一  # tplguard: ignore[title-marketing,,]\n");
  r = test_support::run("lint --no-config x.yaml --ignore unused-suppression --format json", d);
  CHECK(r.status == 1);
  CHECK(nlohmann::json::parse(r.out)["summary"]["by_rule"]["title-marketing"]["error"] == 2);
}

TEST_CASE("writes: copying into a file on a full disk keeps its old content", "[hostile][writes]") {
  TempDir d;
  std::string lines;
  for (int i = 0; i < 300; ++i) lines += "{\"title\":\"领红包提醒" + std::to_string(i) + "\"}\n";
  d.write("t.jsonl", lines);
  // A hard-linked target (copied into, not replaced) on a small tmpfs that is nearly full.
  const Run r = sh("unshare -m sh -c \"mount --make-rprivate / && mkdir m && mount -t tmpfs -o size=1200k tmpfs m && "
                   "echo OLD > m/r.json && ln m/r.json m/r.link && dd if=/dev/zero of=m/fill bs=1k count=1000 2>/dev/null && "
                   "$T lint t.jsonl --no-config --format json --exit-zero -o m/r.json; echo rc=\\$? > rc.txt; "
                   "cat m/r.json > old.txt; ls -a m > listing.txt\"",
                   d);
  if (!fs::exists(d.path / "rc.txt")) {
    WARN("cannot make a mount namespace with a tmpfs here (unshare): not checked");
    return;
  }
  CHECK(d.read("rc.txt") == "rc=2\n");
  CHECK(d.read("old.txt") == "OLD\n");
  CHECK(d.read("listing.txt").find(".tplguard-") == std::string::npos);
  CHECK(r.err.find("No space left on device") != std::string::npos);
}
