#pragma once
// The engine's insides, shared with the audit (src/audit/), which runs the same rules over
// streamed batches: the compiled pack, how a template is prepared (canonical forms computed
// once), and how a rule's hit becomes a Finding.
// It also holds the payload validator's compiled specs (src/payload/ builds validators from it).
#include <memory>
#include <unordered_map>
#include <vector>

#include "rules/rule_pack.hpp"
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

namespace engine_detail {

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

// The one place a finding's level is capped for approved templates (lint's and the audit's
// sinks, the audit's set findings and the suppression pass all call it): records the
// template's origin on the finding and, unless `judge_as_proposals`, turns an error on an
// approved template into a warning whose messages say it would not pass review today
// (Finding::capped_from = error). Findings of the tool's own rules (clause `tool`: a stale
// suppression comment) say nothing about review and keep their level.
void cap_for_origin(Finding& f, Origin origin, bool judge_as_proposals);

// Turns a rule's hits into findings (messages rendered, level for the template's profile,
// capped for approved templates unless `judge_as_proposals`). One sink serves one template.
class RuleSink : public rules::Sink {
 public:
  RuleSink(const RuleInfo& info, std::vector<Finding>& out, bool judge_as_proposals = false)
      : info_(info), out_(out), judge_as_proposals_(judge_as_proposals) {}
  void report(const rules::TemplateView& v, rules::Hit hit) override;

 private:
  const RuleInfo& info_;
  std::vector<Finding>& out_;
  bool judge_as_proposals_;
  FindingCache cache_;
};

}  // namespace engine_detail
}  // namespace tplguard
