//===- SweepFile.h - tq-sweep's sweep files ---------------------*- C++ -*-===//
//
// A sweep file lists experiments; each expands to one configuration per
// quantizer (or bit width), role and layer (docs/sweep.md):
//
//   {"experiments": [
//     {"family": "fixed", "quantizer": "nearest,{bits},fit", "bits": "2-16",
//      "roles": ["weights", "activations", "both"], "layers": "each",
//      "calibration": ["max", "mse"], "seed": 1}]}
//
// Reading happens in two steps, so that every mistake is reported, located
// at file:line:column in the sweep file, before anything long runs:
//
//   parseSweepFile   the text alone (no model): JSON, keys and types, bit
//                    ranges, calibration methods, every quantizer string
//                    parsed (`,fit` with a placeholder, under each of the
//                    experiment's calibrations), the number of
//                    configurations bounded;
//   expandSweep      against the model's named ops and the ranges of their
//                    values in the calibration run: layer names checked,
//                    "each" expanded, `fit` resolved per op
//                    (tq/Runner/Calibration.h) and every resolved quantizer
//                    parsed, each configuration's pipeline options built,
//                    configurations that can be seen to quantize nothing
//                    refused.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_RUNNER_SWEEPFILE_H
#define TQ_RUNNER_SWEEPFILE_H

#include "tq/Runner/Calibration.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace tq {

/// Where a configuration quantizes.
enum class SweepRole { Weights, Activations, Both };
llvm::StringRef sweepRoleName(SweepRole role);

/// A position in the sweep file (1-based; columns count bytes).
struct SweepPos {
  unsigned line = 0, column = 0;
};

/// The largest number of configurations a sweep may expand to, by default.
constexpr size_t kMaxSweepConfigs = 100000;
/// Bit widths of "bits" lie in [1, kMaxSweepBits] (no quantizer has more).
constexpr int64_t kMaxSweepBits = 64;

struct SweepOptions {
  /// Seed of experiments that give none.
  uint64_t seed = 0;
  /// More configurations than this is an error.
  size_t maxConfigs = kMaxSweepConfigs;
};

/// One quantizer of an experiment, `{bits}` substituted.
struct SweepQuantizer {
  std::string spec;
  /// The spec is a fit form (ends in ",fit"): calibrated per op.
  bool fits = false;
  /// Storage bits per element (QuantizerAttrInterface::getBitsPerElement;
  /// a fitted fixed point has the width it is written with).
  double bits = 0;
  /// Where the string is written (its opening quote).
  SweepPos pos;
};

/// One experiment, checked.
struct SweepExperiment {
  unsigned index = 0; // 1-based, for messages
  SweepPos pos;       // its '{'
  std::string family;
  std::vector<SweepQuantizer> quantizers;
  std::vector<SweepRole> roles;
  enum class Layers { All, Each, List } layers = Layers::All;
  /// Layers::List: the op names and where each is written.
  std::vector<std::pair<std::string, SweepPos>> layerNames;
  /// How `fit` quantizers are calibrated, each one configuration (default:
  /// max, per tensor), and where each is written.
  std::vector<std::pair<Calibration, SweepPos>> calibrations;
  std::optional<uint64_t> seed;
};

struct SweepFile {
  std::string source; // the file name in messages
  std::vector<SweepExperiment> experiments;

  /// "source:line:column"
  std::string where(SweepPos pos) const;
};

/// Reads and checks a sweep file. `source` names it in errors, which read
/// "source:line:column: message". `context` parses the quantizer strings
/// (tq's dialect is loaded into it).
llvm::Expected<SweepFile> parseSweepFile(llvm::StringRef text,
                                         llvm::StringRef source,
                                         mlir::MLIRContext *context,
                                         const SweepOptions &options = {});

/// What a sweep needs of the model: its named ops in order and the values
/// of their results (activations) and weights in the float run over the
/// calibration set.
struct SweepModel {
  std::vector<std::string> names; // the ops of interest (tq-sweep's layers)
  /// Every name with values, in op order: the named ops tq-insert may
  /// quantize (of the entry function) and the named producers of weights
  /// (an ONNX initializer's name), which maps may use as keys too.
  std::vector<std::string> allNames;
  /// The ops that use a weight recorded under its own name.
  std::map<std::string, std::vector<std::string>> weightUsers;
  std::map<std::string, CalibrationData> activations, weights;
};

/// One configuration, ready to run.
struct SweepConfig {
  std::string family;
  std::string quantizer; // as written, {bits} substituted; may end in ",fit"
  /// How `fit` is resolved (per channel applies to weights only); none
  /// for a quantizer that does not fit.
  std::optional<Calibration> calibration;
  SweepRole role = SweepRole::Both;
  std::string layer; // "all", one op name, or a module path (all its ops)
  uint64_t seed = 0;
  double bits = 0;   // see SweepQuantizer::bits
  unsigned experiment = 0;
  std::string where; // source:line:column of the quantizer string
  /// tq-quantize-pipeline options: match=exact, the seed, and the weights
  /// and/or activations maps (a bare quantizer string when it applies to
  /// every op as written, else one entry per op, `fit` resolved).
  std::string options;
};

/// The configurations of `file` for `model`, in file order (per experiment:
/// layer, then quantizer, then calibration, then role). A layer without
/// weights gets no weights configuration. Every map a configuration will
/// use is built into its `options` and every quantizer in it parsed.
llvm::Expected<std::vector<SweepConfig>>
expandSweep(const SweepFile &file, const SweepModel &model,
            mlir::MLIRContext *context, const SweepOptions &options = {});

} // namespace tq

#endif // TQ_RUNNER_SWEEPFILE_H
