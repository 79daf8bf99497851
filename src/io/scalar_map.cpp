// Aligning a decoded string value with its source text (see scalar_map.hpp).
//
// The walk consumes the value's code points in order. At each step the source offers either
// the same character, an escape sequence that decodes to it, or layout that produced no
// character of its own (indentation, the line break of a folded line, an escaped line
// break); layout is skipped. Anything else means the value did not come from here.
#include "io/scalar_map.hpp"

#include <optional>

namespace tplguard::io {

namespace {

bool is_layout(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<char32_t> read_hex(std::string_view text, size_t at, size_t digits) {
  if (at + digits > text.size()) return std::nullopt;
  char32_t v = 0;
  for (size_t i = 0; i < digits; ++i) {
    const int h = hex_value(text[at + i]);
    if (h < 0) return std::nullopt;
    v = v * 16 + static_cast<char32_t>(h);
  }
  return v;
}

// One UTF-8 code point at `at` (the text was validated when it was read).
char32_t decode_at(std::string_view text, size_t at, size_t& len) {
  const auto b = static_cast<unsigned char>(text[at]);
  len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  if (at + len > text.size()) {
    len = 1;
    return 0xFFFD;
  }
  char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (size_t i = 1; i < len; ++i) c = (c << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3F);
  return c;
}

struct Escape {
  bool produces = true;  // false: an escaped line break, which produces nothing
  char32_t value = 0;
  size_t length = 0;
};

// A backslash escape of JSON or double-quoted YAML at text[at] == '\\'.
std::optional<Escape> decode_escape(std::string_view text, size_t at) {
  if (at + 1 >= text.size()) return std::nullopt;
  const char c = text[at + 1];
  auto simple = [](char32_t v) { return Escape{true, v, 2}; };
  switch (c) {
    case '0': return simple(0);
    case 'a': return simple(7);
    case 'b': return simple(8);
    case 't': case '\t': return simple(9);
    case 'n': return simple(10);
    case 'v': return simple(11);
    case 'f': return simple(12);
    case 'r': return simple(13);
    case 'e': return simple(0x1B);
    case ' ': return simple(' ');
    case '"': return simple('"');
    case '/': return simple('/');
    case '\\': return simple('\\');
    case 'N': return simple(0x85);
    case '_': return simple(0xA0);
    case 'L': return simple(0x2028);
    case 'P': return simple(0x2029);
    case 'x':
      if (auto v = read_hex(text, at + 2, 2)) return Escape{true, *v, 4};
      return std::nullopt;
    case 'U':
      if (auto v = read_hex(text, at + 2, 8)) return Escape{true, *v, 10};
      return std::nullopt;
    case 'u': {
      auto v = read_hex(text, at + 2, 4);
      if (!v) return std::nullopt;
      // JSON writes astral characters as a surrogate pair: \ud83c\udf89.
      if (*v >= 0xD800 && *v < 0xDC00 && at + 11 < text.size() && text[at + 6] == '\\' && text[at + 7] == 'u') {
        if (auto lo = read_hex(text, at + 8, 4); lo && *lo >= 0xDC00 && *lo < 0xE000)
          return Escape{true, 0x10000 + ((*v - 0xD800) << 10) + (*lo - 0xDC00), 12};
      }
      return Escape{true, *v, 6};
    }
    case '\r':
    case '\n': {  // YAML: an escaped line break joins the lines; the next line's indentation goes
      size_t p = at + 1;
      if (text[p] == '\r' && p + 1 < text.size() && text[p + 1] == '\n') ++p;
      ++p;
      while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
      return Escape{false, 0, p - at};
    }
    default: return std::nullopt;
  }
}

}  // namespace

bool map_scalar(std::string_view text, size_t token, std::u32string_view value, std::vector<size_t>& begin,
                std::vector<size_t>& end) {
  begin.assign(value.size(), 0);
  end.assign(value.size(), 0);
  if (token >= text.size()) return value.empty();
  const char style = text[token];
  size_t s = token;
  if (style == '"' || style == '\'') {
    ++s;
  } else if (style == '|' || style == '>') {
    // A block scalar's content starts on the line after its header (which may hold a comment).
    const size_t eol = text.find('\n', token);
    if (eol == std::string_view::npos) return value.empty();
    s = eol + 1;
  }
  for (size_t i = 0; i < value.size();) {
    if (s >= text.size()) return false;
    const char32_t want = value[i];
    if (style == '"' && text[s] == '\\') {
      auto esc = decode_escape(text, s);
      if (!esc) return false;
      if (esc->produces) {
        if (esc->value != want) return false;
        begin[i] = s;
        end[i] = s + esc->length;
        ++i;
      }
      s += esc->length;
      continue;
    }
    if (style == '\'' && text[s] == '\'') {
      if (s + 1 >= text.size() || text[s + 1] != '\'' || want != '\'') return false;  // the closing quote
      begin[i] = s;
      end[i] = s + 2;
      s += 2;
      ++i;
      continue;
    }
    if (style == '"' && text[s] == '"') return false;  // the closing quote came first
    size_t len = 0;
    const char32_t got = decode_at(text, s, len);
    if (got == want || (want == ' ' && (got == '\n' || got == '\r'))) {
      // A folded line break stands for the space it became; "\r\n" is one break.
      if (got == '\r' && s + 1 < text.size() && text[s + 1] == '\n') ++len;
      begin[i] = s;
      end[i] = s + len;
      s += len;
      ++i;
      continue;
    }
    if (!is_layout(text[s])) return false;
    s += len;
  }
  return true;
}

}  // namespace tplguard::io
