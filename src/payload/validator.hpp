#pragma once
// Internals of the payload validator: the compiled rules and specs shared by every
// validation, the per-validation state (Run) and the check groups, one file per concern:
//   structure.cpp  fields, types, required, unknown keys, ranges, lists (spec-driven)
//   data.cpp       the shape of `data`, its keys, and each value by its key's type
//   formats.cpp    page, template_id, touser, form_id, emphasis_keyword, colours, URLs
//   detect.cpp     telling the API from the body's shape
#include <re2/re2.h>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "payload/checks.hpp"
#include "payload/context.hpp"
#include "payload/document.hpp"
#include "payload/spec.hpp"
#include "rules/lexicon.hpp"
#include "rules/rule_kind.hpp"
#include "rules/rule_pack.hpp"
#include "text/canonical.hpp"
#include "tplguard/payload.hpp"

namespace tplguard::payload {

// A shape a value may have (or, for `wrong`, one known to fail), from a rule's params.
struct Shape {
  std::string name;
  Text label;
  std::unique_ptr<RE2> re;
};

// The compiled params of a payload rule kind (which members are used depends on the kind).
struct KindParams {
  std::vector<Shape> shapes;       // acceptable shapes
  std::vector<Shape> wrong;        // shapes known to be rejected
  std::vector<std::string> values; // literal values (the DevTools mock formId)
  std::unique_ptr<rules::Lexicon> lexicon;
  std::unique_ptr<rules::TermMatcher> matcher;
  bool pinyin = false;
  std::vector<std::string> types;  // value types a check applies to (empty: all)

  bool matches_shape(std::string_view v) const {
    for (const auto& s : shapes)
      if (full_match(v, *s.re)) return true;
    return false;
  }
};

// The rule-pack side of a payload rule: what RuleKind the loader compiles it into.
class PayloadRuleKind : public rules::RuleKind {
 public:
  PayloadRuleKind(Check check, std::shared_ptr<const KindParams> params) : check_(check), params_(std::move(params)) {}
  Check payload_check() const { return check_; }
  bool checks_templates() const override { return false; }
  const std::shared_ptr<const KindParams>& params() const { return params_; }

 private:
  Check check_;
  std::shared_ptr<const KindParams> params_;
};

std::unique_ptr<rules::RuleKind> make_kind(const rules::CompileContext& ctx);

struct RuleSlot {
  RuleInfo info;
  Check check;
  std::shared_ptr<const KindParams> params;
};

// Everything a validation reads; built once per engine, shared by validators and threads.
struct Compiled {
  Specs specs;
  std::vector<ApiInfo> infos;  // parallel to specs.apis
  std::vector<std::unique_ptr<RuleSlot>> rules;
  std::array<const RuleSlot*, kCheckCount> slots{};  // null: the pack has no rule for it
  std::unique_ptr<text::Canonicalizer> canon;
  std::vector<const ValueType*> marketing_types;  // value-marketing's `types` (empty: all)

  const RuleSlot* slot(Check c) const { return slots[static_cast<size_t>(c)]; }
  const ApiInfo& info(const ApiSpec& a) const { return infos[static_cast<size_t>(&a - specs.apis.data())]; }
};

// Built from an engine's rule pack; throws RulePackError on a broken spec or rule.
std::shared_ptr<const Compiled> compile(const std::string& rules_dir, const std::vector<const rules::CompiledRule*>& rules,
                                        const text::Canonicalizer& canon);

// One finding before it is turned into a Finding (only made when something is wrong, so a
// clean body allocates nothing).
struct Hit {
  explicit Hit(Check c) : check(c) {}
  Check check;
  uint32_t node = kNoNode;        // the value at fault, or the object a missing field is of
  std::string missing;            // a missing member's name: the pointer is node's + "/" + it
  bool at_key = false;            // the member's name is at fault, not its value
  uint32_t begin = 0, end = 0;    // code points of a string value; begin == end: all of it
  rules::Args args;
  std::optional<int> errcode;     // the field's code; else the rule's
  std::optional<Level> level;     // overrides the rule's level
  std::optional<std::string> fix; // replacement for the whole value
};

// Whether the caller's --select/--ignore keep a rule.
bool wanted(const RuleInfo& info, const PayloadOptions& o);

// The state of one validation.
struct Run {
  const Compiled& c;
  const ContextData* context;  // may be null
  const Document& doc;
  const ApiSpec& api;
  std::vector<Hit> hits;
  const PayloadOptions* options = nullptr;  // the call's select/ignore, when any

  // A check runs when its rule is in the pack and the call keeps it: a check switched off
  // must not change what the others see (an unused enum list leaves the type's format on).
  bool on(Check check) const {
    const RuleSlot* slot = c.slot(check);
    return slot != nullptr && (options == nullptr || wanted(slot->info, *options));
  }
  void report(Hit hit) { hits.push_back(std::move(hit)); }
};

// structure.cpp
void check_body(Run& r);
void check_object(Run& r, const ObjectSpec& spec, const DocNode& object, bool root);
// The value of an integer field (a JSON integer, or digits in a string when allowed).
std::optional<int64_t> integer_value(const FieldSpec& f, const DocNode& n);

// data.cpp
void check_data(Run& r, const FieldSpec& f, const DocNode& data, const ObjectSpec& parent_spec, const uint32_t* seen);

// formats.cpp
void check_format(Run& r, const FieldSpec& f, const DocNode& value, const ObjectSpec& parent_spec, const uint32_t* seen);

// detect.cpp: the API of a body, or null with `why` set.
// With the account's templates (`context`, may be null), a template id they list settles a
// body that fits more than one send API.
const ApiSpec* detect(const Specs& specs, const Document& doc, std::string* why, const ContextData* context = nullptr);

// Helpers for messages.
std::string quoted_value(std::string_view v);  // '...' shortened to 40 characters
std::string dotted_path(const Document& doc, uint32_t node, std::string_view missing = {});
bool is_blank(std::string_view v);

}  // namespace tplguard::payload

namespace tplguard {

// What a PayloadValidator holds: the engine's compiled specs and an optional context.
struct PayloadValidator::Impl {
  std::shared_ptr<const payload::Compiled> compiled;
  std::shared_ptr<const PayloadContext::Data> context;  // may be null
};

}  // namespace tplguard
