/*
 * learnscope native: allFinite(n, x) — true when the first n entries of x are all finite (no NaN, no ±∞), the
 * runner's divergence check on θ every step (src/dynamics/runner.ts). One read pass: x·0 is 0 for a finite x and
 * NaN otherwise, summed in four vector lanes (no early exit: the branch-free pass is faster than one that stops).
 * Twin of src/kernels/portable/all-finite.ts.
 */
#include "napi_args.h"
#include <stddef.h>

typedef double v4 __attribute__((vector_size(32)));
typedef double v4u __attribute__((vector_size(32), aligned(8), may_alias));

__attribute__((target_clones("avx2", "default")))
static bool all_finite(const double *x, size_t n) {
  v4 s = { 0, 0, 0, 0 };
  size_t i = 0;
  for (; i + 4 <= n; i += 4) s += *(const v4u *)(x + i) * 0.0;
  double t = (s[0] + s[1]) + (s[2] + s[3]);
  for (; i < n; i++) t += x[i] * 0.0;
  return t == 0.0;
}

static napi_value k_all_finite(napi_env env, napi_callback_info info) {
  napi_value a[2], r;
  int n;
  double *x;
  if (!ls_args(env, info, "allFinite", 2, a) || !ls_int(env, a[0], "allFinite", "n", &n) ||
      !ls_f64(env, a[1], "allFinite", "x", n, false, &x))
    return NULL;
  napi_get_boolean(env, all_finite(x, (size_t)n), &r);
  return r;
}

void learnscope_register_all_finite(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "allFinite", NAPI_AUTO_LENGTH, k_all_finite, NULL, &fn);
  napi_set_named_property(env, exports, "allFinite", fn);
}
