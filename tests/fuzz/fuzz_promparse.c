/* libFuzzer target for connectors/promparse.c: any bytes, bounded results, no over-read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "connectors/promparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every label the parser hands out is bounded and NUL-terminated. */
static int fuzz_sample(void *ctx, const PromLabels *l, double ts, double v)
{
	(void)ts, (void)v;
	int n = promparse_label_count(l);
	if (n < 0 || n > PROMPARSE_LABELS_MAX)
		abort();
	for (int i = 0; i < n; i++) {
		const char *k = promparse_label_name(l, i), *x = promparse_label_value(l, i);
		if (!k || !x || strlen(k) >= PROMPARSE_NAME_MAX || strlen(x) >= PROMPARSE_VALUE_MAX)
			abort();
		if (promparse_label(l, k) == NULL)
			abort();
	}
	if (promparse_label_name(l, n) || promparse_label_value(l, -1))
		abort();
	(*(size_t *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 20)
		return 0;
	PromResult r;
	size_t calls = 0;
	int rc = promparse_response((const char *)data, size, fuzz_sample, &calls, &r);
	if (rc != 0 && rc != -1)
		abort();
	if (rc == -1 && r.msg[0] == '\0')
		abort();
	if (rc == 0 && (r.msg[0] != '\0' || r.status == PROM_STATUS_NONE))
		abort();
	if (calls != r.nsamples)
		abort();
	if (strlen(r.msg) >= sizeof r.msg || strlen(r.error) >= sizeof r.error ||
	    strlen(r.warning) >= sizeof r.warning || strlen(r.error_type) >= sizeof r.error_type)
		abort();
	for (const char *p = r.error; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			abort();
	double v;
	(void)promparse_value((const char *)data, size < 600 ? size : 600, &v);
	return 0;
}
