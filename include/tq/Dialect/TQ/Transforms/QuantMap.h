//===- QuantMap.h - TensorQuant-style quantizer maps ------------*- C++ -*-===//
//
// The maps of `tq-insert` and `tq-differentiate`: for each role (inference:
// activations, weights, intrinsic; training: gradients, weight-gradients,
// updates, optimizer-state), an ordered list of `name pattern -> quantizer` entries, read from
// TensorQuant's flat JSON files, from a combined file, or from pass options.
// Order matters: the first matching entry wins, as in TensorQuant, so maps
// are read with tq's JSON reader (tq/Support/JsonReader.h), which keeps keys
// in file order (unlike llvm::json), bounds the nesting depth, and reports
// errors with file, line and column; reading is linear in the map's size.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_DIALECT_TQ_TRANSFORMS_QUANTMAP_H
#define TQ_DIALECT_TQ_TRANSFORMS_QUANTMAP_H

#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/IR/Location.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Regex.h"

#include <memory>
#include <string>
#include <vector>

namespace tq {

enum class Role {
  // Inference roles: tq-insert.
  Activations,
  Weights,
  Intrinsic,
  // Training roles: tq-differentiate (docs/train.md).
  Gradients,
  WeightGradients,
  Updates,
  OptimizerState,
};
constexpr unsigned kNumRoles = 7;
llvm::StringRef roleName(Role role);
/// Gradients, WeightGradients, Updates, OptimizerState.
inline bool isTrainingRole(Role role) { return role >= Role::Gradients; }

enum class MatchMode { Substring, Exact, Glob, Regex };
std::optional<MatchMode> parseMatchMode(llvm::StringRef text);
llvm::StringRef matchModeName(MatchMode mode);
/// The values of a `match` pass or pipeline option (names as
/// parseMatchMode reads them).
llvm::cl::ValuesClass matchModeValues();

/// One `key -> quantizer` entry of a map.
struct MapEntry {
  MapEntry(Role role, std::string key, std::string text, mlir::Location loc)
      : role(role), key(std::move(key)), text(std::move(text)), loc(loc) {}

  Role role;
  std::string key;
  /// The quantizer text as written (for intrinsic: "product|accumulator").
  std::string text;
  QuantizerAttrInterface quantizer;
  /// Intrinsic entries may give a second (accumulator) quantizer.
  QuantizerAttrInterface accumulator;
  /// Intrinsic entries given as a preset or a model object: the whole
  /// multiply-accumulate model (its seed a placeholder; tq-insert gives each
  /// op its own).
  MacAttr mac;
  mlir::Location loc; // where the key is written
  unsigned matched = 0;
  /// A `fit` quantizer (ends in ",fit"; QuantMaps::allowFit): `quantizer`
  /// is null until calibration resolves it per op (tq::resolveFitMaps).
  bool fit = false;
  /// The key is one op's name, matched exactly in every mode (the entries
  /// calibration makes of a fit entry, one per op).
  bool exact = false;

  // Compiled patterns (glob / regex modes).
  std::shared_ptr<llvm::GlobPattern> glob;
  std::shared_ptr<llvm::Regex> regex;

  bool matches(llvm::StringRef name, MatchMode mode) const;
};

/// The module path in a PyTorch exporter's node name: the scopes of
/// `/layer1/layer1.0/conv1/Conv` give `layer1.0.conv1` (each scope that
/// starts with the path so far, plus ".", replaces it; others are appended
/// with "."; the last component, the op, is dropped). Empty for names not
/// starting with '/' and for top-level nodes (`/Flatten`). Map keys match
/// an op's name or its module path (docs/import.md).
std::string modulePath(llvm::StringRef name);

/// The maps of all roles, entries in the order they were given.
struct QuantMaps {
  std::vector<MapEntry> entries[kNumRoles];
  /// Accept `fit` quantizers in the activations and weights maps (as
  /// entries with `fit` set); otherwise they are errors that say where
  /// calibration happens.
  bool allowFit = false;

  std::vector<MapEntry> &of(Role role) { return entries[unsigned(role)]; }
  bool empty() const;
  /// True when no entry has one of the inference (or training) roles.
  bool emptyFor(bool training) const;
  /// True when an entry is a `fit` quantizer.
  bool hasFit() const;

  /// The first entry of `role` matching `name` or its module path, or null.
  MapEntry *lookup(Role role, llvm::StringRef name, MatchMode mode);

  /// Compiles glob/regex patterns; reports bad patterns at their entry.
  /// Entries compiled for `mode` already are kept, so the maps can be
  /// handed on (tq-run, calibration, tq-insert) without compiling twice.
  mlir::LogicalResult compile(MatchMode mode);
};

/// The seed of a stochastic quantizer inserted for `role` at result (or
/// operand) `index` of the op named `name`: a hash of the three, xor the
/// pipeline's base `seed`, so streams differ between ops and roles and do
/// not depend on the order of insertion.
int64_t quantizerSeed(llvm::StringRef name, Role role, unsigned index,
                      uint64_t seed);

/// Reads a map from `text`. `source` names it in diagnostics (a file path,
/// or a pass option). If `role` is given, the text is a flat map
/// {"key": "quantizer"} of that role, or a bare quantizer string (not JSON)
/// meaning {"": string}; otherwise it must be the combined form
/// {"activations": {...}, "weights": {...}, "intrinsic": {...},
/// "gradients": {...}, "weight-gradients": {...}, "updates": {...},
/// "optimizer-state": {...}}.
/// Quantizer strings are parsed; every error is emitted at
/// source:line:column and fails.
mlir::LogicalResult readQuantMap(mlir::MLIRContext *context,
                                 llvm::StringRef text, llvm::StringRef source,
                                 std::optional<Role> role, QuantMaps &maps);

/// The inference maps as tq-insert's (and tq-quantize-pipeline's) options
/// give them: inline maps, then files, in role order.
struct MapOptions {
  llvm::StringRef activations, weights, intrinsic;
  llvm::StringRef activationsFile, weightsFile, intrinsicFile, mapFile;
};
/// Reads every map of `options` into `maps`; a file that cannot be read is
/// an error at `loc`.
mlir::LogicalResult readQuantMaps(mlir::MLIRContext *context,
                                  const MapOptions &options, mlir::Location loc,
                                  QuantMaps &maps);

} // namespace tq

#endif // TQ_DIALECT_TQ_TRANSFORMS_QUANTMAP_H
