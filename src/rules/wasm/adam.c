/*
 * learnscope rules: the fused Adam/AdamW update for WebAssembly SIMD128 (f64x2), no libc. One pass over memory,
 * each lane doing exactly the float64 operations, in the same order, as adamLoop in ../adam-kernel.ts (torch 1.13's
 * single-tensor Adam): wasm has no fused multiply-add, so results are bit-identical to the TypeScript loop
 * (src/kernels/portable/adam.ts) and to the native kernel (native/adam.c). Flags as in Kernels.adamStep
 * (src/kernels/types.ts); OUT (32, set by the caller with APPLY) also writes θ_new − θ_old into d.
 * Build: node scripts/build-wasm-rules.mjs (clang-16 --target=wasm32 -msimd128); memory is imported from JS.
 */
#include <wasm_simd128.h>

#define MAXIMIZE 1
#define AMSGRAD 2
#define INSIDE 4
#define THETA 8
#define APPLY 16
#define OUT 32

typedef struct { double b1, c1, b2, c2, l2, neg, bc2, bc2s, eps, shrink; } coef;

/* The f64x2 loop over the first n - n % 2 entries, specialised per flag combination. */
static inline __attribute__((always_inline)) void run(const double *g, double *th, double *m, double *v,
    double *vmax, double *d, int n, const int flags, const coef *k) {
  const v128_t B1 = wasm_f64x2_splat(k->b1), C1 = wasm_f64x2_splat(k->c1), B2 = wasm_f64x2_splat(k->b2),
    C2 = wasm_f64x2_splat(k->c2), L2 = wasm_f64x2_splat(k->l2), NEG = wasm_f64x2_splat(k->neg),
    BC2 = wasm_f64x2_splat(k->bc2), BC2S = wasm_f64x2_splat(k->bc2s), EPS = wasm_f64x2_splat(k->eps),
    SHRINK = wasm_f64x2_splat(k->shrink);
  const int l2 = k->l2 != 0.0;
  for (int i = 0; i + 2 <= n; i += 2) {
    const v128_t t = (flags & (THETA | APPLY)) ? wasm_v128_load(th + i) : wasm_f64x2_splat(0.0);
    v128_t x = wasm_v128_load(g + i);
    if (flags & MAXIMIZE) x = wasm_f64x2_neg(x);
    if ((flags & THETA) && l2) x = wasm_f64x2_add(x, wasm_f64x2_mul(L2, t));
    const v128_t mi = wasm_f64x2_add(wasm_f64x2_mul(wasm_v128_load(m + i), B1), wasm_f64x2_mul(C1, x));
    v128_t vi = wasm_f64x2_add(wasm_f64x2_mul(wasm_v128_load(v + i), B2), wasm_f64x2_mul(wasm_f64x2_mul(C2, x), x));
    wasm_v128_store(m + i, mi);
    wasm_v128_store(v + i, vi);
    if (flags & AMSGRAD) { vi = wasm_f64x2_max(wasm_v128_load(vmax + i), vi); wasm_v128_store(vmax + i, vi); }
    const v128_t den = (flags & INSIDE) ? wasm_f64x2_sqrt(wasm_f64x2_add(wasm_f64x2_div(vi, BC2), EPS))
                                        : wasm_f64x2_add(wasm_f64x2_div(wasm_f64x2_sqrt(vi), BC2S), EPS);
    v128_t out = wasm_f64x2_div(wasm_f64x2_mul(NEG, mi), den);
    if (flags & THETA) out = wasm_f64x2_sub(out, wasm_f64x2_mul(SHRINK, t));
    if (flags & APPLY) {
      const v128_t tn = wasm_f64x2_add(t, out);
      wasm_v128_store(th + i, tn);
      if (flags & OUT) wasm_v128_store(d + i, wasm_f64x2_sub(tn, t));
    } else {
      wasm_v128_store(d + i, out);
    }
  }
}

/* The odd last entry (at most one), with the flags read at run time: the same operations as the lanes above. */
static void tail(const double *g, double *th, double *m, double *v, double *vmax, double *d, int n, const int flags,
    const coef *k) {
  const int l2 = k->l2 != 0.0;
  for (int i = n - n % 2; i < n; i++) {
    const double t = (flags & (THETA | APPLY)) ? th[i] : 0.0;
    double x = (flags & MAXIMIZE) ? -g[i] : g[i];
    if ((flags & THETA) && l2) x = x + k->l2 * t;
    const double mi = m[i] * k->b1 + k->c1 * x;
    double vi = v[i] * k->b2 + k->c2 * x * x;
    m[i] = mi;
    v[i] = vi;
    if (flags & AMSGRAD) { vi = __builtin_wasm_max_f64(vmax[i], vi); vmax[i] = vi; }
    const double den = (flags & INSIDE) ? __builtin_sqrt(vi / k->bc2 + k->eps) : __builtin_sqrt(vi) / k->bc2s + k->eps;
    double out = (k->neg * mi) / den;
    if (flags & THETA) out = out - k->shrink * t;
    if (flags & APPLY) {
      const double tn = t + out;
      th[i] = tn;
      if (flags & OUT) d[i] = tn - t;
    } else {
      d[i] = out;
    }
  }
}

/* Pointers are byte offsets into the imported memory; flags as above, each combination a specialised loop. */
void adam_step(const double *g, double *th, double *m, double *v, double *vmax, double *d, int n, int flags,
    double b1, double c1, double b2, double c2, double l2, double neg, double bc2, double bc2s, double eps, double shrink) {
  const coef k = { b1, c1, b2, c2, l2, neg, bc2, bc2s, eps, shrink };
  if (!(flags & APPLY)) flags &= ~OUT; /* OUT means something only with APPLY */
  switch (flags & 63) {
#define CASE(f) case f: run(g, th, m, v, vmax, d, n, f, &k); break;
#define CASE8(f) CASE(f) CASE(f + 1) CASE(f + 2) CASE(f + 3) CASE(f + 4) CASE(f + 5) CASE(f + 6) CASE(f + 7)
    CASE8(0) CASE8(8) CASE8(16) CASE8(24) CASE8(48) CASE8(56)
  }
  tail(g, th, m, v, vmax, d, n, flags, &k);
}
