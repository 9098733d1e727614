//===- Blocks.cpp - MX and BFP --------------------------------------------===//
//
// The block formats: OCP microscaling (MX) and block floating point: the attributes' verification, reference semantics
// (refOf, evaluate), spec and storage per element. The format's lowering is
// its section of lib/Conversion/TQToArith/Formats.cpp; its string syntax is
// below (Parser::parse...), QuantizerString.cpp reads the rest; its user
// reference in docs/quantizers.md.
//
//===----------------------------------------------------------------------===//

#include "../FormatUtils.h"
#include "../QuantizerStringParser.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace tq;
using namespace tq::detail;

//===----------------------------------------------------------------------===//
// Block formats
//===----------------------------------------------------------------------===//

LogicalResult MXAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                             MXElement, int64_t block, int64_t, RoundingMode,
                             MXScaleRounding) {
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
  // type's subnormals, where rounding may change the block maximum. With
  // floor and ceil a quantized block keeps or lowers its scale, on whose
  // finer grid its values lie; even and rceil may raise it (a maximum
  // rounded up can carry, or cross a power of two after rceil's product).
  MXScaleRounding mode = getScaleRounding();
  return (elementType.isF32() || elementType.isF64()) &&
         (mode == MXScaleRounding::floor || mode == MXScaleRounding::ceil);
}
ref::MX tq::refOf(MXAttr a) {
  ref::MX mx;
  mx.element = toRef(a.getElement());
  mx.blockSize = a.getBlock();
  mx.rounding = toRef(a.getRounding());
  mx.scaleRounding = toRef(a.getScaleRounding());
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
  if (getScaleRounding() != MXScaleRounding::floor)
    s += (",scale_rounding=" + stringifyMXScaleRounding(getScaleRounding()))
             .str();
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

//===----------------------------------------------------------------------===//
// Quantizer strings
//===----------------------------------------------------------------------===//

std::optional<QuantizerAttrInterface> Parser::parseBlockFormat(StringRef name) {
  if (name == "bfp")
    return parseBFP();
  std::optional<MXElement> mx =
      llvm::StringSwitch<std::optional<MXElement>>(name)
          .Cases({"mxfp8", "mxfp8_e4m3"}, MXElement::fp8_e4m3)
          .Case("mxfp8_e5m2", MXElement::fp8_e5m2)
          .Cases({"mxfp6", "mxfp6_e2m3"}, MXElement::fp6_e2m3)
          .Case("mxfp6_e3m2", MXElement::fp6_e3m2)
          .Cases({"mxfp4", "mxfp4_e2m1"}, MXElement::fp4_e2m1)
          .Case("mxint8", MXElement::int8)
          .Default(std::nullopt);
  if (mx)
    return parseMX(*mx);
  return std::nullopt;
}

bool Parser::parseBlockOptions(size_t first, StringRef format, int64_t &block,
                               int64_t &axis, RoundingMode &rounding,
                               MXScaleRounding *scaleRounding) {
  block = 32;
  axis = -1;
  rounding = RoundingMode::nearest_even;
  if (scaleRounding)
    *scaleRounding = MXScaleRounding::floor;
  bool ok = true;
  return parseOptions(first, format,
                      [&](const Token &t) {
                        if (keyValue(t, "block", block, ok) ||
                            keyValue(t, "axis", axis, ok))
                          return true;
                        StringRef word;
                        size_t column;
                        if (scaleRounding &&
                            keyWord(t, "scale_rounding", word, column)) {
                          if (auto mode = symbolizeMXScaleRounding(word))
                            *scaleRounding = *mode;
                          else
                            ok = failBool(column,
                                          "unknown scale rounding '" + word +
                                              "' (expected floor, ceil, even "
                                              "or rceil)");
                          return true;
                        }
                        if (auto mode = roundingOf(t.text)) {
                          rounding = *mode;
                          return true;
                        }
                        return false;
                      }) &&
         ok;
}
QuantizerAttrInterface Parser::parseMX(MXElement element) {
  int64_t block, axis;
  RoundingMode rounding;
  MXScaleRounding scaleRounding;
  if (!parseBlockOptions(1, "mx", block, axis, rounding, &scaleRounding))
    return {};
  return build<MXAttr>(element, block, axis, rounding, scaleRounding);
}
QuantizerAttrInterface Parser::parseBFP() {
  int64_t bits, block, axis;
  RoundingMode rounding;
  if (!parseInt(1, "mantissa bits", bits) ||
      !parseBlockOptions(2, "bfp", block, axis, rounding))
    return {};
  return build<BlockFloatAttr>(int(bits), block, axis, rounding);
}
