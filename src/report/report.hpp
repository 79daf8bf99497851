#pragma once
// Reporters: turn findings and input errors into text for people or JSON for tools.
#include <array>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "io/template_reader.hpp"
#include "tplguard/model.hpp"

namespace tplguard::report {

struct Report {
  std::vector<Finding> findings;
  std::vector<io::InputError> input_errors;
  std::map<std::string, std::shared_ptr<const SourceFile>> sources;  // by path, for source lines
  size_t files = 0;
  size_t templates = 0;
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

}  // namespace tplguard::report
