#include <nlohmann/json.hpp>

#include "report/format_util.hpp"
#include "text/canonical.hpp"
#include "report/report.hpp"

namespace tplguard::report {

namespace {

// JSON text written straight into a buffer: the findings are the bulk of a large report,
// and building a json object for each took most of its time. The output is what
// nlohmann::json::dump writes (no ASCII escaping, U+FFFD for invalid UTF-8).
void append_string(std::string& out, std::string_view s) {
  if (text::find_invalid_utf8(s)) {  // cannot come from the readers; never throw here
    out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  size_t run = 0;  // start of the characters not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        static const char* hex = "0123456789abcdef";
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
      }
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
}

void append_key(std::string& out, std::string_view key) {
  out += '"';
  out += key;
  out += "\":";
}

template <typename N>
void append_number(std::string& out, N n) {
  out += std::to_string(n);
}

void append_position(std::string& out, const Position& p) {
  append_key(out, "line");
  append_number(out, p.line);
  out += ',';
  append_key(out, "column");
  append_number(out, p.column);
  out += ',';
  append_key(out, "column_utf16");
  append_number(out, p.column_utf16);
}

void append_finding(std::string& out, const Finding& f, bool chinese) {
  const bool located = f.location.begin.line != 0;
  out += '{';
  append_key(out, "rule");
  append_string(out, f.rule);
  out += ',';
  append_key(out, "level");
  append_string(out, to_string(f.level));
  out += ',';
  append_key(out, "message");
  append_string(out, f.message(chinese));
  out += ',';
  append_key(out, "messages");
  out += '{';
  append_key(out, "zh");
  append_string(out, f.message_zh);
  out += ',';
  append_key(out, "en");
  append_string(out, f.message_en);
  out += "},";
  append_key(out, "clause");
  append_string(out, f.clause);
  out += ',';
  append_key(out, "errcode");
  if (f.errcode) append_number(out, *f.errcode);
  else out += "null";
  out += ',';
  append_key(out, "file");
  append_string(out, f.location.file);
  out += ',';
  append_key(out, "line");
  if (located) append_number(out, f.location.begin.line);
  else out += "null";
  out += ',';
  append_key(out, "column");
  if (located) append_number(out, f.location.begin.column);
  else out += "null";
  out += ',';
  append_key(out, "field");
  append_string(out, f.field);
  out += ',';
  append_key(out, "index");
  append_number(out, f.index);
  out += ',';
  append_key(out, "fix");
  if (f.fix) {
    out += '{';
    append_key(out, "field");
    append_string(out, f.fix->field);
    out += ',';
    append_key(out, "replacement");
    append_string(out, f.fix->replacement);
    out += '}';
  } else {
    out += "null";
  }
  out += ',';
  append_key(out, "fingerprint");
  append_string(out, detail::fingerprint_of(f));
  if (located) {
    out += ',';
    append_key(out, "region");
    out += '{';
    append_key(out, "start");
    out += '{';
    append_position(out, f.location.begin);
    out += "},";
    append_key(out, "end");
    out += '{';
    append_position(out, f.location.end);
    out += "}}";
  }
  if (!f.related.empty()) {
    out += ',';
    append_key(out, "related");
    append_string(out, f.related);
  }
  if (f.origin != Origin::proposal) {  // an approved template: what says so, and a capped level
    out += ',';
    append_key(out, "approved");
    out += "true,";
    append_key(out, "origin");
    append_string(out, to_string(f.origin));
    if (f.capped_from) {
      out += ',';
      append_key(out, "capped_from");
      append_string(out, to_string(*f.capped_from));
    }
  }
  out += '}';
}

}  // namespace

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
    append_finding(buffer, f, chinese);
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
