//===- TQAttributes.cpp - Quantizer attributes ----------------------------===//
//
// What the quantizer attributes share: parameter syntax, enum conversions,
// the helpers of FormatUtils.h and registration. Each format is in its own
// file of Formats/ (verification, reference semantics, spec, storage).
//
//===----------------------------------------------------------------------===//

#include "FormatUtils.h"

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
TQ_SAME_CASE(MXScaleRounding::floor, ref::MXScaleRounding::Floor);
TQ_SAME_CASE(MXScaleRounding::ceil, ref::MXScaleRounding::Ceil);
TQ_SAME_CASE(MXScaleRounding::even, ref::MXScaleRounding::Even);
TQ_SAME_CASE(MXScaleRounding::rceil, ref::MXScaleRounding::RCeil);
TQ_SAME_CASE(getMaxEnumValForMXScaleRounding(), ref::MXScaleRounding::RCeil);
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
ref::MXScaleRounding tq::toRef(MXScaleRounding rounding) {
  return static_cast<ref::MXScaleRounding>(rounding);
}

namespace tq::detail {
ValueTypeInfo getInfo(Type type) {
  ValueTypeInfo info{*getRefElemType(type), getElementTypeOrSelf(type),
                     std::nullopt};
  if (auto shaped = dyn_cast<ShapedType>(type))
    info.shape = shaped.getShape();
  return info;
}

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
  return normalizeAxis(axis, rank);
}

bool isNearest(RoundingMode mode) {
  return mode == RoundingMode::nearest_even ||
         mode == RoundingMode::nearest_away;
}

int precisionOf(ref::ElemType elem) {
  return ref::elemInfo(elem).manBits + 1;
}

std::string str(double v) {
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

LogicalResult checkChannelCount(function_ref<InFlightDiagnostic()> emitError,
                                StringRef what, int64_t axis, Type type,
                                int64_t dim, size_t count, StringRef noun) {
  if (dim == int64_t(count))
    return success();
  return emitError() << what << " along axis " << axis << " of " << type
                     << " needs " << dim << " " << noun << ", got " << count;
}

std::string axisSuffix(int64_t axis) {
  return axis == -1 ? std::string() : ",axis=" + std::to_string(axis);
}

std::string roundingSuffix(RoundingMode mode, RoundingMode defaultMode) {
  if (mode == defaultMode)
    return "";
  return ("," + stringifyRoundingMode(mode)).str();
}

LogicalResult checkScale(function_ref<InFlightDiagnostic()> emitError,
                         StringRef what, double scale) {
  if (!(scale > 0.0) || !std::isfinite(scale))
    return emitError() << what << " scale must be positive and finite, got "
                       << str(scale);
  return success();
}

LogicalResult checkScaleFits(function_ref<InFlightDiagnostic()> emitError,
                             StringRef what, double scale, Type type) {
  ValueTypeInfo info = getInfo(type);
  double inElem = ref::roundToElement(scale, info.elem);
  if (!std::isfinite(inElem) || inElem == 0.0)
    return emitError() << what << " scale " << str(scale)
                       << " is not representable in " << info.elementType;
  return success();
}

LogicalResult checkBlock(function_ref<InFlightDiagnostic()> emitError,
                         StringRef what, int64_t block) {
  if (block < 1)
    return emitError() << what << " block size must be at least 1, got "
                       << block;
  return success();
}
} // namespace tq::detail

//===----------------------------------------------------------------------===//
// Registration
//===----------------------------------------------------------------------===//

void TQDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "tq/Dialect/TQ/IR/TQAttributes.cpp.inc"
      >();
}
