/*
 * Argument helpers shared by the addon's C files (learnscope_native.c and the streaming kernels):
 * each throws a JS TypeError/RangeError naming the argument and returns false on a bad argument, so a bad call
 * from JS never reads or writes out of bounds. Static inline: every including file gets its own copy.
 */
#ifndef LEARNSCOPE_NAPI_ARGS_H
#define LEARNSCOPE_NAPI_ARGS_H
#include <node_api.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

static inline bool ls_fail_type(napi_env env, const char *op, const char *arg, const char *want) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s: argument %s must be %s", op, arg, want);
  napi_throw_type_error(env, NULL, msg);
  return false;
}

static inline bool ls_args(napi_env env, napi_callback_info info, const char *op, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return false;
  if (argc < want) {
    char msg[160];
    snprintf(msg, sizeof msg, "%s: expected %zu arguments, got %zu", op, want, argc);
    napi_throw_type_error(env, NULL, msg);
    return false;
  }
  return true;
}

/* An integer in [0, 2^31 - 1]. */
static inline bool ls_int(napi_env env, napi_value v, const char *op, const char *arg, int *out) {
  napi_valuetype t;
  double d;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_number) return ls_fail_type(env, op, arg, "a number");
  napi_get_value_double(env, v, &d);
  if (!(d >= 0 && d <= (double)INT_MAX) || d != (double)(int)d) {
    char msg[256];
    snprintf(msg, sizeof msg, "%s: argument %s is %g; accepted: an integer in [0, %d]", op, arg, d, INT_MAX);
    napi_throw_range_error(env, NULL, msg);
    return false;
  }
  *out = (int)d;
  return true;
}

static inline bool ls_bool(napi_env env, napi_value v, const char *op, const char *arg, bool *out) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_boolean) return ls_fail_type(env, op, arg, "a boolean");
  napi_get_value_bool(env, v, out);
  return true;
}

/* A Float64Array with at least `need` entries (zero-copy data pointer); with `nullable`, null gives NULL. */
static inline bool ls_f64(napi_env env, napi_value v, const char *op, const char *arg, size_t need, bool nullable,
                          double **out) {
  bool is_ta = false;
  napi_typedarray_type t;
  size_t len, off;
  void *data;
  napi_value ab;
  napi_valuetype vt;
  if (nullable && napi_typeof(env, v, &vt) == napi_ok && vt == napi_null) {
    *out = NULL;
    return true;
  }
  const char *want = nullable ? "a Float64Array or null" : "a Float64Array";
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return ls_fail_type(env, op, arg, want);
  if (napi_get_typedarray_info(env, v, &t, &len, &data, &ab, &off) != napi_ok || t != napi_float64_array)
    return ls_fail_type(env, op, arg, want);
  if (len < need) {
    char msg[256];
    snprintf(msg, sizeof msg, "%s: argument %s has %zu entries but at least %zu are needed", op, arg, len, need);
    napi_throw_range_error(env, NULL, msg);
    return false;
  }
  *out = (double *)data;
  return true;
}

#endif
