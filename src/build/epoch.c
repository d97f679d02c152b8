/* The date a build stamps on its books, the same for the same input. */
#include "build/internal.h"
#include "series/series.h"

#include <errno.h>
#include <stdlib.h>

/* 9999-12-31T23:59:59Z + 1: the last moment a four-digit year can carry. */
#define EPOCH_LIMIT 253402300800LL

int64_t build_modified_epoch(const struct series *s, struct diag_list *dl)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (!*end && !errno && v >= 0 && v < EPOCH_LIMIT)
            return (int64_t)v;
        diag_add(dl, DIAG_WARNING, "SOURCE_DATE_EPOCH", 0, 0,
                 "'%s' is not a number of seconds; ignored", sde);
    }
    int64_t e;
    if (s->date && time_parse_date(s->date, &e))
        return e;
    return s->newest_mtime;
}
