//===- QuantizePipeline.cpp - tq-quantize-pipeline ------------------------===//

#include "tq/Pipelines/QuantizePipeline.h"

#include "tq/Conversion/Passes.h"
#include "tq/Dialect/TQ/Transforms/Passes.h"
#include "tq/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

void tq::buildTQQuantizePipeline(mlir::OpPassManager &pm,
                                 const TQQuantizeOptions &options) {
  if (options.nameOps) {
    TQNameOpsOptions naming;
    naming.nameAttr = options.nameAttr;
    pm.addPass(createTQNameOps(naming));
  }

  TQInsertOptions insert;
  insert.activations = options.activations;
  insert.weights = options.weights;
  insert.intrinsic = options.intrinsic;
  insert.activationsFile = options.activationsFile;
  insert.weightsFile = options.weightsFile;
  insert.intrinsicFile = options.intrinsicFile;
  insert.mapFile = options.mapFile;
  insert.match = options.match;
  insert.nameAttr = options.nameAttr;
  insert.report = options.report;
  insert.reportJson = options.reportJson;
  insert.seed = options.seed;
  insert.intrinsicBlock = options.intrinsicBlock;
  insert.strict = options.strict;
  insert.foldWeights = options.foldWeights;
  pm.addPass(options.maps ? createTQInsert(insert, options.maps)
                          : createTQInsert(insert));

  if (options.canonicalize)
    pm.addPass(mlir::createCanonicalizerPass());

  // The lowering, behind one option, so that tq-opt, the mlir-opt plugin,
  // the C API and embedding compilers (IREE's preprocessing hook) all get it
  // through this one function.
  if (options.lower == "arith")
    pm.addPass(createTQLowerToArith());
  else if (options.lower == "cpu")
    buildCPUPipeline(pm, CPUPipelineOptions());
}

mlir::LogicalResult tq::buildTQQuantizePipeline(mlir::OpPassManager &pm,
                                                llvm::StringRef options,
                                                std::string &error) {
  llvm::StringRef anchor = pm.getOpAnchorName();
  if (anchor != mlir::ModuleOp::getOperationName() &&
      anchor != mlir::OpPassManager::getAnyOpAnchorName()) {
    error = ("tq-quantize-pipeline runs on builtin.module, not in a pass "
             "manager on '" + anchor + "'")
                .str();
    return mlir::failure();
  }
  TQQuantizeOptions parsed;
  if (mlir::failed(parseTQQuantizeOptions(options, parsed, error)))
    return mlir::failure();
  buildTQQuantizePipeline(pm, parsed);
  return mlir::success();
}

mlir::LogicalResult tq::parseTQQuantizeOptions(llvm::StringRef options,
                                               TQQuantizeOptions &parsed,
                                               std::string &error) {
  std::string message;
  llvm::raw_string_ostream os(message);
  if (mlir::failed(parsed.parseFromString(options, os))) {
    llvm::StringRef text = llvm::StringRef(message).trim();
    text.consume_front("<Pass-Options-Parser>: ");
    // A value that does not parse (name-ops=maybe): LLVM's option parser
    // prints why to standard error and returns no message.
    if (text.empty())
      text = "an option value does not parse (the option parser printed why "
             "to standard error)";
    error = ("tq-quantize-pipeline: invalid options '" + options +
             "': " + text)
                .str();
    return mlir::failure();
  }
  if (parsed.lower != "none" && parsed.lower != "arith" &&
      parsed.lower != "cpu") {
    error = ("tq-quantize-pipeline: unknown lower='" + parsed.lower +
             "' (expected none, arith or cpu)");
    return mlir::failure();
  }
  return mlir::success();
}

void tq::registerTQQuantizePipeline() {
  // Registered by hand rather than with PassPipelineRegistration, to report
  // bad options and a wrong nesting as errors of the textual pipeline.
  static bool registered = [] {
    mlir::registerPassPipeline(
        "tq-quantize-pipeline",
        "Name the ops, insert tq.quantize where the maps say, fold "
        "(tq-name-ops, tq-insert, canonicalize)",
        [](mlir::OpPassManager &pm, llvm::StringRef options,
           llvm::function_ref<mlir::LogicalResult(const llvm::Twine &)>
               errorHandler) {
          std::string error;
          if (mlir::failed(buildTQQuantizePipeline(pm, options, error)))
            return errorHandler(error);
          return mlir::success();
        },
        [](llvm::function_ref<void(const mlir::detail::PassOptions &)>
               optionsHandler) { optionsHandler(TQQuantizeOptions()); });
    return true;
  }();
  (void)registered;
}
