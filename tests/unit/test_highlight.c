/* Unit tests for the syntax highlighter: token classes per language, exact
 * coverage of the input on hostile bytes, aliases, and the tables' invariants. */
#include "highlight/highlight.h"
#include "highlight/languages.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>   /* not <threads.h>: ThreadSanitizer does not see C11 threads */

static int passed, failed;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (cond) {                                                        \
            passed++;                                                      \
        } else {                                                           \
            failed++;                                                      \
            fprintf(stderr, "%s:%d: FAILED: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
        }                                                                  \
    } while (0)

/* ---- collecting and validating the emitted pieces ---------------------- */

typedef struct {
    const char *base;     /* the input: every piece must point into it, in order */
    size_t covered;
    size_t pieces;
    bool contiguous, nonempty, valid_class, utf8_ok;
    unsigned char *cls;   /* class of every byte */
    char *cat;            /* the pieces, concatenated */
    size_t cap;
} hl_capture;

static void capture_free(hl_capture *c)
{
    free(c->cls);
    free(c->cat);
    c->cls = NULL;
    c->cat = NULL;
}

static void capture_emit(void *ctx, hl_class cls, const char *text, size_t len)
{
    hl_capture *c = ctx;
    c->pieces++;
    if (text != c->base + c->covered)
        c->contiguous = false;
    if (len == 0)
        c->nonempty = false;
    if ((unsigned)cls >= HL__COUNT)
        c->valid_class = false;
    /* A piece may not start inside a UTF-8 sequence (checked on valid input). */
    if (len && ((unsigned char)text[0] & 0xC0) == 0x80)
        c->utf8_ok = false;
    for (size_t i = 0; i < len && c->covered + i < c->cap; i++) {
        c->cls[c->covered + i] = (unsigned char)cls;
        c->cat[c->covered + i] = text[i];
    }
    c->covered += len;
}

/* Highlights a copy of src in an exactly sized heap block, so AddressSanitizer
 * catches any read past len. Returns the result of hl_highlight. */
static bool run(hl_capture *c, const char *lang, const char *src, size_t len)
{
    char *copy = malloc(len ? len : 1);
    if (!copy)
        abort();
    if (len)
        memcpy(copy, src, len);
    capture_free(c);
    *c = (hl_capture){ .base = copy, .contiguous = true, .nonempty = true, .valid_class = true,
                       .utf8_ok = true, .cls = calloc(len + 1, 1), .cat = calloc(len + 1, 1),
                       .cap = len };
    if (!c->cls || !c->cat)
        abort();
    bool ok = hl_highlight(lang, copy, len, capture_emit, c);
    c->base = src;   /* the copy is gone; keep offsets meaningful */
    free(copy);
    return ok;
}

static bool utf8_valid(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = s[i] < 0x80 ? 1 : (s[i] & 0xE0) == 0xC0 ? 2 : (s[i] & 0xF0) == 0xE0 ? 3
                 : (s[i] & 0xF8) == 0xF0 ? 4 : 0;
        if (k == 0 || (k > 1 && s[i] < 0xC2 && k == 2) || i + k > n)
            return false;
        for (size_t j = 1; j < k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return false;
        i += k;
    }
    return true;
}

/* The pieces must cover every byte once, in order, with no empty piece:
 * concatenated, they are the input. */
static void check_coverage(const char *lang, const char *src, size_t len, const char *what)
{
    hl_capture c = { 0 };
    bool ok = run(&c, lang, src, len);
    CHECK(ok, "%s: %s rejected", lang, what);
    CHECK(c.covered == len && memcmp(c.cat, src, len) == 0,
          "%s: %s: pieces make %zu bytes, not the %zu of the input", lang, what, c.covered, len);
    CHECK(c.contiguous && c.nonempty && c.valid_class, "%s: %s: bad pieces", lang, what);
    CHECK(!utf8_valid((const unsigned char *)src, len) || c.utf8_ok,
          "%s: %s: a piece splits a UTF-8 character", lang, what);
    capture_free(&c);
}

/* Class of every byte of the first occurrence of needle in src (after the
 * first occurrence of after, if given); -1 if the bytes disagree, -2 if the
 * needle is missing or highlighting failed. */
static int class_at(const char *lang, const char *src, const char *after, const char *needle)
{
    hl_capture c = { 0 };
    size_t len = strlen(src);
    const char *from = after ? strstr(src, after) : src;
    if (from && after)
        from += strlen(after);
    const char *at = from ? strstr(from, needle) : NULL;
    int cls = -2;
    if (at && run(&c, lang, src, len) && c.covered == len) {
        size_t off = (size_t)(at - src);
        cls = c.cls[off];
        for (size_t i = 1; i < strlen(needle); i++)
            if (c.cls[off + i] != cls)
                cls = -1;
    }
    capture_free(&c);
    return cls;
}

static const char *class_name(int cls)
{
    static const char *const names[HL__COUNT] = {
        "PLAIN", "KEYWORD", "TYPE", "BUILTIN", "FUNCTION", "STRING", "ESCAPE", "NUMBER",
        "COMMENT", "OPERATOR", "PUNCT", "PREPROC", "DECORATOR", "VARIABLE", "PROMPT",
        "INSERTED", "DELETED", "HEADING", "KEY",
    };
    return cls >= 0 && cls < HL__COUNT ? names[cls] : cls == -1 ? "(mixed)" : "(missing)";
}

#define EXPECT(lang, src, needle, want) EXPECT_AFTER(lang, src, NULL, needle, want)
#define EXPECT_AFTER(lang, src, after, needle, want)                                       \
    do {                                                                                    \
        int got_ = class_at(lang, src, after, needle);                                      \
        CHECK(got_ == (int)(want), "%s: \"%s\" in <<%s>>: got %s, want %s", lang, needle,   \
              src, class_name(got_), class_name(want));                                    \
    } while (0)

/* ---- per-language expectations ----------------------------------------- */

static void test_python(void)
{
    const char *src = "def f(x): return \"a\" # c";
    EXPECT("python", src, "def", HL_KEYWORD);
    EXPECT_AFTER("python", src, "def", "f", HL_FUNCTION);
    EXPECT("python", src, "return", HL_KEYWORD);
    EXPECT("python", src, "\"a\"", HL_STRING);
    EXPECT("python", src, "# c", HL_COMMENT);
    EXPECT("python", src, "x", HL_PLAIN);

    src = "@app.route(\"/\")\nclass Foo(Base):\n    x = f\"v={y!r}\\n\" + rb'\\d'\n";
    EXPECT("python", src, "@app.route", HL_DECORATOR);
    EXPECT("python", src, "Foo", HL_TYPE);
    EXPECT("python", src, "f\"v=", HL_STRING);
    EXPECT("python", src, "{y!r}", HL_VARIABLE);
    EXPECT("python", src, "\\n", HL_ESCAPE);
    EXPECT("python", src, "rb'\\d'", HL_STRING);   /* raw: no escape */

    src = "s = '''one\n'two' \"\"\" # no\n'''\nprint(len(s), True, None)\nx = a @ b\n";
    EXPECT("python", src, "'two' \"\"\" # no", HL_STRING);
    EXPECT("python", src, "print", HL_BUILTIN);
    EXPECT("python", src, "len", HL_BUILTIN);
    EXPECT("python", src, "True", HL_KEYWORD);
    EXPECT("python", src, "@", HL_OPERATOR);
    EXPECT("python", "n = 0x1F + 1_000.5e-3 + 3j", "0x1F", HL_NUMBER);
    EXPECT("python", "n = 0x1F + 1_000.5e-3 + 3j", "1_000.5e-3", HL_NUMBER);
    EXPECT("python", "n = 0x1F + 1_000.5e-3 + 3j", "3j", HL_NUMBER);
    EXPECT("python", "x: int = str(1)", "int", HL_TYPE);
    EXPECT("python", "F'{{a}}'", "{{", HL_ESCAPE);
    EXPECT("python", "v = foo(1)", "foo", HL_FUNCTION);
    EXPECT("python", "def print(x): pass", "print", HL_FUNCTION);

    src = "cdef class Foo:\n    cpdef int bar(self, Py_ssize_t n) nogil:\n        pass";
    EXPECT("cython", src, "cdef", HL_KEYWORD);
    EXPECT("cython", src, "Foo", HL_TYPE);
    EXPECT("cython", src, "cpdef", HL_KEYWORD);
    EXPECT("cython", src, "int", HL_TYPE);
    EXPECT("cython", src, "bar", HL_FUNCTION);
    EXPECT("cython", src, "Py_ssize_t", HL_TYPE);
    EXPECT("cython", src, "nogil", HL_KEYWORD);
    EXPECT("cython", src, "self", HL_BUILTIN);
}

static void test_c_family(void)
{
    const char *src = "#include <stdio.h>\n#define N 10UL // max\nstatic int main(void) {\n"
                      "    size_t n = sizeof(struct point); uint32_t u = 'x' + '\\n';\n"
                      "    /* multi\n line */ printf(\"%d\\t\", n);\n}\n";
    EXPECT("c", src, "#include", HL_PREPROC);
    EXPECT("c", src, "<stdio.h>", HL_STRING);
    EXPECT("c", src, "#define", HL_PREPROC);
    EXPECT("c", src, "10UL", HL_NUMBER);
    EXPECT("c", src, "// max", HL_COMMENT);
    EXPECT("c", src, "static", HL_KEYWORD);
    EXPECT("c", src, "int", HL_TYPE);
    EXPECT("c", src, "main", HL_FUNCTION);
    EXPECT("c", src, "size_t", HL_TYPE);
    EXPECT("c", src, "uint32_t", HL_TYPE);
    EXPECT("c", src, "point", HL_TYPE);
    EXPECT("c", src, "'x'", HL_STRING);
    EXPECT("c", src, "\\n", HL_ESCAPE);
    EXPECT("c", src, "/* multi\n line */", HL_COMMENT);
    EXPECT("c", src, "\\t", HL_ESCAPE);
    EXPECT("c", src, "{", HL_PUNCT);
    EXPECT("c", src, "=", HL_OPERATOR);

    src = "auto s = R\"x(a)\"b)x\"; int n = 1'000'000; std::vector<int> v; template <class T> class Box {};";
    EXPECT("cpp", src, "R\"x(a)\"b)x\"", HL_STRING);
    EXPECT("cpp", src, "1'000'000", HL_NUMBER);
    EXPECT("cpp", src, "vector", HL_TYPE);
    EXPECT("cpp", src, "template", HL_KEYWORD);
    EXPECT("cpp", src, "Box", HL_TYPE);
    EXPECT("cpp", "auto s = u8\"x\";", "u8\"x\"", HL_STRING);
    EXPECT("cpp", "auto s = R\"(never closed", "R\"(never closed", HL_STRING);
}

static void test_rust(void)
{
    const char *src = "#[derive(Debug)]\nfn main<'a>(x: &'a str) -> Vec<String> {\n"
                      "    println!(\"hi {}\", r#\"a\"b\"#); let c = 'x'; let e = '\\u{1F600}';\n"
                      "    /* a /* b */ c */ let n = 5usize; for i in 1..2 {} MyType::new(b\"x\")\n}";
    EXPECT("rust", src, "#[derive(Debug)]", HL_PREPROC);
    EXPECT("rust", src, "fn", HL_KEYWORD);
    EXPECT("rust", src, "main", HL_FUNCTION);
    EXPECT("rust", src, "'a", HL_VARIABLE);
    EXPECT_AFTER("rust", src, "&", "'a", HL_VARIABLE);
    EXPECT("rust", src, "str", HL_TYPE);
    EXPECT("rust", src, "Vec", HL_BUILTIN);
    EXPECT("rust", src, "println!", HL_FUNCTION);
    EXPECT("rust", src, "r#\"a\"b\"#", HL_STRING);
    EXPECT("rust", src, "'x'", HL_STRING);
    EXPECT("rust", src, "\\u{1F600}", HL_ESCAPE);
    EXPECT("rust", src, "/* a /* b */ c */", HL_COMMENT);
    EXPECT("rust", src, "5usize", HL_NUMBER);
    EXPECT_AFTER("rust", src, "in ", "1", HL_NUMBER);
    EXPECT("rust", src, "..", HL_PUNCT);
    EXPECT("rust", src, "MyType", HL_TYPE);
    EXPECT("rust", src, "b\"x\"", HL_STRING);
    EXPECT("rust", "let a = x != y; let é = 'é';", "'é'", HL_STRING);
    EXPECT("rust", "let a = x != y;", "!=", HL_OPERATOR);
    EXPECT("rust", "#![allow(dead_code)]", "#![allow(dead_code)]", HL_PREPROC);
}

static void test_go_js_ts(void)
{
    const char *src = "func main() {\n\ts := `raw\\n` + \"x\"\n\tvar n string = fmt.Sprint(1)\n}";
    EXPECT("go", src, "func", HL_KEYWORD);
    EXPECT("go", src, "main", HL_FUNCTION);
    EXPECT("go", src, "`raw\\n`", HL_STRING);
    EXPECT("go", src, ":=", HL_OPERATOR);
    EXPECT("go", src, "string", HL_TYPE);
    EXPECT("go", src, "Sprint", HL_FUNCTION);
    EXPECT("go", "type Point struct{}", "Point", HL_TYPE);

    src = "const re = /ab+c[/]/gi; let q = a / b / c;\nfunction foo($el) { return `x${y + 1}z`; }";
    EXPECT("javascript", src, "const", HL_KEYWORD);
    EXPECT("javascript", src, "/ab+c[/]/gi", HL_STRING);
    EXPECT_AFTER("javascript", src, "a ", "/", HL_OPERATOR);
    EXPECT("javascript", src, "foo", HL_FUNCTION);
    EXPECT("javascript", src, "$el", HL_PLAIN);
    EXPECT("javascript", src, "${y + 1}", HL_VARIABLE);
    EXPECT("javascript", src, "`x", HL_STRING);
    EXPECT("javascript", "x = 10n + 0b1010", "10n", HL_NUMBER);

    src = "@Component({})\nexport interface Foo { x: number; y?: string }\ntype Id = string;";
    EXPECT("typescript", src, "@Component", HL_DECORATOR);
    EXPECT("typescript", src, "interface", HL_KEYWORD);
    EXPECT("typescript", src, "Foo", HL_TYPE);
    EXPECT("typescript", src, "number", HL_TYPE);
    EXPECT("typescript", src, "Id", HL_TYPE);
}

static void test_shell(void)
{
    const char *src = "echo \"$HOME/x ${USER:-me}\" # c\na#b\nfor i in 1 2; do FOO=bar; done\n"
                      "cat <<'EOF' > out\nhello $x # not a comment\nEOF\nls $(date) '$lit' \\$esc\n";
    EXPECT("bash", src, "echo", HL_BUILTIN);
    EXPECT("bash", src, "\"", HL_STRING);
    EXPECT("bash", src, "$HOME", HL_VARIABLE);
    EXPECT("bash", src, "${USER:-me}", HL_VARIABLE);
    EXPECT("bash", src, "/x ", HL_STRING);
    EXPECT("bash", src, "# c", HL_COMMENT);
    EXPECT("bash", src, "a#b", HL_PLAIN);
    EXPECT("bash", src, "for", HL_KEYWORD);
    EXPECT("bash", src, "done", HL_KEYWORD);
    EXPECT("bash", src, "FOO", HL_VARIABLE);
    EXPECT("bash", src, "'EOF'", HL_STRING);
    EXPECT("bash", src, "hello $x # not a comment", HL_STRING);
    EXPECT("bash", src, "ls", HL_PLAIN);
    EXPECT("bash", src, "$(", HL_OPERATOR);
    EXPECT("bash", src, "'$lit'", HL_STRING);
    EXPECT("bash", src, "\\$", HL_ESCAPE);
    EXPECT("bash", "x=$((1<<2))\necho ok", "echo", HL_BUILTIN);
    EXPECT("bash", "greet() { echo hi; }", "greet", HL_FUNCTION);
    EXPECT("bash", "apt-get install -y done-thing", "done-thing", HL_PLAIN);

    src = "$ ls -la \"dir\"\ntotal 0\n# apt install x\n>>> print(1)\n1\n>>> def f():\n...     return 2\n"
          "user@host:~/src$ echo hi\n(venv) $ pip install x\n$ echo a \\\n  b # c\n$\n[me@box tmp]# id\n";
    EXPECT("console", src, "$ ", HL_PROMPT);
    EXPECT("console", src, "ls -la ", HL_PLAIN);   /* options are no operators */
    EXPECT("console", src, "\"dir\"", HL_STRING);
    EXPECT("console", src, "total 0", HL_PLAIN);
    EXPECT("console", src, "# ", HL_PROMPT);
    EXPECT("console", src, ">>> ", HL_PROMPT);
    EXPECT("console", src, "print", HL_BUILTIN);
    EXPECT_AFTER("console", src, "print(1)\n", "1", HL_PLAIN);
    EXPECT("console", src, "... ", HL_PROMPT);
    EXPECT("console", src, "return", HL_KEYWORD);
    EXPECT("console", src, "user@host:~/src$ ", HL_PROMPT);
    EXPECT_AFTER("console", src, "src$ ", "echo", HL_BUILTIN);
    EXPECT("console", src, "(venv) $ ", HL_PROMPT);
    EXPECT("console", src, "# c", HL_COMMENT);
    EXPECT_AFTER("console", src, "b # c\n", "$", HL_PROMPT);
    EXPECT("console", src, "[me@box tmp]# ", HL_PROMPT);
    EXPECT("console", "$ cat <<EOF\n> line\n> EOF\nout\n", "> ", HL_PROMPT);
    EXPECT("console", "$ cat <<EOF\n> line\n> EOF\nout\n", "line", HL_STRING);
    EXPECT("console", "$ cat <<EOF\n> line\n> EOF\nout\n", "out", HL_PLAIN);
    EXPECT("console", "> quoted output\n", "> quoted output", HL_PLAIN);
    EXPECT("console", "... not python\n", "... not python", HL_PLAIN);
}

static void test_data_formats(void)
{
    const char *src = "{\"a\": 1, \"b\\\"\" : [true, null, -2.5e3], \"c\": \"x\\u00e9\"}";
    EXPECT("json", src, "\"a\"", HL_KEY);
    EXPECT("json", src, "\"b\\\"\"", HL_KEY);
    EXPECT("json", src, "1", HL_NUMBER);
    EXPECT("json", src, "true", HL_KEYWORD);
    EXPECT("json", src, "null", HL_KEYWORD);
    EXPECT("json", src, "-2.5e3", HL_NUMBER);
    EXPECT("json", src, "\"c\"", HL_KEY);
    EXPECT("json", src, "\"x", HL_STRING);
    EXPECT("json", src, "\\u00e9", HL_ESCAPE);
    EXPECT("json", src, "{", HL_PUNCT);

    src = "---\nkey: value # c\nfull name: J. Doe\nlist:\n  - 1.5\n  - yes\n  - 1.2.3\n"
          "  - 2001-12-14\n\"quoted key\": 'it''s'\nurl: http://x.com:80/a\nbase: &b {a: 1, b: [x, y]}\n"
          "ref: *b\ntag: !!str 5\nsteps:\n  - run: |\n      make\n      # not a comment\n\n"
          "    name: build\nfold: >-\n  text\nnull_val: ~\n";
    EXPECT("yaml", src, "---", HL_PUNCT);
    EXPECT("yaml", src, "key", HL_KEY);
    EXPECT("yaml", src, "value", HL_PLAIN);
    EXPECT("yaml", src, "# c", HL_COMMENT);
    EXPECT("yaml", src, "full name", HL_KEY);
    EXPECT("yaml", src, "J. Doe", HL_PLAIN);
    EXPECT("yaml", src, "1.5", HL_NUMBER);
    EXPECT("yaml", src, "yes", HL_KEYWORD);
    EXPECT("yaml", src, "1.2.3", HL_PLAIN);
    EXPECT("yaml", src, "2001-12-14", HL_NUMBER);
    EXPECT("yaml", src, "\"quoted key\"", HL_KEY);
    EXPECT("yaml", src, "'it", HL_STRING);
    EXPECT("yaml", src, "''", HL_ESCAPE);
    EXPECT("yaml", src, "http://x.com:80/a", HL_PLAIN);
    EXPECT("yaml", src, "&b", HL_VARIABLE);
    EXPECT_AFTER("yaml", src, "{", "a", HL_KEY);
    EXPECT_AFTER("yaml", src, "[", "x", HL_PLAIN);
    EXPECT("yaml", src, "*b", HL_VARIABLE);
    EXPECT("yaml", src, "!!str", HL_TYPE);
    EXPECT("yaml", src, "make", HL_STRING);
    EXPECT("yaml", src, "# not a comment", HL_STRING);
    EXPECT("yaml", src, "name", HL_KEY);
    EXPECT("yaml", src, "text", HL_STRING);
    EXPECT("yaml", src, "~", HL_KEYWORD);
    EXPECT_AFTER("yaml", src, "list:\n", "-", HL_PUNCT);

    src = "# top\n[server]\nname = \"x\\t\"  # c\na.b.\"c\" = 1\n\"q k\" = 'lit\\'\n[[bin]]\n"
          "s = \"\"\"\nmulti\n\"\"\"\nl = '''x'''\non = true\nd = 1979-05-27T07:32:00Z\n"
          "n = +1_000\nf = inf\narr = [\n  [1, 2],\n]\ninline = { k = 0x1F }\n";
    EXPECT("toml", src, "# top", HL_COMMENT);
    EXPECT("toml", src, "[server]", HL_HEADING);
    EXPECT("toml", src, "name", HL_KEY);
    EXPECT("toml", src, "\"x", HL_STRING);
    EXPECT("toml", src, "\\t", HL_ESCAPE);
    EXPECT("toml", src, "# c", HL_COMMENT);
    EXPECT("toml", src, "a.b.\"c\"", HL_KEY);
    EXPECT("toml", src, "\"q k\"", HL_KEY);
    EXPECT("toml", src, "'lit\\'", HL_STRING);
    EXPECT("toml", src, "[[bin]]", HL_HEADING);
    EXPECT("toml", src, "\"\"\"\nmulti\n\"\"\"", HL_STRING);
    EXPECT("toml", src, "'''x'''", HL_STRING);
    EXPECT("toml", src, "on", HL_KEY);
    EXPECT("toml", src, "true", HL_KEYWORD);
    EXPECT("toml", src, "1979-05-27T07:32:00Z", HL_NUMBER);
    EXPECT("toml", src, "+1_000", HL_NUMBER);
    EXPECT("toml", src, "inf", HL_NUMBER);
    EXPECT_AFTER("toml", src, "arr = [\n", "[", HL_PUNCT);
    EXPECT_AFTER("toml", src, "arr", "1", HL_NUMBER);
    EXPECT("toml", src, "k", HL_KEY);
    EXPECT("toml", src, "0x1F", HL_NUMBER);

    src = "SELECT name, COUNT(*) FROM users u -- c\nwhere u.note = 'it''s' AND \"Col\" IS NOT NULL; "
          "/* block */ CREATE TABLE t (id VARCHAR(10)); select E'a\\n';";
    EXPECT("sql", src, "SELECT", HL_KEYWORD);
    EXPECT("sql", src, "where", HL_KEYWORD);
    EXPECT("sql", src, "COUNT", HL_BUILTIN);
    EXPECT("sql", src, "-- c", HL_COMMENT);
    EXPECT("sql", src, "'it", HL_STRING);
    EXPECT("sql", src, "''", HL_ESCAPE);
    EXPECT("sql", src, "\"Col\"", HL_PLAIN);
    EXPECT("sql", src, "NULL", HL_KEYWORD);
    EXPECT("sql", src, "/* block */", HL_COMMENT);
    EXPECT("sql", src, "VARCHAR", HL_TYPE);
    EXPECT("sql", src, "10", HL_NUMBER);
    EXPECT("sql", src, "\\n", HL_ESCAPE);

    src = "diff --git a/f b/f\nindex 1..2 100644\n--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@ fn\n-old\n+new\n ctx -x\n"
          "\\ No newline at end of file\n";
    EXPECT("diff", src, "diff --git a/f b/f", HL_HEADING);
    EXPECT("diff", src, "index 1..2 100644", HL_HEADING);
    EXPECT("diff", src, "--- a/f", HL_HEADING);
    EXPECT("diff", src, "+++ b/f", HL_HEADING);
    EXPECT("diff", src, "@@ -1,2 +1,2 @@ fn", HL_HEADING);
    EXPECT("diff", src, "-old", HL_DELETED);
    EXPECT("diff", src, "+new", HL_INSERTED);
    EXPECT("diff", src, " ctx -x", HL_PLAIN);
    EXPECT("diff", src, "\\ No newline", HL_COMMENT);
    EXPECT_AFTER("diff", src, "old", "\n", HL_PLAIN);
}

static void test_text_and_api(void)
{
    hl_capture c = { 0 };
    const char *src = "def x(): \"not code\" # 42";
    CHECK(run(&c, "text", src, strlen(src)) && c.pieces == 1 && c.cls[0] == HL_PLAIN,
          "text is one plain piece (%zu pieces)", c.pieces);
    CHECK(run(&c, "plaintext", src, strlen(src)) && c.pieces == 1, "plaintext");

    CHECK(!run(&c, "brainfuck", src, strlen(src)) && c.pieces == 0, "unknown language emits");
    CHECK(!run(&c, NULL, src, strlen(src)) && c.pieces == 0, "NULL language");
    CHECK(!run(&c, "", src, strlen(src)) && c.pieces == 0, "empty language");
    CHECK(!run(&c, "   ", src, strlen(src)) && c.pieces == 0, "blank language");
    CHECK(!hl_highlight("python", src, strlen(src), NULL, NULL), "NULL emit accepted");
    CHECK(!hl_highlight("python", NULL, 3, capture_emit, &c), "NULL text accepted");
    CHECK(run(&c, "python", "", 0) && c.pieces == 0, "empty text");
    capture_free(&c);

    static const char *const known[] = {
        "python", "py", "python3", "PYTHON", "Py", "cython", "pyx", "pxd", "c", "cpp", "c++",
        "cc", "hpp", "C++", "rust", "rs", "go", "javascript", "js", "typescript", "ts", "bash",
        "sh", "shell", "zsh", "console", "shell-session", "json", "yaml", "yml", "toml", "sql",
        "diff", "text", "plaintext", "python {.numberLines}", " rust", "yml\n",
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        CHECK(hl_language_known(known[i]), "'%s' unknown", known[i]);
    static const char *const unknown[] = { "", "pythonx", "pyt", "c+", "javascript2", "ruby", NULL };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        CHECK(!hl_language_known(unknown[i]), "'%s' known", unknown[i] ? unknown[i] : "(null)");
    /* Aliases reach the same language: same classes for the same text. */
    EXPECT_AFTER("py", "def f(): pass", " ", "f", HL_FUNCTION);
    EXPECT("sh", "echo $X", "$X", HL_VARIABLE);
    EXPECT("zsh", "echo $X", "$X", HL_VARIABLE);
    EXPECT("js", "let x = /re/", "/re/", HL_STRING);
    EXPECT("ts", "let x: number", "number", HL_TYPE);
    EXPECT("c++", "class A {};", "A", HL_TYPE);
    EXPECT("hpp", "class A {};", "A", HL_TYPE);
    EXPECT("yml", "a: 1", "a", HL_KEY);
    EXPECT_AFTER("rs", "fn f() {}", " ", "f", HL_FUNCTION);
    EXPECT("pxd", "cdef int x", "cdef", HL_KEYWORD);
    EXPECT("shell-session", "$ ls", "$ ", HL_PROMPT);

    static const char *const css[HL__COUNT] = {
        "", "kw", "ty", "bi", "fn", "st", "es", "nu", "co", "op", "pu", "pp", "de", "va", "pr",
        "ins", "del", "hd", "ke",
    };
    for (int i = 0; i < HL__COUNT; i++)
        CHECK(strcmp(hl_class_css((hl_class)i), css[i]) == 0, "css %d: %s", i, hl_class_css((hl_class)i));
    CHECK(strcmp(hl_class_css(HL__COUNT), "") == 0, "css of HL__COUNT");
}

/* ---- robustness -------------------------------------------------------- */

/* Explicit lengths: some inputs hold NUL bytes. */
#define T(s) { s, sizeof(s) - 1 }
static const struct {
    const char *text;
    size_t len;
} tricky[] = {
    T(""), T("\""), T("'"), T("`"), T("\\"), T("\"\\"), T("'\\"), T("x = \"abc\\"), T("/*"),
    T("/* /* */"), T("#"), T("//"), T("--"), T("\"\"\""), T("'''"), T("f\"{"), T("f\"{x"),
    T("f'{{"), T("r#\""), T("r##\"abc\"#"), T("R\"("), T("R\"abc(x)ab\""), T("u8R\""), T("$"),
    T("${"), T("${x"), T("$("), T("<<"), T("<<EOF"), T("cat <<-\"E\"\n\tx\n\tE\n"), T("<<'"),
    T("'a"), T("'\\u{"), T("'\\"), T("b'"), T("#["), T("#!["), T("@"), T("@x."), T("0x"), T("1e"),
    T("1e+"), T("1."), T(".5"), T("1'"), T("0b"), T("1979-"), T("["), T("[["), T("]]"), T("{"),
    T("}"), T("key:"), T("key: |"), T("key: |\n"), T("- "), T("? "), T("&"), T("*"), T("!"), T("%"),
    T("---"), T("..."), T("$ "), T(">>> "), T("... "), T("> "), T("@@"), T("+++"), T("--- "),
    T("(venv) "), T("[a@b"), T("user@host:~$"), T("\r\n"), T("\n\n\n"), T("a\\\n"), T("\"a\\\nb\""),
    T("x = /"), T("x = /[/"), T("/a\\"), T("`${"), T("`${`"), T("{\"a\":"), T("a.b."), T("a. = "),
    T("\"\\x"), T("\"\\x4"), T("\"\\U0001"), T("\"\\N{"), T("\"\\777"), T("é"), T("\"é"), T("'é"),
    T("\\é"), T("$é"), T("#é"), T("\xff\xfe\x80"), T("\"\xff"), T("'\xc3"), T("\xc3"),
    T("\xe2\x82"), T("'\xe2\x82'"), T("\\\xf0\x9f\x98"), T("a\0b"), T("\"\0\""), T("#\0"),
    T("\0\0\0"), T("/*\0*/"), T("x\0=\0\""), T("def f(x):\n  return f'''{x!r:>{w}}''' # end"),
    T("fn f<'a>(x: &'a str) -> &'static str { r\"\\\" }"),
    T("int main() { return 0x1p-3 + 'a' + \"\\\n\"; }"), T("cat <<EOF\nbody\n  EOF\nEOF"),
    T("$ echo \"open\n> still\n> \"\nout"), T(">>> s = '''a\n... b'''\n>>> x\n"),
    T("a: |+2\n   x\n  y\nb: >\n\n c"), T("[a]\nx = [\n[1],\n]\n[b.\"c\"]"),
    T("SELECT 'a'' FROM \"t\"\""), T("- a\n+ b\n@@ c"),
};

static void test_robustness(void)
{
    char name[32];
    for (const hl_lang *const *L = hl_all_languages; *L; L++) {
        snprintf(name, sizeof name, "%s", (*L)->name);
        for (size_t i = 0; i < sizeof tricky / sizeof tricky[0]; i++)
            /* every prefix: each construct cut off at every byte */
            for (size_t n = 0; n <= tricky[i].len; n++)
                check_coverage(name, tricky[i].text, n, tricky[i].text);
        /* NUL bytes inside the text */
        static const char nul[] = "x = \"a\0b\" # \0c\n'\0'\n\0";
        check_coverage(name, nul, sizeof nul - 1, "embedded NULs");
    }
}

/* Random bytes from an alphabet of syntax characters, including invalid UTF-8
 * and NUL; a deterministic generator keeps failures reproducible. */
static void test_fuzz(void)
{
    static const char alphabet[] = "\"'`\\/*#-+$@{}[]()<>!:=.,;|&%?~ \t\n\rrRfbuLx0123456789eE_aZé\0\xff\x80";
    uint64_t state = 0x9E3779B97F4A7C15u;
    char buf[257];
    unsigned bad = 0;
    for (const hl_lang *const *L = hl_all_languages; *L; L++) {
        for (int iter = 0; iter < 1500; iter++) {
            state = state * 6364136223846793005u + 1442695040888963407u;
            size_t len = (size_t)(state >> 33) % sizeof buf;
            for (size_t i = 0; i < len; i++) {
                state = state * 6364136223846793005u + 1442695040888963407u;
                buf[i] = alphabet[(state >> 33) % (sizeof alphabet - 1)];
            }
            hl_capture c = { 0 };
            bool ok = run(&c, (*L)->name, buf, len);
            if (!ok || c.covered != len || memcmp(c.cat, buf, len) != 0 || !c.contiguous
                || !c.nonempty || !c.valid_class)
                bad++;
            capture_free(&c);
        }
    }
    CHECK(bad == 0, "%u fuzz inputs not covered exactly", bad);
}

/* Inputs that would take quadratic time in a naive scanner: each failed
 * lookahead must not be repeated. 256 KiB each; quadratic would take minutes. */
static void test_linear(void)
{
    static const char *const units[] = {
        "f\"{", "`${", "\"${", "( / ", "a.", "'\\", "r#", "R\"", "${", "[", "<<", "{\"a\" ",
        "- ", "a: ", "\"", "/*", "#[", "'a", "@a.", "\\",
    };
    const size_t size = 256 * 1024;
    char *buf = malloc(size);
    if (!buf)
        abort();
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t n = strlen(units[u]);
        for (size_t i = 0; i < size; i++)
            buf[i] = units[u][i % n];
        for (const hl_lang *const *L = hl_all_languages; *L; L++) {
            clock_t t0 = clock();
            check_coverage((*L)->name, buf, size, units[u]);
            double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
            /* a few ms even under sanitizers; quadratic would take minutes */
            CHECK(secs < 2.0, "%s: \"%s\" x %zu took %.1f s", (*L)->name, units[u], size / n, secs);
        }
    }
    free(buf);
}

/* Two threads highlighting at once must each get what one thread gets. */
static uint64_t digest_emit_state(uint64_t h, hl_class cls, size_t len)
{
    return (h ^ ((uint64_t)cls << 32 ^ len)) * 1099511628211u;
}

static void digest_emit(void *ctx, hl_class cls, const char *text, size_t len)
{
    (void)text;
    *(uint64_t *)ctx = digest_emit_state(*(uint64_t *)ctx, cls, len);
}

static uint64_t digest_all(void)
{
    static const char src[] =
        "def f(x):\n    return f\"{x}\" # c\n$ echo \"$HOME\" <<EOF\nbody\nEOF\n"
        "fn main() { let s = r#\"x\"#; } /* c */ key: |\n  block\n[t]\na = 1\n";
    uint64_t h = 14695981039346656037u;
    for (int round = 0; round < 20; round++)
        for (const hl_lang *const *L = hl_all_languages; *L; L++)
            hl_highlight((*L)->name, src, sizeof src - 1, digest_emit, &h);
    return h;
}

static void *digest_thread(void *out)
{
    *(uint64_t *)out = digest_all();
    return NULL;
}

static void test_threads(void)
{
    const uint64_t want = digest_all();
    uint64_t got[2] = { 0, 0 };
    pthread_t t[2];
    bool started[2];
    for (int i = 0; i < 2; i++)
        started[i] = pthread_create(&t[i], NULL, digest_thread, &got[i]) == 0;
    for (int i = 0; i < 2; i++)
        if (started[i])
            pthread_join(t[i], NULL);
    CHECK(started[0] && started[1] && got[0] == want && got[1] == want,
          "threads disagree with a single thread");
}

/* ---- table invariants -------------------------------------------------- */

static void test_tables(void)
{
    for (const hl_lang *const *L = hl_all_languages; *L; L++) {
        const hl_lang *l = *L;
        CHECK(hl_lang_find(l->name) == l, "%s does not find itself", l->name);
        for (const hl_words *w = l->words; w && w->words; w++)
            for (size_t i = 0; i < w->count; i++) {
                const char *s = w->words[i];
                CHECK(i == 0 || strcmp(w->words[i - 1], s) < 0, "%s: '%s' out of order", l->name, s);
                for (const char *p = s; (l->flags & HL_F_CI) && *p; p++)
                    CHECK(!(*p >= 'A' && *p <= 'Z'), "%s: '%s' not lowercase", l->name, s);
            }
        /* An opener that begins a later one would hide it: longest first. */
        for (const hl_string_rule *r = l->strings; r && r->open; r++)
            for (const hl_string_rule *q = r + 1; q->open; q++)
                CHECK(strncmp(q->open, r->open, strlen(r->open)) != 0,
                      "%s: string rule '%s' shadows '%s'", l->name, r->open, q->open);
        for (const hl_string_prefix *p = l->prefixes; p && p->word; p++)
            for (const char *s = p->word; (l->flags & HL_F_PREFIX_CI) && *s; s++)
                CHECK(!(*s >= 'A' && *s <= 'Z'), "%s: prefix '%s' not lowercase", l->name, p->word);
    }
}

int main(void)
{
    test_python();
    test_c_family();
    test_rust();
    test_go_js_ts();
    test_shell();
    test_data_formats();
    test_text_and_api();
    test_tables();
    test_robustness();
    test_fuzz();
    test_linear();
    test_threads();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
