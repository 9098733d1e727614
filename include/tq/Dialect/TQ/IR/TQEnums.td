//===- TQEnums.td - Enumerations of the tq dialect ---------*- tablegen -*-===//

#ifndef TQ_ENUMS_TD
#define TQ_ENUMS_TD

include "mlir/IR/EnumAttr.td"

def TQ_RoundingMode : I32EnumAttr<"RoundingMode",
    "how a value between two representable neighbours is rounded", [
  I32EnumAttrCase<"nearest_even", 0>,
  I32EnumAttrCase<"nearest_away", 1>,
  I32EnumAttrCase<"toward_zero", 2>,
  I32EnumAttrCase<"down", 3>,
  I32EnumAttrCase<"up", 4>,
  I32EnumAttrCase<"odd", 5>,
  I32EnumAttrCase<"stochastic", 6>]> {
  let cppNamespace = "::tq";
  let genSpecializedAttr = 0;
}

def TQ_Overflow : I32EnumAttr<"Overflow",
    "what a value beyond the largest representable one becomes", [
  I32EnumAttrCase<"saturate", 0>,
  I32EnumAttrCase<"wrap", 1>,
  I32EnumAttrCase<"infinity", 2>]> {
  let cppNamespace = "::tq";
  let genSpecializedAttr = 0;
}

def TQ_FloatKind : I32EnumAttr<"FloatKind",
    "how a custom float format spends its top exponent", [
  I32EnumAttrCase<"ieee", 0>,
  I32EnumAttrCase<"nan_only", 1>,
  I32EnumAttrCase<"finite_only", 2>]> {
  let cppNamespace = "::tq";
  let genSpecializedAttr = 0;
}

def TQ_Pow2Rounding : I32EnumAttr<"Pow2Rounding",
    "rounding of log2|x| for power-of-two quantization", [
  I32EnumAttrCase<"floor", 0>,
  I32EnumAttrCase<"nearest", 1>]> {
  let cppNamespace = "::tq";
  let genSpecializedAttr = 0;
}

def TQ_MXElement : I32EnumAttr<"MXElement",
    "element format of an OCP microscaling block", [
  I32EnumAttrCase<"fp8_e4m3", 0>,
  I32EnumAttrCase<"fp8_e5m2", 1>,
  I32EnumAttrCase<"fp6_e2m3", 2>,
  I32EnumAttrCase<"fp6_e3m2", 3>,
  I32EnumAttrCase<"fp4_e2m1", 4>,
  I32EnumAttrCase<"int8", 5>]> {
  let cppNamespace = "::tq";
  let genSpecializedAttr = 0;
}

def TQ_MXScaleRounding : I32EnumAttr<"MXScaleRounding",
    "how an MX block's power-of-two scale is chosen from its largest magnitude", [
  I32EnumAttrCase<"floor", 0>,
  I32EnumAttrCase<"ceil", 1>,
  I32EnumAttrCase<"even", 2>,
  I32EnumAttrCase<"rceil", 3>]> {
  let cppNamespace = "::tq";
  let genSpecializedAttr = 0;
}

def TQ_GroupScaleType : I32EnumAttr<"GroupScaleType",
    "the float type a group-wise integer format stores its scales in", [
  I32EnumAttrCase<"f16", 0>,
  I32EnumAttrCase<"bf16", 1>,
  I32EnumAttrCase<"f32", 2>]> {
  let cppNamespace = "::tq";
  let genSpecializedAttr = 0;
}

def TQ_MacOrder : I32EnumAttr<"MacOrder",
    "the order in which a multiply-accumulate unit adds its terms", [
  I32EnumAttrCase<"sequential", 0>,
  I32EnumAttrCase<"pairwise", 1>]> {
  let cppNamespace = "::tq";
  let genSpecializedAttr = 0;
}

#endif // TQ_ENUMS_TD
