/* Unit tests for site/inventory.c: CSV loading, its errors, placement by number. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "site/inventory.h"

#define FIX "tests/fixtures/inventory/"
#define HDR "kind,name,hall,row,rack,slot,bmc\n"

/* What site.c promises panels: a hall's rows and a row's racks are
 * contiguous ranges that point back at their parent, and every placed node
 * is listed by its rack. */
static void check_site(const Site *s)
{
	const SiteView *v = site_view(s);
	for (int32_t h = 0; h < v->nhalls; h++)
		for (int32_t i = 0; i < v->halls[h].nrows; i++)
			assert_int_equal(v->rows[v->halls[h].first_row + i].hall, h);
	for (int32_t w = 0; w < v->nrows; w++)
		for (int32_t i = 0; i < v->rows[w].nracks; i++) {
			const Rack *k = &v->racks[v->rows[w].first_rack + i];
			assert_int_equal(k->row, w);
			assert_int_equal(k->pos, i);
		}
	int32_t placed = 0, listed = 0;
	for (int32_t n = 0; n < v->nnodes; n++)
		placed += v->nodes[n].rack >= 0;
	for (int32_t k = 0; k < v->nracks; k++)
		for (int32_t i = 0; i < v->racks[k].nnodes; i++, listed++)
			assert_int_equal(v->nodes[v->racks[k].nodes[i]].rack, k);
	assert_int_equal(placed, listed);
}

static const Node *node(const Site *s, const char *name)
{
	int32_t i = site_node_find(s, name);
	if (i < 0)
		fail_msg("no node '%s'", name);
	return &site_view(s)->nodes[i];
}

static const char *rack_of(const Site *s, const char *name)
{
	const Node *n = node(s, name);
	return n->rack < 0 ? "-" : site_view(s)->racks[n->rack].name;
}

/* ---- loading -------------------------------------------------------------- */

static void test_fixture_good(void **state)
{
	(void)state;
	Site *s = site_new("t");
	char err[256];
	if (inventory_load_csv(s, FIX "good.csv", 8, err, sizeof err) != 0)
		fail_msg("%s", err);
	const SiteView *v = site_view(s);
	assert_int_equal(v->nhalls, 1);
	assert_int_equal(v->nrows, 2);
	assert_int_equal(v->nracks, 3);
	assert_int_equal(v->nnodes, 6);
	assert_int_equal(v->ngpus, 48);
	assert_string_equal(rack_of(s, "gpu00001"), "H1-R01-K01");
	assert_string_equal(rack_of(s, "gpu00002"), "H1-R01-K01");
	assert_string_equal(rack_of(s, "gpu00004"), "H1-R01-K02");
	assert_string_equal(rack_of(s, "gpu00005"), "H1-R02-K01");
	assert_string_equal(rack_of(s, "login1"), "-");
	assert_int_equal(node(s, "gpu00002")->slot, 1);
	assert_int_equal(node(s, "login1")->slot, -1);
	assert_string_equal(node(s, "gpu00001")->bmc.addr, "https://10.1.0.1");
	assert_string_equal(node(s, "gpu00002")->bmc.addr, "https://10.1.0.2/redfish/v1?x=a,b");
	assert_string_equal(node(s, "gpu00005")->bmc.addr, "");
	int32_t r1 = site_rack_find(s, "H1-R01-K01"), r2 = site_rack_find(s, "H1-R01-K02");
	int32_t r3 = site_rack_find(s, "H1-R02-K01");
	int32_t cdu = site_cdu_find(s, "CDU-H1-R01");
	assert_true(cdu >= 0);
	assert_int_equal(v->racks[r1].cdu, cdu);
	assert_int_equal(v->racks[r2].cdu, cdu);
	assert_int_equal(v->racks[r3].cdu, -1);
	assert_int_equal(v->racks[r1].pdu, site_pdu_find(s, "PDU-H1-R01-K01-A"));
	assert_int_equal(v->racks[r3].pdu, site_pdu_find(s, "PDU-H1-R02-K01-A"));
	assert_int_equal(v->racks[r2].pdu, -1);
	check_site(s);
	site_free(s);
}

static void test_fixture_errors(void **state)
{
	(void)state;
	Site *s = site_new("t");
	char err[256];
	assert_int_equal(inventory_load_csv(s, FIX "bad_kind.csv", 8, err, sizeof err), -1);
	assert_string_equal(err, FIX "bad_kind.csv:4: unknown kind 'nod' (want node, cdu or pdu)");
	site_free(s);
	s = site_new("t");
	assert_int_equal(inventory_load_csv(s, FIX "duplicate.csv", 8, err, sizeof err), -1);
	assert_string_equal(err, FIX "duplicate.csv:3: duplicate node 'gpu00001' (first on line 1)");
	assert_int_equal(inventory_load_csv(s, FIX "missing.csv", 8, err, sizeof err), -1);
	assert_string_equal(err, FIX "missing.csv: No such file or directory");
	assert_int_equal(inventory_load_csv(s, FIX, 8, err, sizeof err), -1);   /* a directory */
	assert_non_null(strstr(err, FIX));
	site_free(s);
}

static void test_nul_byte(void **state)
{
	(void)state;
	char path[] = "/tmp/narvik-inv-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	static const char text[] = "node,a,,,,,\nnode,b\0,,,,,\n";
	assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fd);
	Site *s = site_new("t");
	char err[256], want[128];
	assert_int_equal(inventory_load_csv(s, path, 8, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:2: NUL byte in the text", path);
	assert_string_equal(err, want);
	unlink(path);
	site_free(s);
}

static void test_quotes_blanks_header(void **state)
{
	(void)state;
	Site *s = site_new("t");
	char err[256];
	const char *csv =
		"\xEF\xBB\xBF# BOM, then a comment\n"
		"\n"
		"  KIND , Name , hall , row , rack , slot , bmc  \n"
		"NODE ,  \"n1\"  , \"H 1\" , \"R \"\"one\"\"\" ,K1, 3 , \"a,b\"\n"
		"\t# tabbed comment\n"
		"node,n2,,,K1,,\n";
	if (inventory_load_csv_string(s, csv, "q.csv", 4, err, sizeof err) != 0)
		fail_msg("%s", err);
	const SiteView *v = site_view(s);
	assert_string_equal(v->halls[0].name, "H 1");
	assert_string_equal(v->rows[0].name, "R \"one\"");
	assert_int_equal(node(s, "n1")->slot, 3);
	assert_string_equal(node(s, "n1")->bmc.addr, "a,b");
	assert_int_equal(node(s, "n2")->slot, -1);
	assert_int_equal(v->ngpus, 8);
	/* the first data line is a header only when it says "kind" */
	Site *t = site_new("t");
	assert_int_equal(inventory_load_csv_string(t, "node,n9,,,,,\n", "x", 8, err, sizeof err), 0);
	assert_int_equal(site_view(t)->nnodes, 1);
	/* empty text, comments only */
	assert_int_equal(inventory_load_csv_string(t, "", "x", 8, err, sizeof err), 0);
	assert_int_equal(inventory_load_csv_string(t, "# nothing\n\n" HDR, "x", 8, err, sizeof err), 0);
	site_free(t);
	site_free(s);
}

/* Racks of different rows interleaved in the file still come out as one
 * contiguous range per row, rows as one range per hall. */
static void test_interleaved_order(void **state)
{
	(void)state;
	Site *s = site_new("t");
	char err[256];
	const char *csv = HDR
		"node,a1,H1,R1,K1,0,\n"
		"node,b1,H2,R3,K3,0,\n"
		"node,a2,H1,R2,K2,0,\n"
		"node,a3,H1,R1,K4,0,\n"
		"node,b2,H2,R3,K5,0,\n"
		"node,a4,,,K2,1,\n"
		"node,a5,H1,R2,K6,0,\n";
	if (inventory_load_csv_string(s, csv, "o.csv", 8, err, sizeof err) != 0)
		fail_msg("%s", err);
	const SiteView *v = site_view(s);
	assert_int_equal(v->nhalls, 2);
	assert_int_equal(v->nrows, 3);
	assert_int_equal(v->nracks, 6);
	check_site(s);
	int32_t r1 = site_row_find(s, "R1");
	assert_int_equal(v->rows[r1].nracks, 2);
	assert_string_equal(v->racks[v->rows[r1].first_rack].name, "K1");
	assert_string_equal(v->racks[v->rows[r1].first_rack + 1].name, "K4");
	assert_string_equal(rack_of(s, "a4"), "K2");
	/* a second file adds to the last row, and to new rows */
	assert_int_equal(inventory_load_csv_string(s, "node,b3,H2,R3,K7,0,\nnode,c1,H3,R9,K9,0,\n",
	                                           "more.csv", 8, err, sizeof err), 0);
	check_site(s);
	assert_string_equal(rack_of(s, "b3"), "K7");
	site_free(s);
}

static void test_defaults_and_late_parents(void **state)
{
	(void)state;
	Site *s = site_new("t");
	char err[256];
	const char *csv =
		"node,n1,,,K1,0,\n"        /* K1's row comes two lines later */
		"node,n2,,,K2,0,\n"        /* K2 never gets a row */
		"node,n3,,R1,K1,1,\n"      /* R1 never gets a hall */
		"pdu,P1,,,K2,,\n";
	if (inventory_load_csv_string(s, csv, "d.csv", 8, err, sizeof err) != 0)
		fail_msg("%s", err);
	const SiteView *v = site_view(s);
	int32_t k1 = site_rack_find(s, "K1"), k2 = site_rack_find(s, "K2");
	assert_string_equal(v->rows[v->racks[k1].row].name, "R1");
	assert_string_equal(v->rows[v->racks[k2].row].name, INVENTORY_DEFAULT_GROUP);
	assert_string_equal(v->halls[v->racks[k1].hall].name, INVENTORY_DEFAULT_GROUP);
	assert_int_equal(v->nhalls, 1);
	assert_int_equal(v->racks[k2].pdu, site_pdu_find(s, "P1"));
	check_site(s);
	site_free(s);
}

/* ---- errors --------------------------------------------------------------- */

static void expect_fail(Site *s, const char *csv, const char *want)
{
	char err[512] = "";
	if (inventory_load_csv_string(s, csv, "inventory.csv", 8, err, sizeof err) == 0)
		fail_msg("loaded, want error '%s'", want);
	assert_string_equal(err, want);
	check_site(s);
}

static void expect_fail_fresh(const char *csv, const char *want)
{
	Site *s = site_new("t");
	expect_fail(s, csv, want);
	site_free(s);
}

static void test_line_errors(void **state)
{
	(void)state;
	static const struct {
		const char *csv, *want;
	} cases[] = {
		{ HDR "nod,a,,,,,\n", "inventory.csv:2: unknown kind 'nod' (want node, cdu or pdu)" },
		{ "node,a,,,,\n", "inventory.csv:1: wrong column count: 6 (want 7: kind,name,hall,row,rack,slot,bmc)" },
		{ "node,a,,,,,,,\n", "inventory.csv:1: wrong column count: 9 (want 7: kind,name,hall,row,rack,slot,bmc)" },
		{ "node,a,,,K1,x,\n", "inventory.csv:1: bad slot 'x' (want a whole number from 0, or empty)" },
		{ "node,a,,,K1,-1,\n", "inventory.csv:1: bad slot '-1' (want a whole number from 0, or empty)" },
		{ "node,a,,,K1,1.5,\n", "inventory.csv:1: bad slot '1.5' (want a whole number from 0, or empty)" },
		{ "node,a,,,K1,1234567,\n", "inventory.csv:1: bad slot '1234567' (want a whole number from 0, or empty)" },
		{ "\n\nnode,\"a,,,,,,\n", "inventory.csv:3: unterminated quote at column 6" },
		{ "node,\"a\"b,,,,,\n", "inventory.csv:1: text after a closing quote at column 9" },
		{ "node,a\"b,,,,,\n", "inventory.csv:1: quote inside an unquoted field at column 7" },
		{ "node, ,,,,,\n", "inventory.csv:1: name is empty" },
		{ "node,a,,,K\x01,,\n", "inventory.csv:1: rack 'K?' holds control or non-printing characters" },
		{ "node,a\r,,,,,\n", "inventory.csv:1: name 'a ' holds control or non-printing characters" },
		{ "node,\"a b\",,,,,\n", "inventory.csv:1: node name 'a b' holds a space, comma or bracket" },
		{ "node,\"a[1]\",,,,,\n", "inventory.csv:1: node name 'a[1]' holds a space, comma or bracket" },
		{ "node,a,H1,,K1,,\n", "inventory.csv:1: node 'a': hall given without a row" },
		{ "node,a,,R1,,,\n", "inventory.csv:1: node 'a': row or slot given without a rack" },
		{ "node,a,,,,0,\n", "inventory.csv:1: node 'a': row or slot given without a rack" },
		{ "cdu,C1,,,,,\n", "inventory.csv:1: cdu 'C1' needs the row it serves" },
		{ "cdu,C1,,R1,K1,,\n", "inventory.csv:1: cdu 'C1' serves a row: leave the rack column empty" },
		{ "cdu,C1,,R1,,2,\n", "inventory.csv:1: cdu 'C1': slot is only for nodes" },
		{ "pdu,P1,,,,,\n", "inventory.csv:1: pdu 'P1' needs the rack it serves" },
		{ "node,a,H1,R1,K1,0,\nnode,b,H1,R2,K1,1,\n",
		  "inventory.csv:2: rack 'K1' is in row 'R2' here but in row 'R1' on line 1" },
		{ "node,a,H1,R1,K1,0,\n#\npdu,P,H2,R1,K1,,\n",
		  "inventory.csv:3: row 'R1' is in hall 'H2' here but in hall 'H1' on line 1" },
		{ "node,a,,,K1,0,\nnode,b,,,K1,0,\n",
		  "inventory.csv:2: node 'b': slot 0 of rack 'K1' is taken by 'a' (line 1)" },
		{ "node,gpu00001,,,,,\nnode,x,,,,,\nnode,gpu00001,,,K1,,\n",
		  "inventory.csv:3: duplicate node 'gpu00001' (first on line 1)" },
		{ "cdu,C1,,R1,,,\ncdu,C1,,R2,,,\n", "inventory.csv:2: duplicate cdu 'C1' (first on line 1)" },
		{ "pdu,P1,,,K1,,\npdu,P1,,,K1,,\n", "inventory.csv:2: duplicate pdu 'P1' (first on line 1)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect_fail_fresh(cases[i].csv, cases[i].want);
}

static void test_length_errors(void **state)
{
	(void)state;
	char *csv = malloc(8192);
	assert_non_null(csv);
	/* a name of 47 bytes fits, 48 does not */
	snprintf(csv, 8192, "node,%047d,,,,,\n", 7);
	Site *s = site_new("t");
	char err[256];
	assert_int_equal(inventory_load_csv_string(s, csv, "l.csv", 8, err, sizeof err), 0);
	site_free(s);
	snprintf(csv, 8192, "node,%048d,,,,,\n", 7);
	expect_fail_fresh(csv, "inventory.csv:1: name '0000000000000000000000000000000000000000...' "
	                       "is longer than 47 bytes");
	snprintf(csv, 8192, "node,a,,,,,%0128d\n", 7);
	expect_fail_fresh(csv, "inventory.csv:1: bmc '0000000000000000000000000000000000000000...' "
	                       "is longer than 127 bytes");
	/* 4096 bytes of line is fine (the padding is trimmed), 4097 is not */
	int n = snprintf(csv, 8192, "node,a,,,,,");
	memset(csv + n, ' ', 4096 - (size_t)n);
	strcpy(csv + 4096, "\r\n");
	s = site_new("t");
	assert_int_equal(inventory_load_csv_string(s, csv, "l.csv", 8, err, sizeof err), 0);
	site_free(s);
	strcpy(csv + 4096, " \nnode,b,,,,,\n");
	expect_fail_fresh(csv, "inventory.csv:1: line too long (more than 4096 bytes)");
	free(csv);
}

static void test_too_many_lines(void **state)
{
	(void)state;
	size_t n = INVENTORY_LINES_MAX + 1;
	char *csv = malloc(2 * n + 1);
	assert_non_null(csv);
	for (size_t i = 0; i < n; i++)
		memcpy(csv + 2 * i, "#\n", 2);
	csv[2 * n - 2] = '\0';   /* exactly INVENTORY_LINES_MAX lines */
	Site *s = site_new("t");
	char err[256];
	assert_int_equal(inventory_load_csv_string(s, csv, "big.csv", 8, err, sizeof err), 0);
	csv[2 * n - 2] = '#';
	csv[2 * n] = '\0';
	expect_fail(s, csv, "inventory.csv:1000001: more than 1000000 lines");
	site_free(s);
	free(csv);
}

static void test_site_conflicts(void **state)
{
	(void)state;
	Site *s = site_new("t");
	int32_t h = site_hall_add(s, "H1");
	int32_t r1 = site_row_add(s, h, "R1"), r2 = site_row_add(s, h, "R2");
	int32_t k1 = site_rack_add(s, r1, "K1");
	site_rack_add(s, r2, "K2");
	site_node_add(s, "old", k1, 0, 8);
	site_cdu_add(s, "C-old", r1);
	expect_fail(s, "node,old,,,,,\n", "inventory.csv:1: node 'old' is already in the site");
	expect_fail(s, "cdu,C-old,,R1,,,\n", "inventory.csv:1: cdu 'C-old' is already in the site");
	expect_fail(s, "node,new,,R2,K1,1,\n",
	            "inventory.csv:1: rack 'K1' is in row 'R2' here but in row 'R1' in the site");
	expect_fail(s, "node,new,,,K1,0,\n",
	            "inventory.csv:1: node 'new': slot 0 of rack 'K1' is taken by 'old' (the site)");
	/* R1's racks are not the last ones: a rack cannot join it */
	expect_fail(s, "#\nnode,new,,R1,K3,0,\n",
	            "inventory.csv:2: cannot add rack 'K3' to row 'R1': its racks are not the last in the site");
	/* but R2's can, and existing racks take nodes */
	char err[256];
	assert_int_equal(inventory_load_csv_string(s, "node,n2,,R2,K4,0,\nnode,n3,,,K1,1,\n", "ok.csv", 8,
	                                           err, sizeof err), 0);
	check_site(s);
	assert_string_equal(rack_of(s, "n2"), "K4");
	assert_string_equal(rack_of(s, "n3"), "K1");
	site_free(s);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	Site *s = site_new("t");
	char err[256];
	assert_int_equal(inventory_load_csv_string(s, "node,a,,,,,\n", "g.csv", 65, err, sizeof err), -1);
	assert_string_equal(err, "g.csv: gpus per node must be 0..64, not 65");
	assert_int_equal(inventory_load_csv_string(s, NULL, "g.csv", 8, err, sizeof err), -1);
	assert_int_equal(inventory_load_csv_string(NULL, "", NULL, 8, err, sizeof err), -1);
	assert_string_equal(err, "inventory: no site or no text");
	assert_int_equal(inventory_load_csv(s, NULL, 8, NULL, 0), -1);
	assert_int_equal(inventory_load_csv_string(s, "nod,a,,,,,\n", NULL, 8, err, sizeof err), -1);
	assert_string_equal(err, "inventory:1: unknown kind 'nod' (want node, cdu or pdu)");
	/* a full rack */
	size_t cap = 64 * (INVENTORY_RACK_NODES_MAX + 2);
	char *csv = malloc(cap), *p = csv;
	assert_non_null(csv);
	for (int i = 0; i <= INVENTORY_RACK_NODES_MAX; i++)
		p += sprintf(p, "node,n%d,,,K1,,\n", i);
	assert_int_equal(inventory_load_csv_string(s, csv, "full.csv", 0, err, sizeof err), -1);
	assert_string_equal(err, "full.csv:257: rack 'K1' already holds 256 nodes");
	free(csv);
	site_free(s);
}

static void test_large_inventory(void **state)
{
	(void)state;
	enum { N = 12500 };
	char *csv = malloc((size_t)N * 80 + 64), *p = csv;
	assert_non_null(csv);
	p += sprintf(p, HDR);
	for (int i = 0; i < N; i++) {
		int rack = i / 8, row = rack / 16;
		p += sprintf(p, "node,gpu%05d,H%d,H%d-R%02d,H%d-R%02d-K%02d,%d,10.%d.%d.%d\n", i + 1,
		             row / 8 + 1, row / 8 + 1, row % 8 + 1, row / 8 + 1, row % 8 + 1,
		             rack % 16 + 1, i % 8, i / 65536, (i / 256) % 256, i % 256);
	}
	Site *s = site_new("t");
	char err[256];
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (inventory_load_csv_string(s, csv, "big.csv", 8, err, sizeof err) != 0)
		fail_msg("%s", err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_message("12,500 nodes loaded in %.1f ms\n",
	              (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	const SiteView *v = site_view(s);
	assert_int_equal(v->nnodes, N);
	assert_int_equal(v->nracks, (N + 7) / 8);
	assert_int_equal(v->ngpus, N * 8);
	assert_string_equal(rack_of(s, "gpu12500"), "H13-R02-K11");
	check_site(s);
	site_free(s);
	free(csv);
}

/* ---- placement by number -------------------------------------------------- */

static void test_place_by_number(void **state)
{
	(void)state;
	Site *s = site_new("t");
	assert_int_equal(inventory_place_by_number(s, "gpu00009", 8, 4, 2), 0);
	const SiteView *v = site_view(s);
	assert_int_equal(v->nhalls, 1);
	assert_int_equal(v->nrows, 2);      /* a hall comes with all its rows */
	assert_int_equal(v->nracks, 4);     /* a row with all its racks */
	assert_string_equal(rack_of(s, "gpu00009"), "H1-R01-K02");
	assert_int_equal(node(s, "gpu00009")->slot, 0);
	assert_int_equal(node(s, "gpu00009")->ngpus, INVENTORY_GPUS_DEFAULT);
	/* out of order, across rows and halls */
	assert_int_equal(inventory_place_by_number(s, "gpu00065", 8, 4, 2), 0);  /* rack 8: H2 */
	assert_int_equal(inventory_place_by_number(s, "gpu00040", 8, 4, 2), 0);  /* rack 4: H1-R02 */
	assert_int_equal(inventory_place_by_number(s, "gpu00001", 8, 4, 2), 0);
	assert_int_equal(inventory_place_by_number(s, "gpu00032", 8, 4, 2), 0);
	assert_string_equal(rack_of(s, "gpu00065"), "H2-R01-K01");
	assert_string_equal(rack_of(s, "gpu00040"), "H1-R02-K01");
	assert_int_equal(node(s, "gpu00040")->slot, 7);
	assert_string_equal(rack_of(s, "gpu00001"), "H1-R01-K01");
	assert_string_equal(rack_of(s, "gpu00032"), "H1-R01-K04");
	v = site_view(s);
	assert_int_equal(v->nhalls, 2);
	assert_int_equal(v->nrows, 4);
	assert_int_equal(v->nracks, 12);
	assert_int_equal(v->racks[site_rack_find(s, "H1-R01-K01")].pos, 0);
	check_site(s);
	/* the same place again is fine; anything else is refused */
	assert_int_equal(inventory_place_by_number(s, "gpu00001", 8, 4, 2), 0);
	assert_int_equal(inventory_place_by_number(s, "gpu00009", 4, 4, 2), -1);  /* would be K03 */
	assert_int_equal(inventory_place_by_number(s, "gpu1", 8, 4, 2), -1);      /* slot taken */
	assert_int_equal(inventory_place_by_number(s, "login", 8, 4, 2), -1);
	assert_int_equal(inventory_place_by_number(s, "gpu0", 8, 4, 2), -1);
	assert_int_equal(inventory_place_by_number(s, "gpu1234567890", 8, 4, 2), -1);
	assert_int_equal(inventory_place_by_number(s, "gpu2", 0, 4, 2), -1);
	assert_int_equal(inventory_place_by_number(s, "gpu2", 8, 1001, 2), -1);
	assert_int_equal(inventory_place_by_number(NULL, "gpu2", 8, 4, 2), -1);
	assert_int_equal(site_node_ensure(s, "gpu00002", 8) >= 0, 1);            /* unplaced */
	assert_int_equal(inventory_place_by_number(s, "gpu00002", 8, 4, 2), -1);
	assert_int_equal(inventory_place_by_number(s, "gpu0000000003", 8, 4, 2), 0); /* leading zeros */
	assert_int_equal(node(s, "gpu0000000003")->slot, 2);
	check_site(s);
	site_free(s);
}

static void test_apply_pattern(void **state)
{
	(void)state;
	Site *s = site_new("t");
	char err[256];
	if (inventory_apply_pattern(s, "gpu[00001-00064] nodes_per_rack=8 racks_per_row=4 "
	                               "rows_per_hall=2 gpus=4", err, sizeof err) != 0)
		fail_msg("%s", err);
	const SiteView *v = site_view(s);
	assert_int_equal(v->nnodes, 64);
	assert_int_equal(v->ngpus, 256);
	assert_int_equal(v->nhalls, 1);
	assert_int_equal(v->nracks, 8);
	assert_string_equal(rack_of(s, "gpu00064"), "H1-R02-K04");
	check_site(s);
	/* applying again changes nothing */
	assert_int_equal(inventory_apply_pattern(s, "gpu[00001-00064] nodes_per_rack=8 racks_per_row=4 "
	                                            "rows_per_hall=2", err, sizeof err), 0);
	assert_int_equal(site_view(s)->nnodes, 64);
	site_free(s);
	/* defaults 8 per rack, 16 per row, 8 per hall; blanks around commas */
	s = site_new("t");
	assert_int_equal(inventory_apply_pattern(s, "n[1-9] , n200", err, sizeof err), 0);
	assert_string_equal(rack_of(s, "n9"), "H1-R01-K02");
	assert_string_equal(rack_of(s, "n200"), "H1-R02-K09");
	assert_int_equal(site_view(s)->nrows, 8);
	assert_int_equal(site_view(s)->nracks, 32);
	check_site(s);
	site_free(s);

	static const struct {
		const char *pattern, *want;
	} bad[] = {
		{ "gpu[3-1]", "pattern: gpu[3-1]: range end before start at column 7" },
		{ "", "pattern: no node names" },
		{ "nodes_per_rack=8", "pattern: no node names" },
		{ "gpu[1-2] foo=1", "pattern: bad option 'foo=1' (want nodes_per_rack=N, racks_per_row=N, "
		                    "rows_per_hall=N or gpus=N)" },
		{ "gpu[1-2] gpus=x", "pattern: bad option 'gpus=x' (want nodes_per_rack=N, racks_per_row=N, "
		                     "rows_per_hall=N or gpus=N)" },
		{ "gpu[1-2] gpus=4 extra", "pattern: bad option 'extra' (want nodes_per_rack=N, racks_per_row=N, "
		                           "rows_per_hall=N or gpus=N)" },
		{ "gpu[1-2] gpus=65", "bad layout (want nodes_per_rack 1..256, racks_per_row and rows_per_hall "
		                      "1..1000, gpus 0..64)" },
		{ "gpu1,login", "node 'login' does not end in a number" },
		{ "gpu1,gpu01", "node 'gpu01': slot 0 of rack 'H1-R01-K01' is taken by 'gpu1'" },
		{ "gpu0", "node 'gpu0': number 0 (want 1 to 999999999)" },
		{ "gpu1234567890", "node 'gpu1234567890': number too large (want 1 to 999999999)" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		s = site_new("t");
		assert_int_equal(inventory_apply_pattern(s, bad[i].pattern, err, sizeof err), -1);
		assert_string_equal(err, bad[i].want);
		check_site(s);
		site_free(s);
	}
	s = site_new("t");
	site_node_ensure(s, "gpu5", 8);
	assert_int_equal(inventory_apply_pattern(s, "gpu5", err, sizeof err), -1);
	assert_string_equal(err, "node 'gpu5' is already in the site (unplaced)");
	assert_int_equal(inventory_apply_pattern(s, NULL, err, sizeof err), -1);
	site_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_good),
		cmocka_unit_test(test_fixture_errors),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_quotes_blanks_header),
		cmocka_unit_test(test_interleaved_order),
		cmocka_unit_test(test_defaults_and_late_parents),
		cmocka_unit_test(test_line_errors),
		cmocka_unit_test(test_length_errors),
		cmocka_unit_test(test_too_many_lines),
		cmocka_unit_test(test_site_conflicts),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_large_inventory),
		cmocka_unit_test(test_place_by_number),
		cmocka_unit_test(test_apply_pattern),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
