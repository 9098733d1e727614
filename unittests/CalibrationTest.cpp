//===- CalibrationTest.cpp - Quantizer ranges fitted to data --------------===//
//
// tq/Runner/Calibration.h: method names, percentiles (numpy.percentile's
// values), the fitted quantizers of each family against hand computation
// and PyTorch's observers (torch.ao.quantization 1.13, values below), the
// searches of mse and kl against a direct evaluation, and the errors.
//
//===----------------------------------------------------------------------===//

#include "tq/Runner/Calibration.h"

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Reference/Reference.h"

#include "mlir/IR/MLIRContext.h"
#include "gtest/gtest.h"

#include <cmath>

using namespace tq;

namespace {

class CalibrationTest : public ::testing::Test {
protected:
  CalibrationTest() { ctx.getOrLoadDialect<TQDialect>(); }

  static CalibrationData data(std::vector<double> v,
                              std::vector<int64_t> shape = {},
                              std::optional<int64_t> axis = std::nullopt) {
    CalibrationData d;
    if (shape.empty())
      shape = {int64_t(v.size())};
    d.add(v, shape, axis);
    return d;
  }
  std::string fit(llvm::StringRef spec, llvm::StringRef method,
                  const CalibrationData &d) {
    llvm::Expected<Calibration> c = parseCalibration(method);
    EXPECT_TRUE(bool(c)) << method.str();
    if (!c) {
      llvm::consumeError(c.takeError());
      return "";
    }
    llvm::Expected<std::string> q = fitQuantizer(spec, *c, d, &ctx);
    if (!q)
      return "error: " + llvm::toString(q.takeError());
    return *q;
  }
  /// Mean squared error of `spec` on `values` (the reference semantics).
  double mse(const std::string &spec, const std::vector<double> &values) {
    QuantizerStringError error;
    QuantizerAttrInterface q = parseQuantizerString(&ctx, spec, error);
    EXPECT_TRUE(bool(q)) << spec << ": " << error.message;
    ref::Tensor t{values, {int64_t(values.size())}, ref::ElemType::F32};
    q.evaluate(t, 0, 0);
    double s = 0;
    for (size_t i = 0; i < values.size(); ++i)
      s += (t.data[i] - values[i]) * (t.data[i] - values[i]);
    return s / double(values.size());
  }

  mlir::MLIRContext ctx;
};

TEST_F(CalibrationTest, Names) {
  for (const char *n : {"max", "percentile=99.9", "mse", "kl", "mse/channel",
                        "percentile=50/channel"}) {
    llvm::Expected<Calibration> c = parseCalibration(n);
    ASSERT_TRUE(bool(c)) << n;
    EXPECT_EQ(c->name(), n);
  }
  EXPECT_EQ(parseCalibration("percentile")->name(), "percentile=99.99");
  EXPECT_EQ(parseCalibration("kl/tensor")->name(), "kl");
  EXPECT_EQ(parseCalibration(" percentile = 99 / channel")->name(),
            "percentile=99/channel");
  auto error = [](const char *text) {
    llvm::Expected<Calibration> c = parseCalibration(text);
    return c ? std::string("no error") : llvm::toString(c.takeError());
  };
  EXPECT_EQ(error("entropy"), "unknown calibration method 'entropy' "
                              "(expected max, percentile[=P], mse or kl)");
  EXPECT_EQ(error("max/"),
            "unknown granularity '' (expected tensor or channel)");
  EXPECT_EQ(error("max/row"),
            "unknown granularity 'row' (expected tensor or channel)");
  EXPECT_EQ(error("percentile=0"),
            "percentile needs a number in (0, 100], got '0'");
  EXPECT_EQ(error("percentile=101"),
            "percentile needs a number in (0, 100], got '101'");
  EXPECT_EQ(error("mse=3"), "calibration method 'mse' takes no value");
}

TEST_F(CalibrationTest, Percentile) {
  // numpy.percentile([3, 1, 4, 1, 5], q) for q = 0, 25, 50, 90, 100:
  // 1.0, 1.0, 3.0, 4.6, 5.0.
  std::vector<float> v{3, 1, 4, 1, 5};
  EXPECT_EQ(percentileOf(v, 0), 1.0);
  EXPECT_EQ(percentileOf(v, 25), 1.0);
  EXPECT_EQ(percentileOf(v, 50), 3.0);
  EXPECT_NEAR(percentileOf(v, 90), 4.6, 1e-12);
  EXPECT_EQ(percentileOf(v, 100), 5.0);
}

TEST_F(CalibrationTest, MaxPerTensor) {
  CalibrationData d = data({-1.0, 3.0, NAN, INFINITY});
  EXPECT_EQ(d.count, 2);
  // Fixed point: 8 bits, ceil(log2 3) = 2 integer bits: 5 fractional.
  EXPECT_EQ(fit("nearest,8,fit", "max", d), "nearest,8,5");
  // PyTorch's MinMaxObserver on [-1, 3]: qint8 affine 0.01568627543747425,
  // -64; symmetric 0.0235294122248888, 0; quint8 affine zero point 64,
  // symmetric 128; quint8 with quant range 0..15: 0.2666666805744171, 4.
  EXPECT_EQ(fit("affine,8,fit", "max", d), "affine,8,0.01568627543747425,-64");
  EXPECT_EQ(fit("affine,8,sym,fit", "max", d), "affine,8,0.0235294122248888,0");
  EXPECT_EQ(fit("affine,8,unsigned,fit", "max", d),
            "affine,8,0.01568627543747425,64,unsigned");
  EXPECT_EQ(fit("affine,8,unsigned,sym,fit", "max", d),
            "affine,8,0.0235294122248888,128,unsigned");
  EXPECT_EQ(fit("affine,4,unsigned,fit", "max", d),
            "affine,4,0.2666666805744171,4,unsigned");
  // Symmetric unsigned outside quint8's default range: PyTorch's
  // (quant_min + quant_max) // 2 = 7 for 0..15 (scale 3 / 7.5).
  EXPECT_EQ(fit("affine,4,unsigned,sym,fit", "max", d),
            "affine,4,0.4000000059604645,7,unsigned");
  // The last of signed and unsigned wins, as in the quantizer string.
  EXPECT_EQ(fit("affine,8,unsigned,signed,fit", "max", d),
            "affine,8,0.01568627543747425,-64,unsigned,signed");
  // A percentile below 50 is its complement: the range is not inverted.
  EXPECT_EQ(fit("affine,8,fit", "percentile=10", d),
            fit("affine,8,fit", "percentile=90", d));
  EXPECT_EQ(fit("fp8_e4m3,fit", "max", d), "fp8_e4m3_tensorwise,amax=3");
  EXPECT_EQ(fit("ternary,fit", "max", d), "ternary,2");
  // The static tensor amax of NVFP4 and of MX blocks with a tensor scale,
  // the options kept.
  EXPECT_EQ(fit("nvfp4,fit", "max", d), "nvfp4,amax=3");
  EXPECT_EQ(fit("nvfp4,stochastic,fit", "max", d), "nvfp4,stochastic,amax=3");
  EXPECT_EQ(fit("mxfp8,scale=fp8_e5m2,tensor_scale,fit", "max", d),
            "mxfp8,scale=fp8_e5m2,tensor_scale,amax=3");
  // Not a fit form: itself.
  EXPECT_EQ(fit("mxfp4", "mse", d), "mxfp4");
}

TEST_F(CalibrationTest, MaxPerChannel) {
  // PyTorch's PerChannelMinMaxObserver (axis 0, qint8) on
  // [[0.5, -0.25, 0.1], [-2, 1, 0]]: affine scales 0.0029411765281111,
  // 0.0117647061124444, zero points -43, 42; symmetric 0.003921568859368563,
  // 0.01568627543747425, 0, 0.
  CalibrationData w = data({0.5, -0.25, 0.1, -2.0, 1.0, 0.0}, {2, 3}, 0);
  EXPECT_EQ(fit("affine,8,fit", "max/channel", w),
            "affine,8,0.0029411765281111;0.0117647061124444,-43;42,axis=0");
  EXPECT_EQ(fit("affine,8,sym,fit", "max/channel", w),
            "affine,8,0.003921568859368563;0.01568627543747425,0;0,axis=0");
  EXPECT_EQ(fit("fp8_e5m2,fit", "max/channel", w),
            "fp8_e5m2_rowwise,axis=0,amax=0.5;2");
  // Along axis 1 (three channels).
  CalibrationData w1 = data({0.5, -0.25, 0.1, -2.0, 1.0, 0.0}, {2, 3}, 1);
  EXPECT_EQ(fit("fp8_e4m3,fit", "max/channel", w1),
            "fp8_e4m3_rowwise,axis=1,amax=2;1;0.10000000149011612");
}

TEST_F(CalibrationTest, PercentileFit) {
  // |x| = 0, 1, ..., 100: the 90th percentile is 90.
  std::vector<double> v;
  for (int i = 0; i <= 100; ++i)
    v.push_back(i % 2 ? -double(i) : double(i));
  CalibrationData d = data(v);
  EXPECT_EQ(fit("fp8_e4m3,fit", "percentile=90", d),
            "fp8_e4m3_tensorwise,amax=90");
  EXPECT_EQ(fit("nvfp4,fit", "percentile=90", d), "nvfp4,amax=90");
  // Asymmetric affine: the 10th and 90th percentiles of x (numpy: -79.0
  // and 80.0): scale f32(159 / 255), zero point -128 - round(-79 / s).
  std::string a = fit("affine,8,fit", "percentile=90", d);
  EXPECT_EQ(a, "affine,8,0.6235294342041016,-1");
}

TEST_F(CalibrationTest, SearchesClip) {
  // The quantiles of a Laplace distribution (heavy tails, |x| up to 8.3):
  // at 4 bits, covering the largest magnitude leaves the many small values
  // too coarse a step, so mse and kl clip.
  std::vector<double> v;
  const int n = 4000;
  for (int i = 0; i < n; ++i) {
    double u = (i + 0.5) / n;
    v.push_back(u < 0.5 ? std::log(2 * u) : -std::log(2 * (1 - u)));
  }
  CalibrationData d = data(v);
  for (const char *spec : {"nearest,4,fit", "affine,4,fit", "affine,4,sym,fit"}) {
    std::string byMax = fit(spec, "max", d), byMse = fit(spec, "mse", d),
                byKl = fit(spec, "kl", d);
    EXPECT_LT(mse(byMse, v), mse(byMax, v)) << spec << ": " << byMse;
    EXPECT_LT(mse(byKl, v), mse(byMax, v)) << spec << ": " << byKl;
  }
  // fp8 keeps its relative precision over the whole range: no search
  // does better than max by much, and none does worse.
  EXPECT_LE(mse(fit("fp8_e4m3,fit", "mse", d), v),
            mse(fit("fp8_e4m3,fit", "max", d), v));
  // For fixed point the search reaches every fractional split from the
  // one that covers the maximum up: the one it picks has the least error
  // of all.
  std::string best = fit("nearest,4,fit", "mse", d);
  for (int frac = -1; frac <= 6; ++frac)
    EXPECT_LE(mse(best, v), mse("nearest,4," + std::to_string(frac), v))
        << frac;
  EXPECT_EQ(best, "nearest,4,1");
  EXPECT_EQ(fit("nearest,4,fit", "kl", d), "nearest,4,0");
  // PyTorch as the oracle (MinMaxObserver(quant_min=-8, quant_max=7) for
  // the qparams of each range, fake_quantize_per_tensor_affine for the
  // error): the search over [a·min, a·max], a = 1, 0.99, ..., 0.01, is
  // best at a = 0.6 with scale 0.6635239720344543 and zero point 0; the
  // 1st and 99th percentiles (numpy) give 0.5199800729751587 and 0.
  EXPECT_EQ(fit("affine,4,fit", "mse", d), "affine,4,0.6635239720344543,0");
  EXPECT_EQ(fit("affine,4,fit", "percentile=99", d),
            "affine,4,0.5199800729751587,0");
  EXPECT_EQ(fit("affine,4,fit", "kl", d), "affine,4,0.7689275145530701,0");
}

TEST_F(CalibrationTest, Errors) {
  CalibrationData d = data({-1.0, 3.0});
  EXPECT_EQ(fit("ternary,fit", "mse", d),
            "error: \"ternary,fit\": calibration mse does not apply "
            "(binary,fit and ternary,fit take the mean magnitude, per tensor)");
  EXPECT_EQ(fit("nearest,8,fit", "max/channel", d),
            "error: \"nearest,8,fit\": calibration max/channel: fixed point "
            "has one format per tensor (per channel fits affine and fp8)");
  EXPECT_EQ(fit("affine,8,fit", "max/channel", d),
            "error: \"affine,8,fit\": calibration max/channel: the weights "
            "have no single output-channel axis");
  EXPECT_EQ(fit("fp8,fit", "max", d),
            "error: \"fp8,fit\": fit needs the form ROUNDING,BITS,fit, "
            "affine,BITS[,OPTIONS],fit, fp8_e4m3,fit, fp8_e5m2,fit, "
            "nvfp4[,OPTIONS],fit, MX,scale=TYPE,tensor_scale[,OPTIONS],fit, "
            "binary,fit or ternary,fit");
  EXPECT_EQ(fit("nvfp4,fit", "mse", d),
            "error: \"nvfp4,fit\": calibration mse does not apply (the "
            "tensor scale of block formats is fitted by max or percentile)");
  EXPECT_EQ(fit("nvfp4,fit", "max/channel", d),
            "error: \"nvfp4,fit\": calibration max/channel: the tensor "
            "scale is one per tensor");
  EXPECT_EQ(fit("nvfp4,block=0,fit", "max", d),
            "error: \"nvfp4,block=0,fit\": block_scaled block size must be "
            "at least 1, got 0");
  EXPECT_EQ(fit("mxfp4,tensor_scale,fit", "max", d),
            "error: \"mxfp4,tensor_scale,fit\": tensor_scale needs a float "
            "scale (scale=fp8_e4m3 or scale=fp8_e5m2)");
  EXPECT_EQ(fit("affine,40,fit", "max", d),
            "error: \"affine,40,fit\": affine fit needs the form "
            "affine,BITS[,OPTIONS],fit with BITS in 1..32");
  EXPECT_EQ(fit("affine,8,axis=0,fit", "max", d),
            "error: \"affine,8,axis=0,fit\": affine fit takes no axis (per "
            "channel is the calibration's /channel)");
  EXPECT_EQ(fit("affine,8,0.5,fit", "max", d),
            "error: \"affine,8,0.5,fit\": affine fit takes options only "
            "(sym, unsigned, narrow, a rounding), got '0.5'");
}

TEST_F(CalibrationTest, AllZeros) {
  CalibrationData d = data({0.0, -0.0, 0.0});
  EXPECT_EQ(fit("nearest,8,fit", "mse", d), "nearest,8,7");
  // As PyTorch's observer: the smallest scale (f32 epsilon) and the zero
  // point qmin - round(0 / scale).
  EXPECT_EQ(fit("affine,8,fit", "kl", d),
            "affine,8,1.1920928955078125e-07,-128");
  EXPECT_EQ(fit("fp8_e4m3,fit", "percentile", d),
            "fp8_e4m3_tensorwise,amax=0");
}

} // namespace
