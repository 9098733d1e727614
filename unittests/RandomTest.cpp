//===- RandomTest.cpp - The counter-based generator and stochastic rounding ===//

#include "tq/Reference/Reference.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace tq::ref;

namespace {

TEST(Philox, Random123KnownAnswers) {
  using W4 = std::array<uint32_t, 4>;
  EXPECT_EQ(philox4x32_10({0, 0, 0, 0}, {0, 0}),
            (W4{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(philox4x32_10({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
                          {0xffffffff, 0xffffffff}),
            (W4{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(philox4x32_10({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
                          {0xa4093822, 0x299f31d0}),
            (W4{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(Philox, RandomWordLayout) {
  // Element i uses word i % 4 of block i / 4; the seed is the key.
  auto block = philox4x32_10({5, 0, 0, 0}, {0x89abcdef, 0x01234567});
  for (uint64_t w = 0; w < 4; ++w)
    EXPECT_EQ(randomWord(0x0123456789abcdefull, 20 + w), block[w]);
  auto high = philox4x32_10({0, 1, 0, 0}, {7, 0});
  EXPECT_EQ(randomWord(7, (uint64_t(1) << 34) + 2), high[2]);
}

TEST(Stochastic, ProbabilityIsTheFraction) {
  // x = 1 + f/16 on the grid of fixed<8, 0>: rounds up with probability f/16.
  FixedPoint q;
  q.bits = 8;
  q.frac = 0;
  q.rounding = Rounding::Stochastic;
  const int n = 1 << 20;
  for (int f = 0; f <= 16; ++f) {
    double x = 1.0 + f / 16.0;
    int ups = 0;
    for (int i = 0; i < n; ++i)
      ups += q.apply(x, randomWord(42, i)) == 2.0;
    double p = f / 16.0, sigma = std::sqrt(n * p * (1 - p));
    EXPECT_NEAR(ups, n * p, 5 * sigma + 0.5) << "f=" << f;
    if (f == 0 || f == 16)
      EXPECT_EQ(ups, f == 16 ? n : 0); // exact values never move
  }
}

TEST(Stochastic, UnbiasedOnRandomValues) {
  // Mean error of many stochastic roundings of one value tends to 0.
  FloatFormat e4m3;
  e4m3.expBits = 4;
  e4m3.manBits = 3;
  e4m3.kind = FloatKind::NanOnly;
  e4m3.saturate = true;
  e4m3.rounding = Rounding::Stochastic;
  const int n = 1 << 18;
  for (double x : {0.3, -0.3, 1.7, 100.1, 0.0041, -211.0}) {
    double sum = 0;
    for (int i = 0; i < n; ++i)
      sum += e4m3.apply(x, randomWord(3, i));
    double mean = sum / n;
    // The error is bounded by one ulp u, so its standard deviation is at most
    // u / 2; the mean's, u / (2 sqrt(n)).
    FloatFormat down = e4m3;
    down.rounding = Rounding::TowardZero;
    FloatFormat upf = e4m3;
    upf.rounding = Rounding::Up;
    double ulp = std::fabs(upf.apply(std::fabs(x), 0) - down.apply(std::fabs(x), 0));
    EXPECT_NEAR(mean, x, 5 * ulp / (2 * std::sqrt(double(n)))) << x;
  }
}

TEST(Stochastic, ReproducibleAndSeedDependent) {
  FixedPoint q;
  q.bits = 8;
  q.frac = 4;
  q.rounding = Rounding::Stochastic;
  int differ = 0;
  for (int i = 0; i < 1000; ++i) {
    double x = 0.01 * i - 3.3;
    EXPECT_EQ(q.apply(x, randomWord(1, i)), q.apply(x, randomWord(1, i)));
    differ += q.apply(x, randomWord(1, i)) != q.apply(x, randomWord(2, i));
  }
  EXPECT_GT(differ, 100);
}

TEST(Stochastic, FractionResolution) {
  // floor(f * 2^32) decides: random 0 rounds up any nonzero fraction of at
  // least 2^-32, random 2^32-1 never rounds up a fraction below 1.
  EXPECT_EQ(roundToQuantum(1.0 + std::ldexp(1.0, -32), 0, Rounding::Stochastic, 0),
            2.0);
  EXPECT_EQ(roundToQuantum(1.0 + std::ldexp(1.0, -33), 0, Rounding::Stochastic, 0),
            1.0);
  EXPECT_EQ(roundToQuantum(1.999, 0, Rounding::Stochastic, 0xffffffffu), 1.0);
  EXPECT_EQ(roundToQuantum(-1.5, 0, Rounding::Stochastic, 0x7fffffffu), -2.0);
  EXPECT_EQ(roundToQuantum(-1.5, 0, Rounding::Stochastic, 0x80000000u), -1.0);
}

} // namespace
