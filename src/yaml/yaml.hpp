#pragma once
// The one YAML reader of the project's own files (rule packs, lexicons, API specs, the
// configuration): libyaml's parser (the reference C implementation, Debian's libyaml) into a
// small immutable tree, strict where yaml-cpp was lax. It refuses what would be silently
// misread: repeated keys, merge keys (`<<`), tags, a second document, aliases that expand past
// a node budget or refer to their own container, nesting past a depth. Every node keeps its
// line and column for messages; `unknown_key` gives the did-you-mean for misspelt keys.
//
// The interface is the small part of yaml-cpp's that the project used (IsMap, operator[],
// as<T>, iteration yielding items or key/value pairs), so callers read the same.
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tplguard::yaml {

enum class NodeType : uint8_t { Undefined, Null, Scalar, Sequence, Map };

// 0-based line and column (in characters); -1 when unknown (an undefined node).
struct Mark {
  int64_t pos = -1;  // characters from the start of the text
  int line = -1;
  int column = -1;
};

// A parse error, or a value of the wrong type asked for. `msg` says what, `mark` where.
class Exception : public std::runtime_error {
 public:
  Exception(yaml::Mark at, std::string message);
  yaml::Mark mark;
  std::string msg;
};

struct Limits {
  size_t max_depth = 64;          // nested collections
  size_t max_nodes = 1'000'000;   // nodes after alias expansion
  // Remember which keys readers look up, for unread_key(): on for the project's own files,
  // whose every key must mean something. A recording tree belongs to one thread.
  bool record_reads = false;
};

namespace detail {
struct Document;
}
struct Entry;
struct UnknownKey;

class Node {
 public:
  Node() = default;  // undefined: what a missing key gives

  NodeType Type() const;
  bool IsDefined() const { return doc_ != nullptr; }
  bool IsNull() const { return Type() == NodeType::Null; }
  bool IsScalar() const { return Type() == NodeType::Scalar; }
  bool IsSequence() const { return Type() == NodeType::Sequence; }
  bool IsMap() const { return Type() == NodeType::Map; }
  explicit operator bool() const { return IsDefined(); }

  // The text of a scalar (empty for anything else). A null's text is what was written.
  const std::string& Scalar() const;
  // A plain (unquoted, non-block) scalar: the ones whose text may mean a number or a boolean.
  bool plain() const;
  yaml::Mark Mark() const;
  // Entries of a map, items of a sequence, else 0.
  size_t size() const;

  // A map's value for `key` (undefined when absent or not a map).
  Node operator[](std::string_view key) const;
  Node operator[](const char* key) const { return (*this)[std::string_view(key)]; }
  Node operator[](const std::string& key) const { return (*this)[std::string_view(key)]; }
  // A sequence's item (undefined when out of range or not a sequence).
  Node operator[](size_t i) const;
  Node operator[](int i) const { return i < 0 ? Node() : (*this)[static_cast<size_t>(i)]; }

  // Conversions, throwing Exception at the node when it does not hold one: std::string (a
  // scalar; a null gives "null", as yaml-cpp did), bool (true/false, yes/no, on/off, y/n in
  // any of the usual cases), int, int64_t, uint32_t, double.
  template <typename T>
  T as() const;
  // The same, or `fallback` where the node is missing, null or not convertible.
  template <typename T, typename U>
  T as(const U& fallback) const {
    if (!IsDefined() || IsNull()) return T(fallback);
    try {
      return as<T>();
    } catch (const Exception&) {
      return T(fallback);
    }
  }

  // Iteration: a sequence yields its items (the entry is the item), a map its pairs (the
  // entry's first and second).
  class const_iterator;
  const_iterator begin() const;
  const_iterator end() const;

 private:
  friend Node parse(std::string_view text, const Limits& limits);
  friend std::optional<UnknownKey> unread_key(const Node& root);
// "missing `k`", with the key of `map` that is nearest to it when one is close ("missing
// `append` (is `apend` meant?)"): a required key written wrong is named where it is.
std::string missing_key_message(const Node& map, std::string_view key, std::string_view what = "");
// "unknown key `k` (did you mean `s`?)": the one wording of both.
std::string unknown_key_message(const UnknownKey& u);
  Node(std::shared_ptr<const detail::Document> doc, uint32_t index) : doc_(std::move(doc)), index_(index) {}
  Node kid(size_t k) const;

  std::shared_ptr<const detail::Document> doc_;
  uint32_t index_ = 0;
};

struct Entry : Node, std::pair<Node, Node> {
  Entry(Node item, Node key, Node value) : Node(std::move(item)), std::pair<Node, Node>(std::move(key), std::move(value)) {}
};

class Node::const_iterator {
 public:
  using value_type = Entry;
  using difference_type = std::ptrdiff_t;
  const_iterator() = default;
  Entry operator*() const;
  const_iterator& operator++() {
    pos_ += step_;
    return *this;
  }
  bool operator==(const const_iterator& o) const { return pos_ == o.pos_; }

 private:
  friend class Node;
  const_iterator(const Node* parent, size_t pos, size_t step) : parent_(parent), pos_(pos), step_(step) {}
  const Node* parent_ = nullptr;
  size_t pos_ = 0, step_ = 1;
};

template <> std::string Node::as<std::string>() const;
template <> bool Node::as<bool>() const;
template <> int Node::as<int>() const;
template <> int64_t Node::as<int64_t>() const;
template <> uint32_t Node::as<uint32_t>() const;
template <> double Node::as<double>() const;

// Parses the first and only document of `text` (an empty text is a null node). Throws
// Exception at the first problem.
Node parse(std::string_view text, const Limits& limits = {});
// The same for a file; an unreadable file is an Exception too (its message names the path).
Node parse_file(const std::string& path, const Limits& limits = {});

// The first key of a map that is not one of `known`, and the nearest known key (empty when
// none is close): what an "unknown key ... (did you mean ...?)" error needs.
struct UnknownKey {
  Node key;
  std::string suggestion;
};
std::optional<UnknownKey> unknown_key(const Node& map, std::initializer_list<std::string_view> known);
std::optional<UnknownKey> unknown_key(const Node& map, const std::vector<std::string_view>& known);
// In a tree parsed with record_reads, after its readers are done: the first key, in document
// order, of a map whose keys were looked up one by one (never iterated) that no reader asked
// for, with the nearest key that was asked for. A misspelt `sumary:` is found this way without
// a list of known keys beside the code that reads them.
std::optional<UnknownKey> unread_key(const Node& root);
// "missing `k`", with the key of `map` that is nearest to it when one is close ("missing
// `append` (is `apend` meant?)"): a required key written wrong is named where it is.
std::string missing_key_message(const Node& map, std::string_view key, std::string_view what = "");
// "unknown key `k` (did you mean `s`?)": the one wording of both.
std::string unknown_key_message(const UnknownKey& u);

// The wording of a repeated key, shared with the template readers: "duplicate key `k`" (cut
// at 64 bytes on a character boundary), and the note said after where the first one was.
std::string duplicate_key_head(std::string_view key);
inline constexpr const char* kDuplicateKeyNote =
    ": a key may appear only once in a mapping (which value would count is not defined)";

// Writes YAML with libyaml's emitter (block style, UTF-8 unescaped): the configuration's dump.
class Writer {
 public:
  Writer();
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  void begin_map();
  void end_map();
  void begin_seq(bool flow = false);
  void end_seq();
  // A plain scalar where it reads back as the same string, else quoted; `literal` writes it
  // as it is (numbers, booleans, null).
  void scalar(std::string_view text, bool literal = false);
  std::string finish();  // ends the document and returns the text

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace tplguard::yaml
