/* Lines of a text buffer, one at a time, for line-oriented parsers. */
#include "util/lines.h"

#include <string.h>

const char *lines_next(const char *text, size_t len, size_t *pos, int *line, size_t *n)
{
	if (*pos >= len)
		return NULL;
	const char *s = text + *pos;
	const char *nl = memchr(s, '\n', len - *pos);
	size_t k = nl ? (size_t)(nl - s) : len - *pos;
	*pos += k + (nl ? 1 : 0);
	(*line)++;
	if (*line == 1 && k >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		k -= 3;
	}
	while (k && (*s == ' ' || *s == '\t')) {
		s++;
		k--;
	}
	while (k && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\r'))
		k--;
	*n = k;
	return s;
}
