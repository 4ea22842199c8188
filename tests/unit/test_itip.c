/*
 * Unit tests for parsers/itip.c: every fixture of ../shared/corpus/itip
 * (real producers' REPLY, COUNTER, CANCEL, DECLINECOUNTER and REQUEST),
 * driven by a table keyed by file name, then hostile and edge inputs.
 * Expected instants were read off the fixtures by hand (local time and
 * zone in the file -> UTC). The .eml fixtures go through parsers/mime.c,
 * the way ingestion will hand calendars to itip_parse().
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "itip.h"
#include "caps.h"
#include "mime.h"

struct fixture {
	const char		*file;
	enum itip_method	 method;
	int			 ct_mismatch;
	const char		*uid_prefix;
	long			 sequence;
	const char		*organizer;	/* NULL: none */
	const char		*attendee;
	enum itip_partstat	 partstat;
	const char		*start;		/* UTC, NULL: absent */
	const char		*comment;	/* substring, NULL: none */
	const char		*proposed;	/* UTC, NULL: none */
	int			 recurrence_id;
};

static const struct fixture fixtures[] = {
	/* replies */
	{ "google-reply-accepted.eml", ITIP_REPLY, 0, "14ef516ad2e6ce325d5c", 0,
	  "thomas.cataldo@blue-mind.net", "tcataldo@gmail.com", ITIP_PS_ACCEPTED,
	  "2012-05-30T09:00:00Z", NULL, NULL, 0 },
	{ "google-reply-tentative.eml", ITIP_REPLY, 0, "14ef516ad2e6ce325d5c", 0,
	  "thomas.cataldo@blue-mind.net", "tcataldo@gmail.com", ITIP_PS_TENTATIVE,
	  "2012-05-30T09:00:00Z", NULL, NULL, 0 },
	{ "outlookmac-reply-accepted.eml", ITIP_REPLY, 0, "f1394aba7ca8b9474af2", 0,
	  "tom@willow.vmw", "admin@willow.vmw", ITIP_PS_ACCEPTED,
	  "2012-05-29T07:30:00Z", NULL, NULL, 0 },	/* "Sarajevo, Skopje, ..." */
	{ "outlookmac-reply-declined.eml", ITIP_REPLY, 0, "F3B82EDE-26A7-48AF", 0,
	  "admin@willow.vmw", "tom@willow.vmw", ITIP_PS_DECLINED,
	  "2012-05-27T18:30:00Z", NULL, NULL, 0 },
	{ "outlook2010-reply-accepted.eml", ITIP_REPLY, 0, "5baee2a1-9064-4356", 0,
	  NULL, "rcpt@zimbra.com", ITIP_PS_ACCEPTED,
	  "2012-04-24T23:00:00Z", NULL, NULL, 0 },	/* no ORGANIZER, COMMENT:\n */
	{ "apple-ical3-reply-accepted.eml", ITIP_REPLY, 0, "1E71F9C8-AEDA-48EB", 7,
	  "ical-living-on+d7cdf68d-8b73-4df1-ad3b-f08002fb285f@example.com",
	  "xyzzy@example.com", ITIP_PS_ACCEPTED,
	  "2008-08-12T17:00:00Z", NULL, NULL, 0 },	/* no method= on the part */
	{ "ios-reply-accepted.eml", ITIP_REPLY, 0, "b84ce20", 0,
	  "tom@willow.vmw", "admin@willow.vmw", ITIP_PS_ACCEPTED,
	  "2012-05-29T07:30:00Z", "Annotation", NULL, 0 },
	{ "ios-reply-declined.eml", ITIP_REPLY, 0, "176dfc05", 0,
	  "tom@willow.vmw", "admin@willow.vmw", ITIP_PS_DECLINED,
	  "2012-05-28T11:00:00Z", NULL, NULL, 0 },
	{ "android-reply-accepted.eml", ITIP_REPLY, 0, "6C5861338FC94376B376", 0,
	  "thomas.cataldo@blue-mind.net", "david.phan@blue-mind.net",
	  ITIP_PS_ACCEPTED, "2012-07-06T09:30:00Z", NULL, NULL, 0 },
	/* counter-proposals */
	{ "google-counter.eml", ITIP_COUNTER, 1, "36da4919-6cf5-4ce9", 0,
	  "max.mustermann@bluemind.net", "max@gmail.com", ITIP_PS_TENTATIVE,
	  "2021-01-13T18:45:00Z", NULL, "2021-01-13T18:45:00Z", 0 },
	{ "ios-counter-as-reply.ics", ITIP_REPLY, 0, "f22d978b-51cc-419d", 0,
	  "admin@bm.lan", "david@b-m.lan", ITIP_PS_TENTATIVE,
	  "2020-12-26T17:00:00Z", "Can we move this event to tomorrow at 09:30?",
	  "2020-12-25T08:30:00Z", 0 },
	{ "bluemind-declinecounter.ics", ITIP_DECLINECOUNTER, 0, "f4c55eab-e32d", 0,
	  "external@ext-domain.lan", "user1@domain.lan", ITIP_PS_NEEDS_ACTION,
	  "2022-02-13T17:00:00Z", NULL, NULL, 0 },	/* Asia/Ho_Chi_Minh */
	/* cancels */
	{ "outlookmac-cancel.eml", ITIP_CANCEL, 0, "A93D8AAF-53FE-40D1", 1,
	  "admin@willow.vmw", "tom@willow.vmw", ITIP_PS_NEEDS_ACTION,
	  "2012-05-28T13:00:00Z", NULL, NULL, 0 },
	{ "google-cancel.ics", ITIP_CANCEL, 0, "c74p2nmutcd0kt69ku7rs8vu2g", 1,
	  "inboxapptest.french@gmail.com", "inboxapptest.french@gmail.com",
	  ITIP_PS_ACCEPTED, "2015-04-01T14:00:00Z", NULL, NULL, 0 },
	{ "icloud-cancel.ics", ITIP_CANCEL, 0, "5919D444-7C99-4687", 1,
	  "invalid@example.com", "karim@nilas.com", ITIP_PS_NEEDS_ACTION,
	  "2015-03-31T02:30:00Z", NULL, NULL, 0 },
	{ "tbfixture-cancel-occurrence.eml", ITIP_CANCEL, 0, "02e79b96", 1,
	  "sender@example.com", "sender@example.com", ITIP_PS_ACCEPTED,
	  NULL, NULL, NULL, 0 },			/* DTSTART missing */
	/* requests: method, UID, zone handling */
	{ "google-request-2012.eml", ITIP_REQUEST, 0, "c77u5rfv1m7rpujcicpimfip1g", 0,
	  "tcataldo@gmail.com", "tcataldo@gmail.com", ITIP_PS_ACCEPTED,
	  "2012-05-30T09:00:00Z", NULL, NULL, 0 },
	{ "google-request-meet.eml", ITIP_REQUEST, 0, "65m17hsdolmotv3kvmrtg40ont", 0,
	  "example@gmail.com", "example@gmail.com", ITIP_PS_ACCEPTED,
	  "2021-03-22T09:30:00Z", NULL, NULL, 0 },
	{ "google-request-trimmed-2025.eml", ITIP_REQUEST, 0, "69d4c40b4a27", 0,
	  "alice@example.org", "alice@example.org", ITIP_PS_ACCEPTED,
	  "2025-02-20T18:00:00Z", NULL, NULL, 0 },
	{ "google-request-weekly.ics", ITIP_REQUEST, 0, "flg2h6nam1cb1uqetgfkslrfrc", 0,
	  "foobar@nilas.com", "foobar2@nilas.com", ITIP_PS_NEEDS_ACTION,
	  "2015-01-12T21:30:00Z", NULL, NULL, 0 },
	{ "o365-request-teams.eml", ITIP_REQUEST, 0, "040000008200E00074C5B7101A82E008", 0,
	  "tcataldo@bluedev.onmicrosoft.com", "gfritos@gmail.com",
	  ITIP_PS_NEEDS_ACTION, "2021-04-02T13:30:00Z", NULL, NULL, 0 },
	{ "outlookcom-request-2025.eml", ITIP_REQUEST, 0, "1F0BD3F6FEFC421AAA5B", 0,
	  "alice@example.org", "bob@example.org", ITIP_PS_NEEDS_ACTION,
	  "2025-02-26T07:00:00Z", NULL, NULL, 0 },	/* W. Europe Standard Time */
	{ "outlook-request-tbfixture.eml", ITIP_REQUEST, 0, "030000008200E00074C5", 0,
	  "marge@example.org", "homer@example.org", ITIP_PS_NEEDS_ACTION,
	  "2021-11-27T07:00:00Z", NULL, NULL, 0 },
	{ "exchange2007-request.eml", ITIP_REQUEST, 0, "040000008200E00074C5", 0,
	  "js.alet@e-deal.com", "edeal-r&d@e-deal.com", ITIP_PS_NEEDS_ACTION,
	  "2012-08-06T12:00:00Z", NULL, NULL, 0 },
	{ "exchange2010-request-weekly.ics", ITIP_REQUEST, 0, "040000008200E00074C5", 4,
	  "inbox.apptest2@inboxapp.onmicrosoft.com", "karim@nilas.com",
	  ITIP_PS_NEEDS_ACTION, "2015-02-20T08:30:00Z", NULL, NULL, 0 },
	{ "icloud-request.ics", ITIP_REQUEST, 0, "5919D444-7C99-4687", 0,
	  "2_addr@imip.me.com", "karim@nilas.com", ITIP_PS_NEEDS_ACTION,
	  "2015-03-31T02:30:00Z", NULL, NULL, 0 },
	{ "thunderbird-request-smime.eml", ITIP_REQUEST, 0, "431a8c17-b60a-451e", 0,
	  "toto@devenv.dev.bluemind.net", "titi@devenv.dev.bluemind.net",
	  ITIP_PS_NEEDS_ACTION, "2023-03-01T12:45:00Z", NULL, NULL, 0 },
	{ "tbfixture-request-repeat.eml", ITIP_REQUEST, 0, "02e79b96", 0,
	  "sender@example.com", "sender@example.com", ITIP_PS_ACCEPTED,
	  "2022-03-16T11:00:00Z", NULL, NULL, 0 },
	{ "tbfixture-request-exception.eml", ITIP_REQUEST, 0, "02e79b96", 2,
	  "sender@example.com", "sender@example.com", ITIP_PS_ACCEPTED,
	  "2022-03-17T05:00:00Z", NULL, NULL, 1 },
	{ "lotus-notes-request.eml", ITIP_REQUEST, 0, "354EFA3054F1F02FC1257A56003AB3AD", 0,
	  "rkidai@mairie-saint-ouen.fr", "rkidai@mairie-saint-ouen.fr",
	  ITIP_PS_ACCEPTED, "2012-08-14T09:00:00Z", NULL, NULL, 0 },	/* TZID "Romance" */
};

static char corpus[1024];

static time_t
U(const char *iso)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	ck_assert_ptr_nonnull(strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm));
	return timegm(&tm);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	buf = malloc(LIMIT_ICAL_SIZE + 1);
	ck_assert_ptr_nonnull(buf);
	*len = fread(buf, 1, LIMIT_ICAL_SIZE, f);
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

START_TEST(test_corpus)
{
	const struct fixture	*fx = &fixtures[_i];
	const struct mail_calendar *mc = NULL;
	struct mail_msg		 m;
	struct itip		 it;
	char			 path[1200], err[200];
	char			*raw;
	const char		*cal, *ct = NULL, *from = NULL;
	size_t			 len, cal_len, i;

	memset(&m, 0, sizeof(m));
	snprintf(path, sizeof(path), "%s/%s", corpus, fx->file);
	raw = slurp(path, &len);
	cal = raw;
	cal_len = len;
	if (strstr(fx->file, ".eml") != NULL) {
		ck_assert_msg(mime_parse(raw, len, NULL, &m, err, sizeof(err)) ==
		    MIME_OK, "%s: %s", fx->file, err);
		ck_assert_uint_gt(m.ncalendars, 0);
		/* the part carrying method= (the inline alternative), else the first */
		for (i = 0; i < m.ncalendars && mc == NULL; i++)
			if (m.calendars[i].method != NULL)
				mc = &m.calendars[i];
		if (mc == NULL)
			mc = &m.calendars[0];
		cal = mc->data;
		cal_len = mc->len;
		ct = mc->method;
		from = m.from.addr;
	}
	ck_assert_msg(itip_parse(cal, cal_len, ct, from, &it, err, sizeof(err)) == 0,
	    "%s: %s", fx->file, err);
	ck_assert_str_eq(itip_method_name(it.method), itip_method_name(fx->method));
	ck_assert_int_eq(it.ct_mismatch, fx->ct_mismatch);
	ck_assert_ptr_nonnull(it.uid);
	ck_assert_msg(strncmp(it.uid, fx->uid_prefix, strlen(fx->uid_prefix)) == 0,
	    "%s: uid %s", fx->file, it.uid);
	ck_assert_int_eq(it.sequence, fx->sequence);
	if (fx->organizer == NULL)
		ck_assert_ptr_null(it.organizer);
	else
		ck_assert_str_eq(it.organizer, fx->organizer);
	ck_assert_str_eq(it.attendee, fx->attendee);
	ck_assert_str_eq(itip_partstat_name(it.partstat),
	    itip_partstat_name(fx->partstat));
	if (fx->start == NULL)
		ck_assert_int_eq(it.start.set, 0);
	else {
		ck_assert_int_eq(it.start.set, 1);
		ck_assert_int_eq(it.start.floating, 0);
		ck_assert_msg(it.start.t == U(fx->start), "%s: start %lld",
		    fx->file, (long long)it.start.t);
	}
	if (fx->comment == NULL)
		ck_assert_ptr_null(it.comment);
	else
		ck_assert_msg(it.comment != NULL && strstr(it.comment,
		    fx->comment) != NULL, "%s: comment %s", fx->file,
		    it.comment ? it.comment : "(none)");
	if (fx->proposed == NULL)
		ck_assert_int_eq(it.proposed_start.set, 0);
	else {
		ck_assert_int_eq(it.proposed_start.set, 1);
		ck_assert_int_eq(it.proposed_start.t, U(fx->proposed));
		ck_assert_int_eq(it.proposed_end.set, 1);
		ck_assert_int_gt(it.proposed_end.t, it.proposed_start.t);
	}
	ck_assert_int_eq(it.recurrence_id.set, fx->recurrence_id);
	itip_free(&it);
	mail_msg_free(&m);
	free(raw);
}
END_TEST

/* ------------------------------------------------ synthetic calendars */

static int
parse(const char *ics, const char *ct, const char *from, struct itip *it,
    char *err, size_t errlen)
{
	return itip_parse(ics, strlen(ics), ct, from, it, err, errlen);
}

static int
has_defect(const struct itip *it, const char *what)
{
	size_t	 i;

	for (i = 0; i < it->ndefects; i++)
		if (strstr(it->defects[i], what) != NULL)
			return 1;
	return 0;
}

#define HEAD "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"

START_TEST(test_reply_variants)
{
	struct itip	 it;
	char		 err[200];
	const char	*ics;

	/* Nextcloud-style: X-RESPONSE-COMMENT on the attendee, RECURRENCE-ID,
	 * an empty COMMENT (Outlook writes "COMMENT:\n") */
	ics = HEAD "METHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:u1@x\r\nSEQUENCE:3\r\n"
	    "DTSTAMP:20261201T100000Z\r\n"
	    "RECURRENCE-ID;TZID=Europe/Berlin:20261204T150000\r\n"
	    "DTSTART;TZID=Europe/Berlin:20261204T150000\r\n"
	    "DURATION:PT30M\r\nCOMMENT:\\n\r\n"
	    "ORGANIZER:MAILTO:Rapport@Example.COM\r\n"
	    "ATTENDEE;PARTSTAT=DECLINED;X-RESPONSE-COMMENT=\"Sick, sorry\":"
	    "MAILTO:Anna@Example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
	ck_assert_int_eq(parse(ics, "reply", NULL, &it, err, sizeof(err)), 0);
	ck_assert_int_eq(it.method, ITIP_REPLY);
	ck_assert_int_eq(it.ct_mismatch, 0);
	ck_assert_str_eq(it.organizer, "rapport@example.com");
	ck_assert_str_eq(it.attendee, "anna@example.org");
	ck_assert_int_eq(it.partstat, ITIP_PS_DECLINED);
	ck_assert_str_eq(it.comment, "Sick, sorry");
	ck_assert_int_eq(it.sequence, 3);
	ck_assert_int_eq(it.recurrence_id.set, 1);
	ck_assert_int_eq(it.recurrence_id.t, U("2026-12-04T14:00:00Z"));
	ck_assert_int_eq(it.end.t - it.start.t, 1800);
	itip_free(&it);

	/* several attendees: the one matching From wins; COMMENT first */
	ics = HEAD "METHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:u2@x\r\n"
	    "DTSTART:20261204T150000Z\r\nCOMMENT:Will be 5 min late\r\n"
	    "X-CALENDARSERVER-PRIVATE-COMMENT:other\r\n"
	    "ATTENDEE;PARTSTAT=ACCEPTED:mailto:bob@example.com\r\n"
	    "ATTENDEE;PARTSTAT=TENTATIVE:mailto:anna@example.org\r\n"
	    "END:VEVENT\r\nEND:VCALENDAR\r\n";
	ck_assert_int_eq(parse(ics, NULL, "Anna@example.org", &it, err, sizeof(err)), 0);
	ck_assert_str_eq(it.attendee, "anna@example.org");
	ck_assert_int_eq(it.partstat, ITIP_PS_TENTATIVE);
	ck_assert_str_eq(it.comment, "Will be 5 min late");
	ck_assert_int_eq(it.nattendees, 2);
	ck_assert_ptr_null(it.organizer);
	itip_free(&it);
	/* ... without a From match: the first that answered, flagged */
	ck_assert_int_eq(parse(ics, NULL, NULL, &it, err, sizeof(err)), 0);
	ck_assert_str_eq(it.attendee, "bob@example.com");
	ck_assert(has_defect(&it, "several ATTENDEEs"));
	itip_free(&it);

	/* DELEGATED, with DELEGATED-TO */
	ics = HEAD "METHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:u3@x\r\n"
	    "DTSTART;VALUE=DATE:20261204\r\n"
	    "ATTENDEE;PARTSTAT=DELEGATED;DELEGATED-TO=\"mailto:carl@example.org\":"
	    "mailto:anna@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
	ck_assert_int_eq(parse(ics, "REPLY", NULL, &it, err, sizeof(err)), 0);
	ck_assert_int_eq(it.partstat, ITIP_PS_DELEGATED);
	ck_assert_str_eq(it.delegated_to, "carl@example.org");
	ck_assert_int_eq(it.start.is_date, 1);
	ck_assert_int_eq(it.start.t, U("2026-12-04T00:00:00Z"));
	itip_free(&it);

	/* no METHOD in the calendar: the Content-Type's, flagged */
	ics = HEAD "BEGIN:VEVENT\r\nUID:u4@x\r\nDTSTART:20261204T150000\r\n"
	    "ATTENDEE;PARTSTAT=ACCEPTED:mailto:anna@example.org\r\n"
	    "END:VEVENT\r\nEND:VCALENDAR\r\n";
	ck_assert_int_eq(parse(ics, " \"REPLY\";", NULL, &it, err, sizeof(err)), 0);
	ck_assert_int_eq(it.method, ITIP_REPLY);
	ck_assert(has_defect(&it, "no METHOD"));
	ck_assert_int_eq(it.start.floating, 1);
	ck_assert(has_defect(&it, "floating"));
	itip_free(&it);
}
END_TEST

START_TEST(test_tzids)
{
	struct itip	 it;
	char		 err[200], ics[2048];
	static const struct {
		const char	*tzid, *utc;
		int		 floating;
	} cases[] = {
		/* no VTIMEZONE in the message: IANA, vendor prefix, Windows */
		{ "Europe/Berlin", "2026-07-01T08:00:00Z", 0 },
		{ "/mozilla.org/20050126_1/Europe/Berlin", "2026-07-01T08:00:00Z", 0 },
		{ "/freeassociation.sourceforge.net/Tzfile/Asia/Kolkata",
		  "2026-07-01T04:30:00Z", 0 },
		{ "Pacific Standard Time", "2026-07-01T17:00:00Z", 0 },
		{ "\"W. Europe Standard Time\"", "2026-07-01T08:00:00Z", 0 },
		/* unknown or hostile: read as UTC and flagged, no file opened */
		{ "Mars/Olympus", "2026-07-01T10:00:00Z", 1 },
		{ "../../../../etc/passwd", "2026-07-01T10:00:00Z", 1 },
		{ "/../../../../dev/zero", "2026-07-01T10:00:00Z", 1 },
	};
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(ics, sizeof(ics), HEAD "METHOD:REPLY\r\nBEGIN:VEVENT\r\n"
		    "UID:tz@x\r\nDTSTART;TZID=%s:20260701T100000\r\n"
		    "ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@x.org\r\n"
		    "END:VEVENT\r\nEND:VCALENDAR\r\n", cases[i].tzid);
		ck_assert_int_eq(parse(ics, NULL, NULL, &it, err, sizeof(err)), 0);
		ck_assert_msg(it.start.t == U(cases[i].utc), "%s", cases[i].tzid);
		ck_assert_int_eq(it.start.floating, cases[i].floating);
		ck_assert_int_eq(has_defect(&it, "unknown TZID"), cases[i].floating);
		itip_free(&it);
	}
}
END_TEST

START_TEST(test_hostile_vtimezone)
{
	struct itip	 it;
	char		 err[200];
	clock_t		 t0 = clock();
	const char	*ics;

	/* an observance that would expand every second for years: ignored,
	 * and the TZID falls back to the IANA zone of the same name */
	ics = HEAD "METHOD:REPLY\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
	    "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
	    "RRULE:FREQ=SECONDLY\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\n"
	    "END:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:h@x\r\n"
	    "DTSTART;TZID=Europe/Berlin:20260701T100000\r\n"
	    "ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@x.org\r\n"
	    "END:VEVENT\r\nEND:VCALENDAR\r\n";
	ck_assert_int_eq(parse(ics, NULL, NULL, &it, err, sizeof(err)), 0);
	ck_assert(has_defect(&it, "VTIMEZONE too complex"));
	ck_assert_int_eq(it.start.t, U("2026-07-01T08:00:00Z"));
	itip_free(&it);
	/* a yearly rule on every day of the year is refused too */
	ics = HEAD "METHOD:REPLY\r\nBEGIN:VTIMEZONE\r\nTZID:Custom\r\n"
	    "BEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
	    "RRULE:FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYDAY=MO,TU,WE\r\n"
	    "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\n"
	    "END:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:h@x\r\n"
	    "DTSTART;TZID=Custom:20260701T100000\r\n"
	    "ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@x.org\r\n"
	    "END:VEVENT\r\nEND:VCALENDAR\r\n";
	ck_assert_int_eq(parse(ics, NULL, NULL, &it, err, sizeof(err)), 0);
	ck_assert(has_defect(&it, "VTIMEZONE too complex"));
	ck_assert_int_eq(it.start.floating, 1);
	itip_free(&it);
	ck_assert_msg((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0, "too slow");
}
END_TEST

/* A calendar nested depth deep, folded so that "BEGIN" spans two lines. */
static char *
nested(size_t depth, size_t *len)
{
	size_t	 cap = depth * 40 + 200, i;
	char	*s = malloc(cap), *p = s;

	ck_assert_ptr_nonnull(s);
	p += sprintf(p, "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\n");
	for (i = 1; i < depth; i++)
		p += sprintf(p, "BEG\r\n IN:X-A\r\n");
	for (i = 1; i < depth; i++)
		p += sprintf(p, "END:X-A\r\n");
	p += sprintf(p, "END:VCALENDAR\r\n");
	*len = (size_t)(p - s);
	return s;
}

START_TEST(test_limits)
{
	struct itip	 it;
	char		 err[200], *s;
	size_t		 len;

	s = nested(LIMIT_ICAL_DEPTH + 1, &len);
	ck_assert_int_eq(itip_parse(s, len, NULL, NULL, &it, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "calendar nested deeper than 16 levels");
	free(s);
	/* 40,000 levels (under 1 MB) would be deep recursion in libical */
	s = nested(40000, &len);
	ck_assert_uint_lt(len, LIMIT_ICAL_SIZE);
	ck_assert_int_eq(itip_parse(s, len, NULL, NULL, &it, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "calendar nested deeper than 16 levels");
	free(s);
	/* at the limit it parses (and has no VEVENT) */
	s = nested(LIMIT_ICAL_DEPTH, &len);
	ck_assert_int_eq(itip_parse(s, len, NULL, NULL, &it, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "no VEVENT in the calendar");
	free(s);

	s = malloc(LIMIT_ICAL_SIZE + 2);
	ck_assert_ptr_nonnull(s);
	memset(s, 'A', LIMIT_ICAL_SIZE + 1);
	ck_assert_int_eq(itip_parse(s, LIMIT_ICAL_SIZE + 1, NULL, NULL, &it, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "calendar larger than 1048576 bytes");
	free(s);

	ck_assert_int_eq(itip_parse("BEGIN:VCALENDAR\r\n\0END", 22, NULL, NULL,
	    &it, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "NUL byte in calendar data");
	ck_assert_int_eq(parse("Hello, this is not a calendar\r\n", NULL, NULL,
	    &it, err, sizeof(err)), -1);
	ck_assert_int_eq(parse("", NULL, NULL, &it, err, sizeof(err)), -1);
	ck_assert_int_eq(parse(HEAD "METHOD:REPLY\r\nBEGIN:VTODO\r\nUID:t\r\n"
	    "END:VTODO\r\nEND:VCALENDAR\r\n", NULL, NULL, &it, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "no VEVENT in the calendar");
	ck_assert_ptr_null(it.uid);
}
END_TEST

START_TEST(test_garbage_values)
{
	struct itip	 it;
	char		 err[200];
	const char	*ics;

	/* invalid UTF-8 and control characters in texts, absurd dates, a
	 * mailto without an address, a negative SEQUENCE */
	ics = HEAD "METHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:g\x01@x\xff\r\n"
	    "SEQUENCE:-4\r\nDTSTART:99991231T250000Z\r\n"
	    "SUMMARY:ok \xc3\x28 \xe2\x82\xac\r\n"
	    "ORGANIZER:mailto:\r\n"
	    "ATTENDEE;PARTSTAT=BOGUS:mailto:a@x.org\r\n"
	    "END:VEVENT\r\nEND:VCALENDAR\r\n";
	ck_assert_int_eq(parse(ics, "REQUEST", NULL, &it, err, sizeof(err)), 0);
	ck_assert_str_eq(it.uid, "g@x");
	ck_assert_int_eq(it.sequence, 0);
	ck_assert_int_eq(it.start.set, 0);
	ck_assert_str_eq(it.summary, "ok ( €");
	ck_assert_ptr_null(it.organizer);
	ck_assert_int_eq(it.ct_mismatch, 1);
	ck_assert_int_eq(it.partstat, ITIP_PS_OTHER);
	ck_assert(has_defect(&it, "negative SEQUENCE"));
	ck_assert(has_defect(&it, "date-time out of range"));
	ck_assert(has_defect(&it, "not an e-mail address"));
	itip_free(&it);
}
END_TEST

int
main(void)
{
	Suite		*s = suite_create("itip");
	TCase		*tc = tcase_create("core");
	TCase		*tcc;
	SRunner		*sr;
	const char	*top = getenv("top_srcdir");
	FILE		*f;
	int		 failed;

	snprintf(corpus, sizeof(corpus), "%s/../shared/corpus/itip",
	    top != NULL ? top : ".");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_reply_variants);
	tcase_add_test(tc, test_tzids);
	tcase_add_test(tc, test_hostile_vtimezone);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_garbage_values);
	suite_add_tcase(s, tc);
	if ((f = fopen(corpus, "r")) != NULL) {
		fclose(f);
		tcc = tcase_create("corpus");
		tcase_add_loop_test(tcc, test_corpus, 0,
		    (int)(sizeof(fixtures) / sizeof(fixtures[0])));
		suite_add_tcase(s, tcc);
	} else
		fprintf(stderr, "test_itip: %s absent, corpus tests skipped\n", corpus);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	icaltimezone_free_builtin_timezones();
	if (failed == 0 && f == NULL)
		return 77;
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
