/* What the book keeps of a chapter between passes: title, TOC headings, anchors,
 * image references and counts. The model itself is freed after this. */
#include "doc/doc_internal.h"

#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t count_words(const char *s, size_t len)
{
    size_t words = 0;
    bool in_word = false;
    for (size_t i = 0; i < len; i++) {
        bool space = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
        if (!space && !in_word)
            words++;
        in_word = !space;
    }
    return words;
}

static void add_target(struct doc_chapter_info *info, uint32_t node, int level, const char *id,
                       const char *title)
{
    info->targets = xgrow(info->targets, info->n_targets, sizeof *info->targets);
    info->targets[info->n_targets++] = (struct doc_target){
        .node = node,
        .level = level,
        .id = id ? xstrdup(id) : NULL,
        .title = title ? xstrdup(title) : NULL,
    };
}

void doc_chapter_collect(const struct doc_chapter *ch, struct doc_chapter_info *info)
{
    memset(info, 0, sizeof *info);
    info->title = xstrdup(ch->title);
    info->description = ch->description ? xstrdup(ch->description) : NULL;
    size_t cap_h = 0, cap_a = 0, cap_i = 0;
    struct doc_iter it;
    struct doc_node *n;
    enum doc_event ev;
    uint32_t ordinal = 0; /* counts every ENTER, as the PDF's page starts do */
    add_target(info, 0, 1, NULL, ch->title);
    doc_iter_init(&it, ch->root);
    while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE) {
        if (ev != DOC_EVENT_ENTER)
            continue;
        uint32_t node = ordinal++;
        if (n->id && n->type != DOC_NODE_FOOTNOTE_DEF) {
            /* a page that starts at the heading starts at its first text: in
             * pre-order each first child is its parent's number plus one */
            uint32_t begins = node;
            for (const struct doc_node *c = n->first_child; c; c = c->first_child)
                begins++;
            if (n->type == DOC_NODE_HEADING) {
                char *label = doc_node_label(n);
                add_target(info, begins, n->level, n->id, label);
                free(label);
            } else {
                add_target(info, begins, 0, n->id, NULL);
            }
        }
        if (n->id && n->type != DOC_NODE_FOOTNOTE_DEF) {
            info->anchors =
                xreserve(info->anchors, &cap_a, info->n_anchors + 1, sizeof *info->anchors);
            info->anchors[info->n_anchors++] = xstrdup(n->id);
        }
        switch (n->type) {
        case DOC_NODE_HEADING: {
            char *text = n->level == 2 || n->level == 3 ? doc_node_label(n) : NULL;
            /* an empty heading ("##" alone) has nothing to show in a table of contents */
            if (text && text[strspn(text, " \t\r\n")]) {
                info->headings =
                    xreserve(info->headings, &cap_h, info->n_headings + 1, sizeof *info->headings);
                info->headings[info->n_headings++] = (struct doc_heading){
                    .level = n->level,
                    .text = text,
                    .id = xstrdup(n->id),
                };
                text = NULL;
            }
            free(text);
            break;
        }
        case DOC_NODE_IMAGE: {
            info->images = xreserve(info->images, &cap_i, info->n_images + 1, sizeof *info->images);
            char *alt = doc_node_plain_text(n);
            info->images[info->n_images++] = (struct doc_image_ref){
                .url = xstrdup(n->url ? n->url : ""),
                .line = n->line,
                .col = n->col,
                .has_alt = alt[strspn(alt, " \t")] != '\0',
            };
            free(alt);
            break;
        }
        case DOC_NODE_TEXT:
            info->words += count_words(n->text, n->text_len);
            break;
        case DOC_NODE_CODE_BLOCK:
            info->has_code = true;
            break;
        case DOC_NODE_TABLE:
            info->has_tables = true;
            break;
        case DOC_NODE_FOOTNOTE_DEF:
            info->has_footnotes = true;
            break;
        default:
            break;
        }
    }
    if (info->n_anchors > 1)
        qsort(info->anchors, info->n_anchors, sizeof *info->anchors, cmp_str);
}

void doc_chapter_info_free(struct doc_chapter_info *info)
{
    free(info->title);
    free(info->description);
    for (size_t i = 0; i < info->n_headings; i++) {
        free(info->headings[i].text);
        free(info->headings[i].id);
    }
    free(info->headings);
    for (size_t i = 0; i < info->n_anchors; i++)
        free(info->anchors[i]);
    free(info->anchors);
    for (size_t i = 0; i < info->n_images; i++)
        free(info->images[i].url);
    free(info->images);
    for (size_t i = 0; i < info->n_targets; i++) {
        free(info->targets[i].id);
        free(info->targets[i].title);
    }
    free(info->targets);
    for (size_t i = 0; i < info->n_missing; i++)
        free(info->missing[i]);
    free(info->missing);
    memset(info, 0, sizeof *info);
}
