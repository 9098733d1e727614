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
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/SmallPtrSet.h"

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

/// A splat float constant.
static Value splatConst(OpBuilder &b, Location loc, RankedTensorType type,
                        double value) {
  return tosa::ConstOp::create(
      b, loc, type,
      DenseElementsAttr::get(type, FloatAttr::get(type.getElementType(), value)));
}
static Value mulOp(OpBuilder &b, Location loc, Value x, Value y,
                   RankedTensorType type) {
  auto shiftType = RankedTensorType::get({1}, b.getI8Type());
  Value shift = tosa::ConstOp::create(
      b, loc, shiftType, DenseElementsAttr::get(shiftType, b.getI8IntegerAttr(0)));
  return tosa::MulOp::create(b, loc, type, x, y, shift);
}
/// Sums `v` over every axis to shape [1], then scales by `scale`.
static Value sumAll(OpBuilder &b, Location loc, Value v, double scale) {
  auto t = cast<RankedTensorType>(v.getType());
  for (int64_t axis = 0; axis < t.getRank(); ++axis) {
    SmallVector<int64_t> shape(cast<RankedTensorType>(v.getType()).getShape());
    shape[axis] = 1;
    v = tosa::ReduceSumOp::create(
        b, loc, RankedTensorType::get(shape, t.getElementType()), v,
        b.getI32IntegerAttr(int32_t(axis)));
  }
  auto one = RankedTensorType::get({1}, t.getElementType());
  ImplicitLocOpBuilder ib(loc, b);
  v = tosa::ReshapeOp::create(b, loc, one, v, tosa::getTosaConstShape(ib, {1}));
  return mulOp(b, loc, v, splatConst(b, loc, one, scale), one);
}

/// The loss of `out` against `target` (see DifferentiateOptions::loss).
static FailureOr<Value> buildLoss(OpBuilder &b, Location loc, StringRef kind,
                                  Value out, Value target) {
  auto t = cast<RankedTensorType>(out.getType());
  Type el = t.getElementType();
  if (kind == "mse") {
    Value d = tosa::SubOp::create(b, loc, t, out, target);
    return sumAll(b, loc, mulOp(b, loc, d, d, t), 1.0 / double(t.getNumElements()));
  }
  // softmax cross-entropy: mean over the batch of -log_softmax(x)[label].
  int64_t N = t.getDimSize(0), K = t.getDimSize(1);
  auto col = RankedTensorType::get({N, 1}, el);
  Value m = tosa::ReduceMaxOp::create(b, loc, col, out, b.getI32IntegerAttr(1));
  Value z = tosa::SubOp::create(b, loc, t, out, m);
  Value e = tosa::ExpOp::create(b, loc, t, z);
  Value lse = tosa::LogOp::create(
      b, loc, col, tosa::ReduceSumOp::create(b, loc, col, e, b.getI32IntegerAttr(1)));
  Value logp = tosa::SubOp::create(b, loc, t, z, lse);
  auto labelType = cast<RankedTensorType>(target.getType());
  ImplicitLocOpBuilder ib(loc, b);
  Value labels = tosa::ReshapeOp::create(
      b, loc, RankedTensorType::get({N, 1}, labelType.getElementType()), target,
      tosa::getTosaConstShape(ib, {N, 1}));
  auto iotaType = RankedTensorType::get({1, K}, labelType.getElementType());
  SmallVector<APInt> iota;
  for (int64_t k = 0; k < K; ++k)
    iota.push_back(APInt(labelType.getElementTypeBitWidth(), k));
  Value classes = tosa::ConstOp::create(b, loc, iotaType,
                                        DenseElementsAttr::get(iotaType, iota));
  Value isLabel = tosa::EqualOp::create(
      b, loc, RankedTensorType::get({N, K}, b.getI1Type()), labels, classes);
  Value oneHot = tosa::SelectOp::create(b, loc, t, isLabel,
                                        splatConst(b, loc, RankedTensorType::get({1, 1}, el), 1.0),
                                        splatConst(b, loc, RankedTensorType::get({1, 1}, el), 0.0));
  return sumAll(b, loc, mulOp(b, loc, oneHot, logp, t), -1.0 / double(N));
}

FailureOr<func::FuncOp> tq::differentiate(func::FuncOp f,
                                          const DifferentiateOptions &options) {
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
  unsigned numArgs = body.getNumArguments();
  // @f's own ops (the constants among them may become parameters).
  llvm::SmallPtrSet<Operation *, 32> forward;
  for (Operation &op : body.without_terminator())
    forward.insert(&op);
  Value lossValue;
  if (options.loss != "none") {
    auto outType = cast<RankedTensorType>(ret.getOperand(0).getType());
    Type targetType;
    if (options.loss == "softmax-cross-entropy") {
      if (outType.getRank() != 2)
        return f.emitError("tq-differentiate: softmax-cross-entropy needs "
                           "logits of rank 2 ([batch, classes]), @")
               << f.getSymName() << " returns " << outType;
      targetType = RankedTensorType::get({outType.getDimSize(0)}, b.getI32Type());
    } else if (options.loss == "mse") {
      targetType = outType;
    } else {
      grad.erase();
      return f.emitError("tq-differentiate: unknown loss '")
             << options.loss << "' (none, softmax-cross-entropy, mse)";
    }
    Value target = body.addArgument(targetType, grad.getLoc());
    FailureOr<Value> loss =
        buildLoss(b, grad.getLoc(), options.loss, ret.getOperand(0), target);
    if (failed(loss))
      return failure();
    lossValue = *loss;
  }
  DenseMap<Value, Value> adjoint;
  auto accumulate = [&](Value v, Value g) {
    auto [it, inserted] = adjoint.try_emplace(v, g);
    if (!inserted)
      it->second = tosa::AddOp::create(b, g.getLoc(), v.getType(), it->second, g);
  };
  // The seed: ones of the loss's (or the first result's) type, the
  // gradient of the sum of its elements.
  Value out = lossValue ? lossValue : ret.getOperand(0);
  auto outType = cast<RankedTensorType>(out.getType());
  accumulate(out, tosa::ConstOp::create(
                      b, grad.getLoc(), outType,
                      DenseElementsAttr::get(
                          outType, FloatAttr::get(outType.getElementType(), 1.0))));

  SmallVector<Operation *> ops;
  for (Operation &op : body.without_terminator())
    if (!out.getDefiningOp() || op.isBeforeInBlock(out.getDefiningOp()) ||
        &op == out.getDefiningOp())
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

  // Constants the gradient reached become parameters.
  SmallVector<tosa::ConstOp> parameters;
  if (options.constants)
    for (Operation *op : ops)
      if (auto c = dyn_cast<tosa::ConstOp>(op);
          c && forward.contains(op) && isFloatTensor(c.getType()) &&
          adjoint.lookup(c.getResult()))
        parameters.push_back(c);
  for (tosa::ConstOp c : parameters) {
    BlockArgument arg = body.addArgument(c.getType(), c.getLoc());
    adjoint[arg] = adjoint.lookup(c.getResult());
    c.getResult().replaceAllUsesWith(arg);
  }

  SmallVector<Value> results;
  if (lossValue)
    results.push_back(lossValue);
  results.append(ret.getOperands().begin(), ret.getOperands().end());
  for (BlockArgument arg : body.getArguments()) {
    // The loss's target gets no gradient.
    if (lossValue && arg.getArgNumber() == numArgs)
      continue;
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
      b.getFunctionType(body.getArgumentTypes(), ValueRange(results).getTypes()));

  if (!parameters.empty()) {
    // @f_params: the parameters' values, named after their constants.
    b.setInsertionPointAfter(grad);
    std::string paramsName = (f.getSymName() + "_params").str();
    if (module && SymbolTable::lookupSymbolIn(module, paramsName))
      return f.emitError("tq-differentiate: @") << paramsName << " exists already";
    SmallVector<Type> types;
    for (tosa::ConstOp c : parameters)
      types.push_back(c.getType());
    auto params = func::FuncOp::create(b, f.getLoc(), paramsName,
                                       b.getFunctionType({}, types));
    Block *entry = params.addEntryBlock();
    OpBuilder pb = OpBuilder::atBlockEnd(entry);
    SmallVector<Value> values;
    for (auto [i, c] : llvm::enumerate(parameters)) {
      values.push_back(pb.clone(*c)->getResult(0));
      if (auto name = dyn_cast<NameLoc>(c.getLoc()))
        params.setResultAttr(i, "tq.name", name.getName());
    }
    func::ReturnOp::create(pb, f.getLoc(), values);
  }
  for (tosa::ConstOp c : parameters)
    c.erase();

  if (options.sgdLearningRate > 0 && !parameters.empty()) {
    // @f_step: @f_grad's body, returning the loss (or the first result)
    // and p - lr * grad for each parameter.
    std::string stepName = (f.getSymName() + "_step").str();
    if (module && SymbolTable::lookupSymbolIn(module, stepName))
      return f.emitError("tq-differentiate: @") << stepName << " exists already";
    b.setInsertionPointAfter(grad);
    auto step = cast<func::FuncOp>(b.clone(*grad));
    step.setSymName(stepName);
    auto stepRet = cast<func::ReturnOp>(step.getBody().front().getTerminator());
    b.setInsertionPoint(stepRet);
    unsigned numParams = parameters.size();
    unsigned numResults = stepRet.getNumOperands();
    Block &stepBody = step.getBody().front();
    SmallVector<Value> outs = {stepRet.getOperand(0)};
    for (unsigned i = 0; i < numParams; ++i) {
      Value p = stepBody.getArgument(stepBody.getNumArguments() - numParams + i);
      Value g = stepRet.getOperand(numResults - numParams + i);
      auto t = cast<RankedTensorType>(p.getType());
      Value lr = splatConst(
          b, step.getLoc(),
          RankedTensorType::get(SmallVector<int64_t>(t.getRank(), 1),
                                t.getElementType()),
          options.sgdLearningRate);
      outs.push_back(tosa::SubOp::create(b, step.getLoc(), t, p,
                                         mulOp(b, step.getLoc(), g, lr, t)));
    }
    func::ReturnOp::create(b, stepRet.getLoc(), outs);
    stepRet.erase();
    step.setFunctionType(b.getFunctionType(stepBody.getArgumentTypes(),
                                           ValueRange(outs).getTypes()));
  }
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
    tq::DifferentiateOptions options;
    options.loss = loss;
    options.constants = constants;
    options.sgdLearningRate = sgdLearningRate;
    for (func::FuncOp f : chosen)
      if (failed(tq::differentiate(f, options)))
        return signalPassFailure();
  }
};
} // namespace
