// The audit: per-template rules on streamed batches (in parallel), then the title join
// across the whole input. See include/tplguard/audit.hpp and docs/audit.md.
#include <algorithm>
#include <unordered_map>

#include "audit/title_join.hpp"
#include "audit/title_set.hpp"
#include "rules/engine_impl.hpp"
#include "rules/set_messages.hpp"
#include "rules/similarity.hpp"
#include "tplguard/audit.hpp"

namespace tplguard {

using engine_detail::Prepared;
using engine_detail::RuleSink;

namespace {

// Where a title is, without the file name (kept once per file).
struct TitleRecord {
  uint64_t index = 0;
  uint32_t file = 0;
  uint32_t code_points = 0;
  Position begin, end;
  int64_t byte_begin = -1, byte_end = -1;
  Profile profile = Profile::miniprogram;
  Origin origin = Origin::proposal;  // Template::origin(): an approved title's findings are capped
};

struct SimilarRule {
  const rules::CompiledRule* rule = nullptr;
  const rules::StemBuilder* stems = nullptr;
  audit::TitleSetBuilder builder;
  audit::TitleJoin join;
};

// A set-level finding before it is rendered: title `pos` against title `other`.
struct SetHit {
  uint32_t pos, other;
  uint32_t rule;  // 0: title-duplicate, 1 + i: similar_[i]
};

}  // namespace

struct Auditor::Impl {
  std::shared_ptr<const Engine> engine;
  AuditOptions options;
  const rules::RulePack& pack;
  std::vector<const rules::CompiledRule*> template_rules;  // enabled per-template rules
  const rules::CompiledRule* duplicate = nullptr;          // enabled title-duplicate kind
  std::vector<SimilarRule> similar;                        // enabled title-similar kinds
  audit::TitleSetBuilder keys;  // key ids for duplicates when no similar rule runs

  std::vector<std::string> files;
  std::unordered_map<std::string, uint32_t> file_ids;
  std::vector<TitleRecord> titles;
  std::string title_chars;
  std::vector<uint64_t> title_offsets{0};
  std::unordered_map<std::string, uint32_t> library_first;  // library id -> title position
  size_t added = 0, repeat_count = 0;

  std::vector<SetHit> hits;
  std::vector<Cluster> clusters;

  Impl(std::shared_ptr<const Engine> e, AuditOptions o)
      : engine(std::move(e)), options(std::move(o)), pack(engine->impl().pack) {
    for (const auto& r : pack.rules) {
      if (!engine_detail::enabled(r.info, options.lint)) continue;
      if (!r.kind->set_level()) {
        if (r.kind->checks_templates()) template_rules.push_back(&r);
      } else if (r.info.kind == "duplicate") {
        if (!duplicate) duplicate = &r;
      } else if (const rules::StemBuilder* stems = r.kind->title_stems()) {
        similar.push_back(SimilarRule{&r, stems, {}, {}});
      }
    }
    for (auto& s : similar) s.builder.start_part();
  }

  audit::TitleSetBuilder& key_builder() { return similar.empty() ? keys : similar.front().builder; }
  const audit::TitleSet& key_set() const { return similar.empty() ? keys.set() : similar.front().builder.set(); }

  std::string_view title(uint32_t pos) const {
    return std::string_view(title_chars).substr(title_offsets[pos], title_offsets[pos + 1] - title_offsets[pos]);
  }
  // What the longer of two similar titles adds (`a_shorter`: title a is the shorter).
  std::u32string added_text(const rules::StemBuilder& stems, uint32_t a, uint32_t b, bool a_shorter) const {
    text::Canonical ca, cb;
    pack.canon->canonicalize(title(a), ca);
    pack.canon->canonicalize(title(b), cb);
    return a_shorter ? stems.added_text(ca, cb) : stems.added_text(cb, ca);
  }
  std::string where(uint32_t pos) const {
    return files[titles[pos].file] + ":" + std::to_string(titles[pos].begin.line);
  }
  uint32_t file_id(const Template& t) {
    const std::string path = t.source ? t.source->path() : std::string();
    auto [it, added_file] = file_ids.emplace(path, static_cast<uint32_t>(files.size()));
    if (added_file) files.push_back(path);
    return it->second;
  }
};

Auditor::Auditor(std::shared_ptr<const Engine> engine, AuditOptions options)
    : impl_(std::make_unique<Impl>(std::move(engine), std::move(options))) {}
Auditor::~Auditor() = default;

void Auditor::add(const std::vector<Template>& batch, std::vector<Finding>& findings) {
  Impl& m = *impl_;
  const size_t n = batch.size();
  // A library dump lists a title in library/list and again in its library/get body: the
  // second record with the same library id and title is the same template, not a duplicate.
  std::vector<char> repeat(n, 0);
  std::unordered_map<std::string_view, std::string_view> in_batch;  // library id -> title
  for (size_t i = 0; i < n; ++i) {
    const Template& t = batch[i];
    if (t.library_id.empty()) continue;
    auto it = m.library_first.find(t.library_id);
    if (it != m.library_first.end()) {
      repeat[i] = m.title(it->second) == t.title.value;
      continue;
    }
    auto [seen, first] = in_batch.emplace(t.library_id, t.title.value);
    if (!first) repeat[i] = seen->second == t.title.value;
  }

  struct Scratch {
    std::vector<Finding> findings;
    std::u32string key;
    std::vector<rules::Stem> stems;
    TitleRecord record;
  };
  std::vector<Scratch> scratch(n);
  const auto& canon = *m.pack.canon;
  audit::parallel_for(n, m.options.jobs, [&](size_t b, size_t e) {
    Prepared prepared;
    rules::TemplateView view;
    for (size_t i = b; i < e; ++i) {
      const Template& t = batch[i];
      Scratch& s = scratch[i];
      const Profile profile = m.options.lint.profile ? *m.options.lint.profile : t.profile.value_or(Profile::miniprogram);
      engine_detail::prepare(canon, t, profile, prepared, view);
      for (const rules::CompiledRule* r : m.template_rules) {
        // A repeat's title was checked with its first record; its keywords may be new.
        if (repeat[i] && r->info.target == "title") continue;
        RuleSink sink(r->info, s.findings, m.options.lint.judge_approved_as_proposals);
        r->kind->check(view, sink);
      }
      std::stable_sort(s.findings.begin(), s.findings.end(), engine_detail::finding_order);
      if (repeat[i]) continue;
      s.key = prepared.title.key;
      s.stems.resize(m.similar.size());
      for (size_t k = 0; k < m.similar.size(); ++k) m.similar[k].stems->stem(prepared.title, s.stems[k]);
      rules::Hit whole;
      const Location loc = engine_detail::locate(view, whole);
      s.record.begin = loc.begin;
      s.record.end = loc.end;
      s.record.byte_begin = loc.byte_begin;
      s.record.byte_end = loc.byte_end;
      s.record.code_points = static_cast<uint32_t>(prepared.title.original.size());
      s.record.profile = profile;
      s.record.origin = t.origin();
    }
  }, 256);

  static const rules::Stem kNoStem;
  for (size_t i = 0; i < n; ++i) {
    Scratch& s = scratch[i];
    for (auto& f : s.findings) findings.push_back(std::move(f));
    ++m.added;
    if (repeat[i]) {
      ++m.repeat_count;
      continue;
    }
    const Template& t = batch[i];
    const uint32_t pos = static_cast<uint32_t>(m.titles.size());
    s.record.index = t.index;
    s.record.file = m.file_id(t);
    m.titles.push_back(s.record);
    m.title_chars += t.title.value;
    m.title_offsets.push_back(m.title_chars.size());
    if (!t.library_id.empty()) m.library_first.emplace(t.library_id, pos);
    if (m.similar.empty()) m.keys.add(s.key, kNoStem);
    for (size_t k = 0; k < m.similar.size(); ++k) m.similar[k].builder.add(s.key, s.stems[k]);
  }
}

void Auditor::finish(const std::function<void(uint64_t, uint64_t)>& progress) {
  Impl& m = *impl_;
  const audit::TitleSet& set = m.key_set();
  const size_t n = set.key.size();
  std::vector<uint32_t> key_first(set.key_stem.size(), audit::kNone);
  std::vector<uint32_t> key_count(set.key_stem.size(), 0);
  for (uint32_t p = 0; p < n; ++p) {
    if (key_first[set.key[p]] == audit::kNone) key_first[set.key[p]] = p;
    ++key_count[set.key[p]];
  }
  for (auto& s : m.similar) {
    audit::JoinOptions o;
    o.jobs = m.options.jobs;
    o.exhaustive = m.options.exhaustive;
    o.progress = progress;
    s.join = audit::join_titles(s.builder.set(), s.stems->params(), o);
  }
  const audit::TitleSetBuilder& kb = m.similar.empty() ? m.keys : m.similar.front().builder;
  auto empty_key = [&](uint32_t p) { return kb.key_text(set.key[p]).empty(); };

  // Findings: a title against the first title before it with the same key, and against the
  // first title before it that is similar (as lint reports them). A pair of an approved title
  // and an earlier proposal is reported on the proposal, which review would reject (lint
  // hands approved templates to its set rules first for the same reason).
  const bool judge = m.options.lint.judge_approved_as_proposals;
  bool moved = false;
  auto add_hit = [&](uint32_t p, uint32_t q, uint32_t rule) {
    if (!judge && m.titles[p].origin != Origin::proposal && m.titles[q].origin == Origin::proposal) {
      std::swap(p, q);
      moved = true;
    }
    m.hits.push_back({p, q, rule});
  };
  for (uint32_t p = 0; p < n; ++p) {
    if (m.duplicate && !empty_key(p) && key_first[set.key[p]] < p) add_hit(p, key_first[set.key[p]], 0);
    for (size_t k = 0; k < m.similar.size(); ++k) {
      const uint32_t q = m.similar[k].join.earliest[0][p];
      if (q != audit::kNone && q < p) add_hit(p, q, static_cast<uint32_t>(1 + k));
    }
  }
  if (moved)
    std::stable_sort(m.hits.begin(), m.hits.end(), [](const SetHit& a, const SetHit& b) {
      return a.pos != b.pos ? a.pos < b.pos : a.rule < b.rule;
    });

  auto member = [&](uint32_t p) {
    ClusterMember c;
    c.index = m.titles[p].index;
    c.file = m.files[m.titles[p].file];
    c.line = m.titles[p].begin.line;
    c.title = std::string(m.title(p));
    return c;
  };
  // Duplicate clusters: every title with the same (non-empty) key.
  if (m.duplicate) {
    std::vector<std::vector<uint32_t>> groups(set.key_stem.size());
    for (uint32_t p = 0; p < n; ++p)
      if (key_count[set.key[p]] >= 2 && !empty_key(p)) groups[set.key[p]].push_back(p);
    for (const auto& g : groups) {
      if (g.empty()) continue;
      Cluster c;
      c.rule = m.duplicate->info.id;
      for (uint32_t p : g) {
        ClusterMember cm = member(p);
        if (p != g.front()) {
          cm.reason_zh = "与代表标题规范化后相同";
          cm.reason_en = "the same as the representative once canonicalized";
        }
        c.members.push_back(std::move(cm));
      }
      c.reason_zh = "规范化后标题相同（大小写、全半角、繁简、空格和符号不计）：“" + c.members.front().title + "”";
      c.reason_en = "the same title once canonicalized (case, width, traditional forms, spaces and symbols ignored): '" +
                    c.members.front().title + "'";
      m.clusters.push_back(std::move(c));
    }
  }
  // Similar clusters: stars over distinct keys (each key by its first title).
  for (const auto& s : m.similar) {
    const auto& ss = s.builder.set();
    std::vector<std::vector<uint32_t>> stars(ss.key_stem.size());
    for (uint32_t k = 0; k < ss.key_stem.size(); ++k) stars[s.join.center[k]].push_back(k);
    for (uint32_t center = 0; center < stars.size(); ++center) {
      const auto& star = stars[center];
      if (star.size() < 2) continue;
      Cluster c;
      c.rule = s.rule->info.id;
      const rules::Stem& rep = ss.stems[ss.key_stem[center]];
      for (uint32_t k : star) {
        ClusterMember cm = member(s.join.key_first[k]);
        if (k == center) {
          c.representative = c.members.size();
        } else {
          const rules::Stem& st = ss.stems[ss.key_stem[k]];
          const auto r = rules::compare_stems(st, rep, s.stems->params());
          const std::string extra = r == rules::SimilarReason::inserted
                                        ? text::to_utf8(m.added_text(*s.stems, s.join.key_first[k],
                                                                     s.join.key_first[center], st.length < rep.length))
                                        : std::string();
          if (r == rules::SimilarReason::same_stem) {
            cm.reason_zh = "去掉后缀、同义词归一后与代表标题词语相同";
            cm.reason_en = "the same words as the representative once the suffix is removed and synonyms are mapped";
          } else if (st.length > rep.length) {
            cm.reason_zh = "比代表标题多了“" + extra + "”";
            cm.reason_en = "the representative with '" + extra + "' added";
          } else {
            cm.reason_zh = "比代表标题少了“" + extra + "”";
            cm.reason_en = "the representative without '" + extra + "'";
          }
        }
        c.members.push_back(std::move(cm));
      }
      const std::string& rt = c.members[c.representative].title;
      c.reason_zh = "每个标题都与代表标题“" + rt + "”过度相似（去掉后缀、同义词归一后词语相同，或只多几个字）";
      c.reason_en = "every title is too similar to the representative '" + rt +
                    "' (the same words once the suffix is removed and synonyms are mapped, or only a few characters added)";
      m.clusters.push_back(std::move(c));
    }
  }
  std::stable_sort(m.clusters.begin(), m.clusters.end(), [](const Cluster& a, const Cluster& b) {
    if (a.rule != b.rule) return a.rule < b.rule;
    return a.members.front().index < b.members.front().index;
  });
}

size_t Auditor::set_finding_count() const { return impl_->hits.size(); }
size_t Auditor::set_finding_index(size_t i) const { return impl_->titles[impl_->hits[i].pos].index; }
std::string Auditor::set_finding_title(size_t i) const { return std::string(impl_->title(impl_->hits[i].pos)); }
const std::vector<Cluster>& Auditor::clusters() const { return impl_->clusters; }
size_t Auditor::templates() const { return impl_->added; }
size_t Auditor::repeats() const { return impl_->repeat_count; }

const std::string& Auditor::set_finding_rule(size_t i) const {
  const SetHit& h = impl_->hits[i];
  return (h.rule == 0 ? *impl_->duplicate : *impl_->similar[h.rule - 1].rule).info.id;
}

Level Auditor::set_finding_level(size_t i) const {
  const SetHit& h = impl_->hits[i];
  const auto& rule = h.rule == 0 ? *impl_->duplicate : *impl_->similar[h.rule - 1].rule;
  // The level set_finding(i) gives, without rendering its messages.
  Finding f;
  f.level = rule.info.levels[static_cast<int>(impl_->titles[h.pos].profile)];
  f.clause = rule.info.clause;
  engine_detail::cap_for_origin(f, impl_->titles[h.pos].origin, impl_->options.lint.judge_approved_as_proposals);
  return f.level;
}

Finding Auditor::set_finding(size_t i) const {
  const Impl& m = *impl_;
  const SetHit& h = m.hits[i];
  const rules::CompiledRule& rule = h.rule == 0 ? *m.duplicate : *m.similar[h.rule - 1].rule;
  const TitleRecord& rec = m.titles[h.pos];
  const std::string other_title(m.title(h.other));
  const std::string where = m.where(h.other);
  rules::Args args;
  if (h.rule == 0) {
    args = {rules::duplicate_other_arg(other_title, where, false)};
  } else {
    const SimilarRule& s = m.similar[h.rule - 1];
    const auto& ss = s.builder.set();
    const rules::Stem& a = ss.stems[ss.key_stem[ss.key[h.pos]]];
    const rules::Stem& b = ss.stems[ss.key_stem[ss.key[h.other]]];
    const auto r = rules::compare_stems(a, b, s.stems->params());
    const std::u32string inserted =
        r == rules::SimilarReason::inserted ? m.added_text(*s.stems, h.pos, h.other, a.length < b.length) : std::u32string();
    args = {rules::similar_other_arg(other_title, false), rules::similar_reason_arg(r, inserted)};
  }
  Finding f;
  f.rule = rule.info.id;
  f.level = rule.info.levels[static_cast<int>(rec.profile)];
  f.message_zh = rules::render_message(rule.info.message_zh, args, true);
  f.message_en = rules::render_message(rule.info.message_en, args, false);
  f.clause = rule.info.clause;
  f.errcode = rule.info.errcode;
  f.field = "title";
  f.index = rec.index;
  f.value_begin = 0;
  f.value_end = rec.code_points;
  f.location.file = m.files[rec.file];
  f.location.begin = rec.begin;
  f.location.end = rec.end;
  f.location.byte_begin = rec.byte_begin;
  f.location.byte_end = rec.byte_end;
  f.related = where + " " + other_title;
  engine_detail::cap_for_origin(f, rec.origin, m.options.lint.judge_approved_as_proposals);
  return f;
}

}  // namespace tplguard
