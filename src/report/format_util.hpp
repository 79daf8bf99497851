#pragma once
// Helpers the machine formats share: columns in the chosen unit, stable identities, escaping.
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/fingerprint.hpp"
#include "report/report.hpp"
#include "text/printable.hpp"

namespace tplguard::report::detail {

inline uint32_t column(const Position& p, ColumnUnit unit) {
  return unit == ColumnUnit::utf16 ? p.column_utf16 : p.column;
}

// An input error's column (given in code points) in the chosen unit, using the file's text.
uint32_t error_column(const Report& report, const InputError& e, ColumnUnit unit);

using pipeline::fingerprint_of;

// The files a report is about, in order: its inputs, then any other file a finding or input
// error names.
std::vector<std::string> files_of(const Report& report);

// Text for XML 1.0: markup escaped, characters XML cannot hold replaced by U+FFFD; in
// attributes line breaks and tabs are kept as character references.
std::string xml_escape(std::string_view s, bool attribute);

using text::Printable;
using text::printable;

// The template a finding is on, for the formats that have no field for it: "template
// TEMPLATE_ID, library LIBRARY_ID" (either part may be absent; empty when both are).
std::string template_ids(std::string_view template_id, std::string_view library_id, bool chinese);
std::string template_ids(const Finding& f, bool chinese);

// "error: message [rule]"-style one-liners, in the chosen language.
std::string summary_line(const Report& report, const FormatOptions& o);

}  // namespace tplguard::report::detail
