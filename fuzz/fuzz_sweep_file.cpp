//===- fuzz_sweep_file.cpp - Fuzzes the sweep-file reader -----------------===//
//
// Input: a sweep file (JSON). parseSweepFile reads it; a file that reads is
// expanded against a small made-up model (three named ops, one without
// weights) and every configuration's pipeline options are built. Checks,
// beyond "no crash": every error has a message; expandSweep's promise that
// sweepPipelineOptions cannot fail on its result; configurations within
// the limit.
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
    m.activations["conv2d"] = {3.5, 40.0, 64};
    m.activations["conv2d_1"] = {0.0, 0.0, 16}; // all zeros
    m.activations["relu"] = {1e30, 1e31, 8};
    m.activations["dense"] = {0.75, 1.5, 10};
    m.weights["conv2d"] = {0.25, 2.0, 72};
    m.weights["conv2d_1"] = {1e-30, 1e-29, 9};
    m.weights["dense"] = {8.0, 20.0, 100};
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
  for (const SweepConfig &config : *configs) {
    Expected<std::string> pipeline = sweepPipelineOptions(config, model());
    if (!pipeline)
      finding("sweepPipelineOptions fails on a configuration of expandSweep ('" +
              escaped(config.quantizer) + "' at " + config.where +
              "): " + message(pipeline.takeError()) + "\ninput: \"" +
              escaped(text) + "\"");
  }
  return 0;
}
