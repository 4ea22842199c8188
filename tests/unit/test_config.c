/* Unit tests for agent/config.c and agent/validate.c. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "secret.h"
#include "validate.h"

static char path[] = "/tmp/rapport-test-conf.XXXXXX";

static void
write_conf(const char *text)
{
	int	 fd = mkstemp(path);
	FILE	*f;

	ck_assert_int_ne(fd, -1);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
}

static void
teardown(void)
{
	unlink(path);
	strcpy(path, "/tmp/rapport-test-conf.XXXXXX");
}

#define MANAGER "[manager]\nname = Maria\nemail = maria@example.com\ntz = Europe/Rome\n"

START_TEST(test_defaults_and_values)
{
	struct strbuf	 errs = STRBUF_INIT;
	struct config	*c;

	write_conf("# comment\n" MANAGER
	    "[agent]\ndaily_cap = 5\npoll_interval = 2m\n"
	    "[schedule]\ncheckin = FREQ=WEEKLY;BYDAY=MO;BYHOUR=9\nreminder_after = 2d\n"
	    "[smtp]\nurl = smtp://mail.example.com:587\nfrom = agent@example.com\nstarttls = no\n"
	    "[limits]\nmax_message_size = 10M\n");
	c = config_load(path, &errs, NULL);
	ck_assert_msg(c != NULL, "%s", sb_str(&errs));
	ck_assert_int_eq(c->daily_cap, 5);
	ck_assert_int_eq(c->poll_interval, 120);
	ck_assert_int_eq(c->reminder_after, 2 * 86400);
	ck_assert_int_eq(c->max_message_size, 10L * 1024 * 1024);
	ck_assert_str_eq(c->checkin_rrule, "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9");	/* ';' is not a comment */
	ck_assert_int_eq(c->smtp.starttls, 0);
	ck_assert_int_eq(c->imap.starttls, 1);		/* default */
	ck_assert_int_eq(c->imap.tls_verify, 1);	/* default */
	ck_assert_str_eq(c->mailbox, "INBOX");
	ck_assert_str_eq(c->address, "agent@example.com");	/* from [smtp] from */
	ck_assert_str_eq(c->domain, "example.com");
	ck_assert_str_eq(c->from_name, "Maria");
	ck_assert_int_eq(c->after, AFTER_MOVE);
	config_free(c);
	sb_free(&errs);
}
END_TEST

START_TEST(test_every_error_reported_with_line)
{
	struct strbuf	 errs = STRBUF_INIT;
	const char	*e;

	write_conf(MANAGER				/* lines 1-4 */
	    "[agent]\n"					/* 5 */
	    "daily_cap = 0\n"				/* 6: below the minimum */
	    "receipts = maybe\n"			/* 7 */
	    "[imap]\n"					/* 8 */
	    "timeout = forever\n"			/* 9 */
	    "after = delete\n"				/* 10 */
	    "auth = kerberos\n"				/* 11 */
	    "database = /x\n"				/* 12: wrong section */
	    "[manager]\n"				/* 13 */
	    "tz = Europe/Nowhere\n");			/* 14: given twice, and bad */
	ck_assert_ptr_null(config_load(path, &errs, NULL));
	e = sb_str(&errs);
	ck_assert_msg(strstr(e, ":6: [agent] daily_cap: '0' is not a number from 1 to 50") != NULL, "%s", e);
	ck_assert_msg(strstr(e, ":7: [agent] receipts: 'maybe' is not yes or no") != NULL, "%s", e);
	ck_assert_msg(strstr(e, ":9: [imap] timeout:") != NULL, "%s", e);
	ck_assert_msg(strstr(e, ":10: [imap] after: 'delete' is not move, flag or none") != NULL, "%s", e);
	ck_assert_msg(strstr(e, ":11: [imap] auth:") != NULL, "%s", e);
	ck_assert_msg(strstr(e, ":12: [imap] database: unknown key") != NULL, "%s", e);
	ck_assert_msg(strstr(e, ":14: [manager] tz: given twice") != NULL, "%s", e);
	ck_assert_msg(strstr(e, path) == e, "errors start with the file name: %s", e);
	sb_free(&errs);
}
END_TEST

START_TEST(test_missing_file_and_required)
{
	struct strbuf	 errs = STRBUF_INIT;
	int		 missing = 0;

	ck_assert_ptr_null(config_load("/nonexistent/rapport.conf", &errs, &missing));
	ck_assert_int_eq(missing, 1);
	sb_reset(&errs);
	write_conf("[manager]\nname = M\n");
	ck_assert_ptr_null(config_load(path, &errs, &missing));
	ck_assert_int_eq(missing, 0);
	ck_assert_ptr_nonnull(strstr(sb_str(&errs), "[manager] email: required"));
	ck_assert_ptr_nonnull(strstr(sb_str(&errs), "[manager] tz: required"));
	sb_free(&errs);
}
END_TEST

START_TEST(test_example_config_loads)
{
	struct strbuf	 sb = STRBUF_INIT, errs = STRBUF_INIT;
	struct config	*c;

	config_example(&sb, "Maria Rossi", "maria@example.com", "Europe/Rome", NULL);
	write_conf(sb_str(&sb));
	c = config_load(path, &errs, NULL);
	ck_assert_msg(c != NULL, "%s", sb_str(&errs));
	ck_assert_str_eq(c->manager_name, "Maria Rossi");
	ck_assert_int_eq(c->daily_cap, 3);
	config_free(c);
	sb_free(&sb);
	sb_free(&errs);
}
END_TEST

START_TEST(test_validators)
{
	char		why[256];
	unsigned	mask;
	int		a, b;

	ck_assert_int_eq(valid_zone("Asia/Kolkata", why, sizeof(why)), 0);
	ck_assert_int_eq(valid_zone("Australia/Lord_Howe", why, sizeof(why)), 0);
	ck_assert_int_eq(valid_zone("UTC", why, sizeof(why)), 0);
	ck_assert_int_eq(valid_zone("Mars/Base", why, sizeof(why)), -1);
	ck_assert_int_eq(valid_zone("", why, sizeof(why)), -1);
	ck_assert_int_eq(valid_email("a.b+c@example.co.uk", why, sizeof(why)), 0);
	ck_assert_int_eq(valid_email("a@localhost", why, sizeof(why)), 0);
	ck_assert_int_eq(valid_email("no-at.example.com", why, sizeof(why)), -1);
	ck_assert_int_eq(valid_email("a@b@c.com", why, sizeof(why)), -1);
	ck_assert_int_eq(valid_email("a@example.com\r\nBcc: x@y.z", why, sizeof(why)), -1);
	ck_assert_int_eq(valid_email("Anna <a@example.com>", why, sizeof(why)), -1);
	ck_assert_int_eq(valid_email("a@example..com", why, sizeof(why)), -1);
	ck_assert_int_eq(valid_days("Mon-Fri", &mask, why, sizeof(why)), 0);
	ck_assert_uint_eq(mask, 0x3e);
	ck_assert_int_eq(valid_days("sun-thu", &mask, why, sizeof(why)), 0);
	ck_assert_uint_eq(mask, 0x1f);
	ck_assert_int_eq(valid_days("Sat-Mon", &mask, why, sizeof(why)), 0);	/* wraps */
	ck_assert_uint_eq(mask, 0x43);
	ck_assert_int_eq(valid_days("Mon,Wed, Friday", &mask, why, sizeof(why)), 0);
	ck_assert_uint_eq(mask, 0x2a);
	ck_assert_int_eq(valid_days("Mon-Funday", &mask, why, sizeof(why)), -1);
	ck_assert_int_eq(valid_days("", &mask, why, sizeof(why)), -1);
	days_format(0x3e, why, sizeof(why));
	ck_assert_str_eq(why, "Mon-Fri");
	days_format(0x2a, why, sizeof(why));
	ck_assert_str_eq(why, "Mon,Wed,Fri");
	days_format(0x43, why, sizeof(why));
	ck_assert_str_eq(why, "Sat-Mon");	/* a range over the weekend */
	ck_assert_int_eq(valid_hours("09:00-17:30", &a, &b, why, sizeof(why)), 0);
	ck_assert_int_eq(a, 540);
	ck_assert_int_eq(b, 1050);
	ck_assert_int_eq(valid_hours("9:00-24:00", &a, &b, why, sizeof(why)), 0);
	ck_assert_int_eq(valid_hours("17:00-09:00", &a, &b, why, sizeof(why)), -1);
	ck_assert_int_eq(valid_hours("9-5", &a, &b, why, sizeof(why)), -1);
	ck_assert_int_eq(valid_hours("09:60-10:00", &a, &b, why, sizeof(why)), -1);
	ck_assert_int_eq(valid_rrule("FREQ=WEEKLY;BYDAY=FR;BYHOUR=15", why, sizeof(why)), 0);
	ck_assert_int_eq(valid_rrule("FREQ=MONTHLY;BYDAY=1WE;BYHOUR=10", why, sizeof(why)), 0);
	ck_assert_int_eq(valid_rrule("FREQ=MINUTELY", why, sizeof(why)), -1);
	ck_assert_int_eq(valid_rrule("FREQ=WEEKLY;COUNT=3", why, sizeof(why)), -1);
	ck_assert_int_eq(valid_rrule("BYDAY=FR", why, sizeof(why)), -1);
	ck_assert_int_eq(valid_rrule("hello", why, sizeof(why)), -1);
	ck_assert_int_eq(valid_date("2028-02-29", why, sizeof(why)), 0);
	ck_assert_int_eq(valid_date("2026-02-29", why, sizeof(why)), -1);
	ck_assert_int_eq(valid_date("2026-13-01", why, sizeof(why)), -1);
	ck_assert_int_eq(valid_date("26-12-01", why, sizeof(why)), -1);
}
END_TEST

START_TEST(test_zone_dates)
{
	char buf[16];

	/* 2026-11-27T03:00Z is still the 26th in Los Angeles, the 27th in Manila */
	zone_date("America/Los_Angeles", 1795748400, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2026-11-26");
	zone_date("Asia/Manila", 1795748400, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2026-11-27");
	/* local midnight: Berlin in winter is UTC+1 */
	ck_assert_int_eq((long)zone_instant("Europe/Berlin", "2026-12-01", 0), 1796079600L);
	/* summer: UTC+2 */
	ck_assert_int_eq((long)zone_instant("Europe/Berlin", "2026-07-01", 9 * 60), 1782889200L);
}
END_TEST

START_TEST(test_secret_sources)
{
	struct secret_src	 s;
	char			*v, why[256], file[] = "/tmp/rapport-test-pw.XXXXXX";
	int			 fd;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(secret_get(&s, &v, why, sizeof(why)), 1);
	s.cmd = "printf 'hunter2\\nsecond line\\n'";
	ck_assert_int_eq(secret_get(&s, &v, why, sizeof(why)), 0);
	ck_assert_str_eq(v, "hunter2");
	secret_free(v);
	s.cmd = "exit 3";
	ck_assert_int_eq(secret_get(&s, &v, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "status 3"));
	s.cmd = NULL;
	s.env = "RAPPORT_TEST_PW";
	setenv("RAPPORT_TEST_PW", "from-env", 1);
	ck_assert_int_eq(secret_get(&s, &v, why, sizeof(why)), 0);
	ck_assert_str_eq(v, "from-env");
	secret_free(v);
	unsetenv("RAPPORT_TEST_PW");
	ck_assert_int_eq(secret_get(&s, &v, why, sizeof(why)), -1);
	s.env = NULL;
	fd = mkstemp(file);
	ck_assert_int_eq(write(fd, "filepw\n", 7), 7);
	close(fd);
	s.file = file;
	chmod(file, 0600);
	ck_assert_int_eq(secret_get(&s, &v, why, sizeof(why)), 0);
	ck_assert_str_eq(v, "filepw");
	secret_free(v);
	chmod(file, 0640);
	ck_assert_int_eq(secret_get(&s, &v, why, sizeof(why)), -1);
	ck_assert_ptr_null(strstr(why, "filepw"));	/* never the secret in an error */
	unlink(file);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("config");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_defaults_and_values);
	tcase_add_test(tc, test_every_error_reported_with_line);
	tcase_add_test(tc, test_missing_file_and_required);
	tcase_add_test(tc, test_example_config_loads);
	tcase_add_test(tc, test_validators);
	tcase_add_test(tc, test_zone_dates);
	tcase_add_test(tc, test_secret_sources);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
