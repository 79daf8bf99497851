#pragma once
// Internals shared by the readers: a small document tree that both the JSON and the YAML
// parsers build, with byte offsets, and the conversion of that tree into templates.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/template_reader.hpp"
#include "util/file_text.hpp"

namespace tplguard::io::detail {

enum class NodeKind : uint8_t { null, string, number, boolean, sequence, mapping };

const char* kind_name(NodeKind kind);  // "string", "number", "list", ... for messages

// Node::flags.
inline constexpr uint8_t kMergeKey = 1;  // a YAML plain `<<` (or `!!merge`) scalar

struct Node {
  NodeKind kind = NodeKind::null;
  uint8_t flags = 0;             // kMergeKey; sits in padding, the node is no larger
  int64_t token_offset = -1;     // byte offset of the node's first character in the file
  int64_t verbatim_offset = -1;  // strings only: see SourceText::verbatim_offset
  std::string value;             // strings; numbers and booleans as text
  std::vector<uint32_t> kids;    // sequence: items; mapping: key, value, key, value, ...
};

// Nodes of one parsed text. YAML aliases make a node the child of several parents (and
// can make cycles), so walkers must bound their work (see Converter).
struct Tree {
  std::vector<Node> nodes;
  std::vector<uint32_t> roots;  // one per document
  size_t merges = 0;            // YAML mappings that had merge keys resolved
};

// Thrown inside a parse to stop it (limits); caught by the reader, never escapes.
struct StopParse {
  int64_t offset;
  std::string message;
  int64_t related = -1;  // another place the message is about (a duplicate's first key)
  std::string note{};    // said after the related place: "<message> (first at line L, column C)<note>"
};

// The first key of a mapping's kids (key, value, ...) that repeats an earlier string key:
// {earlier key node, repeated key node}, or nullopt. Keys flagged kMergeKey are skipped.
// `scratch` is reused between calls so large mappings cost no allocation in a hot loop.
std::optional<std::pair<uint32_t, uint32_t>> duplicate_key(const std::vector<Node>& nodes,
                                                           const std::vector<uint32_t>& kids,
                                                           std::vector<uint32_t>& scratch);
// The parse error of a duplicate key (at the repeated key, naming the earlier one too).
StopParse duplicate_key_error(const std::vector<Node>& nodes, std::pair<uint32_t, uint32_t> keys);

// At most this many errors are kept per file; the rest are counted in a last message.
inline constexpr size_t kMaxErrorsPerFile = 1000;

// Collects the errors of one file, with line and column from byte offsets.
class ErrorSink {
 public:
  ErrorSink(const SourceFile& source, std::vector<InputError>& out) : source_(source), out_(out) {}
  void add(int64_t offset, std::string message);
  void add(const StopParse& stop);  // with " (first at line L, column C)" when it has a related place
  void finish();  // adds the "more errors" note, if any were dropped

 private:
  const SourceFile& source_;
  std::vector<InputError>& out_;
  size_t dropped_ = 0;
};

// 1-based line and column (in code points) of a byte offset; {0, 0} when offset < 0.
std::pair<uint32_t, uint32_t> line_column(const SourceFile& source, int64_t offset);

// Parses text[begin, end) as one JSON value into `tree` (adds one root). Returns where and
// why it stopped on a syntax error or a limit (the tree then gains no root).
std::optional<StopParse> parse_json_value(std::string_view text, size_t begin, size_t end,
                                          const ReadLimits& limits, Tree& tree);

// Parses text[begin, end) as one JSON value into `tree` (adds one root). Returns false and
// reports to `errors` on a syntax error or a limit.
bool parse_json(const std::string& text, size_t begin, size_t end, const ReadLimits& limits,
                Tree& tree, ErrorSink& errors);

// Parses text[begin, end) as a YAML stream into `tree` (one root per document). Returns
// false and reports to `errors` on a syntax error or a limit; documents read before the
// error are kept in `tree`.
bool parse_yaml(const std::string& text, size_t begin, size_t end, const ReadLimits& limits,
                Tree& tree, ErrorSink& errors);

// The record converter (record_converter.cpp): every document of `tree` (a `templates:` list,
// an API answer, a bare list, one template) into `out`; returns the records seen.
size_t convert_documents(const Tree& tree, const std::shared_ptr<const SourceFile>& source, const ReadLimits& limits,
                         ErrorSink& errors, std::vector<Template>& out);
// The tree's one root as the record `record_index` (a JSONL line).
void convert_record(const Tree& tree, const std::shared_ptr<const SourceFile>& source, const ReadLimits& limits,
                    ErrorSink& errors, std::vector<Template>& out, size_t record_index);

// Reads JSONL records (one a line) from `source` into `out`; returns the records seen, bad
// ones included, so indexes stay put when a line is bad.
size_t read_jsonl(const std::shared_ptr<const SourceFile>& source, const ReadLimits& limits,
                  ErrorSink& errors, std::vector<Template>& out);

// Reads a whole YAML or JSON document; returns the records seen.
size_t read_document_into(const std::shared_ptr<const SourceFile>& source, Format format,
                          const ReadLimits& limits, ErrorSink& errors, std::vector<Template>& out);

// What a CSV file's header row says about its columns (-1: absent). The first record
// is a header when one of its cells names the title column; otherwise the columns are
// title, keywords.
struct CsvHeader {
  bool seen = false;  // the first record has been looked at
  int title = 0, keywords = 1, content = -1, example = -1, profile = -1, template_id = -1,
      library_id = -1;
};

// Reads CSV records from `source` (a whole file or a window of whole records); the first
// record of the file fills `header`. Returns the records seen (the header not counted).
size_t read_csv(const SourceFile& text, const std::shared_ptr<const SourceFile>& source,
                ErrorSink& errors, CsvHeader& header, std::vector<Template>& out);
bool is_json_space(char c);
size_t bom_length(std::string_view text);                    // 3 for a UTF-8 BOM, else 0
std::string invalid_utf8_message(std::string_view text, size_t at);  // names the bad byte

// Offset of value[0] when `value` sits verbatim at text[at...] on one line, else -1.
int64_t verbatim_at(std::string_view text, size_t at, std::string_view value);

}  // namespace tplguard::io::detail
