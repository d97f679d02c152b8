/* Private to src/epub: the pieces writer.c assembles. */
#ifndef OCTAVO_EPUB_INTERNAL_H
#define OCTAVO_EPUB_INTERNAL_H

#include "epub/epub.h"

struct epub_ctx {
    const struct doc_book *book;
    const struct series *s;
    char modified[21]; /* YYYY-MM-DDThh:mm:ssZ */
    char date[11];     /* YYYY-MM-DD: the series date, else the modified day */
    struct font_file *fonts; /* fonts/fonts.list; each goes in as fonts/<file_name> */
    size_t n_fonts;
    const struct doc_page_start *pages; /* the print edition's pages, or NULL */
    size_t n_pages;
    const char *page_source;
    const struct doc_image **images; /* the book's images sorted by book_name,
                                        the order the package lists them in */
};

/* xhtml.c: the doc-pagebreak marker of a print page, appended to parent. */
#include <libxml/tree.h>
void epub_put_page_marker(xmlNodePtr parent, const struct doc_page_start *m);
/* pages.c: front and back matter, and the navigation document. */
char *epub_cover_page(const struct epub_ctx *c, size_t *len);
char *epub_title_page(const struct epub_ctx *c, size_t *len);
char *epub_colophon_page(const struct epub_ctx *c, size_t *len);
char *epub_nav_page(const struct epub_ctx *c, size_t *len);
/* package.c: the package document and the EPUB 2 NCX. */
char *epub_opf(const struct epub_ctx *c, size_t *len);
char *epub_ncx(const struct epub_ctx *c, size_t *len);
/* The stylesheet: @font-face rules for the fonts, then templates/book.css. */
char *epub_css(const struct epub_ctx *c, size_t *len);

#endif
