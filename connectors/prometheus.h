/* The Prometheus connector: DCGM GPU metrics and facility readings over the HTTP API. */
#ifndef NARVIK_PROMETHEUS_H
#define NARVIK_PROMETHEUS_H

#include "connectors/connector.h"

/*
 * [prometheus] or [prometheus "NAME"] registers one source, "prometheus" or
 * "prometheus NAME", of kind "prometheus", stale after 3 × interval.
 *
 * Keys (checked with connsec_check; an unknown key is "file:line: ..."):
 *
 *   url           required; http:// or https:// base of the API
 *                 (Prometheus, Thanos, Mimir/Cortex: the part before /api/v1)
 *   token         bearer token: env:NAME, cmd:COMMAND, file:PATH or literal
 *   user, password  basic auth (password as a secret reference); not with token
 *   header        "Name: value", repeatable (X-Scope-OrgID: tenant)
 *   ca_file       PEM bundle to trust instead of the system's
 *   insecure      yes: skip TLS verification (noted on the source)
 *   interval      seconds between facility queries (15)
 *   gpu_interval  seconds between the per-GPU fleet-wide queries (60)
 *   timeout       seconds one query may take, also sent to Prometheus (20)
 *   max_response  MB one response may hold, after gzip decoding (64)
 *   history_hours hours of power history to fetch at start (4; 0 = off;
 *                 at most 24, and no more than the history's window is asked)
 *   query_<field> PromQL for each GPU field named by site_gpu_field_name
 *                 (query_temp_c, query_power_w, ...): defaults are
 *                 dcgm_default_queries(), keeping dcgm-exporter's Hostname
 *                 and gpu labels
 *   query_supply_w, query_draw_w, query_it_w, query_cooling_w,
 *   query_curtailment_w            site power (a vector is summed)
 *   query_cdu_supply_c, query_cdu_return_c, query_cdu_flow_lpm,
 *   query_cdu_dp_kpa, query_cdu_heat_w   per CDU, by the label `cdu`
 *   query_rack_power_w             per rack, by the label `rack`
 *   query_heat_reuse_w             per cooling loop, by the label `loop`
 *
 * An empty query value disables that query. Secrets are resolved in create
 * (which may block for a cmd:), never afterwards, and never appear in
 * messages.
 *
 * The default metric names for a facility exporter (the facility queries'
 * defaults):
 *
 *   facility_hydro_supply_watts              power the hydro supply can deliver now
 *   facility_draw_watts                      power the site draws (IT + cooling)
 *   facility_it_power_watts                  IT load
 *   facility_cooling_power_watts             power spent on cooling
 *   facility_curtailment_watts               supply withheld by the grid operator
 *   cdu_supply_temperature_celsius{cdu=}     secondary supply, °C
 *   cdu_return_temperature_celsius{cdu=}     secondary return, °C
 *   cdu_flow_litres_per_minute{cdu=}         secondary flow
 *   cdu_differential_pressure_kpa{cdu=}      differential pressure
 *   cdu_heat_removed_watts{cdu=}             heat removed
 *   rack_power_watts{rack=}                  measured rack power
 *   loop_heat_reuse_watts{loop=}             heat exported for reuse
 *
 * Each refresh every query is an instant query POSTed to /api/v1/query as a
 * form body, with at most one request per query in flight: the facility
 * queries every interval, the per-GPU ones every gpu_interval. A CDU or loop
 * named by a series and unknown to the inventory is added; a node is added
 * unplaced (dcgm_apply_sample); a rack that is not known is counted in the
 * source's note.
 *
 * Results: the source is ok and complete once every enabled query's last
 * attempt succeeded. A failure (transport error, HTTP status, Prometheus's
 * errorType and error, a malformed body, a response over max_response, a
 * timeout) sets the source's error, naming the query key, and leaves the
 * values of earlier rounds in place, so they age and show as stale; the
 * other queries go on and the failed one is retried the next interval.
 * Warnings from Prometheus and samples that are NaN or ±Inf (ignored) go
 * into the source's note.
 *
 * Threading: the response is parsed with promparse_response in the HTTP
 * completion callback, on the loop's thread. At full scale (a 25 MB per-GPU
 * response) that parse may later move to a worker, as DESIGN.md allows,
 * handing a compact update back to the loop.
 *
 * Power history: at start (and again each interval only while it fails)
 * query_draw_w, query_supply_w and query_it_w are each POSTed once to
 * /api/v1/query_range with start, end = now and step = the model's history
 * step (PowerHistory.step, on whole multiples of it), over the last
 * history_hours cut to the ring's window. The samples of a result (summed
 * over its series per timestamp, NaN/±Inf ignored) go into the history with
 * site_history_set. A failure sets the source's error as
 * "history query_draw_w: ..." and counts like a failed instant query.
 */

extern const ConnectorOps prometheus_ops;

#endif
