/* The model of one site: halls, rows, racks, nodes, GPUs, power, cooling,
 * partitions, jobs, sources. No ncurses, no network. */
#ifndef NARVIK_SITE_H
#define NARVIK_SITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Ownership and conventions
 * -------------------------
 * A Site owns every array and string reachable from it.  Panels and the
 * headless writer read the plain structs below directly and never write
 * them.  Connectors change the model only through the site_* functions,
 * which copy (and sanitize) every string they are given.
 *
 * Indices, not pointers: entities refer to one another by index into the
 * site's arrays (int32_t, -1 = none), because arrays grow and move.  A
 * pointer returned by site_node() etc. is valid until the next call that
 * adds an entity of that kind.
 *
 * Every measured value is a Val: the value, when it arrived and from which
 * source.  A Val that never arrived has at == 0 and reads as unknown, never
 * as zero.  The unit of each Val is written beside the field.
 *
 * Time: wall-clock seconds since the Unix epoch (int64_t "now" parameters),
 * as given by the caller, so tests and the demo are deterministic.
 */

#define SITE_NAME_MAX 48   /* bytes incl. NUL for entity names */
#define SITE_TEXT_MAX 128  /* bytes incl. NUL for reasons, messages */
#define SITE_ERR_MAX 256   /* bytes incl. NUL for source errors */
#define SITE_NO_INDEX (-1)

typedef uint8_t SourceId; /* index into Site.sources; 0 = none */

typedef struct {
	float v;       /* in the unit of the field */
	uint32_t at;   /* arrival, Unix seconds; 0 = never arrived (unknown) */
	SourceId src;  /* which source it came from */
} Val;

static inline bool val_known(Val x) { return x.at != 0; }

/* ---- sources ---------------------------------------------------------- */

typedef struct {
	char name[SITE_NAME_MAX];  /* "slurm", "prometheus", "redfish cdu-h1" */
	char kind[16];             /* connector kind: "demo", "slurm", ... */
	bool ok;                   /* last attempt succeeded */
	bool complete;             /* at least one full refresh finished */
	int64_t last_ok;           /* Unix s of last success; 0 = never */
	int64_t last_try;          /* Unix s of last attempt; 0 = never */
	int32_t stale_after;       /* seconds; data older than this is stale */
	char error[SITE_ERR_MAX];  /* last error, sanitized; "" when none */
	char note[SITE_TEXT_MAX];  /* e.g. "TLS verification off" */
} Source;

/* ---- topology --------------------------------------------------------- */

typedef struct {
	char name[SITE_NAME_MAX];  /* "H1" */
	int32_t first_row, nrows;  /* rows[first_row .. first_row+nrows) */
} Hall;

typedef struct {
	char name[SITE_NAME_MAX];  /* "H1-R03" */
	int32_t hall;
	int32_t first_rack, nracks;
	int32_t cdu;               /* CDU serving this row, or -1 */
} Row;

typedef struct {
	char name[SITE_NAME_MAX];  /* "H1-R03-K07" */
	int32_t hall, row;
	int32_t pos;               /* position within its row, 0-based */
	int32_t cdu, pdu;          /* serving CDU and PDU, or -1 */
	int32_t *nodes;            /* node indices in slot order (owned) */
	int32_t nnodes, nodes_cap;
	float budget_w;            /* power budget, watts; 0 = none set */
	Val power_w;               /* measured rack power, watts */
} Rack;

/* ---- nodes and GPUs --------------------------------------------------- */

typedef enum {
	NODE_UNKNOWN = 0,
	NODE_IDLE,
	NODE_ALLOCATED,
	NODE_MIXED,
	NODE_DOWN,
	NODE_ERROR,
	NODE_FUTURE,
	NODE_STATE_COUNT
} NodeBase;

enum { /* NodeFlag bits, as Slurm reports them */
	NODEF_DRAIN = 1u << 0,
	NODEF_NOT_RESPONDING = 1u << 1,
	NODEF_REBOOT_REQUESTED = 1u << 2,
	NODEF_MAINTENANCE = 1u << 3,
	NODEF_RESERVED = 1u << 4,
	NODEF_COMPLETING = 1u << 5,
	NODEF_POWERED_DOWN = 1u << 6,
	NODEF_REBOOT_ISSUED = 1u << 7,
	NODEF_FAIL = 1u << 8,
};

typedef enum { POWER_UNKNOWN = 0, POWER_ON, POWER_OFF, POWER_POWERING_ON, POWER_POWERING_OFF } PowerState;
typedef enum { HEALTH_UNKNOWN = 0, HEALTH_OK, HEALTH_WARNING, HEALTH_CRITICAL } Health;

typedef struct {
	char addr[SITE_TEXT_MAX];  /* BMC address from the inventory; "" = none */
	bool reachable;            /* last poll answered */
	uint32_t at;               /* Unix s of last answer; 0 = never */
	SourceId src;
	PowerState power;
	Health health;
	char boot_progress[SITE_NAME_MAX];
	char reset_types[SITE_TEXT_MAX]; /* allowable ResetType values, comma-separated */
	Val inlet_c;               /* inlet temperature, °C */
	Val power_w;               /* chassis power, watts */
} Bmc;

typedef struct {
	char name[SITE_NAME_MAX];
	int32_t rack;              /* -1 = not placed (unknown to inventory) */
	int32_t slot;              /* slot in rack, 0-based; -1 = unknown */
	int32_t first_gpu, ngpus;  /* gpus[first_gpu .. first_gpu+ngpus) */
	/* scheduler */
	NodeBase base;
	uint32_t flags;            /* NODEF_* */
	uint32_t sched_at;         /* Unix s the state arrived; 0 = never */
	SourceId sched_src;
	char reason[SITE_TEXT_MAX];
	char reason_user[SITE_NAME_MAX];
	int64_t reason_time;       /* Unix s; 0 = unknown */
	int32_t gpus_alloc;        /* GPUs allocated by the scheduler; -1 unknown */
	char partitions[SITE_TEXT_MAX]; /* comma-separated partition names */
	Val load;                  /* CPU load average */
	int64_t boot_time;         /* Unix s; 0 = unknown */
	Bmc bmc;
	int32_t pdu;               /* -1 = unknown; otherwise overrides the rack's */
} Node;

enum { /* throttle (clock event) reason bits, as DCGM reports them */
	THR_GPU_IDLE = 1u << 0,
	THR_APP_CLOCKS = 1u << 1,
	THR_SW_POWER_CAP = 1u << 2,
	THR_HW_SLOWDOWN = 1u << 3,
	THR_SYNC_BOOST = 1u << 4,
	THR_SW_THERMAL = 1u << 5,
	THR_HW_THERMAL = 1u << 6,
	THR_HW_POWER_BRAKE = 1u << 7,
	THR_DISPLAY_CLOCKS = 1u << 8,
};

typedef struct {
	int32_t node;
	int16_t index;             /* GPU index on its node, 0-based */
	bool present;              /* false once the GPU fell off the bus */
	Val temp_c;                /* °C */
	Val mem_temp_c;            /* °C (HBM) */
	Val power_w;               /* watts */
	Val util_pct;              /* 0..100 */
	Val mem_util_pct;          /* memory copy utilisation, 0..100 */
	Val fb_used_mib;           /* MiB */
	Val fb_free_mib;           /* MiB */
	Val xid;                   /* last XID error number; 0 = none */
	Val ecc_dbe;               /* double-bit ECC errors, count */
	Val ecc_sbe;               /* single-bit ECC errors, count */
	Val remapped_rows;         /* rows remapped (correctable + uncorrectable) */
	Val row_remap_failed;      /* 1 = a row remap failed */
	Val nvlink_errors;         /* NVLink CRC/replay/recovery errors, count */
	Val throttle;              /* THR_* bits, as a float holding an integer */
	Val energy_j;              /* joules since boot */
	Val sm_clock_mhz;          /* MHz */
} Gpu;

/* ---- power ------------------------------------------------------------ */

typedef struct {
	char name[SITE_NAME_MAX];  /* "hydro", "feed-A" */
	Val capacity_w;            /* what the feed can deliver now, watts */
	Val draw_w;                /* what is drawn from it, watts */
} Feed;

typedef struct {
	char name[SITE_NAME_MAX];
	char addr[SITE_TEXT_MAX];  /* controller address (Redfish) */
	int32_t rack;              /* rack it sits in, or -1 */
	Val power_w;               /* watts */
	Val capacity_w;            /* rated watts */
	Val energy_kwh;            /* kWh */
	Health health;
	int32_t breakers_tripped;  /* -1 unknown */
} Pdu;

/* Site-wide power. draw_w is everything the site takes from its feeds;
 * it_w the IT load; supply_w what the hydro supply can deliver now. */
typedef struct {
	Val supply_w;              /* watts available from the hydro supply */
	Val draw_w;                /* watts drawn by the site (IT + cooling) */
	Val it_w;                  /* watts of IT load */
	Val cooling_w;             /* watts spent on cooling */
	Val curtailment_w;         /* watts of supply withheld by the grid operator */
	float margin_pct;          /* alert when headroom < margin% of supply */
} Power;

/* ---- cooling ---------------------------------------------------------- */

#define CDU_PUMPS_MAX 4
#define CDU_LEAKS_MAX 8

typedef struct {
	char name[SITE_NAME_MAX];
	Val speed_pct;             /* 0..100 */
	Health health;
	bool running;
} Pump;

typedef enum { LEAK_UNKNOWN = 0, LEAK_OK, LEAK_WARNING, LEAK_CRITICAL } LeakState;

typedef struct {
	char name[SITE_NAME_MAX];
	LeakState state;
	uint32_t at;               /* Unix s; 0 = never */
} LeakDetector;

typedef struct {
	char name[SITE_NAME_MAX];  /* "CDU-H1-R03" */
	char addr[SITE_TEXT_MAX];  /* controller address (Redfish) */
	int32_t row;               /* row it serves, or -1 */
	int32_t loop;              /* index into Site.loops, or -1 */
	Health health;
	Val supply_c;              /* secondary (rack side) supply temperature, °C */
	Val return_c;              /* secondary return temperature, °C */
	Val flow_lpm;              /* secondary flow, litres per minute */
	Val dp_kpa;                /* differential pressure, kPa */
	Val prim_supply_c;         /* primary (facility side) supply, °C */
	Val prim_return_c;         /* primary return, °C */
	Val heat_w;                /* heat removed, watts */
	Pump pumps[CDU_PUMPS_MAX];
	int32_t npumps;
	LeakDetector leaks[CDU_LEAKS_MAX];
	int32_t nleaks;
	char conditions[SITE_TEXT_MAX]; /* Status.Conditions messages, sanitized */
} Cdu;

typedef struct {
	char name[SITE_NAME_MAX];  /* "loop-H1" */
	Val supply_c;              /* facility water supply, °C */
	Val return_c;              /* °C */
	Val heat_reuse_w;          /* heat exported for reuse (district heating), watts */
} CoolLoop;

/* ---- scheduler -------------------------------------------------------- */

typedef struct {
	char name[SITE_NAME_MAX];
	int32_t total_gpus;        /* -1 unknown */
	int32_t total_nodes;       /* -1 unknown */
	bool up;
} Partition;

typedef struct {
	char name[SITE_NAME_MAX];
	int32_t priority;          /* higher runs first */
	char kind[SITE_NAME_MAX];  /* "startup", "research", "spot" ... free text */
} Account;

typedef enum {
	JOB_UNKNOWN = 0,
	JOB_PENDING,
	JOB_RUNNING,
	JOB_SUSPENDED,
	JOB_COMPLETING,
	JOB_COMPLETED,
	JOB_CANCELLED,
	JOB_FAILED,
	JOB_TIMEOUT,
	JOB_NODE_FAIL,
	JOB_REQUEUED,
	JOB_STATE_COUNT
} JobState;

typedef struct {
	uint32_t id;
	char name[SITE_NAME_MAX];
	char user[SITE_NAME_MAX];
	char account[SITE_NAME_MAX];
	char partition[SITE_NAME_MAX];
	char qos[SITE_NAME_MAX];
	JobState state;
	char reason[SITE_NAME_MAX];  /* pending reason ("Priority", "Resources") */
	char nodelist[SITE_TEXT_MAX];/* hostlist as the scheduler wrote it */
	int32_t *nodes;            /* node indices (owned), resolved from nodelist */
	int32_t nnodes;
	int32_t gpus;              /* GPUs allocated or requested */
	int64_t submit_time, start_time; /* Unix s; 0 = unknown */
	int32_t time_limit_min;    /* minutes; -1 = unlimited or unknown */
	uint32_t priority;
	bool seen;                 /* internal: set in the current begin..end */
} Job;

/* ---- alerts (filled by site/alerts.c) --------------------------------- */

typedef enum { SEV_NONE = 0, SEV_INFO, SEV_WARNING, SEV_CRITICAL } Severity;

typedef enum {
	ENT_SITE = 0, ENT_HALL, ENT_ROW, ENT_RACK, ENT_NODE, ENT_GPU,
	ENT_CDU, ENT_PDU, ENT_FEED, ENT_SOURCE, ENT_JOB
} EntityKind;

typedef struct {
	EntityKind kind;
	int32_t index;             /* into the array of that kind; job: job id */
} EntityRef;

typedef struct {
	uint16_t rule;             /* index into the alert rule table */
	int32_t detail;            /* rule-specific: the XID number, pump index... */
	EntityRef about;
	Severity sev;
	bool active;               /* false once the condition cleared */
	int64_t first_seen, last_seen; /* Unix s */
	uint32_t count;            /* evaluations in which it fired, 1.. */
	char msg[SITE_TEXT_MAX];   /* "XID 79 (fell off the bus) on gpu00042 GPU 3" */
} Alert;

/* ---- history (for charts) --------------------------------------------- */

#define SITE_HISTORY_LEN 1440     /* samples kept */

typedef struct {
	int64_t t0;                /* Unix s of the oldest sample */
	int32_t step;              /* seconds between samples */
	int32_t len;               /* samples filled, ≤ SITE_HISTORY_LEN */
	int32_t head;              /* ring index of the oldest sample */
	float draw_w[SITE_HISTORY_LEN];   /* NaN = unknown */
	float supply_w[SITE_HISTORY_LEN];
	float it_w[SITE_HISTORY_LEN];
} PowerHistory;

/* ---- the site --------------------------------------------------------- */

#define SITE_SOURCES_MAX 32

typedef struct Site Site;  /* opaque: indexes and growth live in site.c */

/* The plain view panels read. Returned by site_view(); valid until the next
 * mutating call. */
typedef struct {
	const char *name;
	bool read_only;
	int64_t now;               /* time of the last update, Unix s */
	uint64_t generation;       /* bumped by every change; cheap dirty check */
	const Source *sources; int32_t nsources;     /* index 0 unused */
	const Hall *halls; int32_t nhalls;
	const Row *rows; int32_t nrows;
	const Rack *racks; int32_t nracks;
	const Node *nodes; int32_t nnodes;
	const Gpu *gpus; int32_t ngpus;
	const Feed *feeds; int32_t nfeeds;
	const Pdu *pdus; int32_t npdus;
	const Cdu *cdus; int32_t ncdus;
	const CoolLoop *loops; int32_t nloops;
	const Partition *partitions; int32_t npartitions;
	const Account *accounts; int32_t naccounts;
	const Job *jobs; int32_t njobs;
	const Alert *alerts; int32_t nalerts;
	const Power *power;
	const PowerHistory *history;
} SiteView;

Site *site_new(const char *name);      /* NULL on out of memory */
void site_free(Site *s);
const SiteView *site_view(const Site *s);
void site_set_read_only(Site *s, bool ro);
void site_touch(Site *s, int64_t now); /* set the model's clock, bump generation */

/* Sources. site_source_add returns the new id (1..SITE_SOURCES_MAX-1) or 0
 * when full. Errors are copied and sanitized. */
SourceId site_source_add(Site *s, const char *name, const char *kind, int32_t stale_after);
void site_source_ok(Site *s, SourceId id, int64_t now, bool complete);
void site_source_error(Site *s, SourceId id, int64_t now, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void site_source_note(Site *s, SourceId id, const char *note);
bool site_source_stale(const Site *s, SourceId id, int64_t now);

/* Topology. Each add returns the index, or -1 on out of memory or a name
 * already taken (names are unique per kind). */
int32_t site_hall_add(Site *s, const char *name);
int32_t site_row_add(Site *s, int32_t hall, const char *name);
int32_t site_rack_add(Site *s, int32_t row, const char *name);
int32_t site_cdu_add(Site *s, const char *name, int32_t row);
int32_t site_pdu_add(Site *s, const char *name, int32_t rack);
int32_t site_feed_add(Site *s, const char *name);
int32_t site_loop_add(Site *s, const char *name);
void site_rack_set_budget(Site *s, int32_t rack, float watts);
void site_rack_set_cdu(Site *s, int32_t rack, int32_t cdu);
void site_rack_set_pdu(Site *s, int32_t rack, int32_t pdu);
void site_cdu_set_loop(Site *s, int32_t cdu, int32_t loop);

/* Nodes. site_node_add places a node in a rack slot (rack -1 = unplaced) and
 * gives it ngpus GPUs. site_node_ensure finds a node by name or adds it
 * unplaced with ngpus GPUs, so a node that a source knows and the inventory
 * does not is shown, not dropped. */
int32_t site_node_add(Site *s, const char *name, int32_t rack, int32_t slot, int32_t ngpus);
int32_t site_node_ensure(Site *s, const char *name, int32_t ngpus);
int32_t site_node_find(const Site *s, const char *name);   /* -1 if none */
int32_t site_rack_find(const Site *s, const char *name);
int32_t site_row_find(const Site *s, const char *name);
int32_t site_hall_find(const Site *s, const char *name);
int32_t site_cdu_find(const Site *s, const char *name);
int32_t site_pdu_find(const Site *s, const char *name);
int32_t site_partition_find(const Site *s, const char *name);
int32_t site_account_find(const Site *s, const char *name);
int32_t site_job_find(const Site *s, uint32_t id);       /* index or -1 */
void site_node_set_bmc_addr(Site *s, int32_t node, const char *addr);

/* Scheduler state of a node. reason and reason_user may be NULL, which
 * clears them. */
void site_node_set_state(Site *s, int32_t node, SourceId src, int64_t now,
                         NodeBase base, uint32_t flags,
                         const char *reason, const char *reason_user, int64_t reason_time);
void site_node_set_gres(Site *s, int32_t node, int32_t gpus_alloc, const char *partitions);
void site_node_set_load(Site *s, int32_t node, SourceId src, int64_t now, float load, int64_t boot_time);

/* GPU metrics. The field is named by GpuField so that connectors can map
 * query names to fields from a table. */
typedef enum {
	GF_TEMP_C, GF_MEM_TEMP_C, GF_POWER_W, GF_UTIL_PCT, GF_MEM_UTIL_PCT,
	GF_FB_USED_MIB, GF_FB_FREE_MIB, GF_XID, GF_ECC_DBE, GF_ECC_SBE,
	GF_REMAPPED_ROWS, GF_ROW_REMAP_FAILED, GF_NVLINK_ERRORS, GF_THROTTLE,
	GF_ENERGY_J, GF_SM_CLOCK_MHZ, GF_COUNT
} GpuField;
const char *site_gpu_field_name(GpuField f);   /* "temp_c", ... */
int32_t site_gpu_find(const Site *s, int32_t node, int32_t index); /* -1 if none */
void site_gpu_set(Site *s, int32_t gpu, GpuField f, SourceId src, int64_t now, float v);
void site_gpu_set_present(Site *s, int32_t gpu, bool present);

/* BMC */
void site_bmc_set(Site *s, int32_t node, SourceId src, int64_t now, bool reachable,
                  PowerState power, Health health);
void site_bmc_set_sensors(Site *s, int32_t node, SourceId src, int64_t now,
                          float inlet_c, float power_w); /* NaN = not reported */
void site_bmc_set_reset_types(Site *s, int32_t node, const char *csv);
void site_bmc_set_boot_progress(Site *s, int32_t node, const char *text);

/* Power */
typedef enum { PF_SUPPLY_W, PF_DRAW_W, PF_IT_W, PF_COOLING_W, PF_CURTAILMENT_W } PowerField;
void site_power_set(Site *s, PowerField f, SourceId src, int64_t now, float watts);
void site_power_set_margin(Site *s, float pct);
void site_feed_set(Site *s, int32_t feed, SourceId src, int64_t now, float capacity_w, float draw_w);
void site_rack_set_power(Site *s, int32_t rack, SourceId src, int64_t now, float watts);
void site_pdu_set(Site *s, int32_t pdu, SourceId src, int64_t now, float power_w,
                  float capacity_w, float energy_kwh, Health health, int32_t breakers_tripped);
/* Append a history sample (call at most once per step seconds). */
void site_history_sample(Site *s, int64_t now);
/* Store one sample of PF_DRAW_W, PF_SUPPLY_W or PF_IT_W (other fields are
 * ignored) at Unix time t into the history, e.g. a backfill from a range
 * query. t goes to the slot nearest it on the ring's grid t0 + i × step; an
 * empty history starts at t. Slots between the held samples and t are
 * created, unknown (NaN), before t0 (while the window has room) or after the
 * newest sample; when the ring is full the oldest slots are dropped as
 * site_history_sample does. A t older than the window (step × (LEN - 1)
 * before the newest sample) is dropped. Later site_history_sample calls
 * append after the newest slot as before. */
void site_history_set(Site *s, PowerField f, int64_t t, float watts);

/* Cooling */
typedef enum {
	CF_SUPPLY_C, CF_RETURN_C, CF_FLOW_LPM, CF_DP_KPA, CF_PRIM_SUPPLY_C,
	CF_PRIM_RETURN_C, CF_HEAT_W, CF_COUNT
} CduField;
void site_cdu_set(Site *s, int32_t cdu, CduField f, SourceId src, int64_t now, float v);
void site_cdu_set_health(Site *s, int32_t cdu, Health h, const char *conditions);
/* Pumps and leak detectors are found or added by name; return the index or -1. */
int32_t site_cdu_pump(Site *s, int32_t cdu, const char *name, SourceId src, int64_t now,
                      float speed_pct, bool running, Health h);
int32_t site_cdu_leak(Site *s, int32_t cdu, const char *name, int64_t now, LeakState st);
void site_loop_set(Site *s, int32_t loop, SourceId src, int64_t now,
                   float supply_c, float return_c, float heat_reuse_w); /* NaN = unchanged */

/* Scheduler: partitions, accounts, jobs. A full job list is applied as
 * begin → set… → end; jobs not set between begin and end are removed. */
int32_t site_partition_set(Site *s, const char *name, int32_t total_nodes, int32_t total_gpus, bool up);
int32_t site_account_set(Site *s, const char *name, int32_t priority, const char *kind);
void site_jobs_begin(Site *s);
/* Copies j, its strings sanitized, and its j->nnodes node indices (the
 * caller resolves the nodelist, e.g. with hostlist_parse). Returns the index
 * or -1 on out of memory. */
int32_t site_job_set(Site *s, const Job *j);
void site_jobs_end(Site *s);
void site_job_set_state(Site *s, uint32_t id, JobState st, const char *reason);

/* Alerts are written only by site/alerts.c through this narrow door:
 * reserve returns the alert array grown to hold at least cap alerts (its
 * first nalerts entries are the current ones) or NULL on out of memory;
 * commit sets how many are in use. */
Alert *site_alerts_reserve(Site *s, int32_t cap);
void site_alerts_commit(Site *s, int32_t n);

/* Names for display and JSON. */
const char *site_node_base_name(NodeBase b);     /* "idle", "alloc", ... */
const char *site_node_state_text(const Node *n, char *buf, size_t len); /* "drain+down" */
const char *site_job_state_name(JobState st);    /* "RUNNING" */
const char *site_severity_name(Severity s);      /* "critical" */
const char *site_health_name(Health h);
const char *site_power_state_name(PowerState p);
const char *site_leak_name(LeakState l);
const char *site_entity_kind_name(EntityKind k);
/* Name of the entity (node name, rack name, "GPU 3 of gpu00042"...) */
const char *site_entity_name(const Site *s, EntityRef e, char *buf, size_t len);

/* Derived, cheap: is a node usable / drained / down for counting */
typedef enum { NODE_CLASS_UP, NODE_CLASS_DRAINED, NODE_CLASS_DOWN, NODE_CLASS_UNKNOWN } NodeClass;
NodeClass site_node_class(const Node *n);

#endif
