//===- OpNames.cpp - Names of ops, as maps refer to them ------------------===//

#include "tq/Dialect/TQ/Transforms/OpNames.h"

#include "mlir/Interfaces/CallInterfaces.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

static std::optional<std::string> nameInLocation(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location child : fused.getLocations())
      if (auto name = nameInLocation(child))
        return name;
    return std::nullopt;
  }
  if (auto call = dyn_cast<CallSiteLoc>(loc)) {
    if (auto name = nameInLocation(call.getCallee()))
      return name;
    return nameInLocation(call.getCaller());
  }
  if (auto opaque = dyn_cast<OpaqueLoc>(loc))
    return nameInLocation(opaque.getFallbackLocation());
  return std::nullopt;
}

std::optional<std::string> tq::getOpName(Operation *op, StringRef nameAttr) {
  if (auto attr = op->getAttrOfType<StringAttr>(nameAttr))
    return attr.str();
  return nameInLocation(op->getLoc());
}

bool tq::isOpOfInterest(Operation *op) {
  if (op->hasTrait<OpTrait::ConstantLike>() || op->getNumOperands() == 0)
    return false;
  // A call's results are its callee's, quantized inside the callee.
  if (isa<CallOpInterface>(op))
    return false;
  if (!llvm::any_of(op->getResultTypes(),
                    [](Type t) { return isa<RankedTensorType>(t); }))
    return false;
  StringRef dialect = op->getDialect() ? op->getDialect()->getNamespace() : "";
  if (dialect == "tensor" || dialect == "bufferization" || dialect == "tq")
    return false;
  // Data movement: the values were produced (and quantized) elsewhere.
  return !isa<tosa::ReshapeOp, tosa::TransposeOp, tosa::SliceOp,
              tosa::ConcatOp, tosa::TileOp, tosa::PadOp, tosa::IdentityOp,
              tosa::ReverseOp, tosa::GatherOp, tosa::ScatterOp,
              linalg::FillOp, linalg::CopyOp, linalg::TransposeOp,
              linalg::BroadcastOp>(op);
}

std::string tq::getBaseName(Operation *op) {
  StringRef opName = op->getName().stripDialect();
  std::optional<std::string> named =
      llvm::TypeSwitch<Operation *, std::optional<std::string>>(op)
          .Case<tosa::Conv2DOp>([](auto) { return "conv2d"; })
          .Case<tosa::DepthwiseConv2DOp>(
              [](auto) { return "depthwise_conv2d"; })
          .Case<tosa::TransposeConv2DOp>(
              [](auto) { return "conv2d_transpose"; })
          .Case<tosa::Conv3DOp>([](auto) { return "conv3d"; })
          .Case<tosa::MatMulOp>([](auto) { return "matmul"; })
          .Case<tosa::MaxPool2dOp>([](auto) { return "max_pooling2d"; })
          .Case<tosa::AvgPool2dOp>([](auto) { return "average_pooling2d"; })
          .Default([](Operation *) { return std::nullopt; });
  if (named)
    return *named;
  if (isa<linalg::LinalgOp>(op) && !isa<linalg::GenericOp>(op)) {
    if (opName.starts_with("depthwise_conv_2d"))
      return "depthwise_conv2d";
    if (opName.starts_with("conv_1d"))
      return "conv1d";
    if (opName.starts_with("conv_2d"))
      return "conv2d";
    if (opName.starts_with("conv_3d"))
      return "conv3d";
    if (opName.starts_with("pooling_") && opName.contains("max"))
      return "max_pooling2d";
    if (opName.starts_with("pooling_") && opName.contains("sum"))
      return "sum_pooling2d";
    if (opName.contains("matmul") || opName.contains("matvec") ||
        opName.contains("vecmat"))
      return "matmul";
  }
  return opName.str();
}

/// The inputs of a linalg op defined by constants.
static SmallVector<unsigned> constantInputs(linalg::LinalgOp op) {
  SmallVector<unsigned> result;
  for (OpOperand *input : op.getDpsInputOperands())
    if (isa<RankedTensorType>(input->get().getType()) &&
        matchPattern(input->get(), m_Constant()))
      result.push_back(input->getOperandNumber());
  return result;
}

SmallVector<unsigned> tq::getWeightOperands(Operation *op) {
  if (isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::Conv3DOp,
          tosa::TransposeConv2DOp>(op))
    return {1, 2};
  if (isa<tosa::MatMulOp>(op))
    return {1};
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || linalgOp.getNumDpsInputs() < 2)
    return {};
  bool named = !isa<linalg::GenericOp>(op);
  if (isa<linalg::ConvolutionOpInterface>(op) ||
      (named && linalg::isaContractionOpInterface(linalgOp)))
    return {1}; // filter / B
  if (linalg::isaContractionOpInterface(linalgOp) ||
      linalg::isaConvolutionOpInterface(linalgOp))
    return constantInputs(linalgOp);
  return {};
}

std::optional<int64_t> tq::getWeightChannelAxis(Operation *op,
                                                unsigned operand) {
  if (isa<tosa::Conv2DOp, tosa::Conv3DOp, tosa::TransposeConv2DOp>(op))
    return 0;
  if (isa<tosa::DepthwiseConv2DOp>(op))
    return operand == 2 ? std::optional<int64_t>(0) : std::nullopt;
  if (isa<tosa::MatMulOp>(op))
    return 2;
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || linalgOp.getNumDpsInits() != 1 ||
      operand >= op->getNumOperands())
    return std::nullopt;
  AffineMap map = linalgOp.getMatchingIndexingMap(&op->getOpOperand(operand));
  AffineMap out =
      linalgOp.getMatchingIndexingMap(linalgOp.getDpsInitOperand(0));
  std::optional<int64_t> axis;
  for (auto [i, e] : llvm::enumerate(map.getResults())) {
    auto d = dyn_cast<AffineDimExpr>(e);
    if (!d || !llvm::is_contained(out.getResults(), e))
      continue;
    if (axis)
      return std::nullopt;
    axis = int64_t(i);
  }
  return axis;
}

bool tq::isWeightedOp(Operation *op) {
  if (!getWeightOperands(op).empty())
    return true;
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp && linalgOp.getNumDpsInputs() >= 2 &&
         (linalg::isaContractionOpInterface(linalgOp) ||
          linalg::isaConvolutionOpInterface(linalgOp));
}

/// True when `v` is block argument `n` of `block`.
static bool isArg(Value v, Block &block, unsigned n) {
  auto a = dyn_cast<BlockArgument>(v);
  return a && a.getOwner() == &block && a.getArgNumber() == n;
}

arith::MulFOp tq::matchMultiplyAccumulateBody(linalg::LinalgOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() == 0 || op->getNumRegions() != 1 ||
      op->getRegion(0).empty())
    return {};
  Block &body = op->getRegion(0).front();
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!yield || body.getOperations().size() != 3)
    return {};
  auto add = yield.getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!add)
    return {};
  arith::MulFOp mul;
  if (isArg(add.getLhs(), body, 2))
    mul = add.getRhs().getDefiningOp<arith::MulFOp>();
  else if (isArg(add.getRhs(), body, 2))
    mul = add.getLhs().getDefiningOp<arith::MulFOp>();
  if (!mul ||
      !((isArg(mul.getLhs(), body, 0) && isArg(mul.getRhs(), body, 1)) ||
        (isArg(mul.getLhs(), body, 1) && isArg(mul.getRhs(), body, 0))))
    return {};
  return mul;
}

bool tq::isMultiplyAccumulate(Operation *op) {
  if (isa<tosa::Conv2DOp, tosa::Conv3DOp, tosa::DepthwiseConv2DOp,
          tosa::MatMulOp>(op)) {
    auto t = dyn_cast<ShapedType>(op->getResult(0).getType());
    return t && isa<FloatType>(t.getElementType());
  }
  auto l = dyn_cast<linalg::LinalgOp>(op);
  return l && matchMultiplyAccumulateBody(l);
}
