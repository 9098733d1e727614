//===- OtherQuantizersTest.cpp - pow2, binary, ternary, sparse, affine, MX --===//
//
// Hand-computed tables for the quantizers without an external oracle, and a
// transcription of PyTorch's fake-quantize CPU kernel for affine.
//
//===----------------------------------------------------------------------===//

#include "tq/Reference/Reference.h"

#include "TestUtil.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>

using namespace tq::ref;
using tq::test::sameValue;

namespace {


TEST(Pow2, FloorAndNearest) {
  Pow2 floor{Pow2Rounding::Floor, -10, 4};
  Pow2 nearest{Pow2Rounding::Nearest, -10, 4};
  EXPECT_EQ(floor.apply(0.75), 0.5);
  EXPECT_EQ(floor.apply(-3.9), -2.0);
  EXPECT_EQ(nearest.apply(1.41), 1.0);  // below sqrt(2)
  EXPECT_EQ(nearest.apply(1.42), 2.0);  // above sqrt(2)
  EXPECT_EQ(nearest.apply(1.4142135623730951), 2.0); // double(sqrt 2) > sqrt 2
  EXPECT_EQ(nearest.apply(1.414213562373095), 1.0);
  EXPECT_EQ(nearest.apply(-0.7), -0.5); // 0.7 < sqrt(2)/2
  EXPECT_EQ(floor.apply(100.0), 16.0);  // saturates at 2^4
  EXPECT_EQ(floor.apply(INFINITY), 16.0);
  EXPECT_TRUE(sameValue(floor.apply(-INFINITY), -16.0));
  EXPECT_TRUE(sameValue(floor.apply(0.0009), 0.0)); // 2^-11 < 2^-10: flushed
  EXPECT_TRUE(sameValue(floor.apply(-0.0009), -0.0));
  EXPECT_TRUE(sameValue(floor.apply(-0.0), -0.0));
  EXPECT_TRUE(std::isnan(floor.apply(NAN)));
}

TEST(Pow2, NearestMatchesLog2) {
  std::mt19937_64 rng(5);
  Pow2 nearest{Pow2Rounding::Nearest, -1074, 1023};
  std::uniform_real_distribution<double> u(-60, 60);
  for (int i = 0; i < 100000; ++i) {
    double x = std::exp2(u(rng));
    double l = std::log2(x);
    if (std::fabs(l - std::floor(l) - 0.5) < 1e-9)
      continue; // too close to the midpoint for libm's log2
    EXPECT_EQ(nearest.apply(x), std::exp2(std::round(l))) << x;
  }
}

TEST(BinaryTernarySparse, Tables) {
  Binary b{0.5};
  EXPECT_EQ(b.apply(3.0), 0.5);
  EXPECT_EQ(b.apply(-0.0), 0.5); // -0 >= 0
  EXPECT_EQ(b.apply(-1e-30), -0.5);
  EXPECT_EQ(b.apply(-INFINITY), -0.5);
  EXPECT_TRUE(std::isnan(b.apply(NAN)));

  Ternary t{2.0, 0.5};
  EXPECT_EQ(t.apply(0.6, 0.5), 2.0);
  EXPECT_EQ(t.apply(0.5, 0.5), 0.0); // not strictly greater
  EXPECT_EQ(t.apply(-0.51, 0.5), -2.0);
  EXPECT_TRUE(sameValue(t.apply(-0.2, 0.5), 0.0));

  // t = 0.7 * mean|x|: mean(1, 2, 0.5, 0.1) = 0.9 -> 0.63.
  std::vector<double> v = {1.0, -2.0, 0.5, 0.1};
  EXPECT_EQ(Ternary::autoThreshold(v), 0.7 * (3.6 / 4));
  Ternary a{1.0, std::nullopt};
  double thr = Ternary::autoThreshold(v);
  EXPECT_EQ(a.apply(1.0, thr), 1.0);
  EXPECT_EQ(a.apply(-2.0, thr), -1.0);
  EXPECT_EQ(a.apply(0.5, thr), 0.0);

  // The sum's blocked order: [2^53, 1 x 64]. Added in sequence every 1 is
  // lost (2^53 + 1 ties to 2^53). In lanes of 32, lane 0 holds 2^53 (its 1s
  // are lost), lanes 1..31 hold 1 + 1 = 2 each, and the chunk's sum adds
  // them to 2^53 exactly: 2^53 + 62.
  std::vector<double> w(65, 1.0);
  w[0] = 0x1p53;
  EXPECT_EQ(Ternary::absSum(w), 0x1p53 + 62);
  // Chunks: 1024 + 3 ones, signs ignored: lanes of 32 and of 33 or 32.
  std::vector<double> u(Ternary::kSumChunk + 3, -1.0);
  EXPECT_EQ(Ternary::absSum(u), double(Ternary::kSumChunk + 3));
  u[Ternary::kSumChunk] = 0x1p60; // the second chunk's lane 0
  // Its 2 ones are lost (Q_1 = 2^60); the next level adds Q_0 = 1024 to it
  // in another lane, exactly.
  EXPECT_EQ(Ternary::absSum(u), 0x1p60 + 1024);
  // One level: lanes over steps, then the lanes. [1, 2^53, 1 x 31]:
  // lane 0 = 1 + 1 (elements 0 and 32), lane 1 = 2^53, lanes 2..31 = 1;
  // Q = ((2 + 2^53) + 1) + 1 ... = 2^53 + 4 (the ulp is 2: 2^53 + 3 ties
  // to the even 2^53 + 4, and 2^53 + 5 back to it). In sequence, or with
  // a lane per 32 consecutive elements, every 1 is lost: 2^53.
  std::vector<double> l(33, 1.0);
  l[1] = 0x1p53;
  EXPECT_EQ(Ternary::blockSums(l), std::vector<double>{0x1p53 + 4});
  // A level's partial chunk: 1030 values give 2 sums, the second of 6.
  std::vector<double> p(1030, 0.5);
  EXPECT_EQ(Ternary::blockSums(p), (std::vector<double>{512.0, 3.0}));
  EXPECT_TRUE(Ternary::blockSums({}).empty());
  // The second level: 64 chunks, chunk 0 = [2^53, 0, ...], chunks 1..63 =
  // [1, 0, ...]. Level 1 gives Q = [2^53, 1 x 63]; level 2 adds them in
  // lanes: lane 0 = 2^53 + Q_32 = 2^53 (a tie, to even), lanes 1..31 =
  // Q_j + Q_(32+j) = 2, so S = 2^53 + 62, where a sequential sum of Q (one
  // level only) would lose every 1 and give 2^53.
  std::vector<double> two(64 * Ternary::kSumChunk, 0.0);
  two[0] = 0x1p53;
  for (int64_t c = 1; c < 64; ++c)
    two[c * Ternary::kSumChunk] = -1.0;
  EXPECT_EQ(Ternary::absSum(two), 0x1p53 + 62);
  EXPECT_EQ(Ternary::absSum({}), 0.0);

  Sparse s{0.1};
  EXPECT_EQ(s.apply(0.1), 0.1);
  EXPECT_TRUE(sameValue(s.apply(-0.05), -0.0));
  EXPECT_EQ(s.apply(-INFINITY), -INFINITY);
  EXPECT_TRUE(std::isnan(s.apply(NAN)));
}

/// PyTorch's CPU kernel (fake_quantize_tensor_cachemask_kernel), transcribed.
float torchFakeQuant(float x, float sc, int64_t zp, int64_t qmin, int64_t qmax) {
  float inv_scale = 1.0f / sc;
  auto qval = static_cast<int64_t>(zp + std::nearbyint(x * inv_scale));
  qval = std::max<int64_t>(qmin, std::min<int64_t>(qval, qmax));
  return (qval - zp) * sc;
}

TEST(Affine, MatchesPyTorchKernel) {
  std::mt19937_64 rng(11);
  std::normal_distribution<float> n(0.0f, 3.0f);
  for (auto [bits, isSigned, narrow] :
       {std::tuple{8, true, false}, {8, false, false}, {4, true, true},
        {16, true, false}, {2, false, true}}) {
    Affine q;
    q.bits = bits;
    q.isSigned = isSigned;
    q.narrow = narrow;
    for (double scale : {0.05, 0.1, 1.0 / 3, 0.0078125, 2.5}) {
      int64_t zp = isSigned ? 0 : (q.qmin() + q.qmax()) / 2;
      for (int i = 0; i < 20000; ++i) {
        float x = n(rng);
        float want = torchFakeQuant(x, float(scale), zp, q.qmin(), q.qmax());
        ASSERT_EQ(q.apply(x, scale, zp, /*computeF32=*/true, 0), double(want))
            << "bits " << bits << " scale " << scale << " x " << x;
      }
    }
  }
}

TEST(Affine, TableAndRanges) {
  Affine q; // int8, scale 0.05, zero point 3
  EXPECT_EQ(q.qmin(), -128);
  EXPECT_EQ(q.qmax(), 127);
  EXPECT_EQ(q.apply(1.0, 0.05, 3, true, 0), double(20 * 0.05f));
  EXPECT_EQ(q.apply(100.0, 0.05, 3, true, 0), double(124 * 0.05f)); // 127 - 3
  EXPECT_EQ(q.apply(-100.0, 0.05, 3, true, 0), double(-131 * 0.05f));
  EXPECT_TRUE(sameValue(q.apply(-0.01, 0.05, 0, true, 0), 0.0));
  EXPECT_TRUE(std::isnan(q.apply(NAN, 0.05, 3, true, 0)));
  q.narrow = true;
  EXPECT_EQ(q.qmin(), -127);
  q.isSigned = false;
  EXPECT_EQ(q.qmin(), 1);
  EXPECT_EQ(q.qmax(), 255);
}

TEST(Affine, PerChannel) {
  Tensor t{{1.0, 1.0, 1.0, -1.0, -1.0, -1.0}, {2, 3}, ElemType::F64};
  Affine q;
  applyAffine(t, q, {0.3, 0.4, 0.7}, {0, 0, 0}, /*axis=*/1, 0, 0);
  // 1 / 0.4 = 2.5 rounds to the even 2.
  EXPECT_EQ(t.data, (std::vector<double>{3 * 0.3, 2 * 0.4, 1 * 0.7, -3 * 0.3,
                                         -2 * 0.4, -1 * 0.7}));
  Tensor r{{1.0, 1.0, 1.0, -1.0, -1.0, -1.0}, {2, 3}, ElemType::F64};
  applyAffine(r, q, {0.3, 0.4}, {0, 1}, /*axis=*/0, 0, 0);
  // Row 1: -2.5 -> -2, + zero point 1 = -1, minus 1 again = -2 steps.
  EXPECT_EQ(r.data, (std::vector<double>{3 * 0.3, 3 * 0.3, 3 * 0.3, -2 * 0.4,
                                         -2 * 0.4, -2 * 0.4}));
}

TEST(MX, Fp4Block) {
  // amax 6.5 -> floor(log2) = 2, emax(E2M1) = 2 -> scale 2^0. E2M1 values:
  // 0, 0.5, 1, 1.5, 2, 3, 4, 6.
  Tensor t{{1.0, 0.3, -6.5, 0.01, 2.5, -0.25}, {6}, ElemType::F32};
  MX mx;
  mx.element = MXElement::FP4E2M1;
  mx.apply(t, 0, 0, 0);
  std::vector<double> want = {1.0, 0.5, -6.0, 0.0, 2.0, -0.0};
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_TRUE(sameValue(t.data[i], want[i])) << i << ": " << t.data[i];
}

TEST(MX, BlocksAlongAxis) {
  // Two blocks of 2 along axis 1 of a 2x4 tensor; each has its own scale.
  Tensor t{{100.0, 1.0, 0.1, 0.01, 3.0, 0.2, 1e-9, 0.0}, {2, 4}, ElemType::F32};
  MX mx;
  mx.element = MXElement::FP8E4M3;
  mx.blockSize = 2;
  mx.apply(t, 1, 0, 0);
  // Block {100, 1}: s = 6 - 8 = -2; 100 / 4 = 25 -> E4M3 24 -> 96; 1 exact.
  EXPECT_EQ(t.data[0], 96.0);
  EXPECT_EQ(t.data[1], 1.0);
  // Block {0.1, 0.01}: s = -4 - 8 = -12; 0.1 * 4096 = 409.6 -> 416 (step 32
  // in [256, 512)); 0.01 * 4096 = 40.96 -> 40.
  EXPECT_EQ(t.data[2], 416.0 / 4096);
  EXPECT_EQ(t.data[3], 40.0 / 4096);
  // Block {3, 0.2}: s = 1 - 8 = -7; 0.2 * 128 = 25.6 -> 26.
  EXPECT_EQ(t.data[5], 26.0 / 128);
  // Block {1e-9, 0}: scale clamped to 2^-127 would not bind; 1e-9 exact-ish.
  EXPECT_EQ(t.data[7], 0.0);
}

TEST(MX, Int8AndSpecials) {
  Tensor t{{1.0, -0.75, 0.3, 1.99}, {4}, ElemType::F32};
  MX mx;
  mx.element = MXElement::INT8;
  mx.apply(t, 0, 0, 0);
  // s = 0 - 0 = 0: fixed<8, 6>: 0.3 * 64 = 19.2 -> 19; 1.99 * 64 = 127.36 -> 127.
  EXPECT_EQ(t.data, (std::vector<double>{1.0, -0.75, 19.0 / 64, 127.0 / 64}));

  Tensor s{{1.0, INFINITY, 2.0, 3.0}, {4}, ElemType::F32};
  mx.blockSize = 2;
  mx.apply(s, 0, 0, 0);
  EXPECT_TRUE(std::isnan(s.data[0]) && std::isnan(s.data[1]));
  EXPECT_EQ(s.data[2], 2.0);
  EXPECT_EQ(s.data[3], 3.0);
}

TEST(BlockFloat, Table) {
  // E = floor(log2 0.9) = -1; step 2^(-1 - 4 + 2) = 1/8; k in [-8, 7].
  Tensor t{{0.9, 0.1, -0.5, -0.97}, {4}, ElemType::F32};
  BlockFloat b;
  b.bits = 4;
  b.apply(t, 0, 0, 0);
  EXPECT_EQ(t.data, (std::vector<double>{0.875, 0.125, -0.5, -1.0}));
}

TEST(Blocks, Iteration) {
  std::vector<std::vector<int64_t>> blocks;
  forEachBlock({2, 5}, 1, 2, [&](const std::vector<int64_t> &idx) {
    blocks.push_back(idx);
  });
  EXPECT_EQ(blocks, (std::vector<std::vector<int64_t>>{
                        {0, 1}, {2, 3}, {4}, {5, 6}, {7, 8}, {9}}));
  blocks.clear();
  forEachBlock({3, 2}, 0, 2, [&](const std::vector<int64_t> &idx) {
    blocks.push_back(idx);
  });
  EXPECT_EQ(blocks, (std::vector<std::vector<int64_t>>{
                        {0, 2}, {4}, {1, 3}, {5}}));
}

} // namespace

namespace {
/// One MX block per value (block size 1), so each value is its block's
/// maximum A; every mode's figure worked out by hand below.
std::vector<double> mxEach(MXElement element, MXScaleRounding mode,
                           std::vector<double> values) {
  Tensor t{values, {int64_t(values.size())}, ElemType::F32};
  MX mx;
  mx.element = element;
  mx.blockSize = 1;
  mx.scaleRounding = mode;
  mx.apply(t, 0, 0, 0);
  return t.data;
}
} // namespace

TEST(MX, ScaleRoundingFp4) {
  // E2M1: emax 2, 1 significand bit, values 0, 0.5, 1, 1.5, 2, 3, 4, 6.
  // A = 5: e = 2. floor, even (1.25 < 1.75), rceil (5 * fl(1/6) = 0.83 ->
  // 2^0): s = 0, 5 ties to 4. ceil: s = 1, 2.5 ties to 2 -> 4.
  // A = 7: floor s = 0 saturates to 6; ceil, even (1.75 >= 1.75 carries),
  // rceil (7/6 -> 2^1): s = 1, 3.5 ties to 4 -> 8.
  // A = 6: floor, even, rceil (6 * fl(1/6) = 1.0000000298 rounds to 1.0
  // in f32 -> 2^0): s = 0 -> 6; ceil: s = 1, 3 -> 6.
  // A = 0.75: floor s = -3 -> 6/8; ceil s = -2 -> 3/4; even -3; rceil
  // (0.125000004 -> 0.125 in f32 -> 2^-3) -> 0.75 in every mode.
  std::vector<double> in = {5.0, 7.0, 6.0, 0.75};
  std::vector<double> floor = {4.0, 6.0, 6.0, 0.75};
  std::vector<double> high = {4.0, 8.0, 6.0, 0.75};
  EXPECT_EQ(mxEach(MXElement::FP4E2M1, MXScaleRounding::Floor, in), floor);
  EXPECT_EQ(mxEach(MXElement::FP4E2M1, MXScaleRounding::Ceil, in), high);
  EXPECT_EQ(mxEach(MXElement::FP4E2M1, MXScaleRounding::Even, in), high);
  EXPECT_EQ(mxEach(MXElement::FP4E2M1, MXScaleRounding::RCeil, in), high);
}

TEST(MX, ScaleRoundingFp8) {
  // E4M3: emax 8, 3 significand bits, largest 448.
  // A = 480 = 1.875 * 2^8: floor and even (1.875 < 1.9375) s = 0,
  // saturating to 448; ceil and rceil (480 * fl(1/448) = 1.0714 -> 2^1)
  // s = 1: 240 -> 480.
  // A = 496 = 1.9375 * 2^8: even carries too: s = 1, 248 ties to 256 ->
  // 512 (ceil, rceil alike); floor saturates to 448.
  std::vector<double> in = {480.0, 496.0};
  EXPECT_EQ(mxEach(MXElement::FP8E4M3, MXScaleRounding::Floor, in),
            (std::vector<double>{448.0, 448.0}));
  EXPECT_EQ(mxEach(MXElement::FP8E4M3, MXScaleRounding::Even, in),
            (std::vector<double>{448.0, 512.0}));
  EXPECT_EQ(mxEach(MXElement::FP8E4M3, MXScaleRounding::Ceil, in),
            (std::vector<double>{480.0, 512.0}));
  EXPECT_EQ(mxEach(MXElement::FP8E4M3, MXScaleRounding::RCeil, in),
            (std::vector<double>{480.0, 512.0}));
}

TEST(MX, ScaleExponentEdges) {
  MX mx;
  mx.element = MXElement::FP4E2M1;
  // An all-zero block takes -emax in every mode.
  for (MXScaleRounding mode : {MXScaleRounding::Floor, MXScaleRounding::Ceil,
                               MXScaleRounding::Even, MXScaleRounding::RCeil}) {
    mx.scaleRounding = mode;
    EXPECT_EQ(mx.scaleExponent(0.0, ElemType::F32), -2);
  }
  // Clamped to E8M0's range; rceil's product underflows to 0 in f32.
  mx.scaleRounding = MXScaleRounding::Ceil;
  EXPECT_EQ(mx.scaleExponent(0x1p127, ElemType::F32), 125);
  EXPECT_EQ(mx.scaleExponent(0x1p-140, ElemType::F32), -127);
  mx.scaleRounding = MXScaleRounding::RCeil;
  EXPECT_EQ(mx.scaleExponent(0x1p-149, ElemType::F32), -127);
  EXPECT_EQ(mx.scaleExponent(6.0, ElemType::F64), 0);
  // In f64, 6 * fl(1/6) rounds to at most 1: s = 0. In f32, 1/6 is
  // rounded once (1.0f / 6.0f).
  EXPECT_EQ(MX::rceilReciprocal(MXElement::FP4E2M1, ElemType::F32),
            double(1.0f / 6.0f));
}

TEST(ScaledFloat, RowwiseE4M3) {
  // Rows along the last axis. Row 0: A = 3, s = f32(448 / 3) = 149.33333;
  // x * s in f32 = 149.33333, 298.66666, -448, 74.666664 -> E4M3 144, 288,
  // -448, 72 -> / s in f32 (numpy float32 gives the same quotients).
  // Row 1 holds NaN: all NaN.
  Tensor t{{1.0, 2.0, -3.0, 0.5, 1.0, NAN, 2.0, 3.0}, {2, 4}, ElemType::F32};
  ScaledFloat f;
  f.apply(t, 1);
  EXPECT_EQ(f.scale(3.0), double(149.33333f));
  EXPECT_EQ(t.data[0], double(144.0f / 149.33333f));
  EXPECT_EQ(t.data[1], double(288.0f / 149.33333f));
  EXPECT_EQ(t.data[2], -3.0);
  EXPECT_EQ(t.data[3], double(72.0f / 149.33333f));
  for (int i = 4; i < 8; ++i)
    EXPECT_TRUE(std::isnan(t.data[i])) << i;
  // A = 0 uses 1e-12: s = f32(4.48e14).
  EXPECT_EQ(f.scale(0.0), double(4.48e14f));
  // E5M2 (M = 57344) along axis 0 of f64 values: the products in f64.
  Tensor d{{1.0, -0.25}, {2, 1}, ElemType::F64};
  ScaledFloat g;
  g.element = MXElement::FP8E5M2;
  g.apply(d, 0);
  EXPECT_EQ(d.data[0], 1.0); // s = 57344: x * s = 57344 exactly
  EXPECT_EQ(d.data[1], -0.25);
}
