/* Book-wide state: the chapter infos and the image table. Every image is
 * checked here once, before anything is written: inside the series, present,
 * and of a format an EPUB may carry. */
#include "doc/doc_internal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum path_verdict doc_ref_path(const char *chapter_file, const char *ref, char **norm_out)
{
    *norm_out = NULL;
    char *scheme = url_scheme(ref);
    if (scheme || ref[0] == '/') {
        free(scheme);
        return path_check_relative(ref, norm_out);
    }
    const char *slash = strrchr(chapter_file, '/');
    if (!slash)
        return path_check_relative(ref, norm_out);
    /* The chapter's folder is already normalised, so only ref can climb out. */
    char *joined = xasprintf("%.*s/%s", (int)(slash - chapter_file), chapter_file, ref);
    enum path_verdict v = path_check_relative(joined, norm_out);
    free(joined);
    return v;
}

/* Reads the first bytes of a file already checked to lie inside the series. */
static size_t read_head(const char *path, unsigned char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return 0;
    size_t got = 0;
    while (got < cap) {
        ssize_t n = read(fd, buf + got, cap - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    return got;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The media type from the file's own bytes, not its name; NULL if unsupported. */
static const char *sniff(const unsigned char *h, size_t n, struct doc_image *img)
{
    if (n >= 24 && !memcmp(h, "\x89PNG\r\n\x1a\n", 8) && !memcmp(h + 12, "IHDR", 4)) {
        img->width = (int)be32(h + 16);
        img->height = (int)be32(h + 20);
        return "image/png";
    }
    if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
        return "image/jpeg";
    if (n >= 6 && (!memcmp(h, "GIF87a", 6) || !memcmp(h, "GIF89a", 6)))
        return "image/gif";
    /* SVG: an <svg element near the start of a text file */
    for (size_t i = 0; i + 4 <= n; i++) {
        if (h[i] == 0)
            return NULL;
        if (!memcmp(h + i, "<svg", 4)) {
            img->is_svg = true;
            return "image/svg+xml";
        }
    }
    return NULL;
}

static const char *ext_for(const char *media_type)
{
    if (!strcmp(media_type, "image/png")) return "png";
    if (!strcmp(media_type, "image/jpeg")) return "jpg";
    if (!strcmp(media_type, "image/gif")) return "gif";
    return "svg";
}

static int add_image(struct doc_book *book, struct doc_image_alias **aliases, size_t *n_aliases,
                     const char *rel, const char *file, int line, int col, const char *what,
                     struct diag_list *dl)
{
    for (size_t i = 0; i < *n_aliases; i++)
        if (!strcmp((*aliases)[i].rel, rel))
            return (*aliases)[i].index;
    char *real = NULL;
    const char *err = NULL;
    const struct series *s = book->series;
    if (!path_resolve_inside(s->real_dir, rel, &real, &err)) {
        diag_add(dl, DIAG_ERROR, file, line, col, "%s '%s' %s", what, rel, err);
        return -2;
    }
    int index = -1;
    for (size_t i = 0; i < book->n_images; i++)
        if (!strcmp(book->images[i].real_path, real))
            index = (int)i;
    if (index < 0) {
        struct doc_image img = {0};
        unsigned char head[4096];
        size_t n = read_head(real, head, sizeof head);
        img.media_type = sniff(head, n, &img);
        if (!img.media_type) {
            diag_add(dl, DIAG_ERROR, file, line, col,
                     "%s '%s' is not a PNG, JPEG, GIF or SVG image", what, rel);
            free(real);
            return -2;
        }
        img.rel = xstrdup(rel);
        img.real_path = real;
        real = NULL;
        /* Book names are numbered, so any file name an author uses is safe in a URL. */
        const char *base = strrchr(rel, '/');
        base = base ? base + 1 : rel;
        struct buf name = BUF_INIT;
        buf_printf(&name, "images/%03zu-", book->n_images + 1);
        size_t stem = strcspn(base, ".");
        for (size_t i = 0; i < stem && i < 40; i++) {
            char c = base[i];
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
            buf_putc(&name, ok ? c : '_');
        }
        buf_printf(&name, ".%s", ext_for(img.media_type));
        img.book_name = buf_detach(&name, NULL);
        book->images = xrealloc(book->images, (book->n_images + 1) * sizeof *book->images);
        book->images[book->n_images] = img;
        index = (int)book->n_images++;
    }
    free(real);
    *aliases = xrealloc(*aliases, (*n_aliases + 1) * sizeof **aliases);
    (*aliases)[*n_aliases].rel = xstrdup(rel);
    (*aliases)[*n_aliases].index = index;
    (*n_aliases)++;
    return index;
}

bool doc_book_init(struct doc_book *book, const struct series *s,
                   struct doc_chapter_info *infos, struct diag_list *dl)
{
    memset(book, 0, sizeof *book);
    book->series = s;
    book->chapters = infos;
    book->cover_image = -1;
    book->all_images_have_alt = true;
    struct doc_image_alias *aliases = NULL;
    size_t n_aliases = 0;
    bool ok = true;
    if (s->cover) {
        int idx = add_image(book, &aliases, &n_aliases, s->cover, s->manifest_path,
                            s->cover_line, 0, "cover", dl);
        if (idx >= 0) {
            book->cover_image = idx;
            book->images[idx].is_cover = true;
        } else {
            ok = false;
        }
    }
    for (size_t c = 0; c < s->n_chapters; c++) {
        const struct doc_chapter_info *info = &infos[c];
        const char *file = s->chapters[c].display_path;
        book->words += info->words;
        for (size_t i = 0; i < info->n_images; i++) {
            const struct doc_image_ref *r = &info->images[i];
            if (!r->has_alt) {
                book->all_images_have_alt = false;
                diag_add(dl, DIAG_WARNING, file, r->line, r->col, "image '%s' has no alt text",
                         r->url);
            }
            char *norm = NULL;
            enum path_verdict v = doc_ref_path(s->chapters[c].file, r->url, &norm);
            char *scheme = url_scheme(r->url);
            bool web = scheme && (!strcmp(scheme, "http") || !strcmp(scheme, "https"));
            free(scheme);
            if (v == PATH_REMOTE && web) {
                diag_add(dl, DIAG_WARNING, file, r->line, r->col,
                         "remote image '%s' is not embedded; it becomes a link", r->url);
            } else if (v == PATH_REMOTE) {
                diag_add(dl, DIAG_ERROR, file, r->line, r->col,
                         "image '%.60s' is not a file in the series folder", r->url);
                ok = false;
            } else if (v == PATH_ABSOLUTE || v == PATH_ESCAPES) {
                diag_add(dl, DIAG_ERROR, file, r->line, r->col,
                         "image '%s' leaves the series folder; it is not read", r->url);
                ok = false;
            } else if (v == PATH_BAD) {
                diag_add(dl, DIAG_ERROR, file, r->line, r->col, "image path '%s' is not valid",
                         r->url);
                ok = false;
            } else if (add_image(book, &aliases, &n_aliases, norm, file, r->line, r->col,
                                 "image", dl) < 0) {
                ok = false;
            }
            free(norm);
        }
    }
    book->image_aliases = aliases;
    book->n_image_aliases = n_aliases;
    return ok;
}

int doc_book_find_image(const struct doc_book *book, const char *rel)
{
    for (size_t i = 0; i < book->n_image_aliases; i++)
        if (!strcmp(book->image_aliases[i].rel, rel))
            return book->image_aliases[i].index;
    return -1;
}

void doc_book_free(struct doc_book *book)
{
    if (book->chapters)
        for (size_t c = 0; c < book->series->n_chapters; c++)
            doc_chapter_info_free(&book->chapters[c]);
    free(book->chapters);
    for (size_t i = 0; i < book->n_images; i++) {
        free(book->images[i].rel);
        free(book->images[i].real_path);
        free(book->images[i].book_name);
    }
    free(book->images);
    for (size_t i = 0; i < book->n_image_aliases; i++)
        free(book->image_aliases[i].rel);
    free(book->image_aliases);
    memset(book, 0, sizeof *book);
}
