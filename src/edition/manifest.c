/* manifest.json: what an edition's folder holds (size and SHA-256 of every
 * file) and which octavo made it. Written by hand in one fixed order so that
 * the same edition gives the same bytes; read back through json-glib. */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "edition/edition.h"

void edition_sha256(const void *data, size_t len, char out[65])
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(c, data, (gssize)len);
    g_strlcpy(out, g_checksum_get_string(c), 65);
    g_checksum_free(c);
}

void edition_manifest_add(struct edition_manifest *m, const char *name, const void *data,
                          size_t len)
{
    m->files = xgrow(m->files, m->n_files, sizeof *m->files);
    struct edition_manifest_file *f = &m->files[m->n_files++];
    f->name = xstrdup(name);
    f->size = len;
    edition_sha256(data, len, f->sha256);
}

void edition_manifest_free(struct edition_manifest *m)
{
    free(m->slug);
    free(m->edition);
    free(m->date);
    free(m->octavo);
    for (size_t i = 0; i < m->n_files; i++)
        free(m->files[i].name);
    free(m->files);
    memset(m, 0, sizeof *m);
}

static void json_string(struct buf *b, const char *s)
{
    buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\') {
            buf_putc(b, '\\');
            buf_putc(b, (char)*p);
        } else if (*p < 0x20) {
            buf_printf(b, "\\u%04x", *p);
        } else {
            buf_putc(b, (char)*p);
        }
    }
    buf_putc(b, '"');
}

char *edition_manifest_json(const struct edition_manifest *m, size_t *len_out)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "{\"slug\":");
    json_string(&b, m->slug);
    buf_puts(&b, ",\"edition\":");
    json_string(&b, m->edition);
    buf_puts(&b, ",\"date\":");
    json_string(&b, m->date);
    buf_puts(&b, ",\"octavo\":");
    json_string(&b, m->octavo);
    buf_puts(&b, ",\"files\":[");
    for (size_t i = 0; i < m->n_files; i++) {
        const struct edition_manifest_file *f = &m->files[i];
        buf_puts(&b, i ? ",{\"name\":" : "{\"name\":");
        json_string(&b, f->name);
        buf_printf(&b, ",\"size\":%zu,\"sha256\":", f->size);
        json_string(&b, f->sha256);
        buf_putc(&b, '}');
    }
    buf_puts(&b, "]}\n");
    return buf_detach(&b, len_out);
}

/* A string member of o, copied; NULL when absent or not a string. */
static char *member_string(JsonObject *o, const char *name)
{
    JsonNode *n = json_object_get_member(o, name);
    if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
        return NULL;
    return xstrdup(json_node_get_string(n));
}

static bool is_sha256_hex(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return false;
    return n == 64;
}

bool edition_manifest_read(const char *path, struct edition_manifest *out, struct diag_list *dl)
{
    memset(out, 0, sizeof *out);
    char *data;
    size_t len;
    const char *err;
    if (!file_read_all(path, &data, &len, &err)) {
        diag_add(dl, DIAG_ERROR, path, 0, 0, "%s", err);
        return false;
    }
    JsonParser *parser = json_parser_new();
    GError *gerr = NULL;
    bool ok = json_parser_load_from_data(parser, data, (gssize)len, &gerr);
    free(data);
    if (!ok) {
        diag_add(dl, DIAG_ERROR, path, 0, 0, "is not valid JSON: %s",
                 gerr ? gerr->message : "?");
        g_clear_error(&gerr);
        g_object_unref(parser);
        return false;
    }
    JsonNode *root = json_parser_get_root(parser);
    JsonObject *o = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
    JsonNode *files = o ? json_object_get_member(o, "files") : NULL;
    if (o) {
        out->slug = member_string(o, "slug");
        out->edition = member_string(o, "edition");
        out->date = member_string(o, "date");
        out->octavo = member_string(o, "octavo");
    }
    ok = out->slug && out->edition && out->date && out->octavo && files &&
         JSON_NODE_HOLDS_ARRAY(files);
    JsonArray *arr = ok ? json_node_get_array(files) : NULL;
    for (guint i = 0; ok && i < json_array_get_length(arr); i++) {
        JsonNode *fn = json_array_get_element(arr, i);
        JsonObject *fo = JSON_NODE_HOLDS_OBJECT(fn) ? json_node_get_object(fn) : NULL;
        JsonNode *size = fo ? json_object_get_member(fo, "size") : NULL;
        char *name = fo ? member_string(fo, "name") : NULL;
        char *sum = fo ? member_string(fo, "sha256") : NULL;
        ok = name && sum && is_sha256_hex(sum) && size && JSON_NODE_HOLDS_VALUE(size) &&
             json_node_get_value_type(size) == G_TYPE_INT64 && json_node_get_int(size) >= 0;
        if (ok) {
            out->files = xgrow(out->files, out->n_files, sizeof *out->files);
            struct edition_manifest_file *f = &out->files[out->n_files++];
            f->name = name;
            f->size = (size_t)json_node_get_int(size);
            memcpy(f->sha256, sum, 65);
            name = NULL;
        }
        free(name);
        free(sum);
    }
    g_object_unref(parser);
    if (!ok) {
        diag_add(dl, DIAG_ERROR, path, 0, 0,
                 "is not an edition manifest (slug, edition, date, octavo, files)");
        edition_manifest_free(out);
    }
    return ok;
}
