/* Clocks for timings (OCTAVO_TIMINGS, progress), never for anything a book holds. */
#include "base/base.h"

#include <time.h>

double base_clock_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
