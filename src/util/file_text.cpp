#include "util/file_text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <system_error>

namespace tplguard::util {

namespace {

std::string errno_message(int err) { return std::error_code(err, std::generic_category()).message(); }

const char* file_kind(mode_t mode) {
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "of an unknown type";
}

}  // namespace

std::string too_large_message(size_t limit) {
  return "file too large (the limit is " + std::to_string(limit) + " bytes)";
}

std::string read_file_text(const std::string& path, size_t max_bytes, std::string& text) {
  text.clear();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "cannot read: " + errno_message(errno);
  std::string problem;
  try {
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      problem = "cannot read: " + errno_message(errno);
    } else if (S_ISDIR(st.st_mode)) {
      problem = "cannot read: " + errno_message(EISDIR);
    } else if (S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > max_bytes) {
      problem = too_large_message(max_bytes);  // refused before reading a byte
    } else {
      // Read at most one byte past the limit: enough to tell the file is too large, even
      // when it is not a regular file or grows while we read. The buffer grows by doubling
      // but never past limit + 1, so memory stays bounded by the limit.
      const size_t cap = max_bytes == SIZE_MAX ? max_bytes : max_bytes + 1;
      if (S_ISREG(st.st_mode)) text.reserve(std::min(cap, static_cast<size_t>(st.st_size) + 1));
      char buffer[65536];
      while (text.size() < cap) {
        const size_t want = std::min(sizeof buffer, cap - text.size());
        ssize_t n = ::read(fd, buffer, want);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
          problem = "cannot read: " + errno_message(errno);
          break;
        }
        if (n == 0) break;
        if (text.size() + static_cast<size_t>(n) > text.capacity())
          text.reserve(std::min(cap, std::max(text.capacity() * 2, text.size() + static_cast<size_t>(n))));
        text.append(buffer, static_cast<size_t>(n));
      }
      if (problem.empty() && text.size() > max_bytes) {
        problem = too_large_message(max_bytes);
        if (!S_ISREG(st.st_mode)) problem += std::string(" and not a regular file (") + file_kind(st.st_mode) + ")";
      }
    }
  } catch (...) {
    problem = "out of memory while reading";
  }
  ::close(fd);
  if (!problem.empty()) std::string().swap(text);  // give the memory back at once
  return problem;
}

}  // namespace tplguard::util
