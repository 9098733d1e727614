//===- TQOps.cpp - tq operations ------------------------------------------===//

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
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

LogicalResult QuantizeOp::verify() {
  QuantizerAttrInterface quantizer = getQuantizer();
  if (failed(quantizer.verifyForType(getInput().getType(),
                                     [&] { return emitOpError(); })))
    return failure();
  if (!quantizer.isStochastic() && (getSeed() || getOffset()))
    return emitOpError("seed and offset apply only to stochastic "
                       "quantizers, but \"")
           << quantizer.getSpec() << "\" is deterministic";
  return success();
}

/// Splat constants larger than this are not expanded by folding a quantizer
/// whose result is not a splat (stochastic rounding, non-elementwise formats).
static constexpr int64_t kMaxSplatExpansion = int64_t(1) << 24;

/// Evaluates `quantizer` on constant `values` of type `type` with the
/// reference semantics. NaN inputs keep their exact bits.
static Attribute foldConstant(QuantizeOp op, ElementsAttr values,
                              ShapedType type) {
  QuantizerAttrInterface quantizer = op.getQuantizer();
  ref::ElemType elem = *getRefElemType(type);
  const llvm::fltSemantics &sem =
      cast<FloatType>(type.getElementType()).getFloatSemantics();
  int64_t n = type.getNumElements();

  auto dense = dyn_cast<DenseElementsAttr>(values);
  if (!dense)
    return {};
  bool splatResult = dense.isSplat() && quantizer.isElementwise() &&
                     !quantizer.isStochastic();
  if (dense.isSplat() && !splatResult && n > kMaxSplatExpansion)
    return {};

  SmallVector<APFloat> inputs;
  if (splatResult)
    inputs.push_back(dense.getSplatValue<APFloat>());
  else
    inputs.assign(dense.value_begin<APFloat>(), dense.value_end<APFloat>());

  ref::Tensor t;
  t.elem = elem;
  if (!splatResult)
    t.shape.assign(type.getShape().begin(), type.getShape().end());
  t.data.reserve(inputs.size());
  for (const APFloat &v : inputs) {
    APFloat d = v;
    bool lost;
    d.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
    t.data.push_back(d.convertToDouble());
  }

  uint64_t seed = op.getSeed() ? uint64_t(*op.getSeed()) : 0;
  quantizer.evaluate(t, seed, /*offset=*/0);
  ref::roundTensorToElement(t);

  SmallVector<APFloat> results;
  results.reserve(inputs.size());
  for (auto [in, out] : llvm::zip(inputs, t.data)) {
    if (in.isNaN()) {
      results.push_back(in);
      continue;
    }
    APFloat r(out);
    bool lost;
    r.convert(sem, APFloat::rmNearestTiesToEven, &lost);
    results.push_back(r);
  }
  if (splatResult)
    return DenseElementsAttr::get(type, results.front());
  return DenseElementsAttr::get(type, results);
}

OpFoldResult QuantizeOp::fold(FoldAdaptor adaptor) {
  QuantizerAttrInterface quantizer = getQuantizer();
  Type type = getType();
  if (isa<IdentityAttr>(quantizer))
    return getInput();

  // q(q(x)) == q(x) for an idempotent q, whatever the random streams.
  if (auto producer = getInput().getDefiningOp<QuantizeOp>())
    if (producer.getQuantizer() == quantizer &&
        quantizer.isIdempotent(getElementTypeOrSelf(type)))
      return getInput();

  // The random index depends on a run-time offset: nothing to fold.
  if (getOffset())
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
