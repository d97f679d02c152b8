/* sources.tar: the snapshot of a series that an edition was built from,
 * written byte for byte the same from the same files (libarchive), and
 * unpacked into a private temporary folder with every entry checked: an
 * archive someone hands us is input like any other. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edition/edition.h"

/* Every file in the snapshot is an ordinary readable file: no one's name. */
#define SOURCES_FILE_MODE 0644
/* A snapshot larger than this is refused when unpacking (a series is text
 * and a few images; this is far above the 1,000,000-word bench series). */
#define SOURCES_MAX_BYTES ((int64_t)2 * 1024 * 1024 * 1024)
#define SOURCES_READ_BLOCK 10240

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static la_ssize_t write_to_buf(struct archive *a, void *ctx, const void *data, size_t len)
{
    (void)a;
    buf_put(ctx, data, len);
    return (la_ssize_t)len;
}

bool edition_sources_write(const char *series_dir, char *const *files, size_t n_files,
                           int64_t mtime, char **bytes_out, size_t *len_out,
                           struct diag_list *dl)
{
    *bytes_out = NULL;
    *len_out = 0;
    char *root = realpath(series_dir, NULL);
    if (!root) {
        diag_add(dl, DIAG_ERROR, series_dir, 0, 0, "cannot be read");
        return false;
    }
    /* sorted and without repeats, whatever order the build read them in */
    char **names = xcalloc(n_files + 1, sizeof *names);
    for (size_t i = 0; i < n_files; i++)
        names[i] = files[i];
    qsort(names, n_files, sizeof *names, by_name);
    struct buf out = BUF_INIT;
    struct archive *a = archive_write_new();
    bool ok = archive_write_set_format_pax_restricted(a) == ARCHIVE_OK &&
              archive_write_add_filter_none(a) == ARCHIVE_OK &&
              archive_write_open(a, &out, NULL, write_to_buf, NULL) == ARCHIVE_OK;
    if (!ok)
        diag_add(dl, DIAG_ERROR, series_dir, 0, 0, "cannot write the snapshot: %s",
                 archive_error_string(a));
    for (size_t i = 0; ok && i < n_files; i++) {
        if (i > 0 && !strcmp(names[i], names[i - 1]))
            continue;
        char *norm = NULL, *real = NULL, *data = NULL;
        const char *err = "is outside the series";
        size_t len = 0;
        /* only files inside the series, as the build checked them */
        ok = path_check_relative(names[i], &norm) == PATH_OK && !strcmp(norm, names[i]) &&
             path_resolve_inside(root, norm, &real, &err) &&
             file_read_all(real, &data, &len, &err);
        char *shown = path_join(series_dir, names[i]);
        if (!ok)
            diag_add(dl, DIAG_ERROR, shown, 0, 0, "%s", err);
        if (ok) {
            struct archive_entry *e = archive_entry_new2(a);
            archive_entry_set_pathname(e, names[i]);
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_perm(e, SOURCES_FILE_MODE);
            archive_entry_set_size(e, (la_int64_t)len);
            archive_entry_set_mtime(e, (time_t)mtime, 0);
            archive_entry_set_uid(e, 0);
            archive_entry_set_gid(e, 0);
            /* names go in as the bytes they are: octavo runs in the C locale,
             * where a non-ASCII name cannot be converted, and libarchive then
             * writes it with hdrcharset=BINARY (a warning, not a failure) */
            int r = archive_write_header(a, e);
            ok = (r == ARCHIVE_OK || r == ARCHIVE_WARN) &&
                 (len == 0 || archive_write_data(a, data, len) == (la_ssize_t)len);
            if (!ok)
                diag_add(dl, DIAG_ERROR, shown, 0, 0, "cannot be put in the snapshot: %s",
                         archive_error_string(a));
            archive_entry_free(e);
        }
        free(shown);
        free(norm);
        free(real);
        free(data);
    }
    if (archive_write_close(a) != ARCHIVE_OK && ok) {
        diag_add(dl, DIAG_ERROR, series_dir, 0, 0, "cannot write the snapshot: %s",
                 archive_error_string(a));
        ok = false;
    }
    archive_write_free(a);
    free(names);
    free(root);
    if (!ok) {
        buf_free(&out);
        return false;
    }
    *bytes_out = buf_detach(&out, len_out);
    return true;
}

/* ---- unpacking ---- */

/* A relative path of plain components: no leading /, no empty, . or .. part. */
static bool safe_entry_path(const char *p)
{
    if (!*p || *p == '/')
        return false;
    for (const char *c = p; *c;) {
        const char *end = strchr(c, '/');
        size_t n = end ? (size_t)(end - c) : strlen(c);
        if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
            return false;
        if (!end)
            break;
        c = end + 1;
        if (!*c)
            return false; /* a trailing slash names a folder */
    }
    return !strchr(p, '\\');
}

/* Makes the folders above rel inside dir (each one a real folder, made here). */
static bool make_parents(const char *dir, const char *rel)
{
    char *path = path_join(dir, rel);
    size_t skip = strlen(dir) + 1;
    bool ok = true;
    for (char *q = path + skip; ok && (q = strchr(q, '/')); q++) {
        *q = '\0';
        struct stat st;
        if (mkdir(path, 0700) != 0)
            ok = errno == EEXIST && lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
        *q = '/';
    }
    free(path);
    return ok;
}

static bool write_entry(struct archive *a, const char *path, const char **err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, SOURCES_FILE_MODE);
    if (fd < 0) {
        *err = errno == EEXIST ? "is in the snapshot twice" : "cannot be written";
        return false;
    }
    bool ok = true;
    for (;;) {
        char block[SOURCES_READ_BLOCK];
        la_ssize_t n = archive_read_data(a, block, sizeof block);
        if (n == 0)
            break;
        if (n < 0) {
            *err = "is damaged in the snapshot";
            ok = false;
            break;
        }
        for (la_ssize_t off = 0; off < n;) {
            ssize_t w = write(fd, block + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                *err = "cannot be written";
                ok = false;
                break;
            }
            off += w;
        }
        if (!ok)
            break;
    }
    if (close(fd) != 0 && ok) {
        *err = "cannot be written";
        ok = false;
    }
    return ok;
}

bool edition_sources_extract(const char *tar_path, const char *slug,
                             struct edition_sources *out, struct diag_list *dl)
{
    out->root = out->series_dir = NULL;
    const char *tmp = getenv("TMPDIR");
    char *root = xasprintf("%s/octavo-edition-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(root)) {
        diag_add(dl, DIAG_ERROR, root, 0, 0, "cannot create a temporary folder");
        free(root);
        return false;
    }
    char *series_dir = path_join(root, slug);
    bool ok = mkdir(series_dir, 0700) == 0;
    if (!ok)
        diag_add(dl, DIAG_ERROR, series_dir, 0, 0, "cannot create a temporary folder");
    struct archive *a = archive_read_new();
    archive_read_support_format_tar(a);
    if (ok && archive_read_open_filename(a, tar_path, SOURCES_READ_BLOCK) != ARCHIVE_OK) {
        diag_add(dl, DIAG_ERROR, tar_path, 0, 0, "cannot be read: %s", archive_error_string(a));
        ok = false;
    }
    int64_t total = 0;
    bool has_manifest = false;
    struct archive_entry *e;
    while (ok) {
        int r = archive_read_next_header(a, &e);
        if (r == ARCHIVE_EOF)
            break;
        if (r != ARCHIVE_OK) {
            diag_add(dl, DIAG_ERROR, tar_path, 0, 0, "is not a valid snapshot: %s",
                     archive_error_string(a));
            ok = false;
            break;
        }
        const char *name = archive_entry_pathname(e);
        const char *why = NULL;
        if (!name || !safe_entry_path(name))
            why = "has a path that leads out of the series (absolute, '..' or '.')";
        else if (archive_entry_filetype(e) != AE_IFREG || archive_entry_hardlink(e) ||
                 archive_entry_symlink(e))
            why = "is not a regular file";
        else if (archive_entry_size(e) < 0 ||
                 (total += archive_entry_size(e)) > SOURCES_MAX_BYTES)
            why = "makes the snapshot larger than 2 GiB";
        if (why) {
            diag_add(dl, DIAG_ERROR, tar_path, 0, 0, "entry '%s' %s; nothing unpacked",
                     name ? name : "?", why);
            ok = false;
            break;
        }
        if (!strcmp(name, "series.yaml"))
            has_manifest = true;
        char *path = path_join(series_dir, name);
        const char *err = "cannot be written";
        ok = make_parents(series_dir, name) && write_entry(a, path, &err);
        if (!ok)
            diag_add(dl, DIAG_ERROR, tar_path, 0, 0, "entry '%s' %s", name, err);
        free(path);
    }
    archive_read_free(a);
    if (ok && !has_manifest) {
        diag_add(dl, DIAG_ERROR, tar_path, 0, 0, "holds no series.yaml");
        ok = false;
    }
    if (!ok) {
        dir_remove_tree(root);
        free(root);
        free(series_dir);
        return false;
    }
    out->root = root;
    out->series_dir = series_dir;
    return true;
}

void edition_sources_remove(struct edition_sources *src)
{
    if (src->root)
        dir_remove_tree(src->root);
    free(src->root);
    free(src->series_dir);
    src->root = src->series_dir = NULL;
}
