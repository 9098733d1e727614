//===- BinaryTernarySparse.cpp - Sign formats, pruning --------------------===//
//
// Binary, ternary and sparse (magnitude pruning): the attributes' verification, reference semantics
// (refOf, evaluate), spec and storage per element. The format's lowering is
// its section of lib/Conversion/TQToArith/Formats.cpp; its string syntax is
// declared in TQAttributes.td (TQ_StringSyntax) and generated; its user
// reference in docs/quantizers.md.
//
//===----------------------------------------------------------------------===//

#include "../FormatUtils.h"
#include "../QuantizerStringParser.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace tq;
using namespace tq::detail;

//===----------------------------------------------------------------------===//
// Binary, ternary, sparse
//===----------------------------------------------------------------------===//

LogicalResult BinaryAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 F64 scale) {
  return checkScale(emitError, "binary", scale);
}
LogicalResult
BinaryAttr::verifyForType(Type type,
                          function_ref<InFlightDiagnostic()> emitError) const {
  return checkScaleFits(emitError, "binary", getScale(), type);
}
bool BinaryAttr::isStochastic() const { return false; }
bool BinaryAttr::isIdempotent(Type) const { return true; }
ref::Binary tq::refOf(BinaryAttr a) { return ref::Binary{a.getScale()}; }
void BinaryAttr::evaluate(ref::Tensor &t, uint64_t seed, uint64_t offset) const {
  ref::Binary b = refOf(*this);
  ref::applyElementwise(t, false, seed, offset,
              [&](double x, uint32_t) { return b.apply(x); });
}
std::string BinaryAttr::getSpec() const { return "binary," + str(getScale()); }

LogicalResult TernaryAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  F64 scale, std::optional<F64> threshold) {
  if (failed(checkScale(emitError, "ternary", scale)))
    return failure();
  if (threshold && (!(*threshold >= 0.0) || !std::isfinite(*threshold)))
    return emitError() << "ternary threshold must be non-negative and "
                       << "finite, got " << str(*threshold);
  return success();
}
LogicalResult
TernaryAttr::verifyForType(Type type,
                           function_ref<InFlightDiagnostic()> emitError) const {
  return checkScaleFits(emitError, "ternary", getScale(), type);
}
bool TernaryAttr::isStochastic() const { return false; }
TensorStrategy TernaryAttr::getTensorStrategy() const {
  // t = 0.7 * mean |x| without a threshold.
  return getThreshold() ? TensorStrategy::elementwise()
                        : TensorStrategy::wholeTensor(
                              TensorStrategy::Statistic::MeanAbs,
                              "an automatic threshold");
}
bool TernaryAttr::isIdempotent(Type elementType) const {
  auto elem = getRefElemType(elementType);
  return elem && getThreshold() &&
         ref::roundToElement(getScale(), *elem) > *getThreshold();
}
ref::Ternary tq::refOf(TernaryAttr a) {
  return ref::Ternary{a.getScale(), a.getThreshold()};
}
void TernaryAttr::evaluate(ref::Tensor &t, uint64_t, uint64_t) const {
  ref::Ternary q = refOf(*this);
  double thr = getThreshold() ? double(*getThreshold())
                              : ref::Ternary::autoThreshold(t.data);
  for (double &x : t.data)
    x = q.apply(x, thr);
}
std::string TernaryAttr::getSpec() const {
  std::string s = "ternary," + str(getScale());
  if (getThreshold())
    s += "," + str(*getThreshold());
  return s;
}

LogicalResult SparseAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 F64 threshold) {
  if (!(threshold >= 0.0) || !std::isfinite(threshold))
    return emitError() << "sparse threshold must be non-negative and finite, "
                       << "got " << str(threshold);
  return success();
}
LogicalResult SparseAttr::verifyForType(Type,
                                        function_ref<InFlightDiagnostic()>) const {
  return success();
}
bool SparseAttr::isStochastic() const { return false; }
bool SparseAttr::isIdempotent(Type) const { return true; }
ref::Sparse tq::refOf(SparseAttr a) { return ref::Sparse{a.getThreshold()}; }
void SparseAttr::evaluate(ref::Tensor &t, uint64_t seed, uint64_t offset) const {
  ref::Sparse s = refOf(*this);
  ref::applyElementwise(t, false, seed, offset,
              [&](double x, uint32_t) { return s.apply(x); });
}
std::string SparseAttr::getSpec() const {
  return "sparse," + str(getThreshold());
}

double BinaryAttr::getBitsPerElement() const { return 1; }
double TernaryAttr::getBitsPerElement() const { return std::log2(3.0); }
double SparseAttr::getBitsPerElement() const { return 0; }
