//===- Fixed.cpp - Fixed point --------------------------------------------===//
//
// Fixed point: the attributes' verification, reference semantics
// (refOf, evaluate), spec and storage per element. The format's lowering is
// its section of lib/Conversion/TQToArith/Formats.cpp; its string syntax is
// declared in TQAttributes.td (TQ_StringSyntax), its presets and hooks are
// below; its user reference in docs/quantizers.md.
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
// Fixed point
//===----------------------------------------------------------------------===//

ref::FixedPoint tq::refOf(FixedAttr a) {
  ref::FixedPoint f;
  f.bits = a.getBits();
  f.frac = a.getFrac();
  f.isSigned = a.getIsSigned();
  f.wrap = a.getOverflow() == Overflow::wrap;
  f.rounding = toRef(a.getRounding());
  return f;
}

LogicalResult FixedAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                int bits, int frac, bool, RoundingMode,
                                Overflow overflow) {
  if (bits < 1 || bits > 53)
    return emitError() << "fixed point needs 1 to 53 total bits, got " << bits;
  if (frac < -1000 || frac > 1000)
    return emitError() << "fixed point fractional bits must be in "
                       << "[-1000, 1000], got " << frac;
  if (overflow == Overflow::infinity)
    return emitError() << "fixed point has no infinity: overflow must be "
                       << "saturate or wrap";
  return success();
}

LogicalResult
FixedAttr::verifyForType(Type type,
                         function_ref<InFlightDiagnostic()> emitError) const {
  ValueTypeInfo info = getInfo(type);
  ref::ElemInfo e = ref::elemInfo(info.elem);
  ref::FixedPoint f = refOf(*this);
  double maxElem = ref::elemFormat(info.elem).maxFinite();
  if (f.maxValue() > maxElem || -f.minValue() > maxElem)
    return emitError() << "fixed point range of " << getSpec()
                       << " exceeds the largest " << info.elementType
                       << " value";
  if (-getFrac() < e.minExp)
    return emitError() << "fixed point step 2^" << -getFrac() << " of "
                       << getSpec() << " is below the smallest "
                       << info.elementType << " subnormal 2^" << e.minExp;
  return success();
}
bool FixedAttr::isStochastic() const {
  return getRounding() == RoundingMode::stochastic;
}
bool FixedAttr::isIdempotent(Type elementType) const {
  // With more bits than the element's precision, rounding into the element
  // type can step past the largest value, which wrapping would then move.
  auto elem = getRefElemType(elementType);
  return getOverflow() != Overflow::wrap ||
         (elem && getBits() <= precisionOf(*elem));
}
void FixedAttr::evaluate(ref::Tensor &t, uint64_t seed, uint64_t offset) const {
  ref::FixedPoint f = refOf(*this);
  ref::applyElementwise(t, isStochastic(), seed, offset,
              [&](double x, uint32_t r) { return f.apply(x, r); });
}
std::string FixedAttr::getSpec() const {
  std::string s = llvm::formatv("fixed,{0},{1}", getBits(), getFrac());
  s += roundingSuffix(getRounding(), defaults::Fixed::rounding);
  if (!getIsSigned())
    s += ",unsigned";
  if (getOverflow() == Overflow::wrap)
    s += ",wrap";
  return s;
}

double FixedAttr::getBitsPerElement() const { return getBits(); }

//===----------------------------------------------------------------------===//
// Quantizer strings
//===----------------------------------------------------------------------===//

// `fixed,B,F` is TQAttributes.td's; a rounding mode as the name is
// TensorQuant's syntax, the mode then fixed.
std::optional<QuantizerAttrInterface> Parser::parseFixedPreset(StringRef name) {
  // TensorQuant fixed point: nearest = ties away (its C kernel's std::round).
  std::optional<RoundingMode> mode =
      name == "nearest" ? RoundingMode::nearest_away : roundingOf(name);
  if (!mode)
    return std::nullopt;
  strings::Fixed s;
  s.rounding = *mode;
  return parseFormat(s, 1, /*positional=*/true, "fixed point", {"rounding"});
}
