// Inline suppressions: `# tplguard: ignore[rule, ...] reason` silences those rules on the field
// whose line it is on, nothing else; comments that silence nothing are reported.
#include <catch2/catch.hpp>

#include "io/template_reader.hpp"
#include "rules/suppression.hpp"
#include "support.hpp"

using namespace tplguard;

namespace {

std::vector<Finding> lint_yaml(const std::string& text, LintOptions o = {}) {
  io::ReadResult r = io::read_templates_text("t.yaml", text, io::Format::yaml);
  REQUIRE(r.errors.empty());
  return test_support::engine().lint(r.templates, o);
}

size_t count(const std::vector<Finding>& fs, const std::string& rule) {
  size_t n = 0;
  for (const auto& f : fs) n += f.rule == rule;
  return n;
}

}  // namespace

TEST_CASE("suppression: directives are found in comments only", "[suppression]") {
  const std::string text =
      "templates:\n"
      "  - title: 领红包提醒  # tplguard: ignore[title-marketing, title-symbol] approved\n"
      "  - title: \"a # tplguard: ignore[x]\"\n"
      "  - title: |\n"
      "      not a comment # tplguard: ignore[y]\n"
      "  - title: b  #tplguard:ignore[z]\n"
      "  - title: c  # tplguard: disable\n";
  SourceFile src("t.yaml", text);
  const auto ds = rules::scan_directives(src);
  REQUIRE(ds.size() == 3);
  CHECK(ds[0].line == 2);
  REQUIRE(ds[0].ids.size() == 2);
  CHECK(ds[0].ids[0].id == "title-marketing");
  CHECK(ds[0].ids[1].id == "title-symbol");
  CHECK(text.substr(ds[0].ids[1].begin, ds[0].ids[1].end - ds[0].ids[1].begin) == "title-symbol");
  CHECK(ds[0].reason == "approved");
  CHECK(ds[0].problem.empty());
  CHECK(ds[1].line == 6);
  REQUIRE(ds[1].ids.size() == 1);
  CHECK(ds[1].ids[0].id == "z");
  CHECK(ds[2].line == 7);
  CHECK(!ds[2].problem.empty());
}

TEST_CASE("suppression: silences the named rules on that field and nothing else", "[suppression]") {
  const std::string plain =
      "templates:\n"
      "  - title: 领红包\n"
      "    keywords:\n"
      "      - name: 内容\n"
      "  - title: 领红包提醒\n";
  const auto before = lint_yaml(plain);
  REQUIRE(count(before, "title-marketing") == 2);
  REQUIRE(count(before, "title-suffix") == 1);
  REQUIRE(count(before, "keyword-broad") == 1);

  const std::string commented =
      "templates:\n"
      "  - title: 领红包  # tplguard: ignore[title-marketing] reviewed with the account manager\n"
      "    keywords:\n"
      "      - name: 内容\n"
      "  - title: 领红包提醒\n";
  const auto after = lint_yaml(commented);
  CHECK(count(after, "title-marketing") == 1);  // the other template still reports it
  CHECK(count(after, "title-suffix") == 1);     // another rule on the same title is untouched
  CHECK(count(after, "keyword-broad") == 1);    // a title comment does not reach the keywords
  CHECK(count(after, "unused-suppression") == 0);
  for (const auto& f : after)
    if (f.rule == "title-marketing") CHECK(f.index == 1);

  LintOptions keep;
  keep.keep_suppressed = true;
  const auto kept = lint_yaml(commented, keep);
  size_t silenced = 0;
  for (const auto& f : kept)
    if (f.suppressed) {
      ++silenced;
      CHECK(f.rule == "title-marketing");
      CHECK(*f.suppressed == "reviewed with the account manager");
    }
  CHECK(silenced == 1);
}

TEST_CASE("suppression: a keyword line silences that keyword", "[suppression]") {
  const auto fs = lint_yaml(
      "templates:\n"
      "  - title: 订单发货提醒\n"
      "    keywords:\n"
      "      - name: 内容  # tplguard: ignore[keyword-broad]\n"
      "      - name: 信息\n");
  REQUIRE(count(fs, "keyword-broad") == 1);
  for (const auto& f : fs)
    if (f.rule == "keyword-broad") CHECK(f.field == "keywords[1].name");
  CHECK(count(fs, "unused-suppression") == 0);
}

TEST_CASE("suppression: comments that silence nothing are warnings on the id", "[suppression]") {
  const auto fs = lint_yaml(
      "templates:\n"
      "  - title: 订单发货提醒  # tplguard: ignore[title-marketing, keyword-brod]\n"
      "  # tplguard: ignore[title-suffix]\n"
      "  - title: 领红包提醒  # tplguard: ignore\n");
  std::vector<std::string> messages;
  for (const auto& f : fs)
    if (f.rule == "unused-suppression") {
      CHECK(f.level == Level::warning);
      messages.push_back(f.message_en);
    }
  REQUIRE(messages.size() == 4);
  CHECK(messages[0].find("no title-marketing finding on this line") != std::string::npos);
  CHECK(messages[1].find("unknown rule id keyword-brod (did you mean keyword-broad?)") != std::string::npos);
  CHECK(messages[2].find("not on the line of a title or a field") != std::string::npos);
  CHECK(messages[3].find("malformed") != std::string::npos);
}

TEST_CASE("suppression: rules switched off are not reported; the rule can be levelled and ignored", "[suppression]") {
  const std::string text = "templates:\n  - title: 订单发货提醒  # tplguard: ignore[title-marketing]\n";
  LintOptions off;
  off.ignore = {"title-marketing"};
  CHECK(count(lint_yaml(text, off), "unused-suppression") == 0);
  LintOptions quiet;
  quiet.ignore = {"unused-suppression"};
  CHECK(count(lint_yaml(text, quiet), "unused-suppression") == 0);
  LintOptions error;
  error.levels["unused-suppression"].fill(Level::error);
  const auto fs = lint_yaml(text, error);
  REQUIRE(count(fs, "unused-suppression") == 1);
  for (const auto& f : fs) CHECK(f.level == Level::error);
  LintOptions no_inline;
  no_inline.inline_suppressions = false;
  CHECK(count(lint_yaml(text, no_inline), "unused-suppression") == 0);
  CHECK(count(lint_yaml("templates:\n  - title: 领红包提醒  # tplguard: ignore[title-marketing]\n", no_inline),
              "title-marketing") == 1);
}

TEST_CASE("suppression: JSON input has no comments to honour", "[suppression]") {
  io::ReadResult r = io::read_templates_text(
      "t.json", "{\"templates\": [{\"title\": \"领红包提醒 # tplguard: ignore[title-marketing]\"}]}", io::Format::json);
  const auto fs = test_support::engine().lint(r.templates);
  CHECK(count(fs, "title-marketing") == 1);
  CHECK(count(fs, "unused-suppression") == 0);
}

TEST_CASE("suppression: empty entries and repeated ids make a comment malformed", "[suppression]") {
  const std::string text =
      "templates:\n"
      "  - title: a  # tplguard: ignore[title-suffix,,title-symbol]\n"
      "  - title: b  # tplguard: ignore[title-suffix,]\n"
      "  - title: c  # tplguard: ignore[title-suffix, title-suffix]\n"
      "  - title: d  # tplguard: ignore[ title-suffix , title-symbol ]\n";
  SourceFile src("t.yaml", text);
  const auto ds = rules::scan_directives(src);
  REQUIRE(ds.size() == 4);
  CHECK(ds[0].problem.find("empty entry") != std::string::npos);
  CHECK(ds[1].problem.find("empty entry") != std::string::npos);
  CHECK(ds[2].problem.find("named twice") != std::string::npos);
  CHECK(ds[3].problem.empty());
  CHECK(ds[3].ids.size() == 2);
}
