#pragma once
// Factories of the rule kinds, one file each.
#include "rules/rule_kind.hpp"

namespace tplguard::rules::kinds {
std::unique_ptr<RuleKind> make_suffix(const CompileContext& ctx);
std::unique_ptr<RuleKind> make_lexicon(const CompileContext& ctx);
std::unique_ptr<RuleKind> make_char_class(const CompileContext& ctx);
std::unique_ptr<RuleKind> make_generic(const CompileContext& ctx);
std::unique_ptr<RuleKind> make_broad_keyword(const CompileContext& ctx);
std::unique_ptr<RuleKind> make_duplicate(const CompileContext& ctx);
std::unique_ptr<RuleKind> make_similar(const CompileContext& ctx);
std::unique_ptr<RuleKind> make_example_type(const CompileContext& ctx);
std::unique_ptr<RuleKind> make_count(const CompileContext& ctx);
std::unique_ptr<RuleKind> make_pattern(const CompileContext& ctx);
std::unique_ptr<RuleKind> make_unused_suppression(const CompileContext& ctx);
}  // namespace tplguard::rules::kinds
