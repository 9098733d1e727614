//===- GroupInt.cpp - Group-wise integers ---------------------------------===//
//
// Group-wise integers with a scale and zero point per group (LLM weights,
// GPTQ's quantizer): the attribute's verification, reference semantics
// (refOf, evaluate), spec, storage per element and quantizer strings. Its
// lowering is its section of lib/Conversion/TQToArith/Formats.cpp; its
// user reference is in docs/quantizers.md.
//
//===----------------------------------------------------------------------===//

#include "../FormatUtils.h"
#include "../QuantizerStringParser.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace tq;
using namespace tq::detail;

LogicalResult GroupIntAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   int bits, int64_t group, bool,
                                   GroupScaleType, int64_t) {
  if (bits < 2 || bits > 8)
    return emitError() << "group_int needs 2 to 8 bits, got " << bits;
  return checkBlock(emitError, "group_int", group);
}
LogicalResult GroupIntAttr::verifyForType(
    Type type, function_ref<InFlightDiagnostic()> emitError) const {
  return resolveAxis(type, getAxis(), "group_int quantization", emitError);
}
bool GroupIntAttr::isStochastic() const { return false; }
TensorStrategy GroupIntAttr::getTensorStrategy() const {
  TensorStrategy s = TensorStrategy::blocks(getAxis(), getGroup());
  s.blockRange = !getSymmetric();
  return s;
}
// A quantized group's new range may round to another scale.
bool GroupIntAttr::isIdempotent(Type) const { return false; }
static ref::ElemType scaleTypeOf(GroupScaleType type) {
  switch (type) {
  case GroupScaleType::f16: return ref::ElemType::F16;
  case GroupScaleType::bf16: return ref::ElemType::BF16;
  case GroupScaleType::f32: return ref::ElemType::F32;
  }
  return ref::ElemType::F16;
}
ref::GroupInt tq::refOf(GroupIntAttr a) {
  ref::GroupInt g;
  g.bits = a.getBits();
  g.groupSize = a.getGroup();
  g.symmetric = a.getSymmetric();
  g.scaleType = scaleTypeOf(a.getScale());
  return g;
}
void GroupIntAttr::evaluate(ref::Tensor &t, uint64_t, uint64_t) const {
  int64_t axis = normalizeAxis(getAxis(), int64_t(t.shape.size()));
  refOf(*this).apply(t, axis);
}
std::string GroupIntAttr::getSpec() const {
  std::string s = llvm::formatv("int{0}_g{1}", getBits(), getGroup()).str();
  if (getSymmetric())
    s += ",sym";
  if (getScale() != GroupScaleType::f16)
    s += ",scale=" + stringifyGroupScaleType(getScale()).str();
  s += axisSuffix(getAxis());
  return s;
}
// The integer, and per group its scale and (asymmetric) its zero point.
double GroupIntAttr::getBitsPerElement() const {
  double scaleBits = getScale() == GroupScaleType::f32 ? 32 : 16;
  double zeroBits = getSymmetric() ? 0 : getBits();
  return getBits() + (scaleBits + zeroBits) / double(getGroup());
}

//===----------------------------------------------------------------------===//
// Quantizer strings
//===----------------------------------------------------------------------===//

/// int<bits>_g<group>: group_int with those bits and groups, the rest
/// TQAttributes.td's options.
std::optional<QuantizerAttrInterface> Parser::parseGroupIntPreset(StringRef name) {
  StringRef rest = name;
  if (!rest.consume_front("int"))
    return std::nullopt;
  auto [bitsText, groupText] = rest.split("_g");
  int64_t bits, group;
  if (!toInt(bitsText, bits) || !toInt(groupText, group))
    return std::nullopt;
  strings::GroupInt s;
  s.bits = int(bits);
  s.group = group;
  return parseFormat(s, 1, /*positional=*/false, "group_int",
                     {"bits", "group"});
}
