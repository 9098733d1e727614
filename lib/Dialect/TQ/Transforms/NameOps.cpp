//===- NameOps.cpp - Keras-style names for unnamed ops --------------------===//

#include "tq/Dialect/TQ/Transforms/OpNames.h"
#include "tq/Dialect/TQ/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

namespace tq {
#define GEN_PASS_DEF_TQNAMEOPS
#define GEN_PASS_DEF_TQLISTNAMES
#include "tq/Dialect/TQ/Transforms/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {
struct NameOpsPass : public tq::impl::TQNameOpsBase<NameOpsPass> {
  using TQNameOpsBase::TQNameOpsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Names already in the module are kept and never handed out again.
    llvm::StringSet<> taken;
    module.walk([&](Operation *op) {
      if (auto name = tq::getOpName(op, nameAttr))
        taken.insert(*name);
    });
    llvm::StringMap<unsigned> counters;
    MLIRContext *ctx = &getContext();
    module.walk([&](Operation *op) {
      if (!tq::isOpOfInterest(op) || tq::getOpName(op, nameAttr))
        return;
      std::string base = tq::getBaseName(op);
      std::string name;
      do {
        unsigned n = counters[base]++;
        name = n == 0 ? base : base + "_" + std::to_string(n);
      } while (taken.contains(name));
      taken.insert(name);
      op->setLoc(NameLoc::get(StringAttr::get(ctx, name), op->getLoc()));
    });
  }
};

struct ListNamesPass : public tq::impl::TQListNamesBase<ListNamesPass> {
  using TQListNamesBase::TQListNamesBase;

  void runOnOperation() override {
    struct Row {
      std::string name, op, results;
      std::vector<std::string> resultList;
    };
    std::vector<Row> rows;
    getOperation().walk([&](Operation *op) {
      // Constants (weights) are not layers; nor are the inner steps of one
      // (tq.inner, set by importers: a layout transpose, a Gemm's matmul).
      if (op->hasTrait<OpTrait::ConstantLike>() || op->hasAttr("tq.inner"))
        return;
      auto name = tq::getOpName(op, nameAttr);
      if (!name)
        return;
      Row row{*name, op->getName().getStringRef().str(), "", {}};
      for (Type t : op->getResultTypes()) {
        std::string s;
        llvm::raw_string_ostream os(s);
        os << t;
        row.resultList.push_back(s);
      }
      row.results = llvm::join(row.resultList, ", ");
      rows.push_back(std::move(row));
    });

    std::string error;
    std::unique_ptr<llvm::ToolOutputFile> file =
        mlir::openOutputFile(output, &error);
    if (!file) {
      getOperation().emitError() << "tq-list-names: " << error;
      return signalPassFailure();
    }
    llvm::raw_ostream &os = file->os();
    if (format == tq::ListFormat::Text) {
      size_t nameWidth = 4, opWidth = 2;
      for (const Row &r : rows) {
        nameWidth = std::max(nameWidth, r.name.size());
        opWidth = std::max(opWidth, r.op.size());
      }
      os << llvm::left_justify("name", nameWidth + 2)
         << llvm::left_justify("op", opWidth + 2) << "results\n";
      for (const Row &r : rows)
        os << llvm::left_justify(r.name, nameWidth + 2)
           << llvm::left_justify(r.op, opWidth + 2) << r.results << "\n";
      os << rows.size() << " named ops\n";
    } else {
      llvm::json::Array array;
      for (const Row &r : rows) {
        llvm::json::Array results;
        for (const std::string &t : r.resultList)
          results.push_back(t);
        array.push_back(llvm::json::Object{{"name", r.name},
                                           {"op", r.op},
                                           {"results", std::move(results)}});
      }
      os << llvm::formatv("{0:2}", llvm::json::Value(std::move(array))) << "\n";
    }
    file->keep();
    markAllAnalysesPreserved();
  }
};
} // namespace
