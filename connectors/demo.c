/* The demo connector: config, publishing the simulated site, actions. */
#include "connectors/demo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connectors/demo_sim.h"
#include "util/clock.h"
#include "util/text.h"

#define GPU_FB_MIB 81559.0f    /* H100 80 GB framebuffer, MiB */
#define NODE_OVERHEAD_W 2000.0f
#define PDU_CAPACITY_W 100000.0f

/* ---- publishing ------------------------------------------------------------ */

static void publish_node_state(Demo *d, int32_t n, int64_t now)
{
	const DemoNode *x = &d->nodes[n];
	NodeBase base;
	uint32_t flags = x->drain ? NODEF_DRAIN : 0;
	switch (x->phase) {
	case DEMO_PH_REBOOT:
		base = NODE_DOWN;
		flags |= NODEF_REBOOT_ISSUED;
		break;
	case DEMO_PH_CYCLE:
	case DEMO_PH_BOOT:
		base = NODE_DOWN;
		flags |= NODEF_NOT_RESPONDING;
		break;
	case DEMO_PH_OFF:
		base = NODE_DOWN;
		flags |= NODEF_POWERED_DOWN | NODEF_NOT_RESPONDING;
		break;
	default:
		if (x->down) {
			base = NODE_DOWN;
			flags |= NODEF_NOT_RESPONDING;
		} else if (x->job) {
			base = x->gpus_alloc < DEMO_GPUS_PER_NODE ? NODE_MIXED : NODE_ALLOCATED;
		} else {
			base = NODE_IDLE;
		}
		break;
	}
	site_node_set_state(d->site, n, d->src_slurm, now, base, flags,
	                    x->reason[0] ? x->reason : NULL,
	                    x->reason_user[0] ? x->reason_user : NULL, x->reason_time);
	site_node_set_gres(d->site, n, x->job ? x->gpus_alloc : 0, NULL);
}

/* The eight GPUs of a running node; returns their watts. */
static float publish_gpus(Demo *d, int32_t n, float supply_c, float dt, bool slow, int64_t now)
{
	Site *s = d->site;
	const DemoNode *x = &d->nodes[n];
	SourceId src = d->src_prom;
	float node_w = 0;
	for (int32_t i = 0; i < DEMO_GPUS_PER_NODE; i++) {
		int32_t g = n * DEMO_GPUS_PER_NODE + i;
		uint64_t r = demo_sim_rand(d);
		const DemoGpuErr *e = &d->gpu_err[g];
		if (e->lost)
			continue; /* fell off the bus: its values go stale */
		bool busy = x->job && i < x->gpus_alloc;
		float util = busy ? 90.0f + (float)(r & 1023) / 102.3f : ((r & 7) == 0 ? 1.0f : 0.0f);
		float w = busy ? 70.0f + 6.3f * util * (0.92f + (float)((r >> 10) & 255) / 3200.0f)
		               : 68.0f + (float)((r >> 10) & 15) * 0.25f;
		float target = supply_c + 2.0f + w * 0.06f + (float)((r >> 18) & 255) / 128.0f;
		if (g == d->hot_gpu)
			target = fmaxf(target + 10.0f, 89.0f + (float)((r >> 42) & 15) * 0.2f);
		if (target > 93.0f)
			target = 93.0f; /* HW slowdown holds it there */
		float t = d->gpu_temp[g];
		t = t == 0 ? target : t + (target - t) * 0.35f;
		d->gpu_temp[g] = t;
		uint32_t thr = busy ? 0 : THR_GPU_IDLE;
		if (t >= 85.0f) {
			thr |= THR_SW_THERMAL;
			w *= 0.82f;
		}
		if (t >= 88.0f)
			thr |= THR_HW_THERMAL;
		float mhz = !busy ? 345.0f : thr ? 1410.0f : 1980.0f;
		float fb = busy ? 61000.0f + (float)((x->job * 2654435761u) >> 20 & 16383) +
		                      (float)((r >> 26) & 255)
		                : 4.0f;
		d->gpu_energy[g] += (double)w * dt;
		site_gpu_set(s, g, GF_TEMP_C, src, now, t);
		site_gpu_set(s, g, GF_MEM_TEMP_C, src, now, t + 5.0f + (float)((r >> 34) & 7) * 0.5f);
		site_gpu_set(s, g, GF_POWER_W, src, now, w);
		site_gpu_set(s, g, GF_UTIL_PCT, src, now, util);
		site_gpu_set(s, g, GF_MEM_UTIL_PCT, src, now, busy ? 30.0f + (float)((r >> 37) & 31) : 0.0f);
		site_gpu_set(s, g, GF_FB_USED_MIB, src, now, fb);
		site_gpu_set(s, g, GF_FB_FREE_MIB, src, now, GPU_FB_MIB - fb);
		site_gpu_set(s, g, GF_THROTTLE, src, now, (float)thr);
		site_gpu_set(s, g, GF_ENERGY_J, src, now, (float)d->gpu_energy[g]);
		site_gpu_set(s, g, GF_SM_CLOCK_MHZ, src, now, mhz);
		if (slow || e->xid) {
			site_gpu_set(s, g, GF_XID, src, now, e->xid);
			site_gpu_set(s, g, GF_ECC_DBE, src, now, e->ecc_dbe);
			site_gpu_set(s, g, GF_ECC_SBE, src, now, 0);
			site_gpu_set(s, g, GF_REMAPPED_ROWS, src, now, e->ecc_dbe);
			site_gpu_set(s, g, GF_ROW_REMAP_FAILED, src, now, 0);
			site_gpu_set(s, g, GF_NVLINK_ERRORS, src, now, 0);
		}
		node_w += w;
	}
	return node_w;
}

static void publish_nodes(Demo *d, int64_t now, float dt, bool slow)
{
	memset(d->rack_w, 0, (size_t)d->nracks * sizeof *d->rack_w);
	for (int32_t n = 0; n < d->nnodes; n++) {
		const DemoNode *x = &d->nodes[n];
		int32_t k = n / DEMO_NODES_PER_RACK;
		float supply_c = d->cdus[d->rack_row[k]].supply_c, w;
		publish_node_state(d, n, now);
		if (x->power != POWER_ON)
			w = 0;
		else if (x->down || x->phase != DEMO_PH_NONE)
			w = 1200.0f; /* hung or booting: GPUs not reporting */
		else
			w = publish_gpus(d, n, supply_c, dt, slow, now) + NODE_OVERHEAD_W;
		d->rack_w[k] += w;
		if (!slow)
			continue;
		if (x->bmc_dead) {
			site_bmc_set(d->site, n, d->src_redfish, now, false, POWER_UNKNOWN, HEALTH_UNKNOWN);
			continue;
		}
		bool gpu_bad = false;
		for (int32_t g = n * DEMO_GPUS_PER_NODE; g < (n + 1) * DEMO_GPUS_PER_NODE; g++)
			gpu_bad |= d->gpu_err[g].xid != 0;
		site_bmc_set(d->site, n, d->src_redfish, now, true, (PowerState)x->power,
		             gpu_bad ? HEALTH_WARNING : HEALTH_OK);
		site_bmc_set_sensors(d->site, n, d->src_redfish, now,
		                     22.0f + (supply_c - 30.0f) * 0.3f + (float)(n % 7) * 0.2f, w);
	}
}

/* Racks, PDUs, CDUs, loops and the site's power; returns the IT watts. */
static double publish_facility(Demo *d, int64_t now, float dt)
{
	Site *s = d->site;
	double it = 0, hall_heat[DEMO_HALLS_MAX] = { 0 }, hall_ret[DEMO_HALLS_MAX] = { 0 };
	int32_t hall_rows[DEMO_HALLS_MAX] = { 0 };
	float prim[DEMO_HALLS_MAX];
	for (int32_t h = 0; h < d->nhalls; h++)
		prim[h] = 24.0f + (float)sin(d->tick / 600.0 + h);
	double row_w = 0;
	for (int32_t k = 0; k < d->nracks; k++) {
		float w = d->rack_w[k];
		d->pdu_kwh[k] += (double)w * dt / 3.6e6;
		site_rack_set_power(s, k, d->src_redfish, now, w);
		site_pdu_set(s, k, d->src_redfish, now, w, PDU_CAPACITY_W, (float)d->pdu_kwh[k], HEALTH_OK, 0);
		it += w;
		row_w += w;
		if (k + 1 < d->nracks && d->rack_row[k + 1] == d->rack_row[k])
			continue;
		/* the row ends here: its CDU */
		int32_t r = d->rack_row[k], h = d->row_hall[r];
		int32_t nr = k - r * DEMO_RACKS_PER_ROW + 1;
		DemoCdu *c = &d->cdus[r];
		float base = 32.0f + 1.5f * (float)sin(d->tick / 240.0 + r);
		if (c->pump_failed >= 0)
			c->supply_c = c->supply_c + 0.3f < 45.0f ? c->supply_c + 0.3f : 45.0f;
		else
			c->supply_c += fmaxf(-0.3f, fminf(0.3f, base - c->supply_c));
		float load = (float)(row_w / (nr * DEMO_NODES_PER_RACK * 7700.0));
		float flow = (1000.0f + 500.0f * fminf(1.0f, load)) * (c->pump_failed >= 0 ? 0.6f : 1.0f);
		float heat = (float)row_w * 0.97f;
		float ret = c->supply_c + heat / (flow / 60.0f * 4186.0f);
		SourceId src = d->src_redfish;
		site_cdu_set(s, r, CF_SUPPLY_C, src, now, c->supply_c);
		site_cdu_set(s, r, CF_RETURN_C, src, now, ret);
		site_cdu_set(s, r, CF_FLOW_LPM, src, now, flow);
		site_cdu_set(s, r, CF_DP_KPA, src, now, c->pump_failed >= 0 ? 55.0f : 95.0f + 20.0f * load);
		site_cdu_set(s, r, CF_PRIM_SUPPLY_C, src, now, prim[h]);
		site_cdu_set(s, r, CF_PRIM_RETURN_C, src, now, ret - 3.0f);
		site_cdu_set(s, r, CF_HEAT_W, src, now, heat);
		for (int p = 0; p < 2; p++) {
			char pn[16];
			snprintf(pn, sizeof pn, "pump-%d", p + 1);
			bool failed = c->pump_failed == p;
			float speed = c->pump_failed >= 0 ? 100.0f : 55.0f + 25.0f * fminf(1.0f, load);
			site_cdu_pump(s, r, pn, src, now, failed ? 0.0f : speed, !failed,
			              failed ? HEALTH_CRITICAL : HEALTH_OK);
		}
		site_cdu_leak(s, r, "leak-tray", now, c->leak == 0 ? LEAK_CRITICAL : LEAK_OK);
		site_cdu_leak(s, r, "leak-manifold", now, c->leak == 1 ? LEAK_CRITICAL : LEAK_OK);
		if (c->leak >= 0)
			site_cdu_set_health(s, r, HEALTH_CRITICAL,
			                    c->leak ? "Leak detected at leak-manifold" : "Leak detected at leak-tray");
		else if (c->pump_failed >= 0)
			site_cdu_set_health(s, r, HEALTH_WARNING,
			                    c->pump_failed ? "pump-2 failed; running on pump-1" : "pump-1 failed; running on pump-2");
		else
			site_cdu_set_health(s, r, HEALTH_OK, "");
		hall_heat[h] += heat;
		hall_ret[h] += ret - 3.0f;
		hall_rows[h]++;
		row_w = 0;
	}
	float reuse = 0.65f + 0.05f * (float)sin(d->tick / 1800.0);
	for (int32_t h = 0; h < d->nhalls; h++)
		site_loop_set(s, h, d->src_redfish, now, prim[h],
		              hall_rows[h] ? (float)(hall_ret[h] / hall_rows[h]) : NAN,
		              (float)(hall_heat[h] * reuse));
	return it;
}

static void publish_power(Demo *d, int64_t now, double it)
{
	Site *s = d->site;
	double cooling = it * (0.10 + 0.02 * sin(d->tick / 700.0));
	double draw = it + cooling;
	double avail = d->supply_nominal_w * (0.96 + 0.03 * sin(d->tick / 1500.0));
	double supply = avail, curtail = 0;
	if (d->tick < d->curtail_until) {
		supply = draw * 0.94;
		curtail = avail - supply;
	}
	SourceId src = d->src_prom;
	site_power_set(s, PF_IT_W, src, now, (float)it);
	site_power_set(s, PF_COOLING_W, src, now, (float)cooling);
	site_power_set(s, PF_DRAW_W, src, now, (float)draw);
	site_power_set(s, PF_SUPPLY_W, src, now, (float)supply);
	site_power_set(s, PF_CURTAILMENT_W, src, now, (float)curtail);
	site_feed_set(s, d->feed, src, now, (float)supply, (float)draw);
}

static void publish_jobs(Demo *d, int64_t now)
{
	double secs = d->interval_ms / 1000.0;
	site_jobs_begin(d->site);
	for (int32_t i = 0; i < d->njobs; i++) {
		const DemoJob *x = &d->jobs[i];
		Job j;
		memset(&j, 0, sizeof j);
		j.id = x->id;
		text_copy(j.name, sizeof j.name, demo_sim_job_name(x->name));
		text_copy(j.user, sizeof j.user, demo_sim_user_name(x->user));
		const char *acct = demo_sim_user_account(x->user);
		text_copy(j.account, sizeof j.account, acct);
		text_copy(j.partition, sizeof j.partition, x->debug ? "debug" : "gpu");
		text_copy(j.qos, sizeof j.qos, strncmp(acct, "spot", 4) == 0 ? "spot"
		                               : x->prio >= 800000 ? "high" : "normal");
		j.state = x->state;
		text_copy(j.reason, sizeof j.reason, x->reason);
		j.gpus = x->gpus;
		if (x->state != JOB_PENDING && x->nodes) {
			j.nodes = x->nodes;
			j.nnodes = x->nnodes;
			demo_sim_nodelist(d, x->nodes, x->nnodes, j.nodelist, sizeof j.nodelist);
			j.start_time = now - (int64_t)((d->tick - x->start_tick) * secs);
		}
		j.submit_time = now - (int64_t)((d->tick - x->submit_tick) * secs);
		if (j.submit_time > now)
			j.submit_time = now;
		j.time_limit_min = (int32_t)(x->dur * 2 * secs / 60.0) + 1;
		j.priority = x->prio + (uint32_t)(x->state == JOB_PENDING && d->tick > x->submit_tick
		                                  ? d->tick - x->submit_tick : 0);
		site_job_set(d->site, &j);
	}
	site_jobs_end(d->site);
}

static void publish(Demo *d, int64_t now)
{
	float dt = (float)d->interval_ms / 1000.0f;
	int32_t every = (int32_t)(10000 / d->interval_ms);
	if (every < 1)
		every = 1;
	bool slow = d->tick % every == 0 || d->tick == 1;
	publish_nodes(d, now, dt, slow);
	publish_power(d, now, publish_facility(d, now, dt));
	publish_jobs(d, now);
	if (d->tick % every == 0)
		site_history_sample(d->site, now);
	site_source_ok(d->site, d->src_slurm, now, true);
	site_source_ok(d->site, d->src_prom, now, true);
	site_source_ok(d->site, d->src_redfish, now, true);
	site_touch(d->site, now);
}

/* ---- actions ----------------------------------------------------------------- */

static void act_done(Demo *d, uint32_t id, bool ok, const char *msg)
{
	if (d->env.action_done)
		d->env.action_done(d->env.action_ctx, id, ok, msg);
}

/* The operator from a reason stamped "... [user@host]", else "operator". */
static void reason_user(const char *reason, char *buf, size_t len)
{
	const char *lb = strrchr(reason, '['), *at = lb ? strchr(lb, '@') : NULL;
	if (lb && at && at > lb + 1) {
		size_t n = (size_t)(at - lb - 1);
		if (n >= len)
			n = len - 1;
		memcpy(buf, lb + 1, n);
		buf[n] = '\0';
	} else {
		text_copy(buf, len, "operator");
	}
}

/* The jobs on a node going down are requeued. */
static void node_requeue(Demo *d, int32_t n)
{
	DemoJob *j = d->nodes[n].job ? demo_sim_job(d, d->nodes[n].job) : NULL;
	if (j)
		demo_sim_job_requeue(d, j);
}

static bool node_action(Demo *d, const ActionReq *q, int64_t now, char *msg, size_t len)
{
	DemoNode *x = &d->nodes[q->node];
	char name[SITE_NAME_MAX];
	demo_sim_node_name(d, q->node, name, sizeof name);
	if (action_kind_is_power(q->kind) && x->bmc_dead) {
		snprintf(msg, len, "bmc-%s.demo.invalid: connection timed out", name);
		return false;
	}
	switch (q->kind) {
	case ACT_DRAIN:
		x->drain = true;
		text_copy(x->reason, sizeof x->reason, q->reason[0] ? q->reason : "drained from narvik");
		reason_user(x->reason, x->reason_user, sizeof x->reason_user);
		x->reason_time = now;
		snprintf(msg, len, "%s %s", name, x->job ? "draining" : "drained");
		break;
	case ACT_RESUME:
		x->drain = x->down = false;
		x->reason[0] = x->reason_user[0] = '\0';
		x->reason_time = 0;
		snprintf(msg, len, "%s resumed", name);
		break;
	case ACT_REBOOT:
		node_requeue(d, q->node);
		x->phase = DEMO_PH_REBOOT;
		x->phase_until = d->tick + 4;
		snprintf(msg, len, "%s reboot issued (nextstate=resume)", name);
		break;
	case ACT_POWER_CYCLE:
		node_requeue(d, q->node);
		x->phase = DEMO_PH_CYCLE;
		x->phase_until = d->tick + 5;
		x->power = POWER_OFF;
		snprintf(msg, len, "%s: %s accepted", name, q->reset_type[0] ? q->reset_type : "PowerCycle");
		break;
	case ACT_POWER_OFF:
		node_requeue(d, q->node);
		x->phase = DEMO_PH_OFF;
		x->power = POWER_OFF;
		snprintf(msg, len, "%s: %s accepted", name, q->reset_type[0] ? q->reset_type : "ForceOff");
		break;
	case ACT_POWER_ON:
		x->phase = DEMO_PH_BOOT;
		x->phase_until = d->tick + 4;
		x->power = POWER_ON;
		snprintf(msg, len, "%s: On accepted", name);
		break;
	default:
		snprintf(msg, len, "not a node action");
		return false;
	}
	return true;
}

static void run_action(Demo *d, const DemoAction *a, int64_t now)
{
	char msg[SITE_TEXT_MAX];
	bool ok = true;
	const ActionReq *q = &a->req;
	if (d->env.dry_run) {
		act_done(d, a->id, true, "dry run: not sent");
		return;
	}
	if (action_kind_is_job(q->kind)) {
		DemoJob *j = demo_sim_job(d, q->job);
		if (!j || (j->state != JOB_PENDING && j->state != JOB_RUNNING)) {
			snprintf(msg, sizeof msg, "job %u already ended", q->job);
			ok = false;
		} else if (q->kind == ACT_CANCEL_JOB) {
			demo_sim_job_stop(d, j, JOB_CANCELLED);
			snprintf(msg, sizeof msg, "job %u cancelled", q->job);
		} else if (j->state != JOB_RUNNING) {
			snprintf(msg, sizeof msg, "job %u is not running", q->job);
			ok = false;
		} else {
			demo_sim_job_requeue(d, j);
			snprintf(msg, sizeof msg, "job %u requeued", q->job);
		}
	} else {
		ok = node_action(d, q, now, msg, sizeof msg);
	}
	act_done(d, a->id, ok, msg);
}

/* Actions due by this tick, in the order they were submitted. */
static void run_actions(Demo *d, int64_t now)
{
	int32_t o = 0;
	for (int32_t i = 0; i < d->nacts; i++) {
		if (d->acts[i].due <= d->tick) {
			DemoAction a = d->acts[i];
			run_action(d, &a, now);
		} else {
			d->acts[o++] = d->acts[i];
		}
	}
	d->nacts = o;
}

static int demo_submit(void *self, const ActionReq *req, char *err, size_t errlen)
{
	Demo *d = self;
	char name[SITE_NAME_MAX];
	if (req->kind >= ACT_COUNT) {
		snprintf(err, errlen, "demo: unknown action %d", (int)req->kind);
		return -1;
	}
	if (action_kind_is_job(req->kind)) {
		const DemoJob *j = demo_sim_job(d, req->job);
		if (!j) {
			snprintf(err, errlen, "no job %u", req->job);
			return -1;
		}
		if (req->kind == ACT_REQUEUE_JOB && j->state != JOB_RUNNING) {
			snprintf(err, errlen, "job %u is %s, not running", req->job, site_job_state_name(j->state));
			return -1;
		}
		if (req->kind == ACT_CANCEL_JOB && j->state != JOB_RUNNING && j->state != JOB_PENDING) {
			snprintf(err, errlen, "job %u already ended (%s)", req->job, site_job_state_name(j->state));
			return -1;
		}
	} else {
		if (req->node < 0 || req->node >= d->nnodes) {
			snprintf(err, errlen, "no node %d in the demo site (%d nodes)", (int)req->node, (int)d->nnodes);
			return -1;
		}
		const DemoNode *x = &d->nodes[req->node];
		demo_sim_node_name(d, req->node, name, sizeof name);
		if (req->kind == ACT_RESUME && !x->drain && !x->down && x->phase == DEMO_PH_NONE) {
			snprintf(err, errlen, "%s is not drained", name);
			return -1;
		}
		if (req->kind == ACT_POWER_ON && x->power == POWER_ON) {
			snprintf(err, errlen, "%s is already on", name);
			return -1;
		}
		if (req->kind == ACT_POWER_OFF && x->phase == DEMO_PH_OFF) {
			snprintf(err, errlen, "%s is already off", name);
			return -1;
		}
	}
	if (d->nacts == d->cacts) {
		int32_t nc = d->cacts ? d->cacts * 2 : 16;
		DemoAction *p = realloc(d->acts, (size_t)nc * sizeof *p);
		if (!p) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		d->acts = p;
		d->cacts = nc;
	}
	DemoAction *a = &d->acts[d->nacts++];
	a->id = req->id;
	a->req = *req;
	a->due = d->tick + (action_kind_is_power(req->kind) ? 2 : 1);
	return 0;
}

/* ---- the connector ------------------------------------------------------------ */

void demo_step(void *self, int64_t now)
{
	Demo *d = self;
	d->tick++;
	run_actions(d, now);
	demo_sim_advance(d, now);
	publish(d, now);
}

int64_t demo_ticks(const void *self)
{
	return ((const Demo *)self)->tick;
}

static void demo_destroy(void *self)
{
	Demo *d = self;
	if (!d)
		return;
	demo_sim_free(d);
	free(d);
}

static void *demo_create(const ConnSection *sec, const ConnectorEnv *env, char *err, size_t errlen)
{
	static const char *const known[] = { "scale", "seed", "interval", "incidents", NULL };
	long scale, seed, interval;
	bool incidents;
	if (connsec_check(sec, known, err, errlen) < 0 ||
	    connsec_int(sec, "scale", 8, 1000000, 100000, &scale, err, errlen) < 0 ||
	    connsec_int(sec, "seed", 0, 2147483647L, 1, &seed, err, errlen) < 0 ||
	    connsec_int(sec, "interval", 100, 60000, 1000, &interval, err, errlen) < 0 ||
	    connsec_bool(sec, "incidents", true, &incidents, err, errlen) < 0)
		return NULL;
	if (!env || !env->site) {
		snprintf(err, errlen, "demo: no site to write");
		return NULL;
	}
	Demo *d = calloc(1, sizeof *d);
	if (!d) {
		snprintf(err, errlen, "demo: out of memory");
		return NULL;
	}
	d->env = *env;
	d->site = env->site;
	d->scale = scale;
	d->seed = seed;
	d->interval_ms = interval;
	d->incidents = incidents;
	d->rng = 0x6e617276696bull ^ ((uint64_t)seed * 0x9e3779b97f4a7c15ull);
	d->src_slurm = site_source_add(d->site, "slurm (demo)", "slurm", 30);
	d->src_prom = site_source_add(d->site, "prometheus (demo)", "prometheus", 30);
	d->src_redfish = site_source_add(d->site, "redfish (demo)", "redfish", 30);
	if (!d->src_slurm || !d->src_prom || !d->src_redfish) {
		snprintf(err, errlen, "demo: too many sources");
		demo_destroy(d);
		return NULL;
	}
	site_source_note(d->site, d->src_slurm, "simulated");
	site_source_note(d->site, d->src_prom, "simulated");
	site_source_note(d->site, d->src_redfish, "simulated");
	if (demo_sim_build(d, clock_wall_s(), err, errlen) < 0) {
		demo_destroy(d);
		return NULL;
	}
	demo_sim_warm(d);
	return d;
}

static void demo_prepare(void *self, PollSet *ps, int64_t now_ms)
{
	const Demo *d = self;
	pollset_deadline(ps, d->next_ms ? d->next_ms : now_ms);
}

static void demo_dispatch(void *self, const struct pollfd *fds, int nfds, int64_t now_ms)
{
	Demo *d = self;
	(void)fds; /* the demo waits on no descriptors */
	(void)nfds;
	if (d->next_ms && now_ms < d->next_ms)
		return;
	demo_step(d, clock_wall_s());
	/* keep the cadence, but never try to catch up a backlog */
	d->next_ms = d->next_ms && now_ms - d->next_ms < d->interval_ms ? d->next_ms + d->interval_ms
	                                                                 : now_ms + d->interval_ms;
}

const ConnectorOps demo_ops = {
	.kind = "demo",
	.summary = "simulated Stargate-Norway-sized AI gigafactory, deterministic by seed",
	.actions = (1u << ACT_COUNT) - 1,
	.create = demo_create,
	.prepare = demo_prepare,
	.dispatch = demo_dispatch,
	.submit = demo_submit,
	.destroy = demo_destroy,
};
