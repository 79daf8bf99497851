// Tests of the input readers (src/io): formats, locations, bad input, limits, directories.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "io/detail.hpp"
#include "io/input_paths.hpp"
#include "io/template_reader.hpp"

using namespace tplguard;
using namespace tplguard::io;

namespace {

ReadResult read(const std::string& text, Format format, const ReadLimits& limits = {}) {
  const char* name = format == Format::yaml ? "t.yaml" : format == Format::json ? "t.json" : "t.jsonl";
  return read_templates_text(name, text, format, limits);
}

// The error whose message contains `part`, or null.
const InputError* find_error(const ReadResult& r, const std::string& part) {
  for (const auto& e : r.errors)
    if (e.message.find(part) != std::string::npos) return &e;
  return nullptr;
}

// The value really is at its offsets: token_offset at `token` and verbatim bytes when expected.
void check_text(const ReadResult& r, const SourceText& t, char token_first, bool verbatim) {
  const std::string& text = r.source->text();
  REQUIRE(t.token_offset >= 0);
  REQUIRE(static_cast<size_t>(t.token_offset) < text.size());
  CHECK(text[t.token_offset] == token_first);
  if (verbatim) {
    REQUIRE(t.verbatim_offset >= 0);
    CHECK(text.substr(t.verbatim_offset, t.value.size()) == t.value);
  } else {
    CHECK(t.verbatim_offset == -1);
  }
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Every node of a parsed tree is where its offset says: strings at a quote (YAML: or the
// plain scalar), containers at their bracket, verbatim values byte for byte.
void check_tree_offsets(const std::string& text, const detail::Tree& tree, bool json) {
  using detail::NodeKind;
  size_t checked = 0;
  for (const auto& n : tree.nodes) {
    REQUIRE(n.token_offset >= 0);
    REQUIRE(static_cast<size_t>(n.token_offset) < text.size());
    char c = text[n.token_offset];
    switch (n.kind) {
      case NodeKind::string:
        if (json) CHECK(c == '"');
        if (n.verbatim_offset >= 0) {
          CHECK(text.substr(n.verbatim_offset, n.value.size()) == n.value);
          ++checked;
        }
        break;
      case NodeKind::number:
      case NodeKind::boolean:
        CHECK(text.compare(n.token_offset, n.value.size(), n.value) == 0);
        break;
      case NodeKind::mapping:
        if (json) CHECK(c == '{');
        break;
      case NodeKind::sequence:
        if (json) CHECK(c == '[');
        break;
      case NodeKind::null:
        if (json) CHECK(text.compare(n.token_offset, 4, "null") == 0);
        break;
    }
  }
  CHECK(checked > 0);
}

// A fresh directory under /tmp, removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = "/tmp/tplguard-io-XXXXXX";
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path / "locked", std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::filesystem::create_directories((path / name).parent_path());
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
};

}  // namespace

TEST_CASE("YAML: templates with keywords, profiles and ids", "[io]") {
  const std::string text =
      "profile: subscribe\n"
      "other: ignored\n"
      "templates:\n"
      "  - title: 订单发货提醒\n"
      "    library_id: 1470\n"
      "    template_id: abc\n"
      "    keywords:\n"
      "      - name: 商品名称\n"
      "        example: 红包 x\n"
      "        field: thing1\n"
      "        id: 7\n"
      "      - {name: \"快递公司\", example: ~}\n"
      "      - 物流单号\n"
      "  - title: '退款''通知'\n"
      "    kind: official-account\n"
      "    keywords: []\n"
      "  - {title: \"无关键词\"}\n";
  auto r = read(text, Format::yaml);
  REQUIRE(r.errors.empty());
  REQUIRE(r.templates.size() == 3);

  const Template& a = r.templates[0];
  CHECK(a.title.value == "订单发货提醒");
  check_text(r, a.title, '\xE8', true);
  CHECK(a.index == 0);
  CHECK(a.record_offset == static_cast<int64_t>(text.find("title: 订单")));
  CHECK(a.profile == Profile::subscribe);  // from the file's `profile:`
  CHECK(a.library_id == "1470");
  CHECK(a.template_id == "abc");
  CHECK(a.source == r.source);
  REQUIRE(a.keywords);
  REQUIRE(a.keywords->size() == 3);
  const Keyword& k0 = (*a.keywords)[0];
  CHECK(k0.name.value == "商品名称");
  CHECK(k0.name.verbatim_offset == static_cast<int64_t>(text.find("商品名称")));
  REQUIRE(k0.example);
  CHECK(k0.example->value == "红包 x");
  CHECK(k0.example->verbatim_offset == static_cast<int64_t>(text.find("红包 x")));
  CHECK(k0.field == "thing1");
  CHECK(k0.library_keyword_id == 7);
  const Keyword& k1 = (*a.keywords)[1];
  CHECK(k1.name.value == "快递公司");
  check_text(r, k1.name, '"', true);
  CHECK(k1.name.token_offset + 1 == k1.name.verbatim_offset);
  CHECK_FALSE(k1.example);
  const Keyword& k2 = (*a.keywords)[2];
  CHECK(k2.name.value == "物流单号");
  CHECK_FALSE(k2.example);
  CHECK(k2.name.verbatim_offset == static_cast<int64_t>(text.find("物流单号")));

  const Template& b = r.templates[1];
  CHECK(b.title.value == "退款'通知");
  check_text(r, b.title, '\'', false);  // '' is an escape: not verbatim
  CHECK(b.profile == Profile::official_account);  // the record's own kind wins
  REQUIRE(b.keywords);
  CHECK(b.keywords->empty());

  const Template& c = r.templates[2];
  CHECK(c.record_offset == static_cast<int64_t>(text.find("{title")));
  CHECK_FALSE(c.keywords);
  CHECK(c.index == 2);
}

TEST_CASE("YAML: bare list, scalars are strings, nulls are missing", "[io]") {
  auto r = read("- title: 123\n  keywords: ~\n- title: \"null\"\n- title: ~\n- title:\n", Format::yaml);
  REQUIRE(r.templates.size() == 2);
  CHECK(r.templates[0].title.value == "123");
  CHECK_FALSE(r.templates[0].keywords);
  CHECK(r.templates[1].title.value == "null");
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].message == "template has no title");
  CHECK(r.errors[0].line == 4);
  CHECK(r.errors[0].column == 3);
  CHECK(r.errors[0].file == "t.yaml");
  CHECK(r.errors[1].line == 5);
}

TEST_CASE("YAML: tree offsets are exact, after CJK text and anchors", "[io]") {
  const std::string text =
      "a: &x 红色 包\n"
      "b: [\"中\\u6587\", '单引号', 普通, {k: !!str 值}]\n"
      "c: |\n  block\n"
      "d: \"转义\\t\"\n"
      "e: *x\n";
  detail::Tree tree;
  SourceFile source("t.yaml", text);
  std::vector<InputError> errors;
  detail::ErrorSink sink(source, errors);
  REQUIRE(detail::parse_yaml(text, 0, text.size(), {}, tree, sink));
  REQUIRE(errors.empty());
  check_tree_offsets(text, tree, false);
  auto find = [&](const std::string& v) -> const detail::Node& {
    for (const auto& n : tree.nodes)
      if (n.value == v) return n;
    FAIL("no node " << v);
    return tree.nodes[0];
  };
  CHECK(find("红色 包").verbatim_offset == static_cast<int64_t>(text.find("红色 包")));
  CHECK(find("中文").verbatim_offset == -1);
  CHECK(find("中文").token_offset == static_cast<int64_t>(text.find("\"中")));
  CHECK(find("单引号").verbatim_offset == static_cast<int64_t>(text.find("单引号")));
  CHECK(find("值").verbatim_offset == static_cast<int64_t>(text.find("值")));
  CHECK(find("block\n").verbatim_offset == -1);
  CHECK(find("转义\t").verbatim_offset == -1);
}

TEST_CASE("JSON: templates and exact offsets", "[io]") {
  const std::string text =
      "{\"meta\": {\"n\": [1, 2.5, -3e2, true, null, {\"x\": \"y\"}]},\n"
      " \"templates\": [\n"
      "  {\"id\": 12, \"title\": \"红包领取\\u901a知\", \"kind\": \"miniprogram-template\",\r\n"
      "   \"keywords\": [{\"name\": \"金额\", \"example\": \"100元\", \"keyword_id\": 3},\n"
      "                {\"name\": \"a\\\"b\"}, \"备注\"]},\n"
      "  {\"title\":\"时间 提醒\",\"priTmplId\":\"tpl-1\",\"keywords\":null}]}";
  auto r = read(text, Format::json);
  REQUIRE(r.errors.empty());
  REQUIRE(r.templates.size() == 2);
  const Template& a = r.templates[0];
  CHECK(a.title.value == "红包领取通知");
  check_text(r, a.title, '"', false);  // \u escape: not verbatim, but the token is right
  CHECK(a.title.token_offset == static_cast<int64_t>(text.find("\"红包")));
  CHECK(a.library_id == "12");
  CHECK(a.profile == Profile::miniprogram);
  CHECK(a.record_offset == static_cast<int64_t>(text.find("{\"id\"")));
  REQUIRE(a.keywords);
  REQUIRE(a.keywords->size() == 3);
  check_text(r, (*a.keywords)[0].name, '"', true);
  CHECK((*a.keywords)[0].name.verbatim_offset == static_cast<int64_t>(text.find("金额")));
  REQUIRE((*a.keywords)[0].example);
  CHECK((*a.keywords)[0].example->verbatim_offset == static_cast<int64_t>(text.find("100元")));
  CHECK((*a.keywords)[0].library_keyword_id == 3);
  CHECK((*a.keywords)[1].name.value == "a\"b");
  check_text(r, (*a.keywords)[1].name, '"', false);
  CHECK((*a.keywords)[2].name.value == "备注");
  check_text(r, (*a.keywords)[2].name, '"', true);

  const Template& b = r.templates[1];
  CHECK(b.title.value == "时间 提醒");
  check_text(r, b.title, '"', true);
  CHECK(b.template_id == "tpl-1");
  CHECK_FALSE(b.keywords);
  CHECK(b.index == 1);

  // Every node of the tree, keys included.
  detail::Tree tree;
  SourceFile source("t.json", text);
  std::vector<InputError> errors;
  detail::ErrorSink sink(source, errors);
  REQUIRE(detail::parse_json(text, 0, text.size(), {}, tree, sink));
  check_tree_offsets(text, tree, true);
  for (const auto& n : tree.nodes)
    if (n.value == "keyword_id") CHECK(n.token_offset == static_cast<int64_t>(text.find("\"keyword_id")));
}

TEST_CASE("JSON: offsets of keys and values at every position", "[io]") {
  // Numbers make the lexer read a byte ahead; check them before every kind of neighbour.
  const std::string text =
      "[1,\"a\",22 ,\"b\", {\"k\":3},{\"k\" : 4 },[5],[[6]], \"中文\",7,\"\\u7ea2包\", -8.5e1,"
      "{\"红\":{\"包\":{\"深\":\"层\"}}}, true,false ,null, 9]";
  detail::Tree tree;
  SourceFile source("t.json", text);
  std::vector<InputError> errors;
  detail::ErrorSink sink(source, errors);
  REQUIRE(detail::parse_json(text, 0, text.size(), {}, tree, sink));
  check_tree_offsets(text, tree, true);
  for (const auto& n : tree.nodes) {
    if (n.value == "红包") {
      CHECK(n.verbatim_offset == -1);
      CHECK(n.token_offset == static_cast<int64_t>(text.find("\"\\u7ea2")));
    }
    if (n.value == "层") CHECK(n.verbatim_offset == static_cast<int64_t>(text.find("层")));
    if (n.value == "9") CHECK(n.token_offset == static_cast<int64_t>(text.size() - 2));
  }
}

TEST_CASE("JSON: bad records are reported with their line, the others kept", "[io]") {
  const std::string text =
      "[\n"
      "  {\"title\": 123},\n"
      "  {\"title\": \"好\"},\n"
      "  {\"title\": \"好2\", \"keywords\": \"x\"},\n"
      "  {\"title\": \"好3\", \"keywords\": [{\"example\": \"e\"}]},\n"
      "  {\"title\": \"好4\", \"keywords\": [{\"name\": \"n\", \"example\": 5}]},\n"
      "  [1],\n"
      "  {\"title\": \"\"},\n"
      "  {\"title\": \"好5\", \"profile\": \"bogus\"},\n"
      "  {\"title\": \"好6\", \"kind\": \"unknown\", \"keywords\": [{\"name\": 1}, 2]},\n"
      "  {\"title\": \"好7\", \"keywords\": [{\"name\": \"n\", \"id\": null, \"field\": null}]}\n"
      "]\n";
  auto r = read(text, Format::json);
  REQUIRE(r.templates.size() == 2);
  CHECK(r.templates[0].title.value == "好");
  CHECK(r.templates[0].index == 1);
  CHECK(r.templates[1].title.value == "好7");
  CHECK(r.templates[1].index == 9);
  CHECK_FALSE((*r.templates[1].keywords)[0].library_keyword_id);

  auto expect = [&](const std::string& message, uint32_t line, uint32_t column) {
    const InputError* e = find_error(r, message);
    INFO(message);
    REQUIRE(e);
    CHECK(e->file == "t.json");
    CHECK(e->line == line);
    CHECK(e->column == column);
  };
  expect("title must be a string, got number", 2, 13);
  expect("keywords must be a list, got string", 4, 31);
  expect("keywords[0] has no name", 5, 32);
  expect("keywords[0].example must be a string, got number", 6, 57);
  expect("template must be a mapping, got list", 7, 3);
  expect("title is empty", 8, 13);
  expect("unknown profile \"bogus\"", 9, 30);
  expect("keywords[0].name must be a string, got number", 10, 60);
  expect("keywords[1] must be a mapping or a string, got number", 10, 64);
  CHECK(r.errors.size() == 9);
}

TEST_CASE("JSON and YAML: syntax errors carry line and column", "[io]") {
  auto j = read("{\"templates\": [\n  {\"title\": tru}\n]}", Format::json);
  CHECK(j.templates.empty());
  REQUIRE(j.errors.size() == 1);
  CHECK(j.errors[0].line == 2);
  CHECK(j.errors[0].column > 1);
  CHECK(j.errors[0].message.find("syntax error") != std::string::npos);

  auto y = read("templates:\n  - title: [a, b\n", Format::yaml);
  CHECK(y.templates.empty());
  REQUIRE(y.errors.size() == 1);
  CHECK(y.errors[0].line >= 2);
  CHECK_FALSE(y.errors[0].message.empty());

  auto y2 = read("templates:\n  - title: a\n - b\n", Format::yaml);
  REQUIRE(y2.errors.size() == 1);
  CHECK(y2.errors[0].line == 3);
}

TEST_CASE("Documents that hold no templates", "[io]") {
  for (Format f : {Format::yaml, Format::json, Format::jsonl}) {
    auto r = read("", f);
    CHECK(r.templates.empty());
    CHECK(r.errors.empty());
    auto blank = read("  \n\n", f);
    CHECK(blank.errors.empty());
  }
  CHECK(read("# only a comment\n", Format::yaml).errors.empty());
  CHECK(read("templates:\n", Format::yaml).errors.empty());

  auto scalar = read("just text\n", Format::yaml);
  REQUIRE(scalar.errors.size() == 1);
  CHECK(scalar.errors[0].message.find("expected `templates:` list") != std::string::npos);
  auto no_list = read("{\"name\": \"x\"}", Format::json);
  REQUIRE(no_list.errors.size() == 1);
  CHECK(no_list.errors[0].message.find("expected `templates:` list") == 0);
  CHECK(no_list.errors[0].line == 1);
  // A mapping with a title is one template (a library/get body, say).
  auto single = read("{\"title\": \"x\"}", Format::json);
  CHECK(single.errors.empty());
  CHECK(single.templates.size() == 1);
  auto wrong = read("templates: 5\n", Format::yaml);
  REQUIRE(wrong.errors.size() == 1);
  CHECK(wrong.errors[0].message == "`templates` must be a list, got string");
}

TEST_CASE("JSONL: corpus rows, blank lines, bad lines, stable indexes", "[io]") {
  const std::string corpus_row =
      R"JSON({"title": "付款成功通知", "keywords": [{"name": "物品名称", "example": "名称", "id": 1, "field": "thing1"}], "library_id": "99", "kind": "subscribe", "source": "https://w3cschool.cn/weixinapp/weixinapp-hbsa38xg.html", "title_source": "wechat-api-doc-example", "title_confidence": "high", "note": "official WeChat doc examples (copied on w3cschool): getPubTemplateTitleList response {\"tid\":99,\"title\":\"付款成功通知\",\"type\":2,\"categoryId\":\"616\"} and getPubTemplateKeyWordsById response for tid 99 {\"kid\":1,\"name\":\"物品名称\",\"example\":\"名称\",\"rule\":\"thing\"} (https://w3cschool.cn/weixinapp/weixinapp-gd1838xf.html); also in https://www.cnblogs.com/AtlasLapetos/p/18640972", "tid": "99", "categoryId": "616", "type": 2, "corroborating_owners": 1})JSON";
  const std::string text = corpus_row + "\r\n" +
                           "\n"
                           "   \r\n"
                           "{\"title\": \"坏行\",\n"          // line 4: truncated
                           "{\"title\": \"\xff\"}\n"          // line 5: invalid UTF-8
                           "[\"not a template\"]\n"           // line 6
                           "{\"title\": \"最后\", \"keywords\": [\"备注\"]}";  // line 7, no newline
  auto r = read(text, Format::jsonl);
  REQUIRE(r.templates.size() == 2);
  const Template& a = r.templates[0];
  CHECK(a.title.value == "付款成功通知");
  CHECK(a.index == 0);
  CHECK(a.library_id == "99");
  CHECK(a.profile == Profile::subscribe);
  REQUIRE(a.keywords);
  REQUIRE(a.keywords->size() == 1);
  CHECK((*a.keywords)[0].name.value == "物品名称");
  CHECK((*a.keywords)[0].example->value == "名称");
  CHECK((*a.keywords)[0].field == "thing1");
  CHECK((*a.keywords)[0].library_keyword_id == 1);
  check_text(r, a.title, '"', true);
  check_text(r, *(*a.keywords)[0].example, '"', true);

  const Template& b = r.templates[1];
  CHECK(b.title.value == "最后");
  CHECK(b.index == 4);  // records 1, 2 and 3 were bad; blank lines do not count
  check_text(r, b.title, '"', true);
  CHECK(r.source->line_of(b.record_offset) == 7);

  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0].line == 4);
  CHECK(r.errors[1].line == 5);
  CHECK(r.errors[1].column == 12);
  CHECK(r.errors[1].message == "invalid UTF-8 (byte 0xFF)");
  CHECK(r.errors[2].line == 6);
  CHECK(r.errors[2].message == "template must be a mapping, got list");
}

TEST_CASE("JSONL: the shipped corpus reads without errors", "[io]") {
  auto r = read_templates_file(TPLGUARD_SHARED_DIR "/corpus/templates.jsonl");
  CHECK(r.errors.empty());
  CHECK(r.templates.size() > 100);
  for (const auto& t : r.templates) {
    REQUIRE(t.title.verbatim_offset >= 0);
    CHECK(r.source->text().substr(t.title.verbatim_offset, t.title.value.size()) == t.title.value);
  }
}

TEST_CASE("Invalid UTF-8 skips a YAML or JSON file with one located error", "[io]") {
  auto y = read("templates:\n  - title: 好\xC3(\n", Format::yaml);
  CHECK(y.templates.empty());
  REQUIRE(y.errors.size() == 1);
  CHECK(y.errors[0].line == 2);
  CHECK(y.errors[0].column == 13);
  CHECK(y.errors[0].message == "invalid UTF-8 (byte 0xC3)");
  auto j = read("[{\"title\": \"\xED\xA0\x80\"}]", Format::json);  // an encoded surrogate
  CHECK(j.templates.empty());
  REQUIRE(j.errors.size() == 1);
  CHECK(j.errors[0].line == 1);
  CHECK(j.errors[0].column == 13);
  auto nul = read(std::string("templates:\n  - title: a\0b\n", 26), Format::yaml);
  REQUIRE(nul.errors.size() == 1);
  CHECK(nul.errors[0].line == 2);
}

TEST_CASE("BOM and CRLF: offsets still refer to the file's bytes", "[io]") {
  const std::string bom = "\xEF\xBB\xBF";
  auto y = read(bom + "templates:\r\n  - title: 标题一\r\n    keywords: [名称]\r\n", Format::yaml);
  REQUIRE(y.errors.empty());
  REQUIRE(y.templates.size() == 1);
  check_text(y, y.templates[0].title, '\xE6', true);
  CHECK(y.templates[0].title.value == "标题一");
  CHECK((*y.templates[0].keywords)[0].name.value == "名称");
  check_text(y, (*y.templates[0].keywords)[0].name, '\xE5', true);

  auto j = read(bom + "[{\"title\": \"标题二\"}]\r\n", Format::json);
  REQUIRE(j.errors.empty());
  REQUIRE(j.templates.size() == 1);
  CHECK(j.templates[0].record_offset == 4);
  check_text(j, j.templates[0].title, '"', true);

  auto l = read(bom + "{\"title\": \"一\"}\r\n{\"title\": \"二\"}\r\n", Format::jsonl);
  REQUIRE(l.errors.empty());
  REQUIRE(l.templates.size() == 2);
  CHECK(l.templates[0].record_offset == 3);
  check_text(l, l.templates[1].title, '"', true);

  auto bad = read(bom + "{\"title\": 1}\r\n", Format::jsonl);
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].line == 1);
  CHECK(bad.errors[0].column == 12);  // the BOM is one code point
}

TEST_CASE("Deep nesting is refused quickly, with a line", "[io][limits]") {
  const std::string message = "nesting deeper than 256 levels";
  auto check_deep = [&](const std::string& text, Format format, uint32_t line) {
    auto start = std::chrono::steady_clock::now();
    auto r = read(text, format);
    CHECK(seconds_since(start) < 1.0);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message == message);
    CHECK(r.errors[0].line == line);
  };
  check_deep(std::string(100000, '['), Format::json, 1);
  check_deep("{\"title\": \"a\"}\n" + std::string(100000, '['), Format::jsonl, 2);
  check_deep(std::string(100000, '['), Format::yaml, 1);
  check_deep(std::string(100000, '{'), Format::yaml, 1);
  std::string dashes;
  for (int i = 0; i < 100000; ++i) dashes += "- ";
  check_deep(dashes + "x\n", Format::yaml, 1);
  std::string indented;
  for (int i = 0; i < 400; ++i) indented += std::string(i, ' ') + "k:\n";
  check_deep(indented, Format::yaml, 257);
  std::string complex_keys;
  for (int i = 0; i < 100000; ++i) complex_keys += "? ";
  check_deep(complex_keys, Format::yaml, 1);

  // 256 levels are fine.
  std::string ok = "{\"other\": " + std::string(255, '[') + std::string(255, ']') + ", \"templates\": []}";
  auto r = read(ok, Format::json);
  CHECK(r.errors.empty());
  ReadLimits shallow;
  shallow.max_depth = 3;
  auto s = read("templates:\n  - title: a\n    keywords: [[x]]\n", Format::yaml, shallow);
  REQUIRE(s.errors.size() == 1);
  CHECK(s.errors[0].message == "nesting deeper than 3 levels");
  CHECK(s.errors[0].line == 3);
}

TEST_CASE("YAML aliases cannot blow up the work", "[io][limits]") {
  // The classic bomb: 9 levels of 9 aliases, used as the templates list.
  std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) bomb += (i ? ",*" : "*") + prev;
    bomb += "]\n";
  }
  auto start = std::chrono::steady_clock::now();
  auto r = read(bomb + "templates: *i\n", Format::yaml);
  CHECK(seconds_since(start) < 1.0);
  CHECK(r.templates.empty());
  CHECK_FALSE(r.errors.empty());
  // Ignored keys are not walked at all.
  CHECK(read(bomb + "templates: []\n", Format::yaml).errors.empty());

  // Aliases the walker does follow: 3000 records sharing a 3000-keyword list is 9M nodes.
  std::string quad = "k: &k [";
  for (int i = 0; i < 3000; ++i) quad += i ? ",n" : "n";
  quad += "]\nt: &t {title: x, keywords: *k}\ntemplates: [";
  for (int i = 0; i < 3000; ++i) quad += i ? ",*t" : "*t";
  quad += "]\n";
  start = std::chrono::steady_clock::now();
  auto q = read(quad, Format::yaml);
  CHECK(seconds_since(start) < 2.0);
  REQUIRE(find_error(q, "too many nodes (alias expansion?)"));

  // A list that contains itself.
  auto self = read("templates: &s [{title: a, keywords: *s}, *s]\n", Format::yaml);
  CHECK(self.templates.empty());
  CHECK(self.errors.size() == 3);  // keywords[0] has no name, keywords[1] is a list, *s is a list

  // Sharing within the limits is fine.
  auto shared = read("k: &k [甲, 乙]\ntemplates:\n  - {title: 一, keywords: *k}\n  - {title: 二, keywords: *k}\n",
                     Format::yaml);
  REQUIRE(shared.errors.empty());
  REQUIRE(shared.templates.size() == 2);
  CHECK((*shared.templates[1].keywords)[1].name.value == "乙");
}

TEST_CASE("Node limit on plain documents", "[io][limits]") {
  ReadLimits small;
  small.max_nodes = 100;
  std::string list = "[";
  for (int i = 0; i < 200; ++i) list += i ? ",1" : "1";
  list += "]";
  auto j = read(list, Format::json, small);
  REQUIRE(j.errors.size() == 1);
  CHECK(j.errors[0].message.find("too many nodes") != std::string::npos);
  auto y = read(list, Format::yaml, small);
  REQUIRE(y.errors.size() == 1);
  CHECK(y.errors[0].message.find("too many nodes") != std::string::npos);
}

TEST_CASE("Errors per file are capped", "[io][limits]") {
  std::string text;
  for (int i = 0; i < 1500; ++i) text += "{\"title\": 1}\n";
  text += "{\"title\": \"好\"}\n";
  auto r = read(text, Format::jsonl);
  REQUIRE(r.templates.size() == 1);
  CHECK(r.templates[0].index == 1500);
  REQUIRE(r.errors.size() == detail::kMaxErrorsPerFile + 1);
  CHECK(r.errors.back().message == "500 more errors in this file not shown");
}

TEST_CASE("Files: format by extension, unreadable paths, size limit", "[io]") {
  TempDir dir;
  CHECK(format_for_path("a/b.YML") == Format::yaml);
  CHECK(format_for_path("x.ndjson") == Format::jsonl);
  CHECK(format_for_path("x.json") == Format::json);
  CHECK_FALSE(format_for_path("x.txt"));

  auto json = dir.write("one.json", "{\"templates\": [{\"title\": \"文件\"}]}");
  auto r = read_templates_file(json);
  REQUIRE(r.errors.empty());
  REQUIRE(r.templates.size() == 1);
  CHECK(r.source->path() == json);

  auto txt = dir.write("list.txt", "- title: 默认是YAML\n");  // unknown extension: YAML
  REQUIRE(read_templates_file(txt).templates.size() == 1);

  auto missing = read_templates_file((dir.path / "nope.yaml").string());
  REQUIRE(missing.errors.size() == 1);
  CHECK(missing.errors[0].message == "cannot read: No such file or directory");
  CHECK(missing.source == nullptr);

  auto directory = read_templates_file(dir.path.string());
  REQUIRE(directory.errors.size() == 1);
  CHECK(directory.errors[0].message == "cannot read: Is a directory");

  ReadLimits tiny;
  tiny.max_file_bytes = 10;
  auto big = read_templates_file(json, tiny);
  REQUIRE(big.errors.size() == 1);
  CHECK(big.errors[0].message.find("file too large") != std::string::npos);
  CHECK(big.templates.empty());
  auto big_text = read_templates_text("mem.json", "[{\"title\": \"x\"}]", Format::json, tiny);
  REQUIRE(big_text.errors.size() == 1);
  CHECK(big_text.templates.empty());
}

TEST_CASE("expand_inputs walks directories, sorted, without following symlinks", "[io]") {
  namespace fs = std::filesystem;
  TempDir dir;
  auto root = dir.path / "in";
  dir.write("in/b.yaml", "");
  dir.write("in/a.json", "");
  dir.write("in/sub/c.jsonl", "");
  dir.write("in/sub/d.NDJSON", "");
  dir.write("in/sub/e.yml", "");
  dir.write("in/notes.txt", "");
  dir.write("outside/x.yaml", "");
  fs::create_directory_symlink(root, root / "sub" / "loop");            // a loop
  fs::create_directory_symlink(dir.path / "outside", root / "linked");  // not followed
  fs::create_symlink(dir.path / "outside" / "x.yaml", root / "file-link.yaml");
  auto explicit_txt = (root / "notes.txt").string();

  std::vector<InputError> errors;
  auto files = expand_inputs({root.string(), explicit_txt, (dir.path / "missing").string()}, errors);
  // One list sorted by path, whatever the order of the arguments (set rules report a title
  // against an earlier one).
  std::vector<std::string> expected = {
      (root / "a.json").string(),         (root / "b.yaml").string(),
      (root / "file-link.yaml").string(), explicit_txt,
      (root / "sub" / "c.jsonl").string(), (root / "sub" / "d.NDJSON").string(),
      (root / "sub" / "e.yml").string()};
  CHECK(files == expected);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file == (dir.path / "missing").string());
  CHECK(errors[0].message == "cannot read: No such file or directory");

  // A directory we may not read is reported and the walk goes on (root reads anything).
  if (geteuid() != 0) {
    dir.write("in/locked/z.yaml", "");
    REQUIRE(chmod((root / "locked").c_str(), 0) == 0);
    errors.clear();
    files = expand_inputs({root.string()}, errors);
    CHECK(files.size() == 6);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message.find("cannot read: Permission denied") == 0);
  }
}
