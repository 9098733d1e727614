//===- OutlineQuantizers.cpp - One function per quantizer and type --------===//
//
// tq-outline-quantizers: each tq.quantize whose lowering is loops of its own
// (not elementwise, or stochastic) moves into a private function shared by
// every op with the same quantizer, seed, types and offset operand, so that
// its code is emitted once per tensor type instead of once per op.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/Transforms/Passes.h"

#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"

#include <tuple>

namespace tq {
#define GEN_PASS_DEF_TQOUTLINEQUANTIZERS
#include "tq/Dialect/TQ/Transforms/Passes.h.inc"
} // namespace tq

using namespace mlir;
using namespace tq;

namespace {

/// Ops that share a function: the same quantizer, seed, input and result
/// types, and whether an offset is passed.
using Key = std::tuple<Attribute, Attribute, Type, Type, unsigned>;

bool outlines(QuantizeOp op) {
  if (!isa<RankedTensorType>(op.getInput().getType()))
    return false;
  QuantizerAttrInterface q = op.getQuantizer();
  return !q.isElementwise() || q.isStochastic();
}

struct OutlineQuantizersPass
    : public tq::impl::TQOutlineQuantizersBase<OutlineQuantizersPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<QuantizeOp> ops;
    // Only ops in functions of this module (not in a nested module, such
    // as a GPU module's kernels).
    for (auto func : module.getOps<func::FuncOp>())
      func.walk([&](QuantizeOp op) {
        if (outlines(op))
          ops.push_back(op);
      });
    if (ops.empty())
      return;
    auto keyOf = [](QuantizeOp op) -> Key {
      return {op.getQuantizerAttr(), op.getSeedAttr(), op.getInput().getType(),
              op.getType(), unsigned(bool(op.getOffset()))};
    };
    // A quantizer used once stays in place: a function would not save
    // its code (stochastic quantizers that tq-insert seeds per op).
    llvm::DenseMap<Key, unsigned> uses;
    for (QuantizeOp op : ops)
      ++uses[keyOf(op)];
    SymbolTable symbols(module);
    llvm::DenseMap<Key, func::FuncOp> functions;
    unsigned next = 0;
    for (QuantizeOp op : ops) {
      Key key = keyOf(op);
      if (uses[key] < 2)
        continue;
      func::FuncOp &f = functions[key];
      if (!f) {
        SmallVector<Type> args{op.getInput().getType()};
        if (op.getOffset())
          args.push_back(op.getOffset().getType());
        OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
        f = func::FuncOp::create(b, op.getLoc(),
                                 ("__tq_quantize_" + Twine(next++)).str(),
                                 b.getFunctionType(args, {op.getType()}));
        f.setPrivate();
        symbols.insert(f); // renames on a clash
        Block *body = f.addEntryBlock();
        b.setInsertionPointToStart(body);
        Value offset = op.getOffset() ? body->getArgument(1) : Value();
        auto q = QuantizeOp::create(b, op.getLoc(), op.getType(),
                                    body->getArgument(0),
                                    op.getQuantizerAttr(), op.getSeedAttr(),
                                    offset);
        func::ReturnOp::create(b, op.getLoc(), q.getResult());
      }
      OpBuilder b(op);
      SmallVector<Value> operands{op.getInput()};
      if (op.getOffset())
        operands.push_back(op.getOffset());
      auto call = func::CallOp::create(b, op.getLoc(), f, operands);
      // The records of tq-insert (tq.quantized, ...) stay with the call.
      for (NamedAttribute a : op->getDiscardableAttrs())
        call->setAttr(a.getName(), a.getValue());
      op.replaceAllUsesWith(call.getResult(0));
      op.erase();
    }
  }
};

} // namespace
