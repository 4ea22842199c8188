/* Unit tests for parsers/strbuf.c */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

START_TEST(test_append_and_detach)
{
	struct strbuf	 sb;
	char		*s;
	size_t		 n;
	int		 i;

	sb_init(&sb, 0);
	ck_assert_str_eq(sb_str(&sb), "");
	ck_assert_int_eq(sb_adds(&sb, "hello"), 0);
	ck_assert_int_eq(sb_addc(&sb, ' '), 0);
	ck_assert_int_eq(sb_printf(&sb, "%d-%s", 42, "x"), 0);
	ck_assert_str_eq(sb_str(&sb), "hello 42-x");
	for (i = 0; i < 10000; i++)
		sb_addc(&sb, 'a');
	ck_assert_uint_eq(sb.len, 10 + 10000);
	s = sb_detach(&sb, &n);
	ck_assert_uint_eq(n, 10010);
	ck_assert_uint_eq(strlen(s), 10010);
	ck_assert_ptr_null(sb.s);
	free(s);
}
END_TEST

START_TEST(test_cap_is_sticky)
{
	struct strbuf sb;

	sb_init(&sb, 8);
	ck_assert_int_eq(sb_adds(&sb, "12345678"), 0);
	ck_assert_int_eq(sb_addc(&sb, '9'), -1);
	ck_assert_int_eq(sb_error(&sb), E2BIG);
	/* later appends are refused too, and the contents are unchanged */
	ck_assert_int_eq(sb_adds(&sb, ""), -1);
	ck_assert_str_eq(sb_str(&sb), "12345678");
	sb_reset(&sb);
	ck_assert_int_eq(sb_error(&sb), 0);
	ck_assert_int_eq(sb_printf(&sb, "%s", "123456789"), -1);
	sb_free(&sb);
}
END_TEST

START_TEST(test_truncate_and_binary)
{
	struct strbuf sb = STRBUF_INIT;

	sb_add(&sb, "a\0b", 3);
	ck_assert_uint_eq(sb.len, 3);
	ck_assert_int_eq(memcmp(sb.s, "a\0b", 4), 0);
	sb_truncate(&sb, 1);
	ck_assert_str_eq(sb_str(&sb), "a");
	sb_truncate(&sb, 10);	/* longer: no-op */
	ck_assert_uint_eq(sb.len, 1);
	sb_free(&sb);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("strbuf");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_append_and_detach);
	tcase_add_test(tc, test_cap_is_sticky);
	tcase_add_test(tc, test_truncate_and_binary);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
