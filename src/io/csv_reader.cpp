// CSV input: RFC 4180 (quoted cells may hold commas, doubled quotes and line breaks).
//
// Columns: a header row naming `title` (or 标题) and any of `keywords` (关键词), `content`,
// `example`, `kind`/`profile`, `template_id`/`priTmplId`, `library_id`/`id`/`tid`; without
// a header the columns are title, keywords. A keywords cell is either a content string
// ("购买地点{{keyword1.DATA}}...") or names separated by | ; ； 、 or line breaks, each
// optionally with its example after a colon ("购买时间：2024年5月1日"). An empty keywords
// cell means the keywords are not known (keyword rules are skipped).
#include <algorithm>
#include <cctype>

#include "io/content.hpp"
#include "io/detail.hpp"
#include "text/canonical.hpp"

namespace tplguard::io::detail {
namespace {

struct Cell {
  std::string value;
  int64_t token_offset = -1;     // the cell's first byte (a quote for quoted cells)
  int64_t verbatim_offset = -1;  // value[0] when the raw bytes are the value
};

// Parses one record starting at `pos`; moves `pos` past its line break. Returns false with
// `problem` set on an unterminated quote (then `pos` is the end of the text).
bool parse_record(const std::string& text, size_t& pos, std::vector<Cell>& cells, std::string& problem,
                  size_t& problem_at) {
  cells.clear();
  const size_t n = text.size();
  while (true) {
    Cell c;
    c.token_offset = static_cast<int64_t>(pos);
    if (pos < n && text[pos] == '"') {
      const size_t open = pos++;
      bool escaped = false;
      while (true) {
        if (pos >= n) {
          problem = "unterminated quoted cell";
          problem_at = open;
          return false;
        }
        if (text[pos] == '"') {
          if (pos + 1 < n && text[pos + 1] == '"') {
            c.value.push_back('"');
            pos += 2;
            escaped = true;
            continue;
          }
          ++pos;
          break;
        }
        c.value.push_back(text[pos++]);
      }
      if (!escaped) c.verbatim_offset = verbatim_at(text, open + 1, c.value);
      // Text between the closing quote and the separator is kept, as spreadsheets do.
      while (pos < n && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') c.value.push_back(text[pos++]);
    } else {
      const size_t b = pos;
      while (pos < n && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') ++pos;
      c.value.assign(text, b, pos - b);
      c.verbatim_offset = static_cast<int64_t>(b);
    }
    cells.push_back(std::move(c));
    if (pos < n && text[pos] == ',') {
      ++pos;
      continue;
    }
    if (pos < n && text[pos] == '\r') ++pos;
    if (pos < n && text[pos] == '\n') ++pos;
    return true;
  }
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

bool read_header(const std::vector<Cell>& cells, CsvHeader& h) {
  CsvHeader found;
  found.title = found.keywords = -1;
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::string name = lower(cells[i].value);
    const int col = static_cast<int>(i);
    if (name == "title" || name == "标题") found.title = col;
    else if (name == "keywords" || name == "关键词") found.keywords = col;
    else if (name == "content") found.content = col;
    else if (name == "example") found.example = col;
    else if (name == "kind" || name == "profile") found.profile = col;
    else if (name == "template_id" || name == "pritmplid") found.template_id = col;
    else if (name == "library_id" || name == "id" || name == "tid") found.library_id = col;
  }
  if (found.title < 0) return false;
  found.seen = true;
  h = found;
  return true;
}

SourceText source_text(const Cell& c) { return SourceText{c.value, c.token_offset, c.verbatim_offset}; }

// A piece of a cell at byte `offset` of its value.
SourceText piece(const Cell& c, std::string value, size_t offset, const std::string& text) {
  SourceText st;
  st.token_offset = c.token_offset;
  if (c.verbatim_offset >= 0) st.verbatim_offset = verbatim_at(text, static_cast<size_t>(c.verbatim_offset) + offset, value);
  st.value = std::move(value);
  return st;
}

// "name|name：example|..." into keywords.
std::vector<Keyword> split_keywords(const Cell& c, const std::string& text) {
  std::vector<Keyword> out;
  const std::string& v = c.value;
  size_t b = 0;
  auto flush = [&](size_t e) {
    // Trim spaces around the item, then split name and example at the first colon.
    auto trim = [&](size_t& x, size_t& y) {
      while (x < y && (v[x] == ' ' || v[x] == '\t')) ++x;
      while (y > x && (v[y - 1] == ' ' || v[y - 1] == '\t' || v[y - 1] == '\r')) --y;
    };
    size_t x = b, y = e;
    trim(x, y);
    if (x >= y) return;
    const std::string_view item(v.data() + x, y - x);
    size_t colon = std::min(item.find(':'), item.find("\xEF\xBC\x9A"));
    Keyword k;
    if (colon == std::string_view::npos) {
      k.name = piece(c, std::string(item), x, text);
    } else {
      size_t nx = x, ny = x + colon;
      trim(nx, ny);
      size_t ex = x + colon + (item.compare(colon, 3, "\xEF\xBC\x9A") == 0 ? 3 : 1), ey = y;
      trim(ex, ey);
      if (nx >= ny) return;
      k.name = piece(c, v.substr(nx, ny - nx), nx, text);
      if (ex < ey) k.example = piece(c, v.substr(ex, ey - ex), ex, text);
    }
    out.push_back(std::move(k));
  };
  for (size_t i = 0; i < v.size();) {
    size_t sep = 0;
    if (v[i] == '|' || v[i] == ';' || v[i] == '\n') sep = 1;
    else if (v.compare(i, 3, "\xEF\xBC\x9B") == 0 || v.compare(i, 3, "\xE3\x80\x81") == 0) sep = 3;  // ； 、
    if (sep) {
      flush(i);
      i += sep;
      b = i;
    } else {
      ++i;
    }
  }
  flush(v.size());
  return out;
}

}  // namespace

size_t read_csv(const SourceFile& window, const std::shared_ptr<const SourceFile>& source, ErrorSink& errors,
                CsvHeader& header, std::vector<Template>& out) {
  const std::string& text = window.text();
  size_t pos = 0;
  if (window.base_offset() == 0 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;
  size_t records = 0;
  std::vector<Cell> cells;
  std::string problem;
  while (pos < text.size()) {
    const size_t begin = pos;
    // Blank lines are not records.
    if (text[pos] == '\n' || (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n')) {
      pos += text[pos] == '\r' ? 2 : 1;
      continue;
    }
    size_t problem_at = 0;
    if (!parse_record(text, pos, cells, problem, problem_at)) {
      errors.add(static_cast<int64_t>(problem_at), problem);
      ++records;
      break;
    }
    const std::string_view raw(text.data() + begin, pos - begin);
    if (auto bad = text::find_invalid_utf8(raw)) {
      errors.add(static_cast<int64_t>(begin + *bad), "invalid UTF-8");
      ++records;
      continue;
    }
    if (!header.seen) {
      header.seen = true;
      if (read_header(cells, header)) continue;
    }
    const size_t index = records++;
    auto cell = [&](int col) -> const Cell* {
      return col >= 0 && static_cast<size_t>(col) < cells.size() ? &cells[static_cast<size_t>(col)] : nullptr;
    };
    Template t;
    t.index = index;
    t.record_offset = static_cast<int64_t>(begin);
    t.source = source;
    const Cell* title = cell(header.title);
    if (title == nullptr || title->value.find_first_not_of(" \t\r") == std::string::npos) {
      errors.add(static_cast<int64_t>(begin), "template has no title");
      continue;
    }
    t.title = source_text(*title);
    bool bad = false;
    const Cell* kw = cell(header.keywords);
    const Cell* content = cell(header.content);
    if (content == nullptr && kw != nullptr && kw->value.find("{{") != std::string::npos) content = kw;
    if (content != nullptr && !content->value.empty()) {
      const Cell* ex = cell(header.example);
      std::optional<std::string_view> ex_text;
      if (ex != nullptr && !ex->value.empty()) ex_text = ex->value;
      ParsedContent parsed = parse_content(content->value, ex_text);
      if (!parsed.problem.empty()) {
        errors.add(content->token_offset, parsed.problem);
        bad = true;
      } else {
        std::vector<Keyword> list;
        for (auto& ck : parsed.keywords) {
          Keyword k;
          k.name = piece(*content, ck.name, ck.name_offset, text);
          if (ck.example) k.example = piece(*ex, *ck.example, ck.example_offset, text);
          k.field = std::move(ck.field);
          list.push_back(std::move(k));
        }
        t.keywords = std::move(list);
      }
    } else if (kw != nullptr && !kw->value.empty()) {
      t.keywords = split_keywords(*kw, text);
    }
    if (const Cell* p = cell(header.profile); p != nullptr && !p->value.empty() && p->value != "unknown") {
      if (auto prof = parse_profile(p->value)) {
        t.profile = prof;
      } else {
        errors.add(p->token_offset, "unknown profile \"" + p->value +
                                        "\" (expected miniprogram, subscribe or official-account)");
        bad = true;
      }
    }
    if (const Cell* c = cell(header.template_id)) t.template_id = c->value;
    if (const Cell* c = cell(header.library_id)) t.library_id = c->value;
    if (!bad) out.push_back(std::move(t));
  }
  return records;
}

}  // namespace tplguard::io::detail
