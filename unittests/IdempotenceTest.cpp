//===- IdempotenceTest.cpp - isIdempotent against the reference -----------===//
//
// QuantizeOp::fold folds q(q(x)) to q(x) when the quantizer says it is
// idempotent for the element type. Here every rounding mode of the block
// formats is run twice through the reference on random blocks built to hit
// the boundaries (largest magnitudes just below a power of two, both signs):
// a claim of idempotence must hold bit for bit, and for the modes that do
// not claim it a counterexample exists (so the claim is not merely
// conservative where it matters). The fuzz target found bfp,4,down.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"

#include "TestUtil.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>
#include <set>

using tq::test::sameValue;

namespace {

/// A 4x8 tensor (blocks of 4 along axis 0 when the spec says so): each
/// column's largest magnitude lies in (2^k - 2^(k-6), 2^k), the others are
/// random multiples of small powers of two below it, with random signs.
tq::ref::Tensor randomBlocks(std::mt19937_64 &rng, tq::ref::ElemType elem) {
  std::uniform_int_distribution<int> exponent(-20, 20), small(0, 63),
      sign(0, 1), steps(1, 30);
  tq::ref::Tensor t;
  t.elem = elem;
  t.shape = {4, 8};
  t.data.assign(32, 0.0);
  for (int col = 0; col < 8; ++col) {
    int k = exponent(rng);
    for (int row = 0; row < 4; ++row) {
      double mag = row == 0 ? std::ldexp(64.0 - small(rng) / 64.0, k - 6)
                            : std::ldexp(double(steps(rng)), k - 5 - row);
      t.data[row * 8 + col] = sign(rng) ? -mag : mag;
    }
  }
  return t;
}

struct Outcome {
  bool claimed = false;
  int counterexamples = 0;
  std::string first;
};

Outcome check(mlir::MLIRContext &ctx, llvm::StringRef spec, mlir::Type type) {
  tq::QuantizerStringError error;
  tq::QuantizerAttrInterface q = tq::parseQuantizerString(&ctx, spec, error);
  EXPECT_TRUE(q) << spec.str() << ": " << error.message;
  Outcome out;
  if (!q)
    return out;
  out.claimed = q.isIdempotent(type);
  std::mt19937_64 rng(1234);
  for (int trial = 0; trial < 400; ++trial) {
    tq::ref::Tensor t = randomBlocks(rng, *tq::getRefElemType(type));
    tq::ref::roundTensorToElement(t);
    q.evaluate(t, /*seed=*/0, /*offset=*/0);
    tq::ref::roundTensorToElement(t);
    tq::ref::Tensor again = t;
    q.evaluate(again, 0, 0);
    tq::ref::roundTensorToElement(again);
    for (size_t i = 0; i < t.data.size(); ++i)
      if (!sameValue(t.data[i], again.data[i])) {
        if (out.counterexamples++ == 0)
          out.first = std::to_string(t.data[i]) + " then " +
                      std::to_string(again.data[i]);
        break;
      }
  }
  return out;
}

TEST(Idempotence, BlockFormatsHoldTheirClaim) {
  mlir::MLIRContext ctx;
  ctx.getOrLoadDialect<tq::TQDialect>();
  mlir::Builder b(&ctx);
  const char *modes[] = {"nearest_even", "nearest_away", "toward_zero",
                         "down",         "up",           "odd"};
  // The modes whose claim is false must show why on these blocks.
  std::set<std::string> mustFail = {"bfp,4,axis=0,block=4,nearest_even",
                                    "bfp,4,axis=0,block=4,nearest_away",
                                    "bfp,4,axis=0,block=4,down",
                                    "bfp,8,axis=0,block=4,nearest_even",
                                    "bfp,8,axis=0,block=4,down",
                                    "mxint8,axis=0,block=4,nearest_even",
                                    "mxint8,axis=0,block=4,down"};
  int claims = 0;
  mlir::Type types[] = {b.getF32Type(), b.getF64Type()};
  for (mlir::Type type : types)
    for (const char *base :
         {"bfp,2", "bfp,4", "bfp,8", "mxfp4", "mxfp8", "mxint8"})
      for (const char *mode : modes)
        for (const char *scale : {"", ",scale_rounding=ceil", ",scale_rounding=even"}) {
          bool isMX = llvm::StringRef(base).starts_with("mx");
          if (!isMX && *scale)
            continue;
          std::string spec = std::string(base) + ",axis=0,block=4," + mode;
          if (isMX)
            spec = std::string(base) + scale + ",axis=0,block=4," + mode;
          Outcome o = check(ctx, spec, type);
          claims += o.claimed;
          if (o.claimed) {
            EXPECT_EQ(o.counterexamples, 0)
                << spec << " on f" << type.getIntOrFloatBitWidth()
                << " claims idempotence: " << o.first;
          }
          if (mustFail.count(spec)) {
            EXPECT_FALSE(o.claimed || o.counterexamples == 0)
                << spec << " on f" << type.getIntOrFloatBitWidth();
          }
        }
  // bfp: 3 modes x 3 widths x 2 types; mx: floor (the default) and ceil
  // scale rounding, every mode, 3 formats, 2 types, less mxint8's floor
  // with nearest_even, nearest_away and down.
  EXPECT_EQ(claims, 3 * 3 * 2 + 2 * 6 * 3 * 2 - 3 * 2);
}

} // namespace
