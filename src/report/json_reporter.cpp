#include <nlohmann/json.hpp>

#include "report/format_util.hpp"
#include "report/json_writer.hpp"
#include "report/report.hpp"

namespace tplguard::report {

void write_json(std::ostream& out, const Report& report, bool chinese) {
  using json = nlohmann::ordered_json;
  // Streamed one finding at a time: a million findings must not become one document in memory.
  // Invalid UTF-8 cannot reach here (readers reject it), but never throw while reporting.
  auto dump = [](const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); };
  out << "{\"findings\": [";
  bool first = true;
  std::string buffer;
  for (const auto& f : report.findings) {
    buffer.assign(first ? "\n  " : ",\n  ");
    append_finding_json(buffer, f, chinese);
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    first = false;
  }
  out << (first ? "],\n" : "\n],\n") << "\"input_errors\": [";
  first = true;
  for (const auto& e : report.input_errors) {
    json j = {{"file", e.file},
              {"line", e.line ? json(e.line) : json(nullptr)},
              {"column", e.column ? json(e.column) : json(nullptr)},
              {"message", e.message}};
    out << (first ? "\n  " : ",\n  ") << dump(j);
    first = false;
  }
  const Counts c = count(report.findings);
  json by_rule = json::object();
  for (const auto& [rule, n] : c.by_rule) by_rule[rule] = {{"error", n[2]}, {"warning", n[1]}, {"info", n[0]}};
  json summary = {{"files", report.files},
                  {report.payload_report ? "payloads" : "templates",
                   report.payload_report ? report.payloads.size() : report.templates},
                  {"errors", c.errors},
                  {"warnings", c.warnings},
                  {"infos", c.infos},
                  {"input_errors", report.input_errors.size()},
                  {"suppressed", report.suppressed},
                  {"baselined", report.baselined},
                  {"stale_baseline", report.stale_baseline},
                  {"by_rule", std::move(by_rule)}};
  // Which configuration shaped the result (it may come from a parent directory): null if none.
  summary["config"] = report.config_file.empty() ? json(nullptr) : json(report.config_file);
  out << (first ? "]" : "\n]");
  if (report.payload_report) {  // check: the API each body was validated against
    out << ",\n\"payloads\": [";
    first = true;
    for (const auto& p : report.payloads) {
      json j = {{"file", p.file},
                {"index", p.index},
                {"line", p.line ? json(p.line) : json(nullptr)},
                {"api", p.api.empty() ? json(nullptr) : json(p.api)},
                {"detected", p.detected}};
      out << (first ? "\n  " : ",\n  ") << dump(j);
      first = false;
    }
    out << (first ? "]" : "\n]");
  }
  out << ",\n\"summary\": " << dump(summary) << "}\n";
}

}  // namespace tplguard::report
