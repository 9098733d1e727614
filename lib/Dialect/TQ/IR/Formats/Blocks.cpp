//===- Blocks.cpp - MX and BFP --------------------------------------------===//
//
// The block formats: OCP microscaling (MX), blocks with a float scale
// (NVFP4) and block floating point: the attributes' verification, reference semantics
// (refOf, evaluate), spec and storage per element. The format's lowering is
// its section of lib/Conversion/TQToArith/Formats.cpp; its string syntax is
// declared in TQAttributes.td (TQ_StringSyntax), its presets and hooks are
// below; its user reference in docs/quantizers.md.
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
TensorStrategy MXAttr::getTensorStrategy() const {
  return TensorStrategy::blocks(getAxis(), getBlock());
}
/// Whether two's complement elements on the grid of a block's exponent E
/// keep E in a second pass: true for the modes that never round the
/// largest negative magnitude onto -2^(E+1) (BlockFloatAttr::isIdempotent
/// has the argument).
static bool keepsTwosComplementExponent(RoundingMode mode) {
  return mode == RoundingMode::toward_zero || mode == RoundingMode::up ||
         mode == RoundingMode::odd;
}
bool MXAttr::isIdempotent(Type elementType) const {
  // In f16/bf16 a tiny shared scale can push elements into the element
  // type's subnormals, where rounding may change the block maximum. With
  // floor and ceil a quantized block keeps or lowers its scale, on whose
  // finer grid its values lie; even and rceil may raise it (a maximum
  // rounded up can carry, or cross a power of two after rceil's product).
  // MXINT8 is two's complement like bfp (BlockFloatAttr::isIdempotent):
  // with floor, a block's largest negative magnitude can round onto -2 · 2^s
  // and raise s, unless the mode never rounds a magnitude up to it.
  MXScaleRounding mode = getScaleRounding();
  if (getElement() == MXElement::int8 && mode == MXScaleRounding::floor &&
      !keepsTwosComplementExponent(getRounding()))
    return false;
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
  int64_t axis = normalizeAxis(getAxis(), int64_t(t.shape.size()));
  mx.apply(t, axis, seed, offset);
}
/// The MX string name of an element.
static std::string mxName(MXElement element) {
  switch (element) {
  case MXElement::fp8_e4m3: return "mxfp8";
  case MXElement::fp8_e5m2: return "mxfp8_e5m2";
  case MXElement::fp6_e2m3: return "mxfp6";
  case MXElement::fp6_e3m2: return "mxfp6_e3m2";
  case MXElement::fp4_e2m1: return "mxfp4";
  case MXElement::int8: return "mxint8";
  }
  return "";
}
/// The stored bits of an MX element.
static double elementBits(MXElement element) {
  switch (element) {
  case MXElement::fp8_e4m3:
  case MXElement::fp8_e5m2:
  case MXElement::int8:
    return 8;
  case MXElement::fp6_e2m3:
  case MXElement::fp6_e3m2:
    return 6;
  case MXElement::fp4_e2m1:
    return 4;
  }
  return 8;
}
std::string MXAttr::getSpec() const {
  std::string s = mxName(getElement());
  if (getBlock() != defaults::MX::block)
    s += llvm::formatv(",block={0}", getBlock()).str();
  s += axisSuffix(getAxis());
  s += roundingSuffix(getRounding(), defaults::MX::rounding);
  if (getScaleRounding() != defaults::MX::scale_rounding)
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
TensorStrategy BlockFloatAttr::getTensorStrategy() const {
  return TensorStrategy::blocks(getAxis(), getBlock());
}
bool BlockFloatAttr::isIdempotent(Type elementType) const {
  // The elements are two's complement: -2^(E+1) is on the grid of exponent
  // E. A mode that can round the block's largest negative magnitude onto it
  // (nearest, down) raises E for the next pass, whose grid is twice as
  // coarse: bfp,4,down takes [-1000, -1] to [-1024, -128], then to
  // [-1024, -256]. toward_zero, up and odd keep the largest magnitude in
  // [2^E, 2^(E+1)) (2^E is on the grid; -2^(E+1) is an even integer, and the
  // positive side saturates below 2^(E+1)), so E and the grid stay. In
  // f16/bf16 elements can fall into the element type's subnormals.
  return (elementType.isF32() || elementType.isF64()) &&
         keepsTwosComplementExponent(getRounding());
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
  int64_t axis = normalizeAxis(getAxis(), int64_t(t.shape.size()));
  b.apply(t, axis, seed, offset);
}
std::string BlockFloatAttr::getSpec() const {
  std::string s = llvm::formatv("bfp,{0}", getBits());
  if (getBlock() != defaults::BlockFloat::block)
    s += llvm::formatv(",block={0}", getBlock()).str();
  s += axisSuffix(getAxis());
  s += roundingSuffix(getRounding(), defaults::BlockFloat::rounding);
  return s;
}

double MXAttr::getBitsPerElement() const {
  return elementBits(getElement()) + 8.0 / double(getBlock());
}
double BlockFloatAttr::getBitsPerElement() const {
  return getBits() + 8.0 / double(getBlock());
}

//===----------------------------------------------------------------------===//
// Blocks with a float scale (NVFP4)
//===----------------------------------------------------------------------===//

LogicalResult
BlockScaledAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        MXElement element, int64_t block, MXElement scale,
                        bool tensorScale, RoundingMode, int64_t,
                        ArrayRef<F64> amax) {
  if (element == MXElement::int8)
    return emitError() << "block_scaled element must be a float format, got "
                       << stringifyMXElement(element);
  if (scale != MXElement::fp8_e4m3 && scale != MXElement::fp8_e5m2)
    return emitError() << "block_scaled scale must be fp8_e4m3 or fp8_e5m2, "
                       << "got " << stringifyMXElement(scale);
  if (!amax.empty() && !tensorScale)
    return emitError() << "block_scaled amax is the tensor scale's and needs "
                       << "tensor_scale";
  if (amax.size() > 1)
    return emitError() << "block_scaled takes one amax, got " << amax.size();
  for (double a : amax) {
    if (!(a >= 0) || std::signbit(a) || !std::isfinite(a))
      return emitError() << "block_scaled amax must be finite and not "
                         << "negative, got " << str(a);
    // S = Ms * Me / amax must not round to 0 in f32 (the compute type of
    // f32, f16 and bf16 values).
    ref::BlockScaled f;
    f.element = toRef(element);
    f.scale = toRef(scale);
    if (a > 0 && float(ref::MX::elementMaxValue(f.scale) *
                       ref::MX::elementMaxValue(f.element) / a) == 0.0f)
      return emitError() << "block_scaled amax " << str(a)
                         << " is too large: its tensor scale is 0 in f32";
  }
  return checkBlock(emitError, "block_scaled", block);
}
LogicalResult BlockScaledAttr::verifyForType(
    Type type, function_ref<InFlightDiagnostic()> emitError) const {
  return resolveAxis(type, getAxis(), "block_scaled quantization", emitError);
}
bool BlockScaledAttr::isStochastic() const {
  return getRounding() == RoundingMode::stochastic;
}
TensorStrategy BlockScaledAttr::getTensorStrategy() const {
  TensorStrategy s = TensorStrategy::blocks(getAxis(), getBlock());
  // A static amax needs no pass over the tensor.
  if (getTensorScale() && getAmax().empty())
    s.tensorStatistic = TensorStrategy::Statistic::MaxAbs;
  return s;
}
// The scales of a quantized block follow from its new maximum, which the
// block scale's rounding may have moved.
bool BlockScaledAttr::isIdempotent(Type) const { return false; }
ref::BlockScaled tq::refOf(BlockScaledAttr a) {
  ref::BlockScaled f;
  f.element = toRef(a.getElement());
  f.blockSize = a.getBlock();
  f.scale = toRef(a.getScale());
  f.tensorScale = a.getTensorScale();
  f.rounding = toRef(a.getRounding());
  if (!a.getAmax().empty())
    f.tensorAmax = a.getAmax()[0];
  return f;
}
void BlockScaledAttr::evaluate(ref::Tensor &t, uint64_t seed,
                               uint64_t offset) const {
  int64_t axis = normalizeAxis(getAxis(), int64_t(t.shape.size()));
  refOf(*this).apply(t, axis, seed, offset);
}
std::string BlockScaledAttr::getSpec() const {
  bool nvfp4 = getElement() == defaults::BlockScaled::element &&
               getScale() == defaults::BlockScaled::scale &&
               getTensorScale() == defaults::BlockScaled::tensor_scale;
  std::string s = nvfp4 ? "nvfp4" : mxName(getElement());
  // The block size the name implies: NVFP4's, or MX's for the MX names.
  if (getBlock() !=
      (nvfp4 ? defaults::BlockScaled::block : defaults::MX::block))
    s += llvm::formatv(",block={0}", getBlock()).str();
  if (!nvfp4) {
    s += ",scale=" + stringifyMXElement(getScale()).str();
    if (getTensorScale())
      s += ",tensor_scale";
  }
  s += axisSuffix(getAxis());
  s += roundingSuffix(getRounding(), defaults::BlockScaled::rounding);
  for (double a : getAmax())
    s += ",amax=" + str(a);
  return s;
}
// The element and its 8-bit scale; the tensor's f32 scale is not counted.
double BlockScaledAttr::getBitsPerElement() const {
  return elementBits(getElement()) + 8.0 / double(getBlock());
}

//===----------------------------------------------------------------------===//
// Quantizer strings
//===----------------------------------------------------------------------===//

// `bfp,B`, `mx,...` and `block_scaled,...` are TQAttributes.td's; nvfp4 and
// the OCP names (mxfp8, mxfp4, ...) are presets.
std::optional<QuantizerAttrInterface> Parser::parseBlockPreset(StringRef name) {
  if (name == "nvfp4") {
    // NVFP4 is block_scaled's defaults.
    strings::BlockScaled s;
    return parseFormat(s, 1, /*positional=*/false, "nvfp4",
                       {"element", "scale", "tensor_scale"});
  }
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

QuantizerAttrInterface Parser::parseMX(MXElement element) {
  strings::MX s;
  s.element = element;
  // A float scale (`scale=fp8_e4m3`, with `tensor_scale` and `amax=A`)
  // makes the format block_scaled.
  std::optional<MXElement> scaleType; // nullopt: E8M0
  bool tensorScale = false;
  size_t scaleColumn = 0, tensorColumn = 0, amaxColumn = 0;
  SmallVector<F64> amax;
  if (!parseOptions(1, "mx", [&](const Token &t) {
        StringRef word;
        size_t column;
        if (keyWord(t, "scale", word, column)) {
          scaleColumn = column;
          if (word == "e8m0")
            scaleType = std::nullopt;
          else if (auto type = symbolizeMXElement(word);
                   type && *type != MXElement::int8)
            scaleType = *type;
          else
            fail(column, "unknown scale type '" + word +
                             "' (expected e8m0, fp8_e4m3 or fp8_e5m2)");
          return true;
        }
        if (t.text == "tensor_scale") {
          tensorScale = true;
          tensorColumn = t.column;
          return true;
        }
        if (option(t, "amax", amax)) {
          amaxColumn = t.column;
          return true;
        }
        return s.setOption(*this, t, {"element"});
      }))
    return {};
  if (!amax.empty() && !tensorScale)
    return fail(amaxColumn, "amax is the tensor scale's and needs "
                            "tensor_scale");
  if (!scaleType) {
    if (tensorScale)
      return fail(tensorColumn,
                  "tensor_scale needs a float scale (scale=fp8_e4m3 or "
                  "scale=fp8_e5m2)");
    return s.build(*this);
  }
  if (s.scale_rounding != MXScaleRounding::floor)
    return fail(scaleColumn,
                "scale_rounding applies to E8M0 scales only; a float scale "
                "rounds to nearest even");
  return build<BlockScaledAttr>(element, s.block, *scaleType, tensorScale,
                                s.rounding, s.axis, ArrayRef<F64>(amax));
}
