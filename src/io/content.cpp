#include "io/content.hpp"

#include <unordered_map>

namespace tplguard::io {
namespace {

bool is_space_at(std::string_view s, size_t i, size_t& len) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
    len = 1;
    return true;
  }
  if (s.compare(i, 3, "\xE3\x80\x80") == 0) {  // U+3000 ideographic space
    len = 3;
    return true;
  }
  return false;
}

// Trims spaces and a trailing ':' or '：' (then spaces again) from s[b, e).
void trim(std::string_view s, size_t& b, size_t& e, bool colon) {
  size_t len = 0;
  while (b < e && is_space_at(s, b, len)) b += len;
  for (bool again = true; again && b < e;) {
    again = false;
    if (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n') {
      --e;
      again = true;
    } else if (e - b >= 3 && s.compare(e - 3, 3, "\xE3\x80\x80") == 0) {
      e -= 3;
      again = true;
    } else if (colon && s[e - 1] == ':') {
      --e;
      again = true;
    } else if (colon && e - b >= 3 && s.compare(e - 3, 3, "\xEF\xBC\x9A") == 0) {  // ：
      e -= 3;
      again = true;
    }
  }
}

struct ExampleLine {
  std::string_view label;
  std::string_view value;
  size_t value_offset;
  bool labelled;
};

std::vector<ExampleLine> example_lines(std::string_view ex) {
  std::vector<ExampleLine> out;
  size_t pos = 0;
  while (pos <= ex.size()) {
    size_t eol = ex.find('\n', pos);
    if (eol == std::string_view::npos) eol = ex.size();
    size_t b = pos, e = eol;
    trim(ex, b, e, false);
    if (b < e) {
      ExampleLine line{{}, ex.substr(b, e - b), b, false};
      // The label ends at the first colon (ASCII or full width); keyword names have none.
      size_t colon = ex.substr(b, e - b).find(':');
      size_t wide = ex.substr(b, e - b).find("\xEF\xBC\x9A");
      size_t at = std::min(colon, wide);
      if (at != std::string_view::npos) {
        size_t lb = b, le = b + at;
        trim(ex, lb, le, false);
        size_t vb = b + at + (at == wide ? 3 : 1), ve = e;
        trim(ex, vb, ve, false);
        line = ExampleLine{ex.substr(lb, le - lb), ex.substr(vb, ve - vb), vb, true};
      }
      out.push_back(line);
    }
    pos = eol + 1;
  }
  return out;
}

}  // namespace

ParsedContent parse_content(std::string_view content, std::optional<std::string_view> example) {
  ParsedContent out;
  size_t pos = 0;  // just past the previous placeholder
  while (true) {
    size_t open = content.find("{{", pos);
    if (open == std::string_view::npos) break;
    // The label is the text before the placeholder on its line, after any earlier placeholder.
    size_t label_from = pos;
    if (size_t nl = content.substr(pos, open - pos).rfind('\n'); nl != std::string_view::npos)
      label_from = pos + nl + 1;
    size_t close = content.find("}}", open + 2);
    size_t next_open = content.find("{{", open + 2);
    if (close == std::string_view::npos || (next_open != std::string_view::npos && next_open < close)) {
      out.problem = "content has `{{` without a closing `}}`";
      out.problem_offset = open;
      return out;
    }
    std::string_view inner = content.substr(open + 2, close - open - 2);
    size_t ib = 0, ie = inner.size();
    trim(inner, ib, ie, false);
    inner = inner.substr(ib, ie - ib);
    std::string_view field = inner;
    if (size_t dot = inner.find('.'); dot != std::string_view::npos) field = inner.substr(0, dot);
    if (field.empty()) {
      out.problem = "content has an empty placeholder `{{}}`";
      out.problem_offset = open;
      return out;
    }
    size_t nb = label_from, ne = open;
    trim(content, nb, ne, true);
    if (nb < ne) {
      ContentKeyword k;
      k.name = std::string(content.substr(nb, ne - nb));
      k.name_offset = nb;
      k.field = std::string(field);
      out.keywords.push_back(std::move(k));
    }
    pos = close + 2;
  }
  if (!example || out.keywords.empty()) return out;
  const auto lines = example_lines(*example);
  // Each keyword takes the first line with its label: looked up, not searched, so that
  // many keywords and many lines do not cost their product.
  std::unordered_map<std::string_view, size_t> line_of_label;
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].labelled) line_of_label.emplace(lines[i].label, i);
  bool any_label_match = false;
  for (auto& k : out.keywords) {
    if (auto it = line_of_label.find(k.name); it != line_of_label.end()) {
      const ExampleLine& line = lines[it->second];
      k.example = std::string(line.value);
      k.example_offset = line.value_offset;
      any_label_match = true;
    }
  }
  if (!any_label_match && lines.size() == out.keywords.size()) {
    for (size_t i = 0; i < lines.size(); ++i) {
      out.keywords[i].example = std::string(lines[i].value);
      out.keywords[i].example_offset = lines[i].value_offset;
    }
  }
  return out;
}

}  // namespace tplguard::io
