/* Private to src/diff: tokens of a model and the sequence diff over them. */
#ifndef OCTAVO_DIFF_INTERNAL_H
#define OCTAVO_DIFF_INTERNAL_H

#include "diff/diff.h"

#include <stdint.h>

/* What a comparison sees of a model: words (a CJK character is a word), code
 * spans, images and code lines as hashed tokens, and one structural token per
 * block, so a paragraph split in two differs but a re-wrapped one does not. */
struct diff_tok {
    uint64_t h;
    uint32_t words;                /* words it counts for (0: structural) */
    bool glued;                    /* follows the token before with no space between */
    uint32_t off, len;             /* TEXT words: bytes in node->text */
    const struct doc_node *node;   /* the node it came from, NULL if structural */
    size_t pool_off;               /* its text in the pool, when one was given */
};

struct diff_toks {
    struct diff_tok *v;
    size_t len, cap;
};

/* Appends the tokens of n's subtree (n included). With pool, each word's and
 * code span's text is appended to it too (pool_off, len). inline_only: only
 * the atoms of inline content, no structural tokens. */
void diff_tokenize(const struct doc_node *n, struct diff_toks *out, struct buf *pool,
                   bool inline_only);
void diff_toks_free(struct diff_toks *t);
/* One hash of a token sequence: the signature of a block. */
uint64_t diff_toks_hash(const struct diff_tok *t, size_t n);
uint64_t diff_hash_bytes(uint64_t h, const void *p, size_t len);
#define DIFF_HASH_SEED 14695981039346656037ULL
/* Dice coefficient of two token multisets, 0–1. */
double diff_similarity(const struct diff_tok *a, size_t na, const struct diff_tok *b, size_t nb);

enum diff_op { DIFF_OP_KEEP, DIFF_OP_DEL, DIFF_OP_INS };
struct diff_edit {
    enum diff_op op;
    uint32_t a, b; /* index in the old (KEEP, DEL) and the new (KEEP, INS) sequence */
};
/* An edit script turning a into b by token hash: a longest common subsequence
 * after the common prefix and suffix; within each gap deletions come before
 * insertions. Returns the number of edits; *out is the caller's to free. */
size_t diff_sequence(const struct diff_tok *a, size_t na, const struct diff_tok *b, size_t nb,
                     struct diff_edit **out);

/* Blocks that hold inline content (where word marks go). */
bool diff_holds_inlines(const struct doc_node *n);

#endif
