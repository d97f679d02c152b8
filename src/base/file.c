/* Whole-file reads, atomic writes (temporary file + rename), a set of files
 * replaced as one transaction, folders made and removed whole. */
#define _GNU_SOURCE /* sigaction's SA_RESETHAND */
#include "base/base.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Chapters and images larger than this are refused rather than read into memory. */
#define FILE_MAX_BYTES ((size_t)512 * 1024 * 1024)

bool file_read_all(const char *path, char **data_out, size_t *len_out, const char **err_out)
{
    *data_out = NULL;
    *len_out = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        *err_out = errno == ENOENT ? "not found" : "cannot be opened";
        return false;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        *err_out = "is not a regular file";
        return false;
    }
    if ((size_t)st.st_size > FILE_MAX_BYTES) {
        close(fd);
        *err_out = "is larger than 512 MiB";
        return false;
    }
    struct buf b = BUF_INIT;
    buf_grow(&b, (size_t)st.st_size + 1);
    for (;;) {
        buf_grow(&b, 65536);
        ssize_t n = read(fd, b.data + b.len, b.cap - b.len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            close(fd);
            buf_free(&b);
            *err_out = "cannot be read";
            return false;
        }
        if (n == 0)
            break;
        b.len += (size_t)n;
        if (b.len > FILE_MAX_BYTES) {
            close(fd);
            buf_free(&b);
            *err_out = "is larger than 512 MiB";
            return false;
        }
    }
    close(fd);
    b.data[b.len] = '\0';
    *data_out = buf_detach(&b, len_out);
    return true;
}

bool file_write_atomic(const char *path, const void *data, size_t len, const char **err_out)
{
    const char *slash = strrchr(path, '/');
    char *tmp = slash ? xasprintf("%.*s/.%s.tmp-XXXXXX", (int)(slash - path), path, slash + 1)
                      : xasprintf(".%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        *err_out = "cannot create a temporary file beside it";
        return false;
    }
    const char *p = data;
    size_t left = len;
    bool ok = true;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ok = false;
            break;
        }
        p += n;
        left -= (size_t)n;
    }
    /* mkstemp creates 0600; a book is for reading, so honour the umask like open() would. */
    mode_t mask = umask(0);
    umask(mask);
    if (ok && fchmod(fd, 0666 & ~mask) != 0)
        ok = false;
    if (ok && fsync(fd) != 0)
        ok = false;
    if (close(fd) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok) {
        unlink(tmp);
        *err_out = "cannot be written";
    }
    free(tmp);
    return ok;
}

/* ---- a set of files replaced as one transaction ---------------------------
 *
 * 1. every new file is written to a hidden temporary beside its target and
 *    fsynced; a failure here touches no target;
 * 2. every target that exists gets a hidden hard link (its old bytes, kept
 *    without a copy);
 * 3. the temporaries are renamed over the targets with SIGINT, SIGTERM and
 *    SIGHUP held back; if one rename fails, every target already replaced is
 *    put back from its link (or removed, if it did not exist);
 * 4. the links go, and the folders are fsynced.
 * A signal before 3 removes every temporary and link, then ends the process
 * as the signal would. Temporaries are named ".<name>.octavo-tmp-XXXXXX":
 * hidden, and never ending in .epub or .pdf, so no reader takes one for a
 * book. */

#define FILE_TXN_TMP ".octavo-tmp-XXXXXX"
#define FILE_TXN_OLD ".octavo-old-XXXXXX"

/* Paths the signal handler removes: fixed storage, no allocation in a handler. */
static char txn_paths[2 * FILE_TXN_MAX][PATH_MAX];
static volatile sig_atomic_t txn_n_paths;
static const int txn_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define TXN_N_SIGNALS (sizeof txn_signals / sizeof txn_signals[0])

static void txn_on_signal(int sig)
{
    for (sig_atomic_t i = 0; i < txn_n_paths; i++)
        if (txn_paths[i][0])
            unlink(txn_paths[i]);
    /* SA_RESETHAND restored the default action: end as the signal would */
    raise(sig);
}

/* Remembers a path for the handler; its slot, or -1 when the name is too long. */
static int txn_track(const char *path)
{
    size_t n = strlen(path);
    if (n >= PATH_MAX || txn_n_paths >= (sig_atomic_t)(2 * FILE_TXN_MAX))
        return -1;
    int slot = (int)txn_n_paths;
    memcpy(txn_paths[slot], path, n + 1);
    txn_n_paths = slot + 1; /* the path is whole before the handler can see it */
    return slot;
}

static void txn_untrack_all(void)
{
    txn_n_paths = 0;
}

/* The temporary or link name beside path, from a pattern ending in XXXXXX. */
static char *beside(const char *path, const char *pattern)
{
    const char *slash = strrchr(path, '/');
    return slash ? xasprintf("%.*s/.%s%s", (int)(slash - path), path, slash + 1, pattern)
                 : xasprintf(".%s%s", path, pattern);
}

static const char *write_errno_text(int e)
{
    return e == ENOSPC || e == EDQUOT ? "cannot be written: the disk is full"
           : e == EROFS               ? "cannot be written: the file system is read-only"
           : e == EACCES || e == EPERM ? "cannot be written: permission denied"
           : e == ENAMETOOLONG        ? "cannot be written: the name is too long"
           : e == EISDIR              ? "cannot be written: a folder has that name"
                                      : "cannot be written";
}

/* Tests only: OCTAVO_TEST_FAIL_WRITE=N fails the write that would take the
 * transaction past N bytes with ENOSPC; OCTAVO_TEST_PAUSE_WRITE=1 stops after
 * the first temporary is written, until a signal comes. */
static size_t txn_written, txn_fail_after = SIZE_MAX;

static bool write_whole(int fd, const char *p, size_t left)
{
    while (left > 0) {
        size_t chunk = left;
        if (txn_fail_after != SIZE_MAX && txn_written + chunk > txn_fail_after) {
            errno = ENOSPC;
            return false;
        }
        ssize_t n = write(fd, p, chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = ENOSPC;
            return false;
        }
        p += n;
        left -= (size_t)n;
        txn_written += (size_t)n;
    }
    return true;
}

static void fsync_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

bool file_replace_all(const struct file_out *files, size_t n, size_t *failed_out,
                      const char **err_out)
{
    *failed_out = 0;
    *err_out = NULL;
    if (n > FILE_TXN_MAX) {
        *err_out = "cannot be written: too many files in one transaction";
        return false;
    }
    const char *fail = getenv("OCTAVO_TEST_FAIL_WRITE");
    txn_fail_after = fail && *fail ? (size_t)strtoull(fail, NULL, 10) : SIZE_MAX;
    txn_written = 0;
    bool pause_after_first = getenv("OCTAVO_TEST_PAUSE_WRITE") != NULL;

    struct sigaction act = {.sa_handler = txn_on_signal, .sa_flags = SA_RESETHAND};
    sigemptyset(&act.sa_mask);
    struct sigaction old_act[TXN_N_SIGNALS];
    sigset_t held, old_mask;
    sigemptyset(&held);
    for (size_t k = 0; k < TXN_N_SIGNALS; k++) {
        sigaddset(&act.sa_mask, txn_signals[k]);
        sigaddset(&held, txn_signals[k]);
    }
    for (size_t k = 0; k < TXN_N_SIGNALS; k++)
        sigaction(txn_signals[k], &act, &old_act[k]);

    char *tmp[FILE_TXN_MAX] = {0}, *old[FILE_TXN_MAX] = {0};
    size_t done = 0; /* targets already replaced */
    bool ok = true;
    mode_t mask = umask(0);
    umask(mask);
    /* 1. temporaries, written and fsynced */
    for (size_t i = 0; ok && i < n; i++) {
        tmp[i] = beside(files[i].path, FILE_TXN_TMP);
        sigprocmask(SIG_BLOCK, &held, &old_mask); /* created and tracked as one step */
        int fd = mkstemp(tmp[i]);
        int e = errno;
        if (fd >= 0 && txn_track(tmp[i]) < 0) {
            unlink(tmp[i]);
            close(fd);
            fd = -1;
            e = ENAMETOOLONG;
        }
        sigprocmask(SIG_SETMASK, &old_mask, NULL);
        if (fd < 0) {
            free(tmp[i]);
            tmp[i] = NULL;
            *err_out = e == ENOSPC || e == EDQUOT ? write_errno_text(e)
                       : e == ENAMETOOLONG       ? write_errno_text(e)
                                                 : "cannot create a temporary file beside it";
            *failed_out = i;
            ok = false;
            break;
        }
        bool w = write_whole(fd, files[i].data, files[i].len);
        /* mkstemp creates 0600; a book is for reading: honour the umask as open() would */
        w = w && fchmod(fd, 0666 & ~mask) == 0;
        w = w && fsync(fd) == 0;
        int we = errno;
        if (close(fd) != 0 && w) {
            w = false;
            we = errno;
        }
        if (!w) {
            *err_out = write_errno_text(we);
            *failed_out = i;
            ok = false;
        }
        if (ok && pause_after_first && i == 0)
            pause();
    }
    /* 2. the old files kept by hard links */
    for (size_t i = 0; ok && i < n; i++) {
        struct stat st;
        if (lstat(files[i].path, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
            continue; /* nothing to keep; a folder is refused by rename below. A
                       * symbolic link is kept as the link (Linux's link() does
                       * not follow it), so a rollback puts the link back. */
        for (int attempt = 0; attempt < 100 && !old[i]; attempt++) {
            char *name = beside(files[i].path, FILE_TXN_OLD);
            /* mkstemp's name, then the file gone: link() needs a free name */
            int fd = mkstemp(name);
            if (fd < 0) {
                free(name);
                break;
            }
            close(fd);
            unlink(name);
            sigprocmask(SIG_BLOCK, &held, &old_mask);
            if (link(files[i].path, name) == 0 && txn_track(name) >= 0) {
                old[i] = name;
            } else {
                if (errno != EEXIST)
                    attempt = 100;
                unlink(name);
                free(name);
            }
            sigprocmask(SIG_SETMASK, &old_mask, NULL);
        }
        if (!old[i]) {
            *err_out = "cannot be replaced: its earlier version cannot be kept aside";
            *failed_out = i;
            ok = false;
        }
    }
    /* 3. the renames, signals held back: all of them, or none */
    sigprocmask(SIG_BLOCK, &held, &old_mask);
    for (size_t i = 0; ok && i < n; i++) {
        if (rename(tmp[i], files[i].path) != 0) {
            *err_out = write_errno_text(errno);
            *failed_out = i;
            ok = false;
            break;
        }
        done = i + 1;
    }
    if (!ok) {
        /* put back what was replaced, newest first */
        for (size_t i = done; i-- > 0;) {
            if (old[i])
                rename(old[i], files[i].path);
            else
                unlink(files[i].path);
            if (old[i]) {
                free(old[i]);
                old[i] = NULL;
            }
            free(tmp[i]);
            tmp[i] = NULL; /* renamed away: nothing left to remove */
        }
    }
    /* 4. temporaries and links that remain go; the folders are made durable */
    for (size_t i = 0; i < n; i++) {
        if (tmp[i] && !(ok && i < done))
            unlink(tmp[i]);
        if (old[i])
            unlink(old[i]);
        if (ok)
            fsync_dir_of(files[i].path);
        free(tmp[i]);
        free(old[i]);
    }
    txn_untrack_all();
    for (size_t k = 0; k < TXN_N_SIGNALS; k++)
        sigaction(txn_signals[k], &old_act[k], NULL);
    sigprocmask(SIG_SETMASK, &old_mask, NULL); /* a held signal now takes effect */
    return ok;
}

bool dir_make_all(const char *path)
{
    char *p = xstrdup(path);
    bool ok = true;
    for (char *q = p + 1; ok; q++) {
        if (*q == '/' || *q == '\0') {
            char c = *q;
            *q = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                ok = false;
            *q = c;
            if (!c)
                break;
        }
    }
    free(p);
    return ok;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void dir_remove_tree(const char *path)
{
    /* FTW_PHYS: a link inside is removed, never what it points at */
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
