#pragma once
// tplguard's C++ API: build an Engine once from a rule pack, then lint from any thread.
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "tplguard/model.hpp"

namespace tplguard {

// A rule pack or configuration that cannot be used: names the file and line.
class RulePackError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct EngineOptions {
  EngineOptions(std::string dir = {}) : rules_dir(std::move(dir)) {}  // Engine::load({dir})
  std::string rules_dir;  // empty: the shipped rule pack
  // More rule packs (directories laid out like rules/): their rules are added to the main
  // pack's; an id defined twice is an error.
  std::vector<std::string> extra_rule_dirs;
  // More lexicon files for a rule (rule id -> files), merged into the rule's own lexicon;
  // only rules of kind `lexicon` take them.
  std::map<std::string, std::vector<std::string>> extra_lexicons;
};

// A level per profile (miniprogram, subscribe, official-account); nullopt keeps the default.
using LevelsByProfile = std::array<std::optional<Level>, kProfileCount>;

// One example from a rule's metadata, as written in its YAML.
struct RuleExample {
  std::vector<std::string> titles;  // one title, or several for set-level rules
  std::vector<std::pair<std::string, std::string>> keywords;  // name, example ("" = none)
  bool has_keywords = false;        // `keywords:` was given (possibly empty)
  std::optional<Profile> profile;
  std::string at;                   // for fail examples: the offending text, if given
  std::optional<Level> level;       // for fail examples: the level expected, if given
  std::string note;
  // A whole YAML input file, for rules that need the file's text (inline suppressions).
  std::string source;
  // Payload rules (target: payload): the API, the request body and an optional context as
  // JSON text ({"app_json": {...}, "templates": {...}}); for fail examples, the JSON
  // pointer of the field expected to be flagged.
  std::string api, body, context, field;
};

struct RuleInfo {
  std::string id, clause, kind, target;
  std::string message_zh, message_en;
  std::string doc;
  Level level;                        // default (miniprogram) level
  Level levels[kProfileCount];        // level per profile
  std::optional<int> errcode;
  std::vector<RuleExample> pass, fail;
  std::string file;                   // the YAML it came from
  std::string summary_zh, summary_en; // one line on what the rule catches (may be empty)
};

struct LintOptions {
  std::optional<Profile> profile;  // forces a profile; otherwise the record's, else miniprogram
  std::set<std::string> select;    // only these rules (empty: all)
  std::set<std::string> ignore;    // not these rules
  // Per-rule level overrides (rule id -> level per profile): every finding of the rule gets
  // the level given for its template's profile, whatever the rule or its lexicon says.
  std::map<std::string, LevelsByProfile> levels;
  bool set_rules = true;           // run title-duplicate / title-similar across the set
  // Honour `# tplguard: ignore[rule-id, ...] reason` comments in YAML sources; a comment that
  // silences nothing is reported under the rule `unused-suppression`.
  bool inline_suppressions = true;
  bool keep_suppressed = false;    // also return silenced findings (Finding::suppressed set)
  // Judge templates WeChat already approved (Template::origin(): a library id, a template id,
  // an API answer) as proposals, at full strength. Off by default: an error on an approved
  // template becomes a warning saying it would not pass review today (Finding::capped_from).
  bool judge_approved_as_proposals = false;
  // Different options for some templates (e.g. per-path overrides of a config file): returns
  // the options for a template, or null to use these. Only profile, select, ignore and levels
  // of the returned options are used (judge_approved_as_proposals is always these options');
  // they must outlive the call. Called once per template.
  std::function<const LintOptions*(const Template&)> options_for;
};

class Engine {
 public:
  static std::shared_ptr<const Engine> load(const EngineOptions& options = {});
  ~Engine();

  const std::vector<RuleInfo>& rules() const;
  const RuleInfo* rule(std::string_view id) const;

  // Lints `templates` as one set: per-template rules on each, set rules across them and
  // against `library` (reference titles that are not linted themselves). Thread-safe.
  std::vector<Finding> lint(const std::vector<Template>& templates,
                            const LintOptions& options = {},
                            const std::vector<Template>& library = {}) const;

  struct Impl;
  const Impl& impl() const { return *impl_; }
  // For the library's own loaders (Impl is opaque outside the library).
  static std::shared_ptr<const Engine> from_impl(std::unique_ptr<Impl> impl);

 private:
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Directory of the rule pack shipped with this build.
std::string default_rules_dir();

}  // namespace tplguard
