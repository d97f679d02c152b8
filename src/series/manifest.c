/* series.yaml → struct series: required keys, types, the chapter list and the
 * cover, each checked to stay inside the series folder. */
#include "series/membership.h"
#include "series/series.h"
#include "series/yaml_util.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *const known_keys[] = {
    "title", "subtitle", "author", "authors", "language", "identifier", "edition", "date",
    "publisher", "rights", "description", "tags", "cover", "chapters", "credits", "level",
    "page-size", "smart-punctuation", "changes", "changes-section", "isbn", "series", NULL,
};

/* A YAML boolean (true/false, yes/no, on/off, any case); anything else is an error. */
static bool yaml_bool(yaml_document_t *doc, yaml_node_t *v, const char *file, const char *key,
                      bool *out, struct diag_list *dl)
{
    char *s = yaml_util_string(doc, v, file, 0, key, dl);
    if (!s)
        return false;
    static const char *const yes[] = {"true", "yes", "on", NULL}, *const no[] = {"false", "no", "off", NULL};
    bool ok = false;
    for (int i = 0; yes[i]; i++) {
        if (!strcasecmp(s, yes[i]))
            *out = true, ok = true;
        if (!strcasecmp(s, no[i]))
            *out = false, ok = true;
    }
    if (!ok)
        diag_add(dl, DIAG_ERROR, file, yaml_util_line(v, 0), (int)v->start_mark.column + 1,
                 "'%s' must be true or false, not '%.40s'", key, s);
    free(s);
    return ok;
}

static bool slug_valid(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-'))
            return false;
    return true;
}

/* BCP 47 in its common shape: a 2–3 letter language, then 1–8 character subtags. */
static bool language_valid(const char *s)
{
    size_t n = 0;
    while (isalpha((unsigned char)s[n]))
        n++;
    if (n < 2 || n > 3)
        return false;
    s += n;
    while (*s == '-') {
        s++;
        n = 0;
        while (isalnum((unsigned char)s[n]))
            n++;
        if (n < 1 || n > 8)
            return false;
        s += n;
    }
    return *s == '\0';
}

/* The edition is part of the output file name (and of its temporary's, which
 * adds a few dozen bytes), so it must be a short, safe name: a version string. */
#define EDITION_MAX_BYTES 64

static bool edition_valid(const char *s)
{
    if (!isalnum((unsigned char)*s) || strlen(s) > EDITION_MAX_BYTES)
        return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '.' || *s == '-' || *s == '_' || *s == '+'))
            return false;
    return true;
}

/* The cover's real path, noted as an input even when missing (make builds
 * again once it is there). */
static bool cover_resolve(struct series *s, const char *norm, const char **err)
{
    char *shown = path_join(s->dir, norm);
    file_log_add(s->inputs, shown);
    free(shown);
    return path_resolve_inside(s->real_dir, norm, &s->cover_real, err);
}

static void note_mtime(struct series *s, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && (int64_t)st.st_mtime > s->newest_mtime)
        s->newest_mtime = (int64_t)st.st_mtime;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The chapters' real paths seen so far, as an open-addressing hash set of
 * indices into s->chapters: "listed twice" is found in constant time, where a
 * scan of every earlier chapter made 100,000 chapters take 24 s. */
struct chapter_set {
    size_t *slots; /* chapter index + 1; 0 is empty */
    size_t cap;    /* a power of two, at least twice the chapters held */
};

static size_t path_hash(const char *p)
{
    size_t h = 14695981039346656037u; /* FNV-1a */
    for (; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    return h;
}

/* The slot where real is, or the empty slot where it would go. */
static size_t *chapter_set_find(const struct chapter_set *set, const struct series *s,
                                const char *real)
{
    size_t i = path_hash(real) & (set->cap - 1);
    while (set->slots[i] && strcmp(s->chapters[set->slots[i] - 1].real_path, real) != 0)
        i = (i + 1) & (set->cap - 1);
    return &set->slots[i];
}

/* Makes room for one more chapter (s->n_chapters + 1 of them). */
static void chapter_set_reserve(struct chapter_set *set, const struct series *s)
{
    if (set->cap >= 2 * (s->n_chapters + 1))
        return;
    struct chapter_set bigger = {.cap = set->cap ? set->cap * 2 : 64};
    bigger.slots = xcalloc(bigger.cap, sizeof *bigger.slots);
    for (size_t i = 0; i < s->n_chapters; i++)
        *chapter_set_find(&bigger, s, s->chapters[i].real_path) = i + 1;
    free(set->slots);
    *set = bigger;
}

static bool add_chapter(struct series *s, struct chapter_set *set, const char *ref,
                        const char *title, int line, int col, struct diag_list *dl)
{
    char *norm = NULL;
    enum path_verdict v = path_check_relative(ref, &norm);
    if (v != PATH_OK) {
        diag_add(dl, DIAG_ERROR, s->manifest_path, line, col,
                 "chapter '%s' %s", ref,
                 v == PATH_ESCAPES || v == PATH_ABSOLUTE ? "is outside the series folder"
                                                         : "is not a valid relative path");
        return false;
    }
    char *real = NULL;
    const char *err = NULL;
    if (!path_resolve_inside(s->real_dir, norm, &real, &err)) {
        diag_add(dl, DIAG_ERROR, s->manifest_path, line, col, "chapter '%s' %s", ref, err);
        free(norm);
        return false;
    }
    chapter_set_reserve(set, s);
    size_t *slot = chapter_set_find(set, s, real);
    if (*slot) {
        diag_add(dl, DIAG_ERROR, s->manifest_path, line, col, "chapter '%s' is listed twice",
                 ref);
        free(norm);
        free(real);
        return false;
    }
    *slot = s->n_chapters + 1;
    s->chapters = xgrow(s->chapters, s->n_chapters, sizeof *s->chapters);
    s->chapters[s->n_chapters++] = (struct series_chapter){
        .file = norm,
        .display_path = path_join(s->dir, norm),
        .real_path = real,
        .title_override = title ? xstrdup(title) : NULL,
    };
    note_mtime(s, real);
    return true;
}

static bool load_chapter_list(struct series *s, struct chapter_set *set, yaml_document_t *doc,
                              yaml_node_t *node, struct diag_list *dl)
{
    if (node->type != YAML_SEQUENCE_NODE) {
        diag_add(dl, DIAG_ERROR, s->manifest_path, yaml_util_line(node, 0),
                 (int)node->start_mark.column + 1, "'chapters' must be a list");
        return false;
    }
    bool ok = true;
    for (yaml_node_item_t *it = node->data.sequence.items.start;
         it < node->data.sequence.items.top; it++) {
        yaml_node_t *item = yaml_document_get_node(doc, *it);
        int line = yaml_util_line(item, 0), col = (int)item->start_mark.column + 1;
        if (item->type == YAML_SCALAR_NODE) {
            ok &= add_chapter(s, set, (const char *)item->data.scalar.value, NULL, line, col,
                                  dl);
        } else if (item->type == YAML_MAPPING_NODE) {
            char *file = NULL, *title = NULL;
            for (yaml_node_pair_t *p = item->data.mapping.pairs.start;
                 p < item->data.mapping.pairs.top; p++) {
                yaml_node_t *k = yaml_document_get_node(doc, p->key);
                yaml_node_t *v = yaml_document_get_node(doc, p->value);
                const char *key = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "";
                if (strcmp(key, "file") == 0) {
                    free(file);
                    file = yaml_util_string(doc, v, s->manifest_path, 0, "file", dl);
                } else if (strcmp(key, "title") == 0) {
                    free(title);
                    title = yaml_util_string(doc, v, s->manifest_path, 0, "title", dl);
                    ok &= title != NULL; /* a list or a mapping is an error, not no title */
                } else {
                    diag_add(dl, DIAG_WARNING, s->manifest_path, yaml_util_line(k, 0),
                             (int)k->start_mark.column + 1, "unknown chapter key '%s'", key);
                }
            }
            if (!file) {
                diag_add(dl, DIAG_ERROR, s->manifest_path, line, col,
                         "a chapter entry needs 'file'");
                ok = false;
            } else {
                ok &= add_chapter(s, set, file, title, line, col, dl);
            }
            free(file);
            free(title);
        } else {
            diag_add(dl, DIAG_ERROR, s->manifest_path, line, col,
                     "a chapter must be a file name or {file: …, title: …}");
            ok = false;
        }
    }
    return ok;
}

static bool load_default_chapters(struct series *s, struct chapter_set *set,
                                  struct diag_list *dl)
{
    file_log_add(s->inputs, s->dir); /* a chapter added or removed changes the book */
    DIR *d = opendir(s->real_dir);
    if (!d) {
        diag_add(dl, DIAG_ERROR, s->dir, 0, 0, "cannot list the series folder");
        return false;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !str_ends_with(e->d_name, ".md"))
            continue;
        names = xgrow(names, n, sizeof *names);
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_str);
    bool ok = true;
    for (size_t i = 0; i < n; i++)
        ok &= add_chapter(s, set, names[i], NULL, 0, 0, dl);
    yaml_util_free_list(names, n);
    return ok;
}

/* isbn: {epub: …, pdf: …}: each checked where it is written. */
static bool load_isbns(struct series *s, yaml_document_t *doc, yaml_node_t *node,
                       struct diag_list *dl)
{
    const char *m = s->manifest_path;
    if (node->type != YAML_MAPPING_NODE) {
        diag_add(dl, DIAG_ERROR, m, yaml_util_line(node, 0), (int)node->start_mark.column + 1,
                 "'isbn' must be a mapping such as {epub: \"978…\", pdf: \"978…\"}");
        return false;
    }
    bool ok = true;
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        const char *key = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "";
        struct series_isbn *isbn = !strcmp(key, "epub") ? &s->isbn_epub
                                 : !strcmp(key, "pdf")  ? &s->isbn_pdf
                                                        : NULL;
        if (!isbn) {
            diag_add(dl, DIAG_WARNING, m, yaml_util_line(k, 0), (int)k->start_mark.column + 1,
                     "unknown isbn key '%s' (epub or pdf)", key);
            continue;
        }
        char *written = yaml_util_string(doc, v, m, 0, "isbn", dl);
        if (!written) {
            ok = false;
            continue;
        }
        char digits[ISBN_MAX_CHARS + 1];
        const char *why;
        if (!series_isbn_normalize(written, digits, &why)) {
            diag_add(dl, DIAG_ERROR, m, yaml_util_line(v, 0), (int)v->start_mark.column + 1,
                     "isbn %s '%s' %s", key, written, why);
            free(written);
            ok = false;
            continue;
        }
        free(isbn->written);
        free(isbn->digits);
        isbn->written = written;
        isbn->digits = xstrdup(digits);
    }
    return ok;
}

static char **field_for(struct series *s, const char *key)
{
    if (!strcmp(key, "title")) return &s->title;
    if (!strcmp(key, "subtitle")) return &s->subtitle;
    if (!strcmp(key, "language")) return &s->language;
    if (!strcmp(key, "identifier")) return &s->identifier;
    if (!strcmp(key, "edition")) return &s->edition;
    if (!strcmp(key, "date")) return &s->date;
    if (!strcmp(key, "publisher")) return &s->publisher;
    if (!strcmp(key, "rights")) return &s->rights;
    if (!strcmp(key, "description")) return &s->description;
    if (!strcmp(key, "cover")) return &s->cover;
    if (!strcmp(key, "credits")) return &s->credits;
    if (!strcmp(key, "level")) return &s->level;
    if (!strcmp(key, "page-size")) return &s->page_size;
    if (!strcmp(key, "changes")) return &s->changes;
    return NULL;
}

static bool is_known(const char *key)
{
    for (const char *const *k = known_keys; *k; k++)
        if (!strcmp(*k, key))
            return true;
    return false;
}

/* Checks the values that end up in file names, the OPF or the reader's UI. */
static bool check_values(struct series *s, yaml_document_t *doc, yaml_node_t *root,
                         struct diag_list *dl)
{
    bool ok = true;
    int line_of[16] = {0};
    const char *keys[] = {"language", "edition", "date", "cover", "title", NULL};
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        for (int i = 0; keys[i]; i++)
            if (k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, keys[i]))
                line_of[i] = yaml_util_line(yaml_document_get_node(doc, p->value), 0);
    }
    const char *m = s->manifest_path;
    if (!s->title || !*s->title) {
        diag_add(dl, DIAG_ERROR, m, line_of[4], 0, "series.yaml needs a non-empty 'title'");
        ok = false;
    }
    if (s->n_authors == 0) {
        diag_add(dl, DIAG_ERROR, m, 0, 0, "series.yaml needs 'author' or 'authors'");
        ok = false;
    }
    for (size_t i = 0; i < s->n_authors; i++)
        if (!*s->authors[i]) {
            diag_add(dl, DIAG_ERROR, m, 0, 0, "an author's name is empty");
            ok = false;
        }
    if (s->language && !language_valid(s->language)) {
        diag_add(dl, DIAG_ERROR, m, line_of[0], 0,
                 "language '%s' is not a BCP 47 tag such as 'en' or 'pt-BR'", s->language);
        ok = false;
    }
    if (s->edition && !edition_valid(s->edition)) {
        diag_add(dl, DIAG_ERROR, m, line_of[1], 0,
                 "edition '%s' must be a version string: at most 64 letters, digits, '.', "
                 "'-', '_' and '+', starting with a letter or digit", s->edition);
        ok = false;
    }
    int64_t epoch;
    if (s->date && !time_parse_date(s->date, &epoch)) {
        diag_add(dl, DIAG_ERROR, m, line_of[2], 0, "date '%s' is not a YYYY-MM-DD date "
                 "(a four-digit year from 0001, a month and a day that exist)",
                 s->date);
        ok = false;
    }
    if (s->cover) {
        s->cover_line = line_of[3];
        char *norm = NULL;
        enum path_verdict v = path_check_relative(s->cover, &norm);
        const char *err = NULL;
        if (v != PATH_OK) {
            diag_add(dl, DIAG_ERROR, m, line_of[3], 0, "cover '%s' %s", s->cover,
                     v == PATH_REMOTE ? "must be a file in the series folder"
                                      : "is outside the series folder");
            ok = false;
        } else if (!cover_resolve(s, norm, &err)) {
            diag_add(dl, DIAG_ERROR, m, line_of[3], 0, "cover '%s' %s", s->cover, err);
            ok = false;
        }
        if (norm) {
            free(s->cover);
            s->cover = norm;
        }
    }
    return ok;
}

struct series *series_load(const char *dir, struct diag_list *dl)
{
    return series_load_logged(dir, NULL, dl);
}

struct series *series_load_logged(const char *dir, struct file_log *inputs, struct diag_list *dl)
{
    struct series *s = xcalloc(1, sizeof *s);
    s->inputs = inputs;
    s->changes_section = true;
    s->dir = xstrdup(dir);
    size_t dl_len = strlen(s->dir);
    while (dl_len > 1 && s->dir[dl_len - 1] == '/')
        s->dir[--dl_len] = '\0';
    s->manifest_path = path_join(s->dir, "series.yaml");
    const char *base;
    s->real_dir = realpath(s->dir, NULL);
    if (!s->real_dir) {
        diag_add(dl, DIAG_ERROR, s->dir, 0, 0, "series folder not found");
        series_free(s);
        return NULL;
    }
    /* The slug comes from the real folder, so "." and trailing links still name the series. */
    base = strrchr(s->real_dir, '/');
    s->slug = xstrdup(base ? base + 1 : s->real_dir);
    if (!slug_valid(s->slug)) {
        diag_add(dl, DIAG_ERROR, s->dir, 0, 0,
                 "series folder name '%s' must hold only lowercase letters, digits and '-'",
                 s->slug);
        series_free(s);
        return NULL;
    }

    char *text = NULL;
    size_t len = 0;
    const char *err = NULL;
    char *manifest_real = NULL;
    file_log_add(s->inputs, s->manifest_path);
    if (!path_resolve_inside(s->real_dir, "series.yaml", &manifest_real, &err) ||
        !file_read_all(manifest_real, &text, &len, &err)) {
        diag_add(dl, DIAG_ERROR, s->manifest_path, 0, 0, "series.yaml %s", err);
        free(manifest_real);
        series_free(s);
        return NULL;
    }
    note_mtime(s, manifest_real);
    free(manifest_real);
    int bl, bc;
    const unsigned char *bom = (const unsigned char *)text;
    bool utf16 = len >= 2 && ((bom[0] == 0xFF && bom[1] == 0xFE) ||
                              (bom[0] == 0xFE && bom[1] == 0xFF));
    if (utf16 || !utf8_validate(text, len, &bl, &bc)) {
        /* as for chapters (doc_chapter_parse): name the encoding when it is UTF-16 */
        diag_add(dl, DIAG_ERROR, s->manifest_path, utf16 ? 1 : bl, utf16 ? 1 : bc, "%s",
                 utf16 ? "file is UTF-16; save it as UTF-8" : "invalid UTF-8");
        free(text);
        series_free(s);
        return NULL;
    }
    yaml_document_t doc;
    if (!yaml_util_load(s->manifest_path, text, len, 0, &doc, dl)) {
        free(text);
        series_free(s);
        return NULL;
    }
    free(text);
    bool ok = true;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    yaml_node_t *chapters = NULL;
    if (!root || root->type != YAML_MAPPING_NODE) {
        diag_add(dl, DIAG_ERROR, s->manifest_path, root ? yaml_util_line(root, 0) : 1, 0,
                 "series.yaml must be a mapping of keys such as title: and author:");
        ok = false;
        goto done;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(&doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&doc, p->value);
        if (k->type != YAML_SCALAR_NODE) {
            diag_add(dl, DIAG_ERROR, s->manifest_path, yaml_util_line(k, 0), 0,
                     "keys must be plain names");
            ok = false;
            continue;
        }
        const char *key = (const char *)k->data.scalar.value;
        int kl = yaml_util_line(k, 0), kc = (int)k->start_mark.column + 1;
        char **field = field_for(s, key);
        if (field) {
            if (*field)
                diag_add(dl, DIAG_WARNING, s->manifest_path, kl, kc,
                         "'%s' is given twice; the last one counts", key);
            free(*field);
            *field = yaml_util_string(&doc, v, s->manifest_path, 0, key, dl);
            ok &= *field != NULL;
            if (field == &s->changes) /* a block scalar's text starts on the next line */
                s->changes_line = yaml_util_line(v, 0) +
                                  (v->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
                                   v->data.scalar.style == YAML_FOLDED_SCALAR_STYLE);
        } else if (!strcmp(key, "changes-section")) {
            ok &= yaml_bool(&doc, v, s->manifest_path, key, &s->changes_section, dl);
        } else if (!strcmp(key, "author") || !strcmp(key, "authors")) {
            yaml_util_free_list(s->authors, s->n_authors);
            ok &= yaml_util_string_list(&doc, v, s->manifest_path, 0, key, &s->authors,
                                        &s->n_authors, dl);
        } else if (!strcmp(key, "tags")) {
            yaml_util_free_list(s->tags, s->n_tags);
            ok &= yaml_util_string_list(&doc, v, s->manifest_path, 0, key, &s->tags, &s->n_tags,
                                        dl);
        } else if (!strcmp(key, "chapters")) {
            chapters = v;
        } else if (!strcmp(key, "smart-punctuation")) {
            bool smart = true;
            ok &= yaml_bool(&doc, v, s->manifest_path, key, &smart, dl);
            s->straight_punctuation = !smart;
        } else if (!strcmp(key, "isbn")) {
            ok &= load_isbns(s, &doc, v, dl);
        } else if (!strcmp(key, "series")) {
            if (s->member_of.name)
                diag_add(dl, DIAG_WARNING, s->manifest_path, kl, kc,
                         "'series' is given twice; the last one counts");
            ok &= series_membership_load(&doc, v, s->manifest_path, &s->member_of, dl);
        } else if (!is_known(key)) {
            diag_add(dl, DIAG_WARNING, s->manifest_path, kl, kc, "unknown key '%s'", key);
        }
    }
    ok &= check_values(s, &doc, root, dl);
    struct chapter_set set = {0};
    if (chapters)
        ok &= load_chapter_list(s, &set, &doc, chapters, dl);
    else
        ok &= load_default_chapters(s, &set, dl);
    free(set.slots);
    if (ok && s->n_chapters == 0) {
        diag_add(dl, DIAG_ERROR, s->manifest_path, chapters ? yaml_util_line(chapters, 0) : 0, 0,
                 "the series has no chapters");
        ok = false;
    }
done:
    yaml_document_delete(&doc);
    if (!ok) {
        series_free(s);
        return NULL;
    }
    series_name_chapters(s);
    if (!s->language)
        s->language = xstrdup("en");
    if (!s->edition)
        s->edition = xstrdup("1.0.0");
    if (!s->identifier) {
        char uuid[37];
        char *name = xasprintf("urn:octavo:series:%s", s->slug);
        uuid5(UUID_NAMESPACE_URL, name, uuid);
        free(name);
        s->identifier = xasprintf("urn:uuid:%s", uuid);
    }
    return s;
}

void series_free(struct series *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_chapters; i++) {
        free(s->chapters[i].file);
        free(s->chapters[i].display_path);
        free(s->chapters[i].real_path);
        free(s->chapters[i].title_override);
        free(s->chapters[i].name);
    }
    free(s->chapters);
    free(s->dir);
    free(s->real_dir);
    free(s->slug);
    free(s->manifest_path);
    free(s->title);
    free(s->subtitle);
    yaml_util_free_list(s->authors, s->n_authors);
    free(s->language);
    free(s->identifier);
    free(s->edition);
    free(s->date);
    free(s->publisher);
    free(s->rights);
    free(s->description);
    free(s->credits);
    free(s->level);
    free(s->page_size);
    free(s->changes);
    yaml_util_free_list(s->tags, s->n_tags);
    free(s->isbn_epub.written);
    free(s->isbn_epub.digits);
    free(s->isbn_pdf.written);
    free(s->isbn_pdf.digits);
    free(s->cover);
    free(s->cover_real);
    series_membership_free(&s->member_of);
    free(s);
}

size_t series_chapter_number(const struct series *s, size_t index)
{
    if (s->chapters[index].generated)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i <= index; i++)
        n += !s->chapters[i].generated;
    return n;
}
