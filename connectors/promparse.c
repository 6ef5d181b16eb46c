/* Streaming, non-allocating parser of Prometheus HTTP API query responses. */
#include "connectors/promparse.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SCRATCH_MAX 512  /* a value string: 'f' formatting of a float64 fits */
#define KEY_MAX 32       /* keys we look for are shorter */

struct PromLabels {
	int n;
	size_t used;                          /* bytes of text in use */
	uint16_t name[PROMPARSE_LABELS_MAX];  /* offsets into text */
	uint16_t value[PROMPARSE_LABELS_MAX];
	char text[PROMPARSE_LABELS_BYTES];
};

typedef struct {
	const char *base, *p, *end;
	PromResult *res;
	PromSampleFn fn;
	void *ctx;
	PromLabels labels;
	char scratch[SCRATCH_MAX];
} Scan;

/* ---- labels --------------------------------------------------------------- */

const char *promparse_label(const PromLabels *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->text + l->name[i], name) == 0)
			return l->text + l->value[i];
	return NULL;
}

int promparse_label_count(const PromLabels *l) { return l->n; }
const char *promparse_label_name(const PromLabels *l, int i) { return i >= 0 && i < l->n ? l->text + l->name[i] : NULL; }
const char *promparse_label_value(const PromLabels *l, int i) { return i >= 0 && i < l->n ? l->text + l->value[i] : NULL; }

/* ---- errors --------------------------------------------------------------- */

static size_t at(const Scan *sc) { return (size_t)(sc->p - sc->base); }

static int fail(Scan *sc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(Scan *sc, const char *fmt, ...)
{
	if (sc->res->msg[0] == '\0') {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(sc->res->msg, sizeof sc->res->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int truncated(Scan *sc) { return fail(sc, "truncated JSON at byte %zu", (size_t)(sc->end - sc->base)); }

/* Copy at most 40 bytes of s for a message, controls and quotes as '?'. */
static const char *quote(char *dst, size_t cap, const char *s, size_t n)
{
	size_t k = 0;
	for (; k < n && k < 40 && k + 1 < cap; k++) {
		unsigned char c = (unsigned char)s[k];
		dst[k] = (c < 0x20 || c == 0x7f || c == '"' || c == '\\') ? '?' : (char)c;
	}
	if (n > k && k + 4 < cap) {
		memcpy(dst + k, "...", 3);
		k += 3;
	}
	dst[k] = '\0';
	return dst;
}

static int unexpected(Scan *sc, const char *wanted)
{
	if (sc->p >= sc->end)
		return truncated(sc);
	unsigned char c = (unsigned char)*sc->p;
	if (c >= 0x20 && c < 0x7f)
		return fail(sc, "expected %s at byte %zu, found '%c'", wanted, at(sc), c);
	return fail(sc, "expected %s at byte %zu, found byte 0x%02x", wanted, at(sc), c);
}

/* Text copied into the result for display: controls become '?'. */
static void clean_text(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

/* ---- scanning ------------------------------------------------------------- */

static void ws(Scan *sc)
{
	const char *p = sc->p, *e = sc->end;
	while (p < e && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	sc->p = p;
}

/* Skip white space; then the next byte must be c. */
static int expect(Scan *sc, char c)
{
	ws(sc);
	if (sc->p < sc->end && *sc->p == c) {
		sc->p++;
		return 0;
	}
	char what[4] = {'\'', c, '\'', '\0'};
	return unexpected(sc, what);
}

static inline bool plain(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\'; }

/* Nonzero when one of the 8 bytes in x may be '"', '\\' or a control
 * (exact for "none": the caller rescans bytewise from here). */
static inline uint64_t special8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
	return (((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x)) & high;
}

/* The end of the run of plain string bytes at q, eight at a time. */
static inline const char *plain_run(const char *q, const char *e)
{
	while (e - q >= 8) {
		uint64_t x;
		memcpy(&x, q, 8);
		if (special8(x))
			break;
		q += 8;
	}
	while (q < e && plain((unsigned char)*q))
		q++;
	return q;
}

/* Append k bytes to dst (cap ≥ 1 bytes, one kept for the NUL). */
static void put(char *dst, size_t cap, size_t *n, const char *src, size_t k, bool *cut)
{
	if (!dst)
		return;
	size_t room = cap - 1 - *n;
	if (k > room) {
		k = room;
		*cut = true;
	}
	memcpy(dst + *n, src, k);
	*n += k;
}

/* Length of s[0..n) without a UTF-8 sequence cut short at its end. */
static size_t utf8_trim(const char *s, size_t n)
{
	size_t i = n, k = 0;
	while (i > 0 && k < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
		i--;
		k++;
	}
	if (i == 0)
		return n;
	unsigned char c = (unsigned char)s[i - 1];
	size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	return need == 1 || k + 1 >= need ? n : i - 1;
}

static int hex4(Scan *sc, const char *p, unsigned *out)
{
	if (sc->end - p < 4) {
		sc->p = sc->end;
		return truncated(sc);
	}
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned char c = (unsigned char)p[i];
		unsigned d = c >= '0' && c <= '9' ? c - (unsigned)'0'
		           : c >= 'a' && c <= 'f' ? c - 'a' + 10u
		           : c >= 'A' && c <= 'F' ? c - 'A' + 10u : 16u;
		if (d == 16) {
			sc->p = p + i;
			return fail(sc, "bad \\u escape at byte %zu", at(sc));
		}
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static size_t utf8_put(char *o, unsigned cp)
{
	size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	static const unsigned char lead[] = {0, 0, 0xC0, 0xE0, 0xF0};
	for (size_t i = n - 1; i > 0; i--, cp >>= 6)
		o[i] = (char)(0x80 | (cp & 0x3F));
	o[0] = (char)(n == 1 ? cp : (lead[n] | cp));
	return n;
}

/* Decode the escape at p (which is at '\\') into out; return the bytes of
 * input it used, or 0 on error. */
static size_t escape(Scan *sc, const char *p, char *out, size_t *outlen)
{
	if (sc->end - p < 2) {
		sc->p = sc->end;
		truncated(sc);
		return 0;
	}
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *hit = p[1] ? strchr(from, p[1]) : NULL;
	if (hit) {
		out[0] = to[hit - from];
		*outlen = 1;
		return 2;
	}
	if (p[1] != 'u') {
		sc->p = p;
		fail(sc, "bad escape '\\%c' at byte %zu", (unsigned char)p[1] >= 0x20 && p[1] != 0x7f ? p[1] : '?', at(sc));
		return 0;
	}
	unsigned cp, lo;
	if (hex4(sc, p + 2, &cp) < 0)
		return 0;
	size_t used = 6;
	if (cp >= 0xD800 && cp <= 0xDBFF && sc->end - (p + 6) >= 2 && p[6] == '\\' && p[7] == 'u') {
		if (hex4(sc, p + 8, &lo) < 0)
			return 0;
		if (lo >= 0xDC00 && lo <= 0xDFFF) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			used = 12;
		}
	}
	if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	*outlen = utf8_put(out, cp);
	return used;
}

/* The string at sc->p (which must be at '"'): decoded into dst (cap bytes,
 * NUL-terminated; dst NULL only skips). *len gets the decoded length kept,
 * *cut whether bytes were dropped. */
static int string(Scan *sc, char *dst, size_t cap, size_t *len, bool *cut)
{
	const char *p = sc->p + 1, *e = sc->end;
	size_t n = 0;
	*cut = false;
	for (;;) {
		const char *q = plain_run(p, e);
		put(dst, cap, &n, p, (size_t)(q - p), cut);
		if (q >= e) {
			sc->p = e;
			return truncated(sc);
		}
		if (*q == '"') {
			p = q + 1;
			break;
		}
		if (*q != '\\') {
			sc->p = q;
			return fail(sc, "control character in a string at byte %zu", at(sc));
		}
		char tmp[4];
		size_t k = 0, used = escape(sc, q, tmp, &k);
		if (used == 0)
			return -1;
		put(dst, cap, &n, tmp, k, cut);
		p = q + used;
	}
	if (dst) {
		if (*cut)
			n = utf8_trim(dst, n);
		dst[n] = '\0';
	}
	if (len)
		*len = n;
	sc->p = p;
	return 0;
}

/* A string that must be there (after white space). */
static int want_string(Scan *sc, const char *what, char *dst, size_t cap, size_t *len, bool *cut)
{
	ws(sc);
	if (sc->p >= sc->end || *sc->p != '"')
		return unexpected(sc, what);
	return string(sc, dst, cap, len, cut);
}

/* A key and its ':'. key gets "" when it was too long to be one we know. */
static int key(Scan *sc, char *k, size_t cap)
{
	bool cut;
	if (want_string(sc, "a key", k, cap, NULL, &cut) < 0)
		return -1;
	if (cut)
		k[0] = '\0';
	return expect(sc, ':');
}

/* ---- numbers -------------------------------------------------------------- */

static inline bool digit(char c) { return c >= '0' && c <= '9'; }

static bool word_ci(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (n != k)
		return false;
	for (size_t i = 0; i < k; i++)
		if ((s[i] | 0x20) != w[i])
			return false;
	return true;
}

/* [+-]digits[.digits][(e|E)[+-]digits], at least one digit before the
 * exponent. Exact when the digits fit 2^53 and the power of ten ≤ 22. */
static int decimal(const char *s, size_t n, double *out)
{
	size_t i = 0;
	bool neg = false, any = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	uint64_t m = 0;
	int nd = 0;
	long e10 = 0;
	for (; i < n && digit(s[i]); i++) {
		any = true;
		if (nd < 19) {
			m = m * 10 + (uint64_t)(s[i] - '0');
			nd += m != 0;
		} else {
			e10++;
		}
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && digit(s[i]); i++) {
			any = true;
			if (nd < 19) {
				m = m * 10 + (uint64_t)(s[i] - '0');
				nd += m != 0;
				e10--;
			}
		}
	}
	if (!any)
		return -1;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		bool eneg = false, edig = false;
		long x = 0;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		for (; i < n && digit(s[i]); i++) {
			edig = true;
			if (x < 100000)
				x = x * 10 + (s[i] - '0');
		}
		if (!edig)
			return -1;
		e10 += eneg ? -x : x;
	}
	if (i != n)
		return -1;
	static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
		1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	double v;
	if (m == 0)
		v = 0.0;
	else if (m <= (UINT64_C(1) << 53) && e10 >= -22 && e10 <= 22)
		v = e10 < 0 ? (double)m / p10[-e10] : (double)m * p10[e10];
	else if (e10 < -400)
		v = 0.0;
	else if (e10 > 400)
		v = HUGE_VAL;
	else  /* a few ulps off at worst; split so that neither power overflows */
		v = (double)m * pow(10.0, (double)(e10 / 2)) * pow(10.0, (double)(e10 - e10 / 2));
	*out = neg ? -v : v;
	return 0;
}

int promparse_value(const char *s, size_t n, double *out)
{
	size_t i = n > 0 && (s[0] == '+' || s[0] == '-') ? 1 : 0;
	if (word_ci(s + i, n - i, "nan")) {
		*out = NAN;
		return 0;
	}
	if (word_ci(s + i, n - i, "inf") || word_ci(s + i, n - i, "infinity")) {
		*out = i && s[0] == '-' ? -INFINITY : INFINITY;
		return 0;
	}
	return decimal(s, n, out);
}

/* A JSON number (strict grammar) at sc->p. */
static int number(Scan *sc, double *out)
{
	const char *p = sc->p, *e = sc->end, *s = p;
	if (p < e && *p == '-')
		p++;
	if (p < e && *p == '0') {
		p++;
	} else if (p < e && digit(*p)) {
		while (p < e && digit(*p))
			p++;
	} else {
		bool sign = p != s;
		sc->p = p;
		return p >= e ? truncated(sc) : unexpected(sc, sign ? "a digit" : "a value");
	}
	if (p < e && *p == '.') {
		if (++p >= e || !digit(*p)) {
			sc->p = p;
			return p >= e ? truncated(sc) : unexpected(sc, "a digit");
		}
		while (p < e && digit(*p))
			p++;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (p >= e || !digit(*p)) {
			sc->p = p;
			return p >= e ? truncated(sc) : unexpected(sc, "a digit");
		}
		while (p < e && digit(*p))
			p++;
	}
	if (p >= e) {
		sc->p = p;
		return truncated(sc);  /* a number never ends a response */
	}
	sc->p = p;
	return out ? decimal(s, (size_t)(p - s), out) : 0;
}

/* ---- containers ----------------------------------------------------------- */

/* Called for each member of an object (key decoded, ':' consumed; key is
 * NULL where the callback reads the key itself) or each element of an
 * array (key ""). depth is the member's. */
typedef int (*EachFn)(Scan *sc, const char *key, int depth, void *arg);

/* Walk the object ('{') or array ('[') that must come next. */
static int each(Scan *sc, char open, const char *what, bool keys, int depth, EachFn fn, void *arg)
{
	const char close = open == '{' ? '}' : ']';
	ws(sc);
	if (sc->p >= sc->end || *sc->p != open)
		return unexpected(sc, what);
	if (depth >= PROMPARSE_DEPTH_MAX)
		return fail(sc, "nesting deeper than %d at byte %zu", PROMPARSE_DEPTH_MAX, at(sc));
	sc->p++;
	ws(sc);
	if (sc->p < sc->end && *sc->p == close) {
		sc->p++;
		return 0;
	}
	for (;;) {
		char k[KEY_MAX] = "";
		if (open == '{' && keys && key(sc, k, sizeof k) < 0)
			return -1;
		if (fn(sc, open == '{' && !keys ? NULL : k, depth + 1, arg) < 0)
			return -1;
		ws(sc);
		if (sc->p >= sc->end || (*sc->p != ',' && *sc->p != close))
			return unexpected(sc, close == '}' ? "',' or '}'" : "',' or ']'");
		if (*sc->p++ == close)
			return 0;
	}
}

static int literal(Scan *sc, const char *w)
{
	size_t k = strlen(w), have = (size_t)(sc->end - sc->p);
	if (have < k && memcmp(sc->p, w, have) == 0)
		return truncated(sc);
	if (have < k || memcmp(sc->p, w, k) != 0)
		return unexpected(sc, "a value");
	sc->p += k;
	return 0;
}

static int skip_member(Scan *sc, const char *k, int depth, void *arg);

/* Skip any one value at depth. */
static int skip(Scan *sc, int depth)
{
	bool cut;
	ws(sc);
	if (sc->p >= sc->end)
		return truncated(sc);
	switch (*sc->p) {
	case '{': return each(sc, '{', "'{'", true, depth, skip_member, NULL);
	case '[': return each(sc, '[', "'['", true, depth, skip_member, NULL);
	case '"': return string(sc, NULL, 0, NULL, &cut);
	case 't': return literal(sc, "true");
	case 'f': return literal(sc, "false");
	case 'n': return literal(sc, "null");
	default: return number(sc, NULL);
	}
}

static int skip_member(Scan *sc, const char *k, int depth, void *arg)
{
	(void)k, (void)arg;
	return skip(sc, depth);
}

/* ---- samples -------------------------------------------------------------- */

static int emit(Scan *sc, double ts, double v)
{
	sc->res->nsamples++;
	if (!sc->fn)
		return 0;
	int rc = sc->fn(sc->ctx, &sc->labels, ts, v);
	if (rc != 0) {
		sc->res->stopped = rc;
		return fail(sc, "stopped by the caller (%d) at byte %zu", rc, at(sc));
	}
	return 0;
}

/* The value string of a pair: straight from the buffer unless escaped. */
static int value_string(Scan *sc, double *v)
{
	ws(sc);
	if (sc->p >= sc->end || *sc->p != '"')
		return unexpected(sc, "a value string");
	const char *start = sc->p, *s = sc->p + 1, *e = sc->end, *q = plain_run(s, e);
	size_t n;
	if (q < e && *q == '"') {
		n = (size_t)(q - s);
		sc->p = q + 1;
	} else {
		bool cut;
		if (string(sc, sc->scratch, sizeof sc->scratch, &n, &cut) < 0)
			return -1;
		s = sc->scratch;
		if (cut)
			n = sizeof sc->scratch;  /* too long to be a number */
	}
	if (n >= sizeof sc->scratch || promparse_value(s, n, v) < 0) {
		char q40[48];
		sc->p = start;
		return fail(sc, "value is not a number: \"%s\" at byte %zu",
		            quote(q40, sizeof q40, s, n < sizeof sc->scratch ? n : 40), at(sc));
	}
	return 0;
}

/* [ts, "v"] after its '[': the body of a sample pair. */
static int pair_body(Scan *sc, bool is_string)
{
	double ts, v = 0;
	bool cut;
	ws(sc);
	if (sc->p < sc->end && *sc->p == '"')
		return fail(sc, "timestamp is not a number at byte %zu", at(sc));
	if (number(sc, &ts) < 0 || expect(sc, ',') < 0)
		return -1;
	if (is_string ? want_string(sc, "a string", NULL, 0, NULL, &cut) : value_string(sc, &v))
		return -1;
	if (expect(sc, ']') < 0)
		return -1;
	return is_string ? 0 : emit(sc, ts, v);
}

static int pair(Scan *sc) { return expect(sc, '[') < 0 ? -1 : pair_body(sc, false); }

static int pair_member(Scan *sc, const char *k, int depth, void *arg)
{
	(void)k, (void)depth, (void)arg;
	return pair(sc);
}

/* "values": [[ts,"v"], ...] */
static int pairs(Scan *sc, int depth) { return each(sc, '[', "'['", true, depth, pair_member, NULL); }

/* ---- series --------------------------------------------------------------- */

/* One "name":"value" of "metric", kept in sc->labels within the bounds. */
static int label(Scan *sc, const char *k, int depth, void *arg)
{
	(void)k, (void)depth, (void)arg;
	PromLabels *l = &sc->labels;
	size_t used = l->used, len, vlen;
	size_t room = PROMPARSE_LABELS_BYTES - used;
	bool cut, keep = l->n < PROMPARSE_LABELS_MAX && room >= 4;
	size_t cap = room < PROMPARSE_NAME_MAX ? room : PROMPARSE_NAME_MAX;
	if (want_string(sc, "a label name", keep ? l->text + used : NULL, cap, &len, &cut) < 0 ||
	    expect(sc, ':') < 0)
		return -1;
	if (cut)
		keep = false;  /* a cut name is another label's name */
	size_t voff = used + len + 1;
	room = PROMPARSE_LABELS_BYTES - voff;
	cap = room < PROMPARSE_VALUE_MAX ? room : PROMPARSE_VALUE_MAX;
	if (keep && cap < 2)
		keep = false;
	if (want_string(sc, "a label value string", keep ? l->text + voff : NULL, cap, &vlen, &cut) < 0)
		return -1;
	if (!keep || cut)
		sc->res->labels_cut++;
	if (!keep)
		return 0;
	l->name[l->n] = (uint16_t)used;
	l->value[l->n] = (uint16_t)voff;
	l->n++;
	l->used = voff + vlen + 1;
	return 0;
}

typedef struct {
	bool labelled;
	const char *one, *many;  /* samples met before "metric" */
} SeriesState;

static int series_member(Scan *sc, const char *k, int depth, void *arg)
{
	SeriesState *st = arg;
	ws(sc);
	if (strcmp(k, "metric") == 0) {
		st->labelled = true;
		return each(sc, '{', "'{' for \"metric\"", false, depth, label, NULL);
	}
	if (strcmp(k, "value") != 0 && strcmp(k, "values") != 0)
		return skip(sc, depth);
	bool plural = k[5] == 's';
	if (st->labelled)
		return plural ? pairs(sc, depth) : pair(sc);
	*(plural ? &st->many : &st->one) = sc->p;
	return skip(sc, depth);
}

/* Samples met before "metric" are parsed again once the labels are known. */
static int replay(Scan *sc, const char *from, bool many, int depth)
{
	const char *resume = sc->p;
	sc->p = from;
	int rc = many ? pairs(sc, depth) : pair(sc);
	sc->p = resume;
	return rc;
}

/* {"metric":{...},"value":[...]} or {"metric":{...},"values":[[...],...]} */
static int series(Scan *sc, const char *k, int depth, void *arg)
{
	(void)k, (void)arg;
	SeriesState st = {false, NULL, NULL};
	sc->labels.n = 0;
	sc->labels.used = 0;
	sc->res->nseries++;
	if (each(sc, '{', "'{' for a series", true, depth, series_member, &st) < 0)
		return -1;
	if (st.one && replay(sc, st.one, false, depth + 1) < 0)
		return -1;
	return st.many ? replay(sc, st.many, true, depth + 1) : 0;
}

/* ---- the response --------------------------------------------------------- */

static int result(Scan *sc, int depth)
{
	ws(sc);
	const char *open = sc->p;
	if (expect(sc, '[') < 0)
		return -1;
	ws(sc);
	if (sc->p < sc->end && *sc->p != '{' && *sc->p != ']') {  /* scalar, string: [ts, "v"] */
		sc->labels.n = 0;
		sc->labels.used = 0;
		return pair_body(sc, sc->res->type == PROM_TYPE_STRING);
	}
	sc->p = open;
	return each(sc, '[', "'['", true, depth, series, NULL);
}

static PromResultType type_of(const char *t)
{
	static const struct { const char *name; PromResultType type; } types[] = {
		{"vector", PROM_TYPE_VECTOR}, {"matrix", PROM_TYPE_MATRIX},
		{"scalar", PROM_TYPE_SCALAR}, {"string", PROM_TYPE_STRING},
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(t, types[i].name) == 0)
			return types[i].type;
	return PROM_TYPE_OTHER;
}

static int data_member(Scan *sc, const char *k, int depth, void *arg)
{
	(void)arg;
	if (strcmp(k, "result") == 0)
		return result(sc, depth);
	if (strcmp(k, "resultType") != 0)
		return skip(sc, depth);
	char t[16];
	bool cut;
	if (want_string(sc, "a string", t, sizeof t, NULL, &cut) < 0)
		return -1;
	sc->res->type = cut ? PROM_TYPE_OTHER : type_of(t);
	return 0;
}

static int warning(Scan *sc, const char *k, int depth, void *arg)
{
	(void)k, (void)arg;
	bool cut;
	ws(sc);
	if (sc->res->nwarnings++ > 0 || sc->p >= sc->end || *sc->p != '"')
		return skip(sc, depth);
	int rc = string(sc, sc->res->warning, sizeof sc->res->warning, NULL, &cut);
	clean_text(sc->res->warning);
	return rc;
}

static int status(Scan *sc)
{
	char s[16];
	bool cut;
	ws(sc);
	const char *start = sc->p;
	if (want_string(sc, "a string for \"status\"", s, sizeof s, NULL, &cut) < 0)
		return -1;
	if (!cut && strcmp(s, "success") == 0)
		sc->res->status = PROM_STATUS_SUCCESS;
	else if (!cut && strcmp(s, "error") == 0)
		sc->res->status = PROM_STATUS_ERROR;
	else {
		sc->p = start;
		return fail(sc, "unknown status \"%s\" at byte %zu", quote(s, sizeof s, s, strlen(s)), at(sc));
	}
	return 0;
}

/* A string copied into the result for display. */
static int text_member(Scan *sc, char *dst, size_t cap)
{
	bool cut;
	int rc = want_string(sc, "a string", dst, cap, NULL, &cut);
	clean_text(dst);
	return rc;
}

static int top_member(Scan *sc, const char *k, int depth, void *arg)
{
	(void)arg;
	PromResult *r = sc->res;
	if (strcmp(k, "status") == 0)
		return status(sc);
	if (strcmp(k, "data") == 0) {
		ws(sc);
		if (sc->p < sc->end && *sc->p == 'n')
			return literal(sc, "null");
		return each(sc, '{', "'{' for \"data\"", true, depth, data_member, NULL);
	}
	if (strcmp(k, "errorType") == 0)
		return text_member(sc, r->error_type, sizeof r->error_type);
	if (strcmp(k, "error") == 0)
		return text_member(sc, r->error, sizeof r->error);
	if (strcmp(k, "warnings") == 0)
		return each(sc, '[', "'[' for \"warnings\"", true, depth, warning, NULL);
	return skip(sc, depth);
}

int promparse_response(const char *buf, size_t len, PromSampleFn fn, void *ctx, PromResult *res)
{
	Scan sc;
	memset(res, 0, sizeof *res);
	sc.base = sc.p = buf;
	sc.end = buf + len;
	sc.res = res;
	sc.fn = fn;
	sc.ctx = ctx;
	sc.labels.n = 0;
	sc.labels.used = 0;
	if (!buf || len == 0)
		return fail(&sc, "empty response");
	if (each(&sc, '{', "'{'", true, 0, top_member, NULL) < 0)
		return -1;
	ws(&sc);
	if (sc.p < sc.end)
		return fail(&sc, "trailing data at byte %zu", at(&sc));
	if (res->status == PROM_STATUS_NONE)
		return fail(&sc, "no \"status\" in the response");
	return 0;
}
