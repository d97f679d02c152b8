/* Unit tests of src/doc: anchors, footnote numbering, raw HTML sanitising,
 * link resolution, all on chapters parsed from memory. */
#include <stdlib.h>

#include "check.h"
#include "doc/doc.h"
#include "epub/epub.h"

static struct series_chapter chapters[2] = {
    {.file = "01-a.md", .display_path = "s/01-a.md", .name = "01-a"},
    {.file = "sub/02-b.md", .display_path = "s/sub/02-b.md", .name = "sub-02-b"},
};
static struct series series = {
    .dir = "s", .slug = "s", .title = "T", .language = "en", .edition = "1",
    .chapters = chapters, .n_chapters = 2,
};

static struct doc_chapter *parse(size_t index, const char *md, struct diag_list *dl)
{
    return doc_chapter_parse(&series, index, chapters[index].display_path, md, strlen(md), dl);
}

/* Finds the n-th node of a type in document order. */
static struct doc_node *find(struct doc_chapter *ch, enum doc_node_type type, int nth)
{
    struct doc_iter it;
    struct doc_node *n;
    enum doc_event ev;
    doc_iter_init(&it, ch->root);
    while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE)
        if (ev == DOC_EVENT_ENTER && n->type == type && nth-- == 0)
            return n;
    return NULL;
}

static bool has_diag(const struct diag_list *dl, const char *needle, int line)
{
    for (size_t i = 0; i < dl->len; i++)
        if (strstr(dl->items[i].msg, needle) && (line == 0 || dl->items[i].line == line))
            return true;
    return false;
}

static void test_slugs(void)
{
    const char *cases[][2] = {
        {"Hello World", "hello-world"},
        {"Async I/O and the Event Loop", "async-io-and-the-event-loop"},
        {"PEP 703's Breakthrough", "pep-703s-breakthrough"},
        {"snake_case and kebab-case", "snake_case-and-kebab-case"},
        {"72 Processes vs 1 Process—How", "72-processes-vs-1-processhow"},
        {"Café “quoted”", "café-quoted"},
        /* capitals of every script are lowercased by Unicode's rules */
        {"Äpfel und Öl", "äpfel-und-öl"},
        {"Straße ÜBER Maß", "straße-über-maß"},
        {"Ελληνικά ΚΕΦΑΛΑΙΑ: Ω", "ελληνικά-κεφαλαια-ω"},
        {"Русский Заголовок, ЁЖ", "русский-заголовок-ёж"},
        {"日本語の見出し（テスト）", "日本語の見出しテスト"},
        {"中文标题：示例。", "中文标题示例"},
        {"Türkçe İstanbul", "türkçe-i\xCC\x87stanbul"},
        /* symbols go, emoji included; the space after them stays a '-' */
        {"🚀 Features", "-features"},
        {"Rocket 🚀 launch ✨", "rocket--launch-"},
        {"C++ & C# © 2024", "c--c--2024"},
        {" Add entries (--add-host)", "-add-entries---add-host"},
        {"x² and ½", "x-and-"},
        {"Ⅻ Roman", "ⅻ-roman"},
        {"naïve — déjà vu…", "naïve--déjà-vu"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = doc_slugify(cases[i][0]);
        CHECK_STR(s, cases[i][1]);
        free(s);
    }
}

static void test_ids_and_title(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    struct doc_chapter *ch = parse(0,
                                   "# The Title\n\n## Intro\n\ntext\n\n## Intro\n\n### Intro\n\n"
                                   "## Intro 1\n\n## !!!\n",
                                   &dl);
    CHECK(ch != NULL);
    CHECK_STR(ch->title, "The Title");
    CHECK(ch->title_from_heading);
    CHECK_STR(find(ch, DOC_NODE_HEADING, 0)->id, "intro");
    CHECK_STR(find(ch, DOC_NODE_HEADING, 1)->id, "intro-1");
    CHECK_STR(find(ch, DOC_NODE_HEADING, 2)->id, "intro-2");
    CHECK_STR(find(ch, DOC_NODE_HEADING, 3)->id, "intro-1-1");
    CHECK_STR(find(ch, DOC_NODE_HEADING, 4)->id, "section");
    doc_chapter_free(ch);
    diag_list_free(&dl);

    /* the title heading keeps GitHub's anchor, and counts for repeats */
    ch = parse(0, "# Process\n\n## Process\n", &dl);
    CHECK_STR(ch->title, "Process");
    CHECK_STR(find(ch, DOC_NODE_HEADING, 0)->id, "process-1");
    CHECK(find(ch, DOC_NODE_HTML_ELEMENT, 0) && find(ch, DOC_NODE_HTML_ELEMENT, 0)->id &&
          !strcmp(find(ch, DOC_NODE_HTML_ELEMENT, 0)->id, "process"));
    doc_chapter_free(ch);
    diag_list_free(&dl);

    ch = parse(0, "---\ntitle: From Front Matter\ndescription: D\nfoo: 1\n---\n# H1 stays\n", &dl);
    CHECK_STR(ch->title, "From Front Matter");
    CHECK_STR(ch->description, "D");
    CHECK(find(ch, DOC_NODE_HEADING, 0) != NULL);
    CHECK(has_diag(&dl, "unknown front matter key 'foo'", 4));
    doc_chapter_free(ch);
    diag_list_free(&dl);
}

static void test_footnotes(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    struct doc_chapter *ch =
        parse(0, "# T\n\nA[^z] B[^y] C[^z]\n\n[^y]: Y.\n[^z]: Z.\n[^q]: unused\n", &dl);
    struct doc_node *r0 = find(ch, DOC_NODE_FOOTNOTE_REF, 0);
    struct doc_node *r1 = find(ch, DOC_NODE_FOOTNOTE_REF, 1);
    struct doc_node *r2 = find(ch, DOC_NODE_FOOTNOTE_REF, 2);
    CHECK(r0->number == 1 && r0->ref_index == 1);
    CHECK(r1->number == 2 && r1->ref_index == 1);
    CHECK(r2->number == 1 && r2->ref_index == 2);
    CHECK_STR(find(ch, DOC_NODE_FOOTNOTE_DEF, 0)->id, "fn.1");
    CHECK(find(ch, DOC_NODE_FOOTNOTE_DEF, 2) == NULL);
    char *t = doc_node_plain_text(find(ch, DOC_NODE_FOOTNOTE_DEF, 0));
    CHECK_STR(t, "Z.");
    free(t);
    doc_chapter_free(ch);
    diag_list_free(&dl);
}

static void test_raw_html(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    struct doc_chapter *ch = parse(0,
                                   "# T\n\n<div onclick=\"x()\" class=\"box\"><script>alert(1)"
                                   "</script><p>kept <b>bold</b></p></div>\n\n"
                                   "Inline <span id=\"here\">span</span> and <iframe "
                                   "src=\"x\"></iframe> end.\n\n<p>unclosed <em>tag\n",
                                   &dl);
    CHECK(ch != NULL);
    CHECK(has_diag(&dl, "<script> dropped", 3));
    CHECK(has_diag(&dl, "event-handler attribute 'onclick'", 3));
    CHECK(has_diag(&dl, "<iframe> dropped", 5));
    CHECK(has_diag(&dl, "repaired", 7));
    struct doc_node *div = find(ch, DOC_NODE_HTML_ELEMENT, 1); /* 0: the title's anchor */
    CHECK(div && !strcmp(div->tag, "div"));
    CHECK(find(ch, DOC_NODE_STRONG, 0) != NULL);
    struct doc_node *span = find(ch, DOC_NODE_HTML_ELEMENT, 2);
    CHECK(span && span->id && !strcmp(span->id, "here"));
    doc_chapter_free(ch);
    diag_list_free(&dl);
}

/* A raw HTML list keeps its items (they were once unwrapped into the list). */
static void test_raw_html_list(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    struct doc_chapter *ch =
        parse(0, "# T\n\n<ul><li>one</li><li>two <em>x</em></li></ul>\n\n"
                 "<ol start=\"3\"><li><p>para</p></li></ol>\n", &dl);
    CHECK(ch != NULL);
    CHECK(dl.len == 0);
    struct doc_node *ul = find(ch, DOC_NODE_LIST, 0), *ol = find(ch, DOC_NODE_LIST, 1);
    CHECK(ul && !ul->ordered && ol && ol->ordered);
    CHECK(find(ch, DOC_NODE_ITEM, 2) != NULL && find(ch, DOC_NODE_ITEM, 3) == NULL);
    CHECK(ul && ul->first_child && ul->first_child->type == DOC_NODE_ITEM);
    doc_chapter_free(ch);
    diag_list_free(&dl);
}

static void test_links(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    series.real_dir = realpath(".", NULL);
    struct doc_book book;
    CHECK(doc_book_begin(&book, &series, &dl));
    /* chapter 1 links forward: to an anchor chapter 2 has and one it lacks */
    struct doc_chapter *a =
        parse(0, "# A\n\n## Start Here\n\n[f](sub/02-b.md#other) [g](sub/02-b.md#gone)\n", &dl);
    CHECK(doc_book_add_chapter(&book, a, &dl));
    CHECK(dl.len == 0); /* forward anchors wait for their chapter */
    struct doc_chapter *c = parse(1,
                                  "# B\n\n[1](../01-a.md#start-here) [2](../01-a.md#nope) "
                                  "[3](#other) [4](javascript:alert(1)) [5](https://x.org) "
                                  "[6](../../etc/passwd) [7](notes.txt)\n\n## Other\n",
                                  &dl);
    CHECK(doc_book_add_chapter(&book, c, &dl));
    doc_book_finish(&book);
    struct doc_node *f = find(a, DOC_NODE_LINK, 0), *g = find(a, DOC_NODE_LINK, 1);
    CHECK(f->link_kind == DOC_LINK_INTERNAL && f->target_chapter == 1);
    CHECK_STR(f->target_anchor, "other");
    /* a missing forward anchor keeps its name, and lands at the chapter's start */
    CHECK_STR(g->target_anchor, "gone");
    CHECK(has_diag(&dl, "no heading or anchor '#gone'", 5));
    CHECK(book.chapters[1].n_missing == 1 && !strcmp(book.chapters[1].missing[0], "gone"));
    struct doc_node *l[7];
    for (int i = 0; i < 7; i++)
        l[i] = find(c, DOC_NODE_LINK, i);
    CHECK(l[0]->link_kind == DOC_LINK_INTERNAL && l[0]->target_chapter == 0);
    CHECK_STR(l[0]->target_anchor, "start-here");
    CHECK(l[1]->link_kind == DOC_LINK_INTERNAL && l[1]->target_anchor == NULL);
    CHECK(has_diag(&dl, "no heading or anchor '#nope'", 3));
    CHECK(l[2]->link_kind == DOC_LINK_INTERNAL && l[2]->target_chapter == 1);
    CHECK(l[3]->link_kind == DOC_LINK_PLAIN);
    CHECK(has_diag(&dl, "unsafe or local scheme 'javascript:'", 3));
    CHECK(l[4]->link_kind == DOC_LINK_EXTERNAL);
    CHECK(l[5]->link_kind == DOC_LINK_PLAIN);
    CHECK(has_diag(&dl, "leaves the series folder", 3));
    CHECK(l[6]->link_kind == DOC_LINK_PLAIN);
    CHECK(has_diag(&dl, "not a chapter of the series", 3));
    /* nodes are numbered in pre-order: the root is 0 */
    CHECK(c->root->seq == 0 && c->root->first_child->seq == 1);
    size_t len;
    char *xhtml = epub_chapter_xhtml(c, &book, NULL, 0, &len);
    CHECK(strstr(xhtml, "href=\"01-a.xhtml#start-here\"") != NULL);
    CHECK(strstr(xhtml, "href=\"#other\"") != NULL);
    CHECK(strstr(xhtml, "<span id=\"gone\"") != NULL);
    CHECK(strstr(xhtml, "javascript") == NULL);
    CHECK(strncmp(xhtml, "<?xml version=\"1.0\" encoding=\"utf-8\"?>", 38) == 0);
    free(xhtml);
    xhtml = epub_chapter_xhtml(a, &book, NULL, 0, &len);
    CHECK(strstr(xhtml, "href=\"sub-02-b.xhtml#gone\"") != NULL);
    free(xhtml);
    doc_chapter_free(a);
    doc_chapter_free(c);
    doc_book_free(&book);
    free(series.real_dir);
    diag_list_free(&dl);
}

static void test_bad_input(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    CHECK(parse(0, "ok\nbad \xC3(\n", &dl) == NULL);
    CHECK(dl.len == 1 && dl.items[0].line == 2 && dl.items[0].col == 5);
    diag_list_free(&dl);
    CHECK(parse(0, "\xFF\xFE" "a\0b\0", &dl) == NULL);
    CHECK(has_diag(&dl, "UTF-16", 1));
    diag_list_free(&dl);
    CHECK(parse(0, "---\ntitle: [unclosed\n---\n", &dl) == NULL);
    CHECK(dl.len == 1 && dl.items[0].level == DIAG_ERROR);
    diag_list_free(&dl);
}

static void test_typography(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    struct doc_chapter *ch = parse(0,
                                   "# \"Quoted\" Title\n\n## It's -- here...\n\n"
                                   "She said \"don't\" --- then *\"left\"* `a--b \"c\"` "
                                   "https://x.org/a--b...\n",
                                   &dl);
    CHECK_STR(ch->title, "\xE2\x80\x9CQuoted\xE2\x80\x9D Title");
    struct doc_node *h = find(ch, DOC_NODE_HEADING, 0);
    CHECK_STR(h->id, "its----here");
    char *t = doc_node_plain_text(h);
    CHECK_STR(t, "It\xE2\x80\x99s \xE2\x80\x93 here\xE2\x80\xA6");
    free(t);
    t = doc_node_plain_text(find(ch, DOC_NODE_PARAGRAPH, 0));
    CHECK_STR(t, "She said \xE2\x80\x9C" "don\xE2\x80\x99t\xE2\x80\x9D \xE2\x80\x94 then "
                 "\xE2\x80\x9Cleft\xE2\x80\x9D a--b \"c\" https://x.org/a--b\xE2\x80\xA6");
    free(t);
    doc_chapter_free(ch);
    diag_list_free(&dl);
}

/* What a reader may copy and type keeps its hyphens and quotes; raw HTML's
 * text stays as written; prose around both is still set. */
static void test_typography_literals(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    struct doc_chapter *ch = parse(0,
                                   "# T\n\nUse --add-host or -x (--dns) and \"--name\"; "
                                   "see /usr/share/doc--x, C:\\dir--y, www.a.org/b--c, "
                                   "KEY=\"v\", snake_case--z, a::b... f()--g $HOME--h "
                                   "it's -- done...\n\n"
                                   "Text <span title=\"t\">\"raw\" -- html</span> and "
                                   "<em>\"raw em\"</em> and *\"md em\"*.\n\n"
                                   "<div>\n\"block\" -- html\n</div>\n",
                                   &dl);
    CHECK(ch != NULL);
    char *t = doc_node_plain_text(find(ch, DOC_NODE_PARAGRAPH, 0));
    CHECK_STR(t, "Use --add-host or -x (--dns) and \xE2\x80\x9C--name\xE2\x80\x9D; "
                 "see /usr/share/doc--x, C:\\dir--y, www.a.org/b--c, KEY=\"v\", "
                 "snake_case--z, a::b\xE2\x80\xA6 f()--g $HOME--h "
                 "it\xE2\x80\x99s \xE2\x80\x93 done\xE2\x80\xA6");
    free(t);
    t = doc_node_plain_text(find(ch, DOC_NODE_PARAGRAPH, 1));
    CHECK_STR(t, "Text \"raw\" -- html and \"raw em\" and \xE2\x80\x9Cmd em\xE2\x80\x9D.");
    free(t);
    t = doc_node_plain_text(find(ch, DOC_NODE_HTML_ELEMENT, 2)); /* 0: the title's anchor */
    CHECK(t && strstr(t, "\"block\" -- html"));
    free(t);
    /* the marker that told raw HTML from Markdown is not kept */
    struct doc_node *span = find(ch, DOC_NODE_HTML_ELEMENT, 1);
    CHECK(span && span->attrs && span->attrs[0].name && !strcmp(span->attrs[0].name, "title") &&
          !span->attrs[1].name);
    doc_chapter_free(ch);
    diag_list_free(&dl);

    /* quotes around a literal word, or after an autolink, still pair */
    ch = parse(0, "# T\n\nUse \"https://\" or '/v1/' or \"jdoe@acme.com\".\n", &dl);
    t = doc_node_plain_text(find(ch, DOC_NODE_PARAGRAPH, 0));
    CHECK_STR(t, "Use \xE2\x80\x9Chttps://\xE2\x80\x9D or \xE2\x80\x98/v1/\xE2\x80\x99 or "
                 "\xE2\x80\x9Cjdoe@acme.com\xE2\x80\x9D.");
    free(t);
    doc_chapter_free(ch);
    diag_list_free(&dl);

    /* smart-punctuation: false */
    series.straight_punctuation = true;
    ch = parse(0, "# \"T\"\n\nIt's -- \"here\"...\n", &dl);
    CHECK_STR(ch->title, "\"T\"");
    t = doc_node_plain_text(find(ch, DOC_NODE_PARAGRAPH, 0));
    CHECK_STR(t, "It's -- \"here\"...");
    free(t);
    char *sm = doc_smarten(&series, "\"x\"");
    CHECK_STR(sm, "\"x\"");
    free(sm);
    series.straight_punctuation = false;
    sm = doc_smarten(&series, "\"x\"");
    CHECK_STR(sm, "\xE2\x80\x9Cx\xE2\x80\x9D");
    free(sm);
    doc_chapter_free(ch);
    diag_list_free(&dl);
}

/* Inline raw HTML in headings, table cells and list items is HTML, as on
 * GitHub: <a name> and <a id> become anchors, never text. */
static void test_inline_html_anchors(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    struct doc_chapter *ch = parse(0,
                                   "# <a name=\"top\"></a>The Title\n\n"
                                   "### <a name=\"add-host\"></a> Add entries (--add-host)\n\n"
                                   "| a | b |\n|---|---|\n| <a id=\"cell\"></a>x <b>y</b> | z |\n\n"
                                   "- <a name=\"item\"></a> item\n",
                                   &dl);
    CHECK(ch != NULL);
    CHECK_STR(ch->title, "The Title");
    struct doc_node *h = find(ch, DOC_NODE_HEADING, 0);
    CHECK_STR(h->id, "-add-entries---add-host");
    char *t = doc_node_label(h);
    CHECK_STR(t, "Add entries (--add-host)");
    free(t);
    CHECK(h->first_child && h->first_child->type == DOC_NODE_HTML_ELEMENT &&
          !strcmp(h->first_child->id, "add-host"));
    struct doc_node *top = find(ch, DOC_NODE_HTML_ELEMENT, 0);
    CHECK(top && top->id && !strcmp(top->id, "top") && top->parent == ch->root);
    struct doc_node *cell = find(ch, DOC_NODE_TABLE_CELL, 2);
    CHECK(cell && cell->first_child && cell->first_child->id &&
          !strcmp(cell->first_child->id, "cell"));
    CHECK(find(ch, DOC_NODE_STRONG, 0) != NULL);
    struct doc_chapter_info info;
    doc_chapter_collect(ch, &info);
    CHECK(info.n_anchors == 6); /* top, the-title, the heading, add-host, cell, item */
    CHECK(info.n_headings == 1 && !strcmp(info.headings[0].text, "Add entries (--add-host)"));
    doc_chapter_info_free(&info);
    for (size_t i = 0; i < dl.len; i++)
        CHECK(!strstr(dl.items[i].msg, "kept as text") && !strstr(dl.items[i].msg, "unsupported"));
    doc_chapter_free(ch);
    diag_list_free(&dl);
}

/* U+0000 becomes U+FFFD with a warning (CommonMark 2.3); bad UTF-8 stays an error. */
static void test_nul(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    static const char md[] = "# T\n\nab\0c\n";
    struct doc_chapter *ch = doc_chapter_parse(&series, 0, "s/01-a.md", md, sizeof md - 1, &dl);
    CHECK(ch != NULL);
    CHECK(dl.len == 1 && dl.items[0].level == DIAG_WARNING && dl.items[0].line == 3 &&
          dl.items[0].col == 3);
    char *t = ch ? doc_node_plain_text(find(ch, DOC_NODE_PARAGRAPH, 0)) : NULL;
    CHECK_STR(t, "ab\xEF\xBF\xBD" "c");
    free(t);
    doc_chapter_free(ch);
    diag_list_free(&dl);
}

int main(void)
{
    doc_init();
    test_slugs();
    test_ids_and_title();
    test_footnotes();
    test_raw_html();
    test_raw_html_list();
    test_links();
    test_bad_input();
    test_typography();
    test_typography_literals();
    test_inline_html_anchors();
    test_nul();
    return check_summary();
}
