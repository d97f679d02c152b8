/* Which characters the PDF could not draw, without typesetting anything: the
 * union of the code points the bundled fonts (fonts/fonts.list) map, checked
 * against a chapter's text. For `octavo check`, which renders nothing but
 * must still report what a PDF build would warn about; the message is the
 * typesetter's own (pdf/shape.c). */
#include "pdf/hyphen.h"
#include "pdf/pdf.h"
#include "series/series.h"

#include <glib.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A character reported once a chapter, at its first place: the typesetter
 * too says each missing character once, not at every use. */
#define COVERAGE_MAX_REPORTED 64

struct pdf_coverage {
    hb_set_t *cps; /* every code point some bundled font maps */
};

struct pdf_coverage *pdf_coverage_new(const struct series *s, struct diag_list *dl)
{
    pdf_hyphenator_free(pdf_hyphenator_new(s->language, s->manifest_path, s->inputs, dl));
    size_t n;
    struct font_file *files = font_files_load(&n);
    struct pdf_coverage *cov = xcalloc(1, sizeof *cov);
    cov->cps = hb_set_create();
    bool ok = n > 0;
    if (n == 0)
        diag_add(dl, DIAG_ERROR, "fonts/fonts.list", 0, 0, "no fonts listed");
    for (size_t i = 0; i < n; i++) {
        file_log_add(s->inputs, files[i].path);
        if (access(files[i].path, R_OK) != 0) {
            diag_add(dl, DIAG_ERROR, files[i].path, 0, 0,
                     "font file missing: install the Debian package %s (fonts/fonts.list)",
                     files[i].package);
            ok = false;
            continue;
        }
        hb_blob_t *blob = hb_blob_create_from_file(files[i].path);
        hb_face_t *face = hb_face_create(blob, 0);
        hb_face_collect_unicodes(face, cov->cps);
        hb_face_destroy(face);
        hb_blob_destroy(blob);
    }
    font_files_free(files, n);
    if (!ok) {
        pdf_coverage_free(cov);
        return NULL;
    }
    return cov;
}

void pdf_coverage_free(struct pdf_coverage *cov)
{
    if (!cov)
        return;
    hb_set_destroy(cov->cps);
    free(cov);
}

/* Characters a shaper draws as nothing, whatever the font: controls, line
 * and paragraph separators, zero-width marks and joiners, variation
 * selectors, the soft hyphen. */
static bool draws_nothing(gunichar cp)
{
    GUnicodeType t = g_unichar_type(cp);
    return t == G_UNICODE_CONTROL || t == G_UNICODE_FORMAT || t == G_UNICODE_LINE_SEPARATOR ||
           t == G_UNICODE_PARAGRAPH_SEPARATOR || g_unichar_iszerowidth(cp) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

/* The line a node's text is reported at: its own, else its nearest
 * ancestor's (as the typesetter names the block it sets). */
static int node_line(const struct doc_node *n)
{
    for (; n; n = n->parent)
        if (n->line > 0)
            return n->line;
    return 0;
}

struct reported {
    uint32_t cps[COVERAGE_MAX_REPORTED];
    size_t n;
};

/* Warns of each character of text[0, len) no bundled font has, not yet reported. */
static void check_text(const struct pdf_coverage *cov, const char *text, size_t len,
                       const char *file, int line, struct reported *rep, struct diag_list *dl)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        gunichar cp = g_utf8_get_char_validated(p, end - p);
        if (cp == (gunichar)-1 || cp == (gunichar)-2)
            break; /* the model holds valid UTF-8; never read past it */
        p = g_utf8_next_char(p);
        if (cp < 0x80 || draws_nothing(cp) || hb_set_has(cov->cps, cp))
            continue;
        bool seen = false;
        for (size_t i = 0; i < rep->n && !seen; i++)
            seen = rep->cps[i] == cp;
        if (seen)
            continue;
        if (rep->n < COVERAGE_MAX_REPORTED)
            rep->cps[rep->n++] = cp;
        char utf8[12] = {0};
        if (g_unichar_isprint(cp)) {
            utf8[0] = ' ';
            utf8[1] = '\'';
            int n = g_unichar_to_utf8(cp, utf8 + 2);
            utf8[2 + n] = '\'';
        }
        diag_add(dl, DIAG_WARNING, file, line, 0,
                 "character U+%04X%s is in none of the bundled fonts (fonts/fonts.list); "
                 "the PDF shows a box",
                 (unsigned)cp, utf8);
    }
}

void pdf_coverage_check(const struct pdf_coverage *cov, const struct doc_chapter *ch,
                        struct diag_list *dl)
{
    struct reported rep = {.n = 0};
    /* the opening page first, as the typesetter sets it (pdf/chapter.c,
     * lay_opener: no line): the chapter's number label, title, description */
    char num[48];
    snprintf(num, sizeof num, doc_label(ch->series->language, DOC_LABEL_CHAPTER_NUMBER),
             ch->index + 1);
    check_text(cov, num, strlen(num), ch->file, 0, &rep, dl);
    if (ch->title)
        check_text(cov, ch->title, strlen(ch->title), ch->file, 0, &rep, dl);
    if (ch->description)
        check_text(cov, ch->description, strlen(ch->description), ch->file, 0, &rep, dl);
    struct doc_iter it;
    doc_iter_init(&it, ch->root);
    struct doc_node *n;
    enum doc_event ev;
    while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE) {
        if (ev != DOC_EVENT_ENTER || !n->text || !n->text_len)
            continue;
        if (n->type != DOC_NODE_TEXT && n->type != DOC_NODE_CODE &&
            n->type != DOC_NODE_CODE_BLOCK)
            continue;
        check_text(cov, n->text, n->text_len, ch->file, node_line(n), &rep, dl);
    }
}
