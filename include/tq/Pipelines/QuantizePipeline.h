//===- QuantizePipeline.h - tq's pipeline for embedding compilers -*- C++ -*-===//
//
// `tq-quantize-pipeline`: name the ops, insert quantizers where the maps say,
// fold what can be folded. A compiler that embeds tq appends it to its own
// pass manager with `buildTQQuantizePipeline` (e.g. from an IREE plugin's
// preprocessing hook); tools name it in a textual pipeline. The options are
// those of `tq-insert` plus switches for the steps around it, so the same
// string works in `tq-opt --tq-quantize-pipeline='...'`,
// `mlir-opt --pass-pipeline='builtin.module(tq-quantize-pipeline{...})'` and
// the C API.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_PIPELINES_QUANTIZEPIPELINE_H
#define TQ_PIPELINES_QUANTIZEPIPELINE_H

#include "mlir/Pass/PassOptions.h"
#include "tq/Dialect/TQ/Transforms/QuantMap.h"

#include <cstdint>
#include <string>

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace tq {

/// Options of `tq-quantize-pipeline`. Set the fields directly from C++
/// (`options.activations = "fp8_e4m3";`) or parse a string with
/// `TQQuantizeOptions::createFromString` / `parseFromString`.
struct TQQuantizeOptions
    : public mlir::PassPipelineOptions<TQQuantizeOptions> {
  // Forwarded to tq-insert (see its documentation in docs/insert.md).
  Option<std::string> activations{
      *this, "activations",
      llvm::cl::desc(
          "Activations map: inline JSON object or a bare quantizer string"),
      llvm::cl::init("")};
  Option<std::string> weights{
      *this, "weights",
      llvm::cl::desc("Weights map: inline JSON object or a bare quantizer "
                     "string"),
      llvm::cl::init("")};
  Option<std::string> intrinsic{
      *this, "intrinsic",
      llvm::cl::desc(
          "Intrinsic map: inline JSON object or a bare quantizer string"),
      llvm::cl::init("")};
  Option<std::string> activationsFile{
      *this, "activations-file",
      llvm::cl::desc("TensorQuant JSON map file for activations"),
      llvm::cl::init("")};
  Option<std::string> weightsFile{
      *this, "weights-file",
      llvm::cl::desc("TensorQuant JSON map file for weights"),
      llvm::cl::init("")};
  Option<std::string> intrinsicFile{
      *this, "intrinsic-file",
      llvm::cl::desc("TensorQuant JSON map file for intrinsic"),
      llvm::cl::init("")};
  Option<std::string> mapFile{
      *this, "map-file",
      llvm::cl::desc(
          "Combined JSON map file with activations/weights/intrinsic"),
      llvm::cl::init("")};
  Option<MatchMode> match{*this, "match",
                          llvm::cl::desc("How keys match names"),
                          llvm::cl::init(MatchMode::Substring),
                          matchModeValues()};
  Option<std::string> nameAttr{
      *this, "name-attr",
      llvm::cl::desc("String attribute that names an op (before its "
                     "location); used by naming and insertion"),
      llvm::cl::init("name")};
  Option<std::string> report{
      *this, "report",
      llvm::cl::desc("Write a text report to this file (- for standard "
                     "error)"),
      llvm::cl::init("")};
  Option<std::string> reportJson{
      *this, "report-json",
      llvm::cl::desc("Write a JSON report to this file (- for standard "
                     "error)"),
      llvm::cl::init("")};
  Option<int64_t> intrinsicBlock{
      *this, "intrinsic-block",
      llvm::cl::desc("Accumulation order of the intrinsic role: 0 "
                     "sequential, K > 0 blocks of K products"),
      llvm::cl::init(0)};
  Option<uint64_t> seed{
      *this, "seed",
      llvm::cl::desc("Base seed of the stochastic quantizers inserted"),
      llvm::cl::init(0)};
  Option<bool> strict{
      *this, "strict",
      llvm::cl::desc("Map entries that match no op are errors, not "
                     "warnings"),
      llvm::cl::init(false)};

  Option<bool> foldWeights{
      *this, "fold-weights",
      llvm::cl::desc("Fold the quantizers of constant weights into the "
                     "constants (false: keep them, for training)"),
      llvm::cl::init(true)};

  // The steps around the insertion.
  Option<bool> nameOps{
      *this, "name-ops",
      llvm::cl::desc("Name unnamed ops (tq-name-ops) before inserting; names "
                     "already present are kept"),
      llvm::cl::init(true)};
  Option<bool> canonicalize{
      *this, "canonicalize",
      llvm::cl::desc("Canonicalize after inserting (folds quantized "
                     "constants and quantize chains)"),
      llvm::cl::init(true)};
  Option<std::string> lower{
      *this, "lower",
      llvm::cl::desc("What follows the insertion: none (tq.quantize stays), "
                     "arith (tq-lower-to-arith: linalg/arith for the caller's "
                     "own lowering) or cpu (tq-cpu-pipeline, to the LLVM "
                     "dialect)"),
      llvm::cl::init("none")};

  /// C++ only: maps already read (and `fit` resolved), given to tq-insert
  /// instead of the map options above.
  std::shared_ptr<const QuantMaps> maps;
};

/// Appends tq's passes to `pm`, which must be anchored on `builtin.module`
/// (or be op-agnostic): tq-name-ops (unless `name-ops=false`), tq-insert
/// with the maps of `options`, canonicalize (unless `canonicalize=false`),
/// then the lowering `lower=` asks for: nothing, tq-lower-to-arith, or the
/// whole tq-cpu-pipeline. `options.lower` must be none, arith or cpu (the
/// string form below reports other values).
void buildTQQuantizePipeline(mlir::OpPassManager &pm,
                             const TQQuantizeOptions &options);

/// Parses `options` (as in --tq-quantize-pipeline='...') into `parsed`; on
/// failure sets `error` to the message.
mlir::LogicalResult parseTQQuantizeOptions(llvm::StringRef options,
                                           TQQuantizeOptions &parsed,
                                           std::string &error);

/// Parses `options` (as in --tq-quantize-pipeline='...') and appends the
/// pipeline to `pm`. On failure (an invalid option, or `pm` anchored on an
/// op other than builtin.module) appends nothing and sets `error` to the
/// message. The registered pipeline and the C API are built on this.
mlir::LogicalResult buildTQQuantizePipeline(mlir::OpPassManager &pm,
                                            llvm::StringRef options,
                                            std::string &error);

/// Registers `tq-quantize-pipeline` with the global pass registry. Safe to
/// call more than once.
void registerTQQuantizePipeline();

} // namespace tq

#endif // TQ_PIPELINES_QUANTIZEPIPELINE_H
