//===- OutlineQuantizers.cpp - One function per quantizer and type --------===//
//
// tq-outline-quantizers: each tq.quantize whose lowering is loops of its own
// (not elementwise, or stochastic) moves into a private function shared by
// every op with the same quantizer, types and offset operand (a stochastic
// quantizer's seed becomes an argument), so that its code is emitted once
// per tensor type instead of once per op.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/Transforms/Passes.h"

#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
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

/// Ops that share a function: the same quantizer, input and result types,
/// and whether an offset is passed. A stochastic quantizer's seed is an
/// argument of the function (seed_value), so that ops of every seed share.
using Key = std::tuple<Attribute, Type, Type, unsigned>;

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
      return {op.getQuantizerAttr(), op.getInput().getType(), op.getType(),
              unsigned(bool(op.getOffset()))};
    };
    // A quantizer used once stays in place: a function would not save
    // its code.
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
      bool stochastic = op.getQuantizer().isStochastic();
      if (!f) {
        SmallVector<Type> args{op.getInput().getType()};
        if (op.getOffset())
          args.push_back(op.getOffset().getType());
        if (stochastic)
          args.push_back(IntegerType::get(op.getContext(), 64));
        OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
        f = func::FuncOp::create(b, op.getLoc(),
                                 ("__tq_quantize_" + Twine(next++)).str(),
                                 b.getFunctionType(args, {op.getType()}));
        f.setPrivate();
        symbols.insert(f); // renames on a clash
        Block *body = f.addEntryBlock();
        b.setInsertionPointToStart(body);
        Value offset = op.getOffset() ? body->getArgument(1) : Value();
        Value seed = stochastic ? body->getArguments().back() : Value();
        auto q = QuantizeOp::create(b, op.getLoc(), op.getType(),
                                    body->getArgument(0),
                                    op.getQuantizerAttr(), /*seed=*/nullptr,
                                    offset, seed);
        func::ReturnOp::create(b, op.getLoc(), q.getResult());
      }
      OpBuilder b(op);
      SmallVector<Value> operands{op.getInput()};
      if (op.getOffset())
        operands.push_back(op.getOffset());
      if (stochastic) {
        Value seed = op.getSeedValue();
        if (!seed)
          seed = arith::ConstantOp::create(
              b, op.getLoc(),
              b.getI64IntegerAttr(op.getSeed() ? *op.getSeed() : 0));
        operands.push_back(seed);
      }
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
