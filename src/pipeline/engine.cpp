// The engine: a compiled rule pack, immutable after load, shared by every thread.
//
// lint() canonicalizes each template once, runs the per-template rules and then the set-level
// rules, locates every finding in its source, fingerprints it, and applies the inline
// suppression comments of YAML sources. Everything a call needs lives on its stack.
#include <algorithm>
#include <deque>
#include <filesystem>
#include <unordered_map>

#include "io/scalar_map.hpp"
#include "io/template_reader.hpp"
#include "payload/validator.hpp"
#include "pipeline/engine_impl.hpp"
#include "rules/rule_pack.hpp"
#include "rules/suppression.hpp"
#include "util/closest.hpp"
#include "text/hash.hpp"
#include "tplguard/tplguard.hpp"

namespace tplguard {

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

std::shared_ptr<const Engine> Engine::from_impl(std::unique_ptr<Impl> impl) {
  return std::shared_ptr<const Engine>(new Engine(std::move(impl)));
}

std::string default_rules_dir() {
  if (const char* env = std::getenv("TPLGUARD_RULES")) return env;
  return TPLGUARD_SOURCE_RULES_DIR;
}

namespace pipeline {

std::shared_ptr<const Engine> build_engine(const rules::PackSources& sources) {
  auto impl = std::make_unique<Engine::Impl>();
  try {
    impl->pack = rules::load_rule_pack(sources, kind_registry());
  } catch (const RulePackError&) {
    throw;
  } catch (const std::exception& e) {
    // Nothing but RulePackError leaves loading: a pack is user input too.
    throw RulePackError(sources.dir + ": " + e.what());
  }
  for (const auto& r : impl->pack.rules) {
    impl->index_of.emplace(r.info.id, impl->infos.size());
    impl->infos.push_back(r.info);
  }
  // Payload rules and API specs are compiled now, so a broken spec fails the load too.
  std::vector<const rules::CompiledRule*> payload_rules;
  for (const auto& r : impl->pack.rules)
    if (dynamic_cast<const payload::PayloadRuleKind*>(r.kind.get())) payload_rules.push_back(&r);
  try {
    impl->payload = payload::compile(impl->pack.dir, payload_rules, *impl->pack.canon);
  } catch (const RulePackError&) {
    throw;
  } catch (const std::exception& e) {
    throw RulePackError(sources.dir + "/apis: " + e.what());
  }
  return Engine::from_impl(std::move(impl));
}

}  // namespace pipeline

std::shared_ptr<const Engine> Engine::load(const EngineOptions& options) {
  rules::PackSources sources;
  sources.dir = options.rules_dir.empty() ? default_rules_dir() : options.rules_dir;
  sources.extra_dirs = options.extra_rule_dirs;
  for (const auto& [id, files] : options.extra_lexicons)
    for (const auto& f : files) sources.extra_lexicons[id].push_back({f, f});
  return pipeline::build_engine(sources);
}

const std::vector<RuleInfo>& Engine::rules() const { return impl_->infos; }

// Here rather than in payload/: the validator's compiled specs live in the engine, which the
// pipeline owns.
std::shared_ptr<const PayloadValidator> PayloadValidator::create(const Engine& engine, PayloadContext context) {
  auto impl = std::make_unique<Impl>();
  impl->compiled = engine.impl().payload;
  impl->context = std::shared_ptr<const PayloadContext::Data>(context.data_);
  return std::make_shared<const PayloadValidator>(std::move(impl));
}

const RuleInfo* Engine::rule(std::string_view id) const {
  auto it = impl_->index_of.find(std::string(id));
  return it == impl_->index_of.end() ? nullptr : &impl_->infos[it->second];
}


namespace {

using rules::FieldRef;
using rules::Hit;
using rules::TemplateView;

Location location_of(const SourceFile& src, int64_t b, int64_t e) {
  Location loc;
  loc.file = src.path();
  const auto size = static_cast<int64_t>(src.text().size());
  b = std::clamp<int64_t>(b, 0, size);
  e = std::clamp<int64_t>(e, b, size);
  // Byte offsets in the file, also when the source is a window of it (streamed input).
  loc.byte_begin = b + static_cast<int64_t>(src.base_offset());
  loc.byte_end = e + static_cast<int64_t>(src.base_offset());
  loc.begin = src.position(static_cast<size_t>(b));
  loc.end = src.position(static_cast<size_t>(e));
  return loc;
}

const SourceText* field_text(const Template& t, const FieldRef& f) {
  switch (f.kind) {
    case FieldRef::title: return &t.title;
    case FieldRef::keyword_name: return &(*t.keywords)[f.index].name;
    case FieldRef::keyword_example: {
      const auto& ex = (*t.keywords)[f.index].example;
      return ex ? &*ex : nullptr;
    }
    case FieldRef::keywords: return nullptr;
  }
  return nullptr;
}

const text::Canonical* field_canonical(const TemplateView& v, const FieldRef& f) {
  switch (f.kind) {
    case FieldRef::title: return v.title;
    case FieldRef::keyword_name: return &v.names[f.index];
    case FieldRef::keyword_example: return &v.examples[f.index];
    case FieldRef::keywords: return nullptr;
  }
  return nullptr;
}

const char* field_kind_name(FieldRef::Kind k) {
  switch (k) {
    case FieldRef::title: return "title";
    case FieldRef::keyword_name: return "keyword-name";
    case FieldRef::keyword_example: return "keyword-example";
    case FieldRef::keywords: return "keywords";
  }
  return "";
}

using pipeline::FindingCache;

// Maps code points [first, last) of a field to file positions: the exact characters when the
// value can be aligned with its source (verbatim, or through escapes and folded lines), else
// the value's token, else the record.
Location locate_field(const TemplateView& v, const FieldRef& field, uint32_t first, uint32_t last, FindingCache& cache) {
  const Template& t = *v.tpl;
  if (!t.source) return {};
  const SourceText* st = field_text(t, field);
  const text::Canonical* c = field_canonical(v, field);
  int64_t b = -1, e = -1;
  if (st != nullptr && c != nullptr) {
    const auto n = static_cast<uint32_t>(c->original.size());
    if (first >= last) {
      first = 0;
      last = n;
    }
    last = std::min(last, n);
    first = std::min(first, last);
    if (st->verbatim_offset >= 0) {
      b = st->verbatim_offset + c->byte_of[first];
      e = st->verbatim_offset + c->byte_of[last];
    } else if (st->token_offset >= 0) {
      if (cache.value != st) {
        cache.value = st;
        cache.ok = n > 0 && io::map_scalar(t.source->text(), static_cast<size_t>(st->token_offset), c->original,
                                           cache.begins, cache.ends);
      }
      if (cache.ok) {
        b = static_cast<int64_t>(first < n ? cache.begins[first] : cache.ends[n - 1]);
        e = last > first ? static_cast<int64_t>(cache.ends[last - 1]) : b;
      } else {
        b = e = st->token_offset;
      }
    }
  } else if (st != nullptr && st->token_offset >= 0) {
    b = e = st->token_offset;
  }
  if (b < 0 && field.kind == FieldRef::keywords && t.title.token_offset >= 0) b = e = t.title.token_offset;
  if (b < 0 && t.record_offset >= 0) b = e = t.record_offset;
  if (b < 0) {
    Location loc;
    loc.file = t.source->path();
    return loc;
  }
  return location_of(*t.source, b, e);
}

// The byte offset of the token whose line a suppression comment must be on: the field's own
// token; template-wide findings (the keyword list) belong to the title's line.
int64_t anchor_of(const Template& t, const FieldRef& field) {
  if (const SourceText* st = field_text(t, field)) return st->token_offset;
  return t.title.token_offset;
}

// LintOptions resolved against the pack: which rules run and their level overrides.
struct Settings {
  const LintOptions* options = nullptr;
  std::vector<uint8_t> enabled;                // per pack rule
  std::vector<const LevelsByProfile*> levels;  // per pack rule; null: no override
};

Settings resolve(const rules::RulePack& pack, const LintOptions& o, bool set_rules) {
  Settings s;
  s.options = &o;
  s.enabled.resize(pack.rules.size());
  s.levels.resize(pack.rules.size(), nullptr);
  for (size_t i = 0; i < pack.rules.size(); ++i) {
    const std::string& id = pack.rules[i].info.id;
    bool on = (o.select.empty() || o.select.count(id)) && !o.ignore.count(id);
    if (pack.rules[i].kind->set_level() && !set_rules) on = false;
    s.enabled[i] = on;
    if (auto it = o.levels.find(id); it != o.levels.end()) s.levels[i] = &it->second;
  }
  return s;
}

Level level_for(const RuleInfo& info, const Settings& s, size_t rule_index, Profile profile, std::optional<Level> hit) {
  Level level = hit ? *hit : info.levels[static_cast<int>(profile)];
  if (const LevelsByProfile* o = s.levels[rule_index]; o && (*o)[static_cast<int>(profile)])
    level = *(*o)[static_cast<int>(profile)];
  return level;
}

// A finding under construction, with what the suppression pass needs to know about it.
struct Raw {
  Finding finding;
  const TemplateView* view = nullptr;
  int64_t anchor = -1;
};
// Findings are built in place and never move until they are handed out in order: a deque
// grows without relocating (a vector of findings, at ~0.5 KB each, spent more time moving
// them and faulting in its new blocks than building them).
using RawList = std::deque<Raw>;

// A rule's hit as a Finding: messages rendered, located in its source, fingerprinted.
void make_finding(const RuleInfo& info, Level level, const TemplateView& v, Hit&& hit, FindingCache& cache, Finding& f) {
  f.rule = info.id;
  f.level = level;
  f.message_zh = rules::render_message(info.message_zh, hit.args, true);
  f.message_en = rules::render_message(info.message_en, hit.args, false);
  f.clause = info.clause;
  f.errcode = info.errcode;
  f.field = hit.field.path();
  f.index = v.tpl->index;
  f.location = locate_field(v, hit.field, hit.begin, hit.end, cache);
  const text::Canonical* c = field_canonical(v, hit.field);
  // The rule, the field and its template's keys are hashed once per field (a long title
  // with a finding per character would otherwise hash its whole key per finding).
  if (cache.print_view != &v || cache.print_field.kind != hit.field.kind || cache.print_field.index != hit.field.index) {
    text::StableHash prefix;
    prefix.add(info.id).add(field_kind_name(hit.field.kind)).add(v.title->key);
    if (hit.field.kind == FieldRef::keyword_name || hit.field.kind == FieldRef::keyword_example)
      prefix.add(v.names[hit.field.index].key);
    if (c != nullptr && hit.field.kind == FieldRef::keyword_example) prefix.add(c->key);
    cache.print_view = &v;
    cache.print_field = hit.field;
    cache.print_prefix = prefix;
  }
  text::StableHash fp = cache.print_prefix;
  if (c != nullptr) {
    const auto n = static_cast<uint32_t>(c->original.size());
    f.value_begin = hit.begin < hit.end ? std::min(hit.begin, n) : 0;
    f.value_end = hit.begin < hit.end ? std::min(hit.end, n) : n;
    fp.add(std::u32string_view(c->original).substr(f.value_begin, f.value_end - f.value_begin));
  }
  f.fingerprint = fp.hex();
  if (hit.fix) f.fix = Fix{f.field, std::move(*hit.fix)};
  f.related = std::move(hit.related);
}

class RuleSink : public rules::Sink {
 public:
  RuleSink(const RuleInfo& info, size_t rule_index, const std::vector<Settings>& settings, RawList& out)
      : info_(info), rule_index_(rule_index), settings_(settings), out_(out) {}

  void report(const TemplateView& v, Hit hit) override {
    const Settings& s = settings_[v.settings];
    if (!s.enabled[rule_index_]) return;  // set-level rules run once for templates with different settings
    Raw& raw = out_.emplace_back();
    raw.anchor = anchor_of(*v.tpl, hit.field);
    make_finding(info_, level_for(info_, s, rule_index_, v.profile, hit.level), v, std::move(hit), cache_, raw.finding);
    pipeline::cap_for_origin(raw.finding, v.tpl->origin(), settings_.front().options->judge_approved_as_proposals);
    pipeline::name_template(raw.finding, *v.tpl);
    raw.view = &v;
  }

 private:
  const RuleInfo& info_;
  size_t rule_index_;
  const std::vector<Settings>& settings_;
  RawList& out_;
  FindingCache cache_;
};

// Applies the `# tplguard: ignore[...]` comments of one YAML file to the findings on its
// templates, and reports the comments that silence nothing.
class SuppressionPass {
 public:
  // `set_out`: where comments naming a set rule on a title line go when the set rules do not
  // run in this pass (null: they run, and their findings are matched like any other).
  SuppressionPass(const Engine::Impl& engine, const std::vector<Settings>& settings, RawList& findings,
                  std::vector<pipeline::SetSuppression>* set_out)
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
  std::vector<pipeline::SetSuppression>* set_out_;
};

bool is_yaml_source(const SourceFile& src) {
  auto format = io::format_for_path(src.path());
  return !format || *format == io::Format::yaml;
}

// The order findings are reported in, as indexes into `raws` (sorting the indexes moves
// 4 bytes per step instead of a whole finding).
std::vector<uint32_t> sorted_order(const RawList& raws) {
  std::vector<uint32_t> order(raws.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const Finding& a = raws[x].finding;
    const Finding& b = raws[y].finding;
    if (a.location.file != b.location.file) return a.location.file < b.location.file;
    if (a.index != b.index) return a.index < b.index;
    if (a.location.byte_begin != b.location.byte_begin) return a.location.byte_begin < b.location.byte_begin;
    return a.rule < b.rule;
  });
  return order;
}

}  // namespace

namespace pipeline {

void prepare(const text::Canonicalizer& canon, const Template& t, Profile profile, Prepared& p, TemplateView& v) {
  canon.canonicalize(t.title.value, p.title);
  const size_t n = t.keywords ? t.keywords->size() : 0;
  // Grown, never shrunk: a reused Prepared keeps its buffers for the next template (shrinking
  // freed them, and the next template with more keywords allocated them again).
  if (p.names.size() < n) {
    p.names.resize(n);
    p.examples.resize(n);
  }
  for (size_t i = 0; i < n; ++i) {
    const Keyword& k = (*t.keywords)[i];
    canon.canonicalize(k.name.value, p.names[i]);
    canon.canonicalize(k.example ? std::string_view(k.example->value) : std::string_view(), p.examples[i]);
  }
  v.tpl = &t;
  v.profile = profile;
  v.title = &p.title;
  v.names = p.names.data();
  v.examples = p.examples.data();
  v.keyword_count = n;
}

Location locate(const TemplateView& v, const Hit& hit) {
  FindingCache cache;
  return locate_field(v, hit.field, hit.begin, hit.end, cache);
}

bool enabled(const RuleInfo& r, const LintOptions& o) {
  if (!o.select.empty() && !o.select.count(r.id)) return false;
  return !o.ignore.count(r.id);
}

bool finding_order(const Finding& a, const Finding& b) {
  if (a.location.file != b.location.file) return a.location.file < b.location.file;
  if (a.index != b.index) return a.index < b.index;
  if (a.location.byte_begin != b.location.byte_begin) return a.location.byte_begin < b.location.byte_begin;
  return a.rule < b.rule;
}

void cap_for_origin(Finding& f, Origin origin, bool judge_as_proposals) {
  f.origin = origin;
  if (origin == Origin::proposal || judge_as_proposals || f.level != Level::error || f.clause == "tool") return;
  f.capped_from = f.level;
  f.level = Level::warning;
  f.message_zh = "按现行审核规则不会通过（模板已获批准，故为警告）：" + f.message_zh;
  f.message_en = "would not pass review today (the template is approved, so a warning): " + f.message_en;
}

void name_template(Finding& f, const Template& t) {
  f.template_id = t.template_id;
  f.library_id = t.library_id;
}

std::vector<char> RepeatFinder::mark(std::span<const Template> batch) {
  std::vector<char> repeat(batch.size(), 0);
  for (size_t i = 0; i < batch.size(); ++i) {
    const Template& t = batch[i];
    if (t.library_id.empty()) continue;
    auto [it, first] = title_of_.try_emplace(t.library_id, t.title.value);
    repeat[i] = !first && it->second == t.title.value;
  }
  return repeat;
}

std::string title_fingerprint(std::string_view rule_id, const text::Canonical& title) {
  // make_finding's formula for a hit on the whole title: rule, field kind, key, value.
  return text::StableHash()
      .add(rule_id)
      .add(field_kind_name(FieldRef::title))
      .add(std::u32string_view(title.key))
      .add(std::u32string_view(title.original))
      .hex();
}

namespace {

// A fingerprint's 128 bits (it is StableHash::hex); anything else by its std::hash.
std::pair<uint64_t, uint64_t> fingerprint_bits(std::string_view print) {
  if (print.size() != 32) return {~uint64_t{0}, std::hash<std::string_view>()(print)};
  uint64_t half[2] = {0, 0};
  for (size_t i = 0; i < 32; ++i) {
    const char c = print[i];
    const uint64_t d = c >= 'a' ? static_cast<uint64_t>(c - 'a' + 10) : static_cast<uint64_t>(c - '0');
    half[i / 16] = half[i / 16] << 4 | (d & 15);
  }
  return {half[0], half[1]};
}

}  // namespace

uint32_t FingerprintOrdinals::next(std::string_view file, std::string_view fingerprint) {
  if (file != file_) {
    file_ = file;
    seen_.clear();
  }
  const auto [hi, lo] = fingerprint_bits(fingerprint);
  return ++seen_[Bits{hi, lo}];
}

void FingerprintOrdinals::number(Finding& f) {
  const uint32_t n = next(f.location.file, f.fingerprint);
  if (n > 1) f.fingerprint += ":" + std::to_string(n);
}

}  // namespace pipeline

using pipeline::Prepared;
using pipeline::prepare;

std::vector<Finding> Engine::lint(const std::vector<Template>& templates, const LintOptions& options,
                                  const std::vector<Template>& library) const {
  std::vector<Finding> findings = pipeline::lint_pass(*impl_, templates, options, library);
  pipeline::FingerprintOrdinals ordinals;
  for (Finding& f : findings) ordinals.number(f);
  if (!options.keep_suppressed) std::erase_if(findings, [](const Finding& f) { return f.suppressed.has_value(); });
  return findings;
}

std::vector<Finding> pipeline::lint_pass(const Engine::Impl& impl, std::span<const Template> templates,
                                              const LintOptions& options, const std::vector<Template>& library,
                                              const PassExtras& extras) {
  const auto& pack = impl.pack;
  // Resolve the options once per distinct set (the defaults, plus one per path override).
  std::vector<Settings> settings{resolve(pack, options, options.set_rules)};
  std::vector<uint32_t> settings_of(templates.size(), 0);
  if (options.options_for) {
    std::unordered_map<const LintOptions*, uint32_t> seen{{&options, 0}};
    for (size_t i = 0; i < templates.size(); ++i) {
      const LintOptions* o = options.options_for(templates[i]);
      if (o == nullptr) continue;
      auto [it, fresh] = seen.emplace(o, static_cast<uint32_t>(settings.size()));
      if (fresh) settings.push_back(resolve(pack, *o, options.set_rules));
      settings_of[i] = it->second;
    }
  }

  RawList raws;
  auto enabled_anywhere = [&](size_t r) {
    for (const auto& s : settings)
      if (s.enabled[r]) return true;
    return false;
  };
  std::vector<size_t> per_template_rules;
  bool any_set_rule = false;
  for (size_t r = 0; r < pack.rules.size(); ++r) {
    if (!enabled_anywhere(r)) continue;
    if (pack.rules[r].kind->set_level()) any_set_rule = true;
    else if (pack.rules[r].kind->checks_templates()) per_template_rules.push_back(r);
  }
  std::vector<char> own_repeats;
  if (extras.repeats.size() != templates.size()) own_repeats = RepeatFinder().mark(templates);
  const std::span<const char> repeat = own_repeats.empty() ? extras.repeats : std::span<const char>(own_repeats);
  std::vector<char> on_title(per_template_rules.size());
  for (size_t j = 0; j < per_template_rules.size(); ++j) on_title[j] = pack.rules[per_template_rules[j]].info.target == "title";
  std::vector<RuleSink> sinks;
  sinks.reserve(per_template_rules.size());
  for (size_t r : per_template_rules) sinks.emplace_back(pack.rules[r].info, r, settings, raws);

  // Canonical forms are computed once per template and shared by every rule, template by
  // template so they stay in cache. Set rules compare every template with every other, so
  // then all are kept; otherwise one buffer is reused (no allocation once it has grown), and
  // a view's canonical pointers are cleared when the next template takes the buffer.
  std::vector<TemplateView> views(templates.size());
  const size_t window = any_set_rule ? templates.size() : std::min<size_t>(templates.size(), 1);
  std::vector<Prepared> prepared(window);
  for (size_t i = 0; i < templates.size(); ++i) {
    const Template& t = templates[i];
    const std::optional<Profile>& forced = settings[settings_of[i]].options->profile;
    const Profile profile = forced ? *forced : t.profile.value_or(Profile::miniprogram);
    TemplateView& v = views[i];
    if (!any_set_rule && i >= window) {
      TemplateView& old = views[i - window];
      old.title = old.names = old.examples = nullptr;
    }
    prepare(*pack.canon, t, profile, prepared[i % window], v);
    v.settings = settings_of[i];
    for (size_t j = 0; j < per_template_rules.size(); ++j) {
      const size_t r = per_template_rules[j];
      // A repeat's title was checked with its first record.
      if (settings[v.settings].enabled[r] && !(repeat[i] && on_title[j])) pack.rules[r].kind->check(v, sinks[j]);
    }
    if (extras.on_template) extras.on_template(i, v);
  }
  // Set rules report a title against an earlier one. A pair of an approved template and a
  // proposal is the proposal's to answer for (it is what review would reject), so approved
  // templates are handed to them first, each group in input order: the finding lands on the
  // proposal, at full strength, not on the approved template, where it would be capped.
  // Kept until the end: findings point at these views.
  // Repeats are left out: a record is no duplicate of itself.
  std::vector<TemplateView> approved_first;
  if (any_set_rule) {
    size_t approved = 0, repeats = 0;
    for (size_t i = 0; i < views.size(); ++i) {
      approved += views[i].tpl->approved();
      repeats += repeat[i] != 0;
    }
    const bool reorder = !options.judge_approved_as_proposals && approved != 0 && approved != views.size();
    if (reorder || repeats != 0) {
      approved_first.reserve(views.size());
      for (int pass = reorder ? 0 : 1; pass < 2; ++pass)
        for (size_t i = 0; i < views.size(); ++i)
          if (!repeat[i] && (!reorder || views[i].tpl->approved() == (pass == 0))) approved_first.push_back(views[i]);
    }
  }
  const std::vector<TemplateView>& set_views = approved_first.empty() ? views : approved_first;
  if (any_set_rule) {
    std::vector<Prepared> lib_prepared(library.size());
    std::vector<TemplateView> lib_views(library.size());
    for (size_t i = 0; i < library.size(); ++i)
      prepare(*pack.canon, library[i], library[i].profile.value_or(Profile::miniprogram), lib_prepared[i],
              lib_views[i]);
    for (size_t r = 0; r < pack.rules.size(); ++r) {
      const auto& rule = pack.rules[r];
      if (!rule.kind->set_level() || !enabled_anywhere(r)) continue;
      RuleSink sink(rule.info, r, settings, raws);
      rule.kind->check_set(set_views, lib_views, sink);
    }
  }

  if (options.inline_suppressions) {
    std::vector<const SourceFile*> files;
    std::unordered_map<const SourceFile*, std::vector<const TemplateView*>> by_file;
    const SourceFile* last = nullptr;
    bool last_yaml = false;
    for (const auto& v : views) {
      const SourceFile* src = v.tpl->source.get();
      if (src != last) {  // templates of a file are adjacent: decide once per file
        last = src;
        last_yaml = src != nullptr && is_yaml_source(*src);
      }
      if (!last_yaml) continue;
      auto& list = by_file[src];
      if (list.empty()) files.push_back(src);
      list.push_back(&v);
    }
    // Each file gets its own findings, so the pass costs the findings once, not once a file.
    std::unordered_map<const SourceFile*, std::vector<uint32_t>> raws_of;
    for (uint32_t i = 0; i < raws.size(); ++i)
      if (raws[i].view != nullptr && by_file.count(raws[i].view->tpl->source.get()))
        raws_of[raws[i].view->tpl->source.get()].push_back(i);
    SuppressionPass pass(impl, settings, raws, options.set_rules ? nullptr : extras.set_suppressions);
    for (const SourceFile* src : files) pass.run(*src, by_file[src], raws_of[src]);
  }

  const std::vector<uint32_t> order = sorted_order(raws);
  std::vector<Finding> findings;
  findings.reserve(raws.size());
  for (uint32_t i : order) findings.push_back(std::move(raws[i].finding));
  return findings;
}

}  // namespace tplguard
