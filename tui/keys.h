/* Keys in each mode, and the ':' commands they lead to. */
#ifndef NARVIK_KEYS_H
#define NARVIK_KEYS_H

#include "tui/app.h"

/* One key (see tui/keymap.h for the codes) in the current mode. */
void keys_handle(App *a, int key);
/* Run a command line (without the ':'). */
void keys_run_command(App *a, const char *line);

#endif
