//===- ReferenceCalls.cpp - tq.quantize as calls of the reference ---------===//

#include "tq/Conversion/Passes.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"

namespace tq {
#define GEN_PASS_DEF_TQLOWERTOREFERENCECALLS
#include "tq/Conversion/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {
constexpr StringLiteral kCallee = "tq_reference_quantize_f32";

struct ReferenceCallsPass
    : public tq::impl::TQLowerToReferenceCallsBase<ReferenceCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    SmallVector<tq::QuantizeOp> ops;
    module.walk([&](tq::QuantizeOp op) { ops.push_back(op); });
    if (ops.empty())
      return;
    OpBuilder b(ctx);
    b.setInsertionPointToStart(module.getBody());
    auto f32U = UnrankedMemRefType::get(b.getF32Type(), 0);
    auto i8U = UnrankedMemRefType::get(b.getI8Type(), 0);
    auto callee = func::FuncOp::create(
        b, module.getLoc(), kCallee,
        b.getFunctionType({f32U, i8U, b.getI64Type()}, {}));
    callee.setPrivate();
    callee->setAttr("llvm.emit_c_interface", b.getUnitAttr());

    unsigned counter = 0;
    for (tq::QuantizeOp op : ops) {
      auto type = dyn_cast<RankedTensorType>(op.getType());
      if (!type || !type.getElementType().isF32() || !type.hasStaticShape() ||
          op.getOffset()) {
        op.emitError("tq-lower-to-reference-calls: only static f32 tensors "
                     "without offset are supported");
        return signalPassFailure();
      }
      // The quantizer string as a constant global of bytes.
      std::string spec = op.getQuantizer().getSpec();
      SmallVector<int8_t> bytes(spec.begin(), spec.end());
      auto specT = MemRefType::get({int64_t(bytes.size())}, b.getI8Type());
      std::string name = "__tq_spec_" + std::to_string(counter++);
      b.setInsertionPointToStart(module.getBody());
      auto tensorT = RankedTensorType::get({int64_t(bytes.size())}, b.getI8Type());
      memref::GlobalOp::create(b, op.getLoc(), name, b.getStringAttr("private"),
                               specT,
                               DenseElementsAttr::get(tensorT, ArrayRef<int8_t>(bytes)),
                               /*constant=*/true, /*alignment=*/IntegerAttr());

      b.setInsertionPoint(op);
      Location loc = op.getLoc();
      Value specM = memref::GetGlobalOp::create(b, loc, specT, name);
      Value specU = memref::CastOp::create(b, loc, i8U, specM);
      Value copy = bufferization::AllocTensorOp::create(
          b, loc, type, ValueRange{}, /*copy=*/op.getInput());
      auto memT = MemRefType::get(type.getShape(), type.getElementType());
      Value buf = bufferization::ToBufferOp::create(b, loc, memT, copy);
      Value bufU = memref::CastOp::create(b, loc, f32U, buf);
      Value seed = op.getOrCreateSeedValue(b);
      func::CallOp::create(b, loc, callee, ValueRange{bufU, specU, seed});
      Value result = bufferization::ToTensorOp::create(
          b, loc, type, buf, /*restrict=*/true, /*writable=*/true);
      op.getResult().replaceAllUsesWith(result);
      op.erase();
    }
  }
};
} // namespace
