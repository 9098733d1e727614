//===- TosaVJP.cpp - Vector-Jacobian products of TOSA ops ----------------===//
//
// One rule per op, as external models of tq::VJPOpInterface. Gradients are
// TOSA again. Elementwise rules sum a broadcast operand's gradient back to
// its shape (unbroadcast).
//
//===----------------------------------------------------------------------===//

#include "tq/Autodiff/Autodiff.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Reference/Reference.h"

#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"

#include <algorithm>
#include <limits>
#include <tuple>

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
/// `v` summed over `axes` (kept with size 1).
Value sumOver(OpBuilder &b, Location loc, Value v, ArrayRef<int32_t> axes) {
  for (int32_t axis : axes) {
    SmallVector<int64_t> shape(typeOf(v).getShape());
    shape[axis] = 1;
    v = tosa::ReduceSumOp::create(
        b, loc, RankedTensorType::get(shape, typeOf(v).getElementType()), v,
        b.getI32IntegerAttr(axis));
  }
  return v;
}
/// A convolution's bias gradient: `g` (NHWC) summed over N, H, W, in the
/// bias's shape.
Value biasGradient(OpBuilder &b, Location loc, Value g, Type biasType) {
  ImplicitLocOpBuilder ib(loc, b);
  return tosa::ReshapeOp::create(
      b, loc, biasType, sumOver(b, loc, g, {0, 1, 2}),
      tosa::getTosaConstShape(ib, cast<RankedTensorType>(biasType).getShape()));
}
/// `v` (NHWC) re-framed in H and W: result[n, i, j, c] = v[n, start[0] + i,
/// start[1] + j, c] where that is inside `v`, `fill` elsewhere, of size
/// `size` (a slice of the overlap, then a pad).
Value reframe(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> start,
              ArrayRef<int64_t> size, double fill) {
  ImplicitLocOpBuilder ib(loc, b);
  RankedTensorType t = typeOf(v);
  Type el = t.getElementType();
  int64_t N = t.getDimSize(0), C = t.getDimSize(3);
  SmallVector<int64_t> lo(2), hi(2);
  for (int i = 0; i < 2; ++i) {
    lo[i] = std::clamp<int64_t>(start[i], 0, t.getDimSize(1 + i));
    hi[i] = std::clamp<int64_t>(start[i] + size[i], 0, t.getDimSize(1 + i));
  }
  auto resultType = RankedTensorType::get({N, size[0], size[1], C}, el);
  if (hi[0] <= lo[0] || hi[1] <= lo[1])
    return splat(b, loc, resultType, fill);
  if (lo[0] > 0 || lo[1] > 0 || hi[0] < t.getDimSize(1) ||
      hi[1] < t.getDimSize(2))
    v = tosa::SliceOp::create(
        b, loc, RankedTensorType::get({N, hi[0] - lo[0], hi[1] - lo[1], C}, el),
        v, tosa::getTosaConstShape(ib, {0, lo[0], lo[1], 0}),
        tosa::getTosaConstShape(ib, {N, hi[0] - lo[0], hi[1] - lo[1], C}));
  SmallVector<int64_t> padding = {0, 0, lo[0] - start[0], start[0] + size[0] - hi[0],
                                  lo[1] - start[1], start[1] + size[1] - hi[1], 0, 0};
  if (llvm::any_of(padding, [](int64_t p) { return p != 0; })) {
    auto oneType = RankedTensorType::get({1}, el);
    auto ft = cast<FloatType>(el);
    APFloat value(fill);
    bool lost;
    value.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    Value padValue = tosa::ConstOp::create(
        b, loc, oneType, DenseElementsAttr::get(oneType, FloatAttr::get(ft, value)));
    v = tosa::PadOp::create(b, loc, resultType, v,
                            tosa::getTosaConstShape(ib, padding), padValue);
  }
  return v;
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
// d clamp(x, lo, hi) = g where lo < x < hi, else 0: PyTorch's rule for
// ReLU and ReLU6/hardtanh, which is what tosa.clamp mostly is (its
// torch.clamp alone passes g at the bounds too). Matters after ReLU: a
// max-pool window of zeros sends its gradient to an x = 0.
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
    Value above = tosa::GreaterOp::create(b, loc, boolType, x,
                                          bound(op.getMinValAttr()));
    Value below = tosa::GreaterOp::create(b, loc, boolType,
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
/// Phases [N, A, 1, B, 1, K] (row-major over an SH x SW grid; null: zeros,
/// at least one not)
/// interleaved to [N, A, SH, B, SW, K]: element [n, a, py, b, px, k] is
/// phase (py, px)'s [n, a, 0, b, 0, k]. Selects on constant masks that
/// broadcast the phases, which the CPU pipeline fuses into one loop nest
/// writing the result once (a concat or pad would copy through memrefCopy).
Value interleave(OpBuilder &b, Location loc, ArrayRef<Value> phases, int64_t SH,
                 int64_t SW) {
  Value any = *llvm::find_if(phases, [](Value v) { return bool(v); });
  RankedTensorType pt = typeOf(any);
  Type el = pt.getElementType();
  SmallVector<int64_t> shape(pt.getShape());
  shape[2] = SH;
  shape[4] = SW;
  auto type = RankedTensorType::get(shape, el);
  if (SH * SW == 1)
    return any;
  auto maskType = RankedTensorType::get({1, 1, SH, 1, SW, 1}, b.getI1Type());
  Value out = splat(b, loc, RankedTensorType::get({1, 1, 1, 1, 1, 1}, el), 0.0);
  for (auto [p, phase] : llvm::enumerate(phases)) {
    if (!phase)
      continue;
    SmallVector<bool> mask(SH * SW, false);
    mask[p] = true;
    Value m = tosa::ConstOp::create(b, loc, maskType,
                                    DenseElementsAttr::get(maskType, ArrayRef<bool>(mask)));
    out = tosa::SelectOp::create(b, loc, type, m, phase, out);
  }
  return out;
}

/// g [N, OH, OW, K] zero-stuffed by the stride: g[n, i, j] at row i * SH,
/// column j * SW of [N, (OH - 1) * SH + 1, (OW - 1) * SW + 1, K].
Value zeroStuff(OpBuilder &b, Location loc, Value g, ArrayRef<int64_t> stride) {
  if (stride[0] == 1 && stride[1] == 1)
    return g;
  ImplicitLocOpBuilder ib(loc, b);
  RankedTensorType gt = typeOf(g);
  Type el = gt.getElementType();
  int64_t N = gt.getDimSize(0), OH = gt.getDimSize(1), OW = gt.getDimSize(2),
          K = gt.getDimSize(3);
  int64_t zh = (OH - 1) * stride[0] + 1, zw = (OW - 1) * stride[1] + 1;
  SmallVector<int64_t> split = {N, OH, 1, OW, 1, K};
  SmallVector<Value> phases(stride[0] * stride[1]);
  phases[0] = tosa::ReshapeOp::create(b, loc, RankedTensorType::get(split, el), g,
                                      tosa::getTosaConstShape(ib, split));
  Value z = interleave(b, loc, phases, stride[0], stride[1]);
  SmallVector<int64_t> flat = {N, OH * stride[0], OW * stride[1], K};
  z = tosa::ReshapeOp::create(b, loc, RankedTensorType::get(flat, el), z,
                              tosa::getTosaConstShape(ib, flat));
  return tosa::SliceOp::create(b, loc, RankedTensorType::get({N, zh, zw, K}, el),
                               z, tosa::getTosaConstShape(ib, {0, 0, 0, 0}),
                               tosa::getTosaConstShape(ib, {N, zh, zw, K}));
}

/// A convolution's input gradient as a stride-1 correlation: g zero-stuffed
/// by the stride (zeroStuff), correlated at the forward dilation with the
/// spatially flipped kernel. With pads of (K - 1) * dilation on both sides
/// the correlation's row t is the padded input's row t (`usedH` rows, those
/// some window reaches), x's row t - pad[0]; the rows before and after x
/// are left out of the pads (`pads`), the result starts at x's row
/// `start[0]` (column `start[1]`) and is `size` large (reframe it to x: the
/// forward's pads cropped, rows no window reached zero). `size` has a zero
/// when no window reaches x.
struct InputCorrelation {
  SmallVector<int64_t> pads, start, size;
  InputCorrelation(ArrayRef<int64_t> kernel, ArrayRef<int64_t> dilation,
                   ArrayRef<int64_t> pad, int64_t usedH, int64_t usedW,
                   int64_t H, int64_t W) {
    int64_t eh = (kernel[0] - 1) * dilation[0], ew = (kernel[1] - 1) * dilation[1];
    int64_t top = std::clamp<int64_t>(pad[0], 0, eh),
            bottom = std::clamp<int64_t>(usedH - pad[0] - H, 0, eh),
            left = std::clamp<int64_t>(pad[2], 0, ew),
            right = std::clamp<int64_t>(usedW - pad[2] - W, 0, ew);
    pads = {eh - top, eh - bottom, ew - left, ew - right};
    start = {pad[0] - top, pad[2] - left};
    size = {std::max<int64_t>(usedH - top - bottom, 0),
            std::max<int64_t>(usedW - left - right, 0)};
  }
  bool empty() const { return size[0] < 1 || size[1] < 1; }
};

/// conv2d's input gradient where transpose_conv2d cannot give it (a
/// dilation, which it lacks, or pads of a kernel or more): the
/// InputCorrelation of g with `wT` ([C, KH, KW, O]) flipped, one conv2d.
Value dilatedInputGradient(OpBuilder &b, Location loc, Value g, Value wT,
                           RankedTensorType xt, ArrayRef<int64_t> pad,
                           ArrayRef<int64_t> stride, ArrayRef<int64_t> dilation,
                           int64_t usedH, int64_t usedW, Value zp, Type acc) {
  RankedTensorType wt = typeOf(wT);
  Type el = wt.getElementType();
  int64_t N = xt.getDimSize(0), C = wt.getDimSize(0);
  InputCorrelation corr({wt.getDimSize(1), wt.getDimSize(2)}, dilation, pad,
                        usedH, usedW, xt.getDimSize(1), xt.getDimSize(2));
  if (corr.empty())
    return splat(b, loc, xt, 0.0);
  Value flipped = tosa::ReverseOp::create(b, loc, wt, wT, b.getI32IntegerAttr(1));
  flipped = tosa::ReverseOp::create(b, loc, wt, flipped, b.getI32IntegerAttr(2));
  Value dx = tosa::Conv2DOp::create(
      b, loc, RankedTensorType::get({N, corr.size[0], corr.size[1], C}, el),
      zeroStuff(b, loc, g, stride), flipped,
      splat(b, loc, RankedTensorType::get({C}, el), 0.0), zp, zp, corr.pads,
      SmallVector<int64_t>{1, 1}, SmallVector<int64_t>(dilation), acc);
  return reframe(b, loc, dx, corr.start, {xt.getDimSize(1), xt.getDimSize(2)},
                 0.0);
}

/// conv2d (NHWC input, OHWI weight):
///   dX = transpose_conv2d(g, W as [C, KH, KW, O]) with out_pad = -pads
///        (dilation 1, pads under a kernel; else dilatedInputGradient),
///   dW = conv2d(X as [C, H, W, N], g as [O, OH, OW, N]) with the forward
///        stride as dilation and the forward dilation as stride, then
///        [C, KH, KW, O] -> [O, KH, KW, C],
///   dB = g summed over N, OH, OW.
struct Conv2DModel : tq::VJPOpInterface::ExternalModel<Conv2DModel, tosa::Conv2DOp> {
  LogicalResult buildVJP(Operation *o, OpBuilder &b, ValueRange resultGrads,
                         SmallVectorImpl<Value> &d) const {
    auto op = cast<tosa::Conv2DOp>(o);
    Location loc = op.getLoc();
    d.assign(op->getNumOperands(), Value());
    Value g = resultGrads[0];
    if (!g)
      return success();
    Value x = op.getInput(), w = op.getWeight();
    RankedTensorType xt = typeOf(x), wt = typeOf(w), gt = typeOf(g);
    Type el = xt.getElementType();
    if (!isa<FloatType>(el) || !xt.hasStaticShape())
      return op.emitError("tq-differentiate: conv2d gradients need static "
                          "float tensors");
    ArrayRef<int64_t> pad = op.getPad(), stride = op.getStride(),
                      dilation = op.getDilation();
    int64_t N = xt.getDimSize(0), H = xt.getDimSize(1), W = xt.getDimSize(2),
            C = xt.getDimSize(3), O = wt.getDimSize(0), KH = wt.getDimSize(1),
            KW = wt.getDimSize(2), OH = gt.getDimSize(1), OW = gt.getDimSize(2);
    Value zp = op.getInputZp();
    Type acc = op.getAccType();
    auto zeros = [&](int64_t n) {
      return splat(b, loc, RankedTensorType::get({n}, el), 0.0);
    };
    auto transposed = [&](Value v, ArrayRef<int32_t> perms) {
      RankedTensorType t = typeOf(v);
      SmallVector<int64_t> shape;
      for (int32_t p : perms)
        shape.push_back(t.getDimSize(p));
      return tosa::TransposeOp::create(b, loc, RankedTensorType::get(shape, el), v,
                                       b.getDenseI32ArrayAttr(perms));
    };
    // Rows (columns) of the padded input that some window reaches.
    int64_t usedH = (OH - 1) * stride[0] + (KH - 1) * dilation[0] + 1;
    int64_t usedW = (OW - 1) * stride[1] + (KW - 1) * dilation[1] + 1;
    // dX.
    Value wT = transposed(w, {3, 1, 2, 0});
    SmallVector<int64_t> outPad = {-pad[0], H - usedH + pad[0], -pad[2],
                                   W - usedW + pad[2]};
    if (dilation[0] == 1 && dilation[1] == 1 && outPad[0] > -KH &&
        outPad[1] > -KH && outPad[2] > -KW && outPad[3] > -KW) {
      d[0] = tosa::TransposeConv2DOp::create(b, loc, xt, g, wT, zeros(C), zp,
                                             zp, outPad, stride, acc);
    } else {
      d[0] = dilatedInputGradient(b, loc, g, wT, xt, pad, stride, dilation,
                                  usedH, usedW, zp, acc);
    }
    // dW: rows of the padded input that no window reaches are cropped
    // (none of x left: no gradient reaches the weights).
    Value xs = x;
    int64_t keepH = std::min(H, usedH - pad[0]), keepW = std::min(W, usedW - pad[2]);
    if (keepH < 1 || keepW < 1) {
      d[1] = splat(b, loc, wt, 0.0);
      d[2] = biasGradient(b, loc, g, op.getBias().getType());
      return success();
    }
    if (keepH < H || keepW < W) {
      ImplicitLocOpBuilder ib(loc, b);
      xs = tosa::SliceOp::create(
          b, loc, RankedTensorType::get({N, keepH, keepW, C}, el), x,
          tosa::getTosaConstShape(ib, {0, 0, 0, 0}),
          tosa::getTosaConstShape(ib, {N, keepH, keepW, C}));
    }
    SmallVector<int64_t> wPad = {pad[0], usedH - pad[0] - keepH, pad[2],
                                 usedW - pad[2] - keepW};
    Value dw = tosa::Conv2DOp::create(
        b, loc, RankedTensorType::get({C, KH, KW, O}, el),
        transposed(xs, {3, 1, 2, 0}), transposed(g, {3, 1, 2, 0}), zeros(O), zp,
        zp, wPad, SmallVector<int64_t>(dilation), SmallVector<int64_t>(stride),
        acc);
    d[1] = transposed(dw, {3, 1, 2, 0});
    d[2] = biasGradient(b, loc, g, op.getBias().getType());
    return success();
  }
};

/// The taps of a pooling or convolution window over an NHWC input x
/// [N, H, W, C] with output [N, OH, OW, C'], strides (SH, SW) and pads
/// [top, bottom, left, right]. A tap at offset (oy, ox) in the padded input
/// (ky * dilation, kx * dilation) reads, for output position (i, j), padded
/// row i * SH + oy = (i + oy / SH) * SH + oy % SH. So the padded input,
/// framed to (OH + QH) * SH rows (QH the largest offset's oy / SH) and
/// reshaped to [N, OH + QH, SH, OW + QW, SW, C], gives every tap as a slice
/// of the output's size (`gather`), and the taps' gradients, summed per
/// phase (oy % SH, ox % SW) with shifts by oy / SH, interleave back into
/// it (`scatter`): no full-size tensor per tap.
struct TapGrid {
  int64_t N, H, W, C, OH, OW, SH, SW, QH, QW, padTop, padLeft;
  TapGrid(RankedTensorType xt, int64_t OH, int64_t OW, ArrayRef<int64_t> stride,
          ArrayRef<int64_t> pad, int64_t maxOffsetH, int64_t maxOffsetW)
      : N(xt.getDimSize(0)), H(xt.getDimSize(1)), W(xt.getDimSize(2)),
        C(xt.getDimSize(3)), OH(OH), OW(OW), SH(stride[0]), SW(stride[1]),
        QH(maxOffsetH / stride[0]), QW(maxOffsetW / stride[1]), padTop(pad[0]),
        padLeft(pad[2]) {}
  int64_t rows() const { return (OH + QH) * SH; }
  int64_t cols() const { return (OW + QW) * SW; }

  /// x framed and reshaped to [N, OH + QH, SH, OW + QW, SW, C], `fill`
  /// where the frame is outside x (the forward's pads, and rows no tap
  /// reads).
  Value frame(OpBuilder &b, Location loc, Value x, double fill) const {
    ImplicitLocOpBuilder ib(loc, b);
    Value v = reframe(b, loc, x, {-padTop, -padLeft}, {rows(), cols()}, fill);
    SmallVector<int64_t> shape = {N, OH + QH, SH, OW + QW, SW, C};
    return tosa::ReshapeOp::create(
        b, loc, RankedTensorType::get(shape, typeOf(x).getElementType()), v,
        tosa::getTosaConstShape(ib, shape));
  }
  /// The tap at offset (oy, ox) of a framed input, [N, OH, OW, C].
  Value tap(OpBuilder &b, Location loc, Value framed, int64_t oy,
            int64_t ox) const {
    ImplicitLocOpBuilder ib(loc, b);
    Type el = typeOf(framed).getElementType();
    SmallVector<int64_t> size = {N, OH, 1, OW, 1, C};
    Value v = tosa::SliceOp::create(
        b, loc, RankedTensorType::get(size, el), framed,
        tosa::getTosaConstShape(ib, {0, oy / SH, oy % SH, ox / SW, ox % SW, 0}),
        tosa::getTosaConstShape(ib, size));
    return tosa::ReshapeOp::create(b, loc, RankedTensorType::get({N, OH, OW, C}, el),
                                   v, tosa::getTosaConstShape(ib, {N, OH, OW, C}));
  }
  /// The gradient of x from each tap's gradient ((oy, ox, [N, OH, OW, C])):
  /// every tap's values added at the input positions it read, the pads
  /// cropped.
  Value scatter(OpBuilder &b, Location loc,
                ArrayRef<std::tuple<int64_t, int64_t, Value>> taps) const {
    ImplicitLocOpBuilder ib(loc, b);
    Type el = typeOf(std::get<2>(taps.front())).getElementType();
    auto phaseType = RankedTensorType::get({N, OH + QH, OW + QW, C}, el);
    SmallVector<Value> phases(SH * SW);
    for (auto [oy, ox, tapGrad] : taps) {
      Value v = tapGrad;
      int64_t qy = oy / SH, qx = ox / SW;
      if (QH || QW)
        v = tosa::PadOp::create(
            b, loc, phaseType, v,
            tosa::getTosaConstShape(ib, {0, 0, qy, QH - qy, qx, QW - qx, 0, 0}),
            splat(b, loc, RankedTensorType::get({1}, el), 0.0));
      Value &phase = phases[(oy % SH) * SW + ox % SW];
      phase = phase ? tosa::AddOp::create(b, loc, phaseType, phase, v).getResult()
                    : v;
    }
    SmallVector<int64_t> one = {N, OH + QH, 1, OW + QW, 1, C};
    for (Value &phase : phases)
      if (phase)
        phase = tosa::ReshapeOp::create(b, loc, RankedTensorType::get(one, el),
                                        phase, tosa::getTosaConstShape(ib, one));
    Value all = interleave(b, loc, phases, SH, SW);
    SmallVector<int64_t> flat = {N, rows(), cols(), C};
    all = tosa::ReshapeOp::create(b, loc, RankedTensorType::get(flat, el), all,
                                  tosa::getTosaConstShape(ib, flat));
    return reframe(b, loc, all, {padTop, padLeft}, {H, W}, 0.0);
  }
};

/// max_pool2d: each window's gradient goes to its first maximum in row-major
/// order (PyTorch's choice; the forward's pads count as -inf): for each
/// kernel offset, the window elements at that offset (a TapGrid slice of
/// the output's size) that equal the maximum and were not matched at an
/// earlier offset take g; TapGrid::scatter puts them back.
struct MaxPool2DModel
    : tq::VJPOpInterface::ExternalModel<MaxPool2DModel, tosa::MaxPool2dOp> {
  LogicalResult buildVJP(Operation *o, OpBuilder &b, ValueRange resultGrads,
                         SmallVectorImpl<Value> &d) const {
    auto op = cast<tosa::MaxPool2dOp>(o);
    Location loc = op.getLoc();
    d.assign(op->getNumOperands(), Value());
    Value g = resultGrads[0];
    if (!g)
      return success();
    Value x = op.getInput(), y = op.getResult();
    RankedTensorType xt = typeOf(x), yt = typeOf(y);
    auto ft = dyn_cast<FloatType>(xt.getElementType());
    if (!ft || !xt.hasStaticShape())
      return op.emitError("tq-differentiate: max_pool2d gradients need static "
                          "float tensors");
    ArrayRef<int64_t> kernel = op.getKernel(), stride = op.getStride(),
                      pad = op.getPad();
    TapGrid grid(xt, yt.getDimSize(1), yt.getDimSize(2), stride, pad,
                 kernel[0] - 1, kernel[1] - 1);
    Value framed = grid.frame(b, loc, x, -std::numeric_limits<double>::infinity());
    auto boolType = RankedTensorType::get(yt.getShape(), b.getI1Type());
    Value taken;
    SmallVector<std::tuple<int64_t, int64_t, Value>> taps;
    for (int64_t ky = 0; ky < kernel[0]; ++ky) {
      for (int64_t kx = 0; kx < kernel[1]; ++kx) {
        Value eq = tosa::EqualOp::create(b, loc, boolType,
                                         grid.tap(b, loc, framed, ky, kx), y);
        Value first = eq;
        if (taken) {
          Value notTaken = tosa::LogicalNotOp::create(b, loc, boolType, taken);
          first = tosa::LogicalAndOp::create(b, loc, boolType, eq, notTaken);
          taken = tosa::LogicalOrOp::create(b, loc, boolType, taken, eq);
        } else {
          taken = eq;
        }
        taps.emplace_back(ky, kx,
                          tosa::SelectOp::create(b, loc, typeOf(g), first, g,
                                                 splat(b, loc, typeOf(g), 0.0)));
      }
    }
    d[0] = grid.scatter(b, loc, taps);
    return success();
  }
};

// select(c, a, b): (none, g where c, g where not c).
struct SelectRule {
  static void apply(OpBuilder &b, tosa::SelectOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    RankedTensorType t = typeOf(g);
    Value zero = splat(b, loc, t, 0.0);
    Value c = op.getInput1();
    if (typeOf(c).getShape() != t.getShape()) {
      // A broadcast condition: made full size (a tile of each size-1 axis).
      ImplicitLocOpBuilder ib(loc, b);
      SmallVector<int64_t> multiples;
      for (auto [a, full] : llvm::zip(typeOf(c).getShape(), t.getShape()))
        multiples.push_back(a == full ? 1 : full);
      c = tosa::TileOp::create(
          b, loc, RankedTensorType::get(t.getShape(), b.getI1Type()), c,
          tosa::getTosaConstShape(ib, multiples));
    }
    d[1] = tosa::SelectOp::create(b, loc, t, c, g, zero);
    d[2] = tosa::SelectOp::create(b, loc, t, c, zero, g);
  }
};
// reduce_max(x, axis): g shared evenly by the elements equal to the
// maximum (as PyTorch's amax; with one maximum, all of g to it).
struct ReduceMaxRule {
  static void apply(OpBuilder &b, tosa::ReduceMaxOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    Value x = op.getInput();
    RankedTensorType t = typeOf(x);
    auto boolType = RankedTensorType::get(t.getShape(), b.getI1Type());
    Value isMax = tosa::EqualOp::create(b, loc, boolType, x, op.getResult());
    Value ones = tosa::SelectOp::create(b, loc, t, isMax, splat(b, loc, t, 1.0),
                                        splat(b, loc, t, 0.0));
    Value count = tosa::ReduceSumOp::create(b, loc, typeOf(op.getResult()), ones,
                                            op.getAxisAttr());
    Value share = mul(b, loc, g,
                      tosa::ReciprocalOp::create(b, loc, count.getType(), count));
    d[0] = mul(b, loc, ones, share);
  }
};
// gather(values [N, K, C], indices [N, W]) = y [N, W, C]: the values get g
// added back at the rows read, dV[n, k] = sum of g[n, w] over the w with
// indices[n, w] = k: a one-hot [N, K, W] times g. The indices (clamped to
// [0, K - 1] as tq-clamp-gather-indices does for the forward gather): none.
struct GatherRule {
  static void apply(OpBuilder &b, tosa::GatherOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    RankedTensorType vt = typeOf(op.getValues()), it = typeOf(op.getIndices());
    auto ie = dyn_cast<IntegerType>(it.getElementType());
    if (!ie || !vt.hasStaticShape() || !it.hasStaticShape())
      return;
    int64_t N = vt.getDimSize(0), K = vt.getDimSize(1), W = it.getDimSize(1);
    ImplicitLocOpBuilder ib(loc, b);
    Value idx = tosa::ClampOp::create(
        b, loc, it, op.getIndices(), b.getIntegerAttr(ie, 0),
        b.getIntegerAttr(ie, std::max<int64_t>(K - 1, 0)));
    idx = tosa::ReshapeOp::create(b, loc, RankedTensorType::get({N, 1, W}, ie),
                                  idx, tosa::getTosaConstShape(ib, {N, 1, W}));
    Value row = tq::iotaConstant(b, loc, RankedTensorType::get({1, K, 1}, ie));
    Value isRow = tosa::EqualOp::create(
        b, loc, RankedTensorType::get({N, K, W}, b.getI1Type()), idx, row);
    auto one = RankedTensorType::get({1, 1, 1}, vt.getElementType());
    Value oneHot = tosa::SelectOp::create(
        b, loc, RankedTensorType::get({N, K, W}, vt.getElementType()), isRow,
        splat(b, loc, one, 1.0), splat(b, loc, one, 0.0));
    Value zp =
        splat(b, loc, RankedTensorType::get({1}, vt.getElementType()), 0.0);
    d[0] = tosa::MatMulOp::create(b, loc, vt, oneHot, g, zp, zp);
  }
};

/// The values of a tosa.const_shape operand.
std::optional<SmallVector<int64_t>> constShape(Value v) {
  auto c = v.getDefiningOp<tosa::ConstShapeOp>();
  if (!c)
    return std::nullopt;
  SmallVector<int64_t> out;
  for (const APInt &i : cast<DenseElementsAttr>(c.getValues()).getValues<APInt>())
    out.push_back(i.getSExtValue());
  return out;
}
/// g where `pick`, else 0 (pick broadcast to g's shape by the op).
Value where(OpBuilder &b, Location loc, Value pick, Value g) {
  return tosa::SelectOp::create(b, loc, typeOf(g), pick, g,
                                splat(b, loc, typeOf(g), 0.0));
}

// maximum(a, b): g to the larger; on a tie half to each (PyTorch's rule).
// minimum likewise to the smaller.
template <typename OpTy, bool isMax>
struct ExtremumRule {
  static void apply(OpBuilder &b, OpTy op, Value g, SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    Value x = op.getInput1(), y = op.getInput2();
    auto boolType = RankedTensorType::get(typeOf(g).getShape(), b.getI1Type());
    Value aWins = isMax ? tosa::GreaterOp::create(b, loc, boolType, x, y).getResult()
                        : tosa::GreaterOp::create(b, loc, boolType, y, x).getResult();
    Value bWins = isMax ? tosa::GreaterOp::create(b, loc, boolType, y, x).getResult()
                        : tosa::GreaterOp::create(b, loc, boolType, x, y).getResult();
    Value tie = tosa::EqualOp::create(b, loc, boolType, x, y);
    Value half = mul(b, loc, g, scalar(b, loc, g, 0.5));
    d[0] = tosa::SelectOp::create(b, loc, typeOf(g), tie, half, where(b, loc, aWins, g));
    d[1] = tosa::SelectOp::create(b, loc, typeOf(g), tie, half, where(b, loc, bWins, g));
  }
};
// abs(x): g * sign(x), 0 at x = 0.
struct AbsRule {
  static void apply(OpBuilder &b, tosa::AbsOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    Value x = op.getInput1();
    auto boolType = RankedTensorType::get(typeOf(g).getShape(), b.getI1Type());
    Value zero = scalar(b, loc, x, 0.0);
    Value pos = tosa::GreaterOp::create(b, loc, boolType, x, zero);
    Value neg = tosa::GreaterOp::create(b, loc, boolType, zero, x);
    Value minus = mul(b, loc, g, scalar(b, loc, g, -1.0));
    d[0] = tosa::SelectOp::create(b, loc, typeOf(g), pos, g, where(b, loc, neg, minus));
  }
};
// rsqrt(x) = x^-1/2: g * -y^3 / 2.
struct RsqrtRule {
  static void apply(OpBuilder &b, tosa::RsqrtOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    Value y = op.getOutput();
    d[0] = mul(b, loc, mul(b, loc, g, mul(b, loc, mul(b, loc, y, y), y)),
               scalar(b, loc, g, -0.5));
  }
};
// erf(x): g * 2/sqrt(pi) * exp(-x^2).
struct ErfRule {
  static void apply(OpBuilder &b, tosa::ErfOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    Value x = op.getInput();
    Value x2 = mul(b, loc, x, x);
    Value e = tosa::ExpOp::create(b, loc, x.getType(),
                                  mul(b, loc, x2, scalar(b, loc, x, -1.0)));
    d[0] = mul(b, loc, mul(b, loc, g, e),
               scalar(b, loc, g, 1.1283791670955126)); // 2 / sqrt(pi)
  }
};
// pow(a, b) = y: g * b * a^(b-1), g * y * log(a).
struct PowRule {
  static void apply(OpBuilder &b, tosa::PowOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    Value a = op.getInput1(), e = op.getInput2(), y = op.getOutput();
    Value em1 = sub(b, loc, e, scalar(b, loc, e, 1.0));
    Value p = tosa::PowOp::create(b, loc, typeOf(g), a, em1);
    d[0] = mul(b, loc, mul(b, loc, g, e), p);
    Value la = tosa::LogOp::create(b, loc, a.getType(), a);
    d[1] = mul(b, loc, mul(b, loc, g, y), la);
  }
};
// cast between float types: g cast back.
struct CastRule {
  static void apply(OpBuilder &b, tosa::CastOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    if (isFloatTensor(op.getInput()))
      d[0] = tosa::CastOp::create(b, op.getLoc(), op.getInput().getType(), g);
  }
};
// concat(xs, axis): each input's part of g.
struct ConcatRule {
  static void apply(OpBuilder &b, tosa::ConcatOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    ImplicitLocOpBuilder ib(loc, b);
    int64_t axis = op.getAxis(), offset = 0;
    for (auto [i, x] : llvm::enumerate(op.getInput1())) {
      RankedTensorType t = typeOf(x);
      SmallVector<int64_t> start(t.getRank(), 0);
      start[axis] = offset;
      offset += t.getDimSize(axis);
      d[i] = tosa::SliceOp::create(b, loc, t, g, tosa::getTosaConstShape(ib, start),
                                   tosa::getTosaConstShape(ib, t.getShape()));
    }
  }
};
// slice(x, start, size): g padded back with zeros.
struct SliceRule {
  static void apply(OpBuilder &b, tosa::SliceOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    auto start = constShape(op.getStart());
    if (!start)
      return;
    RankedTensorType t = typeOf(op.getInput1());
    SmallVector<int64_t> padding;
    for (int64_t i = 0; i < t.getRank(); ++i) {
      padding.push_back((*start)[i]);
      padding.push_back(t.getDimSize(i) - (*start)[i] - typeOf(g).getDimSize(i));
    }
    ImplicitLocOpBuilder ib(loc, b);
    d[0] = tosa::PadOp::create(b, loc, t, g, tosa::getTosaConstShape(ib, padding),
                               splat(b, loc, RankedTensorType::get({1}, t.getElementType()), 0.0));
  }
};
// pad(x, padding, value): the inner part of g (the pad value, a constant
// in TOSA, none).
struct PadRule {
  static void apply(OpBuilder &b, tosa::PadOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    auto padding = constShape(op.getPadding());
    if (!padding)
      return;
    RankedTensorType t = typeOf(op.getInput1());
    SmallVector<int64_t> start;
    for (int64_t i = 0; i < t.getRank(); ++i)
      start.push_back((*padding)[2 * i]);
    ImplicitLocOpBuilder ib(loc, b);
    d[0] = tosa::SliceOp::create(b, loc, t, g, tosa::getTosaConstShape(ib, start),
                                 tosa::getTosaConstShape(ib, t.getShape()));
  }
};
// tile(x, multiples): g summed over the copies.
struct TileRule {
  static void apply(OpBuilder &b, tosa::TileOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    Location loc = op.getLoc();
    auto multiples = constShape(op.getMultiples());
    if (!multiples)
      return;
    RankedTensorType t = typeOf(op.getInput1());
    ImplicitLocOpBuilder ib(loc, b);
    Value v = g;
    for (int64_t i = 0; i < t.getRank(); ++i) {
      int64_t m = (*multiples)[i];
      if (m == 1)
        continue;
      SmallVector<int64_t> shape(typeOf(v).getShape());
      SmallVector<int64_t> split(shape.begin(), shape.begin() + i);
      split.append({m, t.getDimSize(i)});
      split.append(shape.begin() + i + 1, shape.end());
      v = tosa::ReshapeOp::create(b, loc, RankedTensorType::get(split, t.getElementType()),
                                  v, tosa::getTosaConstShape(ib, split));
      split[i] = 1;
      v = tosa::ReduceSumOp::create(b, loc, RankedTensorType::get(split, t.getElementType()),
                                    v, b.getI32IntegerAttr(int32_t(i)));
      shape[i] = t.getDimSize(i);
      v = tosa::ReshapeOp::create(b, loc, RankedTensorType::get(shape, t.getElementType()),
                                  v, tosa::getTosaConstShape(ib, shape));
    }
    d[0] = v;
  }
};

/// avg_pool2d: each window's g divided by its count of input elements
/// (TOSA's divisor leaves the pads out), spread back to the window.
struct AvgPool2DModel
    : tq::VJPOpInterface::ExternalModel<AvgPool2DModel, tosa::AvgPool2dOp> {
  LogicalResult buildVJP(Operation *o, OpBuilder &b, ValueRange resultGrads,
                         SmallVectorImpl<Value> &d) const {
    auto op = cast<tosa::AvgPool2dOp>(o);
    Location loc = op.getLoc();
    d.assign(op->getNumOperands(), Value());
    Value g = resultGrads[0];
    if (!g)
      return success();
    RankedTensorType xt = typeOf(op.getInput()), gt = typeOf(g);
    auto ft = dyn_cast<FloatType>(xt.getElementType());
    if (!ft || !xt.hasStaticShape())
      return op.emitError("tq-differentiate: avg_pool2d gradients need static "
                          "float tensors");
    ArrayRef<int64_t> kernel = op.getKernel(), stride = op.getStride(),
                      pad = op.getPad();
    int64_t H = xt.getDimSize(1), W = xt.getDimSize(2), OH = gt.getDimSize(1),
            OW = gt.getDimSize(2);
    // 1 / count for each output position, a constant.
    SmallVector<APFloat> inv;
    for (int64_t oy = 0; oy < OH; ++oy)
      for (int64_t ox = 0; ox < OW; ++ox) {
        auto inside = [](int64_t o, int64_t s, int64_t k, int64_t p, int64_t n) {
          int64_t count = 0;
          for (int64_t i = 0; i < k; ++i)
            count += o * s + i - p >= 0 && o * s + i - p < n;
          return count;
        };
        double count = double(inside(oy, stride[0], kernel[0], pad[0], H) *
                              inside(ox, stride[1], kernel[1], pad[2], W));
        APFloat v(1.0 / count);
        bool lost;
        v.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
        inv.push_back(v);
      }
    auto invType = RankedTensorType::get({1, OH, OW, 1}, ft);
    Value scaled = mul(b, loc, g,
                       tosa::ConstOp::create(b, loc, invType,
                                             DenseElementsAttr::get(invType, inv)));
    TapGrid grid(xt, OH, OW, stride, pad, kernel[0] - 1, kernel[1] - 1);
    SmallVector<std::tuple<int64_t, int64_t, Value>> taps;
    for (int64_t ky = 0; ky < kernel[0]; ++ky)
      for (int64_t kx = 0; kx < kernel[1]; ++kx)
        taps.emplace_back(ky, kx, scaled);
    d[0] = grid.scatter(b, loc, taps);
    return success();
  }
};

/// depthwise_conv2d (input NHWC, weight [KH, KW, C, M], output channel
/// c * M + m):
///   dX = per channel c * M + m the InputCorrelation of g with W[.., c, m]
///        flipped (a depthwise_conv2d with multiplier 1), summed over m,
///   dW = per channel c a matmul of X's taps (TapGrid, of X as [C, H, W, N])
///        [KH * KW, OH * OW * N] with g as [OH * OW * N, M],
///   dB = g summed over N, OH, OW.
struct DepthwiseModel
    : tq::VJPOpInterface::ExternalModel<DepthwiseModel, tosa::DepthwiseConv2DOp> {
  LogicalResult buildVJP(Operation *o, OpBuilder &b, ValueRange resultGrads,
                         SmallVectorImpl<Value> &d) const {
    auto op = cast<tosa::DepthwiseConv2DOp>(o);
    Location loc = op.getLoc();
    d.assign(op->getNumOperands(), Value());
    Value g = resultGrads[0];
    if (!g)
      return success();
    Value x = op.getInput(), w = op.getWeight();
    RankedTensorType xt = typeOf(x), wt = typeOf(w), gt = typeOf(g);
    Type el = xt.getElementType();
    if (!isa<FloatType>(el) || !xt.hasStaticShape())
      return op.emitError("tq-differentiate: depthwise_conv2d gradients need "
                          "static float tensors");
    ArrayRef<int64_t> pad = op.getPad(), stride = op.getStride(),
                      dilation = op.getDilation();
    int64_t N = xt.getDimSize(0), H = xt.getDimSize(1), W = xt.getDimSize(2),
            C = xt.getDimSize(3), KH = wt.getDimSize(0), KW = wt.getDimSize(1),
            M = wt.getDimSize(3), OH = gt.getDimSize(1), OW = gt.getDimSize(2);
    int64_t usedH = (OH - 1) * stride[0] + (KH - 1) * dilation[0] + 1;
    int64_t usedW = (OW - 1) * stride[1] + (KW - 1) * dilation[1] + 1;
    Value zp = op.getInputZp();
    Type acc = op.getAccType();
    ImplicitLocOpBuilder ib(loc, b);
    auto shaped = [&](ArrayRef<int64_t> s) { return RankedTensorType::get(s, el); };
    auto reshape = [&](Value v, ArrayRef<int64_t> s) {
      return tosa::ReshapeOp::create(b, loc, shaped(s), v,
                                     tosa::getTosaConstShape(ib, s)).getResult();
    };
    auto zeros = [&](int64_t n) { return splat(b, loc, shaped({n}), 0.0); };
    // dX.
    InputCorrelation corr({KH, KW}, dilation, pad, usedH, usedW, H, W);
    if (corr.empty()) {
      d[0] = splat(b, loc, xt, 0.0);
    } else {
      Value flipped = tosa::ReverseOp::create(b, loc, wt, w, b.getI32IntegerAttr(0));
      flipped = tosa::ReverseOp::create(b, loc, wt, flipped, b.getI32IntegerAttr(1));
      int64_t rows = corr.size[0], cols = corr.size[1];
      Value dx = tosa::DepthwiseConv2DOp::create(
          b, loc, shaped({N, rows, cols, C * M}), zeroStuff(b, loc, g, stride),
          reshape(flipped, {KH, KW, C * M, 1}), zeros(C * M), zp, zp, corr.pads,
          SmallVector<int64_t>{1, 1}, SmallVector<int64_t>(dilation), acc);
      if (M > 1)
        dx = reshape(sumOver(b, loc, reshape(dx, {N, rows, cols, C, M}), {4}),
                     {N, rows, cols, C});
      d[0] = reframe(b, loc, dx, corr.start, {H, W}, 0.0);
    }
    d[2] = biasGradient(b, loc, g, op.getBias().getType());
    // dW[k] = sum over n, oy, ox of g * x_k, x_k the tap k of X (TapGrid).
    TapGrid grid(xt, OH, OW, stride, pad, (KH - 1) * dilation[0],
                 (KW - 1) * dilation[1]);
    Value framed = grid.frame(b, loc, x, 0.0);
    Value g5 = reshape(g, {N, OH, OW, C, M});
    SmallVector<Value> parts;
    for (int64_t ky = 0; ky < KH; ++ky)
      for (int64_t kx = 0; kx < KW; ++kx) {
        Value xk = grid.tap(b, loc, framed, ky * dilation[0], kx * dilation[1]);
        Value prod = mul(b, loc, g5, reshape(xk, {N, OH, OW, C, 1}));
        parts.push_back(reshape(sumOver(b, loc, prod, {0, 1, 2}), {1, 1, C, M}));
      }
    Value dw = parts.size() == 1
                   ? parts[0]
                   : tosa::ConcatOp::create(b, loc, shaped({KH * KW, 1, C, M}),
                                            parts, b.getI32IntegerAttr(0))
                         .getResult();
    d[1] = reshape(dw, {KH, KW, C, M});
    return success();
  }
};

// tq.quantize: the straight-through estimator. Plain (the default): g
// unchanged. Clipped (`tq.ste = "clipped"`): g where lo <= x <= hi, 0
// elsewhere, with [lo, hi] the format's range, the quantizer's values at the
// element type's largest finite magnitudes (a side whose value is not
// finite, or that the format does not bound, is not clipped).
struct QuantizeRule {
  static void apply(OpBuilder &b, tq::QuantizeOp op, Value g,
                    SmallVectorImpl<Value> &d) {
    d[0] = g;
    auto ste = op->getAttrOfType<StringAttr>(tq::kSTEAttr);
    if (!ste || ste.getValue() != "clipped")
      return;
    std::optional<tq::ref::ElemType> elem = tq::getRefElemType(g.getType());
    if (!elem)
      return;
    auto element = cast<FloatType>(typeOf(g).getElementType());
    double largest =
        APFloat::getLargest(element.getFloatSemantics()).convertToDouble();
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto maskType = typeOf(g).clone(b.getI1Type());
    Value mask;
    for (double side : {-largest, largest}) {
      tq::ref::Tensor t{{side}, {1}, *elem};
      op.getQuantizer().evaluate(t, op.getSeed().value_or(0), 0);
      double bound = t.data[0];
      if (!std::isfinite(bound) || std::abs(bound) >= largest)
        continue;
      // x >= lo, or hi >= x.
      Value c = scalar(b, loc, x, bound);
      Value inside =
          side < 0 ? tosa::GreaterEqualOp::create(b, loc, maskType, x, c)
                   : tosa::GreaterEqualOp::create(b, loc, maskType, c, x);
      mask = mask ? tosa::LogicalAndOp::create(b, loc, maskType, mask, inside)
                        .getResult()
                  : inside;
    }
    if (mask)
      d[0] = tosa::SelectOp::create(b, loc, typeOf(g), mask, g,
                                    scalar(b, loc, g, 0.0));
  }
};

} // namespace

namespace tq {
/// linalg.generic's and linalg.fill's rules (LinalgVJP.cpp).
void registerLinalgVJPModels(DialectRegistry &registry);
} // namespace tq

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
    tosa::Conv2DOp::attachInterface<Conv2DModel>(*ctx);
    tosa::MaximumOp::attachInterface<Model<tosa::MaximumOp, ExtremumRule<tosa::MaximumOp, true>>>(*ctx);
    tosa::MinimumOp::attachInterface<Model<tosa::MinimumOp, ExtremumRule<tosa::MinimumOp, false>>>(*ctx);
    tosa::AbsOp::attachInterface<Model<tosa::AbsOp, AbsRule>>(*ctx);
    tosa::RsqrtOp::attachInterface<Model<tosa::RsqrtOp, RsqrtRule>>(*ctx);
    tosa::ErfOp::attachInterface<Model<tosa::ErfOp, ErfRule>>(*ctx);
    tosa::PowOp::attachInterface<Model<tosa::PowOp, PowRule>>(*ctx);
    tosa::CastOp::attachInterface<Model<tosa::CastOp, CastRule>>(*ctx);
    tosa::ConcatOp::attachInterface<Model<tosa::ConcatOp, ConcatRule>>(*ctx);
    tosa::SliceOp::attachInterface<Model<tosa::SliceOp, SliceRule>>(*ctx);
    tosa::PadOp::attachInterface<Model<tosa::PadOp, PadRule>>(*ctx);
    tosa::TileOp::attachInterface<Model<tosa::TileOp, TileRule>>(*ctx);
    tosa::SelectOp::attachInterface<Model<tosa::SelectOp, SelectRule>>(*ctx);
    tosa::ReduceMaxOp::attachInterface<Model<tosa::ReduceMaxOp, ReduceMaxRule>>(*ctx);
    tosa::MaxPool2dOp::attachInterface<MaxPool2DModel>(*ctx);
    tosa::AvgPool2dOp::attachInterface<AvgPool2DModel>(*ctx);
    tosa::DepthwiseConv2DOp::attachInterface<DepthwiseModel>(*ctx);
    tosa::GatherOp::attachInterface<Model<tosa::GatherOp, GatherRule>>(*ctx);
  });
  registerLinalgVJPModels(registry);
  registry.addExtension(+[](MLIRContext *ctx, tq::TQDialect *) {
    tq::QuantizeOp::attachInterface<Model<tq::QuantizeOp, QuantizeRule>>(*ctx);
  });
}
