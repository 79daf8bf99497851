#include "rules/rule_pack.hpp"

#include "util/file_text.hpp"
#include "rules/yaml_json.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <string_view>
#include <unordered_map>

namespace tplguard::rules {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail_at(const std::string& file, const yaml::Node& at, const std::string& what) {
  std::string where = file;
  if (at.IsDefined() && at.Mark().line >= 0) where += ":" + std::to_string(at.Mark().line + 1);
  throw RulePackError(where + ": " + what);
}

std::string scalar(const std::string& file, const yaml::Node& map, const char* key, bool required = true) {
  yaml::Node n = map[key];
  if (!n.IsDefined() || n.IsNull()) {
    if (required) fail_at(file, map, yaml::missing_key_message(map, key));
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
RuleExample parse_payload_example(const std::string& file, const yaml::Node& n, bool fail_list) {
  RuleExample ex;
  if (!n.IsMap() || !n["body"]) fail_at(file, n, "a payload example is {api, body, ...}");
  ex.api = scalar(file, n, "api");
  try {
    ex.body = yaml_to_json(n["body"]).dump();
    if (n["context"]) ex.context = yaml_to_json(n["context"]).dump();
  } catch (const yaml::Exception& e) {
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

RuleExample parse_example(const std::string& file, const yaml::Node& n, bool fail_list) {
  RuleExample ex;
  if (n.IsMap() && n["body"]) return parse_payload_example(file, n, fail_list);
  if (n.IsScalar()) {
    ex.titles.push_back(n.Scalar());
    return ex;
  }
  if (!n.IsMap()) fail_at(file, n, "an example is a title string or a mapping");
  if (n["title"]) ex.titles.push_back(scalar(file, n, "title"));
  if (yaml::Node set = n["titles"]) {
    if (!set.IsSequence()) fail_at(file, set, "`titles` must be a list");
    for (const auto& t : set) ex.titles.push_back(t.as<std::string>());
  }
  if (yaml::Node kws = n["keywords"]) {
    if (!kws.IsSequence()) fail_at(file, kws, "`keywords` must be a list");
    ex.has_keywords = true;
    for (const auto& k : kws) {
      if (k.IsScalar()) {
        ex.keywords.emplace_back(k.Scalar(), "");
      } else if (k.IsMap()) {
        ex.keywords.emplace_back(scalar(file, k, "name"), scalar(file, k, "example", false));
        scalar(file, k, "note", false);  // a comment for the reader of the rule file
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
RuleInfo parse_rule_meta(const std::string& file, const yaml::Node& root, bool inline_rule = false) {
  RuleInfo r;
  r.file = file;
  r.id = scalar(file, root, "id");
  if (!is_rule_id(r.id)) fail_at(file, root["id"], "a rule id is kebab-case: lowercase letters, digits and `-`");
  r.clause = scalar(file, root, "clause", !inline_rule);
  if (r.clause.empty()) r.clause = "custom";
  r.kind = scalar(file, root, "kind");
  r.target = scalar(file, root, "target", false);
  yaml::Node msg = root["message"];
  if (inline_rule && msg.IsScalar()) {
    r.message_zh = r.message_en = msg.Scalar();
  } else {
    if (!msg.IsMap()) fail_at(file, msg.IsDefined() ? msg : root, "`message` must have `zh` and `en`");
    r.message_zh = scalar(file, msg, "zh");
    r.message_en = scalar(file, msg, "en");
  }
  r.doc = scalar(file, root, "doc", !inline_rule);
  if (r.doc.empty()) r.doc = r.message_en;
  if (yaml::Node sum = root["summary"]; sum && !sum.IsNull()) {
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
  if (yaml::Node levels = root["levels"]) {
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
  if (yaml::Node ec = root["errcode"]; ec && !ec.IsNull()) {
    try {
      r.errcode = ec.as<int>();
    } catch (const yaml::Exception&) {
      fail_at(file, ec, "`errcode` must be an integer");
    }
  }
  yaml::Node examples = root["examples"];
  if (inline_rule && (!examples.IsDefined() || examples.IsNull())) return r;
  if (!examples.IsMap()) fail_at(file, root, "`examples` with `pass` and `fail` lists is required");
  for (const char* which : {"pass", "fail"}) {
    yaml::Node list = examples[which];
    if (inline_rule && !list.IsDefined()) continue;
    if (!list.IsDefined()) fail_at(file, examples, yaml::missing_key_message(examples, which, "examples list"));
    if (!list.IsSequence() || list.size() == 0)
      fail_at(file, examples, std::string("`examples.") + which + "` must be a non-empty list");
    for (const auto& e : list) (which[0] == 'p' ? r.pass : r.fail).push_back(parse_example(file, e, which[0] == 'f'));
  }
  return r;
}

// Placeholders used in a message must be ones the rule can fill: catches typos in data.
void check_placeholders(const RuleInfo& r, const yaml::Node& root) {
  for (const std::string* m : {&r.message_zh, &r.message_en}) {
    size_t open = 0;
    while ((open = m->find('{', open)) != std::string::npos) {
      size_t close = m->find('}', open);
      if (close == std::string::npos) fail_at(r.file, root["message"], "unclosed `{` in message");
      open = close;
    }
  }
}

std::unordered_map<char32_t, std::string> load_substitutions(const std::string& dir, const yaml::Node& pack,
                                                              const std::string& pack_file) {
  std::unordered_map<char32_t, std::string> subs;
  yaml::Node files = pack.IsMap() ? pack["substitutions"] : yaml::Node();
  if (!files) return subs;
  if (!files.IsScalar() && !files.IsSequence()) fail_at(pack_file, files, "`substitutions` names a file or a list of files");
  std::vector<yaml::Node> names;
  if (files.IsScalar()) names.push_back(files);
  else
    for (const auto& f : files) {
      if (!f.IsScalar()) fail_at(pack_file, f, "`substitutions` names a file or a list of files");
      names.push_back(f);
    }
  for (const auto& file : names) {
    const std::string path = (fs::path(dir) / file.as<std::string>()).string();
    yaml::Node data = load_yaml_file(path);
    yaml::Node map = data.IsMap() ? data["substitutions"] : yaml::Node();
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

}  // namespace

yaml::Node load_yaml_file(const std::string& path) {
  std::string text;
  std::string problem = util::read_file_text(path, util::kMaxRuleFileBytes, text);
  if (!problem.empty()) throw RulePackError(path + ": " + problem);
  if (auto bad = text::find_invalid_utf8(text)) throw RulePackError(path + ": invalid UTF-8 at byte " + std::to_string(*bad));
  // One strict parse: repeated keys, merge keys, tags, deep nesting and alias bombs are
  // refused by the reader itself (src/yaml), with the line.
  try {
    yaml::Limits limits;
    limits.record_reads = true;
    return yaml::parse(text, limits);
  } catch (const yaml::Exception& e) {
    throw RulePackError(path + (e.mark.line >= 0 ? ":" + std::to_string(e.mark.line + 1) : std::string()) + ": " +
                        e.msg);
  }
}

void refuse_unread_keys(const std::string& path, const yaml::Node& root) {
  if (auto u = yaml::unread_key(root)) fail_at(path, u->key, yaml::unknown_key_message(*u));
}

std::string CompileContext::data_path(const std::string& relative) const {
  return (fs::path(rules_dir_) / relative).string();
}

yaml::Node CompileContext::load_data_file(const std::string& path) const {
  if (data_files_ == nullptr) return load_yaml_file(path);
  if (auto it = data_files_->find(path); it != data_files_->end()) return it->second;
  yaml::Node root = load_yaml_file(path);
  data_files_->emplace(path, root);
  return root;
}

void CompileContext::fail(const yaml::Node& at, const std::string& what) const {
  fail_at(current_file_, at, "rule " + rule_.id + ": " + what);
}

void CompileContext::fail_at_mark(int line, const std::string& what) const {
  std::string where = current_file_;
  if (line >= 0) where += ":" + std::to_string(line + 1);
  throw RulePackError(where + ": rule " + rule_.id + ": " + what);
}

yaml::Node CompileContext::required(const yaml::Node& map, const char* key) const {
  yaml::Node n = map[key];
  if (!n.IsDefined() || n.IsNull()) fail(map, yaml::missing_key_message(map, key, "parameter"));
  return n;
}

std::string CompileContext::string_param(const yaml::Node& map, const char* key,
                                         std::optional<std::string> fallback) const {
  yaml::Node n = map[key];
  if (!n.IsDefined() || n.IsNull()) {
    if (fallback) return *fallback;
    fail(map, yaml::missing_key_message(map, key, "parameter"));
  }
  if (!n.IsScalar()) fail(n, std::string("`") + key + "` must be a string");
  return n.Scalar();
}

double CompileContext::number_param(const yaml::Node& map, const char* key, std::optional<double> fallback) const {
  yaml::Node n = map[key];
  if (!n.IsDefined() || n.IsNull()) {
    if (fallback) return *fallback;
    fail(map, yaml::missing_key_message(map, key, "parameter"));
  }
  try {
    return n.as<double>();
  } catch (const yaml::Exception&) {
    fail(n, std::string("`") + key + "` must be a number");
  }
}

std::vector<std::string> CompileContext::string_list(const yaml::Node& map, const char* key, bool required) const {
  std::vector<std::string> out;
  yaml::Node n = map[key];
  if (!n.IsDefined() || n.IsNull()) {
    if (required) fail(map, yaml::missing_key_message(map, key, "parameter"));
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

ProfileLevels CompileContext::levels(const yaml::Node& map) const {
  ProfileLevels out;
  if (!map.IsMap()) return out;
  if (yaml::Node l = map["level"]) {
    auto level = parse_level(l.as<std::string>());
    if (!level) fail(l, "level must be error, warning or info");
    for (auto& o : out) o = level;
  }
  if (yaml::Node ls = map["levels"]) {
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
  yaml::Node root;
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

RuleInfo parse_meta_guarded(const std::string& file, const yaml::Node& root, bool inline_rule) {
  try {
    return parse_rule_meta(file, root, inline_rule);
  } catch (const yaml::Exception& e) {
    throw RulePackError(file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

}  // namespace

RulePack load_rule_pack(const PackSources& sources, const KindRegistry& kinds) {
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
      yaml::Node meta = load_yaml_file(pack_file);
      if (!meta.IsMap() && !meta.IsNull()) fail_at(pack_file, meta, "pack.yaml must be a mapping");
      std::unordered_map<char32_t, std::string> subs;
      try {
        subs = load_substitutions(dir, meta, pack_file);
      } catch (const yaml::Exception& e) {
        throw RulePackError(pack_file + " (or the file it names):" + std::to_string(e.mark.line + 1) + ": " + e.msg);
      }
      if (meta.IsMap()) {
        scalar(pack_file, meta, "name", false);  // the pack's name, for its reader
        refuse_unread_keys(pack_file, meta);
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
      yaml::Node root = load_yaml_file(file);
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
    const KindFactory* factory = kinds.find(r.info.kind);
    if (factory == nullptr) {
      std::string known;
      for (const auto& [k, f] : kinds.kinds) known += (known.empty() ? "" : ", ") + k;
      fail_at(r.info.file, r.root["kind"], "unknown rule kind `" + r.info.kind + "` (known: " + known + ")");
    }
    yaml::Node params = r.root["params"] ? r.root["params"] : yaml::parse("{}");
    // A rule's extra lexicons are those configured for it, and for the rule it shares its
    // lexicon with (value-marketing searches values with title-marketing's terms).
    std::vector<std::string> extra_files;
    std::string extra_origin;
    std::vector<std::string> lexicon_owners{r.info.id};
    if (const yaml::Node shared = params.IsMap() ? params["share_lexicons_with"] : yaml::Node(); shared) {
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
    } catch (const yaml::Exception& e) {
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
  // Every key of the pack's own files must be one some reader knows: a misspelt `sumary:` or
  // `min_residu:` would otherwise load without a word and quietly change nothing.
  // (A custom rule of a config file is checked here too: its tree is the config's.)
  for (const auto& r : pending) refuse_unread_keys(r.info.file, r.root);
  std::map<std::string, yaml::Node> read_files(data_files.begin(), data_files.end());
  for (const auto& [path, root] : read_files) refuse_unread_keys(path, root);
  std::sort(pack.rules.begin(), pack.rules.end(),
            [](const CompiledRule& a, const CompiledRule& b) { return a.info.id < b.info.id; });
  return pack;
}

}  // namespace tplguard::rules
