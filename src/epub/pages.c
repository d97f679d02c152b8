/* Cover, title page, colophon and the navigation document (toc + landmarks). */
#include "epub/internal.h"
#include "epub/xmlw.h"

#include <stdlib.h>
#include <string.h>

char *epub_cover_page(const struct epub_ctx *c, size_t *len)
{
    const struct doc_image *img = c->book->images[c->book->cover_image];
    xmlNodePtr body;
    xmlDocPtr doc = xmlw_page("Cover", c->s->language, &body);
    /* book.css sizes the image to the screen through this page's height */
    xmlw_attr(xmlDocGetRootElement(doc), "class", "cover-page");
    xmlNodePtr sec = xmlw_el(body, "section");
    xmlw_attr(sec, "class", "cover");
    xmlw_epub_type(sec, "cover");
    xmlNodePtr im = xmlw_el(sec, "img");
    xmlw_attr(im, "src", img->book_name);
    char *alt = xasprintf(doc_label(c->s->language, DOC_LABEL_COVER_OF), c->s->title);
    xmlw_attr(im, "alt", alt);
    xmlw_attr(im, "role", "doc-cover");
    free(alt);
    char *out = xmlw_dump(doc, len);
    xmlFreeDoc(doc);
    return out;
}

/* A paragraph of series text (title page, colophon), typeset like the chapters. */
static xmlNodePtr para(xmlNodePtr parent, const char *name, const char *text,
                       const struct series *s)
{
    char *t = doc_smarten(s, text);
    xmlNodePtr n = xmlw_el_text(parent, name, t);
    free(t);
    return n;
}

static char *authors_line(const struct series *s)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < s->n_authors; i++) {
        if (i)
            buf_puts(&b, i + 1 == s->n_authors ? (s->n_authors > 2 ? ", and " : " and ") : ", ");
        buf_puts(&b, s->authors[i]);
    }
    return buf_detach(&b, NULL);
}

char *epub_title_page(const struct epub_ctx *c, size_t *len)
{
    const struct series *s = c->s;
    xmlNodePtr body;
    xmlDocPtr doc = xmlw_page(s->title, s->language, &body);
    xmlNodePtr sec = xmlw_el(body, "section");
    xmlw_attr(sec, "class", "titlepage");
    xmlw_epub_type(sec, "titlepage");
    xmlw_attr(sec, "aria-label", doc_label(c->s->language, DOC_LABEL_TITLE_PAGE));
    /* the print edition's front matter pages (half-title, contents…) begin here */
    for (size_t i = 0; i < c->n_pages; i++) {
        if (c->pages[i].chapter < 0)
            epub_put_page_marker(sec, &c->pages[i]);
    }
    para(sec, "h1", s->title, s);
    if (s->subtitle)
        xmlw_attr(para(sec, "p", s->subtitle, s), "class", "subtitle");
    char *authors = authors_line(s);
    xmlw_attr(xmlw_el_text(sec, "p", authors), "class", "authors");
    free(authors);
    char *ed = xasprintf(doc_label(s->language, DOC_LABEL_EDITION), s->edition);
    xmlw_attr(xmlw_el_text(sec, "p", ed), "class", "edition");
    free(ed);
    if (s->publisher)
        xmlw_attr(para(sec, "p", s->publisher, s), "class", "publisher");
    if (s->credits)
        xmlw_attr(para(sec, "p", s->credits, s), "class", "credits");
    char *out = xmlw_dump(doc, len);
    xmlFreeDoc(doc);
    return out;
}

/* 30196 → "30,196" */
static void group_thousands(size_t n, char out[32])
{
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%zu", n), o = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

char *epub_colophon_page(const struct epub_ctx *c, size_t *len)
{
    const struct series *s = c->s;
    xmlNodePtr body;
    xmlDocPtr doc = xmlw_page("Colophon", s->language, &body);
    xmlNodePtr sec = xmlw_el(body, "section");
    xmlw_attr(sec, "class", "colophon");
    xmlw_epub_type(sec, "colophon");
    xmlw_attr(sec, "role", "doc-colophon");
    xmlw_attr(sec, "aria-labelledby", "colophon.title");
    xmlw_attr(xmlw_el_text(sec, "h1", "Colophon"), "id", "colophon.title");
    char *authors = authors_line(s);
    char *t = xasprintf("%s, edition %s, by %s.", s->title, s->edition, authors);
    xmlw_el_text(sec, "p", t);
    free(t);
    free(authors);
    char words[32];
    group_thousands(c->book->words, words);
    t = xasprintf("Built %s with octavo %s from %zu chapters, %s words.", c->modified,
                  OCTAVO_VERSION, s->n_chapters, words);
    xmlw_el_text(sec, "p", t);
    free(t);
    t = xasprintf("Identifier: %s", s->identifier);
    xmlw_el_text(sec, "p", t);
    free(t);
    /* a colophon names every format's ISBN, as a printed copyright page does */
    const struct series_isbn *isbns[] = {&s->isbn_epub, &s->isbn_pdf};
    const char *formats[] = {"EPUB", "PDF"};
    for (size_t i = 0; i < 2; i++)
        if (isbns[i]->written) {
            t = xasprintf("ISBN %s (%s)", isbns[i]->written, formats[i]);
            xmlw_el_text(sec, "p", t);
            free(t);
        }
    if (s->date) {
        t = xasprintf("Published %s.", s->date);
        xmlw_el_text(sec, "p", t);
        free(t);
    }
    if (s->credits)
        para(sec, "p", s->credits, s);
    if (s->rights)
        para(sec, "p", s->rights, s);
    xmlw_el_text(sec, "p", "Set in Noto Serif and JetBrains Mono.");
    char *out = xmlw_dump(doc, len);
    xmlFreeDoc(doc);
    return out;
}

static void nav_link(xmlNodePtr li, const char *href, const char *text)
{
    xmlNodePtr a = xmlw_el_text(li, "a", text);
    xmlw_attr(a, "href", href);
}

char *epub_nav_page(const struct epub_ctx *c, size_t *len)
{
    const struct series *s = c->s;
    xmlNodePtr body;
    xmlDocPtr doc = xmlw_page("Contents", s->language, &body);
    xmlNodePtr nav = xmlw_el(body, "nav");
    xmlw_epub_type(nav, "toc");
    xmlw_attr(nav, "role", "doc-toc");
    xmlw_attr(nav, "id", "toc");
    xmlw_attr(nav, "aria-labelledby", "toc.title");
    xmlw_attr(xmlw_el_text(nav, "h1", "Contents"), "id", "toc.title");
    xmlNodePtr ol = xmlw_el(nav, "ol");
    for (size_t i = 0; i < s->n_chapters; i++) {
        const struct doc_chapter_info *info = &c->book->chapters[i];
        char *file = epub_chapter_name(s, i);
        xmlNodePtr li = xmlw_el(ol, "li");
        nav_link(li, file, info->title);
        xmlNodePtr sub2 = NULL, li2 = NULL, sub3 = NULL;
        for (size_t h = 0; h < info->n_headings; h++) {
            const struct doc_heading *hd = &info->headings[h];
            char *href = xasprintf("%s#%s", file, hd->id);
            if (hd->level == 2 || !li2) {
                if (!sub2)
                    sub2 = xmlw_el(li, "ol");
                li2 = xmlw_el(sub2, "li");
                nav_link(li2, href, hd->text);
                sub3 = NULL;
            } else {
                if (!sub3)
                    sub3 = xmlw_el(li2, "ol");
                nav_link(xmlw_el(sub3, "li"), href, hd->text);
            }
            free(href);
        }
        free(file);
    }
    xmlNodePtr li = xmlw_el(ol, "li");
    nav_link(li, "colophon.xhtml", doc_label(c->s->language, DOC_LABEL_COLOPHON));

    if (c->n_pages) {
        xmlNodePtr pl = xmlw_el(body, "nav");
        xmlw_epub_type(pl, "page-list");
        xmlw_attr(pl, "role", "doc-pagelist");
        xmlw_attr(pl, "aria-labelledby", "pages.title");
        xmlw_attr(pl, "hidden", "hidden");
        xmlw_attr(xmlw_el_text(pl, "h2", doc_label(c->s->language, DOC_LABEL_PAGES)), "id", "pages.title");
        xmlNodePtr pol = xmlw_el(pl, "ol");
        for (size_t i = 0; i < c->n_pages; i++) {
            const struct doc_page_start *m = &c->pages[i];
            char *file = m->chapter >= 0 && (size_t)m->chapter < s->n_chapters
                             ? epub_chapter_name(s, (size_t)m->chapter)
                             : xstrdup("titlepage.xhtml");
            char *id = epub_page_id(m->label);
            char *href = xasprintf("%s#%s", file, id);
            nav_link(xmlw_el(pol, "li"), href, m->label);
            free(href);
            free(id);
            free(file);
        }
    }

    xmlNodePtr land = xmlw_el(body, "nav");
    xmlw_epub_type(land, "landmarks");
    xmlw_attr(land, "aria-labelledby", "landmarks.title");
    xmlw_attr(land, "hidden", "hidden");
    xmlw_attr(xmlw_el_text(land, "h2", "Landmarks"), "id", "landmarks.title");
    xmlNodePtr lol = xmlw_el(land, "ol");
    char *first = epub_chapter_name(s, 0);
    struct {
        const char *type, *href, *text;
        bool present;
    } marks[] = {
        {"cover", "cover.xhtml", doc_label(c->s->language, DOC_LABEL_COVER), c->book->cover_image >= 0},
        {"titlepage", "titlepage.xhtml", doc_label(c->s->language, DOC_LABEL_TITLE_PAGE), true},
        {"toc", "nav.xhtml#toc", doc_label(c->s->language, DOC_LABEL_CONTENTS), true},
        {"bodymatter", first, doc_label(c->s->language, DOC_LABEL_START_OF_CONTENT), true},
        {"colophon", "colophon.xhtml", doc_label(c->s->language, DOC_LABEL_COLOPHON), true},
    };
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        if (!marks[i].present)
            continue;
        xmlNodePtr a = xmlw_el_text(xmlw_el(lol, "li"), "a", marks[i].text);
        xmlw_epub_type(a, marks[i].type);
        xmlw_attr(a, "href", marks[i].href);
    }
    free(first);
    char *out = xmlw_dump(doc, len);
    xmlFreeDoc(doc);
    return out;
}
