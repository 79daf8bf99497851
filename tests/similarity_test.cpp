// earliest_similar (the neighbourhood lookup) must agree with comparing every pair.
#include <catch2/catch.hpp>
#include <random>

#include "rules/similarity.hpp"

using namespace tplguard::rules;

TEST_CASE("earliest_similar equals the all-pairs answer", "[similarity]") {
  SimilarityParams p;
  p.min_ratio = 0.6;
  p.max_inserted = 2;
  p.min_length = 2;
  p.max_length = 10;
  std::mt19937 rng(42);
  const std::u32string alphabet = U"订单支付成功发货";
  for (int round = 0; round < 20; ++round) {
    const size_t n = 150;
    std::vector<Stem> stems(n);
    std::vector<std::u32string> key_store(n);
    std::vector<std::u32string_view> keys(n);
    for (size_t i = 0; i < n; ++i) {
      const size_t len = 1 + rng() % 7;
      for (size_t k = 0; k < len; ++k) stems[i].text.push_back(alphabet[rng() % alphabet.size()]);
      // Keys differ from stems sometimes (as synonyms make them), and repeat sometimes.
      key_store[i] = stems[i].text + (rng() % 3 == 0 ? U"x" : U"");
      // Contrast members are a function of the text, as StemBuilder makes them.
      if (stems[i].text.find(U'成') != std::u32string::npos) stems[i].contrasts.push_back(0);
      if (stems[i].text.find(U'发') != std::u32string::npos) stems[i].contrasts.push_back(1);
    }
    for (size_t i = 0; i < n; ++i) keys[i] = key_store[i];
    const auto fast = earliest_similar(stems, keys, p);
    for (size_t j = 0; j < n; ++j) {
      int64_t slow = -1;
      for (size_t i = 0; i < j && slow < 0; ++i)
        if (keys[i] != keys[j] && compare_stems(stems[i], stems[j], p, nullptr) != SimilarReason::none)
          slow = static_cast<int64_t>(i);
      INFO("round " << round << " item " << j);
      REQUIRE(fast[j] == slow);
    }
  }
}
