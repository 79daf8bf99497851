// The one pass from templates to findings (pipeline::lint_pass): each template is
// canonicalized once, the per-template rules run, then the set-level rules, every finding is
// located in its source, levelled, capped for approved templates, named and fingerprinted,
// and the inline suppression comments of YAML sources are applied. Everything a call needs
// lives on its stack.
#include <algorithm>
#include <unordered_map>

#include "io/scalar_map.hpp"
#include "io/template_reader.hpp"
#include "pipeline/pass.hpp"
#include "rules/rule_pack.hpp"
#include "text/hash.hpp"

namespace tplguard::pipeline {

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

const char* field_kind_name(FieldRef::Kind k) {
  switch (k) {
    case FieldRef::title: return "title";
    case FieldRef::keyword_name: return "keyword-name";
    case FieldRef::keyword_example: return "keyword-example";
    case FieldRef::keywords: return "keywords";
  }
  return "";
}

Level level_for(const RuleInfo& info, const Settings& s, size_t rule_index, Profile profile, std::optional<Level> hit) {
  Level level = hit ? *hit : info.levels[static_cast<int>(profile)];
  if (const LevelsByProfile* o = s.levels[rule_index]; o && (*o)[static_cast<int>(profile)])
    level = *(*o)[static_cast<int>(profile)];
  return level;
}

namespace {

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

bool is_yaml_source(const SourceFile& src) {
  auto format = io::format_for_path(src.path());
  return !format || *format == io::Format::yaml;
}

// The order findings are reported in, as indexes into `raws` (sorting the indexes moves
// 4 bytes per step instead of a whole finding).
std::vector<uint32_t> sorted_order(const RawList& raws) {
  std::vector<uint32_t> order(raws.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t x, uint32_t y) { return finding_order(raws[x].finding, raws[y].finding); });
  return order;
}

}  // namespace

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

std::vector<Finding> lint_pass(const Engine::Impl& impl, std::span<const Template> templates,
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
    std::vector<SetSuppression>* set_out = options.set_rules ? nullptr : extras.set_suppressions;
    for (const SourceFile* src : files) apply_suppressions(impl, settings, raws, set_out, *src, by_file[src], raws_of[src]);
  }

  const std::vector<uint32_t> order = sorted_order(raws);
  std::vector<Finding> findings;
  findings.reserve(raws.size());
  for (uint32_t i : order) findings.push_back(std::move(raws[i].finding));
  return findings;
}

}  // namespace tplguard::pipeline
