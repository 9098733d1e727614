//===- Permute.h - Permuting the dimensions of a row-major array -*- C++ -*-===//
//
// One byte-level transpose for the places that rearrange constants on the
// host: the ONNX importer (NCHW weights to NHWC) and
// tq-vectorize-convolutions (filters packed for register tiles).
//
//===----------------------------------------------------------------------===//

#ifndef TQ_SUPPORT_PERMUTE_H
#define TQ_SUPPORT_PERMUTE_H

#include "llvm/ADT/ArrayRef.h"

#include <cstddef>
#include <cstdint>

namespace tq {

/// Writes the row-major array `in` of shape `shape` (elements of
/// `itemSize` bytes) to `out` with its dimensions permuted as
/// numpy.transpose(in, perm) does: dimension d of the result is dimension
/// perm[d] of `in`. `out` holds as many bytes as `in`; they do not overlap.
void permuteElements(const char *in, llvm::ArrayRef<int64_t> shape,
                     llvm::ArrayRef<int64_t> perm, size_t itemSize, char *out);

} // namespace tq

#endif // TQ_SUPPORT_PERMUTE_H
