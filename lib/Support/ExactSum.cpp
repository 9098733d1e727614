//===- ExactSum.cpp - Sums of doubles that do not depend on order ---------===//

#include "tq/Support/ExactSum.h"

#include "llvm/ADT/bit.h"
#include "llvm/Support/MathExtras.h"

#include <cassert>
#include <cmath>

using namespace tq;

void ExactSum::add(double x) {
  assert(!(x < 0) && !std::isnan(x) && "ExactSum takes non-negative terms");
  if (std::isinf(x)) {
    infinite = true;
    return;
  }
  uint64_t bits = llvm::bit_cast<uint64_t>(x);
  uint64_t exponent = bits >> 52, mantissa = bits & ((uint64_t(1) << 52) - 1);
  // x = m * 2^shift units of 2^-1074.
  uint64_t m = exponent ? mantissa | (uint64_t(1) << 52) : mantissa;
  unsigned shift = exponent ? unsigned(exponent - 1) : 0;
  if (m == 0)
    return;
  unsigned limb = shift / 64, offset = shift % 64;
  uint64_t parts[2] = {m << offset, offset ? m >> (64 - offset) : 0};
  uint64_t carry = 0;
  for (unsigned i = limb; i < kLimbs && (i < limb + 2 || carry); ++i) {
    uint64_t addend = i < limb + 2 ? parts[i - limb] : 0;
    uint64_t s = limbs[i] + addend;
    uint64_t c = s < addend;
    limbs[i] = s + carry;
    carry = c | (limbs[i] < s);
  }
}

ExactSum &ExactSum::operator+=(const ExactSum &other) {
  infinite |= other.infinite;
  uint64_t carry = 0;
  for (unsigned i = 0; i < kLimbs; ++i) {
    uint64_t s = limbs[i] + other.limbs[i];
    uint64_t c = s < other.limbs[i];
    limbs[i] = s + carry;
    carry = c | (limbs[i] < s);
  }
  return *this;
}

double ExactSum::value() const {
  if (infinite)
    return INFINITY;
  int top = kLimbs - 1;
  while (top >= 0 && limbs[top] == 0)
    --top;
  if (top < 0)
    return 0;
  // h: the highest set bit of the integer.
  int h = top * 64 + 63 - llvm::countl_zero(limbs[top]);
  auto bit = [&](int i) { return (limbs[i / 64] >> (i % 64)) & 1; };
  if (h < 53) // below 2^53 units: exact (a subnormal, or a small normal)
    return std::ldexp(double(limbs[0]), -1074);
  // The 53 bits from h down, then round to nearest, ties to even, on the
  // bit below them and whether any bit further down is set.
  uint64_t q = 0;
  for (int i = h; i > h - 53; --i)
    q = q << 1 | bit(i);
  int low = h - 53; // the rounding bit
  bool round = bit(low), sticky = false;
  for (int i = 0; i < low / 64 && !sticky; ++i)
    sticky = limbs[i] != 0;
  if (!sticky && low % 64)
    sticky = (limbs[low / 64] & ((uint64_t(1) << (low % 64)) - 1)) != 0;
  if (round && (sticky || (q & 1)))
    ++q; // 2^53 after a carry: still exact as a double
  return std::ldexp(double(q), h - 52 - 1074);
}

/// Bits [pos, pos + 4) of the integer (zero beyond it).
static unsigned nibble(const uint64_t *limbs, unsigned count, unsigned pos) {
  unsigned v = 0;
  for (unsigned b = 0; b < 4; ++b, ++pos)
    if (pos / 64 < count)
      v |= ((limbs[pos / 64] >> (pos % 64)) & 1) << b;
  return v;
}

std::string ExactSum::toString() const {
  if (infinite)
    return "inf";
  int top = kLimbs - 1;
  while (top >= 0 && limbs[top] == 0)
    --top;
  if (top < 0)
    return "0";
  unsigned h = top * 64 + 63 - llvm::countl_zero(limbs[top]);
  unsigned low = 0;
  while (limbs[low] == 0)
    ++low;
  unsigned t = low * 64 + llvm::countr_zero(limbs[low]);
  static const char digits[] = "0123456789abcdef";
  std::string s = "0x";
  for (int d = (h - t) / 4; d >= 0; --d)
    s += digits[nibble(limbs.data(), kLimbs, t + 4 * d)];
  return s + "p" + std::to_string(int(t) - 1074);
}

std::optional<ExactSum> ExactSum::fromString(llvm::StringRef text) {
  ExactSum sum;
  if (text == "inf") {
    sum.infinite = true;
    return sum;
  }
  if (text == "0")
    return sum;
  auto [mantissa, exponent] = text.split('p');
  int e;
  if (!mantissa.consume_front("0x") || mantissa.empty() ||
      mantissa.size() > kLimbs * 16 || mantissa[0] == '0' ||
      exponent.getAsInteger(10, e) || e < -1074 ||
      e + 1074 + 4 * mantissa.size() > kLimbs * 64)
    return std::nullopt;
  unsigned base = unsigned(e + 1074);
  for (size_t i = 0; i < mantissa.size(); ++i) {
    char c = mantissa[mantissa.size() - 1 - i];
    unsigned d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else
      return std::nullopt;
    for (unsigned b = 0; b < 4; ++b)
      if ((d >> b) & 1) {
        unsigned pos = base + 4 * i + b;
        sum.limbs[pos / 64] |= uint64_t(1) << (pos % 64);
      }
  }
  return sum;
}
