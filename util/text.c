/* Text that came from a server made safe to keep and to show. */
#include "util/text.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* Decode one UTF-8 sequence at s (n bytes available). Returns its length
 * and the code point in *cp, or 0 when invalid (overlong, surrogate, out of
 * range, truncated). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	unsigned c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* Width-one printable code points only: everything else is replaced. We do
 * not trust wcwidth() alone (it depends on the locale), so C0/C1 controls,
 * DEL, bidi controls and zero-width characters are refused explicitly. */
static bool cp_safe(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		return false;
	if (cp < 0x7F)
		return true;
	if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || cp == 0xAD)
		return false;
	int w = wcwidth((wchar_t)cp);
	if (w == 1)
		return true;
	if (w < 0) {
		/* Outside a UTF-8 locale wcwidth knows nothing: accept the
		 * common single-width ranges (Latin, Greek, Cyrillic, symbols). */
		return (cp >= 0xA0 && cp < 0x0300) || (cp >= 0x0370 && cp < 0x0530) ||
		       (cp >= 0x2010 && cp < 0x2030) || (cp >= 0x2190 && cp < 0x2600);
	}
	return false;
}

char *text_sanitize_n(char *dst, size_t dstlen, const char *src, size_t srclen)
{
	if (dstlen == 0)
		return dst;
	size_t o = 0;
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0;
	while (s && i < srclen && s[i]) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, srclen - i, &cp);
		const char *put;
		size_t putlen;
		char one;
		if (l == 0) {
			one = '?'; put = &one; putlen = 1; l = 1;
		} else if (cp == '\t' || cp == '\n' || cp == '\r') {
			one = ' '; put = &one; putlen = 1;
		} else if (!cp_safe(cp)) {
			one = '?'; put = &one; putlen = 1;
		} else {
			put = (const char *)s + i; putlen = l;
		}
		if (o + putlen >= dstlen)
			break;
		memcpy(dst + o, put, putlen);
		o += putlen;
		i += l;
	}
	dst[o] = '\0';
	return dst;
}

char *text_sanitize(char *dst, size_t dstlen, const char *src)
{
	return text_sanitize_n(dst, dstlen, src ? src : "", src ? strlen(src) : 0);
}

bool text_is_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_decode(p + i, n - i, &cp);
		if (l == 0 || !cp_safe(cp))
			return false;
		i += l;
	}
	return true;
}

size_t text_copy(char *dst, size_t dstlen, const char *src)
{
	size_t n = strlen(src);
	if (dstlen) {
		size_t c = n < dstlen - 1 ? n : dstlen - 1;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

bool text_contains_ci(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);
	if (nl == 0)
		return true;
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < nl && hay[i] &&
		       tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == nl)
			return true;
	}
	return false;
}

int text_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return 64;
	int row[64];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

char *text_watts(char *buf, size_t len, double w)
{
	if (isnan(w)) {
		snprintf(buf, len, "-");
		return buf;
	}
	/* Thresholds at what rounds up to the next unit, so that 999.96 kW
	 * reads "1.0 MW", never "1000.0 kW". */
	double a = fabs(w);
	if (a >= 999.95e6)
		snprintf(buf, len, "%.2f GW", w / 1e9);
	else if (a >= 999.95e3)
		snprintf(buf, len, "%.1f MW", w / 1e6);
	else if (a >= 999.5)
		snprintf(buf, len, "%.1f kW", w / 1e3);
	else
		snprintf(buf, len, "%.0f W", w);
	return buf;
}

char *text_duration(char *buf, size_t len, long long s)
{
	if (s < 0)
		s = 0;
	if (s < 60)
		snprintf(buf, len, "%llds", s);
	else if (s < 3600)
		snprintf(buf, len, "%lldm", s / 60);
	else if (s < 86400)
		snprintf(buf, len, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
	else
		snprintf(buf, len, "%lldd%02lldh", s / 86400, (s % 86400) / 3600);
	return buf;
}
