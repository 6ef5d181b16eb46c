/* The table of connector kinds narvik knows. */
#include <string.h>

#include "connectors/connector.h"
#include "connectors/demo.h"
#include "connectors/prometheus.h"

const ConnectorOps *const connector_kinds[] = {
	&demo_ops,
	&prometheus_ops,
	NULL,
};

const ConnectorOps *connector_kind_find(const char *kind)
{
	if (!kind)
		return NULL;
	for (size_t i = 0; connector_kinds[i]; i++)
		if (strcmp(connector_kinds[i]->kind, kind) == 0)
			return connector_kinds[i];
	return NULL;
}
