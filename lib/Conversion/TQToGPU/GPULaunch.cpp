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
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
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

/// True for an op with a vector operand or result.
bool touchesVectors(Operation *op) {
  return llvm::any_of(op->getOperandTypes(), llvm::IsaPred<VectorType>) ||
         llvm::any_of(op->getResultTypes(), llvm::IsaPred<VectorType>);
}

/// Rewrites `loop` (no reductions) into
///   scf.parallel %b = 0 to ceil(n / (B * K))          {blockIdx.x}
///     scf.parallel %t = 0 to B                        {threadIdx.x}
///       for j < K: %l_j = %b * B * K + j * B + %t
///       the reads of iterations min(%l_j, n - 1), j < K, op by op
///       for j < K: scf.if %l_j < n { the rest of iteration %l_j }
/// where n is the product of the trip counts, B the block size (n when n is
/// a smaller constant) and K the iterations per thread (1 when n <= B, or
/// when the iteration has loops or vector code of its own, or 32 loads).
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
  // So does an iteration that loads a warp's width (32) of elements or more
  // itself (a lane of a ternary sum's chunk): that many loads are already
  // in flight together.
  int64_t loads = 0;
  if (loop.getBody()
          ->walk([&](Operation *op) {
            loads += isa<memref::LoadOp>(op);
            return isa<LoopLikeOpInterface>(op) || touchesVectors(op)
                       ? WalkResult::interrupt()
                       : WalkResult::advance();
          })
          .wasInterrupted() ||
      loads >= 32)
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
  // Op by op, each for all K iterations: the K loads of an input are
  // adjacent, ahead of the computations that would separate them.
  for (Operation *op : reads)
    for (int64_t j = 0; j < perThread; ++j)
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

//===----------------------------------------------------------------------===//
// Lane distribution of vector iterations
//===----------------------------------------------------------------------===//

/// The lane count of `loop`'s vector code, when it can run as one element
/// per lane: every vector is 1-D of one length N (a power of two, at most a
/// warp), vectors from outside the loop are splat constants, and every op
/// that touches vectors is elementwise, a broadcast of a scalar, a splat
/// constant, a reduction (not under a branch) that is an integer max/min
/// without accumulator or an f32/f64 add with one, an unmasked transfer along
/// the innermost dimension (a write in bounds), or scf.if / scf.yield; no
/// loops, and no writes but the transfers and scalar memref.stores.
std::optional<int64_t> laneCount(scf::ParallelOp loop) {
  int64_t lanes = 0;
  auto vectorLength = [&](Type t) {
    auto v = dyn_cast<VectorType>(t);
    if (!v)
      return true;
    if (v.getRank() != 1 || v.isScalable())
      return false;
    if (lanes == 0)
      lanes = v.getDimSize(0);
    return v.getDimSize(0) == lanes;
  };
  auto innermost = [](VectorTransferOpInterface xfer, bool padded) {
    return xfer.getPermutationMap().isMinorIdentity() && !xfer.getMask() &&
           xfer.getInBounds().size() == 1 &&
           (padded || cast<BoolAttr>(xfer.getInBounds()[0]).getValue()) &&
           isa<MemRefType>(xfer.getShapedType());
  };
  auto outsideSplat = [&](Value v) {
    if (!isa<VectorType>(v.getType()) ||
        loop->isAncestor(v.getParentBlock()->getParentOp()))
      return true;
    auto constant = v.getDefiningOp<arith::ConstantOp>();
    auto dense =
        constant ? dyn_cast<DenseElementsAttr>(constant.getValue()) : nullptr;
    return dense && dense.isSplat();
  };
  WalkResult result = loop.getBody()->walk([&](Operation *op) {
    if (!llvm::all_of(op->getOperands(), outsideSplat))
      return WalkResult::interrupt();
    if (!llvm::all_of(op->getOperandTypes(), vectorLength) ||
        !llvm::all_of(op->getResultTypes(), vectorLength))
      return WalkResult::interrupt();
    if (isa<scf::IfOp, scf::YieldOp>(op))
      return WalkResult::advance();
    if (op->getNumRegions() != 0)
      return WalkResult::interrupt();
    if (auto read = dyn_cast<vector::TransferReadOp>(op))
      return innermost(read, /*padded=*/true) ? WalkResult::advance()
                                              : WalkResult::interrupt();
    if (auto write = dyn_cast<vector::TransferWriteOp>(op))
      return innermost(write, /*padded=*/false) ? WalkResult::advance()
                                                : WalkResult::interrupt();
    // A scalar store (lane 0 performs it: scalars are the same in every
    // lane of an iteration).
    if (isa<memref::StoreOp>(op) && !touchesVectors(op))
      return WalkResult::advance();
    if (!isMemoryEffectFree(op) && !onlyReads(op))
      return WalkResult::interrupt();
    if (!touchesVectors(op))
      return WalkResult::advance();
    if (auto reduction = dyn_cast<vector::ReductionOp>(op)) {
      using vector::CombiningKind;
      CombiningKind kind = reduction.getKind();
      bool integer = (kind == CombiningKind::MAXUI ||
                      kind == CombiningKind::MAXSI ||
                      kind == CombiningKind::MINUI ||
                      kind == CombiningKind::MINSI) &&
                     !reduction.getAcc() &&
                     reduction.getType().getIntOrFloatBitWidth() <= 32;
      // (f32 or f64: shuffles move 32-bit words.)
      bool floatAdd = kind == CombiningKind::ADD &&
                      (reduction.getType().isF32() || reduction.getType().isF64()) &&
                      reduction.getAcc();
      // Not under a branch: the iterations that share a warp (N < 32) may
      // branch differently, and every lane must reach the shuffles.
      return (integer || floatAdd) &&
                     op->getParentOp() == loop.getOperation()
                 ? WalkResult::advance()
                 : WalkResult::interrupt();
    }
    if (auto broadcast = dyn_cast<vector::BroadcastOp>(op))
      return isa<VectorType>(broadcast.getSourceType())
                 ? WalkResult::interrupt()
                 : WalkResult::advance();
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      auto dense = dyn_cast<DenseElementsAttr>(constant.getValue());
      return dense && dense.isSplat() ? WalkResult::advance()
                                      : WalkResult::interrupt();
    }
    return op->hasTrait<OpTrait::Elementwise>() ? WalkResult::advance()
                                                : WalkResult::interrupt();
  });
  if (result.wasInterrupted() || lanes < 2 || lanes > 32 ||
      !llvm::isPowerOf2_64(lanes))
    return std::nullopt;
  return lanes;
}

/// Clones the ops of `block` (but its terminator) for one lane: vector
/// values become their lane's element, transfers become a load or store at
/// innermost index + `lane` (a read that may run past the end: a load
/// under a bounds check, else the padding), an integer max/min reduction a
/// butterfly of warp shuffles over the N lanes of the iteration (xor
/// offsets N/2 .. 1), a float add reduction the sequential sum its vector
/// form means, acc + e_0 + ... + e_(N-1), each e_j shuffled from lane j; a
/// scalar store is lane 0's.
void cloneForLane(RewriterBase &rewriter, Block &block, IRMapping &mapping,
                  Value lane, int64_t lanes, bool redux) {
  Location loc = block.getParentOp()->getLoc();
  auto scalar = [](Type t) { return getElementTypeOrSelf(t); };
  // The lane's value of `v`; a splat constant from outside the iteration
  // becomes its scalar.
  std::function<Value(Value)> laneValue = [&](Value v) -> Value {
    if (Value mapped = mapping.lookupOrNull(v))
      return mapped;
    if (isa<VectorType>(v.getType())) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointAfterValue(v);
      auto dense = cast<DenseElementsAttr>(
          v.getDefiningOp<arith::ConstantOp>().getValue());
      Value splat = arith::ConstantOp::create(
          rewriter, v.getLoc(),
          cast<TypedAttr>(dense.getSplatValue<Attribute>()));
      mapping.map(v, splat);
      return splat;
    }
    return v;
  };
  auto laneIndices = [&](ValueRange indices) {
    SmallVector<Value> mapped =
        llvm::map_to_vector(indices, [&](Value v) { return laneValue(v); });
    mapped.back() = arith::AddIOp::create(rewriter, loc, mapped.back(), lane);
    return mapped;
  };
  for (Operation &op : block.without_terminator()) {
    if (auto read = dyn_cast<vector::TransferReadOp>(op)) {
      Value base = laneValue(read.getBase());
      SmallVector<Value> indices = laneIndices(read.getIndices());
      Value value;
      if (read.isDimInBounds(0)) {
        value = memref::LoadOp::create(rewriter, loc, base, indices);
      } else {
        auto type = cast<MemRefType>(base.getType());
        Value size = memref::DimOp::create(rewriter, loc, base, type.getRank() - 1);
        Value inside = arith::CmpIOp::create(
            rewriter, loc, arith::CmpIPredicate::ult, indices.back(), size);
        value = scf::IfOp::create(
                    rewriter, loc, inside,
                    [&](OpBuilder &tb, Location tloc) {
                      scf::YieldOp::create(
                          tb, tloc,
                          memref::LoadOp::create(tb, tloc, base, indices).getResult());
                    },
                    [&](OpBuilder &eb, Location eloc) {
                      scf::YieldOp::create(eb, eloc, laneValue(read.getPadding()));
                    })
                    .getResult(0);
      }
      mapping.map(read.getResult(), value);
    } else if (isa<memref::StoreOp>(op)) {
      Value first = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::eq, lane,
          arith::ConstantIndexOp::create(rewriter, loc, 0));
      auto guard = scf::IfOp::create(rewriter, loc, first, /*withElseRegion=*/false);
      OpBuilder::InsertionGuard g(rewriter);
      rewriter.setInsertionPoint(guard.thenBlock()->getTerminator());
      rewriter.clone(op, mapping);
    } else if (auto reduction = dyn_cast<vector::ReductionOp>(op);
               reduction && reduction.getKind() == vector::CombiningKind::ADD) {
      // In order: every lane adds the N elements, each broadcast from its
      // lane by an indexed shuffle (lane ids of the iteration: from
      // laneid - lane on, 0 when N = 32).
      Type i32 = rewriter.getI32Type();
      Value v = laneValue(reduction.getVector());
      Value sum = laneValue(reduction.getAcc());
      Value first;
      if (lanes < 32)
        first = arith::IndexCastOp::create(
            rewriter, loc, i32,
            arith::SubIOp::create(rewriter, loc,
                                  gpu::LaneIdOp::create(rewriter, loc, IntegerAttr()),
                                  lane));
      Value width = arith::ConstantIntOp::create(rewriter, loc, i32, 32);
      for (int64_t j = 0; j < lanes; ++j) {
        Value src = arith::ConstantIntOp::create(rewriter, loc, i32, j);
        if (first)
          src = arith::AddIOp::create(rewriter, loc, first, src);
        Value e = gpu::ShuffleOp::create(rewriter, loc, v, src, width,
                                         gpu::ShuffleModeAttr::get(
                                             rewriter.getContext(),
                                             gpu::ShuffleMode::IDX))
                      .getShuffleResult();
        sum = arith::AddFOp::create(rewriter, loc, sum, e,
                                    reduction.getFastmathAttr());
      }
      mapping.map(reduction.getResult(), sum);
    } else if (auto write = dyn_cast<vector::TransferWriteOp>(op)) {
      memref::StoreOp::create(rewriter, loc,
                              laneValue(write.getValueToStore()),
                              laneValue(write.getBase()),
                              laneIndices(write.getIndices()));
    } else if (auto reduction = dyn_cast<vector::ReductionOp>(op)) {
      using vector::CombiningKind;
      CombiningKind kind = reduction.getKind();
      bool isSigned =
          kind == CombiningKind::MAXSI || kind == CombiningKind::MINSI;
      Type type = reduction.getType(), i32 = rewriter.getI32Type();
      Value v = laneValue(reduction.getVector());
      if (type != i32)
        v = isSigned ? arith::ExtSIOp::create(rewriter, loc, i32, v).getResult()
                     : arith::ExtUIOp::create(rewriter, loc, i32, v).getResult();
      if (redux && lanes == 32) {
        // A whole warp (every lane reaches it: see laneCount) reduces in
        // one redux.sync (sm_80 on).
        NVVM::ReduxKind op;
        switch (kind) {
        case CombiningKind::MAXUI: op = NVVM::ReduxKind::UMAX; break;
        case CombiningKind::MAXSI: op = NVVM::ReduxKind::MAX; break;
        case CombiningKind::MINUI: op = NVVM::ReduxKind::UMIN; break;
        default: op = NVVM::ReduxKind::MIN; break;
        }
        Value all = arith::ConstantIntOp::create(rewriter, loc, i32, -1);
        v = NVVM::ReduxOp::create(rewriter, loc, i32, v, op, all);
      } else {
        for (int64_t offset = lanes / 2; offset >= 1; offset /= 2) {
          Value other = gpu::ShuffleOp::create(rewriter, loc, v, offset,
                                               /*width=*/32,
                                               gpu::ShuffleMode::XOR)
                            .getShuffleResult();
          switch (kind) {
          case CombiningKind::MAXUI:
            v = arith::MaxUIOp::create(rewriter, loc, v, other);
            break;
          case CombiningKind::MAXSI:
            v = arith::MaxSIOp::create(rewriter, loc, v, other);
            break;
          case CombiningKind::MINUI:
            v = arith::MinUIOp::create(rewriter, loc, v, other);
            break;
          default:
            v = arith::MinSIOp::create(rewriter, loc, v, other);
            break;
          }
        }
      }
      if (type != i32)
        v = arith::TruncIOp::create(rewriter, loc, type, v);
      mapping.map(reduction.getResult(), v);
    } else if (auto broadcast = dyn_cast<vector::BroadcastOp>(op)) {
      mapping.map(broadcast.getResult(), laneValue(broadcast.getSource()));
    } else if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
      SmallVector<Type> types =
          llvm::map_to_vector(ifOp.getResultTypes(), scalar);
      auto laneIf = scf::IfOp::create(rewriter, loc, types,
                                      laneValue(ifOp.getCondition()),
                                      /*withElseRegion=*/!ifOp.getElseRegion().empty());
      auto cloneRegion = [&](Region &from, Region &to) {
        if (from.empty())
          return;
        OpBuilder::InsertionGuard guard(rewriter);
        Block &dst = to.front();
        if (!dst.empty() && dst.mightHaveTerminator())
          rewriter.eraseOp(dst.getTerminator());
        rewriter.setInsertionPointToEnd(&dst);
        cloneForLane(rewriter, from.front(), mapping, lane, lanes, redux);
        auto yield = cast<scf::YieldOp>(from.front().getTerminator());
        scf::YieldOp::create(
            rewriter, loc,
            llvm::map_to_vector(yield.getOperands(),
                                [&](Value v) { return laneValue(v); }));
      };
      cloneRegion(ifOp.getThenRegion(), laneIf.getThenRegion());
      cloneRegion(ifOp.getElseRegion(), laneIf.getElseRegion());
      mapping.map(ifOp.getResults(), laneIf.getResults());
    } else if (!touchesVectors(&op)) {
      rewriter.clone(op, mapping);
    } else if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      auto dense = cast<DenseElementsAttr>(constant.getValue());
      mapping.map(constant.getResult(),
                  arith::ConstantOp::create(
                      rewriter, loc,
                      cast<TypedAttr>(dense.getSplatValue<Attribute>())));
    } else {
      // Elementwise: the same op on the lane's elements.
      OperationState state(loc, op.getName());
      state.addOperands(llvm::map_to_vector(
          op.getOperands(), [&](Value v) { return laneValue(v); }));
      state.addTypes(llvm::map_to_vector(op.getResultTypes(), scalar));
      state.addAttributes(op.getAttrs());
      Operation *clone = rewriter.create(state);
      mapping.map(op.getResults(), clone->getResults());
    }
  }
}

/// Rewrites a loop whose iterations are N-element vector code (laneCount)
/// into a loop with an extra innermost dimension of N lanes, one element
/// each. Mapped row-major onto threads (tileAndMap), the N lanes of an
/// iteration are N consecutive threads of one warp (N divides 32, 32
/// divides the block size, the iteration count is a multiple of N): loads
/// and stores coalesce, and the shuffles of a reduction stay in the warp,
/// where every lane of an iteration takes the same branches.
scf::ParallelOp distributeToLanes(RewriterBase &rewriter, scf::ParallelOp loop,
                                  int64_t lanes, bool redux) {
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  SmallVector<Value> lbs(loop.getLowerBound()), ubs(loop.getUpperBound()),
      steps(loop.getStep());
  lbs.push_back(arith::ConstantIndexOp::create(rewriter, loc, 0));
  ubs.push_back(arith::ConstantIndexOp::create(rewriter, loc, lanes));
  steps.push_back(arith::ConstantIndexOp::create(rewriter, loc, 1));
  auto laneLoop = scf::ParallelOp::create(rewriter, loc, lbs, ubs, steps);
  Block *body = laneLoop.getBody();
  rewriter.setInsertionPointToStart(body);
  IRMapping mapping;
  mapping.map(loop.getInductionVars(),
              body->getArguments().drop_back());
  cloneForLane(rewriter, *loop.getBody(), mapping, body->getArguments().back(),
               lanes, redux);
  rewriter.eraseOp(loop);
  return laneLoop;
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
      // Vector iterations (MX blocks) run one element per lane when the
      // lanes of an iteration fit a warp.
      if (blockSize % 32 == 0)
        if (std::optional<int64_t> lanes = laneCount(loop))
          loop = distributeToLanes(rewriter, loop, *lanes, redux);
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
      return signalPassFailure();

    // Buffers only kernels touch need no managed memory: device memory
    // spares the page faults of a fresh managed buffer on its first use
    // (on every call, for a function's temporaries).
    // (gpu-to-llvm lowers a device allocation in its async form only:
    // between gpu.waits, as tq-gpu-buffers frees.)
    SmallVector<gpu::AllocOp> deviceOnly;
    module.walk([&](gpu::AllocOp alloc) {
      if (deviceBuffers && alloc.getHostShared() && !alloc.getAsyncToken() &&
          onlyKernelsTouch(alloc.getMemref()))
        deviceOnly.push_back(alloc);
    });
    Type token = gpu::AsyncTokenType::get(ctx);
    for (gpu::AllocOp alloc : deviceOnly) {
      rewriter.setInsertionPoint(alloc);
      Location loc = alloc.getLoc();
      Value start =
          gpu::WaitOp::create(rewriter, loc, token, ValueRange{}).getAsyncToken();
      auto device = gpu::AllocOp::create(
          rewriter, loc, alloc.getMemref().getType(), token, ValueRange{start},
          alloc.getDynamicSizes(), alloc.getSymbolOperands(), /*hostShared=*/false);
      gpu::WaitOp::create(rewriter, loc, Type(),
                          ValueRange{device.getAsyncToken()});
      rewriter.replaceAllUsesWith(alloc.getMemref(), device.getMemref());
      rewriter.eraseOp(alloc);
    }
  }

  /// True when every use of `buffer`, through views of it, is inside a
  /// gpu.launch, a gpu.dealloc, or a host op that reads no element (its
  /// sizes, its metadata).
  static bool onlyKernelsTouch(Value buffer) {
    for (Operation *user : buffer.getUsers()) {
      if (user->getParentOfType<gpu::LaunchOp>() ||
          isa<gpu::DeallocOp, memref::DimOp, memref::ExtractStridedMetadataOp>(user))
        continue;
      if (isa<ViewLikeOpInterface>(user) && user->getNumResults() == 1 &&
          isa<MemRefType>(user->getResult(0).getType())) {
        if (!onlyKernelsTouch(user->getResult(0)))
          return false;
        continue;
      }
      return false;
    }
    return true;
  }
};

} // namespace
