// JSON into the reader's tree, with byte offsets.
//
// nlohmann's DOM keeps no positions, so we run its SAX parser over an iterator that
// publishes how far the lexer has read. At each SAX callback the lexer has just consumed
// the callback's token (plus one byte after a number), so a token starts at the first byte
// at or after the previous callback's end that is not whitespace, ',' or ':'.
#include <iterator>

#include <nlohmann/json.hpp>

#include "io/detail.hpp"

namespace tplguard::io::detail {
namespace {

// An input iterator over a char buffer that stores its position in a shared slot, so the
// SAX handler can see how far the lexer has read.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* p, const char** shared) : p_(p), shared_(shared) {}
  reference operator*() const { return *p_; }
  TrackingIterator& operator++() {
    ++p_;
    *shared_ = p_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const TrackingIterator& other) const { return p_ == other.p_; }
  bool operator!=(const TrackingIterator& other) const { return p_ != other.p_; }

 private:
  const char* p_;
  const char** shared_;
};

class Builder {
 public:
  using json = nlohmann::json;

  Builder(std::string_view text, size_t begin, size_t end, const ReadLimits& limits,
          Tree& tree)
      : text_(text), begin_(begin), end_(end), limits_(limits), tree_(tree),
        base_nodes_(tree.nodes.size()), read_(text.data() + begin), scan_from_(begin) {}

  const char** read_slot() { return &read_; }
  const std::optional<StopParse>& stop() const { return stop_; }
  bool has_root() const { return has_root_; }

  bool null() { return leaf(NodeKind::null, "", token_start()); }
  bool boolean(bool v) { return leaf(NodeKind::boolean, v ? "true" : "false", token_start()); }
  bool number_integer(json::number_integer_t v) {
    return leaf(NodeKind::number, std::to_string(v), token_start());
  }
  bool number_unsigned(json::number_unsigned_t v) {
    return leaf(NodeKind::number, std::to_string(v), token_start());
  }
  bool number_float(json::number_float_t, const json::string_t& raw) {
    return leaf(NodeKind::number, raw, token_start());
  }
  bool string(json::string_t& v) { return string_node(v); }
  bool binary(json::binary_t&) { return leaf(NodeKind::null, "", token_start()); }
  bool key(json::string_t& v) { return string_node(v); }

  bool start_object(std::size_t) { return open(NodeKind::mapping); }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(NodeKind::sequence); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    // `position` counts bytes read from our begin, 1-based; point at the last byte read.
    size_t off = begin_ + (position > 0 ? position - 1 : 0);
    if (off > end_) off = end_;
    stop_ = StopParse{static_cast<int64_t>(off), clean_message(e.what())};
    return false;
  }

 private:
  size_t read_offset() const { return static_cast<size_t>(read_ - text_.data()); }

  // Start of the token the lexer has just consumed; moves the scan point past it.
  size_t token_start() {
    size_t i = scan_from_;
    size_t stop = read_offset();
    while (i < stop) {
      char c = text_[i];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',' && c != ':') break;
      ++i;
    }
    scan_from_ = stop;
    return i;
  }

  bool string_node(std::string& v) {
    size_t start = token_start();  // the opening quote
    Node n;
    n.kind = NodeKind::string;
    n.token_offset = static_cast<int64_t>(start);
    // Verbatim only when the raw bytes between the quotes are the value itself (no escapes).
    size_t close_quote = read_offset() - 1;
    if (close_quote > start && close_quote - (start + 1) == v.size())
      n.verbatim_offset = verbatim_at(text_, start + 1, v);
    n.value = std::move(v);
    return add(std::move(n));
  }

  bool leaf(NodeKind kind, std::string value, size_t start) {
    Node n;
    n.kind = kind;
    n.token_offset = static_cast<int64_t>(start);
    n.value = std::move(value);
    return add(std::move(n));
  }

  bool add(Node n) {
    if (tree_.nodes.size() >= limits_.max_nodes + base_nodes_ ||
        tree_.nodes.size() >= UINT32_MAX) {
      stop_ = StopParse{n.token_offset, "too many nodes (more than " +
                                            std::to_string(limits_.max_nodes) + ")"};
      return false;
    }
    uint32_t index = static_cast<uint32_t>(tree_.nodes.size());
    tree_.nodes.push_back(std::move(n));
    if (open_.empty()) {
      tree_.roots.push_back(index);
      has_root_ = true;
    } else {
      kids_.back().push_back(index);
    }
    return true;
  }

  bool open(NodeKind kind) {
    size_t start = token_start();
    // The SAX parser itself is iterative; this keeps trees and walkers shallow.
    if (open_.size() + 1 > limits_.max_depth) {
      stop_ = StopParse{static_cast<int64_t>(start),
                        "nesting deeper than " + std::to_string(limits_.max_depth) + " levels"};
      return false;
    }
    Node n;
    n.kind = kind;
    n.token_offset = static_cast<int64_t>(start);
    if (!add(std::move(n))) return false;
    open_.push_back(static_cast<uint32_t>(tree_.nodes.size() - 1));
    kids_.emplace_back();
    return true;
  }

  bool close() {
    token_start();  // the bracket; keeps the scan point in step
    if (open_.empty()) return true;
    // A repeated key is refused, not resolved: which value WeChat (or any other reader)
    // would take is not defined, so last-wins would be a silent guess.
    if (tree_.nodes[open_.back()].kind == NodeKind::mapping) {
      if (auto dup = duplicate_key(tree_.nodes, kids_.back(), scratch_)) {
        stop_ = duplicate_key_error(tree_.nodes, *dup);
        return false;
      }
    }
    tree_.nodes[open_.back()].kids = std::move(kids_.back());
    open_.pop_back();
    kids_.pop_back();
    return true;
  }

  // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..."
  // -> "syntax error ..."; the line and column are ours.
  static std::string clean_message(const std::string& what) {
    size_t at = what.find("parse error");
    if (at != std::string::npos) {
      size_t colon = what.find(": ", at);
      if (colon != std::string::npos) return what.substr(colon + 2);
    }
    return what;
  }

  std::string_view text_;
  size_t begin_, end_;
  const ReadLimits& limits_;
  Tree& tree_;
  size_t base_nodes_;  // nodes already in the tree: the node limit is per parse
  const char* read_;   // how far the lexer has read (written by TrackingIterator)
  size_t scan_from_;   // where the next token search starts
  std::vector<uint32_t> open_;               // open containers
  std::vector<std::vector<uint32_t>> kids_;  // their children so far
  std::vector<uint32_t> scratch_;            // for duplicate_key
  std::optional<StopParse> stop_;
  bool has_root_ = false;
};

}  // namespace

std::optional<StopParse> parse_json_value(std::string_view text, size_t begin, size_t end,
                                          const ReadLimits& limits, Tree& tree) {
  Builder builder(text, begin, end, limits, tree);
  TrackingIterator first(text.data() + begin, builder.read_slot());
  TrackingIterator last(text.data() + end, builder.read_slot());
  bool ok = nlohmann::json::sax_parse(first, last, &builder, nlohmann::json::input_format_t::json,
                                      /*strict=*/true, /*ignore_comments=*/false);
  if (ok && builder.has_root()) return std::nullopt;
  // Drop a partial root: callers only see complete values.
  if (builder.has_root()) tree.roots.pop_back();
  if (builder.stop()) return builder.stop();
  return StopParse{static_cast<int64_t>(begin), "cannot parse JSON"};
}

bool parse_json(const std::string& text, size_t begin, size_t end, const ReadLimits& limits,
                Tree& tree, ErrorSink& errors) {
  if (auto stop = parse_json_value(text, begin, end, limits, tree)) {
    errors.add(*stop);
    return false;
  }
  return true;
}

}  // namespace tplguard::io::detail
