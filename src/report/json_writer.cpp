#include "report/json_writer.hpp"

#include <nlohmann/json.hpp>

#include "report/format_util.hpp"
#include "text/canonical.hpp"

namespace tplguard::report {

namespace {

void position(std::string& out, std::string_view name, const Position& p, bool first = false) {
  append_json_key(out, name, first);
  out += "{\"line\":" + std::to_string(p.line) + ",\"column\":" + std::to_string(p.column) +
         ",\"column_utf16\":" + std::to_string(p.column_utf16) + "}";
}

}  // namespace

void append_json_key(std::string& out, std::string_view name, bool first) {
  if (!first) out += ',';
  out += '"';
  out += name;
  out += "\":";
}
void append_json_field(std::string& out, std::string_view name, std::string_view value) {
  append_json_key(out, name);
  append_json_string(out, value);
}
void append_json_id(std::string& out, std::string_view name, std::string_view value) {
  append_json_key(out, name);
  if (value.empty()) out += "null";
  else append_json_string(out, value);
}
void append_json_number(std::string& out, std::string_view name, uint64_t value, bool present) {
  append_json_key(out, name);
  out += present ? std::to_string(value) : std::string("null");
}

void append_json_string(std::string& out, std::string_view s) {
  if (text::find_invalid_utf8(s)) {  // cannot come from the readers; never throw here
    const std::string dumped =
        nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    for (char c : dumped) {
      if (c == '<') out += "\\u003c";
      else out += c;
    }
    return;
  }
  static const char* hex = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the characters not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c != '<') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '<': out += "\\u003c"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
}

void append_finding_json(std::string& out, const Finding& f, bool chinese, const std::string* title) {
  const bool located = f.location.begin.line != 0;
  out += '{';
  append_json_key(out, "rule", true);
  append_json_string(out, f.rule);
  append_json_field(out, "level", to_string(f.level));
  append_json_field(out, "message", f.message(chinese));
  append_json_key(out, "messages");
  out += "{\"zh\":";
  append_json_string(out, f.message_zh);
  out += ",\"en\":";
  append_json_string(out, f.message_en);
  out += '}';
  append_json_field(out, "clause", f.clause);
  append_json_number(out, "errcode", f.errcode ? static_cast<uint64_t>(*f.errcode) : 0, f.errcode.has_value());
  append_json_field(out, "file", f.location.file);
  append_json_number(out, "line", f.location.begin.line, located);
  append_json_number(out, "column", f.location.begin.column, located);
  append_json_field(out, "field", f.field);
  append_json_number(out, "index", f.index);
  if (title != nullptr) append_json_field(out, "title", *title);
  append_json_id(out, "template_id", f.template_id);
  append_json_id(out, "library_id", f.library_id);
  append_json_key(out, "fix");
  if (f.fix) {
    out += "{\"field\":";
    append_json_string(out, f.fix->field);
    out += ",\"replacement\":";
    append_json_string(out, f.fix->replacement);
    out += '}';
  } else {
    out += "null";
  }
  append_json_field(out, "fingerprint", detail::fingerprint_of(f));
  if (located) {
    append_json_key(out, "region");
    out += '{';
    position(out, "start", f.location.begin, true);
    position(out, "end", f.location.end);
    out += '}';
  }
  if (!f.related.empty()) append_json_field(out, "related", f.related);
  if (f.origin != Origin::proposal) {  // an approved template: what says so, and a capped level
    append_json_key(out, "approved");
    out += "true";
    append_json_field(out, "origin", to_string(f.origin));
    if (f.capped_from) append_json_field(out, "capped_from", to_string(*f.capped_from));
  }
  out += '}';
}

}  // namespace tplguard::report
