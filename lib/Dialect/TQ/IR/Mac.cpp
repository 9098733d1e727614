//===- Mac.cpp - Multiply-accumulate unit models ---------------------------===//
//
// #tq.mac: what a multiply-accumulate unit rounds, and in which order. Its
// semantics are tq::ref::macDot's (tq/Reference/Reference.h).
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Dialect/TQ/IR/QuantizerString.h"

using namespace mlir;
using namespace tq;

bool MacAttr::isStochastic() const {
  return getProduct().isStochastic() || getAccumulator().isStochastic() ||
         getOuterOrAccumulator().isStochastic();
}

LogicalResult MacAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                              QuantizerAttrInterface product,
                              QuantizerAttrInterface accumulator,
                              QuantizerAttrInterface outer, int64_t chunk,
                              MacOrder order, QuantizerAttrInterface mxq,
                              bool fused, bool wide, int64_t align,
                              int64_t kept, RoundingMode alignRounding,
                              bool alignAccumulator,
                              std::optional<int64_t> seed) {
  if (!product || !accumulator)
    return emitError() << "#tq.mac needs a product and an accumulator "
                          "quantizer";
  for (auto [what, q] : {std::pair{"product", product},
                         std::pair{"accumulator", accumulator},
                         std::pair{"outer", outer}})
    if (q && !q.isElementwise())
      return emitError() << "#tq.mac: the " << what << " quantizer "
                         << q.getSpec()
                         << " is not elementwise (block and whole-tensor "
                            "formats have no meaning for one scalar)";
  if (chunk < 0)
    return emitError() << "#tq.mac: chunk must be 0 (none) or positive, got "
                       << chunk;
  if (outer && !chunk)
    return emitError() << "#tq.mac: an outer accumulator needs a chunk size";
  if (fused && !isa<IdentityAttr>(product))
    return emitError() << "#tq.mac: a fused multiply-add rounds the product "
                          "only with the sum: the product quantizer must be "
                          "none, got "
                       << product.getSpec();
  if (mxq && !isa<MXAttr>(mxq))
    return emitError() << "#tq.mac: mx must be an MX format, got "
                       << mxq.getSpec();
  if (auto mx = dyn_cast_or_null<MXAttr>(mxq)) {
    if (chunk != mx.getBlock())
      return emitError() << "#tq.mac: an MX dot product sums each block of "
                         << mx.getBlock()
                         << " elements: chunk must be that size, got "
                         << chunk;
    if (fused || align || order == MacOrder::pairwise)
      return emitError() << "#tq.mac: an MX dot product excludes fused, "
                            "align and a pairwise order";
    if (mx.getScaleRounding() != MXScaleRounding::floor ||
        mx.getRounding() == RoundingMode::stochastic)
      return emitError() << "#tq.mac: an MX dot product takes the OCP "
                            "scale (scale_rounding = floor) and a "
                            "deterministic element rounding";
  }
  if (order == MacOrder::pairwise && (fused || align))
    return emitError() << "#tq.mac: a pairwise order adds sums of products: "
                          "it excludes fused and align";
  if (align < 0)
    return emitError() << "#tq.mac: align must be 0 (none) or positive, got "
                       << align;
  if (!align && (kept || alignAccumulator))
    return emitError() << "#tq.mac: kept bits and align_accumulator need an "
                          "align group size";
  if (align) {
    if (fused)
      return emitError() << "#tq.mac: aligned addition and a fused "
                            "multiply-add exclude each other";
    if (kept < 0 || kept > 51)
      return emitError() << "#tq.mac: kept must be in [0, 51], got " << kept;
    if (alignRounding != RoundingMode::toward_zero &&
        alignRounding != RoundingMode::nearest_even)
      return emitError() << "#tq.mac: align_rounding must be toward_zero or "
                            "nearest_even, got "
                         << stringifyRoundingMode(alignRounding);
    if (chunk % align)
      return emitError() << "#tq.mac: chunk (" << chunk
                         << ") must be a multiple of align (" << align << ")";
  }
  bool stochastic = product.isStochastic() || accumulator.isStochastic() ||
                    (outer && outer.isStochastic());
  if (stochastic && !seed)
    return emitError() << "#tq.mac: a stochastic quantizer needs a seed";
  return success();
}

//===----------------------------------------------------------------------===//
// Presets: the units of docs/intrinsic.md, "Presets".
//===----------------------------------------------------------------------===//

namespace {
struct Preset {
  llvm::StringLiteral name;
  const char *product, *accumulator, *outer;
  int64_t chunk;
  bool fused, wide;
  int64_t align, kept;
  bool alignAccumulator;
};
// Keep in step with docs/intrinsic.md ("Presets"), which says where each
// comes from.
const Preset kPresets[] = {
    // FMA units (CUDA cores' FFMA; fp16/bf16 FMA with f32 accumulate).
    {"fma-fp32", "none", "fp32", nullptr, 0, true, false, 0, 0, false},
    // Packed fp16 FMA (HFMA2): fp16 accumulate, one rounding.
    {"fma-fp16", "none", "fp16", nullptr, 0, true, false, 0, 0, false},
    // bf16 dot-product units with f32 accumulate: products of bf16 operands
    // are exact in f32, each sum rounded to f32.
    {"bf16-fp32", "fp32", "fp32", nullptr, 0, false, false, 0, 0, false},
    // int8 MAC into a saturating int32 accumulator (exact in f64).
    {"int8-int32", "none", "fixed,32,0", nullptr, 0, false, true, 0, 0,
     false},
    // FP8 tensor cores (Hopper, Ada): 32 products aligned with the
    // accumulator to the largest exponent, 13 fraction bits kept, the rest
    // truncated; an e8m13 ("FP22") accumulator, truncating (DeepSeek-V3
    // report, section 3.5.2; Khattak and Mikaitis's H100 model).
    {"fp8-tensor-core", "none", "float,8,13,toward_zero", nullptr, 0, false,
     false, 32, 13, true},
    // ... promoted to f32 accumulation on CUDA cores every 128 elements
    // (DeepSeek-V3's remedy, N_C = 128).
    {"fp8-tensor-core-promoted", "none", "float,8,13,toward_zero", "fp32", 128,
     false, false, 32, 13, true},
};
} // namespace

ArrayRef<StringRef> MacAttr::getPresetNames() {
  static const SmallVector<StringRef> names = [] {
    SmallVector<StringRef> n;
    for (const Preset &p : kPresets)
      n.push_back(p.name);
    return n;
  }();
  return names;
}

MacAttr MacAttr::getPreset(MLIRContext *ctx, StringRef name) {
  for (const Preset &p : kPresets) {
    if (p.name != name)
      continue;
    ctx->getOrLoadDialect<TQDialect>();
    auto parse = [&](const char *spec) -> QuantizerAttrInterface {
      if (!spec)
        return {};
      QuantizerStringError error;
      QuantizerAttrInterface q = parseQuantizerString(ctx, spec, error);
      assert(q && "a preset's quantizer string parses");
      return q;
    };
    return MacAttr::get(ctx, parse(p.product), parse(p.accumulator),
                        parse(p.outer), p.chunk, MacOrder::sequential,
                        QuantizerAttrInterface(),
                        p.fused, p.wide, p.align,
                        p.kept, RoundingMode::toward_zero,
                        p.alignAccumulator, std::nullopt);
  }
  return {};
}
