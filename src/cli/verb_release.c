/* octavo release: a series built as --strict builds it, dated by its date,
 * written into the archive as one edition folder (a temporary folder renamed
 * into place, so an edition is whole or absent); and --verify, which rebuilds
 * an archived edition from its own snapshot and compares every file. */
#include "cli/cli.h"
#include "edition/edition.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SOURCES_NAME "sources.tar"
#define PAGEMAP_NAME "pagemap.tsv"
#define MANIFEST_NAME "manifest.json"
/* An edition's folder as readers of the archive see it (less the umask). */
#define EDITION_DIR_MODE 0755

/* ---- what an edition's folder holds, made from a build ---- */

struct edition_files {
    const char *name[4];
    const char *bytes[4];
    size_t len[4];
    size_t n;
    char *sources, *pagemap, *manifest; /* owned */
    size_t sources_len, pagemap_len, manifest_len;
};

static void edition_files_free(struct edition_files *f)
{
    free(f->sources);
    free(f->pagemap);
    free(f->manifest);
    memset(f, 0, sizeof *f);
}

/* The five files of an edition from a release build of series_dir: the two
 * books, the snapshot, the page map, then the manifest of those four. */
static bool make_edition_files(const char *series_dir, const struct build_result *res,
                               const char *date, struct edition_files *f, struct diag_list *dl)
{
    memset(f, 0, sizeof *f);
    int64_t mtime = 0;
    time_parse_date(date, &mtime);
    if (!edition_sources_write(series_dir, res->sources, res->n_sources, mtime, &f->sources,
                               &f->sources_len, dl))
        return false;
    f->pagemap = edition_pagemap_format(&res->pagemap, &f->pagemap_len);
    const char *names[] = {res->epub.name, res->pdf.name, SOURCES_NAME, PAGEMAP_NAME};
    const char *bytes[] = {res->epub.bytes, res->pdf.bytes, f->sources, f->pagemap};
    size_t lens[] = {res->epub.len, res->pdf.len, f->sources_len, f->pagemap_len};
    struct edition_manifest m = {.slug = xstrdup(res->slug), .edition = xstrdup(res->edition),
                                 .date = xstrdup(date), .octavo = xstrdup(OCTAVO_VERSION)};
    for (size_t i = 0; i < 4; i++) {
        f->name[i] = names[i];
        f->bytes[i] = bytes[i];
        f->len[i] = lens[i];
        edition_manifest_add(&m, names[i], bytes[i], lens[i]);
    }
    f->n = 4;
    f->manifest = edition_manifest_json(&m, &f->manifest_len);
    edition_manifest_free(&m);
    return true;
}

/* ---- writing ---- */

/* Writes the files into a temporary folder beside final_dir and renames it
 * into place; on any failure nothing is left. */
static bool write_edition(const char *final_dir, const struct edition_files *f,
                          struct diag_list *dl)
{
    char *parent = xstrdup(final_dir);
    char *slash = strrchr(parent, '/');
    *slash = '\0';
    if (!dir_make_all(parent)) {
        diag_add(dl, DIAG_ERROR, parent, 0, 0, "cannot create the archive's folder");
        free(parent);
        return false;
    }
    char *tmp = xasprintf("%s/.%s.tmp-XXXXXX", parent, slash + 1);
    free(parent);
    if (!mkdtemp(tmp)) {
        diag_add(dl, DIAG_ERROR, final_dir, 0, 0, "cannot create a temporary folder beside it");
        free(tmp);
        return false;
    }
    bool ok = true;
    const char *err = NULL;
    for (size_t i = 0; ok && i <= f->n; i++) {
        const char *name = i < f->n ? f->name[i] : MANIFEST_NAME;
        char *path = path_join(tmp, name);
        ok = file_write_atomic(path, i < f->n ? f->bytes[i] : f->manifest,
                               i < f->n ? f->len[i] : f->manifest_len, &err);
        if (!ok)
            diag_add(dl, DIAG_ERROR, path, 0, 0, "%s", err);
        free(path);
    }
    mode_t mask = umask(0);
    umask(mask);
    if (ok && chmod(tmp, EDITION_DIR_MODE & ~mask) != 0) {
        diag_add(dl, DIAG_ERROR, final_dir, 0, 0, "cannot set the folder's permissions");
        ok = false;
    }
    /* rename() would replace an empty folder: an edition is never replaced */
    struct stat st;
    if (ok && lstat(final_dir, &st) == 0) {
        diag_add(dl, DIAG_ERROR, final_dir, 0, 0, "already exists; an edition is never replaced");
        ok = false;
    }
    if (ok && rename(tmp, final_dir) != 0) {
        diag_add(dl, DIAG_ERROR, final_dir, 0, 0, "cannot be created: %s", strerror(errno));
        ok = false;
    }
    if (!ok)
        dir_remove_tree(tmp);
    free(tmp);
    return ok;
}

/* ---- release ---- */

static struct build_options release_options(const struct cli_options *opt)
{
    return (struct build_options){
        .formats = BUILD_EPUB | BUILD_PDF,
        .page_size = opt->page_size,
        .jobs = opt->jobs,
        .strict = true,
        .release = true,
        .archive = opt->archive,
    };
}

/* The refusal of an edition the archive holds already or that is not newer
 * than its newest; false (an error) when refused. */
static bool edition_is_new(const char *dir, const char *archive, const struct build_result *res,
                           struct diag_list *dl)
{
    char *manifest = path_join(dir, "series.yaml");
    size_t n;
    char **have = edition_list(archive, res->slug, &n);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        if (!strcmp(have[i], res->edition) || !semver_compare(have[i], res->edition)) {
            diag_add(dl, DIAG_ERROR, manifest, 0, 0,
                     "edition %s of %s is already in the archive (%s/%s/%s); a released "
                     "edition is never overwritten: raise 'edition'",
                     res->edition, res->slug, archive, res->slug, have[i]);
            ok = false;
        }
    if (ok && n > 0 && semver_compare(have[n - 1], res->edition) > 0) {
        diag_add(dl, DIAG_ERROR, manifest, 0, 0,
                 "edition %s is not newer than %s, the newest of %s in the archive (%s)",
                 res->edition, have[n - 1], res->slug, archive);
        ok = false;
    }
    edition_list_free(have, n);
    free(manifest);
    return ok;
}

static bool release_one(const char *dir, const struct cli_options *opt)
{
    struct build_options bo = release_options(opt);
    struct build_result res;
    struct edition_files f = {0};
    char *final_dir = NULL;
    bool ok = build_series(dir, &bo, &res);
    if (ok)
        ok = edition_is_new(dir, opt->archive, &res, &res.diags);
    if (ok)
        ok = make_edition_files(dir, &res, res.date, &f, &res.diags);
    if (ok) {
        final_dir = edition_dir(opt->archive, res.slug, res.edition);
        ok = write_edition(final_dir, &f, &res.diags);
    }
    res.ok = ok;
    cli_report_diagnostics(dir, &res, opt->diagnostics, "nothing written");
    if (ok && !opt->quiet) {
        printf("released %s/ (%s, %s, %s of %zu files, %s of %zu places)\n", final_dir,
               res.epub.name, res.pdf.name, SOURCES_NAME, res.n_sources, PAGEMAP_NAME,
               res.pagemap.len);
        fflush(stdout);
    }
    free(final_dir);
    edition_files_free(&f);
    build_result_free(&res);
    return ok;
}

/* ---- verify ---- */

/* The slug of the series in dir, as series_load names it: its real folder. */
static char *slug_of(const char *dir)
{
    char *real = realpath(dir, NULL);
    if (!real)
        return NULL;
    const char *base = strrchr(real, '/');
    char *slug = xstrdup(base ? base + 1 : real);
    free(real);
    return slug;
}

static int verify(const char *dir, const char *edition_arg, const struct cli_options *opt)
{
    struct diag_list dl = DIAG_LIST_INIT;
    struct edition_manifest m = {0};
    struct edition_sources src = {0};
    struct build_result res = {0};
    struct edition_files f = {0};
    char *edition = NULL, *edir = NULL;
    bool ok = false, have_manifest = false, built = false;
    size_t differ = 0;
    char *slug = slug_of(dir);
    if (!slug) {
        diag_add(&dl, DIAG_ERROR, dir, 0, 0, "series folder not found");
        goto done;
    }
    if (edition_arg && !semver_valid(edition_arg)) {
        diag_add(&dl, DIAG_ERROR, edition_arg, 0, 0,
                 "is not a semantic version (MAJOR.MINOR.PATCH, semver.org)");
        goto done;
    }
    edition = edition_arg ? xstrdup(edition_arg)
                          : edition_newest_before(opt->archive, slug, NULL);
    if (!edition) {
        diag_add(&dl, DIAG_ERROR, opt->archive, 0, 0, "holds no edition of %s", slug);
        goto done;
    }
    edir = edition_dir(opt->archive, slug, edition);
    struct stat st;
    if (lstat(edir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diag_add(&dl, DIAG_ERROR, edir, 0, 0, "edition %s of %s is not in the archive",
                 edition, slug);
        goto done;
    }
    char *mpath = path_join(edir, MANIFEST_NAME);
    have_manifest = edition_manifest_read(mpath, &m, &dl);
    free(mpath);
    if (!have_manifest)
        goto done;
    /* said first: a different octavo may set the same sources differently */
    if (strcmp(m.octavo, OCTAVO_VERSION))
        printf("%s: made by octavo %s; this is octavo %s, so its files may differ\n", edir,
               m.octavo, OCTAVO_VERSION);
    char *tar = path_join(edir, SOURCES_NAME);
    bool unpacked = edition_sources_extract(tar, slug, &src, &dl);
    free(tar);
    if (!unpacked)
        goto done;
    struct build_options bo = release_options(opt);
    built = build_series(src.series_dir, &bo, &res);
    diag_splice(&dl, &res.diags);
    if (!built)
        goto done;
    if (strcmp(res.edition, edition) || strcmp(res.slug, slug)) {
        diag_add(&dl, DIAG_ERROR, edir, 0, 0, "its snapshot is edition %s of %s", res.edition,
                 res.slug);
        goto done;
    }
    if (!make_edition_files(src.series_dir, &res, m.date, &f, &dl))
        goto done;
    printf("verifying %s against a rebuild from its %s\n", edir, SOURCES_NAME);
    for (size_t i = 0; i <= f.n; i++) {
        const char *name = i < f.n ? f.name[i] : MANIFEST_NAME;
        const char *now = i < f.n ? f.bytes[i] : f.manifest;
        size_t now_len = i < f.n ? f.len[i] : f.manifest_len;
        char *path = path_join(edir, name);
        char *was = NULL;
        size_t was_len = 0;
        const char *err = NULL;
        bool same = false;
        if (file_read_all(path, &was, &was_len, &err)) {
            same = was_len == now_len && !memcmp(was, now, now_len);
            if (!same)
                diag_add(&dl, DIAG_ERROR, path, 0, 0, "differs from the rebuild");
            /* and the archived file is the one the manifest recorded */
            for (size_t k = 0; k < m.n_files; k++) {
                char sum[65];
                if (strcmp(m.files[k].name, name))
                    continue;
                edition_sha256(was, was_len, sum);
                if (strcmp(sum, m.files[k].sha256) || was_len != m.files[k].size) {
                    diag_add(&dl, DIAG_ERROR, path, 0, 0,
                             "is not the file the manifest records (SHA-256 %s, recorded %s)",
                             sum, m.files[k].sha256);
                    same = false;
                }
            }
        } else {
            diag_add(&dl, DIAG_ERROR, path, 0, 0, "%s", err);
        }
        if (!same)
            differ++;
        printf("  %-40s %s\n", name, same ? "identical" : "DIFFERS");
        free(was);
        free(path);
    }
    ok = differ == 0;
    if (ok)
        printf("edition %s of %s: every file is byte-identical to its rebuild\n", edition, slug);
done:
    fflush(stdout);
    diag_sort(&dl);
    diag_print(&dl, stderr, cli_use_color());
    if (!ok && differ)
        fprintf(stderr, "%s: %zu file(s) of edition %s differ from the rebuild\n", dir, differ,
                edition);
    else if (!ok)
        fprintf(stderr, "%s: the edition could not be verified\n", dir);
    diag_list_free(&dl);
    edition_files_free(&f);
    build_result_free(&res);
    edition_sources_remove(&src);
    edition_manifest_free(&m);
    free(edition);
    free(edir);
    free(slug);
    return ok ? 0 : 1;
}

int cli_release(const struct cli_options *opt)
{
    if (opt->verify) {
        if (opt->n_series_dirs < 1 || opt->n_series_dirs > 2) {
            fprintf(stderr, "Usage: octavo release --verify SERIES_DIR [EDITION]\n");
            return 2;
        }
        return verify(opt->series_dirs[0], opt->n_series_dirs == 2 ? opt->series_dirs[1] : NULL,
                      opt);
    }
    size_t n;
    char **dirs = cli_series_dirs(opt, &n);
    int status = n ? 0 : 1;
    for (size_t i = 0; i < n; i++)
        if (!release_one(dirs[i], opt))
            status = 1;
    cli_series_dirs_free(dirs, n);
    return status;
}
