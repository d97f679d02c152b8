/* Book-wide state: the chapter infos and the image table. Every image is
 * checked before anything is written: inside the series, present, and of a
 * format an EPUB may carry. */
#include "doc/doc_internal.h"

#include <fcntl.h>
#include <glib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


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

/* The name of an image inside the book depends only on the file itself (its
 * path inside the series), never on which chapter or thread met it first:
 * a safe stem from the file name and eight hex digits of SHA-1 of the path. */
static char *book_name_for(const char *canonical, const char *media_type)
{
    const char *base = strrchr(canonical, '/');
    base = base ? base + 1 : canonical;
    struct buf name = BUF_INIT;
    buf_puts(&name, "images/");
    size_t stem = strcspn(base, ".");
    for (size_t i = 0; i < stem && i < 40; i++) {
        char c = base[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        buf_putc(&name, ok ? c : '_');
    }
    unsigned char d[20];
    sha1(canonical, strlen(canonical), d);
    buf_printf(&name, "-%02x%02x%02x%02x.%s", d[0], d[1], d[2], d[3], ext_for(media_type));
    return buf_detach(&name, NULL);
}

/* Finds or enters the image at rel (normalised); -1 after an error. Called with
 * the book's lock held. */
static int intern_image(struct doc_book *book, const char *rel, const char *file, int line,
                        int col, const char *what, struct diag_list *dl)
{
    void *known = g_hash_table_lookup(book->image_by_rel, rel);
    if (known)
        return GPOINTER_TO_INT(known) - 1;
    char *real = NULL;
    const char *err = NULL;
    const struct series *s = book->series;
    char *shown = path_join(s->dir, rel); /* noted even when missing: make retries once it is there */
    file_log_add(s->inputs, shown);
    free(shown);
    if (!path_resolve_inside(s->real_dir, rel, &real, &err)) {
        diag_add(dl, DIAG_ERROR, file, line, col, "%s '%s' %s", what, rel, err);
        return -1;
    }
    int index = GPOINTER_TO_INT(g_hash_table_lookup(book->image_by_real, real)) - 1;
    if (index < 0) {
        struct doc_image img = {0};
        unsigned char head[4096];
        size_t n = read_head(real, head, sizeof head);
        img.media_type = sniff(head, n, &img);
        if (!img.media_type) {
            diag_add(dl, DIAG_ERROR, file, line, col,
                     "%s '%s' is not a PNG, JPEG, GIF or SVG image", what, rel);
            free(real);
            return -1;
        }
        char *problem = doc_image_problem(real, img.media_type);
        if (problem) {
            diag_add(dl, DIAG_ERROR, file, line, col, "%s '%s' %s", what, rel, problem);
            free(problem);
            free(real);
            return -1;
        }
        img.rel = xstrdup(rel);
        img.use_file = xstrdup(file);
        img.use_line = line;
        img.book_name = book_name_for(real + strlen(s->real_dir) + 1, img.media_type);
        img.real_path = real;
        real = NULL;
        book->images = xgrow(book->images, book->n_images, sizeof *book->images);
        book->images[book->n_images] = xmalloc(sizeof img);
        *book->images[book->n_images] = img;
        index = (int)book->n_images++;
        g_hash_table_insert(book->image_by_real, book->images[index]->real_path,
                            GINT_TO_POINTER(index + 1));
    }
    free(real);
    book->image_aliases = xrealloc(book->image_aliases,
                                   (book->n_image_aliases + 1) * sizeof *book->image_aliases);
    book->image_aliases[book->n_image_aliases] =
        (struct doc_image_alias){.rel = xstrdup(rel), .index = index};
    g_hash_table_insert(book->image_by_rel, book->image_aliases[book->n_image_aliases++].rel,
                        GINT_TO_POINTER(index + 1));
    return index;
}

bool doc_book_begin(struct doc_book *book, const struct series *s, struct diag_list *dl)
{
    memset(book, 0, sizeof *book);
    book->series = s;
    book->chapters = xcalloc(s->n_chapters + 1, sizeof *book->chapters);
    book->failed = xcalloc(s->n_chapters + 1, sizeof *book->failed);
    book->forward = doc_forward_new(s->n_chapters);
    book->cover_image = -1;
    book->all_images_have_alt = true;
    book->image_by_rel = g_hash_table_new(g_str_hash, g_str_equal);
    book->image_by_real = g_hash_table_new(g_str_hash, g_str_equal);
    pthread_mutex_t *lock = xmalloc(sizeof *lock);
    pthread_mutex_init(lock, NULL);
    book->lock = lock;
    if (!s->cover)
        return true;
    int idx = intern_image(book, s->cover, s->manifest_path, s->cover_line, 0, "cover", dl);
    if (idx < 0)
        return false;
    book->cover_image = idx;
    book->images[idx]->is_cover = true;
    return true;
}

static bool doc_book_add_images(struct doc_book *book, size_t chapter,
                         const struct doc_chapter_info *info, struct diag_list *dl)
{
    const struct series *s = book->series;
    const char *file = s->chapters[chapter].display_path;
    bool ok = true;
    for (size_t i = 0; i < info->n_images; i++) {
        const struct doc_image_ref *r = &info->images[i];
        if (!r->has_alt)
            diag_add(dl, DIAG_WARNING, file, r->line, r->col, "image '%s' has no alt text",
                     r->url);
        char *norm = NULL;
        enum path_verdict v = doc_ref_path(s->chapters[chapter].file, r->url, &norm);
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
        } else {
            pthread_mutex_lock(book->lock);
            int idx = intern_image(book, norm, file, r->line, r->col, "image", dl);
            pthread_mutex_unlock(book->lock);
            ok &= idx >= 0;
        }
        free(norm);
    }
    return ok;
}

bool doc_book_add_chapter(struct doc_book *book, struct doc_chapter *ch, struct diag_list *dl)
{
    size_t i = ch->index;
    /* order is what makes the book the same however the threads ran */
    if (i != book->n_added)
        abort();
    struct doc_chapter_info *info = &book->chapters[i];
    doc_chapter_collect(ch, info);
    bool ok = doc_book_add_images(book, i, info, dl);
    doc_forward_arrive(book, i, dl);
    doc_chapter_resolve(ch, book, dl);
    doc_number_nodes(ch);
    book->n_added++;
    return ok;
}

void doc_book_skip_chapter(struct doc_book *book, size_t index)
{
    if (index != book->n_added)
        abort();
    book->failed[index] = true;
    doc_forward_arrive(book, index, NULL);
    book->n_added++;
}

void doc_book_finish(struct doc_book *book)
{
    const struct series *s = book->series;
    book->words = 0;
    for (size_t c = 0; c < s->n_chapters; c++) {
        const struct doc_chapter_info *info = &book->chapters[c];
        book->words += info->words;
        for (size_t i = 0; i < info->n_images; i++)
            if (!info->images[i].has_alt)
                book->all_images_have_alt = false;
    }
}

const struct doc_image *doc_book_image(const struct doc_book *book, size_t i)
{
    pthread_mutex_lock(book->lock);
    const struct doc_image *img = i < book->n_images ? book->images[i] : NULL;
    pthread_mutex_unlock(book->lock);
    return img;
}


void doc_book_free(struct doc_book *book)
{
    if (book->chapters)
        for (size_t c = 0; c < book->series->n_chapters; c++)
            doc_chapter_info_free(&book->chapters[c]);
    free(book->chapters);
    free(book->failed);
    if (book->forward)
        doc_forward_free(book->forward, book->series->n_chapters);
    for (size_t i = 0; i < book->n_images; i++) {
        free(book->images[i]->rel);
        free(book->images[i]->use_file);
        free(book->images[i]->real_path);
        free(book->images[i]->book_name);
        free(book->images[i]);
    }
    free(book->images);
    if (book->image_by_rel)
        g_hash_table_destroy(book->image_by_rel);
    if (book->image_by_real)
        g_hash_table_destroy(book->image_by_real);
    for (size_t i = 0; i < book->n_image_aliases; i++)
        free(book->image_aliases[i].rel);
    free(book->image_aliases);
    if (book->lock) {
        pthread_mutex_destroy(book->lock);
        free(book->lock);
    }
    memset(book, 0, sizeof *book);
}
