// Every rule kind a pack may name: the template kinds (one file each under rules/kinds/) and
// one kind per payload check (payload/checks.hpp). Here, above both, so neither the rules nor
// the payload checks know the other: adding a kind is its file and one line below.
#include "payload/checks.hpp"
#include "payload/validator.hpp"
#include "pipeline/engine_impl.hpp"
#include "rules/kinds/kinds.hpp"
#include "rules/rule_kind.hpp"

namespace tplguard::pipeline {

const rules::KindRegistry& kind_registry() {
  namespace kinds = rules::kinds;
  static const rules::KindRegistry registry = [] {
    rules::KindRegistry r;
    r.kinds = {
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
    for (std::string_view name : payload::kCheckNames) r.kinds.emplace(std::string(name), payload::make_kind);
    return r;
  }();
  return registry;
}

}  // namespace tplguard::pipeline
