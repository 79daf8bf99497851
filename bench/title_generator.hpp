#pragma once
// A seeded generator of realistic template titles (with keywords) for the audit's tests and
// benchmarks. Titles start from the real corpus (corpus/real/templates.jsonl) and are varied
// the ways people vary them: scene words in front (longer, specific titles), synonym swaps
// (rules/lexicons/synonyms.yaml), another event of a contrast group (contrasts.yaml),
// fillers such as 已 and 的, the other suffix (通知/提醒), traditional forms, and the odd
// space or bracket. The same seed gives the same titles on every machine (own RNG, no
// std:: distributions).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tplguard::bench {

struct GeneratedTemplate {
  std::string title;
  std::vector<std::pair<std::string, std::string>> keywords;  // name, example
  std::string kind;                                           // miniprogram-template, subscribe, ...
};

struct GeneratorOptions {
  uint64_t seed = 1;
  bool keywords = true;        // also generate keywords with examples
  std::string source_dir;      // the project: corpus/ and rules/lexicons/ are read from it
};

class TitleGenerator {
 public:
  explicit TitleGenerator(const GeneratorOptions& options);  // throws std::runtime_error
  ~TitleGenerator();
  GeneratedTemplate next();

 private:
  struct Data;
  Data* data_;
};

}  // namespace tplguard::bench
