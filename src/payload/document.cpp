#include "payload/document.hpp"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "io/detail.hpp"

namespace tplguard::payload {

const char* kind_name(JsonKind kind) {
  switch (kind) {
    case JsonKind::null: return "null";
    case JsonKind::boolean: return "a boolean";
    case JsonKind::number: return "a number";
    case JsonKind::string: return "a string";
    case JsonKind::array: return "a list";
    case JsonKind::object: return "an object";
  }
  return "a value";
}

const char* kind_name_zh(JsonKind kind) {
  switch (kind) {
    case JsonKind::null: return "null";
    case JsonKind::boolean: return "布尔值";
    case JsonKind::number: return "数字";
    case JsonKind::string: return "字符串";
    case JsonKind::array: return "数组";
    case JsonKind::object: return "对象";
  }
  return "值";
}

namespace {

JsonKind kind_of(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::boolean: return JsonKind::boolean;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return JsonKind::number;
    case nlohmann::json::value_t::string: return JsonKind::string;
    case nlohmann::json::value_t::array: return JsonKind::array;
    case nlohmann::json::value_t::object: return JsonKind::object;
    default: return JsonKind::null;  // null, discarded, binary
  }
}

void fill_scalar(const nlohmann::json& j, DocNode& n) {
  switch (j.type()) {
    case nlohmann::json::value_t::boolean: n.boolean = j.get<bool>(); break;
    case nlohmann::json::value_t::number_integer:
      n.integer = true;
      n.int_value = j.get<int64_t>();
      n.number = static_cast<double>(n.int_value);
      break;
    case nlohmann::json::value_t::number_unsigned: {
      const uint64_t u = j.get<uint64_t>();
      n.integer = u <= static_cast<uint64_t>(INT64_MAX);
      n.int_value = n.integer ? static_cast<int64_t>(u) : INT64_MAX;
      n.number = static_cast<double>(u);
      break;
    }
    case nlohmann::json::value_t::number_float: n.number = j.get<double>(); break;
    case nlohmann::json::value_t::string: n.text = j.get_ref<const std::string&>(); break;
    default: break;
  }
}

// Numbers from the tree are kept as written: an integer only when there is no fraction or
// exponent and the value fits int64.
void fill_number(std::string_view s, DocNode& n) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && end == s.data() + s.size()) {
    n.integer = true;
    n.int_value = v;
    n.number = static_cast<double>(v);
    return;
  }
  double d = 0;
  auto [dend, dec] = std::from_chars(s.data(), s.data() + s.size(), d);
  n.number = dec == std::errc() ? d : (s.find('-') == 0 ? -HUGE_VAL : HUGE_VAL);
  (void)dend;
}

}  // namespace

void Document::build(const nlohmann::json& body) {
  positions_ = false;
  nodes_.clear();
  nodes_.emplace_back();
  nodes_[0].kind = kind_of(body);
  fill_scalar(body, nodes_[0]);
  // Breadth first with the queue in the node array itself: node i's json is sources[i].
  auto& sources = json_sources_;
  sources.clear();
  sources.emplace_back(&body, 0);
  for (uint32_t i = 0; i < nodes_.size(); ++i) {
    const auto [j, depth] = sources[i];
    const JsonKind kind = nodes_[i].kind;
    if (kind != JsonKind::array && kind != JsonKind::object) continue;
    if (depth >= kMaxDepth) {
      nodes_[i].truncated = !j->empty();
      continue;
    }
    const uint32_t first = static_cast<uint32_t>(nodes_.size());
    uint32_t position = 0;
    for (auto it = j->begin(); it != j->end(); ++it, ++position) {
      DocNode& n = nodes_.emplace_back();  // filled in place: nodes are not small
      n.kind = kind_of(*it);
      fill_scalar(*it, n);
      n.parent = i;
      n.position = position;
      if (kind == JsonKind::object) n.key = it.key();
      sources.emplace_back(&*it, depth + 1);
    }
    nodes_[i].first = first;
    nodes_[i].count = position;
  }
}

void Document::build(const io::detail::Tree& tree, uint32_t root) {
  using io::detail::NodeKind;
  positions_ = true;
  nodes_.clear();
  auto& sources = tree_sources_;
  sources.clear();
  auto make = [&](uint32_t t, uint32_t parent, uint32_t position) {
    const io::detail::Node& src = tree.nodes[t];
    DocNode n;
    n.parent = parent;
    n.position = position;
    n.offset = src.token_offset;
    switch (src.kind) {
      case NodeKind::null: n.kind = JsonKind::null; break;
      case NodeKind::boolean:
        n.kind = JsonKind::boolean;
        n.boolean = src.value == "true";
        break;
      case NodeKind::number:
        n.kind = JsonKind::number;
        n.text = src.value;
        fill_number(src.value, n);
        break;
      case NodeKind::string:
        n.kind = JsonKind::string;
        n.text = src.value;
        n.verbatim = src.verbatim_offset;
        break;
      case NodeKind::sequence: n.kind = JsonKind::array; break;
      case NodeKind::mapping: n.kind = JsonKind::object; break;
    }
    return n;
  };
  nodes_.push_back(make(root, kNoNode, 0));
  sources.emplace_back(root, 0);
  for (uint32_t i = 0; i < nodes_.size(); ++i) {
    const auto [t, depth] = sources[i];
    const JsonKind kind = nodes_[i].kind;
    if (kind != JsonKind::array && kind != JsonKind::object) continue;
    const auto& kids = tree.nodes[t].kids;
    if (depth >= kMaxDepth) {
      nodes_[i].truncated = !kids.empty();
      continue;
    }
    const uint32_t first = static_cast<uint32_t>(nodes_.size());
    uint32_t position = 0;
    if (kind == JsonKind::array) {
      for (uint32_t kid : kids) {
        nodes_.push_back(make(kid, i, position++));
        sources.emplace_back(kid, depth + 1);
      }
    } else {
      for (size_t k = 0; k + 1 < kids.size(); k += 2) {
        const io::detail::Node& key = tree.nodes[kids[k]];
        DocNode n = make(kids[k + 1], i, position++);
        n.key = key.value;
        n.key_offset = key.token_offset;
        n.key_verbatim = key.verbatim_offset;
        nodes_.push_back(n);
        sources.emplace_back(kids[k + 1], depth + 1);
      }
    }
    nodes_[i].first = first;
    nodes_[i].count = position;
  }
}

void Document::trim() {
  constexpr size_t kKeep = 4096;  // nodes: plenty for any real request body
  if (nodes_.capacity() > kKeep) std::vector<DocNode>().swap(nodes_);
  if (json_sources_.capacity() > kKeep) decltype(json_sources_)().swap(json_sources_);
  if (tree_sources_.capacity() > kKeep) decltype(tree_sources_)().swap(tree_sources_);
}

const DocNode* Document::member(const DocNode& object, std::string_view key) const {
  const DocNode* found = nullptr;
  for (uint32_t i = object.first; i < object.first + object.count; ++i)
    if (nodes_[i].key == key) found = &nodes_[i];
  return found;
}

std::string Document::pointer(uint32_t i) const {
  std::vector<uint32_t> chain;
  for (uint32_t at = i; at != kNoNode && nodes_[at].parent != kNoNode; at = nodes_[at].parent) chain.push_back(at);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const DocNode& n = nodes_[*it];
    out += '/';
    if (nodes_[n.parent].kind == JsonKind::array) {
      out += std::to_string(n.position);
      continue;
    }
    for (char c : n.key) {
      if (c == '~') out += "~0";
      else if (c == '/') out += "~1";
      else out += c;
    }
  }
  return out;
}

}  // namespace tplguard::payload
