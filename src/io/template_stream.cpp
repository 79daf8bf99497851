#include "io/template_stream.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <system_error>

#include "io/detail.hpp"
#include "util/workers.hpp"

namespace tplguard::io {

// The file being streamed: its descriptor and the bytes read but not yet parsed (always
// starting at a record boundary).
struct TemplateStream::Open {
  std::string path;
  Format format = Format::jsonl;
  int fd = -1;
  bool eof = false;
  bool started = false;
  std::string pending;        // unparsed bytes, from a record boundary
  uint64_t pending_offset = 0;  // file offset of pending[0]
  uint32_t pending_line = 1;    // file line of pending[0]
  detail::CsvHeader csv;
  ~Open() {
    if (fd >= 0) ::close(fd);
  }
};

namespace {

std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

uint32_t count_lines(std::string_view s) {
  uint32_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// End of the last complete record in `text` (just past a line break outside CSV quotes), or
// 0 when there is none. `quotes` says whether quotes matter (CSV).
size_t last_boundary(const std::string& text, bool quotes) {
  if (!quotes) {
    size_t nl = text.rfind('\n');
    return nl == std::string::npos ? 0 : nl + 1;
  }
  bool in_quotes = false;
  size_t last = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') in_quotes = !in_quotes;
    else if (text[i] == '\n' && !in_quotes) last = i + 1;
  }
  return last;
}

}  // namespace

TemplateStream::TemplateStream(std::vector<std::string> files, ReadLimits limits, size_t chunk_bytes)
    : files_(std::move(files)), limits_(limits), chunk_bytes_(chunk_bytes < 4096 ? 4096 : chunk_bytes) {
  for (const auto& f : files_) {
    struct stat st {};
    if (::stat(f.c_str(), &st) == 0 && S_ISREG(st.st_mode)) bytes_total_ += static_cast<uint64_t>(st.st_size);
  }
}

TemplateStream::~TemplateStream() = default;

bool TemplateStream::next(Chunk& out, unsigned jobs) {
  out.templates.clear();
  out.errors.clear();
  out.records = 0;
  out.file_started = false;
  while (true) {
    if (open_) {
      if (read_stream_chunk(out, jobs)) return true;
      open_.reset();
      continue;
    }
    if (file_ >= files_.size()) return false;
    if (open_next(out)) return true;
  }
}

// Opens the next file: YAML and JSON are read whole into `out` (returns true); JSONL and CSV
// become the open stream (returns false: the caller reads the first chunk).
bool TemplateStream::open_next(Chunk& out) {
  const std::string& path = files_[file_++];
  const Format format = format_for_path(path).value_or(Format::yaml);
  out.file_started = true;
  if (format == Format::yaml || format == Format::json) {
    ReadResult r = read_templates_file(path, limits_);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) bytes_done_ += static_cast<uint64_t>(st.st_size);
    for (auto& t : r.templates) t.index += next_index_;
    next_index_ += r.records;
    out.records = r.records;
    out.templates = std::move(r.templates);
    out.errors = std::move(r.errors);
    return true;
  }
  auto o = std::make_unique<Open>();
  o->path = path;
  o->format = format;
  o->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (o->fd < 0) {
    out.errors.push_back(InputError{path, 0, 0, "cannot read: " + errno_text(errno)});
    return true;
  }
  struct stat st {};
  if (::fstat(o->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    out.errors.push_back(InputError{path, 0, 0, "cannot read: " + errno_text(EISDIR)});
    return true;
  }
  open_ = std::move(o);
  return false;
}

// Reads and parses the next run of whole records of the open file; false when it is done.
bool TemplateStream::read_stream_chunk(Chunk& out, unsigned jobs) {
  Open& o = *open_;
  const bool csv = o.format == Format::csv;
  size_t boundary = 0;
  while (true) {
    boundary = o.eof ? o.pending.size() : last_boundary(o.pending, csv);
    if (o.eof || (boundary > 0 && o.pending.size() >= chunk_bytes_)) break;
    if (boundary == 0 && o.pending.size() > limits_.max_record_bytes) {
      // One record larger than the limit: report it and go on at the next line.
      out.errors.push_back(InputError{o.path, o.pending_line, 1,
                                      std::string(csv ? "record" : "line") + " longer than " +
                                          std::to_string(limits_.max_record_bytes) + " bytes" +
                                          (csv ? " (an unterminated quote?)" : "")});
      out.records += 1;
      next_index_ += 1;
      size_t nl = o.pending.find('\n');
      uint64_t skipped = 0;
      while (nl == std::string::npos && !o.eof) {
        // A "line" without end (/dev/zero, a runaway writer) must not be skipped forever:
        // past the file size limit the rest of the file is given up, with an error.
        skipped += o.pending.size();
        if (skipped > limits_.max_file_bytes) {
          out.errors.push_back(InputError{o.path, o.pending_line, 1,
                                          "no line break in " + std::to_string(limits_.max_file_bytes) +
                                              " bytes: the rest of the file is not read"});
          o.eof = true;
          o.pending.clear();
          return true;
        }
        o.pending_offset += o.pending.size();
        o.pending.clear();
        char buf[65536];
        ssize_t n;
        do n = ::read(o.fd, buf, sizeof buf);
        while (n < 0 && errno == EINTR);
        if (n <= 0) {
          o.eof = true;
          break;
        }
        bytes_done_ += static_cast<uint64_t>(n);
        o.pending.assign(buf, static_cast<size_t>(n));
        nl = o.pending.find('\n');
      }
      if (nl == std::string::npos) {
        o.pending.clear();
        return true;
      }
      o.pending_offset += nl + 1;
      o.pending_line += 1;
      o.pending.erase(0, nl + 1);
      return true;
    }
    const size_t old = o.pending.size();
    o.pending.resize(old + chunk_bytes_);
    ssize_t n;
    do n = ::read(o.fd, o.pending.data() + old, chunk_bytes_);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
      o.pending.resize(old);
      out.errors.push_back(InputError{o.path, o.pending_line, 0, "cannot read: " + errno_text(errno)});
      o.eof = true;
      o.pending.clear();
      return true;
    }
    o.pending.resize(old + static_cast<size_t>(n));
    bytes_done_ += static_cast<uint64_t>(n);
    if (n == 0) o.eof = true;
  }
  if (o.pending.empty()) return false;
  out.file_started = !o.started;
  o.started = true;

  // Split the records into windows, parsed in parallel (JSONL lines are independent; CSV
  // needs its header first, so it is parsed in one piece).
  const std::string_view text(o.pending.data(), boundary);
  const size_t pieces = csv ? 1 : std::max<size_t>(1, std::min<size_t>(jobs, text.size() / 65536 + 1));
  std::vector<size_t> cuts{0};
  for (size_t k = 1; k < pieces; ++k) {
    size_t at = text.size() * k / pieces;
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos || nl + 1 >= text.size()) break;
    if (nl + 1 > cuts.back()) cuts.push_back(nl + 1);
  }
  cuts.push_back(text.size());
  const size_t n = cuts.size() - 1;
  std::vector<std::vector<Template>> parts(n);
  std::vector<std::vector<InputError>> errors(n);
  std::vector<size_t> records(n, 0);
  std::vector<uint32_t> first_line(n);
  first_line[0] = o.pending_line;
  for (size_t k = 1; k < n; ++k)
    first_line[k] = first_line[k - 1] + count_lines(text.substr(cuts[k - 1], cuts[k] - cuts[k - 1]));
  auto parse = [&](size_t k) {
    auto source = std::make_shared<const SourceFile>(o.path, std::string(text.substr(cuts[k], cuts[k + 1] - cuts[k])),
                                                     first_line[k], o.pending_offset + cuts[k]);
    detail::ErrorSink sink(*source, errors[k]);
    try {
      if (csv)
        records[k] = detail::read_csv(*source, source, sink, o.csv, parts[k]);
      else
        records[k] = detail::read_jsonl(source, limits_, sink, parts[k]);
    } catch (const std::bad_alloc&) {
      sink.add(-1, "out of memory while reading");
    } catch (const std::exception& e) {
      sink.add(-1, std::string("cannot read: ") + e.what());
    }
    sink.finish();
  };
  if (n == 1) {
    parse(0);
  } else {
    std::atomic<size_t> next{0};
    util::run_workers(static_cast<unsigned>(n - 1), [&] {
      for (size_t k; (k = next.fetch_add(1)) < n;) parse(k);
    });
  }
  for (size_t k = 0; k < n; ++k) {
    for (auto& t : parts[k]) {
      t.index += next_index_;
      out.templates.push_back(std::move(t));
    }
    next_index_ += records[k];
    out.records += records[k];
    for (auto& e : errors[k]) out.errors.push_back(std::move(e));
  }
  o.pending_line += count_lines(text);
  o.pending_offset += boundary;
  o.pending.erase(0, boundary);
  return true;
}

}  // namespace tplguard::io
