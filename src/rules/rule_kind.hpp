#pragma once
// The interface every rule kind implements, and what a kind sees while it checks.
//
// A rule in rules/*.yaml names a kind; the kind is compiled once from the rule's params and
// is immutable afterwards, so one compiled rule is shared by every thread.
#include "yaml/yaml.hpp"

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "text/canonical.hpp"
#include "tplguard/model.hpp"
#include "tplguard/tplguard.hpp"

namespace tplguard::rules {

// A message argument, with its Chinese and English renderings.
struct Arg {
  std::string name, zh, en;
};
using Args = std::vector<Arg>;

// Fills `{name}` placeholders from `args` (the zh or en value).
std::string render_message(std::string_view message, const Args& args, bool chinese);

struct FieldRef {
  enum Kind { title, keyword_name, keyword_example, keywords } kind = title;
  uint32_t index = 0;  // keyword index
  std::string path() const;
};

// A template with the canonical forms of its title and keywords, computed once per lint.
struct TemplateView {
  const Template* tpl = nullptr;
  Profile profile = Profile::miniprogram;
  uint32_t settings = 0;  // which resolved LintOptions apply (the engine's business)
  // Canonical forms: valid while the template is checked; once per-template rules are done
  // they may point at a reused buffer or be null (lint keeps one buffer without set rules).
  const text::Canonical* title = nullptr;
  const text::Canonical* names = nullptr;     // one per keyword
  const text::Canonical* examples = nullptr;  // one per keyword (empty when none)
  size_t keyword_count = 0;
  bool has_keywords() const { return tpl->keywords.has_value(); }
  const Keyword& keyword(size_t i) const { return (*tpl->keywords)[i]; }
};

// What a kind reports: a field, the offending characters (original code-point range of the
// field's value, empty = the whole field) and the message arguments.
struct Hit {
  FieldRef field;
  uint32_t begin = 0, end = 0;
  Args args;
  std::optional<Level> level;          // overrides the rule's level for this profile
  std::optional<std::string> fix;      // replacement for the whole field
  std::string related;                 // the other template, for set-level findings
};

class StemBuilder;  // rules/similarity.hpp

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void report(const TemplateView& t, Hit hit) = 0;
};

// Per-profile levels: a rule's, a lexicon category's or a term's.
using ProfileLevels = LevelsByProfile;

class RuleKind {
 public:
  virtual ~RuleKind() = default;
  // Per-template check.
  virtual void check(const TemplateView& t, Sink& sink) const {}
  // False for kinds that never look at a template (payload checks, unused-suppression): lint
  // leaves them out of its per-template loop rather than calling an empty check per template.
  virtual bool checks_templates() const { return true; }
  // Set-level kinds compare templates across the linted set and the reference library.
  virtual bool set_level() const { return false; }
  virtual void check_set(const std::vector<TemplateView>& linted, const std::vector<TemplateView>& library,
                         Sink& sink) const {}
  // Title-similarity kinds: how they stem titles, so the audit's join decides pairs as they do.
  virtual const StemBuilder* title_stems() const { return nullptr; }
};

// What a kind's factory gets: the rule's params and helpers to read data files.
class CompileContext {
 public:
  // Data files read while one pack is compiled, by path: a lexicon or thesaurus that several
  // rules use (marketing.yaml, synonyms.yaml) is parsed once.
  using DataFiles = std::unordered_map<std::string, yaml::Node>;

  CompileContext(const RuleInfo& rule, const yaml::Node& params, std::string rules_dir,
                 const text::Canonicalizer& canon, std::vector<std::string> extra_lexicons = {},
                 DataFiles* data_files = nullptr)
      : rule_(rule), current_file_(rule.file), params_(params), rules_dir_(std::move(rules_dir)), canon_(canon),
        extra_lexicons_(std::move(extra_lexicons)), data_files_(data_files) {}
  const RuleInfo& rule() const { return rule_; }
  const yaml::Node& params() const { return params_; }
  const text::Canonicalizer& canon() const { return canon_; }
  // Loads a data file named relative to the rules directory and runs fn(root) on it; while
  // fn runs, errors (fail(), or yaml-cpp conversions) name that file and line.
  template <typename Fn>
  auto with_data(const std::string& relative, Fn&& fn) const {
    const std::string path = data_path(relative);
    yaml::Node root = load_data_file(path);
    const std::string saved = current_file_;
    current_file_ = path;
    struct Restore {
      const CompileContext& c;
      std::string file;
      ~Restore() { c.current_file_ = file; }
    } restore{*this, saved};
    try {
      return fn(root);
    } catch (const yaml::Exception& e) {
      fail_at_mark(e.mark.line, e.msg);
    }
  }
  // Raises a RulePackError naming the file being read (the rule's, or a data file inside
  // with_data) and the node's line.
  [[noreturn]] void fail(const yaml::Node& at, const std::string& what) const;
  // More lexicon files a configuration adds to this rule; a kind that takes them calls this
  // (the loader refuses extra lexicons for a rule whose kind never asked).
  const std::vector<std::string>& take_extra_lexicons() const {
    extra_taken_ = true;
    return extra_lexicons_;
  }
  bool extra_lexicons_taken() const { return extra_taken_; }
  // Typed param accessors that fail with a clear message.
  yaml::Node required(const yaml::Node& map, const char* key) const;
  std::string string_param(const yaml::Node& map, const char* key, std::optional<std::string> fallback = {}) const;
  double number_param(const yaml::Node& map, const char* key, std::optional<double> fallback = {}) const;
  std::vector<std::string> string_list(const yaml::Node& map, const char* key, bool required = true) const;
  // Per-profile levels from a `level:` and/or `levels: {profile: level}` pair in `map`.
  ProfileLevels levels(const yaml::Node& map) const;

 private:
  std::string data_path(const std::string& relative) const;
  yaml::Node load_data_file(const std::string& path) const;
  [[noreturn]] void fail_at_mark(int line, const std::string& what) const;

  const RuleInfo& rule_;
  mutable std::string current_file_;
  const yaml::Node& params_;
  std::string rules_dir_;
  const text::Canonicalizer& canon_;
  std::vector<std::string> extra_lexicons_;
  mutable bool extra_taken_ = false;
  DataFiles* data_files_ = nullptr;
};

using KindFactory = std::function<std::unique_ptr<RuleKind>(const CompileContext&)>;

// The kinds a rule pack may use, by name. The pipeline's registry (pipeline/registry.cpp)
// lists them, the template kinds of kinds/ and the payload checks alike, and hands it to
// load_rule_pack: the rules module knows the interface, not who implements it.
struct KindRegistry {
  std::map<std::string, KindFactory> kinds;
  const KindFactory* find(const std::string& name) const {
    auto it = kinds.find(name);
    return it == kinds.end() ? nullptr : &it->second;
  }
};

}  // namespace tplguard::rules
