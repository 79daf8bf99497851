#include "io/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>

namespace tplguard::io {

namespace {

std::string reason(int err) { return std::strerror(err); }

[[noreturn]] void fail(const std::string& name, const std::string& what, int err) {
  throw OutputError(name + ": " + what + ": " + reason(err));
}

// Where a symlink chain ends (the link's target may not exist yet); the path itself when
// it is no link. Relative targets are taken from the link's folder.
std::string follow_links(const std::string& path) {
  std::string p = path;
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st;
    if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p;
    std::vector<char> buf(static_cast<size_t>(st.st_size > 0 ? st.st_size : 255) + 1);
    const ssize_t n = ::readlink(p.c_str(), buf.data(), buf.size());
    if (n < 0 || static_cast<size_t>(n) >= buf.size()) return p;
    std::string link(buf.data(), static_cast<size_t>(n));
    if (link.empty() || link[0] != '/') {
      const size_t slash = p.rfind('/');
      link = (slash == std::string::npos ? std::string() : p.substr(0, slash + 1)) + link;
    }
    p = std::move(link);
  }
  errno = ELOOP;
  return {};
}

std::string folder_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

FdStreamBuf::FdStreamBuf(int fd, size_t buffer_bytes) : fd_(fd), buffer_(buffer_bytes) {
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

FdStreamBuf::~FdStreamBuf() = default;  // the owner flushes and checks; never writes here

bool FdStreamBuf::write_all(const char* data, size_t size) {
  if (error_) return false;
  while (size > 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      error_ = errno;
      return false;
    }
    if (n == 0) {  // no progress and no error: treat as a full device
      error_ = ENOSPC;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool FdStreamBuf::flush_all() {
  const size_t n = static_cast<size_t>(pptr() - pbase());
  const bool ok = write_all(pbase(), n);
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  return ok;
}

FdStreamBuf::int_type FdStreamBuf::overflow(int_type c) {
  if (!flush_all()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int FdStreamBuf::sync() { return flush_all() ? 0 : -1; }

std::streamsize FdStreamBuf::xsputn(const char* s, std::streamsize n) {
  if (error_) return 0;
  const auto size = static_cast<size_t>(n);
  if (size <= static_cast<size_t>(epptr() - pptr())) {
    std::memcpy(pptr(), s, size);
    pbump(static_cast<int>(size));
    return n;
  }
  // Larger than the room left: flush, then write big pieces directly.
  if (!flush_all()) return 0;
  if (size >= buffer_.size()) return write_all(s, size) ? n : 0;
  std::memcpy(pptr(), s, size);
  pbump(static_cast<int>(size));
  return n;
}

std::optional<FileId> file_id(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileId{st.st_dev, st.st_ino};
}

OutputFile::OutputFile(const std::string& path) : path_(path), stream_(nullptr) {
  struct stat st;
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && errno != ENOENT) fail(path_, "cannot write", errno);
  if (exists && S_ISDIR(st.st_mode)) fail(path_, "cannot write", EISDIR);
  int fd = -1;
  // The file this process already writes as standard output or error (-o /dev/stdout,
  // /proc/self/fd/1): written through that descriptor, at its offset and in its mode
  // (`>> log` appends), never replaced.
  for (int standard : {STDOUT_FILENO, STDERR_FILENO}) {
    struct stat sst;
    if (exists && fd < 0 && ::fstat(standard, &sst) == 0 && sst.st_dev == st.st_dev && sst.st_ino == st.st_ino)
      if ((fd = ::fcntl(standard, F_DUPFD_CLOEXEC, 3)) < 0) fail(path_, "cannot write", errno);
  }
  if (fd < 0 && exists && !S_ISREG(st.st_mode)) {
    // A device, FIFO or socket: written in place (replacing it would destroy the node).
    fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) fail(path_, "cannot write", errno);
  } else if (fd < 0) {
    // A regular file is replaced where it really is (a symlink stays a symlink); a new
    // one is created where the name, or the end of a dangling symlink chain, says.
    if (exists) {
      char* real = ::realpath(path.c_str(), nullptr);
      if (real == nullptr) fail(path_, "cannot write", errno);
      target_ = real;
      std::free(real);
    } else {
      target_ = follow_links(path);
      if (target_.empty()) fail(path_, "cannot write", errno);
    }
    // A temporary file beside the target (a rename is atomic only within a file system),
    // created with the target's permissions, or the umask's for a new file.
    const mode_t mode = exists ? (st.st_mode & 07777) : 0666;
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
      temp_ = folder_of(target_) + "/." + base_of(target_) + ".tplguard-" + std::to_string(::getpid()) + "-" +
              std::to_string(counter++) + "-" + std::to_string(rd() % 1000000) + ".tmp";
      fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, mode);
      if (fd < 0 && errno != EEXIST) {
        const int err = errno;
        temp_.clear();
        fail(path_, "cannot write", err);
      }
    }
    if (fd < 0) {
      temp_.clear();
      fail(path_, "cannot write", EEXIST);
    }
    if (exists) (void)::fchmod(fd, mode);  // O_CREAT's mode went through the umask
  }
  buf_ = std::make_unique<FdStreamBuf>(fd);
  stream_.rdbuf(buf_.get());
}

OutputFile::~OutputFile() {
  if (!done_) discard();
}

void OutputFile::discard() noexcept {
  done_ = true;
  if (buf_ && buf_->fd() >= 0) ::close(buf_->fd());
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

void OutputFile::commit() {
  if (done_) throw OutputError(path_ + ": written twice");
  const bool flushed = buf_->flush_all();
  int err = buf_->error();
  if (flushed && err == 0 && !temp_.empty() && ::fsync(buf_->fd()) != 0 && errno != EINVAL) err = errno;
  const int fd = buf_->fd();
  done_ = true;
  if (::close(fd) != 0 && err == 0 && errno != EINTR) err = errno;
  if (err == 0 && !stream_) err = EIO;  // a stream error that reached no write
  if (err != 0) {
    if (!temp_.empty()) ::unlink(temp_.c_str());
    fail(path_, "cannot write", err);
  }
  if (!temp_.empty() && ::rename(temp_.c_str(), target_.c_str()) != 0) {
    const int rename_err = errno;
    ::unlink(temp_.c_str());
    fail(path_, "cannot replace", rename_err);
  }
}

void check_written(FdStreamBuf& buf, const std::string& name) {
  buf.flush_all();
  if (buf.error() != 0) fail(name, "cannot write", buf.error());
}

}  // namespace tplguard::io
