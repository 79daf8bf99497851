#pragma once
// API specs: what each request body may hold, compiled from rules/apis/*.yaml (one API a
// file) and the value types of data keys from rules/apis/value-types.yaml. The format is
// described in docs/payloads.md. Specs are immutable once loaded and shared by threads.
#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "payload/checks.hpp"
#include "tplguard/model.hpp"

namespace tplguard::payload {

// True when the whole of `v` matches `re` (RE2::FullMatch without its capture arguments).
inline bool full_match(std::string_view v, const RE2& re) {
  return re.Match(re2::StringPiece(v.data(), v.size()), 0, v.size(), RE2::ANCHOR_BOTH, nullptr, 0);
}

// A text in both languages, for messages.
struct Text {
  std::string zh, en;
};

// Character classes a value type may allow (`allow:` in value-types.yaml).
struct CharClasses {
  static constexpr uint8_t kHan = 1, kLatin = 2, kLetter = 4, kDigit = 8, kSymbol = 16, kAny = 32;
};

struct ValueType {
  std::string name;                     // thing, time, ...
  uint32_t max_length = 0;              // 0: no limit
  uint32_t max_length_with_han = 0;     // 0: same as max_length
  bool count_digits = false;            // max_length counts digits only
  uint8_t allow = 0;                    // CharClasses bits; 0: not checked
  std::unique_ptr<RE2> pattern;         // whole value; null: not checked
  bool range = false;                   // `~` ranges allowed; `～` reported
  bool enumerated = false;              // values from the template's enum list
  Text rule;                            // the official rule, for messages
  std::string example;
};

enum class FieldType : uint8_t { string, integer, integer_or_string, boolean, object, list, data };
const char* field_type_name(FieldType t, bool chinese);

// Checks tied to one field's value (`format:` in a spec).
enum class Format : uint8_t { none, openid, template_id, page, form_id, emphasis_keyword, color, url, appid };

enum class KeyStyle : uint8_t {
  typed,    // a value type plus a number (thing1); other type names are reported
  pattern,  // keys must match `keys.pattern` (keyword1)
  any,      // any key; type-named keys of `types` are checked by type
};

struct LevelOverride {
  Check check;
  Level level;
};

struct ObjectSpec;
struct DataSpec;

struct FieldSpec {
  std::string name;                  // the wire name
  std::vector<std::string> aliases;  // other accepted names
  FieldType type = FieldType::string;
  bool required = false;
  bool entry_value = false;            // a data entry's `value`: emptiness is value-empty's
  std::optional<int> errcode;          // what WeChat answers when this field is wrong
  std::optional<int> errcode_missing;  // ... when it is missing, if different
  std::optional<int64_t> min, max;     // integers
  uint32_t max_length = 0;             // strings, in characters
  std::vector<std::string> enum_values;
  std::unique_ptr<RE2> pattern;        // strings: whole value
  Text pattern_doc;
  Format format = Format::none;
  std::optional<Text> deprecated;
  std::unique_ptr<ObjectSpec> object;  // type object
  std::unique_ptr<FieldSpec> items;    // type list
  uint32_t min_items = 0, max_items = UINT32_MAX;
  bool unique = false;
  struct EmptyWhen {
    size_t field;  // index of the sibling in the same object
    int64_t min, max;
  };
  std::optional<EmptyWhen> empty_when;
  std::unique_ptr<DataSpec> data;      // type data
  std::vector<LevelOverride> levels;   // findings about this field at other levels

  std::optional<Level> level_for(Check c) const {
    for (const auto& l : levels)
      if (l.check == c) return l.level;
    return std::nullopt;
  }
  std::optional<int> errcode_for(Check c) const {
    if (c == Check::field_required && errcode_missing) return errcode_missing;
    return errcode;
  }
};

struct ObjectSpec {
  std::vector<FieldSpec> fields;
  std::vector<std::vector<size_t>> one_of;  // at least one of these fields is required
  // Index of the field a key names (its name or an alias), or -1.
  int find(std::string_view key) const;
};

struct DataSpec {
  KeyStyle keys = KeyStyle::typed;
  std::unique_ptr<RE2> key_pattern;
  Text key_doc;
  std::vector<const ValueType*> types;  // the types keys may name
  uint32_t max_length = 0;              // every value, typed or not (0: none)
  std::vector<std::pair<std::string, Text>> deprecated_keys;
  ObjectSpec entry;                     // {"value": ..., "color": ...}
  const ValueType* type_of(std::string_view prefix) const;
};

struct ApiSpec {
  std::string id;
  Text title;
  std::string method, url, doc, file;
  std::vector<std::string> names;  // other spellings that name the API (subscribe/send)
  Profile profile = Profile::miniprogram;  // lexicon levels for value-marketing
  ObjectSpec body;
  std::vector<std::string> examples;  // request bodies (JSON text) that must raise no error
  // For detection: names of body fields no other API has.
  std::vector<std::string> own_fields;
  // For detection with --templates: the saved answer this API's templates come from
  // (gettemplate, template/list, get_all_private_template), or empty.
  std::string templates_from;
};

struct Specs {
  std::vector<std::unique_ptr<ValueType>> types;
  std::vector<ApiSpec> apis;
  const ApiSpec* find(std::string_view id_or_name) const;
  const ValueType* type(std::string_view name) const;
};

// Loads `dir` (rules/apis); a missing directory gives no APIs. Throws RulePackError naming
// the file and line of the first problem.
Specs load_specs(const std::string& dir);

// Splits a typed key (thing1, character_string01) into its type name; empty when the key
// is not a lowercase name followed by digits.
std::string_view typed_key_prefix(std::string_view key);

}  // namespace tplguard::payload
