/* Lines of a text buffer, one at a time, for line-oriented parsers. */
#ifndef NARVIK_LINES_H
#define NARVIK_LINES_H

#include <stddef.h>

/* The line of text[0..len) that starts at *pos: returns its start and sets
 * *n to its length without the newline, with blanks (space, tab, and a
 * trailing CR) trimmed at both ends and a UTF-8 byte-order mark dropped
 * from the first line. Advances *pos past it and counts it in *line (1 for
 * the first). NULL at the end of the text. The text need not end in a NUL. */
const char *lines_next(const char *text, size_t len, size_t *pos, int *line, size_t *n);

#endif
