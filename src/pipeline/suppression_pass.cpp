// The suppression pass: `# tplguard: ignore[rule] reason` comments in YAML sources silence
// the findings anchored on their line, and a comment that silences nothing (a misspelt id, a
// misplaced comment, a finding since fixed) is itself reported, as unused-suppression.
#include <algorithm>
#include <unordered_map>

#include "pipeline/pass.hpp"
#include "rules/suppression.hpp"
#include "text/hash.hpp"
#include "util/closest.hpp"

namespace tplguard::pipeline {
namespace {

using rules::FieldRef;
using rules::TemplateView;

// Applies the `# tplguard: ignore[...]` comments of one YAML file to the findings on its
// templates, and reports the comments that silence nothing.
class SuppressionPass {
 public:
  // `set_out`: where comments naming a set rule on a title line go when the set rules do not
  // run in this pass (null: they run, and their findings are matched like any other).
  SuppressionPass(const Engine::Impl& engine, const std::vector<Settings>& settings, RawList& findings,
                  std::vector<SetSuppression>* set_out)
      : engine_(engine), settings_(settings), findings_(findings), set_out_(set_out) {}

  // `mine`: the indexes in `findings` of the findings on templates of `src`.
  void run(const SourceFile& src, const std::vector<const TemplateView*>& views, const std::vector<uint32_t>& mine) {
    std::vector<rules::Directive> directives = rules::scan_directives(src);
    if (directives.empty()) return;
    std::unordered_map<uint32_t, size_t> by_line;
    for (size_t i = 0; i < directives.size(); ++i) by_line.emplace(directives[i].line, i);
    std::vector<std::vector<uint8_t>> used(directives.size());
    for (size_t i = 0; i < directives.size(); ++i) used[i].resize(directives[i].ids.size());

    // What each line anchors: the fields whose token starts there.
    std::unordered_map<uint32_t, std::vector<std::pair<const TemplateView*, FieldRef>>> anchors;
    auto add_anchor = [&](const TemplateView* v, const SourceText& st, FieldRef f) {
      if (st.token_offset >= 0) anchors[src.line_of(static_cast<size_t>(st.token_offset))].emplace_back(v, f);
    };
    for (const TemplateView* v : views) {
      add_anchor(v, v->tpl->title, FieldRef{FieldRef::title, 0});
      for (size_t k = 0; k < v->keyword_count; ++k) {
        const Keyword& kw = v->keyword(k);
        add_anchor(v, kw.name, FieldRef{FieldRef::keyword_name, static_cast<uint32_t>(k)});
        if (kw.example) add_anchor(v, *kw.example, FieldRef{FieldRef::keyword_example, static_cast<uint32_t>(k)});
      }
    }

    for (uint32_t i : mine) {
      Raw& raw = findings_[i];
      for (uint32_t line : {raw.anchor >= 0 ? src.line_of(static_cast<size_t>(raw.anchor)) : 0u,
                            raw.finding.location.begin.line}) {
        auto it = by_line.find(line);
        if (line == 0 || it == by_line.end()) continue;
        const rules::Directive& d = directives[it->second];
        if (!d.problem.empty()) continue;  // a malformed comment silences nothing, as it says
        for (size_t k = 0; k < d.ids.size(); ++k) {
          if (d.ids[k].id != raw.finding.rule) continue;
          used[it->second][k] = 1;
          raw.finding.suppressed = d.reason;
        }
      }
    }

    const auto unused_rule = engine_.index_of.find(rules::kUnusedSuppressionRule);
    if (unused_rule == engine_.index_of.end()) return;
    // Templates by record offset, so finding the one that encloses a comment is a search.
    std::vector<const TemplateView*> by_offset;
    for (const TemplateView* v : views)
      if (v->tpl->record_offset >= 0) by_offset.push_back(v);
    std::stable_sort(by_offset.begin(), by_offset.end(), [](const TemplateView* a, const TemplateView* b) {
      return a->tpl->record_offset < b->tpl->record_offset;
    });
    for (size_t i = 0; i < directives.size(); ++i) {
      const rules::Directive& d = directives[i];
      auto a = anchors.find(d.line);
      const std::vector<std::pair<const TemplateView*, FieldRef>> none;
      const auto& on_line = a == anchors.end() ? none : a->second;
      const TemplateView* owner = on_line.empty() ? enclosing(by_offset, d.begin) : on_line.front().first;
      const FieldRef field = on_line.empty() ? FieldRef{FieldRef::title, 0} : on_line.front().second;
      if (!d.problem.empty()) {
        report(src, owner, on_line.empty() ? nullptr : &field, d.begin, d.end, "directive:" + d.problem,
               {"格式不对：" + d.problem, "malformed: " + d.problem});
        continue;
      }
      bool self_silenced = false;
      for (const auto& id : d.ids) self_silenced |= id.id == rules::kUnusedSuppressionRule;
      if (self_silenced) continue;
      for (size_t k = 0; k < d.ids.size(); ++k) {
        if (used[i][k]) continue;
        const std::string& id = d.ids[k].id;
        auto rule = engine_.index_of.find(id);
        if (rule == engine_.index_of.end()) {
          std::string hint_zh, hint_en;
          if (auto best = closest_rule(id); !best.empty()) {
            hint_zh = "（是否想写 " + best + "？）";
            hint_en = " (did you mean " + best + "?)";
          }
          report(src, owner, on_line.empty() ? nullptr : &field, d.ids[k].begin, d.ids[k].end, "unknown:" + id,
                 {"没有规则 " + id + hint_zh, "unknown rule id " + id + hint_en});
          continue;
        }
        if (set_out_ != nullptr && engine_.pack.rules[rule->second].kind->set_level()) {
          bool on_title = false;
          for (const auto& [v, f] : on_line) {
            if (f.kind != FieldRef::title) continue;
            set_out_->push_back({v->tpl->index, id, d.reason});
            on_title = true;
          }
          if (on_title) continue;  // used or not is known once the set rules ran
        }
        if (on_line.empty()) {
          // Only worth saying when the rule runs here at all.
          if (!settings_[owner ? owner->settings : 0].enabled[rule->second]) continue;
          report(src, owner, nullptr, d.ids[k].begin, d.ids[k].end, "misplaced:" + id,
                 {"注释不在模板标题或字段所在的行上", "the comment is not on the line of a title or a field"});
          continue;
        }
        bool runs = false;
        for (const auto& [v, f] : on_line) runs |= settings_[v->settings].enabled[rule->second] != 0;
        if (!runs) continue;  // the rule is off here: the comment may serve another configuration
        report(src, owner, &field, d.ids[k].begin, d.ids[k].end, "unused:" + id,
               {"此行没有 " + id + " 问题", "no " + id + " finding on this line"});
      }
    }
  }

 private:
  // The template whose record holds `offset` (the last one starting at or before it; of
  // several starting there, the first), if any. `by_offset` is sorted by record offset.
  static const TemplateView* enclosing(const std::vector<const TemplateView*>& by_offset, size_t offset) {
    const auto at = static_cast<int64_t>(offset);
    auto after = std::upper_bound(by_offset.begin(), by_offset.end(), at,
                                  [](int64_t o, const TemplateView* v) { return o < v->tpl->record_offset; });
    if (after == by_offset.begin()) return nullptr;
    const int64_t start = (*std::prev(after))->tpl->record_offset;
    return *std::lower_bound(by_offset.begin(), after, start,
                             [](const TemplateView* v, int64_t o) { return v->tpl->record_offset < o; });
  }

  std::string closest_rule(const std::string& id) const {
    return std::string(util::closest(id, engine_.infos, 4, [](const RuleInfo& r) { return std::string_view(r.id); }));
  }

  void report(const SourceFile& src, const TemplateView* owner, const FieldRef* field, size_t b, size_t e,
              const std::string& what, std::pair<std::string, std::string> detail) {
    const size_t rule_index = engine_.index_of.at(rules::kUnusedSuppressionRule);
    const Settings& s = settings_[owner ? owner->settings : 0];
    if (!s.enabled[rule_index]) return;
    const RuleInfo& info = engine_.infos[rule_index];
    const Profile profile = owner ? owner->profile : s.options->profile.value_or(Profile::miniprogram);
    Raw raw;
    Finding& f = raw.finding;
    f.rule = info.id;
    f.level = level_for(info, s, rule_index, profile, std::nullopt);
    const rules::Args args = {{"detail", detail.first, detail.second}};
    f.message_zh = rules::render_message(info.message_zh, args, true);
    f.message_en = rules::render_message(info.message_en, args, false);
    f.clause = info.clause;
    f.errcode = info.errcode;
    f.field = field ? field->path() : "";
    f.index = owner ? owner->tpl->index : 0;
    f.location = location_of(src, static_cast<int64_t>(b), static_cast<int64_t>(e));
    // The owner's canonical buffers may already be reused by a later template (lint keeps
    // one buffer when no set rule runs), so the title's key is computed from the template.
    text::Canonical title;
    if (owner) engine_.pack.canon->canonicalize(owner->tpl->title.value, title);
    text::StableHash fp;
    fp.add(info.id).add(std::u32string_view(title.key));
    fp.add(field ? field_kind_name(field->kind) : "").add(what);
    f.fingerprint = fp.hex();
    if (owner) {
      pipeline::cap_for_origin(f, owner->tpl->origin(), settings_.front().options->judge_approved_as_proposals);
      pipeline::name_template(f, *owner->tpl);
    }
    findings_.push_back(std::move(raw));
  }

  const Engine::Impl& engine_;
  const std::vector<Settings>& settings_;
  RawList& findings_;
  std::vector<SetSuppression>* set_out_;
};

}  // namespace

void apply_suppressions(const Engine::Impl& engine, const std::vector<Settings>& settings, RawList& findings,
                        std::vector<SetSuppression>* set_out, const SourceFile& src,
                        const std::vector<const TemplateView*>& views, const std::vector<uint32_t>& mine) {
  SuppressionPass(engine, settings, findings, set_out).run(src, views, mine);
}

}  // namespace tplguard::pipeline
