//===- ScaledBlocksTest.cpp - NVFP4, float block scales, group-wise ints --===//
//
// The reference of the formats with float scales against independent
// oracles: every E4M3 / E5M2 block scale against LLVM's APFloat conversion,
// NVFP4 against a table computed with Transformer Engine's formulas, group-
// wise integers against GPTQ's quantizer run in PyTorch
// (test/Dialect/TQ/Inputs/new_formats_oracle.py); their strings and
// storage per element.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Reference/Reference.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/APFloat.h"

#include "TestUtil.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>

using namespace tq::ref;
using tq::test::sameValue;

namespace {


TEST(BlockScaled, ScalesMatchAPFloat) {
  // s_b = scale(min(c(c(A_b / 6) * S), Ms)) for random block and tensor
  // maxima: the scale conversion against APFloat's.
  std::mt19937_64 rng(2026);
  std::uniform_real_distribution<double> logDist(-30, 30);
  for (MXElement scale : {MXElement::FP8E4M3, MXElement::FP8E5M2}) {
    BlockScaled f;
    f.scale = scale;
    const llvm::fltSemantics &sem = scale == MXElement::FP8E4M3
                                        ? llvm::APFloat::Float8E4M3FN()
                                        : llvm::APFloat::Float8E5M2();
    double ms = scale == MXElement::FP8E4M3 ? 448.0 : 57344.0;
    for (int i = 0; i < 20000; ++i) {
      float at = float(std::exp2(logDist(rng)));
      float ab = float(at * std::ldexp(double(rng() >> 11), -53));
      double S = f.tensorEncodeScale(at, ElemType::F32);
      ASSERT_EQ(S, double(std::min(float(ms * 6.0) / at,
                                   std::numeric_limits<float>::max())));
      float d = std::min((ab / 6.0f) * float(S), float(ms));
      // d <= Ms: APFloat's nearest-even conversion needs no saturation.
      ASSERT_EQ(f.blockDecodeScale(ab, S, ElemType::F32),
                tq::test::apfloatConvert(
                    d, sem, llvm::APFloat::rmNearestTiesToEven))
          << ab << " " << at;
    }
  }
}

TEST(BlockScaled, NVFP4Table) {
  // Blocks of 4 (new_formats_oracle.py gives the same with TE's formulas in
  // PyTorch): S = 2688 / 3 = 896; block 0: s_b = 448, e_b = 2; block 1:
  // s_b = e4m3(37.33) = 36, e_b = f32(896 / 36).
  Tensor t{{1.0, 2.0, -3.0, 0.7f, 0.25, 0.1f, 0.0, -0.01f}, {2, 4},
           ElemType::F32};
  BlockScaled f;
  f.blockSize = 4;
  EXPECT_EQ(f.tensorEncodeScale(3.0, ElemType::F32), 896.0);
  EXPECT_EQ(f.blockDecodeScale(3.0, 896.0, ElemType::F32), 448.0);
  EXPECT_EQ(f.blockDecodeScale(0.25, 896.0, ElemType::F32), 36.0);
  f.apply(t, 1, 0, 0);
  const double want[] = {1.0, 2.0, -3.0, 0.75, double(6.0f * 36.0f / 896.0f),
                         double(2.0f * 36.0f / 896.0f), 0.0, -0.0};
  for (int i = 0; i < 8; ++i)
    EXPECT_TRUE(sameValue(t.data[i], want[i])) << i << ": " << t.data[i];
  // One Inf anywhere: every block NaN. Without the tensor scale only its
  // block; [1, 2] has s_b = e4m3(2 / 6) = 0.34375 (step 1/32), e_b =
  // f32(1 / 0.34375) = 2.909091: 2.91, 5.82 -> E2M1 3, 6 -> 1.03125, 2.0625.
  Tensor u{{1.0, 2.0, INFINITY, 4.0}, {4}, ElemType::F32};
  Tensor v = u;
  f.blockSize = 2;
  f.apply(u, 0, 0, 0);
  for (double y : u.data)
    EXPECT_TRUE(std::isnan(y));
  f.tensorScale = false;
  f.apply(v, 0, 0, 0);
  EXPECT_EQ(v.data[0], 1.03125);
  EXPECT_EQ(v.data[1], 2.0625);
  EXPECT_TRUE(std::isnan(v.data[2]) && std::isnan(v.data[3]));
}

TEST(BlockScaled, StaticAmaxOfTheTensorIsTheMeasuredScale) {
  // A static amax equal to the tensor's largest magnitude gives the
  // measured result, element for element, for every element type.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> dist(0.0, 3.0);
  for (ElemType elem :
       {ElemType::F16, ElemType::BF16, ElemType::F32, ElemType::F64}) {
    Tensor t{{}, {8, 48}, elem};
    double amax = 0;
    for (int i = 0; i < 8 * 48; ++i) {
      t.data.push_back(roundToElement(dist(rng), elem));
      amax = std::max(amax, std::fabs(t.data.back()));
    }
    BlockScaled f;
    Tensor measured = t, fixed = t;
    f.apply(measured, 1, 0, 0);
    f.tensorAmax = amax;
    f.apply(fixed, 1, 0, 0);
    for (size_t i = 0; i < t.data.size(); ++i)
      ASSERT_TRUE(sameValue(measured.data[i], fixed.data[i])) << i;
    // Half of it: the largest magnitudes saturate at the new amax.
    f.tensorAmax = *f.tensorAmax / 2;
    fixed = t;
    f.apply(fixed, 1, 0, 0);
    double largest = 0;
    for (double y : fixed.data)
      largest = std::max(largest, std::fabs(y));
    EXPECT_LE(largest, *f.tensorAmax * (1 + 1e-6));
  }
}

TEST(BlockScaled, StochasticIsUnbiasedOnAverage) {
  // x = 1.25 * s_b in a block whose maximum is 6 s_b: E2M1 neighbours 1
  // and 1.5, each taken with probability 1/2 (to 2^-32).
  BlockScaled f;
  f.tensorScale = false;
  f.rounding = Rounding::Stochastic;
  f.blockSize = 2;
  Tensor t{{}, {2000, 2}, ElemType::F32};
  for (int i = 0; i < 2000; ++i)
    t.data.insert(t.data.end(), {6.0, 1.25});
  f.apply(t, 1, 7, 0);
  int up = 0;
  for (int i = 0; i < 2000; ++i) {
    EXPECT_EQ(t.data[2 * i], 6.0);
    ASSERT_TRUE(t.data[2 * i + 1] == 1.0 || t.data[2 * i + 1] == 1.5);
    up += t.data[2 * i + 1] == 1.5;
  }
  EXPECT_GT(up, 900);
  EXPECT_LT(up, 1100);
}

TEST(GroupInt, MatchesGPTQInPyTorch) {
  // new_formats_oracle.py: GPTQ's find_params / quantize in float32 with
  // the scale rounded through float16 (bfloat16 for the last).
  const std::vector<double> w = {0.31f, -0.12f, 0.05f, 0.77f, -0.4f, 0.0,
                                 0.2f,  0.9f,   1.5,   2.5,   3.0,   1.25,
                                 -0.001f, 0.002f, 0.0, 0.0};
  struct Case {
    int bits;
    int64_t group;
    bool symmetric;
    ElemType scale;
    std::vector<double> want;
  } cases[] = {
      {4, 4, false, ElemType::F16,
       {0.296630859375, -0.11865234375, 0.059326171875, 0.771240234375,
        -0.433349609375, 0.0, 0.17333984375, 0.86669921875, 1.599609375,
        2.599365234375, 2.999267578125, 1.19970703125,
        -0.0010001659393310547, 0.0020003318786621094, 0.0, 0.0}},
      {4, 4, true, ElemType::F16,
       {0.3079833984375, -0.1026611328125, 0.0, 0.7186279296875,
        -0.3599853515625, 0.0, 0.239990234375, 0.8399658203125,
        1.599609375, 2.3994140625, 2.79931640625, 1.19970703125,
        -0.0010662078857421875, 0.0018658638000488281, 0.0, 0.0}},
      {3, 8, false, ElemType::BF16,
       {0.37109375, -0.185546875, 0.0, 0.7421875, -0.37109375, 0.0,
        0.185546875, 0.927734375, 1.2890625, 2.578125, 3.0078125, 1.2890625,
        0.0, 0.0, 0.0, 0.0}},
  };
  for (const Case &c : cases) {
    GroupInt g;
    g.bits = c.bits;
    g.groupSize = c.group;
    g.symmetric = c.symmetric;
    g.scaleType = c.scale;
    Tensor t{w, {2, 8}, ElemType::F32};
    g.apply(t, 1);
    for (size_t i = 0; i < w.size(); ++i)
      EXPECT_TRUE(sameValue(t.data[i], c.want[i]))
          << c.bits << "," << c.group << " at " << i << ": " << t.data[i];
  }
}

TEST(GroupInt, ScaleAndZero) {
  GroupInt g; // 4 bits, asymmetric, f16 scale
  // lo = -1, hi = 2: s = f16(3 / 15) = 0.199951171875, z = round(1 / s) = 5.
  auto [s, z] = g.scaleAndZero(-1.0, 2.0, ElemType::F32);
  EXPECT_EQ(s, 0.199951171875);
  EXPECT_EQ(z, 5);
  // All positive: lo = 0, z = 0.
  EXPECT_EQ(g.scaleAndZero(1.0, 3.0, ElemType::F32).second, 0);
  // All zero: lo = -1, hi = 1.
  EXPECT_EQ(g.scaleAndZero(0.0, 0.0, ElemType::F32).first,
            double(_Float16(2.0f / 15.0f)));
  // A scale below f16's range takes its smallest subnormal, 2^-24.
  EXPECT_EQ(g.scaleAndZero(0.0, 1e-12, ElemType::F32).first, std::ldexp(1.0, -24));
  // Symmetric: z = 2^(bits-1), s from 2 max|x|.
  g.symmetric = true;
  auto [ss, zs] = g.scaleAndZero(-3.0, 1.0, ElemType::F32);
  EXPECT_EQ(ss, double(_Float16(6.0f / 15.0f)));
  EXPECT_EQ(zs, 8);
}

TEST(NewFormats, StringsAndBits) {
  mlir::MLIRContext ctx;
  struct Case {
    const char *spec, *canonical;
    double bits;
  } cases[] = {
      {"nvfp4", "nvfp4", 4.5},
      {"nvfp4,stochastic,axis=0", "nvfp4,axis=0,stochastic", 4.5},
      {"nvfp4,amax=2.5,up", "nvfp4,up,amax=2.5", 4.5},
      {"mxfp8,scale=fp8_e5m2,tensor_scale,amax=1e3",
       "mxfp8,scale=fp8_e5m2,tensor_scale,amax=1000", 8.25},
      {"mxfp4,block=16,scale=fp8_e4m3", "mxfp4,block=16,scale=fp8_e4m3", 4.5},
      {"mxfp8,scale=fp8_e5m2,tensor_scale", "mxfp8,scale=fp8_e5m2,tensor_scale",
       8.25},
      {"int4_g128", "int4_g128", 4.0 + 20.0 / 128.0},
      {"int4_g128,sym", "int4_g128,sym", 4.0 + 16.0 / 128.0},
      {"int8_g32,scale=f32,axis=0", "int8_g32,scale=f32,axis=0", 8.0 + 40.0 / 32.0},
      {"fp8_e4m3_tensorwise", "fp8_e4m3_tensorwise", 8.0},
  };
  for (const Case &c : cases) {
    tq::QuantizerStringError error;
    tq::QuantizerAttrInterface q = tq::parseQuantizerString(&ctx, c.spec, error);
    ASSERT_TRUE(q) << c.spec << ": " << error.message;
    EXPECT_EQ(q.getSpec(), c.canonical);
    EXPECT_EQ(q.getBitsPerElement(), c.bits) << c.spec;
    tq::QuantizerAttrInterface again =
        tq::parseQuantizerString(&ctx, q.getSpec(), error);
    EXPECT_EQ(again, q) << c.spec;
  }
}

} // namespace
