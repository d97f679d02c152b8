/* The preview's HTTP side, on libmicrohttpd: bound to 127.0.0.1 only, GET and
 * HEAD only, answering from the in-memory snapshots of the book (never from
 * the file system), and an event stream per open page that says when a new
 * build is there. A thread per connection, so an event stream may wait. */
#include "serve/serve.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* An open event stream sends a comment this often, so a proxy or the browser
 * never takes the connection for dead. */
#define SSE_KEEPALIVE_SECONDS 15
/* An idle keep-alive connection is closed after this long. */
#define CONNECTION_TIMEOUT_SECONDS 120
#define SSE_BLOCK_SIZE 4096

struct serve_http {
    struct MHD_Daemon *daemon;
    unsigned port;
    pthread_mutex_t mu;
    pthread_cond_t changed;
    /* guarded by mu */
    struct serve_site *book, *pdf; /* the last good ones, or NULL */
    char *book_diags, *pdf_diags;  /* JSON arrays of the last builds */
    bool book_ok, pdf_ok, building_epub, building_pdf;
    uint64_t generation;      /* any change of what the status says */
    uint64_t book_generation; /* a new good book */
    bool stopping;
};

/* The status a page reads (and each event carries): one line of JSON. */
static void status_json(struct serve_http *h, struct buf *b)
{
    const char *nav = serve_site_nav(h->book), *start = serve_site_start(h->book);
    buf_printf(b, "{\"generation\":%llu,\"book\":%llu,\"ok\":%s,\"pdfOk\":%s,\"pdf\":%s,"
                  "\"building\":{\"epub\":%s,\"pdf\":%s},",
               (unsigned long long)h->generation, (unsigned long long)h->book_generation,
               h->book_ok ? "true" : "false", h->pdf_ok ? "true" : "false",
               h->pdf ? "true" : "false", h->building_epub ? "true" : "false",
               h->building_pdf ? "true" : "false");
    /* nav and start are paths of the book's own OPF: plain ASCII names */
    if (nav)
        buf_printf(b, "\"nav\":\"/book/%s\",", nav);
    if (start)
        buf_printf(b, "\"start\":\"/book/%s\",", start);
    buf_printf(b, "\"diagnostics\":%s,\"pdfDiagnostics\":%s}",
               h->book_diags ? h->book_diags : "[]", h->pdf_diags ? h->pdf_diags : "[]");
}

static void add_common_headers(struct MHD_Response *r, const char *type)
{
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    /* always asked again, but an unchanged file is answered "304" (its tag) */
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    /* the book has no scripts of its own; only the preview's file runs */
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; "
                            "style-src 'self' 'unsafe-inline'; frame-ancestors 'self'");
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *text)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
                                                             MHD_RESPMEM_MUST_COPY);
    add_common_headers(r, "text/plain; charset=utf-8");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static void release_site(void *cls)
{
    serve_site_unref(cls);
}

/* A file of a snapshot, sent from its memory; the snapshot lives until sent. */
static enum MHD_Result send_site_file(struct MHD_Connection *c, struct serve_site *site,
                                      const char *path)
{
    const struct serve_file *f = serve_site_find(site, path);
    if (!f) {
        serve_site_unref(site);
        return send_text(c, MHD_HTTP_NOT_FOUND, "not in this book\n");
    }
    const char *if_none = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                      MHD_HTTP_HEADER_IF_NONE_MATCH);
    bool unchanged = if_none && !strcmp(if_none, f->etag);
    struct MHD_Response *r =
        unchanged ? MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT)
                  : MHD_create_response_from_buffer_with_free_callback_cls(f->len, f->data,
                                                                           release_site, site);
    add_common_headers(r, f->type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, f->etag);
    enum MHD_Result ret = MHD_queue_response(c, unchanged ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK, r);
    if (unchanged)
        serve_site_unref(site);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_resource(struct MHD_Connection *c, const char *name)
{
    size_t len;
    const char *data = res_find(name, &len);
    if (!data)
        return send_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_PERSISTENT);
    add_common_headers(r, serve_content_type(name));
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

/* ---- the event stream (server-sent events) ---- */
struct sse {
    struct serve_http *h;
    uint64_t sent; /* the generation the page has been told */
    bool started;
    struct buf pending;
    size_t off;
};

static ssize_t sse_read(void *cls, uint64_t pos, char *out, size_t max)
{
    (void)pos; /* a stream: each call continues where the last stopped */
    struct sse *s = cls;
    struct serve_http *h = s->h;
    if (s->off == s->pending.len) {
        s->pending.len = 0;
        s->off = 0;
        pthread_mutex_lock(&h->mu);
        if (s->started) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += SSE_KEEPALIVE_SECONDS;
            while (!h->stopping && h->generation == s->sent)
                if (pthread_cond_timedwait(&h->changed, &h->mu, &until) != 0)
                    break;
        }
        if (h->stopping) {
            pthread_mutex_unlock(&h->mu);
            return MHD_CONTENT_READER_END_OF_STREAM;
        }
        if (!s->started)
            buf_puts(&s->pending, "retry: 500\n");
        if (!s->started || h->generation != s->sent) {
            buf_puts(&s->pending, "event: status\ndata: ");
            status_json(h, &s->pending);
            buf_puts(&s->pending, "\n\n");
            s->sent = h->generation;
            s->started = true;
        } else {
            buf_puts(&s->pending, ": keep-alive\n\n");
        }
        pthread_mutex_unlock(&h->mu);
    }
    size_t n = s->pending.len - s->off;
    if (n > max)
        n = max;
    memcpy(out, s->pending.data + s->off, n);
    s->off += n;
    return (ssize_t)n;
}

static void sse_free(void *cls)
{
    struct sse *s = cls;
    buf_free(&s->pending);
    free(s);
}

static enum MHD_Result send_events(struct MHD_Connection *c, struct serve_http *h)
{
    struct sse *s = xcalloc(1, sizeof *s);
    s->h = h;
    struct MHD_Response *r =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SSE_BLOCK_SIZE, sse_read, s, sse_free);
    add_common_headers(r, "text/event-stream");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

/* Only our own names for ourselves: a page elsewhere that points its own
 * host name at 127.0.0.1 (DNS rebinding) is not answered. */
static bool host_allowed(struct MHD_Connection *c, unsigned port)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (!host)
        return false;
    char a[40], b[40];
    snprintf(a, sizeof a, "127.0.0.1:%u", port);
    snprintf(b, sizeof b, "localhost:%u", port);
    return !strcmp(host, a) || !strcmp(host, b);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **req)
{
    (void)version;     /* libmicrohttpd's callback; any HTTP version is served alike */
    (void)upload_data; /* requests carry no body */
    struct serve_http *h = cls;
    static int seen; /* marks a request whose headers have arrived */
    if (!*req) {
        *req = &seen;
        return MHD_YES;
    }
    *upload_size = 0; /* a body is never read */
    if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
        return send_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    if (!host_allowed(c, h->port))
        return send_text(c, MHD_HTTP_FORBIDDEN, "use http://127.0.0.1 or http://localhost\n");
    if (!strcmp(url, "/"))
        return send_resource(c, "preview.html");
    if (!strcmp(url, "/_octavo/preview.js"))
        return send_resource(c, "preview.js");
    if (!strcmp(url, "/_octavo/preview.css"))
        return send_resource(c, "preview.css");
    if (!strcmp(url, "/_octavo/events"))
        return send_events(c, h);
    if (!strcmp(url, "/_octavo/status")) {
        struct buf b = BUF_INIT;
        pthread_mutex_lock(&h->mu);
        status_json(h, &b);
        pthread_mutex_unlock(&h->mu);
        size_t len;
        char *json = buf_detach(&b, &len);
        return send_site_file(c, serve_site_single("status", json, len, "application/json"),
                              "status");
    }
    struct serve_site *site = NULL;
    const char *path = NULL;
    pthread_mutex_lock(&h->mu);
    if (!strcmp(url, "/book.pdf") && h->pdf) {
        site = h->pdf;
        path = "book.pdf";
    } else if (str_starts_with(url, "/book/") && h->book) {
        site = h->book;
        path = url + strlen("/book/"); /* looked up exactly: nothing else is in the book */
    }
    if (site)
        serve_site_ref(site);
    pthread_mutex_unlock(&h->mu);
    if (!site) {
        if (!strcmp(url, "/book.pdf"))
            return send_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, "the PDF is being typeset\n");
        return send_text(c, MHD_HTTP_NOT_FOUND, "not in this book\n");
    }
    return send_site_file(c, site, path);
}

struct serve_http *serve_http_start(unsigned port)
{
    struct serve_http *h = xcalloc(1, sizeof *h);
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->changed, NULL);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    h->daemon = MHD_start_daemon(
        MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION,
        (uint16_t)port, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR,
        (const struct sockaddr *)&addr, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)CONNECTION_TIMEOUT_SECONDS, MHD_OPTION_END);
    if (!h->daemon) {
        fprintf(stderr, "octavo serve: cannot listen on 127.0.0.1:%u (in use?)\n", port);
        pthread_mutex_destroy(&h->mu);
        pthread_cond_destroy(&h->changed);
        free(h);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
    h->port = info ? info->port : port;
    return h;
}

unsigned serve_http_port(const struct serve_http *h)
{
    return h->port;
}

void serve_http_publish_book(struct serve_http *h, struct serve_site *book, char *diags_json,
                             bool ok)
{
    pthread_mutex_lock(&h->mu);
    if (book) {
        serve_site_unref(h->book);
        h->book = book;
        h->book_generation++;
    }
    free(h->book_diags);
    h->book_diags = diags_json;
    h->book_ok = ok;
    h->building_epub = false;
    h->generation++;
    pthread_cond_broadcast(&h->changed);
    pthread_mutex_unlock(&h->mu);
}

void serve_http_publish_pdf(struct serve_http *h, struct serve_site *pdf, char *diags_json,
                            bool ok)
{
    pthread_mutex_lock(&h->mu);
    if (pdf) {
        serve_site_unref(h->pdf);
        h->pdf = pdf;
    }
    free(h->pdf_diags);
    h->pdf_diags = diags_json;
    h->pdf_ok = ok;
    h->building_pdf = false;
    h->generation++;
    pthread_cond_broadcast(&h->changed);
    pthread_mutex_unlock(&h->mu);
}

void serve_http_building(struct serve_http *h, bool epub, bool pdf)
{
    pthread_mutex_lock(&h->mu);
    h->building_epub |= epub;
    h->building_pdf |= pdf;
    h->generation++;
    pthread_cond_broadcast(&h->changed);
    pthread_mutex_unlock(&h->mu);
}

void serve_http_stop(struct serve_http *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->mu);
    h->stopping = true;
    pthread_cond_broadcast(&h->changed);
    pthread_mutex_unlock(&h->mu);
    MHD_stop_daemon(h->daemon);
    serve_site_unref(h->book);
    serve_site_unref(h->pdf);
    free(h->book_diags);
    free(h->pdf_diags);
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->changed);
    free(h);
}
