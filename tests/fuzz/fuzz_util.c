/* Helpers shared by the fuzz harnesses (see fuzz.h). */
#define _GNU_SOURCE /* memmem, strcasestr */
#include "build/build.h"
#include "fuzz.h"

#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <libxml/parser.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc/doc.h"

/* tests/golden/book/images/dot.png: a 4×4 PNG. */
static const unsigned char dot_png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x04, 0x08, 0x02, 0x00, 0x00, 0x00, 0x26,
    0x93, 0x09, 0x29, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xf8,
    0xcf, 0xc0, 0x00, 0x47, 0x0c, 0xc4, 0x71, 0x00, 0xae, 0x93, 0x0f, 0xf1, 0x38, 0x5e, 0x8c,
    0x11, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};
static const char square_svg[] =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\" "
    "viewBox=\"0 0 100 100\"><title>A square</title><rect x=\"10\" y=\"10\" width=\"80\" "
    "height=\"80\" fill=\"#336699\"/></svg>\n";

void fuzz_init(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    /* ZIP entries carry local time, as in main(). */
    setenv("TZ", "UTC", 1);
    build_init();
}

size_t fuzz_split(const uint8_t *data, size_t size, const char **parts, size_t *lens, size_t max)
{
    const char *p = (const char *)data, *end = p + size;
    const size_t sep_len = strlen(FUZZ_SEPARATOR);
    size_t n = 0;
    while (n + 1 < max) {
        const char *sep = memmem(p, (size_t)(end - p), FUZZ_SEPARATOR, sep_len);
        if (!sep)
            break;
        parts[n] = p;
        lens[n++] = (size_t)(sep - p);
        p = sep + sep_len;
    }
    parts[n] = p;
    lens[n++] = (size_t)(end - p);
    return n;
}

static bool write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

static void must(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz: cannot set up %s: %s\n", what, strerror(errno));
        abort();
    }
}

void fuzz_dir_new(struct fuzz_dir *d)
{
    /* tmpfs when there is one: a folder per input costs microseconds there */
    struct stat st;
    const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
    char *tmpl = xasprintf("%s/octavo-fuzz-XXXXXX", base);
    must(mkdtemp(tmpl) != NULL, tmpl);
    d->root = realpath(tmpl, NULL);
    free(tmpl);
    must(d->root != NULL, "the fuzz folder");
    d->series = path_join(d->root, "book");
    char *p;
    must(mkdir(d->series, 0777) == 0, "the series folder");
    p = path_join(d->root, "book-private");
    must(mkdir(p, 0777) == 0, p);
    free(p);
    p = path_join(d->root, "secret.png");
    must(write_file(p, dot_png, sizeof dot_png), p);
    free(p);
    p = path_join(d->root, "book-private/secret.png");
    must(write_file(p, dot_png, sizeof dot_png), p);
    free(p);
    must(fuzz_write(d, "images/dot.png", dot_png, sizeof dot_png), "images/dot.png");
    must(fuzz_write(d, "images/square.svg", square_svg, strlen(square_svg)), "square.svg");
    p = path_join(d->series, "images/link.png");
    must(symlink("../../secret.png", p) == 0, p);
    free(p);
    p = path_join(d->series, "out");
    must(symlink("../book-private", p) == 0, p);
    free(p);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

void fuzz_dir_free(struct fuzz_dir *d)
{
    if (d->root)
        nftw(d->root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(d->root);
    free(d->series);
    d->root = d->series = NULL;
}

bool fuzz_write(const struct fuzz_dir *d, const char *rel, const void *data, size_t len)
{
    char *path = path_join(d->series, rel);
    char *slash = strrchr(path, '/');
    if (slash > path + strlen(d->series)) {
        *slash = '\0';
        mkdir(path, 0777);
        *slash = '/';
    }
    bool ok = write_file(path, data, len);
    free(path);
    return ok;
}

void fuzz_check_xml(const char *what, const char *data, size_t len)
{
    if (len > INT_MAX) {
        fprintf(stderr, "fuzz: %s: %zu bytes of XML\n", what, len);
        abort();
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        abort();
    /* No XML_PARSE_HUGE: a reader built on libxml2 refuses a tree deeper than
     * 256 elements, so octavo must not write one. */
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, what, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    bool ok = doc && ctxt->wellFormed && ctxt->nsWellFormed;
    if (!ok) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        fprintf(stderr, "fuzz: %s is not well-formed XML: line %d: %s\n", what, e ? e->line : 0,
                e && e->message ? e->message : "(no message)\n");
        fprintf(stderr, "--- %s (first 2000 bytes):\n%.*s\n---\n", what,
                (int)(len < 2000 ? len : 2000), data);
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    if (!ok)
        abort();
}

void fuzz_check_inside(const char *what, const char *path, const char *inside)
{
    size_t n = strlen(inside);
    if (strncmp(path, inside, n) != 0 || path[n] != '/') {
        fprintf(stderr, "fuzz: %s '%s' is outside '%s'\n", what, path, inside);
        abort();
    }
}

/* The oracle's own, naive reading of what an embedded SVG must not hold,
 * written apart from src/doc/svg_check.c so that a hole in one is not a hole
 * in both: no element that runs or loads, no handler, no href to anything but
 * a fragment (or a raster data: URI on <image>), no url( to anything but a
 * fragment in any attribute or <style>, in any letter case. */
static bool svg_value_external(const char *v)
{
    size_t n = strlen(v);
    char *low = malloc(n + 1);
    if (!low)
        abort();
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)tolower((unsigned char)v[i]);
    bool bad = strstr(low, "javascript:") != NULL;
    for (const char *p = low; !bad && (p = strstr(p, "url(")); p += 4) {
        const char *q = p + 4 + strspn(p + 4, " \t\r\n\f\"'");
        bad = *q != '#';
    }
    free(low);
    return bad;
}

static bool svg_raster_data(const char *v)
{
    return !strncmp(v, "data:image/png;base64,", 22) || !strncmp(v, "data:image/jpeg;base64,", 23) ||
           !strncmp(v, "data:image/gif;base64,", 22);
}

void fuzz_check_svg(const char *what, const char *data, size_t len)
{
    static const char *const banned[] = {"script", "foreignobject", "iframe", "object", "embed",
                                         "feimage", "handler", "listener", "tref", "cursor",
                                         NULL};
    xmlDocPtr doc = xmlReadMemory(data, (int)len, what, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        return; /* fuzz_check_xml says why */
    const char *problem = NULL;
    char *value = NULL;
    for (xmlNodePtr n = xmlDocGetRootElement(doc); n && !problem;) {
        if (n->type == XML_ELEMENT_NODE) {
            for (const char *const *b = banned; *b && !problem; b++)
                if (!strcasecmp((const char *)n->name, *b))
                    problem = "an element that runs or loads";
            if (!problem && !strcasecmp((const char *)n->name, "style")) {
                free(value);
                value = (char *)xmlNodeGetContent(n);
                if (value && svg_value_external(value))
                    problem = "a <style> that refers outside";
            }
            for (xmlAttrPtr a = n->properties; a && !problem; a = a->next) {
                free(value);
                value = (char *)xmlNodeListGetString(doc, a->children, 1);
                const char *v = value ? value : "";
                const char *an = (const char *)a->name;
                if (!strncasecmp(an, "on", 2))
                    problem = "an event handler";
                else if (!strcasecmp(an, "href") && v[0] != '#' &&
                         !(!strcmp((const char *)n->name, "image") && svg_raster_data(v)))
                    problem = "an href to something outside it";
                else if (!strcasecmp(an, "base"))
                    problem = "xml:base";
                else if (!strcasecmp(an, "attributeName") && strcasestr(v, "href"))
                    problem = "an animation of an href";
                else if (svg_value_external(v))
                    problem = "a url( to something outside it";
            }
            if (!problem && n->children) {
                n = n->children;
                continue;
            }
        }
        while (n && !n->next && n->parent && n->parent->type != XML_DOCUMENT_NODE)
            n = n->parent;
        n = n ? n->next : NULL;
    }
    if (problem) {
        fprintf(stderr, "fuzz: %s holds %s (%.200s)\n", what, problem, value ? value : "");
        fprintf(stderr, "--- %s (first 2000 bytes):\n%.*s\n---\n", what,
                (int)(len < 2000 ? len : 2000), data);
        abort();
    }
    free(value);
    xmlFreeDoc(doc);
}

void fuzz_check_pdf(const char *bytes, size_t len, const struct doc_page_start *ps, size_t n,
                    size_t n_chapters)
{
    if (len < 16 || memcmp(bytes, "%PDF-", 5) != 0) {
        fprintf(stderr, "fuzz: the PDF does not start with %%PDF-\n");
        abort();
    }
    /* The trailer's %%EOF, followed by at most an end of line. */
    size_t tail = len - 5;
    while (tail > len - 8 && memcmp(bytes + tail, "%%EOF", 5) != 0)
        tail--;
    if (memcmp(bytes + tail, "%%EOF", 5) != 0) {
        fprintf(stderr, "fuzz: the PDF does not end with %%%%EOF\n");
        abort();
    }
    if (n == 0) {
        fprintf(stderr, "fuzz: the PDF has no page\n");
        abort();
    }
    int last = -1;
    for (size_t i = 0; i < n; i++) {
        if (ps[i].chapter < -1 || ps[i].chapter >= (int)n_chapters || ps[i].chapter < last ||
            !ps[i].label[0] || !memchr(ps[i].label, '\0', sizeof ps[i].label)) {
            fprintf(stderr, "fuzz: page %zu: chapter %d after %d, label '%.16s'\n", i,
                    ps[i].chapter, last, ps[i].label);
            abort();
        }
        last = ps[i].chapter;
    }
    if (last != (int)n_chapters - 1) {
        fprintf(stderr, "fuzz: the last page belongs to chapter %d of %zu\n", last, n_chapters);
        abort();
    }
}
