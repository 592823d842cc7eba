/*
 * malloc_tune: fixes glibc's mmap and trim thresholds for the process (mallopt), so that freed numeric arrays stay
 * in the heap, already faulted in, for the next allocation of the same size.
 *
 * Why: V8 frees ArrayBuffer memory only at GC, in bursts of many arrays at once. With glibc's dynamic thresholds
 * such a burst leaves more than the trim threshold (2× the largest array freed so far) free at the top of the heap,
 * so glibc returns it to the kernel and every later array is page-faulted in again: 400–600 faults per MLP training
 * step, and a fresh first-touch of C in every 1024² gemm. NumPy does not see this because CPython frees each array
 * the moment it dies, so malloc hands the same faulted chunk straight back.
 *
 * Effect: arrays below `mmap_threshold` come from the heap; up to `trim_threshold` bytes of free heap are kept.
 * Only on glibc; elsewhere tuneMalloc does nothing and returns false. Called only with LEARNSCOPE_MALLOC_TUNE=1
 * (src/kernels/native/load-node.ts says why it is opt-in).
 */
#include <node_api.h>
#include <stdbool.h>
#include <stdlib.h> /* defines __GLIBC__ on glibc */
#ifdef __GLIBC__
#include <malloc.h>
#endif

static napi_value k_tune_malloc(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value a[2], r;
  double mmap_threshold, trim_threshold;
  napi_valuetype t0, t1;
  if (napi_get_cb_info(env, info, &argc, a, NULL, NULL) != napi_ok) return NULL;
  if (argc < 2 || napi_typeof(env, a[0], &t0) != napi_ok || napi_typeof(env, a[1], &t1) != napi_ok ||
      t0 != napi_number || t1 != napi_number) {
    napi_throw_type_error(env, NULL, "tuneMalloc: arguments mmapThreshold and trimThreshold must be numbers (bytes)");
    return NULL;
  }
  napi_get_value_double(env, a[0], &mmap_threshold);
  napi_get_value_double(env, a[1], &trim_threshold);
  /* glibc caps M_MMAP_THRESHOLD at 32 MB on 64-bit (HEAP_MAX/2); M_TRIM_THRESHOLD takes any int. */
  if (!(mmap_threshold >= 0 && mmap_threshold <= 32.0 * 1024 * 1024) || !(trim_threshold >= 0 && trim_threshold <= 2147483647.0)) {
    napi_throw_range_error(env, NULL, "tuneMalloc: accepted: 0 <= mmapThreshold <= 33554432 and 0 <= trimThreshold <= 2147483647");
    return NULL;
  }
  bool ok = false;
#ifdef __GLIBC__
  ok = mallopt(M_MMAP_THRESHOLD, (int)mmap_threshold) == 1 && mallopt(M_TRIM_THRESHOLD, (int)trim_threshold) == 1;
#endif
  napi_get_boolean(env, ok, &r);
  return r;
}

/* Called from the module init of learnscope_native.c. */
void learnscope_register_malloc_tune(napi_env env, napi_value exports) {
  napi_property_descriptor p = { "tuneMalloc", NULL, k_tune_malloc, NULL, NULL, NULL, napi_enumerable, NULL };
  napi_define_properties(env, exports, 1, &p);
}
