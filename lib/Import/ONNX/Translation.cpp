//===- Translation.cpp - The --import-onnx translation ---------------------===//

#include "tq/Import/ONNX.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

void tq::registerONNXImportTranslation() {
  // Options live here, not at namespace scope, so that tools linking the
  // library without the translation (tq-run) can have options of the same
  // names.
  static llvm::cl::OptionCategory category("ONNX import options");
  static llvm::cl::list<std::string> inputShapes(
      "input-shape",
      llvm::cl::desc("Fix an input's shape: NAME:D0xD1x... (e.g. "
                     "image:1x3x224x224); NAME may be left out for the first "
                     "input"),
      llvm::cl::cat(category));
  static llvm::cl::opt<int64_t> batch(
      "batch",
      llvm::cl::desc("Fix every input's dynamic leading (batch) dimension to N"),
      llvm::cl::init(0), llvm::cl::cat(category));
  static llvm::cl::opt<int64_t> resourceThreshold(
      "resource-threshold",
      llvm::cl::desc("Initializers with more elements become dense_resource "
                     "blobs (default 1024)"),
      llvm::cl::init(1024), llvm::cl::cat(category));
  static llvm::cl::list<std::string> inputValues(
      "input-value",
      llvm::cl::desc("Give an input a value at import time: NAME=FILE.pb "
                     "(an ONNX TensorProto); the input becomes a constant"),
      llvm::cl::cat(category));
  static llvm::cl::opt<std::string> functionName(
      "function-name", llvm::cl::desc("Name of the imported function (main)"),
      llvm::cl::init(""), llvm::cl::cat(category));

  static TranslateToMLIRRegistration registration(
      "import-onnx", "Import an ONNX model (.onnx) as TOSA",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
        StringRef path = buffer->getBufferIdentifier();
        ONNXImportOptions options;
        options.batch = batch;
        options.resourceThreshold = resourceThreshold;
        options.functionName = functionName;
        for (const std::string &text : inputShapes)
          if (llvm::Error e = addInputShape(options, text)) {
            emitError(UnknownLoc::get(context)) << llvm::toString(std::move(e));
            return nullptr;
          }
        for (const std::string &text : inputValues)
          if (llvm::Error e = addInputValue(options, text)) {
            emitError(UnknownLoc::get(context)) << llvm::toString(std::move(e));
            return nullptr;
          }
        OwningOpRef<ModuleOp> module =
            importONNX(buffer->getBuffer(), path, /*baseDir=*/"", *context,
                       options);
        return OwningOpRef<Operation *>(module.release());
      },
      [](DialectRegistry &registry) { registerONNXImportDialects(registry); });
}
