{
  "targets": [
    {
      "target_name": "learnscope_native",
      "sources": ["native/learnscope_native.c", "native/multivec.c"],
      "libraries": ["-lopenblas", "-llapacke", "-lpthread"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
