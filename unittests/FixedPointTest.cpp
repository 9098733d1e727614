//===- FixedPointTest.cpp - Fixed point against tables and libm -----------===//
//
// The reference computes fixed point on the integer significand; here it is
// compared with the obvious libm formula (exact in double for f32 inputs and
// small step exponents) and with hand-computed tables for ties, saturation,
// wrapping, TensorQuant's strings and special values.
//
//===----------------------------------------------------------------------===//

#include "tq/Reference/Reference.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <random>

using namespace tq::ref;

namespace {

FixedPoint fixed(int bits, int frac, Rounding r, bool isSigned = true,
                 bool wrap = false) {
  FixedPoint f;
  f.bits = bits;
  f.frac = frac;
  f.rounding = r;
  f.isSigned = isSigned;
  f.wrap = wrap;
  return f;
}

/// The textbook definition with libm, independent of the reference's
/// integer path: scale, round with the C library, clamp, unscale.
double libmFixed(double x, const FixedPoint &f) {
  double y = std::ldexp(x, f.frac), r = 0;
  switch (f.rounding) {
  case Rounding::NearestEven: r = std::nearbyint(y); break;
  case Rounding::NearestAway: r = std::round(y); break;
  case Rounding::TowardZero: r = std::trunc(y); break;
  case Rounding::Down: r = std::floor(y); break;
  case Rounding::Up: r = std::ceil(y); break;
  case Rounding::Odd: {
    r = std::trunc(y);
    if (r != y && std::fmod(r, 2.0) == 0.0)
      r += y > 0 ? 1 : -1;
    break;
  }
  case Rounding::Stochastic: return NAN;
  }
  double lo = f.isSigned ? -std::ldexp(1.0, f.bits - 1) : 0.0;
  double hi = std::ldexp(1.0, f.isSigned ? f.bits - 1 : f.bits) - 1;
  r = std::min(std::max(r, lo), hi);
  return std::ldexp(r, -f.frac) + 0.0;
}

TEST(FixedPoint, MatchesLibmOnRandomF32) {
  std::mt19937_64 rng(99);
  const Rounding modes[] = {Rounding::NearestEven, Rounding::NearestAway,
                            Rounding::TowardZero,  Rounding::Down,
                            Rounding::Up,          Rounding::Odd};
  for (int bits : {2, 4, 8, 12, 16, 24, 32})
    for (int frac : {-3, 0, 1, 4, 8, 15, 20})
      for (Rounding mode : modes)
        for (bool isSigned : {true, false}) {
          FixedPoint f = fixed(bits, frac, mode, isSigned);
          for (int i = 0; i < 4000; ++i) {
            uint32_t b = uint32_t(rng());
            // Magnitudes around the format's range.
            b = (b & 0x807FFFFFu) |
                (uint32_t(127 + bits - frac - 8 + int(rng() % 24) - 10) << 23);
            float xf;
            std::memcpy(&xf, &b, 4);
            double x = xf;
            ASSERT_EQ(f.apply(x, 0), libmFixed(x, f))
                << "bits " << bits << " frac " << frac << " mode "
                << int(mode) << " signed " << isSigned << " x " << x;
          }
        }
}

TEST(FixedPoint, TiesAndModes) {
  // nearest,8,4 (TensorQuant): step 1/16, range [-8, 7.9375].
  struct Case {
    Rounding mode;
    double x, want;
  } cases[] = {
      {Rounding::NearestAway, 1.03125, 1.0625}, // 16.5 -> 17
      {Rounding::NearestEven, 1.03125, 1.0},    // 16.5 -> 16
      {Rounding::NearestEven, 1.09375, 1.125},  // 17.5 -> 18
      {Rounding::NearestAway, -1.03125, -1.0625},
      {Rounding::NearestEven, -1.03125, -1.0},
      {Rounding::TowardZero, -1.1, -1.0625},
      {Rounding::Down, -1.1, -1.125},
      {Rounding::Up, -1.1, -1.0625},
      {Rounding::Up, 1.01, 1.0625},
      {Rounding::Odd, 1.01, 1.0625},   // 16.16 -> 17 (odd)
      {Rounding::Odd, 1.07, 1.0625},   // 17.12 -> 17
      {Rounding::Odd, 1.0, 1.0},       // exact stays
      {Rounding::NearestEven, 100.0, 7.9375},
      {Rounding::NearestEven, -100.0, -8.0},
      {Rounding::NearestEven, INFINITY, 7.9375},
      {Rounding::NearestEven, -INFINITY, -8.0},
      {Rounding::NearestEven, -0.01, 0.0}, // +0: no -0 in fixed point
  };
  for (const Case &c : cases) {
    double got = fixed(8, 4, c.mode).apply(c.x, 0);
    EXPECT_EQ(got, c.want) << "mode " << int(c.mode) << " x " << c.x;
    EXPECT_FALSE(std::signbit(got) && got == 0.0);
  }
  EXPECT_TRUE(std::isnan(fixed(8, 4, Rounding::NearestEven).apply(NAN, 0)));
}

TEST(FixedPoint, TensorQuantSaturationBound) {
  // TensorQuant's TF2 Python path saturated nearest,16,8 at +64; the C
  // kernel's (and the intended) bound is (2^15 - 1) / 2^8.
  FixedPoint f = fixed(16, 8, Rounding::NearestAway);
  EXPECT_EQ(f.apply(1000.0, 0), 127.99609375);
  EXPECT_EQ(f.apply(-1000.0, 0), -128.0);
  EXPECT_EQ(f.apply(100.0, 0), 100.0);
}

TEST(FixedPoint, Wrap) {
  FixedPoint f = fixed(8, 0, Rounding::NearestEven, true, /*wrap=*/true);
  EXPECT_EQ(f.apply(127.0, 0), 127.0);
  EXPECT_EQ(f.apply(128.0, 0), -128.0);
  EXPECT_EQ(f.apply(130.4, 0), -126.0);
  EXPECT_EQ(f.apply(-129.0, 0), 127.0);
  EXPECT_EQ(f.apply(256.0, 0), 0.0);
  EXPECT_EQ(f.apply(1e300, 0), 0.0);     // a multiple of 2^8
  EXPECT_EQ(f.apply(INFINITY, 0), 127.0); // Inf saturates even when wrapping
  FixedPoint u = fixed(4, 2, Rounding::NearestEven, false, true);
  EXPECT_EQ(u.apply(4.0, 0), 0.0);       // 16 mod 16
  EXPECT_EQ(u.apply(4.25, 0), 0.25);
  EXPECT_EQ(u.apply(-0.25, 0), 3.75);    // -1 mod 16 = 15
}

TEST(FixedPoint, FractionalBitsBeyondTotal) {
  // fixed<4, 6>: values k/64, k in [-8, 7].
  FixedPoint f = fixed(4, 6, Rounding::NearestEven);
  EXPECT_EQ(f.apply(0.05, 0), 3.0 / 64);
  EXPECT_EQ(f.apply(0.5, 0), 7.0 / 64);
  EXPECT_EQ(f.apply(-0.5, 0), -8.0 / 64);
}

TEST(FixedPoint, TinyAndHugeInputs) {
  FixedPoint up = fixed(8, 4, Rounding::Up);
  EXPECT_EQ(up.apply(std::ldexp(1.0, -1074), 0), 0.0625);
  EXPECT_EQ(up.apply(-std::ldexp(1.0, -1074), 0), 0.0);
  FixedPoint ne = fixed(8, 4, Rounding::NearestEven);
  EXPECT_EQ(ne.apply(std::ldexp(1.0, -1074), 0), 0.0);
  EXPECT_EQ(ne.apply(1e308, 0), 7.9375);
}

TEST(FixedPoint, ScaledValueSet) {
  // scaleExp multiplies the value set (block formats use it).
  FixedPoint f = fixed(8, 6, Rounding::NearestEven);
  EXPECT_EQ(f.apply(3.0, 0, 2), 3.0);          // step 2^-4
  EXPECT_EQ(f.apply(3.03125, 0, 2), 3.0);      // tie -> even
  EXPECT_EQ(f.apply(10.0, 0, 2), 127.0 / 16);  // saturates at 127 * 2^-4
}

} // namespace
