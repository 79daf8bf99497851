// PayloadContext: the mini program's pages from app.json and the account's templates from
// saved template-list answers. Files are read with the io module's JSON parser, so every
// problem names its file, line and column.
#include <re2/re2.h>

#include <algorithm>

#include "io/detail.hpp"
#include "payload/context.hpp"
#include "text/canonical.hpp"

namespace tplguard {

using io::detail::Node;
using io::detail::NodeKind;
using io::detail::Tree;

PayloadContext::PayloadContext() : data_(std::make_shared<Data>()) {}
PayloadContext::~PayloadContext() = default;
PayloadContext::PayloadContext(const PayloadContext&) = default;
PayloadContext& PayloadContext::operator=(const PayloadContext&) = default;
PayloadContext::PayloadContext(PayloadContext&&) noexcept = default;
PayloadContext& PayloadContext::operator=(PayloadContext&&) noexcept = default;

size_t PayloadContext::page_count() const { return data_ ? data_->pages.size() : 0; }
size_t PayloadContext::template_count() const { return data_ ? data_->templates.size() : 0; }

namespace {

std::string read_text(const std::string& path) {
  std::string text;
  std::string problem = util::read_file_text(path, util::kMaxContextFileBytes, text);
  if (!problem.empty()) throw ContextError(path + ": " + problem);
  return text;
}

// A parsed context file and helpers that report problems with file, line and column.
class ContextFile {
 public:
  ContextFile(const std::string& path, std::string_view text, bool lines)
      : source_(path, std::string(text)) {
    const std::string& t = source_.text();
    if (auto bad = text::find_invalid_utf8(t)) fail(static_cast<int64_t>(*bad), "invalid UTF-8");
    size_t begin = t.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    std::vector<InputError> errors;
    io::detail::ErrorSink sink(source_, errors);
    auto parse = [&](size_t b, size_t e) {
      if (!io::detail::parse_json(t, b, e, io::ReadLimits{}, tree_, sink)) {
        const auto& err = errors.front();
        throw ContextError(path + ":" + std::to_string(err.line) + ":" + std::to_string(err.column) + ": " +
                           err.message);
      }
    };
    if (!lines) {
      parse(begin, t.size());
      return;
    }
    while (begin < t.size()) {  // JSONL: one value a line, blank lines skipped
      size_t eol = t.find('\n', begin);
      if (eol == std::string::npos) eol = t.size();
      if (t.find_first_not_of(" \t\r", begin) < eol) parse(begin, eol);
      begin = eol + 1;
    }
  }

  const Tree& tree() const { return tree_; }
  const Node& node(uint32_t i) const { return tree_.nodes[i]; }

  [[noreturn]] void fail(int64_t offset, const std::string& what) const {
    auto [line, column] = io::detail::line_column(source_, offset);
    throw ContextError(source_.path() + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what);
  }

  const Node* member(const Node& map, std::string_view key) const {
    if (map.kind != NodeKind::mapping) return nullptr;
    const Node* found = nullptr;
    for (size_t i = 0; i + 1 < map.kids.size(); i += 2)
      if (node(map.kids[i]).value == key) found = &node(map.kids[i + 1]);
    return found;
  }

  const std::string& string(const Node& n, const char* what) const {
    if (n.kind != NodeKind::string) fail(n.token_offset, std::string(what) + " must be a string");
    return n.value;
  }

  const Node& list(const Node& n, const char* what) const {
    if (n.kind != NodeKind::sequence) fail(n.token_offset, std::string(what) + " must be a list");
    return n;
  }

 private:
  SourceFile source_;
  Tree tree_;
};

std::string trim_slashes(std::string s) {
  while (!s.empty() && s.front() == '/') s.erase(s.begin());
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

bool is_jsonl(std::string_view path) {
  auto ends = [&](std::string_view e) { return path.size() >= e.size() && path.substr(path.size() - e.size()) == e; };
  return ends(".jsonl") || ends(".ndjson");
}

// One template object: template_id/priTmplId, title, content, keywordEnumValueList.
void add_template(const ContextFile& f, const Node& t, const std::string& path, std::string_view answer,
                  payload::ContextData& out) {
  if (t.kind != NodeKind::mapping) f.fail(t.token_offset, "a template must be an object");
  const Node* id = f.member(t, "template_id");
  const bool subscribe_id = id == nullptr && f.member(t, "priTmplId") != nullptr;
  if (id == nullptr) id = f.member(t, "priTmplId");
  if (id == nullptr) f.fail(t.token_offset, "a template has no template_id (or priTmplId)");
  payload::CatalogueTemplate c;
  c.id = f.string(*id, "template_id");
  c.file = path;
  // Outside a saved answer, priTmplId still says gettemplate: only subscribe templates have one.
  c.answer = !answer.empty() || !subscribe_id ? std::string(answer) : std::string("gettemplate");
  if (const Node* title = f.member(t, "title"); title && title->kind == NodeKind::string) c.title = title->value;
  const Node* content = f.member(t, "content");
  if (content == nullptr) f.fail(t.token_offset, "template " + c.id + " has no content");
  static const RE2 placeholder("\\{\\{\\s*([A-Za-z0-9_]+)\\.DATA\\s*\\}\\}");
  re2::StringPiece rest(f.string(*content, "content"));
  std::string key;
  while (RE2::FindAndConsume(&rest, placeholder, &key))
    if (c.key_index.emplace(key, static_cast<uint32_t>(c.keys.size())).second) c.keys.push_back(key);
  if (const Node* enums = f.member(t, "keywordEnumValueList"); enums && enums->kind != NodeKind::null) {
    for (uint32_t e : f.list(*enums, "keywordEnumValueList").kids) {
      const Node& item = f.node(e);
      const Node* code = f.member(item, "keywordCode");
      const Node* values = f.member(item, "enumValueList");
      if (code == nullptr || values == nullptr)
        f.fail(item.token_offset, "keywordEnumValueList items are {keywordCode, enumValueList}");
      std::string k = f.string(*code, "keywordCode");
      if (k.size() > 5 && k.compare(k.size() - 5, 5, ".DATA") == 0) k.resize(k.size() - 5);
      auto& list = c.enums[k];
      for (uint32_t v : f.list(*values, "enumValueList").kids) list.push_back(f.string(f.node(v), "an enum value"));
    }
  }
  out.templates[c.id] = std::move(c);
}

void add_templates_value(const ContextFile& f, const Node& root, const std::string& path, payload::ContextData& out) {
  if (root.kind == NodeKind::sequence) {
    for (uint32_t t : root.kids) add_template(f, f.node(t), path, "", out);
    return;
  }
  if (root.kind != NodeKind::mapping) f.fail(root.token_offset, "expected a template list answer or a list of templates");
  if (const Node* errcode = f.member(root, "errcode"); errcode && errcode->value != "0")
    f.fail(errcode->token_offset, "the saved answer is an error (errcode " + errcode->value + ")");
  // The list's key tells which answer it is, and so which send API its templates are for.
  for (const auto& answer : payload::kTemplateAnswers) {
    if (const Node* list = f.member(root, answer.list_key)) {
      for (uint32_t t : f.list(*list, answer.list_key).kids) add_template(f, f.node(t), path, answer.name, out);
      return;
    }
  }
  if (f.member(root, "template_id") || f.member(root, "priTmplId")) {
    add_template(f, root, path, "", out);
    return;
  }
  std::string expected;
  for (const auto& answer : payload::kTemplateAnswers)
    expected += std::string(expected.empty() ? "" : &answer == std::end(payload::kTemplateAnswers) - 1 ? " or " : ", ") +
                "`" + answer.list_key + "` (" + answer.name + ")";
  f.fail(root.token_offset, "expected " + expected);
}

}  // namespace

void PayloadContext::add_app_json_text(std::string_view text, const std::string& path) {
  ContextFile f(path, text, false);
  const Node& root = f.node(f.tree().roots.front());
  if (root.kind != NodeKind::mapping) f.fail(root.token_offset, "app.json must be an object");
  const Node* pages = f.member(root, "pages");
  if (pages == nullptr) f.fail(root.token_offset, "app.json has no `pages`");
  std::set<std::string> found;
  for (uint32_t p : f.list(*pages, "pages").kids) found.insert(trim_slashes(f.string(f.node(p), "a page")));
  for (const char* key : {"subpackages", "subPackages"}) {
    const Node* subs = f.member(root, key);
    if (subs == nullptr) continue;
    for (uint32_t s : f.list(*subs, key).kids) {
      const Node& sub = f.node(s);
      const Node* root_dir = f.member(sub, "root");
      const Node* sub_pages = f.member(sub, "pages");
      if (root_dir == nullptr || sub_pages == nullptr)
        f.fail(sub.token_offset, "a subpackage needs `root` and `pages`");
      const std::string prefix = trim_slashes(f.string(*root_dir, "root"));
      for (uint32_t p : f.list(*sub_pages, "pages").kids)
        found.insert(trim_slashes(prefix + "/" + trim_slashes(f.string(f.node(p), "a page"))));
    }
  }
  if (!data_ || data_.use_count() > 1) data_ = std::make_shared<Data>(data_ ? *data_ : Data());
  data_->has_pages = true;
  data_->pages.insert(found.begin(), found.end());
  data_->app_json = path;
}

void PayloadContext::load_app_json(const std::string& path) { add_app_json_text(read_text(path), path); }

void PayloadContext::add_templates_text(std::string_view text, const std::string& path) {
  ContextFile f(path, text, is_jsonl(path));
  payload::ContextData found;
  for (uint32_t root : f.tree().roots) add_templates_value(f, f.node(root), path, found);
  if (!data_ || data_.use_count() > 1) data_ = std::make_shared<Data>(data_ ? *data_ : Data());
  data_->has_templates = true;
  for (auto& [id, t] : found.templates) data_->templates[id] = std::move(t);
  data_->template_files.push_back(path);
}

void PayloadContext::load_templates(const std::string& path) { add_templates_text(read_text(path), path); }

}  // namespace tplguard
