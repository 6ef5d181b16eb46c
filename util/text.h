/* Text that came from a server made safe to keep and to show. */
#ifndef NARVIK_TEXT_H
#define NARVIK_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Copy src into dst (size dstlen ≥ 1, always NUL-terminated), replacing
 * anything that could reach the terminal as a control: C0 and C1 controls,
 * DEL, ESC sequences, invalid UTF-8 and characters wider than one column all
 * become '?'; tabs and newlines become spaces. Valid printable UTF-8 of width
 * one is kept. Truncates at a character boundary. Returns dst. */
char *text_sanitize(char *dst, size_t dstlen, const char *src);
/* The same on a string of known length (src need not be NUL-terminated). */
char *text_sanitize_n(char *dst, size_t dstlen, const char *src, size_t srclen);
/* True when s holds nothing text_sanitize would change. */
bool text_is_clean(const char *s);
/* Copy with truncation, always NUL-terminated (strlcpy). Returns strlen(src). */
size_t text_copy(char *dst, size_t dstlen, const char *src);
/* Case-insensitive substring test; empty needle matches. */
bool text_contains_ci(const char *hay, const char *needle);
/* Edit distance (Levenshtein) between a and b, for "did you mean"; strings
 * longer than 63 bytes count as far apart (returns 64). */
int text_distance(const char *a, const char *b);
/* Human formats into buf; return buf. Unknown (NaN) prints "—" or "-" in ASCII. */
char *text_watts(char *buf, size_t len, double watts);   /* "231.4 MW", "850 W" */
char *text_duration(char *buf, size_t len, long long secs); /* "3s", "4m", "2h05m", "3d04h" */

#endif
