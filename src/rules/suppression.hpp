#pragma once
// Inline suppressions: a YAML comment `# tplguard: ignore[rule-id, ...] reason` on the line
// of a template's title or of a field silences those rules there. Scanning finds the
// directives; the engine decides what each silences and reports those that silence nothing.
#include <string>
#include <vector>

#include "tplguard/model.hpp"

namespace tplguard::rules {

inline constexpr const char* kUnusedSuppressionRule = "unused-suppression";

struct SuppressedId {
  std::string id;
  size_t begin = 0, end = 0;  // byte range of the id in the file
};

struct Directive {
  uint32_t line = 0;
  size_t begin = 0, end = 0;  // byte range of the directive (from `#` to its last character)
  std::vector<SuppressedId> ids;
  std::string reason;
  std::string problem;  // non-empty when the directive is malformed: what is wrong
};

// The directives in the comments of a YAML file, in line order (at most one per line). Text
// inside quoted and block scalars is not a comment and is never taken for a directive.
std::vector<Directive> scan_directives(const SourceFile& file);

}  // namespace tplguard::rules
