// `tplguard config [PATH]`: the effective configuration, and for PATH the settings its
// templates are linted with (after per-path overrides).
#include <iostream>

#include "cli/common.hpp"

namespace tplguard::cli {

namespace {

struct ConfigArgs {
  std::string path, format = "yaml";
  ReportArgs report;
};

int run_config(const ConfigArgs& a) {
  config::Config cfg;
  std::shared_ptr<const Engine> engine;
  if (!load_config_and_engine(a.report, cfg, engine)) return kExitBad;
  config::Resolver resolver(cfg, {});
  std::cout << config::describe(cfg, *engine, resolver, a.path, a.format == "json");
  return kExitClean;
}

}  // namespace

Command add_config_command(CLI::App& app) {
  auto a = std::make_shared<ConfigArgs>();
  CLI::App* cmd = app.add_subcommand("config", "print the effective configuration (for PATH: after its overrides)");
  cmd->add_option("path", a->path, "a template file: show the settings it is linted with");
  cmd->add_option("--format", a->format, "output format")->check(CLI::IsMember({"yaml", "json"}));
  cmd->add_option("--config", a->report.config, "configuration file (default: .tplguard.yaml here or above)");
  cmd->add_flag("--no-config", a->report.no_config, "ignore configuration files");
  cmd->add_option("--rules", a->report.rules_dir, "rule pack directory (default: the shipped rules/)");
  return {cmd, [a] { return run_config(*a); }};
}

}  // namespace tplguard::cli
