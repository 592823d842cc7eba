/**
 * paper-lti: application (a) of arXiv 2409.16422 — a stable linear system θ̇ = Aθ is natural gradient descent for
 * a Lyapunov loss, with a state-dependent metric — through the reference protocols R-LTI-1/2/3 of
 * reference/geometry-paper-2409.16422.md §3.1. The expected numbers are the reference file's own (not the paper's,
 * which could not be read); each check states its tolerance.
 */
import { createRng } from '../random/index.ts';
import { eigh, solve, type Matrix } from '../linalg/index.ts';
import { angle, kappaMinSinCos, metricOpt, verifyMetric, windowedLoss } from '../geometry/index.ts';
import { arrow, ellipse, line, panels, plot, ruleX, ruleY, type Chart } from '../plot/index.ts';
import { checkClose, checkThat, type Check, type Experiment, type Report } from './types.ts';

export interface PaperLtiConfig {
  /** R-LTI-1 system matrix (row-major 2×2). */
  A: [number, number, number, number];
  /** Euler steps and step size along the R-LTI-1 trajectory from θ₀ = (1, 1). */
  steps: number;
  dt: number;
  /** Window of the Euclidean windowed loss. */
  T: number;
  /** Directions sampled for the max ψ / max κ_min scan. */
  directions: number;
  /** R-LTI-3: dimension and number of random states. */
  dim3: number;
  states3: number;
  seed: number;
}

type M2 = [number, number, number, number];

function mul2(a: M2, b: M2): M2 {
  return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3]];
}

/** e^{At} for a 2×2 A by scaling and squaring with a 24-term Taylor series (A is non-normal, so no eigh). */
export function expm2(A: M2, t: number): M2 {
  const nrm = Math.max(...A.map(Math.abs)) * 2 * Math.abs(t);
  const s = Math.max(0, Math.ceil(Math.log2(nrm / 0.5)));
  const h = t / 2 ** s;
  const X: M2 = [A[0] * h, A[1] * h, A[2] * h, A[3] * h];
  let term: M2 = [1, 0, 0, 1], sum: M2 = [1, 0, 0, 1];
  for (let k = 1; k <= 24; k++) {
    term = mul2(term, X).map((v) => v / k) as M2;
    sum = sum.map((v, i) => v + term[i]!) as M2;
  }
  for (let i = 0; i < s; i++) sum = mul2(sum, sum);
  return sum;
}

/** ‖E‖₂ of a 2×2 matrix (largest singular value). */
function norm2x2(E: M2): number {
  const a = E[0] * E[0] + E[2] * E[2], b = E[0] * E[1] + E[2] * E[3], d = E[1] * E[1] + E[3] * E[3];
  return Math.sqrt((a + d) / 2 + Math.hypot((a - d) / 2, b));
}

/** P with AᵀP + PA = −Q (continuous Lyapunov equation) for small D, through the Kronecker system. */
export function lyapunov(A: Matrix, Q: Matrix): Matrix {
  const n = A.rows, K = new Float64Array(n * n * n * n), rhs = new Float64Array(n * n);
  // (AᵀP + PA)_ij = Σ_k A_ki P_kj + P_ik A_kj
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const row = i * n + j;
    for (let k = 0; k < n; k++) {
      K[row * n * n + k * n + j] = K[row * n * n + k * n + j]! + A.data[k * n + i]!;
      K[row * n * n + i * n + k] = K[row * n * n + i * n + k]! + A.data[k * n + j]!;
    }
    rhs[row] = -Q.data[row]!;
  }
  const p = solve({ rows: n * n, cols: n * n, data: K }, rhs);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) { const s = (p[i * n + j]! + p[j * n + i]!) / 2; p[i * n + j] = s; p[j * n + i] = s; }
  return { rows: n, cols: n, data: p };
}

/** Golden-section maximiser of f on [a, b]. */
function goldenMax(f: (x: number) => number, a: number, b: number, iters = 100): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a), d = a + r * (b - a), fc = f(c), fd = f(d);
  for (let k = 0; k < iters; k++) {
    if (fc > fd) { b = d; d = c; fd = fc; c = b - r * (b - a); fc = f(c); } else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = f(d); }
  }
  return (a + b) / 2;
}

/** ψ and κ_min of the Lyapunov-loss pair y = −2Pθ, g = Aθ. */
function lyapunovPair(A: M2, P: Float64Array, th: [number, number]): { y: [number, number]; g: [number, number] } {
  const y: [number, number] = [-2 * (P[0]! * th[0] + P[1]! * th[1]), -2 * (P[2]! * th[0] + P[3]! * th[1])];
  const g: [number, number] = [A[0] * th[0] + A[1] * th[1], A[2] * th[0] + A[3] * th[1]];
  return { y, g };
}

function randomSpd(rng: ReturnType<typeof createRng>, n: number, shift: number): Matrix {
  const X = rng.fillNormal(new Float64Array(n * n)), S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0; for (let k = 0; k < n; k++) s += X[i * n + k]! * X[j * n + k]!;
    S[i * n + j] = s + (i === j ? shift : 0);
  }
  return { rows: n, cols: n, data: S };
}

export const paperLti: Experiment<PaperLtiConfig> = {
  id: 'paper-lti',
  summary: 'arXiv 2409.16422 application (a): a stable LTI system θ̇ = Aθ as NGD on a Lyapunov loss (R-LTI-1/2/3)',
  config: ({ quick, seed }) => ({ A: [-1, 10, 0, -2], steps: 5000, dt: 1e-3, T: 2.5, directions: quick ? 20_000 : 200_000,
    dim3: 5, states3: quick ? 50 : 500, seed }),
  run(cfg, ctx): Report {
    const A = cfg.A, checks: Check[] = [];
    const deg = (r: number) => r * 180 / Math.PI;

    // ---- R-LTI-1: transient growth of ½‖θ‖², windowed loss, Lyapunov loss
    ctx.progress('R-LTI-1: transient growth and windowed loss', 0.05);
    const sym = eigh({ rows: 2, cols: 2, data: Float64Array.of(A[0], (A[1] + A[2]) / 2, (A[1] + A[2]) / 2, A[3]) }).values;
    const y11 = -(1 * (A[0] + A[1]) + 1 * (A[2] + A[3])); // yᵀg at θ = (1, 1) for L = ½‖θ‖²: −θᵀAθ
    checks.push(checkClose('R-LTI-1: symmetric part of A, largest eigenvalue (−3+√101)/2', (-3 + Math.sqrt(101)) / 2, sym[1]!, 1e-12));
    checks.push(checkClose('R-LTI-1: yᵀg at θ = (1, 1) for L = ½‖θ‖² (not effective)', -7, y11, 1e-12));
    const normAt = (t: number) => norm2x2(expm2(A, t));
    const grid = Array.from({ length: 5001 }, (_, k) => k * 1e-3);
    const norms = grid.map(normAt);
    let kMax = 0; norms.forEach((v, k) => { if (v > norms[kMax]!) kMax = k; });
    const tPeak = goldenMax(normAt, grid[Math.max(0, kMax - 1)]!, grid[Math.min(grid.length - 1, kMax + 1)]!);
    const peak = normAt(tPeak);
    // last time the norm is ≥ 1 (it stays below 1 afterwards: the norm decays monotonically past the peak here)
    let lo = tPeak, hi = 10;
    for (let it = 0; it < 200; it++) { const m = (lo + hi) / 2; if (normAt(m) >= 1) lo = m; else hi = m; }
    const tStar = (lo + hi) / 2;
    checks.push(checkClose('R-LTI-1: max_t ‖e^{At}‖₂', 2.563, peak, 1e-3));
    checks.push(checkClose('R-LTI-1: argmax t', 0.663, tPeak, 1e-3));
    checks.push(checkClose('R-LTI-1: ‖e^{AT}‖₂ < 1 for T ≥ T*', 2.191, tStar, 1e-3));
    const E = expm2(A, cfg.T);
    const EtE = Float64Array.of(E[0] * E[0] + E[2] * E[2] - 1, E[0] * E[1] + E[2] * E[3], E[0] * E[1] + E[2] * E[3], E[1] * E[1] + E[3] * E[3] - 1).map((v) => v / cfg.T);
    const wEig = eigh({ rows: 2, cols: 2, data: EtE }).values;
    checks.push(checkClose(`R-LTI-1: (e^{AᵀT}e^{AT} − I)/T at T = ${cfg.T}, eigenvalue 1`, -0.400, wEig[0]!, 5e-4));
    checks.push(checkClose(`R-LTI-1: (e^{AᵀT}e^{AT} − I)/T at T = ${cfg.T}, eigenvalue 2`, -0.170, wEig[1]!, 5e-4));
    // the windowed Euclidean loss from src/geometry (RK4 + Simpson + adjoint): W_T from ∇L_T(e_i), and its identity
    const linear = {
      field: (x: Float64Array) => Float64Array.of(A[0] * x[0]! + A[1] * x[1]!, A[2] * x[0]! + A[3] * x[1]!),
      fieldVjp: (_x: Float64Array, v: Float64Array) => Float64Array.of(A[0] * v[0]! + A[2] * v[1]!, A[1] * v[0]! + A[3] * v[1]!),
      loss: (x: Float64Array) => (x[0]! ** 2 + x[1]! ** 2) / 2,
      grad: (x: Float64Array) => x.slice(),
    };
    const c0 = windowedLoss(linear, [1, 0], cfg.T, 2000).grad, c1 = windowedLoss(linear, [0, 1], cfg.T, 2000).grad;
    const W = [c0[0]!, c1[0]!, c0[1]!, c1[1]!];
    let identityGap = 0;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
      let s = 0; for (let k = 0; k < 2; k++) s += A[k * 2 + i]! * W[k * 2 + j]! + W[i * 2 + k]! * A[k * 2 + j]!;
      identityGap = Math.max(identityGap, Math.abs(s - EtE[i * 2 + j]!));
    }
    checks.push(checkClose('R-LTI-1: windowed loss identity Aᵀ W_T + W_T A = (e^{AᵀT}e^{AT} − I)/T (max entry error)', 0, identityGap, 1e-9));
    const wl = windowedLoss(linear, [1, 1], cfg.T, 2000);
    const gw = linear.field(Float64Array.of(1, 1)), yw = wl.grad.map((v) => -v);
    const aw = angle(yw, gw);
    checks.push(checkThat('R-LTI-1: at θ = (1, 1) the windowed loss L_T is effective (ψ < 90°) while ½‖θ‖² is not', 'true', String(aw.effective), aw.effective));

    // Lyapunov loss L = θᵀPθ with AᵀP + PA = −I
    const Pm = lyapunov({ rows: 2, cols: 2, data: Float64Array.from(A) }, { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) });
    const P = Pm.data;
    checks.push(checkClose('R-LTI-1: P₁₁ = 1/2', 0.5, P[0]!, 1e-12));
    checks.push(checkClose('R-LTI-1: P₁₂ = 5/3', 5 / 3, P[1]!, 1e-12));
    checks.push(checkClose('R-LTI-1: P₂₂ = 103/12', 103 / 12, P[3]!, 1e-12));
    const pEig = eigh(Pm).values;
    checks.push(checkClose('R-LTI-1: eigenvalue of P (small)', 0.16984, pEig[0]!, 1e-5));
    checks.push(checkClose('R-LTI-1: eigenvalue of P (large)', 8.91349, pEig[1]!, 1e-5));
    // ψ depends only on the direction of θ: scan, then refine
    ctx.progress('R-LTI-1: direction scan', 0.2);
    const psiAt = (phi: number) => { const p = lyapunovPair(A, P, [Math.cos(phi), Math.sin(phi)]); return angle(p.y, p.g).psi; };
    let best = 0, bestPhi = 0;
    for (let k = 0; k < cfg.directions; k++) { const phi = Math.PI * k / cfg.directions, v = psiAt(phi); if (v > best) { best = v; bestPhi = phi; } }
    const step = Math.PI / cfg.directions;
    const phiMax = goldenMax(psiAt, bestPhi - step, bestPhi + step);
    const psiMax = psiAt(phiMax);
    const kMaxDir = kappaMinSinCos(Math.sin(psiMax), Math.cos(psiMax));
    checks.push(checkClose('R-LTI-1: max over directions of ψ (degrees)', 89.68, deg(psiMax), 0.01));
    checks.push(checkClose('R-LTI-1: max over directions of κ_min / 10⁵', 1.28, kMaxDir / 1e5, 0.01));

    // the Euler trajectory from θ₀ = (1, 1)
    ctx.progress('R-LTI-1: trajectory', 0.4);
    const n = cfg.steps + 1;
    const th = new Float64Array(2 * n), psi = new Float64Array(n), kap = new Float64Array(n), lossLyap = new Float64Array(n), lossEuc = new Float64Array(n);
    const lamLo = new Float64Array(n), lamHi = new Float64Array(n);
    th[0] = 1; th[1] = 1;
    let eucIncreases = 0, allResiduals = 0;
    for (let k = 0; k < n; k++) {
      const x: [number, number] = [th[2 * k]!, th[2 * k + 1]!];
      const { y, g } = lyapunovPair(A, P, x);
      const M = metricOpt(y, g), a = M.angle;
      psi[k] = a.psiDeg; kap[k] = M.conditionNumber();
      const ev = M.eigenvalues(); lamLo[k] = ev[0]!.value; lamHi[k] = ev[ev.length - 1]!.value;
      const Mg = M.apply(g);
      allResiduals = Math.max(allResiduals, Math.hypot(Mg[0]! - y[0], Mg[1]! - y[1]) / Math.hypot(y[0], y[1]));
      lossLyap[k] = x[0] * (P[0]! * x[0] + P[1]! * x[1]) + x[1] * (P[2]! * x[0] + P[3]! * x[1]);
      lossEuc[k] = (x[0] ** 2 + x[1] ** 2) / 2;
      if (k > 0 && lossEuc[k]! > lossEuc[k - 1]!) eucIncreases++;
      if (k + 1 < n) { th[2 * k + 2] = x[0] + cfg.dt * (g[0]); th[2 * k + 3] = x[1] + cfg.dt * (g[1]); }
    }
    const range = (v: Float64Array) => [Math.min(...v), Math.max(...v)] as const;
    const [psiLo, psiHi] = range(psi), [kLo, kHi] = range(kap);
    checks.push(checkClose('R-LTI-1 trajectory: min ψ (degrees)', 0.04, psiLo, 0.01));
    checks.push(checkClose('R-LTI-1 trajectory: max ψ (degrees)', 89.41, psiHi, 0.01));
    checks.push(checkClose('R-LTI-1 trajectory: min κ_min', 1.0015, kLo, 1e-4));
    checks.push(checkClose('R-LTI-1 trajectory: max κ_min / 10⁴', 3.7, kHi / 1e4, 0.05));
    checks.push(checkClose('R-LTI-1 trajectory: max ‖M_opt g − y‖/‖y‖', 0, allResiduals, 1e-14));
    checks.push(checkThat('R-LTI-1 trajectory: the Lyapunov loss decreases at every step', 'true',
      String(lossLyap.every((v, k) => k === 0 || v < lossLyap[k - 1]!)), lossLyap.every((v, k) => k === 0 || v < lossLyap[k - 1]!)));
    checks.push(checkThat('R-LTI-1 trajectory: ½‖θ‖² grows transiently (non-normal A)', '> 0 increasing steps', String(eucIncreases), eucIncreases > 0));

    // ---- R-LTI-2: the stable spiral A = [[−a, −b], [b, −a]] with L = ½‖θ‖²
    ctx.progress('R-LTI-2', 0.6);
    const rng = createRng(cfg.seed);
    const spiral: Array<{ a: number; b: number; psi: number; kappa: number; alpha: number }> = [];
    for (const [a, b] of [[1, 1], [1, 2], [0.5, 3]] as const) {
      let psiErr = 0, kErr = 0, alErr = 0;
      const psiExp = Math.acos(a / Math.hypot(a, b)), kExp = (Math.hypot(a, b) + b) / (Math.hypot(a, b) - b);
      for (let s = 0; s < 16; s++) {
        const x = rng.fillNormal(new Float64Array(2));
        const y = [-x[0]!, -x[1]!], g = [-a * x[0]! - b * x[1]!, b * x[0]! - a * x[1]!];
        const M = metricOpt(y, g);
        psiErr = Math.max(psiErr, Math.abs(M.angle.psi - psiExp));
        kErr = Math.max(kErr, Math.abs(M.conditionNumber() / kExp - 1));
        alErr = Math.max(alErr, Math.abs(M.alpha - 1 / a));
      }
      spiral.push({ a, b, psi: deg(psiExp), kappa: kExp, alpha: 1 / a });
      if (a === 1 && b === 1) {
        checks.push(checkClose('R-LTI-2 (a = b = 1): ψ = 45° at every θ (max error, degrees)', 0, deg(psiErr), 1e-12));
        checks.push(checkClose('R-LTI-2 (a = b = 1): κ_min = 3 + 2√2 (max relative error)', 0, kErr, 1e-12));
      } else {
        checks.push(checkClose(`R-LTI-2 (a = ${a}, b = ${b}): cos ψ = a/√(a²+b²), κ_min = (√(a²+b²)+b)/(√(a²+b²)−b) (max rel. error)`, 0, Math.max(psiErr, kErr), 1e-12));
      }
      checks.push(checkClose(`R-LTI-2 (a = ${a}, b = ${b}): α* = 1/a (max error)`, 0, alErr, 1e-12));
    }

    // ---- R-LTI-3: A = −M₀⁻¹H recovers the known metric M₀ for L = ½θᵀHθ
    ctx.progress('R-LTI-3', 0.75);
    const D = cfg.dim3;
    const M0 = randomSpd(rng, D, 0.5), H = randomSpd(rng, D, 0.5);
    const M0inv = solve(M0, { rows: D, cols: D, data: Float64Array.from({ length: D * D }, (_, k) => (k % (D + 1) === 0 ? 1 : 0)) });
    const ev0 = eigh(M0).values, kappaM0 = ev0[D - 1]! / ev0[0]!;
    let allOk = true, maxKmin = 0, maxResid = 0;
    for (let s = 0; s < cfg.states3; s++) {
      const x = rng.fillNormal(new Float64Array(D));
      const Hx = new Float64Array(D);
      for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) Hx[i] = Hx[i]! + H.data[i * D + j]! * x[j]!;
      const y = Hx.map((v) => -v), g = new Float64Array(D);
      for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) g[i] = g[i]! - M0inv.data[i * D + j]! * Hx[j]!;
      const r = verifyMetric(M0, y, g);
      allOk &&= r.ok;
      maxKmin = Math.max(maxKmin, r.kappaMin);
      maxResid = Math.max(maxResid, r.residual);
    }
    checks.push(checkThat(`R-LTI-3: verifyMetric(M₀, y, g) passes at ${cfg.states3} random θ (D = ${D})`, 'true', String(allOk), allOk));
    checks.push(checkClose('R-LTI-3: max ‖M₀g − y‖/‖y‖', 0, maxResid, 1e-10));
    checks.push(checkThat('R-LTI-3: κ_min(ψ(θ)) ≤ κ(M₀) at every θ', `≤ ${kappaM0.toFixed(2)}`, maxKmin.toFixed(2), maxKmin <= kappaM0 * (1 + 1e-12)));

    // ---- figures
    ctx.progress('figures', 0.9);
    const t = Float64Array.from({ length: n }, (_, k) => k * cfg.dt);
    const figures = [
      { name: 'lti1-psi-kappa', caption: 'R-LTI-1 along the trajectory from (1, 1): ψ(t), κ_min(t) = κ(M_opt), the eigenvalues of M_opt, and the losses', svg: panels([
        plot({ width: 420, height: 300, title: 'ψ(t) for the Lyapunov loss', x: { label: 't' }, y: { label: 'ψ (degrees)' }, marks: [line({ x: t, y: psi }), ruleY(90, { dash: '4 3' })] }),
        plot({ width: 420, height: 300, title: 'κ_min(t) = κ(M_opt)', x: { label: 't' }, y: { label: 'κ', type: 'log' }, marks: [line({ x: t, y: kap })] }),
        plot({ width: 420, height: 300, title: 'eigenvalues of M_opt', x: { label: 't' }, y: { label: 'λ', type: 'log' }, legend: 'inside',
          marks: [line({ x: t, y: lamHi }, { label: 'α*(1 + sin ψ)' }), line({ x: t, y: lamLo }, { label: 'α*(1 − sin ψ)' })] }),
        plot({ width: 420, height: 300, title: 'loss', x: { label: 't' }, y: { label: 'loss', type: 'log' }, legend: 'inside',
          marks: [line({ x: t, y: lossLyap }, { label: 'Lyapunov θᵀPθ' }), line({ x: t, y: lossEuc }, { label: '½‖θ‖²' })] }),
      ], { columns: 2, title: 'R-LTI-1: A = [[−1, 10], [0, −2]]' }).svg },
      { name: 'lti1-transient', caption: `‖exp(At)‖₂: peak ${peak.toFixed(3)} at t = ${tPeak.toFixed(3)}, below 1 for t ≥ ${tStar.toFixed(3)} (the windowed loss is effective for T ≥ T*)`,
        svg: plot({ width: 560, height: 320, title: '‖exp(At)‖₂: transient growth of ½‖θ‖² under dθ/dt = Aθ', x: { label: 't' }, y: { label: '‖exp(At)‖₂' },
          marks: [line({ x: grid, y: norms }), ruleY(1, { dash: '4 3' }), ruleX(tStar, { dash: '2 2' })] }).svg },
      { name: 'lti1-ellipses', caption: 'Metric balls {Δ : ΔᵀM_optΔ < ε} (solid) beside the Euclidean ball (dashed) along the path, with the update g (arrow): g is steepest descent in the metric (the paper\'s Figure 1)',
        svg: ellipseFigure(th, n, A, P) },
    ];
    const results = {
      rLti1: { symmetricPartEigenvalues: Array.from(sym), ygAt11: y11, peakNorm: peak, tPeak, tStar, windowEigenvalues: Array.from(wEig), windowIdentityGap: identityGap,
        windowedPsiAt11: aw.psiDeg, P: Array.from(P), Peigenvalues: Array.from(pEig), maxPsiOverDirections: deg(psiMax), maxKappaMinOverDirections: kMaxDir,
        trajectory: { psiMin: psiLo, psiMax: psiHi, kappaMin: kLo, kappaMax: kHi, euclideanIncreases: eucIncreases } },
      rLti2: spiral,
      rLti3: { dim: D, kappaM0, maxKappaMin: maxKmin, maxResidual: maxResid, allVerified: allOk },
    };
    const summary = [
      'A stable but non-normal A = [[−1, 10], [0, −2]] is not gradient descent on ½‖θ‖² (that loss grows transiently, peak',
      `‖e^{At}‖ = ${peak.toFixed(3)}), yet it is natural gradient descent on the Lyapunov loss θᵀPθ (AᵀP + PA = −I) with the state-dependent`,
      `metric M_opt(θ): along the path from (1, 1) ψ ranges over [${psiLo.toFixed(2)}°, ${psiHi.toFixed(2)}°] and κ_min over [${kLo.toFixed(4)}, ${kHi.toExponential(2)}].`,
      `The stable spiral (R-LTI-2) has ψ = 45° and κ_min = 3 + 2√2 everywhere; R-LTI-3 recovers a known metric M₀ (κ_min ≤ κ(M₀) = ${kappaM0.toFixed(2)}, max κ_min ${maxKmin.toFixed(2)}).`,
      'Expected values are the reference protocols\' (reference/geometry-paper-2409.16422.md §3.1), not numbers printed in the paper.',
    ].join(' ');
    return { name: 'paper-lti', config: cfg, results, checks, figures, summary };
  },
};

/** The R-LTI-1 path with metric ellipses (major semi-axis 0.2‖θ‖) and the Euclidean ball of the same radius. */
function ellipseFigure(th: Float64Array, n: number, A: M2, P: Float64Array): string {
  const marks = [line({ x: Float64Array.from({ length: n }, (_, k) => th[2 * k]!), y: Float64Array.from({ length: n }, (_, k) => th[2 * k + 1]!) }, { stroke: '#888888', label: 'path' })];
  let xlo = Infinity, xhi = -Infinity, ylo = Infinity, yhi = -Infinity;
  // six balls at equal arc-length spacing (fixed step indices bunched them up where the path turns)
  const arc = new Float64Array(n);
  for (let k = 1; k < n; k++) arc[k] = arc[k - 1]! + Math.hypot(th[2 * k]! - th[2 * k - 2]!, th[2 * k + 1]! - th[2 * k - 1]!);
  const picks = [0, 1, 2, 3, 4, 5].map((i) => arc.findIndex((a) => a >= (i / 6) * arc[n - 1]!));
  for (const k of picks) {
    if (k < 0 || k >= n) continue;
    const c: [number, number] = [th[2 * k]!, th[2 * k + 1]!];
    const { y, g } = lyapunovPair(A, P, c);
    const M = metricOpt(y, g).dense();
    const ev = eigh({ rows: 2, cols: 2, data: M }).values;
    const r0 = 0.2 * Math.hypot(c[0], c[1]); // 0.25 made neighbouring balls overlap into a tangle
    marks.push(ellipse(c, [M[0]!, M[1]!, M[2]!, M[3]!], { eps: r0 * r0 * ev[0]!, stroke: '#1f77b4', ...(k === 0 ? { label: 'metric ball' } : {}) }));
    marks.push(ellipse(c, [1, 0, 0, 1], { eps: r0 * r0, stroke: '#999999', dash: '4 3', ...(k === 0 ? { label: 'Euclidean ball' } : {}) }));
    const gn = Math.hypot(g[0], g[1]);
    marks.push(arrow(c, [c[0] + r0 * g[0] / gn, c[1] + r0 * g[1] / gn], { stroke: '#d62728' }));
    xlo = Math.min(xlo, c[0] - r0); xhi = Math.max(xhi, c[0] + r0); ylo = Math.min(ylo, c[1] - r0); yhi = Math.max(yhi, c[1] + r0);
  }
  // the whole path (it ends at the origin) stays in view, not only the balls
  for (let k = 0; k < n; k++) {
    xlo = Math.min(xlo, th[2 * k]!); xhi = Math.max(xhi, th[2 * k]!); ylo = Math.min(ylo, th[2 * k + 1]!); yhi = Math.max(yhi, th[2 * k + 1]!);
  }
  // equal spans on both axes so circles stay circles
  const span = Math.max(xhi - xlo, yhi - ylo) * 1.1, cx = (xlo + xhi) / 2, cy = (ylo + yhi) / 2;
  const chart: Chart = plot({ width: 560, height: 560, title: 'R-LTI-1: metric balls along the path', legend: 'inside',
    x: { label: 'θ₁', domain: [cx - span / 2, cx + span / 2], nice: false }, y: { label: 'θ₂', domain: [cy - span / 2, cy + span / 2], nice: false }, marks });
  return chart.svg;
}
