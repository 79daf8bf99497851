// `tplguard lint PATH...`: lint proposed templates against the review rules.
#include <unistd.h>

#include <iostream>

#include "cli/common.hpp"
#include "io/template_reader.hpp"
#include "report/report.hpp"

namespace tplguard::cli {

namespace {

struct LintArgs {
  std::vector<std::string> paths, library, select, ignore;
  std::string format = "text", profile, rules_dir, lang, color = "auto";
};

int run_lint(const LintArgs& a) {
  auto engine = load_engine(a.rules_dir);
  if (!engine) return kExitBad;
  LintOptions options;
  if (!a.profile.empty()) options.profile = parse_profile(a.profile);
  options.select = split_ids(a.select);
  options.ignore = split_ids(a.ignore);
  if (!check_ids(*engine, options.select, "--select") || !check_ids(*engine, options.ignore, "--ignore"))
    return kExitBad;

  report::Report rep;
  std::vector<Template> templates, library;
  auto read_all = [&](const std::vector<std::string>& inputs, std::vector<Template>& into, bool count) {
    for (const auto& path : io::expand_inputs(inputs, rep.input_errors)) {
      io::ReadResult r = io::read_templates_file(path);
      if (r.source) rep.sources[r.source->path()] = r.source;
      if (count) ++rep.files;
      for (auto& e : r.errors) rep.input_errors.push_back(std::move(e));
      for (auto& t : r.templates) into.push_back(std::move(t));
    }
  };
  read_all(a.paths, templates, true);
  read_all(a.library, library, false);
  rep.templates = templates.size();
  rep.findings = engine->lint(templates, options, library);

  const bool chinese = a.lang.empty() ? env_prefers_chinese() : a.lang == "zh";
  if (a.format == "json") {
    report::write_json(std::cout, rep, chinese);
  } else {
    const bool color = a.color == "always" ||
                       (a.color == "auto" && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr);
    report::write_text(std::cout, rep, {chinese, color});
  }
  if (!rep.input_errors.empty()) return kExitBad;
  for (const auto& f : rep.findings)
    if (f.level == Level::error) return kExitFindings;
  return kExitClean;
}

}  // namespace

Command add_lint_command(CLI::App& app) {
  auto a = std::make_shared<LintArgs>();
  CLI::App* lint = app.add_subcommand("lint", "lint proposed templates (YAML, JSON, JSONL, directories)");
  lint->add_option("paths", a->paths, "files or directories")->required();
  lint->add_option("--format", a->format, "output format")->check(CLI::IsMember({"text", "json"}));
  lint->add_option("--profile", a->profile,
                   "levels for this kind of template (default: the record's kind, else miniprogram)")
      ->check(CLI::IsMember({"miniprogram", "subscribe", "official-account"}));
  lint->add_option("--select", a->select, "only these rules (comma-separated ids)");
  lint->add_option("--ignore", a->ignore, "not these rules (comma-separated ids)");
  lint->add_option("--library", a->library, "reference templates for title-duplicate/title-similar");
  lint->add_option("--lang", a->lang, "message language (default: from LANG)")->check(CLI::IsMember({"zh", "en"}));
  lint->add_option("--color", a->color, "colour text output")->check(CLI::IsMember({"auto", "always", "never"}));
  lint->add_option("--rules", a->rules_dir, "rule pack directory (default: the shipped rules/)");
  return {lint, [a] { return run_lint(*a); }};
}

}  // namespace tplguard::cli
