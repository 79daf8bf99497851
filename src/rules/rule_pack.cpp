#include "rules/rule_pack.hpp"

#include "io/detail.hpp"
#include "rules/yaml_json.hpp"

#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string_view>
#include <unordered_map>

namespace tplguard::rules {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail_at(const std::string& file, const YAML::Node& at, const std::string& what) {
  std::string where = file;
  if (at.IsDefined() && at.Mark().line >= 0) where += ":" + std::to_string(at.Mark().line + 1);
  throw RulePackError(where + ": " + what);
}

std::string scalar(const std::string& file, const YAML::Node& map, const char* key, bool required = true) {
  YAML::Node n = map[key];
  if (!n.IsDefined() || n.IsNull()) {
    if (required) fail_at(file, map, std::string("missing `") + key + "`");
    return {};
  }
  if (!n.IsScalar()) fail_at(file, n, std::string("`") + key + "` must be a string");
  return n.Scalar();
}

bool is_rule_id(const std::string& id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

// A payload rule's example: {api, body, context?, field?, at?, level?, note?}.
RuleExample parse_payload_example(const std::string& file, const YAML::Node& n, bool fail_list) {
  RuleExample ex;
  if (!n.IsMap() || !n["body"]) fail_at(file, n, "a payload example is {api, body, ...}");
  ex.api = scalar(file, n, "api");
  try {
    ex.body = yaml_to_json(n["body"]).dump();
    if (n["context"]) ex.context = yaml_to_json(n["context"]).dump();
  } catch (const YAML::Exception& e) {
    fail_at(file, n, e.msg);
  }
  if (n["field"]) ex.field = scalar(file, n, "field");
  if (n["at"]) ex.at = scalar(file, n, "at");
  if (n["level"]) {
    auto l = parse_level(scalar(file, n, "level"));
    if (!l) fail_at(file, n["level"], "unknown level");
    ex.level = l;
  }
  if (n["note"]) ex.note = scalar(file, n, "note");
  if (!fail_list && (!ex.at.empty() || ex.level || !ex.field.empty()))
    fail_at(file, n, "`at`, `level` and `field` belong to fail examples");
  return ex;
}

RuleExample parse_example(const std::string& file, const YAML::Node& n, bool fail_list) {
  RuleExample ex;
  if (n.IsMap() && n["body"]) return parse_payload_example(file, n, fail_list);
  if (n.IsScalar()) {
    ex.titles.push_back(n.Scalar());
    return ex;
  }
  if (!n.IsMap()) fail_at(file, n, "an example is a title string or a mapping");
  if (n["title"]) ex.titles.push_back(scalar(file, n, "title"));
  if (YAML::Node set = n["titles"]) {
    if (!set.IsSequence()) fail_at(file, set, "`titles` must be a list");
    for (const auto& t : set) ex.titles.push_back(t.as<std::string>());
  }
  if (YAML::Node kws = n["keywords"]) {
    if (!kws.IsSequence()) fail_at(file, kws, "`keywords` must be a list");
    ex.has_keywords = true;
    for (const auto& k : kws) {
      if (k.IsScalar()) {
        ex.keywords.emplace_back(k.Scalar(), "");
      } else if (k.IsMap()) {
        ex.keywords.emplace_back(scalar(file, k, "name"), scalar(file, k, "example", false));
      } else {
        fail_at(file, k, "a keyword is a name or {name, example}");
      }
    }
  }
  if (n["profile"]) {
    auto p = parse_profile(scalar(file, n, "profile"));
    if (!p) fail_at(file, n["profile"], "unknown profile");
    ex.profile = p;
  }
  if (n["at"]) ex.at = scalar(file, n, "at");
  if (n["level"]) {
    auto l = parse_level(scalar(file, n, "level"));
    if (!l) fail_at(file, n["level"], "unknown level");
    ex.level = l;
  }
  if (n["note"]) ex.note = scalar(file, n, "note");
  if (n["source"]) ex.source = scalar(file, n, "source");
  if (ex.titles.empty() && !ex.has_keywords && ex.source.empty())
    fail_at(file, n, "an example needs a title, keywords or a source");
  if (!ex.source.empty() && (!ex.titles.empty() || ex.has_keywords))
    fail_at(file, n, "an example gives either a source or titles and keywords");
  if (!fail_list && (!ex.at.empty() || ex.level)) fail_at(file, n, "`at` and `level` belong to fail examples");
  return ex;
}

// `inline_rule`: defined in a config file, where clause, doc and examples may be left out and
// a message may be one string for both languages.
RuleInfo parse_rule_meta(const std::string& file, const YAML::Node& root, bool inline_rule = false) {
  RuleInfo r;
  r.file = file;
  r.id = scalar(file, root, "id");
  if (!is_rule_id(r.id)) fail_at(file, root["id"], "a rule id is kebab-case: lowercase letters, digits and `-`");
  r.clause = scalar(file, root, "clause", !inline_rule);
  if (r.clause.empty()) r.clause = "custom";
  r.kind = scalar(file, root, "kind");
  r.target = scalar(file, root, "target", false);
  YAML::Node msg = root["message"];
  if (inline_rule && msg.IsScalar()) {
    r.message_zh = r.message_en = msg.Scalar();
  } else {
    if (!msg.IsMap()) fail_at(file, msg.IsDefined() ? msg : root, "`message` must have `zh` and `en`");
    r.message_zh = scalar(file, msg, "zh");
    r.message_en = scalar(file, msg, "en");
  }
  r.doc = scalar(file, root, "doc", !inline_rule);
  if (r.doc.empty()) r.doc = r.message_en;
  if (YAML::Node sum = root["summary"]; sum && !sum.IsNull()) {
    if (sum.IsScalar()) {
      r.summary_zh = r.summary_en = sum.Scalar();
    } else if (sum.IsMap()) {
      r.summary_zh = scalar(file, sum, "zh");
      r.summary_en = scalar(file, sum, "en");
    } else {
      fail_at(file, sum, "`summary` is a string or {zh, en}");
    }
  }
  auto level = parse_level(scalar(file, root, "level"));
  if (!level) fail_at(file, root["level"], "level must be error, warning or info");
  r.level = *level;
  for (auto& l : r.levels) l = *level;
  if (YAML::Node levels = root["levels"]) {
    if (!levels.IsMap()) fail_at(file, levels, "`levels` maps profiles to levels");
    for (const auto& kv : levels) {
      auto p = parse_profile(kv.first.as<std::string>());
      auto l = parse_level(kv.second.as<std::string>());
      if (!p) fail_at(file, kv.first, "unknown profile `" + kv.first.as<std::string>() + "`");
      if (!l) fail_at(file, kv.second, "unknown level `" + kv.second.as<std::string>() + "`");
      r.levels[static_cast<int>(*p)] = *l;
    }
  }
  r.level = r.levels[static_cast<int>(Profile::miniprogram)];
  if (YAML::Node ec = root["errcode"]; ec && !ec.IsNull()) {
    try {
      r.errcode = ec.as<int>();
    } catch (const YAML::Exception&) {
      fail_at(file, ec, "`errcode` must be an integer");
    }
  }
  YAML::Node examples = root["examples"];
  if (inline_rule && (!examples.IsDefined() || examples.IsNull())) return r;
  if (!examples.IsMap()) fail_at(file, root, "`examples` with `pass` and `fail` lists is required");
  for (const char* which : {"pass", "fail"}) {
    YAML::Node list = examples[which];
    if (inline_rule && !list.IsDefined()) continue;
    if (!list.IsSequence() || list.size() == 0)
      fail_at(file, examples, std::string("`examples.") + which + "` must be a non-empty list");
    for (const auto& e : list) (which[0] == 'p' ? r.pass : r.fail).push_back(parse_example(file, e, which[0] == 'f'));
  }
  return r;
}

// Placeholders used in a message must be ones the rule can fill: catches typos in data.
void check_placeholders(const RuleInfo& r, const YAML::Node& root) {
  for (const std::string* m : {&r.message_zh, &r.message_en}) {
    size_t open = 0;
    while ((open = m->find('{', open)) != std::string::npos) {
      size_t close = m->find('}', open);
      if (close == std::string::npos) fail_at(r.file, root["message"], "unclosed `{` in message");
      open = close;
    }
  }
}

std::unordered_map<char32_t, std::string> load_substitutions(const std::string& dir, const YAML::Node& pack,
                                                              const std::string& pack_file) {
  std::unordered_map<char32_t, std::string> subs;
  YAML::Node files = pack.IsMap() ? pack["substitutions"] : YAML::Node();
  if (!files) return subs;
  if (!files.IsScalar() && !files.IsSequence()) fail_at(pack_file, files, "`substitutions` names a file or a list of files");
  std::vector<YAML::Node> names;
  if (files.IsScalar()) names.push_back(files);
  else
    for (const auto& f : files) {
      if (!f.IsScalar()) fail_at(pack_file, f, "`substitutions` names a file or a list of files");
      names.push_back(f);
    }
  for (const auto& file : names) {
    const std::string path = (fs::path(dir) / file.as<std::string>()).string();
    YAML::Node data = load_yaml_file(path);
    YAML::Node map = data.IsMap() ? data["substitutions"] : YAML::Node();
    if (!map.IsMap()) fail_at(path, data, "`substitutions` must map characters to text");
    for (const auto& kv : map) {
      if (!kv.first.IsScalar() || !kv.second.IsScalar()) fail_at(path, kv.first, "a substitution maps a character to text");
      const std::string from = kv.first.as<std::string>();
      std::u32string cps;
      std::vector<uint32_t> offsets;
      if (text::find_invalid_utf8(from)) fail_at(path, kv.first, "invalid UTF-8");
      text::decode_utf8(from, cps, offsets);
      // Emoji written with a trailing variation selector (U+FE0F) are keyed by the base character.
      if (cps.size() == 2 && cps[1] == 0xFE0F) cps.pop_back();
      if (cps.size() != 1) fail_at(path, kv.first, "a substitution replaces exactly one character: `" + from + "`");
      auto [it, fresh] = subs.emplace(cps[0], kv.second.as<std::string>());
      if (!fresh && it->second != kv.second.as<std::string>())
        fail_at(path, kv.first, "`" + from + "` is substituted differently in another file of the pack");
    }
  }
  return subs;
}

// yaml-cpp keeps every pair of a mapping and its lookups find the first, so a repeated key
// (`level:` twice, `categories: []` before the real list) would silently win or lose. The
// guarded parse refuses repeats but costs a second parse; comparing the keys of each mapping
// in yaml-cpp's own tree costs a small fraction of that. Only for trees without aliases (no
// `&` in the file), whose walk is linear.
void refuse_duplicate_keys(const std::string& path, const YAML::Node& n,
                           std::unordered_map<std::string_view, YAML::Mark>& seen) {
  if (n.IsSequence()) {
    for (const auto& item : n) refuse_duplicate_keys(path, item, seen);
    return;
  }
  if (!n.IsMap()) return;
  seen.clear();
  for (const auto& kv : n) {
    if (!kv.first.IsScalar()) continue;
    auto [it, added] = seen.emplace(kv.first.Scalar(), kv.first.Mark());
    if (!added)
      throw RulePackError(path + ":" + std::to_string(kv.first.Mark().line + 1) + ": " +
                          io::detail::duplicate_key_message(kv.first.Scalar(), it->second.line + 1,
                                                            it->second.column + 1));
  }
  for (const auto& kv : n) refuse_duplicate_keys(path, kv.second, seen);
}

}  // namespace

namespace {

// Whether the text may hold an anchor (`&a`) or a tag (`!t`). Both are node properties, which
// YAML lets start only a token: at the start of a line, or after a space, a tab or a flow
// indicator. So `[a-z0-9&·]` inside a regex or `"&"` in quotes is no anchor and needs no
// second parse; a property anywhere else in the file still sends it through the guard.
bool has_node_property(std::string_view text) {
  for (size_t i = text.find_first_of("&!"); i != std::string_view::npos; i = text.find_first_of("&!", i + 1)) {
    if (i == 0) return true;
    switch (text[i - 1]) {
      case ' ': case '\t': case '\n': case '\r': case '[': case '{': case ',': case ':':
        return true;
      default:
        break;
    }
  }
  return false;
}

}  // namespace

YAML::Node load_yaml_file(const std::string& path, bool strict) {
  std::string text;
  std::string problem = io::detail::read_file_text(path, io::detail::kMaxRuleFileBytes, text);
  if (!problem.empty()) throw RulePackError(path + ": " + problem);
  if (auto bad = text::find_invalid_utf8(text)) throw RulePackError(path + ": invalid UTF-8 at byte " + std::to_string(*bad));
  // The readers' guarded parser first: it refuses deep nesting and absurd node counts, with
  // a line number. It costs as much as yaml-cpp's own parse, so it runs only where those can
  // happen: with an anchor (aliases multiply nodes) or in a large file. Without either a file
  // has fewer than 128k nodes, and yaml-cpp refuses nesting past 2,000 levels itself
  // (DeepRecursion, caught below).
  // Merge keys and tags also need it: yaml-cpp 0.7 keeps `<<` as an ordinary key and
  // ignores tags, so both are refused here rather than silently misread.
  constexpr size_t kUnguardedSize = 256u << 10;
  const bool guarded = strict || has_node_property(text) || text.find("<<") != std::string::npos ||
      text.size() > kUnguardedSize;
  if (guarded) {
    SourceFile source(path, text);
    std::vector<io::InputError> errors;
    io::detail::ErrorSink sink(source, errors);
    io::detail::Tree tree;
    io::ReadLimits limits;
    limits.max_depth = 64;
    limits.max_nodes = 1'000'000;
    io::detail::parse_yaml(source.text(), 0, source.text().size(), limits, tree, sink);
    if (!errors.empty()) {
      const auto& e = errors.front();
      throw RulePackError(path + (e.line ? ":" + std::to_string(e.line) : std::string()) + ": " + e.message);
    }
    if (tree.merges > 0)
      throw RulePackError(path + ": YAML merge keys (`<<`) are not supported in rule packs and configuration "
                                 "(write the keys out)");
  }
  try {
    YAML::Node root = YAML::Load(text);
    if (!guarded) {  // the guarded parse has refused repeated keys already
      std::unordered_map<std::string_view, YAML::Mark> seen;
      refuse_duplicate_keys(path, root, seen);
    }
    return root;
  } catch (const YAML::DeepRecursion& e) {  // its message is only "bad file"
    throw RulePackError(path + ":" + std::to_string(e.mark.line + 1) + ": nesting deeper than " +
                        std::to_string(e.depth()) + " levels");
  } catch (const YAML::Exception& e) {
    throw RulePackError(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

std::string CompileContext::data_path(const std::string& relative) const {
  return (fs::path(rules_dir_) / relative).string();
}

YAML::Node CompileContext::load_data_file(const std::string& path) const {
  if (data_files_ == nullptr) return load_yaml_file(path);
  if (auto it = data_files_->find(path); it != data_files_->end()) return it->second;
  YAML::Node root = load_yaml_file(path);
  data_files_->emplace(path, root);
  return root;
}

void CompileContext::fail(const YAML::Node& at, const std::string& what) const {
  fail_at(current_file_, at, "rule " + rule_.id + ": " + what);
}

void CompileContext::fail_at_mark(int line, const std::string& what) const {
  std::string where = current_file_;
  if (line >= 0) where += ":" + std::to_string(line + 1);
  throw RulePackError(where + ": rule " + rule_.id + ": " + what);
}

YAML::Node CompileContext::required(const YAML::Node& map, const char* key) const {
  YAML::Node n = map[key];
  if (!n.IsDefined() || n.IsNull()) fail(map, std::string("missing parameter `") + key + "`");
  return n;
}

std::string CompileContext::string_param(const YAML::Node& map, const char* key,
                                         std::optional<std::string> fallback) const {
  YAML::Node n = map[key];
  if (!n.IsDefined() || n.IsNull()) {
    if (fallback) return *fallback;
    fail(map, std::string("missing parameter `") + key + "`");
  }
  if (!n.IsScalar()) fail(n, std::string("`") + key + "` must be a string");
  return n.Scalar();
}

double CompileContext::number_param(const YAML::Node& map, const char* key, std::optional<double> fallback) const {
  YAML::Node n = map[key];
  if (!n.IsDefined() || n.IsNull()) {
    if (fallback) return *fallback;
    fail(map, std::string("missing parameter `") + key + "`");
  }
  try {
    return n.as<double>();
  } catch (const YAML::Exception&) {
    fail(n, std::string("`") + key + "` must be a number");
  }
}

std::vector<std::string> CompileContext::string_list(const YAML::Node& map, const char* key, bool required) const {
  std::vector<std::string> out;
  YAML::Node n = map[key];
  if (!n.IsDefined() || n.IsNull()) {
    if (required) fail(map, std::string("missing parameter `") + key + "`");
    return out;
  }
  if (n.IsScalar()) return {n.Scalar()};
  if (!n.IsSequence()) fail(n, std::string("`") + key + "` must be a list");
  for (const auto& item : n) {
    if (!item.IsScalar()) fail(item, std::string("`") + key + "` items must be strings");
    out.push_back(item.Scalar());
  }
  return out;
}

ProfileLevels CompileContext::levels(const YAML::Node& map) const {
  ProfileLevels out;
  if (!map.IsMap()) return out;
  if (YAML::Node l = map["level"]) {
    auto level = parse_level(l.as<std::string>());
    if (!level) fail(l, "level must be error, warning or info");
    for (auto& o : out) o = level;
  }
  if (YAML::Node ls = map["levels"]) {
    if (!ls.IsMap()) fail(ls, "`levels` maps profiles to levels");
    for (const auto& kv : ls) {
      auto p = parse_profile(kv.first.as<std::string>());
      auto l = parse_level(kv.second.as<std::string>());
      if (!p) fail(kv.first, "unknown profile `" + kv.first.as<std::string>() + "`");
      if (!l) fail(kv.second, "unknown level `" + kv.second.as<std::string>() + "`");
      out[static_cast<int>(*p)] = l;
    }
  }
  return out;
}

namespace {

// One rule to compile: its metadata, its params, and the directory its data files are in.
struct RuleSource {
  RuleInfo info;
  YAML::Node root;
  std::string dir;
};

std::vector<fs::path> rule_files(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw RulePackError(dir + ": not a rules directory");
  // Rules are rules/*.yaml and rules/payload/*.yaml (payload checks); lexicons/ and apis/
  // hold data that rules name.
  std::vector<fs::path> files;
  for (const fs::path& sub : {fs::path(dir), fs::path(dir) / "payload"}) {
    if (sub != fs::path(dir) && !fs::is_directory(sub, ec)) continue;
    for (const auto& entry : fs::directory_iterator(sub, ec)) {
      const auto& p = entry.path();
      if (entry.is_regular_file() && (p.extension() == ".yaml" || p.extension() == ".yml") &&
          p.filename() != "pack.yaml")
        files.push_back(p);
    }
    if (ec) throw RulePackError(sub.string() + ": " + ec.message());
  }
  std::sort(files.begin(), files.end());
  return files;
}

RuleInfo parse_meta_guarded(const std::string& file, const YAML::Node& root, bool inline_rule) {
  try {
    return parse_rule_meta(file, root, inline_rule);
  } catch (const YAML::Exception& e) {
    throw RulePackError(file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

}  // namespace

RulePack load_rule_pack(const PackSources& sources) {
  RulePack pack;
  pack.dir = sources.dir;
  std::vector<std::string> dirs{sources.dir};
  dirs.insert(dirs.end(), sources.extra_dirs.begin(), sources.extra_dirs.end());

  // Substitutions of every pack feed the one canonicalizer all rules share.
  std::unordered_map<char32_t, std::string> substitutions;
  std::vector<RuleSource> pending;
  for (const auto& dir : dirs) {
    std::vector<fs::path> files = rule_files(dir);
    const std::string pack_file = (fs::path(dir) / "pack.yaml").string();
    if (fs::exists(pack_file)) {
      YAML::Node meta = load_yaml_file(pack_file);
      if (!meta.IsMap() && !meta.IsNull()) fail_at(pack_file, meta, "pack.yaml must be a mapping");
      std::unordered_map<char32_t, std::string> subs;
      try {
        subs = load_substitutions(dir, meta, pack_file);
      } catch (const YAML::Exception& e) {
        throw RulePackError(pack_file + " (or the file it names):" + std::to_string(e.mark.line + 1) + ": " + e.msg);
      }
      for (auto& [c, text] : subs) {
        auto [it, fresh] = substitutions.emplace(c, text);
        if (!fresh && it->second != text)
          throw RulePackError(pack_file + ": substitution for U+" + std::to_string(static_cast<uint32_t>(c)) +
                              " differs from another pack's");
      }
    }
    for (const auto& path : files) {
      const std::string file = path.string();
      YAML::Node root = load_yaml_file(file);
      if (!root.IsMap()) throw RulePackError(file + ": a rule file holds one rule (a mapping)");
      pending.push_back({parse_meta_guarded(file, root, false), root, dir});
    }
  }
  for (const auto& inl : sources.inline_rules) {
    if (!inl.list.IsSequence()) fail_at(inl.file, inl.list, "custom rules must be a list of rules");
    const std::string dir = fs::path(inl.file).parent_path().string();
    for (const auto& root : inl.list) {
      if (!root.IsMap()) fail_at(inl.file, root, "a custom rule is a mapping (id, kind, level, message, params)");
      pending.push_back({parse_meta_guarded(inl.file, root, true), root, dir.empty() ? "." : dir});
    }
  }
  if (pending.empty()) throw RulePackError(sources.dir + ": no rules found");
  pack.canon = std::make_unique<text::Canonicalizer>(substitutions);

  std::map<std::string, std::string> defined;  // id -> file
  for (const auto& r : pending) {
    auto [it, fresh] = defined.emplace(r.info.id, r.info.file);
    if (!fresh)
      fail_at(r.info.file, r.root["id"], "duplicate rule id `" + r.info.id + "` (also defined in " + it->second + ")");
  }
  for (const auto& [id, extra] : sources.extra_lexicons)
    if (!defined.count(id) && !extra.empty())
      throw RulePackError(extra.front().origin + ": extra lexicons for unknown rule `" + id + "`");

  CompileContext::DataFiles data_files;
  for (auto& r : pending) {
    check_placeholders(r.info, r.root);
    const KindFactory* factory = find_kind(r.info.kind);
    if (factory == nullptr) {
      std::string known;
      for (const auto& k : kind_names()) known += (known.empty() ? "" : ", ") + k;
      fail_at(r.info.file, r.root["kind"], "unknown rule kind `" + r.info.kind + "` (known: " + known + ")");
    }
    YAML::Node params = r.root["params"] ? r.root["params"] : YAML::Node(YAML::NodeType::Map);
    // A rule's extra lexicons are those configured for it, and for the rule it shares its
    // lexicon with (value-marketing searches values with title-marketing's terms).
    std::vector<std::string> extra_files;
    std::string extra_origin;
    std::vector<std::string> lexicon_owners{r.info.id};
    if (const YAML::Node shared = params.IsMap() ? params["share_lexicons_with"] : YAML::Node(); shared) {
      if (!shared.IsScalar() || !defined.count(shared.Scalar()))
        fail_at(r.info.file, shared, "`share_lexicons_with` names no rule of the pack");
      lexicon_owners.push_back(shared.Scalar());
    }
    for (const auto& owner : lexicon_owners) {
      if (auto it = sources.extra_lexicons.find(owner); it != sources.extra_lexicons.end()) {
        for (const auto& e : it->second) extra_files.push_back(e.path);
        if (owner == r.info.id && !it->second.empty()) extra_origin = it->second.front().origin;
      }
    }
    CompiledRule rule;
    rule.info = r.info;
    CompileContext ctx(rule.info, params, r.dir, *pack.canon, std::move(extra_files), &data_files);
    try {
      rule.kind = (*factory)(ctx);
    } catch (const YAML::Exception& e) {
      throw RulePackError(r.info.file + ":" + std::to_string(e.mark.line + 1) + ": rule " + r.info.id + ": " + e.msg);
    } catch (const RulePackError&) {
      throw;
    } catch (const std::exception& e) {
      throw RulePackError(r.info.file + ": rule " + r.info.id + ": " + e.what());
    }
    if (!extra_origin.empty() && !ctx.extra_lexicons_taken())
      throw RulePackError(extra_origin + ": rule `" + r.info.id + "` (kind " + r.info.kind +
                          ") takes no extra lexicons; rules of kind lexicon and value-marketing do");
    if (lexicon_owners.size() > 1 && !ctx.extra_lexicons_taken())
      fail_at(r.info.file, params["share_lexicons_with"],
              "rule `" + r.info.id + "` (kind " + r.info.kind + ") takes no lexicons to share");
    pack.rules.push_back(std::move(rule));
  }
  std::sort(pack.rules.begin(), pack.rules.end(),
            [](const CompiledRule& a, const CompiledRule& b) { return a.info.id < b.info.id; });
  return pack;
}

}  // namespace tplguard::rules
