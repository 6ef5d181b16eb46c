/* Streaming, non-allocating parser of Prometheus HTTP API query responses. */
#ifndef NARVIK_PROMPARSE_H
#define NARVIK_PROMPARSE_H

#include <stddef.h>

/*
 * promparse_response() walks a /api/v1/query or /api/v1/query_range body
 * once, from buf[0] to buf[len-1] (buf need not be NUL-terminated), without
 * building a tree and without calling malloc. For every sample of every
 * series it calls fn with the labels of that series, the timestamp and the
 * value. Nothing outside *res and the stack frame is written.
 *
 * Shapes understood (keys in any order, unknown keys skipped):
 *   {"status":"success","data":{"resultType":"vector","result":[
 *       {"metric":{...},"value":[ts,"v"]}, ...]},"warnings":["..."]}
 *   resultType "matrix": {"metric":{...},"values":[[ts,"v"],...]}
 *   resultType "scalar": "result":[ts,"v"] (one sample, no labels)
 *   resultType "string": "result":[ts,"s"] (skipped, no samples)
 *   {"status":"error","errorType":"bad_data","error":"..."}
 * Native histograms ("histogram", "histograms") are skipped.
 *
 * Values are the API's strings: decimal numbers, "NaN", "+Inf", "-Inf"
 * ("Inf" too). Timestamps are JSON numbers, Unix seconds with a fraction.
 *
 * Bounds: nesting PROMPARSE_DEPTH_MAX; per series at most
 * PROMPARSE_LABELS_MAX labels in PROMPARSE_LABELS_BYTES; a label name is cut
 * to PROMPARSE_NAME_MAX-1 bytes and a value to PROMPARSE_VALUE_MAX-1 bytes
 * (at a UTF-8 boundary). Labels past the bounds are dropped and counted in
 * res->labels_cut, never an error: one odd series must not lose a response.
 */

#define PROMPARSE_DEPTH_MAX 32       /* nested arrays and objects */
#define PROMPARSE_LABELS_MAX 64      /* labels kept per series */
#define PROMPARSE_LABELS_BYTES 16384 /* names and values of one series, with NULs */
#define PROMPARSE_NAME_MAX 128       /* bytes incl. NUL for a label name */
#define PROMPARSE_VALUE_MAX 1024     /* bytes incl. NUL for a label value */
#define PROMPARSE_TEXT_MAX 256       /* bytes incl. NUL for messages below */

/* The labels of the series being parsed. Only valid during the callback;
 * copy what you keep. Strings are NUL-terminated and decoded (\" \\ \n
 * \uXXXX...) but NOT sanitized: they may hold control characters and any
 * UTF-8 the server sent (a \u0000 or a lone surrogate becomes U+FFFD).
 * The model (site_*) sanitizes what it stores. */
typedef struct PromLabels PromLabels;

/* Value of the label called name, or NULL when the series has none. */
const char *promparse_label(const PromLabels *l, const char *name);
/* Number of labels, and the i-th (0-based, in the order received). */
int promparse_label_count(const PromLabels *l);
const char *promparse_label_name(const PromLabels *l, int i);   /* NULL if out of range */
const char *promparse_label_value(const PromLabels *l, int i);  /* NULL if out of range */

/* Called once per sample. ts: Unix seconds. value: may be NaN or ±Inf.
 * Return 0 to go on; anything else stops the parse: promparse_response
 * then returns -1 with res->stopped set to that value. */
typedef int (*PromSampleFn)(void *ctx, const PromLabels *labels, double ts, double value);

typedef enum { PROM_STATUS_NONE = 0, PROM_STATUS_SUCCESS, PROM_STATUS_ERROR } PromStatus;
typedef enum {
	PROM_TYPE_NONE = 0, PROM_TYPE_VECTOR, PROM_TYPE_MATRIX, PROM_TYPE_SCALAR,
	PROM_TYPE_STRING, PROM_TYPE_OTHER
} PromResultType;

typedef struct {
	PromStatus status;             /* "status" of the response */
	PromResultType type;           /* data.resultType */
	char error_type[64];           /* "errorType" ("bad_data"), sanitized; "" */
	char error[PROMPARSE_TEXT_MAX];    /* "error", cut and sanitized; "" */
	size_t nseries;                /* series objects in data.result */
	size_t nsamples;               /* calls made to fn */
	size_t nwarnings;              /* entries of "warnings" */
	char warning[PROMPARSE_TEXT_MAX];  /* the first warning, sanitized; "" */
	size_t labels_cut;             /* labels cut or dropped by the bounds */
	int stopped;                   /* nonzero: what fn returned to stop */
	/* When promparse_response returns -1: why, with the byte offset, e.g.
	 * "truncated JSON at byte 1234", "expected ':' at byte 17",
	 * "value is not a number: \"abc\" at byte 90". "" otherwise. */
	char msg[PROMPARSE_TEXT_MAX];
} PromResult;

/* Parse buf[0..len). fn may be NULL (count only). res is always filled
 * (zeroed first). Returns 0 when the body is a well-formed response (its
 * status may still be PROM_STATUS_ERROR: check res->status), -1 when it is
 * malformed or fn stopped it; samples already delivered stay delivered. */
int promparse_response(const char *buf, size_t len, PromSampleFn fn, void *ctx, PromResult *res);

/* Parse a Prometheus sample value string ("55", "-1.5e3", "NaN", "+Inf")
 * of n bytes into *out. Returns 0, or -1 when it is not a number. */
int promparse_value(const char *s, size_t n, double *out);

#endif
