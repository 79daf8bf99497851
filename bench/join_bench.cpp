// Micro-benchmark of the title join alone (index join and, for small n, every pair), on
// generated titles. Built when Google Benchmark is installed (libbenchmark-dev).
#include <benchmark/benchmark.h>

#include "similarity/title_join.hpp"
#include "similarity/title_set.hpp"
#include "pipeline/engine_impl.hpp"
#include "rules/similarity.hpp"
#include "title_generator.hpp"

namespace {

using namespace tplguard;

struct Prepared {
  similarity::TitleSet set;
  similarity::SimilarityParams params;
};

Prepared prepare(size_t n) {
  static auto engine = Engine::load({std::string(TPLGUARD_SOURCE_DIR) + "/rules"});
  const rules::StemBuilder* stems = nullptr;
  for (const auto& r : engine->impl().pack.rules)
    if (auto s = r.kind->title_stems()) stems = s;
  bench::TitleGenerator gen({1, false, TPLGUARD_SOURCE_DIR});
  similarity::TitleSetBuilder builder;
  text::Canonical c;
  similarity::Stem stem;
  for (size_t i = 0; i < n; ++i) {
    engine->impl().pack.canon->canonicalize(gen.next().title, c);
    stems->stem(c, stem);
    builder.add(c.key, stem);
  }
  return {builder.set(), stems->params()};
}

void BM_IndexJoin(benchmark::State& state) {
  const Prepared p = prepare(static_cast<size_t>(state.range(0)));
  similarity::JoinOptions o;
  o.jobs = 1;
  for (auto _ : state) benchmark::DoNotOptimize(similarity::join_titles(p.set, p.params, o));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_IndexJoin)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_ExhaustiveJoin(benchmark::State& state) {
  const Prepared p = prepare(static_cast<size_t>(state.range(0)));
  similarity::JoinOptions o;
  o.jobs = 1;
  o.exhaustive = true;
  for (auto _ : state) benchmark::DoNotOptimize(similarity::join_titles(p.set, p.params, o));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ExhaustiveJoin)->Arg(2'000)->Arg(20'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
