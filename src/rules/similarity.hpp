#pragma once
// "Too similar" for titles and keywords (审核说明 1.2, 2.2), decided on canonical stems.
//
// A stem is the canonical key with the suffix (通知/提醒) removed, synonyms mapped to one
// word (付款 -> 支付, 日期 -> 时间) and filler words (已, 的) dropped. Two stems are similar
// when they are equal, or when the shorter is the longer with a few characters left out
// (订单支付成功 / 支付成功), within a declared ratio, and neither names an event of a
// contrast group the other does not (成功/失败, 开始/结束, 支付/退款): a substitution is
// never similar, so 订单发货 / 订单签收 stay apart.
#include <cstdint>
#include <string>
#include <vector>

#include "rules/rule_kind.hpp"
#include "rules/term_matcher.hpp"

namespace tplguard::rules {

struct Stem {
  std::u32string text;
  // Contrast members named (group index << 16 | member index), sorted; implicit members left out.
  std::vector<uint32_t> contrasts;
};

struct SimilarityParams {
  double min_ratio = 0.6;     // shorter / longer stem length
  size_t max_inserted = 3;    // characters the longer stem may add
  size_t min_length = 2;      // shorter stems are only compared for equality
  size_t max_length = 64;     // longer stems are only compared for equality (bounds the index)
};

class StemBuilder {
 public:
  // Reads `suffixes`, `fillers`, `synonyms` (file) and `contrasts` (file) from the params.
  StemBuilder(const CompileContext& ctx, bool strip_suffix);
  void stem(const text::Canonical& c, Stem& out) const;
  const SimilarityParams& params() const { return params_; }

 private:
  std::vector<std::u32string> suffixes_;
  TermMatcher rewrite_;                  // synonyms and fillers
  std::vector<std::u32string> replacement_;  // per rewrite term: the canonical word ("" = drop)
  TermMatcher contrast_;
  std::vector<uint32_t> contrast_code_;      // per contrast term: group << 16 | member
  std::vector<bool> contrast_implicit_;
  SimilarityParams params_;
};

enum class SimilarReason { none, same_stem, inserted };

// Whether two stems are similar; `inserted` gets the characters the longer one adds.
SimilarReason compare_stems(const Stem& a, const Stem& b, const SimilarityParams& p, std::u32string* inserted);

// For each item, the earliest earlier item it is similar to (-1 if none), found without
// comparing every pair: items with equal stems are grouped, and each distinct stem's
// deletion neighbourhood (the stem with up to max_inserted characters left out, as far as
// min_ratio allows) is looked up among the distinct stems, then verified by compare_stems.
// Items whose keys are identical are not paired (that is a duplicate, not a similarity).
std::vector<int64_t> earliest_similar(const std::vector<Stem>& stems, const std::vector<std::u32string_view>& keys,
                                      const SimilarityParams& p);

}  // namespace tplguard::rules
