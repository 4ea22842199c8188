/*
 * Unit tests for agent/digest.c, digest_mail.c and report.c: week labels,
 * quotes, every "needs attention" rule (one case that triggers it and one
 * that must not), what is celebrated, time-zone edges, an empty week, a new
 * person, every per-person section of the rendered digest, the report's
 * formats, and the scheduled send.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "digest.h"
#include "fixture.h"
#include "jsonp.h"
#include "people.h"
#include "report.h"
#include "schedule.h"
#include "seed.h"
#include "util.h"
#include "validate.h"

static char		 dir[] = "/tmp/rapport-test-digest.XXXXXX";
static struct db	*db;
static struct config	*cfg;

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	fixture_open(dir, "[agent]\ndatabase = @DIR@/r.db\n[manager]\nname = Maria Rossi\n"
	    "email = maria@example.com\ntz = Europe/Rome\n[smtp]\nfrom = rapport@example.com\n", &cfg, &db);
}

static void
teardown(void)
{
	db_close(db);
	config_free(cfg);
	fixture_remove(dir, "/tmp/rapport-test-digest.XXXXXX");
}

/* --- helpers: rows as the recorders leave them */

static int64_t
t_at(const char *tz, const char *date, int hh, int mm)
{
	return (int64_t)zone_instant(tz, date, hh * 60 + mm);
}

static int64_t
mk_person(const char *name, const char *tz, const char *created)
{
	char email[64];

	snprintf(email, sizeof(email), "%.20s@example.com", name);
	ck_assert_int_eq(db_run(db, "INSERT INTO people (name, email, tz, days, day_start, day_end, created_at) "
	    "VALUES (?, ?, ?, 62, 540, 1020, ?)", "ttti", name, email, tz, t_at(tz, created, 9, 0)), 0);
	return db_last_id(db);
}

/* A check-in for period, sent Friday 15:00 of that week; answered_at 0: not answered. */
static int64_t
mk_checkin(int64_t pid, const char *period, int64_t sent, int64_t answered)
{
	ck_assert_int_eq(db_run(db, "INSERT INTO checkins (person_id, period, due_at, sent_at, answered_at, "
	    "status) VALUES (?, ?, ?, ?, ?, ?)", "itiiot", pid, period, sent, sent,
	    answered > 0 ? answered : (int64_t)-1, answered > 0 ? "answered" : "sent"), 0);
	return db_last_id(db);
}

static void
mk_answer(int64_t cid, const char *key, const char *text, double num)
{
	if (isnan(num))
		ck_assert_int_eq(db_run(db, "INSERT INTO answers (checkin_id, key, text, at, source) "
		    "VALUES (?, ?, ?, 1, 'reply')", "itt", cid, key, text), 0);
	else
		ck_assert_int_eq(db_run(db, "INSERT INTO answers (checkin_id, key, text, num, at, source) "
		    "VALUES (?, ?, ?, ?, 1, 'reply')", "ittd", cid, key, text, num), 0);
}

/* Weekly answered check-ins with these moods, for the weeks ending with `last`. */
static void
mk_moods(int64_t pid, const char *tz, const char *last, const double *mood, int n)
{
	char	period[16], date[16];
	int	i, y, w;
	time_t	s, e;
	int64_t	cid;

	for (i = 0; i < n; i++) {
		ck_assert_int_eq(digest_week_add(last, i - (n - 1), period, sizeof(period)), 0);
		ck_assert_int_eq(worktime_parse_week(period, &y, &w), 0);
		ck_assert_int_eq(worktime_week_bounds(tz, y, w, &s, &e), 0);
		zone_date(tz, s + 4 * 86400 + 43200, date, sizeof(date));	/* Friday */
		cid = mk_checkin(pid, period, t_at(tz, date, 15, 0), t_at(tz, date, 16, 0));
		if (!isnan(mood[i]))
			mk_answer(cid, "mood", NULL, mood[i]);
	}
}

static int64_t
mk_task(int64_t pid, const char *text, const char *due, int64_t created, int64_t done_at)
{
	ck_assert_int_eq(db_run(db, "INSERT INTO tasks (person_id, text, due, status, created_at, done_at) "
	    "VALUES (?, ?, ?, ?, ?, ?)", "itttio", pid, text, due, done_at > 0 ? "done" : "open", created,
	    done_at > 0 ? done_at : (int64_t)-1), 0);
	return db_last_id(db);
}

static void
mk_missed(int64_t tid, const char *old_due, int64_t when)
{
	ck_assert_int_eq(db_run(db, "INSERT INTO task_history (task_id, at, kind, old_due, source) "
	    "VALUES (?, ?, 'missed', ?, 'schedule')", "iit", tid, when, old_due), 0);
}

static int64_t
mk_review(int64_t pid, int64_t start, int64_t created)
{
	static int n;
	char uid[32];

	snprintf(uid, sizeof(uid), "r%d@example.com", ++n);
	ck_assert_int_eq(db_run(db, "INSERT INTO reviews (person_id, kind, period, uid, start_at, end_at, tz, "
	    "created_at, updated_at) VALUES (?, 'weekly', ?, ?, ?, ?, 'UTC', ?, ?)", "ittiiii", pid, uid,
	    uid, start, start + 1800, created, created), 0);
	return db_last_id(db);
}

/* An answer from the person (as review.c stores it: their address), or from another attendee. */
static void
mk_rsvp_from(int64_t rid, const char *attendee, const char *partstat, const char *comment, int64_t when,
    const char *status)
{
	ck_assert_int_eq(db_run(db, "INSERT INTO rsvps (review_id, attendee, method, partstat, comment, at, "
	    "status) VALUES (?1, coalesce(?2, (SELECT p.email FROM reviews r JOIN people p ON "
	    "p.id = r.person_id WHERE r.id = ?1)), 'REPLY', ?3, ?4, ?5, ?6)", "ittti" "t", rid, attendee,
	    partstat, comment, when, status), 0);
}

static void
mk_rsvp(int64_t rid, const char *partstat, const char *comment, int64_t when)
{
	mk_rsvp_from(rid, NULL, partstat, comment, when, "current");
}

static void
mk_outbox(int64_t pid, const char *state, const char *error, int64_t when)
{
	static int n;
	char mid[32];

	snprintf(mid, sizeof(mid), "o%d@example.com", ++n);
	ck_assert_int_eq(db_run(db, "INSERT INTO outbox (kind, person_id, message_id, mail_from, rcpts, subject, "
	    "bytes, state, next_attempt, last_error, created_at) VALUES ('checkin', ?, ?, 'a@example.com', "
	    "'p@example.com', 'Check-in', x'00', ?, ?, ?, ?)", "ittiti", pid, mid, state, when, error, when), 0);
}

static void
mk_message(int64_t pid, const char *state, const char *from, int64_t when)
{
	static int n;
	char mid[32];

	snprintf(mid, sizeof(mid), "m%d@example.com", ++n);
	ck_assert_int_eq(db_run(db, "INSERT INTO messages (source, uidvalidity, uid, message_id, size, "
	    "received_at, state, from_addr, person_id) VALUES ('INBOX', 1, ?, ?, 1, ?, ?, ?, ?)",
	    "ititto", (int64_t)n, mid, when, state, from, pid), 0);
}

static struct digest *
build(const char *week)
{
	struct digest	*d;
	char		 why[256];

	ck_assert_msg(digest_build(db, cfg, week, t_at("Europe/Rome", "2026-12-01", 9, 0), &d, why,
	    sizeof(why)) == 0, "%s", why);
	return d;
}

static const struct dg_person *
find(const struct digest *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->npeople; i++)
		if (strcmp(d->people[i].name, name) == 0)
			return &d->people[i];
	return NULL;
}

/* The rules that hold for name in the digest's week. */
static unsigned
rules(const struct digest *d, const char *name)
{
	const struct dg_person *p = find(d, name);

	ck_assert_ptr_nonnull(p);
	return p->weeks[DG_TREND_WEEKS - 1].attention;
}

static const struct dg_note *
note(const struct dg_note *v, size_t n, const char *person, const char *needle)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].person, person) == 0 && strstr(v[i].text, needle) != NULL)
			return &v[i];
	return NULL;
}

static char *
render(const struct digest *d, char **html)
{
	char	*subject, *text, err[256];

	ck_assert_msg(digest_render(d, cfg, &subject, &text, html, err, sizeof(err)) == 0, "%s", err);
	free(subject);
	return text;
}

#define ROME	"Europe/Rome"
#define W48	"2026-W48"

/* --- weeks and quotes */

START_TEST(test_week_labels)
{
	char b[16];

	ck_assert_int_eq(digest_week_add(W48, 1, b, sizeof(b)), 0);
	ck_assert_str_eq(b, "2026-W49");
	ck_assert_int_eq(digest_week_add("2026-W53", 1, b, sizeof(b)), 0);	/* 2026 has 53 weeks */
	ck_assert_str_eq(b, "2027-W01");
	ck_assert_int_eq(digest_week_add("2027-W01", -1, b, sizeof(b)), 0);
	ck_assert_str_eq(b, "2026-W53");
	ck_assert_int_eq(digest_week_add("2026-W01", -1, b, sizeof(b)), 0);
	ck_assert_str_eq(b, "2025-W52");
	ck_assert_int_eq(digest_week_add(W48, -52, b, sizeof(b)), 0);
	ck_assert_str_eq(b, "2025-W48");
	ck_assert_int_eq(digest_week_add("2026-W54", 1, b, sizeof(b)), -1);
	ck_assert_int_eq(digest_week_add("last week", 1, b, sizeof(b)), -1);
	/* Sun Nov 29 13:30 UTC: already Monday in Sydney, still Sunday in Rome */
	ck_assert_int_eq(digest_prev_week("Australia/Sydney", 1795959000, b, sizeof(b)), 0);
	ck_assert_str_eq(b, W48);
	ck_assert_int_eq(digest_prev_week(ROME, 1795959000, b, sizeof(b)), 0);
	ck_assert_str_eq(b, "2026-W47");
}
END_TEST

START_TEST(test_quote)
{
	char *q;

	q = digest_quote("  \n Shipped it.\n\n", 100);
	ck_assert_str_eq(q, "Shipped it.");
	free(q);
	/* cut at a word boundary, with an ellipsis, never rewritten */
	q = digest_quote("The client changed the scope again on Wednesday", 30);
	ck_assert_str_eq(q, "The client changed the scope\xe2\x80\xa6");
	free(q);
	/* never inside a UTF-8 sequence, even without blanks */
	q = digest_quote("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 5);
	ck_assert_str_eq(q, "\xc3\xa9\xc3\xa9\xe2\x80\xa6");
	free(q);
	q = digest_quote(NULL, 10);
	ck_assert_str_eq(q, "");
	free(q);
}
END_TEST

/* --- needs attention: each rule fires, and a near miss does not */

START_TEST(test_silent)
{
	struct digest	*d;
	int64_t		 ann = mk_person("Ann", ROME, "2026-10-01"), bo = mk_person("Bo", ROME, "2026-10-01");

	mk_checkin(ann, "2026-W46", t_at(ROME, "2026-11-13", 15, 0), t_at(ROME, "2026-11-13", 16, 0));
	mk_checkin(ann, "2026-W47", t_at(ROME, "2026-11-20", 15, 0), 0);
	mk_checkin(ann, W48, t_at(ROME, "2026-11-27", 15, 0), 0);
	mk_checkin(bo, "2026-W47", t_at(ROME, "2026-11-20", 15, 0), t_at(ROME, "2026-11-20", 17, 0));
	mk_checkin(bo, W48, t_at(ROME, "2026-11-27", 15, 0), 0);
	d = build(W48);
	ck_assert_uint_eq(rules(d, "Ann"), DG_SILENT);
	ck_assert_ptr_nonnull(note(d->attention, d->nattention, "Ann",
	    "no check-in answered two weeks in a row (last answer Fri Nov 13)"));
	ck_assert_uint_eq(rules(d, "Bo") & DG_SILENT, 0);	/* one unanswered is not silence */
	digest_free(d);
}
END_TEST

START_TEST(test_mood)
{
	static const double	 drop[] = { 4, 5, 4, 5, 2 }, dip[] = { 4, 5, 4, 5, 3 }, edge[] = { 4, NAN, 4, 2 };
	struct digest		*d;

	mk_moods(mk_person("Ann", ROME, "2026-09-01"), ROME, W48, drop, 5);
	mk_moods(mk_person("Bo", ROME, "2026-09-01"), ROME, W48, dip, 5);
	mk_moods(mk_person("Cy", ROME, "2026-09-01"), ROME, W48, edge, 4);
	mk_moods(mk_person("Di", ROME, "2026-11-20"), ROME, W48, drop + 4, 1);	/* 2, and no history */
	d = build(W48);
	ck_assert_uint_eq(rules(d, "Ann"), DG_MOOD);
	ck_assert_ptr_nonnull(note(d->attention, d->nattention, "Ann", "mood 2/5, down from an average of 4.5"));
	ck_assert_uint_eq(rules(d, "Bo"), 0);		/* 1.5 down */
	ck_assert_uint_eq(rules(d, "Cy"), DG_MOOD);	/* exactly 2 down; the week without a mood is skipped */
	ck_assert_uint_eq(rules(d, "Di"), 0);
	digest_free(d);
}
END_TEST

START_TEST(test_missed)
{
	struct digest	*d;
	int64_t		 ann = mk_person("Ann", ROME, "2026-09-01"), bo = mk_person("Bo", ROME, "2026-09-01");
	int64_t		 cy = mk_person("Cy", ROME, "2026-09-01"), t;

	t = mk_task(ann, "Q4 report", "2026-11-11", 1, 0);
	mk_missed(t, "2026-11-11", t_at(ROME, "2026-11-12", 9, 0));
	t = mk_task(ann, "Invoices", "2026-11-25", 1, 0);
	mk_missed(t, "2026-11-25", t_at(ROME, "2026-11-26", 9, 0));
	t = mk_task(bo, "Old one", "2026-10-19", 1, 0);		/* 38 days apart */
	mk_missed(t, "2026-10-19", t_at(ROME, "2026-10-20", 9, 0));
	t = mk_task(bo, "Invoices", "2026-11-25", 1, 0);
	mk_missed(t, "2026-11-25", t_at(ROME, "2026-11-26", 9, 0));
	t = mk_task(cy, "Invoices", "2026-11-25", 1, 0);		/* one miss */
	mk_missed(t, "2026-11-25", t_at(ROME, "2026-11-26", 9, 0));
	d = build(W48);
	ck_assert_uint_eq(rules(d, "Ann"), DG_MISSED);
	ck_assert_ptr_nonnull(note(d->attention, d->nattention, "Ann", "Q4 report (due Wed Nov 11), #2 Invoices"));
	ck_assert_uint_eq(rules(d, "Bo"), 0);
	ck_assert_uint_eq(rules(d, "Cy"), 0);
	ck_assert_int_eq(find(d, "Ann")->weeks[DG_TREND_WEEKS - 1].missed, 1);
	digest_free(d);
	d = build("2026-W46");		/* the first miss alone */
	ck_assert_uint_eq(rules(d, "Ann"), 0);
	digest_free(d);
}
END_TEST

START_TEST(test_concern)
{
	struct digest	*d;
	int64_t		 ann = mk_person("Ann", ROME, "2026-09-01"), bo = mk_person("Bo", ROME, "2026-09-01"), c;

	c = mk_checkin(ann, W48, t_at(ROME, "2026-11-27", 15, 0), t_at(ROME, "2026-11-27", 16, 0));
	mk_answer(c, "wins", "Shipped it", NAN);
	mk_answer(c, "concern", "I feel the team is ignoring my requests", NAN);
	c = mk_checkin(bo, "2026-W47", t_at(ROME, "2026-11-20", 15, 0), t_at(ROME, "2026-11-20", 16, 0));
	mk_answer(c, "concern", "last week's worry", NAN);
	c = mk_checkin(bo, W48, t_at(ROME, "2026-11-27", 15, 0), t_at(ROME, "2026-11-27", 16, 0));
	mk_answer(c, "wins", "All good, the conflict is solved", NAN);	/* words alone are the parser's job */
	d = build(W48);
	ck_assert_uint_eq(rules(d, "Ann"), DG_CONCERN);
	ck_assert_str_eq(note(d->attention, d->nattention, "Ann", "words of concern")->quote,
	    "I feel the team is ignoring my requests");
	ck_assert_uint_eq(rules(d, "Bo"), 0);
	digest_free(d);
}
END_TEST

START_TEST(test_review)
{
	struct digest	*d;
	const char	*tz = ROME;
	int64_t		 r;

	r = mk_review(mk_person("Ann", tz, "2026-09-01"), t_at(tz, "2026-12-03", 10, 0), t_at(tz, "2026-11-27", 9, 0));
	mk_rsvp(r, "DECLINED", "I am off that day", t_at(tz, "2026-11-27", 12, 0));
	r = mk_review(mk_person("Bo", tz, "2026-09-01"), t_at(tz, "2026-12-03", 10, 0), t_at(tz, "2026-11-25", 9, 0));
	r = mk_review(mk_person("Cy", tz, "2026-09-01"), t_at(tz, "2026-12-03", 10, 0), t_at(tz, "2026-11-25", 9, 0));
	mk_rsvp(r, "ACCEPTED", NULL, t_at(tz, "2026-11-25", 12, 0));
	r = mk_review(mk_person("Di", tz, "2026-09-01"), t_at(tz, "2026-12-03", 10, 0), t_at(tz, "2026-11-29", 9, 0));
	r = mk_review(mk_person("Ed", tz, "2026-09-01"), t_at(tz, "2026-12-03", 10, 0), t_at(tz, "2026-11-25", 9, 0));
	mk_rsvp(r, "DECLINED", NULL, t_at(tz, "2026-11-25", 12, 0));
	mk_rsvp(r, "ACCEPTED", NULL, t_at(tz, "2026-11-26", 12, 0));	/* changed their mind */
	r = mk_review(mk_person("Flo", tz, "2026-09-01"), t_at(tz, "2026-12-03", 10, 0), t_at(tz, "2026-11-25", 9, 0));
	mk_rsvp(r, "ACCEPTED", NULL, t_at(tz, "2026-11-25", 12, 0));
	mk_rsvp_from(r, "maria@example.com", "DECLINED", NULL, t_at(tz, "2026-11-26", 12, 0), "current");
	r = mk_review(mk_person("Gus", tz, "2026-09-01"), t_at(tz, "2026-12-03", 10, 0), t_at(tz, "2026-11-25", 9, 0));
	mk_rsvp_from(r, NULL, "DECLINED", NULL, t_at(tz, "2026-11-25", 12, 0), "superseded");	/* rescheduled since */
	mk_rsvp(r, "ACCEPTED", NULL, t_at(tz, "2026-11-25", 11, 0));
	d = build(W48);
	ck_assert_uint_eq(rules(d, "Ann"), DG_REVIEW);
	ck_assert_str_eq(note(d->attention, d->nattention, "Ann", "declined the 1:1 on Thu Dec 3 10:00")->quote,
	    "I am off that day");
	ck_assert_uint_eq(rules(d, "Bo"), DG_REVIEW);
	ck_assert_ptr_nonnull(note(d->attention, d->nattention, "Bo", "has not answered the invite"));
	ck_assert_uint_eq(rules(d, "Cy"), 0);
	ck_assert_uint_eq(rules(d, "Di"), 0);		/* sent less than 48 hours before the week ended */
	ck_assert_uint_eq(rules(d, "Ed"), 0);
	ck_assert_str_eq(find(d, "Ed")->review_rsvp, "accepted");
	ck_assert_uint_eq(rules(d, "Flo"), 0);		/* the manager's own decline is not hers */
	ck_assert_uint_eq(rules(d, "Gus"), 0);		/* a decline made moot by a reschedule */
	ck_assert_str_eq(find(d, "Ann")->review_rsvp, "declined");
	ck_assert_str_eq(find(d, "Bo")->review_rsvp, "no answer yet");
	digest_free(d);
}
END_TEST

START_TEST(test_bounce)
{
	struct digest	*d;
	int64_t		 ann = mk_person("Ann", ROME, "2026-09-01"), bo = mk_person("Bo", ROME, "2026-09-01");
	int64_t		 cy = mk_person("Cy", ROME, "2026-09-01");

	mk_outbox(ann, "sent", NULL, t_at(ROME, "2026-11-20", 15, 0));
	mk_outbox(ann, "failed", "bounced: ann@example.com 5.1.1 user unknown", t_at(ROME, "2026-11-27", 15, 0));
	mk_outbox(bo, "failed", "bounced: bo@example.com 5.2.2 mailbox full", t_at(ROME, "2026-11-20", 15, 0));
	mk_outbox(bo, "sent", NULL, t_at(ROME, "2026-11-27", 15, 0));	/* fixed since */
	mk_outbox(cy, "failed", "550 5.7.1 relaying denied", t_at(ROME, "2026-11-26", 15, 0));
	d = build(W48);
	ck_assert_uint_eq(rules(d, "Ann"), DG_BOUNCE);
	ck_assert_ptr_nonnull(note(d->attention, d->nattention, "Ann",
	    "email to p@example.com bounced (ann@example.com 5.1.1 user unknown)"));
	ck_assert_uint_eq(rules(d, "Bo"), 0);
	ck_assert_uint_eq(rules(d, "Cy"), DG_BOUNCE);
	ck_assert_ptr_nonnull(note(d->attention, d->nattention, "Cy", "could not be delivered (550 5.7.1"));
	ck_assert_uint_eq(d->nfailures, 2);	/* the failed emails of the week, listed */
	digest_free(d);
	d = build("2026-W47");
	ck_assert_uint_eq(rules(d, "Bo"), DG_BOUNCE);
	ck_assert_uint_eq(rules(d, "Ann"), 0);
	digest_free(d);
}
END_TEST

START_TEST(test_inbox)
{
	struct digest	*d;
	int64_t		 ann = mk_person("Ann", ROME, "2026-09-01"), bo = mk_person("Bo", ROME, "2026-09-01");

	mk_message(ann, "quarantined", "ann@example.com", t_at(ROME, "2026-11-25", 9, 0));
	mk_message(ann, "failed", "ann@example.com", t_at(ROME, "2026-11-26", 9, 0));
	mk_message(bo, "recorded", "bo@example.com", t_at(ROME, "2026-11-25", 9, 0));
	mk_message(bo, "quarantined", "bo@example.com", t_at(ROME, "2026-11-10", 9, 0));	/* W46 */
	mk_message(-1, "quarantined", "spam@example.net", t_at(ROME, "2026-11-24", 9, 0));
	d = build(W48);
	ck_assert_uint_eq(rules(d, "Ann"), DG_INBOX);
	ck_assert_ptr_nonnull(note(d->attention, d->nattention, "Ann", "2 messages from them could not be read"));
	ck_assert_uint_eq(rules(d, "Bo"), 0);
	ck_assert_ptr_nonnull(note(d->attention, d->nattention, "Inbox",
	    "1 message quarantined (from spam@example.net)"));
	digest_free(d);
}
END_TEST

/* --- to celebrate */

START_TEST(test_celebrate)
{
	static const double	 moods[8] = { 4, 4, 4, 4, 4, 4, 4, 4 };
	struct digest		*d;
	const struct dg_note	*n;
	int64_t			 ann = mk_person("Ann Lee", ROME, "2026-09-01"), bo = mk_person("Bo", ROME, "2026-09-01");

	mk_moods(ann, ROME, W48, moods, 8);		/* 8 in a row: a milestone */
	mk_moods(bo, ROME, W48, moods, 7);		/* 7: not one */
	ck_assert_int_eq(db_run(db, "INSERT INTO goals (person_id, text, metric, target, current, status, "
	    "created_at, done_at) VALUES (?, 'Inbox under 20', 'emails', 20, 18, 'done', 1, ?)", "ii", ann,
	    t_at(ROME, "2026-11-26", 12, 0)), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO goals (person_id, text, metric, target, current, status, "
	    "created_at, done_at) VALUES (?, 'Old goal', 'x', 1, 1, 'done', 1, ?)", "ii", bo,
	    t_at(ROME, "2026-11-16", 12, 0)), 0);	/* reached the week before */
	mk_task(ann, "Q4 report", "2026-11-27", 1, t_at(ROME, "2026-11-25", 12, 0));	/* 2 days early */
	mk_task(bo, "Invoices", "2026-11-24", 1, t_at(ROME, "2026-11-26", 12, 0));	/* 2 days late */
	ck_assert_int_eq(db_run(db, "INSERT INTO feedback (person_id, direction, kind, text, at) VALUES "
	    "(?, 'to_person', 'kudos', 'Great launch!', ?), (?, 'to_person', 'constructive', 'Be on time', ?)",
	    "iiii", ann, t_at(ROME, "2026-11-24", 10, 0), bo, t_at(ROME, "2026-11-24", 10, 0)), 0);
	d = build(W48);
	n = note(d->celebrate, d->ncelebrate, "Ann Lee", "reached the goal \xe2\x80\x9cInbox under 20\xe2\x80\x9d (18 / 20 emails)");
	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(n->hint, "kudos Ann: Congratulations on reaching \xe2\x80\x9cInbox under 20\xe2\x80\x9d!");
	n = note(d->celebrate, d->ncelebrate, "Ann Lee", "finished #1 Q4 report (2 days early)");
	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(n->hint, "kudos Ann: Thank you for finishing \xe2\x80\x9cQ4 report\xe2\x80\x9d early!");
	ck_assert_ptr_nonnull(note(d->celebrate, d->ncelebrate, "Ann Lee", "answered 8 check-ins in a row"));
	n = note(d->celebrate, d->ncelebrate, "Ann Lee", "received kudos from you");
	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(n->quote, "Great launch!");
	ck_assert_int_eq(find(d, "Ann Lee")->streak, 8);
	ck_assert_int_eq(find(d, "Bo")->streak, 7);
	/* nothing for Bo: late, not a milestone, not praise, goal reached another week */
	ck_assert_ptr_null(note(d->celebrate, d->ncelebrate, "Bo", ""));
	ck_assert_str_eq(find(d, "Bo")->tasks[0].state, "done Thu Nov 26, 2 days late");
	digest_free(d);
}
END_TEST

/* --- time zones: each person's week is their own */

START_TEST(test_sydney_sunday_night)
{
	struct digest		*d;
	const struct dg_person	*p;
	const char		*syd = "Australia/Sydney", *la = "America/Los_Angeles";
	int64_t			 chloe = mk_person("Chloe", syd, "2026-09-01"), ben = mk_person("Ben", la, "2026-09-01");

	/* answered Sunday 23:40 in Sydney: 13:40 in Rome, the same Sunday */
	mk_checkin(chloe, W48, t_at(syd, "2026-11-27", 15, 0), t_at(syd, "2026-11-29", 23, 40));
	/* done 00:30 Monday in Sydney: still Sunday W48 in Rome and UTC, but Chloe's W49 */
	mk_task(chloe, "Portal", "2026-12-04", 1, t_at(syd, "2026-11-30", 0, 30));
	/* done 22:00 Sunday in Los Angeles: Monday W49 in Rome and UTC, but Ben's W48 */
	mk_task(ben, "CRM", "2026-11-30", 1, t_at(la, "2026-11-29", 22, 0));
	d = build(W48);
	p = find(d, "Chloe");
	ck_assert_int_eq(p->weeks[DG_TREND_WEEKS - 1].checkin, DG_ANSWERED);
	ck_assert_str_eq(p->status, "answered Sun Nov 29 23:40 (Australia/Sydney) / Sun Nov 29 13:40 (Europe/Rome)");
	ck_assert_int_eq(p->weeks[DG_TREND_WEEKS - 1].tasks_done, 0);
	ck_assert_int_eq(find(d, "Ben")->weeks[DG_TREND_WEEKS - 1].tasks_done, 1);
	ck_assert_int_eq(find(d, "Ben")->n_on_time, 1);
	digest_free(d);
	d = build("2026-W49");
	ck_assert_int_eq(find(d, "Chloe")->weeks[DG_TREND_WEEKS - 1].tasks_done, 1);
	ck_assert_int_eq(find(d, "Ben")->weeks[DG_TREND_WEEKS - 1].tasks_done, 0);
	digest_free(d);
}
END_TEST

/* --- empty weeks and new people */

START_TEST(test_empty_week)
{
	struct digest	*d;
	char		*text, *html;

	d = build(W48);				/* nobody at all */
	ck_assert_uint_eq(d->npeople, 0);
	text = render(d, &html);
	ck_assert_ptr_nonnull(strstr(text, "Your digest for 2026-W48 (Nov 23 \xe2\x80\x93 Nov 29). No one to report on"));
	ck_assert_ptr_null(strstr(text, "NEEDS ATTENTION"));
	ck_assert_ptr_nonnull(strstr(html, "No one to report on"));
	free(text);
	free(html);
	digest_free(d);
	mk_person("Ann", ROME, "2026-01-05");	/* someone, with a quiet week */
	d = build(W48);
	ck_assert_uint_eq(d->npeople, 1);
	ck_assert_uint_eq(d->nattention + d->ncelebrate, 0);
	ck_assert_str_eq(d->people[0].status, "no check-in this week");
	text = render(d, &html);
	ck_assert_ptr_nonnull(strstr(text, "0 of 1 person answered the\ncheck-in."));
	ck_assert_ptr_nonnull(strstr(text, "Nothing needs your attention this week."));
	ck_assert_ptr_null(strstr(text, "Hours"));
	free(text);
	free(html);
	digest_free(d);
}
END_TEST

START_TEST(test_new_person)
{
	struct digest	*d;
	char		*text, *html;
	int64_t		 dev = mk_person("Dev", "Asia/Kolkata", "2026-11-25");

	mk_person("Later", ROME, "2026-12-02");		/* joined after the week: not in it */
	mk_task(dev, "Read the handbook", "2026-12-04", 1, 0);
	d = build(W48);
	ck_assert_uint_eq(d->npeople, 1);
	ck_assert(d->people[0].is_new);
	ck_assert_str_eq(d->people[0].status, "new this week: no check-in yet");
	ck_assert_uint_eq(d->nattention, 0);
	text = render(d, &html);
	ck_assert_ptr_nonnull(strstr(text, "New: no earlier weeks to compare with yet."));
	ck_assert_ptr_nonnull(strstr(text, "#1 Read the handbook \xe2\x80\x94 due Fri Dec 4"));
	ck_assert_ptr_null(strstr(text, "Mood"));	/* no trend without data */
	ck_assert_ptr_null(strstr(html, "MOOD"));
	free(text);
	free(html);
	digest_free(d);
}
END_TEST

/* --- every section of the rendered digest, on the demo week */

static void
has(const char *hay, const char *needle)
{
	ck_assert_msg(strstr(hay, needle) != NULL, "'%s' is not in the digest", needle);
}

START_TEST(test_sections)
{
	struct digest	*d;
	char		*text, *html, *subject, err[256];

	ck_assert_int_eq(seed_demo(db), 0);
	d = build(W48);
	ck_assert_int_eq(digest_render(d, cfg, &subject, &text, &html, err, sizeof(err)), 0);
	ck_assert_str_eq(subject, "Weekly digest 2026-W48: 7 need attention, 6 to celebrate");
	/* the summary, then the two lists */
	has(html, "2 of 4 people answered the check-in \xc2\xb7 2 tasks done \xc2\xb7 2 overdue.");
	has(text, "Your digest for 2026-W48 (Nov 23 \xe2\x80\x93 Nov 29). 2 of 4 people answered the\ncheck-in");
	ck_assert_ptr_nonnull(strstr(text, "NEEDS ATTENTION"));
	ck_assert(strstr(text, "NEEDS ATTENTION") < strstr(text, "TO CELEBRATE"));
	ck_assert(strstr(text, "TO CELEBRATE") < strstr(text, "Anna Lee (Asia/Manila)"));
	has(text, "      \xe2\x86\x92 kudos Anna: Congratulations on reaching \xe2\x80\x9cInbox under 20\xe2\x80\x9d!");
	/* answered, and when, in both zones */
	has(text, "answered Fri Nov 27 16:02 (Asia/Manila) / Fri Nov 27 09:02 (Europe/Rome)");
	has(text, "no answer yet to the check-in sent Fri Nov 27");
	/* the person's own words, as written */
	has(text, "  Wins this week\n    Closed the Q4 vendor review and sent the summary to finance.\n"
	    "    Inbox is down to 18 from 140 at the start of the month.\n");
	has(text, "  Plan for next week\n    Finish the holiday schedule");
	has(text, "  Needs from you\n    Could you approve the travel budget by Wednesday?");
	/* hours and mood with 8 weeks of trend */
	has(text, "  Hours   38      ");
	has(text, "8 weeks: 36 38 40 37 39 41 38 38");
	has(text, "  Mood    2/5     ");
	has(text, "8 weeks: 4 5 4 5 4 5 4 2");
	has(text, "8 weeks: 32 30 34 31 33 32 \xe2\x80\x93 \xe2\x80\x93");	/* Ben's silent weeks */
	/* tasks done, due, overdue, with reasons and new dates */
	has(text, "  Tasks: 1 done \xc2\xb7 1 due next week");
	has(text, "\xe2\x9c\x93 #1 Prepare the Q4 vendor report \xe2\x80\x94 done Thu Nov 26, 1 day early");
	has(text, "! #3 Clean up the CRM duplicates \xe2\x80\x94 overdue: was due Fri Nov 20");
	has(text, "\xe2\x80\x9cwaiting on the export from sales\xe2\x80\x9d");
	has(text, "#5 Migrate the client portal content \xe2\x80\x94 new date Fri Dec 11 (was\n        Fri Nov 27)");
	/* goals toward their target */
	has(text, "\xe2\x9c\x93 Inbox under 20: 18 / 20 emails in inbox, reached this week");
	has(text, "\xc2\xb7 Document our recurring processes: 4 / 10 processes (40%)");
	/* feedback both ways */
	has(text, "You \xe2\x86\x92 Anna (praise, Tue Nov 24): \xe2\x80\x9cThank you for turning");
	has(text, "Anna \xe2\x86\x92 you (reply, Wed Nov 25): \xe2\x80\x9cThanks!");
	/* the next review and its answer; the monthly survey */
	has(text, "  Next 1:1: accepted\n    Thu Dec 3 10:00 (Asia/Manila) / Thu Dec 3 03:00 (Europe/Rome)");
	has(text, "  Next 1:1: declined\n    Fri Dec 4 09:00 (Australia/Sydney)");
	has(text, "  Survey, November: clarity 4/5 (was 3) \xc2\xb7 support 5/5 \xc2\xb7 workload 3/5\n"
	    "    \xe2\x80\x9cMore notice on urgent requests would help.\xe2\x80\x9d");
	has(text, "EMAILS THAT COULD NOT BE SENT");
	/* lines fit a terminal, except unbreakable words */
	{
		const char *l = text, *e;
		for (; (e = strchr(l, '\n')) != NULL; l = e + 1) {
			int cols = 0;
			for (const char *c = l; c < e; c++)
				cols += ((unsigned char)*c & 0xc0) != 0x80;
			ck_assert_msg(cols <= 80, "line too long: %.*s", (int)(e - l), l);
		}
	}
	/* the HTML: inline styles and tables only */
	has(html, "bgcolor=\"#0969da\"");		/* this week's hours bar */
	has(html, "bgcolor=\"#e16f24\"");		/* Chloe's mood 2 */
	has(html, "title=\"W48: mood 2/5\"");
	has(html, "width=\"180\"");			/* a task bar that is all one colour */
	ck_assert_ptr_null(strstr(html, "<script"));
	ck_assert_ptr_null(strstr(html, "<style"));
	ck_assert_ptr_null(strstr(html, "<img"));
	ck_assert_ptr_null(strstr(html, "<link"));
	ck_assert_ptr_null(strstr(html, "url("));
	ck_assert_ptr_null(strstr(html, "@import"));
	ck_assert_ptr_null(strstr(html, "{{"));
	ck_assert_ptr_nonnull(strstr(html, "Chlo\xc3\xa9 Martin"));
	free(subject);
	free(text);
	free(html);
	digest_free(d);
}
END_TEST

/* Quotes come from the reply text by their offsets when the answer has no text of its own. */
START_TEST(test_quote_by_offsets)
{
	struct digest	*d;
	int64_t		 ann = mk_person("Ann", ROME, "2026-09-01"), c, m;

	ck_assert_int_eq(db_run(db, "INSERT INTO messages (source, message_id, size, received_at, state, "
	    "reply_text, person_id) VALUES ('INBOX', 'x@y', 1, 1, 'recorded', "
	    "'1. Wins: closed the books\n2. Blockers: none', ?)", "i", ann), 0);
	m = db_last_id(db);
	c = mk_checkin(ann, W48, t_at(ROME, "2026-11-27", 15, 0), t_at(ROME, "2026-11-27", 16, 0));
	ck_assert_int_eq(db_run(db, "INSERT INTO answers (checkin_id, key, src_start, src_end, message_id, at, "
	    "source) VALUES (?, 'wins', 9, 25, ?, 1, 'reply')", "ii", c, m), 0);
	d = build(W48);
	ck_assert_uint_eq(d->people[0].nanswers, 1);
	ck_assert_str_eq(d->people[0].answers[0].quote, "closed the books");
	digest_free(d);
}
END_TEST

/* --- the report */

START_TEST(test_report_formats)
{
	struct person	*v;
	size_t		 n, len;
	char		*buf, why[128];
	const struct jp	*chloe, *w48;
	struct jp	*doc;
	FILE		*f;
	int		 lines = 0;

	ck_assert_int_eq(seed_demo(db), 0);
	ck_assert_int_eq(person_list(db, 0, &v, &n), 0);
	ck_assert_ptr_nonnull(f = open_memstream(&buf, &len));
	ck_assert_int_eq(report_write(db, v, n, W48, 8, REPORT_JSON, f), 0);
	fclose(f);
	doc = jp_parse(buf, len, why, sizeof(why));
	ck_assert_msg(doc != NULL, "%s", why);
	ck_assert_str_eq(jp_str(jp_get(doc, "from")), "2026-W41");
	ck_assert_uint_eq(jp_len(jp_get(doc, "people")), 4);
	chloe = jp_at(jp_get(doc, "people"), 2);
	ck_assert_str_eq(jp_str(jp_get(chloe, "name")), "Chlo\xc3\xa9 Martin");
	w48 = jp_at(jp_get(chloe, "weeks"), 7);
	ck_assert_str_eq(jp_str(jp_get(w48, "week")), W48);
	ck_assert_str_eq(jp_str(jp_get(w48, "checkin")), "answered");
	ck_assert_int_eq(jp_int(jp_get(w48, "mood"), 0), 2);
	ck_assert_int_eq(jp_int(jp_get(w48, "hours"), 0), 46);
	ck_assert_uint_eq(jp_len(jp_get(w48, "attention")), 3);	/* mood, concern, review */
	ck_assert_str_eq(jp_str(jp_at(jp_get(w48, "attention"), 0)), "mood");
	ck_assert_int_eq(jp_int(jp_get(jp_get(jp_get(chloe, "totals"), "attention"), "mood"), -1), 1);
	/* Dev joined in W48: only that week */
	ck_assert_uint_eq(jp_len(jp_get(jp_at(jp_get(doc, "people"), 3), "weeks")), 1);
	jp_free(doc);
	free(buf);

	ck_assert_ptr_nonnull(f = open_memstream(&buf, &len));
	ck_assert_int_eq(report_write(db, v, n, W48, 8, REPORT_CSV, f), 0);
	fclose(f);
	for (char *p = buf; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	ck_assert_int_eq(lines, 1 + 8 + 8 + 8 + 1);	/* header, three people's 8 weeks, Dev's one */
	ck_assert_ptr_nonnull(strstr(buf, "3,Chlo\xc3\xa9 Martin,2026-W48,answered,2026-11-29T12:40:00Z,46,2,1,"));
	ck_assert_ptr_nonnull(strstr(buf, ",mood;concern;review\r\n"));
	free(buf);

	ck_assert_ptr_nonnull(f = open_memstream(&buf, &len));
	ck_assert_int_eq(report_write(db, v, n, W48, 8, REPORT_TEXT, f), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "Ben Ortiz (America/Los_Angeles)"));
	ck_assert_ptr_nonnull(strstr(buf, "answered 6 of 8 check-ins"));
	free(buf);
	person_list_free(v, n);
}
END_TEST

/* --- the scheduled send */

static int64_t
count(const char *sql)
{
	int64_t n = -1;

	ck_assert_int_eq(db_int(db, &n, sql, ""), 0);
	return n;
}

START_TEST(test_tick)
{
	unsigned	 q = 0;
	char		*s = NULL;

	/* nobody yet: nothing to send */
	ck_assert_int_eq(digest_tick(db, cfg, t_at(ROME, "2026-11-30", 8, 0), &q), 0);
	ck_assert_uint_eq(q, 0);
	mk_person("Ann", ROME, "2026-09-01");
	/* Monday 07:59 in Rome: the last occurrence (Nov 23) is a week old, too late */
	ck_assert_int_eq(digest_tick(db, cfg, t_at(ROME, "2026-11-30", 7, 59), &q), 0);
	ck_assert_uint_eq(q, 0);
	/* 08:00: the digest for W48, queued to the manager with its row, once */
	ck_assert_int_eq(digest_tick(db, cfg, t_at(ROME, "2026-11-30", 8, 0), &q), 0);
	ck_assert_uint_eq(q, 1);
	ck_assert_int_eq(digest_tick(db, cfg, t_at(ROME, "2026-11-30", 9, 30), &q), 0);
	ck_assert_int_eq(digest_tick(db, cfg, t_at(ROME, "2026-12-07", 7, 59), &q), 0);
	ck_assert_uint_eq(q, 1);
	ck_assert_int_eq(db_text(db, &s, "SELECT o.rcpts || ' ' || o.kind || ' ' || o.subject FROM digests d "
	    "JOIN outbox o ON o.id = d.outbox_id WHERE d.period = '2026-W48' AND d.sent_at IS NOT NULL", ""), 0);
	ck_assert_str_eq(s, "maria@example.com digest Weekly digest 2026-W48: nothing needs your attention");
	free(s);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE kind = 'digest' AND person_id IS NULL"), 1);
	/* schedule_tick() sends it through mail_tick_digest() */
	{
		struct tick_stats ts;
		ck_assert_int_eq(schedule_tick(db, cfg, t_at(ROME, "2026-12-07", 8, 5), &ts), 0);
		ck_assert_uint_eq(ts.queued[SCHED_DIGEST], 1);
		ck_assert_int_eq(count("SELECT count(*) FROM digests WHERE period = '2026-W49'"), 1);
	}
}
END_TEST

/* Late, but not too late: the agent was off on Monday. */
START_TEST(test_tick_late)
{
	unsigned q = 0;

	mk_person("Ann", ROME, "2026-09-01");
	mk_person("Bo", ROME, "2026-12-01");
	ck_assert_int_eq(digest_tick(db, cfg, t_at(ROME, "2026-12-03", 8, 1), &q), 0);	/* 3 days late */
	ck_assert_uint_eq(q, 0);
	ck_assert_int_eq(digest_tick(db, cfg, t_at(ROME, "2026-12-02", 20, 0), &q), 0);
	ck_assert_uint_eq(q, 1);
	ck_assert_int_eq(count("SELECT count(*) FROM digests WHERE period = '2026-W48'"), 1);
	/* a new installation does not get a digest of a week before anyone was added */
	ck_assert_int_eq(db_run(db, "UPDATE people SET active = 0 WHERE name = 'Ann'", ""), 0);
	ck_assert_int_eq(db_run(db, "DELETE FROM digests", ""), 0);
	ck_assert_int_eq(digest_tick(db, cfg, t_at(ROME, "2026-12-02", 20, 0), &q), 0);
	ck_assert_uint_eq(q, 1);
}
END_TEST

/* The email and its row commit together: when queueing fails, nothing is recorded. */
START_TEST(test_tick_atomic)
{
	unsigned q = 0;

	mk_person("Ann", ROME, "2026-09-01");
	free(cfg->from);
	free(cfg->address);
	cfg->from = cfg->address = NULL;		/* no sender: mail_queue() fails */
	ck_assert_int_eq(digest_tick(db, cfg, t_at(ROME, "2026-11-30", 8, 0), &q), -1);
	ck_assert_uint_eq(q, 0);
	ck_assert_int_eq(count("SELECT count(*) FROM digests"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox"), 0);
	ck_assert_int_eq(db_in_tx(db), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("digest");
	TCase	*tc = tcase_create("digest");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_week_labels);
	tcase_add_test(tc, test_quote);
	tcase_add_test(tc, test_silent);
	tcase_add_test(tc, test_mood);
	tcase_add_test(tc, test_missed);
	tcase_add_test(tc, test_concern);
	tcase_add_test(tc, test_review);
	tcase_add_test(tc, test_bounce);
	tcase_add_test(tc, test_inbox);
	tcase_add_test(tc, test_celebrate);
	tcase_add_test(tc, test_sydney_sunday_night);
	tcase_add_test(tc, test_empty_week);
	tcase_add_test(tc, test_new_person);
	tcase_add_test(tc, test_sections);
	tcase_add_test(tc, test_quote_by_offsets);
	tcase_add_test(tc, test_report_formats);
	tcase_add_test(tc, test_tick);
	tcase_add_test(tc, test_tick_late);
	tcase_add_test(tc, test_tick_atomic);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
