/*===-- tq-c/TQ.h - C API of the tq dialect and passes ------------*- C -*-===*\
|*                                                                            *|
|* tq in MLIR's C API style, for bindings in other languages: register the   *|
|* dialect (a dialect handle, as every upstream dialect has), parse and      *|
|* print quantizer strings, run the insertion or the whole quantize          *|
|* pipeline. Everything else (contexts, modules, pass managers, diagnostics) *|
|* is MLIR's own C API, which libTQCAPI also carries: Debian ships MLIR's C  *|
|* API only as static archives, so libTQCAPI.so links in the core of it      *|
|* (IR, Pass, Transforms, RegisterEverything) on top of libMLIR.so.          *|
|*                                                                            *|
|* Errors: functions that can fail return a null attribute or a failed       *|
|* MlirLogicalResult. Errors in the IR or in a pass are MLIR diagnostics     *|
|* (attach a handler with mlirContextAttachDiagnosticHandler); errors in a   *|
|* string argument (a quantizer string, a pipeline option string) are        *|
|* reported through the callback the function takes.                        *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TQ_C_TQ_H
#define TQ_C_TQ_H

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/Support.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* mlirGetDialectHandle__tq__(): insert the tq dialect into a registry
   (mlirDialectHandleInsertDialect) or load it into a context
   (mlirDialectHandleLoadDialect). */
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(TQ, tq);

/* Registers tq's passes (tq-name-ops, tq-insert, ...) and pipelines
   (tq-quantize-pipeline) with the global registry, so that
   mlirParsePassPipeline can name them. Safe to call more than once. */
MLIR_CAPI_EXPORTED void mlirTQRegisterPasses(void);

/*===----------------------------------------------------------------------===*
 * Quantizers
 *===----------------------------------------------------------------------===*/

/* Parses a quantizer string ("nearest,8,4", "fp8_e4m3", "mxfp4", ...; see
   docs/quantizers.md) into a quantizer attribute, loading the tq dialect into
   `context` if needed. On error returns a null attribute
   (mlirAttributeIsNull), calls `errorCallback` (if not NULL) once with the
   message and `userData`, and stores the 0-based column of the error in
   `*errorColumn` (if not NULL). */
MLIR_CAPI_EXPORTED MlirAttribute mlirTQParseQuantizer(
    MlirContext context, MlirStringRef spec, MlirStringCallback errorCallback,
    void *userData, intptr_t *errorColumn);

/* Whether `attr` is a tq quantizer attribute (#tq.fixed, #tq.float, ...);
   false for a null attribute. */
MLIR_CAPI_EXPORTED bool mlirAttributeIsATQQuantizer(MlirAttribute attr);

/* Calls `callback` with the canonical quantizer string of `quantizer` (which
   mlirTQParseQuantizer parses back to the same attribute). Fails, without
   calling `callback`, when `quantizer` is not a quantizer attribute or is
   null (what mlirTQParseQuantizer returns on error). */
MLIR_CAPI_EXPORTED MlirLogicalResult mlirTQQuantizerGetSpec(
    MlirAttribute quantizer, MlirStringCallback callback, void *userData);

/*===----------------------------------------------------------------------===*
 * Passes
 *===----------------------------------------------------------------------===*/

/* Runs tq-insert on `module` with `options`, a pass-option string as in
   --tq-insert='...' (e.g. "activations=fp8_e4m3 weights={\"conv\": \"nearest,8,6\"}").
   Ops are matched by the names they carry (see mlirTQRunQuantizePipeline to
   name them first). Fails on invalid options (an error diagnostic on the
   module) and on any error of the pass (its diagnostics). */
MLIR_CAPI_EXPORTED MlirLogicalResult mlirTQInsert(MlirModule module,
                                                  MlirStringRef options);

/* Appends tq-quantize-pipeline (tq-name-ops, tq-insert, canonicalize; later
   the lowering) to `passManager`, which must be anchored on builtin.module,
   with `options` as in --tq-quantize-pipeline='...'. This is the C form of
   tq::buildTQQuantizePipeline. On invalid options appends nothing, calls
   `errorCallback` (if not NULL) with the message and fails. */
MLIR_CAPI_EXPORTED MlirLogicalResult mlirTQBuildQuantizePipeline(
    MlirOpPassManager passManager, MlirStringRef options,
    MlirStringCallback errorCallback, void *userData);

/* Runs tq-quantize-pipeline on `module`. Fails on invalid options (an error
   diagnostic on the module) and on any error of the pipeline. */
MLIR_CAPI_EXPORTED MlirLogicalResult
mlirTQRunQuantizePipeline(MlirModule module, MlirStringRef options);

#ifdef __cplusplus
}
#endif

#endif /* TQ_C_TQ_H */
