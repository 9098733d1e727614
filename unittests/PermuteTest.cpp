//===- PermuteTest.cpp - tq::permuteElements against index arithmetic -----===//
//
// The byte transpose shared by the ONNX importer and the filter packing of
// tq-vectorize-convolutions, checked element for element against the
// definition (result[i0..] = in[index permuted back]) on shapes of rank 1
// to 5, with unit and odd dimensions, for every element size the typed
// paths take (1, 2, 4, 8 bytes) and one they do not (3, 16).
//
//===----------------------------------------------------------------------===//

#include "tq/Support/Permute.h"

#include "llvm/ADT/SmallVector.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

namespace {

/// result's element (as a flat index) -> in's flat index, by definition.
int64_t sourceIndex(int64_t flat, llvm::ArrayRef<int64_t> shape,
                    llvm::ArrayRef<int64_t> perm) {
  int64_t rank = shape.size();
  llvm::SmallVector<int64_t> out(rank), in(rank);
  for (int64_t d = rank - 1; d >= 0; --d) {
    out[d] = flat % shape[perm[d]];
    flat /= shape[perm[d]];
  }
  for (int64_t d = 0; d < rank; ++d)
    in[perm[d]] = out[d];
  int64_t index = 0;
  for (int64_t d = 0; d < rank; ++d)
    index = index * shape[d] + in[d];
  return index;
}

TEST(Permute, MatchesTheDefinition) {
  std::mt19937_64 rng(7);
  const std::vector<std::vector<int64_t>> shapes = {
      {5}, {3, 4}, {1, 7, 2}, {2, 3, 1, 5}, {2, 3, 3, 4, 5}, {4, 1, 1, 6, 2}};
  int checked = 0;
  for (const std::vector<int64_t> &shape : shapes) {
    std::vector<int64_t> perm(shape.size());
    std::iota(perm.begin(), perm.end(), 0);
    for (int trial = 0; trial < 6; ++trial) {
      std::shuffle(perm.begin(), perm.end(), rng);
      for (size_t item : {1u, 2u, 3u, 4u, 8u, 16u}) {
        int64_t count = 1;
        for (int64_t s : shape)
          count *= s;
        std::vector<char> in(count * item), out(count * item, 0);
        for (char &c : in)
          c = char(rng());
        tq::permuteElements(in.data(), shape, perm, item, out.data());
        for (int64_t i = 0; i < count; ++i) {
          int64_t from = sourceIndex(i, shape, perm);
          ASSERT_TRUE(std::equal(out.begin() + i * item,
                                 out.begin() + (i + 1) * item,
                                 in.begin() + from * item))
              << "element " << i << " of item size " << item;
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 6 * 6 * 6);
}

} // namespace
