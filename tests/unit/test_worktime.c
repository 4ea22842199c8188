/* Unit tests for agent/worktime.c. Expected instants were computed
 * independently with Python's zoneinfo (tzdata 2025b). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "worktime.h"

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

/* The next occurrence of rule after t, as "local (zone)" text. */
static const char *
next_local(const char *rule, const char *tz, time_t anchor, time_t t)
{
	static char	 buf[96];
	char		 err[128];
	time_t		 n;
	int		 r;

	r = worktime_rrule_next(rule, tz, anchor, 9 * 60, t, &n, err, sizeof(err));
	ck_assert_msg(r == 0, "%s: %d %s", rule, r, err);
	ck_assert_int_eq(worktime_format(n, tz, buf, sizeof(buf)), 0);
	return buf;
}

START_TEST(test_zone_valid)
{
	ck_assert_int_eq(worktime_zone_valid("Asia/Kolkata"), 1);
	ck_assert_int_eq(worktime_zone_valid("UTC"), 1);
	ck_assert_int_eq(worktime_zone_valid("Australia/Lord_Howe"), 1);
	ck_assert_int_eq(worktime_zone_valid("Mars/Olympus_Mons"), 0);
	ck_assert_int_eq(worktime_zone_valid("../../etc/passwd"), 0);
	ck_assert_int_eq(worktime_zone_valid(""), 0);
	ck_assert_int_eq(worktime_zone_valid(NULL), 0);
}
END_TEST

START_TEST(test_days)
{
	unsigned	 m;
	char		 err[128], buf[64];

	ck_assert_int_eq(worktime_parse_days("Mon-Fri", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, WT_MONFRI);
	ck_assert_int_eq(worktime_parse_days("Mon,Wed,Fri", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, WT_DAY(1) | WT_DAY(3) | WT_DAY(5));
	ck_assert_int_eq(worktime_parse_days("Sun-Thu", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, 0x1f);
	ck_assert_int_eq(worktime_parse_days("tue-SAT", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, 0x7c);
	ck_assert_int_eq(worktime_parse_days("Fri-Mon", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, WT_DAY(5) | WT_DAY(6) | WT_DAY(0) | WT_DAY(1));
	ck_assert_int_eq(worktime_parse_days(" Monday , Thursday-Friday ", &m,
	    err, sizeof(err)), 0);
	ck_assert_uint_eq(m, WT_DAY(1) | WT_DAY(4) | WT_DAY(5));
	ck_assert_int_eq(worktime_parse_days("Wed-Wed", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, WT_DAY(3));

	ck_assert_int_eq(worktime_parse_days("Mon-Fry", &m, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "unknown day 'Fry' (use Mon, Tue, ... Sun)");
	ck_assert_int_eq(worktime_parse_days("Mon,,Fri", &m, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "empty item in the list of days");
	ck_assert_int_eq(worktime_parse_days("Mon-", &m, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "incomplete range 'Mon-'");
	ck_assert_int_eq(worktime_parse_days("  ", &m, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "no working days given (e.g. Mon-Fri)");
	ck_assert_int_eq(worktime_parse_days("Mo-Fr", &m, err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_parse_days("Mon-Fri,", &m, NULL, 0), -1);

	worktime_format_days(WT_MONFRI, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Mon-Fri");
	worktime_format_days(0x1f, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Sun-Thu");
	worktime_format_days(WT_DAY(1) | WT_DAY(3) | WT_DAY(5), buf, sizeof(buf));
	ck_assert_str_eq(buf, "Mon,Wed,Fri");
	worktime_format_days(WT_DAY(5) | WT_DAY(6) | WT_DAY(0) | WT_DAY(1), buf,
	    sizeof(buf));
	ck_assert_str_eq(buf, "Fri-Mon");
	worktime_format_days(WT_DAY(1) | WT_DAY(2) | WT_DAY(4), buf, sizeof(buf));
	ck_assert_str_eq(buf, "Mon,Tue,Thu");
	worktime_format_days(WT_ALLDAYS, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Mon-Sun");
	worktime_format_days(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_hours)
{
	int	 a, b;
	char	 err[128];

	ck_assert_int_eq(worktime_parse_hours("09:00-17:00", &a, &b, err, sizeof(err)), 0);
	ck_assert_int_eq(a, 540);
	ck_assert_int_eq(b, 1020);
	ck_assert_int_eq(worktime_parse_hours(" 9:30 - 18:15 ", &a, &b, err, sizeof(err)), 0);
	ck_assert_int_eq(a, 570);
	ck_assert_int_eq(b, 1095);
	ck_assert_int_eq(worktime_parse_hours("00:00-24:00", &a, &b, err, sizeof(err)), 0);
	ck_assert_int_eq(b, 1440);

	ck_assert_int_eq(worktime_parse_hours("22:00-06:00", &a, &b, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "working hours end 06:00 is not after the start "
	    "22:00 (overnight hours are not supported)");
	ck_assert_int_eq(worktime_parse_hours("09:00-09:00", &a, &b, err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_parse_hours("24:00-24:00", &a, &b, err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_parse_hours("9-17", &a, &b, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "working hours must look like 09:00-17:00");
	ck_assert_int_eq(worktime_parse_hours("09:60-17:00", &a, &b, err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_parse_hours("25:00-26:00", &a, &b, err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_parse_hours("09:00-17:00x", &a, &b, err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_parse_hours("", &a, &b, err, sizeof(err)), -1);
}
END_TEST

START_TEST(test_rrule_check)
{
	char	 err[128];
	time_t	 t = U("2026-12-01T00:00:00Z");

	ck_assert_int_eq(worktime_rrule_check("FREQ=WEEKLY;BYDAY=FR;BYHOUR=15",
	    "Asia/Kolkata", t, err, sizeof(err)), 0);
	ck_assert_int_eq(worktime_rrule_check("RRULE:FREQ=MONTHLY;BYDAY=1MO",
	    "UTC", t, err, sizeof(err)), 0);
	ck_assert_int_eq(worktime_rrule_check("FREQ=DAILY;BYHOUR=9,16", "UTC", t,
	    err, sizeof(err)), 0);

	ck_assert_int_eq(worktime_rrule_check("FREQ=MINUTELY", "UTC", t, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "FREQ=MINUTELY is too frequent for a check-in "
	    "(use DAILY, WEEKLY, MONTHLY or YEARLY)");
	ck_assert_int_eq(worktime_rrule_check("FREQ=SECONDLY;COUNT=1000000", "UTC",
	    t, err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_rrule_check("FREQ=HOURLY", "UTC", t, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(worktime_rrule_check("FREQ=DAILY;BYHOUR=9,10,11;BYMINUTE=0,30",
	    "UTC", t, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "the rule fires 6 times a day (at most 4)");
	ck_assert_int_eq(worktime_rrule_check("FREQ=DAILY;BYSECOND=30", "UTC", t,
	    err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_rrule_check("FREQ=WEEKLY;BYDAY=XX", "UTC", t,
	    err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_rrule_check("BYDAY=FR", "UTC", t, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(worktime_rrule_check("FREQ=WEEKLY;INTERVAL=0", "UTC", t,
	    err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_rrule_check("FREQ=WEEKLY;INTERVAL=99999", "UTC",
	    t, err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_rrule_check("FREQ=WEEKLY;RSCALE=HEBREW", "UTC",
	    t, err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_rrule_check("", "UTC", t, err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_rrule_check("FREQ=WEEKLY", "Nowhere/Zone", t,
	    err, sizeof(err)), -1);
	ck_assert_str_eq(err, "unknown time zone 'Nowhere/Zone'");
	/* parses, but never happens (February 30th) or ended in the past */
	ck_assert_int_eq(worktime_rrule_check("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
	    "UTC", t, err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_rrule_check("FREQ=WEEKLY;UNTIL=20200101T000000Z",
	    "UTC", t, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "the rule has no further occurrence");
}
END_TEST

START_TEST(test_rrule_next_zones)
{
	const char	*fri = "FREQ=WEEKLY;BYDAY=FR;BYHOUR=15";

	ck_assert_str_eq(next_local(fri, "Asia/Kolkata", -1,
	    U("2026-12-01T00:00:00Z")), "Fri Dec 4 15:00 (Asia/Kolkata)");
	/* at exactly the occurrence: that occurrence */
	ck_assert_str_eq(next_local(fri, "Asia/Kolkata", -1,
	    U("2026-12-04T09:30:00Z")), "Fri Dec 4 15:00 (Asia/Kolkata)");
	ck_assert_str_eq(next_local(fri, "Asia/Kolkata", -1,
	    U("2026-12-04T09:30:01Z")), "Fri Dec 11 15:00 (Asia/Kolkata)");
	/* rule without BYHOUR: the default time of day (09:00) */
	ck_assert_str_eq(next_local("FREQ=WEEKLY;BYDAY=MO", "Europe/Berlin", -1,
	    U("2026-12-01T00:00:00Z")), "Mon Dec 7 09:00 (Europe/Berlin)");
	/* BYMINUTE with BYHOUR */
	ck_assert_str_eq(next_local("FREQ=DAILY;BYHOUR=16;BYMINUTE=45", "UTC", -1,
	    U("2026-12-01T17:00:00Z")), "Wed Dec 2 16:45 (UTC)");
}
END_TEST

START_TEST(test_rrule_next_dst)
{
	const char	*fri = "FREQ=WEEKLY;BYDAY=FR;BYHOUR=15";
	time_t		 n;
	char		 err[128];

	/* Los Angeles: 15:00 local before and after 2026-03-08 */
	ck_assert_int_eq(worktime_rrule_next(fri, "America/Los_Angeles", -1, 0,
	    U("2026-03-02T00:00:00Z"), &n, err, sizeof(err)), 0);
	ck_assert_str_eq(Z(n), "2026-03-06T23:00:00Z");
	ck_assert_int_eq(worktime_rrule_next(fri, "America/Los_Angeles", -1, 0,
	    n + 1, &n, err, sizeof(err)), 0);
	ck_assert_str_eq(Z(n), "2026-03-13T22:00:00Z");
	/* Berlin around 2026-10-25 */
	ck_assert_int_eq(worktime_rrule_next(fri, "Europe/Berlin", -1, 0,
	    U("2026-10-20T00:00:00Z"), &n, err, sizeof(err)), 0);
	ck_assert_str_eq(Z(n), "2026-10-23T13:00:00Z");
	ck_assert_int_eq(worktime_rrule_next(fri, "Europe/Berlin", -1, 0,
	    n + 1, &n, err, sizeof(err)), 0);
	ck_assert_str_eq(Z(n), "2026-10-30T14:00:00Z");
	/* Lord Howe's 30-minute shift: daily 09:00 on 2026-04-04 and -05 */
	ck_assert_int_eq(worktime_rrule_next("FREQ=DAILY;BYHOUR=9",
	    "Australia/Lord_Howe", -1, 0, U("2026-04-03T12:00:00Z"), &n, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(Z(n), "2026-04-03T22:00:00Z");
	ck_assert_int_eq(worktime_rrule_next("FREQ=DAILY;BYHOUR=9",
	    "Australia/Lord_Howe", -1, 0, n + 1, &n, err, sizeof(err)), 0);
	ck_assert_str_eq(Z(n), "2026-04-04T22:30:00Z");
	/* an occurrence inside the spring-forward gap moves to after it */
	ck_assert_int_eq(worktime_rrule_next("FREQ=DAILY;BYHOUR=2;BYMINUTE=15",
	    "Australia/Lord_Howe", -1, 0, U("2026-10-03T12:00:00Z"), &n, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(Z(n), "2026-10-03T15:45:00Z");
}
END_TEST

START_TEST(test_rrule_anchor)
{
	const char	*bi = "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=15";
	time_t		 n, t = U("2026-12-01T00:00:00Z");
	char		 err[128];

	/* every other Friday: the anchor decides which ones */
	ck_assert_str_eq(next_local(bi, "UTC", U("2026-11-02T00:00:00Z"), t),
	    "Fri Dec 4 15:00 (UTC)");
	ck_assert_str_eq(next_local(bi, "UTC", U("2026-11-09T00:00:00Z"), t),
	    "Fri Dec 11 15:00 (UTC)");
	/* a daily rule anchored years back still answers (bounded steps) */
	ck_assert_str_eq(next_local("FREQ=DAILY;BYHOUR=9,17", "UTC",
	    U("2016-01-01T00:00:00Z"), t), "Tue Dec 1 09:00 (UTC)");
	/* COUNT runs out */
	ck_assert_int_eq(worktime_rrule_next("FREQ=DAILY;COUNT=3;BYHOUR=9", "UTC",
	    U("2026-11-01T00:00:00Z"), 0, t, &n, err, sizeof(err)), 1);
	/* UNTIL is UTC and compared as an instant: 20261204T093000Z is exactly
	 * the Kolkata occurrence, so it is included */
	ck_assert_int_eq(worktime_rrule_next(
	    "FREQ=WEEKLY;BYDAY=FR;BYHOUR=15;UNTIL=20261204T093000Z", "Asia/Kolkata",
	    -1, 0, t, &n, err, sizeof(err)), 0);
	ck_assert_str_eq(Z(n), "2026-12-04T09:30:00Z");
	ck_assert_int_eq(worktime_rrule_next(
	    "FREQ=WEEKLY;BYDAY=FR;BYHOUR=15;UNTIL=20261204T092959Z", "Asia/Kolkata",
	    -1, 0, t, &n, err, sizeof(err)), 1);
	/* bad input */
	ck_assert_int_eq(worktime_rrule_next("FREQ=SECONDLY", "UTC", -1, 0, t, &n,
	    err, sizeof(err)), -1);
	ck_assert_int_eq(worktime_rrule_next("FREQ=DAILY", "UTC", -1, 0,
	    (time_t)5000000000, &n, err, sizeof(err)), -1);
}
END_TEST

static struct worktime
wt(const char *tz, unsigned days, int start, int end)
{
	struct worktime w;

	memset(&w, 0, sizeof(w));
	w.tz = tz;
	w.days = days;
	w.start_min = start;
	w.end_min = end;
	return w;
}

static const char *
next_allowed(const struct worktime *w, const char *iso)
{
	static char	 buf[96];
	time_t		 t;

	ck_assert_int_eq(worktime_next_allowed(w, U(iso), &t), 0);
	ck_assert_int_eq(worktime_format(t, w->tz, buf, sizeof(buf)), 0);
	return buf;
}

START_TEST(test_allowed_edges)
{
	struct worktime w = wt("Europe/Berlin", WT_MONFRI, 9 * 60, 17 * 60);

	/* Wed 2026-12-02, Berlin is UTC+1 */
	ck_assert_int_eq(worktime_allowed(&w, U("2026-12-02T08:00:00Z")), 1);
	ck_assert_int_eq(worktime_allowed(&w, U("2026-12-02T07:59:59Z")), 0);
	ck_assert_int_eq(worktime_allowed(&w, U("2026-12-02T15:59:59Z")), 1);
	ck_assert_int_eq(worktime_allowed(&w, U("2026-12-02T16:00:00Z")), 0);
	/* 08:59 waits a minute; 09:00 is now; 17:00 exactly is tomorrow */
	ck_assert_str_eq(next_allowed(&w, "2026-12-02T07:59:00Z"),
	    "Wed Dec 2 09:00 (Europe/Berlin)");
	ck_assert_str_eq(next_allowed(&w, "2026-12-02T08:00:00Z"),
	    "Wed Dec 2 09:00 (Europe/Berlin)");
	ck_assert_str_eq(next_allowed(&w, "2026-12-02T16:00:00Z"),
	    "Thu Dec 3 09:00 (Europe/Berlin)");
	/* Friday evening and the weekend wait for Monday */
	ck_assert_str_eq(next_allowed(&w, "2026-12-04T16:30:00Z"),
	    "Mon Dec 7 09:00 (Europe/Berlin)");
	ck_assert_str_eq(next_allowed(&w, "2026-12-05T10:00:00Z"),
	    "Mon Dec 7 09:00 (Europe/Berlin)");
	ck_assert_str_eq(next_allowed(&w, "2026-12-06T23:30:00Z"),
	    "Mon Dec 7 09:00 (Europe/Berlin)");
}
END_TEST

START_TEST(test_allowed_zones)
{
	struct worktime	 in = wt("Asia/Kolkata", 0x1f, 10 * 60, 18 * 60); /* Sun-Thu */
	struct worktime	 la = wt("America/Los_Angeles", WT_MONFRI, 9 * 60, 17 * 60);
	struct worktime	 lh = wt("Australia/Lord_Howe", 0x7c, 8 * 60 + 30, 16 * 60); /* Tue-Sat */
	time_t		 t;

	/* Thursday 18:00 IST -> Sunday 10:00 IST */
	ck_assert_str_eq(next_allowed(&in, "2026-12-03T12:30:00Z"),
	    "Sun Dec 6 10:00 (Asia/Kolkata)");
	/* the Monday after the spring-forward weekend, 09:00 PDT */
	ck_assert_int_eq(worktime_next_allowed(&la, U("2026-03-07T01:00:00Z"), &t), 0);
	ck_assert_str_eq(Z(t), "2026-03-09T16:00:00Z");
	/* and after fall-back, 09:00 PST */
	ck_assert_int_eq(worktime_next_allowed(&la, U("2026-10-31T01:00:00Z"), &t), 0);
	ck_assert_str_eq(Z(t), "2026-11-02T17:00:00Z");
	/* Lord Howe: Sunday 2026-04-05 (DST ends) is a day off; Tuesday 08:30
	 * is at +10:30 */
	ck_assert_int_eq(worktime_next_allowed(&lh, U("2026-04-04T06:00:00Z"), &t), 0);
	ck_assert_str_eq(Z(t), "2026-04-06T22:00:00Z");
	ck_assert_str_eq(next_allowed(&lh, "2026-04-04T06:00:00Z"),
	    "Tue Apr 7 08:30 (Australia/Lord_Howe)");
}
END_TEST

START_TEST(test_pauses)
{
	struct wt_pause	 p[2];
	struct worktime	 w = wt("Europe/Berlin", WT_MONFRI, 9 * 60, 17 * 60);
	time_t		 t;

	/* a pause ending mid-day: sending resumes at its end */
	p[0].from = U("2026-12-01T00:00:00Z");
	p[0].to = U("2026-12-02T12:17:00Z");
	w.pauses = p;
	w.npauses = 1;
	ck_assert_int_eq(worktime_allowed(&w, U("2026-12-02T10:00:00Z")), 0);
	ck_assert_int_eq(worktime_next_allowed(&w, U("2026-12-01T09:00:00Z"), &t), 0);
	ck_assert_str_eq(Z(t), "2026-12-02T12:17:00Z");
	/* a pause ending after hours: the next morning */
	p[0].to = U("2026-12-02T19:00:00Z");
	ck_assert_str_eq(next_allowed(&w, "2026-12-01T09:00:00Z"),
	    "Thu Dec 3 09:00 (Europe/Berlin)");
	/* two pauses back to back, ending on a Saturday */
	p[1].from = p[0].to;
	p[1].to = U("2026-12-05T12:00:00Z");
	w.npauses = 2;
	ck_assert_str_eq(next_allowed(&w, "2026-12-01T09:00:00Z"),
	    "Mon Dec 7 09:00 (Europe/Berlin)");
	/* a pause longer than the horizon: no allowed instant */
	p[0].to = U("2029-01-01T00:00:00Z");
	w.npauses = 1;
	ck_assert_int_eq(worktime_next_allowed(&w, U("2026-12-01T09:00:00Z"), &t), -1);
	/* invalid worktimes */
	w = wt("Europe/Berlin", 0, 540, 1020);
	ck_assert_int_eq(worktime_next_allowed(&w, U("2026-12-01T09:00:00Z"), &t), -1);
	w = wt("Europe/Berlin", WT_MONFRI, 1020, 540);
	ck_assert_int_eq(worktime_next_allowed(&w, U("2026-12-01T09:00:00Z"), &t), -1);
	w = wt("Bad/Zone", WT_MONFRI, 540, 1020);
	ck_assert_int_eq(worktime_allowed(&w, U("2026-12-01T09:00:00Z")), 0);
}
END_TEST

START_TEST(test_morning_after)
{
	struct worktime	 w = wt("America/Los_Angeles", WT_MONFRI, 9 * 60, 17 * 60);
	struct wt_pause	 p = { 0, 0 };
	time_t		 t;

	/* due Friday Dec 4: Monday Dec 7 09:00 */
	ck_assert_int_eq(worktime_morning_after(&w, 2026, 12, 4, &t), 0);
	ck_assert_str_eq(Z(t), "2026-12-07T17:00:00Z");
	/* due Tuesday: Wednesday 09:00 */
	ck_assert_int_eq(worktime_morning_after(&w, 2026, 12, 1, &t), 0);
	ck_assert_str_eq(Z(t), "2026-12-02T17:00:00Z");
	/* with a pause over Wednesday morning: when it ends */
	p.from = U("2026-12-02T00:00:00Z");
	p.to = U("2026-12-02T20:30:00Z");
	w.pauses = &p;
	w.npauses = 1;
	ck_assert_int_eq(worktime_morning_after(&w, 2026, 12, 1, &t), 0);
	ck_assert_str_eq(Z(t), "2026-12-02T20:30:00Z");
	ck_assert_int_eq(worktime_morning_after(&w, 2026, 2, 30, &t), -1);
}
END_TEST

START_TEST(test_weeks)
{
	time_t	 s, e;
	int	 y, wk;
	char	 buf[16];

	ck_assert_int_eq(worktime_iso_week("UTC", U("2026-11-27T12:00:00Z"), &y, &wk), 0);
	ck_assert_int_eq(y, 2026);
	ck_assert_int_eq(wk, 48);
	/* Sunday 23:30 UTC is already Monday in Kolkata: week 49 there */
	ck_assert_int_eq(worktime_week_label("UTC", U("2026-11-29T23:30:00Z"), buf,
	    sizeof(buf)), 0);
	ck_assert_str_eq(buf, "2026-W48");
	ck_assert_int_eq(worktime_week_label("Asia/Kolkata", U("2026-11-29T23:30:00Z"),
	    buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "2026-W49");
	/* ISO years differ from calendar years at the edges */
	ck_assert_int_eq(worktime_week_label("UTC", U("2027-01-01T12:00:00Z"), buf,
	    sizeof(buf)), 0);
	ck_assert_str_eq(buf, "2026-W53");
	ck_assert_int_eq(worktime_week_label("UTC", U("2024-12-30T12:00:00Z"), buf,
	    sizeof(buf)), 0);
	ck_assert_str_eq(buf, "2025-W01");
	ck_assert_int_eq(worktime_iso_weeks_in_year(2026), 53);
	ck_assert_int_eq(worktime_iso_weeks_in_year(2027), 52);

	ck_assert_int_eq(worktime_parse_week("2026-W48", &y, &wk), 0);
	ck_assert_int_eq(wk, 48);
	ck_assert_int_eq(worktime_parse_week("2026-W53", &y, &wk), 0);
	ck_assert_int_eq(worktime_parse_week("2027-W53", &y, &wk), -1);
	ck_assert_int_eq(worktime_parse_week("2026-W00", &y, &wk), -1);
	ck_assert_int_eq(worktime_parse_week("2026W48", &y, &wk), -1);
	ck_assert_int_eq(worktime_parse_week("2026-W4x", &y, &wk), -1);

	/* week bounds are local Mondays; the DST week in Berlin is 167 hours */
	ck_assert_int_eq(worktime_week_bounds("Europe/Berlin", 2026, 13, &s, &e), 0);
	ck_assert_str_eq(Z(s), "2026-03-22T23:00:00Z");
	ck_assert_str_eq(Z(e), "2026-03-29T22:00:00Z");
	ck_assert_int_eq(e - s, 167 * 3600);
	ck_assert_int_eq(worktime_week_bounds("UTC", 2027, 53, &s, &e), -1);
	/* day bounds: the Lord Howe fall-back day is 24.5 hours long */
	ck_assert_int_eq(worktime_day_bounds("Australia/Lord_Howe", 2026, 4, 5, &s, &e), 0);
	ck_assert_int_eq(e - s, 24 * 3600 + 1800);
	ck_assert_int_eq(worktime_day_bounds("Australia/Lord_Howe", 2026, 10, 4, &s, &e), 0);
	ck_assert_int_eq(e - s, 24 * 3600 - 1800);
	ck_assert_int_eq(worktime_day_bounds("UTC", 2026, 13, 1, &s, &e), -1);
}
END_TEST

START_TEST(test_format)
{
	char	 buf[128];
	time_t	 t = U("2026-12-04T09:30:00Z");

	ck_assert_int_eq(worktime_format(t, "Asia/Kolkata", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "Fri Dec 4 15:00 (Asia/Kolkata)");
	ck_assert_int_eq(worktime_format_both(t, "Asia/Kolkata", "Europe/Berlin",
	    buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "Fri Dec 4 15:00 (Asia/Kolkata) / "
	    "Fri Dec 4 10:30 (Europe/Berlin)");
	ck_assert_int_eq(worktime_format_both(t, "America/Los_Angeles",
	    "Australia/Lord_Howe", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "Fri Dec 4 01:30 (America/Los_Angeles) / "
	    "Fri Dec 4 20:30 (Australia/Lord_Howe)");
	ck_assert_int_eq(worktime_format_both(t, "UTC", "UTC", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "Fri Dec 4 09:30 (UTC)");
	ck_assert_int_eq(worktime_format(t, "Nowhere/Zone", buf, sizeof(buf)), -1);
	ck_assert_str_eq(buf, "?");
	ck_assert_int_eq(worktime_format(t, "Asia/Kolkata", buf, 10), -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("worktime");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_zone_valid);
	tcase_add_test(tc, test_days);
	tcase_add_test(tc, test_hours);
	tcase_add_test(tc, test_rrule_check);
	tcase_add_test(tc, test_rrule_next_zones);
	tcase_add_test(tc, test_rrule_next_dst);
	tcase_add_test(tc, test_rrule_anchor);
	tcase_add_test(tc, test_allowed_edges);
	tcase_add_test(tc, test_allowed_zones);
	tcase_add_test(tc, test_pauses);
	tcase_add_test(tc, test_morning_after);
	tcase_add_test(tc, test_weeks);
	tcase_add_test(tc, test_format);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	icaltimezone_free_builtin_timezones();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
