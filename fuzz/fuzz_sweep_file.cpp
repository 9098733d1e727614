//===- fuzz_sweep_file.cpp - Fuzzes the sweep-file reader -----------------===//
//
// Input: a sweep file (JSON). parseSweepFile reads it; a file that reads is
// expanded against a small made-up model (three named ops, one without
// weights) and every configuration's pipeline options are built (`fit`
// calibrated by every method). Checks, beyond "no crash": every error has
// a message; every configuration of expandSweep has its pipeline options;
// configurations within the limit.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "tq/Runner/SweepFile.h"

using namespace llvm;
using namespace tq;
using namespace tq::fuzz;

namespace {
FuzzContext fuzzContext;

const SweepModel &model() {
  static SweepModel m = [] {
    SweepModel m;
    m.names = {"conv2d", "conv2d_1", "relu", "dense"};
    // Values with the given largest magnitude (and zeros), weights per
    // channel along axis 0 of [2, n].
    auto data = [](double maxAbs, int n, bool weights) {
      CalibrationData d;
      std::vector<double> v(2 * n);
      for (int i = 0; i < 2 * n; ++i)
        v[i] = maxAbs * (i % 7 - 3) / 3.0;
      d.add(v, {2, n}, weights ? std::optional<int64_t>(0) : std::nullopt);
      return d;
    };
    m.activations["conv2d"] = data(3.5, 32, false);
    m.activations["conv2d_1"] = data(0.0, 8, false); // all zeros
    m.activations["relu"] = data(1e30, 4, false);
    m.activations["dense"] = data(0.75, 5, false);
    m.weights["conv2d"] = data(0.25, 36, true);
    m.weights["conv2d_1"] = data(1e-30, 5, true);
    m.weights["dense"] = data(8.0, 50, true);
    return m;
  }();
  return m;
}

std::string message(Error error) {
  std::string text = toString(std::move(error));
  if (text.empty())
    finding("an error without a message");
  return text;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext *ctx = fuzzContext.get();
  StringRef text(reinterpret_cast<const char *>(data), size);
  SweepOptions options;
  options.seed = 5;
  options.maxConfigs = 200; // keeps each input fast
  Expected<SweepFile> file = parseSweepFile(text, "fuzz.json", ctx, options);
  if (!file) {
    (void)message(file.takeError());
    return 0;
  }
  Expected<std::vector<SweepConfig>> configs =
      expandSweep(*file, model(), ctx, options);
  if (!configs) {
    (void)message(configs.takeError());
    return 0;
  }
  if (configs->size() > options.maxConfigs)
    finding(std::to_string(configs->size()) + " configurations, limit " +
            std::to_string(options.maxConfigs));
  for (const SweepConfig &config : *configs)
    if (!StringRef(config.options).starts_with("match=exact seed=") ||
        !(StringRef(config.options).contains(" weights=") ||
          StringRef(config.options).contains(" activations=")))
      finding("a configuration of expandSweep without its maps ('" +
              escaped(config.quantizer) + "' at " + config.where + "): '" +
              escaped(config.options) + "'\ninput: \"" + escaped(text) +
              "\"");
  return 0;
}
