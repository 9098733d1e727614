//===- Formats.cpp - Each quantizer format's arith code -------------------===//
//
// One section per format: its QuantizerLoweringInterface model, attached to
// the format's attribute by registerQuantizerLoweringModels. The element
// code is built from ElementLowering's blocks, each of which mirrors a
// function of the reference (tq/Reference/Reference.h); around it,
// tq-lower-to-arith builds what the format's tensor strategy asks for.
//
//===----------------------------------------------------------------------===//

#include "tq/Conversion/TQToArith/QuantizerLowering.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace tq;

#include "tq/Conversion/TQToArith/QuantizerLoweringInterface.cpp.inc"

namespace {
/// The model of attribute `Attr`, whose element code is `Derived::element`.
template <typename Derived, typename Attr>
struct Model
    : public QuantizerLoweringInterface::ExternalModel<Derived, Attr> {
  Value lowerElement(Attribute attr, ElementLowering &el, Value x,
                     Value random, const ElementExtras &extras,
                     Type element) const {
    return Derived::element(cast<Attr>(attr), el, x, random, extras, element);
  }
};

//===----------------------------------------------------------------------===//
// Fixed point: exact power-of-two scaling, integer rounding, clamping.
//===----------------------------------------------------------------------===//

struct FixedModel : Model<FixedModel, FixedAttr> {
  /// Beyond 24 bits, integers of the format are not all exact in f32. On
  /// f32 values, saturating deterministic formats still work in f32: x *
  /// 2^frac is exact and so is its rounding to an integer r (an f32 value);
  /// the bounds, rounded to f32, clamp r to f32(the exact clamp), which is
  /// what the f64 computation gives once rounded to f32 (no f32 value lies
  /// between a bound and its rounding). Wrapping and stochastic rounding
  /// (which reads the bits below r) stay in f64.
  Type getComputeType(Attribute attr, Type element) const {
    Builder b(element.getContext());
    auto a = cast<FixedAttr>(attr);
    if (element.isF64())
      return b.getF64Type();
    if (a.getBits() > 24) {
      ref::FixedPoint f = refOf(a);
      if (!element.isF32() || f.wrap || f.frac < 0 ||
          f.rounding == ref::Rounding::Stochastic)
        return b.getF64Type();
    }
    return b.getF32Type();
  }
  static Value element(FixedAttr a, ElementLowering &el, Value x, Value random,
                       const ElementExtras &, Type) {
    return el.fixedPoint(refOf(a), x, random, Value());
  }
};

//===----------------------------------------------------------------------===//
// Float formats: integer manipulation of significand and exponent.
//===----------------------------------------------------------------------===//

struct FloatFormatModel : Model<FloatFormatModel, FloatFormatAttr> {
  static Value element(FloatFormatAttr a, ElementLowering &el, Value x,
                       Value random, const ElementExtras &, Type) {
    return el.floatFormat(refOf(a), a.getRounding(), x, random);
  }
};

//===----------------------------------------------------------------------===//
// Powers of two.
//===----------------------------------------------------------------------===//

struct Pow2Model : Model<Pow2Model, Pow2Attr> {
  static Value element(Pow2Attr a, ElementLowering &el, Value x, Value,
                       const ElementExtras &, Type element) {
    return el.pow2Format(refOf(a, *getRefElemType(element)), x);
  }
};

//===----------------------------------------------------------------------===//
// Binary: m if x >= 0 else -m (m rounded to the element type).
//===----------------------------------------------------------------------===//

struct BinaryModel : Model<BinaryModel, BinaryAttr> {
  static Value element(BinaryAttr a, ElementLowering &el, Value x, Value,
                       const ElementExtras &, Type element) {
    Type c = getElementTypeOrSelf(x.getType());
    double m = ref::roundToElement(a.getScale(), *getRefElemType(element));
    return el.selectV(el.cmpF(arith::CmpFPredicate::OGE, x, el.constF(c, 0.0)),
                      el.constF(c, m), el.constF(c, -m));
  }
};

//===----------------------------------------------------------------------===//
// Ternary: m, -m or 0 around a threshold t, given or t = 0.7 * mean |x|
// (WholeTensor strategy, statistic MeanAbs, prepared into t).
//===----------------------------------------------------------------------===//

struct TernaryModel : Model<TernaryModel, TernaryAttr> {
  Value prepareStatistic(Attribute, ElementLowering &el, Value mean,
                         Type) const {
    OpBuilder &b = el.builder();
    return arith::MulFOp::create(b, el.location(),
                                 el.constF(b.getF64Type(), 0.7), mean);
  }
  static Value element(TernaryAttr a, ElementLowering &el, Value x, Value,
                       const ElementExtras &extras, Type element) {
    OpBuilder &b = el.builder();
    Location loc = el.location();
    Type c = getElementTypeOrSelf(x.getType());
    double m = ref::roundToElement(a.getScale(), *getRefElemType(element));
    Value pos, neg;
    if (!a.getThreshold()) {
      // Compared in f64, as the reference compares.
      Value t = extras.statistic;
      if (!t)
        return {};
      Value xd = el.widen(x, b.getF64Type());
      pos = el.cmpF(arith::CmpFPredicate::OGT, xd, t);
      neg = el.cmpF(arith::CmpFPredicate::OLT, xd,
                    arith::NegFOp::create(b, loc, t));
    } else {
      // |x| > t  <=>  |x| >= the smallest c value above t (t inexact).
      auto [up, exact] = ElementLowering::roundUpTo(c, *a.getThreshold());
      pos = el.cmpF(exact ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OGE,
                    x, el.constF(c, up));
      neg = el.cmpF(exact ? arith::CmpFPredicate::OLT : arith::CmpFPredicate::OLE,
                    x, el.constF(c, -up));
    }
    return el.selectV(pos, el.constF(c, m),
                      el.selectV(neg, el.constF(c, -m), el.constF(c, 0.0)));
  }
};

//===----------------------------------------------------------------------===//
// Sparse: x if |x| >= t else 0 (with x's sign).
//===----------------------------------------------------------------------===//

struct SparseModel : Model<SparseModel, SparseAttr> {
  static Value element(SparseAttr a, ElementLowering &el, Value x, Value,
                       const ElementExtras &, Type) {
    Type c = getElementTypeOrSelf(x.getType());
    // |x| >= t  <=>  |x| >= the smallest c value >= t
    auto [up, exact] = ElementLowering::roundUpTo(c, a.getThreshold());
    (void)exact;
    Value keep = el.cmpF(arith::CmpFPredicate::OGE,
                         math::AbsFOp::create(el.builder(), el.location(), x),
                         el.constF(c, up));
    return el.selectV(keep, x, el.copySign(el.constF(c, 0.0), x));
  }
};

//===----------------------------------------------------------------------===//
// Affine integers (PyTorch's fake quantization), per tensor or per channel
// (PerChannel strategy: scale, 1 / scale in the compute type, zero point
// in f64).
//===----------------------------------------------------------------------===//

struct AffineModel : Model<AffineModel, AffineAttr> {
  SmallVector<DenseElementsAttr> getChannelParameters(Attribute attr,
                                                      Builder &b, Type,
                                                      Type compute,
                                                      int64_t channels) const {
    auto a = cast<AffineAttr>(attr);
    bool f32 = compute.isF32();
    SmallVector<Attribute> scales, inverses, zps;
    for (int64_t ch = 0; ch < channels; ++ch) {
      double s = a.getScale()[ch];
      if (f32) {
        float s32 = float(s);
        scales.push_back(b.getF32FloatAttr(s32));
        inverses.push_back(b.getF32FloatAttr(1.0f / s32));
      } else {
        scales.push_back(b.getF64FloatAttr(s));
        inverses.push_back(b.getF64FloatAttr(1.0 / s));
      }
      zps.push_back(b.getF64FloatAttr(double(a.getZeroPoint()[ch])));
    }
    auto ct = RankedTensorType::get({channels}, compute);
    auto f64 = RankedTensorType::get({channels}, b.getF64Type());
    return {DenseElementsAttr::get(ct, scales),
            DenseElementsAttr::get(ct, inverses),
            DenseElementsAttr::get(f64, zps)};
  }
  static Value element(AffineAttr a, ElementLowering &el, Value x, Value random,
                       const ElementExtras &extras, Type element) {
    return el.affine(a, x, random, extras, element);
  }
};

//===----------------------------------------------------------------------===//
// OCP microscaling (Blocks strategy): the block's E8M0 scale exponent from
// its largest magnitude A per scale_rounding (ref::MX::scaleExponent),
// clamped to [-127, 127].
//===----------------------------------------------------------------------===//

struct MXModel : Model<MXModel, MXAttr> {
  void lowerBlockScale(Attribute attr, ElementLowering &el, Value maxAbs,
                       ElementExtras &extras) const {
    auto a = cast<MXAttr>(attr);
    OpBuilder &b = el.builder();
    Location loc = el.location();
    Type i32 = b.getI32Type();
    Type c = getElementTypeOrSelf(maxAbs.getType());
    Type it = el.intTypeFor(c);
    ref::MXElement element = toRef(a.getElement());
    int emax = ref::MX::elementMaxExp(element);
    auto addI = [&](Value l, Value r) { return arith::AddIOp::create(b, loc, l, r); };
    auto subI = [&](Value l, Value r) { return arith::SubIOp::create(b, loc, l, r); };
    auto flag = [&](Value i1) {
      return arith::ExtUIOp::create(b, loc, el.typeOf(i32), i1);
    };
    auto isZero = [&](Value v) {
      return el.cmpF(arith::CmpFPredicate::OEQ, v, el.constF(c, 0.0));
    };
    // ceil(log2 v) of a finite v >= 0: e + (v is not a power of two), -127
    // for 0 (clamped below; subnormal v are decomposed exactly).
    auto ceilLog2 = [&](Value v) {
      auto [e, frac] = el.decompose(v);
      Value up = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, frac,
                                       el.constI(it, 0));
      return el.selectV(isZero(v), el.constI(i32, -127), addI(e, flag(up)));
    };
    // The formulas of ref::MX::scaleExponent.
    Value s;
    Value emaxV = el.constI(i32, emax);
    switch (a.getScaleRounding()) {
    case MXScaleRounding::floor:
      s = subI(el.ilogb(maxAbs), emaxV);
      break;
    case MXScaleRounding::ceil:
      s = subI(ceilLog2(maxAbs), emaxV);
      break;
    case MXScaleRounding::even: {
      // A = 2^e (1 + frac / 2^manBits), exactly; the significand rounded
      // half up to m bits carries when it is >= 2 - 2^-(m+1).
      auto [e, frac] = el.decompose(maxAbs);
      unsigned manBits = el.info(c).manBits;
      int m = ref::MX::elementManBits(element);
      uint64_t threshold = (uint64_t(1) << manBits) -
                           (uint64_t(1) << (manBits - unsigned(m) - 1));
      Value carry =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, frac,
                                el.constI(it, int64_t(threshold)));
      s = subI(addI(e, flag(carry)), emaxV);
      break;
    }
    case MXScaleRounding::rceil: {
      // ceil(log2 D), D = A * (1 / max) in the compute type.
      double r = ref::MX::rceilReciprocal(element, *getRefElemType(c));
      s = ceilLog2(arith::MulFOp::create(b, loc, maxAbs, el.constF(c, r)));
      break;
    }
    }
    // An all-zero block takes -emax in every mode.
    s = el.selectV(isZero(maxAbs), el.constI(i32, -emax), s);
    extras.scaleExp = arith::MaxSIOp::create(
        b, loc, arith::MinSIOp::create(b, loc, s, el.constI(i32, 127)),
        el.constI(i32, -127));
  }
  static Value element(MXAttr a, ElementLowering &el, Value x, Value random,
                       const ElementExtras &extras, Type) {
    ref::MXElement element = toRef(a.getElement());
    if (element == ref::MXElement::INT8)
      return el.fixedPoint(ref::MX::int8Format(toRef(a.getRounding())), x,
                           random, extras.scaleExp);
    return el.mxFloat(ref::MX::elementFormat(element, toRef(a.getRounding())),
                      a.getRounding(), x, random, extras.scaleExp);
  }
};

//===----------------------------------------------------------------------===//
// FP8 with an f32 scale per line (Blocks strategy, one block per line):
// s = f32(M / max(A, 1e-12)) in f64; element(x * s) / s in the compute
// type. With static scales (amax given) the strategy is elementwise or per
// channel and s a constant.
//===----------------------------------------------------------------------===//

struct ScaledFloatModel : Model<ScaledFloatModel, ScaledFloatAttr> {
  /// s = f32(M / max(A, 1e-12)), the product and quotient in f64.
  static Value scaleOf(ScaledFloatAttr a, ElementLowering &el, Value amax) {
    OpBuilder &b = el.builder();
    Location loc = el.location();
    Type f64 = b.getF64Type(), f32 = b.getF32Type();
    double m = ref::MX::elementMaxValue(toRef(a.getElement()));
    Value q = arith::DivFOp::create(
        b, loc, el.constF(f64, m),
        arith::MaximumFOp::create(b, loc, el.widen(amax, f64),
                                  el.constF(f64, 1e-12)));
    return arith::TruncFOp::create(b, loc, el.typeOf(f32), q);
  }
  /// The f32 scale in the compute type `c` (exactly).
  static Value scaleIn(ScaledFloatAttr a, ElementLowering &el, Value amax,
                       Type c) {
    Value s = scaleOf(a, el, amax);
    if (c.isF64())
      s = arith::ExtFOp::create(el.builder(), el.location(), el.typeOf(c), s);
    return s;
  }
  // Tensorwise: the tensor's scale from its largest magnitude.
  Value prepareStatistic(Attribute attr, ElementLowering &el, Value amax,
                         Type element) const {
    auto a = cast<ScaledFloatAttr>(attr);
    return scaleIn(a, el, amax, getComputeType(a, element));
  }
  void lowerBlockScale(Attribute attr, ElementLowering &el, Value maxAbs,
                       ElementExtras &extras) const {
    extras.scale = scaleIn(cast<ScaledFloatAttr>(attr), el, maxAbs,
                           getElementTypeOrSelf(maxAbs.getType()));
  }
  // Static scales (amax given), per channel: s = ref scale(amax), an f32
  // value, exact in the compute type.
  SmallVector<DenseElementsAttr> getChannelParameters(Attribute attr,
                                                      Builder &b, Type,
                                                      Type compute,
                                                      int64_t channels) const {
    auto a = cast<ScaledFloatAttr>(attr);
    ref::ScaledFloat f = refOf(a);
    SmallVector<Attribute> scales;
    for (int64_t ch = 0; ch < channels; ++ch)
      scales.push_back(b.getFloatAttr(compute, f.scale(a.getAmax()[ch])));
    return {DenseElementsAttr::get(RankedTensorType::get({channels}, compute),
                                   scales)};
  }
  static Value element(ScaledFloatAttr a, ElementLowering &el, Value x, Value,
                       const ElementExtras &extras, Type) {
    OpBuilder &b = el.builder();
    Location loc = el.location();
    Type c = getElementTypeOrSelf(x.getType());
    Value s = extras.scale;
    if (!a.getAmax().empty())
      s = extras.channel.size() == 1
              ? extras.channel[0]
              : el.constF(c, refOf(a).scale(a.getAmax()[0]));
    Value special;
    if (!s && extras.statistic) {
      // Tensorwise: the scale (prepareStatistic). It is NaN for a tensor
      // holding NaN and 0 for one holding Inf: all NaN.
      s = extras.statistic;
      special = el.cmpF(arith::CmpFPredicate::ULE, s, el.constF(c, 0.0));
    }
    if (!s)
      return {};
    ref::FloatFormat f = ref::MX::elementFormat(toRef(a.getElement()),
                                                ref::Rounding::NearestEven);
    Value xs = arith::MulFOp::create(b, loc, x, s);
    Value q = el.floatFormat(f, RoundingMode::nearest_even, xs, Value());
    Value y = arith::DivFOp::create(b, loc, q, s);
    if (special)
      y = el.selectV(special, el.constF(c, NAN), y);
    return y;
  }
};

//===----------------------------------------------------------------------===//
// Blocks with a float scale under an optional tensor scale (Blocks
// strategy, tensorStatistic MaxAbs; NVFP4): S from the tensor's maximum
// (prepareStatistic), s_b and e_b per block, element(x * e_b) * s_b / S.
//===----------------------------------------------------------------------===//

struct BlockScaledModel : Model<BlockScaledModel, BlockScaledAttr> {
  /// The tensor scale S in the compute type c: prepareStatistic's when
  /// measured, a constant when static (amax), null without one.
  static Value tensorScaleOf(BlockScaledAttr a, ElementLowering &el,
                             const ElementExtras &extras, Type c) {
    if (!a.getTensorScale())
      return {};
    if (a.getAmax().empty())
      return extras.statistic;
    return el.constF(c, refOf(a).tensorEncodeScale(a.getAmax()[0],
                                                  *getRefElemType(c)));
  }
  /// S = min(c(Ms * Me / A_t), max_c), in the compute type.
  Value prepareStatistic(Attribute attr, ElementLowering &el, Value amax,
                         Type element) const {
    ref::BlockScaled f = refOf(cast<BlockScaledAttr>(attr));
    OpBuilder &b = el.builder();
    Location loc = el.location();
    Type c = element.isF64() ? b.getF64Type() : b.getF32Type();
    // A_t is |x| of an element, exact in c.
    Value a = c.isF64() ? amax : arith::TruncFOp::create(b, loc, c, amax);
    double m = ref::MX::elementMaxValue(f.scale) *
               ref::MX::elementMaxValue(f.element);
    Value s = arith::DivFOp::create(b, loc, el.constF(c, m), a);
    return arith::MinimumFOp::create(
        b, loc, s, el.constF(c, ref::computeMax(*getRefElemType(c))));
  }
  void lowerBlockScale(Attribute attr, ElementLowering &el, Value maxAbs,
                       ElementExtras &extras) const {
    auto a = cast<BlockScaledAttr>(attr);
    ref::BlockScaled f = refOf(a);
    OpBuilder &b = el.builder();
    Location loc = el.location();
    Type c = getElementTypeOrSelf(maxAbs.getType());
    double cmax = ref::computeMax(*getRefElemType(c));
    Value S = tensorScaleOf(a, el, extras, c);
    if (!S) {
      S = el.constF(c, 1.0);
    } else if (a.getAmax().empty()) {
      // Measured, S is NaN for a tensor holding NaN, 0 for one holding Inf.
      extras.special = arith::OrIOp::create(
          b, loc, extras.special,
          el.cmpF(arith::CmpFPredicate::ULE, S, el.constF(c, 0.0)));
    }
    Value d = arith::MulFOp::create(
        b, loc,
        arith::DivFOp::create(b, loc, maxAbs,
                              el.constF(c, ref::MX::elementMaxValue(f.element))),
        S);
    d = arith::MinimumFOp::create(
        b, loc, d, el.constF(c, ref::MX::elementMaxValue(f.scale)));
    Value sb = el.floatFormat(
        ref::MX::elementFormat(f.scale, ref::Rounding::NearestEven),
        RoundingMode::nearest_even, d, Value());
    Value e = arith::MinimumFOp::create(
        b, loc, arith::DivFOp::create(b, loc, S, sb), el.constF(c, cmax));
    extras.scale = sb;
    extras.blockValues = {e};
  }
  static Value element(BlockScaledAttr a, ElementLowering &el, Value x,
                       Value random, const ElementExtras &extras, Type) {
    OpBuilder &b = el.builder();
    Location loc = el.location();
    Value S = tensorScaleOf(a, el, extras, getElementTypeOrSelf(x.getType()));
    if (!extras.scale || extras.blockValues.size() != 1 ||
        (a.getTensorScale() && !S))
      return {};
    Value q = el.floatFormat(
        ref::MX::elementFormat(toRef(a.getElement()), toRef(a.getRounding())),
        a.getRounding(),
        arith::MulFOp::create(b, loc, x, extras.blockValues[0]), random);
    Value y = arith::MulFOp::create(b, loc, q, extras.scale);
    // Divided by the tensor's S (S = 1 without one).
    if (S)
      y = arith::DivFOp::create(b, loc, y, S);
    return y;
  }
};

//===----------------------------------------------------------------------===//
// Group-wise integers (Blocks strategy; blockRange when asymmetric): the
// group's scale s (rounded to its scale type) and zero point z, then
// s * (clamp(round(x / s) + z, 0, qmax) - z).
//===----------------------------------------------------------------------===//

struct GroupIntModel : Model<GroupIntModel, GroupIntAttr> {
  void lowerBlockScale(Attribute attr, ElementLowering &el, Value maxAbs,
                       ElementExtras &extras) const {
    ref::GroupInt g = refOf(cast<GroupIntAttr>(attr));
    OpBuilder &b = el.builder();
    Location loc = el.location();
    Type c = getElementTypeOrSelf(maxAbs.getType());
    Value zero = el.constF(c, 0.0);
    Value lo, hi;
    if (g.symmetric) {
      hi = maxAbs;
      lo = arith::NegFOp::create(b, loc, hi);
    } else {
      lo = arith::MinimumFOp::create(b, loc, extras.blockMin, zero);
      hi = arith::MaximumFOp::create(b, loc, extras.blockMax, zero);
    }
    // Both 0: lo = -1, hi = 1.
    Value both = arith::AndIOp::create(
        b, loc, el.cmpF(arith::CmpFPredicate::OEQ, lo, zero),
        el.cmpF(arith::CmpFPredicate::OEQ, hi, zero));
    lo = el.selectV(both, el.constF(c, -1.0), lo);
    hi = el.selectV(both, el.constF(c, 1.0), hi);
    Value range = arith::SubFOp::create(b, loc, hi, lo);
    Value s = arith::DivFOp::create(b, loc, range,
                                    el.constF(c, double(g.qmax())));
    // Rounded to the scale type (saturating); 0 becomes its smallest value.
    ref::FloatFormat sf = ref::elemFormat(g.scaleType);
    sf.saturate = true;
    s = el.floatFormat(sf, RoundingMode::nearest_even, s, Value());
    double tiny = std::ldexp(1.0, ref::elemInfo(g.scaleType).minExp);
    s = el.selectV(el.cmpF(arith::CmpFPredicate::OEQ, s, zero),
                   el.constF(c, tiny), s);
    extras.scale = s;
    // The zero point: a block value when asymmetric, else the constant
    // 2^(bits-1) (element).
    if (!g.symmetric) {
      Value r = el.roundToInteger(
          arith::DivFOp::create(b, loc, arith::NegFOp::create(b, loc, lo), s),
          ref::Rounding::NearestEven);
      extras.blockValues = {arith::MinimumFOp::create(
          b, loc, arith::MaximumFOp::create(b, loc, r, zero),
          el.constF(c, double(g.qmax())))};
    }
  }
  static Value element(GroupIntAttr a, ElementLowering &el, Value x, Value,
                       const ElementExtras &extras, Type) {
    ref::GroupInt g = refOf(a);
    if (!extras.scale || extras.blockValues.size() != (g.symmetric ? 0 : 1))
      return {};
    OpBuilder &b = el.builder();
    Location loc = el.location();
    Type c = getElementTypeOrSelf(x.getType());
    Value s = extras.scale;
    Value z = g.symmetric ? el.constF(c, double(int64_t(1) << (g.bits - 1)))
                          : extras.blockValues[0];
    Value q = arith::AddFOp::create(
        b, loc,
        el.roundToInteger(arith::DivFOp::create(b, loc, x, s),
                          ref::Rounding::NearestEven),
        z);
    q = arith::MinimumFOp::create(
        b, loc, arith::MaximumFOp::create(b, loc, q, el.constF(c, 0.0)),
        el.constF(c, double(g.qmax())));
    return arith::MulFOp::create(b, loc, s,
                                 arith::SubFOp::create(b, loc, q, z));
  }
};

//===----------------------------------------------------------------------===//
// Block floating point (Blocks strategy): fixed-point elements under the
// block's exponent (the default block scale).
//===----------------------------------------------------------------------===//

struct BlockFloatModel : Model<BlockFloatModel, BlockFloatAttr> {
  static Value element(BlockFloatAttr a, ElementLowering &el, Value x,
                       Value random, const ElementExtras &extras, Type) {
    return el.fixedPoint(refOf(a).elementFormat(), x, random, extras.scaleExp);
  }
};
} // namespace

void tq::registerQuantizerLoweringModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, TQDialect *) {
    // IdentityAttr has no model: tq.quantize with it folds away and
    // lowers to nothing (QuantizerAttrInterface::isIdentity).
    FixedAttr::attachInterface<FixedModel>(*context);
    FloatFormatAttr::attachInterface<FloatFormatModel>(*context);
    Pow2Attr::attachInterface<Pow2Model>(*context);
    BinaryAttr::attachInterface<BinaryModel>(*context);
    TernaryAttr::attachInterface<TernaryModel>(*context);
    SparseAttr::attachInterface<SparseModel>(*context);
    AffineAttr::attachInterface<AffineModel>(*context);
    MXAttr::attachInterface<MXModel>(*context);
    BlockFloatAttr::attachInterface<BlockFloatModel>(*context);
    ScaledFloatAttr::attachInterface<ScaledFloatModel>(*context);
    BlockScaledAttr::attachInterface<BlockScaledModel>(*context);
    GroupIntAttr::attachInterface<GroupIntModel>(*context);
  });
}
