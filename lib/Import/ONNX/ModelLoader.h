//===- ModelLoader.h - Parse, check and shape an ONNX model ------*- C++ -*-===//
//
// The part of the importer that calls into libonnx, whose checker and shape
// inference throw C++ exceptions: ModelLoader.cpp is the one translation
// unit compiled with exceptions, and every exception is caught there and
// returned as an llvm::Error (LLVM and MLIR are built without them).
//
//===----------------------------------------------------------------------===//

#ifndef TQ_LIB_IMPORT_ONNX_MODELLOADER_H
#define TQ_LIB_IMPORT_ONNX_MODELLOADER_H

#include "tq/Import/ONNX.h"

#include "onnx/onnx_pb.h"

namespace tq::onnx_import {

/// Parses `bytes`, loads external data (relative to `baseDir`, never outside
/// it), runs ONNX's checker, fixes the inputs' dynamic dimensions from
/// `options` and runs ONNX's shape inference (with data propagation) so that
/// every value has a static shape in `model.graph().value_info()`.
llvm::Error loadModel(llvm::StringRef bytes, llvm::StringRef fileName,
                      llvm::StringRef baseDir, const ONNXImportOptions &options,
                      onnx::ModelProto &model);

/// Parses `bytes` as a ModelProto, nothing more (no checker, no external
/// data): the model as its file has it.
llvm::Error parseModel(llvm::StringRef bytes, llvm::StringRef fileName,
                       onnx::ModelProto &model);

/// Reads the external data of the graph's initializers (relative to
/// `baseDir`, never outside it) into their raw_data.
llvm::Error inlineExternalData(onnx::GraphProto &graph,
                               llvm::StringRef fileName,
                               llvm::StringRef baseDir);

/// The folder external data of `path` is read from: its directory, "."
/// for a bare name or standard input ("-", "<stdin>").
std::string folderOf(llvm::StringRef path);

/// Parses a TensorProto (with its external data, if any, next to it).
llvm::Error parseTensorProto(llvm::StringRef bytes, llvm::StringRef fileName,
                             onnx::TensorProto &tensor);

} // namespace tq::onnx_import

#endif
