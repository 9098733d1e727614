//===- TosaVJP.cpp - Vector-Jacobian products of TOSA ops ----------------===//
//
// One rule per op, as external models of tq::VJPOpInterface. Gradients are
// TOSA again. Elementwise rules sum a broadcast operand's gradient back to
// its shape (unbroadcast).
//
//===----------------------------------------------------------------------===//

#include "tq/Autodiff/Autodiff.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;

namespace {

RankedTensorType typeOf(Value v) { return cast<RankedTensorType>(v.getType()); }

/// A splat constant of `type` (a float type's `value`).
Value splat(OpBuilder &b, Location loc, RankedTensorType type, double value) {
  auto attr = DenseElementsAttr::get(
      type, FloatAttr::get(type.getElementType(), value));
  return tosa::ConstOp::create(b, loc, type, attr);
}
/// A size-1 constant of `like`'s rank and element type.
Value scalar(OpBuilder &b, Location loc, Value like, double value) {
  RankedTensorType t = typeOf(like);
  return splat(b, loc,
               RankedTensorType::get(SmallVector<int64_t>(t.getRank(), 1),
                                     t.getElementType()),
               value);
}
Value mul(OpBuilder &b, Location loc, Value x, Value y) {
  auto shiftType = RankedTensorType::get({1}, b.getI8Type());
  Value shift = tosa::ConstOp::create(
      b, loc, shiftType, DenseElementsAttr::get(shiftType, b.getI8IntegerAttr(0)));
  SmallVector<int64_t> shape;
  for (auto [a, c] : llvm::zip(typeOf(x).getShape(), typeOf(y).getShape()))
    shape.push_back(a == 1 ? c : a);
  return tosa::MulOp::create(
      b, loc, RankedTensorType::get(shape, typeOf(x).getElementType()), x, y,
      shift);
}
Value sub(OpBuilder &b, Location loc, Value x, Value y) {
  SmallVector<int64_t> shape;
  for (auto [a, c] : llvm::zip(typeOf(x).getShape(), typeOf(y).getShape()))
    shape.push_back(a == 1 ? c : a);
  return tosa::SubOp::create(
      b, loc, RankedTensorType::get(shape, typeOf(x).getElementType()), x, y);
}
bool isFloatTensor(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t && isa<FloatType>(t.getElementType());
}

/// Models for ops whose rule is a function of (op, the result's gradient)
/// giving every operand's gradient.
template <typename OpTy, typename Rule>
struct Model : tq::VJPOpInterface::ExternalModel<Model<OpTy, Rule>, OpTy> {
  LogicalResult buildVJP(Operation *op, OpBuilder &b, ValueRange resultGrads,
                         SmallVectorImpl<Value> &operandGrads) const {
    Value g = resultGrads.empty() ? Value() : resultGrads[0];
    SmallVector<Value> grads(op->getNumOperands());
    if (g && isFloatTensor(op->getResult(0)))
      Rule::apply(b, cast<OpTy>(op), g, grads);
    for (auto [i, operand] : llvm::enumerate(op->getOperands()))
      if (grads[i] && grads[i].getType() != operand.getType())
        grads[i] = tq::unbroadcast(b, op->getLoc(), grads[i], operand.getType());
    operandGrads.append(grads.begin(), grads.end());
    return success();
  }
};

// d(a + b) = (g, g); d(a - b) = (g, -g).
struct AddRule {
  static void apply(OpBuilder &, tosa::AddOp, Value g, SmallVectorImpl<Value> &d) {
    d[0] = g;
    d[1] = g;
  }
};
struct SubRule {
  static void apply(OpBuilder &b, tosa::SubOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    d[0] = g;
    d[1] = mul(b, op.getLoc(), g, scalar(b, op.getLoc(), g, -1.0));
  }
};
// d(a * b) = (g * b, g * a); the shift operand has none.
struct MulRule {
  static void apply(OpBuilder &b, tosa::MulOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    d[0] = mul(b, op.getLoc(), g, op.getInput2());
    d[1] = mul(b, op.getLoc(), g, op.getInput1());
  }
};
// d(-x) = -g.
struct NegateRule {
  static void apply(OpBuilder &b, tosa::NegateOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    d[0] = mul(b, op.getLoc(), g, scalar(b, op.getLoc(), g, -1.0));
  }
};
// d exp(x) = g * exp(x) (the op's own result).
struct ExpRule {
  static void apply(OpBuilder &b, tosa::ExpOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    d[0] = mul(b, op.getLoc(), g, op.getResult());
  }
};
// d log(x) = g / x.
struct LogRule {
  static void apply(OpBuilder &b, tosa::LogOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Value inv = tosa::ReciprocalOp::create(b, op.getLoc(), op.getInput1().getType(),
                                           op.getInput1());
    d[0] = mul(b, op.getLoc(), g, inv);
  }
};
// d (1/x) = -g * (1/x)^2.
struct ReciprocalRule {
  static void apply(OpBuilder &b, tosa::ReciprocalOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    Value y = op.getResult();
    Value y2 = mul(b, loc, y, y);
    d[0] = mul(b, loc, mul(b, loc, g, y2), scalar(b, loc, g, -1.0));
  }
};
// d tanh(x) = g * (1 - y^2).
struct TanhRule {
  static void apply(OpBuilder &b, tosa::TanhOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    Value y = op.getResult();
    d[0] = mul(b, loc, g, sub(b, loc, scalar(b, loc, y, 1.0), mul(b, loc, y, y)));
  }
};
// d sigmoid(x) = g * y * (1 - y).
struct SigmoidRule {
  static void apply(OpBuilder &b, tosa::SigmoidOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    Value y = op.getResult();
    d[0] = mul(b, loc, mul(b, loc, g, y), sub(b, loc, scalar(b, loc, y, 1.0), y));
  }
};
// d clamp(x, lo, hi) = g where lo <= x <= hi, else 0 (PyTorch's clamp; its
// relu takes 0 at x = 0, clamp's rule 1).
struct ClampRule {
  static void apply(OpBuilder &b, tosa::ClampOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    Value x = op.getInput();
    RankedTensorType t = typeOf(x);
    auto boolType = RankedTensorType::get(t.getShape(), b.getI1Type());
    auto bound = [&](Attribute a) {
      return splat(b, loc,
                   RankedTensorType::get(SmallVector<int64_t>(t.getRank(), 1),
                                         t.getElementType()),
                   cast<FloatAttr>(a).getValueAsDouble());
    };
    Value above = tosa::GreaterEqualOp::create(b, loc, boolType, x,
                                               bound(op.getMinValAttr()));
    Value below = tosa::GreaterEqualOp::create(b, loc, boolType,
                                               bound(op.getMaxValAttr()), x);
    Value inside = tosa::LogicalAndOp::create(b, loc, boolType, above, below);
    d[0] = tosa::SelectOp::create(b, loc, t, inside, g, splat(b, loc, t, 0.0));
  }
};
// d reduce_sum(x, axis) = g repeated along the axis.
struct ReduceSumRule {
  static void apply(OpBuilder &b, tosa::ReduceSumOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    RankedTensorType t = typeOf(op.getInput());
    SmallVector<int64_t> multiples(t.getRank(), 1);
    multiples[op.getAxis()] = t.getDimSize(op.getAxis());
    ImplicitLocOpBuilder ib(op.getLoc(), b);
    d[0] = tosa::TileOp::create(b, op.getLoc(), t, g,
                                tosa::getTosaConstShape(ib, multiples));
  }
};
// d reshape(x) = reshape(g) back.
struct ReshapeRule {
  static void apply(OpBuilder &b, tosa::ReshapeOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    RankedTensorType t = typeOf(op.getInput1());
    ImplicitLocOpBuilder ib(op.getLoc(), b);
    d[0] = tosa::ReshapeOp::create(b, op.getLoc(), t, g,
                                   tosa::getTosaConstShape(ib, t.getShape()));
  }
};
// d transpose(x, p) = transpose(g, p^-1).
struct TransposeRule {
  static void apply(OpBuilder &b, tosa::TransposeOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    ArrayRef<int32_t> perms = op.getPerms();
    SmallVector<int32_t> inverse(perms.size());
    for (auto [i, p] : llvm::enumerate(perms))
      inverse[p] = int32_t(i);
    d[0] = tosa::TransposeOp::create(b, op.getLoc(), op.getInput1().getType(),
                                     g, b.getDenseI32ArrayAttr(inverse));
  }
};
// C = A B (batched): dA = g B^T, dB = A^T g.
struct MatMulRule {
  static void apply(OpBuilder &b, tosa::MatMulOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    Value a = op.getA(), bm = op.getB();
    auto transposed = [&](Value v) {
      RankedTensorType t = typeOf(v);
      return tosa::TransposeOp::create(
          b, loc,
          RankedTensorType::get({t.getDimSize(0), t.getDimSize(2), t.getDimSize(1)},
                                t.getElementType()),
          v, b.getDenseI32ArrayAttr({0, 2, 1}));
    };
    Value zp = op.getAZp();
    d[0] = tosa::MatMulOp::create(b, loc, a.getType(), g, transposed(bm), zp, zp);
    d[1] = tosa::MatMulOp::create(b, loc, bm.getType(), transposed(a), g, zp, zp);
  }
};
// tq.quantize: the straight-through estimator, g unchanged.
struct QuantizeRule {
  static void apply(OpBuilder &, tq::QuantizeOp, Value g,
                    SmallVectorImpl<Value> &d) {
    d[0] = g;
  }
};

} // namespace

void tq::registerVJPModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, tosa::TosaDialect *) {
    tosa::AddOp::attachInterface<Model<tosa::AddOp, AddRule>>(*ctx);
    tosa::SubOp::attachInterface<Model<tosa::SubOp, SubRule>>(*ctx);
    tosa::MulOp::attachInterface<Model<tosa::MulOp, MulRule>>(*ctx);
    tosa::NegateOp::attachInterface<Model<tosa::NegateOp, NegateRule>>(*ctx);
    tosa::ExpOp::attachInterface<Model<tosa::ExpOp, ExpRule>>(*ctx);
    tosa::LogOp::attachInterface<Model<tosa::LogOp, LogRule>>(*ctx);
    tosa::ReciprocalOp::attachInterface<Model<tosa::ReciprocalOp, ReciprocalRule>>(*ctx);
    tosa::TanhOp::attachInterface<Model<tosa::TanhOp, TanhRule>>(*ctx);
    tosa::SigmoidOp::attachInterface<Model<tosa::SigmoidOp, SigmoidRule>>(*ctx);
    tosa::ClampOp::attachInterface<Model<tosa::ClampOp, ClampRule>>(*ctx);
    tosa::ReduceSumOp::attachInterface<Model<tosa::ReduceSumOp, ReduceSumRule>>(*ctx);
    tosa::ReshapeOp::attachInterface<Model<tosa::ReshapeOp, ReshapeRule>>(*ctx);
    tosa::TransposeOp::attachInterface<Model<tosa::TransposeOp, TransposeRule>>(*ctx);
    tosa::MatMulOp::attachInterface<Model<tosa::MatMulOp, MatMulRule>>(*ctx);
  });
  registry.addExtension(+[](MLIRContext *ctx, tq::TQDialect *) {
    tq::QuantizeOp::attachInterface<Model<tq::QuantizeOp, QuantizeRule>>(*ctx);
  });
}
