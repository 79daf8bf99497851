#pragma once
// Message arguments of the set-level title rules, shared by the lint kinds and the audit so
// both word a finding the same way.
#include <string>

#include "rules/rule_kind.hpp"

namespace tplguard::rules {

// title-duplicate's {other}: the first title with the same key and where it is.
inline Arg duplicate_other_arg(const std::string& title, const std::string& where, bool from_library) {
  return {"other", (from_library ? "参考库中的“" : "“") + title + "”（" + where + "）",
          (from_library ? "library title '" : "'") + title + "' (" + where + ")"};
}

// title-similar's {other}: the title it is too similar to.
inline Arg similar_other_arg(const std::string& title, bool from_library) {
  return {"other", std::string(from_library ? "参考库中的" : "") + "“" + title + "”",
          std::string(from_library ? "library title " : "") + "'" + title + "'"};
}

}  // namespace tplguard::rules
