//===- TQInterfaces.td - Quantizer attribute interface -----*- tablegen -*-===//

#ifndef TQ_INTERFACES_TD
#define TQ_INTERFACES_TD

include "mlir/IR/OpBase.td"

def QuantizerAttrInterface : AttrInterface<"QuantizerAttrInterface"> {
  let cppNamespace = "::tq";
  let description = [{
    A number format that `tq.quantize` can round values to. Everything a pass,
    the folder or a lowering needs to know about a format goes through this
    interface, so a new format is one attribute that implements it.
  }];
  let methods = [
    InterfaceMethod<[{
        Checks that the format makes sense for values of `type` (the operand
        type of `tq.quantize`: scalar, vector or ranked tensor of float).
        Reports through `emitError` and fails otherwise.
      }], "::mlir::LogicalResult", "verifyForType",
      (ins "::mlir::Type":$type,
           "::llvm::function_ref<::mlir::InFlightDiagnostic()>":$emitError)>,
    InterfaceMethod<[{
        True when the result depends on the random stream (seed, index).
      }], "bool", "isStochastic">,
    InterfaceMethod<[{
        True when each result element depends only on the same input element
        (and its index, for stochastic rounding): the quantizer needs no
        reduction and fuses into elementwise code. Derived from the tensor
        strategy.
      }], "bool", "isElementwise", (ins), /*methodBody=*/[{}],
      /*defaultImplementation=*/[{
        return $_attr.getTensorStrategy().kind ==
               ::tq::TensorStrategy::Kind::Elementwise;
      }]>,
    InterfaceMethod<[{
        How the quantizer reads a tensor (`tq::TensorStrategy`): each
        element alone (the default), with per-channel constants along an
        axis, in blocks along an axis with a shared scale, or with a
        statistic of the whole tensor. The lowerings build the code around
        the per-element code from it; they list no formats.
      }], "::tq::TensorStrategy", "getTensorStrategy", (ins),
      /*methodBody=*/[{}],
      /*defaultImplementation=*/[{ return ::tq::TensorStrategy::elementwise(); }]>,
    InterfaceMethod<[{
        True when quantizing a result of this quantizer again, with elements
        of type `elementType`, returns it unchanged, so `q(q(x))` folds to
        `q(x)`.
      }], "bool", "isIdempotent", (ins "::mlir::Type":$elementType)>,
    InterfaceMethod<[{
        True when the quantizer changes no value of element type
        `elementType` (whatever its rounding): `tq.quantize` folds to its
        input and lowers to nothing. The identity on every type; a float
        format on the element type's own format ("fp32" on f32, "fp16" on
        f16).
      }], "bool", "isIdentity", (ins "::mlir::Type":$elementType),
      /*methodBody=*/[{}], /*defaultImplementation=*/[{ return false; }]>,
    InterfaceMethod<[{
        Applies the reference semantics to `values` in place (exact results,
        before rounding to the element type). `seed` and `offset` select the
        random stream of stochastic rounding; the values are already verified
        against their type.
      }], "void", "evaluate",
      (ins "::tq::ref::Tensor &":$values, "uint64_t":$seed,
           "uint64_t":$offset)>,
    InterfaceMethod<[{
        Storage per element in bits, as a hardware format would hold it:
        `bits` for fixed point and affine, `1 + exp + man` for floats, 1 for
        binary, log2(3) for ternary, `1 + ceil(log2(max_exp - min_exp + 2))`
        for a bounded pow2; for blocks the element bits plus the block's
        8-bit shared exponent spread over its elements (MX:
        `element + 8 / block`). 0 when the format keeps the element type's
        values (identity, sparse, unbounded pow2). Sweeps plot against it.
      }], "double", "getBitsPerElement">,
    InterfaceMethod<[{
        The quantizer as a string of the quantizer-string language, which
        `parseQuantizerString` maps back to this attribute.
      }], "std::string", "getSpec">,
  ];
}

#endif // TQ_INTERFACES_TD
