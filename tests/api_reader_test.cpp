// Readers for what the management APIs return and for bulk input: template/list,
// gettemplate, official-account template_list, library/list + library/get, content and
// example strings, CSV, and the streamed reader the audit uses.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "io/content.hpp"
#include "io/template_reader.hpp"
#include "io/template_stream.hpp"

using namespace tplguard;
using namespace tplguard::io;

namespace {

ReadResult read(const std::string& text, Format format) {
  const char* name = format == Format::json ? "t.json" : format == Format::csv ? "t.csv" : format == Format::jsonl ? "t.jsonl" : "t.yaml";
  return read_templates_text(name, text, format);
}

// The value sits at its verbatim offset in the file.
void check_verbatim(const ReadResult& r, const SourceText& t) {
  REQUIRE(t.verbatim_offset >= 0);
  CHECK(r.source->text().substr(static_cast<size_t>(t.verbatim_offset), t.value.size()) == t.value);
}

struct TempFile {
  std::filesystem::path path;
  TempFile(const std::string& name, const std::string& text) {
    path = std::filesystem::temp_directory_path() / ("tplguard-api-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

}  // namespace

TEST_CASE("content: placeholders become keywords, examples are matched by label", "[io][content]") {
  auto p = parse_content("购买地点{{keyword1.DATA}}\n购买时间{{keyword2.DATA}}\n物品名称{{keyword3.DATA}}\n",
                         std::string_view("购买地点：TIT造舰厂\n购买时间：2016年6月6日\n物品名称：咖啡\n"));
  REQUIRE(p.problem.empty());
  REQUIRE(p.keywords.size() == 3);
  CHECK(p.keywords[0].name == "购买地点");
  CHECK(p.keywords[0].field == "keyword1");
  CHECK(p.keywords[1].example == std::optional<std::string>("2016年6月6日"));
  CHECK(p.keywords[2].example == std::optional<std::string>("咖啡"));

  // Subscribe content: a colon after the label; official accounts: first/remark lines.
  auto s = parse_content("会议时间:{{date2.DATA}}\n会议地点：{{thing1.DATA}}\n", std::string_view("会议时间:2016年8月8日\n"));
  REQUIRE(s.keywords.size() == 2);
  CHECK(s.keywords[0].name == "会议时间");
  CHECK(s.keywords[0].field == "date2");
  CHECK(s.keywords[0].example == std::optional<std::string>("2016年8月8日"));
  CHECK(!s.keywords[1].example);
  auto oa = parse_content("{{first.DATA}}\n商品名称：{{keyword1.DATA}}\n{{remark.DATA}}", std::nullopt);
  REQUIRE(oa.keywords.size() == 1);
  CHECK(oa.keywords[0].name == "商品名称");

  // Unlabelled examples line up by position when the counts agree.
  auto pos = parse_content("金额{{amount1.DATA}}\n时间{{time2.DATA}}", std::string_view("12.00元\n2024年1月1日"));
  REQUIRE(pos.keywords.size() == 2);
  CHECK(pos.keywords[0].example == std::optional<std::string>("12.00元"));

  auto bad = parse_content("金额{{amount1.DATA\n", std::nullopt);
  CHECK(bad.problem.find("without a closing") != std::string::npos);
}

TEST_CASE("readers: template/list responses, with keyword positions inside the content string", "[io][api]") {
  const std::string text =
      "{\"errcode\":0,\"errmsg\":\"ok\",\"list\":[{\"template_id\":\"wDYzYZVxobJivW9oMpSCpuvACOfJXQIoKUm0PY397Tc\","
      "\"title\":\"购买成功通知\",\"content\":\"购买地点{{keyword1.DATA}}\\n购买时间{{keyword2.DATA}}\\n\","
      "\"example\":\"购买地点：TIT造舰厂\\n购买时间：2016年6月6日\\n\"}]}";
  auto r = read(text, Format::json);
  REQUIRE(r.errors.empty());
  REQUIRE(r.templates.size() == 1);
  const Template& t = r.templates[0];
  CHECK(t.template_id == "wDYzYZVxobJivW9oMpSCpuvACOfJXQIoKUm0PY397Tc");
  REQUIRE(t.keywords);
  REQUIRE(t.keywords->size() == 2);
  CHECK((*t.keywords)[1].name.value == "购买时间");
  CHECK((*t.keywords)[1].field == "keyword2");
  // The JSON string has \n escapes, yet the name and example are found where they are written.
  check_verbatim(r, (*t.keywords)[1].name);
  REQUIRE((*t.keywords)[1].example);
  check_verbatim(r, *(*t.keywords)[1].example);
  CHECK((*t.keywords)[1].example->value == "2016年6月6日");
}

TEST_CASE("readers: gettemplate, official-account lists and library dumps", "[io][api]") {
  auto sub = read("{\"errcode\":0,\"data\":[{\"priTmplId\":\"abc\",\"title\":\"会议开始提醒\","
                  "\"content\":\"会议时间:{{date2.DATA}}\\n\",\"example\":\"会议时间:2016年8月8日\\n\",\"type\":2}]}",
                  Format::json);
  REQUIRE(sub.errors.empty());
  REQUIRE(sub.templates.size() == 1);
  CHECK(sub.templates[0].template_id == "abc");
  CHECK(sub.templates[0].profile == Profile::subscribe);
  CHECK((*sub.templates[0].keywords)[0].example->value == "2016年8月8日");

  auto oa = read("{\"template_list\":[{\"template_id\":\"t1\",\"title\":\"订单发货提醒\","
                 "\"content\":\"{{first.DATA}}\\n快递单号：{{keyword1.DATA}}\\n{{remark.DATA}}\"}]}",
                 Format::json);
  REQUIRE(oa.templates.size() == 1);
  CHECK(oa.templates[0].profile == Profile::official_account);
  CHECK(oa.templates[0].keywords->size() == 1);

  auto list = read("{\"errcode\":0,\"list\":[{\"id\":\"AT0002\",\"title\":\"购买成功通知\"},{\"id\":\"AT0003\",\"title\":\"购买失败通知\"}],"
                   "\"total_count\":599}",
                   Format::json);
  REQUIRE(list.templates.size() == 2);
  CHECK(list.templates[1].library_id == "AT0003");
  CHECK(!list.templates[1].keywords);  // library/list gives no keywords: keyword rules skip it

  auto get = read("{\"errcode\":0,\"id\":\"AT0002\",\"title\":\"购买成功通知\",\"keyword_list\":[{\"keyword_id\":3,"
                  "\"name\":\"购买地点\",\"example\":\"TIT造舰厂\"}]}",
                  Format::json);
  REQUIRE(get.errors.empty());
  REQUIRE(get.templates.size() == 1);
  CHECK(get.templates[0].library_id == "AT0002");
  CHECK((*get.templates[0].keywords)[0].library_keyword_id == 3);

  // library/get bodies, one a line.
  auto jsonl = read("{\"id\":\"AT0002\",\"title\":\"购买成功通知\",\"keyword_list\":[]}\n"
                    "{\"id\":\"AT0003\",\"title\":\"购买失败通知\",\"keyword_list\":[{\"kid\":1,\"name\":\"原因\"}]}\n",
                    Format::jsonl);
  REQUIRE(jsonl.templates.size() == 2);
  CHECK((*jsonl.templates[1].keywords)[0].library_keyword_id == 1);

  // An error response is reported as such.
  auto err = read("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}", Format::json);
  REQUIRE(err.errors.size() == 1);
  CHECK(err.errors[0].message == "the API returned errcode 40001 (invalid credential), not templates");
  CHECK(err.errors[0].line == 1);

  auto bad_content = read("{\"list\":[{\"title\":\"订单发货提醒\",\"content\":5},{\"title\":\"订单签收提醒\"}]}", Format::json);
  REQUIRE(bad_content.errors.size() == 1);
  CHECK(bad_content.errors[0].message == "content must be a string, got number");
  CHECK(bad_content.templates.size() == 1);
  CHECK(bad_content.templates[0].index == 1);
}

TEST_CASE("readers: CSV with a header, without one, quoted cells and bad records", "[io][csv]") {
  auto r = read("\xEF\xBB\xBFtitle,keywords,kind\n"
                "订单发货提醒,快递单号：SF123|发货时间,subscribe\n"
                "\"购买成功通知\",\"购买地点{{keyword1.DATA}}\n购买时间{{keyword2.DATA}}\"\n"
                "\n"
                ",缺标题\n"
                "\"说 \"\"引号\"\"通知\",\n",
                Format::csv);
  REQUIRE(r.templates.size() == 3);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message == "template has no title");
  CHECK(r.errors[0].line == 6);
  const Template& a = r.templates[0];
  CHECK(a.title.value == "订单发货提醒");
  check_verbatim(r, a.title);
  CHECK(a.profile == Profile::subscribe);
  REQUIRE(a.keywords->size() == 2);
  CHECK((*a.keywords)[0].name.value == "快递单号");
  CHECK((*a.keywords)[0].example->value == "SF123");
  check_verbatim(r, (*a.keywords)[0].name);
  CHECK(!(*a.keywords)[1].example);
  const Template& b = r.templates[1];
  REQUIRE(b.keywords->size() == 2);  // a content string in the keywords cell, over two lines
  CHECK((*b.keywords)[1].name.value == "购买时间");
  CHECK(r.templates[2].title.value == "说 \"引号\"通知");
  CHECK(r.templates[2].title.verbatim_offset == -1);
  CHECK(r.templates[2].index == 3);  // the record without a title keeps its place

  auto plain = read("订单发货提醒,快递单号\n购买成功通知\n", Format::csv);
  REQUIRE(plain.templates.size() == 2);
  CHECK(plain.templates[0].keywords->size() == 1);
  CHECK(!plain.templates[1].keywords);

  auto open_quote = read("title\n\"订单发货提醒\n", Format::csv);
  REQUIRE(open_quote.errors.size() == 1);
  CHECK(open_quote.errors[0].message == "unterminated quoted cell");
  CHECK(open_quote.errors[0].line == 2);
}

TEST_CASE("stream: JSONL in small windows keeps indexes, lines and locations; bad lines go on", "[io][stream]") {
  std::string text;
  for (int i = 0; i < 500; ++i) {
    if (i == 123) text += "{\"title\": \"坏的\n";  // a broken line
    else if (i == 321) text += "\n";              // a blank line is not a record
    else text += "{\"title\": \"模板" + std::to_string(i) + "提醒\", \"keywords\": [\"时间\"]}\n";
  }
  TempFile f("s.jsonl", text);
  ReadLimits limits;
  for (unsigned jobs : {1u, 2u, 3u}) {
    TemplateStream stream({f.path.string()}, limits, 4096);
    Chunk chunk;
    std::vector<Template> all;
    std::vector<InputError> errors;
    size_t chunks = 0;
    while (stream.next(chunk, jobs)) {
      ++chunks;
      for (auto& t : chunk.templates) all.push_back(std::move(t));
      for (auto& e : chunk.errors) errors.push_back(e);
    }
    CHECK(chunks > 5);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 124);
    CHECK(errors[0].file == f.path.string());
    REQUIRE(all.size() == 498);
    CHECK(stream.records() == 499);
    for (const auto& t : all) {
      const uint32_t line = t.source->line_of(static_cast<size_t>(t.title.token_offset));
      // Line n holds record n - 1, except past the blank line.
      const size_t expected_index = line - 1 - (line > 322 ? 1 : 0);
      CHECK(t.index == expected_index);
      CHECK(t.title.value == "模板" + std::to_string(line - 1) + "提醒");
      CHECK(t.source->line_text(line).find(t.title.value) != std::string::npos);
    }
  }
}

TEST_CASE("stream: an over-long line is reported and skipped; CSV headers carry across windows", "[io][stream]") {
  std::string text = "{\"title\": \"第一提醒\"}\n{\"title\": \"" + std::string(10000, 'x') + "\"}\n{\"title\": \"第三提醒\"}\n";
  TempFile f("long.jsonl", text);
  ReadLimits limits;
  limits.max_record_bytes = 5000;
  TemplateStream stream({f.path.string()}, limits, 4096);
  Chunk chunk;
  std::vector<std::string> titles;
  std::vector<size_t> indexes;
  std::vector<InputError> errors;
  while (stream.next(chunk)) {
    for (auto& t : chunk.templates) {
      titles.push_back(t.title.value);
      indexes.push_back(t.index);
    }
    for (auto& e : chunk.errors) errors.push_back(e);
  }
  CHECK(titles == std::vector<std::string>{"第一提醒", "第三提醒"});
  CHECK(indexes == std::vector<size_t>{0, 2});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 2);
  CHECK(errors[0].message == "line longer than 5000 bytes");

  std::string csv = "keywords,title\n";
  for (int i = 0; i < 400; ++i) csv += "\"时间\n金额\",模板" + std::to_string(i) + "提醒\n";
  TempFile c("h.csv", csv);
  TemplateStream cs({c.path.string()}, ReadLimits{}, 4096);
  size_t n = 0;
  while (cs.next(chunk)) {
    CHECK(chunk.errors.empty());
    for (const auto& t : chunk.templates) {
      CHECK(t.title.value == "模板" + std::to_string(t.index) + "提醒");
      CHECK(t.keywords->size() == 2);
      CHECK(t.source->line_of(static_cast<size_t>(t.title.token_offset)) == 3 + 2 * t.index);
      ++n;
    }
  }
  CHECK(n == 400);
}
