//===- GPUBuffers.cpp - host buffers reachable from GPU kernels -----------===//
//
// tq-gpu-buffers: memref.alloc -> gpu.alloc host_shared (managed memory),
// memref.dealloc -> gpu.dealloc, memref.copy -> linalg.copy. See the pass
// description in Passes.td and docs/gpu.md.
//
//===----------------------------------------------------------------------===//

#include "tq/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace tq {
#define GEN_PASS_DEF_TQGPUBUFFERS
#include "tq/Conversion/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {

/// True for ops of host code: not in a kernel or a GPU module.
bool isHostOp(Operation *op) {
  return !op->getParentOfType<gpu::LaunchOp>() &&
         !op->getParentOfType<gpu::GPUModuleOp>();
}

struct TQGPUBuffersPass
    : public tq::impl::TQGPUBuffersBase<TQGPUBuffersPass> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<memref::AllocOp, memref::DeallocOp, memref::CopyOp>(op) &&
          isHostOp(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : ops) {
      rewriter.setInsertionPoint(op);
      Location loc = op->getLoc();
      if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
        MemRefType type = alloc.getType();
        if (!alloc.getSymbolOperands().empty() ||
            !type.getLayout().isIdentity()) {
          alloc.emitOpError("tq-gpu-buffers: only identity-layout "
                            "allocations can be made GPU managed memory");
          return signalPassFailure();
        }
        auto managed = gpu::AllocOp::create(
            rewriter, loc, type, /*asyncToken=*/Type(), ValueRange{},
            alloc.getDynamicSizes(), ValueRange{}, /*hostShared=*/true);
        rewriter.replaceOp(alloc, managed.getMemref());
      } else if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
        freeManaged(rewriter, loc, dealloc.getMemref());
        rewriter.eraseOp(dealloc);
      } else if (auto copy = dyn_cast<memref::CopyOp>(op)) {
        rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, copy.getSource(),
                                                    copy.getTarget());
      }
    }

    // A constant passed to a function is host memory (only the kernels that
    // read a global directly get a device copy): pass a managed copy, made
    // on the host before the call and freed after it. A view of a constant
    // (a reshape, a subview, a cast) becomes the same view of the copy.
    SmallVector<func::CallOp> calls;
    getOperation().walk([&](func::CallOp call) {
      if (isHostOp(call))
        calls.push_back(call);
    });
    for (func::CallOp call : calls) {
      for (OpOperand &operand : call->getOpOperands()) {
        SmallVector<Operation *> views;
        memref::GetGlobalOp global = viewedGlobal(operand.get(), views);
        if (!global)
          continue;
        Location loc = call.getLoc();
        rewriter.setInsertionPoint(call);
        Value managed =
            gpu::AllocOp::create(rewriter, loc, global.getType(),
                                 /*asyncToken=*/Type(), ValueRange{},
                                 ValueRange{}, ValueRange{},
                                 /*hostShared=*/true)
                .getMemref();
        memref::CopyOp::create(rewriter, loc, global, managed);
        IRMapping mapping;
        mapping.map(global.getResult(), managed);
        for (Operation *view : llvm::reverse(views))
          rewriter.clone(*view, mapping);
        operand.set(mapping.lookupOrDefault(operand.get()));
        rewriter.setInsertionPointAfter(call);
        freeManaged(rewriter, loc, managed);
      }
    }
  }

  /// The global that `value` is, or is a view of (through view-like ops and
  /// casts); `views` gets the views, outermost first.
  static memref::GetGlobalOp viewedGlobal(Value value,
                                          SmallVectorImpl<Operation *> &views) {
    while (Operation *def = value.getDefiningOp()) {
      if (auto global = dyn_cast<memref::GetGlobalOp>(def))
        return global;
      if (auto cast = dyn_cast<memref::CastOp>(def)) {
        value = cast.getSource();
      } else if (auto view = dyn_cast<ViewLikeOpInterface>(def)) {
        if (def->getNumResults() != 1 || def->getNumRegions() != 0)
          return {};
        value = view.getViewSource();
      } else {
        return {};
      }
      views.push_back(def);
    }
    return {};
  }

  /// gpu.dealloc between gpu.waits: gpu-to-llvm lowers only the
  /// asynchronous form.
  void freeManaged(RewriterBase &rewriter, Location loc, Value memref) {
    Type token = gpu::AsyncTokenType::get(&getContext());
    Value start = gpu::WaitOp::create(rewriter, loc, token, ValueRange{})
                      .getAsyncToken();
    Value done = gpu::DeallocOp::create(rewriter, loc, token,
                                        ValueRange{start}, memref)
                     .getAsyncToken();
    gpu::WaitOp::create(rewriter, loc, Type(), ValueRange{done});
  }
};

} // namespace
