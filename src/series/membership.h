/* Private to src/series: the `series` key of series.yaml (manifest.c calls it). */
#ifndef OCTAVO_SERIES_MEMBERSHIP_H
#define OCTAVO_SERIES_MEMBERSHIP_H

#include "series/series.h"
#include "series/yaml_util.h"

/* Reads {name: "…", position: N} into out (replacing what it held). False, with
 * an error naming file:line, when a value has the wrong type or is empty. */
bool series_membership_load(yaml_document_t *doc, yaml_node_t *node, const char *file,
                            struct series_membership *out, struct diag_list *dl);
void series_membership_free(struct series_membership *m);

#endif
