#pragma once
// A finding's identity across runs (baselines, SARIF partialFingerprints, code scanning).
#include <string>

#include "tplguard/model.hpp"

namespace tplguard::pipeline {

// The finding's fingerprint, or one made from what is known when the producer gave none
// (rule, file, field, message: still no line numbers).
std::string fingerprint_of(const Finding& f);

}  // namespace tplguard::pipeline
