//===- QuantizerLoweringInterface.td - A format's arith code -*- tablegen -*-===//

#ifndef TQ_CONVERSION_TQTOARITH_QUANTIZERLOWERINGINTERFACE_TD
#define TQ_CONVERSION_TQTOARITH_QUANTIZERLOWERINGINTERFACE_TD

include "mlir/IR/OpBase.td"

def QuantizerLoweringInterface : AttrInterface<"QuantizerLoweringInterface"> {
  let cppNamespace = "::tq";
  let description = [{
    The arith code of one quantizer format, for `tq-lower-to-arith`
    (`populateTQToArithPatterns`). The conversion library attaches it to
    each of tq's quantizer attributes as an external model
    (`tq::registerQuantizerLoweringModels`, one section per format in
    `lib/Conversion/TQToArith/Formats.cpp`), as upstream attaches
    `gpu::TargetAttrInterface` to NVVM's target attribute; a dialect that
    defines its own quantizer attributes attaches its models the same way.
    The lowering builds the code around the element code from the format's
    `QuantizerAttrInterface::getTensorStrategy` and lists no formats.
  }];
  let methods = [
    InterfaceMethod<[{
        The type the element code computes in for elements of type
        `element`: f32 when every intermediate value is exact in f32 (f16,
        bf16 and f32 elements), else f64.
      }], "::mlir::Type", "getComputeType", (ins "::mlir::Type":$element),
      /*methodBody=*/[{}], /*defaultImplementation=*/[{
        ::mlir::Builder b(element.getContext());
        return element.isF64() ? ::mlir::Type(b.getF64Type())
                                : ::mlir::Type(b.getF32Type());
      }]>,
    InterfaceMethod<[{
        The quantized value of `x` (of the compute type, scalar or vector of
        `el`'s shape) before it is rounded into the element type `element`:
        exact, as the reference computes it. `random` holds the element's
        random word when the format is stochastic; `extras` the values of
        the tensor strategy (block scale exponent, channel constants, whole
        tensor statistic). Null when the format cannot be lowered for
        `element`.
      }], "::mlir::Value", "lowerElement",
      (ins "::tq::ElementLowering &":$el, "::mlir::Value":$x,
           "::mlir::Value":$random, "const ::tq::ElementExtras &":$extras,
           "::mlir::Type":$element)>,
    InterfaceMethod<[{
        Blocks strategy: sets the block's values its element code reads
        (`extras.scaleExp` (i32), or `extras.scale` and `extras.blockValues`
        (compute type)) from the block's largest magnitude `maxAbs`
        (compute type). `extras.special` (i1: the block becomes NaN) is
        already set for a block holding NaN or Inf; a format may add to it.
        The default is the block's exponent, floor(log2 maxAbs) (0 for an
        all-zero block). `extras` holds, when the strategy asks for them,
        the block's range (blockMin, blockMax) and the prepared tensor
        statistic.
      }], "void", "lowerBlockScale",
      (ins "::tq::ElementLowering &":$el, "::mlir::Value":$maxAbs,
           "::tq::ElementExtras &":$extras),
      /*methodBody=*/[{}], /*defaultImplementation=*/[{
        el.blockExponent(maxAbs, extras);
      }]>,
    InterfaceMethod<[{
        WholeTensor strategy, and Blocks with a tensorStatistic: the value
        the element code (and lowerBlockScale) find in `extras.statistic`,
        computed once (outside the element loops) from the tensor's
        `statistic` (f64), for elements of type `element`. The default is
        the statistic itself.
      }], "::mlir::Value", "prepareStatistic",
      (ins "::tq::ElementLowering &":$el, "::mlir::Value":$statistic,
           "::mlir::Type":$element),
      /*methodBody=*/[{}], /*defaultImplementation=*/[{ return statistic; }]>,
    InterfaceMethod<[{
        PerChannel strategy: the constants of each of `channels` channels,
        one dense attribute of shape `[channels]` per constant, for
        elements of type `element` computed in `compute`; the element code
        finds channel c's values in `extras.channel`, in this order.
      }], "::llvm::SmallVector<::mlir::DenseElementsAttr>",
      "getChannelParameters",
      (ins "::mlir::Builder &":$b, "::mlir::Type":$element,
           "::mlir::Type":$compute, "int64_t":$channels),
      /*methodBody=*/[{}], /*defaultImplementation=*/[{ return {}; }]>,
  ];
}

#endif // TQ_CONVERSION_TQTOARITH_QUANTIZERLOWERINGINTERFACE_TD
