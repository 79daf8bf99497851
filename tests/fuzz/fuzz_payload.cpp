// Fuzz target: payload validation of arbitrary bytes as a request body. The first byte picks
// the API (or auto-detection); the rest is the JSON text; select and ignore lists are drawn
// from the input (fuzz_options.hpp). Validating must never crash, every
// location must lie inside the text, and when the text is JSON the parsed path must run too.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_options.hpp"
#include "tplguard/payload.hpp"
#include "tplguard/tplguard.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto engine = tplguard::Engine::load({TPLGUARD_SOURCE_RULES});
  static const auto validator = tplguard::PayloadValidator::create(*engine);
  static const auto ids = fuzz_support::rule_ids(*engine, true);
  if (size == 0) return 0;
  fuzz_support::Draw draw(data, size);
  tplguard::PayloadOptions options;
  if (draw.chance(3)) options.select = draw.some_of(ids);
  if (draw.chance(3)) options.ignore = draw.some_of(ids);
  const auto& apis = validator->apis();
  const size_t pick = data[0] % (apis.size() + 1);
  const std::string api = pick == apis.size() ? std::string("auto") : apis[pick].id;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  const tplguard::PayloadResult r = validator->validate_text(text, api, options);
  if (!r.ok() && !r.findings.empty()) __builtin_trap();
  for (const auto& f : r.findings) {
    if ((!options.select.empty() && !options.select.count(f.rule)) || options.ignore.count(f.rule)) __builtin_trap();
    if (f.location.byte_begin < 0 || f.location.byte_end < f.location.byte_begin ||
        static_cast<size_t>(f.location.byte_end) > text.size() || f.location.begin.line == 0)
      __builtin_trap();
    if (!f.field.empty() && f.field[0] != '/') __builtin_trap();  // a JSON pointer ("" = the body)
  }
  const auto parsed = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded()) {
    const tplguard::PayloadResult p = validator->validate(parsed, api, options);
    for (const auto& f : p.findings)
      if (f.location.begin.line != 0) __builtin_trap();  // a parsed body has no positions
  }
  return 0;
}
