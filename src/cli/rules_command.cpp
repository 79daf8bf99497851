// `tplguard rules` and `tplguard explain ID`: documentation generated from the rule metadata.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/common.hpp"

namespace tplguard::cli {

namespace {

const char* level_label(Level l) { return to_string(l); }

nlohmann::json example_json(const RuleExample& e) {
  nlohmann::json j = nlohmann::json::object();
  if (!e.body.empty()) {  // a payload rule's example: a request body for an API
    j["api"] = e.api;
    j["body"] = nlohmann::json::parse(e.body);
    if (!e.context.empty()) j["context"] = nlohmann::json::parse(e.context);
    if (!e.field.empty()) j["field"] = e.field;
  }
  if (e.titles.size() == 1) j["title"] = e.titles[0];
  else if (!e.titles.empty()) j["titles"] = e.titles;
  if (e.has_keywords) {
    j["keywords"] = nlohmann::json::array();
    for (const auto& [name, example] : e.keywords) {
      nlohmann::json k = {{"name", name}};
      if (!example.empty()) k["example"] = example;
      j["keywords"].push_back(k);
    }
  }
  if (e.profile) j["profile"] = to_string(*e.profile);
  if (!e.at.empty()) j["at"] = e.at;
  if (e.level) j["level"] = to_string(*e.level);
  if (!e.note.empty()) j["note"] = e.note;
  if (!e.source.empty()) j["source"] = e.source;
  return j;
}

nlohmann::json rule_json(const RuleInfo& r) {
  nlohmann::json levels = nlohmann::json::object();
  for (int p = 0; p < kProfileCount; ++p) levels[to_string(static_cast<Profile>(p))] = to_string(r.levels[p]);
  nlohmann::json pass = nlohmann::json::array(), fail = nlohmann::json::array();
  for (const auto& e : r.pass) pass.push_back(example_json(e));
  for (const auto& e : r.fail) fail.push_back(example_json(e));
  return {{"id", r.id},
          {"clause", r.clause},
          {"level", to_string(r.level)},
          {"levels", levels},
          {"kind", r.kind},
          {"target", r.target},
          {"errcode", r.errcode ? nlohmann::json(*r.errcode) : nlohmann::json(nullptr)},
          {"message", {{"zh", r.message_zh}, {"en", r.message_en}}},
          {"doc", r.doc},
          {"examples", {{"pass", pass}, {"fail", fail}}}};
}

std::string describe_example(const RuleExample& e) {
  if (!e.source.empty()) {  // a whole file: shown indented under the bullet
    std::string s = "file:";
    size_t start = 0;
    while (start < e.source.size()) {
      size_t end = e.source.find('\n', start);
      if (end == std::string::npos) end = e.source.size();
      s += "\n      " + e.source.substr(start, end - start);
      start = end + 1;
    }
    if (!e.at.empty()) s += "\n    at: " + e.at;
    return s;
  }
  std::string s;
  if (!e.body.empty()) {
    s = e.api + " " + e.body;
    if (!e.context.empty()) s += " (context " + e.context + ")";
    if (!e.field.empty()) s += " -> " + e.field;
    if (!e.at.empty()) s += " at '" + e.at + "'";
    if (e.level) s += std::string(" (") + to_string(*e.level) + ")";
    return s;
  }
  for (size_t i = 0; i < e.titles.size(); ++i) s += (i ? " + " : "") + e.titles[i];
  if (e.has_keywords) {
    s += " [";
    for (size_t i = 0; i < e.keywords.size(); ++i) {
      s += (i ? ", " : "") + e.keywords[i].first;
      if (!e.keywords[i].second.empty()) s += "=" + e.keywords[i].second;
    }
    s += "]";
  }
  if (e.profile) s += std::string(" (") + to_string(*e.profile) + ")";
  if (e.level) s += std::string(" -> ") + to_string(*e.level);
  return s;
}

// The message with its {placeholders} shown as "…": a one-line summary of what the rule says.
std::string summary(const std::string& message) {
  std::string out;
  for (size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '{') {
      const size_t close = message.find('}', i);
      if (close != std::string::npos) {
        out += "…";
        i = close;
        continue;
      }
    }
    out.push_back(message[i]);
  }
  return out;
}

// The rules a run would use: the shipped pack plus the config's packs and custom rules.
std::shared_ptr<const Engine> config_engine(const ReportArgs& a) {
  config::Config cfg;
  std::shared_ptr<const Engine> engine;
  if (!load_config_and_engine(a, cfg, engine)) return nullptr;
  return engine;
}

int run_rules(const ReportArgs& a, const std::string& format) {
  auto engine = config_engine(a);
  if (!engine) return kExitBad;
  if (format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : engine->rules()) list.push_back(rule_json(r));
    std::cout << nlohmann::json{{"rules", list}}.dump(2) << "\n";
    return kExitClean;
  }
  for (const auto& r : engine->rules()) {
    std::string levels;
    for (int p = 0; p < kProfileCount; ++p) levels += std::string(p ? "/" : "") + level_label(r.levels[p]);
    if (r.target == "payload") levels = std::string(level_label(r.level)) + " (payload)";
    std::cout << r.id << std::string(r.id.size() < 20 ? 20 - r.id.size() : 1, ' ') << "clause " << r.clause
              << std::string(r.clause.size() < 5 ? 5 - r.clause.size() : 1, ' ') << levels
              << std::string(levels.size() < 22 ? 22 - levels.size() : 1, ' ') << (r.summary_en.empty() ? summary(r.message_en) : r.summary_en) << "\n";
  }
  std::cout << "\n" << engine->rules().size()
            << " rules; levels are miniprogram/subscribe/official-account (payload rules, run by `tplguard check`,\n"
               "have one level). `tplguard explain ID` for details.\n";
  return kExitClean;
}

int run_explain(const ReportArgs& a, const std::string& id, bool chinese) {
  auto engine = config_engine(a);
  if (!engine) return kExitBad;
  const RuleInfo* r = engine->rule(id);
  if (r == nullptr) {
    check_ids(*engine, {id}, "explain");
    return kExitBad;
  }
  if (r->target == "payload") {
    std::cout << r->id << " (payload check, clause " << r->clause << ", kind " << r->kind << ")\n";
    std::cout << "level: " << to_string(r->level) << "; errcode: "
              << (r->errcode ? std::to_string(*r->errcode) : std::string("the field's, from its API spec"));
  } else {
    std::cout << r->id << " (审核说明 " << r->clause << ", kind " << r->kind << ")\n";
    std::cout << "levels: ";
    for (int p = 0; p < kProfileCount; ++p)
      std::cout << (p ? ", " : "") << to_string(static_cast<Profile>(p)) << " " << to_string(r->levels[p]);
  }
  std::cout << "\nmessage: " << (chinese ? r->message_zh : r->message_en) << "\n\n" << r->doc << "\n";
  std::cout << "passes:\n";
  for (const auto& e : r->pass) std::cout << "  + " << describe_example(e) << "\n";
  std::cout << "fails:\n";
  for (const auto& e : r->fail) std::cout << "  - " << describe_example(e) << "\n";
  return kExitClean;
}

}  // namespace

std::vector<Command> add_rules_commands(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  auto format = std::make_shared<std::string>("text");
  auto add_common = [&](CLI::App* cmd) {
    cmd->add_option("--rules", args->rules_dir, "rule pack directory (default: the shipped rules/)");
    cmd->add_option("--config", args->config, "configuration file (its packs and custom rules are listed too)");
    cmd->add_flag("--no-config", args->no_config, "ignore configuration files");
  };
  CLI::App* rules = app.add_subcommand("rules", "list the rules");
  rules->add_option("--format", *format, "output format")->check(CLI::IsMember({"text", "json"}));
  add_common(rules);

  auto id = std::make_shared<std::string>();
  auto lang = std::make_shared<std::string>();
  CLI::App* explain = app.add_subcommand("explain", "show one rule's documentation");
  explain->add_option("id", *id, "rule id")->required();
  explain->add_option("--lang", *lang, "message language")->check(CLI::IsMember({"zh", "en"}));
  add_common(explain);
  return {{rules, [=] { return run_rules(*args, *format); }},
          {explain, [=] { return run_explain(*args, *id, lang->empty() ? env_prefers_chinese() : *lang == "zh"); }}};
}

}  // namespace tplguard::cli
