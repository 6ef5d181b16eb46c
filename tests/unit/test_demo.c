/* Unit tests for connectors/demo.c: topology, determinism, incidents, actions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connectors/demo.h"
#include "site/hostlist.h"
#include "util/clock.h"

#define T0 1700000000

/* Results of actions, as the loop would receive them. */
typedef struct {
	int n;
	uint32_t id;
	bool ok;
	char msg[256];
} Done;

static void on_done(void *ctx, uint32_t id, bool ok, const char *msg)
{
	Done *d = ctx;
	d->n++;
	d->id = id;
	d->ok = ok;
	snprintf(d->msg, sizeof d->msg, "%s", msg ? msg : "");
}

/* One demo instance on its own site. */
typedef struct {
	Site *site;
	void *demo;
	Done done;
	ConnectorEnv env;
} Fix;

/* Build a [demo] section from "key=value" pairs (NULL-terminated), lines 2.. */
static void section(ConnSection *sec, const char *const *kv)
{
	memset(sec, 0, sizeof *sec);
	snprintf(sec->kind, sizeof sec->kind, "demo");
	snprintf(sec->file, sizeof sec->file, "test.ini");
	sec->line = 1;
	for (int i = 0; kv && kv[i]; i++) {
		char key[64];
		const char *eq = strchr(kv[i], '=');
		assert_non_null(eq);
		snprintf(key, sizeof key, "%.*s", (int)(eq - kv[i]), kv[i]);
		assert_int_equal(connsec_add(sec, key, eq + 1, i + 2), 0);
	}
}

static void fix_open(Fix *f, const char *const *kv, bool dry_run)
{
	ConnSection sec;
	char err[256] = "";
	memset(f, 0, sizeof *f);
	f->site = site_new("demo");
	assert_non_null(f->site);
	f->env = (ConnectorEnv){ f->site, true, dry_run, on_done, &f->done };
	section(&sec, kv);
	f->demo = demo_ops.create(&sec, &f->env, err, sizeof err);
	if (!f->demo)
		fail_msg("create: %s", err);
	connsec_free(&sec);
}

static void fix_close(Fix *f)
{
	demo_ops.destroy(f->demo);
	site_free(f->site);
}

static void steps(Fix *f, int n)
{
	for (int i = 0; i < n; i++)
		demo_step(f->demo, T0 + demo_ticks(f->demo) + 1);
}

static const SiteView *view(const Fix *f)
{
	return site_view(f->site);
}

/* ---- topology -------------------------------------------------------------- */

static void test_topology_full(void **state)
{
	(void)state;
	Fix f;
	fix_open(&f, (const char *const[]){ "incidents=no", NULL }, false);
	const SiteView *v = view(&f);
	assert_int_equal(v->nnodes, 12500);
	assert_int_equal(v->ngpus, 100000);
	assert_int_equal(v->nracks, 1563);
	assert_int_equal(v->nhalls, 4);
	assert_int_equal(v->nrows, 98);
	assert_int_equal(v->ncdus, 98);
	assert_int_equal(v->nloops, 4);
	assert_int_equal(v->npdus, 1563);
	assert_int_equal(v->nfeeds, 1);
	assert_string_equal(v->feeds[0].name, "hydro");
	assert_string_equal(v->nodes[0].name, "gpu00001");
	assert_string_equal(v->nodes[12499].name, "gpu12500");
	assert_string_equal(v->racks[0].name, "H1-R01-K01");
	assert_string_equal(v->rows[25].name, "H2-R01");
	assert_string_equal(v->cdus[0].name, "CDU-H1-R01");
	assert_string_equal(v->pdus[17].name, "PDU-H1-R02-K02");
	assert_string_equal(v->loops[3].name, "loop-H4");
	assert_int_equal(v->cdus[30].loop, 1);
	assert_int_equal(v->racks[1562].nnodes, 4);
	assert_string_equal(v->nodes[41].bmc.addr, "https://bmc-gpu00042.demo.invalid");
	assert_true(v->racks[0].budget_w > 80000 && v->racks[0].budget_w < 84000);
	assert_int_equal(v->nsources, 4);
	assert_string_equal(v->sources[1].name, "slurm (demo)");
	assert_string_equal(v->sources[2].kind, "prometheus");
	assert_int_equal(v->sources[3].stale_after, 30);
	assert_true(v->history->len >= 700);          /* backfilled */
	assert_int_equal(site_partition_find(f.site, "gpu") >= 0, 1);
	assert_int_equal(site_account_find(f.site, "norrsken-ai") >= 0, 1);
	fix_close(&f);
}

static void test_topology_small(void **state)
{
	(void)state;
	Fix f;
	fix_open(&f, (const char *const[]){ "scale=64", NULL }, false);
	const SiteView *v = view(&f);
	assert_int_equal(v->nnodes, 8);
	assert_int_equal(v->ngpus, 64);
	assert_int_equal(v->nracks, 1);
	assert_int_equal(v->nrows, 1);
	assert_int_equal(v->nhalls, 1);
	assert_int_equal(v->ncdus, 1);
	assert_string_equal(v->nodes[7].name, "gpu00008");
	assert_string_equal(v->racks[0].name, "H1-R01-K01");
	steps(&f, 70); /* incidents on a tiny site must not crash */
	fix_close(&f);

	fix_open(&f, (const char *const[]){ "scale=8", NULL }, false);
	assert_int_equal(view(&f)->nnodes, 1);
	steps(&f, 130);
	fix_close(&f);

	fix_open(&f, (const char *const[]){ "scale=4096", NULL }, false);
	v = view(&f);
	assert_int_equal(v->nracks, 64);
	assert_int_equal(v->nrows, 4);
	assert_int_equal(v->nhalls, 4);
	assert_string_equal(v->rows[3].name, "H4-R01");
	fix_close(&f);
}

/* ---- determinism ----------------------------------------------------------- */

static bool same_run(const Fix *a, const Fix *b)
{
	const SiteView *x = view(a), *y = view(b);
	if (x->ngpus != y->ngpus || x->njobs != y->njobs)
		return false;
	for (int32_t i = 0; i < x->ngpus; i++)
		if (memcmp(&x->gpus[i].temp_c.v, &y->gpus[i].temp_c.v, sizeof(float)) != 0)
			return false;
	for (int32_t i = 0; i < x->njobs; i++) {
		const Job *p = &x->jobs[i], *q = &y->jobs[i];
		if (p->id != q->id || p->state != q->state || p->nnodes != q->nnodes ||
		    strcmp(p->nodelist, q->nodelist) || strcmp(p->user, q->user) || p->gpus != q->gpus)
			return false;
		if (p->nnodes && memcmp(p->nodes, q->nodes, (size_t)p->nnodes * sizeof *p->nodes))
			return false;
	}
	return true;
}

static void test_determinism(void **state)
{
	(void)state;
	Fix a, b, c;
	fix_open(&a, (const char *const[]){ "scale=4096", "seed=7", NULL }, false);
	fix_open(&b, (const char *const[]){ "scale=4096", "seed=7", NULL }, false);
	fix_open(&c, (const char *const[]){ "scale=4096", "seed=8", NULL }, false);
	steps(&a, 40);
	steps(&b, 40);
	steps(&c, 40);
	assert_true(view(&a)->njobs > 0);
	assert_true(same_run(&a, &b));
	assert_false(same_run(&a, &c));
	fix_close(&a);
	fix_close(&b);
	fix_close(&c);
}

/* ---- scheduler --------------------------------------------------------------- */

static void test_jobs(void **state)
{
	(void)state;
	Fix f;
	fix_open(&f, (const char *const[]){ "scale=16384", "incidents=no", NULL }, false);
	steps(&f, 200);
	const SiteView *v = view(&f);
	int32_t alloc = 0, running = 0, pending = 0, resources = 0, priority = 0;
	for (int32_t n = 0; n < v->nnodes; n++)
		alloc += v->nodes[n].base == NODE_ALLOCATED || v->nodes[n].base == NODE_MIXED;
	for (int32_t i = 0; i < v->njobs; i++) {
		const Job *j = &v->jobs[i];
		assert_true(j->id >= 100000);
		if (j->state == JOB_RUNNING) {
			running++;
			assert_int_equal(j->nnodes, (j->gpus + 7) / 8);
			char err[128];
			Hostlist *hl = hostlist_parse(j->nodelist, 0, err, sizeof err);
			if (!strstr(j->nodelist, "...")) {
				if (!hl)
					fail_msg("%s: %s", j->nodelist, err);
				assert_int_equal(hostlist_count(hl), (size_t)j->nnodes);
				for (int32_t k = 0; k < j->nnodes; k++)
					assert_string_equal(hostlist_name(hl, (size_t)k), v->nodes[j->nodes[k]].name);
			}
			hostlist_free(hl);
		} else if (j->state == JOB_PENDING) {
			pending++;
			resources += strcmp(j->reason, "Resources") == 0;
			priority += strcmp(j->reason, "Priority") == 0;
		}
	}
	double pct = 100.0 * alloc / v->nnodes;
	printf("demo: 2048 nodes after 200 ticks: %.1f%% allocated, %d running, %d pending\n",
	       pct, running, pending);
	assert_true(pct > 75.0 && pct < 99.0);
	assert_true(running > 5);
	assert_true(pending > 3);
	assert_true(resources + priority > 0);
	assert_true(v->power->draw_w.v > v->power->it_w.v);
	assert_true(v->power->supply_w.v > 1e6);
	fix_close(&f);
}

/* ---- incidents ------------------------------------------------------------- */

static void test_incidents(void **state)
{
	(void)state;
	Fix f;
	fix_open(&f, (const char *const[]){ "scale=8192", NULL }, false);
	bool xid79 = false, xid48 = false, pump = false, leak = false, curtailed = false,
	     bmc = false, down = false, drained79 = false, hot = false, throttled_row = false;
	for (int t = 0; t < 60; t++) {
		steps(&f, 1);
		const SiteView *v = view(&f);
		for (int32_t g = 0; g < v->ngpus; g++) {
			const Gpu *x = &v->gpus[g];
			xid79 |= x->xid.v == 79 && !x->present;
			xid48 |= x->xid.v == 48;
			hot |= x->temp_c.v >= 88.0f && ((uint32_t)x->throttle.v & THR_HW_THERMAL);
		}
		for (int32_t c = 0; c < v->ncdus; c++) {
			for (int p = 0; p < v->cdus[c].npumps; p++)
				pump |= !v->cdus[c].pumps[p].running && v->cdus[c].pumps[p].health == HEALTH_CRITICAL;
			for (int l = 0; l < v->cdus[c].nleaks; l++)
				leak |= v->cdus[c].leaks[l].state == LEAK_CRITICAL;
			throttled_row |= v->cdus[c].supply_c.v > 40.0f;
		}
		curtailed |= v->power->draw_w.v > v->power->supply_w.v && v->power->curtailment_w.v > 0;
		for (int32_t n = 0; n < v->nnodes; n++) {
			const Node *x = &v->nodes[n];
			bmc |= !x->bmc.reachable && x->bmc.at != 0;
			down |= x->base == NODE_DOWN && (x->flags & NODEF_NOT_RESPONDING) &&
			        strcmp(x->reason, "Not responding") == 0;
			drained79 |= (x->flags & NODEF_DRAIN) && strstr(x->reason, "(XID 79)") != NULL;
		}
	}
	assert_true(xid79);
	assert_true(xid48);
	assert_true(pump);
	assert_true(throttled_row);
	assert_true(leak);
	assert_true(curtailed);
	assert_true(bmc);
	assert_true(down);
	assert_true(drained79);
	assert_true(hot);
	fix_close(&f);
}

/* ---- actions ------------------------------------------------------------------ */

static ActionReq req(uint32_t id, ActionKind k, int32_t node, uint32_t job, const char *reason)
{
	ActionReq r;
	memset(&r, 0, sizeof r);
	r.id = id;
	r.kind = k;
	r.node = node;
	r.job = job;
	snprintf(r.reason, sizeof r.reason, "%s", reason ? reason : "");
	return r;
}

static int32_t find_node(const Fix *f, NodeBase base)
{
	const SiteView *v = view(f);
	for (int32_t n = 0; n < v->nnodes; n++)
		if (v->nodes[n].base == base && !(v->nodes[n].flags & NODEF_DRAIN))
			return n;
	fail_msg("no node in state %d", (int)base);
	return -1;
}

static const Job *find_job(const Fix *f, JobState st)
{
	const SiteView *v = view(f);
	for (int32_t i = 0; i < v->njobs; i++)
		if (v->jobs[i].state == st)
			return &v->jobs[i];
	fail_msg("no job in state %d", (int)st);
	return NULL;
}

/* Submit, step until done, expect ok. */
static void run_ok(Fix *f, ActionReq r, int max_steps)
{
	char err[256] = "";
	int before = f->done.n;
	if (demo_ops.submit(f->demo, &r, err, sizeof err) != 0)
		fail_msg("submit %s: %s", action_kind_name(r.kind), err);
	for (int i = 0; i < max_steps && f->done.n == before; i++)
		steps(f, 1);
	assert_int_equal(f->done.n, before + 1);
	assert_int_equal(f->done.id, r.id);
	if (!f->done.ok)
		fail_msg("%s failed: %s", action_kind_name(r.kind), f->done.msg);
}

static void test_actions_node(void **state)
{
	(void)state;
	Fix f;
	fix_open(&f, (const char *const[]){ "scale=1024", "incidents=no", NULL }, false);
	steps(&f, 2);
	char err[256];

	/* drain an allocated node: stays alloc, drain flag, "draining" */
	int32_t n = find_node(&f, NODE_ALLOCATED);
	run_ok(&f, req(1, ACT_DRAIN, n, 0, "XID 79 GPU fell off the bus [oncall@bastion]"), 2);
	const Node *x = &view(&f)->nodes[n];
	assert_true(x->flags & NODEF_DRAIN);
	assert_int_equal(x->base, NODE_ALLOCATED);
	assert_string_equal(x->reason, "XID 79 GPU fell off the bus [oncall@bastion]");
	assert_string_equal(x->reason_user, "oncall");
	char buf[64];
	printf("demo: drained busy node reads '%s'\n", site_node_state_text(x, buf, sizeof buf));

	/* resume */
	run_ok(&f, req(2, ACT_RESUME, n, 0, NULL), 2);
	x = &view(&f)->nodes[n];
	assert_false(x->flags & NODEF_DRAIN);
	assert_string_equal(x->reason, "");

	/* refused: resume of a node not drained, a node out of range */
	ActionReq r = req(3, ACT_RESUME, n, 0, NULL);
	assert_int_equal(demo_ops.submit(f.demo, &r, err, sizeof err), -1);
	char want[96];
	snprintf(want, sizeof want, "%s is not drained", x->name);
	assert_string_equal(err, want);
	r = req(4, ACT_DRAIN, 99999, 0, "x");
	assert_int_equal(demo_ops.submit(f.demo, &r, err, sizeof err), -1);
	assert_non_null(strstr(err, "no node"));
	r = req(4, ACT_POWER_ON, n, 0, NULL);
	assert_int_equal(demo_ops.submit(f.demo, &r, err, sizeof err), -1);
	assert_non_null(strstr(err, "already on"));

	/* reboot: down + reboot issued, its job requeued, then idle */
	n = find_node(&f, NODE_ALLOCATED);
	uint32_t jobid = 0;
	const SiteView *v = view(&f);
	for (int32_t i = 0; i < v->njobs && !jobid; i++)
		for (int32_t k = 0; k < v->jobs[i].nnodes; k++)
			if (v->jobs[i].state == JOB_RUNNING && v->jobs[i].nodes[k] == n)
				jobid = v->jobs[i].id;
	assert_true(jobid != 0);
	run_ok(&f, req(5, ACT_REBOOT, n, 0, "reboot [oncall@bastion]"), 2);
	x = &view(&f)->nodes[n];
	assert_int_equal(x->base, NODE_DOWN);
	assert_true(x->flags & NODEF_REBOOT_ISSUED);
	int32_t ji = site_job_find(f.site, jobid);
	assert_true(ji >= 0);
	assert_int_equal(view(&f)->jobs[ji].state, JOB_PENDING);
	steps(&f, 5);
	x = &view(&f)->nodes[n];
	assert_true(x->base == NODE_IDLE || x->base == NODE_ALLOCATED || x->base == NODE_MIXED);
	assert_false(x->flags & (NODEF_REBOOT_ISSUED | NODEF_DRAIN));

	/* power-cycle: BMC Off, node down, then On with all GPUs present */
	n = find_node(&f, NODE_IDLE);
	const SiteView *vv = view(&f);
	int32_t g = vv->nodes[n].first_gpu + 3;
	run_ok(&f, req(6, ACT_POWER_CYCLE, n, 0, NULL), 3);
	x = &view(&f)->nodes[n];
	assert_int_equal(x->base, NODE_DOWN);
	steps(&f, 10); /* BMC sensors are published every 10 ticks */
	x = &view(&f)->nodes[n];
	assert_int_equal(x->bmc.power, POWER_ON);
	assert_int_not_equal(x->base, NODE_DOWN);
	assert_true(view(&f)->gpus[g].present);

	/* power-off, then on */
	n = find_node(&f, NODE_IDLE);
	run_ok(&f, req(7, ACT_POWER_OFF, n, 0, NULL), 3);
	steps(&f, 10);
	x = &view(&f)->nodes[n];
	assert_int_equal(x->base, NODE_DOWN);
	assert_true(x->flags & NODEF_POWERED_DOWN);
	assert_int_equal(x->bmc.power, POWER_OFF);
	r = req(8, ACT_POWER_OFF, n, 0, NULL);
	assert_int_equal(demo_ops.submit(f.demo, &r, err, sizeof err), -1);
	run_ok(&f, req(9, ACT_POWER_ON, n, 0, NULL), 3);
	steps(&f, 10);
	x = &view(&f)->nodes[n];
	assert_int_equal(x->bmc.power, POWER_ON);
	assert_int_not_equal(x->base, NODE_DOWN);
	fix_close(&f);
}

static void test_actions_job(void **state)
{
	(void)state;
	Fix f;
	fix_open(&f, (const char *const[]){ "scale=1024", "incidents=no", NULL }, false);
	steps(&f, 2);
	char err[256];

	/* cancel: CANCELLED, nodes freed, removed a few ticks later */
	const Job *j = find_job(&f, JOB_RUNNING);
	uint32_t id = j->id;
	int32_t node0 = j->nodes[0];
	run_ok(&f, req(10, ACT_CANCEL_JOB, -1, id, NULL), 2);
	j = &view(&f)->jobs[site_job_find(f.site, id)];
	assert_int_equal(j->state, JOB_CANCELLED);
	/* the node is no longer this job's (idle or taken by the next one) */
	const SiteView *v = view(&f);
	for (int32_t i = 0; i < v->njobs; i++)
		if (v->jobs[i].state == JOB_RUNNING)
			for (int32_t k = 0; k < v->jobs[i].nnodes; k++)
				assert_false(v->jobs[i].id == id && v->jobs[i].nodes[k] == node0);
	steps(&f, 6);
	assert_int_equal(site_job_find(f.site, id), -1);

	/* requeue: back to PENDING */
	j = find_job(&f, JOB_RUNNING);
	id = j->id;
	run_ok(&f, req(11, ACT_REQUEUE_JOB, -1, id, NULL), 2);
	j = &view(&f)->jobs[site_job_find(f.site, id)];
	assert_int_equal(j->state, JOB_PENDING);

	/* refused: no such job, requeue of a pending job */
	ActionReq r = req(12, ACT_CANCEL_JOB, -1, 42, NULL);
	assert_int_equal(demo_ops.submit(f.demo, &r, err, sizeof err), -1);
	assert_string_equal(err, "no job 42");
	r = req(13, ACT_REQUEUE_JOB, -1, id, NULL);
	assert_int_equal(demo_ops.submit(f.demo, &r, err, sizeof err), -1);
	assert_non_null(strstr(err, "not running"));
	fix_close(&f);
}

static void test_dry_run(void **state)
{
	(void)state;
	Fix f;
	fix_open(&f, (const char *const[]){ "scale=256", "incidents=no", NULL }, true);
	steps(&f, 1);
	int32_t n = find_node(&f, NODE_ALLOCATED);
	run_ok(&f, req(1, ACT_DRAIN, n, 0, "test [me@here]"), 2);
	assert_string_equal(f.done.msg, "dry run: not sent");
	assert_false(view(&f)->nodes[n].flags & NODEF_DRAIN);
	fix_close(&f);
}

static void test_bad_config(void **state)
{
	(void)state;
	Site *s = site_new("x");
	ConnectorEnv env = { s, true, false, NULL, NULL };
	ConnSection sec;
	char err[256];
	const char *const *cases[] = {
		(const char *const[]){ "seed=3", "scael=100", NULL },
		(const char *const[]){ "scale=4", NULL },
		(const char *const[]){ "seed=1", "interval=fast", NULL },
		(const char *const[]){ "incidents=perhaps", NULL },
	};
	const char *where[] = { "test.ini:3", "test.ini:2", "test.ini:3", "test.ini:2" };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		section(&sec, cases[i]);
		err[0] = '\0';
		assert_null(demo_ops.create(&sec, &env, err, sizeof err));
		if (!strstr(err, where[i]))
			fail_msg("case %zu: '%s' does not name %s", i, err, where[i]);
		connsec_free(&sec);
	}
	assert_int_equal(site_view(s)->nnodes, 0);
	site_free(s);
}

/* ---- the loop and speed ----------------------------------------------------------- */

static void test_loop(void **state)
{
	(void)state;
	Fix f;
	fix_open(&f, (const char *const[]){ "scale=64", "interval=100", NULL }, false);
	PollSet ps;
	pollset_init(&ps);
	int64_t now = clock_mono_ms();
	demo_ops.prepare(f.demo, &ps, now);
	assert_int_equal(pollset_timeout(&ps, now, -1), 0);  /* first step at once */
	demo_ops.dispatch(f.demo, ps.fds, 0, now);
	assert_int_equal(demo_ticks(f.demo), 1);
	pollset_reset(&ps);
	demo_ops.prepare(f.demo, &ps, now);
	assert_true(pollset_timeout(&ps, now, -1) > 50);
	demo_ops.dispatch(f.demo, ps.fds, 0, now + 10);      /* not yet */
	assert_int_equal(demo_ticks(f.demo), 1);
	demo_ops.dispatch(f.demo, ps.fds, 0, now + 100);
	assert_int_equal(demo_ticks(f.demo), 2);
	assert_true(view(&f)->sources[1].ok && view(&f)->sources[1].complete);
	pollset_free(&ps);
	fix_close(&f);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static void test_full_scale_step(void **state)
{
	(void)state;
	Fix f;
	int64_t t0 = clock_mono_us();
	fix_open(&f, NULL, false);
	int64_t t1 = clock_mono_us();
	int64_t us[10];
	for (int i = 0; i < 10; i++) {
		int64_t a = clock_mono_us();
		steps(&f, 1);
		us[i] = clock_mono_us() - a;
	}
	qsort(us, 10, sizeof us[0], cmp_i64);
	printf("demo: create at 100000 GPUs %.1f ms; step median %.1f ms (min %.1f, max %.1f)\n",
	       (t1 - t0) / 1000.0, us[5] / 1000.0, us[0] / 1000.0, us[9] / 1000.0);
	const SiteView *v = view(&f);
	assert_true(val_known(v->gpus[99999].temp_c) || !v->gpus[99999].present ||
	            v->nodes[12499].base == NODE_DOWN);
	assert_true(v->njobs > 10);
	fix_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_topology_full),
		cmocka_unit_test(test_topology_small),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_jobs),
		cmocka_unit_test(test_incidents),
		cmocka_unit_test(test_actions_node),
		cmocka_unit_test(test_actions_job),
		cmocka_unit_test(test_dry_run),
		cmocka_unit_test(test_bad_config),
		cmocka_unit_test(test_loop),
		cmocka_unit_test(test_full_scale_step),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
