#pragma once
// A finding's identity across runs (baselines, SARIF partialFingerprints, code scanning).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "text/canonical.hpp"
#include "tplguard/model.hpp"

namespace tplguard::pipeline {

// The finding's fingerprint, or one made from what is known when the producer gave none
// (rule, file, field, message: still no line numbers).
std::string fingerprint_of(const Finding& f);

// The fingerprint of a finding on a whole title (what make_finding computes for one): the
// audit's set findings are built without a TemplateView and must match lint's.
std::string title_fingerprint(std::string_view rule_id, const text::Canonical& title);

// Fingerprint ordinals: a fingerprint repeated in a file (the same template twice) gets
// ":2", ":3", ... so fingerprints stay unique. Findings must come grouped by file and, within
// a file, in report order (lint's order); silenced findings count, so adding a comment
// changes no other finding's fingerprint. Only the current file's fingerprints are kept.
class FingerprintOrdinals {
 public:
  void number(Finding& f);  // appends ":n" from the second on
  uint32_t next(std::string_view file, std::string_view fingerprint);  // 1, 2, ...

 private:
  // A fingerprint's 128 bits, kept instead of its text: no allocation per finding.
  struct Bits {
    uint64_t hi = 0, lo = 0;
    bool operator==(const Bits&) const = default;
  };
  struct BitsHash {
    size_t operator()(const Bits& b) const { return b.lo ^ (b.hi * 0x9E3779B97F4A7C15ULL); }
  };
  std::string file_;
  std::unordered_map<Bits, uint32_t, BitsHash> seen_;
};

}  // namespace tplguard::pipeline
