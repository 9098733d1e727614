//===- Identity.cpp - The identity ----------------------------------------===//
//
// The identity quantizer: the attributes' verification, reference semantics
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
// Identity
//===----------------------------------------------------------------------===//

LogicalResult
IdentityAttr::verifyForType(Type, function_ref<InFlightDiagnostic()>) const {
  return success();
}
bool IdentityAttr::isStochastic() const { return false; }
bool IdentityAttr::isIdempotent(Type) const { return true; }
bool IdentityAttr::isIdentity(Type) const { return true; }
void IdentityAttr::evaluate(ref::Tensor &, uint64_t, uint64_t) const {}
std::string IdentityAttr::getSpec() const { return "none"; }

double IdentityAttr::getBitsPerElement() const { return 0; }
