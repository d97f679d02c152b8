/* An image is embedded as it is, so it is checked whole before it is taken:
 * a truncated PNG, JPEG or GIF would show as a broken picture (and EPUBCheck
 * calls a JPEG without a frame header corrupt), and an SVG is a document of
 * its own that must be well-formed and self-contained: no DTD (entity bombs,
 * external entities), no script, no reference to a file outside it. */
#define _GNU_SOURCE /* memmem */
#include "doc/doc_internal.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Chunks from the signature to IEND, none running past the end. */
static char *png_problem(const unsigned char *d, size_t n)
{
    size_t pos = 8;
    while (pos + 8 <= n) {
        uint32_t len = be32(d + pos);
        if (len > 0x7FFFFFFFu)
            break;
        if (!memcmp(d + pos + 4, "IEND", 4))
            return NULL;
        pos += 12 + (size_t)len;
    }
    return xstrdup("is a truncated or damaged PNG file (no IEND chunk)");
}

/* Segments up to a frame header (SOFn), then an end of image after the scan. */
static char *jpeg_problem(const unsigned char *d, size_t n)
{
    size_t pos = 2;
    bool frame = false;
    while (pos + 4 <= n && d[pos] == 0xFF) {
        unsigned marker = d[pos + 1];
        if (marker == 0xFF) { /* fill byte */
            pos++;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { /* no length */
            pos += 2;
            continue;
        }
        size_t seg = (size_t)d[pos + 2] << 8 | d[pos + 3];
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
            marker != 0xCC)
            frame = seg >= 8 && pos + 2 + seg <= n;
        if (marker == 0xDA) { /* start of scan: entropy-coded data up to EOI */
            if (frame && memmem(d + pos, n - pos, "\xFF\xD9", 2))
                return NULL;
            break;
        }
        pos += 2 + seg;
    }
    return xstrdup(frame ? "is a truncated JPEG file (no end of image)"
                         : "is a damaged JPEG file (no frame header)");
}

static bool starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* A reference an SVG may hold: to a part of itself, or data inside it. */
static bool local_ref(const char *ref)
{
    ref += strspn(ref, " \t\r\n");
    return *ref == '#' || starts_with_ci(ref, "data:");
}

/* CSS in a style attribute or element: url(…) only to the SVG itself. */
static char *css_problem(const char *css)
{
    if (strstr(css, "@import"))
        return xstrdup("loads an external stylesheet (@import)");
    for (const char *p = css; (p = strstr(p, "url(")); p += 4) {
        const char *q = p + 4 + strspn(p + 4, " \t\r\n\"'");
        if (!local_ref(q))
            return xasprintf("refers to a file outside it (%.60s)", p);
    }
    return NULL;
}

static char *node_problem(xmlDocPtr doc, xmlNodePtr n)
{
    const char *name = (const char *)n->name;
    if (n->type == XML_PI_NODE && !strcmp(name, "xml-stylesheet"))
        return xstrdup("loads an external stylesheet (<?xml-stylesheet?>)");
    if (n->type != XML_ELEMENT_NODE)
        return NULL;
    if (!strcmp(name, "script"))
        return xstrdup("holds a script");
    if (!strcmp(name, "style")) {
        xmlChar *css = xmlNodeGetContent(n);
        char *p = css ? css_problem((const char *)css) : NULL;
        xmlFree(css);
        if (p)
            return p;
    }
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        const char *an = (const char *)a->name;
        xmlChar *v = xmlNodeListGetString(doc, a->children, 1);
        const char *value = v ? (const char *)v : "";
        char *p = NULL;
        if (!strncasecmp(an, "on", 2))
            p = xasprintf("holds a script (attribute '%s')", an);
        else if ((!strcmp(an, "href") || !strcmp(an, "src")) && !local_ref(value))
            p = xasprintf("refers to a file outside it ('%.60s')", value);
        else if (!strcmp(an, "style"))
            p = css_problem(value);
        xmlFree(v);
        if (p)
            return p;
    }
    return NULL;
}

static char *svg_problem(const char *data, size_t len)
{
    /* No DTD at all: EPUB forbids external ones, and an internal subset is
     * where entity bombs and external entities live. Checked before parsing,
     * so libxml2 never sees one. */
    if (memmem(data, len, "<!DOCTYPE", 9) || memmem(data, len, "<!ENTITY", 8))
        return xstrdup("has a <!DOCTYPE> (an SVG in an EPUB may not declare a DTD or "
                       "entities); remove it");
    if (len > INT32_MAX)
        return xstrdup("is too large");
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        fprintf(stderr, "octavo: out of memory\n");
        abort();
    }
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                                          XML_PARSE_NOWARNING);
    char *problem = NULL;
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!doc || !ctxt->wellFormed || !ctxt->nsWellFormed) {
        xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
        const char *msg = e && e->message ? e->message : "malformed\n";
        problem = xasprintf("is not a well-formed SVG file (line %d: %.*s)", e ? e->line : 0,
                            (int)strcspn(msg, "\n"), msg);
    } else if (!root || strcmp((const char *)root->name, "svg") || !root->ns ||
               strcmp((const char *)root->ns->href, "http://www.w3.org/2000/svg")) {
        problem = xstrdup("is not an SVG image (its root is not an <svg> element in the "
                          "SVG namespace)");
    }
    /* every node, without recursion: siblings of the doc's children, then down */
    for (xmlNodePtr n = doc && !problem ? doc->children : NULL; n && !problem;) {
        problem = node_problem(doc, n);
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && !n->next && n->parent && n->parent->type != XML_DOCUMENT_NODE)
            n = n->parent;
        n = n ? n->next : NULL;
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return problem;
}

char *doc_image_problem(const char *real_path, const char *media_type)
{
    char *data;
    size_t len;
    const char *err;
    if (!file_read_all(real_path, &data, &len, &err))
        return xstrdup(err);
    const unsigned char *d = (const unsigned char *)data;
    char *problem = NULL;
    if (!strcmp(media_type, "image/png"))
        problem = png_problem(d, len);
    else if (!strcmp(media_type, "image/jpeg"))
        problem = jpeg_problem(d, len);
    else if (!strcmp(media_type, "image/gif"))
        problem = len >= 13 && d[len - 1] == 0x3B
                      ? NULL
                      : xstrdup("is a truncated GIF file (no trailer)");
    else if (!strcmp(media_type, "image/svg+xml"))
        problem = svg_problem(data, len);
    free(data);
    return problem;
}
