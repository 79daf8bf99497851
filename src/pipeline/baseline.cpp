// Reading, writing and applying baselines (see baseline.hpp).
#include "pipeline/baseline.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "io/detail.hpp"
#include "pipeline/fingerprint.hpp"
#include "text/printable.hpp"

namespace tplguard::pipeline {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

constexpr int kVersion = 1;

fs::path absolute_normal(const std::string& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  return (ec ? fs::path(p) : abs).lexically_normal();
}

// A finding's file as the baseline records it: relative to the baseline's directory.
std::string key_path(const std::string& file, const fs::path& base_dir) {
  if (file.empty()) return file;
  fs::path rel = absolute_normal(file).lexically_relative(base_dir);
  return rel.empty() ? absolute_normal(file).generic_string() : rel.generic_string();
}

using Key = std::tuple<std::string, std::string, std::string>;

}  // namespace

Baseline read_baseline(const std::string& path) {
  std::string text;
  std::string problem = util::read_file_text(path, util::kMaxBaselineBytes, text);
  if (!problem.empty()) throw BaselineError(path + ": cannot use the baseline: " + problem);
  // The readers' JSON parser, not nlohmann's DOM: the DOM resolves a repeated key last-wins,
  // so `"entries": [], "entries": [...]` or a second `fingerprint` would silently change
  // which findings are hidden. The tree refuses repeats, with both places.
  using io::detail::Node;
  using io::detail::NodeKind;
  io::detail::Tree tree;
  io::ReadLimits limits;
  limits.max_depth = 16;  // a baseline is three levels deep
  if (auto stop = io::detail::parse_json_value(text, 0, text.size(), limits, tree)) {
    SourceFile source(path, std::move(text));
    std::vector<InputError> errors;
    io::detail::ErrorSink(source, errors).add(*stop);
    const InputError& e = errors.front();
    throw BaselineError(path + ":" + std::to_string(e.line) + ": not a baseline (invalid JSON: " + e.message + ")");
  }
  const std::vector<Node>& nodes = tree.nodes;
  auto member = [&](const Node& map, std::string_view key) -> const Node* {
    for (size_t k = 0; k + 1 < map.kids.size(); k += 2)
      if (nodes[map.kids[k]].value == key) return &nodes[map.kids[k + 1]];
    return nullptr;
  };
  const Node& doc = nodes[tree.roots.front()];
  const Node* list = doc.kind == NodeKind::mapping ? member(doc, "entries") : nullptr;
  if (!list || list->kind != NodeKind::sequence)
    throw BaselineError(path + ": not a baseline (expected {\"version\": 1, \"entries\": [...]})");
  if (const Node* v = member(doc, "version"); v && !(v->kind == NodeKind::number && v->value == std::to_string(kVersion))) {
    const std::string shown = v->kind == NodeKind::string ? "\"" + v->value + "\"" : v->value;
    throw BaselineError(path + ": baseline version " + text::printable(shown) + " is not supported (expected 1)");
  }
  Baseline b;
  b.path = path;
  size_t i = 0;
  for (uint32_t index : list->kids) {
    const Node& e = nodes[index];
    auto str = [&](const char* key, bool required) -> std::string {
      const Node* v = e.kind == NodeKind::mapping ? member(e, key) : nullptr;
      if (v && v->kind == NodeKind::string) return v->value;
      if (required)
        throw BaselineError(path + ": entries[" + std::to_string(i) + "] needs a string `" + key + "`");
      return {};
    };
    b.entries.push_back({str("file", true), str("rule", true), str("fingerprint", true), str("field", false),
                         str("message", false)});
    ++i;
  }
  return b;
}

struct BaselineMatcher::State {
  Baseline baseline;
  fs::path dir;
  std::map<Key, std::vector<size_t>> remaining;  // unused entries by key
  std::vector<uint8_t> used;
};

BaselineMatcher::BaselineMatcher(Baseline baseline) : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.dir = absolute_normal(baseline.path).parent_path();
  s.used.assign(baseline.entries.size(), 0);
  // Entries are used from the back of each list, so the first in the file goes last.
  for (size_t i = baseline.entries.size(); i-- > 0;) {
    const auto& e = baseline.entries[i];
    s.remaining[{e.file, e.rule, e.fingerprint}].push_back(i);
  }
  s.baseline = std::move(baseline);
}
BaselineMatcher::~BaselineMatcher() = default;
BaselineMatcher::BaselineMatcher(BaselineMatcher&&) noexcept = default;

bool BaselineMatcher::hides(const std::string& file, const std::string& rule, const std::string& fingerprint) {
  State& s = *state_;
  if (s.remaining.empty()) return false;
  auto it = s.remaining.find({key_path(file, s.dir), rule, fingerprint});
  if (it == s.remaining.end() || it->second.empty()) return false;
  s.used[it->second.back()] = 1;
  it->second.pop_back();
  return true;
}

bool BaselineMatcher::hides(const Finding& f) { return hides(f.location.file, f.rule, fingerprint_of(f)); }

std::vector<BaselineEntry> BaselineMatcher::stale() const {
  std::vector<BaselineEntry> out;
  for (size_t i = 0; i < state_->used.size(); ++i)
    if (!state_->used[i]) out.push_back(state_->baseline.entries[i]);
  return out;
}

BaselineRecorder::BaselineRecorder(std::string path)
    : path_(std::move(path)), dir_(absolute_normal(path_).parent_path().string()) {}

void BaselineRecorder::add(const std::string& file, const std::string& rule, const std::string& fingerprint,
                           const std::string& field, const std::string& message) {
  entries_.push_back({key_path(file, dir_), rule, fingerprint, field, message});
}

void BaselineRecorder::add(const Finding& f) {
  add(f.location.file, f.rule, fingerprint_of(f), f.field, f.message_en);
}

Baseline BaselineRecorder::write(std::ostream& out) {
  std::sort(entries_.begin(), entries_.end(), [](const BaselineEntry& a, const BaselineEntry& b) {
    return std::tie(a.file, a.rule, a.fingerprint) < std::tie(b.file, b.rule, b.fingerprint);
  });
  json list = json::array();
  for (const auto& e : entries_)
    list.push_back({{"file", e.file}, {"rule", e.rule}, {"fingerprint", e.fingerprint}, {"field", e.field},
                    {"message", e.message}});
  json doc = {{"version", kVersion}, {"tool", "tplguard"}, {"entries", list}};
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  return {path_, std::move(entries_)};
}

Baseline write_baseline(std::ostream& out, const std::string& path, const std::vector<Finding>& findings) {
  BaselineRecorder recorder(path);
  for (const auto& f : findings) recorder.add(f);
  return recorder.write(out);
}

AppliedBaseline apply_baseline(const Baseline& baseline, std::vector<Finding>& findings) {
  BaselineMatcher matcher(baseline);
  AppliedBaseline applied;
  std::vector<Finding> kept;
  for (auto& f : findings) {
    if (matcher.hides(f)) {
      ++applied.hidden;
      continue;
    }
    kept.push_back(std::move(f));
  }
  findings = std::move(kept);
  applied.stale = matcher.stale();
  return applied;
}

}  // namespace tplguard::pipeline
