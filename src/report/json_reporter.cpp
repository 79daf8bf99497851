#include <nlohmann/json.hpp>

#include "report/format_util.hpp"
#include "report/report.hpp"

namespace tplguard::report {

namespace {

nlohmann::ordered_json position_json(const Position& p) {
  return {{"line", p.line}, {"column", p.column}, {"column_utf16", p.column_utf16}};
}

}  // namespace

void write_json(std::ostream& out, const Report& report, bool chinese) {
  using json = nlohmann::ordered_json;
  // Streamed one finding at a time: a million findings must not become one document in memory.
  // Invalid UTF-8 cannot reach here (readers reject it), but never throw while reporting.
  auto dump = [](const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); };
  out << "{\"findings\": [";
  bool first = true;
  for (const auto& f : report.findings) {
    json j = {
        {"rule", f.rule},
        {"level", to_string(f.level)},
        {"message", f.message(chinese)},
        {"messages", {{"zh", f.message_zh}, {"en", f.message_en}}},
        {"clause", f.clause},
        {"errcode", f.errcode ? json(*f.errcode) : json(nullptr)},
        {"file", f.location.file},
        {"line", f.location.begin.line ? json(f.location.begin.line) : json(nullptr)},
        {"column", f.location.begin.line ? json(f.location.begin.column) : json(nullptr)},
        {"field", f.field},
        {"index", f.index},
        {"fix", f.fix ? json{{"field", f.fix->field}, {"replacement", f.fix->replacement}} : json(nullptr)},
        {"fingerprint", detail::fingerprint_of(f)},
    };
    if (f.location.begin.line) {
      j["region"] = {{"start", position_json(f.location.begin)}, {"end", position_json(f.location.end)}};
    }
    if (!f.related.empty()) j["related"] = f.related;
    out << (first ? "\n  " : ",\n  ") << dump(j);
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
