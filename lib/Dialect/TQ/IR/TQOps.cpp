//===- TQOps.cpp - tq operations ------------------------------------------===//

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/OpImplementation.h"

#include <cmath>

using namespace mlir;
using namespace tq;

//===----------------------------------------------------------------------===//
// custom<Quantizer>: an attribute, or a quantizer string parsed to one.
//===----------------------------------------------------------------------===//

static ParseResult parseQuantizer(OpAsmParser &parser,
                                  QuantizerAttrInterface &quantizer) {
  SMLoc loc = parser.getCurrentLocation();
  std::string spec;
  if (succeeded(parser.parseOptionalString(&spec))) {
    QuantizerStringError error;
    quantizer =
        parseQuantizerString(parser.getContext(), spec, error);
    if (!quantizer) {
      // Point at the offending character inside the string literal.
      SMLoc at = SMLoc::getFromPointer(loc.getPointer() + 1 + error.column);
      return parser.emitError(at) << "invalid quantizer \"" << spec
                                  << "\": " << error.message;
    }
    return success();
  }
  // A type is passed so that the `: type` after the op is not read as the
  // attribute's type.
  Attribute attr;
  if (parser.parseAttribute(attr, parser.getBuilder().getNoneType()))
    return failure();
  quantizer = dyn_cast<QuantizerAttrInterface>(attr);
  if (!quantizer)
    return parser.emitError(loc) << "expected a quantizer attribute or "
                                 << "string, got " << attr;
  return success();
}

static void printQuantizer(OpAsmPrinter &printer, Operation *,
                           QuantizerAttrInterface quantizer) {
  printer.printAttribute(quantizer);
}

#define GET_OP_CLASSES
#include "tq/Dialect/TQ/IR/TQ.cpp.inc"

//===----------------------------------------------------------------------===//
// QuantizeOp
//===----------------------------------------------------------------------===//

Value QuantizeOp::getOrCreateSeedValue(OpBuilder &b) {
  if (Value s = getSeedValue())
    return s;
  return arith::ConstantOp::create(b, getLoc(),
                                   b.getI64IntegerAttr(getSeed().value_or(0)));
}

LogicalResult QuantizeOp::verify() {
  QuantizerAttrInterface quantizer = getQuantizer();
  if (auto shaped = dyn_cast<ShapedType>(getInput().getType()))
    if (shaped.hasStaticShape() && !ref::checkedProduct(shaped.getShape()))
      // (tensor<3037000500x3037000500xf32> parses, but nothing can hold or
      // index it.)
      return emitOpError("operand type ")
             << shaped << " has more elements than fit in a 64-bit index";
  if (failed(quantizer.verifyForType(getInput().getType(),
                                     [&] { return emitOpError(); })))
    return failure();
  if (!quantizer.isStochastic() && (getSeed() || getOffset() || getSeedValue()))
    return emitOpError("seed and offset apply only to stochastic "
                       "quantizers, but \"")
           << quantizer.getSpec() << "\" is deterministic";
  if (getSeed() && getSeedValue())
    return emitOpError("takes its seed from an attribute (seed) or an "
                       "operand (seed_value), not both");
  return success();
}

/// Splat constants larger than this are not expanded by folding a quantizer
/// whose result is not a splat (stochastic rounding, non-elementwise formats).
static constexpr int64_t kMaxSplatExpansion = int64_t(1) << 24;

/// Reads the elements of `dense` (or only its splat value) as exact doubles.
template <typename T>
static void readValues(DenseElementsAttr dense, bool splatOnly,
                       std::vector<double> &out) {
  if (splatOnly) {
    out.push_back(double(dense.getSplatValue<T>()));
    return;
  }
  auto values = dense.getValues<T>();
  out.assign(values.begin(), values.end());
}

static void readValues(DenseElementsAttr dense, bool splatOnly,
                       std::vector<double> &out) {
  auto toDouble = [](APFloat v) {
    bool lost;
    v.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
    return v.convertToDouble();
  };
  if (splatOnly) {
    out.push_back(toDouble(dense.getSplatValue<APFloat>()));
    return;
  }
  for (const APFloat &v : dense.getValues<APFloat>())
    out.push_back(toDouble(v));
}

/// Builds the folded attribute from the exact results; NaN inputs keep their
/// bits (the lowering passes NaN through unchanged too).
template <typename T>
static DenseElementsAttr writeValues(DenseElementsAttr input, ShapedType type,
                                     bool splat, const std::vector<double> &out) {
  if (splat) {
    T in = input.getSplatValue<T>();
    return DenseElementsAttr::get(type, std::isnan(in) ? in : T(out.front()));
  }
  std::vector<T> results(out.size());
  auto inputs = input.getValues<T>();
  size_t i = 0;
  for (T in : inputs) {
    results[i] = std::isnan(in) ? in : T(out[i]);
    ++i;
  }
  return DenseElementsAttr::get(type, llvm::ArrayRef<T>(results));
}

static DenseElementsAttr writeValues(DenseElementsAttr input, ShapedType type,
                                     bool splat,
                                     const std::vector<double> &out) {
  const llvm::fltSemantics &sem =
      cast<FloatType>(type.getElementType()).getFloatSemantics();
  auto convert = [&](const APFloat &in, double value) {
    if (in.isNaN())
      return in;
    APFloat r(value);
    bool lost;
    r.convert(sem, APFloat::rmNearestTiesToEven, &lost);
    return r;
  };
  if (splat)
    return DenseElementsAttr::get(
        type, convert(input.getSplatValue<APFloat>(), out.front()));
  SmallVector<APFloat> results;
  results.reserve(out.size());
  size_t i = 0;
  for (const APFloat &in : input.getValues<APFloat>())
    results.push_back(convert(in, out[i++]));
  return DenseElementsAttr::get(type, results);
}

/// Evaluates the quantizer of `op` on constant `values` of type `type` with
/// the reference semantics. f32 and f64 are read and written directly,
/// f16 and bf16 through APFloat (every conversion is exact: the reference
/// rounds into the element type itself).
static Attribute foldConstant(QuantizeOp op, ElementsAttr values,
                              ShapedType type) {
  QuantizerAttrInterface quantizer = op.getQuantizer();
  auto dense = dyn_cast<DenseElementsAttr>(values);
  // Weights an importer stored as blobs (dense_resource) fold too, unless
  // the blob was elided.
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(values)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return {};
    ArrayRef<char> raw = blob->getData();
    bool splat = false;
    if (!DenseElementsAttr::isValidRawBuffer(type, raw, splat))
      return {};
    dense = DenseElementsAttr::getFromRawBuffer(type, raw);
  }
  if (!dense)
    return {};
  bool splatResult = dense.isSplat() && quantizer.isElementwise() &&
                     !quantizer.isStochastic();
  // (The verifier rejects element counts beyond int64_t; folding may run on
  // IR that was not verified yet, so check again.)
  std::optional<int64_t> count = ref::checkedProduct(type.getShape());
  if (!count || (dense.isSplat() && !splatResult && *count > kMaxSplatExpansion))
    return {};

  ref::Tensor t;
  t.elem = *getRefElemType(type);
  bool splatOnly = splatResult || dense.isSplat();
  if (t.elem == ref::ElemType::F32)
    readValues<float>(dense, splatOnly, t.data);
  else if (t.elem == ref::ElemType::F64)
    readValues<double>(dense, splatOnly, t.data);
  else
    readValues(dense, splatOnly, t.data);
  if (!splatResult) {
    // A splat input to a non-splat result is expanded here.
    t.data.resize(*count, t.data.front());
    t.shape.assign(type.getShape().begin(), type.getShape().end());
  }

  uint64_t seed = op.getSeed() ? uint64_t(*op.getSeed()) : 0;
  quantizer.evaluate(t, seed, /*offset=*/0);
  ref::roundTensorToElement(t);

  // (Iterating a splat's values yields the splat value for every index.)
  if (t.elem == ref::ElemType::F32)
    return writeValues<float>(dense, type, splatResult, t.data);
  if (t.elem == ref::ElemType::F64)
    return writeValues<double>(dense, type, splatResult, t.data);
  return writeValues(dense, type, splatResult, t.data);
}

OpFoldResult QuantizeOp::fold(FoldAdaptor adaptor) {
  QuantizerAttrInterface quantizer = getQuantizer();
  Type type = getType();
  if (quantizer.isIdentity(getElementTypeOrSelf(type)))
    return getInput();

  // q(q(x)) == q(x) for an idempotent q, whatever the random streams.
  if (auto producer = getInput().getDefiningOp<QuantizeOp>())
    if (producer.getQuantizer() == quantizer &&
        quantizer.isIdempotent(getElementTypeOrSelf(type)))
      return getInput();

  // The random index depends on a run-time offset, or the seed is one:
  // nothing to fold.
  if (getOffset() || getSeedValue())
    return {};

  Attribute input = adaptor.getInput();
  if (!input)
    return {};
  if (auto scalar = dyn_cast<FloatAttr>(input)) {
    auto tensorType = RankedTensorType::get({}, type);
    auto folded = dyn_cast_or_null<DenseElementsAttr>(foldConstant(
        *this, DenseElementsAttr::get(tensorType, scalar.getValue()),
        tensorType));
    if (!folded)
      return {};
    return FloatAttr::get(type, folded.getSplatValue<APFloat>());
  }
  if (auto elements = dyn_cast<ElementsAttr>(input))
    return foldConstant(*this, elements, cast<ShapedType>(type));
  return {};
}
