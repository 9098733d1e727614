//===- TQAttributes.td - Quantizer attributes --------------*- tablegen -*-===//
//
// One attribute per number format. Each implements QuantizerAttrInterface;
// its semantics live in the reference library (tq/Reference/Reference.h).
//
//===----------------------------------------------------------------------===//

#ifndef TQ_ATTRIBUTES_TD
#define TQ_ATTRIBUTES_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "tq/Dialect/TQ/IR/TQDialect.td"
include "tq/Dialect/TQ/IR/TQEnums.td"
include "tq/Dialect/TQ/IR/TQInterfaces.td"

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

// `what` names the parameter in the quantizer string's messages (default:
// its name).
class TQ_EnumParam<EnumInfo info, string default, string what = "">
    : EnumParameter<info> {
  let defaultValue = default;
  string stringWhat = what;
}

// A parameter with a description (an `int` that is also written positionally
// in quantizer strings reads better in messages with one).
class TQ_IntParam<string desc> : AttrParameter<"int", desc>;

class TQ_F64Param<string desc, string default = "">
    : AttrParameter<"::tq::F64", desc> {
  let parser = "::tq::detail::parseF64($_parser)";
  let printer = "::tq::detail::printF64($_printer, $_self)";
  let defaultValue = default;
}

def TQ_OptionalF64Param : AttrParameter<"std::optional<::tq::F64>", ""> {
  let parser = "::tq::detail::parseOptionalF64($_parser)";
  let printer = "::tq::detail::printF64($_printer, *$_self)";
  let defaultValue = "std::nullopt";
}

// `trueWord`/`falseWord`: the quantizer string's keywords that set it.
class TQ_BoolParam<string desc, string default, string trueWord = "",
                   string falseWord = "">
    : AttrParameter<"bool", desc> {
  let parser = "::tq::detail::parseBool($_parser)";
  let printer = "$_printer << ($_self ? \"true\" : \"false\")";
  let defaultValue = default;
  string stringTrue = trueWord;
  string stringFalse = falseWord;
}

def TQ_OptionalOverflowParam
    : AttrParameter<"std::optional<::tq::Overflow>", ""> {
  let parser = "::tq::detail::parseOptionalOverflow($_parser)";
  let printer = "$_printer << ::tq::stringifyOverflow(*$_self)";
  let defaultValue = "std::nullopt";
}

def TQ_F64ArrayParam : ArrayRefParameter<"::tq::F64", ""> {
  let parser = "::tq::detail::parseF64List($_parser)";
  let printer = "::tq::detail::printF64List($_printer, $_self)";
}

def TQ_OptionalF64ArrayParam : OptionalArrayRefParameter<"::tq::F64", ""> {
  let parser = "::tq::detail::parseF64List($_parser)";
  let printer = "::tq::detail::printF64List($_printer, $_self)";
}

def TQ_I64ArrayParam : ArrayRefParameter<"int64_t", ""> {
  let parser = "::tq::detail::parseI64List($_parser)";
  let printer = "$_printer << '[' << $_self << ']'";
}

def TQ_OptionalI64Param : OptionalParameter<"std::optional<int64_t>">;

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

// The attribute's quantizer-string syntax (docs/quantizers.md), from which
// utils/gen_attr_defaults.py generates the parser's per-format part
// (TQQuantizerStrings.h.inc): the name is the mnemonic or one of
// `stringNames`; the parameters of `stringPositional` (the parameter, named
// in messages by its string) follow as bare numbers, those with a default
// optional and options too; every other parameter is an option
// `name=value`, an enum value (unique among the format's parameters) or a
// bool parameter's keyword. With
// `stringHooks` the format's file defines `extraOption` (options beyond
// those) and `finish` (checks and normalization before the attribute is
// built); with `stringCustomPositional`, `parsePositional`. Messages name the
// format `stringWhat` (default: the name as written).
class TQ_StringSyntax {
  list<string> stringNames = [];
  dag stringPositional = (ins);
  string stringWhat = "";
  bit stringHooks = 0;
  bit stringCustomPositional = 0;
}

// `overridden`: interface methods with a default that the format defines.
class TQ_QuantizerAttr<string name, string attrMnemonic,
                       list<string> overridden = []>
    : AttrDef<TQ_Dialect, name,
              [DeclareAttrInterfaceMethods<QuantizerAttrInterface,
                                           overridden>]>, TQ_StringSyntax {
  let mnemonic = attrMnemonic;
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def TQ_IdentityAttr : AttrDef<TQ_Dialect, "Identity",
    [DeclareAttrInterfaceMethods<QuantizerAttrInterface, ["isIdentity"]>]>,
    TQ_StringSyntax {
  let mnemonic = "identity";
  // fp64: every value of every element type tq quantizes is an f64.
  let stringNames = ["none", "fp64"];
  let summary = "the identity (TensorQuant's `none`)";
  let description = [{
    Every value, NaN payloads included, passes unchanged. `tq.quantize` with
    this quantizer folds to its input.

    ```mlir
    %y = tq.quantize %x : tensor<4xf32> with #tq.identity
    ```
  }];
}

def TQ_FixedAttr : TQ_QuantizerAttr<"Fixed", "fixed"> {
  let summary = "two's-complement or unsigned fixed point";
  let description = [{
    `bits` total bits including the sign (1 to 53), `frac` fractional bits
    (step 2^-frac, -1000 to 1000; `frac >= bits` is allowed and gives a format
    whose values are all below 1 in magnitude). The value set is
    `k * 2^-frac` with `k` in `[-2^(bits-1), 2^(bits-1) - 1]` (signed) or
    `[0, 2^bits - 1]` (unsigned).

    Rounding to the step follows `rounding`; out-of-range values saturate to
    the nearest end (`overflow = saturate`, the default) or wrap modulo
    2^bits (`overflow = wrap`). ±Inf saturates in both modes, NaN stays NaN,
    and zero results are +0 (fixed point has no -0).

    TensorQuant's `nearest,s,p` is `#tq.fixed<bits = s, frac = p, rounding = nearest_away>`.

    ```mlir
    %y = tq.quantize %x : tensor<16xf32> with #tq.fixed<bits = 8, frac = 4>
    %z = tq.quantize %x : f32 with #tq.fixed<bits = 8, frac = 8, is_signed = false, overflow = wrap>
    ```
  }];
  let parameters = (ins
    TQ_IntParam<"total bits">:$bits,
    TQ_IntParam<"fractional bits">:$frac,
    TQ_BoolParam<"signed two's complement (else unsigned)", "true", "signed",
                 "unsigned">:$is_signed,
    TQ_EnumParam<TQ_RoundingMode, "::tq::RoundingMode::nearest_even">:$rounding,
    TQ_EnumParam<TQ_Overflow, "::tq::Overflow::saturate">:$overflow);
  let stringPositional = (ins "total bits":$bits, "fractional bits":$frac);
  let stringWhat = "fixed point";
}

def TQ_FloatFormatAttr
    : TQ_QuantizerAttr<"FloatFormat", "float", ["isIdentity"]> {
  let summary = "custom binary floating point (fp8, fp6, fp4, bf16, ...)";
  let description = [{
    `exp` exponent bits (bias `2^(exp-1) - 1`) and `man` stored mantissa
    bits. `kind` says how the top exponent is used: `ieee` (Inf and NaN, like
    binary16 and OCP E5M2), `nan_only` (finite values except the all-ones
    pattern, which is NaN: OCP E4M3, MLIR's `f8E4M3FN`) or `finite_only` (no
    Inf, no NaN: OCP fp6 and fp4). With `subnormals = false` the values
    between zero and the smallest normal are only `0` and `2^emin`.

    Overflow goes to infinity (`overflow = infinity`, default for `ieee`,
    following IEEE 754: modes that round toward zero give the largest finite
    value) or to the largest finite value (`overflow = saturate`, the only
    choice and the default for formats without infinity; ±Inf inputs become
    ± the largest finite value, like PTX `cvt.satfinite`). NaN stays NaN (as
    the element type's NaN, even where the format has none), -0 stays -0.

    The exponent and mantissa must fit the element type of the quantized
    value: a narrower element type could not hold the results.

    ```mlir
    // OCP fp8 E4M3
    %y = tq.quantize %x : tensor<8xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
    // bf16, truncating
    %z = tq.quantize %x : f32 with #tq.float<exp = 8, man = 7, rounding = toward_zero>
    ```
  }];
  let parameters = (ins
    TQ_IntParam<"exponent bits">:$exp,
    TQ_IntParam<"stored mantissa bits">:$man,
    TQ_EnumParam<TQ_FloatKind, "::tq::FloatKind::ieee">:$kind,
    TQ_BoolParam<"subnormal values are representable", "true", "subnormals",
                 "no_subnormals">:$subnormals,
    TQ_OptionalOverflowParam:$overflow,
    TQ_EnumParam<TQ_RoundingMode, "::tq::RoundingMode::nearest_even">:$rounding);
  let stringPositional = (ins "exponent bits":$exp, "mantissa bits":$man);
  let stringWhat = "float";
  let stringHooks = 1; // `fn`; an overflow that is the kind's own is not given
  let extraClassDeclaration = [{
    /// The overflow behaviour in effect (infinity for ieee unless given).
    ::tq::Overflow getEffectiveOverflow() const;
    /// What a format of `kind` does on overflow when nothing is said.
    static ::tq::Overflow getDefaultOverflow(::tq::FloatKind kind);
  }];
}

def TQ_Pow2Attr : TQ_QuantizerAttr<"Pow2", "pow2"> {
  let summary = "power of two (TensorQuant's `logarithmic`)";
  let description = [{
    `sign(x) * 2^k`, where `k` is `floor(log2|x|)` (`rounding = floor`,
    TensorQuant's behaviour) or `log2|x|` rounded to the nearest integer
    (`rounding = nearest`, i.e. up from `sqrt(2) * 2^floor`). Exponents
    below `min_exp` give ±0, above `max_exp` saturate to `2^max_exp`; ±Inf
    gives `±2^max_exp`; zero keeps its sign; NaN stays NaN. Without
    `min_exp`/`max_exp` the range is the element type's (smallest subnormal
    to largest binade).

    ```mlir
    %y = tq.quantize %x : tensor<4xf32> with #tq.pow2<rounding = nearest, min_exp = -8, max_exp = 0>
    ```
  }];
  let parameters = (ins
    TQ_EnumParam<TQ_Pow2Rounding, "::tq::Pow2Rounding::floor">:$rounding,
    TQ_OptionalI64Param:$min_exp,
    TQ_OptionalI64Param:$max_exp);
  let stringNames = ["logarithmic"];
  let stringWhat = "pow2";
  let stringCustomPositional = 1; // [ROUNDING,]MIN,MAX
}

def TQ_BinaryAttr : TQ_QuantizerAttr<"Binary", "binary"> {
  let summary = "binary: x >= 0 ? m : -m";
  let description = [{
    `scale` is `m` (positive, default 1); -0 counts as non-negative. NaN
    stays NaN.

    ```mlir
    %y = tq.quantize %x : tensor<4xf32> with #tq.binary<scale = 0.5>
    ```
  }];
  let parameters = (ins TQ_F64Param<"magnitude m", "1.0">:$scale);
  let stringPositional = (ins "scale":$scale);
}

def TQ_TernaryAttr : TQ_QuantizerAttr<"Ternary", "ternary", ["getTensorStrategy"]> {
  let summary = "ternary: m, -m or 0 around a threshold";
  let description = [{
    `m` if `x > t`, `-m` if `x < -t`, else `+0`; NaN stays NaN. `scale` is
    `m` (default 1), `threshold` is `t`. Without a threshold, `t = 0.7 *
    mean(|x|)` over the whole tensor (the sum accumulated in double in
    row-major order, then divided by the element count, then multiplied by
    0.7): the quantizer is then not elementwise.

    ```mlir
    %y = tq.quantize %x : tensor<4xf32> with #tq.ternary<scale = 0.25, threshold = 0.1>
    %z = tq.quantize %x : tensor<4xf32> with #tq.ternary<>
    ```
  }];
  let parameters = (ins
    TQ_F64Param<"magnitude m", "1.0">:$scale,
    TQ_OptionalF64Param:$threshold);
  let stringPositional = (ins "scale":$scale, "threshold":$threshold);
}

def TQ_SparseAttr : TQ_QuantizerAttr<"Sparse", "sparse"> {
  let summary = "magnitude pruning: x if |x| >= t else 0";
  let description = [{
    Values with `|x| < threshold` become zero with the sign of `x`; NaN stays
    NaN.

    ```mlir
    %y = tq.quantize %x : tensor<4xf32> with #tq.sparse<threshold = 0.01>
    ```
  }];
  let parameters = (ins TQ_F64Param<"threshold t">:$threshold);
  let stringPositional = (ins "threshold":$threshold);
}

def TQ_AffineAttr : TQ_QuantizerAttr<"Affine", "affine", ["getTensorStrategy"]> {
  let summary = "affine integer fake quantization (PyTorch semantics)";
  let description = [{
    PyTorch's `fake_quantize_per_tensor_affine` (one `scale` and
    `zero_point`) and `fake_quantize_per_channel_affine` (one per index of
    dimension `axis`):

    ```
    q = clamp(round(x * (1 / scale)) + zero_point, qmin, qmax)
    y = (q - zero_point) * scale
    ```

    computed in f32 (f64 for f64 values), every operation rounded as PyTorch
    rounds it; `round` is `rounding` (nearest even, like `nearbyint`, by
    default). With `divide = true`, `x * (1 / scale)` is `x / scale`, one
    rounding, as ONNX's `QuantizeLinear` computes it (the two differ where
    `x / scale` is within an ulp of a rounding boundary). `[qmin, qmax]` is `[-2^(bits-1), 2^(bits-1)-1]` (signed) or
    `[0, 2^bits-1]` (unsigned), with `narrow = true` raising `qmin` by one.
    NaN stays NaN; zero results are +0.

    ```mlir
    %y = tq.quantize %x : tensor<4xf32> with #tq.affine<bits = 8, scale = [0.05], zero_point = [3]>
    %w = tq.quantize %k : tensor<2x3xf32> with #tq.affine<bits = 8, scale = [0.1, 0.2], zero_point = [0, 0], axis = 0>
    ```
  }];
  let parameters = (ins
    TQ_IntParam<"integer bits">:$bits,
    TQ_F64ArrayParam:$scale,
    TQ_I64ArrayParam:$zero_point,
    TQ_BoolParam<"signed integers (else unsigned)", "true", "signed",
                 "unsigned">:$is_signed,
    TQ_BoolParam<"narrow range (qmin raised by one)", "false", "narrow">:$narrow,
    TQ_OptionalI64Param:$axis,
    TQ_EnumParam<TQ_RoundingMode, "::tq::RoundingMode::nearest_even">:$rounding,
    TQ_BoolParam<"divide by the scale (ONNX QuantizeLinear) instead of "
                 "multiplying by its f32 reciprocal (PyTorch)", "false",
                 "divide">:$divide);
  let stringPositional = (ins "bits":$bits, "scale":$scale,
                              "zero point":$zero_point);
}

def TQ_MXAttr : TQ_QuantizerAttr<"MX", "mx", ["getTensorStrategy"]> {
  let summary = "OCP microscaling block format (MXFP8/6/4, MXINT8)";
  let description = [{
    The OCP Microscaling Formats (MX) v1.0 block format: blocks of `block`
    consecutive elements along `axis` (negative counts from the end; default
    the last dimension; the last block of a line may be shorter) share the
    scale `2^s`, `s = floor(log2(max|x|)) - emax(element)` clamped to the
    E8M0 range [-127, 127]. Each element becomes `element(x / 2^s) * 2^s`,
    the element conversion rounding with `rounding` and saturating. A block
    holding NaN or Inf becomes all NaN (the spec's NaN scale).

    `element` is `fp8_e4m3` (MXFP8), `fp8_e5m2`, `fp6_e2m3` (MXFP6),
    `fp6_e3m2`, `fp4_e2m1` (MXFP4) or `int8` (MXINT8: two's complement with
    6 fractional bits).

    `scale_rounding` chooses `s` from the block's largest magnitude `A`
    (`e = floor(log2 A)`, `emax` the element's largest exponent, `m` its
    significand bits), always clamped to [-127, 127]:
    - `floor` (the default, OCP v1.0): `s = e - emax`;
    - `ceil`: `s = ceil(log2 A) - emax`;
    - `even`: `s = e + c - emax`, `c = 1` when `A`'s significand rounded
      half up to `m` bits carries (`A >= 2^e (2 - 2^-(m+1))`), as torchao's
      EVEN;
    - `rceil`: `s = ceil(log2 D)`, `D = A * (1 / max)` with `1 / max` (the
      element's largest value) and the product rounded to the compute type
      (f32 for f16/bf16/f32 values), as cuBLAS's and torchao's RCEIL.

    ```mlir
    %y = tq.quantize %x : tensor<4x64xf32> with #tq.mx<element = fp4_e2m1>
    ```
  }];
  let parameters = (ins
    TQ_EnumParam<TQ_MXElement, "::tq::MXElement::fp8_e4m3">:$element,
    DefaultValuedParameter<"int64_t", "32">:$block,
    DefaultValuedParameter<"int64_t", "-1">:$axis,
    TQ_EnumParam<TQ_RoundingMode, "::tq::RoundingMode::nearest_even">:$rounding,
    TQ_EnumParam<TQ_MXScaleRounding, "::tq::MXScaleRounding::floor",
                 "scale rounding">:$scale_rounding);
}

def TQ_BlockFloatAttr : TQ_QuantizerAttr<"BlockFloat", "bfp", ["getTensorStrategy"]> {
  let summary = "block floating point (shared exponent, integer mantissas)";
  let description = [{
    Blocks of `block` consecutive elements along `axis` share the exponent
    `E = floor(log2(max|x|))`; each element becomes a signed `bits`-bit
    integer times `2^(E - bits + 2)` (so the largest magnitude keeps
    `bits - 1` significant bits), rounded with `rounding` and saturating to
    `[-2^(bits-1), 2^(bits-1) - 1]` (QPyTorch's `BlockFloatingPoint`). A
    block holding NaN or Inf becomes all NaN; zero results are +0.

    ```mlir
    %y = tq.quantize %x : tensor<4x64xf32> with #tq.bfp<bits = 8, block = 16>
    ```
  }];
  let parameters = (ins
    TQ_IntParam<"mantissa bits including the sign">:$bits,
    DefaultValuedParameter<"int64_t", "32">:$block,
    DefaultValuedParameter<"int64_t", "-1">:$axis,
    TQ_EnumParam<TQ_RoundingMode, "::tq::RoundingMode::nearest_even">:$rounding);
  let stringPositional = (ins "mantissa bits":$bits);
}

def TQ_ScaledFloatAttr
    : TQ_QuantizerAttr<"ScaledFloat", "scaled_fp8", ["getTensorStrategy"]> {
  let summary = "fp8 with an f32 scale per line (torchao's rowwise float8)";
  let description = [{
    Every line along `axis` (the elements that differ only in that index;
    negative counts from the end, default the last dimension) has its
    largest magnitude `A` and the f32 scale `s = f32(M / max(A, 1e-12))`
    (the quotient in f64, `M` the element's largest value: 448 for
    `fp8_e4m3`, 57344 for `fp8_e5m2`). Each element becomes
    `element(x * s) / s`, the conversion rounding to nearest even and
    saturating; the product and the quotient are rounded to f32 for f16,
    bf16 and f32 values (in f64 for f64 values), as torchao's float8
    training computes them. A line holding NaN or Inf becomes all NaN.
    The axis must have a static size.

    With `tensorwise = true` the whole tensor is one line (torchao's
    tensorwise float8, the per-tensor fp8 scale of inference engines) and
    `axis` is ignored.

    With `amax` the scales are static (calibrated, as inference engines
    store fp8 weights and activations): `A` is given rather than measured,
    one value with `tensorwise = true`, else one per index along `axis`.
    Each element is then quantized on its own: NaN stays NaN, and the
    conversion saturates infinities to `M / s` with their sign.

    ```mlir
    %w = tq.quantize %x : tensor<64x256xf32> with #tq.scaled_fp8<element = fp8_e4m3>
    %t = tq.quantize %x : tensor<64x256xf32> with #tq.scaled_fp8<element = fp8_e4m3, tensorwise = true>
    %s = tq.quantize %x : tensor<2x256xf32> with #tq.scaled_fp8<axis = 0, amax = [2.5, 0.75]>
    ```
  }];
  let parameters = (ins
    TQ_EnumParam<TQ_MXElement, "::tq::MXElement::fp8_e4m3">:$element,
    DefaultValuedParameter<"int64_t", "-1">:$axis,
    TQ_BoolParam<"one scale for the whole tensor", "false",
                 "tensorwise">:$tensorwise,
    TQ_OptionalF64ArrayParam:$amax);
}

def TQ_BlockScaledAttr
    : TQ_QuantizerAttr<"BlockScaled", "block_scaled", ["getTensorStrategy"]> {
  let summary = "blocks with a float scale under a tensor scale (NVFP4)";
  let description = [{
    Blocks of `block` consecutive elements along `axis` (negative counts
    from the end, default the last dimension; the last block of a line may
    be shorter) with a scale in the float format `scale` (`fp8_e4m3` or
    `fp8_e5m2`), and with `tensor_scale` one f32 scale for the whole
    tensor: NVIDIA's NVFP4 (`element = fp4_e2m1, block = 16, scale =
    fp8_e4m3, tensor_scale = true`, the defaults) as Transformer Engine's
    reference quantizer computes it, and MX-style blocks whose scale is a
    float rather than E8M0.

    In the compute type `c` (f32 for f16, bf16 and f32 values, f64 for
    f64), with `Me` and `Ms` the element's and the scale format's largest
    values (6 and 448 for NVFP4), `A_t` the tensor's and `A_b` the block's
    largest magnitude:
    - `S = min(c(Ms * Me / A_t), max_c)` with a tensor scale, else 1;
    - `s_b = scale(min(c(c(A_b / Me) * S), Ms))`, to nearest even;
    - `e_b = min(c(S / s_b), max_c)`;
    - each element becomes `c(c(q * s_b) / S)`, `q = element(c(x * e_b))`,
      the conversion rounding with `rounding` and saturating.
    A block holding NaN or Inf becomes all NaN; with a measured tensor
    scale, so does every block of a tensor holding one.

    With `amax` (one value, only with `tensor_scale`) the tensor scale is
    static: `A_t = amax` (calibrated, as NVIDIA's ModelOpt keeps a global
    amax for activations) instead of the tensor's largest magnitude, so the
    tensor is quantized in one pass. Magnitudes above it saturate in their
    block's scale or element; only blocks holding NaN or Inf become NaN.

    ```mlir
    %y = tq.quantize %x : tensor<4x64xf32> with #tq.block_scaled<>
    %z = tq.quantize %x : tensor<4x64xf32> with #tq.block_scaled<element = fp8_e4m3, block = 32, tensor_scale = false>
    %s = tq.quantize %x : tensor<4x64xf32> with #tq.block_scaled<amax = [2.5]>
    ```
  }];
  let parameters = (ins
    TQ_EnumParam<TQ_MXElement, "::tq::MXElement::fp4_e2m1">:$element,
    DefaultValuedParameter<"int64_t", "16">:$block,
    TQ_EnumParam<TQ_MXElement, "::tq::MXElement::fp8_e4m3">:$scale,
    TQ_BoolParam<"a per-tensor f32 scale over the block scales", "true",
                 "tensor_scale">:$tensor_scale,
    TQ_EnumParam<TQ_RoundingMode, "::tq::RoundingMode::nearest_even">:$rounding,
    DefaultValuedParameter<"int64_t", "-1">:$axis,
    TQ_OptionalF64ArrayParam:$amax);
}

def TQ_GroupIntAttr
    : TQ_QuantizerAttr<"GroupInt", "group_int", ["getTensorStrategy"]> {
  let summary = "group-wise integers with a scale and zero point per group";
  let description = [{
    LLM weight quantization as GPTQ's quantizer defines it: groups of
    `group` consecutive elements along `axis` (negative counts from the
    end, default the last dimension; the last group of a line may be
    shorter) hold `bits`-bit unsigned integers `q` with one scale `s`,
    stored in `scale` (f16, bf16 or f32), and one integer zero point `z`.
    In the compute type `c` (f32 for f16, bf16 and f32 values, f64 for
    f64), with `lo = min(min x, 0)` and `hi = max(max x, 0)` of the group
    (`symmetric`: `hi = max|x|`, `lo = -hi`; both 0: `lo = -1`, `hi = 1`)
    and `qmax = 2^bits - 1`:
    - `s = scale(c((hi - lo) / qmax))`, nearest even and saturating; a
      scale rounded to 0 takes the scale type's smallest positive value;
    - `z = 2^(bits-1)` when symmetric, else
      `clamp(round(c(-lo / s)), 0, qmax)`;
    - each element becomes `c(s * (q - z))`,
      `q = clamp(round(c(x / s)) + z, 0, qmax)`, round to nearest even.
    A group holding NaN or Inf becomes all NaN.

    ```mlir
    %w = tq.quantize %x : tensor<64x256xf32> with #tq.group_int<bits = 4, group = 128>
    ```
  }];
  let parameters = (ins
    DefaultValuedParameter<"int", "4">:$bits,
    DefaultValuedParameter<"int64_t", "128">:$group,
    TQ_BoolParam<"symmetric (zero point 2^(bits-1))", "false", "sym">:$symmetric,
    TQ_EnumParam<TQ_GroupScaleType, "::tq::GroupScaleType::f16",
                 "scale type">:$scale,
    DefaultValuedParameter<"int64_t", "-1">:$axis);
}

//===----------------------------------------------------------------------===//
// Multiply-accumulate units
//===----------------------------------------------------------------------===//

def TQ_MacAttr : AttrDef<TQ_Dialect, "Mac"> {
  let mnemonic = "mac";
  let summary = "how a multiply-accumulate unit computes a dot product";
  let description = [{
    The arithmetic inside a matmul or convolution (the `intrinsic` role,
    `docs/intrinsic.md`): which roundings a hardware multiply-accumulate
    unit applies, in which order. `tq-insert` records it on an op as
    `tq.intrinsic`; `tq-expand-intrinsic` emulates it; `tq::ref::macDot`
    (`tq/Reference/Reference.h`) is its reference, which `tq-fold-intrinsic`
    evaluates.

    For each output element, `init` its initial value (a TOSA convolution's
    bias, else 0) and `a_r * b_r` the products of the reduction in its
    order (the lexicographic order of the op's reduction dimensions), with
    `P = product`, `A = accumulator`, `O = outer` (default `A`) and all
    arithmetic in the working type `w` (the element type; f64 with
    `wide = true`):

    ```
    p_r = P(a_r * b_r)                       rounded to w, then P
    sequential (chunk = 0):  acc = A(init);  acc = A(acc + p_r) for each r
    chunked (chunk = C):     acc = O(init);  for each chunk of C consecutive
                             elements of the innermost reduction dimension:
                               part = 0;  part = A(part + p_r) for r in it
                               acc = O(acc + part)
    ```

    - `fused = true`: each `A(x + p_r)` above becomes `A(x + a_r * b_r)`
      with one rounding: the exact product (f64, exact for f32, f16 and
      bf16 operands) is added in f64 with round-to-odd, which `A` then
      rounds as it would the exact sum when its boundaries have at most 52
      significant bits (a deterministic `A` of at most 51, a stochastic one
      of at most 19 significant bits). `P` must be the identity.
    - `align = k, kept = b` (aligned-addition units): the innermost
      reduction dimension is split into groups of `k` consecutive elements;
      with `e = floor(log2(max |p_r|))` over a group, each product becomes
      `t_r = round(p_r, 2^(e - b))` (`align_rounding`: `toward_zero`, the
      shifted-out bits dropped, or `nearest_even`), the group's sum
      `g = sum t_r` is exact, and `g` takes the place of `p_r` above (one
      `A(acc + g)` per group). `chunk` must then be a multiple of `k`.
      With `align_accumulator = true` the sum it joins (`acc`, or `part`
      with a chunk) takes part too, as in tensor cores: `e` is taken over
      the products and that sum `s`, and the group adds as
      `A(round(s, 2^(e - b)) + g)`.
    - `order = pairwise`: the terms are added as a pairwise tree instead of
      in sequence: the products `p_r` are the leaves; each level adds
      neighbours `(2m, 2m + 1)` as `A(left + right)` and passes an odd last
      node up unchanged, until one node `T` is left; then `acc = A(acc +
      T)`. The tree spans all the reduction's terms, or, with a chunk, each
      chunk's (`part = T`, then `acc = O(acc + part)` as above). Excludes
      `fused` and `align`.
    - `mx = #tq.mx<...>` (MX dot products, OCP MX v1.0 section 6.1): the
      unit takes both operands in that MX format along the reduction: each
      block of `block` consecutive elements of the innermost reduction
      dimension (`chunk` must equal `block`) is quantized as `#tq.mx` does
      (`scale_rounding = floor`, deterministic rounding), giving elements
      `Ea_r = a_r / 2^sa` and `Eb_r = b_r / 2^sb`. The block's dot product
      is formed from the elements, `part = A(part + P(Ea_r * Eb_r))` (the
      block-internal precision is `A`), and scaled once:
      `acc = O(acc + w(part * 2^sa * 2^sb))`. Excludes `fused`, `align` and
      a pairwise order.
    - A chunk or group that does not divide the dimension's size leaves a
      partial last one.
    - Stochastic quantizers draw from the stream of `seed` at counter
      `n * i + j` for iteration `i` of the op's original loop nest in
      row-major order: `j = 0` the product, `1` the (partial) sum, `2` the
      outer sum; `n` is 2, or 3 with `chunk`. In a pairwise tree, the sum of
      two nodes draws at `j = 1` of the iteration of the right node's first
      term, and `acc + T` at `j = 1` of the first term's. The initial value's elements
      draw from counter `n * N` on, `N` the iteration count.

    ```mlir
    // FP8 tensor cores: groups of 32 products aligned with the accumulator,
    // 13 bits kept, an e8m13 accumulator truncating; promoted to f32 every
    // 128 elements (the "fp8-tensor-core-promoted" preset).
    #tq.mac<product = #tq.identity,
            accumulator = #tq.float<exp = 8, man = 13, rounding = toward_zero>,
            outer = #tq.float<exp = 8, man = 23>, chunk = 128, align = 32,
            kept = 13, align_accumulator = true>
    ```
  }];
  let parameters = (ins
    "::tq::QuantizerAttrInterface":$product,
    "::tq::QuantizerAttrInterface":$accumulator,
    OptionalParameter<"::tq::QuantizerAttrInterface">:$outer,
    DefaultValuedParameter<"int64_t", "0">:$chunk,
    TQ_EnumParam<TQ_MacOrder, "::tq::MacOrder::sequential">:$order,
    OptionalParameter<"::tq::QuantizerAttrInterface">:$mx,
    TQ_BoolParam<"one rounding per multiply-add", "false">:$fused,
    TQ_BoolParam<"products and sums formed in f64", "false">:$wide,
    DefaultValuedParameter<"int64_t", "0">:$align,
    DefaultValuedParameter<"int64_t", "0">:$kept,
    TQ_EnumParam<TQ_RoundingMode, "::tq::RoundingMode::toward_zero">:$align_rounding,
    TQ_BoolParam<"the accumulator joins the alignment", "false">:$align_accumulator,
    TQ_OptionalI64Param:$seed);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The MX format of an MX dot product, or null.
    ::tq::MXAttr getMxFormat() const {
      return ::llvm::dyn_cast_or_null<::tq::MXAttr>(getMx());
    }
    /// The accumulator of chunk sums: `outer`, or the accumulator.
    ::tq::QuantizerAttrInterface getOuterOrAccumulator() const {
      return getOuter() ? getOuter() : getAccumulator();
    }
    /// Random counters per iteration of the original loop nest.
    int64_t getCountersPerIteration() const { return getChunk() ? 3 : 2; }
    bool isStochastic() const;
    /// The named models of common units (docs/intrinsic.md, "Presets"), or
    /// null.
    static MacAttr getPreset(::mlir::MLIRContext *ctx, ::llvm::StringRef name);
    static ::llvm::ArrayRef<::llvm::StringRef> getPresetNames();
  }];
}

#endif // TQ_ATTRIBUTES_TD
