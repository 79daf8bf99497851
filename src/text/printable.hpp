#pragma once
// Text safe to print: the one escaper of what the CLI, the reporters and error messages show.
#include <iosfwd>
#include <string>
#include <string_view>

namespace tplguard::text {

// Text for one line of a terminal or log: control characters (C0, DEL, C1) and the Unicode
// line and paragraph separators become escapes (\n, \t, \x1b, \u2028), so a file named
// "a\nb.yaml" cannot forge a line of output.
std::string printable(std::string_view s);
// The same written to a stream, without a copy when `s` is clean: out << Printable{path}.
struct Printable {
  std::string_view text;
};
std::ostream& operator<<(std::ostream& out, Printable p);

}  // namespace tplguard::text
