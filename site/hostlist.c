/* Slurm hostlist expressions: expand, compress, and match node names. */
#include "site/hostlist.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HL_DIGITS_MAX 18    /* digits in one number: values stay below 10^18 */
#define HL_EXCERPT_MAX 40   /* bytes of the expression quoted in errors */

struct Hostlist {
	char *buf;              /* names, each NUL-terminated, back to back */
	size_t len, cap;        /* bytes used / allocated in buf */
	size_t *off;            /* off[i]: where name i starts in buf */
	size_t n, ncap;
};

typedef struct {
	uint64_t lo, hi;
	int width;              /* zero-pad width: digits of lo as written */
} HlRange;

typedef struct {
	size_t pre, prelen;     /* literal text before '[': offset, length */
	size_t first, nranges;  /* ranges[first .. first+nranges) */
	uint64_t count;         /* names this group expands to */
	size_t maxw;            /* widest number this group prints, bytes */
} HlGroup;

typedef struct {
	const char *expr;
	size_t max_names;
	Hostlist *hl;
	HlRange *ranges;
	size_t nranges, rcap;
	HlGroup *groups;
	size_t ngroups, gcap;
	char *err;
	size_t errlen;
} HlParse;

/* ---- small helpers ------------------------------------------------------ */

static bool hl_is_digit(char c) { return c >= '0' && c <= '9'; }
static bool hl_is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* A character fit to quote in a message. */
static char hl_show(char c)
{
	unsigned char u = (unsigned char)c;
	return (u < 0x20 || u >= 0x7F) ? '?' : c;
}

static unsigned char hl_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static size_t hl_ndigits(uint64_t v)
{
	size_t d = 1;
	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/* Write v zero-padded to width into dst (room for at least max(width, 20)
 * bytes); no NUL. Returns the bytes written. */
static size_t hl_fmt_num(char *dst, uint64_t v, size_t width)
{
	char tmp[24];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	size_t out = 0;
	while (out + n < width)
		dst[out++] = '0';
	while (n)
		dst[out++] = tmp[--n];
	return out;
}

/* Format "<excerpt of expr>: <msg> at column <col0 + 1>" into p->err. */
__attribute__((format(printf, 3, 4)))
static void hl_fail(HlParse *p, size_t col0, const char *fmt, ...)
{
	if (!p->err || p->errlen == 0)
		return;
	char ex[HL_EXCERPT_MAX + 4];
	size_t i = 0;
	for (; p->expr[i] && i < HL_EXCERPT_MAX; i++)
		ex[i] = hl_show(p->expr[i]);
	if (p->expr[i])
		memcpy(ex + i, "...", 4);
	else
		ex[i] = '\0';
	char msg[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s: %s at column %zu", ex, msg, col0 + 1);
}

static void hl_set_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

/* Return arr (elements of sz bytes, *cap of them) grown to hold at least
 * need, updating *cap; NULL on out of memory, arr then left as it was. */
static void *hl_grow(void *arr, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap && arr)
		return arr;
	size_t nc = *cap ? *cap : 16;
	while (nc < need)
		nc *= 2;
	if (nc > SIZE_MAX / sz)
		return NULL;
	void *q = realloc(arr, nc * sz);
	if (q)
		*cap = nc;
	return q;
}

/* ---- the expanded list -------------------------------------------------- */

static bool hostlist_push(Hostlist *hl, const char *name, size_t len)
{
	char *buf = hl_grow(hl->buf, &hl->cap, hl->len + len + 1, 1);
	if (!buf)
		return false;
	hl->buf = buf;
	size_t *off = hl_grow(hl->off, &hl->ncap, hl->n + 1, sizeof *off);
	if (!off)
		return false;
	hl->off = off;
	memcpy(hl->buf + hl->len, name, len);
	hl->buf[hl->len + len] = '\0';
	hl->off[hl->n++] = hl->len;
	hl->len += len + 1;
	return true;
}

size_t hostlist_count(const Hostlist *hl) { return hl ? hl->n : 0; }

const char *hostlist_name(const Hostlist *hl, size_t i)
{
	if (!hl || i >= hl->n)
		return NULL;
	return hl->buf + hl->off[i];
}

void hostlist_free(Hostlist *hl)
{
	if (!hl)
		return;
	free(hl->buf);
	free(hl->off);
	free(hl);
}

bool hostlist_is_pattern(const char *expr)
{
	return expr && (strchr(expr, '[') || strchr(expr, ','));
}

/* ---- parsing ------------------------------------------------------------ */

/* Read a decimal number at *pos (before end). Returns 1 on success, 0 when
 * no digit is there, -1 after reporting an error. */
static int hostlist_parse_num(HlParse *p, size_t *pos, size_t end, uint64_t *v, int *width)
{
	size_t q = *pos;
	uint64_t x = 0;
	while (q < end && hl_is_digit(p->expr[q])) {
		if (q - *pos >= HL_DIGITS_MAX) {
			hl_fail(p, *pos, "number longer than %d digits", HL_DIGITS_MAX);
			return -1;
		}
		x = x * 10 + (uint64_t)(p->expr[q] - '0');
		q++;
	}
	if (q == *pos)
		return 0;
	*v = x;
	*width = (int)(q - *pos);
	*pos = q;
	return 1;
}

/* Parse the ranges of one bracket group; *pos is just after '['. On return
 * *pos is just after ']'. */
static bool hostlist_parse_group(HlParse *p, size_t *pos, size_t end, HlGroup *g)
{
	size_t open = *pos - 1, q = *pos;
	g->first = p->nranges;
	g->nranges = 0;
	g->count = 0;
	g->maxw = 0;
	if (q < end && p->expr[q] == ']') {
		hl_fail(p, open, "empty brackets");
		return false;
	}
	for (;;) {
		HlRange r;
		size_t at = q;
		int rc = hostlist_parse_num(p, &q, end, &r.lo, &r.width);
		if (rc < 0)
			return false;
		if (rc == 0) {
			if (q < end && (p->expr[q] == ',' || p->expr[q] == ']'))
				hl_fail(p, q, "empty range");
			else if (q < end)
				hl_fail(p, q, "expected a number, not '%c'", hl_show(p->expr[q]));
			else
				hl_fail(p, open, "unbalanced '[' (no closing ']')");
			return false;
		}
		r.hi = r.lo;
		if (q < end && p->expr[q] == '-') {
			q++;
			size_t hi_at = q;
			int w;
			rc = hostlist_parse_num(p, &q, end, &r.hi, &w);
			if (rc < 0)
				return false;
			if (rc == 0) {
				hl_fail(p, hi_at, "expected a number after '-'");
				return false;
			}
			if (r.hi < r.lo) {
				hl_fail(p, hi_at, "range end before start");
				return false;
			}
		}
		uint64_t cnt = r.hi - r.lo + 1;
		if (cnt > p->max_names || g->count > p->max_names - cnt) {
			hl_fail(p, at, "more than %zu names", p->max_names);
			return false;
		}
		g->count += cnt;
		size_t w = hl_ndigits(r.hi);
		if ((size_t)r.width > w)
			w = (size_t)r.width;
		if (w > g->maxw)
			g->maxw = w;
		HlRange *rs = hl_grow(p->ranges, &p->rcap, p->nranges + 1, sizeof *rs);
		if (!rs) {
			hl_set_err(p->err, p->errlen, "out of memory");
			return false;
		}
		p->ranges = rs;
		p->ranges[p->nranges++] = r;
		g->nranges++;
		if (q >= end) {
			hl_fail(p, open, "unbalanced '[' (no closing ']')");
			return false;
		}
		char c = p->expr[q];
		if (c == ']') {
			*pos = q + 1;
			return true;
		}
		if (c != ',') {
			if (c == '[')
				hl_fail(p, q, "nested '['");
			else
				hl_fail(p, q, "unexpected '%c' in brackets", hl_is_blank(c) ? ' ' : hl_show(c));
			return false;
		}
		q++;
	}
}

/* Write every name of the entry whose groups are p->groups and whose text
 * after the last group is expr[suf .. suf+suflen). */
static bool hostlist_expand(HlParse *p, size_t suf, size_t suflen)
{
	size_t ng = p->ngroups;
	size_t *ri = calloc(ng ? ng : 1, sizeof *ri);   /* range index per group */
	uint64_t *val = calloc(ng ? ng : 1, sizeof *val); /* current value */
	bool ok = ri && val;
	for (size_t g = 0; ok && g < ng; g++)
		val[g] = p->ranges[p->groups[g].first].lo;
	char name[HOSTLIST_NAME_MAX + 24];
	while (ok) {
		size_t len = 0;
		for (size_t g = 0; g < ng; g++) {
			const HlGroup *G = &p->groups[g];
			memcpy(name + len, p->expr + G->pre, G->prelen);
			len += G->prelen;
			len += hl_fmt_num(name + len, val[g],
			                  (size_t)p->ranges[G->first + ri[g]].width);
		}
		memcpy(name + len, p->expr + suf, suflen);
		len += suflen;
		if (!hostlist_push(p->hl, name, len)) {
			ok = false;
			break;
		}
		/* odometer: the rightmost group turns fastest */
		size_t g = ng;
		while (g > 0) {
			g--;
			const HlGroup *G = &p->groups[g];
			const HlRange *r = &p->ranges[G->first + ri[g]];
			if (val[g] < r->hi) {
				val[g]++;
				break;
			}
			if (ri[g] + 1 < G->nranges) {
				ri[g]++;
				val[g] = p->ranges[G->first + ri[g]].lo;
				break;
			}
			ri[g] = 0;
			val[g] = p->ranges[G->first].lo;
			if (g == 0)
				goto done;
		}
		if (ng == 0)
			break;
	}
done:
	free(ri);
	free(val);
	if (!ok)
		hl_set_err(p->err, p->errlen, "out of memory");
	return ok;
}

/* Parse and expand one entry expr[start .. end), already trimmed. */
static bool hostlist_parse_entry(HlParse *p, size_t start, size_t end)
{
	p->ngroups = 0;
	p->nranges = 0;
	size_t pos = start, lit = start, fixed = 0;
	uint64_t total = 1;
	while (pos < end) {
		char c = p->expr[pos];
		if (c == '[') {
			HlGroup *gs = hl_grow(p->groups, &p->gcap, p->ngroups + 1, sizeof *gs);
			if (!gs) {
				hl_set_err(p->err, p->errlen, "out of memory");
				return false;
			}
			p->groups = gs;
			HlGroup *g = &p->groups[p->ngroups];
			g->pre = lit;
			g->prelen = pos - lit;
			pos++;
			if (!hostlist_parse_group(p, &pos, end, g))
				return false;
			p->ngroups++;
			fixed += g->prelen + g->maxw;
			if (g->count > p->max_names / total) {
				hl_fail(p, start, "more than %zu names", p->max_names);
				return false;
			}
			total *= g->count;
			lit = pos;
			continue;
		}
		if (c == ']') {
			hl_fail(p, pos, "unbalanced ']'");
			return false;
		}
		if (hl_is_blank(c)) {
			hl_fail(p, pos, "space inside a name");
			return false;
		}
		if ((unsigned char)c < 0x20 || c == 0x7F) {
			hl_fail(p, pos, "control character in a name");
			return false;
		}
		pos++;
	}
	fixed += end - lit;
	if (fixed > HOSTLIST_NAME_MAX - 1) {
		hl_fail(p, start, "name longer than %d bytes", HOSTLIST_NAME_MAX - 1);
		return false;
	}
	if (total > p->max_names - p->hl->n) {
		hl_fail(p, start, "more than %zu names", p->max_names);
		return false;
	}
	return hostlist_expand(p, lit, end - lit);
}

/* Split the expression at commas outside brackets. */
static bool hostlist_parse_all(HlParse *p)
{
	const char *e = p->expr;
	size_t len = strlen(e), pos = 0;
	while (pos < len && hl_is_blank(e[pos]))
		pos++;
	if (pos == len)
		return true;  /* empty expression: no names */
	for (;;) {
		while (pos < len && hl_is_blank(e[pos]))
			pos++;
		size_t start = pos, q = pos, open = 0;
		bool in = false;
		for (; q < len; q++) {
			char c = e[q];
			if (c == '[') {
				if (in) {
					hl_fail(p, q, "nested '['");
					return false;
				}
				in = true;
				open = q;
			} else if (c == ']') {
				if (!in) {
					hl_fail(p, q, "unbalanced ']'");
					return false;
				}
				in = false;
			} else if (c == ',' && !in) {
				break;
			}
		}
		if (in) {
			hl_fail(p, open, "unbalanced '[' (no closing ']')");
			return false;
		}
		size_t end = q;
		while (end > start && hl_is_blank(e[end - 1]))
			end--;
		if (end == start) {
			hl_fail(p, start, "empty entry");
			return false;
		}
		if (!hostlist_parse_entry(p, start, end))
			return false;
		if (q >= len)
			return true;
		pos = q + 1;
	}
}

Hostlist *hostlist_parse(const char *expr, size_t max_names, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!expr) {
		hl_set_err(err, errlen, "no hostlist given");
		return NULL;
	}
	HlParse p = {
		.expr = expr,
		.max_names = max_names ? max_names : HOSTLIST_NAMES_MAX,
		.err = err,
		.errlen = errlen,
	};
	p.hl = calloc(1, sizeof *p.hl);
	if (!p.hl) {
		hl_set_err(err, errlen, "out of memory");
		return NULL;
	}
	bool ok = hostlist_parse_all(&p);
	free(p.ranges);
	free(p.groups);
	if (!ok) {
		hostlist_free(p.hl);
		return NULL;
	}
	return p.hl;
}

/* ---- compression -------------------------------------------------------- */

typedef struct {
	const char *name;
	size_t prelen;          /* bytes before the trailing number */
	size_t numlen;          /* digits of the trailing number; 0 = none */
	uint64_t v;
} HlItem;

static int hostlist_item_cmp(const void *a, const void *b)
{
	const HlItem *x = a, *y = b;
	size_t m = x->prelen < y->prelen ? x->prelen : y->prelen;
	int c = memcmp(x->name, y->name, m);
	if (c)
		return c;
	if (x->prelen != y->prelen)
		return x->prelen < y->prelen ? -1 : 1;
	if ((x->numlen > 0) != (y->numlen > 0))
		return x->numlen ? 1 : -1;
	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	if (x->numlen != y->numlen)
		return x->numlen < y->numlen ? -1 : 1;
	return 0;
}

/* Can a number printed with zero-pad width w read as item it? Padded
 * numbers ("007") need exactly their width; unpadded ones any w ≤ digits. */
static bool hostlist_width_ok(const HlItem *it, size_t w)
{
	bool padded = it->numlen > 1 && it->name[it->prelen] == '0';
	return padded ? it->numlen == w : w <= it->numlen;
}

typedef struct {
	char *s;
	size_t len, cap;
	bool oom;
} HlBuf;

static void hl_buf_add(HlBuf *b, const char *s, size_t n)
{
	char *q = b->oom ? NULL : hl_grow(b->s, &b->cap, b->len + n + 1, 1);
	if (!q) {
		b->oom = true;
		return;
	}
	b->s = q;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void hl_buf_num(HlBuf *b, uint64_t v, size_t w)
{
	char tmp[HOSTLIST_NAME_MAX + 24];
	if (w > HOSTLIST_NAME_MAX)
		w = HOSTLIST_NAME_MAX;
	hl_buf_add(b, tmp, hl_fmt_num(tmp, v, w));
}

/* Write the names items[0 .. n), which share one prefix and all have a
 * trailing number, as "prefix[a-b,c]" (or plain when there is one). */
static void hostlist_emit_group(HlBuf *b, const HlItem *it, size_t n)
{
	hl_buf_add(b, it[0].name, it[0].prelen);
	if (n == 1) {
		hl_buf_add(b, it[0].name + it[0].prelen, it[0].numlen);
		return;
	}
	hl_buf_add(b, "[", 1);
	size_t i = 0;
	while (i < n) {
		size_t w = it[i].numlen, j = i;
		while (j + 1 < n && it[j + 1].v == it[j].v + 1 && hostlist_width_ok(&it[j + 1], w))
			j++;
		if (i > 0)
			hl_buf_add(b, ",", 1);
		hl_buf_num(b, it[i].v, w);
		if (j > i) {
			hl_buf_add(b, "-", 1);
			hl_buf_num(b, it[j].v, w);
		}
		i = j + 1;
	}
	hl_buf_add(b, "]", 1);
}

char *hostlist_compress(const char *const *names, size_t n)
{
	HlItem *it = n ? malloc(n * sizeof *it) : NULL;
	if (n && !it)
		return NULL;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (!names[i])
			continue;
		HlItem x = { .name = names[i] };
		size_t len = strlen(names[i]), d = len;
		while (d > 0 && hl_is_digit(names[i][d - 1]))
			d--;
		x.prelen = d;
		x.numlen = len - d;
		if (x.numlen > HL_DIGITS_MAX) {  /* too long to count: keep it plain */
			x.prelen = len;
			x.numlen = 0;
		}
		for (size_t k = d; k < len && x.numlen; k++)
			x.v = x.v * 10 + (uint64_t)(names[i][k] - '0');
		it[m++] = x;
	}
	if (m > 1)
		qsort(it, m, sizeof *it, hostlist_item_cmp);
	HlBuf b = { 0 };
	hl_buf_add(&b, "", 0);
	size_t i = 0;
	bool first = true;
	while (i < m) {
		if (i > 0 && hostlist_item_cmp(&it[i], &it[i - 1]) == 0) {
			i++;  /* duplicate */
			continue;
		}
		if (!first)
			hl_buf_add(&b, ",", 1);
		first = false;
		if (it[i].numlen == 0) {
			hl_buf_add(&b, it[i].name, it[i].prelen);
			i++;
			continue;
		}
		/* collect the run of unique numbered names with this prefix */
		size_t j = i + 1, k = i + 1;
		while (j < m && it[j].numlen && it[j].prelen == it[i].prelen &&
		       memcmp(it[j].name, it[i].name, it[i].prelen) == 0) {
			if (hostlist_item_cmp(&it[j], &it[k - 1]) != 0)
				it[k++] = it[j];
			j++;
		}
		hostlist_emit_group(&b, it + i, k - i);
		i = j;
	}
	free(it);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* ---- the "/" filter ----------------------------------------------------- */

typedef struct {
	uint32_t hash;
	uint32_t at1;           /* offset of the name in hl->buf + 1; 0 = empty */
} HmSlot;

struct HostMatch {
	Hostlist *hl;           /* expanded names; NULL for a substring filter */
	HmSlot *slots;
	size_t mask;            /* slots - 1, a power of two minus one */
	char *needle;           /* substring filter, lowered */
	size_t nlen;
};

/* Hash name with ASCII case folded.  Returns false for names too long to
 * be in any set. */
static bool hostmatch_hash(const char *name, uint32_t *hash)
{
	uint64_t h = 0;
	const unsigned char *p = (const unsigned char *)name;
	size_t n = 0;
	for (; p[n]; n++) {
		unsigned c = p[n];
		h = h * 31 + (c | ((c - 'A' < 26u) << 5));   /* 'A'..'Z' → 'a'..'z' */
	}
	if (n > HOSTLIST_NAME_MAX - 1)
		return false;
	h ^= h >> 33;                           /* murmur3 finalizer */
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	*hash = (uint32_t)h;
	return true;
}

/* Does the stored (lowered) name equal name, ignoring ASCII case? */
static bool hostmatch_eq(const char *stored, const char *name)
{
	for (; *stored; stored++, name++)
		if (*stored != (char)hl_lower((unsigned char)*name))
			return false;
	return *name == '\0';
}

/* The slot holding name, or the empty slot where it would go. */
static HmSlot *hostmatch_find(const HostMatch *m, const char *name, uint32_t h)
{
	size_t at = h & m->mask;
	for (;;) {
		HmSlot *sl = &m->slots[at];
		if (!sl->at1)
			return sl;
		if (sl->hash == h && hostmatch_eq(m->hl->buf + sl->at1 - 1, name))
			return sl;
		at = (at + 1) & m->mask;
	}
}

/* Lower the expanded names in place and index them. */
static bool hostmatch_build(HostMatch *m)
{
	size_t n = m->hl->n, size = 16;
	if (m->hl->len >= UINT32_MAX)   /* ≤ 64 MiB at the names cap */
		return false;
	while (size < n * 2)
		size *= 2;
	m->slots = calloc(size, sizeof *m->slots);
	if (!m->slots)
		return false;
	m->mask = size - 1;
	for (size_t i = 0; i < m->hl->len; i++)
		m->hl->buf[i] = (char)hl_lower((unsigned char)m->hl->buf[i]);
	for (size_t i = 0; i < n; i++) {
		const char *name = hostlist_name(m->hl, i);
		uint32_t h;
		if (!hostmatch_hash(name, &h))
			continue;  /* cannot happen: the parser caps name length */
		HmSlot *sl = hostmatch_find(m, name, h);
		if (!sl->at1) {
			sl->hash = h;
			sl->at1 = (uint32_t)(m->hl->off[i] + 1);
		}
	}
	return true;
}

HostMatch *hostmatch_new(const char *filter, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!filter)
		filter = "";
	HostMatch *m = calloc(1, sizeof *m);
	if (!m) {
		hl_set_err(err, errlen, "out of memory");
		return NULL;
	}
	if (hostlist_is_pattern(filter)) {
		m->hl = hostlist_parse(filter, HOSTLIST_NAMES_MAX, err, errlen);
		if (!m->hl) {
			free(m);
			return NULL;
		}
		if (!hostmatch_build(m))
			goto oom;
		return m;
	}
	m->nlen = strlen(filter);
	m->needle = malloc(m->nlen + 1);
	if (!m->needle)
		goto oom;
	for (size_t i = 0; i <= m->nlen; i++)
		m->needle[i] = (char)hl_lower((unsigned char)filter[i]);
	return m;
oom:
	hostmatch_free(m);
	hl_set_err(err, errlen, "out of memory");
	return NULL;
}

static bool hostmatch_contains(const char *hay, const char *needle, size_t nlen)
{
	if (nlen == 0)
		return true;
	unsigned char first = (unsigned char)needle[0];
	for (; *hay; hay++) {
		if (hl_lower((unsigned char)*hay) != first)
			continue;
		size_t k = 1;
		while (k < nlen && hay[k] && hl_lower((unsigned char)hay[k]) == (unsigned char)needle[k])
			k++;
		if (k == nlen)
			return true;
	}
	return false;
}

bool hostmatch_test(const HostMatch *m, const char *name)
{
	if (!m)
		return true;
	if (!name)
		return false;
	if (!m->hl)
		return hostmatch_contains(name, m->needle, m->nlen);
	uint32_t h;
	if (!hostmatch_hash(name, &h))
		return false;
	return hostmatch_find(m, name, h)->at1 != 0;
}

bool hostmatch_is_hostlist(const HostMatch *m) { return m && m->hl; }

void hostmatch_free(HostMatch *m)
{
	if (!m)
		return;
	hostlist_free(m->hl);
	free(m->slots);
	free(m->needle);
	free(m);
}
