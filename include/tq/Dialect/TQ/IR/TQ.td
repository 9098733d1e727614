//===- TQ.td - Everything of the tq dialect ----------------*- tablegen -*-===//

#ifndef TQ_TD
#define TQ_TD

include "tq/Dialect/TQ/IR/TQDialect.td"
include "tq/Dialect/TQ/IR/TQEnums.td"
include "tq/Dialect/TQ/IR/TQInterfaces.td"
include "tq/Dialect/TQ/IR/TQAttributes.td"
include "tq/Dialect/TQ/IR/TQOps.td"

#endif // TQ_TD
