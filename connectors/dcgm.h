/* dcgm-exporter metrics, as Prometheus serves them, mapped onto the model's GPUs. */
#ifndef NARVIK_DCGM_H
#define NARVIK_DCGM_H

#include <stddef.h>
#include <stdint.h>

#include "connectors/promparse.h"
#include "site/site.h"

/*
 * dcgm-exporter labels every series with Hostname (the node), gpu (index on
 * the node, "0".."7"), UUID, device ("nvidia3"), modelName and, in newer
 * releases, pci_bus_id. Prometheus adds instance, job and, under Kubernetes,
 * pod, namespace, container... Only Hostname and gpu are used here.
 *
 * Values arrive in dcgm-exporter's units and are converted to the model's:
 * DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION is in mJ, GF_ENERGY_J in joules;
 * everything else is already in the unit of its field.
 */

#define DCGM_NODE_GPUS 8  /* GPUs given to a node Prometheus knows and the inventory does not */

/* The GpuField a dcgm-exporter metric name fills, or (GpuField)-1. */
GpuField dcgm_field_for_metric(const char *name);

/* A query the Prometheus connector runs each refresh, and the field its
 * result fills. The expression keeps the Hostname and gpu labels. */
typedef struct {
	const char *query;  /* PromQL */
	GpuField field;
} DcgmQuery;

/* The default queries: *n gets how many; the table is static. */
const DcgmQuery *dcgm_default_queries(size_t *n);

/* What dcgm_apply_sample did. */
typedef enum {
	DCGM_APPLIED = 0,
	DCGM_NOT_FINITE,    /* NaN, ±Inf or beyond a float: ignored, the field keeps its last value */
	DCGM_NO_HOST,       /* no Hostname label */
	DCGM_UNKNOWN_GPU,   /* no usable gpu label, or not that many GPUs on the node */
	DCGM_BAD_FIELD,     /* f is not a GpuField */
	DCGM_NO_MEMORY      /* the node could not be added */
} DcgmApply;

/* Set field f of the GPU named by the labels Hostname and gpu to v (in
 * dcgm-exporter's unit) from source src at time now. A node the site does
 * not know is added unplaced with DCGM_NODE_GPUS GPUs (site_node_ensure).
 * Returns a DcgmApply. */
int dcgm_apply_sample(Site *s, SourceId src, int64_t now, GpuField f, const PromLabels *l, double v);

/* A PromSampleFn that applies every sample of one query's response with
 * dcgm_apply_sample and counts the outcomes. Fill site, src, now and field,
 * zero the counts, pass it as ctx to promparse_response. It never stops the
 * parse. */
typedef struct {
	Site *site;
	SourceId src;
	int64_t now;
	GpuField field;
	size_t counts[DCGM_NO_MEMORY + 1];  /* indexed by DcgmApply */
} DcgmIngest;

int dcgm_ingest_sample(void *ctx, const PromLabels *l, double ts, double v);

#endif
