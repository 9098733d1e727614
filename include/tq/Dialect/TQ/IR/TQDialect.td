//===- TQDialect.td - The tq dialect -----------------------*- tablegen -*-===//

#ifndef TQ_DIALECT_TD
#define TQ_DIALECT_TD

include "mlir/IR/OpBase.td"

def TQ_Dialect : Dialect {
  let name = "tq";
  let summary = "Emulation of custom numerical formats in tensor IR";
  let description = [{
    The `tq` dialect describes number-format emulation: `tq.quantize` rounds a
    floating-point value to the value set of a format (fixed point, custom
    floats such as fp8, power of two, ternary, microscaling blocks, ...) and
    keeps the result in the original floating-point type, so the rest of the
    program runs unchanged and sees exactly the values the hardware format
    could hold.

    Formats are attributes implementing `QuantizerAttrInterface`; their exact
    semantics are defined once, in the reference library
    (`tq/Reference/Reference.h`), which the folder uses and every lowering
    must match bit for bit. See `docs/quantizers.md`.
  }];
  let cppNamespace = "::tq";
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

class TQ_Op<string mnemonic, list<Trait> traits = []>
    : Op<TQ_Dialect, mnemonic, traits>;

#endif // TQ_DIALECT_TD
