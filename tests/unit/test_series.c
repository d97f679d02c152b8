/* Unit tests of src/series: ISBN check digits, chapters' stable names. */
#include <stdlib.h>

#include "check.h"
#include "series/series.h"

static const char *isbn(const char *written)
{
    static char out[ISBN_MAX_CHARS + 1];
    const char *why = NULL;
    return series_isbn_normalize(written, out, &why) ? out : why;
}

static void test_isbn(void)
{
    CHECK_STR(isbn("978-0-306-40615-7"), "9780306406157");
    CHECK_STR(isbn("978 0 306 40615 7"), "9780306406157");
    CHECK_STR(isbn("9791032305690"), "9791032305690"); /* a 979 prefix */
    CHECK_STR(isbn("0-306-40615-2"), "0306406152");
    CHECK_STR(isbn("0-8044-2957-x"), "080442957X"); /* X as the check digit */
    CHECK_STR(isbn("978-0-306-40615-8"), "has a wrong check digit");
    CHECK_STR(isbn("0-306-40615-3"), "has a wrong check digit");
    CHECK_STR(isbn("977-0-306-40615-8"), "is not an ISBN-13 (it begins with 978 or 979)");
    CHECK_STR(isbn("08044X2957"), "is not an ISBN-10 (X is only the check digit)");
    CHECK_STR(isbn("978030640615X"), "is not an ISBN-13 (only digits)");
    CHECK_STR(isbn("978-0-306"), "is not an ISBN-13 or ISBN-10 (13 or 10 digits)");
    CHECK_STR(isbn(""), "is not an ISBN-13 or ISBN-10 (13 or 10 digits)");
    CHECK_STR(isbn("97803064061570"),
              "is not an ISBN-13 or ISBN-10 (digits, with hyphens or spaces)");
    CHECK_STR(isbn("ISBN 978-0-306-40615-7"),
              "is not an ISBN-13 or ISBN-10 (digits, with hyphens or spaces)");
}

static void names(const char *const *files, size_t n, char **out)
{
    struct series_chapter ch[8] = {{0}};
    struct series s = {.chapters = ch, .n_chapters = n};
    for (size_t i = 0; i < n; i++)
        ch[i].file = (char *)files[i];
    series_name_chapters(&s);
    for (size_t i = 0; i < n; i++)
        out[i] = ch[i].name;
}

static void test_chapter_names(void)
{
    const char *files[] = {"02-garbage-collection.md", "Intro Notes.md", "part/01-x.md",
                           "cover.md", "01.intro.md", ".hidden.md", "notes.markdown"};
    char *got[7];
    names(files, 7, got);
    CHECK_STR(got[0], "02-garbage-collection");
    CHECK(!strncmp(got[1], "intro-notes-", 12) && strlen(got[1]) == 12 + 8);
    CHECK(!strncmp(got[2], "part-01-x-", 10) && strlen(got[2]) == 10 + 8);
    CHECK(!strncmp(got[3], "cover-", 6) && strlen(got[3]) == 6 + 8);
    CHECK_STR(got[4], "01.intro");
    CHECK(!strncmp(got[5], "hidden-", 7)); /* never a hidden file */
    CHECK_STR(got[6], "notes.markdown");
    /* the same file gets the same name whatever else the series holds */
    const char *other[] = {"00-new.md", "Intro Notes.md", "02-garbage-collection.md"};
    char *again[3];
    names(other, 3, again);
    CHECK_STR(again[1], got[1]);
    CHECK_STR(again[2], got[0]);
    /* a file named after another's marked name: the marked one takes the full hash */
    char *planted = xasprintf("%s.md", got[1]);
    const char *clash[] = {"Intro Notes.md", planted};
    char *c[2];
    names(clash, 2, c);
    CHECK(strlen(c[0]) == 12 + 40);
    CHECK_STR(c[1], got[1]);
    free(planted);
    for (size_t i = 0; i < 7; i++)
        free(got[i]);
    for (size_t i = 0; i < 3; i++)
        free(again[i]);
    free(c[0]);
    free(c[1]);
}

int main(void)
{
    test_isbn();
    test_chapter_names();
    return check_summary();
}
