//===- TQDialect.h - The tq dialect -----------------------------*- C++ -*-===//
//
// The tq dialect: `tq.quantize` and the quantizer attributes. Include this
// header to use any of them.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_DIALECT_TQ_IR_TQDIALECT_H
#define TQ_DIALECT_TQ_IR_TQDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/bit.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "tq/Reference/Reference.h"

#include <optional>

#include "tq/Dialect/TQ/IR/TQDialect.h.inc"
#include "tq/Dialect/TQ/IR/TQEnums.h.inc"

namespace tq {
/// How a quantizer reads a tensor: what a lowering must compute around the
/// per-element code (QuantizerAttrInterface::getTensorStrategy).
struct TensorStrategy {
  enum class Kind {
    /// Each element alone (and its linear index, for stochastic rounding).
    Elementwise,
    /// Each element with constants of its index along `axis` (per-channel
    /// scales and zero points).
    PerChannel,
    /// Blocks of `block` consecutive elements along `axis`, each with a
    /// shared scale computed from the block's largest magnitude (and, with
    /// `blockRange`, its smallest and largest value), and optionally from
    /// a `tensorStatistic` of the whole tensor.
    Blocks,
    /// Each element with one statistic of the whole tensor.
    WholeTensor,
  };
  /// A statistic of the whole tensor, computed in f64.
  enum class Statistic {
    /// The mean of |x| (summed in the reference's blocked order,
    /// ref::Ternary::absSum).
    MeanAbs,
    /// The largest |x| (NaN when the tensor holds a NaN, Inf for an Inf).
    MaxAbs,
  };
  Kind kind = Kind::Elementwise;
  int64_t axis = 0;  ///< PerChannel, Blocks; negative counts from the end
  int64_t block = 0; ///< Blocks
  Statistic statistic = Statistic::MeanAbs; ///< WholeTensor
  /// WholeTensor: what the statistic is for, in messages ("an automatic
  /// threshold").
  const char *purpose = "";
  /// Blocks: the block's smallest and largest value are needed too
  /// (ElementExtras::blockMin, blockMax). A last block padded with zeros
  /// sees them in its range.
  bool blockRange = false;
  /// Blocks: a statistic of the whole tensor the block scales need (its
  /// prepared value in ElementExtras::statistic).
  std::optional<Statistic> tensorStatistic;

  static TensorStrategy elementwise() { return {}; }
  static TensorStrategy perChannel(int64_t axis) {
    TensorStrategy s;
    s.kind = Kind::PerChannel;
    s.axis = axis;
    return s;
  }
  static TensorStrategy blocks(int64_t axis, int64_t block) {
    TensorStrategy s;
    s.kind = Kind::Blocks;
    s.axis = axis;
    s.block = block;
    return s;
  }
  static TensorStrategy wholeTensor(Statistic statistic, const char *purpose) {
    TensorStrategy s;
    s.kind = Kind::WholeTensor;
    s.statistic = statistic;
    s.purpose = purpose;
    return s;
  }
};
} // namespace tq

#include "tq/Dialect/TQ/IR/TQInterfaces.h.inc"

namespace tq {
/// A double attribute parameter. Attribute storage hashes its parameters, and
/// LLVM has no hash for double; this wrapper converts to and from double
/// implicitly and hashes the bit pattern.
struct F64 {
  double value = 0.0;
  F64() = default;
  F64(double v) : value(v) {}
  operator double() const { return value; }
};
inline llvm::hash_code hash_value(F64 v) {
  return llvm::hash_value(llvm::bit_cast<uint64_t>(v.value));
}

namespace detail {
// Parsers and printers of attribute parameters (used by generated code).
mlir::FailureOr<F64> parseF64(mlir::AsmParser &parser);
mlir::FailureOr<std::optional<F64>> parseOptionalF64(mlir::AsmParser &parser);
void printF64(mlir::AsmPrinter &printer, double value);
mlir::FailureOr<bool> parseBool(mlir::AsmParser &parser);
mlir::FailureOr<std::optional<Overflow>>
parseOptionalOverflow(mlir::AsmParser &parser);
mlir::FailureOr<llvm::SmallVector<F64>> parseF64List(mlir::AsmParser &parser);
void printF64List(mlir::AsmPrinter &printer, llvm::ArrayRef<F64> values);
mlir::FailureOr<llvm::SmallVector<int64_t>>
parseI64List(mlir::AsmParser &parser);
} // namespace detail

/// `axis` (negative counts from the end) as an index in [0, rank).
inline int64_t normalizeAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

/// The reference element type of an f16/bf16/f32/f64 type (or of the element
/// type of a shaped type); nullopt for anything else.
std::optional<ref::ElemType> getRefElemType(mlir::Type type);

/// The named float formats (fp16, bf16, tf32, fp8_e4m3, ...): the string
/// parser accepts the names, getSpec prints them. The IEEE ones overflow to
/// infinity, like a cast; the others saturate.
struct NamedFloatFormat {
  const char *name;
  int exp, man;
  FloatKind kind;
};
llvm::ArrayRef<NamedFloatFormat> getNamedFloatFormats();

/// Conversions between the dialect's enums and the reference library's
/// (the same cases in the same order, checked at compile time).
ref::Rounding toRef(RoundingMode mode);
RoundingMode fromRef(ref::Rounding mode);
ref::FloatKind toRef(FloatKind kind);
ref::Pow2Rounding toRef(Pow2Rounding rounding);
ref::MXElement toRef(MXElement element);
ref::MXScaleRounding toRef(MXScaleRounding rounding);
} // namespace tq

#define GET_ATTRDEF_CLASSES
#include "tq/Dialect/TQ/IR/TQAttributes.h.inc"

namespace tq {
/// The reference description of a quantizer attribute (defined with the
/// attributes, used by the folder and the lowering alike).
ref::FixedPoint refOf(FixedAttr attr);
ref::FloatFormat refOf(FloatFormatAttr attr);
ref::Pow2 refOf(Pow2Attr attr, ref::ElemType elem); // defaults from elem
ref::Affine refOf(AffineAttr attr);                  // without scales
ref::Binary refOf(BinaryAttr attr);
ref::Ternary refOf(TernaryAttr attr);
ref::Sparse refOf(SparseAttr attr);
ref::MX refOf(MXAttr attr);                          // without the axis
ref::BlockFloat refOf(BlockFloatAttr attr);          // without the axis
ref::ScaledFloat refOf(ScaledFloatAttr attr);        // without the axis
ref::BlockScaled refOf(BlockScaledAttr attr);        // without the axis
ref::GroupInt refOf(GroupIntAttr attr);              // without the axis
} // namespace tq

#define GET_OP_CLASSES
#include "tq/Dialect/TQ/IR/TQ.h.inc"

#endif // TQ_DIALECT_TQ_IR_TQDIALECT_H
