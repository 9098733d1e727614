//===- GPUBinaries.cpp - reproducible gpu.binary objects ------------------===//
//
// tq-gpu-reproducible-binaries: see the pass description in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "tq/Conversion/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"

namespace tq {
#define GEN_PASS_DEF_TQGPUREPRODUCIBLEBINARIES
#include "tq/Conversion/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {

struct TQGPUReproducibleBinariesPass
    : public tq::impl::TQGPUReproducibleBinariesBase<
          TQGPUReproducibleBinariesPass> {
  void runOnOperation() override {
    getOperation().walk([](gpu::BinaryOp binary) {
      SmallVector<Attribute> objects;
      for (Attribute attr : binary.getObjectsAttr()) {
        auto object = dyn_cast<gpu::ObjectAttr>(attr);
        DictionaryAttr properties = object ? object.getProperties() : nullptr;
        if (!properties) {
          objects.push_back(attr);
          continue;
        }
        SmallVector<NamedAttribute> kept;
        for (NamedAttribute property : properties)
          if (!property.getName().strref().ends_with("TimeInMs"))
            kept.push_back(property);
        objects.push_back(gpu::ObjectAttr::get(
            binary.getContext(), object.getTarget(), object.getFormat(),
            object.getObject(),
            kept.empty() ? nullptr
                         : DictionaryAttr::get(binary.getContext(), kept),
            object.getKernels()));
      }
      binary.setObjectsAttr(ArrayAttr::get(binary.getContext(), objects));
    });
  }
};

} // namespace
