#pragma once
// Loading a rule pack: rules/*.yaml (one rule a file) plus rules/pack.yaml (pack settings
// such as the emoji substitutions) and the lexicon files they name.
#include <memory>
#include <string>
#include <vector>

#include "rules/rule_kind.hpp"

namespace tplguard::rules {

struct CompiledRule {
  RuleInfo info;
  std::unique_ptr<RuleKind> kind;
};

struct RulePack {
  std::string dir;
  std::unique_ptr<text::Canonicalizer> canon;
  std::vector<CompiledRule> rules;  // sorted by id
};

// Throws RulePackError naming the file and line of the first problem.
RulePack load_rule_pack(const std::string& dir);

// Parses a YAML file with the library's guards (size, nesting); throws RulePackError.
YAML::Node load_yaml_file(const std::string& path);

}  // namespace tplguard::rules
