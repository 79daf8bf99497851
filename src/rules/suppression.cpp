// Finding `# tplguard: ...` directives in YAML comments (see suppression.hpp).
//
// The reader drops comments, so this scans the file's lines with a small lexer that knows
// just enough YAML to tell a comment from text: quoted scalars (which may span lines) and
// block scalars (`|`, `>`: every more-indented line after them is content).
#include "rules/suppression.hpp"

#include <algorithm>
#include <string_view>

namespace tplguard::rules {

namespace {

constexpr std::string_view kMarker = "tplguard:";

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Tracks quoted and block scalars across lines; comment_start() gives where a line's comment
// begins, or npos.
class CommentLexer {
 public:
  size_t comment_start(std::string_view line) {
    size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    if (block_parent_ >= 0) {
      if (blank || static_cast<int64_t>(indent) > block_parent_) return std::string_view::npos;
      block_parent_ = -1;
    }
    for (size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quote_ == '"') {
        if (c == '\\') ++i;
        else if (c == '"') quote_ = 0;
        continue;
      }
      if (quote_ == '\'') {
        if (c == '\'' && i + 1 < line.size() && line[i + 1] == '\'') ++i;
        else if (c == '\'') quote_ = 0;
        continue;
      }
      const bool token_start = i == 0 || is_blank(line[i - 1]) || line[i - 1] == '[' || line[i - 1] == '{' ||
                               line[i - 1] == ',' || line[i - 1] == ':';
      if (c == '#' && (i == 0 || is_blank(line[i - 1]))) return i;
      if ((c == '"' || c == '\'') && token_start) {
        quote_ = c;
      } else if ((c == '|' || c == '>') && token_start && block_header_ends_line(line, i)) {
        block_parent_ = parent_indent(line, i);
        // The header may still carry a comment.
        for (size_t j = i + 1; j < line.size(); ++j)
          if (line[j] == '#' && is_blank(line[j - 1])) return j;
        return std::string_view::npos;
      }
    }
    return std::string_view::npos;
  }

 private:
  // `|` or `>`, optional chomping and indentation indicators, then nothing or a comment.
  static bool block_header_ends_line(std::string_view line, size_t at) {
    size_t j = at + 1;
    while (j < line.size() && (line[j] == '+' || line[j] == '-' || (line[j] >= '1' && line[j] <= '9'))) ++j;
    while (j < line.size() && is_space(line[j])) ++j;
    return j == line.size() || line[j] == '#';
  }

  // The indentation a block scalar's content must exceed: the column of the key it belongs to
  // (`  - title: |` -> 4), or of the sequence dash for `- |`.
  static int64_t parent_indent(std::string_view line, size_t indicator) {
    size_t k = 0;
    int64_t last_dash = -1;
    for (;;) {
      while (k < line.size() && line[k] == ' ') ++k;
      if (k + 1 < line.size() && line[k] == '-' && is_blank(line[k + 1])) {
        last_dash = static_cast<int64_t>(k);
        ++k;
        continue;
      }
      break;
    }
    if (k >= indicator) return last_dash;
    return static_cast<int64_t>(k);
  }

  char quote_ = 0;
  int64_t block_parent_ = -1;
};

// Parses the text after `tplguard:` at `at` (a byte offset in the file).
void parse_directive(std::string_view text, size_t at, size_t line_end, Directive& d) {
  size_t p = at;
  auto skip_blanks = [&] {
    while (p < line_end && is_blank(text[p])) ++p;
  };
  {
    size_t e = line_end;
    while (e > at && is_space(text[e - 1])) --e;
    d.end = std::max(d.end, e);  // a malformed directive is reported whole
  }
  skip_blanks();
  constexpr std::string_view kIgnore = "ignore";
  if (text.compare(p, kIgnore.size(), kIgnore) != 0) {
    d.problem = "expected `ignore[rule-id, ...]` after `tplguard:`";
    return;
  }
  p += kIgnore.size();
  skip_blanks();
  if (p >= line_end || text[p] != '[') {
    d.problem = "expected `[rule-id, ...]` after `ignore`: blanket suppressions are not supported";
    return;
  }
  // Searches stop at the end of the line: a file of directives must not cost its size each.
  const std::string_view line = text.substr(0, line_end);
  const size_t close = line.find(']', p);
  if (close == std::string_view::npos) {
    d.problem = "unclosed `[` in the rule list";
    return;
  }
  size_t item = p + 1;
  while (item <= close) {
    size_t comma = line.substr(0, close).find(',', item);
    if (comma == std::string_view::npos) comma = close;
    size_t b = item, e = comma;
    while (b < e && is_blank(text[b])) ++b;
    while (e > b && is_blank(text[e - 1])) --e;
    if (b < e) {
      const std::string_view id = text.substr(b, e - b);
      for (const auto& earlier : d.ids)
        if (earlier.id == id && d.problem.empty()) d.problem = "the rule id `" + std::string(id) + "` is named twice";
      d.ids.push_back(SuppressedId{std::string(id), b, e});
    } else if (comma != close || item != p + 1) {
      if (d.problem.empty()) d.problem = "an empty entry in the rule list (two commas, or one at an end)";
    }
    item = comma + 1;
  }
  if (d.ids.empty()) d.problem = "the rule list is empty";
  size_t r = close + 1;
  while (r < line_end && is_blank(text[r])) ++r;
  size_t r_end = line_end;
  while (r_end > r && is_space(text[r_end - 1])) --r_end;
  d.reason = std::string(text.substr(r, r_end - r));
  d.end = std::max(close + 1, r_end);
}

}  // namespace

std::vector<Directive> scan_directives(const SourceFile& file) {
  std::vector<Directive> out;
  const std::string_view text = file.text();
  if (text.find(kMarker) == std::string_view::npos) return out;  // the common case: nothing to scan
  CommentLexer lexer;
  size_t line_begin = 0;
  for (uint32_t line = 1; line_begin <= text.size(); ++line) {
    size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    const std::string_view content = text.substr(line_begin, line_end - line_begin);
    const size_t hash = lexer.comment_start(content);
    if (hash != std::string_view::npos) {
      size_t p = hash + 1;
      while (p < content.size() && is_blank(content[p])) ++p;
      if (content.compare(p, kMarker.size(), kMarker) == 0) {
        Directive d;
        d.line = line;
        d.begin = line_begin + hash;
        d.end = line_begin + p + kMarker.size();
        parse_directive(text, line_begin + p + kMarker.size(), line_end, d);
        out.push_back(std::move(d));
      }
    }
    if (line_end == text.size()) break;
    line_begin = line_end + 1;
  }
  return out;
}

}  // namespace tplguard::rules
