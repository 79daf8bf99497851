// `tplguard audit` as an operator runs it: inputs of every shape, exit statuses, the four
// report formats, progress only on a terminal, and the HTML page in a real browser.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "support.hpp"
#include "title_generator.hpp"

namespace fs = std::filesystem;

namespace {

struct Run {
  int status;
  std::string out, err;
};

struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() / ("tplguard-audit-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    const fs::path p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
};

Run sh(const std::string& command, const TempDir& dir) {
  const std::string out = (dir.path / "stdout").string(), err = (dir.path / "stderr").string();
  const std::string cmd = "cd '" + dir.path.string() + "' && " + command + " >'" + out + "' 2>'" + err + "' </dev/null";
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, test_support::read_file(out), test_support::read_file(err)};
}

Run run(const std::string& args, const TempDir& dir) { return sh(std::string("LANG=C '") + TPLGUARD_CLI + "' " + args, dir); }

// A mixed input: an account's template/list, its subscribe templates, a library dump, CSV,
// lint YAML and a JSONL file with one broken line.
void write_mixed(const TempDir& d) {
  d.write("in/a-list.json",
          "{\"errcode\":0,\"errmsg\":\"ok\",\"list\":[\n"
          " {\"template_id\":\"t1\",\"title\":\"购买成功通知\",\"content\":\"购买地点{{keyword1.DATA}}\\n购买时间{{keyword2.DATA}}\\n\","
          "\"example\":\"购买地点：TIT造舰厂\\n购买时间：2016年6月6日\\n\"},\n"
          " {\"template_id\":\"t2\",\"title\":\"支付成功通知\",\"content\":\"订单号{{keyword1.DATA}}\\n\",\"example\":\"订单号：SF123\\n\"}\n"
          "]}\n");
  d.write("in/b-subscribe.json",
          "{\"errcode\":0,\"data\":[{\"priTmplId\":\"p1\",\"title\":\"会议开始提醒\",\"content\":\"会议时间:{{date2.DATA}}\\n\","
          "\"example\":\"会议时间:2016年8月8日\\n\",\"type\":2}]}\n");
  d.write("in/c-library.jsonl",
          "{\"id\":\"AT0002\",\"title\":\"购买成功提醒\",\"keyword_list\":[{\"keyword_id\":3,\"name\":\"购买地点\",\"example\":\"TIT造舰厂\"}]}\n"
          "{\"id\":\"AT0005\",\"title\":\"订单支付成功通知\",\"keyword_list\":[{\"keyword_id\":1,\"name\":\"订单号\",\"example\":\"SF1\"}]}\n"
          "{\"id\": \"AT0009\", \"title\": \n"
          "{\"id\":\"AT0006\",\"title\":\"購買成功通知\",\"keyword_list\":[{\"keyword_id\":3,\"name\":\"购买地点\",\"example\":\"TIT造舰厂\"}]}\n");
  d.write("in/d-sheet.csv", "title,keywords\n领红包提醒,金额：5元|时间：2024年1月1日\n会员订单支付成功通知,订单号：SF9\n");
  d.write("in/e-lint.yaml", "templates:\n  - title: 订单发货提醒\n    keywords: [{name: 快递单号, example: SF123}]\n");
}

}  // namespace

TEST_CASE("audit cli: every input shape, one index across files, a bad record reported and the rest audited",
          "[audit][cli]") {
  TempDir d;
  write_mixed(d);
  Run r = run("audit in --format json", d);
  CHECK(r.status == 2);  // the broken line
  CHECK(r.err.empty());  // no progress: stderr is not a terminal
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["input_errors"].size() == 1);
  CHECK(j["input_errors"][0]["file"] == "in/c-library.jsonl");
  CHECK(j["input_errors"][0]["line"] == 3);
  const auto& s = j["summary"];
  CHECK(s["files"] == 5);
  CHECK(s["records"] == 10);
  CHECK(s["templates"] == 9);
  // Indexes run across the whole input, in file order.
  std::map<std::string, size_t> index_of;
  for (const auto& c : j["clusters"])
    for (const auto& m : c["members"]) index_of[m["title"]] = m["index"];
  CHECK(index_of["购买成功通知"] == 0);
  CHECK(index_of["支付成功通知"] == 1);
  CHECK(index_of["购买成功提醒"] == 3);
  CHECK(index_of["订单支付成功通知"] == 4);
  CHECK(index_of["購買成功通知"] == 6);
  CHECK(index_of["会员订单支付成功通知"] == 8);

  std::map<std::string, std::vector<std::string>> clusters;  // rule|representative -> members
  for (const auto& c : j["clusters"]) {
    for (const char* key : {"rule", "members", "reason", "representative", "size"}) CHECK(c.contains(key));
    std::string rep;
    for (const auto& m : c["members"]) {
      for (const char* key : {"index", "file", "line", "title"}) CHECK(m.contains(key));
      if (m["index"] == c["representative"]) rep = m["title"];
    }
    auto& list = clusters[c["rule"].get<std::string>() + "|" + rep];
    for (const auto& m : c["members"]) list.push_back(m["title"]);
  }
  CHECK(clusters["title-duplicate|购买成功通知"] == std::vector<std::string>{"购买成功通知", "購買成功通知"});
  CHECK(clusters["title-similar|购买成功通知"] == std::vector<std::string>{"购买成功通知", "购买成功提醒"});
  // 支付成功 ~ 订单支付成功 ~ 会员订单支付成功: one star around the middle title.
  CHECK(clusters["title-similar|订单支付成功通知"] ==
        std::vector<std::string>{"支付成功通知", "订单支付成功通知", "会员订单支付成功通知"});

  // Findings: per-template rules (the CSV's marketing title, at its line) and set rules.
  size_t counted = 0;
  bool marketing = false;
  for (const auto& f : j["findings"]) {
    ++counted;
    if (f["rule"] == "title-marketing") {
      marketing = true;
      CHECK(f["file"] == "in/d-sheet.csv");
      CHECK(f["line"] == 2);
      CHECK(f["index"] == 7);
      CHECK(f["title"] == "领红包提醒");
    }
  }
  CHECK(marketing);
  CHECK(counted == s["errors"].get<size_t>() + s["warnings"].get<size_t>() + s["infos"].get<size_t>());
}

TEST_CASE("audit cli: exit statuses as lint; text, jsonl and json agree", "[audit][cli]") {
  TempDir d;
  d.write("clean.yaml", "templates:\n  - title: 订单发货提醒\n    keywords: [{name: 快递单号, example: SF123}]\n");
  CHECK(run("audit clean.yaml", d).status == 0);
  CHECK(run("audit nowhere.json", d).status == 2);
  CHECK(run("audit clean.yaml --format pdf", d).status == 2);
  CHECK(run("audit clean.yaml --select title-sufix", d).status == 2);

  write_mixed(d);
  Run text = run("audit in --ignore keyword-example", d);
  CHECK(text.status == 2);
  CHECK(text.out.find("in/c-library.jsonl:3:") != std::string::npos);
  CHECK(text.out.find("title-similar") != std::string::npos);
  CHECK(text.out.find("largest clusters:") != std::string::npos);
  CHECK(text.out.find("audited 10 records in 5 files") != std::string::npos);

  Run jsonl = run("audit in --format jsonl", d);
  Run json = run("audit in --format json", d);
  const auto j = nlohmann::json::parse(json.out);
  std::map<std::string, size_t> types;
  std::istringstream lines(jsonl.out);
  std::string line, last;
  size_t findings = 0;
  while (std::getline(lines, line)) {
    const auto l = nlohmann::json::parse(line);
    ++types[l["type"]];
    last = l["type"];
    if (l["type"] == "finding") ++findings;
    if (l["type"] == "cluster") CHECK(l.contains("members"));
  }
  CHECK(last == "summary");
  CHECK(types["summary"] == 1);
  CHECK(types["input_error"] == 1);
  CHECK(findings == j["findings"].size());
  CHECK(types["cluster"] == j["clusters"].size());
}

TEST_CASE("audit cli: --exhaustive gives the same report; --jobs changes nothing", "[audit][cli]") {
  TempDir d;
  tplguard::bench::TitleGenerator gen({5, true, TPLGUARD_SOURCE_DIR});
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    const auto t = gen.next();
    nlohmann::json k = nlohmann::json::array();
    for (const auto& [name, example] : t.keywords) k.push_back({{"name", name}, {"example", example}});
    text += nlohmann::json{{"title", t.title}, {"kind", t.kind}, {"keywords", k}}.dump() + "\n";
  }
  d.write("g.jsonl", text);
  auto report = [&](const std::string& options) {
    Run r = run("audit g.jsonl --format json " + options, d);
    CHECK(r.status == 1);
    auto j = nlohmann::json::parse(r.out);
    j["summary"].erase("seconds");
    j["summary"].erase("jobs");
    j["summary"].erase("join");
    return j;
  };
  const auto fast = report("");
  CHECK(fast["clusters"].size() > 100);
  CHECK(fast == report("--exhaustive"));
  CHECK(fast == report("--jobs 1"));
  CHECK(fast == report("--jobs 3"));
}

TEST_CASE("audit cli: progress on a terminal only, and never with --quiet", "[audit][cli]") {
  TempDir d;
  write_mixed(d);
  const std::string cli = TPLGUARD_CLI;
  // `script` gives the command a terminal; the report goes to a file.
  Run tty = sh("LANG=C script -qec \"'" + cli + "' audit in --format json -o report.json\" /dev/null", d);
  CHECK(tty.out.find("reading:") != std::string::npos);
  CHECK(tty.out.find("joining titles:") != std::string::npos);
  CHECK(nlohmann::json::parse(test_support::read_file((d.path / "report.json").string()))["summary"]["templates"] == 9);
  Run quiet = sh("LANG=C script -qec \"'" + cli + "' audit in --format json -o report.json --quiet\" /dev/null", d);
  CHECK(quiet.out.find("reading:") == std::string::npos);
  CHECK(quiet.out.find("joining") == std::string::npos);
}

TEST_CASE("lint --library reads a template-library dump", "[audit][cli]") {
  TempDir d;
  d.write("new.yaml", "templates:\n  - title: 购买成功提醒\n  - title: 订单签收提醒\n");
  d.write("library-list.json", "{\"errcode\":0,\"list\":[{\"id\":\"AT0002\",\"title\":\"购买成功通知\"}],\"total_count\":1}");
  Run r = run("lint new.yaml --library library-list.json --format json", d);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["rule"] == "title-similar");
  CHECK(j["findings"][0]["related"].get<std::string>().find("library-list.json:1 购买成功通知") != std::string::npos);
}

TEST_CASE("audit html: one self-contained page that loads in Chromium and shows the counts and clusters",
          "[audit][cli][html]") {
  TempDir d;
  write_mixed(d);
  Run json = run("audit in --format json", d);
  Run html = run("audit in --format html -o report.html", d);
  CHECK(html.status == 2);
  const std::string page = test_support::read_file((d.path / "report.html").string());
  REQUIRE(page.size() > 1000);
  // Nothing from the network: no URLs, no external scripts, styles or images; a CSP says so.
  CHECK(page.find("http://") == std::string::npos);
  CHECK(page.find("https://") == std::string::npos);
  CHECK(page.find(" src=") == std::string::npos);
  CHECK(page.find("<link") == std::string::npos);
  CHECK(page.find("default-src 'none'") != std::string::npos);
  CHECK(page.find("<svg id=\"rule-chart\"") != std::string::npos);

  const char* browser = nullptr;
  for (const char* b : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (access(b, X_OK) == 0) browser = b;
  INFO("Chromium is needed for this test: scripts/quickstart.sh test installs Debian's chromium");
  REQUIRE(browser != nullptr);
  auto dom = [&](const std::string& fragment) {
    const std::string profile = (d.path / ("profile" + std::to_string(std::hash<std::string>{}(fragment)))).string();
    Run r = sh(std::string("timeout 120 ") + browser +
                   " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
                   " --disable-component-update --disable-sync --enable-logging=stderr --v=0 --user-data-dir='" + profile +
                   "' --dump-dom 'file://" + (d.path / "report.html").string() + fragment + "'",
               d);
    REQUIRE(r.status == 0);
    // The page's own error handler records script errors; the console must show none either.
    CHECK(r.err.find("Uncaught") == std::string::npos);
    CHECK(r.err.find("Content Security Policy") == std::string::npos);
    return r.out;
  };
  const auto j = nlohmann::json::parse(json.out);
  const auto& s = j["summary"];
  const std::string all = dom("");
  CHECK(all.find("data-ready=\"1\"") != std::string::npos);
  CHECK(all.find("data-error=\"") == std::string::npos);
  auto number_of = [&](const std::string& text, const std::string& id) {
    std::smatch m;
    const std::regex re("id=\"" + id + "\">([0-9,]+)<");
    REQUIRE(std::regex_search(text, m, re));
    std::string digits;
    for (char c : m[1].str())
      if (c != ',') digits.push_back(c);
    return std::stoul(digits);
  };
  CHECK(number_of(all, "count-templates") == s["templates"].get<size_t>());
  CHECK(number_of(all, "count-errors") == s["errors"].get<size_t>());
  CHECK(number_of(all, "count-warnings") == s["warnings"].get<size_t>());
  CHECK(number_of(all, "count-input-errors") == 1);
  CHECK(number_of(all, "count-clusters") == j["clusters"].size());
  const size_t total = s["errors"].get<size_t>() + s["warnings"].get<size_t>() + s["infos"].get<size_t>();
  CHECK(all.find("data-matching=\"" + std::to_string(total) + "\"") != std::string::npos);
  // Every cluster is on the page with its members.
  for (const auto& c : j["clusters"]) {
    CHECK(all.find("data-size=\"" + std::to_string(c["members"].size()) + "\"") != std::string::npos);
    for (const auto& m : c["members"]) CHECK(all.find(m["title"].get<std::string>()) != std::string::npos);
  }
  // The findings table is rendered by the page's script, and filters work (state in the URL).
  auto findings_table = [](const std::string& text) {
    const size_t b = text.find("<table id=\"findings-table\">");
    REQUIRE(b != std::string::npos);
    return text.substr(b, text.find("</table>", b) - b);
  };
  CHECK(findings_table(all).find("<td class=\"rule\">title-marketing</td>") != std::string::npos);
  size_t similar = 0;
  for (const auto& f : j["findings"]) similar += f["rule"] == "title-similar";
  const std::string filtered = dom("#rule=title-similar");
  CHECK(filtered.find("data-matching=\"" + std::to_string(similar) + "\"") != std::string::npos);
  CHECK(findings_table(filtered).find("<td class=\"rule\">title-marketing</td>") == std::string::npos);
  CHECK(findings_table(filtered).find("<td class=\"rule\">title-similar</td>") != std::string::npos);
  const std::string searched = dom("#q=%E7%BA%A2%E5%8C%85");  // 红包
  CHECK(searched.find("data-matching=\"1\"") != std::string::npos);
  CHECK(searched.find("领红包提醒") != std::string::npos);
}
