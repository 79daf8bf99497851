#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

#include "io/detail.hpp"
#include "tplguard/model.hpp"

namespace tplguard {

namespace {
constexpr size_t kCheckpointBytes = 512;  // ~5% of the text in checkpoints

// Counts code points and UTF-16 units of UTF-8 bytes (lead bytes; 4-byte leads count twice).
void count_units(std::string_view s, uint64_t& cps, uint64_t& u16) {
  for (unsigned char c : s) {
    if ((c & 0xC0) == 0x80) continue;
    ++cps;
    u16 += c >= 0xF0 ? 2 : 1;
  }
}
}  // namespace

SourceFile::SourceFile(std::string path, std::string text, uint32_t first_line, uint64_t base_offset)
    : path_(std::move(path)), text_(std::move(text)), first_line_(first_line == 0 ? 1 : first_line),
      base_offset_(base_offset) {
  line_starts_.push_back(0);
  uint64_t cps = 0, u16 = 0;
  size_t last = 0;
  for (size_t i = 0; i < text_.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text_[i]);
    if (c == '\n') {
      line_starts_.push_back(i + 1);
      cps = u16 = 0;
      last = i + 1;
      continue;
    }
    // A checkpoint only on a character boundary, so counting resumes cleanly from it.
    if (i - last >= kCheckpointBytes && (c & 0xC0) != 0x80) {
      checkpoints_.push_back({i, cps, u16});
      last = i;
    }
    if ((c & 0xC0) != 0x80) {
      ++cps;
      u16 += c >= 0xF0 ? 2 : 1;
    }
  }
}

Position SourceFile::position(size_t offset) const {
  offset = std::min(offset, text_.size());
  Position p;
  p.line = line_of(offset);
  size_t from = line_start(p.line);
  uint64_t cps = 0, u16 = 0;
  auto it = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), offset,
                             [](size_t v, const Checkpoint& c) { return v < c.offset; });
  if (it != checkpoints_.begin() && std::prev(it)->offset >= from) {
    --it;
    from = it->offset;
    cps = it->cps;
    u16 = it->u16;
  }
  count_units(std::string_view(text_).substr(from, offset - from), cps, u16);
  p.column = static_cast<uint32_t>(cps + 1);
  p.column_utf16 = static_cast<uint32_t>(u16 + 1);
  return p;
}

uint32_t SourceFile::line_of(size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<uint32_t>(it - line_starts_.begin()) + first_line_ - 1;
}

size_t SourceFile::line_start(uint32_t line) const {
  if (line < first_line_) return text_.size();
  line -= first_line_ - 1;
  if (line == 0 || line > line_starts_.size()) return text_.size();
  return line_starts_[line - 1];
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line < first_line_) return {};
  line -= first_line_ - 1;
  if (line == 0 || line > line_starts_.size()) return {};
  size_t b = line_starts_[line - 1];
  size_t e = line < line_starts_.size() ? line_starts_[line] : text_.size();
  std::string_view v(text_.data() + b, e - b);
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.remove_suffix(1);
  return v;
}

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

const char* to_string(Origin origin) {
  switch (origin) {
    case Origin::proposal: return "proposal";
    case Origin::library_id: return "library-id";
    case Origin::template_id: return "template-id";
    case Origin::api_answer: return "api-answer";
  }
  return "proposal";
}

Origin Template::origin() const {
  auto given = [](const std::string& id) { return id.find_first_not_of(" \t\r\n") != std::string::npos; };
  if (from_api_answer) return Origin::api_answer;
  if (given(template_id)) return Origin::template_id;
  if (given(library_id)) return Origin::library_id;
  return Origin::proposal;
}

std::optional<Profile> parse_profile(std::string_view s) {
  if (s == "miniprogram" || s == "miniprogram-template" || s == "mini-program") return Profile::miniprogram;
  if (s == "subscribe") return Profile::subscribe;
  if (s == "official-account" || s == "mp" || s == "official_account") return Profile::official_account;
  return std::nullopt;
}

}  // namespace tplguard

namespace tplguard::io::detail {

}  // namespace tplguard::io::detail
