// Finding fingerprints: the same across runs, unchanged by edits elsewhere in the file (lines
// added above, templates reordered, comments, reformatting), different when the template
// itself changes, unique within a file.
#include <catch2/catch.hpp>
#include <map>

#include "io/template_reader.hpp"
#include "support.hpp"

using namespace tplguard;

namespace {

// rule + title -> fingerprint
std::multimap<std::string, std::string> fingerprints(const std::string& text, io::Format format = io::Format::yaml) {
  io::ReadResult r = io::read_templates_text("t.yaml", text, format);
  REQUIRE(r.errors.empty());
  std::multimap<std::string, std::string> out;
  for (const auto& f : test_support::engine().lint(r.templates)) {
    REQUIRE(!f.fingerprint.empty());
    out.emplace(f.rule + " " + r.templates[f.index].title.value + " " + f.field, f.fingerprint);
  }
  return out;
}

std::string fp(const std::multimap<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  REQUIRE(it != m.end());
  return it->second;
}

}  // namespace

TEST_CASE("fingerprints: stable across runs and edits elsewhere", "[fingerprint]") {
  const auto a = fingerprints("templates:\n  - title: 领红包提醒\n  - title: 订单发货\n");
  const auto again = fingerprints("templates:\n  - title: 领红包提醒\n  - title: 订单发货\n");
  CHECK(a == again);
  // A template added above, the order changed, a comment, flow style and quotes: same prints.
  const auto edited = fingerprints(
      "# our templates\n"
      "templates:\n"
      "  - title: 退款成功通知\n"
      "  - {title: \"订单发货\"}\n"
      "  - title: 领红包提醒   # reviewed\n");
  CHECK(fp(a, "title-marketing 领红包提醒 title") == fp(edited, "title-marketing 领红包提醒 title"));
  CHECK(fp(a, "title-suffix 订单发货 title") == fp(edited, "title-suffix 订单发货 title"));
  // The same template from JSON input: the fingerprint is about content, not syntax.
  const auto json = fingerprints("{\"templates\": [{\"title\": \"订单发货\"}]}", io::Format::json);
  CHECK(fp(json, "title-suffix 订单发货 title") == fp(a, "title-suffix 订单发货 title"));
}

TEST_CASE("fingerprints: the template's own edits change them; repeats are unique", "[fingerprint]") {
  const auto a = fingerprints("templates:\n  - title: 领红包提醒\n");
  const auto b = fingerprints("templates:\n  - title: 快来领红包提醒\n");
  CHECK(fp(a, "title-marketing 领红包提醒 title") != fp(b, "title-marketing 快来领红包提醒 title"));
  // Two findings of one rule in one title differ by their text.
  const auto two = fingerprints("templates:\n  - title: 红包优惠券到账提醒\n");
  auto range = two.equal_range("title-marketing 红包优惠券到账提醒 title");
  REQUIRE(std::distance(range.first, range.second) == 2);
  CHECK(range.first->second != std::next(range.first)->second);
  // The same template twice: the second gets an ordinal, so every fingerprint stays unique.
  io::ReadResult r = io::read_templates_text("t.yaml", "templates:\n  - title: 订单发货\n  - title: 订单发货\n",
                                             io::Format::yaml);
  LintOptions o;
  o.select = {"title-suffix"};
  const auto fs = test_support::engine().lint(r.templates, o);
  REQUIRE(fs.size() == 2);
  CHECK(fs[1].fingerprint == fs[0].fingerprint + ":2");
}

TEST_CASE("fingerprints: keyword findings are keyed by the keyword, not its position", "[fingerprint]") {
  const auto a = fingerprints("templates:\n  - title: 订单发货提醒\n    keywords: [内容, 订单编号]\n");
  const auto b = fingerprints("templates:\n  - title: 订单发货提醒\n    keywords: [快递公司, 订单编号, 内容]\n");
  CHECK(fp(a, "keyword-broad 订单发货提醒 keywords[0].name") == fp(b, "keyword-broad 订单发货提醒 keywords[2].name"));
}
