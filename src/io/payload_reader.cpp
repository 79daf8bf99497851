#include "io/payload_reader.hpp"

#include <algorithm>

#include "text/canonical.hpp"

namespace tplguard::io {
namespace {

using detail::Node;
using detail::NodeKind;

const Node* member(const detail::Tree& tree, const Node& map, std::string_view key) {
  const Node* found = nullptr;
  for (size_t i = 0; i + 1 < map.kids.size(); i += 2)
    if (tree.nodes[map.kids[i]].kind == NodeKind::string && tree.nodes[map.kids[i]].value == key)
      found = &tree.nodes[map.kids[i + 1]];
  return found;
}

// Adds one record: an envelope's body with its api, or the node itself.
void add_record(PayloadFile& out, detail::ErrorSink& errors, uint32_t node, size_t index) {
  const Node& n = out.tree.nodes[node];
  PayloadRecord r;
  r.body = node;
  r.index = index;
  if (n.kind == NodeKind::mapping) {
    const Node* body = member(out.tree, n, "body");
    if (body != nullptr && body->kind == NodeKind::mapping) {
      r.body = static_cast<uint32_t>(body - out.tree.nodes.data());
      if (const Node* api = member(out.tree, n, "api"); api && api->kind != NodeKind::null) {
        if (api->kind != NodeKind::string) {
          errors.add(api->token_offset, "`api` must be a string naming the API");
          return;
        }
        r.api = api->value;
      }
    }
  }
  out.records.push_back(std::move(r));
}

void read_json(PayloadFile& out, const ReadLimits& limits, detail::ErrorSink& errors) {
  const std::string& text = out.source->text();
  const size_t begin = detail::bom_length(text);
  if (std::all_of(text.begin() + static_cast<long>(begin), text.end(), detail::is_json_space)) return;
  if (!detail::parse_json(text, begin, text.size(), limits, out.tree, errors)) return;
  const uint32_t root = out.tree.roots.front();
  const Node& n = out.tree.nodes[root];
  if (n.kind == NodeKind::sequence) {
    const std::vector<uint32_t> kids = n.kids;
    for (size_t i = 0; i < kids.size(); ++i) add_record(out, errors, kids[i], i);
  } else {
    add_record(out, errors, root, 0);
  }
}

void read_jsonl(PayloadFile& out, const ReadLimits& limits, detail::ErrorSink& errors) {
  const std::string& text = out.source->text();
  size_t pos = detail::bom_length(text);
  size_t index = 0;  // counts non-blank lines, so indexes stay put when a line is bad
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    const size_t begin = pos, end = eol;
    pos = eol + 1;
    if (std::all_of(text.begin() + static_cast<long>(begin), text.begin() + static_cast<long>(end), detail::is_json_space))
      continue;
    const size_t record = index++;
    if (!detail::parse_json(text, begin, end, limits, out.tree, errors)) continue;
    add_record(out, errors, out.tree.roots.back(), record);
  }
}

}  // namespace

PayloadFile read_payload_text(const std::string& path, std::string text, Format format, const ReadLimits& limits) {
  PayloadFile out;
  try {
    if (text.size() > limits.max_file_bytes) {
      out.errors.push_back({path, 0, 0, "file too large (the limit is " + std::to_string(limits.max_file_bytes) + " bytes)"});
      return out;
    }
    out.source = std::make_shared<const SourceFile>(path, std::move(text));
    detail::ErrorSink errors(*out.source, out.errors);
    const std::string& t = out.source->text();
    if (format == Format::yaml) {
      errors.add(-1, "request bodies are JSON: give a .json or .jsonl file");
    } else if (auto bad = text::find_invalid_utf8(t)) {
      errors.add(static_cast<int64_t>(*bad), detail::invalid_utf8_message(t, *bad));
    } else if (format == Format::jsonl) {
      read_jsonl(out, limits, errors);
    } else {
      read_json(out, limits, errors);
    }
    errors.finish();
  } catch (const std::exception& e) {
    try {
      out.records.clear();
      out.errors.push_back({path, 0, 0, std::string("cannot read: ") + e.what()});
    } catch (...) {
    }
  }
  return out;
}

PayloadFile read_payload_file(const std::string& path, const ReadLimits& limits) {
  std::string text;
  std::string problem = util::read_file_text(path, limits.max_file_bytes, text);
  if (!problem.empty()) {
    PayloadFile out;
    out.errors.push_back({path, 0, 0, std::move(problem)});
    return out;
  }
  return read_payload_text(path, std::move(text), format_for_path(path).value_or(Format::json), limits);
}

}  // namespace tplguard::io
