#pragma once
// Reporters: turn findings and input errors into text for people or JSON for tools.
#include <array>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "tplguard/model.hpp"
#include "tplguard/tplguard.hpp"

namespace tplguard::report {

struct Report {
  std::vector<Finding> findings;
  std::vector<InputError> input_errors;
  std::map<std::string, std::shared_ptr<const SourceFile>> sources;  // by path, for source lines
  size_t files = 0;
  size_t templates = 0;
  std::vector<std::string> inputs;  // the files checked, in order (clean ones too: JUnit, checkstyle)
  size_t suppressed = 0;            // findings silenced by inline comments (not in `findings`)
  size_t baselined = 0;             // findings hidden by a baseline (not in `findings`)
  size_t stale_baseline = 0;        // baseline entries that matched no finding
  std::string config_file;          // the configuration file applied (empty: none)
  // `tplguard check` reports request bodies: the summary counts payloads, and each one is
  // listed with the API it was validated against.
  struct Payload {
    std::string file;
    size_t index = 0;
    uint32_t line = 0;
    std::string api;        // empty: could not be validated (see input_errors)
    bool detected = false;  // the API was told from the body's shape
  };
  bool payload_report = false;
  std::vector<Payload> payloads;
};

struct Counts {
  size_t errors = 0, warnings = 0, infos = 0;
  std::map<std::string, std::array<size_t, 3>> by_rule;  // rule -> [info, warning, error]
};
Counts count(const std::vector<Finding>& findings);

struct TextOptions {
  bool chinese = false;
  bool color = false;
};

// Compiler-style: file:line:col: level: message [rule], the source line and carets under the
// offending characters (aligned for CJK display width), the fix, then a summary line.
void write_text(std::ostream& out, const Report& report, const TextOptions& options);

// {"findings": [...], "input_errors": [...], "summary": {...}}; check reports also list
// "payloads" before the summary.
void write_json(std::ostream& out, const Report& report, bool chinese);

// Columns in Unicode code points (editors, the text format) or UTF-16 code units (tools
// written in JavaScript, Java or C#).
enum class ColumnUnit { code_points, utf16 };

// Options of the machine formats. Reporters depend on nothing but the Report and these, so
// every command (lint, check, audit) shares them.
struct FormatOptions {
  bool chinese = false;                          // message language
  bool color = false;                            // text only
  ColumnUnit columns = ColumnUnit::code_points;  // sarif, github, junit, checkstyle
  Level fail_level = Level::error;               // junit: findings from this level up are failures
  std::string command = "lint";                  // SARIF automation id, JUnit suite name
  std::string tool_version;                      // SARIF tool.driver.version
  const std::vector<RuleInfo>* rules = nullptr;  // SARIF tool.driver.rules (every rule, fired or not)
  std::string working_dir;                       // SARIF %SRCROOT% (default: the current directory)
};

// The format names write_report knows, for --format.
const std::vector<std::string>& format_names();
// Writes `report` in `format`; false when the format is unknown.
bool write_report(std::ostream& out, const std::string& format, const Report& report, const FormatOptions& options);

// SARIF 2.1.0: one run, every rule in tool.driver.rules with its docs, explicit columnKind,
// regions over the offending characters, partialFingerprints, input errors as tool execution
// notifications.
void write_sarif(std::ostream& out, const Report& report, const FormatOptions& options);
// GitHub Actions workflow commands (::error file=...,line=...::message), then a summary line.
void write_github(std::ostream& out, const Report& report, const FormatOptions& options);
// JUnit XML: a suite per file, a test case per finding (a failure from fail_level up) or one
// passing case for a clean file, an error case per input error.
void write_junit(std::ostream& out, const Report& report, const FormatOptions& options);
// Checkstyle XML: <file> per input with an <error> per finding and input error.
void write_checkstyle(std::ostream& out, const Report& report, const FormatOptions& options);
// GitLab code quality (Code Climate subset) JSON: an issue per finding and input error, with
// unique fingerprints.
void write_gitlab(std::ostream& out, const Report& report, const FormatOptions& options);

}  // namespace tplguard::report
