//===- tq-opt.cpp - mlir-opt with the tq dialect and passes ---------------===//
//
// Every upstream dialect, extension and pass, plus tq's dialect, passes and
// pipelines. Use it as mlir-opt. The input may also be an ONNX model
// (recognized by its content): it is imported first (tq::importONNX, every
// input shape static as declared, or fixed with --onnx-input-shape and
// --onnx-batch).
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "tq/Import/ONNX.h"
#include "tq/InitAll.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

static llvm::cl::list<std::string> onnxInputValues(
    "onnx-input-value",
    llvm::cl::desc("For an ONNX input: give a graph input its value at "
                   "import time, NAME=FILE.pb (an ONNX TensorProto)"));
static llvm::cl::list<std::string> onnxInputShapes(
    "onnx-input-shape",
    llvm::cl::desc("For an ONNX input: fix an input's shape, "
                   "NAME:D0xD1x... (NAME may be left out for the first "
                   "input)"));
static llvm::cl::opt<int64_t> onnxBatch(
    "onnx-batch",
    llvm::cl::desc("For an ONNX input: fix every input's dynamic leading "
                   "dimension to N"),
    llvm::cl::init(0));

/// Imports an ONNX input into MLIR text (with locations, which carry the
/// layer names) for MlirOptMain; other inputs pass through.
static mlir::LogicalResult
importIfONNX(llvm::StringRef path, std::unique_ptr<llvm::MemoryBuffer> &buffer,
             mlir::DialectRegistry &registry) {
  if (!tq::looksLikeONNX(buffer->getBuffer()))
    return mlir::success();
  mlir::MLIRContext context(registry);
  llvm::SourceMgr sm;
  mlir::SourceMgrDiagnosticHandler handler(sm, &context);
  tq::ONNXImportOptions options;
  options.batch = onnxBatch;
  for (const std::string &text : onnxInputValues)
    if (llvm::Error e = tq::addInputValue(options, text)) {
      llvm::WithColor::error(llvm::errs(), "tq-opt")
          << llvm::toString(std::move(e)) << "\n";
      return mlir::failure();
    }
  for (const std::string &text : onnxInputShapes)
    if (llvm::Error e = tq::addInputShape(options, text)) {
      llvm::WithColor::error(llvm::errs(), "tq-opt")
          << llvm::toString(std::move(e)) << "\n";
      return mlir::failure();
    }
  mlir::OwningOpRef<mlir::ModuleOp> module =
      tq::importONNX(buffer->getBuffer(), path, /*baseDir=*/"", context,
                     options);
  if (!module)
    return mlir::failure();
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os, mlir::OpPrintingFlags().enableDebugInfo());
  buffer = llvm::MemoryBuffer::getMemBufferCopy(text, path);
  return mlir::success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // gpu-module-to-binary translates kernels to LLVM IR.
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::registerAllPasses();
  tq::registerTQDialect(registry);
  tq::registerTQPasses();
  tq::registerTQPipelines();

  auto [inputFile, outputFile] = mlir::registerAndParseCLIOptions(
      argc, argv, "tq optimizer driver\n", registry);
  mlir::MlirOptMainConfig config = mlir::MlirOptMainConfig::createFromCLOptions();
  // As MlirOptMain: these print and return without reading any input.
  if (config.shouldShowDialects()) {
    llvm::outs() << "Available Dialects: ";
    llvm::interleave(registry.getDialectNames(), llvm::outs(), ",");
    llvm::outs() << "\n";
    return 0;
  }
  if (config.shouldListPasses()) {
    mlir::printRegisteredPasses();
    return 0;
  }
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input =
      mlir::openInputFile(inputFile, &error);
  if (!input) {
    llvm::WithColor::error(llvm::errs(), "tq-opt") << error << "\n";
    return 1;
  }
  if (mlir::failed(importIfONNX(inputFile, input, registry)))
    return 1;
  auto output = mlir::openOutputFile(outputFile, &error);
  if (!output) {
    llvm::WithColor::error(llvm::errs(), "tq-opt") << error << "\n";
    return 1;
  }
  if (mlir::failed(mlir::MlirOptMain(output->os(), std::move(input), registry,
                                     config)))
    return 1;
  output->keep();
  return 0;
}
