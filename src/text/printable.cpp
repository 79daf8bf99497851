#include "text/printable.hpp"

#include <cstdint>
#include <ostream>

namespace tplguard::text {

namespace {

// Length of a character `printable` escapes at s[i] (0: none); `cp` gets its code point.
size_t unprintable_at(std::string_view s, size_t i, uint32_t& cp) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x20 || c == 0x7F) {
    cp = c;
    return 1;
  }
  if (c == 0xC2 && i + 1 < s.size()) {  // U+0080..U+009F
    const auto d = static_cast<unsigned char>(s[i + 1]);
    if (d >= 0x80 && d <= 0x9F) {
      cp = d;
      return 2;
    }
  }
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {  // U+2028, U+2029
    const auto d = static_cast<unsigned char>(s[i + 2]);
    if (d == 0xA8 || d == 0xA9) {
      cp = 0x2000u + (d - 0x80u);
      return 3;
    }
  }
  return 0;
}

}  // namespace

std::string printable(std::string_view s) {
  uint32_t cp = 0;
  size_t i = 0;
  while (i < s.size() && unprintable_at(s, i, cp) == 0) ++i;
  if (i == s.size()) return std::string(s);
  std::string out(s.substr(0, i));
  static const char kHex[] = "0123456789abcdef";
  while (i < s.size()) {
    const size_t n = unprintable_at(s, i, cp);
    if (n == 0) {
      out += s[i++];
      continue;
    }
    i += n;
    switch (cp) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (cp < 0x100) {
          out += "\\x";
          out += kHex[cp >> 4];
          out += kHex[cp & 15];
        } else {
          out += "\\u";
          for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 15];
        }
    }
  }
  return out;
}

std::ostream& operator<<(std::ostream& out, Printable p) {
  uint32_t cp = 0;
  for (size_t i = 0; i < p.text.size(); ++i)
    if (unprintable_at(p.text, i, cp) != 0) return out << printable(p.text);
  return out << p.text;
}

}  // namespace tplguard::text
