/* serve: the live preview (`octavo serve`) — the book as web pages on
 * 127.0.0.1, rebuilt in memory on every save and pushed to the open pages.
 * The EPUB's own files are served as they are in the package; nothing is
 * read from disk to answer a request. */
#ifndef OCTAVO_SERVE_H
#define OCTAVO_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/base.h"

struct serve_options {
    const char *series_dir;
    unsigned port;         /* 0: any free port */
    const char *page_size; /* the PDF's, as for build; NULL: the series' */
    int jobs;
    bool quiet;            /* no line per rebuild on stderr */
};

/* Serves until SIGINT or SIGTERM; returns the exit status (0 stopped cleanly,
 * 1 the series or the port could not be used). */
int serve_run(const struct serve_options *opt);

/* ---- a snapshot of what is served (site.c) ---- */
struct serve_file {
    char *path; /* "EPUB/ch001.xhtml" */
    char *data;
    size_t len;
    const char *type; /* Content-Type */
    char etag[20];    /* "…": a hash of data, so an unchanged font or image is not sent again */
};
/* An immutable set of files, shared by reference between the rebuild loop and
 * the request threads: a request holds a reference while it sends. */
struct serve_site;
/* The files of an EPUB package (bytes of the .epub): every entry, and from
 * its OPF the paths of the navigation document and the first spine item.
 * NULL with *err_out set if the bytes are not a ZIP. */
struct serve_site *serve_site_from_epub(const char *bytes, size_t len, const char **err_out);
/* A site of one file; takes ownership of data (malloc'd). */
struct serve_site *serve_site_single(const char *path, char *data, size_t len, const char *type);
/* The file at path exactly as stored (no normalisation: anything else is not
 * in the book), or NULL. */
const struct serve_file *serve_site_find(const struct serve_site *site, const char *path);
const char *serve_site_nav(const struct serve_site *site);   /* "EPUB/nav.xhtml" or NULL */
const char *serve_site_start(const struct serve_site *site); /* first spine item or NULL */
void serve_site_ref(struct serve_site *site);
void serve_site_unref(struct serve_site *site); /* NULL is fine */

/* Content-Type of a file name by its extension. */
const char *serve_content_type(const char *path);

/* ---- the HTTP side (http.c), libmicrohttpd on 127.0.0.1 ---- */
struct serve_http;
/* Starts listening on 127.0.0.1:port (0: any); NULL with a message on stderr. */
struct serve_http *serve_http_start(unsigned port);
unsigned serve_http_port(const struct serve_http *h);
/* A new build of the book: its files (NULL: keep the last good ones), the
 * diagnostics as a JSON array, and whether it succeeded. Wakes every open
 * page's event stream. Takes the site reference and the JSON. */
void serve_http_publish_book(struct serve_http *h, struct serve_site *book, char *diags_json,
                             bool ok);
/* A new PDF (NULL: keep the last good one) and the PDF build's diagnostics. */
void serve_http_publish_pdf(struct serve_http *h, struct serve_site *pdf, char *diags_json,
                            bool ok);
/* Marks a rebuild as started (shown on the page). */
void serve_http_building(struct serve_http *h, bool epub, bool pdf);
/* Ends every event stream and stops the server; frees everything. */
void serve_http_stop(struct serve_http *h);

/* ---- watching the series folder (watch.c), with inotify ---- */
struct serve_watch;
/* Watches dir and its subfolders (not following symbolic links). NULL on error. */
struct serve_watch *serve_watch_new(const char *dir);
int serve_watch_fd(const struct serve_watch *w);
/* Reads pending events; true if one of them is a change to a file octavo
 * could read (editors' swap and backup files are ignored). New subfolders
 * are watched from then on. */
bool serve_watch_drain(struct serve_watch *w);
void serve_watch_free(struct serve_watch *w);

#endif
