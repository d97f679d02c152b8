/* Private to src/epub: ZIP entries deflated by octavo's own threads. */
#ifndef OCTAVO_EPUB_ZIPSRC_H
#define OCTAVO_EPUB_ZIPSRC_H

#include <zip.h>

#include "base/base.h"

struct zipsrc_entry {
    char *data;    /* owned: the bytes, deflated once zipsrc_deflate() ran */
    size_t len;    /* bytes in data */
    size_t size;   /* uncompressed size */
    uint32_t crc;  /* CRC-32 of the uncompressed bytes */
    bool deflated;
};

/* Deflates e->data in place (raw deflate, as ZIP stores it). False on failure,
 * e untouched. Thread-safe: touches only e. */
bool zipsrc_deflate(struct zipsrc_entry *e, int level);
/* A libzip source over a deflated entry: libzip writes its bytes unchanged.
 * Takes ownership of e->data (set to NULL). */
zip_source_t *zipsrc_new(zip_t *za, struct zipsrc_entry *e);

#endif
