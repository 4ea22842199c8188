/* Unit tests for parsers/tzone.c. Expected instants were computed
 * independently with Python's zoneinfo (tzdata 2025b). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tzone.h"

static time_t
U(const char *iso)		/* "2026-03-08T10:00:00Z" */
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	ck_assert_ptr_nonnull(strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm));
	return timegm(&tm);
}

static const char *
Z(time_t t)
{
	static char	 buf[32];
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

static time_t
L(const char *tz, int y, int mo, int d, int h, int mi)
{
	time_t	 t;

	ck_assert_int_eq(tzone_from_local(tzone_get(tz), y, mo, d, h, mi, 0, &t), 0);
	return t;
}

START_TEST(test_names)
{
	ck_assert_int_eq(tzone_name_ok("Europe/Berlin"), 1);
	ck_assert_int_eq(tzone_name_ok("America/Argentina/Buenos_Aires"), 1);
	ck_assert_int_eq(tzone_name_ok("Etc/GMT+5"), 1);
	ck_assert_int_eq(tzone_name_ok("America/Port-au-Prince"), 1);
	ck_assert_int_eq(tzone_name_ok("EST5EDT"), 1);
	/* path traversal and the non-zone files of a zoneinfo directory */
	ck_assert_int_eq(tzone_name_ok("../../../etc/passwd"), 0);
	ck_assert_int_eq(tzone_name_ok("/etc/localtime"), 0);
	ck_assert_int_eq(tzone_name_ok("Europe/../../etc"), 0);
	ck_assert_int_eq(tzone_name_ok("Europe//Berlin"), 0);
	ck_assert_int_eq(tzone_name_ok("Europe/"), 0);
	ck_assert_int_eq(tzone_name_ok("localtime"), 0);
	ck_assert_int_eq(tzone_name_ok("posixrules"), 0);
	ck_assert_int_eq(tzone_name_ok("right/Europe/Berlin"), 0);
	ck_assert_int_eq(tzone_name_ok("zone.tab"), 0);
	ck_assert_int_eq(tzone_name_ok("Factory"), 0);
	ck_assert_int_eq(tzone_name_ok(""), 0);
	ck_assert_int_eq(tzone_name_ok("Europe/Berlin\n"), 0);
	ck_assert_int_eq(tzone_name_ok(
	    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), 0);

	ck_assert_ptr_nonnull(tzone_get("Asia/Kolkata"));
	ck_assert_ptr_nonnull(tzone_get("Australia/Lord_Howe"));
	ck_assert_ptr_nonnull(tzone_get("Asia/Calcutta"));	/* backward link */
	ck_assert_ptr_null(tzone_get("Europe/Nowhere"));
	ck_assert_ptr_null(tzone_get("Europe"));		/* a directory */
	ck_assert_ptr_null(tzone_get("../../../../dev/zero"));
	ck_assert_int_eq(tzone_is_utc(tzone_get("UTC")), 1);
	ck_assert_int_eq(tzone_is_utc(tzone_get("Europe/Berlin")), 0);
}
END_TEST

START_TEST(test_civil)
{
	int	 y, m, d;

	ck_assert_int_eq(tzone_days_from_civil(1970, 1, 1), 0);
	ck_assert_int_eq(tzone_days_from_civil(2000, 3, 1), 11017);
	tzone_civil_from_days(20789, &y, &m, &d);	/* 2026-12-02 */
	ck_assert_int_eq(y, 2026);
	ck_assert_int_eq(m, 12);
	ck_assert_int_eq(d, 2);
	ck_assert_int_eq(tzone_wday(20789), 3);		/* a Wednesday */
	ck_assert_int_eq(tzone_days_in_month(2028, 2), 29);
	ck_assert_int_eq(tzone_days_in_month(2100, 2), 28);
	ck_assert_int_eq(tzone_days_in_month(2000, 2), 29);
}
END_TEST

START_TEST(test_to_local)
{
	struct tzone_local lt;

	ck_assert_int_eq(tzone_to_local(tzone_get("Asia/Kolkata"),
	    U("2026-12-04T09:30:00Z"), &lt), 0);
	ck_assert_int_eq(lt.hour, 15);
	ck_assert_int_eq(lt.min, 0);
	ck_assert_int_eq(lt.wday, 5);
	ck_assert_int_eq(lt.utc_offset, 19800);
	/* Lord Howe's half-hour DST: +11 until 2026-04-04T15:00Z, then +10:30 */
	ck_assert_int_eq(tzone_to_local(tzone_get("Australia/Lord_Howe"),
	    U("2026-04-04T14:59:59Z"), &lt), 0);
	ck_assert_int_eq(lt.utc_offset, 39600);
	ck_assert_int_eq(lt.is_dst, 1);
	ck_assert_int_eq(tzone_to_local(tzone_get("Australia/Lord_Howe"),
	    U("2026-04-04T15:00:00Z"), &lt), 0);
	ck_assert_int_eq(lt.utc_offset, 37800);
	ck_assert_int_eq(lt.hour, 1);
	ck_assert_int_eq(lt.min, 30);
	ck_assert_int_eq(lt.is_dst, 0);
	/* out of range */
	ck_assert_int_eq(tzone_to_local(tzone_get("UTC"), TZONE_TIME_MAX, &lt), -1);
	ck_assert_int_eq(tzone_to_local(tzone_get("UTC"), -1, &lt), -1);
}
END_TEST

START_TEST(test_from_local_gaps)
{
	time_t	 t;

	ck_assert_str_eq(Z(L("Asia/Kolkata", 2026, 12, 4, 15, 0)),
	    "2026-12-04T09:30:00Z");
	/* Los Angeles springs forward at 02:00 on 2026-03-08: 02:30 is 03:30 PDT */
	ck_assert_str_eq(Z(L("America/Los_Angeles", 2026, 3, 8, 2, 30)),
	    "2026-03-08T10:30:00Z");
	ck_assert_str_eq(Z(L("America/Los_Angeles", 2026, 3, 8, 3, 0)),
	    "2026-03-08T10:00:00Z");
	/* falls back on 2026-11-01: 01:30 happens twice, the first is PDT */
	ck_assert_str_eq(Z(L("America/Los_Angeles", 2026, 11, 1, 1, 30)),
	    "2026-11-01T08:30:00Z");
	/* Lord Howe: 02:00 -> 02:30 on 2026-10-04, 02:15 reads as 02:45 (+11) */
	ck_assert_str_eq(Z(L("Australia/Lord_Howe", 2026, 10, 4, 2, 15)),
	    "2026-10-03T15:45:00Z");
	/* 02:00 -> 01:30 on 2026-04-05: 01:45 twice, the first is +11 */
	ck_assert_str_eq(Z(L("Australia/Lord_Howe", 2026, 4, 5, 1, 45)),
	    "2026-04-04T14:45:00Z");
	ck_assert_str_eq(Z(L("Europe/Berlin", 2026, 3, 29, 2, 30)),
	    "2026-03-29T01:30:00Z");
	ck_assert_int_eq(tzone_from_local(tzone_get("UTC"), 2026, 2, 29, 0, 0, 0, &t), -1);
	ck_assert_int_eq(tzone_from_local(tzone_get("UTC"), 2026, 1, 1, 24, 0, 0, &t), -1);
	ck_assert_int_eq(tzone_from_local(NULL, 2026, 1, 1, 0, 0, 0, &t), -1);
}
END_TEST

START_TEST(test_roundtrip)
{
	static const char *const zones[] = { "Asia/Kolkata", "America/Los_Angeles",
	    "Australia/Lord_Howe", "Europe/Berlin", "UTC", "Pacific/Chatham" };
	struct tzone_local	 lt;
	icaltimezone		*z;
	time_t			 t, back;
	size_t			 i;

	/* every 37 minutes through 2026: to_local then from_local is the
	 * identity except in a repeated hour, where it gives the first */
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		z = tzone_get(zones[i]);
		ck_assert_ptr_nonnull(z);
		for (t = U("2026-01-01T00:00:00Z"); t < U("2027-01-01T00:00:00Z");
		    t += 37 * 60) {
			ck_assert_int_eq(tzone_to_local(z, t, &lt), 0);
			ck_assert_int_eq(tzone_from_local(z, lt.year, lt.month,
			    lt.day, lt.hour, lt.min, lt.sec, &back), 0);
			if (back != t)
				ck_assert_msg(back < t && t - back <= 3600,
				    "%s %s", zones[i], Z(t));
		}
	}
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("tzone");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_civil);
	tcase_add_test(tc, test_to_local);
	tcase_add_test(tc, test_from_local_gaps);
	tcase_add_test(tc, test_roundtrip);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	icaltimezone_free_builtin_timezones();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
