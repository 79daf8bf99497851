#pragma once
// The project configuration, `.tplguard.yaml`: found from the working directory upward (or
// named with --config), committed with the templates, read by lint, check and audit.
//
//   profile: subscribe                       # default profile (else each record's kind)
//   select: [title-marketing, title-suffix]  # only these rules
//   ignore: [keyword-example]                # not these
//   rules: {title-generic: {level: warning}} # level overrides (or `levels: {profile: level}`)
//   packs: [team-rules/]                     # more rule packs
//   lexicons: {title-marketing: [words.yaml]}# more terms for lexicon rules
//   custom-rules: [{id, kind: pattern, ...}] # rules defined here (RE2 patterns)
//   overrides: [{files: [legacy/**], ignore: [...], rules: ..., profile: ...}]
//   fail-on: warning                         # exit 1 from this level up
//   judge-approved-as-proposals: true        # no cap on templates WeChat approved (ids, API answers)
//   baseline: .tplguard-baseline.json
//
// Relative paths and globs are relative to the file's directory. A config file is user
// input: it is parsed with the library's guards and every problem is an error naming the file
// and line (the CLI exits 2).
#include "yaml/yaml.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "rules/rule_pack.hpp"
#include "tplguard/tplguard.hpp"

namespace re2 {
class RE2;
}

namespace tplguard::config {

inline constexpr const char* kFileName = ".tplguard.yaml";

// A configuration that cannot be used: "file:line: what".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a config (or one of its overrides) says about the rules.
struct RuleSettings {
  std::optional<Profile> profile;
  std::optional<std::set<std::string>> select;  // nullopt: not said (all rules, or inherited)
  std::set<std::string> ignore;
  std::map<std::string, LevelsByProfile> levels;
};

struct PathOverride {
  std::vector<std::string> globs;  // as written
  std::vector<std::shared_ptr<const re2::RE2>> matchers;
  RuleSettings settings;
  uint32_t line = 0;
};

struct Config {
  std::string path;  // the file; empty when none was found (the defaults)
  std::string dir;   // its directory, absolute: where relative paths and globs start
  RuleSettings base;
  std::vector<PathOverride> overrides;
  std::vector<std::string> packs;  // rule pack directories, absolute
  std::map<std::string, std::vector<rules::PackSources::ExtraLexicon>> lexicons;
  yaml::Node custom_rules;  // a sequence of rule mappings, or undefined
  std::optional<Level> fail_on;
  // Templates WeChat approved are judged at full strength (LintOptions::judge_approved_as_proposals).
  bool judge_approved_as_proposals = false;
  std::string baseline;  // absolute, or empty
  // Every rule id the file names, with its line, to check once the engine is built.
  std::vector<std::pair<std::string, uint32_t>> rule_refs;
};

// The nearest `.tplguard.yaml` in `start` or a directory above it, if any.
std::optional<std::string> find_config(const std::string& start);

// Reads and checks a config file; throws ConfigError.
Config load_config(const std::string& path);

// The engine for a config: the rule pack plus the config's packs, lexicons and custom rules.
// Throws RulePackError (a bad pack or custom rule, with its file and line) or ConfigError
// (a rule id the config names that no rule has, with a did-you-mean).
std::shared_ptr<const Engine> build_engine(const Config& config, const std::string& rules_dir);

// Options given on the command line; they win over the config file everywhere.
struct CommandLineSettings {
  std::optional<Profile> profile;
  std::optional<std::set<std::string>> select;
  std::set<std::string> ignore;
  bool judge_approved_as_proposals = false;  // --judge-approved-as-proposals (or the config's)
};

// LintOptions per file: the config's base settings, each matching override in order, then
// the command line. Build it once all inputs are read; options_for() is then read-only and
// safe to call from any thread.
class Resolver {
 public:
  Resolver(const Config& config, CommandLineSettings cli);
  // The options for templates of `file` (a path as given on the command line).
  const LintOptions& options_for(const std::string& file);
  // LintOptions whose options_for looks templates up by their source's path; files not yet
  // resolved get the base options. Call prepare() with every input file first.
  LintOptions lint_options(bool set_rules);
  void prepare(const std::vector<std::string>& files);
  const LintOptions& base() const { return *base_; }
  // Which overrides apply to a file (indexes into Config::overrides).
  std::vector<size_t> matching_overrides(const std::string& file) const;

 private:
  LintOptions make(const std::vector<size_t>& overrides) const;

  const Config& config_;
  CommandLineSettings cli_;
  std::unique_ptr<LintOptions> base_;
  std::map<std::vector<size_t>, std::unique_ptr<LintOptions>> by_overrides_;
  std::unordered_map<std::string, const LintOptions*> by_file_;
};

// The effective configuration as YAML (or JSON), for `tplguard config`: where it came from,
// every setting, and per rule whether it runs and at which level per profile (for `file`'s
// overrides when given).
std::string describe(const Config& config, const Engine& engine, Resolver& resolver, const std::string& file,
                     bool json);

// A glob as a regular expression (RE2 syntax) over '/'-separated paths relative to the
// config's directory: `*` and `?` stay within a path segment, `**` crosses segments, a
// pattern without `/` matches a file name in any directory, a trailing `/` matches everything
// under a directory. Exposed for tests.
std::string glob_to_regex(const std::string& glob);

}  // namespace tplguard::config
