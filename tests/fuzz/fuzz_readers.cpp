// Fuzz target: the YAML, JSON and JSONL readers, then the whole lint engine on whatever
// templates they return. The first byte picks the format; the lint options (profile,
// select, ignore, set rules, suppressions) are drawn from the input (fuzz_options.hpp).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_options.hpp"
#include "io/template_reader.hpp"
#include "text/canonical.hpp"
#include "tplguard/tplguard.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto engine = tplguard::Engine::load({TPLGUARD_SOURCE_RULES});
  static const auto ids = fuzz_support::rule_ids(*engine, false);
  if (size == 0) return 0;
  fuzz_support::Draw draw(data, size);
  const tplguard::LintOptions options = fuzz_support::lint_options(draw, ids);
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
  for (const auto& f : engine->lint(result.templates, options)) {
    // A rule switched off reports nothing; a silenced finding only when asked for.
    if (!options.select.empty() && !options.select.count(f.rule)) __builtin_trap();
    if (options.ignore.count(f.rule)) __builtin_trap();
    if (f.suppressed && !options.keep_suppressed) __builtin_trap();
  }
  return 0;
}
