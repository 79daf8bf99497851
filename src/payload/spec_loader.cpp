// Loading API specs (rules/apis/*.yaml) and value types (rules/apis/value-types.yaml).
// Every problem is a RulePackError naming the file and line, raised when the engine loads.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "payload/context.hpp"
#include "payload/spec.hpp"
#include "rules/rule_pack.hpp"
#include "rules/yaml_json.hpp"
#include "tplguard/tplguard.hpp"

namespace tplguard::payload {

namespace fs = std::filesystem;

const char* field_type_name(FieldType t, bool chinese) {
  switch (t) {
    case FieldType::string: return chinese ? "字符串" : "a string";
    case FieldType::integer: return chinese ? "整数" : "an integer";
    case FieldType::integer_or_string: return chinese ? "整数（或数字字符串）" : "an integer (or a string of digits)";
    case FieldType::boolean: return chinese ? "布尔值" : "a boolean";
    case FieldType::object: return chinese ? "对象" : "an object";
    case FieldType::list: return chinese ? "数组" : "a list";
    case FieldType::data: return chinese ? "对象" : "an object";
  }
  return "";
}

int ObjectSpec::find(std::string_view key) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == key) return static_cast<int>(i);
    for (const auto& a : fields[i].aliases)
      if (a == key) return static_cast<int>(i);
  }
  return -1;
}

const ValueType* DataSpec::type_of(std::string_view prefix) const {
  if (prefix.empty()) return nullptr;
  for (const ValueType* t : types)
    if (t->name.size() == prefix.size() && t->name[0] == prefix[0] && t->name == prefix) return t;
  return nullptr;
}

namespace {

// Strips a scheme and host, a query, and surrounding slashes, so "https://api.weixin.qq.com
// /cgi-bin/message/subscribe/send?access_token=X" names the API like "cgi-bin/message/...".
std::string normalize_name(std::string_view s) {
  if (size_t scheme = s.find("://"); scheme != std::string_view::npos) {
    s.remove_prefix(scheme + 3);
    const size_t slash = s.find('/');
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  }
  if (size_t q = s.find('?'); q != std::string_view::npos) s = s.substr(0, q);
  while (!s.empty() && s.front() == '/') s.remove_prefix(1);
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

const ApiSpec* Specs::find(std::string_view id_or_name) const {
  for (const auto& a : apis)
    if (a.id == id_or_name) return &a;
  const std::string want = normalize_name(id_or_name);
  if (want.empty()) return nullptr;
  for (const auto& a : apis)
    for (const auto& n : a.names)
      if (normalize_name(n) == want) return &a;
  return nullptr;
}

const ValueType* Specs::type(std::string_view name) const {
  for (const auto& t : types)
    if (t->name == name) return t.get();
  return nullptr;
}

std::string_view typed_key_prefix(std::string_view key) {
  size_t digits = key.size();
  while (digits > 0 && key[digits - 1] >= '0' && key[digits - 1] <= '9') --digits;
  if (digits == key.size() || digits == 0) return {};
  const std::string_view prefix = key.substr(0, digits);
  if (prefix.front() == '_' || prefix.back() == '_') return {};
  for (char c : prefix)
    if (!((c >= 'a' && c <= 'z') || c == '_')) return {};
  return prefix;
}

namespace {

class Loader {
 public:
  explicit Loader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const yaml::Node& at, const std::string& what) const {
    std::string where = file_;
    if (at.IsDefined() && at.Mark().line >= 0) where += ":" + std::to_string(at.Mark().line + 1);
    throw RulePackError(where + ": " + what);
  }

  std::string string(const yaml::Node& map, const char* key, bool required) const {
    yaml::Node n = map[key];
    if (!n.IsDefined() || n.IsNull()) {
      if (required) fail(map, yaml::missing_key_message(map, key));
      return {};
    }
    if (!n.IsScalar()) fail(n, std::string("`") + key + "` must be a string");
    return n.Scalar();
  }

  Text text(const yaml::Node& map, const char* key, bool required) const {
    yaml::Node n = map[key];
    if (!n.IsDefined() || n.IsNull()) {
      if (required) fail(map, yaml::missing_key_message(map, key) + " ({zh, en})");
      return {};
    }
    if (!n.IsMap()) fail(n, std::string("`") + key + "` must have `zh` and `en`");
    return Text{string(n, "zh", true), string(n, "en", true)};
  }

  int64_t integer(const yaml::Node& n, const char* what) const {
    try {
      return n.as<int64_t>();
    } catch (const yaml::Exception&) {
      fail(n, std::string("`") + what + "` must be an integer");
    }
  }

  std::vector<std::string> strings(const yaml::Node& n, const char* what) const {
    std::vector<std::string> out;
    if (!n.IsDefined() || n.IsNull()) return out;
    if (!n.IsSequence()) fail(n, std::string("`") + what + "` must be a list");
    for (const auto& item : n) {
      if (!item.IsScalar()) fail(item, std::string("`") + what + "` items must be strings");
      out.push_back(item.Scalar());
    }
    return out;
  }

  std::unique_ptr<RE2> regex(const yaml::Node& n, const std::string& pattern) const {
    RE2::Options o;
    o.set_log_errors(false);
    auto re = std::make_unique<RE2>(pattern, o);
    if (!re->ok()) fail(n, "bad pattern: " + re->error());
    return re;
  }

  void check_keys(const yaml::Node& map, std::initializer_list<std::string_view> known) const {
    if (auto u = yaml::unknown_key(map, known)) fail(u->key, yaml::unknown_key_message(*u));
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

// Replaces {{name}} with (?:fragment), recursively.
std::string expand(const Loader& l, const yaml::Node& at, const std::string& pattern,
                   const std::map<std::string, std::string>& fragments, int depth) {
  if (depth > 8) l.fail(at, "fragments nest too deeply (a cycle?)");
  std::string out;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern.compare(i, 2, "{{") == 0) {
      const size_t close = pattern.find("}}", i + 2);
      if (close == std::string::npos) l.fail(at, "unclosed {{ in pattern");
      const std::string name = pattern.substr(i + 2, close - i - 2);
      auto it = fragments.find(name);
      if (it == fragments.end()) l.fail(at, "unknown fragment {{" + name + "}}");
      out += "(?:" + expand(l, at, it->second, fragments, depth + 1) + ")";
      i = close + 2;
    } else {
      out.push_back(pattern[i++]);
    }
  }
  return out;
}

void load_types(const std::string& path, Specs& specs) {
  Loader l(path);
  yaml::Node root = rules::load_yaml_file(path);
  if (!root.IsMap()) l.fail(root, "expected `fragments` and `types`");
  l.check_keys(root, {"fragments", "types"});
  std::map<std::string, std::string> fragments;
  if (yaml::Node f = root["fragments"]) {
    if (!f.IsMap()) l.fail(f, "`fragments` maps names to pattern pieces");
    for (const auto& kv : f) fragments[kv.first.as<std::string>()] = kv.second.as<std::string>();
  }
  yaml::Node types = root["types"];
  if (!types.IsMap()) l.fail(root, "`types` maps type names to their rules");
  for (const auto& kv : types) {
    auto t = std::make_unique<ValueType>();
    t->name = kv.first.as<std::string>();
    const yaml::Node& n = kv.second;
    if (!n.IsMap()) l.fail(n, "type " + t->name + ": expected a mapping");
    l.check_keys(n, {"max_length", "max_length_with_han", "length", "allow", "pattern", "range", "enum", "rule", "example"});
    if (n["max_length"]) t->max_length = static_cast<uint32_t>(l.integer(n["max_length"], "max_length"));
    if (n["max_length_with_han"])
      t->max_length_with_han = static_cast<uint32_t>(l.integer(n["max_length_with_han"], "max_length_with_han"));
    const std::string length = l.string(n, "length", false);
    if (length == "digits") t->count_digits = true;
    else if (!length.empty() && length != "characters") l.fail(n["length"], "`length` is characters or digits");
    for (const auto& c : l.strings(n["allow"], "allow")) {
      if (c == "han") t->allow |= CharClasses::kHan;
      else if (c == "latin") t->allow |= CharClasses::kLatin;
      else if (c == "letter") t->allow |= CharClasses::kLetter;
      else if (c == "digit") t->allow |= CharClasses::kDigit;
      else if (c == "symbol") t->allow |= CharClasses::kSymbol;
      else if (c == "any") t->allow |= CharClasses::kAny;
      else l.fail(n["allow"], "unknown class `" + c + "` (han, latin, letter, digit, symbol, any)");
    }
    if (n["pattern"]) t->pattern = l.regex(n["pattern"], expand(l, n["pattern"], l.string(n, "pattern", true), fragments, 0));
    t->range = n["range"] && n["range"].as<bool>();
    t->enumerated = n["enum"] && n["enum"].as<bool>();
    t->rule = l.text(n, "rule", true);
    t->example = l.string(n, "example", false);
    specs.types.push_back(std::move(t));
  }
  rules::refuse_unread_keys(path, root);
}

class SpecLoader {
 public:
  SpecLoader(const Loader& l, const Specs& specs) : l_(l), specs_(specs) {}

  void object(const yaml::Node& fields, ObjectSpec& out, std::optional<int> inherited_errcode, int depth) {
    if (depth > 8) l_.fail(fields, "specs nest too deeply");
    if (!fields.IsDefined() || fields.IsNull()) return;
    if (!fields.IsMap()) l_.fail(fields, "`fields` maps field names to their specs");
    for (const auto& kv : fields) {
      FieldSpec f;
      f.name = kv.first.as<std::string>();
      field(kv.second, f, inherited_errcode, depth);
      if (out.find(f.name) >= 0) l_.fail(kv.first, "field `" + f.name + "` given twice");
      for (const auto& a : f.aliases)
        if (out.find(a) >= 0) l_.fail(kv.first, "alias `" + a + "` names another field");
      out.fields.push_back(std::move(f));
    }
    if (out.fields.size() > 64) l_.fail(fields, "at most 64 fields in one object");
    // Sibling references, now that every field is known.
    size_t i = 0;
    for (const auto& kv : fields) {
      const yaml::Node& n = kv.second;
      if (yaml::Node e = n["empty_when"]) {
        if (!e.IsMap()) l_.fail(e, "`empty_when` is {field, min, max}");
        const int at = out.find(l_.string(e, "field", true));
        if (at < 0) l_.fail(e, "`empty_when.field` names no field of this object");
        out.fields[i].empty_when = FieldSpec::EmptyWhen{static_cast<size_t>(at), l_.integer(e["min"], "min"),
                                                        l_.integer(e["max"], "max")};
      }
      ++i;
    }
  }

  void one_of(const yaml::Node& groups, ObjectSpec& out) {
    if (!groups.IsDefined() || groups.IsNull()) return;
    if (!groups.IsSequence()) l_.fail(groups, "`one_of` is a list of lists of field names");
    for (const auto& g : groups) {
      std::vector<size_t> group;
      for (const auto& name : l_.strings(g, "one_of")) {
        const int at = out.find(name);
        if (at < 0) l_.fail(g, "`one_of` names no field `" + name + "`");
        group.push_back(static_cast<size_t>(at));
      }
      if (group.size() < 2) l_.fail(g, "a `one_of` group names at least two fields");
      out.one_of.push_back(std::move(group));
    }
  }

 private:
  void field(const yaml::Node& n, FieldSpec& f, std::optional<int> inherited_errcode, int depth) {
    if (!n.IsMap()) l_.fail(n, "field `" + f.name + "`: expected a mapping");
    l_.check_keys(n, {"type", "required", "aliases", "errcode", "errcode_missing", "min", "max", "max_length", "enum",
                      "pattern", "pattern_doc", "format", "deprecated", "fields", "items", "min_items", "max_items",
                      "unique", "empty_when", "keys", "types", "deprecated_keys", "entry", "levels", "one_of"});
    const std::string type = l_.string(n, "type", false);
    if (type.empty() || type == "string") f.type = FieldType::string;
    else if (type == "integer") f.type = FieldType::integer;
    else if (type == "integer-or-string") f.type = FieldType::integer_or_string;
    else if (type == "boolean") f.type = FieldType::boolean;
    else if (type == "object") f.type = FieldType::object;
    else if (type == "list") f.type = FieldType::list;
    else if (type == "data") f.type = FieldType::data;
    else l_.fail(n["type"], "unknown type `" + type + "` (string, integer, integer-or-string, boolean, object, list, data)");
    f.required = n["required"] && n["required"].as<bool>();
    f.aliases = l_.strings(n["aliases"], "aliases");
    f.errcode = inherited_errcode;
    if (n["errcode"]) f.errcode = n["errcode"].IsNull() ? std::nullopt : std::optional<int>(static_cast<int>(l_.integer(n["errcode"], "errcode")));
    if (n["errcode_missing"]) f.errcode_missing = static_cast<int>(l_.integer(n["errcode_missing"], "errcode_missing"));
    if (n["min"]) f.min = l_.integer(n["min"], "min");
    if (n["max"]) f.max = l_.integer(n["max"], "max");
    if (n["max_length"] && f.type != FieldType::data)
      f.max_length = static_cast<uint32_t>(l_.integer(n["max_length"], "max_length"));
    f.enum_values = l_.strings(n["enum"], "enum");
    if (n["pattern"]) {
      f.pattern = l_.regex(n["pattern"], l_.string(n, "pattern", true));
      f.pattern_doc = l_.text(n, "pattern_doc", true);
    }
    const std::string format = l_.string(n, "format", false);
    if (format.empty()) f.format = Format::none;
    else if (format == "openid") f.format = Format::openid;
    else if (format == "template-id") f.format = Format::template_id;
    else if (format == "page") f.format = Format::page;
    else if (format == "form-id") f.format = Format::form_id;
    else if (format == "emphasis-keyword") f.format = Format::emphasis_keyword;
    else if (format == "color") f.format = Format::color;
    else if (format == "url") f.format = Format::url;
    else if (format == "appid") f.format = Format::appid;
    else l_.fail(n["format"], "unknown format `" + format + "`");
    if (f.format != Format::none && f.type != FieldType::string)
      l_.fail(n["format"], "a format applies to string fields");
    if (n["deprecated"]) f.deprecated = l_.text(n, "deprecated", true);
    if (yaml::Node levels = n["levels"]) {
      if (!levels.IsMap()) l_.fail(levels, "`levels` maps check names to levels");
      for (const auto& kv : levels) {
        auto c = parse_check(kv.first.as<std::string>());
        auto lv = parse_level(kv.second.as<std::string>());
        if (!c) l_.fail(kv.first, "unknown check `" + kv.first.as<std::string>() + "`");
        if (!lv) l_.fail(kv.second, "level must be error, warning or info");
        f.levels.push_back({*c, *lv});
      }
    }
    if (f.type == FieldType::object) {
      f.object = std::make_unique<ObjectSpec>();
      object(n["fields"], *f.object, f.errcode, depth + 1);
      one_of(n["one_of"], *f.object);
    } else if (n["fields"]) {
      l_.fail(n["fields"], "`fields` belongs to type object");
    }
    if (f.type == FieldType::list) {
      if (!n["items"]) l_.fail(n, "a list needs `items`");
      f.items = std::make_unique<FieldSpec>();
      f.items->name = f.name;
      field(n["items"], *f.items, f.errcode, depth + 1);
      if (n["min_items"]) f.min_items = static_cast<uint32_t>(l_.integer(n["min_items"], "min_items"));
      if (n["max_items"]) f.max_items = static_cast<uint32_t>(l_.integer(n["max_items"], "max_items"));
      f.unique = n["unique"] && n["unique"].as<bool>();
    }
    if (f.type == FieldType::data) data(n, f, depth);
  }

  void data(const yaml::Node& n, FieldSpec& f, int depth) {
    f.data = std::make_unique<DataSpec>();
    DataSpec& d = *f.data;
    yaml::Node keys = n["keys"];
    if (!keys || (keys.IsScalar() && keys.Scalar() == "typed")) {
      d.keys = KeyStyle::typed;
    } else if (keys.IsScalar() && keys.Scalar() == "any") {
      d.keys = KeyStyle::any;
    } else if (keys.IsMap()) {
      d.keys = KeyStyle::pattern;
      d.key_pattern = l_.regex(keys, l_.string(keys, "pattern", true));
      d.key_doc = l_.text(keys, "doc", true);
    } else {
      l_.fail(keys, "`keys` is typed, any or {pattern, doc}");
    }
    for (const auto& name : l_.strings(n["types"], "types")) {
      const ValueType* t = specs_.type(name);
      if (t == nullptr) l_.fail(n["types"], "unknown value type `" + name + "` (rules/apis/value-types.yaml)");
      d.types.push_back(t);
    }
    if (d.keys == KeyStyle::typed && d.types.empty()) l_.fail(n, "typed keys need `types`");
    if (n["max_length"]) d.max_length = static_cast<uint32_t>(l_.integer(n["max_length"], "max_length"));
    if (yaml::Node dk = n["deprecated_keys"]) {
      if (!dk.IsMap()) l_.fail(dk, "`deprecated_keys` maps keys to {zh, en}");
      for (const auto& kv : dk) {
        if (!kv.second.IsMap()) l_.fail(kv.second, "expected {zh, en}");
        d.deprecated_keys.emplace_back(kv.first.as<std::string>(),
                                       Text{l_.string(kv.second, "zh", true), l_.string(kv.second, "en", true)});
      }
    }
    object(n["entry"], d.entry, f.errcode, depth + 1);
    const int value = d.entry.find("value");
    if (value < 0 || d.entry.fields[static_cast<size_t>(value)].type != FieldType::string)
      l_.fail(n, "`entry` needs a string field `value`");
    d.entry.fields[static_cast<size_t>(value)].entry_value = true;
  }

  const Loader& l_;
  const Specs& specs_;
};

ApiSpec load_api(const std::string& path, const Specs& specs) {
  Loader l(path);
  yaml::Node root = rules::load_yaml_file(path);
  if (!root.IsMap()) l.fail(root, "an API spec is a mapping");
  l.check_keys(root, {"api", "title", "method", "url", "names", "profile", "doc", "fields", "one_of", "examples",
                      "templates_from"});
  ApiSpec a;
  a.file = path;
  a.id = l.string(root, "api", true);
  a.title = l.text(root, "title", true);
  a.method = l.string(root, "method", false);
  a.url = l.string(root, "url", false);
  a.doc = l.string(root, "doc", true);
  a.names = l.strings(root["names"], "names");
  a.templates_from = l.string(root, "templates_from", false);
  if (!a.templates_from.empty() &&
      std::none_of(std::begin(kTemplateAnswers), std::end(kTemplateAnswers),
                   [&](const TemplateAnswer& t) { return a.templates_from == t.name; })) {
    std::string names;
    for (const auto& t : kTemplateAnswers) names += std::string(names.empty() ? "" : ", ") + t.name;
    l.fail(root["templates_from"], "`templates_from` is one of " + names);
  }
  const std::string profile = l.string(root, "profile", false);
  if (!profile.empty()) {
    auto p = parse_profile(profile);
    if (!p) l.fail(root["profile"], "unknown profile `" + profile + "`");
    a.profile = *p;
  }
  SpecLoader s(l, specs);
  s.object(root["fields"], a.body, std::nullopt, 0);
  s.one_of(root["one_of"], a.body);
  if (yaml::Node ex = root["examples"]) {
    if (!ex.IsSequence()) l.fail(ex, "`examples` is a list of {body, source | note}");
    for (const auto& e : ex) {
      if (!e.IsMap() || !e["body"]) l.fail(e, "an example is {body, source | note}");
      l.check_keys(e, {"body", "source", "note"});
      try {
        a.examples.push_back(rules::yaml_to_json(e["body"]).dump());
      } catch (const yaml::Exception& err) {
        l.fail(e, err.msg);
      }
    }
  }
  // Keys of nested maps (a field's `format`, `length`, ...) are checked as they are read;
  // whatever no reader asked for is a misspelling.
  rules::refuse_unread_keys(path, root);
  return a;
}

}  // namespace

Specs load_specs(const std::string& dir) {
  Specs specs;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return specs;
  const std::string types_file = (fs::path(dir) / "value-types.yaml").string();
  if (fs::exists(types_file, ec)) load_types(types_file, specs);
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto& p = entry.path();
    if (entry.is_regular_file() && (p.extension() == ".yaml" || p.extension() == ".yml") &&
        p.filename() != "value-types.yaml")
      files.push_back(p);
  }
  if (ec) throw RulePackError(dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::set<std::string> names;
  for (const auto& path : files) {
    try {
      specs.apis.push_back(load_api(path.string(), specs));
    } catch (const yaml::Exception& e) {
      throw RulePackError(path.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    const ApiSpec& a = specs.apis.back();
    if (!names.insert(a.id).second) throw RulePackError(a.file + ": API `" + a.id + "` is defined twice");
    for (const auto& n : a.names)
      if (!names.insert("name:" + normalize_name(n)).second)
        throw RulePackError(a.file + ": the name `" + n + "` is given to two APIs");
  }
  // Fields only one API has tell a body's API from its shape (see detect.cpp).
  std::map<std::string, int> owners;
  for (const auto& a : specs.apis)
    for (const auto& f : a.body.fields) ++owners[f.name];
  for (auto& a : specs.apis)
    for (const auto& f : a.body.fields)
      if (owners[f.name] == 1) a.own_fields.push_back(f.name);
  return specs;
}

}  // namespace tplguard::payload
