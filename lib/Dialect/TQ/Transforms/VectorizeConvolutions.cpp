//===- VectorizeConvolutions.cpp - Register-tiled convolutions ------------===//
//
// A 2-D convolution lowered to loops updates its output in memory once per
// multiply-add. This pass tiles it so that a tile of the output (a few
// output pixels by a few dozen channels) stays in vector registers while
// the filter window and the input channels are walked, and vectorizes the
// tile with upstream's 1-D convolution vectorizer: per input channel, one
// broadcast of an input value times a row of the filter, added to the
// accumulators. Every output element still adds its terms in the same order
// (kh, kw, c) as the loops did, with a separate multiply and add (no fused
// multiply-add), so results are bit for bit those of the loops.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/Transforms/Passes.h"
#include "tq/Dialect/TQ/IR/ConstantBytes.h"
#include "tq/Support/Permute.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"
#include "mlir/Transforms/RegionUtils.h"

namespace tq {
#define GEN_PASS_DEF_TQVECTORIZECONVOLUTIONS
#include "tq/Dialect/TQ/Transforms/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {

/// The largest divisor of `n` that is at most `limit`.
int64_t divisorAtMost(int64_t n, int64_t limit) {
  for (int64_t d = std::min(n, limit); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

/// `attr` viewed as `shape` (its own shape with dimensions split), with its
/// dimensions permuted by `perm` (result dimension i is dimension perm[i]),
/// as a constant of type `to`: a splat stays a splat, dense and resource
/// constants are permuted element by element (a resource into a new
/// resource named `<name>_packed`). None if the bytes are not at hand (an
/// elided resource).
std::optional<ElementsAttr> permuteConstant(ElementsAttr attr,
                                            ArrayRef<int64_t> shape,
                                            ArrayRef<int64_t> perm,
                                            RankedTensorType to) {
  if (auto dense = dyn_cast<DenseElementsAttr>(attr); dense && dense.isSplat())
    return ElementsAttr(dense.reshape(to));
  std::optional<ArrayRef<char>> raw = tq::getElementBytes(attr);
  if (!raw)
    return std::nullopt;
  std::vector<char> out(raw->size());
  tq::permuteElements(raw->data(), shape, perm,
                      to.getElementTypeBitWidth() / 8, out.data());
  if (isa<DenseElementsAttr>(attr))
    return ElementsAttr(DenseElementsAttr::getFromRawBuffer(to, out));
  auto resource = cast<DenseResourceElementsAttr>(attr);
  AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
      ArrayRef<char>(out), alignof(uint64_t));
  std::string name = (resource.getRawHandle().getKey() + "_packed").str();
  return ElementsAttr(
      DenseResourceElementsAttr::get(to, name, std::move(blob)));
}

/// A convolution's filter as `[F/FT, KH, KW, C, FT]`: each tile of FT
/// output channels one contiguous block, read front to back by the tile's
/// loops. `filter` is `[F, KH, KW, C]` (`fhwc`) or `[KH, KW, C, F]`.
/// Computed at compile time for a constant, else by a `linalg.transpose`.
Value packFilter(RewriterBase &rewriter, Location loc, Value filter, bool fhwc,
                 int64_t ft) {
  auto type = cast<RankedTensorType>(filter.getType());
  ArrayRef<int64_t> s = type.getShape();
  int64_t f = fhwc ? s[0] : s[3];
  int64_t kh = fhwc ? s[1] : s[0], kw = fhwc ? s[2] : s[1],
          c = fhwc ? s[3] : s[2];
  SmallVector<int64_t> split =
      fhwc ? SmallVector<int64_t>{f / ft, ft, kh, kw, c}
           : SmallVector<int64_t>{kh, kw, c, f / ft, ft};
  SmallVector<int64_t> perm = fhwc ? SmallVector<int64_t>{0, 2, 3, 4, 1}
                                   : SmallVector<int64_t>{3, 0, 1, 2, 4};
  auto packedType =
      RankedTensorType::get({f / ft, kh, kw, c, ft}, type.getElementType());
  ElementsAttr constant;
  if (matchPattern(filter, m_Constant(&constant)))
    if (std::optional<ElementsAttr> packed =
            permuteConstant(constant, split, perm, packedType))
      return arith::ConstantOp::create(rewriter, loc, packedType,
                                       cast<TypedAttr>(*packed));
  SmallVector<ReassociationIndices> groups =
      fhwc ? SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}, {4}}
           : SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}};
  Value expanded = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get(split, type.getElementType()),
      filter, groups);
  Value empty = tensor::EmptyOp::create(rewriter, loc, packedType.getShape(),
                                        packedType.getElementType());
  return linalg::TransposeOp::create(rewriter, loc, expanded, empty, perm)
      ->getResult(0);
}

/// The tile sizes of a static 2-D convolution, NHWC (loops n, oh, ow, f,
/// kh, kw, c): up to 8 output pixels of a row by up to 32 channels in
/// registers, up to 8 input channels per step; each a divisor of its
/// dimension, so that every tile has the same static shape. None where the
/// op is not one this pass handles.
std::optional<SmallVector<int64_t>> tileSizes(linalg::LinalgOp op, bool fhwc) {
  if (!op.hasPureTensorSemantics())
    return std::nullopt;
  auto input = dyn_cast<RankedTensorType>(op.getDpsInputs()[0].getType());
  auto filter = dyn_cast<RankedTensorType>(op.getDpsInputs()[1].getType());
  auto out = dyn_cast<RankedTensorType>(op.getDpsInits()[0].getType());
  if (!input || !filter || !out || !out.hasStaticShape() ||
      !filter.hasStaticShape() || !input.hasStaticShape() ||
      !isa<FloatType>(out.getElementType()) ||
      filter.getElementType() != out.getElementType() ||
      input.getElementType() != out.getElementType())
    return std::nullopt;
  int64_t ow = out.getDimSize(2), f = out.getDimSize(3);
  int64_t c = filter.getDimSize(fhwc ? 3 : 2);
  return SmallVector<int64_t>{1, 1, divisorAtMost(ow, 8), divisorAtMost(f, 32),
                              1, 1, divisorAtMost(c, 8)};
}

/// Tiles `op`: an scf.forall over output tiles, inside it scf.for loops
/// over kh, kw and input-channel steps, around a convolution of one tile.
FailureOr<scf::ForallOp> tile(RewriterBase &rewriter,
                              linalg::Conv2DNhwcHwcfOp op,
                              ArrayRef<int64_t> sizes, Value packed) {
  auto asOfr = [&](ArrayRef<int64_t> v) {
    return getAsIndexOpFoldResult(rewriter.getContext(), v);
  };
  scf::SCFTilingOptions outer;
  outer.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
  outer.setTileSizes(asOfr({sizes[0], sizes[1], sizes[2], sizes[3], 0, 0, 0}));
  // Output channels outermost: a tile's filter block stays in cache while
  // the tiles of every output row use it.
  outer.setInterchange({0, 3, 1, 2, 4, 5, 6});
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> parallel =
      scf::tileUsingSCF(rewriter, cast<TilingInterface>(op.getOperation()), outer);
  if (failed(parallel))
    return failure();
  rewriter.replaceOp(op, parallel->replacements);
  // The tile's filter, [KH, KW, C, FT], from the packed filter's block.
  auto tiledConv = cast<linalg::Conv2DNhwcHwcfOp>(parallel->tiledOps.front());
  OpOperand &filterOperand = tiledConv->getOpOperand(1);
  auto slice = filterOperand.get().getDefiningOp<tensor::ExtractSliceOp>();
  if (!slice)
    return failure();
  rewriter.setInsertionPoint(slice);
  Location loc = slice.getLoc();
  auto packedType = cast<RankedTensorType>(packed.getType());
  Value block = arith::DivUIOp::create(
      rewriter, loc,
      getValueOrCreateConstantIndexOp(rewriter, loc,
                                      slice.getMixedOffsets()[3]),
      arith::ConstantIndexOp::create(rewriter, loc, sizes[3]));
  SmallVector<OpFoldResult> offsets(5, rewriter.getIndexAttr(0));
  offsets[0] = block;
  SmallVector<OpFoldResult> sizesOfBlock = getAsIndexOpFoldResult(
      rewriter.getContext(), ArrayRef<int64_t>{1, packedType.getDimSize(1),
                                               packedType.getDimSize(2),
                                               packedType.getDimSize(3),
                                               packedType.getDimSize(4)});
  SmallVector<OpFoldResult> ones(5, rewriter.getIndexAttr(1));
  Value tileFilter = tensor::ExtractSliceOp::create(
      rewriter, loc, cast<RankedTensorType>(slice.getType()), packed, offsets,
      sizesOfBlock, ones);
  rewriter.modifyOpInPlace(tiledConv, [&] { filterOperand.set(tileFilter); });
  scf::SCFTilingOptions inner;
  inner.setTileSizes(asOfr({0, 0, 0, 0, sizes[4], sizes[5], sizes[6]}));
  auto tiled = cast<TilingInterface>(tiledConv.getOperation());
  rewriter.setInsertionPoint(tiled);
  FailureOr<scf::SCFTilingResult> reduction =
      scf::tileUsingSCF(rewriter, tiled, inner);
  if (failed(reduction))
    return failure();
  rewriter.replaceOp(tiled, reduction->replacements);
  return cast<scf::ForallOp>(parallel->loops.front().getOperation());
}

/// vector.fma(a, b, c) as c + a * b, two roundings: what the loops compute.
struct FmaAsMulAdd : OpRewritePattern<vector::FMAOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::FMAOp op,
                                PatternRewriter &rewriter) const override {
    Value product =
        arith::MulFOp::create(rewriter, op.getLoc(), op.getLhs(), op.getRhs());
    rewriter.replaceOpWithNewOp<arith::AddFOp>(op, op.getAcc(), product);
    return success();
  }
};

/// The unrolled shape of a vector op in a tile: its rows (a contraction
/// (m, n, k): one m at a time).
std::optional<SmallVector<int64_t>> rowShape(Operation *op) {
  if (auto contract = dyn_cast<vector::ContractionOp>(op)) {
    std::optional<SmallVector<int64_t>> shape = contract.getShapeForUnroll();
    if (!shape || shape->size() != 3)
      return std::nullopt;
    (*shape)[0] = 1;
    (*shape)[2] = 1;
    return shape;
  }
  auto unrollable = dyn_cast<VectorUnrollOpInterface>(op);
  if (!unrollable)
    return std::nullopt;
  std::optional<SmallVector<int64_t>> shape = unrollable.getShapeForUnroll();
  if (!shape || shape->size() != 2)
    return std::nullopt;
  (*shape)[0] = 1;
  return shape;
}

/// A contraction (m, n, k) unrolled k outermost: per input channel, its
/// filter row is loaded once and used for every output pixel (each pixel's
/// sum still takes the channels in order).
std::optional<SmallVector<int64_t>> channelsOutermost(Operation *op) {
  if (isa<vector::ContractionOp>(op))
    return SmallVector<int64_t>{2, 0, 1};
  return std::nullopt;
}

/// The canonicalization patterns of every loaded dialect and op, and
/// `add`'s.
FrozenRewritePatternSet
withCanonicalization(MLIRContext *ctx,
                     function_ref<void(RewritePatternSet &)> add) {
  RewritePatternSet patterns(ctx);
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
  add(patterns);
  return FrozenRewritePatternSet(std::move(patterns));
}

struct VectorizeConvolutionsPass
    : public tq::impl::TQVectorizeConvolutionsBase<VectorizeConvolutionsPass> {
  /// The rewrites of the tiles, in order; built once per pass instance.
  FrozenRewritePatternSet decompose, dropUnitDims, unrollRows, castAway, lower;

  LogicalResult initialize(MLIRContext *ctx) override {
    RewritePatternSet patterns(ctx);
    linalg::populateDecomposeConvolutionPatterns(patterns);
    decompose = FrozenRewritePatternSet(std::move(patterns));
    // Unit dimensions dropped: a (w, c) x (c, f) contraction per step.
    dropUnitDims = withCanonicalization(ctx, [](RewritePatternSet &patterns) {
      vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
      vector::populateVectorTransferDropUnitDimsPatterns(patterns);
    });
    // One row of the output tile per vector: each accumulator row is read,
    // updated and written on its own, and becomes a loop-carried vector.
    unrollRows = withCanonicalization(ctx, [](RewritePatternSet &patterns) {
      vector::populateVectorUnrollPatterns(
          patterns, vector::UnrollVectorOptions()
                        .setNativeShapeFn(rowShape)
                        .setUnrollTraversalOrderFn(channelsOutermost));
    });
    castAway = withCanonicalization(ctx, [](RewritePatternSet &patterns) {
      vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
    });
    // Per input channel: a broadcast times a filter row, added.
    lower = withCanonicalization(ctx, [](RewritePatternSet &patterns) {
      vector::populateVectorContractLoweringPatterns(
          patterns, vector::VectorContractLowering::OuterProduct);
      vector::populateVectorOuterProductLoweringPatterns(patterns);
      vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
      patterns.add<FmaAsMulAdd>(patterns.getContext());
      vector::populateScalarVectorTransferLoweringPatterns(
          patterns, /*benefit=*/1, /*allowMultipleUses=*/true);
    });
    return success();
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());

    // Each convolution as a conv_2d_nhwc_hwcf (tiling's input), its filter
    // packed for the tiles.
    SmallVector<linalg::LinalgOp> convs;
    func.walk([&](Operation *op) {
      if (isa<linalg::Conv2DNhwcFhwcOp, linalg::Conv2DNhwcHwcfOp>(op))
        convs.push_back(cast<linalg::LinalgOp>(op));
    });
    SmallVector<scf::ForallOp> tiles;
    for (linalg::LinalgOp op : convs) {
      bool fhwc = isa<linalg::Conv2DNhwcFhwcOp>(op);
      std::optional<SmallVector<int64_t>> sizes = tileSizes(op, fhwc);
      if (!sizes)
        continue;
      Location loc = op.getLoc();
      rewriter.setInsertionPoint(op);
      Value filter = op.getDpsInputs()[1];
      Value packed = packFilter(rewriter, loc, filter, fhwc, (*sizes)[3]);
      auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op.getOperation());
      if (fhwc) {
        // The hwcf filter only types the op: every tile reads `packed`,
        // and the transpose is dead once tiled.
        auto type = cast<RankedTensorType>(filter.getType());
        ArrayRef<int64_t> s = type.getShape();
        Value empty = tensor::EmptyOp::create(
            rewriter, loc, ArrayRef<int64_t>{s[1], s[2], s[3], s[0]},
            type.getElementType());
        Value hwcf = linalg::TransposeOp::create(rewriter, loc, filter, empty,
                                                 ArrayRef<int64_t>{1, 2, 3, 0})
                         ->getResult(0);
        auto named = cast<linalg::Conv2DNhwcFhwcOp>(op.getOperation());
        conv = rewriter.replaceOpWithNewOp<linalg::Conv2DNhwcHwcfOp>(
            op, op->getResultTypes(),
            ValueRange{op.getDpsInputs()[0], hwcf}, op.getDpsInits(),
            named.getStrides(), named.getDilations());
      }
      FailureOr<scf::ForallOp> forall = tile(rewriter, conv, *sizes, packed);
      if (succeeded(forall))
        tiles.push_back(*forall);
    }
    // What only typed the ops (the hwcf transposes, their slices in the
    // tiles, a pack no tile reads) would still run after bufferization.
    (void)runRegionDCE(rewriter, func->getRegions());
    if (tiles.empty())
      return;

    // The rest rewrites the tiles' loops only, not the function's other ops.
    auto applyToTiles = [&](const FrozenRewritePatternSet &patterns) {
      bool ok = true;
      for (scf::ForallOp forall : tiles)
        ok &= succeeded(applyPatternsGreedily(forall.getRegion(), patterns));
      return success(ok);
    };
    // The tiles: kh = 1 makes a 1-D convolution, which vectorizes.
    if (failed(applyToTiles(decompose)))
      return signalPassFailure();
    SmallVector<linalg::Conv1DNwcWcfOp> rows;
    for (scf::ForallOp forall : tiles)
      forall.walk([&](linalg::Conv1DNwcWcfOp op) { rows.push_back(op); });
    for (linalg::Conv1DNwcWcfOp op : rows) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::VectorizationResult> v = linalg::vectorize(rewriter, op);
      if (succeeded(v))
        rewriter.replaceOp(op, v->replacements);
    }
    if (failed(applyToTiles(dropUnitDims)) || failed(applyToTiles(unrollRows)) ||
        failed(applyToTiles(castAway)))
      return signalPassFailure();
    // The accumulators out of the reduction loops (into registers),
    // innermost loop first.
    SmallVector<scf::ForOp> loops;
    for (scf::ForallOp forall : tiles)
      forall.walk([&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops) {
      moveLoopInvariantCode(cast<LoopLikeOpInterface>(loop.getOperation()));
      hoistLoopInvariantSubsets(rewriter, loop);
    }
    if (failed(applyToTiles(lower)))
      return signalPassFailure();
  }
};

} // namespace
