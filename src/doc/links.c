/* Link resolution over the whole book: chapter files and their anchors become
 * internal links, web links stay, everything else becomes plain text with a
 * warning, so no reader ever meets a dead or unsafe link. */
#include "doc/doc_internal.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_key(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(char *const *)elem);
}

static bool has_anchor(const struct doc_chapter_info *info, const char *anchor)
{
    if (info->n_anchors == 0)
        return false;
    return bsearch(anchor, info->anchors, info->n_anchors, sizeof *info->anchors, cmp_key);
}

static bool safe_scheme(const char *scheme)
{
    /* and registered with IANA: EPUBCheck warns about any other (HTM-025),
     * so ftps:, ircs: and doi: links are kept as text */
    static const char *const ok[] = {"http", "https", "mailto", "ftp", "tel", "news", "irc",
                                     "xmpp", "urn", NULL};
    for (const char *const *s = ok; *s; s++)
        if (!strcmp(*s, scheme))
            return true;
    return false;
}

/* A web URL's host (after "scheme://", before any path, query or fragment)
 * must be a name a reader can look up: labels of ASCII letters, digits, '-'
 * and '_', not starting or ending with '-' (an international name must be
 * written in its xn-- form), or an IPv6 address in brackets. */
static bool host_ok(const char *url, const char *scheme)
{
    if (!url[strlen(scheme) + 1]) /* "mailto:" and nothing more */
        return false;
    if (strcmp(scheme, "http") && strcmp(scheme, "https") && strcmp(scheme, "ftp") &&
        strcmp(scheme, "ftps"))
        return true;
    const char *p = url + strlen(scheme) + 1;
    if (strncmp(p, "//", 2))
        return false;
    p += 2;
    size_t n = strcspn(p, "/?#");
    const char *at = memchr(p, '@', n);
    if (at) { /* user:password@ */
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    if (n && *p == '[') { /* an IPv6 address, then perhaps a port */
        size_t ip = 1 + strspn(p + 1, "0123456789abcdefABCDEF:.");
        if (ip >= n || p[ip] != ']')
            return false;
        size_t left = n - ip - 1;
        return !left || (p[ip + 1] == ':' && strspn(p + ip + 2, "0123456789") == left - 1);
    }
    const char *colon = memchr(p, ':', n);
    if (colon) { /* a port: digits only */
        if (strspn(colon + 1, "0123456789") != n - (size_t)(colon + 1 - p))
            return false;
        n = (size_t)(colon - p);
    }
    if (n && p[n - 1] == '.') /* the root's dot */
        n--;
    for (size_t label = 0, i = 0; i <= n; i++) {
        if (i == n || p[i] == '.') {
            if (!label || label > 63 || p[i - 1] == '-' || p[i - label] == '-')
                return false;
            label = 0;
        } else if (isalnum((unsigned char)p[i]) || p[i] == '-' || p[i] == '_') {
            label++;
        } else {
            return false;
        }
    }
    return true;
}

/* An external URL as a reader takes it: what a URL may not hold (controls,
 * spaces, " < > backslash ^ ` { | }, brackets after the host, a second '#', a
 * '%' that starts no escape, code points an IRI excludes) is percent-encoded,
 * as cmark keeps such characters in a link destination. NULL if the host is
 * not valid. */
static const char *external_url(struct arena *a, const char *url, const char *scheme)
{
    if (!host_ok(url, scheme))
        return NULL;
    const char *authority = strstr(url, "://");
    const char *path = authority ? authority + 3 + strcspn(authority + 3, "/?#") : url;
    struct buf b = BUF_INIT;
    bool fragment = false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        size_t len = 1;
        bool encode;
        if (*p < 0x80) {
            encode = *p <= ' ' || *p == 0x7F || strchr("\"<>\\^`{|}", *p) ||
                     ((*p == '[' || *p == ']') && (const char *)p >= path) ||
                     (*p == '#' && fragment) ||
                     (*p == '%' && !(isxdigit(p[1]) && isxdigit(p[2])));
            fragment |= *p == '#';
        } else {
            int extra = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : 1;
            unsigned cp = *p & (0x3Fu >> extra);
            for (int k = 1; k <= extra && p[k]; k++, len++)
                cp = cp << 6 | (p[k] & 0x3F);
            encode = !doc_iri_char(cp);
        }
        for (size_t k = 0; k < len; k++) {
            if (encode)
                buf_printf(&b, "%%%02X", p[k]);
            else
                buf_putc(&b, (char)p[k]);
        }
        p += len - 1;
    }
    const char *out = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return out;
}

/* Percent-decodes an anchor; NULL if the result would not be usable text. */
static char *decode_anchor(struct arena *a, const char *s)
{
    struct buf b = BUF_INIT;
    for (; *s; s++) {
        if (*s == '%' && s[1] && s[2]) {
            char hex[3] = {s[1], s[2], 0};
            char *end;
            long v = strtol(hex, &end, 16);
            if (*end == '\0' && v > 0) {
                buf_putc(&b, (char)v);
                s += 2;
                continue;
            }
        }
        buf_putc(&b, *s);
    }
    char *r = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return r;
}

/* A link to an anchor of a later chapter, waiting for that chapter. */
struct doc_forward_link {
    char *anchor, *url, *file;
    int line, col;
};
struct doc_forward {
    struct doc_forward_link *items;
    size_t len;
};

struct doc_forward *doc_forward_new(size_t n)
{
    return xcalloc(n + 1, sizeof(struct doc_forward));
}

static void forward_clear(struct doc_forward *f)
{
    for (size_t i = 0; i < f->len; i++) {
        free(f->items[i].anchor);
        free(f->items[i].url);
        free(f->items[i].file);
    }
    free(f->items);
    f->items = NULL;
    f->len = 0;
}

void doc_forward_free(struct doc_forward *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        forward_clear(&f[i]);
    free(f);
}

static void warn_missing(struct diag_list *dl, const char *file, int line, int col,
                         const char *url, const char *anchor, const char *target_file)
{
    diag_add(dl, DIAG_WARNING, file, line, col,
             "link to '%s': no heading or anchor '#%s' in %s; it points at the chapter's start",
             url, anchor, target_file);
}

void doc_forward_arrive(struct doc_book *book, size_t i, struct diag_list *dl)
{
    struct doc_forward *f = &book->forward[i];
    struct doc_chapter_info *info = &book->chapters[i];
    for (size_t k = 0; k < f->len && dl; k++) {
        const struct doc_forward_link *l = &f->items[k];
        if (has_anchor(info, l->anchor))
            continue;
        warn_missing(dl, l->file, l->line, l->col, l->url, l->anchor,
                     book->series->chapters[i].display_path);
        info->missing = xgrow(info->missing, info->n_missing, sizeof *info->missing);
        info->missing[info->n_missing++] = xstrdup(l->anchor);
    }
    /* sorted and unique: the renderers place each once, in a fixed order */
    if (info->n_missing > 1) {
        qsort(info->missing, info->n_missing, sizeof *info->missing, cmp_str);
        size_t kept = 1;
        for (size_t k = 1; k < info->n_missing; k++) {
            if (strcmp(info->missing[k], info->missing[kept - 1]))
                info->missing[kept++] = info->missing[k];
            else
                free(info->missing[k]);
        }
        info->n_missing = kept;
    }
    forward_clear(f);
}

static void resolve_link(struct doc_chapter *ch, struct doc_book *book, struct doc_node *n,
                         struct diag_list *dl)
{
    const struct series *s = book->series;
    const char *url = n->url ? n->url : "";
    n->link_kind = DOC_LINK_PLAIN;
    if (!*url) {
        diag_add(dl, DIAG_WARNING, ch->file, n->line, n->col, "link has no target; kept as text");
        return;
    }
    char *scheme = url_scheme(url);
    if (scheme) {
        const char *href = safe_scheme(scheme) ? external_url(ch->arena, url, scheme) : NULL;
        if (href) {
            n->link_kind = DOC_LINK_EXTERNAL;
            n->url = href;
        } else if (safe_scheme(scheme)) {
            diag_add(dl, DIAG_WARNING, ch->file, n->line, n->col,
                     "link to '%s' is not a valid URL; kept as text", url);
        } else {
            diag_add(dl, DIAG_WARNING, ch->file, n->line, n->col,
                     "link with unsafe or local scheme '%s:' dropped; kept as text", scheme);
        }
        free(scheme);
        return;
    }
    const char *hash = strchr(url, '#');
    char *path = xstrndup(url, hash ? (size_t)(hash - url) : strlen(url));
    const char *anchor = hash && hash[1] ? decode_anchor(ch->arena, hash + 1) : NULL;
    int target = -1;
    if (!*path) {
        target = (int)ch->index;
    } else {
        char *norm = NULL;
        enum path_verdict v = doc_ref_path(s->chapters[ch->index].file, path, &norm);
        if (v == PATH_OK) {
            for (size_t i = 0; i < s->n_chapters; i++)
                if (!strcmp(s->chapters[i].file, norm))
                    target = (int)i;
            if (target < 0)
                diag_add(dl, DIAG_WARNING, ch->file, n->line, n->col,
                         "link to '%s', which is not a chapter of the series; kept as text",
                         url);
        } else {
            diag_add(dl, DIAG_WARNING, ch->file, n->line, n->col,
                     "link to '%s' %s; kept as text", url,
                     v == PATH_BAD ? "is not a valid path" : "leaves the series folder");
        }
        free(norm);
    }
    free(path);
    if (target < 0)
        return;
    n->link_kind = DOC_LINK_INTERNAL;
    n->target_chapter = target;
    n->target_anchor = NULL;
    if (!anchor)
        return;
    const char *target_file = s->chapters[target].display_path;
    if ((size_t)target > ch->index && !book->failed[target] && doc_id_linkable(anchor)) {
        /* a later chapter: checked when it comes (doc_forward_arrive) */
        n->target_anchor = anchor;
        struct doc_forward *f = &book->forward[target];
        f->items = xgrow(f->items, f->len, sizeof *f->items);
        f->items[f->len++] = (struct doc_forward_link){
            .anchor = xstrdup(anchor), .url = xstrdup(url), .file = xstrdup(ch->file),
            .line = n->line, .col = n->col};
    } else if (book->failed[target]) {
        n->target_anchor = NULL; /* its errors were given; nothing to check against */
    } else if ((size_t)target <= ch->index && has_anchor(&book->chapters[target], anchor)) {
        n->target_anchor = anchor;
    } else {
        warn_missing(dl, ch->file, n->line, n->col, url, anchor, target_file);
    }
}

void doc_chapter_resolve(struct doc_chapter *ch, struct doc_book *book,
                         struct diag_list *dl)
{
    struct doc_iter it;
    struct doc_node *n;
    enum doc_event ev;
    doc_iter_init(&it, ch->root);
    while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE) {
        if (ev != DOC_EVENT_ENTER)
            continue;
        if (n->type == DOC_NODE_LINK) {
            resolve_link(ch, book, n, dl);
        } else if (n->type == DOC_NODE_IMAGE) {
            char *norm = NULL;
            n->image_index = -1;
            if (doc_ref_path(book->series->chapters[ch->index].file, n->url, &norm) == PATH_OK) {
                /* other threads may be adding images: copy what rendering needs */
                pthread_mutex_lock(book->lock);
                n->image_index = doc_book_find_image(book, norm);
                if (n->image_index >= 0) {
                    n->image_src = arena_strdup(ch->arena, book->images[n->image_index]->book_name);
                    n->image_svg = book->images[n->image_index]->is_svg;
                }
                pthread_mutex_unlock(book->lock);
            }
            free(norm);
            /* a remote image becomes a link to it, if its URL is a valid one */
            char *scheme = n->image_index < 0 ? url_scheme(n->url) : NULL;
            const char *href = scheme ? external_url(ch->arena, n->url, scheme) : NULL;
            n->link_kind = href ? DOC_LINK_EXTERNAL : DOC_LINK_PLAIN;
            if (href)
                n->url = href;
            free(scheme);
        }
    }
}
