/* Slurm hostlist expressions: expand, compress, and match node names. */
#ifndef NARVIK_HOSTLIST_H
#define NARVIK_HOSTLIST_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Syntax (as Slurm writes it)
 * ---------------------------
 *   expr   := entry { "," entry }        whitespace allowed around commas
 *   entry  := { text | "[" ranges "]" }  at least one character
 *   ranges := range { "," range }
 *   range  := number [ "-" number ]      decimal, at most 18 digits
 *
 * A range keeps the width of its first number as written, so "gpu[008-011]"
 * gives gpu008 gpu009 gpu010 gpu011 and "gpu[8-11]" gives gpu8 .. gpu11.
 * Several bracket groups in one entry expand to their cartesian product,
 * the rightmost group varying fastest: "rack[1-2]-n[1-2]" gives rack1-n1
 * rack1-n2 rack2-n1 rack2-n2.  Names keep the order of the expression;
 * duplicates are kept ("n[1-2,2]" gives three names).  An empty or
 * all-blank expression is valid and gives no names.
 *
 * Refused, with a message naming the expression and the 1-based column:
 * unbalanced or nested brackets, empty entries (",,", trailing comma),
 * empty brackets or ranges, non-digits inside brackets, a range whose end
 * is before its start, spaces or control characters inside a name, a name
 * longer than HOSTLIST_NAME_MAX - 1 bytes, and more names than the cap.
 */

#define HOSTLIST_NAME_MAX 64         /* bytes incl. NUL for one expanded name */
#define HOSTLIST_NAMES_MAX 1000000   /* default cap on expanded names */

typedef struct Hostlist Hostlist;    /* opaque: the expanded names */

/* Expand expr into names.  max_names caps the count (0 = HOSTLIST_NAMES_MAX).
 * Returns a list the caller frees with hostlist_free, or NULL with a message
 * in err (errlen bytes, always NUL-terminated when errlen > 0) on malformed
 * input or out of memory, e.g. "gpu[3-1]: range end before start at
 * column 7".  err may be NULL. */
Hostlist *hostlist_parse(const char *expr, size_t max_names, char *err, size_t errlen);
size_t hostlist_count(const Hostlist *hl);
/* Name i (0-based), owned by the list and valid until hostlist_free;
 * NULL when i is out of range. */
const char *hostlist_name(const Hostlist *hl, size_t i);
void hostlist_free(Hostlist *hl);   /* NULL is fine */

/* True when expr contains '[' or ',', i.e. reads as a hostlist rather than
 * as a plain substring.  NULL is false. */
bool hostlist_is_pattern(const char *expr);

/* Compress n names (NULL entries are skipped) into one Slurm-style string:
 * names are sorted and deduplicated, then names that share a prefix and
 * differ in a trailing number of compatible width are grouped:
 * {"gpu00007","login1","gpu00002","gpu00001","gpu00003"} gives
 * "gpu[00001-00003,00007],login1".  A group of one stays plain ("login1").
 * Only the trailing number is grouped, so "rack[1-2]-n[1-2]" compresses to
 * "rack1-n[1-2],rack2-n[1-2]".  hostlist_parse of the result gives the
 * sorted unique names again, provided names contain no '[', ']', ',' or
 * spaces.  Returns a malloc'd string the caller frees ("" for no names), or
 * NULL on out of memory. */
char *hostlist_compress(const char *const *names, size_t n);

/* ---- the "/" filter ---------------------------------------------------- */

typedef struct HostMatch HostMatch; /* opaque */

/* Build a matcher for a filter as the user typed it.  When
 * hostlist_is_pattern(filter), the filter is expanded (cap
 * HOSTLIST_NAMES_MAX names) into a hash set and a name matches when it is
 * one of them, ignoring ASCII case; otherwise a name matches when it
 * contains filter as a substring, ignoring ASCII case ("" matches all).
 * Returns NULL with a message in err on a malformed hostlist or out of
 * memory.  The matcher copies what it needs from filter. */
HostMatch *hostmatch_new(const char *filter, char *err, size_t errlen);
/* O(1) for a hostlist, O(len(name) * len(filter)) for a substring.  A NULL
 * matcher matches every name; a NULL name matches nothing. */
bool hostmatch_test(const HostMatch *m, const char *name);
bool hostmatch_is_hostlist(const HostMatch *m);
void hostmatch_free(HostMatch *m);  /* NULL is fine */

#endif
