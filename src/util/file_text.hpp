#pragma once
// The one way a whole file is read (template inputs, payload bodies, configuration, rule
// packs, lexicons, API specs, context files, baselines), below every module that reads one.
#include <cstddef>
#include <string>

namespace tplguard::util {

// Reads `path` into `text`, at most `max_bytes`. The limit holds while reading (never more
// than max_bytes + 1 bytes are read, and the buffer never grows past that), so /dev/zero, a
// FIFO or a file that grows cannot exhaust memory. Returns what went wrong, without the path
// (callers prefix it), or "".
std::string read_file_text(const std::string& path, size_t max_bytes, std::string& text);
std::string too_large_message(size_t limit);  // "file too large (the limit is N bytes)"

// Size limits of the files read whole, by kind. Template inputs and payload bodies use
// io::ReadLimits::max_file_bytes (256 MiB).
inline constexpr size_t kMaxRuleFileBytes = 16u << 20;     // rule packs, lexicons, API specs, configuration
inline constexpr size_t kMaxContextFileBytes = 64u << 20;  // --app-json, --templates
inline constexpr size_t kMaxBaselineBytes = 256u << 20;    // --baseline

}  // namespace tplguard::util
