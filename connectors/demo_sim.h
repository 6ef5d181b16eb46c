/* Internals of the demo connector, shared by demo.c and demo_sim.c only. */
#ifndef NARVIK_DEMO_SIM_H
#define NARVIK_DEMO_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "connectors/connector.h"

#define DEMO_GPUS_PER_NODE 8
#define DEMO_NODES_PER_RACK 8
#define DEMO_RACKS_PER_ROW 16
#define DEMO_HALLS_MAX 4
#define DEMO_INCIDENT_PERIOD 120   /* ticks between rounds of incidents */

typedef enum {
	DEMO_PH_NONE = 0,
	DEMO_PH_REBOOT,     /* down, reboot issued, until phase_until */
	DEMO_PH_CYCLE,      /* power off, then on, down until phase_until */
	DEMO_PH_OFF,        /* powered off until an operator powers it on */
	DEMO_PH_BOOT,       /* powered on, booting until phase_until */
} DemoPhase;

typedef struct {
	uint32_t job;              /* job id running here, 0 = none */
	int32_t gpus_alloc;        /* GPUs of this node the job uses */
	int32_t phase_until;       /* tick the phase ends */
	int32_t fix_at;            /* tick a field engineer repairs an incident; 0 none */
	uint8_t phase;             /* DemoPhase */
	uint8_t power;             /* PowerState as the BMC reports it */
	bool drain;                /* DRAIN flag */
	bool down;                 /* not responding */
	bool bmc_dead;             /* BMC not answering */
	int64_t reason_time;       /* Unix s */
	char reason[SITE_TEXT_MAX];
	char reason_user[SITE_NAME_MAX];
} DemoNode;

typedef struct {
	uint32_t id;
	int16_t name, user;        /* indices into the const tables */
	bool debug;                /* partition debug, else gpu */
	JobState state;
	const char *reason;        /* pending reason or "None" */
	int32_t gpus, nnodes;
	int32_t *nodes;            /* owned; filled while running */
	int32_t submit_tick, start_tick, end_tick, dur;
	uint32_t prio;
} DemoJob;

typedef struct {
	float supply_c;            /* secondary supply, °C */
	int8_t pump_failed;        /* pump index, -1 none */
	int8_t leak;               /* tripped detector index, -1 none */
	int32_t pump_until, leak_until;
} DemoCdu;

typedef struct {
	uint8_t xid;               /* last XID, 0 none */
	bool lost;                 /* fell off the bus */
	uint16_t ecc_dbe;
} DemoGpuErr;

typedef struct {
	uint32_t id;
	int32_t due;               /* tick it completes */
	ActionReq req;
} DemoAction;

typedef struct Demo {
	ConnectorEnv env;
	Site *site;
	SourceId src_slurm, src_prom, src_redfish;
	/* config */
	long scale, seed, interval_ms;
	bool incidents;
	/* topology */
	int32_t nnodes, ngpus, nracks, nrows, nhalls, digits;
	int32_t feed;
	int32_t *rack_row;         /* rack → row (also the CDU index) */
	int32_t *row_hall;         /* row → hall (also the loop index) */
	/* state */
	uint64_t rng;
	int32_t tick;
	int64_t next_ms;           /* monotonic deadline of the next step; 0 = now */
	DemoNode *nodes;
	float *gpu_temp;           /* °C, smoothed */
	double *gpu_energy;        /* J */
	DemoGpuErr *gpu_err;
	float *rack_w;             /* watts, this step */
	double *pdu_kwh;
	DemoCdu *cdus;
	DemoJob *jobs; int32_t njobs, cjobs;
	uint32_t next_job_id;
	DemoAction *acts; int32_t nacts, cacts;
	/* incidents */
	int32_t lost_gpu, lost_drain_at;
	int32_t hot_gpu, hot_until;
	int32_t curtail_until;
	int32_t bmc_node, bmc_until;
	double supply_nominal_w;
} Demo;

/* demo_sim.c */
uint64_t demo_sim_rand(Demo *d);
int32_t demo_sim_below(Demo *d, int32_t n);  /* uniform in [0, n), n ≥ 1 */
int demo_sim_build(Demo *d, int64_t now, char *err, size_t errlen);
void demo_sim_warm(Demo *d);
void demo_sim_free(Demo *d);
DemoJob *demo_sim_job(Demo *d, uint32_t id);
void demo_sim_job_stop(Demo *d, DemoJob *j, JobState st);   /* frees its nodes */
void demo_sim_job_requeue(Demo *d, DemoJob *j);
void demo_sim_node_fail(Demo *d, int32_t node);  /* requeue the job on it */
void demo_sim_advance(Demo *d, int64_t now);
const char *demo_sim_node_name(const Demo *d, int32_t node, char *buf, size_t len);
/* Sorted node indices as "gpu[00001-00064,00100]"; ",...]" when cut short. */
void demo_sim_nodelist(const Demo *d, const int32_t *nodes, int32_t n, char *buf, size_t len);
const char *demo_sim_user_name(int user);
const char *demo_sim_user_account(int user);
const char *demo_sim_job_name(int name);

#endif
