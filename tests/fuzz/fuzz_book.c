/* fuzz_book: a whole small series built to an EPUB and a PDF in memory
 * through the pipeline `octavo build` runs (build_series, both formats). The
 * input is series.yaml, two chapters and an image, separated by
 * FUZZ_SEPARATOR lines; the image is written as images/fig.png and
 * images/fig.svg, beside a valid images/dot.png and images/square.svg.
 * Oracles: no crash, leak or UB; every file the book takes lies inside the
 * series folder; the archive opens, starts with a stored mimetype, and every
 * XML file in it (pages, package, NCX, SVG) is well-formed; every SVG in it is
 * self-contained (fuzz_check_svg). */
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "build/build.h"
#include "fuzz.h"
#include "series/series.h"


static bool is_xml(const char *name)
{
    return str_ends_with(name, ".xhtml") || str_ends_with(name, ".opf") ||
           str_ends_with(name, ".ncx") || str_ends_with(name, ".xml") ||
           str_ends_with(name, ".svg");
}

static void check_epub(const char *bytes, size_t len)
{
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &zerr);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr) : NULL;
    if (!za) {
        fprintf(stderr, "fuzz: the EPUB does not open: %s\n", zip_error_strerror(&zerr));
        abort();
    }
    zip_int64_t n = zip_get_num_entries(za, 0);
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t st;
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0)
            abort();
        if (i == 0 && (strcmp(st.name, "mimetype") || st.comp_method != ZIP_CM_STORE)) {
            fprintf(stderr, "fuzz: the first entry is '%s', not a stored mimetype\n", st.name);
            abort();
        }
        if (!is_xml(st.name))
            continue;
        char *data = xmalloc(st.size + 1);
        zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)i, 0);
        if (!f || zip_fread(f, data, st.size) != (zip_int64_t)st.size) {
            fprintf(stderr, "fuzz: cannot read '%s' back from the EPUB\n", st.name);
            abort();
        }
        zip_fclose(f);
        fuzz_check_xml(st.name, data, st.size);
        if (str_ends_with(st.name, ".svg"))
            fuzz_check_svg(st.name, data, st.size);
        free(data);
    }
    zip_close(za);
    zip_error_fini(&zerr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    const char *parts[4];
    size_t lens[4];
    size_t n = fuzz_split(data, size, parts, lens, 4);
    static const char *const names[] = {"series.yaml", "01-a.md", "02-b.md", NULL};
    struct fuzz_dir dir;
    fuzz_dir_new(&dir);
    for (size_t i = 0; i < n && i < 3; i++)
        fuzz_write(&dir, names[i], parts[i], lens[i]);
    if (n == 4) {
        fuzz_write(&dir, "images/fig.png", parts[3], lens[3]);
        fuzz_write(&dir, "images/fig.svg", parts[3], lens[3]);
    }

    struct diag_list dl = DIAG_LIST_INIT;
    struct series *s = series_load(dir.series, &dl);
    if (s) {
        for (size_t i = 0; i < s->n_chapters; i++)
            fuzz_check_inside("chapter", s->chapters[i].real_path, dir.series);
        series_free(s);
    }
    /* the real build, both formats, as `octavo build` runs it */
    struct build_options bo = {.formats = BUILD_EPUB | BUILD_PDF, .jobs = 1};
    struct build_result res;
    if (build_series(dir.series, &bo, &res)) {
        check_epub(res.epub.bytes, res.epub.len);
        fuzz_check_pdf(res.pdf.bytes, res.pdf.len, res.page_starts, res.pages, res.chapters);
    } else if (diag_count(&res.diags, DIAG_ERROR) == 0) {
        fprintf(stderr, "fuzz: a build failed without an error\n");
        abort();
    }
    build_result_free(&res);
    diag_list_free(&dl);
    fuzz_dir_free(&dir);
    return 0;
}
