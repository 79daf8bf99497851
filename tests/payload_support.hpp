#pragma once
// Shared helpers for the payload tests: the shipped engine's validator and contexts made
// from JSON.
#include <nlohmann/json.hpp>

#include "support.hpp"
#include "tplguard/payload.hpp"

namespace test_support {

inline const tplguard::PayloadValidator& validator() {
  static const auto v = tplguard::PayloadValidator::create(engine());
  return *v;
}

// {"app_json": {...}, "templates": {...}} as written in rule examples.
inline tplguard::PayloadContext context_of(const nlohmann::json& c) {
  tplguard::PayloadContext context;
  if (c.contains("app_json")) context.add_app_json_text(c["app_json"].dump(), "app.json");
  if (c.contains("templates")) context.add_templates_text(c["templates"].dump(), "templates.json");
  return context;
}

inline bool has_finding(const tplguard::PayloadResult& r, const std::string& rule, const std::string& field = "") {
  for (const auto& f : r.findings)
    if (f.rule == rule && (field.empty() || f.field == field)) return true;
  return false;
}

inline size_t errors_of(const tplguard::PayloadResult& r) {
  size_t n = 0;
  for (const auto& f : r.findings) n += f.level == tplguard::Level::error;
  return n;
}

}  // namespace test_support
