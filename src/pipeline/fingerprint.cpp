#include "pipeline/fingerprint.hpp"

#include "pipeline/pass.hpp"
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

std::string title_fingerprint(std::string_view rule_id, const text::Canonical& title) {
  // make_finding's formula for a hit on the whole title: rule, field kind, key, value.
  return text::StableHash()
      .add(rule_id)
      .add(field_kind_name(rules::FieldRef::title))
      .add(std::u32string_view(title.key))
      .add(std::u32string_view(title.original))
      .hex();
}

namespace {

// A fingerprint's 128 bits (it is StableHash::hex); anything else by its std::hash.
std::pair<uint64_t, uint64_t> fingerprint_bits(std::string_view print) {
  if (print.size() != 32) return {~uint64_t{0}, std::hash<std::string_view>()(print)};
  uint64_t half[2] = {0, 0};
  for (size_t i = 0; i < 32; ++i) {
    const char c = print[i];
    const uint64_t d = c >= 'a' ? static_cast<uint64_t>(c - 'a' + 10) : static_cast<uint64_t>(c - '0');
    half[i / 16] = half[i / 16] << 4 | (d & 15);
  }
  return {half[0], half[1]};
}

}  // namespace

uint32_t FingerprintOrdinals::next(std::string_view file, std::string_view fingerprint) {
  if (file != file_) {
    file_ = file;
    seen_.clear();
  }
  const auto [hi, lo] = fingerprint_bits(fingerprint);
  return ++seen_[Bits{hi, lo}];
}

void FingerprintOrdinals::number(Finding& f) {
  const uint32_t n = next(f.location.file, f.fingerprint);
  if (n > 1) f.fingerprint += ":" + std::to_string(n);
}

}  // namespace tplguard::pipeline
