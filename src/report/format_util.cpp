#include "report/format_util.hpp"

#include <ostream>
#include <set>

#include "text/canonical.hpp"
#include "text/hash.hpp"

namespace tplguard::report::detail {

uint32_t error_column(const Report& report, const InputError& e, ColumnUnit unit) {
  if (unit == ColumnUnit::code_points || e.line == 0 || e.column == 0) return e.column;
  auto src = report.sources.find(e.file);
  if (src == report.sources.end()) return e.column;
  std::u32string cps;
  std::vector<uint32_t> offsets;
  const std::string_view line = src->second->line_text(e.line);
  if (text::find_invalid_utf8(line)) return e.column;  // the error may be this very line's bytes
  text::decode_utf8(line, cps, offsets);
  uint32_t u16 = 1;
  for (size_t i = 0; i + 1 < e.column && i < cps.size(); ++i) u16 += cps[i] >= 0x10000 ? 2 : 1;
  return u16;
}

std::vector<std::string> files_of(const Report& report) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& f) {
    if (!f.empty() && seen.insert(f).second) out.push_back(f);
  };
  for (const auto& f : report.inputs) add(f);
  for (const auto& f : report.findings) add(f.location.file);
  for (const auto& e : report.input_errors) add(e.file);
  return out;
}

std::string xml_escape(std::string_view s, bool attribute) {
  std::string out;
  out.reserve(s.size() + 16);
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += attribute ? "&quot;" : "\""; continue;
      case '\'': out += attribute ? "&apos;" : "'"; continue;
      case '\n': out += attribute ? "&#10;" : "\n"; continue;
      case '\r': out += "&#13;"; continue;
      case '\t': out += attribute ? "&#9;" : "\t"; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7F) {  // not allowed in XML 1.0 (0x7F is, but is invisible noise)
      out += "\xEF\xBF\xBD";
      continue;
    }
    // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters either.
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) == 0xBE || static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
      out += "\xEF\xBF\xBD";
      i += 2;
      continue;
    }
    out += static_cast<char>(c);
  }
  return out;
}

std::string summary_line(const Report& report, const FormatOptions& o) {
  const Counts c = count(report.findings);
  auto plural = [](size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); };
  std::string s;
  if (o.chinese) {
    s = "tplguard " + o.command + "：" + std::to_string(c.errors) + " 个错误，" + std::to_string(c.warnings) +
        " 个警告，" + std::to_string(c.infos) + " 个提示；共 " + std::to_string(report.templates) + " 个模板，" +
        std::to_string(report.files) + " 个文件";
    if (!report.input_errors.empty()) s += "；" + std::to_string(report.input_errors.size()) + " 个输入错误";
    if (report.suppressed) s += "；" + std::to_string(report.suppressed) + " 个已被注释抑制";
    if (report.baselined) s += "；" + std::to_string(report.baselined) + " 个在基线中";
    if (report.stale_baseline) s += "；" + std::to_string(report.stale_baseline) + " 条基线条目已过时";
    return s;
  }
  s = "tplguard " + o.command + ": " + plural(c.errors, "error", "errors") + ", " +
      plural(c.warnings, "warning", "warnings") + ", " + std::to_string(c.infos) + " info in " +
      plural(report.templates, "template", "templates") + " (" + plural(report.files, "file", "files") + ")";
  if (!report.input_errors.empty()) s += "; " + plural(report.input_errors.size(), "input error", "input errors");
  if (report.suppressed) s += "; " + std::to_string(report.suppressed) + " silenced inline";
  if (report.baselined) s += "; " + std::to_string(report.baselined) + " in the baseline";
  if (report.stale_baseline)
    s += "; " + plural(report.stale_baseline, "stale baseline entry", "stale baseline entries");
  return s;
}

std::string template_ids(std::string_view template_id, std::string_view library_id, bool chinese) {
  std::string out;
  if (!template_id.empty()) (out += chinese ? "模板 " : "template ") += template_id;
  if (!library_id.empty()) {
    if (!out.empty()) out += chinese ? "，" : ", ";
    (out += chinese ? "模板库 " : "library ") += library_id;
  }
  return out;
}
std::string template_ids(const Finding& f, bool chinese) { return template_ids(f.template_id, f.library_id, chinese); }

}  // namespace tplguard::report::detail
