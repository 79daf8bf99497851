#pragma once
// A stable 128-bit hash (FNV-1a) for fingerprints that must not change between runs,
// builds or machines (std::hash gives no such promise). Not for security.
#include <string>
#include <string_view>

namespace tplguard::text {

class StableHash {
 public:
  // Adds one field; fields are separated so that ("ab", "c") and ("a", "bc") differ.
  StableHash& add(std::string_view bytes) {
    for (unsigned char c : bytes) mix(c);
    mix(0xFF);  // never a byte of UTF-8
    return *this;
  }
  StableHash& add(std::u32string_view cps) {
    for (char32_t c : cps)
      for (int shift = 0; shift < 32; shift += 8) mix(static_cast<unsigned char>(c >> shift));
    mix(0xFF);
    return *this;
  }
  // 32 lowercase hex digits.
  std::string hex() const {
    static const char* digits = "0123456789abcdef";
    std::string out(32, '0');
    unsigned __int128 v = state_;
    for (int i = 31; i >= 0; --i, v >>= 4) out[static_cast<size_t>(i)] = digits[static_cast<unsigned>(v & 15)];
    return out;
  }

 private:
  void mix(unsigned char c) {
    static constexpr unsigned __int128 kPrime = (static_cast<unsigned __int128>(1) << 88) + 0x13B;
    state_ ^= c;
    state_ *= kPrime;
  }
  unsigned __int128 state_ = (static_cast<unsigned __int128>(0x6c62272e07bb0142ULL) << 64) | 0x62b821756295c58dULL;
};

}  // namespace tplguard::text
