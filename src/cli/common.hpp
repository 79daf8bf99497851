#pragma once
// What the tplguard subcommands share: exit statuses, option helpers, the registry of
// commands. Each command lives in its own file and registers itself in main.cpp.
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "pipeline/baseline.hpp"
#include "report/report.hpp"
#include "tplguard/tplguard.hpp"

namespace tplguard::cli {

inline constexpr int kExitClean = 0;     // no finding at the failing level
inline constexpr int kExitFindings = 1;  // findings at the failing level
inline constexpr int kExitBad = 2;       // usage error or bad input

// A registered subcommand: its CLI11 app and what runs it once parsed.
struct Command {
  CLI::App* app;
  std::function<int()> run;
};

// Messages in Chinese when LC_ALL / LC_MESSAGES / LANG asks for zh.
bool env_prefers_chinese();
// "a,b" "c" -> {a, b, c}
std::set<std::string> split_ids(const std::vector<std::string>& values);
// Unknown rule ids are a usage error (printed, with a did-you-mean); false if any.
bool check_ids(const Engine& engine, const std::set<std::string>& ids, const char* option);
// What lint and audit take from the command line about the rules (--profile, --select,
// --ignore, --judge-approved-as-proposals); false after printing an unknown rule id.
bool rule_settings(const Engine& engine, const std::string& profile, const std::vector<std::string>& select,
                   const std::vector<std::string>& ignore, bool judge_approved, config::CommandLineSettings& out);
// The level from which findings fail the run: --fail-on (empty: not given), else the
// config's fail-on, else error.
Level fail_level(const config::Config& config, const std::string& fail_on);
// The engine, or null after printing why the rule pack cannot be used.
std::shared_ptr<const Engine> load_engine(const std::string& rules_dir);

// What every reporting command (lint, check, audit) shares: the config file, the output
// format and where it goes, message language, columns, the baseline and exit control.
struct ReportArgs {
  std::string format = "text", output, lang, color = "auto", columns = "code-point", fail_on;
  bool exit_zero = false;
  std::string config;  // --config FILE; empty: .tplguard.yaml found upward
  bool no_config = false;
  std::string baseline, write_baseline;
  bool no_baseline = false;
  std::string rules_dir;
};
void add_report_options(CLI::App* app, ReportArgs& a);

// The configuration to run with (--config, else the nearest .tplguard.yaml, else the
// defaults) and its engine; false after printing why either cannot be used.
bool load_config_and_engine(const ReportArgs& a, config::Config& config, std::shared_ptr<const Engine>& engine);

// Keeps outputs from destroying inputs, before anything is read or written: -o naming a
// file this run reads (named on the command line, found in a folder, in `side_inputs` such
// as --library, the baseline, the config; the same file through any link) is refused with
// a message (false), and so is --write-baseline naming an input other than the baseline
// it replaces. A baseline or config file that a folder walk found in `files` is dropped
// from them: it is this run's own data, not templates.
bool guard_outputs(const ReportArgs& a, const config::Config& config, const std::vector<std::string>& named,
                   const std::vector<std::string>& side_inputs, std::vector<std::string>& files);

// The baseline to apply: --baseline, else the config's (none with --no-baseline).
std::string baseline_to_read(const ReportArgs& a, const config::Config& config);
// On stderr: the entries of baseline `path` that matched no finding, and what to do.
void print_stale(const std::string& path, const std::vector<pipeline::BaselineEntry>& stale);
// On stderr: how many entries --write-baseline wrote.
void print_written(const std::string& path, size_t entries);

// Applies or writes the baseline, writes the report in the chosen format and returns the
// exit status: 2 on input errors, else 1 when a finding reaches the failing level (unless
// --exit-zero), else 0.
int finish_report(report::Report& report, const ReportArgs& a, const config::Config& config, const Engine& engine,
                  const std::string& command);

Command add_lint_command(CLI::App& app);
Command add_audit_command(CLI::App& app);
Command add_config_command(CLI::App& app);
Command add_check_command(CLI::App& app);
std::vector<Command> add_rules_commands(CLI::App& app);  // rules, explain

}  // namespace tplguard::cli
