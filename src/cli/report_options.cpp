// The options and the ending every reporting command shares (see common.hpp).
#include <unistd.h>

#include <algorithm>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <tuple>

#include "cli/common.hpp"
#include "io/output_file.hpp"
#include "report/format_util.hpp"
#include "pipeline/baseline.hpp"

namespace tplguard::cli {

using report::detail::Printable;  // paths and messages on stderr: one line each

void add_report_options(CLI::App* app, ReportArgs& a) {
  app->add_option("--format", a.format, "output format")->check(CLI::IsMember(report::format_names()));
  app->add_option("-o,--output", a.output, "write the report to FILE instead of standard output (- for standard output)");
  app->add_option("--lang", a.lang, "message language (default: from LANG)")->check(CLI::IsMember({"zh", "en"}));
  app->add_option("--color", a.color, "colour text output")->check(CLI::IsMember({"auto", "always", "never"}));
  app->add_option("--columns", a.columns, "column unit of sarif, github, junit and checkstyle output")
      ->check(CLI::IsMember({"code-point", "utf16"}));
  app->add_option("--fail-on", a.fail_on, "exit 1 when a finding reaches this level (default: error, or the config's)")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  app->add_flag("--exit-zero", a.exit_zero, "exit 0 even with findings (input errors still exit 2)");
  app->add_option("--config", a.config, "configuration file (default: .tplguard.yaml here or in a parent directory)");
  app->add_flag("--no-config", a.no_config, "ignore configuration files");
  app->add_option("--baseline", a.baseline, "hide the findings recorded in this baseline file");
  app->add_option("--write-baseline", a.write_baseline, "record the current findings in this baseline file");
  app->add_flag("--no-baseline", a.no_baseline, "ignore the configuration's baseline");
  app->add_option("--rules", a.rules_dir, "rule pack directory (default: the shipped rules/)");
}

bool load_config_and_engine(const ReportArgs& a, config::Config& cfg, std::shared_ptr<const Engine>& engine) {
  try {
    if (!a.no_config) {
      std::optional<std::string> path;
      if (!a.config.empty()) path = a.config;
      else path = config::find_config(".");
      if (path) cfg = config::load_config(*path);
    }
    engine = config::build_engine(cfg, a.rules_dir);
    return true;
  } catch (const config::ConfigError& e) {
    std::cerr << "tplguard: config: " << Printable{e.what()} << "\n";
  } catch (const RulePackError& e) {
    std::cerr << "tplguard: " << (cfg.path.empty() ? "rule pack" : "rules") << ": " << Printable{e.what()} << "\n";
  } catch (const std::exception& e) {
    std::cerr << "tplguard: " << Printable{e.what()} << "\n";
  }
  return false;
}

namespace {

// Whether `path` already holds a tplguard baseline (so --write-baseline may replace it).
bool is_baseline_file(const std::string& path) {
  try {
    (void)pipeline::read_baseline(path);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

bool guard_outputs(const ReportArgs& a, const config::Config& cfg, const std::vector<std::string>& named,
                   const std::vector<std::string>& side_inputs, std::vector<std::string>& files) {
  struct Input {
    const char* what;
    std::string path;
    io::FileId id;
  };
  std::vector<Input> inputs;
  auto add_input = [&](const char* what, const std::string& path) {
    struct stat st;
    if (!path.empty() && ::stat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
      inputs.push_back({what, path, {st.st_dev, st.st_ino}});
  };
  for (const auto& p : named) add_input("an input", p);
  for (const auto& p : side_inputs) add_input("an input", p);
  const std::string baseline_path = baseline_to_read(a, cfg);
  add_input("the baseline read", baseline_path);
  add_input("the configuration file", cfg.path);
  // The rule packs and lexicons the engine was built from are inputs of every later run.
  std::vector<std::string> packs = cfg.packs;
  packs.push_back(a.rules_dir.empty() ? default_rules_dir() : a.rules_dir);
  if (a.output.empty() && a.write_baseline.empty()) packs.clear();  // nothing to guard
  for (const auto& dir : packs) {
    std::error_code ec;
    const auto follow = std::filesystem::directory_options::follow_directory_symlink |
                        std::filesystem::directory_options::skip_permission_denied;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, follow, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
      if (it->is_regular_file(ec)) add_input("a file of the rule pack", it->path().string());
  }
  for (const auto& [rule, lexicons] : cfg.lexicons)
    for (const auto& l : lexicons) add_input("a lexicon of the configuration", l.path);
  const size_t named_count = inputs.size();
  for (const auto& p : files) add_input("an input found in a folder", p);

  const std::optional<io::FileId> report = a.output.empty() || a.output == "-" ? std::nullopt : io::file_id(a.output);
  const std::optional<io::FileId> baseline = a.write_baseline.empty() ? std::nullopt : io::file_id(a.write_baseline);

  bool ok = true;
  auto refuse = [&](const char* option, const std::string& path, const Input& i) {
    std::cerr << "tplguard: " << option << " " << Printable{path} << ": this file is " << i.what;
    if (i.path != path) std::cerr << " (" << Printable{i.path} << ")";
    std::cerr << "; refusing to overwrite it\n";
    ok = false;
  };
  if (!a.output.empty() && !a.write_baseline.empty() && io::output_target(a.output) == io::output_target(a.write_baseline)) {
    std::cerr << "tplguard: -o and --write-baseline name the same file " << Printable{a.output} << "\n";
    ok = false;
  }
  for (size_t k = 0; k < inputs.size() && ok; ++k) {
    const Input& i = inputs[k];
    if (report && i.id == *report) {
      refuse("-o", a.output, i);
    } else if (baseline && i.id == *baseline) {
      const bool walked = k >= named_count;
      // Rewriting the baseline that was read, or one that a folder walk reaches, is what
      // --write-baseline is for, but only if that file already is a baseline.
      const bool may_replace = i.what == std::string_view("the baseline read") || walked;
      if (!may_replace || !is_baseline_file(a.write_baseline))
        refuse("--write-baseline", a.write_baseline, i);
    }
  }
  if (!ok) return false;
  // This run's own data files found by a folder walk are not templates.
  std::vector<io::FileId> own;
  for (size_t k = 0; k < named_count; ++k)
    if (inputs[k].what != std::string_view("an input")) own.push_back(inputs[k].id);
  if (baseline) own.push_back(*baseline);
  std::erase_if(files, [&](const std::string& f) {
    if (std::find(named.begin(), named.end(), f) != named.end()) return false;
    const auto id = io::file_id(f);
    return id && std::find(own.begin(), own.end(), *id) != own.end();
  });
  return true;
}

std::string baseline_to_read(const ReportArgs& a, const config::Config& cfg) {
  return a.no_baseline ? std::string() : !a.baseline.empty() ? a.baseline : cfg.baseline;
}

void print_stale(const std::string& path, const std::vector<pipeline::BaselineEntry>& stale) {
  if (stale.empty()) return;
  std::cerr << "tplguard: baseline " << Printable{path} << ": " << stale.size() << " entr"
            << (stale.size() == 1 ? "y matches" : "ies match")
            << " no finding any more (fixed or changed); rewrite it with --write-baseline to drop "
            << (stale.size() == 1 ? "it" : "them") << ":\n";
  constexpr size_t kShown = 20;
  for (size_t i = 0; i < stale.size() && i < kShown; ++i)
    std::cerr << "  " << Printable{stale[i].file} << ": " << stale[i].rule << " " << stale[i].field << " "
              << Printable{stale[i].message} << "\n";
  if (stale.size() > kShown) std::cerr << "  ... and " << stale.size() - kShown << " more\n";
}

void print_written(const std::string& path, size_t entries) {
  std::cerr << "tplguard: wrote " << entries << " entr" << (entries == 1 ? "y" : "ies") << " to " << Printable{path}
            << "\n";
}

int finish_report(report::Report& rep, const ReportArgs& a, const config::Config& cfg, const Engine& engine,
                  const std::string& command) {
  // Input errors come from the directory walk and from reading; report them in path order.
  std::stable_sort(rep.input_errors.begin(), rep.input_errors.end(), [](const InputError& x, const InputError& y) {
    return std::tie(x.file, x.line, x.column) < std::tie(y.file, y.line, y.column);
  });
  rep.config_file = cfg.path;  // named in every report: it may come from a parent directory
  const std::string baseline_path = baseline_to_read(a, cfg);
  try {
    if (!a.write_baseline.empty()) {
      io::OutputFile file(a.write_baseline);
      const pipeline::Baseline written = pipeline::write_baseline(file.stream(), a.write_baseline, rep.findings);
      file.commit();
      print_written(a.write_baseline, written.entries.size());
      rep.baselined += pipeline::apply_baseline(written, rep.findings).hidden;
    } else if (!baseline_path.empty()) {
      pipeline::AppliedBaseline applied = pipeline::apply_baseline(pipeline::read_baseline(baseline_path), rep.findings);
      rep.baselined += applied.hidden;
      rep.stale_baseline = applied.stale.size();
      print_stale(baseline_path, applied.stale);
    }
  } catch (const pipeline::BaselineError& e) {
    std::cerr << "tplguard: " << Printable{e.what()} << "\n";
    return kExitBad;
  } catch (const io::OutputError& e) {
    std::cerr << "tplguard: --write-baseline: " << Printable{e.what()} << "\n";
    return kExitBad;
  }

  report::FormatOptions o;
  o.chinese = a.lang.empty() ? env_prefers_chinese() : a.lang == "zh";
  o.color = (a.output.empty() || a.output == "-") &&
            (a.color == "always" || (a.color == "auto" && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr));
  o.columns = a.columns == "utf16" ? report::ColumnUnit::utf16 : report::ColumnUnit::code_points;
  const Level fail_at = fail_level(cfg, a.fail_on);
  o.fail_level = fail_at;
  o.command = command;
  o.tool_version = TPLGUARD_VERSION_STRING;
  o.rules = &engine.rules();

  // Standard output is checked once the command is done (main.cpp); a file here.
  if (a.output.empty() || a.output == "-") {
    report::write_report(std::cout, a.format, rep, o);
  } else {
    try {
      io::OutputFile out(a.output);
      report::write_report(out.stream(), a.format, rep, o);
      out.commit();
    } catch (const io::OutputError& e) {
      std::cerr << "tplguard: -o: " << Printable{e.what()} << "\n";
      return kExitBad;
    }
  }

  if (!rep.input_errors.empty()) return kExitBad;
  if (a.exit_zero) return kExitClean;
  for (const auto& f : rep.findings)
    if (f.level >= fail_at) return kExitFindings;
  return kExitClean;
}

}  // namespace tplguard::cli
