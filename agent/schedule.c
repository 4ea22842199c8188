/* schedule.c: what is due for each person, and queueing it; see schedule.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "people.h"
#include "schedule.h"
#include "tasks.h"
#include "util.h"
#include "validate.h"
#include "worktime.h"

#define STALE_CHECKIN	(3 * 86400)	/* a check-in more than 3 days late is skipped */
#define STALE_SURVEY	(7 * 86400)
#define FAR_FUTURE	((time_t)4102444800)	/* 2100-01-01 */

const char *
sched_kind_name(enum sched_kind k)
{
	static const char *names[] = { "check-in", "reminder", "follow-up", "survey", "1:1 review",
	    "monthly review", "digest" };

	return names[k];
}

void
schedule_worktime(const struct person *p, struct wt_pause *pause, struct worktime *wt)
{
	memset(wt, 0, sizeof(*wt));
	wt->tz = p->tz;
	wt->days = p->days;
	wt->start_min = p->day_start;
	wt->end_min = p->day_end;
	if (p->paused_from > 0) {
		pause->from = p->paused_from;
		pause->to = p->paused_until > 0 ? p->paused_until : FAR_FUTURE;
		wt->pauses = pause;
		wt->npauses = 1;
	}
}

int
schedule_manager_worktime(const struct config *c, struct worktime *wt)
{
	char	why[128];

	memset(wt, 0, sizeof(*wt));
	wt->tz = c->manager_tz;
	if (worktime_parse_days(c->manager_days, &wt->days, why, sizeof(why)) == -1 ||
	    worktime_parse_hours(c->manager_hours, &wt->start_min, &wt->end_min, why, sizeof(why)) == -1)
		return -1;
	return 0;
}

int
schedule_working_add(const struct worktime *wt, time_t t, long seconds, time_t *out)
{
	time_t	 a, day_start, day_end, block_end;
	int	 i, y, m, d;
	char	 date[16];

	for (i = 0; i < 800; i++) {
		if (worktime_next_allowed(wt, t, &a) == -1)
			return -1;
		zone_date(wt->tz, a, date, sizeof(date));
		if (sscanf(date, "%d-%d-%d", &y, &m, &d) != 3 ||
		    worktime_day_bounds(wt->tz, y, m, d, &day_start, &day_end) == -1)
			return -1;
		block_end = zone_instant(wt->tz, date, wt->end_min >= 1440 ? 1439 : wt->end_min);
		if (wt->end_min >= 1440)
			block_end = day_end;
		if (block_end <= a) {
			t = day_end;
			continue;
		}
		if (seconds <= block_end - a) {
			*out = a + seconds;
			return 0;
		}
		seconds -= (long)(block_end - a);
		t = block_end;
	}
	return -1;
}

int
schedule_sent_today(struct db *db, const struct person *p, time_t t, int64_t *n)
{
	char	date[16];
	time_t	start, end;
	int	y, m, d;

	zone_date(p->tz, t, date, sizeof(date));
	if (sscanf(date, "%d-%d-%d", &y, &m, &d) != 3 ||
	    worktime_day_bounds(p->tz, y, m, d, &start, &end) == -1)
		return -1;
	return db_int(db, n, "SELECT count(*) FROM outbox WHERE person_id = ? AND created_at >= ? "
	    "AND created_at < ?", "iii", p->id, (int64_t)start, (int64_t)end) == -1 ? -1 : 0;
}

/* The latest occurrence of rrule at or before now, no older than max_age. 0, 1 none, -1. */
static int
latest_occurrence(const char *rrule, const struct person *p, time_t now, long max_age, time_t *out)
{
	time_t	t = now - max_age, next, last = 0;
	int	i, r;

	for (i = 0; i < 64; i++) {
		r = worktime_rrule_next(rrule, p->tz, p->created_at, p->day_start, t, &next, NULL, 0);
		if (r != 0 || next > now)
			break;
		last = next;
		t = next + 60;
	}
	if (last == 0 || last < p->created_at)
		return 1;
	*out = last;
	return 0;
}

static const char *
checkin_rule(const struct config *c, const struct person *p)
{
	return p->checkin_rrule != NULL ? p->checkin_rrule : c->checkin_rrule;
}

int
schedule_may_send(struct db *db, const struct config *c, const struct person *p, time_t now,
    struct tick_stats *ts)
{
	struct wt_pause	pause;
	struct worktime	wt;
	int64_t		n = 0;

	schedule_worktime(p, &pause, &wt);
	if (!worktime_allowed(&wt, now))
		return 0;
	if (schedule_sent_today(db, p, now, &n) == -1 || n >= c->daily_cap) {
		if (ts != NULL)
			ts->capped++;
		return 0;
	}
	return 1;
}

/* Run one item in its own transaction. */
static int
in_tx(struct db *db, struct tick_stats *ts, enum sched_kind k, int r)
{
	if (r == 0 && db_commit(db) == 0) {
		ts->queued[k]++;
		return 0;
	}
	db_rollback(db);
	ts->errors++;
	return -1;
}

static int
tick_checkin(struct db *db, const struct config *c, const struct person *p, time_t now,
    struct tick_stats *ts)
{
	struct wt_pause	 pause;
	struct worktime	 wt;
	time_t		 due, send_at;
	char		 period[16];
	int64_t		 id;
	int		 r;

	if (latest_occurrence(checkin_rule(c, p), p, now, STALE_CHECKIN, &due) != 0)
		return 0;
	if (worktime_week_label(p->tz, due, period, sizeof(period)) == -1)
		return 0;
	if (db_int(db, &id, "SELECT id FROM checkins WHERE person_id = ? AND period = ?", "it", p->id,
	    period) != 1)
		return 0;	/* already sent this week (or a database error, retried next tick) */
	schedule_worktime(p, &pause, &wt);
	if (worktime_next_allowed(&wt, due, &send_at) == -1 || send_at > now ||
	    send_at > due + STALE_CHECKIN || !schedule_may_send(db, c, p, now, ts))
		return 0;
	if (db_begin(db) == -1)
		return -1;
	r = db_run(db, "INSERT INTO checkins (person_id, period, due_at, sent_at, status) "
	    "VALUES (?, ?, ?, ?, 'sent')", "itii", p->id, period, (int64_t)due, (int64_t)now);
	if (r == 0)
		r = mail_checkin(db, c, p, db_last_id(db), period, now);
	return in_tx(db, ts, SCHED_CHECKIN, r);
}

/* Away: an out-of-office reply whose return date has not come (7 days without one). */
static int
is_away(struct db *db, const struct person *p, time_t now)
{
	char	today[16];
	int64_t	n = 0;

	zone_date(p->tz, now, today, sizeof(today));
	if (db_int(db, &n, "SELECT count(*) FROM absences WHERE person_id = ? AND "
	    "((until_date IS NOT NULL AND until_date > ?) OR (until_date IS NULL AND from_at > ?))",
	    "iti", p->id, today, (int64_t)(now - 7 * 86400)) == -1)
		return 0;
	return n > 0;
}

static int
tick_reminder(struct db *db, const struct config *c, const struct person *p, time_t now,
    struct tick_stats *ts)
{
	struct wt_pause	 pause;
	struct worktime	 wt;
	sqlite3_stmt	*st;
	time_t		 sent, due;
	int64_t		 id;
	int		 r;

	st = db_query(db, "SELECT id, sent_at FROM checkins WHERE person_id = ? AND status = 'sent' "
	    "AND reminder_at IS NULL AND sent_at > ? ORDER BY sent_at DESC LIMIT 1", "ii", p->id,
	    (int64_t)(now - 7 * 86400));
	if (st == NULL)
		return -1;
	r = db_step(st);
	if (r == 1) {
		id = sqlite3_column_int64(st, 0);
		sent = (time_t)sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (r != 1)
		return 0;
	schedule_worktime(p, &pause, &wt);
	if (schedule_working_add(&wt, sent, c->reminder_after, &due) == -1 || due > now ||
	    is_away(db, p, now) || !schedule_may_send(db, c, p, now, ts))
		return 0;
	if (db_begin(db) == -1)
		return -1;
	r = db_run(db, "UPDATE checkins SET reminder_at = ? WHERE id = ?", "ii", (int64_t)now, id);
	if (r == 0)
		r = mail_reminder(db, c, p, id, now);
	return in_tx(db, ts, SCHED_REMINDER, r);
}

static int
tick_followups(struct db *db, const struct config *c, const struct person *p, time_t now,
    struct tick_stats *ts)
{
	struct wt_pause	 pause;
	struct worktime	 wt;
	struct task	*v;
	size_t		 n, i;
	char		 today[16];
	time_t		 at;
	int64_t		 seen;
	int		 y, m, d, r = 0;

	zone_date(p->tz, now, today, sizeof(today));
	if (task_list(db, p->id, TASK_OPEN, today, &v, &n) == -1)
		return -1;
	schedule_worktime(p, &pause, &wt);
	for (i = 0; i < n && r == 0; i++) {
		if (db_int(db, &seen, "SELECT count(*) FROM task_history WHERE task_id = ? AND kind = 'missed' "
		    "AND old_due = ?", "it", v[i].id, v[i].due) != 0 || seen > 0)
			continue;
		if (sscanf(v[i].due, "%d-%d-%d", &y, &m, &d) != 3 ||
		    worktime_morning_after(&wt, y, m, d, &at) == -1 || at > now ||
		    !schedule_may_send(db, c, p, now, ts))
			continue;
		if (db_begin(db) == -1) {
			r = -1;
			break;
		}
		r = db_run(db, "INSERT INTO task_history (task_id, at, kind, old_due, source) "
		    "VALUES (?, ?, 'missed', ?, 'schedule')", "iit", v[i].id, (int64_t)now, v[i].due);
		if (r == 0)
			r = mail_followup(db, c, p, &v[i], now);
		(void)in_tx(db, ts, SCHED_FOLLOWUP, r);	/* one task failing must not stop the others */
		r = 0;
	}
	task_list_free(v, n);
	return r;
}

static int
tick_survey(struct db *db, const struct config *c, const struct person *p, time_t now,
    struct tick_stats *ts)
{
	struct wt_pause	 pause;
	struct worktime	 wt;
	time_t		 due, send_at;
	char		 month[16];
	int64_t		 id;
	int		 r;

	if (latest_occurrence(c->survey_rrule, p, now, STALE_SURVEY, &due) != 0)
		return 0;
	zone_date(p->tz, due, month, sizeof(month));
	month[7] = '\0';
	if (db_int(db, &id, "SELECT id FROM surveys WHERE person_id = ? AND period = ?", "it", p->id,
	    month) != 1)
		return 0;
	schedule_worktime(p, &pause, &wt);
	if (worktime_next_allowed(&wt, due, &send_at) == -1 || send_at > now ||
	    !schedule_may_send(db, c, p, now, ts))
		return 0;
	if (db_begin(db) == -1)
		return -1;
	r = db_run(db, "INSERT INTO surveys (person_id, period, sent_at) VALUES (?, ?, ?)", "iti",
	    p->id, month, (int64_t)now);
	if (r == 0)
		r = mail_survey(db, c, p, db_last_id(db), month, now);
	return in_tx(db, ts, SCHED_SURVEY, r);
}

int
schedule_tick(struct db *db, const struct config *c, time_t now, struct tick_stats *ts)
{
	struct person	*v;
	size_t		 n, i;

	memset(ts, 0, sizeof(*ts));
	if (person_list(db, 0, &v, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		const struct person *p = &v[i];

		/* In order of importance: the daily cap keeps the first ones. */
		if (tick_checkin(db, c, p, now, ts) == -1 ||
		    tick_followups(db, c, p, now, ts) == -1 ||
		    tick_reminder(db, c, p, now, ts) == -1 ||
		    tick_survey(db, c, p, now, ts) == -1 ||
		    mail_tick_reviews(db, c, p, now, &ts->queued[SCHED_REVIEW]) == -1)
			log_error("schedule: %s: %s", p->name, db_errmsg(db));
	}
	person_list_free(v, n);
	if (mail_tick_digest(db, c, now, &ts->queued[SCHED_DIGEST]) == -1)
		log_error("schedule: digest: %s", db_errmsg(db));
	return 0;
}

/* --- planning: the next of each kind, without changing anything */

static void
add_item(struct sched_item **v, size_t *n, enum sched_kind k, int64_t pid, time_t due, time_t send,
    const char *period, const char *what)
{
	struct sched_item *it;

	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	it = &(*v)[(*n)++];
	memset(it, 0, sizeof(*it));
	it->kind = k;
	it->person_id = pid;
	it->ref = -1;
	it->due = due;
	it->send_at = send;
	strlcpy_r(it->period, period != NULL ? period : "", sizeof(it->period));
	strlcpy_r(it->what, what != NULL ? what : "", sizeof(it->what));
}

static void
plan_person(struct db *db, const struct config *c, const struct person *p, time_t now,
    struct sched_item **v, size_t *n)
{
	struct wt_pause	 pause;
	struct worktime	 wt;
	time_t		 next, send;
	char		 period[16];
	int		 i;

	schedule_worktime(p, &pause, &wt);
	/* the next check-in not yet sent */
	for (i = 0, next = now - STALE_CHECKIN; i < 4; i++, next += 60) {
		int64_t id;
		if (worktime_rrule_next(checkin_rule(c, p), p->tz, p->created_at, p->day_start, next,
		    &next, NULL, 0) != 0)
			break;
		if (worktime_week_label(p->tz, next, period, sizeof(period)) == -1)
			break;
		if (db_int(db, &id, "SELECT id FROM checkins WHERE person_id = ? AND period = ?", "it",
		    p->id, period) == 1) {
			if (worktime_next_allowed(&wt, next > now ? next : now, &send) == 0)
				add_item(v, n, SCHED_CHECKIN, p->id, next, send, period, "weekly check-in");
			break;
		}
	}
	if (worktime_rrule_next(c->survey_rrule, p->tz, p->created_at, p->day_start, now, &next, NULL, 0) == 0 &&
	    worktime_next_allowed(&wt, next, &send) == 0) {
		zone_date(p->tz, next, period, sizeof(period));
		period[7] = '\0';
		add_item(v, n, SCHED_SURVEY, p->id, next, send, period, "monthly support survey");
	}
}

int
schedule_plan(struct db *db, const struct config *c, time_t now, struct sched_item **items, size_t *np)
{
	struct person	*v;
	size_t		 n, i;
	time_t		 next;

	*items = NULL;
	*np = 0;
	if (person_list(db, 0, &v, &n) == -1)
		return -1;
	for (i = 0; i < n; i++)
		plan_person(db, c, &v[i], now, items, np);
	person_list_free(v, n);
	if (worktime_rrule_next(c->digest_rrule, c->manager_tz, now - 7 * 86400, 8 * 60, now, &next,
	    NULL, 0) == 0)
		add_item(items, np, SCHED_DIGEST, -1, next, next, NULL, "weekly digest to the manager");
	return 0;
}
