/* Private to src/epub: small helpers for building XHTML/OPF trees with libxml2. */
#ifndef OCTAVO_EPUB_XMLW_H
#define OCTAVO_EPUB_XMLW_H

#include <libxml/tree.h>

#include "base/base.h"

/* A new XHTML page from templates/page.xhtml with its title and language set. */
xmlDocPtr xmlw_page(const char *title, const char *lang, xmlNodePtr *body_out);
xmlNodePtr xmlw_el(xmlNodePtr parent, const char *name);
xmlNodePtr xmlw_el_text(xmlNodePtr parent, const char *name, const char *text);
void xmlw_text(xmlNodePtr parent, const char *text, size_t len);
void xmlw_attr(xmlNodePtr node, const char *name, const char *value);
void xmlw_epub_type(xmlNodePtr node, const char *value);
/* Serialises with an XML declaration (utf-8); caller frees the bytes. */
char *xmlw_dump(xmlDocPtr doc, size_t *len_out);

#endif
