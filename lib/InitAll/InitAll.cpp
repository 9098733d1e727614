//===- InitAll.cpp - Registration hooks -----------------------------------===//

#include "tq/InitAll.h"
#include "tq/Conversion/TQToArith/QuantizerLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/DialectRegistry.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Autodiff/Autodiff.h"
#include "tq/Conversion/Passes.h"
#include "tq/Dialect/TQ/Transforms/Passes.h"
#include "tq/Pipelines/Pipelines.h"

void tq::registerTQDialect(mlir::DialectRegistry &registry) {
  registry.insert<tq::TQDialect, mlir::arith::ArithDialect>();
  tq::registerVJPModels(registry);
  tq::registerQuantizerLoweringModels(registry);
}

void tq::registerTQPasses() {
  static bool registered = [] {
    tq::registerTQTransformsPasses();
    tq::registerTQConversionPasses();
    tq::registerTQAutodiffPasses();
    return true;
  }();
  (void)registered;
}

void tq::registerTQPipelines() {
  static bool registered = [] {
    tq::registerTQQuantizePipeline();
    tq::registerCPUPipeline();
    tq::registerGPUPipeline();
    return true;
  }();
  (void)registered;
}
