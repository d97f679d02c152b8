/* Hyphenation points from libhyphen with Debian's patterns (the hyphen-*
 * packages) for the book's language. */
#include "pdf/hyphen.h"

#include <glib.h>
#include <hyphen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HYPHEN_DIR "/usr/share/hyphen"

struct pdf_hyphenator {
    HyphenDict *dict;
};

static HyphenDict *try_load(const char *tag, struct file_log *inputs)
{
    char *path = xasprintf(HYPHEN_DIR "/hyph_%s.dic", tag);
    HyphenDict *d = access(path, R_OK) == 0 ? hnj_hyphen_load(path) : NULL;
    /* only the file read: a missing one would make make rebuild every time */
    if (d)
        file_log_add(inputs, path);
    free(path);
    return d;
}

struct pdf_hyphenator *pdf_hyphenator_new(const char *lang, const char *manifest,
                                          struct file_log *inputs, struct diag_list *dl)
{
    /* en-US → en_US, then en, then (English only) en_US */
    char *tag = xstrdup(lang && *lang ? lang : "en");
    for (char *p = tag; *p; p++)
        if (*p == '-')
            *p = '_';
    HyphenDict *d = try_load(tag, inputs);
    char *us = strchr(tag, '_');
    if (!d && us) {
        *us = '\0';
        d = try_load(tag, inputs);
    }
    if (!d && !strcmp(tag, "en"))
        d = try_load("en_US", inputs);
    if (!d) {
        diag_add(dl, DIAG_WARNING, manifest, 0, 0,
                 "no hyphenation patterns for language '%s' in " HYPHEN_DIR
                 " (Debian package hyphen-%s); the PDF is set without hyphenation",
                 lang ? lang : "en", tag);
        free(tag);
        return NULL;
    }
    free(tag);
    struct pdf_hyphenator *h = xcalloc(1, sizeof *h);
    h->dict = d;
    return h;
}

void pdf_hyphenator_free(struct pdf_hyphenator *h)
{
    if (!h)
        return;
    hnj_hyphen_free(h->dict);
    free(h);
}

int pdf_hyphenate(const struct pdf_hyphenator *h, const char *word, size_t len, bool *ok)
{
    if (!h || len < 5 || len > 60)
        return 0;
    /* Words with capitals after the first letter (acronyms, CamelCase names)
     * are left whole; a capitalised word is hyphenated like a lower-case one. */
    char low[64 * 4];
    size_t n = 0;
    bool ascii = true;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)word[i];
        if (c >= 0x80)
            ascii = false;
        if (i > 0 && c >= 'A' && c <= 'Z')
            return 0;
    }
    char *lowered = NULL;
    const char *w = word;
    if (ascii) {
        for (size_t i = 0; i < len; i++) {
            char c = word[i];
            low[n++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        low[n] = '\0'; /* libhyphen reads the word as a C string past len */
        w = low;
    } else {
        lowered = g_utf8_strdown(word, (gssize)len);
        if (!lowered || strlen(lowered) != len) {
            g_free(lowered);
            return 0; /* lower-casing changed the length: positions would not map */
        }
        w = lowered;
        n = len;
    }
    size_t nchars = ascii ? len : (size_t)g_utf8_strlen(w, (gssize)n);
    char *hyph = xcalloc(n + 5, 1);
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    int found = 0;
    if (hnj_hyphen_hyphenate3(h->dict, w, (int)n, hyph, NULL, &rep, &pos, &cut, 2, 3, 2, 2) ==
        0) {
        /* hyph[] is indexed by character: odd means a break after that character */
        size_t byte = 0;
        for (size_t ci = 0; ci < nchars && byte < len; ci++) {
            size_t next = byte + 1;
            while (next < len && utf8_is_continuation((unsigned char)word[next]))
                next++;
            if ((hyph[ci] & 1) && next < len && !rep) {
                ok[next] = true;
                found++;
            }
            byte = next;
        }
    }
    if (rep) {
        for (size_t i = 0; i < n; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    free(hyph);
    g_free(lowered);
    return found;
}
