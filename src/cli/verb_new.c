/* `octavo new SLUG|DIR`: a new series folder with a manifest and two short
 * chapters that build clean, written all at once or not at all. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/base.h"
#include "cli/verbs.h"

/* What the scaffold holds: a compiled-in resource (templates/new/) and the
 * path it takes inside the new folder. Folders come before their files. */
struct scaffold_file {
    const char *resource; /* NULL: a folder */
    const char *path;
};
static const struct scaffold_file scaffold[] = {
    {"new-series.yaml", "series.yaml"},
    {"new-01-first-steps.md", "01-first-steps.md"},
    {"new-02-figures.md", "02-figures.md"},
    {NULL, "images"},
    {"new-pipeline.svg", "images/pipeline.svg"},
};
#define SCAFFOLD_COUNT (sizeof scaffold / sizeof scaffold[0])

/* The series format's slug: lowercase letters, digits and '-'. */
static bool slug_valid(const char *s)
{
    if (!*s)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

/* "my-first-book" → "My First Book". Caller frees. */
static char *title_from_slug(const char *slug)
{
    char *t = xstrdup(slug);
    bool word_start = true;
    for (char *p = t; *p; p++) {
        if (*p == '-') {
            *p = ' ';
            word_start = true;
        } else {
            if (word_start && *p >= 'a' && *p <= 'z')
                *p = (char)(*p - 'a' + 'A');
            word_start = false;
        }
    }
    return t;
}

/* The user's full name from the password database, else the login name. Caller frees. */
static char *default_author(void)
{
    const struct passwd *pw = getpwuid(getuid());
    if (pw && pw->pw_gecos && *pw->pw_gecos && *pw->pw_gecos != ',')
        return xstrndup(pw->pw_gecos, strcspn(pw->pw_gecos, ","));
    const char *user = getenv("USER");
    if (user && *user)
        return xstrdup(user);
    if (pw && pw->pw_name && *pw->pw_name)
        return xstrdup(pw->pw_name);
    return xstrdup("Anonymous");
}

/* Today (UTC), or SOURCE_DATE_EPOCH's day, as YYYY-MM-DD. */
static void today(char out[11])
{
    time_t now = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (!*end && v >= 0)
            now = (time_t)v;
    }
    char iso[21];
    time_format_iso((int64_t)now, iso);
    memcpy(out, iso, 10);
    out[10] = '\0';
}

/* s inside a YAML double-quoted scalar: backslash, quote and control
 * characters escaped, so any title or name stays one valid string. */
static void yaml_quoted_escape(struct buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_printf(b, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            buf_printf(b, "\\x%02x", *p);
        else
            buf_putc(b, (char)*p);
    }
}

/* A template with @TITLE@, @AUTHOR@ and @DATE@ filled in (YAML-escaped). Caller frees. */
static char *fill_template(const char *tpl, const char *title, const char *author,
                           const char *date, size_t *len_out)
{
    static const char *const keys[] = {"@TITLE@", "@AUTHOR@", "@DATE@"};
    const char *values[] = {title, author, date};
    struct buf b = BUF_INIT;
    for (const char *p = tpl; *p;) {
        size_t k = 0;
        while (k < 3 && !str_starts_with(p, keys[k]))
            k++;
        if (k < 3) {
            yaml_quoted_escape(&b, values[k]);
            p += strlen(keys[k]);
        } else {
            buf_putc(&b, *p++);
        }
    }
    return buf_detach(&b, len_out);
}

static bool write_new_file(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        return false;
    bool ok = true;
    while (ok && len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        if (ok) {
            data += n;
            len -= (size_t)n;
        }
    }
    return close(fd) == 0 && ok;
}

/* mkdir -p of every folder above path (not path itself). */
static bool make_parents(const char *path)
{
    char *p = xstrdup(path);
    bool ok = true;
    for (char *q = p + 1; *q && ok; q++) {
        if (*q != '/')
            continue;
        *q = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            ok = false;
        *q = '/';
    }
    free(p);
    return ok;
}

/* Removes what the scaffold wrote into dir (in reverse order) and dir itself. */
static void remove_scaffold(const char *dir, size_t written)
{
    while (written-- > 0) {
        char *p = path_join(dir, scaffold[written].path);
        if (scaffold[written].resource)
            unlink(p);
        else
            rmdir(p);
        free(p);
    }
    rmdir(dir);
}

/* True if path does not exist, or is a real (not symlinked) empty folder. */
static bool absent_or_empty_folder(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT;
    if (!S_ISDIR(st.st_mode))
        return false;
    DIR *d = opendir(path);
    if (!d)
        return false;
    bool empty = true;
    const struct dirent *e;
    while (empty && (e = readdir(d)))
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(d);
    return empty;
}

static void print_new_help(void)
{
    printf("Usage: octavo new SLUG|DIR [--title=TEXT] [--author=NAME]\n"
           "Start a series: series/SLUG/ (or DIR, whose last component is the slug) with a\n"
           "series.yaml, two short chapters and a figure, ready to build.\n"
           "\n"
           "The slug is lowercase letters, digits and '-'. Nothing is ever overwritten: an\n"
           "existing folder is refused unless it is empty.\n"
           "\n"
           "Options:\n"
           "      --title=TEXT   the book's title (default: the slug, capitalised)\n"
           "      --author=NAME  the author (default: your name from the system)\n"
           "  -h, --help         show this help and exit\n"
           "\n"
           "Exit status: 0 created, 1 the folder exists or cannot be written, 2 usage error.\n");
}

int verb_new(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"title", required_argument, NULL, 't'},
        {"author", required_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *title_opt = NULL, *author_opt = NULL, *target = NULL;
    optind = 1;
    opterr = 0;
    while (optind < argc) {
        int c = getopt_long(argc, argv, "+h", longopts, NULL);
        if (c == -1) {
            if (target) {
                fprintf(stderr, "octavo new: one series at a time ('%s' and '%s')\n", target,
                        argv[optind]);
                return 2;
            }
            target = argv[optind++];
            continue;
        }
        switch (c) {
        case 't':
            title_opt = optarg;
            break;
        case 'a':
            author_opt = optarg;
            break;
        case 'h':
            print_new_help();
            return 0;
        default:
            fprintf(stderr, "octavo new: unknown option or missing value '%s'\n"
                            "Try 'octavo new --help'.\n", argv[optind - 1]);
            return 2;
        }
    }
    if (!target || !*target) {
        fprintf(stderr, "Usage: octavo new SLUG|DIR\nTry 'octavo new --help'.\n");
        return 2;
    }
    /* A bare slug goes under series/; a path names the folder itself. */
    char *dir = strchr(target, '/') ? xstrdup(target) : xasprintf("series/%s", target);
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dir[--dl] = '\0';
    const char *slash = strrchr(dir, '/');
    const char *slug = slash ? slash + 1 : dir;
    if (!slug_valid(slug)) {
        fprintf(stderr,
                "octavo new: '%s' is not a series slug (lowercase letters, digits and '-')\n",
                slug);
        free(dir);
        return 2;
    }
    if (!absent_or_empty_folder(dir)) {
        fprintf(stderr, "octavo new: %s: error: already exists; nothing written\n", dir);
        free(dir);
        return 1;
    }
    char *title = title_opt ? xstrdup(title_opt) : title_from_slug(slug);
    char *author = author_opt ? xstrdup(author_opt) : default_author();
    char date[11];
    today(date);

    /* Everything goes into a hidden folder beside the target, renamed into
     * place at the end: an interrupted or failed scaffold leaves nothing, and
     * rename() never replaces a folder someone made meanwhile (unless empty). */
    int status = 1;
    size_t written = 0;
    char *tmp = NULL;
    if (!make_parents(dir)) {
        fprintf(stderr, "octavo new: %s: error: cannot create the folders above it\n", dir);
        goto done;
    }
    tmp = slash ? xasprintf("%.*s/.%s.new-XXXXXX", (int)(slash - dir), dir, slug)
                : xasprintf(".%s.new-XXXXXX", slug);
    if (!mkdtemp(tmp)) {
        fprintf(stderr, "octavo new: %s: error: cannot write beside it (%s)\n", dir,
                strerror(errno));
        free(tmp);
        tmp = NULL;
        goto done;
    }
    /* mkdtemp makes 0700; the folder gets the mode mkdir would give it */
    mode_t mask = umask(0);
    umask(mask);
    chmod(tmp, 0777 & ~mask);
    for (; written < SCAFFOLD_COUNT; written++) {
        char *p = path_join(tmp, scaffold[written].path);
        bool ok;
        if (!scaffold[written].resource) {
            ok = mkdir(p, 0777) == 0;
        } else {
            size_t tlen, len;
            const char *tpl = res_find(scaffold[written].resource, &tlen);
            char *text = fill_template(tpl, title, author, date, &len);
            ok = write_new_file(p, text, len);
            free(text);
        }
        free(p);
        if (!ok) {
            fprintf(stderr, "octavo new: %s: error: cannot write %s (%s); nothing written\n",
                    dir, scaffold[written].path, strerror(errno));
            goto done;
        }
    }
    if (rename(tmp, dir) != 0) {
        fprintf(stderr, "octavo new: %s: error: %s; nothing written\n", dir,
                errno == EEXIST || errno == ENOTEMPTY || errno == ENOTDIR ? "already exists"
                                                                           : strerror(errno));
        goto done;
    }
    free(tmp);
    tmp = NULL;
    printf("created %s/: series.yaml, 2 chapters, images/pipeline.svg\n"
           "next: octavo serve %s   (or: octavo build %s)\n",
           dir, dir, dir);
    status = 0;
done:
    if (tmp) {
        remove_scaffold(tmp, written);
        free(tmp);
    }
    free(title);
    free(author);
    free(dir);
    return status;
}
