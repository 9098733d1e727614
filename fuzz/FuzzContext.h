//===- FuzzContext.h - The MLIRContext of tq's fuzz targets ----*- C++ -*-===//
//
// One MLIRContext per process (threading off, the tq dialect loaded,
// diagnostics rendered but not printed, so the message code runs too),
// renewed every so many inputs so that uniqued attributes do not pile up
// over a long campaign.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_FUZZ_FUZZCONTEXT_H
#define TQ_FUZZ_FUZZCONTEXT_H

#include "FuzzCommon.h"

#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <memory>

namespace tq::fuzz {

class FuzzContext {
public:
  /// The context for the next input.
  mlir::MLIRContext *get() {
    if (!context || ++uses > kRenewAfter) {
      context.reset(); // (the handler's registration dies with it)
      context = std::make_unique<mlir::MLIRContext>(
          mlir::MLIRContext::Threading::DISABLED);
      context->getOrLoadDialect<TQDialect>();
      context->getDiagEngine().registerHandler([](mlir::Diagnostic &diag) {
        // Render every diagnostic (locations, notes) but print nothing.
        std::string text;
        llvm::raw_string_ostream os(text);
        os << diag.getLocation() << ": " << diag;
        for (const mlir::Diagnostic &note : diag.getNotes())
          os << note.getLocation() << ": " << note;
        return mlir::success();
      });
      uses = 0;
    }
    return context.get();
  }

private:
  static constexpr unsigned kRenewAfter = 20000;
  std::unique_ptr<mlir::MLIRContext> context;
  unsigned uses = 0;
};

} // namespace tq::fuzz

#endif // TQ_FUZZ_FUZZCONTEXT_H
