//===- consumer-opt.cpp - An outside *-opt with tq linked in --------------===//
//
// What a compiler that embeds tq does: register its own choice of upstream
// dialects, then tq's dialect, passes and pipelines through tq/InitAll.h;
// and append tq's pipeline to a pipeline of its own, with options set in
// C++, as an IREE plugin's extendPreprocessingPassPipeline would.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "tq/InitAll.h"

/// The compiler's own pipeline: its passes, then tq's.
static void buildConsumerPipeline(mlir::OpPassManager &pm) {
  pm.addPass(mlir::createCSEPass());
  tq::TQQuantizeOptions options;
  options.activations = R"({"conv2d": "fp8_e4m3"})";
  options.weights = R"({"conv2d": "nearest,8,6"})";
  tq::buildTQQuantizePipeline(pm, options);
}

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<mlir::arith::ArithDialect, mlir::func::FuncDialect,
                  mlir::tosa::TosaDialect>();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  tq::registerTQDialect(registry);
  tq::registerTQPasses();
  tq::registerTQPipelines();
  mlir::PassPipelineRegistration<>(
      "consumer-pipeline", "CSE, then tq's quantize pipeline",
      buildConsumerPipeline);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "tq consumer\n", registry));
}
