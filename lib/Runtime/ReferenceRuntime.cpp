//===- ReferenceRuntime.cpp - Quantizers evaluated by the reference -------===//
//
// A run-time library for checking compiled code against the reference
// semantics: `tq-lower-to-reference-calls` turns each tq.quantize into a call
// of tq_reference_quantize_f32, which parses the quantizer string and
// evaluates the reference (the folder's code path) on the buffer, in place.
// Load it with mlir-runner --shared-libs=. It is a testing aid: compiled
// emulation never calls it.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/IR/MLIRContext.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {
mlir::MLIRContext &context() {
  static mlir::MLIRContext ctx;
  static bool loaded = (ctx.getOrLoadDialect<tq::TQDialect>(), true);
  (void)loaded;
  return ctx;
}
} // namespace

/// Quantizes the contiguous f32 buffer `data` in place with the quantizer
/// written in `spec` (bytes of a quantizer string), seed `seed`, offset 0.
extern "C" void
_mlir_ciface_tq_reference_quantize_f32(UnrankedMemRefType<float> *data,
                                       UnrankedMemRefType<int8_t> *spec,
                                       int64_t seed) {
  DynamicMemRefType<float> d(*data);
  DynamicMemRefType<int8_t> s(*spec);
  std::string text(reinterpret_cast<const char *>(s.data + s.offset),
                   size_t(s.sizes[0]));
  tq::QuantizerStringError error;
  tq::QuantizerAttrInterface q =
      tq::parseQuantizerString(&context(), text, error);
  if (!q) {
    std::fprintf(stderr, "tq_reference_quantize_f32: invalid quantizer \"%s\": %s\n",
                 text.c_str(), error.message.c_str());
    std::abort();
  }
  tq::ref::Tensor t;
  t.elem = tq::ref::ElemType::F32;
  int64_t n = 1;
  for (int64_t i = 0; i < d.rank; ++i) {
    t.shape.push_back(d.sizes[i]);
    n *= d.sizes[i];
  }
  float *p = d.data + d.offset;
  t.data.assign(p, p + n);
  q.evaluate(t, uint64_t(seed), 0);
  tq::ref::roundTensorToElement(t);
  for (int64_t i = 0; i < n; ++i)
    if (!std::isnan(p[i])) // NaN inputs keep their bits
      p[i] = float(t.data[i]);
}
