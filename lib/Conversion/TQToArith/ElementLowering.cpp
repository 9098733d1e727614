//===- ElementLowering.cpp - One quantizer on one value, in arith ---------===//
//
// Mirrors lib/Reference/Reference.cpp operation for operation, on scalars or
// vectors. The integer paths (roundToQuantum, ilogb) decompose the IEEE
// encoding exactly as the reference decomposes a double with frexp; results
// are rebuilt from an integer significand and a power of two, which is exact
// whenever the value is representable, and rounded into the element type
// once, so no double rounding can occur.
//
//===----------------------------------------------------------------------===//

#include "tq/Conversion/TQToArith/ElementLowering.h"
#include "tq/Conversion/TQToArith/QuantizerLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APInt.h"

#include <cmath>

using namespace mlir;
using namespace tq;

Type tq::getComputeType(QuantizerAttrInterface q, Type element) {
  if (auto lowering = dyn_cast<QuantizerLoweringInterface>(q))
    return lowering.getComputeType(element);
  Builder b(element.getContext());
  return element.isF64() ? Type(b.getF64Type()) : Type(b.getF32Type());
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

Type ElementLowering::typeOf(Type element) const {
  if (shape.empty())
    return element;
  return VectorType::get(shape, element);
}

Value ElementLowering::constF(Type element, double value) {
  auto ft = cast<FloatType>(element);
  APFloat v(value);
  bool lost;
  v.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
  Type t = typeOf(element);
  if (shape.empty())
    return arith::ConstantOp::create(b, loc, t, b.getFloatAttr(element, v));
  return arith::ConstantOp::create(
      b, loc, t, DenseElementsAttr::get(cast<ShapedType>(t), v));
}

Value ElementLowering::constI(Type element, int64_t value) {
  Type t = typeOf(element);
  APInt v(element.getIntOrFloatBitWidth(), uint64_t(value), /*isSigned=*/false,
          /*implicitTrunc=*/true);
  if (shape.empty())
    return arith::ConstantOp::create(b, loc, t, b.getIntegerAttr(element, v));
  return arith::ConstantOp::create(
      b, loc, t, DenseElementsAttr::get(cast<ShapedType>(t), v));
}

ElementLowering::FloatInfo ElementLowering::info(Type c) const {
  Type e = getElementTypeOrSelf(c);
  if (e.isF64())
    return {64, 52, 1023, -1022, 1023};
  return {32, 23, 127, -126, 127};
}

Type ElementLowering::intTypeFor(Type c) const {
  return b.getIntegerType(info(c).width);
}

Value ElementLowering::bitcast(Value v, Type element) {
  return arith::BitcastOp::create(b, loc, typeOf(element), v);
}

Value ElementLowering::selectV(Value cond, Value a, Value c) {
  return arith::SelectOp::create(b, loc, cond, a, c);
}

/// 2^n for n (i32) in the normal exponent range of `c`.
Value ElementLowering::pow2(Type c, Value n) {
  FloatInfo fi = info(c);
  Type it = intTypeFor(c);
  Value ni = n;
  if (fi.width == 64)
    ni = arith::ExtSIOp::create(b, loc, typeOf(it), n);
  Value biased = arith::AddIOp::create(b, loc, ni, constI(it, fi.bias));
  Value bits = arith::ShLIOp::create(b, loc, biased, constI(it, fi.manBits));
  return bitcast(bits, c);
}

/// v * 2^n, exact when the result is representable (else one rounding).
Value ElementLowering::scaleByPow2(Value v, Value n) {
  Type c = getElementTypeOrSelf(v.getType());
  FloatInfo fi = info(c);
  Type i32 = b.getI32Type();
  Value lo = constI(i32, fi.minNormal), hi = constI(i32, fi.maxExp);
  Value n1 = arith::MaxSIOp::create(
      b, loc, arith::MinSIOp::create(b, loc, n, hi), lo);
  Value n2 = arith::SubIOp::create(b, loc, n, n1);
  n2 = arith::MaxSIOp::create(b, loc, arith::MinSIOp::create(b, loc, n2, hi),
                              lo);
  Value r = arith::MulFOp::create(b, loc, v, pow2(c, n1));
  return arith::MulFOp::create(b, loc, r, pow2(c, n2));
}

Value ElementLowering::copySign(Value magnitude, Value sign) {
  Type c = getElementTypeOrSelf(magnitude.getType());
  FloatInfo fi = info(c);
  Type it = intTypeFor(c);
  Value signMask = constI(it, int64_t(uint64_t(1) << (fi.width - 1)));
  Value s = arith::AndIOp::create(b, loc, bitcast(sign, it), signMask);
  Value m = arith::AndIOp::create(
      b, loc, bitcast(magnitude, it),
      constI(it, int64_t(~(uint64_t(1) << (fi.width - 1)))));
  return bitcast(arith::OrIOp::create(b, loc, m, s), c);
}

Value ElementLowering::isNaN(Value x) {
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
}

Value ElementLowering::isInf(Value x) {
  Type c = getElementTypeOrSelf(x.getType());
  Value ax = math::AbsFOp::create(b, loc, x);
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, ax,
                               constF(c, INFINITY));
}

Value ElementLowering::ilogb(Value x) {
  Type c = getElementTypeOrSelf(x.getType());
  FloatInfo fi = info(c);
  Type it = intTypeFor(c), i32 = b.getI32Type();
  Value mag = arith::AndIOp::create(
      b, loc, bitcast(x, it),
      constI(it, int64_t(~(uint64_t(1) << (fi.width - 1)))));
  Value expField = arith::ShRUIOp::create(b, loc, mag, constI(it, fi.manBits));
  Value normal = arith::SubIOp::create(b, loc, expField, constI(it, fi.bias));
  // Subnormal: (minNormal - manBits) + (width - 1 - clz(mag)).
  Value clz = math::CountLeadingZerosOp::create(b, loc, mag);
  Value sub = arith::SubIOp::create(
      b, loc, constI(it, fi.minNormal - int(fi.manBits) + int(fi.width) - 1),
      clz);
  Value isSub = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                      expField, constI(it, 0));
  Value e = selectV(isSub, sub, normal);
  if (fi.width == 64)
    e = arith::TruncIOp::create(b, loc, typeOf(i32), e);
  return e;
}

std::pair<Value, Value> ElementLowering::decompose(Value x) {
  Type c = getElementTypeOrSelf(x.getType());
  FloatInfo fi = info(c);
  Type it = intTypeFor(c);
  Value mag = arith::AndIOp::create(
      b, loc, bitcast(x, it),
      constI(it, int64_t(~(uint64_t(1) << (fi.width - 1)))));
  Value expField = arith::ShRUIOp::create(b, loc, mag, constI(it, fi.manBits));
  Value isSub = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                      expField, constI(it, 0));
  // A subnormal's leading one moved to the hidden bit's place: a shift by
  // clz - (width - 1 - manBits).
  Value clz = math::CountLeadingZerosOp::create(b, loc, mag);
  Value shift = arith::SubIOp::create(
      b, loc, clz, constI(it, int64_t(fi.width) - 1 - int64_t(fi.manBits)));
  Value normalized = selectV(
      isSub, arith::ShLIOp::create(b, loc, mag, shift).getResult(), mag);
  Value frac = arith::AndIOp::create(
      b, loc, normalized, constI(it, int64_t((uint64_t(1) << fi.manBits) - 1)));
  return {ilogb(x), frac};
}

//===----------------------------------------------------------------------===//
// Philox4x32-10
//===----------------------------------------------------------------------===//

std::array<Value, 4> ElementLowering::philoxWords(const PhiloxSeed &seed,
                                                  Value blk) {
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  Value c0 = arith::TruncIOp::create(b, loc, typeOf(i32), blk);
  Value c1 = arith::TruncIOp::create(
      b, loc, typeOf(i32), arith::ShRUIOp::create(b, loc, blk, constI(i64, 32)));
  Value c2 = constI(i32, 0), c3 = constI(i32, 0);
  // Round r's keys: the seed's halves plus r times the Weyl constants (i32,
  // wrapping). A constant for an attribute seed; for an operand, its halves
  // (scalars, loop-invariant) plus the constant, spread to the lanes.
  Value halves[2];
  if (seed.operand) {
    Value s = seed.operand;
    halves[0] = arith::TruncIOp::create(b, loc, i32, s);
    halves[1] = arith::TruncIOp::create(
        b, loc, i32,
        arith::ShRUIOp::create(
            b, loc, s, arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(32))));
  }
  auto roundKey = [&](int half, uint32_t weyl, int round) -> Value {
    uint32_t step = uint32_t(round) * weyl;
    if (!seed.operand)
      return constI(i32, int32_t(uint32_t(seed.value >> (32 * half)) + step));
    Value k = arith::AddIOp::create(
        b, loc, halves[half],
        arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(int32_t(step))));
    Type t = typeOf(i32);
    return t == i32 ? k : vector::BroadcastOp::create(b, loc, t, k).getResult();
  };
  Value m0 = constI(i32, int32_t(0xD2511F53u)), m1 = constI(i32, int32_t(0xCD9E8D57u));
  for (int round = 0; round < 10; ++round) {
    auto p0 = arith::MulUIExtendedOp::create(b, loc, m0, c0);
    auto p1 = arith::MulUIExtendedOp::create(b, loc, m1, c2);
    Value n0 = arith::XOrIOp::create(
        b, loc, arith::XOrIOp::create(b, loc, p1.getHigh(), c1),
        roundKey(0, 0x9E3779B9u, round));
    Value n2 = arith::XOrIOp::create(
        b, loc, arith::XOrIOp::create(b, loc, p0.getHigh(), c3),
        roundKey(1, 0xBB67AE85u, round));
    // The low halves as plain 32-bit products: sharing the extended
    // product's 64-bit multiply, NVPTX keeps a 64-bit multiply and 64-bit
    // xors for them.
    c3 = arith::MulIOp::create(b, loc, m0, c0);
    c1 = arith::MulIOp::create(b, loc, m1, c2);
    c0 = n0;
    c2 = n2;
  }
  return {c0, c1, c2, c3};
}

Value ElementLowering::randomWord(const PhiloxSeed &seed, Value index) {
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  Value blk = arith::ShRUIOp::create(b, loc, index, constI(i64, 2));
  auto [c0, c1, c2, c3] = philoxWords(seed, blk);
  Value w = arith::TruncIOp::create(
      b, loc, typeOf(i32), arith::AndIOp::create(b, loc, index, constI(i64, 3)));
  auto is = [&](int v) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, w,
                                 constI(i32, v));
  };
  return selectV(is(0), c0, selectV(is(1), c1, selectV(is(2), c2, c3)));
}

//===----------------------------------------------------------------------===//
// The rounding primitive
//===----------------------------------------------------------------------===//

Value ElementLowering::roundToQuantum(Value x, Value qq, RoundingMode mode,
                                      Value random) {
  Type c = getElementTypeOrSelf(x.getType());
  FloatInfo fi = info(c);
  unsigned n = fi.width;
  Type it = intTypeFor(c), i32 = b.getI32Type(), i64 = b.getI64Type();
  auto cmpI = [&](arith::CmpIPredicate p, Value l, Value r) {
    return arith::CmpIOp::create(b, loc, p, l, r);
  };
  auto toIt = [&](Value v32) -> Value {
    return n == 64 ? arith::ExtSIOp::create(b, loc, typeOf(it), v32).getResult()
                   : v32;
  };

  Value bits = bitcast(x, it);
  Value signMask = constI(it, int64_t(uint64_t(1) << (n - 1)));
  Value mag = arith::AndIOp::create(
      b, loc, bits, constI(it, int64_t(~(uint64_t(1) << (n - 1)))));
  Value neg = cmpI(arith::CmpIPredicate::ne,
                   arith::AndIOp::create(b, loc, bits, signMask), constI(it, 0));
  Value expField = arith::ShRUIOp::create(b, loc, mag, constI(it, fi.manBits));
  Value mant = arith::AndIOp::create(
      b, loc, mag, constI(it, int64_t((uint64_t(1) << fi.manBits) - 1)));
  Value isSub = cmpI(arith::CmpIPredicate::eq, expField, constI(it, 0));
  Value m = selectV(isSub, mant,
                    arith::OrIOp::create(
                        b, loc, mant, constI(it, int64_t(uint64_t(1) << fi.manBits))));
  Value eField = selectV(isSub, constI(it, 1), expField);
  Value eLsb = arith::SubIOp::create(b, loc, eField,
                                     constI(it, fi.bias + int(fi.manBits)));
  if (n == 64)
    eLsb = arith::TruncIOp::create(b, loc, typeOf(i32), eLsb);
  Value shift = arith::SubIOp::create(b, loc, qq, eLsb); // i32
  Value positive = cmpI(arith::CmpIPredicate::sgt, shift, constI(i32, 0));

  Value sh32 = arith::MaxSIOp::create(
      b, loc, arith::MinSIOp::create(b, loc, shift, constI(i32, int(n) - 1)),
      constI(i32, 1));
  Value sh = toIt(sh32);
  Value one = constI(it, 1);
  Value k = arith::ShRUIOp::create(b, loc, m, sh);
  Value mask = arith::SubIOp::create(
      b, loc, arith::ShLIOp::create(b, loc, one, sh), one);
  Value rem = arith::AndIOp::create(b, loc, m, mask);
  Value half = arith::ShLIOp::create(
      b, loc, one, arith::SubIOp::create(b, loc, sh, one));
  Value remNZ = cmpI(arith::CmpIPredicate::ne, rem, constI(it, 0));
  Value kOdd = cmpI(arith::CmpIPredicate::ne,
                    arith::AndIOp::create(b, loc, k, one), constI(it, 0));
  Value up;
  switch (mode) {
  case RoundingMode::nearest_even: {
    Value gt = cmpI(arith::CmpIPredicate::ugt, rem, half);
    Value eq = cmpI(arith::CmpIPredicate::eq, rem, half);
    up = arith::OrIOp::create(b, loc, gt, arith::AndIOp::create(b, loc, eq, kOdd));
    break;
  }
  case RoundingMode::nearest_away:
    up = cmpI(arith::CmpIPredicate::uge, rem, half);
    break;
  case RoundingMode::toward_zero:
    up = constI(b.getI1Type(), 0);
    break;
  case RoundingMode::down:
    up = arith::AndIOp::create(b, loc, remNZ, neg);
    break;
  case RoundingMode::up:
    up = arith::AndIOp::create(
        b, loc, remNZ,
        arith::XOrIOp::create(b, loc, neg, constI(b.getI1Type(), 1)));
    break;
  case RoundingMode::odd:
    up = arith::AndIOp::create(
        b, loc, remNZ,
        arith::XOrIOp::create(b, loc, kOdd, constI(b.getI1Type(), 1)));
    break;
  case RoundingMode::stochastic: {
    // floor(fraction * 2^32), fraction = rem / 2^shift (the reference's
    // frac32).
    Value frac;
    if (n == 32) {
      Value rem64 = arith::ExtUIOp::create(b, loc, typeOf(i64), rem);
      Value s64 = arith::ExtSIOp::create(
          b, loc, typeOf(i64),
          arith::MaxSIOp::create(
              b, loc, arith::MinSIOp::create(b, loc, shift, constI(i32, 63)),
              constI(i32, 1)));
      Value scaled = arith::ShRUIOp::create(
          b, loc, arith::ShLIOp::create(b, loc, rem64, constI(i64, 32)), s64);
      frac = arith::TruncIOp::create(b, loc, typeOf(i32), scaled);
    } else {
      Value s64 = arith::ExtSIOp::create(b, loc, typeOf(i64), shift);
      Value left = arith::ShLIOp::create(
          b, loc, rem,
          arith::MaxSIOp::create(
              b, loc,
              arith::MinSIOp::create(
                  b, loc, arith::SubIOp::create(b, loc, constI(i64, 32), s64),
                  constI(i64, 63)),
              constI(i64, 0)));
      Value right = arith::ShRUIOp::create(
          b, loc, rem,
          arith::MaxSIOp::create(
              b, loc,
              arith::MinSIOp::create(
                  b, loc, arith::SubIOp::create(b, loc, s64, constI(i64, 32)),
                  constI(i64, 63)),
              constI(i64, 0)));
      Value small = cmpI(arith::CmpIPredicate::sle, s64, constI(i64, 32));
      frac = arith::TruncIOp::create(b, loc, typeOf(i32),
                                     selectV(small, left, right));
    }
    up = arith::AndIOp::create(
        b, loc, remNZ, cmpI(arith::CmpIPredicate::ult, random, frac));
    break;
  }
  }
  Value kp = arith::AddIOp::create(
      b, loc, k, arith::ExtUIOp::create(b, loc, typeOf(it), up));
  Value kpF = arith::UIToFPOp::create(b, loc, typeOf(c), kp);
  Value rounded = scaleByPow2(kpF, qq);
  Value magnitude = selectV(positive, rounded, bitcast(mag, c));
  return copySign(magnitude, x);
}

//===----------------------------------------------------------------------===//
// Quantizers
//===----------------------------------------------------------------------===//

Value ElementLowering::roundToInteger(Value y, ref::Rounding rounding) {
  Type c = getElementTypeOrSelf(y.getType());
  Value r;
  switch (rounding) {
  case ref::Rounding::NearestEven: r = math::RoundEvenOp::create(b, loc, y); break;
  case ref::Rounding::NearestAway: r = math::RoundOp::create(b, loc, y); break;
  case ref::Rounding::TowardZero: r = math::TruncOp::create(b, loc, y); break;
  case ref::Rounding::Down: r = math::FloorOp::create(b, loc, y); break;
  case ref::Rounding::Up: r = math::CeilOp::create(b, loc, y); break;
  case ref::Rounding::Odd: {
    // Truncate; an inexact even result steps one away from zero.
    Value t = math::TruncOp::create(b, loc, y);
    Value half = arith::MulFOp::create(b, loc, t, constF(c, 0.5));
    Value even = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, half,
                                       math::TruncOp::create(b, loc, half));
    Value inexact = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ONE, t, y);
    Value step = copySign(constF(c, 1.0), y);
    r = selectV(arith::AndIOp::create(b, loc, inexact, even),
                arith::AddFOp::create(b, loc, t, step), t);
    break;
  }
  case ref::Rounding::Stochastic: return {};
  }
  return r;
}

Value ElementLowering::roundToIntegerStochastic(Value y, Value random) {
  // |y| - floor|y| is exact (at most 24/53 significant bits), times 2^32 is
  // exact, so its integer part is the reference's frac32.
  Type c = getElementTypeOrSelf(y.getType());
  Type i32 = b.getI32Type();
  Value a = math::AbsFOp::create(b, loc, y);
  Value fl = math::FloorOp::create(b, loc, a);
  Value fr = arith::SubFOp::create(b, loc, a, fl);
  fr = selectV(isInf(y), constF(c, 0.0), fr); // Inf - Inf
  Value scaled = arith::MulFOp::create(b, loc, fr, constF(c, 4294967296.0));
  Value frac = arith::FPToUIOp::create(b, loc, typeOf(i32), scaled);
  Value up = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, random, frac);
  Value r = selectV(up, arith::AddFOp::create(b, loc, fl, constF(c, 1.0)), fl);
  return copySign(r, y);
}

Value ElementLowering::fixedPointFast(const ref::FixedPoint &f, Value x,
                                      Value random, Value scaleExp) {
  // x * 2^frac is exact (scaling up; overflow gives Inf, which saturates),
  // the hardware rounds it to an integer exactly, and k * 2^-frac is exact
  // because the verifier keeps the step and range inside the element type.
  // With a block scale 2^s the factor is 2^(frac - s), which may scale down:
  // the product is then exact unless it underflows, and a value that small
  // rounds to (signed) zero in the modes the caller allows (nearest, toward
  // zero) either way.
  Type c = getElementTypeOrSelf(x.getType());
  Type i32 = b.getI32Type();
  Value shiftIn, shiftOut;
  if (scaleExp) {
    shiftIn = arith::SubIOp::create(b, loc, constI(i32, f.frac), scaleExp);
    shiftOut = arith::SubIOp::create(b, loc, constI(i32, 0), shiftIn);
  }
  Value y = scaleExp ? scaleByPow2(x, shiftIn)
                     : arith::MulFOp::create(b, loc, x,
                                             constF(c, std::ldexp(1.0, f.frac)))
                           .getResult();
  Value r = f.rounding == ref::Rounding::Stochastic
                ? roundToIntegerStochastic(y, random)
                : roundToInteger(y, f.rounding);
  double hiK = std::ldexp(1.0, f.isSigned ? f.bits - 1 : f.bits) - 1.0;
  double loK = f.isSigned ? -std::ldexp(1.0, f.bits - 1) : 0.0;
  Value hi = constF(c, hiK), lo = constF(c, loK);
  if (!f.wrap) {
    r = selectV(arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, r, hi), hi, r);
    r = selectV(arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, r, lo), lo, r);
  } else {
    // r is the integer count; its residue modulo 2^bits is exact (see the
    // integer path), Inf saturates below.
    Value mod = constF(c, std::ldexp(1.0, f.bits));
    Value fl = math::FloorOp::create(
        b, loc, arith::MulFOp::create(b, loc, r, constF(c, std::ldexp(1.0, -f.bits))));
    Value w = arith::SubFOp::create(b, loc, r, arith::MulFOp::create(b, loc, fl, mod));
    w = selectV(isInf(r), constF(c, 0.0), w);
    if (f.isSigned)
      w = selectV(arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, w,
                                        constF(c, std::ldexp(1.0, f.bits - 1))),
                  arith::SubFOp::create(b, loc, w, mod), w);
    r = w;
  }
  r = scaleExp ? scaleByPow2(r, shiftOut)
               : arith::MulFOp::create(b, loc, r,
                                       constF(c, std::ldexp(1.0, -f.frac)))
                     .getResult();
  r = arith::AddFOp::create(b, loc, r, constF(c, 0.0)); // no -0
  if (f.wrap) {
    // +-Inf saturates even when wrapping (the reference's rule).
    Value inf = selectV(arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT,
                                              x, constF(c, 0.0)),
                        constF(c, f.maxValue()), constF(c, f.minValue()));
    r = selectV(isInf(x), inf, r);
  }
  return r;
}

Value ElementLowering::fixedPoint(const ref::FixedPoint &f, Value x,
                                  Value random, Value scaleExp) {
  Type c = getElementTypeOrSelf(x.getType());
  Type i32 = b.getI32Type();
  // The fast path (exact scaling and hardware rounding): without a block
  // scale for frac >= 0, wrapping only while the count stays exact in the
  // compute type (bits <= 24 in f32); with a block scale for saturating
  // nearest and toward-zero rounding (see fixedPointFast).
  bool nearOrZero = f.rounding == ref::Rounding::NearestEven ||
                    f.rounding == ref::Rounding::NearestAway ||
                    f.rounding == ref::Rounding::TowardZero;
  if (!scaleExp && f.frac >= 0 && f.frac <= info(c).maxExp &&
      (!f.wrap || f.bits <= int(info(c).manBits) + 1))
    return fixedPointFast(f, x, random, Value());
  if (scaleExp && !f.wrap && nearOrZero)
    return fixedPointFast(f, x, random, scaleExp);
  Value s = scaleExp ? scaleExp : constI(i32, 0);
  Value qq = arith::SubIOp::create(b, loc, s, constI(i32, f.frac));
  Value r = roundToQuantum(
      x, qq, fromRef(f.rounding), random);
  Value hi = constF(c, f.maxValue()), lo = constF(c, f.minValue());
  if (scaleExp) {
    hi = scaleByPow2(hi, s);
    lo = scaleByPow2(lo, s);
  }
  auto cmpF = [&](arith::CmpFPredicate p, Value l, Value rr) {
    return arith::CmpFOp::create(b, loc, p, l, rr);
  };
  if (!f.wrap) {
    r = selectV(cmpF(arith::CmpFPredicate::OGT, r, hi), hi, r);
    r = selectV(cmpF(arith::CmpFPredicate::OLT, r, lo), lo, r);
  } else {
    Value outside = arith::OrIOp::create(b, loc,
                                         cmpF(arith::CmpFPredicate::OLT, r, lo),
                                         cmpF(arith::CmpFPredicate::OGT, r, hi));
    Value negQ = arith::SubIOp::create(b, loc, constI(i32, 0), qq);
    Value count = scaleByPow2(r, negQ);
    Value mod = constF(c, std::ldexp(1.0, f.bits));
    Value scaled = arith::MulFOp::create(b, loc, count,
                                         constF(c, std::ldexp(1.0, -f.bits)));
    Value fl = math::FloorOp::create(b, loc, scaled);
    Value w = arith::SubFOp::create(b, loc, count,
                                    arith::MulFOp::create(b, loc, fl, mod));
    w = selectV(isInf(count), constF(c, 0.0), w);
    if (f.isSigned)
      w = selectV(cmpF(arith::CmpFPredicate::OGE, w,
                       constF(c, std::ldexp(1.0, f.bits - 1))),
                  arith::SubFOp::create(b, loc, w, mod), w);
    r = selectV(outside, scaleByPow2(w, qq), r);
  }
  // Fixed point has no -0.
  r = arith::AddFOp::create(b, loc, r, constF(c, 0.0));
  Value inf = selectV(cmpF(arith::CmpFPredicate::OGT, x, constF(c, 0.0)), hi, lo);
  r = selectV(isInf(x), inf, r);
  if (nanFreeOperands)
    return r;
  return selectV(isNaN(x), x, r); // NaN stays NaN, as in the reference
}

Value ElementLowering::floatFormatBits(const ref::FloatFormat &f,
                                       RoundingMode mode, Value x,
                                       Value random) {
  // Rounds the f32 encoding itself: with s the number of low bits the format
  // drops at x's binade, (B & ~mask) + up * 2^s is the rounded magnitude,
  // carries running into the exponent as IEEE intends. Where the quantum
  // exceeds x's whole significand (s >= 24) the result is 0 or one quantum.
  // Same decisions as roundToQuantum, fewer operations.
  Type i32 = b.getI32Type(), i1 = b.getI1Type(), c = b.getF32Type();
  auto cmpI = [&](arith::CmpIPredicate p, Value l, Value r) {
    return arith::CmpIOp::create(b, loc, p, l, r);
  };
  auto K = [&](int64_t v) { return constI(i32, v); };
  auto notV = [&](Value v) { return arith::XOrIOp::create(b, loc, v, constI(i1, 1)); };
  int emin = f.minNormalExp(), m = f.manBits;
  int qqSub = f.minQuantumExp();
  Value eminBiased = K(emin + 127);

  Value bits = bitcast(x, i32);
  Value sign = arith::AndIOp::create(b, loc, bits, K(int32_t(0x80000000u)));
  Value neg = cmpI(arith::CmpIPredicate::ne, sign, K(0));
  Value mag = arith::AndIOp::create(b, loc, bits, K(0x7FFFFFFF));
  // A format without overflow to Inf takes the signed maximum for every
  // magnitude above it, whatever the mode: clamping the magnitude to the
  // maximum first (an integer min on the patterns; Inf and NaN clamp too,
  // NaN is restored below) gives that, since the maximum rounds to itself
  // and nothing below it rounds above it.
  bool toInf = f.hasInfinity() && !f.saturate;
  if (!toInf)
    mag = arith::MinUIOp::create(
        b, loc, mag, K(int32_t(llvm::bit_cast<uint32_t>(float(f.maxFinite())))));
  Value ef = arith::ShRUIOp::create(b, loc, mag, K(23));
  Value below = cmpI(arith::CmpIPredicate::slt, ef, eminBiased);
  // 2^qqSub, the smallest quantum, as f32 bits (normal or subnormal).
  uint32_t qb = qqSub >= -126 ? uint32_t(qqSub + 127) << 23
                              : uint32_t(1) << (qqSub + 149);
  Value rmag;
  // Round to nearest even by the hardware: with 2^q the quantum at x's
  // binade, |x| + 1.5 * 2^(q+23) lies in the binade whose spacing is 2^q,
  // so the addition rounds |x| to a multiple of 2^q, ties to an even count
  // (1.5 * 2^23 is even), and subtracting the constant again is exact.
  // Needs |x| < 2^(q+22) (m <= 21; above emax the result only has to stay
  // above the largest finite value) and the constant normal. No fast-math
  // flags: (a + c) - c must not be folded.
  int emax = f.maxExp();
  if (mode == RoundingMode::nearest_even && m <= 21 && qqSub + 23 >= -126 &&
      emax + 1 - m + 24 <= 127) {
    // The constant's biased exponent is q + 23 + 127 with q + 127 =
    // min(max(ef, emin + 127), emax + 128) - m (below emin the quantum is
    // the subnormal one, 2^(emin - m)). Computed on the exponent field in
    // place (E = mag & 0x7F800000, multiples of 2^23 compare as ef does):
    // max, (min), one add of (23 - m) << 23 | 0x400000, three operations.
    // A saturating format's magnitude is already clamped below emax + 128.
    // Without subnormals the quantum below emin is 2^emin instead.
    Value magicBits;
    if (f.subnormals) {
      Value field = arith::AndIOp::create(b, loc, mag, K(0x7F800000));
      field = arith::MaxUIOp::create(b, loc, field,
                                     K(int64_t(emin + 127) << 23));
      if (toInf)
        field = arith::MinUIOp::create(b, loc, field,
                                       K(int64_t(emax + 128) << 23));
      magicBits = arith::AddIOp::create(
          b, loc, field, K((int64_t(23 - m) << 23) | 0x400000));
    } else {
      Value qBiased = selectV(
          below, K(qqSub + 127),
          arith::SubIOp::create(
              b, loc, arith::MinSIOp::create(b, loc, ef, K(emax + 128)), K(m)));
      magicBits = arith::OrIOp::create(
          b, loc,
          arith::ShLIOp::create(b, loc,
                                arith::AddIOp::create(b, loc, qBiased, K(23)),
                                K(23)),
          K(0x400000));
    }
    Value magic = bitcast(magicBits, c);
    rmag = arith::SubFOp::create(
        b, loc, arith::AddFOp::create(b, loc, bitcast(mag, c), magic), magic);
  } else if (mode == RoundingMode::stochastic) {
    // Up with probability frac32 / 2^32: `random < frac32`, frac32 the
    // fraction's top 32 bits (the reference's test).
    // - Within the significand (s <= 23 dropped bits): frac32 = rem << (32 -
    //   s), and random < frac32 <=> (random >> (32 - s)) < rem <=> rem +
    //   (~random >> (32 - s)) carries into bit s; so adding ~random's top s
    //   bits and clearing the low s does the whole rounding, the carry
    //   running into the exponent as IEEE intends.
    // - Below one quantum (s >= 24: |x| < 2^qq, result 0 or 2^qq): frac32 =
    //   floor(|x| * 2^(32 - qq)), exact in f32 and below 2^32.
    Value sc = arith::MinSIOp::create(
        b, loc,
        selectV(below,
                arith::SubIOp::create(b, loc, K(qqSub + 150),
                                      arith::MaxSIOp::create(b, loc, ef, K(1))),
                K(23 - m)),
        K(24));
    Value inField = cmpI(arith::CmpIPredicate::slt, sc, K(24));
    Value mask = arith::SubIOp::create(
        b, loc, arith::ShLIOp::create(b, loc, K(1), sc), K(1));
    Value addend = arith::ShRUIOp::create(
        b, loc, arith::XOrIOp::create(b, loc, random, K(-1)),
        arith::SubIOp::create(b, loc, K(32), sc));
    Value field = arith::AndIOp::create(
        b, loc, arith::AddIOp::create(b, loc, mag, addend),
        arith::XOrIOp::create(b, loc, mask, K(-1)));
    if (qqSub + 126 < 1) {
      // No f32 value lies below one quantum: the quantum is 2^-126 or finer
      // (8 exponent bits, like bf16).
      rmag = bitcast(field, c);
    } else {
      // (Larger values, in the field, are clamped below 2^qq only to keep
      // the conversion defined.) 2^(32 - qq) is normal: with at most 7
      // exponent bits, qq >= -62 - 22.
      assert(32 - qqSub <= 127 && "2^(32 - qq) must be a normal f32");
      Value small = arith::MinUIOp::create(b, loc, mag, K(int32_t(qb - 1)));
      Value frac = arith::FPToUIOp::create(
          b, loc, typeOf(i32),
          arith::MulFOp::create(b, loc, bitcast(small, c),
                                constF(c, std::ldexp(1.0, 32 - qqSub))));
      Value big = selectV(cmpI(arith::CmpIPredicate::ult, random, frac),
                          K(int32_t(qb)), K(0));
      rmag = bitcast(selectV(inField, field, big), c);
    }
  } else {
    Value sSub = arith::SubIOp::create(b, loc, K(qqSub + 150),
                                      arith::MaxSIOp::create(b, loc, ef, K(1)));
    Value s = selectV(below, sSub, K(23 - m));
    Value inField = cmpI(arith::CmpIPredicate::sle, s, K(23));
    Value sc = arith::MinSIOp::create(b, loc, s, K(23));
    Value one = K(1);
    Value mask = arith::SubIOp::create(b, loc, arith::ShLIOp::create(b, loc, one, sc), one);
    Value rem = arith::AndIOp::create(b, loc, mag, mask);
    Value half = arith::ShLIOp::create(b, loc, one, arith::SubIOp::create(b, loc, sc, one));
    // The parity of the kept significand: bit s of the encoding, except at
    // s == 23, where only the implicit bit is kept (odd for a normal x) and
    // bit 23 belongs to the exponent.
    Value bitS = cmpI(arith::CmpIPredicate::ne,
                      arith::AndIOp::create(b, loc, arith::ShRUIOp::create(b, loc, mag, sc), one),
                      K(0));
    Value kOdd = selectV(cmpI(arith::CmpIPredicate::eq, sc, K(23)),
                         cmpI(arith::CmpIPredicate::ne, ef, K(0)), bitS);
    Value remNZ = cmpI(arith::CmpIPredicate::ne, rem, K(0));
    // s >= 24: k = 0 and rem is the whole significand; only s == 24 on a
    // normal x reaches the half quantum (ties when the mantissa is 0).
    Value mant = arith::AndIOp::create(b, loc, mag, K(0x7FFFFF));
    Value at24 = arith::AndIOp::create(b, loc, cmpI(arith::CmpIPredicate::eq, s, K(24)),
                                       cmpI(arith::CmpIPredicate::ne, ef, K(0)));
    Value nonzero = cmpI(arith::CmpIPredicate::ne, mag, K(0));
    Value up, upBig;
    switch (mode) {
    case RoundingMode::nearest_even: {
      Value gt = cmpI(arith::CmpIPredicate::ugt, rem, half);
      Value eq = cmpI(arith::CmpIPredicate::eq, rem, half);
      up = arith::OrIOp::create(b, loc, gt, arith::AndIOp::create(b, loc, eq, kOdd));
      upBig = arith::AndIOp::create(b, loc, at24, cmpI(arith::CmpIPredicate::ne, mant, K(0)));
      break;
    }
    case RoundingMode::nearest_away:
      up = cmpI(arith::CmpIPredicate::uge, rem, half);
      upBig = at24;
      break;
    case RoundingMode::toward_zero:
      up = upBig = constI(i1, 0);
      break;
    case RoundingMode::down:
      up = arith::AndIOp::create(b, loc, remNZ, neg);
      upBig = arith::AndIOp::create(b, loc, nonzero, neg);
      break;
    case RoundingMode::up:
      up = arith::AndIOp::create(b, loc, remNZ, notV(neg));
      upBig = arith::AndIOp::create(b, loc, nonzero, notV(neg));
      break;
    case RoundingMode::odd:
      up = arith::AndIOp::create(b, loc, remNZ, notV(kOdd));
      upBig = nonzero;
      break;
    case RoundingMode::stochastic:
      llvm_unreachable("stochastic rounding takes the carry path above");
    }
    Value kept = arith::AndIOp::create(b, loc, mag, arith::XOrIOp::create(b, loc, mask, K(-1)));
    Value inc = arith::ShLIOp::create(b, loc,
                                      arith::ExtUIOp::create(b, loc, typeOf(i32), up), sc);
    Value field = arith::AddIOp::create(b, loc, kept, inc);
    Value big = selectV(upBig, K(int32_t(qb)), K(0));
    rmag = bitcast(selectV(inField, field, big), c);
  }
  Value r = bitcast(arith::OrIOp::create(b, loc, bitcast(rmag, i32), sign), c);

  // Overflow (to Inf or to the maximum, by the mode) and Inf, as
  // floatFormat; the other formats were clamped above.
  if (toInf) {
    Value mx = constF(c, f.maxFinite());
    Value roundsAway;
    switch (mode) {
    case RoundingMode::toward_zero:
    case RoundingMode::odd: roundsAway = constI(i1, 0); break;
    case RoundingMode::down: roundsAway = neg; break;
    case RoundingMode::up: roundsAway = notV(neg); break;
    default: roundsAway = constI(i1, 1); break;
    }
    Value overValue = selectV(roundsAway, copySign(constF(c, INFINITY), x),
                              copySign(mx, x));
    Value over =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, rmag, mx);
    r = selectV(over, overValue, r);
    r = selectV(isInf(x), x, r);
  }
  if (nanFreeOperands)
    return r;
  return selectV(isNaN(x), x, r);
}

Value ElementLowering::floatFormat(const ref::FloatFormat &f, RoundingMode mode,
                                   Value x, Value random) {
  Type c = getElementTypeOrSelf(x.getType());
  if (c.isF32() && f.manBits < 23 && f.minNormalExp() >= -126)
    return floatFormatBits(f, mode, x, random);
  Type i32 = b.getI32Type(), i1 = b.getI1Type();
  Value mx = constF(c, f.maxFinite());
  Value e = ilogb(x);
  Value emin = constI(i32, f.minNormalExp());
  Value emax = constI(i32, f.maxExp());
  Value qqSub = constI(i32, f.minQuantumExp());
  Value qqNorm = arith::SubIOp::create(
      b, loc, arith::MinSIOp::create(b, loc, e, emax), constI(i32, f.manBits));
  Value below = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, e, emin);
  Value qq = selectV(below, qqSub, qqNorm);
  Value r = roundToQuantum(x, qq, mode, random);

  Value neg = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                    constF(c, 0.0));
  bool toInf = f.hasInfinity() && !f.saturate;
  Value roundsAway;
  switch (mode) {
  case RoundingMode::toward_zero:
  case RoundingMode::odd:
    roundsAway = constI(i1, 0);
    break;
  case RoundingMode::down:
    roundsAway = neg;
    break;
  case RoundingMode::up:
    roundsAway = arith::XOrIOp::create(b, loc, neg, constI(i1, 1));
    break;
  default:
    roundsAway = constI(i1, 1);
    break;
  }
  Value signedMax = copySign(mx, x);
  Value overValue = signedMax;
  if (toInf)
    overValue = selectV(roundsAway, copySign(constF(c, INFINITY), x), signedMax);
  Value over = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT,
                                     math::AbsFOp::create(b, loc, r), mx);
  r = selectV(over, overValue, r);
  r = selectV(isInf(x), toInf ? x : signedMax, r);
  Value zero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x,
                                     constF(c, 0.0));
  r = selectV(zero, x, r);
  if (nanFreeOperands)
    return r;
  return selectV(isNaN(x), x, r); // NaN stays NaN, as in the reference
}

Value ElementLowering::pow2Format(const ref::Pow2 &p, Value x) {
  Type c = getElementTypeOrSelf(x.getType());
  FloatInfo fi = info(c);
  Type it = intTypeFor(c), i32 = b.getI32Type();
  Value k = ilogb(x);
  if (p.rounding == ref::Pow2Rounding::Nearest) {
    // Round up when the normalised significand (an integer with its leading
    // one at bit manBits) exceeds sqrt(2) * 2^manBits, i.e. is at least
    // isqrt(2^(2 manBits + 1)) + 1 (no integer equals sqrt(2) * 2^n).
    Value mag = arith::AndIOp::create(
        b, loc, bitcast(x, it),
        constI(it, int64_t(~(uint64_t(1) << (fi.width - 1)))));
    Value expField = arith::ShRUIOp::create(b, loc, mag, constI(it, fi.manBits));
    Value mant = arith::AndIOp::create(
        b, loc, mag, constI(it, int64_t((uint64_t(1) << fi.manBits) - 1)));
    Value isSub = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                        expField, constI(it, 0));
    Value normal = arith::OrIOp::create(
        b, loc, mant, constI(it, int64_t(uint64_t(1) << fi.manBits)));
    Value clz = math::CountLeadingZerosOp::create(b, loc, mant);
    Value lead = arith::SubIOp::create(
        b, loc, clz, constI(it, int64_t(fi.width - 1 - fi.manBits)));
    Value sub = arith::ShLIOp::create(b, loc, mant, lead);
    Value sig = selectV(isSub, sub, normal);
    APInt square = APInt::getOneBitSet(2 * fi.manBits + 2, 2 * fi.manBits + 1);
    uint64_t threshold = square.sqrt().getZExtValue() + 1;
    Value upper = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, sig,
                                        constI(it, int64_t(threshold)));
    k = arith::AddIOp::create(
        b, loc, k, arith::ExtUIOp::create(b, loc, typeOf(i32), upper));
  }
  Value tooSmall = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, k,
                                         constI(i32, p.minExp));
  k = arith::MinSIOp::create(b, loc, k, constI(i32, p.maxExp));
  Value value = copySign(scaleByPow2(constF(c, 1.0), k), x);
  Value r = selectV(tooSmall, copySign(constF(c, 0.0), x), value);
  Value top = copySign(scaleByPow2(constF(c, 1.0), constI(i32, p.maxExp)), x);
  r = selectV(isInf(x), top, r);
  Value zero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x,
                                     constF(c, 0.0));
  return selectV(zero, x, r);
}

Value ElementLowering::affine(AffineAttr a, Value x, Value random,
                              const ElementExtras &extras, Type element) {
  Type c = getElementTypeOrSelf(x.getType());
  Type f64 = b.getF64Type();
  ref::Affine q = refOf(a);
  bool f32 = c.isF32();
  Value scale, inverse, zp;
  if (extras.channel.size() == 3) {
    scale = extras.channel[0];
    inverse = extras.channel[1];
    zp = extras.channel[2];
  } else {
    double s = a.getScale()[0];
    if (f32) {
      float s32 = float(s);
      scale = constF(c, s32);
      inverse = constF(c, 1.0f / s32);
    } else {
      scale = constF(c, s);
      inverse = constF(c, 1.0 / s);
    }
    zp = constF(f64, double(a.getZeroPoint()[0]));
  }
  Value y = a.getDivide()
                ? arith::DivFOp::create(b, loc, x, scale).getResult()
                : arith::MulFOp::create(b, loc, x, inverse).getResult();
  Value r = a.getRounding() == RoundingMode::stochastic
                ? roundToQuantum(y, constI(b.getI32Type(), 0), a.getRounding(),
                                 random)
                : roundToInteger(y, toRef(a.getRounding()));
  Value rd = f32 ? arith::ExtFOp::create(b, loc, typeOf(f64), r).getResult() : r;
  Value qv = arith::AddFOp::create(b, loc, rd, zp);
  Value qmin = constF(f64, double(q.qmin())), qmax = constF(f64, double(q.qmax()));
  qv = selectV(arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, qv, qmax),
               qmax, qv);
  qv = selectV(arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, qv, qmin),
               qmin, qv);
  Value d = arith::SubFOp::create(b, loc, qv, zp);
  Value dc = f32 ? arith::TruncFOp::create(b, loc, typeOf(c), d).getResult() : d;
  Value out = arith::MulFOp::create(b, loc, dc, scale);
  return arith::AddFOp::create(b, loc, out, constF(c, 0.0));
}

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

Value ElementLowering::fromElement(Value x, Type compute) {
  Type element = getElementTypeOrSelf(x.getType());
  if (element == compute)
    return x;
  if (element.isBF16()) {
    // bf16 is the high half of an f32. Widening with integer ops keeps LLVM
    // from narrowing later f32 compares back to bf16, which x86 emulates
    // without subnormals.
    Type i32 = b.getI32Type();
    Value bits = arith::ExtUIOp::create(b, loc, typeOf(i32),
                                        bitcast(x, b.getI16Type()));
    Value f32 = bitcast(
        arith::ShLIOp::create(b, loc, bits, constI(i32, 16)), b.getF32Type());
    return compute.isF32()
               ? f32
               : arith::ExtFOp::create(b, loc, typeOf(compute), f32).getResult();
  }
  return arith::ExtFOp::create(b, loc, typeOf(compute), x);
}

Value ElementLowering::toElement(Value v, Type element) {
  Type c = getElementTypeOrSelf(v.getType());
  if (c == element)
    return v;
  if (element.isF32())
    return truncFloat(v, element); // one RNE rounding
  // f16 / bf16: round onto the element's grid in the compute type with the
  // element's own format, then narrow (exact).
  ref::ElemType e =
      element.isF16() ? ref::ElemType::F16 : ref::ElemType::BF16;
  Value rounded =
      floatFormat(ref::elemFormat(e), RoundingMode::nearest_even, v, Value());
  Type f32 = b.getF32Type();
  if (c.isF64())
    rounded = truncFloat(rounded, f32);
  if (element.isF16())
    return truncFloat(rounded, element);
  Value bits = bitcast(rounded, b.getI32Type());
  Value high = arith::ShRUIOp::create(b, loc, bits, constI(b.getI32Type(), 16));
  Value narrow = arith::TruncIOp::create(b, loc, typeOf(b.getI16Type()), high);
  return bitcast(narrow, element);
}

Value ElementLowering::truncFloat(Value v, Type to) {
  auto from = cast<FloatType>(getElementTypeOrSelf(v.getType()));
  auto dst = cast<FloatType>(to);
  unsigned fromWidth = from.getWidth(), toWidth = dst.getWidth();
  unsigned fromMant = from.getFPMantissaWidth() - 1,
           toMant = dst.getFPMantissaWidth() - 1;
  Type fromInt = b.getIntegerType(fromWidth), toInt = b.getIntegerType(toWidth);
  Value bits = bitcast(v, fromInt);
  auto narrowed = [&](unsigned shift) -> Value {
    Value shifted =
        arith::ShRUIOp::create(b, loc, bits, constI(fromInt, shift));
    return arith::TruncIOp::create(b, loc, typeOf(toInt), shifted);
  };
  // sign | all-ones exponent | quiet bit | the top payload bits.
  uint64_t signBit = uint64_t(1) << (toWidth - 1);
  uint64_t expAndQuiet = (signBit - 1) & ~((uint64_t(1) << (toMant - 1)) - 1);
  Value sign = arith::AndIOp::create(b, loc, narrowed(fromWidth - toWidth),
                                     constI(toInt, int64_t(signBit)));
  Value payload =
      arith::AndIOp::create(b, loc, narrowed(fromMant - toMant),
                            constI(toInt, int64_t((uint64_t(1) << toMant) - 1)));
  Value nan = arith::OrIOp::create(
      b, loc, arith::OrIOp::create(b, loc, sign, payload),
      constI(toInt, int64_t(expAndQuiet)));
  Value isNaN =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, v, v);
  Value t = arith::TruncFOp::create(b, loc, typeOf(to), v);
  return selectV(isNaN, bitcast(nan, to), t);
}

//===----------------------------------------------------------------------===//
// Blocks, dispatch
//===----------------------------------------------------------------------===//

/// The smallest value of float type `c` that is >= t (t itself when exact).
std::pair<double, bool> ElementLowering::roundUpTo(Type c, double t) {
  if (c.isF64())
    return {t, true};
  float up = float(t);
  if (double(up) < t)
    up = std::nextafter(up, INFINITY);
  return {double(up), double(up) == t};
}

Value ElementLowering::cmpF(arith::CmpFPredicate p, Value l, Value r) {
  return arith::CmpFOp::create(b, loc, p, l, r);
}

void ElementLowering::blockExponent(Value maxAbs, ElementExtras &extras) {
  Type c = getElementTypeOrSelf(maxAbs.getType());
  Type i32 = b.getI32Type();
  Value isZero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                       maxAbs, constF(c, 0.0));
  extras.scaleExp = selectV(isZero, constI(i32, 0), ilogb(maxAbs));
}

void ElementLowering::blockScale(QuantizerAttrInterface q, Value maxAbs,
                                 ElementExtras &extras) {
  // A block holding NaN or Inf (its NaN-propagating max |x| is NaN or
  // +Inf: unordered or equal to +Inf) becomes NaN, in every format; a
  // format may add to it.
  extras.special = cmpF(arith::CmpFPredicate::UEQ, maxAbs,
                        constF(getElementTypeOrSelf(maxAbs.getType()),
                               INFINITY));
  cast<QuantizerLoweringInterface>(q).lowerBlockScale(*this, maxAbs, extras);
}

Value ElementLowering::mxFloat(const ref::FloatFormat &f, RoundingMode mode,
                               Value x, Value random, Value s) {
  // The block scale 2^s moves the element's whole value set, so rounding x
  // onto it is rounding x * 2^-s onto the element format itself, times 2^s.
  // Both products are exact where it matters:
  // - 2^-s is normal (s in [-127, 127]; in f32 s <= 127 - emax <= 125), and
  //   x * 2^-s < 2^(emax + 1) cannot overflow. It loses bits only below the
  //   compute type's normal range, more than 2^100 times below the element's
  //   smallest quantum (at most 2^-16): such a value rounds like any value
  //   that small, by its sign, and (in the directed modes) by being nonzero,
  //   which the sticky bit below keeps; its stochastic fraction is 0 either
  //   way.
  // - r is a multiple of 2^(emin - m) >= 2^-16 and at most maxFinite, so
  //   r * 2^s is a multiple of 2^-143 below 2^128: representable in f32.
  //   2^s itself is subnormal in f32 for s = -127 only.
  Type c = getElementTypeOrSelf(x.getType());
  FloatInfo fi = info(c);
  Type i32 = b.getI32Type(), it = intTypeFor(c);
  Value negS = arith::SubIOp::create(b, loc, constI(i32, 0), s);
  Value xs = arith::MulFOp::create(b, loc, x, pow2(c, negS));
  if (mode == RoundingMode::up || mode == RoundingMode::down ||
      mode == RoundingMode::odd) {
    Value lost = arith::AndIOp::create(
        b, loc,
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, xs, constF(c, 0.0)),
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ONE, x, constF(c, 0.0)));
    xs = bitcast(arith::OrIOp::create(b, loc, bitcast(xs, it),
                                      arith::ExtUIOp::create(b, loc, typeOf(it), lost)),
                 c);
  }
  Value r = floatFormat(f, mode, xs, random);
  Value up = pow2(c, arith::MaxSIOp::create(b, loc, s, constI(i32, fi.minNormal)));
  if (fi.width == 32) // 2^-127 = 0x00400000
    up = selectV(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, s,
                                       constI(i32, fi.minNormal)),
                 bitcast(constI(i32, 0x00400000), c), up);
  return arith::MulFOp::create(b, loc, r, up);
}

Value ElementLowering::quantize(QuantizerAttrInterface q, Value x,
                                const ElementExtras &extras) {
  Type element = getElementTypeOrSelf(x.getType());
  if (q.isIdentity(element))
    return x;
  auto lowering = dyn_cast<QuantizerLoweringInterface>(q);
  if (!lowering)
    return {};
  Type c = lowering.getComputeType(element);
  Value xc = fromElement(x, c);
  Value random = extras.random;
  if (q.isStochastic() && !random)
    random = randomWord(extras.seed, extras.index);
  // In a Blocks format with the special flag, NaN only reaches the
  // element code in blocks that the flag replaces (nanFreeOperands).
  bool saved = nanFreeOperands;
  nanFreeOperands = bool(extras.special);
  Value r = lowering.lowerElement(*this, xc, random, extras, element);
  nanFreeOperands = saved;
  if (!r)
    return {};
  if (extras.special)
    r = selectV(extras.special, constF(c, NAN), r);
  Value result = toElement(r, element);
  // NaN inputs pass through with their bits. For bf16 the choice is made
  // on the bit patterns: LLVM's x86 backend legalizes a select of bf16
  // vectors through f32 conversions, which quiet signaling NaNs.
  if (element.isBF16()) {
    Type i16 = typeOf(b.getIntegerType(16));
    Value bits = selectV(isNaN(xc), arith::BitcastOp::create(b, loc, i16, x),
                         arith::BitcastOp::create(b, loc, i16, result));
    return arith::BitcastOp::create(b, loc, x.getType(), bits);
  }
  return selectV(isNaN(xc), x, result);
}
