//===- SweepFile.h - tq-sweep's sweep files ---------------------*- C++ -*-===//
//
// A sweep file lists experiments; each expands to one configuration per
// quantizer (or bit width), role and layer (docs/sweep.md):
//
//   {"experiments": [
//     {"family": "fixed", "quantizer": "nearest,{bits},fit", "bits": "2-16",
//      "roles": ["weights", "activations", "both"], "layers": "each",
//      "seed": 1}]}
//
// Reading happens in two steps, so that every mistake is reported, located
// at file:line:column in the sweep file, before anything long runs:
//
//   parseSweepFile   the text alone (no model): JSON, keys and types, bit
//                    ranges, every quantizer string parsed (`,fit` with a
//                    placeholder), the number of configurations bounded;
//   expandSweep      against the model's named ops and the ranges of their
//                    values in the float run: layer names checked, "each"
//                    expanded, `fit` resolved per op and every resolved
//                    quantizer parsed, configurations that can be seen to
//                    quantize nothing refused.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_RUNNER_SWEEPFILE_H
#define TQ_RUNNER_SWEEPFILE_H

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

/// Magnitudes of one op's values in the float run.
struct SweepStat {
  double maxAbs = 0, sumAbs = 0;
  int64_t count = 0;
  double meanAbs() const { return count ? sumAbs / count : 0; }
};

/// What a sweep needs of the model: its named ops in order and the ranges
/// of their results (activations) and weights in the float run.
struct SweepModel {
  std::vector<std::string> names;
  std::map<std::string, SweepStat> activations, weights;
};

/// One configuration, ready to run.
struct SweepConfig {
  std::string family;
  std::string quantizer; // as written, {bits} substituted; may end in ",fit"
  SweepRole role = SweepRole::Both;
  std::string layer; // "all", one op name, or a module path (all its ops)
  uint64_t seed = 0;
  double bits = 0;   // see SweepQuantizer::bits
  unsigned experiment = 0;
  std::string where; // source:line:column of the quantizer string
};

/// The configurations of `file` for `model`, in file order (per experiment:
/// layer, then quantizer, then role). A layer without weights gets no
/// weights configuration. Every map a configuration will use is built and
/// every quantizer in it parsed, so sweepPipelineOptions cannot fail on
/// the result.
llvm::Expected<std::vector<SweepConfig>>
expandSweep(const SweepFile &file, const SweepModel &model,
            mlir::MLIRContext *context, const SweepOptions &options = {});

/// The quantizer `spec` gets for values with the statistics `stat`:
/// "ROUNDING,BITS,fit" the fractional bits that make the range cover the
/// largest magnitude (BITS - 1 - ceil(log2 max|x|)); "binary,fit" and
/// "ternary,fit" the scale mean |x|; any other string itself.
llvm::Expected<std::string> fitQuantizer(llvm::StringRef spec,
                                         const SweepStat &stat);

/// tq-quantize-pipeline options for a configuration: match=exact, the seed,
/// and the weights and/or activations maps (a bare quantizer string when it
/// applies to every op as written, else one entry per op).
llvm::Expected<std::string> sweepPipelineOptions(const SweepConfig &config,
                                                 const SweepModel &model);

} // namespace tq

#endif // TQ_RUNNER_SWEEPFILE_H
