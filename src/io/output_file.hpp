#pragma once
// Writing a report, a baseline or standard output so that a failure is never silent and a
// failed write never costs what was there before:
//  - every write is checked, and the first error (with its errno) is kept;
//  - a regular file (or a new one) is written to a temporary file in the same folder and
//    renamed over the target only once everything was written, flushed and closed;
//  - a symlink is followed: its target is replaced, the link stays;
//  - a device node, FIFO or other special file is written in place, never replaced.
#include <streambuf>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/types.h>

namespace tplguard::io {

// A write that failed; the message names the target and the reason.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A stream buffer over a file descriptor that remembers the first write error. Once one
// write failed, every later write fails too (the stream's badbit is set).
class FdStreamBuf : public std::streambuf {
 public:
  explicit FdStreamBuf(int fd, size_t buffer_bytes = 64 * 1024);
  ~FdStreamBuf() override;
  FdStreamBuf(const FdStreamBuf&) = delete;
  FdStreamBuf& operator=(const FdStreamBuf&) = delete;

  int fd() const { return fd_; }
  int error() const { return error_; }  // errno of the first failure, 0 if none
  bool flush_all();                     // writes what is buffered; false on error

 protected:
  int_type overflow(int_type c) override;
  int sync() override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;

 private:
  bool write_all(const char* data, size_t size);
  int fd_;
  int error_ = 0;
  std::vector<char> buffer_;
};

// The identity of a file (device and inode), to tell that two names are one file.
struct FileId {
  dev_t dev = 0;
  ino_t ino = 0;
  bool operator==(const FileId&) const = default;
};
// The file `path` names (following symlinks), if it exists.
std::optional<FileId> file_id(const std::string& path);

// The file an OutputFile for `path` would write, as an absolute path: symlinks followed,
// dangling ones to the name they would create. Two outputs are one file when these agree.
std::string output_target(const std::string& path);

// A file being written. How depends on what is there:
//  - nothing, or a regular file this process may replace keeping its owner: a temporary
//    file beside it, renamed over it by commit() (atomic: the old file or the new one);
//  - a regular file with other hard links, owned by someone else, in a folder this process
//    cannot create files in, or one the rename is refused for (a bind-mounted file): a
//    temporary file (beside it, else in TMPDIR) copied into it by commit(), so links,
//    owner and mount stay; only a failure during that copy can leave it part-written;
//  - this process's standard output or error, a device, FIFO or socket: written in place.
// Destroying an OutputFile that was not committed discards what was written and leaves
// the target as it was (but for in-place writes, which cannot be taken back).
class OutputFile {
 public:
  // Opens `path` for writing; throws OutputError naming it when it cannot be (a folder,
  // a missing folder, no permission, ...).
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream() { return stream_; }
  // Flushes, closes and puts the file in place; throws OutputError with the target's name
  // and the reason when any step failed.
  void commit();

  const std::string& path() const { return path_; }

 private:
  void discard() noexcept;
  void copy_into_target();
  std::string path_;    // as given, for messages
  std::string target_;  // the file that is replaced or written (symlinks followed)
  std::string temp_;    // empty when writing in place
  bool copy_ = false;   // commit copies temp_ into target_ instead of renaming
  int slot_ = -1;       // where temp_ is registered for removal on a signal
  std::unique_ptr<FdStreamBuf> buf_;
  std::ostream stream_;
  bool done_ = false;
};

// Makes SIGINT, SIGTERM, SIGHUP and SIGQUIT remove the temporary files of OutputFiles not
// yet committed before the process ends as the signal says. For the CLI's main().
void remove_temporary_files_on_signals();

// Flushes `buf` and throws OutputError("NAME: cannot write: REASON") if anything written
// through it failed.
void check_written(FdStreamBuf& buf, const std::string& name);

}  // namespace tplguard::io
