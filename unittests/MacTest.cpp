//===- MacTest.cpp - The reference multiply-accumulate models -------------===//
//
// tq::ref::macDot against independent oracles: the C library's fmaf for a
// fused f32 unit, quad precision for round-to-odd, and hand-computed dot
// products for chunks, aligned groups and saturating wide accumulators.
//
//===----------------------------------------------------------------------===//

#include "tq/Reference/Mac.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <random>

using namespace tq::ref;

namespace {
std::vector<MacTerm> termsOf(const std::vector<double> &a,
                             const std::vector<double> &b) {
  std::vector<MacTerm> t;
  for (size_t i = 0; i < a.size(); ++i)
    t.push_back({a[i], b[i], uint64_t(i), int64_t(i)});
  return t;
}
double dot(const MacModel &m, const std::vector<double> &a,
           const std::vector<double> &b, double init = 0) {
  return macDot(m, init, 2 * a.size(), termsOf(a, b), int64_t(a.size()));
}
ScalarQuantizer fixedQ(int bits, int frac) {
  FixedPoint f;
  f.bits = bits;
  f.frac = frac;
  f.rounding = Rounding::NearestEven;
  return [f](double x, uint64_t) { return f.apply(x, 0); };
}
ScalarQuantizer floatQ(int exp, int man, Rounding r = Rounding::NearestEven) {
  FloatFormat f;
  f.expBits = exp;
  f.manBits = man;
  f.rounding = r;
  return [f](double x, uint64_t) { return f.apply(x, 0); };
}
} // namespace

TEST(Mac, RoundToOddAgainstQuad) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(-1, 1);
  std::uniform_int_distribution<int> e(-40, 40);
  for (int i = 0; i < 100000; ++i) {
    double x = std::ldexp(u(rng), e(rng)), y = std::ldexp(u(rng), e(rng));
    __float128 exact = (__float128)x + (__float128)y; // exact: gap < 113
    double r = addRoundToOdd(x, y);
    if ((__float128)r == exact)
      continue;
    uint64_t bits;
    std::memcpy(&bits, &r, sizeof bits);
    ASSERT_EQ(bits & 1, 1u) << x << " + " << y;
    // r is a neighbour of the exact sum: no double lies between them.
    double other = (__float128)r < exact ? std::nextafter(r, INFINITY)
                                         : std::nextafter(r, -INFINITY);
    ASSERT_TRUE(((__float128)r < exact) == (exact < (__float128)other))
        << x << " + " << y;
  }
  EXPECT_EQ(addRoundToOdd(1.0, 0x1p-60), std::nextafter(1.0, 2.0));
  EXPECT_EQ(addRoundToOdd(1.0, -0x1p-60), std::nextafter(1.0, 0.0));
  EXPECT_EQ(addRoundToOdd(1.0, 0.5), 1.5);
}

// A fused f32 unit is fmaf, step by step (the C library's one rounding).
TEST(Mac, FusedF32IsFmaf) {
  std::mt19937 rng(9);
  std::uniform_real_distribution<float> u(-1, 1);
  std::uniform_int_distribution<int> e(-20, 20);
  MacModel m;
  m.accumulator = floatQ(8, 23);
  m.fused = true;
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<double> a, b;
    float expect = std::ldexp(u(rng), e(rng));
    double init = expect;
    for (int i = 0; i < 16; ++i) {
      float x = std::ldexp(u(rng), e(rng)), y = std::ldexp(u(rng), e(rng));
      a.push_back(x);
      b.push_back(y);
      expect = std::fmaf(x, y, expect);
    }
    ASSERT_EQ(dot(m, a, b, init), double(expect)) << trial;
  }
  // Unfused, the product's rounding shows: 1 + 2^-13 squared, minus its
  // f32 rounding.
  float x = 1 + 0x1p-13f;
  std::vector<double> a = {-1, x}, b = {double(x * x), x};
  MacModel plain;
  EXPECT_EQ(dot(plain, a, b), 0.0);
  EXPECT_EQ(dot(m, a, b), 0x1p-26);
}

// Chunks: partial sums in the accumulator's format, promoted to the outer.
TEST(Mac, ChunkedPromotion) {
  std::vector<double> a = {100, 20, 100, 20}, b = {1, 1, 1, 1};
  MacModel m;
  m.accumulator = fixedQ(8, 0); // saturates at 127
  EXPECT_EQ(dot(m, a, b), 127); // 100, 120, 127, 127
  m.chunk = 2;                  // parts 120, 120; outer = accumulator
  EXPECT_EQ(dot(m, a, b), 127);
  m.outer = fixedQ(16, 0);
  EXPECT_EQ(dot(m, a, b), 240);
  // A partial last chunk joins at the dimension's end.
  m.chunk = 3; // parts 127 (100 + 20 + 100 saturated), 20
  EXPECT_EQ(dot(m, a, b), 147);
  // The initial value is rounded to the outer accumulator.
  EXPECT_EQ(dot(m, a, b, 1000.25), 1147);
}

// Aligned groups: products aligned to the largest, kept bits below it.
TEST(Mac, AlignedGroups) {
  std::vector<double> a = {1.0, 0.0234375, -0.75, 0.001}, b = {1, 1, 1, 1};
  MacModel m;
  m.align = 4;
  m.kept = 5; // quantum 2^-5 = 0.03125
  EXPECT_EQ(dot(m, a, b), double(float(0.25)));
  m.alignRounding = Rounding::NearestEven; // 0.0234375 -> 0.03125
  EXPECT_EQ(dot(m, a, b), 0.28125);
  // Groups of 2: {1, 0.0234375} quantum 2^-5; {-0.75, 0.001} 2^-6.
  m.align = 2;
  m.alignRounding = Rounding::TowardZero;
  EXPECT_EQ(dot(m, a, b), 0.25);
  // The accumulator joins the alignment: 64 swamps products below 2.
  std::vector<double> c = {1.0, 0.75}, d = {1, 1};
  m.align = 2;
  EXPECT_EQ(dot(m, c, d, 64), 65.75);
  m.alignAccumulator = true;
  EXPECT_EQ(dot(m, c, d, 64), 64);
  EXPECT_EQ(dot(m, c, d, 32), 33); // quantum 1: 32 + 1 + 0
}

// Wide: an int32 accumulator is exact in f64 and saturates there.
TEST(Mac, WideSaturatingInteger) {
  std::vector<double> a(64, 127), b(64, 127);
  MacModel m;
  m.accumulator = fixedQ(20, 0);
  m.wide = true;
  EXPECT_EQ(dot(m, a, b), 524287); // 2^19 - 1
  m.accumulator = fixedQ(32, 0);
  EXPECT_EQ(dot(m, a, b), 64 * 127 * 127);
  // Not wide: the f32 sums of 2^24 and more round before the quantizer.
  std::vector<double> big = {16777216, 1, 1}, one = {1, 1, 1};
  m.wide = false;
  EXPECT_EQ(dot(m, big, one), 16777216);
  m.wide = true;
  EXPECT_EQ(dot(m, big, one), 16777218);
}

// Pairwise: ((p0 + p1) + (p2 + p3)) + p4, each sum rounded; then the
// accumulator.
TEST(Mac, PairwiseTree) {
  std::vector<double> a = {100, 27, -100, -27, 3}, b = {1, 1, 1, 1, 1};
  MacModel m;
  m.accumulator = fixedQ(8, 0); // saturates at 127, -128
  m.pairwise = true;
  // (127 + -127) + 3 = 3; sequential: 100, 127, 27, 0, 3.
  EXPECT_EQ(dot(m, a, b), 3);
  std::vector<double> c = {100, 100, -100, -100, 50};
  // (127 + -128) + 50 = 49 (sequential: 100, 127, 27, -73, -23).
  EXPECT_EQ(dot(m, c, b), 49);
  EXPECT_EQ(dot(m, c, b, 100), 127); // 100 + 49 saturates
  // Chunks of 2: (100 + 100), (-100 + -100), 50 added in turn.
  m.chunk = 2;
  m.outer = fixedQ(16, 0);
  EXPECT_EQ(dot(m, c, b), 127 - 128 + 50);
  // Rounding at every node: fp16 sums of 1 and 2^-11 lose the small terms
  // in sequence, not in a tree that adds them first.
  std::vector<double> d = {1, 0x1p-11, 0x1p-11, 0x1p-11}, one(4, 1);
  MacModel h;
  h.accumulator = floatQ(5, 10);
  EXPECT_EQ(dot(h, d, one), 1);
  h.pairwise = true; // (1 + 2^-11) + (2^-10) = 1 + 2^-10
  EXPECT_EQ(dot(h, d, one), 1 + 0x1p-10);
}

// MX dot products: the block's elements are summed in the block-internal
// format, unscaled, and the sum scaled once.
TEST(Mac, MXDotScalesOnce) {
  // Elements 4 and 4 of a block with scale 2^-3, times elements 1 and 1.
  std::vector<MacTerm> t = {{4, 1, 0, 0, 0x1p-3, 1}, {4, 1, 1, 1, 0x1p-3, 1}};
  MacModel m;
  m.accumulator = fixedQ(6, 2); // [-8, 7.75]: 4 + 4 saturates, unscaled
  m.chunk = 2;
  m.outer = floatQ(8, 23);
  m.mxDot = true;
  EXPECT_EQ(macDot(m, 0, 6, t, 2), 0.96875); // 7.75 * 2^-3
  // Scaled elements (0.5 + 0.5) would not saturate.
  std::vector<MacTerm> scaled = {{0.5, 1, 0, 0}, {0.5, 1, 1, 1}};
  m.mxDot = false;
  EXPECT_EQ(macDot(m, 0, 6, scaled, 2), 1);
}
