/* What the libFuzzer harnesses share: one-time set-up, splitting an input into
 * files, a throw-away series folder per input, and the oracles that turn a
 * silent bug (malformed XHTML, a path outside the series) into a crash. */
#ifndef OCTAVO_FUZZ_H
#define OCTAVO_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "base/base.h"

/* libFuzzer's entry point, defined by each harness; replay.c calls it too. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A line of its own that separates the files packed into one input. */
#define FUZZ_SEPARATOR "\n--8<--\n"

/* libxml2 and cmark-gfm's global set-up, once per process. */
void fuzz_init(void);

/* Splits data at FUZZ_SEPARATOR into at most max parts (the last part keeps
 * any further separators). Returns the number of parts; the parts point into data. */
size_t fuzz_split(const uint8_t *data, size_t size, const char **parts, size_t *lens,
                  size_t max);

/* A fresh folder for one input: ROOT/book is the series folder (slug "book"),
 * and ROOT holds decoys an escape would reach: ROOT/secret.png, a sibling
 * folder ROOT/book-private/ whose name starts with the series' name, and
 * symlinks from inside the series to both (book/images/link.png, book/out/).
 * book/images/ holds a valid dot.png and square.svg. Both paths are real
 * paths (no symlinks), caller frees with fuzz_dir_free. */
struct fuzz_dir {
    char *root;
    char *series; /* ROOT/book */
};
void fuzz_dir_new(struct fuzz_dir *d);
void fuzz_dir_free(struct fuzz_dir *d);
/* Writes data to series/rel (creating rel's folder); false on failure. */
bool fuzz_write(const struct fuzz_dir *d, const char *rel, const void *data, size_t len);

/* Oracle: a page octavo wrote must be well-formed, namespace-well-formed XML
 * that libxml2 reads with its default limits (as e-readers built on it do).
 * Prints what is wrong and aborts otherwise. */
void fuzz_check_xml(const char *what, const char *data, size_t len);
/* Oracle: an SVG octavo embedded holds no element that runs or loads, no
 * handler, no href or url( to anything outside itself (a naive reading of its
 * own, apart from src/doc/svg_check.c); aborts otherwise. */
void fuzz_check_svg(const char *what, const char *data, size_t len);
/* Oracle: path must lie inside the folder inside (both real paths); aborts otherwise. */
void fuzz_check_inside(const char *what, const char *path, const char *inside);

/* Aborts unless bytes are a whole PDF whose page starts (n of them) name the
 * front matter or the chapters, in order, each with a label. */
struct doc_page_start;
void fuzz_check_pdf(const char *bytes, size_t len, const struct doc_page_start *ps, size_t n,
                    size_t n_chapters);

#endif
