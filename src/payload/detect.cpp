// Telling a body's API from its shape (`--api auto`). In order:
//   1. fields only one API has (form_id, miniprogram_state, templateId, weapp_template_msg,
//      kidList, ...; computed from the specs): that API, or ambiguity when they disagree;
//   2. otherwise the APIs that know every field of the body and find all their required
//      fields in it, narrowed by the data keys (keyword1 is no subscribe key);
//   3. otherwise the one API that knows the most fields of the body.
// When 2 or 3 leave several APIs and the account's templates are given, the answer that
// lists the body's template id (gettemplate: a subscribe template) picks among them.
// Anything else is ambiguous, and says which APIs the body fits.
#include <algorithm>

#include "payload/validator.hpp"

namespace tplguard::payload {
namespace {

std::string join(const std::vector<const ApiSpec*>& apis) {
  std::string out;
  for (size_t i = 0; i < apis.size(); ++i) {
    if (i) out += i + 1 == apis.size() ? " and " : ", ";
    out += apis[i]->id;
  }
  return out;
}

// Detection goes by each API's own names for its fields, not by aliases: a body that uses
// the REST names is a REST body, even though the cloud call accepts them too.
bool names_field(const ApiSpec& a, std::string_view key) {
  return std::any_of(a.body.fields.begin(), a.body.fields.end(), [&](const FieldSpec& f) { return f.name == key; });
}

bool knows_all(const ApiSpec& a, const Document& doc, size_t& known) {
  const DocNode& root = doc.root();
  known = 0;
  for (uint32_t i = root.first; i < root.first + root.count; ++i)
    if (names_field(a, doc.node(i).key)) ++known;
  return known == root.count;
}

bool has_required(const ApiSpec& a, const Document& doc) {
  for (const auto& f : a.body.fields)
    if (f.required && doc.member(doc.root(), f.name) == nullptr) return false;
  return true;
}

// False when a data key cannot belong to this API's templates (keyword1 for subscribe-send).
bool data_fits(const ApiSpec& a, const Document& doc) {
  for (const auto& f : a.body.fields) {
    if (f.type != FieldType::data) continue;
    const DocNode* data = doc.member(doc.root(), f.name);
    if (data == nullptr || data->kind != JsonKind::object) return true;
    for (uint32_t i = data->first; i < data->first + data->count; ++i) {
      const std::string_view key = doc.node(i).key;
      if (f.data->keys == KeyStyle::typed && f.data->type_of(typed_key_prefix(key)) == nullptr) return false;
      if (f.data->keys == KeyStyle::pattern && !full_match(key, *f.data->key_pattern)) return false;
    }
  }
  return true;
}

// The APIs of `apis` whose templates come from the answer that lists the body's template id.
std::vector<const ApiSpec*> by_template(std::vector<const ApiSpec*> apis, const Document& doc,
                                        const ContextData* context) {
  if (context == nullptr || !context->has_templates || apis.size() < 2) return apis;
  // The body's template id, under the name each candidate gives it (format: template-id).
  const CatalogueTemplate* tpl = nullptr;
  for (const ApiSpec* a : apis)
    for (const auto& f : a->body.fields)
      if (tpl == nullptr && f.format == Format::template_id)
        if (const DocNode* id = doc.member(doc.root(), f.name); id && id->kind == JsonKind::string)
          tpl = context->find_template(id->text);
  if (tpl == nullptr || tpl->answer.empty()) return apis;
  std::vector<const ApiSpec*> fit;
  for (const ApiSpec* a : apis)
    if (a->templates_from == tpl->answer) fit.push_back(a);
  return fit.empty() ? apis : fit;
}

}  // namespace

const ApiSpec* detect(const Specs& specs, const Document& doc, std::string* why, const ContextData* context) {
  auto fail = [&](std::string message) -> const ApiSpec* {
    if (why) *why = std::move(message);
    return nullptr;
  };
  const DocNode& root = doc.root();
  if (root.kind != JsonKind::object)
    return fail(std::string("the body is ") + kind_name(root.kind) + ", not an object: cannot tell its API; pass --api");
  if (root.count == 0) return fail("an empty body fits several APIs; pass --api");

  std::vector<const ApiSpec*> owners;
  std::string evidence;
  for (const auto& a : specs.apis) {
    for (const auto& own : a.own_fields) {
      if (!doc.member(root, own)) continue;
      if (std::find(owners.begin(), owners.end(), &a) == owners.end()) owners.push_back(&a);
      evidence += (evidence.empty() ? "" : ", ") + own + " (" + a.id + ")";
    }
  }
  if (owners.size() == 1) return owners.front();
  if (owners.size() > 1)
    return fail("the body mixes fields of " + join(owners) + ": " + evidence + "; pass --api");

  std::vector<const ApiSpec*> complete, known_all, most;
  size_t most_known = 0;
  for (const auto& a : specs.apis) {
    size_t known = 0;
    if (knows_all(a, doc, known)) {
      known_all.push_back(&a);
      if (has_required(a, doc)) complete.push_back(&a);
    }
    if (known > most_known) {
      most = {&a};
      most_known = known;
    } else if (known == most_known && known > 0) {
      most.push_back(&a);
    }
  }
  auto narrow = [&](std::vector<const ApiSpec*> apis) {
    std::vector<const ApiSpec*> fit;
    for (const ApiSpec* a : apis)
      if (data_fits(*a, doc)) fit.push_back(a);
    return by_template(fit.empty() ? apis : fit, doc, context);
  };
  for (auto* candidates : {&complete, &known_all}) {
    if (candidates->empty()) continue;
    const auto fit = narrow(*candidates);
    if (fit.size() == 1) return fit.front();
    return fail("the body fits " + join(fit) + "; pass --api to say which");
  }
  if (most.empty()) return fail("no API knows this body's fields; pass --api");
  // A misspelt key (toUser) leaves no API knowing every field: the data keys may still
  // tell the APIs that know the most of them apart.
  const auto fit = narrow(most);
  if (fit.size() == 1) return fit.front();
  std::string strangers;
  for (uint32_t i = root.first; i < root.first + root.count; ++i) {
    const std::string_view key = doc.node(i).key;
    if (std::none_of(specs.apis.begin(), specs.apis.end(), [&](const ApiSpec& a) { return names_field(a, key); }))
      strangers += (strangers.empty() ? "" : ", ") + std::string(key);
  }
  return fail("no API has every field of the body" + (strangers.empty() ? std::string() : " (none has " + strangers + ")") +
              "; it fits " + join(fit) + " equally well; pass --api to say which");
}

}  // namespace tplguard::payload
