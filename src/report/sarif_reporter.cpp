// SARIF 2.1.0 (OASIS), the format GitHub code scanning and most CI dashboards read.
//
// One run. tool.driver.rules lists every rule (not only those that fired), so a dashboard can
// tell "ran and found nothing" from "not run" and close fixed alerts. Results point at the
// offending characters (columnKind says in which unit), carry partialFingerprints that do not
// depend on line numbers, and input errors become tool execution notifications with
// executionSuccessful false.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "report/format_util.hpp"

namespace tplguard::report {

namespace {

using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr const char* kSrcRoot = "%SRCROOT%";
constexpr const char* kFingerprintKey = "tplguardFinding/v1";

const char* sarif_level(Level l) {
  switch (l) {
    case Level::error: return "error";
    case Level::warning: return "warning";
    case Level::info: return "note";
  }
  return "warning";
}

// Percent-encodes what may not stand in a URI path (RFC 3986), byte by byte, so Chinese
// file names become %E6%A8%A1... and spaces %20.
std::string uri_path(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// An artifact location: relative to %SRCROOT% (the working directory) when the file is under
// it, else an absolute file URI.
json artifact_location(const std::string& file, const fs::path& root) {
  fs::path p(file);
  std::error_code ec;
  if (p.is_absolute()) {
    fs::path rel = p.lexically_normal().lexically_relative(root);
    if (rel.empty() || rel.native().rfind("..", 0) == 0) return {{"uri", "file://" + uri_path(p.lexically_normal().generic_string())}};
    p = rel;
  }
  std::string rel = p.lexically_normal().generic_string();
  while (rel.rfind("./", 0) == 0) rel.erase(0, 2);
  return {{"uri", uri_path(rel)}, {"uriBaseId", kSrcRoot}};
}

std::string pascal_case(const std::string& id) {
  std::string out;
  bool up = true;
  for (char c : id) {
    if (c == '-') {
      up = true;
      continue;
    }
    out += up && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    up = false;
  }
  return out;
}

std::string describe_example(const RuleExample& e) {
  if (!e.source.empty()) return e.source;
  std::string s;
  for (size_t i = 0; i < e.titles.size(); ++i) s += (i ? " + " : "") + e.titles[i];
  if (e.has_keywords) {
    s += " [";
    for (size_t i = 0; i < e.keywords.size(); ++i) {
      s += (i ? ", " : "") + e.keywords[i].first;
      if (!e.keywords[i].second.empty()) s += "=" + e.keywords[i].second;
    }
    s += "]";
  }
  if (e.profile) s += std::string(" (") + to_string(*e.profile) + ")";
  return s;
}

json rule_descriptor(const RuleInfo& r, bool chinese) {
  std::string summary = chinese ? r.summary_zh : r.summary_en;
  if (summary.empty()) summary = chinese ? r.message_zh : r.message_en;
  const bool numbered = !r.clause.empty() && r.clause[0] >= '0' && r.clause[0] <= '9';
  std::string text = r.doc,
              markdown = "**" + r.id + "** (" + (numbered ? "审核说明 " : "clause: ") + r.clause + ")\n\n" + r.doc;
  // Examples as list items; a whole-file example (source) as a fenced block.
  auto add_examples = [&](const char* heading, const std::vector<RuleExample>& list, const char* bullet) {
    if (list.empty()) return;
    text += std::string("\n") + heading + ":";
    markdown += std::string("\n\n") + heading + ":\n";
    for (const auto& e : list) {
      text += std::string("\n  ") + bullet + " " + describe_example(e);
      if (e.source.empty()) markdown += "\n- `" + describe_example(e) + "`";
      else markdown += "\n\n```yaml\n" + e.source + (e.source.back() == '\n' ? "" : "\n") + "```\n";
    }
  };
  add_examples("Passes", r.pass, "+");
  add_examples("Fails", r.fail, "-");
  json levels = json::object();
  for (int p = 0; p < kProfileCount; ++p) levels[to_string(static_cast<Profile>(p))] = to_string(r.levels[p]);
  json props = {{"clause", r.clause}, {"kind", r.kind}};
  if (!r.target.empty()) props["target"] = r.target;
  props["errcode"] = r.errcode ? json(*r.errcode) : json(nullptr);
  props["levels"] = levels;
  props["tags"] = json::array({"wechat-template", r.clause == "API" ? "api" : "clause-" + r.clause});
  return {{"id", r.id},
          {"name", pascal_case(r.id)},
          {"shortDescription", {{"text", summary}}},
          {"fullDescription", {{"text", r.doc}}},
          {"help", {{"text", text}, {"markdown", markdown}}},
          {"defaultConfiguration", {{"level", sarif_level(r.level)}}},
          {"properties", props}};
}

json region_of(const Location& loc, ColumnUnit unit) {
  json r = {{"startLine", loc.begin.line}, {"startColumn", detail::column(loc.begin, unit)}};
  if (loc.end.line >= loc.begin.line && loc.end.line > 0) {
    r["endLine"] = loc.end.line;
    r["endColumn"] = detail::column(loc.end, unit);
  }
  if (loc.byte_begin >= 0 && loc.byte_end >= loc.byte_begin) {
    r["byteOffset"] = loc.byte_begin;
    r["byteLength"] = loc.byte_end - loc.byte_begin;
  }
  return r;
}

}  // namespace

void write_sarif(std::ostream& out, const Report& report, const FormatOptions& o) {
  std::error_code ec;
  fs::path root = o.working_dir.empty() ? fs::current_path(ec) : fs::path(o.working_dir);
  root = fs::absolute(root, ec).lexically_normal();
  std::string root_uri = "file://" + uri_path(root.generic_string());
  if (root_uri.back() != '/') root_uri += '/';

  // Artifacts: every file the run looked at, so results and notifications refer to them by index.
  const std::vector<std::string> files = detail::files_of(report);
  std::map<std::string, size_t> artifact_index;
  json artifacts = json::array();
  for (const auto& f : files) {
    artifact_index.emplace(f, artifacts.size());
    artifacts.push_back({{"location", artifact_location(f, root)}});
  }
  auto location_json = [&](const std::string& file) {
    json loc = artifact_location(file, root);
    if (auto it = artifact_index.find(file); it != artifact_index.end()) loc["index"] = it->second;
    return loc;
  };

  json rules = json::array();
  std::map<std::string, size_t> rule_index;
  if (o.rules) {
    for (const auto& r : *o.rules) {
      rule_index.emplace(r.id, rules.size());
      rules.push_back(rule_descriptor(r, o.chinese));
    }
  }

  json results = json::array();
  for (const auto& f : report.findings) {
    json r = {{"ruleId", f.rule}};
    if (auto it = rule_index.find(f.rule); it != rule_index.end()) r["ruleIndex"] = it->second;
    r["level"] = sarif_level(f.level);
    std::string message = f.message(o.chinese);
    if (f.fix) message += (o.chinese ? "（建议：" : " (fix: ") + f.fix->replacement + (o.chinese ? "）" : ")");
    r["message"] = {{"text", message}};
    if (!f.location.file.empty()) {
      json physical = {{"artifactLocation", location_json(f.location.file)}};
      if (f.location.begin.line > 0) physical["region"] = region_of(f.location, o.columns);
      json location = {{"physicalLocation", physical}};
      if (!f.field.empty())
        location["logicalLocations"] = json::array(
            {{{"fullyQualifiedName", "templates[" + std::to_string(f.index) + "]." + f.field}, {"kind", "member"}}});
      r["locations"] = json::array({location});
    }
    r["partialFingerprints"] = {{kFingerprintKey, detail::fingerprint_of(f)}};
    json props = {{"clause", f.clause}, {"field", f.field}, {"index", f.index}};
    props["errcode"] = f.errcode ? json(*f.errcode) : json(nullptr);
    props["messages"] = {{"zh", f.message_zh}, {"en", f.message_en}};
    if (f.fix) props["fix"] = {{"field", f.fix->field}, {"replacement", f.fix->replacement}};
    if (!f.related.empty()) props["related"] = f.related;
    if (!f.template_id.empty()) props["template_id"] = f.template_id;
    if (!f.library_id.empty()) props["library_id"] = f.library_id;
    if (f.origin != Origin::proposal) {  // an approved template: what says so, and a capped level
      props["approved"] = true;
      props["origin"] = to_string(f.origin);
      if (f.capped_from) props["capped_from"] = to_string(*f.capped_from);
    }
    r["properties"] = props;
    results.push_back(std::move(r));
  }

  json notifications = json::array();
  for (const auto& e : report.input_errors) {
    json n = {{"level", "error"}, {"message", {{"text", e.message}}}, {"descriptor", {{"id", "input-error"}}}};
    if (!e.file.empty()) {
      json physical = {{"artifactLocation", location_json(e.file)}};
      if (e.line > 0) {
        json region = {{"startLine", e.line}};
        if (e.column > 0) region["startColumn"] = detail::error_column(report, e, o.columns);
        physical["region"] = region;
      }
      n["locations"] = json::array({{{"physicalLocation", physical}}});
    }
    notifications.push_back(std::move(n));
  }
  json invocation = {{"executionSuccessful", report.input_errors.empty()}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = notifications;
  invocation["properties"] = {{"templates", report.templates},
                              {"files", report.files},
                              {"suppressedInline", report.suppressed},
                              {"baselined", report.baselined},
                              {"staleBaselineEntries", report.stale_baseline}};
  // The configuration applied, so a result shaped by a .tplguard.yaml in a parent directory
  // says where it came from.
  if (!report.config_file.empty()) invocation["properties"]["configFile"] = report.config_file;

  json driver = {{"name", "tplguard"}};
  if (!o.tool_version.empty()) {
    driver["version"] = o.tool_version;
    driver["semanticVersion"] = o.tool_version;
  }
  driver["rules"] = rules;
  json run = {{"tool", {{"driver", driver}}},
              {"automationDetails", {{"id", "tplguard/" + o.command + "/"}}},
              {"invocations", json::array({invocation})},
              {"originalUriBaseIds", {{kSrcRoot, {{"uri", root_uri}}}}},
              {"artifacts", artifacts},
              {"language", o.chinese ? "zh-CN" : "en-US"},
              {"columnKind", o.columns == ColumnUnit::utf16 ? "utf16CodeUnits" : "unicodeCodePoints"},
              {"results", results}};
  json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({run})}};
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace tplguard::report
