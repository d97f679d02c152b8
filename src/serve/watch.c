/* Watching a series folder for saves, with inotify: the folder and every
 * subfolder (images/ …), never following a symbolic link out of it. */
#include "serve/serve.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

/* Subfolders deeper than this are not watched (a series is shallow; this
 * bounds the work on a folder tree that is not a series). */
#define WATCH_MAX_DEPTH 8
#define WATCH_MASK                                                                          \
    (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF | \
     IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK)

struct watched {
    int wd;
    char *path;
    int depth;
};

struct serve_watch {
    int fd;
    struct watched *dirs;
    size_t n;
};

static void watch_add_tree(struct serve_watch *w, const char *path, int depth)
{
    int wd = inotify_add_watch(w->fd, path, WATCH_MASK);
    if (wd < 0)
        return;
    w->dirs = xgrow(w->dirs, w->n, sizeof *w->dirs);
    w->dirs[w->n++] = (struct watched){.wd = wd, .path = xstrdup(path), .depth = depth};
    if (depth >= WATCH_MAX_DEPTH)
        return;
    DIR *d = opendir(path);
    if (!d)
        return;
    const struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *sub = path_join(path, e->d_name);
        struct stat st;
        if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            watch_add_tree(w, sub, depth + 1);
        free(sub);
    }
    closedir(d);
}

struct serve_watch *serve_watch_new(const char *dir)
{
    struct serve_watch *w = xcalloc(1, sizeof *w);
    w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->fd < 0) {
        free(w);
        return NULL;
    }
    watch_add_tree(w, dir, 0);
    if (w->n == 0) {
        serve_watch_free(w);
        return NULL;
    }
    return w;
}

int serve_watch_fd(const struct serve_watch *w)
{
    return w->fd;
}

/* Files an editor writes beside the one being saved: hidden files (vim's
 * .x.swp, emacs' .#x), backups (x~), emacs' #x#, vim's write test "4913". */
static bool is_editor_scratch(const char *name)
{
    size_t len = strlen(name);
    return name[0] == '.' || name[0] == '#' || (len && name[len - 1] == '~') ||
           !strcmp(name, "4913");
}

bool serve_watch_drain(struct serve_watch *w)
{
    /* aligned as the kernel writes struct inotify_event */
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    bool changed = false;
    for (;;) {
        ssize_t len = read(w->fd, buf, sizeof buf);
        if (len < 0 && errno == EINTR)
            continue;
        if (len <= 0)
            break;
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                changed = true; /* events were lost: rebuild to be safe */
                continue;
            }
            const char *name = ev->len ? ev->name : "";
            if (*name && is_editor_scratch(name))
                continue;
            if ((ev->mask & (IN_CREATE | IN_MOVED_TO)) && (ev->mask & IN_ISDIR)) {
                for (size_t i = 0; i < w->n; i++) {
                    if (w->dirs[i].wd == ev->wd) {
                        char *sub = path_join(w->dirs[i].path, name);
                        watch_add_tree(w, sub, w->dirs[i].depth + 1);
                        free(sub);
                        break;
                    }
                }
            }
            /* a new empty file is not a save yet: its close-write follows */
            if ((ev->mask & IN_CREATE) && !(ev->mask & IN_ISDIR))
                continue;
            changed = true;
        }
    }
    return changed;
}

void serve_watch_free(struct serve_watch *w)
{
    if (!w)
        return;
    close(w->fd);
    for (size_t i = 0; i < w->n; i++)
        free(w->dirs[i].path);
    free(w->dirs);
    free(w);
}
