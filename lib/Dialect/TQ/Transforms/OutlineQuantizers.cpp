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

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/MapVector.h"

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

/// The private function @__tq_quantize_N(x[, offset][, seed]) that
/// quantizes like `op`, with the seed (stochastic) as an argument.
func::FuncOp createFunction(QuantizeOp op, ModuleOp module,
                            SymbolTable &symbols, unsigned number) {
  bool stochastic = op.getQuantizer().isStochastic();
  SmallVector<Type> args{op.getInput().getType()};
  if (op.getOffset())
    args.push_back(op.getOffset().getType());
  if (stochastic)
    args.push_back(IntegerType::get(op.getContext(), 64));
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  auto f = func::FuncOp::create(b, op.getLoc(),
                                ("__tq_quantize_" + Twine(number)).str(),
                                b.getFunctionType(args, {op.getType()}));
  f.setPrivate();
  symbols.insert(f); // renames on a clash
  Block *body = f.addEntryBlock();
  b.setInsertionPointToStart(body);
  Value offset = op.getOffset() ? body->getArgument(1) : Value();
  Value seed = stochastic ? body->getArguments().back() : Value();
  auto q = QuantizeOp::create(b, op.getLoc(), op.getType(),
                              body->getArgument(0), op.getQuantizerAttr(),
                              /*seed=*/nullptr, offset, seed);
  func::ReturnOp::create(b, op.getLoc(), q.getResult());
  return f;
}

struct OutlineQuantizersPass
    : public tq::impl::TQOutlineQuantizersBase<OutlineQuantizersPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // The ops by key, in program order. Only ops in functions of this
    // module (not in a nested module, such as a GPU module's kernels).
    llvm::MapVector<Key, SmallVector<QuantizeOp>> groups;
    for (auto func : module.getOps<func::FuncOp>())
      func.walk([&](QuantizeOp op) {
        if (outlines(op))
          groups[{op.getQuantizerAttr(), op.getInput().getType(),
                  op.getType(), unsigned(bool(op.getOffset()))}]
              .push_back(op);
      });
    SymbolTable symbols(module);
    unsigned next = 0;
    for (auto &[key, ops] : groups) {
      // A quantizer used once stays in place: a function would not save
      // its code.
      if (ops.size() < 2)
        continue;
      func::FuncOp f = createFunction(ops.front(), module, symbols, next++);
      for (QuantizeOp op : ops) {
        OpBuilder b(op);
        SmallVector<Value> operands{op.getInput()};
        if (op.getOffset())
          operands.push_back(op.getOffset());
        if (op.getQuantizer().isStochastic())
          operands.push_back(op.getOrCreateSeedValue(b));
        auto call = func::CallOp::create(b, op.getLoc(), f, operands);
        // The records of tq-insert (tq.quantized, ...) stay with the call.
        for (NamedAttribute a : op->getDiscardableAttrs())
          call->setAttr(a.getName(), a.getValue());
        op.replaceAllUsesWith(call.getResult(0));
        op.erase();
      }
    }
  }
};

} // namespace
