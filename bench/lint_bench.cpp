// Lint engine benchmarks (issue 6): throughput in titles per second on one core with the full
// rule pack (set-level rules aside), the latency of one template, and engine start-up (the
// rule pack read, lexicons compiled into matchers). Figures and how to rerun them:
// docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include "yaml/yaml.hpp"
#include <vector>

#include "title_generator.hpp"
#include "tplguard/tplguard.hpp"

namespace {

using namespace tplguard;

const std::string kRules = std::string(TPLGUARD_SOURCE_DIR) + "/rules";

const Engine& engine() {
  static const auto e = Engine::load({kRules});
  return *e;
}

// Generated templates (bench/title_generator.hpp): real corpus titles varied the ways people
// vary them, so the mix of clean titles and findings is realistic. Seeded: the same on every
// machine.
std::vector<Template> generated(size_t n, bool keywords) {
  bench::TitleGenerator gen({1, keywords, TPLGUARD_SOURCE_DIR});
  std::vector<Template> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    bench::GeneratedTemplate g = gen.next();
    Template t;
    t.title.value = std::move(g.title);
    t.index = i;
    if (keywords) {
      t.keywords.emplace();
      for (auto& [name, example] : g.keywords) {
        Keyword k;
        k.name.value = std::move(name);
        if (!example.empty()) k.example = SourceText{std::move(example), -1, -1};
        t.keywords->push_back(std::move(k));
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

// The real titles of the corpus (corpus/real/templates.jsonl, high and medium confidence:
// titles WeChat approved), repeated to n: a clean mix, as a CI run over good templates sees.
std::vector<Template> real_titles(size_t n) {
  std::vector<std::string> titles;
  std::ifstream in(std::string(TPLGUARD_SOURCE_DIR) + "/corpus/real/templates.jsonl");
  for (std::string line; std::getline(in, line);) {
    const auto row = nlohmann::json::parse(line);
    const std::string confidence = row.value("title_confidence", "");
    if (confidence == "high" || confidence == "medium") titles.push_back(row["title"].get<std::string>());
  }
  std::vector<Template> out(n);
  for (size_t i = 0; i < n; ++i) {
    out[i].title.value = titles[i % titles.size()];
    out[i].index = i;
  }
  return out;
}

// Per-template rules only: the set rules (title-duplicate, title-similar) compare templates
// with each other and are measured by the audit benchmarks. TPLGUARD_BENCH_SELECT=a,b
// measures only those rules (to see what one rule costs).
LintOptions per_template_rules() {
  LintOptions o;
  o.set_rules = false;
  if (const char* only = std::getenv("TPLGUARD_BENCH_SELECT")) {
    std::string ids = only;
    for (size_t start = 0; start <= ids.size();) {
      const size_t comma = std::min(ids.find(',', start), ids.size());
      if (comma > start) o.select.insert(ids.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return o;
}

constexpr size_t kBatch = 20'000;

// Throughput: the whole rule pack over a batch of generated bare titles (arg 0), generated
// templates with their keywords and examples (arg 1), or the corpus' approved titles (arg 2).
// Items are templates.
void BM_LintThroughput(benchmark::State& state) {
  const int64_t mix = state.range(0);
  const std::vector<Template> batch = mix == 2 ? real_titles(kBatch) : generated(kBatch, mix == 1);
  const LintOptions options = per_template_rules();
  size_t findings = 0;
  for (auto _ : state) {
    std::vector<Finding> f = engine().lint(batch, options);
    findings = f.size();
    benchmark::DoNotOptimize(f.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch.size()));
  state.counters["findings_per_template"] = static_cast<double>(findings) / batch.size();
  state.SetLabel(mix == 2 ? "approved titles" : mix == 1 ? "generated templates with keywords" : "generated titles");
}
BENCHMARK(BM_LintThroughput)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

// The same with the set rules on, for comparison (one batch is one set).
void BM_LintThroughputWithSetRules(benchmark::State& state) {
  const std::vector<Template> batch = generated(kBatch, false);
  for (auto _ : state) benchmark::DoNotOptimize(engine().lint(batch).data());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch.size()));
}
BENCHMARK(BM_LintThroughputWithSetRules)->Unit(benchmark::kMillisecond);

// Latency of one call with one template, as a back-end linting a template before it
// submits it would make: per-call set-up included.
void BM_LintOneTemplate(benchmark::State& state) {
  const std::vector<Template> one = generated(1, true);
  const LintOptions options = per_template_rules();
  for (auto _ : state) benchmark::DoNotOptimize(engine().lint(one, options).data());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_LintOneTemplate)->Unit(benchmark::kMicrosecond);

// Engine start-up: read the shipped rule pack (rules, lexicons, API specs) and compile it
// (term matchers, patterns, payload specs).
void BM_EngineLoad(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Engine::load({kRules}).get());
}
BENCHMARK(BM_EngineLoad)->Unit(benchmark::kMillisecond);

// The part of start-up that is parsing: yaml::parse (libyaml) of every file of the shipped pack (the
// text already in memory), nothing compiled. What a compiled pack would save.
void BM_RulePackYamlParse(benchmark::State& state) {
  std::vector<std::string> texts;
  for (const auto& e : std::filesystem::recursive_directory_iterator(kRules))
    if (e.is_regular_file() && e.path().extension() == ".yaml") {
      std::ifstream in(e.path(), std::ios::binary);
      texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  for (auto _ : state)
    for (const auto& t : texts) benchmark::DoNotOptimize(yaml::parse(t));
  state.counters["files"] = static_cast<double>(texts.size());
}
BENCHMARK(BM_RulePackYamlParse)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
