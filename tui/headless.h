/* Headless modes: --once (text or --json) and --check. */
#ifndef NARVIK_HEADLESS_H
#define NARVIK_HEADLESS_H

#include "tui/app.h"

/* Run the loop until every source completed a refresh (or --timeout),
 * then print; returns the exit status. */
int headless_run(App *a);

#endif
