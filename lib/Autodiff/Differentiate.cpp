//===- Differentiate.cpp - tq-differentiate ------------------------------===//
//
// Reverse mode on tensors: @f_grad recomputes @f, then walks its ops last
// to first, asking each op's VJPOpInterface for its operands' gradients
// and adding up the gradients each value receives.
//
//===----------------------------------------------------------------------===//

#include "tq/Autodiff/Autodiff.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Dialect/TQ/Transforms/OpNames.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

#include "tq/Autodiff/VJPOpInterface.cpp.inc"

namespace tq {
#define GEN_PASS_DEF_TQDIFFERENTIATE
#include "tq/Autodiff/Passes.h.inc"
} // namespace tq

using namespace mlir;
using namespace tq;

Value tq::iotaConstant(OpBuilder &b, Location loc, RankedTensorType type) {
  SmallVector<APInt> values;
  for (int64_t k = 0, n = type.getNumElements(); k < n; ++k)
    values.push_back(APInt(type.getElementTypeBitWidth(), k));
  return tosa::ConstOp::create(b, loc, type,
                               DenseElementsAttr::get(type, values));
}

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
static FailureOr<Value> buildLoss(OpBuilder &b, Location loc, Loss kind,
                                  Value out, Value target) {
  auto t = cast<RankedTensorType>(out.getType());
  Type el = t.getElementType();
  if (kind == Loss::MSE) {
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
  Value classes = iotaConstant(
      b, loc, RankedTensorType::get({1, K}, labelType.getElementType()));
  Value isLabel = tosa::EqualOp::create(
      b, loc, RankedTensorType::get({N, K}, b.getI1Type()), labels, classes);
  Value oneHot = tosa::SelectOp::create(b, loc, t, isLabel,
                                        splatConst(b, loc, RankedTensorType::get({1, 1}, el), 1.0),
                                        splatConst(b, loc, RankedTensorType::get({1, 1}, el), 0.0));
  return sumAll(b, loc, mulOp(b, loc, oneHot, logp, t), -1.0 / double(N));
}

StringRef tq::optimizerName(Optimizer optimizer) {
  switch (optimizer) {
  case Optimizer::None: return "none";
  case Optimizer::SGD: return "sgd";
  case Optimizer::Adam: return "adam";
  }
  llvm_unreachable("unknown optimizer");
}

llvm::cl::ValuesClass tq::lossValues() {
  return llvm::cl::values(
      clEnumValN(Loss::None, "none", "the sum of the first result"),
      clEnumValN(Loss::SoftmaxCrossEntropy, "softmax-cross-entropy",
                 "logits [N, K], int32 labels [N] as a last argument; the "
                 "mean over the batch"),
      clEnumValN(Loss::MSE, "mse",
                 "a target like the first result; the mean of the squared "
                 "differences"));
}

llvm::cl::ValuesClass tq::optimizerValues() {
  return llvm::cl::values(
      clEnumValN(Optimizer::None, "none", "no training step"),
      clEnumValN(Optimizer::SGD, "sgd", "SGD (momentum, weight decay)"),
      clEnumValN(Optimizer::Adam, "adam", "Adam"));
}

llvm::cl::ValuesClass tq::steValues() {
  return llvm::cl::values(
      clEnumValN(STE::Plain, "plain", "the gradient passes unchanged"),
      clEnumValN(STE::Clipped, "clipped",
                 "the gradient inside the format's range, 0 outside"));
}

unsigned tq::optimizerStatePerParameter(const DifferentiateOptions &options) {
  if (options.optimizer == Optimizer::Adam)
    return 2;
  return options.optimizer == Optimizer::SGD && options.momentum != 0 ? 1 : 0;
}

/// `q(v)`, for the training role `role` of the map entry `entry`, at what
/// is named `name` (its `index`th value); stochastic quantizers get their
/// own seed. Fails (with an error at `at`) when `q` does not take v's type.
static FailureOr<Value> quantizeForRole(OpBuilder &b, Location loc, Value v,
                                        MapEntry &entry, StringRef name,
                                        unsigned index, Operation *at,
                                        const DifferentiateOptions &options) {
  QuantizerAttrInterface q = entry.quantizer;
  if (failed(q.verifyForType(v.getType(), [&] {
        return at->emitError()
               << "tq-differentiate: cannot quantize the " << roleName(entry.role)
               << " of '" << name << "' with " << q.getSpec() << " (entry \""
               << entry.key << "\" of the " << roleName(entry.role) << " map): ";
      })))
    return failure();
  ++entry.matched;
  auto quantize = tq::QuantizeOp::create(b, loc, v, q);
  if (q.isStochastic())
    quantize.setSeed(quantizerSeed(name, entry.role, index, options.seed));
  return quantize.getResult();
}

/// The map entry of `role` for `name`, or null.
static MapEntry *lookupRole(const DifferentiateOptions &options, Role role,
                            std::optional<std::string> name) {
  if (!options.maps || !name)
    return nullptr;
  return options.maps->lookup(role, *name, options.match);
}

/// An elementwise linalg.generic over `inputs` (all of `type`'s shape)
/// computing `body` of their elements.
static Value elementwise(
    OpBuilder &b, Location loc, RankedTensorType type, ValueRange inputs,
    llvm::function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(),
                                       type.getElementType());
  SmallVector<AffineMap> maps(inputs.size() + 1,
                              b.getMultiDimIdentityMap(type.getRank()));
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        linalg::YieldOp::create(nb, l, body(nb, l, args.drop_back()));
      });
  return generic.getResult(0);
}

/// Gives every stochastic tq.quantize in `fn` without an offset the offset
/// `step * numElements`: each step draws from its own stretch of its
/// quantizer's Philox stream (docs/train.md, "Reproducibility").
static void offsetStochasticByStep(func::FuncOp fn, Value step) {
  SmallVector<tq::QuantizeOp> stochastic;
  fn.walk([&](tq::QuantizeOp q) {
    if (q.getQuantizer().isStochastic() && !q.getOffset())
      stochastic.push_back(q);
  });
  if (stochastic.empty())
    return;
  OpBuilder b = OpBuilder::atBlockBegin(&fn.getBody().front());
  Location loc = fn.getLoc();
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value s = tensor::ExtractOp::create(b, loc, step, ValueRange{zero});
  s = arith::IndexCastOp::create(b, loc, b.getIndexType(), s);
  for (tq::QuantizeOp q : stochastic) {
    int64_t n = cast<ShapedType>(q.getType()).getNumElements();
    b.setInsertionPoint(q);
    Value offset = arith::MulIOp::create(
        b, loc, s, arith::ConstantIndexOp::create(b, loc, n));
    q.getOffsetMutable().assign(offset);
  }
}

/// `@<f>_eval`: @f with the parameters (the constants at
/// `positions` among its ops) as arguments after @f's.
static LogicalResult buildEval(func::FuncOp f, ArrayRef<unsigned> positions) {
  std::string name = (f.getSymName() + "_eval").str();
  auto module = f->getParentOfType<ModuleOp>();
  if (module && SymbolTable::lookupSymbolIn(module, name))
    return f.emitError("tq-differentiate: @") << name << " exists already";
  OpBuilder b(f);
  b.setInsertionPointAfter(f);
  auto eval = cast<func::FuncOp>(b.clone(*f));
  eval.setSymName(name);
  Block &body = eval.getBody().front();
  SmallVector<Operation *> ops;
  for (Operation &op : body)
    ops.push_back(&op);
  for (unsigned position : positions) {
    Operation *c = ops[position];
    BlockArgument arg = body.addArgument(c->getResult(0).getType(), c->getLoc());
    c->getResult(0).replaceAllUsesWith(arg);
  }
  for (unsigned position : positions)
    ops[position]->erase();
  eval.setFunctionType(b.getFunctionType(body.getArgumentTypes(),
                                         eval.getResultTypes()));
  return success();
}

/// `@<f>_train_step` from @f_grad (see DifferentiateOptions::optimizer), and
/// `@<f>_eval`.
static LogicalResult
buildTrainStep(func::FuncOp f, func::FuncOp grad,
               ArrayRef<std::optional<std::string>> names,
               ArrayRef<unsigned> positions,
               const DifferentiateOptions &options) {
  unsigned numParams = names.size();
  if (options.loss == Loss::None || numParams == 0)
    return f.emitError("tq-differentiate: optimizer=")
           << optimizerName(options.optimizer)
           << " needs a loss (loss=softmax-cross-entropy or mse) and "
              "parameters (constants=true, and weights the loss depends on)";
  std::string name = (f.getSymName() + "_train_step").str();
  auto module = f->getParentOfType<ModuleOp>();
  if (module && SymbolTable::lookupSymbolIn(module, name))
    return f.emitError("tq-differentiate: @") << name << " exists already";
  if (failed(buildEval(f, positions)))
    return failure();
  OpBuilder b(grad);
  b.setInsertionPointAfter(grad);
  auto step = cast<func::FuncOp>(b.clone(*grad));
  step.setSymName(name);
  Block &body = step.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  unsigned firstParam = body.getNumArguments() - numParams;
  unsigned numResults = ret.getNumOperands();
  Location loc = step.getLoc();
  unsigned perParam = optimizerStatePerParameter(options);
  SmallVector<Value> state;
  for (unsigned k = 0; k < perParam; ++k)
    for (unsigned i = 0; i < numParams; ++i)
      state.push_back(body.addArgument(body.getArgument(firstParam + i).getType(),
                                       loc));
  Value hyper = body.addArgument(
      RankedTensorType::get({2}, b.getF32Type()), loc);
  Value stepNumber = body.addArgument(
      RankedTensorType::get({1}, b.getI64Type()), loc);
  b.setInsertionPoint(ret);
  auto scalarAt = [&](int64_t i) -> Value {
    Value index = arith::ConstantIndexOp::create(b, loc, i);
    return tensor::ExtractOp::create(b, loc, hyper, ValueRange{index});
  };
  // hyper[0]: the learning rate (SGD) or lr / (1 - beta1^t) (Adam);
  // hyper[1]: sqrt(1 - beta2^t) (Adam).
  Value h0 = scalarAt(0), h1 = scalarAt(1);

  SmallVector<Value> newParams, newState(state.size());
  for (unsigned i = 0; i < numParams; ++i) {
    Value p = body.getArgument(firstParam + i);
    Value g = ret.getOperand(numResults - numParams + i);
    auto type = cast<RankedTensorType>(p.getType());
    auto el = cast<FloatType>(type.getElementType());
    const std::optional<std::string> &paramName = names[i];
    // Constants of the element type, rounded from double as PyTorch rounds
    // its Python-float hyperparameters.
    auto c = [&](OpBuilder &nb, Location l, double v) -> Value {
      return arith::ConstantOp::create(nb, l, el, nb.getFloatAttr(el, v));
    };
    auto toEl = [&](OpBuilder &nb, Location l, Value f32) -> Value {
      if (el.isF32())
        return f32;
      return el.getWidth() < 32 ? arith::TruncFOp::create(nb, l, el, f32).getResult()
                                : arith::ExtFOp::create(nb, l, el, f32).getResult();
    };
    auto quantizeRole = [&](Role role, Value v, unsigned index) -> FailureOr<Value> {
      MapEntry *entry = lookupRole(options, role, paramName);
      if (!entry)
        return v;
      return quantizeForRole(b, loc, v, *entry, *paramName, index,
                             step.getOperation(), options);
    };
    double wd = options.weightDecay;
    // Weight decay first, as torch.optim does: d = g + wd * p.
    Value d = g;
    if (wd != 0)
      d = elementwise(b, loc, type, {g, p}, [&](OpBuilder &nb, Location l,
                                                ValueRange a) -> Value {
        Value decay = arith::MulFOp::create(nb, l, a[1], c(nb, l, wd));
        return arith::AddFOp::create(nb, l, a[0], decay);
      });
    Value next;
    if (options.optimizer == Optimizer::SGD) {
      if (perParam == 1) {
        // buf = momentum * buf + d; the step follows buf.
        Value buf = elementwise(b, loc, type, {state[i], d},
                                [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
          Value kept =
              arith::MulFOp::create(nb, l, a[0], c(nb, l, options.momentum));
          return arith::AddFOp::create(nb, l, kept, a[1]);
        });
        FailureOr<Value> q = quantizeRole(Role::OptimizerState, buf, 0);
        if (failed(q))
          return failure();
        d = newState[i] = *q;
      }
      // p - lr * d.
      next = elementwise(b, loc, type, {p, d},
                         [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value scaled = arith::MulFOp::create(nb, l, toEl(nb, l, h0), a[1]);
        return arith::SubFOp::create(nb, l, a[0], scaled);
      });
    } else {
      // m = beta1 * m + (1 - beta1) * d; v = beta2 * v + (1 - beta2) * d * d.
      Value m = elementwise(b, loc, type, {state[i], d},
                            [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value kept = arith::MulFOp::create(nb, l, a[0], c(nb, l, options.beta1));
        Value added =
            arith::MulFOp::create(nb, l, a[1], c(nb, l, 1 - options.beta1));
        return arith::AddFOp::create(nb, l, kept, added);
      });
      Value v = elementwise(b, loc, type, {state[numParams + i], d},
                            [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value kept = arith::MulFOp::create(nb, l, a[0], c(nb, l, options.beta2));
        Value scaled =
            arith::MulFOp::create(nb, l, a[1], c(nb, l, 1 - options.beta2));
        Value gg = arith::MulFOp::create(nb, l, scaled, a[1]);
        return arith::AddFOp::create(nb, l, kept, gg);
      });
      FailureOr<Value> qm = quantizeRole(Role::OptimizerState, m, 0);
      if (failed(qm))
        return failure();
      FailureOr<Value> qv = quantizeRole(Role::OptimizerState, v, 1);
      if (failed(qv))
        return failure();
      newState[i] = *qm;
      newState[numParams + i] = *qv;
      // p - step_size * m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
      next = elementwise(b, loc, type, {p, *qm, *qv},
                         [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value root = math::SqrtOp::create(nb, l, a[2]);
        Value scaledRoot = arith::DivFOp::create(nb, l, root, toEl(nb, l, h1));
        Value denom =
            arith::AddFOp::create(nb, l, scaledRoot, c(nb, l, options.eps));
        Value ratio = arith::DivFOp::create(nb, l, a[1], denom);
        Value update = arith::MulFOp::create(nb, l, toEl(nb, l, h0), ratio);
        return arith::SubFOp::create(nb, l, a[0], update);
      });
    }
    // The updates role: w <- Q(w - lr * g).
    FailureOr<Value> q = quantizeRole(Role::Updates, next, 0);
    if (failed(q))
      return failure();
    newParams.push_back(*q);
  }
  SmallVector<Value> outs = {ret.getOperand(0)};
  outs.append(newParams);
  outs.append(newState);
  func::ReturnOp::create(b, ret.getLoc(), outs);
  ret.erase();
  step.setFunctionType(
      b.getFunctionType(body.getArgumentTypes(), ValueRange(outs).getTypes()));
  offsetStochasticByStep(step, stepNumber);
  return success();
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
  if (options.ste == STE::Clipped)
    grad.walk([&](tq::QuantizeOp q) {
      if (!q->hasAttr(kSTEAttr))
        q->setAttr(kSTEAttr, b.getStringAttr("clipped"));
    });

  Block &body = grad.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  b.setInsertionPoint(ret);
  unsigned numArgs = body.getNumArguments();
  // @f's own ops (the constants among them may become parameters).
  llvm::SmallPtrSet<Operation *, 32> forward;
  for (Operation &op : body.without_terminator())
    forward.insert(&op);
  Value lossValue;
  if (options.loss != Loss::None) {
    auto outType = cast<RankedTensorType>(ret.getOperand(0).getType());
    Type targetType;
    if (options.loss == Loss::SoftmaxCrossEntropy) {
      if (outType.getRank() != 2)
        return f.emitError("tq-differentiate: softmax-cross-entropy needs "
                           "logits of rank 2 ([batch, classes]), @")
               << f.getSymName() << " returns " << outType;
      targetType = RankedTensorType::get({outType.getDimSize(0)}, b.getI32Type());
    } else {
      targetType = outType; // mse
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
    // The gradients role: what flows back into a named op's results.
    if (isOpOfInterest(op))
      if (std::optional<std::string> opName = getOpName(op, options.nameAttr))
        if (MapEntry *entry = lookupRole(options, Role::Gradients, opName))
          for (auto [i, g] : llvm::enumerate(resultGrads)) {
            if (!g || !isFloatTensor(g.getType()))
              continue;
            FailureOr<Value> q = quantizeForRole(b, op->getLoc(), g, *entry,
                                                 *opName, i, op, options);
            if (failed(q)) {
              grad.erase();
              return failure();
            }
            g = *q;
          }
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
  llvm::StringSet<> allowed;
  std::optional<std::string> firstSkipped;
  for (const std::string &name : options.parameterNames)
    allowed.insert(name);
  if (options.constants)
    for (Operation *op : ops)
      if (auto c = dyn_cast<tosa::ConstOp>(op);
          c && forward.contains(op) && isFloatTensor(c.getType()) &&
          adjoint.lookup(c.getResult())) {
        if (!allowed.empty()) {
          std::optional<std::string> name = getOpName(c, options.nameAttr);
          if (!name || !allowed.contains(*name)) {
            if (!firstSkipped)
              firstSkipped = name ? *name : std::string("(unnamed)");
            continue;
          }
        }
        parameters.push_back(c);
      }
  if (options.optimizer != Optimizer::None && parameters.empty() &&
      firstSkipped) {
    grad.erase();
    return f.emitError("tq-differentiate: none of the float constants the "
                       "loss depends on is a parameter: they are not among "
                       "the names given (the first: '")
           << *firstSkipped
           << "'; an importer's constants computed from the initializers "
              "are not trained)";
  }
  // Their positions among the body's ops, to find them in @f (@f_eval).
  SmallVector<unsigned> parameterPositions;
  SmallVector<std::optional<std::string>> parameterNames;
  for (tosa::ConstOp c : parameters) {
    BlockArgument arg = body.addArgument(c.getType(), c.getLoc());
    Value g = adjoint.lookup(c.getResult());
    // The weight-gradients role, before the optimizer sees them.
    std::optional<std::string> paramName = getOpName(c, options.nameAttr);
    parameterNames.push_back(paramName);
    if (MapEntry *entry = lookupRole(options, Role::WeightGradients, paramName)) {
      b.setInsertionPoint(ret);
      FailureOr<Value> q =
          quantizeForRole(b, c.getLoc(), g, *entry, *paramName, 0, c, options);
      if (failed(q)) {
        grad.erase();
        return failure();
      }
      g = *q;
    }
    adjoint[arg] = g;
    c.getResult().replaceAllUsesWith(arg);
    unsigned position = 0;
    for (Operation &op : body) {
      if (&op == c.getOperation())
        break;
      ++position;
    }
    parameterPositions.push_back(position);
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
  if (options.optimizer != Optimizer::None &&
      failed(buildTrainStep(f, grad, parameterNames, parameterPositions,
                            options)))
    return failure();
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
    options.optimizer = optimizer;
    options.parameterNames.assign(parameters.begin(), parameters.end());
    options.momentum = momentum;
    options.weightDecay = weightDecay;
    options.beta1 = beta1;
    options.beta2 = beta2;
    options.eps = eps;
    options.ste = ste;
    options.nameAttr = nameAttr;
    options.seed = seed;
    QuantMaps maps;
    if (failed(readMaps(maps)))
      return signalPassFailure();
    if (!maps.empty())
      options.maps = &maps;
    options.match = match;
    if (failed(maps.compile(match)))
      return signalPassFailure();
    for (func::FuncOp f : chosen)
      if (failed(tq::differentiate(f, options)))
        return signalPassFailure();
    // Training-role entries that matched nothing.
    for (const auto &list : maps.entries)
      for (const MapEntry &entry : list)
        if (isTrainingRole(entry.role) && entry.matched == 0)
          emitWarning(entry.loc)
              << "map entry \"" << entry.key << "\": \"" << entry.text
              << "\" of the " << roleName(entry.role) << " map matched "
              << (entry.role == Role::Gradients ? "no op" : "no parameter")
              << ((entry.role == Role::Updates ||
                   entry.role == Role::OptimizerState) &&
                          options.optimizer == Optimizer::None
                      ? " (this role needs optimizer=sgd or adam)"
                      : "");
  }

  LogicalResult readMaps(QuantMaps &maps) {
    MLIRContext *ctx = &getContext();
    struct Inline {
      const std::string &text;
      Role role;
      const char *option;
    } inlines[] = {{gradients, Role::Gradients, "gradients"},
                   {weightGradients, Role::WeightGradients, "weight-gradients"},
                   {updates, Role::Updates, "updates"},
                   {optimizerState, Role::OptimizerState, "optimizer-state"}};
    for (const Inline &in : inlines)
      if (!in.text.empty() &&
          failed(readQuantMap(
              ctx, in.text,
              (Twine("<tq-differentiate ") + in.option + " option>").str(),
              in.role, maps)))
        return failure();
    if (mapFile.empty())
      return success();
    auto buffer = llvm::MemoryBuffer::getFile(mapFile, /*IsText=*/true);
    if (!buffer)
      return getOperation().emitError("tq-differentiate: cannot read map file '")
             << mapFile << "': " << buffer.getError().message();
    return readQuantMap(ctx, (*buffer)->getBuffer(), mapFile, std::nullopt,
                        maps);
  }
};
} // namespace
