// The one similarity join (similarity::join_titles, the neighbourhood index and its pairwise
// mode) must agree with comparing every pair, on stems made of words of several widths
// (movable, sorted) and left-over characters (in order).
#include <catch2/catch.hpp>
#include <algorithm>
#include <random>

#include "similarity/stem.hpp"
#include "similarity/title_join.hpp"
#include "similarity/title_set.hpp"

using namespace tplguard::similarity;

namespace {

// A stem as StemBuilder makes one: word codes sorted, the separator, characters in order.
Stem make_stem(std::vector<char32_t> words, const std::u32string& chars) {
  Stem s;
  std::sort(words.begin(), words.end());
  s.text.assign(words.begin(), words.end());
  s.text.push_back(kStemSeparator);
  s.text += chars;
  s.length = 0;
  for (char32_t c : s.text) s.length += static_cast<uint32_t>(stem_code_width(c));
  return s;
}

char32_t word(uint32_t cls, uint32_t width) { return kStemWordBase + (cls << 5 | width); }

}  // namespace

TEST_CASE("compare_stems: words in any order, characters in order, lengths in characters", "[similarity]") {
  SimilarityParams p;
  p.min_ratio = 0.6;
  p.max_inserted = 3;
  p.min_length = 2;
  p.max_length = 32;
  const char32_t fahuo = word(1, 2), dingdan_free = U'号', quxiao = word(2, 2), huiyuan = word(3, 3);
  // 订单发货 / 发货订单: the same words.
  CHECK(compare_stems(make_stem({fahuo}, U"订单"), make_stem({fahuo}, U"订单"), p) == SimilarReason::same_stem);
  // Characters keep their order: 生产 / 产生.
  CHECK(compare_stems(make_stem({fahuo}, U"生产"), make_stem({fahuo}, U"产生"), p) == SimilarReason::none);
  // A word of two characters added.
  CHECK(compare_stems(make_stem({fahuo}, U"订单"), make_stem({fahuo, quxiao}, U"订单"), p) == SimilarReason::inserted);
  // A single-character word and a character added.
  CHECK(compare_stems(make_stem({fahuo}, U"订单"), make_stem({fahuo, dingdan_free}, U"订单x"), p) ==
        SimilarReason::inserted);
  // A three-character word and one more character: four characters, too many.
  CHECK(compare_stems(make_stem({fahuo}, U"订单"), make_stem({fahuo, huiyuan}, U"订单x"), p) == SimilarReason::none);
  // A substitution is not an insertion.
  CHECK(compare_stems(make_stem({fahuo}, U"订单"), make_stem({quxiao}, U"订单"), p) == SimilarReason::none);
}

TEST_CASE("join_titles: the earliest earlier similar item equals the all-pairs answer", "[similarity]") {
  SimilarityParams p;
  p.min_ratio = 0.6;
  p.max_inserted = 3;
  p.min_length = 2;
  p.max_length = 12;
  std::mt19937 rng(42);
  const std::u32string alphabet = U"订单支付成功发货";
  // Words: two of width 1 (one-character headwords), three of width 2, one of width 3.
  const std::vector<char32_t> words = {U'号', U'名', word(0, 2), word(1, 2), word(2, 2), word(3, 3)};
  // Large sets (titles) take the neighbourhood index, a handful of stems (keywords under one
  // title) the pairwise mode: both must give the all-pairs answer, on sets of either size.
  // One builder serves every round, as the per-thread builder of keyword-similar does.
  TitleSetBuilder builder;
  for (int round = 0; round < 60; ++round) {
    builder.clear();
    const size_t n = round < 20 ? 200 : 2 + rng() % 15;
    std::vector<Stem> stems(n);
    std::vector<std::u32string> key_store(n);
    std::vector<std::u32string_view> keys(n);
    for (size_t i = 0; i < n; ++i) {
      std::vector<char32_t> w;
      std::u32string chars;
      const size_t nw = rng() % 4, nc = rng() % 5;
      for (size_t k = 0; k < nw; ++k) w.push_back(words[rng() % words.size()]);
      for (size_t k = 0; k < nc; ++k) chars.push_back(alphabet[rng() % alphabet.size()]);
      stems[i] = make_stem(w, chars);
      // Keys differ from stems sometimes (as synonyms make them), and repeat sometimes.
      key_store[i] = stems[i].text + (rng() % 3 == 0 ? U"x" : U"");
      // Contrast members are a function of the words, as StemBuilder makes them.
      if (std::count(w.begin(), w.end(), word(1, 2))) stems[i].contrasts.push_back(0);
      if (std::count(w.begin(), w.end(), word(2, 2))) stems[i].contrasts.push_back(1);
    }
    for (size_t i = 0; i < n; ++i) keys[i] = key_store[i];
    for (size_t i = 0; i < n; ++i) builder.add(keys[i], stems[i]);
    JoinOptions fast_options, pairwise_options;
    fast_options.jobs = pairwise_options.jobs = 1;
    pairwise_options.exhaustive = true;
    const TitleJoin fast = join_titles(builder.set(), p, fast_options);
    const TitleJoin pairwise = join_titles(builder.set(), p, pairwise_options);
    const auto earlier = [](const TitleJoin& join, size_t j) {
      const uint32_t i = join.earliest[0][j];
      return i == kNone || i >= j ? int64_t{-1} : static_cast<int64_t>(i);
    };
    size_t similar = 0;
    for (size_t j = 0; j < n; ++j) {
      int64_t slow = -1;
      for (size_t i = 0; i < j && slow < 0; ++i)
        if (keys[i] != keys[j] && compare_stems(stems[i], stems[j], p) != SimilarReason::none)
          slow = static_cast<int64_t>(i);
      similar += slow >= 0;
      INFO("round " << round << " item " << j);
      REQUIRE(earlier(fast, j) == slow);
      REQUIRE(earlier(pairwise, j) == slow);
    }
    if (n == 200) CHECK(similar > 20);
  }
}

TEST_CASE("TitleSetBuilder: a cleared builder numbers a smaller set afresh, after a huge one", "[similarity]") {
  TitleSetBuilder builder;
  const auto fill = [&](size_t n) {
    for (size_t i = 0; i < n; ++i) {
      std::u32string key = U"标题" + std::u32string(1, static_cast<char32_t>(0x4E00 + i));
      REQUIRE(builder.add(key, make_stem({}, key)) == i);
      REQUIRE(builder.add(key, make_stem({}, key)) == i);  // a repeat keeps its id
    }
    REQUIRE(builder.set().key.size() == 2 * n);
    REQUIRE(builder.set().stems.size() == n);
    for (size_t i = 0; i < n; ++i)
      REQUIRE(builder.key_text(static_cast<uint32_t>(i)) ==
              U"标题" + std::u32string(1, static_cast<char32_t>(0x4E00 + i)));
  };
  // Large, then small (the large table is zeroed), then small again (it is given back), then
  // large again (it grows anew): every round numbers from 0 and forgets the last.
  for (size_t n : {5000, 3, 3, 4000, 0, 7}) {
    builder.clear();
    INFO("set of " << n);
    fill(n);
  }
}
