// A user problem module for `problem: { module: "./my-problem.mjs" }`: the default export gives dim, loss and
// (optionally) grad and init. This one is a tilted double well in x plus a quadratic in y; minimum near (1.05, 0).
export default {
  dim: 2,
  loss(theta) {
    const [x, y] = theta;
    return (x * x - 1) ** 2 - 0.2 * x + 0.5 * y * y;
  },
  grad(theta) {
    const [x, y] = theta;
    return Float64Array.of(4 * x * (x * x - 1) - 0.2, y);
  },
  init() {
    return Float64Array.of(-1.5, 1);
  },
};
