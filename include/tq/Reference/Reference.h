//===- Reference.h - Reference semantics of every tq quantizer -*- C++ -*-===//
//
// The one definition of what each quantizer computes. The folder of
// `tq.quantize` evaluates constants with it, the unit tests check it against
// independent oracles (LLVM's APFloat, hand-computed tables), and every
// lowering must agree with it bit for bit.
//
// Values travel as `double`: every f16, bf16, f32 and f64 value is exact in
// double, and every function here computes the exact result of its
// quantizer (integer arithmetic on the decomposed significand, exact
// power-of-two scaling), so no double rounding can occur. The last step,
// `roundToElement`, rounds that exact result into the element type of the
// tensor (round to nearest even); for every format whose value set fits in
// the element type it is the identity.
//
// This library has no MLIR dependency so that runtime code and tests can use
// it on their own.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_REFERENCE_REFERENCE_H
#define TQ_REFERENCE_REFERENCE_H

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace tq::ref {

/// Rounding modes shared by all quantizers. `Down`/`Up` are toward -inf/+inf;
/// `Odd` picks, for an inexact value, the neighbour whose last significand
/// bit is 1; `Stochastic` rounds away from zero with probability equal to the
/// discarded fraction (resolution 2^-32, see `stochasticRoundsUp`).
enum class Rounding : uint8_t {
  NearestEven,
  NearestAway,
  TowardZero,
  Down,
  Up,
  Odd,
  Stochastic
};

/// The element types `tq.quantize` operates on.
enum class ElemType : uint8_t { F16, BF16, F32, F64 };

/// How a custom float format spends its top exponent (APFloat's
/// fltNonfiniteBehavior): IEEE reserves it for Inf/NaN; NanOnly (OCP "FN",
/// e.g. E4M3) uses it for finite values except the all-ones pattern (NaN);
/// FiniteOnly (fp6, fp4) has neither Inf nor NaN.
enum class FloatKind : uint8_t { IEEE, NanOnly, FiniteOnly };

enum class Pow2Rounding : uint8_t { Floor, Nearest };

enum class MXElement : uint8_t { FP8E4M3, FP8E5M2, FP6E2M3, FP6E3M2, FP4E2M1, INT8 };

/// How an MX block's scale exponent s is chosen from the block's largest
/// magnitude A (MX::scaleExponent has the formulas).
enum class MXScaleRounding : uint8_t { Floor, Ceil, Even, RCeil };

//===----------------------------------------------------------------------===//
// Random numbers for stochastic rounding.
//===----------------------------------------------------------------------===//

/// Philox4x32-10 (Salmon et al., SC'11), the counter-based generator of
/// Random123, cuRAND and JAX.
std::array<uint32_t, 4> philox4x32_10(std::array<uint32_t, 4> counter,
                                      std::array<uint32_t, 2> key);

/// The 32 random bits used for element `index` under `seed`: word
/// (index mod 4) of Philox4x32-10 with key = seed (low, high word) and
/// counter = (index/4 low word, index/4 high word, 0, 0). Depends on nothing
/// but (seed, index): not on thread count, tiling or target.
uint32_t randomWord(uint64_t seed, uint64_t index);

//===----------------------------------------------------------------------===//
// Element types.
//===----------------------------------------------------------------------===//

struct ElemInfo {
  int expBits;
  int manBits;
  int minExp; ///< exponent of the smallest subnormal
  int maxExp; ///< exponent of the largest finite binade
};
ElemInfo elemInfo(ElemType type);

/// Rounds an exact value to the element type (round to nearest even, IEEE
/// overflow to infinity). NaN is returned unchanged.
double roundToElement(double value, ElemType type);

/// A value rounded once to the compute type of values of type `elem` (f32
/// for f16/bf16/f32, f64 for f64): an f32 operation is the exact result
/// rounded to f32, which rounding its f64 result again gives (f64 holds
/// more than 2 * 24 + 2 bits).
double toCompute(double v, ElemType elem);
/// The compute type's largest finite value.
double computeMax(ElemType elem);

//===----------------------------------------------------------------------===//
// The rounding primitive.
//===----------------------------------------------------------------------===//

/// Rounds the finite value `x` to an integer multiple of 2^quantumExp with
/// the given mode; `random` is used by `Stochastic` only. The result is exact
/// (k * 2^quantumExp with |k| <= 2^53) and keeps the sign of `x` (so -0.2
/// rounded toward zero to integers gives -0).
double roundToQuantum(double x, int quantumExp, Rounding mode, uint32_t random);

/// The stochastic decision: round away from zero iff random < floor(f * 2^32)
/// where f in (0,1) is the discarded fraction. Probability floor(f*2^32)/2^32,
/// which equals f whenever f has at most 32 significant fraction bits.
inline bool stochasticRoundsUp(uint32_t fraction32, uint32_t random) {
  return random < fraction32;
}

//===----------------------------------------------------------------------===//
// Elementwise quantizers. `random` is the element's randomWord (ignored
// unless the rounding mode is stochastic). `scaleExp` multiplies the whole
// value set by 2^scaleExp (used by the block formats).
//===----------------------------------------------------------------------===//

/// Two's-complement (or unsigned) fixed point: `bits` total bits including the
/// sign, `frac` fractional bits (step 2^-frac). Overflow saturates to the
/// range or wraps modulo 2^bits. Fixed point has no -0: zero results are +0.
/// ±Inf saturates in both overflow modes; NaN stays NaN.
struct FixedPoint {
  int bits = 8;
  int frac = 0;
  bool isSigned = true;
  bool wrap = false;
  Rounding rounding = Rounding::NearestEven;

  double maxValue(int scaleExp = 0) const;
  double minValue(int scaleExp = 0) const;
  double apply(double x, uint32_t random, int scaleExp = 0) const;
};

/// Custom binary floating point: `expBits` exponent bits (bias
/// 2^(expBits-1)-1), `manBits` stored mantissa bits.
struct FloatFormat {
  int expBits = 8;
  int manBits = 23;
  FloatKind kind = FloatKind::IEEE;
  bool subnormals = true;
  /// Overflow goes to the largest finite value (and ±Inf inputs too) instead
  /// of to infinity. Always true for formats without infinities.
  bool saturate = false;
  Rounding rounding = Rounding::NearestEven;

  int bias() const { return (1 << (expBits - 1)) - 1; }
  int minNormalExp() const { return 1 - bias(); }
  /// The exponent of the smallest quantum: the subnormals' spacing, or
  /// 2^minNormalExp() without subnormals (the values below are 0).
  int minQuantumExp() const {
    return subnormals ? minNormalExp() - manBits : minNormalExp();
  }
  int maxExp() const;
  double maxFinite(int scaleExp = 0) const;
  bool hasInfinity() const { return kind == FloatKind::IEEE; }
  double apply(double x, uint32_t random, int scaleExp = 0) const;
};

/// The float format of a named element type, IEEE overflow, nearest even.
FloatFormat elemFormat(ElemType type);

/// Power of two (TensorQuant's `logarithmic`): sign(x) * 2^k with k from
/// log2|x| rounded down (Floor) or to nearest in the log domain (Nearest,
/// threshold sqrt(2)*2^k; ties impossible). k < minExp gives ±0, k > maxExp
/// saturates to 2^maxExp, ±Inf gives ±2^maxExp, zero keeps its sign.
struct Pow2 {
  Pow2Rounding rounding = Pow2Rounding::Floor;
  int minExp = -149;
  int maxExp = 127;
  double apply(double x) const;
};

/// x >= 0 ? m : -m (so -0 gives +m). NaN stays NaN.
struct Binary {
  double scale = 1.0;
  double apply(double x) const;
};

/// m if x > t, -m if x < -t, else +0. NaN stays NaN. With no threshold,
/// t = 0.7 * (S / n), S the sum of |x| over the whole tensor, accumulated
/// in double in a fixed blocked order (absSum) that runs in parallel.
struct Ternary {
  double scale = 1.0;
  std::optional<double> threshold;
  /// The order of S, in blocks that run in parallel everywhere: with
  /// v = |a_0|, ..., |a_(n-1)| (row-major), S = R_0 + R_1 + ... where
  /// R = blockSums(blockSums(v)) (kSumLevels = 2 levels). Every sum is
  /// sequential, in increasing order, from +0.
  static constexpr int64_t kSumLanes = 32, kSumSteps = 32,
                           kSumChunk = kSumLanes * kSumSteps, kSumLevels = 2;
  /// One level: chunk c of v (kSumChunk elements, missing ones +0) gives
  /// Q_c = P_0 + ... + P_31, where lane j's P_j = v_(c*kSumChunk + j) +
  /// v_(c*kSumChunk + kSumLanes + j) + ... over the kSumSteps steps. (Lanes
  /// are contiguous: the 32 threads of a GPU warp or 32 vector lanes, which
  /// read a chunk's 4 KiB of f32 in 32 loads; chunks are independent.)
  /// With `absolute`, of |v| (the first level, as the lowering's).
  static std::vector<double> blockSums(const std::vector<double> &v,
                                       bool absolute = false);
  static double absSum(const std::vector<double> &values);
  static double autoThreshold(const std::vector<double> &values);
  double apply(double x, double t) const;
};

/// x if |x| >= t, else zero with the sign of x. NaN stays NaN.
struct Sparse {
  double threshold = 0.0;
  double apply(double x) const;
};

/// PyTorch's fake_quantize_per_tensor_affine: with c the compute type (f32
/// for f16/bf16/f32 elements, f64 for f64):
///   q = clamp(round(c(x) * c(1/c(scale))) + zp, qmin, qmax)
///   y = c(q - zp) * c(scale)
/// every operation rounded in c. `round` is the rounding mode (nearbyint =
/// nearest even by default). NaN stays NaN.
struct Affine {
  int bits = 8;
  bool isSigned = true;
  bool narrow = false;
  /// x / scale (ONNX's QuantizeLinear), one rounding, for x * c(1/scale).
  bool divide = false;
  Rounding rounding = Rounding::NearestEven;

  int64_t qmin() const;
  int64_t qmax() const;
  double apply(double x, double scale, int64_t zeroPoint, bool computeF32,
               uint32_t random) const;
};

//===----------------------------------------------------------------------===//
// Tensors and tensor-level quantizers.
//===----------------------------------------------------------------------===//

/// `first` times the product of `dims` (a shape's element count, or with
/// `first` = the element size its bytes), or nullopt when it overflows
/// int64_t: a shape from a file or a type may claim 2^62 elements.
template <typename Dims>
std::optional<int64_t> checkedProduct(const Dims &dims, int64_t first = 1) {
  int64_t n = first;
  for (int64_t d : dims)
    if (__builtin_mul_overflow(n, d, &n))
      return std::nullopt;
  return n;
}

/// A row-major tensor of exact values of element type `elem`. A scalar has an
/// empty shape and one value; a vector is a rank-1 (or n-D) tensor.
struct Tensor {
  std::vector<double> data;
  std::vector<int64_t> shape;
  ElemType elem = ElemType::F32;
};

/// The channel of each element along an axis (per-channel formats): element
/// i of a row-major tensor of `shape` is in channel (i / inner) % dim; no
/// axis puts every element in channel 0.
struct ChannelIndex {
  ChannelIndex(const std::vector<int64_t> &shape, std::optional<int64_t> axis);
  int64_t channels() const { return dim; }
  size_t operator()(size_t i) const {
    return size_t((int64_t(i) / inner) % dim);
  }

private:
  int64_t inner = 1, dim = 1;
};

/// Calls `fn(indices)` for every block of `blockSize` consecutive elements
/// along `axis` (the last block of a line may be shorter), in row-major order
/// of the blocks' first elements. `indices` are linear element indices.
void forEachBlock(const std::vector<int64_t> &shape, int64_t axis,
                  int64_t blockSize,
                  const std::function<void(const std::vector<int64_t> &)> &fn);

/// OCP Microscaling (MX v1.0, section 6.3): per block, shared exponent
/// s = floor(log2(max|x|)) - emax(element), clamped to the E8M0 range
/// [-127, 127]; each element becomes element(x / 2^s) * 2^s, the element
/// conversion saturating. A block holding NaN or Inf becomes all NaN.
/// `scaleRounding` chooses s otherwise (scaleExponent).
struct MX {
  MXElement element = MXElement::FP8E4M3;
  int64_t blockSize = 32;
  Rounding rounding = Rounding::NearestEven;
  MXScaleRounding scaleRounding = MXScaleRounding::Floor;
  static int elementMaxExp(MXElement element);
  /// Stored significand bits of the element (INT8: its 6 fractional bits).
  static int elementManBits(MXElement element);
  /// The element's largest finite magnitude (INT8: 127/64).
  static double elementMaxValue(MXElement element);
  /// RCEIL's 1 / elementMaxValue, rounded once to the compute type of
  /// values of type `elem` (f32 for f16/bf16/f32, f64 for f64).
  static double rceilReciprocal(MXElement element, ElemType elem);
  /// The scale exponent of a block whose largest magnitude is `amax`
  /// (finite; values of type `elem`), clamped to [-127, 127]. With
  /// e = floor(log2 A) and emax the element's largest exponent:
  ///   floor (OCP v1.0): s = e - emax;
  ///   ceil:  s = ceil(log2 A) - emax;
  ///   even:  s = e + c - emax, c = 1 when A's significand rounded half up
  ///          to the element's significand bits m carries (A >= 2^e *
  ///          (2 - 2^-(m+1))), else 0 (torchao's EVEN);
  ///   rceil: s = ceil(log2 D), D = A * r rounded to the compute type, r =
  ///          rceilReciprocal (cuBLAS's and torchao's RCEIL: the smallest
  ///          power of two with A / 2^s <= the element's maximum, up to
  ///          D's rounding); D = 0 gives -127.
  /// An all-zero block (A = 0) takes -emax in every mode.
  int scaleExponent(double amax, ElemType elem) const;
  /// The element's float format (saturating); not for INT8.
  static FloatFormat elementFormat(MXElement element, Rounding rounding);
  /// MXINT8's element: fixed<8, 6>.
  static FixedPoint int8Format(Rounding rounding);
  void apply(Tensor &t, int64_t axis, uint64_t seed, uint64_t offset) const;
};

/// FP8 with a float scale per line (torchao's float8 "rowwise" recipe) or
/// for the whole tensor ("tensorwise"): every line of the tensor along
/// `axis` (the elements that differ only in that index), or the whole
/// tensor when `axis` is nullopt, has A = max|x| and the f32 scale
/// s = (M / max(A, 1e-12)) computed in f64 and rounded to f32, M the
/// element's largest value (448 for E4M3, 57344 for E5M2). Each element
/// becomes (element(x * s)) / s, the element conversion rounding to
/// nearest even and saturating, the product and quotient rounded to the
/// compute type (f32 for f16/bf16/f32 values, f64 for f64). A line (a
/// tensor) holding NaN or Inf becomes all NaN.
struct ScaledFloat {
  MXElement element = MXElement::FP8E4M3; // FP8E4M3 or FP8E5M2
  /// The line's scale (an f32 value) from its largest magnitude.
  double scale(double amax) const;
  /// The element format: nearest even, saturating.
  FloatFormat format() const;
  /// One element under the scale s: c(f(c(x * s)) / s), c the compute type
  /// (toCompute), f = format().
  static double quantize(const FloatFormat &f, double x, double s,
                         ElemType elem);
  void apply(Tensor &t, std::optional<int64_t> axis) const;
  /// Static (calibrated) scales: s = scale(amax[i]) for the elements at
  /// index i along `axis` (nullopt: amax holds one value, for the whole
  /// tensor); each element quantized on its own.
  void applyStatic(Tensor &t, const std::vector<double> &amax,
                   std::optional<int64_t> axis) const;
};

/// Blocks with a float scale under an optional f32 tensor scale: NVIDIA's
/// NVFP4 (E2M1 elements, blocks of 16, E4M3 scales, a per-tensor scale) as
/// Transformer Engine's reference quantizer computes it, and OCP-style
/// blocks with a float scale instead of E8M0. In the compute type c, with
/// Me and Ms the element's and the scale format's largest values:
///   S   = tensorScale ? min(c(Ms * Me / A_t), max_c) : 1
///         (A_t = max|x| over the tensor; A_t = 0 gives max_c)
///   s_b = scale(min(c(c(A_b / Me) * S), Ms))  (round to nearest even)
///   e_b = min(c(S / s_b), max_c)               (s_b = 0 gives max_c)
///   y   = c(c(q * s_b) / S),  q = element(c(x * e_b))
/// A_b the block's largest magnitude; the element conversion rounds with
/// `rounding` and saturates; q * s_b is exact. A block holding NaN or Inf,
/// and with a tensor scale every block of a tensor holding one, becomes
/// all NaN.
struct BlockScaled {
  MXElement element = MXElement::FP4E2M1; // a float element
  int64_t blockSize = 16;
  MXElement scale = MXElement::FP8E4M3; // FP8E4M3 or FP8E5M2
  bool tensorScale = true;
  Rounding rounding = Rounding::NearestEven;
  /// With tensorScale: the static tensor amax (calibrated) that S comes
  /// from; nullopt measures the tensor's largest magnitude.
  std::optional<double> tensorAmax;
  /// S from the tensor's largest magnitude (finite).
  double tensorEncodeScale(double tensorAmax, ElemType elem) const;
  /// s_b, a value of the scale format.
  double blockDecodeScale(double blockAmax, double S, ElemType elem) const;
  void apply(Tensor &t, int64_t axis, uint64_t seed, uint64_t offset) const;
};

/// Group-wise integers (LLM weights, as GPTQ's quantizer defines them):
/// per group of `groupSize` consecutive elements along an axis, with lo =
/// min(min x, 0) and hi = max(max x, 0) (symmetric: hi = max|x|, lo = -hi;
/// both 0: lo = -1, hi = 1), in the compute type c and qmax = 2^bits - 1:
///   s = scaleType(c((hi - lo) / qmax))   (nearest even, saturating; a
///       scale rounded to 0 takes the scale type's smallest positive value)
///   z = symmetric ? 2^(bits-1) : clamp(round(c(-lo / s)), 0, qmax)
///   y = c(s * (q - z)),  q = clamp(round(c(x / s)) + z, 0, qmax)
/// round = nearest even. A group holding NaN or Inf becomes all NaN.
struct GroupInt {
  int bits = 4;
  int64_t groupSize = 128;
  bool symmetric = false;
  ElemType scaleType = ElemType::F16; // F16, BF16 or F32
  int64_t qmax() const { return (int64_t(1) << bits) - 1; }
  /// The group's scale s (a value of scaleType) and zero point z from its
  /// smallest and largest value (finite).
  std::pair<double, int64_t> scaleAndZero(double minValue, double maxValue,
                                          ElemType elem) const;
  void apply(Tensor &t, int64_t axis) const;
};

/// Block floating point: per block, E = floor(log2(max|x|)); elements become
/// signed `bits`-bit integers times 2^(E - bits + 2), saturating (QPyTorch's
/// BlockFloatingPoint). A block holding NaN or Inf becomes all NaN.
struct BlockFloat {
  int bits = 8;
  int64_t blockSize = 32;
  Rounding rounding = Rounding::NearestEven;
  /// The elements: `bits`-bit fixed point with `bits - 2` fractional bits,
  /// scaled by 2^(the block's largest exponent).
  FixedPoint elementFormat() const;
  void apply(Tensor &t, int64_t axis, uint64_t seed, uint64_t offset) const;
};

/// Applies an elementwise quantizer `fn(x, random)` to every element; random
/// words are drawn only when `stochastic`.
void applyElementwise(Tensor &t, bool stochastic, uint64_t seed,
                      uint64_t offset,
                      const std::function<double(double, uint32_t)> &fn);

/// Per-tensor (axis = nullopt, one scale) or per-channel affine fake-quant.
void applyAffine(Tensor &t, const Affine &q, const std::vector<double> &scales,
                 const std::vector<int64_t> &zeroPoints,
                 std::optional<int64_t> axis, uint64_t seed, uint64_t offset);

/// Rounds every value of `t` into its element type (see roundToElement).
void roundTensorToElement(Tensor &t);

} // namespace tq::ref

#endif // TQ_REFERENCE_REFERENCE_H
