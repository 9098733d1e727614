//===- Differentiate.cpp - tq-differentiate ------------------------------===//
//
// Reverse mode on tensors: @f_grad recomputes @f, then walks its ops last
// to first, asking each op's VJPOpInterface for its operands' gradients
// and adding up the gradients each value receives.
//
//===----------------------------------------------------------------------===//

#include "tq/Autodiff/Autodiff.h"

#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/SymbolTable.h"

#include "tq/Autodiff/VJPOpInterface.cpp.inc"

namespace tq {
#define GEN_PASS_DEF_TQDIFFERENTIATE
#include "tq/Autodiff/Passes.h.inc"
} // namespace tq

using namespace mlir;

Value tq::unbroadcast(OpBuilder &b, Location loc, Value g, Type type) {
  auto gt = cast<RankedTensorType>(g.getType());
  auto t = cast<RankedTensorType>(type);
  for (int64_t d = 0; d < gt.getRank(); ++d) {
    if (t.getDimSize(d) != 1 || gt.getDimSize(d) == 1)
      continue;
    SmallVector<int64_t> shape(cast<RankedTensorType>(g.getType()).getShape());
    shape[d] = 1;
    g = tosa::ReduceSumOp::create(
        b, loc, RankedTensorType::get(shape, gt.getElementType()), g,
        b.getI32IntegerAttr(int32_t(d)));
  }
  return g;
}

static bool isFloatTensor(Type type) {
  auto t = dyn_cast<RankedTensorType>(type);
  return t && isa<FloatType>(t.getElementType());
}

FailureOr<func::FuncOp> tq::differentiate(func::FuncOp f) {
  if (f.isDeclaration() || !f.getBody().hasOneBlock())
    return f.emitError("tq-differentiate: @")
           << f.getSymName() << " must have a body of one block";
  if (f.getNumResults() == 0 || !isFloatTensor(f.getResultTypes()[0]))
    return f.emitError("tq-differentiate: @")
           << f.getSymName() << "'s first result must be a float tensor";
  OpBuilder b(f);
  b.setInsertionPointAfter(f);
  auto grad = cast<func::FuncOp>(b.clone(*f));
  std::string name = (f.getSymName() + "_grad").str();
  auto module = f->getParentOfType<ModuleOp>();
  if (module && SymbolTable::lookupSymbolIn(module, name))
    return f.emitError("tq-differentiate: @") << name << " exists already";
  grad.setSymName(name);

  Block &body = grad.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  b.setInsertionPoint(ret);
  DenseMap<Value, Value> adjoint;
  auto accumulate = [&](Value v, Value g) {
    auto [it, inserted] = adjoint.try_emplace(v, g);
    if (!inserted)
      it->second = tosa::AddOp::create(b, g.getLoc(), v.getType(), it->second, g);
  };
  // The seed: ones of the first result's type (the gradient of the sum of
  // its elements).
  Value out = ret.getOperand(0);
  auto outType = cast<RankedTensorType>(out.getType());
  accumulate(out, tosa::ConstOp::create(
                      b, grad.getLoc(), outType,
                      DenseElementsAttr::get(
                          outType, FloatAttr::get(outType.getElementType(), 1.0))));

  SmallVector<Operation *> ops;
  for (Operation &op : body.without_terminator())
    ops.push_back(&op);
  for (Operation *op : llvm::reverse(ops)) {
    SmallVector<Value> resultGrads;
    bool any = false;
    for (Value r : op->getResults()) {
      Value g = adjoint.lookup(r);
      resultGrads.push_back(g);
      any |= bool(g);
    }
    // Constants end the path (nothing to pass a gradient to).
    if (!any || op->getNumOperands() == 0)
      continue;
    auto vjp = dyn_cast<VJPOpInterface>(op);
    if (!vjp) {
      op->emitError("tq-differentiate: no vector-Jacobian rule for '")
          << op->getName() << "'";
      grad.erase();
      return failure();
    }
    SmallVector<Value> operandGrads;
    if (failed(vjp.buildVJP(b, resultGrads, operandGrads)) ||
        operandGrads.size() != op->getNumOperands()) {
      op->emitError("tq-differentiate: the rule of '")
          << op->getName() << "' failed";
      grad.erase();
      return failure();
    }
    for (auto [operand, g] : llvm::zip(op->getOperands(), operandGrads))
      if (g && isFloatTensor(operand.getType()))
        accumulate(operand, g);
  }

  SmallVector<Value> results(ret.getOperands());
  for (BlockArgument arg : body.getArguments()) {
    if (!isFloatTensor(arg.getType()))
      continue;
    Value g = adjoint.lookup(arg);
    if (!g) {
      auto t = cast<RankedTensorType>(arg.getType());
      g = tosa::ConstOp::create(
          b, grad.getLoc(), t,
          DenseElementsAttr::get(t, FloatAttr::get(t.getElementType(), 0.0)));
    }
    results.push_back(g);
  }
  func::ReturnOp::create(b, ret.getLoc(), results);
  ret.erase();
  grad.setFunctionType(
      b.getFunctionType(grad.getArgumentTypes(), ValueRange(results).getTypes()));
  return grad;
}

namespace {
struct DifferentiatePass
    : public tq::impl::TQDifferentiateBase<DifferentiatePass> {
  using TQDifferentiateBase::TQDifferentiateBase;
  void runOnOperation() override {
    SmallVector<func::FuncOp> chosen;
    for (auto f : getOperation().getOps<func::FuncOp>()) {
      bool named = llvm::is_contained(functions, f.getSymName().str());
      if (functions.empty() ? f.isPublic() && !f.isDeclaration() : named)
        chosen.push_back(f);
    }
    for (const std::string &name : functions)
      if (!SymbolTable::lookupSymbolIn(getOperation(), name)) {
        getOperation().emitError("tq-differentiate: no function @") << name;
        return signalPassFailure();
      }
    for (func::FuncOp f : chosen)
      if (failed(tq::differentiate(f)))
        return signalPassFailure();
  }
};
} // namespace
