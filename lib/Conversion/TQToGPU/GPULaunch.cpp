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
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
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

/// True for an op that can run before the stores of its iteration and of
/// the thread's other iterations: it only reads memory (or none), so moving
/// it up past them keeps the iteration's semantics (the iterations of an
/// scf.parallel are independent).
bool onlyReads(Operation *op) {
  std::optional<SmallVector<MemoryEffects::EffectInstance>> effects =
      getEffectsRecursively(op);
  return effects && llvm::all_of(*effects, [](const auto &effect) {
           return isa<MemoryEffects::Read>(effect.getEffect());
         });
}

/// Rewrites `loop` (no reductions) into
///   scf.parallel %b = 0 to ceil(n / (B * K))          {blockIdx.x}
///     scf.parallel %t = 0 to B                        {threadIdx.x}
///       for j < K: %l_j = %b * B * K + j * B + %t
///       for j < K: the reads of iteration min(%l_j, n - 1)
///       for j < K: scf.if %l_j < n { the rest of iteration %l_j }
/// where n is the product of the trip counts, B the block size (n when n is
/// a smaller constant) and K the iterations per thread (1 when n <= B, or
/// when the iteration has loops or vector code of its own).
/// Each of the K steps is coalesced (consecutive threads take consecutive
/// iterations, delinearized row-major), and the reads of all K come before
/// the first store, so K loads per thread are in flight at once. The
/// clamped index keeps the last block's surplus reads in bounds; their
/// results are unused. With K = 1 the body is simply guarded.
LogicalResult tileAndMap(RewriterBase &rewriter, scf::ParallelOp loop,
                         int64_t blockSize, int64_t perThread) {
  MLIRContext *ctx = rewriter.getContext();
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  auto cst = [&](int64_t v) {
    return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
  };
  unsigned rank = loop.getNumLoops();
  if (rank == 0)
    return failure();
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
  if (staticTotal && *staticTotal <= blockSize) {
    threads = std::max<int64_t>(*staticTotal, 1);
    perThread = 1;
  }
  // Several iterations per thread pay off for streaming code: an iteration
  // with loops of its own (a convolution's reduction, an MX block's steps)
  // or vector code (already many elements) keeps one per thread, which
  // keeps every thread busy on small tensors.
  if (loop.getBody()
          ->walk([](Operation *op) {
            bool vector = llvm::any_of(op->getResultTypes(),
                                       llvm::IsaPred<VectorType>);
            return isa<LoopLikeOpInterface>(op) || vector
                       ? WalkResult::interrupt()
                       : WalkResult::advance();
          })
          .wasInterrupted())
    perThread = 1;
  Value threadsV = cst(threads);
  Value blocks = rewriter.createOrFold<arith::CeilDivUIOp>(
      loc, total, cst(threads * perThread));

  Value zero = cst(0), one = cst(1);
  auto outer = scf::ParallelOp::create(rewriter, loc, ValueRange{zero},
                                       ValueRange{blocks}, ValueRange{one});
  rewriter.setInsertionPointToStart(outer.getBody());
  auto inner = scf::ParallelOp::create(rewriter, loc, ValueRange{zero},
                                       ValueRange{threadsV}, ValueRange{one});
  rewriter.setInsertionPointToStart(inner.getBody());
  Value first = arith::AddIOp::create(
      rewriter, loc,
      arith::MulIOp::create(rewriter, loc, outer.getInductionVars()[0],
                            cst(threads * perThread)),
      inner.getInductionVars()[0]);
  Value last = perThread > 1
                   ? arith::SubIOp::create(rewriter, loc, total, one).getResult()
                   : Value();

  // The loop indices of iteration `linear`, delinearized row-major.
  auto delinearize = [&](Value linear) {
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
      ivs[i] = arith::AddIOp::create(rewriter, loc, loop.getLowerBound()[i],
                                     scaled);
    }
    return ivs;
  };

  Block *body = loop.getBody();
  SmallVector<Operation *> reads, rest;
  for (Operation &op : body->without_terminator())
    (rest.empty() && perThread > 1 && onlyReads(&op) ? reads : rest)
        .push_back(&op);

  SmallVector<Value> inBounds;
  SmallVector<IRMapping> mappings(perThread);
  for (int64_t j = 0; j < perThread; ++j) {
    Value linear = j == 0 ? first
                          : arith::AddIOp::create(rewriter, loc, first,
                                                  cst(j * threads))
                                .getResult();
    inBounds.push_back(arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::ult, linear, total));
    if (perThread > 1)
      linear = arith::SelectOp::create(rewriter, loc, inBounds.back(), linear,
                                       last);
    mappings[j].map(body->getArguments(), delinearize(linear));
  }
  for (int64_t j = 0; j < perThread; ++j)
    for (Operation *op : reads)
      rewriter.clone(*op, mappings[j]);
  for (int64_t j = 0; j < perThread; ++j) {
    auto guard = scf::IfOp::create(rewriter, loc, inBounds[j],
                                   /*withElseRegion=*/false);
    rewriter.setInsertionPoint(guard.thenBlock()->getTerminator());
    for (Operation *op : rest)
      rewriter.clone(*op, mappings[j]);
    rewriter.setInsertionPointAfter(guard);
  }
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
    if (elementsPerThread < 1 || elementsPerThread > 64) {
      module.emitError("tq-gpu-launch: elements-per-thread must be in "
                       "[1, 64], got ")
          << static_cast<int64_t>(elementsPerThread);
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
      if (failed(tileAndMap(rewriter, loop, blockSize, elementsPerThread))) {
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
