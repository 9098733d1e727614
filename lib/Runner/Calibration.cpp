//===- Calibration.cpp - Quantizer ranges fitted to data ------------------===//

#include "tq/Runner/Calibration.h"

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Reference/Reference.h"
#include "tq/Support/Numbers.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <map>

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
// Methods
//===----------------------------------------------------------------------===//

std::string Calibration::name() const {
  std::string s;
  switch (method) {
  case CalibrationMethod::Max: s = "max"; break;
  case CalibrationMethod::Percentile: s = "percentile=" + shortestDecimal(percentile); break;
  case CalibrationMethod::MSE: s = "mse"; break;
  case CalibrationMethod::KL: s = "kl"; break;
  }
  return perChannel ? s + "/channel" : s;
}

Expected<Calibration> tq::parseCalibration(StringRef text) {
  Calibration c;
  auto [method, granularity] = text.split('/');
  method = method.trim();
  granularity = granularity.trim();
  if (granularity == "channel")
    c.perChannel = true;
  else if (text.contains('/') && granularity != "tensor")
    return makeError("unknown granularity '" + granularity +
                     "' (expected tensor or channel)");
  auto [name, value] = method.split('=');
  name = name.trim();
  if (name == "max")
    c.method = CalibrationMethod::Max;
  else if (name == "percentile")
    c.method = CalibrationMethod::Percentile;
  else if (name == "mse")
    c.method = CalibrationMethod::MSE;
  else if (name == "kl")
    c.method = CalibrationMethod::KL;
  else
    return makeError("unknown calibration method '" + name +
                     "' (expected max, percentile[=P], mse or kl)");
  if (method.contains('=')) {
    if (c.method != CalibrationMethod::Percentile)
      return makeError("calibration method '" + name + "' takes no value");
    double p;
    if (value.trim().getAsDouble(p) || !(p > 0 && p <= 100))
      return makeError("percentile needs a number in (0, 100], got '" +
                       value + "'");
    // P and 100 - P name the same range: the larger is kept.
    c.percentile = std::max(p, 100 - p);
  }
  return c;
}

//===----------------------------------------------------------------------===//
// Data
//===----------------------------------------------------------------------===//

void CalibrationData::add(ArrayRef<double> values, ArrayRef<int64_t> shape,
                          std::optional<int64_t> axis) {
  add(int64_t(values.size()), [&](int64_t i) { return values[i]; }, shape,
      axis);
}

void CalibrationData::add(int64_t n, llvm::function_ref<double(int64_t)> value,
                          ArrayRef<int64_t> shape,
                          std::optional<int64_t> axis) {
  size_t stride = std::max<size_t>(
      (size_t(n) + kMaxCalibrationSamples - 1) / kMaxCalibrationSamples, 1);
  // Per channel: along `axis`, when every tensor added so far agrees.
  bool perChannel = axis && *axis >= 0 && *axis < int64_t(shape.size()) &&
                    (count == 0 || channelAxis >= 0);
  std::vector<int64_t> dims(shape.begin(), shape.end());
  ref::ChannelIndex channel(dims, perChannel ? axis : std::nullopt);
  int64_t dim = channel.channels();
  if (perChannel) {
    if (channels.empty() && count == 0) {
      channels.resize(dim);
      channelAxis = *axis;
    } else if (int64_t(channels.size()) != dim || channelAxis != *axis) {
      perChannel = false;
    }
  }
  if (!perChannel) {
    channels.clear();
    channelAxis = -1;
  }
  for (int64_t i = 0; i < n; ++i) {
    double v = value(i);
    if (!std::isfinite(v))
      continue;
    min = count ? std::min(min, v) : v;
    max = count ? std::max(max, v) : v;
    maxAbs = std::max(maxAbs, std::fabs(v));
    sumAbs += std::fabs(v);
    ++count;
    // (An f64 value beyond the f32 range counts for max only.)
    float f = float(v);
    if (!std::isfinite(f))
      continue;
    if (size_t(i) % stride == 0)
      sample.push_back(f);
    if (perChannel)
      channels[channel(size_t(i))].push_back(f);
  }
  // Several tensors (a kernel and its bias): every other value until the
  // sample is within the bound again.
  while (sample.size() > kMaxCalibrationSamples) {
    size_t k = 0;
    for (size_t i = 0; i < sample.size(); i += 2)
      sample[k++] = sample[i];
    sample.resize(k);
  }
}

double tq::percentileOf(std::vector<float> &values, double p) {
  if (values.empty())
    return 0;
  std::sort(values.begin(), values.end());
  double pos = p / 100 * double(values.size() - 1);
  size_t lo = size_t(std::floor(pos)), hi = std::min(lo + 1, values.size() - 1);
  double frac = pos - double(lo);
  return double(values[lo]) + (double(values[hi]) - double(values[lo])) * frac;
}

//===----------------------------------------------------------------------===//
// Formats that fit
//===----------------------------------------------------------------------===//

namespace {
/// A fit form and how a range [lo, hi] becomes its quantizer.
struct Family {
  enum Kind { Scale, Fixed, Affine, FP8, TensorAmax } kind = Fixed;
  std::string head; // Scale, Fixed, TensorAmax: the spec up to "fit"
  int bits = 0;     // Fixed, Affine
  // Affine: the options as written but `sym` (",unsigned", a rounding),
  // and what they mean (resolveAffine).
  bool symmetric = false;
  std::string options;
  ref::Affine affine;
  // FP8.
  std::string element;

  /// Symmetric families use T = max(|lo|, |hi|).
  bool isSymmetric() const { return kind != Affine || symmetric; }

  /// PyTorch's observers (torch.ao.quantization's _calculate_qparams), in
  /// f32: the scale and zero point for [lo, hi].
  std::pair<double, int64_t> qparams(double lo, double hi) const {
    float minNeg = float(std::max(std::min(lo, 0.0), -double(FLT_MAX)));
    float maxPos = float(std::min(std::max(hi, 0.0), double(FLT_MAX)));
    int64_t qmin = affine.qmin(), qmax = affine.qmax();
    float scale;
    int64_t zp;
    if (symmetric) {
      maxPos = std::max(-minNeg, maxPos);
      scale = maxPos / (float(qmax - qmin) / 2);
      scale = std::max(scale, FLT_EPSILON);
      // PyTorch: 128 for quint8's default range, else the middle.
      zp = affine.isSigned               ? 0
           : (qmin == 0 && qmax == 255) ? 128
                                         : (qmin + qmax) / 2;
    } else {
      scale = (maxPos - minNeg) / float(qmax - qmin);
      scale = std::max(scale, FLT_EPSILON);
      zp = qmin - int64_t(std::nearbyint(minNeg / scale));
      zp = std::clamp(zp, qmin, qmax);
    }
    return {double(scale), zp};
  }

  std::string spec(double lo, double hi) const {
    double t = std::max(std::fabs(lo), std::fabs(hi));
    switch (kind) {
    case Scale:
      llvm_unreachable("binary,fit and ternary,fit take the mean magnitude");
    case Fixed: {
      int intBits = t > 0 ? int(std::ceil(std::log2(t))) : 0;
      return head + std::to_string(int64_t(bits) - 1 - intBits);
    }
    case Affine: {
      auto [s, z] = qparams(lo, hi);
      return "affine," + std::to_string(bits) + "," + shortestDecimal(s) + "," +
             std::to_string(z) + options;
    }
    case FP8:
      return element + "_tensorwise,amax=" + shortestDecimal(t);
    case TensorAmax:
      return head + "amax=" + shortestDecimal(t);
    }
    return head;
  }

  std::string channelSpec(ArrayRef<std::pair<double, double>> ranges,
                          int64_t axis) const {
    std::string a, b;
    for (auto [i, r] : llvm::enumerate(ranges)) {
      std::string sep = i ? ";" : "";
      if (kind == Affine) {
        auto [s, z] = qparams(r.first, r.second);
        a += sep + shortestDecimal(s);
        b += sep + std::to_string(z);
      } else {
        a += sep + shortestDecimal(std::max(std::fabs(r.first), std::fabs(r.second)));
      }
    }
    if (kind == Affine)
      return "affine," + std::to_string(bits) + "," + a + "," + b +
             ",axis=" + std::to_string(axis) + options;
    return element + "_rowwise,axis=" + std::to_string(axis) + ",amax=" + a;
  }
};
} // namespace

static const char *kFitForms =
    "fit needs the form ROUNDING,BITS,fit, affine,BITS[,OPTIONS],fit, "
    "fp8_e4m3,fit, fp8_e5m2,fit, nvfp4[,OPTIONS],fit, "
    "MX,scale=TYPE,tensor_scale[,OPTIONS],fit, binary,fit or ternary,fit";

/// The family of a fit form; nullopt when `spec` does not end in ",fit".
static Expected<std::optional<Family>> familyOf(StringRef spec) {
  if (!spec.ends_with(",fit"))
    return std::nullopt;
  Family f;
  StringRef head = spec.drop_back(3);
  llvm::SmallVector<StringRef> parts;
  head.drop_back().split(parts, ',');
  for (StringRef &p : parts)
    p = p.trim();
  std::string lower = parts[0].lower();
  if ((lower == "binary" || lower == "ternary") && parts.size() == 1) {
    f.kind = Family::Scale;
    f.head = head.str();
    return f;
  }
  if ((lower == "fp8_e4m3" || lower == "fp8_e5m2") && parts.size() == 1) {
    f.kind = Family::FP8;
    f.element = lower;
    return f;
  }
  // Block scales under a tensor scale: the tensor's amax (the options are
  // the quantizer parser's, resolveTensorAmax).
  if (lower == "nvfp4" ||
      (StringRef(lower).starts_with("mx") &&
       llvm::is_contained(parts, "tensor_scale"))) {
    for (StringRef opt : parts)
      if (StringRef(opt).lower().rfind("amax", 0) == 0)
        return makeError("a fit form takes no amax (calibration gives it), "
                         "got '" + opt + "'");
    f.kind = Family::TensorAmax;
    f.head = head.str();
    return f;
  }
  if (lower == "affine") {
    int b;
    if (parts.size() < 2 || parts[1].getAsInteger(10, b) || b < 1 || b > 32)
      return makeError("affine fit needs the form affine,BITS[,OPTIONS],fit "
                       "with BITS in 1..32");
    f.kind = Family::Affine;
    f.bits = b;
    // The options' meaning is the quantizer parser's (resolveAffine); here
    // only what a fit cannot take.
    for (StringRef opt : ArrayRef<StringRef>(parts).drop_front(2)) {
      std::string o = opt.lower();
      if (o == "sym" || o == "symmetric") {
        f.symmetric = true;
        continue;
      }
      if (StringRef(o).starts_with("axis"))
        return makeError("affine fit takes no axis (per channel is the "
                         "calibration's /channel)");
      if (o.empty() || !llvm::isAlpha(o[0]))
        return makeError("affine fit takes options only (sym, unsigned, "
                         "narrow, a rounding), got '" + opt + "'");
      f.options += "," + opt.str();
    }
    return f;
  }
  // ROUNDING,BITS,fit
  int b;
  if (parts.size() != 2 || parts[1].getAsInteger(10, b))
    return makeError(kFitForms);
  f.kind = Family::Fixed;
  f.head = head.str();
  f.bits = b;
  return f;
}

/// The affine options' meaning (signedness, narrow range), as the
/// quantizer parser reads them: a probe with scale 1 and zero point 0.
static Error resolveAffine(Family &f, mlir::MLIRContext *ctx) {
  ctx->getOrLoadDialect<TQDialect>();
  std::string probe = "affine," + std::to_string(f.bits) + ",1,0" + f.options;
  QuantizerStringError error;
  auto a = llvm::dyn_cast_if_present<AffineAttr>(
      parseQuantizerString(ctx, probe, error));
  if (!a)
    return makeError(error.message);
  f.affine = refOf(a);
  return Error::success();
}

/// A tensor-amax fit's options, as the quantizer parser reads them: a
/// probe with amax 1 must be a block_scaled format with a tensor scale.
static Error resolveTensorAmax(const Family &f, mlir::MLIRContext *ctx) {
  ctx->getOrLoadDialect<TQDialect>();
  QuantizerStringError error;
  QuantizerAttrInterface q = parseQuantizerString(ctx, f.spec(1, 1), error);
  if (!q)
    return makeError(error.message);
  if (!llvm::isa<BlockScaledAttr>(q))
    return makeError("fits the tensor scale of block_scaled formats only");
  return Error::success();
}

Expected<bool> tq::isFitQuantizer(StringRef spec) {
  Expected<std::optional<Family>> f = familyOf(spec);
  if (!f)
    return f.takeError();
  return f->has_value();
}

//===----------------------------------------------------------------------===//
// Fitting
//===----------------------------------------------------------------------===//

namespace {
/// Evaluates candidate quantizers with the reference semantics.
class Evaluator {
public:
  Evaluator(mlir::MLIRContext *ctx) : ctx(ctx) {
    ctx->getOrLoadDialect<TQDialect>();
  }
  /// `values` quantized by `spec` (f32 values).
  Expected<std::vector<double>> apply(const std::string &spec,
                                      const std::vector<double> &values) {
    QuantizerStringError error;
    QuantizerAttrInterface q = parseQuantizerString(ctx, spec, error);
    if (!q)
      return makeError("\"" + spec + "\": " + error.message);
    ref::Tensor t;
    t.data = values;
    t.shape = {int64_t(values.size())};
    t.elem = ref::ElemType::F32;
    q.evaluate(t, /*seed=*/0, /*offset=*/0);
    return std::move(t.data);
  }

private:
  mlir::MLIRContext *ctx;
};
} // namespace

/// Searches a ∈ {k / steps : k = steps .. first} for the range [a·lo, a·hi]
/// whose `cost` is smallest (ties keep the larger range).
template <typename Cost>
static Expected<std::pair<double, double>>
search(const Family &f, double lo, double hi, int first, int steps,
       Cost cost) {
  std::pair<double, double> best{lo, hi};
  double bestCost = INFINITY;
  llvm::StringSet<> seen;
  for (int k = steps; k >= first; --k) {
    double a = double(k) / steps;
    std::string spec = f.spec(a * lo, a * hi);
    if (!seen.insert(spec).second)
      continue;
    Expected<double> c = cost(spec, a);
    if (!c)
      return c.takeError();
    if (*c < bestCost) {
      bestCost = *c;
      best = {a * lo, a * hi};
    }
  }
  return best;
}

/// The range of `values` (finite; [lo, hi] their smallest and largest)
/// under `c`.
static Expected<std::pair<double, double>>
rangeOf(const Family &f, const Calibration &c, ArrayRef<float> values,
        double lo, double hi, Evaluator &eval) {
  double t = std::max(std::fabs(lo), std::fabs(hi));
  if (f.isSymmetric()) {
    lo = -t;
    hi = t;
  }
  if (t == 0 || values.empty())
    return std::make_pair(lo, hi);
  switch (c.method) {
  case CalibrationMethod::Max:
    return std::make_pair(lo, hi);
  case CalibrationMethod::Percentile: {
    std::vector<float> v(values.begin(), values.end());
    if (f.isSymmetric()) {
      for (float &x : v)
        x = std::fabs(x);
      double p = percentileOf(v, c.percentile);
      return std::make_pair(-p, p);
    }
    // (percentileOf sorts: the second call sorts a sorted vector.)
    return std::make_pair(percentileOf(v, 100 - c.percentile),
                          percentileOf(v, c.percentile));
  }
  case CalibrationMethod::MSE: {
    std::vector<double> x(values.begin(), values.end());
    return search(f, lo, hi, 1, 100,
                  [&](const std::string &spec, double) -> Expected<double> {
                    auto q = eval.apply(spec, x);
                    if (!q)
                      return q.takeError();
                    double sum = 0;
                    for (size_t i = 0; i < x.size(); ++i)
                      sum += ((*q)[i] - x[i]) * ((*q)[i] - x[i]);
                    return sum / double(x.size());
                  });
  }
  case CalibrationMethod::KL: {
    // A histogram of 2048 bins over [min(lo, 0), max(hi, 0)].
    constexpr int kBins = 2048;
    double l = std::min(lo, 0.0), h = std::max(hi, 0.0);
    double width = (h - l) / kBins;
    std::vector<double> hist(kBins, 0.0), centers(kBins);
    for (int j = 0; j < kBins; ++j)
      centers[j] = l + (j + 0.5) * width;
    for (float v : values) {
      int j = int((double(v) - l) / width);
      hist[std::clamp(j, 0, kBins - 1)] += 1;
    }
    return search(
        f, lo, hi, 8, 128,
        [&](const std::string &spec, double a) -> Expected<double> {
          // The bins whose centres lie in [a·lo, a·hi]; the mass outside
          // folds into the first and last of them.
          int first = kBins, last = -1;
          for (int j = 0; j < kBins; ++j)
            if (centers[j] >= a * l && centers[j] <= a * h) {
              first = std::min(first, j);
              last = j;
            }
          if (last < first)
            return INFINITY;
          std::vector<double> p(hist.begin() + first, hist.begin() + last + 1);
          for (int j = 0; j < first; ++j)
            p.front() += hist[j];
          for (int j = last + 1; j < kBins; ++j)
            p.back() += hist[j];
          std::vector<double> inside(centers.begin() + first,
                                     centers.begin() + last + 1);
          auto q = eval.apply(spec, inside);
          if (!q)
            return q.takeError();
          // Q (as TensorRT and MXNet): each quantization level's mass in
          // the clipped histogram, spread evenly over its bins where P
          // (folded) is not zero.
          std::map<double, std::pair<double, int>> levels;
          for (size_t j = 0; j < inside.size(); ++j) {
            auto &lv = levels[(*q)[j]];
            lv.first += hist[first + j];
            lv.second += p[j] > 0;
          }
          double sp = 0, sq = 0;
          std::vector<double> qd(inside.size(), 0.0);
          for (size_t j = 0; j < inside.size(); ++j) {
            const auto &lv = levels[(*q)[j]];
            if (p[j] > 0)
              qd[j] = lv.first / lv.second;
            sp += p[j];
            sq += qd[j];
          }
          double kl = 0;
          for (size_t j = 0; j < inside.size(); ++j) {
            if (p[j] <= 0)
              continue;
            double pj = p[j] / sp, qj = std::max(qd[j] / sq, 1e-12);
            kl += pj * std::log(pj / qj);
          }
          return kl;
        });
  }
  }
  return std::make_pair(lo, hi);
}

Expected<std::string> tq::fitQuantizer(StringRef spec,
                                       const Calibration &calibration,
                                       const CalibrationData &data,
                                       mlir::MLIRContext *context) {
  Expected<std::optional<Family>> family = familyOf(spec);
  if (!family)
    return makeError("\"" + spec + "\": " + toString(family.takeError()));
  if (!*family)
    return spec.str();
  Family &f = **family;
  if (f.kind == Family::Scale) {
    if (!calibration.isDefault())
      return makeError("\"" + spec + "\": calibration " + calibration.name() +
                       " does not apply (binary,fit and ternary,fit take the "
                       "mean magnitude, per tensor)");
    double m = data.meanAbs() > 0 ? data.meanAbs() : 1.0;
    return f.head + formatG(m);
  }
  if (f.kind == Family::Affine)
    if (Error err = resolveAffine(f, context))
      return makeError("\"" + spec + "\": " + toString(std::move(err)));
  if (f.kind == Family::TensorAmax) {
    if (Error err = resolveTensorAmax(f, context))
      return makeError("\"" + spec + "\": " + toString(std::move(err)));
    // The samples are a strided subset of the values, not their blocks:
    // mse and kl would judge blocks that the tensor does not have.
    if (calibration.method == CalibrationMethod::MSE ||
        calibration.method == CalibrationMethod::KL)
      return makeError("\"" + spec + "\": calibration " + calibration.name() +
                       " does not apply (the tensor scale of block formats "
                       "is fitted by max or percentile)");
    if (calibration.perChannel)
      return makeError("\"" + spec + "\": calibration " + calibration.name() +
                       ": the tensor scale is one per tensor");
  }
  Evaluator eval(context);
  if (!calibration.perChannel) {
    Expected<std::pair<double, double>> r =
        rangeOf(f, calibration, data.sample, data.min, data.max, eval);
    if (!r)
      return r.takeError();
    return f.spec(r->first, r->second);
  }
  if (f.kind == Family::Fixed)
    return makeError("\"" + spec + "\": calibration " + calibration.name() +
                     ": fixed point has one format per tensor (per channel "
                     "fits affine and fp8)");
  if (data.channels.empty())
    return makeError("\"" + spec + "\": calibration " + calibration.name() +
                     ": the weights have no single output-channel axis");
  std::vector<std::pair<double, double>> ranges;
  for (const std::vector<float> &ch : data.channels) {
    double lo = 0, hi = 0;
    if (!ch.empty()) {
      auto [mn, mx] = std::minmax_element(ch.begin(), ch.end());
      lo = *mn;
      hi = *mx;
    }
    Expected<std::pair<double, double>> r =
        rangeOf(f, calibration, ch, lo, hi, eval);
    if (!r)
      return r.takeError();
    ranges.push_back(*r);
  }
  return f.channelSpec(ranges, data.channelAxis);
}

const CalibrationData &tq::probeCalibrationData() {
  static const CalibrationData data = [] {
    CalibrationData d;
    d.add({-1.0, 1.0}, {2}, int64_t(0));
    return d;
  }();
  return data;
}
