//===- ScaledFloat.cpp - FP8 with a scale per line ------------------------===//
//
// FP8 with an f32 scale per line (torchao's rowwise float8): the
// attribute's verification, reference semantics (refOf, evaluate), spec,
// storage per element and quantizer strings. Its lowering is its section
// of lib/Conversion/TQToArith/Formats.cpp; its user reference is in
// docs/quantizers.md.
//
//===----------------------------------------------------------------------===//

#include "../FormatUtils.h"
#include "../QuantizerStringParser.h"

#include <limits>

using namespace mlir;
using namespace tq;
using namespace tq::detail;

LogicalResult
ScaledFloatAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        MXElement element, int64_t) {
  if (element != MXElement::fp8_e4m3 && element != MXElement::fp8_e5m2)
    return emitError() << "scaled_fp8 element must be fp8_e4m3 or fp8_e5m2, "
                       << "got " << stringifyMXElement(element);
  return success();
}
LogicalResult ScaledFloatAttr::verifyForType(
    Type type, function_ref<InFlightDiagnostic()> emitError) const {
  FailureOr<int64_t> axis =
      resolveAxis(type, getAxis(), "scaled_fp8 quantization", emitError);
  if (failed(axis))
    return failure();
  if (cast<ShapedType>(type).isDynamicDim(*axis))
    return emitError() << "scaled_fp8 quantization needs a static size along "
                       << "its axis " << *axis << ", got " << type;
  return success();
}
bool ScaledFloatAttr::isStochastic() const { return false; }
bool ScaledFloatAttr::isElementwise() const { return false; }
TensorStrategy ScaledFloatAttr::getTensorStrategy() const {
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
  int64_t axis = getAxis() < 0 ? getAxis() + int64_t(t.shape.size()) : getAxis();
  refOf(*this).apply(t, axis);
}
std::string ScaledFloatAttr::getSpec() const {
  std::string s = getElement() == MXElement::fp8_e4m3 ? "fp8_e4m3_rowwise"
                                                       : "fp8_e5m2_rowwise";
  if (getAxis() != -1)
    s += ",axis=" + std::to_string(getAxis());
  return s;
}
// The element; the f32 scale per line is not counted (its share depends on
// the line's length).
double ScaledFloatAttr::getBitsPerElement() const { return 8; }

//===----------------------------------------------------------------------===//
// Quantizer strings
//===----------------------------------------------------------------------===//

std::optional<QuantizerAttrInterface> Parser::parseScaledFloat(StringRef name) {
  MXElement element;
  if (name == "fp8_e4m3_rowwise")
    element = MXElement::fp8_e4m3;
  else if (name == "fp8_e5m2_rowwise")
    element = MXElement::fp8_e5m2;
  else
    return std::nullopt;
  int64_t axis = -1;
  bool ok = true;
  if (!parseOptions(1, name,
                    [&](const Token &t) {
                      return keyValue(t, "axis", axis, ok);
                    }) ||
      !ok)
    return QuantizerAttrInterface();
  return build<ScaledFloatAttr>(element, axis);
}
