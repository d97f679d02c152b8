/* The files a build reads, noted where each is opened (for --depfile): a
 * list shared by the threads of one build. */
#include "base/base.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct file_log {
    pthread_mutex_t mu;
    char **paths;
    size_t n;
};

struct file_log *file_log_new(void)
{
    struct file_log *log = xcalloc(1, sizeof *log);
    pthread_mutex_init(&log->mu, NULL);
    return log;
}

void file_log_add(struct file_log *log, const char *path)
{
    if (!log || !path)
        return;
    char *copy = xstrdup(path);
    pthread_mutex_lock(&log->mu);
    log->paths = xgrow(log->paths, log->n, sizeof *log->paths);
    log->paths[log->n++] = copy;
    pthread_mutex_unlock(&log->mu);
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **file_log_take(struct file_log *log, size_t *n_out)
{
    *n_out = 0;
    if (!log)
        return NULL;
    pthread_mutex_lock(&log->mu);
    char **paths = log->paths;
    size_t n = log->n;
    log->paths = NULL;
    log->n = 0;
    pthread_mutex_unlock(&log->mu);
    if (n > 1)
        qsort(paths, n, sizeof *paths, cmp_path);
    size_t kept = 0; /* each once: fonts are read by both renderers */
    for (size_t i = 0; i < n; i++) {
        if (kept && !strcmp(paths[kept - 1], paths[i]))
            free(paths[i]);
        else
            paths[kept++] = paths[i];
    }
    *n_out = kept;
    return paths;
}

void file_log_free(struct file_log *log)
{
    if (!log)
        return;
    for (size_t i = 0; i < log->n; i++)
        free(log->paths[i]);
    free(log->paths);
    pthread_mutex_destroy(&log->mu);
    free(log);
}
