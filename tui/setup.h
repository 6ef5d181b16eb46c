/* Building the sites and their sources from the options and the config. */
#ifndef NARVIK_SETUP_H
#define NARVIK_SETUP_H

#include "tui/app.h"

/* Build a->sites and their connectors from a->opt and the config file;
 * also the theme, keys and refresh. 0, or -1 with "FILE:LINE: ..." in err. */
int setup_sites(App *a, char *err, size_t errlen);

#endif
