/* Internal to site/: the Site struct and the helpers its files share.
 * Nothing outside site/site*.c includes this. */
#ifndef NARVIK_SITE_IMPL_H
#define NARVIK_SITE_IMPL_H

#include "site/site.h"

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

uint32_t site_hash_str(const char *s);
uint32_t site_hash_u32(uint32_t x);
void site_map_free(NameMap *m);
int site_map_put(NameMap *m, uint32_t h, int32_t idx);
int32_t site_map_get_name(const Site *s, const NameMap *m, const char *name, NameOf of);
int32_t site_map_get_job(const Site *s, uint32_t id);
const char *site_name_part(const Site *s, int32_t i);
const char *site_name_acct(const Site *s, int32_t i);
/* Grow *arr (element size sz) to hold at least need elements, zeroing the
 * new part. 0, or -1 on out of memory. */
int site_grow(void **arr, int32_t *cap, int32_t need, size_t sz);
#define GROW(arr, n, cap) site_grow((void **)&(arr), &(cap), (n) + 1, sizeof *(arr))
void site_view_sync(Site *s);     /* after any array moved or grew */
void site_changed(Site *s);       /* bump the generation */
void site_set_val(Val *v, SourceId src, int64_t now, float x); /* NaN: unchanged */
void site_copy_name(char *dst, size_t len, const char *src);   /* sanitized */

#endif
