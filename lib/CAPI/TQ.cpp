//===- TQ.cpp - C API of the tq dialect and passes ------------------------===//

#include "tq-c/TQ.h"

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Dialect/TQ/Transforms/Passes.h"
#include "tq/InitAll.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Pass.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(TQ, tq, tq::TQDialect)

void mlirTQRegisterPasses(void) {
  tq::registerTQPasses();
  tq::registerTQPipelines();
}

MlirAttribute mlirTQParseQuantizer(MlirContext context, MlirStringRef spec,
                                   MlirStringCallback errorCallback,
                                   void *userData, intptr_t *errorColumn) {
  MLIRContext *ctx = unwrap(context);
  ctx->getOrLoadDialect<tq::TQDialect>();
  tq::QuantizerStringError error;
  tq::QuantizerAttrInterface q =
      tq::parseQuantizerString(ctx, unwrap(spec), error);
  if (q)
    return wrap(Attribute(q));
  if (errorCallback)
    errorCallback(wrap(StringRef(error.message)), userData);
  if (errorColumn)
    *errorColumn = static_cast<intptr_t>(error.column);
  return MlirAttribute{nullptr};
}

bool mlirAttributeIsATQQuantizer(MlirAttribute attr) {
  return llvm::isa_and_present<tq::QuantizerAttrInterface>(unwrap(attr));
}

MlirLogicalResult mlirTQQuantizerGetSpec(MlirAttribute quantizer,
                                         MlirStringCallback callback,
                                         void *userData) {
  auto q =
      llvm::dyn_cast_if_present<tq::QuantizerAttrInterface>(unwrap(quantizer));
  if (!q)
    return mlirLogicalResultFailure();
  std::string spec = q.getSpec();
  callback(wrap(StringRef(spec)), userData);
  return mlirLogicalResultSuccess();
}

/// The message of a failed pass-option parse, as the caller should see it.
static std::string describeOptionsError(StringRef message) {
  message = message.trim();
  message.consume_front("<Pass-Options-Parser>: ");
  // A value that does not parse (name-ops=maybe): LLVM's option parser
  // prints why to standard error and returns no message.
  if (message.empty())
    return "an option value does not parse (the option parser printed why "
           "to standard error)";
  return message.str();
}

MlirLogicalResult mlirTQInsert(MlirModule module, MlirStringRef options) {
  ModuleOp m = unwrap(module);
  std::unique_ptr<Pass> pass = tq::createTQInsert();
  std::string message;
  if (failed(pass->initializeOptions(unwrap(options),
                                     [&](const Twine &msg) {
                                       message = msg.str();
                                       return failure();
                                     }))) {
    emitError(m.getLoc()) << "tq-insert: invalid options '" << unwrap(options)
                          << "': " << describeOptionsError(message);
    return mlirLogicalResultFailure();
  }
  PassManager pm(m.getContext());
  pm.addPass(std::move(pass));
  return wrap(pm.run(m));
}

MlirLogicalResult mlirTQBuildQuantizePipeline(MlirOpPassManager passManager,
                                              MlirStringRef options,
                                              MlirStringCallback errorCallback,
                                              void *userData) {
  std::string error;
  if (failed(tq::buildTQQuantizePipeline(*unwrap(passManager), unwrap(options),
                                         error))) {
    if (errorCallback)
      errorCallback(wrap(StringRef(error)), userData);
    return mlirLogicalResultFailure();
  }
  return mlirLogicalResultSuccess();
}

MlirLogicalResult mlirTQRunQuantizePipeline(MlirModule module,
                                            MlirStringRef options) {
  ModuleOp m = unwrap(module);
  PassManager pm(m.getContext());
  std::string error;
  if (failed(tq::buildTQQuantizePipeline(pm, unwrap(options), error))) {
    emitError(m.getLoc()) << error;
    return mlirLogicalResultFailure();
  }
  return wrap(pm.run(m));
}
