/*
 * itip_gen: write the invites rapport generates, for the iTIP validator
 * (tests/integration/itip_validate.sh).
 *
 *	itip_gen DIR
 *	itip_gen		(no DIR: build every case, write nothing; exit 1
 *				if one fails)
 *
 * For each case it writes DIR/NAME.ics (the calendar as invite_build()
 * makes it), DIR/NAME.eml (that calendar in a minimal iMIP message:
 * multipart/mixed > multipart/alternative(text/plain, text/html,
 * text/calendar; method=...) + invite.ics) and a line "NAME START END" (unix
 * times) in DIR/MANIFEST, so the script can check the instants ical.js reads
 * through our VTIMEZONE. The MIME here is a test stand-in: the real message
 * comes from agent/compose.c and is validated separately.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "invite.h"
#include "worktime.h"

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 in 76-column lines (line_len 0: one line, for encoded words). */
static void
put_base64(FILE *f, const unsigned char *s, size_t n, int line_len)
{
	size_t	 i;
	int	 col = 0;
	unsigned v;

	for (i = 0; i < n; i += 3) {
		v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		fputc(b64[v >> 18 & 63], f);
		fputc(b64[v >> 12 & 63], f);
		fputc(i + 1 < n ? b64[v >> 6 & 63] : '=', f);
		fputc(i + 2 < n ? b64[v & 63] : '=', f);
		if (line_len > 0 && (col += 4) >= line_len) {
			fputs("\r\n", f);
			col = 0;
		}
	}
	if (line_len > 0 && col > 0)
		fputs("\r\n", f);
}

struct gcase {
	const char		*name;
	enum invite_method	 method;
	long			 seq;
	const char		*tz;
	const char		*dtstamp, *start;
	int			 minutes;
	int			 sent_by;	/* organizer = manager, SENT-BY agent */
	int			 monthly;
};

static const char agenda_weekly[] =
    "Weekly 1:1 — agenda built from this week's check-in\n"
    "\n"
    "To celebrate:\n"
    "- Shipped the invoice export; closed 12 tickets, 3 ahead of plan\n"
    "- Praise from the client: « très réactive, merci ! »\n"
    "Blockers:\n"
    "- Waiting on API keys from the client (since Tuesday)\n"
    "Overdue tasks:\n"
    "- #12 Migrate the mailing list (due Nov 28): \"waiting on client\"\n"
    "Mood trend: 4, 3, 4 (1–5)\n"
    "Anything you need from me: a decision on the Q1 budget, ideally before "
    "the planning meeting on Thursday so that the team can commit to dates\n"
    "Open goals: NPS ≥ 60 (now 54); first-response time < 4h (now 3h40)\n";

static const char agenda_monthly[] =
    "Monthly performance review — prep questions\n"
    "1. Goals and their progress: which one moved most, which one stalled?\n"
    "2. Missed deadlines this month (#7 Jörg's onboarding doc, #12 list "
    "migration): what got in the way, and what would prevent it next time?\n"
    "3. Feedback exchanged: 2 kudos given, 1 constructive note; anything "
    "left unsaid?\n"
    "4. Your survey answers: clarity 4/5, support 3/5, workload 4/5 — "
    "what would move support to a 5?\n"
    "Zeilen mit Umlauten und Emoji 🎯📈 prüfen die Faltung nach 75 Oktetten "
    "über Zeichengrenzen hinweg: äöüßÄÖÜ ŒœŸ ąęłńśźż 你好世界 こんにちは\n";

static const struct gcase cases[] = {
	{ "weekly-berlin-dst", INVITE_REQUEST, 0, "Europe/Berlin",
	  "2026-03-20T08:00:00Z", "2026-04-01T13:30:00Z", 30, 0, 0 },
	{ "weekly-la-dst", INVITE_REQUEST, 0, "America/Los_Angeles",
	  "2026-03-02T17:00:00Z", "2026-03-13T17:00:00Z", 30, 0, 0 },
	{ "weekly-lordhowe-dst", INVITE_REQUEST, 0, "Australia/Lord_Howe",
	  "2026-09-28T00:00:00Z", "2026-10-05T23:00:00Z", 30, 0, 0 },
	{ "weekly-kolkata", INVITE_REQUEST, 0, "Asia/Kolkata",
	  "2026-11-27T06:00:00Z", "2026-12-04T09:30:00Z", 30, 0, 0 },
	{ "weekly-utc", INVITE_REQUEST, 0, "UTC",
	  "2026-11-27T06:00:00Z", "2026-12-04T09:30:00Z", 30, 0, 0 },
	{ "weekly-sentby", INVITE_REQUEST, 0, "Europe/Berlin",
	  "2026-11-27T06:00:00Z", "2026-12-04T09:30:00Z", 30, 1, 0 },
	{ "monthly-review", INVITE_REQUEST, 0, "America/Los_Angeles",
	  "2026-10-20T16:00:00Z", "2026-11-03T18:00:00Z", 60, 0, 1 },
	{ "weekly-reschedule", INVITE_REQUEST, 1, "Europe/Berlin",
	  "2026-10-20T08:00:00Z", "2026-10-27T14:00:00Z", 30, 0, 0 },
	{ "weekly-cancel", INVITE_CANCEL, 2, "Europe/Berlin",
	  "2026-10-21T08:00:00Z", "2026-10-27T14:00:00Z", 30, 0, 0 },
};

static time_t
iso(const char *s)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	if (strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		abort();
	return timegm(&tm);
}

static void
write_eml(FILE *f, const struct gcase *c, const struct invite *iv,
    const char *ics, size_t len)
{
	static const char subj[] = "Invitation: Weekly 1:1 — Anna / Bob";
	const char	*method = invite_method_name(iv->method);
	char		 date[64], when[128];
	struct tm	 tm;

	gmtime_r(&iv->dtstamp, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	worktime_format(iv->start, iv->tz, when, sizeof(when));
	fprintf(f, "From: rapport for Bob <rapport@example.com>\r\n"
	    "To: Anna Example <anna@example.org>, Bob Manager <bob@example.com>\r\n"
	    "Subject: =?UTF-8?B?");
	put_base64(f, (const unsigned char *)subj, strlen(subj), 0);
	fprintf(f, "?=\r\nDate: %s\r\nMessage-ID: <%s.%s@example.com>\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=\"=_m\"\r\n\r\n"
	    "--=_m\r\nContent-Type: multipart/alternative; boundary=\"=_a\"\r\n\r\n"
	    "--=_a\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n"
	    "Content-Transfer-Encoding: 7bit\r\n\r\n"
	    "Weekly 1:1, %s.\r\n\r\n"
	    "--=_a\r\nContent-Type: text/html; charset=\"UTF-8\"\r\n"
	    "Content-Transfer-Encoding: 7bit\r\n\r\n"
	    "<p>Weekly 1:1, %s.</p>\r\n\r\n"
	    "--=_a\r\nContent-Type: text/calendar; charset=\"UTF-8\"; method=%s\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n",
	    date, c->name, method, when, when, method);
	put_base64(f, (const unsigned char *)ics, len, 76);
	fprintf(f, "\r\n--=_a--\r\n\r\n"
	    "--=_m\r\nContent-Type: application/ics; name=\"invite.ics\"\r\n"
	    "Content-Disposition: attachment; filename=\"invite.ics\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n");
	put_base64(f, (const unsigned char *)ics, len, 76);
	fprintf(f, "\r\n--=_m--\r\n");
}

static int
gen(const char *dir, const struct gcase *c, FILE *manifest)
{
	static const struct invite_party att[] = {
		{ "Anna Müller-Lüdenscheidt", "anna@example.org" },
		{ "Bob Manager", "bob@example.com" },
	};
	struct invite	 iv;
	char		 path[1024], uid[128], err[160], *ics;
	size_t		 len;
	FILE		*f;

	memset(&iv, 0, sizeof(iv));
	invite_uid(uid, sizeof(uid), c->monthly ? INVITE_MONTHLY : INVITE_WEEKLY,
	    17, 2026, c->monthly ? 11 : 13, "example.com");
	iv.method = c->method;
	iv.uid = uid;
	iv.sequence = c->seq;
	iv.dtstamp = iso(c->dtstamp);
	iv.start = iso(c->start);
	iv.end = iv.start + c->minutes * 60;
	iv.tz = c->tz;
	iv.attendees = att;
	iv.nattendees = 2;
	iv.organizer.name = "rapport for Bob";
	iv.organizer.addr = "rapport@example.com";
	if (c->sent_by) {
		iv.organizer.name = "Bob Manager";
		iv.organizer.addr = "bob@example.com";
		iv.sent_by = "rapport@example.com";
		iv.nattendees = 1;
	}
	iv.summary = c->monthly ? "Monthly review — Anna Müller-Lüdenscheidt" :
	    "Weekly 1:1 — Anna / Bob";
	iv.description = c->monthly ? agenda_monthly : agenda_weekly;
	if (invite_build(&iv, &ics, &len, err, sizeof(err)) == -1) {
		fprintf(stderr, "itip_gen: %s: %s\n", c->name, err);
		return -1;
	}
	if (dir == NULL) {
		free(ics);
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%s.ics", dir, c->name);
	if ((f = fopen(path, "wb")) == NULL)
		goto fail;
	fwrite(ics, 1, len, f);
	if (fclose(f) != 0)
		goto fail;
	snprintf(path, sizeof(path), "%s/%s.eml", dir, c->name);
	if ((f = fopen(path, "wb")) == NULL)
		goto fail;
	write_eml(f, c, &iv, ics, len);
	if (fclose(f) != 0)
		goto fail;
	fprintf(manifest, "%s %lld %lld\n", c->name, (long long)iv.start,
	    (long long)iv.end);
	free(ics);
	return 0;
fail:
	perror(path);
	free(ics);
	return -1;
}

int
main(int argc, char **argv)
{
	char	 path[1024];
	FILE	*manifest = NULL;
	size_t	 i;
	int	 rc = 0;

	if (argc > 2) {
		fprintf(stderr, "usage: itip_gen [DIR]\n");
		return 64;
	}
	if (argc == 2) {
		snprintf(path, sizeof(path), "%s/MANIFEST", argv[1]);
		if ((manifest = fopen(path, "w")) == NULL) {
			perror(path);
			return 73;
		}
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (gen(argc == 2 ? argv[1] : NULL, &cases[i], manifest) == -1)
			rc = 1;
	if (manifest != NULL && fclose(manifest) != 0)
		rc = 1;
	icaltimezone_free_builtin_timezones();
	return rc;
}
