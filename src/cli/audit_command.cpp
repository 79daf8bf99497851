// `tplguard audit PATH...`: every rule over existing templates, thousands to millions of
// them, with duplicate and too-similar titles grouped into clusters.
#include <unistd.h>

#include <chrono>
#include <optional>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "audit/finding_spool.hpp"
#include "util/workers.hpp"
#include "io/output_file.hpp"
#include "cli/common.hpp"
#include "report/format_util.hpp"
#include "io/input_paths.hpp"
#include "io/template_stream.hpp"
#include "report/audit_report.hpp"
#include "pipeline/baseline.hpp"
#include "tplguard/audit.hpp"

namespace tplguard::cli {

using report::detail::Printable;  // paths and messages on stderr: one line each

namespace {

using Clock = std::chrono::steady_clock;

struct AuditArgs {
  std::vector<std::string> paths, select, ignore;
  std::string format = "text", output, profile, rules_dir, lang, config, fail_on, baseline, write_baseline;
  unsigned jobs = 0;
  bool exhaustive = false, quiet = false, judge_approved = false, no_config = false, no_inline = false,
       exit_zero = false, no_baseline = false;
  size_t html_max_findings = 20000;
};

// One line of progress on stderr, redrawn in place, only when stderr is a terminal.
class Progress {
 public:
  explicit Progress(bool on) : on_(on) {}
  void reading(size_t records, uint64_t done, uint64_t total) {
    if (!due()) return;
    const double secs = seconds(start_);
    std::string s = "reading: " + grouped(records) + " records";
    if (total > 0) {
      s += ", " + std::to_string(done * 100 / total) + "% of " + megabytes(total);
      if (done > 0 && secs > 0.5) s += ", ETA " + clock_text(secs * static_cast<double>(total - std::min(done, total)) / static_cast<double>(done));
    }
    if (secs > 0.5) s += ", " + grouped(static_cast<uint64_t>(static_cast<double>(records) / secs)) + " records/s";
    draw(s);
  }
  void joining(uint64_t done, uint64_t total) {
    if (!on_) return;
    if (join_start_ == Clock::time_point()) join_start_ = Clock::now();
    if (!due() && done < total) return;
    const double secs = seconds(join_start_);
    std::string s = "joining titles: " + std::to_string(total ? done * 100 / total : 100) + "%";
    if (done > 0 && done < total && secs > 0.5)
      s += ", ETA " + clock_text(secs * static_cast<double>(total - done) / static_cast<double>(done));
    draw(s);
  }
  void writing() {
    if (on_) draw("writing the report");
  }
  void clear() {
    if (on_ && drawn_) std::fputs("\r\x1b[K", stderr);
    drawn_ = false;
  }

 private:
  bool due() {
    if (!on_) return false;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return false;
    last_ = now;
    return true;
  }
  void draw(const std::string& s) {
    std::fprintf(stderr, "\r\x1b[K%s", s.c_str());
    std::fflush(stderr);
    drawn_ = true;
  }
  static double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
  }
  static std::string grouped(uint64_t n) {
    std::string s = std::to_string(n), out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (i > 0 && (s.size() - i) % 3 == 0) out.push_back(',');
      out.push_back(s[i]);
    }
    return out;
  }
  static std::string megabytes(uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return buf;
  }
  static std::string clock_text(double secs) {
    const auto s = static_cast<long>(secs + 0.5);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
  }

  bool on_;
  bool drawn_ = false;
  Clock::time_point start_ = Clock::now(), last_, join_start_;
};

int run_audit(const AuditArgs& a) {
  const auto started = Clock::now();
  // The configuration as lint reads it: the same rules, levels and per-path overrides.
  ReportArgs settings;
  settings.config = a.config;
  settings.no_config = a.no_config;
  settings.rules_dir = a.rules_dir;
  settings.output = a.output == "-" ? std::string() : a.output;
  settings.baseline = a.baseline;
  settings.write_baseline = a.write_baseline;
  settings.no_baseline = a.no_baseline;
  config::Config cfg;
  std::shared_ptr<const Engine> engine;
  if (!load_config_and_engine(settings, cfg, engine)) return kExitBad;
  config::CommandLineSettings cli;
  if (!rule_settings(*engine, a.profile, a.select, a.ignore, a.judge_approved, cli)) return kExitBad;
  const Level fail_at = fail_level(cfg, a.fail_on);
  const bool zh = a.lang.empty() ? env_prefers_chinese() : a.lang == "zh";

  std::vector<InputError> errors;
  std::vector<std::string> files = io::expand_inputs(a.paths, errors);
  if (!guard_outputs(settings, cfg, a.paths, {}, files)) return kExitBad;
  // As lint: --write-baseline records every finding and reports as if it applied; a
  // baseline hides the findings it holds, matched as they stream by.
  std::optional<pipeline::BaselineRecorder> recorder;
  std::optional<pipeline::BaselineMatcher> baseline;
  const std::string baseline_path = baseline_to_read(settings, cfg);
  if (!a.write_baseline.empty()) {
    recorder.emplace(a.write_baseline);
  } else if (!baseline_path.empty()) {
    try {
      baseline.emplace(pipeline::read_baseline(baseline_path));
    } catch (const pipeline::BaselineError& e) {
      std::cerr << "tplguard: " << Printable{e.what()} << "\n";
      return kExitBad;
    }
  }
  config::Resolver resolver(cfg, cli);
  resolver.prepare(files);
  AuditOptions options;
  options.lint = resolver.lint_options(false);
  options.lint.inline_suppressions = !a.no_inline;
  options.jobs = util::resolve_jobs(a.jobs);
  options.exhaustive = a.exhaustive;
  // The report goes to a temporary file renamed over -o at the end: the target keeps what
  // it held until the whole report is written.
  std::optional<io::OutputFile> file;
  std::ostream* out = &std::cout;
  if (!a.output.empty() && a.output != "-") {
    try {
      file.emplace(a.output);
    } catch (const io::OutputError& e) {
      std::cerr << "tplguard: -o: " << Printable{e.what()} << "\n";
      return kExitBad;
    }
    out = &file->stream();
  }
  const bool jsonl = a.format == "jsonl", json = a.format == "json", html = a.format == "html";
  Progress progress(!a.quiet && isatty(STDERR_FILENO));
  report::AuditSummary summary;
  summary.files = files.size();
  summary.jobs = options.jobs;
  summary.exhaustive = options.exhaustive;
  std::string line;
  // A JSON Lines record: the object with a "type" key first.
  static const std::string kNoTitle;
  auto typed = [](const char* type, const std::string& object) {
    return std::string("{\"type\":\"") + type + "\"," + object.substr(1);
  };
  auto emit_error = [&](const InputError& e) {
    if (!jsonl) return;
    line.clear();
    report::append_input_error_json(line, e);
    *out << typed("input_error", line) << "\n";
  };
  for (const auto& e : errors) emit_error(e);

  Auditor auditor(engine, options);
  audit::FindingSpool spool;
  io::TemplateStream stream(files);
  io::Chunk chunk;
  std::vector<Finding> findings;
  while (stream.next(chunk, options.jobs)) {
    for (auto& e : chunk.errors) {
      emit_error(e);
      errors.push_back(std::move(e));
    }
    findings.clear();
    auditor.add(chunk.templates, findings);
    if (recorder || baseline)
      std::erase_if(findings, [&](const Finding& f) {
        if (recorder) recorder->add(f);
        else if (!baseline->hides(f)) return false;
        ++summary.baselined;
        return true;
      });
    for (const auto& f : findings) summary.count(f);
    if (jsonl || json || html) {
      // Serialized in parallel blocks (a million templates give millions of findings),
      // then written or spooled in order.
      std::vector<const std::string*> title_of(findings.size());
      size_t t = 0;
      for (size_t i = 0; i < findings.size(); ++i) {
        while (t < chunk.templates.size() && chunk.templates[t].index < findings[i].index) ++t;
        title_of[i] = t < chunk.templates.size() ? &chunk.templates[t].title.value : &kNoTitle;
      }
      constexpr size_t kBlock = 1024;
      std::vector<std::string> blocks((findings.size() + kBlock - 1) / kBlock);
      util::parallel_for(blocks.size(), options.jobs, [&](size_t b, size_t e) {
        std::string json_text;
        for (size_t k = b; k < e; ++k)
          for (size_t i = k * kBlock; i < std::min(findings.size(), (k + 1) * kBlock); ++i) {
            json_text.clear();
            if (html) report::append_finding_row_json(json_text, findings[i], *title_of[i], zh);
            else report::append_finding_json(json_text, findings[i], zh, title_of[i]);
            if (jsonl) blocks[k] += typed("finding", json_text) + "\n";
            else audit::FindingSpool::record(blocks[k], findings[i].index, json_text);
          }
      }, 1);
      for (const auto& block : blocks) {
        if (jsonl) *out << block;
        else spool.add_records(block);
      }
    }
    progress.reading(stream.records(), stream.bytes_read(), stream.bytes_total());
  }
  auditor.finish([&](uint64_t done, uint64_t total) { progress.joining(done, total); });
  progress.writing();
  // The set findings the report shows: all but those the baseline holds.
  std::vector<size_t> set_shown;
  for (size_t i = 0; i < auditor.set_finding_count(); ++i) {
    if (recorder) {
      recorder->add(auditor.set_finding(i));
    } else if (!baseline ||
               !baseline->hides(auditor.set_finding_file(i), auditor.set_finding_rule(i), auditor.set_finding_fingerprint(i))) {
      set_shown.push_back(i);
      continue;
    }
    ++summary.baselined;
  }
  if (recorder) {
    try {
      io::OutputFile baseline_file(a.write_baseline);
      const pipeline::Baseline written = recorder->write(baseline_file.stream());
      baseline_file.commit();
      print_written(a.write_baseline, written.entries.size());
    } catch (const io::OutputError& e) {
      std::cerr << "tplguard: --write-baseline: " << Printable{e.what()} << "\n";
      return kExitBad;
    }
  } else if (baseline) {
    const std::vector<pipeline::BaselineEntry> stale = baseline->stale();
    summary.stale_baseline = stale.size();
    print_stale(baseline_path, stale);
  }
  for (size_t i : set_shown) {
    const Level level = auditor.set_finding_level(i);
    summary.by_rule[auditor.set_finding_rule(i)][static_cast<int>(level)]++;
    (level == Level::error ? summary.errors : level == Level::warning ? summary.warnings : summary.infos)++;
  }
  summary.records = stream.records();
  summary.templates = auditor.templates();
  summary.repeats = auditor.repeats();
  summary.suppressed = auditor.suppressed();
  summary.input_errors = errors.size();
  const auto& clusters = auditor.clusters();

  // Set-level findings, rendered in parallel a block at a time, in order.
  const size_t set_count = auditor.set_finding_count();
  std::vector<std::string> set_block;
  size_t set_block_begin = 0;
  auto set_finding_json = [&](size_t i) -> const std::string& {
    constexpr size_t kBlock = 16384;
    if (set_block.empty() || i < set_block_begin || i >= set_block_begin + set_block.size()) {
      set_block_begin = i - i % kBlock;
      set_block.assign(std::min(kBlock, set_count - set_block_begin), std::string());
      util::parallel_for(set_block.size(), options.jobs, [&](size_t b, size_t e) {
        for (size_t k = b; k < e; ++k) {
          const size_t n = set_block_begin + k;
          if (html) report::append_finding_row_json(set_block[k], auditor.set_finding(n), auditor.set_finding_title(n), zh);
          else {
            const std::string title = auditor.set_finding_title(n);
            report::append_finding_json(set_block[k], auditor.set_finding(n), zh, &title);
          }
        }
      }, 256);
    }
    return set_block[i - set_block_begin];
  };

  // Per-template findings (spooled) and set-level ones, merged by record index.
  auto merged = [&](const std::function<bool(const std::string&)>& sink) {
    audit::merge_by_index(
        spool, set_shown.size(), [&](size_t j) { return auditor.set_finding_index(set_shown[j]); },
        [&](size_t j) -> const std::string& { return set_finding_json(set_shown[j]); }, sink);
  };

  summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (jsonl) {
    for (size_t i : set_shown) *out << typed("finding", set_finding_json(i)) << "\n";
    for (const auto& c : clusters) {
      line.clear();
      report::append_cluster_json(line, c, zh);
      *out << typed("cluster", line) << "\n";
    }
    line.clear();
    report::append_summary_json(line, summary, clusters);
    *out << typed("summary", line) << "\n";
  } else if (json) {
    *out << "{\"findings\":[";
    bool first = true;
    merged([&](const std::string& f) {
      *out << (first ? "\n" : ",\n") << f;
      first = false;
      return true;
    });
    *out << "\n],\"clusters\":[";
    first = true;
    for (const auto& c : clusters) {
      line.clear();
      report::append_cluster_json(line, c, zh);
      *out << (first ? "\n" : ",\n") << line;
      first = false;
    }
    *out << "\n],\"input_errors\":[";
    first = true;
    for (const auto& e : errors) {
      line.clear();
      report::append_input_error_json(line, e);
      *out << (first ? "\n" : ",\n") << line;
      first = false;
    }
    line.clear();
    report::append_summary_json(line, summary, clusters);
    *out << "\n],\"summary\":" << line << "}\n";
  } else if (html) {
    std::string rows = "[";
    size_t shown = 0;
    merged([&](const std::string& f) {
      if (shown >= a.html_max_findings) return false;
      if (shown++) rows += ",\n";
      rows += f;
      return true;
    });
    rows += "]";
    report::write_audit_html(*out, summary, clusters, errors, rows, shown, zh);
  } else {
    report::write_audit_text(*out, summary, clusters, errors, zh);
  }
  progress.clear();
  spool.check();  // a finding lost in the spool must not pass for a complete report
  try {
    if (file) file->commit();  // standard output is checked when the command is done (main.cpp)
  } catch (const io::OutputError& e) {
    std::cerr << "tplguard: -o: " << Printable{e.what()} << "\n";
    return kExitBad;
  }
  if (!errors.empty()) return kExitBad;
  const size_t failing = summary.errors + (fail_at != Level::error ? summary.warnings : 0) +
                         (fail_at == Level::info ? summary.infos : 0);
  return failing > 0 && !a.exit_zero ? kExitFindings : kExitClean;
}

}  // namespace

Command add_audit_command(CLI::App& app) {
  auto a = std::make_shared<AuditArgs>();
  CLI::App* audit = app.add_subcommand(
      "audit", "audit existing templates at scale: every rule, duplicate and similar titles grouped into clusters");
  audit->add_option("paths", a->paths,
                    "files or directories: lint input, template/list, gettemplate, library dumps, JSONL, CSV")
      ->required();
  audit->add_option("--format", a->format, "text (a summary), json, jsonl (streamed) or html (one self-contained page)")
      ->check(CLI::IsMember({"text", "json", "jsonl", "html"}));
  audit->add_option("-o,--output", a->output, "write the report to this file instead of standard output (- for standard output)");
  audit->add_option("-j,--jobs", a->jobs, "worker threads (default: all cores)")->check(CLI::Range(1u, 1024u));
  audit->add_flag("--exhaustive", a->exhaustive, "compare every pair of titles instead of the index join (slow; a check)");
  audit->add_flag("-q,--quiet", a->quiet, "no progress on stderr");
  audit->add_option("--profile", a->profile, "levels for this kind of template (default: the record's kind)")
      ->check(CLI::IsMember({"miniprogram", "subscribe", "official-account"}));
  audit->add_option("--select", a->select, "only these rules (comma-separated ids)");
  audit->add_option("--ignore", a->ignore, "not these rules (comma-separated ids)");
  audit->add_flag("--judge-approved-as-proposals", a->judge_approved,
                  "judge templates WeChat approved (library or template ids, API answers) at full strength: "
                  "errors stay errors");
  audit->add_option("--lang", a->lang, "message language (default: from LANG)")->check(CLI::IsMember({"zh", "en"}));
  audit->add_option("--rules", a->rules_dir, "rule pack directory (default: the shipped rules/)");
  audit->add_option("--config", a->config, "configuration file (default: .tplguard.yaml here or in a parent directory)");
  audit->add_flag("--no-config", a->no_config, "ignore configuration files");
  audit->add_flag("--no-inline-suppressions", a->no_inline, "ignore `# tplguard: ignore[...]` comments");
  audit->add_option("--fail-on", a->fail_on, "exit 1 when a finding reaches this level (default: error, or the config's)")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  audit->add_flag("--exit-zero", a->exit_zero, "exit 0 even with findings (input errors still exit 2)");
  audit->add_option("--baseline", a->baseline, "hide the findings recorded in this baseline file");
  audit->add_option("--write-baseline", a->write_baseline, "record the current findings in this baseline file");
  audit->add_flag("--no-baseline", a->no_baseline, "ignore the configuration's baseline");
  audit->add_option("--html-max-findings", a->html_max_findings, "findings embedded in the HTML page (default 20000)");
  return {audit, [a] { return run_audit(*a); }};
}

}  // namespace tplguard::cli
