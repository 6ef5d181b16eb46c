/* Clocks: monotonic milliseconds for deadlines, wall seconds for the model. */
#ifndef NARVIK_CLOCK_H
#define NARVIK_CLOCK_H

#include <stdint.h>

int64_t clock_mono_ms(void);   /* CLOCK_MONOTONIC, milliseconds */
int64_t clock_mono_us(void);   /* CLOCK_MONOTONIC, microseconds */
int64_t clock_wall_s(void);    /* CLOCK_REALTIME, Unix seconds */

#endif
