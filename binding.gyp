{
  "targets": [
    {
      "target_name": "learnscope_native",
      "sources": ["native/learnscope_native.c", "native/adam.c", "native/diag_quadratic.c", "native/all_finite.c", "native/multivec.c", "native/malloc_tune.c"],
      "libraries": ["-lopenblas", "-llapacke", "-lpthread"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter", "-fno-math-errno", "-ffp-contract=off"]
    }
  ]
}
