//===- WriteWeights.cpp - Trained weights back into an ONNX model ---------===//
//
// tq-train's `--out model.onnx`: the model's own ModelProto with the trained
// initializers. The trained values are in the importer's layout; where each
// element goes is found by importing a probe, the model with the trained
// initializers numbered 0, 1, 2, ..., and reading the numbers back from the
// constants named after them. Whatever the importer does to an initializer
// (transposes, reshapes, copies), the probe sees it, so nothing here knows
// the importer's layouts.
//
//===----------------------------------------------------------------------===//

#include "ModelLoader.h"

#include "tq/Import/ONNX.h"
#include "tq/Support/AtomicFile.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <optional>

using namespace mlir;
using llvm::StringRef;

static llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

static std::string shapeText(ArrayRef<int64_t> shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s.empty() ? "scalar" : s;
}


llvm::Expected<std::vector<std::string>>
tq::onnxFloatInitializerNames(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return llvm::createStringError(buffer.getError(), "cannot read '" + path +
                                                          "': " +
                                                          buffer.getError().message());
  onnx::ModelProto model;
  if (llvm::Error e = onnx_import::parseModel((*buffer)->getBuffer(), path, model))
    return std::move(e);
  std::vector<std::string> names;
  for (const onnx::TensorProto &t : model.graph().initializer())
    if (t.data_type() == onnx::TensorProto::FLOAT ||
        t.data_type() == onnx::TensorProto::FLOAT16 ||
        t.data_type() == onnx::TensorProto::BFLOAT16 ||
        t.data_type() == onnx::TensorProto::DOUBLE)
      names.push_back(t.name());
  return names;
}

llvm::Error tq::writeONNXWithWeights(StringRef modelPath, StringRef outPath,
                                     ArrayRef<TrainedWeight> weights,
                                     const ONNXImportOptions &importOptions) {
  auto file = llvm::MemoryBuffer::getFile(modelPath, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return fail("cannot read '" + modelPath +
                "': " + file.getError().message());
  onnx::ModelProto model;
  if (llvm::Error e =
          onnx_import::parseModel((*file)->getBuffer(), modelPath, model))
    return e;
  onnx::GraphProto &graph = *model.mutable_graph();
  std::string folder = onnx_import::folderOf(modelPath);

  auto cannotMap = [&](const TrainedWeight &w, const llvm::Twine &why) {
    return fail(modelPath + ": cannot map the trained '" + w.name +
                "' back to its ONNX initializer: " + why);
  };

  // The initializer of each weight.
  llvm::StringMap<int> initializerIndex;
  for (int i = 0; i < graph.initializer_size(); ++i)
    initializerIndex.try_emplace(graph.initializer(i).name(), i);
  std::vector<int> target(weights.size());
  std::vector<int64_t> elements(graph.initializer_size(), -1);
  for (auto [i, w] : llvm::enumerate(weights)) {
    if (w.name.empty())
      return fail(modelPath + ": a trained parameter of shape " +
                  shapeText(w.shape) +
                  " has no name: its ONNX initializer is unknown");
    int64_t n = 1;
    for (int64_t d : w.shape)
      n *= d;
    if (n != int64_t(w.values.size()))
      return cannotMap(w, "it holds " + llvm::Twine(w.values.size()) +
                              " values for its shape " + shapeText(w.shape));
    auto it = initializerIndex.find(w.name);
    if (it == initializerIndex.end()) {
      for (const onnx::NodeProto &node : graph.node())
        if (node.name() == w.name)
          return cannotMap(w, "it is a constant the importer computed for "
                              "node '" +
                                  w.name + "' (" + node.op_type() +
                                  ") from the model's constants, not an "
                                  "initializer");
      return cannotMap(w, "the model has no initializer of that name");
    }
    const onnx::TensorProto &t = graph.initializer(it->second);
    if (t.data_type() != onnx::TensorProto::FLOAT)
      return cannotMap(w, "it is " +
                              onnx::TensorProto::DataType_Name(
                                  onnx::TensorProto::DataType(t.data_type())) +
                              "; only float32 initializers are written");
    int64_t count = 1;
    SmallVector<int64_t> dims;
    for (int64_t d : t.dims()) {
      dims.push_back(d);
      count *= d;
    }
    if (count != n)
      return cannotMap(w, "the initializer has " + llvm::Twine(count) +
                              " elements (" + shapeText(dims) +
                              "), the trained weight " + llvm::Twine(n) + " (" +
                              shapeText(w.shape) + ")");
    // The probe numbers the elements with floats, exact up to 2^24.
    if (n > (int64_t(1) << 24))
      return cannotMap(w, "it has " + llvm::Twine(n) +
                              " elements, more than the 2^24 the probe can "
                              "number exactly");
    target[i] = it->second;
    elements[it->second] = n;
  }

  // The probe: the trained initializers hold 0, 1, 2, ...
  std::string probeBytes;
  {
    onnx::ModelProto probe = model;
    for (int k = 0; k < graph.initializer_size(); ++k) {
      if (elements[k] < 0)
        continue;
      std::string raw(size_t(elements[k]) * 4, '\0');
      for (int64_t i = 0; i < elements[k]; ++i)
        llvm::support::endian::write32le(&raw[size_t(i) * 4],
                                         llvm::bit_cast<uint32_t>(float(i)));
      onnx::TensorProto *t = probe.mutable_graph()->mutable_initializer(k);
      t->clear_float_data();
      t->clear_external_data();
      t->clear_data_location();
      t->set_raw_data(std::move(raw));
    }
    if (!probe.SerializeToString(&probeBytes))
      return fail(modelPath + ": cannot serialize the probe model (larger than "
                              "protobuf's 2 GiB?)");
  }
  MLIRContext context(MLIRContext::Threading::DISABLED);
  std::string diagnostics;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
    if (d.getSeverity() == DiagnosticSeverity::Error)
      diagnostics += (diagnostics.empty() ? "" : "; ") + d.str();
    return success();
  });
  ONNXImportOptions options = importOptions;
  options.resourceThreshold = INT64_MAX; // dense literals, read back below
  OwningOpRef<ModuleOp> module =
      importONNX(probeBytes, modelPath, folder, context, options);
  if (!module)
    return fail(modelPath +
                ": the probe import that finds where the trained "
                "weights go fails: " +
                diagnostics);

  // The probe's f32 constants, by name.
  llvm::StringMap<SmallVector<DenseElementsAttr>> constants;
  module->walk([&](Operation *op) {
    if (op->getNumResults() != 1 || !op->hasTrait<OpTrait::ConstantLike>())
      return;
    auto name = dyn_cast<NameLoc>(op->getLoc());
    Attribute value;
    if (!name || !matchPattern(op->getResult(0), m_Constant(&value)))
      return;
    auto dense = dyn_cast<DenseElementsAttr>(value);
    if (dense && dense.getElementType().isF32())
      constants[name.getName().getValue()].push_back(dense);
  });

  // The trained values in the initializers' order.
  std::vector<std::optional<std::string>> data(graph.initializer_size());
  for (auto [i, w] : llvm::enumerate(weights)) {
    int64_t n = int64_t(w.values.size());
    std::optional<std::vector<int64_t>> order;
    for (DenseElementsAttr c : constants.lookup(w.name)) {
      if (c.getType().getShape() != ArrayRef<int64_t>(w.shape))
        continue;
      std::vector<int64_t> p;
      p.reserve(n);
      std::vector<bool> seen(n);
      for (float v : c.getValues<float>()) {
        if (!(v >= 0 && v < float(n) && v == std::floor(v)) || seen[int64_t(v)])
          return cannotMap(w, "the importer computes with it");
        seen[int64_t(v)] = true;
        p.push_back(int64_t(v));
      }
      if (int64_t(p.size()) != n)
        return cannotMap(w, "the importer computes with it");
      if (order && *order != p)
        return cannotMap(w, "the importer makes several constants of shape " +
                                shapeText(w.shape) +
                                " of it, in different element orders");
      order = std::move(p);
    }
    if (!order)
      return cannotMap(w, "the importer makes no constant of shape " +
                              shapeText(w.shape) +
                              " of it (imported with other options?)");
    std::string raw(size_t(n) * 4, '\0');
    for (int64_t p = 0; p < n; ++p)
      llvm::support::endian::write32le(&raw[size_t((*order)[p]) * 4],
                                       llvm::bit_cast<uint32_t>(w.values[p]));
    std::optional<std::string> &slot = data[target[i]];
    if (slot && *slot != raw)
      return cannotMap(w, "the importer makes several constants of it, "
                          "trained apart, and they now differ");
    slot = std::move(raw);
  }

  // The model as it was, with the trained initializers. External data of
  // the others stays where it is next to the model, and is written inline
  // when the output goes elsewhere.
  bool external = false;
  for (int k = 0; k < graph.initializer_size(); ++k)
    external |= !data[k] && graph.initializer(k).data_location() ==
                                onnx::TensorProto::EXTERNAL;
  bool sameFolder = false;
  if (external && (llvm::sys::fs::equivalent(
                       folder, onnx_import::folderOf(outPath), sameFolder) ||
                   !sameFolder))
    if (llvm::Error e =
            onnx_import::inlineExternalData(graph, modelPath, folder))
      return e;
  for (int k = 0; k < graph.initializer_size(); ++k) {
    if (!data[k])
      continue;
    onnx::TensorProto *t = graph.mutable_initializer(k);
    t->clear_float_data();
    t->clear_external_data();
    t->clear_data_location();
    t->set_raw_data(std::move(*data[k]));
  }
  std::string bytes;
  if (!model.SerializeToString(&bytes))
    return fail("cannot write '" + outPath +
                "': the model does not serialize (larger than protobuf's "
                "2 GiB?)");
  return writeFileAtomically(outPath, bytes);
}
