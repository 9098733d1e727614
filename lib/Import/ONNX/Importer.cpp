//===- Importer.cpp - ONNX graphs to TOSA ----------------------------------===//
//
// One ONNX node at a time, in the graph's (topological) order. Shapes come
// from ONNX's shape inference (ModelLoader.cpp); values that only depend on
// constants and static shapes are evaluated here (HostTensor) and never
// reach the IR. Rank-4 activations are kept channels last (NHWC) from the
// first convolution or pooling on, through the elementwise and per-channel
// ops, and go back to ONNX's layout only where an op needs it (Reshape,
// Flatten, MatMul, ...), so a CNN has one transpose at its input and one
// before its classifier.
//
//===----------------------------------------------------------------------===//

#include "HostTensor.h"
#include "ModelLoader.h"
#include "tq/Import/ONNX.h"

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <memory>
#include <numeric>

using namespace mlir;
using namespace tq;
using namespace tq::onnx_import;
using llvm::SmallVector;
using llvm::StringRef;

namespace {

/// numpy.transpose(x, (0, 2, 3, 1)): ONNX's NCHW to NHWC, and back.
constexpr int64_t kToNHWC[] = {0, 2, 3, 1};
constexpr int64_t kToNCHW[] = {0, 3, 1, 2};

SmallVector<int64_t> permute(ArrayRef<int64_t> shape, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> out;
  for (int64_t p : perm)
    out.push_back(shape[p]);
  return out;
}

int64_t product(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::vector<int64_t> toVec(const std::optional<SmallVector<int64_t>> &v) {
  return v ? std::vector<int64_t>(v->begin(), v->end()) : std::vector<int64_t>();
}

std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s.empty() ? "scalar" : s;
}

/// Numpy broadcasting of two shapes; nullopt if they do not broadcast.
std::optional<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> a,
                                                    ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return std::nullopt;
    out[i] = da == 1 ? db : da;
  }
  return out;
}

/// True when `s` broadcasts (numpy rules) to exactly `out`.
bool broadcastsTo(ArrayRef<int64_t> s, ArrayRef<int64_t> out) {
  if (s.size() > out.size())
    return false;
  for (size_t i = 0; i < s.size(); ++i) {
    int64_t d = s[s.size() - 1 - i], o = out[out.size() - 1 - i];
    if (d != o && d != 1)
      return false;
  }
  return true;
}

/// A tensor converted from a TensorProto (initializer, Constant value).
FailureOr<HostTensor> toHost(const onnx::TensorProto &t, std::string &why) {
  HostTensor h;
  h.dtype = t.data_type();
  h.source = t.name();
  for (int64_t d : t.dims())
    h.shape.push_back(d);
  unsigned size = dtypeSize(h.dtype);
  if (!size) {
    why = std::string("tensor '") + t.name() + "' has element type " +
          dtypeName(h.dtype) + ", which the importer does not handle";
    return failure();
  }
  // Sizes are checked before anything is allocated: a shape may claim
  // more elements than the file holds.
  int64_t n = 1;
  for (int64_t d : h.shape) {
    if (d < 0 || (d > 0 && n > (int64_t(1) << 40) / d)) {
      why = "tensor '" + t.name() + "' has an invalid shape " + shapeStr(h.shape);
      return failure();
    }
    n *= d;
  }
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    why = "tensor '" + t.name() + "' has unresolved external data";
    return failure();
  }
  if (t.has_raw_data()) {
    if (int64_t(t.raw_data().size()) != n * size) {
      why = "tensor '" + t.name() + "' holds " +
            std::to_string(t.raw_data().size()) + " bytes, its shape " +
            shapeStr(h.shape) + " of " + dtypeName(h.dtype) + " needs " +
            std::to_string(n * size);
      return failure();
    }
    h.raw.assign(t.raw_data().begin(), t.raw_data().end());
    return h;
  }
  int64_t have = 0;
  switch (h.dtype) {
  case kFloat: have = t.float_data_size(); break;
  case kDouble: have = t.double_data_size(); break;
  case kInt64: have = t.int64_data_size(); break;
  case kUInt32: case kUInt64: have = t.uint64_data_size(); break;
  default: have = t.int32_data_size(); break;
  }
  if (have != n) {
    why = "tensor '" + t.name() + "' has " + std::to_string(have) +
          " values, its shape " + shapeStr(h.shape) + " needs " +
          std::to_string(n);
    return failure();
  }
  h = HostTensor::zeros(h.dtype, h.shape);
  h.source = t.name();
  auto check = [&](int64_t have) {
    if (have == n)
      return true;
    why = "tensor '" + t.name() + "' has " + std::to_string(have) +
          " values, its shape " + shapeStr(h.shape) + " needs " +
          std::to_string(n);
    return false;
  };
  switch (h.dtype) {
  case kFloat:
    if (!check(t.float_data_size()))
      return failure();
    for (int64_t i = 0; i < n; ++i)
      h.setDouble(i, t.float_data(i));
    return h;
  case kDouble:
    if (!check(t.double_data_size()))
      return failure();
    for (int64_t i = 0; i < n; ++i)
      h.setDouble(i, t.double_data(i));
    return h;
  case kInt64:
    if (!check(t.int64_data_size()))
      return failure();
    for (int64_t i = 0; i < n; ++i)
      h.setInt(i, t.int64_data(i));
    return h;
  case kUInt32:
  case kUInt64:
    if (!check(t.uint64_data_size()))
      return failure();
    for (int64_t i = 0; i < n; ++i)
      h.setInt(i, int64_t(t.uint64_data(i)));
    return h;
  case kFloat16:
  case kBFloat16:
    // int32_data holds the 16-bit patterns.
    if (!check(t.int32_data_size()))
      return failure();
    for (int64_t i = 0; i < n; ++i) {
      uint16_t bits = uint16_t(t.int32_data(i));
      std::memcpy(h.raw.data() + 2 * i, &bits, 2);
    }
    return h;
  default:
    if (!check(t.int32_data_size()))
      return failure();
    for (int64_t i = 0; i < n; ++i)
      h.setInt(i, t.int32_data(i));
    return h;
  }
}

/// An ONNX value while importing. `v` is null for values known only on the
/// host (`host`), until an op needs them in the IR.
struct Val {
  Value v;
  /// `v` holds the ONNX tensor transposed by kToNHWC.
  bool nhwc = false;
  std::shared_ptr<HostTensor> host;
  int32_t dtype = kFloat;
  SmallVector<int64_t> shape; // ONNX's layout
  /// `v` in ONNX's layout (cached transpose), and constants materialized.
  Value onnxLayout, nhwcLayout;
};

enum class Layout { ONNX, NHWC };

class Importer {
public:
  Importer(MLIRContext &ctx, const onnx::ModelProto &model, StringRef fileName,
           const ONNXImportOptions &options)
      : ctx(ctx), model(model), graph(model.graph()), fileName(fileName.str()),
        options(options), b(&ctx), loc(UnknownLoc::get(&ctx)) {}

  OwningOpRef<ModuleOp> run();

private:
  MLIRContext &ctx;
  const onnx::ModelProto &model;
  const onnx::GraphProto &graph;
  std::string fileName;
  const ONNXImportOptions &options;
  OpBuilder b;
  Location loc;

  llvm::StringMap<Val> values;
  /// Static types from shape inference: name -> (dtype, shape).
  llvm::StringMap<std::pair<int32_t, SmallVector<int64_t>>> types;
  std::map<std::string, int64_t> opsets;
  /// Names of the initializers (their constants keep these names).
  llvm::StringSet<> initializerNames;
  /// QuantizeLinear results waiting for their DequantizeLinear.
  struct Pending {
    std::string input, node;
    std::vector<double> scale;
    std::vector<int64_t> zeroPoint;
    int32_t zeroDType = kUInt8;
    int64_t axis = 1;
  };
  llvm::StringMap<Pending> pending;
  unsigned resourceCount = 0;

  // The node being imported.
  const onnx::NodeProto *node = nullptr;
  int64_t opset = 0;
  std::string nodeName;

  //===--- Errors --------------------------------------------------------===//
  InFlightDiagnostic fail() {
    InFlightDiagnostic d = emitError(FileLineColLoc::get(&ctx, fileName, 0, 0));
    if (node)
      d << "node '" << nodeName << "' (" << node->op_type() << ", opset "
        << opset << "): ";
    return d;
  }

  //===--- Node inputs, outputs and attributes ---------------------------===//
  StringRef inName(int i) const {
    return i < node->input_size() ? StringRef(node->input(i)) : StringRef();
  }
  bool hasIn(int i) const { return !inName(i).empty(); }
  Val *in(int i) {
    StringRef name = inName(i);
    auto it = values.find(name);
    if (it == values.end()) {
      if (auto p = pending.find(name); p != pending.end())
        fail() << "input " << i << " ('" << name
               << "') is the integer result of QuantizeLinear '"
               << p->second.node
               << "': it is only supported as the input of a "
                  "DequantizeLinear with the same scale and zero point";
      else
        fail() << "input " << i << " ('" << name
               << "') is produced by no imported node";
      return nullptr;
    }
    return &it->second;
  }
  const onnx::AttributeProto *attr(StringRef name) const {
    for (const onnx::AttributeProto &a : node->attribute())
      if (a.name() == name)
        return &a;
    return nullptr;
  }
  int64_t attrInt(StringRef name, int64_t def) const {
    const onnx::AttributeProto *a = attr(name);
    return a ? a->i() : def;
  }
  float attrFloat(StringRef name, float def) const {
    const onnx::AttributeProto *a = attr(name);
    return a ? a->f() : def;
  }
  std::string attrString(StringRef name, StringRef def) const {
    const onnx::AttributeProto *a = attr(name);
    return a ? a->s() : def.str();
  }
  std::optional<SmallVector<int64_t>> attrInts(StringRef name) const {
    const onnx::AttributeProto *a = attr(name);
    if (!a)
      return std::nullopt;
    return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
  }
  /// The static type of output `i` (from shape inference).
  FailureOr<std::pair<int32_t, SmallVector<int64_t>>> outType(int i) {
    auto it = types.find(node->output(i));
    if (it != types.end())
      return it->second;
    // ONNX's data propagation stops at some shape arithmetic (PyTorch's
    // attention: Shape, Gather, Add, Div, Mul feeding a Slice); the importer
    // knows those values and works the type out itself.
    if (auto t = inferType(i)) {
      types[node->output(i)] = *t;
      return *t;
    }
    fail() << "ONNX shape inference gives no static shape for output '"
           << node->output(i) << "'";
    return failure();
  }
  std::optional<std::pair<int32_t, SmallVector<int64_t>>> inferType(int i);
  /// A host-known input, or failure with a message.
  const HostTensor *hostIn(int i, StringRef what) {
    Val *v = in(i);
    if (!v)
      return nullptr;
    if (!v->host) {
      InFlightDiagnostic d = fail();
      d << what << " (input " << i << ", '" << inName(i)
        << "') must be a constant or computable from static shapes";
      if (llvm::any_of(graph.input(), [&](const onnx::ValueInfoProto &vi) {
            return vi.name() == inName(i);
          }))
        d << " (it is a graph input: give its value with --input-value="
          << inName(i) << "=FILE)";
      return nullptr;
    }
    return v->host.get();
  }
  /// True when value `name` is read by a node or is a graph output.
  bool isUsed(StringRef name) const {
    if (name.empty())
      return false;
    for (const onnx::NodeProto &other : graph.node())
      for (const std::string &input : other.input())
        if (input == name)
          return true;
    for (const onnx::ValueInfoProto &out : graph.output())
      if (out.name() == name)
        return true;
    return false;
  }
  int64_t normAxis(int64_t axis, int64_t rank) const {
    return axis < 0 ? axis + rank : axis;
  }

  //===--- Types and constants -------------------------------------------===//
  Type elemType(int32_t dtype) {
    switch (dtype) {
    case kFloat: return b.getF32Type();
    case kDouble: return b.getF64Type();
    case kFloat16: return b.getF16Type();
    case kBFloat16: return b.getBF16Type();
    case kBool: return b.getI1Type();
    case kInt8: case kUInt8: return b.getI8Type();
    case kInt16: case kUInt16: return b.getI16Type();
    case kInt32: case kUInt32: return b.getI32Type();
    case kInt64: case kUInt64: return b.getI64Type();
    default: return {};
    }
  }
  /// The element type at the function's boundary: uiN for unsigned
  /// integers, else elemType.
  Type boundaryType(int32_t dtype) {
    if (isUnsignedDType(dtype))
      return IntegerType::get(&ctx, dtypeSize(dtype) * 8, IntegerType::Unsigned);
    return elemType(dtype);
  }
  RankedTensorType tensorType(ArrayRef<int64_t> shape, int32_t dtype) {
    return RankedTensorType::get(shape, elemType(dtype));
  }
  RankedTensorType tensorType(ArrayRef<int64_t> shape, Type elem) {
    return RankedTensorType::get(shape, elem);
  }
  Location nameLoc(StringRef name) {
    return NameLoc::get(StringAttr::get(&ctx, name));
  }

  /// A tosa.const of `h` (dense_resource when large), named after its
  /// initializer where it has one, else after the node.
  Value constant(const HostTensor &h) {
    RankedTensorType type = tensorType(h.shape, h.dtype);
    if (h.numElements() == 0)
      return tensor::EmptyOp::create(b, loc, type.getShape(),
                                     type.getElementType());
    Location at = !h.source.empty() ? nameLoc(h.source) : loc;
    ElementsAttr attr;
    if (h.splat) {
      Attribute value;
      if (isFloatDType(h.dtype))
        value = FloatAttr::get(type.getElementType(), h.getDouble(0));
      else
        value = IntegerAttr::get(type.getElementType(), h.getInt(0));
      attr = DenseElementsAttr::get(type, value);
    } else if (h.dtype == kBool) {
      SmallVector<bool> bits;
      for (int64_t i = 0, e = h.numElements(); i < e; ++i)
        bits.push_back(h.getInt(i) != 0);
      attr = DenseElementsAttr::get(type, bits);
    } else if (h.numElements() > options.resourceThreshold) {
      std::string key = h.source.empty() ? nodeName : h.source;
      for (char &c : key)
        if (!isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.')
          c = '_';
      if (key.empty() || isdigit(static_cast<unsigned char>(key[0])))
        key = "w_" + key;
      AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
          ArrayRef<char>(h.raw), alignof(double));
      attr = DenseResourceElementsAttr::get(type, key, std::move(blob));
      ++resourceCount;
    } else {
      attr = DenseElementsAttr::getFromRawBuffer(type, h.raw);
    }
    return tosa::ConstOp::create(b, at, type, attr);
  }
  Value floatConst(ArrayRef<int64_t> shape, Type elem, double value) {
    auto type = tensorType(shape, elem);
    return tosa::ConstOp::create(
        b, loc, type, DenseElementsAttr::get(type, FloatAttr::get(elem, value)));
  }
  Value zeroPoint(Type elem) {
    return *tosa::createZeroPointTensor(b, loc, elem, 0);
  }
  Value shapeValue(ArrayRef<int64_t> shape) {
    ImplicitLocOpBuilder ib(loc, b);
    return tosa::getTosaConstShape(ib, shape);
  }
  Type elemOf(Value v) { return cast<ShapedType>(v.getType()).getElementType(); }
  ArrayRef<int64_t> shapeOf(Value v) {
    return cast<ShapedType>(v.getType()).getShape();
  }

  //===--- Op builders ---------------------------------------------------===//
  Value reshape(Value v, ArrayRef<int64_t> shape) {
    if (shapeOf(v) == shape)
      return v;
    return tosa::ReshapeOp::create(b, loc, tensorType(shape, elemOf(v)), v,
                                   shapeValue(shape));
  }
  Value transpose(Value v, ArrayRef<int64_t> perm) {
    bool identity = true;
    for (size_t i = 0; i < perm.size(); ++i)
      identity &= perm[i] == int64_t(i);
    if (identity)
      return v;
    SmallVector<int32_t> perms(perm.begin(), perm.end());
    return tosa::TransposeOp::create(
        b, loc, tensorType(permute(shapeOf(v), perm), elemOf(v)), v,
        b.getDenseI32ArrayAttr(perms));
  }
  Value slice(Value v, ArrayRef<int64_t> start, ArrayRef<int64_t> size) {
    if (llvm::all_of(start, [](int64_t s) { return s == 0; }) &&
        shapeOf(v) == size)
      return v;
    return tosa::SliceOp::create(b, loc, tensorType(size, elemOf(v)), v,
                                 shapeValue(start), shapeValue(size));
  }
  Value mul(Value x, Value y, RankedTensorType type) {
    Value shift = tosa::ConstOp::create(
        b, loc, RankedTensorType::get({1}, b.getI8Type()),
        DenseElementsAttr::get(RankedTensorType::get({1}, b.getI8Type()),
                               b.getI8IntegerAttr(0)));
    return tosa::MulOp::create(b, loc, type, x, y, shift);
  }
  Value clamp(Value x, double lo, double hi) {
    Type elem = elemOf(x);
    auto fType = cast<FloatType>(elem);
    double maxv = llvm::APFloat::getLargest(fType.getFloatSemantics())
                      .convertToDouble();
    lo = std::max(lo, -maxv);
    hi = std::min(hi, maxv);
    return tosa::ClampOp::create(b, loc, x.getType(), x,
                                 b.getFloatAttr(elem, lo),
                                 b.getFloatAttr(elem, hi));
  }
  /// Reduces `x` over `axes` (kept as size 1), with TOSA's reduce ops.
  template <typename ReduceOp>
  Value reduce(Value x, ArrayRef<int64_t> axes) {
    for (int64_t axis : axes) {
      SmallVector<int64_t> shape(shapeOf(x));
      if (shape[axis] == 1 && !std::is_same_v<ReduceOp, tosa::ReduceSumOp>)
        continue;
      shape[axis] = 1;
      x = ReduceOp::create(b, loc, tensorType(shape, elemOf(x)), x,
                           b.getI32IntegerAttr(int32_t(axis)));
    }
    return x;
  }
  /// An elementwise linalg.generic with numpy broadcasting (operands of
  /// equal rank), for what TOSA lacks (float division, square root).
  Value generic(ValueRange operands, RankedTensorType type,
                function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
    int64_t rank = type.getRank();
    SmallVector<AffineMap> maps;
    for (Value v : operands) {
      SmallVector<AffineExpr> exprs;
      ArrayRef<int64_t> s = shapeOf(v);
      for (int64_t d = 0; d < rank; ++d)
        exprs.push_back(s[d] == 1 && type.getDimSize(d) != 1
                            ? b.getAffineConstantExpr(0)
                            : b.getAffineDimExpr(d));
      maps.push_back(AffineMap::get(rank, 0, exprs, &ctx));
    }
    maps.push_back(b.getMultiDimIdentityMap(rank));
    Value init = tensor::EmptyOp::create(b, loc, type.getShape(),
                                         type.getElementType());
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto op = linalg::GenericOp::create(
        b, loc, TypeRange{type}, operands, ValueRange{init}, maps, iterators,
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          Value r = body(nb, nl, args.drop_back());
          linalg::YieldOp::create(nb, nl, r);
        });
    return op.getResult(0);
  }

  /// `v` with its sign bit flipped: maps unsigned order onto signed order
  /// (and back), so that TOSA's signed max/min/pooling serve unsigned
  /// integers too.
  Value flipSign(Value v) {
    auto type = cast<RankedTensorType>(v.getType());
    unsigned width = type.getElementType().getIntOrFloatBitWidth();
    auto oneType = tensorType(SmallVector<int64_t>(type.getRank(), 1),
                              type.getElementType());
    Value bit = tosa::ConstOp::create(
        b, loc, oneType,
        DenseElementsAttr::get(oneType, APInt::getSignedMinValue(width)));
    return tosa::BitwiseXorOp::create(b, loc, type, v, bit);
  }

  //===--- Values in a layout --------------------------------------------===//
  /// `val` in layout `layout` (rank-4 only for NHWC), materializing host
  /// constants and transposing where needed (cached).
  Value get(Val &val, Layout layout) {
    if (layout == Layout::NHWC && val.shape.size() != 4)
      layout = Layout::ONNX;
    if (val.host) {
      Value &slot = layout == Layout::NHWC ? val.nhwcLayout : val.onnxLayout;
      if (!slot) {
        OpBuilder::InsertionGuard g(b);
        slot = layout == Layout::NHWC
                   ? constant(transposeHost(*val.host, kToNHWC))
                   : constant(*val.host);
      }
      return slot;
    }
    if (layout == Layout::NHWC) {
      if (val.nhwc)
        return val.v;
      if (!val.nhwcLayout)
        val.nhwcLayout = transpose(val.v, kToNHWC);
      return val.nhwcLayout;
    }
    if (!val.nhwc)
      return val.v;
    if (!val.onnxLayout)
      val.onnxLayout = transpose(val.v, kToNCHW);
    return val.onnxLayout;
  }
  /// `val` with its rank raised to `rank` (leading 1s, numpy broadcasting),
  /// in `layout`.
  Value getRanked(Val &val, int64_t rank, Layout layout) {
    if (int64_t(val.shape.size()) == rank)
      return get(val, layout);
    SmallVector<int64_t> shape(rank - val.shape.size(), 1);
    shape.append(val.shape.begin(), val.shape.end());
    if (val.host) {
      HostTensor h = *val.host;
      h.shape = shape;
      if (layout == Layout::NHWC && rank == 4)
        h = transposeHost(h, kToNHWC);
      return constant(h);
    }
    Value v = reshape(get(val, Layout::ONNX), shape);
    if (layout == Layout::NHWC && rank == 4)
      v = transpose(v, kToNHWC);
    return v;
  }
  /// Defines output `i` of the node.
  void define(int i, Value v, Layout layout, int32_t dtype,
              ArrayRef<int64_t> onnxShape) {
    if (i >= node->output_size() || node->output(i).empty())
      return;
    Val val;
    val.v = v;
    val.nhwc = layout == Layout::NHWC && onnxShape.size() == 4;
    val.dtype = dtype;
    val.shape.assign(onnxShape.begin(), onnxShape.end());
    values[node->output(i)] = std::move(val);
  }
  void defineHost(int i, HostTensor h) {
    if (i >= node->output_size() || node->output(i).empty())
      return;
    Val val;
    val.dtype = h.dtype;
    val.shape = h.shape;
    val.host = std::make_shared<HostTensor>(std::move(h));
    values[node->output(i)] = std::move(val);
  }
  /// The layout `val` is held in (NHWC only for rank-4 values in the IR).
  static Layout layoutOf(const Val &val) {
    return val.nhwc ? Layout::NHWC : Layout::ONNX;
  }
  /// The layout an elementwise op works in: NHWC when a rank-4 operand is
  /// already NHWC and every operand has rank <= 4.
  Layout elementwiseLayout(ArrayRef<Val *> operands, int64_t rank) {
    if (rank != 4)
      return Layout::ONNX;
    for (Val *v : operands)
      if (v->nhwc && !v->host)
        return Layout::NHWC;
    return Layout::ONNX;
  }
  SmallVector<int64_t> inLayout(ArrayRef<int64_t> onnxShape, Layout layout) {
    if (layout == Layout::NHWC && onnxShape.size() == 4)
      return permute(onnxShape, kToNHWC);
    return SmallVector<int64_t>(onnxShape);
  }
  /// ONNX axis `axis` of a rank-`rank` tensor in `layout`.
  int64_t axisIn(int64_t axis, int64_t rank, Layout layout) {
    if (layout == Layout::NHWC && rank == 4)
      return kToNCHW[axis];
    return axis;
  }

  //===--- Node handlers -------------------------------------------------===//
  using Handler = LogicalResult (Importer::*)();
  Handler handlerFor(StringRef opType);
  LogicalResult importNode(const onnx::NodeProto &n);
  LogicalResult tryHost();

  LogicalResult unary(function_ref<Value(Value, RankedTensorType)> build);
  /// The node's inputs `inputs` broadcast to output 0's shape, in a common
  /// layout, given to `build`, which makes output 0.
  LogicalResult elementwiseOf(ArrayRef<int> inputs,
                              function_ref<Value(ArrayRef<Value>,
                                                 RankedTensorType)> build);
  LogicalResult elementwise(int firstInput, int numInputs,
                            function_ref<Value(ArrayRef<Value>,
                                               RankedTensorType)> build);
  LogicalResult importRelu();
  LogicalResult importSimpleUnary();
  LogicalResult importLeakyRelu();
  LogicalResult importElu();
  LogicalResult importSelu();
  LogicalResult importHardSigmoid();
  LogicalResult importHardSwish();
  LogicalResult importSoftplus();
  LogicalResult importClip();
  LogicalResult importSqrt();
  LogicalResult importBinary();
  LogicalResult importDiv();
  LogicalResult importPow();
  LogicalResult importVariadic();
  LogicalResult importPRelu();
  LogicalResult importWhere();
  LogicalResult importCompare();
  LogicalResult importNot();
  LogicalResult importIdentity();
  LogicalResult importCast();
  LogicalResult importDropout(Val &x);
  LogicalResult importConv();
  LogicalResult importConvTranspose();
  LogicalResult convTransposeGeneric(Val &x, Val &w, ArrayRef<int64_t> outShape);
  LogicalResult importPool();
  LogicalResult poolGeneric(Val &x, bool isMax, bool withIndices,
                            ArrayRef<int64_t> outShape, ArrayRef<int64_t> kernel,
                            ArrayRef<int64_t> stride, ArrayRef<int64_t> dilation,
                            ArrayRef<int64_t> pad, ArrayRef<int64_t> crop,
                            ArrayRef<int64_t> declaredEnd);
  LogicalResult importGlobalPool();
  LogicalResult importBatchNorm();
  LogicalResult importLayerNorm();
  LogicalResult importGemm();
  LogicalResult importMatMul();
  LogicalResult importSoftmax();
  LogicalResult importReshape();
  LogicalResult importTranspose();
  LogicalResult importConcat();
  LogicalResult importSplit();
  LogicalResult importSlice();
  LogicalResult importGather();
  LogicalResult importPad();
  LogicalResult importReduce();
  LogicalResult importExpand();
  LogicalResult importConstant();
  LogicalResult importConstantOfShape();
  LogicalResult importShape();
  LogicalResult importHostOnly();
  LogicalResult importQuantizeLinear();
  LogicalResult importDequantizeLinear();
  LogicalResult importQonnxQuant();
  LogicalResult importQonnxBipolarQuant();
  LogicalResult importQonnxTrunc();
  LogicalResult importQonnxFloatQuant();
  /// Emits tq.quantize of input 0 with quantizer string `spec`.
  LogicalResult quantizeWith(StringRef spec);
  /// tq.quantize of `v` with quantizer string `spec`, or null with a message.
  Value quantizeValue(Value v, StringRef spec);
  /// Host scalar input `i` of a QONNX node, or nullopt with a message.
  std::optional<double> qonnxScalar(int i, StringRef what);
  /// Float input 0 of a QONNX node and its layout, or null with a message.
  Val *qonnxFloatInput();

  /// 2-D window geometry shared by Conv and the pools: pads (top, bottom,
  /// left, right) from pads/auto_pad, the bottom/right pads adjusted so the
  /// output has the size shape inference gives (TOSA needs exact division;
  /// ceil_mode is an extra bottom/right pad); negative adjustments become a
  /// slice of the input.
  LogicalResult windowPads(ArrayRef<int64_t> inHW, ArrayRef<int64_t> kernel,
                           ArrayRef<int64_t> stride, ArrayRef<int64_t> dilation,
                           ArrayRef<int64_t> outHW, SmallVector<int64_t> &pad,
                           SmallVector<int64_t> &crop,
                           SmallVector<int64_t> *declaredEnd = nullptr);
};

} // namespace

//===----------------------------------------------------------------------===//
// Types shape inference did not give
//===----------------------------------------------------------------------===//

std::optional<std::pair<int32_t, SmallVector<int64_t>>>
Importer::inferType(int i) {
  StringRef op = node->op_type();
  auto input = [&](int k) -> const Val * {
    if (k >= node->input_size() || node->input(k).empty())
      return nullptr;
    auto it = values.find(node->input(k));
    return it == values.end() ? nullptr : &it->second;
  };
  auto host = [&](int k) -> const HostTensor * {
    const Val *v = input(k);
    return v ? v->host.get() : nullptr;
  };
  const Val *x = input(0);
  if (!x || i != 0)
    return std::nullopt;
  SmallVector<int64_t> shape = x->shape;
  int64_t rank = shape.size();
  using Result = std::pair<int32_t, SmallVector<int64_t>>;
  static const llvm::StringSet<> kSameShape = {
      "Relu", "Sigmoid", "Tanh", "Exp", "Log", "Abs", "Reciprocal", "Erf",
      "Floor", "Ceil", "Sin", "Cos", "Neg", "Sqrt", "LeakyRelu", "Elu",
      "Selu", "HardSigmoid", "HardSwish", "Softplus", "Clip", "Softmax",
      "LogSoftmax", "Identity", "Dropout", "LayerNormalization",
      "BatchNormalization", "Quant", "BipolarQuant"};
  if (kSameShape.contains(op))
    return Result{x->dtype, shape};
  static const llvm::StringSet<> kBroadcast = {
      "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "PRelu",
      "Where", "Equal", "Greater", "GreaterOrEqual", "Less", "LessOrEqual",
      "And", "Or", "Xor", "Not", "Cast"};
  if (kBroadcast.contains(op)) {
    SmallVector<int64_t> out = shape;
    for (int k = 1; k < node->input_size(); ++k) {
      const Val *v = input(k);
      if (!v)
        return std::nullopt;
      auto b2 = broadcastShapes(out, v->shape);
      if (!b2)
        return std::nullopt;
      out = *b2;
    }
    int32_t dtype = x->dtype;
    if (op == "Where" && input(1))
      dtype = input(1)->dtype;
    else if (llvm::is_contained({"Equal", "Greater", "GreaterOrEqual", "Less",
                                 "LessOrEqual", "And", "Or", "Xor", "Not"},
                                op))
      dtype = kBool;
    else if (op == "Cast")
      dtype = attrInt("to", kFloat);
    return Result{dtype, out};
  }
  if (op == "Transpose") {
    SmallVector<int64_t> perm;
    if (auto p = attrInts("perm"))
      perm = *p;
    else
      for (int64_t k = rank - 1; k >= 0; --k)
        perm.push_back(k);
    if (int64_t(perm.size()) != rank)
      return std::nullopt;
    for (int64_t p : perm)
      if (p < 0 || p >= rank)
        return std::nullopt;
    return Result{x->dtype, permute(shape, perm)};
  }
  if (op == "Reshape") {
    const HostTensor *s = host(1);
    if (!s)
      return std::nullopt;
    SmallVector<int64_t> out;
    int64_t known = 1, unknown = -1;
    std::vector<int64_t> dims = s->ints();
    for (size_t k = 0; k < dims.size(); ++k) {
      int64_t d = dims[k];
      if (d == 0 && !attrInt("allowzero", 0))
        d = k < shape.size() ? shape[k] : -2;
      if (d == -1) {
        unknown = k;
      } else if (d < 0) {
        return std::nullopt;
      } else {
        known *= d;
      }
      out.push_back(d);
    }
    if (unknown >= 0) {
      if (known == 0 || product(shape) % known)
        return std::nullopt;
      out[unknown] = product(shape) / known;
    }
    if (product(out) != product(shape))
      return std::nullopt;
    return Result{x->dtype, out};
  }
  if (op == "Unsqueeze" || op == "Squeeze") {
    std::vector<int64_t> axes;
    if (const HostTensor *a = host(1))
      axes = a->ints();
    else
      axes = toVec(attrInts("axes"));
    if (op == "Unsqueeze") {
      int64_t outRank = rank + axes.size();
      SmallVector<bool> isNew(outRank, false);
      for (int64_t a : axes) {
        a = normAxis(a, outRank);
        if (a < 0 || a >= outRank)
          return std::nullopt;
        isNew[a] = true;
      }
      SmallVector<int64_t> out;
      size_t next = 0;
      for (int64_t k = 0; k < outRank; ++k)
        out.push_back(isNew[k] ? 1 : (next < shape.size() ? shape[next++] : 1));
      return Result{x->dtype, out};
    }
    SmallVector<int64_t> out;
    for (int64_t k = 0; k < rank; ++k) {
      bool drop = axes.empty() ? shape[k] == 1 : false;
      for (int64_t a : axes)
        drop |= normAxis(a, rank) == k;
      if (!drop)
        out.push_back(shape[k]);
    }
    return Result{x->dtype, out};
  }
  if (op == "Slice" && opset >= 10) {
    const HostTensor *st = host(1), *en = host(2);
    if (!st || !en)
      return std::nullopt;
    std::vector<int64_t> starts = st->ints(), ends = en->ints(), axes, steps;
    if (const HostTensor *a = host(3))
      axes = a->ints();
    else
      for (size_t k = 0; k < starts.size(); ++k)
        axes.push_back(k);
    if (const HostTensor *t = host(4))
      steps = t->ints();
    if (ends.size() != starts.size() || axes.size() != starts.size())
      return std::nullopt;
    SmallVector<int64_t> out = shape;
    for (size_t k = 0; k < axes.size(); ++k) {
      int64_t a = normAxis(axes[k], rank);
      int64_t step = k < steps.size() ? steps[k] : 1;
      if (a < 0 || a >= rank || step == 0)
        return std::nullopt;
      int64_t dim = shape[a];
      int64_t s0 = starts[k] < 0 ? starts[k] + dim : starts[k];
      int64_t e0 = ends[k] < 0 ? ends[k] + dim : ends[k];
      if (step > 0) {
        s0 = std::clamp<int64_t>(s0, 0, dim);
        e0 = std::clamp<int64_t>(e0, 0, dim);
        out[a] = std::max<int64_t>(0, (e0 - s0 + step - 1) / step);
      } else {
        s0 = std::clamp<int64_t>(s0, 0, std::max<int64_t>(dim - 1, 0));
        e0 = std::clamp<int64_t>(e0, -1, dim - 1);
        out[a] = std::max<int64_t>(0, (s0 - e0 - step - 1) / -step);
      }
    }
    return Result{x->dtype, out};
  }
  if (op == "Concat") {
    int64_t axis = normAxis(attrInt("axis", 0), rank);
    if (axis < 0 || axis >= rank)
      return std::nullopt;
    SmallVector<int64_t> out = shape;
    for (int k = 1; k < node->input_size(); ++k) {
      const Val *v = input(k);
      if (!v || int64_t(v->shape.size()) != rank)
        return std::nullopt;
      out[axis] += v->shape[axis];
    }
    return Result{x->dtype, out};
  }
  if (op == "MatMul") {
    const Val *y = input(1);
    if (!y || shape.size() < 2 || y->shape.size() < 2)
      return std::nullopt;
    auto batch = broadcastShapes(ArrayRef<int64_t>(shape).drop_back(2),
                                 ArrayRef<int64_t>(y->shape).drop_back(2));
    if (!batch)
      return std::nullopt;
    SmallVector<int64_t> out = *batch;
    out.push_back(shape[shape.size() - 2]);
    out.push_back(y->shape.back());
    return Result{x->dtype, out};
  }
  if (op == "Gather") {
    const Val *idx = input(1);
    int64_t axis = normAxis(attrInt("axis", 0), rank);
    if (!idx || axis < 0 || axis >= rank)
      return std::nullopt;
    SmallVector<int64_t> out(shape.begin(), shape.begin() + axis);
    out.append(idx->shape.begin(), idx->shape.end());
    out.append(shape.begin() + axis + 1, shape.end());
    return Result{x->dtype, out};
  }
  if (op == "Expand") {
    const HostTensor *s = host(1);
    if (!s)
      return std::nullopt;
    std::vector<int64_t> dims = s->ints();
    auto out = broadcastShapes(shape, SmallVector<int64_t>(dims.begin(), dims.end()));
    if (!out)
      return std::nullopt;
    return Result{x->dtype, *out};
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

LogicalResult Importer::elementwise(
    int firstInput, int numInputs,
    function_ref<Value(ArrayRef<Value>, RankedTensorType)> build) {
  SmallVector<int> inputs;
  for (int i = firstInput; i < firstInput + numInputs; ++i)
    inputs.push_back(i);
  return elementwiseOf(inputs, build);
}

LogicalResult Importer::elementwiseOf(
    ArrayRef<int> inputs,
    function_ref<Value(ArrayRef<Value>, RankedTensorType)> build) {
  SmallVector<Val *> operands;
  for (int i : inputs) {
    Val *v = in(i);
    if (!v)
      return failure();
    operands.push_back(v);
  }
  auto out = outType(0);
  if (failed(out))
    return failure();
  for (auto [i, v] : llvm::enumerate(operands))
    if (!broadcastsTo(v->shape, out->second))
      return fail() << "input " << inputs[i] << " of shape "
                    << shapeStr(v->shape) << " does not broadcast to the "
                    << "output's " << shapeStr(out->second);
  if (!elemType(out->first))
    return fail() << "output type " << dtypeName(out->first)
                  << " is not supported";
  int64_t rank = out->second.size();
  Layout layout = elementwiseLayout(operands, rank);
  SmallVector<Value> vs;
  for (Val *v : operands)
    vs.push_back(getRanked(*v, rank, layout));
  RankedTensorType type =
      tensorType(inLayout(out->second, layout), out->first);
  Value r = build(vs, type);
  if (!r)
    return fail() << "the operands' shapes are not supported here";
  define(0, r, layout, out->first, out->second);
  return success();
}

LogicalResult
Importer::unary(function_ref<Value(Value, RankedTensorType)> build) {
  Val *x = in(0);
  if (!x)
    return failure();
  if (!isFloatDType(x->dtype))
    return fail() << "input has element type " << dtypeName(x->dtype)
                  << ": only float tensors are supported here";
  return elementwise(0, 1, [&](ArrayRef<Value> v, RankedTensorType t) {
    return build(v[0], t);
  });
}

LogicalResult Importer::importRelu() {
  return unary([&](Value x, RankedTensorType) {
    return clamp(x, 0.0, std::numeric_limits<double>::infinity());
  });
}

LogicalResult Importer::importSimpleUnary() {
  StringRef op = node->op_type();
  return unary([&](Value x, RankedTensorType t) -> Value {
    if (op == "Sigmoid") return tosa::SigmoidOp::create(b, loc, t, x);
    if (op == "Tanh") return tosa::TanhOp::create(b, loc, t, x);
    if (op == "Exp") return tosa::ExpOp::create(b, loc, t, x);
    if (op == "Log") return tosa::LogOp::create(b, loc, t, x);
    if (op == "Abs") return tosa::AbsOp::create(b, loc, t, x);
    if (op == "Reciprocal") return tosa::ReciprocalOp::create(b, loc, t, x);
    if (op == "Erf") return tosa::ErfOp::create(b, loc, t, x);
    if (op == "Floor") return tosa::FloorOp::create(b, loc, t, x);
    if (op == "Ceil") return tosa::CeilOp::create(b, loc, t, x);
    if (op == "Sin") return tosa::SinOp::create(b, loc, t, x);
    if (op == "Cos") return tosa::CosOp::create(b, loc, t, x);
    if (op == "Neg") {
      Value zp = zeroPoint(t.getElementType());
      return tosa::NegateOp::create(b, loc, t, x, zp, zp);
    }
    return {};
  });
}

LogicalResult Importer::importSqrt() {
  return unary([&](Value x, RankedTensorType t) {
    return generic({x}, t, [](OpBuilder &nb, Location nl, ValueRange a) {
      return math::SqrtOp::create(nb, nl, a[0]).getResult();
    });
  });
}

LogicalResult Importer::importLeakyRelu() {
  double alpha = attrFloat("alpha", 0.01f);
  return unary([&](Value x, RankedTensorType t) -> Value {
    Value zero = floatConst(SmallVector<int64_t>(t.getRank(), 1),
                            t.getElementType(), 0.0);
    Value a = floatConst(SmallVector<int64_t>(t.getRank(), 1),
                         t.getElementType(), alpha);
    Value neg = mul(x, a, t);
    auto condType = tensorType(t.getShape(), b.getI1Type());
    Value pos = tosa::GreaterEqualOp::create(b, loc, condType, x, zero);
    return tosa::SelectOp::create(b, loc, t, pos, x, neg);
  });
}

LogicalResult Importer::importElu() {
  double alpha = attrFloat("alpha", 1.0f);
  return unary([&](Value x, RankedTensorType t) -> Value {
    SmallVector<int64_t> ones(t.getRank(), 1);
    Value zero = floatConst(ones, t.getElementType(), 0.0);
    Value one = floatConst(ones, t.getElementType(), 1.0);
    Value e = tosa::ExpOp::create(b, loc, t, x);
    Value em1 = tosa::SubOp::create(b, loc, t, e, one);
    Value neg = mul(em1, floatConst(ones, t.getElementType(), alpha), t);
    auto condType = tensorType(t.getShape(), b.getI1Type());
    Value pos = tosa::GreaterOp::create(b, loc, condType, x, zero);
    return tosa::SelectOp::create(b, loc, t, pos, x, neg);
  });
}

LogicalResult Importer::importSelu() {
  double alpha = attrFloat("alpha", 1.67326319217681884765625f);
  double gamma = attrFloat("gamma", 1.05070102214813232421875f);
  return unary([&](Value x, RankedTensorType t) -> Value {
    SmallVector<int64_t> ones(t.getRank(), 1);
    Type el = t.getElementType();
    Value zero = floatConst(ones, el, 0.0);
    Value e = tosa::ExpOp::create(b, loc, t, x);
    Value em1 = tosa::SubOp::create(b, loc, t, e, floatConst(ones, el, 1.0));
    Value neg = mul(em1, floatConst(ones, el, alpha), t);
    auto condType = tensorType(t.getShape(), b.getI1Type());
    Value pos = tosa::GreaterOp::create(b, loc, condType, x, zero);
    Value sel = tosa::SelectOp::create(b, loc, t, pos, x, neg);
    return mul(sel, floatConst(ones, el, gamma), t);
  });
}

LogicalResult Importer::importHardSigmoid() {
  double alpha = attrFloat("alpha", 0.2f), beta = attrFloat("beta", 0.5f);
  return unary([&](Value x, RankedTensorType t) -> Value {
    SmallVector<int64_t> ones(t.getRank(), 1);
    Type el = t.getElementType();
    Value ax = mul(x, floatConst(ones, el, alpha), t);
    Value axb = tosa::AddOp::create(b, loc, t, ax, floatConst(ones, el, beta));
    return clamp(axb, 0.0, 1.0);
  });
}

LogicalResult Importer::importHardSwish() {
  return unary([&](Value x, RankedTensorType t) -> Value {
    SmallVector<int64_t> ones(t.getRank(), 1);
    Type el = t.getElementType();
    Value ax = mul(x, floatConst(ones, el, 1.0 / 6.0), t);
    Value axb = tosa::AddOp::create(b, loc, t, ax, floatConst(ones, el, 0.5));
    return mul(x, clamp(axb, 0.0, 1.0), t);
  });
}

LogicalResult Importer::importSoftplus() {
  return unary([&](Value x, RankedTensorType t) -> Value {
    SmallVector<int64_t> ones(t.getRank(), 1);
    Value e = tosa::ExpOp::create(b, loc, t, x);
    Value e1 = tosa::AddOp::create(b, loc, t, e,
                                   floatConst(ones, t.getElementType(), 1.0));
    return tosa::LogOp::create(b, loc, t, e1);
  });
}

LogicalResult Importer::importClip() {
  Val *x = in(0);
  if (!x)
    return failure();
  if (x->dtype == kBool || !elemType(x->dtype))
    return fail() << "input has element type " << dtypeName(x->dtype)
                  << ": Clip of it is not supported";
  bool isFloat = isFloatDType(x->dtype);
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  if (opset < 11) {
    lo = attrFloat("min", -std::numeric_limits<float>::max());
    hi = attrFloat("max", std::numeric_limits<float>::max());
  }
  // Bounds from opset 11 are inputs: scalars, constant or not.
  bool constantBounds = true;
  for (int i = 1; i <= 2 && opset >= 11; ++i) {
    if (!hasIn(i))
      continue;
    Val *bound = in(i);
    if (!bound)
      return failure();
    if (product(bound->shape) != 1)
      return fail() << (i == 1 ? "min" : "max") << " must be a scalar";
    if (bound->dtype != x->dtype)
      return fail() << (i == 1 ? "min" : "max") << " has element type "
                    << dtypeName(bound->dtype) << ", the input "
                    << dtypeName(x->dtype);
    if (!bound->host)
      constantBounds = false;
    else
      (i == 1 ? lo : hi) = bound->host->getDouble(0);
  }
  if (isFloat && constantBounds)
    return unary([&](Value x, RankedTensorType) {
      // ONNX: min > max sets every value to max.
      return lo > hi ? clamp(x, hi, hi) : clamp(x, lo, hi);
    });
  // Integers, or bounds known only at run time: max(x, min), then
  // min(., max), elementwise (which also gives max where min > max).
  bool isUnsigned = isUnsignedDType(x->dtype);
  bool hasMin = opset >= 11 && hasIn(1), hasMax = opset >= 11 && hasIn(2);
  SmallVector<int> operands = {0};
  if (hasMin)
    operands.push_back(1);
  if (hasMax)
    operands.push_back(2);
  if (operands.size() == 1) {
    values[node->output(0)] = *x;
    return success();
  }
  return elementwiseOf(operands, [&](ArrayRef<Value> v, RankedTensorType t) {
    return generic(v, t, [&](OpBuilder &nb, Location nl, ValueRange a) -> Value {
      Value r = a[0];
      if (hasMin)
        r = isFloat      ? arith::MaximumFOp::create(nb, nl, r, a[1]).getResult()
            : isUnsigned ? arith::MaxUIOp::create(nb, nl, r, a[1]).getResult()
                         : arith::MaxSIOp::create(nb, nl, r, a[1]).getResult();
      if (hasMax) {
        Value m = a[hasMin ? 2 : 1];
        r = isFloat      ? arith::MinimumFOp::create(nb, nl, r, m).getResult()
            : isUnsigned ? arith::MinUIOp::create(nb, nl, r, m).getResult()
                         : arith::MinSIOp::create(nb, nl, r, m).getResult();
      }
      return r;
    });
  });
}

LogicalResult Importer::importBinary() {
  StringRef op = node->op_type();
  Val *a = in(0);
  if (!a)
    return failure();
  if (!isFloatDType(a->dtype) && op != "Add" && op != "Sub" && op != "Mul")
    return fail() << "only float tensors are supported";
  return elementwise(0, 2, [&](ArrayRef<Value> v, RankedTensorType t) -> Value {
    if (op == "Add") return tosa::AddOp::create(b, loc, t, v[0], v[1]);
    if (op == "Sub") return tosa::SubOp::create(b, loc, t, v[0], v[1]);
    if (op == "Mul") return mul(v[0], v[1], t);
    return {};
  });
}

LogicalResult Importer::importDiv() {
  Val *a = in(0);
  if (!a)
    return failure();
  if (a->dtype == kBool || !elemType(a->dtype))
    return fail() << "division of " << dtypeName(a->dtype)
                  << " is not supported";
  bool isFloat = isFloatDType(a->dtype), isUnsigned = isUnsignedDType(a->dtype);
  return elementwise(0, 2, [&](ArrayRef<Value> v, RankedTensorType t) {
    return generic(v, t, [&](OpBuilder &nb, Location nl, ValueRange x) -> Value {
      if (isFloat)
        return arith::DivFOp::create(nb, nl, x[0], x[1]);
      // Integers truncate toward zero (ONNX's reference divides and casts
      // back). Division by zero gives 0 and INT_MIN / -1 wraps, instead of
      // the undefined behaviour (a trap on x86) of the machine's division.
      Type el = x[0].getType();
      Value zero = arith::ConstantOp::create(nb, nl, nb.getIntegerAttr(el, 0));
      Value one = arith::ConstantOp::create(nb, nl, nb.getIntegerAttr(el, 1));
      Value byZero = arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::eq,
                                           x[1], zero);
      Value d = arith::SelectOp::create(nb, nl, byZero, one, x[1]);
      Value q;
      if (isUnsigned) {
        q = arith::DivUIOp::create(nb, nl, x[0], d);
      } else {
        Value minusOne = arith::ConstantOp::create(
            nb, nl, nb.getIntegerAttr(el, -1));
        Value byMinusOne = arith::CmpIOp::create(
            nb, nl, arith::CmpIPredicate::eq, d, minusOne);
        Value safe = arith::SelectOp::create(nb, nl, byMinusOne, one, d);
        Value quotient = arith::DivSIOp::create(nb, nl, x[0], safe);
        Value negated = arith::SubIOp::create(nb, nl, zero, x[0]);
        q = arith::SelectOp::create(nb, nl, byMinusOne, negated, quotient);
      }
      return arith::SelectOp::create(nb, nl, byZero, zero, q);
    });
  });
}

LogicalResult Importer::importPow() {
  Val *base = in(0), *e = in(1);
  if (!base || !e)
    return failure();
  if (base->dtype == kBool || e->dtype == kBool || !elemType(base->dtype) ||
      !elemType(e->dtype))
    return fail() << "powers of " << dtypeName(base->dtype) << " to "
                  << dtypeName(e->dtype) << " are not supported";
  if (isFloatDType(base->dtype) && e->host && e->host->numElements() >= 1 &&
      broadcastsTo(e->shape, base->shape)) {
    std::vector<double> d = e->host->doubles();
    if (llvm::all_of(d, [&](double x) { return x == d[0]; })) {
      double p = d[0];
      if (p == 1.0)
        return unary([](Value x, RankedTensorType) { return x; });
      if (p == 2.0)
        return unary([&](Value x, RankedTensorType t) { return mul(x, x, t); });
      if (p == 0.5 && isFloatDType(e->dtype))
        return importSqrt();
    }
  }
  if (!isFloatDType(base->dtype) || isIntDType(e->dtype)) {
    // Integer bases or exponents: computed in a linalg.generic. An integer
    // to an integer power is math.ipowi (wrapping, as NumPy's power); an
    // integer to a float power is computed in f64 and truncated toward
    // zero (ONNX's reference: numpy.power, then a cast to the base's type).
    bool baseUnsigned = isUnsignedDType(base->dtype);
    bool expUnsigned = isUnsignedDType(e->dtype);
    bool baseFloat = isFloatDType(base->dtype), expFloat = isFloatDType(e->dtype);
    return elementwise(0, 2, [&](ArrayRef<Value> v, RankedTensorType t) {
      return generic(v, t, [&](OpBuilder &nb, Location nl, ValueRange x) -> Value {
        Value bv = x[0], ev = x[1];
        Type outEl = bv.getType();
        if (baseFloat) {
          // A float base, an integer exponent.
          ev = expUnsigned ? arith::UIToFPOp::create(nb, nl, outEl, ev).getResult()
                           : arith::SIToFPOp::create(nb, nl, outEl, ev).getResult();
          return math::PowFOp::create(nb, nl, bv, ev);
        }
        if (!expFloat) {
          // In a width that holds both (one more bit for an unsigned
          // exponent): the low bits of the power are the result's.
          unsigned bw = outEl.getIntOrFloatBitWidth();
          unsigned ew = ev.getType().getIntOrFloatBitWidth();
          unsigned w = std::max(bw, ew);
          if (expUnsigned && ew == w)
            w *= 2;
          Type wide = nb.getIntegerType(w);
          auto extend = [&](Value v, bool isUnsigned) -> Value {
            if (v.getType() == wide)
              return v;
            return isUnsigned ? arith::ExtUIOp::create(nb, nl, wide, v).getResult()
                              : arith::ExtSIOp::create(nb, nl, wide, v).getResult();
          };
          Value p = math::IPowIOp::create(nb, nl, extend(bv, baseUnsigned),
                                          extend(ev, expUnsigned));
          return w == bw ? p : arith::TruncIOp::create(nb, nl, outEl, p).getResult();
        }
        Type f64 = nb.getF64Type();
        Value fb = baseUnsigned ? arith::UIToFPOp::create(nb, nl, f64, bv).getResult()
                                : arith::SIToFPOp::create(nb, nl, f64, bv).getResult();
        if (ev.getType() != f64)
          ev = arith::ExtFOp::create(nb, nl, f64, ev);
        Value p = math::PowFOp::create(nb, nl, fb, ev);
        return baseUnsigned ? arith::FPToUIOp::create(nb, nl, outEl, p).getResult()
                            : arith::FPToSIOp::create(nb, nl, outEl, p).getResult();
      });
    });
  }
  return elementwise(0, 2, [&](ArrayRef<Value> v, RankedTensorType t) -> Value {
    Value exponent = v[1];
    if (elemOf(exponent) != t.getElementType())
      exponent = tosa::CastOp::create(
          b, loc, tensorType(shapeOf(exponent), t.getElementType()), exponent);
    return tosa::PowOp::create(b, loc, t, v[0], exponent);
  });
}

LogicalResult Importer::importVariadic() {
  StringRef op = node->op_type();
  int n = node->input_size();
  if (n == 0)
    return fail() << "needs at least one input";
  Val *first = in(0);
  if (!first)
    return failure();
  if (op == "Mean" && !isFloatDType(first->dtype))
    return fail() << "Mean of " << dtypeName(first->dtype)
                  << " is not supported";
  bool isUnsigned = isUnsignedDType(first->dtype);
  return elementwise(0, n, [&](ArrayRef<Value> v, RankedTensorType t) -> Value {
    // Operands may broadcast to the result one after the other.
    Value acc = v[0];
    for (int i = 1; i < n; ++i) {
      auto bt = broadcastShapes(shapeOf(acc), shapeOf(v[i]));
      RankedTensorType st = tensorType(*bt, t.getElementType());
      if (isUnsigned && (op == "Max" || op == "Min"))
        acc = generic({acc, v[i]}, st,
                      [&](OpBuilder &nb, Location nl, ValueRange x) -> Value {
                        if (op == "Max")
                          return arith::MaxUIOp::create(nb, nl, x[0], x[1]);
                        return arith::MinUIOp::create(nb, nl, x[0], x[1]);
                      });
      else if (op == "Max") acc = tosa::MaximumOp::create(b, loc, st, acc, v[i]);
      else if (op == "Min") acc = tosa::MinimumOp::create(b, loc, st, acc, v[i]);
      else acc = tosa::AddOp::create(b, loc, st, acc, v[i]);
    }
    if (shapeOf(acc) != t.getShape()) {
      // A single input smaller than the result cannot happen (the result
      // is the broadcast of the inputs).
      return {};
    }
    if (op == "Mean")
      acc = mul(acc,
                floatConst(SmallVector<int64_t>(t.getRank(), 1),
                           t.getElementType(), 1.0 / n),
                t);
    return acc;
  });
}

LogicalResult Importer::importPRelu() {
  Val *x = in(0);
  if (!x)
    return failure();
  if (!isFloatDType(x->dtype))
    return fail() << "only float inputs are supported";
  return elementwise(0, 2, [&](ArrayRef<Value> v, RankedTensorType t) -> Value {
    SmallVector<int64_t> ones(t.getRank(), 1);
    Value zero = floatConst(ones, t.getElementType(), 0.0);
    Value neg = mul(v[0], v[1], t);
    auto condType = tensorType(t.getShape(), b.getI1Type());
    Value x = v[0];
    if (shapeOf(x) != t.getShape())
      return {};
    Value pos = tosa::GreaterEqualOp::create(b, loc, condType, x, zero);
    return tosa::SelectOp::create(b, loc, t, pos, x, neg);
  });
}

LogicalResult Importer::importWhere() {
  return elementwise(0, 3, [&](ArrayRef<Value> v, RankedTensorType t) -> Value {
    return tosa::SelectOp::create(b, loc, t, v[0], v[1], v[2]);
  });
}

LogicalResult Importer::importCompare() {
  StringRef op = node->op_type();
  Val *a = in(0);
  if (!a)
    return failure();
  bool isUnsigned = isUnsignedDType(a->dtype);
  return elementwise(0, 2, [&](ArrayRef<Value> v, RankedTensorType t) -> Value {
    if (isUnsigned && op != "Equal") {
      // Flipping the sign bit maps unsigned order onto signed order.
      SmallVector<Value> w = {flipSign(v[0]), flipSign(v[1])};
      if (op == "Greater") return tosa::GreaterOp::create(b, loc, t, w[0], w[1]);
      if (op == "GreaterOrEqual")
        return tosa::GreaterEqualOp::create(b, loc, t, w[0], w[1]);
      if (op == "Less") return tosa::GreaterOp::create(b, loc, t, w[1], w[0]);
      if (op == "LessOrEqual")
        return tosa::GreaterEqualOp::create(b, loc, t, w[1], w[0]);
    }
    if (op == "Equal") return tosa::EqualOp::create(b, loc, t, v[0], v[1]);
    if (op == "Greater") return tosa::GreaterOp::create(b, loc, t, v[0], v[1]);
    if (op == "GreaterOrEqual")
      return tosa::GreaterEqualOp::create(b, loc, t, v[0], v[1]);
    if (op == "Less") return tosa::GreaterOp::create(b, loc, t, v[1], v[0]);
    if (op == "LessOrEqual")
      return tosa::GreaterEqualOp::create(b, loc, t, v[1], v[0]);
    if (op == "And") return tosa::LogicalAndOp::create(b, loc, t, v[0], v[1]);
    if (op == "Or") return tosa::LogicalOrOp::create(b, loc, t, v[0], v[1]);
    if (op == "Xor") return tosa::LogicalXorOp::create(b, loc, t, v[0], v[1]);
    return {};
  });
}

LogicalResult Importer::importNot() {
  return elementwise(0, 1, [&](ArrayRef<Value> v, RankedTensorType t) -> Value {
    return tosa::LogicalNotOp::create(b, loc, t, v[0]);
  });
}

LogicalResult Importer::importIdentity() {
  Val *x = in(0);
  if (!x)
    return failure();
  if (node->op_type() == "Dropout")
    return importDropout(*x);
  values[node->output(0)] = *x;
  return success();
}

/// NumPy's legacy `np.random.seed(seed); np.random.uniform(0, 1, n)`:
/// MT19937 seeded as init_genrand (std::mt19937 seeds the same way), each
/// double from two draws (random_sample's 53 bits).
static std::vector<double> numpyUniform(uint32_t seed, int64_t n) {
  std::mt19937 gen(seed);
  std::vector<double> u(n);
  for (double &d : u) {
    uint32_t a = gen() >> 5, b = gen() >> 6;
    d = (a * 67108864.0 + b) / 9007199254740992.0;
  }
  return u;
}

LogicalResult Importer::importDropout(Val &x) {
  bool hasMask = node->output_size() > 1 && isUsed(node->output(1));
  Val *ratio = nullptr, *training = nullptr;
  if (opset >= 12 && hasIn(1) && !(ratio = in(1)))
    return failure();
  if (opset >= 12 && hasIn(2) && !(training = in(2)))
    return failure();
  if (ratio && (product(ratio->shape) != 1 || !isFloatDType(ratio->dtype)))
    return fail() << "ratio must be a float scalar";
  if (training && (product(training->shape) != 1 || training->dtype != kBool))
    return fail() << "training_mode must be a bool scalar";
  // Inference (no training_mode, or a constant false): the identity, and
  // a mask of ones.
  if (!training || (training->host && !training->host->getInt(0))) {
    values[node->output(0)] = x;
    if (hasMask) {
      // The mask is bool from opset 10 on, of x's type before.
      HostTensor ones = HostTensor::zeros(opset < 10 ? x.dtype : kBool, x.shape,
                                          /*splat=*/true);
      ones.setDouble(0, 1.0);
      defineHost(1, std::move(ones));
    }
    return success();
  }
  if (!isFloatDType(x.dtype))
    return fail() << "input has element type " << dtypeName(x.dtype)
                  << ": training-mode dropout needs floats";
  // Training: ONNX's reference draws the mask with NumPy's generator
  // seeded with `seed` (default 0) and keeps u >= ratio, scaling the kept
  // values by 1 / (1 - ratio). The draws are fixed at import time; ratio
  // and training_mode may be known only at run time.
  int64_t seedAttr = attrInt("seed", 0);
  if (seedAttr < 0 || seedAttr > int64_t(UINT32_MAX))
    return fail() << "seed " << seedAttr
                  << " is not in [0, 2^32): NumPy's generator cannot be "
                     "seeded with it";
  int64_t rank = x.shape.size();
  HostTensor draws = HostTensor::zeros(kDouble, x.shape);
  std::vector<double> u = numpyUniform(uint32_t(seedAttr), product(x.shape));
  for (int64_t i = 0, e = u.size(); i < e; ++i)
    draws.setDouble(i, u[i]);
  Value xs = get(x, Layout::ONNX);
  Type el = elemOf(xs);
  SmallVector<int64_t> ones(rank, 1);
  Value r = ratio ? getRanked(*ratio, rank, Layout::ONNX)
                  : floatConst(ones, el, 0.5);
  Value t = getRanked(*training, rank, Layout::ONNX);
  Value us = constant(draws);
  auto keep = [&](OpBuilder &nb, Location nl, Value u, Value ratio) {
    Value wide = ratio.getType() == nb.getF64Type()
                     ? ratio
                     : arith::ExtFOp::create(nb, nl, nb.getF64Type(), ratio)
                           .getResult();
    // (f64 holds every float type's values: the comparison is exact.)
    return arith::CmpFOp::create(nb, nl, arith::CmpFPredicate::OGE, u, wide)
        .getResult();
  };
  RankedTensorType type = tensorType(x.shape, el);
  Value y = generic({xs, us, r, t}, type,
                    [&](OpBuilder &nb, Location nl, ValueRange a) -> Value {
    Value ratioEl = a[2];
    unsigned rw = ratioEl.getType().getIntOrFloatBitWidth();
    if (ratioEl.getType() != el)
      ratioEl = rw > el.getIntOrFloatBitWidth()
                    ? arith::TruncFOp::create(nb, nl, el, ratioEl).getResult()
                    : arith::ExtFOp::create(nb, nl, el, ratioEl).getResult();
    Value one = arith::ConstantOp::create(nb, nl, nb.getFloatAttr(el, 1.0));
    Value zero = arith::ConstantOp::create(nb, nl, nb.getFloatAttr(el, 0.0));
    Value scale = arith::DivFOp::create(
        nb, nl, one, arith::SubFOp::create(nb, nl, one, ratioEl));
    Value m = arith::SelectOp::create(nb, nl, keep(nb, nl, a[1], a[2]), one,
                                      zero);
    Value dropped = arith::MulFOp::create(
        nb, nl, arith::MulFOp::create(nb, nl, m, a[0]), scale);
    return arith::SelectOp::create(nb, nl, a[3], dropped, a[0]);
  });
  define(0, y, Layout::ONNX, x.dtype, x.shape);
  if (hasMask) {
    Value mask = generic({us, r, t}, tensorType(x.shape, b.getI1Type()),
                         [&](OpBuilder &nb, Location nl, ValueRange a) -> Value {
      Value trueV = arith::ConstantOp::create(nb, nl, nb.getBoolAttr(true));
      return arith::SelectOp::create(nb, nl, a[2], keep(nb, nl, a[0], a[1]),
                                     trueV);
    });
    define(1, mask, Layout::ONNX, kBool, x.shape);
  }
  return success();
}

LogicalResult Importer::importCast() {
  Val *x = in(0);
  if (!x)
    return failure();
  int64_t to = attrInt("to", kFloat);
  if (!elemType(to) || !elemType(x->dtype))
    return fail() << "cast from " << dtypeName(x->dtype) << " to "
                  << dtypeName(to) << " is not supported";
  if (to == x->dtype) {
    values[node->output(0)] = *x;
    return success();
  }
  if (to == kUInt8 || to == kUInt16 || to == kUInt32 || to == kUInt64)
    return fail() << "cast to " << dtypeName(to)
                  << " is not supported (unsigned integers)";
  if (isUnsignedDType(x->dtype))
    return elementwise(0, 1, [&](ArrayRef<Value> v, RankedTensorType t) {
      // From unsigned integers: zero-extended, or converted as unsigned.
      return generic(v, t, [&](OpBuilder &nb, Location nl, ValueRange a) -> Value {
        Type dst = t.getElementType();
        Value u = a[0];
        unsigned w = u.getType().getIntOrFloatBitWidth();
        if (isa<FloatType>(dst))
          return arith::UIToFPOp::create(nb, nl, dst, u);
        if (to == kBool)
          return arith::CmpIOp::create(
              nb, nl, arith::CmpIPredicate::ne, u,
              arith::ConstantOp::create(nb, nl, nb.getIntegerAttr(u.getType(), 0)));
        unsigned dw = dst.getIntOrFloatBitWidth();
        if (dw > w)
          return arith::ExtUIOp::create(nb, nl, dst, u);
        if (dw < w)
          return arith::TruncIOp::create(nb, nl, dst, u);
        return u;
      });
    });
  if (to == kBFloat16 && isFloatDType(x->dtype))
    return elementwise(0, 1, [&](ArrayRef<Value> v, RankedTensorType t) {
      // ONNX's reference (and its backend test data) casts float to
      // bfloat16 by dropping the low 16 bits of the float32, not by
      // rounding to nearest (wider and narrower floats go through f32).
      return generic(v, t, [&](OpBuilder &nb, Location nl, ValueRange a) -> Value {
        Value f = a[0];
        if (!f.getType().isF32())
          f = f.getType().getIntOrFloatBitWidth() > 32
                  ? arith::TruncFOp::create(nb, nl, nb.getF32Type(), f).getResult()
                  : arith::ExtFOp::create(nb, nl, nb.getF32Type(), f).getResult();
        Value bits = arith::BitcastOp::create(nb, nl, nb.getI32Type(), f);
        Value sixteen = arith::ConstantOp::create(nb, nl, nb.getI32IntegerAttr(16));
        Value high = arith::ShRUIOp::create(nb, nl, bits, sixteen);
        Value half = arith::TruncIOp::create(nb, nl, nb.getI16Type(), high);
        return arith::BitcastOp::create(nb, nl, nb.getBF16Type(), half);
      });
    });
  return elementwise(0, 1, [&](ArrayRef<Value> v, RankedTensorType t) -> Value {
    Value src = v[0];
    if (isFloatDType(x->dtype) && isIntDType(to) && to != kBool) {
      // ONNX truncates toward zero; TOSA's cast rounds to nearest.
      auto ft = cast<RankedTensorType>(src.getType());
      Value zero = floatConst(SmallVector<int64_t>(ft.getRank(), 1),
                              ft.getElementType(), 0.0);
      Value neg = tosa::GreaterOp::create(
          b, loc, tensorType(ft.getShape(), b.getI1Type()), zero, src);
      Value up = tosa::CeilOp::create(b, loc, ft, src);
      Value down = tosa::FloorOp::create(b, loc, ft, src);
      src = tosa::SelectOp::create(b, loc, ft, neg, up, down);
    }
    return tosa::CastOp::create(b, loc, t, src);
  });
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

LogicalResult Importer::windowPads(ArrayRef<int64_t> inHW,
                                   ArrayRef<int64_t> kernel,
                                   ArrayRef<int64_t> stride,
                                   ArrayRef<int64_t> dilation,
                                   ArrayRef<int64_t> outHW,
                                   SmallVector<int64_t> &pad,
                                   SmallVector<int64_t> &crop,
                                   SmallVector<int64_t> *declaredEnd) {
  size_t n = inHW.size();
  if (kernel.size() != n || stride.size() != n || dilation.size() != n ||
      outHW.size() != n)
    return fail() << "kernel, strides and dilations must have " << n
                  << " values (one per spatial dimension)";
  for (size_t i = 0; i < n; ++i)
    if (kernel[i] < 1 || stride[i] < 1 || dilation[i] < 1 || outHW[i] < 1)
      return fail() << "kernel sizes, strides, dilations and output sizes "
                       "must be positive";
  std::string autoPad = attrString("auto_pad", "NOTSET");
  SmallVector<int64_t> begin(n, 0), end(n, 0);
  if (autoPad == "NOTSET") {
    if (auto pads = attrInts("pads")) {
      if (pads->size() != 2 * n)
        return fail() << "pads has " << pads->size() << " values, expected "
                      << 2 * n;
      for (size_t i = 0; i < n; ++i) {
        begin[i] = (*pads)[i];
        end[i] = (*pads)[i + n];
        if (begin[i] < 0 || end[i] < 0)
          return fail() << "negative pads are not supported";
      }
    }
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t i = 0; i < n; ++i) {
      int64_t outSize = (inHW[i] + stride[i] - 1) / stride[i];
      int64_t total = std::max<int64_t>(
          (outSize - 1) * stride[i] + (kernel[i] - 1) * dilation[i] + 1 -
              inHW[i],
          0);
      begin[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
      end[i] = total - begin[i];
    }
  } else if (autoPad != "VALID") {
    return fail() << "unsupported auto_pad value '" << autoPad << "'";
  }
  pad.clear();
  crop.assign(n, 0);
  if (declaredEnd)
    declaredEnd->assign(end.begin(), end.end());
  for (size_t i = 0; i < n; ++i) {
    // The end pad that gives exactly outHW[i] windows.
    int64_t needed = (outHW[i] - 1) * stride[i] + (kernel[i] - 1) * dilation[i] +
                     1 - inHW[i] - begin[i];
    if (needed < 0) {
      crop[i] = -needed;
      needed = 0;
    }
    pad.push_back(begin[i]);
    pad.push_back(needed);
  }
  return success();
}

LogicalResult Importer::importConv() {
  Val *x = in(0), *w = in(1);
  if (!x || !w)
    return failure();
  if (!isFloatDType(x->dtype))
    return fail() << "input has element type " << dtypeName(x->dtype)
                  << ": only float convolutions are supported";
  auto out = outType(0);
  if (failed(out))
    return failure();
  int64_t rank = x->shape.size();
  if (rank != 3 && rank != 4)
    return fail() << "only 1-D and 2-D convolutions are supported (input rank "
                  << rank << ")";
  int64_t spatial = rank - 2;
  int64_t group = attrInt("group", 1);
  if (int64_t(w->shape.size()) != rank || out->second.size() != size_t(rank) ||
      group < 1 || x->shape[1] % group || w->shape[0] % group ||
      w->shape[1] * group != x->shape[1])
    return fail() << "weights of shape " << shapeStr(w->shape)
                  << " do not fit an input of shape " << shapeStr(x->shape)
                  << " in " << group << " group(s)";
  SmallVector<int64_t> kernel(w->shape.begin() + 2, w->shape.end());
  SmallVector<int64_t> stride = attrInts("strides").value_or(
      SmallVector<int64_t>(spatial, 1));
  SmallVector<int64_t> dilation = attrInts("dilations").value_or(
      SmallVector<int64_t>(spatial, 1));
  SmallVector<int64_t> inHW(x->shape.begin() + 2, x->shape.end());
  SmallVector<int64_t> outHW(out->second.begin() + 2, out->second.end());
  SmallVector<int64_t> pad, crop;
  if (failed(windowPads(inHW, kernel, stride, dilation, outHW, pad, crop)))
    return failure();
  int64_t N = x->shape[0], C = x->shape[1], M = w->shape[0];
  Type el = elemType(x->dtype);

  // A 1-D convolution is a 2-D one of height 1.
  auto to2d = [&](SmallVector<int64_t> v, int64_t one) {
    if (spatial == 1)
      v.insert(v.begin(), one);
    return v;
  };
  kernel = to2d(kernel, 1);
  stride = to2d(stride, 1);
  dilation = to2d(dilation, 1);
  crop = to2d(crop, 0);
  if (spatial == 1)
    pad.insert(pad.begin(), {0, 0});
  inHW = to2d(inHW, 1);
  outHW = to2d(outHW, 1);

  // Input, NHWC.
  Value input;
  if (spatial == 2) {
    input = get(*x, Layout::NHWC);
  } else {
    Value v = transpose(get(*x, Layout::ONNX), {0, 2, 1});
    input = reshape(v, {N, 1, inHW[1], C});
  }
  if (crop[0] || crop[1])
    input = slice(input, {0, 0, 0, 0},
                  {N, inHW[0] - crop[0], inHW[1] - crop[1], C});

  // Weights [M, C/group, kh, kw] as 4-D.
  auto weight4 = [&](Layout) -> std::optional<HostTensor> {
    if (!w->host)
      return std::nullopt;
    HostTensor h = *w->host;
    h.shape = {M, C / group, kernel[0], kernel[1]};
    return h;
  };
  std::optional<HostTensor> hw = weight4(Layout::ONNX);
  Value wRuntime;
  if (!hw) {
    wRuntime = reshape(get(*w, Layout::ONNX), {M, C / group, kernel[0], kernel[1]});
  }
  Value bias;
  if (hasIn(2)) {
    Val *bv = in(2);
    if (!bv)
      return failure();
    bias = get(*bv, Layout::ONNX);
  } else {
    bias = floatConst({M}, el, 0.0);
  }
  Type acc = el.isF64() ? el : b.getF32Type();
  if (el.isF16())
    acc = b.getF16Type();
  Value zp = zeroPoint(el);
  SmallVector<int64_t> outNHWC = {N, outHW[0], outHW[1], M};
  RankedTensorType outType4 = tensorType(outNHWC, el);
  Value result;
  int64_t cPerGroup = C / group;
  if (group == 1) {
    Value weight = hw ? constant(transposeHost(*hw, kToNHWC))
                      : transpose(wRuntime, kToNHWC);
    result = tosa::Conv2DOp::create(b, loc, outType4, input, weight, bias, zp,
                                    zp, pad, stride, dilation, acc);
  } else if (cPerGroup == 1 && M % C == 0) {
    // Depthwise: [C*mult, 1, kh, kw] -> [kh, kw, C, mult].
    int64_t mult = M / C;
    Value weight;
    if (hw) {
      HostTensor h = *hw;
      h.shape = {C, mult, kernel[0], kernel[1]};
      weight = constant(transposeHost(h, {2, 3, 0, 1}));
    } else {
      weight = transpose(reshape(wRuntime, {C, mult, kernel[0], kernel[1]}),
                         {2, 3, 0, 1});
    }
    result = tosa::DepthwiseConv2DOp::create(b, loc, outType4, input, weight,
                                             bias, zp, zp, pad, stride,
                                             dilation, acc);
  } else {
    // Grouped: one convolution per group on its slice of channels.
    int64_t mPerGroup = M / group;
    SmallVector<Value> parts;
    ArrayRef<int64_t> inShape = shapeOf(input);
    Value weightAll = hw ? constant(transposeHost(*hw, kToNHWC))
                         : transpose(wRuntime, kToNHWC);
    for (int64_t g = 0; g < group; ++g) {
      Value xg = slice(input, {0, 0, 0, g * cPerGroup},
                       {inShape[0], inShape[1], inShape[2], cPerGroup});
      Value wg = slice(weightAll, {g * mPerGroup, 0, 0, 0},
                       {mPerGroup, kernel[0], kernel[1], cPerGroup});
      Value bg = slice(bias, {g * mPerGroup}, {mPerGroup});
      parts.push_back(tosa::Conv2DOp::create(
          b, loc, tensorType({N, outHW[0], outHW[1], mPerGroup}, el), xg, wg,
          bg, zp, zp, pad, stride, dilation, acc));
    }
    result = tosa::ConcatOp::create(b, loc, outType4, parts,
                                    b.getI32IntegerAttr(3));
  }
  if (spatial == 2) {
    define(0, result, Layout::NHWC, out->first, out->second);
  } else {
    Value r = reshape(result, {N, outHW[1], M});
    define(0, transpose(r, {0, 2, 1}), Layout::ONNX, out->first, out->second);
  }
  return success();
}

LogicalResult Importer::importConvTranspose() {
  Val *x = in(0), *w = in(1);
  if (!x || !w)
    return failure();
  auto out = outType(0);
  if (failed(out))
    return failure();
  if (!isFloatDType(x->dtype))
    return fail() << "input has element type " << dtypeName(x->dtype)
                  << ": only float convolutions are supported";
  if (x->shape.size() < 3 || x->shape.size() > 5 ||
      w->shape.size() != x->shape.size())
    return fail() << "only 1-D, 2-D and 3-D transposed convolutions (with "
                     "weights of the input's rank) are supported";
  SmallVector<int64_t> dilation = attrInts("dilations").value_or(
      SmallVector<int64_t>(x->shape.size() - 2, 1));
  // TOSA's transpose_conv2d: 2-D, one group, no dilation; the rest is a
  // linalg.generic.
  if (x->shape.size() != 4 || attrInt("group", 1) != 1 ||
      llvm::any_of(dilation, [](int64_t d) { return d != 1; }))
    return convTransposeGeneric(*x, *w, out->second);
  SmallVector<int64_t> stride =
      attrInts("strides").value_or(SmallVector<int64_t>{1, 1});
  int64_t N = x->shape[0], C = x->shape[1], M = w->shape[1];
  int64_t kh = w->shape[2], kw = w->shape[3];
  SmallVector<int64_t> outHW = {out->second[2], out->second[3]};
  // out = (in - 1) * stride + k + pad_top_total: TOSA's out_pad adds
  // (negative: crops) rows at the top and bottom.
  SmallVector<int64_t> outPad;
  int64_t inHW[2] = {x->shape[2], x->shape[3]};
  int64_t k[2] = {kh, kw};
  std::string autoPad = attrString("auto_pad", "NOTSET");
  auto pads = attrInts("pads").value_or(SmallVector<int64_t>{0, 0, 0, 0});
  auto outputPadding =
      attrInts("output_padding").value_or(SmallVector<int64_t>{0, 0});
  bool hasOutputShape = attr("output_shape") != nullptr;
  if (pads.size() != 4 || outputPadding.size() != 2 || stride.size() != 2)
    return fail() << "pads, output_padding and strides must have 4, 2 and 2 "
                     "values";
  for (int i = 0; i < 2; ++i) {
    // ONNX: total = stride * (in - 1) + output_padding + k - out; with
    // output_shape (pads ignored) or SAME_UPPER the start gets total / 2,
    // else (SAME_LOWER, output_shape otherwise) total - total / 2.
    int64_t full = (inHW[i] - 1) * stride[i] + k[i];
    int64_t total = full + outputPadding[i] - outHW[i];
    // (Halves rounded down, as ONNX's reference divides: a negative total,
    // an output larger than the full one, adds rows at the end.)
    int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
    int64_t begin;
    if (autoPad == "SAME_UPPER")
      begin = half;
    else if (autoPad == "SAME_LOWER" || hasOutputShape)
      begin = total - half;
    else if (autoPad == "VALID")
      begin = 0;
    else
      begin = pads[i];
    outPad.push_back(-begin);
    outPad.push_back(outHW[i] - full + begin);
  }
  // TOSA crops less than a kernel's size (out_pad > -k): larger pads go
  // the general way.
  for (int i = 0; i < 4; ++i)
    if (outPad[i] <= -k[i / 2])
      return convTransposeGeneric(*x, *w, out->second);
  Type el = elemType(x->dtype);
  Value input = get(*x, Layout::NHWC);
  // ONNX weights [C, M, kh, kw] -> TOSA [M, kh, kw, C].
  Value weight = w->host ? constant(transposeHost(*w->host, {1, 2, 3, 0}))
                         : transpose(get(*w, Layout::ONNX), {1, 2, 3, 0});
  Value bias;
  if (hasIn(2)) {
    Val *bv = in(2);
    if (!bv)
      return failure();
    bias = get(*bv, Layout::ONNX);
  } else {
    bias = floatConst({M}, el, 0.0);
  }
  Value zp = zeroPoint(el);
  Value r = tosa::TransposeConv2DOp::create(
      b, loc, tensorType({N, outHW[0], outHW[1], M}, el), input, weight, bias,
      zp, zp, outPad, stride, el.isF64() ? el : b.getF32Type());
  (void)C;
  define(0, r, Layout::NHWC, out->first, out->second);
  return success();
}

/// ConvTranspose of any rank, groups and dilations: the input with stride-1
/// zeros between its elements, padded (or cropped) so that a stride-1
/// correlation with the spatially flipped kernel gives the output:
/// y[o] = sum over i, k with i*s + k*d = o + begin of x[i] w[k].
LogicalResult Importer::convTransposeGeneric(Val &x, Val &w,
                                             ArrayRef<int64_t> outShape) {
  int64_t S = x.shape.size() - 2;
  int64_t N = x.shape[0], C = x.shape[1], G = attrInt("group", 1);
  if (G < 1 || C % G || w.shape[0] != C)
    return fail() << "group " << G << " does not divide the " << C
                  << " input channels (or the weights' first dimension, "
                  << w.shape[0] << ", is not the input channels)";
  int64_t Mg = w.shape[1], M = Mg * G, Cg = C / G;
  if (outShape.size() != size_t(S + 2) || outShape[1] != M)
    return fail() << "the output shape " << shapeStr(outShape)
                  << " does not match " << M << " output channels";
  SmallVector<int64_t> kernel(w.shape.begin() + 2, w.shape.end());
  SmallVector<int64_t> ones(S, 1), zeros(S, 0);
  auto stride = attrInts("strides").value_or(ones);
  auto dilation = attrInts("dilations").value_or(ones);
  auto outputPadding = attrInts("output_padding").value_or(zeros);
  auto pads = attrInts("pads").value_or(SmallVector<int64_t>(2 * S, 0));
  if (int64_t(stride.size()) != S || int64_t(dilation.size()) != S ||
      int64_t(outputPadding.size()) != S || int64_t(pads.size()) != 2 * S)
    return fail() << "strides, dilations, output_padding and pads must have "
                  << S << ", " << S << ", " << S << " and " << 2 * S
                  << " values";
  if (auto k = attrInts("kernel_shape"); k && *k != kernel)
    return fail() << "kernel_shape " << shapeStr(*k)
                  << " differs from the weights' " << shapeStr(kernel);
  for (int64_t i = 0; i < S; ++i)
    if (stride[i] < 1 || dilation[i] < 1)
      return fail() << "strides and dilations must be positive";
  std::string autoPad = attrString("auto_pad", "NOTSET");
  bool hasOutputShape = attr("output_shape") != nullptr;
  Type el = elemType(x.dtype);
  Value v = get(x, Layout::ONNX);
  SmallVector<int64_t> shape(x.shape);
  for (int64_t i = 0; i < S; ++i) {
    int64_t d = 2 + i, in = shape[d];
    int64_t span = (kernel[i] - 1) * dilation[i];
    int64_t full = (in - 1) * stride[i] + span + 1;
    int64_t total = full + outputPadding[i] - outShape[d];
    int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
    int64_t begin = autoPad == "SAME_UPPER" ? half
                    : (autoPad == "SAME_LOWER" || hasOutputShape) ? total - half
                    : autoPad == "VALID" ? 0
                                         : pads[i];
    // Zeros between the elements: [.., in, 1] padded to [.., in, s],
    // flattened, the trailing s - 1 dropped.
    if (stride[i] > 1) {
      SmallVector<int64_t> split(shape.begin(), shape.begin() + d + 1);
      split.push_back(1);
      split.append(shape.begin() + d + 1, shape.end());
      v = reshape(v, split);
      SmallVector<int64_t> padding(2 * split.size(), 0);
      padding[2 * (d + 1) + 1] = stride[i] - 1;
      SmallVector<int64_t> spread = split;
      spread[d + 1] = stride[i];
      v = tosa::PadOp::create(b, loc, tensorType(spread, el), v,
                              shapeValue(padding), floatConst({1}, el, 0.0));
      SmallVector<int64_t> flat(shape);
      flat[d] = in * stride[i];
      v = reshape(v, flat);
      shape[d] = (in - 1) * stride[i] + 1;
      v = slice(v, SmallVector<int64_t>(shape.size(), 0), shape);
    }
    // Pad (or crop) to out + span positions.
    int64_t left = span - begin;
    int64_t right = outShape[d] + span - shape[d] - left;
    SmallVector<int64_t> start(shape.size(), 0), kept(shape);
    if (left < 0) {
      start[d] = -left;
      kept[d] -= -left;
      left = 0;
    }
    if (right < 0) {
      kept[d] -= -right;
      right = 0;
    }
    if (kept[d] < 0)
      return fail() << "the output is cropped beyond the input";
    v = slice(v, start, kept);
    shape = kept;
    if (left || right) {
      SmallVector<int64_t> padding(2 * shape.size(), 0);
      padding[2 * d] = left;
      padding[2 * d + 1] = right;
      shape[d] += left + right;
      v = tosa::PadOp::create(b, loc, tensorType(shape, el), v,
                              shapeValue(padding), floatConst({1}, el, 0.0));
    }
  }
  // Groups apart: x [N, G, C/G, ...], w [G, C/G, M/G, k...], y [N, G, M/G, ...].
  SmallVector<int64_t> xg = {N, G, Cg};
  xg.append(shape.begin() + 2, shape.end());
  v = reshape(v, xg);
  SmallVector<int64_t> wg = {G, Cg, Mg};
  wg.append(kernel);
  // The kernel flipped along its spatial axes (tosa.reverse; a constant
  // kernel folds).
  Value weight = get(w, Layout::ONNX);
  for (int64_t i = 0; i < S; ++i)
    weight = tosa::ReverseOp::create(b, loc, weight.getType(), weight,
                                     b.getI32IntegerAttr(int32_t(2 + i)));
  weight = reshape(weight, wg);
  SmallVector<int64_t> yg = {N, G, Mg};
  yg.append(outShape.begin() + 2, outShape.end());
  // Loops: n, g, m, o..., c, k...
  int64_t loops = 3 + S + 1 + S;
  auto dim = [&](int64_t i) { return b.getAffineDimExpr(i); };
  int64_t cDim = 3 + S;
  SmallVector<AffineExpr> xe = {dim(0), dim(1), dim(cDim)};
  SmallVector<AffineExpr> we = {dim(1), dim(cDim), dim(2)};
  SmallVector<AffineExpr> ye = {dim(0), dim(1), dim(2)};
  for (int64_t i = 0; i < S; ++i) {
    AffineExpr k = dim(cDim + 1 + i);
    xe.push_back(dim(3 + i) + k * dilation[i]);
    we.push_back(k);
    ye.push_back(dim(3 + i));
  }
  SmallVector<AffineMap> maps = {AffineMap::get(loops, 0, xe, &ctx),
                                 AffineMap::get(loops, 0, we, &ctx),
                                 AffineMap::get(loops, 0, ye, &ctx)};
  SmallVector<utils::IteratorType> iterators(3 + S,
                                             utils::IteratorType::parallel);
  iterators.append(1 + S, utils::IteratorType::reduction);
  Value init = linalg::FillOp::create(
                   b, loc,
                   arith::ConstantOp::create(b, loc, b.getFloatAttr(el, 0.0))
                       .getResult(),
                   tensor::EmptyOp::create(b, loc, yg, el).getResult())
                   .getResult(0);
  Value y = linalg::GenericOp::create(
                b, loc, TypeRange{tensorType(yg, el)}, ValueRange{v, weight},
                ValueRange{init}, maps, iterators,
                [&](OpBuilder &nb, Location nl, ValueRange a) {
                  Value p = arith::MulFOp::create(nb, nl, a[0], a[1]);
                  linalg::YieldOp::create(
                      nb, nl, ValueRange{arith::AddFOp::create(nb, nl, a[2], p)});
                })
                .getResult(0);
  y = reshape(y, outShape);
  if (hasIn(2)) {
    Val *bias = in(2);
    if (!bias)
      return failure();
    if (bias->shape != SmallVector<int64_t>{M})
      return fail() << "the bias has shape " << shapeStr(bias->shape)
                    << ", expected [" << M << "]";
    SmallVector<int64_t> bs(S + 2, 1);
    bs[1] = M;
    Value bv = reshape(get(*bias, Layout::ONNX), bs);
    y = tosa::AddOp::create(b, loc, tensorType(outShape, el), y, bv);
  }
  define(0, y, Layout::ONNX, x.dtype, outShape);
  return success();
}

LogicalResult Importer::importPool() {
  bool isMax = node->op_type() == "MaxPool";
  Val *x = in(0);
  if (!x)
    return failure();
  if (!isFloatDType(x->dtype) &&
      (!isMax || x->dtype == kBool || !elemType(x->dtype)))
    return fail() << "input has element type " << dtypeName(x->dtype)
                  << ": only float (and MaxPool of integer) pooling is "
                     "supported";
  auto out = outType(0);
  if (failed(out))
    return failure();
  bool withIndices = isMax && node->output_size() > 1 && isUsed(node->output(1));
  int64_t rank = x->shape.size();
  if (rank < 3 || rank > 5)
    return fail() << "only 1-D, 2-D and 3-D pooling is supported";
  int64_t spatial = rank - 2;
  if (out->second.size() != size_t(rank))
    return fail() << "output rank differs from the input's";
  auto kernelAttr = attrInts("kernel_shape");
  if (!kernelAttr)
    return fail() << "kernel_shape is required";
  SmallVector<int64_t> kernel = *kernelAttr;
  SmallVector<int64_t> stride =
      attrInts("strides").value_or(SmallVector<int64_t>(spatial, 1));
  SmallVector<int64_t> dilation =
      attrInts("dilations").value_or(SmallVector<int64_t>(spatial, 1));
  if (attrInt("storage_order", 0) != 0 && attrInt("storage_order", 0) != 1)
    return fail() << "storage_order must be 0 or 1";
  SmallVector<int64_t> inHW(x->shape.begin() + 2, x->shape.end());
  SmallVector<int64_t> outHW(out->second.begin() + 2, out->second.end());
  SmallVector<int64_t> pad, crop, declaredEnd;
  if (failed(windowPads(inHW, kernel, stride, dilation, outHW, pad, crop,
                        &declaredEnd)))
    return failure();
  // TOSA pools 2-D float (and signed) windows without dilation; the rest
  // is a linalg.generic over the window.
  if (spatial == 3 || withIndices || !isFloatDType(x->dtype) ||
      llvm::any_of(dilation, [](int64_t d) { return d != 1; }))
    return poolGeneric(*x, isMax, withIndices, out->second, kernel, stride,
                       dilation, pad, crop, declaredEnd);
  int64_t N = x->shape[0], C = x->shape[1];
  if (spatial == 1) {
    kernel.insert(kernel.begin(), 1);
    stride.insert(stride.begin(), 1);
    crop.insert(crop.begin(), 0);
    pad.insert(pad.begin(), {0, 0});
    declaredEnd.insert(declaredEnd.begin(), 0);
    inHW.insert(inHW.begin(), 1);
    outHW.insert(outHW.begin(), 1);
  }
  Type el = elemType(x->dtype);
  Value input = spatial == 2
                    ? get(*x, Layout::NHWC)
                    : reshape(transpose(get(*x, Layout::ONNX), {0, 2, 1}),
                              {N, 1, inHW[1], C});
  if (crop[0] || crop[1])
    input = slice(input, {0, 0, 0, 0},
                  {N, inHW[0] - crop[0], inHW[1] - crop[1], C});
  RankedTensorType t = tensorType({N, outHW[0], outHW[1], C}, el);
  Value r;
  if (isMax) {
    for (int i = 0; i < 4; ++i)
      if (pad[i] >= kernel[i / 2])
        return fail() << "a pad of " << pad[i]
                      << " is not smaller than the kernel";
    r = tosa::MaxPool2dOp::create(b, loc, t, input, kernel, stride, pad);
  } else {
    if (attrInt("count_include_pad", 0)) {
      // The declared (or SAME) pads count as zeros: padded explicitly. Only
      // ceil_mode's rows beyond them stay TOSA pads, which the divisor
      // leaves out (as PyTorch and ONNX's reference do).
      SmallVector<int64_t> explicitPad(4);
      for (int d = 0; d < 2; ++d) {
        explicitPad[2 * d] = pad[2 * d];
        explicitPad[2 * d + 1] = std::min(pad[2 * d + 1], declaredEnd[d]);
      }
      SmallVector<int64_t> padding = {0, 0, explicitPad[0], explicitPad[1],
                                      explicitPad[2], explicitPad[3], 0, 0};
      ArrayRef<int64_t> s = shapeOf(input);
      SmallVector<int64_t> padded = {s[0], s[1] + explicitPad[0] + explicitPad[1],
                                     s[2] + explicitPad[2] + explicitPad[3], s[3]};
      input = tosa::PadOp::create(b, loc, tensorType(padded, el), input,
                                  shapeValue(padding), floatConst({1}, el, 0.0));
      for (int i = 0; i < 4; ++i)
        pad[i] -= explicitPad[i];
    }
    for (int i = 0; i < 4; ++i)
      if (pad[i] >= kernel[i / 2])
        return fail() << "a pad of " << pad[i]
                      << " is not smaller than the kernel";
    Value zp = zeroPoint(el);
    r = tosa::AvgPool2dOp::create(b, loc, t, input, zp, zp, kernel, stride,
                                  pad, el.isF64() ? el : b.getF32Type());
  }
  if (spatial == 2) {
    define(0, r, Layout::NHWC, out->first, out->second);
  } else {
    Value v = reshape(r, {N, outHW[1], C});
    define(0, transpose(v, {0, 2, 1}), Layout::ONNX, out->first, out->second);
  }
  return success();
}

LogicalResult Importer::poolGeneric(Val &x, bool isMax, bool withIndices,
                                    ArrayRef<int64_t> outShape,
                                    ArrayRef<int64_t> kernel,
                                    ArrayRef<int64_t> stride,
                                    ArrayRef<int64_t> dilation,
                                    ArrayRef<int64_t> pad,
                                    ArrayRef<int64_t> crop,
                                    ArrayRef<int64_t> declaredEnd) {
  int64_t S = kernel.size();
  Value input = get(x, Layout::ONNX);
  Type el = elemOf(input);
  bool isFloat = isa<FloatType>(el), isUnsigned = isUnsignedDType(x.dtype);
  SmallVector<int64_t> inShape(x.shape);
  // Rows no window reaches are dropped, then the pads added explicitly
  // with the reduction's identity (never chosen, never summed).
  SmallVector<int64_t> kept = inShape, padded = inShape;
  SmallVector<int64_t> padding(4, 0);
  for (int64_t i = 0; i < S; ++i) {
    kept[2 + i] -= crop[i];
    padded[2 + i] = kept[2 + i] + pad[2 * i] + pad[2 * i + 1];
    padding.push_back(pad[2 * i]);
    padding.push_back(pad[2 * i + 1]);
  }
  input = slice(input, SmallVector<int64_t>(inShape.size(), 0), kept);
  TypedAttr identity;
  if (!isMax)
    identity = b.getFloatAttr(el, 0.0);
  else if (auto ft = dyn_cast<FloatType>(el))
    identity = b.getFloatAttr(
        el, APFloat::getInf(ft.getFloatSemantics(), /*Negative=*/true));
  else
    identity = b.getIntegerAttr(
        el, isUnsigned ? APInt::getZero(el.getIntOrFloatBitWidth())
                       : APInt::getSignedMinValue(el.getIntOrFloatBitWidth()));
  if (padded != kept) {
    auto oneType = tensorType({1}, el);
    Value padValue = tosa::ConstOp::create(
        b, loc, oneType, DenseElementsAttr::get(oneType, identity));
    input = tosa::PadOp::create(b, loc, tensorType(padded, el), input,
                                shapeValue(padding), padValue);
  }
  // Loops: N, C, the output's spatial positions, then the window's.
  int64_t loops = 2 + 2 * S;
  SmallVector<AffineExpr> inExprs = {b.getAffineDimExpr(0),
                                     b.getAffineDimExpr(1)};
  SmallVector<AffineExpr> windowExprs, outExprs = inExprs;
  for (int64_t i = 0; i < S; ++i) {
    inExprs.push_back(b.getAffineDimExpr(2 + i) * stride[i] +
                      b.getAffineDimExpr(2 + S + i) * dilation[i]);
    windowExprs.push_back(b.getAffineDimExpr(2 + S + i));
    outExprs.push_back(b.getAffineDimExpr(2 + i));
  }
  SmallVector<AffineMap> maps = {AffineMap::get(loops, 0, inExprs, &ctx),
                                 AffineMap::get(loops, 0, windowExprs, &ctx),
                                 AffineMap::get(loops, 0, outExprs, &ctx)};
  SmallVector<utils::IteratorType> iterators(2 + S,
                                             utils::IteratorType::parallel);
  iterators.append(S, utils::IteratorType::reduction);
  Value window = tensor::EmptyOp::create(b, loc, kernel, el);
  auto filled = [&](Type elem, TypedAttr value) {
    Value empty = tensor::EmptyOp::create(b, loc, outShape, elem);
    Value v = arith::ConstantOp::create(b, loc, value);
    return linalg::FillOp::create(b, loc, v, empty).getResult(0);
  };
  SmallVector<Value> inits = {filled(el, identity)};
  SmallVector<Type> resultTypes = {tensorType(outShape, el)};
  if (withIndices) {
    // -1: no element of the window taken yet.
    maps.push_back(maps.back());
    inits.push_back(filled(b.getI64Type(), b.getI64IntegerAttr(-1)));
    resultTypes.push_back(tensorType(outShape, b.getI64Type()));
  }
  auto op = linalg::GenericOp::create(
      b, loc, resultTypes, ValueRange{input, window}, inits, maps, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange a) {
        Value in = a[0], acc = a[2];
        if (!isMax) {
          linalg::YieldOp::create(nb, nl,
                                  ValueRange{arith::AddFOp::create(nb, nl, acc, in)});
          return;
        }
        Value take;
        if (isFloat) {
          // NaN propagates (the first one wins), as in NumPy's max.
          Value greater = arith::CmpFOp::create(
              nb, nl, arith::CmpFPredicate::OGT, in, acc);
          Value inNaN = arith::CmpFOp::create(nb, nl, arith::CmpFPredicate::UNO,
                                              in, in);
          Value accNumber = arith::CmpFOp::create(
              nb, nl, arith::CmpFPredicate::ORD, acc, acc);
          take = arith::OrIOp::create(
              nb, nl, greater, arith::AndIOp::create(nb, nl, inNaN, accNumber));
        } else {
          take = arith::CmpIOp::create(nb, nl,
                                       isUnsigned ? arith::CmpIPredicate::ugt
                                                  : arith::CmpIPredicate::sgt,
                                       in, acc);
        }
        SmallVector<Value> results;
        if (withIndices) {
          // The window's first position inside the input is taken even
          // when it equals the identity (an all-zero uint8 window), so
          // that the index always points into the window.
          Value none = arith::CmpIOp::create(
              nb, nl, arith::CmpIPredicate::eq, a[3],
              arith::ConstantOp::create(nb, nl, nb.getI64IntegerAttr(-1)));
          Value inside = arith::ConstantOp::create(nb, nl, nb.getBoolAttr(true));
          for (int64_t i = 0; i < S; ++i) {
            Value pos = arith::AddIOp::create(
                nb, nl,
                arith::MulIOp::create(
                    nb, nl, linalg::IndexOp::create(nb, nl, 2 + i),
                    arith::ConstantIndexOp::create(nb, nl, stride[i])),
                arith::MulIOp::create(
                    nb, nl, linalg::IndexOp::create(nb, nl, 2 + S + i),
                    arith::ConstantIndexOp::create(nb, nl, dilation[i])));
            Value lo = arith::CmpIOp::create(
                nb, nl, arith::CmpIPredicate::sge, pos,
                arith::ConstantIndexOp::create(nb, nl, pad[2 * i]));
            Value hi = arith::CmpIOp::create(
                nb, nl, arith::CmpIPredicate::slt, pos,
                arith::ConstantIndexOp::create(nb, nl,
                                               pad[2 * i] + kept[2 + i]));
            inside = arith::AndIOp::create(
                nb, nl, inside, arith::AndIOp::create(nb, nl, lo, hi));
          }
          take = arith::AndIOp::create(
              nb, nl, inside, arith::OrIOp::create(nb, nl, take, none));
        }
        results.push_back(arith::SelectOp::create(nb, nl, take, in, acc));
        if (withIndices) {
          // The flat index into the (unpadded) input: row major, or with
          // storage_order 1 column major within each image (ONNX's
          // reference: w * H + h).
          bool columnMajor = attrInt("storage_order", 0) == 1;
          auto idx = [&](int64_t d) {
            return arith::IndexCastOp::create(
                       nb, nl, nb.getI64Type(),
                       linalg::IndexOp::create(nb, nl, d))
                .getResult();
          };
          auto c64 = [&](int64_t v) {
            return arith::ConstantOp::create(nb, nl, nb.getI64IntegerAttr(v))
                .getResult();
          };
          Value flat = arith::AddIOp::create(
              nb, nl, arith::MulIOp::create(nb, nl, idx(0), c64(inShape[1])),
              idx(1));
          for (int64_t j = 0; j < S; ++j) {
            int64_t i = columnMajor ? S - 1 - j : j;
            Value pos = arith::AddIOp::create(
                nb, nl, arith::MulIOp::create(nb, nl, idx(2 + i), c64(stride[i])),
                arith::MulIOp::create(nb, nl, idx(2 + S + i), c64(dilation[i])));
            pos = arith::SubIOp::create(nb, nl, pos, c64(pad[2 * i]));
            flat = arith::AddIOp::create(
                nb, nl, arith::MulIOp::create(nb, nl, flat, c64(inShape[2 + i])),
                pos);
          }
          results.push_back(arith::SelectOp::create(nb, nl, take, flat, a[3]));
        }
        linalg::YieldOp::create(nb, nl, results);
      });
  Value r = op.getResult(0);
  if (!isMax) {
    // The divisor of each window: its positions inside the input (with
    // count_include_pad, inside the declared pads too; never the rows
    // ceil_mode adds beyond them).
    bool includePad = attrInt("count_include_pad", 0);
    SmallVector<int64_t> outSpatial(outShape.begin() + 2, outShape.end());
    SmallVector<int64_t> countShape(2, 1);
    countShape.append(outSpatial);
    HostTensor count = HostTensor::zeros(x.dtype, countShape);
    int64_t total = product(outSpatial);
    for (int64_t flat = 0; flat < total; ++flat) {
      int64_t rest = flat, n = 1;
      for (int64_t i = S - 1; i >= 0; --i) {
        int64_t o = rest % outSpatial[i];
        rest /= outSpatial[i];
        int64_t lo = includePad ? -pad[2 * i] : 0;
        int64_t hi = inShape[2 + i] + (includePad ? declaredEnd[i] : 0);
        int64_t inside = 0;
        for (int64_t k = 0; k < kernel[i]; ++k) {
          int64_t p = o * stride[i] + k * dilation[i] - pad[2 * i];
          inside += p >= lo && p < hi;
        }
        n *= inside;
      }
      count.setDouble(flat, double(n));
    }
    r = generic({r, constant(count)}, tensorType(outShape, el),
                [](OpBuilder &nb, Location nl, ValueRange a) {
                  return arith::DivFOp::create(nb, nl, a[0], a[1]).getResult();
                });
  }
  define(0, r, Layout::ONNX, x.dtype, outShape);
  if (withIndices)
    define(1, op.getResult(1), Layout::ONNX, kInt64, outShape);
  return success();
}

LogicalResult Importer::importGlobalPool() {
  bool isMax = node->op_type() == "GlobalMaxPool";
  Val *x = in(0);
  if (!x)
    return failure();
  auto out = outType(0);
  if (failed(out))
    return failure();
  int64_t rank = x->shape.size();
  if (rank < 3)
    return fail() << "input rank " << rank << " is below 3";
  Type el = elemType(x->dtype);
  if (rank == 4 && !isMax) {
    Value input = get(*x, Layout::NHWC);
    int64_t N = x->shape[0], C = x->shape[1], H = x->shape[2], W = x->shape[3];
    Value zp = zeroPoint(el);
    Value r = tosa::AvgPool2dOp::create(
        b, loc, tensorType({N, 1, 1, C}, el), input, zp, zp,
        ArrayRef<int64_t>{H, W}, ArrayRef<int64_t>{1, 1},
        ArrayRef<int64_t>{0, 0, 0, 0}, el.isF64() ? el : b.getF32Type());
    define(0, r, Layout::NHWC, out->first, out->second);
    return success();
  }
  Layout layout = layoutOf(*x);
  Value v = get(*x, layout);
  SmallVector<int64_t> axes;
  for (int64_t a = 2; a < rank; ++a)
    axes.push_back(axisIn(a, rank, layout));
  Value r;
  if (isMax) {
    r = reduce<tosa::ReduceMaxOp>(v, axes);
  } else {
    r = reduce<tosa::ReduceSumOp>(v, axes);
    int64_t count = product(ArrayRef<int64_t>(x->shape).drop_front(2));
    r = mul(r, floatConst(SmallVector<int64_t>(rank, 1), el, 1.0 / count),
            cast<RankedTensorType>(r.getType()));
  }
  define(0, r, layout, out->first, out->second);
  return success();
}

LogicalResult Importer::importBatchNorm() {
  Val *x = in(0);
  if (!x)
    return failure();
  bool training = attrInt("training_mode", 0);
  for (int i = 1; i < node->output_size() && !training; ++i)
    if (isUsed(node->output(i)))
      return fail() << "output " << i
                    << " (running statistics) needs training_mode 1";
  auto out = outType(0);
  if (failed(out))
    return failure();
  double eps = attrFloat("epsilon", 1e-5f);
  int64_t rank = x->shape.size();
  if (rank < 2 || !isFloatDType(x->dtype))
    return fail() << "the input must be a float tensor of rank 2 or more";
  if (attr("spatial") && attrInt("spatial", 1) == 0)
    return fail() << "spatial 0 (per-activation statistics) is not supported";
  int64_t C = x->shape[1];
  SmallVector<Val *> params;
  for (int i = 1; i <= 4; ++i) {
    Val *p = in(i);
    if (!p)
      return failure();
    if (product(p->shape) != C || p->dtype != x->dtype)
      return fail() << "scale, B, mean and var must be " << dtypeName(x->dtype)
                    << " tensors of " << C << " values (one per channel)";
    params.push_back(p);
  }
  Layout layout = layoutOf(*x);
  Value v = get(*x, layout);
  RankedTensorType t = cast<RankedTensorType>(v.getType());
  Type el = t.getElementType();
  int64_t chanAxis = axisIn(1, rank, layout);
  SmallVector<int64_t> chanShape(rank, 1);
  chanShape[chanAxis] = C;
  SmallVector<int64_t> ones(rank, 1);
  bool constantParams = llvm::all_of(params, [](Val *p) { return p->host; });
  if (!training && constantParams) {
    // y = x * a + c, a = scale / sqrt(var + eps), c = B - mean * a, each
    // rounded to the element type once.
    const HostTensor *scale = params[0]->host.get(), *bias = params[1]->host.get(),
                     *mean = params[2]->host.get(), *var = params[3]->host.get();
    HostTensor a = HostTensor::zeros(x->dtype, chanShape);
    HostTensor c = HostTensor::zeros(x->dtype, chanShape);
    for (int64_t i = 0; i < C; ++i) {
      double ai = scale->getDouble(i) / std::sqrt(var->getDouble(i) + eps);
      a.setDouble(i, ai);
      c.setDouble(i, bias->getDouble(i) - mean->getDouble(i) * a.getDouble(i));
    }
    Value scaled = mul(v, constant(a), t);
    Value r = tosa::AddOp::create(b, loc, t, scaled, constant(c));
    define(0, r, layout, out->first, out->second);
    return success();
  }
  auto channelwise = [&](Val *p) { return reshape(get(*p, Layout::ONNX), chanShape); };
  Value mean = channelwise(params[2]), var = channelwise(params[3]);
  RankedTensorType chanType = tensorType(chanShape, el);
  if (training) {
    // Batch statistics over every axis but the channels (the population
    // variance), as ONNX's reference.
    SmallVector<int64_t> axes;
    for (int64_t d = 0; d < rank; ++d)
      if (d != chanAxis)
        axes.push_back(d);
    double count = double(product(x->shape) / std::max<int64_t>(C, 1));
    Value inv = floatConst(ones, el, 1.0 / count);
    Value batchMean = mul(reduce<tosa::ReduceSumOp>(v, axes), inv, chanType);
    Value centered = tosa::SubOp::create(b, loc, t, v, batchMean);
    Value batchVar = mul(reduce<tosa::ReduceSumOp>(mul(centered, centered, t), axes),
                         inv, chanType);
    // running = input * momentum + batch * (1 - momentum)
    double momentum = attrFloat("momentum", 0.9f);
    auto running = [&](Value input, Value batch) {
      Value keep = mul(input, floatConst(ones, el, momentum), chanType);
      Value add = mul(batch, floatConst(ones, el, 1.0 - momentum), chanType);
      return reshape(tosa::AddOp::create(b, loc, chanType, keep, add), {C});
    };
    if (node->output_size() > 1 && isUsed(node->output(1)))
      define(1, running(mean, batchMean), Layout::ONNX, x->dtype, {C});
    if (node->output_size() > 2 && isUsed(node->output(2)))
      define(2, running(var, batchVar), Layout::ONNX, x->dtype, {C});
    mean = batchMean;
    var = batchVar;
  }
  // y = (x - mean) / sqrt(var + eps) * scale + B
  Value denom = generic({var}, chanType, [&](OpBuilder &nb, Location nl, ValueRange a) {
    Value e = arith::ConstantOp::create(nb, nl, nb.getFloatAttr(el, eps));
    return math::SqrtOp::create(nb, nl, arith::AddFOp::create(nb, nl, a[0], e))
        .getResult();
  });
  Value centered = tosa::SubOp::create(b, loc, t, v, mean);
  Value normalized = generic({centered, denom}, t,
                             [](OpBuilder &nb, Location nl, ValueRange a) {
    return arith::DivFOp::create(nb, nl, a[0], a[1]).getResult();
  });
  Value scaled = mul(normalized, channelwise(params[0]), t);
  Value r = tosa::AddOp::create(b, loc, t, scaled, channelwise(params[1]));
  define(0, r, layout, out->first, out->second);
  return success();
}

LogicalResult Importer::importLayerNorm() {
  Val *x = in(0);
  if (!x)
    return failure();
  auto out = outType(0);
  if (failed(out))
    return failure();
  int64_t rank = x->shape.size();
  int64_t axis = normAxis(attrInt("axis", -1), rank);
  double eps = attrFloat("epsilon", 1e-5f);
  Layout layout = layoutOf(*x);
  Value v = get(*x, layout);
  RankedTensorType t = cast<RankedTensorType>(v.getType());
  Type el = t.getElementType();
  SmallVector<int64_t> axes;
  int64_t count = 1;
  for (int64_t a = axis; a < rank; ++a) {
    axes.push_back(axisIn(a, rank, layout));
    count *= x->shape[a];
  }
  SmallVector<int64_t> ones(rank, 1);
  Value invN = floatConst(ones, el, 1.0 / count);
  Value sum = reduce<tosa::ReduceSumOp>(v, axes);
  Value mean = mul(sum, invN, cast<RankedTensorType>(sum.getType()));
  Value d = tosa::SubOp::create(b, loc, t, v, mean);
  Value d2 = mul(d, d, t);
  Value var = reduce<tosa::ReduceSumOp>(d2, axes);
  auto st = cast<RankedTensorType>(var.getType());
  var = mul(var, invN, st);
  Value ve = tosa::AddOp::create(b, loc, st, var, floatConst(ones, el, eps));
  Value inv = tosa::RsqrtOp::create(b, loc, st, ve);
  Value y = mul(d, inv, t);
  Val *scale = in(1);
  if (!scale)
    return failure();
  if (!broadcastsTo(scale->shape, x->shape) ||
      (hasIn(2) && in(2) && !broadcastsTo(in(2)->shape, x->shape)))
    return fail() << "scale or bias does not broadcast to the input's shape "
                  << shapeStr(x->shape);
  Value r = mul(y, getRanked(*scale, rank, layout), t);
  if (hasIn(2)) {
    Val *bias = in(2);
    if (!bias)
      return failure();
    r = tosa::AddOp::create(b, loc, t, r, getRanked(*bias, rank, layout));
  }
  define(0, r, layout, out->first, out->second);
  // Mean and InvStdDev (optional outputs), the normalized axes kept as 1.
  for (int i = 1; i < 3 && i < node->output_size(); ++i) {
    if (!isUsed(node->output(i)))
      continue;
    auto o = outType(i);
    if (failed(o))
      return failure();
    Value v = i == 1 ? mean : inv;
    if (cast<ShapedType>(v.getType()).getElementType() != elemType(o->first))
      return fail() << "output " << i << " has element type "
                    << dtypeName(o->first) << ", not the input's";
    define(i, v, layout, o->first, o->second);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

LogicalResult Importer::importGemm() {
  Val *a = in(0), *bv = in(1);
  if (!a || !bv)
    return failure();
  auto out = outType(0);
  if (failed(out))
    return failure();
  if (a->shape.size() != 2 || bv->shape.size() != 2)
    return fail() << "A and B must be matrices";
  if (!isFloatDType(a->dtype) || !isFloatDType(bv->dtype))
    return fail() << "only float matrix products are supported";
  bool transA = attrInt("transA", 0), transB = attrInt("transB", 0);
  double alpha = attrFloat("alpha", 1.0f), beta = attrFloat("beta", 1.0f);
  int64_t M = out->second[0], N = out->second[1];
  int64_t K = transA ? a->shape[0] : a->shape[1];
  if ((transB ? bv->shape[1] : bv->shape[0]) != K ||
      (transB ? bv->shape[0] : bv->shape[1]) != N)
    return fail() << "B of shape " << shapeStr(bv->shape)
                  << " does not fit A of shape " << shapeStr(a->shape);
  Type el = elemType(out->first);
  Value av = get(*a, Layout::ONNX);
  if (transA)
    av = transpose(av, {1, 0});
  av = reshape(av, {1, M, K});
  Value bm;
  if (bv->host) {
    HostTensor h = transB ? transposeHost(*bv->host, {1, 0}) : *bv->host;
    h.shape = {1, K, N};
    bm = constant(h);
  } else {
    bm = get(*bv, Layout::ONNX);
    if (transB)
      bm = transpose(bm, {1, 0});
    bm = reshape(bm, {1, K, N});
  }
  Value zp = zeroPoint(el);
  Value r = tosa::MatMulOp::create(b, loc, tensorType({1, M, N}, el), av, bm,
                                   zp, zp);
  r = reshape(r, {M, N});
  RankedTensorType t = tensorType({M, N}, el);
  if (alpha != 1.0) {
    r = mul(r, floatConst({1, 1}, el, alpha), t);
  }
  if (hasIn(2)) {
    Val *c = in(2);
    if (!c)
      return failure();
    Value cv;
    if (beta != 1.0 && c->host) {
      HostTensor h = *c->host;
      for (int64_t i = 0, e = h.splat ? 1 : h.numElements(); i < e; ++i)
        h.setDouble(i, h.getDouble(i) * beta);
      SmallVector<int64_t> s(2 - h.shape.size(), 1);
      s.append(h.shape.begin(), h.shape.end());
      h.shape = s;
      cv = constant(h);
    } else {
      cv = getRanked(*c, 2, Layout::ONNX);
      if (beta != 1.0)
        cv = mul(cv, floatConst({1, 1}, el, beta),
                 cast<RankedTensorType>(cv.getType()));
    }
    if (beta != 0.0)
      r = tosa::AddOp::create(b, loc, t, r, cv);
  }
  define(0, r, Layout::ONNX, out->first, out->second);
  return success();
}

LogicalResult Importer::importMatMul() {
  Val *a = in(0), *bv = in(1);
  if (!a || !bv)
    return failure();
  auto out = outType(0);
  if (failed(out))
    return failure();
  if (!isFloatDType(a->dtype))
    return fail() << "only float matrix products are supported";
  Type el = elemType(out->first);
  SmallVector<int64_t> as = a->shape, bs = bv->shape;
  if (as.empty() || bs.empty())
    return fail() << "scalars are not matrices";
  bool aVec = as.size() == 1, bVec = bs.size() == 1;
  if (aVec)
    as.insert(as.begin(), 1);
  if (bVec)
    bs.push_back(1);
  int64_t M = as[as.size() - 2], K = as.back(), N = bs.back();
  ArrayRef<int64_t> aBatch = ArrayRef<int64_t>(as).drop_back(2);
  ArrayRef<int64_t> bBatch = ArrayRef<int64_t>(bs).drop_back(2);
  auto batchShape = broadcastShapes(aBatch, bBatch);
  if (!batchShape)
    return fail() << "batch dimensions do not broadcast";
  int64_t batch = product(*batchShape);
  Value av = reshape(get(*a, Layout::ONNX), as);
  Value r;
  Value zp = zeroPoint(el);
  if (product(bBatch) == 1) {
    // B is one matrix (a layer's weights): A's batch joins its rows.
    Value am = reshape(av, {1, batch * M, K});
    Value bm;
    if (bv->host) {
      HostTensor h = *bv->host;
      h.shape = {1, K, N};
      bm = constant(h);
    } else {
      bm = reshape(get(*bv, Layout::ONNX), {1, K, N});
    }
    // A with fewer batch dimensions than the result is broadcast.
    if (product(aBatch) != batch) {
      SmallVector<int64_t> full(*batchShape);
      full.append({M, K});
      SmallVector<int64_t> aFull(full.size() - as.size(), 1);
      aFull.append(as.begin(), as.end());
      Value a2 = reshape(av, aFull);
      SmallVector<int64_t> multiples;
      for (size_t i = 0; i < full.size(); ++i)
        multiples.push_back(full[i] / aFull[i]);
      a2 = tosa::TileOp::create(b, loc, tensorType(full, el), a2,
                                shapeValue(multiples));
      am = reshape(a2, {1, batch * M, K});
    }
    r = tosa::MatMulOp::create(b, loc, tensorType({1, batch * M, N}, el), am,
                               bm, zp, zp);
  } else {
    auto broadcastTo = [&](Value v, ArrayRef<int64_t> s, int64_t rows,
                           int64_t cols) {
      SmallVector<int64_t> full(*batchShape);
      full.append({rows, cols});
      SmallVector<int64_t> vFull(full.size() - s.size(), 1);
      vFull.append(s.begin(), s.end());
      v = reshape(v, vFull);
      if (vFull != full) {
        SmallVector<int64_t> multiples;
        for (size_t i = 0; i < full.size(); ++i)
          multiples.push_back(full[i] / vFull[i]);
        v = tosa::TileOp::create(b, loc, tensorType(full, el), v,
                                 shapeValue(multiples));
      }
      return reshape(v, {batch, rows, cols});
    };
    Value am = broadcastTo(av, as, M, K);
    Value bm = broadcastTo(reshape(get(*bv, Layout::ONNX), bs), bs, K, N);
    r = tosa::MatMulOp::create(b, loc, tensorType({batch, M, N}, el), am, bm,
                               zp, zp);
  }
  define(0, reshape(r, out->second), Layout::ONNX, out->first, out->second);
  return success();
}

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

LogicalResult Importer::importSoftmax() {
  bool isLog = node->op_type() == "LogSoftmax";
  Val *x = in(0);
  if (!x)
    return failure();
  auto out = outType(0);
  if (failed(out))
    return failure();
  int64_t rank = x->shape.size();
  int64_t axis = normAxis(attrInt("axis", opset >= 13 ? -1 : 1), rank);
  // Before opset 13 the input is a matrix of [axis, rank) flattened.
  SmallVector<int64_t> onnxAxes;
  if (opset >= 13)
    onnxAxes.push_back(axis);
  else
    for (int64_t a = axis; a < rank; ++a)
      onnxAxes.push_back(a);
  Layout layout = layoutOf(*x);
  Value v = get(*x, layout);
  SmallVector<int64_t> axes;
  for (int64_t a : onnxAxes)
    axes.push_back(axisIn(a, rank, layout));
  RankedTensorType t = cast<RankedTensorType>(v.getType());
  Value m = reduce<tosa::ReduceMaxOp>(v, axes);
  Value d = tosa::SubOp::create(b, loc, t, v, m);
  Value e = tosa::ExpOp::create(b, loc, t, d);
  Value s = reduce<tosa::ReduceSumOp>(e, axes);
  Value r;
  if (isLog) {
    Value ls = tosa::LogOp::create(b, loc, s.getType(), s);
    r = tosa::SubOp::create(b, loc, t, d, ls);
  } else {
    r = generic({e, s}, t, [](OpBuilder &nb, Location nl, ValueRange a) {
      return arith::DivFOp::create(nb, nl, a[0], a[1]).getResult();
    });
  }
  define(0, r, layout, out->first, out->second);
  return success();
}

//===----------------------------------------------------------------------===//
// Shapes and data movement
//===----------------------------------------------------------------------===//

LogicalResult Importer::importReshape() {
  // Reshape, Flatten, Squeeze, Unsqueeze: the result's shape is the one
  // shape inference gives.
  Val *x = in(0);
  if (!x)
    return failure();
  StringRef op = node->op_type();
  if (hasIn(1) && !hostIn(1, op == "Reshape" ? "shape" : "axes"))
    return failure();
  auto out = outType(0);
  if (failed(out))
    return failure();
  if (product(out->second) != product(x->shape))
    return fail() << "cannot reshape " << shapeStr(x->shape) << " to "
                  << shapeStr(out->second);
  Value v = get(*x, Layout::ONNX);
  define(0, reshape(v, out->second), Layout::ONNX, out->first, out->second);
  return success();
}

LogicalResult Importer::importTranspose() {
  Val *x = in(0);
  if (!x)
    return failure();
  auto out = outType(0);
  if (failed(out))
    return failure();
  int64_t rank = x->shape.size();
  SmallVector<int64_t> perm;
  if (auto p = attrInts("perm"))
    perm = *p;
  else
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  if (int64_t(perm.size()) != rank)
    return fail() << "perm has " << perm.size() << " values for rank " << rank;
  Value r;
  if (x->nhwc && !x->host) {
    // The value is ONNX's transposed by kToNHWC: compose.
    SmallVector<int64_t> q;
    for (int64_t p : perm)
      q.push_back(kToNCHW[p]);
    r = transpose(x->v, q);
  } else {
    r = transpose(get(*x, Layout::ONNX), perm);
  }
  define(0, r, Layout::ONNX, out->first, out->second);
  return success();
}

LogicalResult Importer::importConcat() {
  auto out = outType(0);
  if (failed(out))
    return failure();
  int64_t rank = out->second.size();
  int64_t axis = normAxis(attrInt("axis", 0), rank);
  SmallVector<Val *> inputs;
  bool allNHWC = rank == 4;
  for (int i = 0; i < node->input_size(); ++i) {
    Val *v = in(i);
    if (!v)
      return failure();
    if (product(v->shape) == 0)
      continue; // ONNX allows empty inputs
    inputs.push_back(v);
    allNHWC &= v->nhwc && !v->host;
  }
  Layout layout = allNHWC ? Layout::NHWC : Layout::ONNX;
  SmallVector<Value> vs;
  for (Val *v : inputs)
    vs.push_back(get(*v, layout));
  Value r = vs.size() == 1
                ? vs[0]
                : tosa::ConcatOp::create(
                      b, loc, tensorType(inLayout(out->second, layout), out->first),
                      vs, b.getI32IntegerAttr(int32_t(axisIn(axis, rank, layout))));
  define(0, r, layout, out->first, out->second);
  return success();
}

LogicalResult Importer::importSplit() {
  Val *x = in(0);
  if (!x || (hasIn(1) && !hostIn(1, "split")))
    return failure();
  int64_t rank = x->shape.size();
  int64_t axis = normAxis(attrInt("axis", 0), rank);
  Layout layout = layoutOf(*x);
  Value v = get(*x, layout);
  int64_t offset = 0;
  for (int i = 0; i < node->output_size(); ++i) {
    auto out = outType(i);
    if (failed(out))
      return failure();
    SmallVector<int64_t> start(rank, 0);
    start[axis] = offset;
    offset += out->second[axis];
    Value r = slice(v, inLayout(start, layout), inLayout(out->second, layout));
    define(i, r, layout, out->first, out->second);
  }
  return success();
}

LogicalResult Importer::importSlice() {
  Val *x = in(0);
  if (!x)
    return failure();
  for (int i = 1; i < 5 && opset >= 10; ++i)
    if (hasIn(i) && !hostIn(i, i == 1   ? "starts"
                               : i == 2 ? "ends"
                               : i == 3 ? "axes"
                                        : "steps"))
      return failure();
  auto out = outType(0);
  if (failed(out))
    return failure();
  int64_t rank = x->shape.size();
  std::vector<int64_t> starts, ends, axes, steps;
  if (opset < 10) {
    starts = toVec(attrInts("starts"));
    ends = toVec(attrInts("ends"));
    if (auto a = attrInts("axes"))
      axes.assign(a->begin(), a->end());
  } else {
    const HostTensor *s = hostIn(1, "starts");
    const HostTensor *e = s ? hostIn(2, "ends") : nullptr;
    if (!e)
      return failure();
    starts = s->ints();
    ends = e->ints();
    if (hasIn(3)) {
      const HostTensor *a = hostIn(3, "axes");
      if (!a)
        return failure();
      axes = a->ints();
    }
    if (hasIn(4)) {
      const HostTensor *st = hostIn(4, "steps");
      if (!st)
        return failure();
      steps = st->ints();
    }
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      (!steps.empty() && steps.size() != starts.size()))
    return fail() << "starts, ends, axes and steps must have as many values";
  SmallVector<int64_t> start(rank, 0);
  bool stepped = false;
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t axis = normAxis(axes[i], rank);
    if (axis < 0 || axis >= rank)
      return fail() << "axis " << axes[i] << " is out of range for rank "
                    << rank;
    int64_t step = i < steps.size() ? steps[i] : 1;
    if (step == 0)
      return fail() << "a step of 0 (axis " << axis << ")";
    stepped |= step != 1;
    int64_t dim = x->shape[axis];
    int64_t s = starts[i] < 0 ? starts[i] + dim : starts[i];
    start[axis] = std::clamp<int64_t>(s, 0, dim);
  }
  if (stepped) {
    // Steps other than 1: a negative step reverses the axis first; a step
    // k > 1 slices n * k elements (padded where the range ends early),
    // splits the axis into [n, k] and keeps the first of each k.
    Value v = get(*x, Layout::ONNX);
    Type el = elemOf(v);
    for (size_t i = 0; i < axes.size(); ++i) {
      int64_t axis = normAxis(axes[i], rank);
      int64_t step = i < steps.size() ? steps[i] : 1;
      int64_t dim = x->shape[axis];
      int64_t s0 = starts[i] < 0 ? starts[i] + dim : starts[i];
      int64_t n = out->second[axis];
      if (step < 0) {
        s0 = std::clamp<int64_t>(s0, 0, std::max<int64_t>(dim - 1, 0));
        v = tosa::ReverseOp::create(b, loc, v.getType(), v,
                                    b.getI32IntegerAttr(int32_t(axis)));
        s0 = dim - 1 - s0;
        step = -step;
      } else {
        s0 = std::clamp<int64_t>(s0, 0, dim);
      }
      if (n == 0)
        continue; // a zero-size result: see importNode
      SmallVector<int64_t> shape(shapeOf(v)), begin(rank, 0);
      int64_t take = std::min<int64_t>((n - 1) * step + 1, dim - s0);
      begin[axis] = s0;
      shape[axis] = take;
      v = slice(v, begin, shape);
      if (step > 1) {
        if (take < n * step) {
          SmallVector<int64_t> padding(2 * rank, 0);
          padding[2 * axis + 1] = n * step - take;
          shape[axis] = n * step;
          Value zero = isa<FloatType>(el)
                           ? floatConst({1}, el, 0.0)
                           : tosa::ConstOp::create(
                                 b, loc, tensorType({1}, el),
                                 DenseElementsAttr::get(
                                     tensorType({1}, el),
                                     b.getIntegerAttr(el, 0)));
          v = tosa::PadOp::create(b, loc, tensorType(shape, el), v,
                                  shapeValue(padding), zero);
        }
        SmallVector<int64_t> split(shape.begin(), shape.begin() + axis);
        split.append({n, step});
        split.append(shape.begin() + axis + 1, shape.end());
        v = reshape(v, split);
        SmallVector<int64_t> firsts = split;
        firsts[axis + 1] = 1;
        v = slice(v, SmallVector<int64_t>(split.size(), 0), firsts);
        shape[axis] = n;
        v = reshape(v, shape);
      }
    }
    if (shapeOf(v) != ArrayRef<int64_t>(out->second))
      return fail() << "the stepped slice has shape "
                    << shapeStr(SmallVector<int64_t>(shapeOf(v)))
                    << ", shape inference says " << shapeStr(out->second);
    define(0, v, Layout::ONNX, out->first, out->second);
    return success();
  }
  Layout layout = layoutOf(*x);
  Value v = get(*x, layout);
  Value r = slice(v, inLayout(start, layout), inLayout(out->second, layout));
  define(0, r, layout, out->first, out->second);
  return success();
}

LogicalResult Importer::importGather() {
  Val *data = in(0), *indices = in(1);
  if (!data || !indices)
    return failure();
  auto out = outType(0);
  if (failed(out))
    return failure();
  int64_t rank = data->shape.size();
  int64_t axis = normAxis(attrInt("axis", 0), rank);
  int64_t K = data->shape[axis];
  int64_t outer = product(ArrayRef<int64_t>(data->shape).take_front(axis));
  int64_t innerSize = product(ArrayRef<int64_t>(data->shape).drop_front(axis + 1));
  int64_t W = product(indices->shape);
  Type el = elemType(data->dtype);
  Value values;
  if (data->host) {
    HostTensor h = *data->host;
    h.shape = {outer, K, innerSize};
    values = constant(h);
  } else {
    values = reshape(get(*data, Layout::ONNX), {outer, K, innerSize});
  }
  Value idx;
  if (indices->host) {
    std::vector<int64_t> iv = indices->host->ints();
    for (int64_t &i : iv) {
      if (i < -K || i >= K)
        return fail() << "index " << i << " is out of range for axis " << axis
                      << " of size " << K;
      if (i < 0)
        i += K;
    }
    SmallVector<int64_t> all;
    for (int64_t o = 0; o < outer; ++o)
      all.append(iv.begin(), iv.end());
    HostTensor h = HostTensor::fromInts(all, {outer, W}, kInt32);
    idx = constant(h);
  } else {
    Value i = reshape(get(*indices, Layout::ONNX), {1, W});
    auto i32 = tensorType({1, W}, b.getI32Type());
    if (elemOf(i) != b.getI32Type())
      i = tosa::CastOp::create(b, loc, i32, i);
    // Negative indices count from the end.
    Value zero = tosa::ConstOp::create(
        b, loc, tensorType({1, 1}, b.getI32Type()),
        DenseElementsAttr::get(tensorType({1, 1}, b.getI32Type()),
                               b.getI32IntegerAttr(0)));
    Value kv = tosa::ConstOp::create(
        b, loc, tensorType({1, 1}, b.getI32Type()),
        DenseElementsAttr::get(tensorType({1, 1}, b.getI32Type()),
                               b.getI32IntegerAttr(int32_t(K))));
    Value neg = tosa::GreaterOp::create(
        b, loc, tensorType({1, W}, b.getI1Type()), zero, i);
    Value wrapped = tosa::AddOp::create(b, loc, i32, i, kv);
    i = tosa::SelectOp::create(b, loc, i32, neg, wrapped, i);
    if (outer > 1)
      i = tosa::TileOp::create(b, loc, tensorType({outer, W}, b.getI32Type()),
                               i, shapeValue({outer, 1}));
    idx = i;
  }
  Value r = tosa::GatherOp::create(
      b, loc, tensorType({outer, W, innerSize}, el), values, idx);
  define(0, reshape(r, out->second), Layout::ONNX, out->first, out->second);
  return success();
}

LogicalResult Importer::importPad() {
  Val *x = in(0);
  if (!x)
    return failure();
  std::string mode = attrString("mode", "constant");
  if (mode != "constant" && mode != "edge" && mode != "reflect")
    return fail() << "mode '" << mode
                  << "' is not supported (constant, edge, reflect)";
  for (int i = 1; i < 3 && opset >= 11; ++i)
    if (hasIn(i) && !hostIn(i, i == 1 ? "pads" : "constant_value"))
      return failure();
  auto out = outType(0);
  if (failed(out))
    return failure();
  int64_t rank = x->shape.size();
  std::vector<int64_t> pads;
  double value = 0.0;
  if (opset < 11) {
    pads = toVec(attrInts("pads"));
    value = attrFloat("value", 0.0f);
  } else {
    const HostTensor *p = hostIn(1, "pads");
    if (!p)
      return failure();
    pads = p->ints();
    if (hasIn(2)) {
      const HostTensor *c = hostIn(2, "constant_value");
      if (!c)
        return failure();
      if (c->numElements() != 1)
        return fail() << "constant_value must be a scalar";
      value = c->getDouble(0);
    }
  }
  if (int64_t(pads.size()) != 2 * rank)
    return fail() << "pads has " << pads.size() << " values, expected "
                  << 2 * rank;
  if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return fail() << "negative pads are not supported";
  Layout layout = layoutOf(*x);
  Value v = get(*x, layout);
  SmallVector<int64_t> padding(2 * rank);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t ld = axisIn(d, rank, layout);
    padding[2 * ld] = pads[d];
    padding[2 * ld + 1] = pads[d + rank];
  }
  Type el = elemOf(v);
  if (mode != "constant") {
    // Edge repeats the border element, reflect mirrors without it: per
    // axis, slices of the border concatenated around the tensor.
    Value r = v;
    for (int64_t ld = 0; ld < rank; ++ld) {
      int64_t before = padding[2 * ld], after = padding[2 * ld + 1];
      if (!before && !after)
        continue;
      SmallVector<int64_t> shape(shapeOf(r));
      int64_t dim = shape[ld];
      if (dim == 0 || (mode == "reflect" && (before >= dim || after >= dim)))
        return fail() << "pads of " << before << " and " << after
                      << " do not fit an axis of size " << dim << " in mode '"
                      << mode << "'";
      auto part = [&](int64_t from, int64_t count) {
        SmallVector<int64_t> start(rank, 0), size(shape);
        start[ld] = from;
        size[ld] = count;
        return slice(r, start, size);
      };
      auto repeat = [&](Value one, int64_t times) -> Value {
        SmallVector<int64_t> multiples(rank, 1), size(shapeOf(one));
        multiples[ld] = times;
        size[ld] *= times;
        return tosa::TileOp::create(b, loc, tensorType(size, el), one,
                                    shapeValue(multiples));
      };
      auto mirror = [&](Value v) -> Value {
        return tosa::ReverseOp::create(b, loc, v.getType(), v,
                                       b.getI32IntegerAttr(int32_t(ld)));
      };
      SmallVector<Value> pieces;
      if (before)
        pieces.push_back(mode == "edge" ? repeat(part(0, 1), before)
                                        : mirror(part(1, before)));
      pieces.push_back(r);
      if (after)
        pieces.push_back(mode == "edge" ? repeat(part(dim - 1, 1), after)
                                        : mirror(part(dim - 1 - after, after)));
      shape[ld] += before + after;
      r = tosa::ConcatOp::create(b, loc, tensorType(shape, el), pieces,
                                 b.getI32IntegerAttr(int32_t(ld)));
    }
    define(0, r, layout, out->first, out->second);
    return success();
  }
  Value padConst =
      isa<FloatType>(el)
          ? floatConst({1}, el, value)
          : tosa::ConstOp::create(
                b, loc, tensorType({1}, el),
                DenseElementsAttr::get(tensorType({1}, el),
                                       IntegerAttr::get(el, int64_t(value))));
  Value r = tosa::PadOp::create(
      b, loc, tensorType(inLayout(out->second, layout), el), v,
      shapeValue(padding), padConst);
  define(0, r, layout, out->first, out->second);
  return success();
}

LogicalResult Importer::importReduce() {
  StringRef op = node->op_type();
  Val *x = in(0);
  if (!x)
    return failure();
  if (!isFloatDType(x->dtype))
    return fail() << "input has element type " << dtypeName(x->dtype)
                  << ": only float reductions are supported";
  if (hasIn(1) && !hostIn(1, "axes"))
    return failure();
  auto out = outType(0);
  if (failed(out))
    return failure();
  int64_t rank = x->shape.size();
  std::vector<int64_t> axes;
  bool axesFromInput = (op == "ReduceSum" && opset >= 13) || opset >= 18;
  if (axesFromInput) {
    if (hasIn(1)) {
      const HostTensor *a = hostIn(1, "axes");
      if (!a)
        return failure();
      axes = a->ints();
    }
  } else if (auto a = attrInts("axes")) {
    axes.assign(a->begin(), a->end());
  }
  bool keep = attrInt("keepdims", 1);
  if (axes.empty()) {
    if (attrInt("noop_with_empty_axes", 0)) {
      values[node->output(0)] = *x;
      return success();
    }
    for (int64_t a = 0; a < rank; ++a)
      axes.push_back(a);
  }
  Layout layout = layoutOf(*x);
  Value v = get(*x, layout);
  SmallVector<int64_t> laxes;
  for (int64_t a : axes) {
    a = normAxis(a, rank);
    if (a < 0 || a >= rank)
      return fail() << "axis " << a << " is out of range for rank " << rank;
    laxes.push_back(axisIn(a, rank, layout));
  }
  llvm::sort(laxes);
  laxes.erase(std::unique(laxes.begin(), laxes.end()), laxes.end());
  int64_t count = 1;
  for (int64_t a : laxes)
    count *= shapeOf(v)[a];
  Value r;
  if (op == "ReduceMax")
    r = reduce<tosa::ReduceMaxOp>(v, laxes);
  else if (op == "ReduceMin")
    r = reduce<tosa::ReduceMinOp>(v, laxes);
  else if (op == "ReduceProd")
    r = reduce<tosa::ReduceProductOp>(v, laxes);
  else
    r = reduce<tosa::ReduceSumOp>(v, laxes);
  if (op == "ReduceMean") {
    r = mul(r,
            floatConst(SmallVector<int64_t>(rank, 1), elemOf(r), 1.0 / count),
            cast<RankedTensorType>(r.getType()));
  }
  if (keep) {
    define(0, r, layout, out->first, out->second);
    return success();
  }
  if (layout == Layout::NHWC)
    r = transpose(r, kToNCHW);
  define(0, reshape(r, out->second), Layout::ONNX, out->first, out->second);
  return success();
}

LogicalResult Importer::importExpand() {
  Val *x = in(0);
  if (!x || !hostIn(1, "shape"))
    return failure();
  auto out = outType(0);
  if (failed(out))
    return failure();
  int64_t rank = out->second.size();
  Value v = getRanked(*x, rank, Layout::ONNX);
  ArrayRef<int64_t> s = shapeOf(v);
  SmallVector<int64_t> multiples;
  for (int64_t i = 0; i < rank; ++i)
    multiples.push_back(s[i] ? out->second[i] / s[i] : 1);
  Value r = tosa::TileOp::create(b, loc, tensorType(out->second, out->first), v,
                                 shapeValue(multiples));
  define(0, r, Layout::ONNX, out->first, out->second);
  return success();
}

LogicalResult Importer::importConstant() {
  const onnx::AttributeProto *a = node->attribute_size() == 1
                                      ? &node->attribute(0)
                                      : nullptr;
  if (!a)
    return fail() << "needs exactly one attribute";
  HostTensor h;
  if (a->name() == "value") {
    std::string why;
    auto t = toHost(a->t(), why);
    if (failed(t))
      return fail() << why;
    h = std::move(*t);
    h.source.clear();
  } else if (a->name() == "value_float") {
    h = HostTensor::zeros(kFloat, {});
    h.setDouble(0, a->f());
  } else if (a->name() == "value_floats") {
    h = HostTensor::zeros(kFloat, {int64_t(a->floats_size())});
    for (int i = 0; i < a->floats_size(); ++i)
      h.setDouble(i, a->floats(i));
  } else if (a->name() == "value_int") {
    h = HostTensor::fromInts({a->i()}, {});
  } else if (a->name() == "value_ints") {
    SmallVector<int64_t> v(a->ints().begin(), a->ints().end());
    h = HostTensor::fromInts(v, {int64_t(v.size())});
  } else {
    return fail() << "attribute '" << a->name() << "' is not supported";
  }
  defineHost(0, std::move(h));
  return success();
}

LogicalResult Importer::importConstantOfShape() {
  const HostTensor *s = hostIn(0, "shape");
  if (!s)
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t d : s->ints()) {
    if (d < 0)
      return fail() << "negative size " << d << " in the shape";
    shape.push_back(d);
  }
  HostTensor h;
  if (const onnx::AttributeProto *a = attr("value")) {
    std::string why;
    auto t = toHost(a->t(), why);
    if (failed(t))
      return fail() << why;
    if (t->numElements() != 1)
      return fail() << "value must hold one element";
    h = HostTensor::zeros(t->dtype, shape, /*splat=*/true);
    std::memcpy(h.raw.data(), t->raw.data(), h.itemSize());
  } else {
    h = HostTensor::zeros(kFloat, shape, /*splat=*/true);
  }
  defineHost(0, std::move(h));
  return success();
}

LogicalResult Importer::importShape() {
  Val *x = in(0);
  if (!x)
    return failure();
  int64_t rank = x->shape.size();
  int64_t start = normAxis(attrInt("start", 0), rank);
  int64_t end = attrInt("end", rank);
  end = std::clamp<int64_t>(normAxis(end, rank), 0, rank);
  start = std::clamp<int64_t>(start, 0, rank);
  SmallVector<int64_t> dims(x->shape.begin() + start,
                            x->shape.begin() + std::max(start, end));
  defineHost(0, HostTensor::fromInts(dims, {int64_t(dims.size())}));
  return success();
}

/// QuantizeLinear's integer result stays pending until a DequantizeLinear
/// with the same scale and zero point turns the pair into one tq.quantize
/// with ONNX's affine quantizer (x / scale, rounded to nearest even,
/// saturated, back to float): QDQ models are emulated exactly.
LogicalResult Importer::importQuantizeLinear() {
  Val *x = in(0);
  if (!x)
    return failure();
  if (!isFloatDType(x->dtype))
    return fail() << "input has element type " << dtypeName(x->dtype)
                  << ": only float inputs are supported";
  const HostTensor *scale = hostIn(1, "y_scale");
  if (!scale)
    return failure();
  Pending p;
  p.input = node->input(0);
  p.scale = scale->doubles();
  p.zeroDType = kUInt8;
  if (hasIn(2)) {
    const HostTensor *zp = hostIn(2, "y_zero_point");
    if (!zp)
      return failure();
    p.zeroPoint = zp->ints();
    p.zeroDType = zp->dtype;
  } else {
    p.zeroPoint.assign(p.scale.size(), 0);
  }
  if (p.zeroDType != kUInt8 && p.zeroDType != kInt8)
    return fail() << "zero point of type " << dtypeName(p.zeroDType)
                  << " is not supported (int8 or uint8)";
  p.axis = normAxis(attrInt("axis", 1), x->shape.size());
  if (p.scale.size() > 1 &&
      (p.axis < 0 || p.axis >= int64_t(x->shape.size()) ||
       int64_t(p.scale.size()) != x->shape[p.axis] ||
       p.zeroPoint.size() != p.scale.size()))
    return fail() << "per-axis scale and zero point must have one value per "
                     "index of axis " << p.axis;
  p.node = nodeName;
  pending[node->output(0)] = std::move(p);
  return success();
}

LogicalResult Importer::importDequantizeLinear() {
  auto it = pending.find(inName(0));
  if (it == pending.end()) {
    Val *x = in(0);
    if (!x)
      return failure();
    return fail() << "DequantizeLinear of a run-time integer tensor is not "
                     "supported (only of QuantizeLinear's result, or of a "
                     "constant)";
  }
  const Pending &p = it->second;
  const HostTensor *scale = hostIn(1, "x_scale");
  if (!scale)
    return failure();
  std::vector<int64_t> zp(p.scale.size(), 0);
  if (hasIn(2)) {
    const HostTensor *z = hostIn(2, "x_zero_point");
    if (!z)
      return failure();
    zp = z->ints();
  }
  if (scale->doubles() != p.scale || zp != p.zeroPoint)
    return fail() << "its scale and zero point differ from those of "
                  << "QuantizeLinear '" << p.node
                  << "': only matching pairs are supported";
  Val *x = &values[p.input];
  auto out = outType(0);
  if (failed(out))
    return failure();
  // The quantizer string (docs/quantizers.md, affine), scales exact.
  std::string spec = "affine,8,";
  for (size_t i = 0; i < p.scale.size(); ++i)
    spec += (i ? ";" : "") + llvm::formatv("{0:e16}", p.scale[i]).str();
  spec += ",";
  for (size_t i = 0; i < p.zeroPoint.size(); ++i)
    spec += (i ? ";" : "") + std::to_string(p.zeroPoint[i]);
  if (p.zeroDType == kUInt8)
    spec += ",unsigned";
  Layout layout = layoutOf(*x);
  if (p.scale.size() > 1)
    spec += ",axis=" + std::to_string(axisIn(p.axis, x->shape.size(), layout));
  spec += ",divide";
  QuantizerStringError qerr;
  QuantizerAttrInterface q = parseQuantizerString(&ctx, spec, qerr);
  if (!q)
    return fail() << "cannot express it as a tq quantizer (" << spec
                  << "): " << qerr.message;
  Value v = get(*x, layout);
  Value r = QuantizeOp::create(b, loc, v, q);
  define(0, r, layout, out->first, out->second);
  return success();
}

LogicalResult Importer::quantizeWith(StringRef spec) {
  Val *x = in(0);
  if (!x)
    return failure();
  if (!isFloatDType(x->dtype))
    return fail() << "input has element type " << dtypeName(x->dtype)
                  << ": only float inputs are supported";
  QuantizerStringError qerr;
  QuantizerAttrInterface q = parseQuantizerString(&ctx, spec, qerr);
  if (!q)
    return fail() << "cannot express it as a tq quantizer (" << spec
                  << "): " << qerr.message;
  Layout layout = layoutOf(*x);
  Value v = get(*x, layout);
  Value r = QuantizeOp::create(b, loc, v, q);
  define(0, r, layout, x->dtype, x->shape);
  return success();
}

/// QONNX Quant: y = (clip(round(x / scale + zeropt), qmin, qmax) - zeropt) *
/// scale, integer `bitwidth`, signed/narrow attributes, rounding_mode ROUND
/// (nearest even), CEIL, FLOOR, ROUND_TO_ZERO. Per channel where scale (and
/// zeropt) vary along one axis. tq's affine with `divide` (x / scale; the
/// integer zero point added after rounding, the same for |x / scale| <
/// 2^23).
LogicalResult Importer::importQonnxQuant() {
  Val *x = in(0);
  const HostTensor *scale = x ? hostIn(1, "scale") : nullptr;
  const HostTensor *zp = scale ? hostIn(2, "zeropt") : nullptr;
  const HostTensor *bits = zp ? hostIn(3, "bitwidth") : nullptr;
  if (!bits)
    return failure();
  if (bits->numElements() != 1 || scale->numElements() == 0 ||
      zp->numElements() == 0)
    return fail() << "bitwidth must be a scalar, scale and zeropt not empty";
  double bw = bits->getDouble(0);
  if (bw != std::floor(bw) || bw < 1 || bw > 32)
    return fail() << "bitwidth must be one integer from 1 to 32";
  std::string mode = attrString("rounding_mode", "ROUND");
  std::string rounding = mode == "ROUND"           ? ""
                         : mode == "CEIL"          ? ",up"
                         : mode == "FLOOR"         ? ",down"
                         : mode == "ROUND_TO_ZERO" ? ",toward_zero"
                                                   : "?";
  if (rounding == "?")
    return fail() << "rounding_mode '" << mode << "' is not supported";
  // The axis along which scale/zeropt vary (numpy broadcasting to x).
  int64_t rank = x->shape.size();
  std::optional<int64_t> axis;
  for (const HostTensor *t : {scale, zp}) {
    if (!broadcastsTo(t->shape, x->shape))
      return fail() << "scale and zeropt must broadcast to the input";
    for (size_t d = 0; d < t->shape.size(); ++d)
      if (t->shape[d] != 1) {
        int64_t a = rank - int64_t(t->shape.size()) + int64_t(d);
        if (axis && *axis != a)
          return fail() << "scale and zeropt may vary along one axis only";
        axis = a;
      }
  }
  int64_t n = axis ? x->shape[*axis] : 1;
  auto valueAt = [&](const HostTensor *t, int64_t c) {
    return t->numElements() == 1 ? t->getDouble(0) : t->getDouble(c);
  };
  std::string spec = "affine," + std::to_string(int64_t(bw)) + ",";
  for (int64_t c = 0; c < n; ++c)
    spec += (c ? ";" : "") + llvm::formatv("{0:e16}", valueAt(scale, c)).str();
  spec += ",";
  for (int64_t c = 0; c < n; ++c) {
    double z = valueAt(zp, c);
    if (z != std::floor(z))
      return fail() << "non-integer zero points are not supported";
    spec += (c ? ";" : "") + std::to_string(int64_t(z));
  }
  if (!attrInt("signed", 1) && attrInt("narrow", 0))
    return fail() << "unsigned narrow range ([0, 2^b - 2]) is not supported";
  if (!attrInt("signed", 1))
    spec += ",unsigned";
  if (attrInt("narrow", 0))
    spec += ",narrow";
  if (axis && n > 1) {
    Layout layout = layoutOf(*x);
    spec += ",axis=" + std::to_string(axisIn(*axis, rank, layout));
  }
  spec += rounding + ",divide";
  return quantizeWith(spec);
}

/// QONNX BipolarQuant: y = (x >= 0 ? 1 : -1) * scale: tq's binary.
LogicalResult Importer::importQonnxBipolarQuant() {
  const HostTensor *scale = hostIn(1, "scale");
  if (!scale)
    return failure();
  if (scale->numElements() != 1)
    return fail() << "only a scalar scale is supported";
  return quantizeWith("binary," +
                      llvm::formatv("{0:e16}", scale->getDouble(0)).str());
}

Value Importer::quantizeValue(Value v, StringRef spec) {
  QuantizerStringError qerr;
  QuantizerAttrInterface q = parseQuantizerString(&ctx, spec, qerr);
  if (!q) {
    fail() << "cannot express it as a tq quantizer (" << spec
           << "): " << qerr.message;
    return {};
  }
  return QuantizeOp::create(b, loc, v, q);
}

std::optional<double> Importer::qonnxScalar(int i, StringRef what) {
  if (!hasIn(i)) {
    fail() << what << " (input " << i << ") is missing";
    return std::nullopt;
  }
  const HostTensor *t = hostIn(i, what);
  if (!t)
    return std::nullopt;
  if (t->numElements() != 1) {
    fail() << what << " (input " << i << ", '" << inName(i)
           << "') must be a scalar: only per-tensor parameters are supported";
    return std::nullopt;
  }
  return t->getDouble(0);
}

Val *Importer::qonnxFloatInput() {
  Val *x = in(0);
  if (x && x->dtype != kFloat) {
    fail() << "input has element type " << dtypeName(x->dtype)
           << ": only float32 inputs are supported";
    return nullptr;
  }
  return x;
}

/// QONNX's resolve_rounding_mode (qonnx custom_op/general/intquant.py,
/// case-insensitive) as a tq rounding keyword: ROUND and HALF_EVEN are
/// np.round (nearest even), CEIL up, FLOOR down, DOWN np.fix (toward zero),
/// HALF_UP sign(x)·floor(|x| + 0.5) (nearest, ties away). UP (away from
/// zero) and HALF_DOWN have no tq rounding mode.
static std::optional<StringRef> qonnxRounding(StringRef mode) {
  std::string m = mode.upper();
  if (m == "ROUND" || m == "HALF_EVEN")
    return StringRef("nearest_even");
  if (m == "CEIL")
    return StringRef("up");
  if (m == "FLOOR")
    return StringRef("down");
  if (m == "DOWN")
    return StringRef("toward_zero");
  if (m == "HALF_UP")
    return StringRef("nearest_away");
  return std::nullopt;
}

static bool isInteger(double v) { return std::isfinite(v) && v == std::floor(v); }

static std::string pow2String(int64_t k) {
  return llvm::formatv("{0:e16}", std::ldexp(1.0, int(k))).str();
}

/// QONNX Trunc (qonnx's trunc.py, Brevitas' TruncIntQuant); the node's
/// qonnx opset picks the version (none imported: 1, as QONNX's ModelWrapper
/// falls back to).
///  v1 (x, scale, zeropt, in_bitwidth, out_bitwidth): k = in - out,
///    y = (R(round(x / scale + zeropt) / 2^k) - zeropt) · scale.
///  v2 (x, scale, zeropt, in_bitwidth, out_scale, out_bitwidth):
///    k = round(log2(out_scale / scale)),
///    y = (R(clip(round(x / scale + zeropt) / 2^k, qmin, qmax)) -
///         zeropt / 2^k) · out_scale, [qmin, qmax] of out_bitwidth, signed,
///    narrow (in_bitwidth is unused, as in the reference).
/// round is nearest even, R the rounding_mode (default FLOOR). Built as
/// v = x / scale (+ zeropt) in f32 (a linalg.generic), round(v) as tq fixed
/// point with step 1, R(·/2^k) (and the clip) as tq affine with scale 2^k
/// (v2) or fixed point with step 2^k (v1), then the rescaling: every
/// operation the reference rounds in f32 is one f32 operation here, the
/// others are exact (powers of two). The step-1 rounding saturates at
/// ±2^(B-1): v2 picks B beyond the clip's reach; v1 (no clip) uses 53 bits,
/// so |x / scale + zeropt| >= 2^52 is the one place it differs.
LogicalResult Importer::importQonnxTrunc() {
  int64_t version = std::max<int64_t>(opset, 1);
  if (version > 2)
    return fail() << "qonnx opset " << version
                  << " is not supported for Trunc (versions 1 and 2 are)";
  int expectIns = version == 1 ? 5 : 6;
  if (node->input_size() != expectIns)
    return fail() << "Trunc (qonnx opset " << version << ") takes "
                  << expectIns << " inputs, got " << node->input_size();
  Val *x = qonnxFloatInput();
  if (!x)
    return failure();
  std::optional<double> scale = qonnxScalar(1, "scale");
  std::optional<double> zeropt = scale ? qonnxScalar(2, "zeropt") : std::nullopt;
  if (!zeropt)
    return failure();
  if (!(*scale > 0) || !std::isfinite(*scale))
    return fail() << "scale must be positive and finite, got " << *scale;
  if (!std::isfinite(*zeropt))
    return fail() << "zeropt must be finite";
  std::string mode = attrString("rounding_mode", "FLOOR");
  std::optional<StringRef> rounding = qonnxRounding(mode);
  if (!rounding)
    return fail() << "rounding_mode '" << mode
                  << "' is not supported (ROUND, HALF_EVEN, CEIL, FLOOR, "
                     "DOWN and HALF_UP are)";

  int64_t k, bits;
  double outScale = *scale;
  bool isSigned = attrInt("signed", 1), narrow = attrInt("narrow", 0);
  if (version == 1) {
    std::optional<double> inBits = qonnxScalar(3, "in_bitwidth");
    std::optional<double> outBits =
        inBits ? qonnxScalar(4, "out_bitwidth") : std::nullopt;
    if (!outBits)
      return failure();
    if (!isInteger(*inBits) || !isInteger(*outBits))
      return fail() << "in_bitwidth and out_bitwidth must be integers, got "
                    << *inBits << " and " << *outBits;
    k = int64_t(*inBits) - int64_t(*outBits);
    if (k > 75 || k < -75)
      return fail() << "in_bitwidth - out_bitwidth = " << k
                    << " is outside [-75, 75]";
    bits = 53;
  } else {
    std::optional<double> os = qonnxScalar(4, "out_scale");
    std::optional<double> outBits =
        os ? qonnxScalar(5, "out_bitwidth") : std::nullopt;
    if (!outBits)
      return failure();
    if (!(*os > 0) || !std::isfinite(*os))
      return fail() << "out_scale must be positive and finite, got " << *os;
    if (!isInteger(*outBits) || *outBits < 1 || *outBits > 32)
      return fail() << "out_bitwidth must be one integer from 1 to 32, got "
                    << *outBits;
    if (!isSigned && narrow)
      return fail() << "unsigned narrow range ([0, 2^b - 2]) is not supported";
    outScale = *os;
    // numpy: 2 ** round(log2(out_scale / scale)), the ratio and log2 in f32.
    float ratio = float(*os) / float(*scale);
    k = int64_t(std::nearbyint(std::log2(ratio)));
    int64_t ob = int64_t(*outBits);
    bits = std::max<int64_t>(ob + k + 2, 2);
    if (bits > 53 || k < -60 || k > 60)
      return fail() << "out_scale / scale = 2^" << k << " with out_bitwidth "
                    << ob << " reaches beyond 2^52";
  }
  // The final multiplier: out_scale·2^-k (v2) or scale·2^-k (v1), exact.
  double post = std::ldexp(outScale, int(-k));
  if (float(post) != post || !std::isnormal(float(post)))
    return fail() << "scale·2^" << -k << " is not a normal float32";

  Layout layout = layoutOf(*x);
  Value xv = get(*x, layout);
  auto type = cast<RankedTensorType>(xv.getType());
  Type f32 = type.getElementType();
  auto cst = [&](OpBuilder &nb, Location nl, double v) -> Value {
    return arith::ConstantOp::create(nb, nl, FloatAttr::get(f32, v));
  };
  double s = *scale, z = *zeropt;
  Value v = generic({xv}, type, [&](OpBuilder &nb, Location nl, ValueRange a) {
    Value r = arith::DivFOp::create(nb, nl, a[0], cst(nb, nl, s));
    if (z != 0)
      r = arith::AddFOp::create(nb, nl, r, cst(nb, nl, z));
    return r;
  });
  Value r = quantizeValue(v, "fixed," + std::to_string(bits) + ",0");
  if (!r)
    return failure();
  Value w;
  if (version == 2) {
    std::string spec = "affine," +
                       std::to_string(int64_t(*qonnxScalar(5, "out_bitwidth"))) +
                       "," + pow2String(k) + ",0";
    if (!isSigned)
      spec += ",unsigned";
    if (narrow)
      spec += ",narrow";
    w = quantizeValue(r, spec + "," + rounding->str() + ",divide");
  } else if (k > 0) {
    w = quantizeValue(r, "fixed,53," + std::to_string(-k) + "," +
                             rounding->str());
  } else {
    w = r; // r / 2^k is an integer already
  }
  if (!w)
    return failure();
  // v2: (w - zeropt) · out_scale·2^-k = (q - zeropt / 2^k) · out_scale.
  // v1: (w · 2^-k - zeropt) · scale.
  double unscale = std::ldexp(1.0, int(-k));
  Value y = generic({w}, type, [&](OpBuilder &nb, Location nl, ValueRange a) {
    Value t = a[0];
    if (version == 1) {
      if (k != 0)
        t = arith::MulFOp::create(nb, nl, t, cst(nb, nl, unscale));
      if (z != 0)
        t = arith::SubFOp::create(nb, nl, t, cst(nb, nl, z));
      return arith::MulFOp::create(nb, nl, t, cst(nb, nl, s)).getResult();
    }
    if (z != 0)
      t = arith::SubFOp::create(nb, nl, t, cst(nb, nl, z));
    return arith::MulFOp::create(nb, nl, t, cst(nb, nl, post)).getResult();
  });
  define(0, y, layout, x->dtype, x->shape);
  return success();
}

/// QONNX FloatQuant (opset 1; qonnx's floatquant.py, Brevitas' float
/// quantization): with v = x / scale,
///   x_q = 2^e · R(v / 2^e), e = max(floor(log2(|v| + tiny)), 1 - bias) - M,
///   y = clip(x_q, -max, max) · scale,
/// max = min((2 - 2^-M) · 2^(2^E - 1 - bias), max_val) (the all-ones
/// exponent is finite; `signed` is ignored: the reference always clips
/// symmetrically). saturation = 0 gives ±inf (has_inf) or NaN (has_nan)
/// where x_q lies beyond ±max; v = ±inf gives NaN (the reference's
/// inf / inf). has_subnormal does not change the result (the reference
/// always has subnormals). The grid is tq's finite_only float with E
/// exponent and M mantissa bits (saturating at the same max) on
/// u = v · 2^(bias - (2^(E-1) - 1)), which moves the bias onto tq's; the
/// rest is one linalg.generic. Differences from the numpy reference, both
/// from its float32 log2: within about |e| ulps below a power of two, a
/// rounding toward zero (FLOOR of positives, CEIL of negatives, DOWN) can
/// land one binade coarser there; and HALF_UP where |v / 2^e| + 0.5 rounds
/// in f32. With bias > 2^(E-1) - 1, v·2^(bias - ...) underflowing to 0 can
/// make CEIL/FLOOR of tiny inputs 0 where the reference gives one step.
LogicalResult Importer::importQonnxFloatQuant() {
  int64_t version = std::max<int64_t>(opset, 1);
  if (version > 1)
    return fail() << "qonnx opset " << version
                  << " is not supported for FloatQuant (version 1 is)";
  Val *x = qonnxFloatInput();
  if (!x)
    return failure();
  std::optional<double> scale = qonnxScalar(1, "scale");
  std::optional<double> eb =
      scale ? qonnxScalar(2, "exponent_bitwidth") : std::nullopt;
  std::optional<double> mb =
      eb ? qonnxScalar(3, "mantissa_bitwidth") : std::nullopt;
  if (!mb)
    return failure();
  if (!(*scale > 0) || !std::isfinite(*scale))
    return fail() << "scale must be positive and finite, got " << *scale;
  if (!isInteger(*eb) || *eb < 1 || *eb > 7)
    return fail() << "exponent_bitwidth must be one integer from 1 to 7 "
                     "(float32 holds the format), got "
                  << *eb;
  if (!isInteger(*mb) || *mb < 0 || *mb > 23)
    return fail() << "mantissa_bitwidth must be one integer from 0 to 23, got "
                  << *mb;
  int64_t E = int64_t(*eb), M = int64_t(*mb);
  int64_t stdBias = (int64_t(1) << (E - 1)) - 1;
  double bias = double(stdBias);
  if (hasIn(4)) {
    std::optional<double> bi = qonnxScalar(4, "exponent_bias");
    if (!bi)
      return failure();
    bias = *bi;
  }
  int64_t lo = (int64_t(1) << E) - 128;
  if (!isInteger(bias) || bias < lo || bias > 100)
    return fail() << "exponent_bias must be one integer from " << lo
                  << " to 100 (the format inside float32's normal range), got "
                  << bias;
  int64_t d = int64_t(bias) - stdBias;
  // compute_max_val, then np.minimum with max_val.
  double fmtMax = (2.0 - std::ldexp(1.0, int(-M))) *
                  std::ldexp(1.0, int((int64_t(1) << E) - 1 - int64_t(bias)));
  double maxv = fmtMax;
  if (hasIn(5)) {
    std::optional<double> mv = qonnxScalar(5, "max_val");
    if (!mv)
      return failure();
    if (!(*mv > 0) || float(*mv) != *mv)
      return fail() << "max_val must be a positive float32, got " << *mv;
    maxv = std::min(maxv, *mv);
  }
  bool clip = maxv < fmtMax;
  bool saturation = attrInt("saturation", 1);
  bool hasInf = attrInt("has_inf", 0), hasNan = attrInt("has_nan", 0);
  if (!saturation && !hasInf && !hasNan)
    return fail() << "saturation = 0 needs has_inf or has_nan (the reference "
                     "raises)";
  std::string mode = attrString("rounding_mode", "ROUND");
  std::optional<StringRef> rounding = qonnxRounding(mode);
  if (!rounding)
    return fail() << "rounding_mode '" << mode
                  << "' is not supported (ROUND, HALF_EVEN, CEIL, FLOOR, "
                     "DOWN and HALF_UP are)";
  // y = q·2^-d·scale as one f32 multiplication.
  double post = std::ldexp(*scale, int(-d));
  if (float(post) != post || !std::isnormal(float(post)))
    return fail() << "scale·2^" << -d << " is not a normal float32";
  double maxU = std::ldexp(maxv, int(d)); // max in u's units

  Layout layout = layoutOf(*x);
  Value xv = get(*x, layout);
  auto type = cast<RankedTensorType>(xv.getType());
  Type f32 = type.getElementType();
  auto cst = [&](OpBuilder &nb, Location nl, double v) -> Value {
    return arith::ConstantOp::create(nb, nl, FloatAttr::get(f32, v));
  };
  double s = *scale;
  Value v = generic({xv}, type, [&](OpBuilder &nb, Location nl, ValueRange a) {
    return arith::DivFOp::create(nb, nl, a[0], cst(nb, nl, s)).getResult();
  });
  Value u = v;
  if (d != 0)
    u = generic({v}, type, [&](OpBuilder &nb, Location nl, ValueRange a) {
      return arith::MulFOp::create(nb, nl, a[0],
                                   cst(nb, nl, std::ldexp(1.0, int(d))))
          .getResult();
    });
  std::string spec = "float," + std::to_string(E) + "," + std::to_string(M) +
                     ",finite_only";
  if (*rounding != "nearest_even")
    spec += "," + rounding->str();
  Value q = quantizeValue(u, spec);
  if (!q)
    return failure();
  // Where the unclipped x_q exceeds max: below the format's max the float
  // result tells; at it, the rounding on the top binade's step 2^(emax - M)
  // (tq fixed point, M + 3 bits) does.
  Value over = q;
  if (!saturation && !clip) {
    int64_t emax = (int64_t(1) << E) - 1 - stdBias;
    over = quantizeValue(u, "fixed," + std::to_string(M + 3) + "," +
                                std::to_string(M - emax) + "," +
                                rounding->str());
    if (!over)
      return failure();
  }
  SmallVector<Value> ops = {q, v};
  if (!saturation)
    ops.push_back(over);
  Value y = generic(ops, type, [&](OpBuilder &nb, Location nl, ValueRange a) {
    Value t = a[0];
    if (clip) {
      t = arith::MaximumFOp::create(nb, nl, t, cst(nb, nl, -maxU));
      t = arith::MinimumFOp::create(nb, nl, t, cst(nb, nl, maxU));
    }
    t = arith::MulFOp::create(nb, nl, t, cst(nb, nl, post));
    auto cmp = [&](arith::CmpFPredicate p, Value l, double r) -> Value {
      return arith::CmpFOp::create(nb, nl, p, l, cst(nb, nl, r));
    };
    double inf = std::numeric_limits<double>::infinity();
    double nan = std::numeric_limits<double>::quiet_NaN();
    if (!saturation) {
      Value pos = cmp(arith::CmpFPredicate::OGT, a[2], maxU);
      Value neg = cmp(arith::CmpFPredicate::OLT, a[2], -maxU);
      if (hasInf) {
        t = arith::SelectOp::create(nb, nl, pos, cst(nb, nl, inf), t);
        t = arith::SelectOp::create(nb, nl, neg, cst(nb, nl, -inf), t);
      } else {
        Value any = arith::OrIOp::create(nb, nl, pos, neg);
        t = arith::SelectOp::create(nb, nl, any, cst(nb, nl, nan), t);
      }
    }
    Value isInf = arith::OrIOp::create(
        nb, nl, cmp(arith::CmpFPredicate::OEQ, a[1], inf),
        cmp(arith::CmpFPredicate::OEQ, a[1], -inf));
    return arith::SelectOp::create(nb, nl, isInf, cst(nb, nl, nan), t)
        .getResult();
  });
  define(0, y, layout, x->dtype, x->shape);
  return success();
}

/// Ops evaluated only while importing (tryHost): their inputs must be known.
LogicalResult Importer::importHostOnly() {
  return fail() << "every input must be a constant or computable from static "
                   "shapes";
}


//===----------------------------------------------------------------------===//
// Host evaluation
//===----------------------------------------------------------------------===//

/// Evaluates the node on the host when every input is known there and the
/// op is one the host knows. Returns failure() when it did not.
LogicalResult Importer::tryHost() {
  StringRef op = node->op_type();
  SmallVector<const HostTensor *> ins;
  for (int i = 0; i < node->input_size(); ++i) {
    if (node->input(i).empty()) {
      ins.push_back(nullptr);
      continue;
    }
    auto it = values.find(node->input(i));
    if (it == values.end() || !it->second.host)
      return failure();
    ins.push_back(it->second.host.get());
  }
  if (ins.empty() || !ins[0])
    return failure();
  auto out = types.find(node->output(0));
  if (out == types.end()) {
    auto inferred = inferType(0);
    if (!inferred)
      return failure();
    out = types.insert({node->output(0), *inferred}).first;
  }
  int32_t dtype = out->second.first;
  SmallVector<int64_t> shape = out->second.second;
  if (!dtypeSize(dtype))
    return failure();
  // Large results stay in the IR unless they only move data.
  bool moves = llvm::is_contained(
      {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Transpose",
       "Cast", "Gather", "Slice", "Concat", "Dropout", "DequantizeLinear"},
      op);
  int64_t n = product(shape);
  if (!moves && n > 4096)
    return failure();
  // The host computes in int64: uint64 values from 2^63 on only move.
  bool pureData = llvm::is_contained(
      {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Transpose",
       "Gather", "Slice", "Concat"},
      op);
  if (!pureData && (dtype == kUInt64 ||
                    llvm::any_of(ins, [](const HostTensor *t) {
                      return t && t->dtype == kUInt64;
                    })))
    return failure();
  // Dropout in training mode draws a mask (importDropout).
  if (op == "Dropout" && hasIn(2))
    return failure();
  // A splat moved anywhere is the same splat (ConstantOfShape's huge
  // shapes never expand here).
  bool pureMove = llvm::is_contained(
      {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Transpose",
       "Slice", "Concat", "Dropout"},
      op);
  if (pureMove && ins[0]->splat &&
      llvm::all_of(ins, [&](const HostTensor *t) {
        return !t || t == ins[0] || op != "Concat" ||
               (t->splat && t->dtype == ins[0]->dtype &&
                std::memcmp(t->raw.data(), ins[0]->raw.data(),
                            t->itemSize()) == 0);
      }) &&
      dtypeSize(dtype) == ins[0]->itemSize()) {
    HostTensor r = HostTensor::zeros(dtype, shape, /*splat=*/true);
    std::memcpy(r.raw.data(), ins[0]->raw.data(), r.itemSize());
    r.source = ins[0]->source;
    defineHost(0, std::move(r));
    return success();
  }
  // Anything else is copied element by element: keep that bounded (large
  // results go to the IR).
  if (n > (int64_t(1) << 28))
    return failure();

  // Index of the input element that broadcasts to output element `i`.
  auto bIndex = [&](const HostTensor &t, int64_t i) -> int64_t {
    if (t.splat || t.numElements() == 1)
      return 0;
    int64_t rank = shape.size(), trank = t.shape.size();
    int64_t idx = 0, stride = 1;
    for (int64_t d = rank - 1, td = trank - 1; td >= 0; --d, --td) {
      int64_t coord = (i / [&] {
        int64_t s = 1;
        for (int64_t k = d + 1; k < rank; ++k)
          s *= shape[k];
        return s;
      }()) % shape[d];
      if (t.shape[td] != 1)
        idx += coord * stride;
      stride *= t.shape[td];
    }
    return idx;
  };
  auto elementwise = [&](auto fn) -> LogicalResult {
    HostTensor r = HostTensor::zeros(dtype, shape);
    for (int64_t i = 0; i < n; ++i) {
      SmallVector<double> args;
      for (const HostTensor *t : ins)
        args.push_back(t ? t->getDouble(bIndex(*t, i)) : 0.0);
      r.setDouble(i, fn(args));
    }
    defineHost(0, std::move(r));
    return success();
  };
  auto elementwiseInt = [&](auto fn) -> LogicalResult {
    HostTensor r = HostTensor::zeros(dtype, shape);
    for (int64_t i = 0; i < n; ++i) {
      SmallVector<int64_t> args;
      for (const HostTensor *t : ins)
        args.push_back(t ? t->getInt(bIndex(*t, i)) : 0);
      r.setInt(i, fn(args));
    }
    defineHost(0, std::move(r));
    return success();
  };
  bool isInt = isIntDType(ins[0]->dtype);
  // Data movement keeps the initializer's name.
  auto moved = [&](HostTensor r) {
    r.source = ins[0]->source;
    defineHost(0, std::move(r));
    return success();
  };
  if (op == "Identity" || op == "Dropout" || op == "Reshape" ||
      op == "Flatten" || op == "Squeeze" || op == "Unsqueeze") {
    HostTensor r = *ins[0];
    r.shape = shape;
    return moved(std::move(r));
  }
  if (op == "Transpose") {
    SmallVector<int64_t> perm;
    if (auto p = attrInts("perm"))
      perm = *p;
    else
      for (int64_t i = ins[0]->shape.size() - 1; i >= 0; --i)
        perm.push_back(i);
    if (perm.size() != ins[0]->shape.size())
      return failure(); // the handler reports it
    return moved(transposeHost(*ins[0], perm));
  }
  if (op == "Cast") {
    HostTensor r = HostTensor::zeros(dtype, shape, ins[0]->splat);
    for (int64_t i = 0, e = ins[0]->splat ? 1 : n; i < e; ++i) {
      if (isFloatDType(dtype))
        r.setDouble(i, ins[0]->getDouble(i));
      else if (isFloatDType(ins[0]->dtype) && dtype == kBool)
        r.setInt(i, ins[0]->getDouble(i) != 0); // NaN is true too
      else if (isFloatDType(ins[0]->dtype)) {
        double d = ins[0]->getDouble(i);
        r.setInt(i, std::isfinite(d) ? int64_t(std::trunc(d)) : 0);
      } else
        r.setInt(i, ins[0]->getInt(i));
    }
    return moved(std::move(r));
  }
  if (op == "Gather") {
    const HostTensor &d = *ins[0];
    int64_t rank = d.shape.size();
    int64_t axis = normAxis(attrInt("axis", 0), rank);
    int64_t K = d.shape[axis];
    int64_t outer = product(ArrayRef<int64_t>(d.shape).take_front(axis));
    int64_t inner = product(ArrayRef<int64_t>(d.shape).drop_front(axis + 1));
    std::vector<int64_t> idx = ins[1]->ints();
    HostTensor r = HostTensor::zeros(d.dtype, shape);
    size_t sz = d.itemSize();
    HostTensor de = d.expanded();
    int64_t o = 0;
    for (int64_t a = 0; a < outer; ++a)
      for (int64_t j : idx) {
        if (j < -K || j >= K)
          return failure(); // importGather reports it
        if (j < 0)
          j += K;
        std::memcpy(r.raw.data() + o * inner * sz,
                    de.raw.data() + (a * K + j) * inner * sz, inner * sz);
        ++o;
      }
    return moved(std::move(r));
  }
  if (op == "Slice" && opset >= 10) {
    const HostTensor &d = *ins[0];
    int64_t rank = d.shape.size();
    std::vector<int64_t> starts = ins[1]->ints(), ends = ins[2]->ints();
    std::vector<int64_t> axes, steps;
    if (ins.size() > 3 && ins[3])
      axes = ins[3]->ints();
    else
      for (size_t i = 0; i < starts.size(); ++i)
        axes.push_back(i);
    if (ins.size() > 4 && ins[4])
      steps = ins[4]->ints();
    SmallVector<int64_t> start(rank, 0), step(rank, 1);
    for (size_t i = 0; i < axes.size(); ++i) {
      int64_t a = normAxis(axes[i], rank), dim = d.shape[a];
      step[a] = i < steps.size() ? steps[i] : 1;
      int64_t s = starts[i] < 0 ? starts[i] + dim : starts[i];
      start[a] = step[a] > 0 ? std::clamp<int64_t>(s, 0, dim)
                             : std::clamp<int64_t>(s, 0, std::max<int64_t>(dim - 1, 0));
    }
    HostTensor de = d.expanded();
    HostTensor r = HostTensor::zeros(d.dtype, shape);
    size_t sz = d.itemSize();
    for (int64_t i = 0; i < n; ++i) {
      int64_t rem = i, src = 0, stride = 1;
      SmallVector<int64_t> coord(rank);
      for (int64_t k = rank - 1; k >= 0; --k) {
        coord[k] = rem % shape[k];
        rem /= shape[k];
      }
      for (int64_t k = rank - 1; k >= 0; --k) {
        src += (start[k] + coord[k] * step[k]) * stride;
        stride *= d.shape[k];
      }
      std::memcpy(r.raw.data() + i * sz, de.raw.data() + src * sz, sz);
    }
    return moved(std::move(r));
  }
  if (op == "Concat") {
    int64_t rank = shape.size();
    int64_t axis = normAxis(attrInt("axis", 0), rank);
    if (axis < 0 || axis >= rank)
      return failure();
    int64_t outer = product(ArrayRef<int64_t>(shape).take_front(axis));
    HostTensor r = HostTensor::zeros(dtype, shape);
    size_t sz = r.itemSize();
    // Each input expanded once (not once per outer index).
    std::vector<HostTensor> expandedIns;
    for (const HostTensor *t : ins) {
      if (!t || t->dtype != dtype || int64_t(t->shape.size()) != rank)
        return failure();
      expandedIns.push_back(t->expanded());
    }
    int64_t o = 0;
    for (int64_t a = 0; a < outer; ++a)
      for (const HostTensor &te : expandedIns) {
        int64_t chunk = product(ArrayRef<int64_t>(te.shape).drop_front(axis));
        std::memcpy(r.raw.data() + o * sz, te.raw.data() + a * chunk * sz,
                    chunk * sz);
        o += chunk;
      }
    return moved(std::move(r));
  }
  if (op == "Expand") {
    HostTensor r = HostTensor::zeros(dtype, shape);
    for (int64_t i = 0; i < n; ++i)
      r.setDouble(i, ins[0]->getDouble(bIndex(*ins[0], i)));
    if (isInt)
      for (int64_t i = 0; i < n; ++i)
        r.setInt(i, ins[0]->getInt(bIndex(*ins[0], i)));
    return moved(std::move(r));
  }
  if (op == "DequantizeLinear") {
    // Quantized constants (weights stored as int8): (q - zp) * scale.
    const HostTensor &q = *ins[0];
    int64_t rank = q.shape.size();
    int64_t axis = normAxis(attrInt("axis", 1), rank);
    bool perAxis = ins[1]->numElements() > 1;
    if (perAxis && (axis < 0 || axis >= rank ||
                    ins[1]->numElements() != q.shape[axis] ||
                    (ins.size() > 2 && ins[2] &&
                     ins[2]->numElements() != ins[1]->numElements())))
      return failure();
    int64_t inner = perAxis ? product(ArrayRef<int64_t>(q.shape).drop_front(axis + 1)) : 1;
    HostTensor r = HostTensor::zeros(dtype, shape);
    for (int64_t i = 0; i < n; ++i) {
      int64_t c = perAxis ? (i / inner) % q.shape[axis] : 0;
      int64_t zp = ins.size() > 2 && ins[2] ? ins[2]->getInt(c) : 0;
      float v = float(double(q.getInt(i) - zp)) * float(ins[1]->getDouble(c));
      r.setDouble(i, v);
    }
    r.source = q.source;
    defineHost(0, std::move(r));
    return success();
  }
  if (op == "Range") {
    HostTensor r = HostTensor::zeros(dtype, shape);
    double s = ins[0]->getDouble(0), d = ins[2]->getDouble(0);
    for (int64_t i = 0; i < n; ++i)
      r.setDouble(i, s + i * d);
    defineHost(0, std::move(r));
    return success();
  }
  if (op == "Where") {
    if (isIntDType(dtype) && dtype != kBool) {
      HostTensor r = HostTensor::zeros(dtype, shape);
      for (int64_t i = 0; i < n; ++i)
        r.setInt(i, ins[0]->getInt(bIndex(*ins[0], i))
                        ? ins[1]->getInt(bIndex(*ins[1], i))
                        : ins[2]->getInt(bIndex(*ins[2], i)));
      defineHost(0, std::move(r));
      return success();
    }
    return elementwise([](ArrayRef<double> a) { return a[0] != 0 ? a[1] : a[2]; });
  }
  if (isInt && (op == "Add" || op == "Sub" || op == "Mul" || op == "Div" ||
                op == "Max" || op == "Min" || op == "Neg" || op == "Abs")) {
    return elementwiseInt([&](ArrayRef<int64_t> a) -> int64_t {
      if (op == "Add") return a[0] + a[1];
      if (op == "Sub") return a[0] - a[1];
      if (op == "Mul") return a[0] * a[1];
      if (op == "Div") return a[1] ? a[0] / a[1] : 0;
      if (op == "Max") return std::max(a[0], a[1]);
      if (op == "Min") return std::min(a[0], a[1]);
      if (op == "Neg") return -a[0];
      return a[0] < 0 ? -a[0] : a[0];
    });
  }
  // Float (and comparison) elementwise ops, computed in double and
  // rounded once to the result type.
  static const llvm::StringSet<> kFloatOps = {
      "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Neg", "Abs", "Reciprocal",
      "Exp", "Log", "Equal", "Less", "Greater", "LessOrEqual",
      "GreaterOrEqual", "Not", "And", "Or", "Max", "Min", "Floor", "Ceil",
      "Relu", "Tanh", "Sigmoid", "Erf"};
  if (!kFloatOps.contains(op))
    return failure();
  return elementwise([&](ArrayRef<double> a) -> double {
    if (op == "Add") return a[0] + a[1];
    if (op == "Sub") return a[0] - a[1];
    if (op == "Mul") return a[0] * a[1];
    if (op == "Div") return a[0] / a[1];
    if (op == "Pow") return std::pow(a[0], a[1]);
    if (op == "Sqrt") return std::sqrt(a[0]);
    if (op == "Neg") return -a[0];
    if (op == "Abs") return std::fabs(a[0]);
    if (op == "Reciprocal") return 1.0 / a[0];
    if (op == "Exp") return std::exp(a[0]);
    if (op == "Log") return std::log(a[0]);
    if (op == "Equal") return a[0] == a[1];
    if (op == "Less") return a[0] < a[1];
    if (op == "Greater") return a[0] > a[1];
    if (op == "LessOrEqual") return a[0] <= a[1];
    if (op == "GreaterOrEqual") return a[0] >= a[1];
    if (op == "Not") return a[0] == 0;
    if (op == "And") return a[0] != 0 && a[1] != 0;
    if (op == "Or") return a[0] != 0 || a[1] != 0;
    if (op == "Max") return std::max(a[0], a[1]);
    if (op == "Min") return std::min(a[0], a[1]);
    if (op == "Floor") return std::floor(a[0]);
    if (op == "Ceil") return std::ceil(a[0]);
    if (op == "Relu") return std::max(a[0], 0.0);
    if (op == "Tanh") return std::tanh(a[0]);
    if (op == "Sigmoid") return 1.0 / (1.0 + std::exp(-a[0]));
    return std::erf(a[0]);
  });
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

/// QONNX's quantizers (https://github.com/fastmachinelearning/qonnx,
/// docs/qonnx-ops): the custom-op domain, and FINN's older name for it.
static bool isQonnxDomain(StringRef domain) {
  return domain == "qonnx.custom_op.general" ||
         domain == "finn.custom_op.general";
}

Importer::Handler Importer::handlerFor(StringRef opType) {
  if (node && isQonnxDomain(node->domain()))
    return llvm::StringSwitch<Handler>(opType)
        .Case("Quant", &Importer::importQonnxQuant)
        .Case("BipolarQuant", &Importer::importQonnxBipolarQuant)
        .Case("Trunc", &Importer::importQonnxTrunc)
        .Case("FloatQuant", &Importer::importQonnxFloatQuant)
        .Default(nullptr);
  return llvm::StringSwitch<Handler>(opType)
      .Case("Relu", &Importer::importRelu)
      .Cases({"Sigmoid", "Tanh", "Exp", "Log", "Abs", "Reciprocal", "Erf",
              "Floor", "Ceil", "Sin", "Cos", "Neg"},
             &Importer::importSimpleUnary)
      .Case("Sqrt", &Importer::importSqrt)
      .Case("LeakyRelu", &Importer::importLeakyRelu)
      .Case("Elu", &Importer::importElu)
      .Case("Selu", &Importer::importSelu)
      .Case("HardSigmoid", &Importer::importHardSigmoid)
      .Case("HardSwish", &Importer::importHardSwish)
      .Case("Softplus", &Importer::importSoftplus)
      .Case("Clip", &Importer::importClip)
      .Cases({"Add", "Sub", "Mul"}, &Importer::importBinary)
      .Case("Div", &Importer::importDiv)
      .Case("Pow", &Importer::importPow)
      .Cases({"Max", "Min", "Sum", "Mean"}, &Importer::importVariadic)
      .Case("PRelu", &Importer::importPRelu)
      .Case("Where", &Importer::importWhere)
      .Cases({"Equal", "Greater", "GreaterOrEqual", "Less", "LessOrEqual",
              "And", "Or", "Xor"},
             &Importer::importCompare)
      .Case("Not", &Importer::importNot)
      .Cases({"Identity", "Dropout"}, &Importer::importIdentity)
      .Case("Cast", &Importer::importCast)
      .Case("Conv", &Importer::importConv)
      .Case("ConvTranspose", &Importer::importConvTranspose)
      .Cases({"MaxPool", "AveragePool"}, &Importer::importPool)
      .Cases({"GlobalAveragePool", "GlobalMaxPool"},
             &Importer::importGlobalPool)
      .Case("BatchNormalization", &Importer::importBatchNorm)
      .Case("LayerNormalization", &Importer::importLayerNorm)
      .Case("Gemm", &Importer::importGemm)
      .Case("MatMul", &Importer::importMatMul)
      .Cases({"Softmax", "LogSoftmax"}, &Importer::importSoftmax)
      .Cases({"Reshape", "Flatten", "Squeeze", "Unsqueeze"},
             &Importer::importReshape)
      .Case("Transpose", &Importer::importTranspose)
      .Case("Concat", &Importer::importConcat)
      .Case("Split", &Importer::importSplit)
      .Case("Slice", &Importer::importSlice)
      .Case("Gather", &Importer::importGather)
      .Case("Pad", &Importer::importPad)
      .Cases({"ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin",
              "ReduceProd"},
             &Importer::importReduce)
      .Case("Expand", &Importer::importExpand)
      .Case("Constant", &Importer::importConstant)
      .Case("ConstantOfShape", &Importer::importConstantOfShape)
      .Case("Shape", &Importer::importShape)
      .Case("Range", &Importer::importHostOnly)
      .Case("QuantizeLinear", &Importer::importQuantizeLinear)
      .Case("DequantizeLinear", &Importer::importDequantizeLinear)
      .Default(nullptr);
}

LogicalResult Importer::importNode(const onnx::NodeProto &n) {
  node = &n;
  std::string domain = n.domain() == "ai.onnx" ? "" : n.domain();
  auto it = opsets.find(domain);
  opset = it == opsets.end() ? 0 : it->second;
  nodeName = !n.name().empty() ? n.name()
             : n.output_size() ? n.output(0)
                               : n.op_type();
  loc = nameLoc(nodeName);
  if (!domain.empty() && !isQonnxDomain(domain))
    return fail() << "op domain '" << domain << "' is not supported";
  Handler h = handlerFor(n.op_type());
  if (!h)
    return fail() << "unsupported op";
  if (succeeded(tryHost()))
    return success();
  // Outputs without elements need no computation (and TOSA has no
  // zero-size tensors): empty tensors of their types.
  if (n.output_size() > 0 &&
      llvm::all_of(n.output(), [&](const std::string &out) {
        auto t = types.find(out);
        return out.empty() || (t != types.end() && elemType(t->second.first) &&
                               product(t->second.second) == 0);
      })) {
    for (int i = 0; i < n.output_size(); ++i) {
      if (n.output(i).empty())
        continue;
      const auto &[dtype, shape] = types[n.output(i)];
      define(i, tensor::EmptyOp::create(b, loc, shape, elemType(dtype)),
             Layout::ONNX, dtype, shape);
    }
    return success();
  }
  Block *block = b.getInsertionBlock();
  Operation *before = block->empty() ? nullptr : &block->back();
  if (failed((this->*h)()))
    return failure();
  // The ops that compute the node's outputs carry its name as a layer; the
  // steps before them (layout transposes, a Gemm's matmul before its bias
  // add, a Softmax's reductions) are marked tq.inner, so that tq-insert
  // quantizes the layer's activations once, on its result.
  // The layer op is the output's producer, or, where that only reshapes or
  // transposes what an op of this node computed (a MatMul's 3-D product
  // back to 2-D), that op.
  Operation *first = before        ? before->getNextNode()
                     : block->empty() ? nullptr
                                      : &block->front();
  llvm::SmallPtrSet<Operation *, 16> created;
  for (Operation *op = first; op; op = op->getNextNode())
    created.insert(op);
  llvm::SmallPtrSet<Operation *, 4> results;
  for (const std::string &out : n.output()) {
    auto it = values.find(out);
    if (it == values.end() || !it->second.v)
      continue;
    Operation *def = it->second.v.getDefiningOp();
    Operation *layer = def;
    while (layer && isa<tosa::ReshapeOp, tosa::TransposeOp>(layer) &&
           created.count(layer->getOperand(0).getDefiningOp()))
      layer = layer->getOperand(0).getDefiningOp();
    // A node that only moves data (Flatten) is its last op.
    if (layer && isa<tosa::ReshapeOp, tosa::TransposeOp>(layer))
      layer = def;
    if (layer)
      results.insert(layer);
  }
  for (Operation *op = first; op; op = op->getNextNode())
    if (!results.count(op) && !op->hasTrait<OpTrait::ConstantLike>())
      op->setAttr("tq.inner", b.getUnitAttr());
  return success();
}

OwningOpRef<ModuleOp> Importer::run() {
  for (const onnx::OperatorSetIdProto &o : model.opset_import())
    opsets[o.domain() == "ai.onnx" ? "" : o.domain()] = o.version();

  auto record = [&](const onnx::ValueInfoProto &vi) {
    if (!vi.type().has_tensor_type())
      return;
    const onnx::TypeProto_Tensor &t = vi.type().tensor_type();
    if (!t.has_shape())
      return;
    SmallVector<int64_t> shape;
    for (const onnx::TensorShapeProto_Dimension &d : t.shape().dim()) {
      if (!d.has_dim_value())
        return;
      shape.push_back(d.dim_value());
    }
    types[vi.name()] = {t.elem_type(), shape};
  };
  for (const onnx::ValueInfoProto &vi : graph.input())
    record(vi);
  for (const onnx::ValueInfoProto &vi : graph.value_info())
    record(vi);
  for (const onnx::ValueInfoProto &vi : graph.output())
    record(vi);

  // Every node's op first: an unsupported op is the error to report, not
  // whatever it makes of the shapes after it.
  for (const onnx::NodeProto &n : graph.node()) {
    node = &n;
    std::string domain = n.domain() == "ai.onnx" ? "" : n.domain();
    auto it = opsets.find(domain);
    opset = it == opsets.end() ? 0 : it->second;
    nodeName = !n.name().empty() ? n.name()
               : n.output_size() ? n.output(0)
                                 : n.op_type();
    if (!domain.empty() && !isQonnxDomain(domain)) {
      fail() << "op domain '" << domain << "' is not supported";
      return nullptr;
    }
    if (!handlerFor(n.op_type())) {
      fail() << "unsupported op";
      return nullptr;
    }
    // Before opset 7 these had other attributes and semantics (is_test,
    // spatial, consumed_inputs).
    if (domain.empty() && opset < 7 &&
        (n.op_type() == "BatchNormalization" || n.op_type() == "Dropout")) {
      fail() << "opsets below 7 are not supported for this op";
      return nullptr;
    }
  }
  node = nullptr;

  OwningOpRef<ModuleOp> module = ModuleOp::create(
      FileLineColLoc::get(&ctx, fileName, 0, 0));
  b.setInsertionPointToEnd(module->getBody());

  // Initializers.
  for (const onnx::TensorProto &t : graph.initializer()) {
    std::string why;
    auto h = toHost(t, why);
    if (failed(h)) {
      fail() << why;
      return nullptr;
    }
    initializerNames.insert(t.name());
    types[t.name()] = {h->dtype, h->shape};
    Val v;
    v.dtype = h->dtype;
    v.shape = h->shape;
    v.host = std::make_shared<HostTensor>(std::move(*h));
    values[t.name()] = std::move(v);
  }

  // Arguments.
  SmallVector<Type> argTypes;
  SmallVector<const onnx::ValueInfoProto *> args;
  for (const onnx::ValueInfoProto &vi : graph.input()) {
    if (initializerNames.contains(vi.name()))
      continue;
    auto it = types.find(vi.name());
    if (it == types.end()) {
      fail() << "input '" << vi.name() << "' has no static shape";
      return nullptr;
    }
    Type el = elemType(it->second.first);
    if (!el) {
      fail() << "input '" << vi.name() << "' has element type "
             << dtypeName(it->second.first) << ", which is not supported";
      return nullptr;
    }
    argTypes.push_back(tensorType(it->second.second, boundaryType(it->second.first)));
    args.push_back(&vi);
  }
  std::string fname = options.functionName;
  if (fname.empty())
    fname = "main";
  auto func = func::FuncOp::create(b, FileLineColLoc::get(&ctx, fileName, 0, 0),
                                   fname, b.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  for (size_t i = 0; i < args.size(); ++i) {
    BlockArgument arg = entry->getArgument(i);
    arg.setLoc(nameLoc(args[i]->name()));
    Val v;
    v.v = arg;
    // Unsigned integers are signless inside (their ops say how they
    // compare, divide and convert); the signature keeps uiN, which
    // tosa-convert-integer-type-to-signless strips when lowering.
    if (isa<IntegerType>(elemOf(arg)) &&
        cast<IntegerType>(elemOf(arg)).isUnsigned()) {
      b.setInsertionPointToEnd(entry);
      v.v = tensor::BitcastOp::create(
          b, nameLoc(args[i]->name()),
          tensorType(shapeOf(arg), elemType(types[args[i]->name()].first)), arg);
    }
    v.dtype = types[args[i]->name()].first;
    v.shape = types[args[i]->name()].second;
    values[args[i]->name()] = std::move(v);
  }
  b.setInsertionPointToEnd(entry);

  for (const onnx::NodeProto &n : graph.node())
    if (failed(importNode(n)))
      return nullptr;
  node = nullptr;


  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &vi : graph.output()) {
    auto it = values.find(vi.name());
    if (it == values.end()) {
      if (pending.count(vi.name()))
        fail() << "output '" << vi.name()
               << "' is the integer result of a QuantizeLinear: only its "
                  "dequantized value is supported";
      else
        fail() << "output '" << vi.name() << "' is produced by no node";
      return nullptr;
    }
    loc = nameLoc(vi.name());
    Value r = get(it->second, Layout::ONNX);
    // A layout transpose for the result is no layer of its own.
    if (auto t = r.getDefiningOp<tosa::TransposeOp>();
        t && it->second.nhwc && t.getInput1() == it->second.v)
      t->setAttr("tq.inner", b.getUnitAttr());
    if (isUnsignedDType(it->second.dtype))
      r = tensor::BitcastOp::create(
          b, loc, tensorType(shapeOf(r), boundaryType(it->second.dtype)), r);
    results.push_back(r);
  }
  func::ReturnOp::create(b, FileLineColLoc::get(&ctx, fileName, 0, 0), results);
  func.setFunctionType(b.getFunctionType(argTypes, ValueRange(results).getTypes()));
  if (failed(verify(*module))) {
    emitError(FileLineColLoc::get(&ctx, fileName, 0, 0))
        << "the imported module does not verify (an importer bug; see the "
           "errors above)";
    return nullptr;
  }
  return module;
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> tq::importONNX(StringRef bytes, StringRef fileName,
                                     StringRef baseDir, MLIRContext &context,
                                     const ONNXImportOptions &options) {
  context.loadDialect<func::FuncDialect, tosa::TosaDialect, tensor::TensorDialect,
                      linalg::LinalgDialect, arith::ArithDialect,
                      math::MathDialect, TQDialect>();
  onnx::ModelProto model;
  std::string folder =
      baseDir.empty() ? onnx_import::folderOf(fileName) : baseDir.str();
  if (llvm::Error e =
          onnx_import::loadModel(bytes, fileName, folder, options, model)) {
    // The location names the file; the message need not repeat it.
    std::string message = llvm::toString(std::move(e));
    StringRef text = message;
    text.consume_front((fileName + ": ").str());
    emitError(FileLineColLoc::get(&context, fileName, 0, 0)) << text;
    return nullptr;
  }
  Importer importer(context, model, fileName, options);
  return importer.run();
}

OwningOpRef<ModuleOp> tq::importONNXFile(StringRef path, MLIRContext &context,
                                         const ONNXImportOptions &options) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file) {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << "cannot read: " << file.getError().message();
    return nullptr;
  }
  return importONNX((*file)->getBuffer(), path, /*baseDir=*/"", context,
                    options);
}

void tq::registerONNXImportDialects(DialectRegistry &registry) {
  registry.insert<func::FuncDialect, tosa::TosaDialect, tensor::TensorDialect,
                  linalg::LinalgDialect, arith::ArithDialect,
                  math::MathDialect, TQDialect>();
}

bool tq::looksLikeONNX(StringRef bytes) {
  // Walks the top-level protobuf fields: every one must be a ModelProto
  // field with its wire type, and lengths must stay inside the buffer.
  // MLIR text fails at once (its first bytes are no such field, or the
  // walk runs off a length).
  size_t pos = 0, n = bytes.size();
  auto varint = [&](uint64_t &v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= n)
        return false;
      uint8_t c = bytes[pos++];
      v |= uint64_t(c & 0x7f) << shift;
      if (!(c & 0x80))
        return true;
    }
    return false;
  };
  bool sawGraph = false;
  int fields = 0;
  while (pos < n) {
    uint64_t tag;
    if (!varint(tag))
      return false;
    uint64_t field = tag >> 3, wire = tag & 7;
    bool isVarint = field == 1 || field == 5;
    bool isBytes = field == 2 || field == 3 || field == 4 || field == 6 ||
                   field == 7 || field == 8 || field == 14 || field == 20 ||
                   field == 25;
    if ((isVarint && wire != 0) || (isBytes && wire != 2) ||
        (!isVarint && !isBytes))
      return false;
    uint64_t v;
    if (!varint(v))
      return false;
    if (wire == 2) {
      if (v > n - pos)
        return false;
      pos += v;
    }
    sawGraph |= field == 7;
    ++fields;
  }
  return fields > 0 && sawGraph;
}

llvm::Error tq::addInputShape(ONNXImportOptions &options, StringRef text) {
  auto parsed = parseInputShape(text);
  if (!parsed)
    return parsed.takeError();
  if (parsed->first.empty())
    options.shapes.push_back(std::move(parsed->second));
  else
    options.namedShapes.push_back(std::move(*parsed));
  return llvm::Error::success();
}

llvm::Expected<std::pair<std::string, SmallVector<int64_t>>>
tq::parseInputShape(StringRef text) {
  StringRef name, dims = text;
  size_t colon = text.rfind(':');
  if (colon != StringRef::npos) {
    name = text.take_front(colon);
    dims = text.drop_front(colon + 1);
  }
  SmallVector<int64_t> shape;
  SmallVector<StringRef> parts;
  dims.split(parts, 'x');
  for (StringRef p : parts) {
    int64_t d;
    if (p.trim().getAsInteger(10, d) || d < 0)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "bad input shape '" + text +
              "': expected NAME:D0xD1x... with sizes >= 0, e.g. "
              "image:1x3x224x224");
    shape.push_back(d);
  }
  return std::make_pair(name.str(), shape);
}

llvm::Expected<std::pair<std::string, std::string>>
tq::parseInputValue(StringRef text) {
  auto [name, file] = text.split('=');
  if (name.empty() || file.empty() || !text.contains('='))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "bad input value '" + text + "': expected NAME=FILE, e.g. shape=shape.pb");
  return std::make_pair(name.str(), file.str());
}

llvm::Error tq::addInputValue(ONNXImportOptions &options, StringRef text) {
  auto parsed = parseInputValue(text);
  if (!parsed)
    return parsed.takeError();
  auto file = llvm::MemoryBuffer::getFile(parsed->second);
  if (!file)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot read '" + parsed->second +
                                       "': " + file.getError().message());
  auto value = readTensorProto((*file)->getBuffer(), parsed->second);
  if (!value)
    return value.takeError();
  options.inputValues.emplace_back(parsed->first, std::move(*value));
  return llvm::Error::success();
}

llvm::Expected<ONNXTensor> tq::readTensorProto(StringRef bytes,
                                               StringRef fileName) {
  onnx::TensorProto t;
  if (llvm::Error e = onnx_import::parseTensorProto(bytes, fileName, t))
    return std::move(e);
  std::string why;
  auto h = toHost(t, why);
  if (failed(h))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   fileName + ": " + why);
  ONNXTensor out;
  out.name = t.name();
  out.shape = h->shape;
  out.itemSize = h->itemSize();
  out.kind = isFloatDType(h->dtype) ? 'f'
             : h->dtype == kBool    ? 'b'
             : (h->dtype == kUInt8 || h->dtype == kUInt16 ||
                h->dtype == kUInt32 || h->dtype == kUInt64)
                 ? 'u'
                 : 'i';
  if (h->dtype == kBFloat16) {
    // NumPy has no bfloat16: widen to float32.
    out.itemSize = 4;
    out.data.resize(4 * h->numElements());
    for (int64_t i = 0, e = h->numElements(); i < e; ++i) {
      float f = float(h->getDouble(i));
      std::memcpy(out.data.data() + 4 * i, &f, 4);
    }
    return out;
  }
  out.data = std::move(h->raw);
  return out;
}
