// The canonicalizer: folding, ignorables, the offset map back to the original, pinyin.
#include <catch2/catch.hpp>

#include "text/canonical.hpp"
#include "text/display_width.hpp"

using namespace tplguard::text;

namespace {
std::string key(const Canonicalizer& c, const std::string& s) { return to_utf8(c.key_of(s)); }
}  // namespace

TEST_CASE("UTF-8 validation reports the first bad byte", "[text]") {
  CHECK_FALSE(find_invalid_utf8("购买成功通知").has_value());
  CHECK(find_invalid_utf8(std::string("ab\xff", 3)) == 2u);
  CHECK(find_invalid_utf8(std::string("购\xe4\xb9", 5)) == 3u);  // truncated sequence
  CHECK(find_invalid_utf8(std::string("\xed\xa0\x80", 3)) == 0u);  // a surrogate
  CHECK(find_invalid_utf8(std::string("\xc0\xaf", 2)) == 0u);      // overlong
}

TEST_CASE("keys fold width, case and traditional forms and skip ignorables", "[text]") {
  Canonicalizer c;
  CHECK(key(c, "購買成功通知") == "购买成功通知");
  CHECK(key(c, "ＶＩＰ会员") == "vip会员");
  CHECK(key(c, "红 - 包") == "红包");
  CHECK(key(c, "红\u200b包") == "红包");  // zero-width space
  CHECK(key(c, "【重要】通知！") == "重要通知");
  CHECK(key(c, "①号") == "1号");
  CHECK(key(c, "") == "");
}

TEST_CASE("substitutions replace emoji with the word they stand for", "[text]") {
  Canonicalizer c({{U'\U0001F9E7', "紅包"}});
  CHECK(key(c, "\U0001F9E7到账") == "红包到账");
}

TEST_CASE("the offset map points back at the original characters", "[text]") {
  Canonicalizer c;
  Canonical out;
  c.canonicalize("领 紅-包 提醒", out);
  REQUIRE(to_utf8(out.key) == "领红包提醒");
  // 红包 is key[1..3): original code points 2 (紅) to 4 (包) inclusive, the hyphen between.
  auto [b, e] = out.original_range(1, 3);
  CHECK(b == 2);
  CHECK(e == 5);
  CHECK(out.byte_of[b] == 4);  // "领 " is 3 + 1 bytes
}

TEST_CASE("pinyin keys with syllable boundaries", "[text]") {
  Canonicalizer c;
  CHECK(c.pinyin_of_key(c.key_of("红包")) == "hongbao");
  CHECK(c.pinyin_of_key(c.key_of("積分")) == "jifen");
  Canonical can;
  c.canonicalize("hong包", can);
  PinyinKey py;
  c.pinyin(can, py);
  CHECK(py.text == "hongbao");
  CHECK(py.has_latin);
  CHECK(py.boundary[0]);
  CHECK(py.boundary[4]);   // between hong and bao
  CHECK_FALSE(py.boundary[2]);
  // An English word is not split into syllables: only its ends are boundaries.
  c.canonicalize("coupon", can);
  c.pinyin(can, py);
  CHECK(py.boundary[0]);
  CHECK(py.boundary[6]);
  CHECK_FALSE(py.boundary[2]);
}

TEST_CASE("display width counts CJK as two columns", "[text]") {
  CHECK(display_width(U'a') == 1);
  CHECK(display_width(U'红') == 2);
  CHECK(display_width(U'Ｖ') == 2);
  CHECK(display_width(U'\u0301') == 0);  // combining accent
}
