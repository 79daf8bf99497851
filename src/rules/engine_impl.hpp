#pragma once
// The engine's insides, shared with the audit (src/audit/), which runs the same rules over
// streamed batches: the compiled pack, how a template is prepared (canonical forms computed
// once), and how a rule's hit becomes a Finding.
// It also holds the payload validator's compiled specs (src/payload/ builds validators from it).
#include <memory>
#include <unordered_map>
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

// Turns a rule's hits into findings (messages rendered, level for the template's profile).
class RuleSink : public rules::Sink {
 public:
  RuleSink(const RuleInfo& info, std::vector<Finding>& out) : info_(info), out_(out) {}
  void report(const rules::TemplateView& v, rules::Hit hit) override;

 private:
  const RuleInfo& info_;
  std::vector<Finding>& out_;
};

}  // namespace engine_detail
}  // namespace tplguard
