/* libFuzzer target for tui/theme.c: any text as a theme file, resolved at
 * every colour depth. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tui/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char err[512];
	Theme *t = theme_load_string(text, "fuzz.theme", err, sizeof err);
	if (t) {
		static const int depths[] = { 256, 16, 8, 0 };
		for (size_t i = 0; i < sizeof depths / sizeof depths[0]; i++) {
			ResolvedTheme r;
			theme_resolve(t, depths[i], false, &r);
		}
		theme_free(t);
	}
	free(text);
	return 0;
}
