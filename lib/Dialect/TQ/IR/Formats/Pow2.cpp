//===- Pow2.cpp - Powers of two -------------------------------------------===//
//
// Powers of two: the attributes' verification, reference semantics
// (refOf, evaluate), spec and storage per element. The format's lowering is
// its section of lib/Conversion/TQToArith/Formats.cpp; its string syntax is
// below (Parser::parse...), QuantizerString.cpp reads the rest; its user
// reference in docs/quantizers.md.
//
//===----------------------------------------------------------------------===//

#include "../FormatUtils.h"
#include "../QuantizerStringParser.h"

#include "llvm/ADT/StringSwitch.h"
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

std::optional<QuantizerAttrInterface> Parser::parsePow2Format(StringRef name) {
  if (name == "logarithmic" || name == "pow2")
    return parsePow2();
  return std::nullopt;
}

QuantizerAttrInterface Parser::parsePow2() {
  // pow2[,floor|nearest][,MIN,MAX][,min_exp=N][,max_exp=N]
  Pow2Rounding rounding = defaults::Pow2::rounding;
  std::optional<int64_t> minExp = defaults::Pow2::min_exp,
                         maxExp = defaults::Pow2::max_exp;
  size_t i = 1;
  if (i < tokens.size())
    if (auto r = symbolizePow2Rounding(tokens[i].text)) {
      rounding = *r;
      ++i;
    }
  if (hasPositional(i)) {
    int64_t lo, hi;
    if (!parseInt(i, "minimum exponent", lo) ||
        !parseInt(i + 1, "maximum exponent", hi))
      return {};
    minExp = lo;
    maxExp = hi;
    i += 2;
  }
  bool ok = true;
  if (!parseOptions(i, "pow2", [&](const Token &t) {
        int64_t v;
        if (keyValue(t, "min_exp", v, ok)) {
          minExp = v;
          return true;
        }
        if (keyValue(t, "max_exp", v, ok)) {
          maxExp = v;
          return true;
        }
        if (auto r = symbolizePow2Rounding(t.text)) {
          rounding = *r;
          return true;
        }
        return false;
      }) ||
      !ok)
    return {};
  return build<Pow2Attr>(rounding, minExp, maxExp);
}
