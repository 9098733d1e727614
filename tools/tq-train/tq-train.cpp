//===- tq-train.cpp - Train a model in emulated number formats ------------===//
//
// tq-train MODEL (--fashion-mnist DIR | --train-x X.npy --train-y Y.npy
//                 [--test-x X.npy --test-y Y.npy]) [options]
//
// Compiles the model's training step once (tq-differentiate with an
// optimizer, the quantizers of --map-file in every role) and runs it over
// shuffled batches; evaluates on the test set each epoch; writes the curves
// (--csv, --png) and the trained model (--out). See docs/train.md.
//
//===----------------------------------------------------------------------===//

#include "tq/Runner/Runner.h"
#include "tq/Train/Train.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::OptionCategory category("tq-train options");
static cl::opt<std::string> modelFile(cl::Positional, cl::Required,
                                      cl::desc("<model.onnx|model.mlir>"),
                                      cl::cat(category));
static cl::opt<std::string> entry("e", cl::desc("Function to train (default: "
                                                "as tq-run picks it)"),
                                  cl::init(""), cl::cat(category));
static cl::opt<std::string>
    fashion("fashion-mnist",
            cl::desc("Folder of Fashion-MNIST's IDX .gz files (Debian's "
                     "dataset-fashion-mnist: /usr/share/datasets/"
                     "fashion-mnist)"),
            cl::cat(category));
static cl::opt<std::string> trainX("train-x", cl::desc("Training examples, float32 .npy"),
                                   cl::cat(category));
static cl::opt<std::string> trainY("train-y", cl::desc("Training labels, integer .npy"),
                                   cl::cat(category));
static cl::opt<std::string> testX("test-x", cl::desc("Test examples, float32 .npy"),
                                  cl::cat(category));
static cl::opt<std::string> testY("test-y", cl::desc("Test labels, integer .npy"),
                                  cl::cat(category));
static cl::opt<int64_t> trainLimit("train-limit",
                                   cl::desc("Use the first N training examples (0: all)"),
                                   cl::init(0), cl::cat(category));
static cl::opt<int64_t> testLimit("test-limit",
                                  cl::desc("Use the first N test examples (0: all)"),
                                  cl::init(0), cl::cat(category));
static cl::opt<int64_t> batch("batch", cl::desc("Batch size"), cl::init(64),
                              cl::cat(category));
static cl::opt<int64_t> epochs("epochs", cl::desc("Epochs"), cl::init(1),
                               cl::cat(category));
static cl::opt<std::string> optimizer("optimizer", cl::desc("sgd or adam"),
                                      cl::init("sgd"), cl::cat(category));
static cl::opt<double> lr("lr", cl::desc("Learning rate"), cl::init(0.01),
                          cl::cat(category));
static cl::opt<double> momentum("momentum", cl::desc("SGD momentum"),
                                cl::init(0), cl::cat(category));
static cl::opt<double> weightDecay("weight-decay", cl::desc("L2 weight decay"),
                                   cl::init(0), cl::cat(category));
static cl::opt<double> beta1("beta1", cl::desc("Adam beta1"), cl::init(0.9),
                             cl::cat(category));
static cl::opt<double> beta2("beta2", cl::desc("Adam beta2"), cl::init(0.999),
                             cl::cat(category));
static cl::opt<double> eps("eps", cl::desc("Adam epsilon"), cl::init(1e-8),
                           cl::cat(category));
static cl::opt<std::string>
    schedule("schedule",
             cl::desc("Learning rate per epoch: constant, step (lr * gamma^"
                      "floor(epoch / step-size)) or cosine"),
             cl::init("constant"), cl::cat(category));
static cl::opt<int64_t> stepSize("step-size", cl::desc("Epochs per step of "
                                                       "--schedule=step"),
                                 cl::init(1), cl::cat(category));
static cl::opt<double> gamma_("gamma", cl::desc("Factor of --schedule=step"),
                              cl::init(0.1), cl::cat(category));
static cl::opt<uint64_t> seed("seed",
                              cl::desc("Seed of the data order and the "
                                       "stochastic quantizers"),
                              cl::init(0), cl::cat(category));
static cl::opt<std::string>
    mapFile("map-file",
            cl::desc("Combined map: activations, weights, intrinsic, "
                     "gradients, weight-gradients, updates, optimizer-state"),
            cl::cat(category));
static cl::opt<std::string> match("match",
                                  cl::desc("How map keys match names: "
                                           "substring, exact, glob, regex"),
                                  cl::init("substring"), cl::cat(category));
static cl::opt<std::string> ste("ste",
                                cl::desc("Straight-through estimator: plain "
                                         "or clipped"),
                                cl::init("plain"), cl::cat(category));
static cl::opt<bool> threads("parallel",
                             cl::desc("Run the step's loops on all cores "
                                      "(OpenMP)"),
                             cl::cat(category));
static cl::opt<bool> gpu("gpu", cl::desc("Run the step on the CUDA GPU"),
                         cl::cat(category));
static cl::opt<std::string> csv("csv", cl::desc("Write the curves as CSV"),
                                cl::cat(category));
static cl::opt<std::string> png("png", cl::desc("Write the curves as PNG"),
                                cl::cat(category));
static cl::opt<std::string> out(
    "out",
    cl::desc("Write the trained model: .mlir (TOSA), or .onnx for an ONNX "
             "model (the model with its initializers trained)"),
    cl::cat(category));
static cl::opt<bool> quiet("quiet", cl::desc("No progress lines"),
                           cl::cat(category));

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "tq-train: train a model (ONNX or TOSA) in emulated number formats\n");

  tq::TrainOptions o;
  o.model = modelFile;
  o.entry = entry;
  o.fashionDir = fashion;
  o.trainX = trainX;
  o.trainY = trainY;
  o.testX = testX;
  o.testY = testY;
  o.trainLimit = trainLimit;
  o.testLimit = testLimit;
  o.batch = batch;
  o.epochs = epochs;
  o.optimizer = optimizer;
  o.lr = lr;
  o.momentum = momentum;
  o.weightDecay = weightDecay;
  o.beta1 = beta1;
  o.beta2 = beta2;
  o.eps = eps;
  o.schedule = schedule;
  o.stepSize = stepSize;
  o.gamma = gamma_;
  o.seed = seed;
  o.mapFile = mapFile;
  o.match = match;
  o.ste = ste;
  o.threads = threads;
  o.gpu = gpu;
  o.csv = csv;
  o.png = png;
  o.out = out;
  if (!fashion.empty() && (!trainX.empty() || !testX.empty()))
    return WithColor::error(errs(), "tq-train")
               << "give --fashion-mnist or --train-x/--test-x, not both\n",
           1;

  bool tty = !quiet && sys::Process::StandardErrIsDisplayed();
  auto lastDraw = std::chrono::steady_clock::now();
  tq::TrainCallbacks callbacks;
  auto compiled = [&](double seconds, int64_t params, int64_t elements) {
    if (!quiet)
      errs() << formatv("tq-train: compiled in {0:f1} s; {1} parameter "
                        "tensors, {2} values\n",
                        seconds, params, elements);
  };
  auto step = [&](int64_t done, int64_t total, double seconds,
                  double meanLoss) {
    if (!tty)
      return;
    auto now = std::chrono::steady_clock::now();
    if (done != total &&
        std::chrono::duration<double>(now - lastDraw).count() < 0.5)
      return;
    lastDraw = now;
    errs() << "\r" << tq::progressLine(done, total, seconds, "steps")
           << formatv(", loss {0:f4}   ", meanLoss);
  };
  auto epoch = [&](const tq::EpochResult &r) {
    if (quiet)
      return;
    if (tty)
      errs() << "\r\033[K";
    errs() << "epoch " << r.epoch << "/" << o.epochs << "  lr "
           << format("%.6g", r.lr)
           << formatv("  train loss {0:f4}", r.trainLoss);
    if (r.testCount)
      errs() << formatv("  test loss {0:f4}  test accuracy {1:f2}% "
                        "({2}/{3})",
                        r.testLoss, 100 * r.testAccuracy, r.testCorrect,
                        r.testCount);
    errs() << formatv("  {0:f1} s\n", r.seconds);
  };
  callbacks.compiled = compiled;
  callbacks.step = step;
  callbacks.epoch = epoch;
  auto results = tq::train(o, callbacks);
  if (!results) {
    WithColor::error(errs(), "tq-train") << toString(results.takeError())
                                         << "\n";
    return 1;
  }
  // The last epoch's figures on standard output, for scripts.
  if (!results->empty()) {
    const tq::EpochResult &r = results->back();
    outs() << "train_loss " << format("%.9g", r.trainLoss) << "\n";
    if (r.testCount)
      outs() << "test_accuracy " << format("%.6g", r.testAccuracy)
             << "\ntest_correct " << r.testCorrect << "/" << r.testCount
             << "\n";
  }
  return 0;
}
