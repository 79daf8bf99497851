// The format registry: one name per reporter, shared by every command.
#include "report/report.hpp"

namespace tplguard::report {

const std::vector<std::string>& format_names() {
  static const std::vector<std::string> names = {"text", "json", "sarif", "github", "junit", "checkstyle", "gitlab"};
  return names;
}

bool write_report(std::ostream& out, const std::string& format, const Report& report, const FormatOptions& o) {
  if (format == "text") write_text(out, report, {o.chinese, o.color});
  else if (format == "json") write_json(out, report, o.chinese);
  else if (format == "sarif") write_sarif(out, report, o);
  else if (format == "github") write_github(out, report, o);
  else if (format == "junit") write_junit(out, report, o);
  else if (format == "checkstyle") write_checkstyle(out, report, o);
  else if (format == "gitlab") write_gitlab(out, report, o);
  else return false;
  return true;
}

}  // namespace tplguard::report
