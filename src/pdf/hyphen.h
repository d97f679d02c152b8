/* Private to src/pdf (hyphen.c): libhyphen with Debian's patterns for the book's language. */
#ifndef OCTAVO_PDF_HYPHEN_H
#define OCTAVO_PDF_HYPHEN_H

#include "pdf/pdf.h"

struct pdf_hyphenator;
/* NULL (and a warning) when no dictionary serves lang: the book is set without
 * hyphenation. Read-only once loaded, so threads share it. */
struct pdf_hyphenator *pdf_hyphenator_new(const char *lang, const char *manifest,
                                          struct file_log *inputs, struct diag_list *dl);
void pdf_hyphenator_free(struct pdf_hyphenator *h);
/* Breaks allowed inside the word (UTF-8, len bytes): sets ok[i] for a break
 * before byte i. Returns the number of points found. */
int pdf_hyphenate(const struct pdf_hyphenator *h, const char *word, size_t len, bool *ok);

#endif
