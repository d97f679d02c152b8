/* Unit tests of src/vcs: a series' folder copied out of git at a revision,
 * the working tree untouched. Needs git (scripts/setup.sh --tests). */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "vcs/vcs.h"

static char root[] = "/tmp/octavo-test-vcs-XXXXXX";

static int sh(const char *fmt, const char *arg)
{
    char *cmd = xasprintf(fmt, arg);
    char *full = xasprintf("cd '%s' && (%s) >/dev/null 2>&1", root, cmd);
    int rc = system(full);
    free(cmd);
    free(full);
    return rc;
}

static char *slurp(const char *path)
{
    size_t len;
    const char *err;
    char *s = NULL;
    return file_read_all(path, &s, &len, &err) ? s : NULL;
}

int main(void)
{
    if (system("git --version >/dev/null 2>&1") != 0) {
        fprintf(stderr, "test_vcs needs git: run scripts/setup.sh --tests\n");
        return 1;
    }
    if (!mkdtemp(root))
        return 1;
    const char *git = "git -c user.name=t -c user.email=t@example.org -c init.defaultBranch=main";
    CHECK(sh("mkdir -p books/s/img && printf 'title: T\\n' > books/s/series.yaml && "
             "printf 'one\\n' > books/s/a.md && printf 'x' > books/s/img/p.png && "
             "printf 'outside\\n' > top.txt && %1$s init -q . && %1$s add -A && "
             "%1$s commit -qm one && %1$s tag v1", git) == 0);
    CHECK(sh("printf 'two\\n' > books/s/a.md && printf 'new\\n' > books/s/b.md && "
             "ln -s ../../top.txt books/s/link.md && %1$s add -A && %1$s commit -qm two && "
             "printf 'dirty\\n' > books/s/a.md", git) == 0);
    char *series = xasprintf("%s/books/s", root);
    struct diag_list dl = DIAG_LIST_INIT;
    struct vcs_export e;
    CHECK(vcs_export_series(series, "v1", &e, &dl));
    CHECK(dl.len == 0);
    if (e.series_dir) {
        char *p = xasprintf("%s/a.md", e.series_dir), *s = slurp(p);
        CHECK_STR(s, "one\n");
        free(s);
        free(p);
        p = xasprintf("%s/img/p.png", e.series_dir);
        CHECK((s = slurp(p)) && !strcmp(s, "x"));
        free(s);
        free(p);
        p = xasprintf("%s/b.md", e.series_dir);
        CHECK(access(p, F_OK) != 0);
        free(p);
        /* only the series' folder, named as it is */
        p = xasprintf("%s/top.txt", e.root);
        CHECK(access(p, F_OK) != 0);
        free(p);
        CHECK(strlen(e.series_dir) > 2 && !strcmp(e.series_dir + strlen(e.series_dir) - 2, "/s"));
        CHECK(e.commit && strlen(e.commit) == 40);
    }
    char *kept = xstrdup(e.root ? e.root : "");
    vcs_export_remove(&e);
    CHECK(access(kept, F_OK) != 0);
    free(kept);
    /* HEAD: the commit, not the working tree; a symbolic link is left out */
    CHECK(vcs_export_series(series, "HEAD", &e, &dl));
    if (e.series_dir) {
        char *p = xasprintf("%s/a.md", e.series_dir), *s = slurp(p);
        CHECK_STR(s, "two\n");
        free(s);
        free(p);
        p = xasprintf("%s/link.md", e.series_dir);
        CHECK(access(p, F_OK) != 0);
        free(p);
    }
    vcs_export_remove(&e);
    /* the working tree is as it was */
    char *p = xasprintf("%s/a.md", series), *s = slurp(p);
    CHECK_STR(s, "dirty\n");
    free(s);
    free(p);
    /* no such revision; not a repository */
    CHECK(!vcs_export_series(series, "v9", &e, &dl));
    CHECK(dl.len == 1 && strstr(dl.items[0].msg, "no such revision"));
    CHECK(e.root == NULL);
    diag_list_free(&dl);
    CHECK(!vcs_export_series("/", "HEAD", &e, &dl));
    CHECK(dl.len == 1 && strstr(dl.items[0].msg, "not in a git repository"));
    diag_list_free(&dl);
    free(series);
    sh("rm -rf '%s'", root);
    rmdir(root);
    return check_summary();
}
