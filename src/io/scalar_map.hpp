#pragma once
// Where each character of a string value sits in its source file, for values that do not
// appear verbatim there: escapes in JSON strings and double-quoted YAML (`\u7ea2`, a
// surrogate pair for an emoji), `''` in single-quoted YAML, folded lines of plain and quoted
// YAML scalars, and block scalars (`|`, `>`). Findings are rare, so this runs per finding,
// never on the hot path.
#include <cstdint>
#include <string_view>
#include <vector>

namespace tplguard::io {

// `token` is the byte offset of the scalar's token in `text` (its opening quote, its block
// indicator, or its first character). On success fills begin[i] / end[i] with the byte range
// in `text` of value[i] (an escape sequence counts as the character it stands for) and
// returns true; returns false when the source cannot be aligned with the value.
bool map_scalar(std::string_view text, size_t token, std::u32string_view value, std::vector<size_t>& begin,
                std::vector<size_t>& end);

}  // namespace tplguard::io
