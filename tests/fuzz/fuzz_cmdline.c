/* libFuzzer target for tui/cmdline.c: command parsing, and the line editor
 * fed the same bytes as keys. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tui/cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[CMDLINE_MAX];
	size_t n = size < sizeof line - 1 ? size : sizeof line - 1;
	memcpy(line, data, n);
	line[n] = '\0';
	Command c = cmdline_parse(line);
	(void)c;
	LineEdit le;
	memset(&le, 0, sizeof le);
	lineedit_reset(&le, "");
	for (size_t i = 0; i + 1 < size; i += 2) {
		int key = data[i] | (data[i + 1] << 8);
		if (lineedit_key(&le, key) != LE_CONTINUE)
			lineedit_reset(&le, "");
	}
	return 0;
}
