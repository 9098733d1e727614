//===- Train.cpp - Training a model in emulated formats -------------------===//
//
// The loop of tq-train: one compiled @<f>_train_step called per batch on
// bound buffers, the parameters and optimizer state fed back from its
// results (no copy), @<f>_eval once per epoch on the test set.
//
//===----------------------------------------------------------------------===//

#include "tq/Train/Train.h"

#include "tq/Autodiff/Autodiff.h"
#include "tq/Dialect/TQ/Transforms/QuantMap.h"
#include "tq/Import/ONNX.h"
#include "tq/Pipelines/QuantizePipeline.h"
#include "tq/Runner/Runner.h"
#include "tq/Support/AtomicFile.h"
#include "tq/Support/Plot.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

#include <zlib.h>

#include <chrono>
#include <cmath>
#include <cstring>

using namespace mlir;
using llvm::Expected;
using llvm::StringRef;

namespace tq {

static llvm::Error err(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::vector<int64_t> epochOrder(uint64_t seed, int64_t epoch, int64_t n) {
  uint64_t state = seed ^ (uint64_t(epoch + 1) * 0xD1B54A32D192ED03ull);
  auto next = [&] {
    state += 0x9E3779B97F4A7C15ull;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  std::vector<int64_t> order(n);
  for (int64_t i = 0; i < n; ++i)
    order[i] = i;
  for (int64_t i = n - 1; i > 0; --i)
    std::swap(order[i], order[next() % uint64_t(i + 1)]);
  return order;
}

double learningRate(const TrainOptions &o, int64_t epoch) {
  if (o.schedule == "step")
    return o.lr * std::pow(o.gamma, double(epoch / o.stepSize));
  if (o.schedule == "cosine")
    return o.lr * 0.5 * (1 + std::cos(M_PI * double(epoch) / double(o.epochs)));
  return o.lr;
}

llvm::Error checkTrainOptions(const TrainOptions &o) {
  if (o.optimizer != "sgd" && o.optimizer != "adam")
    return err("unknown optimizer '" + o.optimizer + "' (sgd, adam)");
  if (o.schedule != "constant" && o.schedule != "step" && o.schedule != "cosine")
    return err("unknown schedule '" + o.schedule +
               "' (constant, step, cosine)");
  if (o.ste != "plain" && o.ste != "clipped")
    return err("unknown ste '" + o.ste + "' (plain, clipped)");
  if (!parseMatchMode(o.match))
    return err("unknown match mode '" + o.match +
               "' (substring, exact, glob, regex)");
  if (o.batch < 1)
    return err("--batch must be at least 1");
  if (o.epochs < 0)
    return err("--epochs must not be negative");
  if (o.stepSize < 1)
    return err("--step-size must be at least 1");
  if (!(o.lr >= 0) || !std::isfinite(o.lr))
    return err("--lr must be a finite number >= 0");
  if (o.optimizer == "adam" && !(o.beta1 >= 0 && o.beta1 < 1 && o.beta2 >= 0 &&
                                 o.beta2 < 1))
    return err("--beta1 and --beta2 must be in [0, 1)");
  if (o.fashionDir.empty() && (o.trainX.empty() || o.trainY.empty()))
    return err("no training data: give --train-x and --train-y, or "
               "--fashion-mnist DIR");
  if (o.trainLimit < 0 || o.testLimit < 0)
    return err("--train-limit and --test-limit must not be negative");
  if (o.gpu && o.threads)
    return err("--gpu and --parallel exclude each other");
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Data
//===----------------------------------------------------------------------===//

namespace {
/// Examples as float32 rows and int32 labels.
struct Dataset {
  std::vector<float> x;
  std::vector<int32_t> y;
  llvm::SmallVector<int64_t> shape; // of one example
  int64_t count = 0;
  int64_t rowElements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};
} // namespace

/// Reads a gzip'ed IDX file (big-endian header: magic, dimensions).
static Expected<std::vector<uint8_t>> readIdx(StringRef path,
                                              SmallVectorImpl<int64_t> &dims) {
  gzFile f = gzopen(path.str().c_str(), "rb");
  if (!f)
    return err("cannot open '" + path + "'");
  std::vector<uint8_t> bytes;
  char chunk[1 << 16];
  int n;
  while ((n = gzread(f, chunk, sizeof(chunk))) > 0)
    bytes.insert(bytes.end(), chunk, chunk + n);
  int status;
  const char *message = gzerror(f, &status);
  gzclose(f);
  if (n < 0 || (status != Z_OK && status != Z_STREAM_END))
    return err("'" + path + "' is not a readable gzip file: " + message);
  auto be32 = [&](size_t at) {
    return uint32_t(bytes[at]) << 24 | uint32_t(bytes[at + 1]) << 16 |
           uint32_t(bytes[at + 2]) << 8 | uint32_t(bytes[at + 3]);
  };
  if (bytes.size() < 4 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 8)
    return err("'" + path + "' is not an IDX file of unsigned bytes");
  unsigned rank = bytes[3];
  if (rank == 0 || bytes.size() < 4 + 4 * size_t(rank))
    return err("'" + path + "': truncated IDX header");
  uint64_t total = 1;
  for (unsigned r = 0; r < rank; ++r) {
    dims.push_back(be32(4 + 4 * r));
    total *= uint64_t(dims.back());
  }
  size_t header = 4 + 4 * size_t(rank);
  if (bytes.size() - header != total)
    return err("'" + path + "': " + llvm::Twine(bytes.size() - header) +
               " data bytes, its header says " + llvm::Twine(total));
  bytes.erase(bytes.begin(), bytes.begin() + header);
  return bytes;
}

static Expected<Dataset> readFashion(StringRef dir, bool train, int64_t limit) {
  SmallString<256> images(dir), labels(dir);
  llvm::sys::path::append(images, train ? "train-images-idx3-ubyte.gz"
                                        : "t10k-images-idx3-ubyte.gz");
  llvm::sys::path::append(labels, train ? "train-labels-idx1-ubyte.gz"
                                        : "t10k-labels-idx1-ubyte.gz");
  SmallVector<int64_t> idims, ldims;
  auto pixels = readIdx(images, idims);
  if (!pixels)
    return pixels.takeError();
  auto classes = readIdx(labels, ldims);
  if (!classes)
    return classes.takeError();
  if (idims.size() != 3 || ldims.size() != 1 || idims[0] != ldims[0])
    return err("'" + images + "' and '" + labels +
               "' are not N x H x W images and N labels");
  Dataset d;
  d.count = limit ? std::min(limit, idims[0]) : idims[0];
  d.shape = {1, idims[1], idims[2]};
  int64_t row = idims[1] * idims[2];
  d.x.resize(size_t(d.count * row));
  for (int64_t i = 0; i < d.count * row; ++i)
    d.x[i] = float((*pixels)[i]) / 255.0f;
  d.y.assign(classes->begin(), classes->begin() + d.count);
  return d;
}

static Expected<Dataset> readNpyData(StringRef xPath, StringRef yPath,
                                     int64_t limit) {
  Expected<NpyArray> x = readNpy(xPath);
  if (!x)
    return x.takeError();
  Expected<NpyArray> y = readNpy(yPath);
  if (!y)
    return y.takeError();
  if (x->kind != 'f' || x->itemSize != 4 || x->shape.empty())
    return err("'" + xPath + "': expected float32 examples (N x ...), got " +
               x->descr() + " " + x->shapeString());
  if ((y->kind != 'i' && y->kind != 'u') || y->shape.size() != 1)
    return err("'" + yPath + "': expected integer labels (N), got " +
               y->descr() + " " + y->shapeString());
  if (y->shape[0] != x->shape[0])
    return err("'" + yPath + "' has " + llvm::Twine(y->shape[0]) +
               " labels for the " + llvm::Twine(x->shape[0]) +
               " examples of '" + xPath + "'");
  Dataset d;
  d.count = limit ? std::min(limit, x->shape[0]) : x->shape[0];
  d.shape.assign(x->shape.begin() + 1, x->shape.end());
  int64_t row = d.rowElements();
  d.x.resize(size_t(d.count * row));
  std::memcpy(d.x.data(), x->data.data(), d.x.size() * 4);
  d.y.resize(d.count);
  for (int64_t i = 0; i < d.count; ++i) {
    int64_t v = 0;
    const char *p = y->data.data() + i * y->itemSize;
    if (y->kind == 'u') {
      uint64_t u = 0;
      std::memcpy(&u, p, y->itemSize);
      v = int64_t(u);
    } else {
      switch (y->itemSize) {
      case 1: v = int8_t(*p); break;
      case 2: { int16_t t; std::memcpy(&t, p, 2); v = t; break; }
      case 4: { int32_t t; std::memcpy(&t, p, 4); v = t; break; }
      default: std::memcpy(&v, p, 8);
      }
    }
    d.y[i] = int32_t(v);
  }
  return d;
}

//===----------------------------------------------------------------------===//
// Outputs
//===----------------------------------------------------------------------===//


static llvm::Error writeCurves(const TrainOptions &o,
                               ArrayRef<EpochResult> results) {
  if (!o.csv.empty()) {
    std::string text = "epoch,lr,train_loss,test_loss,test_accuracy,seconds\n";
    for (const EpochResult &r : results)
      llvm::raw_string_ostream(text)
          << r.epoch << "," << llvm::format("%.17g", r.lr) << ","
          << llvm::format("%.17g", r.trainLoss) << ","
          << llvm::format("%.17g", r.testLoss) << ","
          << llvm::format("%.6g", r.testAccuracy) << ","
          << llvm::format("%.3f", r.seconds) << "\n";
    if (llvm::Error e = writeFileAtomically(o.csv, text))
      return e;
  }
  if (!o.png.empty()) {
    Chart loss{"loss", "epoch", "cross-entropy", {}}, accuracy{
                                                       "test accuracy", "epoch",
                                                       "accuracy", {}};
    Series train{"train", {}, {}}, test{"test", {}, {}}, acc{"test", {}, {}};
    for (const EpochResult &r : results) {
      train.x.push_back(r.epoch);
      train.y.push_back(r.trainLoss);
      test.x.push_back(r.epoch);
      test.y.push_back(r.testLoss);
      acc.x.push_back(r.epoch);
      acc.y.push_back(r.testAccuracy);
    }
    loss.series = {train, test};
    accuracy.series = {acc};
    if (llvm::Error e = writeLineChartsPNG(o.png, {loss, accuracy}))
      return e;
  }
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// The loop
//===----------------------------------------------------------------------===//

/// A copy of `module` with only `keep` among its functions.
static OwningOpRef<ModuleOp> moduleWith(ModuleOp module, StringRef keep) {
  OwningOpRef<ModuleOp> copy = module.clone();
  for (auto f : llvm::make_early_inc_range(copy->getOps<func::FuncOp>()))
    if (f.getSymName() != keep)
      f.erase();
  return copy;
}

/// The trained model: @<f>_eval with the parameters as constants, named
/// as @f, alone in its module.
static llvm::Error writeTrainedMLIR(ModuleOp module, StringRef evalName,
                                    StringRef entry, unsigned firstParam,
                                    ArrayRef<NpyArray> params,
                                    ArrayRef<std::string> names,
                                    StringRef path) {
  OwningOpRef<ModuleOp> copy = moduleWith(module, evalName);
  auto f = cast<func::FuncOp>(SymbolTable::lookupSymbolIn(*copy, evalName));
  Block &body = f.getBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(&body);
  for (auto [i, p] : llvm::enumerate(params)) {
    BlockArgument arg = body.getArgument(firstParam + i);
    auto type = cast<RankedTensorType>(arg.getType());
    if (!type.getElementType().isF32())
      return err("--out: parameter '" + names[i] +
                 "' is not f32; only f32 parameters are written");
    ArrayRef<float> values(reinterpret_cast<const float *>(p.data.data()),
                           p.numElements());
    auto attr = DenseElementsAttr::get(type, values);
    Location loc = names[i].empty()
                       ? arg.getLoc()
                       : Location(NameLoc::get(b.getStringAttr(names[i])));
    Value c = tosa::ConstOp::create(b, loc, type, attr);
    arg.replaceAllUsesWith(c);
  }
  llvm::BitVector erase(body.getNumArguments());
  for (unsigned i = 0; i < params.size(); ++i)
    erase.set(firstParam + i);
  if (failed(f.eraseArguments(erase)))
    return err("--out: cannot rewrite @" + evalName);
  f.setSymName(entry);
  std::string text;
  llvm::raw_string_ostream os(text);
  // With locations: they carry the names maps match (ONNX node and
  // initializer names).
  copy->print(os, OpPrintingFlags().enableDebugInfo(true, /*prettyForm=*/false));
  os << "\n";
  return writeFileAtomically(path, text);
}

static std::string dimsText(ArrayRef<int64_t> dims) {
  std::string text;
  for (int64_t d : dims)
    text += (text.empty() ? "" : "x") + std::to_string(d);
  return text.empty() ? "scalars" : text;
}

Expected<std::vector<EpochResult>> train(const TrainOptions &o,
                                         const TrainCallbacks &callbacks) {
  if (llvm::Error e = checkTrainOptions(o))
    return std::move(e);
  // Outputs go where a folder exists: found now, not after the training.
  for (const std::string &path : {o.csv, o.png, o.out}) {
    if (path.empty())
      continue;
    StringRef parent = llvm::sys::path::parent_path(path);
    if (!parent.empty() && !llvm::sys::fs::is_directory(parent))
      return err("cannot write '" + path + "': no folder '" + parent + "'");
  }
  auto start = std::chrono::steady_clock::now();

  // Data first: a wrong path should not wait for the compiler.
  Expected<Dataset> trainSet =
      o.fashionDir.empty() ? readNpyData(o.trainX, o.trainY, o.trainLimit)
                           : readFashion(o.fashionDir, true, o.trainLimit);
  if (!trainSet)
    return trainSet.takeError();
  Dataset testSet;
  bool haveTest = !o.fashionDir.empty() || (!o.testX.empty() && !o.testY.empty());
  if (haveTest) {
    Expected<Dataset> t =
        o.fashionDir.empty() ? readNpyData(o.testX, o.testY, o.testLimit)
                             : readFashion(o.fashionDir, false, o.testLimit);
    if (!t)
      return t.takeError();
    testSet = std::move(*t);
  }
  if (trainSet->count < o.batch)
    return err("the training set has " + llvm::Twine(trainSet->count) +
               " examples, fewer than one batch of " + llvm::Twine(o.batch));

  std::unique_ptr<MLIRContext> context = createRunnerContext();
  RunnerOptions ro;
  ro.entry = o.entry;
  ro.batch = o.batch;
  ro.threads = o.threads;
  ro.gpu = o.gpu;
  auto parsed = parseModelFile(o.model, *context, ro);
  if (!parsed)
    return parsed.takeError();
  OwningOpRef<ModuleOp> module = std::move(*parsed);
  Expected<std::string> entry = resolveEntry(*module, o.entry);
  if (!entry)
    return entry.takeError();
  auto f = dyn_cast_or_null<func::FuncOp>(
      SymbolTable::lookupSymbolIn(*module, *entry));
  if (!f)
    return err("@" + *entry + " is not a func.func of TOSA/linalg");
  if (f.getNumArguments() != 1)
    return err("@" + *entry + " takes " + llvm::Twine(f.getNumArguments()) +
               " arguments; tq-train feeds one (the examples)");
  auto inType = dyn_cast<RankedTensorType>(f.getArgumentTypes()[0]);
  if (!inType || !inType.hasStaticShape() || !inType.getElementType().isF32())
    return err("@" + *entry + "'s argument must be a static f32 tensor");
  if (ArrayRef<int64_t>(inType.getShape()).drop_front() !=
      ArrayRef<int64_t>(trainSet->shape))
  {
    std::string type;
    llvm::raw_string_ostream(type) << inType;
    return err("the examples are " + dimsText(trainSet->shape) + ", @" +
               *entry + " takes batches of " +
               dimsText(ArrayRef<int64_t>(inType.getShape()).drop_front()) +
               " (its argument is " + type + ")");
  }
  if (inType.getDimSize(0) != o.batch) {
    std::string type;
    llvm::raw_string_ostream(type) << inType;
    return err("@" + *entry + " takes a fixed batch of " +
               llvm::Twine(inType.getDimSize(0)) + " (" + type +
               "): give --batch " + llvm::Twine(inType.getDimSize(0)) +
               ", or export the model with a dynamic batch");
  }
  if (f.getNumResults() < 1 ||
      cast<RankedTensorType>(f.getResultTypes()[0]).getRank() != 2)
    return err("@" + *entry + "'s first result must be logits [batch, classes]");
  int64_t classes = cast<RankedTensorType>(f.getResultTypes()[0]).getDimSize(1);

  // Inference roles: tq-insert, the weights left as float master copies.
  QuantMaps maps;
  if (!o.mapFile.empty()) {
    auto buffer = llvm::MemoryBuffer::getFile(o.mapFile, /*IsText=*/true);
    if (!buffer)
      return err("cannot read map file '" + o.mapFile + "': " +
                 buffer.getError().message());
    if (failed(readQuantMap(context.get(), (*buffer)->getBuffer(), o.mapFile,
                            std::nullopt, maps)) ||
        failed(maps.compile(*parseMatchMode(o.match))))
      return err("invalid map file '" + o.mapFile + "' (see the errors above)");
    if (!maps.emptyFor(/*training=*/false)) {
      PassManager pm(context.get());
      std::string error;
      std::string pipeline = "map-file=" + o.mapFile + " match=" + o.match +
                             " seed=" + std::to_string(o.seed) +
                             " canonicalize=false fold-weights=false";
      if (failed(buildTQQuantizePipeline(pm, pipeline, error)))
        return err("invalid map options: " + error);
      if (failed(pm.run(*module)))
        return err("inserting the quantizers failed (see the errors above)");
    }
  }
  DifferentiateOptions d;
  d.loss = Loss::SoftmaxCrossEntropy;
  d.constants = true;
  d.optimizer = o.optimizer == "adam" ? Optimizer::Adam : Optimizer::SGD;
  d.momentum = o.momentum;
  d.weightDecay = o.weightDecay;
  d.beta1 = o.beta1;
  d.beta2 = o.beta2;
  d.eps = o.eps;
  d.ste = o.ste == "clipped" ? STE::Clipped : STE::Plain;
  d.maps = maps.emptyFor(/*training=*/true) ? nullptr : &maps;
  d.match = *parseMatchMode(o.match);
  d.seed = o.seed;
  // An ONNX model's parameters are its float initializers, as in the
  // framework it came from; constants the importer makes (a mean's
  // divisor, a norm's epsilon) stay constants.
  bool isONNX = false;
  if (auto bytes = llvm::MemoryBuffer::getFile(o.model))
    isONNX = looksLikeONNX((*bytes)->getBuffer());
  if (StringRef(o.out).ends_with(".onnx") && !isONNX)
    return err("--out " + o.out + ": ONNX is written for ONNX models only, and " +
               o.model + " is MLIR (write .mlir)");
  if (isONNX) {
    auto names = onnxFloatInitializerNames(o.model);
    if (!names)
      return names.takeError();
    d.parameterNames = std::move(*names);
  }
  if (failed(differentiate(f, d)))
    return err("differentiating @" + *entry + " failed (see the errors above)");
  for (const auto &list : maps.entries)
    for (const MapEntry &e : list)
      if (isTrainingRole(e.role) && e.matched == 0)
        emitWarning(e.loc) << "map entry \"" << e.key << "\": \"" << e.text
                           << "\" of the " << roleName(e.role)
                           << " map matched nothing";

  std::string stepName = *entry + "_train_step", evalName = *entry + "_eval",
              paramsName = *entry + "_params";
  auto paramsFn = cast<func::FuncOp>(
      SymbolTable::lookupSymbolIn(*module, paramsName));
  std::vector<std::string> names;
  for (unsigned i = 0; i < paramsFn.getNumResults(); ++i) {
    auto name = paramsFn.getResultAttrOfType<StringAttr>(i, "tq.name");
    names.push_back(name ? name.str() : "");
  }
  unsigned numParams = names.size();
  unsigned perParam = optimizerStatePerParameter(d);

  RunnerOptions co;
  co.threads = o.threads;
  co.gpu = o.gpu;
  co.entry = paramsName;
  RunnerOptions cpuOnly;
  cpuOnly.entry = paramsName;
  auto paramsModel = CompiledModel::compile(moduleWith(*module, paramsName), cpuOnly);
  if (!paramsModel)
    return paramsModel.takeError();
  auto initial = (*paramsModel)->run({});
  if (!initial)
    return initial.takeError();
  co.entry = stepName;
  auto stepModel = CompiledModel::compile(moduleWith(*module, stepName), co);
  if (!stepModel)
    return stepModel.takeError();
  co.entry = evalName;
  auto evalModel = CompiledModel::compile(moduleWith(*module, evalName), co);
  if (!evalModel)
    return evalModel.takeError();
  auto stepCall = (*stepModel)->bind();
  if (!stepCall)
    return stepCall.takeError();
  auto evalCall = (*evalModel)->bind();
  if (!evalCall)
    return evalCall.takeError();
  BoundCall &step = **stepCall, &eval = **evalCall;
  int64_t paramElements = 0;
  for (auto [i, p] : llvm::enumerate(*initial)) {
    std::memcpy(step.argument(2 + i).data(), p.data.data(), p.data.size());
    paramElements += p.numElements();
  }
  // The optimizer state starts at zero (bind() zero-fills).
  if (callbacks.compiled)
    callbacks.compiled(std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - start)
                           .count(),
                       numParams, paramElements);

  const int64_t B = o.batch, row = trainSet->rowElements();
  const int64_t batches = trainSet->count / B;
  const unsigned hyperArg = 2 + numParams * (1 + perParam);
  const unsigned stepArg = hyperArg + 1;
  int64_t t = 0; // steps so far
  std::vector<EpochResult> results;
  for (int64_t e = 0; e < o.epochs; ++e) {
    EpochResult r;
    r.epoch = e + 1;
    r.lr = learningRate(o, e);
    std::vector<int64_t> order = epochOrder(o.seed, e, trainSet->count);
    auto epochStart = std::chrono::steady_clock::now();
    double lossSum = 0;
    for (int64_t bi = 0; bi < batches; ++bi) {
      ++t;
      auto *x = reinterpret_cast<float *>(step.argument(0).data());
      auto *y = reinterpret_cast<int32_t *>(step.argument(1).data());
      for (int64_t k = 0; k < B; ++k) {
        int64_t i = order[bi * B + k];
        std::memcpy(x + k * row, trainSet->x.data() + i * row, row * 4);
        y[k] = trainSet->y[i];
      }
      float hyper[2];
      if (o.optimizer == "adam") {
        hyper[0] = float(r.lr / (1 - std::pow(o.beta1, double(t))));
        hyper[1] = float(std::sqrt(1 - std::pow(o.beta2, double(t))));
      } else {
        hyper[0] = float(r.lr);
        hyper[1] = 0;
      }
      std::memcpy(step.argument(hyperArg).data(), hyper, sizeof(hyper));
      std::memcpy(step.argument(stepArg).data(), &t, 8);
      if (llvm::Error err = step.invoke())
        return std::move(err);
      float loss;
      std::memcpy(&loss, step.result(0).data(), 4);
      lossSum += loss;
      for (unsigned i = 0; i < numParams * (1 + perParam); ++i)
        if (llvm::Error err = step.feedBack(1 + i, 2 + i))
          return std::move(err);
      if (callbacks.step)
        callbacks.step(bi + 1, batches,
                       std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - epochStart)
                           .count(),
                       lossSum / double(bi + 1));
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                              epochStart)
                    .count();
    r.trainLoss = batches ? lossSum / double(batches) : 0;

    if (haveTest && testSet.count > 0) {
      for (unsigned i = 0; i < numParams; ++i)
        std::memcpy(eval.argument(1 + i).data(), step.argument(2 + i).data(),
                    step.argument(2 + i).size());
      double lossTotal = 0;
      int64_t correct = 0;
      auto *x = reinterpret_cast<float *>(eval.argument(0).data());
      for (int64_t first = 0; first < testSet.count; first += B) {
        int64_t n = std::min(B, testSet.count - first);
        std::memcpy(x, testSet.x.data() + first * row, n * row * 4);
        if (n < B)
          std::memset(x + n * row, 0, (B - n) * row * 4);
        if (llvm::Error err = eval.invoke())
          return std::move(err);
        auto *logits = reinterpret_cast<const float *>(eval.result(0).data());
        for (int64_t k = 0; k < n; ++k) {
          const float *l = logits + k * classes;
          int64_t best = 0;
          double m = l[0];
          for (int64_t c = 1; c < classes; ++c)
            if (l[c] > l[best])
              best = c;
          for (int64_t c = 0; c < classes; ++c)
            m = std::max(m, double(l[c]));
          double sum = 0;
          for (int64_t c = 0; c < classes; ++c)
            sum += std::exp(double(l[c]) - m);
          int32_t label = testSet.y[first + k];
          if (label >= 0 && label < classes)
            lossTotal += m + std::log(sum) - double(l[label]);
          correct += best == label;
        }
      }
      r.testCount = testSet.count;
      r.testCorrect = correct;
      r.testAccuracy = double(correct) / double(testSet.count);
      r.testLoss = lossTotal / double(testSet.count);
    }
    results.push_back(r);
    if (callbacks.epoch)
      callbacks.epoch(r);
    if (llvm::Error e = writeCurves(o, results))
      return std::move(e);
  }

  if (!o.out.empty()) {
    std::vector<NpyArray> trained;
    for (unsigned i = 0; i < numParams; ++i) {
      NpyArray p = (*initial)[i];
      std::memcpy(p.data.data(), step.argument(2 + i).data(), p.data.size());
      trained.push_back(std::move(p));
    }
    if (StringRef(o.out).ends_with(".onnx")) {
      // The ONNX model with its initializers trained (writeONNXWithWeights
      // maps them back from the importer's layout).
      auto bytes =
          llvm::MemoryBuffer::getFile(o.model, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
      if (!bytes)
        return err("--out " + o.out + ": cannot read the model '" + o.model +
                   "' again: " + bytes.getError().message());
      if (!looksLikeONNX((*bytes)->getBuffer()))
        return err("--out " + o.out +
                   ": ONNX is written for ONNX models only, and " + o.model +
                   " is MLIR (write .mlir)");
      std::vector<TrainedWeight> weights;
      for (unsigned i = 0; i < numParams; ++i) {
        const NpyArray &p = trained[i];
        if (p.kind != 'f' || p.itemSize != 4 || p.bfloat16)
          return err("--out " + o.out + ": parameter '" + names[i] +
                     "' is not f32; only f32 parameters are written");
        auto *values = reinterpret_cast<const float *>(p.data.data());
        weights.push_back(
            {names[i], p.shape,
             std::vector<float>(values, values + p.numElements())});
      }
      ONNXImportOptions importOptions;
      importOptions.batch = o.batch; // as parseModelFile imported it
      if (llvm::Error e =
              writeONNXWithWeights(o.model, o.out, weights, importOptions))
        return std::move(e);
      return results;
    }
    if (llvm::Error e = writeTrainedMLIR(*module, evalName, *entry, 1, trained,
                                         names, o.out))
      return std::move(e);
  }
  return results;
}

} // namespace tq
