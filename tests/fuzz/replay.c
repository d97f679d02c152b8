/* Replays files through a harness's LLVMFuzzerTestOneInput without libFuzzer,
 * so the normal and the ASan+UBSan builds (gcc) run every seed and every
 * regression file on each test run. Arguments are files or folders (every
 * regular file in them, in name order). A crash, a sanitizer report or an
 * oracle's abort() fails the test; so does an empty folder list. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool replay_file(const char *path)
{
    char *data;
    size_t len;
    const char *err;
    if (!file_read_all(path, &data, &len, &err)) {
        fprintf(stderr, "replay: %s %s\n", path, err);
        return false;
    }
    /* Print first: if the input crashes, the log names it. */
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput((const uint8_t *)data, len);
    free(data);
    return true;
}

static size_t replay_dir(const char *path, bool *ok)
{
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        *ok = false;
        return 0;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        names = xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = path_join(path, e->d_name);
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_str);
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
            done += replay_file(names[i]) ? 1 : (*ok = false, 0);
        free(names[i]);
    }
    free(names);
    return done;
}

int main(int argc, char **argv)
{
    bool ok = true;
    size_t done = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            done += replay_dir(argv[i], &ok);
        else
            done += replay_file(argv[i]) ? 1 : (ok = false, 0);
    }
    if (done == 0) {
        fprintf(stderr, "replay: no input files\n");
        ok = false;
    }
    printf("replay: %zu input(s) %s\n", done, ok ? "passed" : "could not all be read");
    return ok ? 0 : 1;
}
