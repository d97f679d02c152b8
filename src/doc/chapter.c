/* A chapter from file to model: read, validate UTF-8, front matter, parse, ids. */
#include "doc/doc_internal.h"

#include <stdlib.h>
#include <string.h>

/* Warnings for the first few NUL bytes of a file; the rest are counted. */
#define NUL_WARNINGS_MAX 10

/* text with every U+0000 replaced by U+FFFD, as CommonMark (2.3) says, each
 * with a warning naming its line and (byte) column. Caller frees. */
static char *replace_nuls(const char *file, const char *text, size_t *len, struct diag_list *dl)
{
    struct buf b = BUF_INIT;
    int line = 1;
    size_t line_start = 0, nuls = 0;
    for (size_t i = 0; i < *len; i++) {
        if (text[i] == '\n') {
            line++;
            line_start = i + 1;
        } else if (text[i] == '\0') {
            if (++nuls <= NUL_WARNINGS_MAX)
                diag_add(dl, DIAG_WARNING, file, line, (int)(i - line_start) + 1,
                         "U+0000 (a NUL byte) replaced by U+FFFD");
            buf_puts(&b, "\xEF\xBF\xBD");
            continue;
        }
        buf_putc(&b, text[i]);
    }
    if (nuls > NUL_WARNINGS_MAX)
        diag_add(dl, DIAG_WARNING, file, 0, 0, "%zu more NUL bytes replaced by U+FFFD",
                 nuls - NUL_WARNINGS_MAX);
    return buf_detach(&b, len);
}

/* How much of a file the UTF-16 guess looks at. */
#define UTF16_SAMPLE 4096

/* UTF-16 saved without a byte-order mark: text in which NUL bytes stand at
 * every other place (the high bytes of Latin characters), which CommonMark's
 * NUL rule would turn into a page of replacement characters. */
static bool looks_like_utf16(const char *text, size_t len)
{
    size_t n = len < UTF16_SAMPLE ? len : UTF16_SAMPLE, nul[2] = {0, 0};
    for (size_t i = 0; i < n; i++)
        nul[i % 2] += text[i] == '\0';
    return n >= 4 && ((nul[0] * 4 >= n && !nul[1]) || (nul[1] * 4 >= n && !nul[0]));
}

struct doc_chapter *doc_chapter_parse(const struct series *s, size_t index, const char *file,
                                      const char *text, size_t len, struct diag_list *dl)
{
    if (len >= 2 && (((unsigned char)text[0] == 0xFF && (unsigned char)text[1] == 0xFE) ||
                     ((unsigned char)text[0] == 0xFE && (unsigned char)text[1] == 0xFF))) {
        diag_add(dl, DIAG_ERROR, file, 1, 1, "file is UTF-16; save it as UTF-8");
        return NULL;
    }
    if (looks_like_utf16(text, len)) {
        diag_add(dl, DIAG_ERROR, file, 1, 1,
                 "file looks like UTF-16 without a byte-order mark; save it as UTF-8");
        return NULL;
    }
    char *copy = NULL;
    if (memchr(text, '\0', len)) {
        copy = replace_nuls(file, text, &len, dl);
        text = copy;
    }
    int bl, bc;
    if (!utf8_validate(text, len, &bl, &bc)) {
        diag_add(dl, DIAG_ERROR, file, bl, bc, "invalid UTF-8");
        free(copy);
        return NULL;
    }
    struct front_matter fm;
    if (!front_matter_parse(file, text, len, &fm, dl)) {
        free(copy);
        return NULL;
    }
    struct doc_chapter *ch = xcalloc(1, sizeof *ch);
    ch->series = s;
    ch->index = index;
    ch->arena = arena_new();
    ch->file = arena_strdup(ch->arena, file);
    if (fm.title && *fm.title)
        ch->title = arena_strdup(ch->arena, fm.title);
    if (fm.description && *fm.description)
        ch->description = arena_strdup(ch->arena, fm.description);
    ch->root = md_import(ch, text + fm.body_offset, len - fm.body_offset, fm.body_line - 1, dl);
    front_matter_free(&fm);
    free(copy);
    doc_assign_ids(ch, dl);
    doc_code_blocks(ch, dl);
    if (!s->straight_punctuation)
        doc_typography(ch);
    return ch;
}

struct doc_chapter *doc_chapter_load(const struct series *s, size_t index, struct diag_list *dl)
{
    const struct series_chapter *sc = &s->chapters[index];
    char *text = NULL;
    size_t len = 0;
    const char *err = NULL;
    file_log_add(s->inputs, sc->display_path);
    if (!file_read_all(sc->real_path, &text, &len, &err)) {
        diag_add(dl, DIAG_ERROR, sc->display_path, 0, 0, "chapter %s", err);
        return NULL;
    }
    struct doc_chapter *ch = doc_chapter_parse(s, index, sc->display_path, text, len, dl);
    free(text);
    return ch;
}

void doc_chapter_free(struct doc_chapter *ch)
{
    if (!ch)
        return;
    arena_free(ch->arena);
    free(ch);
}
