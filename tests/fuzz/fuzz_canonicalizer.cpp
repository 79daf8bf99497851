// Fuzz target: the canonicalizer on arbitrary bytes (valid UTF-8 only, as its contract says;
// invalid input must be caught by find_invalid_utf8 without reading out of bounds).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "text/canonical.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tplguard::text::Canonicalizer canon({{U'\U0001F9E7', "红包"}});
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  if (tplguard::text::find_invalid_utf8(s)) return 0;
  tplguard::text::Canonical c;
  canon.canonicalize(s, c);
  // The offset map must stay inside the original and be non-decreasing.
  for (size_t i = 0; i < c.key_src.size(); ++i) {
    if (c.key_src[i] >= c.original.size()) __builtin_trap();
    if (i && c.key_src[i] < c.key_src[i - 1]) __builtin_trap();
  }
  tplguard::text::PinyinKey py;
  canon.pinyin(c, py);
  if (py.boundary.size() != py.text.size() + 1) __builtin_trap();
  (void)canon.fold_text(s);
  return 0;
}
