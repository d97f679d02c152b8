/* Whole-file reads and atomic writes (temporary file + rename). */
#include "base/base.h"

#include <errno.h>
#include <fcntl.h>
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
