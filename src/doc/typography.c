/* Typographic punctuation in prose, as a book should have it: curly quotes and
 * apostrophes, en and em dashes from -- and ---, an ellipsis from "...".
 * Runs after heading ids are made, so anchors stay GitHub's (computed from the
 * straight text); code spans, code blocks, text inside raw HTML and words a
 * reader may type (options, paths, URLs, identifiers) are never touched, and
 * series.yaml's smart-punctuation: false turns it off. */
#include "doc/doc_internal.h"

#include <ctype.h>
#include <string.h>

#define LDQUO "\xE2\x80\x9C"
#define RDQUO "\xE2\x80\x9D"
#define LSQUO "\xE2\x80\x98"
#define RSQUO "\xE2\x80\x99"
#define NDASH "\xE2\x80\x93"
#define MDASH "\xE2\x80\x94"
#define HELLIP "\xE2\x80\xA6"

/* Whether a quote after this character opens: after nothing, space or an
 * opening bracket or dash. UTF-8 lead bytes of dashes and quotes count too. */
static bool opens_after(unsigned char prev)
{
    return prev == 0 || isspace(prev) || prev == '(' || prev == '[' || prev == '{' ||
           prev == '-' || prev == '/' || prev == 0x94 /* end of an em dash */ ||
           prev == 0x9C /* after an opening double quote */ || prev == 0x98;
}

/* One run of prose, s[from..to), character by character: quotes, dashes,
 * ellipses. A quote looks at what follows it up to len (it opens before a
 * word that is kept as written, too). */
static void smarten_run(struct buf *b, const char *s, size_t from, size_t to, size_t len,
                        unsigned char *prev)
{
    for (size_t i = from; i < to; i++) {
        char c = s[i];
        if (c == '"') {
            buf_puts(b, opens_after(*prev) ? LDQUO : RDQUO);
            *prev = opens_after(*prev) ? 0x9C : 0x9D;
            continue;
        }
        if (c == '\'') {
            bool next_alnum = i + 1 < len && (isalnum((unsigned char)s[i + 1]) ||
                                              strchr("-/\\.~$_@", s[i + 1]));
            bool open = opens_after(*prev) && next_alnum;
            buf_puts(b, open ? LSQUO : RSQUO);
            *prev = open ? 0x98 : 0x99;
            continue;
        }
        if (c == '-' && i + 1 < to && s[i + 1] == '-') {
            bool em = i + 2 < to && s[i + 2] == '-';
            buf_puts(b, em ? MDASH : NDASH);
            i += em ? 2 : 1;
            *prev = 0x94;
            continue;
        }
        if (c == '.' && i + 2 < to && s[i + 1] == '.' && s[i + 2] == '.') {
            buf_puts(b, HELLIP);
            i += 2;
            *prev = 0xA6;
            continue;
        }
        buf_putc(b, c);
        *prev = (unsigned char)c;
    }
}

/* Whether a word (its core, without the brackets, quotes and sentence
 * punctuation around it) is something a reader may copy and type: a
 * command-line option (-x, --name), a URL, a path, or an identifier
 * (snake_case, KEY=value, a::b, f(), $VAR, user@host). Its dashes, quotes
 * and dots stay as written: "--name" made "–name" is a broken command. */
static bool literal_word(const char *w, size_t n)
{
    if (n >= 2 && w[0] == '-' && (isalnum((unsigned char)w[1]) ||
                                  (w[1] == '-' && n >= 3 && isalnum((unsigned char)w[2]))))
        return true;
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if (c == '/' || c == '\\' || c == '_' || c == '=' || c == '$' || c == '@' ||
            c == '<' || c == '>' || c == '|' || c == '~' || c == '`')
            return true;
        if (c == ':' && i + 1 < n && (w[i + 1] == ':' || w[i + 1] == '/'))
            return true;
        if (c == '(' && i + 1 < n && w[i + 1] == ')')
            return true;
    }
    return n > 4 && !strncmp(w, "www.", 4);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *smarten(struct arena *a, const char *s, size_t len, size_t *len_out,
                           unsigned char *prev)
{
    if (!memchr(s, '"', len) && !memchr(s, '\'', len) && !memchr(s, '-', len) &&
        !memchr(s, '.', len)) {
        if (len)
            *prev = (unsigned char)s[len - 1];
        *len_out = len;
        return s;
    }
    struct buf b = BUF_INIT;
    size_t i = 0;
    while (i < len) {
        if (is_space(s[i])) {
            buf_putc(&b, s[i]);
            *prev = (unsigned char)s[i++];
            continue;
        }
        size_t end = i;
        while (end < len && !is_space(s[end]))
            end++;
        /* the word's core: without opening brackets and quotes before it, and
         * closing ones and sentence punctuation after it */
        size_t core = i, core_end = end;
        while (core < end && strchr("([{\"'", s[core]))
            core++;
        while (core_end > core && strchr(")]}\"'.,;:!?", s[core_end - 1]))
            core_end--;
        if (core_end > core && literal_word(s + core, core_end - core)) {
            const char *w = s + core;
            size_t n = core_end - core;
            if (memchr(w, '"', n) || memchr(w, '\'', n)) {
                /* quotes inside it (KEY="v"): the whole word stays as written */
                buf_put(&b, s + i, end - i);
                *prev = (unsigned char)s[end - 1];
            } else {
                smarten_run(&b, s, i, core, len, prev);
                buf_put(&b, w, n);
                *prev = 'a'; /* quotes after it close, as after a word */
                smarten_run(&b, s, core_end, end, len, prev);
            }
        } else {
            smarten_run(&b, s, i, end, len, prev);
        }
        i = end;
    }
    const char *out = arena_strndup(a, buf_cstr(&b), b.len);
    *len_out = b.len;
    buf_free(&b);
    return out;
}

void doc_typography(struct doc_chapter *ch)
{
    unsigned char prev = 0;
    struct doc_iter it;
    struct doc_node *n;
    enum doc_event ev;
    doc_iter_init(&it, ch->root);
    while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE) {
        if (n->type == DOC_NODE_TEXT && n->raw_html) {
            if (n->text_len) /* raw HTML's text stays as its author wrote it */
                prev = (unsigned char)n->text[n->text_len - 1];
        } else if (n->type == DOC_NODE_TEXT) {
            n->text = smarten(ch->arena, n->text, n->text_len, &n->text_len, &prev);
        } else if (n->type == DOC_NODE_CODE) {
            if (n->text_len)
                prev = (unsigned char)n->text[n->text_len - 1];
        } else if (n->type == DOC_NODE_SOFTBREAK || n->type == DOC_NODE_LINEBREAK ||
                   (!doc_node_is_leaf(n) && n->type != DOC_NODE_EMPH &&
                    n->type != DOC_NODE_STRONG && n->type != DOC_NODE_STRIKE &&
                    n->type != DOC_NODE_LINK &&
                    !(n->type == DOC_NODE_HTML_ELEMENT && n->inline_element))) {
            prev = 0; /* a new block or line: quotes open again */
        }
        if (ev == DOC_EVENT_ENTER && n->type == DOC_NODE_IMAGE)
            doc_iter_skip_children(&it); /* alt text stays as written */
        if (ev == DOC_EVENT_ENTER && n->type == DOC_NODE_LINK && n->url && n->first_child &&
            n->first_child == n->last_child && n->first_child->type == DOC_NODE_TEXT &&
            strstr(n->url, n->first_child->text)) {
            doc_iter_skip_children(&it); /* an autolink shows its URL exactly */
            prev = 'a'; /* and a quote after it closes */
        }
    }
    size_t len;
    prev = 0;
    if (ch->title)
        ch->title = smarten(ch->arena, ch->title, strlen(ch->title), &len, &prev);
    prev = 0;
    if (ch->description)
        ch->description = smarten(ch->arena, ch->description, strlen(ch->description), &len, &prev);
}

char *doc_smarten(const struct series *series, const char *text)
{
    if (series->straight_punctuation)
        return xstrdup(text);
    struct arena *a = arena_new();
    unsigned char prev = 0;
    size_t len;
    const char *s = smarten(a, text, strlen(text), &len, &prev);
    char *out = xstrndup(s, len);
    arena_free(a);
    return out;
}
