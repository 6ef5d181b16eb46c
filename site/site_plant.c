/* The model: power, its history, and cooling. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "site/site_impl.h"

/* ---- power --------------------------------------------------------------- */

void site_power_set(Site *s, PowerField f, SourceId src, int64_t now, float watts)
{
	Val *v = NULL;
	switch (f) {
	case PF_SUPPLY_W: v = &s->power.supply_w; break;
	case PF_DRAW_W: v = &s->power.draw_w; break;
	case PF_IT_W: v = &s->power.it_w; break;
	case PF_COOLING_W: v = &s->power.cooling_w; break;
	case PF_CURTAILMENT_W: v = &s->power.curtailment_w; break;
	}
	if (v) {
		site_set_val(v, src, now, watts);
		site_changed(s);
	}
}

void site_power_set_margin(Site *s, float pct)
{
	if (pct >= 0 && pct <= 100)
		s->power.margin_pct = pct;
	site_changed(s);
}

void site_feed_set(Site *s, int32_t feed, SourceId src, int64_t now, float capacity_w, float draw_w)
{
	if (feed < 0 || feed >= s->nfeeds)
		return;
	site_set_val(&s->feeds[feed].capacity_w, src, now, capacity_w);
	site_set_val(&s->feeds[feed].draw_w, src, now, draw_w);
	site_changed(s);
}

void site_rack_set_power(Site *s, int32_t rack, SourceId src, int64_t now, float watts)
{
	if (rack < 0 || rack >= s->nracks)
		return;
	site_set_val(&s->racks[rack].power_w, src, now, watts);
	site_changed(s);
}

void site_pdu_set(Site *s, int32_t pdu, SourceId src, int64_t now, float power_w, float capacity_w,
                  float energy_kwh, Health health, int32_t breakers_tripped)
{
	if (pdu < 0 || pdu >= s->npdus)
		return;
	Pdu *p = &s->pdus[pdu];
	site_set_val(&p->power_w, src, now, power_w);
	site_set_val(&p->capacity_w, src, now, capacity_w);
	site_set_val(&p->energy_kwh, src, now, energy_kwh);
	p->health = health;
	p->breakers_tripped = breakers_tripped;
	site_changed(s);
}

void site_history_sample(Site *s, int64_t now)
{
	PowerHistory *h = &s->history;
	int32_t slot;
	if (h->len < SITE_HISTORY_LEN) {
		slot = (h->head + h->len) % SITE_HISTORY_LEN;
		if (h->len == 0)
			h->t0 = now;
		h->len++;
	} else {
		slot = h->head;
		h->head = (h->head + 1) % SITE_HISTORY_LEN;
		h->t0 += h->step;
	}
	const Power *p = &s->power;
	h->draw_w[slot] = val_known(p->draw_w) ? p->draw_w.v : NAN;
	h->supply_w[slot] = val_known(p->supply_w) ? p->supply_w.v : NAN;
	h->it_w[slot] = val_known(p->it_w) ? p->it_w.v : NAN;
	site_changed(s);
}

/* The slot k places after the oldest one, made empty. */
static void site_history_clear_slot(PowerHistory *h, int32_t k)
{
	int32_t slot = (h->head + k) % SITE_HISTORY_LEN;
	h->draw_w[slot] = h->supply_w[slot] = h->it_w[slot] = NAN;
}

void site_history_set(Site *s, PowerField f, int64_t t, float watts)
{
	PowerHistory *h = &s->history;
	if ((f != PF_DRAW_W && f != PF_SUPPLY_W && f != PF_IT_W) || h->step <= 0)
		return;
	if (h->len == 0) {
		h->t0 = t;
		h->len = 1;
		site_history_clear_slot(h, 0);
	}
	/* The nearest slot, rounding halves up (floor division for t < t0). */
	int64_t d = t - h->t0 + h->step / 2;
	int64_t k = d >= 0 ? d / h->step : -((-d + h->step - 1) / h->step);
	if (k < 0) {
		if (h->len - k > SITE_HISTORY_LEN)
			return; /* older than the window */
		for (int64_t i = 0; i < -k; i++) {
			h->head = (h->head + SITE_HISTORY_LEN - 1) % SITE_HISTORY_LEN;
			h->t0 -= h->step;
			h->len++;
			site_history_clear_slot(h, 0);
		}
		k = 0;
	} else if (k >= h->len) {
		if (k - h->len >= SITE_HISTORY_LEN) {
			/* Far past the newest: the window holds t alone. */
			h->head = 0;
			h->len = 1;
			h->t0 = t;
			site_history_clear_slot(h, 0);
			k = 0;
		}
		while (k >= h->len) {
			if (h->len < SITE_HISTORY_LEN) {
				h->len++;
			} else {
				h->head = (h->head + 1) % SITE_HISTORY_LEN;
				h->t0 += h->step;
				k--;
			}
			site_history_clear_slot(h, h->len - 1);
		}
	}
	int32_t slot = (int32_t)((h->head + k) % SITE_HISTORY_LEN);
	float *a = f == PF_DRAW_W ? h->draw_w : f == PF_SUPPLY_W ? h->supply_w : h->it_w;
	a[slot] = watts;
	site_changed(s);
}

/* ---- cooling -------------------------------------------------------------- */

void site_cdu_set(Site *s, int32_t cdu, CduField f, SourceId src, int64_t now, float v)
{
	if (cdu < 0 || cdu >= s->ncdus)
		return;
	Cdu *c = &s->cdus[cdu];
	Val *x = NULL;
	switch (f) {
	case CF_SUPPLY_C: x = &c->supply_c; break;
	case CF_RETURN_C: x = &c->return_c; break;
	case CF_FLOW_LPM: x = &c->flow_lpm; break;
	case CF_DP_KPA: x = &c->dp_kpa; break;
	case CF_PRIM_SUPPLY_C: x = &c->prim_supply_c; break;
	case CF_PRIM_RETURN_C: x = &c->prim_return_c; break;
	case CF_HEAT_W: x = &c->heat_w; break;
	case CF_COUNT: break;
	}
	if (x) {
		site_set_val(x, src, now, v);
		site_changed(s);
	}
}

void site_cdu_set_health(Site *s, int32_t cdu, Health h, const char *conditions)
{
	if (cdu < 0 || cdu >= s->ncdus)
		return;
	s->cdus[cdu].health = h;
	site_copy_name(s->cdus[cdu].conditions, sizeof s->cdus[cdu].conditions, conditions);
	site_changed(s);
}

int32_t site_cdu_pump(Site *s, int32_t cdu, const char *name, SourceId src, int64_t now,
                      float speed_pct, bool running, Health h)
{
	if (cdu < 0 || cdu >= s->ncdus)
		return -1;
	Cdu *c = &s->cdus[cdu];
	char clean[SITE_NAME_MAX];
	site_copy_name(clean, sizeof clean, name);
	int32_t i = 0;
	while (i < c->npumps && strcmp(c->pumps[i].name, clean) != 0)
		i++;
	if (i == c->npumps) {
		if (c->npumps == CDU_PUMPS_MAX)
			return -1;
		memcpy(c->pumps[c->npumps++].name, clean, sizeof clean);
	}
	Pump *p = &c->pumps[i];
	site_set_val(&p->speed_pct, src, now, speed_pct);
	p->running = running;
	p->health = h;
	site_changed(s);
	return i;
}

int32_t site_cdu_leak(Site *s, int32_t cdu, const char *name, int64_t now, LeakState st)
{
	if (cdu < 0 || cdu >= s->ncdus)
		return -1;
	Cdu *c = &s->cdus[cdu];
	char clean[SITE_NAME_MAX];
	site_copy_name(clean, sizeof clean, name);
	int32_t i = 0;
	while (i < c->nleaks && strcmp(c->leaks[i].name, clean) != 0)
		i++;
	if (i == c->nleaks) {
		if (c->nleaks == CDU_LEAKS_MAX)
			return -1;
		memcpy(c->leaks[c->nleaks++].name, clean, sizeof clean);
	}
	c->leaks[i].state = st;
	c->leaks[i].at = now > 0 ? (uint32_t)now : 1;
	site_changed(s);
	return i;
}

void site_loop_set(Site *s, int32_t loop, SourceId src, int64_t now, float supply_c,
                   float return_c, float heat_reuse_w)
{
	if (loop < 0 || loop >= s->nloops)
		return;
	CoolLoop *l = &s->loops[loop];
	site_set_val(&l->supply_c, src, now, supply_c);
	site_set_val(&l->return_c, src, now, return_c);
	site_set_val(&l->heat_reuse_w, src, now, heat_reuse_w);
	site_changed(s);
}

