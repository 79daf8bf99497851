#pragma once
// The one JSON writer of findings, for lint's and check's JSON report and the audit's JSON
// and HTML. Written straight into a buffer: findings are the bulk of a large report, and
// building a json object for each took most of its time.
#include <cstdint>
#include <string>
#include <string_view>

#include "tplguard/model.hpp"

namespace tplguard::report {

// `s` as a JSON string literal, quotes included: nlohmann::json::dump's escaping (no ASCII
// escaping; invalid UTF-8, which the readers never let through, becomes U+FFFD), plus `<` as
// \u003c so that JSON embedded in an HTML page cannot close its <script>.
void append_json_string(std::string& out, std::string_view s);

// The pieces of an object, each after a comma unless `first`: `"name":` alone, then a
// string, an id (null when empty, so readers see one shape) or a number (null when absent).
void append_json_key(std::string& out, std::string_view name, bool first = false);
void append_json_field(std::string& out, std::string_view name, std::string_view value);
void append_json_id(std::string& out, std::string_view name, std::string_view value);
void append_json_number(std::string& out, std::string_view name, uint64_t value, bool present = true);

// One finding as a JSON object: rule, level, message(s), clause, errcode, file, line, column,
// field, index, the template's ids, fix, fingerprint, region, related, approval; the audit
// adds its template's `title` (when `title` is not null).
void append_finding_json(std::string& out, const Finding& f, bool chinese, const std::string* title = nullptr);

}  // namespace tplguard::report
