//===- CalibrationRun.cpp - The float run calibration reads ---------------===//

#include "tq/Runner/CalibrationRun.h"

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Dialect/TQ/Transforms/OpNames.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <chrono>

using namespace mlir;
using namespace tq;
using llvm::ArrayRef;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;

static Error makeError(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

//===----------------------------------------------------------------------===//
// runForCalibration: the float run, with every named op's result and
// weights as extra outputs.
//===----------------------------------------------------------------------===//

/// Adds a probe's values. A weight is the same in every call of a batch
/// run one sample at a time (whose outputs are stacked): its first copy,
/// of `weightShape`, is the weight.
static void addToData(CalibrationData &d, const NpyArray &a,
                      std::optional<int64_t> channelAxis,
                      ArrayRef<int64_t> weightShape) {
  if (a.kind != 'f')
    return;
  ArrayRef<int64_t> shape = a.shape;
  int64_t n = a.numElements();
  if (!weightShape.empty()) {
    shape = weightShape;
    n = std::min<int64_t>(n, ShapedType::getNumElements(weightShape));
  }
  d.add(n, [&](int64_t i) { return a.getDouble(i); }, shape, channelAxis);
}

/// A value calibration can record: a float tensor of static shape.
static bool isRecordable(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t && t.hasStaticShape() && isa<FloatType>(t.getElementType()) &&
         t.getElementType().getIntOrFloatBitWidth() <= 64;
}

Expected<CalibrationRun>
tq::runForCalibration(ModuleOp base, const RunnerOptions &options,
                      ArrayRef<NpyArray> inputs,
                      ArrayRef<NpyArray> calibrationInputs,
                      StringRef nameAttr, bool nameOps) {
  Expected<std::string> entryName = resolveEntry(base, options.entry);
  if (!entryName)
    return entryName.takeError();
  OwningOpRef<ModuleOp> module = base.clone();
  if (nameOps) {
    PassManager pm(module->getContext());
    if (failed(parsePassPipeline(
            ("tq-name-ops{name-attr=" + nameAttr + "}").str(), pm)) ||
        failed(pm.run(*module)))
      return makeError("naming the ops failed (see the errors above)");
  }
  auto f = module->lookupSymbol<func::FuncOp>(*entryName);
  if (!f)
    return makeError("@" + *entryName +
                     " is not a func.func: calibration needs the TOSA/linalg "
                     "model");

  CalibrationRun run;
  SweepModel &values = run.values;
  SmallVector<Value> probes;
  struct Probe {
    std::string name;
    bool weights;
    std::optional<int64_t> channelAxis; // weights: the output channel's
    SmallVector<int64_t> shape;         // weights: the weight's
  };
  SmallVector<Probe> probeOf;
  llvm::StringSet<> seen;
  auto addName = [&](const std::string &name) {
    if (seen.insert(name).second)
      values.allNames.push_back(name);
  };
  // A probe returns its value as f32 or f64 (f16 and bf16 widened).
  auto probe = [&](Value v, Probe p) {
    auto t = cast<RankedTensorType>(v.getType());
    if (t.getElementType().getIntOrFloatBitWidth() < 32) {
      OpBuilder b(f.getContext());
      b.setInsertionPointAfterValue(v);
      v = arith::ExtFOp::create(b, v.getLoc(), t.clone(b.getF32Type()), v);
    }
    probes.push_back(v);
    probeOf.push_back(std::move(p));
  };
  // The ops tq-insert looks at (named; not quantizers, constants or
  // calls), in the entry function.
  SmallVector<Operation *> ops;
  f.walk([&](Operation *op) {
    if (isa<QuantizeOp, CallOpInterface>(op) ||
        op->hasTrait<OpTrait::ConstantLike>())
      return;
    if (getOpName(op, nameAttr))
      ops.push_back(op);
  });
  llvm::DenseSet<Value> weightsSeen;
  for (Operation *op : ops) {
    std::string name = *getOpName(op, nameAttr);
    // tq-sweep's layers: ops of interest with one float result.
    if (isOpOfInterest(op) && op->getNumResults() == 1 &&
        isRecordable(op->getResult(0)) &&
        !llvm::is_contained(values.names, name))
      values.names.push_back(name);
    addName(name);
    // An inner step of a layer (tq.inner: an importer's matmul before the
    // bias add) is not the layer's activation.
    if (!op->hasAttr("tq.inner"))
      for (Value r : op->getResults())
        if (isRecordable(r))
          probe(r, {name, false, std::nullopt, {}});
    for (unsigned i : getWeightOperands(op)) {
      Value w = op->getOperand(i);
      if (!isRecordable(w))
        continue;
      auto shape = cast<RankedTensorType>(w.getType()).getShape();
      Probe p{name, true, getWeightChannelAxis(op, i),
              SmallVector<int64_t>(shape.begin(), shape.end())};
      probe(w, p);
      // Also under the weight's own name (maps may key weights by it),
      // once per weight.
      Operation *def = w.getDefiningOp();
      std::optional<std::string> own =
          def ? getOpName(def, nameAttr) : std::nullopt;
      if (own && *own != name) {
        values.weightUsers[*own].push_back(name);
        if (weightsSeen.insert(w).second) {
          addName(*own);
          p.name = *own;
          probe(w, p);
        }
      }
    }
  }
  auto ret = f.getBody().empty()
                 ? func::ReturnOp()
                 : dyn_cast<func::ReturnOp>(f.getBody().back().getTerminator());
  if (!ret)
    return makeError("@" + *entryName +
                     " has no body ending in func.return: calibration needs "
                     "the TOSA/linalg model");
  unsigned original = ret.getNumOperands();
  SmallVector<Value> results(ret.getOperands());
  results.append(probes.begin(), probes.end());
  ret->setOperands(results);
  SmallVector<Type> types;
  for (Value v : results)
    types.push_back(v.getType());
  f.setFunctionType(
      FunctionType::get(f.getContext(), f.getArgumentTypes(), types));

  RunnerOptions floatOptions = options;
  floatOptions.entry = *entryName;
  floatOptions.quantize.clear();
  auto model = CompiledModel::compile(std::move(module), floatOptions);
  if (!model)
    return model.takeError();
  auto start = std::chrono::steady_clock::now();
  auto outputs = (*model)->run(inputs);
  if (!outputs)
    return outputs.takeError();
  run.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::vector<NpyArray> separate;
  if (!calibrationInputs.empty()) {
    auto c = (*model)->run(calibrationInputs);
    if (!c)
      return makeError("the calibration set: " + toString(c.takeError()));
    separate = std::move(*c);
  }
  const std::vector<NpyArray> &calibration =
      separate.empty() ? *outputs : separate;
  for (unsigned i = 0; i < probes.size(); ++i) {
    const Probe &p = probeOf[i];
    auto &map = p.weights ? values.weights : values.activations;
    addToData(map[p.name], calibration[original + i], p.channelAxis,
              p.shape);
  }
  outputs->resize(original);
  run.outputs = std::move(*outputs);
  return run;
}

//===----------------------------------------------------------------------===//
// resolveFitMaps
//===----------------------------------------------------------------------===//

LogicalResult tq::checkFitMaps(MLIRContext *context, const QuantMaps &maps,
                              const Calibration &calibration) {
  bool ok = true;
  for (Role role : {Role::Activations, Role::Weights}) {
    Calibration c = calibration;
    c.perChannel = c.perChannel && role == Role::Weights;
    for (const MapEntry &entry : maps.entries[unsigned(role)]) {
      if (!entry.fit)
        continue;
      Expected<std::string> q =
          fitQuantizer(entry.text, c, probeCalibrationData(), context);
      if (!q) {
        emitError(entry.loc) << "\"" << entry.key << "\" of the "
                             << roleName(role)
                             << " map: " << toString(q.takeError());
        ok = false;
      }
    }
  }
  return success(ok);
}

Expected<std::vector<ResolvedFit>>
tq::resolveFitMaps(MLIRContext *context, QuantMaps &maps, MatchMode mode,
                   const SweepModel &values, const Calibration &calibration) {
  std::vector<ResolvedFit> resolved;
  if (failed(maps.compile(mode)))
    return makeError("the maps' patterns do not compile (see the errors "
                     "above)");
  const std::vector<std::string> &names =
      values.allNames.empty() ? values.names : values.allNames;
  for (Role role : {Role::Activations, Role::Weights}) {
    std::vector<MapEntry> &list = maps.of(role);
    const auto &data =
        role == Role::Activations ? values.activations : values.weights;
    // Per channel is for weights; activations are calibrated per tensor.
    Calibration c = calibration;
    c.perChannel = c.perChannel && role == Role::Weights;
    // The ops each fit entry takes (the first matching entry, as tq-insert
    // looks them up), before the list changes.
    std::vector<std::vector<std::string>> taken(list.size());
    for (const std::string &name : names) {
      // A weight's own name counts only for ops that no entry takes by
      // their name (tq-insert looks the weight's name up then).
      if (role == Role::Weights)
        if (auto users = values.weightUsers.find(name);
            users != values.weightUsers.end() &&
            llvm::all_of(users->second, [&](const std::string &op) {
              return maps.lookup(role, op, mode) != nullptr;
            }))
          continue;
      if (MapEntry *e = maps.lookup(role, name, mode); e && e->fit)
        taken[e - list.data()].push_back(name);
    }
    std::vector<MapEntry> out;
    for (size_t i = 0; i < list.size(); ++i) {
      MapEntry &entry = list[i];
      if (entry.fit) {
        for (const std::string &name : taken[i]) {
          auto it = data.find(name);
          if (it == data.end())
            continue; // no values: tq-insert reports the op
          Expected<std::string> q =
              fitQuantizer(entry.text, c, it->second, context);
          if (!q) {
            emitError(entry.loc) << "calibrating \"" << entry.key
                                 << "\" of the " << roleName(role)
                                 << " map for '" << name
                                 << "': " << toString(q.takeError());
            return makeError("calibration failed (see the errors above)");
          }
          QuantizerStringError error;
          QuantizerAttrInterface parsed =
              parseQuantizerString(context, *q, error);
          if (!parsed) {
            emitError(entry.loc)
                << "calibrating \"" << entry.key << "\" of the "
                << roleName(role) << " map for '" << name
                << "': the calibrated quantizer \"" << *q
                << "\" does not parse: " << error.message;
            return makeError("calibration failed (see the errors above)");
          }
          MapEntry exact(role, name, *q, entry.loc);
          exact.quantizer = parsed;
          exact.exact = true;
          out.push_back(std::move(exact));
          ++entry.matched;
          resolved.push_back({name, roleName(role).str(), entry.text, *q});
        }
      }
      out.push_back(std::move(entry));
    }
    list = std::move(out);
  }
  return resolved;
}
