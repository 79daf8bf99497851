// `tplguard check [--api API] [--app-json FILE] [--templates FILE] PATH...`: validate request
// bodies before they reach WeChat's API. Same output formats, finding fields and exit
// statuses as `lint`.
#include <algorithm>
#include <iostream>

#include "cli/common.hpp"
#include "report/format_util.hpp"
#include "io/input_paths.hpp"
#include "io/payload_reader.hpp"
#include "payload/validate_tree.hpp"
#include "report/report.hpp"
#include "tplguard/payload.hpp"

namespace tplguard::cli {

using report::detail::Printable;  // paths and messages on stderr: one line each

namespace {

struct CheckArgs {
  std::vector<std::string> paths, templates, select, ignore;
  std::string api = "auto", app_json;
  ReportArgs report;  // formats, -o, language, baseline, --fail-on, --exit-zero: as lint
};

// The configuration's say over payload rules for one file (lint's options for it): its
// ignore and level overrides as given; its select only where it names payload rules, so a
// config written for lint that selects template rules does not turn every check off.
PayloadOptions payload_options(const LintOptions& lint, const Engine& engine) {
  PayloadOptions o;
  for (const auto& id : lint.select)
    if (const RuleInfo* r = engine.rule(id); r != nullptr && r->target == "payload") o.select.insert(id);
  o.ignore = lint.ignore;
  for (const auto& [id, by_profile] : lint.levels) {
    // A body has no template profile: the forced profile's level, else the first given.
    std::optional<Level> level = lint.profile ? by_profile[static_cast<int>(*lint.profile)] : std::nullopt;
    for (const auto& l : by_profile)
      if (!level) level = l;
    if (level) o.levels[id] = *level;
  }
  return o;
}

int run_check(const CheckArgs& a) {
  config::Config cfg;
  std::shared_ptr<const Engine> engine;
  if (!load_config_and_engine(a.report, cfg, engine)) return kExitBad;
  config::CommandLineSettings cli;
  if (!rule_settings(*engine, "", a.select, a.ignore, false, cli)) return kExitBad;

  report::Report rep;
  rep.payload_report = true;
  // Directories may hold template YAML beside the bodies: only JSON files found there are
  // checked; a YAML file named on the command line is an input error.
  std::vector<std::string> files = io::expand_inputs(a.paths, rep.input_errors, {io::Format::json, io::Format::jsonl});
  std::vector<std::string> side_inputs = a.templates;
  if (!a.app_json.empty()) side_inputs.push_back(a.app_json);
  if (!guard_outputs(a.report, cfg, a.paths, side_inputs, files)) return kExitBad;

  PayloadContext context;
  try {
    if (!a.app_json.empty()) context.load_app_json(a.app_json);
    for (const auto& t : a.templates) context.load_templates(t);
  } catch (const ContextError& e) {
    std::cerr << "tplguard: " << Printable{e.what()} << "\n";
    return kExitBad;
  }
  config::Resolver resolver(cfg, cli);
  resolver.prepare(files);
  const auto validator = PayloadValidator::create(*engine, std::move(context));
  if (a.api != "auto" && validator->api(a.api) == nullptr) {
    std::string known;
    for (const auto& api : validator->apis()) known += (known.empty() ? "" : ", ") + api.id;
    std::cerr << "tplguard: --api: unknown API '" << Printable{a.api} << "' (known: auto, " << known << ")\n";
    return kExitBad;
  }

  for (const auto& path : files) {
    io::PayloadFile file = io::read_payload_file(path);
    ++rep.files;
    rep.inputs.push_back(path);
    for (auto& e : file.errors) rep.input_errors.push_back(std::move(e));
    if (!file.source) continue;
    rep.sources[file.source->path()] = file.source;
    const PayloadOptions file_options = payload_options(resolver.options_for(path), *engine);
    for (const auto& record : file.records) {
      PayloadOptions options = file_options;
      options.path = file.source->path();
      options.index = record.index;
      const std::string& api = a.api != "auto" ? a.api : record.api.empty() ? a.api : record.api;
      PayloadResult r = payload::validate_tree(*validator, file.tree, record.body, *file.source, api, options);
      const int64_t offset = file.tree.nodes[record.body].token_offset;
      const uint32_t line = offset >= 0 ? file.source->line_of(static_cast<size_t>(offset)) : 0;
      rep.payloads.push_back({file.source->path(), record.index, line, r.api ? r.api->id : std::string(), r.detected});
      if (!r.ok()) {
        const Position p = r.error_location.begin.line ? r.error_location.begin
                                                       : file.source->position(static_cast<size_t>(std::max<int64_t>(offset, 0)));
        rep.input_errors.push_back({file.source->path(), p.line, p.column, r.error});
        continue;
      }
      for (auto& f : r.findings) rep.findings.push_back(std::move(f));
    }
  }

  return finish_report(rep, a.report, cfg, *engine, "check");
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto a = std::make_shared<CheckArgs>();
  CLI::App* check = app.add_subcommand("check", "validate send and management request bodies (.json, .jsonl, directories)");
  check->add_option("paths", a->paths, "files or directories of request bodies")->required();
  check->add_option("--api", a->api,
                    "the API the bodies are for (default auto: from an envelope's `api`, else from the body's shape)");
  check->add_option("--app-json", a->app_json, "the mini program's app.json: page must be one of its pages");
  check->add_option("--templates", a->templates,
                    "saved template/list, gettemplate or get_all_private_template answers: template ids, data "
                    "keys and enumerated values must match; --api auto uses them to tell the API");
  check->add_option("--select", a->select, "only these rules (comma-separated ids)");
  check->add_option("--ignore", a->ignore, "not these rules (comma-separated ids)");
  add_report_options(check, a->report);
  return {check, [a] { return run_check(*a); }};
}

}  // namespace tplguard::cli
