/* The model: partitions, accounts, jobs, and the alert list. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "site/site_impl.h"

/* ---- scheduler ------------------------------------------------------------ */

int32_t site_partition_set(Site *s, const char *name, int32_t total_nodes, int32_t total_gpus, bool up)
{
	char clean[SITE_NAME_MAX];
	site_copy_name(clean, sizeof clean, name);
	int32_t i = site_map_get_name(s, &s->m_part, clean, site_name_part);
	if (i < 0) {
		if (GROW(s->parts, s->nparts, s->cparts) < 0)
			return -1;
		i = s->nparts;
		memcpy(s->parts[i].name, clean, sizeof clean);
		if (site_map_put(&s->m_part, site_hash_str(clean), i) < 0)
			return -1;
		s->nparts++;
		site_view_sync(s);
	}
	s->parts[i].total_nodes = total_nodes;
	s->parts[i].total_gpus = total_gpus;
	s->parts[i].up = up;
	site_changed(s);
	return i;
}

int32_t site_account_set(Site *s, const char *name, int32_t priority, const char *kind)
{
	char clean[SITE_NAME_MAX];
	site_copy_name(clean, sizeof clean, name);
	int32_t i = site_map_get_name(s, &s->m_acct, clean, site_name_acct);
	if (i < 0) {
		if (GROW(s->accts, s->naccts, s->caccts) < 0)
			return -1;
		i = s->naccts;
		memcpy(s->accts[i].name, clean, sizeof clean);
		if (site_map_put(&s->m_acct, site_hash_str(clean), i) < 0)
			return -1;
		s->naccts++;
		site_view_sync(s);
	}
	s->accts[i].priority = priority;
	site_copy_name(s->accts[i].kind, sizeof s->accts[i].kind, kind);
	site_changed(s);
	return i;
}

void site_jobs_begin(Site *s)
{
	for (int32_t i = 0; i < s->njobs; i++)
		s->jobs[i].seen = false;
}

int32_t site_job_set(Site *s, const Job *j)
{
	int32_t i = site_map_get_job(s, j->id);
	if (i < 0) {
		if (GROW(s->jobs, s->njobs, s->cjobs) < 0)
			return -1;
		i = s->njobs;
		memset(&s->jobs[i], 0, sizeof s->jobs[i]);
		s->jobs[i].id = j->id;
		if (site_map_put(&s->m_job, site_hash_u32(j->id), i) < 0)
			return -1;
		s->njobs++;
		site_view_sync(s);
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
	site_copy_name(d->name, sizeof d->name, j->name);
	site_copy_name(d->user, sizeof d->user, j->user);
	site_copy_name(d->account, sizeof d->account, j->account);
	site_copy_name(d->partition, sizeof d->partition, j->partition);
	site_copy_name(d->qos, sizeof d->qos, j->qos);
	site_copy_name(d->reason, sizeof d->reason, j->reason);
	site_copy_name(d->nodelist, sizeof d->nodelist, j->nodelist);
	d->seen = true;
	site_changed(s);
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
		site_map_free(&s->m_job);
		for (int32_t i = 0; i < s->njobs; i++)
			site_map_put(&s->m_job, site_hash_u32(s->jobs[i].id), i);
	}
	site_view_sync(s);
	site_changed(s);
}

void site_job_set_state(Site *s, uint32_t id, JobState st, const char *reason)
{
	int32_t i = site_map_get_job(s, id);
	if (i < 0)
		return;
	s->jobs[i].state = st;
	if (reason)
		site_copy_name(s->jobs[i].reason, sizeof s->jobs[i].reason, reason);
	site_changed(s);
}

/* ---- alerts --------------------------------------------------------------- */

Alert *site_alerts_reserve(Site *s, int32_t cap)
{
	if (site_grow((void **)&s->alerts, &s->calerts, cap, sizeof *s->alerts) < 0)
		return NULL;
	site_view_sync(s);
	return s->alerts;
}

void site_alerts_commit(Site *s, int32_t n)
{
	if (n >= 0 && n <= s->calerts)
		s->nalerts = n;
	site_view_sync(s);
	site_changed(s);
}
