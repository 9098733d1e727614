//===- ONNX.h - Import ONNX models as TOSA ----------------------*- C++ -*-===//
//
// Reads an ONNX model (protobuf, with Debian's libonnx: ONNX's own checker
// and shape inference; external-data initializers resolved next to the
// model) and emits one `func.func` in TOSA 1.0 (plus linalg, tensor, arith
// and math where TOSA has no op), channels last (NHWC) with the layout
// transposes only where an op needs ONNX's layout. Every op made from an
// ONNX node carries the node's name as a name location, every constant made
// from an initializer the initializer's name, so quantizer maps can be keyed
// by the names of the user's own layers (docs/import.md).
//
//===----------------------------------------------------------------------===//

#ifndef TQ_IMPORT_ONNX_H
#define TQ_IMPORT_ONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mlir {
class MLIRContext;
class DialectRegistry;
} // namespace mlir

namespace tq {

/// An ONNX TensorProto (`input_0.pb`, ...) read into a plain array: `kind`
/// is NumPy's type character ('f', 'i', 'u', 'b'), `itemSize` its bytes,
/// data in C order, little-endian.
struct ONNXTensor {
  std::string name;
  char kind = 'f';
  unsigned itemSize = 4;
  llvm::SmallVector<int64_t> shape;
  std::vector<char> data;
};

struct ONNXImportOptions {
  /// Shapes for graph inputs, by name (`image` -> 1x1x28x28). They replace
  /// the declared shape; its static sizes must agree.
  std::vector<std::pair<std::string, llvm::SmallVector<int64_t>>> namedShapes;
  /// Shapes for graph inputs by position (the function's arguments in
  /// order); an empty entry leaves that input as declared.
  std::vector<llvm::SmallVector<int64_t>> shapes;
  /// When positive, fixes every input's leading dimension where it is
  /// dynamic.
  int64_t batch = 0;
  /// Initializers with more elements than this become dense_resource blobs
  /// (compact modules that parse fast); smaller ones stay dense literals.
  int64_t resourceThreshold = 1024;
  /// Name of the function (empty: "main").
  std::string functionName;
  /// Values for graph inputs, by name, known at import time: such an input
  /// becomes a constant instead of an argument (TOSA needs the operands
  /// that set shapes, such as Reshape's shape or Split's sizes, static).
  std::vector<std::pair<std::string, ONNXTensor>> inputValues;
};

/// Imports the model in `bytes`. `fileName` names it in messages;
/// external data is looked up relative to `baseDir` (empty: the folder of
/// `fileName`, "." for standard input). On error, emits one diagnostic (naming the file, and the node,
/// its op type and opset where there is one) and returns null.
mlir::OwningOpRef<mlir::ModuleOp>
importONNX(llvm::StringRef bytes, llvm::StringRef fileName,
           llvm::StringRef baseDir, mlir::MLIRContext &context,
           const ONNXImportOptions &options = {});

/// Reads `path` and imports it (external data next to it).
mlir::OwningOpRef<mlir::ModuleOp>
importONNXFile(llvm::StringRef path, mlir::MLIRContext &context,
               const ONNXImportOptions &options = {});

/// True when `bytes` look like a serialized ONNX ModelProto (by content: a
/// protobuf message whose first fields are ModelProto's), not MLIR text.
bool looksLikeONNX(llvm::StringRef bytes);

/// The dialects the importer emits, for contexts that do not load every
/// dialect.
void registerONNXImportDialects(mlir::DialectRegistry &registry);

/// Registers the `--import-onnx` translation (mlir-translate style) with its
/// options (`--input-shape=name:1x3x224x224`, `--batch=N`).
void registerONNXImportTranslation();

/// Adds an input shape given as text ("name:1x3x224x224" by name, or
/// "1x3x224x224" for the next input in order) to `options`.
llvm::Error addInputShape(ONNXImportOptions &options, llvm::StringRef text);

/// Adds an input value given as text, "NAME=FILE" with FILE an ONNX
/// TensorProto (.pb), to `options` (ONNXImportOptions::inputValues).
llvm::Error addInputValue(ONNXImportOptions &options, llvm::StringRef text);

/// Splits "NAME=FILE" (both non-empty); errors say what was expected.
llvm::Expected<std::pair<std::string, std::string>>
parseInputValue(llvm::StringRef text);

/// Parses "name:1x3x224x224" (or "1x3x224x224" for the first input).
llvm::Expected<std::pair<std::string, llvm::SmallVector<int64_t>>>
parseInputShape(llvm::StringRef text);

llvm::Expected<ONNXTensor> readTensorProto(llvm::StringRef bytes,
                                           llvm::StringRef fileName);

/// A trained parameter in the importer's layout (the shape and element order
/// of the constant the importer makes of an initializer: OHWI convolution
/// weights, [1, in, out] Gemm and MatMul weights, ...), named after its
/// initializer (the constant's name location).
struct TrainedWeight {
  std::string name;
  llvm::SmallVector<int64_t> shape;
  std::vector<float> values;
};

/// Writes the ONNX model at `modelPath` to `outPath` with the float32
/// initializers named in `weights` holding the trained values, everything
/// else as it was (opsets, nodes and their names, inputs and outputs, the
/// other initializers, metadata). Where each trained element goes is found
/// by a probe: the model with those initializers replaced by 0, 1, 2, ...
/// is imported with `importOptions` (the options the trained module was
/// imported with), and each constant named after an initializer with the
/// trained weight's shape must hold a permutation of its elements. An
/// initializer the importer computes with (scales, folds into other
/// constants) is an error that names it. External data of the other
/// initializers stays where it is when `outPath` is in the model's folder
/// and is written inline otherwise. The file is written through a
/// temporary file renamed into place: on error, `outPath` is left as it
/// was. Errors name the file and the initializer.
/// The names of the float initializers of the ONNX model at `path` (the
/// weights a framework trains), in file order.
llvm::Expected<std::vector<std::string>>
onnxFloatInitializerNames(llvm::StringRef path);

llvm::Error writeONNXWithWeights(llvm::StringRef modelPath,
                                 llvm::StringRef outPath,
                                 llvm::ArrayRef<TrainedWeight> weights,
                                 const ONNXImportOptions &importOptions);

} // namespace tq

#endif // TQ_IMPORT_ONNX_H
