#include "pipeline/fingerprint.hpp"

#include "text/hash.hpp"

namespace tplguard::pipeline {

std::string fingerprint_of(const Finding& f) {
  if (!f.fingerprint.empty()) return f.fingerprint;
  // Payload findings: the body's place in its file tells two bodies with the same fault apart.
  return text::StableHash()
      .add(f.rule)
      .add(f.location.file)
      .add(std::to_string(f.index))
      .add(f.field)
      .add(f.message_en)
      .hex();
}

}  // namespace tplguard::pipeline
