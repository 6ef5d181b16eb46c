/* Streaming JSON writer: escaping, nesting, commas, indentation. */
#include "util/jsonw.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define JSONW_BUF 65536

typedef struct {
	bool array;      /* array, else object */
	bool has_key;    /* object: a key was written, its value is due */
	uint32_t count;  /* members written */
} Level;

struct JsonW {
	FILE *out;
	bool pretty;
	bool error;
	bool done;       /* the top-level value is complete */
	int depth;
	Level lv[JSONW_DEPTH];
	size_t len;
	char buf[JSONW_BUF];
};

JsonW *jsonw_new(FILE *out, bool pretty)
{
	JsonW *w = malloc(sizeof *w);
	if (!w)
		return NULL;
	memset(w, 0, offsetof(JsonW, buf));
	w->out = out;
	w->pretty = pretty;
	return w;
}

int jsonw_flush(JsonW *w)
{
	if (w->len && fwrite(w->buf, 1, w->len, w->out) != w->len)
		w->error = true;
	w->len = 0;
	return w->error ? -1 : 0;
}

static void putc_(JsonW *w, char c);

int jsonw_free(JsonW *w)
{
	if (!w)
		return -1;
	if (w->pretty && w->done)
		putc_(w, '\n');
	jsonw_flush(w);
	if (fflush(w->out) != 0)
		w->error = true;
	int rc = w->error || !w->done || w->depth != 0 ? -1 : 0;
	free(w);
	return rc;
}

bool jsonw_error(const JsonW *w) { return w->error; }
int jsonw_depth(const JsonW *w) { return w->depth; }

static void put(JsonW *w, const char *s, size_t n)
{
	if (w->len + n > JSONW_BUF) {
		jsonw_flush(w);
		if (n > JSONW_BUF) {
			if (fwrite(s, 1, n, w->out) != n)
				w->error = true;
			return;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static void putc_(JsonW *w, char c)
{
	if (w->len == JSONW_BUF)
		jsonw_flush(w);
	w->buf[w->len++] = c;
}

static void newline(JsonW *w)
{
	putc_(w, '\n');
	for (int i = 0; i < w->depth; i++)
		put(w, "  ", 2);
}

/* Before a value: check the state, write the separator. False on misuse. */
static bool before_value(JsonW *w)
{
	if (w->depth == 0) {
		if (w->done) {
			w->error = true;
			return false;
		}
		return true;
	}
	Level *l = &w->lv[w->depth - 1];
	if (!l->array) {
		if (!l->has_key) {
			w->error = true;
			return false;
		}
		l->has_key = false;
		l->count++;
		return true;
	}
	if (l->count++)
		putc_(w, ',');
	if (w->pretty)
		newline(w);
	return true;
}

static void after_value(JsonW *w)
{
	if (w->depth == 0)
		w->done = true;
}

static void open_(JsonW *w, bool array)
{
	if (w->depth >= JSONW_DEPTH) {
		w->error = true;
		return;
	}
	if (!before_value(w))
		return;
	putc_(w, array ? '[' : '{');
	Level *l = &w->lv[w->depth++];
	l->array = array;
	l->has_key = false;
	l->count = 0;
}

static void close_(JsonW *w, bool array)
{
	if (w->depth == 0 || w->lv[w->depth - 1].array != array || w->lv[w->depth - 1].has_key) {
		w->error = true;
		return;
	}
	uint32_t count = w->lv[w->depth - 1].count;
	w->depth--;
	if (w->pretty && count)
		newline(w);
	putc_(w, array ? ']' : '}');
	after_value(w);
}

void jsonw_object_begin(JsonW *w) { open_(w, false); }
void jsonw_object_end(JsonW *w) { close_(w, false); }
void jsonw_array_begin(JsonW *w) { open_(w, true); }
void jsonw_array_end(JsonW *w) { close_(w, true); }

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t cp, min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2; cp = c & 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3; cp = c & 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4; cp = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static void write_escaped(JsonW *w, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	putc_(w, '"');
	size_t run = 0; /* start of the pending run of bytes written as they are */
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7f) {
			i++;
			continue;
		}
		size_t ul = c >= 0x80 ? utf8_len(s + i, n - i) : 0;
		if (ul) {
			i += ul;
			continue;
		}
		put(w, str + run, i - run);
		char esc[8];
		switch (c) {
		case '"': put(w, "\\\"", 2); break;
		case '\\': put(w, "\\\\", 2); break;
		case '\n': put(w, "\\n", 2); break;
		case '\r': put(w, "\\r", 2); break;
		case '\t': put(w, "\\t", 2); break;
		case '\b': put(w, "\\b", 2); break;
		case '\f': put(w, "\\f", 2); break;
		default:
			if (c < 0x80) {
				memcpy(esc, "\\u00", 4);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
				put(w, esc, 6);
			} else {
				put(w, "\xef\xbf\xbd", 3); /* U+FFFD */
			}
		}
		i++;
		run = i;
	}
	put(w, str + run, n - run);
	putc_(w, '"');
}

void jsonw_key(JsonW *w, const char *key)
{
	if (w->depth == 0 || w->lv[w->depth - 1].array || w->lv[w->depth - 1].has_key || !key) {
		w->error = true;
		return;
	}
	Level *l = &w->lv[w->depth - 1];
	if (l->count)
		putc_(w, ',');
	if (w->pretty)
		newline(w);
	write_escaped(w, key, strlen(key));
	if (w->pretty)
		put(w, ": ", 2);
	else
		putc_(w, ':');
	l->has_key = true;
}

static void raw_value(JsonW *w, const char *s, size_t n)
{
	if (!before_value(w))
		return;
	put(w, s, n);
	after_value(w);
}

void jsonw_null(JsonW *w) { raw_value(w, "null", 4); }

void jsonw_bool(JsonW *w, bool b)
{
	if (b)
		raw_value(w, "true", 4);
	else
		raw_value(w, "false", 5);
}

void jsonw_string_n(JsonW *w, const char *s, size_t len)
{
	if (!s) {
		jsonw_null(w);
		return;
	}
	if (!before_value(w))
		return;
	write_escaped(w, s, len);
	after_value(w);
}

void jsonw_string(JsonW *w, const char *s)
{
	jsonw_string_n(w, s, s ? strlen(s) : 0);
}

/* Digits of x into the end of buf; returns the start. */
static char *fmt_u64(char *end, uint64_t x)
{
	*--end = '\0';
	do {
		*--end = (char)('0' + x % 10);
		x /= 10;
	} while (x);
	return end;
}

void jsonw_uint(JsonW *w, uint64_t x)
{
	char buf[24];
	char *p = fmt_u64(buf + sizeof buf, x);
	raw_value(w, p, (size_t)(buf + sizeof buf - 1 - p));
}

void jsonw_int(JsonW *w, int64_t x)
{
	char buf[24];
	uint64_t u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
	char *p = fmt_u64(buf + sizeof buf, u);
	if (x < 0)
		*--p = '-';
	raw_value(w, p, (size_t)(buf + sizeof buf - 1 - p));
}

static void write_double(JsonW *w, double x, int digits)
{
	if (!isfinite(x)) {
		jsonw_null(w);
		return;
	}
	if (x == floor(x) && fabs(x) < 1e15) {
		jsonw_int(w, (int64_t)x);
		return;
	}
	char buf[40];
	int n = snprintf(buf, sizeof buf, "%.*g", digits, x);
	if (n <= 0 || (size_t)n >= sizeof buf) {
		jsonw_null(w);
		return;
	}
	for (int i = 0; i < n; i++)
		if (buf[i] == ',')
			buf[i] = '.';
	raw_value(w, buf, (size_t)n);
}

void jsonw_number(JsonW *w, double x) { write_double(w, x, 15); }
void jsonw_float(JsonW *w, float x) { write_double(w, (double)x, 7); }

void jsonw_kv_string(JsonW *w, const char *key, const char *s) { jsonw_key(w, key); jsonw_string(w, s); }
void jsonw_kv_number(JsonW *w, const char *key, double x) { jsonw_key(w, key); jsonw_number(w, x); }
void jsonw_kv_float(JsonW *w, const char *key, float x) { jsonw_key(w, key); jsonw_float(w, x); }
void jsonw_kv_int(JsonW *w, const char *key, int64_t x) { jsonw_key(w, key); jsonw_int(w, x); }
void jsonw_kv_bool(JsonW *w, const char *key, bool b) { jsonw_key(w, key); jsonw_bool(w, b); }
void jsonw_kv_null(JsonW *w, const char *key) { jsonw_key(w, key); jsonw_null(w); }
