//===- Insert.cpp - Insert tq.quantize ops where maps say -----------------===//

#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Dialect/TQ/Transforms/OpNames.h"
#include "tq/Dialect/TQ/Transforms/Passes.h"
#include "tq/Dialect/TQ/Transforms/QuantMap.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"

namespace tq {
#define GEN_PASS_DEF_TQINSERT
#include "tq/Dialect/TQ/Transforms/Passes.h.inc"
} // namespace tq

using namespace mlir;
using namespace tq;

/// The attribute recording which roles an op was quantized for.
static constexpr StringLiteral kQuantizedAttr = "tq.quantized";
/// Unmatched map entries reported one by one; the rest are counted.
static constexpr int64_t kMaxUnmatchedReported = 20;
/// Marks ops that compute a step of a larger layer (set by importers).
static constexpr StringLiteral kInnerAttr = "tq.inner";
/// The attribute carrying the intrinsic (product, accumulator) quantizers.
static constexpr StringLiteral kIntrinsicAttr = "tq.intrinsic";

namespace {

/// One line of the report.
struct Action {
  std::string name, op;
  Role role;
  std::string quantizer; // canonical spec
  std::string detail;    // what was done
};
struct Skip {
  std::string name, op;
  Role role;
  std::string reason;
};

bool isQuantizableType(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && getRefElemType(tensor).has_value() &&
         isa<FloatType>(tensor.getElementType());
}

std::string typeString(Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << type;
  return s;
}

struct InsertPass : public tq::impl::TQInsertBase<InsertPass> {
  using TQInsertBase::TQInsertBase;
  InsertPass(TQInsertOptions options, std::shared_ptr<const QuantMaps> maps)
      : TQInsertBase(std::move(options)), given(std::move(maps)) {}

  void runOnOperation() override;

private:
  /// Maps read (and `fit` resolved) by the caller, instead of the options'.
  std::shared_ptr<const QuantMaps> given;
  LogicalResult readMaps(QuantMaps &maps);
  int64_t seedFor(StringRef name, Role role, unsigned index) const {
    return quantizerSeed(name, role, index, seed);
  }
  /// Checks `q` against `type`; on failure reports at `op`.
  LogicalResult checkType(Operation *op, StringRef name, const MapEntry &entry,
                          QuantizerAttrInterface q, Type type,
                          const Twine &what) {
    if (entry.fit)
      return op->emitError()
             << "'" << name << "' matches the fit entry \"" << entry.key
             << "\" of the " << roleName(entry.role)
             << " map, which has no calibrated quantizer for it (calibration "
                "resolves fit for the ops with values in the float run)";
    return q.verifyForType(type, [&] {
      return op->emitError()
             << "cannot quantize " << what << " of '" << name << "' with "
             << q.getSpec() << " (entry \"" << entry.key << "\" of the "
             << roleName(entry.role) << " map): ";
    });
  }
  void writeReports(const QuantMaps &maps, const std::vector<Action> &actions,
                    const std::vector<Skip> &skips);
};

LogicalResult InsertPass::readMaps(QuantMaps &maps) {
  if (given) {
    maps = *given;
    return success();
  }
  return readQuantMaps(&getContext(),
                       {activations, weights, intrinsic, activationsFile,
                        weightsFile, intrinsicFile, mapFile},
                       getOperation().getLoc(), maps);
}

void InsertPass::runOnOperation() {
  ModuleOp module = getOperation();
  MLIRContext *ctx = &getContext();

  MatchMode mode = match;
  if (intrinsicBlock < 0) {
    module.emitError() << "tq-insert: intrinsic-block must be 0 (sequential) "
                          "or positive, got "
                       << std::to_string(int64_t(intrinsicBlock));
    return signalPassFailure();
  }
  QuantMaps maps;
  if (failed(readMaps(maps)) || failed(maps.compile(mode)))
    return signalPassFailure();
  if (maps.emptyFor(/*training=*/false)) {
    module.emitError() << "tq-insert: no map given (use activations=, "
                          "weights=, intrinsic= or a *-file option"
                       << (maps.empty() ? "" : "; the training roles are "
                                               "tq-differentiate's")
                       << ")";
    return signalPassFailure();
  }

  // Collect first, then rewrite: insertion creates ops the walk must not see.
  std::vector<std::pair<Operation *, std::string>> named;
  module.walk([&](Operation *op) {
    // Constants are weights (quantized through their users), not layers.
    if (isa<QuantizeOp>(op) || op->hasTrait<OpTrait::ConstantLike>())
      return;
    // A call's results are its callee's, quantized inside the callee.
    if (isa<CallOpInterface>(op))
      return;
    if (auto name = tq::getOpName(op, nameAttr))
      named.push_back({op, *name});
  });

  std::vector<Action> actions;
  std::vector<Skip> skips;
  OpBuilder builder(ctx);
  const Role roles[] = {Role::Activations, Role::Weights, Role::Intrinsic};

  for (auto &[op, name] : named) {
    NamedAttrList done(op->getAttrOfType<DictionaryAttr>(kQuantizedAttr));
    std::string opName = op->getName().getStringRef().str();
    for (Role role : roles) {
      MapEntry *entry = maps.lookup(role, name, mode);
      // Weights may also be keyed by the weights' own names (an ONNX
      // initializer's, `fc.weight`): then only those operands.
      SmallVector<unsigned> byWeightName;
      if (!entry && role == Role::Weights && isWeightedOp(op)) {
        for (unsigned index : getWeightOperands(op)) {
          Operation *def = op->getOperand(index).getDefiningOp();
          std::optional<std::string> weightName =
              def ? tq::getOpName(def, nameAttr) : std::nullopt;
          MapEntry *e =
              weightName ? maps.lookup(role, *weightName, mode) : nullptr;
          if (e && (!entry || e == entry)) {
            entry = e;
            byWeightName.push_back(index);
          }
        }
      }
      if (!entry)
        continue;
      ++entry->matched;
      if (done.get(roleName(role))) {
        skips.push_back({name, opName, role,
                         "already quantized (tq.quantized records it)"});
        continue;
      }
      QuantizerAttrInterface q = entry->quantizer;
      std::string spec = q ? q.getSpec() : entry->text; // null: fit
      bool changed = false;

      if (role == Role::Activations) {
        // Part of a larger layer (an importer's steps of one ONNX node):
        // the layer's result is quantized, not each step's.
        if (op->hasAttr(kInnerAttr)) {
          skips.push_back({name, opName, role,
                           "an inner step of the layer (tq.inner)"});
          continue;
        }
        if (op->getNumResults() == 0) {
          skips.push_back({name, opName, role, "no results"});
          continue;
        }
        unsigned count = 0;
        for (OpResult result : op->getResults()) {
          Type type = result.getType();
          if (!isQuantizableType(type)) {
            skips.push_back({name, opName, role,
                             "result #" + std::to_string(result.getResultNumber()) +
                                 " has type " + typeString(type) +
                                 ", not a float tensor"});
            continue;
          }
          if (failed(checkType(op, name, *entry, q, type,
                               "result #" + Twine(result.getResultNumber()))))
            return signalPassFailure();
          builder.setInsertionPointAfter(op);
          auto quantize = QuantizeOp::create(builder, op->getLoc(), result, q);
          if (q.isStochastic())
            quantize.setSeed(seedFor(name, role, result.getResultNumber()));
          result.replaceAllUsesExcept(quantize.getResult(), quantize);
          ++count;
        }
        if (count) {
          actions.push_back({name, opName, role, spec,
                             std::to_string(count) + " result(s)"});
          changed = true;
        }
      } else if (role == Role::Weights) {
        if (!isWeightedOp(op) && op->hasAttr(kInnerAttr))
          continue;
        if (!isWeightedOp(op)) {
          skips.push_back({name, opName, role,
                           "not a convolution or matmul: it has no weights"});
          continue;
        }
        SmallVector<unsigned> operands =
            byWeightName.empty() ? getWeightOperands(op) : byWeightName;
        if (operands.empty()) {
          skips.push_back({name, opName, role, "no constant weight operand"});
          continue;
        }
        unsigned folded = 0, inserted = 0;
        for (unsigned index : operands) {
          Value weight = op->getOperand(index);
          Type type = weight.getType();
          if (!isQuantizableType(type)) {
            skips.push_back({name, opName, role,
                             "operand #" + std::to_string(index) + " has type " +
                                 typeString(type) + ", not a float tensor"});
            continue;
          }
          if (failed(checkType(op, name, *entry, q, type,
                               "operand #" + Twine(index))))
            return signalPassFailure();
          builder.setInsertionPoint(op);
          Operation *producer = weight.getDefiningOp();
          int64_t s = seedFor(name, role, index);
          SmallVector<Value, 1> results;
          // The weight's own location: a folded constant keeps its name.
          IntegerAttr seedAttr =
              q.isStochastic() ? builder.getI64IntegerAttr(s) : IntegerAttr();
          if (foldWeights)
            builder.createOrFold<QuantizeOp>(results, weight.getLoc(), type,
                                             weight, q, seedAttr,
                                             /*offset=*/Value());
          else
            results.push_back(QuantizeOp::create(builder, weight.getLoc(), type,
                                                 weight, q, seedAttr,
                                                 /*offset=*/Value()));
          op->setOperand(index, results.front());
          if (results.front().getDefiningOp<QuantizeOp>())
            ++inserted;
          else
            ++folded;
          if (producer && producer->use_empty() && isMemoryEffectFree(producer))
            producer->erase();
        }
        if (folded + inserted) {
          std::string detail;
          if (folded)
            detail += std::to_string(folded) + " folded";
          if (inserted)
            detail += (folded ? ", " : "") + std::to_string(inserted) +
                      " quantized at run time";
          actions.push_back({name, opName, role, spec, detail});
          changed = true;
        }
      } else {
        if (!isMultiplyAccumulate(op) && op->hasAttr(kInnerAttr))
          continue;
        if (!isMultiplyAccumulate(op)) {
          skips.push_back({name, opName, role,
                           "not a float multiply-accumulate (convolution or "
                           "matmul): nothing to emulate inside"});
          continue;
        }
        // The model: the entry's own (a preset or model object), else the
        // product and accumulator pair, with intrinsic-block as the chunk
        // where the entry gives none.
        MacAttr mac = entry->mac;
        if (!mac)
          mac = MacAttr::get(ctx, q, entry->accumulator, {}, 0,
                             MacOrder::sequential, QuantizerAttrInterface(), false,
                             false,
                             0, 0, RoundingMode::toward_zero, false,
                             std::nullopt);
        int64_t chunk = mac.getChunk();
        if (!chunk && intrinsicBlock > 0)
          chunk = int64_t(intrinsicBlock);
        if (chunk % std::max<int64_t>(mac.getAlign(), 1)) {
          op->emitError() << "tq-insert: intrinsic-block=" << chunk
                          << " is not a multiple of the model's align ("
                          << mac.getAlign() << ")";
          return signalPassFailure();
        }
        // Stochastic emulation draws from the op's own stream.
        std::optional<int64_t> seed;
        if (mac.isStochastic())
          seed = int64_t(seedFor(name, role, 0));
        mac = MacAttr::get(ctx, mac.getProduct(), mac.getAccumulator(),
                           mac.getOuter(), chunk, mac.getOrder(),
                           mac.getMx(), mac.getFused(),
                           mac.getWide(), mac.getAlign(), mac.getKept(),
                           mac.getAlignRounding(), mac.getAlignAccumulator(),
                           seed);
        op->setAttr(kIntrinsicAttr, mac);
        std::string both = spec;
        if (entry->mac)
          both = entry->text;
        else if (entry->accumulator != q)
          both += " | " + entry->accumulator.getSpec();
        actions.push_back({name, opName, role, both, "recorded"});
        changed = true;
      }
      if (changed)
        done.set(roleName(role), q);
    }
    if (!done.empty())
      op->setAttr(kQuantizedAttr, done.getDictionary(ctx));
  }

  // Entries that matched nothing: warnings (errors with `strict`), the
  // first kMaxUnmatchedReported one by one, then one line with the count, so
  // that a map of thousands of stale keys does not flood the terminal.
  bool anyNamed = !named.empty();
  int64_t unmatched = 0;
  std::optional<Location> firstUnreported;
  for (const auto &list : maps.entries)
    for (const MapEntry &entry : list) {
      // Training roles are tq-differentiate's (docs/train.md).
      // (Exact entries are calibration's, one per op; their fit entry is
      // the one written.)
      if (entry.matched != 0 || isTrainingRole(entry.role) || entry.exact)
        continue;
      if (++unmatched > kMaxUnmatchedReported) {
        if (!firstUnreported)
          firstUnreported = entry.loc;
        continue;
      }
      InFlightDiagnostic diag =
          (strict ? emitError(entry.loc) : emitWarning(entry.loc))
          << "map entry \"" << entry.key << "\": \"" << entry.text
          << "\" of the " << roleName(entry.role) << " map matched no op";
      if (!anyNamed)
        diag << " (no op carries a name: run --tq-name-ops first)";
    }
  if (firstUnreported)
    (strict ? emitError(*firstUnreported) : emitWarning(*firstUnreported))
        << (unmatched - kMaxUnmatchedReported)
        << " more map entries matched no op (this is the first; the "
           "report, report=FILE or report=-, lists them all)";
  writeReports(maps, actions, skips);
  if (strict && unmatched)
    signalPassFailure();
}

void InsertPass::writeReports(const QuantMaps &maps,
                              const std::vector<Action> &actions,
                              const std::vector<Skip> &skips) {
  auto open = [&](const std::string &path) {
    std::string error;
    auto file = mlir::openOutputFile(path == "-" ? "-" : path, &error);
    if (!file)
      getOperation().emitError() << "tq-insert: " << error;
    return file;
  };
  if (!report.empty()) {
    std::unique_ptr<llvm::ToolOutputFile> file;
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "tq-insert report\n";
    os << "quantized (" << actions.size() << "):\n";
    for (const Action &a : actions)
      os << "  " << llvm::left_justify(a.name, 24) << " "
         << llvm::left_justify(a.op, 28) << " "
         << llvm::left_justify(roleName(a.role), 12) << " "
         << llvm::left_justify(a.quantizer, 24) << " " << a.detail << "\n";
    os << "skipped (" << skips.size() << "):\n";
    for (const Skip &s : skips)
      os << "  " << llvm::left_justify(s.name, 24) << " "
         << llvm::left_justify(s.op, 28) << " "
         << llvm::left_justify(roleName(s.role), 12) << " " << s.reason << "\n";
    // The insertion's entries; the training roles are tq-differentiate's.
    size_t count = 0;
    for (const auto &list : maps.entries)
      for (const MapEntry &e : list)
        count += !isTrainingRole(e.role);
    os << "map entries (" << count << "):\n";
    for (const auto &list : maps.entries)
      for (const MapEntry &e : list)
        if (!isTrainingRole(e.role))
          os << "  " << llvm::left_justify(roleName(e.role), 12) << " "
             << llvm::left_justify("\"" + e.key + "\"", 24) << " "
             << llvm::left_justify(e.text, 24) << " matched " << e.matched
             << (e.matched ? "" : "  (warning: unused)") << "\n";
    if (report == "-") {
      llvm::errs() << text;
    } else if ((file = open(report))) {
      file->os() << text;
      file->keep();
    } else {
      return signalPassFailure();
    }
  }
  if (!reportJson.empty()) {
    llvm::json::Array quantized, skipped, entries;
    for (const Action &a : actions)
      quantized.push_back(llvm::json::Object{{"name", a.name},
                                             {"op", a.op},
                                             {"role", roleName(a.role)},
                                             {"quantizer", a.quantizer},
                                             {"detail", a.detail}});
    for (const Skip &s : skips)
      skipped.push_back(llvm::json::Object{{"name", s.name},
                                           {"op", s.op},
                                           {"role", roleName(s.role)},
                                           {"reason", s.reason}});
    for (const auto &list : maps.entries)
      for (const MapEntry &e : list)
        if (!isTrainingRole(e.role))
          entries.push_back(llvm::json::Object{{"role", roleName(e.role)},
                                               {"key", e.key},
                                               {"quantizer", e.text},
                                               {"matched", int64_t(e.matched)}});
    llvm::json::Value doc(llvm::json::Object{{"quantized", std::move(quantized)},
                                             {"skipped", std::move(skipped)},
                                             {"entries", std::move(entries)}});
    std::string text = llvm::formatv("{0:2}\n", doc).str();
    if (reportJson == "-") {
      llvm::errs() << text;
    } else if (auto file = open(reportJson)) {
      file->os() << text;
      file->keep();
    } else {
      return signalPassFailure();
    }
  }
}
} // namespace

std::unique_ptr<Pass>
tq::createTQInsert(TQInsertOptions options,
                   std::shared_ptr<const QuantMaps> maps) {
  return std::make_unique<InsertPass>(std::move(options), std::move(maps));
}
