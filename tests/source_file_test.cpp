// SourceFile::position on long lines with CJK and astral characters matches a plain count.
#include <catch2/catch.hpp>

#include "tplguard/model.hpp"

using tplguard::SourceFile;

TEST_CASE("positions are exact on long mixed lines", "[io][positions]") {
  std::string text = "first line\n";
  for (int i = 0; i < 5000; ++i) text += (i % 3 == 0) ? "红" : (i % 3 == 1) ? "a" : "\U0001F9E7";
  text += "\nlast 行\n";
  const SourceFile src("x.json", text);
  // Walk every character boundary and compare with counting from the line start.
  size_t line_start = 0;
  uint32_t line = 1, cps = 0, u16 = 0;
  size_t checked = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    const unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : 0;
    if (i < text.size() && (c & 0xC0) == 0x80) continue;
    {
      const auto p = src.position(i);
      INFO("offset " << i);
      REQUIRE(p.line == line);
      REQUIRE(p.column == cps + 1);
      REQUIRE(p.column_utf16 == u16 + 1);
      ++checked;
    }
    if (i == text.size()) break;
    if (c == '\n') {
      ++line;
      line_start = i + 1;
      cps = u16 = 0;
    } else {
      ++cps;
      u16 += c >= 0xF0 ? 2 : 1;
    }
  }
  (void)line_start;
  CHECK(checked > 1000);
}
