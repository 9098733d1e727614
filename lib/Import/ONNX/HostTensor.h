//===- HostTensor.h - Constant tensors the importer evaluates ----*- C++ -*-===//
//
// Initializers, Constant nodes and the shape computations PyTorch exports
// (Shape -> Gather -> Unsqueeze -> Concat -> Reshape, ConstantOfShape,
// Expand, Where, Equal, ...) are evaluated while importing, on the host, so
// the emitted module only has the network's real computation.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_LIB_IMPORT_ONNX_HOSTTENSOR_H
#define TQ_LIB_IMPORT_ONNX_HOSTTENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace tq::onnx_import {

/// ONNX's TensorProto.DataType values the importer handles.
enum DType : int32_t {
  kUndefined = 0,
  kFloat = 1,
  kUInt8 = 2,
  kInt8 = 3,
  kUInt16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kBool = 9,
  kFloat16 = 10,
  kDouble = 11,
  kUInt32 = 12,
  kUInt64 = 13,
  kBFloat16 = 16,
};

bool isFloatDType(int32_t t);
bool isIntDType(int32_t t); // integers and bool
bool isUnsignedDType(int32_t t); // uint8 .. uint64
/// Bytes per element, 0 for types the importer does not handle.
unsigned dtypeSize(int32_t t);
const char *dtypeName(int32_t t);

/// A constant tensor in ONNX's layout: little-endian raw elements of `dtype`,
/// C order. A splat holds one element.
struct HostTensor {
  int32_t dtype = kFloat;
  llvm::SmallVector<int64_t> shape;
  std::vector<char> raw;
  bool splat = false;
  /// The initializer this tensor is (or was moved from), for names.
  std::string source;

  int64_t numElements() const;
  unsigned itemSize() const { return dtypeSize(dtype); }
  double getDouble(int64_t i) const;
  int64_t getInt(int64_t i) const;
  void setDouble(int64_t i, double v);
  void setInt(int64_t i, int64_t v);
  /// All elements as int64 / double (splats expanded).
  std::vector<int64_t> ints() const;
  std::vector<double> doubles() const;
  /// A tensor of `dtype` and `shape`, zero-filled (or a splat).
  static HostTensor zeros(int32_t dtype, llvm::ArrayRef<int64_t> shape,
                          bool splat = false);
  static HostTensor fromInts(llvm::ArrayRef<int64_t> values,
                             llvm::ArrayRef<int64_t> shape,
                             int32_t dtype = kInt64);
  /// Expands a splat into every element.
  HostTensor expanded() const;
};

/// out[i0..] = in[perm-permuted index] (numpy.transpose(in, perm)).
HostTensor transposeHost(const HostTensor &in, llvm::ArrayRef<int64_t> perm);

} // namespace tq::onnx_import

#endif
