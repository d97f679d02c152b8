/* An SVG is embedded byte for byte, so it is taken only when an allow-list
 * pass finds nothing but drawing in it: elements, attributes and CSS octavo
 * knows to be inert, and references only to parts of itself. Anything else
 * (a script, an event handler, <foreignObject>, an animation that rewrites a
 * link, a url(…) to another file however it is spelled, a data: document
 * inside) refuses the image with an error: dropping it silently would change
 * the picture the author drew. */
#define _GNU_SOURCE /* memmem */
#include "doc/doc_internal.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SVG_NS "http://www.w3.org/2000/svg"
#define XLINK_NS "http://www.w3.org/1999/xlink"
#define XML_NS "http://www.w3.org/XML/1998/namespace"
/* how much of an offending value a message quotes */
#define SVG_QUOTE_MAX 60

/* Elements that draw, group, define paint servers and filters, or describe. */
static const char *const svg_elements[] = {
    "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "switch", "a", "view",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
    "textPath", "image", "style", "linearGradient", "radialGradient", "stop", "pattern",
    "clipPath", "mask", "marker", "filter", "feBlend", "feColorMatrix", "feComponentTransfer",
    "feComposite", "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap",
    "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
    "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
    /* animation: allowed, but what it animates is checked (svg_animation_problem) */
    "animate", "animateMotion", "animateTransform", "set", "mpath", NULL,
};

/* Attributes without a namespace: geometry, presentation, paint servers,
 * filters, text, animation timing, accessibility. Not href (checked on its
 * own), not on* (script), not anything that loads. */
static const char *const svg_attributes[] = {
    "id", "class", "style", "transform", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r",
    "rx", "ry", "fx", "fy", "fr", "width", "height", "d", "points", "pathLength", "viewBox",
    "preserveAspectRatio", "version", "baseProfile", "fill", "fill-opacity", "fill-rule",
    "stroke", "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "opacity", "color",
    "display", "visibility", "overflow", "clip", "clip-path", "clip-rule", "clipPathUnits",
    "mask", "maskUnits", "maskContentUnits", "filter", "filterUnits", "primitiveUnits",
    "marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight", "markerUnits",
    "refX", "refY", "orient", "font", "font-family", "font-size", "font-size-adjust",
    "font-weight", "font-style", "font-variant", "font-stretch", "text-anchor",
    "dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing",
    "word-spacing", "text-decoration", "writing-mode", "direction", "unicode-bidi", "dx", "dy",
    "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side",
    "gradientUnits", "gradientTransform", "spreadMethod", "offset", "stop-color",
    "stop-opacity", "patternUnits", "patternContentUnits", "patternTransform", "in", "in2",
    "result", "stdDeviation", "type", "values", "mode", "operator", "k1", "k2", "k3", "k4",
    "flood-color", "flood-opacity", "lighting-color", "surfaceScale", "diffuseConstant",
    "specularConstant", "specularExponent", "kernelMatrix", "kernelUnitLength", "order",
    "divisor", "bias", "targetX", "targetY", "edgeMode", "preserveAlpha", "scale",
    "xChannelSelector", "yChannelSelector", "baseFrequency", "numOctaves", "seed",
    "stitchTiles", "radius", "azimuth", "elevation", "pointsAtX", "pointsAtY", "pointsAtZ",
    "limitingConeAngle", "tableValues", "slope", "intercept", "amplitude", "exponent",
    "color-interpolation", "color-interpolation-filters", "color-rendering",
    "shape-rendering", "text-rendering", "image-rendering", "vector-effect", "paint-order",
    "mix-blend-mode", "isolation", "enable-background", "media", "lang", "systemLanguage",
    "requiredFeatures", "role", "focusable", "zoomAndPan", "viewTarget",
    /* animation targets and timing */
    "attributeName", "attributeType", "begin", "dur", "end", "repeatCount", "repeatDur",
    "from", "to", "by", "keyTimes", "keySplines", "keyPoints", "calcMode", "additive",
    "accumulate", "restart", "min", "max", "path", NULL,
};

/* Attributes that hold prose or names, never CSS: not searched for functions. */
static const char *const svg_text_attributes[] = {
    "id", "class", "lang", "systemLanguage", "role", "media", "font-family", "font",
    "requiredFeatures", "attributeName", "begin", "end", NULL,
};

/* CSS functions that compute a value; url() is checked on its own. */
static const char *const css_functions[] = {
    "rgb", "rgba", "hsl", "hsla", "calc", "min", "max", "clamp", "translate", "translatex",
    "translatey", "rotate", "scale", "scalex", "scaley", "matrix", "skew", "skewx", "skewy",
    "cubic-bezier", "steps", "blur", "drop-shadow", "brightness", "contrast", "grayscale",
    "saturate", "sepia", "opacity", "hue-rotate", "invert", "var", "rect", "inset", "circle",
    "ellipse", "polygon", "url",
    /* selectors in a <style> element */
    "not", "is", "where", "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type",
    "lang", NULL,
};

/* Animation may change presentation, never where something points or what runs. */
static const char *const animation_elements[] = {
    "animate", "animateMotion", "animateTransform", "set", NULL,
};

static bool in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (!strcmp(*list, s))
            return true;
    return false;
}

/* CSS as a browser reads it: comments gone, escapes (\75 rl, \u, \000075)
 * decoded, letters lowered. Only for checking: the SVG is embedded as it is. */
static char *css_normalise(const char *css)
{
    struct buf b = BUF_INIT;
    for (const char *p = css; *p;) {
        if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
            buf_putc(&b, ' ');
            continue;
        }
        if (*p == '\\' && p[1]) {
            p++;
            if (isxdigit((unsigned char)*p)) {
                unsigned long cp = 0;
                for (int k = 0; k < 6 && isxdigit((unsigned char)*p); k++, p++)
                    cp = cp * 16 + (unsigned long)(isdigit((unsigned char)*p)
                                                       ? *p - '0'
                                                       : tolower((unsigned char)*p) - 'a' + 10);
                if (*p == ' ' || *p == '\t' || *p == '\n')
                    p++;
                /* what matters here is ASCII; anything else stands as one byte */
                buf_putc(&b, cp > 0 && cp < 0x80 ? (char)tolower((int)cp) : '?');
            } else if (*p != '\n') {
                buf_putc(&b, (char)tolower((unsigned char)*p++));
            } else {
                p++;
            }
            continue;
        }
        buf_putc(&b, (char)tolower((unsigned char)*p++));
    }
    return buf_detach(&b, NULL);
}

/* A url() target that stays inside the SVG: a fragment of it. */
static bool local_fragment(const char *s, size_t len)
{
    while (len && strchr(" \t\r\n\f\"'", *s)) {
        s++;
        len--;
    }
    return len > 0 && *s == '#';
}

/* Why CSS text (a style element, a style attribute, a presentation value)
 * may not be embedded, or NULL. Every function must be one that computes a
 * value, every url() must point into the SVG, and no at-rule but @media and
 * @keyframes (no @import, @font-face, @namespace). */
static char *css_problem(const char *css, const char *where)
{
    char *n = css_normalise(css);
    char *problem = NULL;
    for (char *at = strchr(n, '@'); at && !problem; at = strchr(at + 1, '@')) {
        size_t len = strspn(at + 1, "abcdefghijklmnopqrstuvwxyz-");
        if (len == 6 && !strncmp(at + 1, "import", 6))
            problem = xasprintf("loads an external stylesheet (@import in %s)", where);
        else if (!((len == 5 && !strncmp(at + 1, "media", 5)) ||
                   (len == 9 && !strncmp(at + 1, "keyframes", 9))))
            problem = xasprintf("has a CSS rule '@%.*s' in %s (only @media and @keyframes)",
                                (int)(len < 40 ? len : 40), at + 1, where);
    }
    for (char *p = strchr(n, '('); p && !problem; p = strchr(p + 1, '(')) {
        char *start = p;
        while (start > n && (isalnum((unsigned char)start[-1]) || start[-1] == '-' ||
                             start[-1] == '_'))
            start--;
        char name[32];
        size_t len = (size_t)(p - start);
        if (len == 0)
            continue; /* a bracket, not a function */
        snprintf(name, sizeof name, "%.*s", (int)len, start);
        if (len >= sizeof name || !in_list(css_functions, name)) {
            problem = xasprintf("uses the CSS function '%.20s()' in %s", name, where);
        } else if (!strcmp(name, "url")) {
            char *close = strchr(p, ')');
            size_t arg = close ? (size_t)(close - p - 1) : strlen(p + 1);
            if (!local_fragment(p + 1, arg))
                problem = xasprintf("refers to something outside it (url(%.*s) in %s)",
                                    (int)(arg < SVG_QUOTE_MAX ? arg : SVG_QUOTE_MAX), p + 1,
                                    where);
        }
    }
    /* old engines' ways to run code from CSS, with or without brackets */
    if (!problem && (strstr(n, "javascript:") || strstr(n, "-moz-binding") ||
                     strstr(n, "behavior:") || strstr(n, "behavior :")))
        problem = xasprintf("has CSS that can run code in %s", where);
    free(n);
    return problem;
}

static bool base64_byte(char c, unsigned *v)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = c ? strchr(alphabet, c) : NULL;
    if (p)
        *v = (unsigned)(p - alphabet);
    return p != NULL;
}

/* An <image>'s data: URI that holds a PNG, JPEG or GIF and nothing else:
 * its declared type and its first bytes agree (gdk-pixbuf and readers sniff
 * the bytes, so a data:image/png holding an SVG would be read as an SVG). */
static bool data_raster(const char *ref)
{
    static const struct {
        const char *prefix;
        const char *magic;
        size_t n;
    } kinds[] = {
        {"data:image/png;base64,", "\x89PNG\r\n\x1a\n", 8},
        {"data:image/jpeg;base64,", "\xFF\xD8\xFF", 3},
        {"data:image/gif;base64,", "GIF8", 4},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        size_t pl = strlen(kinds[k].prefix);
        if (strncasecmp(ref, kinds[k].prefix, pl))
            continue;
        const char *b = ref + pl;
        unsigned char head[12];
        size_t got = 0;
        unsigned acc = 0;
        int bits = 0;
        for (; *b && got < sizeof head; b++) {
            unsigned v;
            if (strchr(" \t\r\n", *b))
                continue;
            if (!base64_byte(*b, &v))
                return false;
            acc = acc << 6 | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                head[got++] = (unsigned char)(acc >> bits);
            }
        }
        return got >= kinds[k].n && !memcmp(head, kinds[k].magic, kinds[k].n);
    }
    return false;
}

/* An element's href, as SVG 2 or XLink writes it. */
static char *svg_href(const char *what, const char *value, const char *element)
{
    /* exactly '#…': " #g" is a relative URL to a file named " " for a validator */
    if (*value == '#')
        return NULL;
    if (!strcmp(element, "image") && data_raster(value))
        return NULL;
    return xasprintf("refers to something outside it (%s '%.60s' on <%s>; only '#…' to a "
                     "part of the SVG%s)",
                     what, value, element,
                     strcmp(element, "image") ? ""
                                              : ", or a PNG, JPEG or GIF as a data: URI");
}

/* <set>/<animate…>: what they change must be presentation, not a link, a
 * style sheet or an event handler, and the values they set are checked as
 * any presentation value is. */
static char *svg_animation_problem(xmlNodePtr n)
{
    xmlChar *target = xmlGetNoNsProp(n, (const xmlChar *)"attributeName");
    char *problem = NULL;
    if (target) {
        const char *t = (const char *)target;
        const char *colon = strchr(t, ':');
        const char *local = colon ? colon + 1 : t;
        if (colon || !in_list(svg_attributes, local) || !strcmp(local, "style") ||
            !strcmp(local, "attributeName"))
            problem = xasprintf("animates the attribute '%.40s' (<%s> may change only "
                                "presentation)",
                                t, (const char *)n->name);
    }
    xmlFree(target);
    return problem;
}

static char *attribute_problem(xmlDocPtr doc, xmlNodePtr n, xmlAttrPtr a)
{
    const char *name = (const char *)a->name;
    const char *ns = a->ns ? (const char *)a->ns->href : NULL;
    const char *element = (const char *)n->name;
    xmlChar *v = xmlNodeListGetString(doc, a->children, 1);
    const char *value = v ? (const char *)v : "";
    char *problem = NULL;
    if (!strncasecmp(name, "on", 2)) {
        problem = xasprintf("holds a script (attribute '%s' on <%s>)", name, element);
    } else if (!ns) {
        if (!strcmp(name, "href")) {
            problem = svg_href("href", value, element);
        } else if (!strncmp(name, "data-", 5) || !strncmp(name, "aria-", 5)) {
            /* inert: data for scripts, which an embedded SVG never runs; labels */
        } else if (!in_list(svg_attributes, name)) {
            problem = xasprintf("has the attribute '%.40s' on <%s>, which octavo does not "
                                "embed",
                                name, element);
        } else if (!in_list(svg_text_attributes, name)) {
            char *where = xasprintf("the attribute '%s' on <%s>", name, element);
            problem = css_problem(value, where);
            free(where);
        }
    } else if (!strcmp(ns, XLINK_NS)) {
        if (!strcmp(name, "href"))
            problem = svg_href("xlink:href", value, element);
    } else if (!strcmp(ns, XML_NS)) {
        if (strcmp(name, "space") && strcmp(name, "lang") && strcmp(name, "id"))
            problem = xasprintf("has the attribute 'xml:%.40s' (it would change how its "
                                "references resolve)",
                                name);
    } else if (!strcmp(ns, SVG_NS) || !strcmp(ns, "http://www.w3.org/1999/xhtml") ||
               !strcmp(ns, "http://www.w3.org/2001/xml-events")) {
        problem = xasprintf("has the attribute '%.40s' in the namespace %s on <%s>", name, ns,
                            element);
    }
    /* other namespaces (an editor's own, such as Inkscape's): ignored by every
     * renderer, so inert */
    xmlFree(v);
    return problem;
}

/* An element inside <metadata>: RDF and an editor's data, never rendered. */
static bool in_metadata(xmlNodePtr n)
{
    for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
        if (p->ns && !strcmp((const char *)p->ns->href, SVG_NS) &&
            !strcmp((const char *)p->name, "metadata"))
            return true;
    return false;
}

/* EPUB readers announce an SVG link by its title (EPUBCheck ACC-011). */
static bool svg_link_titled(xmlNodePtr a)
{
    if (xmlHasNsProp(a, (const xmlChar *)"title", (const xmlChar *)XLINK_NS))
        return true;
    for (xmlNodePtr c = a->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "title") && c->ns &&
            !strcmp((const char *)c->ns->href, SVG_NS))
            return true;
    return false;
}

static char *node_problem(xmlDocPtr doc, xmlNodePtr n)
{
    const char *name = (const char *)n->name;
    if (n->type == XML_PI_NODE && !strcmp(name, "xml-stylesheet"))
        return xstrdup("loads an external stylesheet (<?xml-stylesheet?>)");
    if (n->type == XML_PI_NODE)
        return xasprintf("has a processing instruction <?%.40s?>", name);
    if (n->type != XML_ELEMENT_NODE)
        return NULL;
    bool svg = n->ns && !strcmp((const char *)n->ns->href, SVG_NS);
    if (!svg || !in_list(svg_elements, name)) {
        if (!svg && in_metadata(n)) {
            /* still no script or reference smuggled in as an attribute */
            for (xmlAttrPtr a = n->properties; a; a = a->next)
                if (!strncasecmp((const char *)a->name, "on", 2))
                    return xasprintf("holds a script (attribute '%s')", (const char *)a->name);
            return NULL;
        }
        if (!strcmp(name, "script"))
            return xstrdup("holds a script");
        return xasprintf("has the element <%.40s>%s, which octavo does not embed", name,
                         svg ? "" : " outside the SVG namespace");
    }
    if (!strcmp(name, "style")) {
        xmlChar *css = xmlNodeGetContent(n);
        char *p = css ? css_problem((const char *)css, "a <style> element") : NULL;
        xmlFree(css);
        if (p)
            return p;
    }
    if (!strcmp(name, "a") && !svg_link_titled(n))
        return xstrdup("has a link (<a>) without a title: readers need one (a <title> inside "
                       "the <a>, or xlink:title)");
    if (in_list(animation_elements, name)) {
        char *p = svg_animation_problem(n);
        if (p)
            return p;
    }
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        char *p = attribute_problem(doc, n, a);
        if (p)
            return p;
    }
    return NULL;
}

char *doc_svg_problem(const char *data, size_t len)
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
               strcmp((const char *)root->ns->href, SVG_NS)) {
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
