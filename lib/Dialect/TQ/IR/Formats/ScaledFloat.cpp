//===- ScaledFloat.cpp - FP8 with a scale per line ------------------------===//
//
// FP8 with an f32 scale per line or for the whole tensor (torchao's
// rowwise and tensorwise float8): the
// attribute's verification, reference semantics (refOf, evaluate), spec,
// storage per element and quantizer-string presets. Its lowering is its section
// of lib/Conversion/TQToArith/Formats.cpp; its user reference is in
// docs/quantizers.md.
//
//===----------------------------------------------------------------------===//

#include "../FormatUtils.h"
#include "../QuantizerStringParser.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace tq;
using namespace tq::detail;

LogicalResult
ScaledFloatAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        MXElement element, int64_t axis, bool tensorwise,
                        ArrayRef<F64> amax) {
  // One scale for the tensor has no axis (and the string has none).
  if (tensorwise && axis != -1)
    return emitError() << "tensorwise scaled_fp8 takes no axis, got " << axis;
  if (element != MXElement::fp8_e4m3 && element != MXElement::fp8_e5m2)
    return emitError() << "scaled_fp8 element must be fp8_e4m3 or fp8_e5m2, "
                       << "got " << stringifyMXElement(element);
  if (tensorwise && amax.size() > 1)
    return emitError() << "tensorwise scaled_fp8 takes one amax, got "
                       << amax.size();
  for (double a : amax)
    if (!(a >= 0) || !std::isfinite(a))
      return emitError() << "scaled_fp8 amax must be finite and not "
                         << "negative, got " << str(a);
  return success();
}
LogicalResult ScaledFloatAttr::verifyForType(
    Type type, function_ref<InFlightDiagnostic()> emitError) const {
  if (getTensorwise())
    return success();
  FailureOr<int64_t> axis =
      resolveAxis(type, getAxis(), "scaled_fp8 quantization", emitError);
  if (failed(axis))
    return failure();
  auto shaped = cast<ShapedType>(type);
  if (shaped.isDynamicDim(*axis))
    return emitError() << "scaled_fp8 quantization needs a static size along "
                       << "its axis " << *axis << ", got " << type;
  if (getAmax().empty())
    return success();
  return checkChannelCount(emitError, "static scaled_fp8 quantization",
                           getAxis(), type, shaped.getDimSize(*axis),
                           getAmax().size(), "amax values");
}
bool ScaledFloatAttr::isStochastic() const { return false; }
TensorStrategy ScaledFloatAttr::getTensorStrategy() const {
  // Static scales: each element on its own, under its channel's scale.
  if (!getAmax().empty())
    return getTensorwise() ? TensorStrategy::elementwise()
                           : TensorStrategy::perChannel(getAxis());
  if (getTensorwise())
    return TensorStrategy::wholeTensor(TensorStrategy::Statistic::MaxAbs,
                                       "a tensorwise scale");
  // One block per line: the lowering clamps the block to the axis' size.
  return TensorStrategy::blocks(getAxis(), std::numeric_limits<int64_t>::max());
}
// Quantizing again rescales from the quantized line's maximum: another
// scale in general.
bool ScaledFloatAttr::isIdempotent(Type) const { return false; }
ref::ScaledFloat tq::refOf(ScaledFloatAttr a) {
  ref::ScaledFloat f;
  f.element = toRef(a.getElement());
  return f;
}
void ScaledFloatAttr::evaluate(ref::Tensor &t, uint64_t, uint64_t) const {
  std::optional<int64_t> axis;
  if (!getTensorwise())
    axis = normalizeAxis(getAxis(), int64_t(t.shape.size()));
  if (getAmax().empty())
    return refOf(*this).apply(t, axis);
  refOf(*this).applyStatic(
      t, std::vector<double>(getAmax().begin(), getAmax().end()), axis);
}
std::string ScaledFloatAttr::getSpec() const {
  std::string s = stringifyMXElement(getElement()).str();
  if (getTensorwise())
    s += "_tensorwise";
  else
    s += "_rowwise" + axisSuffix(getAxis());
  for (auto [i, a] : llvm::enumerate(getAmax()))
    s += (i ? ";" : ",amax=") + str(a);
  return s;
}
// The element; the f32 scale per line is not counted (its share depends on
// the line's length).
double ScaledFloatAttr::getBitsPerElement() const { return 8; }

//===----------------------------------------------------------------------===//
// Quantizer strings
//===----------------------------------------------------------------------===//

/// fp8_e4m3_rowwise, fp8_e5m2_tensorwise, ...: scaled_fp8 with the element
/// and the scaling of the name.
std::optional<QuantizerAttrInterface>
Parser::parseScaledFloatPreset(StringRef name) {
  auto [elementName, kind] = name.rsplit('_');
  std::optional<MXElement> element = symbolizeMXElement(elementName);
  if (!element ||
      (*element != MXElement::fp8_e4m3 && *element != MXElement::fp8_e5m2) ||
      (kind != "tensorwise" && kind != "rowwise"))
    return std::nullopt;
  strings::ScaledFloat s;
  s.element = *element;
  s.tensorwise = kind == "tensorwise";
  // A tensorwise scale has no axis.
  return parseFormat(s, 1, /*positional=*/false, name,
                     s.tensorwise ? ArrayRef<StringRef>{"element", "tensorwise",
                                                        "axis"}
                                  : ArrayRef<StringRef>{"element", "tensorwise"});
}
