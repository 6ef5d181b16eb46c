/* Headless output of a site: --once --json, --once text, and --check. */
#ifndef NARVIK_SNAPSHOT_H
#define NARVIK_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "site/site.h"

/*
 * These read the model and its alert list as they stand: run
 * alerts_evaluate() first for current alerts. now is the time the output is
 * taken at (ages are now - last_ok).
 *
 * JSON schema 1, one site:
 *   {"schema": 1, "site": {"name", "read_only", "time"},
 *    "sources": [...], "power": {...}, "halls": [...], "racks": [...],
 *    "nodes": [...], "cdus": [...], "pdus": [...], "loops": [...],
 *    "partitions": [...], "accounts": [...], "jobs": [...], "alerts": [...]}
 * A value that never arrived (Val.at == 0), an index of -1, an empty
 * optional string and an unknown time (0) are written as null, never 0 or
 * "". Stale values are written as they are; "sources" carries their age.
 * Names that refer to other entities (a node's "rack", a rack's "cdu") are
 * written as the entity's name. "partitions" of a node and "reset_types"
 * of a BMC are arrays of strings. "throttle" is the THR_* bit mask.
 *
 * Fleet form: {"schema": 1, "sites": [site, ...]} where each site is the
 * object above without its own "schema" key.
 *
 * Output goes through a 64 KiB buffer of its own; the functions return 0,
 * or -1 when a write failed.
 */
int snapshot_write_site(FILE *out, const Site *s, int64_t now, bool pretty);
int snapshot_write_fleet(FILE *out, const Site *const *sites, int n, int64_t now, bool pretty);

/* About a dozen lines for a person: GPUs up/drained/down, power, cooling,
 * alerts by severity with the five worst, sources with age and error. */
void snapshot_write_text(FILE *out, const Site *s, int64_t now);

/* One monitoring-plugin line for sites[0..n) into line (always
 * NUL-terminated, truncated to len), e.g.
 *   NARVIK CRITICAL - norway-1: 3 critical, 12 warning alerts; XID 79 (...) on
 *   gpu00042 GPU 3 | gpus_up=99872 gpus_down=32 draw_w=2.331e+08 ...
 * With more than one site each perfdata label is prefixed "site_". Returns
 * 0 (OK), 1 (WARNING) or 2 (CRITICAL) by the worst active alert. */
int snapshot_check(const Site *const *sites, int n, int64_t now, char *line, size_t len);

#endif
