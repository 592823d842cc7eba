{
  "targets": [
    {
      "target_name": "learnscope_native",
      "sources": ["native/learnscope_native.c", "native/malloc_tune.c"],
      "libraries": ["-lopenblas", "-llapacke"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
