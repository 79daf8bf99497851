// The payload validator: resolves the API (given or detected), walks the body with the
// API's spec (structure.cpp, data.cpp, formats.cpp) and turns what was found into Findings
// with JSON pointers and, for text input, exact lines and columns.
#include <algorithm>

#include "io/detail.hpp"
#include "payload/utf8.hpp"
#include "payload/validate_tree.hpp"
#include "payload/validator.hpp"
#include "util/closest.hpp"

namespace tplguard {

namespace payload {

std::shared_ptr<const Compiled> compile(const std::string& rules_dir, const std::vector<const rules::CompiledRule*>& rules,
                                        const text::Canonicalizer& canon) {
  auto c = std::make_shared<Compiled>();
  c->specs = load_specs(rules_dir + "/apis");
  for (const auto& a : c->specs.apis) {
    ApiInfo info;
    info.id = a.id;
    info.title_zh = a.title.zh;
    info.title_en = a.title.en;
    info.method = a.method;
    info.url = a.url;
    info.names = a.names;
    info.doc = a.doc;
    info.file = a.file;
    c->infos.push_back(std::move(info));
  }
  c->canon = std::make_unique<text::Canonicalizer>(canon);
  for (const rules::CompiledRule* r : rules) {
    const auto* kind = dynamic_cast<const PayloadRuleKind*>(r->kind.get());
    if (kind == nullptr) continue;
    auto slot = std::make_unique<RuleSlot>(RuleSlot{r->info, kind->payload_check(), kind->params()});
    auto& place = c->slots[static_cast<size_t>(kind->payload_check())];
    if (place != nullptr)
      throw RulePackError(r->info.file + ": rules " + place->info.id + " and " + r->info.id + " both report kind " +
                          r->info.kind + "; a payload kind belongs to one rule");
    place = slot.get();
    c->rules.push_back(std::move(slot));
  }
  if (const RuleSlot* m = c->slot(Check::value_marketing); m && m->params) {
    for (const auto& name : m->params->types) {
      const ValueType* t = c->specs.type(name);
      if (t == nullptr)
        throw RulePackError(m->info.file + ": rule " + m->info.id + ": unknown value type `" + name +
                            "` in `types` (rules/apis/value-types.yaml)");
      c->marketing_types.push_back(t);
    }
  }
  return c;
}

namespace {

// Byte offsets of code points [b, e) of a string value that sits verbatim at `at`.
std::pair<int64_t, int64_t> byte_range(std::string_view v, int64_t at, uint32_t b, uint32_t e) {
  int64_t first = at + static_cast<int64_t>(v.size()), last = first;
  uint32_t cp = 0;
  for (size_t i = 0; i <= v.size(); ++cp) {
    if (cp == b) first = at + static_cast<int64_t>(i);
    if (cp == e) {
      last = at + static_cast<int64_t>(i);
      break;
    }
    if (i == v.size()) break;
    next_code_point(v, i);
  }
  return {first, std::max(first, last)};
}

uint32_t code_point_count(std::string_view v) {
  uint32_t n = 0;
  for (size_t i = 0; i < v.size(); ++n) next_code_point(v, i);
  return n;
}

std::string escape_pointer(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

}  // namespace

bool wanted(const RuleInfo& info, const PayloadOptions& o) {
  if (!o.select.empty() && !o.select.count(info.id)) return false;
  return !o.ignore.count(info.id);
}

namespace {

Location locate(const Document& doc, const Hit& hit, const SourceFile& source, const std::string& file) {
  Location loc;
  loc.file = file;
  const DocNode& n = doc.node(hit.node);
  int64_t b = -1, e = -1;
  if (!hit.missing.empty()) {
    b = e = n.offset;
  } else if (hit.at_key) {
    if (n.key_verbatim >= 0) {
      b = n.key_verbatim;
      e = b + static_cast<int64_t>(n.key.size());
    } else {
      b = e = n.key_offset;
    }
  } else if (n.kind == JsonKind::string && n.verbatim >= 0) {
    const uint32_t total = code_point_count(n.text);
    const uint32_t first = hit.begin < hit.end ? std::min(hit.begin, total) : 0;
    const uint32_t last = hit.begin < hit.end ? std::min(hit.end, total) : total;
    std::tie(b, e) = byte_range(n.text, n.verbatim, first, last);
  } else {
    b = e = n.offset;
  }
  if (b < 0) return loc;
  if (e == b) {
    // No characters of a value to mark: mark its token (a bracket, a number, a quote) so the
    // caret sits on it.
    int64_t length = 1;
    if (hit.missing.empty() && !hit.at_key) {
      if (n.kind == JsonKind::number) length = static_cast<int64_t>(std::max<size_t>(n.text.size(), 1));
      else if (n.kind == JsonKind::boolean) length = n.boolean ? 4 : 5;
      else if (n.kind == JsonKind::null) length = 4;
    }
    e = b + length;
  }
  const auto size = static_cast<int64_t>(source.text().size());
  b = std::min(b, size);
  e = std::min(std::max(e, b), size);
  loc.byte_begin = b;
  loc.byte_end = e;
  loc.begin = source.position(static_cast<size_t>(b));
  loc.end = source.position(static_cast<size_t>(e));
  return loc;
}

std::vector<Finding> to_findings(const Compiled& c, const Document& doc, std::vector<Hit>& hits,
                                 const PayloadOptions& o, const SourceFile* source) {
  std::vector<Finding> out;
  out.reserve(hits.size());
  const std::string& file = !o.path.empty() || source == nullptr ? o.path : source->path();  // "<input>" for text
  // The template the body sends (subscribe and template sends, the template management
  // calls that name one), put on every finding as the lint findings carry theirs.
  std::string template_id;
  if (doc.root().kind == JsonKind::object) {
    const DocNode* id = doc.member(doc.root(), "template_id");
    if (id == nullptr) id = doc.member(doc.root(), "priTmplId");
    if (id != nullptr && id->kind == JsonKind::string) template_id = id->text;
  }
  for (Hit& hit : hits) {
    const RuleSlot* slot = c.slot(hit.check);
    if (slot == nullptr || !wanted(slot->info, o)) continue;
    const RuleInfo& info = slot->info;
    Finding f;
    f.rule = info.id;
    f.level = hit.level.value_or(info.level);
    if (auto level = o.levels.find(info.id); level != o.levels.end()) f.level = level->second;
    f.message_zh = rules::render_message(info.message_zh, hit.args, true);
    f.message_en = rules::render_message(info.message_en, hit.args, false);
    f.clause = info.clause;
    f.errcode = hit.errcode ? hit.errcode : info.errcode;
    f.field = doc.pointer(hit.node);
    if (!hit.missing.empty()) f.field += "/" + escape_pointer(hit.missing);
    f.index = o.index;
    const DocNode& n = doc.node(hit.node);
    if (n.kind == JsonKind::string && !hit.at_key && hit.missing.empty()) {
      const uint32_t total = code_point_count(n.text);
      f.value_begin = hit.begin < hit.end ? std::min(hit.begin, total) : 0;
      f.value_end = hit.begin < hit.end ? std::min(hit.end, total) : total;
    }
    if (source != nullptr && doc.has_positions()) f.location = locate(doc, hit, *source, file);
    else f.location.file = file;
    if (hit.fix) f.fix = Fix{f.field, std::move(*hit.fix)};
    f.template_id = template_id;
    out.push_back(std::move(f));
  }
  if (doc.has_positions())
    std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
      if (a.location.byte_begin != b.location.byte_begin) return a.location.byte_begin < b.location.byte_begin;
      return a.rule < b.rule;
    });
  return out;
}

std::string unknown_api_message(const Specs& specs, std::string_view name) {
  std::string known;
  for (const auto& a : specs.apis) known += (known.empty() ? "" : ", ") + a.id;
  const std::string_view best = util::closest(name, specs.apis, 4, [](const ApiSpec& a) { return std::string_view(a.id); });
  std::string m = "unknown API '" + std::string(name) + "'";
  if (!best.empty()) m += " (did you mean '" + std::string(best) + "'?)";
  if (known.empty()) return m + "; the rule pack defines no API (rules/apis)";
  return m + "; known: auto, " + known;
}

// Resolves the API and runs every check; `source` (may be null) is only asked for when
// something is found, so a clean body costs no location work.
template <typename SourceFn>
void run(const PayloadValidator::Impl& impl, const Document& doc, std::string_view api, const PayloadOptions& o,
         PayloadResult& out, SourceFn&& source) {
  const Compiled& c = *impl.compiled;
  const ApiSpec* spec = nullptr;
  if (api.empty() || api == "auto") {
    std::string why;
    spec = detect(c.specs, doc, &why, impl.context.get());
    if (spec == nullptr) {
      out.error = why;
      if (const SourceFile* s = source(); s && doc.root().offset >= 0) {
        out.error_location.file = !o.path.empty() ? o.path : s->path();
        out.error_location.byte_begin = out.error_location.byte_end = doc.root().offset;
        out.error_location.begin = out.error_location.end = s->position(static_cast<size_t>(doc.root().offset));
      } else {
        out.error_location.file = o.path;
      }
      return;
    }
    out.detected = true;
  } else {
    spec = c.specs.find(api);
    if (spec == nullptr) {
      out.error = unknown_api_message(c.specs, api);
      out.error_location.file = o.path;
      return;
    }
  }
  out.api = &c.info(*spec);
  Run r{c, impl.context.get(), doc, *spec, {}, o.select.empty() && o.ignore.empty() ? nullptr : &o};
  check_body(r);
  if (r.hits.empty()) return;
  out.findings = to_findings(c, doc, r.hits, o, source());
}

void fail_safely(PayloadResult& out, const char* what) noexcept {
  try {
    out.findings.clear();
    out.error = what;
  } catch (...) {
  }
}

}  // namespace

PayloadResult validate_tree(const PayloadValidator& v, const io::detail::Tree& tree, uint32_t root,
                            const SourceFile& source, std::string_view api, const PayloadOptions& options) {
  PayloadResult out;
  try {
    thread_local Document doc;
    doc.build(tree, root);
    run(v.impl(), doc, api, options, out, [&] { return &source; });
    doc.trim();
  } catch (const std::bad_alloc&) {
    fail_safely(out, "out of memory while validating");
  } catch (const std::exception& e) {
    fail_safely(out, e.what());
  }
  return out;
}

}  // namespace payload

PayloadValidator::PayloadValidator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PayloadValidator::~PayloadValidator() = default;

std::shared_ptr<const PayloadValidator> PayloadValidator::with_context(PayloadContext context) const {
  auto impl = std::make_unique<Impl>();
  impl->compiled = impl_->compiled;
  impl->context = std::shared_ptr<const PayloadContext::Data>(context.data_);
  return std::make_shared<const PayloadValidator>(std::move(impl));
}

const std::vector<ApiInfo>& PayloadValidator::apis() const { return impl_->compiled->infos; }

const ApiInfo* PayloadValidator::api(std::string_view id_or_name) const {
  const payload::ApiSpec* a = impl_->compiled->specs.find(id_or_name);
  return a ? &impl_->compiled->info(*a) : nullptr;
}

const ApiInfo* PayloadValidator::detect(const nlohmann::json& body, std::string* why) const {
  try {
    thread_local payload::Document doc;
    doc.build(body);
    const payload::ApiSpec* a = payload::detect(impl_->compiled->specs, doc, why, impl_->context.get());
    doc.trim();
    return a ? &impl_->compiled->info(*a) : nullptr;
  } catch (const std::exception& e) {
    if (why) *why = e.what();
    return nullptr;
  }
}

PayloadResult PayloadValidator::validate(const nlohmann::json& body, std::string_view api,
                                         const PayloadOptions& options) const {
  PayloadResult out;
  try {
    thread_local payload::Document doc;
    doc.build(body);
    payload::run(*impl_, doc, api, options, out, []() -> const SourceFile* { return nullptr; });
    doc.trim();
  } catch (const std::bad_alloc&) {
    payload::fail_safely(out, "out of memory while validating");
  } catch (const std::exception& e) {
    payload::fail_safely(out, e.what());
  }
  return out;
}

PayloadResult PayloadValidator::validate_text(std::string_view json, std::string_view api,
                                              const PayloadOptions& options) const {
  PayloadResult out;
  try {
    const std::string name = options.path.empty() ? std::string("<input>") : options.path;
    std::unique_ptr<SourceFile> source;  // made only when a location is needed
    auto make_source = [&]() -> const SourceFile* {
      if (!source) source = std::make_unique<SourceFile>(name, std::string(json));
      return source.get();
    };
    auto fail_at = [&](int64_t offset, std::string message) {
      out.error = std::move(message);
      const SourceFile* s = make_source();
      out.error_location.file = name;
      out.error_location.byte_begin = out.error_location.byte_end = offset;
      out.error_location.begin = out.error_location.end = s->position(static_cast<size_t>(offset));
    };
    if (auto bad = text::find_invalid_utf8(json)) {
      fail_at(static_cast<int64_t>(*bad), io::detail::invalid_utf8_message(json, *bad));
      return out;
    }
    const size_t begin = io::detail::bom_length(json);
    if (std::all_of(json.begin() + static_cast<long>(begin), json.end(), io::detail::is_json_space)) {
      fail_at(static_cast<int64_t>(begin), "empty input: expected a JSON request body");
      return out;
    }
    thread_local io::detail::Tree tree;
    tree.nodes.clear();
    tree.roots.clear();
    if (auto stop = io::detail::parse_json_value(json, begin, json.size(), io::ReadLimits{}, tree)) {
      std::string message = stop->message;
      if (stop->related >= 0) {  // a duplicate key: name where the first one is too
        const Position first = make_source()->position(static_cast<size_t>(stop->related));
        message += " (first at line " + std::to_string(first.line) + ", column " + std::to_string(first.column) + ")" + stop->note;
      }
      fail_at(stop->offset, "malformed JSON: " + message);
      return out;
    }
    thread_local payload::Document doc;
    doc.build(tree, tree.roots.front());
    payload::run(*impl_, doc, api, options, out, make_source);
    doc.trim();
    if (tree.nodes.capacity() > 4096) io::detail::Tree().nodes.swap(tree.nodes);  // see Document::trim
  } catch (const std::bad_alloc&) {
    payload::fail_safely(out, "out of memory while validating");
  } catch (const std::exception& e) {
    payload::fail_safely(out, e.what());
  }
  return out;
}

}  // namespace tplguard
