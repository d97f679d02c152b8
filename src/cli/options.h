/* The command line: the verb and its options. */
#ifndef OCTAVO_CLI_OPTIONS_H
#define OCTAVO_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"

enum cli_format { CLI_FORMAT_ALL, CLI_FORMAT_EPUB, CLI_FORMAT_PDF };

/* serve's port when none is given (mdBook's, which authors moving over know) */
#define CLI_DEFAULT_PORT 3000

/* The verbs, each carried out by a file of its own (cli/verb_*.c). */
enum cli_verb { CLI_VERB_BUILD, CLI_VERB_RELEASE, CLI_VERB_CHECK, CLI_VERB_SERVE,
                CLI_VERB__COUNT };

struct cli_options {
    enum cli_verb verb;
    enum cli_format format;
    const char *out_dir;
    const char *page_size; /* --page-size, or NULL (the series' page-size, else A4) */
    const char *changes_since, *diff_from; /* an edition or git:REV, or NULL */
    bool strict, quiet;
    const char *archive; /* --archive, default releases */
    bool verify;         /* release --verify */
    int jobs;
    enum diag_format diagnostics; /* --diagnostics=human|json|github */
    const char *depfile;          /* build --depfile FILE, or NULL */
    unsigned port;                /* serve --port N (0: any free port) */
    bool port_given;
    const char **series_dirs; /* borrowed from argv */
    size_t n_series_dirs;
    bool help, version;
};

enum cli_parse_result { CLI_PARSE_OK, CLI_PARSE_EXIT_OK, CLI_PARSE_USAGE_ERROR };
/* Parses argv; prints usage errors to stderr. Never exits: main decides. */
enum cli_parse_result cli_parse(int argc, char **argv, struct cli_options *opt);
void cli_print_help(void);
void cli_options_free(struct cli_options *opt);

#endif
