//===- consumer-run.cpp - An outside program on tq's runner library -------===//
//
// Compiles a model with quantizers (TQ::TQRunner, tq/Runner/Runner.h), runs
// it on random inputs and prints the first output:
//   consumer-run MODEL QUANTIZE-OPTIONS
//
//===----------------------------------------------------------------------===//

#include "tq/Runner/Runner.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    llvm::errs() << "usage: consumer-run MODEL QUANTIZE-OPTIONS\n";
    return 2;
  }
  auto context = tq::createRunnerContext();
  auto module = tq::parseModelFile(argv[1], *context);
  if (!module) {
    llvm::errs() << llvm::toString(module.takeError()) << "\n";
    return 1;
  }
  tq::RunnerOptions options;
  options.quantize = argv[2];
  auto model = tq::CompiledModel::compile(std::move(*module), options);
  if (!model) {
    llvm::errs() << llvm::toString(model.takeError()) << "\n";
    return 1;
  }
  auto outputs = (*model)->run((*model)->randomInputs(/*seed=*/0));
  if (!outputs) {
    llvm::errs() << llvm::toString(outputs.takeError()) << "\n";
    return 1;
  }
  const tq::NpyArray &y = outputs->front();
  llvm::outs() << "@" << (*model)->entry() << ": " << y.shapeString() << " "
               << y.descr() << "\n";
  for (int64_t i = 0; i < y.numElements(); ++i)
    llvm::outs() << (i ? " " : "") << y.getDouble(i);
  llvm::outs() << "\n";
  return 0;
}
