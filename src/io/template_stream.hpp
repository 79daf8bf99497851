#pragma once
// Reading many files, or one huge file, a chunk at a time: what `tplguard audit` reads with.
//
// JSONL and CSV are streamed: a chunk is a run of whole lines (records) of a few MiB, held
// in a SourceFile window (first line and byte offset kept, so findings point at the right
// place), and the text is dropped once the chunk's templates are. YAML and JSON documents
// are read whole, one file a chunk (they are parsed into a tree). A bad record is reported
// with its file and line and the others go on.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/template_reader.hpp"

namespace tplguard::io {

struct Chunk {
  std::vector<Template> templates;  // index = position across the whole input
  std::vector<InputError> errors;
  size_t records = 0;               // records seen in this chunk, bad ones included
  bool file_started = false;        // the chunk is the first of its file
};

class TemplateStream {
 public:
  TemplateStream(std::vector<std::string> files, ReadLimits limits = {}, size_t chunk_bytes = 4u << 20);
  ~TemplateStream();
  TemplateStream(const TemplateStream&) = delete;
  TemplateStream& operator=(const TemplateStream&) = delete;

  // The next chunk; JSONL windows are parsed by up to `jobs` threads. False when done.
  bool next(Chunk& out, unsigned jobs = 1);

  uint64_t bytes_total() const { return bytes_total_; }  // sizes of the regular files
  uint64_t bytes_read() const { return bytes_done_; }
  size_t files() const { return files_.size(); }
  size_t records() const { return next_index_; }

 private:
  struct Open;
  bool open_next(Chunk& out);
  bool read_stream_chunk(Chunk& out, unsigned jobs);

  std::vector<std::string> files_;
  ReadLimits limits_;
  size_t chunk_bytes_;
  size_t file_ = 0;  // next file to open
  std::unique_ptr<Open> open_;
  uint64_t bytes_total_ = 0, bytes_done_ = 0;
  size_t next_index_ = 0;
};

}  // namespace tplguard::io
