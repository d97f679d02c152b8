/* A series' folder at a git revision, copied out of the repository's object
 * database with libgit2: the working tree is never read or written. */

#include "vcs/vcs.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A revision's series may hold no more than this (bytes): a repository is
 * input, and a hostile one could name a tree of many gigabytes. */
#define VCS_MAX_BYTES (2ull << 30)

struct copy {
    git_repository *repo;
    const char *dest;   /* the series folder being filled */
    struct diag_list *dl;
    const char *what;   /* "series@rev", for diagnostics */
    unsigned long long bytes;
    bool ok;
};

static void report_git_error(struct diag_list *dl, const char *what, const char *doing)
{
    const git_error *e = git_error_last();
    diag_add(dl, DIAG_ERROR, what, 0, 0, "%s: %s", doing, e && e->message ? e->message : "failed");
}

static bool safe_name(const char *name)
{
    return *name && strcmp(name, ".") && strcmp(name, "..") && strcmp(name, ".git") &&
           !strchr(name, '/') && !strchr(name, '\\');
}

static bool write_file(const char *path, const void *data, size_t len, bool exec)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, exec ? 0755 : 0644);
    if (fd < 0)
        return false;
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            return false;
        }
        p += w;
        len -= (size_t)w;
    }
    return close(fd) == 0;
}

static int copy_entry(const char *parent, const git_tree_entry *entry, void *payload)
{
    struct copy *c = payload;
    const char *name = git_tree_entry_name(entry);
    git_filemode_t mode = git_tree_entry_filemode(entry);
    if (mode != GIT_FILEMODE_TREE && mode != GIT_FILEMODE_BLOB &&
        mode != GIT_FILEMODE_BLOB_EXECUTABLE)
        return 0; /* links and submodules: not part of a series */
    if (!safe_name(name)) {
        diag_add(c->dl, DIAG_ERROR, c->what, 0, 0, "refusing the entry '%s%s'", parent, name);
        c->ok = false;
        return -1;
    }
    char *path = xasprintf("%s/%s%s", c->dest, parent, name);
    bool ok;
    if (mode == GIT_FILEMODE_TREE) {
        ok = mkdir(path, 0700) == 0;
    } else {
        git_blob *blob = NULL;
        ok = git_blob_lookup(&blob, c->repo, git_tree_entry_id(entry)) == 0;
        if (ok) {
            size_t len = (size_t)git_blob_rawsize(blob);
            c->bytes += len;
            if (c->bytes > VCS_MAX_BYTES) {
                diag_add(c->dl, DIAG_ERROR, c->what, 0, 0,
                         "the series is larger than %llu bytes at this revision", VCS_MAX_BYTES);
                git_blob_free(blob);
                free(path);
                c->ok = false;
                return -1;
            }
            ok = write_file(path, git_blob_rawcontent(blob), len,
                            mode == GIT_FILEMODE_BLOB_EXECUTABLE);
            git_blob_free(blob);
        }
    }
    if (!ok) {
        diag_add(c->dl, DIAG_ERROR, c->what, 0, 0, "cannot write %s: %s", path, strerror(errno));
        c->ok = false;
    }
    free(path);
    return ok ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

void vcs_export_remove(struct vcs_export *e)
{
    if (e->root)
        nftw(e->root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(e->root);
    free(e->series_dir);
    free(e->commit);
    *e = (struct vcs_export){0};
}

/* The series folder's path inside the repository's working tree ("" at its top). */
static char *path_in_repo(git_repository *repo, const char *series_real)
{
    const char *wd = git_repository_workdir(repo);
    char *wd_real = wd ? realpath(wd, NULL) : NULL;
    if (!wd_real)
        return NULL;
    size_t n = strlen(wd_real);
    char *rel = NULL;
    if (!strncmp(series_real, wd_real, n) && (series_real[n] == '/' || !series_real[n]))
        rel = xstrdup(series_real + n + (series_real[n] == '/'));
    free(wd_real);
    return rel;
}

bool vcs_export_series(const char *series_dir, const char *rev, struct vcs_export *out,
                       struct diag_list *dl)
{
    *out = (struct vcs_export){0};
    git_libgit2_init();
    char *what = xasprintf("%s (git:%s)", series_dir, rev);
    git_repository *repo = NULL;
    git_object *obj = NULL;
    git_tree *top = NULL, *sub = NULL;
    git_tree_entry *entry = NULL;
    char *rel = NULL, *real = realpath(series_dir, NULL);
    bool ok = false;
    if (!real) {
        diag_add(dl, DIAG_ERROR, what, 0, 0, "cannot find the series folder");
        goto done;
    }
    if (git_repository_open_ext(&repo, real, 0, NULL) != 0) {
        diag_add(dl, DIAG_ERROR, what, 0, 0, "the series is not in a git repository");
        goto done;
    }
    if (!(rel = path_in_repo(repo, real))) {
        diag_add(dl, DIAG_ERROR, what, 0, 0, "the series is not inside the repository's working tree");
        goto done;
    }
    if (git_revparse_single(&obj, repo, rev) != 0) {
        report_git_error(dl, what, "no such revision");
        goto done;
    }
    if (git_object_peel((git_object **)&top, obj, GIT_OBJECT_TREE) != 0) {
        report_git_error(dl, what, "the revision names no tree");
        goto done;
    }
    if (*rel) {
        if (git_tree_entry_bypath(&entry, top, rel) != 0 ||
            git_tree_entry_type(entry) != GIT_OBJECT_TREE ||
            git_tree_lookup(&sub, repo, git_tree_entry_id(entry)) != 0) {
            diag_add(dl, DIAG_ERROR, what, 0, 0, "the series folder (%s) did not exist at this revision",
                     rel);
            goto done;
        }
    }
    const char *tmp = getenv("TMPDIR");
    out->root = xasprintf("%s/octavo-git-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(out->root)) {
        diag_add(dl, DIAG_ERROR, what, 0, 0, "cannot make a temporary folder: %s", strerror(errno));
        free(out->root);
        out->root = NULL;
        goto done;
    }
    const char *slash = strrchr(real, '/');
    out->series_dir = xasprintf("%s/%s", out->root, slash && slash[1] ? slash + 1 : "series");
    if (mkdir(out->series_dir, 0700) != 0) {
        diag_add(dl, DIAG_ERROR, what, 0, 0, "cannot write %s: %s", out->series_dir, strerror(errno));
        goto done;
    }
    struct copy c = {.repo = repo, .dest = out->series_dir, .dl = dl, .what = what, .ok = true};
    if (git_tree_walk(sub ? sub : top, GIT_TREEWALK_PRE, copy_entry, &c) != 0 || !c.ok) {
        if (c.ok)
            report_git_error(dl, what, "cannot read the tree");
        goto done;
    }
    char hex[GIT_OID_HEXSZ + 1];
    git_object *commit = NULL;
    if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0) {
        git_oid_tostr(hex, sizeof hex, git_object_id(commit));
        git_object_free(commit);
    } else {
        git_oid_tostr(hex, sizeof hex, git_object_id(obj));
    }
    out->commit = xstrdup(hex);
    ok = true;
done:
    if (!ok)
        vcs_export_remove(out);
    git_tree_entry_free(entry);
    git_tree_free(sub);
    git_tree_free(top);
    git_object_free(obj);
    git_repository_free(repo);
    git_libgit2_shutdown();
    free(rel);
    free(real);
    free(what);
    return ok;
}
