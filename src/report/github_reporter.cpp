// GitHub Actions workflow commands: each finding becomes an annotation on the pull request's
// diff (`::error file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message`), then a
// plain summary line for the log.
#include "report/format_util.hpp"

namespace tplguard::report {

namespace {

// Workflow command escaping: the message may not hold raw line breaks or '%'; property values
// additionally may not hold ':' or ','. GitHub passes every other control character through,
// so a title or file name holding ESC could colour or rewrite the Actions log: those become
// visible escapes (\x1b), as in the text format.
std::string escape_data(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t run = 0;  // start of the text not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    const char* esc = s[i] == '%' ? "%25" : s[i] == '\r' ? "%0D" : s[i] == '\n' ? "%0A" : nullptr;
    if (!esc) continue;
    out += detail::printable(s.substr(run, i - run));
    out += esc;
    run = i + 1;
  }
  out += detail::printable(s.substr(run));
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : escape_data(s)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

const char* command_for(Level l) {
  switch (l) {
    case Level::error: return "error";
    case Level::warning: return "warning";
    case Level::info: return "notice";
  }
  return "warning";
}

}  // namespace

void write_github(std::ostream& out, const Report& report, const FormatOptions& o) {
  for (const auto& e : report.input_errors) {
    out << "::error ";
    std::string props;
    if (!e.file.empty()) props += "file=" + escape_property(e.file);
    if (e.line) props += ",line=" + std::to_string(e.line);
    if (e.line && e.column) props += ",col=" + std::to_string(detail::error_column(report, e, o.columns));
    props += std::string(props.empty() ? "" : ",") + "title=" + escape_property(o.chinese ? "tplguard 输入错误" : "tplguard input error");
    out << props << "::" << escape_data(e.message) << "\n";
  }
  for (const auto& f : report.findings) {
    const Location& loc = f.location;
    std::string props;
    if (!loc.file.empty()) props += "file=" + escape_property(loc.file);
    if (loc.begin.line) {
      props += ",line=" + std::to_string(loc.begin.line);
      props += ",endLine=" + std::to_string(std::max(loc.end.line, loc.begin.line));
      // GitHub takes columns only for a one-line range.
      if (loc.end.line == loc.begin.line) {
        props += ",col=" + std::to_string(detail::column(loc.begin, o.columns));
        props += ",endColumn=" + std::to_string(detail::column(loc.end, o.columns));
      }
    }
    const std::string title = "tplguard " + f.rule + (f.clause.empty() ? "" : " (" + f.clause + ")");
    props += std::string(props.empty() ? "" : ",") + "title=" + escape_property(title);
    std::string message = f.message(o.chinese);
    if (f.fix) message += std::string("\n") + (o.chinese ? "建议：" : "fix: ") + f.fix->field + ": " + f.fix->replacement;
    if (!f.related.empty()) message += std::string("\n") + (o.chinese ? "参见：" : "see: ") + f.related;
    if (const std::string ids = detail::template_ids(f, o.chinese); !ids.empty()) message += "\n" + ids;
    out << "::" << command_for(f.level) << " " << props << "::" << escape_data(message) << "\n";
  }
  out << detail::summary_line(report, o) << "\n";
}

}  // namespace tplguard::report
