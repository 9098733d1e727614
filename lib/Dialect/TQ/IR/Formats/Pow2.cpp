//===- Pow2.cpp - Powers of two -------------------------------------------===//
//
// Powers of two: the attributes' verification, reference semantics
// (refOf, evaluate), spec and storage per element. The format's lowering is
// its section of lib/Conversion/TQToArith/Formats.cpp; its string syntax is
// declared in TQAttributes.td (TQ_StringSyntax), its presets and hooks are
// below; its user reference in docs/quantizers.md.
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
// Power of two
//===----------------------------------------------------------------------===//

LogicalResult Pow2Attr::verify(function_ref<InFlightDiagnostic()> emitError,
                               Pow2Rounding, std::optional<int64_t> minExp,
                               std::optional<int64_t> maxExp) {
  if (minExp && maxExp && *minExp > *maxExp)
    return emitError() << "pow2 min_exp " << *minExp
                       << " is greater than max_exp " << *maxExp;
  return success();
}

ref::Pow2 tq::refOf(Pow2Attr a, ref::ElemType elem) {
  ref::ElemInfo e = ref::elemInfo(elem);
  ref::Pow2 p;
  p.rounding = toRef(a.getRounding());
  p.minExp = a.getMinExp() ? int(*a.getMinExp()) : e.minExp;
  p.maxExp = a.getMaxExp() ? int(*a.getMaxExp()) : e.maxExp;
  return p;
}

LogicalResult
Pow2Attr::verifyForType(Type type,
                        function_ref<InFlightDiagnostic()> emitError) const {
  ValueTypeInfo info = getInfo(type);
  ref::ElemInfo e = ref::elemInfo(info.elem);
  for (auto [name, value] : {std::pair{"min_exp", getMinExp()},
                             std::pair{"max_exp", getMaxExp()}})
    if (value && (*value < e.minExp || *value > e.maxExp))
      return emitError() << "pow2 " << name << " " << *value
                         << " is outside the exponent range [" << e.minExp
                         << ", " << e.maxExp << "] of " << info.elementType;
  return success();
}
bool Pow2Attr::isStochastic() const { return false; }
bool Pow2Attr::isIdempotent(Type) const { return true; }
void Pow2Attr::evaluate(ref::Tensor &t, uint64_t seed, uint64_t offset) const {
  ref::Pow2 p = refOf(*this, t.elem);
  ref::applyElementwise(t, false, seed, offset,
              [&](double x, uint32_t) { return p.apply(x); });
}
std::string Pow2Attr::getSpec() const {
  std::string s = "pow2";
  if (getRounding() != Pow2Rounding::floor)
    s += ",nearest";
  if (getMinExp())
    s += llvm::formatv(",min_exp={0}", *getMinExp()).str();
  if (getMaxExp())
    s += llvm::formatv(",max_exp={0}", *getMaxExp()).str();
  return s;
}

double Pow2Attr::getBitsPerElement() const {
  if (!getMinExp() || !getMaxExp())
    return 0;
  // The exponents from min_exp to max_exp, and zero.
  return 1 + std::ceil(std::log2(double(*getMaxExp() - *getMinExp() + 2)));
}

//===----------------------------------------------------------------------===//
// Quantizer strings
//===----------------------------------------------------------------------===//

/// pow2[,ROUNDING][,MIN,MAX]: the rounding may come before the range.
bool strings::Pow2::parsePositional(Parser &p, size_t &i) {
  if (i < p.tokens.size())
    if (auto r = symbolizePow2Rounding(p.tokens[i].text)) {
      rounding = *r;
      ++i;
    }
  if (!p.hasPositional(i))
    return true;
  int64_t lo, hi;
  if (!p.parseInt(i, "minimum exponent", lo) ||
      !p.parseInt(i + 1, "maximum exponent", hi))
    return false;
  min_exp = lo;
  max_exp = hi;
  i += 2;
  return true;
}
