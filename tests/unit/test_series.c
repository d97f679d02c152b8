/* Unit tests of src/series: ISBN check digits. */
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

int main(void)
{
    test_isbn();
    return check_summary();
}
