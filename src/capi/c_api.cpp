// The C API (include/tplguard/tplguard.h): a thin shell over Engine and PayloadValidator.
// Every entry point catches everything: no exception crosses into C.
#include "tplguard/tplguard.h"

#include <cstdlib>
#include <cstring>
#include <sstream>

#include <nlohmann/json.hpp>

#include "report/report.hpp"
#include "tplguard/payload.hpp"
#include "tplguard/tplguard.hpp"

struct tplguard_engine {
  std::shared_ptr<const tplguard::Engine> engine;
  std::shared_ptr<const tplguard::PayloadValidator> validator;
  bool chinese = false;
};

namespace {

// A malloc'd copy, so C callers free it with tplguard_free (free).
char* dup_string(const std::string& s) noexcept {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out == nullptr) return nullptr;
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

void set_error(char** error, const std::string& message) noexcept {
  if (error != nullptr) *error = dup_string(message);
}

}  // namespace

extern "C" {

tplguard_engine* tplguard_engine_new(const tplguard_options* options, char** error) {
  if (error != nullptr) *error = nullptr;
  try {
    tplguard::EngineOptions eo;
    if (options != nullptr && options->rules_dir != nullptr) eo.rules_dir = options->rules_dir;
    auto engine = tplguard::Engine::load(eo);
    tplguard::PayloadContext context;
    if (options != nullptr && options->app_json != nullptr) context.load_app_json(options->app_json);
    if (options != nullptr && options->templates != nullptr)
      for (const char* const* t = options->templates; *t != nullptr; ++t) context.load_templates(*t);
    auto* e = new tplguard_engine;
    e->engine = engine;
    e->validator = tplguard::PayloadValidator::create(*engine, std::move(context));
    e->chinese = options != nullptr && options->lang != nullptr && std::strcmp(options->lang, "zh") == 0;
    return e;
  } catch (const std::exception& ex) {
    set_error(error, ex.what());
  } catch (...) {
    set_error(error, "unknown error");
  }
  return nullptr;
}

void tplguard_engine_free(tplguard_engine* engine) { delete engine; }

int tplguard_validate(const tplguard_engine* engine, const char* api, const char* json, size_t length,
                      char** findings_json) {
  if (findings_json != nullptr) *findings_json = nullptr;
  if (engine == nullptr || (json == nullptr && length > 0)) return TPLGUARD_FAILED;
  try {
    tplguard::PayloadOptions options;
    const tplguard::PayloadResult r = engine->validator->validate_text(
        std::string_view(json == nullptr ? "" : json, length), api == nullptr ? "auto" : api, options);
    int status = TPLGUARD_CLEAN;
    tplguard::report::Report rep;
    rep.payload_report = true;
    rep.payloads.push_back({"", 0, 1, r.api ? r.api->id : std::string(), r.detected});
    if (!r.ok()) {
      status = TPLGUARD_BAD_INPUT;
      rep.input_errors.push_back({r.error_location.file, r.error_location.begin.line, r.error_location.begin.column, r.error});
    }
    for (const auto& f : r.findings)
      if (f.level == tplguard::Level::error && status == TPLGUARD_CLEAN) status = TPLGUARD_FINDINGS;
    rep.findings = r.findings;
    if (findings_json != nullptr) {
      std::ostringstream out;
      tplguard::report::write_json(out, rep, engine->chinese);
      *findings_json = dup_string(out.str());
      if (*findings_json == nullptr) return TPLGUARD_FAILED;
    }
    return status;
  } catch (...) {
    return TPLGUARD_FAILED;
  }
}

char* tplguard_apis(const tplguard_engine* engine) {
  if (engine == nullptr) return nullptr;
  try {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& a : engine->validator->apis()) list.push_back(a.id);
    return dup_string(list.dump());
  } catch (...) {
    return nullptr;
  }
}

void tplguard_free(void* p) { std::free(p); }

const char* tplguard_version(void) { return TPLGUARD_VERSION; }

}  // extern "C"
