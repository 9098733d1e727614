//===- fuzz_quant_map.cpp - Fuzzes the quantizer-map reader ---------------===//
//
// Input: one selector byte, then the map text. The selector's low two bits
// pick the form readQuantMap reads (0: combined {"activations": ...},
// 1: activations, 2: weights, 3: intrinsic flat map or bare string); bits
// 2-3 the match mode the entries are then compiled for and looked up with
// (substring, exact, glob, regex). Checks, beyond "no crash": a failure
// reports an error; a success leaves every entry with its quantizer(s).
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "tq/Dialect/TQ/Transforms/QuantMap.h"

using namespace mlir;
using namespace tq;
using namespace tq::fuzz;

namespace {
FuzzContext fuzzContext;
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  MLIRContext *ctx = fuzzContext.get();
  uint8_t selector = data[0];
  StringRef text(reinterpret_cast<const char *>(data + 1), size - 1);
  std::optional<Role> role;
  if (selector & 3)
    role = Role((selector & 3) - 1);
  MatchMode mode = MatchMode((selector >> 2) & 3);

  unsigned errors = 0;
  ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      ++errors;
    std::string rendered;
    llvm::raw_string_ostream os(rendered);
    os << diag.getLocation() << ": " << diag;
    return success();
  });

  QuantMaps maps;
  if (failed(readQuantMap(ctx, text, "fuzz.json", role, maps))) {
    if (errors == 0)
      finding("readQuantMap failed without an error on \"" + escaped(text) +
              "\"");
    return 0;
  }
  for (unsigned r = 0; r < kNumRoles; ++r)
    for (const MapEntry &entry : maps.entries[r]) {
      if (entry.role != Role(r) || !entry.quantizer ||
          (entry.role == Role::Intrinsic && !entry.accumulator))
        finding("entry \"" + escaped(entry.key) +
                "\" is incomplete after reading \"" + escaped(text) + "\"");
    }
  errors = 0;
  if (failed(maps.compile(mode))) {
    if (errors == 0)
      finding("compile failed without an error on \"" + escaped(text) + "\"");
    return 0;
  }
  (void)maps.empty();
  const char *names[] = {"", "conv2d", "conv2d_1", "matmul", "dense/kernel",
                         "a.b*c"};
  for (unsigned r = 0; r < kNumRoles; ++r)
    for (const char *name : names)
      if (MapEntry *entry = maps.lookup(Role(r), name, mode))
        ++entry->matched;
  return 0;
}
