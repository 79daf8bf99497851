#pragma once
// What a PayloadContext holds once loaded: the mini program's pages (app.json) and the
// account's templates (saved template/list or gettemplate responses).
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace tplguard::payload {

// The saved answers --templates reads, by the key of their template list; an API spec's
// `templates_from` names one of them.
struct TemplateAnswer {
  const char* list_key;
  const char* name;
};
inline constexpr TemplateAnswer kTemplateAnswers[] = {
    {"list", "template/list"}, {"data", "gettemplate"}, {"template_list", "get_all_private_template"}};

struct CatalogueTemplate {
  std::string id, title, file;
  std::vector<std::string> keys;  // data keys of the content, in order (keyword1, thing2)
  std::map<std::string, uint32_t, std::less<>> key_index;  // key -> its place in `keys`
  // The saved answer it was read from (gettemplate, template/list,
  // get_all_private_template), empty for a bare list of templates.
  std::string answer;
  // key -> its keywordEnumValueList; any key can be listed (enum1, thing2, enum_string2)
  std::map<std::string, std::vector<std::string>, std::less<>> enums;
};

struct ContextData {
  bool has_pages = false;
  std::set<std::string> pages;  // "pages/index/index", subpackage pages with their root
  std::string app_json;         // the file the pages came from
  bool has_templates = false;
  std::unordered_map<std::string, CatalogueTemplate> templates;
  std::vector<std::string> template_files;

  const CatalogueTemplate* find_template(std::string_view id) const {
    auto it = templates.find(std::string(id));
    return it == templates.end() ? nullptr : &it->second;
  }
};

}  // namespace tplguard::payload

#include "tplguard/payload.hpp"

struct tplguard::PayloadContext::Data : tplguard::payload::ContextData {};
