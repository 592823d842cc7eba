/*
 * learnscope_native: the native kernel backend, a small N-API addon over OpenBLAS (cblas) and LAPACKE.
 *
 * Implements every method of src/kernels/types.ts (row-major Float64Array, in place, LAPACK-style info) plus
 * setThreads/getThreads/info. Arrays are used zero-copy: the C code works directly on the TypedArray memory.
 * Every argument is checked here (type, integer range, array length) so a bad call from JS throws a
 * TypeError/RangeError naming the argument instead of reading or writing out of bounds.
 *
 * Row-major ↔ column-major: a row-major matrix is the column-major view of its transpose, so symmetric
 * (syevd, potrf, posv) and SVD (gesdd) calls run on the column-major view without copies; only getrf/gesv use
 * LAPACKE's row-major layer (which transposes internally), because LU row pivoting has no such identity.
 */
#include <node_api.h>
#include <cblas.h>
#include <lapacke.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "napi_args.h" /* ls_fail_type, ls_args, ls_int (dimensions), ls_bool */

/* Declared here too because the cblas.h alternative on a machine may be the reference one (we link OpenBLAS). */
extern void openblas_set_num_threads(int num_threads);
extern int openblas_get_num_threads(void);
extern char *openblas_get_corename(void);
extern char *openblas_get_config(void);

/* ---------- argument helpers: each throws a JS error and returns false on a bad argument ---------- */

static bool get_double(napi_env env, napi_value v, const char *op, const char *arg, double *out) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_number) return ls_fail_type(env, op, arg, "a number");
  napi_get_value_double(env, v, out);
  return true;
}

/* A typed array of the given kind with at least `need` elements; returns its data pointer (zero-copy). */
static bool get_array(napi_env env, napi_value v, const char *op, const char *arg, napi_typedarray_type kind,
                      size_t need, void **out) {
  bool is_ta = false;
  napi_typedarray_type t;
  size_t len, off;
  void *data;
  napi_value ab;
  const char *kind_name = kind == napi_float64_array ? "a Float64Array" : "an Int32Array";
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return ls_fail_type(env, op, arg, kind_name);
  if (napi_get_typedarray_info(env, v, &t, &len, &data, &ab, &off) != napi_ok || t != kind)
    return ls_fail_type(env, op, arg, kind_name);
  if (len < need) {
    char msg[256];
    snprintf(msg, sizeof msg, "%s: argument %s has %zu entries but at least %zu are needed", op, arg, len, need);
    napi_throw_range_error(env, NULL, msg);
    return false;
  }
  *out = data;
  return true;
}

static napi_value ret_int(napi_env env, int v) {
  napi_value r;
  napi_create_int32(env, v, &r);
  return r;
}

static size_t mul(int a, int b) { return (size_t)a * (size_t)b; }
static int imax1(int a) { return a > 1 ? a : 1; }

/* In-place transpose of a square n×n matrix (turns a column-major result into row-major). */
static void transpose_square(int n, double *A) {
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) {
      double t = A[(size_t)i * n + j];
      A[(size_t)i * n + j] = A[(size_t)j * n + i];
      A[(size_t)j * n + i] = t;
    }
}

static void set_identity(int n, double *A) {
  memset(A, 0, mul(n, n) * sizeof(double));
  for (int i = 0; i < n; i++) A[(size_t)i * n + i] = 1.0;
}

/* ---------- level 1 ---------- */

static napi_value k_axpy(napi_env env, napi_callback_info info) {
  napi_value a[4];
  int n;
  double alpha;
  double *x, *y;
  if (!ls_args(env, info, "axpy", 4, a) || !ls_int(env, a[0], "axpy", "n", &n) ||
      !get_double(env, a[1], "axpy", "alpha", &alpha) ||
      !get_array(env, a[2], "axpy", "x", napi_float64_array, n, (void **)&x) ||
      !get_array(env, a[3], "axpy", "y", napi_float64_array, n, (void **)&y))
    return NULL;
  if (n > 0) cblas_daxpy(n, alpha, x, 1, y, 1);
  return NULL;
}

static napi_value k_scal(napi_env env, napi_callback_info info) {
  napi_value a[3];
  int n;
  double alpha;
  double *x;
  if (!ls_args(env, info, "scal", 3, a) || !ls_int(env, a[0], "scal", "n", &n) ||
      !get_double(env, a[1], "scal", "alpha", &alpha) ||
      !get_array(env, a[2], "scal", "x", napi_float64_array, n, (void **)&x))
    return NULL;
  if (n > 0) cblas_dscal(n, alpha, x, 1);
  return NULL;
}

static napi_value k_dot(napi_env env, napi_callback_info info) {
  napi_value a[3], r;
  int n;
  double *x, *y, d = 0;
  if (!ls_args(env, info, "dot", 3, a) || !ls_int(env, a[0], "dot", "n", &n) ||
      !get_array(env, a[1], "dot", "x", napi_float64_array, n, (void **)&x) ||
      !get_array(env, a[2], "dot", "y", napi_float64_array, n, (void **)&y))
    return NULL;
  if (n > 0) d = cblas_ddot(n, x, 1, y, 1);
  napi_create_double(env, d, &r);
  return r;
}

/* ---------- level 3 ---------- */

/* C ← β·C over m×n, with β = 0 meaning "do not read C" (so NaNs in C do not leak into the result). */
static void scale_c(size_t len, double beta, double *C) {
  if (beta == 0) memset(C, 0, len * sizeof(double));
  else if (beta != 1) for (size_t i = 0; i < len; i++) C[i] *= beta;
}

static napi_value k_gemm(napi_env env, napi_callback_info info) {
  napi_value a[10];
  bool tA, tB;
  int m, n, k;
  double alpha, beta;
  double *A, *B, *C;
  if (!ls_args(env, info, "gemm", 10, a) || !ls_bool(env, a[0], "gemm", "transA", &tA) ||
      !ls_bool(env, a[1], "gemm", "transB", &tB) || !ls_int(env, a[2], "gemm", "m", &m) ||
      !ls_int(env, a[3], "gemm", "n", &n) || !ls_int(env, a[4], "gemm", "k", &k) ||
      !get_double(env, a[5], "gemm", "alpha", &alpha) ||
      !get_array(env, a[6], "gemm", "A", napi_float64_array, mul(m, k), (void **)&A) ||
      !get_array(env, a[7], "gemm", "B", napi_float64_array, mul(k, n), (void **)&B) ||
      !get_double(env, a[8], "gemm", "beta", &beta) ||
      !get_array(env, a[9], "gemm", "C", napi_float64_array, mul(m, n), (void **)&C))
    return NULL;
  if (m == 0 || n == 0) return NULL;
  if (k == 0 || alpha == 0) { scale_c(mul(m, n), beta, C); return NULL; }
  cblas_dgemm(CblasRowMajor, tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans, m, n, k, alpha, A,
              imax1(tA ? m : k), B, imax1(tB ? k : n), beta, C, n);
  return NULL;
}

static napi_value k_syrk(napi_env env, napi_callback_info info) {
  napi_value a[7];
  bool trans;
  int n, k;
  double alpha, beta;
  double *A, *C;
  if (!ls_args(env, info, "syrk", 7, a) || !ls_bool(env, a[0], "syrk", "trans", &trans) ||
      !ls_int(env, a[1], "syrk", "n", &n) || !ls_int(env, a[2], "syrk", "k", &k) ||
      !get_double(env, a[3], "syrk", "alpha", &alpha) ||
      !get_array(env, a[4], "syrk", "A", napi_float64_array, mul(n, k), (void **)&A) ||
      !get_double(env, a[5], "syrk", "beta", &beta) ||
      !get_array(env, a[6], "syrk", "C", napi_float64_array, mul(n, n), (void **)&C))
    return NULL;
  if (n == 0) return NULL;
  if (k == 0 || alpha == 0) scale_c(mul(n, n), beta, C);
  else cblas_dsyrk(CblasRowMajor, CblasLower, trans ? CblasTrans : CblasNoTrans, n, k, alpha, A,
                   imax1(trans ? n : k), beta, C, n);
  /* BLAS writes one triangle; the contract is a full symmetric C, so mirror lower → upper. */
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) C[(size_t)i * n + j] = C[(size_t)j * n + i];
  return NULL;
}

/* ---------- LAPACK ---------- */

static napi_value k_syevd(napi_env env, napi_callback_info info) {
  napi_value a[3];
  int n;
  double *A, *w;
  if (!ls_args(env, info, "syevd", 3, a) || !ls_int(env, a[0], "syevd", "n", &n) ||
      !get_array(env, a[1], "syevd", "A", napi_float64_array, mul(n, n), (void **)&A) ||
      !get_array(env, a[2], "syevd", "w", napi_float64_array, n, (void **)&w))
    return NULL;
  if (n == 0) return ret_int(env, 0);
  /* Row-major lower triangle = column-major upper triangle of the same buffer. */
  int info_ = LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'V', 'U', n, A, n, w);
  if (info_ == 0) transpose_square(n, A); /* column-major V → row-major V */
  return ret_int(env, info_);
}

static napi_value k_gesdd(napi_env env, napi_callback_info info) {
  napi_value a[7];
  char job[4] = {0};
  size_t jl = 0;
  int m, n;
  double *A, *s, *U = NULL, *VT = NULL, dummy = 0;
  napi_valuetype t;
  if (!ls_args(env, info, "gesdd", 7, a)) return NULL;
  if (napi_typeof(env, a[0], &t) != napi_ok || t != napi_string ||
      napi_get_value_string_utf8(env, a[0], job, sizeof job, &jl) != napi_ok || jl != 1 ||
      (job[0] != 'A' && job[0] != 'S' && job[0] != 'N')) {
    ls_fail_type(env, "gesdd", "job", "one of 'A', 'S', 'N'");
    return NULL;
  }
  if (!ls_int(env, a[1], "gesdd", "m", &m) || !ls_int(env, a[2], "gesdd", "n", &n)) return NULL;
  int p = m < n ? m : n;
  size_t needU = job[0] == 'A' ? mul(m, m) : job[0] == 'S' ? mul(m, p) : 0;
  size_t needVT = job[0] == 'A' ? mul(n, n) : job[0] == 'S' ? mul(p, n) : 0;
  if (!get_array(env, a[3], "gesdd", "A", napi_float64_array, mul(m, n), (void **)&A) ||
      !get_array(env, a[4], "gesdd", "s", napi_float64_array, p, (void **)&s) ||
      !get_array(env, a[5], "gesdd", "U", napi_float64_array, needU, (void **)&U) ||
      !get_array(env, a[6], "gesdd", "VT", napi_float64_array, needVT, (void **)&VT))
    return NULL;
  if (p == 0) {
    /* Nothing to decompose; for job 'A' the orthogonal factors are the identity. */
    if (job[0] == 'A') { set_identity(m, U); set_identity(n, VT); }
    return ret_int(env, 0);
  }
  /*
   * The buffer A (row-major m×n) is column-major Aᵀ (n×m) = V·Σ·Uᵀ. So LAPACK's column-major "U" of Aᵀ (n×·)
   * read row-major is our VT, and its column-major "VT" (·×m) read row-major is our U: no copies.
   */
  double *u = job[0] == 'N' ? &dummy : VT, *vt = job[0] == 'N' ? &dummy : U;
  int ldu = job[0] == 'N' ? 1 : n, ldvt = job[0] == 'A' ? m : job[0] == 'S' ? p : 1;
  int info_ = LAPACKE_dgesdd(LAPACK_COL_MAJOR, job[0], n, m, A, n, s, u, ldu, vt, ldvt);
  return ret_int(env, info_);
}

/* Cholesky of the row-major lower triangle (= column-major upper), then zero the strict upper triangle. */
static int potrf_rowmajor_lower(int n, double *A) {
  int info_ = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'U', n, A, n);
  if (info_ == 0)
    for (int i = 0; i < n; i++) memset(A + (size_t)i * n + i + 1, 0, (size_t)(n - i - 1) * sizeof(double));
  return info_;
}

static napi_value k_potrf(napi_env env, napi_callback_info info) {
  napi_value a[2];
  int n;
  double *A;
  if (!ls_args(env, info, "potrf", 2, a) || !ls_int(env, a[0], "potrf", "n", &n) ||
      !get_array(env, a[1], "potrf", "A", napi_float64_array, mul(n, n), (void **)&A))
    return NULL;
  if (n == 0) return ret_int(env, 0);
  return ret_int(env, potrf_rowmajor_lower(n, A));
}

static napi_value k_posv(napi_env env, napi_callback_info info) {
  napi_value a[4];
  int n, nrhs;
  double *A, *B;
  if (!ls_args(env, info, "posv", 4, a) || !ls_int(env, a[0], "posv", "n", &n) ||
      !ls_int(env, a[1], "posv", "nrhs", &nrhs) ||
      !get_array(env, a[2], "posv", "A", napi_float64_array, mul(n, n), (void **)&A) ||
      !get_array(env, a[3], "posv", "B", napi_float64_array, mul(n, nrhs), (void **)&B))
    return NULL;
  if (n == 0) return ret_int(env, 0);
  int info_ = potrf_rowmajor_lower(n, A);
  if (info_ != 0 || nrhs == 0) return ret_int(env, info_);
  /* A = L·Lᵀ: solve L·Y = B, then Lᵀ·X = Y, both row-major in place on B. */
  cblas_dtrsm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, n, nrhs, 1.0, A, n, B, nrhs);
  cblas_dtrsm(CblasRowMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit, n, nrhs, 1.0, A, n, B, nrhs);
  return ret_int(env, 0);
}

/* Inverse from the Cholesky factor: the row-major lower L of potrf is the column-major upper U = Lᵀ with A = UᵀU, so
 * dpotri('U') leaves A⁻¹'s column-major upper (= row-major lower) triangle; the strict upper is then mirrored from it
 * in 32×32 tiles (a full symmetric result, like syrk). */
static napi_value k_potri(napi_env env, napi_callback_info info) {
  napi_value a[2];
  int n;
  double *A;
  if (!ls_args(env, info, "potri", 2, a) || !ls_int(env, a[0], "potri", "n", &n) ||
      !get_array(env, a[1], "potri", "A", napi_float64_array, mul(n, n), (void **)&A))
    return NULL;
  if (n == 0) return ret_int(env, 0);
  int info_ = LAPACKE_dpotri_work(LAPACK_COL_MAJOR, 'U', n, A, n); /* _work: no NaN scan; L comes from potrf */
  if (info_ != 0) return ret_int(env, info_);
  const int T = 32;
  for (int i0 = 0; i0 < n; i0 += T)
    for (int j0 = i0; j0 < n; j0 += T)
      for (int i = i0; i < i0 + T && i < n; i++)
        for (int j = j0 > i + 1 ? j0 : i + 1; j < j0 + T && j < n; j++) A[(size_t)i * n + j] = A[(size_t)j * n + i];
  return ret_int(env, 0);
}

static napi_value k_getrf(napi_env env, napi_callback_info info) {
  napi_value a[3];
  int n;
  double *A;
  int32_t *ipiv;
  if (!ls_args(env, info, "getrf", 3, a) || !ls_int(env, a[0], "getrf", "n", &n) ||
      !get_array(env, a[1], "getrf", "A", napi_float64_array, mul(n, n), (void **)&A) ||
      !get_array(env, a[2], "getrf", "ipiv", napi_int32_array, n, (void **)&ipiv))
    return NULL;
  if (n == 0) return ret_int(env, 0);
  int info_ = LAPACKE_dgetrf(LAPACK_ROW_MAJOR, n, n, A, n, ipiv);
  if (info_ >= 0)
    for (int i = 0; i < n; i++) ipiv[i] -= 1; /* LAPACK's pivots are 1-based; the contract is 0-based */
  return ret_int(env, info_);
}

static napi_value k_gesv(napi_env env, napi_callback_info info) {
  napi_value a[4];
  int n, nrhs;
  double *A, *B;
  if (!ls_args(env, info, "gesv", 4, a) || !ls_int(env, a[0], "gesv", "n", &n) ||
      !ls_int(env, a[1], "gesv", "nrhs", &nrhs) ||
      !get_array(env, a[2], "gesv", "A", napi_float64_array, mul(n, n), (void **)&A) ||
      !get_array(env, a[3], "gesv", "B", napi_float64_array, mul(n, nrhs), (void **)&B))
    return NULL;
  if (n == 0) return ret_int(env, 0);
  lapack_int *ipiv = (lapack_int *)malloc((size_t)n * sizeof(lapack_int));
  if (!ipiv) { napi_throw_error(env, NULL, "gesv: out of memory for the pivot array"); return NULL; }
  int info_;
  if (nrhs == 0) info_ = LAPACKE_dgetrf(LAPACK_ROW_MAJOR, n, n, A, n, ipiv);
  else info_ = LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, nrhs, A, n, ipiv, B, nrhs);
  free(ipiv);
  return ret_int(env, info_);
}

/* ---------- threads and build info ---------- */

static napi_value k_set_threads(napi_env env, napi_callback_info info) {
  napi_value a[1];
  int k;
  if (!ls_args(env, info, "setThreads", 1, a) || !ls_int(env, a[0], "setThreads", "k", &k)) return NULL;
  if (k < 1) {
    napi_throw_range_error(env, NULL, "setThreads: argument k is 0; accepted: an integer >= 1");
    return NULL;
  }
  openblas_set_num_threads(k);
  return NULL;
}

static napi_value k_get_threads(napi_env env, napi_callback_info info) {
  (void)info;
  return ret_int(env, openblas_get_num_threads());
}

static napi_value k_info(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value o, v;
  napi_create_object(env, &o);
  const char *core = openblas_get_corename(), *config = openblas_get_config();
  napi_create_string_utf8(env, core ? core : "", NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, o, "corename", v);
  napi_create_string_utf8(env, config ? config : "", NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, o, "config", v);
  napi_create_int32(env, openblas_get_num_threads(), &v);
  napi_set_named_property(env, o, "threads", v);
  return o;
}

void learnscope_register_multivec(napi_env env, napi_value exports); /* native/multivec.c */

#define METHOD(name, fn) { name, NULL, fn, NULL, NULL, NULL, napi_enumerable, NULL }

void learnscope_register_adam(napi_env env, napi_value exports); /* native/adam.c */
void learnscope_register_diag_quadratic(napi_env env, napi_value exports); /* native/diag_quadratic.c */
void learnscope_register_all_finite(napi_env env, napi_value exports); /* native/all_finite.c */
void learnscope_register_malloc_tune(napi_env env, napi_value exports); /* native/malloc_tune.c */

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      METHOD("gemm", k_gemm),   METHOD("syrk", k_syrk),   METHOD("axpy", k_axpy),
      METHOD("scal", k_scal),   METHOD("dot", k_dot),     METHOD("syevd", k_syevd),
      METHOD("gesdd", k_gesdd), METHOD("potrf", k_potrf), METHOD("posv", k_posv),
      METHOD("potri", k_potri),
      METHOD("getrf", k_getrf), METHOD("gesv", k_gesv),   METHOD("setThreads", k_set_threads),
      METHOD("getThreads", k_get_threads), METHOD("info", k_info),
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  learnscope_register_adam(env, exports);
  learnscope_register_diag_quadratic(env, exports);
  learnscope_register_all_finite(env, exports);
  learnscope_register_multivec(env, exports);
  learnscope_register_malloc_tune(env, exports);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
