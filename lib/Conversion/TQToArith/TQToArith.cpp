//===- TQToArith.cpp - Lower tq.quantize to arith and linalg --------------===//
//
// Scalars and vectors get the element code inline; ranked tensors a
// linalg.generic around it (plus reductions for the quantizers that need
// them). The element code itself is in ElementLowering.cpp.
//
//===----------------------------------------------------------------------===//

#include "tq/Conversion/TQToArith/ElementLowering.h"
#include "tq/Conversion/TQToArith/QuantizerLowering.h"

#include "tq/Conversion/Passes.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <limits>

namespace tq {
#define GEN_PASS_DEF_TQLOWERTOARITH
#include "tq/Conversion/Passes.h.inc"
} // namespace tq

using namespace mlir;
using namespace tq;

namespace {

/// Sizes of a ranked tensor as index values (constants or tensor.dim).
SmallVector<Value> sizesOf(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    sizes.push_back(type.isDynamicDim(d)
                        ? tensor::DimOp::create(b, loc, tensor, d).getResult()
                        : arith::ConstantIndexOp::create(b, loc, type.getDimSize(d))
                              .getResult());
  return sizes;
}

SmallVector<OpFoldResult> mixedSizes(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    sizes.push_back(type.isDynamicDim(d)
                        ? OpFoldResult(tensor::DimOp::create(b, loc, tensor, d)
                                           .getResult())
                        : OpFoldResult(b.getIndexAttr(type.getDimSize(d))));
  return sizes;
}

/// Row-major linear index (i64) of the current linalg iteration, from
/// linalg.index ops, with the given sizes (index values defined outside).
Value linearIndex(OpBuilder &b, Location loc, ArrayRef<Value> sizes,
                  Value offset, ArrayRef<Value> indexOverride = {}) {
  Value lin = arith::ConstantIndexOp::create(b, loc, 0);
  for (size_t d = 0; d < sizes.size(); ++d) {
    Value idx = indexOverride.empty() || !indexOverride[d]
                    ? linalg::IndexOp::create(b, loc, d).getResult()
                    : indexOverride[d];
    lin = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, lin, sizes[d]), idx);
  }
  Value r = arith::IndexCastOp::create(b, loc, b.getI64Type(), lin);
  if (offset)
    r = arith::AddIOp::create(
        b, loc, r, arith::IndexCastOp::create(b, loc, b.getI64Type(), offset));
  return r;
}

struct Lowering {
  OpBuilder &b;
  QuantizeOp op;
  Location loc;
  QuantizerAttrInterface q;
  PhiloxSeed seed;

  /// True for GPU kernels: stochastic rounding takes 4 elements per step
  /// (one Philox evaluation, one 128-bit load and store per thread) instead
  /// of the CPU's 32-128.
  bool gpu;

  Lowering(OpBuilder &b, QuantizeOp op, bool gpu)
      : b(b), op(op), loc(op.getLoc()), q(op.getQuantizer()),
        seed{op.getSeed().value_or(0), op.getSeedValue()}, gpu(gpu) {}

  FailureOr<Value> lower();

private:
  FailureOr<Value> lowerScalarOrVector();
  /// `statistic`: the whole tensor's (WholeTensor strategy), or null.
  Value lowerElementwiseTensor(Value statistic);
  /// One scf.forall step per `width` contiguous elements of the flattened
  /// static input (of a 1-D input of dynamic size, its whole multiples of
  /// `width`, the rest left to the caller); `body` maps the step's vector
  /// (starting at linear index `start`) to its quantized vector.
  Value vectorSteps(int64_t width,
                    function_ref<Value(OpBuilder &, Location, Value in,
                                       Value start)>
                        body);
  /// `base`: the random index of the first element (the op's offset, a
  /// multiple of 4 at run time), null for 0.
  Value lowerStochasticVector(int64_t width, Value base = nullptr);
  /// lowerStochasticVector for a 1-D input of dynamic size: vector steps
  /// over the whole multiples of `width`, the rest element by element.
  Value lowerStochasticVectorDynamic(int64_t width, Value base = nullptr);
  /// `vector(offset)` when the op has no random index offset or one that is
  /// a multiple of 4 by construction; else an scf.if on `offset mod 4 == 0`
  /// between `vector(offset)` and the element-by-element lowering.
  Value withAlignedOffset(function_ref<Value(Value base)> vector);
  /// One linalg.generic over `x` (the op's input or a slice of it whose
  /// first element has random index `offset`, null for 0).
  Value lowerElementwiseGeneric(Value x, Value offset, Value statistic);
  /// `statistic`: the prepared tensorStatistic, or null.
  Value lowerBlocksVector(int64_t block, const TensorStrategy &strategy,
                          Value statistic);
  Value lowerPerChannel(int64_t axis);
  /// The whole tensor's `statistic` (an f64 scalar).
  Value wholeTensorStatistic(TensorStrategy::Statistic statistic);
  /// The prepared statistic (the format's prepareStatistic) of the whole
  /// tensor, computed once before the element loops.
  Value preparedStatistic(TensorStrategy::Statistic statistic);
  FailureOr<Value> lowerBlocks(const TensorStrategy &strategy);
  Value emptyLike(Value tensor, RankedTensorType type);
};

Value Lowering::emptyLike(Value tensor, RankedTensorType type) {
  SmallVector<Value> dyn;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dyn.push_back(tensor::DimOp::create(b, loc, tensor, d));
  return tensor::EmptyOp::create(b, loc, type, dyn);
}

FailureOr<Value> Lowering::lowerScalarOrVector() {
  Value x = op.getInput();
  auto vec = dyn_cast<VectorType>(x.getType());
  // Reported before anything is built (the pattern changes nothing when it
  // fails).
  TensorStrategy strategy = q.getTensorStrategy();
  if (strategy.kind == TensorStrategy::Kind::WholeTensor && vec)
    return op.emitError("tq-lower-to-arith: ")
           << StringRef(q.getSpec()).split(',').first << " with "
           << strategy.purpose
           << " on vectors is not supported; quantize the tensor instead";
  if (strategy.kind != TensorStrategy::Kind::WholeTensor &&
      strategy.kind != TensorStrategy::Kind::Elementwise)
    return op.emitError("tq-lower-to-arith: ")
           << q.getSpec() << " needs a ranked tensor (it is not elementwise)";
  VectorType original = vec;
  if (vec && vec.getRank() > 1) {
    // n-D vectors are computed flat (the LLVM lowering of math ops is 1-D);
    // the linear index is the same.
    vec = VectorType::get({vec.getNumElements()}, vec.getElementType());
    x = vector::ShapeCastOp::create(b, loc, vec, x);
  }
  ElementLowering el(b, loc, vec ? vec.getShape() : ArrayRef<int64_t>{});
  ElementExtras extras;
  extras.seed = seed;
  if (q.isStochastic()) {
    Value index;
    if (vec) {
      SmallVector<int64_t> iota(vec.getNumElements());
      for (size_t i = 0; i < iota.size(); ++i)
        iota[i] = int64_t(i);
      auto t = VectorType::get(vec.getShape(), b.getI64Type());
      index = arith::ConstantOp::create(
          b, loc, t, DenseElementsAttr::get(t, ArrayRef<int64_t>(iota)));
    } else {
      index = arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(0));
    }
    if (Value offset = op.getOffset()) {
      Value o = arith::IndexCastOp::create(b, loc, b.getI64Type(), offset);
      if (vec)
        o = vector::BroadcastOp::create(b, loc, index.getType(), o);
      index = arith::AddIOp::create(b, loc, index, o);
    }
    extras.index = index;
  }
  if (strategy.kind == TensorStrategy::Kind::WholeTensor) {
    // The statistic of one element: its mean |x| and max |x| are |x|.
    ElementLowering scalar(b, loc, {});
    Value xd = scalar.widen(x, b.getF64Type());
    extras.statistic = cast<QuantizerLoweringInterface>(q).prepareStatistic(
        scalar, math::AbsFOp::create(b, loc, xd), x.getType());
  }
  Value r = el.quantize(q, x, extras);
  if (!r)
    return op.emitError("tq-lower-to-arith: no lowering for ") << q.getSpec();
  if (original && original != vec)
    r = vector::ShapeCastOp::create(b, loc, original, r);
  return r;
}

/// Interleaves the 4 Philox words of `lanes` counters into the element
/// order of 4*lanes elements (element 4c + k takes word k of counter c).
static Value interleaveWords(OpBuilder &b, Location loc,
                             const std::array<Value, 4> &w, int64_t lanes) {
  SmallVector<int64_t> pair, quad;
  for (int64_t c = 0; c < lanes; ++c) {
    pair.push_back(c);
    pair.push_back(c + lanes);
  }
  for (int64_t c = 0; c < lanes; ++c) {
    quad.push_back(2 * c);
    quad.push_back(2 * c + 1);
    quad.push_back(2 * lanes + 2 * c);
    quad.push_back(2 * lanes + 2 * c + 1);
  }
  Value w01 = vector::ShuffleOp::create(b, loc, w[0], w[1], pair);
  Value w23 = vector::ShuffleOp::create(b, loc, w[2], w[3], pair);
  return vector::ShuffleOp::create(b, loc, w01, w23, quad);
}

/// The random words of the `4 * lanes` elements starting at linear index
/// `start` (a multiple of 4): one Philox4x32-10 evaluation on `lanes` lanes,
/// counters start/4 .. start/4 + lanes - 1, interleaved into element order.
static Value randomWordsFrom(OpBuilder &b, Location loc,
                             const PhiloxSeed &seed, Value start,
                             int64_t lanes) {
  ElementLowering lw(b, loc, {lanes});
  Value base = arith::IndexCastOp::create(
      b, loc, b.getI64Type(),
      arith::DivUIOp::create(b, loc, start,
                             arith::ConstantIndexOp::create(b, loc, 4)));
  SmallVector<int64_t> iota(lanes);
  for (int64_t i = 0; i < lanes; ++i)
    iota[i] = i;
  auto i64V = VectorType::get({lanes}, b.getI64Type());
  Value counters = arith::AddIOp::create(
      b, loc,
      arith::ConstantOp::create(b, loc, i64V,
                                DenseElementsAttr::get(i64V, ArrayRef<int64_t>(iota))),
      vector::BroadcastOp::create(b, loc, i64V, base));
  return interleaveWords(b, loc, lw.philoxWords(seed, counters), lanes);
}

/// Writes the slice [offsets, sizes] (unit strides) of `dest`, a shared
/// output of the enclosing scf.forall, in place: extracts it, lets `fill`
/// write into it, and inserts it back in the loop's terminator.
static void writeSharedSlice(OpBuilder &nb, Location loc, Value dest,
                             RankedTensorType sliceT,
                             ArrayRef<OpFoldResult> offsets,
                             function_ref<Value(Value slice)> fill) {
  SmallVector<OpFoldResult> sizes, strides;
  for (int64_t d : sliceT.getShape()) {
    sizes.push_back(nb.getIndexAttr(d));
    strides.push_back(nb.getIndexAttr(1));
  }
  Value slice = tensor::ExtractSliceOp::create(nb, loc, sliceT, dest, offsets,
                                               sizes, strides);
  slice = fill(slice);
  auto par = scf::InParallelOp::create(nb, loc);
  OpBuilder::InsertionGuard guard(nb);
  nb.setInsertionPointToStart(par.getBody());
  tensor::ParallelInsertSliceOp::create(nb, loc, slice, dest, offsets, sizes,
                                        strides);
}

Value Lowering::vectorSteps(
    int64_t width,
    function_ref<Value(OpBuilder &, Location, Value in, Value start)> body) {
  // Flatten, one scf.forall step per `width` contiguous elements (read a
  // vector, `body`, write it into the destination's own slice so that
  // bufferization writes in place), reshape back.
  // A 1-D input of dynamic size gets the steps of its whole multiples of
  // `width`; the caller fills the rest.
  Value x = op.getInput();
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  Type element = type.getElementType();
  Value v = x, init;
  OpFoldResult steps;
  ReassociationIndices all;
  if (!type.hasStaticShape()) {
    Value n = tensor::DimOp::create(b, loc, x, 0);
    steps = arith::DivUIOp::create(b, loc, n,
                                   arith::ConstantIndexOp::create(b, loc, width))
                .getResult();
    init = tensor::EmptyOp::create(b, loc, type, ValueRange{n});
  } else {
    int64_t n = type.getNumElements();
    auto flat = RankedTensorType::get({n}, element);
    for (int64_t d = 0; d < rank; ++d)
      all.push_back(d);
    if (rank != 1)
      v = tensor::CollapseShapeOp::create(b, loc, flat, v,
                                          ArrayRef<ReassociationIndices>{all});
    init = tensor::EmptyOp::create(b, loc, flat.getShape(), element);
    steps = b.getIndexAttr(n / width);
  }
  auto vecT = VectorType::get({width}, element);
  auto chunkT = RankedTensorType::get({width}, element);
  auto loop = scf::ForallOp::create(
      b, loc, ArrayRef<OpFoldResult>{steps}, ValueRange{init}, std::nullopt,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value start = arith::MulIOp::create(
            nb, nloc, args[0], arith::ConstantIndexOp::create(nb, nloc, width));
        Value pad = arith::ConstantOp::create(nb, nloc, nb.getFloatAttr(element, 0.0));
        Value in = vector::TransferReadOp::create(
            nb, nloc, vecT, v, ValueRange{start}, pad, ArrayRef<bool>{true});
        Value r = body(nb, nloc, in, start);
        writeSharedSlice(nb, nloc, args[1], chunkT, {start}, [&](Value chunk) {
          Value c0 = arith::ConstantIndexOp::create(nb, nloc, 0);
          return vector::TransferWriteOp::create(nb, nloc, r, chunk,
                                                 ValueRange{c0},
                                                 ArrayRef<bool>{true})
              .getResult();
        });
      });
  Value r = loop.getResult(0);
  if (rank == 1)
    return r;
  SmallVector<OpFoldResult> shape;
  for (int64_t d : type.getShape())
    shape.push_back(b.getIndexAttr(d));
  return tensor::ExpandShapeOp::create(b, loc, type, r,
                                       ArrayRef<ReassociationIndices>{all}, shape);
}

/// Stochastic elementwise quantizers on static tensors of 32k elements (no
/// offset) are lowered at vector level: `width` elements per step, whose
/// random words come from one Philox4x32-10 evaluation on width/4 lanes (4
/// words per counter), interleaved into element order. Each element still
/// gets word (i mod 4) of counter i/4: the reference's stream, computed 4x
/// less often; several independent chains per step overlap their latencies.
Value Lowering::lowerStochasticVector(int64_t width, Value base) {
  return vectorSteps(width, [&](OpBuilder &nb, Location nloc, Value in,
                                Value start) {
    ElementLowering el(nb, nloc, {width});
    ElementExtras extras;
    extras.seed = seed;
    Value index =
        base ? arith::AddIOp::create(nb, nloc, start, base).getResult() : start;
    extras.random = randomWordsFrom(nb, nloc, seed, index, width / 4);
    return el.quantize(q, in, extras);
  });
}

Value Lowering::lowerStochasticVectorDynamic(int64_t width, Value base) {
  // lowerStochasticVector's steps up to the last whole multiple of `width`,
  // then the rest (fewer than `width`) by the generic path with its random
  // index offset by where it starts: the same stream.
  Value x = op.getInput();
  Value n = tensor::DimOp::create(b, loc, x, 0);
  Value w = arith::ConstantIndexOp::create(b, loc, width);
  Value head = arith::MulIOp::create(b, loc,
                                     arith::DivUIOp::create(b, loc, n, w), w);
  Value rest = arith::SubIOp::create(b, loc, n, head);
  Value steps = lowerStochasticVector(width, base);
  OpFoldResult one = b.getIndexAttr(1);
  Value tail = tensor::ExtractSliceOp::create(
      b, loc, x, ArrayRef<OpFoldResult>{head}, ArrayRef<OpFoldResult>{rest},
      ArrayRef<OpFoldResult>{one});
  Value tailStart =
      base ? arith::AddIOp::create(b, loc, head, base).getResult() : head;
  Value tailQ = lowerElementwiseGeneric(tail, tailStart, /*statistic=*/nullptr);
  return tensor::InsertSliceOp::create(
      b, loc, tailQ, steps, ArrayRef<OpFoldResult>{head},
      ArrayRef<OpFoldResult>{rest}, ArrayRef<OpFoldResult>{one});
}

/// True when `v` (an index or integer) is a multiple of 4 by construction:
/// a constant, a product with such a constant, a sum of such values, or a
/// cast of one.
static bool knownMultipleOf4(Value v) {
  APInt c;
  if (matchPattern(v, m_ConstantInt(&c)))
    return c.urem(4) == 0;
  Operation *def = v.getDefiningOp();
  if (!def)
    return false;
  if (isa<arith::IndexCastOp, arith::IndexCastUIOp, arith::ExtUIOp,
          arith::ExtSIOp>(def))
    return knownMultipleOf4(def->getOperand(0));
  if (isa<arith::MulIOp>(def))
    return knownMultipleOf4(def->getOperand(0)) ||
           knownMultipleOf4(def->getOperand(1));
  if (isa<arith::AddIOp>(def))
    return knownMultipleOf4(def->getOperand(0)) &&
           knownMultipleOf4(def->getOperand(1));
  return false;
}

Value Lowering::withAlignedOffset(function_ref<Value(Value base)> vector) {
  Value offset = op.getOffset();
  if (!offset || knownMultipleOf4(offset)) // (a chunk index times its size)
    return vector(offset);
  Value x = op.getInput();
  Value four = arith::ConstantIndexOp::create(b, loc, 4);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value aligned = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq,
      arith::RemUIOp::create(b, loc, offset, four), zero);
  auto ifOp = scf::IfOp::create(b, loc, TypeRange{x.getType()}, aligned,
                                /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  scf::YieldOp::create(b, loc, vector(offset));
  b.setInsertionPointToStart(ifOp.elseBlock());
  scf::YieldOp::create(b, loc, lowerElementwiseGeneric(x, offset, nullptr));
  return ifOp.getResult(0);
}

Value Lowering::lowerElementwiseTensor(Value statistic) {
  Value x = op.getInput();
  auto type = cast<RankedTensorType>(x.getType());
  // Stochastic rounding in vector steps, four elements per Philox call;
  // with a random index offset (a part of a larger stream, e.g. a chunk of
  // the Python package's compiled tq.quantize) when it is a multiple of 4.
  if (q.isStochastic() && !statistic && type.hasStaticShape() &&
      type.getNumElements() > 0) {
    int64_t n = type.getNumElements();
    if (gpu && n % 4 == 0 && !op.getOffset())
      return lowerStochasticVector(4);
    if (!gpu && n % 32 == 0)
      return withAlignedOffset([&](Value base) {
        return lowerStochasticVector(
            n % 128 == 0 ? 128 : n % 64 == 0 ? 64 : 32, base);
      });
  }
  // A flattened tensor of dynamic size (tq-outline-quantizers' functions).
  if (q.isStochastic() && !statistic && !gpu && type.getRank() == 1 &&
      type.isDynamicDim(0))
    return withAlignedOffset(
        [&](Value base) { return lowerStochasticVectorDynamic(128, base); });
  return lowerElementwiseGeneric(x, op.getOffset(), statistic);
}

Value Lowering::lowerElementwiseGeneric(Value x, Value offset,
                                        Value statistic) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<Value> sizes = q.isStochastic() ? sizesOf(b, loc, x)
                                              : SmallVector<Value>{};
  Value init = emptyLike(x, type);
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<utils::IteratorType> iters(type.getRank(),
                                         utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, ValueRange{x}, ValueRange{init},
      ArrayRef<AffineMap>{id, id}, iters,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        ElementLowering el(nb, nloc, {});
        ElementExtras extras;
        extras.seed = seed;
        extras.statistic = statistic;
        if (q.isStochastic())
          extras.index = linearIndex(nb, nloc, sizes, offset);
        Value r = el.quantize(q, args[0], extras);
        linalg::YieldOp::create(nb, nloc, r);
      });
  return generic.getResult(0);
}

Value Lowering::lowerPerChannel(int64_t axisAttr) {
  Value x = op.getInput();
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  int64_t axis = normalizeAxis(axisAttr, rank);
  Type element = type.getElementType();
  int64_t channels = type.getDimSize(axis);
  // The format's per-channel constants, one tensor each.
  SmallVector<Value> inputs{x};
  for (DenseElementsAttr c :
       cast<QuantizerLoweringInterface>(q).getChannelParameters(
           b, element, getComputeType(q, element), channels))
    inputs.push_back(arith::ConstantOp::create(b, loc, c));
  SmallVector<Value> sizes = q.isStochastic() ? sizesOf(b, loc, x)
                                              : SmallVector<Value>{};
  Value init = emptyLike(x, type);
  AffineMap id = b.getMultiDimIdentityMap(rank);
  AffineMap ch = AffineMap::get(rank, 0, b.getAffineDimExpr(axis));
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  Value offset = op.getOffset();
  SmallVector<AffineMap> maps(inputs.size(), ch);
  maps[0] = id;
  maps.push_back(id);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, inputs, ValueRange{init}, maps, iters,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        ElementLowering el(nb, nloc, {});
        ElementExtras extras;
        extras.seed = seed;
        ValueRange channel = args.drop_front().drop_back();
        extras.channel.assign(channel.begin(), channel.end());
        if (q.isStochastic())
          extras.index = linearIndex(nb, nloc, sizes, offset);
        linalg::YieldOp::create(nb, nloc, el.quantize(q, args[0], extras));
      });
  return generic.getResult(0);
}

Value Lowering::preparedStatistic(TensorStrategy::Statistic statistic) {
  ElementLowering el(b, loc, {});
  return cast<QuantizerLoweringInterface>(q).prepareStatistic(
      el, wholeTensorStatistic(statistic), getElementTypeOrSelf(op.getType()));
}

Value Lowering::wholeTensorStatistic(TensorStrategy::Statistic statistic) {
  // MeanAbs: S / n, S the sum of |x| in f64 in the reference's blocked
  // order (ref::Ternary::absSum): kSumLevels levels of chunk sums, then a
  // sequential sum of the last level's. MaxAbs: the same levels with max
  // for sum (any order gives the same maximum), each an unsigned max of
  // the magnitude bits in the values' own width (NaN patterns lie above
  // +Inf's, so a NaN wins, as the reference's test for NaN and Inf needs;
  // integer maxima vectorize, NaN-propagating float ones do not), widened
  // to f64 once per chunk. One form for the CPU and the GPU:
  // a level is an scf.forall step per chunk whose body is vector code of
  // kSumLanes lanes: kSumSteps reads of a vector, added in order into a
  // vector of lane sums, then an ordered vector.reduction over the lanes
  // (no fast-math flags: nothing reassociates). The CPU runs it as vectors
  // (OpenMP threads over chunks), tq-gpu-launch one element per lane: a warp
  // per chunk, its 32 loads in flight at once, neighbouring warps on
  // neighbouring chunks. A level's last, partial chunk reads with padding;
  // nothing is copied.
  using ref::Ternary;
  bool isMax = statistic == TensorStrategy::Statistic::MaxAbs;
  auto combine = [&](OpBuilder &ob, Location oloc, Value l, Value r) -> Value {
    if (isMax)
      return arith::MaximumFOp::create(ob, oloc, l, r);
    return arith::AddFOp::create(ob, oloc, l, r);
  };
  constexpr int64_t L = Ternary::kSumLanes, K = Ternary::kSumSteps,
                    G = Ternary::kSumChunk;
  Value x = op.getInput();
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  Type f64 = b.getF64Type();
  MLIRContext *ctx = b.getContext();
  auto cst = [](OpBuilder &ob, Location l, int64_t v) {
    return arith::ConstantIndexOp::create(ob, l, v).getResult();
  };

  Value flat = x;
  int64_t numel = type.hasStaticShape() ? type.getNumElements()
                                        : ShapedType::kDynamic;
  auto flatT = RankedTensorType::get({numel}, type.getElementType());
  if (rank == 0) {
    flat = tensor::ExpandShapeOp::create(b, loc, flatT, x,
                                         ArrayRef<ReassociationIndices>{},
                                         ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
  } else if (rank > 1) {
    ReassociationIndices all;
    for (int64_t d = 0; d < rank; ++d)
      all.push_back(d);
    flat = tensor::CollapseShapeOp::create(b, loc, flatT, x,
                                           ArrayRef<ReassociationIndices>{all});
  }
  Value zero = arith::ConstantOp::create(b, loc, b.getF64FloatAttr(0.0));

  // One level: Q[c] = the sum of chunk c of v, c < ceil(m / G). The reads
  // of a whole chunk are in bounds; those of the last, partial one (when
  // there is one: static tails, every dynamic v) are padded with +0, under
  // an scf.if (c < the whole chunks' count), uniform per chunk.
  auto level = [&](Value v, bool absolute) {
    auto vT = cast<RankedTensorType>(v.getType());
    Type element = vT.getElementType();
    int64_t m = vT.getDimSize(0);
    bool dynamic = ShapedType::isDynamic(m);
    int64_t chunks = dynamic ? ShapedType::kDynamic : llvm::divideCeil(m, G);
    Value mV = dynamic ? tensor::DimOp::create(b, loc, v, 0).getResult() : cst(b, loc, m);
    Value chunksV = b.createOrFold<arith::CeilDivUIOp>(loc, mV, cst(b, loc, G));
    Value fullV = b.createOrFold<arith::DivUIOp>(loc, mV, cst(b, loc, G));
    bool partial = dynamic || m % G != 0;
    Value out = tensor::EmptyOp::create(b, loc, RankedTensorType::get({chunks}, f64),
                                        dynamic ? ValueRange{chunksV} : ValueRange{});
    auto vecE = VectorType::get({L}, element);
    auto vecD = VectorType::get({L}, f64);
    unsigned width = element.getIntOrFloatBitWidth();
    Type intE = b.getIntegerType(width);
    auto vecI = VectorType::get({L}, intE);
    auto loop = scf::ForallOp::create(
        b, loc, ArrayRef<OpFoldResult>{OpFoldResult(chunksV)}, ValueRange{out},
        std::nullopt, [&](OpBuilder &nb, Location nloc, ValueRange args) {
          Value base = arith::MulIOp::create(nb, nloc, args[0], cst(nb, nloc, G));
          Value padE = arith::ConstantOp::create(nb, nloc, nb.getFloatAttr(element, 0.0));
          // The K steps' lane sums, each step's reads in order.
          auto laneSums = [&](OpBuilder &ob, Location oloc, bool inBounds) {
            Value acc = arith::ConstantOp::create(
                ob, oloc,
                isMax ? DenseElementsAttr::get(vecI, ob.getIntegerAttr(intE, 0))
                      : DenseElementsAttr::get(vecD, ob.getF64FloatAttr(0.0)));
            Value magnitude;
            if (isMax)
              magnitude = arith::ConstantOp::create(
                  ob, oloc,
                  DenseElementsAttr::get(
                      vecI, ob.getIntegerAttr(
                                intE, APInt::getSignedMaxValue(width))));
            for (int64_t k = 0; k < K; ++k) {
              Value start = ob.createOrFold<arith::AddIOp>(
                  oloc, base, cst(ob, oloc, k * L));
              Value r = vector::TransferReadOp::create(ob, oloc, vecE, v,
                                                       ValueRange{start}, padE,
                                                       ArrayRef<bool>{inBounds});
              if (isMax) {
                Value bits = arith::BitcastOp::create(ob, oloc, vecI, r);
                bits = arith::AndIOp::create(ob, oloc, bits, magnitude);
                acc = arith::MaxUIOp::create(ob, oloc, acc, bits);
                continue;
              }
              if (element != f64)
                r = arith::ExtFOp::create(ob, oloc, vecD, r);
              if (absolute)
                r = math::AbsFOp::create(ob, oloc, r);
              acc = combine(ob, oloc, acc, r);
            }
            return acc;
          };
          Value acc;
          if (!partial) {
            acc = laneSums(nb, nloc, true);
          } else if (!dynamic && m < G) {
            acc = laneSums(nb, nloc, false);
          } else {
            Value whole = arith::CmpIOp::create(nb, nloc, arith::CmpIPredicate::ult,
                                                args[0], fullV);
            acc = scf::IfOp::create(
                      nb, nloc, whole,
                      [&](OpBuilder &tb, Location tloc) {
                        scf::YieldOp::create(tb, tloc, laneSums(tb, tloc, true));
                      },
                      [&](OpBuilder &eb, Location eloc) {
                        scf::YieldOp::create(eb, eloc, laneSums(eb, eloc, false));
                      })
                      .getResult(0);
          }
          Value q;
          if (isMax) {
            q = vector::ReductionOp::create(nb, nloc,
                                            vector::CombiningKind::MAXUI, acc);
            q = arith::BitcastOp::create(nb, nloc, element, q);
            if (element != f64)
              q = arith::ExtFOp::create(nb, nloc, f64, q);
          } else {
            q = vector::ReductionOp::create(
                nb, nloc, vector::CombiningKind::ADD, acc,
                arith::ConstantOp::create(nb, nloc, nb.getF64FloatAttr(0.0)));
          }
          writeSharedSlice(nb, nloc, args[1], RankedTensorType::get({1}, f64),
                           {args[0]}, [&](Value one) {
                             return tensor::InsertOp::create(
                                        nb, nloc, q, one, ValueRange{cst(nb, nloc, 0)})
                                 .getResult();
                           });
        });
    return loop.getResult(0);
  };
  // A level maps a 1-element (or empty) v to itself: such levels are left
  // out of a static tensor.
  Value sums = level(flat, /*absolute=*/true);
  for (int64_t l = 1; l < Ternary::kSumLevels; ++l) {
    int64_t m = cast<RankedTensorType>(sums.getType()).getDimSize(0);
    if (ShapedType::isDynamic(m) || m > 1)
      sums = level(sums, /*absolute=*/false);
  }
  // S = the sum of the last level's chunk sums, in order.
  AffineExpr d0 = getAffineDimExpr(0, ctx);
  Value init = linalg::FillOp::create(
                   b, loc, zero,
                   tensor::EmptyOp::create(b, loc, RankedTensorType::get({}, f64),
                                           ValueRange{})
                       .getResult())
                   .getResult(0);
  auto sum = linalg::GenericOp::create(
      b, loc, TypeRange{RankedTensorType::get({}, f64)}, ValueRange{sums},
      ValueRange{init},
      ArrayRef<AffineMap>{AffineMap::get(1, 0, {d0}, ctx), AffineMap::get(1, 0, ctx)},
      ArrayRef<utils::IteratorType>{utils::IteratorType::reduction},
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc, combine(nb, nloc, args[1], args[0]));
      });
  Value s = tensor::ExtractOp::create(b, loc, sum.getResult(0), ValueRange{});
  if (isMax)
    return s;
  Value n = tensor::DimOp::create(b, loc, flat, 0);
  Value nf = arith::UIToFPOp::create(
      b, loc, f64, arith::IndexCastOp::create(b, loc, b.getI64Type(), n));
  return arith::DivFOp::create(b, loc, s, nf);
}

/// An involution between float bit patterns (an integer of the float's
/// width, scalar or vector) and integers whose signed order is the float
/// order (-0 below +0; NaN patterns beyond the infinities, by sign): the
/// block statistics reduce on these, as integer reductions vectorize.
static Value sortableBits(ElementLowering &el, Value bits) {
  OpBuilder &b = el.builder();
  Location loc = el.location();
  Type it = getElementTypeOrSelf(bits.getType());
  unsigned width = it.getIntOrFloatBitWidth();
  Value sign = arith::ShRSIOp::create(b, loc, bits, el.constI(it, width - 1));
  Value magnitude = el.constI(it, int64_t(~(uint64_t(1) << (width - 1))));
  return arith::XOrIOp::create(b, loc, bits,
                               arith::AndIOp::create(b, loc, sign, magnitude));
}

/// The values a format's lowerBlockScale sets, in one order, so that they
/// can travel as tensors (one element per block) or be spread over a
/// block's elements, and be put back.
struct BlockValues {
  bool scaleExp = false, special = false, scale = false;
  size_t count = 0; ///< blockValues

  static BlockValues of(const ElementExtras &e) {
    return {bool(e.scaleExp), bool(e.special), bool(e.scale),
            e.blockValues.size()};
  }
  SmallVector<Value> pack(const ElementExtras &e) const {
    SmallVector<Value> values;
    for (Value v : {e.scaleExp, e.special, e.scale})
      if (v)
        values.push_back(v);
    llvm::append_range(values, e.blockValues);
    return values;
  }
  void unpack(ValueRange values, ElementExtras &e) const {
    size_t i = 0;
    if (scaleExp)
      e.scaleExp = values[i++];
    if (special)
      e.special = values[i++];
    if (scale)
      e.scale = values[i++];
    e.blockValues.assign(values.begin() + i, values.begin() + i + count);
  }
};

/// Blocks longer than this take the generic path (a vector per block would
/// not fit in registers).
static constexpr int64_t kMaxVectorBlock = 1024;

/// Blocks along a contiguous last axis (static, whole blocks of a multiple
/// of 4 elements): one pass, `k` blocks per step (a vector of k * block
/// elements, up to kBlocksPerStep elements when the tensor divides): read,
/// the blocks' max |x| (a shuffle tree across the blocks for power-of-two
/// sizes, else a vector.reduction per block), their scales
/// computed as vectors of k lanes, spread to their elements
/// (vector.shuffle), quantize, write.
static constexpr int64_t kBlocksPerStep = 128;
Value Lowering::lowerBlocksVector(int64_t block, const TensorStrategy &strategy,
                                  Value statistic) {
  auto type = cast<RankedTensorType>(op.getType());
  Type element = type.getElementType();
  Type compute = getComputeType(q, element);
  int64_t n = type.getNumElements();
  // GPU kernels keep one block per step: tq-gpu-launch maps its elements to
  // the lanes of a warp and the block's reduction to one redux.sync.
  int64_t k = 1;
  while (!gpu && 2 * k * block <= kBlocksPerStep && n % (2 * k * block) == 0)
    k *= 2;
  int64_t width = k * block;
  return vectorSteps(width, [&](OpBuilder &nb, Location nloc, Value in,
                                Value iv) {
    ElementLowering el(nb, nloc, {width});
    // With one block per step its values are scalars.
    ElementLowering sc(nb, nloc,
                       k == 1 ? ArrayRef<int64_t>{} : ArrayRef<int64_t>{k});
    Value wide = el.widen(in, compute);
    // Each block's reduction, as one vector of k lanes. With several
    // blocks of a power-of-two size, a tree across the blocks: each step
    // combines every block's lower half with its upper half (two shuffles
    // and one op for all blocks), log2(block) steps; integer max and min,
    // so the order does not matter. Else a vector.reduction per block.
    auto reduce = [&](vector::CombiningKind kind, Value v) -> Value {
      if (k > 1 && llvm::isPowerOf2_64(uint64_t(block))) {
        Value cur = v;
        Type et = cast<VectorType>(v.getType()).getElementType();
        for (int64_t w = block; w > 1; w /= 2) {
          int64_t half = w / 2;
          SmallVector<int64_t> lo, hi;
          for (int64_t j = 0; j < k; ++j)
            for (int64_t i = 0; i < half; ++i) {
              lo.push_back(j * w + i);
              hi.push_back(j * w + half + i);
            }
          Value a = vector::ShuffleOp::create(nb, nloc, cur, cur, lo);
          Value c = vector::ShuffleOp::create(nb, nloc, cur, cur, hi);
          cur = vector::makeArithReduction(nb, nloc, kind, a, c);
        }
        assert(cast<VectorType>(cur.getType()) == VectorType::get({k}, et));
        (void)et;
        return cur;
      }
      SmallVector<Value> lanes;
      for (int64_t j = 0; j < k; ++j) {
        Value slice = v;
        if (k > 1)
          slice = vector::ExtractStridedSliceOp::create(
              nb, nloc, v, ArrayRef<int64_t>{j * block},
              ArrayRef<int64_t>{block}, ArrayRef<int64_t>{1});
        lanes.push_back(vector::ReductionOp::create(nb, nloc, kind, slice));
      }
      if (k == 1)
        return lanes[0];
      Type et = cast<VectorType>(v.getType()).getElementType();
      return vector::FromElementsOp::create(nb, nloc,
                                            VectorType::get({k}, et), lanes);
    };
    ElementExtras scalar;
    scalar.statistic = statistic;
    Value m;
    Type it = nb.getIntegerType(compute.getIntOrFloatBitWidth());
    if (strategy.blockRange) {
      // On sortable patterns (sortableBits), decoded; max |x| = max(-min,
      // max), NaN-propagating, from the range.
      Value key = sortableBits(el, el.bitcast(wide, it));
      auto decode = [&](Value v) {
        return sc.bitcast(sortableBits(sc, v), compute);
      };
      scalar.blockMin = decode(reduce(vector::CombiningKind::MINSI, key));
      scalar.blockMax = decode(reduce(vector::CombiningKind::MAXSI, key));
      m = arith::MaximumFOp::create(
          nb, nloc, arith::NegFOp::create(nb, nloc, scalar.blockMin),
          scalar.blockMax);
    } else {
      // max |x| on the bit patterns: for non-negative floats the unsigned
      // integer order is the float order, and NaN and Inf patterns sort
      // above every finite value, as a NaN-propagating max would.
      unsigned bits = compute.getIntOrFloatBitWidth();
      Value magBits = arith::AndIOp::create(
          nb, nloc, arith::BitcastOp::create(nb, nloc, el.typeOf(it), wide),
          el.constI(it, int64_t(~(uint64_t(1) << (bits - 1)))));
      m = arith::BitcastOp::create(
          nb, nloc, sc.typeOf(compute),
          reduce(vector::CombiningKind::MAXUI, magBits));
    }
    // The tensor's statistic, one lane per block.
    if (statistic && k > 1)
      scalar.statistic = vector::BroadcastOp::create(
          nb, nloc, VectorType::get({k}, statistic.getType()), statistic);
    sc.blockScale(q, m, scalar);
    // A block's values, to each of its elements (element i takes lane
    // i / block).
    SmallVector<int64_t> mask(width);
    for (int64_t i = 0; i < width; ++i)
      mask[i] = i / block;
    auto splat = [&](Value v) -> Value {
      return vector::BroadcastOp::create(
          nb, nloc, VectorType::get({width}, v.getType()), v);
    };
    BlockValues layout = BlockValues::of(scalar);
    SmallVector<Value> spread;
    for (Value v : layout.pack(scalar))
      spread.push_back(k == 1 ? splat(v)
                              : vector::ShuffleOp::create(nb, nloc, v, v, mask)
                                    .getResult());
    ElementExtras extras;
    extras.seed = seed;
    layout.unpack(spread, extras);
    if (statistic)
      extras.statistic = splat(statistic);
    if (q.isStochastic())
      extras.random = randomWordsFrom(nb, nloc, seed, iv, width / 4);
    return el.quantize(q, in, extras);
  });
}

FailureOr<Value> Lowering::lowerBlocks(const TensorStrategy &strategy) {
  Value x = op.getInput();
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  int64_t axis = normalizeAxis(strategy.axis, rank);
  int64_t block = strategy.block;
  // Nothing to quantize in an empty tensor (its block axis may be 0 long).
  if ((type.hasStaticShape() && type.getNumElements() == 0) ||
      (!type.isDynamicDim(axis) && type.getDimSize(axis) == 0))
    return x;
  // A block longer than a static axis is one block of the whole axis, as in
  // the reference: clamp it, so that no size below overflows (block may be
  // up to 2^63 - 1).
  if (!type.isDynamicDim(axis) && block > type.getDimSize(axis))
    block = type.getDimSize(axis);
  bool vectorPath =
      axis == rank - 1 && type.hasStaticShape() && !op.getOffset() &&
      block % 4 == 0 && block <= kMaxVectorBlock &&
      type.getDimSize(axis) % block == 0;
  if (type.isDynamicDim(axis))
    return op.emitError("tq-lower-to-arith: ")
           << q.getSpec() << " needs a static size along its block axis "
           << axis << " of " << type;
  Value statistic;
  if (strategy.tensorStatistic)
    statistic = preparedStatistic(*strategy.tensorStatistic);
  if (vectorPath)
    return lowerBlocksVector(block, strategy, statistic);
  Type element = type.getElementType();
  int64_t dim = type.getDimSize(axis);
  int64_t nb = (dim + block - 1) / block, padded = nb * block;
  // The original sizes, for stochastic rounding's element indices.
  SmallVector<Value> sizes = q.isStochastic() ? sizesOf(b, loc, x)
                                              : SmallVector<Value>{};

  // Pad the axis to whole blocks with zeros (they change no block maximum).
  Value xp = x;
  if (padded != dim) {
    SmallVector<int64_t> pshape(type.getShape());
    pshape[axis] = padded;
    auto ptype = RankedTensorType::get(pshape, element);
    SmallVector<OpFoldResult> low(rank, b.getIndexAttr(0)),
        high(rank, b.getIndexAttr(0));
    high[axis] = b.getIndexAttr(padded - dim);
    Value zero = arith::ConstantOp::create(b, loc, b.getFloatAttr(element, 0.0));
    xp = tensor::PadOp::create(b, loc, ptype, x, low, high, zero);
  }
  // Split the axis into (block number, position in block).
  SmallVector<int64_t> eshape;
  SmallVector<ReassociationIndices> reassoc;
  for (int64_t d = 0, e = 0; d < rank; ++d) {
    if (d == axis) {
      eshape.push_back(nb);
      eshape.push_back(block);
      reassoc.push_back({e, e + 1});
      e += 2;
    } else {
      eshape.push_back(type.getDimSize(d));
      reassoc.push_back({e});
      e += 1;
    }
  }
  auto etype = RankedTensorType::get(eshape, element);
  SmallVector<OpFoldResult> eSizes;
  SmallVector<OpFoldResult> xpSizes = mixedSizes(b, loc, xp);
  for (int64_t d = 0; d < rank; ++d) {
    if (d == axis) {
      eSizes.push_back(b.getIndexAttr(nb));
      eSizes.push_back(b.getIndexAttr(block));
    } else {
      eSizes.push_back(xpSizes[d]);
    }
  }
  Value xe = tensor::ExpandShapeOp::create(b, loc, etype, xp, reassoc, eSizes);

  // Block statistics; maximumf and minimumf propagate NaN.
  int64_t erank = rank + 1;
  SmallVector<int64_t> mshape;
  SmallVector<AffineExpr> mexprs;
  for (int64_t d = 0; d < erank; ++d)
    if (d != axis + 1) {
      mshape.push_back(eshape[d]);
      mexprs.push_back(b.getAffineDimExpr(d));
    }
  // The statistics are taken in the compute type: arithmetic on bf16 is
  // emulated by LLVM and not guaranteed to keep subnormals.
  Type compute = getComputeType(q, element);
  SmallVector<Value> mdyn;
  for (int64_t d = 0, m = 0; d < erank; ++d) {
    if (d == axis + 1)
      continue;
    if (ShapedType::isDynamic(mshape[m]))
      mdyn.push_back(tensor::DimOp::create(b, loc, xe, d));
    ++m;
  }
  // The statistics are reduced on integer patterns, which vectorize (a
  // float max or min chain does not reassociate): max |x| as the unsigned
  // max of the magnitude bits, min x and max x as signed min and max of a
  // sortable form. NaN patterns sort above Inf (max |x| is NaN for a block
  // holding one; with a range, max -min or max is NaN), the others in float
  // order.
  unsigned width = compute.getIntOrFloatBitWidth();
  Type it = b.getIntegerType(width);
  auto itype = RankedTensorType::get(mshape, it);
  Value empty = tensor::EmptyOp::create(b, loc, itype, mdyn);
  auto filled = [&](APInt v) {
    Value c = arith::ConstantOp::create(b, loc, b.getIntegerAttr(it, v));
    return linalg::FillOp::create(b, loc, c, empty).getResult(0);
  };
  SmallVector<Value> inits;
  if (strategy.blockRange) {
    inits.push_back(filled(APInt::getSignedMaxValue(width)));
    inits.push_back(filled(APInt::getSignedMinValue(width)));
  } else {
    inits.push_back(filled(APInt::getZero(width)));
  }
  SmallVector<Type> mtypes(inits.size(), itype);
  AffineMap id = b.getMultiDimIdentityMap(erank);
  AffineMap toBlock = AffineMap::get(erank, 0, mexprs, b.getContext());
  SmallVector<utils::IteratorType> riters(erank, utils::IteratorType::parallel);
  riters[axis + 1] = utils::IteratorType::reduction;
  SmallVector<AffineMap> rmaps{id};
  rmaps.append(inits.size(), toBlock);
  auto stats = linalg::GenericOp::create(
      b, loc, mtypes, ValueRange{xe}, inits, rmaps, riters,
      [&](OpBuilder &nb2, Location nloc, ValueRange args) {
        ElementLowering el(nb2, nloc, {});
        Value bits = el.bitcast(el.widen(args[0], compute), it);
        SmallVector<Value> results;
        if (strategy.blockRange) {
          Value key = sortableBits(el, bits);
          results.push_back(arith::MinSIOp::create(nb2, nloc, args[1], key));
          results.push_back(arith::MaxSIOp::create(nb2, nloc, args[2], key));
        } else {
          Value mag = arith::AndIOp::create(
              nb2, nloc, bits,
              el.constI(it, APInt::getSignedMaxValue(width).getSExtValue()));
          results.push_back(arith::MaxUIOp::create(nb2, nloc, args[1], mag));
        }
        linalg::YieldOp::create(nb2, nloc, results);
      });
  // The format's block values from the block's statistics (max |x| from
  // the range: NaN-propagating, as the reduction of |x| would be).
  auto blockScale = [&](ElementLowering &el, ValueRange args,
                        ElementExtras &extras) {
    extras.statistic = statistic;
    Value maxAbs = args[0];
    if (strategy.blockRange) {
      extras.blockMin = args[0];
      extras.blockMax = args[1];
      OpBuilder &ob = el.builder();
      maxAbs = arith::MaximumFOp::create(
          ob, el.location(), arith::NegFOp::create(ob, el.location(), args[0]),
          args[1]);
    }
    el.blockScale(q, maxAbs, extras);
  };
  // Their types, from the format's code on a probe block (erased with it).
  BlockValues layout;
  SmallVector<Type> vtypes;
  {
    Block probe;
    for (size_t i = 0; i < inits.size(); ++i)
      probe.addArgument(compute, loc);
    OpBuilder pb(b.getContext());
    pb.setInsertionPointToStart(&probe);
    ElementLowering el(pb, loc, {});
    ElementExtras extras;
    blockScale(el, probe.getArguments(), extras);
    layout = BlockValues::of(extras);
    for (Value v : layout.pack(extras))
      vtypes.push_back(v.getType());
  }
  // Once per block.
  int64_t mrank = erank - 1;
  AffineMap mid = b.getMultiDimIdentityMap(mrank);
  SmallVector<Value> vinits;
  for (Type t : vtypes)
    vinits.push_back(tensor::EmptyOp::create(
        b, loc, RankedTensorType::get(mshape, t), mdyn));
  SmallVector<AffineMap> vmaps(inits.size() + vtypes.size(), mid);
  auto values = linalg::GenericOp::create(
      b, loc, ValueRange(vinits).getTypes(), stats.getResults(), vinits,
      vmaps,
      SmallVector<utils::IteratorType>(mrank, utils::IteratorType::parallel),
      [&](OpBuilder &nb2, Location nloc, ValueRange args) {
        ElementLowering el(nb2, nloc, {});
        // Back from the integer patterns to the compute type.
        SmallVector<Value> floats;
        for (Value v : args.take_front(inits.size()))
          floats.push_back(el.bitcast(
              strategy.blockRange ? sortableBits(el, v) : v, compute));
        ElementExtras extras;
        blockScale(el, floats, extras);
        linalg::YieldOp::create(nb2, nloc, layout.pack(extras));
      });

  // Quantize each element with its block's values.
  Value einit = emptyLike(xe, etype);
  SmallVector<utils::IteratorType> piters(erank, utils::IteratorType::parallel);
  Value offset = op.getOffset();
  SmallVector<Value> ginputs{xe};
  llvm::append_range(ginputs, values.getResults());
  SmallVector<AffineMap> gmaps{id};
  gmaps.append(values.getNumResults(), toBlock);
  gmaps.push_back(id);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{etype}, ginputs, ValueRange{einit}, gmaps, piters,
      [&](OpBuilder &nb2, Location nloc, ValueRange args) {
        ElementLowering el(nb2, nloc, {});
        ElementExtras extras;
        extras.seed = seed;
        extras.statistic = statistic;
        layout.unpack(args.slice(1, values.getNumResults()), extras);
        if (q.isStochastic()) {
          // The element's index in the original (unpadded) tensor.
          SmallVector<Value> idx(rank);
          for (int64_t d = 0, ed = 0; d < rank; ++d) {
            if (d == axis) {
              Value blk = linalg::IndexOp::create(nb2, nloc, ed);
              Value pos = linalg::IndexOp::create(nb2, nloc, ed + 1);
              idx[d] = arith::AddIOp::create(
                  nb2, nloc,
                  arith::MulIOp::create(
                      nb2, nloc, blk,
                      arith::ConstantIndexOp::create(nb2, nloc, block)),
                  pos);
              ed += 2;
            } else {
              idx[d] = linalg::IndexOp::create(nb2, nloc, ed);
              ed += 1;
            }
          }
          extras.index = linearIndex(nb2, nloc, sizes, offset, idx);
        }
        linalg::YieldOp::create(nb2, nloc, el.quantize(q, args[0], extras));
      });

  // Back to the padded shape, then to the original.
  auto ptype = cast<RankedTensorType>(xp.getType());
  Value collapsed = tensor::CollapseShapeOp::create(b, loc, ptype,
                                                    generic.getResult(0), reassoc);
  if (padded == dim)
    return collapsed;
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0)),
      strides(rank, b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, type, collapsed, offsets,
                                        mixedSizes(b, loc, x), strides)
      .getResult();
}

FailureOr<Value> Lowering::lower() {
  b.setInsertionPoint(op);
  if (q.isIdentity(getElementTypeOrSelf(op.getType())))
    return op.getInput();
  if (!isa<QuantizerLoweringInterface>(q))
    return op.emitError("tq-lower-to-arith: no lowering for ")
           << q.getSpec()
           << " (its attribute has no QuantizerLoweringInterface model)";
  if (!isa<RankedTensorType>(op.getInput().getType()))
    return lowerScalarOrVector();
  TensorStrategy strategy = q.getTensorStrategy();
  switch (strategy.kind) {
  case TensorStrategy::Kind::Elementwise:
    return lowerElementwiseTensor(Value());
  case TensorStrategy::Kind::PerChannel:
    return lowerPerChannel(strategy.axis);
  case TensorStrategy::Kind::Blocks:
    return lowerBlocks(strategy);
  case TensorStrategy::Kind::WholeTensor:
    return lowerElementwiseTensor(preparedStatistic(strategy.statistic));
  }
  llvm_unreachable("a tensor strategy without a lowering");
}

/// tq.quantize -> arith/linalg through Lowering.
struct QuantizeToArith : OpRewritePattern<QuantizeOp> {
  QuantizeToArith(MLIRContext *context, LoweringTarget target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(QuantizeOp op,
                                PatternRewriter &rewriter) const override {
    // Lowering reports its own errors on the op.
    FailureOr<Value> r =
        Lowering(rewriter, op, target == LoweringTarget::gpu).lower();
    if (failed(r))
      return failure();
    rewriter.replaceOp(op, *r);
    return success();
  }

  LoweringTarget target;
};

/// The value of every lane of `v` when `v` is a splat constant, or an op of
/// splat constants that folds to one (a bitcast of a constant); else null.
static Attribute splatValueOf(Value v) {
  DenseElementsAttr constant;
  if (matchPattern(v, m_Constant(&constant)))
    return constant.isSplat() ? constant.getSplatValue<Attribute>()
                              : Attribute();
  Operation *def = v.getDefiningOp();
  if (!def || def->getNumResults() != 1 || def->getNumOperands() == 0)
    return {};
  SmallVector<Attribute> operands;
  for (Value operand : def->getOperands()) {
    DenseElementsAttr c;
    if (!matchPattern(operand, m_Constant(&c)))
      return {};
    operands.push_back(c);
  }
  SmallVector<OpFoldResult> folded;
  if (failed(def->fold(operands, folded)) || folded.size() != 1)
    return {};
  auto attr =
      dyn_cast_if_present<DenseElementsAttr>(dyn_cast<Attribute>(folded[0]));
  return attr && attr.isSplat() ? attr.getSplatValue<Attribute>()
                                : Attribute();
}

/// A spread: a shuffle of one vector with itself into a longer one (each
/// lane of the result is a lane of the source); else null.
static vector::ShuffleOp spreadOf(Value v) {
  auto s = v.getDefiningOp<vector::ShuffleOp>();
  if (!s || s.getV1() != s.getV2() ||
      s.getV1VectorType().getNumElements() >=
          s.getResultVectorType().getNumElements())
    return {};
  return s;
}

/// op(shuffle(a, a, M), ..., splat c) -> shuffle(op(a, ..., c'), M)
/// (populateNarrowSpreadPatterns).
struct NarrowSpreadElementwise : public RewritePattern {
  NarrowSpreadElementwise(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!OpTrait::hasElementwiseMappableTraits(op) ||
        op->getNumResults() != 1 || op->getNumRegions() != 0)
      return failure();
    auto resultType = dyn_cast<VectorType>(op->getResult(0).getType());
    if (!resultType || resultType.getRank() != 1 || resultType.isScalable())
      return failure();
    // Each operand: the spread's source, or the splat's value.
    vector::ShuffleOp spread;
    SmallVector<Attribute> splats(op->getNumOperands());
    for (auto [i, operand] : llvm::enumerate(op->getOperands())) {
      if (vector::ShuffleOp s = spreadOf(operand)) {
        if (!spread)
          spread = s;
        else if (s.getMask() != spread.getMask() ||
                 s.getV1VectorType().getShape() !=
                     spread.getV1VectorType().getShape())
          return failure();
        continue;
      }
      splats[i] = splatValueOf(operand);
      if (!splats[i])
        return failure();
    }
    if (!spread || spread.getV1VectorType().getRank() != 1)
      return failure();
    ArrayRef<int64_t> narrowShape = spread.getV1VectorType().getShape();
    SmallVector<Value> operands;
    for (auto [i, operand] : llvm::enumerate(op->getOperands())) {
      if (!splats[i]) {
        operands.push_back(spreadOf(operand).getV1());
        continue;
      }
      auto narrow = VectorType::get(
          narrowShape, cast<VectorType>(operand.getType()).getElementType());
      operands.push_back(arith::ConstantOp::create(
          rewriter, op->getLoc(), DenseElementsAttr::get(narrow, splats[i])));
    }
    OperationState state(op->getLoc(), op->getName().getStringRef(), operands,
                         {VectorType::get(narrowShape,
                                          resultType.getElementType())},
                         op->getAttrs());
    Value narrow = rewriter.create(state)->getResult(0);
    rewriter.replaceOpWithNewOp<vector::ShuffleOp>(op, narrow, narrow,
                                                   spread.getMask());
    return success();
  }
};

struct LowerToArithPass
    : public tq::impl::TQLowerToArithBase<LowerToArithPass> {
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    // The formats' code, attached to tq's quantizer attributes.
    registerQuantizerLoweringModels(registry);
  }

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateTQToArithPatterns(patterns, target);
    walkAndApplyPatterns(getOperation(), std::move(patterns));
    // A quantize left over failed with an error of its own.
    if (getOperation()
            .walk([](QuantizeOp) { return WalkResult::interrupt(); })
            .wasInterrupted())
      return signalPassFailure();
    // What the element code computes from block values, once per block:
    // the users of the lowering's spreads, and what they lead to.
    llvm::SetVector<Operation *> users;
    getOperation().walk([&](vector::ShuffleOp s) {
      if (spreadOf(s.getResult()))
        users.insert(s->user_begin(), s->user_end());
    });
    if (!users.empty()) {
      RewritePatternSet narrow(&getContext());
      populateNarrowSpreadPatterns(narrow);
      GreedyRewriteConfig config;
      config.setStrictness(GreedyRewriteStrictness::AnyOp)
          .enableConstantCSE(false);
      (void)applyOpPatternsGreedily(users.getArrayRef(), std::move(narrow),
                                    config);
    }
    // The records of tq-insert (tq.quantized, tq.intrinsic) have served their
    // purpose; after lowering no tq attribute may remain for LLVM tools.
    getOperation().walk([](Operation *op) {
      SmallVector<StringAttr> names;
      for (NamedAttribute a : op->getDiscardableAttrs())
        if (a.getName().getValue().starts_with("tq."))
          names.push_back(a.getName());
      for (StringAttr n : names)
        op->removeDiscardableAttr(n);
    });
  }
};
} // namespace

void tq::populateTQToArithPatterns(RewritePatternSet &patterns,
                                   LoweringTarget target) {
  patterns.add<QuantizeToArith>(patterns.getContext(), target);
}

void tq::populateNarrowSpreadPatterns(RewritePatternSet &patterns) {
  patterns.add<NarrowSpreadElementwise>(patterns.getContext());
}
