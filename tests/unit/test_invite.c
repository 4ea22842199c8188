/* Unit tests for agent/invite.c. The VTIMEZONEs we write are checked by
 * reading them back with libical's own VTIMEZONE expansion (independent of
 * the transition scan that wrote them); tests/integration/itip_validate.sh
 * does the same with ical.js and the iTIP validator. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "invite.h"
#include "worktime.h"

static time_t
U(const char *iso)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	ck_assert_ptr_nonnull(strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm));
	return timegm(&tm);
}

static const struct invite_party people[] = {
	{ "Anna Müller-Lüdenscheidt, \"Ann\"", "anna@example.org" },
	{ "Bob Manager", "bob@example.com" },
};

static struct invite
base_invite(const char *tz, time_t start, int minutes)
{
	struct invite	 iv;

	memset(&iv, 0, sizeof(iv));
	iv.method = INVITE_REQUEST;
	iv.uid = "rapport-1on1-17-2026-W13@example.com";
	iv.dtstamp = U("2026-02-25T06:13:20Z");
	iv.start = start;
	iv.end = start + minutes * 60;
	iv.tz = tz;
	iv.organizer.name = "rapport for Bob";
	iv.organizer.addr = "rapport@example.com";
	iv.attendees = people;
	iv.nattendees = 2;
	iv.summary = "Weekly 1:1 — Anna / Bob";
	iv.description = "Agenda:\n- Wins: shipped\n- Blockers: none";
	return iv;
}

static char *
build(const struct invite *iv)
{
	char	*ics, err[160];
	size_t	 len;

	ck_assert_msg(invite_build(iv, &ics, &len, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(strlen(ics), len);
	return ics;
}

static icalcomponent *
first_event(icalcomponent *cal)
{
	icalcomponent	*ev;

	ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	ck_assert_ptr_nonnull(ev);
	return ev;
}

/* DTSTART or DTEND as an instant, through the calendar's own VTIMEZONE. */
static time_t
instant(icalcomponent *cal, icalproperty_kind kind)
{
	icalproperty	*p;
	icalparameter	*tzp;
	icaltimezone	*z;

	p = icalcomponent_get_first_property(first_event(cal), kind);
	ck_assert_ptr_nonnull(p);
	tzp = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	if (tzp == NULL)
		return icaltime_as_timet_with_zone(icalvalue_get_datetime(
		    icalproperty_get_value(p)), icaltimezone_get_utc_timezone());
	z = icalcomponent_get_timezone(cal, icalparameter_get_tzid(tzp));
	ck_assert_ptr_nonnull(z);
	return icaltime_as_timet_with_zone(icalvalue_get_datetime(
	    icalproperty_get_value(p)), z);
}

/* The content lines of ics, unfolded (a static buffer). */
static const char *
unfold(const char *ics)
{
	static char	 buf[65536];
	size_t		 i, j = 0;

	for (i = 0; ics[i] != '\0' && j < sizeof(buf) - 1; i++) {
		if (ics[i] == '\r' && ics[i + 1] == '\n' && ics[i + 2] == ' ') {
			i += 2;
			continue;
		}
		buf[j++] = ics[i];
	}
	buf[j] = '\0';
	return buf;
}

/* Physical lines: CRLF, <= 75 octets, folds never split UTF-8. */
static void
check_lines(const char *ics)
{
	const char	*p = ics, *e;

	while (*p != '\0') {
		e = strstr(p, "\r\n");
		ck_assert_ptr_nonnull(e);
		ck_assert_msg(e - p <= 75, "line of %d octets: %.40s", (int)(e - p), p);
		ck_assert_ptr_null(memchr(p, '\n', (size_t)(e - p)));
		ck_assert_ptr_null(memchr(p, '\r', (size_t)(e - p)));
		if (*p == ' ')
			ck_assert_msg(((unsigned char)p[1] & 0xc0) != 0x80,
			    "fold inside a UTF-8 sequence: %.20s", p);
		p = e + 2;
	}
}

START_TEST(test_addr_and_uid)
{
	char	 buf[96];

	ck_assert_int_eq(invite_addr_ok("anna@example.org"), 1);
	ck_assert_int_eq(invite_addr_ok("a.b+tag@sub.example.org"), 1);
	ck_assert_int_eq(invite_addr_ok("Anna <anna@example.org>"), 0);
	ck_assert_int_eq(invite_addr_ok("anna example@x.org"), 0);
	ck_assert_int_eq(invite_addr_ok("anna@@x.org"), 0);
	ck_assert_int_eq(invite_addr_ok("a@b@c"), 0);
	ck_assert_int_eq(invite_addr_ok("anna@x.org\r\nBcc: x"), 0);
	ck_assert_int_eq(invite_addr_ok("a?subject=x@x.org"), 0);
	ck_assert_int_eq(invite_addr_ok("@x.org"), 0);
	ck_assert_int_eq(invite_addr_ok("anna@"), 0);
	ck_assert_int_eq(invite_addr_ok("jörg@x.org"), 0);

	ck_assert_int_eq(invite_uid(buf, sizeof(buf), INVITE_WEEKLY, 17, 2026, 48,
	    "example.com"), 0);
	ck_assert_str_eq(buf, "rapport-1on1-17-2026-W48@example.com");
	ck_assert_int_eq(invite_uid(buf, sizeof(buf), INVITE_MONTHLY, 17, 2026, 12,
	    "example.com"), 0);
	ck_assert_str_eq(buf, "rapport-review-17-2026-12@example.com");
	ck_assert_int_eq(invite_uid(buf, sizeof(buf), INVITE_MONTHLY, 17, 2026, 13,
	    "example.com"), -1);
	ck_assert_int_eq(invite_uid(buf, sizeof(buf), INVITE_WEEKLY, 17, 2026, 48,
	    "exa mple.com"), -1);
	ck_assert_int_eq(invite_uid(buf, 10, INVITE_WEEKLY, 17, 2026, 48,
	    "example.com"), -1);
}
END_TEST

START_TEST(test_request_shape)
{
	struct invite	 iv = base_invite("Europe/Berlin", U("2026-03-27T14:00:00Z"), 30);
	icalcomponent	*cal, *ev;
	icalproperty	*p;
	icalparameter	*q;
	char		*ics;
	int		 n = 0;

	ics = build(&iv);
	check_lines(ics);
	ck_assert_ptr_nonnull(strstr(ics, "BEGIN:VCALENDAR\r\nPRODID:-//rapport//"));
	ck_assert_ptr_nonnull(strstr(ics, "\r\nVERSION:2.0\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "\r\nMETHOD:REQUEST\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "\r\nTZID:Europe/Berlin\r\n"));
	ck_assert_ptr_nonnull(strstr(ics,
	    "\r\nDTSTART;TZID=Europe/Berlin:20260327T150000\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "\r\nDTSTAMP:20260225T061320Z\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "\r\nSEQUENCE:0\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "\r\nSTATUS:CONFIRMED\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "\r\nTRANSP:OPAQUE\r\n"));
	ck_assert_ptr_nonnull(strstr(ics,
	    "\r\nORGANIZER;CN=rapport for Bob:mailto:rapport@example.com\r\n"));
	ck_assert_ptr_null(strstr(ics, "freeassociation"));
	ck_assert_ptr_null(strstr(ics, "SENT-BY"));

	cal = icalparser_parse_string(ics);
	ck_assert_ptr_nonnull(cal);
	ev = first_event(cal);
	ck_assert_str_eq(icalcomponent_get_uid(ev), iv.uid);
	ck_assert_int_eq(instant(cal, ICAL_DTSTART_PROPERTY), iv.start);
	ck_assert_int_eq(instant(cal, ICAL_DTEND_PROPERTY), iv.end);
	for (p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
	    p != NULL; p = icalcomponent_get_next_property(ev, ICAL_ATTENDEE_PROPERTY)) {
		ck_assert_str_eq(icalproperty_get_attendee(p) + 7, people[n].addr);
		q = icalproperty_get_first_parameter(p, ICAL_PARTSTAT_PARAMETER);
		ck_assert_int_eq(icalparameter_get_partstat(q), ICAL_PARTSTAT_NEEDSACTION);
		q = icalproperty_get_first_parameter(p, ICAL_RSVP_PARAMETER);
		ck_assert_int_eq(icalparameter_get_rsvp(q), ICAL_RSVP_TRUE);
		q = icalproperty_get_first_parameter(p, ICAL_ROLE_PARAMETER);
		ck_assert_int_eq(icalparameter_get_role(q), ICAL_ROLE_REQPARTICIPANT);
		q = icalproperty_get_first_parameter(p, ICAL_CUTYPE_PARAMETER);
		ck_assert_int_eq(icalparameter_get_cutype(q), ICAL_CUTYPE_INDIVIDUAL);
		q = icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER);
		ck_assert_ptr_nonnull(q);
		n++;
	}
	ck_assert_int_eq(n, 2);
	/* '"' in a name becomes '\'' (RFC 6868's ^' is not widely decoded) */
	ck_assert_ptr_nonnull(strstr(unfold(ics),
	    "CN=\"Anna Müller-Lüdenscheidt, 'Ann'\":mailto:anna@example.org\r\n"));
	icalcomponent_free(cal);
	free(ics);
}
END_TEST

START_TEST(test_zones_roundtrip)
{
	static const char *const zones[] = { "Asia/Kolkata", "America/Los_Angeles",
	    "Australia/Lord_Howe", "Europe/Berlin", "UTC", "America/Sao_Paulo",
	    "Africa/Casablanca", "Pacific/Chatham", "America/St_Johns" };
	static const char *const dates[] = { "2026-01-15T10:00:00Z",
	    "2026-03-08T10:00:00Z", "2026-03-29T00:30:00Z", "2026-04-04T15:00:00Z",
	    "2026-04-05T16:00:00Z", "2026-07-01T12:15:00Z", "2026-10-03T15:30:00Z",
	    "2026-10-25T01:00:00Z", "2026-11-01T09:00:00Z", "2026-12-31T23:45:00Z",
	    "2019-11-03T12:00:00Z" };
	icalcomponent	*cal;
	struct invite	 iv;
	char		*ics;
	size_t		 i, j;

	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		for (j = 0; j < sizeof(dates) / sizeof(dates[0]); j++) {
			iv = base_invite(zones[i], U(dates[j]), 60);
			ics = build(&iv);
			check_lines(ics);
			cal = icalparser_parse_string(ics);
			ck_assert_ptr_nonnull(cal);
			ck_assert_msg(instant(cal, ICAL_DTSTART_PROPERTY) == iv.start,
			    "%s %s DTSTART", zones[i], dates[j]);
			ck_assert_msg(instant(cal, ICAL_DTEND_PROPERTY) == iv.end,
			    "%s %s DTEND", zones[i], dates[j]);
			icalcomponent_free(cal);
			free(ics);
		}
	}
}
END_TEST

START_TEST(test_vtimezone_shapes)
{
	struct invite	 iv;
	char		*ics;

	/* two yearly rules, "last Sunday" rather than "4th Sunday" */
	iv = base_invite("Europe/Berlin", U("2026-03-27T14:00:00Z"), 30);
	ics = build(&iv);
	ck_assert_ptr_nonnull(strstr(ics, "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"));
	free(ics);
	/* Lord Howe: +10:30 <-> +11 on the first Sundays of April and October */
	iv = base_invite("Australia/Lord_Howe", U("2026-10-05T00:00:00Z"), 30);
	ics = build(&iv);
	ck_assert_ptr_nonnull(strstr(ics, "TZOFFSETFROM:+1030\r\nTZOFFSETTO:+1100\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10\r\n"));
	free(ics);
	/* no DST: one observance */
	iv = base_invite("Asia/Kolkata", U("2026-12-04T09:30:00Z"), 30);
	ics = build(&iv);
	ck_assert_ptr_nonnull(strstr(ics, "BEGIN:STANDARD\r\nTZNAME:IST\r\n"
	    "TZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\nDTSTART:19700101T000000\r\n"
	    "END:STANDARD\r\nEND:VTIMEZONE\r\n"));
	ck_assert_ptr_null(strstr(ics, "RRULE"));
	free(ics);
	/* UTC: no VTIMEZONE, Z times */
	iv = base_invite("UTC", U("2026-12-04T09:30:00Z"), 30);
	ics = build(&iv);
	ck_assert_ptr_null(strstr(ics, "VTIMEZONE"));
	ck_assert_ptr_nonnull(strstr(ics, "\r\nDTSTART:20261204T093000Z\r\n"));
	free(ics);
	/* Sao Paulo dropped DST in 2019: dated observances around late 2018 */
	iv = base_invite("America/Sao_Paulo", U("2018-12-03T12:00:00Z"), 30);
	ics = build(&iv);
	ck_assert_ptr_null(strstr(ics, "RRULE"));
	ck_assert_ptr_nonnull(strstr(ics, "DTSTART:20190217T000000\r\n"));
	free(ics);
}
END_TEST

START_TEST(test_text_and_folding)
{
	struct invite	 iv = base_invite("Asia/Kolkata", U("2026-12-04T09:30:00Z"), 30);
	icalcomponent	*cal;
	char		*ics, desc[3000];
	const char	*got;
	size_t		 i;

	/* 4-byte characters, 3-byte, 2-byte and escapes, long enough to fold
	 * at every possible offset */
	strcpy(desc, "Agenda; wins, blockers\\ \"quotes\"\n");
	for (i = 0; i < 40; i++)
		strcat(desc, i % 3 == 0 ? "🎉ä" : i % 3 == 1 ? "—x" : "ü, ");
	strcat(desc, "\r\nend\ttab\x01\x7f");
	iv.description = desc;
	iv.summary = "Réunion 1:1\r\nsecond line";
	ics = build(&iv);
	check_lines(ics);
	cal = icalparser_parse_string(ics);
	ck_assert_ptr_nonnull(cal);
	got = icalcomponent_get_description(first_event(cal));
	ck_assert_ptr_nonnull(strstr(got, "Agenda; wins, blockers\\ \"quotes\"\n🎉ä—xü, 🎉ä"));
	ck_assert_ptr_nonnull(strstr(got, "🎉ä\nend\ttab"));
	ck_assert_ptr_null(strchr(got, '\x01'));
	ck_assert_ptr_null(strchr(got, '\x7f'));
	ck_assert_str_eq(icalcomponent_get_summary(first_event(cal)),
	    "Réunion 1:1 second line");
	icalcomponent_free(cal);
	free(ics);
}
END_TEST

START_TEST(test_cancel_and_sent_by)
{
	struct invite	 iv = base_invite("America/Los_Angeles",
			    U("2026-03-13T22:00:00Z"), 30);
	char		*ics;

	iv.method = INVITE_CANCEL;
	iv.sequence = 2;
	iv.organizer.name = "Bob Manager";
	iv.organizer.addr = "bob@example.com";
	iv.sent_by = "rapport@example.com";
	iv.attendees = people;
	iv.nattendees = 1;
	ics = build(&iv);
	ck_assert_str_eq(invite_method_name(iv.method), "CANCEL");
	ck_assert_ptr_nonnull(strstr(ics, "\r\nMETHOD:CANCEL\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "\r\nSTATUS:CANCELLED\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "\r\nSEQUENCE:2\r\n"));
	ck_assert_ptr_null(strstr(ics, "RSVP"));
	ck_assert_ptr_nonnull(strstr(unfold(ics), "ORGANIZER;CN=Bob Manager;SENT-BY=\"mailto:"
	    "rapport@example.com\":mailto:bob@example.com\r\n"));
	free(ics);
}
END_TEST

START_TEST(test_bad_input)
{
	struct invite	 iv;
	struct invite_party bad = { "X", "not an address" };
	char		*ics, err[160];
	size_t		 len;

#define BAD(msg) do {							\
	ck_assert_int_eq(invite_build(&iv, &ics, &len, err, sizeof(err)), -1); \
	ck_assert_ptr_null(ics);					\
	ck_assert_str_eq(err, msg);					\
} while (0)
	iv = base_invite("Europe/Berlin", U("2026-03-27T14:00:00Z"), 30);
	iv.summary = "bad \xc3\x28 utf8";
	BAD("summary is not valid UTF-8");
	iv = base_invite("Europe/Berlin", U("2026-03-27T14:00:00Z"), 30);
	iv.description = "overlong \xc0\xaf slash";
	BAD("description is not valid UTF-8");
	iv = base_invite("Europe/Berlin", U("2026-03-27T14:00:00Z"), 0);
	BAD("bad meeting times");
	iv = base_invite("Mars/Base", U("2026-03-27T14:00:00Z"), 30);
	BAD("unknown time zone 'Mars/Base'");
	iv = base_invite("Europe/Berlin", U("2026-03-27T14:00:00Z"), 30);
	iv.attendees = &bad;
	iv.nattendees = 1;
	BAD("bad attendee address");
	iv = base_invite("Europe/Berlin", U("2026-03-27T14:00:00Z"), 30);
	iv.nattendees = 0;
	BAD("need 1 to 16 attendees");
	iv = base_invite("Europe/Berlin", U("2026-03-27T14:00:00Z"), 30);
	iv.uid = "uid with spaces";
	BAD("bad UID");
	iv = base_invite("Europe/Berlin", U("2026-03-27T14:00:00Z"), 30);
	iv.organizer.addr = "Bob <bob@example.com>";
	BAD("bad organizer address");
	iv = base_invite("Europe/Berlin", U("2026-03-27T14:00:00Z"), 30);
	iv.summary = "\r\n";
	BAD("empty summary");
#undef BAD
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
slot(const struct worktime *p, const struct worktime *m, int wday, int min,
    int dur, const char *week)
{
	static char	 buf[96];
	time_t		 from, to, t;
	int		 y, w;

	ck_assert_int_eq(worktime_parse_week(week, &y, &w), 0);
	ck_assert_int_eq(worktime_week_bounds(p->tz, y, w, &from, &to), 0);
	if (invite_find_slot(p, m, wday, min, dur, from, to, &t) != 0)
		return "none";
	ck_assert_int_eq(worktime_format(t, p->tz, buf, sizeof(buf)), 0);
	return buf;
}

START_TEST(test_slots)
{
	struct worktime	 in = wt("Asia/Kolkata", WT_MONFRI, 10 * 60, 18 * 60);
	struct worktime	 de = wt("Europe/Berlin", WT_MONFRI, 9 * 60, 17 * 60);
	struct worktime	 la = wt("America/Los_Angeles", WT_MONFRI, 9 * 60, 17 * 60);
	struct worktime	 ny = wt("America/New_York", WT_MONFRI, 9 * 60, 17 * 60);
	struct wt_pause	 pause = { 0, 0 };
	time_t		 t;

	/* Kolkata 10-18 and Berlin 9-17 overlap 13:30-18:00 IST */
	ck_assert_str_eq(slot(&in, &de, -1, -1, 30, "2026-W49"),
	    "Mon Nov 30 13:30 (Asia/Kolkata)");
	/* the preferred day and time */
	ck_assert_str_eq(slot(&in, &de, 3, 15 * 60, 30, "2026-W49"),
	    "Wed Dec 2 15:00 (Asia/Kolkata)");
	/* preferred time outside the overlap: earliest on the preferred day */
	ck_assert_str_eq(slot(&in, &de, 3, 9 * 60, 30, "2026-W49"),
	    "Wed Dec 2 13:30 (Asia/Kolkata)");
	/* preferred day off: the preferred time on another day */
	ck_assert_str_eq(slot(&in, &de, 6, 16 * 60, 30, "2026-W49"),
	    "Mon Nov 30 16:00 (Asia/Kolkata)");
	/* a 30-minute meeting may end exactly at 18:00, not later */
	ck_assert_str_eq(slot(&in, &de, 1, 17 * 60 + 30, 30, "2026-W49"),
	    "Mon Nov 30 17:30 (Asia/Kolkata)");
	ck_assert_str_eq(slot(&in, &de, 1, 17 * 60 + 45, 30, "2026-W49"),
	    "Mon Nov 30 13:30 (Asia/Kolkata)");
	/* no overlap at all */
	ck_assert_str_eq(slot(&in, &la, -1, -1, 30, "2026-W49"), "none");
	/* the manager is away Monday: Tuesday */
	pause.from = U("2026-11-30T00:00:00Z");
	pause.to = U("2026-12-01T00:00:00Z");
	de.pauses = &pause;
	de.npauses = 1;
	ck_assert_str_eq(slot(&in, &de, -1, -1, 30, "2026-W49"),
	    "Tue Dec 1 13:30 (Asia/Kolkata)");
	de.npauses = 0;
	/* New York and Berlin, 60 minutes: 15:00-17:00 Berlin in winter, and
	 * 14:00 while the US is already on summer time (2026-W12) */
	ck_assert_str_eq(slot(&de, &ny, -1, -1, 60, "2026-W49"),
	    "Mon Nov 30 15:00 (Europe/Berlin)");
	ck_assert_str_eq(slot(&de, &ny, -1, -1, 60, "2026-W12"),
	    "Mon Mar 16 14:00 (Europe/Berlin)");
	ck_assert_str_eq(slot(&de, &ny, 5, 16 * 60, 60, "2026-W12"),
	    "Fri Mar 20 16:00 (Europe/Berlin)");
	/* invalid arguments */
	ck_assert_int_eq(invite_find_slot(&in, &de, -1, -1, 30, 100, 50, &t), -1);
	ck_assert_int_eq(invite_find_slot(&in, &de, 7, -1, 30, U("2026-11-30T00:00:00Z"),
	    U("2026-12-07T00:00:00Z"), &t), -1);
	ck_assert_int_eq(invite_find_slot(&in, &de, -1, -1, 30, U("2026-01-01T00:00:00Z"),
	    U("2026-12-07T00:00:00Z"), &t), -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("invite");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_addr_and_uid);
	tcase_add_test(tc, test_request_shape);
	tcase_add_test(tc, test_zones_roundtrip);
	tcase_add_test(tc, test_vtimezone_shapes);
	tcase_add_test(tc, test_text_and_folding);
	tcase_add_test(tc, test_cancel_and_sent_by);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_slots);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	icaltimezone_free_builtin_timezones();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
