/* cli: the verbs and how their results are reported. Only cli/ prints. */
#ifndef OCTAVO_CLI_H
#define OCTAVO_CLI_H

#include "build/build.h"
#include "cli/options.h"

/* Each verb returns the process's exit status (0, 1). */
int cli_build(const struct cli_options *opt);
/* octavo release, and release --verify (verb_release.c). */
int cli_release(const struct cli_options *opt);

/* The series folders a verb works on: those named, else every folder under
 * series/ holding a series.yaml, sorted. NULL with *n_out 0 when there are
 * none (said on stderr). Free with cli_series_dirs_free. */
char **cli_series_dirs(const struct cli_options *opt, size_t *n_out);
void cli_series_dirs_free(char **dirs, size_t n);

/* Prints a build's diagnostics to stderr (coloured on a terminal, unless
 * NO_COLOR), and when it failed the line that says nothing was written. */
bool cli_use_color(void);
void cli_report_diagnostics(const char *series_dir, const struct build_result *res);

#endif
