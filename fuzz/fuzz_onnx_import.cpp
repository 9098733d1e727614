//===- fuzz_onnx_import.cpp - Fuzzes the ONNX importer --------------------===//
//
// Input: the bytes of an ONNX model. Checks, beyond "no crash": an import
// that fails says why (at least one error diagnostic), and a module that
// imports verifies (the importer verifies it; a failure there is a finding).
// External data is looked up in a folder that does not exist, so nothing
// outside the input is read.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "tq/Import/ONNX.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"

using namespace tq::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static FuzzContext contexts;
  mlir::MLIRContext *ctx = contexts.get();
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  unsigned errors = 0;
  mlir::ScopedDiagnosticHandler count(ctx, [&](mlir::Diagnostic &d) {
    errors += d.getSeverity() == mlir::DiagnosticSeverity::Error;
    return mlir::failure(); // on to the context's (silent) handler
  });
  (void)tq::looksLikeONNX(bytes);
  tq::ONNXImportOptions options;
  options.batch = 1;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      tq::importONNX(bytes, "fuzz.onnx", "/nonexistent/tq-fuzz", *ctx, options);
  if (!module && errors == 0)
    finding("the import failed without an error");
  if (module && mlir::failed(mlir::verify(*module)))
    finding("the imported module does not verify");
  return 0;
}
