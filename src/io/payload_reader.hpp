#pragma once
// Reading request bodies for `tplguard check`: a .json file holds one body or a list of
// them, a .jsonl file one a line. A record {"api": "...", "body": {...}, ...} (the corpus'
// shape) is an envelope: its body is validated, for the API it names.
//
// Like the template readers, this never throws on bad input: problems become InputErrors
// with file, line and column, and every readable record is still returned.
#include <memory>
#include <string>
#include <vector>

#include "io/detail.hpp"
#include "io/template_reader.hpp"

namespace tplguard::io {

struct PayloadRecord {
  uint32_t body = 0;  // tree node of the request body
  size_t index = 0;   // 0-based position of the record in its file
  std::string api;    // the envelope's `api`, if any
};

struct PayloadFile {
  std::shared_ptr<const SourceFile> source;  // null when the file could not be read
  detail::Tree tree;
  std::vector<PayloadRecord> records;
  std::vector<InputError> errors;
};

PayloadFile read_payload_file(const std::string& path, const ReadLimits& limits = {});
PayloadFile read_payload_text(const std::string& path, std::string text, Format format,
                              const ReadLimits& limits = {});

}  // namespace tplguard::io
