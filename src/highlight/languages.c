/* The per-language data the highlighting engine runs on: word lists, string
 * and comment syntax, feature switches, and the names and aliases of languages. */
#include "languages.h"

#include <string.h>

/* Word lists are sorted (strcmp order; lowercase for HL_F_CI languages) because
 * the engine binary-searches them; tests/unit/test_highlight.c checks this. */

/* ---- Python and Cython ------------------------------------------------- */

static const char *const py_keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
};
static const char *const py_types[] = {
    "bool", "bytearray", "bytes", "complex", "dict", "float", "frozenset", "int", "list",
    "memoryview", "object", "range", "set", "str", "tuple", "type",
};
static const char *const py_builtins[] = {
    "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "DeprecationWarning",
    "EOFError", "Ellipsis", "Exception", "FileNotFoundError", "ImportError", "IndexError",
    "KeyError", "KeyboardInterrupt", "LookupError", "MemoryError", "ModuleNotFoundError",
    "NameError", "NotImplemented", "NotImplementedError", "OSError", "OverflowError",
    "PermissionError", "RecursionError", "RuntimeError", "RuntimeWarning", "StopIteration",
    "SyntaxError", "SystemExit", "TimeoutError", "TypeError", "UnicodeDecodeError",
    "UnicodeEncodeError", "UnicodeError", "UserWarning", "ValueError", "Warning",
    "ZeroDivisionError", "__doc__", "__file__", "__import__", "__name__", "abs", "aiter", "all",
    "anext", "any", "ascii", "bin", "breakpoint", "callable", "chr", "classmethod", "cls",
    "compile", "delattr", "dir", "divmod", "enumerate", "eval", "exec", "filter", "format",
    "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "isinstance",
    "issubclass", "iter", "len", "locals", "map", "max", "min", "next", "oct", "open", "ord", "pow",
    "print", "property", "repr", "reversed", "round", "self", "setattr", "slice", "sorted",
    "staticmethod", "sum", "super", "vars", "zip",
};
static const char *const cy_keywords[] = {
    "DEF", "ELIF", "ELSE", "IF", "NULL", "api", "by", "cdef", "cimport", "const", "cpdef",
    "cppclass", "ctypedef", "enum", "extern", "fused", "gil", "include", "inline", "namespace",
    "noexcept", "nogil", "packed", "public", "readonly", "sizeof", "struct", "union",
};
static const char *const cy_types[] = {
    "Py_UCS4", "Py_UNICODE", "Py_hash_t", "Py_ssize_t", "bint", "char", "double", "int16_t",
    "int32_t", "int64_t", "int8_t", "long", "ptrdiff_t", "short", "signed", "size_t", "ssize_t",
    "uint16_t", "uint32_t", "uint64_t", "uint8_t", "unsigned", "void",
};

static const hl_definer py_definers[] = {
    { "def", HL_FUNCTION }, { "class", HL_TYPE }, { NULL, HL_PLAIN },
};
static const hl_definer cy_definers[] = {
    { "def", HL_FUNCTION }, { "class", HL_TYPE }, { "struct", HL_TYPE }, { "union", HL_TYPE },
    { "enum", HL_TYPE }, { "cppclass", HL_TYPE }, { NULL, HL_PLAIN },
};

static const hl_string_rule py_strings[] = {
    { "\"\"\"", "\"\"\"", HL_STRING, HL_S_ESC | HL_S_ML },
    { "'''", "'''", HL_STRING, HL_S_ESC | HL_S_ML },
    { "\"", "\"", HL_STRING, HL_S_ESC },
    { "'", "'", HL_STRING, HL_S_ESC },
    { NULL, NULL, HL_PLAIN, 0 },
};

/* Python prefixes are case-insensitive (HL_F_PREFIX_CI); t is PEP 750. */
static const hl_string_prefix py_prefixes[] = {
    { "r", HL_S_RAW, HL_DELIM_FIXED }, { "u", 0, HL_DELIM_FIXED }, { "b", 0, HL_DELIM_FIXED },
    { "br", HL_S_RAW, HL_DELIM_FIXED }, { "rb", HL_S_RAW, HL_DELIM_FIXED },
    { "f", HL_S_BRACES, HL_DELIM_FIXED }, { "t", HL_S_BRACES, HL_DELIM_FIXED },
    { "fr", HL_S_BRACES | HL_S_RAW, HL_DELIM_FIXED }, { "rf", HL_S_BRACES | HL_S_RAW, HL_DELIM_FIXED },
    { "tr", HL_S_BRACES | HL_S_RAW, HL_DELIM_FIXED }, { "rt", HL_S_BRACES | HL_S_RAW, HL_DELIM_FIXED },
    { NULL, 0, HL_DELIM_FIXED },
};

#define HL_PY_FLAGS (HL_F_CALLS | HL_F_DECORATORS | HL_F_PREFIX_CI | HL_F_NUM_SUFFIX)

static const hl_lang hl_python = {
    .name = "python",
    .flags = HL_PY_FLAGS,
    .words = (const hl_words[]){
        HL_WORDS(HL_KEYWORD, py_keywords), HL_WORDS(HL_TYPE, py_types),
        HL_WORDS(HL_BUILTIN, py_builtins), { NULL, 0, HL_PLAIN },
    },
    .definers = py_definers,
    .strings = py_strings,
    .prefixes = py_prefixes,
    .line_comment = { "#", NULL },
};

static const hl_lang hl_cython = {
    .name = "cython",
    .flags = HL_PY_FLAGS,
    .words = (const hl_words[]){
        HL_WORDS(HL_KEYWORD, py_keywords), HL_WORDS(HL_KEYWORD, cy_keywords),
        HL_WORDS(HL_TYPE, py_types), HL_WORDS(HL_TYPE, cy_types),
        HL_WORDS(HL_BUILTIN, py_builtins), { NULL, 0, HL_PLAIN },
    },
    .definers = cy_definers,
    .strings = py_strings,
    .prefixes = py_prefixes,
    .line_comment = { "#", NULL },
};

/* ---- C and C++ --------------------------------------------------------- */

static const char *const c_keywords[] = {
    "NULL", "_Alignas", "_Alignof", "_Atomic", "_Generic", "_Noreturn", "_Static_assert",
    "_Thread_local", "alignas", "alignof", "auto", "break", "case", "const", "constexpr",
    "continue", "default", "do", "else", "enum", "extern", "false", "for", "goto", "if", "inline",
    "nullptr", "register", "restrict", "return", "sizeof", "static", "static_assert", "struct",
    "switch", "thread_local", "true", "typedef", "typeof", "typeof_unqual", "union", "volatile",
    "while",
};
static const char *const c_types[] = {
    "FILE", "_Bool", "_Complex", "_Imaginary", "bool", "char", "double", "float", "int", "jmp_buf",
    "long", "short", "signed", "unsigned", "va_list", "void",
};
static const char *const c_builtins[] = {
    "EOF", "__FILE__", "__LINE__", "__func__", "assert", "errno", "offsetof", "stderr", "stdin",
    "stdout",
};
static const char *const cpp_keywords[] = {
    "and", "and_eq", "asm", "bitand", "bitor", "catch", "class", "co_await", "co_return",
    "co_yield", "compl", "concept", "const_cast", "consteval", "constinit", "decltype", "delete",
    "dynamic_cast", "explicit", "export", "final", "friend", "mutable", "namespace", "new",
    "noexcept", "not", "not_eq", "operator", "or", "or_eq", "override", "private", "protected",
    "public", "reinterpret_cast", "requires", "static_cast", "template", "this", "throw", "try",
    "typeid", "typename", "using", "virtual", "xor", "xor_eq",
};
static const char *const cpp_types[] = {
    "array", "char16_t", "char32_t", "char8_t", "deque", "function", "list", "map", "optional",
    "pair", "set", "shared_ptr", "span", "string", "string_view", "tuple", "unique_ptr",
    "unordered_map", "unordered_set", "variant", "vector", "wchar_t", "weak_ptr",
};
static const char *const cpp_builtins[] = {
    "cerr", "cin", "cout", "endl", "forward", "make_shared", "make_unique", "move", "std",
};

static const hl_definer c_definers[] = {
    { "struct", HL_TYPE }, { "union", HL_TYPE }, { "enum", HL_TYPE }, { NULL, HL_PLAIN },
};
static const hl_definer cpp_definers[] = {
    { "struct", HL_TYPE }, { "union", HL_TYPE }, { "enum", HL_TYPE }, { "class", HL_TYPE },
    { "namespace", HL_TYPE }, { "concept", HL_TYPE }, { NULL, HL_PLAIN },
};

static const hl_string_rule c_strings[] = {
    { "\"", "\"", HL_STRING, HL_S_ESC },
    { "'", "'", HL_STRING, HL_S_ESC },
    { NULL, NULL, HL_PLAIN, 0 },
};

static const hl_string_prefix c_prefixes[] = {
    { "L", 0, HL_DELIM_FIXED }, { "u", 0, HL_DELIM_FIXED }, { "U", 0, HL_DELIM_FIXED },
    { "u8", 0, HL_DELIM_FIXED }, { NULL, 0, HL_DELIM_FIXED },
};
static const hl_string_prefix cpp_prefixes[] = {
    { "L", 0, HL_DELIM_FIXED }, { "u", 0, HL_DELIM_FIXED }, { "U", 0, HL_DELIM_FIXED },
    { "u8", 0, HL_DELIM_FIXED }, { "R", 0, HL_DELIM_PARENS }, { "LR", 0, HL_DELIM_PARENS },
    { "uR", 0, HL_DELIM_PARENS }, { "UR", 0, HL_DELIM_PARENS }, { "u8R", 0, HL_DELIM_PARENS },
    { NULL, 0, HL_DELIM_FIXED },
};

#define HL_C_FLAGS (HL_F_CALLS | HL_F_PREPROC | HL_F_T_SUFFIX | HL_F_NUM_SUFFIX)

static const hl_lang hl_c = {
    .name = "c",
    .flags = HL_C_FLAGS,
    .words = (const hl_words[]){
        HL_WORDS(HL_KEYWORD, c_keywords), HL_WORDS(HL_TYPE, c_types),
        HL_WORDS(HL_BUILTIN, c_builtins), { NULL, 0, HL_PLAIN },
    },
    .definers = c_definers,
    .strings = c_strings,
    .prefixes = c_prefixes,
    .line_comment = { "//", NULL },
    .block_open = "/*", .block_close = "*/",
};

static const hl_lang hl_cpp = {
    .name = "cpp",
    .flags = HL_C_FLAGS | HL_F_NUM_QUOTE,
    .words = (const hl_words[]){
        HL_WORDS(HL_KEYWORD, c_keywords), HL_WORDS(HL_KEYWORD, cpp_keywords),
        HL_WORDS(HL_TYPE, c_types), HL_WORDS(HL_TYPE, cpp_types),
        HL_WORDS(HL_BUILTIN, c_builtins), HL_WORDS(HL_BUILTIN, cpp_builtins), { NULL, 0, HL_PLAIN },
    },
    .definers = cpp_definers,
    .strings = c_strings,
    .prefixes = cpp_prefixes,
    .line_comment = { "//", NULL },
    .block_open = "/*", .block_close = "*/",
};

/* ---- Rust -------------------------------------------------------------- */

static const char *const rs_keywords[] = {
    "Self", "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
    "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true",
    "try", "type", "union", "unsafe", "use", "where", "while", "yield",
};
static const char *const rs_types[] = {
    "bool", "char", "f32", "f64", "i128", "i16", "i32", "i64", "i8", "isize", "str", "u128", "u16",
    "u32", "u64", "u8", "usize",
};
static const char *const rs_builtins[] = {
    "Box", "Err", "None", "Ok", "Option", "Result", "Some", "String", "Vec", "drop",
};
static const hl_definer rs_definers[] = {
    { "fn", HL_FUNCTION }, { "struct", HL_TYPE }, { "enum", HL_TYPE }, { "trait", HL_TYPE },
    { "type", HL_TYPE }, { "union", HL_TYPE }, { "impl", HL_TYPE }, { NULL, HL_PLAIN },
};
/* A "'" that starts no lifetime is a char literal (HL_F_LIFETIMES decides). */
static const hl_string_rule rs_strings[] = {
    { "\"", "\"", HL_STRING, HL_S_ESC | HL_S_ML },
    { "'", "'", HL_STRING, HL_S_ESC },
    { NULL, NULL, HL_PLAIN, 0 },
};
static const hl_string_prefix rs_prefixes[] = {
    { "b", 0, HL_DELIM_FIXED }, { "c", 0, HL_DELIM_FIXED }, { "r", 0, HL_DELIM_HASHES },
    { "br", 0, HL_DELIM_HASHES }, { "cr", 0, HL_DELIM_HASHES }, { NULL, 0, HL_DELIM_FIXED },
};

static const hl_lang hl_rust = {
    .name = "rust",
    .flags = HL_F_CALLS | HL_F_ATTRIBUTES | HL_F_MACROS | HL_F_LIFETIMES | HL_F_CAPS_TYPES
             | HL_F_NESTED_COMMENTS | HL_F_NUM_SUFFIX,
    .words = (const hl_words[]){
        HL_WORDS(HL_KEYWORD, rs_keywords), HL_WORDS(HL_TYPE, rs_types),
        HL_WORDS(HL_BUILTIN, rs_builtins), { NULL, 0, HL_PLAIN },
    },
    .definers = rs_definers,
    .strings = rs_strings,
    .prefixes = rs_prefixes,
    .line_comment = { "//", NULL },
    .block_open = "/*", .block_close = "*/",
};

/* ---- Go ---------------------------------------------------------------- */

static const char *const go_keywords[] = {
    "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
    "false", "for", "func", "go", "goto", "if", "import", "interface", "iota", "map", "nil",
    "package", "range", "return", "select", "struct", "switch", "true", "type", "var",
};
static const char *const go_types[] = {
    "any", "bool", "byte", "comparable", "complex128", "complex64", "error", "float32", "float64",
    "int", "int16", "int32", "int64", "int8", "rune", "string", "uint", "uint16", "uint32",
    "uint64", "uint8", "uintptr",
};
static const char *const go_builtins[] = {
    "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max",
    "min", "new", "panic", "print", "println", "real", "recover",
};
static const hl_definer go_definers[] = {
    { "func", HL_FUNCTION }, { "type", HL_TYPE }, { NULL, HL_PLAIN },
};
static const hl_string_rule go_strings[] = {
    { "\"", "\"", HL_STRING, HL_S_ESC },
    { "'", "'", HL_STRING, HL_S_ESC },
    { "`", "`", HL_STRING, HL_S_ML },
    { NULL, NULL, HL_PLAIN, 0 },
};

static const hl_lang hl_go = {
    .name = "go",
    .flags = HL_F_CALLS | HL_F_NUM_SUFFIX,
    .words = (const hl_words[]){
        HL_WORDS(HL_KEYWORD, go_keywords), HL_WORDS(HL_TYPE, go_types),
        HL_WORDS(HL_BUILTIN, go_builtins), { NULL, 0, HL_PLAIN },
    },
    .definers = go_definers,
    .strings = go_strings,
    .line_comment = { "//", NULL },
    .block_open = "/*", .block_close = "*/",
};

/* ---- JavaScript and TypeScript ----------------------------------------- */

static const char *const js_keywords[] = {
    "async", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default",
    "delete", "do", "else", "export", "extends", "false", "finally", "for", "from", "function",
    "if", "import", "in", "instanceof", "let", "new", "null", "of", "return", "static", "super",
    "switch", "this", "throw", "true", "try", "typeof", "undefined", "var", "void", "while", "with",
    "yield",
};
static const char *const js_builtins[] = {
    "Array", "ArrayBuffer", "BigInt", "Boolean", "Date", "Error", "Infinity", "Intl", "JSON", "Map",
    "Math", "NaN", "Number", "Object", "Promise", "Proxy", "Reflect", "RegExp", "Set", "String",
    "Symbol", "TypeError", "Uint8Array", "WeakMap", "WeakSet", "console", "document", "exports",
    "globalThis", "isNaN", "module", "parseFloat", "parseInt", "process", "require", "window",
};
static const char *const ts_keywords[] = {
    "abstract", "as", "asserts", "declare", "enum", "implements", "infer", "interface", "is",
    "keyof", "namespace", "override", "private", "protected", "public", "readonly", "satisfies",
    "type", "unique",
};
static const char *const ts_types[] = {
    "any", "bigint", "boolean", "never", "number", "object", "string", "symbol", "unknown",
};
static const hl_definer js_definers[] = {
    { "function", HL_FUNCTION }, { "class", HL_TYPE }, { "interface", HL_TYPE },
    { "type", HL_TYPE }, { "enum", HL_TYPE }, { NULL, HL_PLAIN },
};
static const hl_string_rule js_strings[] = {
    { "\"", "\"", HL_STRING, HL_S_ESC },
    { "'", "'", HL_STRING, HL_S_ESC },
    { "`", "`", HL_STRING, HL_S_ESC | HL_S_ML | HL_S_TEMPLATE },
    { NULL, NULL, HL_PLAIN, 0 },
};

#define HL_JS_FLAGS (HL_F_CALLS | HL_F_REGEX | HL_F_NUM_SUFFIX)

static const hl_lang hl_javascript = {
    .name = "javascript",
    .flags = HL_JS_FLAGS,
    .words = (const hl_words[]){
        HL_WORDS(HL_KEYWORD, js_keywords), HL_WORDS(HL_BUILTIN, js_builtins), { NULL, 0, HL_PLAIN },
    },
    .definers = js_definers,
    .strings = js_strings,
    .line_comment = { "//", NULL },
    .block_open = "/*", .block_close = "*/",
    .ident_start = "$",
};

static const hl_lang hl_typescript = {
    .name = "typescript",
    .flags = HL_JS_FLAGS | HL_F_DECORATORS,
    .words = (const hl_words[]){
        HL_WORDS(HL_KEYWORD, js_keywords), HL_WORDS(HL_KEYWORD, ts_keywords),
        HL_WORDS(HL_TYPE, ts_types), HL_WORDS(HL_BUILTIN, js_builtins), { NULL, 0, HL_PLAIN },
    },
    .definers = js_definers,
    .strings = js_strings,
    .line_comment = { "//", NULL },
    .block_open = "/*", .block_close = "*/",
    .ident_start = "$",
};

/* ---- shell ------------------------------------------------------------- */

static const char *const sh_keywords[] = {
    "case", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in", "select",
    "then", "time", "until", "while",
};
static const char *const sh_builtins[] = {
    "alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen", "complete",
    "continue", "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export",
    "false", "fc", "fg", "getopts", "hash", "help", "history", "jobs", "kill", "let", "local",
    "logout", "mapfile", "popd", "printf", "pushd", "pwd", "read", "readarray", "readonly",
    "return", "set", "shift", "shopt", "source", "suspend", "test", "times", "trap", "true", "type",
    "typeset", "ulimit", "umask", "unalias", "unset", "wait",
};
static const hl_definer sh_definers[] = {
    { "function", HL_FUNCTION }, { NULL, HL_PLAIN },
};
static const hl_string_rule sh_strings[] = {
    { "$'", "'", HL_STRING, HL_S_ESC | HL_S_ML },
    { "\"", "\"", HL_STRING, HL_S_ESC | HL_S_ML | HL_S_DOLLAR },
    { "'", "'", HL_STRING, HL_S_ML },
    { "`", "`", HL_STRING, HL_S_ESC | HL_S_ML | HL_S_DOLLAR },
    { NULL, NULL, HL_PLAIN, 0 },
};

static const hl_lang hl_bash = {
    .name = "bash",
    .flags = HL_F_CALLS | HL_F_DOLLAR | HL_F_HEREDOC | HL_F_ASSIGN | HL_F_COMMENT_WS
             | HL_F_SLASH_ESC,
    .words = (const hl_words[]){
        HL_WORDS(HL_KEYWORD, sh_keywords), HL_WORDS(HL_BUILTIN, sh_builtins), { NULL, 0, HL_PLAIN },
    },
    .definers = sh_definers,
    .strings = sh_strings,
    .line_comment = { "#", NULL },
    .ident_extra = "-",
    .operators = "|&<>=!",   /* no '-': "ls -la" has options, not arithmetic */
    .punct = "(){}[];",      /* no '.' or ',': "config.toml" is one word to the eye */
};

/* Shell sessions: prompts, commands highlighted as shell or Python, output plain. */
static const hl_lang hl_console = {
    .name = "console",
    .lines = (const hl_line_rule[]){
        { "$ ", HL_PROMPT, &hl_bash, HL_LR_DECORATED },
        { "# ", HL_PROMPT, &hl_bash, HL_LR_DECORATED },
        { "% ", HL_PROMPT, &hl_bash, HL_LR_DECORATED },
        { "> ", HL_PROMPT, &hl_bash, HL_LR_AFTER | HL_LR_OPEN },
        { ">>> ", HL_PROMPT, &hl_python, 0 },
        { "... ", HL_PROMPT, &hl_python, HL_LR_AFTER },
        { NULL, HL_PLAIN, NULL, 0 },
    },
};

/* ---- data formats ------------------------------------------------------ */

static const char *const json_keywords[] = { "false", "null", "true" };
static const hl_string_rule json_strings[] = {
    { "\"", "\"", HL_STRING, HL_S_ESC },
    { NULL, NULL, HL_PLAIN, 0 },
};

/* Comments are not JSON, but tolerating them costs nothing and helps JSONC. */
static const hl_lang hl_json = {
    .name = "json",
    .flags = HL_F_KEYS | HL_F_SIGNED_NUM,
    .words = (const hl_words[]){ HL_WORDS(HL_KEYWORD, json_keywords), { NULL, 0, HL_PLAIN } },
    .strings = json_strings,
    .line_comment = { "//", NULL },
    .block_open = "/*", .block_close = "*/",
    .operators = "",
    .punct = "{}[],:",
    .key_sep = ':',
};

/* YAML 1.1 booleans too: real-world files (Ansible, CI) still rely on them. */
static const char *const yaml_keywords[] = {
    "false", "no", "null", "off", "on", "true", "yes", "~",
};
static const char *const yaml_numbers[] = { "+.inf", "-.inf", ".inf", ".nan" };
static const hl_string_rule yaml_strings[] = {
    { "\"", "\"", HL_STRING, HL_S_ESC | HL_S_ML },
    { "'", "'", HL_STRING, HL_S_ML | HL_S_DOUBLED },
    { NULL, NULL, HL_PLAIN, 0 },
};

static const hl_lang hl_yaml = {
    .name = "yaml",
    .flags = HL_F_YAML | HL_F_CI | HL_F_KEYS | HL_F_KEY_SPACE | HL_F_COMMENT_WS | HL_F_SIGNED_NUM
             | HL_F_DATES,
    .words = (const hl_words[]){
        HL_WORDS(HL_KEYWORD, yaml_keywords), HL_WORDS(HL_NUMBER, yaml_numbers), { NULL, 0, HL_PLAIN },
    },
    .strings = yaml_strings,
    .line_comment = { "#", NULL },
    .key_sep = ':',
};

static const char *const toml_keywords[] = { "false", "true" };
static const char *const toml_numbers[] = { "inf", "nan" };
static const hl_string_rule toml_strings[] = {
    { "\"\"\"", "\"\"\"", HL_STRING, HL_S_ESC | HL_S_ML },
    { "'''", "'''", HL_STRING, HL_S_ML },
    { "\"", "\"", HL_STRING, HL_S_ESC },
    { "'", "'", HL_STRING, 0 },
    { NULL, NULL, HL_PLAIN, 0 },
};

static const hl_lang hl_toml = {
    .name = "toml",
    .flags = HL_F_KEYS | HL_F_DOTTED_KEYS | HL_F_SECTIONS | HL_F_SIGNED_NUM | HL_F_DATES,
    .words = (const hl_words[]){
        HL_WORDS(HL_KEYWORD, toml_keywords), HL_WORDS(HL_NUMBER, toml_numbers), { NULL, 0, HL_PLAIN },
    },
    .strings = toml_strings,
    .line_comment = { "#", NULL },
    .ident_extra = "-",
    .operators = "=",
    .punct = "[]{},.",
    .key_sep = '=',
};

/* ---- SQL --------------------------------------------------------------- */

/* Lowercase: SQL matches case-insensitively (HL_F_CI). */
static const char *const sql_keywords[] = {
    "add", "all", "alter", "analyze", "and", "any", "as", "asc", "begin", "between", "by",
    "cascade", "case", "cast", "check", "collate", "column", "commit", "conflict", "constraint",
    "create", "cross", "current", "current_date", "current_timestamp", "database", "default",
    "delete", "desc", "distinct", "do", "drop", "else", "end", "escape", "except", "exists",
    "explain", "false", "fetch", "filter", "first", "following", "for", "foreign", "from", "full",
    "function", "grant", "group", "having", "if", "ilike", "in", "index", "inner", "insert",
    "intersect", "interval", "into", "is", "join", "key", "language", "last", "lateral", "left",
    "like", "limit", "materialized", "natural", "not", "nothing", "null", "nulls", "offset", "on",
    "only", "or", "order", "outer", "over", "partition", "pragma", "preceding", "primary",
    "procedure", "range", "recursive", "references", "replace", "returning", "returns", "revoke",
    "right", "rollback", "row", "rows", "schema", "select", "sequence", "set", "similar", "table",
    "temp", "temporary", "then", "ties", "to", "transaction", "trigger", "true", "truncate",
    "unbounded", "union", "unique", "unlogged", "update", "using", "vacuum", "values", "view",
    "when", "where", "window", "with", "within", "without", "zone",
};
static const char *const sql_types[] = {
    "bigint", "bigserial", "binary", "bit", "blob", "bool", "boolean", "bytea", "char", "character",
    "clob", "date", "datetime", "decimal", "double", "float", "int", "integer", "json", "jsonb",
    "money", "nchar", "numeric", "nvarchar", "precision", "real", "serial", "smallint", "text",
    "time", "timestamp", "timestamptz", "tinyint", "uuid", "varbinary", "varchar", "varying", "xml",
};
static const char *const sql_builtins[] = {
    "abs", "array_agg", "avg", "ceil", "coalesce", "concat", "count", "date_trunc", "dense_rank",
    "extract", "floor", "greatest", "json_agg", "lag", "lead", "least", "length", "lower", "max",
    "min", "now", "nullif", "random", "rank", "round", "row_number", "string_agg", "substr",
    "substring", "sum", "to_char", "trim", "upper",
};
static const hl_string_rule sql_strings[] = {
    { "'", "'", HL_STRING, HL_S_ML | HL_S_DOUBLED },
    { "\"", "\"", HL_PLAIN, HL_S_DOUBLED },   /* quoted identifiers are names, not text */
    { "`", "`", HL_PLAIN, 0 },
    { NULL, NULL, HL_PLAIN, 0 },
};
static const hl_string_prefix sql_prefixes[] = {
    { "n", 0, HL_DELIM_FIXED }, { "e", HL_S_ESC, HL_DELIM_FIXED }, { "x", 0, HL_DELIM_FIXED },
    { "b", 0, HL_DELIM_FIXED }, { NULL, 0, HL_DELIM_FIXED },
};

static const hl_lang hl_sql = {
    .name = "sql",
    .flags = HL_F_CI | HL_F_PREFIX_CI | HL_F_CALLS,
    .words = (const hl_words[]){
        HL_WORDS(HL_KEYWORD, sql_keywords), HL_WORDS(HL_TYPE, sql_types),
        HL_WORDS(HL_BUILTIN, sql_builtins), { NULL, 0, HL_PLAIN },
    },
    .strings = sql_strings,
    .prefixes = sql_prefixes,
    .line_comment = { "--", NULL },
    .block_open = "/*", .block_close = "*/",
};

/* ---- line-oriented and plain ------------------------------------------- */

/* Unified and normal diffs, with git's extended header lines. Order matters:
 * "+++ " must win over "+". */
static const hl_lang hl_diff = {
    .name = "diff",
    .lines = (const hl_line_rule[]){
        { "+++ ", HL_HEADING, NULL, 0 }, { "--- ", HL_HEADING, NULL, 0 },
        { "@@", HL_HEADING, NULL, 0 }, { "diff ", HL_HEADING, NULL, 0 },
        { "index ", HL_HEADING, NULL, 0 }, { "new file mode", HL_HEADING, NULL, 0 },
        { "deleted file mode", HL_HEADING, NULL, 0 }, { "similarity index", HL_HEADING, NULL, 0 },
        { "rename from", HL_HEADING, NULL, 0 }, { "rename to", HL_HEADING, NULL, 0 },
        { "old mode", HL_HEADING, NULL, 0 }, { "new mode", HL_HEADING, NULL, 0 },
        { "+", HL_INSERTED, NULL, 0 }, { "-", HL_DELETED, NULL, 0 },
        { ">", HL_INSERTED, NULL, 0 }, { "<", HL_DELETED, NULL, 0 },
        { "!", HL_KEYWORD, NULL, 0 }, { "\\", HL_COMMENT, NULL, 0 },
        { NULL, HL_PLAIN, NULL, 0 },
    },
};

static const hl_lang hl_text = { .name = "text", .flags = HL_F_PLAIN };

/* ---- names ------------------------------------------------------------- */

const hl_lang *const hl_all_languages[] = {
    &hl_python, &hl_cython, &hl_c, &hl_cpp, &hl_rust, &hl_go, &hl_javascript, &hl_typescript,
    &hl_bash, &hl_console, &hl_json, &hl_yaml, &hl_toml, &hl_sql, &hl_diff, &hl_text, NULL,
};

static const struct {
    const char *name;   /* lowercase */
    const hl_lang *lang;
} hl_names[] = {
    { "python", &hl_python }, { "py", &hl_python }, { "python3", &hl_python },
    { "py3", &hl_python }, { "pycon", &hl_console }, { "cython", &hl_cython },
    { "pyx", &hl_cython }, { "pxd", &hl_cython }, { "pxi", &hl_cython },
    { "c", &hl_c }, { "h", &hl_c },
    { "cpp", &hl_cpp }, { "c++", &hl_cpp }, { "cc", &hl_cpp }, { "cxx", &hl_cpp },
    { "hpp", &hl_cpp }, { "hh", &hl_cpp }, { "hxx", &hl_cpp },
    { "rust", &hl_rust }, { "rs", &hl_rust },
    { "go", &hl_go }, { "golang", &hl_go },
    { "javascript", &hl_javascript }, { "js", &hl_javascript }, { "mjs", &hl_javascript },
    { "cjs", &hl_javascript }, { "jsx", &hl_javascript }, { "node", &hl_javascript },
    { "typescript", &hl_typescript }, { "ts", &hl_typescript }, { "tsx", &hl_typescript },
    { "mts", &hl_typescript }, { "cts", &hl_typescript },
    { "bash", &hl_bash }, { "sh", &hl_bash }, { "shell", &hl_bash }, { "zsh", &hl_bash },
    { "ksh", &hl_bash }, { "dash", &hl_bash },
    { "console", &hl_console }, { "shell-session", &hl_console }, { "sh-session", &hl_console },
    { "shellsession", &hl_console }, { "terminal", &hl_console },
    { "json", &hl_json }, { "jsonc", &hl_json }, { "json5", &hl_json }, { "geojson", &hl_json },
    { "yaml", &hl_yaml }, { "yml", &hl_yaml },
    { "toml", &hl_toml },
    { "sql", &hl_sql }, { "postgresql", &hl_sql }, { "postgres", &hl_sql }, { "mysql", &hl_sql },
    { "sqlite", &hl_sql }, { "plpgsql", &hl_sql },
    { "diff", &hl_diff }, { "patch", &hl_diff }, { "udiff", &hl_diff },
    { "text", &hl_text }, { "plaintext", &hl_text }, { "txt", &hl_text }, { "plain", &hl_text },
};

static int hl_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

const hl_lang *hl_lang_find(const char *info)
{
    if (!info)
        return NULL;
    while (*info == ' ' || *info == '\t')
        info++;
    size_t n = 0;
    while (info[n] && info[n] != ' ' && info[n] != '\t' && info[n] != '\n' && info[n] != '\r')
        n++;
    for (size_t i = 0; n && i < sizeof hl_names / sizeof hl_names[0]; i++) {
        const char *name = hl_names[i].name;
        size_t k = 0;
        while (k < n && name[k] && name[k] == hl_lower((unsigned char)info[k]))
            k++;
        if (k == n && name[k] == '\0')
            return hl_names[i].lang;
    }
    return NULL;
}

/* ---- queries ----------------------------------------------------------- */

/* Compares table word w (lowercase when ci) with the text s[0..n). */
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

bool hl_lang_word(const hl_lang *L, const char *s, size_t n, hl_class *cls)
{
    const bool ci = (L->flags & HL_F_CI) != 0;
    const int first = n ? (ci ? hl_lower((unsigned char)s[0]) : (unsigned char)s[0]) : 0;
    for (const hl_words *wl = L->words; n && n <= 64 && wl && wl->words; wl++) {
        size_t lo = 0, hi = wl->count;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            /* most probes differ in the first byte: decide those inline */
            int r = (unsigned char)wl->words[mid][0] - first;
            if (r == 0)
                r = hl_word_cmp(wl->words[mid], s, n, ci);
            if (r == 0) {
                *cls = wl->cls;
                return true;
            }
            if (r < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    return false;
}

hl_class hl_lang_definer(const hl_lang *L, const char *s, size_t n)
{
    for (const hl_definer *d = L->definers; d && d->word; d++)
        if (hl_word_cmp(d->word, s, n, (L->flags & HL_F_CI) != 0) == 0)
            return d->next;
    return HL_PLAIN;
}

const hl_string_prefix *hl_lang_prefix(const hl_lang *L, const char *s, size_t n)
{
    for (const hl_string_prefix *p = L->prefixes; p && p->word; p++)
        if (hl_word_cmp(p->word, s, n, (L->flags & HL_F_PREFIX_CI) != 0) == 0)
            return p;
    return NULL;
}

static void hl_mark(unsigned char cc[256], const char *set, unsigned bit)
{
    for (; set && *set; set++)
        cc[(unsigned char)*set] |= (unsigned char)bit;
}

void hl_lang_classify(const hl_lang *L, unsigned char cc[256])
{
    memset(cc, 0, 256);
    for (int c = 0; c < 256; c++) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80)
            cc[c] = HL_C_IDSTART | HL_C_IDENT;   /* UTF-8 letters included, byte-wise */
        else if (c >= '0' && c <= '9')
            cc[c] = HL_C_IDENT;
    }
    hl_mark(cc, L->ident_start, HL_C_IDSTART | HL_C_IDENT);
    hl_mark(cc, L->ident_extra, HL_C_IDENT);
    hl_mark(cc, L->operators ? L->operators : "+-*/%=<>!&|^~?:@", HL_C_OP);
    hl_mark(cc, L->punct ? L->punct : "()[]{},;.", HL_C_PUNCT);
    for (int i = 0; i < 2; i++)
        if (L->line_comment[i])
            cc[(unsigned char)L->line_comment[i][0]] |= HL_C_OPENER;
    if (L->block_open)
        cc[(unsigned char)L->block_open[0]] |= HL_C_OPENER;
    for (const hl_string_rule *r = L->strings; r && r->open; r++)
        cc[(unsigned char)r->open[0]] |= HL_C_OPENER;
}

/* Length of a prompt's decoration before its '$' or '#': "(venv) ",
 * "user@host:~/dir", "[user@host dir]"; 0 if none. */
static size_t hl_prompt_decoration(const char *s, size_t len)
{
    size_t q = 0, r;
    if (q < len && s[q] == '(') {
        for (r = 1; r < len && s[r] != ')' && s[r] != ' '; r++)
            ;
        if (r + 1 < len && s[r] == ')' && s[r + 1] == ' ')
            q = r + 2;
    }
    if (q < len && s[q] == '[') {
        const char *rb = memchr(s + q, ']', len - q);
        if (rb && memchr(s + q, '@', (size_t)(rb - s) - q))
            return (size_t)(rb - s) + 1;
    }
    bool host = false;
    for (r = q; r < len && s[r] != ' ' && s[r] != '\t'; r++)
        host = host || s[r] == '@' || s[r] == ':';
    if (host && r - q >= 2 && r < len && strchr("$#%", s[r - 1]))
        return r - 1;
    return q;
}

const hl_line_rule *hl_lang_line(const hl_lang *L, const char *s, size_t len, const hl_lang *prev,
                                 bool open, size_t *prompt_len)
{
    const size_t dec = hl_prompt_decoration(s, len);
    for (const hl_line_rule *r = L->lines; r->prefix; r++) {
        if (((r->flags & HL_LR_AFTER) && r->sub != prev) || ((r->flags & HL_LR_OPEN) && !open))
            continue;
        const size_t n = strlen(r->prefix);
        for (size_t q = 0;; q = dec) {
            if (len - q >= n && memcmp(s + q, r->prefix, n) == 0) {
                *prompt_len = q + n;
                return r;
            }
            /* A prompt with no command: "$" alone on its line. */
            if (n > 1 && r->prefix[n - 1] == ' '
                && (len - q == n - 1 || (len - q == n && s[len - 1] == '\r'))
                && memcmp(s + q, r->prefix, n - 1) == 0) {
                *prompt_len = q + n - 1;
                return r;
            }
            if (q == dec || !(r->flags & HL_LR_DECORATED))
                break;
        }
    }
    return NULL;
}

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
