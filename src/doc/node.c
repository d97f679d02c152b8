/* Model nodes: creation, linking, the non-recursive enter/exit iterator. */
#include "doc/doc_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct doc_node *doc_node_new(struct arena *a, enum doc_node_type type, int line, int col)
{
    struct doc_node *n = arena_alloc(a, sizeof *n);
    n->type = type;
    n->line = line;
    n->col = col;
    n->image_index = -1;
    return n;
}

void doc_node_append(struct doc_node *parent, struct doc_node *child)
{
    child->parent = parent;
    child->next = NULL;
    child->prev = parent->last_child;
    if (parent->last_child)
        parent->last_child->next = child;
    else
        parent->first_child = child;
    parent->last_child = child;
}

void doc_node_insert_before(struct doc_node *sibling, struct doc_node *n)
{
    n->parent = sibling->parent;
    n->next = sibling;
    n->prev = sibling->prev;
    if (sibling->prev)
        sibling->prev->next = n;
    else if (sibling->parent)
        sibling->parent->first_child = n;
    sibling->prev = n;
}

void doc_node_unlink(struct doc_node *n)
{
    if (n->prev)
        n->prev->next = n->next;
    else if (n->parent)
        n->parent->first_child = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else if (n->parent)
        n->parent->last_child = n->prev;
    n->parent = n->prev = n->next = NULL;
}

bool doc_node_too_deep(const struct doc_node *n)
{
    int depth = 0;
    for (; n && n->parent && depth < DOC_MAX_DEPTH; n = n->parent)
        depth++;
    return depth >= DOC_MAX_DEPTH;
}

bool doc_node_is_leaf(const struct doc_node *n)
{
    switch (n->type) {
    case DOC_NODE_TEXT:
    case DOC_NODE_SOFTBREAK:
    case DOC_NODE_LINEBREAK:
    case DOC_NODE_CODE:
    case DOC_NODE_CODE_BLOCK:
    case DOC_NODE_THEMATIC_BREAK:
    case DOC_NODE_FOOTNOTE_REF:
        return true;
    default:
        return false;
    }
}

bool doc_node_holds_blocks(const struct doc_node *n)
{
    switch (n->type) {
    case DOC_NODE_DOCUMENT:
    case DOC_NODE_BLOCK_QUOTE:
    case DOC_NODE_LIST:
    case DOC_NODE_ITEM:
    case DOC_NODE_FOOTNOTE_DEF:
    case DOC_NODE_TABLE:
    case DOC_NODE_TABLE_ROW:
        return true;
    case DOC_NODE_HTML_ELEMENT:
        return !n->inline_element;
    default:
        return false;
    }
}

void doc_iter_init(struct doc_iter *it, struct doc_node *root)
{
    it->root = root;
    it->cur = NULL;
    it->ev = DOC_EVENT_DONE;
    it->skip = false;
}

/* Leaves give one ENTER; containers an ENTER and an EXIT, as in cmark's iterator. */
enum doc_event doc_iter_next(struct doc_iter *it, struct doc_node **node_out)
{
    struct doc_node *n = it->cur;
    if (!n) {
        n = it->root;
        it->ev = n ? DOC_EVENT_ENTER : DOC_EVENT_DONE;
    } else if (it->ev == DOC_EVENT_DONE) {
        n = NULL;
    } else if (it->skip) {
        it->skip = false;
        it->ev = DOC_EVENT_EXIT;
    } else if (it->ev == DOC_EVENT_ENTER && !doc_node_is_leaf(n)) {
        if (n->first_child) {
            n = n->first_child;
            it->ev = DOC_EVENT_ENTER;
        } else {
            it->ev = DOC_EVENT_EXIT;
        }
    } else if (n == it->root) {
        n = NULL;
        it->ev = DOC_EVENT_DONE;
    } else if (n->next) {
        n = n->next;
        it->ev = DOC_EVENT_ENTER;
    } else {
        n = n->parent;
        it->ev = DOC_EVENT_EXIT;
    }
    it->cur = n ? n : it->cur;
    if (!n)
        it->ev = DOC_EVENT_DONE;
    *node_out = n;
    return it->ev;
}

void doc_iter_skip_children(struct doc_iter *it)
{
    if (it->cur && it->ev == DOC_EVENT_ENTER && !doc_node_is_leaf(it->cur))
        it->skip = true;
}

char *doc_node_plain_text(const struct doc_node *root)
{
    struct buf b = BUF_INIT;
    struct doc_iter it;
    struct doc_node *n;
    enum doc_event ev;
    doc_iter_init(&it, (struct doc_node *)root);
    while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE) {
        if (ev != DOC_EVENT_ENTER)
            continue;
        if (n->type == DOC_NODE_DEL && n != root)
            doc_iter_skip_children(&it);
        else if (n->type == DOC_NODE_TEXT || n->type == DOC_NODE_CODE)
            buf_put(&b, n->text, n->text_len);
        else if (n->type == DOC_NODE_SOFTBREAK || n->type == DOC_NODE_LINEBREAK)
            buf_putc(&b, ' ');
        else if (n->type == DOC_NODE_FOOTNOTE_REF)
            continue;
    }
    return buf_detach(&b, NULL);
}

char *doc_node_label(const struct doc_node *n)
{
    char *s = doc_node_plain_text(n);
    size_t lead = strspn(s, " \t\r\n"), len = strlen(s + lead);
    while (len && strchr(" \t\r\n", s[lead + len - 1]))
        len--;
    memmove(s, s + lead, len);
    s[len] = '\0';
    return s;
}

bool doc_iri_char(unsigned cp)
{
    return !(cp <= 0x9F || (cp >= 0xD800 && cp <= 0xF8FF) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
             (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp & 0xFFFE) == 0xFFFE || cp >= 0xE0000);
}

/* Whether GitHub keeps the code point cp in an anchor: its rule is Ruby's
 * [^\p{Word}\- ] (letters, combining marks, decimal digits, letter numbers,
 * connector punctuation such as '_'), so every other punctuation mark and
 * symbol goes, emoji included. */
static bool slug_keeps(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_PC:
        return cp < 0x80 || doc_iri_char((unsigned)cp); /* and a fragment may hold it */
    default:
        return cp == '-';
    }
}

/* GitHub's heading anchor: lowercased by Unicode's rules, spaces turned into
 * '-', and only what slug_keeps() keeps. */
char *doc_slugify(const char *text)
{
    struct buf b = BUF_INIT;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(text);
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) { /* not UTF-8 (the model holds only UTF-8): skip the byte */
            p++, left--;
            continue;
        }
        p += n, left -= n;
        if (cp == ' ') {
            buf_putc(&b, '-');
            continue;
        }
        if (!slug_keeps(cp))
            continue;
        utf8proc_uint8_t enc[8];
        if (cp == 0x130) { /* İ: the one capital whose full lowercase is two characters */
            buf_puts(&b, "i\xCC\x87");
            continue;
        }
        utf8proc_ssize_t len = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        buf_put(&b, enc, (size_t)len);
    }
    return buf_detach(&b, NULL);
}

void doc_number_nodes(struct doc_chapter *ch)
{
    struct doc_iter it;
    struct doc_node *n;
    uint32_t seq = 0;
    doc_iter_init(&it, ch->root);
    for (enum doc_event ev; (ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE;)
        if (ev == DOC_EVENT_ENTER)
            n->seq = seq++;
}
