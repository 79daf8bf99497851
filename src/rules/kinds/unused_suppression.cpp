// Kind `unused-suppression`: a `# tplguard: ignore[...]` comment that silences nothing. The
// comments are not part of a template, so the engine's suppression pass (pipeline/engine.cpp, with
// rules/suppression.cpp) finds these; the kind only gives the rule its place in the pack, so
// that it has metadata, docs and a level like every other rule and can be selected, ignored
// or re-levelled.
#include "rules/kinds/kinds.hpp"

namespace tplguard::rules::kinds {
namespace {

class UnusedSuppressionRule : public RuleKind {
 public:
  bool checks_templates() const override { return false; }
};

}  // namespace

std::unique_ptr<RuleKind> make_unused_suppression(const CompileContext&) {
  return std::make_unique<UnusedSuppressionRule>();
}

}  // namespace tplguard::rules::kinds
