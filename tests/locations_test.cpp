// Every finding from YAML, JSON or JSONL input points at the offending characters: line and
// column in code points and in UTF-16 units, with an emoji (two UTF-16 units) before the span
// so that the two columns differ; through escapes, folded lines and block scalars too.
#include <catch2/catch.hpp>

#include "io/scalar_map.hpp"
#include "io/template_reader.hpp"
#include "support.hpp"

using namespace tplguard;

namespace {

struct Linted {
  io::ReadResult read;
  std::vector<Finding> findings;
};

Linted lint_text(const std::string& path, const std::string& text, io::Format format) {
  Linted l;
  l.read = io::read_templates_text(path, text, format);
  REQUIRE(l.read.errors.empty());
  l.findings = test_support::engine().lint(l.read.templates);
  return l;
}

const Finding& find(const Linted& l, const std::string& rule, const std::string& field, size_t index = 0) {
  for (const auto& f : l.findings)
    if (f.rule == rule && f.field == field && f.index == index) return f;
  std::string all;
  for (const auto& f : l.findings) all += f.rule + " " + f.field + "; ";
  FAIL("no " << rule << " on " << field << " among: " << all);
  throw;
}

// The source characters a finding covers.
std::string covered(const Linted& l, const Finding& f) {
  return l.read.source->text().substr(static_cast<size_t>(f.location.byte_begin),
                                      static_cast<size_t>(f.location.byte_end - f.location.byte_begin));
}

void check_span(const Finding& f, uint32_t line, uint32_t col, uint32_t col16, uint32_t end_line, uint32_t end_col,
                uint32_t end_col16) {
  INFO(f.rule << " " << f.field << " " << f.location.begin.line << ":" << f.location.begin.column << "/"
               << f.location.begin.column_utf16 << " - " << f.location.end.line << ":" << f.location.end.column << "/"
               << f.location.end.column_utf16);
  CHECK(f.location.begin.line == line);
  CHECK(f.location.begin.column == col);
  CHECK(f.location.begin.column_utf16 == col16);
  CHECK(f.location.end.line == end_line);
  CHECK(f.location.end.column == end_col);
  CHECK(f.location.end.column_utf16 == end_col16);
}

}  // namespace

TEST_CASE("locations: YAML title, an emoji before the span", "[locations]") {
  // "  - title: " is 11 characters; 🎉 is column 12 and two UTF-16 units.
  const Linted l = lint_text("t.yaml", "templates:\n  - title: 🎉领红包提醒\n", io::Format::yaml);
  const Finding& m = find(l, "title-marketing", "title");
  check_span(m, 2, 14, 15, 2, 16, 17);
  CHECK(covered(l, m) == "红包");
  const Finding& s = find(l, "title-symbol", "title");
  check_span(s, 2, 12, 12, 2, 13, 14);
  CHECK(covered(l, s) == "🎉");
}

TEST_CASE("locations: JSON and JSONL titles", "[locations]") {
  const Linted j = lint_text("t.json", "{\"templates\": [{\"title\": \"🎉领红包提醒\"}]}", io::Format::json);
  check_span(find(j, "title-marketing", "title"), 1, 29, 30, 1, 31, 32);
  CHECK(covered(j, find(j, "title-marketing", "title")) == "红包");

  const Linted jl =
      lint_text("t.jsonl", "{\"title\": \"订单发货提醒\"}\n{\"title\": \"🎉领红包提醒\"}\n", io::Format::jsonl);
  const Finding& m = find(jl, "title-marketing", "title", 1);
  check_span(m, 2, 14, 15, 2, 16, 17);
  CHECK(covered(jl, m) == "红包");
}

TEST_CASE("locations: JSON escapes, surrogate pairs included, map to the escape sequences", "[locations]") {
  // 🎉 written as a surrogate pair, 领红包 as \u escapes: the span covers the escapes.
  const std::string text = R"({"title": "\ud83c\udf89\u9886\u7ea2\u5305提醒"})";
  const Linted l = lint_text("t.jsonl", text + "\n", io::Format::jsonl);
  const Finding& m = find(l, "title-marketing", "title");
  CHECK(covered(l, m) == R"(\u7ea2\u5305)");
  check_span(m, 1, 30, 30, 1, 42, 42);
  const Finding& s = find(l, "title-symbol", "title");
  CHECK(covered(l, s) == R"(\ud83c\udf89)");
  check_span(s, 1, 12, 12, 1, 24, 24);
}

TEST_CASE("locations: YAML double-quoted escapes, single quotes, folded and block scalars", "[locations]") {
  SECTION("double-quoted with \\U and \\u escapes") {
    const Linted l = lint_text("t.yaml", "templates:\n  - title: \"\\U0001F389领\\u7ea2包提醒\"\n", io::Format::yaml);
    const Finding& m = find(l, "title-marketing", "title");
    CHECK(covered(l, m) == "\\u7ea2包");
    check_span(m, 2, 24, 24, 2, 31, 31);
  }
  SECTION("single-quoted with a doubled quote before the span") {
    const Linted l = lint_text("t.yaml", "templates:\n  - title: '🎉''领红包提醒'\n", io::Format::yaml);
    const Finding& m = find(l, "title-marketing", "title");
    CHECK(covered(l, m) == "红包");
    check_span(m, 2, 17, 18, 2, 19, 20);
  }
  SECTION("a literal block scalar: the span is on the content line") {
    const Linted l = lint_text("t.yaml", "templates:\n  - title: |-\n      🎉领红包提醒\n", io::Format::yaml);
    const Finding& m = find(l, "title-marketing", "title");
    CHECK(covered(l, m) == "红包");
    check_span(m, 3, 9, 10, 3, 11, 12);
  }
  SECTION("a plain scalar folded over two lines") {
    const Linted l = lint_text("t.yaml", "templates:\n  - title: 🎉领取\n      红包提醒\n", io::Format::yaml);
    const Finding& m = find(l, "title-marketing", "title");
    CHECK(covered(l, m) == "红包");
    check_span(m, 3, 7, 7, 3, 9, 9);
  }
}

TEST_CASE("locations: keyword names and examples under their keyword", "[locations]") {
  const std::string text =
      "templates:\n"
      "  - title: 购买成功通知\n"
      "    keywords:\n"
      "      - {name: 🎉订单编号, example: 🎉ABC123}\n"
      "      - name: 购买时间\n"
      "        example: 🎉咖啡\n";
  const Linted l = lint_text("t.yaml", text, io::Format::yaml);
  const Finding& sym = find(l, "keyword-symbol", "keywords[0].name");
  CHECK(covered(l, sym) == "🎉");
  check_span(sym, 4, 16, 16, 4, 17, 18);
  const Finding& ex = find(l, "keyword-example", "keywords[1].example");
  CHECK(covered(l, ex) == "🎉咖啡");
  check_span(ex, 6, 18, 18, 6, 21, 22);
}

TEST_CASE("locations: map_scalar refuses text that is not the value", "[locations]") {
  std::vector<size_t> b, e;
  CHECK(io::map_scalar("\"abc\"", 0, U"abc", b, e));
  CHECK(b == std::vector<size_t>{1, 2, 3});
  CHECK_FALSE(io::map_scalar("\"abc\"", 0, U"abd", b, e));
  CHECK_FALSE(io::map_scalar("\"ab\"", 0, U"abc", b, e));  // the closing quote comes first
  CHECK_FALSE(io::map_scalar("\"\\q\"", 0, U"q", b, e));   // not an escape
  CHECK(io::map_scalar("\"a\\\n   b\"", 0, U"ab", b, e));  // an escaped line break joins lines
  CHECK(b[1] == 7);
}
