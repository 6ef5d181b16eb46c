/* The model of one site: storage, lookups and the setters connectors use. */
#include "site/site.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* An open-addressing map from a name (or a number) to an index. Names are
 * not copied: each slot keeps the index and the lookup compares against the
 * entity's own name through a callback, so the map costs 8 bytes a slot. */
typedef struct {
	uint32_t *hash;   /* 0 = empty slot; stored hashes have the top bit set */
	int32_t *idx;
	uint32_t cap;     /* power of two, or 0 */
	uint32_t n;
} NameMap;

typedef const char *(*NameOf)(const Site *s, int32_t idx);

struct Site {
	char name[SITE_NAME_MAX];
	bool read_only;
	int64_t now;
	uint64_t generation;

	Source sources[SITE_SOURCES_MAX];
	int32_t nsources;

	Hall *halls; int32_t nhalls, challs;
	Row *rows; int32_t nrows, crows;
	Rack *racks; int32_t nracks, cracks;
	Node *nodes; int32_t nnodes, cnodes;
	Gpu *gpus; int32_t ngpus, cgpus;
	Feed *feeds; int32_t nfeeds, cfeeds;
	Pdu *pdus; int32_t npdus, cpdus;
	Cdu *cdus; int32_t ncdus, ccdus;
	CoolLoop *loops; int32_t nloops, cloops;
	Partition *parts; int32_t nparts, cparts;
	Account *accts; int32_t naccts, caccts;
	Job *jobs; int32_t njobs, cjobs;
	Alert *alerts; int32_t nalerts, calerts;
	Power power;
	PowerHistory history;

	NameMap m_node, m_rack, m_row, m_hall, m_cdu, m_pdu, m_part, m_acct, m_job;
	SiteView view;
};

/* ---- hashing ----------------------------------------------------------- */

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h | 0x80000000u;
}

static uint32_t hash_u32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x | 0x80000000u;
}

static void map_free(NameMap *m)
{
	free(m->hash);
	free(m->idx);
	memset(m, 0, sizeof *m);
}

static int map_put_raw(NameMap *m, uint32_t h, int32_t idx)
{
	uint32_t mask = m->cap - 1;
	for (uint32_t i = h & mask;; i = (i + 1) & mask) {
		if (m->hash[i] == 0) {
			m->hash[i] = h;
			m->idx[i] = idx;
			m->n++;
			return 0;
		}
	}
}

static int map_grow(NameMap *m)
{
	uint32_t ncap = m->cap ? m->cap * 2 : 64;
	NameMap nm = { calloc(ncap, sizeof(uint32_t)), calloc(ncap, sizeof(int32_t)), ncap, 0 };
	if (!nm.hash || !nm.idx) {
		map_free(&nm);
		return -1;
	}
	for (uint32_t i = 0; i < m->cap; i++)
		if (m->hash[i])
			map_put_raw(&nm, m->hash[i], m->idx[i]);
	map_free(m);
	*m = nm;
	return 0;
}

static int map_put(NameMap *m, uint32_t h, int32_t idx)
{
	if ((m->n + 1) * 4 > m->cap * 3 && map_grow(m) < 0)
		return -1;
	return map_put_raw(m, h, idx);
}

static int32_t map_get_name(const Site *s, const NameMap *m, const char *name, NameOf of)
{
	if (!m->cap || !name)
		return -1;
	uint32_t h = hash_str(name), mask = m->cap - 1;
	for (uint32_t i = h & mask; m->hash[i]; i = (i + 1) & mask)
		if (m->hash[i] == h && strcmp(of(s, m->idx[i]), name) == 0)
			return m->idx[i];
	return -1;
}

/* Job ids: the map stores the job index; compare ids. */
static int32_t map_get_job(const Site *s, uint32_t id)
{
	const NameMap *m = &s->m_job;
	if (!m->cap)
		return -1;
	uint32_t h = hash_u32(id), mask = m->cap - 1;
	for (uint32_t i = h & mask; m->hash[i]; i = (i + 1) & mask)
		if (m->hash[i] == h && m->idx[i] >= 0 && s->jobs[m->idx[i]].id == id)
			return m->idx[i];
	return -1;
}

static const char *name_node(const Site *s, int32_t i) { return s->nodes[i].name; }
static const char *name_rack(const Site *s, int32_t i) { return s->racks[i].name; }
static const char *name_row(const Site *s, int32_t i) { return s->rows[i].name; }
static const char *name_hall(const Site *s, int32_t i) { return s->halls[i].name; }
static const char *name_cdu(const Site *s, int32_t i) { return s->cdus[i].name; }
static const char *name_pdu(const Site *s, int32_t i) { return s->pdus[i].name; }
static const char *name_part(const Site *s, int32_t i) { return s->parts[i].name; }
static const char *name_acct(const Site *s, int32_t i) { return s->accts[i].name; }

/* ---- storage ----------------------------------------------------------- */

/* Grow *arr (element size sz) to hold at least need elements. */
static int grow(void **arr, int32_t *cap, int32_t need, size_t sz)
{
	if (need <= *cap)
		return 0;
	int32_t ncap = *cap ? *cap : 16;
	while (ncap < need)
		ncap *= 2;
	void *p = realloc(*arr, (size_t)ncap * sz);
	if (!p)
		return -1;
	memset((char *)p + (size_t)*cap * sz, 0, (size_t)(ncap - *cap) * sz);
	*arr = p;
	*cap = ncap;
	return 0;
}

#define GROW(arr, n, cap) grow((void **)&(arr), &(cap), (n) + 1, sizeof *(arr))

static void view_sync(Site *s)
{
	SiteView *v = &s->view;
	v->name = s->name;
	v->read_only = s->read_only;
	v->now = s->now;
	v->generation = s->generation;
	v->sources = s->sources; v->nsources = s->nsources;
	v->halls = s->halls; v->nhalls = s->nhalls;
	v->rows = s->rows; v->nrows = s->nrows;
	v->racks = s->racks; v->nracks = s->nracks;
	v->nodes = s->nodes; v->nnodes = s->nnodes;
	v->gpus = s->gpus; v->ngpus = s->ngpus;
	v->feeds = s->feeds; v->nfeeds = s->nfeeds;
	v->pdus = s->pdus; v->npdus = s->npdus;
	v->cdus = s->cdus; v->ncdus = s->ncdus;
	v->loops = s->loops; v->nloops = s->nloops;
	v->partitions = s->parts; v->npartitions = s->nparts;
	v->accounts = s->accts; v->naccounts = s->naccts;
	v->jobs = s->jobs; v->njobs = s->njobs;
	v->alerts = s->alerts; v->nalerts = s->nalerts;
	v->power = &s->power;
	v->history = &s->history;
}

static void changed(Site *s)
{
	s->generation++;
	s->view.generation = s->generation;
}

static void set_val(Val *v, SourceId src, int64_t now, float x)
{
	if (isnan(x))
		return;
	v->v = x;
	v->at = now > 0 ? (uint32_t)now : 1;
	v->src = src;
}

static void copy_name(char *dst, size_t len, const char *src)
{
	text_sanitize(dst, len, src ? src : "");
}

Site *site_new(const char *name)
{
	Site *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	copy_name(s->name, sizeof s->name, name ? name : "site");
	s->nsources = 1; /* id 0 means "none" */
	text_copy(s->sources[0].name, sizeof s->sources[0].name, "none");
	s->power.margin_pct = 5.0f;
	s->history.step = 10;
	for (int i = 0; i < SITE_HISTORY_LEN; i++)
		s->history.draw_w[i] = s->history.supply_w[i] = s->history.it_w[i] = NAN;
	view_sync(s);
	return s;
}

void site_free(Site *s)
{
	if (!s)
		return;
	for (int32_t i = 0; i < s->nracks; i++)
		free(s->racks[i].nodes);
	for (int32_t i = 0; i < s->njobs; i++)
		free(s->jobs[i].nodes);
	free(s->halls); free(s->rows); free(s->racks); free(s->nodes); free(s->gpus);
	free(s->feeds); free(s->pdus); free(s->cdus); free(s->loops); free(s->parts);
	free(s->accts); free(s->jobs); free(s->alerts);
	map_free(&s->m_node); map_free(&s->m_rack); map_free(&s->m_row);
	map_free(&s->m_hall); map_free(&s->m_cdu); map_free(&s->m_pdu);
	map_free(&s->m_part); map_free(&s->m_acct); map_free(&s->m_job);
	free(s);
}

const SiteView *site_view(const Site *s) { return &s->view; }

void site_set_read_only(Site *s, bool ro)
{
	s->read_only = ro;
	s->view.read_only = ro;
	changed(s);
}

void site_touch(Site *s, int64_t now)
{
	s->now = now;
	s->view.now = now;
	changed(s);
}

/* ---- sources ------------------------------------------------------------ */

SourceId site_source_add(Site *s, const char *name, const char *kind, int32_t stale_after)
{
	if (s->nsources >= SITE_SOURCES_MAX)
		return 0;
	Source *src = &s->sources[s->nsources];
	memset(src, 0, sizeof *src);
	copy_name(src->name, sizeof src->name, name);
	copy_name(src->kind, sizeof src->kind, kind);
	src->stale_after = stale_after > 0 ? stale_after : 30;
	SourceId id = (SourceId)s->nsources++;
	view_sync(s);
	changed(s);
	return id;
}

void site_source_ok(Site *s, SourceId id, int64_t now, bool complete)
{
	if (id == 0 || id >= s->nsources)
		return;
	Source *src = &s->sources[id];
	src->ok = true;
	src->last_ok = src->last_try = now;
	src->error[0] = '\0';
	if (complete)
		src->complete = true;
	changed(s);
}

void site_source_error(Site *s, SourceId id, int64_t now, const char *fmt, ...)
{
	if (id == 0 || id >= s->nsources)
		return;
	Source *src = &s->sources[id];
	char raw[SITE_ERR_MAX * 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	text_sanitize(src->error, sizeof src->error, raw);
	src->ok = false;
	src->last_try = now;
	changed(s);
}

void site_source_note(Site *s, SourceId id, const char *note)
{
	if (id == 0 || id >= s->nsources)
		return;
	copy_name(s->sources[id].note, sizeof s->sources[id].note, note);
	changed(s);
}

bool site_source_stale(const Site *s, SourceId id, int64_t now)
{
	if (id == 0 || id >= s->nsources)
		return false;
	const Source *src = &s->sources[id];
	return src->last_ok == 0 || now - src->last_ok > src->stale_after;
}

/* ---- topology ----------------------------------------------------------- */

int32_t site_hall_add(Site *s, const char *name)
{
	if (map_get_name(s, &s->m_hall, name, name_hall) >= 0 || GROW(s->halls, s->nhalls, s->challs) < 0)
		return -1;
	Hall *h = &s->halls[s->nhalls];
	copy_name(h->name, sizeof h->name, name);
	h->first_row = -1;
	if (map_put(&s->m_hall, hash_str(h->name), s->nhalls) < 0)
		return -1;
	int32_t i = s->nhalls++;
	view_sync(s);
	changed(s);
	return i;
}

int32_t site_row_add(Site *s, int32_t hall, const char *name)
{
	if (hall < 0 || hall >= s->nhalls || map_get_name(s, &s->m_row, name, name_row) >= 0 ||
	    GROW(s->rows, s->nrows, s->crows) < 0)
		return -1;
	Row *r = &s->rows[s->nrows];
	copy_name(r->name, sizeof r->name, name);
	r->hall = hall;
	r->first_rack = -1;
	r->cdu = -1;
	if (map_put(&s->m_row, hash_str(r->name), s->nrows) < 0)
		return -1;
	Hall *h = &s->halls[hall];
	if (h->first_row < 0)
		h->first_row = s->nrows;
	h->nrows++;
	int32_t i = s->nrows++;
	view_sync(s);
	changed(s);
	return i;
}

int32_t site_rack_add(Site *s, int32_t row, const char *name)
{
	if (row < 0 || row >= s->nrows || map_get_name(s, &s->m_rack, name, name_rack) >= 0 ||
	    GROW(s->racks, s->nracks, s->cracks) < 0)
		return -1;
	Rack *k = &s->racks[s->nracks];
	copy_name(k->name, sizeof k->name, name);
	Row *r = &s->rows[row];
	k->row = row;
	k->hall = r->hall;
	k->pos = r->nracks;
	k->cdu = r->cdu;
	k->pdu = -1;
	if (map_put(&s->m_rack, hash_str(k->name), s->nracks) < 0)
		return -1;
	if (r->first_rack < 0)
		r->first_rack = s->nracks;
	r->nracks++;
	int32_t i = s->nracks++;
	view_sync(s);
	changed(s);
	return i;
}

int32_t site_cdu_add(Site *s, const char *name, int32_t row)
{
	if (map_get_name(s, &s->m_cdu, name, name_cdu) >= 0 || GROW(s->cdus, s->ncdus, s->ccdus) < 0)
		return -1;
	Cdu *c = &s->cdus[s->ncdus];
	copy_name(c->name, sizeof c->name, name);
	c->row = (row >= 0 && row < s->nrows) ? row : -1;
	c->loop = -1;
	if (map_put(&s->m_cdu, hash_str(c->name), s->ncdus) < 0)
		return -1;
	int32_t i = s->ncdus++;
	if (c->row >= 0) {
		Row *r = &s->rows[c->row];
		r->cdu = i;
		for (int32_t k = 0; k < r->nracks; k++)
			s->racks[r->first_rack + k].cdu = i;
	}
	view_sync(s);
	changed(s);
	return i;
}

int32_t site_pdu_add(Site *s, const char *name, int32_t rack)
{
	if (map_get_name(s, &s->m_pdu, name, name_pdu) >= 0 || GROW(s->pdus, s->npdus, s->cpdus) < 0)
		return -1;
	Pdu *p = &s->pdus[s->npdus];
	copy_name(p->name, sizeof p->name, name);
	p->rack = (rack >= 0 && rack < s->nracks) ? rack : -1;
	p->breakers_tripped = -1;
	if (map_put(&s->m_pdu, hash_str(p->name), s->npdus) < 0)
		return -1;
	int32_t i = s->npdus++;
	if (p->rack >= 0)
		s->racks[p->rack].pdu = i;
	view_sync(s);
	changed(s);
	return i;
}

int32_t site_feed_add(Site *s, const char *name)
{
	if (GROW(s->feeds, s->nfeeds, s->cfeeds) < 0)
		return -1;
	copy_name(s->feeds[s->nfeeds].name, SITE_NAME_MAX, name);
	int32_t i = s->nfeeds++;
	view_sync(s);
	changed(s);
	return i;
}

int32_t site_loop_add(Site *s, const char *name)
{
	if (GROW(s->loops, s->nloops, s->cloops) < 0)
		return -1;
	copy_name(s->loops[s->nloops].name, SITE_NAME_MAX, name);
	int32_t i = s->nloops++;
	view_sync(s);
	changed(s);
	return i;
}

void site_rack_set_budget(Site *s, int32_t rack, float watts)
{
	if (rack >= 0 && rack < s->nracks)
		s->racks[rack].budget_w = watts;
	changed(s);
}

void site_rack_set_cdu(Site *s, int32_t rack, int32_t cdu)
{
	if (rack >= 0 && rack < s->nracks && cdu >= -1 && cdu < s->ncdus)
		s->racks[rack].cdu = cdu;
	changed(s);
}

void site_rack_set_pdu(Site *s, int32_t rack, int32_t pdu)
{
	if (rack >= 0 && rack < s->nracks && pdu >= -1 && pdu < s->npdus)
		s->racks[rack].pdu = pdu;
	changed(s);
}

void site_cdu_set_loop(Site *s, int32_t cdu, int32_t loop)
{
	if (cdu >= 0 && cdu < s->ncdus && loop >= -1 && loop < s->nloops)
		s->cdus[cdu].loop = loop;
	changed(s);
}

/* ---- nodes --------------------------------------------------------------- */

int32_t site_node_add(Site *s, const char *name, int32_t rack, int32_t slot, int32_t ngpus)
{
	char clean[SITE_NAME_MAX];
	copy_name(clean, sizeof clean, name);
	if (!clean[0] || map_get_name(s, &s->m_node, clean, name_node) >= 0)
		return -1;
	if (rack >= s->nracks || ngpus < 0 || ngpus > 64)
		return -1;
	if (GROW(s->nodes, s->nnodes, s->cnodes) < 0 ||
	    grow((void **)&s->gpus, &s->cgpus, s->ngpus + ngpus, sizeof *s->gpus) < 0)
		return -1;
	if (rack >= 0) {
		Rack *k = &s->racks[rack];
		if (grow((void **)&k->nodes, &k->nodes_cap, k->nnodes + 1, sizeof *k->nodes) < 0)
			return -1;
	}
	int32_t i = s->nnodes;
	Node *n = &s->nodes[i];
	memset(n, 0, sizeof *n);
	memcpy(n->name, clean, sizeof clean);
	n->rack = rack;
	n->slot = slot;
	n->first_gpu = s->ngpus;
	n->ngpus = ngpus;
	n->gpus_alloc = -1;
	n->pdu = -1;
	for (int32_t g = 0; g < ngpus; g++) {
		Gpu *gp = &s->gpus[s->ngpus + g];
		memset(gp, 0, sizeof *gp);
		gp->node = i;
		gp->index = (int16_t)g;
		gp->present = true;
	}
	if (map_put(&s->m_node, hash_str(n->name), i) < 0)
		return -1;
	s->ngpus += ngpus;
	s->nnodes++;
	if (rack >= 0) {
		Rack *k = &s->racks[rack];
		/* keep slot order */
		int32_t at = k->nnodes;
		while (at > 0 && slot >= 0 && s->nodes[k->nodes[at - 1]].slot > slot) {
			k->nodes[at] = k->nodes[at - 1];
			at--;
		}
		k->nodes[at] = i;
		k->nnodes++;
	}
	view_sync(s);
	changed(s);
	return i;
}

int32_t site_node_ensure(Site *s, const char *name, int32_t ngpus)
{
	char clean[SITE_NAME_MAX];
	copy_name(clean, sizeof clean, name);
	int32_t i = map_get_name(s, &s->m_node, clean, name_node);
	return i >= 0 ? i : site_node_add(s, clean, -1, -1, ngpus);
}

int32_t site_node_find(const Site *s, const char *name) { return map_get_name(s, &s->m_node, name, name_node); }
int32_t site_rack_find(const Site *s, const char *name) { return map_get_name(s, &s->m_rack, name, name_rack); }
int32_t site_row_find(const Site *s, const char *name) { return map_get_name(s, &s->m_row, name, name_row); }
int32_t site_hall_find(const Site *s, const char *name) { return map_get_name(s, &s->m_hall, name, name_hall); }
int32_t site_cdu_find(const Site *s, const char *name) { return map_get_name(s, &s->m_cdu, name, name_cdu); }
int32_t site_pdu_find(const Site *s, const char *name) { return map_get_name(s, &s->m_pdu, name, name_pdu); }
int32_t site_partition_find(const Site *s, const char *name) { return map_get_name(s, &s->m_part, name, name_part); }
int32_t site_account_find(const Site *s, const char *name) { return map_get_name(s, &s->m_acct, name, name_acct); }
int32_t site_job_find(const Site *s, uint32_t id) { return map_get_job(s, id); }

void site_node_set_bmc_addr(Site *s, int32_t node, const char *addr)
{
	if (node < 0 || node >= s->nnodes)
		return;
	copy_name(s->nodes[node].bmc.addr, sizeof s->nodes[node].bmc.addr, addr);
	changed(s);
}

void site_node_set_state(Site *s, int32_t node, SourceId src, int64_t now, NodeBase base,
                         uint32_t flags, const char *reason, const char *reason_user,
                         int64_t reason_time)
{
	if (node < 0 || node >= s->nnodes)
		return;
	Node *n = &s->nodes[node];
	n->base = base < NODE_STATE_COUNT ? base : NODE_UNKNOWN;
	n->flags = flags;
	n->sched_at = now > 0 ? (uint32_t)now : 1;
	n->sched_src = src;
	copy_name(n->reason, sizeof n->reason, reason);
	copy_name(n->reason_user, sizeof n->reason_user, reason_user);
	n->reason_time = reason_time;
	changed(s);
}

void site_node_set_gres(Site *s, int32_t node, int32_t gpus_alloc, const char *partitions)
{
	if (node < 0 || node >= s->nnodes)
		return;
	s->nodes[node].gpus_alloc = gpus_alloc;
	if (partitions)
		copy_name(s->nodes[node].partitions, sizeof s->nodes[node].partitions, partitions);
	changed(s);
}

void site_node_set_load(Site *s, int32_t node, SourceId src, int64_t now, float load, int64_t boot_time)
{
	if (node < 0 || node >= s->nnodes)
		return;
	set_val(&s->nodes[node].load, src, now, load);
	if (boot_time > 0)
		s->nodes[node].boot_time = boot_time;
	changed(s);
}

/* ---- GPUs ---------------------------------------------------------------- */

static const char *const gpu_field_names[GF_COUNT] = {
	"temp_c", "mem_temp_c", "power_w", "util_pct", "mem_util_pct", "fb_used_mib",
	"fb_free_mib", "xid", "ecc_dbe", "ecc_sbe", "remapped_rows", "row_remap_failed",
	"nvlink_errors", "throttle", "energy_j", "sm_clock_mhz",
};

const char *site_gpu_field_name(GpuField f)
{
	return (unsigned)f < GF_COUNT ? gpu_field_names[f] : "?";
}

int32_t site_gpu_find(const Site *s, int32_t node, int32_t index)
{
	if (node < 0 || node >= s->nnodes || index < 0 || index >= s->nodes[node].ngpus)
		return -1;
	return s->nodes[node].first_gpu + index;
}

static Val *gpu_field(Gpu *g, GpuField f)
{
	switch (f) {
	case GF_TEMP_C: return &g->temp_c;
	case GF_MEM_TEMP_C: return &g->mem_temp_c;
	case GF_POWER_W: return &g->power_w;
	case GF_UTIL_PCT: return &g->util_pct;
	case GF_MEM_UTIL_PCT: return &g->mem_util_pct;
	case GF_FB_USED_MIB: return &g->fb_used_mib;
	case GF_FB_FREE_MIB: return &g->fb_free_mib;
	case GF_XID: return &g->xid;
	case GF_ECC_DBE: return &g->ecc_dbe;
	case GF_ECC_SBE: return &g->ecc_sbe;
	case GF_REMAPPED_ROWS: return &g->remapped_rows;
	case GF_ROW_REMAP_FAILED: return &g->row_remap_failed;
	case GF_NVLINK_ERRORS: return &g->nvlink_errors;
	case GF_THROTTLE: return &g->throttle;
	case GF_ENERGY_J: return &g->energy_j;
	case GF_SM_CLOCK_MHZ: return &g->sm_clock_mhz;
	case GF_COUNT: break;
	}
	return NULL;
}

void site_gpu_set(Site *s, int32_t gpu, GpuField f, SourceId src, int64_t now, float v)
{
	if (gpu < 0 || gpu >= s->ngpus)
		return;
	Val *x = gpu_field(&s->gpus[gpu], f);
	if (x) {
		set_val(x, src, now, v);
		changed(s);
	}
}

void site_gpu_set_present(Site *s, int32_t gpu, bool present)
{
	if (gpu < 0 || gpu >= s->ngpus)
		return;
	s->gpus[gpu].present = present;
	changed(s);
}

/* ---- BMC ----------------------------------------------------------------- */

void site_bmc_set(Site *s, int32_t node, SourceId src, int64_t now, bool reachable,
                  PowerState power, Health health)
{
	if (node < 0 || node >= s->nnodes)
		return;
	Bmc *b = &s->nodes[node].bmc;
	b->reachable = reachable;
	b->src = src;
	if (reachable) {
		b->at = now > 0 ? (uint32_t)now : 1;
		b->power = power;
		b->health = health;
	}
	changed(s);
}

void site_bmc_set_sensors(Site *s, int32_t node, SourceId src, int64_t now, float inlet_c, float power_w)
{
	if (node < 0 || node >= s->nnodes)
		return;
	set_val(&s->nodes[node].bmc.inlet_c, src, now, inlet_c);
	set_val(&s->nodes[node].bmc.power_w, src, now, power_w);
	changed(s);
}

void site_bmc_set_reset_types(Site *s, int32_t node, const char *csv)
{
	if (node < 0 || node >= s->nnodes)
		return;
	copy_name(s->nodes[node].bmc.reset_types, sizeof s->nodes[node].bmc.reset_types, csv);
	changed(s);
}

void site_bmc_set_boot_progress(Site *s, int32_t node, const char *text)
{
	if (node < 0 || node >= s->nnodes)
		return;
	copy_name(s->nodes[node].bmc.boot_progress, sizeof s->nodes[node].bmc.boot_progress, text);
	changed(s);
}

/* ---- power --------------------------------------------------------------- */

void site_power_set(Site *s, PowerField f, SourceId src, int64_t now, float watts)
{
	Val *v = NULL;
	switch (f) {
	case PF_SUPPLY_W: v = &s->power.supply_w; break;
	case PF_DRAW_W: v = &s->power.draw_w; break;
	case PF_IT_W: v = &s->power.it_w; break;
	case PF_COOLING_W: v = &s->power.cooling_w; break;
	case PF_CURTAILMENT_W: v = &s->power.curtailment_w; break;
	}
	if (v) {
		set_val(v, src, now, watts);
		changed(s);
	}
}

void site_power_set_margin(Site *s, float pct)
{
	if (pct >= 0 && pct <= 100)
		s->power.margin_pct = pct;
	changed(s);
}

void site_feed_set(Site *s, int32_t feed, SourceId src, int64_t now, float capacity_w, float draw_w)
{
	if (feed < 0 || feed >= s->nfeeds)
		return;
	set_val(&s->feeds[feed].capacity_w, src, now, capacity_w);
	set_val(&s->feeds[feed].draw_w, src, now, draw_w);
	changed(s);
}

void site_rack_set_power(Site *s, int32_t rack, SourceId src, int64_t now, float watts)
{
	if (rack < 0 || rack >= s->nracks)
		return;
	set_val(&s->racks[rack].power_w, src, now, watts);
	changed(s);
}

void site_pdu_set(Site *s, int32_t pdu, SourceId src, int64_t now, float power_w, float capacity_w,
                  float energy_kwh, Health health, int32_t breakers_tripped)
{
	if (pdu < 0 || pdu >= s->npdus)
		return;
	Pdu *p = &s->pdus[pdu];
	set_val(&p->power_w, src, now, power_w);
	set_val(&p->capacity_w, src, now, capacity_w);
	set_val(&p->energy_kwh, src, now, energy_kwh);
	p->health = health;
	p->breakers_tripped = breakers_tripped;
	changed(s);
}

void site_history_sample(Site *s, int64_t now)
{
	PowerHistory *h = &s->history;
	int32_t slot;
	if (h->len < SITE_HISTORY_LEN) {
		slot = (h->head + h->len) % SITE_HISTORY_LEN;
		if (h->len == 0)
			h->t0 = now;
		h->len++;
	} else {
		slot = h->head;
		h->head = (h->head + 1) % SITE_HISTORY_LEN;
		h->t0 += h->step;
	}
	const Power *p = &s->power;
	h->draw_w[slot] = val_known(p->draw_w) ? p->draw_w.v : NAN;
	h->supply_w[slot] = val_known(p->supply_w) ? p->supply_w.v : NAN;
	h->it_w[slot] = val_known(p->it_w) ? p->it_w.v : NAN;
	changed(s);
}

/* ---- cooling -------------------------------------------------------------- */

void site_cdu_set(Site *s, int32_t cdu, CduField f, SourceId src, int64_t now, float v)
{
	if (cdu < 0 || cdu >= s->ncdus)
		return;
	Cdu *c = &s->cdus[cdu];
	Val *x = NULL;
	switch (f) {
	case CF_SUPPLY_C: x = &c->supply_c; break;
	case CF_RETURN_C: x = &c->return_c; break;
	case CF_FLOW_LPM: x = &c->flow_lpm; break;
	case CF_DP_KPA: x = &c->dp_kpa; break;
	case CF_PRIM_SUPPLY_C: x = &c->prim_supply_c; break;
	case CF_PRIM_RETURN_C: x = &c->prim_return_c; break;
	case CF_HEAT_W: x = &c->heat_w; break;
	case CF_COUNT: break;
	}
	if (x) {
		set_val(x, src, now, v);
		changed(s);
	}
}

void site_cdu_set_health(Site *s, int32_t cdu, Health h, const char *conditions)
{
	if (cdu < 0 || cdu >= s->ncdus)
		return;
	s->cdus[cdu].health = h;
	copy_name(s->cdus[cdu].conditions, sizeof s->cdus[cdu].conditions, conditions);
	changed(s);
}

int32_t site_cdu_pump(Site *s, int32_t cdu, const char *name, SourceId src, int64_t now,
                      float speed_pct, bool running, Health h)
{
	if (cdu < 0 || cdu >= s->ncdus)
		return -1;
	Cdu *c = &s->cdus[cdu];
	char clean[SITE_NAME_MAX];
	copy_name(clean, sizeof clean, name);
	int32_t i = 0;
	while (i < c->npumps && strcmp(c->pumps[i].name, clean) != 0)
		i++;
	if (i == c->npumps) {
		if (c->npumps == CDU_PUMPS_MAX)
			return -1;
		memcpy(c->pumps[c->npumps++].name, clean, sizeof clean);
	}
	Pump *p = &c->pumps[i];
	set_val(&p->speed_pct, src, now, speed_pct);
	p->running = running;
	p->health = h;
	changed(s);
	return i;
}

int32_t site_cdu_leak(Site *s, int32_t cdu, const char *name, int64_t now, LeakState st)
{
	if (cdu < 0 || cdu >= s->ncdus)
		return -1;
	Cdu *c = &s->cdus[cdu];
	char clean[SITE_NAME_MAX];
	copy_name(clean, sizeof clean, name);
	int32_t i = 0;
	while (i < c->nleaks && strcmp(c->leaks[i].name, clean) != 0)
		i++;
	if (i == c->nleaks) {
		if (c->nleaks == CDU_LEAKS_MAX)
			return -1;
		memcpy(c->leaks[c->nleaks++].name, clean, sizeof clean);
	}
	c->leaks[i].state = st;
	c->leaks[i].at = now > 0 ? (uint32_t)now : 1;
	changed(s);
	return i;
}

void site_loop_set(Site *s, int32_t loop, SourceId src, int64_t now, float supply_c,
                   float return_c, float heat_reuse_w)
{
	if (loop < 0 || loop >= s->nloops)
		return;
	CoolLoop *l = &s->loops[loop];
	set_val(&l->supply_c, src, now, supply_c);
	set_val(&l->return_c, src, now, return_c);
	set_val(&l->heat_reuse_w, src, now, heat_reuse_w);
	changed(s);
}

/* ---- scheduler ------------------------------------------------------------ */

int32_t site_partition_set(Site *s, const char *name, int32_t total_nodes, int32_t total_gpus, bool up)
{
	char clean[SITE_NAME_MAX];
	copy_name(clean, sizeof clean, name);
	int32_t i = map_get_name(s, &s->m_part, clean, name_part);
	if (i < 0) {
		if (GROW(s->parts, s->nparts, s->cparts) < 0)
			return -1;
		i = s->nparts;
		memcpy(s->parts[i].name, clean, sizeof clean);
		if (map_put(&s->m_part, hash_str(clean), i) < 0)
			return -1;
		s->nparts++;
		view_sync(s);
	}
	s->parts[i].total_nodes = total_nodes;
	s->parts[i].total_gpus = total_gpus;
	s->parts[i].up = up;
	changed(s);
	return i;
}

int32_t site_account_set(Site *s, const char *name, int32_t priority, const char *kind)
{
	char clean[SITE_NAME_MAX];
	copy_name(clean, sizeof clean, name);
	int32_t i = map_get_name(s, &s->m_acct, clean, name_acct);
	if (i < 0) {
		if (GROW(s->accts, s->naccts, s->caccts) < 0)
			return -1;
		i = s->naccts;
		memcpy(s->accts[i].name, clean, sizeof clean);
		if (map_put(&s->m_acct, hash_str(clean), i) < 0)
			return -1;
		s->naccts++;
		view_sync(s);
	}
	s->accts[i].priority = priority;
	copy_name(s->accts[i].kind, sizeof s->accts[i].kind, kind);
	changed(s);
	return i;
}

void site_jobs_begin(Site *s)
{
	for (int32_t i = 0; i < s->njobs; i++)
		s->jobs[i].seen = false;
}

int32_t site_job_set(Site *s, const Job *j)
{
	int32_t i = map_get_job(s, j->id);
	if (i < 0) {
		if (GROW(s->jobs, s->njobs, s->cjobs) < 0)
			return -1;
		i = s->njobs;
		memset(&s->jobs[i], 0, sizeof s->jobs[i]);
		s->jobs[i].id = j->id;
		if (map_put(&s->m_job, hash_u32(j->id), i) < 0)
			return -1;
		s->njobs++;
		view_sync(s);
	}
	Job *d = &s->jobs[i];
	int32_t *nodes = d->nodes;
	if (j->nnodes != d->nnodes || (j->nnodes && j->nodes != d->nodes)) {
		int32_t *nn = NULL;
		if (j->nnodes > 0) {
			nn = malloc((size_t)j->nnodes * sizeof *nn);
			if (!nn)
				return -1;
			memcpy(nn, j->nodes, (size_t)j->nnodes * sizeof *nn);
		}
		free(nodes);
		nodes = nn;
	}
	*d = *j;
	d->nodes = nodes;
	d->nnodes = nodes ? j->nnodes : 0;
	copy_name(d->name, sizeof d->name, j->name);
	copy_name(d->user, sizeof d->user, j->user);
	copy_name(d->account, sizeof d->account, j->account);
	copy_name(d->partition, sizeof d->partition, j->partition);
	copy_name(d->qos, sizeof d->qos, j->qos);
	copy_name(d->reason, sizeof d->reason, j->reason);
	copy_name(d->nodelist, sizeof d->nodelist, j->nodelist);
	d->seen = true;
	changed(s);
	return i;
}

void site_jobs_end(Site *s)
{
	int32_t o = 0;
	for (int32_t i = 0; i < s->njobs; i++) {
		if (s->jobs[i].seen)
			s->jobs[o++] = s->jobs[i];
		else
			free(s->jobs[i].nodes);
	}
	if (o != s->njobs) {
		s->njobs = o;
		map_free(&s->m_job);
		for (int32_t i = 0; i < s->njobs; i++)
			map_put(&s->m_job, hash_u32(s->jobs[i].id), i);
	}
	view_sync(s);
	changed(s);
}

void site_job_set_state(Site *s, uint32_t id, JobState st, const char *reason)
{
	int32_t i = map_get_job(s, id);
	if (i < 0)
		return;
	s->jobs[i].state = st;
	if (reason)
		copy_name(s->jobs[i].reason, sizeof s->jobs[i].reason, reason);
	changed(s);
}

/* ---- alerts --------------------------------------------------------------- */

Alert *site_alerts_reserve(Site *s, int32_t cap)
{
	if (grow((void **)&s->alerts, &s->calerts, cap, sizeof *s->alerts) < 0)
		return NULL;
	view_sync(s);
	return s->alerts;
}

void site_alerts_commit(Site *s, int32_t n)
{
	if (n >= 0 && n <= s->calerts)
		s->nalerts = n;
	view_sync(s);
	changed(s);
}
