#include <algorithm>

#include "report/format_util.hpp"
#include "report/report.hpp"
#include "text/canonical.hpp"
#include "text/display_width.hpp"

namespace tplguard::report {

using detail::Printable;

Counts count(const std::vector<Finding>& findings) {
  Counts c;
  for (const auto& f : findings) {
    switch (f.level) {
      case Level::error: ++c.errors; break;
      case Level::warning: ++c.warnings; break;
      case Level::info: ++c.infos; break;
    }
    c.by_rule[f.rule][static_cast<int>(f.level)]++;
  }
  return c;
}

namespace {

constexpr const char* kReset = "\x1b[0m";
constexpr const char* kBold = "\x1b[1m";

const char* level_color(Level l) {
  switch (l) {
    case Level::error: return "\x1b[1;31m";
    case Level::warning: return "\x1b[1;35m";
    case Level::info: return "\x1b[1;36m";
  }
  return "";
}

const char* level_name(Level l, bool chinese) {
  if (!chinese) return to_string(l);
  switch (l) {
    case Level::error: return "错误";
    case Level::warning: return "警告";
    case Level::info: return "提示";
  }
  return "";
}

// The source line and a caret line under code points [first, last) of it. Very long lines
// are cut to a window around the span so a 10,000-character title stays readable.
// A source line decoded once for every finding on it (findings come sorted by position, so
// those of one line are adjacent): a long line with many findings must not be decoded once
// per finding.
struct DecodedLine {
  const char* data = nullptr;
  size_t size = 0;
  std::u32string cps;
  std::vector<uint32_t> offsets;
};

void write_snippet(std::ostream& out, std::string_view line, uint32_t line_no, uint32_t first, uint32_t last,
                   const TextOptions& o, DecodedLine& decoded) {
  if (decoded.data != line.data() || decoded.size != line.size()) {
    decoded.cps.clear();
    decoded.offsets.clear();
    text::decode_utf8(line, decoded.cps, decoded.offsets);
    decoded.data = line.data();
    decoded.size = line.size();
  }
  const std::u32string& cps = decoded.cps;
  first = std::min<uint32_t>(first, static_cast<uint32_t>(cps.size()));
  last = std::clamp<uint32_t>(last, first, static_cast<uint32_t>(cps.size()));
  constexpr uint32_t kBefore = 60, kAfter = 100;
  uint32_t from = first > kBefore ? first - kBefore : 0;
  uint32_t to = std::min<uint32_t>(static_cast<uint32_t>(cps.size()), std::max(last, first + 1) + kAfter);
  std::string shown, carets;
  if (from > 0) {
    shown += "…";
    carets += " ";
  }
  for (uint32_t i = from; i < to; ++i) {
    const char32_t c = cps[i];
    const bool in_span = i >= first && i < last;
    if (c == '\t') {
      shown += '\t';
      carets += in_span ? '^' : '\t';
      continue;
    }
    // Control characters would garble the terminal: show them as U+FFFD.
    text::append_utf8(shown, c < 0x20 || c == 0x7F ? U'\uFFFD' : c);
    const int w = c < 0x20 || c == 0x7F ? 1 : text::display_width(c);
    carets.append(static_cast<size_t>(w), in_span ? '^' : ' ');
  }
  if (to < cps.size()) shown += "…";
  if (first == last) carets += '^';  // an empty span: point just after the text
  while (!carets.empty() && carets.back() == ' ') carets.pop_back();
  const std::string num = std::to_string(line_no);
  const std::string pad(num.size(), ' ');
  out << " " << num << " | " << shown << "\n";
  out << " " << pad << " | " << (o.color ? "\x1b[1;32m" : "") << carets << (o.color ? kReset : "") << "\n";
}

}  // namespace

void write_text(std::ostream& out, const Report& report, const TextOptions& o) {
  for (const auto& e : report.input_errors) {
    if (o.color) out << kBold;
    out << Printable{e.file};
    if (e.line) out << ":" << e.line;
    if (e.line && e.column) out << ":" << e.column;
    out << ": ";
    if (o.color) out << kReset << level_color(Level::error);
    out << (o.chinese ? "输入错误" : "input error") << ": ";
    if (o.color) out << kReset;
    out << Printable{e.message} << "\n";
  }
  DecodedLine decoded;
  for (const auto& f : report.findings) {
    const Location& loc = f.location;
    if (o.color) out << kBold;
    out << Printable{loc.file.empty() ? std::string_view("<input>") : std::string_view(loc.file)};
    if (loc.begin.line) out << ":" << loc.begin.line << ":" << loc.begin.column;
    out << ": ";
    if (o.color) out << kReset << level_color(f.level);
    out << level_name(f.level, o.chinese) << ": ";
    if (o.color) out << kReset << kBold;
    out << Printable{f.message(o.chinese)};
    if (o.color) out << kReset;
    out << " [" << f.rule << "]\n";
    auto src = report.sources.find(loc.file);
    if (src != report.sources.end() && loc.begin.line) {
      const uint32_t last = loc.end.line == loc.begin.line ? loc.end.column - 1 : UINT32_MAX;
      write_snippet(out, src->second->line_text(loc.begin.line), loc.begin.line, loc.begin.column - 1, last, o, decoded);
    }
    if (f.fix)
      out << "   = " << (o.chinese ? "建议" : "fix") << ": " << f.fix->field << ": " << Printable{f.fix->replacement} << "\n";
    if (!f.related.empty()) out << "   = " << (o.chinese ? "参见" : "see") << ": " << Printable{f.related} << "\n";
    if (const std::string ids = detail::template_ids(f, o.chinese); !ids.empty()) out << "   = " << Printable{ids} << "\n";
  }
  const Counts c = count(report.findings);
  const size_t items = report.payload_report ? report.payloads.size() : report.templates;
  const char* noun = report.payload_report ? "payload" : "template";
  if (o.chinese) {
    out << c.errors << " 个错误，" << c.warnings << " 个警告，" << c.infos << " 个提示；共 " << items
        << (report.payload_report ? " 个请求体，" : " 个模板，") << report.files << " 个文件";
    if (!report.input_errors.empty()) out << "；" << report.input_errors.size() << " 个输入错误";
    if (report.suppressed) out << "；" << report.suppressed << " 个已被注释抑制";
    if (report.baselined) out << "；" << report.baselined << " 个在基线中";
    if (report.stale_baseline) out << "；" << report.stale_baseline << " 条基线条目已过时";
    if (!report.config_file.empty()) out << "；配置文件 " << Printable{report.config_file};
  } else {
    out << c.errors << " error" << (c.errors == 1 ? "" : "s") << ", " << c.warnings << " warning"
        << (c.warnings == 1 ? "" : "s") << ", " << c.infos << " info in " << items << " " << noun
        << (items == 1 ? "" : "s") << " (" << report.files << " file" << (report.files == 1 ? "" : "s") << ")";
    if (!report.input_errors.empty())
      out << "; " << report.input_errors.size() << " input error" << (report.input_errors.size() == 1 ? "" : "s");
    if (report.suppressed) out << "; " << report.suppressed << " silenced inline";
    if (report.baselined) out << "; " << report.baselined << " in the baseline";
    if (report.stale_baseline)
      out << "; " << report.stale_baseline << " stale baseline entr" << (report.stale_baseline == 1 ? "y" : "ies");
    if (!report.config_file.empty()) out << "; config " << Printable{report.config_file};
  }
  out << "\n";
}

}  // namespace tplguard::report
