//===- FloatFormatTest.cpp - Custom floats against LLVM's APFloat ---------===//
//
// For every named float format and every rounding mode APFloat implements,
// the reference must equal APFloat's conversion, exhaustively over all f16
// and bf16 inputs and over millions of f32 inputs including every binade
// edge. Round to odd is checked against its definition built from APFloat's
// truncation; formats without subnormals against hand-computed tables.
//
//===----------------------------------------------------------------------===//

#include "tq/Reference/Reference.h"

#include "llvm/ADT/APFloat.h"
#include "TestUtil.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <random>

using namespace tq::ref;
using namespace tq::test;
using llvm::APFloat;

namespace {

struct NamedFormat {
  const char *name;
  int exp, man;
  FloatKind kind;
  const llvm::fltSemantics &(*semantics)();
};

const NamedFormat kFormats[] = {
    {"fp16", 5, 10, FloatKind::IEEE, &APFloat::IEEEhalf},
    {"bf16", 8, 7, FloatKind::IEEE, &APFloat::BFloat},
    {"tf32", 8, 10, FloatKind::IEEE, &APFloat::FloatTF32},
    {"fp8_e4m3", 4, 3, FloatKind::NanOnly, &APFloat::Float8E4M3FN},
    {"fp8_e4m3_ieee", 4, 3, FloatKind::IEEE, &APFloat::Float8E4M3},
    {"fp8_e3m4_ieee", 3, 4, FloatKind::IEEE, &APFloat::Float8E3M4},
    {"fp8_e5m2", 5, 2, FloatKind::IEEE, &APFloat::Float8E5M2},
    {"fp6_e2m3", 2, 3, FloatKind::FiniteOnly, &APFloat::Float6E2M3FN},
    {"fp6_e3m2", 3, 2, FloatKind::FiniteOnly, &APFloat::Float6E3M2FN},
    {"fp4_e2m1", 2, 1, FloatKind::FiniteOnly, &APFloat::Float4E2M1FN},
};

struct Mode {
  Rounding ours;
  APFloat::roundingMode theirs;
};
const Mode kModes[] = {
    {Rounding::NearestEven, APFloat::rmNearestTiesToEven},
    {Rounding::NearestAway, APFloat::rmNearestTiesToAway},
    {Rounding::TowardZero, APFloat::rmTowardZero},
    {Rounding::Down, APFloat::rmTowardNegative},
    {Rounding::Up, APFloat::rmTowardPositive},
};

/// APFloat's conversion of `x` into the format, back in double.
double oracle(const NamedFormat &f, double x, APFloat::roundingMode mode) {
  return apfloatConvert(x, f.semantics(), mode);
}

FloatFormat ours(const NamedFormat &f, Rounding r) {
  FloatFormat q;
  q.expBits = f.exp;
  q.manBits = f.man;
  q.kind = f.kind;
  q.rounding = r;
  q.saturate = f.kind != FloatKind::IEEE;
  return q;
}

/// Compares ours with APFloat on `x`; returns false (and records) on a
/// mismatch. Where APFloat returns NaN for a finite or infinite input (it
/// has no saturation for formats without infinity), ours must saturate.
::testing::AssertionResult agree(const NamedFormat &f, const Mode &m,
                                 double x) {
  FloatFormat q = ours(f, m.ours);
  double got = q.apply(x, 0);
  double want = oracle(f, x, m.theirs);
  if (std::isnan(want) && !std::isnan(x))
    want = std::copysign(q.maxFinite(), x);
  if (f.kind == FloatKind::FiniteOnly && std::isinf(x))
    want = std::copysign(q.maxFinite(), x);
  if (sameValue(got, want))
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << f.name << " mode " << int(m.ours) << " x=" << x << " ("
         << std::hexfloat << x << ") got " << got << " want " << want;
}

double halfBits(uint16_t bits) {
  return toDouble(APFloat(APFloat::IEEEhalf(), llvm::APInt(16, bits)));
}
double bf16Bits(uint16_t bits) {
  return toDouble(APFloat(APFloat::BFloat(), llvm::APInt(16, bits)));
}
double f32Bits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

template <typename Gen>
void checkAll(const char *what, uint64_t count, Gen gen) {
  for (const NamedFormat &f : kFormats)
    for (const Mode &m : kModes) {
      uint64_t failures = 0;
      for (uint64_t i = 0; i < count; ++i) {
        auto result = agree(f, m, gen(i));
        if (!result && failures++ < 5)
          ADD_FAILURE() << what << ": " << result.message();
      }
      EXPECT_EQ(failures, 0u) << what << " " << f.name << " mode "
                              << int(m.ours);
    }
}

TEST(FloatFormat, ExhaustiveF16Inputs) {
  checkAll("f16", 65536, [](uint64_t i) { return halfBits(uint16_t(i)); });
}

TEST(FloatFormat, ExhaustiveBF16Inputs) {
  checkAll("bf16", 65536, [](uint64_t i) { return bf16Bits(uint16_t(i)); });
}

TEST(FloatFormat, RandomF32Inputs) {
  std::mt19937_64 rng(12345);
  std::vector<uint32_t> bits(1 << 21); // 2.1 million inputs
  for (uint32_t &b : bits)
    b = uint32_t(rng());
  checkAll("f32 random", bits.size(),
           [&](uint64_t i) { return f32Bits(bits[i]); });
}

TEST(FloatFormat, F32BinadeEdges) {
  // For every f32 exponent: the binade's first and last values, their
  // neighbours, and the patterns around every possible rounding position
  // (exact half, half ± 1 ulp), both signs.
  std::vector<uint32_t> bits;
  for (uint32_t e = 0; e < 256; ++e)
    for (uint32_t sign : {0u, 1u}) {
      uint32_t base = (sign << 31) | (e << 23);
      for (uint32_t m : {0u, 1u, 2u, 0x7FFFFFu, 0x7FFFFEu, 0x400000u})
        bits.push_back(base | m);
      for (int pos = 0; pos < 23; ++pos) {
        uint32_t half = 1u << pos;
        for (uint32_t m : {half, half - 1, half + 1, half | (half << 1),
                           (half << 1) - 1, 0x7FFFFFu & ~(half - 1)})
          bits.push_back(base | (m & 0x7FFFFFu));
      }
    }
  checkAll("f32 edges", bits.size(),
           [&](uint64_t i) { return f32Bits(bits[i]); });
  EXPECT_GT(bits.size(), 60000u);
}

TEST(FloatFormat, RoundToOddMatchesDefinition) {
  // Odd: exact values unchanged; otherwise truncate and, if the truncated
  // significand is even, step one ulp away from zero.
  for (const NamedFormat &f : kFormats) {
    FloatFormat q = ours(f, Rounding::Odd);
    uint64_t failures = 0;
    for (uint32_t i = 0; i < 65536; ++i) {
      double x = halfBits(uint16_t(i));
      if (std::isnan(x) || std::isinf(x))
        continue;
      APFloat t(x);
      bool lost;
      APFloat::opStatus status =
          t.convert(f.semantics(), APFloat::rmTowardZero, &lost);
      double want;
      if (!(status & APFloat::opInexact)) {
        want = toDouble(t);
      } else {
        if (!t.bitcastToAPInt()[0])
          t.next(/*nextDown=*/x < 0);
        want = toDouble(t);
        if (std::isnan(want) || std::isinf(want) ||
            std::fabs(want) > q.maxFinite())
          want = std::copysign(q.maxFinite(), x);
      }
      double got = q.apply(x, 0);
      if (!sameValue(got, want) && failures++ < 5)
        ADD_FAILURE() << f.name << " x=" << x << " got " << got << " want "
                      << want;
    }
    EXPECT_EQ(failures, 0u) << f.name;
  }
}

TEST(FloatFormat, Fp16ElementRoundingMatchesAPFloat) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 1 << 20; ++i) {
    uint64_t b = rng();
    double x;
    std::memcpy(&x, &b, 8);
    if (std::isnan(x))
      continue;
    // Scale into and around the f16 range so that every path is hit.
    int unused;
    x = std::ldexp(std::frexp(x, &unused), int(b % 60) - 35);
    ASSERT_TRUE(sameValue(roundToElement(x, ElemType::F16),
                          oracle(kFormats[0], x, APFloat::rmNearestTiesToEven)))
        << x;
    ASSERT_TRUE(sameValue(roundToElement(x, ElemType::BF16),
                          oracle(kFormats[1], x, APFloat::rmNearestTiesToEven)))
        << x;
  }
}

TEST(FloatFormat, MaxFiniteValues) {
  auto maxOf = [](int e, int m, FloatKind k) {
    FloatFormat f;
    f.expBits = e;
    f.manBits = m;
    f.kind = k;
    return f.maxFinite();
  };
  EXPECT_EQ(maxOf(5, 10, FloatKind::IEEE), 65504.0);
  EXPECT_EQ(maxOf(4, 3, FloatKind::NanOnly), 448.0);
  EXPECT_EQ(maxOf(5, 2, FloatKind::IEEE), 57344.0);
  EXPECT_EQ(maxOf(2, 3, FloatKind::FiniteOnly), 7.5);
  EXPECT_EQ(maxOf(3, 2, FloatKind::FiniteOnly), 28.0);
  EXPECT_EQ(maxOf(2, 1, FloatKind::FiniteOnly), 6.0);
  EXPECT_EQ(maxOf(8, 7, FloatKind::IEEE), 0x1.fep127);
}

TEST(FloatFormat, WithoutSubnormals) {
  // E4M3 without subnormals: the only values below 2^-6 are 0 and 2^-6.
  FloatFormat f;
  f.expBits = 4;
  f.manBits = 3;
  f.kind = FloatKind::NanOnly;
  f.subnormals = false;
  f.saturate = true;
  const double tiny = std::ldexp(1.0, -6);
  struct Case {
    Rounding mode;
    double x, want;
  } cases[] = {
      {Rounding::NearestEven, 0.6 * tiny, tiny},
      {Rounding::NearestEven, 0.5 * tiny, 0.0}, // tie: 0 is even
      {Rounding::NearestAway, 0.5 * tiny, tiny},
      {Rounding::NearestEven, 0.4 * tiny, 0.0},
      {Rounding::NearestEven, -0.4 * tiny, -0.0},
      {Rounding::TowardZero, 0.99 * tiny, 0.0},
      {Rounding::Up, 0.01 * tiny, tiny},
      {Rounding::Down, -0.01 * tiny, -tiny},
      {Rounding::Odd, 0.01 * tiny, tiny},
      {Rounding::NearestEven, 1.0625 * tiny, tiny}, // normals unchanged rules
      {Rounding::NearestEven, 1.1875 * tiny, 1.25 * tiny},
  };
  for (const Case &c : cases) {
    f.rounding = c.mode;
    EXPECT_TRUE(sameValue(f.apply(c.x, 0), c.want))
        << "mode " << int(c.mode) << " x=" << c.x << " got " << f.apply(c.x, 0);
  }
}

TEST(FloatFormat, SpecialValues) {
  const double inf = INFINITY, nan = NAN;
  FloatFormat e4m3; // OCP E4M3: saturates, Inf -> max
  e4m3.expBits = 4;
  e4m3.manBits = 3;
  e4m3.kind = FloatKind::NanOnly;
  e4m3.saturate = true;
  EXPECT_EQ(e4m3.apply(inf, 0), 448.0);
  EXPECT_EQ(e4m3.apply(-inf, 0), -448.0);
  EXPECT_EQ(e4m3.apply(1e9, 0), 448.0);
  EXPECT_TRUE(std::isnan(e4m3.apply(nan, 0)));
  EXPECT_TRUE(sameValue(e4m3.apply(-0.0, 0), -0.0));
  EXPECT_TRUE(sameValue(e4m3.apply(-1e-9, 0), -0.0));

  FloatFormat half = elemFormat(ElemType::F16); // IEEE: overflow to Inf
  EXPECT_EQ(half.apply(inf, 0), inf);
  EXPECT_EQ(half.apply(65520.0, 0), inf);   // max + half ulp: tie to even
  EXPECT_EQ(half.apply(65519.99, 0), 65504.0);
  half.rounding = Rounding::TowardZero;
  EXPECT_EQ(half.apply(1e9, 0), 65504.0);   // IEEE 754: RZ overflow -> max
  half.rounding = Rounding::Up;
  EXPECT_EQ(half.apply(65504.5, 0), inf);
  EXPECT_EQ(half.apply(-1e9, 0), -65504.0);
  half.rounding = Rounding::NearestEven;
  half.saturate = true;                     // satfinite
  EXPECT_EQ(half.apply(inf, 0), 65504.0);
  EXPECT_EQ(half.apply(-1e9, 0), -65504.0);
}

} // namespace
