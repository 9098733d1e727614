//===- Affine.cpp - Affine integers ---------------------------------------===//
//
// Affine integers (PyTorch fake quantization): the attributes' verification, reference semantics
// (refOf, evaluate), spec and storage per element. The format's lowering is
// its section of lib/Conversion/TQToArith/Formats.cpp; its string syntax is
// declared in TQAttributes.td (TQ_StringSyntax) and generated; its user
// reference in docs/quantizers.md.
//
//===----------------------------------------------------------------------===//

#include "../FormatUtils.h"
#include "../QuantizerStringParser.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace tq;
using namespace tq::detail;

//===----------------------------------------------------------------------===//
// Affine
//===----------------------------------------------------------------------===//

ref::Affine tq::refOf(AffineAttr a) {
  ref::Affine q;
  q.bits = a.getBits();
  q.isSigned = a.getIsSigned();
  q.narrow = a.getNarrow();
  q.rounding = toRef(a.getRounding());
  q.divide = a.getDivide();
  return q;
}

LogicalResult AffineAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 int bits, ArrayRef<F64> scale,
                                 ArrayRef<int64_t> zeroPoint, bool isSigned,
                                 bool narrow, std::optional<int64_t> axis,
                                 RoundingMode, bool) {
  if (bits < 1 || bits > 32)
    return emitError() << "affine quantization needs 1 to 32 bits, got "
                       << bits;
  if (isSigned && narrow && bits < 2)
    return emitError() << "narrow-range signed affine quantization needs at "
                       << "least 2 bits";
  if (scale.empty())
    return emitError() << "affine quantization needs at least one scale";
  if (scale.size() != zeroPoint.size())
    return emitError() << "affine quantization has " << scale.size()
                       << " scales but " << zeroPoint.size()
                       << " zero points";
  if (!axis && scale.size() != 1)
    return emitError() << "per-tensor affine quantization takes one scale, "
                       << "got " << scale.size()
                       << " (give an axis for per-channel quantization)";
  ref::Affine q;
  q.bits = bits;
  q.isSigned = isSigned;
  q.narrow = narrow;
  for (auto [i, s] : llvm::enumerate(scale)) {
    if (failed(checkScale(emitError, "affine", s)))
      return failure();
    // x is scaled by 1/scale: a subnormal scale's reciprocal overflows, and
    // 0 * inf would make 0 a NaN.
    if (!std::isfinite(1.0 / s))
      return emitError() << "affine scale " << str(s)
                         << " has no finite reciprocal (1/scale overflows)";
  }
  for (int64_t zp : zeroPoint)
    if (zp < q.qmin() || zp > q.qmax())
      return emitError() << "affine zero point " << zp
                         << " is outside the integer range [" << q.qmin()
                         << ", " << q.qmax() << "]";
  return success();
}

LogicalResult
AffineAttr::verifyForType(Type type,
                          function_ref<InFlightDiagnostic()> emitError) const {
  ValueTypeInfo info = getInfo(type);
  if (getAxis()) {
    FailureOr<int64_t> axis =
        resolveAxis(type, *getAxis(), "per-channel affine quantization",
                    emitError);
    if (failed(axis))
      return failure();
    int64_t dim = (*info.shape)[*axis];
    if (ShapedType::isDynamic(dim))
      return emitError() << "per-channel affine quantization needs a static "
                         << "size along axis " << *getAxis() << " of " << type;
    if (failed(checkChannelCount(emitError, "per-channel affine quantization",
                                 *getAxis(), type, dim, getScale().size(),
                                 "scales")))
      return failure();
  }
  ref::Affine q = refOf(*this);
  double maxElem = ref::elemFormat(info.elem).maxFinite();
  for (auto [s, zp] : llvm::zip(getScale(), getZeroPoint())) {
    double reach = std::max(double(q.qmax() - zp), double(zp - q.qmin())) * s;
    if (!(reach <= maxElem))
      return emitError() << "affine range of " << getSpec() << " reaches "
                         << str(reach) << ", beyond the largest "
                         << info.elementType << " value";
  }
  if (info.elem != ref::ElemType::F64)
    for (double s : getScale()) {
      float s32 = float(s);
      if (!std::isfinite(1.0f / s32) || !std::isfinite(s32))
        return emitError() << "affine scale " << str(s)
                           << " is out of the f32 range in which "
                           << info.elementType << " values are quantized";
    }
  return success();
}
bool AffineAttr::isStochastic() const {
  return getRounding() == RoundingMode::stochastic;
}
TensorStrategy AffineAttr::getTensorStrategy() const {
  return getAxis() ? TensorStrategy::perChannel(*getAxis())
                   : TensorStrategy::elementwise();
}
bool AffineAttr::isIdempotent(Type elementType) const {
  // (q - zp) * scale * (1/scale) comes back within a few ulps of q - zp;
  // rounding to nearest restores it while |q - zp| < 2^(precision - 4).
  // Scales below the element type's smallest normal let a nonzero
  // (q - zp) * scale underflow to -0, which quantizes to +0 (a different
  // bit pattern): not idempotent then.
  auto elem = getRefElemType(elementType);
  if (!elem)
    return false;
  double minNormal = std::ldexp(1.0, ref::elemFormat(*elem).minNormalExp());
  return isNearest(getRounding()) && getBits() <= precisionOf(*elem) - 4 &&
         llvm::all_of(getScale(), [&](double s) { return s >= minNormal; });
}
void AffineAttr::evaluate(ref::Tensor &t, uint64_t seed, uint64_t offset) const {
  std::optional<int64_t> axis;
  if (getAxis())
    axis = normalizeAxis(*getAxis(), int64_t(t.shape.size()));
  ref::applyAffine(t, refOf(*this),
                   std::vector<double>(getScale().begin(), getScale().end()),
                   std::vector<int64_t>(getZeroPoint().begin(),
                                        getZeroPoint().end()),
                   axis, seed, offset);
}
std::string AffineAttr::getSpec() const {
  auto list = [](auto values, auto fmt) {
    std::string s;
    for (auto [i, v] : llvm::enumerate(values))
      s += (i ? ";" : "") + fmt(v);
    return s;
  };
  std::string s = llvm::formatv("affine,{0},", getBits());
  s += list(getScale(), [](double v) { return str(v); });
  s += "," + list(getZeroPoint(), [](int64_t v) { return std::to_string(v); });
  if (!getIsSigned())
    s += ",unsigned";
  if (getNarrow())
    s += ",narrow";
  if (getAxis())
    s += llvm::formatv(",axis={0}", *getAxis()).str();
  s += roundingSuffix(getRounding(), defaults::Affine::rounding);
  if (getDivide())
    s += ",divide";
  return s;
}

double AffineAttr::getBitsPerElement() const { return getBits(); }
