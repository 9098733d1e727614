//===- TQOps.td - tq operations ----------------------------*- tablegen -*-===//

#ifndef TQ_OPS_TD
#define TQ_OPS_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "tq/Dialect/TQ/IR/TQDialect.td"
include "tq/Dialect/TQ/IR/TQInterfaces.td"

def TQ_Float : AnyTypeOf<[F16, BF16, F32, F64]>;
// Vectors of rank >= 1 with fixed sizes: the lowering indexes lanes by
// position, which a 0-d or scalable vector does not have.
def TQ_FloatLike : AnyTypeOf<[TQ_Float, FixedVectorOfNonZeroRankOf<[TQ_Float]>,
                              RankedTensorOf<[TQ_Float]>],
    "f16, bf16, f32 or f64, or a fixed-size vector of rank >= 1 or a ranked "
    "tensor of them">;

def TQ_QuantizeOp : TQ_Op<"quantize",
    [Pure, AllTypesMatch<["input", "result"]>, AttrSizedOperandSegments]> {
  let summary = "round values to the value set of a number format";
  let description = [{
    Rounds every element of `input` to the value set of `quantizer` and
    returns it in the same type. The quantizer is an attribute implementing
    `QuantizerAttrInterface` (`#tq.fixed`, `#tq.float`, `#tq.mx`, ...) or,
    as a shorthand when parsing, a quantizer string such as
    `"nearest,8,4"` or `"fp8_e4m3"` (see `docs/quantizers.md`), which is
    printed back as the attribute.

    Stochastic rounding draws the random bits of element `i` (row-major
    linear index) from Philox4x32-10 keyed by `seed` at counter `offset + i`
    (`seed` and `offset` default to 0), so the result is a pure function of
    the operands: it does not depend on threads, tiling or target. The seed
    is an attribute (`seed(7)`) or an i64 operand (`seed_value(%s)`, not
    both), so that one function can quantize with a seed its caller gives
    (`tq-outline-quantizers`). `seed`, `seed_value` and `offset` are only
    accepted with a stochastic quantizer.

    A constant operand folds to the quantized constant; quantizing the result
    of the same idempotent quantizer again folds to the first quantization.

    ```mlir
    %0 = tq.quantize %x : tensor<4x4xf32> with #tq.fixed<bits = 8, frac = 4>
    %1 = tq.quantize %x : tensor<4x4xf32> with "fp8_e4m3"
    %2 = tq.quantize %y : f32 with "stochastic,8,4" seed(7)
    %3 = tq.quantize %v : vector<8xf32> with "stochastic,8,4" seed(7) offset(%i)
    %4 = tq.quantize %t : tensor<8xf32> with "stochastic,8,4" seed_value(%s)
    ```
  }];
  let arguments = (ins TQ_FloatLike:$input,
                       QuantizerAttrInterface:$quantizer,
                       OptionalAttr<I64Attr>:$seed,
                       Optional<Index>:$offset,
                       Optional<I64>:$seed_value);
  let results = (outs TQ_FloatLike:$result);
  // The type comes before the quantizer: MLIR's parser reads a `: type`
  // right after a dialect attribute as that attribute's type.
  let assemblyFormat = [{
    $input `:` type($input) `with` custom<Quantizer>($quantizer)
    (`seed` `(` $seed^ `)`)? (`seed_value` `(` $seed_value^ `)`)?
    (`offset` `(` $offset^ `)`)? attr-dict
  }];
  let builders = [
    OpBuilder<(ins "::mlir::Value":$input,
                   "::tq::QuantizerAttrInterface":$quantizer), [{
      build($_builder, $_state, input.getType(), input, quantizer,
            /*seed=*/nullptr, /*offset=*/nullptr, /*seed_value=*/nullptr);
    }]>,
    OpBuilder<(ins "::mlir::Type":$result, "::mlir::Value":$input,
                   "::tq::QuantizerAttrInterface":$quantizer,
                   "::mlir::IntegerAttr":$seed, "::mlir::Value":$offset), [{
      build($_builder, $_state, result, input, quantizer, seed, offset,
            /*seed_value=*/nullptr);
    }]>
  ];
  let extraClassDeclaration = [{
    /// The seed as an i64 value: the seed_value operand, else a constant of
    /// the seed attribute (0 without one) that `b` builds.
    ::mlir::Value getOrCreateSeedValue(::mlir::OpBuilder &b);
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // TQ_OPS_TD
