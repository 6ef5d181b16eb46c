/* dcgm-exporter metrics, as Prometheus serves them, mapped onto the model's GPUs. */
#include "connectors/dcgm.h"

#include <float.h>
#include <math.h>
#include <string.h>

static const struct {
	const char *name;
	GpuField field;
} dcgm_metrics[] = {
	{"DCGM_FI_DEV_GPU_TEMP", GF_TEMP_C},
	{"DCGM_FI_DEV_MEMORY_TEMP", GF_MEM_TEMP_C},
	{"DCGM_FI_DEV_POWER_USAGE", GF_POWER_W},
	{"DCGM_FI_DEV_GPU_UTIL", GF_UTIL_PCT},
	{"DCGM_FI_DEV_MEM_COPY_UTIL", GF_MEM_UTIL_PCT},
	{"DCGM_FI_DEV_FB_USED", GF_FB_USED_MIB},
	{"DCGM_FI_DEV_FB_FREE", GF_FB_FREE_MIB},
	{"DCGM_FI_DEV_XID_ERRORS", GF_XID},
	{"DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", GF_ECC_DBE},
	{"DCGM_FI_DEV_ECC_SBE_VOL_TOTAL", GF_ECC_SBE},
	{"DCGM_FI_DEV_ROW_REMAP_FAILURE", GF_ROW_REMAP_FAILED},
	{"DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS", GF_REMAPPED_ROWS},
	{"DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS", GF_REMAPPED_ROWS},
	{"DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL", GF_NVLINK_ERRORS},
	{"DCGM_FI_DEV_CLOCK_THROTTLE_REASONS", GF_THROTTLE},   /* DCGM < 3.3 */
	{"DCGM_FI_DEV_CLOCKS_EVENT_REASONS", GF_THROTTLE},     /* DCGM ≥ 3.3 */
	{"DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", GF_ENERGY_J}, /* mJ */
	{"DCGM_FI_DEV_SM_CLOCK", GF_SM_CLOCK_MHZ},
};

/* Binary operators drop __name__ and match on the remaining labels, so a
 * sum of two dcgm-exporter series keeps Hostname and gpu. */
static const DcgmQuery dcgm_queries[] = {
	{"DCGM_FI_DEV_GPU_TEMP", GF_TEMP_C},
	{"DCGM_FI_DEV_MEMORY_TEMP", GF_MEM_TEMP_C},
	{"DCGM_FI_DEV_POWER_USAGE", GF_POWER_W},
	{"DCGM_FI_DEV_GPU_UTIL", GF_UTIL_PCT},
	{"DCGM_FI_DEV_MEM_COPY_UTIL", GF_MEM_UTIL_PCT},
	{"DCGM_FI_DEV_FB_USED", GF_FB_USED_MIB},
	{"DCGM_FI_DEV_FB_FREE", GF_FB_FREE_MIB},
	{"DCGM_FI_DEV_XID_ERRORS", GF_XID},
	{"DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", GF_ECC_DBE},
	{"DCGM_FI_DEV_ECC_SBE_VOL_TOTAL", GF_ECC_SBE},
	{"DCGM_FI_DEV_ROW_REMAP_FAILURE", GF_ROW_REMAP_FAILED},
	{"DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS + DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS",
	 GF_REMAPPED_ROWS},
	{"DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL", GF_NVLINK_ERRORS},
	{"DCGM_FI_DEV_CLOCKS_EVENT_REASONS or DCGM_FI_DEV_CLOCK_THROTTLE_REASONS", GF_THROTTLE},
	{"DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", GF_ENERGY_J},
	{"DCGM_FI_DEV_SM_CLOCK", GF_SM_CLOCK_MHZ},
};

GpuField dcgm_field_for_metric(const char *name)
{
	if (name)
		for (size_t i = 0; i < sizeof dcgm_metrics / sizeof dcgm_metrics[0]; i++)
			if (strcmp(name, dcgm_metrics[i].name) == 0)
				return dcgm_metrics[i].field;
	return (GpuField)-1;
}

const DcgmQuery *dcgm_default_queries(size_t *n)
{
	*n = sizeof dcgm_queries / sizeof dcgm_queries[0];
	return dcgm_queries;
}

/* "0".."32767" without sign, space or leading zeros; -1 otherwise. */
static int dcgm_gpu_index(const char *s)
{
	if (!s || !*s || (s[0] == '0' && s[1]))
		return -1;
	int v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 3275)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int dcgm_apply_sample(Site *s, SourceId src, int64_t now, GpuField f, const PromLabels *l, double v)
{
	if ((int)f < 0 || f >= GF_COUNT)
		return DCGM_BAD_FIELD;
	if (f == GF_ENERGY_J)
		v /= 1000.0;  /* mJ → J */
	if (!isfinite(v) || fabs(v) > FLT_MAX)
		return DCGM_NOT_FINITE;
	const char *host = promparse_label(l, "Hostname");
	if (!host || !*host)
		return DCGM_NO_HOST;
	int idx = dcgm_gpu_index(promparse_label(l, "gpu"));
	if (idx < 0)
		return DCGM_UNKNOWN_GPU;
	int32_t node = site_node_ensure(s, host, DCGM_NODE_GPUS);
	if (node < 0)
		return DCGM_NO_MEMORY;
	int32_t gpu = site_gpu_find(s, node, idx);
	if (gpu < 0)
		return DCGM_UNKNOWN_GPU;
	site_gpu_set(s, gpu, f, src, now, (float)v);
	return DCGM_APPLIED;
}

int dcgm_ingest_sample(void *ctx, const PromLabels *l, double ts, double v)
{
	DcgmIngest *in = ctx;
	(void)ts;
	int rc = dcgm_apply_sample(in->site, in->src, in->now, in->field, l, v);
	if (rc >= 0 && rc <= DCGM_NO_MEMORY)
		in->counts[rc]++;
	return 0;
}
