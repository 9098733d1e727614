//===- OutlineQuantizers.cpp - One function per quantizer and type --------===//
//
// tq-outline-quantizers: each tq.quantize whose lowering is loops of its own
// (not elementwise, or stochastic) moves into a private function shared by
// every op with the same quantizer, types and offset operand (a stochastic
// quantizer's seed becomes an argument), so that its code is emitted once
// per tensor type instead of once per op. A quantizer that reads its tensor
// as one sequence (stochastic elementwise, or with a statistic of the whole
// tensor) takes it flattened to a 1-D tensor of dynamic size, so that one
// function serves every shape.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/Transforms/Passes.h"

#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
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

/// Ops that share a function: the same quantizer, input and result types
/// (1-D of dynamic size when flattened), whether an offset is passed and
/// whether the tensors are flattened. A stochastic quantizer's seed is an
/// argument of the function (seed_value), so that ops of every seed share.
using Key = std::tuple<Attribute, Type, Type, unsigned, unsigned>;

bool outlines(QuantizeOp op) {
  if (!isa<RankedTensorType>(op.getInput().getType()))
    return false;
  QuantizerAttrInterface q = op.getQuantizer();
  return !q.isElementwise() || q.isStochastic();
}

/// Whether `op` quantizes its tensor as one row-major sequence (each
/// element alone with its linear index, or with a statistic of the whole
/// tensor summed in that order), so that the flattened tensor gives the
/// same values; only static shapes are flattened (rank 0 too, as one
/// element). (The CPU lowering keeps its vector steps for a stochastic
/// quantizer of dynamic size.)
bool flattens(QuantizeOp op) {
  auto type = cast<RankedTensorType>(op.getInput().getType());
  if (!type.hasStaticShape())
    return false;
  TensorStrategy::Kind kind = op.getQuantizer().getTensorStrategy().kind;
  return kind == TensorStrategy::Kind::Elementwise ||
         kind == TensorStrategy::Kind::WholeTensor;
}

/// `type` as a 1-D tensor of dynamic size.
RankedTensorType dynamic1D(Type type) {
  return RankedTensorType::get({ShapedType::kDynamic},
                               cast<RankedTensorType>(type).getElementType());
}

/// The private function @__tq_quantize_N(x[, out][, offset][, seed]) that
/// quantizes like `op`, with the seed (stochastic) as an argument. With
/// `out` (a flattened function) it writes its result into it: destination
/// style, the caller allocates the result, so that it owns every buffer
/// statically (a returned buffer needs a run-time ownership check at the
/// end of the caller); the function's result is then `out`, which
/// bufferization drops (drop-equivalent-buffer-results). A block format's
/// lowering reshapes its result into a buffer of its own, which `out` would
/// not save, so it returns that.
func::FuncOp createFunction(QuantizeOp op, Type inputType, Type resultType,
                            bool destination, ModuleOp module,
                            SymbolTable &symbols, unsigned number) {
  bool stochastic = op.getQuantizer().isStochastic();
  SmallVector<Type> args{inputType};
  if (destination)
    args.push_back(resultType);
  if (op.getOffset())
    args.push_back(op.getOffset().getType());
  if (stochastic)
    args.push_back(IntegerType::get(op.getContext(), 64));
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  Location loc = op.getLoc();
  auto f = func::FuncOp::create(b, loc,
                                ("__tq_quantize_" + Twine(number)).str(),
                                b.getFunctionType(args, {resultType}));
  f.setPrivate();
  symbols.insert(f); // renames on a clash
  Block *body = f.addEntryBlock();
  b.setInsertionPointToStart(body);
  Value input = body->getArgument(0);
  Value out = destination ? body->getArgument(1) : Value();
  Value offset =
      op.getOffset() ? body->getArgument(destination ? 2 : 1) : Value();
  Value seed = stochastic ? body->getArguments().back() : Value();
  auto q = QuantizeOp::create(b, loc, resultType, input,
                              op.getQuantizerAttr(), /*seed=*/nullptr, offset,
                              seed);
  Value result = q.getResult();
  if (destination) {
    int64_t rank = cast<RankedTensorType>(resultType).getRank();
    SmallVector<OpFoldResult> zeros(rank, b.getIndexAttr(0)),
        ones(rank, b.getIndexAttr(1));
    result = tensor::InsertSliceOp::create(
        b, loc, result, out, zeros, tensor::getMixedSizes(b, loc, input),
        ones);
  }
  func::ReturnOp::create(b, loc, result);
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
        if (!outlines(op))
          return;
        Type input = op.getInput().getType(), result = op.getType();
        bool flat = flattens(op);
        if (flat) {
          input = dynamic1D(input);
          result = dynamic1D(result);
        }
        groups[{op.getQuantizerAttr(), input, result,
                unsigned(bool(op.getOffset())), unsigned(flat)}]
            .push_back(op);
      });
    SymbolTable symbols(module);
    unsigned next = 0;
    for (auto &[key, ops] : groups) {
      // A quantizer used once stays in place: a function would not save
      // its code.
      if (ops.size() < 2)
        continue;
      auto [attr, inputType, resultType, hasOffset, flat] = key;
      func::FuncOp f = createFunction(ops.front(), inputType, resultType,
                                      /*destination=*/flat, module, symbols,
                                      next++);
      for (QuantizeOp op : ops) {
        OpBuilder b(op);
        Location loc = op.getLoc();
        // A flattened function: the tensor collapsed to 1-D (a rank-0
        // one expanded) and cast to the dynamic size, the result cast back
        // and expanded (collapsed).
        auto type = cast<RankedTensorType>(op.getInput().getType());
        auto resultStatic = cast<RankedTensorType>(op.getType());
        auto flatType = [&](RankedTensorType t) {
          return RankedTensorType::get({t.getNumElements()},
                                       t.getElementType());
        };
        Value input = op.getInput();
        SmallVector<ReassociationIndices> all;
        if (type.getRank() > 0)
          all.emplace_back(llvm::to_vector(llvm::seq<int64_t>(type.getRank())));
        if (flat) {
          if (type.getRank() > 1)
            input = tensor::CollapseShapeOp::create(b, loc, input, all);
          else if (type.getRank() == 0)
            input = tensor::ExpandShapeOp::create(b, loc, flatType(type),
                                                  input, all);
          input = tensor::CastOp::create(b, loc, inputType, input);
        }
        // A flattened function's destination, in its type.
        SmallVector<Value> operands{input};
        if (flat) {
          Value out = tensor::EmptyOp::create(
              b, loc, ArrayRef<int64_t>{resultStatic.getNumElements()},
              resultStatic.getElementType());
          operands.push_back(tensor::CastOp::create(b, loc, resultType, out));
        }
        if (op.getOffset())
          operands.push_back(op.getOffset());
        if (op.getQuantizer().isStochastic())
          operands.push_back(op.getOrCreateSeedValue(b));
        auto call = func::CallOp::create(b, op.getLoc(), f, operands);
        // The records of tq-insert (tq.quantized, ...) stay with the call.
        for (NamedAttribute a : op->getDiscardableAttrs())
          call->setAttr(a.getName(), a.getValue());
        Value result = call.getResult(0);
        if (flat) {
          result =
              tensor::CastOp::create(b, loc, flatType(resultStatic), result);
          if (type.getRank() > 1)
            result = tensor::ExpandShapeOp::create(b, loc, resultStatic,
                                                   result, all);
          else if (type.getRank() == 0)
            result = tensor::CollapseShapeOp::create(b, loc, resultStatic,
                                                     result, all);
        }
        op.replaceAllUsesWith(result);
        op.erase();
      }
    }
  }
};

} // namespace
