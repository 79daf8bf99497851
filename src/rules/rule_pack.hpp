#pragma once
// Loading a rule pack: rules/*.yaml (one rule a file) plus rules/pack.yaml (pack settings
// such as the emoji substitutions) and the lexicon files they name.
#include <map>
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

// Where a pack's rules come from: the main pack directory, more pack directories, rules
// defined inline elsewhere (a config file's `custom-rules`), and more lexicon files for
// lexicon rules.
struct PackSources {
  std::string dir;
  std::vector<std::string> extra_dirs;
  struct InlineRules {
    std::string file;  // for messages, and the directory relative data files are found in
    yaml::Node list;   // a sequence of rule mappings (examples optional)
  };
  std::vector<InlineRules> inline_rules;
  struct ExtraLexicon {
    std::string path;    // absolute, or relative to the working directory
    std::string origin;  // where it was asked for, for messages ("file:line")
  };
  std::map<std::string, std::vector<ExtraLexicon>> extra_lexicons;  // rule id -> files
};

// Throws RulePackError naming the file and line of the first problem. `kinds` are the kinds
// its rules may name (pipeline::kind_registry()).
RulePack load_rule_pack(const PackSources& sources, const KindRegistry& kinds);

// Parses a YAML file with the strict reader (size, UTF-8, then src/yaml's guards: repeated
// keys, merge keys, tags, nesting, alias expansion); throws RulePackError naming file and line.
yaml::Node load_yaml_file(const std::string& path);
// After a file's readers are done: refuses (RulePackError, file and line) a key none of them
// asked for, with the nearest one they did (yaml::unread_key).
void refuse_unread_keys(const std::string& path, const yaml::Node& root);

}  // namespace tplguard::rules
