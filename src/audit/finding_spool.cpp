#include "audit/finding_spool.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "io/output_file.hpp"

namespace tplguard::audit {

FindingSpool::FindingSpool() {
  const char* dir = std::getenv("TMPDIR");
  std::string name = std::string(dir && *dir ? dir : "/tmp") + "/tplguard-spool-XXXXXX";
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return;  // no temporary file: the spool stays in memory
  ::unlink(name.c_str());
  file_ = ::fdopen(fd, "w+b");
  if (!file_) ::close(fd);
}

FindingSpool::~FindingSpool() {
  if (file_) std::fclose(file_);
}

void FindingSpool::check() const {
  if (error_ != 0)
    throw io::OutputError("the audit's temporary spool file: " + std::string(std::strerror(error_)) +
                          " (TMPDIR, else /tmp, needs room for the findings)");
}

void FindingSpool::record(std::string& out, uint64_t index, const std::string& text) {
  const uint64_t header[2] = {index, text.size()};
  out.append(reinterpret_cast<const char*>(header), sizeof header);
  out += text;
}

void FindingSpool::add_records(const std::string& records) {
  if (!file_) {
    memory_ += records;
  } else if (error_ == 0 && std::fwrite(records.data(), 1, records.size(), file_) != records.size()) {
    error_ = errno ? errno : EIO;
  }
}

void FindingSpool::rewind() {
  if (file_) {
    if (std::fflush(file_) != 0 && error_ == 0) error_ = errno ? errno : EIO;
    std::rewind(file_);
  }
  read_at_ = 0;
  check();
}

bool FindingSpool::next(uint64_t& index, std::string& text) {
  uint64_t header[2];
  if (file_) {
    // The end of the spool is a clean end only at a record boundary.
    if (std::fread(header, sizeof header, 1, file_) != 1) {
      if (std::ferror(file_) && error_ == 0) error_ = errno ? errno : EIO;
      check();
      return false;
    }
    text.resize(header[1]);
    if (header[1] && std::fread(text.data(), 1, header[1], file_) != header[1]) {
      error_ = std::ferror(file_) && errno ? errno : EIO;
      check();
    }
  } else {
    if (read_at_ + sizeof header > memory_.size()) return false;
    std::memcpy(header, memory_.data() + read_at_, sizeof header);
    text.assign(memory_, read_at_ + sizeof header, header[1]);
    read_at_ += sizeof header + header[1];
  }
  index = header[0];
  return true;
}

}  // namespace tplguard::audit
