/* The depfile of a build (--depfile), in Makefile syntax: the books as
 * targets and every file the build read as their prerequisites, each also a
 * target of its own with no recipe (as gcc -MP does), so that make does not
 * stop when an input is deleted or renamed. */
#include "build/build.h"

#include <stdlib.h>
#include <string.h>

/* A path as make reads it back: space, '#' and ':' behind a backslash, '$'
 * doubled, and in a target '%' behind a backslash too (there it would make a
 * pattern rule; in a prerequisite it is plain, and a backslash would stay).
 * False for a path make cannot hold at all (a line end, a tab or another
 * control character). */
static bool make_escape(struct buf *b, const char *path, bool target)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return false;
        if (*p == ' ' || *p == '#' || *p == ':' || (target && *p == '%'))
            buf_putc(b, '\\');
        if (*p == '$')
            buf_putc(b, '$');
        buf_putc(b, (char)*p);
    }
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *build_depfile(const struct build_depfile_rule *rules, size_t n_rules,
                    const char *depfile_path, struct diag_list *dl)
{
    struct buf b = BUF_INIT;
    const char *bad = NULL;
    size_t n_all = 0;
    for (size_t r = 0; r < n_rules; r++)
        n_all += rules[r].n_inputs;
    char **all = xcalloc(n_all + 1, sizeof *all);
    n_all = 0;
    for (size_t r = 0; r < n_rules && !bad; r++) {
        const struct build_depfile_rule *rule = &rules[r];
        if (!rule->n_targets)
            continue;
        for (size_t i = 0; i < rule->n_targets && !bad; i++) {
            if (i)
                buf_putc(&b, ' ');
            if (!make_escape(&b, rule->targets[i], true))
                bad = rule->targets[i];
        }
        buf_putc(&b, ':');
        for (size_t i = 0; i < rule->n_inputs && !bad; i++) {
            buf_puts(&b, " \\\n ");
            if (!make_escape(&b, rule->inputs[i], false))
                bad = rule->inputs[i];
            all[n_all++] = rule->inputs[i];
        }
        buf_putc(&b, '\n');
    }
    /* an empty rule for each input, once, in order */
    qsort(all, n_all, sizeof *all, cmp_str);
    if (n_all && !bad)
        buf_putc(&b, '\n');
    for (size_t i = 0; i < n_all && !bad; i++) {
        if (i && !strcmp(all[i], all[i - 1]))
            continue;
        make_escape(&b, all[i], true);
        buf_puts(&b, ":\n");
    }
    free(all);
    if (bad) {
        diag_add(dl, DIAG_ERROR, depfile_path, 0, 0,
                 "'%s' holds a character Makefile syntax cannot (a line end, tab or control "
                 "character); no depfile written",
                 bad);
        buf_free(&b);
        return NULL;
    }
    return buf_detach(&b, NULL);
}
