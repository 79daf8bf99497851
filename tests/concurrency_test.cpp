// One engine, many threads: results must equal the single-threaded ones. Run under
// ThreadSanitizer by scripts/quickstart.sh test (build-tsan) to catch data races.
#include <catch2/catch.hpp>
#include <thread>

#include "io/template_reader.hpp"
#include "support.hpp"

using namespace tplguard;

namespace {
std::vector<std::string> summarize(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs)
    out.push_back(f.rule + "|" + std::to_string(f.index) + "|" + f.message_en + "|" + std::to_string(f.value_begin));
  return out;
}
}  // namespace

TEST_CASE("linting from many threads on one engine gives the same findings", "[concurrency]") {
  std::vector<Template> templates;
  for (const char* file : {"/corpus/real/templates.jsonl", "/corpus/bad/review-rules.yaml"}) {
    auto r = io::read_templates_file(std::string(TPLGUARD_SOURCE_DIR) + file);
    REQUIRE(r.errors.empty());
    for (auto& t : r.templates) templates.push_back(std::move(t));
  }
  const Engine& engine = test_support::engine();
  const auto expected = summarize(engine.lint(templates));
  REQUIRE(!expected.empty());

  constexpr int kThreads = 8;
  std::vector<std::vector<std::string>> got(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      // Each thread lints the set several times, one template at a time and as a whole.
      for (int round = 0; round < 3; ++round) {
        for (const auto& t : templates) (void)engine.lint({t});
        got[i] = summarize(engine.lint(templates));
      }
    });
  for (auto& t : threads) t.join();
  for (const auto& g : got) CHECK(g == expected);
}
