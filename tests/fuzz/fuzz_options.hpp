#pragma once
// Options for a fuzz run drawn from the input itself, so that the fuzzers search the option
// space too (a crash that needs `--ignore title-similar,title-duplicate` and a stale
// suppression was missed while every run used the defaults). The draw is a hash of the
// whole input: each mutation draws afresh, every input of a kept corpus lands somewhere
// else in the option space, and a crasher replays with the options it crashed with.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "tplguard/tplguard.hpp"

namespace fuzz_support {

class Draw {
 public:
  Draw(const uint8_t* data, size_t size) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 1099511628211ull;
    state_ = h;
  }
  // A number in [0, n).
  uint32_t pick(uint32_t n) {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;  // an LCG step
    return n == 0 ? 0 : static_cast<uint32_t>((state_ >> 33) % n);
  }
  bool chance(uint32_t one_in) { return pick(one_in) == 0; }
  // Up to three of `ids`, for a select or ignore list.
  std::set<std::string> some_of(const std::vector<std::string>& ids) {
    std::set<std::string> out;
    const uint32_t n = 1 + pick(3);
    for (uint32_t i = 0; i < n && !ids.empty(); ++i) out.insert(ids[pick(static_cast<uint32_t>(ids.size()))]);
    return out;
  }

 private:
  uint64_t state_;
};

// Rule ids of an engine for one target ("template" or "payload").
inline std::vector<std::string> rule_ids(const tplguard::Engine& engine, bool payload) {
  std::vector<std::string> ids;
  for (const auto& r : engine.rules())
    if ((r.target == "payload") == payload) ids.push_back(r.id);
  return ids;
}

// Lint options: profile, select, ignore, set rules, suppressions, kept suppressed findings.
inline tplguard::LintOptions lint_options(Draw& d, const std::vector<std::string>& ids) {
  tplguard::LintOptions o;
  if (uint32_t p = d.pick(tplguard::kProfileCount + 1); p < tplguard::kProfileCount)
    o.profile = static_cast<tplguard::Profile>(p);
  if (d.chance(3)) o.select = d.some_of(ids);
  if (d.chance(3)) o.ignore = d.some_of(ids);
  o.set_rules = !d.chance(3);
  o.inline_suppressions = !d.chance(4);
  o.keep_suppressed = d.chance(2);
  return o;
}

}  // namespace fuzz_support
