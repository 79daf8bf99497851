// Checkstyle XML, read by Jenkins' warnings-ng, reviewdog, SonarQube imports and many IDE
// plugins: a <file> per input (clean ones too) with an <error> per finding and input error.
#include <algorithm>
#include <map>

#include "report/format_util.hpp"

namespace tplguard::report {

void write_checkstyle(std::ostream& out, const Report& report, const FormatOptions& o) {
  using detail::xml_escape;
  std::map<std::string, std::vector<std::string>> errors;
  for (const auto& e : report.input_errors) {
    std::string line = "<error";
    if (e.line) line += " line=\"" + std::to_string(e.line) + "\"";
    if (e.line && e.column) line += " column=\"" + std::to_string(detail::error_column(report, e, o.columns)) + "\"";
    line += " severity=\"error\" message=\"" + xml_escape(e.message, true) + "\" source=\"tplguard.input-error\"/>";
    errors[e.file].push_back(std::move(line));
  }
  for (const auto& f : report.findings) {
    std::string line = "<error";
    if (f.location.begin.line) {
      line += " line=\"" + std::to_string(f.location.begin.line) + "\"";
      line += " column=\"" + std::to_string(detail::column(f.location.begin, o.columns)) + "\"";
    }
    std::string message = f.message(o.chinese);
    if (f.fix) message += (o.chinese ? "（建议：" : " (fix: ") + f.fix->replacement + (o.chinese ? "）" : ")");
    if (const std::string ids = detail::template_ids(f, o.chinese); !ids.empty())
      message += (o.chinese ? "（" : " (") + ids + (o.chinese ? "）" : ")");
    line += std::string(" severity=\"") + to_string(f.level) + "\" message=\"" + xml_escape(message, true) +
            "\" source=\"tplguard." + xml_escape(f.rule, true) + "\"/>";
    errors[f.location.file].push_back(std::move(line));
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
  std::vector<std::string> files = detail::files_of(report);
  if (errors.count("") && std::find(files.begin(), files.end(), std::string()) == files.end()) files.push_back("");
  for (const auto& file : files) {
    const auto& list = errors[file];
    out << "  <file name=\"" << xml_escape(file.empty() ? "<input>" : file, true) << "\"";
    if (list.empty()) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    for (const auto& l : list) out << "    " << l << "\n";
    out << "  </file>\n";
  }
  out << "</checkstyle>\n";
}

}  // namespace tplguard::report
