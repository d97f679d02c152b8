/* Unit tests of src/diff: the report of what changed between two editions and
 * the redline's marks, on small models parsed from memory. */
#include <stdlib.h>

#include "check.h"
#include "diff/diff.h"

static struct series_chapter chapters[4] = {
    {.file = "01-a.md", .display_path = "s/01-a.md"},
    {.file = "02-b.md", .display_path = "s/02-b.md"},
    {.file = "03-c.md", .display_path = "s/03-c.md"},
    {.file = "04-d.md", .display_path = "s/04-d.md"},
};
static struct series series = {
    .dir = "s", .slug = "s", .title = "T", .language = "en", .edition = "1",
    .chapters = chapters, .n_chapters = 4,
};

static struct doc_chapter *parse(size_t index, const char *md)
{
    struct diag_list dl = DIAG_LIST_INIT;
    struct doc_chapter *ch =
        doc_chapter_parse(&series, index, chapters[index].display_path, md, strlen(md), &dl);
    CHECK(ch != NULL);
    diag_list_free(&dl);
    return ch;
}

/* The model as text: {+inserted+}, [-deleted-], a line per block, code lines
 * prefixed with their mark. */
static char *show(const struct doc_node *root)
{
    struct buf b = BUF_INIT;
    struct doc_iter it;
    struct doc_node *n;
    enum doc_event ev;
    doc_iter_init(&it, (struct doc_node *)root);
    while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE) {
        bool enter = ev == DOC_EVENT_ENTER;
        switch (n->type) {
        case DOC_NODE_TEXT:
        case DOC_NODE_CODE:
            buf_put(&b, n->text, n->text_len);
            break;
        case DOC_NODE_SOFTBREAK:
            buf_putc(&b, ' ');
            break;
        case DOC_NODE_INS:
            buf_puts(&b, enter ? "{+" : "+}");
            break;
        case DOC_NODE_DEL:
            buf_puts(&b, enter ? "[-" : "-]");
            break;
        case DOC_NODE_CODE_BLOCK:
            for (size_t i = 0, line = 0; i < n->text_len; line++) {
                const char *nl = memchr(n->text + i, '\n', n->text_len - i);
                size_t end = nl ? (size_t)(nl - n->text) : n->text_len;
                buf_putc(&b, n->line_marks ? n->line_marks[line] : ' ');
                buf_put(&b, n->text + i, end - i);
                buf_putc(&b, '|');
                i = end + 1;
            }
            buf_putc(&b, '\n');
            break;
        case DOC_NODE_PARAGRAPH:
        case DOC_NODE_HEADING:
        case DOC_NODE_TABLE_ROW:
            if (!enter)
                buf_putc(&b, '\n');
            break;
        case DOC_NODE_TABLE_CELL:
            if (!enter)
                buf_putc(&b, '|');
            break;
        default:
            break;
        }
    }
    return buf_detach(&b, NULL);
}

/* The redline of chapter text b against a, shown. */
static char *redline(const char *a, const char *b, size_t *marks)
{
    struct doc_chapter *old = parse(0, a), *cur = parse(0, b);
    *marks = diff_redline_chapter(cur, old->root);
    char *s = show(cur->root);
    doc_chapter_free(old);
    doc_chapter_free(cur);
    return s;
}

static void test_rewrap_is_no_change(void)
{
    size_t marks;
    char *s = redline("One two three\nfour five six.\n\nNext.\n",
                      "One two\nthree four five\nsix.\n\nNext.\n", &marks);
    CHECK(marks == 0);
    CHECK_STR(s, "One two three four five six.\nNext.\n");
    free(s);
}

static void test_words(void)
{
    size_t marks;
    char *s = redline("The quick brown fox jumps.\n", "The slow brown fox jumps high.\n", &marks);
    CHECK_STR(s, "The [-quick-] {+slow+} brown fox [-jumps.-] {+jumps high.+}\n");
    free(s);
    /* a word gone from the middle, and emphasis kept around what stays */
    s = redline("Keep *all of* this text.\n", "Keep *all* this text.\n", &marks);
    CHECK_STR(s, "Keep all [-of-] this text.\n");
    CHECK(marks == 1);
    free(s);
    /* CJK text has no spaces: each character is a word */
    s = redline("内存管理很重要。\n", "内存分配很重要。\n", &marks);
    CHECK(strstr(s, "[-管理-]") && strstr(s, "{+分配+}"));
    free(s);
}

static void test_blocks(void)
{
    size_t marks;
    char *s = redline("# T\n\nFirst paragraph here.\n\nGone paragraph entirely different.\n\n"
                      "Last one.\n",
                      "# T\n\nFirst paragraph here.\n\nLast one.\n\nA brand new ending.\n", &marks);
    CHECK_STR(s, "First paragraph here.\n[-Gone paragraph entirely different.-]\nLast one.\n"
                 "{+A brand new ending.+}\n");
    free(s);
    /* a heading changed word by word keeps its place */
    s = redline("## Old name here\n\nText.\n", "## New name here\n\nText.\n", &marks);
    CHECK_STR(s, "[-Old-] {+New+} name here\nText.\n");
    free(s);
    /* list items and table cells */
    s = redline("- apples\n- pears\n- plums\n", "- apples\n- ripe pears\n", &marks);
    CHECK_STR(s, "apples\n{+ripe+} pears\n[-plums-]\n");
    free(s);
    s = redline("| a | b |\n|---|---|\n| one | two |\n",
                "| a | b |\n|---|---|\n| one | three |\n", &marks);
    CHECK_STR(s, "a|b|\none|[-two-] {+three+}|\n");
    free(s);
}

/* A section that moved keeps its word marks at its new place; one removed
 * stands, deleted, after what came before it. */
static void test_moved_section(void)
{
    size_t marks;
    char *s = redline("Intro.\n\n## A\n\nAlpha text here.\n\n## B\n\nBeta one two.\n\n"
                      "## C\n\nGone soon.\n",
                      "Intro.\n\n## B\n\nBeta one two.\n\n## A\n\nAlpha new text here.\n",
                      &marks);
    CHECK_STR(s, "Intro.\nB\nBeta one two.\n[-C-]\n[-Gone soon.-]\nA\nAlpha {+new+} text here.\n");
    free(s);
}

static void test_code_lines(void)
{
    size_t marks;
    char *s = redline("```c\nint a;\nint b;\nint c;\n```\n", "```c\nint a;\nlong b;\nint c;\n```\n",
                      &marks);
    CHECK_STR(s, " int a;|-int b;|+long b;| int c;|\n");
    CHECK(marks == 2);
    free(s);
}

static void test_inserted_chapter(void)
{
    struct doc_chapter *cur = parse(0, "Para.\n\n```\nx\n```\n");
    size_t marks = diff_redline_chapter(cur, NULL);
    char *s = show(cur->root);
    CHECK_STR(s, "{+Para.+}\n+x|\n");
    CHECK(marks == 2);
    free(s);
    struct doc_chapter *old = parse(0, "Gone *text*.\n\n- an item\n");
    struct doc_chapter *gone = parse(1, "");
    diff_redline_removed(gone, old->root);
    s = show(gone->root);
    CHECK_STR(s, "[-Gone text.-]\n[-an item-]\n");
    free(s);
    doc_chapter_free(old);
    doc_chapter_free(gone);
    doc_chapter_free(cur);
}

static const struct diff_entry *find_entry(const struct diff_report *r, const char *title)
{
    for (size_t i = 0; i < r->len; i++)
        if (!strcmp(r->items[i].title, title))
            return &r->items[i];
    return NULL;
}

static void test_report(void)
{
    /* edition 1: a, b, c; edition 2: b (changed section, moved section,
     * new section), a (moved after b), d (new); c removed */
    struct doc_chapter *o[3] = {
        parse(0, "# Alpha\n\nIntro of alpha.\n\n## Kept\n\nSame text here.\n\n## Wanderer\n\nI move.\n"),
        parse(1, "# Beta\n\nIntro of beta.\n\n## Edited\n\nOne two three four\n\n"
                 "## Dropped\n\nThis goes away.\n\n## Later\n\nStays.\n"),
        parse(2, "# Gamma\n\nWhole chapter removed.\n"),
    };
    struct doc_chapter *n[3] = {
        parse(1, "# Beta\n\nIntro of beta.\n\n## Later\n\nStays.\n\n## Edited\n\n"
                 "One two three\nfour five\n\n## Wanderer\n\nI move.\n\n## Fresh\n\nBrand new words.\n"),
        parse(0, "# Alpha\n\nIntro of\nalpha.\n\n## Kept\n\nSame text\nhere.\n"),
        parse(3, "# Delta\n\nAll new.\n"),
    };
    struct diff_book *ob = diff_book_new(3), *nb = diff_book_new(3);
    for (size_t i = 0; i < 3; i++) {
        diff_book_set(ob, i, chapters[o[i]->index].file, o[i]->title, o[i]->root);
        diff_book_set(nb, i, chapters[n[i]->index].file, n[i]->title, n[i]->root);
    }
    /* the comparison keeps nothing of the models */
    for (int i = 0; i < 3; i++) {
        doc_chapter_free(o[i]);
        doc_chapter_free(n[i]);
    }
    struct diff_report r;
    diff_compare(ob, nb, &r);
    const struct diff_entry *e;
    CHECK((e = find_entry(&r, "Beta")) && e->level == 1 && (e->what & DIFF_CHANGED) &&
          e->old_chapter == 1 && e->new_chapter == 0);
    /* Alpha and Beta swapped places: one of them moved */
    CHECK(!(find_entry(&r, "Beta")->what & DIFF_MOVED) != !(find_entry(&r, "Alpha")->what & DIFF_MOVED));
    CHECK((e = find_entry(&r, "Edited")) && e->what == DIFF_CHANGED && e->words_added == 1 &&
          e->words_removed == 0 && !strcmp(e->old_id, "edited"));
    CHECK((e = find_entry(&r, "Later")) && e->what == DIFF_MOVED);
    CHECK((e = find_entry(&r, "Dropped")) && e->what == DIFF_REMOVED && e->words_removed == 4 &&
          e->new_chapter == DIFF_NONE && !strcmp(e->old_id, "dropped"));
    CHECK((e = find_entry(&r, "Wanderer")) && e->what == DIFF_MOVED && e->old_chapter == 0 &&
          e->new_chapter == 0);
    CHECK((e = find_entry(&r, "Fresh")) && e->what == DIFF_ADDED && e->words_added == 4 &&
          !strcmp(e->new_id, "fresh"));
    /* Alpha lost a section (moved out) and moved; its re-wrapped text is no change */
    CHECK((e = find_entry(&r, "Alpha")) && (e->what & DIFF_CHANGED) && e->words_added == 0);
    CHECK(find_entry(&r, "Kept") == NULL);
    CHECK((e = find_entry(&r, "Gamma")) && e->what == DIFF_REMOVED && e->level == 1);
    CHECK((e = find_entry(&r, "Delta")) && e->what == DIFF_ADDED && e->new_chapter == 2);
    /* book order: Beta's entries, then Alpha, Gamma after Beta (its old predecessor), Delta */
    CHECK(r.len >= 3 && !strcmp(r.items[0].title, "Beta"));
    CHECK(!strcmp(r.items[r.len - 1].title, "Delta"));

    /* the generated section: linked, counted, keyed to the old pages */
    struct diff_old_page pages[] = {
        {"02-b.md", "", "5"}, {"02-b.md", "edited", "7"}, {"02-b.md", "dropped", "8"},
        {"03-c.md", "", "11"},
    };
    struct diff_changes dc = {.language = "en", .since = "1.0.0", .notes = "Fixed *typos*.",
                              .report = &r, .old_b = ob, .new_b = nb,
                              .pages = pages, .n_pages = 4};
    size_t len;
    char *md = diff_changes_markdown(&dc, &len);
    CHECK(strstr(md, "# Changes in this edition\n") == md);
    CHECK(strstr(md, "## Release notes\n\nFixed *typos*.\n"));
    CHECK(strstr(md, "  - [Edited](<02-b.md#edited>) — changed (1 word added; p\\. 7 in 1\\.0\\.0)\n"));
    CHECK(strstr(md, "  - ~~Dropped~~ — removed (4 words; p\\. 8 in 1\\.0\\.0)\n"));
    CHECK(strstr(md, "- ~~Gamma~~ — removed (3 words; p\\. 11 in 1\\.0\\.0)\n"));
    CHECK(strstr(md, "- [Delta](<04-d.md>) — added (2 words)\n"));
    /* it parses clean, and reads as it should */
    struct doc_chapter *gen = parse(0, md);
    char *text = doc_node_plain_text(gen->root);
    CHECK(strstr(text, "Edited — changed (1 word added; p. 7 in 1.0.0)") != NULL);
    CHECK_STR(gen->title, "Changes in this edition");
    free(text);
    doc_chapter_free(gen);
    free(md);
    dc.language = "zh-Hans";
    md = diff_changes_markdown(&dc, &len);
    CHECK(strstr(md, "# 本版变更\n") == md);
    CHECK(strstr(md, "1\\.0\\.0 版第 7 页"));
    free(md);
    diff_report_free(&r);
    /* an unchanged book has nothing to report */
    diff_compare(ob, ob, &r);
    CHECK(r.len == 0);
    diff_report_free(&r);
    size_t *m = diff_match_chapters(ob, nb);
    CHECK(m[0] == 1 && m[1] == 0 && m[2] == DIFF_NONE);
    free(m);
    diff_book_free(ob);
    diff_book_free(nb);
}

/* A note belongs to the section citing it: a section added after it, or a
 * note edited, changes only what it should. */
static void test_notes(void)
{
    struct doc_chapter *o = parse(0, "# A\n\n## One\n\nText[^n].\n\n## Two\n\nMore.\n\n"
                                     "[^n]: The note.\n");
    struct doc_chapter *n = parse(0, "# A\n\n## One\n\nText[^n].\n\n## Two\n\nMore.\n\n"
                                     "## Three\n\nNew.\n\n[^n]: The note, longer.\n");
    struct diff_book *ob = diff_book_new(1), *nb = diff_book_new(1);
    diff_book_set(ob, 0, "01-a.md", o->title, o->root);
    diff_book_set(nb, 0, "01-a.md", n->title, n->root);
    struct diff_report r;
    diff_compare(ob, nb, &r);
    const struct diff_entry *e;
    CHECK((e = find_entry(&r, "One")) && e->what == DIFF_CHANGED && e->words_added == 2 &&
          e->words_removed == 1);
    CHECK(find_entry(&r, "Two") == NULL);
    CHECK((e = find_entry(&r, "Three")) && e->what == DIFF_ADDED);
    diff_report_free(&r);
    diff_book_free(ob);
    diff_book_free(nb);
    doc_chapter_free(o);
    doc_chapter_free(n);
}

int main(void)
{
    doc_init();
    test_rewrap_is_no_change();
    test_words();
    test_blocks();
    test_code_lines();
    test_moved_section();
    test_inserted_chapter();
    test_report();
    test_notes();
    return check_summary();
}
