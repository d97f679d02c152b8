/* octavo build: each series through the pipeline, its books written, a line
 * per book. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "series/series.h"

static void human_size(size_t n, char out[32])
{
    if (n >= 1024 * 1024)
        snprintf(out, 32, "%.1f MiB", (double)n / (1024.0 * 1024.0));
    else
        snprintf(out, 32, "%.0f KiB", (double)n / 1024.0);
}

/* out_dir/name, escaped for the terminal as diagnostics are */
static char *shown_path(const char *out_dir, const char *name)
{
    char *path = path_join(out_dir, name);
    struct buf b = BUF_INIT;
    diag_escape(&b, path);
    free(path);
    return buf_detach(&b, NULL);
}

static void print_built(const char *out_dir, const struct build_result *res, double secs)
{
    char size[32];
    const char *s = res->chapters == 1 ? "" : "s";
    if (res->epub.bytes) {
        char *path = shown_path(out_dir, res->epub.name);
        human_size(res->epub.len, size);
        printf("built %s (%s, %zu chapter%s, %zu words) in %.2f s\n", path, size, res->chapters,
               s, res->words, secs);
        free(path);
    }
    const struct build_file *red[] = {&res->redline_epub, &res->redline_pdf};
    for (size_t i = 0; i < 2; i++)
        if (red[i]->bytes) {
            char *path = path_join(out_dir, red[i]->name);
            human_size(red[i]->len, size);
            printf("built %s (%s, the changes marked)\n", path, size);
            free(path);
        }
    if (res->pdf.bytes) {
        char *path = shown_path(out_dir, res->pdf.name);
        human_size(res->pdf.len, size);
        printf("built %s (%s, %zu pages, %zu chapter%s, %zu words) in %.2f s\n", path, size,
               res->pages, res->chapters, s, res->words, secs);
        free(path);
    }
    fflush(stdout);
}

/* What the depfile says of one series: the books it builds (or would have
 * built), and the files it read. */
struct depfile_entry {
    char *targets[2];
    size_t n_targets;
    char **inputs;
    size_t n_inputs;
};

static unsigned formats_of(const struct cli_options *opt)
{
    return opt->format == CLI_FORMAT_EPUB  ? BUILD_EPUB
           : opt->format == CLI_FORMAT_PDF ? BUILD_PDF
                                           : BUILD_EPUB | BUILD_PDF;
}

/* Takes the inputs from res. The targets are the books' paths whether or not
 * they were written, so that make tries again after a failure; without a
 * slug (series.yaml unreadable) the depfile itself stands for them. */
static void depfile_note(struct depfile_entry *e, const struct cli_options *opt,
                         struct build_result *res)
{
    unsigned formats = formats_of(opt);
    if (res->slug && res->edition) {
        if (formats & BUILD_EPUB)
            e->targets[e->n_targets++] =
                xasprintf("%s/%s-%s.epub", opt->out_dir, res->slug, res->edition);
        if (formats & BUILD_PDF)
            e->targets[e->n_targets++] =
                xasprintf("%s/%s-%s.pdf", opt->out_dir, res->slug, res->edition);
    } else {
        e->targets[e->n_targets++] = xstrdup(opt->depfile);
    }
    e->inputs = res->inputs;
    e->n_inputs = res->n_inputs;
    res->inputs = NULL;
    res->n_inputs = 0;
}

static bool build_one(const char *dir, const struct cli_options *opt, struct depfile_entry *dep)
{
    double t0 = base_clock_seconds();
    struct cli_progress *progress = cli_progress_new(opt, dir);
    struct build_options bo = {
        .formats = formats_of(opt),
        .page_size = opt->page_size,
        .jobs = opt->jobs,
        .strict = opt->strict,
        .archive = opt->archive,
        .changes_since = opt->changes_since,
        .diff_from = opt->diff_from,
        .progress = progress ? cli_progress_update : NULL,
        .progress_ctx = progress,
    };
    struct build_result res;
    if (build_series(dir, &bo, &res) && !build_write(&res, opt->out_dir, &res.diags))
        res.ok = false;
    cli_progress_free(progress);
    cli_report_diagnostics(dir, &res, opt->diagnostics, "nothing written");
    bool ok = res.ok;
    if (ok && !opt->quiet)
        print_built(opt->out_dir, &res, base_clock_seconds() - t0);
    if (dep)
        depfile_note(dep, opt, &res);
    build_result_free(&res);
    return ok;
}

/* The file names each series would write, read from its series.yaml before
 * anything is built: two series of one build with the same <slug>-<edition>
 * would overwrite each other's books. Errors for each pair; true if none.
 * (A series whose series.yaml does not load is left to its own build.) */
static bool output_names_distinct(char **dirs, size_t n, const struct cli_options *opt)
{
    struct named {
        char *name;
        size_t index;
    } *names = xcalloc(n + 1, sizeof *names);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        struct diag_list ignored = DIAG_LIST_INIT;
        struct series *s = series_load(dirs[i], &ignored);
        diag_list_free(&ignored);
        if (!s)
            continue;
        names[k++] = (struct named){.name = xasprintf("%s-%s", s->slug, s->edition), .index = i};
        series_free(s);
    }
    struct diag_list dl = DIAG_LIST_INIT;
    /* few folders on a command line; with every series/ folder, slugs differ */
    for (size_t a = 0; a < k; a++)
        for (size_t b = a + 1; b < k; b++)
            if (!strcmp(names[a].name, names[b].name)) {
                char *out = path_join(opt->out_dir, names[b].name);
                diag_add(&dl, DIAG_ERROR, dirs[names[b].index], 0, 0,
                         "writes %s.* as %s does: two series of one build may not share an "
                         "output name; nothing written",
                         out, dirs[names[a].index]);
                free(out);
            }
    bool ok = dl.len == 0;
    diag_print(&dl, stderr, cli_use_color());
    diag_list_free(&dl);
    for (size_t i = 0; i < k; i++)
        free(names[i].name);
    free(names);
    return ok;
}

/* Writes the depfile of every series built (atomically, like a book). */
static bool write_depfile(const struct cli_options *opt, struct depfile_entry *deps, size_t n)
{
    struct build_depfile_rule *rules = xcalloc(n + 1, sizeof *rules);
    for (size_t i = 0; i < n; i++)
        rules[i] = (struct build_depfile_rule){
            .targets = (const char *const *)deps[i].targets, .n_targets = deps[i].n_targets,
            .inputs = deps[i].inputs, .n_inputs = deps[i].n_inputs};
    struct diag_list dl = DIAG_LIST_INIT;
    char *text = build_depfile(rules, n, opt->depfile, &dl);
    free(rules);
    const char *err = NULL;
    if (text && !file_write_atomic(opt->depfile, text, strlen(text), &err))
        diag_add(&dl, DIAG_ERROR, opt->depfile, 0, 0, "cannot write the depfile: %s", err);
    free(text);
    bool ok = dl.len == 0;
    diag_print_as(&dl, opt->diagnostics, opt->diagnostics == DIAG_FORMAT_HUMAN ? stderr : stdout,
                  false);
    diag_list_free(&dl);
    return ok;
}

int cli_build(const struct cli_options *opt)
{
    size_t n;
    char **dirs = cli_series_dirs(opt, &n);
    if (n > 1 && !output_names_distinct(dirs, n, opt)) {
        cli_series_dirs_free(dirs, n);
        return 1;
    }
    int status = n ? 0 : 1;
    struct depfile_entry *deps = opt->depfile ? xcalloc(n + 1, sizeof *deps) : NULL;
    for (size_t i = 0; i < n; i++)
        if (!build_one(dirs[i], opt, deps ? &deps[i] : NULL))
            status = 1;
    if (deps) {
        if (!write_depfile(opt, deps, n))
            status = 1;
        for (size_t i = 0; i < n; i++) {
            for (size_t t = 0; t < deps[i].n_targets; t++)
                free(deps[i].targets[t]);
            for (size_t k = 0; k < deps[i].n_inputs; k++)
                free(deps[i].inputs[k]);
            free(deps[i].inputs);
        }
        free(deps);
    }
    cli_series_dirs_free(dirs, n);
    return status;
}
