//===- ConstantBytes.cpp - The bytes of a constant tensor -----------------===//

#include "tq/Dialect/TQ/IR/ConstantBytes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;

std::optional<ArrayRef<char>> tq::getElementBytes(ElementsAttr attr) {
  Type element = attr.getElementType();
  if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8)
    return std::nullopt;
  std::optional<ArrayRef<char>> bytes;
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    if (!dense.isSplat())
      bytes = dense.getRawData();
  } else if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    if (AsmResourceBlob *blob = resource.getRawHandle().getBlob())
      bytes = blob->getData();
  }
  int64_t size = attr.getNumElements() * (element.getIntOrFloatBitWidth() / 8);
  if (!bytes || int64_t(bytes->size()) != size)
    return std::nullopt;
  return bytes;
}
