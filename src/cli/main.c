/* octavo's entry point: parses the command line, runs the verb, and returns
 * its exit status. The verbs live in cli/verb_*.c; the work in the core. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/verbs.h"

int main(int argc, char **argv)
{
    /* ZIP entries carry local time: UTC makes them the same on every machine. */
    setenv("TZ", "UTC", 1);
    tzset();
    if (argc > 1 && !strcmp(argv[1], "new"))
        return verb_new(argc - 1, argv + 1);
    struct cli_options opt;
    enum cli_parse_result pr = cli_parse(argc, argv, &opt);
    if (pr == CLI_PARSE_USAGE_ERROR) {
        cli_options_free(&opt);
        return 2;
    }
    if (pr == CLI_PARSE_EXIT_OK) {
        if (opt.help)
            cli_print_help();
        else
            printf("octavo %s\n", OCTAVO_VERSION);
        cli_options_free(&opt);
        return 0;
    }
    build_init();
    int status = 1;
    switch (opt.verb) {
    case CLI_VERB_BUILD:
        status = cli_build(&opt);
        break;
    case CLI_VERB_RELEASE:
        status = cli_release(&opt);
        break;
    case CLI_VERB_CHECK:
        status = cli_check(&opt);
        break;
    case CLI_VERB_SERVE:
        status = cli_serve(&opt);
        break;
    case CLI_VERB__COUNT:
        break;
    }
    cli_options_free(&opt);
    build_cleanup();
    return status;
}
