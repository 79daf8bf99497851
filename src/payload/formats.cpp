// Checks tied to what a string field holds (`format:` in a spec): page paths, template ids,
// openids, form ids, emphasis_keyword, colours, URLs, AppIDs. Shapes WeChat documents are
// errors; shapes only observed in the wild (api-facts.md §4) are warnings, with the pattern
// in the rule's params.
#include <algorithm>

#include "payload/utf8.hpp"
#include "payload/validator.hpp"
#include "util/closest.hpp"
#include "text/unicode_tables.hpp"

namespace tplguard::payload {
namespace {

Hit format_hit(Check check, const Run& r, const FieldSpec& f, const DocNode& n) {
  Hit h{check};
  h.node = r.doc.index_of(n);
  h.errcode = f.errcode_for(check);
  h.level = f.level_for(check);
  const std::string label = dotted_path(r.doc, h.node), shown = quoted_value(n.text);
  h.args = {{"field", label, label}, {"value", shown, shown}};
  return h;
}

void shape_check(Run& r, Check check, const FieldSpec& f, const DocNode& n) {
  const RuleSlot* slot = r.c.slot(check);
  if (slot == nullptr || !slot->params || slot->params->shapes.empty()) return;
  if (slot->params->matches_shape(n.text)) return;
  Hit h = format_hit(check, r, f, n);
  const Shape& s = slot->params->shapes.front();
  h.args.push_back({"shape", s.label.zh, s.label.en});
  r.report(std::move(h));
}

bool has_whitespace(std::string_view v, uint32_t& at) {
  uint32_t cp = 0;
  for (size_t i = 0; i < v.size(); ++cp) {
    const unsigned char b = static_cast<unsigned char>(v[i]);
    if (b > ' ' && b < 0x80) {  // printable ASCII: no decoding
      ++i;
      continue;
    }
    const char32_t c = next_code_point(v, i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || (c >= 0x80 && (text::char_class(c) & text::CharClass::kSpace))) {
      at = cp;
      return true;
    }
  }
  return false;
}

void page(Run& r, const FieldSpec& f, const DocNode& n) {
  const std::string_view v = n.text;
  const size_t q = v.find_first_of("?#");
  std::string_view path = v.substr(0, q);
  if (r.on(Check::page_format)) {
    std::string zh, en;
    uint32_t space_at = 0, mark_begin = 0, mark_end = 0;
    if (path.find(':') != std::string_view::npos) {  // a scheme: https://, weixin://
      zh = "是网址，而不是本小程序的页面路径（如 pages/index/index?id=1）";
      en = "is a URL, not a page path of this mini program (such as pages/index/index?id=1)";
    } else if (has_whitespace(v, space_at)) {
      zh = "含有空白字符";
      en = "contains whitespace";
      mark_begin = space_at;
      mark_end = space_at + 1;
    } else if (path.empty() || path == "/") {
      zh = "没有页面路径";
      en = "has no page path";
    } else if (const size_t dot = path.rfind('.'); dot != std::string_view::npos && path.find('/', dot) == std::string_view::npos) {
      const std::string_view ext = path.substr(dot);
      if (ext == ".html" || ext == ".wxml" || ext == ".js" || ext == ".json" || ext == ".wxss") {
        zh = "带有文件扩展名 " + std::string(ext) + "：页面路径不带扩展名";
        en = "ends in the file extension " + std::string(ext) + ": page paths have none";
      }
    }
    if (!en.empty()) {
      Hit h = format_hit(Check::page_format, r, f, n);
      h.begin = mark_begin;
      h.end = mark_end;
      h.args.push_back({"problem", zh, en});
      r.report(std::move(h));
      return;
    }
  }
  if (r.context == nullptr || !r.context->has_pages || !r.on(Check::page_not_found)) return;
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (r.context->pages.count(std::string(path))) return;
  Hit h = format_hit(Check::page_not_found, r, f, n);
  h.end = static_cast<uint32_t>(std::count_if(v.begin(), v.begin() + static_cast<long>(q == std::string_view::npos ? v.size() : q),
                                              [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  const std::string best(util::closest(path, r.context->pages));
  const std::string file = r.context->app_json;
  h.args.push_back({"app_json", file, file});
  h.args.push_back({"hint", best.empty() ? "" : "；是否应为“" + best + "”？", best.empty() ? "" : "; did you mean '" + best + "'?"});
  r.report(std::move(h));
}

void template_id(Run& r, const FieldSpec& f, const DocNode& n) {
  const RuleSlot* shape = r.c.slot(Check::template_id_shape);
  const RuleSlot* library = r.c.slot(Check::template_id_library);
  const bool shaped = shape && shape->params && shape->params->matches_shape(n.text);
  if (!shaped) {
    if (library && library->params && library->params->matches_shape(n.text)) {
      r.report(format_hit(Check::template_id_library, r, f, n));
    } else if (shape && shape->params && !shape->params->shapes.empty()) {
      Hit h = format_hit(Check::template_id_shape, r, f, n);
      const Shape& s = shape->params->shapes.front();
      h.args.push_back({"shape", s.label.zh, s.label.en});
      r.report(std::move(h));
    }
  }
  if (r.context == nullptr || !r.context->has_templates || !r.on(Check::template_id_unknown)) return;
  if (r.context->find_template(n.text)) return;
  Hit h = format_hit(Check::template_id_unknown, r, f, n);
  std::string files;
  for (const auto& file : r.context->template_files) files += (files.empty() ? "" : ", ") + file;
  h.args.push_back({"files", files, files});
  r.report(std::move(h));
}

void form_id(Run& r, const FieldSpec& f, const DocNode& n) {
  if (const RuleSlot* mock = r.c.slot(Check::form_id_mock); mock && mock->params) {
    for (const auto& m : mock->params->values) {
      if (n.text != m) continue;
      r.report(format_hit(Check::form_id_mock, r, f, n));
      return;
    }
  }
  const RuleSlot* slot = r.c.slot(Check::form_id_shape);
  if (slot == nullptr || !slot->params) return;
  for (const auto& w : slot->params->wrong) {
    if (!full_match(n.text, *w.re)) continue;
    Hit h = format_hit(Check::form_id_shape, r, f, n);
    h.args.push_back({"shape", "像是" + w.label.zh, "looks like " + w.label.en});
    r.report(std::move(h));
    return;
  }
  if (slot->params->matches_shape(n.text)) return;
  Hit h = format_hit(Check::form_id_shape, r, f, n);
  std::string zh, en;
  for (const auto& s : slot->params->shapes) {
    zh += (zh.empty() ? "" : "，也不像") + s.label.zh;
    en += (en.empty() ? "" : " or ") + s.label.en;
  }
  h.args.push_back({"shape", "不像" + zh, "does not look like " + en});
  r.report(std::move(h));
}

void emphasis(Run& r, const FieldSpec& f, const DocNode& n, const ObjectSpec& spec, const uint32_t* seen) {
  if (!r.on(Check::emphasis_keyword)) return;
  const std::string_view v = n.text;
  std::string zh, en;
  const bool shaped = v.size() > 5 && v.substr(v.size() - 5) == ".DATA" &&
                      std::all_of(v.begin(), v.end() - 5, [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
                      });
  if (!shaped) {
    zh = "应写成 data 中的键加 .DATA，如 keyword1.DATA";
    en = "must name a data key followed by .DATA, such as keyword1.DATA";
  } else {
    const std::string_view key = v.substr(0, v.size() - 5);
    for (size_t i = 0; i < spec.fields.size(); ++i) {
      if (spec.fields[i].type != FieldType::data || seen[i] == kNoNode) continue;
      const DocNode& data = r.doc.node(seen[i]);
      if (data.kind != JsonKind::object || r.doc.member(data, key)) break;
      zh = "指向的“" + std::string(key) + "”不在 data 中";
      en = "names '" + std::string(key) + "', which data does not have";
      break;
    }
  }
  if (en.empty()) return;
  Hit h = format_hit(Check::emphasis_keyword, r, f, n);
  h.args.push_back({"problem", zh, en});
  r.report(std::move(h));
}

}  // namespace

void check_format(Run& r, const FieldSpec& f, const DocNode& n, const ObjectSpec& spec, const uint32_t* seen) {
  switch (f.format) {
    case Format::none: break;
    case Format::openid: shape_check(r, Check::openid_shape, f, n); break;
    case Format::template_id: template_id(r, f, n); break;
    case Format::page: page(r, f, n); break;
    case Format::form_id: form_id(r, f, n); break;
    case Format::emphasis_keyword: emphasis(r, f, n, spec, seen); break;
    case Format::color: shape_check(r, Check::color_format, f, n); break;
    case Format::url: shape_check(r, Check::url_format, f, n); break;
    case Format::appid: shape_check(r, Check::appid_shape, f, n); break;
  }
}

}  // namespace tplguard::payload
