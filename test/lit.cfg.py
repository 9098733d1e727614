# -*- Python -*-
# lit configuration of the tq regression tests.

import os
import sys

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "TQ"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".c"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tq_obj_root, "test")
# consumer/ is an outside project that Integration/package.mlir builds.
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py", "lit.site.cfg.py",
                   "Inputs", "consumer"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%tq_src_root", config.tq_src_root))
config.substitutions.append(("%tq_obj_root", config.tq_obj_root))
config.substitutions.append(("%python", sys.executable))
# Runs an LLVM-dialect module from tq-cpu-pipeline on the CPU.
_libs = ",".join(os.path.join(config.llvm_tools_dir, "..", "lib", l)
                 for l in ("libmlir_c_runner_utils.so", "libmlir_runner_utils.so"))
config.substitutions.append(
    ("%mlir_runner",
     os.path.join(config.llvm_tools_dir, "mlir-runner")
     + " -e main --entry-point-result=void -O3 --shared-libs=" + _libs))
config.substitutions.append(("%tq_plugin", config.tq_plugin))
# The package test configures and builds an outside project with the same
# CMake, generator and compiler as tq.
config.substitutions.append(("%cmake_generator_args",
                             '-G Ninja -DCMAKE_MAKE_PROGRAM="%s" '
                             '-DCMAKE_C_COMPILER="%s" -DCMAKE_CXX_COMPILER="%s"'
                             % (config.cmake_make_program,
                                config.cmake_c_compiler,
                                config.cmake_cxx_compiler)))
config.substitutions.append(("%cmake", config.cmake_command))
config.substitutions.append(("%shared_corpus",
                             os.path.join(os.path.dirname(config.tq_src_root),
                                          "shared", "corpus")))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP",
                                     "ASAN_OPTIONS", "UBSAN_OPTIONS"])
llvm_config.use_default_substitutions()

# FileCheck variables are scoped to their CHECK-LABEL block.
config.environment["FILECHECK_OPTS"] = "-enable-var-scope --allow-unused-prefixes=false"

# Sanitized builds: tq's code is instrumented, libMLIR.so is not. LLVM's
# allocators poison memory by hand when inlined into instrumented code but
# not in the library, so manual poisoning must be ignored (real errors are
# still reported).
if config.enable_sanitizers.upper() in ("ON", "1", "TRUE", "YES"):
    opts = config.environment.get("ASAN_OPTIONS", "")
    config.environment["ASAN_OPTIONS"] = ":".join(
        o for o in (opts, "allow_user_poisoning=0", "detect_leaks=1") if o)
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    # Instrumented code cannot be loaded into the uninstrumented mlir-opt, nor
    # linked into an outside project without the sanitizer flags.
    config.available_features.add("sanitizers")

tool_dirs = [config.tq_tools_dir, config.llvm_tools_dir]
tools = [ToolSubst("tq-opt", unresolved="fatal"),
         ToolSubst("not", unresolved="fatal"),
         ToolSubst("mlir-opt", unresolved="fatal"),
         ToolSubst("mlir-translate", unresolved="fatal"),
         ToolSubst("opt", unresolved="fatal"),
         ToolSubst("tq-capi-test", unresolved="fatal"),
         ToolSubst("tq-run", unresolved="fatal"),
         ToolSubst("tq-train", unresolved="fatal"),
         ToolSubst("tq-sweep", unresolved="fatal"),
         ToolSubst("tq-translate", unresolved="fatal"),
         ToolSubst("llvm-nm", unresolved="fatal"),
         ToolSubst("llvm-readobj", unresolved="fatal"),
         ToolSubst("llc", unresolved="fatal"),
         ToolSubst("clang", unresolved="ignore")]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# ONNX's backend node tests (Debian's libonnx-testdata): Import/onnx-backend.test
# runs the importer over all of them where the package is installed.
_onnx_node_tests = "/usr/share/libonnx-testdata/data/node"
if os.path.isdir(_onnx_node_tests):
    config.available_features.add("onnx-testdata")
config.substitutions.append(("%onnx_node_tests", _onnx_node_tests))

# GPU. The runtime library is always built; `ptxas` marks tests that need the
# CUDA toolkit (cubin output, linking against the driver stub), `cuda-gpu`
# those that run kernels: detected at run time through the runtime's own
# probe, so a machine without a driver or device skips them.
_cuda_runtime = os.path.join(config.tq_obj_root, "lib", "libtq_cuda_runtime.so")
config.substitutions.append(("%tq_cuda_runtime", _cuda_runtime))
config.substitutions.append(("%llvm_lib_dir",
                             os.path.normpath(os.path.join(config.llvm_tools_dir,
                                                           "..", "lib"))))
config.substitutions.append(
    ("%gpu_runner",
     os.path.join(config.llvm_tools_dir, "mlir-runner")
     + " -e main --entry-point-result=void -O3 --shared-libs="
     + _cuda_runtime + "," + _libs))


def _cuda_toolkit():
    for var in ("CUDA_ROOT", "CUDA_HOME", "CUDA_PATH"):
        d = os.environ.get(var)
        if d and os.access(os.path.join(d, "bin", "ptxas"), os.X_OK):
            return d
    for d in os.environ.get("PATH", "").split(os.pathsep):
        if d and os.access(os.path.join(d, "ptxas"), os.X_OK):
            return os.path.dirname(d)
    if os.access("/usr/local/cuda/bin/ptxas", os.X_OK):
        return "/usr/local/cuda"
    return None


_toolkit = _cuda_toolkit()
if _toolkit:
    config.available_features.add("ptxas")
    config.substitutions.append(("%cuda_toolkit", _toolkit))
    config.environment["PATH"] = (os.path.join(_toolkit, "bin") + os.pathsep
                                  + config.environment["PATH"])


def _gpu_probe():
    import ctypes
    try:
        lib = ctypes.CDLL(_cuda_runtime)
    except OSError:
        return 0, "the runtime library is not built"
    message = ctypes.create_string_buffer(512)
    count = lib.tqGpuProbe(message, ctypes.c_size_t(len(message)))
    return count, message.value.decode(errors="replace")


_gpus, _gpu_message = _gpu_probe()
if _gpus > 0:
    config.available_features.add("cuda-gpu")
    lit_config.note("GPU tests run on " + _gpu_message)
else:
    lit_config.note("GPU execution tests skipped: " + _gpu_message)

# The real data set of the main job (Debian's dataset-fashion-mnist).
if os.path.exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"):
    config.available_features.add("fashion-mnist")

# The `tq` Python package (python/, built where pybind11-dev is installed).
import glob as _glob
if _glob.glob(os.path.join(config.tq_obj_root, "python", "tq", "_tq*.so")):
    config.available_features.add("python-package")
