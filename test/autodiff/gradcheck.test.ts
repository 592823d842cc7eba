// Every registered op's gradient against central finite differences (property test over random shapes and values),
// its recorded backward (create-graph) against finite differences of gradients, and the transforms
// (hvp vs an analytic Hessian, jvp vs vjp and finite differences, an MLP loss gradient).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../src/tensor/index.ts';
import { Tensor } from '../../src/tensor/index.ts';
import * as A from '../../src/autodiff/index.ts';
import type { Var } from '../../src/autodiff/index.ts';
import { createRng } from '../../src/random/index.ts';
import type { Rng } from '../../src/random/index.ts';
import { ShapeError } from '../../src/errors.ts';

const H = 1e-6;
const TOL = 1e-6;

function relErr(a: Float64Array, b: Float64Array): number {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { d += (a[i]! - b[i]!) ** 2; na += a[i]! ** 2; nb += b[i]! ** 2; }
  const s = Math.sqrt(Math.max(na, nb));
  return s < 1e-12 ? Math.sqrt(d) : Math.sqrt(d) / s;
}

/** Central differences of a scalar function of several tensors, one entry at a time. */
function numGrad(f: (xs: Tensor[]) => number, xs: Tensor[]): Float64Array[] {
  return xs.map((x) => {
    const g = new Float64Array(x.size);
    for (let i = 0; i < x.size; i++) {
      const old = x.data[i]!;
      x.data[i] = old + H; const fp = f(xs);
      x.data[i] = old - H; const fm = f(xs);
      x.data[i] = old;
      g[i] = (fp - fm) / (2 * H);
    }
    return g;
  });
}

const shapeOf = (rng: Rng, rank: number, max = 4) => Array.from({ length: rank }, () => 1 + rng.int(max));
const normal = (rng: Rng, s: number[]) => T.randn(s, rng);
const positive = (rng: Rng, s: number[]) => T.rand(s, rng, 0.5, 2);
/** Entries bounded away from 0 (relu/abs kinks) by more than the difference step. */
const awayFromZero = (rng: Rng, s: number[]) => T.fromData(T.rand(s, rng, 0.1, 2).data.map((v) => (rng.uniform() < 0.5 ? -v : v)), s);
const partner = (rng: Rng, s: number[]) => s.slice(rng.int(s.length + 1)).map((d) => (rng.uniform() < 0.4 ? 1 : d));

interface Case { inputs: Tensor[]; f: (xs: Var[]) => Var }
type Spec = (rng: Rng) => Case;

const unary = (f: (x: Var) => Var, gen = normal): Spec => (rng) => ({ inputs: [gen(rng, shapeOf(rng, rng.int(4)))], f: ([x]) => f(x!) });
const binary = (f: (a: Var, b: Var) => Var, gen = normal, genB = gen): Spec => (rng) => {
  let sa = shapeOf(rng, 1 + rng.int(3)), sb = partner(rng, sa);
  if (rng.uniform() < 0.5) [sa, sb] = [sb, sa];
  return { inputs: [gen(rng, sa), genB(rng, sb)], f: ([a, b]) => f(a!, b!) };
};
const randomAxes = (rng: Rng, rank: number) => {
  const axes = Array.from({ length: rank }, (_, i) => i).filter(() => rng.uniform() < 0.5);
  return rng.uniform() < 0.2 ? undefined : axes;
};

const specs: Record<A.OpName, Spec> = {
  neg: unary(A.neg),
  scale: unary((x) => A.scale(x, -1.7)),
  exp: unary(A.exp),
  log: unary(A.log, positive),
  sqrt: unary(A.sqrt, positive),
  abs: unary(A.abs, awayFromZero),
  tanh: unary(A.tanh),
  sigmoid: unary(A.sigmoid),
  relu: unary(A.relu, awayFromZero),
  softplus: unary(A.softplus),
  add: binary(A.add),
  sub: binary(A.sub),
  mul: binary(A.mul),
  div: binary(A.div, normal, awayFromZero),
  pow: binary(A.pow, positive, normal),
  sum: (rng) => {
    const s = shapeOf(rng, 1 + rng.int(3)), axes = randomAxes(rng, s.length), keep = rng.uniform() < 0.5;
    return { inputs: [normal(rng, s)], f: ([x]) => A.sum(x!, axes, keep) };
  },
  mean: (rng) => {
    const s = shapeOf(rng, 1 + rng.int(3)), axes = randomAxes(rng, s.length), keep = rng.uniform() < 0.5;
    return { inputs: [normal(rng, s)], f: ([x]) => A.mean(x!, axes, keep) };
  },
  max: (rng) => {
    const s = shapeOf(rng, 1 + rng.int(3)), axis = rng.int(s.length) - (rng.uniform() < 0.3 ? s.length : 0);
    const keep = rng.uniform() < 0.5;
    return { inputs: [normal(rng, s)], f: ([x]) => A.max(x!, axis, keep) };
  },
  broadcastTo: (rng) => {
    const big = shapeOf(rng, 1 + rng.int(3));
    return { inputs: [normal(rng, partner(rng, big))], f: ([x]) => A.broadcastTo(x!, big) };
  },
  sumTo: (rng) => {
    const big = shapeOf(rng, 1 + rng.int(3)), small = partner(rng, big);
    return { inputs: [normal(rng, big)], f: ([x]) => A.sumTo(x!, small) };
  },
  reshape: (rng) => {
    const s = shapeOf(rng, 1 + rng.int(3));
    return { inputs: [normal(rng, s)], f: ([x]) => A.reshape(x!, [-1]) };
  },
  transpose: (rng) => {
    const s = shapeOf(rng, 1 + rng.int(4)), perm = Array.from(rng.permutation(s.length));
    return { inputs: [normal(rng, s)], f: ([x]) => A.transpose(x!, perm) };
  },
  slice: (rng) => {
    const s = shapeOf(rng, 1 + rng.int(3), 5);
    const r = s.map((d) => { const b = rng.int(d); return [b, b + 1 + rng.int(d - b)] as [number, number]; });
    return { inputs: [normal(rng, s)], f: ([x]) => A.slice(x!, r) };
  },
  unslice: (rng) => {
    const s = shapeOf(rng, 1 + rng.int(3), 5);
    const r = s.map((d) => { const b = rng.int(d); return [b, b + 1 + rng.int(d - b)] as [number, number]; });
    return { inputs: [normal(rng, r.map(([b, e]) => e - b))], f: ([x]) => A.unslice(x!, s, r) };
  },
  concat: (rng) => {
    const s = shapeOf(rng, 1 + rng.int(3)), ax = rng.int(s.length), k = 1 + rng.int(3);
    const inputs = Array.from({ length: k }, () => normal(rng, s.map((d, i) => (i === ax ? 1 + rng.int(3) : d))));
    return { inputs, f: (xs) => A.concat(xs, ax) };
  },
  gather: (rng) => {
    const s = shapeOf(rng, 1 + rng.int(3)), ax = rng.int(s.length);
    const idx = Int32Array.from({ length: 1 + rng.int(6) }, () => rng.int(s[ax]!));
    return { inputs: [normal(rng, s)], f: ([x]) => A.gather(x!, idx, ax) };
  },
  scatterAdd: (rng) => {
    const s = shapeOf(rng, 1 + rng.int(3)), ax = rng.int(s.length), size = 1 + rng.int(4);
    const idx = Int32Array.from({ length: s[ax]! }, () => rng.int(size));
    return { inputs: [normal(rng, s)], f: ([x]) => A.scatterAdd(x!, idx, size, ax) };
  },
  matmul: (rng) => {
    const m = 1 + rng.int(4), k = 1 + rng.int(4), n = 1 + rng.int(4), ta = rng.uniform() < 0.5, tb = rng.uniform() < 0.5;
    const batch = rng.uniform() < 0.5 ? [] : [1 + rng.int(3)];
    return {
      inputs: [normal(rng, [...batch, ...(ta ? [k, m] : [m, k])]), normal(rng, [...batch, ...(tb ? [n, k] : [k, n])])],
      f: ([a, b]) => A.matmul(a!, b!, ta, tb),
    };
  },
  logsumexp: (rng) => {
    const s = shapeOf(rng, 1 + rng.int(3)), axis = rng.int(s.length), keep = rng.uniform() < 0.5;
    return { inputs: [T.scale(normal(rng, s), 3)], f: ([x]) => A.logsumexp(x!, axis, keep) };
  },
  softmax: (rng) => {
    const s = shapeOf(rng, 1 + rng.int(3)), axis = rng.int(s.length);
    return { inputs: [T.scale(normal(rng, s), 3)], f: ([x]) => A.softmax(x!, axis) };
  },
  logSoftmax: (rng) => {
    const s = shapeOf(rng, 1 + rng.int(3)), axis = rng.int(s.length);
    return { inputs: [T.scale(normal(rng, s), 3)], f: ([x]) => A.logSoftmax(x!, axis) };
  },
  crossEntropy: (rng) => {
    const N = 1 + rng.int(5), C = 1 + rng.int(5);
    const labels = Int32Array.from({ length: N }, () => rng.int(C));
    return { inputs: [T.scale(normal(rng, [N, C]), 3)], f: ([z]) => A.crossEntropy(z!, labels) };
  },
  mse: (rng) => {
    const s = shapeOf(rng, 1 + rng.int(3));
    return { inputs: [normal(rng, s), normal(rng, s)], f: ([a, b]) => A.mse(a!, b!) };
  },
};

test('every registered op has a gradcheck spec', () => {
  assert.deepEqual(Object.keys(specs).sort(), [...A.opNames].sort());
});

const TRIALS = 8;
for (const name of A.opNames) {
  test(`gradcheck ${name}: gradient vs central differences, raw and recorded backward agree, Hessian–vector product vs differences of gradients`, () => {
    const rng = createRng(`gradcheck-${name}`);
    for (let t = 0; t < TRIALS; t++) {
      const c = specs[name](rng);
      // L = Σ w ⊙ op(x) with a fixed random w, so every output entry's gradient is exercised
      const w = T.randn(c.f(c.inputs.map(A.constant)).shape, rng);
      const L = (xs: Var[]) => A.sum(A.mul(c.f(xs), w));
      const Lnum = (xs: Tensor[]) => L(xs.map(A.constant)).item();
      const { grad } = A.valueAndGrad<Tensor[]>(L)(c.inputs);
      const num = numGrad(Lnum, c.inputs);
      grad.forEach((g, i) => {
        const e = relErr(g.data, num[i]!);
        assert.ok(e <= TOL, `${name} trial ${t} input ${i} ${T.shapeStr(g.shape)}: relative error ${e}`);
      });
      // the recorded (create-graph) backward gives the same first derivatives
      const vs = c.inputs.map(A.variable);
      A.backwardGraph(L(vs), vs).forEach((g, i) => {
        assert.ok(relErr(g ? g.data : new Float64Array(grad[i]!.size), grad[i]!.data) <= 1e-12, `${name}: recorded backward differs`);
      });
      // second order: H·v against differences of raw gradients along v
      const v = c.inputs.map((x) => T.randn(x.shape, rng));
      const hv = A.hvp<Tensor[]>(L, c.inputs, v);
      const gAt = (s: number) => A.grad<Tensor[]>(L)(c.inputs.map((x, i) => T.add(x, T.scale(v[i]!, s))));
      const gp = gAt(H), gm = gAt(-H);
      hv.forEach((h, i) => {
        const fd = T.scale(T.sub(gp[i]!, gm[i]!), 1 / (2 * H));
        const e = relErr(h.data, fd.data);
        assert.ok(e <= 1e-5 || Math.abs(e) < 1e-7, `${name} trial ${t} input ${i}: hvp relative error ${e}`);
      });
    }
  });
}

test('hvp equals the analytic Hessian of a quadratic form ½xᵀAx + bᵀx (H = (A + Aᵀ)/2)', () => {
  const rng = createRng('quadratic');
  const n = 6;
  const Am = T.randn([n, n], rng), b = T.randn([n, 1], rng);
  const f = (x: Var) => A.add(A.scale(A.sum(A.mul(x, A.matmul(Am, x))), 0.5), A.sum(A.mul(b, x)));
  const x = T.randn([n, 1], rng);
  const Hs = T.scale(T.add(Am, T.transpose(Am)), 0.5);
  for (let t = 0; t < 5; t++) {
    const v = T.randn([n, 1], rng);
    const hv = A.hvp(f, x, v);
    assert.ok(relErr(hv.data, T.matmul(Hs, v).data) < 1e-13);
  }
  // the gradient is (A + Aᵀ)x/2 + b
  assert.ok(relErr(A.grad(f)(x).data, T.add(T.matmul(Hs, x), b).data) < 1e-13);
});

test('jvp: ⟨u, J v⟩ = ⟨Jᵀu, v⟩ and J v matches central differences of f', () => {
  const rng = createRng('jvp');
  const W = T.randn([4, 3], rng);
  // a nonlinear map R^{3×2} → R^{4×2}
  const f = (x: Var) => A.add(A.mul(A.tanh(A.matmul(W, x)), A.sigmoid(A.matmul(W, A.exp(A.scale(x, 0.3))))), A.softmax(A.matmul(W, x), 0));
  for (let t = 0; t < 5; t++) {
    const x = T.randn([3, 2], rng), v = T.randn([3, 2], rng);
    const { value, jvp: jv } = A.jvp(f, x, v);
    const u = T.randn(value.shape, rng);
    const { vjp: jtu } = A.vjp(f, x, u);
    const dot = (a: Tensor, b: Tensor) => a.data.reduce((s, q, i) => s + q * b.data[i]!, 0);
    assert.ok(Math.abs(dot(u, jv) - dot(jtu, v)) < 1e-12 * Math.max(1, Math.abs(dot(u, jv))));
    const fd = T.scale(T.sub(f(A.constant(T.add(x, T.scale(v, H)))).value, f(A.constant(T.sub(x, T.scale(v, H)))).value), 1 / (2 * H));
    assert.ok(relErr(jv.data, fd.data) < 1e-6);
  }
  assert.throws(() => A.jvp(f, T.zeros([3, 2]), T.zeros([2, 3])), ShapeError);
});

test('MLP (tanh and relu layers, softmax cross-entropy) loss gradient vs central differences, array and record parameters', () => {
  const rng = createRng('mlp');
  const N = 6, sizes = [5, 7, 4, 3];
  const X = T.randn([N, sizes[0]!], rng);
  const y = Int32Array.from({ length: N }, () => rng.int(3));
  const params: Tensor[] = [];
  for (let l = 0; l < 3; l++) { params.push(T.randn([sizes[l]!, sizes[l + 1]!], rng, 0, 0.7)); params.push(T.randn([sizes[l + 1]!], rng, 0, 0.1)); }
  const loss = (p: Var[]) => {
    let h: Var = A.constant(X);
    for (let l = 0; l < 3; l++) {
      h = A.add(A.matmul(h, p[2 * l]!), p[2 * l + 1]!);
      if (l === 0) h = A.tanh(h); else if (l === 1) h = A.relu(h);
    }
    return A.crossEntropy(h, y);
  };
  const { value, grad } = A.valueAndGrad<Tensor[]>(loss)(params);
  assert.ok(Number.isFinite(value) && value > 0);
  const num = numGrad((xs) => loss(xs.map(A.constant)).item(), params);
  grad.forEach((g, i) => assert.ok(relErr(g.data, num[i]!) < TOL, `param ${i}: ${relErr(g.data, num[i]!)}`));
  // the same through record-shaped parameters; an unused parameter gets a zero gradient
  const rec = { W: params[0]!, b: params[1]!, unused: T.ones([2]) };
  const g2 = A.grad<typeof rec>((p) => A.sum(A.tanh(A.add(A.matmul(X, p.W), p.b))))(rec);
  assert.deepEqual(Object.keys(g2), ['W', 'b', 'unused']);
  assert.deepEqual(g2.unused.data, new Float64Array(2));
  const num2 = numGrad(([W, b]) => T.sum(T.tanh(T.add(T.matmul(X, W!), b!))).item(), [params[0]!, params[1]!]);
  assert.ok(relErr(g2.W.data, num2[0]!) < TOL && relErr(g2.b.data, num2[1]!) < TOL);
});

test('errors: a non-scalar loss and a mismatched seed are refused with ShapeError', () => {
  assert.throws(() => A.grad((x: Var) => A.exp(x))(T.ones([3])), ShapeError);
  assert.throws(() => A.vjp((x) => A.exp(x), T.ones([3]), T.ones([2])), ShapeError);
  assert.throws(() => A.grad((x: Var) => A.sum(A.add(x, T.ones([4]))))(T.ones([3])), ShapeError);
});

test('gradients accumulate over a variable used many times (fan-out), without aliasing', () => {
  const x = T.tensor([0.3, -1.2, 2]);
  // f = Σ x + Σ x·x + Σ reshape(x) — the add rule passes g through unchanged to several consumers
  const g = A.grad((v: Var) => A.add(A.add(A.sum(v), A.sum(A.mul(v, v))), A.sum(A.reshape(v, [3, 1]))))(x);
  assert.deepEqual(Array.from(g.data), Array.from(x.data).map((t) => 2 + 2 * t));
});

test('in-place reuse of owned gradients is safe on a graph with fan-out through relu, tanh, sigmoid and add', () => {
  const rng = createRng('fanout');
  const W = T.randn([4, 5], rng), w = T.randn([3, 5], rng);
  const f = ([x]: Var[]) => {
    const h = A.matmul(x!, W);
    const a = A.relu(h), b = A.tanh(h);
    const c = A.add(a, b);
    const d = A.sigmoid(A.add(c, h));
    const e = A.relu(A.add(A.matmul(x!, W), 0)); // a pass-through add feeding a relu
    return A.add(A.add(A.sum(A.mul(d, w)), A.sum(A.mul(a, a))), A.sum(A.mul(A.add(e, c), w)));
  };
  for (let t = 0; t < 5; t++) {
    const x = T.randn([3, 4], rng);
    const [g] = A.grad(f)([x]);
    const [num] = numGrad((xs) => f(xs.map(A.constant)).item(), [x]);
    assert.ok(relErr(g!.data, num!) < TOL, `relative error ${relErr(g!.data, num!)}`);
    const xv = A.variable(x);
    const [gg] = A.backwardGraph(f([xv]), [xv]);
    assert.ok(relErr(gg!.data, g!.data) < 1e-13);
  }
});

test('backward(): raw and create-graph modes with a seed give uᵀJ', () => {
  const x = A.variable(T.tensor([0.5, -1, 2]));
  const y = A.mul(A.exp(x), x); // dy_i/dx_i = e^x (1 + x)
  const u = T.tensor([1, 2, 3]);
  const [g] = A.backward(y, [x], { seed: u });
  const want = x.value.data.map((v, i) => u.data[i]! * Math.exp(v) * (1 + v));
  assert.ok(relErr(g!.data, want) < 1e-15);
  const [gv] = A.backward(y, [x], { seed: u, createGraph: true });
  assert.ok(gv!.requiresGrad && relErr(gv!.data, want) < 1e-15);
});
