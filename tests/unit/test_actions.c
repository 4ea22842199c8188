/*
 * Unit tests for agent/actions.c and agent/receipt.c: every command form
 * carried out against a real database with the exact confirmation line
 * it produces, the near misses (wrong name, ambiguous name, unknown task
 * id, someone else's task, past and ambiguous dates, a pause that ends
 * today) with their error and closest valid form, the manager's mail
 * through record_message() (one confirmation, exactly once, a forged
 * sender quarantined), check-in receipts and the corrections people
 * reply with, and the digest's suggested lines.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actions.h"
#include "caps.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "fixture.h"
#include "jsonp.h"
#include "mail.h"
#include "mime.h"
#include "mustache.h"
#include "parse.h"
#include "people.h"
#include "rawhdr.h"
#include "receipt.h"
#include "record.h"
#include "strbuf.h"
#include "tasks.h"
#include "templates.h"
#include "util.h"
#include "validate.h"

static char			 dir[] = "/tmp/rapport-test-actions.XXXXXX";
static struct db		*db;
static struct config		*cfg;
static struct person		 anna, ben;
static struct actions_result	 res;
static struct record_result	 rec;

/* Wednesday 2026-11-25 08:00 UTC: 09:00 in Rome, 16:00 in Manila, 00:00 in Los Angeles. */
#define NOW "2026-11-25T08:00:00Z"

static const char conf_text[] =
    "[agent]\ndatabase = @DIR@/r.db\naddress = agent@example.com\nlog = @DIR@/log\n%s"
    "[manager]\nname = Maria Rossi\nemail = manager@example.com\ntz = Europe/Rome\n"
    "[smtp]\nfrom = agent@example.com\n";

static time_t
at(const char *iso)
{
	time_t t;

	ck_assert_msg(parse_iso_time(iso, &t) == 0, "bad time %s", iso);
	return t;
}

static void
add_person(struct person *p, const char *name, const char *email, const char *tz)
{
	memset(p, 0, sizeof(*p));
	p->name = xstrdup(name);
	p->email = xstrdup(email);
	p->tz = xstrdup(tz);
	p->days = 0x3e;
	p->day_start = 9 * 60;
	p->day_end = 17 * 60;
	p->receipts = 1;
	p->created_at = at("2026-10-01T00:00:00Z");
	ck_assert_int_eq(person_insert(db, p), 0);
}

static void
add_task(const struct person *p, const char *text, const char *due)
{
	int64_t id;

	ck_assert_int_eq(task_add(db, p->id, text, due, "cli", -1, &id), 0);
}

static void
open_config(const char *extra)
{
	char conf[1024];

	snprintf(conf, sizeof(conf), conf_text, extra);
	fixture_open(dir, conf, &cfg, &db);
}

static void
setup_with(const char *extra)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	open_config(extra);
	set_now_override(NOW);
	add_person(&anna, "Anna Lee", "anna@example.com", "Asia/Manila");
	add_person(&ben, "Ben Ortiz", "ben@example.com", "America/Los_Angeles");
	add_task(&anna, "Prepare the Q4 report", "2026-12-04");		/* #1 */
	add_task(&anna, "Book the offsite venue", "2026-11-20");	/* #2, overdue */
	add_task(&ben, "Update the CRM", "2026-12-01");			/* #3 */
	memset(&res, 0, sizeof(res));
	memset(&rec, 0, sizeof(rec));
}

static void
setup(void)
{
	setup_with("");
}

static void
teardown(void)
{
	actions_result_free(&res);
	person_clear(&anna);
	person_clear(&ben);
	db_close(db);
	config_free(cfg);
	fixture_remove(dir, "/tmp/rapport-test-actions.XXXXXX");
}

static int64_t
count(const char *sql)
{
	int64_t n = -1;

	ck_assert_int_eq(db_int(db, &n, sql, ""), 0);
	return n;
}

static char *
text_of(const char *sql)
{
	char *s = NULL;

	ck_assert_int_eq(db_text(db, &s, sql, ""), 0);
	return s;
}

static void
expect_text(const char *sql, const char *want)
{
	char *s = text_of(sql);

	ck_assert_msg(s != NULL && strcmp(s, want) == 0, "%s: got '%s', wanted '%s'", sql,
	    s != NULL ? s : "(null)", want);
	free(s);
}

/* The text part of an outbox message, decoded. Caller frees. */
static char *
outbox_body(const char *sql)
{
	struct prescan_limits	 lim;
	struct mail_msg		 m;
	sqlite3_stmt		*st;
	char			*raw, *body, err[256];
	size_t			 len;

	st = db_query(db, sql, "");
	ck_assert_int_eq(db_step(st), 1);
	len = (size_t)sqlite3_column_bytes(st, 0);
	raw = xcalloc(1, len + LIBETPAN_PAD);
	memcpy(raw, sqlite3_column_blob(st, 0), len);
	db_done(st);
	prescan_limits_default(&lim);
	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(mime_parse(raw, len, &lim, &m, err, sizeof(err)), MIME_OK);
	body = xstrndup(m.body, m.body_len);
	mail_msg_free(&m);
	free(raw);
	return body;
}

/* Run text through the executor, as `who` (NULL: the manager), in one transaction. */
static void
run_as(const struct person *who, int64_t checkin, const char *text)
{
	struct actions_ctx ctx;

	actions_result_free(&res);
	memset(&ctx, 0, sizeof(ctx));
	ctx.db = db;
	ctx.cfg = cfg;
	ctx.date = now_utc();
	ctx.source = who != NULL ? "reply" : "email";
	ctx.message = -1;
	ctx.person = who;
	ctx.checkin = checkin;
	ck_assert_int_eq(db_begin(db), 0);
	ck_assert_int_eq(actions_run(&ctx, text, strlen(text), &res), 0);
	ck_assert_int_eq(db_commit(db), 0);
}

static void
run(const char *text)
{
	run_as(NULL, -1, text);
}

static void
dump(void)
{
	size_t i;

	for (i = 0; i < res.ndone; i++)
		fprintf(stderr, "done[%zu] %s\n", i, res.done[i]);
	for (i = 0; i < res.nerrors; i++)
		fprintf(stderr, "error[%zu] %s\n", i, res.errors[i]);
}

static void
expect(size_t ndone, size_t nerrors)
{
	if (res.ndone != ndone || res.nerrors != nerrors)
		dump();
	ck_assert_uint_eq(res.ndone, ndone);
	ck_assert_uint_eq(res.nerrors, nerrors);
}

static void
done_is(size_t i, const char *want)
{
	ck_assert_uint_gt(res.ndone, i);
	ck_assert_str_eq(res.done[i], want);
}

static void
error_is(size_t i, const char *want)
{
	ck_assert_uint_gt(res.nerrors, i);
	ck_assert_str_eq(res.errors[i], want);
}

/* ---- the manager's commands ---- */

START_TEST(test_kudos_praise_feedback)
{
	run("Hi,\n\nkudos anna: great work on the launch\npraise Ben: thanks for covering Friday\n"
	    "feedback anna: please confirm receipt of client emails within 4 hours\n\nThanks,\nMaria\n");
	expect(3, 0);
	done_is(0, "kudos sent to Anna Lee: \xe2\x80\x9cgreat work on the launch\xe2\x80\x9d");
	done_is(1, "praise sent to Ben Ortiz: \xe2\x80\x9cthanks for covering Friday\xe2\x80\x9d");
	done_is(2, "feedback sent to Anna Lee: \xe2\x80\x9cplease confirm receipt of client emails "
	    "within 4 hours\xe2\x80\x9d");
	expect_text("SELECT group_concat(kind || ':' || person_id, ',') FROM (SELECT * FROM feedback "
	    "ORDER BY id)", "kudos:1,praise:2,constructive:1");
	ck_assert_int_eq(count("SELECT count(*) FROM feedback WHERE outbox_id IS NULL"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE kind = 'feedback'"), 3);
	ck_assert_str_eq(res.first, "kudos anna: great work on the launch");
}
END_TEST

START_TEST(test_task_and_goal)
{
	run("task anna: prepare the Q1 report due Jan 10\n"
	    "goal ben: inbox under 20 emails by Dec 31\n"
	    "goal anna: be kind\n"
	    "task anna: write the handbook\n");
	expect(3, 1);
	done_is(0, "task #4 for Anna Lee: \xe2\x80\x9cprepare the Q1 report\xe2\x80\x9d, due Sun Jan 10");
	done_is(1, "goal 1 for Ben Ortiz: \xe2\x80\x9cinbox under 20 emails\xe2\x80\x9d, by Thu Dec 31");
	done_is(2, "goal 2 for Anna Lee: \xe2\x80\x9c" "be kind\xe2\x80\x9d");
	error_is(0, "\xe2\x80\x9ctask anna: write the handbook\xe2\x80\x9d: when is it due? end the line "
	    "with a date; did you mean `task anna: write the handbook due Dec 2`?");
	expect_text("SELECT due || ' ' || text FROM tasks WHERE id = 4", "2027-01-10 prepare the Q1 report");
	expect_text("SELECT source FROM task_history WHERE task_id = 4", "email");
	expect_text("SELECT due FROM goals WHERE id = 1", "2026-12-31");
	ck_assert_int_eq(count("SELECT count(*) FROM goals WHERE id = 2 AND due IS NULL"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM tasks"), 4);
}
END_TEST

START_TEST(test_done_cancel_move)
{
	run("done #1\ncancel 3\nmove #2 to Dec 12: waiting on the venue\n");
	expect(3, 0);
	done_is(0, "task #1 \xe2\x80\x9cPrepare the Q4 report\xe2\x80\x9d (Anna Lee) done");
	done_is(1, "task #3 \xe2\x80\x9cUpdate the CRM\xe2\x80\x9d (Ben Ortiz) cancelled");
	done_is(2, "task #2 \xe2\x80\x9c" "Book the offsite venue\xe2\x80\x9d (Anna Lee) moved to Sat Dec 12 "
	    "(was Fri Nov 20)");
	expect_text("SELECT group_concat(status, ',') FROM (SELECT status FROM tasks ORDER BY id)",
	    "done,open,cancelled");
	expect_text("SELECT old_due || ' ' || new_due || ' ' || reason || ' ' || source FROM task_history "
	    "WHERE task_id = 2 AND kind = 'moved'", "2026-11-20 2026-12-12 waiting on the venue email");
	/* again: nothing changes, and it says so */
	run("done #1\nmove #1 to Dec 20\nmove #2 to Dec 12\n");
	expect(2, 1);
	done_is(0, "task #1 \xe2\x80\x9cPrepare the Q4 report\xe2\x80\x9d (Anna Lee) was already done");
	done_is(1, "task #2 \xe2\x80\x9c" "Book the offsite venue\xe2\x80\x9d (Anna Lee) was already due Sat Dec 12");
	error_is(0, "\xe2\x80\x9cmove #1 to Dec 20\xe2\x80\x9d: task #1 \xe2\x80\x9cPrepare the Q4 "
	    "report\xe2\x80\x9d (Anna Lee) is done: it cannot be moved");
	ck_assert_int_eq(count("SELECT count(*) FROM task_history WHERE kind IN ('done', 'moved')"), 2);
}
END_TEST

START_TEST(test_unknown_task_id)
{
	run("done #21\ncancel #7\nmove #12 to Dec 12\n");
	expect(0, 3);
	error_is(0, "\xe2\x80\x9c" "done #21\xe2\x80\x9d: no task #21 (open: #2, #3, #1); did you mean "
	    "`done #2`?");
	error_is(1, "\xe2\x80\x9c" "cancel #7\xe2\x80\x9d: no task #7 (open: #2, #3, #1); did you mean "
	    "`cancel #3`?");
	error_is(2, "\xe2\x80\x9cmove #12 to Dec 12\xe2\x80\x9d: no task #12 (open: #2, #3, #1); did you "
	    "mean `move #2 to Dec 12`?");
	ck_assert_int_eq(count("SELECT count(*) FROM task_history WHERE kind != 'created'"), 0);
}
END_TEST

START_TEST(test_past_and_ambiguous_dates)
{
	char *zone = cfg->manager_tz;

	run("move #1 to yesterday\ntask anna: call the client due Nov 2 2026\npause ben until last Friday\n");
	expect(0, 3);
	error_is(0, "\xe2\x80\x9cmove #1 to yesterday\xe2\x80\x9d: \xe2\x80\x9cyesterday\xe2\x80\x9d is in "
	    "the past (2026-11-24); did you mean `move #1 to DATE`?");
	error_is(1, "\xe2\x80\x9ctask anna: call the client due Nov 2 2026\xe2\x80\x9d: \xe2\x80\x9cNov 2 "
	    "2026\xe2\x80\x9d is in the past (2026-11-02); did you mean `task NAME: TEXT due DATE`?");
	error_is(2, "\xe2\x80\x9cpause ben until last Friday\xe2\x80\x9d: \xe2\x80\x9clast Friday\xe2\x80\x9d "
	    "is in the past (2026-11-20); did you mean `pause NAME until DATE`?");
	/* Toronto writes dates either way round: 12/8 is refused, Dec 8 is not */
	cfg->manager_tz = (char *)"America/Toronto";
	run("move #1 to 12/8\nmove #1 to Dec 8\n");
	cfg->manager_tz = zone;
	expect(1, 1);
	error_is(0, "\xe2\x80\x9cmove #1 to 12/8\xe2\x80\x9d: \xe2\x80\x9c" "12/8\xe2\x80\x9d could be "
	    "Aug 12 or Dec 8; write the month as a word or use 2027-08-12; did you mean `move #1 to DATE`?");
	done_is(0, "task #1 \xe2\x80\x9cPrepare the Q4 report\xe2\x80\x9d (Anna Lee) moved to Tue Dec 8 "
	    "(was Fri Dec 4)");
}
END_TEST

START_TEST(test_pause_resume)
{
	run("pause ben until Jan 3\npause anna\n");
	expect(2, 0);
	done_is(0, "Ben Ortiz paused until Sun Jan 3 (the first day back): no check-ins, reminders or "
	    "follow-ups before then");
	done_is(1, "Anna Lee paused until you write `resume anna`: no check-ins, reminders or follow-ups");
	ck_assert_int_eq(count("SELECT paused_until FROM people WHERE id = 2"),
	    (int64_t)zone_instant("America/Los_Angeles", "2027-01-03", 0));
	ck_assert_int_eq(count("SELECT paused_from FROM people WHERE id = 2"), (int64_t)at(NOW));
	ck_assert_int_eq(count("SELECT count(*) FROM people WHERE id = 1 AND paused_from > 0 AND "
	    "coalesce(paused_until, 0) = 0"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM events WHERE kind = 'person.pause'"), 2);
	run("resume ben\nresume ben\nunpause Anna\n");
	expect(2, 1);
	done_is(0, "Ben Ortiz resumed: check-ins and reminders start again");
	error_is(0, "\xe2\x80\x9cresume ben\xe2\x80\x9d: Ben Ortiz is not paused");
	done_is(1, "Anna Lee resumed: check-ins and reminders start again");
	ck_assert_int_eq(count("SELECT count(*) FROM people WHERE coalesce(paused_from, 0) != 0"), 0);
	/* a pause must end after today */
	run("pause anna until today\n");
	expect(0, 1);
	error_is(0, "\xe2\x80\x9cpause anna until today\xe2\x80\x9d: the pause must end after today: give "
	    "the first day back; did you mean `pause anna until Nov 26`?");
}
END_TEST

START_TEST(test_review_and_counter)
{
	run("review anna friday 15:00\nreview anna friday 9:30\n");
	expect(1, 1);
	error_is(0, "\xe2\x80\x9creview anna friday 15:00\xe2\x80\x9d: Fri Nov 27, 22:00\xe2\x80\x93"
	    "22:30 (Asia/Manila) is outside Anna Lee's working hours (Mon-Fri 09:00-17:00 Asia/Manila); "
	    "did you mean `review anna Nov 26 09:00`?");
	done_is(0, "1:1 with Anna Lee scheduled for Fri Nov 27, 09:30\xe2\x80\x93" "10:00 (Europe/Rome) "
	    "(review #1): the invite goes to both of you");
	ck_assert_int_eq(count("SELECT count(*) FROM reviews WHERE period = '2026-W48' AND sequence = 0"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE kind = 'review'"), 2);
	/* the same week again: the 1:1 moves (SEQUENCE+1), no second one */
	run("review anna thursday 9:15\n");
	expect(1, 0);
	done_is(0, "1:1 with Anna Lee moved to Thu Nov 26, 09:15\xe2\x80\x93" "09:45 (Europe/Rome) "
	    "(review #1): the invite goes to both of you");
	ck_assert_int_eq(count("SELECT count(*) FROM reviews"), 1);
	ck_assert_int_eq(count("SELECT sequence FROM reviews WHERE id = 1"), 1);
	ck_assert_int_eq(count("SELECT start_at FROM reviews WHERE id = 1"), (int64_t)at("2026-11-26T08:15:00Z"));
	/* Anna proposes Friday 16:00 her time (09:00 in Rome); then 20:00, outside her hours */
	ck_assert_int_eq(db_run(db, "INSERT INTO rsvps (review_id, attendee, method, partstat, sequence, "
	    "proposed_start, proposed_end, at, status) VALUES (1, 'mailto:anna@example.com', 'COUNTER', "
	    "'NEEDS-ACTION', 1, ?, ?, ?, 'current')", "iii", (int64_t)at("2026-11-27T08:00:00Z"),
	    (int64_t)at("2026-11-27T08:30:00Z"), (int64_t)now_utc()), 0);
	run("accept counter #9\naccept counter #1\naccept counter #1\n");
	expect(1, 2);
	error_is(0, "\xe2\x80\x9c" "accept counter #9\xe2\x80\x9d: no review #9; did you mean "
	    "`accept counter #1`?");
	done_is(0, "review #1 with Anna Lee moved to the proposed time, Fri Nov 27, 09:00\xe2\x80\x93"
	    "09:30 (Europe/Rome)");
	error_is(1, "\xe2\x80\x9c" "accept counter #1\xe2\x80\x9d: review #1 has no counter-proposal to "
	    "accept");
	ck_assert_int_eq(count("SELECT count(*) FROM rsvps WHERE status = 'accepted'"), 1);
	ck_assert_int_eq(count("SELECT start_at FROM reviews WHERE id = 1"), (int64_t)at("2026-11-27T08:00:00Z"));
	ck_assert_int_eq(db_run(db, "INSERT INTO rsvps (review_id, attendee, method, partstat, sequence, "
	    "proposed_start, at, status) VALUES (1, 'mailto:anna@example.com', 'COUNTER', 'NEEDS-ACTION', 2, "
	    "?, ?, 'current')", "ii", (int64_t)at("2026-11-27T12:00:00Z"), (int64_t)now_utc()), 0);
	run("accept counter 1\n");
	expect(0, 1);
	error_is(0, "\xe2\x80\x9c" "accept counter 1\xe2\x80\x9d: the proposed time does not fit: Fri "
	    "Nov 27, 20:00\xe2\x80\x93" "20:30 (Asia/Manila) is outside Anna Lee's working hours (Mon-Fri "
	    "09:00-17:00 Asia/Manila); give another with `review Anna Lee DAY TIME`");
}
END_TEST

START_TEST(test_digest_on_request)
{
	int64_t n = 0;

	run("digest\n");
	expect(1, 0);
	done_is(0, "the digest for last week is on its way to you");
	ck_assert_int_eq(db_int(db, &n, "SELECT count(*) FROM outbox WHERE kind = 'digest' AND rcpts = ?",
	    "t", cfg->manager_email), 0);
	ck_assert_int_eq(n, 1);
	/* on request, not recorded: the scheduled digest still goes out */
	ck_assert_int_eq(db_int(db, &n, "SELECT count(*) FROM digests", ""), 0);
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(test_status)
{
	ck_assert_int_eq(db_run(db, "INSERT INTO checkins (person_id, period, due_at, sent_at, answered_at, "
	    "status) VALUES (1, '2026-W48', ?, ?, ?, 'answered')", "iii", (int64_t)at("2026-11-23T01:00:00Z"),
	    (int64_t)at("2026-11-23T01:00:00Z"), (int64_t)at("2026-11-24T09:00:00Z")), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO checkins (person_id, period, due_at, sent_at, status) "
	    "VALUES (2, '2026-W48', ?, ?, 'sent')", "ii", (int64_t)at("2026-11-23T17:00:00Z"),
	    (int64_t)at("2026-11-23T17:00:00Z")), 0);
	run("pause ben until Jan 3\nstatus\nstatus anna\nstatus ben\n");
	expect(11, 0);
	done_is(1, "people: 1 active, 1 paused (Ben Ortiz until Sun Jan 3)");
	done_is(2, "check-ins of the last 7 days: 1 of 2 answered");
	done_is(3, "open tasks: 3, 1 overdue (#2)");
	done_is(4, "emails: 0 waiting to be sent, 0 failed");
	done_is(5, "Anna Lee: active (Asia/Manila)");
	done_is(6, "last check-in (2026-W48): answered Tue Nov 24");
	done_is(7, "open tasks: #2 Book the offsite venue (due Fri Nov 20, overdue); #1 Prepare the Q4 report "
	    "(due Fri Dec 4)");
	done_is(8, "Ben Ortiz: paused until Sun Jan 3 (America/Los_Angeles)");
	done_is(9, "last check-in (2026-W48): no answer yet, sent Mon Nov 23");
	done_is(10, "open tasks: #3 Update the CRM (due Tue Dec 1)");
}
END_TEST

START_TEST(test_wrong_and_ambiguous_names)
{
	struct person		 anna2;
	struct commands_ctx	 cc;
	struct command_list	 cl;
	struct actions_ctx	 ctx;
	const char		*t = "kudos anan: thanks for the notes\n", *err;

	/* the parser knows the names and suggests the closest */
	run("kudos anan: thanks for the notes\nstatus bne\n");
	expect(0, 2);
	error_is(0, "\xe2\x80\x9ckudos anan: thanks for the notes\xe2\x80\x9d: no one called "
	    "\xe2\x80\x9c" "anan\xe2\x80\x9d; did you mean `kudos Anna: thanks for the notes`?");
	error_is(1, "\xe2\x80\x9cstatus bne\xe2\x80\x9d: no one called \xe2\x80\x9c" "bne\xe2\x80\x9d; did you "
	    "mean `status Ben`?");
	/* without known names, the executor finds the closest person itself */
	memset(&cc, 0, sizeof(cc));
	cc.date = now_utc();
	cc.tzid = "Europe/Rome";
	cc.allow = COMMANDS_MANAGER;
	ck_assert_int_eq(commands_parse(t, strlen(t), &cc, &cl, &err), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.db = db;
	ctx.cfg = cfg;
	ctx.date = now_utc();
	ctx.source = "email";
	ctx.message = -1;
	actions_result_free(&res);
	ck_assert_int_eq(actions_apply(&ctx, t, &cl, &res), 0);
	commands_free(&cl);
	expect(0, 1);
	error_is(0, "\xe2\x80\x9ckudos anan: thanks for the notes\xe2\x80\x9d: no one called "
	    "\xe2\x80\x9c" "anan\xe2\x80\x9d; did you mean `kudos Anna Lee: thanks for the notes`?");
	/* two Annas: the first name is no longer enough */
	add_person(&anna2, "Anna Park", "park@example.com", "Europe/London");
	run("kudos anna: thanks\nkudos anna park: thanks\n");
	expect(1, 1);
	error_is(0, "\xe2\x80\x9ckudos anna: thanks\xe2\x80\x9d: \xe2\x80\x9c" "anna\xe2\x80\x9d is more than "
	    "one person: use the full name; did you mean `kudos Anna Lee: thanks`?");
	done_is(0, "kudos sent to Anna Park: \xe2\x80\x9cthanks\xe2\x80\x9d");
	ck_assert_int_eq(count("SELECT count(*) FROM feedback"), 1);
	person_clear(&anna2);
}
END_TEST

START_TEST(test_parse_errors_in_line_order)
{
	run("mvoe #1 to Dec 8\ndone #1\n#2 done\nhours 30\nwhat is this\n");
	expect(1, 4);
	done_is(0, "task #1 \xe2\x80\x9cPrepare the Q4 report\xe2\x80\x9d (Anna Lee) done");
	error_is(0, "\xe2\x80\x9cmvoe #1 to Dec 8\xe2\x80\x9d: unknown command \xe2\x80\x9cmvoe\xe2\x80\x9d; "
	    "did you mean `move #1 to Dec 8`?");
	error_is(1, "\xe2\x80\x9c#2 done\xe2\x80\x9d: put the verb first; did you mean `done #2`?");
	error_is(2, "\xe2\x80\x9chours 30\xe2\x80\x9d: that corrects a check-in receipt, not a manager command");
	error_is(3, "\xe2\x80\x9cwhat is this\xe2\x80\x9d: not a command (one per line, e.g. `kudos NAME: "
	    "TEXT`, `done #ID`, `move #ID to DATE`, `digest`)");
	ck_assert_uint_eq(res.nlines, 5);
	ck_assert_str_eq(res.first, "mvoe #1 to Dec 8");
}
END_TEST

START_TEST(test_result_text_and_confirmation)
{
	struct mvalue	*d;
	char		*s, *subject = NULL, *text = NULL, *html = NULL, err[256];

	run("done #1\ndone #9\n");
	s = actions_result_text(&res);
	ck_assert_str_eq(s, "Done:\n  - task #1 \xe2\x80\x9cPrepare the Q4 report\xe2\x80\x9d (Anna Lee) done\n"
	    "\nNot done:\n  - \xe2\x80\x9c" "done #9\xe2\x80\x9d: no task #9 (open: #2, #3); did you mean "
	    "`done #3`?\n");
	free(s);
	d = mail_base_data(cfg, NULL);
	actions_confirmation_data(&res, d);
	ck_assert_int_eq(templates_render("command_confirmation", d, &subject, &text, &html, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(subject, "Not done: done #1 (+1 more)");
	ck_assert_ptr_nonnull(strstr(text, "Hi Maria,\n\nI could not do all of that."));
	ck_assert_ptr_nonnull(strstr(text, "  - task #1 \xe2\x80\x9cPrepare the Q4 report\xe2\x80\x9d (Anna Lee) done\n"));
	ck_assert_ptr_nonnull(strstr(text, "Problems:\n  - \xe2\x80\x9c" "done #9\xe2\x80\x9d: no task #9"));
	ck_assert_ptr_nonnull(strstr(html, "did you mean `done #3`?"));
	free(subject);
	free(text);
	free(html);
	mv_free(d);
	actions_result_free(&res);
	s = actions_result_text(&res);
	ck_assert_ptr_nonnull(strstr(s, "No commands found."));
	free(s);
}
END_TEST

/* ---- corrections ---- */

static int64_t
answered_checkin(const struct person *p)
{
	int64_t ck;

	ck_assert_int_eq(db_run(db, "INSERT INTO checkins (person_id, period, due_at, sent_at, answered_at, "
	    "status) VALUES (?, '2026-W48', ?, ?, ?, 'answered')", "iiii", p->id,
	    (int64_t)at("2026-11-23T01:00:00Z"), (int64_t)at("2026-11-23T01:00:00Z"),
	    (int64_t)at("2026-11-24T09:00:00Z")), 0);
	ck = db_last_id(db);
	ck_assert_int_eq(record_put_answer(db, ck, -1, "hours", NULL, 32, NAN, "reply"), 0);
	ck_assert_int_eq(record_put_answer(db, ck, -1, "mood", NULL, 3, NAN, "reply"), 0);
	ck_assert_int_eq(record_put_answer(db, ck, -1, "wins", "Closed the Henderson account.", NAN, NAN,
	    "reply"), 0);
	ck_assert_int_eq(record_put_answer(db, ck, -1, "blockers", "waiting on legal", NAN, NAN, "reply"), 0);
	return ck;
}

START_TEST(test_person_corrections)
{
	int64_t ck = answered_checkin(&anna);

	run_as(&anna, ck, "hours 30\nmood 4\nwins: shipped the onboarding flow\nblockers: none\n"
	    "#1 done\n#2 50%\n");
	expect(6, 0);
	done_is(0, "hours: 30 (was 32)");
	done_is(1, "mood: 4 (was 3)");
	done_is(2, "wins: \xe2\x80\x9cshipped the onboarding flow\xe2\x80\x9d");
	done_is(3, "blockers: none");
	done_is(4, "task #1 \xe2\x80\x9cPrepare the Q4 report\xe2\x80\x9d done");
	done_is(5, "task #2 \xe2\x80\x9c" "Book the offsite venue\xe2\x80\x9d: 50%");
	/* the correction replaces the answer and keeps the history */
	expect_text("SELECT group_concat(num || ':' || source || ':' || (replaced_at IS NULL), ',') FROM "
	    "(SELECT * FROM answers WHERE key = 'hours' ORDER BY id)", "32.0:reply:0,30.0:correction:1");
	ck_assert_int_eq(count("SELECT count(*) FROM answers WHERE key = 'blockers' AND replaced_at IS NULL"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM answers WHERE key = 'blockers_none' AND replaced_at IS NULL"), 1);
	expect_text("SELECT source FROM task_history WHERE task_id = 1 AND kind = 'done'", "reply");
	run_as(&anna, ck, "hours 30-35\n#1 not done\n#2 not done\nblockers: the VPN\n");
	expect(4, 0);
	done_is(0, "hours: 30\xe2\x80\x93" "35 (was 30)");
	done_is(1, "task #1 \xe2\x80\x9cPrepare the Q4 report\xe2\x80\x9d: not done, open again");
	done_is(2, "task #2 \xe2\x80\x9c" "Book the offsite venue\xe2\x80\x9d is open (it was not marked done)");
	done_is(3, "blockers: \xe2\x80\x9cthe VPN\xe2\x80\x9d");
	ck_assert_int_eq(count("SELECT count(*) FROM answers WHERE key = 'blockers_none' AND replaced_at IS NULL"), 0);
	expect_text("SELECT status FROM tasks WHERE id = 1", "open");
}
END_TEST

START_TEST(test_person_near_misses)
{
	struct person	carla;
	int64_t		ck = answered_checkin(&anna), ck2;

	run_as(&anna, ck, "#3 done\n#2 new date yesterday\n#9 blocked: no access\nkudos ben: thanks\nmoood 4\n");
	expect(0, 5);
	error_is(0, "\xe2\x80\x9c#3 done\xe2\x80\x9d: #3 is not one of your tasks (yours: #2, #1); did you "
	    "mean `#2 done`?");
	error_is(1, "\xe2\x80\x9c#2 new date yesterday\xe2\x80\x9d: \xe2\x80\x9cyesterday\xe2\x80\x9d is in the "
	    "past (2026-11-24); did you mean `#2 new date Dec 2`?");
	error_is(2, "\xe2\x80\x9c#9 blocked: no access\xe2\x80\x9d: no task #9 (yours: #2, #1); did you "
	    "mean `#2 blocked: no access`?");
	error_is(3, "\xe2\x80\x9ckudos ben: thanks\xe2\x80\x9d: only the manager can do that");
	error_is(4, "\xe2\x80\x9cmoood 4\xe2\x80\x9d: unknown command \xe2\x80\x9cmoood\xe2\x80\x9d; did you "
	    "mean `mood 4`?");
	ck_assert_int_eq(count("SELECT count(*) FROM task_history WHERE kind != 'created'"), 0);
	expect_text("SELECT status FROM tasks WHERE id = 3", "open");
	/* in UTC 12/8 can be read both ways */
	add_person(&carla, "Carla Diaz", "carla@example.com", "UTC");
	add_task(&carla, "File the invoices", "2026-12-01");		/* #4 */
	ck2 = answered_checkin(&carla);
	run_as(&carla, ck2, "#4 new date 12/8\n#4 new date Dec 8: the client is late\n");
	expect(1, 1);
	error_is(0, "\xe2\x80\x9c#4 new date 12/8\xe2\x80\x9d: \xe2\x80\x9c" "12/8\xe2\x80\x9d could be Aug 12 or "
	    "Dec 8; write the month as a word; did you mean `#4 new date Aug 12`?");
	done_is(0, "task #4 \xe2\x80\x9c" "File the invoices\xe2\x80\x9d moved to Tue Dec 8 (was Tue Dec 1)");
	expect_text("SELECT reason FROM task_history WHERE task_id = 4 AND kind = 'moved'", "the client is late");
	person_clear(&carla);
}
END_TEST

/* ---- mail through record_message() ---- */

/* Store raw as an inbound message, parse it as the worker would and record it. */
static int64_t
deliver(const char *raw)
{
	struct parse_ctx	 pc;
	struct strbuf		 sb = STRBUF_INIT;
	struct person		 p;
	struct jp		*doc;
	size_t			 len = strlen(raw);
	char			*buf = xcalloc(1, len + LIBETPAN_PAD), mid[512], from[256], why[256];
	int64_t			 id;

	memcpy(buf, raw, len);
	ck_assert_int_eq(rawhdr_message_id(buf, len, mid, sizeof(mid)), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO messages (source, uidvalidity, uid, message_id, digest, size, "
	    "received_at) VALUES ('test', 1, (SELECT count(*) + 1 FROM messages), ?, 'x', ?, ?)",
	    "tii", mid, (int64_t)len, (int64_t)now_utc()), 0);
	id = db_last_id(db);
	ck_assert_int_eq(db_run(db, "INSERT INTO message_raw (id, raw) VALUES (?, ?)", "ib", id, buf, len), 0);
	parse_ctx_init(&pc);
	pc.manager = cfg->manager_email;
	pc.now = now_utc();
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(rawhdr_from_addr(buf, len, from, sizeof(from)), 0);
	if (strcmp(from, cfg->manager_email) == 0)
		pc.tz = cfg->manager_tz;
	else if (person_by_address(db, from, &p) == 0)
		pc.tz = p.tz;
	ck_assert_int_ge(parse_message(buf, len, &pc, &sb, 0), 0);
	person_clear(&p);
	free(buf);
	doc = jp_parse(sb_str(&sb), sb.len, why, sizeof(why));
	ck_assert_msg(doc != NULL, "%s", why);
	sb_free(&sb);
	ck_assert_int_eq(db_begin(db), 0);
	ck_assert_int_eq(record_message(db, cfg, id, doc, &rec), 0);
	ck_assert_int_eq(db_commit(db), 0);
	jp_free(doc);
	return id;
}

/* Record a stored message again, as `rapport inbox reprocess` does. */
static void
reprocess(int64_t id)
{
	sqlite3_stmt		*st;
	struct parse_ctx	 pc;
	struct strbuf		 sb = STRBUF_INIT;
	struct jp		*doc;
	char			*raw, why[256];
	size_t			 len;

	st = db_query(db, "SELECT raw FROM message_raw WHERE id = ?", "i", id);
	ck_assert_int_eq(db_step(st), 1);
	len = (size_t)sqlite3_column_bytes(st, 0);
	raw = xcalloc(1, len + LIBETPAN_PAD);
	memcpy(raw, sqlite3_column_blob(st, 0), len);
	db_done(st);
	parse_ctx_init(&pc);
	pc.manager = cfg->manager_email;
	pc.tz = "Asia/Manila";
	pc.now = now_utc();
	ck_assert_int_ge(parse_message(raw, len, &pc, &sb, 0), 0);
	free(raw);
	doc = jp_parse(sb_str(&sb), sb.len, why, sizeof(why));
	sb_free(&sb);
	ck_assert_int_eq(db_begin(db), 0);
	ck_assert_int_eq(record_message(db, cfg, id, doc, &rec), 0);
	ck_assert_int_eq(db_commit(db), 0);
	jp_free(doc);
}

static const char manager_mail[] =
    "From: Maria Rossi <manager@example.com>\r\n"
    "To: agent@example.com\r\n"
    "Subject: Re: Your weekly digest\r\n"
    "Date: Wed, 25 Nov 2026 09:00:00 +0100\r\n"
    "Message-ID: <cmd-1@mail.example.com>\r\n"
    "In-Reply-To: <rapport.digest.48.abc@example.com>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "\r\n"
    "<div>kudos anna: great work on the launch</div>"
    "<div>move #1 to Dec 12</div>"
    "<div>pause ben until Jan 3</div>"
    "<div>mvoe #2 to Dec 8</div>"
    "<div><br></div><div>Maria</div>"
    "<blockquote type=\"cite\">Your digest<br>kudos Anna: thank you</blockquote>\r\n";

START_TEST(test_manager_mail_once)
{
	char	*bytes;
	int64_t	 id, copy;

	id = deliver(manager_mail);
	ck_assert_str_eq(rec.state, "recorded");
	ck_assert_int_eq(count("SELECT count(*) FROM feedback WHERE kind = 'kudos' AND person_id = 1"), 1);
	expect_text("SELECT due FROM tasks WHERE id = 1", "2026-12-12");
	ck_assert_int_eq(count("SELECT count(*) FROM people WHERE id = 2 AND paused_from > 0"), 1);
	expect_text("SELECT source || ' ' || message_id FROM task_history WHERE kind = 'moved'", "email 1");
	/* one confirmation, to the manager, threaded under their mail */
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE kind = 'confirmation'"), 1);
	expect_text("SELECT rcpts || ' | ' || subject FROM outbox WHERE kind = 'confirmation'",
	    "manager@example.com | Not done: kudos anna: great work on the launch (+3 more)");
	bytes = text_of("SELECT CAST(bytes AS TEXT) FROM outbox WHERE kind = 'confirmation'");
	ck_assert_ptr_nonnull(strstr(bytes, "In-Reply-To: <cmd-1@mail.example.com>"));
	ck_assert_ptr_nonnull(strstr(bytes, "Auto-Submitted: auto-replied"));
	free(bytes);
	expect_text("SELECT done || ' ' || errors FROM mail_actions WHERE kind = 'commands'", "3 1");
	/* reprocessed: nothing is done twice */
	reprocess(id);
	ck_assert_str_eq(rec.state, "recorded");
	ck_assert_ptr_nonnull(strstr(rec.why, "not again"));
	ck_assert_int_eq(count("SELECT count(*) FROM feedback"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE kind = 'confirmation'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM events WHERE kind = 'person.pause'"), 1);
	/* the same Message-ID fetched again with other bytes (a copy, a server's added header) */
	bytes = xasprintf("X-Copied: yes\r\n%s", manager_mail);
	copy = deliver(bytes);
	free(bytes);
	ck_assert_int_ne(copy, id);
	ck_assert_ptr_nonnull(strstr(rec.why, "not again"));
	ck_assert_int_eq(count("SELECT count(*) FROM feedback"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE kind = 'confirmation'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM task_history WHERE kind = 'moved'"), 1);
}
END_TEST

START_TEST(test_forged_manager_is_quarantined)
{
	const char *forged =
	    "From: Maria Rossi <manager@example.com.evil.test>\r\n"
	    "Reply-To: manager@example.com\r\n"
	    "To: agent@example.com\r\n"
	    "Subject: Re: Your weekly digest\r\n"
	    "Date: Wed, 25 Nov 2026 09:00:00 +0100\r\n"
	    "Message-ID: <forged-1@evil.test>\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "\r\n"
	    "cancel #1\r\npause anna\r\nkudos ben: you are fired\r\n";
	const char *named =
	    "From: \"manager@example.com\" <someone@evil.test>\r\n"
	    "To: agent@example.com\r\n"
	    "Subject: commands\r\n"
	    "Date: Wed, 25 Nov 2026 09:00:00 +0100\r\n"
	    "Message-ID: <forged-2@evil.test>\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "\r\n"
	    "cancel #1\r\n";

	deliver(forged);
	ck_assert_str_eq(rec.state, "quarantined");
	deliver(named);
	ck_assert_str_eq(rec.state, "quarantined");
	ck_assert_ptr_nonnull(strstr(rec.why, "someone@evil.test"));
	expect_text("SELECT status FROM tasks WHERE id = 1", "open");
	ck_assert_int_eq(count("SELECT count(*) FROM feedback"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM people WHERE paused_from > 0"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM mail_actions"), 0);
}
END_TEST

START_TEST(test_manager_auto_reply_and_chatter)
{
	const char *ooo =
	    "From: Maria Rossi <manager@example.com>\r\n"
	    "To: agent@example.com\r\n"
	    "Subject: Out of office: Done: kudos anna\r\n"
	    "Auto-Submitted: auto-replied\r\n"
	    "Date: Wed, 25 Nov 2026 09:00:00 +0100\r\n"
	    "Message-ID: <ooo-1@mail.example.com>\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "\r\n"
	    "I am out of the office until Monday.\r\n";
	const char *thanks =
	    "From: Maria Rossi <manager@example.com>\r\n"
	    "To: agent@example.com\r\n"
	    "Subject: Re: Done\r\n"
	    "Date: Wed, 25 Nov 2026 09:00:00 +0100\r\n"
	    "Message-ID: <thanks-1@mail.example.com>\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "\r\n"
	    "Thanks!\r\n\r\nMaria\r\n";

	deliver(ooo);
	ck_assert_str_eq(rec.state, "ignored");
	deliver(thanks);
	ck_assert_str_eq(rec.state, "ignored");
	ck_assert_str_eq(rec.why, "no commands in the manager's mail");
	ck_assert_int_eq(count("SELECT count(*) FROM outbox"), 0);
}
END_TEST

/* ---- receipts ---- */

/* A check-in sent to anna, and its Message-ID. */
static int64_t
sent_checkin(char *mid, size_t len)
{
	int64_t	 ck;
	char	*m;

	ck_assert_int_eq(db_run(db, "INSERT INTO checkins (person_id, period, due_at, sent_at, status) "
	    "VALUES (1, '2026-W48', ?, ?, 'sent')", "ii", (int64_t)at("2026-11-25T01:00:00Z"),
	    (int64_t)at("2026-11-25T01:00:00Z")), 0);
	ck = db_last_id(db);
	ck_assert_int_eq(mail_checkin(db, cfg, &anna, ck, "2026-W48", now_utc()), 0);
	m = text_of("SELECT message_id FROM outbox WHERE kind = 'checkin'");
	snprintf(mid, len, "<%s>", m);
	free(m);
	return ck;
}

static char *
answer_mail(const char *mid, const char *msgid, const char *body)
{
	return xasprintf("From: Anna Lee <anna@example.com>\r\nTo: agent@example.com\r\n"
	    "Subject: Re: Weekly check-in\r\nDate: Wed, 25 Nov 2026 16:30:00 +0800\r\n"
	    "Message-ID: %s\r\nIn-Reply-To: %s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s",
	    msgid, mid, body);
}

START_TEST(test_receipt_and_correction)
{
	char	 mid[256], *raw, *rmid, *bytes;
	int64_t	 ck, id;

	ck = sent_checkin(mid, sizeof(mid));
	raw = answer_mail(mid, "<anna-1@phone.example>", "1. Closed the Henderson account.\r\n"
	    "2. The Q4 report\r\n3. none\r\n4. Finish the report\r\n5. 32\r\n6. 3\r\n7. nothing\r\n\r\n#1 done\r\n");
	id = deliver(raw);
	free(raw);
	ck_assert_str_eq(rec.state, "recorded");
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE kind = 'receipt'"), 1);
	expect_text("SELECT rcpts || ' | ' || subject FROM outbox WHERE kind = 'receipt'",
	    "anna@example.com | Got it: your check-in for the week of Nov 23");
	bytes = text_of("SELECT CAST(bytes AS TEXT) FROM outbox WHERE kind = 'receipt'");
	ck_assert_ptr_nonnull(strstr(bytes, "In-Reply-To: <anna-1@phone.example>"));
	ck_assert_ptr_nonnull(strstr(bytes, "Auto-Submitted: auto-replied"));
	free(bytes);
	bytes = outbox_body("SELECT bytes FROM outbox WHERE kind = 'receipt'");
	ck_assert_ptr_nonnull(strstr(bytes, "1. Wins this week: Closed the Henderson account.\n"));
	ck_assert_ptr_nonnull(strstr(bytes, "3. Blockers: none\n"));
	ck_assert_ptr_nonnull(strstr(bytes, "5. Hours worked: 32\n"));
	ck_assert_ptr_nonnull(strstr(bytes, "6. Mood (1\xe2\x80\x93" "5): 3\n"));
	ck_assert_ptr_nonnull(strstr(bytes, "#1 Prepare the Q4 report: done\n"));
	ck_assert_ptr_nonnull(strstr(bytes, "\"hours 30\", \"mood 4\", \"#12 not done\""));
	free(bytes);
	/* reprocessed: the answer is recorded again, the receipt not sent again */
	reprocess(id);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE kind = 'receipt'"), 1);
	/* Anna replies to the receipt with corrections, from an HTML client */
	rmid = text_of("SELECT '<' || message_id || '>' FROM outbox WHERE kind = 'receipt'");
	raw = xasprintf("From: Anna Lee <anna@example.com>\r\nTo: agent@example.com\r\n"
	    "Subject: Re: Got it\r\nDate: Wed, 25 Nov 2026 17:00:00 +0800\r\n"
	    "Message-ID: <anna-2@phone.example>\r\nIn-Reply-To: %s\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n\r\n"
	    "<div>hours 30</div><div>#1 not done</div><div>I was sick on Monday</div><br>"
	    "<div class=\"gmail_quote\">On Wed rapport wrote:<blockquote>5. Hours worked: 32</blockquote></div>",
	    rmid);
	id = deliver(raw);
	free(raw);
	free(rmid);
	ck_assert_str_eq(rec.state, "recorded");
	expect_text("SELECT num FROM answers WHERE key = 'hours' AND replaced_at IS NULL", "30.0");
	ck_assert_int_eq(count("SELECT count(*) FROM answers WHERE key = 'hours' AND source = 'correction'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM answers WHERE key = 'hours'"), 3);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE kind = 'receipt'"), 2);
	expect_text("SELECT subject FROM outbox WHERE kind = 'receipt' ORDER BY id DESC LIMIT 1",
	    "Updated: your check-in for the week of Nov 23");
	bytes = outbox_body("SELECT bytes FROM outbox WHERE kind = 'receipt' ORDER BY id DESC LIMIT 1");
	ck_assert_ptr_nonnull(strstr(bytes, "Corrected:\n  - hours: 30 (was 32)\n  - task #1 "
	    "\xe2\x80\x9cPrepare the Q4 report\xe2\x80\x9d: not done, open again\n"));
	ck_assert_ptr_nonnull(strstr(bytes, "5. Hours worked: 30"));
	ck_assert_ptr_nonnull(strstr(bytes, "Not understood (nothing was changed for these lines):\n"
	    "  - \xe2\x80\x9cI was sick on Monday\xe2\x80\x9d"));
	free(bytes);
	expect_text("SELECT done || ' ' || errors FROM mail_actions WHERE kind = 'correction'", "2 1");
	reprocess(id);
	ck_assert_int_eq(count("SELECT count(*) FROM answers WHERE key = 'hours'"), 3);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE kind = 'receipt'"), 2);
	(void)ck;
}
END_TEST

START_TEST(test_receipt_fresh_answer_and_opt_out)
{
	char	 mid[256], *raw, *rmid;

	sent_checkin(mid, sizeof(mid));
	raw = answer_mail(mid, "<anna-1@phone.example>", "Hours: 20\r\n");
	deliver(raw);
	free(raw);
	/* a reply to the receipt that answers afresh is recorded as an answer */
	rmid = text_of("SELECT '<' || message_id || '>' FROM outbox WHERE kind = 'receipt'");
	raw = xasprintf("From: Anna Lee <anna@example.com>\r\nTo: agent@example.com\r\nSubject: Re: Got it\r\n"
	    "Date: Wed, 25 Nov 2026 17:00:00 +0800\r\nMessage-ID: <anna-3@phone.example>\r\n"
	    "In-Reply-To: %s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	    "Wins: I also closed the Acme deal\r\nHours worked: 25\r\n", rmid);
	free(rmid);
	deliver(raw);
	free(raw);
	expect_text("SELECT text FROM answers WHERE key = 'wins' AND replaced_at IS NULL",
	    "I also closed the Acme deal");
	expect_text("SELECT num FROM answers WHERE key = 'hours' AND replaced_at IS NULL", "25.0");
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE kind = 'receipt'"), 2);
	/* receipts off for Anna: none */
	anna.receipts = 0;
	ck_assert_int_eq(person_update(db, &anna), 0);
	raw = answer_mail(mid, "<anna-4@phone.example>", "Hours: 21\r\n");
	deliver(raw);
	free(raw);
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE kind = 'receipt'"), 2);
	expect_text("SELECT num FROM answers WHERE key = 'hours' AND replaced_at IS NULL", "21.0");
}
END_TEST

START_TEST(test_receipts_off_in_config)
{
	char mid[256], *raw;

	ck_assert_int_eq(cfg->receipts, 0);
	sent_checkin(mid, sizeof(mid));
	raw = answer_mail(mid, "<anna-1@phone.example>", "Hours: 20\r\n");
	deliver(raw);
	free(raw);
	ck_assert_str_eq(rec.state, "recorded");
	ck_assert_int_eq(count("SELECT count(*) FROM outbox WHERE kind = 'receipt'"), 0);
}
END_TEST

static void
setup_no_receipts(void)
{
	setup_with("receipts = no\n");
}

/* ---- the digest's suggestions ---- */

START_TEST(test_suggestions_parse_back)
{
	struct actions_suggestion	*v;
	struct commands_ctx		 cc;
	struct command_list		 cl;
	const char *const		 names[] = { "Anna Lee", "Anna", "Ben Ortiz", "Ben" };
	const char			*err;
	size_t				 n, i;
	int64_t				 gid;
	char				 why[128];

	ck_assert_int_eq(task_done(db, 1, "cli", -1, why, sizeof(why)), 0);
	ck_assert_int_eq(goal_add(db, 2, "Inbox under 20 emails", NULL, NAN, NULL, &gid), 0);
	ck_assert_int_eq(goal_done(db, gid, "cli", why, sizeof(why)), 0);
	ck_assert_int_eq(actions_suggest(db, cfg, at("2026-11-23T00:00:00Z"), at("2026-11-30T00:00:00Z"),
	    now_utc(), &v, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0].line, "kudos Anna: thank you for finishing \xe2\x80\x9cPrepare the Q4 "
	    "report\xe2\x80\x9d!");
	ck_assert_str_eq(v[1].line, "kudos Ben: congratulations on reaching your goal \xe2\x80\x9cInbox "
	    "under 20 emails\xe2\x80\x9d!");
	ck_assert_str_eq(v[2].line, "move #2 to Dec 2");	/* #3 is due Dec 1: not late that week */
	ck_assert_str_eq(v[0].kind, "kudos");
	ck_assert_int_eq(v[0].ref, 1);
	ck_assert_int_eq(v[1].person_id, 2);
	ck_assert_int_eq(v[1].ref, gid);
	ck_assert_str_eq(v[2].kind, "move");
	ck_assert_int_eq(v[2].ref, 2);
	ck_assert_int_eq(v[2].person_id, 1);
	/* each line is one command the manager can send back as it is */
	memset(&cc, 0, sizeof(cc));
	cc.date = now_utc();
	cc.tzid = cfg->manager_tz;
	cc.names = names;
	cc.nnames = 4;
	cc.allow = COMMANDS_MANAGER;
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(commands_parse(v[i].line, strlen(v[i].line), &cc, &cl, &err), 0);
		ck_assert_msg(cl.ncmds == 1 && cl.nerrs == 0, "%s", v[i].line);
		commands_free(&cl);
	}
	actions_suggest_free(v, n);
	/* a week with nothing to celebrate and nothing overdue */
	ck_assert_int_eq(actions_suggest(db, cfg, at("2026-11-09T00:00:00Z"), at("2026-11-16T00:00:00Z"),
	    now_utc(), &v, &n), 0);
	ck_assert_uint_eq(n, 0);
	actions_suggest_free(v, n);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("actions");
	TCase	*tc = tcase_create("core"), *off = tcase_create("receipts off");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_kudos_praise_feedback);
	tcase_add_test(tc, test_task_and_goal);
	tcase_add_test(tc, test_done_cancel_move);
	tcase_add_test(tc, test_unknown_task_id);
	tcase_add_test(tc, test_past_and_ambiguous_dates);
	tcase_add_test(tc, test_pause_resume);
	tcase_add_test(tc, test_review_and_counter);
	tcase_add_test(tc, test_digest_on_request);
	tcase_add_test(tc, test_status);
	tcase_add_test(tc, test_wrong_and_ambiguous_names);
	tcase_add_test(tc, test_parse_errors_in_line_order);
	tcase_add_test(tc, test_result_text_and_confirmation);
	tcase_add_test(tc, test_person_corrections);
	tcase_add_test(tc, test_person_near_misses);
	tcase_add_test(tc, test_manager_mail_once);
	tcase_add_test(tc, test_forged_manager_is_quarantined);
	tcase_add_test(tc, test_manager_auto_reply_and_chatter);
	tcase_add_test(tc, test_receipt_and_correction);
	tcase_add_test(tc, test_receipt_fresh_answer_and_opt_out);
	tcase_add_test(tc, test_suggestions_parse_back);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(off, setup_no_receipts, teardown);
	tcase_add_test(off, test_receipts_off_in_config);
	suite_add_tcase(s, off);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
