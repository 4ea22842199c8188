/* seed.c: demo and benchmark data for the digest; see seed.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "digest.h"
#include "seed.h"
#include "tzone.h"
#include "util.h"
#include "validate.h"

#define LAST_WEEK	"2026-W48"
#define LAST_MONDAY	"2026-11-23"

/* The date `days` days after LAST_MONDAY (negative: before). */
static void
date_of(long days, char *buf, size_t len)
{
	int y, m, d;

	tzone_civil_from_days(tzone_days_from_civil(2026, 11, 23) + days, &y, &m, &d);
	snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

/* An instant: local time hh:mm, `days` after LAST_MONDAY, in zone tz. */
static int64_t
at(const char *tz, long days, int hh, int mm)
{
	char d[16];

	date_of(days, d, sizeof(d));
	return (int64_t)zone_instant(tz, d, hh * 60 + mm);
}

static int64_t
person(struct db *db, const char *name, const char *email, const char *tz, int64_t created)
{
	if (db_run(db, "INSERT INTO people (name, email, tz, days, day_start, day_end, created_at) "
	    "VALUES (?, ?, ?, 62, 540, 1020, ?)", "ttti", name, email, tz, created) == -1)
		return -1;
	return db_last_id(db);
}

static int64_t
checkin(struct db *db, int64_t pid, int week_back, int64_t sent, int64_t answered)
{
	char period[16];

	if (digest_week_add(LAST_WEEK, -week_back, period, sizeof(period)) == -1 ||
	    db_run(db, "INSERT INTO checkins (person_id, period, due_at, sent_at, answered_at, status) "
	    "VALUES (?, ?, ?, ?, ?, ?)", "itiiot", pid, period, sent, sent, answered,
	    answered >= 0 ? "answered" : "sent") == -1)
		return -1;
	return db_last_id(db);
}

static int
answer(struct db *db, int64_t cid, const char *key, const char *text, double num, int64_t when)
{
	if (num < 0)
		return db_run(db, "INSERT INTO answers (checkin_id, key, text, at, source) VALUES (?, ?, ?, ?, "
		    "'reply')", "itti", cid, key, text, when);
	return db_run(db, "INSERT INTO answers (checkin_id, key, text, num, at, source) VALUES (?, ?, ?, ?, "
	    "?, 'reply')", "ittdi", cid, key, text, num, when);
}

static int64_t
task(struct db *db, int64_t pid, const char *text, long due_days, int64_t created, int64_t done_at,
    int percent)
{
	char due[16];

	date_of(due_days, due, sizeof(due));
	if (db_run(db, "INSERT INTO tasks (person_id, text, due, status, percent, created_at, done_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)", "ittt" "oio", pid, text, due, done_at > 0 ? "done" : "open",
	    (int64_t)percent, created, done_at > 0 ? done_at : (int64_t)-1) == -1)
		return -1;
	return db_last_id(db);
}

static int
history(struct db *db, int64_t tid, int64_t when, const char *kind, long old_days, long new_days,
    const char *reason)
{
	char o[16], n[16];

	date_of(old_days, o, sizeof(o));
	date_of(new_days, n, sizeof(n));
	return db_run(db, "INSERT INTO task_history (task_id, at, kind, old_due, new_due, reason, source) "
	    "VALUES (?, ?, ?, ?, ?, ?, 'reply')", "iittt" "t", tid, when, kind, o,
	    strcmp(kind, "moved") == 0 ? n : NULL, reason);
}

static int
feedback(struct db *db, int64_t pid, const char *dir, const char *kind, const char *text, int64_t when)
{
	return db_run(db, "INSERT INTO feedback (person_id, direction, kind, text, at) VALUES (?, ?, ?, ?, ?)",
	    "ittti", pid, dir, kind, text, when);
}

static int64_t
goal(struct db *db, int64_t pid, const char *text, const char *metric, double target, double current,
    int64_t created, int64_t done_at)
{
	if (db_run(db, "INSERT INTO goals (person_id, text, metric, target, current, status, created_at, "
	    "done_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "ittddtio", pid, text, metric, target, current,
	    done_at > 0 ? "done" : "open", created, done_at > 0 ? done_at : (int64_t)-1) == -1)
		return -1;
	return db_last_id(db);
}

static int
progress(struct db *db, int64_t gid, double v, int64_t when)
{
	return db_run(db, "INSERT INTO goal_progress (goal_id, value, at, source) VALUES (?, ?, ?, 'reply')",
	    "idi", gid, v, when);
}

static int64_t
review(struct db *db, int64_t pid, const char *tz, int week_back, int64_t start, int64_t created)
{
	char period[16], uid[64];

	if (digest_week_add(LAST_WEEK, 1 - week_back, period, sizeof(period)) == -1)
		return -1;
	snprintf(uid, sizeof(uid), "review-%lld-%s@example.com", (long long)pid, period);
	if (db_run(db, "INSERT INTO reviews (person_id, kind, period, uid, start_at, end_at, tz, created_at, "
	    "updated_at) VALUES (?, 'weekly', ?, ?, ?, ?, ?, ?, ?)", "ittiitii", pid, period, uid, start,
	    start + 1800, tz, created, created) == -1)
		return -1;
	return db_last_id(db);
}

static int
rsvp(struct db *db, int64_t rid, const char *attendee, const char *partstat, const char *comment,
    int64_t when)
{
	return db_run(db, "INSERT INTO rsvps (review_id, attendee, method, partstat, comment, at) "
	    "VALUES (?, ?, 'REPLY', ?, ?, ?)", "ittti", rid, attendee, partstat,
	    comment, when);
}

static int
survey(struct db *db, int64_t pid, const char *month, int64_t when, int clarity, int support, int workload,
    const char *comment)
{
	return db_run(db, "INSERT INTO surveys (person_id, period, sent_at, answered_at, clarity, support, "
	    "workload, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "itiiiiit", pid, month, when - 7200, when,
	    (int64_t)clarity, (int64_t)support, (int64_t)workload, comment);
}

static int
outbox(struct db *db, int64_t pid, const char *kind, const char *rcpt, const char *subject, size_t size,
    const char *state, const char *error, int64_t when)
{
	static int64_t	 seq;
	char		 mid[64], *bytes;
	int		 r;

	snprintf(mid, sizeof(mid), "%s.%lld.%lld@rapport.example.com", kind, (long long)pid, (long long)++seq);
	bytes = xmalloc(size);
	memset(bytes, 'x', size);
	r = db_run(db, "INSERT INTO outbox (kind, person_id, message_id, mail_from, rcpts, subject, bytes, "
	    "state, attempts, next_attempt, last_error, created_at, sent_at) VALUES (?, ?, ?, "
	    "'rapport@example.com', ?, ?, ?, ?, 1, ?, ?, ?, ?)", "titttbtitio", kind, pid, mid, rcpt, subject,
	    bytes, size, state, when, error, when, strcmp(state, "sent") == 0 ? when + 30 : (int64_t)-1);
	free(bytes);
	return r;
}

static int
message(struct db *db, int64_t pid, const char *from, const char *state, const char *error, size_t size,
    int64_t when)
{
	static int64_t	 uid;
	char		 mid[64], *raw;
	int		 r;

	snprintf(mid, sizeof(mid), "m%lld@mail.example.net", (long long)++uid);
	raw = xmalloc(size);
	memset(raw, 'r', size);
	r = db_run(db, "INSERT INTO messages (source, uidvalidity, uid, message_id, size, received_at, "
	    "state, class, error, from_addr, subject, date, person_id, processed_at) VALUES ('INBOX', 1, ?, ?, "
	    "?, ?, ?, 'answer', ?, ?, 'Re: Your weekly check-in', ?, ?, ?)", "itiitttioi", uid, mid,
	    (int64_t)size, when, state, error, from, when, pid, when + 5);
	if (r == 0)
		r = db_run(db, "INSERT INTO message_raw (id, raw) VALUES (last_insert_rowid(), ?)", "b", raw, size);
	free(raw);
	return r;
}

/* --- the demo week */

static int
demo_anna(struct db *db)
{
	static const double	 hours[8] = { 36, 38, 40, 37, 39, 41, 38, 38 };
	static const double	 mood[8] = { 4, 4, 5, 4, 4, 5, 4, 4 };
	const char		*tz = "Asia/Manila";
	int64_t			 pid, cid, t, g;
	int			 k, r = 0;

	if ((pid = person(db, "Anna Lee", "anna@example.com", tz, at(tz, -83, 10, 0))) < 0)
		return -1;
	for (k = 7; k >= 0 && r == 0; k--) {
		cid = checkin(db, pid, k, at(tz, -7 * k + 4, 15, 0), at(tz, -7 * k + 4, 16, 2 + k));
		r = cid < 0 || answer(db, cid, "hours", NULL, hours[7 - k], at(tz, -7 * k + 4, 16, 2)) ||
		    answer(db, cid, "mood", NULL, mood[7 - k], at(tz, -7 * k + 4, 16, 2));
	}
	r = r || answer(db, cid, "wins", "Closed the Q4 vendor review and sent the summary to finance.\n"
	    "Inbox is down to 18 from 140 at the start of the month.", -1, at(tz, 4, 16, 2)) ||
	    answer(db, cid, "in_progress", "Drafting the holiday schedule; two people still have to confirm "
	    "their dates.", -1, at(tz, 4, 16, 2)) ||
	    answer(db, cid, "blockers", "None", -1, at(tz, 4, 16, 2)) ||
	    answer(db, cid, "blockers_none", "none", 1, at(tz, 4, 16, 2)) ||
	    answer(db, cid, "next_week", "Finish the holiday schedule and start the January travel bookings.",
	    -1, at(tz, 4, 16, 2)) ||
	    answer(db, cid, "support", "Could you approve the travel budget by Wednesday?", -1, at(tz, 4, 16, 2));
	t = task(db, pid, "Prepare the Q4 vendor report", 4, at(tz, -14, 10, 0), at(tz, 3, 14, 30), -1);
	r = r || t < 0 || task(db, pid, "Book the team offsite venue", 9, at(tz, -3, 10, 0), 0, 50) < 0;
	g = goal(db, pid, "Inbox under 20", "emails in inbox", 20, 18, at(tz, -25, 10, 0), at(tz, 4, 11, 0));
	r = r || g < 0 || progress(db, g, 140, at(tz, -21, 10, 0)) || progress(db, g, 45, at(tz, -7, 10, 0)) ||
	    progress(db, g, 18, at(tz, 4, 11, 0));
	g = goal(db, pid, "Document our recurring processes", "processes", 10, 4, at(tz, -40, 10, 0), 0);
	r = r || g < 0 || progress(db, g, 1, at(tz, -30, 10, 0)) || progress(db, g, 4, at(tz, 2, 10, 0));
	r = r || feedback(db, pid, "to_person", "praise", "Thank you for turning the vendor review around so "
	    "quickly, finance was impressed.", at(tz, 1, 11, 0)) ||
	    feedback(db, pid, "from_person", "reply", "Thanks! It was a team effort with Ben.", at(tz, 2, 9, 15));
	t = review(db, pid, tz, 0, at(tz, 10, 10, 0), at(tz, 4, 17, 0));
	r = r || t < 0 || rsvp(db, t, "anna@example.com", "ACCEPTED", NULL, at(tz, 4, 18, 0));
	r = r || survey(db, pid, "2026-10", at(tz, -49, 11, 0), 3, 5, 3, NULL) ||
	    survey(db, pid, "2026-11", at(tz, -19, 11, 0), 4, 5, 3, "More notice on urgent requests would help.");
	return r ? -1 : 0;
}

static int
demo_ben(struct db *db)
{
	static const double	 hours[6] = { 32, 30, 34, 31, 33, 32 };
	static const double	 mood[6] = { 4, 3, 4, 3, 4, 3 };
	const char		*tz = "America/Los_Angeles";
	int64_t			 pid, cid, t;
	int			 k, r = 0;

	if ((pid = person(db, "Ben Ortiz", "ben@example.com", tz, at(tz, -100, 9, 0))) < 0)
		return -1;
	for (k = 7; k >= 2 && r == 0; k--) {
		cid = checkin(db, pid, k, at(tz, -7 * k + 4, 15, 0), at(tz, -7 * k + 4, 15, 40));
		r = cid < 0 || answer(db, cid, "hours", NULL, hours[7 - k], at(tz, -7 * k + 4, 15, 40)) ||
		    answer(db, cid, "mood", NULL, mood[7 - k], at(tz, -7 * k + 4, 15, 40));
	}
	r = r || checkin(db, pid, 1, at(tz, -3, 15, 0), -1) < 0 || checkin(db, pid, 0, at(tz, 4, 15, 0), -1) < 0;
	t = task(db, pid, "Clean up the CRM duplicates", -3, at(tz, -30, 9, 0), 0, 30);
	r = r || t < 0 || history(db, t, at(tz, -9, 9, 0), "missed", -10, 0, NULL) ||
	    history(db, t, at(tz, -8, 11, 0), "moved", -10, -3, "waiting on the export from sales") ||
	    history(db, t, at(tz, -2, 9, 0), "missed", -3, 0, NULL);
	t = task(db, pid, "Send the November invoices", 2, at(tz, -10, 9, 0), 0, -1);
	r = r || t < 0 || history(db, t, at(tz, 3, 9, 0), "missed", 2, 0, NULL);
	return r ? -1 : 0;
}

static int
demo_chloe(struct db *db)
{
	static const double	 hours[8] = { 40, 41, 39, 42, 40, 41, 42, 46 };
	static const double	 mood[8] = { 4, 5, 4, 5, 4, 5, 4, 2 };
	const char		*tz = "Australia/Sydney";
	int64_t			 pid, cid = -1, t, when = at(tz, 6, 23, 40);
	int			 k, r = 0;

	if ((pid = person(db, "Chlo\xc3\xa9 Martin", "chloe@example.com", tz, at(tz, -150, 9, 0))) < 0)
		return -1;
	for (k = 7; k >= 0 && r == 0; k--) {
		cid = checkin(db, pid, k, at(tz, -7 * k + 4, 15, 0), k == 0 ? when : at(tz, -7 * k + 4, 17, 5));
		r = cid < 0 || answer(db, cid, "hours", NULL, hours[7 - k], at(tz, -7 * k + 4, 17, 5)) ||
		    answer(db, cid, "mood", NULL, mood[7 - k], at(tz, -7 * k + 4, 17, 5));
	}
	r = r || answer(db, cid, "wins", "Shipped the new onboarding checklist; both new hires used it on "
	    "Monday.", -1, when) ||
	    answer(db, cid, "in_progress", "Client portal migration: about 60% of the pages are moved.", -1, when) ||
	    answer(db, cid, "blockers", "The client changed the scope of the portal migration again on "
	    "Wednesday. Fourteen new pages, same deadline, and nobody told me until the call.", -1, when) ||
	    answer(db, cid, "concern", "I'm not sure I can keep up with the new requests on top of my regular "
	    "work", -1, when) ||
	    answer(db, cid, "next_week", "Finish the pages that are already agreed and ask for a scope freeze.",
	    -1, when);
	t = task(db, pid, "Migrate the client portal content", 18, at(tz, -20, 9, 0), 0, 60);
	r = r || t < 0 || history(db, t, at(tz, 3, 10, 0), "moved", 4, 18,
	    "the scope changed again on Wednesday: 14 new pages");
	r = r || task(db, pid, "Onboarding checklist v2", 2, at(tz, -12, 9, 0), at(tz, 1, 17, 0), -1) < 0;
	t = review(db, pid, tz, 0, at(tz, 11, 9, 0), at(tz, 4, 10, 0));
	r = r || t < 0 || rsvp(db, t, "chloe@example.com", "DECLINED", "Sorry, I have a client workshop "
	    "all day on Friday. Could we do Monday instead?", at(tz, 5, 9, 0));
	return r ? -1 : 0;
}

static int
demo_dev(struct db *db)
{
	const char	*tz = "Asia/Kolkata";
	int64_t		 pid;

	if ((pid = person(db, "Dev Patel", "dev.patel@exmaple.com", tz, at(tz, 2, 11, 0))) < 0)
		return -1;
	if (checkin(db, pid, 0, at(tz, 4, 15, 0), -1) < 0 ||
	    task(db, pid, "Set up your accounts and read the handbook", 11, at(tz, 2, 11, 5), 0, -1) < 0 ||
	    outbox(db, pid, "checkin", "dev.patel@exmaple.com", "Your weekly check-in (week of Nov 23)", 4000,
	    "failed", "bounced: dev.patel@exmaple.com 5.1.1 Recipient address rejected: User unknown",
	    at(tz, 4, 15, 0)) == -1)
		return -1;
	return 0;
}

int
seed_demo(struct db *db)
{
	int r;

	if (db_begin(db) == -1)
		return -1;
	r = demo_anna(db) || demo_ben(db) || demo_chloe(db) || demo_dev(db) ||
	    message(db, -1, "newsletter@vendor.example", "quarantined", "unknown sender newsletter@vendor.example",
	    5000, at("Europe/Rome", 3, 8, 12));
	if (r != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

/* --- the benchmark's history */

static const char *const zones[] = { "Asia/Manila", "America/Los_Angeles", "Australia/Sydney",
    "Asia/Kolkata", "Europe/Berlin", "America/New_York", "Africa/Lagos", "America/Sao_Paulo" };

static const char *const words[] = {
	"Finished the weekly report and sent it to the client before the deadline.",
	"Reconciled the October invoices; two are still waiting for purchase orders.",
	"Booked travel for the March conference and updated the shared calendar.",
	"Cleaned up the CRM: merged duplicates and fixed the broken contact imports.",
	"Drafted the onboarding guide for the new assistants, first half is done.",
};

static int
bench_week(struct db *db, int64_t pid, int i, int k, const char *tz, const char *email)
{
	int64_t	 cid, t, when = at(tz, -7 * k + 4, 17, 0), rid;
	int	 answered = (i + k) % 11 != 0, r = 0, j;
	char	 text[64];

	cid = checkin(db, pid, k, at(tz, -7 * k + 4, 15, 0), answered ? when : -1);
	if (cid < 0 || outbox(db, pid, "checkin", email, "Your weekly check-in", 2500, "sent", NULL,
	    at(tz, -7 * k + 4, 15, 0)) == -1)
		return -1;
	if (answered) {
		r = answer(db, cid, "wins", words[(i + k) % 5], -1, when) ||
		    answer(db, cid, "in_progress", words[(i + k + 1) % 5], -1, when) ||
		    answer(db, cid, "blockers", (i + k) % 3 ? "None" : words[(i + k + 2) % 5], -1, when) ||
		    answer(db, cid, "next_week", words[(i + k + 3) % 5], -1, when) ||
		    answer(db, cid, "support", words[(i + k + 4) % 5], -1, when) ||
		    answer(db, cid, "hours", NULL, 30 + (i * 7 + k * 3) % 15, when) ||
		    answer(db, cid, "mood", NULL, 1 + (i + k * 2) % 5, when) ||
		    ((i + k) % 17 == 0 && answer(db, cid, "concern", "I am worried about the workload", -1, when)) ||
		    message(db, pid, email, "recorded", NULL, 3000, when);
	}
	for (j = 0; j < 3 && r == 0; j++) {
		snprintf(text, sizeof(text), "Task %d of week %d", j + 1, 52 - k);
		t = task(db, pid, text, -7 * k + 4, at(tz, -7 * k, 9, 0), k == 0 && j == 2 ? 0 :
		    at(tz, -7 * k + 2 + j + ((i + k) % 5 == 0 && j == 2 ? 4 : 0), 12, 0), -1);
		r = t < 0 || history(db, t, at(tz, -7 * k, 9, 0), "created", 0, 0, NULL);
		if (r == 0 && (i + k) % 5 == 0 && j == 2)
			r = history(db, t, at(tz, -7 * k + 5, 9, 0), "missed", -7 * k + 4, 0, NULL) ||
			    history(db, t, at(tz, -7 * k + 5, 10, 0), "moved", -7 * k + 4, -7 * k + 8,
			    "waiting on the client");
	}
	if (r == 0 && k % 2 == 0)
		r = feedback(db, pid, "to_person", "praise", words[k % 5], at(tz, -7 * k + 1, 10, 0)) ||
		    feedback(db, pid, "from_person", "reply", "Thank you!", at(tz, -7 * k + 1, 12, 0)) ||
		    outbox(db, pid, "feedback", email, "A note from Maria", 3000, "sent", NULL,
		    at(tz, -7 * k + 1, 10, 0));
	rid = review(db, pid, tz, k, at(tz, -7 * k + 10, 10, 0), at(tz, -7 * k + 4, 18, 0));
	if (r == 0 && (rid < 0 || rsvp(db, rid, email, (i + k) % 13 == 0 ? "DECLINED" : "ACCEPTED", NULL,
	    at(tz, -7 * k + 5, 9, 0)) || outbox(db, pid, "review", email, "1:1", 3500,
	    k == 0 && i % 25 == 0 ? "failed" : "sent", k == 0 && i % 25 == 0 ? "bounced: 5.1.1 unknown" : NULL,
	    at(tz, -7 * k + 4, 18, 0))))
		r = -1;
	if (r == 0) {		/* the monthly survey, in the month's first week */
		char month[16];
		date_of(-7 * k, month, sizeof(month));
		if (strcmp(month + 8, "07") > 0)
			return 0;
		month[7] = '\0';
		r = survey(db, pid, month, at(tz, -7 * k + 2, 11, 0), 1 + i % 5, 1 + k % 5, 3, "More notice please");
	}
	return r ? -1 : 0;
}

int
seed_bench(struct db *db, int people, int weeks)
{
	char	 name[64], email[64];
	int64_t	 pid, g;
	int	 i, k, r = 0;

	if (db_begin(db) == -1)
		return -1;
	for (i = 0; i < people && r == 0; i++) {
		const char *tz = zones[i % 8];
		snprintf(name, sizeof(name), "Person%03d Example", i);
		snprintf(email, sizeof(email), "person%03d@example.com", i);
		if ((pid = person(db, name, email, tz, at(tz, -7 * weeks - 14, 9, 0))) < 0)
			r = -1;
		for (k = 0; k < 3 && r == 0; k++) {
			g = goal(db, pid, words[k], "items", 100, 10 * weeks, at(tz, -7 * weeks, 9, 0),
			    k == 0 ? at(tz, -7 * (weeks / 2), 9, 0) : 0);
			r = g < 0;
		}
		for (k = weeks - 1; k >= 0 && r == 0; k--)
			r = bench_week(db, pid, i, k, tz, email) ||
			    progress(db, g, (double)(weeks - k) * 2, at(tz, -7 * k + 4, 12, 0));
	}
	if (r != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}
