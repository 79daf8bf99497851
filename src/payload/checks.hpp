#pragma once
// The payload checks: one per payload rule kind. A rule in rules/payload/*.yaml names the
// check it reports (`kind: value-length`); the C++ that performs each check lives in the
// validator's files, grouped by concern (structure.cpp, data.cpp, formats.cpp).
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tplguard::payload {

enum class Check : uint8_t {
  field_required,
  field_type,
  field_empty,
  field_unknown,
  field_range,
  field_length,
  field_enum,
  field_format,
  field_deprecated,
  list_size,
  list_duplicate,
  data_not_object,
  data_value_unwrapped,
  data_key_malformed,
  data_key_unknown_type,
  data_key_missing,
  data_key_extra,
  value_empty,
  value_control_char,
  value_length,
  value_format,
  value_fullwidth_tilde,
  value_enum,
  value_marketing,
  page_format,
  page_not_found,
  template_id_library,
  template_id_shape,
  template_id_unknown,
  openid_shape,
  form_id_mock,
  form_id_shape,
  emphasis_keyword,
  color_format,
  url_format,
  appid_shape,
};
inline constexpr size_t kCheckCount = static_cast<size_t>(Check::appid_shape) + 1;

// Kind names as rules write them (kebab-case), indexed by Check.
inline constexpr std::array<std::string_view, kCheckCount> kCheckNames = {
    "field-required",     "field-type",         "field-empty",           "field-unknown",
    "field-range",        "field-length",       "field-enum",            "field-format",
    "field-deprecated",   "list-size",          "list-duplicate",        "data-not-object",
    "data-value-unwrapped", "data-key-malformed", "data-key-unknown-type", "data-key-missing",
    "data-key-extra",     "value-empty",        "value-control-char",    "value-length",
    "value-format",       "value-fullwidth-tilde", "value-enum",         "value-marketing",
    "page-format",        "page-not-found",     "template-id-library",   "template-id-shape",
    "template-id-unknown", "openid-shape",      "form-id-mock",          "form-id-shape",
    "emphasis-keyword",   "color-format",       "url-format",            "appid-shape",
};

inline std::string_view check_name(Check c) { return kCheckNames[static_cast<size_t>(c)]; }

inline std::optional<Check> parse_check(std::string_view name) {
  for (size_t i = 0; i < kCheckCount; ++i)
    if (kCheckNames[i] == name) return static_cast<Check>(i);
  return std::nullopt;
}

}  // namespace tplguard::payload
