//===- Calibration.h - Quantizer ranges fitted to data ----------*- C++ -*-===//
//
// Calibration turns a quantizer string ending in `fit` into a quantizer for
// the values one op (one role) showed in a float run over a calibration
// set (docs/sweep.md, "Calibration"):
//
//   ROUNDING,BITS,fit         fixed point: the fractional bits for a range T
//   affine,BITS[,OPTS],fit    affine integers: scale and zero point for a
//                             range [lo, hi] (PyTorch's observers' formulas;
//                             OPTS: sym, unsigned, narrow, a rounding)
//   fp8_e4m3,fit              fp8 with a static scale (scaled_fp8 with
//   fp8_e5m2,fit              amax = T)
//   nvfp4[,OPTS],fit          the static tensor amax T of block formats with
//   MX,scale=S,tensor_scale[,OPTS],fit  a tensor scale (max, percentile)
//   binary,fit, ternary,fit   the scale mean|x| (method max, per tensor only)
//
// The range comes from the method: max (the largest magnitude, or the
// smallest and largest value), percentile (of |x|, or of x at both ends),
// mse (the clipping, searched, whose quantization error is smallest) or kl
// (the clipping whose quantized histogram is closest to the original in
// KL divergence, TensorRT's entropy calibration); per tensor, or per
// output channel for weights.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_RUNNER_CALIBRATION_H
#define TQ_RUNNER_CALIBRATION_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace tq {

enum class CalibrationMethod { Max, Percentile, MSE, KL };

struct Calibration {
  CalibrationMethod method = CalibrationMethod::Max;
  /// Percentile: the share of values the range covers, in [50, 100]
  /// (parseCalibration reads P below 50 as 100 - P).
  double percentile = 99.99;
  /// Weights per output channel (activations stay per tensor).
  bool perChannel = false;

  /// "max", "percentile=99.99", "mse", "kl"; "/channel" appended when per
  /// channel. parseCalibration reads it back.
  std::string name() const;
  bool isDefault() const {
    return method == CalibrationMethod::Max && !perChannel;
  }
};

/// Reads METHOD[/channel|/tensor], METHOD one of max, percentile[=P], mse,
/// kl.
llvm::Expected<Calibration> parseCalibration(llvm::StringRef text);

/// Values of one op's role in the calibration run.
struct CalibrationData {
  double maxAbs = 0, sumAbs = 0;
  double min = 0, max = 0; // of the finite values (0, 0 when none)
  int64_t count = 0;       // finite values seen
  /// The finite values, at most kMaxCalibrationSamples of them (an even
  /// stride through larger tensors).
  std::vector<float> sample;
  /// Per output channel (weights only): each channel's finite values;
  /// empty when the op's weights have no common output-channel axis.
  std::vector<std::vector<float>> channels;
  int64_t channelAxis = -1;

  double meanAbs() const { return count ? sumAbs / count : 0; }
  /// Adds the finite values of `values` (a tensor of `shape`); with
  /// `channelAxis`, also per channel along it (a tensor whose channel count
  /// or axis differs from earlier ones drops the per-channel values).
  void add(llvm::ArrayRef<double> values, llvm::ArrayRef<int64_t> shape,
           std::optional<int64_t> channelAxis);
  /// The same for the `n` values `value(i)`, read one at a time.
  void add(int64_t n, llvm::function_ref<double(int64_t)> value,
           llvm::ArrayRef<int64_t> shape, std::optional<int64_t> channelAxis);
};

/// The values kept per op and role for percentile, mse and kl.
constexpr size_t kMaxCalibrationSamples = size_t(1) << 17;

/// True when `spec` is a fit form (ends in ",fit"); an error for a
/// malformed one (`fit` with no format that takes it).
llvm::Expected<bool> isFitQuantizer(llvm::StringRef spec);

/// The quantizer `spec` gets for `data` under `calibration`: `spec` itself
/// unless it ends in ",fit". `context` parses the candidates mse and kl
/// evaluate (with the reference semantics, tq's QuantizerAttrInterface).
llvm::Expected<std::string> fitQuantizer(llvm::StringRef spec,
                                         const Calibration &calibration,
                                         const CalibrationData &data,
                                         mlir::MLIRContext *context);

/// One `fit` quantizer of a map resolved for one op (resolveFitMaps).
struct ResolvedFit {
  std::string name;      // the op
  std::string role;      // "activations" or "weights"
  std::string fit;       // the entry's quantizer, as written
  std::string quantizer; // what calibration made of it
};

/// Values to try a fit form on before any data exists (-1 and 1, one
/// channel per value along axis 0): fitQuantizer with them reports a bad
/// form or a method that does not apply while the configuration is read.
const CalibrationData &probeCalibrationData();

/// The percentile p in [0, 100] of `values` (sorted in place), linearly
/// interpolated between the closest ranks as numpy.percentile's default.
double percentileOf(std::vector<float> &values, double p);

} // namespace tq

#endif // TQ_RUNNER_CALIBRATION_H
