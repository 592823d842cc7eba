/*
 * learnscope native: the diagonal quadratic L(θ) = ½ Σ λᵢ(θᵢ − cᵢ)² and its gradient gᵢ = λᵢ(θᵢ − cᵢ) in one pass
 * (quadratic-n with rotate: false, src/problems/quadratic-n.ts), the native twin of
 * src/kernels/portable/diag-quadratic.ts. The gradient entries are exact (one subtraction, one product); the sum
 * keeps four partial sums, one per i mod 4, added as (s0 + s1) + (s2 + s3) and then the n mod 4 tail in order:
 * the TypeScript loop does the same, so the two are bit-identical. Built with -ffp-contract=off.
 *
 * JS: diagQuadratic(n, lambda, center, theta, grad) → L; grad (Float64Array or null) receives ∇L.
 */
#include "napi_args.h"
#include <stddef.h>

typedef double v4 __attribute__((vector_size(32)));
/* The same vector as an unaligned view of four doubles (any Float64Array offset). */
typedef double v4u __attribute__((vector_size(32), aligned(8), may_alias));
#define load4(p) (*(const v4u *)(p))

__attribute__((target_clones("avx2", "default")))
static double diag_quadratic(const double *restrict lam, const double *restrict c, const double *restrict th,
    double *restrict g, size_t n) {
  v4 s = { 0, 0, 0, 0 };
  size_t i = 0;
  if (g != NULL) {
    for (; i + 4 <= n; i += 4) {
      const v4 d = load4(th + i) - load4(c + i), gi = load4(lam + i) * d;
      *(v4u *)(g + i) = gi;
      s += d * gi;
    }
  } else {
    for (; i + 4 <= n; i += 4) {
      const v4 d = load4(th + i) - load4(c + i);
      s += d * (load4(lam + i) * d);
    }
  }
  double total = (s[0] + s[1]) + (s[2] + s[3]);
  for (; i < n; i++) {
    const double d = th[i] - c[i], gi = lam[i] * d;
    if (g != NULL) g[i] = gi;
    total += d * gi;
  }
  return 0.5 * total;
}

static napi_value k_diag_quadratic(napi_env env, napi_callback_info info) {
  napi_value a[5], r;
  int n;
  double *lam, *c, *th, *g;
  const char *op = "diagQuadratic";
  if (!ls_args(env, info, op, 5, a) || !ls_int(env, a[0], op, "n", &n) ||
      !ls_f64(env, a[1], op, "lambda", n, false, &lam) || !ls_f64(env, a[2], op, "center", n, false, &c) ||
      !ls_f64(env, a[3], op, "theta", n, false, &th) || !ls_f64(env, a[4], op, "grad", n, true, &g))
    return NULL;
  if (g != NULL) {
    const double *in[3] = { lam, c, th };
    for (int k = 0; k < 3; k++)
      if ((const char *)in[k] < (const char *)(g + n) && (const char *)g < (const char *)(in[k] + n)) {
        napi_throw_range_error(env, NULL, "diagQuadratic: argument grad must not share memory with lambda, center or theta");
        return NULL;
      }
  }
  napi_create_double(env, diag_quadratic(lam, c, th, g, (size_t)n), &r);
  return r;
}

void learnscope_register_diag_quadratic(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "diagQuadratic", NAPI_AUTO_LENGTH, k_diag_quadratic, NULL, &fn);
  napi_set_named_property(env, exports, "diagQuadratic", fn);
}
