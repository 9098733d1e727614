//===- Float.cpp - Custom floats ------------------------------------------===//
//
// Custom binary floating point and the named float formats: the attributes' verification, reference semantics
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
// Custom float
//===----------------------------------------------------------------------===//

ArrayRef<NamedFloatFormat> tq::getNamedFloatFormats() {
  static const NamedFloatFormat named[] = {
      {"fp16", 5, 10, FloatKind::ieee},
      {"bf16", 8, 7, FloatKind::ieee},
      {"tf32", 8, 10, FloatKind::ieee},
      // IEEE binary32: the identity on f32 (folded), f32's rounding on f64.
      {"fp32", 8, 23, FloatKind::ieee},
      {"fp8_e4m3", 4, 3, FloatKind::nan_only},
      {"fp8_e5m2", 5, 2, FloatKind::ieee},
      {"fp6_e2m3", 2, 3, FloatKind::finite_only},
      {"fp6_e3m2", 3, 2, FloatKind::finite_only},
      {"fp4_e2m1", 2, 1, FloatKind::finite_only},
  };
  return named;
}

Overflow FloatFormatAttr::getDefaultOverflow(FloatKind kind) {
  return kind == FloatKind::ieee ? Overflow::infinity : Overflow::saturate;
}

Overflow FloatFormatAttr::getEffectiveOverflow() const {
  return getOverflow() ? *getOverflow() : getDefaultOverflow(getKind());
}

ref::FloatFormat tq::refOf(FloatFormatAttr a) {
  ref::FloatFormat f;
  f.expBits = a.getExp();
  f.manBits = a.getMan();
  f.kind = toRef(a.getKind());
  f.subnormals = a.getSubnormals();
  f.saturate = a.getEffectiveOverflow() == Overflow::saturate;
  f.rounding = toRef(a.getRounding());
  return f;
}

LogicalResult
FloatFormatAttr::verify(function_ref<InFlightDiagnostic()> emitError, int exp,
                        int man, FloatKind kind, bool,
                        std::optional<Overflow> overflow, RoundingMode) {
  int minExp = kind == FloatKind::ieee ? 2 : 1;
  if (exp < minExp || exp > 11)
    return emitError() << "custom float needs " << minExp
                       << " to 11 exponent bits"
                       << (kind == FloatKind::ieee ? " (ieee reserves one "
                                                     "exponent for Inf/NaN)"
                                                   : "")
                       << ", got " << exp;
  if (man < 0 || man > 52)
    return emitError() << "custom float needs 0 to 52 mantissa bits, got "
                       << man;
  if (kind == FloatKind::nan_only && man < 1)
    return emitError() << "a nan_only float needs at least 1 mantissa bit "
                       << "(its top binade would hold only NaN)";
  if (overflow == Overflow::wrap)
    return emitError() << "custom float overflow must be saturate or "
                       << "infinity, not wrap";
  if (overflow == Overflow::infinity && kind != FloatKind::ieee)
    return emitError() << "a " << stringifyFloatKind(kind)
                       << " float has no infinity: overflow must be saturate";
  return success();
}

LogicalResult FloatFormatAttr::verifyForType(
    Type type, function_ref<InFlightDiagnostic()> emitError) const {
  ValueTypeInfo info = getInfo(type);
  ref::ElemInfo e = ref::elemInfo(info.elem);
  if (getExp() > e.expBits || getMan() > e.manBits)
    return emitError() << getSpec() << " (" << getExp() << " exponent, "
                       << getMan() << " mantissa bits) does not fit in "
                       << info.elementType << " (" << e.expBits
                       << " exponent, " << e.manBits << " mantissa bits)";
  if (refOf(*this).maxFinite() > ref::elemFormat(info.elem).maxFinite())
    return emitError() << "the largest value of " << getSpec()
                       << " exceeds the largest " << info.elementType
                       << " value";
  return success();
}
bool FloatFormatAttr::isStochastic() const {
  return getRounding() == RoundingMode::stochastic;
}
bool FloatFormatAttr::isIdempotent(Type) const { return true; }
bool FloatFormatAttr::isIdentity(Type elementType) const {
  // The element type's own format: every value of it is representable,
  // Inf included, so no rounding mode changes any.
  std::optional<ref::ElemType> elem = getRefElemType(elementType);
  if (!elem)
    return false;
  ref::ElemInfo e = ref::elemInfo(*elem);
  return getExp() == e.expBits && getMan() == e.manBits &&
         getKind() == FloatKind::ieee && getSubnormals() &&
         getEffectiveOverflow() == Overflow::infinity;
}
void FloatFormatAttr::evaluate(ref::Tensor &t, uint64_t seed,
                               uint64_t offset) const {
  ref::FloatFormat f = refOf(*this);
  ref::applyElementwise(t, isStochastic(), seed, offset,
              [&](double x, uint32_t r) { return f.apply(x, r); });
}
std::string FloatFormatAttr::getSpec() const {
  // Named formats print as their name (the string parser's shortcuts).
  bool defaultOverflow = getEffectiveOverflow() == getDefaultOverflow(getKind());
  for (const NamedFloatFormat &n : getNamedFloatFormats())
    if (n.exp == getExp() && n.man == getMan() && n.kind == getKind() &&
        getSubnormals() && defaultOverflow)
      return n.name +
             roundingSuffix(getRounding(), defaults::FloatFormat::rounding);
  std::string s = llvm::formatv("float,{0},{1}", getExp(), getMan());
  if (getKind() != FloatKind::ieee)
    s += ("," + stringifyFloatKind(getKind())).str();
  if (!getSubnormals())
    s += ",no_subnormals";
  if (!defaultOverflow)
    s += ("," + stringifyOverflow(getEffectiveOverflow())).str();
  s += roundingSuffix(getRounding(), defaults::FloatFormat::rounding);
  return s;
}

double FloatFormatAttr::getBitsPerElement() const {
  return 1 + getExp() + getMan();
}

//===----------------------------------------------------------------------===//
// Quantizer strings
//===----------------------------------------------------------------------===//

// `float,E,M` is TQAttributes.td's; fp16, bf16, fp8_e4m3, ... are presets.
std::optional<QuantizerAttrInterface> Parser::parseFloatPreset(StringRef name) {
  for (const NamedFloatFormat &f : getNamedFloatFormats())
    if (name == f.name) {
      strings::FloatFormat s;
      s.exp = f.exp;
      s.man = f.man;
      s.kind = f.kind;
      return parseFormat(s, 1, /*positional=*/false, "float");
    }
  return std::nullopt;
}

bool strings::FloatFormat::extraOption(Parser &, const Token &t) {
  if (t.text != "fn")
    return false;
  kind = FloatKind::nan_only; // as in MLIR's f8E4M3FN
  return true;
}

bool strings::FloatFormat::finish(Parser &) {
  // The kind's own overflow behaviour is stored as "not given", so that
  // "fp16" and "float,5,10,infinity" are the same attribute.
  if (overflow == FloatFormatAttr::getDefaultOverflow(kind))
    overflow = std::nullopt;
  return true;
}
