// Checks of `data`: its shape (an object of {"value": string} objects), its keys (type name
// plus number, keywordN, no `.DATA`, no whitespace), each value by its key's type (length,
// characters, format, ranges, control characters), enum values and data keys against the
// account's templates, and marketing words in values.
#include <algorithm>

#include "payload/utf8.hpp"
#include "payload/validator.hpp"
#include "text/unicode_tables.hpp"

namespace tplguard::payload {
namespace {

std::string label_of(const Run& r, uint32_t node, std::string_view missing = {}) {
  return dotted_path(r.doc, node, missing);
}

std::string code_point_name(char32_t c) {
  static const char* hex = "0123456789ABCDEF";
  std::string u = "U+";
  for (int shift = c > 0xFFFF ? 20 : 12; shift >= 0; shift -= 4) u += hex[(c >> shift) & 15];
  return u;
}

// A control character for a message: "newline (U+000A)".
std::pair<std::string, std::string> control_name(char32_t c) {
  const std::string code = code_point_name(c);
  switch (c) {
    case '\n': return {"换行符（" + code + "）", "newline (" + code + ")"};
    case '\r': return {"回车符（" + code + "）", "carriage return (" + code + ")"};
    case '\t': return {"制表符（" + code + "）", "tab (" + code + ")"};
    default: return {"控制字符 " + code, "control character " + code};
  }
}

enum class Klass : uint8_t { han, latin, letter, digit, symbol, control };

Klass klass_of(char32_t c) {
  if (c < 0x80) {  // ASCII without a table look-up
    if (c < 0x20 || c == 0x7F) return Klass::control;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return Klass::latin;
    if (c >= '0' && c <= '9') return Klass::digit;
    return Klass::symbol;
  }
  if (is_control(c)) return Klass::control;
  const uint8_t cls = text::char_class(c);
  if (cls & text::CharClass::kHan) return Klass::han;
  if (cls & text::CharClass::kLetter) return Klass::letter;
  if (cls & text::CharClass::kDigit) return Klass::digit;
  return Klass::symbol;
}

bool allowed(uint8_t allow, Klass k) {
  if (allow & CharClasses::kAny) return true;
  switch (k) {
    case Klass::han: return allow & CharClasses::kHan;
    case Klass::latin: return allow & (CharClasses::kLatin | CharClasses::kLetter);
    case Klass::letter: return allow & CharClasses::kLetter;
    case Klass::digit: return allow & CharClasses::kDigit;
    case Klass::symbol: return allow & CharClasses::kSymbol;
    case Klass::control: return true;  // reported by value-control-char
  }
  return true;
}

std::pair<const char*, const char*> klass_name(Klass k) {
  switch (k) {
    case Klass::han: return {"汉字", "Chinese"};
    case Klass::latin:
    case Klass::letter: return {"字母", "a letter"};
    case Klass::digit: return {"数字", "a digit"};
    case Klass::symbol: return {"符号", "a symbol"};
    case Klass::control: return {"控制字符", "a control character"};
  }
  return {"", ""};
}

// One pass over a value: its lengths and the first character of each kind of problem.
struct Scan {
  uint32_t cps = 0, u16 = 0, digits = 0;
  bool has_han = false, valid = true;
  int64_t control = -1;
  char32_t control_char = 0;
  int64_t bad_begin = -1, bad_end = -1;  // the first run of characters the type does not allow
  Klass bad_klass = Klass::symbol;
  int64_t tilde = -1;  // the first full-width tilde
  char32_t tilde_char = 0;  // which one: ～ (U+FF5E) or the wave dash 〜 (U+301C)
};

Scan scan(std::string_view v, uint8_t allow) {
  Scan s;
  for (size_t i = 0; i < v.size();) {
    const size_t start = i;
    const char32_t c = next_code_point(v, i);
    if (c == 0xFFFD && !(i - start == 3 && v.substr(start, 3) == "\xEF\xBF\xBD")) s.valid = false;
    const Klass k = klass_of(c);
    if (k == Klass::han) s.has_han = true;
    if (c >= '0' && c <= '9') ++s.digits;
    if (k == Klass::control && s.control < 0) {
      s.control = s.cps;
      s.control_char = c;
    }
    if (c == U'～' || c == U'〜') {
      if (s.tilde < 0) {
        s.tilde = s.cps;
        s.tilde_char = c;
      }
    }
    if (allow != 0) {
      const bool ok = allowed(allow, k);
      if (!ok && s.bad_begin < 0) {
        s.bad_begin = s.cps;
        s.bad_end = s.cps + 1;
        s.bad_klass = k;
      } else if (!ok && s.bad_end == s.cps && klass_of(c) == s.bad_klass) {
        s.bad_end = s.cps + 1;  // extend the run of the same class
      }
    }
    ++s.cps;
    s.u16 += c > 0xFFFF ? 2 : 1;
  }
  return s;
}

std::string replace_tildes(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size();) {
    const size_t start = i;
    const char32_t c = next_code_point(v, i);
    if (c == U'～' || c == U'〜') out += '~';
    else out.append(v.substr(start, i - start));
  }
  return out;
}

std::string substr_cps(std::string_view v, int64_t b, int64_t e) {
  std::string out;
  int64_t at = 0;
  for (size_t i = 0; i < v.size();) {
    const size_t start = i;
    next_code_point(v, i);
    if (at >= b && at < e) out.append(v.substr(start, i - start));
    ++at;
  }
  return out;
}

// A finding about a data value; the label (data.thing1.value) is only built when reporting.
Hit value_hit(Check check, const Run& r, uint32_t node, const FieldSpec& data_field) {
  Hit h{check};
  h.node = node;
  const std::string label = label_of(r, node);
  h.errcode = data_field.errcode_for(check);
  h.level = data_field.level_for(check);
  h.args = {{"key", label, label}};
  return h;
}

void check_marketing(Run& r, const DocNode& value, const ValueType* type) {
  const RuleSlot* slot = r.c.slot(Check::value_marketing);
  if (slot == nullptr || !slot->params || !slot->params->matcher) return;
  const KindParams& p = *slot->params;
  // Only free text can advertise: typed keys of other types (time, amount, ...) are skipped.
  const auto& types = r.c.marketing_types;
  if (type != nullptr && !types.empty() && std::find(types.begin(), types.end(), type) == types.end()) return;
  thread_local text::Canonical canonical;
  thread_local std::vector<rules::TermMatch> matches;
  thread_local text::PinyinKey py;
  r.c.canon->canonicalize(value.text, canonical);
  matches.clear();
  const text::PinyinKey* pyp = nullptr;
  if (p.pinyin) {
    r.c.canon->pinyin(canonical, py);
    pyp = &py;
  }
  p.matcher->find(canonical, pyp, matches);
  for (const auto& m : matches) {
    if (p.lexicon->negated(canonical.key, m.key_begin, m.key_end)) continue;  // 拒收红包: as title-marketing reads it
    const rules::LexiconTerm& term = p.lexicon->terms[m.term];
    const rules::LexiconCategory& cat = p.lexicon->categories[term.category];
    Hit h{Check::value_marketing};
    h.node = r.doc.index_of(value);
    std::tie(h.begin, h.end) = canonical.original_range(m.key_begin, m.key_end);
    const std::string found = text::to_utf8(std::u32string_view(canonical.original).substr(h.begin, h.end - h.begin));
    std::string zh = "“" + found + "”", en = "'" + found + "'";
    if (found != term.text) {
      zh += "（即“" + term.text + "”）";
      en += " (" + term.text + ")";
    }
    const std::string label = label_of(r, h.node);
    h.args = {{"key", label, label}, {"term", zh, en}, {"category", cat.zh, cat.en}};
    // The lexicon may lower a term's level (拼团 is information only); never above the rule's.
    if (auto l = p.lexicon->level_for(term, r.api.profile); l && *l < slot->info.level) h.level = l;
    r.report(std::move(h));
  }
}

void check_value(Run& r, const FieldSpec& f, const DataSpec& d, const ValueType* type, std::string_view key,
                 const CatalogueTemplate* tpl, const DocNode& value) {
  const std::string_view v = value.text;
  const uint32_t at = r.doc.index_of(value);
  if (is_blank(v)) {
    if (r.on(Check::value_empty)) r.report(value_hit(Check::value_empty, r, at, f));
    return;
  }
  const Scan s = scan(v, type ? type->allow : 0);
  if (s.valid && r.on(Check::value_marketing)) check_marketing(r, value, type);
  if (!s.valid) {
    // Only a parsed body can get here; text input is checked for UTF-8 when it is read.
    if (r.on(Check::value_format)) {
      Hit h = value_hit(Check::value_format, r, at, f);
      h.args.push_back({"problem", "不是有效的 UTF-8 文本", "is not valid UTF-8 text"});
      r.report(std::move(h));
    }
    return;
  }
  if (s.control >= 0 && r.on(Check::value_control_char)) {
    Hit h = value_hit(Check::value_control_char, r, at, f);
    // The value rules that forbid control characters are the typed keys'; a keyword1 or a
    // first line of an older template is only known to lose its line breaks.
    if (type == nullptr && !h.level) h.level = Level::warning;
    h.begin = static_cast<uint32_t>(s.control);
    h.end = h.begin + 1;
    auto [zh, en] = control_name(s.control_char);
    h.args.push_back({"char", zh, en});
    r.report(std::move(h));
  }
  // Length: typed keys by their type's rule, other keys by the data field's limit.
  uint32_t limit = d.max_length;
  if (type && type->max_length) limit = s.has_han && type->max_length_with_han ? type->max_length_with_han : type->max_length;
  if (limit > 0 && r.on(Check::value_length)) {
    const uint32_t counted = type && type->count_digits ? s.digits : s.cps;
    if (counted > limit || (!(type && type->count_digits) && s.u16 > limit)) {
      Hit h = value_hit(Check::value_length, r, at, f);
      const std::string len = std::to_string(counted), max = std::to_string(limit);
      std::string what_zh = type ? type->name : "该值", what_en = type ? type->name : "this value";
      std::string unit_zh = type && type->count_digits ? "位数字" : "个字符", unit_en = type && type->count_digits ? " digits" : " characters";
      if (counted > limit && !(type && type->count_digits)) {
        h.begin = limit;
        h.end = s.cps;
      }
      if (counted <= limit) {
        // Only over the limit in UTF-16 units (emoji): how WeChat counts them is not documented.
        h.level = Level::warning;
        what_zh += "（按 UTF-16 计为 " + std::to_string(s.u16) + "）";
        what_en += " (" + std::to_string(s.u16) + " counted in UTF-16 units)";
      }
      h.args.push_back({"length", len + unit_zh, len + unit_en});
      h.args.push_back({"max", max, max});
      h.args.push_back({"type", what_zh, what_en});
      r.report(std::move(h));
    }
  }
  // A key the template enumerates takes only its listed values, whatever its type: the
  // list names the key (keywordCode), and an enum1 is not the only kind of key it names.
  if (tpl != nullptr && r.on(Check::value_enum)) {
    if (auto it = tpl->enums.find(key); it != tpl->enums.end()) {
      if (std::find(it->second.begin(), it->second.end(), v) == it->second.end()) {
        Hit h = value_hit(Check::value_enum, r, at, f);
        std::string values;
        for (const auto& e : it->second) values += (values.empty() ? "" : ", ") + e;
        const std::string shown = quoted_value(v);
        h.args.push_back({"value", shown, shown});
        h.args.push_back({"values", values, values});
        r.report(std::move(h));
      }
      return;  // a listed value is right by the list; an unlisted one is reported once
    }
  }
  if (type == nullptr || type->enumerated) return;
  if (s.control >= 0) return;  // the format checks below would only repeat it
  bool pattern_checked = false;
  if (type->range && s.tilde >= 0 && r.on(Check::value_fullwidth_tilde)) {
    Hit h = value_hit(Check::value_fullwidth_tilde, r, at, f);
    h.begin = static_cast<uint32_t>(s.tilde);
    h.end = h.begin + 1;
    const std::string tilde = text::to_utf8(std::u32string(1, s.tilde_char));
    h.args.push_back({"tilde", tilde, tilde});
    h.fix = replace_tildes(v);
    // The value may still be wrong once the tilde is fixed: check what the fix gives.
    if (type->pattern && !full_match(*h.fix, *type->pattern)) {
      pattern_checked = false;
      h.fix.reset();
    } else {
      pattern_checked = true;
    }
    r.report(std::move(h));
  }
  if (!r.on(Check::value_format)) return;
  if (type->pattern && !pattern_checked && !full_match(v, *type->pattern)) {
    Hit h = value_hit(Check::value_format, r, at, f);
    const std::string shown = quoted_value(v);
    h.args.push_back({"problem", shown + " 不符合 " + type->name + " 的格式（" + type->rule.zh + "），例如 " + type->example,
                      shown + " is not a valid " + type->name + " (" + type->rule.en + "), such as " + type->example});
    r.report(std::move(h));
    return;
  }
  if (s.bad_begin >= 0) {
    Hit h = value_hit(Check::value_format, r, at, f);
    h.begin = static_cast<uint32_t>(s.bad_begin);
    h.end = static_cast<uint32_t>(s.bad_end);
    const std::string bad = substr_cps(v, s.bad_begin, s.bad_end);
    auto [kzh, ken] = klass_name(s.bad_klass);
    h.args.push_back({"problem", "“" + bad + "”是" + kzh + "；" + type->name + " 的规则：" + type->rule.zh,
                      "'" + bad + "' is " + ken + "; " + type->name + " takes " + type->rule.en});
    r.report(std::move(h));
  }
}

// Checks one data key; returns the value type it names (or null) and sets `clean` to the key
// without the mistakes reported (whitespace, .DATA).
const ValueType* check_key(Run& r, const FieldSpec& f, const DataSpec& d, const DocNode& entry, std::string& clean) {
  const std::string_view key = entry.key;
  const uint32_t at = r.doc.index_of(entry);
  clean.clear();
  bool space = false;
  bool plain = true;  // printable ASCII only: nothing to decode
  for (char ch : key) plain &= ch > ' ' && ch < 0x7F;
  if (plain) clean.assign(key);
  for (size_t i = 0; !plain && i < key.size();) {
    const size_t start = i;
    const char32_t c = next_code_point(key, i);
    if (c < 0x80 ? (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
                 : (text::char_class(c) & (text::CharClass::kSpace | text::CharClass::kZeroWidth)) != 0) {
      space = true;
      continue;
    }
    clean.append(key.substr(start, i - start));
  }
  auto malformed = [&](const std::string& zh, const std::string& en, bool suggest) {
    if (!r.on(Check::data_key_malformed)) return;
    Hit h{Check::data_key_malformed};
    h.node = at;
    h.at_key = true;
    h.errcode = f.errcode_for(Check::data_key_malformed);
    h.level = f.level_for(Check::data_key_malformed);
    const std::string shown = quoted_value(key);
    std::string hint_zh, hint_en;
    if (suggest && !clean.empty()) {
      hint_zh = "；应为“" + clean + "”";
      hint_en = "; use '" + clean + "'";
    }
    h.args = {{"key", shown, shown}, {"problem", zh + hint_zh, en + hint_en}};
    r.report(std::move(h));
  };
  if (space) malformed("含有空白字符", "contains whitespace", true);
  if (clean.size() > 5) {
    const std::string_view tail = std::string_view(clean).substr(clean.size() - 5);
    if (tail == ".DATA" || tail == ".data" || tail == ".Data") {
      clean.resize(clean.size() - 5);
      malformed("带有模板占位符的 .DATA 后缀", "keeps the template placeholder's .DATA suffix", true);
    }
  }
  const std::string_view prefix = typed_key_prefix(clean);
  const ValueType* type = prefix.empty() ? nullptr : d.type_of(prefix);
  switch (d.keys) {
    case KeyStyle::typed:
      if (prefix.empty()) {
        if (!space && clean.size() == key.size())
          malformed("不是“类型名+数字”的形式（如 thing1、time2）", "is not a type name followed by a number (thing1, time2)", false);
      } else if (type == nullptr && r.on(Check::data_key_unknown_type)) {
        Hit h{Check::data_key_unknown_type};
        h.node = at;
        h.at_key = true;
        h.level = f.level_for(Check::data_key_unknown_type);
        const std::string shown = quoted_value(key), p(prefix);
        h.args = {{"key", shown, shown}, {"type", p, p}};
        r.report(std::move(h));
      }
      break;
    case KeyStyle::pattern:
      if (!full_match(clean, *d.key_pattern) && !space && clean.size() == key.size())
        malformed("不符合模板的关键词格式：" + d.key_doc.zh, "is not a key of these templates: " + d.key_doc.en, false);
      break;
    case KeyStyle::any: break;
  }
  for (const auto& [name, why] : d.deprecated_keys) {
    if (name != clean || !r.on(Check::field_deprecated)) continue;
    Hit h{Check::field_deprecated};
    h.node = at;
    h.at_key = true;
    h.level = f.level_for(Check::field_deprecated);
    const std::string label = label_of(r, at);
    h.args = {{"field", label, label}, {"reason", why.zh, why.en}};
    r.report(std::move(h));
  }
  return type;
}

// The account's template this body names, when the context has the account's templates.
const CatalogueTemplate* named_template(const Run& r, const ObjectSpec& spec, const uint32_t* seen) {
  if (r.context == nullptr || !r.context->has_templates) return nullptr;
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    if (spec.fields[i].format != Format::template_id || seen[i] == kNoNode) continue;
    const DocNode& id = r.doc.node(seen[i]);
    if (id.kind == JsonKind::string) return r.context->find_template(id.text);
  }
  return nullptr;
}

}  // namespace

void check_data(Run& r, const FieldSpec& f, const DocNode& data, const ObjectSpec& parent_spec, const uint32_t* seen) {
  const DataSpec& d = *f.data;
  const uint32_t at = r.doc.index_of(data);
  if (data.kind != JsonKind::object) {
    if (!r.on(Check::data_not_object)) return;
    Hit h{Check::data_not_object};
    h.node = at;
    h.errcode = f.errcode_for(Check::data_not_object);
    h.level = f.level_for(Check::data_not_object);
    std::string zh = kind_name_zh(data.kind), en = kind_name(data.kind);
    if (data.kind == JsonKind::string) {
      const size_t first = data.text.find_first_not_of(" \t\r\n");
      if (first != std::string_view::npos && (data.text[first] == '{' || data.text[first] == '[')) {
        zh = "JSON 编码的字符串（去掉引号，不要 JSON.stringify）";
        en = "a JSON-encoded string (drop the quotes: do not JSON.stringify it)";
      }
    }
    const std::string label = label_of(r, at);
    h.args = {{"field", label, label}, {"actual", zh, en}};
    r.report(std::move(h));
    return;
  }
  if (data.count == 0 && !data.truncated) {
    if (r.on(Check::field_empty)) {
      Hit h{Check::field_empty};
      h.node = at;
      h.errcode = f.errcode_for(Check::field_empty);
      const std::string label = label_of(r, at);
      h.args = {{"field", label, label}};
      r.report(std::move(h));
    }
    return;
  }
  const CatalogueTemplate* tpl = named_template(r, parent_spec, seen);
  thread_local std::string clean;
  // Keys are looked up in the template's index, not searched: a body and a template with
  // many keys must not cost their product.
  std::vector<uint8_t> present(tpl ? tpl->keys.size() : 0, 0);
  std::string keys;  // the template's keys, listed once for every extra key's message
  for (uint32_t i = data.first; i < data.first + data.count; ++i) {
    const DocNode& entry = r.doc.node(i);
    const ValueType* type = check_key(r, f, d, entry, clean);
    if (tpl)
      if (auto it = tpl->key_index.find(entry.key); it != tpl->key_index.end()) present[it->second] = 1;
    if (tpl && r.on(Check::data_key_extra) && tpl->key_index.find(clean) == tpl->key_index.end()) {
      Hit h{Check::data_key_extra};
      h.node = i;
      h.at_key = true;
      h.errcode = f.errcode_for(Check::data_key_extra);
      h.level = f.level_for(Check::data_key_extra);
      const std::string shown = quoted_value(entry.key);
      if (keys.empty())
        for (const auto& k : tpl->keys) keys += (keys.empty() ? "" : ", ") + k;
      h.args = {{"key", shown, shown}, {"template", tpl->id, tpl->id}, {"keys", keys, keys}};
      r.report(std::move(h));
    }
    if (entry.kind != JsonKind::object) {
      if (r.on(Check::data_value_unwrapped)) {
        Hit h{Check::data_value_unwrapped};
        h.node = i;
        h.errcode = f.errcode_for(Check::data_value_unwrapped);
        h.level = f.level_for(Check::data_value_unwrapped);
        const std::string label = label_of(r, i);
        h.args = {{"key", label, label}, {"actual", kind_name_zh(entry.kind), kind_name(entry.kind)}};
        r.report(std::move(h));
      }
      continue;
    }
    if (entry.truncated) continue;
    check_object(r, d.entry, entry, false);
    const DocNode* value = r.doc.member(entry, "value");
    if (value && value->kind == JsonKind::string) check_value(r, f, d, type, clean, tpl, *value);
  }
  if (tpl && r.on(Check::data_key_missing)) {
    for (size_t j = 0; j < tpl->keys.size(); ++j) {
      if (present[j]) continue;
      const std::string& k = tpl->keys[j];
      Hit h{Check::data_key_missing};
      h.node = at;
      h.missing = k;
      h.errcode = f.errcode_for(Check::data_key_missing);
      h.level = f.level_for(Check::data_key_missing);
      const std::string label = label_of(r, at, k);
      h.args = {{"key", label, label}, {"template", tpl->id, tpl->id}};
      r.report(std::move(h));
    }
  }
}

}  // namespace tplguard::payload
