// The tplguard command line: lint | rules | explain. The library never prints or exits;
// this file does both. Exit status: 0 clean, 1 error-level findings, 2 usage or input error.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "io/template_reader.hpp"
#include "report/report.hpp"
#include "tplguard/tplguard.hpp"

namespace {

using namespace tplguard;

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitBad = 2;

bool env_prefers_chinese() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0') return std::string_view(v).substr(0, 2) == "zh";
  }
  return false;
}

std::set<std::string> split_ids(const std::vector<std::string>& values) {
  std::set<std::string> ids;
  for (const auto& v : values) {
    std::stringstream ss(v);
    std::string id;
    while (std::getline(ss, id, ','))
      if (!id.empty()) ids.insert(id);
  }
  return ids;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

// Unknown rule ids are a usage error, with the closest known id as a suggestion.
bool check_ids(const Engine& engine, const std::set<std::string>& ids, const char* option) {
  bool ok = true;
  for (const auto& id : ids) {
    if (engine.rule(id)) continue;
    std::string best;
    size_t best_d = 4;
    for (const auto& r : engine.rules()) {
      const size_t d = edit_distance(id, r.id);
      if (d < best_d) {
        best_d = d;
        best = r.id;
      }
    }
    std::cerr << "tplguard: " << option << ": unknown rule id '" << id << "'";
    if (!best.empty()) std::cerr << " (did you mean '" << best << "'?)";
    std::cerr << "\n";
    ok = false;
  }
  return ok;
}

std::shared_ptr<const Engine> load_engine(const std::string& rules_dir) {
  try {
    return Engine::load(EngineOptions{rules_dir});
  } catch (const RulePackError& e) {
    std::cerr << "tplguard: rule pack: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "tplguard: rule pack: " << e.what() << "\n";
  }
  return nullptr;
}

const char* level_label(Level l) { return to_string(l); }

nlohmann::json example_json(const RuleExample& e) {
  nlohmann::json j = nlohmann::json::object();
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
  std::string s;
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

int run_rules(const std::string& rules_dir, const std::string& format) {
  auto engine = load_engine(rules_dir);
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
    std::cout << r.id << std::string(r.id.size() < 20 ? 20 - r.id.size() : 1, ' ') << "clause " << r.clause
              << std::string(r.clause.size() < 5 ? 5 - r.clause.size() : 1, ' ') << levels << "  " << r.message_en
              << "\n";
  }
  std::cout << "\n" << engine->rules().size()
            << " rules; levels are miniprogram/subscribe/official-account. `tplguard explain ID` for details.\n";
  return kExitClean;
}

int run_explain(const std::string& rules_dir, const std::string& id, bool chinese) {
  auto engine = load_engine(rules_dir);
  if (!engine) return kExitBad;
  const RuleInfo* r = engine->rule(id);
  if (r == nullptr) {
    check_ids(*engine, {id}, "explain");
    return kExitBad;
  }
  std::cout << r->id << " (审核说明 " << r->clause << ", kind " << r->kind << ")\n";
  std::cout << "levels: ";
  for (int p = 0; p < kProfileCount; ++p)
    std::cout << (p ? ", " : "") << to_string(static_cast<Profile>(p)) << " " << to_string(r->levels[p]);
  std::cout << "\nmessage: " << (chinese ? r->message_zh : r->message_en) << "\n\n" << r->doc << "\n";
  std::cout << "passes:\n";
  for (const auto& e : r->pass) std::cout << "  + " << describe_example(e) << "\n";
  std::cout << "fails:\n";
  for (const auto& e : r->fail) std::cout << "  - " << describe_example(e) << "\n";
  return kExitClean;
}

struct LintArgs {
  std::vector<std::string> paths, library, select, ignore;
  std::string format = "text", profile, rules_dir, lang, color = "auto";
};

int run_lint(const LintArgs& a) {
  auto engine = load_engine(a.rules_dir);
  if (!engine) return kExitBad;
  LintOptions options;
  if (!a.profile.empty()) options.profile = parse_profile(a.profile);
  options.select = split_ids(a.select);
  options.ignore = split_ids(a.ignore);
  if (!check_ids(*engine, options.select, "--select") || !check_ids(*engine, options.ignore, "--ignore"))
    return kExitBad;

  report::Report rep;
  std::vector<Template> templates, library;
  auto read_all = [&](const std::vector<std::string>& inputs, std::vector<Template>& into, bool count) {
    for (const auto& path : io::expand_inputs(inputs, rep.input_errors)) {
      io::ReadResult r = io::read_templates_file(path);
      if (r.source) rep.sources[r.source->path()] = r.source;
      if (count) ++rep.files;
      for (auto& e : r.errors) rep.input_errors.push_back(std::move(e));
      for (auto& t : r.templates) into.push_back(std::move(t));
    }
  };
  read_all(a.paths, templates, true);
  read_all(a.library, library, false);
  rep.templates = templates.size();
  rep.findings = engine->lint(templates, options, library);

  const bool chinese = a.lang.empty() ? env_prefers_chinese() : a.lang == "zh";
  if (a.format == "json") {
    report::write_json(std::cout, rep, chinese);
  } else {
    const bool color = a.color == "always" ||
                       (a.color == "auto" && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr);
    report::write_text(std::cout, rep, {chinese, color});
  }
  if (!rep.input_errors.empty()) return kExitBad;
  for (const auto& f : rep.findings)
    if (f.level == Level::error) return kExitFindings;
  return kExitClean;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tplguard: lint WeChat template and subscribe messages against the review rules"};
  app.set_version_flag("--version", std::string("tplguard ") + TPLGUARD_VERSION_STRING);
  app.require_subcommand(1);
  std::string rules_dir;

  LintArgs lint;
  CLI::App* lint_cmd = app.add_subcommand("lint", "lint proposed templates (YAML, JSON, JSONL, directories)");
  lint_cmd->add_option("paths", lint.paths, "files or directories")->required();
  lint_cmd->add_option("--format", lint.format, "output format")->check(CLI::IsMember({"text", "json"}));
  lint_cmd->add_option("--profile", lint.profile, "levels for this kind of template (default: the record's kind, else miniprogram)")
      ->check(CLI::IsMember({"miniprogram", "subscribe", "official-account"}));
  lint_cmd->add_option("--select", lint.select, "only these rules (comma-separated ids)");
  lint_cmd->add_option("--ignore", lint.ignore, "not these rules (comma-separated ids)");
  lint_cmd->add_option("--library", lint.library, "reference templates for title-duplicate/title-similar");
  lint_cmd->add_option("--lang", lint.lang, "message language (default: from LANG)")->check(CLI::IsMember({"zh", "en"}));
  lint_cmd->add_option("--color", lint.color, "colour text output")->check(CLI::IsMember({"auto", "always", "never"}));

  std::string rules_format = "text";
  CLI::App* rules_cmd = app.add_subcommand("rules", "list the rules");
  rules_cmd->add_option("--format", rules_format, "output format")->check(CLI::IsMember({"text", "json"}));

  std::string explain_id, explain_lang;
  CLI::App* explain_cmd = app.add_subcommand("explain", "show one rule's documentation");
  explain_cmd->add_option("id", explain_id, "rule id")->required();
  explain_cmd->add_option("--lang", explain_lang, "message language")->check(CLI::IsMember({"zh", "en"}));

  for (CLI::App* sub : {lint_cmd, rules_cmd, explain_cmd})
    sub->add_option("--rules", rules_dir, "rule pack directory (default: the shipped rules/)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBad;
  }
  lint.rules_dir = rules_dir;
  try {
    if (*lint_cmd) return run_lint(lint);
    if (*rules_cmd) return run_rules(rules_dir, rules_format);
    if (*explain_cmd)
      return run_explain(rules_dir, explain_id, explain_lang.empty() ? env_prefers_chinese() : explain_lang == "zh");
  } catch (const std::exception& e) {
    std::cerr << "tplguard: internal error: " << e.what() << "\n";
    return kExitBad;
  }
  return kExitBad;
}
