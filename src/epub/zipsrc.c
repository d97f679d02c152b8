/* Pre-compressed ZIP entries. Deflating is the costliest step of writing an
 * EPUB, and libzip deflates serially inside zip_close(); so octavo deflates
 * each entry in its worker threads (zlib, raw deflate) and hands libzip a
 * source whose stat says "already deflated", which libzip copies as is. */
#include "epub/zipsrc.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

bool zipsrc_deflate(struct zipsrc_entry *e, int level)
{
    e->crc = (uint32_t)crc32(0L, (const Bytef *)e->data, (uInt)0);
    size_t off = 0;
    while (off < e->len) { /* crc32 takes uInt lengths */
        uInt chunk = e->len - off > 0x40000000u ? 0x40000000u : (uInt)(e->len - off);
        e->crc = (uint32_t)crc32(e->crc, (const Bytef *)e->data + off, chunk);
        off += chunk;
    }
    e->size = e->len;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    size_t cap = deflateBound(&zs, (uLong)e->len) + 64;
    unsigned char *out = xmalloc(cap);
    zs.next_in = (Bytef *)e->data;
    zs.avail_in = (uInt)e->len;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    int rc = deflate(&zs, Z_FINISH);
    size_t got = cap - zs.avail_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        free(out);
        return false;
    }
    free(e->data);
    e->data = (char *)out;
    e->len = got;
    e->deflated = true;
    return true;
}

struct zipsrc_state {
    struct zipsrc_entry e;
    zip_uint64_t pos;
    zip_error_t error;
};

static zip_int64_t zipsrc_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    struct zipsrc_state *s = ud;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        s->pos = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        zip_uint64_t left = s->e.len - s->pos;
        zip_uint64_t n = len < left ? len : left;
        memcpy(data, s->e.data + s->pos, n);
        s->pos += n;
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;
        zip_stat_init(st);
        st->size = s->e.size;
        st->comp_size = s->e.len;
        st->comp_method = ZIP_CM_DEFLATE;
        st->crc = s->e.crc;
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
        return sizeof *st;
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&s->error, data, len);
    case ZIP_SOURCE_FREE:
        free(s->e.data);
        zip_error_fini(&s->error);
        free(s);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              -1);
    default:
        zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

zip_source_t *zipsrc_new(zip_t *za, struct zipsrc_entry *e)
{
    struct zipsrc_state *s = xcalloc(1, sizeof *s);
    s->e = *e;
    zip_error_init(&s->error);
    zip_source_t *src = zip_source_function(za, zipsrc_cb, s);
    if (!src) {
        zip_error_fini(&s->error);
        free(s);
        return NULL;
    }
    e->data = NULL; /* the source owns it now */
    return src;
}
