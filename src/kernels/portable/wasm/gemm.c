/*
 * learnscope portable backend: float64 GEMM for WebAssembly SIMD128 (f64x2), no libc.
 * C <- alpha * op(A) * op(B) + beta * C on row-major operands with leading dimensions, in the GotoBLAS/BLIS
 * layout: op(B) is packed into NR-column panels of KC rows, op(A) into MR-row panels of an MC x KC block, and an
 * MR x NR micro-tile of f64x2 accumulators runs over them. All four transpose cases are handled by the packing.
 * The tile is 4x4 (8 accumulators), not the 4x8 of reference/numeric-engines.md 5.5: V8 allocates only 15 xmm
 * registers, 4x8 needs 21 and spills (measured here: 7.9 vs 10.9 GFLOP/s in-cache). -DMR=/-DNR= override it.
 * Packing is size-optimised and nothing is inlined, which keeps the module under 4 KB: browsers (Chrome) refuse a
 * synchronous `new WebAssembly.Module` above that size on the main thread; measured no slower than the -O3 inline.
 * KC = 512 halves the C-tile updates per flop against 256 (measured ~5% at n = 1024); the packed B block is 4 MB.
 * Build: node scripts/build-wasm.mjs (clang-16 --target=wasm32 -msimd128). Memory is owned by the JS side: it
 * passes byte offsets of the operands and of a workspace of dgemm_work_doubles() doubles.
 */
#include <wasm_simd128.h>

#ifndef MR
#define MR 4
#endif
#ifndef NR
#define NR 4
#endif
#ifndef KC
#define KC 512
#endif
#ifndef MC
#define MC 64
#endif
#define NC 1024

int dgemm_work_doubles(void) { return MC * KC + KC * NC + MR * NR; }

/* Packs op(A)[i0:i0+mc, p0:p0+kc] as ceil(mc/MR) panels, each kc steps of MR values (zero padded). */
__attribute__((noinline, minsize)) static void pack_a(int trans, const double *A, int lda, int i0, int p0, int mc, int kc, double *Ap) {
  for (int ir = 0; ir < mc; ir += MR) {
    int mr = mc - ir < MR ? mc - ir : MR;
    double *dst = Ap + ir * kc;
    if (!trans) {
      const double *a = A + (i0 + ir) * lda + p0;
      if (mr == MR) {
        for (int p = 0; p < kc; p++)
          for (int r = 0; r < MR; r++) dst[p * MR + r] = a[r * lda + p];
      } else {
        for (int p = 0; p < kc; p++)
          for (int r = 0; r < MR; r++) dst[p * MR + r] = r < mr ? a[r * lda + p] : 0.0;
      }
    } else {
      /* op(A)(i, p) = A[p * lda + i]: each step reads MR contiguous values. */
      const double *a = A + p0 * lda + i0 + ir;
      for (int p = 0; p < kc; p++)
        for (int r = 0; r < MR; r++) dst[p * MR + r] = r < mr ? a[p * lda + r] : 0.0;
    }
  }
}

/* Packs op(B)[p0:p0+kc, j0:j0+nc] as ceil(nc/NR) panels, each kc steps of NR values (zero padded). */
__attribute__((noinline, minsize)) static void pack_b(int trans, const double *B, int ldb, int p0, int j0, int kc, int nc, double *Bp) {
  for (int jr = 0; jr < nc; jr += NR) {
    int nr = nc - jr < NR ? nc - jr : NR;
    double *dst = Bp + jr * kc;
    if (!trans) {
      const double *b = B + p0 * ldb + j0 + jr;
      if (nr == NR) {
        for (int p = 0; p < kc; p++)
          for (int c = 0; c < NR; c += 2) wasm_v128_store(dst + p * NR + c, wasm_v128_load(b + p * ldb + c));
      } else {
        for (int p = 0; p < kc; p++)
          for (int c = 0; c < NR; c++) dst[p * NR + c] = c < nr ? b[p * ldb + c] : 0.0;
      }
    } else {
      /* op(B)(p, j) = B[j * ldb + p]: column c of the panel is a contiguous run of B's row j0+jr+c. */
      const double *b = B + (j0 + jr) * ldb + p0;
      for (int c = 0; c < NR; c++) {
        if (c < nr) for (int p = 0; p < kc; p++) dst[p * NR + c] = b[c * ldb + p];
        else for (int p = 0; p < kc; p++) dst[p * NR + c] = 0.0;
      }
    }
  }
}

/* acc(MR x NR) = Ap-panel * Bp-panel over kc steps; C[0:mr, 0:nr] += alpha * acc. The fixed-size loops are
   fully unrolled by clang, so the MR*NR/2 accumulators live in registers. */
__attribute__((noinline)) static void micro(int kc, const double *ap, const double *bp, double alpha, double *C, int ldc, int mr, int nr,
                                            double *t) {
  v128_t acc[MR][NR / 2];
  for (int r = 0; r < MR; r++)
    for (int c = 0; c < NR / 2; c++) acc[r][c] = wasm_f64x2_splat(0.0);
  for (int p = 0; p < kc; p++) {
    const double *b = bp + p * NR, *a = ap + p * MR;
    v128_t bv[NR / 2];
    for (int c = 0; c < NR / 2; c++) bv[c] = wasm_v128_load(b + 2 * c);
    for (int r = 0; r < MR; r++) {
      v128_t x = wasm_v128_load64_splat(a + r);
      for (int c = 0; c < NR / 2; c++) acc[r][c] = wasm_f64x2_add(acc[r][c], wasm_f64x2_mul(x, bv[c]));
    }
  }
  v128_t al = wasm_f64x2_splat(alpha);
  if (mr == MR && nr == NR) {
    for (int r = 0; r < MR; r++) {
      double *c = C + r * ldc;
      for (int q = 0; q < NR / 2; q++)
        wasm_v128_store(c + 2 * q, wasm_f64x2_add(wasm_v128_load(c + 2 * q), wasm_f64x2_mul(al, acc[r][q])));
    }
    return;
  }
  /* Edge tile: spill the accumulators to t (MR*NR doubles of the caller's workspace, not the C stack: the
     shared-memory build runs one instance per thread over one memory, and the instances' stacks would overlap)
     and add only the valid part. */
  for (int r = 0; r < MR; r++)
    for (int q = 0; q < NR / 2; q++) wasm_v128_store(t + r * NR + 2 * q, acc[r][q]);
  for (int r = 0; r < mr; r++)
    for (int c = 0; c < nr; c++) C[r * ldc + c] += alpha * t[r * NR + c];
}

/* C[m x n] <- alpha * op(A) * op(B) + beta * C; beta == 0 means C is not read. work: dgemm_work_doubles() doubles. */
void dgemm(int transA, int transB, int m, int n, int k, double alpha, const double *A, int lda,
           const double *B, int ldb, double beta, double *C, int ldc, double *work) {
  if (m <= 0 || n <= 0) return;
  if (beta != 1.0) {
    for (int i = 0; i < m; i++) {
      double *c = C + i * ldc;
      if (beta == 0.0) for (int j = 0; j < n; j++) c[j] = 0.0;
      else for (int j = 0; j < n; j++) c[j] *= beta;
    }
  }
  if (k <= 0 || alpha == 0.0) return;
  double *Ap = work, *Bp = work + MC * KC, *spill = Bp + KC * NC;
  for (int jc = 0; jc < n; jc += NC) {
    int nc = n - jc < NC ? n - jc : NC;
    for (int pc = 0; pc < k; pc += KC) {
      int kc = k - pc < KC ? k - pc : KC;
      pack_b(transB, B, ldb, pc, jc, kc, nc, Bp);
      for (int ic = 0; ic < m; ic += MC) {
        int mc = m - ic < MC ? m - ic : MC;
        pack_a(transA, A, lda, ic, pc, mc, kc, Ap);
        for (int jr = 0; jr < nc; jr += NR) {
          int nr = nc - jr < NR ? nc - jr : NR;
          for (int ir = 0; ir < mc; ir += MR) {
            int mr = mc - ir < MR ? mc - ir : MR;
            micro(kc, Ap + ir * kc, Bp + jr * kc, alpha, C + (ic + ir) * ldc + jc + jr, ldc, mr, nr, spill);
          }
        }
      }
    }
  }
}
