/* Headless modes: --once (text or --json) and --check, on the same loop,
 * connectors and model as the console. */
#include <stdio.h>
#include <string.h>

#include "site/snapshot.h"
#include "tui/app.h"
#include "tui/headless.h"
#include "util/clock.h"

static bool all_complete(const App *a, int only)
{
	for (int i = 0; i < a->nsites; i++) {
		if (only >= 0 && i != only)
			continue;
		const SiteView *v = site_view(a->sites[i].site);
		for (int s = 1; s < v->nsources; s++)
			if (!v->sources[s].complete)
				return false;
	}
	return true;
}

int headless_run(App *a)
{
	int only = -1;
	if (a->opt.site) {
		for (int i = 0; i < a->nsites; i++)
			if (strcmp(site_view(a->sites[i].site)->name, a->opt.site) == 0)
				only = i;
		if (only < 0) {
			fprintf(stderr, "narvik: no site named '%s'\n", a->opt.site);
			return 2;
		}
	}
	int timeout_s = a->opt.timeout_s > 0 ? a->opt.timeout_s : 30;
	int64_t deadline = clock_mono_ms() + (int64_t)timeout_s * 1000;
	bool timed_out = false;
	while (!a->quit && !all_complete(a, only)) {
		int64_t left = deadline - clock_mono_ms();
		if (left <= 0) {
			timed_out = true;
			break;
		}
		app_turn(a, left > 200 ? 200 : (int)left);
	}
	if (a->quit)
		return a->exit_code ? a->exit_code : 130; /* interrupted: print nothing */
	int64_t now = clock_wall_s();
	const Site *sites[APP_SITES_MAX];
	int n = 0;
	for (int i = 0; i < a->nsites; i++) {
		if (only >= 0 && i != only)
			continue;
		AppSite *s = &a->sites[i];
		site_touch(s->site, now);
		alerts_evaluate(s->alerts, s->site, &s->acfg, now);
		sites[n++] = s->site;
	}
	if (timed_out) {
		fprintf(stderr, "narvik: --timeout %d s passed before every source answered; failing sources are marked\n",
		        timeout_s);
	}
	if (a->opt.check) {
		char line[1024];
		int rc = snapshot_check(sites, n, now, line, sizeof line);
		printf("%s\n", line);
		return rc;
	}
	if (a->opt.json) {
		/* One site (or --site NAME): the single-site form. */
		if (n == 1)
			snapshot_write_site(stdout, sites[0], now, a->opt.pretty);
		else
			snapshot_write_fleet(stdout, sites, n, now, a->opt.pretty);
	} else {
		for (int i = 0; i < n; i++)
			snapshot_write_text(stdout, sites[i], now);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "narvik: writing the snapshot failed\n");
		return 1;
	}
	return timed_out ? 3 : 0;
}
