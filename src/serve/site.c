/* What the preview serves, as immutable snapshots: the files of the EPUB the
 * pipeline built in memory (unzipped as they are), or a single file such as
 * the PDF. A rebuild makes a new snapshot and swaps it in; requests in flight
 * keep theirs by reference. */
#include "serve/serve.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct serve_site {
    atomic_int refs;
    struct serve_file *files; /* sorted by path */
    size_t n;
    char *nav, *start; /* paths inside the site, or NULL */
};

static const struct {
    const char *ext, *type;
} content_types[] = {
    {".xhtml", "application/xhtml+xml; charset=utf-8"},
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ttf", "font/ttf"},
    {".otf", "font/otf"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".pdf", "application/pdf"},
    {".opf", "application/oebps-package+xml"},
    {".ncx", "application/x-dtbncx+xml"},
    {".xml", "application/xml"},
};

const char *serve_content_type(const char *path)
{
    for (size_t i = 0; i < sizeof content_types / sizeof content_types[0]; i++)
        if (str_ends_with(path, content_types[i].ext))
            return content_types[i].type;
    return "application/octet-stream";
}

static int file_cmp(const void *a, const void *b)
{
    return strcmp(((const struct serve_file *)a)->path, ((const struct serve_file *)b)->path);
}

static struct serve_site *site_new(void)
{
    struct serve_site *site = xcalloc(1, sizeof *site);
    atomic_init(&site->refs, 1);
    return site;
}

/* FNV-1a, 64 bits: an entity tag, not a security check. */
static uint64_t fnv1a(const char *data, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)data[i]) * 0x100000001b3ULL;
    return h;
}

static void site_add(struct serve_site *site, char *path, char *data, size_t len)
{
    site->files = xgrow(site->files, site->n, sizeof *site->files);
    struct serve_file *f = &site->files[site->n++];
    *f = (struct serve_file){.path = path, .data = data, .len = len, .type = serve_content_type(path)};
    snprintf(f->etag, sizeof f->etag, "\"%016llx\"", (unsigned long long)fnv1a(data, len));
}

/* An XML document of the site (container.xml, the OPF), parsed without
 * touching the network or expanding entities. Caller frees. */
static xmlDoc *site_xml(const struct serve_site *site, const char *path)
{
    const struct serve_file *f = serve_site_find(site, path);
    if (!f || f->len > (size_t)INT32_MAX)
        return NULL;
    return xmlReadMemory(f->data, (int)f->len, path, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static xmlNode *first_element(xmlNode *n, const char *name)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)n->name, name))
            return n;
        xmlNode *in = first_element(n->children, name);
        if (in)
            return in;
    }
    return NULL;
}

static char *attr(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = v ? xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

/* The OPF's folder joined with a manifest href. Caller frees. */
static char *opf_relative(const char *opf_path, const char *href)
{
    const char *slash = strrchr(opf_path, '/');
    return slash ? xasprintf("%.*s/%s", (int)(slash - opf_path), opf_path, href) : xstrdup(href);
}

/* From META-INF/container.xml and the OPF: the navigation document and the
 * first page of the reading order. */
static void site_find_nav_and_start(struct serve_site *site)
{
    xmlDoc *container = site_xml(site, "META-INF/container.xml");
    xmlNode *rootfile = container ? first_element(xmlDocGetRootElement(container), "rootfile")
                                  : NULL;
    char *opf_path = rootfile ? attr(rootfile, "full-path") : NULL;
    xmlFreeDoc(container);
    xmlDoc *opf = opf_path ? site_xml(site, opf_path) : NULL;
    xmlNode *root = opf ? xmlDocGetRootElement(opf) : NULL;
    xmlNode *manifest = root ? first_element(root, "manifest") : NULL;
    xmlNode *spine = root ? first_element(root, "spine") : NULL;
    char *first_id = NULL;
    for (xmlNode *n = spine ? spine->children : NULL; n && !first_id; n = n->next)
        if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "itemref"))
            first_id = attr(n, "idref");
    for (xmlNode *n = manifest ? manifest->children : NULL; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "item"))
            continue;
        char *id = attr(n, "id"), *href = attr(n, "href"), *props = attr(n, "properties");
        if (href && props && strstr(props, "nav") && !site->nav)
            site->nav = opf_relative(opf_path, href);
        if (href && id && first_id && !strcmp(id, first_id) && !site->start)
            site->start = opf_relative(opf_path, href);
        free(id);
        free(href);
        free(props);
    }
    free(first_id);
    free(opf_path);
    xmlFreeDoc(opf);
}

struct serve_site *serve_site_from_epub(const char *bytes, size_t len, const char **err_out)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (!za) {
        if (src)
            zip_source_free(src);
        zip_error_fini(&ze);
        *err_out = "the EPUB could not be opened as a ZIP archive";
        return NULL;
    }
    zip_error_fini(&ze);
    struct serve_site *site = site_new();
    zip_int64_t n = zip_get_num_entries(za, 0);
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t st;
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
            !(st.valid & ZIP_STAT_NAME) || str_ends_with(st.name, "/"))
            continue;
        zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
        if (!zf)
            continue;
        char *data = xmalloc((size_t)st.size + 1);
        zip_int64_t got = zip_fread(zf, data, st.size);
        zip_fclose(zf);
        if (got != (zip_int64_t)st.size) {
            free(data);
            continue;
        }
        data[st.size] = '\0';
        site_add(site, xstrdup(st.name), data, (size_t)st.size);
    }
    zip_close(za); /* also frees the source; the bytes stay the caller's */
    qsort(site->files, site->n, sizeof *site->files, file_cmp);
    site_find_nav_and_start(site);
    return site;
}

struct serve_site *serve_site_single(const char *path, char *data, size_t len, const char *type)
{
    struct serve_site *site = site_new();
    site_add(site, xstrdup(path), data, len);
    if (type)
        site->files[0].type = type;
    return site;
}

const struct serve_file *serve_site_find(const struct serve_site *site, const char *path)
{
    if (!site)
        return NULL;
    struct serve_file key = {.path = (char *)path};
    return bsearch(&key, site->files, site->n, sizeof *site->files, file_cmp);
}

const char *serve_site_nav(const struct serve_site *site)
{
    return site ? site->nav : NULL;
}

const char *serve_site_start(const struct serve_site *site)
{
    return site ? site->start : NULL;
}

void serve_site_ref(struct serve_site *site)
{
    atomic_fetch_add(&site->refs, 1);
}

void serve_site_unref(struct serve_site *site)
{
    if (!site || atomic_fetch_sub(&site->refs, 1) != 1)
        return;
    for (size_t i = 0; i < site->n; i++) {
        free(site->files[i].path);
        free(site->files[i].data);
    }
    free(site->files);
    free(site->nav);
    free(site->start);
    free(site);
}
