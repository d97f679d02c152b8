/* The highlighting engine: one resumable tokenizer whose behaviour for each
 * language comes from the data tables in languages.c (see languages.h). */
#include "highlight.h"
#include "languages.h"

#include <stdint.h>
#include <string.h>

/* ---- output ------------------------------------------------------------ */

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

/* ---- lexer state ------------------------------------------------------- */

/* A construct that is still open where a range ended or at a line end; what
 * makes the lexer resumable, so console lines can continue a string. */
typedef enum {
    HL_OPEN_NONE, HL_OPEN_STRING, HL_OPEN_COMMENT, HL_OPEN_HEREDOC, HL_OPEN_BLOCK,
} hl_open;

typedef struct {
    const hl_lang *lang;
    hl_sink *out;
    const char *s;
    size_t pos, end;          /* next byte; end of the current range */
    size_t range_start;       /* start of the current range (a word boundary) */
    size_t line_start;
    hl_open open;
    /* the open string */
    hl_class str_cls;
    unsigned str_flags;
    hl_delim_kind str_kind;
    const char *str_close;
    size_t delim_off, delim_len;   /* HASHES: count of '#'; PARENS: tag in s */
    size_t comment_depth;
    size_t hd_off, hd_len;         /* here-document terminator word in s */
    size_t nest;                   /* open [ and { : TOML headers, YAML flow */
    size_t line_indent;
    size_t node_col;               /* YAML: column of the line's last key or dash */
    size_t block_min;              /* YAML block scalar: lines indented at least this */
    /* Failed lookaheads record how far they scanned, so no byte is rescanned
     * by the same kind of lookahead: keeps pathological input O(len). */
    size_t interp_stop, regex_stop;
    hl_class next_word;            /* forced class of the next word ("def" -> FUNCTION) */
    bool at_line_start;            /* only white space so far on this line */
    bool operand;                  /* last token ends an operand: '/' divides, '@' is matmul */
    bool heredoc_pending, heredoc_tabs, block_pending;
} hl_lexer;

static const char hl_default_ops[] = "+-*/%=<>!&|^~?:@";
static const char hl_default_punct[] = "()[]{},;.";

/* ---- byte helpers ------------------------------------------------------ */

/* Byte at i, or -1 at and past the range end: every lookahead goes through
 * here (or checks end itself), which is what keeps reads inside len. */
static int hl_at(const hl_lexer *lx, size_t i)
{
    return i < lx->end ? (unsigned char)lx->s[i] : -1;
}

static bool hl_is_space(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
static bool hl_is_digit(int c) { return c >= '0' && c <= '9'; }
static bool hl_is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool hl_is_alnum(int c) { return hl_is_alpha(c) || hl_is_digit(c); }
static bool hl_is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static int hl_lower(int c) { return hl_is_upper(c) ? c + ('a' - 'A') : c; }
static bool hl_is_hex(int c) { return hl_is_digit(c) || (hl_lower(c) >= 'a' && hl_lower(c) <= 'f'); }

/* strchr() would match the terminator for a NUL byte. */
static bool hl_in_set(const char *set, int c)
{
    return set && c > 0 && c < 0x80 && strchr(set, c) != NULL;
}

static bool hl_ident_start(const hl_lang *L, int c)
{
    return hl_is_alpha(c) || c == '_' || c >= 0x80 || hl_in_set(L->ident_start, c);
}

static bool hl_ident_char(const hl_lang *L, int c)
{
    return hl_ident_start(L, c) || hl_is_digit(c) || hl_in_set(L->ident_extra, c);
}

static bool hl_starts(const hl_lexer *lx, size_t i, const char *lit)
{
    if (i >= lx->end || lx->s[i] != lit[0])
        return lit[0] == '\0';   /* the cheap common case: first byte differs */
    size_t n = strlen(lit);
    return i <= lx->end && lx->end - i >= n && memcmp(lx->s + i, lit, n) == 0;
}

/* Length of the UTF-8 sequence at i (1 for invalid or truncated ones), so an
 * escape or char literal never ends inside a character. */
static size_t hl_utf8_len(const hl_lexer *lx, size_t i)
{
    int c = hl_at(lx, i);
    size_t n = c >= 0xF0 && c < 0xF8 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (c >= 0xF8)
        return 1;
    for (size_t k = 1; k < n; k++)
        if ((hl_at(lx, i + k) & 0xC0) != 0x80)
            return 1;
    return n;
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
    while (hl_ident_char(lx->lang, hl_at(lx, i)))
        i++;
    return i;
}

/* True if a token at i starts a word: "a#b" holds no shell comment. */
static bool hl_word_boundary(const hl_lexer *lx, size_t i)
{
    if (i == lx->range_start || i == lx->line_start)
        return true;
    int c = (unsigned char)lx->s[i - 1];
    return hl_is_space(c) || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == '`';
}

/* Ends a token: the only way the position moves, so coverage is exact. */
static void hl_tok(hl_lexer *lx, hl_class cls, size_t end)
{
    if (end > lx->end)
        end = lx->end;
    if (end <= lx->pos)
        return;
    hl_sink_put(lx->out, cls, end);
    lx->pos = end;
}

/* ---- words ------------------------------------------------------------- */

/* Compares table word w (lowercase when ci) with text s[0..n). */
static int hl_word_cmp(const char *w, const char *s, size_t n, bool ci)
{
    for (size_t i = 0; i < n; i++) {
        int a = (unsigned char)w[i], b = (unsigned char)s[i];
        if (ci)
            b = hl_lower(b);
        if (a != b || a == 0)   /* a NUL in the text must not run past w's end */
            return a == 0 ? -1 : a - b;
    }
    return w[n] != '\0';
}

static bool hl_in_words(const hl_words *wl, const char *s, size_t n, bool ci)
{
    size_t lo = 0, hi = wl->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = hl_word_cmp(wl->words[mid], s, n, ci);
        if (r == 0)
            return true;
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* Class of a word from the language's lists, first list wins. */
static bool hl_lookup(const hl_lang *L, const char *s, size_t n, hl_class *cls)
{
    if (n > 64)
        return false;
    for (const hl_words *wl = L->words; wl && wl->words; wl++)
        if (hl_in_words(wl, s, n, (L->flags & HL_F_CI) != 0)) {
            *cls = wl->cls;
            return true;
        }
    return false;
}

static hl_class hl_definer_next(const hl_lang *L, const char *s, size_t n)
{
    for (const hl_definer *d = L->definers; d && d->word; d++)
        if (hl_word_cmp(d->word, s, n, (L->flags & HL_F_CI) != 0) == 0)
            return d->next;
    return HL_PLAIN;
}

/* ---- strings ----------------------------------------------------------- */

static size_t hl_close_len(const hl_lexer *lx, size_t i)
{
    switch (lx->str_kind) {
    case HL_DELIM_FIXED:
        return hl_starts(lx, i, lx->str_close) ? strlen(lx->str_close) : 0;
    case HL_DELIM_HASHES:
        if (hl_at(lx, i) != '"')
            return 0;
        for (size_t k = 0; k < lx->delim_len; k++)
            if (hl_at(lx, i + 1 + k) != '#')
                return 0;
        return 1 + lx->delim_len;
    case HL_DELIM_PARENS:
        if (hl_at(lx, i) != ')' || lx->end - i < lx->delim_len + 2
            || memcmp(lx->s + i + 1, lx->s + lx->delim_off, lx->delim_len) != 0
            || hl_at(lx, i + 1 + lx->delim_len) != '"')
            return 0;
        return 2 + lx->delim_len;
    }
    return 0;
}

/* Length of the backslash escape at i: \n, \x41, \u{1F600}, \N{DASH}, \123. */
static size_t hl_escape_len(const hl_lexer *lx, size_t i)
{
    int c = hl_at(lx, i + 1);
    size_t q = i + 2, max = 0;
    if (c < 0)
        return 1;
    if ((c == 'u' || c == 'N') && hl_at(lx, q) == '{') {
        for (size_t k = q + 1; k < q + 64 && hl_at(lx, k) > ' '; k++)
            if (hl_at(lx, k) == '}')
                return k + 1 - i;
        return 2;
    }
    if (c >= '0' && c <= '7') {
        q = i + 1;
        while (q < i + 4 && hl_at(lx, q) >= '0' && hl_at(lx, q) <= '7')
            q++;
        return q - i;
    }
    max = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    if (max == 0)
        return 1 + hl_utf8_len(lx, i + 1);
    while (q < i + 2 + max && hl_is_hex(hl_at(lx, q)))
        q++;
    return q - i;
}

/* End of the interpolation field opening at i ('{'), or 0 if it does not close
 * in time: f-string fields stop at the string's end, all at an unescaped
 * newline of a one-line string. */
static size_t hl_field_end(hl_lexer *lx, size_t i)
{
    size_t depth = 0, q = i;
    if (i < lx->interp_stop)
        return 0;
    for (; q < lx->end; q++) {
        int c = (unsigned char)lx->s[q];
        if (c == '{')
            depth++;
        else if (c == '}' && --depth == 0)
            return q + 1;
        else if (c == '\n' && !(lx->str_flags & HL_S_ML))
            break;
        else if ((lx->str_flags & HL_S_BRACES) && hl_close_len(lx, q))
            break;
    }
    lx->interp_stop = q;
    return 0;
}

/* Length of a shell parameter at i ('$'): $name, $1, $?, ${...}; 0 if none.
 * At top level an unclosed ${ runs to the line end, inside a string it is text. */
static size_t hl_dollar_len(hl_lexer *lx, size_t i, bool in_string)
{
    int c = hl_at(lx, i + 1);
    if (c == '{') {
        if (in_string) {
            size_t e = hl_field_end(lx, i + 1);
            return e ? e - i : 0;
        }
        size_t depth = 0, q = i + 1;
        for (; q < lx->end && lx->s[q] != '\n'; q++) {
            if (lx->s[q] == '{')
                depth++;
            else if (lx->s[q] == '}' && --depth == 0)
                return q + 1 - i;
        }
        return q - i;
    }
    if (hl_is_alpha(c) || c == '_') {
        size_t q = i + 2;
        while (hl_is_alnum(hl_at(lx, q)) || hl_at(lx, q) == '_')
            q++;
        return q - i;
    }
    if (hl_is_digit(c) || hl_in_set("@*#?$!-", c))
        return 2;
    return 0;
}

static void hl_string_body(hl_lexer *lx)
{
    const hl_class cls = lx->str_cls;
    const unsigned f = lx->str_flags;
    size_t p = lx->pos;
    while (p < lx->end) {
        size_t n = hl_close_len(lx, p), m;
        int c = (unsigned char)lx->s[p];
        if (n) {
            if ((f & HL_S_DOUBLED) && (m = hl_close_len(lx, p + n)) != 0) {
                hl_tok(lx, cls, p);
                hl_tok(lx, HL_ESCAPE, p + n + m);
                p = lx->pos;
                continue;
            }
            hl_tok(lx, cls, p + n);
            lx->open = HL_OPEN_NONE;
            lx->operand = true;
            return;
        }
        if (c == '\n' && !(f & HL_S_ML)) {
            hl_tok(lx, cls, p);   /* unterminated: the newline is not string */
            lx->open = HL_OPEN_NONE;
            lx->operand = true;
            return;
        }
        if (c == '\\' && (f & (HL_S_ESC | HL_S_RAW))) {
            n = (f & HL_S_RAW) ? 1 + (p + 1 < lx->end ? hl_utf8_len(lx, p + 1) : 0) : hl_escape_len(lx, p);
            if (!(f & HL_S_RAW)) {
                hl_tok(lx, cls, p);
                hl_tok(lx, HL_ESCAPE, p + n);
            }
            p += n;
            continue;
        }
        n = 0;
        if (c == '$' && (f & HL_S_DOLLAR))
            n = hl_dollar_len(lx, p, true);
        else if (c == '$' && (f & HL_S_TEMPLATE) && hl_at(lx, p + 1) == '{')
            n = (m = hl_field_end(lx, p + 1)) ? m - p : 0;
        else if ((c == '{' || c == '}') && (f & HL_S_BRACES)) {
            if (hl_at(lx, p + 1) == c) {
                hl_tok(lx, cls, p);
                hl_tok(lx, HL_ESCAPE, p + 2);
                p += 2;
                continue;
            }
            if (c == '{')
                n = (m = hl_field_end(lx, p)) ? m - p : 0;
        }
        if (n) {
            hl_tok(lx, cls, p);
            hl_tok(lx, HL_VARIABLE, p + n);
            p += n;
            continue;
        }
        p++;
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
    hl_tok(lx, cls, body);
}

/* End of a one-line quoted string at i (after its close), or 0: the lookahead
 * that tells a JSON/TOML/YAML key from a value. */
static size_t hl_quoted_end(const hl_lexer *lx, size_t i, const hl_string_rule *r)
{
    size_t q = i + strlen(r->open);
    for (; q < lx->end && lx->s[q] != '\n'; q++) {
        if (lx->s[q] == '\\' && (r->flags & HL_S_ESC))
            q++;
        else if (hl_starts(lx, q, r->close))
            return q + strlen(r->close);
    }
    return 0;
}

/* If a key ends at q (optionally dotted, then key_sep), returns its end, else 0. */
static size_t hl_key_end(const hl_lexer *lx, size_t q)
{
    const hl_lang *L = lx->lang;
    for (int seg = 0; (L->flags & HL_F_DOTTED_KEYS) && seg < 8; seg++) {
        size_t r = hl_skip_spaces(lx, q);
        if (hl_at(lx, r) != '.')
            break;
        r = hl_skip_spaces(lx, r + 1);
        if (hl_ident_start(L, hl_at(lx, r)) || hl_is_digit(hl_at(lx, r))) {
            q = hl_word_end(lx, r);
            continue;
        }
        const hl_string_rule *sr = L->strings;
        while (sr && sr->open && !(strlen(sr->open) == 1 && sr->open[0] == hl_at(lx, r)))
            sr++;
        size_t e = sr && sr->open ? hl_quoted_end(lx, r, sr) : 0;
        if (!e)
            break;
        q = e;
    }
    size_t r = hl_skip_spaces(lx, q);
    if (hl_at(lx, r) != L->key_sep)
        return 0;
    int after = hl_at(lx, r + 1);
    if ((L->flags & HL_F_KEY_SPACE) && !(after < 0 || hl_is_space(after) || after == '\n'
                                         || (lx->nest && hl_in_set(",]}", after))))
        return 0;
    return q;
}

static void hl_key(hl_lexer *lx, size_t end)
{
    lx->node_col = lx->pos - lx->line_start;
    lx->operand = false;
    hl_tok(lx, HL_KEY, end);
}

/* A string opened by a rule's delimiter at p (not by a prefix). */
static bool hl_try_string(hl_lexer *lx, size_t p)
{
    const hl_lang *L = lx->lang;
    for (const hl_string_rule *r = L->strings; r && r->open; r++) {
        if (!hl_starts(lx, p, r->open))
            continue;
        if ((L->flags & HL_F_KEYS) && strlen(r->open) == 1) {
            size_t e = hl_quoted_end(lx, p, r);
            size_t k = e ? hl_key_end(lx, e) : 0;
            if (k) {
                hl_key(lx, k);
                return true;
            }
        }
        hl_open_string(lx, p + strlen(r->open), r->cls, r->flags, HL_DELIM_FIXED, r->close);
        return true;
    }
    return false;
}

/* A string opened by prefix letters s[p..q): r"..", f'''..''', br#".."#, u8R"x(..)x". */
static bool hl_try_prefixed(hl_lexer *lx, size_t p, size_t q)
{
    const hl_lang *L = lx->lang;
    int c = hl_at(lx, q);
    if (q - p > 3 || (c != '"' && c != '\'' && c != '#'))
        return false;
    for (const hl_string_prefix *sp = L->prefixes; sp && sp->word; sp++) {
        if (hl_word_cmp(sp->word, lx->s + p, q - p, (L->flags & HL_F_PREFIX_CI) != 0) != 0)
            continue;
        if (sp->delim == HL_DELIM_HASHES) {
            size_t r = q;
            while (hl_at(lx, r) == '#' && r - q < 255)
                r++;
            if (hl_at(lx, r) != '"')
                continue;
            lx->delim_len = r - q;
            hl_open_string(lx, r + 1, HL_STRING, HL_S_ML, HL_DELIM_HASHES, NULL);
            return true;
        }
        if (sp->delim == HL_DELIM_PARENS) {
            size_t r = q + 1;
            if (c != '"')
                continue;
            while (r - q <= 17 && hl_at(lx, r) > ' ' && hl_at(lx, r) < 0x7F && !hl_in_set("()\\\"", hl_at(lx, r)))
                r++;
            if (hl_at(lx, r) != '(')
                continue;
            lx->delim_off = q + 1;
            lx->delim_len = r - q - 1;
            hl_open_string(lx, r + 1, HL_STRING, HL_S_ML, HL_DELIM_PARENS, NULL);
            return true;
        }
        for (const hl_string_rule *r = L->strings; r && r->open; r++)
            if (hl_starts(lx, q, r->open)) {
                hl_open_string(lx, q + strlen(r->open), r->cls, r->flags | sp->add_flags,
                               HL_DELIM_FIXED, r->close);
                return true;
            }
    }
    return false;
}

/* ---- numbers ----------------------------------------------------------- */

static size_t hl_digits(const hl_lexer *lx, size_t q)
{
    for (;;) {
        int c = hl_at(lx, q);
        if (hl_is_digit(c) || (c == '_' && hl_is_digit(hl_at(lx, q + 1))))
            q++;
        else if (c == '\'' && (lx->lang->flags & HL_F_NUM_QUOTE) && hl_is_digit(hl_at(lx, q + 1)))
            q++;
        else
            return q;
    }
}

/* Length of the number at p, 0 if none: 42, 0x_ff, 1_000.5e-3, .5, 10u32, 3j. */
static size_t hl_number_len(const hl_lexer *lx, size_t p)
{
    const unsigned f = lx->lang->flags;
    size_t q = p;
    if ((f & HL_F_SIGNED_NUM) && (hl_at(lx, q) == '-' || hl_at(lx, q) == '+'))
        q++;
    int c = hl_at(lx, q);
    if (!hl_is_digit(c) && !(c == '.' && hl_is_digit(hl_at(lx, q + 1)) && (q == 0 || lx->s[q - 1] != '.')))
        return 0;   /* ".5" is a number, the "..2" of a range is not */
    if (c == '0' && hl_in_set("xXoObB", hl_at(lx, q + 1)) && hl_is_alnum(hl_at(lx, q + 2))) {
        q += 2;   /* radix digits and any suffix alike */
        while (hl_is_alnum(hl_at(lx, q)) || hl_at(lx, q) == '_')
            q++;
        return q - p;
    }
    q = hl_digits(lx, q);
    if (hl_at(lx, q) == '.' && hl_is_digit(hl_at(lx, q + 1)))
        q = hl_digits(lx, q + 1);
    else if (hl_at(lx, q) == '.' && hl_at(lx, q + 1) != '.' && !hl_ident_start(lx->lang, hl_at(lx, q + 1)))
        q++;   /* "1." but not the range "1..2" or the method call "1.max(2)" */
    if (hl_at(lx, q) == 'e' || hl_at(lx, q) == 'E') {
        size_t r = q + 1;
        if (hl_at(lx, r) == '+' || hl_at(lx, r) == '-')
            r++;
        if (hl_is_digit(hl_at(lx, r)))
            q = hl_digits(lx, r);
    }
    if ((f & HL_F_DATES) && (hl_at(lx, q) == '-' || hl_at(lx, q) == ':') && hl_is_digit(hl_at(lx, q + 1)))
        while (hl_in_set("0123456789-:.TZtz+", hl_at(lx, q)))
            q++;
    if (f & HL_F_NUM_SUFFIX)
        while (hl_is_alnum(hl_at(lx, q)) || hl_at(lx, q) == '_')
            q++;
    return q - p;
}

/* ---- YAML -------------------------------------------------------------- */

static bool hl_yaml_gap(int c) { return c < 0 || c == '\n' || hl_is_space(c); }

/* YAML's structure is in its indicators and in plain (unquoted) scalars, which
 * are classified as a whole: "1.2.3" is text, "1.5" a number, "a b: " a key. */
static void hl_yaml(hl_lexer *lx, bool bol)
{
    const size_t p = lx->pos;
    const int c = hl_at(lx, p), d = hl_at(lx, p + 1);
    size_t q;
    if (bol && p == lx->line_start && (hl_starts(lx, p, "---") || hl_starts(lx, p, "..."))
        && hl_yaml_gap(hl_at(lx, p + 3))) {
        hl_tok(lx, HL_PUNCT, p + 3);
        return;
    }
    if (bol && c == '%') {
        hl_tok(lx, HL_PREPROC, hl_line_end(lx, p));
        return;
    }
    if ((c == '-' || c == '?' || c == ':') && hl_yaml_gap(d)) {
        if (c != ':')
            lx->node_col = p - lx->line_start;
        hl_tok(lx, HL_PUNCT, p + 1);
        return;
    }
    if (hl_in_set("[{]},", c)) {
        if (c == '[' || c == '{')
            lx->nest++;
        else if (c != ',' && lx->nest)
            lx->nest--;
        hl_tok(lx, HL_PUNCT, p + 1);
        return;
    }
    if (c == '&' || c == '*' || c == '!') {
        for (q = p + 1; !hl_yaml_gap(hl_at(lx, q)) && !hl_in_set(",[]{}", hl_at(lx, q)); q++)
            ;
        hl_tok(lx, c == '!' ? HL_TYPE : HL_VARIABLE, q);
        return;
    }
    if (c == '|' || c == '>') {
        for (q = p + 1; hl_in_set("+-0123456789", hl_at(lx, q)); q++)
            ;
        if (hl_yaml_gap(hl_at(lx, q))) {
            lx->block_pending = true;
            lx->block_min = (lx->node_col != SIZE_MAX ? lx->node_col : lx->line_indent) + 1;
            hl_tok(lx, HL_PUNCT, q);
            return;
        }
    }
    size_t last = p;
    for (q = p; q < lx->end; q++) {
        int e = (unsigned char)lx->s[q];
        if (e == '\n' || (lx->nest && hl_in_set(",[]{}", e)))
            break;
        if (e == ':' && (hl_yaml_gap(hl_at(lx, q + 1)) || (lx->nest && hl_in_set(",]}", hl_at(lx, q + 1)))))
            break;
        if (e == '#' && q > p && hl_is_space((unsigned char)lx->s[q - 1]))
            break;
        if (!hl_is_space(e))
            last = q + 1;
    }
    if (last == p) {
        hl_tok(lx, HL_PLAIN, p + hl_utf8_len(lx, p));
        return;
    }
    if (hl_at(lx, q) == ':') {
        hl_key(lx, last);
        return;
    }
    hl_class cls = HL_PLAIN;
    if (!hl_lookup(lx->lang, lx->s + p, last - p, &cls) && hl_number_len(lx, p) == last - p)
        cls = HL_NUMBER;
    hl_tok(lx, cls, last);
}

/* A line of a YAML block scalar (after "key: |"): text while indented deeper. */
static void hl_block_line(hl_lexer *lx)
{
    size_t q = lx->pos;
    while (hl_is_space(hl_at(lx, q)))
        q++;
    if (hl_at(lx, q) == '\n' || hl_at(lx, q) < 0) {
        hl_tok(lx, HL_PLAIN, q);   /* blank lines do not end the block */
    } else if (q - lx->line_start >= lx->block_min) {
        hl_tok(lx, HL_STRING, hl_line_end(lx, q));
        lx->at_line_start = false;
    } else {
        lx->open = HL_OPEN_NONE;
    }
}

/* ---- shell ------------------------------------------------------------- */

/* "<<EOF", "<<-'EOF'": marks the here-document that starts on the next line. */
static bool hl_try_heredoc(hl_lexer *lx, size_t p)
{
    size_t q = p + 2, w, we;
    bool tabs = hl_at(lx, q) == '-';
    if (hl_at(lx, q) == '<')
        return false;
    q = hl_skip_spaces(lx, q + tabs);
    int quote = hl_at(lx, q);
    w = q + (quote == '\'' || quote == '"');
    if (w == q && !hl_is_alpha(quote) && quote != '_')
        return false;   /* "1<<2" is a shift */
    for (we = w; hl_is_alnum(hl_at(lx, we)) || hl_in_set("_-.", hl_at(lx, we)); we++)
        ;
    if (we == w)
        return false;
    if (w > q && hl_at(lx, we) != quote)
        return false;
    lx->heredoc_pending = true;
    lx->heredoc_tabs = tabs;
    lx->hd_off = w;
    lx->hd_len = we - w;
    hl_tok(lx, HL_OPERATOR, p + 2 + tabs);
    hl_tok(lx, HL_PLAIN, q);
    hl_tok(lx, HL_STRING, we + (w > q));
    lx->operand = false;
    return true;
}

/* A here-document body line; the line that is exactly the word ends it. */
static void hl_heredoc_line(hl_lexer *lx)
{
    size_t q = lx->pos, e = hl_line_end(lx, q), ce = e;
    if (lx->heredoc_tabs)
        while (hl_at(lx, q) == '\t')
            q++;
    if (ce > q && lx->s[ce - 1] == '\r')
        ce--;
    if (ce - q == lx->hd_len && memcmp(lx->s + q, lx->s + lx->hd_off, lx->hd_len) == 0)
        lx->open = HL_OPEN_NONE;
    hl_tok(lx, HL_STRING, e);
    lx->at_line_start = false;
}

/* ---- the tokenizer ----------------------------------------------------- */

static void hl_block_comment_body(hl_lexer *lx)
{
    const hl_lang *L = lx->lang;
    size_t p = lx->pos, no = strlen(L->block_open), nc = strlen(L->block_close);
    while (p < lx->end) {
        if (hl_starts(lx, p, L->block_close)) {
            p += nc;
            if (--lx->comment_depth == 0) {
                hl_tok(lx, HL_COMMENT, p);
                lx->open = HL_OPEN_NONE;
                return;
            }
        } else if ((L->flags & HL_F_NESTED_COMMENTS) && hl_starts(lx, p, L->block_open)) {
            p += no;
            lx->comment_depth++;
        } else {
            p++;
        }
    }
    hl_tok(lx, HL_COMMENT, p);
}

static bool hl_try_comment(hl_lexer *lx, size_t p)
{
    const hl_lang *L = lx->lang;
    for (int i = 0; i < 2; i++) {
        const char *lc = L->line_comment[i];
        if (lc && hl_starts(lx, p, lc) && (!(L->flags & HL_F_COMMENT_WS) || hl_word_boundary(lx, p))) {
            hl_tok(lx, HL_COMMENT, hl_line_end(lx, p));
            return true;
        }
    }
    if (L->block_open && hl_starts(lx, p, L->block_open)) {
        lx->open = HL_OPEN_COMMENT;
        lx->comment_depth = 1;
        hl_tok(lx, HL_COMMENT, p + strlen(L->block_open));
        return true;
    }
    return false;
}

/* Constructs recognised only where a line's first token starts. */
static bool hl_line_start_token(hl_lexer *lx, size_t p, int c)
{
    const hl_lang *L = lx->lang;
    if ((L->flags & HL_F_PREPROC) && c == '#') {
        size_t q = hl_word_end(lx, hl_skip_spaces(lx, p + 1));
        size_t w = hl_skip_spaces(lx, p + 1);
        bool inc = hl_word_cmp("include", lx->s + w, q - w, false) == 0
                   || hl_word_cmp("import", lx->s + w, q - w, false) == 0
                   || hl_word_cmp("include_next", lx->s + w, q - w, false) == 0;
        hl_tok(lx, HL_PREPROC, q);
        size_t r = hl_skip_spaces(lx, q), e = hl_line_end(lx, r);
        const char *gt = inc && hl_at(lx, r) == '<' ? memchr(lx->s + r, '>', e - r) : NULL;
        if (gt) {   /* #include <stdio.h>: the header name reads as a string */
            hl_tok(lx, HL_PLAIN, r);
            hl_tok(lx, HL_STRING, (size_t)(gt - lx->s) + 1);
        }
        return true;
    }
    if ((L->flags & HL_F_SECTIONS) && c == '[' && lx->nest == 0) {
        size_t q = p, e = hl_line_end(lx, p);
        while (q < e && lx->s[q] != ']')
            q++;
        q += hl_at(lx, q) == ']';
        q += hl_at(lx, q) == ']';
        hl_tok(lx, HL_HEADING, q);
        return true;
    }
    return false;
}

static void hl_word(hl_lexer *lx, hl_class forced)
{
    const hl_lang *L = lx->lang;
    const size_t p = lx->pos, q = hl_word_end(lx, p), n = q - p;
    const char *w = lx->s + p;
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
    bool known = hl_lookup(L, w, n, &cls);
    lx->operand = !(known && cls == HL_KEYWORD);
    if (known && cls == HL_KEYWORD) {
        lx->next_word = hl_definer_next(L, w, n);
    } else if (forced != HL_PLAIN) {
        cls = forced;
    } else if (known) {
        /* cls from the list */
    } else if ((L->flags & HL_F_CALLS) && hl_at(lx, q) == '(') {
        cls = HL_FUNCTION;
    } else if ((L->flags & HL_F_ASSIGN) && hl_word_boundary(lx, p)
               && (hl_at(lx, q) == '=' || (hl_at(lx, q) == '+' && hl_at(lx, q + 1) == '='))
               && hl_at(lx, q + 1) != '=') {
        cls = HL_VARIABLE;
    } else if ((L->flags & HL_F_T_SUFFIX) && n > 2 && w[n - 2] == '_' && w[n - 1] == 't') {
        cls = HL_TYPE;
    } else if ((L->flags & HL_F_CAPS_TYPES) && hl_is_upper((unsigned char)w[0])) {
        for (size_t i = 1; i < n; i++)
            if (w[i] >= 'a' && w[i] <= 'z')
                cls = HL_TYPE;   /* CamelCase; ALL_CAPS are constants */
    }
    hl_tok(lx, cls, q);
}

/* Everything not a word, number, string or comment: one ASCII byte. */
static void hl_symbol(hl_lexer *lx, size_t p, int c)
{
    const hl_lang *L = lx->lang;
    hl_class cls = HL_PLAIN;
    if (hl_in_set(L->punct ? L->punct : hl_default_punct, c)) {
        cls = HL_PUNCT;
        if (c == '[' || c == '{')
            lx->nest++;
        else if ((c == ']' || c == '}') && lx->nest)
            lx->nest--;
    } else if (hl_in_set(L->operators ? L->operators : hl_default_ops, c)) {
        cls = HL_OPERATOR;
    }
    lx->operand = c == ')' || c == ']';
    hl_tok(lx, cls, p + 1);
}

/* JS regex literal at p ('/'), where an operand may start; false if none. */
static bool hl_try_regex(hl_lexer *lx, size_t p)
{
    size_t q = p + 1;
    bool in_class = false;
    if (p < lx->regex_stop)
        return false;
    for (; q < lx->end && lx->s[q] != '\n'; q++) {
        char c = lx->s[q];
        if (c == '\\')
            q += q + 1 < lx->end && lx->s[q + 1] != '\n';
        else if (c == '[')
            in_class = true;
        else if (c == ']')
            in_class = false;
        else if (c == '/' && !in_class)
            break;
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
    lx->operand = false;   /* a line may start a regex or a decorator */
    if (lx->heredoc_pending) {
        lx->heredoc_pending = false;
        lx->open = HL_OPEN_HEREDOC;
    }
    if (lx->block_pending) {
        lx->block_pending = false;
        lx->open = HL_OPEN_BLOCK;
    }
}

/* One token from pos, with no construct open. */
static void hl_step(hl_lexer *lx)
{
    const hl_lang *L = lx->lang;
    const unsigned f = L->flags;
    const size_t p = lx->pos;
    const int c = (unsigned char)lx->s[p], d = hl_at(lx, p + 1);
    size_t n;

    if (c == '\n') {
        hl_newline(lx, p);
        return;
    }
    if (hl_is_space(c)) {
        size_t q = p;
        while (hl_is_space(hl_at(lx, q)))
            q++;
        if (lx->at_line_start)
            lx->line_indent = q - lx->line_start;
        hl_tok(lx, HL_PLAIN, q);
        return;
    }
    const bool bol = lx->at_line_start;
    const hl_class forced = lx->next_word;
    lx->at_line_start = false;
    lx->next_word = HL_PLAIN;

    if (bol && hl_line_start_token(lx, p, c))
        return;
    if (hl_try_comment(lx, p))
        return;
    if ((f & HL_F_LIFETIMES) && c == '\'' && d != '\\' && hl_ident_start(L, d)
        && hl_at(lx, p + 1 + hl_utf8_len(lx, p + 1)) != '\'') {
        hl_tok(lx, HL_VARIABLE, hl_word_end(lx, p + 1));
        lx->operand = true;
        return;
    }
    if (hl_try_string(lx, p))
        return;
    if (f & HL_F_YAML) {
        hl_yaml(lx, bol);
        return;
    }
    if ((f & HL_F_ATTRIBUTES) && c == '#' && (d == '[' || (d == '!' && hl_at(lx, p + 2) == '['))) {
        size_t depth = 0, q = p + 1;
        for (; q < lx->end; q++) {
            if (lx->s[q] == '[')
                depth++;
            else if (lx->s[q] == ']' && --depth == 0) {
                q++;
                break;
            }
        }
        hl_tok(lx, HL_PREPROC, q);
        return;
    }
    if ((f & HL_F_DECORATORS) && c == '@' && hl_ident_start(L, d) && (bol || !lx->operand)) {
        size_t q = hl_word_end(lx, p + 1);
        while (hl_at(lx, q) == '.' && hl_ident_start(L, hl_at(lx, q + 1)))
            q = hl_word_end(lx, q + 1);
        hl_tok(lx, HL_DECORATOR, q);
        return;
    }
    if ((n = hl_number_len(lx, p)) != 0) {
        hl_tok(lx, HL_NUMBER, p + n);
        lx->operand = true;
        return;
    }
    if ((f & HL_F_SLASH_ESC) && c == '\\') {
        hl_tok(lx, HL_ESCAPE, p + 1 + (d >= 0 && d != '\n' ? hl_utf8_len(lx, p + 1) : 0));
        return;
    }
    if ((f & HL_F_DOLLAR) && c == '$') {
        if (d == '(') {
            hl_tok(lx, HL_OPERATOR, p + 2 + (hl_at(lx, p + 2) == '('));
            lx->operand = false;
            return;
        }
        if ((n = hl_dollar_len(lx, p, false)) != 0) {
            hl_tok(lx, HL_VARIABLE, p + n);
            lx->operand = true;
            return;
        }
    }
    if ((f & HL_F_HEREDOC) && c == '<' && d == '<' && hl_try_heredoc(lx, p))
        return;
    if ((f & HL_F_REGEX) && c == '/' && !lx->operand && hl_try_regex(lx, p))
        return;
    if (hl_ident_start(L, c)) {
        hl_word(lx, forced);
        return;
    }
    hl_symbol(lx, p, c);
}

static void hl_lexer_init(hl_lexer *lx, const hl_lang *L, const char *s, hl_sink *out, size_t pos)
{
    *lx = (hl_lexer){
        .lang = L, .out = out, .s = s, .pos = pos, .line_start = pos,
        .node_col = SIZE_MAX, .next_word = HL_PLAIN, .at_line_start = true,
    };
}

/* Lexes [pos, end), continuing whatever construct is open. */
static void hl_lex_range(hl_lexer *lx, size_t end)
{
    lx->end = end;
    lx->range_start = lx->line_start = lx->pos;
    lx->at_line_start = true;
    while (lx->pos < lx->end) {
        bool nl = lx->s[lx->pos] == '\n';
        switch (lx->open) {
        case HL_OPEN_STRING: hl_string_body(lx); break;
        case HL_OPEN_COMMENT: hl_block_comment_body(lx); break;
        case HL_OPEN_HEREDOC: if (nl) hl_step(lx); else hl_heredoc_line(lx); break;
        case HL_OPEN_BLOCK: if (nl) hl_step(lx); else hl_block_line(lx); break;
        case HL_OPEN_NONE: hl_step(lx); break;
        }
    }
}

/* ---- line-oriented languages (diff, console) --------------------------- */

/* Length of a prompt's decoration before its '$'/'#': "(venv) ",
 * "user@host:~/dir", "[user@host dir]"; 0 if none. */
static size_t hl_prompt_decoration(const char *s, size_t p, size_t eol)
{
    size_t q = p, r;
    if (q < eol && s[q] == '(') {
        for (r = q + 1; r < eol && s[r] != ')' && s[r] != ' '; r++)
            ;
        if (r + 1 < eol && s[r] == ')' && s[r + 1] == ' ')
            q = r + 2;
    }
    if (q < eol && s[q] == '[') {
        const char *rb = memchr(s + q, ']', eol - q);
        if (rb && memchr(s + q, '@', (size_t)(rb - s) - q))
            return (size_t)(rb - s) + 1 - p;
    }
    bool host = false;
    for (r = q; r < eol && s[r] != ' ' && s[r] != '\t'; r++)
        host |= s[r] == '@' || s[r] == ':';
    if (host && r - q >= 2 && r < eol && hl_in_set("$#%>", (unsigned char)s[r - 1]))
        return r - 1 - p;
    return q - p;
}

/* The rule matching the line [p, eol) and the prompt length, or NULL. prev is
 * the language of the previous line if it was code, open whether its
 * statement goes on. */
static const hl_line_rule *hl_match_line(const hl_lang *L, const char *s, size_t p, size_t eol,
                                         const hl_lang *prev, bool open, size_t *plen)
{
    const size_t dec = hl_prompt_decoration(s, p, eol);
    for (const hl_line_rule *r = L->lines; r->prefix; r++) {
        if (((r->flags & HL_LR_AFTER) && r->sub != prev) || ((r->flags & HL_LR_OPEN) && !open))
            continue;
        const size_t n = strlen(r->prefix);
        const size_t starts[2] = { p, p + dec };
        for (int i = 0; i < ((r->flags & HL_LR_DECORATED) && dec ? 2 : 1); i++) {
            const size_t q = starts[i];
            if (eol - q >= n && memcmp(s + q, r->prefix, n) == 0) {
                *plen = q - p + n;
                return r;
            }
            /* A prompt with no command: "$" alone on its line. */
            if (n > 1 && r->prefix[n - 1] == ' ' && eol - q >= n - 1 && memcmp(s + q, r->prefix, n - 1) == 0
                && (q + n - 1 == eol || (q + n == eol && s[eol - 1] == '\r'))) {
                *plen = q - p + n - 1;
                return r;
            }
        }
    }
    return NULL;
}

static void hl_run_lines(const hl_lang *L, const char *s, size_t len, hl_sink *out)
{
    hl_lexer sub;
    const hl_lang *prev = NULL;  /* language of the previous line if it was code */
    bool open = false;           /* its statement goes on: open string, trailing '\\' */
    hl_lexer_init(&sub, L, s, out, 0);
    for (size_t p = 0; p < len;) {
        const char *nl = memchr(s + p, '\n', len - p);
        size_t eol = nl ? (size_t)(nl - s) : len, next = nl ? eol + 1 : len, plen = 0;
        const hl_line_rule *r = hl_match_line(L, s, p, eol, prev, open, &plen);
        if (r && !r->sub) {
            hl_sink_put(out, r->cls, eol);
            hl_sink_put(out, HL_PLAIN, next);
            prev = NULL;
        } else if (r || open) {
            if (r) {
                hl_sink_put(out, r->cls, p + plen);
                if (!(r->flags & HL_LR_AFTER))
                    hl_lexer_init(&sub, r->sub, s, out, p + plen);
            }
            sub.pos = p + plen;
            hl_lex_range(&sub, next);
            size_t e = eol;
            while (e > p + plen && s[e - 1] == '\r')
                e--;
            prev = sub.lang;
            open = sub.open != HL_OPEN_NONE || sub.heredoc_pending
                   || (e > p + plen && s[e - 1] == '\\');
        } else {
            hl_sink_put(out, HL_PLAIN, next);
            prev = NULL;
        }
        if (!prev)
            open = false;
        p = next;
    }
}

/* ---- public API -------------------------------------------------------- */

const char *hl_class_css(hl_class cls)
{
    static const char *const names[HL__COUNT] = {
        [HL_PLAIN] = "", [HL_KEYWORD] = "kw", [HL_TYPE] = "ty", [HL_BUILTIN] = "bi",
        [HL_FUNCTION] = "fn", [HL_STRING] = "st", [HL_ESCAPE] = "es", [HL_NUMBER] = "nu",
        [HL_COMMENT] = "co", [HL_OPERATOR] = "op", [HL_PUNCT] = "pu", [HL_PREPROC] = "pp",
        [HL_DECORATOR] = "de", [HL_VARIABLE] = "va", [HL_PROMPT] = "pr", [HL_INSERTED] = "ins",
        [HL_DELETED] = "del", [HL_HEADING] = "hd", [HL_KEY] = "ke",
    };
    return (unsigned)cls < HL__COUNT ? names[cls] : "";
}

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
        hl_run_lines(L, text, len, &out);
    } else {
        hl_lexer lx;
        hl_lexer_init(&lx, L, text, &out, 0);
        hl_lex_range(&lx, len);
    }
    hl_sink_flush(&out);
    return true;
}
