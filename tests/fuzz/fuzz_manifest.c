/* fuzz_manifest: series.yaml and chapter front matter. The input is
 * series.yaml, then up to two chapters, separated by FUZZ_SEPARATOR lines;
 * they are written into a fresh series folder (series_load reads a folder,
 * and the chapter list and cover are checked against the real files there),
 * and each chapter's front matter is parsed from memory as well. Oracles: no
 * crash, leak or UB; every chapter and the cover octavo accepts lies inside
 * the series folder, though the folder holds symlinks to decoys outside. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "series/series.h"

static const char *const chapter_names[] = {"01-a.md", "02-b.md"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    const char *parts[3];
    size_t lens[3];
    size_t n = fuzz_split(data, size, parts, lens, 3);
    struct diag_list dl = DIAG_LIST_INIT;
    for (size_t i = 1; i < n; i++) {
        struct front_matter fm;
        if (front_matter_parse(chapter_names[i - 1], parts[i], lens[i], &fm, &dl))
            front_matter_free(&fm);
    }

    struct fuzz_dir dir;
    fuzz_dir_new(&dir);
    fuzz_write(&dir, "series.yaml", parts[0], lens[0]);
    for (size_t i = 1; i < n; i++)
        fuzz_write(&dir, chapter_names[i - 1], parts[i], lens[i]);
    struct series *s = series_load(dir.series, &dl);
    if (s) {
        for (size_t i = 0; i < s->n_chapters; i++)
            fuzz_check_inside("chapter", s->chapters[i].real_path, dir.series);
        if (s->cover_real)
            fuzz_check_inside("cover", s->cover_real, dir.series);
        series_free(s);
    }
    fuzz_dir_free(&dir);
    diag_list_free(&dl);
    return 0;
}
