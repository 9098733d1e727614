//===- fuzz_quantizer_string.cpp - Fuzzes the quantizer-string parser -----===//
//
// Input: a quantizer string (any bytes). Checks, beyond "no crash, no
// sanitizer report":
//  - round trip: a string that parses prints (getSpec) to a string that
//    parses back to the same attribute;
//  - the attribute's MLIR assembly (#tq.fixed<...>) parses back to it;
//  - the interface methods run for f16/bf16/f32/f64, and for each type the
//    quantizer verifies for, the reference evaluates a tensor of awkward
//    values; a deterministic quantizer that says it is idempotent for the
//    type must give q(q(x)) == q(x) bit for bit (the fold relies on it).
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "tq/Dialect/TQ/IR/QuantizerString.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace mlir;
using namespace tq;
using namespace tq::fuzz;

namespace {

FuzzContext fuzzContext;

std::string attrText(Attribute attr) {
  std::string s;
  llvm::raw_string_ostream os(s);
  attr.print(os);
  return s;
}

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

/// The same bits, or both NaN.
bool sameValue(double a, double b) {
  if (std::isnan(a) && std::isnan(b))
    return true;
  uint64_t x, y;
  std::memcpy(&x, &a, 8);
  std::memcpy(&y, &b, 8);
  return x == y;
}

void checkRoundTrip(MLIRContext *ctx, StringRef input,
                    QuantizerAttrInterface q) {
  std::string spec = q.getSpec();
  QuantizerStringError error;
  QuantizerAttrInterface back = parseQuantizerString(ctx, spec, error);
  if (!back)
    finding("\"" + escaped(input) + "\" parses to " + attrText(q) +
            ", whose spec \"" + escaped(spec) +
            "\" does not parse: " + error.message + " (column " +
            std::to_string(error.column) + ")");
  if (back != q)
    finding("\"" + escaped(input) + "\" parses to " + attrText(q) +
            ", whose spec \"" + escaped(spec) + "\" parses to " +
            attrText(back));

  std::string asmText = attrText(q);
  Attribute parsed = parseAttribute(asmText, ctx);
  if (parsed != q)
    finding("\"" + escaped(input) + "\" parses to " + asmText +
            ", which parses back as " +
            (parsed ? attrText(parsed) : std::string("an error")));
}

void checkSemantics(MLIRContext *ctx, QuantizerAttrInterface q) {
  (void)q.isStochastic();
  (void)q.isElementwise();
  (void)q.getBitsPerElement();
  Builder b(ctx);
  Type elems[] = {b.getF16Type(), b.getBF16Type(), b.getF32Type(),
                  b.getF64Type()};
  for (Type elem : elems) {
    auto type = RankedTensorType::get({2, 8}, elem);
    if (failed(q.verifyForType(type, [&] {
          return emitError(UnknownLoc::get(ctx));
        })))
      continue;
    // Exactly representable in every element type.
    ref::Tensor t;
    t.elem = *getRefElemType(type);
    t.shape = {2, 8};
    t.data = {0.0,    -0.0,     0.5,      -1.03125, 3.0,     -1000.0,
              NAN,    INFINITY, -INFINITY, 0x1p-24,  448.0,   -0.09375,
              1.0,    -1.0,     0x1p-14,   2.5};
    q.evaluate(t, /*seed=*/7, /*offset=*/3);
    ref::roundTensorToElement(t);
    if (q.isStochastic() || !q.isIdempotent(elem))
      continue;
    ref::Tensor again = t;
    q.evaluate(again, 7, 3);
    ref::roundTensorToElement(again);
    for (size_t i = 0; i < t.data.size(); ++i)
      if (!sameValue(t.data[i], again.data[i]))
        finding(q.getSpec() + " says it is idempotent for " +
                attrText(TypeAttr::get(elem)) + " but q(q(x)) != q(x) at " +
                std::to_string(i) + ": " + number(t.data[i]) + " then " +
                number(again.data[i]));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  MLIRContext *ctx = fuzzContext.get();
  StringRef input(reinterpret_cast<const char *>(data), size);
  QuantizerStringError error;
  QuantizerAttrInterface q = parseQuantizerString(ctx, input, error);
  if (!q) {
    if (error.message.empty())
      finding("\"" + escaped(input) + "\" fails without a message");
    if (error.column > input.size())
      finding("\"" + escaped(input) + "\": error column " +
              std::to_string(error.column) + " is past the end");
    return 0;
  }
  checkRoundTrip(ctx, input, q);
  checkSemantics(ctx, q);
  return 0;
}
