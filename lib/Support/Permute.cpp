//===- Permute.cpp - Permuting the dimensions of a row-major array --------===//

#include "tq/Support/Permute.h"

#include "llvm/ADT/SmallVector.h"

#include <cstring>

using namespace llvm;

namespace {
/// The transpose with elements of type T (a plain copy of its bytes): the
/// result's innermost dimension is a strided read per element, the outer
/// ones an odometer.
template <typename T>
void permuteAs(const char *in, ArrayRef<int64_t> shape, ArrayRef<int64_t> perm,
               char *out) {
  int64_t rank = shape.size();
  SmallVector<int64_t> inStride(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    inStride[d] = inStride[d + 1] * shape[d + 1];
  // The result's shape, and its strides through `in`.
  SmallVector<int64_t> size(rank), stride(rank), index(rank, 0);
  int64_t total = 1;
  for (int64_t d = 0; d < rank; ++d) {
    size[d] = shape[perm[d]];
    stride[d] = inStride[perm[d]];
    total *= size[d];
  }
  if (total == 0)
    return;
  int64_t inner = rank ? size[rank - 1] : 1;
  int64_t innerStride = rank ? stride[rank - 1] : 0;
  int64_t from = 0;
  for (int64_t i = 0; i < total; i += inner) {
    for (int64_t j = 0; j < inner; ++j)
      std::memcpy(out + (i + j) * sizeof(T),
                  in + (from + j * innerStride) * sizeof(T), sizeof(T));
    for (int64_t d = rank - 2; d >= 0; --d) {
      from += stride[d];
      if (++index[d] < size[d])
        break;
      from -= stride[d] * size[d];
      index[d] = 0;
    }
  }
}
} // namespace

void tq::permuteElements(const char *in, ArrayRef<int64_t> shape,
                         ArrayRef<int64_t> perm, size_t itemSize, char *out) {
  switch (itemSize) {
  case 1:
    return permuteAs<uint8_t>(in, shape, perm, out);
  case 2:
    return permuteAs<uint16_t>(in, shape, perm, out);
  case 4:
    return permuteAs<uint32_t>(in, shape, perm, out);
  case 8:
    return permuteAs<uint64_t>(in, shape, perm, out);
  default: {
    // Any other size: each element a byte row of the array's last
    // dimension.
    SmallVector<int64_t> wideShape(shape.begin(), shape.end());
    SmallVector<int64_t> widePerm(perm.begin(), perm.end());
    wideShape.push_back(itemSize);
    widePerm.push_back(shape.size());
    return permuteAs<uint8_t>(in, wideShape, widePerm, out);
  }
  }
}
