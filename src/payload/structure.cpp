// Spec-driven checks of a body's fields: required, types, empty strings, unknown keys (with
// a did-you-mean), integer ranges, string lengths, enum values, patterns, lists.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "payload/validator.hpp"
#include "util/closest.hpp"

namespace tplguard::payload {

std::string quoted_value(std::string_view v) {
  constexpr size_t kMax = 40;
  size_t cps = 0, cut = v.size();
  for (size_t i = 0; i < v.size(); ++i) {
    if ((static_cast<unsigned char>(v[i]) & 0xC0) != 0x80 && cps++ == kMax) {
      cut = i;
      break;
    }
  }
  std::string out = "'";
  for (size_t i = 0; i < cut; ++i) {
    const char ch = v[i];
    if (ch == '\n') out += "\\n";
    else if (ch == '\t') out += "\\t";
    else if (ch == '\r') out += "\\r";
    else out += ch;
  }
  if (cut < v.size()) out += "…";
  return out + "'";
}

std::string dotted_path(const Document& doc, uint32_t node, std::string_view missing) {
  std::vector<uint32_t> chain;
  for (uint32_t at = node; at != kNoNode && doc.node(at).parent != kNoNode; at = doc.node(at).parent)
    chain.push_back(at);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const DocNode& n = doc.node(*it);
    if (doc.node(n.parent).kind == JsonKind::array) {
      out += "[" + std::to_string(n.position) + "]";
    } else {
      if (!out.empty()) out += '.';
      out += n.key;
    }
  }
  if (!missing.empty()) {
    if (!out.empty()) out += '.';
    out += missing;
  }
  return out.empty() ? std::string("(body)") : out;
}

bool is_blank(std::string_view v) {
  for (size_t i = 0; i < v.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    // U+3000 IDEOGRAPHIC SPACE (E3 80 80), common in Chinese input.
    if (c == 0xE3 && i + 2 < v.size() && static_cast<unsigned char>(v[i + 1]) == 0x80 &&
        static_cast<unsigned char>(v[i + 2]) == 0x80) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

namespace {

using rules::Arg;

std::string field_label(const Run& r, uint32_t node, std::string_view missing = {}) {
  return dotted_path(r.doc, node, missing);
}

size_t code_points(std::string_view v) {
  size_t n = 0;
  for (char ch : v) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

std::string lower_letters(std::string_view s) {
  std::string out;
  for (char ch : s)
    if (ch != '_' && ch != '-') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  return out;
}

// The field a misspelt key most likely meant: the same letters ignoring case and
// underscores (toUser, template_Id, templateId), else within a small edit distance (datas).
int suggest(const ObjectSpec& spec, std::string_view key) {
  const std::string k = lower_letters(key);
  int best = -1;
  size_t best_d = 0;
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    std::vector<std::string_view> names{spec.fields[i].name};
    for (const auto& a : spec.fields[i].aliases) names.push_back(a);
    for (std::string_view n : names) {
      if (lower_letters(n) == k) return static_cast<int>(i);
      const size_t d = util::edit_distance(k, lower_letters(n));
      const size_t limit = n.size() >= 6 ? 2 : 1;
      if (d <= limit && (best < 0 || d < best_d)) {
        best = static_cast<int>(i);
        best_d = d;
      }
    }
  }
  return best;
}

// An unknown key: reported with a did-you-mean, and remembered as what was given instead
// of the field it resembles (field-required names it).
void report_unknown(Run& r, const ObjectSpec& spec, const DocNode& m, bool root, uint32_t* suggested) {
  const int s = suggest(spec, m.key);
  if (s >= 0) suggested[s] = r.doc.index_of(m);
  if (!r.on(Check::field_unknown)) return;
  std::string hint_zh, hint_en;
  if (s >= 0) {
    const std::string& name = spec.fields[static_cast<size_t>(s)].name;
    hint_zh = "；是否应为“" + name + "”？";
    hint_en = "; did you mean '" + name + "'?";
  }
  if (root) {  // a name another API uses: say so (templateId is the cloud call's name)
    for (const auto& other : r.c.specs.apis) {
      const int at = other.body.find(m.key);
      if (&other == &r.api || at < 0 || other.body.fields[static_cast<size_t>(at)].name != m.key) continue;
      hint_zh += "（“" + std::string(m.key) + "”是 " + other.id + " 的字段）";
      hint_en += " ('" + std::string(m.key) + "' is a field of " + other.id + ")";
      break;
    }
  }
  Hit h{Check::field_unknown};
  h.node = r.doc.index_of(m);
  h.at_key = true;
  const std::string where = m.parent != kNoNode && r.doc.node(m.parent).parent != kNoNode
                                ? field_label(r, m.parent)
                                : r.api.id;
  h.args = {{"field", std::string(m.key), std::string(m.key)}, {"in", where, where}, {"hint", hint_zh, hint_en}};
  r.report(std::move(h));
}

void report_type(Run& r, const FieldSpec& f, const DocNode& n, std::string_view extra_zh = {}, std::string_view extra_en = {}) {
  if (!r.on(Check::field_type)) return;
  Hit h{Check::field_type};
  h.node = r.doc.index_of(n);
  const std::string label = field_label(r, h.node);
  h.args = {{"field", label, label},
            {"expected", field_type_name(f.type, true), field_type_name(f.type, false)},
            {"actual", std::string(kind_name_zh(n.kind)) + std::string(extra_zh), std::string(kind_name(n.kind)) + std::string(extra_en)}};
  h.errcode = f.errcode_for(Check::field_type);
  h.level = f.level_for(Check::field_type);
  r.report(std::move(h));
}

void report_missing(Run& r, const FieldSpec& f, const DocNode& object, uint32_t null_node, uint32_t suggested) {
  if (!r.on(Check::field_required)) return;
  Hit h{Check::field_required};
  h.node = r.doc.index_of(object);
  h.missing = f.name;
  std::string hint_zh, hint_en;
  if (null_node != kNoNode) {
    h.node = null_node;
    h.missing.clear();
    hint_zh = "（值为 null）";
    hint_en = " (it is null)";
  } else if (suggested != kNoNode) {
    const std::string k(r.doc.node(suggested).key);
    hint_zh = "（给出的“" + k + "”不是它的字段名）";
    hint_en = " ('" + k + "' was given, which is not its name)";
  }
  const std::string label = field_label(r, r.doc.index_of(object), f.name);
  h.args = {{"field", label, label}, {"hint", hint_zh, hint_en}};
  h.errcode = f.errcode_for(Check::field_required);
  h.level = f.level_for(Check::field_required);
  r.report(std::move(h));
}

void check_field(Run& r, const FieldSpec& f, const DocNode& n, const ObjectSpec& spec, const uint32_t* seen);

void check_string(Run& r, const FieldSpec& f, const DocNode& n, const ObjectSpec& spec, const uint32_t* seen) {
  const std::string_view v = n.text;
  // A parsed body may hold strings that were never checked for UTF-8; text input was. Data
  // values are checked by value-format, in the one pass over their characters.
  if (!r.doc.has_positions() && !f.entry_value && text::find_invalid_utf8(v)) {
    report_type(r, f, n, "（不是有效的 UTF-8）", " (not valid UTF-8)");
    return;
  }
  const uint32_t at = r.doc.index_of(n);
  if (is_blank(v)) {
    if (f.required && !f.entry_value && r.on(Check::field_empty)) {
      Hit h{Check::field_empty};
      h.node = at;
      const std::string label = field_label(r, at);
      h.args = {{"field", label, label}};
      h.errcode = f.errcode_for(Check::field_empty);
      h.level = f.level_for(Check::field_empty);
      r.report(std::move(h));
    }
    return;
  }
  if (f.max_length > 0 && r.on(Check::field_length)) {
    const size_t length = code_points(v);
    if (length > f.max_length) {
      Hit h{Check::field_length};
      h.node = at;
      h.begin = f.max_length;
      h.end = static_cast<uint32_t>(length);
      const std::string label = field_label(r, at), len = std::to_string(length), max = std::to_string(f.max_length);
      h.args = {{"field", label, label}, {"length", len, len}, {"max", max, max}};
      h.errcode = f.errcode_for(Check::field_length);
      h.level = f.level_for(Check::field_length);
      r.report(std::move(h));
    }
  }
  if (!f.enum_values.empty() && r.on(Check::field_enum) &&
      std::find(f.enum_values.begin(), f.enum_values.end(), v) == f.enum_values.end()) {
    Hit h{Check::field_enum};
    h.node = at;
    std::string values;
    for (const auto& e : f.enum_values) values += (values.empty() ? "" : ", ") + e;
    const std::string label = field_label(r, at), shown = quoted_value(v);
    h.args = {{"field", label, label}, {"values", values, values}, {"value", shown, shown}};
    for (const auto& e : f.enum_values)
      if (lower_letters(e) == lower_letters(v)) h.fix = e;  // Formal -> formal, zh-CN -> zh_CN
    h.errcode = f.errcode_for(Check::field_enum);
    h.level = f.level_for(Check::field_enum);
    r.report(std::move(h));
  }
  if (f.pattern && r.on(Check::field_format) && !full_match(v, *f.pattern)) {
    Hit h{Check::field_format};
    h.node = at;
    const std::string label = field_label(r, at), shown = quoted_value(v);
    h.args = {{"field", label, label}, {"value", shown, shown}, {"problem", f.pattern_doc.zh, f.pattern_doc.en}};
    h.errcode = f.errcode_for(Check::field_format);
    h.level = f.level_for(Check::field_format);
    r.report(std::move(h));
  }
  if (f.format != Format::none) check_format(r, f, n, spec, seen);
}

void report_range(Run& r, const FieldSpec& f, const DocNode& n, int64_t v) {
  if (!r.on(Check::field_range)) return;
  const bool low = f.min && v < *f.min, high = f.max && v > *f.max;
  if (!low && !high) return;
  Hit h{Check::field_range};
  h.node = r.doc.index_of(n);
  std::string range_zh, range_en;
  if (f.min && f.max) {
    range_zh = "在 " + std::to_string(*f.min) + " 到 " + std::to_string(*f.max) + " 之间";
    range_en = "between " + std::to_string(*f.min) + " and " + std::to_string(*f.max);
  } else if (f.min) {
    range_zh = "不小于 " + std::to_string(*f.min);
    range_en = "at least " + std::to_string(*f.min);
  } else {
    range_zh = "不大于 " + std::to_string(*f.max);
    range_en = "at most " + std::to_string(*f.max);
  }
  const std::string label = field_label(r, h.node), value = std::to_string(v);
  h.args = {{"field", label, label}, {"range", range_zh, range_en}, {"value", value, value}};
  h.errcode = f.errcode_for(Check::field_range);
  h.level = f.level_for(Check::field_range);
  r.report(std::move(h));
}

bool same_scalar(const DocNode& a, const DocNode& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case JsonKind::number: return a.integer == b.integer && (a.integer ? a.int_value == b.int_value : a.number == b.number);
    case JsonKind::string: return a.text == b.text;
    case JsonKind::boolean: return a.boolean == b.boolean;
    default: return false;
  }
}

void check_list(Run& r, const FieldSpec& f, const DocNode& n, const ObjectSpec& spec, const uint32_t* seen) {
  const uint32_t at = r.doc.index_of(n);
  const std::string count = std::to_string(n.count);
  bool must_be_empty = false;
  if (f.empty_when) {
    const uint32_t s = seen[f.empty_when->field];
    if (s != kNoNode) {
      const FieldSpec& sibling = spec.fields[f.empty_when->field];
      if (auto v = integer_value(sibling, r.doc.node(s)); v && *v >= f.empty_when->min && *v <= f.empty_when->max)
        must_be_empty = true;
    }
  }
  if (r.on(Check::list_size)) {
    std::string expected_zh, expected_en;
    if (must_be_empty && n.count > 0) {
      const auto& ew = *f.empty_when;
      const std::string& sib = spec.fields[ew.field].name;
      expected_zh = sib + " 在 " + std::to_string(ew.min) + " 到 " + std::to_string(ew.max) + " 之间时必须为空";
      expected_en = "must be empty when " + sib + " is between " + std::to_string(ew.min) + " and " + std::to_string(ew.max);
    } else if (!must_be_empty && (n.count < f.min_items || n.count > f.max_items)) {
      const std::string lo = std::to_string(f.min_items), hi = std::to_string(f.max_items);
      if (f.max_items == UINT32_MAX) {
        expected_zh = "至少 " + lo + " 项";
        expected_en = "at least " + lo + " expected";
      } else {
        expected_zh = "应为 " + lo + " 到 " + hi + " 项";
        expected_en = lo + " to " + hi + " expected";
      }
    }
    if (!expected_en.empty()) {
      Hit h{Check::list_size};
      h.node = at;
      const std::string label = field_label(r, at);
      h.args = {{"field", label, label}, {"count", count, count + (n.count == 1 ? " item" : " items")}, {"expected", expected_zh, expected_en}};
      h.errcode = f.errcode_for(Check::list_size);
      h.level = f.level_for(Check::list_size);
      r.report(std::move(h));
    }
  }
  if (n.truncated) return;
  for (uint32_t i = n.first; i < n.first + n.count; ++i) check_field(r, *f.items, r.doc.node(i), spec, seen);
  if (f.unique && r.on(Check::list_duplicate)) {
    const uint32_t limit = std::min<uint32_t>(n.count, 1000);  // quadratic, on short lists only
    for (uint32_t i = 1; i < limit; ++i) {
      const DocNode& b = r.doc.node(n.first + i);
      for (uint32_t j = 0; j < i; ++j) {
        if (!same_scalar(r.doc.node(n.first + j), b)) continue;
        Hit h{Check::list_duplicate};
        h.node = n.first + i;
        const std::string label = field_label(r, at);
        const std::string value = b.kind == JsonKind::string ? quoted_value(b.text)
                                  : b.integer                ? std::to_string(b.int_value)
                                                             : std::string(b.text);
        h.args = {{"field", label, label}, {"value", value, value}};
        h.errcode = f.errcode_for(Check::list_duplicate);
        h.level = f.level_for(Check::list_duplicate);
        r.report(std::move(h));
        break;
      }
    }
  }
}

void check_field(Run& r, const FieldSpec& f, const DocNode& n, const ObjectSpec& spec, const uint32_t* seen) {
  switch (f.type) {
    case FieldType::string:
      if (n.kind != JsonKind::string) {
        report_type(r, f, n);
        return;
      }
      check_string(r, f, n, spec, seen);
      break;
    case FieldType::integer:
    case FieldType::integer_or_string: {
      auto v = integer_value(f, n);
      if (!v) {
        const bool digits_as_text = n.kind == JsonKind::string && !n.text.empty() &&
                                    std::all_of(n.text.begin(), n.text.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits_as_text) report_type(r, f, n, "（数字写成了字符串）", " (digits in quotes)");
        else report_type(r, f, n);
        return;
      }
      report_range(r, f, n, *v);
      break;
    }
    case FieldType::boolean:
      if (n.kind != JsonKind::boolean) report_type(r, f, n);
      break;
    case FieldType::object:
      if (n.kind != JsonKind::object) {
        report_type(r, f, n);
        return;
      }
      if (!n.truncated) check_object(r, *f.object, n, false);
      break;
    case FieldType::list:
      if (n.kind != JsonKind::array) {
        report_type(r, f, n);
        return;
      }
      check_list(r, f, n, spec, seen);
      break;
    case FieldType::data: check_data(r, f, n, spec, seen); break;
  }
  if (f.deprecated && r.on(Check::field_deprecated)) {
    Hit h{Check::field_deprecated};
    h.node = r.doc.index_of(n);
    h.at_key = n.parent != kNoNode && r.doc.node(n.parent).kind == JsonKind::object;
    const std::string label = field_label(r, h.node);
    h.args = {{"field", label, label}, {"reason", f.deprecated->zh, f.deprecated->en}};
    h.level = f.level_for(Check::field_deprecated);
    r.report(std::move(h));
  }
}

}  // namespace

std::optional<int64_t> integer_value(const FieldSpec& f, const DocNode& n) {
  if (n.kind == JsonKind::number && n.integer) return n.int_value;
  if (f.type == FieldType::integer_or_string && n.kind == JsonKind::string && !n.text.empty() && n.text.size() <= 18) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), v);
    if (ec == std::errc() && end == n.text.data() + n.text.size() && n.text[0] != '-') return v;
  }
  return std::nullopt;
}

void check_object(Run& r, const ObjectSpec& spec, const DocNode& object, bool root) {
  constexpr size_t kMax = 64;  // the loader refuses larger objects
  uint32_t seen[kMax], suggested[kMax];
  std::fill_n(seen, spec.fields.size(), kNoNode);
  std::fill_n(suggested, spec.fields.size(), kNoNode);
  for (uint32_t i = object.first; i < object.first + object.count; ++i) {
    const DocNode& m = r.doc.node(i);
    const int f = spec.find(m.key);
    if (f < 0) {
      report_unknown(r, spec, m, root, suggested);
      continue;
    }
    seen[f] = i;  // the last of duplicate keys wins, as in JSON parsers
  }
  for (size_t f = 0; f < spec.fields.size(); ++f) {
    const FieldSpec& fs = spec.fields[f];
    const uint32_t at = seen[f];
    if (at == kNoNode || r.doc.node(at).kind == JsonKind::null) {
      if (fs.required) report_missing(r, fs, object, at, suggested[f]);
      continue;
    }
    check_field(r, fs, r.doc.node(at), spec, seen);
  }
  for (const auto& group : spec.one_of) {
    if (std::any_of(group.begin(), group.end(), [&](size_t f) { return seen[f] != kNoNode; })) continue;
    if (!r.on(Check::field_required)) continue;
    Hit h{Check::field_required};
    h.node = r.doc.index_of(object);
    std::string zh, en;
    for (size_t i = 0; i < group.size(); ++i) {
      const std::string& name = spec.fields[group[i]].name;
      zh += (i ? " 或 " : "") + name;
      en += (i ? " or " : "") + name;
    }
    h.args = {{"field", zh, en}, {"hint", "", ""}};
    r.report(std::move(h));
  }
}

void check_body(Run& r) {
  const DocNode& root = r.doc.root();
  if (root.kind != JsonKind::object) {
    if (!r.on(Check::field_type)) return;
    Hit h{Check::field_type};
    h.node = 0;
    h.args = {{"field", "(请求体)", "(body)"}, {"expected", "对象", "an object"}, {"actual", kind_name_zh(root.kind), kind_name(root.kind)}};
    r.report(std::move(h));
    return;
  }
  check_object(r, r.api.body, root, true);
}

}  // namespace tplguard::payload
