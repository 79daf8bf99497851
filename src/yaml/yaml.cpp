#include "yaml/yaml.hpp"

#include <yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "util/closest.hpp"

namespace tplguard::yaml {

namespace detail {

struct Item {
  NodeType type = NodeType::Null;
  bool plain = false;
  int line = 0, column = 0;
  int64_t pos = 0;
  uint32_t first = 0, count = 0;  // kids: doc.kids[first, first + count) (a map's: key, value, ...)
  std::string text;
};

// What readers asked of one map, kept when the document was parsed with record_reads.
struct Reads {
  std::vector<std::string> asked;  // keys looked up, present or not
  bool iterated = false;           // a reader walked every entry
};

struct Document {
  std::vector<Item> items;
  std::vector<uint32_t> kids;
  bool record_reads = false;
  // Written by const lookups: a recording document belongs to one loading thread.
  mutable std::unordered_map<uint32_t, Reads> reads;
};

}  // namespace detail

using detail::Document;
using detail::Item;

std::string duplicate_key_head(std::string_view key) {
  std::string k(key);
  if (k.size() > 64) {  // cut on a character boundary
    size_t cut = 64;
    while (cut > 0 && (static_cast<unsigned char>(k[cut]) & 0xC0) == 0x80) --cut;
    k = k.substr(0, cut) + "...";
  }
  return "duplicate key `" + k + "`";
}

Exception::Exception(yaml::Mark at, std::string message)
    : std::runtime_error(at.line >= 0 ? "line " + std::to_string(at.line + 1) + ": " + message : message),
      mark(at),
      msg(std::move(message)) {}

namespace {

const std::string kEmpty;

bool is_null_text(std::string_view s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

std::optional<bool> bool_of(std::string_view s) {
  for (std::string_view t : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"})
    if (s == t) return true;
  for (std::string_view f : {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"})
    if (s == f) return false;
  return std::nullopt;
}

// Owns libyaml's parser and its current event, so every exit frees both.
class Parser {
 public:
  explicit Parser(std::string_view text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  ~Parser() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  const yaml_event_t& next() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = false;
    if (!yaml_parser_parse(&parser_, &event_)) {
      const yaml_mark_t& m = parser_.problem_mark;
      std::string what = parser_.problem ? parser_.problem : "cannot parse YAML";
      if (parser_.context) what = std::string(parser_.context) + ": " + what;
      throw Exception({static_cast<int64_t>(m.index), static_cast<int>(m.line), static_cast<int>(m.column)}, what);
    }
    has_event_ = true;
    return event_;
  }

 private:
  yaml_parser_t parser_;
  yaml_event_t event_;
  bool has_event_ = false;
};

Mark mark_of(const yaml_mark_t& m) {
  return {static_cast<int64_t>(m.index), static_cast<int>(m.line), static_cast<int>(m.column)};
}

std::string duplicate_message(const Item& again, const Item& first) {
  return duplicate_key_head(again.text) + " (first at line " + std::to_string(first.line + 1) + ", column " +
         std::to_string(first.column + 1) + ")" + kDuplicateKeyNote;
}

class Builder {
 public:
  explicit Builder(const Limits& limits) : limits_(limits), doc_(std::make_shared<Document>()) {
    doc_->record_reads = limits.record_reads;
  }

  std::shared_ptr<Document> run(std::string_view text, uint32_t& root) {
    Parser parser(text);
    bool seen_document = false;
    for (;;) {
      const yaml_event_t& e = parser.next();
      const Mark at = mark_of(e.start_mark);
      switch (e.type) {
        case YAML_STREAM_START_EVENT:
        case YAML_NO_EVENT:
          break;
        case YAML_STREAM_END_EVENT:
          if (!seen_document) root = add(NodeType::Null, true, at, {});
          return std::move(doc_);
        case YAML_DOCUMENT_START_EVENT:
          if (seen_document) throw Exception(at, "a second YAML document (`---`): one file holds one document");
          seen_document = true;
          break;
        case YAML_DOCUMENT_END_EVENT:
          root = root_;
          break;
        case YAML_ALIAS_EVENT: {
          const std::string name = reinterpret_cast<const char*>(e.data.alias.anchor);
          auto it = anchors_.find(name);
          if (it == anchors_.end()) throw Exception(at, "alias *" + name + " names no anchor before it");
          if (open_.count(it->second))
            throw Exception(at, "alias *" + name + " refers to a node that contains it");
          place(it->second);
          break;
        }
        case YAML_SCALAR_EVENT: {
          refuse_tag(e.data.scalar.tag, at);
          const bool plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
          std::string text(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
          if (plain && text == "<<" && expecting_key())
            throw Exception(at, "YAML merge keys (`<<`) are not supported in rule packs and configuration "
                                "(write the keys out)");
          const NodeType type = plain && is_null_text(text) ? NodeType::Null : NodeType::Scalar;
          const uint32_t n = add(type, plain, at, std::move(text));
          anchor(e.data.scalar.anchor, n);
          place(n);
          break;
        }
        case YAML_SEQUENCE_START_EVENT:
          refuse_tag(e.data.sequence_start.tag, at);
          open(NodeType::Sequence, at, e.data.sequence_start.anchor);
          break;
        case YAML_MAPPING_START_EVENT:
          refuse_tag(e.data.mapping_start.tag, at);
          open(NodeType::Map, at, e.data.mapping_start.anchor);
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          close(at);
          break;
      }
    }
  }

 private:
  struct Frame {
    uint32_t node;
    size_t pending;  // where its kids start in pending_
  };

  uint32_t add(NodeType type, bool plain, Mark at, std::string text) {
    if (doc_->items.size() >= limits_.max_nodes) throw Exception(at, "too many nodes");
    Item item;
    item.type = type;
    item.plain = plain;
    item.line = at.line;
    item.column = at.column;
    item.pos = at.pos;
    item.text = std::move(text);
    doc_->items.push_back(std::move(item));
    expanded_.push_back(1);
    return static_cast<uint32_t>(doc_->items.size() - 1);
  }

  bool expecting_key() const {
    return !frames_.empty() && doc_->items[frames_.back().node].type == NodeType::Map &&
           (pending_.size() - frames_.back().pending) % 2 == 0;
  }

  void refuse_tag(const yaml_char_t* tag, Mark at) {
    if (tag == nullptr) return;
    std::string t = reinterpret_cast<const char*>(tag);
    if (t.rfind("tag:yaml.org,2002:", 0) == 0) t = "!!" + t.substr(18);  // as it was written
    throw Exception(at, "YAML tag `" + t + "` is not supported here (remove the tag)");
  }

  void anchor(const yaml_char_t* name, uint32_t node) {
    if (name != nullptr) anchors_[reinterpret_cast<const char*>(name)] = node;  // a later anchor of the same name wins
  }

  void place(uint32_t node) {
    if (frames_.empty()) {
      root_ = node;
      return;
    }
    pending_.push_back(node);
  }

  void open(NodeType type, Mark at, const yaml_char_t* name) {
    if (frames_.size() >= limits_.max_depth)
      throw Exception(at, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    const uint32_t n = add(type, false, at, {});
    anchor(name, n);
    open_.insert(n);
    frames_.push_back({n, pending_.size()});
  }

  void close(Mark at) {
    const Frame f = frames_.back();
    frames_.pop_back();
    open_.erase(f.node);
    auto& items = doc_->items;
    const size_t count = pending_.size() - f.pending;
    if (items[f.node].type == NodeType::Map) refuse_duplicates(f.pending, count);
    uint64_t size = 1;
    for (size_t k = f.pending; k < pending_.size(); ++k) size += expanded_[pending_[k]];
    if (size > limits_.max_nodes)
      throw Exception(mark_at(f.node), "too many nodes once aliases are expanded (more than " +
                                           std::to_string(limits_.max_nodes) + ")");
    expanded_[f.node] = size;
    items[f.node].first = static_cast<uint32_t>(doc_->kids.size());
    items[f.node].count = static_cast<uint32_t>(count);
    doc_->kids.insert(doc_->kids.end(), pending_.begin() + static_cast<std::ptrdiff_t>(f.pending), pending_.end());
    pending_.resize(f.pending);
    place(f.node);
  }

  Mark mark_at(uint32_t n) const {
    const Item& i = doc_->items[n];
    return {i.pos, i.line, i.column};
  }

  void refuse_duplicates(size_t begin, size_t count) {
    const auto& items = doc_->items;
    seen_.clear();
    for (size_t k = begin; k < begin + count; k += 2) {
      const Item& key = items[pending_[k]];
      if (key.type != NodeType::Scalar && key.type != NodeType::Null) continue;
      auto [it, fresh] = seen_.emplace(key.text, pending_[k]);
      if (!fresh) throw Exception(mark_at(pending_[k]), duplicate_message(key, items[it->second]));
    }
  }

  const Limits& limits_;
  std::shared_ptr<Document> doc_;
  std::vector<uint64_t> expanded_;  // per node: its size once aliases are expanded
  std::vector<Frame> frames_;
  std::vector<uint32_t> pending_;
  std::unordered_map<std::string, uint32_t> anchors_;
  std::unordered_set<uint32_t> open_;
  std::unordered_map<std::string_view, uint32_t> seen_;
  uint32_t root_ = 0;
};

template <typename T>
T integer(const Node& n, const char* what) {
  const std::string& s = n.Scalar();
  T v{};
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (b != e && *b == '+') ++b;
  auto [p, ec] = std::from_chars(b, e, v);
  if (!n.IsScalar() || s.empty() || ec != std::errc() || p != e)
    throw Exception(n.Mark(), "expected " + std::string(what) + ", found \"" + s + "\"");
  return v;
}

}  // namespace

NodeType Node::Type() const { return doc_ ? doc_->items[index_].type : NodeType::Undefined; }

const std::string& Node::Scalar() const {
  if (!doc_) return kEmpty;
  const Item& i = doc_->items[index_];
  return i.type == NodeType::Scalar || i.type == NodeType::Null ? i.text : kEmpty;
}

bool Node::plain() const { return doc_ && doc_->items[index_].plain; }

Mark Node::Mark() const {
  if (!doc_) return {};
  const Item& i = doc_->items[index_];
  return {i.pos, i.line, i.column};
}

size_t Node::size() const {
  if (!doc_) return 0;
  const Item& i = doc_->items[index_];
  return i.type == NodeType::Map ? i.count / 2 : i.type == NodeType::Sequence ? i.count : 0;
}

Node Node::kid(size_t k) const { return Node(doc_, doc_->kids[doc_->items[index_].first + k]); }

Node Node::operator[](std::string_view key) const {
  if (!IsMap()) return {};
  if (doc_->record_reads) {
    std::vector<std::string>& asked = doc_->reads[index_].asked;
    if (std::find(asked.begin(), asked.end(), key) == asked.end()) asked.emplace_back(key);
  }
  const Item& i = doc_->items[index_];
  for (size_t k = 0; k < i.count; k += 2) {
    const Item& kn = doc_->items[doc_->kids[i.first + k]];
    if (kn.type == NodeType::Scalar && kn.text == key) return kid(k + 1);
  }
  return {};
}

Node Node::operator[](size_t n) const {
  if (!IsSequence() || n >= doc_->items[index_].count) return {};
  return kid(n);
}

Entry Node::const_iterator::operator*() const {
  if (step_ == 2) return Entry(Node(), parent_->kid(pos_), parent_->kid(pos_ + 1));
  return Entry(parent_->kid(pos_), Node(), Node());
}

Node::const_iterator Node::begin() const {
  if (IsMap() && doc_->record_reads) doc_->reads[index_].iterated = true;
  return const_iterator(this, 0, IsMap() ? 2 : 1);
}

Node::const_iterator Node::end() const {
  const size_t n = IsMap() || IsSequence() ? doc_->items[index_].count : 0;
  return const_iterator(this, n, IsMap() ? 2 : 1);
}

template <>
std::string Node::as<std::string>() const {
  if (IsNull()) return "null";
  if (!IsScalar()) throw Exception(Mark(), IsDefined() ? "expected a text, found a list or mapping" : "missing value");
  return Scalar();
}

template <>
bool Node::as<bool>() const {
  if (IsScalar())
    if (auto b = bool_of(Scalar())) return *b;
  throw Exception(Mark(), "expected true or false, found \"" + Scalar() + "\"");
}

template <>
int Node::as<int>() const { return integer<int>(*this, "a whole number"); }
template <>
int64_t Node::as<int64_t>() const { return integer<int64_t>(*this, "a whole number"); }
template <>
uint32_t Node::as<uint32_t>() const { return integer<uint32_t>(*this, "a whole number of 0 or more"); }

template <>
double Node::as<double>() const {
  const std::string& s = Scalar();
  if (IsScalar()) {
    if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf") return INFINITY;
    if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return -INFINITY;
    if (s == ".nan" || s == ".NaN" || s == ".NAN") return NAN;
    const char* b = s.data();
    const char* e = s.data() + s.size();
    if (b != e && *b == '+') ++b;
    double v = 0;
    auto [p, ec] = std::from_chars(b, e, v);
    if (!s.empty() && ec == std::errc() && p == e) return v;
  }
  throw Exception(Mark(), "expected a number, found \"" + s + "\"");
}

Node parse(std::string_view text, const Limits& limits) {
  Builder builder(limits);
  uint32_t root = 0;
  std::shared_ptr<Document> doc = builder.run(text, root);
  return Node(std::move(doc), root);
}

Node parse_file(const std::string& path, const Limits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Exception({}, path + ": cannot read the file");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse(text, limits);
}

std::optional<UnknownKey> unknown_key(const Node& map, const std::vector<std::string_view>& known) {
  for (const auto& kv : map) {
    const std::string& k = kv.first.Scalar();
    bool found = false;
    for (std::string_view name : known) found |= name == k;
    if (!found) return UnknownKey{kv.first, std::string(util::closest(k, known))};
  }
  return std::nullopt;
}

std::optional<UnknownKey> unread_key(const Node& root) {
  if (!root.IsDefined() || !root.doc_->record_reads) return std::nullopt;
  const Document& doc = *root.doc_;
  std::unordered_set<uint32_t> seen;
  // Depth first in document order, each node once (an alias shares its anchor's node).
  auto walk = [&](auto& self, const Node& n) -> std::optional<UnknownKey> {
    if (!n.IsMap() && !n.IsSequence()) return std::nullopt;
    if (!seen.insert(n.index_).second) return std::nullopt;
    if (auto it = doc.reads.find(n.index_); n.IsMap() && it != doc.reads.end() && !it->second.iterated) {
      const std::vector<std::string>& asked = it->second.asked;
      const size_t count = doc.items[n.index_].count;
      for (size_t k = 0; k < count; k += 2) {
        const Node key = n.kid(k);
        if (std::find(asked.begin(), asked.end(), key.Scalar()) == asked.end())
          return UnknownKey{key, std::string(util::closest(key.Scalar(), asked))};
      }
    }
    const size_t count = doc.items[n.index_].count;
    for (size_t k = n.IsMap() ? 1 : 0; k < count; k += n.IsMap() ? 2 : 1)
      if (auto u = self(self, n.kid(k))) return u;
    return std::nullopt;
  };
  return walk(walk, root);
}

std::string missing_key_message(const Node& map, std::string_view key, std::string_view what) {
  std::string m = "missing " + std::string(what) + (what.empty() ? "`" : " `") + std::string(key) + "`";
  std::vector<std::string_view> present;
  if (map.IsMap())
    for (const auto& kv : map) present.push_back(kv.first.Scalar());
  if (const std::string_view near = util::closest(key, present); !near.empty())
    m += " (is `" + std::string(near) + "` meant?)";
  return m;
}

std::string unknown_key_message(const UnknownKey& u) {
  std::string m = "unknown key `" + u.key.Scalar() + "`";
  if (!u.suggestion.empty()) m += " (did you mean `" + u.suggestion + "`?)";
  return m;
}

std::optional<UnknownKey> unknown_key(const Node& map, std::initializer_list<std::string_view> known) {
  return unknown_key(map, std::vector<std::string_view>(known));
}

// ---------------------------------------------------------------------------------------
// Writer

struct Writer::State {
  yaml_emitter_t emitter;
  std::string out;
  bool failed = false;
  void emit(yaml_event_t& e) {
    if (!yaml_emitter_emit(&emitter, &e)) failed = true;  // the event is freed by the emitter either way
  }
};

namespace {
int append(void* data, unsigned char* buffer, size_t size) {
  static_cast<std::string*>(data)->append(reinterpret_cast<const char*>(buffer), size);
  return 1;
}
}  // namespace

Writer::Writer() : state_(std::make_unique<State>()) {
  yaml_emitter_initialize(&state_->emitter);
  yaml_emitter_set_output(&state_->emitter, append, &state_->out);
  yaml_emitter_set_unicode(&state_->emitter, 1);
  yaml_emitter_set_indent(&state_->emitter, 2);
  yaml_emitter_set_width(&state_->emitter, -1);
  yaml_event_t e;
  yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING);
  state_->emit(e);
  yaml_document_start_event_initialize(&e, nullptr, nullptr, nullptr, 1);
  state_->emit(e);
}

Writer::~Writer() { yaml_emitter_delete(&state_->emitter); }

void Writer::begin_map() {
  yaml_event_t e;
  yaml_mapping_start_event_initialize(&e, nullptr, nullptr, 1, YAML_BLOCK_MAPPING_STYLE);
  state_->emit(e);
}
void Writer::end_map() {
  yaml_event_t e;
  yaml_mapping_end_event_initialize(&e);
  state_->emit(e);
}
void Writer::begin_seq(bool flow) {
  yaml_event_t e;
  yaml_sequence_start_event_initialize(&e, nullptr, nullptr, 1, flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
  state_->emit(e);
}
void Writer::end_seq() {
  yaml_event_t e;
  yaml_sequence_end_event_initialize(&e);
  state_->emit(e);
}

void Writer::scalar(std::string_view text, bool literal) {
  // A string that a YAML 1.2 reader would take for a null, a boolean or a number is quoted
  // (`off` stays plain: it is a string there, and `tplguard config` prints levels so).
  bool looks_typed = is_null_text(text) || text == "true" || text == "True" || text == "TRUE" ||
                     text == "false" || text == "False" || text == "FALSE";
  if (!looks_typed && !text.empty()) {
    double v = 0;
    const char* b = text.data() + (text[0] == '+' || text[0] == '-' ? 1 : 0);
    auto [p, ec] = std::from_chars(b, text.data() + text.size(), v);
    looks_typed = ec == std::errc() && p == text.data() + text.size();
  }
  const yaml_scalar_style_t style =
      literal ? YAML_PLAIN_SCALAR_STYLE : looks_typed ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE;
  yaml_event_t e;
  yaml_scalar_event_initialize(&e, nullptr, nullptr,
                               reinterpret_cast<yaml_char_t*>(const_cast<char*>(text.data())),
                               static_cast<int>(text.size()), 1, 1, style);
  state_->emit(e);
}

std::string Writer::finish() {
  yaml_event_t e;
  yaml_document_end_event_initialize(&e, 1);
  state_->emit(e);
  yaml_stream_end_event_initialize(&e);
  state_->emit(e);
  yaml_emitter_flush(&state_->emitter);
  if (state_->failed) throw Exception({}, std::string("cannot write YAML: ") +
                                              (state_->emitter.problem ? state_->emitter.problem : "emitter error"));
  return std::move(state_->out);
}

}  // namespace tplguard::yaml
