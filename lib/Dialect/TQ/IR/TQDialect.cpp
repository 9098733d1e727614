//===- TQDialect.cpp - The tq dialect -------------------------------------===//

#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace tq;

#include "tq/Dialect/TQ/IR/TQDialect.cpp.inc"

void TQDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "tq/Dialect/TQ/IR/TQ.cpp.inc"
      >();
}

Operation *TQDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed || typed.getType() != type)
    return nullptr;
  return arith::ConstantOp::create(builder, loc, type, typed);
}
