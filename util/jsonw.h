/* A small streaming JSON writer to a FILE*: no tree, nesting tracked inside. */
#ifndef NARVIK_JSONW_H
#define NARVIK_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Usage: w = jsonw_new(out, pretty); jsonw_object_begin(w); jsonw_key(w, "a");
 * jsonw_int(w, 1); jsonw_object_end(w); rc = jsonw_free(w);
 *
 * The writer keeps its own 64 KiB buffer and hands it to out with fwrite, so
 * a large document costs few stdio calls; jsonw_free (or jsonw_flush) pushes
 * the rest out. Commas, colons and (when pretty) newlines with two-space
 * indentation are written by the writer. Nesting is capped at JSONW_DEPTH.
 *
 * Misuse (a value where a key is due, a key in an array, an end that does
 * not match, a second top-level value, nesting past the cap) writes nothing
 * for that call and makes jsonw_error() true; so does a failed fwrite.
 *
 * Strings: ", \ and control characters are escaped (\n, \t, ... and
 * \u00XX for the rest of C0 and for DEL); valid UTF-8 is kept as is; each
 * byte of invalid UTF-8 (bad lead or continuation, overlong, surrogate,
 * past U+10FFFF, truncated) becomes U+FFFD.
 *
 * Numbers: NaN and ±Inf are written as null. Numbers never depend on the
 * locale (a ',' decimal point is written as '.').
 */

#define JSONW_DEPTH 32

typedef struct JsonW JsonW;

JsonW *jsonw_new(FILE *out, bool pretty);   /* NULL on out of memory */
/* Flush, free, and return 0 when the document was complete and every write
 * succeeded, -1 otherwise. w may be NULL (returns -1). */
int jsonw_free(JsonW *w);
int jsonw_flush(JsonW *w);                  /* 0 or -1 on I/O error */
bool jsonw_error(const JsonW *w);
int jsonw_depth(const JsonW *w);            /* open objects and arrays */

void jsonw_object_begin(JsonW *w);
void jsonw_object_end(JsonW *w);
void jsonw_array_begin(JsonW *w);
void jsonw_array_end(JsonW *w);
void jsonw_key(JsonW *w, const char *key);

void jsonw_string(JsonW *w, const char *s);           /* NULL writes null */
void jsonw_string_n(JsonW *w, const char *s, size_t len);
void jsonw_number(JsonW *w, double x);                /* %.15g; integral values exactly */
void jsonw_float(JsonW *w, float x);                  /* %.7g: a float's own digits */
void jsonw_int(JsonW *w, int64_t x);
void jsonw_uint(JsonW *w, uint64_t x);
void jsonw_bool(JsonW *w, bool b);
void jsonw_null(JsonW *w);

/* key + value in one call */
void jsonw_kv_string(JsonW *w, const char *key, const char *s);
void jsonw_kv_number(JsonW *w, const char *key, double x);
void jsonw_kv_float(JsonW *w, const char *key, float x);
void jsonw_kv_int(JsonW *w, const char *key, int64_t x);
void jsonw_kv_bool(JsonW *w, const char *key, bool b);
void jsonw_kv_null(JsonW *w, const char *key);

#endif
