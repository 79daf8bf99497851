#include <algorithm>

#include "io/position.hpp"
#include "text/canonical.hpp"
#include "tplguard/model.hpp"

namespace tplguard {

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

uint32_t SourceFile::line_of(size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<uint32_t>(it - line_starts_.begin());
}

size_t SourceFile::line_start(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return text_.size();
  return line_starts_[line - 1];
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  size_t b = line_starts_[line - 1];
  size_t e = line < line_starts_.size() ? line_starts_[line] : text_.size();
  std::string_view v(text_.data() + b, e - b);
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.remove_suffix(1);
  return v;
}

namespace io {

Position position_at(const SourceFile& src, size_t offset) {
  Position p;
  offset = std::min(offset, src.text().size());
  p.line = src.line_of(offset);
  const size_t start = src.line_start(p.line);
  std::u32string cps;
  std::vector<uint32_t> offsets;
  text::decode_utf8(std::string_view(src.text()).substr(start, offset - start), cps, offsets);
  p.column = static_cast<uint32_t>(cps.size()) + 1;
  uint32_t u16 = 0;
  for (char32_t c : cps) u16 += c >= 0x10000 ? 2 : 1;
  p.column_utf16 = u16 + 1;
  return p;
}

}  // namespace io

const char* to_string(Level level) {
  switch (level) {
    case Level::info: return "info";
    case Level::warning: return "warning";
    case Level::error: return "error";
  }
  return "error";
}

std::optional<Level> parse_level(std::string_view s) {
  if (s == "info") return Level::info;
  if (s == "warning") return Level::warning;
  if (s == "error") return Level::error;
  return std::nullopt;
}

const char* to_string(Profile profile) {
  switch (profile) {
    case Profile::miniprogram: return "miniprogram";
    case Profile::subscribe: return "subscribe";
    case Profile::official_account: return "official-account";
  }
  return "miniprogram";
}

std::optional<Profile> parse_profile(std::string_view s) {
  if (s == "miniprogram" || s == "miniprogram-template" || s == "mini-program") return Profile::miniprogram;
  if (s == "subscribe") return Profile::subscribe;
  if (s == "official-account" || s == "mp" || s == "official_account") return Profile::official_account;
  return std::nullopt;
}

}  // namespace tplguard
