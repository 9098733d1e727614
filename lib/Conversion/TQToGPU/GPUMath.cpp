//===- GPUMath.cpp - math ops in kernels to LLVM intrinsics ---------------===//
//
// tq-gpu-math-intrinsics: see the pass description in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "tq/Conversion/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/TypeSwitch.h"

namespace tq {
#define GEN_PASS_DEF_TQGPUMATHINTRINSICS
#include "tq/Conversion/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {

/// LLVM's overload suffix of a scalar or vector type: f32, i32, v4f32.
std::string overloadSuffix(Type type) {
  std::string suffix;
  if (auto vec = dyn_cast<VectorType>(type)) {
    for (int64_t dim : vec.getShape())
      suffix += "v" + std::to_string(dim);
    type = vec.getElementType();
  }
  if (type.isF16())
    return suffix + "f16";
  if (type.isBF16())
    return suffix + "bf16";
  if (auto f = dyn_cast<FloatType>(type))
    return suffix + "f" + std::to_string(f.getWidth());
  return suffix + "i" + std::to_string(type.getIntOrFloatBitWidth());
}

/// The LLVM intrinsic of a math op, or "" for ops left alone.
StringRef intrinsicName(Operation *op) {
  return llvm::TypeSwitch<Operation *, StringRef>(op)
      .Case<math::AbsFOp>([](auto) { return "llvm.fabs"; })
      .Case<math::CeilOp>([](auto) { return "llvm.ceil"; })
      .Case<math::FloorOp>([](auto) { return "llvm.floor"; })
      .Case<math::RoundOp>([](auto) { return "llvm.round"; })
      .Case<math::RoundEvenOp>([](auto) { return "llvm.roundeven"; })
      .Case<math::TruncOp>([](auto) { return "llvm.trunc"; })
      .Case<math::CountLeadingZerosOp>([](auto) { return "llvm.ctlz"; })
      .Default([](Operation *) { return ""; });
}

struct TQGPUMathIntrinsicsPass
    : public tq::impl::TQGPUMathIntrinsicsBase<TQGPUMathIntrinsicsPass> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk([&](gpu::GPUModuleOp module) {
      module.walk([&](Operation *op) {
        if (!intrinsicName(op).empty())
          ops.push_back(op);
      });
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : ops) {
      rewriter.setInsertionPoint(op);
      Type type = op->getResult(0).getType();
      std::string name =
          (intrinsicName(op) + "." + overloadSuffix(type)).str();
      SmallVector<Value> args(op->getOperands());
      // ctlz's second operand: a zero input is defined (gives the width),
      // as math.ctlz specifies.
      if (isa<math::CountLeadingZerosOp>(op))
        args.push_back(LLVM::ConstantOp::create(
            rewriter, op->getLoc(), rewriter.getI1Type(),
            rewriter.getBoolAttr(false)));
      auto call = LLVM::CallIntrinsicOp::create(
          rewriter, op->getLoc(), type, rewriter.getStringAttr(name), args);
      rewriter.replaceOp(op, call.getResults());
    }
  }
};

} // namespace
