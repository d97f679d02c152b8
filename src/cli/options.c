/* GNU-style option parsing for octavo's verbs, with getopt_long. */
#define _GNU_SOURCE
#include "cli/options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "build/build.h"
#include "pdf/pdf.h"

void cli_print_help(void)
{
    printf("Usage: octavo build [SERIES_DIR ...] [-f epub|pdf|all] [-o OUT_DIR]\n"
           "   or: octavo check [SERIES_DIR ...]\n"
           "   or: octavo serve [SERIES_DIR] [--port N]\n"
           "   or: octavo new SLUG|DIR [--title=TEXT] [--author=NAME]\n"
           "   or: octavo release [SERIES_DIR ...] [--archive=DIR]\n"
           "   or: octavo release --verify SERIES_DIR [EDITION] [--archive=DIR]\n"
           "Compile book series (Markdown chapters + series.yaml) into EPUB 3 and PDF.\n"
           "\n"
           "With no SERIES_DIR, works on every folder under series/ that holds a series.yaml.\n"
           "build writes OUT_DIR/<slug>-<edition>.epub and OUT_DIR/<slug>-<edition>.pdf;\n"
           "check reports every diagnostic a build would and writes nothing; serve shows\n"
           "the book in a browser on 127.0.0.1, rebuilt on every save; new starts a\n"
           "series in series/SLUG/ ('octavo new --help').\n"
           "release builds as --strict does, dated by the series' date, into\n"
           "ARCHIVE/<slug>/<edition>/ (books, sources.tar, pagemap.tsv, manifest.json);\n"
           "'--verify' rebuilds an archived edition (default: the newest) and compares.\n"
           "\n"
           "Options:\n"
           "  -f, --format=FORMAT  epub, pdf or all (default: all)\n"
           "  -o, --output=DIR     output folder (default: out)\n"
           "      --diagnostics=FORMAT  human (default), json (one object a line) or\n"
           "                       github (GitHub Actions annotations); build and check\n"
           "      --depfile=FILE   build: write the outputs and every file read, in\n"
           "                       Makefile syntax (also when the build fails)\n"
           "      --port=N         serve: the port on 127.0.0.1 (default: 3000; 0: any)\n"
           "      --page-size=SIZE the PDF's page: a4, letter, a5, 6x9 or ereader (default:\n"
           "                       the series' page-size, else a4)\n"
           "      --strict         treat every warning as an error (for release pipelines)\n"
           "      --archive=DIR    the editions' archive (default: releases)\n"
           "      --verify         release: rebuild an archived edition, compare every file\n"
           "      --changes-since=EDITION\n"
           "                       the \"Changes in this edition\" section compares with\n"
           "                       EDITION (default: the archive's newest earlier one)\n"
           "      --diff-from=EDITION\n"
           "                       also write OUT_DIR/<slug>-<edition>-diff-<EDITION>.epub\n"
           "                       and .pdf, the book with what changed since marked;\n"
           "                       EDITION may be git:REV (a tag, branch or commit)\n"
           "  -j, --jobs=N         chapters processed at once (default: the number of CPUs)\n"
           "  -q, --quiet          print diagnostics only, no summary lines\n"
           "  -h, --help           show this help and exit\n"
           "  -V, --version        show the version and exit\n"
           "\n"
           "Exit status: 0 built, 1 the input has errors (nothing written for that series),\n"
           "2 usage error.\n"
           "Environment: SOURCE_DATE_EPOCH fixes the book's modification date; NO_COLOR\n"
           "turns off coloured diagnostics.\n");
}

/* The verbs by name: a new verb is a row here and a case in main.c. */
static const struct {
    const char *name;
    enum cli_verb verb;
} verbs[] = {
    {"build", CLI_VERB_BUILD},
    {"release", CLI_VERB_RELEASE},
    {"check", CLI_VERB_CHECK},
    {"serve", CLI_VERB_SERVE},
};

static bool find_verb(const char *word, enum cli_verb *verb)
{
    for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
        if (!strcmp(verbs[i].name, word)) {
            *verb = verbs[i].verb;
            return true;
        }
    return false;
}

/* The options that only some verbs take. */
static enum cli_parse_result check_verb_options(const struct cli_options *opt)
{
    const char *bad = NULL;
    if (opt->depfile && opt->verb != CLI_VERB_BUILD)
        bad = "--depfile is for build";
    else if (opt->port_given && opt->verb != CLI_VERB_SERVE)
        bad = "--port is for serve";
    else if (opt->verb == CLI_VERB_SERVE && opt->n_series_dirs > 1)
        bad = "serve shows one series at a time";
    else if (opt->verb == CLI_VERB_SERVE && opt->diagnostics != DIAG_FORMAT_HUMAN)
        bad = "serve shows its diagnostics on the page; --diagnostics is for build and check";
    if (!bad)
        return CLI_PARSE_OK;
    fprintf(stderr, "octavo: %s\nTry 'octavo --help'.\n", bad);
    return CLI_PARSE_USAGE_ERROR;
}

enum cli_parse_result cli_parse(int argc, char **argv, struct cli_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->format = CLI_FORMAT_ALL;
    opt->out_dir = "out";
    opt->archive = BUILD_DEFAULT_ARCHIVE;
    opt->jobs = cpu_count();
    opt->port = CLI_DEFAULT_PORT;
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"strict", no_argument, NULL, 's'},       {"jobs", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},      {"page-size", required_argument, NULL, 'P'},
        {"archive", required_argument, NULL, 'A'}, {"verify", no_argument, NULL, 'v'},
        {"changes-since", required_argument, NULL, 'C'},
        {"diff-from", required_argument, NULL, 'D'},
        {"diagnostics", required_argument, NULL, 'G'}, {"depfile", required_argument, NULL, 'd'},
        {"port", required_argument, NULL, 'p'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    bool saw_verb = false;
    int c;
    /* "+" keeps getopt from permuting: we look at the command word ourselves. */
    bool options_ended = false; /* after "--": every word is a verb or a folder */
    while (optind < argc) {
        if (!options_ended && !strcmp(argv[optind], "--")) {
            options_ended = true;
            optind++;
            continue;
        }
        c = options_ended ? -1 : getopt_long(argc, argv, "+f:o:j:qhV", longopts, NULL);
        if (c == -1 && optind >= argc)
            break; /* getopt ate a final "--" */
        if (c == -1) {
            const char *word = argv[optind];
            if (!saw_verb && find_verb(word, &opt->verb)) {
                saw_verb = true;
            } else if (!saw_verb) {
                fprintf(stderr, "octavo: unknown command '%s' (try 'octavo --help')\n", word);
                return CLI_PARSE_USAGE_ERROR;
            } else {
                opt->series_dirs =
                    xrealloc(opt->series_dirs, (opt->n_series_dirs + 1) * sizeof(char *));
                opt->series_dirs[opt->n_series_dirs++] = word;
            }
            optind++;
            continue;
        }
        switch (c) {
        case 'f':
            if (!strcmp(optarg, "epub"))
                opt->format = CLI_FORMAT_EPUB;
            else if (!strcmp(optarg, "pdf"))
                opt->format = CLI_FORMAT_PDF;
            else if (!strcmp(optarg, "all"))
                opt->format = CLI_FORMAT_ALL;
            else {
                fprintf(stderr, "octavo: unknown format '%s' (epub, pdf or all)\n", optarg);
                return CLI_PARSE_USAGE_ERROR;
            }
            break;
        case 'o':
            if (!*optarg) {
                fprintf(stderr, "octavo: -o needs a folder\n");
                return CLI_PARSE_USAGE_ERROR;
            }
            opt->out_dir = optarg;
            break;
        case 's':
            opt->strict = true;
            break;
        case 'A':
            if (!*optarg) {
                fprintf(stderr, "octavo: --archive needs a folder\n");
                return CLI_PARSE_USAGE_ERROR;
            }
            opt->archive = optarg;
            break;
        case 'v':
            opt->verify = true;
            break;
        case 'C':
        case 'D':
            if (!*optarg) {
                fprintf(stderr, "octavo: %s needs a value\n", argv[optind - 1]);
                return CLI_PARSE_USAGE_ERROR;
            }
            *(c == 'C' ? &opt->changes_since : &opt->diff_from) = optarg;
            break;
        case 'P':
            if (!pdf_page_size_known(optarg)) {
                fprintf(stderr, "octavo: unknown page size '%s' (%s)\n", optarg,
                        pdf_page_size_names());
                return CLI_PARSE_USAGE_ERROR;
            }
            opt->page_size = optarg;
            break;
        case 'j': {
            char *end;
            long j = strtol(optarg, &end, 10);
            if (*end || j < 1 || j > 64) {
                fprintf(stderr, "octavo: --jobs takes a number from 1 to 64\n");
                return CLI_PARSE_USAGE_ERROR;
            }
            opt->jobs = (int)j;
            break;
        }
        case 'q':
            opt->quiet = true;
            break;
        case 'G':
            if (!diag_format_parse(optarg, &opt->diagnostics)) {
                fprintf(stderr, "octavo: unknown diagnostics format '%s' (human, json or github)\n",
                        optarg);
                return CLI_PARSE_USAGE_ERROR;
            }
            break;
        case 'd':
            if (!*optarg) {
                fprintf(stderr, "octavo: --depfile needs a file name\n");
                return CLI_PARSE_USAGE_ERROR;
            }
            opt->depfile = optarg;
            break;
        case 'p': {
            char *end;
            long port = strtol(optarg, &end, 10);
            if (!*optarg || *end || port < 0 || port > 65535) {
                fprintf(stderr, "octavo: --port takes a number from 0 to 65535\n");
                return CLI_PARSE_USAGE_ERROR;
            }
            opt->port = (unsigned)port;
            opt->port_given = true;
            break;
        }
        case 'h':
            opt->help = true;
            return CLI_PARSE_EXIT_OK;
        case 'V':
            opt->version = true;
            return CLI_PARSE_EXIT_OK;
        case ':':
        case '?':
        default:
            if (optopt)
                fprintf(stderr, "octavo: option '-%c' is unknown or needs a value\n", optopt);
            else
                fprintf(stderr, "octavo: unknown option '%s'\n", argv[optind - 1]);
            fprintf(stderr, "Try 'octavo --help'.\n");
            return CLI_PARSE_USAGE_ERROR;
        }
    }
    if (saw_verb && opt->verify && opt->verb != CLI_VERB_RELEASE) {
        fprintf(stderr, "octavo: --verify is an option of 'octavo release'\n");
        return CLI_PARSE_USAGE_ERROR;
    }
    if (!saw_verb) {
        fprintf(stderr, "Usage: octavo build [SERIES_DIR ...] [-f epub|pdf|all] [-o OUT_DIR]\n"
                        "Try 'octavo --help'.\n");
        return CLI_PARSE_USAGE_ERROR;
    }
    return check_verb_options(opt);
}

void cli_options_free(struct cli_options *opt)
{
    free(opt->series_dirs);
    opt->series_dirs = NULL;
}
