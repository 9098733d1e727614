//===- GPULaunch.cpp - parallel loop nests to GPU kernel launches ---------===//
//
// tq-gpu-launch: every outermost host scf.parallel is collapsed to one
// dimension, tiled into blocks of `block-size` threads, mapped to
// blockIdx.x/threadIdx.x and converted to gpu.launch by the upstream
// patterns; the constants and globals the kernel reads are cloned into it.
// See the pass description in Passes.td and docs/gpu.md.
//
//===----------------------------------------------------------------------===//

#include "tq/Conversion/Passes.h"

#include "mlir/Conversion/SCFToGPU/SCFToGPU.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/RegionUtils.h"

namespace tq {
#define GEN_PASS_DEF_TQGPULAUNCH
#include "tq/Conversion/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {

gpu::ParallelLoopDimMappingAttr mapTo(MLIRContext *ctx, gpu::Processor p) {
  AffineMap id = AffineMap::getMultiDimIdentityMap(1, ctx);
  return gpu::ParallelLoopDimMappingAttr::get(ctx, p, id, id);
}

/// Rewrites `loop` (no reductions) into
///   scf.parallel %b = 0 to ceil(n / B)      {blockIdx.x}
///     scf.parallel %t = 0 to B              {threadIdx.x}
///       %l = %b * B + %t
///       scf.if %l < n { ivs = lb + step * delinearize(%l); body }
/// where n is the product of the trip counts and B the block size (n when
/// n is a smaller constant). Delinearization is row-major: consecutive
/// threads take consecutive iterations of the innermost dimension.
LogicalResult tileAndMap(RewriterBase &rewriter, scf::ParallelOp loop,
                         int64_t blockSize) {
  MLIRContext *ctx = rewriter.getContext();
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  auto cst = [&](int64_t v) {
    return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
  };
  unsigned rank = loop.getNumLoops();
  SmallVector<Value> trips;
  for (unsigned i = 0; i < rank; ++i) {
    Value lb = loop.getLowerBound()[i], ub = loop.getUpperBound()[i],
          step = loop.getStep()[i];
    Value span = rewriter.createOrFold<arith::SubIOp>(loc, ub, lb);
    trips.push_back(rewriter.createOrFold<arith::CeilDivUIOp>(loc, span, step));
  }
  Value total = trips[0];
  for (unsigned i = 1; i < rank; ++i)
    total = rewriter.createOrFold<arith::MulIOp>(loc, total, trips[i]);
  std::optional<int64_t> staticTotal = getConstantIntValue(total);
  int64_t threads = blockSize;
  if (staticTotal && *staticTotal < blockSize)
    threads = std::max<int64_t>(*staticTotal, 1);
  Value threadsV = cst(threads);
  Value blocks =
      rewriter.createOrFold<arith::CeilDivUIOp>(loc, total, threadsV);

  Value zero = cst(0), one = cst(1);
  auto outer = scf::ParallelOp::create(rewriter, loc, ValueRange{zero},
                                       ValueRange{blocks}, ValueRange{one});
  rewriter.setInsertionPointToStart(outer.getBody());
  auto inner = scf::ParallelOp::create(rewriter, loc, ValueRange{zero},
                                       ValueRange{threadsV}, ValueRange{one});
  rewriter.setInsertionPointToStart(inner.getBody());
  Value linear = arith::AddIOp::create(
      rewriter, loc,
      arith::MulIOp::create(rewriter, loc, outer.getInductionVars()[0],
                            threadsV),
      inner.getInductionVars()[0]);
  Value inBounds = arith::CmpIOp::create(rewriter, loc,
                                         arith::CmpIPredicate::ult, linear,
                                         total);
  auto guard = scf::IfOp::create(rewriter, loc, inBounds,
                                 /*withElseRegion=*/false);
  rewriter.setInsertionPointToStart(guard.thenBlock());
  SmallVector<Value> ivs(rank);
  Value rest = linear;
  for (int i = rank - 1; i >= 0; --i) {
    Value idx = rest;
    if (i > 0) {
      idx = arith::RemUIOp::create(rewriter, loc, rest, trips[i]);
      rest = arith::DivUIOp::create(rewriter, loc, rest, trips[i]);
    }
    Value scaled =
        arith::MulIOp::create(rewriter, loc, idx, loop.getStep()[i]);
    ivs[i] =
        arith::AddIOp::create(rewriter, loc, loop.getLowerBound()[i], scaled);
  }
  // Move the body (without its scf.reduce terminator) into the guard.
  Block *body = loop.getBody();
  rewriter.eraseOp(body->getTerminator());
  rewriter.inlineBlockBefore(body, guard.thenBlock()->getTerminator(), ivs);
  rewriter.eraseOp(loop);

  if (failed(gpu::setMappingAttr(
          outer, {mapTo(ctx, gpu::Processor::BlockX)})) ||
      failed(gpu::setMappingAttr(
          inner, {mapTo(ctx, gpu::Processor::ThreadX)})))
    return failure();
  return success();
}

/// True when `v` can be recomputed inside a kernel: a constant, a global
/// (memref.get_global) or a view of one with sinkable operands.
bool isSinkable(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return false;
  if (matchPattern(def, m_Constant()) || isa<memref::GetGlobalOp>(def))
    return true;
  if (!isa<ViewLikeOpInterface, memref::CastOp>(def) ||
      def->getNumRegions() != 0)
    return false;
  return llvm::all_of(def->getOperands(), isSinkable);
}

/// Clones into `launch` the constants, globals and views of globals its
/// body uses, so that each kernel reads the GPU module's copy of a global.
/// Reports host stack buffers a kernel would read (not reachable from it).
LogicalResult sinkIntoLaunch(RewriterBase &rewriter, gpu::LaunchOp launch) {
  SetVector<Value> above;
  getUsedValuesDefinedAbove(launch.getBody(), above);
  // Definitions to clone, operands first.
  SetVector<Operation *> defs;
  std::function<void(Value)> collect = [&](Value v) {
    Operation *def = v.getDefiningOp();
    if (defs.contains(def))
      return;
    for (Value operand : def->getOperands())
      collect(operand);
    defs.insert(def);
  };
  for (Value v : above) {
    if (isSinkable(v)) {
      collect(v);
      continue;
    }
    if (auto alloca = v.getDefiningOp<memref::AllocaOp>())
      return launch.emitOpError(
                 "tq-gpu-launch: a GPU kernel reads a host stack buffer "
                 "(memref.alloca), which it cannot reach; the buffer is "
                 "defined here: ")
             << alloca.getLoc();
  }
  rewriter.setInsertionPointToStart(&launch.getBody().front());
  IRMapping mapping;
  for (Operation *def : defs)
    rewriter.clone(*def, mapping);
  for (Value v : above)
    if (Value sunk = mapping.lookupOrNull(v))
      replaceAllUsesInRegionWith(v, sunk, launch.getBody());
  return success();
}

struct TQGPULaunchPass : public tq::impl::TQGPULaunchBase<TQGPULaunchPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    if (blockSize < 1 || blockSize > 1024) {
      module.emitError("tq-gpu-launch: block-size must be in [1, 1024], "
                       "got ")
          << static_cast<int64_t>(blockSize);
      return signalPassFailure();
    }
    SmallVector<scf::ParallelOp> roots;
    module.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (isa<gpu::LaunchOp, gpu::GPUModuleOp>(op))
        return WalkResult::skip();
      if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
        // A parallel loop with reductions stays on the host (the upstream
        // conversion maps none); tq's pipelines produce none.
        if (loop.getNumReductions() == 0)
          roots.push_back(loop);
        return WalkResult::skip();
      }
      return WalkResult::advance();
    });
    IRRewriter rewriter(ctx);
    for (scf::ParallelOp loop : roots) {
      // Parallel loops nested in a root run inside its threads, innermost
      // first.
      SmallVector<scf::ParallelOp> nested;
      loop.getBody()->walk<WalkOrder::PostOrder>(
          [&](scf::ParallelOp inner) { nested.push_back(inner); });
      for (scf::ParallelOp inner : nested)
        if (failed(scf::parallelForToNestedFors(rewriter, inner))) {
          inner.emitOpError("tq-gpu-launch: a parallel loop with reductions "
                            "inside a kernel is not supported");
          return signalPassFailure();
        }
      if (failed(tileAndMap(rewriter, loop, blockSize))) {
        loop.emitOpError("tq-gpu-launch: could not map the loop to the GPU");
        return signalPassFailure();
      }
    }

    RewritePatternSet patterns(ctx);
    populateParallelLoopToGPUPatterns(patterns);
    ConversionTarget target(*ctx);
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    configureParallelLoopToGPULegality(target);
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      return signalPassFailure();
    finalizeParallelLoopToGPUConversion(module);
    // A mapped loop the upstream patterns could not convert would silently
    // stay on the host.
    WalkResult unconverted = module.walk([&](scf::ParallelOp loop) {
      if (!loop->hasAttr(gpu::getMappingAttrName()))
        return WalkResult::advance();
      loop.emitOpError("tq-gpu-launch: could not convert the mapped loop "
                       "into a gpu.launch");
      return WalkResult::interrupt();
    });
    if (unconverted.wasInterrupted())
      return signalPassFailure();

    WalkResult sunk = module.walk([&](gpu::LaunchOp launch) {
      return failed(sinkIntoLaunch(rewriter, launch)) ? WalkResult::interrupt()
                                                      : WalkResult::advance();
    });
    if (sunk.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
