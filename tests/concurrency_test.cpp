// One engine, many threads: results must equal the single-threaded ones (lint, payload
// validation and the C API, alone and mixed). Run under
// ThreadSanitizer by scripts/quickstart.sh test (build-tsan) to catch data races.
#include <nlohmann/json.hpp>

#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "io/template_reader.hpp"
#include "support.hpp"
#include "tplguard/payload.hpp"
#include "tplguard/tplguard.h"

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

TEST_CASE("linting and validating at once on one engine, and the C API from many threads", "[concurrency]") {
  // The in-process user's case: one engine loaded at start-up, then lint calls, payload
  // validations and C API calls from worker threads at the same time.
  auto r = io::read_templates_file(std::string(TPLGUARD_SOURCE_DIR) + "/corpus/bad/review-rules.yaml");
  REQUIRE(r.errors.empty());
  const std::vector<Template>& templates = r.templates;
  const Engine& engine = test_support::engine();
  const auto validator = PayloadValidator::create(engine);
  std::vector<std::string> bodies;
  {
    std::ifstream in(std::string(TPLGUARD_SOURCE_DIR) + "/corpus/real/payloads.jsonl");
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) bodies.push_back(nlohmann::json::parse(line)["body"].dump());
  }
  REQUIRE(bodies.size() > 20);
  auto describe = [](const PayloadResult& p) {
    std::string out = p.error;
    for (const auto& f : p.findings) out += f.rule + f.field + f.message_en + "\n";
    return out;
  };
  char* error = nullptr;
  tplguard_options options{};
  options.rules_dir = TPLGUARD_SOURCE_DIR "/rules";
  tplguard_engine* c_engine = tplguard_engine_new(&options, &error);
  REQUIRE(c_engine != nullptr);
  auto c_validate = [&](const std::string& body) {
    char* out = nullptr;
    const int status = tplguard_validate(c_engine, nullptr, body.data(), body.size(), &out);
    std::string text = std::to_string(status) + (out ? out : "");
    tplguard_free(out);
    return text;
  };
  const auto lint_expected = summarize(engine.lint(templates));
  std::vector<std::string> payload_expected, c_expected;
  for (const auto& b : bodies) {
    payload_expected.push_back(describe(validator->validate_text(b)));
    c_expected.push_back(c_validate(b));
  }
  REQUIRE(!lint_expected.empty());

  std::atomic<size_t> mismatches{0}, calls{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 4; ++round) {
        if (t % 3 == 0 && summarize(engine.lint(templates)) != lint_expected) ++mismatches;
        for (size_t k = 0; k < bodies.size(); ++k) {
          const size_t i = (k + static_cast<size_t>(t)) % bodies.size();
          if (t % 3 == 1 && describe(validator->validate_text(bodies[i])) != payload_expected[i]) ++mismatches;
          if (t % 3 == 2 && c_validate(bodies[i]) != c_expected[i]) ++mismatches;
          ++calls;
        }
      }
    });
  for (auto& th : threads) th.join();
  tplguard_engine_free(c_engine);
  CHECK(mismatches == 0);
  CHECK(calls == 6 * 4 * bodies.size());
}
