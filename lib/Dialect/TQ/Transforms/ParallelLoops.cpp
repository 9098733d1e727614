//===- ParallelLoops.cpp - Parallel loops shaped for OpenMP ---------------===//
//
// convert-scf-to-openmp outlines each scf.parallel into a function that
// receives its buffers through a struct of pointers, and collapses all of
// the loop's dimensions into one. Both cost the serial code's speed: the
// collapsed loop recomputes every index with divisions and does not
// vectorize, and LLVM no longer knows that distinct buffers do not
// overlap, so a convolution's accumulators go back to memory after every
// addition. These passes shape the loops first: only the leading
// dimensions run on threads, and each parallel body is a function whose
// distinct buffers are marked `llvm.noalias`.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/Transforms/Passes.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

namespace tq {
#define GEN_PASS_DEF_TQSERIALIZENESTEDPARALLEL
#define GEN_PASS_DEF_TQOUTLINEPARALLELBODIES
#define GEN_PASS_DEF_TQMARKNOALIASPOINTERS
#include "tq/Dialect/TQ/Transforms/Passes.h.inc"
} // namespace tq

using namespace mlir;

namespace {
/// Where tq-outline-parallel-bodies records the LLVM arguments that
/// tq-mark-noalias-pointers marks noalias after the conversion.
constexpr llvm::StringLiteral kNoAliasPointers = "tq.noalias_pointers";

bool isPlainParallel(scf::ParallelOp op) {
  return op.getNumReductions() == 0 && op.getInitVals().empty();
}

/// Replaces `op`'s dimensions from `first` on by a nest of scf.for loops
/// with the same bounds, in order, inside an scf.parallel over the
/// dimensions before `first` (none: the loops replace `op`).
void serializeFrom(scf::ParallelOp op, unsigned first) {
  OpBuilder b(op);
  IRMapping map;
  if (first > 0) {
    auto outer = scf::ParallelOp::create(
        b, op.getLoc(), op.getLowerBound().take_front(first),
        op.getUpperBound().take_front(first), op.getStep().take_front(first));
    for (unsigned i = 0; i < first; ++i)
      map.map(op.getInductionVars()[i], outer.getInductionVars()[i]);
    b.setInsertionPoint(outer.getBody()->getTerminator());
  }
  for (unsigned i = first, e = op.getNumLoops(); i < e; ++i) {
    auto loop = scf::ForOp::create(b, op.getLoc(), op.getLowerBound()[i],
                                   op.getUpperBound()[i], op.getStep()[i]);
    map.map(op.getInductionVars()[i], loop.getInductionVar());
    b.setInsertionPoint(loop.getBody()->getTerminator());
  }
  for (Operation &inner : op.getBody()->without_terminator())
    b.clone(inner, map);
  op.erase();
}

/// The number of leading dimensions of `op` that stay parallel: up to and
/// including the first whose trip count is not known to be 1.
unsigned leadingParallelDims(scf::ParallelOp op) {
  for (unsigned i = 0, e = op.getNumLoops(); i < e; ++i) {
    std::optional<int64_t> lb = getConstantIntValue(op.getLowerBound()[i]);
    std::optional<int64_t> ub = getConstantIntValue(op.getUpperBound()[i]);
    if (!lb || !ub || *ub - *lb > 1)
      return i + 1;
  }
  return op.getNumLoops();
}

struct SerializeNestedParallelPass
    : public tq::impl::TQSerializeNestedParallelBase<
          SerializeNestedParallelPass> {
  using Base::Base;
  void runOnOperation() override {
    SmallVector<scf::ParallelOp> nested, outer;
    getOperation()->walk([&](scf::ParallelOp op) {
      if (!isPlainParallel(op))
        return;
      if (op->getParentOfType<scf::ParallelOp>())
        nested.push_back(op);
      else if (leadingOnly)
        outer.push_back(op);
    });
    // Nested loops first: they are inside the outer ones' bodies, which
    // serializeFrom clones.
    for (scf::ParallelOp op : nested)
      serializeFrom(op, 0);
    for (scf::ParallelOp op : outer)
      if (unsigned keep = leadingParallelDims(op); keep < op.getNumLoops())
        serializeFrom(op, keep);
  }
};

/// The buffer `v` is a view of: through view-like ops (subview, cast,
/// reshapes) to a memref.alloc/alloca, a memref.get_global or an argument
/// of the function. Null when it comes from anything else (a loop's
/// iteration argument may be any buffer).
Value rootBuffer(Value v) {
  while (true) {
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      Block *block = arg.getOwner();
      return block->isEntryBlock() && isa<func::FuncOp>(block->getParentOp())
                 ? v
                 : Value();
    }
    Operation *def = v.getDefiningOp();
    if (auto view = dyn_cast<ViewLikeOpInterface>(def)) {
      v = view.getViewSource();
      continue;
    }
    if (isa<memref::AllocOp, memref::AllocaOp, memref::GetGlobalOp>(def))
      return v;
    return {};
  }
}

struct OutlineParallelBodiesPass
    : public tq::impl::TQOutlineParallelBodiesBase<OutlineParallelBodiesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>())) {
      if (func.isExternal())
        continue;
      SmallVector<scf::ParallelOp> loops;
      func.walk([&](scf::ParallelOp op) {
        if (isPlainParallel(op) && !op->getParentOfType<scf::ParallelOp>())
          loops.push_back(op);
      });
      for (scf::ParallelOp op : loops)
        outline(op, func, symbols);
    }
  }

  void outline(scf::ParallelOp op, func::FuncOp parent, SymbolTable &symbols) {
    Region &body = op.getRegion();
    llvm::SetVector<Value> above;
    getUsedValuesDefinedAbove(body, above);
    // Constants are cloned into the body (loop bounds stay constants);
    // everything else is an argument after the induction variables.
    SmallVector<Value> captured, constants;
    for (Value v : above) {
      Operation *def = v.getDefiningOp();
      if (def && def->hasTrait<OpTrait::ConstantLike>() &&
          def->getNumResults() == 1)
        constants.push_back(v);
      else
        captured.push_back(v);
    }
    // A buffer argument is noalias when it is the only argument viewing
    // a fresh allocation: nothing else the body reaches can overlap it.
    // One argument of unknown origin could be any buffer: then none is.
    // (An unranked memref's buffer is not traced: it is unknown too.)
    SmallVector<Value> roots;
    bool allKnown = true;
    for (Value v : captured) {
      bool ranked = isa<MemRefType>(v.getType());
      roots.push_back(ranked ? rootBuffer(v) : Value());
      if (isa<BaseMemRefType>(v.getType()) && !roots.back())
        allKnown = false;
    }
    auto isFresh = [](Value root) {
      return root && isa_and_nonnull<memref::AllocOp, memref::AllocaOp>(
                         root.getDefiningOp());
    };

    OpBuilder b(parent);
    b.setInsertionPointAfter(parent);
    SmallVector<Type> types(op.getNumLoops(), b.getIndexType());
    for (Value v : captured)
      types.push_back(v.getType());
    std::string name = (parent.getSymName() + "_parallel_body").str();
    auto fn = func::FuncOp::create(b, op.getLoc(), name,
                                   b.getFunctionType(types, {}));
    symbols.insert(fn); // renames on a clash
    fn.setPrivate();
    // Internal in LLVM IR too: LLVM may then inline it or drop it.
    fn->setAttr("llvm.linkage", LLVM::LinkageAttr::get(
                                    b.getContext(), LLVM::Linkage::Internal));
    // Where each argument's values land in the lowered function: asked of
    // the LLVM type converter that convert-func-to-llvm uses (default
    // calling convention: a memref of rank r becomes its allocated and
    // aligned pointers, offset, sizes and strides; the body reads and
    // writes through the aligned pointer, the second).
    LLVMTypeConverter converter(b.getContext());
    TypeConverter::SignatureConversion lowered(types.size());
    if (!converter.convertFunctionSignature(fn.getFunctionType(),
                                            /*isVariadic=*/false,
                                            /*useBarePtrCallConv=*/false,
                                            lowered))
      allKnown = false;
    SmallVector<int64_t> pointers;
    for (auto [i, v] : llvm::enumerate(captured)) {
      unsigned arg = op.getNumLoops() + i;
      if (isa<MemRefType>(v.getType()) && allKnown && isFresh(roots[i]) &&
          llvm::count(roots, roots[i]) == 1) {
        fn.setArgAttr(arg, LLVM::LLVMDialect::getNoAliasAttrName(),
                      b.getUnitAttr());
        pointers.push_back(int64_t(lowered.getInputMapping(arg)->inputNo) + 1);
      }
    }
    if (!pointers.empty())
      fn->setAttr(kNoAliasPointers, b.getDenseI64ArrayAttr(pointers));
    Block *entry = fn.addEntryBlock();
    b.setInsertionPointToStart(entry);
    IRMapping map;
    for (Value c : constants)
      map.map(c, b.clone(*c.getDefiningOp())->getResult(0));
    for (unsigned i = 0, e = op.getNumLoops(); i < e; ++i)
      map.map(op.getInductionVars()[i], entry->getArgument(i));
    for (auto [i, v] : llvm::enumerate(captured))
      map.map(v, entry->getArgument(op.getNumLoops() + i));
    for (Operation &inner : op.getBody()->without_terminator())
      b.clone(inner, map);
    func::ReturnOp::create(b, op.getLoc());

    // The loop's body becomes the call.
    b.setInsertionPoint(op);
    auto loop = scf::ParallelOp::create(b, op.getLoc(), op.getLowerBound(),
                                        op.getUpperBound(), op.getStep());
    b.setInsertionPoint(loop.getBody()->getTerminator());
    SmallVector<Value> args(loop.getInductionVars());
    args.append(captured);
    func::CallOp::create(b, op.getLoc(), fn, args);
    op.erase();
  }
};

struct MarkNoAliasPointersPass
    : public tq::impl::TQMarkNoAliasPointersBase<MarkNoAliasPointersPass> {
  void runOnOperation() override {
    getOperation().walk([&](LLVM::LLVMFuncOp fn) {
      auto pointers = fn->getAttrOfType<DenseI64ArrayAttr>(kNoAliasPointers);
      if (!pointers)
        return;
      fn->removeAttr(kNoAliasPointers);
      for (int64_t i : pointers.asArrayRef()) {
        if (i < 0 || i >= fn.getNumArguments() ||
            !isa<LLVM::LLVMPointerType>(fn.getArgument(i).getType())) {
          fn.emitError() << kNoAliasPointers << ": argument " << i
                         << " is not a pointer (lowered with another "
                            "calling convention?)";
          return signalPassFailure();
        }
        fn.setArgAttr(i, LLVM::LLVMDialect::getNoAliasAttrName(),
                      UnitAttr::get(&getContext()));
      }
    });
  }
};
} // namespace
