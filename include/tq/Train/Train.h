//===- Train.h - Training a model in emulated formats -----------*- C++ -*-===//
//
// What tq-train is built on: import a model (ONNX or TOSA) with a fixed
// batch, insert the inference quantizers of a map (tq-insert, without
// folding the weights: they are the float master copies), differentiate it
// with an optimizer and the training roles of the same map
// (tq-differentiate), compile the training step and the evaluation once,
// and run the step over shuffled batches, keeping the parameters and the
// optimizer state in the buffers the step writes (tq::BoundCall). See
// docs/train.md.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_TRAIN_TRAIN_H
#define TQ_TRAIN_TRAIN_H

#include "tq/Runner/Npy.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tq {

struct TrainOptions {
  /// An ONNX model or a TOSA module whose entry returns logits [batch, K].
  std::string model;
  /// Its function (empty: as tq-run picks it).
  std::string entry;
  /// Training and test data: images as float32 .npy (N x the input's shape
  /// without its batch dimension), labels as integer .npy (N).
  std::string trainX, trainY, testX, testY;
  /// Or Fashion-MNIST's IDX files (train-images-idx3-ubyte.gz, ...) in this
  /// folder, as pixel / 255 in N x 1 x 28 x 28.
  std::string fashionDir;
  /// Use only the first N training / test examples (0: all).
  int64_t trainLimit = 0, testLimit = 0;

  int64_t batch = 64, epochs = 1;
  std::string optimizer = "sgd"; // sgd or adam
  double lr = 0.01, momentum = 0, weightDecay = 0;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  /// Learning rate of epoch e (0-based): constant; step:
  /// lr * gamma^floor(e / stepSize); cosine: lr * (1 + cos(pi e / epochs)) / 2.
  std::string schedule = "constant";
  int64_t stepSize = 1;
  double gamma = 0.1;
  /// Seeds the data order (epochOrder) and the stochastic quantizers.
  uint64_t seed = 0;

  /// A combined map: inference roles go to tq-insert, training roles to
  /// tq-differentiate.
  std::string mapFile;
  std::string match = "substring";
  std::string ste = "plain";

  bool threads = false, gpu = false;
  /// Written after every epoch: the curves as CSV and PNG.
  std::string csv, png;
  /// The trained model: TOSA (.mlir) or, for an ONNX model, ONNX (.onnx).
  std::string out;
};

struct EpochResult {
  int64_t epoch = 0; // 1-based
  double lr = 0, trainLoss = 0, testLoss = 0, testAccuracy = 0;
  int64_t testCorrect = 0, testCount = 0;
  double seconds = 0; // training steps only
};

/// The order of the n training examples in epoch `epoch` (0-based):
/// Fisher-Yates driven by SplitMix64 seeded with
/// seed ^ ((epoch + 1) * 0xD1B54A32D192ED03) (docs/train.md), the same as
/// examples/fashion/train_reference.py.
std::vector<int64_t> epochOrder(uint64_t seed, int64_t epoch, int64_t n);

/// The learning rate of epoch `epoch` (0-based) under `options.schedule`.
double learningRate(const TrainOptions &options, int64_t epoch);

/// Checks the options (names, ranges) without reading anything.
llvm::Error checkTrainOptions(const TrainOptions &options);

struct TrainCallbacks {
  /// After compiling: seconds spent, number of parameters and their elements.
  llvm::function_ref<void(double, int64_t, int64_t)> compiled;
  /// After each step of an epoch: steps done and in the epoch, seconds
  /// so far, the mean loss of the epoch's steps so far.
  llvm::function_ref<void(int64_t done, int64_t total, double seconds,
                          double meanLoss)>
      step;
  llvm::function_ref<void(const EpochResult &)> epoch;
};

/// Trains as `options` say; errors name the file or option at fault.
llvm::Expected<std::vector<EpochResult>> train(const TrainOptions &options,
                                               const TrainCallbacks &callbacks);

} // namespace tq

#endif // TQ_TRAIN_TRAIN_H
