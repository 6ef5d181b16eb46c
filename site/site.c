/* The model of one site: storage, lookups and the setters connectors use. */
#include "site/site.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site/site_impl.h"
#include "util/text.h"

/* ---- hashing ----------------------------------------------------------- */

uint32_t site_hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h | 0x80000000u;
}

uint32_t site_hash_u32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x | 0x80000000u;
}

void site_map_free(NameMap *m)
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
		site_map_free(&nm);
		return -1;
	}
	for (uint32_t i = 0; i < m->cap; i++)
		if (m->hash[i])
			map_put_raw(&nm, m->hash[i], m->idx[i]);
	site_map_free(m);
	*m = nm;
	return 0;
}

int site_map_put(NameMap *m, uint32_t h, int32_t idx)
{
	if ((m->n + 1) * 4 > m->cap * 3 && map_grow(m) < 0)
		return -1;
	return map_put_raw(m, h, idx);
}

int32_t site_map_get_name(const Site *s, const NameMap *m, const char *name, NameOf of)
{
	if (!m->cap || !name)
		return -1;
	uint32_t h = site_hash_str(name), mask = m->cap - 1;
	for (uint32_t i = h & mask; m->hash[i]; i = (i + 1) & mask)
		if (m->hash[i] == h && strcmp(of(s, m->idx[i]), name) == 0)
			return m->idx[i];
	return -1;
}

/* Job ids: the map stores the job index; compare ids. */
int32_t site_map_get_job(const Site *s, uint32_t id)
{
	const NameMap *m = &s->m_job;
	if (!m->cap)
		return -1;
	uint32_t h = site_hash_u32(id), mask = m->cap - 1;
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
const char *site_name_part(const Site *s, int32_t i) { return s->parts[i].name; }
const char *site_name_acct(const Site *s, int32_t i) { return s->accts[i].name; }

/* ---- storage ----------------------------------------------------------- */

/* Grow *arr (element size sz) to hold at least need elements. */
int site_grow(void **arr, int32_t *cap, int32_t need, size_t sz)
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


void site_view_sync(Site *s)
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

void site_changed(Site *s)
{
	s->generation++;
	s->view.generation = s->generation;
}

void site_set_val(Val *v, SourceId src, int64_t now, float x)
{
	if (isnan(x))
		return;
	v->v = x;
	v->at = now > 0 ? (uint32_t)now : 1;
	v->src = src;
}

void site_copy_name(char *dst, size_t len, const char *src)
{
	text_sanitize(dst, len, src ? src : "");
}

Site *site_new(const char *name)
{
	Site *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	site_copy_name(s->name, sizeof s->name, name ? name : "site");
	s->nsources = 1; /* id 0 means "none" */
	text_copy(s->sources[0].name, sizeof s->sources[0].name, "none");
	s->power.margin_pct = 5.0f;
	s->history.step = 10;
	for (int i = 0; i < SITE_HISTORY_LEN; i++)
		s->history.draw_w[i] = s->history.supply_w[i] = s->history.it_w[i] = NAN;
	site_view_sync(s);
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
	site_map_free(&s->m_node); site_map_free(&s->m_rack); site_map_free(&s->m_row);
	site_map_free(&s->m_hall); site_map_free(&s->m_cdu); site_map_free(&s->m_pdu);
	site_map_free(&s->m_part); site_map_free(&s->m_acct); site_map_free(&s->m_job);
	free(s);
}

const SiteView *site_view(const Site *s) { return &s->view; }

void site_set_read_only(Site *s, bool ro)
{
	s->read_only = ro;
	s->view.read_only = ro;
	site_changed(s);
}

void site_touch(Site *s, int64_t now)
{
	s->now = now;
	s->view.now = now;
	site_changed(s);
}

/* ---- sources ------------------------------------------------------------ */

SourceId site_source_add(Site *s, const char *name, const char *kind, int32_t stale_after)
{
	if (s->nsources >= SITE_SOURCES_MAX)
		return 0;
	Source *src = &s->sources[s->nsources];
	memset(src, 0, sizeof *src);
	site_copy_name(src->name, sizeof src->name, name);
	site_copy_name(src->kind, sizeof src->kind, kind);
	src->stale_after = stale_after > 0 ? stale_after : 30;
	SourceId id = (SourceId)s->nsources++;
	site_view_sync(s);
	site_changed(s);
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
	site_changed(s);
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
	site_changed(s);
}

void site_source_note(Site *s, SourceId id, const char *note)
{
	if (id == 0 || id >= s->nsources)
		return;
	site_copy_name(s->sources[id].note, sizeof s->sources[id].note, note);
	site_changed(s);
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
	char clean[SITE_NAME_MAX]; /* unique as stored, i.e. after sanitizing */
	site_copy_name(clean, sizeof clean, name);
	name = clean;
	if (site_map_get_name(s, &s->m_hall, name, name_hall) >= 0 || GROW(s->halls, s->nhalls, s->challs) < 0)
		return -1;
	Hall *h = &s->halls[s->nhalls];
	site_copy_name(h->name, sizeof h->name, name);
	h->first_row = -1;
	if (site_map_put(&s->m_hall, site_hash_str(h->name), s->nhalls) < 0)
		return -1;
	int32_t i = s->nhalls++;
	site_view_sync(s);
	site_changed(s);
	return i;
}

int32_t site_row_add(Site *s, int32_t hall, const char *name)
{
	char clean[SITE_NAME_MAX]; /* unique as stored, i.e. after sanitizing */
	site_copy_name(clean, sizeof clean, name);
	name = clean;
	if (hall < 0 || hall >= s->nhalls || site_map_get_name(s, &s->m_row, name, name_row) >= 0 ||
	    GROW(s->rows, s->nrows, s->crows) < 0)
		return -1;
	Row *r = &s->rows[s->nrows];
	site_copy_name(r->name, sizeof r->name, name);
	r->hall = hall;
	r->first_rack = -1;
	r->cdu = -1;
	if (site_map_put(&s->m_row, site_hash_str(r->name), s->nrows) < 0)
		return -1;
	Hall *h = &s->halls[hall];
	if (h->first_row < 0)
		h->first_row = s->nrows;
	h->nrows++;
	int32_t i = s->nrows++;
	site_view_sync(s);
	site_changed(s);
	return i;
}

int32_t site_rack_add(Site *s, int32_t row, const char *name)
{
	char clean[SITE_NAME_MAX]; /* unique as stored, i.e. after sanitizing */
	site_copy_name(clean, sizeof clean, name);
	name = clean;
	if (row < 0 || row >= s->nrows || site_map_get_name(s, &s->m_rack, name, name_rack) >= 0 ||
	    GROW(s->racks, s->nracks, s->cracks) < 0)
		return -1;
	Rack *k = &s->racks[s->nracks];
	site_copy_name(k->name, sizeof k->name, name);
	Row *r = &s->rows[row];
	k->row = row;
	k->hall = r->hall;
	k->pos = r->nracks;
	k->cdu = r->cdu;
	k->pdu = -1;
	if (site_map_put(&s->m_rack, site_hash_str(k->name), s->nracks) < 0)
		return -1;
	if (r->first_rack < 0)
		r->first_rack = s->nracks;
	r->nracks++;
	int32_t i = s->nracks++;
	site_view_sync(s);
	site_changed(s);
	return i;
}

int32_t site_cdu_add(Site *s, const char *name, int32_t row)
{
	char clean[SITE_NAME_MAX]; /* unique as stored, i.e. after sanitizing */
	site_copy_name(clean, sizeof clean, name);
	name = clean;
	if (site_map_get_name(s, &s->m_cdu, name, name_cdu) >= 0 || GROW(s->cdus, s->ncdus, s->ccdus) < 0)
		return -1;
	Cdu *c = &s->cdus[s->ncdus];
	site_copy_name(c->name, sizeof c->name, name);
	c->row = (row >= 0 && row < s->nrows) ? row : -1;
	c->loop = -1;
	if (site_map_put(&s->m_cdu, site_hash_str(c->name), s->ncdus) < 0)
		return -1;
	int32_t i = s->ncdus++;
	if (c->row >= 0) {
		Row *r = &s->rows[c->row];
		r->cdu = i;
		for (int32_t k = 0; k < r->nracks; k++)
			s->racks[r->first_rack + k].cdu = i;
	}
	site_view_sync(s);
	site_changed(s);
	return i;
}

int32_t site_pdu_add(Site *s, const char *name, int32_t rack)
{
	char clean[SITE_NAME_MAX]; /* unique as stored, i.e. after sanitizing */
	site_copy_name(clean, sizeof clean, name);
	name = clean;
	if (site_map_get_name(s, &s->m_pdu, name, name_pdu) >= 0 || GROW(s->pdus, s->npdus, s->cpdus) < 0)
		return -1;
	Pdu *p = &s->pdus[s->npdus];
	site_copy_name(p->name, sizeof p->name, name);
	p->rack = (rack >= 0 && rack < s->nracks) ? rack : -1;
	p->breakers_tripped = -1;
	if (site_map_put(&s->m_pdu, site_hash_str(p->name), s->npdus) < 0)
		return -1;
	int32_t i = s->npdus++;
	if (p->rack >= 0)
		s->racks[p->rack].pdu = i;
	site_view_sync(s);
	site_changed(s);
	return i;
}

int32_t site_feed_add(Site *s, const char *name)
{
	if (GROW(s->feeds, s->nfeeds, s->cfeeds) < 0)
		return -1;
	site_copy_name(s->feeds[s->nfeeds].name, SITE_NAME_MAX, name);
	int32_t i = s->nfeeds++;
	site_view_sync(s);
	site_changed(s);
	return i;
}

int32_t site_loop_add(Site *s, const char *name)
{
	if (GROW(s->loops, s->nloops, s->cloops) < 0)
		return -1;
	site_copy_name(s->loops[s->nloops].name, SITE_NAME_MAX, name);
	int32_t i = s->nloops++;
	site_view_sync(s);
	site_changed(s);
	return i;
}

void site_rack_set_budget(Site *s, int32_t rack, float watts)
{
	if (rack >= 0 && rack < s->nracks)
		s->racks[rack].budget_w = watts;
	site_changed(s);
}

void site_rack_set_cdu(Site *s, int32_t rack, int32_t cdu)
{
	if (rack >= 0 && rack < s->nracks && cdu >= -1 && cdu < s->ncdus)
		s->racks[rack].cdu = cdu;
	site_changed(s);
}

void site_rack_set_pdu(Site *s, int32_t rack, int32_t pdu)
{
	if (rack >= 0 && rack < s->nracks && pdu >= -1 && pdu < s->npdus)
		s->racks[rack].pdu = pdu;
	site_changed(s);
}

void site_cdu_set_loop(Site *s, int32_t cdu, int32_t loop)
{
	if (cdu >= 0 && cdu < s->ncdus && loop >= -1 && loop < s->nloops)
		s->cdus[cdu].loop = loop;
	site_changed(s);
}

/* ---- nodes --------------------------------------------------------------- */

int32_t site_node_add(Site *s, const char *name, int32_t rack, int32_t slot, int32_t ngpus)
{
	char clean[SITE_NAME_MAX];
	site_copy_name(clean, sizeof clean, name);
	if (!clean[0] || site_map_get_name(s, &s->m_node, clean, name_node) >= 0)
		return -1;
	if (rack >= s->nracks || ngpus < 0 || ngpus > 64)
		return -1;
	if (GROW(s->nodes, s->nnodes, s->cnodes) < 0 ||
	    site_grow((void **)&s->gpus, &s->cgpus, s->ngpus + ngpus, sizeof *s->gpus) < 0)
		return -1;
	if (rack >= 0) {
		Rack *k = &s->racks[rack];
		if (site_grow((void **)&k->nodes, &k->nodes_cap, k->nnodes + 1, sizeof *k->nodes) < 0)
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
	if (site_map_put(&s->m_node, site_hash_str(n->name), i) < 0)
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
	site_view_sync(s);
	site_changed(s);
	return i;
}

int32_t site_node_ensure(Site *s, const char *name, int32_t ngpus)
{
	char clean[SITE_NAME_MAX];
	site_copy_name(clean, sizeof clean, name);
	int32_t i = site_map_get_name(s, &s->m_node, clean, name_node);
	return i >= 0 ? i : site_node_add(s, clean, -1, -1, ngpus);
}

int32_t site_node_find(const Site *s, const char *name) { return site_map_get_name(s, &s->m_node, name, name_node); }
int32_t site_rack_find(const Site *s, const char *name) { return site_map_get_name(s, &s->m_rack, name, name_rack); }
int32_t site_row_find(const Site *s, const char *name) { return site_map_get_name(s, &s->m_row, name, name_row); }
int32_t site_hall_find(const Site *s, const char *name) { return site_map_get_name(s, &s->m_hall, name, name_hall); }
int32_t site_cdu_find(const Site *s, const char *name) { return site_map_get_name(s, &s->m_cdu, name, name_cdu); }
int32_t site_pdu_find(const Site *s, const char *name) { return site_map_get_name(s, &s->m_pdu, name, name_pdu); }
int32_t site_partition_find(const Site *s, const char *name) { return site_map_get_name(s, &s->m_part, name, site_name_part); }
int32_t site_account_find(const Site *s, const char *name) { return site_map_get_name(s, &s->m_acct, name, site_name_acct); }
int32_t site_job_find(const Site *s, uint32_t id) { return site_map_get_job(s, id); }

void site_node_set_bmc_addr(Site *s, int32_t node, const char *addr)
{
	if (node < 0 || node >= s->nnodes)
		return;
	site_copy_name(s->nodes[node].bmc.addr, sizeof s->nodes[node].bmc.addr, addr);
	site_changed(s);
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
	site_copy_name(n->reason, sizeof n->reason, reason);
	site_copy_name(n->reason_user, sizeof n->reason_user, reason_user);
	n->reason_time = reason_time;
	site_changed(s);
}

void site_node_set_gres(Site *s, int32_t node, int32_t gpus_alloc, const char *partitions)
{
	if (node < 0 || node >= s->nnodes)
		return;
	s->nodes[node].gpus_alloc = gpus_alloc;
	if (partitions)
		site_copy_name(s->nodes[node].partitions, sizeof s->nodes[node].partitions, partitions);
	site_changed(s);
}

void site_node_set_load(Site *s, int32_t node, SourceId src, int64_t now, float load, int64_t boot_time)
{
	if (node < 0 || node >= s->nnodes)
		return;
	site_set_val(&s->nodes[node].load, src, now, load);
	if (boot_time > 0)
		s->nodes[node].boot_time = boot_time;
	site_changed(s);
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
		site_set_val(x, src, now, v);
		site_changed(s);
	}
}

void site_gpu_set_present(Site *s, int32_t gpu, bool present)
{
	if (gpu < 0 || gpu >= s->ngpus)
		return;
	s->gpus[gpu].present = present;
	site_changed(s);
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
	site_changed(s);
}

void site_bmc_set_sensors(Site *s, int32_t node, SourceId src, int64_t now, float inlet_c, float power_w)
{
	if (node < 0 || node >= s->nnodes)
		return;
	site_set_val(&s->nodes[node].bmc.inlet_c, src, now, inlet_c);
	site_set_val(&s->nodes[node].bmc.power_w, src, now, power_w);
	site_changed(s);
}

void site_bmc_set_reset_types(Site *s, int32_t node, const char *csv)
{
	if (node < 0 || node >= s->nnodes)
		return;
	site_copy_name(s->nodes[node].bmc.reset_types, sizeof s->nodes[node].bmc.reset_types, csv);
	site_changed(s);
}

void site_bmc_set_boot_progress(Site *s, int32_t node, const char *text)
{
	if (node < 0 || node >= s->nnodes)
		return;
	site_copy_name(s->nodes[node].bmc.boot_progress, sizeof s->nodes[node].bmc.boot_progress, text);
	site_changed(s);
}

