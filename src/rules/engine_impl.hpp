#pragma once
// What an Engine holds: the compiled rule pack and the payload validator's compiled specs.
// Internal: the payload module reads it to build validators from an engine.
#include <memory>
#include <vector>

#include "rules/rule_pack.hpp"
#include "tplguard/tplguard.hpp"

namespace tplguard::payload {
struct Compiled;
}

namespace tplguard {

struct Engine::Impl {
  rules::RulePack pack;
  std::vector<RuleInfo> infos;
  std::shared_ptr<const payload::Compiled> payload;  // API specs and payload rules
};

}  // namespace tplguard
