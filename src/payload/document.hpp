#pragma once
// A flat, read-only view of one JSON request body, built from either an nlohmann::json
// (no source positions) or the io reader's tree (byte offsets into the file). Every check
// works on this view, so there is one validator for both inputs.
//
// Nodes are laid out breadth first: a container's children are contiguous, so walking an
// object is a scan over an index range. The view borrows every string from its source; a
// thread reuses one Document, so validating allocates nothing once its buffer has grown.
#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tplguard::io::detail {
struct Tree;
}

namespace tplguard::payload {

enum class JsonKind : uint8_t { null, boolean, number, string, array, object };

const char* kind_name(JsonKind kind);  // "a string", "a number", ... for messages
const char* kind_name_zh(JsonKind kind);

inline constexpr uint32_t kNoNode = UINT32_MAX;

struct DocNode {
  JsonKind kind = JsonKind::null;
  bool boolean = false;
  bool integer = false;     // a number written without fraction or exponent, within int64
  bool truncated = false;   // a container deeper than the view keeps: children not listed
  uint32_t parent = kNoNode;
  uint32_t first = 0, count = 0;  // children: [first, first + count)
  uint32_t position = 0;          // index among its parent's children
  std::string_view key;           // member name when the parent is an object
  std::string_view text;          // string value; a number as written (tree input only)
  int64_t int_value = 0;          // numbers with `integer`
  double number = 0;              // every number
  int64_t offset = -1;            // byte offset of the value's first character
  int64_t verbatim = -1;          // strings: byte offset of text[0] when it is verbatim
  int64_t key_offset = -1;        // byte offset of the member name's opening quote
  int64_t key_verbatim = -1;      // byte offset of key[0] when the key is verbatim
};

class Document {
 public:
  // Containers nested deeper than this are kept as truncated nodes (no spec goes deeper).
  static constexpr uint32_t kMaxDepth = 16;

  void build(const nlohmann::json& body);
  void build(const io::detail::Tree& tree, uint32_t root);

  const DocNode& node(uint32_t i) const { return nodes_[i]; }
  const DocNode& root() const { return nodes_[0]; }
  uint32_t index_of(const DocNode& n) const { return static_cast<uint32_t>(&n - nodes_.data()); }
  bool has_positions() const { return positions_; }
  // The last member named `key` (JSON parsers keep the last of duplicates), or null.
  const DocNode* member(const DocNode& object, std::string_view key) const;
  // RFC 6901 pointer of a node ("/data/thing1/value").
  std::string pointer(uint32_t i) const;
  // Gives back the memory of an unusually large body, so a thread's reused Document does
  // not keep it.
  void trim();

 private:
  std::vector<DocNode> nodes_;
  std::vector<std::pair<const nlohmann::json*, uint32_t>> json_sources_;  // per node: json, depth
  std::vector<std::pair<uint32_t, uint32_t>> tree_sources_;              // per node: tree node, depth
  bool positions_ = false;
};

}  // namespace tplguard::payload
