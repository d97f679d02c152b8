/* libxml2 tree helpers: every page octavo writes is built as a tree, so it is
 * well-formed and escaped by construction. */
#include "epub/xmlw.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

xmlDocPtr xmlw_page(const char *title, const char *lang, xmlNodePtr *body_out)
{
    size_t len;
    const char *tpl = res_find("page.xhtml", &len);
    xmlDocPtr doc = xmlReadMemory(tpl, (int)len, "page.xhtml", "utf-8", XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    if (!doc) {
        fprintf(stderr, "octavo: templates/page.xhtml is not well-formed\n");
        abort();
    }
    xmlNodePtr html = xmlDocGetRootElement(doc);
    xmlw_attr(html, "lang", lang);
    xmlSetNsProp(html, xmlSearchNsByHref(doc, html, (const xmlChar *)XML_XML_NAMESPACE),
                 (const xmlChar *)"lang", (const xmlChar *)lang);
    for (xmlNodePtr n = html->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)n->name, "head")) {
            for (xmlNodePtr h = n->children; h; h = h->next)
                if (h->type == XML_ELEMENT_NODE && !strcmp((const char *)h->name, "title"))
                    xmlNodeSetContent(h, NULL), xmlw_text(h, title, strlen(title));
        } else if (!strcmp((const char *)n->name, "body")) {
            *body_out = n;
        }
    }
    return doc;
}

xmlNodePtr xmlw_el(xmlNodePtr parent, const char *name)
{
    xmlNodePtr n = xmlNewDocNode(parent->doc, parent->ns, (const xmlChar *)name, NULL);
    xmlAddChild(parent, n);
    return n;
}

void xmlw_text(xmlNodePtr parent, const char *text, size_t len)
{
    if (!len)
        return;
    xmlNodePtr t = xmlNewDocTextLen(parent->doc, (const xmlChar *)text, (int)len);
    if (!xmlAddChild(parent, t))
        xmlFreeNode(t);
}

xmlNodePtr xmlw_el_text(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr n = xmlw_el(parent, name);
    xmlw_text(n, text, strlen(text));
    return n;
}

void xmlw_attr(xmlNodePtr node, const char *name, const char *value)
{
    xmlSetProp(node, (const xmlChar *)name, (const xmlChar *)value);
}

void xmlw_epub_type(xmlNodePtr node, const char *value)
{
    xmlNsPtr ns = xmlSearchNs(node->doc, node, (const xmlChar *)"epub");
    if (!ns)
        ns = xmlSearchNs(node->doc, xmlDocGetRootElement(node->doc), (const xmlChar *)"epub");
    xmlSetNsProp(node, ns, (const xmlChar *)"type", (const xmlChar *)value);
}

char *xmlw_dump(xmlDocPtr doc, size_t *len_out)
{
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpMemoryEnc(doc, &mem, &size, "utf-8");
    if (!mem) {
        fprintf(stderr, "octavo: out of memory serialising XML\n");
        abort();
    }
    char *out = xstrndup((const char *)mem, (size_t)size);
    xmlFree(mem);
    *len_out = (size_t)size;
    return out;
}
