#include "report/audit_report.hpp"

#include <algorithm>
#include <cstdio>

#include "report/assets.hpp"
#include "report/format_util.hpp"
#include "text/canonical.hpp"
#include "text/display_width.hpp"

namespace tplguard::report {

void AuditSummary::count(const Finding& f) {
  switch (f.level) {
    case Level::error: ++errors; break;
    case Level::warning: ++warnings; break;
    case Level::info: ++infos; break;
  }
  by_rule[f.rule][static_cast<int>(f.level)]++;
}

namespace {

std::string grouped(uint64_t n) {
  std::string s = std::to_string(n), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (s.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(s[i]);
  }
  return out;
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

struct ClusterCounts {
  size_t clusters = 0, titles = 0, largest = 0;
};

std::map<std::string, ClusterCounts> cluster_counts(const std::vector<Cluster>& clusters) {
  std::map<std::string, ClusterCounts> out;
  for (const auto& c : clusters) {
    auto& k = out[c.rule];
    ++k.clusters;
    k.titles += c.members.size();
    k.largest = std::max(k.largest, c.members.size());
  }
  return out;
}

// Clusters by size, largest first, ties in input order.
std::vector<const Cluster*> largest(const std::vector<Cluster>& clusters, size_t n) {
  std::vector<const Cluster*> order;
  order.reserve(clusters.size());
  for (const auto& c : clusters) order.push_back(&c);
  const size_t k = std::min(n, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                    [](const Cluster* a, const Cluster* b) {
                      if (a->members.size() != b->members.size()) return a->members.size() > b->members.size();
                      if (a->rule != b->rule) return a->rule < b->rule;
                      return a->members.front().index < b->members.front().index;
                    });
  order.resize(k);
  return order;
}

}  // namespace

void append_finding_row_json(std::string& out, const Finding& f, const std::string& title, bool chinese) {
  const bool located = f.location.begin.line != 0;
  out.push_back('{');
  append_json_key(out, "rule", true);
  append_json_string(out, f.rule);
  append_json_field(out, "level", to_string(f.level));
  append_json_field(out, "message", f.message(chinese));
  append_json_field(out, "title", title);
  append_json_id(out, "template_id", f.template_id);
  append_json_id(out, "library_id", f.library_id);
  append_json_field(out, "file", f.location.file);
  append_json_number(out, "line", f.location.begin.line, located);
  append_json_number(out, "column", f.location.begin.column, located);
  append_json_field(out, "field", f.field);
  append_json_number(out, "index", f.index);
  append_json_key(out, "fix");
  if (f.fix) append_json_string(out, f.fix->replacement);
  else out += "null";
  out.push_back('}');
}

void append_cluster_json(std::string& out, const Cluster& c, bool chinese) {
  out += "{\"rule\":";
  append_json_string(out, c.rule);
  append_json_number(out, "size", c.members.size());
  append_json_number(out, "representative", c.members[c.representative].index);
  append_json_field(out, "reason", chinese ? c.reason_zh : c.reason_en);
  append_json_key(out, "members");
  out.push_back('[');
  for (size_t i = 0; i < c.members.size(); ++i) {
    const ClusterMember& m = c.members[i];
    if (i) out.push_back(',');
    out += "{\"index\":" + std::to_string(m.index);
    append_json_field(out, "file", m.file);
    append_json_number(out, "line", m.line, m.line != 0);
    append_json_field(out, "title", m.title);
    append_json_id(out, "template_id", m.template_id);
    append_json_id(out, "library_id", m.library_id);
    if (i != c.representative) append_json_field(out, "reason", chinese ? m.reason_zh : m.reason_en);
    out.push_back('}');
  }
  out += "]}";
}

void append_input_error_json(std::string& out, const InputError& e) {
  out += "{\"file\":";
  append_json_string(out, e.file);
  append_json_number(out, "line", e.line, e.line != 0);
  append_json_number(out, "column", e.column, e.column != 0);
  append_json_field(out, "message", e.message);
  out.push_back('}');
}

void append_summary_json(std::string& out, const AuditSummary& s, const std::vector<Cluster>& clusters) {
  out += "{\"files\":" + std::to_string(s.files);
  append_json_number(out, "records", s.records);
  append_json_number(out, "templates", s.templates);
  append_json_number(out, "repeats", s.repeats);
  append_json_number(out, "suppressed", s.suppressed);
  append_json_number(out, "baselined", s.baselined);
  append_json_number(out, "stale_baseline", s.stale_baseline);
  append_json_number(out, "errors", s.errors);
  append_json_number(out, "warnings", s.warnings);
  append_json_number(out, "infos", s.infos);
  append_json_number(out, "input_errors", s.input_errors);
  append_json_key(out, "by_rule");
  out.push_back('{');
  bool first = true;
  for (const auto& [rule, n] : s.by_rule) {
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, rule);
    out += ":{\"error\":" + std::to_string(n[2]) + ",\"warning\":" + std::to_string(n[1]) +
           ",\"info\":" + std::to_string(n[0]) + "}";
  }
  out.push_back('}');
  append_json_key(out, "clusters");
  out.push_back('{');
  first = true;
  for (const auto& [rule, k] : cluster_counts(clusters)) {
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, rule);
    out += ":{\"clusters\":" + std::to_string(k.clusters) + ",\"titles\":" + std::to_string(k.titles) +
           ",\"largest\":" + std::to_string(k.largest) + "}";
  }
  out.push_back('}');
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", s.seconds);
  append_json_key(out, "seconds");
  out += seconds;
  append_json_number(out, "jobs", s.jobs);
  append_json_key(out, "join");
  out += s.exhaustive ? "\"exhaustive\"" : "\"index\"";
  out.push_back('}');
}

void write_audit_text(std::ostream& out, const AuditSummary& s, const std::vector<Cluster>& clusters,
                      const std::vector<InputError>& errors, bool zh, size_t top) {
  constexpr size_t kErrorsShown = 20;
  for (size_t i = 0; i < errors.size() && i < kErrorsShown; ++i) {
    const auto& e = errors[i];
    out << detail::Printable{e.file};
    if (e.line) out << ":" << e.line;
    if (e.line && e.column) out << ":" << e.column;
    out << ": " << (zh ? "输入错误" : "input error") << ": " << detail::Printable{e.message} << "\n";
  }
  if (errors.size() > kErrorsShown)
    out << (zh ? "……另有 " : "... and ") << grouped(errors.size() - kErrorsShown)
        << (zh ? " 个输入错误（--format json 列出全部）\n" : " more input errors (--format json lists them all)\n");
  if (!errors.empty()) out << "\n";

  if (zh)
    out << "审计：" << grouped(s.records) << " 条记录（" << grouped(s.files) << " 个文件），" << grouped(s.templates)
        << " 个模板；" << grouped(s.errors) << " 个错误，" << grouped(s.warnings) << " 个警告，" << grouped(s.infos)
        << " 个提示；" << grouped(s.input_errors) << " 个输入错误\n";
  else
    out << "audited " << grouped(s.records) << " record" << (s.records == 1 ? "" : "s") << " in " << grouped(s.files)
        << " file" << (s.files == 1 ? "" : "s") << ": " << grouped(s.templates) << " template"
        << (s.templates == 1 ? "" : "s") << "; " << grouped(s.errors) << " error" << (s.errors == 1 ? "" : "s")
        << ", " << grouped(s.warnings) << " warning" << (s.warnings == 1 ? "" : "s") << ", " << grouped(s.infos)
        << " info; " << grouped(s.input_errors) << " input error" << (s.input_errors == 1 ? "" : "s") << "\n";
  if (s.repeats)
    out << (zh ? "另有 " : "and ") << grouped(s.repeats)
        << (zh ? " 条记录与先前记录的库 id 和标题相同，按同一模板计\n"
               : " records repeating an earlier record's library id and title, counted as the same template\n");
  if (s.suppressed)
    out << (zh ? "另有 " + grouped(s.suppressed) + " 个问题被注释 `# tplguard: ignore[...]` 忽略\n"
               : grouped(s.suppressed) + " finding" + (s.suppressed == 1 ? "" : "s") +
                     " silenced by `# tplguard: ignore[...]` comments\n");
  if (s.baselined)
    out << (zh ? "另有 " + grouped(s.baselined) + " 个问题记录在基线中，未列出\n"
               : grouped(s.baselined) + " finding" + (s.baselined == 1 ? "" : "s") + " held by the baseline, not shown\n");
  if (!s.by_rule.empty()) {
    size_t w = 4;
    for (const auto& [rule, n] : s.by_rule) w = std::max(w, rule.size());
    // Right-aligned in 10 terminal columns (CJK characters take two).
    auto pad = [](const std::string& t) {
      size_t width = 0;
      std::u32string cps;
      std::vector<uint32_t> offsets;
      text::decode_utf8(t, cps, offsets);
      for (char32_t c : cps) width += static_cast<size_t>(text::display_width(c));
      return std::string(width < 10 ? 10 - width : 1, ' ') + t;
    };
    auto cell = [&](size_t n) { return pad(grouped(n)); };
    out << "\n" << (zh ? "规则" : "rule") << std::string(w + 2 - 4, ' ') << pad(zh ? "错误" : "error")
        << pad(zh ? "警告" : "warning") << pad(zh ? "提示" : "info") << "\n";
    for (const auto& [rule, n] : s.by_rule) out << rule << std::string(w + 2 - rule.size(), ' ') << cell(n[2]) << cell(n[1]) << cell(n[0]) << "\n";
  }
  const auto counts = cluster_counts(clusters);
  if (!counts.empty()) {
    out << "\n";
    for (const auto& [rule, k] : counts)
      out << rule << ": " << grouped(k.clusters) << (zh ? " 组，共 " : " cluster") << (zh ? "" : (k.clusters == 1 ? "" : "s"))
          << (zh ? "" : " of ") << grouped(k.titles) << (zh ? " 个标题，最大一组 " : " titles, the largest ") << grouped(k.largest)
          << (zh ? " 个\n" : "\n");
    const auto big = largest(clusters, top);
    out << "\n" << (zh ? "最大的几组：\n" : "largest clusters:\n");
    constexpr size_t kMembersShown = 8;
    for (const Cluster* c : big) {
      out << "  [" << c->rule << "] " << grouped(c->members.size()) << (zh ? " 个标题：" : " titles: ") << (zh ? c->reason_zh : c->reason_en)
          << "\n";
      for (size_t i = 0; i < c->members.size() && i < kMembersShown; ++i) {
        const auto& m = c->members[i];
        out << "    " << (i == c->representative ? "* " : "  ") << detail::Printable{m.title} << "  " << detail::Printable{m.file};
        if (m.line) out << ":" << m.line;
        if (const std::string ids = detail::template_ids(m.template_id, m.library_id, zh); !ids.empty())
          out << "  [" << detail::Printable{ids} << "]";
        const std::string& why = zh ? m.reason_zh : m.reason_en;
        if (!why.empty()) out << "  (" << why << ")";
        out << "\n";
      }
      if (c->members.size() > kMembersShown)
        out << "      " << (zh ? "……另有 " : "... and ") << grouped(c->members.size() - kMembersShown) << (zh ? " 个\n" : " more\n");
    }
  }
  out << "\n" << (zh ? "每条发现和每一组：--format json、jsonl 或 html\n" : "every finding and cluster: --format json, jsonl or html\n");
}

namespace {

// The page's style and script: src/report/assets/, embedded at build time (generated
// audit_report_assets.cpp).
using assets::kAuditReportCss;
using assets::kAuditReportJs;

// Horizontal bars per rule, split by level.
std::string rule_chart(const AuditSummary& s, bool zh) {
  if (s.by_rule.empty()) return "";
  size_t max_total = 1;
  for (const auto& [rule, n] : s.by_rule) max_total = std::max(max_total, n[0] + n[1] + n[2]);
  // Narrow enough that a phone shows it at nearly full size.
  const int label_w = 150, bar_w = 210, row_h = 26, width = label_w + bar_w + 70;
  const int height = static_cast<int>(s.by_rule.size()) * row_h + 30;
  std::string svg = "<svg id=\"rule-chart\" role=\"img\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\" width=\"100%\" style=\"max-width:" + std::to_string(width + 40) +
                    "px\" aria-label=\"" + (zh ? "各规则的发现数" : "findings per rule") + "\">";
  int y = 4;
  const char* colors[3] = {"#0969da", "#9a6700", "#cf222e"};
  for (const auto& [rule, n] : s.by_rule) {
    const size_t total = n[0] + n[1] + n[2];
    svg += "<g class=\"bar\" data-rule=\"" + html_escape(rule) + "\" data-total=\"" + std::to_string(total) + "\">";
    svg += "<text x=\"" + std::to_string(label_w - 8) + "\" y=\"" + std::to_string(y + 17) +
           "\" text-anchor=\"end\" font-size=\"13\" font-family=\"monospace\" fill=\"#1f2328\">" + html_escape(rule) + "</text>";
    double x = label_w;
    for (int lv = 2; lv >= 0; --lv) {
      if (n[static_cast<size_t>(lv)] == 0) continue;
      const double w = std::max(1.0, static_cast<double>(bar_w) * static_cast<double>(n[static_cast<size_t>(lv)]) /
                                         static_cast<double>(max_total));
      char buf[256];
      std::snprintf(buf, sizeof buf, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"><title>%s: %zu</title></rect>", x,
                    y + 4, w, colors[lv], to_string(static_cast<Level>(lv)), n[static_cast<size_t>(lv)]);
      svg += buf;
      x += w;
    }
    svg += "<text x=\"" + std::to_string(static_cast<int>(x) + 6) + "\" y=\"" + std::to_string(y + 17) +
           "\" font-size=\"13\" fill=\"#59636e\">" + grouped(total) + "</text></g>";
    y += row_h;
  }
  // Legend.
  int lx = label_w;
  for (int lv = 2; lv >= 0; --lv) {
    svg += "<rect x=\"" + std::to_string(lx) + "\" y=\"" + std::to_string(y + 6) + "\" width=\"12\" height=\"12\" fill=\"" +
           colors[lv] + "\"/><text x=\"" + std::to_string(lx + 16) + "\" y=\"" + std::to_string(y + 17) +
           "\" font-size=\"12\" fill=\"#59636e\">" + to_string(static_cast<Level>(lv)) + "</text>";
    lx += 75;
  }
  svg += "</svg>";
  return svg;
}

}  // namespace

void write_audit_html(std::ostream& out, const AuditSummary& s, const std::vector<Cluster>& clusters,
                      const std::vector<InputError>& errors, const std::string& findings_json, size_t shown,
                      bool zh, size_t max_clusters) {
  const size_t total = s.errors + s.warnings + s.infos;
  const auto counts = cluster_counts(clusters);
  out << "<!doctype html>\n<html lang=\"" << (zh ? "zh-CN" : "en") << "\"><head><meta charset=\"utf-8\">"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">"
      << "<title>" << (zh ? "tplguard 审计报告" : "tplguard audit") << "</title><style>" << kAuditReportCss << "</style></head>\n<body>\n<main>\n";
  out << "<h1>" << (zh ? "tplguard 审计报告" : "tplguard audit") << "</h1>\n<p class=\"sub\">"
      << grouped(s.records) << (zh ? " 条记录，" : s.records == 1 ? " record in " : " records in ") << grouped(s.files)
      << (zh ? " 个文件" : s.files == 1 ? " file" : " files")
      << (s.repeats ? (zh ? "；" + grouped(s.repeats) + " 条重复的库记录" : "; " + grouped(s.repeats) + " repeated library records") : "")
      << "</p>\n";
  auto card = [&](const char* id, const char* cls, size_t n, const char* label) {
    out << "<div class=\"card " << cls << "\"><b id=\"" << id << "\">" << grouped(n) << "</b><span>" << label << "</span></div>";
  };
  size_t cluster_total = 0;
  for (const auto& [rule, k] : counts) cluster_total += k.clusters;
  out << "<section id=\"summary\" class=\"cards\">";
  card("count-templates", "", s.templates, zh ? "模板" : "templates");
  card("count-errors", "error", s.errors, zh ? "错误" : "errors");
  card("count-warnings", "warning", s.warnings, zh ? "警告" : "warnings");
  card("count-infos", "info", s.infos, zh ? "提示" : "infos");
  card("count-clusters", "", cluster_total, zh ? "重复/相似标题组" : "title clusters");
  card("count-input-errors", "", s.input_errors, zh ? "输入错误" : "input errors");
  out << "</section>\n";

  out << "<section id=\"rules\"><h2>" << (zh ? "各规则的发现" : "Findings per rule") << "</h2>\n" << rule_chart(s, zh);
  out << "<table id=\"rule-table\"><thead><tr><th>" << (zh ? "规则" : "rule") << "</th><th class=\"n\">error</th><th class=\"n\">warning</th><th class=\"n\">info</th></tr></thead><tbody>";
  for (const auto& [rule, n] : s.by_rule)
    out << "<tr data-rule=\"" << html_escape(rule) << "\"><td class=\"rule\">" << html_escape(rule) << "</td><td class=\"n\">"
        << grouped(n[2]) << "</td><td class=\"n\">" << grouped(n[1]) << "</td><td class=\"n\">" << grouped(n[0]) << "</td></tr>";
  out << "</tbody></table></section>\n";

  out << "<section id=\"clusters\"><h2>" << (zh ? "重复或过度相似的标题组" : "Clusters of duplicate or too-similar titles") << "</h2>\n";
  if (clusters.empty()) out << "<p class=\"note\">" << (zh ? "没有。" : "None.") << "</p>";
  for (const auto& [rule, k] : counts)
    out << "<p class=\"cluster-count\" data-rule=\"" << html_escape(rule) << "\" data-clusters=\"" << k.clusters << "\"><span class=\"rule\">"
        << html_escape(rule) << "</span>: " << grouped(k.clusters) << (zh ? " 组，共 " : " clusters of ") << grouped(k.titles)
        << (zh ? " 个标题" : " titles") << "</p>";
  const auto big = largest(clusters, max_clusters);
  if (big.size() < clusters.size())
    out << "<p class=\"note\">" << (zh ? "按大小显示前 " : "The largest ") << big.size()
        << (zh ? " 组；全部见 --format json。" : " are shown; --format json lists them all.") << "</p>";
  for (const Cluster* c : big) {
    out << "<details class=\"cluster\" data-rule=\"" << html_escape(c->rule) << "\" data-size=\"" << c->members.size() << "\""
        << (c == big.front() ? " open" : "") << "><summary><span class=\"rule\">" << html_escape(c->rule) << "</span> · <b>"
        << c->members.size() << (zh ? " 个标题" : " titles") << "</b> · " << html_escape(zh ? c->reason_zh : c->reason_en)
        << "</summary><ol>";
    constexpr size_t kMembersShown = 50;
    for (size_t i = 0; i < c->members.size(); ++i) {
      if (i >= kMembersShown && i != c->representative) continue;
      const auto& m = c->members[i];
      out << "<li" << (i == c->representative ? " class=\"rep\"" : "") << " value=\"" << i + 1 << "\" data-index=\"" << m.index
          << "\">" << html_escape(m.title);
      if (i == c->representative) out << " <span class=\"tag\">" << (zh ? "代表" : "representative") << "</span>";
      out << " <span class=\"loc\">" << html_escape(m.file) << (m.line ? ":" + std::to_string(m.line) : "") << " #" << m.index << "</span>";
      if (const std::string ids = detail::template_ids(m.template_id, m.library_id, zh); !ids.empty())
        out << " <span class=\"ids\">" << html_escape(ids) << "</span>";
      const std::string& why = zh ? m.reason_zh : m.reason_en;
      if (!why.empty()) out << " <span class=\"why\">" << html_escape(why) << "</span>";
      out << "</li>";
    }
    out << "</ol>";
    if (c->members.size() > kMembersShown)
      out << "<p class=\"note\">" << (zh ? "……另有 " : "… and ") << grouped(c->members.size() - kMembersShown)
          << (zh ? " 个（--format json 列出全部）" : " more (--format json lists them all)") << "</p>";
    out << "</details>\n";
  }
  out << "</section>\n";

  out << "<section id=\"findings\"><h2>" << (zh ? "发现" : "Findings") << "</h2>\n";
  if (shown < total)
    out << "<p class=\"note\" id=\"findings-cut\">" << (zh ? "本页收录前 " : "This page holds the first ") << grouped(shown)
        << (zh ? " 条发现，共 " : " of ") << grouped(total) << (zh ? " 条；全部见 --format json 或 jsonl。" : " findings; --format json or jsonl lists them all.")
        << "</p>";
  out << "<div class=\"controls\"><input id=\"q\" type=\"search\" placeholder=\"" << (zh ? "搜索标题、消息、文件" : "search titles, messages, files")
      << "\" aria-label=\"search\"><select id=\"rule-filter\" aria-label=\"rule\"><option value=\"\">" << (zh ? "全部规则" : "all rules") << "</option>";
  for (const auto& [rule, n] : s.by_rule) out << "<option value=\"" << html_escape(rule) << "\">" << html_escape(rule) << "</option>";
  out << "</select><select id=\"level-filter\" aria-label=\"level\"><option value=\"\">" << (zh ? "全部级别" : "all levels")
      << "</option><option value=\"error\">error</option><option value=\"warning\">warning</option><option value=\"info\">info</option></select></div>";
  out << "<p id=\"shown\" class=\"note\"></p><table id=\"findings-table\"><thead><tr><th>" << (zh ? "级别" : "level") << "</th><th>"
      << (zh ? "规则" : "rule") << "</th><th>" << (zh ? "标题" : "title") << "</th><th>" << (zh ? "消息" : "message") << "</th><th>"
      << (zh ? "位置" : "where") << "</th></tr></thead><tbody></tbody></table><button id=\"more\" type=\"button\" hidden>"
      << (zh ? "显示更多" : "show more") << "</button></section>\n";

  if (!errors.empty()) {
    constexpr size_t kShown = 1000;
    out << "<section id=\"input-errors\"><h2>" << (zh ? "输入错误" : "Input errors") << "</h2><ul>";
    for (size_t i = 0; i < errors.size() && i < kShown; ++i) {
      const auto& e = errors[i];
      out << "<li><span class=\"loc\">" << html_escape(e.file) << (e.line ? ":" + std::to_string(e.line) : "")
          << (e.line && e.column ? ":" + std::to_string(e.column) : "") << "</span> " << html_escape(e.message) << "</li>";
    }
    out << "</ul>";
    if (errors.size() > kShown) out << "<p class=\"note\">… " << grouped(errors.size() - kShown) << (zh ? " 个未列出" : " more") << "</p>";
    out << "</section>\n";
  }
  std::string labels = "{\"error\":";
  append_json_string(labels, zh ? "错误" : "error");
  labels += ",\"warning\":";
  append_json_string(labels, zh ? "警告" : "warning");
  labels += ",\"info\":";
  append_json_string(labels, zh ? "提示" : "info");
  labels += ",\"shown\":";
  append_json_string(labels, zh ? "显示 {n} / {m} 条匹配的发现" : "showing {n} of {m} matching findings");
  labels += "}";
  out << "</main>\n<script type=\"application/json\" id=\"labels\">" << labels << "</script>\n"
      << "<script type=\"application/json\" id=\"findings-data\">" << findings_json << "</script>\n<script>" << kAuditReportJs
      << "</script>\n</body></html>\n";
}

}  // namespace tplguard::report
