/* Private contract between the highlighting engine (lexer.c) and the per-language
 * data tables (languages.c): everything a language is, expressed as data. */
#ifndef OCTAVO_HIGHLIGHT_LANGUAGES_H
#define OCTAVO_HIGHLIGHT_LANGUAGES_H

#include "highlight.h"

/* Language feature switches. Each one enables a small, language-neutral
 * scanner in the engine; the tables decide which languages get which. */
enum {
    HL_F_PLAIN = 1u << 0,           /* no highlighting at all (text) */
    HL_F_CALLS = 1u << 1,           /* identifier directly before '(' is a FUNCTION */
    HL_F_PREPROC = 1u << 2,         /* '#directive' at line start (C, C++) */
    HL_F_DECORATORS = 1u << 3,      /* '@name.attr' decorators (Python, TypeScript) */
    HL_F_ATTRIBUTES = 1u << 4,      /* '#[...]' and '#![...]' attributes (Rust) */
    HL_F_MACROS = 1u << 5,          /* 'name!' macro invocations (Rust) */
    HL_F_LIFETIMES = 1u << 6,       /* "'a" is a lifetime unless it is a char literal (Rust) */
    HL_F_CAPS_TYPES = 1u << 7,      /* CamelCase identifiers are types (Rust) */
    HL_F_T_SUFFIX = 1u << 8,        /* identifiers ending in "_t" are types (C, C++) */
    HL_F_DOLLAR = 1u << 9,          /* $VAR, ${...}, $1, $(...) (shell) */
    HL_F_HEREDOC = 1u << 10,        /* <<WORD here-documents (shell) */
    HL_F_ASSIGN = 1u << 11,         /* NAME= at a word start is a VARIABLE (shell) */
    HL_F_REGEX = 1u << 12,          /* /regex/flags literals where an operand may start (JS) */
    HL_F_CI = 1u << 13,             /* word lists match case-insensitively (lists are lowercase) */
    HL_F_PREFIX_CI = 1u << 14,      /* string prefixes match case-insensitively (lowercase) */
    HL_F_COMMENT_WS = 1u << 15,     /* a line comment must start a word ("a#b" is no comment) */
    HL_F_NESTED_COMMENTS = 1u << 16, /* block comments nest (Rust) */
    HL_F_NUM_SUFFIX = 1u << 17,     /* numbers may carry letter suffixes: 1UL, 3j, 10n, 5usize */
    HL_F_NUM_QUOTE = 1u << 18,      /* ' separates digits: 1'000'000 (C++14) */
    HL_F_SIGNED_NUM = 1u << 19,     /* a leading sign belongs to the number (data formats) */
    HL_F_DATES = 1u << 20,          /* 1979-05-27T07:32:00Z scans as one NUMBER (TOML, YAML) */
    HL_F_KEYS = 1u << 21,           /* word or quoted string before key_sep is a KEY */
    HL_F_KEY_SPACE = 1u << 22,      /* key_sep must be followed by white space (YAML) */
    HL_F_DOTTED_KEYS = 1u << 23,    /* a.b."c" = 1 is one key (TOML) */
    HL_F_SECTIONS = 1u << 24,       /* [table] / [[array]] lines are HEADINGs (TOML) */
    HL_F_YAML = 1u << 25,           /* YAML plain scalars, block scalars, anchors, tags */
    HL_F_SLASH_ESC = 1u << 26,      /* a backslash outside strings escapes the next char (shell) */
};

/* String rule flags. */
enum {
    HL_S_ESC = 1u << 0,       /* backslash escapes, shown as ESCAPE */
    HL_S_ML = 1u << 1,        /* may span lines; otherwise ends (unterminated) at the newline */
    HL_S_DOUBLED = 1u << 2,   /* a doubled close delimiter is an escape: 'it''s' */
    HL_S_DOLLAR = 1u << 3,    /* $name and ${...} interpolate (shell) */
    HL_S_TEMPLATE = 1u << 4,  /* ${...} interpolates (JS template literals) */
    HL_S_BRACES = 1u << 5,    /* {...} interpolates, {{ and }} escape (f-strings) */
    HL_S_RAW = 1u << 6,       /* backslash keeps the next char in the string but is no escape */
};

/* How a string's closing delimiter is found. */
typedef enum {
    HL_DELIM_FIXED,   /* the rule's close text */
    HL_DELIM_HASHES,  /* Rust r##"..."##: '"' and as many '#' as opened */
    HL_DELIM_PARENS,  /* C++ R"tag(...)tag" */
} hl_delim_kind;

typedef struct {
    const char *open;     /* NULL ends a table */
    const char *close;
    hl_class cls;         /* STRING, or PLAIN for quoted identifiers (SQL "col") */
    unsigned flags;       /* HL_S_* */
} hl_string_rule;

/* Letters that may directly precede an opening quote: r"..", f'..', u8"..", br#".."#. */
typedef struct {
    const char *word;     /* NULL ends a table */
    unsigned add_flags;   /* HL_S_* added to the rule the quote opens (RAW, BRACES) */
    hl_delim_kind delim;  /* non-FIXED: a raw string with a custom delimiter */
} hl_string_prefix;

/* A sorted (strcmp order; lowercase for HL_F_CI) list of words of one class. */
typedef struct {
    const char *const *words;  /* NULL ends a table */
    size_t count;
    hl_class cls;
} hl_words;

#define HL_WORDS(cls_, arr_) \
    { .words = (arr_), .count = sizeof(arr_) / sizeof((arr_)[0]), .cls = (cls_) }

/* A keyword that names what follows: "def" makes the next word a FUNCTION. */
typedef struct {
    const char *word;     /* NULL ends a table */
    hl_class next;
} hl_definer;

typedef struct hl_lang hl_lang;

/* Line-oriented languages (diff, console) classify each line by its prefix. */
enum {
    HL_LR_AFTER = 1u << 0,      /* only right after a line of the same sub language ("... ") */
    HL_LR_OPEN = 1u << 1,       /* only while that line's statement goes on ("> ") */
    HL_LR_DECORATED = 1u << 2,  /* may follow "(venv) ", "user@host:~" or "[user@host dir]" */
};

typedef struct {
    const char *prefix;   /* at column 0; NULL ends a table */
    hl_class cls;         /* class of the prefix, and of the whole line if sub is NULL */
    const hl_lang *sub;   /* language of the rest of the line */
    unsigned flags;       /* HL_LR_* */
} hl_line_rule;

struct hl_lang {
    const char *name;
    unsigned flags;                    /* HL_F_* */
    const hl_words *words;             /* in priority order */
    const hl_definer *definers;
    const hl_string_rule *strings;     /* longest opener first */
    const hl_string_prefix *prefixes;
    const char *line_comment[2];
    const char *block_open, *block_close;
    const char *ident_start;           /* extra identifier-start chars ("$" in JS) */
    const char *ident_extra;           /* extra identifier chars ("-" in shell words) */
    const char *operators;             /* NULL: the engine's default set */
    const char *punct;                 /* NULL: the engine's default set */
    char key_sep;                      /* with HL_F_KEYS */
    const hl_line_rule *lines;         /* non-NULL: a line-oriented language */
};

/* ---- queries on the tables (languages.c) ------------------------------ */

/* The language named by the first word of info (case-insensitive, aliases
 * resolved), or NULL. */
const hl_lang *hl_lang_find(const char *info);

/* Class of the word s[0..n) from L's word lists (first list wins). */
bool hl_lang_word(const hl_lang *L, const char *s, size_t n, hl_class *cls);

/* Class forced on the word after keyword s[0..n) ("def" -> FUNCTION), or PLAIN. */
hl_class hl_lang_definer(const hl_lang *L, const char *s, size_t n);

/* The string prefix spelled s[0..n), or NULL. */
const hl_string_prefix *hl_lang_prefix(const hl_lang *L, const char *s, size_t n);

/* Byte classes, so the engine's per-byte decisions are table lookups. */
enum {
    HL_C_IDSTART = 1u << 0,   /* starts an identifier */
    HL_C_IDENT = 1u << 1,     /* continues an identifier */
    HL_C_OPENER = 1u << 2,    /* first byte of a comment or string opener */
    HL_C_OP = 1u << 3,        /* an operator */
    HL_C_PUNCT = 1u << 4,     /* punctuation */
};
void hl_lang_classify(const hl_lang *L, unsigned char cc[256]);

/* The rule for the line s[0..len) of a line-oriented language, or NULL;
 * *prompt_len is the length of its prefix (with any prompt decoration).
 * prev is the language of the previous line if it was code, open whether
 * that line's statement goes on. */
const hl_line_rule *hl_lang_line(const hl_lang *L, const char *s, size_t len, const hl_lang *prev,
                                 bool open, size_t *prompt_len);

/* Every language, NULL-terminated: lets tests check the tables' invariants. */
extern const hl_lang *const hl_all_languages[];

#endif
