//===- tq-translate.cpp - mlir-translate with tq's importers --------------===//
//
// `tq-translate --import-onnx model.onnx -o model.mlir` (docs/import.md),
// plus every upstream translation. Imported ops are named by locations, so
// the output is printed with debug info (locations) unless the command line
// says otherwise (--mlir-print-debuginfo=false).
//
//===----------------------------------------------------------------------===//

#include "tq/Import/ONNX.h"

#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "llvm/ADT/StringRef.h"

#include <vector>

int main(int argc, char **argv) {
  mlir::registerAllTranslations();
  tq::registerONNXImportTranslation();
  std::vector<char *> args(argv, argv + argc);
  bool saysDebugInfo = false;
  for (int i = 1; i < argc; ++i)
    saysDebugInfo |= llvm::StringRef(argv[i]).contains("mlir-print-debuginfo");
  static char debugInfo[] = "--mlir-print-debuginfo";
  if (!saysDebugInfo)
    args.insert(args.begin() + 1, debugInfo);
  return mlir::failed(mlir::mlirTranslateMain(
      int(args.size()), args.data(), "tq translation driver\n"));
}
