// The audit: per-template rules on streamed batches (in parallel), then the title join
// across the whole input. See include/tplguard/audit.hpp and docs/audit.md.
#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include "util/workers.hpp"
#include "similarity/title_join.hpp"
#include "similarity/title_set.hpp"
#include "pipeline/engine_impl.hpp"
#include "rules/set_messages.hpp"
#include "rules/similarity.hpp"
#include "io/template_reader.hpp"
#include "tplguard/audit.hpp"

namespace tplguard {

using pipeline::SetSuppression;

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
  const LintOptions* options = nullptr;  // the options for its file (levels, select, ignore)
};

struct SimilarRule {
  const rules::CompiledRule* rule = nullptr;
  const rules::StemBuilder* stems = nullptr;
  similarity::TitleSetBuilder builder;
  similarity::TitleJoin join;
};

// A set-level finding before it is rendered: title `pos` against title `other`.
struct SetHit {
  uint32_t pos, other;
  uint32_t rule;  // 0: title-duplicate, 1 + i: similar_[i]
  uint32_t ordinal = 1;  // of its fingerprint in its file (FingerprintOrdinals)
  Level level = Level::error;
  std::array<char, 32> fingerprint{};
};

}  // namespace

struct Auditor::Impl {
  std::shared_ptr<const Engine> engine;
  AuditOptions options;
  const rules::RulePack& pack;
  const rules::CompiledRule* duplicate = nullptr;          // enabled title-duplicate kind
  std::vector<SimilarRule> similar;                        // enabled title-similar kinds
  similarity::TitleSetBuilder keys;  // key ids for duplicates when no similar rule runs

  std::vector<std::string> files;
  std::unordered_map<std::string, uint32_t> file_ids;
  std::vector<TitleRecord> titles;
  std::string title_chars;
  std::vector<uint64_t> title_offsets{0};
  // Each title's template_id and library id, as "template_id\0library_id" (ids hold no NUL).
  std::string id_chars;
  std::vector<uint64_t> id_offsets{0};
  pipeline::RepeatFinder repeats;  // library records listed twice, across batches
  size_t added = 0, repeat_count = 0, suppressed = 0;
  pipeline::FingerprintOrdinals ordinals;  // of per-template findings, in input order
  // Set rules silenced on a template's title line: template index -> (rule, reason).
  std::unordered_map<size_t, std::vector<std::pair<std::string, std::string>>> set_silenced;

  std::vector<SetHit> hits;
  std::vector<SetHit> silenced_hits;  // set findings a comment silenced (until finish() counts them)
  std::vector<Cluster> clusters;

  const rules::CompiledRule& set_rule(uint32_t rule) const { return rule == 0 ? *duplicate : *similar[rule - 1].rule; }

  Impl(std::shared_ptr<const Engine> e, AuditOptions o)
      : engine(std::move(e)), options(std::move(o)), pack(engine->impl().pack) {
    // The per-template pass runs no set rule: they run across the whole input in finish().
    options.lint.set_rules = false;
    for (const auto& r : pack.rules) {
      if (!r.kind->set_level()) continue;
      if (!pipeline::enabled(r.info, options.lint)) continue;
      if (r.info.kind == "duplicate") {
        if (!duplicate) duplicate = &r;
      } else if (const rules::StemBuilder* stems = r.kind->title_stems()) {
        similar.push_back(SimilarRule{&r, stems, {}, {}});
      }
    }
  }

  // The join's part of a title (TitleSet::part): approved titles first, unless they are
  // judged as proposals, as lint hands them to its set rules.
  uint8_t part_of(Origin origin) const {
    return options.lint.judge_approved_as_proposals || origin == Origin::proposal ? 1 : 0;
  }

  similarity::TitleSetBuilder& key_builder() { return similar.empty() ? keys : similar.front().builder; }
  const similarity::TitleSet& key_set() const { return similar.empty() ? keys.set() : similar.front().builder.set(); }

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
  // (template_id, library id) of title `pos`.
  std::pair<std::string_view, std::string_view> ids(uint32_t pos) const {
    const std::string_view both =
        std::string_view(id_chars).substr(id_offsets[pos], id_offsets[pos + 1] - id_offsets[pos]);
    const size_t nul = both.find('\0');
    return {both.substr(0, nul), both.substr(nul + 1)};
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
  const std::vector<char> repeat = m.repeats.mark(batch);

  struct Scratch {
    std::u32string key;
    std::vector<rules::Stem> stems;
    TitleRecord record;
  };
  std::vector<Scratch> scratch(n);
  // Blocks for the parallel passes. A YAML file's templates stay in one block: its
  // suppression comments are matched against all of them at once.
  constexpr size_t kBlock = 256;
  auto yaml = [](const Template& t) {
    const auto f = t.source ? io::format_for_path(t.source->path()) : std::nullopt;
    return !f || *f == io::Format::yaml;
  };
  std::vector<size_t> cuts{0};
  for (size_t i = 1; i < n; ++i)
    if (i - cuts.back() >= kBlock && (batch[i].source != batch[i - 1].source || !yaml(batch[i])))
      cuts.push_back(i);
  cuts.push_back(n);
  const size_t blocks = cuts.size() - 1;
  std::vector<std::vector<Finding>> block_findings(blocks);
  std::vector<std::vector<SetSuppression>> block_silenced(blocks);
  const std::span<const Template> all(batch);
  util::parallel_for(blocks, m.options.jobs, [&](size_t bb, size_t be) {
    for (size_t b = bb; b < be; ++b) {
      const size_t first = cuts[b];
      pipeline::PassExtras extras;
      extras.set_suppressions = &block_silenced[b];
      extras.repeats = std::span<const char>(repeat).subspan(first, cuts[b + 1] - first);
      // The lint pass's own loop: what the title join needs is taken from each template's
      // canonical forms while they are at hand.
      extras.on_template = [&](size_t k, const rules::TemplateView& view) {
        const size_t i = first + k;
        if (repeat[i]) return;
        Scratch& s = scratch[i];
        s.key = view.title->key;
        s.stems.resize(m.similar.size());
        for (size_t r = 0; r < m.similar.size(); ++r) m.similar[r].stems->stem(*view.title, s.stems[r]);
        rules::Hit whole;
        const Location loc = pipeline::locate(view, whole);
        s.record.begin = loc.begin;
        s.record.end = loc.end;
        s.record.byte_begin = loc.byte_begin;
        s.record.byte_end = loc.byte_end;
        s.record.code_points = static_cast<uint32_t>(view.title->original.size());
        s.record.profile = view.profile;
        s.record.origin = batch[i].origin();
        const LintOptions* o = m.options.lint.options_for ? m.options.lint.options_for(batch[i]) : nullptr;
        s.record.options = o ? o : &m.options.lint;
      };
      block_findings[b] = pipeline::lint_pass(m.engine->impl(), all.subspan(first, cuts[b + 1] - first),
                                                   m.options.lint, {}, extras);
    }
  }, 1);

  // Findings in input order: fingerprints numbered as lint numbers them, silenced ones
  // counted and dropped.
  for (size_t b = 0; b < blocks; ++b) {
    for (auto& f : block_findings[b]) {
      m.ordinals.number(f);
      if (f.suppressed) {
        ++m.suppressed;
        continue;
      }
      findings.push_back(std::move(f));
    }
    for (auto& s : block_silenced[b]) m.set_silenced[s.index].emplace_back(std::move(s.rule), std::move(s.reason));
  }

  static const rules::Stem kNoStem;
  for (size_t i = 0; i < n; ++i) {
    Scratch& s = scratch[i];
    ++m.added;
    if (repeat[i]) {
      ++m.repeat_count;
      continue;
    }
    const Template& t = batch[i];
    s.record.index = t.index;
    s.record.file = m.file_id(t);
    m.titles.push_back(s.record);
    m.title_chars += t.title.value;
    m.title_offsets.push_back(m.title_chars.size());
    m.id_chars += t.template_id;
    m.id_chars.push_back('\0');
    m.id_chars += t.library_id;
    m.id_offsets.push_back(m.id_chars.size());
    const uint8_t part = m.part_of(s.record.origin);
    if (m.similar.empty()) m.keys.add(s.key, kNoStem, part);
    for (size_t k = 0; k < m.similar.size(); ++k) m.similar[k].builder.add(s.key, s.stems[k], part);
  }
}

void Auditor::finish(const std::function<void(uint64_t, uint64_t)>& progress) {
  Impl& m = *impl_;
  const similarity::TitleSet& set = m.key_set();
  const size_t n = set.key.size();
  // Per key: its first title in each part (0: approved, 1: proposals).
  std::array<std::vector<uint32_t>, 2> key_first_in;
  key_first_in.fill(std::vector<uint32_t>(set.key_stem.size(), similarity::kNone));
  std::vector<uint32_t> key_count(set.key_stem.size(), 0);
  for (uint32_t p = 0; p < n; ++p) {
    const uint32_t k = set.key[p];
    if (key_first_in[set.part[p]][k] == similarity::kNone) key_first_in[set.part[p]][k] = p;
    ++key_count[k];
  }
  for (auto& s : m.similar) {
    similarity::JoinOptions o;
    o.jobs = m.options.jobs;
    o.exhaustive = m.options.exhaustive;
    o.progress = progress;
    s.join = similarity::join_titles(s.builder.set(), s.stems->params(), o);
  }
  const similarity::TitleSetBuilder& kb = m.similar.empty() ? m.keys : m.similar.front().builder;
  auto empty_key = [&](uint32_t p) { return kb.key_text(set.key[p]).empty(); };

  // Findings, as lint reports them: a title against the first title before it with the same
  // key, and against the first title before it that is similar, where approved titles come
  // before every proposal (unless they are judged as proposals). So a proposal is reported
  // against an approved title first, at full strength, and an approved title only against
  // an earlier approved one (capped).
  auto earlier = [&](uint32_t p, uint32_t approved, uint32_t proposed) {
    if (set.part[p] == 0) return approved < p ? approved : similarity::kNone;
    if (approved != similarity::kNone) return approved;
    return proposed < p ? proposed : similarity::kNone;
  };
  auto add_hit = [&](uint32_t p, uint32_t q, uint32_t rule) {
    // As lint's sink: the options of the template reported on decide whether the rule runs
    // there and at which level; a comment on its title line silences it.
    const RuleInfo& info = m.set_rule(rule).info;
    const TitleRecord& rec = m.titles[p];
    if (!pipeline::enabled(info, *rec.options)) return;
    if (auto it = m.set_silenced.find(rec.index); it != m.set_silenced.end()) {
      for (const auto& [id, reason] : it->second)
        if (id == info.id) {
          m.silenced_hits.push_back({p, q, rule});
          return;
        }
    }
    SetHit h{p, q, rule};
    h.level = info.levels[static_cast<int>(rec.profile)];
    if (auto o = rec.options->levels.find(info.id); o != rec.options->levels.end() && o->second[static_cast<int>(rec.profile)])
      h.level = *o->second[static_cast<int>(rec.profile)];
    m.hits.push_back(h);
  };
  for (uint32_t p = 0; p < n; ++p) {
    const uint32_t k = set.key[p];
    if (m.duplicate && !empty_key(p))
      if (const uint32_t q = earlier(p, key_first_in[0][k], key_first_in[1][k]); q != similarity::kNone) add_hit(p, q, 0);
    for (size_t r = 0; r < m.similar.size(); ++r) {
      const auto& e = m.similar[r].join.earliest;
      const uint32_t q = earlier(p, e[0][p], e.size() > 1 ? e[1][p] : similarity::kNone);
      if (q != similarity::kNone) add_hit(p, q, static_cast<uint32_t>(1 + r));
    }
  }
  // Fingerprints as lint gives them (silenced findings count towards the ordinals, as in
  // lint), computed in parallel, numbered in order.
  auto print = [&](SetHit& h) {
    text::Canonical c;
    m.pack.canon->canonicalize(m.title(h.pos), c);
    const std::string hex = pipeline::title_fingerprint(m.set_rule(h.rule).info.id, c);
    std::copy_n(hex.begin(), h.fingerprint.size(), h.fingerprint.begin());
  };
  util::parallel_for(m.hits.size(), m.options.jobs, [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) print(m.hits[i]);
  }, 1024);
  for (auto& h : m.silenced_hits) print(h);
  {
    pipeline::FingerprintOrdinals ordinals;
    size_t s = 0;
    auto view = [](const SetHit& h) { return std::string_view(h.fingerprint.data(), h.fingerprint.size()); };
    for (auto& h : m.hits) {
      for (; s < m.silenced_hits.size() && m.silenced_hits[s].pos <= h.pos; ++s)
        (void)ordinals.next(m.files[m.titles[m.silenced_hits[s].pos].file], view(m.silenced_hits[s]));
      h.ordinal = ordinals.next(m.files[m.titles[h.pos].file], view(h));
    }
  }
  m.suppressed += m.silenced_hits.size();
  m.silenced_hits = {};

  auto member = [&](uint32_t p) {
    ClusterMember c;
    c.index = m.titles[p].index;
    c.file = m.files[m.titles[p].file];
    c.line = m.titles[p].begin.line;
    c.title = std::string(m.title(p));
    const auto [template_id, library_id] = m.ids(p);
    c.template_id = template_id;
    c.library_id = library_id;
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
const std::string& Auditor::set_finding_file(size_t i) const { return impl_->files[impl_->titles[impl_->hits[i].pos].file]; }
std::string Auditor::set_finding_fingerprint(size_t i) const {
  const SetHit& h = impl_->hits[i];
  std::string print(h.fingerprint.data(), h.fingerprint.size());
  if (h.ordinal > 1) print += ":" + std::to_string(h.ordinal);  // as set_finding(i) gives it
  return print;
}
const std::vector<Cluster>& Auditor::clusters() const { return impl_->clusters; }
size_t Auditor::templates() const { return impl_->added; }
size_t Auditor::repeats() const { return impl_->repeat_count; }
size_t Auditor::suppressed() const { return impl_->suppressed; }

const std::string& Auditor::set_finding_rule(size_t i) const {
  const SetHit& h = impl_->hits[i];
  return (h.rule == 0 ? *impl_->duplicate : *impl_->similar[h.rule - 1].rule).info.id;
}

Level Auditor::set_finding_level(size_t i) const {
  const SetHit& h = impl_->hits[i];
  const auto& rule = impl_->set_rule(h.rule);
  // The level set_finding(i) gives, without rendering its messages.
  Finding f;
  f.level = h.level;
  f.clause = rule.info.clause;
  pipeline::cap_for_origin(f, impl_->titles[h.pos].origin, impl_->options.lint.judge_approved_as_proposals);
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
  f.level = h.level;
  f.fingerprint = set_finding_fingerprint(i);
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
  pipeline::cap_for_origin(f, rec.origin, m.options.lint.judge_approved_as_proposals);
  const auto [template_id, library_id] = m.ids(h.pos);
  f.template_id = template_id;
  f.library_id = library_id;
  return f;
}

}  // namespace tplguard
