/* The finishing touch on the file Cairo wrote, as a standard incremental
 * update (new versions of four objects appended, the original bytes kept):
 *   - the pages in reading order: the chapters are drawn first, while later
 *     chapters are still being laid out, and the cover and front matter last,
 *     when the contents' page numbers are known; the page tree and the
 *     structure tree put the front matter back in front;
 *   - page labels (Cover, i, ii, … then 1, 2, …) for that order;
 *   - the document's language, bookmarks shown on opening, the title in the
 *     window bar;
 *   - dates as PDF dates: cairo 1.16 leaves out the "D:". */
#include "pdf/book.h"

#include <stdlib.h>
#include <string.h>

struct pdf_file {
    const char *data;
    size_t len;
    size_t *offsets; /* by object number */
    size_t n_objects;
    long root, info, size;
    size_t startxref;
};

static const char *find(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (hay[i] == needle[0] && !memcmp(hay + i, needle, n))
            return hay + i;
    return NULL;
}

static const char *rfind(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
        if (!memcmp(hay + i, needle, n))
            return hay + i;
    return NULL;
}

/* The number after key in s (e.g. "/Root 12 0 R"), or -1. */
static long ref_after(const char *s, const char *key)
{
    const char *p = strstr(s, key);
    if (!p)
        return -1;
    p += strlen(key);
    char *end;
    long v = strtol(p, &end, 10);
    return end == p ? -1 : v;
}

static bool parse(struct pdf_file *f)
{
    const char *tr = rfind(f->data, f->len, "trailer");
    const char *sx = rfind(f->data, f->len, "startxref");
    if (!tr || !sx)
        return false;
    char *trailer = xstrndup(tr, (size_t)(sx - tr));
    f->root = ref_after(trailer, "/Root ");
    f->info = ref_after(trailer, "/Info ");
    f->size = ref_after(trailer, "/Size ");
    free(trailer);
    f->startxref = strtoul(sx + 9, NULL, 10);
    if (f->root < 0 || f->size <= 0 || f->startxref >= f->len ||
        memcmp(f->data + f->startxref, "xref", 4) != 0)
        return false;
    /* one subsection: "xref\n0 N\n" then N entries of 20 bytes */
    const char *p = f->data + f->startxref + 4;
    while (*p == '\r' || *p == '\n')
        p++;
    char *end;
    long first = strtol(p, &end, 10);
    long count = strtol(end, &end, 10);
    if (first != 0 || count != f->size)
        return false;
    p = end;
    while (*p == '\r' || *p == '\n' || *p == ' ')
        p++;
    if ((size_t)(p - f->data) + (size_t)count * 20 > f->len)
        return false;
    f->n_objects = (size_t)count;
    f->offsets = xcalloc(f->n_objects, sizeof *f->offsets);
    for (size_t i = 0; i < f->n_objects; i++)
        f->offsets[i] = strtoul(p + i * 20, NULL, 10);
    return true;
}

/* A copy of object num's dictionary text (between "obj" and "endobj"). */
static char *object(const struct pdf_file *f, long num)
{
    if (num <= 0 || (size_t)num >= f->n_objects || f->offsets[num] >= f->len)
        return NULL;
    const char *o = f->data + f->offsets[num];
    const char *body = find(o, f->len - f->offsets[num], "obj");
    const char *end = body ? find(body, f->len - (size_t)(body - f->data), "endobj") : NULL;
    if (!body || !end)
        return NULL;
    return xstrndup(body + 3, (size_t)(end - body - 3));
}

/* Rotates the last `move` references of the array after key to its front. */
static char *rotate_refs(const char *dict, const char *key, size_t move)
{
    const char *k = strstr(dict, key);
    const char *open = k ? strchr(k, '[') : NULL;
    const char *close = open ? strchr(open, ']') : NULL;
    if (!close)
        return NULL;
    long *refs = NULL;
    size_t n = 0;
    for (const char *p = open + 1; p < close;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p)
            break;
        long g = strtol(end, &end, 10);
        while (*end == ' ')
            end++;
        if (g != 0 || *end != 'R') {
            free(refs);
            return NULL; /* not a plain list of references */
        }
        refs = xgrow(refs, n, sizeof *refs);
        refs[n++] = v;
        p = end + 1;
        while (p < close && (*p == ' ' || *p == '\n' || *p == '\r'))
            p++;
    }
    if (move > n) {
        free(refs);
        return NULL;
    }
    struct buf b = BUF_INIT;
    buf_put(&b, dict, (size_t)(open - dict) + 1);
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, " %ld 0 R", refs[(i + n - move) % n]);
    buf_puts(&b, " ");
    buf_puts(&b, close);
    free(refs);
    return buf_detach(&b, NULL);
}

static void pdf_string(struct buf *b, const char *s)
{
    buf_putc(b, '(');
    for (; *s; s++) {
        if (*s == '(' || *s == ')' || *s == '\\')
            buf_putc(b, '\\');
        buf_putc(b, *s);
    }
    buf_putc(b, ')');
}

/* Adds entries before the catalog's closing ">>". */
static char *catalog(const char *dict, const struct pdf_page_ranges *r, const char *lang)
{
    const char *end = strstr(dict, ">>");
    const char *last = NULL;
    for (const char *p = end; p; p = strstr(p + 2, ">>"))
        last = p;
    if (!last || strstr(dict, "/PageLabels"))
        return NULL;
    struct buf b = BUF_INIT;
    buf_put(&b, dict, (size_t)(last - dict));
    buf_puts(&b, "   /PageLabels << /Nums [ ");
    size_t at = 0;
    if (r->cover) {
        buf_puts(&b, "0 << /P (Cover) >> ");
        at = 1;
    }
    buf_printf(&b, "%zu << /S /r >> ", at);
    at += r->n_roman;
    if (at < r->n_pages)
        buf_printf(&b, "%zu << /S /D >> ", at);
    buf_puts(&b, "] >>\n   /PageMode /UseOutlines\n"
                 "   /ViewerPreferences << /DisplayDocTitle true >>\n");
    if (lang && *lang) {
        buf_puts(&b, "   /Lang ");
        pdf_string(&b, lang);
        buf_putc(&b, '\n');
    }
    buf_puts(&b, last);
    return buf_detach(&b, NULL);
}

/* The document information: "(20240101000000Z)" → "(D:20240101000000Z)",
 * and the PDF's ISBN (a key of its own: cairo 1.16 sets only the standard ones). */
static char *info_dict(const char *dict, const char *isbn)
{
    const char *last = NULL;
    for (const char *p = strstr(dict, ">>"); p; p = strstr(p + 2, ">>"))
        last = p;
    struct buf b = BUF_INIT;
    for (const char *p = dict; *p; p++) {
        if (p == last && isbn) {
            buf_puts(&b, "   /ISBN ");
            pdf_string(&b, isbn);
            buf_putc(&b, '\n');
        }
        buf_putc(&b, *p);
        if (*p == '(' && p[1] >= '0' && p[1] <= '9' && p > dict + 5 &&
            (!strncmp(p - 5, "Date ", 5) || !strncmp(p - 4, "Date", 4)))
            buf_puts(&b, "D:");
    }
    return buf_detach(&b, NULL);
}

bool pdf_post_update(struct buf *pdf, const struct pdf_page_ranges *r, const char *lang,
                     const char *isbn)
{
    struct pdf_file f = {.data = pdf->data, .len = pdf->len};
    char *cat = NULL, *pages = NULL, *tree = NULL, *doc = NULL, *info = NULL;
    char *new_cat = NULL, *new_pages = NULL, *new_doc = NULL, *new_info = NULL;
    bool ok = false;
    if (!parse(&f))
        goto done;
    cat = object(&f, f.root);
    long pages_num = cat ? ref_after(cat, "/Pages ") : -1;
    long tree_num = cat ? ref_after(cat, "/StructTreeRoot ") : -1;
    pages = object(&f, pages_num);
    tree = object(&f, tree_num);
    long doc_num = tree ? ref_after(strstr(tree, "/K") ? strstr(tree, "/K") : "", "[ ") : -1;
    doc = object(&f, doc_num);
    info = f.info > 0 ? object(&f, f.info) : NULL;
    if (!cat || !pages || !doc)
        goto done;
    new_cat = catalog(cat, r, lang);
    new_pages = r->n_front ? rotate_refs(pages, "/Kids", r->n_front) : xstrdup(pages);
    /* the front matter's section is the Document's last child: make it the first */
    new_doc = r->n_front ? rotate_refs(doc, "/K", 1) : xstrdup(doc);
    new_info = info ? info_dict(info, isbn) : NULL;
    if (!new_cat || !new_pages || !new_doc)
        goto done;
    struct upd {
        long num;
        const char *body;
    } objs[4] = {{f.root, new_cat}, {pages_num, new_pages}, {doc_num, new_doc},
                 {f.info, new_info}};
    size_t n_objs = new_info ? 4 : 3;
    /* sorted by number for the cross-reference sections */
    for (size_t i = 0; i < n_objs; i++)
        for (size_t j = i + 1; j < n_objs; j++)
            if (objs[j].num < objs[i].num) {
                struct upd t = objs[i];
                objs[i] = objs[j];
                objs[j] = t;
            }
    size_t offs[4];
    for (size_t i = 0; i < n_objs; i++) {
        offs[i] = pdf->len;
        buf_printf(pdf, "%ld 0 obj%s\nendobj\n", objs[i].num, objs[i].body);
    }
    size_t xref = pdf->len;
    buf_puts(pdf, "xref\n0 1\n0000000000 65535 f \n");
    for (size_t i = 0; i < n_objs; i++)
        buf_printf(pdf, "%ld 1\n%010zu 00000 n \n", objs[i].num, offs[i]);
    buf_printf(pdf, "trailer\n<< /Size %ld\n   /Root %ld 0 R\n", f.size, f.root);
    if (f.info > 0)
        buf_printf(pdf, "   /Info %ld 0 R\n", f.info);
    buf_printf(pdf, "   /Prev %zu\n>>\nstartxref\n%zu\n%%%%EOF\n", f.startxref, xref);
    ok = true;
done:
    free(f.offsets);
    free(cat);
    free(pages);
    free(tree);
    free(doc);
    free(info);
    free(new_cat);
    free(new_pages);
    free(new_doc);
    free(new_info);
    return ok;
}
