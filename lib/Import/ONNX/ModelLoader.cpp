//===- ModelLoader.cpp - Parse, check and shape an ONNX model -------------===//
//
// Compiled with exceptions (see CMakeLists.txt): libonnx's checker and shape
// inference report errors by throwing. Nothing here lets one escape.
//
//===----------------------------------------------------------------------===//

#include "ModelLoader.h"

#include "onnx/checker.h"
#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <google/protobuf/stubs/logging.h>

#include <climits>
#include <exception>
#include <memory>
#include <map>
#include <set>

using namespace tq;
using llvm::StringRef;

static llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Protobuf logs parse problems to stderr by itself; tq reports them once.
static void silenceProtobuf() {
  static bool done = [] {
    google::protobuf::SetLogHandler(nullptr);
    return true;
  }();
  (void)done;
}

static std::string shapeString(llvm::ArrayRef<int64_t> shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s;
}

namespace {
/// Resolves external data of initializers, one file read once.
class ExternalData {
public:
  ExternalData(StringRef fileName, StringRef baseDir)
      : fileName(fileName), baseDir(baseDir) {}

  llvm::Error resolve(onnx::TensorProto &t) {
    if (t.data_location() != onnx::TensorProto::EXTERNAL)
      return llvm::Error::success();
    std::string location;
    uint64_t offset = 0, length = 0;
    bool hasLength = false;
    for (const onnx::StringStringEntryProto &e : t.external_data()) {
      StringRef value = e.value();
      if (e.key() == "location") {
        location = e.value();
      } else if (e.key() == "offset" || e.key() == "length") {
        uint64_t v;
        if (value.getAsInteger(10, v))
          return fail(fileName + ": initializer '" + t.name() +
                      "': external data " + e.key() + " '" + value +
                      "' is not a number");
        (e.key() == "offset" ? offset : length) = v;
        hasLength |= e.key() == "length";
      }
    }
    if (location.empty())
      return fail(fileName + ": initializer '" + t.name() +
                  "': external data without a location");
    // Only files in the model's folder (or below) are read.
    if (llvm::sys::path::is_absolute(location) ||
        llvm::any_of(llvm::make_range(llvm::sys::path::begin(location),
                                      llvm::sys::path::end(location)),
                     [](StringRef c) { return c == ".."; }))
      return fail(fileName + ": initializer '" + t.name() +
                  "': external data location '" + location +
                  "' is outside the model's folder");
    llvm::SmallString<256> path(baseDir);
    llvm::sys::path::append(path, location);
    auto &buffer = files[path];
    if (!buffer) {
      auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
      if (!file)
        return fail(fileName + ": initializer '" + t.name() +
                    "': cannot read external data '" + path +
                    "': " + file.getError().message());
      buffer = std::move(*file);
    }
    uint64_t size = buffer->getBufferSize();
    if (!hasLength)
      length = offset <= size ? size - offset : 0;
    if (offset > size || length > size - offset)
      return fail(fileName + ": initializer '" + t.name() + "': external data '" +
                  path + "' holds " + llvm::Twine(size) +
                  " bytes, the initializer needs bytes " + llvm::Twine(offset) +
                  " to " + llvm::Twine(offset + length) + " (truncated?)");
    t.set_raw_data(buffer->getBufferStart() + offset, length);
    t.clear_external_data();
    t.set_data_location(onnx::TensorProto::DEFAULT);
    return llvm::Error::success();
  }

private:
  std::string fileName, baseDir;
  llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> files;
};
} // namespace

/// Fixes the dynamic dimensions of the graph's inputs from `options`.
static llvm::Error fixInputShapes(onnx::GraphProto &graph, StringRef fileName,
                                  const ONNXImportOptions &options) {
  std::set<std::string> initializers;
  for (const onnx::TensorProto &t : graph.initializer())
    initializers.insert(t.name());
  std::set<std::string> inputs;
  for (const onnx::ValueInfoProto &input : graph.input())
    if (!initializers.count(input.name()))
      inputs.insert(input.name());
  for (const auto &[name, shape] : options.namedShapes)
    if (!inputs.count(name))
      return fail(fileName + ": a shape was given for '" + name + "', " +
                  (llvm::any_of(options.inputValues,
                                [&, &name = name](const auto &v) {
                                  return v.first == name;
                                })
                       ? "which has a value (--input-value) already"
                       : "which is not an input of the graph"));
  size_t position = 0;
  for (onnx::ValueInfoProto &input : *graph.mutable_input()) {
    if (initializers.count(input.name()))
      continue;
    size_t index = position++;
    if (!input.type().has_tensor_type())
      return fail(fileName + ": input '" + input.name() +
                  "' is not a tensor (sequences, maps and optionals are not "
                  "supported)");
    onnx::TypeProto_Tensor *tensor = input.mutable_type()->mutable_tensor_type();
    const llvm::SmallVector<int64_t> *given = nullptr;
    for (const auto &[name, shape] : options.namedShapes)
      if (name == input.name())
        given = &shape;
    if (!given && index < options.shapes.size() &&
        !options.shapes[index].empty())
      given = &options.shapes[index];
    onnx::TensorShapeProto *shape = tensor->mutable_shape();
    if (given) {
      if (tensor->has_shape() && shape->dim_size() != int(given->size()))
        return fail(fileName + ": input '" + input.name() + "' has rank " +
                    llvm::Twine(shape->dim_size()) + ", the shape given for it (" +
                    shapeString(*given) + ") rank " + llvm::Twine(given->size()));
      for (size_t d = 0; d < given->size(); ++d) {
        if (tensor->has_shape() && shape->dim(d).has_dim_value() &&
            shape->dim(d).dim_value() != (*given)[d])
          return fail(fileName + ": input '" + input.name() + "' dimension " +
                      llvm::Twine(d) + " is " +
                      llvm::Twine(shape->dim(d).dim_value()) +
                      ", the shape given for it (" + shapeString(*given) +
                      ") says " + llvm::Twine((*given)[d]));
        if ((*given)[d] < 0)
          return fail(fileName + ": input '" + input.name() +
                      "': negative size in the shape given for it");
      }
      shape->clear_dim();
      for (int64_t size : *given)
        shape->add_dim()->set_dim_value(size);
      continue;
    }
    if (!tensor->has_shape())
      return fail(fileName + ": input '" + input.name() +
                  "' has no shape: give one with --input-shape=" +
                  input.name() + ":D0xD1x...");
    for (int d = 0; d < shape->dim_size(); ++d) {
      onnx::TensorShapeProto_Dimension *dim = shape->mutable_dim(d);
      if (dim->has_dim_value() && dim->dim_value() >= 0)
        continue;
      if (d == 0 && options.batch > 0) {
        dim->set_dim_value(options.batch);
        continue;
      }
      std::string symbol =
          dim->has_dim_param() ? " ('" + dim->dim_param() + "')" : "";
      return fail(fileName + ": input '" + input.name() +
                  "' has a dynamic dimension " + llvm::Twine(d) + symbol +
                  ": fix it with --input-shape=" + input.name() +
                  ":D0xD1x..." + (d == 0 ? " or --batch=N" : ""));
    }
  }
  // Outputs and intermediate values get their shapes from inference.
  for (onnx::ValueInfoProto &output : *graph.mutable_output())
    if (output.type().has_tensor_type())
      output.mutable_type()->mutable_tensor_type()->clear_shape();
  graph.clear_value_info();
  return llvm::Error::success();
}

/// ONNX's TensorProto data type of an ONNXTensor's elements (0 if none).
static int32_t dataTypeOf(const ONNXTensor &t) {
  switch (t.kind) {
  case 'f':
    return t.itemSize == 2 ? onnx::TensorProto::FLOAT16
           : t.itemSize == 4 ? onnx::TensorProto::FLOAT
           : t.itemSize == 8 ? onnx::TensorProto::DOUBLE : 0;
  case 'b':
    return t.itemSize == 1 ? onnx::TensorProto::BOOL : 0;
  case 'i':
    return t.itemSize == 1 ? onnx::TensorProto::INT8
           : t.itemSize == 2 ? onnx::TensorProto::INT16
           : t.itemSize == 4 ? onnx::TensorProto::INT32
           : t.itemSize == 8 ? onnx::TensorProto::INT64 : 0;
  case 'u':
    return t.itemSize == 1 ? onnx::TensorProto::UINT8
           : t.itemSize == 2 ? onnx::TensorProto::UINT16
           : t.itemSize == 4 ? onnx::TensorProto::UINT32
           : t.itemSize == 8 ? onnx::TensorProto::UINT64 : 0;
  default:
    return 0;
  }
}

/// Makes the inputs given a value (ONNXImportOptions::inputValues)
/// initializers, so that shape inference and the importer see constants.
static llvm::Error bindInputValues(onnx::GraphProto &graph, StringRef fileName,
                                   const ONNXImportOptions &options) {
  std::set<std::string> initializers;
  for (const onnx::TensorProto &t : graph.initializer())
    initializers.insert(t.name());
  std::set<std::string> given;
  for (const auto &[name, value] : options.inputValues) {
    if (!given.insert(name).second)
      return fail(fileName + ": two values were given for input '" + name + "'");
    const onnx::ValueInfoProto *input = nullptr;
    for (const onnx::ValueInfoProto &vi : graph.input())
      if (vi.name() == name && !initializers.count(name))
        input = &vi;
    if (!input)
      return fail(fileName + ": a value was given for '" + name +
                  "', which is not an input of the graph");
    if (!input->type().has_tensor_type())
      return fail(fileName + ": input '" + name + "' is not a tensor");
    const onnx::TypeProto_Tensor &type = input->type().tensor_type();
    int32_t dataType = dataTypeOf(value);
    if (!dataType || dataType != type.elem_type())
      return fail(fileName + ": the value given for input '" + name +
                  "' has element type " +
                  (dataType ? onnx::TensorProto::DataType_Name(
                                  onnx::TensorProto::DataType(dataType))
                            : std::string("unknown")) +
                  ", the input " +
                  onnx::TensorProto::DataType_Name(
                      onnx::TensorProto::DataType(type.elem_type())));
    if (type.has_shape()) {
      bool same = type.shape().dim_size() == int(value.shape.size());
      for (int d = 0; same && d < type.shape().dim_size(); ++d)
        same = !type.shape().dim(d).has_dim_value() ||
               type.shape().dim(d).dim_value() == value.shape[d];
      if (!same)
        return fail(fileName + ": the value given for input '" + name +
                    "' has shape [" + shapeString(value.shape) +
                    "], which the input's declared shape does not allow");
    }
    int64_t n = 1;
    for (int64_t d : value.shape)
      n *= d;
    if (int64_t(value.data.size()) != n * int64_t(value.itemSize))
      return fail(fileName + ": the value given for input '" + name +
                  "' holds " + llvm::Twine(value.data.size()) +
                  " bytes; its shape needs " + llvm::Twine(n * value.itemSize));
    onnx::TensorProto *t = graph.add_initializer();
    t->set_name(name);
    t->set_data_type(dataType);
    for (int64_t d : value.shape)
      t->add_dims(d);
    t->set_raw_data(std::string(value.data.begin(), value.data.end()));
  }
  return llvm::Error::success();
}

/// Every attribute of a node of a known op is one its schema declares.
static llvm::Error checkAttributes(const onnx::ModelProto &model,
                                   StringRef fileName) {
  std::map<std::string, int> opsets;
  for (const onnx::OperatorSetIdProto &o : model.opset_import())
    opsets[o.domain() == "ai.onnx" ? "" : o.domain()] = int(o.version());
  for (const onnx::NodeProto &n : model.graph().node()) {
    std::string domain = n.domain() == "ai.onnx" ? "" : n.domain();
    auto it = opsets.find(domain);
    if (it == opsets.end())
      continue;
    const onnx::OpSchema *schema =
        onnx::OpSchemaRegistry::Schema(n.op_type(), it->second, domain);
    if (!schema)
      continue;
    for (const onnx::AttributeProto &a : n.attribute())
      if (!schema->attributes().count(a.name()))
        return fail(fileName + ": node '" + n.name() + "' (" + n.op_type() +
                    ", opset " + llvm::Twine(it->second) +
                    "): unknown attribute '" + a.name() + "'");
  }
  return llvm::Error::success();
}

llvm::Error onnx_import::loadModel(StringRef bytes, StringRef fileName,
                                   StringRef baseDir,
                                   const ONNXImportOptions &options,
                                   onnx::ModelProto &model) {
  if (llvm::Error e = parseModel(bytes, fileName, model))
    return e;
  if (llvm::Error e =
          inlineExternalData(*model.mutable_graph(), fileName, baseDir))
    return e;
  try {
    try {
      onnx::checker::check_model(model);
    } catch (const std::exception &e) {
      return fail(fileName + ": the ONNX checker rejects the model: " +
                  StringRef(e.what()).trim());
    }
    if (llvm::Error e = bindInputValues(*model.mutable_graph(), fileName, options))
      return e;
    if (llvm::Error e = fixInputShapes(*model.mutable_graph(), fileName, options))
      return e;
    // ONNX's checker lets attributes its schemas do not know through, and
    // shape inference may then read what is not there (seen: a
    // LayerNormalization with a misspelled attribute crashes libonnx 1.12).
    if (llvm::Error e = checkAttributes(model, fileName))
      return e;
    try {
      onnx::ShapeInferenceOptions inference(/*check_type=*/true,
                                            /*error_mode=*/1,
                                            /*enable_data_propagation=*/true);
      onnx::shape_inference::InferShapes(
          model, onnx::OpSchemaRegistry::Instance(), inference);
    } catch (const std::exception &e) {
      return fail(fileName + ": ONNX shape inference fails: " +
                  StringRef(e.what()).trim());
    }
  } catch (const std::exception &e) {
    return fail(fileName + ": " + e.what());
  } catch (...) {
    return fail(fileName + ": unknown error in libonnx");
  }
  return llvm::Error::success();
}

llvm::Error onnx_import::parseModel(StringRef bytes, StringRef fileName,
                                    onnx::ModelProto &model) {
  silenceProtobuf();
  if (bytes.size() > size_t(INT_MAX))
    return fail(fileName + ": " + llvm::Twine(bytes.size()) +
                " bytes: protobuf files are limited to 2 GiB (store the "
                "weights as external data)");
  try {
    if (!model.ParseFromArray(bytes.data(), int(bytes.size())))
      return fail(fileName +
                  ": not a valid ONNX model (the protobuf does not parse: "
                  "truncated or not ONNX)");
  } catch (const std::exception &e) {
    return fail(fileName + ": " + e.what());
  }
  if (!model.has_graph())
    return fail(fileName + ": the model has no graph");
  return llvm::Error::success();
}

llvm::Error onnx_import::inlineExternalData(onnx::GraphProto &graph,
                                            StringRef fileName,
                                            StringRef baseDir) {
  try {
    ExternalData external(fileName, baseDir);
    for (onnx::TensorProto &t : *graph.mutable_initializer())
      if (llvm::Error e = external.resolve(t))
        return e;
  } catch (const std::exception &e) {
    return fail(fileName + ": " + e.what());
  }
  return llvm::Error::success();
}

std::string onnx_import::folderOf(StringRef path) {
  if (path == "-" || path == "<stdin>")
    return ".";
  StringRef dir = llvm::sys::path::parent_path(path);
  return dir.empty() ? "." : dir.str();
}

llvm::Error onnx_import::parseTensorProto(StringRef bytes, StringRef fileName,
                                          onnx::TensorProto &tensor) {
  silenceProtobuf();
  if (bytes.size() > size_t(INT_MAX))
    return fail(fileName + ": larger than 2 GiB");
  try {
    if (!tensor.ParseFromArray(bytes.data(), int(bytes.size())))
      return fail(fileName + ": not an ONNX TensorProto (does not parse)");
    if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
      ExternalData external(fileName, onnx_import::folderOf(fileName));
      if (llvm::Error e = external.resolve(tensor))
        return e;
    }
  } catch (const std::exception &e) {
    return fail(fileName + ": " + e.what());
  }
  return llvm::Error::success();
}
