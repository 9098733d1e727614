//===- CalibrationRun.h - The float run calibration reads -------*- C++ -*-===//
//
// Calibration in two steps, shared by tq-run and tq-sweep (docs/run.md and
// docs/sweep.md, "Calibration"):
//
// - runForCalibration: the model in float on the calibration inputs, every
//   named op's result and weights returned as extra outputs and kept as
//   CalibrationData per op and role;
// - resolveFitMaps: each `fit` entry of the maps becomes one entry per op
//   it matches, its quantizer fitted to that op's values
//   (tq::fitQuantizer), matched by the op's exact name ahead of the entry.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_RUNNER_CALIBRATIONRUN_H
#define TQ_RUNNER_CALIBRATIONRUN_H

#include "tq/Dialect/TQ/Transforms/QuantMap.h"
#include "tq/Runner/Calibration.h"
#include "tq/Runner/Npy.h"
#include "tq/Runner/Runner.h"
#include "tq/Runner/SweepFile.h"

#include "mlir/IR/BuiltinOps.h"

namespace tq {

/// The float run of `module` (TOSA/linalg; cloned, its ops named by
/// tq-name-ops with `nameAttr` unless `nameOps` is false): the outputs on
/// `inputs`, and the values of every named op's result (activations) and
/// weights on `calibrationInputs` (on `inputs` when empty).
struct CalibrationRun {
  SweepModel values;
  std::vector<NpyArray> outputs; // the entry's own results on `inputs`
  double seconds = 0;            // the run on `inputs`
};
llvm::Expected<CalibrationRun>
runForCalibration(mlir::ModuleOp module, const RunnerOptions &options,
                  llvm::ArrayRef<NpyArray> inputs,
                  llvm::ArrayRef<NpyArray> calibrationInputs,
                  llvm::StringRef nameAttr = "name", bool nameOps = true);

/// Checks every `fit` entry of `maps` before any run: its form, and that
/// `calibration` applies to it (per channel only for weights); errors at
/// the entry's location.
mlir::LogicalResult checkFitMaps(mlir::MLIRContext *context,
                                 const QuantMaps &maps,
                                 const Calibration &calibration);

/// Resolves the `fit` entries of `maps` (read with QuantMaps::allowFit;
/// their patterns compiled for `mode` unless they are already) for the names of `values`
/// (allNames): before each fit entry, an exact entry per op that
/// the entry matches under `mode` (and that no earlier entry takes), with
/// the quantizer tq::fitQuantizer gives for that op's values (per channel
/// for weights only with a /channel calibration). The fit entry
/// stays, counted as matched, for ops without values (tq-insert reports
/// them). Returns what was resolved, in op order per role.
llvm::Expected<std::vector<ResolvedFit>>
resolveFitMaps(mlir::MLIRContext *context, QuantMaps &maps, MatchMode mode,
               const SweepModel &values, const Calibration &calibration);

} // namespace tq

#endif // TQ_RUNNER_CALIBRATIONRUN_H
