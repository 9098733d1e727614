/* A stand-in for libcuda.so.1 that runs no kernel: memory is host memory,
   modules and functions are names, and every launch is printed to stderr
   instead of run. Loaded with TQ_CUDA_DRIVER, it lets the tests run the
   host side of GPU code (libtq_cuda_runtime.so, module loading, launch
   configurations, allocation and release) on a machine without a GPU. At
   exit it prints how many allocations are still live.
   Failures to inject, for the runtime's messages:
     MOCK_CUDA_MEMORY=N   an allocation that would make more than N bytes
                          live fails (out of memory);
     MOCK_CUDA_FAIL=launch   every launch fails (CUDA_ERROR_LAUNCH_FAILED);
     MOCK_CUDA_FAIL=fault    launches succeed, the synchronization after
                             them reports a kernel fault (ILLEGAL_ADDRESS). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
static long live, allocations, launches;
static size_t allocated;

static int failing(const char *what) {
  const char *f = getenv("MOCK_CUDA_FAIL");
  return f && strcmp(f, what) == 0;
}

CUresult cuInit(unsigned flags) { (void)flags; return 0; }
CUresult cuDeviceGetCount(int *n) { *n = 1; return 0; }
CUresult cuDeviceGet(int *d, int i) { *d = i; return 0; }
CUresult cuDeviceGetName(char *name, int len, int d) {
  (void)d;
  snprintf(name, (size_t)len, "mock GPU");
  return 0;
}
CUresult cuDeviceGetAttribute(int *v, int attr, int d) {
  (void)d;
  *v = attr == 75 ? 9 : 0; /* compute capability 9.0 */
  return 0;
}
CUresult cuDevicePrimaryCtxRetain(void **ctx, int d) {
  (void)d;
  *ctx = (void *)&live;
  return 0;
}
CUresult cuCtxSetCurrent(void *ctx) { (void)ctx; return 0; }
CUresult cuCtxSynchronize(void) {
  return failing("fault") && launches ? 700 /* CUDA_ERROR_ILLEGAL_ADDRESS */
                                      : 0;
}
CUresult cuModuleLoadData(void **m, const void *data) {
  (void)data;
  *m = (void *)&allocations;
  return 0;
}
CUresult cuModuleLoadDataEx(void **m, const void *data, unsigned n,
                            int *options, void **values) {
  (void)n; (void)options; (void)values;
  return cuModuleLoadData(m, data);
}
CUresult cuModuleUnload(void *m) { (void)m; return 0; }
/* A function handle is its interned name (no allocation: nothing leaks). */
static char names[512][128];
CUresult cuModuleGetFunction(void **f, void *m, const char *name) {
  (void)m;
  for (int i = 0; i < 512; ++i) {
    if (!names[i][0])
      snprintf(names[i], sizeof(names[i]), "%s", name);
    if (strcmp(names[i], name) == 0) {
      *f = names[i];
      return 0;
    }
  }
  return 500; /* CUDA_ERROR_NOT_FOUND */
}
CUresult cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz,
                        unsigned bx, unsigned by, unsigned bz, unsigned smem,
                        void *stream, void **params, void **extra) {
  (void)smem; (void)stream; (void)params; (void)extra;
  if (failing("launch"))
    return 719; /* CUDA_ERROR_LAUNCH_FAILED */
  ++launches;
  fprintf(stderr, "mock: launch %s grid (%u, %u, %u) block (%u, %u, %u)\n",
          (const char *)f, gx, gy, gz, bx, by, bz);
  return 0;
}
CUresult cuStreamCreate(void **s, unsigned flags) {
  (void)flags;
  *s = (void *)&launches;
  return 0;
}
CUresult cuStreamSynchronize(void *s) {
  (void)s;
  return failing("fault") && launches ? 700 /* CUDA_ERROR_ILLEGAL_ADDRESS */
                                      : 0;
}
CUresult cuStreamDestroy_v2(void *s) { (void)s; return 0; }
CUresult cuStreamWaitEvent(void *s, void *e, unsigned f) {
  (void)s; (void)e; (void)f;
  return 0;
}
CUresult cuEventCreate(void **e, unsigned f) {
  (void)f;
  *e = (void *)&launches;
  return 0;
}
CUresult cuEventDestroy_v2(void *e) { (void)e; return 0; }
CUresult cuEventRecord(void *e, void *s) { (void)e; (void)s; return 0; }
CUresult cuEventSynchronize(void *e) { (void)e; return 0; }
/* Each block records its size in the 16 bytes before it, so that a release
   gives its bytes back to MOCK_CUDA_MEMORY's budget. */
CUresult cuMemAlloc_v2(unsigned long long *p, size_t bytes) {
  const char *limit = getenv("MOCK_CUDA_MEMORY");
  if (limit && allocated + bytes > strtoull(limit, NULL, 10))
    return 2; /* CUDA_ERROR_OUT_OF_MEMORY */
  char *m = calloc(1, bytes + 16);
  if (!m)
    return 2;
  *(size_t *)m = bytes;
  allocated += bytes;
  ++live;
  ++allocations;
  *p = (unsigned long long)(m + 16);
  return 0;
}
CUresult cuMemAllocManaged(unsigned long long *p, size_t bytes, unsigned f) {
  (void)f;
  return cuMemAlloc_v2(p, bytes);
}
CUresult cuMemFree_v2(unsigned long long p) {
  char *m = (char *)p - 16;
  allocated -= *(size_t *)m;
  --live;
  free(m);
  return 0;
}
/* Advice changes nothing here; MOCK_CUDA_ADVICE=1 prints it. */
typedef struct {
  int type, id;
} CUmemLocation;
CUresult cuMemAdvise_v2(unsigned long long p, size_t n, int advice,
                        CUmemLocation where) {
  (void)p;
  if (getenv("MOCK_CUDA_ADVICE"))
    fprintf(stderr, "mock: advise %zu bytes: %s %s %d\n", n,
            advice == 3   ? "preferred location"
            : advice == 5 ? "accessed by"
                          : "other",
            where.type == 1 ? "device" : where.type == 2 ? "host" : "other",
            where.id);
  return 0;
}
CUresult cuMemcpyAsync(unsigned long long d, unsigned long long s, size_t n,
                       void *st) {
  (void)st;
  memcpy((void *)d, (void *)s, n);
  return 0;
}
CUresult cuMemsetD32Async(unsigned long long d, unsigned v, size_t n,
                          void *s) {
  (void)s;
  for (size_t i = 0; i < n; ++i)
    ((unsigned *)d)[i] = v;
  return 0;
}
CUresult cuMemsetD16Async(unsigned long long d, unsigned short v, size_t n,
                          void *s) {
  (void)s;
  for (size_t i = 0; i < n; ++i)
    ((unsigned short *)d)[i] = v;
  return 0;
}
CUresult cuMemHostRegister_v2(void *p, size_t n, unsigned f) {
  (void)p; (void)n; (void)f;
  return 0;
}
CUresult cuMemHostUnregister(void *p) { (void)p; return 0; }
CUresult cuGetErrorName(CUresult r, const char **s) {
  *s = r == 2     ? "CUDA_ERROR_OUT_OF_MEMORY"
       : r == 700 ? "CUDA_ERROR_ILLEGAL_ADDRESS"
       : r == 719 ? "CUDA_ERROR_LAUNCH_FAILED"
                  : "CUDA_ERROR_UNKNOWN";
  return 0;
}
CUresult cuGetErrorString(CUresult r, const char **s) {
  (void)r;
  *s = "(mock driver)";
  return 0;
}

__attribute__((destructor)) static void report(void) {
  fprintf(stderr, "mock: %ld launches, %ld allocations, %ld live at exit\n",
          launches, allocations, live);
}
