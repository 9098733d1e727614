//===- Passes.td - tq conversion passes --------------------*- tablegen -*-===//

#ifndef TQ_CONVERSION_PASSES_TD
#define TQ_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def TQLowerToArith : Pass<"tq-lower-to-arith", "::mlir::ModuleOp"> {
  let summary = "Lower tq.quantize to arith (and linalg for tensors)";
  let description = [{
    Rewrites every `tq.quantize` into plain `arith` operations (plus
    `math.ctlz`), computing exactly what the reference semantics define, bit
    for bit, so that compiled code and the folder agree:

    - scalars and vectors: the quantizer inline, lane-wise;
    - ranked tensors: a `linalg.generic` whose body is the scalar code,
      which `linalg-fuse-elementwise-ops` fuses into its producers and
      consumers; ternary with an automatic threshold adds its f64 sum of
      `|x|` in the reference's blocked order (per level, an `scf.forall`
      step per 1024-element chunk: 32 vector reads added in order into 32
      lane sums, then an ordered `vector.reduction <add>`; then the total
      in order), the block formats (MX, BFP) a per-block max reduction over
      the tensor reshaped into blocks.

    Float formats are rounded by integer manipulation of the significand and
    exponent (no double rounding); fixed point by exact power-of-two scaling,
    integer rounding and clamping; stochastic rounding draws the same
    Philox4x32-10 bits as the reference. No runtime library is called.
    Values are computed in f32 for f16/bf16/f32 elements when that is exact,
    else in f64, and rounded once into the element type.

    `target=gpu` shapes the vector code for GPU threads: stochastic rounding
    of a static tensor takes 4 elements per step (one Philox4x32-10
    evaluation gives their 4 words) instead of 32-128. The values are the
    same for either target.

    The pass applies `tq::populateTQToArithPatterns`
    (`tq/Conversion/TQToArith.h`), which other compilers can add to their
    own rewrites.
  }];
  let options = [
    Option<"target", "target", "::tq::LoweringTarget",
           /*default=*/"::tq::LoweringTarget::cpu",
           "Code shape (the values are the same)",
           [{::llvm::cl::values(
               clEnumValN(::tq::LoweringTarget::cpu, "cpu",
                          "32-128 elements per step of stochastic rounding"),
               clEnumValN(::tq::LoweringTarget::gpu, "gpu",
                          "4 elements per step: one Philox evaluation per thread"))}]>,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::scf::SCFDialect"];
}

def TQLowerToReferenceCalls
    : Pass<"tq-lower-to-reference-calls", "::mlir::ModuleOp"> {
  let summary = "Evaluate tq.quantize by calling the C++ reference (testing)";
  let description = [{
    A testing aid, and the independent check of the compiled lowering on
    whole networks: every `tq.quantize` of a static f32 tensor becomes a call
    of `tq_reference_quantize_f32` (library `libtq_reference_runtime.so`),
    which evaluates the reference semantics, the folder's code, on the
    buffer at run time. Running a network once through this pass and once
    through `tq-lower-to-arith` must give the same bits.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect"];
}

def TQGPUBuffers : Pass<"tq-gpu-buffers", "::mlir::ModuleOp"> {
  let summary = "Make the host's buffers reachable from GPU kernels";
  let description = [{
    Runs on bufferized host code (before its loops become kernels), as part
    of `tq-gpu-pipeline`:

    - `memref.alloc` becomes `gpu.alloc host_shared`: managed memory, which
      both the kernels and host code (a reduction without parallel
      dimensions, `vector.print`, the caller reading a result) can access;
    - `memref.dealloc` becomes `gpu.dealloc` (between `gpu.wait`s, the form
      `gpu-to-llvm` lowers);
    - `memref.copy` becomes `linalg.copy`, so that copies run as kernels;
    - a constant (`memref.get_global`, host memory) passed to a function is
      copied into managed memory before the call and freed after it.

    Constants (`memref.get_global`) are left to `tq-gpu-launch`, which
    gives each kernel that reads one a device copy. An `alloc` with a
    non-identity layout is reported as an error.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::linalg::LinalgDialect"];
}

def TQGPULaunch : Pass<"tq-gpu-launch", "::mlir::ModuleOp"> {
  let summary = "Turn parallel loop nests into GPU kernel launches";
  let description = [{
    Every outermost `scf.parallel` of host code (outside `gpu.launch`)
    becomes one `gpu.launch`:

    0. if its iterations are vector code of one length N (MX/BFP blocks: a
       transfer read, an integer max/min reduction, elementwise ops, a
       transfer write; ternary's chunk sums: transfer reads, elementwise
       ops, an ordered float add reduction, a scalar store; N a power of two
       up to 32, `block-size` a multiple of 32), it gets an inner dimension
       of N lanes, one element each: the transfers become loads/stores at
       `[..., i + lane]` (coalesced; a read that may run past the end loads
       under a bounds check, else gives its padding); an integer max/min
       reduction becomes a butterfly of `gpu.shuffle xor` within the warp,
       or with `redux` and N = 32 one `nvvm.redux.sync` (upstream's
       `gpu.subgroup_reduce` lowering has no unsigned kinds); an f32 or f64
       add reduction with an accumulator the sequential sum its vector form
       means, `acc + e_0 + ... + e_(N-1)`, each element broadcast from its
       lane by `gpu.shuffle idx` (no tree, which would change the order);
       a scalar `memref.store` is done by lane 0;
    1. its dimensions are collapsed into one (row-major, so consecutive
       threads touch consecutive elements of the innermost dimension and
       loads coalesce);
    2. that dimension is tiled by `block-size` threads taking
       `elements-per-thread` (K) iterations each: `ceil(n / (block-size * K))`
       blocks (a 256M-element array gets 128K blocks of 256 threads at K = 8). Thread
       t of block b takes iterations `b * block-size * K + j * block-size + t`
       for j < K, so each step coalesces; the loads of all K iterations are
       issued before the first store (the iterations of an `scf.parallel`
       are independent), which keeps K loads per thread in flight; that is
       what lets a quantizer stream at the copy's bandwidth. The last
       block's surplus iterations read a clamped (in-bounds) index and store
       nothing. One iteration per thread, with a plain bounds check, where
       that keeps more threads busy: a loop of at most `block-size`
       iterations (one block), iterations with loops of their own (a
       convolution's reduction, the per-block steps of an MX format that
       was not distributed to lanes) or vector code, and iterations of 32
       loads or more (a lane of a ternary chunk sum), which have that many
       in flight already;
    3. the tile loop maps to `blockIdx.x`, the intra-tile loop to
       `threadIdx.x`; parallel loops nested inside become `scf.for` nests
       that run in the thread;
    4. the upstream `convert-parallel-loops-to-gpu` patterns build the
       launch;
    5. constants and `memref.get_global` ops the kernel uses are cloned into
       its body, so that `gpu-kernel-outlining` copies each global into the
       GPU module: weights live in device memory, loaded with the module.

    Last, with `device-buffers`, a managed buffer (`gpu.alloc host_shared`,
    from `tq-gpu-buffers`) that only kernels touch (its views, its sizes and
    its `gpu.dealloc` aside) becomes device memory: no page faults on its
    first use.

    Loops that are not `scf.parallel` (a reduction with no parallel
    dimension) stay on the host, where managed memory is readable.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block">,
    Option<"elementsPerThread", "elements-per-thread", "int64_t",
           /*default=*/"8",
           "Loop iterations per thread (1 to 64), each step coalesced">,
    Option<"deviceBuffers", "device-buffers", "bool", /*default=*/"true",
           "Managed buffers that only kernels touch become device memory">,
    Option<"redux", "redux", "bool", /*default=*/"false",
           "Reduce a whole warp's lanes with one nvvm.redux.sync (sm_80 "
           "and later) instead of a shuffle butterfly">,
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::NVVM::NVVMDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def TQGPUMathIntrinsics : Pass<"tq-gpu-math-intrinsics", "::mlir::ModuleOp"> {
  let summary = "Math ops in GPU kernels to LLVM intrinsics, not libdevice";
  let description = [{
    In every `gpu.module`, the `math` ops that `tq-lower-to-arith` produces
    (`absf`, `ceil`, `floor`, `round`, `roundeven`, `trunc`, `ctlz`, on
    scalars and vectors) become `llvm.call_intrinsic` of the matching LLVM
    intrinsic (`llvm.fabs.f32`, `llvm.roundeven.f32`, `llvm.ctlz.i32`, ...).
    NVPTX selects each to one exact instruction (`abs.f32`, `cvt.rni.f32.f32`,
    `clz.b32`, ...). `convert-gpu-to-nvvm` would instead call libdevice
    (`__nv_fabsf`, ...), which must then be linked from a CUDA toolkit; with
    this pass the kernels need none. Runs before `convert-gpu-to-nvvm`.
    Upstream's `convert-math-to-llvm` is no substitute: `convert-gpu-to-nvvm`
    marks its `llvm.intr.fabs`, `llvm.intr.floor`, ... ops illegal and maps
    them to the same libdevice calls; `llvm.call_intrinsic` passes through.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def TQGPUReproducibleBinaries
    : Pass<"tq-gpu-reproducible-binaries", "::mlir::ModuleOp"> {
  let summary = "Drop compile times from gpu.binary objects";
  let description = [{
    `gpu-module-to-binary` records how long each kernel took to compile in
    its object's properties (`LLVMIRToISATimeInMs`, `ISAToBinaryTimeInMs`),
    so the same input gave different output on every run. This pass removes
    every property whose name ends in `TimeInMs` from the objects of every
    `gpu.binary`, and keeps the others (`O`, ...): `tq-gpu-pipeline` runs it
    last, and its output is the same bytes for the same input.
    (`--mlir-timing` still reports the time of every pass.)
  }];
}

def TQExpandMath : Pass<"tq-expand-math"> {
  let summary = "Expand the math ops that have no LLVM lowering into arith";
  let description = [{
    Networks use `math` ops that `convert-math-to-llvm` does not lower:
    `erf` (GELU in BERT, ViT, ConvNeXt), `erfc`, `cbrt`, `asinh`, `acosh`,
    `atanh`, `ipowi` (ONNX's integer Pow). This pass rewrites them with upstream's patterns, on scalars
    and vectors (the pipelines first turn elementwise ops on tensors into
    `linalg.generic` with `convert-elementwise-to-linalg`; ops on tensors are
    left alone), into `arith` and `math` ops that do lower:

    | op | rewritten as | types |
    |---|---|---|
    | `erf`, `erfc`, `cbrt` | upstream's polynomial approximations (`populateMathPolynomialApproximationPatterns`) | f32; f16 and bf16 computed in f32 |
    | `asinh`, `acosh`, `atanh` | upstream's expansions into `log` and `sqrt` (`math::populateExpansionPatterns`) | every float type |
    | `ipowi` | square-and-multiply unrolled over the exponent's bits, wrapping like NumPy's integer power; a negative exponent gives 1 / a^-b truncated (1 for a = 1, +-1 for a = -1, else 0) | every integer type |

    f64 `erf`, `erfc` and `cbrt` are left alone: `tq-cpu-pipeline` calls
    libm for them (`convert-math-to-libm`). Both `tq-cpu-pipeline` and
    `tq-gpu-pipeline` run this pass right after the TOSA lowerings, before
    `tq-lower-to-arith`, so it never touches the code that quantizers
    lower to.

    ```mlir
    // tq-opt --tq-expand-math
    %0 = math.erf %x : f32      // becomes a rational polynomial in arith
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

def TQCheckLowered : Pass<"tq-check-lowered", "::mlir::ModuleOp"> {
  let summary = "Fail, naming the op, when a pipeline left an op unlowered";
  let description = [{
    The last pass of `tq-cpu-pipeline` and `tq-gpu-pipeline`. After them
    every op must be one that translates to LLVM IR: the `llvm` and `omp`
    dialects, `builtin.module`, `gpu.binary` and `gpu.launch_func`. Any other op (a `math.erf` on
    f64 in a GPU kernel, an op of a dialect no pass lowers) is reported once
    per op name, at its first location, with how many there are, and the
    pipeline fails. Without this check the pipeline succeeded and the JIT
    then failed with only "could not convert to LLVM IR".

    ```
    net.mlir:12:8: error: tq-cpu-pipeline: 'foo.bar' is not lowered to the LLVM dialect (3 ops)
    ```
  }];
  let options = [
    Option<"pipeline", "pipeline", "std::string", /*default=*/"\"tq-check-lowered\"",
           "The pipeline named in the errors">
  ];
}

#endif // TQ_CONVERSION_PASSES_TD
