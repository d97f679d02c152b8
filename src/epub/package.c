/* The package document (EPUB 3 metadata, manifest, spine) and the NCX for
 * EPUB 2 readers, both built as libxml2 trees. */
#include "epub/internal.h"
#include "epub/xmlw.h"

#include <stdlib.h>
#include <string.h>


#define OPF_NS "http://www.idpf.org/2007/opf"
#define DC_NS "http://purl.org/dc/elements/1.1/"

struct opf {
    xmlDocPtr doc;
    xmlNodePtr meta, manifest, spine;
    xmlNsPtr dc;
};

static xmlNodePtr dc(struct opf *o, const char *name, const char *text, const char *id)
{
    xmlNodePtr n = xmlNewChild(o->meta, o->dc, (const xmlChar *)name, NULL);
    xmlw_text(n, text, strlen(text));
    if (id)
        xmlw_attr(n, "id", id);
    return n;
}

static xmlNodePtr meta(struct opf *o, const char *property, const char *text, const char *refines)
{
    xmlNodePtr n = xmlw_el_text(o->meta, "meta", text);
    if (refines)
        xmlw_attr(n, "refines", refines);
    xmlw_attr(n, "property", property);
    return n;
}

static void meta2(struct opf *o, const char *name, const char *content)
{
    xmlNodePtr n = xmlw_el(o->meta, "meta");
    xmlw_attr(n, "name", name);
    xmlw_attr(n, "content", content);
}

static void item(struct opf *o, const char *id, const char *href, const char *type,
                 const char *props)
{
    xmlNodePtr n = xmlw_el(o->manifest, "item");
    xmlw_attr(n, "id", id);
    xmlw_attr(n, "href", href);
    xmlw_attr(n, "media-type", type);
    if (props)
        xmlw_attr(n, "properties", props);
}

static void itemref(struct opf *o, const char *idref)
{
    xmlw_attr(xmlw_el(o->spine, "itemref"), "idref", idref);
}

static void a11y_metadata(struct opf *o, const struct epub_ctx *c)
{
    const struct doc_book *b = c->book;
    bool images = false;
    for (size_t i = 0; i < b->n_images; i++)
        images |= !b->images[i]->is_cover;
    meta(o, "schema:accessMode", "textual", NULL);
    if (images)
        meta(o, "schema:accessMode", "visual", NULL);
    if (!images || b->all_images_have_alt)
        meta(o, "schema:accessModeSufficient", "textual", NULL);
    if (images)
        meta(o, "schema:accessModeSufficient", "textual,visual", NULL);
    meta(o, "schema:accessibilityFeature", "structuralNavigation", NULL);
    meta(o, "schema:accessibilityFeature", "tableOfContents", NULL);
    meta(o, "schema:accessibilityFeature", "readingOrder", NULL);
    meta(o, "schema:accessibilityFeature", "displayTransformability", NULL);
    if (c->n_pages) {
        meta(o, "schema:accessibilityFeature", "printPageNumbers", NULL);
        meta(o, "schema:accessibilityFeature", "pageNavigation", NULL);
    }
    if (images && b->all_images_have_alt)
        meta(o, "schema:accessibilityFeature", "alternativeText", NULL);
    meta(o, "schema:accessibilityHazard", "none", NULL);
    struct buf sum = BUF_INIT;
    buf_puts(&sum, "This publication has a navigable table of contents, structured headings "
                   "and a logical reading order; its text can be restyled by the reader.");
    if (images)
        buf_puts(&sum, b->all_images_have_alt
                           ? " Every image has a text alternative."
                           : " Some images have no text alternative.");
    buf_puts(&sum, " Code samples are text, not images. It has no known hazards.");
    meta(o, "schema:accessibilitySummary", buf_cstr(&sum), NULL);
    buf_free(&sum);
    if (!images || b->all_images_have_alt) {
        meta(o, "dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA", NULL);
        meta(o, "a11y:certifiedBy", "octavo (automated checks)", NULL);
    }
}

char *epub_opf(const struct epub_ctx *c, size_t *len)
{
    const struct series *s = c->s;
    const struct doc_book *b = c->book;
    struct opf o = {0};
    o.doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr pkg = xmlNewDocNode(o.doc, NULL, (const xmlChar *)"package", NULL);
    xmlDocSetRootElement(o.doc, pkg);
    xmlNsPtr ns = xmlNewNs(pkg, (const xmlChar *)OPF_NS, NULL);
    xmlSetNs(pkg, ns);
    xmlw_attr(pkg, "version", "3.0");
    xmlw_attr(pkg, "unique-identifier", "bookid");
    xmlSetNsProp(pkg, xmlSearchNsByHref(o.doc, pkg, (const xmlChar *)XML_XML_NAMESPACE),
                 (const xmlChar *)"lang", (const xmlChar *)s->language);
    o.meta = xmlw_el(pkg, "metadata");
    o.dc = xmlNewNs(o.meta, (const xmlChar *)DC_NS, (const xmlChar *)"dc");

    dc(&o, "identifier", s->identifier, "bookid");
    /* the EPUB's own ISBN beside the identifier that never changes */
    if (s->isbn_epub.digits) {
        char *urn = xasprintf("urn:isbn:%s", s->isbn_epub.digits);
        dc(&o, "identifier", urn, "isbn");
        free(urn);
        /* ONIX code list 5: 15 is an ISBN-13, 02 an ISBN-10 */
        const char *type = strlen(s->isbn_epub.digits) == 13 ? "15" : "02";
        xmlw_attr(meta(&o, "identifier-type", type, "#isbn"), "scheme", "onix:codelist5");
    }
    dc(&o, "title", s->title, "title");
    meta(&o, "title-type", "main", "#title");
    if (s->subtitle) {
        dc(&o, "title", s->subtitle, "subtitle");
        meta(&o, "title-type", "subtitle", "#subtitle");
    }
    for (size_t i = 0; i < s->n_authors; i++) {
        char id[32];
        snprintf(id, sizeof id, "creator%zu", i + 1);
        char ref[40];
        snprintf(ref, sizeof ref, "#%s", id);
        dc(&o, "creator", s->authors[i], id);
        xmlw_attr(meta(&o, "role", "aut", ref), "scheme", "marc:relators");
    }
    dc(&o, "language", s->language, NULL);
    dc(&o, "date", c->date, NULL);
    meta(&o, "dcterms:modified", c->modified, NULL);
    if (s->publisher)
        dc(&o, "publisher", s->publisher, NULL);
    if (s->rights)
        dc(&o, "rights", s->rights, NULL);
    if (s->description)
        dc(&o, "description", s->description, NULL);
    for (size_t i = 0; i < s->n_tags; i++)
        dc(&o, "subject", s->tags[i], NULL);
    meta(&o, "schema:bookEdition", s->edition, NULL);
    if (c->n_pages) {
        /* the page markers are the print edition's: name it as their source */
        dc(&o, "source", c->page_source ? c->page_source : "print edition", "pagination-source");
        meta(&o, "source-of", "pagination", "#pagination-source");
    }
    if (s->level)
        meta(&o, "schema:educationalLevel", s->level, NULL);
    /* The series the author named, as an EPUB 3 collection and in Calibre's
     * terms (read by Calibre, Kobo and KOReader); a book in no series says nothing. */
    if (s->member_of.name) {
        xmlw_attr(meta(&o, "belongs-to-collection", s->member_of.name, NULL), "id", "series");
        meta(&o, "collection-type", "series", "#series");
        if (s->member_of.position)
            meta(&o, "group-position", s->member_of.position, "#series");
        meta2(&o, "calibre:series", s->member_of.name);
        if (s->member_of.position)
            meta2(&o, "calibre:series_index", s->member_of.position);
    }
    if (b->cover_image >= 0)
        meta2(&o, "cover", "cover-image");
    a11y_metadata(&o, c);
    meta(&o, "schema:creator", "octavo " OCTAVO_VERSION, NULL);

    o.manifest = xmlw_el(pkg, "manifest");
    item(&o, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
    item(&o, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
    item(&o, "css", "css/book.css", "text/css", NULL);
    if (b->cover_image >= 0)
        item(&o, "cover", "cover.xhtml", "application/xhtml+xml", NULL);
    item(&o, "titlepage", "titlepage.xhtml", "application/xhtml+xml", NULL);
    for (size_t i = 0; i < s->n_chapters; i++) {
        char *id = epub_chapter_id(s, i);
        char *name = epub_chapter_name(s, i);
        item(&o, id, name, "application/xhtml+xml", NULL);
        free(name);
        free(id);
    }
    item(&o, "colophon", "colophon.xhtml", "application/xhtml+xml", NULL);
    for (size_t i = 0; i < b->n_images; i++) {
        const struct doc_image *img = c->images[i];
        /* named from the image's book name ("images/fig-1a2b3c4d.svg", made of
         * [A-Za-z0-9_.-] and unique), as chapters are: the same in every edition */
        const char *base = strrchr(img->book_name, '/');
        base = base ? base + 1 : img->book_name;
        char *id = img->is_cover ? xstrdup("cover-image") : xasprintf("img-%s", base);
        item(&o, id, img->book_name, img->media_type, img->is_cover ? "cover-image" : NULL);
        free(id);
    }
    for (size_t i = 0; i < c->n_fonts; i++) {
        char id[32];
        snprintf(id, sizeof id, "font%zu", i + 1);
        char *href = xasprintf("fonts/%s", c->fonts[i].file_name);
        item(&o, id, href, "font/ttf", NULL);
        free(href);
    }

    o.spine = xmlw_el(pkg, "spine");
    xmlw_attr(o.spine, "toc", "ncx");
    if (b->cover_image >= 0)
        itemref(&o, "cover");
    itemref(&o, "titlepage");
    itemref(&o, "nav");
    for (size_t i = 0; i < s->n_chapters; i++) {
        char *id = epub_chapter_id(s, i);
        itemref(&o, id);
        free(id);
    }
    itemref(&o, "colophon");
    char *out = xmlw_dump(o.doc, len);
    xmlFreeDoc(o.doc);
    return out;
}

static int nav_point(xmlNodePtr parent, int *order, const char *label, const char *src)
{
    xmlNodePtr np = xmlw_el(parent, "navPoint");
    char id[32], po[16];
    snprintf(id, sizeof id, "np%d", *order);
    snprintf(po, sizeof po, "%d", *order);
    (*order)++;
    xmlw_attr(np, "id", id);
    xmlw_attr(np, "playOrder", po);
    xmlw_el_text(xmlw_el(np, "navLabel"), "text", label);
    xmlw_attr(xmlw_el(np, "content"), "src", src);
    (void)np;
    return 0;
}

char *epub_ncx(const struct epub_ctx *c, size_t *len)
{
    const struct series *s = c->s;
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr ncx = xmlNewDocNode(doc, NULL, (const xmlChar *)"ncx", NULL);
    xmlDocSetRootElement(doc, ncx);
    xmlSetNs(ncx, xmlNewNs(ncx, (const xmlChar *)"http://www.daisy.org/z3986/2005/ncx/", NULL));
    xmlw_attr(ncx, "version", "2005-1");
    xmlSetNsProp(ncx, xmlSearchNsByHref(doc, ncx, (const xmlChar *)XML_XML_NAMESPACE),
                 (const xmlChar *)"lang", (const xmlChar *)s->language);
    xmlNodePtr head = xmlw_el(ncx, "head");
    const char *metas[][2] = {{"dtb:uid", s->identifier},
                              {"dtb:depth", "2"},
                              {"dtb:totalPageCount", "0"},
                              {"dtb:maxPageNumber", "0"}};
    for (size_t i = 0; i < 4; i++) {
        xmlNodePtr m = xmlw_el(head, "meta");
        xmlw_attr(m, "name", metas[i][0]);
        xmlw_attr(m, "content", metas[i][1]);
    }
    xmlw_el_text(xmlw_el(ncx, "docTitle"), "text", s->title);
    xmlNodePtr map = xmlw_el(ncx, "navMap");
    int order = 1;
    /* Kindle reads at most two levels: chapters and their H2 sections. */
    for (size_t i = 0; i < s->n_chapters; i++) {
        const struct doc_chapter_info *info = &c->book->chapters[i];
        char *file = epub_chapter_name(s, i);
        nav_point(map, &order, info->title, file);
        xmlNodePtr np = map->last;
        for (size_t h = 0; h < info->n_headings; h++) {
            if (info->headings[h].level != 2)
                continue;
            char *src = xasprintf("%s#%s", file, info->headings[h].id);
            nav_point(np, &order, info->headings[h].text, src);
            free(src);
        }
        free(file);
    }
    nav_point(map, &order, doc_label(c->s->language, DOC_LABEL_COLOPHON), "colophon.xhtml");
    char *out = xmlw_dump(doc, len);
    xmlFreeDoc(doc);
    return out;
}
