// YAML into the reader's tree, with byte offsets.
//
// We use yaml-cpp's event parser rather than YAML::Load: the events carry marks (byte
// offsets), and they let us enforce limits while parsing. yaml-cpp's document parser
// recurses once per nesting level and emits a start event before each recursion, so
// throwing from OnSequenceStart/OnMapStart at max_depth bounds its stack exactly; the
// scanner under it keeps its own stacks on the heap. Aliases are kept as shared children
// (no copies), so the tree is never larger than the events; the walker bounds expansion.
#include <cstring>
#include <istream>
#include <streambuf>
#include <unordered_map>
#include <unordered_set>

#include <yaml-cpp/yaml.h>
#include <yaml-cpp/eventhandler.h>

#include "io/detail.hpp"

namespace tplguard::io::detail {
namespace {

// A read-only stream over a slice of a string, so the text is not copied.
class MemoryBuffer : public std::streambuf {
 public:
  MemoryBuffer(const char* begin, const char* end) {
    char* b = const_cast<char*>(begin);  // never written: the get area is read-only here
    setg(b, b, const_cast<char*>(end));
  }
};

class Builder : public YAML::EventHandler {
 public:
  Builder(const std::string& text, size_t begin, size_t end, const ReadLimits& limits, Tree& tree)
      : text_(text), begin_(begin), end_(end), limits_(limits), tree_(tree) {}

  // File offset of a mark (marks count bytes from the start of the slice), or -1.
  int64_t offset_of(const YAML::Mark& mark) const {
    if (mark.pos < 0) return -1;
    size_t off = begin_ + static_cast<size_t>(mark.pos);
    return static_cast<int64_t>(off > end_ ? end_ : off);
  }

  void OnDocumentStart(const YAML::Mark&) override { anchors_.clear(); }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n;
    n.token_offset = offset_of(mark);
    remember(anchor, add(std::move(n)));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    count(offset_of(mark));
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {  // yaml-cpp rejects unknown anchors; be safe anyway
      Node n;
      n.token_offset = offset_of(mark);
      add(std::move(n));
      return;
    }
    attach(it->second);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node n;
    n.kind = NodeKind::string;  // every YAML scalar is text to us; yaml-cpp reports nulls apart
    int64_t at = offset_of(mark);
    // A plain `<<` is a merge key (YAML 1.1); a quoted one is the text "<<".
    if (value == "<<" && (tag == "?" || tag == kMergeTag)) n.flags |= kMergeKey;
    // "?" plain, "!" quoted: no tag given. Any other tag would change what the text means
    // (!!binary is base64, !!int a number...), and we read every scalar as text: refuse it
    // rather than lint the text as written.
    else if (tag != "?" && tag != "!" && tag != kStrTag)
      throw StopParse{at, "YAML tag `" + short_tag(tag) + "` is not supported here: values are read as text (remove the tag)"};
    if (at >= 0) {
      size_t p = skip_properties(static_cast<size_t>(at));
      n.token_offset = static_cast<int64_t>(p);
      char c = p < end_ ? text_[p] : '\0';
      if (c == '"' || c == '\'')
        n.verbatim_offset = verbatim_at(text_, p + 1, value);
      else if (c != '|' && c != '>')  // block scalars never sit verbatim
        n.verbatim_offset = verbatim_at(text_, p, value);
    }
    n.value = value;
    remember(anchor, add(std::move(n)));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    check_collection_tag(mark, tag, "tag:yaml.org,2002:seq");
    open(NodeKind::sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    check_collection_tag(mark, tag, "tag:yaml.org,2002:map");  // !!set, !!omap, ... mean more
    open(NodeKind::mapping, mark, anchor);
  }
  void OnMapEnd() override { close(); }

  // Closes whatever a failed parse left open, so the tree stays consistent.
  void abandon() {
    abandoning_ = true;  // the document is dropped: no more checks or merges
    while (!open_.empty()) close();
  }

 private:
  // Marks of anchored or tagged nodes point at the `&anchor` / `!tag`; find the value.
  size_t skip_properties(size_t p) const {
    size_t original = p;
    while (p < end_ && (text_[p] == '&' || text_[p] == '!')) {
      while (p < end_ && !is_space(text_[p])) ++p;
      while (p < end_ && is_space(text_[p])) ++p;
    }
    return p < end_ ? p : original;
  }
  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

  void count(int64_t offset) {
    if (++events_ > limits_.max_nodes)
      throw StopParse{offset, "too many nodes (more than " + std::to_string(limits_.max_nodes) +
                                  ")"};
  }

  uint32_t add(Node n) {
    count(n.token_offset);
    uint32_t index = static_cast<uint32_t>(tree_.nodes.size());
    tree_.nodes.push_back(std::move(n));
    attach(index);
    return index;
  }

  void attach(uint32_t index) {
    if (open_.empty())
      tree_.roots.push_back(index);
    else
      kids_.back().push_back(index);
  }

  void remember(YAML::anchor_t anchor, uint32_t index) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = index;
  }

  void open(NodeKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    int64_t at = offset_of(mark);
    if (open_.size() + 1 > limits_.max_depth)
      throw StopParse{at, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels"};
    Node n;
    n.kind = kind;
    n.token_offset = at >= 0 ? static_cast<int64_t>(skip_properties(static_cast<size_t>(at))) : -1;
    uint32_t index = add(std::move(n));
    // Registered before the children, as yaml-cpp does, so `&a [*a]` refers to itself.
    remember(anchor, index);
    open_.push_back(index);
    kids_.emplace_back();
  }

  void close() {
    if (open_.empty()) return;
    if (tree_.nodes[open_.back()].kind == NodeKind::mapping) finish_mapping(kids_.back());
    tree_.nodes[open_.back()].kids = std::move(kids_.back());
    open_.pop_back();
    kids_.pop_back();
  }

  // Refuses a repeated key (no last-wins) and resolves merge keys: `<<: *base` (or a list
  // of aliases) adds the pairs of the merged mappings whose keys the mapping does not give
  // itself; of several merged mappings the earlier wins (YAML 1.1 merge semantics). The
  // merged mappings are complete already (an alias names an earlier node), their own merges
  // resolved; values are shared, not copied, and every pair added is charged to max_nodes.
  void finish_mapping(std::vector<uint32_t>& kids) {
    if (abandoning_) return;
    if (auto dup = duplicate_key(tree_.nodes, kids, scratch_)) throw duplicate_key_error(tree_.nodes, *dup);
    // `<<` is a key like any other: written twice it is a repeat (`<<: [*a, *b]` merges two).
    int64_t first_merge = -1;
    for (size_t i = 0; i + 1 < kids.size(); i += 2) {
      if (!(tree_.nodes[kids[i]].flags & kMergeKey)) continue;
      if (first_merge >= 0) throw duplicate_key_error(tree_.nodes, {static_cast<uint32_t>(first_merge), kids[i]});
      first_merge = kids[i];
    }
    if (first_merge < 0) return;
    ++tree_.merges;
    std::vector<uint32_t> out, sources;
    std::unordered_set<std::string_view> seen;
    for (size_t i = 0; i + 1 < kids.size(); i += 2) {
      const Node& key = tree_.nodes[kids[i]];
      if (key.flags & kMergeKey) {
        const Node& value = tree_.nodes[kids[i + 1]];
        if (value.kind == NodeKind::mapping) {
          sources.push_back(kids[i + 1]);
        } else if (value.kind == NodeKind::sequence) {
          for (uint32_t item : value.kids) {
            if (tree_.nodes[item].kind != NodeKind::mapping)
              throw StopParse{tree_.nodes[item].token_offset, "a merge key `<<` takes a mapping or a list of mappings"};
            sources.push_back(item);
          }
        } else {
          throw StopParse{value.token_offset, "a merge key `<<` takes a mapping or a list of mappings, got " +
                                                  std::string(kind_name(value.kind))};
        }
        continue;
      }
      if (key.kind == NodeKind::string) seen.insert(key.value);
      out.push_back(kids[i]);
      out.push_back(kids[i + 1]);
    }
    for (uint32_t src : sources) {
      const std::vector<uint32_t>& from = tree_.nodes[src].kids;  // empty if still open (`&a {<<: *a}`)
      for (size_t j = 0; j + 1 < from.size(); j += 2) {
        const Node& key = tree_.nodes[from[j]];
        if (key.kind == NodeKind::string && !seen.insert(key.value).second) continue;
        count(key.token_offset);
        out.push_back(from[j]);
        out.push_back(from[j + 1]);
      }
    }
    kids = std::move(out);
  }

  void check_collection_tag(const YAML::Mark& mark, const std::string& tag, const char* plain) {
    if (tag != "?" && tag != "!" && tag != plain)
      throw StopParse{offset_of(mark), "YAML tag `" + short_tag(tag) + "` is not supported here (remove the tag)"};
  }

  static std::string short_tag(const std::string& tag) {
    static const std::string kCore = "tag:yaml.org,2002:";
    std::string t = tag.compare(0, kCore.size(), kCore) == 0 ? "!!" + tag.substr(kCore.size()) : tag;
    if (t.size() > 64) t = t.substr(0, 64) + "...";
    for (char& c : t)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';  // tags are ASCII; keep messages one line
    return t;
  }

  static constexpr const char* kStrTag = "tag:yaml.org,2002:str";
  static constexpr const char* kMergeTag = "tag:yaml.org,2002:merge";

  const std::string& text_;
  size_t begin_, end_;
  const ReadLimits& limits_;
  Tree& tree_;
  size_t events_ = 0;
  std::vector<uint32_t> open_;
  std::vector<std::vector<uint32_t>> kids_;
  std::unordered_map<YAML::anchor_t, uint32_t> anchors_;
  std::vector<uint32_t> scratch_;  // for duplicate_key
  bool abandoning_ = false;
};

}  // namespace

bool parse_yaml(const std::string& text, size_t begin, size_t end, const ReadLimits& limits,
                Tree& tree, ErrorSink& errors) {
  // YAML forbids NUL, and yaml-cpp would take a leading "x\0" for UTF-16 and misplace marks.
  if (const void* nul = std::memchr(text.data() + begin, '\0', end - begin)) {
    errors.add(static_cast<const char*>(nul) - text.data(), "NUL character in YAML text");
    return false;
  }
  Builder builder(text, begin, end, limits, tree);
  size_t complete_roots = tree.roots.size();
  try {
    MemoryBuffer buffer(text.data() + begin, text.data() + end);
    std::istream in(&buffer);
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) complete_roots = tree.roots.size();
    return true;
  } catch (const StopParse& stop) {
    errors.add(stop);
  } catch (const YAML::Exception& e) {
    errors.add(builder.offset_of(e.mark), e.msg);
  } catch (const std::exception& e) {
    errors.add(static_cast<int64_t>(begin), std::string("cannot parse YAML: ") + e.what());
  }
  builder.abandon();
  // The document being parsed is incomplete: drop it, keep the documents before it.
  tree.roots.resize(complete_roots);
  return false;
}

}  // namespace tplguard::io::detail
