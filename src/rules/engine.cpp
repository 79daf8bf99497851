// The engine: a compiled rule pack, immutable after load, shared by every thread.
#include <algorithm>
#include <filesystem>

#include "payload/validator.hpp"
#include "rules/engine_impl.hpp"
#include "rules/rule_pack.hpp"
#include "tplguard/tplguard.hpp"

namespace tplguard {

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

std::string default_rules_dir() {
  if (const char* env = std::getenv("TPLGUARD_RULES")) return env;
  return TPLGUARD_SOURCE_RULES_DIR;
}

std::shared_ptr<const Engine> Engine::load(const EngineOptions& options) {
  auto impl = std::make_unique<Impl>();
  const std::string dir = options.rules_dir.empty() ? default_rules_dir() : options.rules_dir;
  try {
    impl->pack = rules::load_rule_pack(dir);
  } catch (const RulePackError&) {
    throw;
  } catch (const std::exception& e) {
    // Nothing but RulePackError leaves load(): a pack is user input too.
    throw RulePackError(dir + ": " + e.what());
  }
  for (const auto& r : impl->pack.rules) impl->infos.push_back(r.info);
  // Payload rules and API specs are compiled now, so a broken spec fails the load too.
  std::vector<const rules::CompiledRule*> payload_rules;
  for (const auto& r : impl->pack.rules)
    if (dynamic_cast<const payload::PayloadRuleKind*>(r.kind.get())) payload_rules.push_back(&r);
  try {
    impl->payload = payload::compile(impl->pack.dir, payload_rules, *impl->pack.canon);
  } catch (const RulePackError&) {
    throw;
  } catch (const std::exception& e) {
    throw RulePackError(dir + "/apis: " + e.what());
  }
  return std::shared_ptr<const Engine>(new Engine(std::move(impl)));
}

const std::vector<RuleInfo>& Engine::rules() const { return impl_->infos; }

const RuleInfo* Engine::rule(std::string_view id) const {
  for (const auto& r : impl_->infos)
    if (r.id == id) return &r;
  return nullptr;
}

namespace rules {

std::string render_message(std::string_view message, const Args& args, bool chinese) {
  std::string out;
  out.reserve(message.size() + 32);
  for (size_t i = 0; i < message.size();) {
    if (message[i] == '{') {
      size_t close = message.find('}', i);
      if (close != std::string_view::npos) {
        std::string_view name = message.substr(i + 1, close - i - 1);
        auto it = std::find_if(args.begin(), args.end(), [&](const Arg& a) { return a.name == name; });
        if (it != args.end()) {
          out += chinese ? it->zh : it->en;
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(message[i++]);
  }
  return out;
}

std::string FieldRef::path() const {
  switch (kind) {
    case title: return "title";
    case keyword_name: return "keywords[" + std::to_string(index) + "].name";
    case keyword_example: return "keywords[" + std::to_string(index) + "].example";
    case keywords: return "keywords";
  }
  return "title";
}

}  // namespace rules

namespace {

using rules::FieldRef;
using rules::Hit;
using rules::TemplateView;

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

// Maps a finding to file positions: exact characters when the value is verbatim in the file,
// else the value's token, else the record.
Location locate(const TemplateView& v, const Hit& hit) {
  Location loc;
  const Template& t = *v.tpl;
  if (!t.source) return loc;
  loc.file = t.source->path();
  int64_t b = -1, e = -1;
  const SourceText* st = field_text(t, hit.field);
  const text::Canonical* c = field_canonical(v, hit.field);
  if (st != nullptr && st->verbatim_offset >= 0 && c != nullptr) {
    uint32_t first = hit.begin, last = hit.end;
    if (first >= last) {
      first = 0;
      last = static_cast<uint32_t>(c->original.size());
    }
    last = std::min<uint32_t>(last, static_cast<uint32_t>(c->original.size()));
    first = std::min(first, last);
    b = st->verbatim_offset + c->byte_of[first];
    e = st->verbatim_offset + c->byte_of[last];
  } else if (st != nullptr && st->token_offset >= 0) {
    b = e = st->token_offset;
  } else if (t.record_offset >= 0) {
    b = e = t.record_offset;
  }
  if (b < 0) return loc;
  const size_t size = t.source->text().size();
  b = std::min<int64_t>(b, static_cast<int64_t>(size));
  e = std::min<int64_t>(std::max(e, b), static_cast<int64_t>(size));
  loc.byte_begin = b;
  loc.byte_end = e;
  loc.begin = t.source->position(static_cast<size_t>(b));
  loc.end = t.source->position(static_cast<size_t>(e));
  return loc;
}

class RuleSink : public rules::Sink {
 public:
  RuleSink(const RuleInfo& info, std::vector<Finding>& out) : info_(info), out_(out) {}
  void report(const TemplateView& v, Hit hit) override {
    Finding f;
    f.rule = info_.id;
    f.level = hit.level ? *hit.level : info_.levels[static_cast<int>(v.profile)];
    f.message_zh = rules::render_message(info_.message_zh, hit.args, true);
    f.message_en = rules::render_message(info_.message_en, hit.args, false);
    f.clause = info_.clause;
    f.errcode = info_.errcode;
    f.field = hit.field.path();
    f.index = v.tpl->index;
    f.location = locate(v, hit);
    if (const text::Canonical* c = field_canonical(v, hit.field)) {
      const auto n = static_cast<uint32_t>(c->original.size());
      f.value_begin = hit.begin < hit.end ? std::min(hit.begin, n) : 0;
      f.value_end = hit.begin < hit.end ? std::min(hit.end, n) : n;
    }
    if (hit.fix) f.fix = Fix{f.field, *hit.fix};
    f.related = std::move(hit.related);
    out_.push_back(std::move(f));
  }

 private:
  const RuleInfo& info_;
  std::vector<Finding>& out_;
};

struct Prepared {
  text::Canonical title;
  std::vector<text::Canonical> names, examples;
};

void prepare(const text::Canonicalizer& canon, const Template& t, Profile profile, Prepared& p, TemplateView& v) {
  canon.canonicalize(t.title.value, p.title);
  const size_t n = t.keywords ? t.keywords->size() : 0;
  p.names.resize(n);
  p.examples.resize(n);
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

bool enabled(const RuleInfo& r, const LintOptions& o) {
  if (!o.select.empty() && !o.select.count(r.id)) return false;
  return !o.ignore.count(r.id);
}

}  // namespace

std::vector<Finding> Engine::lint(const std::vector<Template>& templates, const LintOptions& options,
                                  const std::vector<Template>& library) const {
  const auto& pack = impl_->pack;
  std::vector<Finding> findings;
  // Canonical forms are computed once per template and shared by every rule.
  std::vector<Prepared> prepared(templates.size());
  std::vector<TemplateView> views(templates.size());
  for (size_t i = 0; i < templates.size(); ++i) {
    const Template& t = templates[i];
    const Profile profile = options.profile ? *options.profile : t.profile.value_or(Profile::miniprogram);
    prepare(*pack.canon, t, profile, prepared[i], views[i]);
  }
  bool any_set_rule = false;
  for (const auto& rule : pack.rules) {
    if (!enabled(rule.info, options)) continue;
    if (rule.kind->set_level()) {
      any_set_rule = true;
      continue;
    }
    RuleSink sink(rule.info, findings);
    for (const auto& v : views) rule.kind->check(v, sink);
  }
  if (any_set_rule && options.set_rules) {
    std::vector<Prepared> lib_prepared(library.size());
    std::vector<TemplateView> lib_views(library.size());
    for (size_t i = 0; i < library.size(); ++i)
      prepare(*pack.canon, library[i], library[i].profile.value_or(Profile::miniprogram), lib_prepared[i],
              lib_views[i]);
    for (const auto& rule : pack.rules) {
      if (!enabled(rule.info, options) || !rule.kind->set_level()) continue;
      RuleSink sink(rule.info, findings);
      rule.kind->check_set(views, lib_views, sink);
    }
  }
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.location.file != b.location.file) return a.location.file < b.location.file;
    if (a.index != b.index) return a.index < b.index;
    if (a.location.byte_begin != b.location.byte_begin) return a.location.byte_begin < b.location.byte_begin;
    return a.rule < b.rule;
  });
  return findings;
}

}  // namespace tplguard
