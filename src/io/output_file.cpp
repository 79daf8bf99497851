#include "io/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>

#include <pthread.h>
#include <signal.h>

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

namespace {

// Temporary files not yet committed, for the signal handler (which may only make
// async-signal-safe calls: it reads these pointers and unlinks).
constexpr int kTempSlots = 32;
std::atomic<const char*> g_temp_files[kTempSlots];

int register_temp(const char* path) {
  for (int i = 0; i < kTempSlots; ++i) {
    const char* expected = nullptr;
    if (g_temp_files[i].compare_exchange_strong(expected, path)) return i;
  }
  return -1;  // more than kTempSlots at once: not removed on a signal, nothing worse
}

void unregister_temp(int slot) {
  if (slot >= 0) g_temp_files[slot].store(nullptr);
}

extern "C" void remove_temps_and_die(int sig) {
  for (auto& t : g_temp_files)
    if (const char* p = t.load()) ::unlink(p);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// A new file with a short unique name in `folder` (short, so a target's name near the
// length limit still has room), created with `mode` through the umask.
int create_temp(const std::string& folder, mode_t mode, std::string& name) {
  static std::atomic<unsigned> counter{0};
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    name = folder + "/.tplguard-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
           std::to_string(rd() % 1000000) + ".tmp";
    const int fd = ::open(name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, mode);
    if (fd >= 0) return fd;
    if (errno != EEXIST) break;
  }
  const int err = errno;
  name.clear();
  errno = err;
  return -1;
}

}  // namespace

std::string output_target(const std::string& path) {
  if (char* real = ::realpath(path.c_str(), nullptr)) {
    std::string out = real;
    std::free(real);
    return out;
  }
  std::string end = follow_links(path);
  if (end.empty()) end = path;
  std::error_code ec;
  const std::filesystem::path p = std::filesystem::weakly_canonical(std::filesystem::absolute(end, ec), ec);
  return ec ? end : p.string();
}

void remove_temporary_files_on_signals() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;  // nohup and friends
    struct sigaction sa {};
    sa.sa_handler = remove_temps_and_die;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    ::sigaction(sig, &sa, nullptr);
  }
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
    const int flags = ::fcntl(standard, F_GETFL);
    const bool writable = flags >= 0 && (flags & O_ACCMODE) != O_RDONLY;  // not one held closed on /dev/null
    if (exists && fd < 0 && writable && ::fstat(standard, &sst) == 0 && sst.st_dev == st.st_dev &&
        sst.st_ino == st.st_ino)
      if ((fd = ::fcntl(standard, F_DUPFD_CLOEXEC, 3)) < 0) fail(path_, "cannot write", errno);
  }
  if (fd < 0 && exists && !S_ISREG(st.st_mode)) {
    // A device, FIFO or socket: written in place (replacing it would destroy the node).
    fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) fail(path_, "cannot write", errno);
  } else if (fd < 0) {
    if (exists) {
      // As the shell's `>` would: a file this process may not write is refused.
      if (::access(path.c_str(), W_OK) != 0) fail(path_, "cannot write", errno);
      char* real = ::realpath(path.c_str(), nullptr);
      if (real == nullptr) fail(path_, "cannot write", errno);
      target_ = real;
      std::free(real);
      // Replacing would cut other hard links or give the file to this process's user.
      copy_ = st.st_nlink > 1 || (st.st_uid != ::geteuid() && ::geteuid() != 0);
    } else {
      // A new file where the name, or the end of a dangling symlink chain, says.
      target_ = follow_links(path);
      if (target_.empty()) fail(path_, "cannot write", errno);
    }
    const mode_t mode = exists ? (st.st_mode & 07777) : 0666;
    fd = create_temp(folder_of(target_), mode, temp_);
    if (fd < 0 && exists) {
      // No room for a temporary file beside a file that may be written (a read-only or
      // sticky folder): it is written elsewhere and copied in.
      const char* tmpdir = std::getenv("TMPDIR");
      const std::string folder = tmpdir && *tmpdir ? tmpdir : "/tmp";
      fd = create_temp(folder, 0600, temp_);
      if (fd < 0)
        fail(path_, "cannot write a temporary file beside it or in " + folder + " (TMPDIR)", errno);
      copy_ = true;
    }
    if (fd < 0) fail(path_, "cannot write", errno);
    if (exists && !copy_) {
      if (::geteuid() == 0) (void)::fchown(fd, st.st_uid, st.st_gid);  // root keeps the owner
      (void)::fchmod(fd, mode);  // after fchown, which clears set-user-ID; O_CREAT's mode went through the umask
    }
    slot_ = register_temp(temp_.c_str());
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
  unregister_temp(slot_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

// Copies the finished temporary file into the target, keeping the target's inode. The
// room is taken first (so a full disk fails before the old content is touched), the old
// content is then overwritten and cut to the new length, with the signals that would end
// the run held until the copy is complete.
void OutputFile::copy_into_target() {
  const int in = buf_->fd();
  struct stat st;
  if (::fstat(in, &st) != 0) fail(path_, "cannot write", errno);
  const off_t size = st.st_size;
  const int out = ::open(target_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (out < 0) fail(path_, "cannot write", errno);
  auto give_up = [&](int err) {
    ::close(out);
    fail(path_, "cannot write", err);
  };
  if (size > 0) {
    const int err = ::posix_fallocate(out, 0, size);
    if (err != 0 && err != EOPNOTSUPP && err != EINVAL) give_up(err);  // EOPNOTSUPP: the file system cannot tell
  }
  sigset_t held, old;
  sigemptyset(&held);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&held, sig);
  ::pthread_sigmask(SIG_BLOCK, &held, &old);
  int err = 0;
  std::vector<char> chunk(1 << 16);
  for (off_t at = 0; at < size && err == 0;) {
    const ssize_t n = ::pread(in, chunk.data(), chunk.size(), at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err = n < 0 ? errno : EIO;
      break;
    }
    for (ssize_t done = 0; done < n && err == 0;) {
      const ssize_t w = ::pwrite(out, chunk.data() + done, static_cast<size_t>(n - done), at + done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) err = w < 0 ? errno : ENOSPC;
      else done += w;
    }
    at += n;
  }
  if (err == 0 && ::ftruncate(out, size) != 0) err = errno;
  if (::close(out) != 0 && err == 0 && errno != EINTR) err = errno;
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (err != 0) fail(path_, "cannot write (the file may be incomplete)", err);
}

void OutputFile::commit() {
  if (done_) throw OutputError(path_ + ": written twice");
  const bool flushed = buf_->flush_all();
  int err = buf_->error();
  if (err == 0 && !stream_) err = EIO;  // a stream error that reached no write
  if (flushed && err == 0 && !temp_.empty() && !copy_ && ::fsync(buf_->fd()) != 0 && errno != EINVAL) err = errno;
  bool copy = copy_;
  if (err == 0 && !temp_.empty() && !copy) {
    if (::rename(temp_.c_str(), target_.c_str()) == 0) {
      unregister_temp(slot_);
      temp_.clear();
    } else if (errno == EBUSY || errno == EXDEV || errno == EPERM || errno == EACCES) {
      copy = true;  // a bind-mounted file, a sticky folder: written into instead
    } else {
      err = errno;
    }
  }
  if (err == 0 && copy) {
    try {
      copy_into_target();
    } catch (...) {
      discard();
      throw;
    }
  }
  const int fd = buf_->fd();
  done_ = true;
  if (::close(fd) != 0 && err == 0 && errno != EINTR) err = errno;
  unregister_temp(slot_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
  if (err != 0) fail(path_, "cannot write", err);
}

void check_written(FdStreamBuf& buf, const std::string& name) {
  buf.flush_all();
  if (buf.error() != 0) fail(name, "cannot write", buf.error());
}

}  // namespace tplguard::io
