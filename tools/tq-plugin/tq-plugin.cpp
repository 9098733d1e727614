//===- tq-plugin.cpp - tq as a plugin of a stock mlir-opt -----------------===//
//
// Loaded by an mlir-opt that knows nothing of tq (Debian's, say):
//
//   mlir-opt --load-dialect-plugin=TQPlugin.so --load-pass-plugin=TQPlugin.so
//       --pass-pipeline='builtin.module(tq-quantize-pipeline{...})' in.mlir
//
// The dialect entry point makes tq ops parse and print; the pass entry
// point makes tq's passes and pipelines nameable in --pass-pipeline (not as
// --tq-... flags: those are created before plugins load). Either entry
// point alone is enough to run the passes, which load the dialect
// themselves.
//
//===----------------------------------------------------------------------===//

#include "tq/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Compiler.h"

static void registerPassesAndPipelines() {
  tq::registerTQPasses();
  tq::registerTQPipelines();
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "TQ", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            tq::registerTQDialect(*registry);
            registerPassesAndPipelines();
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "TQPasses", LLVM_VERSION_STRING,
          registerPassesAndPipelines};
}
