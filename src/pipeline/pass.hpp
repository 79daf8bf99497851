#pragma once
// What the lint pass (lint_pass.cpp) and the suppression pass (suppression_pass.cpp) share:
// the options resolved against the pack, a finding under construction, and the helpers that
// place and level a finding. Private to the pipeline.
#include <deque>
#include <optional>
#include <vector>

#include "pipeline/engine_impl.hpp"

namespace tplguard::pipeline {

// LintOptions resolved against the pack: which rules run and their level overrides.
struct Settings {
  const LintOptions* options = nullptr;
  std::vector<uint8_t> enabled;                // per pack rule
  std::vector<const LevelsByProfile*> levels;  // per pack rule; null: no override
};

// A rule's level for a template: the hit's own, else the rule's for the profile, then the
// options' override.
Level level_for(const RuleInfo& info, const Settings& s, size_t rule_index, Profile profile, std::optional<Level> hit);

// A finding under construction, with what the suppression pass needs to know about it.
struct Raw {
  Finding finding;
  const rules::TemplateView* view = nullptr;
  int64_t anchor = -1;
};
// Findings are built in place and never move until they are handed out in order: a deque
// grows without relocating (a vector of findings, at ~0.5 KB each, spent more time moving
// them and faulting in its new blocks than building them).
using RawList = std::deque<Raw>;

// A source's positions for bytes [b, e) of its text (clamped to it).
Location location_of(const SourceFile& src, int64_t b, int64_t e);
// The field kind's name, as fingerprints hash it.
const char* field_kind_name(rules::FieldRef::Kind k);

// Applies the `# tplguard: ignore[...]` comments of one YAML file `src` to the findings on
// its templates (`views`; `mine`: the indexes in `findings` of their findings) and adds a
// finding for each comment that silences nothing. `set_out`: where comments naming a set rule
// on a title line go when the set rules do not run in this pass (null: they ran, and their
// findings are matched like any other).
void apply_suppressions(const Engine::Impl& engine, const std::vector<Settings>& settings, RawList& findings,
                        std::vector<SetSuppression>* set_out, const SourceFile& src,
                        const std::vector<const rules::TemplateView*>& views, const std::vector<uint32_t>& mine);

}  // namespace tplguard::pipeline
