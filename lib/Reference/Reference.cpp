//===- Reference.cpp - Reference semantics of every tq quantizer ----------===//
//
// See Reference.h. Every function computes exact results; comments give the
// reason for each branch, the docs (docs/quantizers.md) give the formulas.
//
//===----------------------------------------------------------------------===//

#include "tq/Reference/Reference.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace tq::ref {

//===----------------------------------------------------------------------===//
// Philox4x32-10
//===----------------------------------------------------------------------===//

std::array<uint32_t, 4> philox4x32_10(std::array<uint32_t, 4> c,
                                      std::array<uint32_t, 2> k) {
  constexpr uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u;
  constexpr uint32_t W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    uint64_t p0 = uint64_t(M0) * c[0];
    uint64_t p1 = uint64_t(M1) * c[2];
    uint32_t hi0 = uint32_t(p0 >> 32), lo0 = uint32_t(p0);
    uint32_t hi1 = uint32_t(p1 >> 32), lo1 = uint32_t(p1);
    c = {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
    k[0] += W0;
    k[1] += W1;
  }
  return c;
}

uint32_t randomWord(uint64_t seed, uint64_t index) {
  uint64_t block = index >> 2;
  auto words = philox4x32_10(
      {uint32_t(block), uint32_t(block >> 32), 0u, 0u},
      {uint32_t(seed), uint32_t(seed >> 32)});
  return words[index & 3];
}

//===----------------------------------------------------------------------===//
// Rounding primitive
//===----------------------------------------------------------------------===//

namespace {
/// Rounding on magnitudes: directed modes resolved against the sign.
enum class MagMode { NearestEven, NearestAway, TowardZero, AwayFromZero, Odd,
                     Stochastic };

MagMode magMode(Rounding mode, bool negative) {
  switch (mode) {
  case Rounding::NearestEven: return MagMode::NearestEven;
  case Rounding::NearestAway: return MagMode::NearestAway;
  case Rounding::TowardZero: return MagMode::TowardZero;
  case Rounding::Down:
    return negative ? MagMode::AwayFromZero : MagMode::TowardZero;
  case Rounding::Up:
    return negative ? MagMode::TowardZero : MagMode::AwayFromZero;
  case Rounding::Odd: return MagMode::Odd;
  case Rounding::Stochastic: return MagMode::Stochastic;
  }
  return MagMode::NearestEven;
}

/// Rounds the finite magnitude `ax` >= 0 to a multiple of 2^q. Exact: `ax` is
/// split into an integer significand m < 2^53 and exponent e, and the
/// discarded bits are examined as integers.
double roundMagnitude(double ax, int q, MagMode mode, uint32_t random) {
  if (ax == 0.0)
    return 0.0;
  int ex;
  double f = std::frexp(ax, &ex); // ax = f * 2^ex, f in [0.5, 1)
  uint64_t m = uint64_t(std::ldexp(f, 53));
  int e = ex - 53;
  int shift = q - e;
  if (shift <= 0)
    return ax; // already a multiple of 2^q
  uint64_t k, rem;
  int halfCmp;       // sign of (discarded fraction - 1/2)
  uint32_t frac32;   // floor(discarded fraction * 2^32)
  if (shift >= 64) {
    // m < 2^53 <= 2^(shift-11): the fraction is below 2^-11 < 1/2.
    k = 0;
    rem = m;
    halfCmp = -1;
    frac32 = (shift - 32 < 64) ? uint32_t(m >> (shift - 32)) : 0u;
  } else {
    k = m >> shift;
    rem = m & ((uint64_t(1) << shift) - 1);
    uint64_t half = uint64_t(1) << (shift - 1);
    halfCmp = rem > half ? 1 : (rem == half ? 0 : -1);
    frac32 = shift <= 32 ? uint32_t(rem << (32 - shift))
                         : uint32_t(rem >> (shift - 32));
  }
  if (rem == 0)
    return ax;
  bool up = false;
  switch (mode) {
  case MagMode::NearestEven:
    up = halfCmp > 0 || (halfCmp == 0 && (k & 1));
    break;
  case MagMode::NearestAway: up = halfCmp >= 0; break;
  case MagMode::TowardZero: up = false; break;
  case MagMode::AwayFromZero: up = true; break;
  case MagMode::Odd: up = (k & 1) == 0; break;
  case MagMode::Stochastic: up = stochasticRoundsUp(frac32, random); break;
  }
  return std::ldexp(double(k + (up ? 1 : 0)), q);
}
} // namespace

double roundToQuantum(double x, int q, Rounding mode, uint32_t random) {
  double r = roundMagnitude(std::fabs(x), q, magMode(mode, std::signbit(x)),
                            random);
  return std::copysign(r, x);
}

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

ElemInfo elemInfo(ElemType type) {
  switch (type) {
  case ElemType::F16: return {5, 10, -24, 15};
  case ElemType::BF16: return {8, 7, -133, 127};
  case ElemType::F32: return {8, 23, -149, 127};
  case ElemType::F64: return {11, 52, -1074, 1023};
  }
  return {11, 52, -1074, 1023};
}

FloatFormat elemFormat(ElemType type) {
  ElemInfo info = elemInfo(type);
  FloatFormat f;
  f.expBits = info.expBits;
  f.manBits = info.manBits;
  return f;
}

double toCompute(double v, ElemType elem) {
  return elem == ElemType::F64 ? v : double(float(v));
}
double computeMax(ElemType elem) {
  return elem == ElemType::F64 ? std::numeric_limits<double>::max()
                               : double(std::numeric_limits<float>::max());
}

double roundToElement(double v, ElemType type) {
  switch (type) {
  case ElemType::F64: return v;
  case ElemType::F32: return std::isnan(v) ? v : double(float(v));
  case ElemType::F16:
  case ElemType::BF16: return elemFormat(type).apply(v, 0);
  }
  return v;
}

//===----------------------------------------------------------------------===//
// Fixed point
//===----------------------------------------------------------------------===//

double FixedPoint::maxValue(int s) const {
  double units = std::ldexp(1.0, isSigned ? bits - 1 : bits) - 1.0;
  return std::ldexp(units, s - frac);
}

double FixedPoint::minValue(int s) const {
  return isSigned ? -std::ldexp(1.0, bits - 1 + s - frac) : 0.0;
}

double FixedPoint::apply(double x, uint32_t random, int s) const {
  if (std::isnan(x))
    return x;
  double hi = maxValue(s), lo = minValue(s);
  if (std::isinf(x))
    return x > 0 ? hi : lo;
  int q = s - frac;
  double r = roundToQuantum(x, q, rounding, random);
  if (!wrap) {
    r = std::min(std::max(r, lo), hi);
  } else if (r < lo || r > hi) {
    // Two's-complement wrap of the integer count r / 2^q modulo 2^bits. fmod
    // is exact; a count too large for double is a multiple of 2^bits.
    double count = std::ldexp(r, -q);
    double mod = std::ldexp(1.0, bits);
    double w = std::isfinite(count) ? std::fmod(count, mod) : 0.0;
    if (w < 0)
      w += mod;
    if (isSigned && w >= mod / 2)
      w -= mod;
    r = std::ldexp(w, q);
  }
  return r + 0.0; // fixed point has no -0
}

//===----------------------------------------------------------------------===//
// Custom float
//===----------------------------------------------------------------------===//

int FloatFormat::maxExp() const {
  int top = (1 << expBits) - 1 - bias();
  return kind == FloatKind::IEEE ? top - 1 : top;
}

double FloatFormat::maxFinite(int s) const {
  // NanOnly gives up the all-ones significand of the top binade to NaN.
  int lostUlps = kind == FloatKind::NanOnly ? 2 : 1;
  double sig = 2.0 - std::ldexp(double(lostUlps), -manBits);
  return std::ldexp(sig, maxExp() + s);
}

double FloatFormat::apply(double x, uint32_t random, int s) const {
  if (std::isnan(x))
    return x;
  double mx = maxFinite(s);
  bool toInf = hasInfinity() && !saturate;
  if (std::isinf(x))
    return toInf ? x : std::copysign(mx, x);
  if (x == 0.0)
    return x;
  double ax = std::fabs(x);
  int e = std::ilogb(ax);
  int emin = minNormalExp() + s, emax = maxExp() + s;
  int q;
  if (e < emin)
    q = subnormals ? emin - manBits : emin; // without subnormals: {0, 2^emin}
  else
    q = std::min(e, emax) - manBits;
  MagMode mm = magMode(rounding, std::signbit(x));
  double r = roundMagnitude(ax, q, mm, random);
  if (r > mx) {
    // IEEE 754 overflow: the modes that never round away from zero give the
    // largest finite value, the others infinity.
    bool roundsAway = mm != MagMode::TowardZero && mm != MagMode::Odd;
    r = (toInf && roundsAway) ? std::numeric_limits<double>::infinity() : mx;
  }
  return std::copysign(r, x);
}

//===----------------------------------------------------------------------===//
// Power of two, binary, ternary, sparse
//===----------------------------------------------------------------------===//

double Pow2::apply(double x) const {
  if (std::isnan(x) || x == 0.0)
    return x;
  if (std::isinf(x))
    return std::copysign(std::ldexp(1.0, maxExp), x);
  double ax = std::fabs(x);
  int e = std::ilogb(ax);
  if (rounding == Pow2Rounding::Nearest) {
    // log2|x| - e >= 1/2  <=>  m >= sqrt(2)  <=>  m*m - 2 >= 0, with
    // m = |x| / 2^e in [1, 2). fma gives the sign of m*m - 2 exactly, and
    // m*m == 2 is impossible for a rational m.
    double m = std::ldexp(ax, -e);
    if (std::fma(m, m, -2.0) > 0.0)
      ++e;
  }
  if (e < minExp)
    return std::copysign(0.0, x);
  e = std::min(e, maxExp);
  return std::copysign(std::ldexp(1.0, e), x);
}

double Binary::apply(double x) const {
  if (std::isnan(x))
    return x;
  return x >= 0.0 ? scale : -scale;
}

std::vector<double> Ternary::blockSums(const std::vector<double> &v,
                                       bool absolute) {
  // Padding adds +0 to a sum of magnitudes: no change, so it is skipped.
  size_t m = v.size();
  std::vector<double> out;
  for (size_t c = 0; c < m; c += kSumChunk) {
    double lane[kSumLanes] = {};
    for (size_t i = c; i < std::min(m, c + size_t(kSumChunk)); ++i)
      lane[(i - c) % kSumLanes] += absolute ? std::fabs(v[i]) : v[i];
    double chunk = 0.0;
    for (double l : lane)
      chunk += l;
    out.push_back(chunk);
  }
  return out;
}

double Ternary::absSum(const std::vector<double> &values) {
  std::vector<double> v = blockSums(values, /*absolute=*/true);
  for (int64_t level = 1; level < kSumLevels; ++level)
    v = blockSums(v);
  double sum = 0.0;
  for (double r : v)
    sum += r;
  return sum;
}

double Ternary::autoThreshold(const std::vector<double> &values) {
  double sum = absSum(values);
  double mean = values.empty() ? 0.0 : sum / double(values.size());
  return 0.7 * mean;
}

double Ternary::apply(double x, double t) const {
  if (std::isnan(x))
    return x;
  if (x > t)
    return scale;
  if (x < -t)
    return -scale;
  return 0.0;
}

double Sparse::apply(double x) const {
  if (std::isnan(x))
    return x;
  return std::fabs(x) >= threshold ? x : std::copysign(0.0, x);
}

//===----------------------------------------------------------------------===//
// Affine (PyTorch fake quantization)
//===----------------------------------------------------------------------===//

int64_t Affine::qmin() const {
  if (!isSigned)
    return narrow ? 1 : 0;
  return -(int64_t(1) << (bits - 1)) + (narrow ? 1 : 0);
}

int64_t Affine::qmax() const {
  return isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
}

double Affine::apply(double x, double scale, int64_t zp, bool computeF32,
                     uint32_t random) const {
  if (std::isnan(x))
    return x;
  double y;
  float s32 = float(scale);
  if (computeF32) {
    float inv = 1.0f / s32;
    y = divide ? double(float(x) / s32) : double(float(x) * inv);
  } else {
    y = divide ? x / scale : x * (1.0 / scale);
  }
  double r = std::isinf(y) ? y : roundToQuantum(y, 0, rounding, random);
  double q = std::min(std::max(r + double(zp), double(qmin())), double(qmax()));
  double d = q - double(zp); // exact: integers below 2^34
  double out = computeF32 ? double(float(d) * s32) : d * scale;
  return out + 0.0; // the integer grid has no -0
}

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

static int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

void forEachBlock(const std::vector<int64_t> &shape, int64_t axis,
                  int64_t blockSize,
                  const std::function<void(const std::vector<int64_t> &)> &fn) {
  int64_t n = numElements(shape);
  if (n == 0)
    return;
  int64_t dim = shape.empty() ? 1 : shape[axis];
  int64_t inner = 1;
  for (size_t i = axis + 1; i < shape.size(); ++i)
    inner *= shape[i];
  int64_t outer = n / (dim * inner);
  std::vector<int64_t> idx;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t in = 0; in < inner; ++in)
      for (int64_t start = 0; start < dim; start += blockSize) {
        idx.clear();
        for (int64_t a = start; a < std::min(dim, start + blockSize); ++a)
          idx.push_back((o * dim + a) * inner + in);
        fn(idx);
      }
}

void applyElementwise(Tensor &t, bool stochastic, uint64_t seed,
                      uint64_t offset,
                      const std::function<double(double, uint32_t)> &fn) {
  for (size_t i = 0; i < t.data.size(); ++i) {
    uint32_t r = stochastic ? randomWord(seed, offset + i) : 0u;
    t.data[i] = fn(t.data[i], r);
  }
}

ChannelIndex::ChannelIndex(const std::vector<int64_t> &shape,
                           std::optional<int64_t> axis) {
  if (!axis)
    return;
  dim = shape[*axis];
  for (size_t i = *axis + 1; i < shape.size(); ++i)
    inner *= shape[i];
}

void applyAffine(Tensor &t, const Affine &q, const std::vector<double> &scales,
                 const std::vector<int64_t> &zeroPoints,
                 std::optional<int64_t> axis, uint64_t seed, uint64_t offset) {
  bool computeF32 = t.elem != ElemType::F64;
  bool stochastic = q.rounding == Rounding::Stochastic;
  ChannelIndex channel(t.shape, axis);
  for (size_t i = 0; i < t.data.size(); ++i) {
    size_t c = channel(i);
    uint32_t r = stochastic ? randomWord(seed, offset + i) : 0u;
    t.data[i] = q.apply(t.data[i], scales[c], zeroPoints[c], computeF32, r);
  }
}

/// What a block's scale is computed from.
struct BlockStats {
  double amax = 0.0; ///< largest magnitude
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
};

/// Shared block driver over blocks of `blockSize` along `axis`: a block with NaN or Inf becomes NaN;
/// otherwise `scaleOf(stats)` is computed once per block and
/// `quantize(x, random, scale)` gives each element.
template <typename ScaleFn, typename Fn>
static void applyBlocks(Tensor &t, int64_t axis, int64_t blockSize,
                        bool stochastic, uint64_t seed, uint64_t offset,
                        ScaleFn scaleOf, Fn quantize) {
  auto block = [&](const std::vector<int64_t> &idx) {
    BlockStats stats;
    bool special = false;
    for (int64_t i : idx) {
      double v = t.data[i];
      special |= !std::isfinite(v);
      stats.amax = std::max(stats.amax, std::fabs(v));
      stats.min = std::min(stats.min, v);
      stats.max = std::max(stats.max, v);
    }
    if (special) {
      for (int64_t i : idx)
        t.data[i] = std::numeric_limits<double>::quiet_NaN();
      return;
    }
    auto scale = scaleOf(stats);
    for (int64_t i : idx) {
      uint32_t r = stochastic ? randomWord(seed, offset + i) : 0u;
      t.data[i] = quantize(t.data[i], r, scale);
    }
  };
  forEachBlock(t.shape, axis, blockSize, block);
}

/// The largest magnitude of the tensor (0 for no elements); nullopt when it
/// holds NaN or Inf.
static std::optional<double> tensorMaxAbs(const Tensor &t) {
  double amax = 0.0;
  for (double v : t.data) {
    if (!std::isfinite(v))
      return std::nullopt;
    amax = std::max(amax, std::fabs(v));
  }
  return amax;
}

static void fillNaN(Tensor &t) {
  for (double &v : t.data)
    v = std::numeric_limits<double>::quiet_NaN();
}

int MX::elementMaxExp(MXElement element) {
  switch (element) {
  case MXElement::FP8E4M3: return 8;
  case MXElement::FP8E5M2: return 15;
  case MXElement::FP6E2M3: return 2;
  case MXElement::FP6E3M2: return 4;
  case MXElement::FP4E2M1: return 2;
  case MXElement::INT8: return 0;
  }
  return 0;
}

FloatFormat MX::elementFormat(MXElement element, Rounding rounding) {
  FloatFormat f;
  f.saturate = true;
  f.rounding = rounding;
  switch (element) {
  case MXElement::FP8E4M3: f.expBits = 4; f.manBits = 3; f.kind = FloatKind::NanOnly; break;
  case MXElement::FP8E5M2: f.expBits = 5; f.manBits = 2; f.kind = FloatKind::IEEE; break;
  case MXElement::FP6E2M3: f.expBits = 2; f.manBits = 3; f.kind = FloatKind::FiniteOnly; break;
  case MXElement::FP6E3M2: f.expBits = 3; f.manBits = 2; f.kind = FloatKind::FiniteOnly; break;
  case MXElement::FP4E2M1:
  case MXElement::INT8: f.expBits = 2; f.manBits = 1; f.kind = FloatKind::FiniteOnly; break;
  }
  return f;
}

FixedPoint MX::int8Format(Rounding rounding) {
  FixedPoint i8;
  i8.bits = 8;
  i8.frac = 6;
  i8.rounding = rounding;
  return i8;
}

int MX::elementManBits(MXElement element) {
  switch (element) {
  case MXElement::FP8E4M3: return 3;
  case MXElement::FP8E5M2: return 2;
  case MXElement::FP6E2M3: return 3;
  case MXElement::FP6E3M2: return 2;
  case MXElement::FP4E2M1: return 1;
  case MXElement::INT8: return 6;
  }
  return 0;
}

double MX::elementMaxValue(MXElement element) {
  if (element == MXElement::INT8)
    return int8Format(Rounding::NearestEven).maxValue();
  return elementFormat(element, Rounding::NearestEven).maxFinite();
}

double MX::rceilReciprocal(MXElement element, ElemType elem) {
  // In f32 for f32 values, as cuBLAS and torchao compute it (1.0f / max,
  // one rounding).
  return toCompute(1.0 / elementMaxValue(element), elem);
}

int MX::scaleExponent(double amax, ElemType elem) const {
  int emax = elementMaxExp(element);
  auto clamp = [](int s) { return std::min(std::max(s, -127), 127); };
  // An all-zero block has no exponent; any scale keeps zeros (and their
  // signs, where the element format has one).
  if (amax == 0.0)
    return clamp(-emax);
  int e = std::ilogb(amax);
  double significand = std::ldexp(amax, -e); // exact, in [1, 2)
  switch (scaleRounding) {
  case MXScaleRounding::Floor:
    return clamp(e - emax);
  case MXScaleRounding::Ceil:
    return clamp(e + (significand != 1.0) - emax);
  case MXScaleRounding::Even: {
    int m = elementManBits(element);
    bool carry = significand >= 2.0 - std::ldexp(1.0, -(m + 1));
    return clamp(e + carry - emax);
  }
  case MXScaleRounding::RCeil: {
    double r = rceilReciprocal(element, elem);
    double d = toCompute(amax * r, elem);
    if (d == 0.0)
      return -127;
    int ed = std::ilogb(d);
    return clamp(ed + (std::ldexp(d, -ed) != 1.0));
  }
  }
  return clamp(e - emax);
}

void MX::apply(Tensor &t, int64_t axis, uint64_t seed, uint64_t offset) const {
  FloatFormat f = elementFormat(element, rounding);
  FixedPoint i8 = int8Format(rounding);
  applyBlocks(
      t, axis, blockSize, rounding == Rounding::Stochastic, seed, offset,
      [&](const BlockStats &b) { return scaleExponent(b.amax, t.elem); },
      [&](double x, uint32_t r, int s) {
        return element == MXElement::INT8 ? i8.apply(x, r, s)
                                          : f.apply(x, r, s);
      });
}

double ScaledFloat::scale(double amax) const {
  double m = MX::elementMaxValue(element);
  return toCompute(m / std::max(amax, 1e-12), ElemType::F32);
}

FloatFormat ScaledFloat::format() const {
  return MX::elementFormat(element, Rounding::NearestEven);
}

double ScaledFloat::quantize(const FloatFormat &f, double x, double s,
                             ElemType elem) {
  // In f32 for f32, bf16 and f16 values, as torchao computes.
  return toCompute(f.apply(toCompute(x * s, elem), 0) / s, elem);
}

void ScaledFloat::apply(Tensor &t, std::optional<int64_t> axis) const {
  if (!axis) {
    // One scale for the tensor, from its largest magnitude.
    std::optional<double> amax = tensorMaxAbs(t);
    if (!amax)
      return fillNaN(t);
    return applyStatic(t, {*amax}, std::nullopt);
  }
  // One block per line (the whole line, whatever its length).
  FloatFormat f = format();
  applyBlocks(
      t, *axis, t.shape[*axis], /*stochastic=*/false, 0, 0,
      [&](const BlockStats &b) { return scale(b.amax); },
      [&](double x, uint32_t, double s) { return quantize(f, x, s, t.elem); });
}

void ScaledFloat::applyStatic(Tensor &t, const std::vector<double> &amax,
                              std::optional<int64_t> axis) const {
  ChannelIndex channel(t.shape, axis);
  std::vector<double> scales;
  for (double a : amax)
    scales.push_back(scale(a));
  FloatFormat f = format();
  for (size_t i = 0; i < t.data.size(); ++i)
    t.data[i] = quantize(f, t.data[i], scales[channel(i)], t.elem);
}

double BlockScaled::tensorEncodeScale(double tensorAmax, ElemType elem) const {
  if (!tensorScale)
    return 1.0;
  double m = MX::elementMaxValue(scale) * MX::elementMaxValue(element);
  // tensorAmax = 0 gives +Inf, clamped.
  return std::min(toCompute(m / tensorAmax, elem), computeMax(elem));
}

double BlockScaled::blockDecodeScale(double blockAmax, double S,
                                     ElemType elem) const {
  double d = toCompute(
      toCompute(blockAmax / MX::elementMaxValue(element), elem) * S, elem);
  d = std::min(d, MX::elementMaxValue(scale));
  return MX::elementFormat(scale, Rounding::NearestEven).apply(d, 0);
}

void BlockScaled::apply(Tensor &t, int64_t axis, uint64_t seed,
                        uint64_t offset) const {
  double S = 1.0;
  if (tensorScale) {
    std::optional<double> amax = tensorAmax ? tensorAmax : tensorMaxAbs(t);
    if (!amax)
      return fillNaN(t); // S is undefined
    S = tensorEncodeScale(*amax, t.elem);
  }
  FloatFormat f = MX::elementFormat(element, rounding);
  struct Scales {
    double decode, encode;
  };
  applyBlocks(
      t, axis, blockSize, rounding == Rounding::Stochastic, seed, offset,
      [&](const BlockStats &b) {
        double sb = blockDecodeScale(b.amax, S, t.elem);
        // sb = 0 (S > 0) gives +Inf, clamped.
        return Scales{sb, std::min(toCompute(S / sb, t.elem),
                                   computeMax(t.elem))};
      },
      [&](double x, uint32_t r, const Scales &b) {
        double q = f.apply(toCompute(x * b.encode, t.elem), r);
        return toCompute(toCompute(q * b.decode, t.elem) / S, t.elem);
      });
}

std::pair<double, int64_t> GroupInt::scaleAndZero(double minValue,
                                                  double maxValue,
                                                  ElemType elem) const {
  double lo = std::min(minValue, 0.0), hi = std::max(maxValue, 0.0);
  if (symmetric) {
    hi = std::max(-lo, hi);
    lo = -hi;
  }
  if (lo == 0.0 && hi == 0.0) {
    lo = -1.0;
    hi = 1.0;
  }
  double range = toCompute(hi - lo, elem);
  FloatFormat sf = elemFormat(scaleType);
  sf.saturate = true;
  double s = sf.apply(toCompute(range / double(qmax()), elem), 0);
  if (s == 0.0)
    s = std::ldexp(1.0, elemInfo(scaleType).minExp);
  int64_t z = int64_t(1) << (bits - 1);
  if (!symmetric)
    z = int64_t(std::clamp(std::nearbyint(toCompute(-lo / s, elem)), 0.0,
                           double(qmax())));
  return {s, z};
}

void GroupInt::apply(Tensor &t, int64_t axis) const {
  applyBlocks(
      t, axis, groupSize, /*stochastic=*/false, 0, 0,
      [&](const BlockStats &b) { return scaleAndZero(b.min, b.max, t.elem); },
      [&](double x, uint32_t, const std::pair<double, int64_t> &sz) {
        auto [s, z] = sz;
        double q = std::nearbyint(toCompute(x / s, t.elem)) + double(z);
        q = std::clamp(q, 0.0, double(qmax()));
        return toCompute(s * (q - double(z)), t.elem);
      });
}

FixedPoint BlockFloat::elementFormat() const {
  FixedPoint fx;
  fx.bits = bits;
  fx.frac = bits - 2;
  fx.rounding = rounding;
  return fx;
}

void BlockFloat::apply(Tensor &t, int64_t axis, uint64_t seed,
                       uint64_t offset) const {
  FixedPoint fx = elementFormat();
  applyBlocks(
      t, axis, blockSize, rounding == Rounding::Stochastic, seed, offset,
      [](const BlockStats &b) {
        // An all-zero block has no exponent; any scale keeps zeros.
        return b.amax == 0.0 ? 0 : std::ilogb(b.amax);
      },
      [&](double x, uint32_t r, int e) { return fx.apply(x, r, e); });
}

void roundTensorToElement(Tensor &t) {
  for (double &v : t.data)
    v = roundToElement(v, t.elem);
}

} // namespace tq::ref
