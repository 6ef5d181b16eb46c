/* The demo connector: an in-process, seed-deterministic simulated site. */
#ifndef NARVIK_DEMO_H
#define NARVIK_DEMO_H

#include <stdint.h>

#include "connectors/connector.h"

/*
 * Config section [demo], every key optional:
 *   scale      GPUs, 8..1000000 (default 100000), 8 per node
 *   seed       PRNG seed (default 1)
 *   interval   milliseconds between simulation steps, 100..60000 (default 1000)
 *   incidents  yes/no (default yes): scripted faults from tick 5, repeating
 *              every 120 ticks with new targets
 *
 * create() builds the topology into env->site (halls H1.., rows H1-R01..,
 * racks H1-R01-K01.., nodes gpu00001.., one CDU per row, one loop per hall,
 * one PDU per rack, feed "hydro"), registers three sources ("slurm (demo)",
 * "prometheus (demo)", "redfish (demo)") and backfills two hours of power
 * history. Each step then publishes through the site_* setters only.
 *
 * The simulation depends only on the seed, the config and the number of
 * steps (and on the actions submitted between them); wall time is used only
 * to stamp values.
 */

extern const ConnectorOps demo_ops;

/* Advance the simulation one tick and publish it, stamping values with now
 * (Unix seconds). dispatch() calls it when the interval has passed; tests
 * call it directly with a fixed clock. Accepted actions finish (and call
 * env->action_done) one or two steps after submit(). */
void demo_step(void *self, int64_t now);

/* Ticks stepped so far. */
int64_t demo_ticks(const void *self);

#endif
