/* `octavo serve`: builds the EPUB in memory, serves it, and on every save in
 * the series folder builds it again and tells the open pages; the PDF is
 * typeset after each EPUB, on a thread of its own, so the pages never wait
 * for it. Ctrl-C (SIGINT) or SIGTERM stops it; nothing is written anywhere. */
#define _GNU_SOURCE
#include "serve/serve.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build/build.h"

/* After a change, the loop waits until the folder has been quiet this long
 * before building: an editor's save is often several events (write a
 * temporary file, rename it over the old one). */
#define SAVE_SETTLE_MS 10
/* The PDF starts this long after the EPUB view was rebuilt (unless another
 * save came), so the open pages reload before typesetting takes the CPUs;
 * and it runs at a lower priority, with one thread, for the same reason. */
#define PDF_DELAY_MS 300
#define PDF_NICE 10

struct pdf_worker {
    const struct serve_options *opt;
    struct serve_http *http;
    pthread_mutex_t mu;
    pthread_cond_t cond;
    unsigned long wanted, done; /* EPUB builds seen, and the one the PDF follows */
    bool stop;
};

/* The diagnostics as a JSON array (the objects of diag_print_json). Caller frees. */
static char *diags_json_array(const struct diag_list *dl)
{
    char *lines = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&lines, &len);
    diag_print_json(dl, f);
    fclose(f);
    struct buf b = BUF_INIT;
    buf_putc(&b, '[');
    for (size_t i = 0; i < len; i++)
        buf_putc(&b, lines[i] == '\n' ? (i + 1 < len ? ',' : ']') : lines[i]);
    if (!len)
        buf_putc(&b, ']');
    free(lines);
    return buf_detach(&b, NULL);
}

static struct build_options build_options_for(const struct serve_options *opt, unsigned formats)
{
    return (struct build_options){
        .formats = formats,
        .page_size = opt->page_size,
        .jobs = opt->jobs,
        .preview = true,
    };
}

/* One EPUB build, published whatever happened: a failed build keeps the last
 * good pages and shows its errors. */
static void rebuild_epub(const struct serve_options *opt, struct serve_http *http)
{
    double t0 = base_clock_seconds();
    serve_http_building(http, true, false);
    struct build_options bo = build_options_for(opt, BUILD_EPUB);
    struct build_result res;
    build_series(opt->series_dir, &bo, &res);
    struct serve_site *site = NULL;
    const char *err = NULL;
    if (res.ok && res.epub.bytes && !(site = serve_site_from_epub(res.epub.bytes, res.epub.len, &err)))
        diag_add(&res.diags, DIAG_ERROR, opt->series_dir, 0, 0, "%s", err);
    bool ok = site != NULL;
    serve_http_publish_book(http, site, diags_json_array(&res.diags), ok);
    if (!opt->quiet) {
        diag_print(&res.diags, stderr, false);
        if (ok)
            fprintf(stderr, "octavo serve: EPUB view rebuilt in %.0f ms\n",
                    (base_clock_seconds() - t0) * 1000.0);
        else
            fprintf(stderr, "octavo serve: the build failed (%zu error(s)); the pages show "
                            "the last good build and the errors\n",
                    diag_count(&res.diags, DIAG_ERROR));
    }
    build_result_free(&res);
}

static void *pdf_worker_main(void *arg)
{
    struct pdf_worker *pw = arg;
    /* Linux: a thread's nice value is its own, and the threads it starts
     * (the pipeline's workers) inherit it */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), PDF_NICE);
    for (;;) {
        pthread_mutex_lock(&pw->mu);
        for (;;) {
            while (!pw->stop && pw->wanted == pw->done)
                pthread_cond_wait(&pw->cond, &pw->mu);
            if (pw->stop)
                break;
            /* wait PDF_DELAY_MS without a new request before starting */
            unsigned long seen = pw->wanted;
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += (long)PDF_DELAY_MS * 1000000L;
            until.tv_sec += until.tv_nsec / 1000000000L;
            until.tv_nsec %= 1000000000L;
            int rc = 0;
            while (!pw->stop && pw->wanted == seen && rc == 0)
                rc = pthread_cond_timedwait(&pw->cond, &pw->mu, &until);
            if (!pw->stop && pw->wanted == seen)
                break;
        }
        bool stop = pw->stop;
        unsigned long target = pw->wanted;
        pthread_mutex_unlock(&pw->mu);
        if (stop)
            return NULL;
        serve_http_building(pw->http, false, true);
        struct build_options bo = build_options_for(pw->opt, BUILD_PDF);
        bo.jobs = 1;
        struct build_result res;
        build_series(pw->opt->series_dir, &bo, &res);
        struct serve_site *site = NULL;
        if (res.ok && res.pdf.bytes) {
            site = serve_site_single("book.pdf", res.pdf.bytes, res.pdf.len, NULL);
            res.pdf.bytes = NULL; /* now the site's */
        }
        serve_http_publish_pdf(pw->http, site, diags_json_array(&res.diags), site != NULL);
        build_result_free(&res);
        pthread_mutex_lock(&pw->mu);
        pw->done = target;
        pthread_mutex_unlock(&pw->mu);
    }
}

static void pdf_worker_request(struct pdf_worker *pw)
{
    pthread_mutex_lock(&pw->mu);
    pw->wanted++;
    pthread_cond_signal(&pw->cond);
    pthread_mutex_unlock(&pw->mu);
}

/* Waits until the folder has been quiet for SAVE_SETTLE_MS; false if a
 * signal came meanwhile. */
static bool settle(struct serve_watch *w, int sig_fd)
{
    for (;;) {
        struct pollfd fds[2] = {{.fd = serve_watch_fd(w), .events = POLLIN},
                                {.fd = sig_fd, .events = POLLIN}};
        int n = poll(fds, 2, SAVE_SETTLE_MS);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return true;
        if (fds[1].revents)
            return false;
        serve_watch_drain(w);
    }
}

int serve_run(const struct serve_options *opt)
{
    struct stat st;
    if (stat(opt->series_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: error: series folder not found\n", opt->series_dir);
        return 1;
    }
    /* SIGINT and SIGTERM arrive through a file descriptor, in the loop, in
     * every thread's stead (blocked before any thread starts) */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    int sig_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC | SFD_NONBLOCK);
    struct serve_watch *w = serve_watch_new(opt->series_dir);
    if (sig_fd < 0 || !w) {
        fprintf(stderr, "%s: error: cannot watch this folder for changes (%s)\n",
                opt->series_dir, strerror(errno));
        serve_watch_free(w);
        if (sig_fd >= 0)
            close(sig_fd);
        return 1;
    }
    struct serve_http *http = serve_http_start(opt->port);
    if (!http) {
        serve_watch_free(w);
        close(sig_fd);
        return 1;
    }
    fprintf(stderr, "octavo serve: %s at http://127.0.0.1:%u/ (Ctrl-C stops)\n",
            opt->series_dir, serve_http_port(http));
    struct pdf_worker pw = {.opt = opt, .http = http};
    pthread_mutex_init(&pw.mu, NULL);
    pthread_cond_init(&pw.cond, NULL);
    pthread_t pdf_thread;
    bool pdf_running = pthread_create(&pdf_thread, NULL, pdf_worker_main, &pw) == 0;

    rebuild_epub(opt, http);
    if (pdf_running)
        pdf_worker_request(&pw);
    for (;;) {
        struct pollfd fds[2] = {{.fd = serve_watch_fd(w), .events = POLLIN},
                                {.fd = sig_fd, .events = POLLIN}};
        int n = poll(fds, 2, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || fds[1].revents)
            break;
        if (!serve_watch_drain(w))
            continue;
        if (!settle(w, sig_fd))
            break;
        rebuild_epub(opt, http);
        if (pdf_running)
            pdf_worker_request(&pw);
    }
    fprintf(stderr, "octavo serve: stopping\n");
    if (pdf_running) {
        pthread_mutex_lock(&pw.mu);
        pw.stop = true;
        pthread_cond_signal(&pw.cond);
        pthread_mutex_unlock(&pw.mu);
        pthread_join(pdf_thread, NULL); /* a PDF being typeset finishes first */
    }
    pthread_mutex_destroy(&pw.mu);
    pthread_cond_destroy(&pw.cond);
    serve_http_stop(http);
    serve_watch_free(w);
    close(sig_fd);
    return 0;
}
