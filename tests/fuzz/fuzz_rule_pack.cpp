// Fuzz target: the rule-pack loader. Each input replaces one rule file of a copy of the
// shipped pack; loading must succeed or throw RulePackError, never crash or hang.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "tplguard/tplguard.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fs::path dir = [] {
    const fs::path d = fs::temp_directory_path() / ("tplguard-fuzz-pack-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::copy(TPLGUARD_SOURCE_RULES, d, fs::copy_options::recursive);
    return d;
  }();
  // The first byte picks which file the input replaces: a rule, a lexicon, an API spec, the
  // value types or a payload rule.
  static const char* const kTargets[] = {"title-marketing.yaml", "title-similar.yaml", "keyword-example.yaml",
                                         "lexicons/marketing.yaml", "lexicons/keyword-types.yaml",
                                         "lexicons/contrasts.yaml", "pack.yaml", "title-symbol.yaml",
                                         "apis/subscribe-send.yaml", "apis/value-types.yaml",
                                         "payload/value-marketing.yaml", "payload/form-id-shape.yaml"};
  if (size == 0) return 0;
  const fs::path target = dir / kTargets[data[0] % (sizeof kTargets / sizeof *kTargets)];
  const fs::path original = fs::path(TPLGUARD_SOURCE_RULES) / fs::relative(target, dir);
  {
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data) + 1, static_cast<std::streamsize>(size - 1));
  }
  try {
    (void)tplguard::Engine::load({dir.string()});
  } catch (const tplguard::RulePackError&) {
  }
  fs::copy_file(original, target, fs::copy_options::overwrite_existing);
  return 0;
}
