/*
 * learnscope_native, streaming multi-vector kernels (src/kernels/types.ts `dots`, `combine`): several dot products,
 * or several linear combinations, of a few long vectors in ONE pass over memory. Level-1 BLAS would stream every
 * vector once per dot or axpy; these read each distinct vector once, so at large n they run at memory bandwidth
 * (the per-step geometry of src/geometry/step.ts is two such passes).
 *
 * Small shapes (≤ 2×4 dot products; ≤ 4 inputs used by ≤ 4 rows) run fused: each block of 4 entries loads every
 * vector once into registers and updates every sum/row (GCC vector extensions: AVX2 or SSE2). Larger shapes run in
 * chunks of CHUNK entries (resident in L1 while worked on), each pair / row over the cached chunk with 16 partial sums.
 * Large outputs are written with non-temporal stores (see store_chunk).
 * Summation order is fixed by n alone (never by addresses or alignment) and nothing is contracted to FMA, so the
 * AVX2 clone (chosen at load time on CPUs that have it) and the baseline SSE2 one give bit-identical results.
 * Threads: from n ≥ PAR_MIN entries, when OpenBLAS is set to ≥ 2 threads (`setThreads`, the backend's one knob),
 * a call runs on 2 threads: [0, n) splits at `split_at` (fixed by n alone, a multiple of 8 entries, i.e. of 64-byte
 * lines for 64-byte-aligned arrays), each half computes its own partial sums as above, and the two are added first
 * half + second half. So results depend on n and the thread setting only: bit-identical run to run, and within the
 * usual rounding of the 1-thread ones (a different summation order; stored rows of combine are identical).
 */
/* -O3 for the vectoriser (binding.gyp builds with -O2); no FMA contraction: combine rounds like the portable kernel */
#pragma GCC optimize("O3", "fp-contract=off")
#pragma GCC diagnostic ignored "-Wpsabi" /* the 32-byte vector helpers are static inline, so their ABI never matters */
#include <node_api.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#if defined(__x86_64__)
#include <emmintrin.h> /* SSE2 (x86-64 baseline): non-temporal stores */
#endif

#define MAXV 8      /* at most this many vectors per side / rows (the JS contract) */
#define CHUNK 512   /* entries per block: 4 KB per vector */
#define STREAM_BYTES ((size_t)4 << 20) /* outputs of at least this many bytes per call are streamed (store_chunk) */
#define LANES 16    /* partial sums per dot / norm in the blocked kernels (4 AVX2 chains: hide the add latency) */
#define PAR_MIN ((size_t)1 << 18) /* entries from which a call uses 2 threads (≥ 2 MB per vector: ≫ a thread start) */

extern int openblas_get_num_threads(void); /* learnscope_native.c's setThreads sets it */

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define CLONES
#endif

/* Pairwise sum of the LANES partial sums. */
static double reduce_lanes(const double *s) {
  double h[LANES];
  memcpy(h, s, sizeof h);
  for (int w = LANES / 2; w >= 1; w /= 2)
    for (int l = 0; l < w; l++) h[l] += h[l + w];
  return h[0];
}

/* acc[0..LANES) += a[t]·b[t] over one chunk (len a multiple of LANES). */
static inline void dot_chunk(const double *restrict a, const double *restrict b, size_t len, double *restrict acc) {
  double s[LANES];
  memcpy(s, acc, sizeof s);
  for (size_t t = 0; t < len; t += LANES)
    for (int l = 0; l < LANES; l++) s[l] += a[t + l] * b[t + l];
  memcpy(acc, s, sizeof s);
}

/* ---------- fused kernels for the common small shapes: every vector loaded once, every sum in a register ---------- */

typedef double v4d __attribute__((vector_size(32))); /* GCC/clang vector extension: 1 AVX2 or 2 SSE2 registers */
static inline v4d ld4(const double *p) { v4d v; memcpy(&v, p, sizeof v); return v; }
static inline double hsum4(const v4d *s) { return ((*s)[0] + (*s)[1]) + ((*s)[2] + (*s)[3]); }

/* out[i·4 + j] = ⟨x[i], y[j]⟩ for the 2×4 tile (4 partial sums each: lane l sums entries t ≡ l mod 4). */
CLONES static void dots_tile(size_t n, const double *const *x, const double *const *y, double *out) {
  v4d s[2][4];
  memset(s, 0, sizeof s);
  size_t full = n / 4 * 4;
  for (size_t t = 0; t < full; t += 4) {
    v4d a0 = ld4(x[0] + t), a1 = ld4(x[1] + t);
    for (int j = 0; j < 4; j++) {
      v4d b = ld4(y[j] + t);
      s[0][j] += a0 * b;
      s[1][j] += a1 * b;
    }
  }
  for (size_t t = full; t < n; t++)
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 4; j++) s[i][j][t - full] += x[i][t] * y[j][t];
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 4; j++) out[i * 4 + j] = hsum4(&s[i][j]);
}

/*
 * A row of combine with its zero coefficients dropped (a zero coefficient skips its input, as gemm's β = 0 skips C):
 * z = Σ_{q<a} c[q]·x[q], where pos[q] is the position of x[q] among the inputs that some row uses.
 */
typedef struct {
  int a;
  int pos[MAXV];
  double c[MAXV];
  const double *x[MAXV];
} row_t;

/* The terms of a row, ≤ 4 of them, grouped as (c0x0 + c1x1) + (c2x2 + c3x3) (fewer terms: the prefix of that). */
static inline v4d row4(const row_t *w, const v4d *c, const v4d *xv) {
  const int *p = w->pos;
  switch (w->a) {
    case 0: return (v4d){0, 0, 0, 0};
    case 1: return c[0] * xv[p[0]];
    case 2: return c[0] * xv[p[0]] + c[1] * xv[p[1]];
    case 3: return (c[0] * xv[p[0]] + c[1] * xv[p[1]]) + c[2] * xv[p[2]];
    default: return (c[0] * xv[p[0]] + c[1] * xv[p[1]]) + (c[2] * xv[p[2]] + c[3] * xv[p[3]]);
  }
}
static inline double row1(const row_t *w, const double *xs) {
  const int *p = w->pos;
  const double *c = w->c;
  switch (w->a) {
    case 0: return 0;
    case 1: return c[0] * xs[p[0]];
    case 2: return c[0] * xs[p[0]] + c[1] * xs[p[1]];
    case 3: return (c[0] * xs[p[0]] + c[1] * xs[p[1]]) + c[2] * xs[p[2]];
    default: return (c[0] * xs[p[0]] + c[1] * xs[p[1]]) + (c[2] * xs[p[2]] + c[3] * xs[p[3]]);
  }
}

/*
 * combine when ≤ 4 inputs are used and M ≤ 4 rows (M a compile-time constant after inlining): each block of 4
 * entries loads the used inputs once and writes every row (in place is safe: a block's inputs are loaded before its
 * outputs are stored). Rows whose output is 16-byte aligned are streamed when `stream` (see store_chunk).
 */
static inline __attribute__((always_inline)) void comb_fused(size_t n, int nused, const double *const *used,
                                                             const int M, const row_t *rows, double *const *out,
                                                             bool stream, double *norms) {
  v4d c[4][4], s[4];
  bool nt[4];
  memset(s, 0, sizeof s);
  memset(c, 0, sizeof c);
  for (int r = 0; r < M; r++) {
    for (int q = 0; q < rows[r].a; q++) c[r][q] = (v4d){0, 0, 0, 0} + rows[r].c[q];
    nt[r] = stream && out[r] && ((uintptr_t)out[r] & 15) == 0;
  }
  size_t full = n / 4 * 4;
  for (size_t t = 0; t < full; t += 4) {
    v4d xv[4];
    for (int i = 0; i < nused; i++) xv[i] = ld4(used[i] + t);
    for (int r = 0; r < M; r++) {
      v4d z = row4(&rows[r], c[r], xv);
      s[r] += z * z;
      if (!out[r]) continue;
#if defined(__x86_64__)
      if (nt[r]) {
        _mm_stream_pd(out[r] + t, (__m128d){z[0], z[1]});
        _mm_stream_pd(out[r] + t + 2, (__m128d){z[2], z[3]});
        continue;
      }
#endif
      memcpy(out[r] + t, &z, sizeof z);
    }
  }
  for (size_t t = full; t < n; t++) {
    double xs[4];
    for (int i = 0; i < nused; i++) xs[i] = used[i][t];
    for (int r = 0; r < M; r++) {
      double z = row1(&rows[r], xs);
      s[r][t - full] += z * z;
      if (out[r]) out[r][t] = z;
    }
  }
#if defined(__x86_64__)
  if (stream) _mm_sfence(); /* order the streamed stores before anything that follows */
#endif
  for (int r = 0; r < M; r++) norms[r] = hsum4(&s[r]);
}

/*
 * out[p] = ⟨u[pa[p]], u[pb[p]]⟩ for p < np over the first n entries; u holds nu distinct vectors. Each pair keeps
 * LANES partial sums over the whole vector (lane l sums the entries t ≡ l mod LANES of the full blocks), then the
 * tail, then a pairwise reduction of the lanes.
 */
CLONES static void dots_kernel(size_t n, const double *const *u, int np, const int *pa, const int *pb, double *out) {
  double acc[MAXV * MAXV][LANES];
  memset(acc, 0, sizeof acc);
  size_t full = n / LANES * LANES;
  for (size_t c = 0; c < full; c += CHUNK) {
    size_t len = full - c < CHUNK ? full - c : CHUNK;
    for (int p = 0; p < np; p++) dot_chunk(u[pa[p]] + c, u[pb[p]] + c, len, acc[p]);
  }
  for (int p = 0; p < np; p++) {
    double *s = acc[p];
    for (size_t t = full; t < n; t++) s[t - full] += u[pa[p]][t] * u[pb[p]][t];
    out[p] = reduce_lanes(s);
  }
}

/* dst[t] = Σ_i c[i]·x[i][t] over one chunk (t < len; k = 0: zeros), in groups of up to 4 inputs per sweep. */
static inline void comb_chunk(int k, const double *const *x, const double *c, size_t off, size_t len, double *restrict dst) {
  int i = 0;
  if (k == 0) memset(dst, 0, len * sizeof(double));
  for (bool first = true; i < k; first = false) {
    int g = k - i < 4 ? k - i : 4;
    const double *x0 = x[i] + off, *x1 = x[i + (g > 1)] + off, *x2 = x[i + (g > 2) * 2] + off, *x3 = x[i + (g > 3) * 3] + off;
    double c0 = c[i], c1 = g > 1 ? c[i + 1] : 0, c2 = g > 2 ? c[i + 2] : 0, c3 = g > 3 ? c[i + 3] : 0;
    /* exact-arity loops: padding with a zero coefficient would turn an ∞ input into NaN (0·∞) */
    if (first) {
      switch (g) {
        case 1: for (size_t t = 0; t < len; t++) dst[t] = c0 * x0[t]; break;
        case 2: for (size_t t = 0; t < len; t++) dst[t] = c0 * x0[t] + c1 * x1[t]; break;
        case 3: for (size_t t = 0; t < len; t++) dst[t] = (c0 * x0[t] + c1 * x1[t]) + c2 * x2[t]; break;
        default: for (size_t t = 0; t < len; t++) dst[t] = (c0 * x0[t] + c1 * x1[t]) + (c2 * x2[t] + c3 * x3[t]); break;
      }
    } else {
      switch (g) {
        case 1: for (size_t t = 0; t < len; t++) dst[t] += c0 * x0[t]; break;
        case 2: for (size_t t = 0; t < len; t++) dst[t] += c0 * x0[t] + c1 * x1[t]; break;
        case 3: for (size_t t = 0; t < len; t++) dst[t] += (c0 * x0[t] + c1 * x1[t]) + c2 * x2[t]; break;
        default: for (size_t t = 0; t < len; t++) dst[t] += (c0 * x0[t] + c1 * x1[t]) + (c2 * x2[t] + c3 * x3[t]); break;
      }
    }
    i += g;
  }
}

/*
 * dst[0..len) = src[0..len). With `stream`, non-temporal stores: a large output would be evicted from the caches
 * before it is read again anyway, and streaming it skips the read-for-ownership of every destination line (a third of
 * a combine's memory traffic at n = 1e6). Only where the values land differs, never the values.
 */
static void store_chunk(double *restrict dst, const double *restrict src, size_t len, bool stream) {
#if defined(__x86_64__)
  if (stream) {
    size_t t = 0;
    if (((uintptr_t)dst & 15) != 0 && len > 0) { dst[0] = src[0]; t = 1; }
    for (; t + 2 <= len; t += 2) _mm_stream_pd(dst + t, _mm_loadu_pd(src + t));
    for (; t < len; t++) dst[t] = src[t];
    return;
  }
#endif
  memcpy(dst, src, len * sizeof(double));
}

/*
 * For each row r < m: z_r = Σ_{i: coef[r·k+i] ≠ 0} coef[r·k + i]·x[i] over the first n entries; stored in out[r] when
 * not NULL; norms[r] = ‖z_r‖². The blocked path computes a chunk of every row into a buffer before any output of that
 * chunk is stored, and the fused one loads a block's inputs before storing it, so an output may be an input (in place).
 */
CLONES static void combine_kernel(size_t n, int k, const double *const *x, int m, const double *coef, double *const *out,
                                  double *norms, bool stream) {
  row_t rows[MAXV];
  const double *used[MAXV];
  int nused = 0, where[MAXV];
  for (int i = 0; i < k; i++) where[i] = -1;
  for (int r = 0; r < m; r++) {
    row_t *w = &rows[r];
    w->a = 0;
    for (int i = 0; i < k; i++) {
      double ci = coef[(size_t)r * k + i];
      if (ci == 0) continue;
      if (where[i] < 0) { where[i] = nused; used[nused++] = x[i]; }
      w->pos[w->a] = where[i];
      w->c[w->a] = ci;
      w->x[w->a++] = x[i];
    }
  }
#define FUSED(M) case M: comb_fused(n, nused, used, M, rows, out, stream, norms); return;
  switch (nused <= 4 ? m : 0) {
    FUSED(1) FUSED(2) FUSED(3) FUSED(4)
    default: break;
  }
#undef FUSED
  double buf[MAXV][CHUNK]; /* 32 KB of stack */
  double acc[MAXV][LANES];
  memset(acc, 0, sizeof acc);
  for (size_t c = 0; c < n; c += CHUNK) {
    size_t len = n - c < CHUNK ? n - c : CHUNK;
    size_t full = len / LANES * LANES;
    for (int r = 0; r < m; r++) {
      double *z = buf[r], *s = acc[r];
      comb_chunk(rows[r].a, rows[r].x, rows[r].c, c, len, z);
      for (size_t t = 0; t < full; t += LANES)
        for (int l = 0; l < LANES; l++) s[l] += z[t + l] * z[t + l];
      for (size_t t = full; t < len; t++) s[t - full] += z[t] * z[t];
    }
    for (int r = 0; r < m; r++)
      if (out[r]) store_chunk(out[r] + c, buf[r], len, stream);
  }
#if defined(__x86_64__)
  if (stream) _mm_sfence(); /* order the streamed stores before anything that follows */
#endif
  for (int r = 0; r < m; r++) {
    double *s = acc[r];
    norms[r] = reduce_lanes(s);
  }
}

/* ---------- two threads for large n ---------- */

/* Threads for a call over n entries: 2 when n ≥ PAR_MIN and OpenBLAS is set to more than one thread, else 1. */
static int mv_threads(size_t n) { return n >= PAR_MIN && openblas_get_num_threads() >= 2 ? 2 : 1; }

/* Where the first half ends: n/2 rounded down to a multiple of 8 entries (so a fused half is whole 4-blocks). */
static size_t split_at(size_t n) { return n / 2 / 8 * 8; }

/* One half of a call: the kernel over [lo, lo + len) with shifted pointers; partial results in res. */
typedef struct {
  int kind; /* 0: dots_tile, 1: dots_kernel, 2: combine_kernel */
  size_t lo, len;
  const double *const *x, *const *y; /* tile: x, y; kernel: u = x; combine: inputs x */
  int nx, np, m;
  const int *pa, *pb;
  const double *coef;
  double *const *out;
  bool stream;
  double res[MAXV * MAXV];
} half_t;

static void run_half(half_t *h) {
  const double *xs[2 * MAXV], *ys[4];
  double *outs[MAXV];
  for (int i = 0; i < h->nx; i++) xs[i] = h->x[i] + h->lo;
  switch (h->kind) {
    case 0:
      for (int j = 0; j < 4; j++) ys[j] = h->y[j] + h->lo;
      dots_tile(h->len, xs, ys, h->res);
      break;
    case 1: dots_kernel(h->len, xs, h->np, h->pa, h->pb, h->res); break;
    default:
      for (int r = 0; r < h->m; r++) outs[r] = h->out[r] ? h->out[r] + h->lo : NULL;
      combine_kernel(h->len, h->nx, xs, h->m, h->coef, outs, h->res, h->stream);
      break;
  }
}

static void *half_thread(void *arg) { run_half(arg); return NULL; }

/*
 * Runs *h over [0, n) on mv_threads(n) threads and leaves in h->res[0..count) the sums: one half's (n small or 1
 * thread), else first half + second half. If a thread cannot be started the second half runs on this thread after
 * the first, with the same split, so the result never depends on it.
 */
static void run_split(half_t *h, size_t n, int count) {
  if (mv_threads(n) < 2) {
    h->lo = 0; h->len = n;
    run_half(h);
    return;
  }
  half_t b = *h;
  size_t mid = split_at(n);
  h->lo = 0; h->len = mid;
  b.lo = mid; b.len = n - mid;
  pthread_t th;
  bool started = pthread_create(&th, NULL, half_thread, &b) == 0;
  run_half(h);
  if (started) pthread_join(th, NULL);
  else run_half(&b);
  for (int q = 0; q < count; q++) h->res[q] += b.res[q];
}

/* ---------- N-API: argument checks (each throws a JS error naming the argument and returns false) ---------- */

static bool mv_throw(napi_env env, bool range, const char *msg) {
  if (range) napi_throw_range_error(env, NULL, msg);
  else napi_throw_type_error(env, NULL, msg);
  return false;
}

static bool mv_args(napi_env env, napi_callback_info info, const char *op, size_t want, napi_value *argv) {
  size_t argc = want;
  char msg[160];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return false;
  if (argc >= want) return true;
  snprintf(msg, sizeof msg, "%s: expected %zu arguments, got %zu", op, want, argc);
  return mv_throw(env, false, msg);
}

static bool mv_n(napi_env env, napi_value v, const char *op, size_t *n) {
  napi_valuetype t;
  double d;
  char msg[200];
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_number) {
    snprintf(msg, sizeof msg, "%s: argument n must be a number", op);
    return mv_throw(env, false, msg);
  }
  napi_get_value_double(env, v, &d);
  if (!(d >= 0 && d <= 9007199254740991.0) || d != (double)(size_t)d) {
    snprintf(msg, sizeof msg, "%s: argument n is %g; accepted: a non-negative integer", op, d);
    return mv_throw(env, true, msg);
  }
  *n = (size_t)d;
  return true;
}

/* A Float64Array with at least `need` entries, or (when nullable) null/undefined → *out = NULL. */
static bool mv_f64(napi_env env, napi_value v, const char *op, const char *arg, size_t need, bool nullable, double **out) {
  bool is_ta = false;
  napi_typedarray_type t;
  napi_valuetype vt;
  size_t len, off;
  void *data;
  napi_value ab;
  char msg[240];
  if (nullable && napi_typeof(env, v, &vt) == napi_ok && (vt == napi_null || vt == napi_undefined)) {
    *out = NULL;
    return true;
  }
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta ||
      napi_get_typedarray_info(env, v, &t, &len, &data, &ab, &off) != napi_ok || t != napi_float64_array) {
    snprintf(msg, sizeof msg, "%s: %s must be a Float64Array%s", op, arg, nullable ? " or null" : "");
    return mv_throw(env, false, msg);
  }
  if (len < need) {
    snprintf(msg, sizeof msg, "%s: %s has %zu entries but at least %zu are needed", op, arg, len, need);
    return mv_throw(env, true, msg);
  }
  *out = data;
  return true;
}

/* A JS array of 1…MAXV Float64Arrays (entries may be null when nullable), each with ≥ n entries. */
static bool mv_list(napi_env env, napi_value v, const char *op, const char *arg, size_t n, bool nullable, double **ptrs,
                    int *count) {
  bool is_arr = false;
  uint32_t len;
  char msg[200], name[48];
  if (napi_is_array(env, v, &is_arr) != napi_ok || !is_arr) {
    snprintf(msg, sizeof msg, "%s: %s must be an array of Float64Arrays", op, arg);
    return mv_throw(env, false, msg);
  }
  napi_get_array_length(env, v, &len);
  if (len < 1 || len > MAXV) {
    snprintf(msg, sizeof msg, "%s: %s has %u vectors; accepted: 1 to %d", op, arg, len, MAXV);
    return mv_throw(env, true, msg);
  }
  for (uint32_t i = 0; i < len; i++) {
    napi_value e;
    napi_get_element(env, v, i, &e);
    snprintf(name, sizeof name, "%s[%u]", arg, i);
    if (!mv_f64(env, e, op, name, n, nullable, &ptrs[i])) return false;
  }
  *count = (int)len;
  return true;
}

/*
 * dots(n, xs, ys, out): out[i·|ys| + j] = ⟨xs[i], ys[j]⟩. Up to 2×4: the fused tile; larger: the blocked kernel over
 * distinct arrays and unordered pairs. Either way ⟨a, b⟩ and ⟨b, a⟩ are the same sum (a·b = b·a, same order).
 */
static napi_value k_dots(napi_env env, napi_callback_info info) {
  napi_value a[4];
  size_t n;
  double *xs[MAXV], *ys[MAXV], *out;
  int nx, ny;
  if (!mv_args(env, info, "dots", 4, a) || !mv_n(env, a[0], "dots", &n) ||
      !mv_list(env, a[1], "dots", "xs", n, false, xs, &nx) || !mv_list(env, a[2], "dots", "ys", n, false, ys, &ny))
    return NULL;
  if (!mv_f64(env, a[3], "dots", "out", (size_t)nx * ny, false, &out)) return NULL;
  if (nx <= 2 && ny <= 4) { /* one fused 2×4 tile; missing slots repeat a vector and their sums are dropped */
    const double *tx[2] = {xs[0], xs[nx - 1]}, *ty[4];
    for (int j = 0; j < 4; j++) ty[j] = ys[j < ny ? j : ny - 1];
    half_t h = {.kind = 0, .x = tx, .y = ty, .nx = 2};
    run_split(&h, n, 8);
    for (int i = 0; i < nx; i++)
      for (int j = 0; j < ny; j++) out[i * ny + j] = h.res[i * 4 + j];
    return NULL;
  }
  const double *u[2 * MAXV];
  int nu = 0, ix[MAXV], iy[MAXV];
  for (int i = 0; i < nx + ny; i++) {
    const double *p = i < nx ? xs[i] : ys[i - nx];
    int j = 0;
    while (j < nu && u[j] != p) j++;
    if (j == nu) u[nu++] = p;
    if (i < nx) ix[i] = j; else iy[i - nx] = j;
  }
  /* unordered pairs of distinct-array indices, and where each (i, j) result is found */
  int pa[MAXV * MAXV], pb[MAXV * MAXV], where[MAXV * MAXV], np = 0;
  for (int i = 0; i < nx; i++)
    for (int j = 0; j < ny; j++) {
      int lo = ix[i] < iy[j] ? ix[i] : iy[j], hi = ix[i] < iy[j] ? iy[j] : ix[i], p = 0;
      while (p < np && !(pa[p] == lo && pb[p] == hi)) p++;
      if (p == np) { pa[np] = lo; pb[np] = hi; np++; }
      where[i * ny + j] = p;
    }
  half_t h = {.kind = 1, .x = u, .nx = nu, .np = np, .pa = pa, .pb = pb};
  run_split(&h, n, np);
  for (int q = 0; q < nx * ny; q++) out[q] = h.res[where[q]];
  return NULL;
}

/* combine(n, xs, coef, outs, norms): rows z_r = Σ_i coef[r·k + i]·xs[i]; outs[r] (or null) ← z_r; norms[r] = ‖z_r‖². */
static napi_value k_combine(napi_env env, napi_callback_info info) {
  napi_value a[5];
  size_t n;
  double *xs[MAXV], *outs[MAXV], *coef, *norms;
  int k, m;
  if (!mv_args(env, info, "combine", 5, a) || !mv_n(env, a[0], "combine", &n) ||
      !mv_list(env, a[1], "combine", "xs", n, false, xs, &k) ||
      !mv_list(env, a[3], "combine", "outs", n, true, outs, &m) ||
      !mv_f64(env, a[2], "combine", "coef", (size_t)m * k, false, &coef) ||
      !mv_f64(env, a[4], "combine", "norms", (size_t)m, false, &norms))
    return NULL;
  size_t written = 0;
  for (int r = 0; r < m; r++) written += outs[r] ? n * sizeof(double) : 0;
  half_t h = {.kind = 2, .x = (const double *const *)xs, .nx = k, .m = m, .coef = coef, .out = outs,
              .stream = written >= STREAM_BYTES}; /* the whole call's output size decides, so both halves agree */
  run_split(&h, n, m);
  memcpy(norms, h.res, (size_t)m * sizeof(double));
  return NULL;
}

#define MV_METHOD(name, fn) { name, NULL, fn, NULL, NULL, NULL, napi_enumerable, NULL }

/* Called from the module init (learnscope_native.c). */
void learnscope_register_multivec(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = { MV_METHOD("dots", k_dots), MV_METHOD("combine", k_combine) };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
}
