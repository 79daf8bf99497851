// Fuzz target: the YAML, JSON and JSONL readers, then the whole lint engine on whatever
// templates they return. The first byte picks the format.
#include <cstddef>
#include <cstdint>
#include <string>

#include "io/template_reader.hpp"
#include "text/canonical.hpp"
#include "tplguard/tplguard.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto engine = tplguard::Engine::load({TPLGUARD_SOURCE_RULES});
  if (size == 0) return 0;
  using tplguard::io::Format;
  const Format format = data[0] % 3 == 0 ? Format::yaml : data[0] % 3 == 1 ? Format::json : Format::jsonl;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  tplguard::io::ReadLimits limits;
  limits.max_nodes = 200'000;  // keep single runs fast; the limit itself is what is tested
  auto result = tplguard::io::read_templates_text("fuzz.input", std::move(text), format, limits);
  for (const auto& t : result.templates) {
    // Every value the readers hand out is valid UTF-8 with offsets inside the file.
    if (tplguard::text::find_invalid_utf8(t.title.value)) __builtin_trap();
    if (t.title.verbatim_offset >= 0 &&
        result.source->text().compare(static_cast<size_t>(t.title.verbatim_offset), t.title.value.size(),
                                      t.title.value) != 0)
      __builtin_trap();
  }
  (void)engine->lint(result.templates);
  return 0;
}
