#pragma once
// The engine's insides, shared with the audit (src/audit/), which runs the same rules over
// streamed batches: the compiled pack, how a template is prepared (canonical forms computed
// once), and how a rule's hit becomes a Finding.
// It also holds the payload validator's compiled specs (PayloadValidator::create, in
// pipeline/engine.cpp, builds a validator from them).
#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/rule_pack.hpp"
#include "pipeline/fingerprint.hpp"
#include "text/hash.hpp"
#include "tplguard/tplguard.hpp"

namespace tplguard::payload {
struct Compiled;
}

namespace tplguard {

struct Engine::Impl {
  rules::RulePack pack;
  std::vector<RuleInfo> infos;
  std::unordered_map<std::string, size_t> index_of;  // rule id -> position in pack.rules
  std::shared_ptr<const payload::Compiled> payload;  // API specs and payload rules
};

namespace pipeline {

// Every rule kind a rule pack may name (registry.cpp).
const rules::KindRegistry& kind_registry();

// An engine over the given sources (Engine::load is this for a directory); throws
// RulePackError naming the file and line of the first problem.
std::shared_ptr<const Engine> build_engine(const rules::PackSources& sources);

// Canonical forms of one template's fields.
struct Prepared {
  text::Canonical title;
  std::vector<text::Canonical> names, examples;
};

void prepare(const text::Canonicalizer& canon, const Template& t, Profile profile, Prepared& p,
             rules::TemplateView& v);

// Where a hit is in the file: exact characters when the value is verbatim there.
Location locate(const rules::TemplateView& v, const rules::Hit& hit);

bool enabled(const RuleInfo& r, const LintOptions& o);

// The order lint reports findings in: file, template, position, rule.
bool finding_order(const Finding& a, const Finding& b);

// What turning one rule's hits into findings keeps from one finding to the next, so that
// many findings on one long value cost its length once, not once each.
struct FindingCache {
  // The source map of the last non-verbatim value located (a symbol run per character).
  const SourceText* value = nullptr;
  bool ok = false;
  std::vector<size_t> begins, ends;
  // The fingerprint of the last field hashed, before a finding's own text is added. Keyed by
  // the view: a cache lives no longer than the views it has seen.
  const rules::TemplateView* print_view = nullptr;
  rules::FieldRef print_field;
  text::StableHash print_prefix;
};

// The one place a finding's level is capped for approved templates (the pass's sink, the
// audit's set findings and the suppression pass all call it): records the
// template's origin on the finding and, unless `judge_as_proposals`, turns an error on an
// approved template into a warning whose messages say it would not pass review today
// (Finding::capped_from = error). Findings of the tool's own rules (clause `tool`: a stale
// suppression comment) say nothing about review and keep their level.
void cap_for_origin(Finding& f, Origin origin, bool judge_as_proposals);
// Puts the template's ids (template_id, library id) on a finding about it.
void name_template(Finding& f, const Template& t);

// A `# tplguard: ignore[...]` comment naming a set rule (title-duplicate, title-similar) on
// a template's title line, seen by a pass that did not run the set rules: the audit runs
// them across the whole input later and applies these then.
struct SetSuppression {
  size_t index = 0;  // the template's Template::index
  std::string rule, reason;
};

// Library dumps list a title twice (library/list, then the library/get body): a record with
// the same library id and title as an earlier one is the same template, so its title is not
// checked again nor counted as a duplicate; its keywords are checked. Remembers the library
// ids seen, so a stream of batches (the audit) is marked as one input.
class RepeatFinder {
 public:
  // One flag per template of `batch`: 1 for a repeat of an earlier record.
  std::vector<char> mark(std::span<const Template> batch);

 private:
  std::unordered_map<std::string, std::string> title_of_;  // library id -> its first title
};

// What one pass over templates gives besides its findings.
struct PassExtras {
  // Repeat flags (RepeatFinder), one per template, when the caller keeps them across
  // batches; empty: the pass finds them among its own templates.
  std::span<const char> repeats;
  // Called for each template once its per-template rules ran, with its view (canonical forms
  // valid during the call): the audit takes what its title join needs from here instead of
  // canonicalizing every title twice.
  std::function<void(size_t, const rules::TemplateView&)> on_template;
  std::vector<SetSuppression>* set_suppressions = nullptr;  // filled when set rules do not run
};

// The one loop from templates to findings (lint, and the audit a block at a time): the
// per-template rules, the set rules when options.set_rules, levels, per-path options, the
// approved-template cap, inline suppressions. Findings come in report order, silenced ones
// included (Finding::suppressed set), fingerprints without ordinals (FingerprintOrdinals).
std::vector<Finding> lint_pass(const Engine::Impl& engine, std::span<const Template> templates,
                               const LintOptions& options, const std::vector<Template>& library,
                               const PassExtras& extras = {});

}  // namespace pipeline
}  // namespace tplguard
