/*===- tq-capi-test.c - tq's C API, used from C ---------------------------===*\
|*                                                                            *|
|* Everything a binding does, in C: create a context, register upstream       *|
|* dialects and tq through dialect handles, parse quantizer strings (good and *|
|* bad), parse a module, run the insertion and the quantize pipeline, and    *|
|* report errors through diagnostics and callbacks.                          *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

/* RUN: tq-capi-test 2>%t.stderr | FileCheck %s
   RUN: FileCheck %s --check-prefix=STDERR --input-file=%t.stderr
   Everything goes to standard output (diagnostics through the handler)
   except what LLVM's option parser prints itself.
   STDERR: for the --name-ops option: 'maybe' is invalid value for boolean argument! Try 0 or 1
   STDERR-NOT: {{.}}
 */

#include "tq-c/TQ.h"

#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/RegisterEverything.h"

#include <stdio.h>
#include <string.h>

static void printToStdout(MlirStringRef text, void *userData) {
  (void)userData;
  fwrite(text.data, 1, text.length, stdout);
}

static MlirLogicalResult printDiagnostic(MlirDiagnostic diagnostic,
                                         void *userData) {
  (void)userData;
  const char *severity = "note";
  switch (mlirDiagnosticGetSeverity(diagnostic)) {
  case MlirDiagnosticError:
    severity = "error";
    break;
  case MlirDiagnosticWarning:
    severity = "warning";
    break;
  case MlirDiagnosticRemark:
    severity = "remark";
    break;
  default:
    break;
  }
  printf("diagnostic: %s: ", severity);
  mlirLocationPrint(mlirDiagnosticGetLocation(diagnostic), printToStdout, NULL);
  printf(": ");
  mlirDiagnosticPrint(diagnostic, printToStdout, NULL);
  printf("\n");
  return mlirLogicalResultSuccess();
}

static void parseQuantizer(MlirContext ctx, const char *spec) {
  intptr_t column = -1;
  printf("parse \"%s\": ", spec);
  MlirAttribute q = mlirTQParseQuantizer(ctx, mlirStringRefCreateFromCString(spec),
                                         printToStdout, NULL, &column);
  if (mlirAttributeIsNull(q)) {
    printf(" (column %ld)\n", (long)column);
    return;
  }
  mlirAttributePrint(q, printToStdout, NULL);
  printf(" is a quantizer: %d, spec \"", mlirAttributeIsATQQuantizer(q));
  if (mlirLogicalResultIsFailure(mlirTQQuantizerGetSpec(q, printToStdout, NULL)))
    printf("<failed>");
  printf("\"\n");
}

static MlirModule parseModule(MlirContext ctx, const char *text) {
  MlirModule module =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(text));
  if (mlirModuleIsNull(module))
    printf("cannot parse the module\n");
  return module;
}

/* Modules print with a final newline. */
static void printModule(MlirModule module) {
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
}

static const char *kNamed =
    "func.func @f(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {\n"
    "  %0 = arith.addf %x, %y : tensor<4xf32> loc(\"fc1\")\n"
    "  %1 = arith.mulf %0, %y : tensor<4xf32>\n"
    "  return %1 : tensor<4xf32>\n"
    "}\n";

static const char *kUnnamed =
    "func.func @g(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
    "  %c = arith.constant dense<0.3> : tensor<4xf32>\n"
    "  %0 = arith.mulf %x, %c : tensor<4xf32>\n"
    "  return %0 : tensor<4xf32>\n"
    "}\n";

static void testRegistration(MlirContext ctx) {
  MlirDialectHandle tq = mlirGetDialectHandle__tq__();
  MlirStringRef ns = mlirDialectHandleGetNamespace(tq);
  printf("dialect handle: %.*s\n", (int)ns.length, ns.data);
  MlirDialect dialect = mlirDialectHandleLoadDialect(tq, ctx);
  ns = mlirDialectGetNamespace(dialect);
  printf("loaded: %.*s\n", (int)ns.length, ns.data);
}
// CHECK-LABEL: == registration
// CHECK-NEXT: dialect handle: tq
// CHECK-NEXT: loaded: tq

static void testQuantizers(MlirContext ctx) {
  parseQuantizer(ctx, "nearest,8,4");
  parseQuantizer(ctx, "fp8_e4m3");
  parseQuantizer(ctx, "mxfp4");
  parseQuantizer(ctx, "nearest,8");
  parseQuantizer(ctx, "fixed,8,4,sideways");
  parseQuantizer(ctx, "fp9_e4m3");

  MlirAttribute notQ =
      mlirAttributeParseGet(ctx, mlirStringRefCreateFromCString("1 : i32"));
  printf("1 : i32 is a quantizer: %d, spec: %s\n",
         mlirAttributeIsATQQuantizer(notQ),
         mlirLogicalResultIsFailure(
             mlirTQQuantizerGetSpec(notQ, printToStdout, NULL))
             ? "failure"
             : "success");
  MlirAttribute null = mlirTQParseQuantizer(
      ctx, mlirStringRefCreateFromCString("fp9"), NULL, NULL, NULL);
  printf("null is a quantizer: %d, spec: %s\n",
         mlirAttributeIsATQQuantizer(null),
         mlirLogicalResultIsFailure(
             mlirTQQuantizerGetSpec(null, printToStdout, NULL))
             ? "failure"
             : "success");
}
// CHECK-LABEL: == quantizers
// CHECK-NEXT: parse "nearest,8,4": #tq.fixed<bits = 8, frac = 4, rounding = nearest_away> is a quantizer: 1, spec "fixed,8,4,nearest_away"
// CHECK-NEXT: parse "fp8_e4m3": #tq.float<exp = 4, man = 3, kind = nan_only> is a quantizer: 1, spec "fp8_e4m3"
// CHECK-NEXT: parse "mxfp4": #tq.mx<element = fp4_e2m1> is a quantizer: 1, spec "mxfp4"
// CHECK-NEXT: parse "nearest,8": expected fractional bits (column 9)
// CHECK-NEXT: parse "fixed,8,4,sideways": unknown option 'sideways' for fixed point (column 10)
// CHECK-NEXT: parse "fp9_e4m3": unknown quantizer 'fp9_e4m3' (column 0)
// CHECK-NEXT: 1 : i32 is a quantizer: 0, spec: failure
// CHECK-NEXT: null is a quantizer: 0, spec: failure

static void testInsert(MlirContext ctx) {
  MlirModule module = parseModule(ctx, kNamed);
  MlirLogicalResult result = mlirTQInsert(
      module, mlirStringRefCreateFromCString(
                  "activations={\"fc\": \"fp8_e4m3\"} match=substring"));
  printf("insert: %s\n", mlirLogicalResultIsSuccess(result) ? "success" : "failure");
  printModule(module);

  /* Running again changes nothing: tq.quantized records what was done. */
  result = mlirTQInsert(module, mlirStringRefCreateFromCString(
                                    "activations={\"fc\": \"fp8_e4m3\"}"));
  printf("again: %s\n", mlirLogicalResultIsSuccess(result) ? "success" : "failure");
  printModule(module);
  mlirModuleDestroy(module);
}
// CHECK-LABEL: == insert
// CHECK-NEXT: insert: success
// CHECK-NEXT: module {
// CHECK-NEXT:   func.func @f(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NEXT:     %0 = arith.addf %arg0, %arg1 {tq.quantized = {activations = #tq.float<exp = 4, man = 3, kind = nan_only>}} : tensor<4xf32>
// CHECK-NEXT:     %1 = tq.quantize %0 : tensor<4xf32> with #tq.float<exp = 4, man = 3, kind = nan_only>
// CHECK-NEXT:     %2 = arith.mulf %1, %arg1 : tensor<4xf32>
// CHECK-NEXT:     return %2 : tensor<4xf32>
// CHECK-NEXT:   }
// CHECK-NEXT: }
// CHECK-NEXT: again: success
// CHECK-NEXT: module {
// CHECK-NEXT:   func.func @f
// CHECK-NEXT:     %0 = arith.addf
// CHECK-NEXT:     %1 = tq.quantize %0
// CHECK-NEXT:     %2 = arith.mulf %1, %arg1
// CHECK-NEXT:     return %2

static void testInsertErrors(MlirContext ctx) {
  MlirModule module = parseModule(ctx, kNamed);
  const char *options[] = {"activations=fp8_e4m3 colour=blue",
                           "activations={\"fc\": \"nearest,99,4\"}", "",
                           "activations={\"fc\": \"fp8_e4m3\"} match=fuzzy"};
  for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); ++i) {
    printf("options '%s':\n", options[i]);
    MlirLogicalResult result =
        mlirTQInsert(module, mlirStringRefCreateFromCString(options[i]));
    printf("result: %s\n", mlirLogicalResultIsSuccess(result) ? "success" : "failure");
  }
  /* Nothing was changed by the failed runs. */
  printModule(module);
  mlirModuleDestroy(module);
}
// CHECK-LABEL: == insert errors
// CHECK-NEXT: options 'activations=fp8_e4m3 colour=blue':
// CHECK-NEXT: diagnostic: error: loc("-":0:0): tq-insert: invalid options 'activations=fp8_e4m3 colour=blue': no such option colour
// CHECK-NEXT: result: failure
// CHECK-NEXT: options 'activations={"fc": "nearest,99,4"}':
// CHECK-NEXT: diagnostic: error: loc("<tq-insert activations option>":1:8): invalid quantizer "nearest,99,4" for "fc" in the activations map: fixed point needs 1 to 53 total bits, got 99
// CHECK-NEXT: result: failure
// CHECK-NEXT: options '':
// CHECK-NEXT: diagnostic: error: loc("-":0:0): tq-insert: no map given (use activations=, weights=, intrinsic= or a *-file option)
// CHECK-NEXT: result: failure
// CHECK-NEXT: options 'activations={"fc": "fp8_e4m3"} match=fuzzy':
// CHECK-NEXT: diagnostic: error: loc("-":0:0): tq-insert: invalid options 'activations={"fc": "fp8_e4m3"} match=fuzzy': an option value does not parse (the option parser printed why to standard error)
// CHECK-NEXT: result: failure
// CHECK-NEXT: module {
// CHECK-NEXT:   func.func @f(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NEXT:     %0 = arith.addf %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT:     %1 = arith.mulf %0, %arg1 : tensor<4xf32>
// CHECK-NEXT:     return %1 : tensor<4xf32>
// CHECK-NEXT:   }
// CHECK-NEXT: }
// CHECK-NEXT: == pipeline

static void testPipeline(MlirContext ctx) {
  /* The C form of tq::buildTQQuantizePipeline: append to a pass manager. */
  MlirModule module = parseModule(ctx, kUnnamed);
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirLogicalResult built = mlirTQBuildQuantizePipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString("activations={\"mulf\": \"nearest,8,4\"}"),
      printToStdout, NULL);
  printf("built: %s\n", mlirLogicalResultIsSuccess(built) ? "success" : "failure");
  MlirLogicalResult ran =
      mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  printf("ran: %s\n", mlirLogicalResultIsSuccess(ran) ? "success" : "failure");
  printModule(module);
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);

  /* By name, in a textual pipeline, once the passes are registered. */
  mlirTQRegisterPasses();
  module = parseModule(ctx, kUnnamed);
  pm = mlirPassManagerCreate(ctx);
  MlirLogicalResult parsed = mlirParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString(
          "builtin.module(tq-quantize-pipeline{activations=fp16 canonicalize=false})"),
      printToStdout, NULL);
  printf("parsed: %s\n", mlirLogicalResultIsSuccess(parsed) ? "success" : "failure");
  ran = mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  printf("ran: %s\n", mlirLogicalResultIsSuccess(ran) ? "success" : "failure");
  printModule(module);
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);

  /* And in one call. */
  module = parseModule(ctx, kUnnamed);
  ran = mlirTQRunQuantizePipeline(
      module, mlirStringRefCreateFromCString("activations=bf16 name-ops=true"));
  printf("run: %s\n", mlirLogicalResultIsSuccess(ran) ? "success" : "failure");
  printModule(module);
  mlirModuleDestroy(module);
}
// CHECK-NEXT: built: success
// CHECK-NEXT: ran: success
// CHECK-NEXT: module {
// CHECK-NEXT:   func.func @g(%arg0: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NEXT:     %cst = arith.constant dense<3.000000e-01> : tensor<4xf32>
// CHECK-NEXT:     %0 = arith.mulf %arg0, %cst {tq.quantized = {activations = #tq.fixed<bits = 8, frac = 4, rounding = nearest_away>}} : tensor<4xf32>
// CHECK-NEXT:     %1 = tq.quantize %0 : tensor<4xf32> with #tq.fixed<bits = 8, frac = 4, rounding = nearest_away>
// CHECK-NEXT:     return %1 : tensor<4xf32>
// CHECK-NEXT:   }
// CHECK-NEXT: }
// CHECK-NEXT: parsed: success
// CHECK-NEXT: ran: success
// CHECK-NEXT: module {
// CHECK-NEXT:   func.func @g
// CHECK-NEXT:     %cst = arith.constant
// CHECK-NEXT:     %0 = arith.mulf %arg0, %cst {tq.quantized = {activations = #tq.float<exp = 5, man = 10>}} : tensor<4xf32>
// CHECK-NEXT:     %1 = tq.quantize %0 : tensor<4xf32> with #tq.float<exp = 5, man = 10>
// CHECK-NEXT:     return %1
// CHECK-NEXT:   }
// CHECK-NEXT: }
// CHECK-NEXT: run: success
// CHECK-NEXT: module {
// CHECK-NEXT:   func.func @g
// CHECK-NEXT:     %cst = arith.constant
// CHECK-NEXT:     %0 = arith.mulf %arg0, %cst {tq.quantized = {activations = #tq.float<exp = 8, man = 7>}} : tensor<4xf32>
// CHECK-NEXT:     %1 = tq.quantize %0 : tensor<4xf32> with #tq.float<exp = 8, man = 7>
// CHECK-NEXT:     return %1
// CHECK-NEXT:   }
// CHECK-NEXT: }

static void testPipelineErrors(MlirContext ctx) {
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  printf("build: ");
  MlirLogicalResult built = mlirTQBuildQuantizePipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString("activations=fp16 name-ops=maybe"),
      printToStdout, NULL);
  printf("\nbuilt: %s\n", mlirLogicalResultIsSuccess(built) ? "success" : "failure");
  mlirPassManagerDestroy(pm);

  /* The pipeline runs on modules: a pass manager nested on functions is
     refused, and nothing is appended. */
  pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager onFunctions = mlirPassManagerGetNestedUnder(
      pm, mlirStringRefCreateFromCString("func.func"));
  printf("build: ");
  built = mlirTQBuildQuantizePipeline(
      onFunctions, mlirStringRefCreateFromCString("activations=fp16"),
      printToStdout, NULL);
  printf("\nbuilt: %s\n", mlirLogicalResultIsSuccess(built) ? "success" : "failure");
  mlirPassManagerDestroy(pm);

  MlirModule module = parseModule(ctx, kUnnamed);
  MlirLogicalResult ran = mlirTQRunQuantizePipeline(
      module, mlirStringRefCreateFromCString("activations=fp16 colour=blue"));
  printf("run: %s\n", mlirLogicalResultIsSuccess(ran) ? "success" : "failure");
  ran = mlirTQRunQuantizePipeline(
      module, mlirStringRefCreateFromCString("activations=nearest,99,4"));
  printf("run: %s\n", mlirLogicalResultIsSuccess(ran) ? "success" : "failure");
  printModule(module);
  mlirModuleDestroy(module);
}
// CHECK-LABEL: == pipeline errors
// CHECK-NEXT: build: tq-quantize-pipeline: invalid options 'activations=fp16 name-ops=maybe': an option value does not parse (the option parser printed why to standard error)
// CHECK-NEXT: built: failure
// CHECK-NEXT: build: tq-quantize-pipeline runs on builtin.module, not in a pass manager on 'func.func'
// CHECK-NEXT: built: failure
// CHECK-NEXT: diagnostic: error: loc("-":0:0): tq-quantize-pipeline: invalid options 'activations=fp16 colour=blue': no such option colour
// CHECK-NEXT: run: failure
// CHECK-NEXT: diagnostic: error: loc("<tq-insert activations option>":1:1): invalid quantizer "nearest,99,4" for "" in the activations map: fixed point needs 1 to 53 total bits, got 99
// CHECK-NEXT: run: failure
// CHECK-NEXT: module {
// CHECK-NEXT:   func.func @g(%arg0: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NEXT:     %cst = arith.constant dense<3.000000e-01> : tensor<4xf32>
// CHECK-NEXT:     %0 = arith.mulf %arg0, %cst : tensor<4xf32>
// CHECK-NEXT:     return %0 : tensor<4xf32>
// CHECK-NEXT:   }
// CHECK-NEXT: }

int main(void) {
  MlirContext ctx = mlirContextCreate();
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  mlirDialectHandleInsertDialect(mlirGetDialectHandle__tq__(), registry);
  mlirContextAppendDialectRegistry(ctx, registry);
  mlirDialectRegistryDestroy(registry);
  mlirContextAttachDiagnosticHandler(ctx, printDiagnostic, NULL, NULL);

  printf("== registration\n");
  testRegistration(ctx);
  printf("== quantizers\n");
  testQuantizers(ctx);
  printf("== insert\n");
  testInsert(ctx);
  printf("== insert errors\n");
  testInsertErrors(ctx);
  printf("== pipeline\n");
  testPipeline(ctx);
  printf("== pipeline errors\n");
  testPipelineErrors(ctx);

  mlirContextDestroy(ctx);
  printf("== done\n");
  return 0;
}
// CHECK-NEXT: == done
