/* The verbs other than build: each parses its own options and returns the
 * exit status (0 done, 1 bad input or a file problem, 2 usage error). */
#ifndef OCTAVO_CLI_VERBS_H
#define OCTAVO_CLI_VERBS_H

/* argv[0] is the verb itself. */
int verb_new(int argc, char **argv);

#endif
