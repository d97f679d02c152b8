/* What a comparison sees of a model (words, code lines, block structure, as
 * hashed tokens) and the sequence diff over tokens. */
#include "diff/internal.h"

#include <stdlib.h>
#include <string.h>

/* A gap of the sequence diff is compared cell by cell up to this many cells
 * (4 bytes each); past it, the gap is taken as all deleted then all inserted,
 * so a rewritten 100,000-word chapter costs no more than 16 MB and a moment. */
#define DIFF_MAX_CELLS (4u << 20)

uint64_t diff_hash_bytes(uint64_t h, const void *p, size_t len)
{
    /* FNV-1a: it streams, so a word split over two text nodes hashes as one */
    const unsigned char *s = p;
    for (size_t i = 0; i < len; i++)
        h = (h ^ s[i]) * 1099511628211ULL;
    return h;
}

static void push(struct diff_toks *t, struct diff_tok tok)
{
    t->v = xreserve(t->v, &t->cap, t->len + 1, sizeof *t->v);
    t->v[t->len++] = tok;
}

void diff_toks_free(struct diff_toks *t)
{
    free(t->v);
    *t = (struct diff_toks){0};
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Length of the UTF-8 sequence at s (1 for a stray byte). */
static size_t char_len(const unsigned char *s, size_t left)
{
    size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
    return n > left ? left : n;
}

/* CJK scripts write no spaces between words: each character is one. */
static bool is_cjk(const unsigned char *s, size_t n)
{
    if (n < 3)
        return false;
    unsigned cp = n == 3 ? ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu)
                         : ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
                               ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

struct tokenizer {
    struct diff_toks *out;
    struct buf *pool;
    bool in_word; /* the last token is a word that the next text may continue */
    bool spaced;  /* white space (or a block's edge) since the last token */
};

static void word_start(struct tokenizer *tz, const struct doc_node *n, size_t off)
{
    size_t pool_off = tz->pool ? tz->pool->len : 0;
    push(tz->out, (struct diff_tok){.h = DIFF_HASH_SEED, .words = 1, .off = (uint32_t)off,
                                    .node = n, .pool_off = pool_off, .glued = !tz->spaced});
    tz->spaced = false;
}

static void word_add(struct tokenizer *tz, const char *p, size_t len)
{
    struct diff_tok *t = &tz->out->v[tz->out->len - 1];
    t->h = diff_hash_bytes(t->h, p, len);
    t->len += (uint32_t)len;
    if (tz->pool)
        buf_put(tz->pool, p, len);
}

static void tokenize_text(struct tokenizer *tz, const struct doc_node *n)
{
    const unsigned char *s = (const unsigned char *)n->text;
    size_t len = n->text_len;
    for (size_t i = 0; i < len;) {
        if (is_space(s[i])) {
            tz->in_word = false;
            tz->spaced = true;
            i++;
            continue;
        }
        size_t cl = char_len(s + i, len - i);
        bool cjk = is_cjk(s + i, cl);
        if (cjk || !tz->in_word)
            word_start(tz, n, i);
        word_add(tz, (const char *)s + i, cl);
        tz->in_word = !cjk;
        i += cl;
    }
}

/* One token per line of code, trailing white space ignored. */
static void tokenize_code_block(struct tokenizer *tz, const struct doc_node *n)
{
    const char *s = n->text;
    size_t len = n->text_len;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len, stop = end;
        while (stop > i && is_space((unsigned char)s[stop - 1]))
            stop--;
        uint32_t words = 0;
        for (size_t k = i; k < stop; k++)
            words += !is_space((unsigned char)s[k]) && (k == i || is_space((unsigned char)s[k - 1]));
        push(tz->out, (struct diff_tok){.h = diff_hash_bytes(DIFF_HASH_SEED ^ 0xC0DE, s + i, stop - i),
                                        .words = words, .off = (uint32_t)i,
                                        .len = (uint32_t)(stop - i), .node = n});
        i = end + 1;
    }
}

static uint64_t structure_hash(const struct doc_node *n)
{
    int key[4] = {(int)n->type, n->level, n->ordered, n->header};
    uint64_t h = diff_hash_bytes(DIFF_HASH_SEED ^ 0x5EC7, key, sizeof key);
    if (n->tag)
        h = diff_hash_bytes(h, n->tag, strlen(n->tag));
    return h;
}

bool diff_holds_inlines(const struct doc_node *n)
{
    switch (n->type) {
    case DOC_NODE_PARAGRAPH:
    case DOC_NODE_HEADING:
    case DOC_NODE_TABLE_CELL:
        return true;
    case DOC_NODE_HTML_ELEMENT:
        /* a raw block element (<p>, <dd>) whose content is phrasing */
        return !n->inline_element && n->first_child &&
               (n->first_child->type == DOC_NODE_TEXT || n->first_child->type == DOC_NODE_EMPH ||
                n->first_child->type == DOC_NODE_STRONG || n->first_child->type == DOC_NODE_CODE ||
                n->first_child->type == DOC_NODE_LINK ||
                (n->first_child->type == DOC_NODE_HTML_ELEMENT &&
                 n->first_child->inline_element));
    default:
        return false;
    }
}

/* Inline containers: a word may run on across their edges ("**bold**ly"). */
static bool is_inline_container(const struct doc_node *n)
{
    return n->type == DOC_NODE_EMPH || n->type == DOC_NODE_STRONG || n->type == DOC_NODE_STRIKE ||
           n->type == DOC_NODE_LINK || n->type == DOC_NODE_INS || n->type == DOC_NODE_DEL ||
           (n->type == DOC_NODE_HTML_ELEMENT && n->inline_element);
}

static bool is_inline_atom(const struct doc_node *n)
{
    return n->type == DOC_NODE_CODE || n->type == DOC_NODE_IMAGE ||
           n->type == DOC_NODE_FOOTNOTE_REF;
}

void diff_tokenize(const struct doc_node *root, struct diff_toks *out, struct buf *pool,
                   bool inline_only)
{
    struct tokenizer tz = {.out = out, .pool = pool, .spaced = true};
    struct doc_iter it;
    struct doc_node *n;
    enum doc_event ev;
    doc_iter_init(&it, (struct doc_node *)root);
    while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE) {
        if (ev == DOC_EVENT_EXIT) {
            tz.in_word = false;
            if (!is_inline_container(n))
                tz.spaced = true;
            continue;
        }
        if (n->type == DOC_NODE_TEXT) {
            tokenize_text(&tz, n);
            continue;
        }
        tz.in_word = false;
        if (n->type == DOC_NODE_SOFTBREAK || n->type == DOC_NODE_LINEBREAK)
            tz.spaced = true;
        if (n->type == DOC_NODE_SOFTBREAK || n->type == DOC_NODE_LINEBREAK ||
            n->type == DOC_NODE_INS || n->type == DOC_NODE_DEL)
            continue;
        if (!is_inline_container(n))
            tz.spaced = true;
        if (n->type == DOC_NODE_CODE_BLOCK) {
            if (!inline_only)
                push(out, (struct diff_tok){.h = structure_hash(n)});
            tokenize_code_block(&tz, n);
            continue;
        }
        if (is_inline_atom(n)) {
            uint64_t h = diff_hash_bytes(DIFF_HASH_SEED, &n->type, sizeof n->type);
            const char *s = n->type == DOC_NODE_CODE ? n->text : n->url;
            size_t len = n->type == DOC_NODE_CODE ? n->text_len : s ? strlen(s) : 0;
            if (s)
                h = diff_hash_bytes(h, s, len);
            size_t pool_off = pool ? pool->len : 0;
            if (pool && n->type == DOC_NODE_CODE)
                buf_put(pool, n->text, n->text_len);
            push(out, (struct diff_tok){.h = h, .words = n->type == DOC_NODE_CODE,
                                        .glued = !tz.spaced,
                                        .len = n->type == DOC_NODE_CODE ? (uint32_t)len : 0,
                                        .node = n, .pool_off = pool_off});
            tz.spaced = false;
            /* an image's description is part of its token */
            if (n->type == DOC_NODE_IMAGE)
                doc_iter_skip_children(&it);
            continue;
        }
        if (!inline_only && n->type != DOC_NODE_DOCUMENT &&
            n->type != DOC_NODE_EMPH && n->type != DOC_NODE_STRONG && n->type != DOC_NODE_STRIKE &&
            n->type != DOC_NODE_LINK &&
            !(n->type == DOC_NODE_HTML_ELEMENT && n->inline_element))
            push(out, (struct diff_tok){.h = structure_hash(n)});
    }
}

uint64_t diff_toks_hash(const struct diff_tok *t, size_t n)
{
    uint64_t h = DIFF_HASH_SEED;
    for (size_t i = 0; i < n; i++)
        h = diff_hash_bytes(h, &t[i].h, sizeof t[i].h);
    return h;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

double diff_similarity(const struct diff_tok *a, size_t na, const struct diff_tok *b, size_t nb)
{
    if (!na && !nb)
        return 1;
    uint64_t *x = xmalloc((na + 1) * sizeof *x), *y = xmalloc((nb + 1) * sizeof *y);
    for (size_t i = 0; i < na; i++)
        x[i] = a[i].h;
    for (size_t i = 0; i < nb; i++)
        y[i] = b[i].h;
    qsort(x, na, sizeof *x, cmp_u64);
    qsort(y, nb, sizeof *y, cmp_u64);
    size_t common = 0;
    for (size_t i = 0, j = 0; i < na && j < nb;) {
        if (x[i] == y[j]) {
            common++;
            i++;
            j++;
        } else if (x[i] < y[j]) {
            i++;
        } else {
            j++;
        }
    }
    free(x);
    free(y);
    return 2.0 * (double)common / (double)(na + nb);
}

static void edit(struct diff_edit **v, size_t *n, size_t *cap, enum diff_op op, size_t a, size_t b)
{
    *v = xreserve(*v, cap, *n + 1, sizeof **v);
    (*v)[(*n)++] = (struct diff_edit){.op = op, .a = (uint32_t)a, .b = (uint32_t)b};
}

size_t diff_sequence(const struct diff_tok *a, size_t na, const struct diff_tok *b, size_t nb,
                     struct diff_edit **out)
{
    struct diff_edit *v = NULL;
    size_t n = 0, cap = 0;
    size_t pre = 0, suf = 0;
    while (pre < na && pre < nb && a[pre].h == b[pre].h)
        pre++;
    while (suf < na - pre && suf < nb - pre && a[na - 1 - suf].h == b[nb - 1 - suf].h)
        suf++;
    for (size_t i = 0; i < pre; i++)
        edit(&v, &n, &cap, DIFF_OP_KEEP, i, i);
    size_t ma = na - pre - suf, mb = nb - pre - suf;
    const struct diff_tok *x = a + pre, *y = b + pre;
    if (ma && mb && (ma + 1) <= DIFF_MAX_CELLS / (mb + 1)) {
        /* L[i][j]: the longest common subsequence of x[i..] and y[j..] */
        size_t w = mb + 1;
        uint32_t *L = xcalloc((ma + 1) * w, sizeof *L);
        for (size_t i = ma; i-- > 0;)
            for (size_t j = mb; j-- > 0;)
                L[i * w + j] = x[i].h == y[j].h ? L[(i + 1) * w + j + 1] + 1
                               : L[(i + 1) * w + j] >= L[i * w + j + 1] ? L[(i + 1) * w + j]
                                                                       : L[i * w + j + 1];
        size_t i = 0, j = 0, gi = 0, gj = 0; /* gi, gj: where the current gap began */
        while (i < ma || j < mb) {
            bool keep = i < ma && j < mb && x[i].h == y[j].h && L[i * w + j] == L[(i + 1) * w + j + 1] + 1;
            if (keep) {
                for (size_t k = gi; k < i; k++)
                    edit(&v, &n, &cap, DIFF_OP_DEL, pre + k, 0);
                for (size_t k = gj; k < j; k++)
                    edit(&v, &n, &cap, DIFF_OP_INS, 0, pre + k);
                edit(&v, &n, &cap, DIFF_OP_KEEP, pre + i, pre + j);
                gi = ++i;
                gj = ++j;
            } else if (j >= mb || (i < ma && L[(i + 1) * w + j] >= L[i * w + j + 1])) {
                i++;
            } else {
                j++;
            }
        }
        for (size_t k = gi; k < ma; k++)
            edit(&v, &n, &cap, DIFF_OP_DEL, pre + k, 0);
        for (size_t k = gj; k < mb; k++)
            edit(&v, &n, &cap, DIFF_OP_INS, 0, pre + k);
        free(L);
    } else {
        for (size_t k = 0; k < ma; k++)
            edit(&v, &n, &cap, DIFF_OP_DEL, pre + k, 0);
        for (size_t k = 0; k < mb; k++)
            edit(&v, &n, &cap, DIFF_OP_INS, 0, pre + k);
    }
    for (size_t k = 0; k < suf; k++)
        edit(&v, &n, &cap, DIFF_OP_KEEP, na - suf + k, nb - suf + k);
    *out = v;
    return n;
}
