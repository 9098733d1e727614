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
#include "mlir/IR/PatternMatch.h"

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
    // on the host before the call and freed after it.
    SmallVector<func::CallOp> calls;
    getOperation().walk([&](func::CallOp call) {
      if (isHostOp(call))
        calls.push_back(call);
    });
    for (func::CallOp call : calls) {
      for (OpOperand &operand : call->getOpOperands()) {
        auto global = operand.get().getDefiningOp<memref::GetGlobalOp>();
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
        operand.set(managed);
        rewriter.setInsertionPointAfter(call);
        freeManaged(rewriter, loc, managed);
      }
    }
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
