#pragma once
// tplguard's C++ API: build an Engine once from a rule pack, then lint from any thread.
#include <memory>
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
  std::string rules_dir;  // empty: the shipped rule pack
};

// One example from a rule's metadata, as written in its YAML.
struct RuleExample {
  std::vector<std::string> titles;  // one title, or several for set-level rules
  std::vector<std::pair<std::string, std::string>> keywords;  // name, example ("" = none)
  bool has_keywords = false;        // `keywords:` was given (possibly empty)
  std::optional<Profile> profile;
  std::string at;                   // for fail examples: the offending text, if given
  std::optional<Level> level;       // for fail examples: the level expected, if given
  std::string note;
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
};

struct LintOptions {
  std::optional<Profile> profile;  // forces a profile; otherwise the record's, else miniprogram
  std::set<std::string> select;    // only these rules (empty: all)
  std::set<std::string> ignore;    // not these rules
  bool set_rules = true;           // run title-duplicate / title-similar across the set
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

 private:
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Directory of the rule pack shipped with this build.
std::string default_rules_dir();

}  // namespace tplguard
