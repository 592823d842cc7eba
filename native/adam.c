/*
 * learnscope native: the fused Adam/AdamW update (src/rules/adam.ts) as one pass over memory, the native twin of
 * the TypeScript loop src/kernels/portable/adam.ts and the wasm kernel src/rules/wasm/adam.c. Each element does
 * exactly the float64 operations of the TypeScript loop in the same order (torch 1.13's single-tensor Adam), and
 * the addon is built with -ffp-contract=off (no fused multiply-add), so all three are bit-identical (tested).
 * Vectorised by GCC (-O3 -fno-math-errno: vsqrtpd/vdivpd); target_clones picks AVX2 at load time where the CPU
 * has it (the step is bound by sqrt + two divisions per entry as much as by memory). Single-threaded.
 *
 * JS: adamStep(n, flags, coef, g, theta, m, v, vmax, d)
 *   coef = Float64Array [b1, c1, b2, c2, l2, neg, bc2, bc2s, eps, shrink] (see src/kernels/types.ts);
 *   flags: 1 maximize, 2 amsgrad (vmax required), 4 eps inside the sqrt, 8 read θ (weight decay), 16 apply:
 *   θ ← θ + δ in place and, when d is given, d ← θ_new − θ_old; without 16, d ← δ (required).
 */
#include "napi_args.h"
#include <math.h>
#include <stddef.h>
#include <stdint.h>

enum { MAXIMIZE = 1, AMSGRAD = 2, INSIDE = 4, THETA = 8, APPLY = 16, OUT = 32 };

typedef struct { double b1, c1, b2, c2, l2, neg, bc2, bc2s, eps, shrink; } coef;

static inline __attribute__((always_inline)) void run(const double *restrict g, double *restrict th,
    double *restrict m, double *restrict v, double *restrict vmax, double *restrict d, size_t n, const int flags,
    const coef k) {
  const int l2 = k.l2 != 0.0;
  for (size_t i = 0; i < n; i++) {
    const double t = (flags & (THETA | APPLY)) ? th[i] : 0.0;
    double x = (flags & MAXIMIZE) ? -g[i] : g[i];
    if ((flags & THETA) && l2) x = x + k.l2 * t;
    const double mi = m[i] * k.b1 + k.c1 * x;
    double vi = v[i] * k.b2 + k.c2 * x * x;
    m[i] = mi;
    v[i] = vi;
    if (flags & AMSGRAD) { /* Math.max: NaN wins (v is never −0, so the ±0 order does not arise) */
      const double a = vmax[i];
      vi = (a > vi || a != a) ? a : vi;
      vmax[i] = vi;
    }
    const double den = (flags & INSIDE) ? sqrt(vi / k.bc2 + k.eps) : sqrt(vi) / k.bc2s + k.eps;
    double out = (k.neg * mi) / den;
    if (flags & THETA) out = out - k.shrink * t;
    if (flags & APPLY) {
      const double tn = t + out;
      th[i] = tn;
      if (flags & OUT) d[i] = tn - t;
    } else {
      d[i] = out;
    }
  }
}

/* One specialised loop per flag combination (the flags are loop-invariant; a branch-free body vectorises). */
__attribute__((target_clones("avx2", "default")))
static void adam_kernel(const double *g, double *th, double *m, double *v, double *vmax, double *d, size_t n,
    int flags, const coef *k) {
  switch (flags & 63) {
#define C1(f) case f: run(g, th, m, v, vmax, d, n, f, *k); break;
#define C8(f) C1(f) C1(f + 1) C1(f + 2) C1(f + 3) C1(f + 4) C1(f + 5) C1(f + 6) C1(f + 7)
    C8(0) C8(8) C8(16) C8(24) C8(32) C8(40) C8(48) C8(56)
#undef C8
#undef C1
  }
}

/* True when [a, a + n) and [b, b + n) share memory (both non-null). */
static bool overlap(const double *a, const double *b, size_t n) {
  return a != NULL && b != NULL && (uintptr_t)a < (uintptr_t)(b + n) && (uintptr_t)b < (uintptr_t)(a + n);
}

static napi_value k_adam_step(napi_env env, napi_callback_info info) {
  napi_value a[9];
  int n, flags;
  double *c, *g, *th, *m, *v, *vmax, *d;
  const char *op = "adamStep";
  if (!ls_args(env, info, op, 9, a) || !ls_int(env, a[0], op, "n", &n) || !ls_int(env, a[1], op, "flags", &flags) ||
      !ls_f64(env, a[2], op, "coef", 10, false, &c) || !ls_f64(env, a[3], op, "g", n, false, &g) ||
      !ls_f64(env, a[4], op, "theta", n, false, &th) || !ls_f64(env, a[5], op, "m", n, false, &m) ||
      !ls_f64(env, a[6], op, "v", n, false, &v) || !ls_f64(env, a[7], op, "vmax", n, true, &vmax) ||
      !ls_f64(env, a[8], op, "d", n, true, &d))
    return NULL;
  if (flags > 31) {
    napi_throw_range_error(env, NULL, "adamStep: argument flags has bits above 16 set; accepted: 0…31");
    return NULL;
  }
  if ((flags & AMSGRAD) && vmax == NULL) {
    napi_throw_type_error(env, NULL, "adamStep: amsgrad (flag 2) needs argument vmax to be a Float64Array");
    return NULL;
  }
  if (!(flags & APPLY) && d == NULL) {
    napi_throw_type_error(env, NULL, "adamStep: without apply (flag 16) argument d must be a Float64Array");
    return NULL;
  }
  if (!(flags & AMSGRAD)) vmax = NULL;
  /* The loop reads and writes element by element with restrict pointers: written arrays must not share memory
   * with any other argument. */
  const double *all[6] = { g, th, m, v, vmax, d };
  const bool written[6] = { false, (flags & APPLY) != 0, true, true, vmax != NULL, d != NULL };
  for (int i = 0; i < 6; i++)
    for (int j = i + 1; j < 6; j++)
      if ((written[i] || written[j]) && overlap(all[i], all[j], (size_t)n)) {
        napi_throw_range_error(env, NULL, "adamStep: arguments g, theta, m, v, vmax and d must not share memory");
        return NULL;
      }
  if (d != NULL) flags |= OUT;
  const coef k = { c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9] };
  adam_kernel(g, th, m, v, vmax, d, (size_t)n, flags, &k);
  return NULL;
}

void learnscope_register_adam(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "adamStep", NAPI_AUTO_LENGTH, k_adam_step, NULL, &fn);
  napi_set_named_property(env, exports, "adamStep", fn);
}
