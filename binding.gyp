{
  "targets": [
    {
      "target_name": "learnscope_native",
      "sources": ["native/learnscope_native.c", "native/adam.c", "native/diag_quadratic.c", "native/all_finite.c"],
      "libraries": ["-lopenblas", "-llapacke"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter", "-fno-math-errno", "-ffp-contract=off"]
    }
  ]
}
