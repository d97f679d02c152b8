/* An image is embedded as it is, so it is checked whole before it is taken:
 * a truncated PNG, JPEG or GIF would show as a broken picture (and EPUBCheck
 * calls a JPEG without a frame header corrupt), and an SVG must pass the
 * allow-list of svg_check.c. */
#define _GNU_SOURCE /* memmem */
#include "doc/doc_internal.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* What octavo decodes an image to (for the PDF) is bounded before it decodes
 * anything: a 76 KB PNG can declare 20,000 x 20,000 pixels, 1.6 GB once
 * decoded. 50 megapixels is a large photograph (8,660 x 5,773), 200 MB as
 * 32-bit pixels. */
#define IMAGE_MAX_PIXELS 50000000ull

static char *size_problem(uint64_t w, uint64_t h)
{
    if (w == 0 || h == 0)
        return xasprintf("declares an empty picture (%llu x %llu pixels)",
                         (unsigned long long)w, (unsigned long long)h);
    if (w * h > IMAGE_MAX_PIXELS)
        return xasprintf("declares %llu x %llu pixels, more than the 50 megapixels octavo "
                         "decodes (a decompression bomb, or a picture to scale down)",
                         (unsigned long long)w, (unsigned long long)h);
    return NULL;
}

/* Chunks from the signature to IEND, none running past the end. */
static char *png_problem(const unsigned char *d, size_t n)
{
    if (n >= 24) {
        char *p = size_problem(be32(d + 16), be32(d + 20));
        if (p)
            return p;
    }
    size_t pos = 8;
    while (pos + 8 <= n) {
        uint32_t len = be32(d + pos);
        if (len > 0x7FFFFFFFu)
            break;
        if (!memcmp(d + pos + 4, "IEND", 4))
            return NULL;
        pos += 12 + (size_t)len;
    }
    return xstrdup("is a truncated or damaged PNG file (no IEND chunk)");
}

/* Segments up to a frame header (SOFn), then an end of image after the scan. */
static char *jpeg_problem(const unsigned char *d, size_t n)
{
    size_t pos = 2;
    bool frame = false;
    while (pos + 4 <= n && d[pos] == 0xFF) {
        unsigned marker = d[pos + 1];
        if (marker == 0xFF) { /* fill byte */
            pos++;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { /* no length */
            pos += 2;
            continue;
        }
        size_t seg = (size_t)d[pos + 2] << 8 | d[pos + 3];
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
            marker != 0xCC) {
            frame = seg >= 8 && pos + 2 + seg <= n;
            if (frame) {
                char *p = size_problem((uint64_t)(d[pos + 7] << 8 | d[pos + 8]),
                                       (uint64_t)(d[pos + 5] << 8 | d[pos + 6]));
                if (p)
                    return p;
            }
        }
        if (marker == 0xDA) { /* start of scan: entropy-coded data up to EOI */
            if (frame && memmem(d + pos, n - pos, "\xFF\xD9", 2))
                return NULL;
            break;
        }
        pos += 2 + seg;
    }
    return xstrdup(frame ? "is a truncated JPEG file (no end of image)"
                         : "is a damaged JPEG file (no frame header)");
}

char *doc_image_problem(const char *real_path, const char *media_type)
{
    char *data;
    size_t len;
    const char *err;
    if (!file_read_all(real_path, &data, &len, &err))
        return xstrdup(err);
    const unsigned char *d = (const unsigned char *)data;
    char *problem = NULL;
    if (!strcmp(media_type, "image/png"))
        problem = png_problem(d, len);
    else if (!strcmp(media_type, "image/jpeg"))
        problem = jpeg_problem(d, len);
    else if (!strcmp(media_type, "image/gif"))
        problem = len < 13 || d[len - 1] != 0x3B
                      ? xstrdup("is a truncated GIF file (no trailer)")
                      : size_problem((uint64_t)(d[6] | d[7] << 8), (uint64_t)(d[8] | d[9] << 8));
    else if (!strcmp(media_type, "image/svg+xml"))
        problem = doc_svg_problem(data, len);
    free(data);
    return problem;
}
