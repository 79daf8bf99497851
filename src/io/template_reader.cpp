// Reading templates from YAML, JSON and JSONL files (see template_reader.hpp).
//
// Both parsers build a small tree with byte offsets (io/detail.hpp); the record converter
// (record_converter.cpp) turns it into Templates. The directory walk is in input_paths.cpp.
#include "io/template_reader.hpp"

#include <algorithm>
#include <filesystem>

#include "io/detail.hpp"
#include "text/canonical.hpp"
#include "yaml/yaml.hpp"

namespace tplguard::io {
namespace detail {

const char* kind_name(NodeKind kind) {
  switch (kind) {
    case NodeKind::null: return "null";
    case NodeKind::string: return "string";
    case NodeKind::number: return "number";
    case NodeKind::boolean: return "boolean";
    case NodeKind::sequence: return "list";
    case NodeKind::mapping: return "mapping";
  }
  return "value";
}

std::pair<uint32_t, uint32_t> line_column(const SourceFile& source, int64_t offset) {
  if (offset < 0) return {0, 0};
  const std::string& text = source.text();
  size_t off = std::min(static_cast<size_t>(offset), text.size());
  uint32_t line = source.line_of(off);
  uint32_t column = 1;
  // Code points: count the bytes that are not UTF-8 continuation bytes.
  for (size_t i = source.line_start(line); i < off; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  return {line, column};
}

void ErrorSink::add(int64_t offset, std::string message) {
  if (out_.size() >= kMaxErrorsPerFile) {
    ++dropped_;
    return;
  }
  auto [line, column] = line_column(source_, offset);
  out_.push_back(InputError{source_.path(), line, column, std::move(message)});
}

void ErrorSink::add(const StopParse& stop) {
  if (stop.related < 0) return add(stop.offset, stop.message);
  auto [line, column] = line_column(source_, stop.related);
  add(stop.offset, stop.message + " (first at line " + std::to_string(line) + ", column " +
                       std::to_string(column) + ")" + stop.note);
}

std::optional<std::pair<uint32_t, uint32_t>> duplicate_key(const std::vector<Node>& nodes,
                                                           const std::vector<uint32_t>& kids,
                                                           std::vector<uint32_t>& scratch) {
  auto is_key = [&](uint32_t k) { return nodes[k].kind == NodeKind::string && !(nodes[k].flags & kMergeKey); };
  const size_t pairs = kids.size() / 2;
  if (pairs < 2) return std::nullopt;
  if (pairs <= 16) {  // the usual record: comparing every pair is cheapest
    for (size_t j = 2; j + 1 < kids.size(); j += 2) {
      if (!is_key(kids[j])) continue;
      const std::string& b = nodes[kids[j]].value;
      for (size_t i = 0; i < j; i += 2)
        if (is_key(kids[i]) && nodes[kids[i]].value == b) return std::pair{kids[i], kids[j]};
    }
    return std::nullopt;
  }
  // Large mappings: sort the key positions by text (stable, so the earlier key comes first).
  scratch.clear();
  for (size_t i = 0; i + 1 < kids.size(); i += 2)
    if (is_key(kids[i])) scratch.push_back(static_cast<uint32_t>(i));
  std::stable_sort(scratch.begin(), scratch.end(),
                   [&](uint32_t a, uint32_t b) { return nodes[kids[a]].value < nodes[kids[b]].value; });
  std::optional<std::pair<uint32_t, uint32_t>> found;
  for (size_t i = 1; i < scratch.size(); ++i) {
    if (nodes[kids[scratch[i - 1]]].value != nodes[kids[scratch[i]]].value) continue;
    // Of all repeats report the one that comes first in the mapping, as the small case does.
    if (!found || scratch[i] < found->second) found = std::pair{scratch[i - 1], scratch[i]};
  }
  if (!found) return std::nullopt;
  // found holds positions in kids; the earliest occurrence of that key is the first of its run.
  return std::pair{kids[found->first], kids[found->second]};
}

StopParse duplicate_key_error(const std::vector<Node>& nodes, std::pair<uint32_t, uint32_t> keys) {
  const Node& again = nodes[keys.second];
  return StopParse{again.token_offset, yaml::duplicate_key_head(again.value), nodes[keys.first].token_offset,
                   yaml::kDuplicateKeyNote};
}

void ErrorSink::finish() {
  if (dropped_ == 0) return;
  out_.push_back(InputError{source_.path(), 0, 0,
                            std::to_string(dropped_) + " more errors in this file not shown"});
  dropped_ = 0;
}

int64_t verbatim_at(std::string_view text, size_t at, std::string_view value) {
  if (at > text.size() || value.find('\n') != std::string_view::npos) return -1;
  if (text.compare(at, value.size(), value) != 0) return -1;
  return static_cast<int64_t>(at);
}


bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t bom_length(std::string_view text) {
  return text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
}

std::string invalid_utf8_message(std::string_view text, size_t at) {
  static const char* hex = "0123456789ABCDEF";
  unsigned char b = static_cast<unsigned char>(text[at]);
  return std::string("invalid UTF-8 (byte 0x") + hex[b >> 4] + hex[b & 15] + ")";
}

// Returns the number of records seen (read or not).
size_t read_document(const std::shared_ptr<const SourceFile>& source, Format format,
                     const ReadLimits& limits, ErrorSink& errors, ReadResult& out) {
  const std::string& text = source->text();
  if (auto bad = text::find_invalid_utf8(text)) {
    errors.add(static_cast<int64_t>(*bad), invalid_utf8_message(text, *bad));
    return 0;
  }
  size_t begin = bom_length(text);
  Tree tree;
  if (format == Format::json) {
    // An empty file holds no templates (nlohmann would call it a syntax error).
    if (std::all_of(text.begin() + begin, text.end(), is_json_space)) return 0;
    if (!parse_json(text, begin, text.size(), limits, tree, errors)) return 0;
  } else {
    // On a syntax error, documents before the broken one are still read.
    parse_yaml(text, begin, text.size(), limits, tree, errors);
  }
  return convert_documents(tree, source, limits, errors, out.templates);
}


size_t read_jsonl(const std::shared_ptr<const SourceFile>& source, const ReadLimits& limits,
                  ErrorSink& errors, std::vector<Template>& out) {
  const std::string& text = source->text();
  size_t pos = bom_length(text);
  size_t index = 0;  // counts non-blank lines, so indexes stay put when a line is bad
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    size_t begin = pos, end = eol;
    pos = eol + 1;
    if (std::all_of(text.begin() + begin, text.begin() + end, is_json_space)) continue;
    size_t record_index = index++;
    std::string_view line(text.data() + begin, end - begin);
    if (auto bad = text::find_invalid_utf8(line)) {
      errors.add(static_cast<int64_t>(begin + *bad), invalid_utf8_message(text, begin + *bad));
      continue;
    }
    Tree tree;
    if (!parse_json(text, begin, end, limits, tree, errors)) continue;
    convert_record(tree, source, limits, errors, out, record_index);
  }
  return index;
}

size_t read_document_into(const std::shared_ptr<const SourceFile>& source, Format format,
                          const ReadLimits& limits, ErrorSink& errors, std::vector<Template>& out) {
  ReadResult r;
  size_t records = read_document(source, format, limits, errors, r);
  out = std::move(r.templates);
  return records;
}

namespace {

void add_file_error(ReadResult& r, const std::string& path, std::string message) noexcept {
  try {
    r.errors.push_back(InputError{path, 0, 0, std::move(message)});
  } catch (...) {
  }
}

}  // namespace
}  // namespace detail

std::optional<Format> format_for_path(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".yaml" || ext == ".yml") return Format::yaml;
  if (ext == ".json") return Format::json;
  if (ext == ".jsonl" || ext == ".ndjson") return Format::jsonl;
  if (ext == ".csv") return Format::csv;
  return std::nullopt;
}

ReadResult read_templates_text(const std::string& path, std::string text, Format format,
                               const ReadLimits& limits) {
  ReadResult r;
  try {
    if (text.size() > limits.max_file_bytes) {
      detail::add_file_error(r, path, util::too_large_message(limits.max_file_bytes));
      return r;
    }
    auto source = std::make_shared<const SourceFile>(path, std::move(text));
    r.source = source;
    detail::ErrorSink errors(*source, r.errors);
    try {
      if (format == Format::jsonl) {
        r.records = detail::read_jsonl(source, limits, errors, r.templates);
      } else if (format == Format::csv) {
        detail::CsvHeader header;
        r.records = detail::read_csv(*source, source, errors, header, r.templates);
      } else {
        r.records = detail::read_document(source, format, limits, errors, r);
      }
    } catch (const std::bad_alloc&) {
      errors.add(-1, "out of memory while reading");
    } catch (const std::exception& e) {
      errors.add(-1, std::string("cannot read: ") + e.what());
    }
    errors.finish();
  } catch (...) {
    detail::add_file_error(r, path, "out of memory while reading");
  }
  return r;
}


ReadResult read_templates_file(const std::string& path, const ReadLimits& limits) {
  ReadResult r;
  std::string text;
  std::string problem = util::read_file_text(path, limits.max_file_bytes, text);
  if (!problem.empty()) {
    detail::add_file_error(r, path, std::move(problem));
    return r;
  }
  return read_templates_text(path, std::move(text), format_for_path(path).value_or(Format::yaml),
                             limits);
}

}  // namespace tplguard::io
