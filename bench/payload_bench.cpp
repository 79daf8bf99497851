// Payload validation speed: a typical subscribe-message send body, validated already parsed
// (the in-process call before each send) and from JSON text (parsing included). Targets
// (issue 3): median at most 2 µs parsed, 10 µs from text, on one core. See
// docs/benchmarks.md for the figures and the command that produced them.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "tplguard/payload.hpp"
#include "tplguard/tplguard.hpp"

namespace {

// An order-shipped notice as back-ends send it: five data keys of different types.
const char* kTypical = R"({
  "touser": "oWQ0O5DWIQvjGf9FWIZubVWMDt1w",
  "template_id": "9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q",
  "page": "pages/order/detail?order_id=20240130114401",
  "miniprogram_state": "formal",
  "lang": "zh_CN",
  "data": {
    "character_string1": {"value": "SF1234567890123"},
    "thing2": {"value": "无线蓝牙耳机（白色）"},
    "time3": {"value": "2024年1月30日 11:44"},
    "amount4": {"value": "¥299.00"},
    "phrase5": {"value": "已发货"}
  }
})";

// The same body with three mistakes, for the cost of reporting.
const char* kRejected = R"({
  "touser": "oWQ0O5DWIQvjGf9FWIZubVWMDt1w",
  "template_id": "9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q",
  "data": {
    "character_string1": {"value": "顺丰SF1234567890123"},
    "thing2": {"value": "无线蓝牙耳机（白色）限时特价，新品上架"},
    "time3": {"value": "15:01～16:00"},
    "amount4": {"value": "¥299.00"},
    "phrase5": {"value": "已发货"}
  }
})";

const tplguard::PayloadValidator& validator() {
  static const auto engine = tplguard::Engine::load({std::string(TPLGUARD_SOURCE_DIR) + "/rules"});
  static const auto v = tplguard::PayloadValidator::create(*engine);
  return *v;
}

void BM_ValidateParsed(benchmark::State& state) {
  const auto body = nlohmann::json::parse(kTypical);
  if (!validator().validate(body, "subscribe-send").findings.empty()) state.SkipWithError("not clean");
  for (auto _ : state) {
    auto r = validator().validate(body, "subscribe-send");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ValidateParsed);

void BM_ValidateText(benchmark::State& state) {
  const std::string text = kTypical;
  if (!validator().validate_text(text, "subscribe-send").findings.empty()) state.SkipWithError("not clean");
  for (auto _ : state) {
    auto r = validator().validate_text(text, "subscribe-send");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ValidateText);

void BM_ValidateParsedDetect(benchmark::State& state) {
  const auto body = nlohmann::json::parse(kTypical);
  for (auto _ : state) {
    auto r = validator().validate(body, "auto");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ValidateParsedDetect);

void BM_ValidateTextRejected(benchmark::State& state) {
  const std::string text = kRejected;
  if (validator().validate_text(text, "subscribe-send").findings.size() < 3) state.SkipWithError("expected findings");
  for (auto _ : state) {
    auto r = validator().validate_text(text, "subscribe-send");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ValidateTextRejected);

// For reference: nlohmann's own parse of the same text into a DOM.
void BM_NlohmannParse(benchmark::State& state) {
  const std::string text = kTypical;
  for (auto _ : state) {
    auto j = nlohmann::json::parse(text);
    benchmark::DoNotOptimize(j);
  }
}
BENCHMARK(BM_NlohmannParse);

}  // namespace

BENCHMARK_MAIN();
