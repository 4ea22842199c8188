/*
 * Unit tests for agent/review.c: time and preference parsing, working-hour
 * checks, the weekly and monthly agendas, the tick (when a 1:1 or monthly
 * review is due, where it lands, no duplicates, no overlaps), move, cancel
 * and accept-counter (SEQUENCE, METHOD, RSVPs), and RSVP routing through
 * record.c: synthetic replies for each rule, then every REPLY, COUNTER,
 * CANCEL and DECLINECOUNTER fixture of ../shared/corpus/itip against a
 * synthetic review with its UID (skipped when ../shared is absent).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libical/ical.h>

#include "config.h"
#include "db.h"
#include "fixture.h"
#include "jsonp.h"
#include "parse.h"
#include "people.h"
#include "record.h"
#include "review.h"
#include "strbuf.h"
#include "tasks.h"
#include "tzone.h"
#include "util.h"

static char		 dir[] = "/tmp/rapport-test-review.XXXXXX";
static char		 corpus[512];
static struct db	*db;
static struct config	*cfg;
static struct person	 anna;

/* Manila is UTC+8 and Rome UTC+1 (CET) in November: their 09:00-17:00
 * overlap is 16:00-17:00 Manila, 09:00-10:00 Rome. */
static const char conf_text[] =
    "[agent]\ndatabase = @DIR@/r.db\naddress = agent@example.com\nlog = @DIR@/log\n"
    "[manager]\nname = Maria Rossi\nemail = manager@example.com\ntz = Europe/Rome\n"
    "[smtp]\nfrom = agent@example.com\n"
    "[schedule]\nreminder_after = 24h\n";

static time_t
at(const char *iso)
{
	time_t t;

	ck_assert_msg(parse_iso_time(iso, &t) == 0, "bad time %s", iso);
	return t;
}

static time_t
local_at(const char *tz, int y, int m, int d, int h, int mi)
{
	time_t t;

	ck_assert_int_eq(tzone_from_local(tzone_get(tz), y, m, d, h, mi, 0, &t), 0);
	return t;
}

static void
add_person(struct person *p, const char *name, const char *email, const char *tz,
    const char *pref)
{
	memset(p, 0, sizeof(*p));
	p->name = xstrdup(name);
	p->email = xstrdup(email);
	p->tz = xstrdup(tz);
	p->days = 0x3e;
	p->day_start = 9 * 60;
	p->day_end = 17 * 60;
	p->review_pref = pref != NULL ? xstrdup(pref) : NULL;
	p->receipts = 1;
	p->created_at = at("2026-10-01T00:00:00Z");
	ck_assert_int_eq(person_insert(db, p), 0);
}

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	fixture_open(dir, conf_text, &cfg, &db);
	set_now_override("2026-11-25T08:00:00Z");
	add_person(&anna, "Anna Lee", "anna@example.com", "Asia/Manila", "FR 15:00");
}

static void
teardown(void)
{
	person_clear(&anna);
	db_close(db);
	config_free(cfg);
	fixture_remove(dir, "/tmp/rapport-test-review.XXXXXX");
}

static int64_t
count(const char *sql)
{
	int64_t n = -1;

	ck_assert_int_eq(db_int(db, &n, sql, ""), 0);
	return n;
}

static int64_t
checkin(const struct person *p, const char *period, const char *status, time_t sent,
    time_t reminder)
{
	if (reminder > 0)
		ck_assert_int_eq(db_run(db, "INSERT INTO checkins (person_id, period, due_at, sent_at, "
		    "reminder_at, status) VALUES (?, ?, ?, ?, ?, ?)", "itiiit", p->id, period,
		    (int64_t)sent, (int64_t)sent, (int64_t)reminder, status), 0);
	else
		ck_assert_int_eq(db_run(db, "INSERT INTO checkins (person_id, period, due_at, sent_at, "
		    "status) VALUES (?, ?, ?, ?, ?)", "itiit", p->id, period, (int64_t)sent,
		    (int64_t)sent, status), 0);
	return db_last_id(db);
}

static void
answer(int64_t ck, const char *key, const char *text, double num)
{
	if (text != NULL)
		ck_assert_int_eq(db_run(db, "INSERT INTO answers (checkin_id, key, text, at, source) "
		    "VALUES (?, ?, ?, 0, 'reply')", "itt", ck, key, text), 0);
	else
		ck_assert_int_eq(db_run(db, "INSERT INTO answers (checkin_id, key, num, at, source) "
		    "VALUES (?, ?, ?, 0, 'reply')", "itd", ck, key, num), 0);
}

/* The outbox bytes of row id (caller frees). */
static char *
outbox_bytes(int64_t id)
{
	sqlite3_stmt	*st;
	char		*s = NULL;

	st = db_query(db, "SELECT bytes FROM outbox WHERE id = ?", "i", id);
	ck_assert_ptr_nonnull(st);
	if (db_step(st) == 1)
		s = xstrndup(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	db_done(st);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* The calendar of the latest outbox row to rcpt, unfolded from base64 by
 * parsing the message (the parse document carries it). */
static struct jp *
last_mail_doc(const char *rcpt)
{
	struct parse_ctx	 ctx;
	struct strbuf		 out = STRBUF_INIT;
	struct jp		*doc;
	int64_t			 id;
	char			*raw, why[256];

	ck_assert_int_eq(db_int(db, &id, "SELECT max(id) FROM outbox WHERE rcpts = ?", "t", rcpt), 0);
	raw = outbox_bytes(id);
	parse_ctx_init(&ctx);
	ck_assert_int_eq(parse_message(raw, strlen(raw), &ctx, &out, 0), 0);
	doc = jp_parse(sb_str(&out), out.len, why, sizeof(why));
	ck_assert_msg(doc != NULL, "%s", why);
	free(raw);
	sb_free(&out);
	return doc;
}

/* The first calendar of a parse document, unfolded (RFC 5545 3.1). */
static const char *
cal_data(const struct jp *doc)
{
	static char	*buf;
	const char	*s = jp_str(jp_get(jp_at(jp_get(doc, "calendars"), 0), "data"));
	size_t		 i, k = 0;

	ck_assert_ptr_nonnull(s);
	free(buf);
	buf = xmalloc(strlen(s) + 1);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '\r' && s[i + 1] == '\n' && s[i + 2] == ' ') {
			i += 2;
			continue;
		}
		buf[k++] = s[i];
	}
	buf[k] = '\0';
	return buf;
}

/* ------------------------------------------------------------- parsing */

START_TEST(test_parse_pref)
{
	int w, m;

	review_parse_pref("FR 15:00", &w, &m);
	ck_assert_int_eq(w, 5);
	ck_assert_int_eq(m, 900);
	review_parse_pref("mo 09:30", &w, &m);
	ck_assert_int_eq(w, 1);
	ck_assert_int_eq(m, 570);
	review_parse_pref("SU", &w, &m);
	ck_assert_int_eq(w, 0);
	ck_assert_int_eq(m, -1);
	review_parse_pref("XX 10:00", &w, &m);
	ck_assert_int_eq(w, -1);
	review_parse_pref("FR 25:00", &w, &m);
	ck_assert_int_eq(w, -1);
	ck_assert_int_eq(m, -1);
	review_parse_pref(NULL, &w, &m);
	ck_assert_int_eq(w, -1);
}
END_TEST

START_TEST(test_parse_time)
{
	char	why[256];
	time_t	t;

	ck_assert_int_eq(review_parse_time("2026-12-03T10:00", "Asia/Manila", &t, why, sizeof(why)), 0);
	ck_assert_int_eq(t, at("2026-12-03T02:00:00Z"));
	ck_assert_int_eq(review_parse_time("2026-12-03 10:00", "Asia/Manila", &t, why, sizeof(why)), 0);
	ck_assert_int_eq(t, at("2026-12-03T02:00:00Z"));
	ck_assert_int_eq(review_parse_time("2026-12-03T10:00:00", "Europe/Rome", &t, why, sizeof(why)), 0);
	ck_assert_int_eq(t, at("2026-12-03T09:00:00Z"));
	ck_assert_int_eq(review_parse_time("2026-07-03T10:00", "Europe/Rome", &t, why, sizeof(why)), 0);
	ck_assert_int_eq(t, at("2026-07-03T08:00:00Z"));	/* CEST */
	ck_assert_int_eq(review_parse_time("2026-12-03T10:00Z", "Asia/Manila", &t, why, sizeof(why)), 0);
	ck_assert_int_eq(t, at("2026-12-03T10:00:00Z"));
	ck_assert_int_eq(review_parse_time("2026-12-03T10:00+05:30", "UTC", &t, why, sizeof(why)), 0);
	ck_assert_int_eq(t, at("2026-12-03T04:30:00Z"));
	/* 02:30 does not exist in Berlin on 2026-03-29 */
	ck_assert_int_eq(review_parse_time("2026-03-29T02:30", "Europe/Berlin", &t, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "daylight-saving"));
	ck_assert_int_eq(review_parse_time("2026-12-03", "UTC", &t, why, sizeof(why)), -1);
	ck_assert_int_eq(review_parse_time("2026-12-03T25:00", "UTC", &t, why, sizeof(why)), -1);
	ck_assert_int_eq(review_parse_time("2026-02-30T10:00", "UTC", &t, why, sizeof(why)), -1);
	ck_assert_int_eq(review_parse_time("2026-12-03T10:00:30", "UTC", &t, why, sizeof(why)), -1);
	ck_assert_int_eq(review_parse_time("2026-12-03T10:00 junk", "UTC", &t, why, sizeof(why)), -1);
	ck_assert_int_eq(review_parse_time("tomorrow 10:00", "UTC", &t, why, sizeof(why)), -1);
}
END_TEST

START_TEST(test_slot_ok)
{
	char	why[512];
	time_t	s;

	s = local_at("Asia/Manila", 2026, 12, 3, 16, 0);	/* 09:00 in Rome */
	ck_assert_int_eq(review_slot_ok(cfg, &anna, s, s + 1800, why, sizeof(why)), 0);
	s = local_at("Asia/Manila", 2026, 12, 3, 16, 45);	/* ends 17:15 Manila */
	ck_assert_int_eq(review_slot_ok(cfg, &anna, s, s + 1800, why, sizeof(why)), 1);
	ck_assert_ptr_nonnull(strstr(why, "Anna Lee's working hours"));
	s = local_at("Asia/Manila", 2026, 12, 3, 10, 0);	/* 03:00 in Rome */
	ck_assert_int_eq(review_slot_ok(cfg, &anna, s, s + 1800, why, sizeof(why)), 1);
	ck_assert_ptr_nonnull(strstr(why, "Maria Rossi's working hours"));
	ck_assert_ptr_nonnull(strstr(why, "Europe/Rome"));
	s = local_at("Asia/Manila", 2026, 12, 5, 16, 0);	/* a Saturday */
	ck_assert_int_eq(review_slot_ok(cfg, &anna, s, s + 1800, why, sizeof(why)), 1);
}
END_TEST

/* ------------------------------------------------------------- agendas */

START_TEST(test_agenda_weekly)
{
	struct review_agenda	 a, b;
	int64_t			 ck, t1, t2;
	char			*text, *text2, why[128];

	ck_assert_int_eq(db_run(db, "INSERT INTO checkins (person_id, period, due_at, status) VALUES "
	    "(?, '2026-W45', 0, 'answered'), (?, '2026-W46', 0, 'answered'), (?, '2026-W47', 0, 'missed')",
	    "iii", anna.id, anna.id, anna.id), 0);
	answer(1, "mood", NULL, 4);
	answer(2, "mood", NULL, 3);
	ck = checkin(&anna, "2026-W48", "answered", at("2026-11-27T07:00:00Z"), 0);
	answer(ck, "wins", "- Shipped the invoice export\n- Closed 12 tickets\n\n", NAN);
	answer(ck, "blockers", "Waiting on API keys from the client", NAN);
	answer(ck, "support", "A decision on the Q1 budget", NAN);
	answer(ck, "mood", NULL, 5);
	set_now_override("2026-11-10T08:00:00Z");
	ck_assert_int_eq(task_add(db, anna.id, "Migrate the mailing list", "2026-11-20", "cli", -1, &t1), 0);
	ck_assert_int_eq(task_add(db, anna.id, "Write the Q4 report", "2026-12-20", "cli", -1, &t2), 0);
	ck_assert_int_eq(task_move(db, t1, "2026-11-24", "waiting on the client", "reply", -1, why,
	    sizeof(why)), 0);
	ck_assert_int_eq(task_block(db, t2, "no access to the numbers", "reply", -1, why, sizeof(why)), 0);
	ck_assert_int_eq(goal_add(db, anna.id, "Newsletter signups", "signups", 100, NULL, &t2), 0);
	ck_assert_int_eq(goal_progress(db, t2, 40, "cli", why, sizeof(why)), 0);

	ck_assert_int_eq(review_agenda_weekly(db, &anna, "2026-W48", at("2026-11-28T02:00:00Z"), &a), 0);
	text = review_agenda_text(&a);
	ck_assert_msg(strstr(text, "From Anna's check-in for the week of Mon Nov 23\n") == text, "%s", text);
	ck_assert_ptr_nonnull(strstr(text, "To celebrate:\n- Shipped the invoice export\n- Closed 12 tickets\n"));
	ck_assert_ptr_nonnull(strstr(text, "Blockers:\n- Waiting on API keys from the client\n"
	    "- #2 Write the Q4 report is blocked: no access to the numbers\n"));
	ck_assert_msg(strstr(text, "Overdue tasks:\n- #1 Migrate the mailing list (due Tue Nov 24, moved "
	    "once): waiting on the client\n") != NULL, "%s", text);
	ck_assert_ptr_nonnull(strstr(text, "Support needed:\n- A decision on the Q1 budget\n"));
	ck_assert_msg(strstr(text, "Mood:\n- This week: 5/5\n- Trend over 3 check-ins: 4, 3, 5 (rising)\n")
	    != NULL, "%s", text);
	ck_assert_ptr_nonnull(strstr(text, "Open goals:\n- Newsletter signups: 40 of 100 signups\n"));
	ck_assert_ptr_null(strstr(text, "Concerns"));	/* empty sections are left out */

	/* the text reads back to the same agenda */
	review_agenda_parse(text, &b);
	text2 = review_agenda_text(&b);
	ck_assert_str_eq(text, text2);
	ck_assert_str_eq(b.intro, a.intro);
	ck_assert_uint_eq(b.nsections, a.nsections);
	free(text);
	free(text2);
	review_agenda_free(&a);
	review_agenda_free(&b);

	/* "none" as the blockers answer leaves only blocked tasks */
	answer(ck, "blockers_none", "none", NAN);
	ck_assert_int_eq(review_agenda_weekly(db, &anna, "2026-W48", at("2026-11-28T02:00:00Z"), &a), 0);
	text = review_agenda_text(&a);
	ck_assert_ptr_null(strstr(text, "API keys"));
	ck_assert_ptr_nonnull(strstr(text, "is blocked"));
	free(text);
	review_agenda_free(&a);

	/* an unanswered check-in says so */
	ck_assert_int_eq(review_agenda_weekly(db, &anna, "2026-W47", at("2026-11-28T02:00:00Z"), &a), 0);
	ck_assert_ptr_nonnull(strstr(a.intro, "was not answered"));
	review_agenda_free(&a);
}
END_TEST

START_TEST(test_agenda_caps)
{
	struct review_agenda	 a;
	struct strbuf		 sb = STRBUF_INIT;
	int64_t			 ck;
	char			*text;
	int			 i;

	sb_init(&sb, 1 << 20);
	for (i = 0; i < 40; i++)
		sb_printf(&sb, "win number %d\n", i);
	for (i = 0; i < 2000; i++)
		sb_adds(&sb, "\xc3\xa9");	/* é: a long line is cut on a character boundary */
	sb_addc(&sb, '\n');
	ck = checkin(&anna, "2026-W48", "answered", 0, 0);
	answer(ck, "wins", sb_str(&sb), NAN);
	answer(ck, "support", "line\twith\x01" "controls\r\nand more", NAN);
	ck_assert_int_eq(review_agenda_weekly(db, &anna, "2026-W48", at("2026-11-28T02:00:00Z"), &a), 0);
	ck_assert_str_eq(a.sections[0].title, "To celebrate");
	ck_assert_uint_eq(a.sections[0].nitems, REVIEW_SECTION_ITEMS);
	ck_assert_str_eq(a.sections[0].items[REVIEW_SECTION_ITEMS - 1], "(and 30 more)");
	text = review_agenda_text(&a);
	ck_assert_ptr_nonnull(strstr(text, "- line with controls\n- and more\n"));
	free(text);
	review_agenda_free(&a);
	sb_free(&sb);
}
END_TEST

START_TEST(test_agenda_monthly)
{
	struct review_agenda	 a;
	int64_t			 t1, g;
	char			*text, why[128];

	set_now_override("2026-11-05T03:00:00Z");
	ck_assert_int_eq(task_add(db, anna.id, "Send the invoices", "2026-11-04", "cli", -1, &t1), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO task_history (task_id, at, kind, old_due, source) VALUES "
	    "(?, ?, 'missed', '2026-11-04', 'schedule')", "ii", t1, (int64_t)at("2026-11-05T01:00:00Z")), 0);
	set_now_override("2026-11-06T03:00:00Z");
	ck_assert_int_eq(task_move(db, t1, "2026-11-09", "the bank was closed", "reply", -1, why,
	    sizeof(why)), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO feedback (person_id, direction, kind, text, at) VALUES "
	    "(?, 'to_person', 'praise', 'Great demo on Tuesday', ?), (?, 'from_person', 'reply', "
	    "'Thanks, it was fun', ?)", "iiii", anna.id, (int64_t)at("2026-11-10T03:00:00Z"), anna.id,
	    (int64_t)at("2026-11-10T05:00:00Z")), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO surveys (person_id, period, answered_at, clarity, support, "
	    "workload, comment) VALUES (?, '2026-11', 1, 4, 3, 5, 'More time for deep work please')", "i",
	    anna.id), 0);
	set_now_override("2026-10-20T03:00:00Z");
	ck_assert_int_eq(goal_add(db, anna.id, "Newsletter signups", "signups", 100, NULL, &g), 0);
	ck_assert_int_eq(goal_progress(db, g, 25, "cli", why, sizeof(why)), 0);
	set_now_override("2026-11-20T03:00:00Z");
	ck_assert_int_eq(goal_progress(db, g, 60, "cli", why, sizeof(why)), 0);

	ck_assert_int_eq(review_agenda_monthly(db, cfg, &anna, "2026-12", at("2026-12-01T02:00:00Z"), &a), 0);
	text = review_agenda_text(&a);
	ck_assert_msg(strstr(text, "Monthly review for November 2026") == text, "%s", text);
	ck_assert_msg(strstr(text, "Goals and progress:\n- Newsletter signups: 60 of 100 signups (was 25 on "
	    "Nov 1)\n") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "Missed deadlines:\n- #1 Send the invoices (due Wed Nov 4): the bank was "
	    "closed\n") != NULL, "%s", text);
	ck_assert_ptr_nonnull(strstr(text, "Feedback exchanged:\n- Nov 10, praise from Maria: Great demo on "
	    "Tuesday\n- Nov 10, Anna replied: Thanks, it was fun\n"));
	ck_assert_ptr_nonnull(strstr(text, "Survey:\n- November: clarity 4/5, support 3/5, workload 5/5\n"
	    "- More time for deep work please\n"));
	ck_assert_ptr_nonnull(strstr(text, "Questions to prepare:\n"));
	ck_assert_ptr_nonnull(strstr(text, "- How can Maria support you better?\n"));
	free(text);
	review_agenda_free(&a);
}
END_TEST

/* ------------------------------------------------------------- the tick */

START_TEST(test_tick_weekly_after_answer)
{
	struct review	 rv;
	struct jp	*doc;
	const char	*ics;
	char		*raw;
	unsigned	 q = 0;
	int64_t		 ck;

	cfg->monthly_reviews = 0;
	ck = checkin(&anna, "2026-W48", "sent", at("2026-11-27T07:00:00Z"), 0);
	/* not answered, no reminder yet: nothing */
	ck_assert_int_eq(review_tick(db, cfg, &anna, at("2026-11-27T08:00:00Z"), &q), 0);
	ck_assert_uint_eq(q, 0);
	ck_assert_int_eq(count("SELECT count(*) FROM reviews"), 0);
	ck_assert_int_eq(db_run(db, "UPDATE checkins SET status = 'answered' WHERE id = ?", "i", ck), 0);
	answer(ck, "wins", "Shipped it", NAN);
	/* answered, but 03:00 in Manila: waits for working time */
	ck_assert_int_eq(review_tick(db, cfg, &anna, at("2026-11-27T19:00:00Z"), &q), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM reviews"), 0);
	/* Friday 16:00 Manila: the 1:1 for W49 */
	ck_assert_int_eq(review_tick(db, cfg, &anna, at("2026-11-27T08:00:00Z"), &q), 0);
	ck_assert_uint_eq(q, 1);
	ck_assert_int_eq(review_by_uid(db, "rapport-1on1-1-2026-W49@example.com", &rv), 0);
	ck_assert_str_eq(rv.period, "2026-W49");
	ck_assert_str_eq(rv.tz, "Asia/Manila");
	ck_assert_int_eq(rv.sequence, 0);
	/* the preferred day (Friday); 15:00 is before Rome's 09:00, so 16:00 */
	ck_assert_int_eq(rv.start, local_at("Asia/Manila", 2026, 12, 4, 16, 0));
	ck_assert_int_eq(rv.end - rv.start, 30 * 60);
	ck_assert_ptr_nonnull(strstr(rv.agenda, "- Shipped it"));
	/* one email per attendee, both in the review's transaction */
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE kind = 'review'"), 2);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE rcpts = 'anna@example.com' AND person_id = 1"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE rcpts = 'manager@example.com' AND "
	    "person_id IS NULL"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM reviews r JOIN outbox o ON o.id = r.outbox_id WHERE "
	    "o.rcpts = 'anna@example.com'"), 1);
	doc = last_mail_doc("anna@example.com");
	ics = cal_data(doc);
	ck_assert_ptr_nonnull(strstr(ics, "METHOD:REQUEST\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "UID:rapport-1on1-1-2026-W49@example.com\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "SEQUENCE:0\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "DTSTART;TZID=Asia/Manila:20261204T160000\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "ORGANIZER;CN=Maria Rossi:mailto:agent@example.com\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "mailto:anna@example.com"));
	ck_assert_ptr_nonnull(strstr(ics, "mailto:manager@example.com"));
	ck_assert_ptr_nonnull(strstr(ics, "RSVP=TRUE"));
	ck_assert_str_eq(jp_str(jp_get(doc, "from")), "agent@example.com");
	ck_assert_ptr_nonnull(strstr(jp_str(jp_get(doc, "subject")), "1:1 with Maria Rossi: Fri Dec 4, 16:00"));
	jp_free(doc);
	doc = last_mail_doc("manager@example.com");
	ck_assert_ptr_nonnull(strstr(jp_str(jp_get(doc, "subject")), "1:1 with Anna Lee: Fri Dec 4, 09:00"));
	jp_free(doc);
	raw = outbox_bytes(count("SELECT max(id) FROM outbox WHERE rcpts = 'manager@example.com'"));
	ck_assert_ptr_nonnull(strstr(raw, "Hi Maria,"));	/* greeted as the reader */
	ck_assert_ptr_null(strstr(raw, "Hi Anna,"));
	free(raw);
	review_clear(&rv);
	/* once per week */
	ck_assert_int_eq(review_tick(db, cfg, &anna, at("2026-11-27T08:30:00Z"), &q), 0);
	ck_assert_uint_eq(q, 1);
	ck_assert_int_eq(count("SELECT count(*) FROM reviews"), 1);
	/* off when [schedule] weekly_reviews = no */
	cfg->weekly_reviews = 0;
	ck_assert_int_eq(db_run(db, "DELETE FROM reviews", ""), 0);
	ck_assert_int_eq(review_tick(db, cfg, &anna, at("2026-11-27T08:30:00Z"), &q), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM reviews"), 0);
}
END_TEST

START_TEST(test_tick_weekly_after_reminder)
{
	unsigned	q = 0;

	cfg->monthly_reviews = 0;
	/* sent Thu 15:00 Manila, reminded Fri 15:00; 24h of working time
	 * later is Wednesday 15:00 (Fri 2h + Mon 8h + Tue 8h + Wed 6h) */
	checkin(&anna, "2026-W48", "sent", at("2026-11-26T07:00:00Z"), at("2026-11-27T07:00:00Z"));
	ck_assert_int_eq(review_tick(db, cfg, &anna, at("2026-11-30T08:00:00Z"), &q), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM reviews"), 0);
	ck_assert_int_eq(review_tick(db, cfg, &anna, at("2026-12-02T08:00:00Z"), &q), 0);
	ck_assert_uint_eq(q, 1);
	ck_assert_int_eq(count("SELECT count(*) FROM reviews WHERE period = '2026-W49'"), 1);
	/* at least REVIEW_LEAD after now, on the preferred Friday */
	ck_assert_int_eq(count("SELECT start_at FROM reviews"), local_at("Asia/Manila", 2026, 12, 4, 16, 0));
}
END_TEST

START_TEST(test_tick_no_overlap)
{
	struct person	ben;
	unsigned	q = 0;

	cfg->monthly_reviews = 0;
	add_person(&ben, "Ben Okoro", "ben@example.com", "Asia/Manila", "FR 16:00");
	checkin(&anna, "2026-W48", "answered", at("2026-11-27T07:00:00Z"), 0);
	checkin(&ben, "2026-W48", "answered", at("2026-11-27T07:00:00Z"), 0);
	ck_assert_int_eq(review_tick(db, cfg, &anna, at("2026-11-27T08:00:00Z"), &q), 0);
	ck_assert_int_eq(review_tick(db, cfg, &ben, at("2026-11-27T08:00:00Z"), &q), 0);
	ck_assert_uint_eq(q, 2);
	/* the manager cannot be in both: Ben's Friday 16:00 is taken, so 16:30 */
	ck_assert_int_eq(count("SELECT start_at FROM reviews WHERE person_id = 2"),
	    local_at("Asia/Manila", 2026, 12, 4, 16, 30));
	ck_assert_int_eq(count("SELECT count(*) FROM reviews a JOIN reviews b ON a.id < b.id AND "
	    "a.start_at < b.end_at AND b.start_at < a.end_at"), 0);
	person_clear(&ben);
}
END_TEST

START_TEST(test_tick_no_common_time)
{
	struct person	zed;
	unsigned	q = 0;

	cfg->monthly_reviews = 0;
	/* 00:00-08:00 in Manila is 17:00-01:00 in Rome: never both at work */
	add_person(&zed, "Zed Night", "zed@example.com", "Asia/Manila", NULL);
	ck_assert_int_eq(db_run(db, "UPDATE people SET day_start = 0, day_end = 480 WHERE id = ?", "i",
	    zed.id), 0);
	zed.day_start = 0;
	zed.day_end = 480;
	checkin(&zed, "2026-W48", "answered", 0, 0);
	ck_assert_int_eq(review_tick(db, cfg, &zed, local_at("Asia/Manila", 2026, 11, 27, 1, 0), &q), 0);
	ck_assert_int_eq(review_tick(db, cfg, &zed, local_at("Asia/Manila", 2026, 11, 27, 1, 30), &q), 0);
	ck_assert_uint_eq(q, 0);
	ck_assert_int_eq(count("SELECT count(*) FROM reviews"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM events WHERE kind = 'review.no_slot'"), 1);
	person_clear(&zed);
}
END_TEST

START_TEST(test_tick_monthly)
{
	struct review	 rv;
	unsigned	 q = 0;
	time_t		 now;

	cfg->weekly_reviews = 0;
	/* Tue Dec 1 is the first working day of December in Manila */
	ck_assert_int_eq(review_tick(db, cfg, &anna, at("2026-11-30T08:00:00Z"), &q), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM reviews"), 0);
	now = local_at("Asia/Manila", 2026, 12, 1, 10, 0);
	ck_assert_int_eq(review_tick(db, cfg, &anna, now, &q), 0);
	ck_assert_uint_eq(q, 1);
	ck_assert_int_eq(review_by_uid(db, "rapport-review-1-2026-12@example.com", &rv), 0);
	ck_assert_str_eq(rv.period, "2026-12");
	ck_assert_int_eq(rv.end - rv.start, 60 * 60);
	ck_assert(rv.start >= now + REVIEW_LEAD && rv.start < now + REVIEW_MONTHLY_WINDOW);
	/* 60 minutes fit 16:00-17:00 only; Friday is Anna's preferred day */
	ck_assert_int_eq(rv.start, local_at("Asia/Manila", 2026, 12, 4, 16, 0));
	ck_assert_ptr_nonnull(strstr(rv.agenda, "Questions to prepare:"));
	review_clear(&rv);
	ck_assert_int_eq(review_tick(db, cfg, &anna, now + 3600, &q), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM reviews"), 1);
	/* after the first working week nothing is scheduled for a month that was missed */
	ck_assert_int_eq(db_run(db, "DELETE FROM reviews", ""), 0);
	ck_assert_int_eq(review_tick(db, cfg, &anna, local_at("Asia/Manila", 2026, 12, 9, 10, 0), &q), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM reviews"), 0);
}
END_TEST

/* ------------------------------------------------------------- changes */

static int64_t
schedule_one(time_t start)
{
	char	why[256];
	int64_t	id = 0;

	ck_assert_int_eq(review_schedule(db, cfg, &anna, REVIEW_WEEKLY, start, 0, now_utc(), &id, why,
	    sizeof(why)), 0);
	return id;
}

START_TEST(test_move_cancel_revive)
{
	struct review	 rv;
	struct jp	*doc;
	const char	*ics;
	char		 why[256];
	int64_t		 id, id2;
	time_t		 s = local_at("Asia/Manila", 2026, 12, 3, 16, 0);

	id = schedule_one(s);
	ck_assert_int_eq(review_schedule(db, cfg, &anna, REVIEW_WEEKLY, s + 1800, 0, now_utc(), &id2, why,
	    sizeof(why)), 1);
	ck_assert_ptr_nonnull(strstr(why, "already has its weekly review #1"));
	ck_assert_int_eq(db_run(db, "INSERT INTO rsvps (review_id, attendee, method, partstat, at) VALUES "
	    "(?, 'anna@example.com', 'REPLY', 'ACCEPTED', 1)", "i", id), 0);

	ck_assert_int_eq(review_move(db, cfg, id, s + 1800, 0, now_utc(), why, sizeof(why)), 0);
	ck_assert_int_eq(review_load(db, id, &rv), 0);
	ck_assert_int_eq(rv.sequence, 1);
	ck_assert_int_eq(rv.start, s + 1800);
	ck_assert_int_eq(rv.end, s + 3600);
	review_clear(&rv);
	ck_assert_int_eq(count("SELECT count(*) FROM rsvps WHERE status = 'superseded'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox"), 4);
	doc = last_mail_doc("manager@example.com");
	ics = cal_data(doc);
	ck_assert_ptr_nonnull(strstr(ics, "METHOD:REQUEST\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "SEQUENCE:1\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "UID:rapport-1on1-1-2026-W49@example.com\r\n"));
	ck_assert_ptr_nonnull(strstr(jp_str(jp_get(doc, "subject")), "Updated: 1:1 with Anna Lee"));
	jp_free(doc);

	ck_assert_int_eq(review_cancel(db, cfg, id, now_utc(), why, sizeof(why)), 0);
	ck_assert_int_eq(review_load(db, id, &rv), 0);
	ck_assert_int_eq(rv.sequence, 2);
	ck_assert_str_eq(rv.status, "cancelled");
	review_clear(&rv);
	doc = last_mail_doc("anna@example.com");
	ics = cal_data(doc);
	ck_assert_ptr_nonnull(strstr(ics, "METHOD:CANCEL\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "STATUS:CANCELLED\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "SEQUENCE:2\r\n"));
	ck_assert_str_eq(jp_str(jp_get(jp_at(jp_get(doc, "calendars"), 0), "content_type_method")), "CANCEL");
	ck_assert_ptr_nonnull(strstr(jp_str(jp_get(doc, "subject")), "Cancelled: 1:1 with Maria Rossi"));
	jp_free(doc);
	/* a cancelled review cannot move or be cancelled again */
	ck_assert_int_eq(review_move(db, cfg, id, s, 0, now_utc(), why, sizeof(why)), 1);
	ck_assert_ptr_nonnull(strstr(why, "cancelled"));
	ck_assert_int_eq(review_cancel(db, cfg, id, now_utc(), why, sizeof(why)), 1);
	ck_assert_int_eq(review_cancel(db, cfg, 99, now_utc(), why, sizeof(why)), 1);
	ck_assert_ptr_nonnull(strstr(why, "no review #99"));

	/* scheduling the period again revives it: same UID, SEQUENCE 3 */
	ck_assert_int_eq(review_schedule(db, cfg, &anna, REVIEW_WEEKLY, s, 0, now_utc(), &id2, why,
	    sizeof(why)), 0);
	ck_assert_int_eq(id2, id);
	ck_assert_int_eq(review_load(db, id, &rv), 0);
	ck_assert_int_eq(rv.sequence, 3);
	ck_assert_str_eq(rv.status, "scheduled");
	review_clear(&rv);
	ck_assert_int_eq(count("SELECT count(*) FROM reviews"), 1);
}
END_TEST

START_TEST(test_accept_counter)
{
	struct review	rv;
	char		why[256];
	int64_t		id;
	time_t		s = local_at("Asia/Manila", 2026, 12, 3, 16, 0);

	id = schedule_one(s);
	ck_assert_int_eq(review_accept_counter(db, cfg, id, now_utc(), why, sizeof(why)), 1);
	ck_assert_ptr_nonnull(strstr(why, "no counter-proposal"));
	ck_assert_int_eq(db_run(db, "INSERT INTO rsvps (review_id, attendee, method, partstat, "
	    "proposed_start, proposed_end, at) VALUES (?, 'anna@example.com', 'COUNTER', 'TENTATIVE', ?, ?, 5)",
	    "iii", id, (int64_t)(s + 86400), (int64_t)(s + 86400 + 1800)), 0);
	ck_assert_int_eq(review_accept_counter(db, cfg, id, now_utc(), why, sizeof(why)), 0);
	ck_assert_int_eq(review_load(db, id, &rv), 0);
	ck_assert_int_eq(rv.start, s + 86400);
	ck_assert_int_eq(rv.sequence, 1);
	review_clear(&rv);
	ck_assert_int_eq(count("SELECT count(*) FROM rsvps WHERE status = 'accepted'"), 1);
	/* never a DECLINECOUNTER */
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE instr(CAST(bytes AS TEXT), "
	    "'DECLINECOUNTER') > 0"), 0);
	ck_assert_int_eq(review_accept_counter(db, cfg, id, now_utc(), why, sizeof(why)), 1);
}
END_TEST

/* ------------------------------------------------------------- RSVPs */

static int64_t
message_row(void)
{
	ck_assert_int_eq(db_run(db, "INSERT INTO messages (source, message_id, size, received_at) "
	    "VALUES ('test', ?, 1, 0)", "t", "m"), 0);
	return db_last_id(db);
}

static void
record_doc(const char *json, struct record_result *res)
{
	struct jp	*doc;
	char		 why[256];

	doc = jp_parse(json, strlen(json), why, sizeof(why));
	ck_assert_msg(doc != NULL, "%s", why);
	ck_assert_int_eq(record_message(db, cfg, message_row(), doc, res), 0);
	jp_free(doc);
}

static void
itip_doc(char *buf, size_t len, const char *from, const char *method, const char *uid, long seq,
    const char *attendee, const char *partstat, const char *extra)
{
	snprintf(buf, len, "{\"class\":\"itip\",\"from\":\"%s\",\"itip\":{\"method\":\"%s\","
	    "\"uid\":\"%s\",\"sequence\":%ld,\"attendee\":\"mailto:%s\",\"partstat\":\"%s\"%s}}",
	    from, method, uid, seq, attendee, partstat, extra != NULL ? extra : "");
}

START_TEST(test_rsvp_rules)
{
	struct record_result	 res;
	char			 j[1024];
	const char		*uid = "rapport-1on1-1-2026-W49@example.com";
	int64_t			 id;

	id = schedule_one(local_at("Asia/Manila", 2026, 12, 3, 16, 0));
	ck_assert_int_eq(person_alias_add(db, anna.id, "anna.lee@home.example"), 0);

	/* Anna accepts from her alias, as MAILTO: in capitals */
	itip_doc(j, sizeof(j), "anna.lee@home.example", "REPLY", uid, 0, "ANNA@example.com", "ACCEPTED",
	    ",\"comment\":\"See you then\"");
	record_doc(j, &res);
	ck_assert_str_eq(res.state, "recorded");
	ck_assert_int_eq(res.person_id, anna.id);
	ck_assert_str_eq(res.thread_kind, "review");
	ck_assert_int_eq(res.thread_ref, id);
	ck_assert_int_eq(count("SELECT count(*) FROM rsvps WHERE attendee = 'anna@example.com' AND "
	    "partstat = 'ACCEPTED' AND status = 'current' AND comment = 'See you then'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM messages WHERE state = 'recorded' AND class = 'itip'"), 1);

	/* the manager declines; then Anna changes her mind */
	itip_doc(j, sizeof(j), "manager@example.com", "REPLY", uid, 0, "manager@example.com", "DECLINED", NULL);
	record_doc(j, &res);
	ck_assert_str_eq(res.state, "recorded");
	itip_doc(j, sizeof(j), "anna@example.com", "REPLY", uid, 0, "anna@example.com", "TENTATIVE", NULL);
	record_doc(j, &res);
	ck_assert_int_eq(count("SELECT count(*) FROM rsvps WHERE status = 'current'"), 2);
	ck_assert_int_eq(count("SELECT count(*) FROM rsvps WHERE status = 'superseded' AND partstat = "
	    "'ACCEPTED'"), 1);

	/* after a move (SEQUENCE 1) a reply to SEQUENCE 0 is stale */
	ck_assert_int_eq(db_run(db, "UPDATE reviews SET sequence = 1 WHERE id = ?", "i", id), 0);
	itip_doc(j, sizeof(j), "anna@example.com", "REPLY", uid, 0, "anna@example.com", "DECLINED", NULL);
	record_doc(j, &res);
	ck_assert_str_eq(res.state, "recorded");
	ck_assert_ptr_nonnull(strstr(res.why, "stale"));
	ck_assert_int_eq(count("SELECT count(*) FROM rsvps WHERE status = 'stale' AND partstat = 'DECLINED'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM rsvps WHERE status = 'current' AND attendee = "
	    "'anna@example.com' AND partstat = 'TENTATIVE'"), 1);

	/* a counter-proposal */
	itip_doc(j, sizeof(j), "anna@example.com", "COUNTER", uid, 1, "anna@example.com", "TENTATIVE",
	    ",\"proposed_start\":\"2026-12-04T08:00:00Z\",\"proposed_end\":\"2026-12-04T08:30:00Z\"");
	record_doc(j, &res);
	ck_assert_str_eq(res.state, "recorded");
	ck_assert_int_eq(count("SELECT proposed_start FROM rsvps WHERE method = 'COUNTER' AND status = "
	    "'current'"), at("2026-12-04T08:00:00Z"));
	/* it does not replace her reply */
	ck_assert_int_eq(count("SELECT count(*) FROM rsvps WHERE status = 'current' AND attendee = "
	    "'anna@example.com' AND method = 'REPLY'"), 1);

	/* a stranger, or a stranger named as the attendee: quarantined */
	itip_doc(j, sizeof(j), "eve@evil.example", "REPLY", uid, 1, "anna@example.com", "DECLINED", NULL);
	record_doc(j, &res);
	ck_assert_str_eq(res.state, "quarantined");
	ck_assert_ptr_nonnull(strstr(res.why, "not an attendee"));
	itip_doc(j, sizeof(j), "anna@example.com", "REPLY", uid, 1, "eve@evil.example", "DECLINED", NULL);
	record_doc(j, &res);
	ck_assert_str_eq(res.state, "quarantined");
	ck_assert_ptr_nonnull(strstr(res.why, "ATTENDEE eve@evil.example is not invited"));

	/* a UID that is no review: from a known person ignored, else quarantined */
	itip_doc(j, sizeof(j), "anna@example.com", "REPLY", "other@x", 0, "anna@example.com", "ACCEPTED", NULL);
	record_doc(j, &res);
	ck_assert_str_eq(res.state, "ignored");
	itip_doc(j, sizeof(j), "eve@evil.example", "REPLY", "other@x", 0, "eve@evil.example", "ACCEPTED", NULL);
	record_doc(j, &res);
	ck_assert_str_eq(res.state, "quarantined");

	/* only REPLY and COUNTER are read: a CANCEL for our own UID changes nothing */
	itip_doc(j, sizeof(j), "anna@example.com", "CANCEL", uid, 5, "anna@example.com", "DECLINED", NULL);
	record_doc(j, &res);
	ck_assert_str_eq(res.state, "ignored");
	ck_assert_ptr_nonnull(strstr(res.why, "METHOD:CANCEL"));
	ck_assert_int_eq(count("SELECT count(*) FROM reviews WHERE status = 'scheduled'"), 1);

	/* a RECURRENCE-ID that is not the meeting */
	itip_doc(j, sizeof(j), "anna@example.com", "REPLY", uid, 1, "anna@example.com", "ACCEPTED",
	    ",\"recurrence_id\":\"2026-12-10T08:00:00Z\"");
	record_doc(j, &res);
	ck_assert_str_eq(res.state, "ignored");
	ck_assert_int_eq(count("SELECT count(*) FROM rsvps"), 5);
}
END_TEST

/* --- every REPLY / COUNTER / CANCEL / DECLINECOUNTER fixture */

struct rfix {
	const char	*file;
	const char	*state;		/* recorded, ignored */
	const char	*method;	/* stored method, NULL: nothing stored */
	const char	*partstat;
	int		 proposal;
};

static const struct rfix rfixtures[] = {
	{ "google-reply-accepted.eml", "recorded", "REPLY", "ACCEPTED", 0 },
	{ "google-reply-tentative.eml", "recorded", "REPLY", "TENTATIVE", 0 },
	{ "google-counter.eml", "recorded", "COUNTER", "TENTATIVE", 1 },
	{ "outlookmac-reply-accepted.eml", "recorded", "REPLY", "ACCEPTED", 0 },
	{ "outlookmac-reply-declined.eml", "recorded", "REPLY", "DECLINED", 0 },
	{ "outlook2010-reply-accepted.eml", "recorded", "REPLY", "ACCEPTED", 0 },
	{ "apple-ical3-reply-accepted.eml", "recorded", "REPLY", "ACCEPTED", 0 },
	{ "ios-reply-accepted.eml", "recorded", "REPLY", "ACCEPTED", 0 },
	{ "ios-reply-declined.eml", "recorded", "REPLY", "DECLINED", 0 },
	{ "ios-counter-as-reply.ics", "recorded", "REPLY", "TENTATIVE", 1 },
	{ "android-reply-accepted.eml", "recorded", "REPLY", "ACCEPTED", 0 },
	{ "google-cancel.ics", "ignored", NULL, NULL, 0 },
	{ "icloud-cancel.ics", "ignored", NULL, NULL, 0 },
	{ "outlookmac-cancel.eml", "ignored", NULL, NULL, 0 },
	{ "tbfixture-cancel-occurrence.eml", "ignored", NULL, NULL, 0 },
	{ "bluemind-declinecounter.ics", "ignored", NULL, NULL, 0 },
};

/* Parse a message (or a bare .ics) into its document. */
static struct jp *
parse_raw(const char *raw, size_t len)
{
	struct parse_ctx	 ctx;
	struct strbuf		 out = STRBUF_INIT;
	struct jp		*doc;
	char			 why[256];

	parse_ctx_init(&ctx);
	ck_assert_int_eq(parse_message(raw, len, &ctx, &out, 0), 0);
	doc = jp_parse(sb_str(&out), out.len, why, sizeof(why));
	ck_assert_msg(doc != NULL, "%s", why);
	sb_free(&out);
	return doc;
}

START_TEST(test_corpus_routes)
{
	const struct rfix	*fx = &rfixtures[_i];
	struct record_result	 res;
	struct strbuf		 sb = STRBUF_INIT;
	struct jp		*doc;
	struct person		 p;
	char			 path[700], *raw, *addr, *from;
	const char		*att;
	size_t			 len;
	int			 round;

	snprintf(path, sizeof(path), "%s/%s", corpus, fx->file);
	ck_assert_msg(read_file(path, &raw, &len, 4 << 20) == 0, "%s", path);
	doc = parse_raw(raw, len);
	free(raw);
	ck_assert_str_eq(jp_str(jp_get(doc, "class")), "itip");
	att = jp_str(jp_get(jp_get(doc, "itip"), "attendee"));
	ck_assert_ptr_nonnull(att);
	addr = xstrdup(att + 7);
	if (jp_str(jp_get(doc, "from")) == NULL) {
		/* a bare .ics: mail it as its producer would, from the attendee
		 * (a reply) or the organizer (anything else) */
		const char *org = jp_str(jp_get(jp_get(doc, "itip"), "organizer"));
		const char *m = jp_str(jp_get(jp_get(doc, "itip"), "method"));
		from = xstrdup(strcmp(m, "REPLY") == 0 || strcmp(m, "COUNTER") == 0 || org == NULL ?
		    addr : org);
		snprintf(path, sizeof(path), "%s/%s", corpus, fx->file);
		ck_assert_int_eq(read_file(path, &raw, &len, 4 << 20), 0);
		sb_init(&sb, 8 << 20);
		sb_printf(&sb, "From: <%s>\r\nTo: agent@example.com\r\nSubject: fixture\r\n"
		    "Message-ID: <fx@test>\r\nMIME-Version: 1.0\r\nContent-Type: text/calendar; "
		    "charset=UTF-8; method=%s\r\n\r\n", from, m);
		sb_add(&sb, raw, len);
		free(raw);
		jp_free(doc);
		doc = parse_raw(sb_str(&sb), sb.len);
		sb_free(&sb);
	} else
		from = xstrdup(jp_str(jp_get(doc, "from")));
	/* the review has the fixture's UID and SEQUENCE; the person is the
	 * attendee, with the sender as an alias when they differ */
	add_person(&p, "Fixture Person", addr, "UTC", NULL);
	if (strcasecmp(from, addr) != 0)
		ck_assert_int_eq(person_alias_add(db, p.id, from), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO reviews (person_id, kind, period, uid, sequence, start_at, "
	    "end_at, tz, created_at, updated_at) VALUES (?, 'weekly', '2026-W49', ?, ?, 1, 2, 'UTC', 0, 0)",
	    "iti", p.id, jp_str(jp_get(jp_get(doc, "itip"), "uid")),
	    jp_int(jp_get(jp_get(doc, "itip"), "sequence"), 0)), 0);
	for (round = 0; round < 2; round++) {
		ck_assert_int_eq(record_message(db, cfg, message_row(), doc, &res), 0);
		ck_assert_msg(strcmp(res.state, fx->state) == 0, "%s: %s (%s)", fx->file, res.state, res.why);
		ck_assert_str_eq(res.thread_kind, "review");
		if (fx->method == NULL) {
			ck_assert_int_eq(count("SELECT count(*) FROM rsvps"), 0);
			break;
		}
		ck_assert_int_eq(count("SELECT count(*) FROM rsvps"), round + 1);
		{
			sqlite3_stmt *st = db_query(db, "SELECT attendee, method, partstat, proposed_start, "
			    "status FROM rsvps ORDER BY id DESC LIMIT 1", "");
			ck_assert_int_eq(db_step(st), 1);
			ck_assert_str_eq(db_col_text(st, 0), addr);
			ck_assert_str_eq(db_col_text(st, 1), fx->method);
			ck_assert_str_eq(db_col_text(st, 2), fx->partstat);
			ck_assert_int_eq(!db_col_is_null(st, 3), fx->proposal);
			/* the second round, after a reschedule, is stale */
			ck_assert_str_eq(db_col_text(st, 4), round == 0 ? "current" : "stale");
			db_done(st);
		}
		ck_assert_int_eq(db_run(db, "UPDATE reviews SET sequence = sequence + 1", ""), 0);
	}
	/* the same reply from someone not on the invite is quarantined */
	ck_assert_int_eq(db_run(db, "DELETE FROM person_aliases", ""), 0);
	ck_assert_int_eq(db_run(db, "UPDATE people SET email = 'someone.else@example.org' WHERE id = ?",
	    "i", p.id), 0);
	ck_assert_int_eq(record_message(db, cfg, message_row(), doc, &res), 0);
	ck_assert_str_eq(res.state, "quarantined");
	person_clear(&p);
	free(addr);
	free(from);
	jp_free(doc);
}
END_TEST

int
main(void)
{
	Suite		*s = suite_create("review");
	TCase		*tc = tcase_create("core");
	TCase		*tcc;
	SRunner		*sr;
	const char	*top = getenv("top_srcdir");
	FILE		*f;
	int		 failed;

	snprintf(corpus, sizeof(corpus), "%s/../shared/corpus/itip", top != NULL ? top : ".");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_parse_pref);
	tcase_add_test(tc, test_parse_time);
	tcase_add_test(tc, test_slot_ok);
	tcase_add_test(tc, test_agenda_weekly);
	tcase_add_test(tc, test_agenda_caps);
	tcase_add_test(tc, test_agenda_monthly);
	tcase_add_test(tc, test_tick_weekly_after_answer);
	tcase_add_test(tc, test_tick_weekly_after_reminder);
	tcase_add_test(tc, test_tick_no_overlap);
	tcase_add_test(tc, test_tick_no_common_time);
	tcase_add_test(tc, test_tick_monthly);
	tcase_add_test(tc, test_move_cancel_revive);
	tcase_add_test(tc, test_accept_counter);
	tcase_add_test(tc, test_rsvp_rules);
	suite_add_tcase(s, tc);
	if ((f = fopen(corpus, "r")) != NULL) {
		fclose(f);
		tcc = tcase_create("corpus");
		tcase_add_checked_fixture(tcc, setup, teardown);
		tcase_set_timeout(tcc, 60);
		tcase_add_loop_test(tcc, test_corpus_routes, 0,
		    (int)(sizeof(rfixtures) / sizeof(rfixtures[0])));
		suite_add_tcase(s, tcc);
	} else
		fprintf(stderr, "test_review: %s absent, corpus tests skipped\n", corpus);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	icaltimezone_free_builtin_timezones();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
