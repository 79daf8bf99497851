// Reading `.tplguard.yaml` and turning it into an engine and lint options (see config.hpp).
#include "config/config.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pipeline/engine_impl.hpp"
#include "util/closest.hpp"

namespace tplguard::config {

namespace fs = std::filesystem;

namespace {

uint32_t line_of(const yaml::Node& n) {
  return n.IsDefined() && n.Mark().line >= 0 ? static_cast<uint32_t>(n.Mark().line + 1) : 0;
}

std::string where(const std::string& file, const yaml::Node& at) {
  const uint32_t line = line_of(at);
  return line ? file + ":" + std::to_string(line) : file;
}

[[noreturn]] void fail(const std::string& file, const yaml::Node& at, const std::string& what) {
  throw ConfigError(where(file, at) + ": " + what);
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& known) {
  // Config keys and rule ids are long: allow a third of the word's length in edits.
  const std::string best(util::closest(word, known, std::max<size_t>(3, word.size() / 3) + 1));
  return best.empty() ? std::string() : " (did you mean `" + best + "`?)";
}

void check_keys(const std::string& file, const yaml::Node& map, const std::vector<std::string>& allowed,
                const char* what) {
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) fail(file, kv.first, std::string("keys of ") + what + " are names");
    const std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string known;
      for (const auto& a : allowed) known += (known.empty() ? "" : ", ") + a;
      fail(file, kv.first, "unknown key `" + key + "` in " + what + did_you_mean(key, allowed) + "; known: " + known);
    }
  }
}

std::string scalar(const std::string& file, const yaml::Node& n, const char* what) {
  if (!n.IsScalar()) fail(file, n, std::string("`") + what + "` must be a string");
  return n.Scalar();
}

// A list of strings, written as a YAML list or as one comma-separated string.
std::vector<std::pair<std::string, yaml::Node>> string_list(const std::string& file, const yaml::Node& n,
                                                            const char* what) {
  std::vector<std::pair<std::string, yaml::Node>> out;
  if (n.IsNull()) return out;
  if (n.IsScalar()) {
    std::stringstream ss(n.Scalar());
    for (std::string item; std::getline(ss, item, ',');) {
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      if (!item.empty()) out.emplace_back(item, n);
    }
    return out;
  }
  if (!n.IsSequence()) fail(file, n, std::string("`") + what + "` must be a list");
  for (const auto& item : n) out.emplace_back(scalar(file, item, what), item);
  return out;
}

Profile profile_of(const std::string& file, const yaml::Node& n) {
  const std::string s = scalar(file, n, "profile");
  auto p = parse_profile(s);
  if (!p) fail(file, n, "unknown profile `" + s + "` (expected miniprogram, subscribe or official-account)");
  return *p;
}

Level level_of(const std::string& file, const yaml::Node& n) {
  const std::string s = scalar(file, n, "level");
  auto l = parse_level(s);
  if (!l) fail(file, n, "unknown level `" + s + "` (expected error, warning or info)");
  return *l;
}

// `rules: {id: warning}`, `{id: {level: warning}}` or `{id: {levels: {subscribe: info}}}`.
LevelsByProfile rule_levels(const std::string& file, const yaml::Node& n) {
  LevelsByProfile out;
  if (n.IsScalar()) {
    out.fill(level_of(file, n));
    return out;
  }
  if (!n.IsMap()) fail(file, n, "a rule's settings are a level or {level, levels}");
  check_keys(file, n, {"level", "levels"}, "a rule's settings");
  if (yaml::Node l = n["level"]) out.fill(level_of(file, l));
  if (yaml::Node ls = n["levels"]) {
    if (!ls.IsMap()) fail(file, ls, "`levels` maps profiles to levels");
    for (const auto& kv : ls) out[static_cast<int>(profile_of(file, kv.first))] = level_of(file, kv.second);
  }
  if (std::none_of(out.begin(), out.end(), [](const auto& l) { return l.has_value(); }))
    fail(file, n, "a rule's settings need `level` or `levels`");
  return out;
}

RuleSettings rule_settings(const std::string& file, const yaml::Node& map, Config& cfg) {
  RuleSettings s;
  auto note = [&](const std::string& id, const yaml::Node& at) { cfg.rule_refs.emplace_back(id, line_of(at)); };
  if (yaml::Node p = map["profile"]; p && !p.IsNull()) s.profile = profile_of(file, p);
  if (yaml::Node sel = map["select"]; sel && !sel.IsNull()) {
    s.select.emplace();
    for (const auto& [id, at] : string_list(file, sel, "select")) {
      note(id, at);
      s.select->insert(id);
    }
  }
  if (yaml::Node ign = map["ignore"]) {
    for (const auto& [id, at] : string_list(file, ign, "ignore")) {
      note(id, at);
      s.ignore.insert(id);
    }
  }
  if (yaml::Node rules = map["rules"]; rules && !rules.IsNull()) {
    if (!rules.IsMap()) fail(file, rules, "`rules` maps rule ids to their settings");
    for (const auto& kv : rules) {
      const std::string id = scalar(file, kv.first, "rule id");
      note(id, kv.first);
      s.levels[id] = rule_levels(file, kv.second);
    }
  }
  return s;
}

std::string absolute_in(const std::string& dir, const std::string& p) {
  fs::path path(p);
  if (path.is_relative()) path = fs::path(dir) / path;
  return path.lexically_normal().string();
}

std::string absolute_path(const std::string& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  return (ec ? fs::path(p) : abs).lexically_normal().string();
}

void merge(RuleSettings& into, const RuleSettings& more) {
  if (more.profile) into.profile = more.profile;
  if (more.select) into.select = more.select;
  into.ignore.insert(more.ignore.begin(), more.ignore.end());
  for (const auto& [id, levels] : more.levels) {
    LevelsByProfile& l = into.levels[id];
    for (int p = 0; p < kProfileCount; ++p)
      if (levels[p]) l[p] = levels[p];
  }
}

}  // namespace

std::string glob_to_regex(const std::string& glob) {
  std::string g = glob;
  std::string re;
  bool anchored = g.find('/') != std::string::npos && g.find('/') != g.size() - 1;
  if (!g.empty() && g.front() == '/') {
    g.erase(0, 1);
    anchored = true;
  }
  if (!g.empty() && g.back() == '/') g += "**";
  if (!anchored) re = "(?:.*/)?";
  for (size_t i = 0; i < g.size(); ++i) {
    const char c = g[i];
    if (c == '*' && i + 1 < g.size() && g[i + 1] == '*') {
      const bool slash_after = i + 2 < g.size() && g[i + 2] == '/';
      const bool at_segment_start = i == 0 || g[i - 1] == '/';
      if (at_segment_start && slash_after) {
        re += "(?:.*/)?";  // `**/`: any number of directories, none included
        i += 2;
      } else {
        re += ".*";
        ++i;
      }
    } else if (c == '*') {
      re += "[^/]*";
    } else if (c == '?') {
      re += "[^/]";
    } else if (c == '[') {
      const size_t close = g.find(']', i + 2);
      if (close == std::string::npos) {
        re += "\\[";
        continue;
      }
      std::string cls = g.substr(i + 1, close - i - 1);
      if (!cls.empty() && cls[0] == '!') cls[0] = '^';
      re += "[" + cls + "]";
      i = close;
    } else {
      re += RE2::QuoteMeta(std::string(1, c));
    }
  }
  return re;
}

std::optional<std::string> find_config(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec).lexically_normal();
  if (ec) return std::nullopt;
  for (;;) {
    fs::path candidate = dir / kFileName;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

Config load_config(const std::string& path) {
  Config cfg;
  cfg.path = path;
  cfg.dir = fs::path(absolute_path(path)).parent_path().string();
  yaml::Node root;
  try {
    root = rules::load_yaml_file(path);
  } catch (const RulePackError& e) {
    throw ConfigError(e.what());
  }
  if (root.IsNull()) return cfg;  // an empty file: the defaults
  if (!root.IsMap()) fail(path, root, "a config file is a mapping (profile, select, ignore, rules, ...)");
  try {
    check_keys(path, root,
               {"profile", "select", "ignore", "rules", "packs", "lexicons", "custom-rules", "overrides", "fail-on",
                "baseline", "judge-approved-as-proposals"},
               "the config");
    cfg.base = rule_settings(path, root, cfg);
    if (yaml::Node packs = root["packs"]) {
      for (const auto& [dir, at] : string_list(path, packs, "packs")) {
        const std::string abs = absolute_in(cfg.dir, dir);
        std::error_code ec;
        if (!fs::is_directory(abs, ec)) fail(path, at, "rule pack `" + dir + "` is not a directory");
        cfg.packs.push_back(abs);
      }
    }
    if (yaml::Node lex = root["lexicons"]; lex && !lex.IsNull()) {
      if (!lex.IsMap()) fail(path, lex, "`lexicons` maps rule ids to lexicon files");
      for (const auto& kv : lex) {
        const std::string id = scalar(path, kv.first, "rule id");
        cfg.rule_refs.emplace_back(id, line_of(kv.first));
        for (const auto& [file, at] : string_list(path, kv.second, "lexicons")) {
          const std::string abs = absolute_in(cfg.dir, file);
          std::error_code ec;
          if (!fs::is_regular_file(abs, ec))
            fail(path, at, "lexicon file `" + file + (fs::exists(abs, ec) ? "` is not a regular file" : "` not found"));
          cfg.lexicons[id].push_back({abs, where(path, at)});
        }
      }
    }
    if (yaml::Node custom = root["custom-rules"]; custom && !custom.IsNull()) {
      if (!custom.IsSequence()) fail(path, custom, "`custom-rules` is a list of rules");
      cfg.custom_rules = custom;
    }
    if (yaml::Node overrides = root["overrides"]; overrides && !overrides.IsNull()) {
      if (!overrides.IsSequence()) fail(path, overrides, "`overrides` is a list of {files, ...}");
      for (const auto& o : overrides) {
        if (!o.IsMap()) fail(path, o, "an override is a mapping with `files`");
        check_keys(path, o, {"files", "profile", "select", "ignore", "rules"}, "an override");
        PathOverride po;
        po.line = line_of(o);
        yaml::Node files = o["files"];
        if (!files || files.IsNull()) fail(path, o, "an override needs `files` (globs)");
        for (const auto& [glob, at] : string_list(path, files, "files")) {
          RE2::Options options;
          options.set_log_errors(false);
          auto re = std::make_shared<RE2>(glob_to_regex(glob), options);
          if (!re->ok()) fail(path, at, "invalid glob `" + glob + "`: " + re->error());
          po.globs.push_back(glob);
          po.matchers.push_back(std::move(re));
        }
        if (po.globs.empty()) fail(path, files, "an override needs at least one glob in `files`");
        po.settings = rule_settings(path, o, cfg);
        cfg.overrides.push_back(std::move(po));
      }
    }
    if (yaml::Node f = root["fail-on"]; f && !f.IsNull()) cfg.fail_on = level_of(path, f);
    if (yaml::Node j = root["judge-approved-as-proposals"]; j && !j.IsNull()) {
      const std::string v = scalar(path, j, "judge-approved-as-proposals");
      if (v != "true" && v != "false") fail(path, j, "`judge-approved-as-proposals` must be true or false, not `" + v + "`");
      cfg.judge_approved_as_proposals = v == "true";
    }
    if (yaml::Node b = root["baseline"]; b && !b.IsNull()) cfg.baseline = absolute_in(cfg.dir, scalar(path, b, "baseline"));
  } catch (const yaml::Exception& e) {
    throw ConfigError(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return cfg;
}

std::shared_ptr<const Engine> build_engine(const Config& config, const std::string& rules_dir) {
  rules::PackSources sources;
  sources.dir = rules_dir.empty() ? default_rules_dir() : rules_dir;
  sources.extra_dirs = config.packs;
  if (config.custom_rules.IsDefined() && config.custom_rules.IsSequence())
    sources.inline_rules.push_back({config.path, config.custom_rules});
  sources.extra_lexicons = config.lexicons;
  auto engine = pipeline::build_engine(sources);
  std::vector<std::string> ids;
  for (const auto& r : engine->rules()) ids.push_back(r.id);
  std::string problems;
  for (const auto& [id, line] : config.rule_refs) {
    if (engine->rule(id)) continue;
    if (!problems.empty()) problems += "\n";
    problems += config.path + (line ? ":" + std::to_string(line) : std::string()) + ": unknown rule id `" + id + "`" +
                did_you_mean(id, ids);
  }
  if (!problems.empty()) throw ConfigError(problems);
  return engine;
}

Resolver::Resolver(const Config& config, CommandLineSettings cli) : config_(config), cli_(std::move(cli)) {
  base_ = std::make_unique<LintOptions>(make({}));
}

LintOptions Resolver::make(const std::vector<size_t>& overrides) const {
  RuleSettings s = config_.base;
  for (size_t i : overrides) merge(s, config_.overrides[i].settings);
  if (cli_.profile) s.profile = cli_.profile;
  if (cli_.select) s.select = cli_.select;
  s.ignore.insert(cli_.ignore.begin(), cli_.ignore.end());
  LintOptions o;
  o.profile = s.profile;
  if (s.select) o.select = *s.select;
  o.ignore = std::move(s.ignore);
  o.levels = std::move(s.levels);
  o.judge_approved_as_proposals = cli_.judge_approved_as_proposals || config_.judge_approved_as_proposals;
  return o;
}

std::vector<size_t> Resolver::matching_overrides(const std::string& file) const {
  std::vector<size_t> out;
  if (config_.overrides.empty()) return out;
  fs::path rel = fs::path(absolute_path(file)).lexically_relative(config_.dir);
  const std::string r = rel.generic_string();
  if (r.empty() || r.rfind("..", 0) == 0) return out;  // outside the config's directory
  for (size_t i = 0; i < config_.overrides.size(); ++i)
    for (const auto& m : config_.overrides[i].matchers)
      if (RE2::FullMatch(r, *m)) {
        out.push_back(i);
        break;
      }
  return out;
}

const LintOptions& Resolver::options_for(const std::string& file) {
  if (auto it = by_file_.find(file); it != by_file_.end()) return *it->second;
  const std::vector<size_t> which = matching_overrides(file);
  const LintOptions* o = base_.get();
  if (!which.empty()) {
    auto& slot = by_overrides_[which];
    if (!slot) slot = std::make_unique<LintOptions>(make(which));
    o = slot.get();
  }
  by_file_.emplace(file, o);
  return *o;
}

void Resolver::prepare(const std::vector<std::string>& files) {
  for (const auto& f : files) options_for(f);
}

LintOptions Resolver::lint_options(bool set_rules) {
  LintOptions o = *base_;
  o.set_rules = set_rules;
  if (!config_.overrides.empty()) {
    // Read-only lookups: every file was resolved by prepare().
    o.options_for = [this](const Template& t) -> const LintOptions* {
      if (!t.source) return nullptr;
      auto it = by_file_.find(t.source->path());
      return it == by_file_.end() || it->second == base_.get() ? nullptr : it->second;
    };
  }
  return o;
}

namespace {

using ojson = nlohmann::ordered_json;

ojson levels_json(const LevelsByProfile& l) {
  ojson j = ojson::object();
  for (int p = 0; p < kProfileCount; ++p)
    if (l[p]) j[to_string(static_cast<Profile>(p))] = to_string(*l[p]);
  return j;
}

ojson settings_json(const RuleSettings& s) {
  ojson j = ojson::object();
  if (s.profile) j["profile"] = to_string(*s.profile);
  if (s.select) j["select"] = *s.select;
  if (!s.ignore.empty()) j["ignore"] = s.ignore;
  if (!s.levels.empty()) {
    ojson r = ojson::object();
    for (const auto& [id, l] : s.levels) r[id] = {{"levels", levels_json(l)}};
    j["rules"] = r;
  }
  return j;
}

void emit_yaml(yaml::Writer& out, const ojson& j) {
  if (j.is_object()) {
    out.begin_map();
    for (const auto& [k, v] : j.items()) {
      out.scalar(k);
      emit_yaml(out, v);
    }
    out.end_map();
  } else if (j.is_array()) {
    const bool flat = std::all_of(j.begin(), j.end(), [](const ojson& v) { return v.is_primitive(); });
    out.begin_seq(flat);
    for (const auto& v : j) emit_yaml(out, v);
    out.end_seq();
  } else if (j.is_string()) {
    out.scalar(j.get_ref<const std::string&>());
  } else if (j.is_null()) {
    out.scalar("~", true);
  } else {
    out.scalar(j.dump(), true);
  }
}

}  // namespace

std::string describe(const Config& config, const Engine& engine, Resolver& resolver, const std::string& file,
                     bool json) {
  ojson j = ojson::object();
  j["config"] = config.path.empty() ? ojson(nullptr) : ojson(config.path);
  ojson settings = settings_json(config.base);
  for (const auto& [k, v] : settings.items()) j[k] = v;
  if (!config.packs.empty()) j["packs"] = config.packs;
  if (!config.lexicons.empty()) {
    ojson lex = ojson::object();
    for (const auto& [id, files] : config.lexicons)
      for (const auto& f : files) lex[id].push_back(f.path);
    j["lexicons"] = lex;
  }
  if (config.custom_rules.IsDefined() && config.custom_rules.IsSequence()) {
    ojson ids = ojson::array();
    for (const auto& r : config.custom_rules)
      if (r["id"] && r["id"].IsScalar()) ids.push_back(r["id"].Scalar());
    j["custom-rules"] = ids;
  }
  if (!config.overrides.empty()) {
    ojson list = ojson::array();
    for (const auto& o : config.overrides) {
      ojson item = {{"files", o.globs}};
      const ojson settings_of_override = settings_json(o.settings);
      for (const auto& [k, v] : settings_of_override.items()) item[k] = v;
      list.push_back(item);
    }
    j["overrides"] = list;
  }
  j["fail-on"] = to_string(config.fail_on.value_or(Level::error));
  if (config.judge_approved_as_proposals) j["judge-approved-as-proposals"] = true;
  if (!config.baseline.empty()) j["baseline"] = config.baseline;

  const LintOptions& o = file.empty() ? resolver.base() : resolver.options_for(file);
  ojson effective = ojson::object();
  if (!file.empty()) {
    effective["file"] = file;
    ojson applied = ojson::array();
    for (size_t i : resolver.matching_overrides(file)) {
      std::string globs;
      for (const auto& g : config.overrides[i].globs) globs += (globs.empty() ? "" : ", ") + g;
      applied.push_back("overrides[" + std::to_string(i) + "] (line " + std::to_string(config.overrides[i].line) +
                        "): " + globs);
    }
    effective["overrides"] = applied;
  }
  effective["profile"] = o.profile ? to_string(*o.profile) : "the record's kind, else miniprogram";
  ojson rules = ojson::object();
  for (const auto& r : engine.rules()) {
    const bool on = (o.select.empty() || o.select.count(r.id)) && !o.ignore.count(r.id);
    if (!on) {
      rules[r.id] = "off";
      continue;
    }
    ojson levels = ojson::object();
    const auto over = o.levels.find(r.id);
    for (int p = 0; p < kProfileCount; ++p) {
      Level l = r.levels[p];
      if (over != o.levels.end() && over->second[p]) l = *over->second[p];
      levels[to_string(static_cast<Profile>(p))] = to_string(l);
    }
    rules[r.id] = levels;
  }
  effective["rules"] = rules;
  j["effective"] = effective;

  if (json) return j.dump(2) + "\n";
  yaml::Writer out;
  emit_yaml(out, j);
  std::string text = "# tplguard configuration: " +
                     (config.path.empty() ? std::string("no .tplguard.yaml found, the defaults") : config.path) +
                     "\n" + out.finish();
  return text;
}

}  // namespace tplguard::config
