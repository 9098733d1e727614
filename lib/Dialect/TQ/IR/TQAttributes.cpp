//===- TQAttributes.cpp - Quantizer attributes ----------------------------===//
//
// Parameter syntax, element-type-independent verification (`verify`),
// element-type-dependent verification (`verifyForType`) and the bridge from
// each attribute to its reference semantics (`evaluate`).
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace mlir;
using namespace tq;

#include "tq/Dialect/TQ/IR/TQEnums.cpp.inc"
#include "tq/Dialect/TQ/IR/TQInterfaces.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "tq/Dialect/TQ/IR/TQAttributes.cpp.inc"

//===----------------------------------------------------------------------===//
// Parameter parsers and printers
//===----------------------------------------------------------------------===//

FailureOr<F64> tq::detail::parseF64(AsmParser &parser) {
  double value;
  if (parser.parseFloat(value))
    return failure();
  return F64(value);
}

FailureOr<std::optional<F64>> tq::detail::parseOptionalF64(AsmParser &parser) {
  FailureOr<F64> value = parseF64(parser);
  if (failed(value))
    return failure();
  return std::optional<F64>(*value);
}

void tq::detail::printF64(AsmPrinter &printer, double value) {
  printer.printFloat(llvm::APFloat(value));
}

FailureOr<bool> tq::detail::parseBool(AsmParser &parser) {
  if (succeeded(parser.parseOptionalKeyword("true")))
    return true;
  if (succeeded(parser.parseOptionalKeyword("false")))
    return false;
  return parser.emitError(parser.getCurrentLocation(),
                          "expected 'true' or 'false'");
}

FailureOr<std::optional<Overflow>>
tq::detail::parseOptionalOverflow(AsmParser &parser) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (parser.parseKeyword(&keyword))
    return failure();
  std::optional<Overflow> value = symbolizeOverflow(keyword);
  if (!value)
    return parser.emitError(loc, "expected saturate, wrap or infinity");
  return value;
}

FailureOr<SmallVector<F64>> tq::detail::parseF64List(AsmParser &parser) {
  SmallVector<F64> values;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        double v;
        if (parser.parseFloat(v))
          return failure();
        values.push_back(v);
        return success();
      }))
    return failure();
  return values;
}

void tq::detail::printF64List(AsmPrinter &printer, ArrayRef<F64> values) {
  printer << '[';
  llvm::interleaveComma(values, printer, [&](F64 v) { printF64(printer, v); });
  printer << ']';
}

FailureOr<SmallVector<int64_t>> tq::detail::parseI64List(AsmParser &parser) {
  SmallVector<int64_t> values;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        int64_t v;
        if (parser.parseInteger(v))
          return failure();
        values.push_back(v);
        return success();
      }))
    return failure();
  return values;
}

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

std::optional<ref::ElemType> tq::getRefElemType(Type type) {
  Type element = getElementTypeOrSelf(type);
  if (element.isF16())
    return ref::ElemType::F16;
  if (element.isBF16())
    return ref::ElemType::BF16;
  if (element.isF32())
    return ref::ElemType::F32;
  if (element.isF64())
    return ref::ElemType::F64;
  return std::nullopt;
}

// Each enum is one list: TQEnums.td's cases and Reference.h's (which has
// no MLIR) in the same order with the same values. These asserts make any
// difference a compile error, so the conversions are plain casts.
#define TQ_SAME_CASE(dialect, reference)                                      \
  static_assert(static_cast<uint32_t>(dialect) ==                             \
                    static_cast<uint32_t>(reference),                         \
                #dialect " and " #reference " differ")
TQ_SAME_CASE(RoundingMode::nearest_even, ref::Rounding::NearestEven);
TQ_SAME_CASE(RoundingMode::nearest_away, ref::Rounding::NearestAway);
TQ_SAME_CASE(RoundingMode::toward_zero, ref::Rounding::TowardZero);
TQ_SAME_CASE(RoundingMode::down, ref::Rounding::Down);
TQ_SAME_CASE(RoundingMode::up, ref::Rounding::Up);
TQ_SAME_CASE(RoundingMode::odd, ref::Rounding::Odd);
TQ_SAME_CASE(RoundingMode::stochastic, ref::Rounding::Stochastic);
TQ_SAME_CASE(getMaxEnumValForRoundingMode(), ref::Rounding::Stochastic);
TQ_SAME_CASE(FloatKind::ieee, ref::FloatKind::IEEE);
TQ_SAME_CASE(FloatKind::nan_only, ref::FloatKind::NanOnly);
TQ_SAME_CASE(FloatKind::finite_only, ref::FloatKind::FiniteOnly);
TQ_SAME_CASE(getMaxEnumValForFloatKind(), ref::FloatKind::FiniteOnly);
TQ_SAME_CASE(Pow2Rounding::floor, ref::Pow2Rounding::Floor);
TQ_SAME_CASE(Pow2Rounding::nearest, ref::Pow2Rounding::Nearest);
TQ_SAME_CASE(getMaxEnumValForPow2Rounding(), ref::Pow2Rounding::Nearest);
TQ_SAME_CASE(MXElement::fp8_e4m3, ref::MXElement::FP8E4M3);
TQ_SAME_CASE(MXElement::fp8_e5m2, ref::MXElement::FP8E5M2);
TQ_SAME_CASE(MXElement::fp6_e2m3, ref::MXElement::FP6E2M3);
TQ_SAME_CASE(MXElement::fp6_e3m2, ref::MXElement::FP6E3M2);
TQ_SAME_CASE(MXElement::fp4_e2m1, ref::MXElement::FP4E2M1);
TQ_SAME_CASE(MXElement::int8, ref::MXElement::INT8);
TQ_SAME_CASE(getMaxEnumValForMXElement(), ref::MXElement::INT8);
#undef TQ_SAME_CASE

ref::Rounding tq::toRef(RoundingMode mode) {
  return static_cast<ref::Rounding>(mode);
}
RoundingMode tq::fromRef(ref::Rounding mode) {
  return static_cast<RoundingMode>(mode);
}
ref::FloatKind tq::toRef(FloatKind kind) {
  return static_cast<ref::FloatKind>(kind);
}
ref::Pow2Rounding tq::toRef(Pow2Rounding rounding) {
  return static_cast<ref::Pow2Rounding>(rounding);
}
ref::MXElement tq::toRef(MXElement element) {
  return static_cast<ref::MXElement>(element);
}

namespace {
/// Element type and shape of a value type, for the checks below.
struct ValueTypeInfo {
  ref::ElemType elem;
  Type elementType;
  std::optional<ArrayRef<int64_t>> shape; // nullopt for scalars
};

ValueTypeInfo getInfo(Type type) {
  ValueTypeInfo info{*getRefElemType(type), getElementTypeOrSelf(type),
                     std::nullopt};
  if (auto shaped = dyn_cast<ShapedType>(type))
    info.shape = shaped.getShape();
  return info;
}

/// Resolves a possibly negative axis against a shaped value type; reports
/// scalars and out-of-range axes.
FailureOr<int64_t> resolveAxis(Type type, int64_t axis, StringRef what,
                               function_ref<InFlightDiagnostic()> emitError) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || shaped.getRank() == 0)
    return emitError() << what << " works along an axis and needs a vector "
                       << "or ranked tensor of rank >= 1, got " << type;
  int64_t rank = shaped.getRank();
  if (axis < -rank || axis >= rank)
    return emitError() << what << " axis " << axis << " is out of range for "
                       << type << " (rank " << rank << ")";
  return axis < 0 ? axis + rank : axis;
}

bool isNearest(RoundingMode mode) {
  return mode == RoundingMode::nearest_even ||
         mode == RoundingMode::nearest_away;
}

int precisionOf(ref::ElemType elem) {
  return ref::elemInfo(elem).manBits + 1;
}

std::string str(double v) {
  // Shortest decimal that reads back as the same double.
  char buf[40];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof(buf), "%.0f", v);
    return buf;
  }
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof(buf), "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v)
      break;
  }
  return buf;
}

std::string roundingSuffix(RoundingMode mode, RoundingMode defaultMode) {
  if (mode == defaultMode)
    return "";
  return ("," + stringifyRoundingMode(mode)).str();
}

/// Runs an elementwise reference quantizer over the tensor.
template <typename Fn>
void elementwise(ref::Tensor &t, bool stochastic, uint64_t seed,
                 uint64_t offset, Fn fn) {
  ref::applyElementwise(t, stochastic, seed, offset, fn);
}
} // namespace

//===----------------------------------------------------------------------===//
// Identity
//===----------------------------------------------------------------------===//

LogicalResult
IdentityAttr::verifyForType(Type, function_ref<InFlightDiagnostic()>) const {
  return success();
}
bool IdentityAttr::isStochastic() const { return false; }
bool IdentityAttr::isElementwise() const { return true; }
bool IdentityAttr::isIdempotent(Type) const { return true; }
bool IdentityAttr::isIdentity(Type) const { return true; }
void IdentityAttr::evaluate(ref::Tensor &, uint64_t, uint64_t) const {}
std::string IdentityAttr::getSpec() const { return "none"; }

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
bool FixedAttr::isElementwise() const { return true; }
bool FixedAttr::isIdempotent(Type elementType) const {
  // With more bits than the element's precision, rounding into the element
  // type can step past the largest value, which wrapping would then move.
  auto elem = getRefElemType(elementType);
  return getOverflow() != Overflow::wrap ||
         (elem && getBits() <= precisionOf(*elem));
}
void FixedAttr::evaluate(ref::Tensor &t, uint64_t seed, uint64_t offset) const {
  ref::FixedPoint f = refOf(*this);
  elementwise(t, isStochastic(), seed, offset,
              [&](double x, uint32_t r) { return f.apply(x, r); });
}
std::string FixedAttr::getSpec() const {
  std::string s = llvm::formatv("fixed,{0},{1}", getBits(), getFrac());
  s += roundingSuffix(getRounding(), RoundingMode::nearest_even);
  if (!getIsSigned())
    s += ",unsigned";
  if (getOverflow() == Overflow::wrap)
    s += ",wrap";
  return s;
}

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
bool FloatFormatAttr::isElementwise() const { return true; }
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
  elementwise(t, isStochastic(), seed, offset,
              [&](double x, uint32_t r) { return f.apply(x, r); });
}
std::string FloatFormatAttr::getSpec() const {
  // Named formats print as their name (the string parser's shortcuts).
  bool defaultOverflow = getEffectiveOverflow() == getDefaultOverflow(getKind());
  for (const NamedFloatFormat &n : getNamedFloatFormats())
    if (n.exp == getExp() && n.man == getMan() && n.kind == getKind() &&
        getSubnormals() && defaultOverflow)
      return n.name +
             roundingSuffix(getRounding(), RoundingMode::nearest_even);
  std::string s = llvm::formatv("float,{0},{1}", getExp(), getMan());
  if (getKind() != FloatKind::ieee)
    s += ("," + stringifyFloatKind(getKind())).str();
  if (!getSubnormals())
    s += ",no_subnormals";
  if (!defaultOverflow)
    s += ("," + stringifyOverflow(getEffectiveOverflow())).str();
  s += roundingSuffix(getRounding(), RoundingMode::nearest_even);
  return s;
}

//===----------------------------------------------------------------------===//
// Power of two
//===----------------------------------------------------------------------===//

LogicalResult Pow2Attr::verify(function_ref<InFlightDiagnostic()> emitError,
                               Pow2Rounding, std::optional<int64_t> minExp,
                               std::optional<int64_t> maxExp) {
  if (minExp && maxExp && *minExp > *maxExp)
    return emitError() << "pow2 min_exp " << *minExp
                       << " is greater than max_exp " << *maxExp;
  return success();
}

ref::Pow2 tq::refOf(Pow2Attr a, ref::ElemType elem) {
  ref::ElemInfo e = ref::elemInfo(elem);
  ref::Pow2 p;
  p.rounding = toRef(a.getRounding());
  p.minExp = a.getMinExp() ? int(*a.getMinExp()) : e.minExp;
  p.maxExp = a.getMaxExp() ? int(*a.getMaxExp()) : e.maxExp;
  return p;
}

LogicalResult
Pow2Attr::verifyForType(Type type,
                        function_ref<InFlightDiagnostic()> emitError) const {
  ValueTypeInfo info = getInfo(type);
  ref::ElemInfo e = ref::elemInfo(info.elem);
  for (auto [name, value] : {std::pair{"min_exp", getMinExp()},
                             std::pair{"max_exp", getMaxExp()}})
    if (value && (*value < e.minExp || *value > e.maxExp))
      return emitError() << "pow2 " << name << " " << *value
                         << " is outside the exponent range [" << e.minExp
                         << ", " << e.maxExp << "] of " << info.elementType;
  return success();
}
bool Pow2Attr::isStochastic() const { return false; }
bool Pow2Attr::isElementwise() const { return true; }
bool Pow2Attr::isIdempotent(Type) const { return true; }
void Pow2Attr::evaluate(ref::Tensor &t, uint64_t seed, uint64_t offset) const {
  ref::Pow2 p = refOf(*this, t.elem);
  elementwise(t, false, seed, offset,
              [&](double x, uint32_t) { return p.apply(x); });
}
std::string Pow2Attr::getSpec() const {
  std::string s = "pow2";
  if (getRounding() != Pow2Rounding::floor)
    s += ",nearest";
  if (getMinExp())
    s += llvm::formatv(",min_exp={0}", *getMinExp()).str();
  if (getMaxExp())
    s += llvm::formatv(",max_exp={0}", *getMaxExp()).str();
  return s;
}

//===----------------------------------------------------------------------===//
// Binary, ternary, sparse
//===----------------------------------------------------------------------===//

static LogicalResult checkScale(function_ref<InFlightDiagnostic()> emitError,
                                StringRef what, double scale) {
  if (!(scale > 0.0) || !std::isfinite(scale))
    return emitError() << what << " scale must be positive and finite, got "
                       << str(scale);
  return success();
}

static LogicalResult checkScaleFits(function_ref<InFlightDiagnostic()> emitError,
                                    StringRef what, double scale, Type type) {
  ValueTypeInfo info = getInfo(type);
  double inElem = ref::roundToElement(scale, info.elem);
  if (!std::isfinite(inElem) || inElem == 0.0)
    return emitError() << what << " scale " << str(scale)
                       << " is not representable in " << info.elementType;
  return success();
}

LogicalResult BinaryAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 F64 scale) {
  return checkScale(emitError, "binary", scale);
}
LogicalResult
BinaryAttr::verifyForType(Type type,
                          function_ref<InFlightDiagnostic()> emitError) const {
  return checkScaleFits(emitError, "binary", getScale(), type);
}
bool BinaryAttr::isStochastic() const { return false; }
bool BinaryAttr::isElementwise() const { return true; }
bool BinaryAttr::isIdempotent(Type) const { return true; }
ref::Binary tq::refOf(BinaryAttr a) { return ref::Binary{a.getScale()}; }
void BinaryAttr::evaluate(ref::Tensor &t, uint64_t seed, uint64_t offset) const {
  ref::Binary b = refOf(*this);
  elementwise(t, false, seed, offset,
              [&](double x, uint32_t) { return b.apply(x); });
}
std::string BinaryAttr::getSpec() const { return "binary," + str(getScale()); }

LogicalResult TernaryAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  F64 scale, std::optional<F64> threshold) {
  if (failed(checkScale(emitError, "ternary", scale)))
    return failure();
  if (threshold && (!(*threshold >= 0.0) || !std::isfinite(*threshold)))
    return emitError() << "ternary threshold must be non-negative and "
                       << "finite, got " << str(*threshold);
  return success();
}
LogicalResult
TernaryAttr::verifyForType(Type type,
                           function_ref<InFlightDiagnostic()> emitError) const {
  return checkScaleFits(emitError, "ternary", getScale(), type);
}
bool TernaryAttr::isStochastic() const { return false; }
bool TernaryAttr::isElementwise() const { return getThreshold().has_value(); }
TensorStrategy TernaryAttr::getTensorStrategy() const {
  // t = 0.7 * mean |x| without a threshold.
  return getThreshold() ? TensorStrategy::elementwise()
                        : TensorStrategy::wholeTensor(
                              TensorStrategy::Statistic::MeanAbs,
                              "an automatic threshold");
}
bool TernaryAttr::isIdempotent(Type elementType) const {
  auto elem = getRefElemType(elementType);
  return elem && getThreshold() &&
         ref::roundToElement(getScale(), *elem) > *getThreshold();
}
ref::Ternary tq::refOf(TernaryAttr a) {
  return ref::Ternary{a.getScale(), a.getThreshold()};
}
void TernaryAttr::evaluate(ref::Tensor &t, uint64_t, uint64_t) const {
  ref::Ternary q = refOf(*this);
  double thr = getThreshold() ? double(*getThreshold())
                              : ref::Ternary::autoThreshold(t.data);
  for (double &x : t.data)
    x = q.apply(x, thr);
}
std::string TernaryAttr::getSpec() const {
  std::string s = "ternary," + str(getScale());
  if (getThreshold())
    s += "," + str(*getThreshold());
  return s;
}

LogicalResult SparseAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 F64 threshold) {
  if (!(threshold >= 0.0) || !std::isfinite(threshold))
    return emitError() << "sparse threshold must be non-negative and finite, "
                       << "got " << str(threshold);
  return success();
}
LogicalResult SparseAttr::verifyForType(Type,
                                        function_ref<InFlightDiagnostic()>) const {
  return success();
}
bool SparseAttr::isStochastic() const { return false; }
bool SparseAttr::isElementwise() const { return true; }
bool SparseAttr::isIdempotent(Type) const { return true; }
ref::Sparse tq::refOf(SparseAttr a) { return ref::Sparse{a.getThreshold()}; }
void SparseAttr::evaluate(ref::Tensor &t, uint64_t seed, uint64_t offset) const {
  ref::Sparse s = refOf(*this);
  elementwise(t, false, seed, offset,
              [&](double x, uint32_t) { return s.apply(x); });
}
std::string SparseAttr::getSpec() const {
  return "sparse," + str(getThreshold());
}

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
    if (dim != int64_t(getScale().size()))
      return emitError() << "per-channel affine quantization along axis "
                         << *getAxis() << " of " << type << " needs " << dim
                         << " scales, got " << getScale().size();
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
bool AffineAttr::isElementwise() const { return !getAxis().has_value(); }
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
    axis = *getAxis() < 0 ? *getAxis() + int64_t(t.shape.size()) : *getAxis();
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
  s += roundingSuffix(getRounding(), RoundingMode::nearest_even);
  if (getDivide())
    s += ",divide";
  return s;
}

//===----------------------------------------------------------------------===//
// Block formats
//===----------------------------------------------------------------------===//

static LogicalResult checkBlock(function_ref<InFlightDiagnostic()> emitError,
                                StringRef what, int64_t block) {
  if (block < 1)
    return emitError() << what << " block size must be at least 1, got "
                       << block;
  return success();
}

LogicalResult MXAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                             MXElement, int64_t block, int64_t, RoundingMode) {
  return checkBlock(emitError, "mx", block);
}
LogicalResult
MXAttr::verifyForType(Type type,
                      function_ref<InFlightDiagnostic()> emitError) const {
  return resolveAxis(type, getAxis(), "mx quantization", emitError);
}
bool MXAttr::isStochastic() const {
  return getRounding() == RoundingMode::stochastic;
}
bool MXAttr::isElementwise() const { return false; }
TensorStrategy MXAttr::getTensorStrategy() const {
  return TensorStrategy::blocks(getAxis(), getBlock());
}
bool MXAttr::isIdempotent(Type elementType) const {
  // In f16/bf16 a tiny shared scale can push elements into the element
  // type's subnormals, where rounding may change the block maximum.
  return elementType.isF32() || elementType.isF64();
}
ref::MX tq::refOf(MXAttr a) {
  ref::MX mx;
  mx.element = toRef(a.getElement());
  mx.blockSize = a.getBlock();
  mx.rounding = toRef(a.getRounding());
  return mx;
}
void MXAttr::evaluate(ref::Tensor &t, uint64_t seed, uint64_t offset) const {
  ref::MX mx = refOf(*this);
  int64_t axis = getAxis() < 0 ? getAxis() + int64_t(t.shape.size()) : getAxis();
  mx.apply(t, axis, seed, offset);
}
std::string MXAttr::getSpec() const {
  std::string s;
  switch (getElement()) {
  case MXElement::fp8_e4m3: s = "mxfp8"; break;
  case MXElement::fp8_e5m2: s = "mxfp8_e5m2"; break;
  case MXElement::fp6_e2m3: s = "mxfp6"; break;
  case MXElement::fp6_e3m2: s = "mxfp6_e3m2"; break;
  case MXElement::fp4_e2m1: s = "mxfp4"; break;
  case MXElement::int8: s = "mxint8"; break;
  }
  if (getBlock() != 32)
    s += llvm::formatv(",block={0}", getBlock()).str();
  if (getAxis() != -1)
    s += llvm::formatv(",axis={0}", getAxis()).str();
  s += roundingSuffix(getRounding(), RoundingMode::nearest_even);
  return s;
}

LogicalResult
BlockFloatAttr::verify(function_ref<InFlightDiagnostic()> emitError, int bits,
                       int64_t block, int64_t, RoundingMode) {
  if (bits < 2 || bits > 53)
    return emitError() << "block floating point needs 2 to 53 mantissa bits "
                       << "(sign included), got " << bits;
  return checkBlock(emitError, "bfp", block);
}
LogicalResult BlockFloatAttr::verifyForType(
    Type type, function_ref<InFlightDiagnostic()> emitError) const {
  if (failed(resolveAxis(type, getAxis(), "bfp quantization", emitError)))
    return failure();
  ValueTypeInfo info = getInfo(type);
  if (getBits() - 1 > precisionOf(info.elem))
    return emitError() << "block floating point with " << getBits()
                       << " bits keeps more significant bits than "
                       << info.elementType << " holds";
  return success();
}
bool BlockFloatAttr::isStochastic() const {
  return getRounding() == RoundingMode::stochastic;
}
bool BlockFloatAttr::isElementwise() const { return false; }
TensorStrategy BlockFloatAttr::getTensorStrategy() const {
  return TensorStrategy::blocks(getAxis(), getBlock());
}
bool BlockFloatAttr::isIdempotent(Type elementType) const {
  return elementType.isF32() || elementType.isF64();
}
ref::BlockFloat tq::refOf(BlockFloatAttr a) {
  ref::BlockFloat b;
  b.bits = a.getBits();
  b.blockSize = a.getBlock();
  b.rounding = toRef(a.getRounding());
  return b;
}
void BlockFloatAttr::evaluate(ref::Tensor &t, uint64_t seed,
                              uint64_t offset) const {
  ref::BlockFloat b = refOf(*this);
  int64_t axis = getAxis() < 0 ? getAxis() + int64_t(t.shape.size()) : getAxis();
  b.apply(t, axis, seed, offset);
}
std::string BlockFloatAttr::getSpec() const {
  std::string s = llvm::formatv("bfp,{0}", getBits());
  if (getBlock() != 32)
    s += llvm::formatv(",block={0}", getBlock()).str();
  if (getAxis() != -1)
    s += llvm::formatv(",axis={0}", getAxis()).str();
  s += roundingSuffix(getRounding(), RoundingMode::nearest_even);
  return s;
}

//===----------------------------------------------------------------------===//
// Registration
//===----------------------------------------------------------------------===//

void TQDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "tq/Dialect/TQ/IR/TQAttributes.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Storage per element
//===----------------------------------------------------------------------===//

namespace tq {
double IdentityAttr::getBitsPerElement() const { return 0; }
double FixedAttr::getBitsPerElement() const { return getBits(); }
double FloatFormatAttr::getBitsPerElement() const {
  return 1 + getExp() + getMan();
}
double Pow2Attr::getBitsPerElement() const {
  if (!getMinExp() || !getMaxExp())
    return 0;
  // The exponents from min_exp to max_exp, and zero.
  return 1 + std::ceil(std::log2(double(*getMaxExp() - *getMinExp() + 2)));
}
double BinaryAttr::getBitsPerElement() const { return 1; }
double TernaryAttr::getBitsPerElement() const { return std::log2(3.0); }
double SparseAttr::getBitsPerElement() const { return 0; }
double AffineAttr::getBitsPerElement() const { return getBits(); }
double MXAttr::getBitsPerElement() const {
  double element = 8;
  switch (getElement()) {
  case MXElement::fp8_e4m3:
  case MXElement::fp8_e5m2:
  case MXElement::int8:
    element = 8;
    break;
  case MXElement::fp6_e2m3:
  case MXElement::fp6_e3m2:
    element = 6;
    break;
  case MXElement::fp4_e2m1:
    element = 4;
    break;
  }
  return element + 8.0 / double(getBlock());
}
double BlockFloatAttr::getBitsPerElement() const {
  return getBits() + 8.0 / double(getBlock());
}
} // namespace tq
