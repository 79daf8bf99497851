// The record converter: parsed trees (io/detail.hpp, from the JSON and YAML parsers) become
// Templates, with types checked and problems reported per record, the record's other fields
// read on when one is wrong.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "io/content.hpp"
#include "io/detail.hpp"
#include "text/canonical.hpp"
#include "yaml/yaml.hpp"

namespace tplguard::io::detail {
namespace {


const std::string kTooManyNodes = "too many nodes (alias expansion?)";

// Turns parsed trees into templates. YAML aliases can make the tree a DAG (or cyclic), so
// all work is charged to a budget: nodes visited (capped at max_nodes) and bytes copied
// (capped at a small multiple of the file: without aliases every scalar is copied once).
class Converter {
 public:
  Converter(const Tree& tree, const std::shared_ptr<const SourceFile>& source,
            const ReadLimits& limits, ErrorSink& errors, std::vector<Template>& out)
      : tree_(tree), source_(source), errors_(errors), out_(out),
        nodes_left_(limits.max_nodes),
        bytes_left_(2 * source->text().size() + 4096) {}

  // A whole document: a mapping with `templates:`, an API response (`list` from
  // template/list or library/list, `data` from subscribe gettemplate, `template_list` from the
  // official account), a single template (a library/get body), or a bare list of templates.
  void document(uint32_t root, size_t& next_index) {
    const Node& doc = node(root);
    switch (doc.kind) {
      case NodeKind::null:
        return;  // an empty document holds no templates
      case NodeKind::sequence:
        list(doc, next_index, std::nullopt);
        return;
      case NodeKind::mapping:
        break;
      default:
        errors_.add(doc.token_offset, std::string("expected `templates:` list or a list of "
                                                  "templates, got ") + kind_name(doc.kind));
        return;
    }
    const Node *templates = nullptr, *profile = nullptr, *title = nullptr;
    const Node *api_list = nullptr, *api_data = nullptr, *oa_list = nullptr;
    const Node *errcode = nullptr, *errmsg = nullptr;
    for_each_pair(doc, [&](std::string_view key, const Node& value) {
      if (key == "templates") templates = &value;
      else if (key == "profile" || key == "kind") profile = &value;
      else if (key == "list") api_list = &value;
      else if (key == "data") api_data = &value;
      else if (key == "template_list") oa_list = &value;
      else if (key == "title") title = &value;
      else if (key == "errcode") errcode = &value;
      else if (key == "errmsg") errmsg = &value;
    });
    // An API error response holds no templates: say so rather than "no templates".
    if (errcode && errcode->kind == NodeKind::number && errcode->value != "0") {
      std::string what = "the API returned errcode " + errcode->value;
      if (errmsg && errmsg->kind == NodeKind::string) what += " (" + errmsg->value + ")";
      errors_.add(errcode->token_offset, what + ", not templates");
      return;
    }
    std::optional<Profile> file_profile;
    bool bad_profile = false;
    if (profile) read_profile(*profile, "profile", file_profile, bad_profile);
    const Node* items = templates;
    const char* items_key = "templates";
    std::optional<Profile> items_profile = file_profile;
    // Templates a management API answer lists are approved, ids or not (Template::origin()).
    bool api_answer = false;
    if (!items && api_list) {
      items = api_list;  // template/list, library/list
      items_key = "list";
      api_answer = true;
    } else if (!items && api_data) {
      items = api_data;  // gettemplate: the account's subscribe templates
      items_key = "data";
      if (!items_profile) items_profile = Profile::subscribe;
      api_answer = true;  // gettemplate, getpubtemplatetitles
    } else if (!items && oa_list) {
      items = oa_list;  // get_all_private_template: official-account templates
      items_key = "template_list";
      if (!items_profile) items_profile = Profile::official_account;
      api_answer = true;
    }
    if (!items) {
      if (title) {  // one template: a library/get body (an answer: it has `errcode`), or a template on its own
        record(doc, next_index++, file_profile, errcode != nullptr && errcode->kind == NodeKind::number);
        return;
      }
      errors_.add(doc.token_offset,
                  "expected `templates:` list (or an API response with `list`, `data` or "
                  "`template_list`, or a template with a `title`)");
      return;
    }
    if (items->kind == NodeKind::null) return;
    if (items->kind != NodeKind::sequence) {
      errors_.add(items->token_offset,
                  std::string("`") + items_key + "` must be a list, got " + kind_name(items->kind));
      return;
    }
    if (items == api_data && keyword_answer(*items)) return;
    list(*items, next_index, items_profile, api_answer);
  }

  // One template record; a record with any problem is reported and left out.
  // `api_answer`: the record is listed by a management API answer.
  void record(const Node& rec, size_t index, std::optional<Profile> file_profile, bool api_answer = false) {
    charge(rec.token_offset, 1, 0);
    if (rec.kind != NodeKind::mapping) {
      errors_.add(rec.token_offset,
                  std::string("template must be a mapping, got ") + kind_name(rec.kind));
      return;
    }
    const Node *title = nullptr, *keywords = nullptr, *profile = nullptr, *kind = nullptr;
    const Node *library_id = nullptr, *id = nullptr, *tid = nullptr;
    const Node *template_id = nullptr, *pri_tmpl_id = nullptr;
    const Node *keyword_list = nullptr, *content = nullptr, *example = nullptr;
    for_each_pair(rec, [&](std::string_view key, const Node& value) {
      if (key == "title") title = &value;
      else if (key == "keywords") keywords = &value;
      else if (key == "keyword_list") keyword_list = &value;  // library/get
      else if (key == "content") content = &value;            // template/list, gettemplate
      else if (key == "example") example = &value;
      else if (key == "profile") profile = &value;
      else if (key == "kind") kind = &value;
      else if (key == "library_id") library_id = &value;
      else if (key == "id") id = &value;
      else if (key == "tid") tid = &value;
      else if (key == "template_id") template_id = &value;
      else if (key == "priTmplId") pri_tmpl_id = &value;
    });

    Template t;
    t.index = index;
    t.record_offset = rec.token_offset;
    t.source = source_;
    t.from_api_answer = api_answer;
    bool bad = false;

    if (missing(title)) {
      errors_.add(rec.token_offset, "template has no title");
      bad = true;
    } else if (title->kind != NodeKind::string) {
      errors_.add(title->token_offset,
                  std::string("title must be a string, got ") + kind_name(title->kind));
      bad = true;
    } else if (title->value.empty()) {
      errors_.add(title->token_offset, "title is empty");
      bad = true;
    } else {
      t.title = source_text(*title);
    }

    const char* keywords_key = "keywords";
    if (missing(keywords) && !missing(keyword_list)) {
      keywords = keyword_list;
      keywords_key = "keyword_list";
    }
    if (missing(keywords) && !missing(content)) {
      bad |= !content_keywords(*content, example, t);
    } else if (!missing(keywords)) {
      if (keywords->kind != NodeKind::sequence) {
        errors_.add(keywords->token_offset, std::string(keywords_key) + " must be a list, got " +
                                                kind_name(keywords->kind));
        bad = true;
      } else {
        std::vector<Keyword> list;
        list.reserve(std::min<size_t>(keywords->kids.size(), 64));
        for (size_t i = 0; i < keywords->kids.size(); ++i) {
          Keyword k;
          if (keyword(node(keywords->kids[i]), i, k))
            list.push_back(std::move(k));
          else
            bad = true;
        }
        t.keywords = std::move(list);
      }
    }

    const Node* given_profile = !missing(profile) ? profile : kind;
    if (!missing(given_profile))
      read_profile(*given_profile, profile == given_profile ? "profile" : "kind", t.profile, bad);
    if (!t.profile) t.profile = file_profile;

    bad |= !read_id(first_given({library_id, id, tid}), "library_id", t.library_id);
    bad |= !read_id(first_given({template_id, pri_tmpl_id}), "template_id", t.template_id);

    if (!bad) out_.push_back(std::move(t));
  }

  void stopped(const StopParse& stop) { errors_.add(stop.offset, stop.message); }

  // A getpubtemplatekeywords answer (`data: [{kid, name, example, rule}]`) lists one library
  // template's keywords, not templates: said once, rather than "no title" per keyword.
  bool keyword_answer(const Node& items) {
    if (items.kids.empty()) return false;
    for (uint32_t kid : items.kids) {
      const Node& item = node(kid);
      if (item.kind != NodeKind::mapping) return false;
      bool has_kid = false, has_title = false;
      for_each_pair(item, [&](std::string_view key, const Node&) {
        has_kid |= key == "kid";
        has_title |= key == "title";
      });
      if (!has_kid || has_title) return false;
    }
    errors_.add(items.token_offset,
                "a getpubtemplatekeywords answer lists a library template's keywords, not templates: give them as "
                "`keywords` of a record with the template's `title` and `tid`");
    return true;
  }

 private:
  const Node& node(uint32_t index) const { return tree_.nodes[index]; }

  static bool missing(const Node* n) { return n == nullptr || n->kind == NodeKind::null; }

  static const Node* first_given(std::initializer_list<const Node*> nodes) {
    for (const Node* n : nodes)
      if (!missing(n)) return n;
    return nullptr;
  }

  void charge(int64_t offset, size_t nodes, size_t bytes) {
    if (nodes > nodes_left_ || bytes > bytes_left_) throw StopParse{offset, kTooManyNodes};
    nodes_left_ -= nodes;
    bytes_left_ -= bytes;
  }

  // Calls f(key, value) for the mapping's pairs with string keys. Keys are unique: both
  // parsers refuse a repeated key, so no value is ever chosen over another.
  template <typename F>
  void for_each_pair(const Node& map, F&& f) {
    for (size_t i = 0; i + 1 < map.kids.size(); i += 2) {
      charge(map.token_offset, 1, 0);
      const Node& key = node(map.kids[i]);
      if (key.kind == NodeKind::string) f(std::string_view(key.value), node(map.kids[i + 1]));
    }
  }

  SourceText source_text(const Node& n) {
    charge(n.token_offset, 0, n.value.size());
    return SourceText{n.value, n.token_offset, n.verbatim_offset};
  }

  void list(const Node& seq, size_t& next_index, std::optional<Profile> file_profile, bool api_answer = false) {
    for (uint32_t kid : seq.kids) record(node(kid), next_index++, file_profile, api_answer);
  }

  // `kind`/`profile` value; "unknown" (used by the corpus) means no profile.
  void read_profile(const Node& n, const char* what, std::optional<Profile>& out, bool& bad) {
    if (n.kind == NodeKind::null) return;
    if (n.kind != NodeKind::string) {
      errors_.add(n.token_offset,
                  std::string(what) + " must be a string, got " + kind_name(n.kind));
      bad = true;
      return;
    }
    if (n.value == "unknown") return;
    if (auto p = parse_profile(n.value)) {
      out = p;
      return;
    }
    errors_.add(n.token_offset, std::string("unknown ") + what + " \"" + n.value +
                                    "\" (expected miniprogram, subscribe or official-account)");
    bad = true;
  }

  // An id given as a string or a number; false on a wrong type.
  bool read_id(const Node* n, const char* what, std::string& out) {
    if (missing(n)) return true;
    if (n->kind != NodeKind::string && n->kind != NodeKind::number) {
      errors_.add(n->token_offset, std::string(what) + " must be a string or a number, got " +
                                       kind_name(n->kind));
      return false;
    }
    charge(n->token_offset, 0, n->value.size());
    out = n->value;
    return true;
  }

  bool keyword(const Node& item, size_t i, Keyword& k) {
    charge(item.token_offset, 1, 0);
    const std::string where = "keywords[" + std::to_string(i) + "]";
    if (item.kind == NodeKind::string) {  // a bare name
      if (item.value.empty()) {
        errors_.add(item.token_offset, where + " has an empty name");
        return false;
      }
      k.name = source_text(item);
      return true;
    }
    if (item.kind != NodeKind::mapping) {
      errors_.add(item.token_offset, where + " must be a mapping or a string, got " +
                                         kind_name(item.kind));
      return false;
    }
    const Node *name = nullptr, *example = nullptr, *field = nullptr;
    const Node *id = nullptr, *keyword_id = nullptr;
    for_each_pair(item, [&](std::string_view key, const Node& value) {
      if (key == "name") name = &value;
      else if (key == "example") example = &value;
      else if (key == "field") field = &value;
      else if (key == "id") id = &value;
      else if (key == "keyword_id" || key == "kid") keyword_id = &value;
    });
    bool ok = true;
    if (missing(name)) {
      errors_.add(item.token_offset, where + " has no name");
      ok = false;
    } else if (name->kind != NodeKind::string) {
      errors_.add(name->token_offset,
                  where + ".name must be a string, got " + kind_name(name->kind));
      ok = false;
    } else if (name->value.empty()) {
      errors_.add(name->token_offset, where + " has an empty name");
      ok = false;
    } else {
      k.name = source_text(*name);
    }
    if (!missing(example)) {
      if (example->kind != NodeKind::string) {
        errors_.add(example->token_offset,
                    where + ".example must be a string, got " + kind_name(example->kind));
        ok = false;
      } else {
        k.example = source_text(*example);
      }
    }
    if (!missing(field)) {
      if (field->kind != NodeKind::string) {
        errors_.add(field->token_offset,
                    where + ".field must be a string, got " + kind_name(field->kind));
        ok = false;
      } else {
        charge(field->token_offset, 0, field->value.size());
        k.field = field->value;
      }
    }
    if (const Node* n = first_given({keyword_id, id})) {
      int64_t v = 0;
      const std::string& s = n->value;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      bool integer = (n->kind == NodeKind::number || n->kind == NodeKind::string) &&
                     !s.empty() && ec == std::errc() && end == s.data() + s.size();
      if (!integer) {
        errors_.add(n->token_offset, where + "." + (n == keyword_id ? "keyword_id" : "id") +
                                         " must be an integer");
        ok = false;
      } else {
        k.library_keyword_id = v;
      }
    }
    return ok;
  }

  // Keywords from a `content` string (and the `example` string beside it).
  bool content_keywords(const Node& content, const Node* example, Template& t) {
    if (content.kind != NodeKind::string) {
      errors_.add(content.token_offset,
                  std::string("content must be a string, got ") + kind_name(content.kind));
      return false;
    }
    std::optional<std::string_view> ex;
    if (!missing(example)) {
      if (example->kind != NodeKind::string) {
        errors_.add(example->token_offset,
                    std::string("example must be a string, got ") + kind_name(example->kind));
        return false;
      }
      ex = example->value;
    }
    charge(content.token_offset, 1, content.value.size() + (ex ? ex->size() : 0));
    ParsedContent parsed = parse_content(content.value, ex);
    if (!parsed.problem.empty()) {
      const int64_t at = raw_offset(content, parsed.problem_offset);
      errors_.add(at >= 0 ? at : content.token_offset, parsed.problem);
      return false;
    }
    // Where each piece is in the file, one walk per string (a walk per piece would cost the
    // content's length per keyword).
    std::vector<size_t> name_at, example_at;
    for (const auto& ck : parsed.keywords) {
      name_at.push_back(ck.name_offset);
      if (ck.example) example_at.push_back(ck.example_offset);
    }
    const std::vector<int64_t> name_raw = raw_offsets(content, name_at);
    const std::vector<int64_t> example_raw = example_at.empty() ? std::vector<int64_t>() : raw_offsets(*example, example_at);
    std::vector<Keyword> list;
    list.reserve(parsed.keywords.size());
    size_t next_example = 0;
    for (size_t i = 0; i < parsed.keywords.size(); ++i) {
      auto& ck = parsed.keywords[i];
      Keyword k;
      k.name = located(content, std::move(ck.name), name_raw[i]);
      if (ck.example) k.example = located(*example, std::move(*ck.example), example_raw[next_example++]);
      k.field = std::move(ck.field);
      list.push_back(std::move(k));
    }
    t.keywords = std::move(list);
    return true;
  }

  // A piece of a string node's value (at file offset `raw`, or -1 when unknown), with its
  // place in the file when the piece is written there as it is.
  SourceText located(const Node& n, std::string value, int64_t raw) {
    SourceText st;
    st.token_offset = raw >= 0 ? raw : n.token_offset;
    if (raw >= 0) st.verbatim_offset = verbatim_at(source_->text(), static_cast<size_t>(raw), value);
    st.value = std::move(value);
    return st;
  }

  int64_t raw_offset(const Node& n, size_t offset) const { return raw_offsets(n, {offset})[0]; }

  // File offsets of bytes `offsets` of a string node's value, -1 where unknown, in one walk.
  // Verbatim values map directly; double-quoted ones (JSON, YAML) are walked through their
  // escapes.
  std::vector<int64_t> raw_offsets(const Node& n, const std::vector<size_t>& offsets) const {
    std::vector<int64_t> out(offsets.size(), -1);
    if (n.verbatim_offset >= 0) {
      for (size_t i = 0; i < offsets.size(); ++i) out[i] = n.verbatim_offset + static_cast<int64_t>(offsets[i]);
      return out;
    }
    const std::string& text = source_->text();
    if (n.token_offset < 0 || static_cast<size_t>(n.token_offset) >= text.size() ||
        text[static_cast<size_t>(n.token_offset)] != '"')
      return out;
    std::vector<uint32_t> order(offsets.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    if (!std::is_sorted(offsets.begin(), offsets.end()))
      std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return offsets[a] < offsets[b]; });
    size_t raw = static_cast<size_t>(n.token_offset) + 1, decoded = 0;
    // One character (or escape) further; false at the end of the string or a bad escape.
    auto step = [&] {
      if (raw >= text.size() || text[raw] == '"' || text[raw] == '\n') return false;
      if (text[raw] != '\\') {
        ++raw;
        ++decoded;
        return true;
      }
      if (raw + 1 >= text.size()) return false;
      if (text[raw + 1] != 'u') {
        raw += 2;
        ++decoded;
        return true;
      }
      uint32_t cp = 0;
      if (!hex4(text, raw + 2, cp)) return false;
      raw += 6;
      uint32_t low = 0;
      if (cp >= 0xD800 && cp < 0xDC00 && raw + 1 < text.size() && text[raw] == '\\' &&
          text[raw + 1] == 'u' && hex4(text, raw + 2, low) && low >= 0xDC00 && low < 0xE000) {
        raw += 6;
        cp = 0x10000;
      }
      decoded += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      return true;
    };
    for (uint32_t i : order) {
      while (decoded < offsets[i])
        if (!step()) return out;  // this offset and every later one are unknown
      if (decoded == offsets[i]) out[i] = static_cast<int64_t>(raw);
    }
    return out;
  }

  static bool hex4(const std::string& text, size_t at, uint32_t& out) {
    if (at + 4 > text.size()) return false;
    out = 0;
    for (size_t i = at; i < at + 4; ++i) {
      const char c = text[i];
      out <<= 4;
      if (c >= '0' && c <= '9') out |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') out |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') out |= static_cast<uint32_t>(c - 'A' + 10);
      else return false;
    }
    return true;
  }

  const Tree& tree_;
  const std::shared_ptr<const SourceFile>& source_;
  ErrorSink& errors_;
  std::vector<Template>& out_;
  size_t nodes_left_;
  size_t bytes_left_;
};


}  // namespace

size_t convert_documents(const Tree& tree, const std::shared_ptr<const SourceFile>& source, const ReadLimits& limits,
                         ErrorSink& errors, std::vector<Template>& out) {
  Converter converter(tree, source, limits, errors, out);
  size_t next_index = 0;
  try {
    for (uint32_t root : tree.roots) converter.document(root, next_index);
  } catch (const StopParse& stop) {
    converter.stopped(stop);
  }
  return next_index;
}

void convert_record(const Tree& tree, const std::shared_ptr<const SourceFile>& source, const ReadLimits& limits,
                    ErrorSink& errors, std::vector<Template>& out, size_t record_index) {
  Converter converter(tree, source, limits, errors, out);
  try {
    converter.record(tree.nodes[tree.roots.front()], record_index, std::nullopt);
  } catch (const StopParse& stop) {
    converter.stopped(stop);
  }
}

}  // namespace tplguard::io::detail
