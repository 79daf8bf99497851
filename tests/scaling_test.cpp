// Work grows with the input, never with its square: each construct that scans input, joins
// titles, locates or reports findings is timed at N and 10N and must not take much more than
// 10x as long (the bound is 25x: a quadratic construct takes ~100x). N is chosen so that the
// run at N takes tens of milliseconds (above timer noise); the time is user CPU time (a
// loaded machine delays a run without adding to it), the sizes alternate, and the best of
// three runs counts (of six when the first three exceed the bound).
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "io/template_reader.hpp"
#include "report/report.hpp"
#include "support.hpp"
#include "title_generator.hpp"
#include "tplguard/audit.hpp"
#include "tplguard/payload.hpp"

using namespace tplguard;
using test_support::engine;
using test_support::run;
using test_support::TempDir;

namespace {

// User CPU seconds of f(), this process's and its children's (the CLI runs): other work on
// a loaded machine delays a run but does not add to it (system time, mostly page faults on
// fresh memory, varies with the machine's memory pressure, and is left out).
double seconds_of(const std::function<void()>& f) {
  auto now = [] {
    auto tv = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
    rusage self{}, children{};
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    return tv(self.ru_utime) + tv(children.ru_utime);
  };
  const double start = now();
  f();
  return now() - start;
}

// Times run(make(n)) and run(make(10n)) (inputs made outside the timing), alternating the two
// sizes so that both see the same conditions, keeping the best of `runs` each, and checks
// the growth. A ratio over the bound is measured once more (a burst of other work can slow
// even CPU time through shared caches) before it fails.
template <typename Make, typename Run>
void check_growth(const std::string& what, size_t n, Make&& make, Run&& run_it, int runs = 3) {
  auto&& small = make(n);
  auto&& large = make(10 * n);
  double t[2] = {1e9, 1e9};
  for (int round = 0; round < 2; ++round) {
    for (int r = 0; r < runs; ++r) {
      t[0] = std::min(t[0], seconds_of([&] { run_it(small); }));
      t[1] = std::min(t[1], seconds_of([&] { run_it(large); }));
    }
    if (t[1] < 25 * std::max(t[0], 0.002)) break;
  }
  const double ratio = t[1] / t[0];
  char line[256];
  std::snprintf(line, sizeof line, "%s: %.1f ms at N=%zu, %.1f ms at 10N: x%.1f", what.c_str(), t[0] * 1e3, n,
                t[1] * 1e3, ratio);
  INFO(line);
  WARN(line);  // the figures, also when the check passes
  // The floor keeps a run at N that came out faster than the timer can say from failing.
  CHECK(t[1] < 25 * std::max(t[0], 0.002));
}

// Six CJK characters, distinct for every i (base-3000 digits of i, then scrambled ones).
std::string han_title(size_t i) {
  static const char32_t kBase = 0x4E00;
  std::string s;
  for (int k = 0; k < 6; ++k) {
    const size_t digit = k < 3 ? (i / (k == 0 ? 1 : k == 1 ? 3000 : 9000000)) % 3000 : (i * 7919 + static_cast<size_t>(k) * 104729) % 3000;
    const char32_t c = kBase + static_cast<char32_t>(digit);
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

// Counts what is written and keeps none of it, so that timing a reporter does not time the
// growth of a buffer of hundreds of megabytes.
struct CountingBuf : std::streambuf {
  size_t bytes = 0;
  int overflow(int c) override {
    ++bytes;
    return c;
  }
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<size_t>(n);
    return n;
  }
};

struct Input {
  std::vector<Template> templates;
  std::vector<std::shared_ptr<const SourceFile>> sources;
};

Input read_yaml(const std::string& path, std::string text) {
  Input in;
  io::ReadResult r = io::read_templates_text(path, std::move(text), io::Format::yaml);
  REQUIRE(r.errors.empty());
  in.templates = std::move(r.templates);
  in.sources.push_back(r.source);
  return in;
}

LintOptions with_suppressions(std::set<std::string> select = {}) {
  LintOptions o;
  o.inline_suppressions = true;
  o.keep_suppressed = true;
  o.select = std::move(select);
  return o;
}

}  // namespace

TEST_CASE("scaling: a file of suppression comments is scanned line by line", "[hostile][scaling]") {
  // Repro 07: each directive's `]` and `,` were searched to the end of the file. N is large
  // enough for the scan, not the start-up of the command, to dominate the run at N.
  TempDir dir;
  check_growth(
      "lint, N `#tplguard:ignore[x]` lines", 40000,
      [&](size_t n) {
        std::string text = "templates:\n  - title: 订单发货通知\n";
        for (size_t i = 0; i < n; ++i) text += "#tplguard:ignore[x]\n";
        return dir.write("s" + std::to_string(n) + ".yaml", text);
      },
      [&](const std::string& path) {
        const auto r = run("lint --no-config '" + path + "' --format json -o report.json", dir);
        REQUIRE(r.status == 0);
      },
      2);
  // Every directive was read: each names an unknown rule.
  const auto by_rule = nlohmann::json::parse(dir.read("report.json"))["summary"]["by_rule"]["unused-suppression"];
  CHECK(by_rule["error"].get<int>() + by_rule["warning"].get<int>() + by_rule["info"].get<int>() == 400000);
}

TEST_CASE("scaling: one comment line naming many rule ids in the text report", "[hostile][scaling]") {
  // Each id is a finding on the same long line: the text report decoded the whole line
  // once per finding (10,000 ids took 7 s).
  TempDir dir;
  check_growth(
      "lint --format text, one comment with N unknown ids", 2000,
      [&](size_t n) {
        std::string text = "templates:\n  - title: 订单发货通知  # tplguard: ignore[";
        for (size_t i = 0; i < n; ++i) text += (i ? "," : "") + std::string("no-such-rule-") + std::to_string(i);
        text += "]\n";
        return dir.write("ids" + std::to_string(n) + ".yaml", text);
      },
      [&](const std::string& path) {
        const auto r = run("lint --no-config '" + path + "' -o report.txt", dir);
        REQUIRE(r.status == 0);
      },
      2);
}

TEST_CASE("scaling: comments between many templates find their template by search", "[hostile][scaling]") {
  // A directive on no title's line belongs to the template before it: that was a scan of
  // every template per directive.
  check_growth(
      "lint, N templates each followed by a misplaced directive", 6000,
      [](size_t n) {
        std::string text = "templates:\n";
        for (size_t i = 0; i < n; ++i) text += "  - title: " + han_title(i) + "通知\n  # tplguard: ignore[title-suffix]\n";
        return read_yaml("m.yaml", text);
      },
      [](const Input& in) {
        const auto findings = engine().lint(in.templates, with_suppressions());
        REQUIRE(std::count_if(findings.begin(), findings.end(), [](const Finding& f) {
                  return f.rule == "unused-suppression";
                }) >= static_cast<long>(in.templates.size()));
      });
}

TEST_CASE("scaling: suppression comments in many files", "[hostile][scaling]") {
  // The pass over one file's comments went through the findings of every file.
  check_growth(
      "lint, N files with a directive each", 6000,
      [](size_t n) {
        Input in;
        for (size_t i = 0; i < n; ++i) {
          io::ReadResult r = io::read_templates_text(
              "f" + std::to_string(i) + ".yaml",
              "templates:\n  - title: 领红包1" + han_title(i) + "通知  # tplguard: ignore[title-marketing] ok\n  - title: " +
                  han_title(i + n) + "领红包\n",
              io::Format::yaml);
          for (auto& t : r.templates) in.templates.push_back(std::move(t));
          in.sources.push_back(r.source);
        }
        return in;
      },
      [](const Input& in) {
        const auto findings = engine().lint(in.templates, with_suppressions({"title-marketing"}));
        // Every first template's finding is silenced (a random title may hold a second term).
        std::set<std::pair<std::string, size_t>> silenced;
        for (const auto& f : findings)
          if (f.suppressed) silenced.emplace(f.location.file, f.index);
        REQUIRE(silenced.size() == in.templates.size() / 2);
      });
}

TEST_CASE("scaling: a content string with many placeholders", "[hostile][scaling]") {
  // A template/list answer: the keywords come from `content` and `example`. Each keyword's
  // place in the escaped JSON string was walked from the string's start, and each keyword
  // searched every example line.
  for (const bool reversed : {false, true}) {
    check_growth(
        std::string("read, content with N placeholders") + (reversed ? " (example lines reversed)" : ""), 30000,
        [&](size_t n) {
          std::string content, example;
          for (size_t i = 0; i < n; ++i) content += "字段" + std::to_string(i) + ":{{thing" + std::to_string(i) + ".DATA}}\\n";
          for (size_t k = 0; k < n; ++k) {
            const size_t i = reversed ? n - 1 - k : k;
            example += "字段" + std::to_string(i) + ":值" + std::to_string(i) + "\\n";
          }
          return "{\"template_list\": [{\"template_id\": \"x\", \"title\": \"订单发货通知\", \"content\": \"" + content +
                 "\", \"example\": \"" + example + "\"}]}";
        },
        [](const std::string& text) {
          io::ReadResult r = io::read_templates_text("list.json", text, io::Format::json);
          REQUIRE(r.templates.size() == 1);
          REQUIRE(r.templates[0].keywords->back().example);
          // The last keyword is located in the file: its name's offset is exact.
          const SourceText& name = r.templates[0].keywords->back().name;
          REQUIRE(name.verbatim_offset > 0);
          REQUIRE(text.compare(static_cast<size_t>(name.verbatim_offset), name.value.size(), name.value) == 0);
        });
  }
}

TEST_CASE("scaling: template answers and bodies with many data keys", "[hostile][scaling]") {
  // gettemplate content with N placeholders, a body with N data keys (one extra, one
  // missing): keys were deduplicated and matched by searching lists.
  struct Case {
    std::shared_ptr<const PayloadValidator> validator;
    std::string body, list;
  };
  check_growth(
      "check, N template keys and N data keys", 15000,
      [](size_t n) {
        Case c;
        c.list = "{\"errcode\": 0, \"data\": [{\"priTmplId\": \"TID\", \"title\": \"订单发货通知\", \"content\": \"";
        for (size_t i = 0; i < n; ++i) c.list += "字段" + std::to_string(i) + ":{{thing" + std::to_string(i) + ".DATA}}\\n";
        c.list += "\", \"example\": \"\", \"type\": 2}]}";
        c.body = "{\"touser\": \"oWQ0O5DWIQvjGf9FWIZubVWMDt1w\", \"template_id\": \"TID\", \"data\": {";
        for (size_t i = 1; i <= n; ++i) c.body += (i > 1 ? ", " : "") + std::string("\"thing") + std::to_string(i) + "\": {\"value\": \"x\"}";
        c.body += "}}";
        return c;
      },
      [](Case& c) {
        PayloadContext context;
        context.add_templates_text(c.list);
        const auto validator = PayloadValidator::create(engine(), std::move(context));
        const PayloadResult r = validator->validate_text(c.body, "subscribe-send");
        size_t extra = 0, missing = 0;
        for (const auto& f : r.findings) {
          extra += f.rule == "data-key-extra";
          missing += f.rule == "data-key-missing";
        }
        REQUIRE(extra == 1);  // thingN
        REQUIRE(missing == 1);  // thing0
      });
}

TEST_CASE("scaling: many findings on one long title", "[hostile][scaling]") {
  // A finding per occurrence of a marketing term: each finding's fingerprint hashed the whole
  // title's key again.
  check_growth(
      "lint, a title with N marketing terms", 12000,
      [](size_t n) {
        std::string title;
        // A digit after each term keeps it a word of its own (领红包领红包 reads 领|红包|领红|包).
        for (size_t i = 0; i < n; ++i) title += "领红包1";
        std::string line = "{\"title\": \"" + title + "\"}\n";
        Input in;
        io::ReadResult r = io::read_templates_text("long.jsonl", line, io::Format::jsonl);
        in.templates = std::move(r.templates);
        in.sources.push_back(r.source);
        return in;
      },
      [](const Input& in) {
        const auto findings = engine().lint(in.templates, LintOptions{});
        REQUIRE(findings.size() >= in.templates[0].title.value.size() / 10);
        // Columns are right at the far end of the line.
        REQUIRE(findings.back().location.begin.column > 1);
      });
}

TEST_CASE("scaling: readers, fingerprint ordinals and the title join", "[hostile][scaling]") {
  auto many = [](size_t n, io::Format format) {
    std::string text;
    switch (format) {
      case io::Format::yaml:
        text = "templates:\n";
        for (size_t i = 0; i < n; ++i)
          text += "  - title: " + han_title(i) + "通知\n    keywords:\n      - name: 订单编号\n        example: \"1" +
                  std::to_string(i) + "\"\n";
        break;
      case io::Format::json:
        text = "{\"templates\": [";
        for (size_t i = 0; i < n; ++i)
          text += (i ? ", " : "") + std::string("{\"title\": \"") + han_title(i) +
                  "通知\", \"keywords\": [{\"name\": \"订单编号\", \"example\": \"1\"}]}";
        text += "]}";
        break;
      case io::Format::jsonl:
        for (size_t i = 0; i < n; ++i) text += "{\"title\": \"" + han_title(i) + "通知\"}\n";
        break;
      case io::Format::csv:
        text = "title,keywords\n";
        for (size_t i = 0; i < n; ++i) text += han_title(i) + "通知,订单编号\n";
        break;
    }
    return text;
  };
  const std::pair<const char*, io::Format> formats[] = {
      {"yaml", io::Format::yaml}, {"json", io::Format::json}, {"jsonl", io::Format::jsonl}, {"csv", io::Format::csv}};
  for (const auto& [name, format] : formats) {
    const io::Format f = format;
    check_growth(
        std::string("read ") + name + ", N templates", name == std::string("yaml") ? 2000 : name == std::string("json") ? 15000 : name == std::string("jsonl") ? 30000 : 60000,
        [&](size_t n) { return std::make_pair(n, many(n, f)); },
        [&](const std::pair<size_t, std::string>& in) {
          io::ReadResult r = io::read_templates_text(std::string("t.") + name, in.second, f);
          REQUIRE(r.templates.size() == in.first);
        });
  }

  // N identical templates in one file: N duplicates, fingerprints made unique by ordinals.
  check_growth(
      "lint, N identical templates", 8000,
      [](size_t n) {
        std::string text = "templates:\n";
        for (size_t i = 0; i < n; ++i) text += "  - title: 领红包提醒\n";
        return read_yaml("same.yaml", text);
      },
      [](const Input& in) {
        const auto findings = engine().lint(in.templates, LintOptions{});
        REQUIRE(findings.size() > in.templates.size());
        REQUIRE(findings.back().fingerprint.find(':') != std::string::npos);
      });

  // title-similar / title-duplicate over generated titles (the lint side of the join), and
  // keyword-similar under one title with N keywords.
  check_growth(
      "lint title-similar, N generated titles", 6000,
      [](size_t n) {
        bench::TitleGenerator gen({1, false, TPLGUARD_SOURCE_DIR});
        std::vector<Template> ts;
        for (size_t i = 0; i < n; ++i) ts.push_back(test_support::make_template(gen.next().title, std::nullopt, i));
        return ts;
      },
      [](const std::vector<Template>& ts) {
        LintOptions o;
        o.select = {"title-similar", "title-duplicate"};
        REQUIRE(!engine().lint(ts, o).empty());
      });
  check_growth(
      "lint keyword rules, one template with N keywords", 10000,
      [](size_t n) {
        std::vector<std::pair<std::string, std::string>> kws;
        for (size_t i = 0; i < n; ++i) kws.emplace_back(han_title(i).substr(0, 12), "x");
        return std::vector<Template>{test_support::make_template("订单发货通知", kws)};
      },
      [](const std::vector<Template>& ts) { REQUIRE(!engine().lint(ts, LintOptions{}).empty()); });
}

TEST_CASE("scaling: reporters", "[hostile][scaling]") {
  // N findings in N/10 files, in every format.
  // Made once per size, shared by the formats.
  std::map<size_t, report::Report> made;
  auto make = [&](size_t n) -> const report::Report& {
    if (auto it = made.find(n); it != made.end()) return it->second;
    report::Report& rep = made[n];
    std::vector<Template> ts;
    for (size_t j = 0; j < n / 10; ++j) {
      const std::string file = "f" + std::to_string(j) + ".yaml";
      std::string text = "templates:\n";
      for (size_t i = 0; i < 10; ++i) text += "  - title: 领红包" + han_title(j * 10 + i) + "\n";
      io::ReadResult r = io::read_templates_text(file, text, io::Format::yaml);
      rep.sources[file] = r.source;
      for (auto& t : r.templates) ts.push_back(std::move(t));
      rep.inputs.push_back(file);
    }
    rep.findings = engine().lint(ts, LintOptions{});
    rep.files = rep.inputs.size();
    rep.templates = ts.size();
    return rep;
  };
  report::FormatOptions o;
  o.rules = &engine().rules();
  o.working_dir = "/tmp";
  for (const std::string& format : report::format_names()) {
    // SARIF is built as a JSON document first (ten times slower per finding), GitLab's
    // fingerprints are hashed.
    check_growth(
        "report " + format + ", N findings", format == "sarif" ? 1000 : format == "gitlab" ? 4000 : 10000, make,
        [&](const report::Report& rep) {
          CountingBuf buf;
          std::ostream out(&buf);
          REQUIRE(report::write_report(out, format, rep, o));
          REQUIRE(rep.findings.size() >= rep.templates);
          REQUIRE(buf.bytes > rep.findings.size());
        });
  }
}

TEST_CASE("scaling: audit, its join and its report", "[hostile][scaling]") {
  TempDir dir;
  for (const char* format : {"json", "html"}) {
    check_growth(
        std::string("audit --format ") + format + ", N generated titles", 4000,
        [&](size_t n) {
          bench::TitleGenerator gen({1, false, TPLGUARD_SOURCE_DIR});
          std::string text;
          for (size_t i = 0; i < n; ++i) text += nlohmann::json{{"title", gen.next().title}}.dump() + "\n";
          return dir.write("t" + std::to_string(n) + ".jsonl", text);
        },
        [&](const std::string& path) {
          const auto r = run("audit -q '" + path + "' --jobs 2 --format " + format + " -o out", dir);
          REQUIRE(r.status == 1);
        });
  }
}
