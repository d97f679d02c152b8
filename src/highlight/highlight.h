/* Build-time syntax highlighting for fenced code blocks: a table-driven
 * tokenizer in plain C11 that reports the classes of consecutive pieces. */
#ifndef OCTAVO_HIGHLIGHT_H
#define OCTAVO_HIGHLIGHT_H
#include <stdbool.h>
#include <stddef.h>
typedef enum {
    HL_PLAIN, HL_KEYWORD, HL_TYPE, HL_BUILTIN, HL_FUNCTION, HL_STRING, HL_ESCAPE,
    HL_NUMBER, HL_COMMENT, HL_OPERATOR, HL_PUNCT, HL_PREPROC, HL_DECORATOR,
    HL_VARIABLE, HL_PROMPT, HL_INSERTED, HL_DELETED, HL_HEADING, HL_KEY,
    HL__COUNT
} hl_class;
/* Short CSS class name for a token class ("kw", "ty", "bi", "fn", "st", "es",
 * "nu", "co", "op", "pu", "pp", "de", "va", "pr", "ins", "del", "hd", "ke");
 * "" for HL_PLAIN (and for values out of range). */
const char *hl_class_css(hl_class cls);
/* Called for consecutive pieces of the text, in order, covering every byte
 * exactly once. Adjacent pieces may share a class. text points into the
 * highlighted text; len is never 0. */
typedef void (*hl_emit_fn)(void *ctx, hl_class cls, const char *text, size_t len);
/* Highlights text (len bytes, UTF-8, need not be NUL-terminated) as language
 * lang (the info string's first word, case-insensitive, aliases resolved:
 * py/python3 -> python, sh/shell/zsh -> bash, js -> javascript,
 * ts -> typescript, c++/cc/hpp -> cpp, yml -> yaml, rs -> rust,
 * pyx/pxd -> cython, console/shell-session -> console). Returns false,
 * emitting nothing, if lang is NULL/empty or unknown. Never allocates more
 * than O(1) memory; runs in O(len); must not read past len; must be safe on
 * any bytes (invalid UTF-8, NUL bytes, unterminated strings/comments).
 *
 * Also returns false, emitting nothing, if emit is NULL or text is NULL with
 * len > 0; an empty text emits nothing and returns true. Pieces never split a
 * well-formed UTF-8 character. Reentrant: there is no mutable global state,
 * so threads may highlight at the same time. */
bool hl_highlight(const char *lang, const char *text, size_t len, hl_emit_fn emit, void *ctx);
/* True if lang (with aliases) is a known language. */
bool hl_language_known(const char *lang);
#endif
