// `tplguard check [--api API] [--app-json FILE] [--templates FILE] PATH...`: validate request
// bodies before they reach WeChat's API. Same output formats, finding fields and exit
// statuses as `lint`.
#include <algorithm>
#include <iostream>

#include "cli/common.hpp"
#include "report/format_util.hpp"
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

int run_check(const CheckArgs& a) {
  config::Config cfg;
  std::shared_ptr<const Engine> engine;
  if (!load_config_and_engine(a.report, cfg, engine)) return kExitBad;
  const std::set<std::string> select = split_ids(a.select), ignore = split_ids(a.ignore);
  if (!check_ids(*engine, select, "--select") || !check_ids(*engine, ignore, "--ignore")) return kExitBad;

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
    for (const auto& record : file.records) {
      PayloadOptions options;
      options.path = file.source->path();
      options.index = record.index;
      options.select = select;
      options.ignore = ignore;
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
