/* Private helpers over libyaml's document tree, shared by manifest.c and front_matter.c. */
#ifndef OCTAVO_SERIES_YAML_UTIL_H
#define OCTAVO_SERIES_YAML_UTIL_H

#include <yaml.h>

#include "base/base.h"

/* Parses text as one YAML document; on error adds a diagnostic (line offset by
 * line_base) and returns false. The document is freed with yaml_document_delete. */
bool yaml_util_load(const char *file, const char *text, size_t len, int line_base,
                    yaml_document_t *doc, struct diag_list *dl);
/* The scalar's value as a new string, or NULL (with an error) if node is not a scalar. */
char *yaml_util_string(yaml_document_t *doc, yaml_node_t *node, const char *file, int line_base,
                       const char *key, struct diag_list *dl);
/* A string or a list of strings; false (with an error) otherwise. */
bool yaml_util_string_list(yaml_document_t *doc, yaml_node_t *node, const char *file,
                           int line_base, const char *key, char ***items_out, size_t *n_out,
                           struct diag_list *dl);
int yaml_util_line(const yaml_node_t *node, int line_base);
void yaml_util_free_list(char **items, size_t n);

#endif
