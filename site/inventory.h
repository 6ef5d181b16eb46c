/* Site topology from an inventory CSV file or from node numbers. */
#ifndef NARVIK_INVENTORY_H
#define NARVIK_INVENTORY_H

#include <stddef.h>

#include "site/site.h"

/*
 * CSV format
 * ----------
 *   kind,name,hall,row,rack,slot,bmc
 *   node,gpu00001,H1,H1-R01,H1-R01-K01,0,https://10.1.0.1
 *   cdu,CDU-H1-R01,H1,H1-R01,,,
 *   pdu,PDU-H1-R01-K01-A,,,H1-R01-K01,,
 *
 * Exactly seven comma-separated columns per line.  The first data line is
 * a header when its first field is "kind" (any case).  Lines whose first
 * non-blank character is '#' and blank lines are skipped; there are no
 * comments after data, since addresses may hold '#'.  Blanks around fields
 * are trimmed.  A field may be double-quoted ("a ""b"",c"); a quoted field
 * ends on its line.  Lines end in LF or CRLF; a UTF-8 BOM is skipped.
 * Limits: 4096 bytes per line, 1,000,000 lines, 256 MiB per file.
 *
 * kind (node, cdu or pdu, any case):
 *   node  name is the node (no spaces, commas or brackets: it must work in
 *         a hostlist).  rack places it; hall and row say where the rack is
 *         and may be left empty when another line or the site already
 *         says.  slot is the 0-based position in the rack, or empty
 *         (unknown).  bmc is the BMC address or URL, or empty.  A node
 *         with an empty rack is known but unplaced (hall, row and slot
 *         must then be empty too).
 *   cdu   row names the row it serves (required), hall optional, rack and
 *         slot empty.  Every rack of the row gets it as its CDU; when two
 *         CDUs name one row the later wins.
 *   pdu   rack names the rack it serves (required), hall and row optional,
 *         slot empty.  The rack gets it as its PDU; the later of two wins.
 *   The bmc column is ignored for cdu and pdu lines (site.h has no setter
 *   for their controller address).
 *
 * Topology: halls, rows and racks are created when first named.  Names are
 * unique per kind across the site; a rack always lies in the same row and
 * a row in the same hall, on every line and as already in the site, or the
 * load fails.  A row never given a hall goes to hall "default"; a rack never
 * given a row goes to row "default" (in hall "default").  Names are 1..47
 * bytes of printable text, addresses 1..127 bytes.
 *
 * Because site.c keeps a hall's rows and a row's racks contiguous in its
 * arrays, all halls, rows and racks are created first, grouped, then the
 * nodes, CDUs and PDUs in file order.  Adding racks to a row that is
 * already in the site works only while that row's racks are the last ones
 * in the site (likewise rows to a hall); otherwise the load fails.
 *
 * Errors name the file and line: "inventory.csv:12: unknown kind 'nod'
 * (want node, cdu or pdu)", "inventory.csv:7: duplicate node 'gpu00001'
 * (first on line 3)".  On error the Site may hold part of the file (it is
 * not rolled back) but stays consistent; nothing leaks.
 */

#define INVENTORY_LINE_MAX 4096          /* bytes per line, without newline */
#define INVENTORY_LINES_MAX 1000000      /* lines per file, comments included */
#define INVENTORY_FILE_MAX (256u << 20)  /* bytes per file */
#define INVENTORY_RACK_NODES_MAX 256     /* nodes in one rack */
#define INVENTORY_GPUS_DEFAULT 8         /* GPUs per node unless told */
#define INVENTORY_DEFAULT_GROUP "default" /* hall/row for racks without one */

/* Load path (a regular file) into s; every node gets gpus_per_node (0..64)
 * GPUs. Returns 0, or -1 with a message in err (errlen bytes, may be NULL). */
int inventory_load_csv(Site *s, const char *path, int gpus_per_node, char *err, size_t errlen);
/* The same from text in memory (NUL-terminated); label names it in errors
 * as the file would be ("inventory.csv"; NULL gives "inventory"). */
int inventory_load_csv_string(Site *s, const char *text, const char *label, int gpus_per_node,
                              char *err, size_t errlen);

/*
 * Placement by node number
 * ------------------------
 * For sites without a CSV, where node names count up through the racks.
 * The trailing number N of the name (gpu01234 → 1234, from 1) gives
 *   rack r = (N-1) / nodes_per_rack, slot = (N-1) % nodes_per_rack,
 *   row  w = r / racks_per_row,     rack in row = r % racks_per_row,
 *   hall h = w / rows_per_hall,     row in hall = w % rows_per_hall,
 * named "H<h+1>", "H<h+1>-R<row in hall+1, 2 digits>" and
 * "H<h+1>-R<rr>-K<rack in row+1, 2 digits>": gpu00009 with 8 per rack is
 * slot 0 of H1-R01-K02.
 *
 * The layout is physical: a hall is created with all its rows_per_hall rows
 * and a row, when it first gets a node, with all its racks_per_row racks,
 * so racks keep their positions whatever order nodes arrive in.  Limits:
 * nodes_per_rack 1..INVENTORY_RACK_NODES_MAX, racks_per_row and
 * rows_per_hall 1..1000, N 1..999999999, leading zeros ignored.
 *
 * site.h cannot move a node, so a name must be placed before anything else
 * adds it: placing a node that already sits in exactly that rack and slot
 * succeeds and changes nothing; a node already in the site elsewhere (or
 * unplaced) is an error.  Two names with the same number (gpu1, gpu01)
 * collide on one slot: the second is an error.
 */

/* Place one node (INVENTORY_GPUS_DEFAULT GPUs when new). Returns 0 or -1
 * (no number, bad layout, name already placed elsewhere, name or slot
 * conflict with the site, out of memory). */
int inventory_place_by_number(Site *s, const char *name, int nodes_per_rack, int racks_per_row,
                              int rows_per_hall);

/* Place every node of a pattern:
 *   HOSTLIST [nodes_per_rack=N] [racks_per_row=N] [rows_per_hall=N] [gpus=N]
 * e.g. "gpu[00001-12500] nodes_per_rack=8 racks_per_row=16 rows_per_hall=8".
 * The hostlist (site/hostlist.h, at most HOSTLIST_NAMES_MAX names) runs up
 * to the first blank-separated word holding '='; options default to 8, 16,
 * 8 and INVENTORY_GPUS_DEFAULT.  Names are placed in hostlist order as by
 * inventory_place_by_number.  Returns 0, or -1 with a message in err naming
 * the node that failed (earlier nodes stay placed). */
int inventory_apply_pattern(Site *s, const char *pattern, char *err, size_t errlen);

#endif
