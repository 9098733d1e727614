//===- BFloat16BoundaryTest.cpp - bf16 at tq-run's boundary ---------------===//
//
// NumPy has no bfloat16: a bf16 argument takes floats, rounded to nearest
// even (tq::toBFloat16), or uint16 bit patterns; bf16 results read exactly
// as doubles and are written as f4. The expected bit patterns are worked out
// by hand, not by APFloat (which the conversion uses); the last test passes
// them through a compiled function.
//
//===----------------------------------------------------------------------===//

#include "tq/Runner/Npy.h"
#include "tq/Runner/Runner.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "gtest/gtest.h"

#include <cmath>
#include <cstring>

namespace {

template <typename T>
tq::NpyArray makeArray(char kind, const std::vector<T> &values) {
  tq::NpyArray a;
  a.name = "test";
  a.kind = kind;
  a.itemSize = sizeof(T);
  a.shape = {int64_t(values.size())};
  a.data.resize(values.size() * sizeof(T));
  std::memcpy(a.data.data(), values.data(), a.data.size());
  return a;
}

tq::NpyArray fromBits(const std::vector<uint32_t> &bits) {
  return makeArray('f', bits);
}

std::vector<uint16_t> bitsOf(const tq::NpyArray &a) {
  std::vector<uint16_t> b(a.numElements());
  std::memcpy(b.data(), a.data.data(), 2 * b.size());
  return b;
}

// Each f32 bit pattern and its bfloat16, rounded to nearest even.
const std::vector<std::pair<uint32_t, uint16_t>> kCases = {
    {0x3F800000, 0x3F80}, // 1: exact
    {0x3F808000, 0x3F80}, // 1 + 2^-8: a tie, to the even 1
    {0x3F818000, 0x3F82}, // 1 + 3 * 2^-8: a tie, up to the even 0x3F82
    {0x3F808001, 0x3F81}, // just above the tie: up
    {0x3F80FFFF, 0x3F81}, // below the next bfloat16, nearer to it
    {0xBF808000, 0xBF80}, // -(1 + 2^-8): ties to even, sign kept
    {0x7F7F7FFF, 0x7F7F}, // just below the midpoint: the largest bfloat16
    {0x7F7F8000, 0x7F80}, // the midpoint to 2^128: ties to even, infinity
    {0x7F7FFFFF, 0x7F80}, // FLT_MAX overflows to infinity
    {0xFF7FFFFF, 0xFF80}, // -FLT_MAX to -infinity
    {0x7F800000, 0x7F80}, // infinity
    {0x00008000, 0x0000}, // half the smallest subnormal: a tie, to 0
    {0x00018000, 0x0002}, // 1.5 subnormal steps: a tie, to the even 2
    {0x80000000, 0x8000}, // -0
};

TEST(BFloat16Boundary, RoundsF32ToNearestEven) {
  std::vector<uint32_t> in;
  for (auto [f, b] : kCases)
    in.push_back(f);
  llvm::Expected<tq::NpyArray> out = tq::toBFloat16(fromBits(in));
  ASSERT_TRUE(bool(out)) << llvm::toString(out.takeError());
  EXPECT_TRUE(out->bfloat16);
  EXPECT_EQ(out->kind, 'f');
  EXPECT_EQ(out->itemSize, 2u);
  EXPECT_EQ(out->shape, llvm::SmallVector<int64_t>{int64_t(in.size())});
  std::vector<uint16_t> got = bitsOf(*out);
  for (size_t i = 0; i < kCases.size(); ++i)
    EXPECT_EQ(got[i], kCases[i].second)
        << std::hex << "f32 0x" << kCases[i].first;
}

TEST(BFloat16Boundary, NaNStaysNaN) {
  // Truncating 0x7F800001 (a signaling NaN whose payload lies in the low
  // half) would give infinity.
  std::vector<uint32_t> nans = {0x7FC00000, 0xFFC00000, 0x7F800001, 0xFF800001,
                                0x7FFFFFFF};
  llvm::Expected<tq::NpyArray> out = tq::toBFloat16(fromBits(nans));
  ASSERT_TRUE(bool(out)) << llvm::toString(out.takeError());
  std::vector<uint16_t> got = bitsOf(*out);
  for (size_t i = 0; i < nans.size(); ++i) {
    EXPECT_EQ(got[i] & 0x7F80, 0x7F80) << i;
    EXPECT_NE(got[i] & 0x007F, 0) << i; // not infinity
    EXPECT_EQ(got[i] >> 15, nans[i] >> 31) << i;
    EXPECT_TRUE(std::isnan(out->getDouble(i))) << i;
  }
}

TEST(BFloat16Boundary, RoundsF64AndF16Once) {
  // 1 + 2^-8 + 2^-30 is above the tie: up. Through f32 it would lose the
  // 2^-30 and tie to 1.
  llvm::Expected<tq::NpyArray> d = tq::toBFloat16(makeArray(
      'f', std::vector<double>{1 + 0x1p-8 + 0x1p-30, 1e300, -1e-300}));
  ASSERT_TRUE(bool(d)) << llvm::toString(d.takeError());
  EXPECT_EQ(bitsOf(*d), (std::vector<uint16_t>{0x3F81, 0x7F80, 0x8000}));
  // f16 bit patterns: 1 + 2^-8 (a tie: to 1), 1 + 3 * 2^-8 (a tie: up),
  // 65504 (0x477FE0 in f32: 0x4780 = 65536).
  llvm::Expected<tq::NpyArray> h = tq::toBFloat16(
      makeArray('f', std::vector<uint16_t>{0x3C04, 0x3C0C, 0x7BFF}));
  ASSERT_TRUE(bool(h)) << llvm::toString(h.takeError());
  EXPECT_EQ(bitsOf(*h), (std::vector<uint16_t>{0x3F80, 0x3F82, 0x4780}));
}

TEST(BFloat16Boundary, BitPatternsAndOtherDtypes) {
  // u2 elements are bfloat16 bit patterns, as ONNX's test data store them.
  std::vector<uint16_t> bits = {0x3EF5, 0x7FC0, 0xFF80, 0x0001};
  llvm::Expected<tq::NpyArray> u = tq::toBFloat16(makeArray('u', bits));
  ASSERT_TRUE(bool(u)) << llvm::toString(u.takeError());
  EXPECT_EQ(bitsOf(*u), bits);
  EXPECT_EQ(u->getDouble(0), 0.478515625);
  EXPECT_TRUE(std::isnan(u->getDouble(1)));
  EXPECT_EQ(u->getDouble(2), -INFINITY);
  EXPECT_EQ(u->getDouble(3), std::ldexp(1.0, -133)); // the smallest subnormal
  EXPECT_EQ(u->descr(), "bfloat16");

  llvm::Expected<tq::NpyArray> i =
      tq::toBFloat16(makeArray('i', std::vector<int32_t>{1, 2}));
  ASSERT_FALSE(bool(i));
  EXPECT_EQ(llvm::toString(i.takeError()),
            "test has dtype <i4; bfloat16 takes floats (f2, f4, f8; rounded "
            "to nearest even) or bit patterns (u2)");
}

TEST(BFloat16Boundary, WrittenAsF32Exactly) {
  tq::NpyArray a = *tq::toBFloat16(
      makeArray('u', std::vector<uint16_t>{0x3EF5, 0xC2F7, 0x7F80, 0x0001}));
  llvm::SmallString<128> path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("bf16", "npy", path));
  ASSERT_FALSE(bool(tq::writeNpy(path, a)));
  llvm::Expected<tq::NpyArray> back = tq::readNpy(path);
  llvm::sys::fs::remove(path);
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->descr(), "<f4");
  EXPECT_FALSE(back->bfloat16);
  EXPECT_EQ(back->shape, a.shape);
  for (int64_t k = 0; k < a.numElements(); ++k)
    EXPECT_EQ(back->getDouble(k), a.getDouble(k)) << k;
}

// Through a compiled function: f32 in, rounded at the boundary; the bf16
// argument comes back as it is (result 0) and widened to f32 inside
// (result 1). (Not rounded to bf16 inside: on a CPU with AVX512-BF16 LLVM
// lowers fptrunc to bfloat to vcvtneps2bf16, which flushes subnormals.)
TEST(BFloat16Boundary, ThroughCompiledFunction) {
  std::unique_ptr<mlir::MLIRContext> context = tq::createRunnerContext();
  const int n = int(kCases.size()) + 1;
  std::string t = "tensor<" + std::to_string(n) + "x";
  std::string source =
      "func.func @main(%x: " + t + "bf16>) -> (" + t + "bf16>, " + t +
      "f32>) {\n"
      "  %w = tosa.cast %x : (" + t + "bf16>) -> " + t + "f32>\n"
      "  return %x, %w : " + t + "bf16>, " + t + "f32>\n"
      "}\n";
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(source, context.get());
  ASSERT_TRUE(module);
  auto model = tq::CompiledModel::compile(std::move(module), {});
  ASSERT_TRUE(bool(model)) << llvm::toString(model.takeError());
  ASSERT_EQ((*model)->arguments().size(), 1u);
  EXPECT_TRUE((*model)->arguments()[0].bfloat16);

  std::vector<uint32_t> in;
  for (auto [f, b] : kCases)
    in.push_back(f);
  in.push_back(0x7F800001); // a NaN that truncation would make infinity
  auto outputs = (*model)->run({fromBits(in)});
  ASSERT_TRUE(bool(outputs)) << llvm::toString(outputs.takeError());
  ASSERT_EQ(outputs->size(), 2u);
  const tq::NpyArray &b = (*outputs)[0], &w = (*outputs)[1];
  EXPECT_TRUE(b.bfloat16);
  EXPECT_EQ(b.descr(), "bfloat16");
  EXPECT_EQ(w.descr(), "<f4");
  std::vector<uint16_t> got = bitsOf(b);
  for (size_t i = 0; i < kCases.size(); ++i) {
    EXPECT_EQ(got[i], kCases[i].second)
        << std::hex << "f32 0x" << kCases[i].first;
    uint32_t widened = uint32_t(kCases[i].second) << 16;
    float f;
    std::memcpy(&f, &widened, 4);
    EXPECT_EQ(w.getDouble(i), double(f)) << i;
    EXPECT_EQ(b.getDouble(i), double(f)) << i;
  }
  EXPECT_TRUE(std::isnan(b.getDouble(n - 1)));
  EXPECT_TRUE(std::isnan(w.getDouble(n - 1)));

  // Integers are no bfloat16.
  auto bad = (*model)->run({makeArray('i', std::vector<int32_t>(n, 1))});
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "input 0 (test): dtype <i4 does not match argument 0 of @main, " +
                t + "bf16> (dtype bfloat16: floats, rounded to nearest even, "
                    "or u2 bit patterns)");

  // Random inputs are bfloat16 already, in [-1, 1).
  std::vector<tq::NpyArray> random = (*model)->randomInputs(7);
  ASSERT_EQ(random.size(), 1u);
  EXPECT_TRUE(random[0].bfloat16);
  for (int64_t k = 0; k < n; ++k) {
    double v = random[0].getDouble(k);
    EXPECT_TRUE(v >= -1 && v < 1) << v;
  }
}

} // namespace
