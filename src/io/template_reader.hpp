#pragma once
// Readers of lint input: YAML or JSON documents holding `templates: [...]` (or a bare list),
// JSONL with one template a line (directories: io/input_paths.hpp).
//
// Readers never throw on bad input: every problem becomes an InputError naming the file,
// line and column, and the records that can be read are still returned.
#include <memory>
#include <string>
#include <vector>

#include "tplguard/model.hpp"

namespace tplguard::io {

using tplguard::InputError;  // the model's (tplguard/model.hpp): readers make them

enum class Format { yaml, json, jsonl, csv };

struct ReadLimits {
  size_t max_file_bytes = 256u << 20;  // larger files are refused with a clear error
  size_t max_depth = 256;              // nesting of collections
  size_t max_nodes = 16'000'000;       // values per document (alias expansion included): ~1.3 GB at most
  size_t max_record_bytes = 16u << 20; // one JSONL line or CSV record, when streaming
};

struct ReadResult {
  std::shared_ptr<const SourceFile> source;  // null when the file could not be read
  std::vector<Template> templates;
  std::vector<InputError> errors;
  size_t records = 0;  // records seen, bad ones included (templates' indexes count them)
};

// The format a path's extension names (.yaml/.yml, .json, .jsonl/.ndjson, .csv), if any.
std::optional<Format> format_for_path(const std::string& path);

// Reads one file; the format comes from the extension (YAML when unknown).
ReadResult read_templates_file(const std::string& path, const ReadLimits& limits = {});

// Reads text already in memory (`path` is used in messages and locations).
ReadResult read_templates_text(const std::string& path, std::string text, Format format,
                               const ReadLimits& limits = {});

}  // namespace tplguard::io
