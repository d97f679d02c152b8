/* Private to src/doc: building the model. */
#ifndef OCTAVO_DOC_INTERNAL_H
#define OCTAVO_DOC_INTERNAL_H

#include "doc/doc.h"

/* How deep containers may nest in a chapter's model. Deeper block quotes,
 * lists, emphasis and raw HTML elements are flattened (their text is kept):
 * e-readers built on libxml2 refuse an XHTML tree deeper than 256 elements,
 * and no book needs a hundred levels. */
#define DOC_MAX_DEPTH 100
/* True if the non-ASCII code point cp may stand in an IRI (RFC 3987's
 * ucschar): not a C1 control, private use, a special such as U+FFFD, or a
 * noncharacter. Ids become the fragments of links, so they hold only these. */
bool doc_iri_char(unsigned cp);
/* True if n lies DOC_MAX_DEPTH or more containers below the document. */
bool doc_node_too_deep(const struct doc_node *n);

/* Block containers whose direct children are blocks. */
bool doc_node_holds_blocks(const struct doc_node *n);

/* Markdown → model (md_import.c). */
struct doc_node *md_import(struct doc_chapter *ch, const char *text, size_t len, int line_base,
                           struct diag_list *dl);
/* Raw HTML → model nodes appended to parent, sanitised (html_import.c). With
 * all_raw (an HTML block) every node is marked raw_html; otherwise (Markdown
 * rendered by cmark around inline raw HTML) only elements whose start tag
 * carries DOC_RAW_HTML_MARK, and what lies inside them. */
void html_import(struct doc_chapter *ch, struct doc_node *parent, const char *html, size_t len,
                 int line, bool all_raw, struct diag_list *dl);
/* The attribute md_import adds to the start tags an author wrote in raw HTML
 * before cmark renders a paragraph, so that its text is told from Markdown's. */
#define DOC_RAW_HTML_MARK "data-octavo-raw"
/* Heading ids, footnote numbers, the chapter title (ids.c). */
void doc_assign_ids(struct doc_chapter *ch, struct diag_list *dl);

/* An id a link can name as it is (ids.c): letters, digits, - _ . : and the
 * non-ASCII characters an IRI allows. */
bool doc_id_linkable(const char *id);
/* Resolves links (to chapters, headings, the web) and binds images to the
 * book's table, warning about broken links; chapters before ch are in the
 * book already (links.c). */
void doc_chapter_resolve(struct doc_chapter *ch, struct doc_book *book,
                         struct diag_list *dl);
/* Sets every node's seq (node.c). */
void doc_number_nodes(struct doc_chapter *ch);
/* Links waiting for a later chapter's anchors (links.c): a table of n lists;
 * doc_forward_arrive checks those for chapter i once its info is in the book
 * (warnings to dl; none when dl is NULL, for a chapter that failed). */
struct doc_forward *doc_forward_new(size_t n);
void doc_forward_arrive(struct doc_book *book, size_t i, struct diag_list *dl);
void doc_forward_free(struct doc_forward *f, size_t n);

/* Code blocks without their final newline, and whether each is coloured (code.c). */
void doc_code_blocks(struct doc_chapter *ch, struct diag_list *dl);

/* Curly quotes, dashes and ellipses in prose (typography.c). */
void doc_typography(struct doc_chapter *ch);
/* A reference written in chapter_file (series-relative), checked and normalised
 * relative to the series folder; see path_check_relative(). */
enum path_verdict doc_ref_path(const char *chapter_file, const char *ref, char **norm_out);
/* Index of the image whose normalised path is rel, or -1 (refs.c). */
int doc_book_find_image(const struct doc_book *book, const char *rel);
/* Why the image file at real_path, sniffed as media_type, cannot be embedded
 * (truncated, damaged, or an SVG that is not self-contained), or NULL if it
 * can (image_check.c). Caller frees. */
char *doc_image_problem(const char *real_path, const char *media_type);
/* Why an SVG document may not be embedded (not well-formed, a DTD, or anything
 * outside the allow-list of elements, attributes and CSS: a script, a
 * reference outside it), or NULL (svg_check.c). Caller frees. */
char *doc_svg_problem(const char *data, size_t len);

#endif
