/* Code blocks as both formats show them: without the final newline cmark
 * keeps (a <pre> or a listing would show it as an empty last line), and in
 * syntax colours only when they name a language and are short enough to
 * colour — a listing of hundreds of thousands of lines is set plain, so that
 * neither format spends a gigabyte on its tokens. */
#include "doc/doc_internal.h"

#include <string.h>

/* Longer listings are set without colours, with a warning: every change of
 * colour costs a PDF text object (Cairo ends one at each) and an EPUB element,
 * and 200,000 highlighted lines took eight seconds to draw. */
#define DOC_HIGHLIGHT_MAX_LINES 20000

void doc_code_blocks(struct doc_chapter *ch, struct diag_list *dl)
{
    struct doc_iter it;
    struct doc_node *n;
    doc_iter_init(&it, ch->root);
    for (enum doc_event ev; (ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE;) {
        if (ev != DOC_EVENT_ENTER || n->type != DOC_NODE_CODE_BLOCK)
            continue;
        if (n->text_len && n->text[n->text_len - 1] == '\n')
            n->text_len--;
        n->highlight = n->info != NULL;
        if (!n->highlight)
            continue;
        size_t lines = 1;
        for (const char *c = n->text, *end = n->text + n->text_len;
             (c = memchr(c, '\n', (size_t)(end - c))); c++)
            lines++;
        if (lines > DOC_HIGHLIGHT_MAX_LINES) {
            diag_add(dl, DIAG_WARNING, ch->file, n->line, 0,
                     "a code block of %zu lines is set without syntax colours (more than %d "
                     "lines)",
                     lines, DOC_HIGHLIGHT_MAX_LINES);
            n->highlight = false;
        }
    }
}
