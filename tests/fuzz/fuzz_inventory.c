/* libFuzzer target for site/inventory.c: CSV loading, patterns, placement. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site/hostlist.h"
#include "site/inventory.h"

#define FUZZ_PATTERN_NAMES 64   /* a pattern may lay out a hall per name */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The promises panels rely on, after any load, good or bad. */
static void fuzz_check_site(const Site *s)
{
	const SiteView *v = site_view(s);
	for (int32_t h = 0; h < v->nhalls; h++)
		for (int32_t i = 0; i < v->halls[h].nrows; i++)
			if (v->rows[v->halls[h].first_row + i].hall != h)
				abort();
	for (int32_t w = 0; w < v->nrows; w++)
		for (int32_t i = 0; i < v->rows[w].nracks; i++) {
			const Rack *k = &v->racks[v->rows[w].first_rack + i];
			if (k->row != w || k->pos != i)
				abort();
		}
	for (int32_t k = 0; k < v->nracks; k++) {
		if (v->racks[k].nnodes > INVENTORY_RACK_NODES_MAX)
			abort();
		for (int32_t i = 0; i < v->racks[k].nnodes; i++)
			if (v->nodes[v->racks[k].nodes[i]].rack != k)
				abort();
	}
	for (int32_t n = 0; n < v->nnodes; n++)
		if (site_node_find(s, v->nodes[n].name) != n)
			abort();
}

/* A site that already holds some topology, so that conflicts with it are
 * reached too. */
static Site *fuzz_site(void)
{
	Site *s = site_new("fuzz");
	if (!s)
		abort();
	int32_t h = site_hall_add(s, "H1");
	int32_t r1 = site_row_add(s, h, "R1"), r2 = site_row_add(s, h, "R2");
	int32_t k1 = site_rack_add(s, r1, "K1");
	site_rack_add(s, r2, "K2");
	site_node_add(s, "n1", k1, 0, 8);
	site_cdu_add(s, "C1", r1);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65536)
		return 0;
	char *text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	char err[256];
	Site *s = data[0] & 1 ? fuzz_site() : site_new("fuzz");
	if (!s)
		abort();
	switch (data[0] % 4) {
	case 0:
	case 1:
		if (inventory_load_csv_string(s, text, "f.csv", data[0] % 9, err, sizeof err) < 0 &&
		    (!err[0] || strncmp(err, "f.csv", 5) != 0))
			abort();
		/* a second load of the same text takes the duplicate paths */
		inventory_load_csv_string(s, text, "f.csv", 8, err, sizeof err);
		break;
	case 2: {
		size_t hl_len = strcspn(text, "=");  /* as inventory_apply_pattern splits */
		while (text[hl_len] && hl_len > 0 && !strchr(" \t\r\n", text[hl_len - 1]))
			hl_len--;
		char save = text[hl_len];
		text[hl_len] = '\0';
		Hostlist *hl = hostlist_parse(text, FUZZ_PATTERN_NAMES, NULL, 0);
		text[hl_len] = save;
		if (hl && inventory_apply_pattern(s, text, err, sizeof err) < 0 && !err[0])
			abort();
		hostlist_free(hl);
		break;
	}
	default: {
		int n = 0;
		for (char *save = NULL, *t = strtok_r(text, "\n", &save); t && n < FUZZ_PATTERN_NAMES;
		     t = strtok_r(NULL, "\n", &save), n++)
			inventory_place_by_number(s, t, 1 + data[0] % 16, 1 + (n % 5), 1 + (n % 3));
		break;
	}
	}
	fuzz_check_site(s);
	site_free(s);
	free(text);
	return 0;
}
