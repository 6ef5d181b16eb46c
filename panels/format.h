/* Formatting helpers shared by panels: values with units, ages, roles. */
#ifndef NARVIK_FORMAT_H
#define NARVIK_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "panels/canvas.h"
#include "site/site.h"

/*
 * Every fmt_* that takes a buffer writes at most len bytes (always
 * NUL-terminated when len > 0) and returns either the buffer or the role to
 * draw it with.  Nothing allocates.  "ascii" selects the ASCII forms
 * (canvas->ascii): "-" for unknown instead of "—", "C" instead of "°C".
 *
 * The role of a Val:
 *   at == 0                                  → ROLE_UNKNOWN, text "—" / "-"
 *   now - at > sources[src].stale_after      → ROLE_STALE (text as usual)
 *   otherwise                                → the role the caller gives
 * A Val whose src is 0 or out of range is never stale.
 */

/* "—" or "-". */
const char *fmt_unknown(bool ascii);
/* True when x arrived but is older than its source's stale_after. */
bool fmt_val_stale(const SiteView *v, Val x, int64_t now);
/* The role for x as above. */
Role fmt_val_role(const SiteView *v, Val x, int64_t now, Role role);

/* Generic: x.v with `decimals` decimals followed by unit (may be "" or
 * NULL), e.g. "87.5 kPa" with unit " kPa". */
Role fmt_val(char *buf, size_t len, const SiteView *v, Val x, int64_t now,
             int decimals, const char *unit, Role role, bool ascii);
/* Watts in W / kW / MW / GW: "850 W", "12.3 kW", "231.4 MW". */
Role fmt_val_watts(char *buf, size_t len, const SiteView *v, Val x, int64_t now, Role role, bool ascii);
/* Percent, no decimals: "87%". */
Role fmt_val_pct(char *buf, size_t len, const SiteView *v, Val x, int64_t now, Role role, bool ascii);
/* Temperature "72°C" ("72C" in ascii), coloured by fmt_temp_role against
 * warn/crit (°C; pass crit <= 0 to colour ROLE_NORMAL). */
Role fmt_val_temp(char *buf, size_t len, const SiteView *v, Val x, int64_t now,
                  float warn, float crit, bool ascii);

/* Plain numbers (NaN → unknown dash). */
char *fmt_watts(char *buf, size_t len, double watts, bool ascii);  /* "231.4 MW" */
char *fmt_mw(char *buf, size_t len, double watts, bool ascii);     /* always MW: "12.3 MW" */
char *fmt_temp(char *buf, size_t len, double c, bool ascii);       /* "72°C" */
char *fmt_pct(char *buf, size_t len, double pct, bool ascii);      /* "87%" */
char *fmt_count(char *buf, size_t len, long long n);               /* "20,000" */
/* Durations: "3s", "4m", "2h05m", "3d04h"; negative counts as 0. */
char *fmt_duration(char *buf, size_t len, int64_t secs);
/* Age of a timestamp: fmt_duration(now - at), or the unknown dash when
 * at == 0. */
char *fmt_age(char *buf, size_t len, int64_t now, int64_t at, bool ascii);

/* Roles for states.  The text always says the state as well; colour is
 * never the only carrier. */
Role fmt_temp_role(double c, float warn, float crit);  /* OK/WARN/CRIT; NaN → UNKNOWN */
Role fmt_severity_role(Severity s);       /* CRIT / WARN / INFO / DIM (none) */
const char *fmt_severity_text(Severity s);/* "CRIT", "WARN", "INFO", "-" (4 columns max) */
Role fmt_health_role(Health h);           /* OK / WARN / CRIT / UNKNOWN */
Role fmt_leak_role(LeakState l);
Role fmt_job_state_role(JobState st);
Role fmt_node_class_role(NodeClass c);    /* up OK, drained WARN, down CRIT, unknown UNKNOWN */
const char *fmt_node_class_name(NodeClass c); /* "up", "drained", "down", "unknown" */
/* State text as site_node_state_text ("drained", "alloc+not_responding")
 * into buf, returning the role: down/error CRIT, drained WARN, allocated or
 * mixed OK, idle NORMAL, unknown UNKNOWN; stale scheduler state STALE. */
Role fmt_node_state(char *buf, size_t len, const SiteView *v, const Node *n, int64_t now);
Role fmt_node_state_role(const Node *n);

/*
 * One ASCII character per node for heatmaps and compact grids, so a state
 * is readable without colour:
 *   'A' allocated   'M' mixed       '.' idle        'D' drained/draining
 *   'R' reboot requested or issued  'X' down / not responding / failed
 *   'E' error       'P' powered down                'F' future
 *   '?' unknown (never reported)
 * Pair it with fmt_node_state_role(n) for the colour.
 */
char fmt_node_state_glyph(const Node *n);

/*
 * FmtLine: text flowing left to right inside a Rect, one line at a time,
 * never drawing outside the Rect.  Panels use it for summary strips that
 * must adapt from 80 to 200 columns.
 *
 *   FmtLine l; fmt_line_begin(&l, cv, r);
 *   fmt_line_need(&l, 20);                 // wrap if fewer than 20 columns left
 *   fmt_line_text(&l, ROLE_DIM, "GPUs ");
 *   fmt_line_next(&l);                     // next line
 */
typedef struct {
	Canvas *cv;
	Rect r;
	int x, y;      /* absolute position of the next character */
} FmtLine;

void fmt_line_begin(FmtLine *l, Canvas *cv, Rect r);
/* Draw s at the current position clipped to the Rect; advances x. */
void fmt_line_text(FmtLine *l, Role role, const char *s);
void fmt_line_printf(FmtLine *l, Role role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Move to the start of the next line when fewer than cols columns remain
 * on this one (and it is not empty). */
void fmt_line_need(FmtLine *l, int cols);
void fmt_line_next(FmtLine *l);
/* True while the current line is inside the Rect. */
bool fmt_line_room(const FmtLine *l);
/* Lines used so far (including the current one if anything is on it). */
int fmt_line_used(const FmtLine *l);

#endif
