//===- Passes.td - tq dialect passes -----------------------*- tablegen -*-===//

#ifndef TQ_DIALECT_TQ_TRANSFORMS_PASSES_TD
#define TQ_DIALECT_TQ_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TQStripQuantize : Pass<"tq-strip-quantize"> {
  let summary = "Remove every tq.quantize, giving the float baseline";
  let description = [{
    Replaces each `tq.quantize` by its input, so the same module can be run
    with and without emulation (the baseline of an accuracy comparison).
    With `quantizer-filter`, only ops whose quantizer string (as printed by
    `getSpec`, e.g. `fixed,8,4`) starts with the filter are removed.

    ```mlir
    // tq-opt --tq-strip-quantize
    %0 = tq.quantize %x with "fp8_e4m3" : tensor<4xf32>   // becomes %x
    ```
  }];
  let options = [
    Option<"quantizerFilter", "quantizer-filter", "std::string",
           /*default=*/"\"\"",
           "Only remove quantize ops whose quantizer string starts with this">
  ];
  let dependentDialects = ["::tq::TQDialect"];
}

def TQExpandIntrinsic : Pass<"tq-expand-intrinsic", "::mlir::ModuleOp"> {
  let summary = "Emulate the multiply-accumulate arithmetic inside contractions";
  let description = [{
    Every matmul or convolution that `tq-insert` marked with
    `tq.intrinsic = #tq.mac<...>` (TOSA `conv2d`,
    `depthwise_conv2d`, `matmul`, or any linalg contraction or convolution:
    `matmul`, `batch_matmul`, `conv_2d_*`, `depthwise_conv_2d_*`, a
    multiply-accumulate `linalg.generic`, ...) becomes a `linalg.generic`
    that computes what the model says (`#tq.mac`, `tq::ref::macDot`). The
    plain model `#tq.mac<product = P, accumulator = A>` rounds each product
    to P and the running sum to A after every addition:

    ```mlir
    %init_q = tq.quantize %init : tensor<...> with A     // bias or zero
    linalg.generic ... ins(%a, %b) outs(%init_q) {
    ^bb0(%x: f32, %y: f32, %acc: f32):
      %p = arith.mulf %x, %y : f32
      %pq = tq.quantize %p : f32 with P
      %s = arith.addf %acc, %pq : f32
      %sq = tq.quantize %s : f32 with A
      linalg.yield %sq : f32
    }
    ```

    The accumulation order is sequential over the reduction dimensions in
    their order (`k` for a matmul; `kh, kw, c` for an NHWC convolution),
    starting from the op's initial value (the broadcast bias of a TOSA
    convolution, else zero), which is itself rounded to A. The loops run
    with the output's last dimension innermost (after the reductions), so the
    compiled code is vectorized along it. TOSA ops are first lowered with
    the upstream TOSA-to-linalg patterns, one op at a time.

    Chunks and align groups split the innermost reduction dimension in two,
    `(ko, ki)` (padded with zeros to whole blocks). An `scf.for` nest over
    the reduction loops but `ki`, in their order, carries the accumulator
    (and a chunk's partial sum); each iteration works on the operands'
    slices there with generics over the parallel loops and `ki`, so that
    only the product and its addition run per product and what happens
    once per block runs once per block. A chunk: its products summed from
    zero, then promoted. An align group: (1) its largest and smallest
    product; (2) the scale `2^-q` as two factors; (3) the products scaled,
    rounded to integers and summed (exact); (4) the sum (aligned too with
    `align_accumulator`) added, scaled back with one rounding, rounded to
    the accumulator and, at a chunk's end, promoted. Each operand index
    must be one parallel dimension times a stride plus reduction
    dimensions (every matmul and convolution). With
    `wide = true` the accumulator is an f64 tensor, converted back at the
    end; a fused multiply-add forms the exact product and the round-to-odd
    sum in f64.

    Stochastic quantizers draw at counter `n·i + j` for the linear index
    `i` of the iteration in the op's original loop order (`#tq.mac` says
    which `j`), with the seed `tq-insert` recorded. `tq-cpu-pipeline` runs
    this pass first. See docs/intrinsic.md.
  }];
  let dependentDialects = ["::tq::TQDialect", "::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def TQFoldIntrinsic : Pass<"tq-fold-intrinsic", "::mlir::ModuleOp"> {
  let summary = "Evaluate marked contractions of constants with the reference";
  let description = [{
    Every linalg contraction marked `tq.intrinsic = #tq.mac<...>` whose
    operands are all constants becomes a constant, computed by the
    reference model (`tq::ref::macDot`, scalar code in
    `tq/Reference/Mac.h`): each output element's terms are enumerated from
    the op's indexing maps, in the lexicographic order of its reduction
    dimensions, and each scalar quantizer applies its own reference
    semantics at its random counter. The tests compare this folder with the
    code `tq-expand-intrinsic` generates, bit for bit. TOSA ops are not
    folded: lower them to linalg first (`tq-expand-intrinsic` does it for
    marked ops; `tosa-to-linalg-named` for a whole function).
  }];
  let dependentDialects = ["::tq::TQDialect", "::mlir::arith::ArithDialect"];
}

def TQOutlineQuantizers : Pass<"tq-outline-quantizers", "::mlir::ModuleOp"> {
  let summary = "Quantizers that lower to their own loops: one function per format and type";
  let description = [{
    A block format (MX, BFP, NVFP4, group-wise integers), ternary with an
    automatic threshold or a stochastic quantizer lowers to loops of its
    own (vector code per block, a reduction, Philox), which the elementwise
    fusion cannot merge into its neighbours. With one per op, a network
    quantized everywhere carries that code hundreds of times, and every
    later pass (bufferization above all) pays for it: MobileNet-v2 with
    ternary on every activation lowered 15 times slower than the float
    network. This pass moves each such `tq.quantize` of a ranked tensor
    into a private function `@__tq_quantize_N`, one per distinct quantizer,
    input type and offset operand used by two ops or more, and calls it;
    the lowering then emits each format's code once per tensor type (a
    quantizer used once stays in place). A stochastic quantizer's seed
    becomes the function's last argument (an i64, `seed_value` inside), so
    that the ops `tq-insert` seeds one by one share it. Deterministic
    elementwise quantizers stay in place, where fusion merges them into
    their producers and consumers. The values are unchanged (a stochastic
    quantizer's random index is its element's index in the tensor, whose
    offset operand becomes an argument; its Philox key is the seed, given
    at run time). `tq-cpu-pipeline` runs it before `tq-lower-to-arith`.

    A quantizer that reads its tensor as one row-major sequence (stochastic
    rounding, or a statistic of the whole tensor as ternary's automatic
    threshold) gives the same values on the tensor flattened: its function
    takes a 1-D tensor of dynamic size and a destination of that type,
    which it returns; every static shape (rank 0 too) is collapsed and cast
    to it at the call, the destination a `tensor.empty` of the caller, and
    the result cast back and expanded. One function serves every shape, and
    once bufferized (`tq-cpu-pipeline` drops the result equal to the
    destination) the caller owns every buffer statically. (The CPU lowering
    keeps vector steps for stochastic rounding of a dynamic size, the
    elements after the last whole step one by one.)

    ```mlir
    // tq-opt --tq-outline-quantizers
    %0 = tq.quantize %a : tensor<4x32xf32> with "mxfp8"
    %1 = tq.quantize %b : tensor<4x32xf32> with "mxfp8"
    // becomes
    %0 = call @__tq_quantize_0(%a) : (tensor<4x32xf32>) -> tensor<4x32xf32>
    %1 = call @__tq_quantize_0(%b) : (tensor<4x32xf32>) -> tensor<4x32xf32>
    func.func private @__tq_quantize_0(%x: tensor<4x32xf32>) -> tensor<4x32xf32> {
      %q = tq.quantize %x : tensor<4x32xf32> with #tq.mx<>
      return %q : tensor<4x32xf32>
    }
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

def TQRecordSignatures : Pass<"tq-record-signatures", "::mlir::ModuleOp"> {
  let summary = "Record each public function's type as `tq.signature`";
  let description = [{
    Lowering to the LLVM dialect flattens a memref argument into pointers
    and integers; the shapes and element types are gone. This pass copies
    the type of every public `func.func` with a body into a `tq.signature`
    attribute, which `convert-func-to-llvm` carries over to the `llvm.func`.
    `tq-cpu-pipeline` runs it just before that conversion, so `tq-run` can
    call a module that was lowered ahead of time. It also drops tq's own
    argument and result attributes (`tq.name`, which `tq-differentiate`
    puts on the parameters it returns), which LLVM IR has no place for.

    ```mlir
    // tq-opt --tq-record-signatures
    func.func @f(%a: memref<2x3xf32>) -> memref<2x3xf32>
        attributes {tq.signature = (memref<2x3xf32>) -> memref<2x3xf32>}
    ```
  }];
}

def TQNameOps : Pass<"tq-name-ops", "::mlir::ModuleOp"> {
  let summary = "Give every unnamed op of interest a stable Keras-style name";
  let description = [{
    Real IR rarely carries layer names, but maps match ops by name. This pass
    names every op of interest that has none: ops producing a ranked tensor
    that compute something (constants and pure data movement such as
    reshape, transpose, slice, concat, pad, fill, copy and `tensor.*` ops are
    left out). Names follow Keras: a base name per kind (`conv2d`,
    `depthwise_conv2d`, `conv2d_transpose`, `conv3d`, `conv1d`, `matmul`,
    `max_pooling2d`, `average_pooling2d`, `sum_pooling2d`, else the op's
    mnemonic such as `add` or `generic`), numbered in walk order across the
    module: `conv2d`, `conv2d_1`, `conv2d_2`, ... Names already present are
    kept and never reused. The name is added as a name location around the
    op's location (`loc("conv2d_1"(...))`), so the IR is otherwise unchanged
    and the name survives printing with `--mlir-print-debuginfo`.

    A dense layer appears as `matmul` (followed by its bias `add`).

    ```mlir
    // tq-opt --tq-name-ops --mlir-print-debuginfo
    %0 = tosa.conv2d ... loc(#loc1)
    #loc1 = loc("conv2d"(#loc0))
    ```
  }];
  let options = [
    Option<"nameAttr", "name-attr", "std::string", /*default=*/"\"name\"",
           "String attribute that already names an op">
  ];
}

def TQListNames : Pass<"tq-list-names", "::mlir::ModuleOp"> {
  let summary = "List the named ops of a module, like a model summary";
  let description = [{
    Prints one line per named op (name, op, result types), in walk order,
    as text or JSON, to `output` (`-` for standard output). Names are read
    as `tq-insert` reads them. The module is not changed.

    ```
    name                 op                       results
    conv2d               tosa.conv2d              tensor<1x28x28x6xf32>
    ```
  }];
  let options = [
    Option<"format", "format", "tq::ListFormat",
           /*default=*/"tq::ListFormat::Text", "Output format: text or json",
           [{::llvm::cl::values(
             clEnumValN(tq::ListFormat::Text, "text", "a table"),
             clEnumValN(tq::ListFormat::Json, "json", "a JSON list"))}]>,
    Option<"output", "output", "std::string", /*default=*/"\"-\"",
           "File to write the list to (- for standard output)">,
    Option<"nameAttr", "name-attr", "std::string", /*default=*/"\"name\"",
           "String attribute that names an op">
  ];
}

def TQInsert : Pass<"tq-insert", "::mlir::ModuleOp"> {
  let summary = "Insert tq.quantize ops where TensorQuant-style maps say";
  let description = [{
    Reads maps from `name pattern` to quantizer string, one per role, and
    inserts `tq.quantize` ops for every named op a map matches:

    - `activations` (TensorQuant's `extr_q_map`): the op's float tensor
      results are quantized;
    - `weights` (`weight_q_map`): the weight and bias operands of
      convolutions and matmuls (TOSA conv2d, depthwise_conv2d, conv3d,
      transpose_conv2d, matmul; linalg convolutions and contractions; the
      constant operands of linalg.generic contractions). Constant weights are
      quantized at compile time (folded); others get a quantize op at the
      use;
    - `intrinsic`: recorded on the op as `tq.intrinsic` (product and
      accumulator quantizers) for the intrinsic-quantization passes.

    Matching follows TensorQuant by default: the first key, in map order,
    that is a substring of the op's name wins, and the empty key matches
    every named op. `match=exact|glob|regex` select other rules (regex
    matches the whole name). Ops whose values cannot be quantized (integer,
    index or shape types) are skipped and listed in the report. Quantized
    roles are recorded in the op's `tq.quantized` attribute, so running the
    pass again never quantizes twice. Stochastic quantizers get a seed
    derived from `seed`, the op name, the role and the operand.

    Calls (`func.call` and any other call op) are not ops to quantize:
    their results are the callee's results, quantized inside the callee
    where a map names its ops. (Quantizing them again at the call site
    would round twice.)

    Map entries that match nothing are warnings, the first 20 one by one
    and then one line with the count; with `strict` they are errors and the
    pass fails.

    Maps come from pass options (inline JSON or a bare quantizer string) or
    files (a flat TensorQuant JSON map per role, or one combined file
    `{"activations": {...}, "weights": {...}, "intrinsic": {...}}`). Map
    entries that match nothing are warnings; malformed maps and invalid
    quantizers are errors with file, line and column, and then nothing is
    changed or written. See docs/insert.md.
  }];
  let options = [
    Option<"activations", "activations", "std::string", /*default=*/"\"\"",
           "Activations map: inline JSON object or a bare quantizer string">,
    Option<"weights", "weights", "std::string", /*default=*/"\"\"",
           "Weights map: inline JSON object or a bare quantizer string">,
    Option<"intrinsic", "intrinsic", "std::string", /*default=*/"\"\"",
           "Intrinsic map: inline JSON object or a bare quantizer string">,
    Option<"activationsFile", "activations-file", "std::string",
           /*default=*/"\"\"", "TensorQuant JSON map file for activations">,
    Option<"weightsFile", "weights-file", "std::string", /*default=*/"\"\"",
           "TensorQuant JSON map file for weights">,
    Option<"intrinsicFile", "intrinsic-file", "std::string",
           /*default=*/"\"\"", "TensorQuant JSON map file for intrinsic">,
    Option<"mapFile", "map-file", "std::string", /*default=*/"\"\"",
           "Combined JSON map file with activations/weights/intrinsic">,
    Option<"match", "match", "tq::MatchMode",
           /*default=*/"tq::MatchMode::Substring",
           "How keys match names: substring, exact, glob or regex",
           [{tq::matchModeValues()}]>,
    Option<"nameAttr", "name-attr", "std::string", /*default=*/"\"name\"",
           "String attribute that names an op (before its location)">,
    Option<"report", "report", "std::string", /*default=*/"\"\"",
           "Write a text report to this file (- for standard error)">,
    Option<"reportJson", "report-json", "std::string", /*default=*/"\"\"",
           "Write a JSON report to this file (- for standard error)">,
    Option<"seed", "seed", "uint64_t", /*default=*/"0",
           "Base seed of the stochastic quantizers inserted">,
    Option<"intrinsicBlock", "intrinsic-block", "int64_t", /*default=*/"0",
           "Accumulation order recorded for the intrinsic role: 0 "
           "sequential; K > 0 blocked (partial sums of K consecutive "
           "products, each added to the accumulator)">,
    Option<"strict", "strict", "bool", /*default=*/"false",
           "Map entries that match no op are errors (and the pass fails), "
           "not warnings">,
    Option<"foldWeights", "fold-weights", "bool", /*default=*/"true",
           "Fold the quantizer of a constant weight into the constant; "
           "false keeps tq.quantize on the float constant (training: the "
           "float weights are the master copies tq-differentiate updates)">
  ];
  let dependentDialects = ["::tq::TQDialect", "::mlir::arith::ArithDialect"];
}

def TQClampGatherIndices : Pass<"tq-clamp-gather-indices"> {
  let summary = "Clamp the indices of tosa.gather into range";
  let description = [{
    TOSA leaves a `tosa.gather` whose index is outside `[0, K)` undefined,
    and its lowering reads memory out of bounds: a random token id of a
    BERT made the JIT-compiled program crash. This pass clamps every
    gather's indices to `[0, K - 1]` (a `tosa.clamp` on the indices, K the
    static size of the values' dimension 1), so an out-of-range index reads
    the nearest valid row instead of crashing; in-range indices are
    unchanged. `tq-cpu-pipeline` and `tq-gpu-pipeline` run it before the
    TOSA lowerings. Gathers with a dynamic K are left alone.

    ```mlir
    // tq-opt --tq-clamp-gather-indices
    %r = tosa.gather %values, %idx : (tensor<1x5x3xf32>, tensor<1x4xi32>) -> tensor<1x4x3xf32>
    // becomes
    %c = tosa.clamp %idx {max_val = 4 : i32, min_val = 0 : i32} : (tensor<1x4xi32>) -> tensor<1x4xi32>
    %r = tosa.gather %values, %c : ...
    ```
  }];
  let dependentDialects = ["::mlir::tosa::TosaDialect"];
}

def TQFuseElementwise : Pass<"tq-fuse-elementwise"> {
  let summary = "Fuse elementwise producers into linalg.generic consumers, "
                "never recomputing one inside a reduction";
  let description = [{
    Upstream's `linalg-fuse-elementwise-ops` (the same patterns, reshape
    folding and canonicalizations), with one more condition: a producer is
    fused into a consumer with reduction loops only where the consumer
    reads each of its elements once (the operand's indexing map is a
    permutation of the consumer's loops, as in a reduction over a whole
    tensor). A matmul or convolution reads each operand element many times
    (`A[i, k]` for every `j`): fused into `tq-expand-intrinsic`'s
    contraction, the `tq.quantize` of an activation ran once per
    multiply-accumulate instead of once per element (a 256³ matmul with
    fp16 operands: 2.6x the time). Such a producer stays a generic of its
    own, computed once into a buffer. Consumers without reductions fuse as
    upstream fuses them. `tq-cpu-pipeline` and `tq-gpu-pipeline` run it
    after `tq-lower-to-arith`.

    ```mlir
    // tq-opt --tq-fuse-elementwise
    %q = linalg.generic {iterator_types = ["parallel", "parallel"]}
        ins(%a : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {...}  // stays
    %r = linalg.generic {iterator_types = ["parallel", "reduction", "parallel"]}
        ins(%q, %b : tensor<4x8xf32>, tensor<8x16xf32>) ...
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

def TQReductionsOutward : Pass<"tq-reductions-outward"> {
  let summary = "Move an output's contiguous loop inside the reduction loops";
  let description = [{
    `convert-linalg-to-loops` keeps the iterator order of a linalg op, and
    the named contractions and convolutions list their reductions last: the
    innermost loop of a matmul or a convolution is a chain of float
    additions into one accumulator, which runs at the adder's latency and
    does not vectorize. This pass generalizes every linalg op with a
    reduction iterator (matmuls, convolutions, poolings, reductions) and
    moves the parallel loop that indexes the output's last (contiguous)
    dimension innermost, after the reductions; the other loops keep their
    order. Each output element still accumulates its terms in the same
    order, so every result is bit for bit what it was; the innermost loop
    now updates independent elements, which pipelines and vectorizes. An
    input the moved loop reads along another dimension than its last (a
    convolution's filter `[F, KH, KW, C]`) is read from a transposed copy
    with that dimension last (a `memref.alloc` and `linalg.transpose`
    before the op, a `memref.dealloc` after it), so the innermost loop
    reads consecutive elements.
    `tq-cpu-pipeline` runs it on buffers, before `convert-linalg-to-loops`.
    Ops whose output's last dimension is not a plain loop (or has size 1)
    are left alone.

    ```mlir
    // tq-opt --tq-reductions-outward: linalg.matmul (m, n, k)
    linalg.generic {iterator_types = ["parallel", "reduction", "parallel"]}
        // loops (m, k, n): C[m, n] += A[m, k] * B[k, n]
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect"];
}

def TQVectorizeConvolutions : Pass<"tq-vectorize-convolutions",
                                    "::mlir::func::FuncOp"> {
  let summary = "Tile 2-D convolutions so that output tiles stay in vector registers";
  let description = [{
    Lowered to loops (even with `tq-reductions-outward`), a convolution
    loads and stores its output once per multiply-add. This pass tiles each
    static float `linalg.conv_2d_nhwc_hwcf` and `linalg.conv_2d_nhwc_fhwc`
    (what TOSA's `conv2d` becomes) on tensors:

    - an `scf.forall` over output tiles, output channels outermost: one
      row's up to 8 pixels by up to 32 channels (FT), each the largest
      divisor of its dimension at most that, so that every tile has one
      static shape;
    - inside it `scf.for` loops over the filter's rows, its columns and
      steps of up to 8 input channels, each step a 1-D convolution that
      upstream's vectorizer turns into a contraction;
    - the contraction unrolled per input channel (outermost) and output
      pixel: a broadcast input value times a row of FT filter values, added
      to that pixel's accumulator, a vector carried by the loops (it stays
      in registers).

    The filter is read from a packed copy `[F/FT, KH, KW, C, FT]`, in which
    each tile's filter block is contiguous: permuted at compile time where
    the filter is a constant (dense, splat or a resource, which gets a new
    resource named `<name>_packed`), else by a `linalg.transpose` per call.

    Every output element adds its terms in the loops' order (kh, kw, c),
    each product rounded before the addition (a `vector.fma` is rewritten
    as `arith.mulf` and `arith.addf`): the results are bit for bit those of
    `convert-linalg-to-loops`. Dynamic shapes, integer convolutions and
    mixed element types are left alone. `tq-cpu-pipeline` runs it before
    bufferization unless `tile=false`.

    ```mlir
    // tq-opt --tq-vectorize-convolutions --canonicalize --cse
    scf.forall (%f, %oh, %ow) ... {                  // output tiles
      scf.for %kh ... iter_args(%acc0 = ..., ...) -> (vector<32xf32>, ...)
        scf.for %kw ... { scf.for %c ... {
          %x = vector.broadcast %in_oh_ow_c : f32 to vector<32xf32>
          %p = arith.mulf %filter_row_c, %x : vector<32xf32>
          %s = arith.addf %acc0, %p : vector<32xf32>  ...
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::arith::ArithDialect"];
}

def TQSerializeNestedParallel : Pass<"tq-serialize-nested-parallel"> {
  let summary = "Make scf.parallel loops inside another parallel loop sequential";
  let description = [{
    `convert-scf-to-openmp` turns every `scf.parallel` into an OpenMP
    parallel region, nested ones included: a parallel loop inside another
    one's body (the contiguous output loop that `tq-reductions-outward`
    moves inside a convolution's reductions) would open a region per
    iteration, hundreds of times slower. This pass rewrites each
    `scf.parallel` (without reductions) that has an `scf.parallel` ancestor
    into a nest of `scf.for` loops with the same bounds, in order, so only
    the outermost loops run on threads. The results are unchanged: the
    iterations were independent.

    With `leading-only`, each outermost `scf.parallel` keeps only its
    leading dimensions parallel, up to and including the first whose trip
    count is not 1; the others become `scf.for` loops inside it.
    `convert-scf-to-openmp` collapses all of a loop's dimensions into one
    iteration space, whose indices are recomputed with divisions per
    iteration and whose innermost loop no longer vectorizes (an elementwise
    kernel on `64x28x28x8` ran 4x slower); the leading dimension alone
    gives the threads their share.
    `tq-cpu-pipeline{threads}` runs it with `leading-only` before
    `tq-outline-parallel-bodies` and `convert-scf-to-openmp`.

    ```mlir
    // tq-opt --tq-serialize-nested-parallel=leading-only
    scf.parallel (%n, %h, %w, %c) = (%c0, %c0, %c0, %c0) to (%c64, %c28, %c28, %c8) ...
    // becomes
    scf.parallel (%n) = (%c0) to (%c64) step (%c1) {
      scf.for %h = %c0 to %c28 step %c1 {
        scf.for %w = ... { scf.for %c = ... { ... } } } }
    ```
  }];
  let options = [
    Option<"leadingOnly", "leading-only", "bool", /*default=*/"false",
           "Also make the non-leading dimensions of the outermost parallel "
           "loops sequential">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect"];
}

def TQOutlineParallelBodies : Pass<"tq-outline-parallel-bodies", "::mlir::ModuleOp"> {
  let summary = "Make each outermost parallel loop's body a function with noalias buffers";
  let description = [{
    `convert-scf-to-openmp` moves a parallel loop's body into a function
    that loads its buffers from a struct of pointers. LLVM then cannot tell
    that a convolution's output does not overlap its input, and stores
    every partial sum back to memory instead of keeping it in a register
    (the Fashion-MNIST training step: 4x slower than the same code
    without threads). This pass moves the body of each outermost
    `scf.parallel` (without reductions) of every function `@f` into a
    private function `@f_parallel_body` (numbered on a clash), called with
    the induction variables and the values the body uses; constants are
    cloned into it. A memref argument gets `llvm.noalias` when it is the
    only argument that views a buffer allocated in `@f` (`memref.alloc` or
    `memref.alloca`, through view-like ops): no other buffer can overlap a
    fresh allocation. When an argument's buffer cannot be traced (to an
    allocation, a global or a block argument), no argument is marked.
    `convert-func-to-llvm` drops the mark of an argument it expands into
    a descriptor, so the pass also lists the positions of the marked
    buffers' aligned pointers in the lowered signature (default calling
    convention: a memref of rank r is 3 + 2r arguments) as
    `tq.noalias_pointers`, which `tq-mark-noalias-pointers` applies after
    the conversion. LLVM's inliner turns the marks into alias scopes when
    it inlines the body into OpenMP's outlined function. The results are
    unchanged. `tq-cpu-pipeline{threads}` runs it before
    `convert-scf-to-openmp`.

    ```mlir
    // tq-opt --tq-outline-parallel-bodies
    func.func @f(%x: memref<4x8xf32>) -> memref<4x8xf32> {
      %out = memref.alloc() : memref<4x8xf32>
      scf.parallel (%i) = (%c0) to (%c4) step (%c1) { <body> }
    // becomes
      scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
        func.call @f_parallel_body(%i, %x, %out) : ...
    func.func private @f_parallel_body(%i: index, %x: memref<4x8xf32>,
        %out: memref<4x8xf32> {llvm.noalias})
        attributes {tq.noalias_pointers = array<i64: 9>} { <body> }
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

def TQMarkNoAliasPointers : Pass<"tq-mark-noalias-pointers", "::mlir::ModuleOp"> {
  let summary = "Mark the arguments listed in `tq.noalias_pointers` noalias";
  let description = [{
    The second half of `tq-outline-parallel-bodies`: for every `llvm.func`
    with a `tq.noalias_pointers` attribute, puts `llvm.noalias` on the
    listed arguments and removes the attribute. A listed argument that is
    not a pointer (a module lowered with another calling convention) is an
    error. `tq-cpu-pipeline{threads}` runs it after `convert-func-to-llvm`.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // TQ_DIALECT_TQ_TRANSFORMS_PASSES_TD
