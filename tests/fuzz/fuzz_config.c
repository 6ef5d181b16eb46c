/* libFuzzer target for tui/config.c: any text as a config file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tui/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	Config cfg;
	char err[512];
	if (config_load_string(&cfg, text, "fuzz.conf", NULL, err, sizeof err) == 0)
		config_free(&cfg);
	free(text);
	return 0;
}
