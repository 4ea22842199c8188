/* Unit tests for parsers/prescan.c */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "prescan.h"
#include "strbuf.h"

static int
scan(const char *s, struct prescan_result *r)
{
	return prescan(s, strlen(s), NULL, r);
}

/* n nested multiparts (each with its own boundary), innermost text. */
static char *
nested_multipart(size_t n)
{
	struct strbuf	 sb;
	size_t		 i;

	sb_init(&sb, 0);
	sb_adds(&sb, "From: a@example.com\r\nMIME-Version: 1.0\r\n");
	for (i = 0; i < n; i++)
		sb_printf(&sb, "Content-Type: multipart/mixed; boundary=\"b%zu\"\r\n"
		    "\r\n--b%zu\r\n", i, i);
	sb_adds(&sb, "Content-Type: text/plain\r\n\r\nhello\r\n");
	for (i = n; i-- > 0; )
		sb_printf(&sb, "--b%zu--\r\n", i);
	ck_assert_int_eq(sb_error(&sb), 0);
	return sb_detach(&sb, NULL);
}

static char *
nested_rfc822(size_t n)
{
	struct strbuf	 sb;
	size_t		 i;

	sb_init(&sb, 0);
	for (i = 0; i < n; i++)
		sb_adds(&sb, "Subject: x\nContent-Type: message/rfc822\n\n");
	sb_adds(&sb, "Subject: inner\n\nbody\n");
	ck_assert_int_eq(sb_error(&sb), 0);
	return sb_detach(&sb, NULL);
}

START_TEST(test_simple_counts)
{
	struct prescan_result	 r;
	const char		*m = "From: a@example.com\r\n"
	    "Subject: hi\r\n"
	    "\tthere\r\n"
	    "\r\n"
	    "body line\r\n"
	    "a longer body line here\r\n";

	ck_assert_int_eq(scan(m, &r), 0);
	ck_assert_int_eq(r.verdict, PRESCAN_OK);
	ck_assert_str_eq(r.reason, "");
	ck_assert_uint_eq(r.size, strlen(m));
	ck_assert_uint_eq(r.header_count, 2);
	ck_assert_uint_eq(r.header_size, strlen("From: a@example.com\r\n"
	    "Subject: hi\r\n\tthere\r\n\r\n"));
	ck_assert_uint_eq(r.longest_line, strlen("a longer body line here"));
	ck_assert_uint_eq(r.depth, 0);
	ck_assert_uint_eq(r.parts, 1);
}
END_TEST

START_TEST(test_multipart_structure)
{
	struct prescan_result	 r;
	const char		*m =
	    "Content-Type: multipart/mixed;\n"
	    " boundary=\"outer (x)\" ; charset=us-ascii\n"
	    "\n"
	    "preamble\n"
	    "--outer (x)\n"
	    "Content-Type: multipart/alternative; boundary=inner\n"
	    "\n"
	    "--inner\n"
	    "Content-Type: text/plain\n"
	    "\n"
	    "plain\n"
	    "--inner\n"
	    "Content-Type: text/html\n"
	    "\n"
	    "<p>html</p>\n"
	    "--inner--\n"
	    "--outer (x)\n"
	    "Content-Type: message/rfc822\n"
	    "\n"
	    "Subject: forwarded\n"
	    "Content-Type: multipart/mixed; boundary=\"fw\"\n"
	    "\n"
	    "--fw\n"
	    "\n"
	    "text\n"
	    "--fw--\n"
	    "--outer (x)   \n"
	    "Content-Type: text/plain\n"
	    "\n"
	    "last\n"
	    "--outer (x)--\n"
	    "epilogue\n";

	ck_assert_int_eq(scan(m, &r), 0);
	/* outer > message/rfc822 > multipart */
	ck_assert_uint_eq(r.depth, 3);
	/* message, 3 outer parts, 2 inner, the forwarded message, 1 in it */
	ck_assert_uint_eq(r.parts, 1 + 3 + 2 + 1 + 1);
	ck_assert_uint_eq(r.header_count, 8);
}
END_TEST

START_TEST(test_siblings_do_not_nest)
{
	struct prescan_result	 r;
	struct strbuf		 sb;
	char			*m;
	int			 i;

	sb_init(&sb, 0);
	sb_adds(&sb, "Content-Type: multipart/mixed; boundary=o\n\n");
	for (i = 0; i < 500; i++)
		sb_printf(&sb, "--o\nContent-Type: multipart/related; "
		    "boundary=i%d\n\n--i%d\n\nx\n--i%d--\n", i, i, i);
	sb_adds(&sb, "--o--\n");
	m = sb_detach(&sb, NULL);
	ck_assert_int_eq(scan(m, &r), 0);
	ck_assert_uint_eq(r.depth, 2);
	ck_assert_uint_eq(r.parts, 1 + 500 + 500);
	free(m);
}
END_TEST

START_TEST(test_deep_multipart_refused)
{
	struct prescan_result	 r;
	char			*m;

	m = nested_multipart(LIMIT_MIME_DEPTH);
	ck_assert_int_eq(scan(m, &r), 0);
	ck_assert_uint_eq(r.depth, LIMIT_MIME_DEPTH);
	free(m);

	m = nested_multipart(10000);
	ck_assert_int_eq(scan(m, &r), -1);
	ck_assert_int_eq(r.verdict, PRESCAN_TOO_DEEP);
	ck_assert_str_eq(r.reason, "MIME nesting depth 101 > 100");
	ck_assert_str_eq(prescan_verdict_name(r.verdict), "too-deep");
	free(m);
}
END_TEST

START_TEST(test_deep_rfc822_refused)
{
	struct prescan_result	 r;
	char			*m;

	m = nested_rfc822(50000);
	ck_assert_int_eq(scan(m, &r), -1);
	ck_assert_int_eq(r.verdict, PRESCAN_TOO_DEEP);
	free(m);
	m = nested_rfc822(20);
	ck_assert_int_eq(scan(m, &r), 0);
	ck_assert_uint_eq(r.depth, 20);
	ck_assert_uint_eq(r.parts, 21);
	free(m);
}
END_TEST

START_TEST(test_encoded_rfc822_is_a_leaf)
{
	struct prescan_result	 r;
	const char		*m =
	    "Content-Type: message/rfc822\n"
	    "Content-Transfer-Encoding: base64\n"
	    "\n"
	    "Q29udGVudC1UeXBlOiBtZXNzYWdlL3JmYzgyMgoK\n";

	ck_assert_int_eq(scan(m, &r), 0);
	ck_assert_uint_eq(r.depth, 0);
}
END_TEST

START_TEST(test_digest_defaults_to_rfc822)
{
	struct prescan_result	 r;
	const char		*m =
	    "Content-Type: multipart/digest; boundary=d\n"
	    "\n"
	    "--d\n"
	    "\n"
	    "Subject: one\n"
	    "Content-Type: multipart/mixed; boundary=e\n"
	    "\n"
	    "--e\n"
	    "\n"
	    "x\n"
	    "--e--\n"
	    "--d--\n";

	ck_assert_int_eq(scan(m, &r), 0);
	ck_assert_uint_eq(r.depth, 3);
}
END_TEST

START_TEST(test_boundary_prefix_is_not_a_delimiter)
{
	struct prescan_result	 r;
	const char		*m =
	    "Content-Type: multipart/mixed; boundary=a\n"
	    "\n"
	    "--a\n"
	    "Content-Type: multipart/mixed; boundary=b\n"
	    "\n"
	    "--b\n"
	    "\n"
	    "--aXYZ\n"
	    "--b\n"
	    "Content-Type: multipart/mixed; boundary=c\n"
	    "\n"
	    "--c--\n";

	/* "--aXYZ" closes nothing: the third level is still inside a and b */
	ck_assert_int_eq(scan(m, &r), 0);
	ck_assert_uint_eq(r.depth, 3);
}
END_TEST

START_TEST(test_long_line_refused)
{
	struct prescan_result	 r;
	size_t			 n = LIMIT_LINE_LENGTH + 10;
	char			*m;

	m = malloc(n + 20);
	memcpy(m, "Subject: ", 9);
	memset(m + 9, 'x', n);
	memcpy(m + 9 + n, "\n\nbody\n", 8);
	ck_assert_int_eq(prescan(m, strlen(m), NULL, &r), -1);
	ck_assert_int_eq(r.verdict, PRESCAN_LINE_TOO_LONG);
	free(m);
}
END_TEST

START_TEST(test_custom_limits)
{
	struct prescan_limits	 l;
	struct prescan_result	 r;
	const char		*m = "A: 1\nB: 2\nC: 3\n\nbody\n";
	char			*mp;

	prescan_limits_default(&l);
	l.header_count = 2;
	ck_assert_int_eq(prescan(m, strlen(m), &l, &r), -1);
	ck_assert_int_eq(r.verdict, PRESCAN_TOO_MANY_HEADERS);
	ck_assert_str_eq(r.reason, "header fields 3 > 2");

	prescan_limits_default(&l);
	l.header_size = 10;
	ck_assert_int_eq(prescan(m, strlen(m), &l, &r), -1);
	ck_assert_int_eq(r.verdict, PRESCAN_HEADERS_TOO_BIG);

	prescan_limits_default(&l);
	l.message_size = 5;
	ck_assert_int_eq(prescan(m, strlen(m), &l, &r), -1);
	ck_assert_int_eq(r.verdict, PRESCAN_TOO_BIG);

	prescan_limits_default(&l);
	l.mime_parts = 3;
	mp = nested_multipart(5);
	ck_assert_int_eq(prescan(mp, strlen(mp), &l, &r), -1);
	ck_assert_int_eq(r.verdict, PRESCAN_TOO_MANY_PARTS);
	free(mp);
}
END_TEST

START_TEST(test_odd_inputs)
{
	struct prescan_result	 r;
	const char		 nul[] = "Subject: a\0b\n\nbo\0dy\n\0";
	const char		*cr = "Subject: x\rContent-Type: multipart/mixed;"
	    " boundary=z\r\r--z\r\r--z--\r";

	ck_assert_int_eq(prescan(nul, sizeof(nul), NULL, &r), 0);
	ck_assert_uint_eq(r.header_count, 1);
	ck_assert_int_eq(prescan("", 0, NULL, &r), 0);
	ck_assert_uint_eq(r.parts, 1);
	/* no headers at all: the first line is the body */
	ck_assert_int_eq(scan("just text\n--x\n", &r), 0);
	ck_assert_uint_eq(r.header_count, 0);
	ck_assert_int_eq(scan("\n\n\n", &r), 0);
	/* CR-only: one long line */
	ck_assert_int_eq(scan(cr, &r), 0);
	ck_assert_uint_eq(r.depth, 0);
	ck_assert_uint_eq(r.longest_line, strlen(cr) - 1);	/* the last CR ends it */
	/* unterminated everything */
	ck_assert_int_eq(scan("Content-Type: multipart/mixed; boundary=\"", &r), 0);
	ck_assert_int_eq(scan("Content-Type: (((( multipart/x", &r), 0);
	ck_assert_int_eq(scan("Content-Type: multipart/mixed; boundary=q\n\n--q", &r), 0);
	ck_assert_uint_eq(r.parts, 2);
}
END_TEST

/* Many long lines that look like boundaries of 100 open frames: still fast. */
START_TEST(test_adversarial_boundaries_linear)
{
	struct prescan_result	 r;
	struct strbuf		 sb;
	char			 b[250];
	char			*m;
	size_t			 i;

	memset(b, 'k', sizeof(b) - 1);
	b[sizeof(b) - 1] = '\0';
	sb_init(&sb, 0);
	for (i = 0; i < LIMIT_MIME_DEPTH; i++)
		sb_printf(&sb, "Content-Type: multipart/mixed; boundary=%s%02zu"
		    "\n\n--%s%02zu\n", b, i, b, i);
	for (i = 0; i < 20000; i++)
		sb_printf(&sb, "--%sZZ\n", b);
	m = sb_detach(&sb, NULL);
	ck_assert_int_eq(scan(m, &r), 0);
	ck_assert_uint_eq(r.depth, LIMIT_MIME_DEPTH);
	free(m);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("prescan");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_simple_counts);
	tcase_add_test(tc, test_multipart_structure);
	tcase_add_test(tc, test_siblings_do_not_nest);
	tcase_add_test(tc, test_deep_multipart_refused);
	tcase_add_test(tc, test_deep_rfc822_refused);
	tcase_add_test(tc, test_encoded_rfc822_is_a_leaf);
	tcase_add_test(tc, test_digest_defaults_to_rfc822);
	tcase_add_test(tc, test_boundary_prefix_is_not_a_delimiter);
	tcase_add_test(tc, test_long_line_refused);
	tcase_add_test(tc, test_custom_limits);
	tcase_add_test(tc, test_odd_inputs);
	tcase_add_test(tc, test_adversarial_boundaries_linear);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
