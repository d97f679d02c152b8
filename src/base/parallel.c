/* A minimal work-sharing loop: threads take the next index from an atomic counter. */
#include "base/base.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

struct parallel_job {
    size_t n;
    atomic_size_t next;
    void (*fn)(void *ctx, size_t i);
    void *ctx;
};

static void *worker(void *arg)
{
    struct parallel_job *job = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&job->next, 1);
        if (i >= job->n)
            break;
        job->fn(job->ctx, i);
    }
    return NULL;
}

int cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

void parallel_for(size_t n, int threads, void (*fn)(void *ctx, size_t i), void *ctx)
{
    struct parallel_job job = {.n = n, .fn = fn, .ctx = ctx};
    atomic_init(&job.next, 0);
    if (threads < 1)
        threads = 1;
    if ((size_t)threads > n)
        threads = n ? (int)n : 1;
    pthread_t tids[64];
    int started = 0;
    for (int t = 1; t < threads && t < 64; t++)
        if (pthread_create(&tids[started], NULL, worker, &job) == 0)
            started++;
    worker(&job);
    for (int t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
}
