/* cli: the verbs and how their results are reported. Only cli/ prints. */
#ifndef OCTAVO_CLI_H
#define OCTAVO_CLI_H

#include "build/build.h"
#include "cli/options.h"

/* Each verb returns the process's exit status (0, 1). */
int cli_build(const struct cli_options *opt);
/* octavo release, and release --verify (verb_release.c). */
int cli_release(const struct cli_options *opt);
int cli_check(const struct cli_options *opt);
int cli_serve(const struct cli_options *opt);

/* The series folders a verb works on: those named, else every folder under
 * series/ holding a series.yaml, sorted. NULL with *n_out 0 when there are
 * none (said on stderr). Free with cli_series_dirs_free. */
char **cli_series_dirs(const struct cli_options *opt, size_t *n_out);
void cli_series_dirs_free(char **dirs, size_t n);

bool cli_use_color(void);
/* Prints a build's diagnostics: for people on stderr (coloured on a terminal,
 * unless NO_COLOR), as JSON lines or GitHub annotations on stdout; and when
 * it failed, on stderr, the line that says so (what_failed: "nothing
 * written", or NULL for check). */
void cli_report_diagnostics(const char *series_dir, const struct build_result *res,
                            enum diag_format format, const char *what_failed);

/* A progress line on stderr while a build runs (progress.c): only on a
 * terminal, never with --quiet, and only once the build has taken a second. */
struct cli_progress;
struct cli_progress *cli_progress_new(const struct cli_options *opt, const char *series_dir);
/* For build_options.progress (ctx: the cli_progress). */
void cli_progress_update(void *ctx, const struct build_progress *p);
/* Clears the line, if one was shown; frees. */
void cli_progress_free(struct cli_progress *pr);

#endif
