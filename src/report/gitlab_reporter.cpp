// GitLab code quality: the subset of the Code Climate issue format GitLab reads from
// `artifacts: reports: codequality`. GitLab shows only the first issue of a fingerprint, so
// every fingerprint is unique: the file and the finding's own fingerprint (which holds no line
// numbers, so an issue keeps its identity across commits), with an ordinal for repeats.
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "report/format_util.hpp"
#include "text/hash.hpp"

namespace tplguard::report {

namespace {

const char* severity_of(Level l) {
  switch (l) {
    case Level::error: return "major";
    case Level::warning: return "minor";
    case Level::info: return "info";
  }
  return "minor";
}

std::string repo_path(const std::string& file) {
  std::string p = file;
  while (p.rfind("./", 0) == 0) p.erase(0, 2);
  return p;
}

}  // namespace

void write_gitlab(std::ostream& out, const Report& report, const FormatOptions& o) {
  using json = nlohmann::ordered_json;
  json issues = json::array();
  std::unordered_map<std::string, size_t> seen;
  auto unique = [&](std::string fp) {
    const size_t n = ++seen[fp];
    return n == 1 ? fp : text::StableHash().add(fp).add(std::to_string(n)).hex();
  };
  auto lines = [](uint32_t begin, uint32_t end) {
    return json{{"begin", std::max<uint32_t>(begin, 1)}, {"end", std::max<uint32_t>({end, begin, 1})}};
  };
  for (const auto& e : report.input_errors) {
    const std::string path = repo_path(e.file);
    issues.push_back({{"description", (o.chinese ? "输入错误：" : "input error: ") + e.message},
                      {"check_name", "tplguard/input-error"},
                      {"fingerprint", unique(text::StableHash().add("input-error").add(path).add(std::to_string(e.line)).add(e.message).hex())},
                      {"severity", "blocker"},
                      {"location", {{"path", path}, {"lines", lines(e.line, e.line)}}}});
  }
  for (const auto& f : report.findings) {
    const std::string path = repo_path(f.location.file);
    std::string description = f.message(o.chinese);
    if (f.fix) description += (o.chinese ? "（建议：" : " (fix: ") + f.fix->replacement + (o.chinese ? "）" : ")");
    if (const std::string ids = detail::template_ids(f, o.chinese); !ids.empty())
      description += (o.chinese ? "（" : " (") + ids + (o.chinese ? "）" : ")");
    issues.push_back({{"description", description},
                      {"check_name", "tplguard/" + f.rule},
                      {"fingerprint", unique(text::StableHash().add(path).add(detail::fingerprint_of(f)).hex())},
                      {"severity", severity_of(f.level)},
                      {"location", {{"path", path}, {"lines", lines(f.location.begin.line, f.location.end.line)}}}});
  }
  out << issues.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace tplguard::report
