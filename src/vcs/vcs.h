/* vcs: an earlier version of a series read from its git repository (libgit2),
 * never touching the working tree, the index or HEAD: the tree at a revision
 * is copied into a private temporary folder, ready to load like a series. */
#ifndef OCTAVO_VCS_H
#define OCTAVO_VCS_H

#include "base/base.h"

/* A series as it was at a revision: root is a fresh private folder (mkdtemp,
 * mode 0700), series_dir is root/<slug>. */
struct vcs_export {
    char *root;
    char *series_dir;
    char *commit; /* the commit's id, 40 hex digits */
};

/* Copies the files of series_dir's folder as they were at rev (a tag, branch,
 * commit id or any git revision expression) out of the repository holding
 * series_dir. Only regular files are copied (symbolic links and submodules are
 * left out); a name that is not a safe path component is refused. False, with
 * an error naming series_dir and rev, when there is no repository, no such
 * revision, or the series folder did not exist then; nothing is left behind. */
bool vcs_export_series(const char *series_dir, const char *rev, struct vcs_export *out,
                       struct diag_list *dl);
/* Removes root and everything in it; frees the strings. */
void vcs_export_remove(struct vcs_export *e);

#endif
