/* The highlighting engine: one resumable tokenizer whose behaviour for each
 * language comes from the data tables in languages.c (see languages.h). */
#include "base/base.h"
#include "highlight.h"
#include "languages.h"

#include <stdint.h>
#include <string.h>

/* Pieces of one class are coalesced (a run of operators, a long plain stretch)
 * so the callback sees few calls and renderers emit few spans. */
typedef struct {
    hl_emit_fn fn;
    void *ctx;
    const char *s;
    size_t start, pos;   /* pending piece [start, pos) of class cls */
    hl_class cls;
} hl_sink;

static void hl_sink_flush(hl_sink *o)
{
    if (o->pos > o->start)
        o->fn(o->ctx, o->cls, o->s + o->start, o->pos - o->start);
    o->start = o->pos;
}

static void hl_sink_put(hl_sink *o, hl_class cls, size_t end)
{
    if (end <= o->pos)
        return;
    if (cls != o->cls) {
        hl_sink_flush(o);
        o->cls = cls;
    }
    o->pos = end;
}

/* A construct still open where a range ends. This is what makes the lexer
 * resumable, so a console's "... " line can go on with a Python string.
 * Block comments are strings of class COMMENT. */
typedef enum {
    HL_OPEN_NONE, HL_OPEN_STRING, HL_OPEN_HEREDOC, HL_OPEN_BLOCK,
} hl_open;

typedef struct {
    const hl_lang *lang;
    hl_sink *out;
    const char *s;
    size_t pos, end;               /* next byte; end of the current range */
    size_t range_start, line_start;
    hl_open open;
    hl_class str_cls;              /* the open string or block comment ... */
    unsigned str_flags;
    hl_delim_kind str_kind;
    const char *str_close;
    size_t delim_off, delim_len;   /* ... its custom delimiter (a '#' run, a tag) in s */
    size_t depth;                  /* nesting of block comments (Rust) */
    size_t hd_off, hd_len;         /* here-document terminator word in s */
    size_t nest;                   /* open '[' and '{': TOML headers, YAML flow style */
    size_t line_indent;
    size_t node_col;               /* YAML: column of the line's last key or dash */
    size_t block_min;              /* YAML block scalar: lines indented at least this */
    /* Failed lookaheads record how far they scanned, so no byte is scanned
     * twice by the same kind of lookahead: pathological input stays O(len). */
    size_t interp_stop, regex_stop;
    hl_class next_word;            /* forced class of the next word ("def" -> FUNCTION) */
    bool at_line_start;            /* only white space so far on this line */
    bool operand;                  /* last token ends an operand: '/' divides, '@' is matmul */
    bool heredoc_pending, heredoc_tabs, block_pending;
    unsigned char cc[256];         /* HL_C_* byte classes of the language */
} hl_lexer;

/* Byte at i, or -1 at and past the range end: every lookahead goes through
 * here or checks end itself, which keeps all reads inside len. */
static int hl_at(const hl_lexer *lx, size_t i)
{
    return i < lx->end ? (unsigned char)lx->s[i] : -1;
}

static bool hl_is_space(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }
static bool hl_is_digit(int c) { return c >= '0' && c <= '9'; }
static bool hl_is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool hl_is_alnum(int c) { return hl_is_alpha(c) || hl_is_digit(c); }
static bool hl_is_octal(int c) { return c >= '0' && c <= '7'; }
static bool hl_is_hex(int c) { return hl_is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
static bool hl_gap(int c) { return c < 0 || c == '\n' || hl_is_space(c); }
static bool hl_has(const hl_lexer *lx, int c, unsigned bit) { return c >= 0 && (lx->cc[c] & bit); }

/* strchr() would match the terminator for a NUL byte. */
static bool hl_in_set(const char *set, int c)
{
    return c > 0 && c < 0x80 && strchr(set, c) != NULL;
}

static bool hl_starts(const hl_lexer *lx, size_t i, const char *lit)
{
    if (i >= lx->end || lx->s[i] != lit[0])
        return lit[0] == '\0';   /* the common case: the first byte differs */
    size_t n = strlen(lit);
    return lx->end - i >= n && memcmp(lx->s + i, lit, n) == 0;
}

/* Length of the UTF-8 sequence at i (1 if invalid or cut off), so that an
 * escape or a char literal never ends inside a character. */
static size_t hl_utf8_len(const hl_lexer *lx, size_t i)
{
    uint32_t cp;
    size_t n = i < lx->end ? utf8_decode((const unsigned char *)lx->s, lx->end, i, &cp) : 0;
    return n ? n : 1;
}

static size_t hl_skip_spaces(const hl_lexer *lx, size_t i)
{
    while (hl_is_space(hl_at(lx, i)))
        i++;
    return i;
}

static size_t hl_line_end(const hl_lexer *lx, size_t i)
{
    const char *nl = i < lx->end ? memchr(lx->s + i, '\n', lx->end - i) : NULL;
    return nl ? (size_t)(nl - lx->s) : lx->end;
}

static size_t hl_word_end(const hl_lexer *lx, size_t i)
{
    while (hl_has(lx, hl_at(lx, i), HL_C_IDENT))
        i++;
    return i;
}

/* True if a token at i starts a shell word: "a#b" holds no comment. */
static bool hl_word_boundary(const hl_lexer *lx, size_t i)
{
    if (i == lx->range_start || i == lx->line_start)
        return true;
    int c = (unsigned char)lx->s[i - 1];
    return hl_gap(c) || hl_in_set(";&|(`", c);
}

/* Ends the current token: the only way the position moves, so coverage is exact. */
static void hl_tok(hl_lexer *lx, hl_class cls, size_t end)
{
    if (end > lx->end)
        end = lx->end;
    if (end > lx->pos) {
        hl_sink_put(lx->out, cls, end);
        lx->pos = end;
    }
}

/* ---- strings ----------------------------------------------------------- */

/* Length of the string's closing delimiter at i, or 0. */
static size_t hl_close_len(const hl_lexer *lx, size_t i)
{
    if (lx->str_kind == HL_DELIM_FIXED)
        return hl_starts(lx, i, lx->str_close) ? strlen(lx->str_close) : 0;
    /* '"' and the opening '#' run (Rust), or ')' tag '"' (C++) */
    const size_t n = lx->delim_len, post = lx->str_kind == HL_DELIM_PARENS;
    if (hl_at(lx, i) != (post ? ')' : '"') || lx->end - i < 1 + n + post
        || memcmp(lx->s + i + 1, lx->s + lx->delim_off, n) != 0 || (post && lx->s[i + 1 + n] != '"'))
        return 0;
    return 1 + n + post;
}

/* End of the bracketed run whose opener ('[' or '{') is at i, or 0 if it does
 * not close; then *gave_up is where the scan stopped. One-line runs stop at a
 * newline, f-string fields also at the string's closing quote. */
static size_t hl_balanced(const hl_lexer *lx, size_t i, bool one_line, bool fstring, size_t *gave_up)
{
    const char open = lx->s[i], close = open == '[' ? ']' : '}';
    size_t depth = 0, q = i;
    for (; q < lx->end; q++) {
        const char c = lx->s[q];
        if (c == open)
            depth++;
        else if (c == close && --depth == 0)
            return q + 1;
        else if ((c == '\n' && one_line) || (fstring && hl_close_len(lx, q)))
            break;
    }
    *gave_up = q;
    return 0;
}

/* Length of the backslash escape at i: \n, \x41, \u00e9, \u{1F600}, \N{DASH}, \123. */
static size_t hl_escape_len(const hl_lexer *lx, size_t i)
{
    const int c = hl_at(lx, i + 1);
    const bool octal = hl_is_octal(c);
    size_t q = i + 2, max = octal || c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    if ((c == 'u' || c == 'N') && hl_at(lx, q) == '{') {
        for (size_t k = q + 1; k < q + 64 && hl_at(lx, k) > ' '; k++)
            if (hl_at(lx, k) == '}')
                return k + 1 - i;
    }
    if (c < 0 || max == 0)
        return 1 + (c < 0 ? 0 : hl_utf8_len(lx, i + 1));
    while (q < i + 2 + max && (octal ? hl_is_octal(hl_at(lx, q)) : hl_is_hex(hl_at(lx, q))))
        q++;
    return q - i;
}

/* End of the interpolation field opening at i ('{' of "${" or an f-string), or 0. */
static size_t hl_field_end(hl_lexer *lx, size_t i)
{
    if (i < lx->interp_stop)
        return 0;
    return hl_balanced(lx, i, !(lx->str_flags & HL_S_ML), (lx->str_flags & HL_S_BRACES) != 0,
                       &lx->interp_stop);
}

/* Length of a shell parameter at i ('$'): $name, $1, $?, ${...}; 0 if none.
 * At top level an unclosed ${ runs to the line end, in a string it is text. */
static size_t hl_dollar_len(hl_lexer *lx, size_t i, bool in_string)
{
    const int c = hl_at(lx, i + 1);
    size_t q = i + 2, e, stop;
    if (c == '{' && in_string)
        return (e = hl_field_end(lx, i + 1)) != 0 ? e - i : 0;
    if (c == '{')
        return ((e = hl_balanced(lx, i + 1, true, false, &stop)) != 0 ? e : stop) - i;
    if (hl_is_alpha(c) || c == '_') {
        while (hl_is_alnum(hl_at(lx, q)) || hl_at(lx, q) == '_')
            q++;
        return q - i;
    }
    return hl_is_digit(c) || hl_in_set("@*#?$!-", c) ? 2 : 0;
}

static void hl_string_body(hl_lexer *lx)
{
    const hl_class cls = lx->str_cls;
    const unsigned f = lx->str_flags;
    size_t p = lx->pos, n, m;
    while (p < lx->end) {
        const int c = (unsigned char)lx->s[p];
        size_t esc = 0, var = 0;
        if ((n = hl_close_len(lx, p)) != 0 && lx->depth > 1) {
            lx->depth--;   /* the end of a nested comment */
            p += n;
            continue;
        } else if (n) {
            if (!(f & HL_S_DOUBLED) || (m = hl_close_len(lx, p + n)) == 0) {
                hl_tok(lx, cls, p + n);
                lx->open = HL_OPEN_NONE;
                lx->operand = lx->operand || cls != HL_COMMENT;
                return;
            }
            esc = n + m;   /* 'it''s' */
        } else if (cls == HL_COMMENT && (lx->lang->flags & HL_F_NESTED_COMMENTS)
                   && hl_starts(lx, p, lx->lang->block_open)) {
            lx->depth++;
            p += strlen(lx->lang->block_open);
            continue;
        } else if (c == '\n' && !(f & HL_S_ML)) {
            hl_tok(lx, cls, p);   /* unterminated: the newline is not string */
            lx->open = HL_OPEN_NONE;
            lx->operand = true;
            return;
        } else if (c == '\\' && (f & HL_S_RAW)) {
            p += 1 + hl_utf8_len(lx, p + 1);   /* r"\"" is one string, without escapes */
            continue;
        } else if (c == '\\' && (f & HL_S_ESC)) {
            esc = hl_escape_len(lx, p);
        } else if (c == '$' && (f & HL_S_DOLLAR)) {
            var = hl_dollar_len(lx, p, true);
        } else if (c == '$' && (f & HL_S_TEMPLATE) && hl_at(lx, p + 1) == '{') {
            var = (m = hl_field_end(lx, p + 1)) != 0 ? m - p : 0;
        } else if ((c == '{' || c == '}') && (f & HL_S_BRACES)) {
            if (hl_at(lx, p + 1) == c)
                esc = 2;   /* {{ and }} */
            else if (c == '{')
                var = (m = hl_field_end(lx, p)) != 0 ? m - p : 0;
        }
        if (esc || var) {
            hl_tok(lx, cls, p);
            hl_tok(lx, esc ? HL_ESCAPE : HL_VARIABLE, p + esc + var);
            p = lx->pos;
        } else {
            p++;
        }
    }
    hl_tok(lx, cls, p);   /* still open where the range ends */
}

static void hl_open_string(hl_lexer *lx, size_t body, hl_class cls, unsigned flags,
                           hl_delim_kind kind, const char *close)
{
    lx->open = HL_OPEN_STRING;
    lx->str_cls = cls;
    lx->str_flags = flags;
    lx->str_kind = kind;
    lx->str_close = close;
    lx->depth = 1;
    hl_tok(lx, cls, body);
}

/* End of the one-line string quoted by the byte at i, or 0: the lookahead
 * that tells a JSON, TOML or YAML key from a value. */
static size_t hl_quoted_end(const hl_lexer *lx, size_t i, bool esc)
{
    for (size_t q = i + 1; q < lx->end && lx->s[q] != '\n'; q++) {
        if (lx->s[q] == '\\' && esc)
            q++;
        else if (lx->s[q] == lx->s[i])
            return q + 1;
    }
    return 0;
}

/* End of the key whose first part ends at q (TOML: a.b."c"), if key_sep
 * follows, else 0. At most 8 parts, so failed lookaheads stay O(1) per byte. */
static size_t hl_key_end(const hl_lexer *lx, size_t q)
{
    const hl_lang *L = lx->lang;
    for (int part = 0; (L->flags & HL_F_DOTTED_KEYS) && part < 8; part++) {
        size_t r = hl_skip_spaces(lx, q), e;
        if (hl_at(lx, r) != '.')
            break;
        r = hl_skip_spaces(lx, r + 1);
        if (hl_has(lx, hl_at(lx, r), HL_C_IDENT))
            q = hl_word_end(lx, r);
        else if (hl_in_set("\"'", hl_at(lx, r)) && (e = hl_quoted_end(lx, r, hl_at(lx, r) == '"')) != 0)
            q = e;
        else
            break;
    }
    size_t r = hl_skip_spaces(lx, q);
    int after = hl_at(lx, r + 1);
    if (hl_at(lx, r) != L->key_sep
        || ((L->flags & HL_F_KEY_SPACE) && !hl_gap(after) && !(lx->nest && hl_in_set(",]}", after))))
        return 0;
    return q;
}

static void hl_key(hl_lexer *lx, size_t end)
{
    lx->node_col = lx->pos - lx->line_start;
    lx->operand = false;
    hl_tok(lx, HL_KEY, end);
}

/* A string whose opener is at q, with prefix letters from pos (pos == q: none). */
static bool hl_try_string(hl_lexer *lx, size_t q, unsigned add_flags)
{
    for (const hl_string_rule *r = lx->lang->strings; r && r->open; r++) {
        if (!hl_starts(lx, q, r->open))
            continue;
        const size_t n = strlen(r->open);
        size_t e, k;
        if ((lx->lang->flags & HL_F_KEYS) && q == lx->pos && n == 1
            && (e = hl_quoted_end(lx, q, (r->flags & HL_S_ESC) != 0)) != 0
            && (k = hl_key_end(lx, e)) != 0) {
            hl_key(lx, k);
            return true;
        }
        hl_open_string(lx, q + n, r->cls, r->flags | add_flags, HL_DELIM_FIXED, r->close);
        return true;
    }
    return false;
}

/* A string opened by the prefix letters s[p..q): r"..", f'''..''', br#".."#, u8R"x(..)x". */
static bool hl_try_prefixed(hl_lexer *lx, size_t p, size_t q)
{
    const int c = hl_at(lx, q);
    const hl_string_prefix *sp;
    size_t r = q;
    if (q - p > 3 || !hl_in_set("\"'#", c) || !(sp = hl_lang_prefix(lx->lang, lx->s + p, q - p)))
        return false;
    switch (sp->delim) {
    case HL_DELIM_FIXED:
        return hl_try_string(lx, q, sp->add_flags);
    case HL_DELIM_HASHES:
        while (hl_at(lx, r) == '#' && r - q < 255)
            r++;
        if (hl_at(lx, r) != '"')
            return false;
        lx->delim_off = q;
        lx->delim_len = r - q;
        break;
    case HL_DELIM_PARENS:
        for (r = q + 1; r - q <= 17 && hl_at(lx, r) > ' ' && hl_at(lx, r) < 0x7F
                        && !hl_in_set("()\\\"", hl_at(lx, r)); r++)
            ;   /* the tag: up to 16 chars, no spaces, parentheses or backslashes */
        if (c != '"' || hl_at(lx, r) != '(')
            return false;
        lx->delim_off = q + 1;
        lx->delim_len = r - q - 1;
        break;
    }
    hl_open_string(lx, r + 1, HL_STRING, HL_S_ML, sp->delim, NULL);
    return true;
}

static size_t hl_digits(const hl_lexer *lx, size_t q)
{
    for (;; q++) {
        const int c = hl_at(lx, q);
        const bool sep = c == '_' || (c == '\'' && (lx->lang->flags & HL_F_NUM_QUOTE));
        if (!hl_is_digit(c) && !(sep && hl_is_digit(hl_at(lx, q + 1))))
            return q;
    }
}

/* Length of the number at p, 0 if none: 42, 0x_ff, 1_000.5e-3, .5, 10u32, 3j. */
static size_t hl_number_len(const hl_lexer *lx, size_t p)
{
    const unsigned f = lx->lang->flags;
    size_t q = p + ((f & HL_F_SIGNED_NUM) && (hl_at(lx, p) == '-' || hl_at(lx, p) == '+'));
    const int c = hl_at(lx, q);
    if (!hl_is_digit(c) && !(c == '.' && hl_is_digit(hl_at(lx, q + 1)) && !(q && lx->s[q - 1] == '.')))
        return 0;   /* ".5" is a number, the "..2" of a range is not */
    if (c == '0' && hl_in_set("xXoObB", hl_at(lx, q + 1)) && hl_is_alnum(hl_at(lx, q + 2))) {
        for (q += 2; hl_is_alnum(hl_at(lx, q)) || hl_at(lx, q) == '_'; q++)
            ;   /* radix digits and any suffix alike */
        return q - p;
    }
    q = hl_digits(lx, q);
    if (hl_at(lx, q) == '.' && hl_is_digit(hl_at(lx, q + 1)))
        q = hl_digits(lx, q + 1);
    else if (hl_at(lx, q) == '.' && hl_at(lx, q + 1) != '.'
             && !hl_has(lx, hl_at(lx, q + 1), HL_C_IDSTART))
        q++;   /* "1." but not the range "1..2" or the call "1.max(2)" */
    if ((hl_at(lx, q) | 0x20) == 'e') {
        size_t r = q + 1 + (hl_at(lx, q + 1) == '+' || hl_at(lx, q + 1) == '-');
        if (hl_is_digit(hl_at(lx, r)))
            q = hl_digits(lx, r);
    }
    if ((f & HL_F_DATES) && hl_in_set("-:", hl_at(lx, q)) && hl_is_digit(hl_at(lx, q + 1)))
        while (hl_in_set("0123456789-:.TZtz+", hl_at(lx, q)))
            q++;
    while ((f & HL_F_NUM_SUFFIX) && (hl_is_alnum(hl_at(lx, q)) || hl_at(lx, q) == '_'))
        q++;
    return q - p;
}

/* ---- YAML -------------------------------------------------------------- */

/* YAML's structure is in its indicators and in plain (unquoted) scalars,
 * which are classified whole: "1.2.3" is text, "1.5" a number, "a b:" a key. */
static void hl_yaml(hl_lexer *lx, bool bol)
{
    const size_t p = lx->pos;
    const int c = hl_at(lx, p);
    size_t q, last = p;
    if (bol && p == lx->line_start && (hl_starts(lx, p, "---") || hl_starts(lx, p, "..."))
        && hl_gap(hl_at(lx, p + 3))) {
        hl_tok(lx, HL_PUNCT, p + 3);
    } else if (bol && c == '%') {
        hl_tok(lx, HL_PREPROC, hl_line_end(lx, p));
    } else if (hl_in_set("-?:", c) && hl_gap(hl_at(lx, p + 1))) {
        if (c != ':')
            lx->node_col = p - lx->line_start;
        hl_tok(lx, HL_PUNCT, p + 1);
    } else if (hl_in_set("[{]},", c)) {
        if (c == '[' || c == '{')
            lx->nest++;
        else if (c != ',' && lx->nest)
            lx->nest--;
        hl_tok(lx, HL_PUNCT, p + 1);
    } else if (hl_in_set("&*!", c)) {   /* anchor, alias, tag */
        for (q = p + 1; !hl_gap(hl_at(lx, q)) && !hl_in_set(",[]{}", hl_at(lx, q)); q++)
            ;
        hl_tok(lx, c == '!' ? HL_TYPE : HL_VARIABLE, q);
    } else {
        for (q = p + 1; hl_in_set("+-0123456789", hl_at(lx, q)); q++)
            ;
        if ((c == '|' || c == '>') && hl_gap(hl_at(lx, q))) {   /* block scalar */
            lx->block_pending = true;
            lx->block_min = (lx->node_col != SIZE_MAX ? lx->node_col : lx->line_indent) + 1;
            hl_tok(lx, HL_PUNCT, q);
            return;
        }
        for (q = p; q < lx->end; q++) {
            const int e = (unsigned char)lx->s[q], next = hl_at(lx, q + 1);
            if (e == '\n' || (lx->nest && hl_in_set(",[]{}", e))
                || (e == ':' && (hl_gap(next) || (lx->nest && hl_in_set(",]}", next))))
                || (e == '#' && q > p && hl_is_space((unsigned char)lx->s[q - 1])))
                break;
            if (!hl_is_space(e))
                last = q + 1;
        }
        hl_class cls = HL_PLAIN;
        if (last == p)
            hl_tok(lx, HL_PUNCT, p + 1);   /* the ':' of "{a:}" */
        else if (hl_at(lx, q) == ':')
            hl_key(lx, last);
        else if (!hl_lang_word(lx->lang, lx->s + p, last - p, &cls) && hl_number_len(lx, p) == last - p)
            hl_tok(lx, HL_NUMBER, last);
        else
            hl_tok(lx, cls, last);
    }
}

/* ---- shell ------------------------------------------------------------- */

/* "<<EOF", "<<-'EOF'": notes the here-document that starts on the next line. */
static bool hl_try_heredoc(hl_lexer *lx, size_t p)
{
    const bool tabs = hl_at(lx, p + 2) == '-';
    const size_t q = hl_skip_spaces(lx, p + 2 + tabs);
    const int quote = hl_at(lx, q);
    const size_t w = q + (quote == '\'' || quote == '"');
    size_t we = w;
    if (hl_at(lx, p + 2) == '<' || (w == q && !hl_is_alpha(quote) && quote != '_'))
        return false;   /* "<<<" is a here-string, "1<<2" a shift */
    while (hl_is_alnum(hl_at(lx, we)) || hl_in_set("_-.", hl_at(lx, we)))
        we++;
    if (we == w || (w > q && hl_at(lx, we) != quote))
        return false;
    lx->heredoc_pending = true;
    lx->heredoc_tabs = tabs;
    lx->hd_off = w;
    lx->hd_len = we - w;
    hl_tok(lx, HL_OPERATOR, p + 2 + tabs);
    hl_tok(lx, HL_PLAIN, q);
    hl_tok(lx, HL_STRING, we + (w > q));
    return true;
}

/* A line of a here-document (the line that is exactly the word ends it) or
 * of a YAML block scalar (a line indented less ends it, blank lines do not). */
static void hl_body_line(hl_lexer *lx)
{
    size_t q = lx->pos, e = hl_line_end(lx, q), ce = e;
    if (lx->open == HL_OPEN_BLOCK) {
        q = hl_skip_spaces(lx, q);
        if (q < e && q - lx->line_start < lx->block_min) {
            lx->open = HL_OPEN_NONE;
            return;
        }
        hl_tok(lx, HL_PLAIN, q);
    } else {
        while (lx->heredoc_tabs && hl_at(lx, q) == '\t')
            q++;
        ce -= ce > q && lx->s[ce - 1] == '\r';
        if (ce - q == lx->hd_len && memcmp(lx->s + q, lx->s + lx->hd_off, lx->hd_len) == 0)
            lx->open = HL_OPEN_NONE;
    }
    hl_tok(lx, HL_STRING, e);
    lx->at_line_start = false;
}

/* ---- the tokenizer ----------------------------------------------------- */

static bool hl_try_comment(hl_lexer *lx, size_t p)
{
    const hl_lang *L = lx->lang;
    for (int i = 0; i < 2; i++)
        if (L->line_comment[i] && hl_starts(lx, p, L->line_comment[i])
            && (!(L->flags & HL_F_COMMENT_WS) || hl_word_boundary(lx, p))) {
            hl_tok(lx, HL_COMMENT, hl_line_end(lx, p));
            return true;
        }
    if (!L->block_open || !hl_starts(lx, p, L->block_open))
        return false;
    hl_open_string(lx, p + strlen(L->block_open), HL_COMMENT, HL_S_ML, HL_DELIM_FIXED, L->block_close);
    return true;
}

/* Constructs recognised only as a line's first token. */
static bool hl_line_start_token(hl_lexer *lx, size_t p, int c)
{
    const unsigned f = lx->lang->flags;
    if ((f & HL_F_PREPROC) && c == '#') {
        const size_t w = hl_skip_spaces(lx, p + 1), q = hl_word_end(lx, w);
        const size_t r = hl_skip_spaces(lx, q), e = hl_line_end(lx, r);
        const bool inc = (q - w == 7 && memcmp(lx->s + w, "include", 7) == 0)
                         || (q - w == 6 && memcmp(lx->s + w, "import", 6) == 0);
        const char *gt = inc && hl_at(lx, r) == '<' ? memchr(lx->s + r, '>', e - r) : NULL;
        hl_tok(lx, HL_PREPROC, q);
        if (gt) {   /* #include <stdio.h>: the header name reads as a string */
            hl_tok(lx, HL_PLAIN, r);
            hl_tok(lx, HL_STRING, (size_t)(gt - lx->s) + 1);
        }
        return true;
    }
    if ((f & HL_F_SECTIONS) && c == '[' && lx->nest == 0) {
        const char *rb = memchr(lx->s + p, ']', hl_line_end(lx, p) - p);
        size_t q = rb ? (size_t)(rb - lx->s) + 1 : hl_line_end(lx, p);
        hl_tok(lx, HL_HEADING, q + (hl_at(lx, q) == ']'));
        return true;
    }
    return false;
}

/* Class of an identifier no word list knows, from its shape and context. */
static hl_class hl_guess(const hl_lexer *lx, size_t p, size_t q)
{
    const unsigned f = lx->lang->flags;
    const char *w = lx->s + p;
    const size_t n = q - p;
    if ((f & HL_F_CALLS) && hl_at(lx, q) == '(')
        return HL_FUNCTION;
    if ((f & HL_F_ASSIGN) && hl_word_boundary(lx, p) && hl_at(lx, q + 1) != '='
        && (hl_at(lx, q) == '=' || (hl_at(lx, q) == '+' && hl_at(lx, q + 1) == '=')))
        return HL_VARIABLE;   /* NAME=value, NAME+=value */
    if ((f & HL_F_T_SUFFIX) && n > 2 && w[n - 2] == '_' && w[n - 1] == 't')
        return HL_TYPE;
    if ((f & HL_F_CAPS_TYPES) && w[0] >= 'A' && w[0] <= 'Z')
        for (size_t i = 1; i < n; i++)
            if (w[i] >= 'a' && w[i] <= 'z')
                return HL_TYPE;   /* CamelCase; ALL_CAPS are constants */
    return HL_PLAIN;
}

static void hl_word(hl_lexer *lx, hl_class forced)
{
    const hl_lang *L = lx->lang;
    const size_t p = lx->pos, q = hl_word_end(lx, p);
    hl_class cls = HL_PLAIN;
    size_t k;
    if (L->prefixes && hl_try_prefixed(lx, p, q))
        return;
    if ((L->flags & HL_F_MACROS) && hl_at(lx, q) == '!' && hl_at(lx, q + 1) != '=') {
        hl_tok(lx, HL_FUNCTION, q + 1);
        lx->operand = false;
        return;
    }
    if ((L->flags & HL_F_KEYS) && (k = hl_key_end(lx, q)) != 0) {
        hl_key(lx, k);
        return;
    }
    const bool known = hl_lang_word(L, lx->s + p, q - p, &cls);
    lx->operand = !known || cls != HL_KEYWORD;
    if (known && cls == HL_KEYWORD)
        lx->next_word = hl_lang_definer(L, lx->s + p, q - p);   /* keywords beat a forced class */
    else if (forced != HL_PLAIN)
        cls = forced;
    else if (!known)
        cls = hl_guess(lx, p, q);
    hl_tok(lx, cls, q);
}

/* JS regex literal at p ('/') where an operand may start; false if none. */
static bool hl_try_regex(hl_lexer *lx, size_t p)
{
    size_t q = p + 1;
    bool in_class = false;
    if (p < lx->regex_stop)
        return false;
    for (; q < lx->end && lx->s[q] != '\n' && (lx->s[q] != '/' || in_class); q++) {
        if (lx->s[q] == '\\' && q + 1 < lx->end && lx->s[q + 1] != '\n')
            q++;
        else if (lx->s[q] == '[' || lx->s[q] == ']')
            in_class = lx->s[q] == '[';
    }
    if (hl_at(lx, q) != '/') {
        lx->regex_stop = q;
        return false;
    }
    for (q++; hl_is_alpha(hl_at(lx, q)); q++)
        ;
    hl_tok(lx, HL_STRING, q);
    lx->operand = true;
    return true;
}

static void hl_newline(hl_lexer *lx, size_t p)
{
    hl_tok(lx, HL_PLAIN, p + 1);
    lx->at_line_start = true;
    lx->line_start = p + 1;
    lx->line_indent = 0;
    lx->node_col = SIZE_MAX;
    lx->operand = false;   /* a line may start with a regex or a decorator */
    if (lx->heredoc_pending)
        lx->open = HL_OPEN_HEREDOC;
    if (lx->block_pending)
        lx->open = HL_OPEN_BLOCK;
    lx->heredoc_pending = lx->block_pending = false;
}

/* One token from pos, with no construct open. */
static void hl_step(hl_lexer *lx)
{
    const hl_lang *L = lx->lang;
    const unsigned f = L->flags;
    const size_t p = lx->pos;
    const int c = (unsigned char)lx->s[p], d = hl_at(lx, p + 1);
    const unsigned k = lx->cc[c];
    size_t n = 0;

    if (c == '\n') {
        hl_newline(lx, p);
        return;
    }
    if (hl_is_space(c)) {
        n = hl_skip_spaces(lx, p);
        if (lx->at_line_start)
            lx->line_indent = n - lx->line_start;
        hl_tok(lx, HL_PLAIN, n);
        return;
    }
    const bool bol = lx->at_line_start;
    const hl_class forced = lx->next_word;
    lx->at_line_start = false;
    lx->next_word = HL_PLAIN;

    if (bol && hl_line_start_token(lx, p, c))
        return;
    if ((k & HL_C_OPENER) && hl_try_comment(lx, p))
        return;
    if ((f & HL_F_LIFETIMES) && c == '\'' && hl_has(lx, d, HL_C_IDSTART)
        && hl_at(lx, p + 1 + hl_utf8_len(lx, p + 1)) != '\'') {
        hl_tok(lx, HL_VARIABLE, hl_word_end(lx, p + 1));   /* 'a, but not 'a' */
        lx->operand = true;
        return;
    }
    if ((k & HL_C_OPENER) && hl_try_string(lx, p, 0))
        return;
    if (f & HL_F_YAML) {
        hl_yaml(lx, bol);
        return;
    }
    if ((f & HL_F_ATTRIBUTES) && c == '#' && (d == '[' || (d == '!' && hl_at(lx, p + 2) == '['))) {
        size_t stop, e = hl_balanced(lx, p + 1 + (d == '!'), false, false, &stop);
        hl_tok(lx, HL_PREPROC, e ? e : stop);
        return;
    }
    if ((f & HL_F_DECORATORS) && c == '@' && hl_has(lx, d, HL_C_IDSTART) && (bol || !lx->operand)) {
        n = hl_word_end(lx, p + 1);
        while (hl_at(lx, n) == '.' && hl_has(lx, hl_at(lx, n + 1), HL_C_IDSTART))
            n = hl_word_end(lx, n + 1);
        hl_tok(lx, HL_DECORATOR, n);
        return;
    }
    if ((hl_is_digit(c) || c == '.' || c == '-' || c == '+') && (n = hl_number_len(lx, p)) != 0) {
        hl_tok(lx, HL_NUMBER, p + n);
        lx->operand = true;
        return;
    }
    if ((f & HL_F_SLASH_ESC) && c == '\\') {
        hl_tok(lx, HL_ESCAPE, p + 1 + (d >= 0 && d != '\n' ? hl_utf8_len(lx, p + 1) : 0));
        return;
    }
    if ((f & HL_F_DOLLAR) && c == '$' && (d == '(' || (n = hl_dollar_len(lx, p, false)) != 0)) {
        if (d == '(')   /* $( and $(( open code, not a name */
            hl_tok(lx, HL_OPERATOR, p + 2 + (hl_at(lx, p + 2) == '('));
        else
            hl_tok(lx, HL_VARIABLE, p + n);
        lx->operand = d != '(';
        return;
    }
    if ((f & HL_F_HEREDOC) && c == '<' && d == '<' && hl_try_heredoc(lx, p))
        return;
    if ((f & HL_F_REGEX) && c == '/' && !lx->operand && hl_try_regex(lx, p))
        return;
    if (k & HL_C_IDSTART) {
        hl_word(lx, forced);
        return;
    }
    if (k & HL_C_PUNCT) {
        if (c == '[' || c == '{')
            lx->nest++;
        else if ((c == ']' || c == '}') && lx->nest)
            lx->nest--;
    }
    lx->operand = c == ')' || c == ']';
    hl_tok(lx, k & HL_C_PUNCT ? HL_PUNCT : k & HL_C_OP ? HL_OPERATOR : HL_PLAIN, p + 1);
}

static void hl_lexer_init(hl_lexer *lx, const hl_lang *L, const char *s, hl_sink *out, size_t pos)
{
    *lx = (hl_lexer){
        .lang = L, .out = out, .s = s, .pos = pos, .line_start = pos,
        .node_col = SIZE_MAX, .next_word = HL_PLAIN, .at_line_start = true,
    };
    hl_lang_classify(L, lx->cc);
}

/* Lexes [pos, end), going on with whatever construct is open. */
static void hl_lex_range(hl_lexer *lx, size_t end)
{
    lx->end = end;
    lx->range_start = lx->line_start = lx->pos;
    lx->at_line_start = true;
    while (lx->pos < lx->end) {
        const bool nl = lx->s[lx->pos] == '\n';
        switch (lx->open) {
        case HL_OPEN_STRING: hl_string_body(lx); break;
        case HL_OPEN_HEREDOC:
        case HL_OPEN_BLOCK: if (nl) hl_step(lx); else hl_body_line(lx); break;
        case HL_OPEN_NONE: hl_step(lx); break;
        }
    }
}

/* Line-oriented languages (diff, console): a prefix picks the line's class,
 * or a prompt and the language of the command after it. */
static void hl_lex_lines(const hl_lang *L, const char *s, size_t len, hl_sink *out)
{
    hl_lexer sub;
    const hl_lang *prev = NULL;   /* language of the previous line if it was code */
    bool open = false;            /* its statement goes on: open string, trailing '\' */
    hl_lexer_init(&sub, L, s, out, 0);
    for (size_t p = 0, next; p < len; p = next) {
        const char *nl = memchr(s + p, '\n', len - p);
        const size_t eol = nl ? (size_t)(nl - s) : len;
        size_t plen = 0, e = eol;
        const hl_line_rule *r = hl_lang_line(L, s + p, eol - p, prev, open, &plen);
        next = nl ? eol + 1 : len;
        if (r && !r->sub) {
            hl_sink_put(out, r->cls, eol);
            hl_sink_put(out, HL_PLAIN, next);
        } else if (r || open) {
            if (r) {
                hl_sink_put(out, r->cls, p + plen);
                if (!(r->flags & HL_LR_AFTER))
                    hl_lexer_init(&sub, r->sub, s, out, p + plen);
            }
            sub.pos = p + plen;
            hl_lex_range(&sub, next);
            while (e > p + plen && s[e - 1] == '\r')
                e--;
            open = sub.open != HL_OPEN_NONE || sub.heredoc_pending
                   || (e > p + plen && s[e - 1] == '\\');
            prev = sub.lang;
            continue;
        } else {
            hl_sink_put(out, HL_PLAIN, next);
        }
        prev = NULL;
        open = false;
    }
}

/* ---- public API -------------------------------------------------------- */

bool hl_language_known(const char *lang)
{
    return hl_lang_find(lang) != NULL;
}

bool hl_highlight(const char *lang, const char *text, size_t len, hl_emit_fn emit, void *ctx)
{
    const hl_lang *L = hl_lang_find(lang);
    if (!L || !emit || (!text && len))
        return false;
    hl_sink out = { .fn = emit, .ctx = ctx, .s = text, .cls = HL_PLAIN };
    if (len == 0)
        return true;
    if (L->flags & HL_F_PLAIN) {
        hl_sink_put(&out, HL_PLAIN, len);
    } else if (L->lines) {
        hl_lex_lines(L, text, len, &out);
    } else {
        hl_lexer lx;
        hl_lexer_init(&lx, L, text, &out, 0);
        hl_lex_range(&lx, len);
    }
    hl_sink_flush(&out);
    return true;
}
