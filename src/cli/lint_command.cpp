// `tplguard lint PATH...`: lint proposed templates against the review rules.
#include <algorithm>
#include <iostream>

#include "cli/common.hpp"
#include "io/output_file.hpp"
#include "io/input_paths.hpp"
#include "io/template_reader.hpp"
#include "report/report.hpp"

namespace tplguard::cli {

namespace {

struct LintArgs {
  std::vector<std::string> paths, library, select, ignore;
  std::string profile;
  bool no_inline = false, judge_approved = false;
  ReportArgs report;
};

int run_lint(const LintArgs& a) {
  config::Config cfg;
  std::shared_ptr<const Engine> engine;
  if (!load_config_and_engine(a.report, cfg, engine)) return kExitBad;
  config::CommandLineSettings cli;
  if (!rule_settings(*engine, a.profile, a.select, a.ignore, a.judge_approved, cli)) return kExitBad;

  report::Report rep;
  std::vector<Template> templates, library;
  // Every file is known, and no output names one of them, before anything is read.
  std::vector<std::string> files = io::expand_inputs(a.paths, rep.input_errors);
  std::vector<std::string> library_files = io::expand_inputs(a.library, rep.input_errors);
  if (!guard_outputs(a.report, cfg, a.paths, library_files, files)) return kExitBad;
  // A file both linted and given as --library is linted once: its titles are no
  // duplicates of themselves.
  std::vector<io::FileId> linted;
  for (const auto& f : files)
    if (auto id = io::file_id(f)) linted.push_back(*id);
  std::erase_if(library_files, [&](const std::string& f) {
    const auto id = io::file_id(f);
    return id && std::find(linted.begin(), linted.end(), *id) != linted.end();
  });
  auto read_all = [&](const std::vector<std::string>& paths, std::vector<Template>& into, bool linted) {
    for (const auto& path : paths) {
      io::ReadResult r = io::read_templates_file(path);
      if (r.source) rep.sources[r.source->path()] = r.source;
      if (linted) {
        ++rep.files;
        rep.inputs.push_back(path);
      }
      for (auto& e : r.errors) rep.input_errors.push_back(std::move(e));
      for (auto& t : r.templates) into.push_back(std::move(t));
    }
  };
  read_all(files, templates, true);
  read_all(library_files, library, false);
  rep.templates = templates.size();

  config::Resolver resolver(cfg, cli);
  resolver.prepare(rep.inputs);
  LintOptions options = resolver.lint_options(true);
  options.inline_suppressions = !a.no_inline;
  options.keep_suppressed = true;  // counted in the summary, then dropped
  rep.findings = engine->lint(templates, options, library);
  rep.suppressed = std::erase_if(rep.findings, [](const Finding& f) { return f.suppressed.has_value(); });
  return finish_report(rep, a.report, cfg, *engine, "lint");
}

}  // namespace

Command add_lint_command(CLI::App& app) {
  auto a = std::make_shared<LintArgs>();
  CLI::App* lint = app.add_subcommand("lint", "lint proposed templates (YAML, JSON, JSONL, directories)");
  lint->add_option("paths", a->paths, "files or directories")->required();
  lint->add_option("--profile", a->profile,
                   "levels for this kind of template (default: the config's, else the record's kind, else miniprogram)")
      ->check(CLI::IsMember({"miniprogram", "subscribe", "official-account"}));
  lint->add_option("--select", a->select, "only these rules (comma-separated ids; replaces the config's)");
  lint->add_option("--ignore", a->ignore, "not these rules (comma-separated ids; added to the config's)");
  lint->add_option("--library", a->library, "reference templates for title-duplicate/title-similar");
  lint->add_flag("--no-inline-suppressions", a->no_inline, "ignore `# tplguard: ignore[...]` comments");
  lint->add_flag("--judge-approved-as-proposals", a->judge_approved,
                 "judge templates WeChat approved (library or template ids, API answers) at full strength: errors "
                 "stay errors (default: a warning saying it would not pass review today)");
  add_report_options(lint, a->report);
  return {lint, [a] { return run_lint(*a); }};
}

}  // namespace tplguard::cli
