#include <map>

#include "rules/kinds/kinds.hpp"
#include "rules/rule_kind.hpp"

namespace tplguard::rules {

namespace {
const std::map<std::string, KindFactory>& registry() {
  static const std::map<std::string, KindFactory> kinds = {
      {"suffix", kinds::make_suffix},
      {"lexicon", kinds::make_lexicon},
      {"char-class", kinds::make_char_class},
      {"generic", kinds::make_generic},
      {"duplicate", kinds::make_duplicate},
      {"similar", kinds::make_similar},
      {"example-type", kinds::make_example_type},
      {"count", kinds::make_count},
      {"pattern", kinds::make_pattern},
      {"unused-suppression", kinds::make_unused_suppression},
  };
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
