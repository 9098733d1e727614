//===- tq-opt.cpp - mlir-opt with the tq dialect and passes ---------------===//
//
// Every upstream dialect, extension and pass, plus tq's dialect, passes and
// pipelines. Use it as mlir-opt.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "tq/InitAll.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // gpu-module-to-binary translates kernels to LLVM IR.
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::registerAllPasses();
  tq::registerTQDialect(registry);
  tq::registerTQPasses();
  tq::registerTQPipelines();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "tq optimizer driver\n", registry));
}
