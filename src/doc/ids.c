/* Per-chapter identity: the title, GitHub-compatible heading anchors, unique
 * ids for raw HTML anchors, and footnote ids. */
#include "doc/doc_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A small open-addressing set of strings living in the chapter's arena. Each
 * id also keeps the last suffix a repeat of it was given, so that n headings
 * with the same text cost O(n) lookups, not O(n²). */
struct id_set {
    const char **slots;
    int *suffix; /* per slot: the last -N handed to a repeat of this id */
    size_t cap, len;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* The slot holding s, or SIZE_MAX. */
static size_t id_set_find(const struct id_set *set, const char *s)
{
    if (!set->cap)
        return SIZE_MAX;
    for (size_t i = hash_str(s) & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
        if (!set->slots[i])
            return SIZE_MAX;
        if (!strcmp(set->slots[i], s))
            return i;
    }
}

static bool id_set_has(const struct id_set *set, const char *s)
{
    return id_set_find(set, s) != SIZE_MAX;
}

static void id_set_add(struct id_set *set, const char *s)
{
    if ((set->len + 1) * 2 > set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 64;
        const char **slots = xcalloc(cap, sizeof *slots);
        int *suffix = xcalloc(cap, sizeof *suffix);
        for (size_t i = 0; i < set->cap; i++) {
            if (!set->slots[i])
                continue;
            size_t j = hash_str(set->slots[i]) & (cap - 1);
            while (slots[j])
                j = (j + 1) & (cap - 1);
            slots[j] = set->slots[i];
            suffix[j] = set->suffix[i];
        }
        free(set->slots);
        free(set->suffix);
        set->slots = slots;
        set->suffix = suffix;
        set->cap = cap;
    }
    size_t j = hash_str(s) & (set->cap - 1);
    while (set->slots[j])
        j = (j + 1) & (set->cap - 1);
    set->slots[j] = s;
    set->suffix[j] = 0;
    set->len++;
}

/* An id written in raw HTML must be one a link can name as it is: letters,
 * digits, - _ . : and non-ASCII characters an IRI allows (valid UTF-8 here). */
bool doc_id_linkable(const char *id)
{
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        if (*p < 0x80) {
            if (!isalnum(*p) && !strchr("-_.:", *p))
                return false;
            continue;
        }
        int extra = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : 1;
        unsigned cp = *p & (0x3Fu >> extra);
        for (int k = 0; k < extra && p[1]; k++)
            cp = cp << 6 | (*++p & 0x3F);
        if (!doc_iri_char(cp))
            return false;
    }
    return *id != '\0';
}

static bool reserved_id(const char *id)
{
    return !strncmp(id, "fn.", 3) || !strncmp(id, "fnref.", 6) || !strncmp(id, "pg.", 3) ||
           !strncmp(id, "chapter.", 8);
}

/* GitHub's anchor for a heading, made unique with -1, -2, … as GitHub does. */
static const char *heading_id(struct arena *a, struct id_set *used, const struct doc_node *n)
{
    char *text = doc_node_plain_text(n);
    char *base = doc_slugify(text);
    free(text);
    if (!*base) {
        free(base);
        base = xstrdup("section");
    }
    char *cand = xstrdup(base);
    size_t slot = id_set_find(used, base);
    if (slot != SIZE_MAX) {
        /* GitHub's counter per base: every suffix up to the last one given is
         * taken, so the search starts after it */
        int k = used->suffix[slot];
        do {
            free(cand);
            cand = xasprintf("%s-%d", base, ++k);
        } while (id_set_has(used, cand));
        used->suffix[slot] = k;
    }
    const char *id = arena_strdup(a, cand);
    free(cand);
    free(base);
    id_set_add(used, id);
    return id;
}

/* An empty block carrying an anchor, put before ref. */
static struct doc_node *anchor_before(struct doc_chapter *ch, struct doc_node *ref, const char *id)
{
    struct doc_node *div = doc_node_new(ch->arena, DOC_NODE_HTML_ELEMENT, ref->line, ref->col);
    div->tag = "div";
    div->id = id;
    div->raw_html = true;
    div->attrs = arena_alloc(ch->arena, sizeof *div->attrs); /* none: a NULL name ends them */
    div->parent = ref->parent;
    div->next = ref;
    div->prev = ref->prev;
    if (ref->prev)
        ref->prev->next = div;
    else
        ref->parent->first_child = div;
    ref->prev = div;
    return div;
}

/* The first level-1 heading becomes the chapter's title and leaves the text,
 * but not its anchors: GitHub's for it (#process for "# Process", counted
 * when later headings repeat it, as GitHub counts it) and any written in it
 * (# <a name="top"></a> Title) stay where it stood, on empty blocks. Returns
 * the block that will carry GitHub's anchor (doc_assign_ids names it) and the
 * heading in *heading_out, or NULL. */
static struct doc_node *take_title(struct doc_chapter *ch, struct doc_node **heading_out)
{
    *heading_out = NULL;
    const struct series_chapter *sc = &ch->series->chapters[ch->index];
    if (sc->title_override) {
        ch->title = arena_strdup(ch->arena, sc->title_override);
        return NULL;
    }
    if (ch->title)
        return NULL;
    for (struct doc_node *h = ch->root->first_child; h; h = h->next) {
        if (h->type != DOC_NODE_HEADING || h->level != 1)
            continue;
        char *t = doc_node_label(h);
        ch->title = arena_strdup(ch->arena, t);
        free(t);
        ch->title_from_heading = true;
        struct doc_iter it;
        struct doc_node *n;
        enum doc_event ev;
        doc_iter_init(&it, h);
        while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE) {
            if (ev == DOC_EVENT_ENTER && n != h && n->id && n->type == DOC_NODE_HTML_ELEMENT) {
                anchor_before(ch, h, n->id);
                n->id = NULL;
            }
        }
        /* an <h1 id="x"> of raw HTML keeps its own id, and gets no other */
        struct doc_node *anchor = anchor_before(ch, h, h->id);
        doc_node_unlink(h);
        *heading_out = h;
        return h->id ? NULL : anchor;
    }
    return NULL;
}

void doc_assign_ids(struct doc_chapter *ch, struct diag_list *dl)
{
    struct doc_node *title_heading;
    struct doc_node *title_anchor = take_title(ch, &title_heading);
    if (!ch->title || !ch->title[strspn(ch->title, " \t\r\n")]) {
        const char *f = ch->series->chapters[ch->index].file;
        const char *base = strrchr(f, '/');
        base = base ? base + 1 : f;
        ch->title = arena_strndup(ch->arena, base, strlen(base) - (str_ends_with(base, ".md") ? 3 : 0));
        diag_add(dl, DIAG_WARNING, ch->file, 1, 0,
                 "chapter has no title (front matter 'title' or a level-1 heading); "
                 "using its file name");
    }
    /* Notes are numbered 1..n in order of first reference; a reference past n
     * (raw HTML imitating cmark's <sup class="footnote-ref">) has no note to
     * point at, so it is kept as its number in plain text. */
    int n_notes = 0;
    for (struct doc_node *d = ch->root->first_child; d; d = d->next)
        if (d->type == DOC_NODE_FOOTNOTE_DEF && d->number > n_notes)
            n_notes = d->number;
    struct id_set used = {0};
    int ref_counts_cap = 0;
    int *ref_counts = NULL;
    struct doc_iter it;
    struct doc_node *n;
    enum doc_event ev;
    doc_iter_init(&it, ch->root);
    while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE) {
        if (ev != DOC_EVENT_ENTER)
            continue;
        if (n == title_anchor) {
            n->id = heading_id(ch->arena, &used, title_heading);
        } else if (n->type == DOC_NODE_HEADING && !n->id) {
            n->id = heading_id(ch->arena, &used, n);
        } else if (n->id && n->type != DOC_NODE_FOOTNOTE_DEF) {
            /* an id written in raw HTML */
            if (*n->id && !strpbrk(n->id, " \t\n\r") && !doc_id_linkable(n->id)) {
                diag_add(dl, DIAG_WARNING, ch->file, n->line, 0,
                         "raw HTML: id '%s' holds characters a link cannot name; dropped",
                         n->id);
                n->id = NULL;
                if (n->type == DOC_NODE_HEADING)
                    n->id = heading_id(ch->arena, &used, n);
            } else if (!*n->id || strpbrk(n->id, " \t\n\r") || id_set_has(&used, n->id) ||
                       reserved_id(n->id)) {
                diag_add(dl, DIAG_WARNING, ch->file, n->line, 0,
                         "raw HTML: id '%s' is empty, repeated or reserved; dropped", n->id);
                n->id = NULL;
                if (n->type == DOC_NODE_HEADING)
                    n->id = heading_id(ch->arena, &used, n); /* a generated one instead */
            } else {
                id_set_add(&used, n->id);
            }
        } else if (n->type == DOC_NODE_FOOTNOTE_DEF) {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "fn.%d", n->number);
            n->id = arena_strdup(ch->arena, tmp);
            /* its references so far: none if the only one was in the heading
             * taken as the chapter's title, and then it gets no back-link */
            n->ref_index = n->number < ref_counts_cap ? ref_counts[n->number] : 0;
        } else if (n->type == DOC_NODE_FOOTNOTE_REF &&
                   (n->number < 1 || n->number > n_notes)) {
            char tmp[16];
            snprintf(tmp, sizeof tmp, "%d", n->number);
            n->type = DOC_NODE_TEXT;
            n->text = arena_strdup(ch->arena, tmp);
            n->text_len = strlen(tmp);
        } else if (n->type == DOC_NODE_FOOTNOTE_REF) {
            if (n->number >= ref_counts_cap) {
                int cap = n->number * 2 + 16;
                ref_counts = xrealloc(ref_counts, (size_t)cap * sizeof *ref_counts);
                memset(ref_counts + ref_counts_cap, 0,
                       (size_t)(cap - ref_counts_cap) * sizeof *ref_counts);
                ref_counts_cap = cap;
            }
            n->ref_index = ++ref_counts[n->number];
        }
    }
    free(ref_counts);
    free(used.slots);
    free(used.suffix);
}
