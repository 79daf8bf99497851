#pragma once
// Shared helpers for the tests: the shipped engine (loaded once) and templates made in memory.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tplguard/tplguard.hpp"

namespace test_support {

inline const tplguard::Engine& engine() {
  static const std::shared_ptr<const tplguard::Engine> e =
      tplguard::Engine::load({std::string(TPLGUARD_SOURCE_DIR) + "/rules"});
  return *e;
}

inline tplguard::Template make_template(const std::string& title,
                                        std::optional<std::vector<std::pair<std::string, std::string>>> keywords = {},
                                        size_t index = 0) {
  tplguard::Template t;
  t.title.value = title;
  t.index = index;
  if (keywords) {
    t.keywords.emplace();
    for (const auto& [name, example] : *keywords) {
      tplguard::Keyword k;
      k.name.value = name;
      if (!example.empty()) k.example = tplguard::SourceText{example, -1, -1};
      t.keywords->push_back(std::move(k));
    }
  }
  return t;
}

inline std::vector<tplguard::Finding> lint_one(const tplguard::Template& t,
                                               std::optional<tplguard::Profile> profile = {},
                                               std::set<std::string> select = {}) {
  tplguard::LintOptions o;
  o.profile = profile;
  o.select = std::move(select);
  return engine().lint({t}, o);
}

inline bool has_rule(const std::vector<tplguard::Finding>& fs, const std::string& rule) {
  for (const auto& f : fs)
    if (f.rule == rule) return true;
  return false;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A copy of the shipped rule pack with one file replaced (or added); returns the load error,
// or "" when the pack loads.
inline std::string pack_load_error(const std::string& file, const std::string& text) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("tplguard-pack-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(std::string(TPLGUARD_SOURCE_DIR) + "/rules", dir, fs::copy_options::recursive);
  std::ofstream(dir / file, std::ios::binary) << text;
  std::string error;
  try {
    tplguard::Engine::load({dir.string()});
  } catch (const tplguard::RulePackError& e) {
    error = e.what();
  }
  fs::remove_all(dir);
  return error;
}

}  // namespace test_support
