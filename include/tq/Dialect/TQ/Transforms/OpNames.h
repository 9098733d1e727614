//===- OpNames.h - Names of ops, as maps refer to them ----------*- C++ -*-===//
//
// How tq reads an op's name (a string attribute, else the name locations in
// its location, also inside fused and call-site locations), which ops get a
// name from `tq-name-ops` and what Keras-style base name they get, and which
// operands of an op are its weights. Shared by the naming, listing and
// insertion passes.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_DIALECT_TQ_TRANSFORMS_OPNAMES_H
#define TQ_DIALECT_TQ_TRANSFORMS_OPNAMES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Operation.h"

#include <optional>
#include <string>

namespace tq {

/// The attribute names tq reads names from by default.
constexpr llvm::StringLiteral kDefaultNameAttr = "name";

/// The op's name: the string attribute `nameAttr` if present, else the first
/// NameLoc in its location (depth first: fused locations in order, call
/// sites callee first). nullopt when it has none.
std::optional<std::string> getOpName(mlir::Operation *op,
                                     llvm::StringRef nameAttr);

/// Ops that `tq-name-ops` names: ops producing a ranked tensor that compute
/// something (not constants, not pure data movement such as reshape,
/// transpose, slices, fill, tensor.*), at any depth outside other ops'
/// scalar regions.
bool isOpOfInterest(mlir::Operation *op);

/// Keras-style base name: conv2d, depthwise_conv2d, conv2d_transpose,
/// conv3d, conv1d, matmul, max_pooling2d, average_pooling2d, sum_pooling2d,
/// else the op's mnemonic (add, generic, ...).
std::string getBaseName(mlir::Operation *op);

/// Operand numbers of the op's weights (kernel and bias): TOSA conv2d,
/// depthwise_conv2d, conv3d, transpose_conv2d (weight, bias), matmul (B);
/// linalg convolutions (filter) and contractions (B, or the constant
/// inputs of a linalg.generic contraction or convolution). Empty for other
/// ops.
llvm::SmallVector<unsigned> getWeightOperands(mlir::Operation *op);

/// The output-channel axis of weight operand `operand` of `op` (see
/// getWeightOperands): the axis whose index is the output channel's, as
/// per-channel quantization of weights uses it. TOSA conv2d, conv3d and
/// transpose_conv2d weights and every bias: 0; TOSA matmul's B: 2; a
/// linalg op's weight: the one position of its indexing map whose loop
/// dimension also indexes the output. nullopt when there is no single such
/// axis (a depthwise weight [KH, KW, C, M], a batch matmul's B).
std::optional<int64_t> getWeightChannelAxis(mlir::Operation *op,
                                            unsigned operand);

/// True for ops that have weights (see getWeightOperands) by kind, even if
/// a generic one has no constant operand.
bool isWeightedOp(mlir::Operation *op);

/// True for ops whose arithmetic is a float multiply-accumulate, the ops
/// the intrinsic role emulates: TOSA conv2d, conv3d, depthwise_conv2d and
/// matmul on floats; linalg ops with two inputs, one output, reductions and an
/// `acc + a * b` body (matmuls, convolutions; not poolings).
bool isMultiplyAccumulate(mlir::Operation *op);

/// The multiplication of a linalg op whose body is exactly
/// `yield(acc + in0 * in1)` (operands in either order) with two inputs, one
/// output and reductions; null otherwise.
mlir::arith::MulFOp matchMultiplyAccumulateBody(mlir::linalg::LinalgOp op);

} // namespace tq

#endif // TQ_DIALECT_TQ_TRANSFORMS_OPNAMES_H
