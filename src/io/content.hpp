#pragma once
// The keyword list hidden in a template's `content` and `example` strings, as the management
// APIs return them: `template/list` ("购买地点{{keyword1.DATA}}\n...", "购买地点：TIT造舰厂\n..."),
// subscribe `gettemplate` ("会议时间:{{date2.DATA}}\n"), official-account templates
// ("{{first.DATA}}\n商品名称：{{keyword1.DATA}}\n{{remark.DATA}}").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tplguard::io {

struct ContentKeyword {
  std::string name;            // the label before the placeholder, colon and spaces trimmed
  size_t name_offset = 0;      // byte offset of name in the content string
  std::string field;           // keyword1, date2 (the placeholder key without .DATA)
  std::optional<std::string> example;
  size_t example_offset = 0;   // byte offset of the example in the example string
};

struct ParsedContent {
  std::vector<ContentKeyword> keywords;
  std::string problem;         // non-empty: the content is malformed (says how)
  size_t problem_offset = 0;   // byte offset in the content string
};

// Placeholders without a label ({{first.DATA}}, {{remark.DATA}}: an official account's
// opening and closing lines) are not keywords. Examples are matched to keywords by label
// ("购买地点：TIT造舰厂"), or by position when no line is labelled and the counts agree.
ParsedContent parse_content(std::string_view content, std::optional<std::string_view> example);

}  // namespace tplguard::io
