#include <map>

#include "payload/checks.hpp"
#include "payload/validator.hpp"
#include "rules/kinds/kinds.hpp"
#include "rules/rule_kind.hpp"

namespace tplguard::rules {

namespace {
const std::map<std::string, KindFactory>& registry() {
  static const std::map<std::string, KindFactory> kinds = [] {
    std::map<std::string, KindFactory> m = {
      {"suffix", kinds::make_suffix},
      {"lexicon", kinds::make_lexicon},
      {"char-class", kinds::make_char_class},
      {"generic", kinds::make_generic},
      {"broad-keyword", kinds::make_broad_keyword},
      {"duplicate", kinds::make_duplicate},
      {"similar", kinds::make_similar},
      {"example-type", kinds::make_example_type},
      {"count", kinds::make_count},
      {"pattern", kinds::make_pattern},
      {"unused-suppression", kinds::make_unused_suppression},
    };
    // Payload kinds: one per payload check (src/payload/checks.hpp), for rules/payload/.
    for (std::string_view name : payload::kCheckNames) m.emplace(std::string(name), payload::make_kind);
    return m;
  }();
  return kinds;
}
}  // namespace

const KindFactory* find_kind(const std::string& name) {
  auto it = registry().find(name);
  return it == registry().end() ? nullptr : &it->second;
}

std::vector<std::string> kind_names() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : registry()) names.push_back(name);
  return names;
}

}  // namespace tplguard::rules
