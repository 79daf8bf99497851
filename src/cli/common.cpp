#include "cli/common.hpp"
#include "report/format_util.hpp"

#include "util/closest.hpp"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>

namespace tplguard::cli {

using report::detail::Printable;  // paths and messages on stderr: one line each

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

// Unknown rule ids are a usage error, with the closest known id as a suggestion.
bool check_ids(const Engine& engine, const std::set<std::string>& ids, const char* option) {
  bool ok = true;
  for (const auto& id : ids) {
    if (engine.rule(id)) continue;
    const std::string_view best =
        util::closest(id, engine.rules(), 4, [](const RuleInfo& r) { return std::string_view(r.id); });
    std::cerr << "tplguard: " << option << ": unknown rule id '" << Printable{id} << "'";
    if (!best.empty()) std::cerr << " (did you mean '" << best << "'?)";
    std::cerr << "\n";
    ok = false;
  }
  return ok;
}

bool rule_settings(const Engine& engine, const std::string& profile, const std::vector<std::string>& select,
                   const std::vector<std::string>& ignore, bool judge_approved, config::CommandLineSettings& out) {
  if (!profile.empty()) out.profile = parse_profile(profile);
  if (!select.empty()) out.select = split_ids(select);
  out.ignore = split_ids(ignore);
  out.judge_approved_as_proposals = judge_approved;
  return check_ids(engine, out.select.value_or(std::set<std::string>{}), "--select") &&
         check_ids(engine, out.ignore, "--ignore");
}

Level fail_level(const config::Config& config, const std::string& fail_on) {
  if (!fail_on.empty())
    if (auto level = parse_level(fail_on)) return *level;
  return config.fail_on.value_or(Level::error);
}

std::shared_ptr<const Engine> load_engine(const std::string& rules_dir) {
  try {
    EngineOptions options;
    options.rules_dir = rules_dir;
    return Engine::load(options);
  } catch (const RulePackError& e) {
    std::cerr << "tplguard: rule pack: " << Printable{e.what()} << "\n";
  } catch (const std::exception& e) {
    std::cerr << "tplguard: rule pack: " << Printable{e.what()} << "\n";
  }
  return nullptr;
}

}  // namespace tplguard::cli
