/* The demo site's simulation: topology, scheduler, incidents, metrics. */
#include "connectors/demo_sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

#define GPU_IDLE_W 70.0f
#define NODE_OVERHEAD_W 2000.0f
#define RACK_BUDGET_W (DEMO_NODES_PER_RACK * 10200.0f)
#define JOB_KEEP_TICKS 5       /* ended jobs stay listed this long */

typedef struct {
	const char *name;
	int32_t prio;
	const char *kind;
} AcctDef;

static const AcctDef accounts[] = {
	{ "norrsken-ai", 1000, "startup" },
	{ "uio-research", 900, "research" },
	{ "ntnu-ml", 900, "research" },
	{ "sintef", 850, "research" },
	{ "aker-bio", 500, "enterprise" },
	{ "spot-intl-1", 100, "spot" },
	{ "spot-intl-2", 100, "spot" },
	{ "spot-intl-3", 100, "spot" },
};

typedef struct {
	const char *name;
	int acct;
} UserDef;

static const UserDef users[] = {
	{ "ingrid", 0 }, { "jonas", 0 }, { "kari", 1 }, { "ola", 1 },
	{ "sigrid", 2 }, { "magnus", 2 }, { "astrid", 3 }, { "erik", 4 },
	{ "mlops-a", 5 }, { "batch-eu", 6 }, { "batch-us", 7 }, { "batch-sg", 7 },
};
#define NUSERS ((int)(sizeof users / sizeof users[0]))

static const char *const job_names[] = {
	"llama-pretrain", "nor-llm-7b", "viking-13b-ft", "diffusion-sweep", "protein-fold",
	"weather-emu", "speech-nb", "rl-agents", "eval-harness", "vision-moe",
};
#define NJOBNAMES ((int)(sizeof job_names / sizeof job_names[0]))

static const int32_t job_sizes[] = { 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384 };
static const int32_t job_weights[] = { 10, 10, 12, 12, 12, 10, 8, 6, 4, 3, 2, 1 };
#define NSIZES ((int)(sizeof job_sizes / sizeof job_sizes[0]))

static const char *const drain_reasons[][2] = {
	{ "XID 79 GPU fell off the bus", "oncall" },
	{ "NVLink CRC errors, RMA 4471 open", "hw-ops" },
	{ "HBM row remap failed on GPU 5", "oncall" },
	{ "PSU 2 failed, part on order", "dc-tech" },
	{ "burn-in after board swap", "hw-ops" },
};
#define NDRAIN ((int)(sizeof drain_reasons / sizeof drain_reasons[0]))

/* ---- randomness ----------------------------------------------------------- */

uint64_t demo_sim_rand(Demo *d)
{
	uint64_t z = (d->rng += 0x9e3779b97f4a7c15ull); /* splitmix64 */
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

int32_t demo_sim_below(Demo *d, int32_t n)
{
	return n <= 1 ? 0 : (int32_t)(demo_sim_rand(d) % (uint64_t)n);
}

/* ---- names ---------------------------------------------------------------- */

const char *demo_sim_node_name(const Demo *d, int32_t node, char *buf, size_t len)
{
	snprintf(buf, len, "gpu%0*d", d->digits, node + 1);
	return buf;
}

/* Compress sorted node indices into "gpu[00001-00064,00100]"; stops with
 * ",...]" when the list would not fit. */
void demo_sim_nodelist(const Demo *d, const int32_t *nodes, int32_t n, char *buf, size_t len)
{
	if (n <= 0) {
		buf[0] = '\0';
		return;
	}
	if (n == 1) {
		demo_sim_node_name(d, nodes[0], buf, len);
		return;
	}
	size_t at = (size_t)snprintf(buf, len, "gpu[");
	for (int32_t i = 0; i < n;) {
		int32_t j = i;
		while (j + 1 < n && nodes[j + 1] == nodes[j] + 1)
			j++;
		char part[48];
		if (j > i)
			snprintf(part, sizeof part, "%s%0*d-%0*d", i ? "," : "", d->digits, nodes[i] + 1,
			         d->digits, nodes[j] + 1);
		else
			snprintf(part, sizeof part, "%s%0*d", i ? "," : "", d->digits, nodes[i] + 1);
		size_t pl = strlen(part);
		if (at + pl + 6 > len) {
			snprintf(buf + at, len - at, ",...]");
			return;
		}
		memcpy(buf + at, part, pl + 1);
		at += pl;
		i = j + 1;
	}
	snprintf(buf + at, len - at, "]");
}

const char *demo_sim_user_name(int user) { return users[user].name; }
const char *demo_sim_user_account(int user) { return accounts[users[user].acct].name; }
const char *demo_sim_job_name(int name) { return job_names[name]; }

/* ---- topology ------------------------------------------------------------- */

static int build_fail(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "demo: could not build the site (%s)", what);
	return -1;
}

int demo_sim_build(Demo *d, int64_t now, char *err, size_t errlen)
{
	Site *s = d->site;
	const SiteView *v = site_view(s);
	if (v->nnodes || v->nracks || v->nhalls)
		return build_fail(err, errlen, "the demo must be the only source of topology");
	d->nnodes = (int32_t)((d->scale + DEMO_GPUS_PER_NODE - 1) / DEMO_GPUS_PER_NODE);
	d->ngpus = d->nnodes * DEMO_GPUS_PER_NODE;
	d->nracks = (d->nnodes + DEMO_NODES_PER_RACK - 1) / DEMO_NODES_PER_RACK;
	d->nrows = (d->nracks + DEMO_RACKS_PER_ROW - 1) / DEMO_RACKS_PER_ROW;
	int32_t rph = (d->nrows + DEMO_HALLS_MAX - 1) / DEMO_HALLS_MAX;
	d->nhalls = (d->nrows + rph - 1) / rph;
	d->digits = 5;
	for (long lim = 99999; d->nnodes > lim && d->digits < 9; lim = lim * 10 + 9)
		d->digits++;
	d->supply_nominal_w = 230e6 * (double)d->ngpus / 100000.0;

	d->nodes = calloc((size_t)d->nnodes, sizeof *d->nodes);
	d->gpu_temp = calloc((size_t)d->ngpus, sizeof *d->gpu_temp);
	d->gpu_energy = calloc((size_t)d->ngpus, sizeof *d->gpu_energy);
	d->gpu_err = calloc((size_t)d->ngpus, sizeof *d->gpu_err);
	d->rack_w = calloc((size_t)d->nracks, sizeof *d->rack_w);
	d->pdu_kwh = calloc((size_t)d->nracks, sizeof *d->pdu_kwh);
	d->rack_row = calloc((size_t)d->nracks, sizeof *d->rack_row);
	d->row_hall = calloc((size_t)d->nrows, sizeof *d->row_hall);
	d->cdus = calloc((size_t)d->nrows, sizeof *d->cdus);
	if (!d->nodes || !d->gpu_temp || !d->gpu_energy || !d->gpu_err || !d->rack_w ||
	    !d->pdu_kwh || !d->rack_row || !d->row_hall || !d->cdus)
		return build_fail(err, errlen, "out of memory");

	char name[SITE_NAME_MAX + 16], other[SITE_TEXT_MAX + 16];
	d->feed = site_feed_add(s, "hydro");
	for (int32_t h = 0; h < d->nhalls; h++) {
		snprintf(name, sizeof name, "H%d", h + 1);
		snprintf(other, sizeof other, "loop-H%d", h + 1);
		if (site_hall_add(s, name) != h || site_loop_add(s, other) != h)
			return build_fail(err, errlen, "halls");
	}
	for (int32_t r = 0; r < d->nrows; r++) {
		int32_t h = r / rph;
		d->row_hall[r] = h;
		snprintf(name, sizeof name, "H%d-R%02d", h + 1, r - h * rph + 1);
		snprintf(other, sizeof other, "CDU-%s", name);
		if (site_row_add(s, h, name) != r || site_cdu_add(s, other, r) != r)
			return build_fail(err, errlen, "rows");
		site_cdu_set_loop(s, r, h);
		d->cdus[r] = (DemoCdu){ 31.5f + (float)(r % 5) * 0.5f, -1, -1, 0, 0 };
	}
	for (int32_t k = 0; k < d->nracks; k++) {
		int32_t r = k / DEMO_RACKS_PER_ROW;
		d->rack_row[k] = r;
		snprintf(name, sizeof name, "%s-K%02d", site_view(s)->rows[r].name,
		         k % DEMO_RACKS_PER_ROW + 1);
		if (site_rack_add(s, r, name) != k)
			return build_fail(err, errlen, "racks");
		snprintf(other, sizeof other, "PDU-%s", name);
		if (site_pdu_add(s, other, k) != k)
			return build_fail(err, errlen, "PDUs");
		site_rack_set_budget(s, k, RACK_BUDGET_W);
		site_rack_set_pdu(s, k, k);
		site_rack_set_cdu(s, k, r);
	}
	for (int32_t n = 0; n < d->nnodes; n++) {
		demo_sim_node_name(d, n, name, sizeof name);
		if (site_node_add(s, name, n / DEMO_NODES_PER_RACK, n % DEMO_NODES_PER_RACK,
		                  DEMO_GPUS_PER_NODE) != n)
			return build_fail(err, errlen, "nodes");
		snprintf(other, sizeof other, "https://bmc-%s.demo.invalid", name);
		site_node_set_bmc_addr(s, n, other);
		site_bmc_set_reset_types(s, n, "On,ForceOff,GracefulShutdown,GracefulRestart,ForceRestart,PowerCycle");
		site_bmc_set_boot_progress(s, n, "OSRunning");
		d->nodes[n].power = POWER_ON;
	}
	site_partition_set(s, "gpu", d->nnodes, d->ngpus, true);
	site_partition_set(s, "debug", d->nnodes, d->ngpus, true);
	for (size_t a = 0; a < sizeof accounts / sizeof accounts[0]; a++)
		site_account_set(s, accounts[a].name, accounts[a].prio, accounts[a].kind);

	/* Two hours of power history, so the chart has a past at start. */
	double it = d->nnodes * (0.9 * (8 * 640.0 + NODE_OVERHEAD_W) + 0.1 * (8 * GPU_IDLE_W + NODE_OVERHEAD_W));
	for (int i = 720; i >= 1; i--) {
		int64_t t = now - i * 10;
		double wob = 1.0 + 0.02 * sin(i / 37.0) + 0.01 * sin(i / 5.3);
		double draw = it * wob * 1.1;
		site_power_set(s, PF_IT_W, d->src_prom, t, (float)(it * wob));
		site_power_set(s, PF_DRAW_W, d->src_prom, t, (float)draw);
		site_power_set(s, PF_SUPPLY_W, d->src_prom, t,
		               (float)(d->supply_nominal_w * (0.96 + 0.03 * sin(i / 90.0))));
		site_history_sample(s, t);
	}
	return 0;
}

void demo_sim_free(Demo *d)
{
	for (int32_t i = 0; i < d->njobs; i++)
		free(d->jobs[i].nodes);
	free(d->jobs);
	free(d->acts);
	free(d->nodes);
	free(d->gpu_temp);
	free(d->gpu_energy);
	free(d->gpu_err);
	free(d->rack_w);
	free(d->pdu_kwh);
	free(d->rack_row);
	free(d->row_hall);
	free(d->cdus);
}

/* ---- jobs ------------------------------------------------------------------ */

DemoJob *demo_sim_job(Demo *d, uint32_t id)
{
	for (int32_t i = 0; i < d->njobs; i++)
		if (d->jobs[i].id == id)
			return &d->jobs[i];
	return NULL;
}

static bool job_ended(const DemoJob *j)
{
	return j->state != JOB_PENDING && j->state != JOB_RUNNING;
}

static DemoJob *job_submit(Demo *d)
{
	if (d->njobs == d->cjobs) {
		int32_t nc = d->cjobs ? d->cjobs * 2 : 64;
		DemoJob *p = realloc(d->jobs, (size_t)nc * sizeof *p);
		if (!p)
			return NULL;
		d->jobs = p;
		d->cjobs = nc;
	}
	DemoJob *j = &d->jobs[d->njobs++];
	memset(j, 0, sizeof *j);
	j->id = d->next_job_id++;
	j->user = (int16_t)demo_sim_below(d, NUSERS);
	j->name = (int16_t)demo_sim_below(d, NJOBNAMES);
	j->debug = demo_sim_below(d, 10) == 0;
	int32_t cap = d->ngpus / 4 / DEMO_GPUS_PER_NODE * DEMO_GPUS_PER_NODE;
	if (cap < DEMO_GPUS_PER_NODE)
		cap = DEMO_GPUS_PER_NODE;
	if (j->debug) {
		j->gpus = 1 << demo_sim_below(d, 4);
		j->dur = 20 + demo_sim_below(d, 80);
	} else {
		int32_t total = 0, pick, k = 0;
		for (int i = 0; i < NSIZES; i++)
			total += job_weights[i];
		pick = demo_sim_below(d, total);
		while (pick >= job_weights[k])
			pick -= job_weights[k++];
		j->gpus = job_sizes[k] < cap ? job_sizes[k] : cap;
		j->dur = 120 + demo_sim_below(d, 600) + 40 * k;
	}
	j->nnodes = (j->gpus + DEMO_GPUS_PER_NODE - 1) / DEMO_GPUS_PER_NODE;
	j->state = JOB_PENDING;
	j->reason = "Priority";
	j->submit_tick = d->tick;
	j->prio = (uint32_t)accounts[users[j->user].acct].prio * 1000u;
	return j;
}

static bool node_usable(const DemoNode *n)
{
	return !n->job && !n->drain && !n->down && n->phase == DEMO_PH_NONE;
}

static bool job_start(Demo *d, DemoJob *j)
{
	if (!j->nodes && !(j->nodes = malloc((size_t)j->nnodes * sizeof *j->nodes)))
		return false;
	int32_t got = 0;
	for (int32_t n = 0; n < d->nnodes && got < j->nnodes; n++)
		if (node_usable(&d->nodes[n]))
			j->nodes[got++] = n;
	if (got < j->nnodes)
		return false;
	for (int32_t i = 0; i < got; i++) {
		d->nodes[j->nodes[i]].job = j->id;
		d->nodes[j->nodes[i]].gpus_alloc = j->gpus < DEMO_GPUS_PER_NODE ? j->gpus : DEMO_GPUS_PER_NODE;
	}
	j->state = JOB_RUNNING;
	j->reason = "None";
	j->start_tick = d->tick;
	j->end_tick = d->tick + j->dur;
	return true;
}

static void job_free_nodes(Demo *d, DemoJob *j)
{
	if (j->state != JOB_RUNNING)
		return;
	for (int32_t i = 0; i < j->nnodes; i++) {
		DemoNode *n = &d->nodes[j->nodes[i]];
		if (n->job == j->id) {
			n->job = 0;
			n->gpus_alloc = 0;
		}
	}
}

void demo_sim_job_stop(Demo *d, DemoJob *j, JobState st)
{
	job_free_nodes(d, j);
	j->state = st;
	j->reason = "None";
	j->end_tick = d->tick;
}

void demo_sim_job_requeue(Demo *d, DemoJob *j)
{
	job_free_nodes(d, j);
	j->state = JOB_PENDING;
	j->reason = "BeginTime";
	j->submit_tick = d->tick + 5; /* eligible again after this */
}

void demo_sim_node_fail(Demo *d, int32_t node)
{
	DemoJob *j = d->nodes[node].job ? demo_sim_job(d, d->nodes[node].job) : NULL;
	if (j)
		demo_sim_job_stop(d, j, JOB_NODE_FAIL);
}

static int job_cmp(const void *a, const void *b)
{
	const DemoJob *x = *(const DemoJob *const *)a, *y = *(const DemoJob *const *)b;
	if (x->prio != y->prio)
		return x->prio > y->prio ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Start pending jobs by priority while ~85-95% of usable nodes are busy;
 * a head job that waited long holds back the backfill until it fits. */
static void schedule(Demo *d)
{
	int32_t usable = 0, alloc = 0, npend = 0;
	for (int32_t n = 0; n < d->nnodes; n++) {
		const DemoNode *x = &d->nodes[n];
		if (!x->drain && !x->down && x->phase == DEMO_PH_NONE) {
			usable++;
			alloc += x->job != 0;
		}
	}
	int32_t gpus_of[NUSERS] = { 0 };
	DemoJob **pend = malloc((size_t)(d->njobs + 1) * sizeof *pend);
	if (!pend)
		return;
	for (int32_t i = 0; i < d->njobs; i++) {
		DemoJob *j = &d->jobs[i];
		if (j->state == JOB_RUNNING)
			gpus_of[j->user] += j->gpus;
		else if (j->state == JOB_PENDING)
			pend[npend++] = j;
	}
	qsort(pend, (size_t)npend, sizeof *pend, job_cmp);
	double frac = 0.88 + 0.03 * sin(d->tick / 900.0);
	int32_t target = (int32_t)(usable * frac), user_cap = d->ngpus / 10;
	bool blocked = false, hold = false, head = true;
	for (int32_t i = 0; i < npend; i++) {
		DemoJob *j = pend[i];
		if (j->submit_tick > d->tick) {
			j->reason = "BeginTime";
			continue;
		}
		bool spot = accounts[users[j->user].acct].prio < 200;
		if (spot && gpus_of[j->user] + j->gpus > user_cap && gpus_of[j->user] > 0) {
			j->reason = "QOSMaxGRESPerUser";
			continue;
		}
		/* only the head of the queue, once it waited long, may pass the target */
		int32_t waited = d->tick - j->submit_tick;
		bool fits = usable - alloc >= j->nnodes && (alloc + j->nnodes <= target || (head && waited > 90));
		head = false;
		if (!hold && fits && job_start(d, j)) {
			alloc += j->nnodes;
			gpus_of[j->user] += j->gpus;
		} else if (!blocked) {
			j->reason = "Resources";
			blocked = true;
			hold = waited > 90;
		} else {
			j->reason = "Priority";
		}
	}
	free(pend);
}

static int32_t pending_target(const Demo *d)
{
	int32_t p = 8 + d->nnodes / 400;
	return p > 80 ? 80 : p;
}

static int32_t count_pending(const Demo *d)
{
	int32_t n = 0;
	for (int32_t i = 0; i < d->njobs; i++)
		n += d->jobs[i].state == JOB_PENDING;
	return n;
}

/* Pick a node for which ok() holds: random tries, then a scan. -1 if none. */
static int32_t pick_node(Demo *d, bool (*ok)(const DemoNode *))
{
	for (int i = 0; i < 64; i++) {
		int32_t n = demo_sim_below(d, d->nnodes);
		if (ok(&d->nodes[n]))
			return n;
	}
	int32_t start = demo_sim_below(d, d->nnodes);
	for (int32_t i = 0; i < d->nnodes; i++) {
		int32_t n = (start + i) % d->nnodes;
		if (ok(&d->nodes[n]))
			return n;
	}
	return -1;
}

static bool node_healthy(const DemoNode *n)
{
	return !n->drain && !n->down && n->phase == DEMO_PH_NONE && !n->bmc_dead;
}

static bool node_busy(const DemoNode *n)
{
	return node_healthy(n) && n->job && n->gpus_alloc == DEMO_GPUS_PER_NODE;
}

static int32_t pick_gpu(Demo *d)
{
	int32_t n = pick_node(d, node_busy);
	if (n < 0 && (n = pick_node(d, node_healthy)) < 0)
		return -1;
	int32_t g = n * DEMO_GPUS_PER_NODE + demo_sim_below(d, DEMO_GPUS_PER_NODE);
	return d->gpu_err[g].lost ? -1 : g;
}

void demo_sim_warm(Demo *d)
{
	d->next_job_id = 100000;
	d->lost_gpu = d->hot_gpu = d->bmc_node = -1;
	for (int32_t i = 0; i < d->nnodes / 500; i++) {
		int32_t n = pick_node(d, node_healthy), r = demo_sim_below(d, NDRAIN);
		if (n < 0)
			break;
		d->nodes[n].drain = true;
		snprintf(d->nodes[n].reason, sizeof d->nodes[n].reason, "%s [%s@bastion]",
		         drain_reasons[r][0], drain_reasons[r][1]);
		text_copy(d->nodes[n].reason_user, sizeof d->nodes[n].reason_user, drain_reasons[r][1]);
	}
	for (int32_t i = 0; i < d->nnodes / 2000; i++) {
		int32_t n = pick_node(d, node_healthy);
		if (n < 0)
			break;
		d->nodes[n].down = true;
		text_copy(d->nodes[n].reason, sizeof d->nodes[n].reason, "Not responding");
		text_copy(d->nodes[n].reason_user, sizeof d->nodes[n].reason_user, "slurm");
	}
	/* Fill the machine, then spread the running jobs' start times. */
	for (int32_t i = 0; i < 4 * pending_target(d) + d->nnodes; i++) {
		if (!job_submit(d))
			break;
		schedule(d);
		if (count_pending(d) >= pending_target(d))
			break;
	}
	for (int32_t i = 0; i < d->njobs; i++) {
		DemoJob *j = &d->jobs[i];
		if (j->state == JOB_RUNNING) {
			j->start_tick = -demo_sim_below(d, j->dur - 1);
			j->end_tick = j->start_tick + j->dur;
		}
		j->submit_tick = j->start_tick - 1 - demo_sim_below(d, 60);
		if (j->state == JOB_PENDING)
			j->submit_tick = -demo_sim_below(d, 120);
	}
}

/* ---- one tick ------------------------------------------------------------- */

/* Ticks until a field engineer repairs an incident's node: sooner on small
 * sites, where every node counts. */
static int32_t demo_fix_delay(const Demo *d)
{
	return DEMO_INCIDENT_PERIOD * (d->nnodes < 100 ? 1 : 3);
}

static void incidents(Demo *d, int64_t now)
{
	int32_t t = d->tick % DEMO_INCIDENT_PERIOD, n, g;
	switch (t) {
	case 5: /* a GPU falls off the bus; Slurm drains its node ten ticks later */
		if ((g = pick_gpu(d)) >= 0) {
			d->gpu_err[g].xid = 79;
			d->gpu_err[g].lost = true;
			site_gpu_set(d->site, g, GF_XID, d->src_prom, now, 79);
			site_gpu_set_present(d->site, g, false);
			d->lost_gpu = g;
			d->lost_drain_at = d->tick + 10;
			d->nodes[g / DEMO_GPUS_PER_NODE].fix_at = d->tick + demo_fix_delay(d);
		}
		break;
	case 10: /* double-bit ECC */
		if ((g = pick_gpu(d)) >= 0) {
			d->gpu_err[g].xid = 48;
			d->gpu_err[g].ecc_dbe++;
		}
		break;
	case 15: /* a CDU pump fails */
		n = demo_sim_below(d, d->nrows);
		d->cdus[n].pump_failed = (int8_t)demo_sim_below(d, 2);
		d->cdus[n].pump_until = d->tick + 60;
		break;
	case 20: /* one GPU runs hot */
		d->hot_gpu = pick_gpu(d);
		d->hot_until = d->tick + 60;
		break;
	case 25: /* a leak detector trips */
		n = demo_sim_below(d, d->nrows);
		if (d->nrows > 1 && d->cdus[n].pump_failed >= 0)
			n = (n + 1) % d->nrows;
		d->cdus[n].leak = (int8_t)demo_sim_below(d, 2);
		d->cdus[n].leak_until = d->tick + 60;
		break;
	case 35: /* the grid operator curtails the hydro supply */
		d->curtail_until = d->tick + 60;
		break;
	case 45: /* a BMC stops answering */
		if ((n = pick_node(d, node_healthy)) >= 0) {
			d->nodes[n].bmc_dead = true;
			d->bmc_node = n;
			d->bmc_until = d->tick + 60;
		}
		break;
	case 50: /* a node stops responding */
		if ((n = pick_node(d, node_healthy)) >= 0) {
			demo_sim_node_fail(d, n);
			DemoNode *x = &d->nodes[n];
			x->down = true;
			text_copy(x->reason, sizeof x->reason, "Not responding");
			text_copy(x->reason_user, sizeof x->reason_user, "slurm");
			x->reason_time = now;
			x->fix_at = d->tick + demo_fix_delay(d);
		}
		break;
	default:
		break;
	}
}

static void recoveries(Demo *d, int64_t now)
{
	if (d->lost_gpu >= 0 && d->tick == d->lost_drain_at) {
		DemoNode *x = &d->nodes[d->lost_gpu / DEMO_GPUS_PER_NODE];
		if (!x->drain && d->gpu_err[d->lost_gpu].lost) {
			x->drain = true;
			snprintf(x->reason, sizeof x->reason, "gpu %d missing (XID 79)",
			         d->lost_gpu % DEMO_GPUS_PER_NODE);
			text_copy(x->reason_user, sizeof x->reason_user, "slurm");
			x->reason_time = now;
		}
	}
	for (int32_t r = 0; r < d->nrows; r++) {
		DemoCdu *c = &d->cdus[r];
		if (c->pump_failed >= 0 && d->tick >= c->pump_until)
			c->pump_failed = -1;
		if (c->leak >= 0 && d->tick >= c->leak_until)
			c->leak = -1;
	}
	if (d->hot_gpu >= 0 && d->tick >= d->hot_until)
		d->hot_gpu = -1;
	if (d->bmc_node >= 0 && d->tick >= d->bmc_until) {
		d->nodes[d->bmc_node].bmc_dead = false;
		d->bmc_node = -1;
	}
}

/* A node's GPUs back on the bus, their XIDs cleared. */
static void node_gpus_fix(Demo *d, int32_t n)
{
	for (int32_t g = n * DEMO_GPUS_PER_NODE; g < (n + 1) * DEMO_GPUS_PER_NODE; g++) {
		if (d->gpu_err[g].lost)
			site_gpu_set_present(d->site, g, true);
		d->gpu_err[g] = (DemoGpuErr){ 0, false, d->gpu_err[g].ecc_dbe };
	}
}

/* Node phases started by actions end here; incidents nobody handled are
 * repaired after a while, so that small sites do not run out of nodes. */
static void phases(Demo *d)
{
	for (int32_t n = 0; n < d->nnodes; n++) {
		DemoNode *x = &d->nodes[n];
		if (x->fix_at && d->tick >= x->fix_at) {
			x->fix_at = 0;
			node_gpus_fix(d, n);
			if (strcmp(x->reason_user, "slurm") == 0) {
				x->drain = x->down = false;
				x->reason[0] = x->reason_user[0] = '\0';
			}
		}
		if (x->phase == DEMO_PH_NONE || x->phase == DEMO_PH_OFF || d->tick < x->phase_until)
			continue;
		if (x->phase == DEMO_PH_REBOOT)
			x->drain = false; /* nextstate=resume */
		x->phase = DEMO_PH_NONE;
		x->power = POWER_ON;
		x->down = false;
		if (!x->drain)
			x->reason[0] = x->reason_user[0] = '\0';
		node_gpus_fix(d, n);
	}
}

void demo_sim_advance(Demo *d, int64_t now)
{
	phases(d);
	if (d->incidents)
		incidents(d, now);
	recoveries(d, now);
	for (int32_t i = 0; i < d->njobs; i++) {
		DemoJob *j = &d->jobs[i];
		if (j->state == JOB_RUNNING && d->tick >= j->end_tick)
			demo_sim_job_stop(d, j, demo_sim_below(d, 30) ? JOB_COMPLETED : JOB_FAILED);
	}
	int32_t o = 0;
	for (int32_t i = 0; i < d->njobs; i++) {
		DemoJob *j = &d->jobs[i];
		if (job_ended(j) && d->tick - j->end_tick >= JOB_KEEP_TICKS)
			free(j->nodes);
		else
			d->jobs[o++] = *j;
	}
	d->njobs = o;
	int32_t want = pending_target(d) - count_pending(d);
	for (int32_t i = 0; i < want && i < 4; i++)
		if (!job_submit(d))
			break;
	schedule(d);
}
