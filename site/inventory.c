/* Site topology from an inventory CSV file or from node numbers. */
#include "site/inventory.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "site/hostlist.h"
#include "util/text.h"

#define INV_COLS 7
#define INV_LABEL_MAX 160

enum { F_KIND, F_NAME, F_HALL, F_ROW, F_RACK, F_SLOT, F_BMC };
typedef enum { INV_NODE, INV_CDU, INV_PDU, INV_KINDS } InvKind;
typedef enum { LV_HALL, LV_ROW, LV_RACK, LV_COUNT } InvLevel;

static const char *const inv_kind_names[INV_KINDS] = { "node", "cdu", "pdu" };
static const char *const inv_level_names[LV_COUNT] = { "hall", "row", "rack" };
static const char *const inv_col_names[INV_COLS] = { "kind", "name", "hall", "row", "rack", "slot", "bmc" };

/* One data line; strings point into InvLoad.buf until the next line. */
typedef struct {
	InvKind kind;
	const char *f[INV_COLS];
	int32_t slot;             /* -1 = empty */
} InvRec;

/* A hall, row or rack named by the file or already in the site. */
typedef struct {
	char name[SITE_NAME_MAX];
	int32_t parent;           /* index in the table one level up; -1 = not named yet */
	int32_t line;             /* first line naming it; 0 = already in the site */
	int32_t pline;            /* line that named the parent; 0 = the site */
	int32_t site;             /* index in the Site; -1 = not created yet */
} InvEnt;

typedef struct {
	InvEnt *v;
	int32_t n, cap;
	int32_t *slots;           /* open addressing: entry index + 1; 0 = empty */
	size_t nslots;            /* 0 or a power of two */
} InvTable;

typedef struct {
	Site *s;
	char label[INV_LABEL_MAX];
	int gpus;
	char *err;
	size_t errlen;
	int32_t line;             /* line being read, 1-based; 0 = none */
	bool header_done;
	InvTable tab[LV_COUNT];
	int32_t first[INV_KINDS]; /* nodes, cdus, pdus in the site before the load */
	int32_t *lines[INV_KINDS];/* line of each one this load added, in order */
	int32_t nlines[INV_KINDS], clines[INV_KINDS];
	char buf[2 * INVENTORY_LINE_MAX + 2]; /* the line's fields, unquoted */
} InvLoad;

typedef struct {
	int nodes_per_rack, racks_per_row, rows_per_hall, gpus;
} InvLayout;

/* ---- errors ------------------------------------------------------------- */

__attribute__((format(printf, 3, 4)))
static int inv_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* "label:line: message"; returns -1. */
__attribute__((format(printf, 2, 3)))
static int inv_fail(InvLoad *L, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (L->line > 0)
		return inv_err(L->err, L->errlen, "%s:%d: %s", L->label, (int)L->line, msg);
	return inv_err(L->err, L->errlen, "%s: %s", L->label, msg);
}

/* ---- name tables -------------------------------------------------------- */

/* Return v (*cap elements of sz bytes) grown to hold more than n, updating
 * *cap; NULL on out of memory, v then left as it was. */
static void *inv_grow(void *v, int32_t *cap, int32_t n, size_t sz)
{
	if (n < *cap)
		return v;
	int32_t nc = *cap ? *cap * 2 : 16;
	void *q = realloc(v, (size_t)nc * sz);
	if (q)
		*cap = nc;
	return q;
}

static size_t inv_hash(const InvTable *t, const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h & (t->nslots - 1);
}

static int32_t inv_find(const InvTable *t, const char *name)
{
	if (!t->nslots)
		return -1;
	for (size_t at = inv_hash(t, name);; at = (at + 1) & (t->nslots - 1)) {
		int32_t i = t->slots[at] - 1;
		if (i < 0 || strcmp(t->v[i].name, name) == 0)
			return i;
	}
}

static void inv_slot_put(InvTable *t, int32_t i)
{
	size_t at = inv_hash(t, t->v[i].name);
	while (t->slots[at])
		at = (at + 1) & (t->nslots - 1);
	t->slots[at] = i + 1;
}

/* Append name (shorter than SITE_NAME_MAX, not there yet); its index or -1
 * on out of memory. */
static int32_t inv_add(InvTable *t, const char *name, int32_t line)
{
	InvEnt *v = inv_grow(t->v, &t->cap, t->n, sizeof *v);
	if (!v)
		return -1;
	t->v = v;
	if ((size_t)(t->n + 1) * 2 > t->nslots) {
		size_t ns = t->nslots ? t->nslots * 2 : 32;
		int32_t *sl = calloc(ns, sizeof *sl);
		if (!sl)
			return -1;
		free(t->slots);
		t->slots = sl;
		t->nslots = ns;
		for (int32_t i = 0; i < t->n; i++)
			inv_slot_put(t, i);
	}
	InvEnt *e = &t->v[t->n];
	text_copy(e->name, sizeof e->name, name);
	e->parent = e->site = -1;
	e->line = line;
	e->pline = 0;
	inv_slot_put(t, t->n);
	return t->n++;
}

/* Table index of the hall, row or rack called name, added on first sight;
 * one the site already has comes with its parents, marked line 0. -1 after
 * an error. */
static int32_t inv_ent(InvLoad *L, InvLevel lv, const char *name)
{
	InvTable *t = &L->tab[lv];
	int32_t i = inv_find(t, name);
	if (i >= 0)
		return i;
	if ((i = inv_add(t, name, L->line)) < 0)
		return inv_fail(L, "out of memory");
	const SiteView *v = site_view(L->s);
	int32_t si = lv == LV_HALL ? site_hall_find(L->s, name)
	           : lv == LV_ROW ? site_row_find(L->s, name) : site_rack_find(L->s, name);
	if (si < 0)
		return i;
	int32_t p = -1;
	if (lv == LV_ROW)
		p = inv_ent(L, LV_HALL, v->halls[v->rows[si].hall].name);
	else if (lv == LV_RACK)
		p = inv_ent(L, LV_ROW, v->rows[v->racks[si].row].name);
	if (lv != LV_HALL && p < 0)
		return -1;
	t->v[i].site = si;
	t->v[i].line = 0;
	t->v[i].parent = p;
	return i;
}

/* Entry i of level lv lies in entry p one level up. */
static int inv_set_parent(InvLoad *L, InvLevel lv, int32_t i, int32_t p)
{
	InvEnt *e = &L->tab[lv].v[i];
	const InvEnt *up = L->tab[lv - 1].v;
	if (e->parent < 0) {
		e->parent = p;
		e->pline = L->line;
		return 0;
	}
	if (e->parent == p)
		return 0;
	const char *what = inv_level_names[lv], *pw = inv_level_names[lv - 1];
	char where[32] = "in the site";
	if (e->pline > 0)
		snprintf(where, sizeof where, "on line %d", (int)e->pline);
	return inv_fail(L, "%s '%s' is in %s '%s' here but in %s '%s' %s", what, e->name, pw,
	                up[p].name, pw, up[e->parent].name, where);
}

/* ---- one line ----------------------------------------------------------- */

static bool inv_blank(char c) { return c == ' ' || c == '\t'; }

/* Split line into fields, unquoted into L->buf. Returns the field count
 * (fields past INV_COLS are counted, not kept) or -1 after an error. */
static int inv_split(InvLoad *L, const char *line, size_t len, const char *f[INV_COLS])
{
	char *out = L->buf;
	size_t i = 0;
	for (int n = 0;; n++) {
		while (i < len && inv_blank(line[i]))
			i++;
		char *fs = out;
		if (i < len && line[i] == '"') {
			size_t open = i++;
			for (;;) {
				if (i >= len)
					return inv_fail(L, "unterminated quote at column %zu", open + 1);
				if (line[i] == '"' && (i + 1 >= len || line[i + 1] != '"'))
					break;
				i += line[i] == '"';  /* "" is one quote */
				*out++ = line[i++];
			}
			i++;
			while (i < len && inv_blank(line[i]))
				i++;
			if (i < len && line[i] != ',')
				return inv_fail(L, "text after a closing quote at column %zu", i + 1);
		} else {
			for (; i < len && line[i] != ','; i++) {
				if (line[i] == '"')
					return inv_fail(L, "quote inside an unquoted field at column %zu", i + 1);
				*out++ = line[i];
			}
			while (out > fs && inv_blank(out[-1]))
				out--;
		}
		*out++ = '\0';
		if (n < INV_COLS)
			f[n] = fs;
		if (i++ >= len)  /* past the comma */
			return n + 1;
	}
}

/* A name or address: 1..max-1 bytes of printable text (or empty when not
 * required). */
static int inv_check_text(InvLoad *L, int col, const char *v, bool required, size_t max)
{
	char q[41];
	if (!*v)
		return required ? inv_fail(L, "%s is empty", inv_col_names[col]) : 0;
	if (strlen(v) >= max)
		return inv_fail(L, "%s '%s...' is longer than %zu bytes", inv_col_names[col],
		                text_sanitize(q, sizeof q, v), max - 1);
	if (!text_is_clean(v))
		return inv_fail(L, "%s '%s' holds control or non-printing characters",
		                inv_col_names[col], text_sanitize(q, sizeof q, v));
	return 0;
}

/* Check the columns of a record for its kind; fill r->slot. */
static int inv_check_rec(InvLoad *L, InvRec *r)
{
	const char **f = r->f, *name = f[F_NAME], *kind = inv_kind_names[r->kind];
	for (int c = F_NAME; c <= F_RACK; c++)
		if (inv_check_text(L, c, f[c], c == F_NAME, SITE_NAME_MAX) < 0)
			return -1;
	if (r->kind == INV_NODE && strpbrk(name, " \t,[]"))
		return inv_fail(L, "node name '%s' holds a space, comma or bracket", name);
	if (r->kind == INV_NODE && inv_check_text(L, F_BMC, f[F_BMC], false, SITE_TEXT_MAX) < 0)
		return -1;
	r->slot = -1;
	if (*f[F_SLOT]) {
		char q[41];
		size_t n = strspn(f[F_SLOT], "0123456789");
		long v = n && n <= 6 && !f[F_SLOT][n] ? strtol(f[F_SLOT], NULL, 10) : -1;
		if (v < 0)
			return inv_fail(L, "bad slot '%s' (want a whole number from 0, or empty)",
			                text_sanitize(q, sizeof q, f[F_SLOT]));
		r->slot = (int32_t)v;
	}
	if (*f[F_HALL] && !*f[F_ROW])
		return inv_fail(L, "%s '%s': hall given without a row", kind, name);
	if (r->kind != INV_NODE && r->slot >= 0)
		return inv_fail(L, "%s '%s': slot is only for nodes", kind, name);
	if (r->kind == INV_NODE && !*f[F_RACK] && (*f[F_ROW] || r->slot >= 0))
		return inv_fail(L, "node '%s': row or slot given without a rack", name);
	if (r->kind == INV_CDU && !*f[F_ROW])
		return inv_fail(L, "cdu '%s' needs the row it serves", name);
	if (r->kind == INV_CDU && *f[F_RACK])
		return inv_fail(L, "cdu '%s' serves a row: leave the rack column empty", name);
	if (r->kind == INV_PDU && !*f[F_RACK])
		return inv_fail(L, "pdu '%s' needs the rack it serves", name);
	return 0;
}

/* Parse one line: 1 for a record, 0 for a blank, comment or header line,
 * -1 after an error. */
static int inv_parse_line(InvLoad *L, const char *line, size_t len, InvRec *r)
{
	size_t i = 0;
	while (i < len && inv_blank(line[i]))
		i++;
	if (i == len || line[i] == '#')
		return 0;
	int n = inv_split(L, line, len, r->f);
	if (n < 0)
		return -1;
	if (!L->header_done) {
		L->header_done = true;
		if (strcasecmp(r->f[F_KIND], "kind") == 0)
			return 0;
	}
	if (n != INV_COLS)
		return inv_fail(L, "wrong column count: %d (want 7: kind,name,hall,row,rack,slot,bmc)", n);
	int k = 0;
	while (k < INV_KINDS && strcasecmp(r->f[F_KIND], inv_kind_names[k]) != 0)
		k++;
	if (k == INV_KINDS) {
		char q[41];
		return inv_fail(L, "unknown kind '%s' (want node, cdu or pdu)",
		                text_sanitize(q, sizeof q, r->f[F_KIND]));
	}
	r->kind = (InvKind)k;
	return inv_check_rec(L, r) < 0 ? -1 : 1;
}

typedef int (*InvLineFn)(InvLoad *L, const InvRec *r);

/* Read every line of text, handing records to fn. */
static int inv_pass(InvLoad *L, const char *text, size_t len, InvLineFn fn)
{
	size_t pos = (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
	L->line = 0;
	L->header_done = false;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len, n = end - pos;
		if (++L->line > INVENTORY_LINES_MAX)
			return inv_fail(L, "more than %d lines", INVENTORY_LINES_MAX);
		if (n > 0 && text[pos + n - 1] == '\r')
			n--;
		if (n > INVENTORY_LINE_MAX)
			return inv_fail(L, "line too long (more than %d bytes)", INVENTORY_LINE_MAX);
		InvRec r;
		int rc = inv_parse_line(L, text + pos, n, &r);
		if (rc < 0 || (rc > 0 && fn(L, &r) < 0))
			return -1;
		pos = end + 1;
	}
	return 0;
}

/* ---- pass 1: collect the topology --------------------------------------- */

static int inv_collect(InvLoad *L, const InvRec *r)
{
	int32_t idx[LV_COUNT];
	for (int lv = LV_HALL; lv < LV_COUNT; lv++) {
		const char *name = r->f[F_HALL + lv];
		idx[lv] = *name ? inv_ent(L, (InvLevel)lv, name) : -1;
		if (*name && idx[lv] < 0)
			return -1;
		if (lv > LV_HALL && idx[lv] >= 0 && idx[lv - 1] >= 0 &&
		    inv_set_parent(L, (InvLevel)lv, idx[lv], idx[lv - 1]) < 0)
			return -1;
	}
	return 0;
}

/* Racks never given a row go to row "default", rows never given a hall to
 * hall "default". */
static int inv_defaults(InvLoad *L)
{
	for (int lv = LV_RACK; lv > LV_HALL; lv--) {
		InvTable *t = &L->tab[lv];
		for (int32_t i = 0; i < t->n; i++) {
			if (t->v[i].parent >= 0)
				continue;
			L->line = t->v[i].line;
			int32_t p = inv_ent(L, (InvLevel)(lv - 1), INVENTORY_DEFAULT_GROUP);
			if (p < 0)
				return -1;
			t->v[i].parent = p;
		}
	}
	return 0;
}

/* Indices of t grouped by parent (np parents), stable: the entries of
 * parent p are order[start[p] .. start[p+1]).  Both malloc'd; false on OOM. */
static bool inv_group(const InvTable *t, int32_t np, int32_t **order, int32_t **start)
{
	*order = malloc(((size_t)t->n + 1) * sizeof **order);
	*start = calloc((size_t)np + 2, sizeof **start);
	if (!*order || !*start)
		return false;
	for (int32_t i = 0; i < t->n; i++)
		(*start)[t->v[i].parent + 2]++;
	for (int32_t p = 0; p < np; p++)
		(*start)[p + 2] += (*start)[p + 1];
	for (int32_t i = 0; i < t->n; i++)
		(*order)[(*start)[t->v[i].parent + 1]++] = i;
	return true;
}

/* May a row be appended to hall i (lv LV_ROW), or a rack to row i (lv
 * LV_RACK), without breaking the contiguous ranges site.c keeps? */
static bool inv_open(const Site *s, InvLevel lv, int32_t i)
{
	const SiteView *v = site_view(s);
	if (lv == LV_ROW)
		return v->halls[i].nrows == 0 || v->halls[i].first_row + v->halls[i].nrows == v->nrows;
	return v->rows[i].nracks == 0 || v->rows[i].first_rack + v->rows[i].nracks == v->nracks;
}

/* Create the n entries idx[] of level lv (rows or racks) that the site
 * lacks, in parent pe. */
static int inv_build_children(InvLoad *L, InvLevel lv, const int32_t *idx, int32_t n,
                              const InvEnt *pe)
{
	for (int32_t j = 0; j < n; j++) {
		InvEnt *e = &L->tab[lv].v[idx[j]];
		if (e->site >= 0)
			continue;
		L->line = e->line;
		if (!inv_open(L->s, lv, pe->site))
			return inv_fail(L, "cannot add %s '%s' to %s '%s': its %ss are not the last in the site",
			                inv_level_names[lv], e->name, inv_level_names[lv - 1], pe->name,
			                inv_level_names[lv]);
		e->site = lv == LV_RACK ? site_rack_add(L->s, pe->site, e->name)
		                        : site_row_add(L->s, pe->site, e->name);
		if (e->site < 0)
			return inv_fail(L, "out of memory adding '%s'", e->name);
	}
	return 0;
}

/* Create the missing halls, then rows grouped by hall, then racks grouped
 * by row, rows taken hall by hall. */
static int inv_build(InvLoad *L)
{
	InvTable *H = &L->tab[LV_HALL], *W = &L->tab[LV_ROW];
	for (int32_t i = 0; i < H->n; i++) {
		InvEnt *e = &H->v[i];
		L->line = e->line;
		if (e->site < 0 && (e->site = site_hall_add(L->s, e->name)) < 0)
			return inv_fail(L, "out of memory adding '%s'", e->name);
	}
	int32_t *ro = NULL, *rs = NULL, *ko = NULL, *ks = NULL;
	int rc = -1;
	if (!inv_group(W, H->n, &ro, &rs) || !inv_group(&L->tab[LV_RACK], W->n, &ko, &ks)) {
		rc = inv_fail(L, "out of memory");
		goto out;
	}
	for (int32_t h = 0; h < H->n; h++)
		if (inv_build_children(L, LV_ROW, ro + rs[h], rs[h + 1] - rs[h], &H->v[h]) < 0)
			goto out;
	for (int32_t j = 0; j < W->n; j++) {
		int32_t w = ro[j];
		if (inv_build_children(L, LV_RACK, ko + ks[w], ks[w + 1] - ks[w], &W->v[w]) < 0)
			goto out;
	}
	rc = 0;
out:
	free(ro);
	free(rs);
	free(ko);
	free(ks);
	return rc;
}

/* ---- pass 2: nodes, CDUs, PDUs ------------------------------------------ */

/* Where did entity idx of kind k come from: " (line N)" or " in the site". */
static const char *inv_origin(const InvLoad *L, InvKind k, int32_t idx, char *buf, size_t len)
{
	int32_t j = idx - L->first[k];
	if (j >= 0 && j < L->nlines[k])
		snprintf(buf, len, "line %d", (int)L->lines[k][j]);
	else
		snprintf(buf, len, "the site");
	return buf;
}

static int inv_dup(InvLoad *L, InvKind k, const char *name, int32_t idx)
{
	char o[32];
	if (idx - L->first[k] >= 0)
		return inv_fail(L, "duplicate %s '%s' (first on %s)", inv_kind_names[k], name,
		                inv_origin(L, k, idx, o, sizeof o));
	return inv_fail(L, "%s '%s' is already in the site", inv_kind_names[k], name);
}

/* Refuse a full rack or a taken slot. */
static int inv_check_slot(InvLoad *L, int32_t rack, int32_t slot, const char *name)
{
	const SiteView *v = site_view(L->s);
	const Rack *k = &v->racks[rack];
	if (k->nnodes >= INVENTORY_RACK_NODES_MAX)
		return inv_fail(L, "rack '%s' already holds %d nodes", k->name, INVENTORY_RACK_NODES_MAX);
	for (int32_t i = 0; slot >= 0 && i < k->nnodes; i++) {
		char o[32];
		const Node *other = &v->nodes[k->nodes[i]];
		if (other->slot == slot)
			return inv_fail(L, "node '%s': slot %d of rack '%s' is taken by '%s' (%s)", name,
			                (int)slot, k->name, other->name,
			                inv_origin(L, INV_NODE, k->nodes[i], o, sizeof o));
	}
	return 0;
}

static int inv_apply(InvLoad *L, const InvRec *r)
{
	const char *name = r->f[F_NAME];
	int32_t rack = *r->f[F_RACK] ? site_rack_find(L->s, r->f[F_RACK]) : -1, i;
	if (r->kind == INV_NODE) {
		if ((i = site_node_find(L->s, name)) >= 0)
			return inv_dup(L, INV_NODE, name, i);
		if (rack >= 0 && inv_check_slot(L, rack, r->slot, name) < 0)
			return -1;
		if ((i = site_node_add(L->s, name, rack, r->slot, L->gpus)) >= 0 && *r->f[F_BMC])
			site_node_set_bmc_addr(L->s, i, r->f[F_BMC]);
	} else if (r->kind == INV_CDU) {
		if ((i = site_cdu_find(L->s, name)) >= 0)
			return inv_dup(L, INV_CDU, name, i);
		int32_t w = site_row_find(L->s, r->f[F_ROW]);
		if ((i = site_cdu_add(L->s, name, w)) >= 0 && w >= 0) {
			const Row *row = &site_view(L->s)->rows[w];
			for (int32_t k = 0; k < row->nracks; k++)
				site_rack_set_cdu(L->s, row->first_rack + k, i);
		}
	} else {
		if ((i = site_pdu_find(L->s, name)) >= 0)
			return inv_dup(L, INV_PDU, name, i);
		if ((i = site_pdu_add(L->s, name, rack)) >= 0 && rack >= 0)
			site_rack_set_pdu(L->s, rack, i);
	}
	int32_t *lines = i < 0 ? NULL : inv_grow(L->lines[r->kind], &L->clines[r->kind],
	                                          L->nlines[r->kind], sizeof *lines);
	if (!lines)
		return inv_fail(L, "out of memory adding %s '%s'", inv_kind_names[r->kind], name);
	L->lines[r->kind] = lines;
	lines[L->nlines[r->kind]++] = L->line;
	return 0;
}

/* ---- loading ------------------------------------------------------------ */

static int inv_load(Site *s, const char *text, size_t len, const char *label, int gpus,
                    char *err, size_t errlen)
{
	InvLoad *L = calloc(1, sizeof *L);
	if (err && errlen)
		err[0] = '\0';
	if (!L)
		return inv_err(err, errlen, "out of memory");
	*L = (InvLoad){ .s = s, .gpus = gpus, .err = err, .errlen = errlen };
	text_sanitize(L->label, sizeof L->label, label ? label : "inventory");
	const SiteView *v = site_view(s);
	L->first[INV_NODE] = v->nnodes;
	L->first[INV_CDU] = v->ncdus;
	L->first[INV_PDU] = v->npdus;
	int rc = gpus < 0 || gpus > 64 ? inv_fail(L, "gpus per node must be 0..64, not %d", gpus) : 0;
	if (rc == 0 && (inv_pass(L, text, len, inv_collect) < 0 || inv_defaults(L) < 0 ||
	                inv_build(L) < 0 || inv_pass(L, text, len, inv_apply) < 0))
		rc = -1;
	for (int lv = 0; lv < LV_COUNT; lv++) {
		free(L->tab[lv].v);
		free(L->tab[lv].slots);
	}
	for (int k = 0; k < INV_KINDS; k++)
		free(L->lines[k]);
	free(L);
	return rc;
}

int inventory_load_csv_string(Site *s, const char *text, const char *label, int gpus_per_node,
                              char *err, size_t errlen)
{
	if (!s || !text)
		return inv_err(err, errlen, "%s: no site or no text", label ? label : "inventory");
	return inv_load(s, text, strlen(text), label, gpus_per_node, err, errlen);
}

int inventory_load_csv(Site *s, const char *path, int gpus_per_node, char *err, size_t errlen)
{
	if (!s || !path)
		return inv_err(err, errlen, "inventory: no site or no path");
	char label[INV_LABEL_MAX];
	text_sanitize(label, sizeof label, path);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return inv_err(err, errlen, "%s: %s", label, strerror(errno));
	long size = fseek(fp, 0, SEEK_END) == 0 ? ftell(fp) : -1;
	char *buf = NULL;
	int rc = 0;
	if (size < 0 || fseek(fp, 0, SEEK_SET) != 0)
		rc = inv_err(err, errlen, "%s: not a regular file", label);
	else if ((unsigned long)size > INVENTORY_FILE_MAX)
		rc = inv_err(err, errlen, "%s: larger than %u MiB", label, INVENTORY_FILE_MAX >> 20);
	else if (!(buf = malloc((size_t)size + 1)))
		rc = inv_err(err, errlen, "%s: out of memory", label);
	else if (fread(buf, 1, (size_t)size, fp) != (size_t)size)
		rc = inv_err(err, errlen, "%s: read error", label);
	fclose(fp);
	size_t len = size > 0 ? (size_t)size : 0;
	const char *nul = rc == 0 && len ? memchr(buf, '\0', len) : NULL;
	if (nul) {
		int line = 1;
		for (const char *p = buf; p < nul; p++)
			line += *p == '\n';
		rc = inv_err(err, errlen, "%s:%d: NUL byte in the text", label, line);
	}
	if (rc == 0)
		rc = inv_load(s, buf ? buf : "", len, label, gpus_per_node, err, errlen);
	free(buf);
	return rc;
}

/* ---- placement by number ------------------------------------------------ */

/* Names of hall h, row w of it and rack k of that (all 1-based). */
static void inv_names(char hn[SITE_NAME_MAX], char wn[SITE_NAME_MAX], char kn[SITE_NAME_MAX],
                      int h, int w, int k)
{
	snprintf(hn, SITE_NAME_MAX, "H%d", h);
	snprintf(wn, SITE_NAME_MAX, "H%d-R%02d", h, w);
	snprintf(kn, SITE_NAME_MAX, "H%d-R%02d-K%02d", h, w, k);
}

/* Find or create hall h, its row w and that row's rack k (1-based, see the
 * header); the rack's index, or -1 with err set. */
static int32_t inv_place_rack(Site *s, const InvLayout *lay, int h1, int w1, int k1, char *err,
                              size_t errlen)
{
	char hn[SITE_NAME_MAX], wn[SITE_NAME_MAX], kn[SITE_NAME_MAX], a[SITE_NAME_MAX], b[SITE_NAME_MAX];
	inv_names(hn, wn, kn, h1, w1, k1);
	int32_t h = site_hall_find(s, hn);
	if (h < 0) {
		if ((h = site_hall_add(s, hn)) < 0)
			return inv_err(err, errlen, "cannot add hall '%s'", hn);
		for (int i = 1; i <= lay->rows_per_hall; i++) {
			inv_names(a, b, a, h1, i, 1);
			if (site_row_add(s, h, b) < 0)
				return inv_err(err, errlen, "cannot add row '%s' (in another hall?)", b);
		}
	}
	int32_t w = site_row_find(s, wn);
	if (w < 0 && (!inv_open(s, LV_ROW, h) || (w = site_row_add(s, h, wn)) < 0))
		return inv_err(err, errlen, "cannot add row '%s' to hall '%s'", wn, hn);
	if (site_view(s)->rows[w].hall != h)
		return inv_err(err, errlen, "row '%s' is not in hall '%s'", wn, hn);
	int32_t k = site_rack_find(s, kn);
	int fill = k < 0 && site_view(s)->rows[w].nracks == 0 ? lay->racks_per_row : 0;
	for (int i = 1; i <= fill; i++) {
		inv_names(a, b, a, h1, w1, i);
		if (site_rack_add(s, w, a) < 0)
			return inv_err(err, errlen, "cannot add rack '%s' (in another row?)", a);
	}
	if (k < 0 && (k = site_rack_find(s, kn)) < 0 &&
	    (!inv_open(s, LV_RACK, w) || (k = site_rack_add(s, w, kn)) < 0))
		return inv_err(err, errlen, "cannot add rack '%s' to row '%s'", kn, wn);
	if (site_view(s)->racks[k].row != w)
		return inv_err(err, errlen, "rack '%s' is not in row '%s'", kn, wn);
	return k;
}

static int inv_place(Site *s, const char *name, const InvLayout *lay, char *err, size_t errlen)
{
	if (!s || !name)
		return inv_err(err, errlen, "no site or no name");
	if (lay->nodes_per_rack < 1 || lay->nodes_per_rack > INVENTORY_RACK_NODES_MAX ||
	    lay->racks_per_row < 1 || lay->racks_per_row > 1000 || lay->rows_per_hall < 1 ||
	    lay->rows_per_hall > 1000 || lay->gpus < 0 || lay->gpus > 64)
		return inv_err(err, errlen, "bad layout (want nodes_per_rack 1..%d, racks_per_row and "
		               "rows_per_hall 1..1000, gpus 0..64)", INVENTORY_RACK_NODES_MAX);
	char q[41];
	text_sanitize(q, sizeof q, name);
	size_t len = strlen(name), d = len;
	if (len == 0 || len >= SITE_NAME_MAX || !text_is_clean(name))
		return inv_err(err, errlen, "node name '%s' is empty, too long or not printable", q);
	while (d > 0 && name[d - 1] >= '0' && name[d - 1] <= '9')
		d--;
	if (d == len)
		return inv_err(err, errlen, "node '%s' does not end in a number", q);
	while (d + 1 < len && name[d] == '0')
		d++;
	long n = len - d <= 9 ? strtol(name + d, NULL, 10) : -1;
	if (n < 1)
		return inv_err(err, errlen, "node '%s': number %s (want 1 to 999999999)", q,
		               n ? "too large" : "0");
	int rack = (int)((n - 1) / lay->nodes_per_rack), row = rack / lay->racks_per_row;
	int32_t slot = (int32_t)((n - 1) % lay->nodes_per_rack);
	char hn[SITE_NAME_MAX], wn[SITE_NAME_MAX], kn[SITE_NAME_MAX];
	int h1 = row / lay->rows_per_hall + 1, w1 = row % lay->rows_per_hall + 1;
	int k1 = rack % lay->racks_per_row + 1;
	inv_names(hn, wn, kn, h1, w1, k1);
	const SiteView *v = site_view(s);
	int32_t i = site_node_find(s, name);
	if (i >= 0) {  /* site.h cannot move a node: only the same place is fine */
		const Node *nd = &v->nodes[i];
		if (nd->rack >= 0 && nd->slot == slot && strcmp(v->racks[nd->rack].name, kn) == 0)
			return 0;
		return inv_err(err, errlen, "node '%s' is already in the site (%s%s)", q,
		               nd->rack < 0 ? "unplaced" : "in rack ",
		               nd->rack < 0 ? "" : v->racks[nd->rack].name);
	}
	int32_t k = inv_place_rack(s, lay, h1, w1, k1, err, errlen);
	if (k < 0)
		return -1;
	v = site_view(s);
	const Rack *rk = &v->racks[k];
	for (int32_t j = 0; j < rk->nnodes; j++)
		if (v->nodes[rk->nodes[j]].slot == slot)
			return inv_err(err, errlen, "node '%s': slot %d of rack '%s' is taken by '%s'", q,
			               (int)slot, rk->name, v->nodes[rk->nodes[j]].name);
	if (site_node_add(s, name, k, slot, lay->gpus) < 0)
		return inv_err(err, errlen, "node '%s': out of memory", q);
	return 0;
}

int inventory_place_by_number(Site *s, const char *name, int nodes_per_rack, int racks_per_row,
                              int rows_per_hall)
{
	InvLayout lay = { nodes_per_rack, racks_per_row, rows_per_hall, INVENTORY_GPUS_DEFAULT };
	return inv_place(s, name, &lay, NULL, 0);
}

/* Read the key=value words of opts into lay. */
static int inv_options(const char *opts, InvLayout *lay, char *err, size_t errlen)
{
	static const char *const keys[] = { "nodes_per_rack", "racks_per_row", "rows_per_hall", "gpus" };
	int *dst[] = { &lay->nodes_per_rack, &lay->racks_per_row, &lay->rows_per_hall, &lay->gpus };
	for (const char *p = opts;;) {
		char key[32], num[12], q[41];
		int used = 0;
		size_t o = 0;
		p += strspn(p, " \t\r\n");
		if (!*p)
			return 0;
		if (sscanf(p, "%31[a-z_]=%9[0-9]%n", key, num, &used) != 2 || !strchr(" \t\r\n", p[used]))
			used = 0;
		while (used && o < 4 && strcmp(keys[o], key) != 0)
			o++;
		if (!used || o == 4)
			return inv_err(err, errlen, "pattern: bad option '%s' (want nodes_per_rack=N, "
			               "racks_per_row=N, rows_per_hall=N or gpus=N)", text_sanitize(q, sizeof q, p));
		*dst[o] = atoi(num);
		p += used;
	}
}

int inventory_apply_pattern(Site *s, const char *pattern, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!s || !pattern)
		return inv_err(err, errlen, "pattern: no site or no pattern");
	/* the hostlist runs up to the word holding the first '=' */
	const char *eq = strchr(pattern, '=');
	size_t hl_len = eq ? (size_t)(eq - pattern) : strlen(pattern);
	while (eq && hl_len > 0 && !strchr(" \t\r\n", pattern[hl_len - 1]))
		hl_len--;
	InvLayout lay = { 8, 16, 8, INVENTORY_GPUS_DEFAULT };
	if (inv_options(pattern + hl_len, &lay, err, errlen) < 0)
		return -1;
	char *expr = malloc(hl_len + 1), herr[256];
	if (!expr)
		return inv_err(err, errlen, "pattern: out of memory");
	memcpy(expr, pattern, hl_len);
	expr[hl_len] = '\0';
	Hostlist *hl = hostlist_parse(expr, HOSTLIST_NAMES_MAX, herr, sizeof herr);
	free(expr);
	if (!hl)
		return inv_err(err, errlen, "pattern: %s", herr);
	int rc = hostlist_count(hl) ? 0 : inv_err(err, errlen, "pattern: no node names");
	for (size_t n = 0; rc == 0 && n < hostlist_count(hl); n++)
		rc = inv_place(s, hostlist_name(hl, n), &lay, err, errlen);
	hostlist_free(hl);
	return rc;
}
