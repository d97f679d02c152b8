/* base: the pieces every stage uses — allocation, growable buffers, arenas,
 * diagnostics with file and line, safe paths inside a series, UTF-8, hashing. */
#ifndef OCTAVO_BASE_H
#define OCTAVO_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- allocation: out of memory aborts here, nowhere else ---- */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Room for element n of an array that holds n elements and only ever grows
 * through here: its capacity is the power of two at or above n, so it grows
 * (doubling) only when n is one. Appending one at a time with realloc(n + 1)
 * copies the whole array each time where realloc cannot grow in place (always
 * under AddressSanitizer): 50,000 headings took 90 s. */
void *xgrow(void *ptr, size_t n, size_t elem);
/* The other way an array grows, for appending many at once or where the
 * capacity is kept anyway: *cap becomes at least need (doubling, so appends
 * stay linear); returns ptr or its reallocation. */
void *xreserve(void *ptr, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- growable byte buffer; data is always NUL-terminated once written ---- */
struct buf {
    char *data;
    size_t len;
    size_t cap;
};
#define BUF_INIT {.data = NULL, .len = 0, .cap = 0}
void buf_grow(struct buf *b, size_t extra);
void buf_put(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Never NULL: "" for an empty buffer. Valid until the next write. */
const char *buf_cstr(const struct buf *b);
/* Hands the bytes to the caller (free() them); the buffer is empty afterwards. */
char *buf_detach(struct buf *b, size_t *len_out);
void buf_free(struct buf *b);

/* ---- arena: many small allocations freed at once (one per chapter model) ---- */
struct arena;
struct arena *arena_new(void);
void *arena_alloc(struct arena *a, size_t size); /* zeroed, aligned for any type */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
void arena_free(struct arena *a);

/* ---- diagnostics: carried as values, printed once by the CLI ---- */
enum diag_level { DIAG_WARNING, DIAG_ERROR };
struct diag {
    enum diag_level level;
    char *file; /* owned; path as the author typed it (relative to cwd) */
    int line;   /* 0 = no line */
    int col;    /* 0 = no column */
    char *msg;  /* owned */
};
struct diag_list {
    struct diag *items;
    size_t len, cap;
};
#define DIAG_LIST_INIT {.items = NULL, .len = 0, .cap = 0}
void diag_add(struct diag_list *dl, enum diag_level level, const char *file, int line,
              int col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void diag_addv(struct diag_list *dl, enum diag_level level, const char *file, int line,
               int col, const char *fmt, va_list ap);
/* Moves every diagnostic of src to the end of dst; src is left empty. */
void diag_splice(struct diag_list *dst, struct diag_list *src);
size_t diag_count(const struct diag_list *dl, enum diag_level level);
/* Orders by file, then line and column, keeping the order of equal places
 * (a stable merge sort: O(n log n) in any order). */
void diag_sort(struct diag_list *dl);
/* Appends s to b safe for a terminal or a log: line ends and tabs as \n \r \t,
 * other control characters (C0, DEL, C1), bidi controls, zero-width marks,
 * line/paragraph separators and noncharacters as \u{XXXX}, bytes that are not
 * UTF-8 as \xXX. Whatever s holds, the result is one line that shows what it is. */
void diag_escape(struct buf *b, const char *s);
/* file:line:col: error: message, one line each (file and message escaped with
 * diag_escape) — coloured when color is true. */
void diag_print(const struct diag_list *dl, FILE *out, bool color);
/* How diagnostics are printed (--diagnostics=): for people, for editors and
 * scripts (JSON Lines), for GitHub Actions (workflow-command annotations). */
enum diag_format { DIAG_FORMAT_HUMAN, DIAG_FORMAT_JSON, DIAG_FORMAT_GITHUB };
/* "human", "json" or "github"; false for any other name. */
bool diag_format_parse(const char *name, enum diag_format *out);
/* One JSON object a line: {"file":…,"line":…,"column":…,"severity":…,"message":…};
 * line and column are null when unknown. Strings are valid JSON whatever the
 * input holds: bytes that are not UTF-8 become U+FFFD, control characters and
 * the code points diag_escape shows are written as \uXXXX. */
void diag_print_json(const struct diag_list *dl, FILE *out);
/* GitHub Actions annotations, one a line:
 * ::error file=F,line=L,col=C::message (::warning for warnings), with GitHub's
 * escapes: % CR LF as %25 %0D %0A everywhere, and : , as %3A %2C in properties. */
void diag_print_github(const struct diag_list *dl, FILE *out);
/* diag_print, diag_print_json or diag_print_github. */
void diag_print_as(const struct diag_list *dl, enum diag_format format, FILE *out, bool color);
void diag_list_free(struct diag_list *dl);

/* ---- the files a build reads (file_log.c), for --depfile ---- */
struct file_log;
struct file_log *file_log_new(void);
/* Notes that path is read (called where a file is opened, or handed to a
 * library that opens it; also when it turns out to be missing, so that make
 * builds again once it appears). A NULL log notes nothing. Thread-safe. */
void file_log_add(struct file_log *log, const char *path);
/* The paths noted, sorted, each once; the log is left empty. The caller frees
 * each path and the array. */
char **file_log_take(struct file_log *log, size_t *n_out);
void file_log_free(struct file_log *log);

/* ---- files and paths ---- */
/* Reads a whole regular file; returns false and sets *err_out (static text) on
 * failure. *data_out is NUL-terminated and freed by the caller. */
bool file_read_all(const char *path, char **data_out, size_t *len_out, const char **err_out);
/* Writes data to path through a temporary file in the same folder and a rename,
 * so readers never see a partial file and an old file survives any failure. */
bool file_write_atomic(const char *path, const void *data, size_t len, const char **err_out);
/* A file to write: its path and its bytes. */
struct file_out {
    const char *path;
    const void *data;
    size_t len;
};
#define FILE_TXN_MAX 8 /* files in one transaction */
/* Replaces every files[i].path with its bytes, all or none: each is written to
 * a hidden temporary beside it and fsynced before any is renamed into place;
 * if any step fails, every earlier file is back as it was, byte for byte,
 * and no temporary is left. SIGINT, SIGTERM and SIGHUP meanwhile remove the
 * temporaries before ending the process (and wait while the files are being
 * renamed). On failure *failed_out is the index of the file that failed and
 * *err_out says why (static text, e.g. "cannot be written: the disk is full"). */
bool file_replace_all(const struct file_out *files, size_t n, size_t *failed_out,
                      const char **err_out);
char *path_join(const char *dir, const char *name); /* caller frees */
/* Makes the folder path and every missing one above it (0777 less the umask);
 * false when one cannot be made. */
bool dir_make_all(const char *path);
/* Removes path and everything in it, depth first, never following a link. */
void dir_remove_tree(const char *path);

enum path_verdict {
    PATH_OK,
    PATH_REMOTE,    /* has a scheme such as http: */
    PATH_ABSOLUTE,  /* starts with / or has a file: scheme */
    PATH_ESCAPES,   /* .. leads out of the root */
    PATH_BAD,       /* empty, NUL or a malformed percent escape */
};
/* Percent-decodes a relative reference (no query or fragment), normalises
 * . and .. lexically, and says whether it stays inside the root. On PATH_OK
 * *norm_out is the normalised relative path (caller frees). */
enum path_verdict path_check_relative(const char *ref, char **norm_out);
/* For a path_check_relative()-normalised rel under root_real (a realpath):
 * true if the file exists and its real path (symlinks followed) stays inside
 * root_real. Sets *real_out (caller frees) on success. Never opens the file. */
bool path_resolve_inside(const char *root_real, const char *rel, char **real_out,
                         const char **err_out);
/* URL scheme of ref ("http", "mailto"...), lowercased, or NULL. Caller frees. */
char *url_scheme(const char *ref);

/* ---- UTF-8 (utf8.c) ---- */
/* The valid UTF-8 sequence at s[i] (at most len - i bytes): its length, and
 * its code point in *cp_out; 0 for a byte that starts none (overlong forms,
 * surrogates and code points past U+10FFFF are not valid). NUL is one byte. */
size_t utf8_decode(const unsigned char *s, size_t len, size_t i, uint32_t *cp_out);
/* A byte inside a sequence, never at its start. */
static inline bool utf8_is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}
/* Bytes of s's first max_chars characters (s: len bytes). */
size_t utf8_prefix_len(const char *s, size_t len, size_t max_chars);
/* True if valid UTF-8 with no NUL byte; else line_out and col_out (1-based, col in
 * bytes) name the first bad byte. */
bool utf8_validate(const char *s, size_t len, int *line_out, int *col_out);
/* Appends s to b with every byte that is not part of valid UTF-8 (and every
 * NUL) replaced by U+FFFD. */
void utf8_repair(struct buf *b, const char *s, size_t len);
/* A copy of the string s for a one-line label (a PDF's metadata, bookmarks, a
 * diagnostic): tab and line ends become spaces; bytes that are not UTF-8,
 * control characters (C0, DEL, C1) and noncharacters (U+FDD0–U+FDEF,
 * U+xFFFE, U+xFFFF), which Cairo refuses as "not valid UTF-8", become
 * U+FFFD. Caller frees. */
char *utf8_plain(const char *s);

/* ---- hashing and identifiers ---- */
void sha1(const void *data, size_t len, unsigned char out[20]);
/* RFC 4122 version-5 UUID of name in namespace ns (16 bytes), as 36 chars + NUL. */
void uuid5(const unsigned char ns[16], const char *name, char out[37]);
extern const unsigned char UUID_NAMESPACE_URL[16];
/* A name for the file at path that stays the same whatever else the book
 * holds: a valid XML name (after a letter prefix), file name and IRI segment
 * of [a-z0-9._-], starting with a letter or digit. A path that is such a name
 * already is kept (*clean_out true); any other gets the first hash_hex hex
 * digits of its SHA-1 appended ("Intro Notes.md" → "intro-notes.md-1a2b3c4d"),
 * so that two paths never share a name. Caller frees. */
char *ident_from_path(const char *path, size_t hash_hex, bool *clean_out);

/* ---- time ---- */
/* A monotonic clock in seconds, for timings only. */
double base_clock_seconds(void);
/* "YYYY-MM-DDThh:mm:ssZ" of a UTC epoch. */
void time_format_iso(int64_t epoch, char out[21]);
/* Parses "YYYY-MM-DD" to the epoch of its midnight UTC; false if malformed. */
bool time_parse_date(const char *s, int64_t *epoch_out);

/* ---- resources compiled into the binary (templates/, fonts/fonts.list) ---- */
struct res_file {
    const char *name;
    const unsigned char *data;
    size_t len;
};
extern const struct res_file res_files[];
/* The resource of that base name (NUL-terminated), or NULL. */
const char *res_find(const char *name, size_t *len_out);

/* ---- the bundled fonts (font_list.c) ---- */
/* A line of fonts/fonts.list (compiled in): a font every book embeds. */
struct font_file {
    char *family, *style, *weight; /* as CSS names them: "Noto Serif", "italic", "700" */
    char *path;                    /* the file, installed by a Debian package */
    char *package;                 /* that package, named when the file is missing */
    char *file_name;               /* path's last component */
};
/* The fonts fonts.list names, in its order; *n_out of them. Free with font_files_free. */
struct font_file *font_files_load(size_t *n_out);
void font_files_free(struct font_file *files, size_t n);

/* ---- parallelism ---- */
/* Calls fn(ctx, i) for every i < n on up to threads threads (the caller's among
 * them); returns when all are done. Chapters are independent until assembly. */
void parallel_for(size_t n, int threads, void (*fn)(void *ctx, size_t i), void *ctx);
/* Online processors, at least 1. */
int cpu_count(void);

/* ---- small helpers ---- */
bool str_ends_with(const char *s, const char *suffix);
bool str_starts_with(const char *s, const char *prefix);
int str_casecmp_ascii(const char *a, const char *b);

#endif
