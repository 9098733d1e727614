//===- CudaRuntime.cpp - tq's CUDA runtime for MLIR GPU host code ---------===//
//
// libtq_cuda_runtime.so: the host functions that `gpu-to-llvm` and the GPU
// dialect's LLVM translation emit (mgpuModuleLoad, mgpuLaunchKernel,
// mgpuMemAlloc, ...), implemented on the CUDA driver API. Debian ships no
// MLIR CUDA runtime wrapper; this one replaces upstream's
// CudaRuntimeWrappers.cpp for tq's pipelines, mlir-runner and tq-run.
//
// The driver (libcuda.so.1) is opened with dlopen on first use, so the
// library builds and links without a CUDA toolkit or GPU, and a machine
// without a driver or device gets one clear message instead of a crash
// (TQ_CUDA_DRIVER=path loads another driver library).
// Every failing driver call prints
//   tq-cuda-runtime: error: <what was done>: <CUDA error name>: <text>
// and exits with status 1 (the generated host code has no error path).
//
// tqGpuProbe() reports whether a device is usable without exiting (lit's
// feature detection and tq-run use it).
//
//===----------------------------------------------------------------------===//

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

// The CUDA driver API's stable C ABI, declared here so that no toolkit is
// needed to build.
namespace {
using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;
using CUevent = struct CUevent_st *;
using CUjit_option = int;
struct CUmemLocation {
  int type;
  int id;
};

constexpr CUresult CUDA_SUCCESS = 0;
constexpr CUresult CUDA_ERROR_OUT_OF_MEMORY = 2;
constexpr CUresult CUDA_ERROR_NO_DEVICE = 100;
constexpr CUresult CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED = 712;
constexpr unsigned CU_MEM_ATTACH_GLOBAL = 1;
constexpr unsigned CU_STREAM_NON_BLOCKING = 1;
constexpr unsigned CU_EVENT_DISABLE_TIMING = 2;
constexpr unsigned CU_MEMHOSTREGISTER_READ_ONLY = 8;
constexpr int CU_MEM_ADVISE_SET_PREFERRED_LOCATION = 3;
constexpr int CU_MEM_ADVISE_SET_ACCESSED_BY = 5;
constexpr int CU_MEM_LOCATION_TYPE_DEVICE = 1;
constexpr int CU_MEM_LOCATION_TYPE_HOST = 2;
constexpr CUjit_option CU_JIT_ERROR_LOG_BUFFER = 5;
constexpr CUjit_option CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;
constexpr CUjit_option CU_JIT_OPTIMIZATION_LEVEL = 7;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

/// The driver entry points tq uses (exported names, _v2 where the header
/// maps to it).
struct Driver {
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetName)(char *, int, CUdevice);
  CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuCtxSynchronize)();
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleLoadDataEx)(CUmodule *, const void *, unsigned,
                                 CUjit_option *, void **);
  CUresult (*cuModuleUnload)(CUmodule);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, unsigned, CUstream,
                             void **, void **);
  CUresult (*cuStreamCreate)(CUstream *, unsigned);
  CUresult (*cuStreamSynchronize)(CUstream);
  CUresult (*cuStreamDestroy)(CUstream);
  CUresult (*cuStreamWaitEvent)(CUstream, CUevent, unsigned);
  CUresult (*cuEventCreate)(CUevent *, unsigned);
  CUresult (*cuEventDestroy)(CUevent);
  CUresult (*cuEventRecord)(CUevent, CUstream);
  CUresult (*cuEventSynchronize)(CUevent);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemAllocManaged)(CUdeviceptr *, size_t, unsigned);
  CUresult (*cuMemFree)(CUdeviceptr);
  // Optional (CUDA 12.2 on): null when the driver lacks it.
  CUresult (*cuMemAdvise)(CUdeviceptr, size_t, int, CUmemLocation);
  CUresult (*cuMemcpyAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
  CUresult (*cuMemsetD32Async)(CUdeviceptr, unsigned, size_t, CUstream);
  CUresult (*cuMemsetD16Async)(CUdeviceptr, unsigned short, size_t,
                               CUstream);
  CUresult (*cuMemHostRegister)(void *, size_t, unsigned);
  CUresult (*cuMemHostUnregister)(void *);
  CUresult (*cuGetErrorName)(CUresult, const char **);
  CUresult (*cuGetErrorString)(CUresult, const char **);
};

[[noreturn]] void fatal(const char *format, ...) {
  std::fflush(stdout);
  std::fprintf(stderr, "tq-cuda-runtime: error: ");
  va_list args;
  va_start(args, format);
  std::vfprintf(stderr, format, args);
  va_end(args);
  std::fprintf(stderr, "\n");
  std::exit(1);
}

/// State: the driver, the device and its primary context. `problem` holds
/// why no device is usable (empty when one is).
struct State {
  void *library = nullptr;
  Driver d{};
  CUdevice device = 0;
  CUcontext context = nullptr;
  int defaultDevice = 0;
  std::string problem;
  std::atomic<bool> opened{false};
};

State &state() {
  static State s;
  return s;
}

/// Names of the errors tq reports most, for drivers (and the toolkit's
/// stub library) that cannot name them.
const char *knownError(CUresult r) {
  switch (r) {
  case 1: return "CUDA_ERROR_INVALID_VALUE";
  case 2: return "CUDA_ERROR_OUT_OF_MEMORY";
  case 3: return "CUDA_ERROR_NOT_INITIALIZED";
  case 34: return "CUDA_ERROR_STUB_LIBRARY: the CUDA driver loaded is the "
                  "toolkit's stub, not a real driver";
  case 35: return "CUDA_ERROR_INSUFFICIENT_DRIVER";
  case 100: return "CUDA_ERROR_NO_DEVICE";
  case 209: return "CUDA_ERROR_NO_BINARY_FOR_GPU";
  case 218: return "CUDA_ERROR_INVALID_PTX";
  case 222: return "CUDA_ERROR_UNSUPPORTED_PTX_VERSION";
  case 700: return "CUDA_ERROR_ILLEGAL_ADDRESS";
  case 701: return "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES";
  case 719: return "CUDA_ERROR_LAUNCH_FAILED";
  default: return nullptr;
  }
}

std::string describe(const Driver &d, CUresult r) {
  const char *name = nullptr, *text = nullptr;
  if (d.cuGetErrorName && d.cuGetErrorName(r, &name) != CUDA_SUCCESS)
    name = nullptr;
  if (d.cuGetErrorString && d.cuGetErrorString(r, &text) != CUDA_SUCCESS)
    text = nullptr;
  if (!name)
    name = knownError(r);
  std::string s = name ? name : "CUDA error " + std::to_string(r);
  if (text)
    s += std::string(": ") + text;
  return s;
}

/// Opens the driver and the device; sets `s.problem` when no device is
/// usable.
void openDevice(State &s) {
  s.opened = true;
  // TQ_CUDA_DRIVER names another driver library (tests use it).
  const char *path = std::getenv("TQ_CUDA_DRIVER");
  if (!path || !*path)
    path = "libcuda.so.1";
  s.library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!s.library) {
    const char *why = dlerror();
    s.problem = std::string("no CUDA driver: ") + path +
                " could not be loaded (" + (why ? why : "unknown reason") +
                ")";
    return;
  }
  struct Entry {
    const char *name;
    void **slot;
  };
  Driver &d = s.d;
#define TQ_ENTRY(field, symbol) {symbol, reinterpret_cast<void **>(&d.field)}
  Entry entries[] = {
      TQ_ENTRY(cuInit, "cuInit"),
      TQ_ENTRY(cuDeviceGetCount, "cuDeviceGetCount"),
      TQ_ENTRY(cuDeviceGet, "cuDeviceGet"),
      TQ_ENTRY(cuDeviceGetName, "cuDeviceGetName"),
      TQ_ENTRY(cuDeviceGetAttribute, "cuDeviceGetAttribute"),
      TQ_ENTRY(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain"),
      TQ_ENTRY(cuCtxSetCurrent, "cuCtxSetCurrent"),
      TQ_ENTRY(cuCtxSynchronize, "cuCtxSynchronize"),
      TQ_ENTRY(cuModuleLoadData, "cuModuleLoadData"),
      TQ_ENTRY(cuModuleLoadDataEx, "cuModuleLoadDataEx"),
      TQ_ENTRY(cuModuleUnload, "cuModuleUnload"),
      TQ_ENTRY(cuModuleGetFunction, "cuModuleGetFunction"),
      TQ_ENTRY(cuLaunchKernel, "cuLaunchKernel"),
      TQ_ENTRY(cuStreamCreate, "cuStreamCreate"),
      TQ_ENTRY(cuStreamSynchronize, "cuStreamSynchronize"),
      TQ_ENTRY(cuStreamDestroy, "cuStreamDestroy_v2"),
      TQ_ENTRY(cuStreamWaitEvent, "cuStreamWaitEvent"),
      TQ_ENTRY(cuEventCreate, "cuEventCreate"),
      TQ_ENTRY(cuEventDestroy, "cuEventDestroy_v2"),
      TQ_ENTRY(cuEventRecord, "cuEventRecord"),
      TQ_ENTRY(cuEventSynchronize, "cuEventSynchronize"),
      TQ_ENTRY(cuMemAlloc, "cuMemAlloc_v2"),
      TQ_ENTRY(cuMemAllocManaged, "cuMemAllocManaged"),
      TQ_ENTRY(cuMemFree, "cuMemFree_v2"),
      TQ_ENTRY(cuMemcpyAsync, "cuMemcpyAsync"),
      TQ_ENTRY(cuMemsetD32Async, "cuMemsetD32Async"),
      TQ_ENTRY(cuMemsetD16Async, "cuMemsetD16Async"),
      TQ_ENTRY(cuMemHostRegister, "cuMemHostRegister_v2"),
      TQ_ENTRY(cuMemHostUnregister, "cuMemHostUnregister"),
      TQ_ENTRY(cuGetErrorName, "cuGetErrorName"),
      TQ_ENTRY(cuGetErrorString, "cuGetErrorString"),
  };
#undef TQ_ENTRY
  d.cuMemAdvise = reinterpret_cast<decltype(d.cuMemAdvise)>(
      dlsym(s.library, "cuMemAdvise_v2"));
  for (Entry &e : entries) {
    *e.slot = dlsym(s.library, e.name);
    if (!*e.slot) {
      s.problem = std::string("the CUDA driver lacks ") + e.name +
                  " (driver too old?)";
      return;
    }
  }
  CUresult r = d.cuInit(0);
  if (r == CUDA_ERROR_NO_DEVICE) {
    s.problem = "no CUDA device: " + describe(d, r);
    return;
  }
  if (r != CUDA_SUCCESS) {
    s.problem = "cuInit failed: " + describe(d, r);
    return;
  }
  int count = 0;
  if ((r = d.cuDeviceGetCount(&count)) != CUDA_SUCCESS || count == 0) {
    s.problem = "no CUDA device";
    if (r != CUDA_SUCCESS)
      s.problem += ": " + describe(d, r);
    return;
  }
  if (s.defaultDevice >= count) {
    s.problem = "device " + std::to_string(s.defaultDevice) +
                " requested, but only " + std::to_string(count) +
                " CUDA device(s) present";
    return;
  }
  if ((r = d.cuDeviceGet(&s.device, s.defaultDevice)) != CUDA_SUCCESS ||
      (r = d.cuDevicePrimaryCtxRetain(&s.context, s.device)) !=
          CUDA_SUCCESS) {
    s.problem = "cannot open CUDA device " +
                std::to_string(s.defaultDevice) + ": " + describe(d, r);
    return;
  }
}

/// Opens the driver and the device on first use (once, thread-safely, with
/// no lock on later calls); returns the reason when no device is usable.
const std::string &initialize() {
  static const bool opened = (openDevice(state()), true);
  (void)opened;
  return state().problem;
}

/// The driver with the device's context current on this thread; exits
/// with the reason when there is no usable device.
const Driver &driver() {
  const std::string &problem = initialize();
  if (!problem.empty())
    fatal("%s", problem.c_str());
  State &s = state();
  CUresult r = s.d.cuCtxSetCurrent(s.context);
  if (r != CUDA_SUCCESS)
    fatal("cannot make the CUDA context current: %s",
          describe(s.d, r).c_str());
  return s.d;
}

void check(CUresult r, const char *what) {
  if (r == CUDA_SUCCESS)
    return;
  fatal("%s: %s", what, describe(state().d, r).c_str());
}

} // namespace

#define TQ_EXPORT extern "C" __attribute__((visibility("default")))

//===----------------------------------------------------------------------===//
// tq's own entry points
//===----------------------------------------------------------------------===//

/// Returns the number of CUDA devices when one is usable; otherwise 0, with
/// the reason in `message` (up to `size` bytes, NUL-terminated). Never
/// exits.
TQ_EXPORT int tqGpuProbe(char *message, size_t size) {
  const std::string &problem = initialize();
  auto write = [&](const std::string &text) {
    if (message && size) {
      std::strncpy(message, text.c_str(), size - 1);
      message[size - 1] = 0;
    }
  };
  if (!problem.empty()) {
    write(problem);
    return 0;
  }
  State &s = state();
  char name[256] = {0};
  int major = 0, minor = 0, count = 0;
  s.d.cuDeviceGetName(name, sizeof(name), s.device);
  s.d.cuDeviceGetAttribute(
      &major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, s.device);
  s.d.cuDeviceGetAttribute(
      &minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, s.device);
  s.d.cuDeviceGetCount(&count);
  write(std::string(name) + " (sm_" + std::to_string(major) +
        std::to_string(minor) + ")");
  return count;
}

//===----------------------------------------------------------------------===//
// The functions MLIR's GPU host code calls
//===----------------------------------------------------------------------===//

TQ_EXPORT void mgpuSetDefaultDevice(int32_t device) {
  if (state().opened && state().defaultDevice != device)
    fatal("mgpuSetDefaultDevice(%d) after the device was opened", device);
  state().defaultDevice = device;
}

TQ_EXPORT void *mgpuModuleLoad(void *data, size_t size) {
  const Driver &d = driver();
  CUmodule module = nullptr;
  CUresult r = d.cuModuleLoadData(&module, data);
  if (r != CUDA_SUCCESS)
    fatal("cannot load a kernel module (%zu bytes; built for another chip? "
          "see tq-gpu-pipeline's chip option): %s",
          size, describe(d, r).c_str());
  return module;
}

TQ_EXPORT void *mgpuModuleLoadJIT(void *data, int optLevel) {
  const Driver &d = driver();
  CUmodule module = nullptr;
  char log[8192] = {0};
  CUjit_option options[] = {CU_JIT_ERROR_LOG_BUFFER,
                            CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                            CU_JIT_OPTIMIZATION_LEVEL};
  void *values[] = {log, reinterpret_cast<void *>(sizeof(log)),
                    reinterpret_cast<void *>(static_cast<intptr_t>(optLevel))};
  CUresult r = d.cuModuleLoadDataEx(&module, data, 3, options, values);
  if (r != CUDA_SUCCESS)
    fatal("the driver could not compile a PTX kernel module: %s%s%s",
          describe(d, r).c_str(), log[0] ? "\n" : "", log);
  return module;
}

TQ_EXPORT void mgpuModuleUnload(void *module) {
  // Called from global destructors, when a failure is no longer useful to
  // report.
  if (state().context && module)
    state().d.cuModuleUnload(static_cast<CUmodule>(module));
}

TQ_EXPORT void *mgpuModuleGetFunction(void *module, const char *name) {
  const Driver &d = driver();
  CUfunction function = nullptr;
  CUresult r =
      d.cuModuleGetFunction(&function, static_cast<CUmodule>(module), name);
  if (r != CUDA_SUCCESS)
    fatal("kernel '%s' not found in its module: %s", name,
          describe(d, r).c_str());
  return function;
}

TQ_EXPORT void mgpuLaunchKernel(void *function, intptr_t gridX,
                                intptr_t gridY, intptr_t gridZ,
                                intptr_t blockX, intptr_t blockY,
                                intptr_t blockZ, int32_t smem, void *stream,
                                void **params, void **extra,
                                size_t /*paramsCount*/) {
  const Driver &d = driver();
  // A grid with no blocks is a loop with no iterations (an empty dynamic
  // tensor): nothing to run. The driver would refuse it.
  if (gridX >= 0 && gridY >= 0 && gridZ >= 0 && gridX * gridY * gridZ == 0)
    return;
  if (gridX < 1 || gridY < 1 || gridZ < 1 || blockX < 1 || blockY < 1 ||
      blockZ < 1 || gridX > 0x7fffffff || gridY > 65535 || gridZ > 65535)
    fatal("kernel launch with an invalid grid (%ld, %ld, %ld) x block "
          "(%ld, %ld, %ld)",
          long(gridX), long(gridY), long(gridZ), long(blockX), long(blockY),
          long(blockZ));
  CUresult r = d.cuLaunchKernel(
      static_cast<CUfunction>(function), gridX, gridY, gridZ, blockX, blockY,
      blockZ, smem, static_cast<CUstream>(stream), params, extra);
  if (r != CUDA_SUCCESS)
    fatal("kernel launch failed (grid %ld x block %ld): %s", long(gridX),
          long(blockX), describe(d, r).c_str());
}

namespace {
/// Streams given back by mgpuStreamDestroy, for mgpuStreamCreate to hand
/// out again: the generated host code creates and destroys a stream around
/// every launch, allocation and release, and the driver takes microseconds
/// for each. A stream handed out again may still have work queued; what is
/// queued next runs after it, as on a new stream it would run beside it.
struct StreamPool {
  std::mutex mutex;
  std::vector<CUstream> idle;
};

StreamPool &streamPool() {
  static StreamPool *pool = new StreamPool; // never destroyed: no exit order
  return *pool;
}
} // namespace

TQ_EXPORT void *mgpuStreamCreate() {
  const Driver &d = driver();
  StreamPool &pool = streamPool();
  {
    std::lock_guard<std::mutex> lock(pool.mutex);
    if (!pool.idle.empty()) {
      CUstream stream = pool.idle.back();
      pool.idle.pop_back();
      return stream;
    }
  }
  CUstream stream = nullptr;
  check(d.cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING),
        "cannot create a CUDA stream");
  return stream;
}

TQ_EXPORT void mgpuStreamDestroy(void *stream) {
  if (!stream)
    return;
  StreamPool &pool = streamPool();
  std::lock_guard<std::mutex> lock(pool.mutex);
  pool.idle.push_back(static_cast<CUstream>(stream));
}

TQ_EXPORT void mgpuStreamSynchronize(void *stream) {
  // Faults inside kernels (an illegal address, a trap) surface here.
  check(driver().cuStreamSynchronize(static_cast<CUstream>(stream)),
        "a GPU kernel or copy failed");
}

TQ_EXPORT void mgpuStreamWaitEvent(void *stream, void *event) {
  check(driver().cuStreamWaitEvent(static_cast<CUstream>(stream),
                                   static_cast<CUevent>(event), 0),
        "cannot make a stream wait for an event");
}

TQ_EXPORT void *mgpuEventCreate() {
  CUevent event = nullptr;
  check(driver().cuEventCreate(&event, CU_EVENT_DISABLE_TIMING),
        "cannot create a CUDA event");
  return event;
}

TQ_EXPORT void mgpuEventDestroy(void *event) {
  check(driver().cuEventDestroy(static_cast<CUevent>(event)),
        "cannot destroy a CUDA event");
}

TQ_EXPORT void mgpuEventSynchronize(void *event) {
  check(driver().cuEventSynchronize(static_cast<CUevent>(event)),
        "a GPU kernel or copy failed");
}

TQ_EXPORT void mgpuEventRecord(void *event, void *stream) {
  check(driver().cuEventRecord(static_cast<CUevent>(event),
                               static_cast<CUstream>(stream)),
        "cannot record a CUDA event");
}

namespace {
/// GPU memory released by mgpuMemFree, kept for mgpuMemAlloc to hand out
/// again: cuMemAlloc, cuMemAllocManaged and cuMemFree take tens to hundreds
/// of microseconds each (and cuMemFree waits for the device), which a
/// function that allocates its temporaries on every call pays every time.
/// Blocks are reused for requests of the same kind and exact size. When
/// the driver runs out of memory, every cached block is freed and the
/// allocation tried again; at exit, the cache is freed.
struct MemoryCache {
  struct Block {
    bool managed;
    uint64_t bytes;
  };
  std::mutex mutex;
  std::map<std::pair<bool, uint64_t>, std::vector<CUdeviceptr>> idle;
  std::unordered_map<CUdeviceptr, Block> inUse;
};

MemoryCache &memoryCache();

/// Managed blocks up to this size stay in host memory, mapped for the
/// device (advice, where the driver has cuMemAdvise_v2): small managed
/// buffers are the ones host code reads and kernels write, such as a
/// reduction's partial sums that the host adds (ternary's threshold), and
/// migrating their pages to the device and back costs a page fault on
/// each side on every call (68 us on the device and 29 us on the host for
/// one 2 KiB buffer, H100). A kernel then reads and writes them across the
/// bus, which for a few KiB is faster than the faults.
constexpr uint64_t kSmallManaged = 64 * 1024;

/// Frees every cached block (the caller holds the cache's lock); returns
/// the first failure, for the caller to report once it has let go of the
/// lock (exiting runs releaseCacheAtExit, which takes it).
CUresult releaseCachedLocked(MemoryCache &cache) {
  const Driver &d = state().d;
  CUresult first = CUDA_SUCCESS;
  for (auto &sizeAndBlocks : cache.idle)
    for (CUdeviceptr ptr : sizeAndBlocks.second) {
      CUresult r = d.cuMemFree(ptr);
      if (first == CUDA_SUCCESS)
        first = r;
    }
  cache.idle.clear();
  return first;
}

void releaseCacheAtExit() {
  MemoryCache &cache = memoryCache();
  std::lock_guard<std::mutex> lock(cache.mutex);
  // Nothing is left to report a failure to. (The exiting thread may never
  // have made the context current.)
  if (state().d.cuCtxSetCurrent(state().context) == CUDA_SUCCESS)
    (void)releaseCachedLocked(cache);
}

MemoryCache &memoryCache() {
  // Never destroyed (no exit order); its blocks are freed at exit.
  static MemoryCache *cache = [] {
    std::atexit(releaseCacheAtExit);
    return new MemoryCache;
  }();
  return *cache;
}
} // namespace

/// Device memory, or managed memory (reachable from host and device) when
/// `isHostShared`; tq's pipelines use managed memory for every buffer.
TQ_EXPORT void *mgpuMemAlloc(uint64_t bytes, void * /*stream*/,
                             bool isHostShared) {
  const Driver &d = driver();
  if (bytes == 0)
    return nullptr;
  MemoryCache &cache = memoryCache();
  CUdeviceptr ptr = 0;
  CUresult r = CUDA_SUCCESS;
  {
    // Errors are reported once the lock is released.
    std::lock_guard<std::mutex> lock(cache.mutex);
    auto it = cache.idle.find({isHostShared, bytes});
    if (it != cache.idle.end() && !it->second.empty()) {
      ptr = it->second.back();
      it->second.pop_back();
    } else {
      auto allocate = [&] {
        return isHostShared
                   ? d.cuMemAllocManaged(&ptr, bytes, CU_MEM_ATTACH_GLOBAL)
                   : d.cuMemAlloc(&ptr, bytes);
      };
      r = allocate();
      if (r == CUDA_ERROR_OUT_OF_MEMORY && !cache.idle.empty()) {
        r = releaseCachedLocked(cache);
        if (r == CUDA_SUCCESS)
          r = allocate();
      }
      if (r == CUDA_SUCCESS && isHostShared && bytes <= kSmallManaged &&
          d.cuMemAdvise) {
        // Advice is a hint: a driver that refuses it changes nothing.
        (void)d.cuMemAdvise(ptr, bytes, CU_MEM_ADVISE_SET_PREFERRED_LOCATION,
                            CUmemLocation{CU_MEM_LOCATION_TYPE_HOST, 0});
        (void)d.cuMemAdvise(ptr, bytes, CU_MEM_ADVISE_SET_ACCESSED_BY,
                            CUmemLocation{CU_MEM_LOCATION_TYPE_DEVICE,
                                          state().device});
      }
    }
    if (r == CUDA_SUCCESS)
      cache.inUse[ptr] = {isHostShared, bytes};
  }
  if (r == CUDA_ERROR_OUT_OF_MEMORY)
    fatal("out of GPU memory: %llu bytes requested (%s)",
          static_cast<unsigned long long>(bytes), describe(d, r).c_str());
  check(r, "cannot allocate GPU memory");
  return reinterpret_cast<void *>(ptr);
}

/// Returns the block to the cache once the device has finished with it
/// (cuMemFree, too, waits for the device).
TQ_EXPORT void mgpuMemFree(void *ptr, void * /*stream*/) {
  if (!ptr)
    return;
  const Driver &d = driver();
  auto address = reinterpret_cast<CUdeviceptr>(ptr);
  check(d.cuCtxSynchronize(), "a GPU kernel or copy failed");
  MemoryCache &cache = memoryCache();
  {
    std::lock_guard<std::mutex> lock(cache.mutex);
    auto it = cache.inUse.find(address);
    if (it != cache.inUse.end()) {
      cache.idle[{it->second.managed, it->second.bytes}].push_back(address);
      cache.inUse.erase(it);
      return;
    }
  }
  // Not from mgpuMemAlloc: the driver decides.
  check(d.cuMemFree(address), "cannot free GPU memory");
}

TQ_EXPORT void mgpuMemcpy(void *dst, void *src, size_t bytes, void *stream) {
  check(driver().cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                               reinterpret_cast<CUdeviceptr>(src), bytes,
                               static_cast<CUstream>(stream)),
        "GPU memory copy failed");
}

TQ_EXPORT void mgpuMemset32(void *dst, unsigned value, size_t count,
                            void *stream) {
  check(driver().cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(dst), value,
                                  count, static_cast<CUstream>(stream)),
        "GPU memset failed");
}

TQ_EXPORT void mgpuMemset16(void *dst, unsigned short value, size_t count,
                            void *stream) {
  check(driver().cuMemsetD16Async(reinterpret_cast<CUdeviceptr>(dst), value,
                                  count, static_cast<CUstream>(stream)),
        "GPU memset failed");
}

/// Pins host memory and maps it for the device (zero-copy). Registering a
/// range twice is not an error; read-only memory (constants) is registered
/// read-only.
TQ_EXPORT void mgpuMemHostRegister(void *ptr, uint64_t bytes) {
  const Driver &d = driver();
  if (!ptr || bytes == 0)
    return;
  CUresult r = d.cuMemHostRegister(ptr, bytes, 0);
  if (r != CUDA_SUCCESS && r != CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED) {
    // Perhaps read-only memory; if not, the first error is the one to tell.
    CUresult readOnly =
        d.cuMemHostRegister(ptr, bytes, CU_MEMHOSTREGISTER_READ_ONLY);
    if (readOnly == CUDA_SUCCESS ||
        readOnly == CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED)
      r = readOnly;
  }
  if (r == CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED)
    return;
  check(r, "cannot register host memory for the GPU");
}

namespace {
/// Byte range of a strided memref descriptor {allocated, aligned, offset,
/// sizes[rank], strides[rank]}.
void memrefRange(int64_t rank, void *descriptor, int64_t elementBytes,
                 char *&begin, uint64_t &bytes) {
  struct Header {
    char *allocated;
    char *aligned;
    int64_t offset;
  };
  auto *h = static_cast<Header *>(descriptor);
  auto *sizes = reinterpret_cast<int64_t *>(h + 1);
  int64_t *strides = sizes + rank;
  int64_t extent = 1;
  for (int64_t i = 0; i < rank; ++i) {
    if (sizes[i] == 0) {
      extent = 0;
      break;
    }
    extent += (sizes[i] - 1) * strides[i];
  }
  begin = h->aligned + h->offset * elementBytes;
  bytes = uint64_t(extent) * uint64_t(elementBytes);
}
} // namespace

TQ_EXPORT void mgpuMemHostRegisterMemRef(int64_t rank, void *descriptor,
                                         int64_t elementBytes) {
  char *begin;
  uint64_t bytes;
  memrefRange(rank, descriptor, elementBytes, begin, bytes);
  mgpuMemHostRegister(begin, bytes);
}

TQ_EXPORT void mgpuMemHostUnregister(void *ptr) {
  if (ptr)
    driver().cuMemHostUnregister(ptr);
}

TQ_EXPORT void mgpuMemHostUnregisterMemRef(int64_t rank, void *descriptor,
                                           int64_t elementBytes) {
  char *begin;
  uint64_t bytes;
  memrefRange(rank, descriptor, elementBytes, begin, bytes);
  mgpuMemHostUnregister(begin);
}

/// A device-to-device (or any unified-address) copy, finished on return:
/// the bandwidth benchmark's baseline (bench/gpu_bench.py).
TQ_EXPORT void tqGpuMemcpySync(void *dst, void *src, uint64_t bytes) {
  mgpuMemcpy(dst, src, bytes, /*stream=*/nullptr);
  mgpuStreamSynchronize(/*stream=*/nullptr);
}
