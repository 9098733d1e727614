//===- fuzz_npy.cpp - Fuzzes the .npy reader ------------------------------===//
//
// Input: the bytes of an .npy file. Checks, beyond "no crash": an array
// that parses holds exactly numElements() * itemSize bytes, and its
// elements, dtype and shape can be read and printed.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "tq/Runner/Npy.h"

#include "llvm/Support/Error.h"

using namespace llvm;
using namespace tq::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  StringRef bytes(reinterpret_cast<const char *>(data), size);
  Expected<tq::NpyArray> array = tq::parseNpy(bytes, "fuzz.npy");
  if (!array) {
    std::string message = toString(array.takeError());
    if (message.empty())
      finding("parseNpy failed without a message");
    return 0;
  }
  int64_t n = array->numElements();
  if (n < 0 || uint64_t(n) * array->itemSize != array->data.size())
    finding("parsed array of shape " + array->shapeString() + " and dtype " +
            array->descr() + " holds " + std::to_string(array->data.size()) +
            " bytes");
  double sum = 0;
  for (int64_t i = 0; i < n && i < 64; ++i)
    sum += array->getDouble(i);
  if (n > 0)
    sum += array->getDouble(n - 1);
  (void)sum;
  (void)array->descr();
  (void)array->shapeString();
  return 0;
}
