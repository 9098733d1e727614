//===- LinalgVJP.cpp - Vector-Jacobian products of linalg ops ------------===//
//
// One rule for every linalg.generic the ONNX importer emits (Div, Sqrt,
// Softmax's division, BatchNormalization's sqrt(var + eps) and division,
// Clip with run-time bounds, Pow with an integer exponent, ...): the scalar
// body is differentiated op by op, last to first, and each operand's
// gradient is a new linalg.generic over the same loops that recomputes what
// the derivative needs and sums over the loops the operand does not index
// (its broadcast dimensions, and the reductions of a sum). linalg.fill, the
// init of a reduction, passes none on.
//
//===----------------------------------------------------------------------===//

#include "tq/Autodiff/Autodiff.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;

namespace tq {
void registerLinalgVJPModels(DialectRegistry &registry);
} // namespace tq

namespace {

bool isFloatScalar(Value v) { return isa<FloatType>(v.getType()); }

/// Body ops with a scalar rule.
bool hasScalarRule(Operation *op) {
  return isa<arith::AddFOp, arith::SubFOp, arith::MulFOp, arith::DivFOp,
             arith::NegFOp, arith::MaximumFOp, arith::MinimumFOp,
             arith::MaxNumFOp, arith::MinNumFOp, arith::SelectOp, arith::ExtFOp,
             arith::TruncFOp, math::SqrtOp, math::RsqrtOp, math::ExpOp,
             math::LogOp, math::TanhOp, math::ErfOp, math::PowFOp,
             math::AbsFOp>(op);
}

/// Whether a gradient flows from a body op's result to its operand `i`
/// (float operands; a select's condition has none).
bool flowsTo(Operation *op, unsigned i) {
  if (isa<arith::SelectOp>(op) && i == 0)
    return false;
  return isFloatScalar(op->getOperand(i));
}

/// The scalar rule of body op `op`: the adjoints of the operands marked in
/// `want` from its result's adjoint `a`. `fwd` gives the value a forward
/// value of the body has in the new body (recomputed where needed).
SmallVector<Value> scalarVJP(OpBuilder &b, Operation *op, Value a,
                             function_ref<Value(Value)> fwd,
                             ArrayRef<bool> want) {
  Location loc = op->getLoc();
  Type t = a.getType();
  auto cst = [&](double v) -> Value {
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(t, v));
  };
  auto mul = [&](Value x, Value y) -> Value {
    return arith::MulFOp::create(b, loc, x, y);
  };
  auto div = [&](Value x, Value y) -> Value {
    return arith::DivFOp::create(b, loc, x, y);
  };
  auto neg = [&](Value x) -> Value { return arith::NegFOp::create(b, loc, x); };
  auto cmp = [&](arith::CmpFPredicate p, Value x, Value y) -> Value {
    return arith::CmpFOp::create(b, loc, p, x, y);
  };
  auto select = [&](Value c, Value x, Value y) -> Value {
    return arith::SelectOp::create(b, loc, c, x, y);
  };
  auto x = [&](unsigned i) { return fwd(op->getOperand(i)); };
  auto y = [&]() { return fwd(op->getResult(0)); };
  SmallVector<Value> d(op->getNumOperands());
  // maximum / minimum: a to the larger (smaller) operand, half to each on a
  // tie (as tosa.maximum's rule and PyTorch).
  auto extremum = [&](arith::CmpFPredicate wins) {
    Value first = cmp(wins, x(0), x(1));
    Value tie = cmp(arith::CmpFPredicate::OEQ, x(0), x(1));
    Value half = mul(a, cst(0.5)), zero = cst(0.0);
    d[0] = select(tie, half, select(first, a, zero));
    d[1] = select(tie, half, select(first, zero, a));
  };
  llvm::TypeSwitch<Operation *>(op)
      .Case<arith::AddFOp>([&](auto) { d[0] = d[1] = a; })
      .Case<arith::SubFOp>([&](auto) {
        d[0] = a;
        d[1] = neg(a);
      })
      .Case<arith::MulFOp>([&](auto) {
        if (want[0])
          d[0] = mul(a, x(1));
        if (want[1])
          d[1] = mul(a, x(0));
      })
      // y = u / v: (a / v, -a * y / v).
      .Case<arith::DivFOp>([&](auto) {
        if (want[0])
          d[0] = div(a, x(1));
        if (want[1])
          d[1] = neg(div(mul(a, y()), x(1)));
      })
      .Case<arith::NegFOp>([&](auto) { d[0] = neg(a); })
      .Case<arith::MaximumFOp, arith::MaxNumFOp>(
          [&](auto) { extremum(arith::CmpFPredicate::OGT); })
      .Case<arith::MinimumFOp, arith::MinNumFOp>(
          [&](auto) { extremum(arith::CmpFPredicate::OLT); })
      .Case<arith::SelectOp>([&](auto) {
        Value zero = cst(0.0);
        d[1] = select(x(0), a, zero);
        d[2] = select(x(0), zero, a);
      })
      .Case<arith::ExtFOp>([&](auto) {
        d[0] = arith::TruncFOp::create(b, loc, op->getOperand(0).getType(), a);
      })
      .Case<arith::TruncFOp>([&](auto) {
        d[0] = arith::ExtFOp::create(b, loc, op->getOperand(0).getType(), a);
      })
      // sqrt: a / (2 y); rsqrt: -a y^3 / 2.
      .Case<math::SqrtOp>([&](auto) { d[0] = div(a, mul(cst(2.0), y())); })
      .Case<math::RsqrtOp>(
          [&](auto) { d[0] = mul(mul(a, mul(mul(y(), y()), y())), cst(-0.5)); })
      .Case<math::ExpOp>([&](auto) { d[0] = mul(a, y()); })
      .Case<math::LogOp>([&](auto) { d[0] = div(a, x(0)); })
      .Case<math::TanhOp>([&](auto) {
        d[0] = mul(a, arith::SubFOp::create(b, loc, cst(1.0), mul(y(), y())));
      })
      // erf: a * 2/sqrt(pi) * exp(-x^2).
      .Case<math::ErfOp>([&](auto) {
        Value e = math::ExpOp::create(b, loc, neg(mul(x(0), x(0))));
        d[0] = mul(a, mul(e, cst(2.0 / std::sqrt(M_PI))));
      })
      // y = u^v: (a * v * u^(v-1), a * y * log(u)).
      .Case<math::PowFOp>([&](auto) {
        if (want[0]) {
          Value vm1 = arith::SubFOp::create(b, loc, x(1), cst(1.0));
          d[0] = mul(mul(a, x(1)), math::PowFOp::create(b, loc, x(0), vm1));
        }
        if (want[1])
          d[1] = mul(mul(a, y()), math::LogOp::create(b, loc, x(0)));
      })
      // |x|: a * sign(x), 0 at 0.
      .Case<math::AbsFOp>([&](auto) {
        Value zero = cst(0.0);
        d[0] = select(
            cmp(arith::CmpFPredicate::OGT, x(0), zero), a,
            select(cmp(arith::CmpFPredicate::OLT, x(0), zero), neg(a), zero));
      });
  for (auto [i, w] : llvm::enumerate(want))
    if (!w)
      d[i] = Value();
  return d;
}

/// linalg.generic on tensors of static shape whose indexing maps index each
/// dimension by a loop (distinct loops) or, in an input's dimension of size
/// 1, by the constant 0 (numpy broadcasting, as the importer writes it);
/// loops parallel, or reductions of a sum (`out + ...`).
struct GenericModel
    : tq::VJPOpInterface::ExternalModel<GenericModel, linalg::GenericOp> {
  LogicalResult buildVJP(Operation *o, OpBuilder &b, ValueRange resultGrads,
                         SmallVectorImpl<Value> &d) const {
    auto op = cast<linalg::GenericOp>(o);
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    d.assign(op->getNumOperands(), Value());
    if (!op.hasPureTensorSemantics())
      return op.emitError("tq-differentiate: linalg.generic gradients need "
                          "tensors");
    for (OpOperand &operand : op->getOpOperands()) {
      auto t = dyn_cast<RankedTensorType>(operand.get().getType());
      if (!t || !t.hasStaticShape())
        return op.emitError("tq-differentiate: linalg.generic gradients need "
                            "tensors of static shape");
      AffineMap map = op.getMatchingIndexingMap(&operand);
      llvm::SmallBitVector seen(map.getNumDims());
      for (auto [i, e] : llvm::enumerate(map.getResults())) {
        auto dim = dyn_cast<AffineDimExpr>(e);
        auto c = dyn_cast<AffineConstantExpr>(e);
        bool isInit = op.isDpsInit(&operand);
        if (dim && !seen.test(dim.getPosition())) {
          seen.set(dim.getPosition());
          continue;
        }
        if (c && c.getValue() == 0 && t.getDimSize(i) == 1 && !isInit)
          continue;
        return op.emitError("tq-differentiate: linalg.generic gradients need "
                            "indexing maps of distinct loops (inputs may "
                            "broadcast with a constant 0), not ")
               << AffineMapAttr::get(map);
      }
    }
    Block &body = *op.getBody();
    unsigned numIn = op.getNumDpsInputs(), numOut = op.getNumDpsInits();
    bool reduces = op.getNumReductionLoops() > 0;
    auto yield = cast<linalg::YieldOp>(body.getTerminator());
    // The value of the body that receives each result's gradient: the
    // yielded value, or the summand of a sum reduction (out = init + sum,
    // so the init's gradient is the result's).
    SmallVector<Value> seeds(numOut);
    for (unsigned j = 0; j < numOut; ++j) {
      Value v = yield.getOperand(j);
      if (reduces) {
        BlockArgument acc = op.getRegionOutputArgs()[j];
        auto add = v.getDefiningOp<arith::AddFOp>();
        if (!add || !acc.hasOneUse() || !add->hasOneUse() ||
            (add.getLhs() != acc && add.getRhs() != acc))
          return op.emitError("tq-differentiate: a linalg.generic reduction "
                              "other than a sum (out + ...) has no "
                              "vector-Jacobian rule");
        v = add.getLhs() == acc ? add.getRhs() : add.getLhs();
      }
      if (!resultGrads[j])
        continue;
      if (reduces)
        d[numIn + j] = resultGrads[j];
      if (isFloatScalar(v))
        seeds[j] = v;
    }

    // Active values: those that depend on a float block argument (the
    // inputs' elements; without reductions also the inits' the body reads).
    SmallVector<BlockArgument> args;
    for (BlockArgument arg : op.getRegionInputArgs())
      args.push_back(arg);
    if (!reduces)
      for (BlockArgument arg : op.getRegionOutputArgs())
        if (!arg.use_empty())
          args.push_back(arg);
    DenseSet<Value> active;
    for (BlockArgument arg : args)
      if (isFloatScalar(arg))
        active.insert(arg);
    for (Operation &bop : body.without_terminator())
      if (llvm::any_of(bop.getOperands(),
                       [&](Value v) { return active.contains(v); }))
        active.insert(bop.getResults().begin(), bop.getResults().end());
    // Values a gradient reaches, last op first: each active op on the way
    // needs a rule.
    DenseSet<Value> reached;
    for (Value s : seeds)
      if (s)
        reached.insert(s);
    for (Operation &bop : llvm::reverse(body.without_terminator())) {
      if (llvm::none_of(bop.getResults(),
                        [&](Value v) { return reached.contains(v); }))
        continue;
      if (llvm::none_of(bop.getOperands(),
                        [&](Value v) { return active.contains(v); }))
        continue;
      if (!hasScalarRule(&bop)) {
        bop.emitError("tq-differentiate: no vector-Jacobian rule for '")
            << bop.getName() << "' in the body of 'linalg.generic'";
        return failure();
      }
      for (auto [i, v] : llvm::enumerate(bop.getOperands()))
        if (flowsTo(&bop, i) && active.contains(v))
          reached.insert(v);
    }

    if (llvm::none_of(args, [&](Value a) { return reached.contains(a); }))
      return success();

    // The inputs of each gradient's generic: the results' gradients (at the
    // results' maps), then the op's inputs, then the inits the body reads.
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    SmallVector<unsigned> seedArg(numOut, ~0u);
    for (unsigned j = 0; j < numOut; ++j)
      if (seeds[j]) {
        seedArg[j] = inputs.size();
        inputs.push_back(resultGrads[j]);
        maps.push_back(op.getIndexingMapsArray()[numIn + j]);
      }
    unsigned firstIn = inputs.size();
    for (OpOperand *in : op.getDpsInputOperands()) {
      inputs.push_back(in->get());
      maps.push_back(op.getMatchingIndexingMap(in));
    }
    DenseMap<Value, unsigned> argIndex;
    for (auto [i, arg] : llvm::enumerate(op.getRegionInputArgs()))
      argIndex[arg] = firstIn + i;
    if (!reduces)
      for (auto [j, arg] : llvm::enumerate(op.getRegionOutputArgs()))
        if (!arg.use_empty()) {
          argIndex[arg] = inputs.size();
          inputs.push_back(op.getDpsInits()[j]);
          maps.push_back(op.getIndexingMapsArray()[numIn + j]);
        }
    unsigned numLoops = op.getNumLoops();
    llvm::SmallBitVector indexed(numLoops);
    for (AffineMap m : maps)
      for (AffineExpr e : m.getResults())
        if (auto dim = dyn_cast<AffineDimExpr>(e))
          indexed.set(dim.getPosition());
    if (!indexed.all())
      return op.emitError("tq-differentiate: a loop of this linalg.generic "
                          "is indexed only by a result without gradient");

    for (auto [k, operand] : llvm::enumerate(op->getOpOperands())) {
      BlockArgument arg = op.getMatchingBlockArgument(&operand);
      if (!reached.contains(arg) || !argIndex.count(arg))
        continue;
      auto t = cast<RankedTensorType>(operand.get().getType());
      // The gradient indexed by the operand's loops; summed over the others.
      AffineMap map = op.getMatchingIndexingMap(&operand);
      SmallVector<AffineExpr> kept;
      SmallVector<int64_t> keptShape;
      SmallVector<utils::IteratorType> iterators(
          numLoops, utils::IteratorType::reduction);
      for (auto [i, e] : llvm::enumerate(map.getResults()))
        if (auto dim = dyn_cast<AffineDimExpr>(e)) {
          kept.push_back(e);
          keptShape.push_back(t.getDimSize(i));
          iterators[dim.getPosition()] = utils::IteratorType::parallel;
        }
      bool sums = kept.size() < numLoops;
      Type el = t.getElementType();
      Value init = tensor::EmptyOp::create(b, loc, keptShape, el);
      if (sums)
        init = linalg::FillOp::create(b, loc,
                                      ValueRange{arith::ConstantOp::create(
                                          b, loc, b.getFloatAttr(el, 0.0))},
                                      ValueRange{init})
                   .getResult(0);
      SmallVector<AffineMap> gradMaps(maps);
      gradMaps.push_back(AffineMap::get(numLoops, 0, kept, ctx));
      auto grad = linalg::GenericOp::create(
          b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, gradMaps,
          iterators, [&](OpBuilder &nb, Location nl, ValueRange newArgs) {
            IRMapping map;
            for (auto [orig, i] : argIndex)
              map.map(orig, newArgs[i]);
            // Forward values, cloned into the new body when first needed.
            std::function<Value(Value)> fwd = [&](Value v) -> Value {
              if (Value m = map.lookupOrNull(v))
                return m;
              Operation *def = v.getDefiningOp();
              if (!def || def->getBlock() != &body)
                return v; // defined above the generic
              for (Value operand : def->getOperands())
                fwd(operand);
              nb.clone(*def, map);
              return map.lookup(v);
            };
            DenseMap<Value, Value> adjoint;
            auto accumulate = [&](Value v, Value g) {
              auto [it, inserted] = adjoint.try_emplace(v, g);
              if (!inserted)
                it->second = arith::AddFOp::create(nb, nl, it->second, g);
            };
            for (unsigned j = 0; j < numOut; ++j)
              if (seeds[j])
                accumulate(seeds[j], newArgs[seedArg[j]]);
            for (Operation &bop : llvm::reverse(body.without_terminator())) {
              if (bop.getNumResults() != 1)
                continue;
              Value a = adjoint.lookup(bop.getResult(0));
              if (!a)
                continue;
              SmallVector<bool> want;
              for (auto [i, v] : llvm::enumerate(bop.getOperands()))
                want.push_back(flowsTo(&bop, i) && active.contains(v));
              if (llvm::none_of(want, [](bool w) { return w; }))
                continue;
              SmallVector<Value> grads = scalarVJP(nb, &bop, a, fwd, want);
              for (auto [v, g] : llvm::zip(bop.getOperands(), grads))
                if (g)
                  accumulate(v, g);
            }
            Value g = adjoint.lookup(arg);
            if (sums)
              g = arith::AddFOp::create(nb, nl, newArgs.back(), g);
            linalg::YieldOp::create(nb, nl, g);
          });
      // Recomputed values the derivative did not use.
      SmallVector<Operation *> cloned;
      for (Operation &c : grad.getRegion().front().without_terminator())
        cloned.push_back(&c);
      for (Operation *c : llvm::reverse(cloned))
        if (isOpTriviallyDead(c))
          c->erase();
      Value g = grad.getResult(0);
      if (keptShape.size() != size_t(t.getRank())) {
        // The broadcast dimensions back, with size 1.
        ImplicitLocOpBuilder ib(loc, b);
        g = tosa::ReshapeOp::create(b, loc, t, g,
                                    tosa::getTosaConstShape(ib, t.getShape()));
      }
      d[k] = g;
    }
    return success();
  }
};

/// linalg.fill (a reduction's init, a constant): no gradient to the scalar
/// value (not a tensor) or to the tensor it overwrites.
struct FillModel
    : tq::VJPOpInterface::ExternalModel<FillModel, linalg::FillOp> {
  LogicalResult buildVJP(Operation *op, OpBuilder &, ValueRange,
                         SmallVectorImpl<Value> &d) const {
    d.append(op->getNumOperands(), Value());
    return success();
  }
};

} // namespace

void tq::registerLinalgVJPModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, linalg::LinalgDialect *) {
    linalg::GenericOp::attachInterface<GenericModel>(*ctx);
    linalg::FillOp::attachInterface<FillModel>(*ctx);
  });
}
