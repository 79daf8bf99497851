// JUnit XML, the test report GitLab, Jenkins, Azure DevOps and others display: a <testsuite>
// per file, a <testcase> per finding (a <failure> from the failing level up; below it the case
// passes and carries the message in <system-out>), one passing case for a clean file, and an
// <error> case per input error.
#include <algorithm>
#include <map>

#include "report/format_util.hpp"

namespace tplguard::report {

namespace {

struct Case {
  std::string name, body, message, type;
  uint32_t line = 0;
  enum { pass, failure, error } outcome = pass;
};

std::string where(const std::string& file, uint32_t line, uint32_t col) {
  std::string s = file;
  if (line) s += ":" + std::to_string(line);
  if (line && col) s += ":" + std::to_string(col);
  return s;
}

}  // namespace

void write_junit(std::ostream& out, const Report& report, const FormatOptions& o) {
  using detail::xml_escape;
  std::map<std::string, std::vector<Case>> cases;
  for (const auto& e : report.input_errors) {
    Case c;
    c.name = (o.chinese ? "输入错误 " : "input error ") + where(e.file, e.line, 0);
    c.line = e.line;
    c.outcome = Case::error;
    c.type = "input-error";
    c.message = e.message;
    c.body = where(e.file, e.line, detail::error_column(report, e, o.columns)) + ": " + e.message;
    cases[e.file].push_back(std::move(c));
  }
  for (const auto& f : report.findings) {
    Case c;
    const uint32_t col = f.location.begin.line ? detail::column(f.location.begin, o.columns) : 0;
    c.name = f.rule + " " + where(f.location.file, f.location.begin.line, col);
    c.line = f.location.begin.line;
    c.outcome = f.level >= o.fail_level ? Case::failure : Case::pass;
    c.type = f.rule;
    c.message = f.message(o.chinese);
    c.body = where(f.location.file, f.location.begin.line, col) + ": " + to_string(f.level) + ": " + c.message + " [" +
             f.rule + "]";
    if (!f.field.empty()) c.body += "\nfield: templates[" + std::to_string(f.index) + "]." + f.field;
    if (f.fix) c.body += "\nfix: " + f.fix->field + ": " + f.fix->replacement;
    if (!f.related.empty()) c.body += "\nsee: " + f.related;
    if (const std::string ids = detail::template_ids(f, false); !ids.empty()) c.body += "\n" + ids;
    cases[f.location.file].push_back(std::move(c));
  }
  size_t tests = 0, failures = 0, errors = 0;
  std::vector<std::string> files = detail::files_of(report);
  if (cases.count("") && std::find(files.begin(), files.end(), std::string()) == files.end()) files.push_back("");
  for (const auto& file : files) {
    auto& list = cases[file];
    if (list.empty()) list.push_back(Case{o.chinese ? "无问题" : "no findings", "", "", "", 0, Case::pass});
    for (const auto& c : list) {
      ++tests;
      failures += c.outcome == Case::failure;
      errors += c.outcome == Case::error;
    }
  }
  const std::string suite_name = "tplguard " + o.command;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"" << xml_escape(suite_name, true) << "\" tests=\"" << tests << "\" failures=\""
      << failures << "\" errors=\"" << errors << "\" time=\"0\">\n";
  for (const auto& file : files) {
    const auto& list = cases[file];
    size_t f = 0, e = 0;
    for (const auto& c : list) {
      f += c.outcome == Case::failure;
      e += c.outcome == Case::error;
    }
    const std::string name = file.empty() ? "<input>" : file;
    out << "  <testsuite name=\"" << xml_escape(name, true) << "\" tests=\"" << list.size() << "\" failures=\"" << f
        << "\" errors=\"" << e << "\" skipped=\"0\" time=\"0\">\n";
    for (const auto& c : list) {
      out << "    <testcase name=\"" << xml_escape(c.name, true) << "\" classname=\"" << xml_escape(name, true)
          << "\" file=\"" << xml_escape(name, true) << "\"";
      if (c.line) out << " line=\"" << c.line << "\"";
      out << " time=\"0\"";
      if (c.outcome == Case::pass && c.body.empty()) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      if (c.outcome == Case::pass) {
        out << "      <system-out>" << xml_escape(c.body, false) << "</system-out>\n";
      } else {
        const char* tag = c.outcome == Case::failure ? "failure" : "error";
        out << "      <" << tag << " message=\"" << xml_escape(c.message, true) << "\" type=\""
            << xml_escape(c.type, true) << "\">" << xml_escape(c.body, false) << "</" << tag << ">\n";
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace tplguard::report
